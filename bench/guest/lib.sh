# Helpers the benchmark scripts source (after $LAB_LIB). Every figure goes
# through bench-exec (bench/tools/bench_exec.cpp) and is appended, as one
# JSON object per line, to $BENCH_RESULTS (default $LAB_OUT/results.jsonl).
# BENCH_WARMUP / BENCH_REPEAT set the calls of a repeated measurement.
: "${BENCH_EXEC:?BENCH_EXEC (the bench-exec tool) not set}"
: "${BENCH_RESULTS:=$LAB_OUT/results.jsonl}"
BENCH_GUEST=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export OCF_ROOT=/usr/lib/ocf HA_RSCTMP=/run/resource-agents OCF_RESKEY_CRM_meta_timeout=3000000
mkdir -p "$HA_RSCTMP"

# bench_repeat BENCH AGENT SIZE [env NAME=VALUE...] CMD...: warm-up, then BENCH_REPEAT calls of
# CMD (which must exit 0), each beside a call of /bin/true (the exec floor,
# measured the same way, side by side); records the medians of both.
bench_repeat() {
  local bench=$1 agent=$2 size=$3; shift 3
  # "env NAME=VALUE... CMD": bench-exec sets the variables itself, so the
  # figure is CMD's alone and not env's exec too (as costly as the floor).
  [[ $1 == env ]] && shift
  "$BENCH_EXEC" --warmup "${BENCH_WARMUP:-2}" --repeat "${BENCH_REPEAT:-10}" --floor /bin/true \
    --label "bench=$bench" --label "agent=$agent" --label "size=$size" -- "$@" >>"$BENCH_RESULTS" ||
    lab_fail "$bench: $agent at $size: $* failed"
  lab_log "$bench $agent $size: $(tail -1 "$BENCH_RESULTS" | sed 's/,"each.*//')"
}

# bench_baseline BENCH SIZE CMD...: when BENCH_BASELINE_BUILD names another
# build (bench/run --baseline DIR), the same repeated call with that build's
# agent in place of ours, recorded as agent "<agent>@baseline": the before
# and after of a change, on the same resource in the same VM run.
bench_baseline() {
  [[ -n ${BENCH_BASELINE_BUILD:-} ]] || return 0
  local bench=$1 size=$2 word name="" args=(); shift 2
  for word in "$@"; do
    if [[ $word == "$OCF_ROOT/resource.d/hanfs/"* ]]; then
      name=${word##*/}
      word=$BENCH_BASELINE_BUILD/agents/$name/$name
      [[ -x $word ]] || lab_fail "baseline build has no $name"
    fi
    args+=("$word")
  done
  [[ -n $name ]] || lab_fail "bench_baseline: no hanfs agent in: $*"
  bench_repeat "$bench" "$name@baseline" "$size" "${args[@]}"
}

# bench_once BENCH AGENT SIZE CMD...: one call, no warm-up (start, stop:
# they change the state, so they cannot be repeated as they are).
bench_once() {
  local bench=$1 agent=$2 size=$3; shift 3
  "$BENCH_EXEC" --warmup 0 --repeat 1 \
    --label "bench=$bench" --label "agent=$agent" --label "size=$size" -- "$@" >>"$BENCH_RESULTS" ||
    lab_fail "$bench: $agent at $size: $* failed"
  lab_log "$bench $agent $size: $(tail -1 "$BENCH_RESULTS" | sed 's/,"each.*//')"
}

# ocf AGENT: the path of an installed agent, "hanfs/x" or "heartbeat/y".
ocf() { echo "$OCF_ROOT/resource.d/$1"; }
