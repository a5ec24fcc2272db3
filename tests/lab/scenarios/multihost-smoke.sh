#!/bin/bash
# Multi-host smoke test (run-lab: server1, server2 with a shared disk, client).
# Every host pings every other one; server1 puts a VG on the shared disk and
# writes a file into it, hands it over (deactivates), and server2 activates
# the same VG and reads the file back: both servers see the same disk.
set -euo pipefail
source "$LAB_LIB"

# Nobody moves on (or powers off) before everyone has answered everyone.
for h in $LAB_HOSTS; do
  [[ $h == "$LAB_HOST" ]] && continue
  lab_wait_host "$h" 60
  lab_log "ping $h ($(getent hosts "$h" | cut -d' ' -f1)): ok"
done
lab_result ping_all ok
lab_barrier pinged

token_file=$LAB_RESULTS/shared-token     # what server1 wrote, for server2 to compare
case $LAB_HOST in
  server1)
    lab_lvm_init
    disk=$(lab_disk shared)
    lab_log "shared disk is $disk ($(blockdev --getsize64 "$disk") bytes)"
    lab_run pvcreate -q "$disk"
    lab_run vgcreate -q vgshared "$disk"
    lab_run lvcreate -q -y -n data -L 32M vgshared
    lab_run mkfs.ext4 -q /dev/vgshared/data
    mkdir -p /mnt/shared
    lab_run mount /dev/vgshared/data /mnt/shared
    token="written by server1 at $(date +%s.%N) $RANDOM$RANDOM"
    echo "$token" >/mnt/shared/token
    lab_run umount /mnt/shared
    lab_run vgchange -q -an vgshared
    echo "$token" >"$token_file"
    lab_result wrote "$token"
    lab_signal shared-written
    lab_wait shared-read
    ;;
  server2)
    lab_lvm_init
    lab_wait shared-written
    disk=$(lab_disk shared)
    blockdev --flushbufs "$disk"          # nothing stale from the boot-time scan
    lab_log "server2 sees: $(pvs --noheadings -o pv_name,vg_name "$disk" | xargs)"
    lab_run vgchange -q -ay vgshared
    mkdir -p /mnt/shared
    lab_run mount -o ro /dev/vgshared/data /mnt/shared
    lab_expect "server2 reads server1's file on the shared disk" \
      "$(cat /mnt/shared/token)" "$(cat "$token_file")"
    lab_result read "$(cat /mnt/shared/token)"
    lab_run umount /mnt/shared
    lab_run vgchange -q -an vgshared
    lab_signal shared-read
    ;;
  *)
    lab_log "client: $(lab_hosts_with_role server | xargs) are the servers"
    lab_wait shared-read
    ;;
esac
lab_log "multi-host smoke passed on $LAB_HOST"
