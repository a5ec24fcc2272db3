#!/bin/bash
# The benchmarks, in one lab VM (bench/run boots it): monitor cost of each
# agent beside the shell agent it replaces, and start/stop of N exports.
# BENCH_MODE=full (the sizes of bench/RESULTS.md) or smoke (tiny sizes: the
# scripts run end to end, for ctest; no figure is checked).
set -euo pipefail
source "$LAB_LIB"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ ${BENCH_MODE:-full} == smoke ]]; then
  export BENCH_EXPORT_SIZES="2" BENCH_LV_SIZES="2" BENCH_START_SIZES="2" BENCH_WARMUP=0 BENCH_REPEAT=1
else
  export BENCH_EXPORT_SIZES=${BENCH_EXPORT_SIZES:-"1 100 1000 5000"} BENCH_LV_SIZES=${BENCH_LV_SIZES:-"1 50"}
  export BENCH_START_SIZES=${BENCH_START_SIZES:-"1 100 1000"}
fi
max=1
for n in $BENCH_EXPORT_SIZES $BENCH_START_SIZES; do (( n > max )) && max=$n; done

uname -r >"$LAB_OUT/kernel"
lab_modules
lab_lvm_init
lab_install_agents
# One ext4 LV under the NFSv4 pseudo-root with a directory per export.
lab_vg_create vgexp 128
lab_run lvcreate -q -y -n data -L 64M vgexp
# inodes: a directory per export, the .rmtab backup each stop and monitor
# write in it, and room for monitor-grace's records
lab_run mkfs.ext4 -q -N $((2 * max + 1024)) /dev/vgexp/data
lab_nfs_start
export BENCH_DIRS=$LAB_EXPORT_ROOT/data
mkdir -p "$BENCH_DIRS" && lab_run mount /dev/vgexp/data "$BENCH_DIRS"
(cd "$BENCH_DIRS" && seq 1 "$max" | xargs mkdir)

# monitor-grace last: its start and stop restart nfsd
for script in monitor-exports start-stop-exports monitor-lvm monitor-notify monitor-grace; do
  lab_log "=== $script"
  t0=$SECONDS
  bash "$here/$script.sh" || lab_fail "$script failed"
  lab_log "=== $script took $((SECONDS - t0)) s"
done
