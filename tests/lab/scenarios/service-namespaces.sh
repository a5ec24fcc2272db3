#!/bin/bash
# The kernel facts issue 16's design stands on (docs/design-nfs-state-per-
# service.md), with plain tools before any agent depends on them: two NFS
# services on one kernel, each in its own network, mount and UTS namespaces
# with its own rpcbind, rpc.statd, nfsdcld, rpc.mountd and nfsd threads, its
# state (/var/lib/nfs) on its own filesystem. NFSv3 and NFSv4.2 clients in
# the initial namespace reach each service over a veth pair. Locks are
# checked where the server holds them: /proc/locks, by device and inode.
#
# EXPECT:
#  (a) in a network namespace nfsd tracks NFSv4 clients with nfsdcld: no
#      records, no grace; after a restart (a takeover on this node) grace
#      ends once the recorded client has reclaimed, long before its 60 s;
#  (b) a client's NSM record is in the service's state directory when its
#      first NFSv3 lock is granted (statd writes it O_SYNC before it answers
#      SM_MON), and in no other service's;
#  (c) stopping one service's threads, or taking it over, leaves the other
#      service's locks on the server and its clients' I/O working;
#  MEASURED (results, not judged): the first new open and the first new
#  NFSv4 lock after each takeover, with lockd's grace (the global
#  nlm_grace_period, read when lockd starts in a net) at 30 s, then 10 s:
#  new NFSv4 locks wait for lockd's grace as well as nfsd's
#  (locks_in_grace: any lock manager of the net), except so far in the
#  second takeover at 10 s (design doc, fact 4, not explained yet).
set -uo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/locks.sh"

lab_modules dm-mod loop nfsd nfs nfsv3 nfsv4 veth
ip link set lo up
lab_lvm_init
lab_vg_create vgns 256
lab_rpc_start   # the clients' rpcbind and statd (initial namespace)
# sm-notify sends a name, never a bare address (as nfs-notify uses it).
printf '198.18.1.2 s1-svc\n198.18.2.2 s2-svc\n' >>/etc/hosts
# unshare --mount=FILE needs FILE on a private mount.
mkdir -p /run/hanfs /run/lab
mount --bind /run/hanfs /run/hanfs && mount --make-private /run/hanfs

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
inns() { local s=$1; shift; nsenter --net=/run/hanfs/$s/net --mount=/run/hanfs/$s/mnt --uts=/run/hanfs/$s/uts -- "$@"; }

for s in s1 s2; do
  lab_run lvcreate -q -y -n $s -L 96M vgns
  lab_run mkfs.ext4 -q /dev/vgns/$s
  mkdir -p /srv/$s && lab_run mount /dev/vgns/$s /srv/$s
  mkdir -p /srv/$s/.nfs/{sm,sm.bak,nfsdcld,v4recovery,rpc_pipefs} /srv/$s/data
  : >/srv/$s/.nfs/etab; : >/srv/$s/.nfs/rmtab
  echo "file of $s" >/srv/$s/data/f
done

# svc_up S IDX: the namespaces, the mounts inside, the daemons, the threads
# (grace 60 s, lease 10 s), the address 198.18.IDX.2 and the exports.
svc_up() {
  local s=$1 i=$2 d=/run/hanfs/$1
  mkdir -p $d && touch $d/net $d/mnt $d/uts
  unshare --net=$d/net --mount=$d/mnt --uts=$d/uts --propagation slave true || lab_fail "unshare for $s"
  # The node's /run and rpc_pipefs are the node's: each service has its
  # own (nfs.conf's pipefs-directory is /run/rpc_pipefs).
  inns $s sh -ec "hostname $s-scope; ip link set lo up
    mount --bind /srv/$s/.nfs /var/lib/nfs
    mount -t tmpfs -o mode=0755 $s-run /run; mkdir -p /run/rpcbind /run/rpc_pipefs
    mount -t rpc_pipefs sunrpc /run/rpc_pipefs
    mount -t nfsd nfsd /proc/fs/nfsd
    mkdir -p /run/v4root/data; mount --bind /srv/$s/data /run/v4root/data" || lab_fail "mounts inside $s"
  inns $s rpcbind -w || lab_fail "rpcbind in $s"
  inns $s rpc.statd --no-notify || lab_fail "rpc.statd in $s"
  inns $s nfsdcld -F -d >/run/lab/nfsdcld-$s.log 2>&1 &
  sleep 1
  kill -0 $! 2>/dev/null || lab_fail "nfsdcld in $s: $(tail -3 /run/lab/nfsdcld-$s.log)"
  inns $s sh -c 'echo 10 >/proc/fs/nfsd/nfsv4leasetime; echo 60 >/proc/fs/nfsd/nfsv4gracetime'
  inns $s rpc.mountd || lab_fail "rpc.mountd in $s"
  now >$d/threads-started
  inns $s rpc.nfsd 4 || lab_fail "rpc.nfsd in $s"
  ip link add h$s type veth peer name n$s
  ip link set n$s netns $d/net
  ip addr add 198.18.$i.1/24 dev h$s && ip link set h$s up
  inns $s ip addr add 198.18.$i.2/24 dev n$s && inns $s ip link set n$s up
  inns $s exportfs -o ro,fsid=0,crossmnt,no_subtree_check "198.18.$i.0/24:/run/v4root"
  inns $s exportfs -o rw,no_root_squash,sync,no_subtree_check,fsid=$((100 + i)) "198.18.$i.0/24:/run/v4root/data" \
    || lab_fail "exportfs in $s"
  lab_log "$s up: $(inns $s cat /proc/fs/nfsd/threads) threads, host name $(inns $s hostname)"
}

# svc_down S: the address, the exports, the threads, the daemons, the
# namespaces (the last reference to them goes with the daemons).
svc_down() {
  local s=$1 d=/run/hanfs/$1 p net
  net=$(inns $s readlink /proc/self/ns/net)
  inns $s ip link del n$s
  inns $s exportfs -ua
  inns $s rpc.nfsd 0
  for p in $(pgrep -x 'rpcbind|rpc.statd|nfsdcld|rpc.mountd'); do
    [[ $(readlink /proc/$p/ns/net) == "$net" ]] && kill $p
  done
  sleep 1
  umount $d/net $d/mnt $d/uts
  lab_log "$s down"
}

s1_reclaimed() { [[ $(held s1 v4lock v3lock) == "v4lock v3lock" ]]; }
client_io() { echo "$2" >>/mnt/$1/f && grep -q "$2" /mnt/$1/f; }

# --- start: no records, no grace ----------------------------------------------
echo 10 >/proc/sys/fs/nfs/nlm_grace_period   # lockd's, read as each net's lockd starts
svc_up s1 1
svc_up s2 2
for s in s1 s2; do
  i=${s#s}
  mkdir -p /mnt/$s-v4 /mnt/$s-v3
  lab_run mount -t nfs -o vers=4.2 198.18.$i.2:/data /mnt/$s-v4
  lab_run mount -t nfs -o vers=3 198.18.$i.2:/run/v4root/data /mnt/$s-v3
done
tracking=$(dmesg | grep -c "NFSD: Using nfsdcld client tracking operations")
skipped=$(dmesg | grep -c "NFSD: no clients to reclaim, skipping NFSv4 grace period")
lab_result nfsdcld_tracking_nets "$tracking"
lab_result grace_skipped_nets "$skipped"
((tracking == 2 && skipped == 2)) || lab_fail "(a) nfsd in a network namespace did not use nfsdcld and skip an empty grace: $(dmesg | grep NFSD | tail -8)"

# --- (b) the first NFSv3 lock and its NSM record --------------------------------
holder /mnt/s1-v3/v3lock s1v3
lab_retry 120 locked s1v3 || lab_fail "the first NFSv3 lock on s1 was not granted"
record=$(ls /srv/s1/.nfs/sm)   # at once: statd answered SM_MON before lockd granted it
lab_result nsm_record_when_first_lock_granted "$record"
[[ $record == 198.18.1.1 ]] || lab_fail "(b) s1's NSM list when the client's first lock was granted: '$record'"
[[ -z $(ls /srv/s2/.nfs/sm) ]] || lab_fail "(b) s2's NSM list has s1's client: $(ls /srv/s2/.nfs/sm)"

holder /mnt/s1-v4/v4lock s1v4
holder /mnt/s2-v4/v4lock s2v4
holder /mnt/s2-v3/v3lock s2v3
for h in s1v4 s2v4 s2v3; do lab_retry 120 locked $h || lab_fail "lock $h not granted"; done
lab_expect "the server holds s1's locks" "$(held s1 v4lock v3lock)" "v4lock v3lock"
lab_expect "the server holds s2's locks" "$(held s2 v4lock v3lock)" "v4lock v3lock"

# --- (c) one service's threads stop: the other's locks and I/O stay --------------
inns s1 rpc.nfsd 0
sleep 3
lab_expect "(c) s2's locks after s1's threads stopped" "$(held s2 v4lock v3lock)" "v4lock v3lock"
client_io s2-v4 "v4 while s1 is stopped" || lab_fail "(c) s2's NFSv4.2 client failed while s1 was stopped"
client_io s2-v3 "v3 while s1 is stopped" || lab_fail "(c) s2's NFSv3 client failed while s1 was stopped"

# --- (a, c) takeovers of s1 on this node, lockd's grace at NLM seconds -------
takeover() {
  local n=$1 nlm=$2 t0 opener
  svc_down s1
  dmesg -c >/dev/null
  echo "$nlm" >/proc/sys/fs/nfs/nlm_grace_period
  svc_up s1 1
  t0=$(cat /run/hanfs/s1/threads-started)
  inns s1 sm-notify -f -d -v s1-svc >/run/lab/sm-notify-$n.log 2>&1 &
  lab_expect "(c) s2's locks while s1 is taken over" "$(held s2 v4lock v3lock)" "v4lock v3lock"
  ( echo new >/mnt/s1-v4/new-open$n && lab_result takeover${n}_first_new_open_s "$(since "$t0")" ) &
  opener=$!
  holder /mnt/s1-v4/v4lock-new$n s1new$n
  lab_retry 100 bash -c 'dmesg | grep -q "NFSD: all clients done reclaiming, ending NFSv4 grace period"' \
    || lab_fail "(a) takeover $n: grace did not end when the client had reclaimed: $(dmesg | grep NFSD | tail -5)"
  local ended; ended=$(since "$t0")
  lab_result takeover${n}_nfsd_grace_ended_s "$ended"
  awk -v e="$ended" 'BEGIN { exit !(e < 30) }' || lab_fail "(a) takeover $n: grace ended only after $ended s"
  lab_retry 150 locked s1new$n || lab_fail "takeover $n: no new NFSv4 lock in 150 s"
  local first; first=$(since "$t0")
  lab_result takeover${n}_first_new_v4_lock_s "$first (lockd's grace ${nlm} s)"
  wait $opener
  client_io s1-v4 "v4 after takeover $n" || lab_fail "takeover $n: s1's NFSv4.2 client failed after it"
  # The NFSv3 client reclaims once sm-notify has reached it.
  lab_retry 30 s1_reclaimed || lab_log "sm-notify: $(tr '\n' ' ' </run/lab/sm-notify-$n.log)"
  lab_expect "(a) takeover $n: s1's locks reclaimed on the server" "$(held s1 v4lock v3lock)" "v4lock v3lock"
  lab_expect "(c) takeover $n: s2's locks" "$(held s2 v4lock v3lock)" "v4lock v3lock"
  for h in s1v4 s1v3 s2v4 s2v3; do alive $h || lab_fail "takeover $n: the holder $h lost its lock"; done
  client_io s2-v3 "v3 after takeover $n" || lab_fail "(c) takeover $n: s2's NFSv3 client failed"
  kill "$(cat /run/lab/s1new$n.pid)"
}
takeover 1 30
takeover 2 10
lab_log "sm-notify of the last takeover: $(tr '\n' ' ' </run/lab/sm-notify-2.log)"
lab_log "the two services kept their NFS state apart"
