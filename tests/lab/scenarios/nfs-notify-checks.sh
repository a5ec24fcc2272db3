#!/bin/bash
# nfs-notify (issue 6) on a server and a client:
#   - the bad input matrix, meta-data (no reload advertised), ocf-tester,
#     crm_resource --force-*, pcs -f;
#   - two source addresses, one of which the client cannot answer (a
#     blackhole route for it): start returns promptly with one sm-notify per
#     address, the reachable one finishes, and once the 1-minute retry window
#     is over monitor reports degraded naming the unreached client;
#   - stop ends only our sm-notify processes: one started outside the agent
#     survives it.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"

A=nfs-notify
FLOAT=198.18.0.100     # nfs-float: the client mounts from it
DARK=198.18.0.101      # nfs-float2: the client's replies to it go nowhere
cat >>/etc/hosts <<EOF
$FLOAT nfs-float
$DARK nfs-float2
EOF

case $LAB_ROLE in
server)
  lab_nfs_start
  lab_run ip addr add $FLOAT/24 dev eth0
  lab_run ip addr add $DARK/24 dev eth0
  # statd_dir must be on a filesystem of the service's, not on /: a tmpfs
  # stands for it.
  mkdir -p /srv/x /srv/statd /srv/statd-tester /srv/foreign
  lab_run mount -t tmpfs -o size=4m x /srv/x
  for d in statd statd-tester foreign; do lab_run mount -t tmpfs -o size=4m,mode=0755 $d /srv/$d; done
  head -c 4096 /dev/zero >/srv/x/data && chmod 666 /srv/x/data
  lab_run exportfs -o rw,no_root_squash,no_subtree_check,insecure,sync,fsid=77 "*:/srv/x"
  lab_install_agents
  good=(source_host=$FLOAT statd_dir=/srv/statd)

  # --- 1. bad input: 6 with a reason naming what is wrong
  bad() {  # bad WHAT TEXT PARAM...
    local what=$1 text=$2; shift 2
    ocf_expect 6 "$what" $A validate-all "$@"
    ocf_expect_reason "$text"
  }
  bad "no source_host" source_host statd_dir=/srv/statd
  bad "source_host with a ';'" "source_host" source_host='a;b' statd_dir=/srv/statd
  bad "source_host twice" "given twice" source_host="$FLOAT,$FLOAT" statd_dir=/srv/statd
  bad "notify_args -P" "-P is chosen by the agent" "${good[@]}" notify_args='-P /tmp'
  bad "notify_args -v" "-v is set from source_host" "${good[@]}" notify_args="-v $FLOAT"
  bad "notify_args unknown option" "unknown option -x" "${good[@]}" notify_args=-x
  bad "notify_args bad port" "-p wants a port" "${good[@]}" notify_args='-p 0'
  bad "retry_time not a number" retry_time "${good[@]}" retry_time=abc
  bad "retry_time negative" retry_time "${good[@]}" retry_time=-1
  bad "retry_time and -m disagree" disagree "${good[@]}" retry_time=3 notify_args='-m 2'
  bad "relative statd_dir" "not an absolute path" source_host=$FLOAT statd_dir=srv/statd
  bad "missing statd_dir" "is not a directory" source_host=$FLOAT statd_dir=/srv/nonexistent
  chown nobody /srv/foreign
  bad "statd_dir of another user" "chown it" source_host=$FLOAT statd_dir=/srv/foreign
  bad "address without a host name" "does not resolve to a host name" source_host=198.18.0.55 statd_dir=/srv/statd
  ocf_expect 6 "start refuses bad input too" $A start source_host=198.18.0.55 statd_dir=/srv/statd
  ocf_expect 3 "unknown action" $A frobnicate "${good[@]}"
  ocf_expect 7 "probe when stopped" $A monitor "${good[@]}"
  ocf_expect 0 "stop when stopped" $A stop "${good[@]}"
  ocf_expect 0 "stop with a broken configuration" $A stop source_host='a;b' notify_args=-x
  ocf_expect 0 "validate-all" $A validate-all "${good[@]}"
  ocf_expect 0 "validate-all with notify_args users pass" $A validate-all "${good[@]}" notify_args='-p 32766 -m 15 -f'

  # --- 2. meta-data: 1.0 dialect valid against the DTD, no reload advertised
  env OCF_ROOT=$OCF_ROOT "$OCF_ROOT/resource.d/hanfs/$A" meta-data >/tmp/md-1.0.xml
  lab_run xmllint --noout --dtdvalid /usr/share/resource-agents/ra-api-1.dtd /tmp/md-1.0.xml
  OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 "$OCF_ROOT/resource.d/hanfs/$A" meta-data >/tmp/md-1.1.xml
  ! grep -q 'name="reload' /tmp/md-1.0.xml /tmp/md-1.1.xml || lab_fail "meta-data advertises a reload"

  # --- 3. ocf-tester, crm_resource, pcs (no client yet: nothing to notify)
  lab_log "+ ocf-tester"
  ocf-tester -n nn -o source_host=$FLOAT -o statd_dir=/srv/statd-tester "$OCF_ROOT/resource.d/hanfs/$A" \
    >"$LAB_OUT/ocf-tester.log" 2>&1 || { cat "$LAB_OUT/ocf-tester.log"; lab_fail "ocf-tester failed"; }
  tail -1 "$LAB_OUT/ocf-tester.log"
  ocf_crm_resource_cycle $A source_host=$FLOAT statd_dir=/srv/statd-tester
  cibadmin --empty >/tmp/cib.xml
  lab_run pcs -f /tmp/cib.xml resource create notify1 ocf:hanfs:$A source_host=$FLOAT statd_dir=/srv/statd
  if pcs -f /tmp/cib.xml resource create notify2 ocf:hanfs:$A source_host=$FLOAT \
       >"$LAB_OUT/pcs-duplicate.log" 2>&1; then
    lab_fail "pcs accepted a second resource notifying from $FLOAT"
  fi
  grep -qi unique "$LAB_OUT/pcs-duplicate.log" || lab_fail "pcs refused for another reason: $(cat "$LAB_OUT/pcs-duplicate.log")"

  # --- 4. two addresses, one unreachable for the client
  lab_signal exported
  lab_wait client-ready 180
  [[ -s /var/lib/nfs/sm/client ]] || lab_fail "statd did not record the client: $(ls /var/lib/nfs/sm)"
  # An sm-notify that is not ours, retrying a host that does not exist.
  mkdir -p /tmp/other/sm /tmp/other/sm.bak
  echo "0100007f 000186b5 00000003 00000010 00000000000000000000000000000000 198.18.0.99 server" \
    >/tmp/other/sm/198.18.0.99
  chown -R statd /tmp/other
  setsid sm-notify -d -f -n -m 0 -P /tmp/other >/tmp/other.log 2>&1 </dev/null &
  other=$!
  params=(source_host="$FLOAT $DARK" statd_dir=/srv/statd retry_time=1)
  ocf_expect 0 "start with two addresses" $A start "${params[@]}"
  started=$(date +%s)
  lab_result start_two_addresses_ms "$OCF_MS"
  # Promptly: sm-notify works in the background (its retries take minutes).
  (( OCF_MS < 10000 )) || lab_fail "start took $OCF_MS ms"
  ocf_expect 0 "start again: already notified" $A start "${params[@]}"
  # One sm-notify per address, as recorded (the one to the reachable address
  # may be done already).
  state=/run/resource-agents/hanfs-nfs-notify-test.state
  ours=$(sed -n 's/^run\.[0-9]*\.process=\([0-9]*\)@.*/\1/p' $state | xargs)
  [[ $(wc -w <<<"$ours") == 2 ]] || lab_fail "expected two sm-notify runs recorded, got: $(cat $state)"
  pgrep -af sm-notify
  ocf_expect 0 "monitor while notifying" $A monitor "${params[@]}"
  copy=/srv/statd/nfs-notify/test
  lab_retry 30 bash -c "! find $copy/$FLOAT/sm $copy/$FLOAT/sm.bak -type f | grep -q ." \
    || { cat $copy/$FLOAT/sm-notify.log; lab_fail "the client was not notified from $FLOAT"; }
  [[ -s $copy/$DARK/sm.bak/client ]] || lab_fail "the client is no longer listed for $DARK"
  ocf_expect 0 "monitor before the window is over" $A monitor "${params[@]}"
  lab_signal notified
  wait_s=$(( started + 61 - $(date +%s) ))
  (( wait_s <= 0 )) || sleep $wait_s
  ocf_expect 190 "monitor after the retry window" $A monitor "${params[@]}"
  ocf_expect_reason "1 client not notified within the 1-minute retry window: client (from $DARK)"
  lab_result degraded_reason "$OCF_REASON"
  [[ -s /srv/statd/sm.bak/client ]] || lab_fail "statd_dir/sm.bak forgot the unreached client"
  ocf_expect 0 "stop" $A stop "${params[@]}"
  for pid in $ours; do
    lab_retry 5 bash -c "! kill -0 $pid 2>/dev/null || grep -q '^State:.Z' /proc/$pid/status" \
      || lab_fail "our sm-notify $pid survived stop"
  done
  kill -0 $other || lab_fail "stop ended an sm-notify that is not ours"
  ocf_expect 7 "monitor after stop" $A monitor "${params[@]}"
  ocf_expect 0 "stop again" $A stop "${params[@]}"
  kill $other
  lab_signal done
  ;;

client)
  lab_modules nfs nfsv3
  lab_rpc_start
  lab_wait exported 180
  mkdir -p /mnt/x
  lab_run mount -t nfs -o vers=3 nfs-float:/srv/x /mnt/x
  python3 -c '
import fcntl, time
f = open("/mnt/x/data", "r+")
fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
print("locked", flush=True)
time.sleep(600)' >/tmp/locker.log 2>&1 &
  lab_retry 60 grep -q locked /tmp/locker.log || lab_fail "no lock: $(cat /tmp/locker.log)"
  lab_run ip route add blackhole $DARK
  lab_signal client-ready
  lab_wait notified 180
  lab_log "client's statd heard: $(grep -c . /var/lib/nfs/sm/* 2>/dev/null | xargs)"
  lab_wait done 240
  ;;
esac
lab_log "done"
