# OCF helpers for agent scenarios: source "$LAB_LIB" first, then this file.
#
# ocf_run AGENT ACTION [NAME=VALUE...] runs an agent the way Pacemaker's
# executor does: each NAME=VALUE becomes OCF_RESKEY_NAME (use
# CRM_meta_interval=10000 for meta attributes), with OCF_ROOT,
# OCF_RESOURCE_INSTANCE (${OCF_INSTANCE:-test}), OCF_RA_VERSION 1.1 and a
# timeout of ${OCF_TIMEOUT_MS:-60000}. It sets OCF_RC, OCF_REASON (the last
# ocf-exit-reason line), OCF_OUT, OCF_ERR and OCF_MS (wall time).
# At the timeout it does what the executor does: SIGKILL, and the call is
# over (OCF_RC=timeout) even when the agent cannot die yet (asleep in the
# kernel on frozen storage): it is left behind, out of the job table.

OCF_ROOT=${OCF_ROOT:-/usr/lib/ocf}

ocf_run() {
  local agent=$1 action=$2; shift 2
  local env=(OCF_ROOT="$OCF_ROOT" OCF_RESOURCE_INSTANCE="${OCF_INSTANCE:-test}"
             OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1
             OCF_RESKEY_CRM_meta_timeout="${OCF_TIMEOUT_MS:-60000}")
  local kv
  for kv in "$@"; do env+=("OCF_RESKEY_$kv"); done
  local out err start end
  out=$(mktemp) err=$(mktemp)
  start=${EPOCHREALTIME/./}   # µs, a builtin: no fork in what is timed
  env "${env[@]}" "$OCF_ROOT/resource.d/hanfs/$agent" "$action" >"$out" 2>"$err" &
  local pid=$! me=$BASHPID timer
  # The timer waits in `read -t` on a FIFO nobody writes (a builtin: no
  # sleep process for the scenarios to wait out), then kills the agent and
  # wakes this shell's wait with USR1.
  [[ -p /run/ocf-timer.fifo ]] || mkfifo /run/ocf-timer.fifo 2>/dev/null || true
  trap : USR1
  ( read -r -t "$(( ${OCF_TIMEOUT_MS:-60000} / 1000 )).$(printf '%03d' $(( ${OCF_TIMEOUT_MS:-60000} % 1000 )))" \
      <>/run/ocf-timer.fifo || true
    : >"$out.timeout"; kill -9 "$pid" 2>/dev/null; kill -USR1 "$me" 2>/dev/null ) &
  timer=$!
  # (|| keeps a scenario's set -e from ending it on the agent's status)
  wait "$pid" && OCF_RC=0 || OCF_RC=$?
  end=${EPOCHREALTIME/./}
  if [[ -e $out.timeout ]]; then
    OCF_RC=timeout
    # still there: asleep in the kernel; not ours to wait for any more
    kill -0 "$pid" 2>/dev/null && { disown "$pid" 2>/dev/null || true; }
  fi
  kill "$timer" 2>/dev/null || true
  wait "$timer" 2>/dev/null || true
  trap - USR1
  rm -f "$out.timeout"
  OCF_MS=$(( (end - start) / 1000 ))
  OCF_OUT=$(<"$out") OCF_ERR=$(<"$err")
  OCF_REASON=$(sed -n 's/^ocf-exit-reason://p' "$err" | tail -1)
  rm -f "$out" "$err"
}

# ocf_expect RC WHAT AGENT ACTION [NAME=VALUE...]: ocf_run, and fail the
# scenario unless it exits RC. WHAT says what is being checked.
ocf_expect() {
  local want=$1 what=$2; shift 2
  ocf_run "$@"
  if [[ $OCF_RC != "$want" ]]; then
    lab_log "stderr of $1 $2: $OCF_ERR"
    lab_fail "$what: $1 $2 exited $OCF_RC, expected $want (reason: $OCF_REASON)"
  fi
  lab_log "ok: $what: rc=$OCF_RC in ${OCF_MS} ms${OCF_REASON:+, reason: $OCF_REASON}"
}

# ocf_expect_reason TEXT: the last run's exit reason contains TEXT.
ocf_expect_reason() {
  [[ $OCF_REASON == *"$1"* ]] || lab_fail "exit reason '$OCF_REASON' does not mention '$1'"
}

# ocf_crm_resource_cycle AGENT NAME=VALUE...: crm_resource --validate, then
# --force-check (7), --force-start, --force-check (0), --force-stop,
# --force-check (7), as an administrator runs an agent without a cluster.
# Output goes to $LAB_OUT/crm_resource.log.
ocf_crm_resource_cycle() {
  local agent=$1; shift
  local options=() kv step want
  for kv in "$@"; do options+=(--option "$kv"); done
  for step in validate:0 force-check:7 force-start:0 force-check:0 force-stop:0 force-check:7; do
    want=${step#*:}
    crm_resource "--${step%:*}" --class ocf --provider hanfs --agent "$agent" "${options[@]}" \
      >>"$LAB_OUT/crm_resource.log" 2>&1 && OCF_RC=0 || OCF_RC=$?
    lab_expect "crm_resource --${step%:*} ($agent)" "$OCF_RC" "$want"
  done
}
