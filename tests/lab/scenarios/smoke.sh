#!/bin/bash
# Lab smoke test (one VM): LVM on a loop PV, ext4, the kernel NFS server, and
# the same export mounted over NFSv3 and NFSv4.2 on loopback; data written
# through each mount is read back through the other.
set -euo pipefail
source "$LAB_LIB"

lab_modules
lab_lvm_init
lab_vg_create vgsmoke 128
lab_run lvcreate -q -y -n data -L 64M vgsmoke
lab_run mkfs.ext4 -q /dev/vgsmoke/data
lab_result lv_device "$(lab_dev_minor /dev/vgsmoke/data)"

lab_nfs_start
export_dir=$LAB_EXPORT_ROOT/data
mkdir -p "$export_dir"
lab_run mount /dev/vgsmoke/data "$export_dir"
lab_export "$export_dir"
lab_log "exports: $(exportfs -v | tr -s ' \n\t' ' ')"

lab_mount 3 127.0.0.1 "$export_dir" /mnt/v3
lab_mount 4.2 127.0.0.1 "$export_dir" /mnt/v4
grep -E ' /mnt/v[34] ' /proc/mounts | while read -r line; do lab_log "mounted: $line"; done

# v3 -> v4: write through one mount, read through the other. Both mounts
# cache, so read with O_DIRECT to make sure the bytes come from the server.
echo "written over v3 on $LAB_HOST" >/mnt/v3/from-v3
echo "written over v4 on $LAB_HOST" >/mnt/v4/from-v4
sync
lab_expect "v4 reads the v3 file" "$(dd if=/mnt/v4/from-v3 iflag=direct bs=4096 status=none)" \
  "written over v3 on $LAB_HOST"
lab_expect "v3 reads the v4 file" "$(dd if=/mnt/v3/from-v4 iflag=direct bs=4096 status=none)" \
  "written over v4 on $LAB_HOST"
lab_expect "server sees both files" "$(cat "$export_dir/from-v3" "$export_dir/from-v4" | wc -l)" 2

# A bigger file, checksummed on the server side.
dd if=/dev/urandom of=/mnt/v4/blob bs=1M count=4 status=none
sync
lab_expect "4 MiB through v4 reads back over v3" \
  "$(sha256sum </mnt/v3/blob)" "$(sha256sum <"$export_dir/blob")"
lab_result smoke_v3_v4 ok

lab_run umount /mnt/v3
lab_run umount /mnt/v4
lab_unexport "$export_dir"
lab_run umount "$export_dir"
lab_nfs_stop
lab_run vgchange -q -an vgsmoke
lab_log "smoke passed"
