# The fault tier's harness: source "$LAB_LIB", then this file.
#
# fault_case FAULT WANT AGENT ACTION TIMEOUT_MS [NAME=VALUE...]
#   runs AGENT ACTION as Pacemaker's executor would (ocf.sh's ocf_run, with
#   CRM_meta_timeout=TIMEOUT_MS), measures its wall time, asserts the code
#   against WANT (a code, "a|b" for any of them, "!7" for anything but 7) and
#   the wall time against the timeout, then appends one row
#     FAULT | AGENT ACTION | code | ms / timeout | state | ok/FAIL
#   to $LAB_OUT/faults.table; the state is what fault_state prints (each
#   scenario defines it: dm devices, etab, exports.d, locks...).
#   A failed row does not end the scenario: every row of the table is
#   measured in one VM boot, and fault_finish fails the scenario at the end.
# fault_check FAULT DESC ACTUAL EXPECTED: a state assertion, recorded alike.
#
# Kill or hang at a step: the shim directory $FAULT_SHIM is first in PATH
# (the agents search PATH first, common/sys/program_path.cpp). Each wrapped
# program (fault_shim PROG...) reads $FAULT_DIR/PROG when it exists:
#   "<when> <pattern>"  when its arguments contain <pattern> (glob), and
#   when = kill-before  SIGKILL the agent (its parent) before running the
#                       real program (Pacemaker's timeout at that step);
#          kill-after   run the real program, then SIGKILL the agent;
#          kill-outlive SIGKILL the agent, then run the real program 2 s
#                       later (a child that outlives a killed agent: defect 3);
#          hang         sleep (frozen storage seen through this command);
#          fail         exit 5 without running it.
# A marker fires once (it is removed when it fires) unless it says "always".

source "$(dirname "$LAB_LIB")/ocf.sh"

FAULT_DIR=/run/faults
FAULT_SHIM=/run/faults-shim
FAULT_TABLE=$LAB_OUT/faults.table
FAULT_FAILED=0
mkdir -p "$FAULT_DIR" "$FAULT_SHIM"
[[ -e $FAULT_TABLE ]] || echo "fault | agent action | code | ms / timeout | state | verdict" >"$FAULT_TABLE"
export PATH=$FAULT_SHIM:$PATH

# fault_shim PROG...: put a wrapper for each PROG in the shim directory.
fault_shim() {
  local prog real
  for prog in "$@"; do
    real=$(PATH=${PATH#"$FAULT_SHIM:"} command -v "$prog") || lab_fail "no $prog to wrap"
    cat >"$FAULT_SHIM/$prog" <<EOF
#!/bin/bash
marker=$FAULT_DIR/$prog
if [[ -e \$marker ]]; then
  read -r when pattern once <"\$marker"
  if [[ " \$* " == *\$pattern* ]]; then
    [[ \$once == always ]] || rm -f "\$marker"
    echo "\$(date +%s.%N) $prog \$when: \$*" >>$FAULT_DIR/fired
    case \$when in
      kill-before) kill -9 \$PPID; exit 137 ;;
      kill-after) "$real" "\$@"; rc=\$?; kill -9 \$PPID; exit \$rc ;;
      kill-outlive) kill -9 \$PPID; sleep 2; exec "$real" "\$@" ;;
      hang) exec sleep 3600 ;;
      fail) echo "$prog: injected failure" >&2; exit 5 ;;
    esac
  fi
fi
exec "$real" "\$@"
EOF
    chmod +x "$FAULT_SHIM/$prog"
  done
}

# real CMD...: CMD run past the shim (the harness's own look at the state
# must not hang on a marker armed for the agent).
real() { PATH=${PATH#"$FAULT_SHIM:"} "$@"; }

# fault_at PROG WHEN PATTERN [always]: arm a marker; fault_clear: disarm all.
fault_at() { echo "$2 $3 ${4:-}" >"$FAULT_DIR/$1"; }
fault_clear() { local p; for p in "$FAULT_SHIM"/*; do rm -f "$FAULT_DIR/${p##*/}"; done; }
# fault_fired PROG: did the last armed marker of PROG fire?
fault_fired() { [[ ! -e $FAULT_DIR/$1 ]]; }

_fault_row() {  # FAULT WHAT CODE TIME STATE VERDICT
  echo "$1 | $2 | $3 | $4 | $5 | $6" >>"$FAULT_TABLE"
  [[ $6 == ok ]] && lab_log "ok: $1: $2 -> $3 in $4 [$5]" || { lab_log "FAIL: $1: $2 -> $3 in $4 [$5] $6"; FAULT_FAILED=1; }
}

_fault_code_ok() {  # CODE WANT
  local w
  [[ $2 == '!'* ]] && { [[ $1 != "${2#!}" ]]; return; }
  IFS='|' read -ra w <<<"$2"
  for w in "${w[@]}"; do [[ $1 == "$w" ]] && return 0; done
  return 1
}

fault_case() {
  local fault=$1 want=$2 agent=$3 action=$4 timeout=$5; shift 5
  OCF_TIMEOUT_MS=$timeout ocf_run "$agent" "$action" "$@"
  local verdict=ok state
  _fault_code_ok "$OCF_RC" "$want" || verdict="FAIL(code, want $want; ${OCF_REASON:-no reason})"
  (( OCF_MS < timeout )) || verdict="FAIL(past the timeout)${verdict#ok}"
  state=$(fault_state 2>&1 | tr '\n' ' ')
  [[ $verdict == ok && $OCF_RC != 0 && $OCF_RC != 7 && -n $OCF_REASON ]] && state="$state; reason: $OCF_REASON"
  _fault_row "$fault" "$agent $action${OCF_CHECK_LEVEL:+ depth $OCF_CHECK_LEVEL}" "$OCF_RC" "$OCF_MS / $timeout" "$state" "$verdict"
}

fault_check() {  # FAULT DESC ACTUAL EXPECTED
  local verdict=ok
  [[ $3 == "$4" ]] || verdict="FAIL(want '$4')"
  _fault_row "$1" "check: $2" - - "$3" "$verdict"
}

# fault_reason_has FAULT TEXT: the last action's reason names TEXT.
fault_reason_has() { fault_check "$1" "reason names '$2'" "$([[ $OCF_REASON == *"$2"* ]] && echo yes || echo "no: $OCF_REASON")" yes; }

# fault_settle: wait until no LVM, exportfs or shimmed command is left over
# from a killed or abandoned action (up to 30 s): the next case starts clean.
fault_settle() {
  lab_retry 30 bash -c '! pgrep -x "lvm|lvs|vgs|lvchange|vgchange|exportfs|sleep" >/dev/null' \
    || lab_log "WARNING: still running: $(pgrep -a -x 'lvm|lvs|vgs|lvchange|vgchange|exportfs|sleep' | xargs)"
}

# fault_finish: the table on the output, status 1 when any row failed.
fault_finish() {
  column -t -s '|' "$FAULT_TABLE" 2>/dev/null || cat "$FAULT_TABLE"
  (( FAULT_FAILED == 0 )) || lab_fail "fault rows failed (table: $FAULT_TABLE)"
  lab_log "every fault row passed"
}
