#!/bin/bash
# Fault tier, NFS agents (issue 15, defects 2-10): nfs-export-fsid killed at
# each step of a multi-directory start and stop; a frozen LV under the
# mounted, exported filesystem for start, stop, probe and monitor at depths
# 0 and 10 (stop: 1 naming the storage, before the timeout); a client-writable
# export root with a planted symlink, FIFO and huge .rmtab; hostile parameter
# values (6 with a reason, nothing exported); nfs-grace's recovery_dir and
# nfs-notify's statd_dir on an unmounted mount point.
set -uo pipefail
source "$LAB_LIB"
source "$HANFS_SOURCE_DIR/tests/faults/lib.sh"

E=nfs-export-fsid
T=20000
export HA_RSCTMP=/run/resource-agents
lab_modules
lab_lvm_init
lab_install_agents
lab_vg_create vgnf 128
lab_run lvcreate -q -y -n data -L 64M vgnf
lab_run mkfs.ext4 -q /dev/vgnf/data
lab_nfs_start
D=$LAB_EXPORT_ROOT/data
mkdir -p "$D" && lab_run mount /dev/vgnf/data "$D"
mkdir -p "$D/a" "$D/b" "$D/c"
chmod 1777 "$D/a"                       # a client-writable export root
fault_shim exportfs
X=(directory="$D/a $D/b $D/c" clientspec=* fsid=101 options=rw,no_subtree_check,no_root_squash)

ours() { grep -c "^$D/" /var/lib/nfs/etab; }
fault_state() {
  echo "etab: $(ours)"
  echo "grace bound: $(grep -c ' /var/lib/nfs/nfsdcltrack ' /proc/self/mountinfo) nfsd threads: $(cat /proc/fs/nfsd/threads)"
  echo "exports.d: $(ls /etc/exports.d 2>/dev/null | xargs)"
  echo "statefile: $(ls $HA_RSCTMP 2>/dev/null | grep -c $E)"
}
reset() {
  fault_clear; fault_settle
  exportfs -u "*:$D/a" "*:$D/b" "*:$D/c" 2>/dev/null
  rm -f "$HA_RSCTMP"/hanfs-$E-*.state /etc/exports.d/*hanfs* 2>/dev/null
}
after() {
  local want=7
  (( $(ours) > 0 )) && want='!7'
  fault_case "$1" "$want" $E monitor $T "${X[@]}" CRM_meta_interval=0
  fault_case "$1" 0 $E stop $T "${X[@]}"
  fault_check "$1" "nothing of ours exported or left in exports.d after stop" \
    "$(ours) $(ls /etc/exports.d 2>/dev/null | grep -c hanfs)" "0 0"
  fault_case "$1" 0 $E start $T "${X[@]}"
  fault_check "$1" "three directories exported" "$(ours)" 3
}

# --- killed at each step of start and stop ----------------------------------
# A start of several directories exports them in one `exportfs -a` over a
# transient exports.d file (nfs_server.h); one directory: `exportfs -o`.
for step in "kill-before:-a:start killed before its export" \
            "kill-after:-a:start killed after its export, before its state write" \
            "kill-outlive:-a:start killed, its exportfs outlives it"; do
  IFS=: read -r when pattern fault <<<"$step"
  reset
  fault_at exportfs "$when" "*$pattern*"
  fault_case "$fault" 137 $E start $T "${X[@]}"
  fault_fired exportfs || fault_check "$fault" "the step was reached" no yes
  [[ $when == kill-outlive ]] && { fault_case "$fault" 0 $E stop $T "${X[@]}"; sleep 4; fault_settle
    fault_check "$fault" "nothing exported once the orphan is done" "$(ours)" 0; }
  after "$fault"
done
for step in "kill-before:-u:stop killed before unexporting" \
            "kill-after:-u:stop killed after unexporting, before its state removal"; do
  IFS=: read -r when pattern fault <<<"$step"
  reset
  fault_case "$fault (setup)" 0 $E start $T "${X[@]}"
  fault_at exportfs "$when" "*$pattern*"
  fault_case "$fault" 137 $E stop $T "${X[@]}"
  fault_fired exportfs || fault_check "$fault" "the step was reached" no yes
  after "$fault"
done
fault="one-directory start killed after its exportfs -o"
reset
fault_at exportfs kill-after "*-o*"
fault_case "$fault" 137 $E start $T directory="$D/a" clientspec=* fsid=101
fault_fired exportfs || fault_check "$fault" "the step was reached" no yes
fault_case "$fault" '!7' $E monitor $T directory="$D/a" clientspec=* fsid=101 CRM_meta_interval=0
fault_case "$fault" 0 $E stop $T directory="$D/a" clientspec=* fsid=101
fault_check "$fault" "nothing of ours exported after stop" "$(ours)" 0
reset
fault="state file lost, directories in etab"
fault_case "$fault (setup)" 0 $E start $T "${X[@]}"
rm -f "$HA_RSCTMP"/hanfs-$E-*.state
after "$fault"

# --- planted files in the client-writable export root -----------------------
reset
fault_case "planted (setup)" 0 $E start $T "${X[@]}"
echo "root-owned canary" >/root/canary; chmod 0600 /root/canary
canary=$(stat -c '%a %s %Y' /root/canary)
ln -sf /root/canary "$D/a/.rmtab"
fault_case "planted .rmtab symlink to a root file" '0|1' $E stop $T "${X[@]}"
fault_check "planted .rmtab symlink" "canary untouched" "$(stat -c '%a %s %Y' /root/canary)" "$canary"
fault_case "planted (setup)" 0 $E start $T "${X[@]}"
rm -f "$D/a/.rmtab"; mkfifo "$D/a/.rmtab"
fault_case "planted .rmtab FIFO" '0|1' $E stop 10000 "${X[@]}"
fault_case "planted (setup)" 0 $E start $T "${X[@]}"
rm -f "$D/a/.rmtab"; truncate -s 2G "$D/a/.rmtab" 2>/dev/null || head -c 50M /dev/zero >"$D/a/.rmtab"
fault_case "planted huge .rmtab" '0|1' $E stop $T "${X[@]}"
fault_check "planted huge .rmtab" "rmtab stays small" "$(( $(stat -c %s /var/lib/nfs/rmtab) < 1048576 ))" 1
rm -f "$D/a/.rmtab"
for f in "$D"/a/.rmtab*; do [[ -e $f ]] && fault_check "planted files" "no temporary left: $f" present absent; done

# --- hostile parameter values: 6 with a reason, nothing exported ------------
reset
long=$(printf 'x%.0s' {1..5000})
hostile=(
  "leading dash client|directory=$D/a|clientspec=-rw|fsid=102"
  "leading dash wildcard|directory=$D/a|clientspec=-*|fsid=102"
  "comma in client|directory=$D/a|clientspec=a,b|fsid=102"
  "newline in client (an exports line)|directory=$D/a|clientspec=$(printf 'a\n/ *(rw,no_root_squash)')|fsid=102"
  "newline in directory (an exports line)|directory=$(printf '%s\n/ *(rw)' "$D/a")|clientspec=*|fsid=102"
  "very long client|directory=$D/a|clientspec=$long|fsid=102"
  "non-UTF-8 client|directory=$D/a|clientspec=$(printf 'h\xff\xfe')|fsid=102"
  "leading dash options|directory=$D/a|clientspec=*|fsid=102|options=-u"
  "fsid=0 with several directories|directory=$D/a $D/b|clientspec=*|fsid=0"
)
for c in "${hostile[@]}"; do
  IFS='|' read -r -d '' desc p1 p2 p3 p4 <<<"$c"; p3=${p3%$'\n'}; p4=${p4%$'\n'}
  fault_case "hostile: $desc" 6 $E start $T "$p1" "$p2" "$p3" ${p4:+"$p4"}
  fault_check "hostile: $desc" "a reason" "$([[ -n $OCF_REASON ]] && echo yes)" yes
  fault_check "hostile: $desc" "nothing exported" "$(ours) $(grep -c '^/[[:space:]]' /var/lib/nfs/etab)" "0 0"
  reset
done

# --- frozen LV under the mounted, exported filesystem -----------------------
reset
fault="frozen LV under the export"
fault_case "$fault (setup)" 0 $E start $T "${X[@]}"
lab_run dmsetup suspend vgnf-data
fault_case "$fault" '0|1' $E monitor $T "${X[@]}" CRM_meta_interval=0
fault_case "$fault" '0|1' $E monitor $T "${X[@]}" CRM_meta_interval=30000
OCF_CHECK_LEVEL=10 fault_case "$fault" 1 $E monitor $T "${X[@]}" CRM_meta_interval=30000
fault_case "$fault" 1 $E stop $T "${X[@]}"
fault_reason_has "$fault" "$D"
# still exported (the stop above said 1): start finds it started, from the
# kernel's table and the directories' cached inodes; what counts is its time
fault_case "$fault" '0|1' $E start $T "${X[@]}"
lab_run dmsetup resume vgnf-data; fault_settle
after "$fault"
reset

# --- nfs-grace killed in each phase (defect 7), then on frozen storage -------
G=(recovery_dir="$D/grace" server_scope=lab-scope)
grace_file=$HA_RSCTMP/hanfs-nfs-grace-test.state
# kill_in_phase PHASE: SIGKILL the nfs-grace agent as soon as its state file
# records PHASE (the nfsd restart of "restarting" and "releasing" lasts
# seconds under TCG), watching from the background for up to 20 s.
kill_in_phase() {
  ( end=$((SECONDS + 20))   # by the clock: polls slow down on a loaded guest
    while (( SECONDS < end )); do
      grep -qx "phase=$1" "$grace_file" 2>/dev/null && { pkill -9 -f "resource.d/hanfs/nfs-grace"; exit; }
      sleep 0.01
    done ) &
  watcher=$!
}
grace_started() {  # the kernel's view: bound, nfsd serving the service's records
  echo "$(grep -c " /var/lib/nfs/nfsdcltrack " /proc/self/mountinfo) $(( $(cat /proc/fs/nfsd/threads) > 0 ))" \
       "$(cat /proc/fs/nfsd/nfsv4recoverydir)"
}
# grace_killed FAULT PHASE ACTION: ACTION killed in PHASE, then the probe
# (not 7: something of the service is left) and the ACTION that completes it.
grace_killed() {
  kill_in_phase "$2"
  fault_case "$1" 137 nfs-grace "$3" $T "${G[@]}"
  wait "$watcher"
  fault_case "$1" '!7' nfs-grace monitor $T "${G[@]}" CRM_meta_interval=0
  fault_case "$1" 0 nfs-grace "$3" $T "${G[@]}"
}
fault="nfs-grace start killed while restarting nfsd"
grace_killed "$fault" restarting start
fault_check "$fault" "started: bound, nfsd up on the service's records" "$(grace_started)" "1 1 $D/grace/v4recovery"
fault="nfs-grace stop killed after the unbind"
grace_killed "$fault" releasing stop
fault_check "$fault" "stopped: unbound, nfsd up on the node's records" "$(grace_started)" "0 1 /var/lib/nfs/v4recovery"
fault_case "$fault" 7 nfs-grace monitor $T "${G[@]}" CRM_meta_interval=0

fault="frozen LV under recovery_dir"
fault_case "$fault (setup)" 0 nfs-grace start $T "${G[@]}"
lab_run dmsetup suspend vgnf-data
fault_case "$fault" 0 nfs-grace monitor $T "${G[@]}" CRM_meta_interval=30000   # the kernel's tables only
fault_case "$fault" '0|1' nfs-grace stop $T "${G[@]}"
fault_case "$fault" '1|7' nfs-grace start $T "${G[@]}"
lab_run dmsetup resume vgnf-data; fault_settle
fault_case "$fault" 0 nfs-grace stop $T "${G[@]}"
fault_check "$fault" "stopped after the storage came back" "$(grace_started)" "0 1 /var/lib/nfs/v4recovery"

# --- nfs-notify: its sm-notify with the state file lost; frozen statd_dir ---
N=(source_host=127.0.0.1 statd_dir="$D/statd" retry_time=1)
mkdir -p "$D/statd/sm"
# a monitored host that never answers keeps sm-notify retrying
echo "0100007f 000186b5 00000003 00000010 00000000000000000000000000000000 198.18.0.77 server" >"$D/statd/sm/198.18.0.77"
chown -R --reference=/var/lib/nfs/sm "$D/statd"; chmod 0700 "$D/statd"
smnotify_ours() { pgrep -f "sm-notify.*$D/statd/" | wc -l; }
fault="nfs-notify state file lost, its sm-notify running"
fault_case "$fault (setup)" 0 nfs-notify start $T "${N[@]}"
fault_check "$fault" "sm-notify of ours runs" "$(smnotify_ours)" 1
rm -f "$HA_RSCTMP"/hanfs-nfs-notify-*.state
fault_case "$fault" 1 nfs-notify monitor $T "${N[@]}" CRM_meta_interval=0
fault_case "$fault" 0 nfs-notify stop $T "${N[@]}"
fault_check "$fault" "no sm-notify of ours after stop" "$(smnotify_ours)" 0
fault="frozen LV under statd_dir"
fault_case "$fault (setup)" 0 nfs-notify start $T "${N[@]}"
lab_run dmsetup suspend vgnf-data
fault_case "$fault" '0|1' nfs-notify monitor $T "${N[@]}" CRM_meta_interval=30000
# (an sm-notify blocked on the frozen storage cannot die before it answers)
fault_case "$fault" 1 nfs-notify stop $T "${N[@]}"
lab_run dmsetup resume vgnf-data; fault_settle
fault_case "$fault" 0 nfs-notify stop $T "${N[@]}"
fault_check "$fault" "no sm-notify of ours after stop" "$(smnotify_ours)" 0

# --- records under an unmounted mount point (defect 8) ----------------------
mkdir -p /srv/unmounted/nfs/statd
fault_case "recovery_dir on the root filesystem" 1 nfs-grace start $T \
  recovery_dir=/srv/unmounted/nfs/v4recovery server_scope=lab-scope
fault_check "recovery_dir on the root filesystem" "nothing written" "$(ls -A /srv/unmounted/nfs | xargs)" "statd"
fault_case "statd_dir on the root filesystem" 1 nfs-notify start $T \
  source_host=127.0.0.1 statd_dir=/srv/unmounted/nfs/statd
fault_check "statd_dir on the root filesystem" "nothing written" "$(ls -A /srv/unmounted/nfs/statd | xargs)" ""

fault_finish
