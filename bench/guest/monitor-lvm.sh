#!/bin/bash
# Monitor cost, lvm-persistent (depth 0 and 10) beside
# ocf:heartbeat:LVM-activate, on a VG of 1..N LVs (BENCH_LV_SIZES), system ID
# access mode, the same VG for both agents in the same run.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ours=$(ocf hanfs/lvm-persistent) theirs=$(ocf heartbeat/LVM-activate)
printf 'global {\n\tsystem_id_source = "lvmlocal"\n}\nlocal {\n\tsystem_id = "bench"\n}\n' >>/etc/lvm/lvmlocal.conf

for n in $BENCH_LV_SIZES; do
  vg=vgb$n
  lab_vg_create "$vg" $((n * 4 + 16))
  for ((i = 1; i <= n; i++)); do
    lvcreate -q -an -Zn -L 4M -n "lv$i" "$vg" >/dev/null || lab_fail "lvcreate $vg/lv$i"
  done
  rsc=(env OCF_RESOURCE_INSTANCE=$vg OCF_RESKEY_vgname=$vg OCF_RESKEY_vg_access_mode=system_id
       OCF_RESKEY_CRM_meta_interval=30000)
  "${rsc[@]}" "$ours" start >/dev/null 2>&1 || lab_fail "lvm-persistent start ($n LVs)"
  bench_repeat monitor-lvm lvm-persistent "$n" "${rsc[@]}" "$ours" monitor
  bench_repeat monitor-lvm-depth10 lvm-persistent "$n" "${rsc[@]}" OCF_CHECK_LEVEL=10 "$ours" monitor
  bench_baseline monitor-lvm "$n" "${rsc[@]}" "$ours" monitor
  bench_baseline monitor-lvm-depth10 "$n" "${rsc[@]}" OCF_CHECK_LEVEL=10 "$ours" monitor
  "${rsc[@]}" "$ours" stop >/dev/null 2>&1 || lab_fail "lvm-persistent stop ($n LVs)"
  "${rsc[@]}" "$theirs" start >/dev/null 2>&1 || lab_fail "LVM-activate start ($n LVs)"
  bench_repeat monitor-lvm LVM-activate "$n" "${rsc[@]}" "$theirs" monitor
  bench_repeat monitor-lvm-depth10 LVM-activate "$n" "${rsc[@]}" OCF_CHECK_LEVEL=10 "$theirs" monitor
  "${rsc[@]}" "$theirs" stop >/dev/null 2>&1 || lab_fail "LVM-activate stop ($n LVs)"
done
