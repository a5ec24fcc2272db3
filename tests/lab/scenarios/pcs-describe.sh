#!/bin/bash
# pcs resource describe ocf:hanfs:<agent>, as the administrator's guide
# (docs/admin-guide.md) and the man pages point to it, for every agent the
# build made: the agent's short description and every parameter its
# meta-data declares are in the text, required ones marked required, and
# the default operations.
# One pcs call costs 30-40 s under TCG. Outputs: $LAB_OUT/pcs-describe-<agent>.txt.
set -euo pipefail
source "$LAB_LIB"
lab_install_agents
AGENTS=$(ls /usr/lib/ocf/resource.d/hanfs)

for agent in $AGENTS; do
  out=$LAB_OUT/pcs-describe-$agent.txt
  lab_log "+ pcs resource describe ocf:hanfs:$agent"
  pcs resource describe ocf:hanfs:$agent >"$out" 2>&1 || lab_fail "pcs resource describe failed: $(cat "$out")"
  md=$(OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 \
         /usr/lib/ocf/resource.d/hanfs/$agent meta-data)
  shortdesc=$(xmllint --xpath 'string(/resource-agent/shortdesc)' - <<<"$md")
  grep -qF "$shortdesc" "$out" || lab_fail "$agent: no short description '$shortdesc' in: $(head -3 "$out")"
  n=0
  for p in $(xmllint --xpath '//parameter/@name' - <<<"$md" | sed 's/ name="\([^"]*\)"/\1 /g'); do
    grep -qE "^ +$p( \(.*\))?:" "$out" || lab_fail "$agent: parameter $p is not described by pcs: $(cat "$out")"
    if [[ -n $(xmllint --xpath "//parameter[@name='$p'][@required='1']" - <<<"$md" 2>/dev/null) ]]; then
      grep -qE "^ +$p \(.*required.*\):" "$out" || lab_fail "$agent: pcs does not show $p as required"
    fi
    n=$((n + 1))
  done
  (( n > 0 )) || lab_fail "$agent meta-data declares no parameter"
  grep -q "^Default operations:" "$out" || lab_fail "$agent: pcs shows no default operations"
  lab_log "ok: pcs describes all $n parameters of $agent ($(wc -l <"$out") lines)"
done

lab_result pcs_described "$(echo $AGENTS)"
lab_log "PASS"
