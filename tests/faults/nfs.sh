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
for step in "kill-before:-o:start killed before its first export" \
            "kill-after:-o:start killed after its first export" \
            "kill-outlive:-o:start killed, its exportfs outlives it"; do
  IFS=: read -r when pattern fault <<<"$step"
  reset
  fault_at exportfs "$when" "*$pattern*"
  fault_case "$fault" 137 $E start $T "${X[@]}"
  [[ $when == kill-outlive ]] && { fault_case "$fault" 0 $E stop $T "${X[@]}"; sleep 4; fault_settle
    fault_check "$fault" "nothing exported once the orphan is done" "$(ours)" 0; }
  after "$fault"
done
for step in "kill-before:-u:stop killed before unexporting" \
            "kill-after:-u:stop killed after its first unexport"; do
  IFS=: read -r when pattern fault <<<"$step"
  reset
  fault_case "$fault (setup)" 0 $E start $T "${X[@]}"
  fault_at exportfs "$when" "*$pattern*"
  fault_case "$fault" 137 $E stop $T "${X[@]}"
  after "$fault"
done
reset
fault="state file lost, directories in etab"
fault_case "$fault (setup)" 0 $E start $T "${X[@]}"
rm -f "$HA_RSCTMP"/hanfs-$E-*.state
after "$fault"

# --- planted files in the client-writable export root -----------------------
reset
fault_case "planted (setup)" 0 $E start $T "${X[@]}"
echo "root-owned canary" >/root/canary; chmod 0600 /root/canary
ln -sf /root/canary "$D/a/.rmtab"
fault_case "planted .rmtab symlink to a root file" '0|1' $E stop $T "${X[@]}"
fault_check "planted .rmtab symlink" "canary untouched" "$(stat -c '%a %s' /root/canary)" "600 17"
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
  "newline in client|directory=$D/a|clientspec=$(printf 'a\nb')|fsid=102"
  "newline in directory|directory=$(printf '%s\n%s' "$D/a" "$D/b")|clientspec=*|fsid=102"
  "very long client|directory=$D/a|clientspec=$long|fsid=102"
  "non-UTF-8 client|directory=$D/a|clientspec=$(printf 'h\xff\xfe')|fsid=102"
  "leading dash options|directory=$D/a|clientspec=*|fsid=102|options=-u"
  "fsid=0 with several directories|directory=$D/a $D/b|clientspec=*|fsid=0"
)
for c in "${hostile[@]}"; do
  IFS='|' read -r -d '' desc p1 p2 p3 p4 <<<"$c"; p3=${p3%$'\n'}; p4=${p4%$'\n'}
  fault_case "hostile: $desc" 6 $E start $T "$p1" "$p2" "$p3" ${p4:+"$p4"}
  fault_check "hostile: $desc" "a reason" "$([[ -n $OCF_REASON ]] && echo yes)" yes
  fault_check "hostile: $desc" "nothing exported" "$(ours)" 0
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
fault_case "$fault" '!0' $E start $T "${X[@]}"
lab_run dmsetup resume vgnf-data; fault_settle
after "$fault"
reset

# --- records under an unmounted mount point (defect 8) ----------------------
mkdir -p /srv/unmounted/nfs
fault_case "recovery_dir on the root filesystem" 1 nfs-grace start $T \
  recovery_dir=/srv/unmounted/nfs/v4recovery server_scope=lab-scope
fault_check "recovery_dir on the root filesystem" "nothing written" "$(ls -A /srv/unmounted/nfs | xargs)" ""
fault_case "statd_dir on the root filesystem" 1 nfs-notify start $T \
  source_host=127.0.0.1 statd_dir=/srv/unmounted/nfs/statd
fault_check "statd_dir on the root filesystem" "nothing written" "$(ls -A /srv/unmounted/nfs | xargs)" ""

fault_finish
