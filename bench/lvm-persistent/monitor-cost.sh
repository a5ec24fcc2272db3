#!/bin/bash
# Monitor cost, lvm-persistent (depth 0 and 10) beside ocf:heartbeat:LVM-activate,
# in the same lab VM, same VG (two LVs), same run. Run from the repository:
#   tests/lab/run-vm --deadline 600 --env HANFS_BUILD_DIR=$PWD/build/default \
#     -- bench/lvm-persistent/monitor-cost.sh [CALLS]
# Prints, per agent and depth: mean and median wall ms per call, and the
# processes each call created (from the kernel's last-pid counter, less the
# one the benchmark's own shell forks to run the agent).
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"
calls=${1:-50}

lab_lvm_init
lab_install_agents
printf 'global {\n\tsystem_id_source = "lvmlocal"\n}\nlocal {\n\tsystem_id = "bench"\n}\n' >>/etc/lvm/lvmlocal.conf
lab_vg_create vgbench 128
lvcreate -q -an -Zn -L 16M -n a vgbench >/dev/null
lvcreate -q -an -Zn -L 16M -n b vgbench >/dev/null

last_pid() { cut -d' ' -f5 /proc/loadavg; }
# measure NAME CALLS CMD...: runs CMD CALLS times (it must exit 0).
measure() {
  local name=$1 n=$2; shift 2
  local times=() forks=0 i t0 t1 p0 p1
  for ((i = 0; i < n; i++)); do
    p0=$(last_pid); t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || lab_fail "$name: call $i failed"
    t1=$(date +%s%N); p1=$(last_pid)
    times+=($(( (t1 - t0) / 1000 )))
    forks=$(( forks + p1 - p0 - 2 ))   # the subshell for $(date) and the fork for "$@"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" -v n="$n" -v forks="$forks" '
    { v[NR] = $1; s += $1 }
    END { printf "%-40s calls %4d  mean %7.1f ms  median %7.1f ms  processes/call %.1f\n",
          name, n, s / n / 1000, v[int((n + 1) / 2)] / 1000, forks / n }' | tee -a "$LAB_OUT/bench.txt"
}

ours=(env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=vgbench OCF_RESKEY_vgname=vgbench
      OCF_RESKEY_vg_access_mode=system_id OCF_RESKEY_CRM_meta_interval=30000
      /usr/lib/ocf/resource.d/hanfs/lvm-persistent)
theirs=(env OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=vgbench OCF_RESKEY_vgname=vgbench
        OCF_RESKEY_vg_access_mode=system_id OCF_RESKEY_CRM_meta_interval=30000
        /usr/lib/ocf/resource.d/heartbeat/LVM-activate)

"${ours[@]}" start || lab_fail "lvm-persistent start"
measure "calibration: /bin/true" "$calls" /bin/true
measure "lvm-persistent monitor depth 0" "$calls" "${ours[@]}" monitor
measure "lvm-persistent monitor depth 10" "$calls" env OCF_CHECK_LEVEL=10 "${ours[@]}" monitor
"${ours[@]}" stop || lab_fail "lvm-persistent stop"
"${theirs[@]}" start >/dev/null 2>&1 || lab_fail "LVM-activate start"
measure "LVM-activate monitor depth 0" "$calls" "${theirs[@]}" monitor
measure "LVM-activate monitor depth 10" "$calls" env OCF_CHECK_LEVEL=10 "${theirs[@]}" monitor
"${theirs[@]}" stop >/dev/null 2>&1 || true
