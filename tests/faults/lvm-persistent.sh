#!/bin/bash
# Fault tier, lvm-persistent (issue 15, defects 1-4, 10): the agent killed at
# each step of start and stop, then what Pacemaker runs next (probe, stop,
# start); lvs failing or hanging with the state file gone; a frozen PV (dm
# linear over a loop device, suspended) under start, stop, probe and monitor
# at depths 0 and 10; two and four VGs started at once, fresh and after a
# clash persisted by hand. Never two owners, never past the timeout.
set -uo pipefail
source "$LAB_LIB"
source "$HANFS_SOURCE_DIR/tests/faults/lib.sh"

A=lvm-persistent
T=20000                                 # CRM_meta_timeout of every action
export HA_RSCTMP=/run/resource-agents
lab_lvm_init
lab_install_agents
# system_id mode needs the node's LVM system ID (as lvm-persistent-one-node.sh)
printf 'global {\n\tsystem_id_source = "lvmlocal"\n}\nlocal {\n\tsystem_id = "nodeA"\n}\n' >>/etc/lvm/lvmlocal.conf
fault_shim lvchange vgchange lvs vgs

# A PV that can freeze: dm linear over a loop device.
loop=$(lab_loop_dev 128 pv-fa)
sectors=$(blockdev --getsz "$loop")
# LVM sees the PV through the dm device only (else: duplicate PV)
sed -i "s#^devices {\$#devices {\n\tglobal_filter = [ \"r|^$loop\$|\" ]#" /etc/lvm/lvmlocal.conf
lab_run dmsetup create pvfa --table "0 $sectors linear $loop 0"
lab_run pvcreate -q /dev/mapper/pvfa
lab_run vgcreate -q vgfa /dev/mapper/pvfa
lab_run lvcreate -q -an -Zn -L 16M -n lv1 vgfa
lab_run lvcreate -q -an -Zn -L 16M -n lv2 vgfa
P=(vgname=vgfa vg_access_mode=system_id)

active() { dmsetup ls | awk '$1 ~ /^vgfa-/ {print $1}' | sort | xargs; }
FROZEN=0   # while the PV is suspended an lvs would sleep in the kernel for good
fault_state() {
  echo "active: $(active)"
  if (( FROZEN )); then echo "minors: (PV frozen: not asked)"
  else echo "minors: $(real lvs --noheadings -o lv_name,lv_minor,lv_kernel_minor vgfa 2>/dev/null | xargs)"; fi
  echo "statefile: $(ls $HA_RSCTMP 2>/dev/null | grep -c "^hanfs-$A-")"
}
reset() {  # nothing armed, nothing active, no state file
  fault_clear; fault_settle
  real vgchange -q -an vgfa >/dev/null 2>&1; rm -f "$HA_RSCTMP"/hanfs-$A-*.state
}
# after FAULT: what Pacemaker runs after an interruption: a probe that must
# not say 7 while anything is active, a stop that leaves nothing active,
# a start that gives every LV its minor.
after() {
  local want=7
  [[ -n $(active) ]] && want='!7'
  fault_case "$1" "$want" $A monitor $T "${P[@]}" CRM_meta_interval=0
  fault_case "$1" 0 $A stop $T "${P[@]}"
  fault_check "$1" "nothing active after stop" "$(active)" ""
  fault_case "$1" 0 $A start $T "${P[@]}"
  fault_check "$1" "LVs on their minors" "$(real lvs --noheadings -o lv_name,lv_minor,lv_kernel_minor vgfa | xargs)" \
    "lv1 10000 10000 lv2 10001 10001"
}

# --- killed at each step of start ------------------------------------------
for step in "kill-before:lvchange:*--persistent*:start killed after ownership" \
            "kill-before:lvchange:*--activate y*:start killed after persist" \
            "kill-after:lvchange:*--activate y*:start killed after activation, before the state write" \
            "kill-outlive:lvchange:*--activate y*:start killed, its lvchange -ay outlives it"; do
  IFS=: read -r when prog pattern fault <<<"$step"
  reset
  [[ $fault == *persist\ * || $fault == *ownership* ]] && real lvchange -q --persistent n vgfa/lv1 vgfa/lv2 -y >/dev/null 2>&1
  fault_at "$prog" "$when" "$pattern"
  fault_case "$fault" 137 $A start $T "${P[@]}"
  fault_fired "$prog" || fault_check "$fault" "the step was reached" no yes
  if [[ $when == kill-outlive ]]; then
    # the stop Pacemaker runs next, then the child that outlived the agent
    fault_case "$fault" 0 $A stop $T "${P[@]}"
    sleep 4; fault_settle
    fault_check "$fault" "nothing active once the orphan is done" "$(active)" ""
  fi
  after "$fault"
done

# --- killed at each step of stop -------------------------------------------
for step in "kill-before:lvchange:*--activate n*:stop killed before deactivation" \
            "kill-after:lvchange:*--activate n*:stop killed after deactivation"; do
  # (system_id mode keeps the VG's system ID at stop: no ownership step)
  IFS=: read -r when prog pattern fault <<<"$step"
  reset
  fault_case "$fault (setup)" 0 $A start $T "${P[@]}"
  fault_at "$prog" "$when" "$pattern"
  fault_case "$fault" 137 $A stop $T "${P[@]}"
  fault_fired "$prog" || fault_check "$fault" "the step was reached" no yes
  after "$fault"
done

# --- the state file gone while the LVs are active; lvs fails or hangs -------
for how in fail hang; do
  fault="state file removed, lvs ${how}s"
  reset
  fault_case "$fault (setup)" 0 $A start $T "${P[@]}"
  rm -f "$HA_RSCTMP"/hanfs-$A-*.state
  fault_at lvs "$how" "*" always; fault_at vgs "$how" "*" always
  fault_case "$fault" '!7' $A monitor $T "${P[@]}" CRM_meta_interval=0
  fault_case "$fault" '1|0' $A stop $T "${P[@]}"
  [[ $OCF_RC == 0 ]] && fault_check "$fault" "stop 0 means nothing active" "$(active)" ""
  fault_clear; fault_settle
  after "$fault"
done

# --- frozen PV under the VG --------------------------------------------------
fault="frozen PV, VG active"
reset
fault_case "$fault (setup)" 0 $A start $T "${P[@]}"
lab_run dmsetup suspend pvfa; FROZEN=1
fault_case "$fault" '0|1' $A monitor $T "${P[@]}" CRM_meta_interval=0
fault_case "$fault" '0|1' $A monitor $T "${P[@]}" CRM_meta_interval=30000
OCF_CHECK_LEVEL=10 fault_case "$fault" 1 $A monitor $T "${P[@]}" CRM_meta_interval=30000
fault_case "$fault" 1 $A stop $T "${P[@]}"
fault_reason_has "$fault" pvfa
lab_run dmsetup resume pvfa; FROZEN=0; fault_settle
after "$fault"
fault="frozen PV, VG inactive"
reset
lab_run dmsetup suspend pvfa; FROZEN=1
fault_case "$fault" '!0' $A start $T "${P[@]}"
# sysfs shows nothing of the VG: the kernel's word, 7, without asking LVM
fault_case "$fault" 7 $A monitor $T "${P[@]}" CRM_meta_interval=0
lab_run dmsetup resume pvfa; FROZEN=0; fault_settle
after "$fault"
reset

# --- concurrent starts: two and four VGs, fresh and with a clash ------------
for i in 1 2 3 4; do
  lab_vg_create vgc$i 32
  lab_run lvcreate -q -an -Zn -L 8M -n lv vgc$i
done
# Starts that meet serialise on the node lock, and LVM's commands take 1-2 s
# each under emulation (several times that on a loaded CI machine): four in
# a row need 19 s on a quiet one, and took more than 55 s beside a compile
# and two other VMs. 90 s, LVM-activate's own start timeout, is what is
# asserted, each start before it.
TC=90000
concurrent() {  # FAULT VG...
  local fault=$1 vg pids=() rc; shift
  for vg in "$@"; do
    ( OCF_INSTANCE=$vg fault_case "$fault" 0 $A start $TC vgname=$vg vg_access_mode=system_id ) &
    pids+=($!)
  done
  for rc in "${pids[@]}"; do wait "$rc" || FAULT_FAILED=1; done
  grep -q "^$fault |.*FAIL" "$FAULT_TABLE" && FAULT_FAILED=1
  local minors
  minors=$(for vg in "$@"; do real lvs --noheadings -o lv_kernel_minor $vg/lv; done | xargs)
  fault_check "$fault" "distinct minors ($minors)" "$(tr ' ' '\n' <<<"$minors" | sort | uniq -d | xargs)" ""
  fault_check "$fault" "persisted = kernel" "$(for vg in "$@"; do real lvs --noheadings -o lv_minor,lv_kernel_minor $vg/lv | awk '$1 != $2'; done)" ""
  for vg in "$@"; do OCF_INSTANCE=$vg ocf_run $A stop vgname=$vg vg_access_mode=system_id; done
}
fresh() { local vg; for vg in "$@"; do real lvchange -q -y --persistent n $vg/lv >/dev/null 2>&1; done; }
fresh vgc1 vgc2; concurrent "two VGs at once, fresh" vgc1 vgc2
fresh vgc1 vgc2 vgc3 vgc4; concurrent "four VGs at once, fresh" vgc1 vgc2 vgc3 vgc4
for vg in vgc1 vgc2; do lab_run lvchange -q -y --persistent y --minor 10000 $vg/lv; done
concurrent "two VGs at once, both persisted 10000" vgc1 vgc2
for vg in vgc1 vgc2 vgc3 vgc4; do lab_run lvchange -q -y --persistent y --minor 10000 $vg/lv; done
concurrent "four VGs at once, all persisted 10000" vgc1 vgc2 vgc3 vgc4

fault_finish
