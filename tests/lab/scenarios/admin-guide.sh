#!/bin/bash
# The administrator's guide's debugging commands (docs/admin-guide.md,
# section 5), run as the guide writes them, on one VM (pcs resource describe:
# pcs-describe.sh):
#   1. crm_resource --validate of lvm-persistent on a node without an LVM
#      system ID (5, the reason says what to set), then with one (0);
#   2. crm_resource --validate / --force-start / --force-check at levels 0,
#      10, 20 / --force-stop of nfs-export-fsid on a real NFS server, and a
#      validate of a broken fsid (6, the reason names the parameter);
#   3. the agent run by hand with OCF_CHECK_LEVEL=20.
# Outputs go to $LAB_OUT (crm_resource-*.txt, by-hand-monitor-20.txt).
set -euo pipefail
source "$LAB_LIB"
lab_install_agents

# expect_rc WANT LOG CMD...: run CMD (output to $LAB_OUT/LOG), fail unless it exits WANT.
expect_rc() {
  local want=$1 log=$LAB_OUT/$2 rc=0; shift 2
  lab_log "+ $*"
  "$@" >"$log" 2>&1 || rc=$?
  [[ $rc == "$want" ]] || lab_fail "'$*' exited $rc, expected $want: $(tail -5 "$log")"
  lab_log "ok: exit $rc"
}

# --- 1. lvm-persistent: validate needs a system ID ----------------------------
lab_lvm_init
lab_vg_create vgnfs 64
lab_run lvcreate -q -y -Zn -L 16M -n data vgnfs
lab_run vgchange -q -an vgnfs   # as the guide leaves it: else validate refuses an LV active on the wrong minor
expect_rc 5 crm_resource-validate-no-systemid.txt \
  crm_resource --validate --class ocf --provider hanfs --agent lvm-persistent --option vgname=vgnfs --option vg_access_mode=system_id
grep -q "system_id_source" "$LAB_OUT/crm_resource-validate-no-systemid.txt" \
  || lab_fail "the reason does not say to set system_id_source: $(cat "$LAB_OUT/crm_resource-validate-no-systemid.txt")"
printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
lab_run lvm systemid
expect_rc 0 crm_resource-validate-lvm.txt \
  crm_resource --validate --class ocf --provider hanfs --agent lvm-persistent --option vgname=vgnfs --option vg_access_mode=system_id

# --- 2. nfs-export-fsid: validate, force-start, force-check levels, force-stop --
lab_nfs_start
EXPORT_DIR=$LAB_EXPORT_ROOT/data
mkdir -p "$EXPORT_DIR"
mount -t tmpfs -o size=1m data "$EXPORT_DIR"   # no filesystem UUID: fsid must be given
expect_rc 6 crm_resource-validate-bad-fsid.txt \
  crm_resource --validate --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=10.5
grep -q "fsid" "$LAB_OUT/crm_resource-validate-bad-fsid.txt" \
  || lab_fail "the reason does not name fsid: $(cat "$LAB_OUT/crm_resource-validate-bad-fsid.txt")"
expect_rc 0 crm_resource-validate.txt \
  crm_resource --validate --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
expect_rc 7 crm_resource-check-stopped.txt \
  crm_resource --force-check --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
expect_rc 0 crm_resource-start.txt \
  crm_resource --force-start --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
grep -q "^$EXPORT_DIR[[:space:]].*fsid=1001" /var/lib/nfs/etab || lab_fail "not exported with fsid=1001: $(cat /var/lib/nfs/etab)"
for level in 0 10 20; do
  expect_rc 0 crm_resource-check-$level.txt \
    crm_resource --force-check=$level --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
done

# --- 3. by hand, as the guide shows for a closer look ----------------------------
# (crm_resource names the resource "test": the agent's state is per instance.)
expect_rc 0 by-hand-monitor-20.txt env \
  OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=test OCF_CHECK_LEVEL=20 OCF_RESKEY_directory=$EXPORT_DIR OCF_RESKEY_clientspec=198.18.0.0/24 OCF_RESKEY_fsid=1001 HA_debug=1 /usr/lib/ocf/resource.d/hanfs/nfs-export-fsid monitor

expect_rc 0 crm_resource-stop.txt \
  crm_resource --force-stop --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
expect_rc 7 crm_resource-check-stopped-again.txt \
  crm_resource --force-check --class ocf --provider hanfs --agent nfs-export-fsid --option directory=$EXPORT_DIR --option clientspec=198.18.0.0/24 --option fsid=1001
lab_log "PASS"
