#!/bin/bash
# lvm-persistent on real LVM in one VM: bad input changes nothing; start
# persists minors and takes ownership; refusals name the holder; stop and
# monitor stay within their deadline on a mounted, suspended or failing LV;
# a failover rehearsal (another system ID, decoy devices) keeps the minors;
# ocf-tester, crm_resource and pcs -f accept the agent.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"

A=lvm-persistent
P=(vgname=vgnfs vg_access_mode=system_id)
recurring=(CRM_meta_interval=30000)

lab_lvm_init
lab_install_agents
# The node's LVM system ID, as lvm.conf global/system_id_source gives it.
set_node() {
  sed -i '/^# lab system id/,$d' /etc/lvm/lvmlocal.conf
  printf '# lab system id\nglobal {\n\tsystem_id_source = "lvmlocal"\n}\nlocal {\n\tsystem_id = "%s"\n}\n' \
    "$1" >>/etc/lvm/lvmlocal.conf
  lab_log "this node is now LVM system ID $(lvm systemid | sed 's/.*: //')"
}
# The state of LVM that a refused action must leave as it was.
lvm_state() {
  vgs --noheadings -o vg_systemid,vg_autoactivation,vg_tags vgnfs
  lvs --noheadings -o lv_name,lv_minor,lv_active vgnfs
  dmsetup ls
}
dm_major=$(awk '$2 == "device-mapper" {print $1}' /proc/devices)
decoy() { dmsetup create "$1" ${2:+-j "$dm_major" -m "$2"} --table "0 8 zero"; }

set_node nodeA
lab_vg_create vgnfs 256
lab_run lvcreate -q -an -Zn -L 32M -n data vgnfs
lab_run lvcreate -q -an -Zn -L 32M -n lv-logs vgnfs   # a dash: doubled in the dm name

ocf_expect 7 "probe of an inactive VG" $A monitor "${P[@]}"
ocf_expect 0 "validate-all of a good configuration" $A validate-all "${P[@]}"

# --- bad input: the right code, a one-line reason, nothing changed ---------
before=$(lvm_state)
ocf_expect 6 "no vgname" $A start vg_access_mode=system_id; ocf_expect_reason "required parameter vgname"
ocf_expect 6 "empty vgname" $A start vgname= vg_access_mode=system_id
ocf_expect 6 "vgname with shell syntax" $A start 'vgname=vg;reboot' vg_access_mode=system_id
ocf_expect 6 "vgname with a space" $A start 'vgname=vg nfs' vg_access_mode=system_id
ocf_expect 6 "unknown access mode" $A start vgname=vgnfs vg_access_mode=clvmd; ocf_expect_reason "expected one of system_id, tagging"
ocf_expect 6 "access mode missing" $A start vgname=vgnfs
ocf_expect 2 "a VG that does not exist here" $A start vgname=novg vg_access_mode=system_id; ocf_expect_reason "not visible"
ocf_expect 6 "an LV that does not exist" $A start "${P[@]}" lvname=nolv; ocf_expect_reason "LV nolv does not exist"
ocf_expect 6 "minor beyond the kernel's limit" $A start "${P[@]}" minors=data:2000000
ocf_expect 6 "minor that is not a number" $A start "${P[@]}" minors=data:ten
ocf_expect 6 "reversed range" $A start "${P[@]}" minor_range=5-1
ocf_expect 6 "garbled boolean" $A start "${P[@]}" majority_pvs=perhaps
ocf_expect 6 "tagging without volume_list" $A start vgname=vgnfs vg_access_mode=tagging; ocf_expect_reason "volume_list"
decoy taken 10500
ocf_expect 2 "explicit minor taken on this node" $A start "${P[@]}" minors=data:10500; ocf_expect_reason "device taken (dm-10500"
ocf_expect 2 "validate-all sees the taken minor too" $A validate-all "${P[@]}" minors=data:10500
dmsetup remove taken
decoy inrange 10999
ocf_expect 2 "validate-all: a dynamic device inside the reserved range" $A validate-all "${P[@]}"; ocf_expect_reason "overlaps device inrange"
dmsetup remove inrange
lab_expect "bad input changed nothing" "$(lvm_state)" "$before"

# --- start: ownership, persisted minors, verified in sysfs -----------------
ocf_expect 0 "start as nodeA" $A start "${P[@]}"
lab_expect "persisted minors" "$(lvs --noheadings -o lv_name,lv_minor vgnfs | xargs)" "data 10000 lv-logs 10001"
lab_expect "data's device" "$(cat /sys/block/dm-10000/dm/name)" "vgnfs-data"
lab_expect "lv-logs's device" "$(cat /sys/block/dm-10001/dm/name)" "vgnfs-lv--logs"
lab_expect "owner" "$(vgs --noheadings -o vg_systemid vgnfs | xargs)" "nodeA"
lab_expect "autoactivation" "$(vgs --noheadings -o vg_autoactivation vgnfs | xargs)" ""
lab_result minors_node_a "$(lab_dev_minor /dev/vgnfs/data) $(lab_dev_minor /dev/vgnfs/lv-logs)"
ocf_expect 0 "start of a started VG" $A start "${P[@]}"
ocf_expect 0 "recurring monitor" $A monitor "${P[@]}" "${recurring[@]}"
OCF_CHECK_LEVEL=10 ocf_expect 0 "monitor depth 10 reads every LV" $A monitor "${P[@]}" "${recurring[@]}"

# --- stop with a mounted LV: refused in time, naming the mount -------------
lab_run mkfs.ext4 -q /dev/vgnfs/data
mkdir -p /mnt/data && lab_run mount /dev/vgnfs/data /mnt/data
OCF_TIMEOUT_MS=20000 ocf_expect 1 "stop with data mounted" $A stop "${P[@]}"
ocf_expect_reason "mounted on /mnt/data"
(( OCF_MS < 20000 )) || lab_fail "stop took ${OCF_MS} ms"
lab_run umount /mnt/data

# --- monitor depth 10 on a suspended and on a failing device ---------------
lab_run dmsetup suspend vgnfs-lv--logs
export OCF_CHECK_LEVEL=10
OCF_TIMEOUT_MS=20000 ocf_expect 1 "depth 10 with a suspended LV" $A monitor "${P[@]}" "${recurring[@]}"
ocf_expect_reason "suspended"
(( OCF_MS < 20000 )) || lab_fail "monitor took ${OCF_MS} ms"
lab_run dmsetup resume vgnfs-lv--logs
table=$(dmsetup table vgnfs-lv--logs)
sectors=$(blockdev --getsz /dev/vgnfs/lv-logs)
lab_run dmsetup load vgnfs-lv--logs --table "0 $sectors error"
lab_run dmsetup resume vgnfs-lv--logs
OCF_TIMEOUT_MS=20000 ocf_expect 1 "depth 10 with a failing LV" $A monitor "${P[@]}" "${recurring[@]}"
ocf_expect_reason "reading LV vgnfs/lv-logs failed"
lab_run dmsetup load vgnfs-lv--logs --table "$table"
lab_run dmsetup resume vgnfs-lv--logs
ocf_expect 0 "depth 10 healthy again" $A monitor "${P[@]}" "${recurring[@]}"
unset OCF_CHECK_LEVEL

# --- stop ------------------------------------------------------------------
ocf_expect 0 "stop" $A stop "${P[@]}"
lab_expect "nothing active after stop" "$(lvs --noheadings -o lv_active vgnfs | xargs)" ""
ocf_expect 0 "stop of a stopped VG" $A stop "${P[@]}"
# A broken configuration still stops what start activated. Started first,
# else this cannot fail (a stop of a stopped VG succeeds whatever it does).
ocf_expect 0 "start of the LVs a broken stop must find" $A start "${P[@]}" lvname=data,lv-logs
lab_expect "active before the broken stop" "$(lvs --noheadings -o lv_name,lv_active vgnfs | xargs)" \
  "data active lv-logs active"
ocf_expect 0 "stop with a broken configuration" $A stop "${P[@]}" lvname=data,lv-logs minor_range=garbage
lab_expect "nothing active after a stop with a broken configuration" \
  "$(lvs --noheadings -o lv_active vgnfs | xargs)" ""
lab_expect "no device of vgnfs left after it" "$(dmsetup ls | grep -c '^vgnfs-' || true)" "0"
ocf_expect 0 "stop of a stopped VG with a broken configuration" $A stop vgname=vgnfs minors=garbage
ocf_expect 0 "stop of a VG that does not exist" $A stop vgname=novg vg_access_mode=system_id
ocf_expect 7 "probe after stop" $A monitor "${P[@]}"

# --- failover rehearsal: another node, other devices, same minors ----------
set_node nodeB
for d in decoy0 decoy1 decoy2; do decoy $d; done      # dynamic minors 0..2 taken
decoy decoy10002 10002                                  # and one in the range
lab_log "devices on 'nodeB': $(dmsetup ls | xargs)"
# A dynamic device in minor_range: start refuses it as validate-all does.
before=$(lvm_state)
ocf_expect 2 "start with a dynamic device in the range" $A start "${P[@]}"
ocf_expect_reason "minor_range 10000-10999 overlaps device decoy10002"
lab_expect "refused start changed nothing" "$(lvm_state)" "$before"
dmsetup remove decoy10002
ocf_expect 0 "start as nodeB" $A start "${P[@]}"
lab_expect "minors after the move" "$(lab_dev_minor /dev/vgnfs/data) $(lab_dev_minor /dev/vgnfs/lv-logs)" \
  "$(grep '^minors_node_a=' "$LAB_OUT/results" | cut -d= -f2)"
lab_expect "ownership moved" "$(vgs --noheadings -o vg_systemid vgnfs | xargs)" "nodeB"
lab_expect "autoactivation still off" "$(vgs --noheadings -o vg_autoactivation vgnfs | xargs)" ""
lab_result minors_node_b "$(lab_dev_minor /dev/vgnfs/data) $(lab_dev_minor /dev/vgnfs/lv-logs)"

# A recurring monitor that finds the VG gone fails; a probe says "stopped".
lab_run vgchange -q -an vgnfs
ocf_expect 1 "recurring monitor after deactivation behind its back" $A monitor "${P[@]}" "${recurring[@]}"
ocf_expect_reason "no longer active"
ocf_expect 7 "probe after deactivation behind its back" $A monitor "${P[@]}"
ocf_expect 0 "stop cleans up" $A stop "${P[@]}"

# The persisted minor held by another device here: refused, named, unchanged.
decoy holder 10000
before=$(lvm_state)
ocf_expect 2 "start with the persisted minor taken" $A start "${P[@]}"
ocf_expect_reason "taken on this node by device holder (dm-10000"
lab_expect "refused start changed nothing" "$(lvm_state)" "$before"
for d in holder decoy0 decoy1 decoy2; do dmsetup remove $d; done

# --- lvm.conf settings that defeat the access mode; tagging round trip -----
cp /etc/lvm/lvmlocal.conf /tmp/lvmlocal.conf.saved
sed -i 's/^activation {$/activation {\n\tvolume_list = [ "vgnone" ]/' /etc/lvm/lvmlocal.conf
ocf_expect 6 "system_id mode with volume_list set" $A validate-all "${P[@]}"; ocf_expect_reason "volume_list"
T=(vgname=vgnfs vg_access_mode=tagging tag=hanfs_owner)
ocf_expect 0 "start in tagging mode" $A start "${T[@]}"
lab_expect "tagged" "$(vgs --noheadings -o vg_tags vgnfs | xargs)" "hanfs_owner"
lab_expect "active through the tag" "$(lvs --noheadings -o lv_name,lv_minor,lv_active vgnfs | xargs)" \
  "data 10000 active lv-logs 10001 active"
ocf_expect 0 "stop in tagging mode" $A stop "${T[@]}"
lab_expect "tag given back" "$(vgs --noheadings -o vg_tags vgnfs | xargs)" ""
cp /tmp/lvmlocal.conf.saved /etc/lvm/lvmlocal.conf

# --- the tools users certify and drive agents with -------------------------
lab_log "+ ocf-tester"
ocf-tester -n vgtest -o vgname=vgnfs -o vg_access_mode=system_id "$OCF_ROOT/resource.d/hanfs/$A" \
  >"$LAB_OUT/ocf-tester.log" 2>&1 || { cat "$LAB_OUT/ocf-tester.log"; lab_fail "ocf-tester failed"; }
tail -2 "$LAB_OUT/ocf-tester.log"
crm() { crm_resource "$1" --class ocf --provider hanfs --agent $A --option vgname=vgnfs \
          --option vg_access_mode=system_id >>"$LAB_OUT/crm_resource.log" 2>&1; echo $?; }
lab_expect "crm_resource --validate" "$(crm --validate)" 0
lab_expect "crm_resource --force-check when stopped" "$(crm --force-check)" 7
lab_expect "crm_resource --force-start" "$(crm --force-start)" 0
lab_expect "crm_resource --force-check when started" "$(crm --force-check)" 0
lab_expect "crm_resource --force-stop" "$(crm --force-stop)" 0
lab_expect "crm_resource --force-check after stop" "$(crm --force-check)" 7

cibadmin --empty >/tmp/cib.xml
lab_run pcs -f /tmp/cib.xml resource create vg1 ocf:hanfs:$A vgname=vgnfs vg_access_mode=system_id
if pcs -f /tmp/cib.xml resource create vg2 ocf:hanfs:$A vgname=vgnfs vg_access_mode=system_id \
     >"$LAB_OUT/pcs-duplicate.log" 2>&1; then
  lab_fail "pcs accepted a second resource on VG vgnfs"
fi
lab_log "pcs refused the duplicate VG: $(grep -i unique "$LAB_OUT/pcs-duplicate.log" | head -1)"
grep -qi unique "$LAB_OUT/pcs-duplicate.log" || lab_fail "pcs refused for another reason: $(cat "$LAB_OUT/pcs-duplicate.log")"
lab_log "lvm-persistent one-node scenario passed"
