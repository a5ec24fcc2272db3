#!/bin/bash
# nfs-grace on one server with an NFSv4.2 client over loopback:
#   - bad input: 6 naming the parameter; nfsdcld running: 5 naming it;
#   - start binds the service's records over the node's tracker and restarts
#     nfsd (a new grace period in the kernel log); the client's record lands
#     on the service's filesystem;
#   - stop with the client holding an open file and a lock: the filesystem can
#     be unexported and unmounted afterwards (before, the NFSv4 state pins
#     it: "target is busy"), the records stay on it, the node's tracker is its
#     own again; monitor 7, a second stop 0;
#   - ocf-tester and crm_resource --force-*.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"

A=nfs-grace
DATA=$LAB_EXPORT_ROOT/data
RECORDS=$DATA/.nfs-grace
good=(recovery_dir=$RECORDS server_scope=nfs-service)
# Locks the server holds on FILE of the service's filesystem (the client's
# own locks, on its NFS mount of the same VM, have another device).
server_locks() {
  local maj min
  IFS=: read -r maj min <<<"$(lab_dev_minor /dev/vg/data)"
  grep -c " $(printf '%02x:%02x' "$maj" "$min"):$(stat -c %i "$1") " /proc/locks || true
}
grace_periods() { dmesg | grep -c "starting .*grace period" || true; }

lab_lvm_init
lab_vg_create vg 64
lab_run lvcreate -q -y -Zn -L 32M -n data vg
lab_run mkfs.ext4 -q /dev/vg/data
lab_nfs_start 4
# NFSv4 locks also wait for lockd's grace period (50 s by default): 10 s here.
echo 10 >/proc/sys/fs/nfs/nlm_grace_period
mkdir -p "$DATA"
lab_run mount /dev/vg/data "$DATA"
lab_export "$DATA" rw,no_root_squash,no_subtree_check,insecure,sync,fsid=55
lab_install_agents

# --- 1. bad input
bad() {  # bad STATUS WHAT TEXT PARAM...
  local status=$1 what=$2 text=$3; shift 3
  ocf_expect "$status" "$what" $A validate-all "$@"
  ocf_expect_reason "$text"
}
bad 6 "no server_scope" server_scope recovery_dir=$RECORDS
bad 6 "scope with a space" server_scope recovery_dir=$RECORDS "server_scope=a b"
bad 6 "relative recovery_dir" recovery_dir recovery_dir=records server_scope=s
bad 6 "threads negative" threads "${good[@]}" threads=-1
ocf_expect 0 "good parameters" $A validate-all "${good[@]}"
# A real nfsdcld, watching a pipe directory of its own so that it never
# becomes the kernel's tracker for the rest of this test.
mkdir -p /run/cld/nfsd /run/cld/storage
nfsdcld -F -p /run/cld -s /run/cld/storage </dev/null >"$LAB_OUT/nfsdcld.log" 2>&1 &
lab_retry 10 pidof nfsdcld >/dev/null || lab_fail "nfsdcld did not start: $(cat "$LAB_OUT/nfsdcld.log")"
sleep 1
pidof nfsdcld >/dev/null || lab_fail "nfsdcld did not stay: $(cat "$LAB_OUT/nfsdcld.log")"
bad 5 "nfsdcld running" nfsdcld "${good[@]}"
ocf_expect 5 "start with nfsdcld running" $A start "${good[@]}"
kill "$(pidof nfsdcld)"
lab_retry 10 bash -c '! pidof nfsdcld' >/dev/null

# --- 2. start: records bound, nfsd restarted
ocf_expect 7 "monitor before start" $A monitor "${good[@]}"
before=$(grace_periods)
ocf_expect 0 "start" $A start "${good[@]}"
[[ $(stat -c %d:%i "$RECORDS/nfsdcltrack") == $(stat -c %d:%i /var/lib/nfs/nfsdcltrack) ]] \
  || lab_fail "the service's records are not bound over /var/lib/nfs/nfsdcltrack"
(( $(grace_periods) > before )) || lab_fail "no new grace period after start: $(dmesg | tail -3)"
ocf_expect 0 "monitor" $A monitor "${good[@]}"
ocf_expect 0 "second start" $A start "${good[@]}"

lab_mount 4.2 127.0.0.1 "$DATA" /mnt/c
python3 -c '
import fcntl, sys, time
f = open("/mnt/c/locked", "w"); fcntl.lockf(f, fcntl.LOCK_EX); f.write("x"); f.flush()
print("locked", flush=True); time.sleep(600)' >"$LAB_OUT/holder.log" 2>&1 &
holder=$!
lab_retry 60 grep -q locked "$LAB_OUT/holder.log" || lab_fail "the client could not lock: $(cat "$LAB_OUT/holder.log")"
[[ -s $RECORDS/nfsdcltrack/main.sqlite ]] || lab_fail "no client record in $RECORDS/nfsdcltrack"
(( $(server_locks "$DATA/locked") == 1 )) || lab_fail "the client's lock is not held on the server: $(cat /proc/locks)"

# --- 3. stop releases the filesystem; the records stay with it. In the
# group the floating address is gone before this stop; here the client
# reaches the server over loopback, so the export goes first instead.
lab_unexport "$DATA"
umount "$DATA" 2>/dev/null && lab_fail "the filesystem unmounted while the client's NFSv4 state pinned it"
ocf_expect 0 "stop with a client holding a lock" $A stop "${good[@]}"
[[ $(stat -c %d:%i "$RECORDS/nfsdcltrack") != $(stat -c %d:%i /var/lib/nfs/nfsdcltrack) ]] \
  || lab_fail "the service's records are still bound after stop"
(( $(server_locks "$DATA/locked") == 0 )) || lab_fail "a lock is still held on the server after stop: $(cat /proc/locks)"
lab_run umount "$DATA"
lab_log "the service's filesystem unmounted with the client still holding its file open"
lab_run mount /dev/vg/data "$DATA"
[[ -s $RECORDS/nfsdcltrack/main.sqlite ]] || lab_fail "the client records did not stay on the service's filesystem"
ocf_expect 7 "monitor after stop" $A monitor "${good[@]}"
ocf_expect 0 "second stop" $A stop "${good[@]}"
kill "$holder" 2>/dev/null || true
umount -l /mnt/c

# --- 4. ocf-tester and crm_resource --force-*
lab_log "+ ocf-tester"
ocf-tester -n grace -o recovery_dir=$RECORDS -o server_scope=nfs-service "$OCF_ROOT/resource.d/hanfs/$A" \
  >"$LAB_OUT/ocf-tester.log" 2>&1 || { cat "$LAB_OUT/ocf-tester.log"; lab_fail "ocf-tester failed"; }
tail -1 "$LAB_OUT/ocf-tester.log"
ocf_crm_resource_cycle $A "${good[@]}"
lab_log "nfs-grace checks passed"
