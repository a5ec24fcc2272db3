#!/bin/bash
# Monitor cost of one export, nfs-export-fsid beside ocf:heartbeat:exportfs,
# with 1..N exports in the kernel's table (BENCH_EXPORT_SIZES). The rest of
# the table is one nfs-export-fsid resource of the other directories, whose
# own monitor is measured too ("all": cost against its size).
# Needs: NFS started, $BENCH_DIRS/<1..max> (main.sh).
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ours=$(ocf hanfs/nfs-export-fsid) theirs=$(ocf heartbeat/exportfs)
export OCF_RESKEY_clientspec=127.0.0.1 OCF_RESKEY_options=rw,no_root_squash,no_subtree_check

for n in $BENCH_EXPORT_SIZES; do
  # Each an OCF environment for env(1): the filler of the table, the measured export.
  rest=(OCF_RESOURCE_INSTANCE=rest OCF_RESKEY_fsid=2000 "OCF_RESKEY_directory=$(seq -f "$BENCH_DIRS/%g" 2 "$n" | xargs)")
  one=(OCF_RESOURCE_INSTANCE=one OCF_RESKEY_fsid=1000 "OCF_RESKEY_directory=$BENCH_DIRS/1")
  if (( n > 1 )); then
    env "${rest[@]}" "$ours" start >/dev/null || lab_fail "filling the table to $n exports"
  fi
  held=$(grep -c "^$BENCH_DIRS/" /var/lib/nfs/etab || true)
  [[ $held == $((n - 1)) ]] || lab_fail "etab holds $held of the benchmark's exports, not $((n - 1))"
  for agent in "$ours" "$theirs"; do
    env "${one[@]}" "$agent" start >/dev/null 2>&1 || lab_fail "${agent##*/} start"
    bench_repeat monitor-exports "${agent##*/}" "$n" env "${one[@]}" "$agent" monitor
    [[ $agent == "$ours" ]] && bench_baseline monitor-exports "$n" env "${one[@]}" "$agent" monitor
    env "${one[@]}" "$agent" stop >/dev/null 2>&1 || lab_fail "${agent##*/} stop"
  done
  if (( n > 1 )); then
    bench_repeat monitor-exports nfs-export-fsid-all "$n" env "${rest[@]}" "$ours" monitor
    env "${rest[@]}" "$ours" stop >/dev/null || lab_fail "emptying the table"
  fi
done
