#!/bin/bash
# nfs-export-fsid in one VM: the bad input matrix, ocf-tester, crm_resource
# --force-*, pcs -f refusing a duplicate fsid, refusals of an fsid in use, the
# reboot guard, partial exports, monitor depths, the derived fsid, one
# resource with 1000 directories, and twenty resources started in parallel.
set -uo pipefail
source "$LAB_LIB"

export OCF_ROOT=/usr/lib/ocf HA_RSCTMP=/run/resource-agents
lab_install_agents
agent=$OCF_ROOT/resource.d/hanfs/nfs-export-fsid
opts="rw,no_root_squash,no_subtree_check,insecure"

lab_modules
lab_lvm_init
lab_vg_create vgck 128
lab_run lvcreate -q -y -n data -L 64M vgck
lab_run mkfs.ext4 -q -N 4096 /dev/vgck/data
lab_nfs_start
D=$LAB_EXPORT_ROOT/data
mkdir -p "$D" && lab_run mount /dev/vgck/data "$D"
mkdir -p "$D/a" "$D/b" "$D/with space"

# ocf NAME ACTION [K=V...]: the agent for resource NAME; prints the exit status,
# keeps stderr in $LAB_OUT/last.err.
ocf() {
  local name=$1 action=$2; shift 2
  local kv env=(OCF_RESOURCE_INSTANCE="$name" OCF_RESKEY_CRM_meta_timeout=${TIMEOUT_MS:-60000})
  for kv in "$@"; do env+=("OCF_RESKEY_$kv"); done
  env "${env[@]}" "$agent" "$action" >"$LAB_OUT/last.out" 2>"$LAB_OUT/last.err"
  local rc=$?
  cat "$LAB_OUT/last.err" >>"$LAB_OUT/agent.log"
  echo $rc
}
reasons() { grep -c '^ocf-exit-reason:' "$LAB_OUT/last.err"; }
etab_lines() { grep -vc "^$LAB_EXPORT_ROOT	" /var/lib/nfs/etab; }

# --- 1. bad input: right code, one reason line, nothing exported, no shell
canary=/tmp/hanfs-canary
bad_cases=(
  "empty directory|directory=|clientspec=*|fsid=1"
  "relative directory|directory=data/a|clientspec=*|fsid=1"
  "nonexistent directory|directory=$D/nonexistent|clientspec=*|fsid=1"
  "one nonexistent of two|directory=$D/a $D/nonexistent|clientspec=*|fsid=1"
  "empty clientspec|directory=$D/a|clientspec=|fsid=1"
  "bare IPv6 client|directory=$D/a|clientspec=::1|fsid=1"
  "unclosed bracket|directory=$D/a|clientspec=[::1|fsid=1"
  "client with options|directory=$D/a|clientspec=host(rw,no_root_squash)|fsid=1"
  "client with shell|directory=$D/a|clientspec=a;touch $canary|fsid=1"
  "fsid with comma|directory=$D/a|clientspec=*|fsid=1,no_root_squash"
  "fsid with space|directory=$D/a|clientspec=*|fsid=1 2"
  "fsid with newline|directory=$D/a|clientspec=*|fsid=1
2"
  "fsid with \$()|directory=$D/a|clientspec=*|fsid=\$(touch $canary)"
  "fsid with backquotes|directory=$D/a|clientspec=*|fsid=\`touch $canary\`"
  "fsid with semicolon|directory=$D/a|clientspec=*|fsid=1;touch $canary"
  "huge fsid|directory=$D/a|clientspec=*|fsid=99999999999999999999999"
  "fsid past 32 bits|directory=$D/a|clientspec=*|fsid=4294967296"
  "uuid fsid for two dirs|directory=$D/a $D/b|clientspec=*|fsid=6b0f2e6a-1a9c-4d34-9b4e-1234567890ab"
  "fsid in options|directory=$D/a|clientspec=*|options=rw,fsid=3"
)
n=0
for case in "${bad_cases[@]}"; do
  IFS='|' read -r -d '' desc p1 p2 p3 <<<"$case" || true
  p3=${p3%$'\n'}
  # start for every case; validate-all and stop (broken configuration: 0)
  # for every fourth, to keep the VM time down.
  actions=(start); (( n++ % 4 == 0 )) && actions+=(validate-all)
  for action in "${actions[@]}"; do
    lab_expect "bad input ($desc): $action" "$(ocf bad "$action" "$p1" "$p2" "$p3")" 6
    lab_expect "bad input ($desc): one reason line" "$(reasons)" 1
  done
  lab_log "  reason: $(grep '^ocf-exit-reason:' "$LAB_OUT/last.err")"
  (( n % 4 == 1 )) && lab_expect "bad input ($desc): stop" "$(ocf bad stop "$p1" "$p2" "$p3")" 0
done
lab_expect "bad input: nothing exported" "$(etab_lines)" 0
lab_expect "no shell ran the canary" "$([[ -e $canary ]] && echo ran || echo none)" none
lab_result bad_input_cases "${#bad_cases[@]}"

# --- 2. stop with a missing directory or a broken configuration: 0
lab_expect "stop, missing directory" "$(ocf x stop directory=$D/gone clientspec='*')" 0
lab_expect "stop, broken fsid" "$(ocf x stop directory=$D/a clientspec='*' fsid=1,2)" 0
lab_expect "probe of an unexported resource" "$(ocf x monitor directory=$D/a clientspec='*' fsid=1)" 7

# --- 3. the derived fsid is uuid5(filesystem UUID, path inside the filesystem)
lab_expect "derived: start" "$(ocf derived start directory="\"$D/with space\"" clientspec='127.0.0.1 [::1]' options=$opts)" 0
want=$(python3 -c "import uuid,sys; print(uuid.uuid5(uuid.UUID(sys.argv[1]), '/with space'))" \
        "$(blkid -p -o value -s UUID /dev/vgck/data)")
got=$(grep -F "$D/with\\040space	127.0.0.1(" /var/lib/nfs/etab | sed 's/.*fsid=\([^,]*\),.*/\1/')
lab_expect "derived fsid in etab" "$got" "$want"
lab_expect "derived: monitor depth 10" "$(OCF_CHECK_LEVEL=10 ocf derived monitor directory="\"$D/with space\"" clientspec='127.0.0.1 [::1]')" 0
lab_expect "derived: monitor depth 20" "$(OCF_CHECK_LEVEL=20 ocf derived monitor directory="\"$D/with space\"" clientspec='127.0.0.1 [::1]')" 0

# --- 4. an fsid in use elsewhere is refused, naming the other export
lab_expect "dup fsid of the etab" "$(ocf dup start directory=$D/a clientspec='*' fsid="$want")" 6
grep -q "with space" "$LAB_OUT/last.err" || lab_fail "the reason does not name the other export: $(cat "$LAB_OUT/last.err")"
mkdir -p /etc/exports.d && echo "/srv/elsewhere host1(rw,fsid=3333)" >/etc/exports.d/other.exports
lab_expect "dup fsid of exports.d" "$(ocf dup start directory=$D/a clientspec='*' fsid=3333)" 6
grep -q "other.exports" "$LAB_OUT/last.err" || lab_fail "the reason does not name the file"
rm /etc/exports.d/other.exports
lab_expect "derived: stop" "$(ocf derived stop directory="\"$D/with space\"" clientspec='127.0.0.1 [::1]')" 0

# --- 5. reboot guard, partial export, idempotence
lab_expect "r: start" "$(ocf r start directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500 options=$opts)" 0
lab_expect "r: start again" "$(ocf r start directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500 options=$opts)" 0
lab_expect "r: fsid run" "$(grep -c -e 'fsid=500,' -e 'fsid=501,' /var/lib/nfs/etab)" 4
exportfs -u "*.lab.invalid:$D/b"
lab_expect "r: partial export is a failure" "$(ocf r monitor directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500)" 1
grep -q "1 of 4 exports missing: \*.lab.invalid:$D/b" "$LAB_OUT/last.err" || lab_fail "reason: $(cat "$LAB_OUT/last.err")"
lab_expect "r: start repairs it" "$(ocf r start directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500 options=$opts)" 0
rm -f "$HA_RSCTMP"/hanfs-nfs-export-fsid-r.state
# Our entries in etab with no state file (start killed before its state
# write, HA_RSCTMP lost, an etab that outlived a reboot and that mountd serves
# again): active, so never 7; the stop that follows removes them.
lab_expect "r: etab without state is not 'not running'" "$(ocf r monitor directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500)" 1
lab_expect "r: stop" "$(ocf r stop directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500)" 0
lab_expect "r: nothing left" "$(etab_lines)" 0
grep -q "released NFS locks on the filesystem of $D/a" "$LAB_OUT/last.err" || lab_fail "r: stop did not release the locks"
lab_expect "r: probe after stop" "$(ocf r monitor directory="$D/a $D/b" clientspec='127.0.0.1 *.lab.invalid' fsid=500)" 7

# --- 6. ocf-tester, crm_resource --force-*, pcs -f
ocf-tester -n tester -o directory=$D/a -o clientspec=127.0.0.1 -o fsid=600 -o options=$opts "$agent" \
  >"$LAB_OUT/ocf-tester.log" 2>&1
lab_expect "ocf-tester" "$?" 0
lab_log "ocf-tester: $(tail -1 "$LAB_OUT/ocf-tester.log")"
cr() { crm_resource "$@" --class ocf --provider hanfs --agent nfs-export-fsid \
         --option directory=$D/a --option clientspec=127.0.0.1 --option fsid=601 >>"$LAB_OUT/crm_resource.log" 2>&1; echo $?; }
lab_expect "crm_resource --validate" "$(cr --validate)" 0
lab_expect "crm_resource --force-check (stopped)" "$(cr --force-check)" 7
lab_expect "crm_resource --force-start" "$(cr --force-start)" 0
lab_expect "crm_resource --force-check" "$(cr --force-check)" 0
lab_expect "crm_resource --force-stop" "$(cr --force-stop)" 0
lab_expect "crm_resource --force-check (stopped again)" "$(cr --force-check)" 7
cib=/tmp/cib.xml
cibadmin --empty >"$cib" || lab_fail "cibadmin --empty"
pcs -f "$cib" resource create e1 ocf:hanfs:nfs-export-fsid directory=/srv/x clientspec='*' fsid=42 \
  >"$LAB_OUT/pcs.log" 2>&1
lab_expect "pcs -f: first resource with fsid 42" "$?" 0
pcs -f "$cib" resource create e2 ocf:hanfs:nfs-export-fsid directory=/srv/y clientspec='*' fsid=42 \
  >>"$LAB_OUT/pcs.log" 2>&1
lab_expect "pcs -f: a second fsid 42 is refused" "$?" 1
lab_log "pcs: $(grep -i -m1 'unique\|already' "$LAB_OUT/pcs.log")"

# --- 7. one resource with 1000 directories
dirs=()
mkdir -p "$D"/m/{1..1000}
for i in $(seq 1 1000); do dirs+=("$D/m/$i"); done
big=(directory="${dirs[*]}" clientspec='127.0.0.1 [::1]' fsid=10000 options=$opts)
export TIMEOUT_MS=600000
t=$(date +%s.%N); rc=$(ocf big start "${big[@]}"); t_start=$(echo "$(date +%s.%N) - $t" | bc)
lab_expect "1000: start" "$rc" 0
lab_expect "1000: exports in etab" "$(grep -c "^$D/m/" /var/lib/nfs/etab)" 2000
t=$(date +%s.%N); rc=$(ocf big monitor "${big[@]}"); t_mon=$(echo "$(date +%s.%N) - $t" | bc)
lab_expect "1000: monitor" "$rc" 0
t=$(date +%s.%N); rc=$(ocf big stop "${big[@]}"); t_stop=$(echo "$(date +%s.%N) - $t" | bc)
lab_expect "1000: stop" "$rc" 0
lab_expect "1000: nothing left" "$(grep -c "^$D/m/" /var/lib/nfs/etab)" 0
lab_expect "1000: monitor after stop" "$(ocf big monitor "${big[@]}")" 7
lab_result big_start_s "$t_start"; lab_result big_monitor_s "$t_mon"; lab_result big_stop_s "$t_stop"
unset TIMEOUT_MS

# --- 8. twenty resources started in parallel
mkdir -p "$D"/p/{1..20}
for i in $(seq 1 20); do
  ( rc=$(ocf "p$i" start directory="$D/p/$i" clientspec='127.0.0.1 [::1]' fsid=$((2000 + i)) options=$opts)
    echo "$rc" >"/tmp/p$i.rc" ) &
done
wait
for i in $(seq 1 20); do lab_expect "parallel p$i: start" "$(cat /tmp/p$i.rc)" 0; done
lab_expect "parallel: all 40 pairs in etab" "$(grep -c "^$D/p/" /var/lib/nfs/etab)" 40
for i in $(seq 1 20); do
  lab_expect "parallel p$i: monitor" "$(ocf "p$i" monitor directory="$D/p/$i" clientspec='127.0.0.1 [::1]' fsid=$((2000 + i)))" 0
done
for i in $(seq 1 20); do
  ( ocf "p$i" stop directory="$D/p/$i" clientspec='127.0.0.1 [::1]' fsid=$((2000 + i)) >"/tmp/p$i.rc" ) &
done
wait
for i in $(seq 1 20); do lab_expect "parallel p$i: stop" "$(cat /tmp/p$i.rc)" 0; done
lab_expect "parallel: nothing left" "$(grep -c "^$D/p/" /var/lib/nfs/etab)" 0
lab_result parallel_resources 20

lab_nfs_stop
lab_log "nfs-export-fsid checks passed"
