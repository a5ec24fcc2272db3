#!/bin/bash
# nfs-notify (issue 6): NFSv3 lock reclaim after a failover.
#
# Hosts: server1, server2 (sharing a disk), client1, client2. The service is
# an ext4 on the shared disk (export/ and the service's statd list statd/)
# behind the floating address 198.18.0.100 (name nfs-float).
#   1. server1 runs the service and nfs-notify; client1 mounts over NFSv3 from
#      nfs-float and takes two fcntl locks; nfs-notify's monitor records the
#      client in statd_dir (the list follows the service).
#   2. "Failover": server1 stops everything (nfsd drops the locks), server2
#      takes the disk and the address, starts nfsd (grace period) and
#      nfs-notify, which notifies client1 from nfs-float.
#   3. client1 reclaims: server2's /proc/locks shows both locks held again,
#      and client2's competing lock is refused until client1 releases them.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"

FLOAT=198.18.0.100
SHARED=/srv/ha
STATD_DIR=$SHARED/statd
GRACE=30          # NLM and NFSv4 grace on server2: room for TCG's slowness
echo "$FLOAT nfs-float" >>/etc/hosts
params=(source_host=$FLOAT statd_dir=$STATD_DIR retry_time=1)

# locker.py MODE FILE: "hold" takes write locks on bytes 0-9 and 100-109 and
# keeps them until /tmp/release exists; "try" makes one F_SETLK on 0-9 and
# says granted or refused.
cat >/tmp/locker.py <<'EOF'
import errno, fcntl, os, sys, time
mode, path = sys.argv[1], sys.argv[2]
f = open(path, "r+")
if mode == "hold":
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
    fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 100)
    print("locked", flush=True)
    while not os.path.exists("/tmp/release"):
        time.sleep(0.2)
    fcntl.lockf(f, fcntl.LOCK_UN, 0, 0)
    print("released", flush=True)
else:
    try:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
        print("granted", flush=True)
    except OSError as e:
        print("refused" if e.errno in (errno.EAGAIN, errno.EACCES) else "error " + str(e), flush=True)
EOF

# NLM and NFSv4 grace periods for the next nfsd start (nfsd must be stopped).
set_grace() {
  modprobe lockd
  echo "$1" >/proc/sys/fs/nfs/nlm_grace_period
  echo "$1" >/proc/fs/nfsd/nfsv4gracetime
}

case $LAB_HOST in
server1)
  lab_nfs_start
  disk=$(lab_disk shared)
  lab_run mkfs.ext4 -q "$disk"
  mkdir -p $SHARED && lab_run mount "$disk" $SHARED
  mkdir -p $SHARED/export $STATD_DIR
  head -c 4096 /dev/zero >$SHARED/export/data && chmod 666 $SHARED/export/data
  lab_run ip addr add $FLOAT/24 dev eth0
  lab_run exportfs -o rw,no_root_squash,no_subtree_check,insecure,sync "*:$SHARED/export"
  lab_install_agents
  ocf_expect 0 "start with no client yet" nfs-notify start "${params[@]}"
  ocf_expect 0 "monitor" nfs-notify monitor "${params[@]}"
  lab_signal s1-ready
  lab_wait c1-locked 180
  lab_log "server1 /proc/locks:"; cat /proc/locks
  ocf_expect 0 "monitor records client1 in statd_dir" nfs-notify monitor "${params[@]}"
  ls -ln $STATD_DIR/sm
  [[ -s $STATD_DIR/sm/client1 ]] || lab_fail "client1 is not in $STATD_DIR/sm: $(ls $STATD_DIR/sm)"
  [[ $(stat -c %U $STATD_DIR/sm/client1) == statd ]] || lab_fail "$STATD_DIR/sm/client1 is not owned by statd"
  lab_result recorded_client "$(cat $STATD_DIR/sm/client1)"

  # Failover: everything leaves server1; nfsd stopping drops client1's locks.
  ocf_expect 0 "stop" nfs-notify stop "${params[@]}"
  lab_run exportfs -u "*:$SHARED/export"
  lab_run rpc.nfsd 0
  lab_run ip addr del $FLOAT/24 dev eth0
  lab_retry 15 umount $SHARED || lab_fail "cannot unmount $SHARED"
  lab_signal s1-down
  lab_wait all-done 300
  ;;

server2)
  lab_nfs_start
  lab_run rpc.nfsd 0
  set_grace $GRACE
  lab_install_agents
  lab_wait s1-down 240
  disk=$(lab_disk shared)
  blockdev --flushbufs "$disk"
  mkdir -p $SHARED && lab_run mount "$disk" $SHARED
  lab_run ip addr add $FLOAT/24 dev eth0
  busybox arping -U -c 2 -I eth0 -s $FLOAT $FLOAT >/dev/null 2>&1 || lab_log "gratuitous ARP failed"
  lab_run exportfs -o rw,no_root_squash,no_subtree_check,insecure,sync "*:$SHARED/export"
  lab_run rpc.nfsd 4                      # grace period begins
  grace_from=$(date +%s)
  ocf_expect 0 "start notifies client1 from $FLOAT" nfs-notify start "${params[@]}"
  lab_result start_ms "$OCF_MS"
  # Promptly: sm-notify works in the background (its retries would take minutes).
  (( OCF_MS < 10000 )) || lab_fail "start took $OCF_MS ms"
  ocf_expect 0 "monitor while notifying" nfs-notify monitor "${params[@]}"
  copy=$STATD_DIR/nfs-notify/test/$FLOAT
  ls -lnR "$copy"
  lab_retry 60 bash -c "! find $copy/sm $copy/sm.bak -type f | grep -q ." \
    || { cat "$copy/sm-notify.log"; lab_fail "client1 was not notified"; }
  lab_result notified_after_s $(( $(date +%s) - grace_from ))
  ino=$(stat -c %i $SHARED/export/data)
  lab_retry 60 bash -c "(( \$(awk '\$2 == \"POSIX\"' /proc/locks | grep -c ':$ino ') >= 2 ))" \
    || { cat /proc/locks; lab_fail "client1's locks were not reclaimed on server2"; }
  lab_log "server2 /proc/locks after the reclaim:"; cat /proc/locks
  lab_result reclaimed_after_s $(( $(date +%s) - grace_from ))
  lab_result reclaimed_locks "$(awk '$2 == "POSIX"' /proc/locks | grep -c ":$ino ")"
  ocf_expect 0 "monitor when done" nfs-notify monitor "${params[@]}"
  [[ -z $(ls $STATD_DIR/sm.bak) ]] || lab_fail "statd_dir/sm.bak still lists $(ls $STATD_DIR/sm.bak)"
  lab_signal s2-reclaimed
  lab_wait c1-released 240
  lab_retry 20 bash -c "(( \$(awk '\$2 == \"POSIX\"' /proc/locks | grep -c ':$ino ') == 0 ))" \
    || { cat /proc/locks; lab_fail "client1's locks are still held after it released them"; }
  lab_wait c2-done 120
  ocf_expect 0 "stop" nfs-notify stop "${params[@]}"
  ocf_expect 7 "monitor after stop" nfs-notify monitor "${params[@]}"
  [[ -s $STATD_DIR/sm/client1 ]] || lab_fail "stop lost the list"
  lab_signal all-done
  ;;

client1)
  lab_modules nfs nfsv3
  lab_rpc_start
  lab_wait s1-ready 180
  mkdir -p /mnt/ha
  lab_run mount -t nfs -o vers=3 nfs-float:$SHARED/export /mnt/ha
  python3 /tmp/locker.py hold /mnt/ha/data >/tmp/locker.log 2>&1 &
  locker=$!
  lab_retry 60 grep -q locked /tmp/locker.log || lab_fail "no lock: $(cat /tmp/locker.log)"
  lab_signal c1-locked
  lab_wait s2-reclaimed 300
  kill -0 $locker || lab_fail "the locker died: $(cat /tmp/locker.log)"
  lab_wait c2-refused 180
  touch /tmp/release
  lab_retry 30 grep -q released /tmp/locker.log || lab_fail "could not release: $(cat /tmp/locker.log)"
  lab_signal c1-released
  lab_wait all-done 240
  ;;

client2)
  lab_modules nfs nfsv3
  lab_rpc_start
  lab_wait s2-reclaimed 300
  mkdir -p /mnt/ha
  lab_run mount -t nfs -o vers=3 nfs-float:$SHARED/export /mnt/ha
  # During the grace period the server answers "try later"; the client's
  # lockd waits that out, then gets the real answer.
  answer=$(timeout 120 python3 /tmp/locker.py try /mnt/ha/data 2>&1) || true
  lab_expect "client2's lock while client1 holds it" "$answer" refused
  lab_signal c2-refused
  lab_wait c1-released 180
  answer=$(timeout 60 python3 /tmp/locker.py try /mnt/ha/data 2>&1) || true
  lab_expect "client2's lock once client1 released it" "$answer" granted
  lab_result client2 "refused, then granted"
  lab_signal c2-done
  lab_wait all-done 240
  ;;
esac
lab_log "done"
