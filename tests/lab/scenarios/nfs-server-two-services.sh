#!/bin/bash
# nfs-server (issue 16) on one VM: two NFS services, each the agent's own
# server in its own network, mount and UTS namespaces, with NFSv3 and
# NFSv4.2 clients in the initial namespace holding locks. The clients reach
# each floating address over a macvlan of their own on the same parent
# (lab0, a dummy NIC): sibling macvlans in bridge mode talk, as hosts on
# the NIC's segment do. Locks are checked where the server holds them:
# /proc/locks, by device and inode of the service's filesystem.
#
# EXPECT:
#  - bad input: 6 naming the parameter; a probe before start: 7;
#  - exports by nfs-export-fsid service=S land in S's own export table,
#    not the node's; probes of them 7 while S's server is not running;
#  - start: the service's host name (its server scope), its threads, no
#    grace with no records; a second start 0;
#  - nfs-address service=S: probe 7 and start 1 naming nfs-server before S
#    runs; after S's exports, the address on S's interface inside its net
#    and not in the node's; a second start 0; its stop before the exports';
#  - one service's rpc.mountd killed: its monitor 1 naming rpc.mountd, the
#    other's monitor 0 and its locks on the server held;
#  - recovery as Pacemaker does it (stop, start on this node): probe 7
#    after the stop, the other service's locks and I/O untouched through
#    it; after the start nfsd ends grace once the NFSv4 client reclaimed,
#    and both services' locks are held on the server again, with no
#    failed reclaim in the client's kernel log;
#  - nfs-notify service=S: probe 7 and start 1 naming nfs-server before S
#    runs, statd_dir with it 6; after the restart it notifies from inside
#    S (the NFSv3 lock is reclaimed), its monitor 0, S's NSM list kept;
#  - lockd's grace: over after a start with no records; after the restart
#    over once both clients reclaimed (nfs-notify's start ends it), a new
#    NFSv3 lock granted;
#  - no lockd host left behind by a stop ("couldn't shutdown host
#    module"), no kernel BUG (lockd's NSM list once corrupted);
#  - a start killed (SIGKILL) part-way is completed by the next start;
#  - stop of both: no pins, no daemons, the filesystems unmount.
set -uo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/locks.sh"
source "$(dirname "$LAB_LIB")/ocf.sh"

A=nfs-server
lab_modules dm-mod loop nfsd nfs nfsv3 nfsv4 macvlan dummy
ip link set lo up
lab_lvm_init
lab_vg_create vgns 256
lab_rpc_start   # the clients' rpcbind and statd (initial namespace)
lab_install_agents
printf '198.18.1.2 s1-svc\n198.18.2.2 s2-svc\n' >>/etc/hosts
mkdir -p /run/lab

# The segment: a dummy NIC, one client macvlan per service subnet.
ip link add lab0 type dummy && ip link set lab0 up || lab_fail "no dummy NIC"
for i in 1 2; do
  ip link add cl$i link lab0 type macvlan mode bridge || lab_fail "client macvlan cl$i"
  ip addr add 198.18.$i.1/24 dev cl$i && ip link set cl$i up
done

now() { cut -d' ' -f1 /proc/uptime; }
since() { awk -v a="$(now)" -v b="$1" 'BEGIN { printf "%.1f", a - b }'; }
inns() { local s=$1; shift; nsenter --net=/run/hanfs/$s/net --mount=/run/hanfs/$s/mnt --uts=/run/hanfs/$s/uts -- "$@"; }
params() { local i=${1#s}; echo "name=$1 state_dir=/srv/$1/.nfs ip=198.18.$i.2 lease_time=10 grace_time=60"; }
D=nfs-address
address() { local i=${1#s}; echo "service=$1 ip=198.18.$i.2 cidr_netmask=24 nic=lab0"; }
# net_of S: S's network namespace ("net:[INODE]"); net_pids NET: the
# processes in it, "PID COMM" per line.
net_of() { inns $1 readlink /proc/self/ns/net; }
net_pids() {   # one ls for all of /proc (a process per pid costs 36 ms under TCG)
  local p
  [[ -n $1 ]] || return 0
  for p in $(ls -l /proc/[0-9]*/ns/net 2>/dev/null | grep -F " $1" | sed 's|.* /proc/\([0-9]*\)/ns/net .*|\1|'); do
    echo "$p $(cat /proc/$p/comm 2>/dev/null)"
  done
}

for s in s1 s2; do
  lab_run lvcreate -q -y -n $s -L 96M vgns
  lab_run mkfs.ext4 -q /dev/vgns/$s
  mkdir -p /srv/$s && lab_run mount /dev/vgns/$s /srv/$s
  mkdir -p /srv/$s/data && echo "file of $s" >/srv/$s/data/f
done

# --- bad input, probe ------------------------------------------------------
ocf_expect 6 "start without name" $A start state_dir=/srv/s1/.nfs ip=198.18.1.2
ocf_expect_reason name
ocf_expect 6 "a bad address" $A start $(params s1 | sed 's/ip=198.18.1.2/ip=198.18.1.300/')
ocf_expect_reason 198.18.1.300
ocf_expect 1 "a state directory on the root filesystem (its filesystem not mounted)" $A start $(params s1 | sed 's|state_dir=/srv/s1/.nfs|state_dir=/var/tmp/s1|')
ocf_expect_reason "root filesystem"
[[ ! -e /run/hanfs/s1/net ]] || lab_fail "a refused start left pins behind"
ocf_expect 0 "validate-all" $A validate-all $(params s1)
ocf_expect 7 "probe before start" $A monitor $(params s1)
# Each service's NSM notification, by nfs-notify service=S: its statd's own
# list (in its state_dir), sm-notify inside its namespaces from its address.
N=nfs-notify
notify() { echo "service=$1 source_host=$1-svc"; }
OCF_INSTANCE=s1-notify ocf_expect 7 "probe of s1's nfs-notify before its server runs" $N monitor $(notify s1)
OCF_INSTANCE=s1-notify ocf_expect 1 "start of s1's nfs-notify before its server runs" $N start $(notify s1)
ocf_expect_reason "nfs-server name=s1"
OCF_INSTANCE=s1-notify ocf_expect 6 "nfs-notify with service= and statd_dir" $N validate-all $(notify s1) statd_dir=/srv/s1
ocf_expect_reason statd_dir
# Its address, by nfs-address service=S, in the namespace S's server made.
OCF_INSTANCE=s1-ip ocf_expect 7 "probe of s1's address before its server runs" $D monitor $(address s1)
OCF_INSTANCE=s1-ip ocf_expect 1 "start of s1's address before its server runs" $D start $(address s1)
ocf_expect_reason "nfs-server name=s1"
OCF_INSTANCE=s1-ip ocf_expect 6 "an address with a prefix of 33" $D validate-all $(address s1 | sed 's/cidr_netmask=24/cidr_netmask=33/')
ocf_expect_reason cidr_netmask
OCF_INSTANCE=s1-ip ocf_expect 0 "stop of s1's address before its server runs" $D stop $(address s1)

# --- start --------------------------------------------------------------------
for s in s1 s2; do
  ocf_expect 0 "start $s" $A start $(params $s)
  lab_result start_${s}_ms "$OCF_MS"
  ocf_expect 0 "monitor $s after start" $A monitor $(params $s)
  lab_result monitor_${s}_ms "$OCF_MS"
done
ocf_expect 0 "a second start of s1" $A start $(params s1)
lab_expect "s1's host name (its server scope)" "$(inns s1 hostname)" s1
lab_expect "s1's nfsd threads" "$(inns s1 cat /proc/fs/nfsd/threads)" 8
OCF_INSTANCE=s1-ip ocf_expect 7 "probe of s1's address with its server up, before the address" $D monitor $(address s1)
lab_expect "nets with nfsdcld tracking" "$(dmesg | grep -c 'NFSD: Using nfsdcld client tracking operations')" 2
lab_expect "nets that skipped an empty grace" "$(dmesg | grep -c 'NFSD: no clients to reclaim, skipping NFSv4 grace period')" 2
# No NFSv3 record either: the start ended lockd's grace, so no lock manager
# of the net is in grace ("Y": fs/lockd/procfs.c, read from inside).
for s in s1 s2; do
  lab_expect "$s's net in grace after a start with no records" "$(inns $s cat /proc/fs/lockd/nlm_end_grace)" Y
done
lab_log "s1's processes: $(net_pids "$(net_of s1)" | tr '\n' ' ')"

# Each service's export, by nfs-export-fsid service=S inside its server:
# the service's filesystem as its NFSv4 root (fsid=root; a node whose root
# filesystem has a UUID gets a pseudo-root from mountd instead, this VM's
# overlay root has none), the clients' files in its data directory.
E=nfs-export-fsid
svc_export() { local i=${1#s}; echo "service=$1 directory=/srv/$1 fsid=root options=rw,no_root_squash,sync clientspec=198.18.$i.0/24"; }
exports_up() {
  OCF_INSTANCE=$1-export ocf_expect 0 "$2: $1's export started" $E start $(svc_export $1)
  lab_result ${1}_export_start_ms "$OCF_MS"
  OCF_INSTANCE=$1-export ocf_expect 0 "$2: $1's export monitor" $E monitor $(svc_export $1)
}
exports_down() {
  OCF_INSTANCE=$1-export ocf_expect 0 "$2: $1's export stopped" $E stop $(svc_export $1)
}
address_up() {
  OCF_INSTANCE=$1-ip ocf_expect 0 "$2: $1's address started" $D start $(address $1)
  lab_result ${1}_address_start_ms "$OCF_MS"
  OCF_INSTANCE=$1-ip ocf_expect 0 "$2: $1's address monitor" $D monitor $(address $1)
}
address_down() {
  OCF_INSTANCE=$1-ip ocf_expect 0 "$2: $1's address stopped" $D stop $(address $1)
  OCF_INSTANCE=$1-ip ocf_expect 7 "$2: $1's address probe after its stop" $D monitor $(address $1)
}
OCF_INSTANCE=s1-export ocf_expect 7 "probe of s1's export before its server runs" $E monitor $(svc_export s1)
for s in s1 s2; do
  i=${s#s}
  exports_up $s "first start"
  inns $s exportfs | grep -q "^/srv/$s\b" || lab_fail "$s's export table inside lacks /srv/$s"
  address_up $s "first start"
  mkdir -p /mnt/$s-v4 /mnt/$s-v3
  lab_run mount -t nfs -o vers=4.2 198.18.$i.2:/data /mnt/$s-v4
  lab_run mount -t nfs -o vers=3 198.18.$i.2:/srv/$s/data /mnt/$s-v3
done
exportfs | grep -q /srv/s && lab_fail "the node's own export table has a service's export: $(exportfs | xargs)"
OCF_INSTANCE=s1-export ocf_expect 0 "a second start of s1's export" $E start $(svc_export s1)
OCF_INSTANCE=s1-ip ocf_expect 0 "a second start of s1's address" $D start $(address s1)
inns s1 ip -o -4 addr show dev hanfs0 | grep -q 198.18.1.2/24 || lab_fail "s1's address is not on hanfs0 in its net"
ip -o -4 addr show | grep -q '198.18.1.2/' && lab_fail "s1's address is in the node's net"

client_io() { echo "$2" >>/mnt/$1/f && grep -q "$2" /mnt/$1/f; }
s2_untouched() {
  lab_expect "$1: s2's locks on the server" "$(held s2 v4lock v3lock)" "v4lock v3lock"
  client_io s2-v4 "v4: $1" || lab_fail "$1: s2's NFSv4.2 client failed"
  client_io s2-v3 "v3: $1" || lab_fail "$1: s2's NFSv3 client failed"
  alive s2v4 && alive s2v3 || lab_fail "$1: a holder of s2 lost its lock"
  ocf_expect 0 "$1: s2's monitor" $A monitor $(params s2)
  OCF_INSTANCE=s2-ip ocf_expect 0 "$1: s2's address monitor" $D monitor $(address s2)
}

for s in s1 s2; do
  holder /mnt/$s-v3/v3lock ${s}v3
  holder /mnt/$s-v4/v4lock ${s}v4
done
for h in s1v3 s1v4 s2v3 s2v4; do lab_retry 120 locked $h || lab_fail "lock $h not granted: $(tr "\n" " " </run/lab/$h.out)"; done
lab_expect "s1's NSM list on its filesystem" "$(ls /srv/s1/.nfs/sm)" 198.18.1.1
lab_expect "s1's locks on the server" "$(held s1 v4lock v3lock)" "v4lock v3lock"
s2_untouched "both started"

# --- fail: s1's rpc.mountd killed -----------------------------------------
mountd=$(net_pids "$(net_of s1)" | awk '$2 == "rpc.mountd" { print $1 }')
[[ -n $mountd ]] || lab_fail "no rpc.mountd in s1's net"
kill -9 $mountd
lab_retry 10 bash -c "! kill -0 $mountd"
ocf_expect 1 "s1's monitor with its rpc.mountd killed" $A monitor $(params s1)
ocf_expect_reason rpc.mountd
s2_untouched "s1 failed"

# --- recovery on this node: stop, probe, start ------------------------------
address_down s1 "recovery"
exports_down s1 "recovery"
ocf_expect 0 "stop s1" $A stop $(params s1)
lab_expect "lockd's hosts left behind by s1's stop" "$(dmesg | grep -c "couldn't shutdown host module")" 0
lab_result stop_s1_ms "$OCF_MS"
ocf_expect 7 "probe of s1 after stop" $A monitor $(params s1)
lab_expect "s1's NSM list on its filesystem after its stop" "$(ls /srv/s1/.nfs/sm)" 198.18.1.1
[[ -z $(ls /run/hanfs/s1 2>/dev/null) ]] || lab_fail "s1's pins after stop: $(ls /run/hanfs/s1)"
[[ -z $(ip -o link show | grep hanfs0) ]] || lab_fail "a hanfs0 left in the node's net"
s2_untouched "s1 stopped"
ocf_expect 0 "stop s1 again" $A stop $(params s1)
OCF_INSTANCE=s1-export ocf_expect 7 "probe of s1's export with its server stopped" $E monitor $(svc_export s1)
OCF_INSTANCE=s1-export ocf_expect 0 "stop of s1's export with its server stopped" $E stop $(svc_export s1)

dmesg -c >/dev/null
t0=$(now)
ocf_expect 0 "start s1 (a takeover on this node)" $A start $(params s1)
lab_result restart_s1_ms "$OCF_MS"
exports_up s1 "restart"
address_up s1 "restart"
OCF_INSTANCE=s1-notify ocf_expect 0 "s1's nfs-notify start (sm-notify from s1-svc, inside s1)" $N start $(notify s1)
lab_result s1_notify_start_ms "$OCF_MS"
s2_untouched "s1 started again"
lab_retry 90 bash -c 'dmesg | grep -q "NFSD: all clients done reclaiming, ending NFSv4 grace period"' \
  || lab_fail "grace did not end when s1's client had reclaimed: $(dmesg | grep NFSD | tail -5)"
lab_result s1_grace_ended_after_s "$(since "$t0")"
s1_v4_back() { [[ $(held s1 v4lock) == v4lock ]]; }
s1_v3_back() { [[ $(held s1 v3lock) == v3lock ]]; }
lab_retry 60 s1_v4_back && lab_result s1_v4_lock_reclaimed_after_s "$(since "$t0")"
lab_retry 90 s1_v3_back && lab_result s1_v3_lock_reclaimed_after_s "$(since "$t0")"
lab_log "sm-notify: $(tr '\n' ' ' </srv/s1/.nfs/nfs-notify/s1-notify/s1-svc/sm-notify.log)"
# nfs-notify's start ended lockd's grace once the NFSv3 client was back,
# nfsd ended its own once the NFSv4 client was: no grace left in s1's net
# (lockd's nlm_grace_time is 30 s), and a new lock is granted at once.
lab_expect "s1's net in grace once its clients reclaimed" "$(inns s1 cat /proc/fs/lockd/nlm_end_grace)" Y
lab_result s1_grace_over_after_s "$(since "$t0")"
holder /mnt/s1-v3/v3new s1v3new
lab_retry 60 locked s1v3new || lab_fail "a new NFSv3 lock on s1 was not granted"
lab_result s1_new_v3_lock_after_s "$(since "$t0")"
kill "$(cat /run/lab/s1v3new.pid)"
OCF_INSTANCE=s1-notify ocf_expect 0 "s1's nfs-notify monitor after the reclaims" $N monitor $(notify s1)
lab_expect "s1's NSM list after the notification" "$(ls /srv/s1/.nfs/sm)" 198.18.1.1
lab_log "the client's lockd: $(dmesg | grep -i 'lockd' | tr '\n' ' ')"
lab_expect "s1's locks reclaimed on the server" "$(held s1 v4lock v3lock)" "v4lock v3lock"
lab_expect "reclaims the client's kernel says failed" "$(dmesg | grep -c 'lockd: failed to reclaim\|spurious grace')" 0
alive s1v4 && alive s1v3 || lab_fail "a holder of s1 lost its lock"
client_io s1-v4 "v4 after the restart" || lab_fail "s1's NFSv4.2 client failed after the restart"
s2_untouched "s1 reclaimed"

# --- a start killed part-way (Pacemaker's timeout is SIGKILL), completed --
# by the next start; the stop after it leaves nothing in the service's net.
OCF_INSTANCE=s1-notify ocf_expect 0 "s1's nfs-notify stop" $N stop $(notify s1)
OCF_INSTANCE=s1-notify ocf_expect 7 "s1's nfs-notify probe after its stop" $N monitor $(notify s1)
address_down s1 "before the kill test"
exports_down s1 "before the kill test"
ocf_expect 0 "stop s1 before the kill test" $A stop $(params s1)
killed_start() {   # killed_start MS: SIGKILL MS milliseconds into a start
  local kv env=(OCF_ROOT=$OCF_ROOT OCF_RESOURCE_INSTANCE=s1 OCF_RESKEY_CRM_meta_timeout=60000)
  for kv in $(params s1); do env+=("OCF_RESKEY_$kv"); done
  env "${env[@]}" $OCF_ROOT/resource.d/hanfs/$A start >/dev/null 2>&1 &
  local pid=$!
  sleep "$(awk -v m="$1" 'BEGIN { print m / 1000 }')"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
}
for ms in 100 600 1200; do
  killed_start $ms
  net=$(net_of s1 2>/dev/null)
  lab_log "start killed after ${ms} ms: pins $(ls /run/hanfs/s1 2>/dev/null | xargs), in its net: $(net_pids "$net" | awk '{print $2}' | xargs)"
  ocf_run $A monitor $(params s1)
  [[ $OCF_RC == 1 || $OCF_RC == 7 || $OCF_RC == 0 ]] || lab_fail "monitor after a start killed at ${ms} ms: $OCF_RC ($OCF_REASON)"
  lab_log "monitor after it: $OCF_RC ${OCF_REASON}"
  ocf_expect 0 "start after a start killed at ${ms} ms" $A start $(params s1)
  ocf_expect 0 "monitor after the completed start" $A monitor $(params s1)
  net=$(net_of s1)
  ocf_expect 0 "stop after the completed start" $A stop $(params s1)
  lab_expect "processes left in s1's net after its stop" "$(net_pids "$net" | wc -l)" 0
done
s2_untouched "s1's killed starts"
lab_expect "kernel BUGs and lockd hosts left behind" "$(dmesg | grep -c "BUG\|list_del corruption\|couldn't shutdown host module")" 0

# --- stop both: nothing left, the filesystems unmount -----------------------
for s in s1 s2; do
  kill $(cat /run/lab/${s}v3.pid /run/lab/${s}v4.pid) 2>/dev/null
  umount -f -l /mnt/$s-v4 /mnt/$s-v3 2>/dev/null
done
address_down s2 "the end"
exports_down s2 "the end"
ocf_expect 0 "stop s2" $A stop $(params s2)
ocf_expect 7 "probe of s2 after stop" $A monitor $(params s2)
for p in rpc.mountd rpc.statd nfsdcld; do
  n=$(pgrep -cx $p); [[ $p == rpc.statd ]] && n=$((n - 1))   # the clients' statd stays
  lab_expect "$p processes left" "$n" 0
done
for s in s1 s2; do lab_run umount /srv/$s; done
lab_log "two services started, failed, stopped and restarted apart"
