#!/bin/bash
# Benchmark (not a test): start, monitor and stop cost of nfs-export-fsid
# beside ocf:heartbeat:exportfs, at 1, 100 and 1000 exported directories (one
# client each), in the same lab VM. Run from the source tree after building:
#
#   tests/lab/run-vm --deadline 2400 --results /tmp/bench-nef \
#     --env HANFS_BUILD_DIR=$PWD/build/default -- bench/nfs-export-fsid/run-in-vm.sh
#
# Prints a table (and leaves it in $LAB_OUT/bench.txt). Each figure is the
# wall time of one action (monitor: median of BENCH_REPEAT runs, one at 1000). The shell agent
# takes its directories the same way (a white-space list, fsid a run).
set -uo pipefail
source "$LAB_LIB"

built=$HANFS_BUILD_DIR/agents/nfs-export-fsid/nfs-export-fsid
export OCF_ROOT=/usr/lib/ocf HA_RSCTMP=/run/resource-agents OCF_RESKEY_CRM_meta_timeout=3000000
sizes=${BENCH_SIZES:-1 100 1000}
repeat=${BENCH_REPEAT:-3}
opts="rw,no_root_squash,no_subtree_check"

lab_modules
lab_lvm_init
lab_vg_create vgbench 128
lab_run lvcreate -q -y -n data -L 64M vgbench
lab_run mkfs.ext4 -q -N 4096 /dev/vgbench/data
lab_nfs_start
D=$LAB_EXPORT_ROOT/data
mkdir -p "$D" && lab_run mount /dev/vgbench/data "$D"
mkdir -p "$D"/{1..1000}

now() { date +%s.%N; }
# timed AGENT ACTION: seconds of one run; fails the benchmark on a wrong status.
timed() {
  local agent=$1 action=$2 want=${3:-0} t0 rc
  t0=$(now)
  "$agent" "$action" >/dev/null 2>>"$LAB_OUT/agents.err"; rc=$?
  [[ $rc == "$want" ]] || lab_fail "$agent $action: status $rc, expected $want"
  echo "$(now) - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-22s %6s %9s %9s %9s\n' agent exports start monitor stop | tee "$LAB_OUT/bench.txt"
for n in $sizes; do
  dirs=""; for i in $(seq 1 "$n"); do dirs+="$D/$i "; done
  export OCF_RESKEY_directory=${dirs% } OCF_RESKEY_clientspec=127.0.0.1 OCF_RESKEY_fsid=1000 OCF_RESKEY_options=$opts
  agents=("$built")
  # The shell agent at 1000 takes hours (its monitor is O(directories x exports)): BENCH_SHELL_MAX.
  (( n <= ${BENCH_SHELL_MAX:-100} )) && agents+=("$OCF_ROOT/resource.d/heartbeat/exportfs")
  for agent in "${agents[@]}"; do
    export OCF_RESOURCE_INSTANCE=bench$n
    s=$(timed "$agent" start)
    reps=$repeat; (( n >= 1000 )) && reps=1   # the shell agent's monitor takes minutes there
    m=$(for r in $(seq 1 "$reps"); do timed "$agent" monitor; done | median)
    p=$(timed "$agent" stop)
    [[ $(grep -c "^$D/" /var/lib/nfs/etab) == 0 ]] || lab_fail "$agent left exports behind"
    printf '%-22s %6s %9.2f %9.2f %9.2f\n' "${agent##*/}" "$n" "$s" "$m" "$p" | tee -a "$LAB_OUT/bench.txt"
  done
done
lab_nfs_stop
