#!/bin/bash
# The two cluster shells describe every agent the package installed, as the
# administrator's guide (docs/admin-guide.md) and the man pages point to
# them: `pcs resource describe ocf:hanfs:<agent>` (Red Hat's) and
# `crm ra info ocf:hanfs:<agent>` (crmsh, SUSE's). In each: the agent's
# short description, every parameter its meta-data declares, required ones
# marked required, and the default operations.
# One pcs call costs 30-40 s under TCG, a crm call a few seconds.
# Outputs: $LAB_OUT/{pcs-describe,crm-ra-info}-<agent>.txt.
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

  # crmsh: "name* (type, [default]): shortdesc", * for a required one.
  out=$LAB_OUT/crm-ra-info-$agent.txt
  lab_log "+ crm ra info ocf:hanfs:$agent"
  crm ra info ocf:hanfs:$agent >"$out" 2>&1 || lab_fail "crm ra info failed: $(cat "$out")"
  grep -qF "$shortdesc" "$out" || lab_fail "$agent: crm shows no short description '$shortdesc': $(head -3 "$out")"
  n=0
  for p in $(xmllint --xpath '//parameter/@name' - <<<"$md" | sed 's/ name="\([^"]*\)"/\1 /g'); do
    if [[ -n $(xmllint --xpath "//parameter[@name='$p'][@required='1']" - <<<"$md" 2>/dev/null) ]]; then
      grep -qE "^$p\* \(" "$out" || lab_fail "$agent: crm does not show $p as required: $(cat "$out")"
    else
      grep -qE "^$p \(" "$out" || lab_fail "$agent: parameter $p is not described by crm: $(cat "$out")"
    fi
    n=$((n + 1))
  done
  grep -qE "^ +start +timeout=" "$out" || lab_fail "$agent: crm shows no default start operation"
  lab_log "ok: crm ra info describes all $n parameters of $agent ($(wc -l <"$out") lines)"
done

lab_result pcs_described "$(echo $AGENTS)"
lab_result crm_described "$(echo $AGENTS)"

# The guide's crmsh form of the two-node example (its ```crm block) loaded
# with the command the guide gives, into a CIB file (no cluster runs here:
# CIB_file makes crm and cibadmin work on it), then compared with the
# guide's pcs commands. fence_lab is the cluster tier's fence agent.
ln -sf "$HANFS_SOURCE_DIR/tests/cluster/fence_lab" /usr/sbin/fence_lab
guide=$HANFS_SOURCE_DIR/docs/admin-guide.md
awk '/^```crm$/ { on = 1; next } on && /^```$/ { exit } on' "$guide" >"$LAB_OUT/nfs.crm"
[[ -s $LAB_OUT/nfs.crm ]] || lab_fail "no crm block in $guide"
cib=$LAB_OUT/crm-example-cib.xml
cibadmin --empty >"$cib"
lab_log "+ crm configure load update nfs.crm"
CIB_file=$cib crm configure load update $LAB_OUT/nfs.crm >"$LAB_OUT/crm-load.txt" 2>&1 \
  || lab_fail "crm configure load update failed: $(cat "$LAB_OUT/crm-load.txt")"
grep -q ERROR "$LAB_OUT/crm-load.txt" && lab_fail "crm configure load update: $(grep ERROR "$LAB_OUT/crm-load.txt")"
"$HANFS_SOURCE_DIR/tests/lab/tools/guide_crm_matches_pcs.py" "$guide" "$cib" >"$LAB_OUT/crm-vs-pcs.txt" 2>&1 \
  || lab_fail "the guide's crm form is not its pcs form: $(cat "$LAB_OUT/crm-vs-pcs.txt")"
lab_log "ok: the guide's crm form configures what its pcs commands do ($(wc -l <"$LAB_OUT/crm-vs-pcs.txt") resources)"
lab_result crm_example_matches_pcs "$(wc -l <"$LAB_OUT/crm-vs-pcs.txt")"
lab_log "PASS"
