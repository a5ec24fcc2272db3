#!/bin/bash
# lvm-persistent on two VMs sharing a disk (run-lab: server1, server2). Each
# node's LVM system ID is its host name. server1 creates the VG and starts
# the agent, which persists the minors in the shared metadata, then stops.
# server2 cannot activate the VG by hand (it belongs to server1); the agent
# takes it over and brings every LV up on the same minor, although server2
# has other devices, one of them inside the reserved range. With the
# persisted minor itself taken, server2 refuses and names the holder.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"

A=lvm-persistent
P=(vgname=vgshared vg_access_mode=system_id)
minors_file=$LAB_RESULTS/minors-server1

lab_lvm_init
lab_install_agents
printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
lab_log "LVM system ID: $(lvm systemid | sed 's/.*: //')"
disk=$(lab_disk shared)
dm_major=$(awk '$2 == "device-mapper" {print $1}' /proc/devices)
decoy() { dmsetup create "$1" ${2:+-j "$dm_major" -m "$2"} --table "0 8 zero"; }
minors() { echo "$(lab_dev_minor /dev/vgshared/data) $(lab_dev_minor /dev/vgshared/logs)"; }

case $LAB_HOST in
  server1)
    lab_run pvcreate -q "$disk"
    lab_run vgcreate -q vgshared "$disk"
    lab_run lvcreate -q -an -Zn -L 16M -n data vgshared
    lab_run lvcreate -q -an -Zn -L 16M -n logs vgshared
    ocf_expect 0 "server1 starts the VG" $A start "${P[@]}"
    minors >"$minors_file"
    lab_result minors "$(minors)"
    lab_expect "persisted in the metadata" "$(lvs --noheadings -o lv_name,lv_minor vgshared | xargs)" \
      "data 10000 logs 10001"
    ocf_expect 0 "server1 stops the VG" $A stop "${P[@]}"
    lab_signal server1-stopped
    lab_wait server2-done
    ;;
  server2)
    lab_wait server1-stopped
    blockdev --flushbufs "$disk"
    lab_expect "the VG belongs to server1" "$(vgs --foreign --noheadings -o vg_systemid vgshared | xargs)" server1
    if vgchange -q -ay vgshared >"$LAB_OUT/manual-activation.log" 2>&1 && \
       [[ -n $(lvs --noheadings -o lv_active vgshared 2>/dev/null | xargs) ]]; then
      lab_fail "server2 activated server1's VG by hand"
    fi
    lab_log "manual activation refused: $(tail -1 "$LAB_OUT/manual-activation.log")"
    ocf_expect 7 "probe on server2" $A monitor "${P[@]}"

    for d in other0 other1 other2; do decoy $d; done
    decoy inrange 10005
    # A dynamic device in minor_range: start refuses it as validate-all does.
    ocf_expect 2 "start with a dynamic device in the range" $A start "${P[@]}"
    ocf_expect_reason "minor_range 10000-10999 overlaps device inrange"
    dmsetup remove inrange
    ocf_expect 0 "server2 takes the VG over" $A start "${P[@]}"
    lab_result minors "$(minors)"
    lab_expect "same minors on both nodes" "$(minors)" "$(cat "$minors_file")"
    lab_expect "owner is now server2" "$(vgs --noheadings -o vg_systemid vgshared | xargs)" server2
    lab_expect "autoactivation off" "$(vgs --noheadings -o vg_autoactivation vgshared | xargs)" ""
    ocf_expect 0 "server2 monitors" $A monitor "${P[@]}" CRM_meta_interval=30000
    ocf_expect 0 "server2 stops" $A stop "${P[@]}"

    decoy holder 10001
    ocf_expect 2 "start with the persisted minor of logs taken" $A start "${P[@]}"
    ocf_expect_reason "taken on this node by device holder (dm-10001"
    lab_expect "nothing activated by the refused start" "$(lvs --noheadings -o lv_active vgshared | xargs)" ""
    lab_signal server2-done
    ;;
esac
lab_log "lvm-persistent two-node scenario passed on $LAB_HOST"
