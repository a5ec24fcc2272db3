#!/bin/bash
# Two NFS services of the agents and today's best shell stack on a real
# two-node Pacemaker cluster with fencing (run-lab: node1, node2 sharing a
# disk; client), in one boot. The configuration is built on the host with
# pcs -f (tests/cluster/cib) and pushed once. The client runs the workload
# (tools/nfs_workload.cpp) over NFSv3 and NFSv4.2 on each service it uses,
# with a probe (new files and new locks, the floating address watched) and,
# on the service that moves, fio writing with fsync per write and verifying
# afterwards. The node holding a service checks that the client's locks are
# really held there and that every acknowledged record is on its disk.
#
#   SCENARIOS (env): space-separated subset of "move control shell crash",
#   run in that order (crash powers node1 off, so it comes last). Default:
#   all, as in ctest.
#     move     s1 moved onto s2's node (node2) and back, s2's clients working
#     control  today's stack without fsid (ctl) moved: the client's ESTALE
#     shell    Red Hat's stack (rh) moved to node2, same workload and measures
#     crash    node1 (holding s1) loses power; node2 fences it and serves both
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"
source "$HANFS_SOURCE_DIR/tests/cluster/guest/cluster.sh"

SCENARIOS=${SCENARIOS:-move control shell crash}
declare -A ADDR=([s1]=198.18.0.101 [s2]=198.18.0.102 [rh]=198.18.0.103 [ctl]=198.18.0.200)
declare -A NAME=([s1]=s1-svc [s2]=s2-svc [rh]=rh-svc [ctl]=nfs-control)
MOUNT_OPTS=timeo=50         # 5 s: the client retries a moved address sooner
CIB=$HANFS_BUILD_DIR/tests/cluster/cib.xml
timeline=$LAB_RESULTS/timeline
summary=$LAB_RESULTS/summary
say() { lab_log "$*"; echo "$(date +%s.%N | cut -c1-14) $LAB_HOST: $*" >>"$timeline"; }
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
workload() { "$HANFS_BUILD_DIR/tests/cluster/nfs_workload" "$@"; }
for s in "${!ADDR[@]}"; do echo "${ADDR[$s]} ${NAME[$s]}"; done >>/etc/hosts
# Each service's filesystem is /srv/SVC; the clients work in its data/ (ctl:
# the filesystem itself, NFSv3 only), NFSv4 through the export's root fsid.
data_dir() { [[ $1 == ctl ]] && echo /srv/ctl || echo "/srv/$1/data"; }

# --- servers: storage, cluster ------------------------------------------------
server_setup() {
  lab_lvm_init
  printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
  local disk svc
  disk=$(lab_disk shared)
  mkdir -p /srv/s1 /srv/s2 /srv/rh /srv/ctl
  if [[ $LAB_HOST == node1 ]]; then
    # One partition, VG and ext4 per service. No filesystem UUID: mountd then
    # names an export without fsid by its device number (the control's ESTALE).
    printf ',60M\n,60M\n,60M\n,\n' | lab_run sfdisk -q "$disk"
    local n=0
    for svc in s1 s2 rh ctl; do
      n=$((n + 1))
      lab_run pvcreate -q "$disk$n"
      lab_run vgcreate -q "vg$svc" "$disk$n"
      lab_run lvcreate -q -y -Zn -L 44M -n data "vg$svc"
      lab_run mkfs.ext4 -q -U clear "/dev/vg$svc/data"
      lab_run mount "/dev/vg$svc/data" "/srv/$svc"
      mkdir -p "$(data_dir $svc)" && chmod 777 "$(data_dir $svc)"
      # nfsserver's nfs_shared_infodir, made as Red Hat's guide makes it.
      [[ $svc == rh ]] && mkdir -p /srv/rh/.nfsinfo
      lab_run umount "/srv/$svc"
      lab_run vgchange -q -an "vg$svc"
    done
    lab_signal storage-ready
  else
    lab_wait storage-ready 120
    blockdev --flushbufs "$disk"
    lab_run blockdev --rereadpt "$disk"
    # Real nodes differ: other dm devices here, so a dynamically numbered LV
    # comes up on another minor than on node1.
    local i
    for i in 0 1 2; do dmsetup create "local$i" --table "0 8 zero"; done
    say "node2 has extra dm devices: $(dmsetup ls | awk '{print $1}' | xargs)"
  fi
  lab_modules dm-mod nfsd macvlan
  # The node's own NFS server (initial namespace): the control stack's, and
  # hanfs-check's comparison of the nodes' lease and grace times.
  lab_nfs_start 8
  rpc.nfsd 0
  echo 90 >/proc/fs/nfsd/nfsv4gracetime
  echo 90 >/proc/sys/fs/nfs/nlm_grace_period
  rpc.nfsd 8
  # The shell stacks' agents: the control's exportfs, nfsserver's init script.
  "$HANFS_SOURCE_DIR/tests/cluster/tools/exportfs-without-fsid" \
    /usr/lib/ocf/resource.d/heartbeat/exportfs /usr/lib/ocf/resource.d/lab/exportfs
  install -m 755 "$HANFS_SOURCE_DIR/tests/cluster/guest/nfs-server-lab" /etc/init.d/nfs-server-lab
  ln -sfn "$LAB_RESULTS" /run/lab-results     # fence-lab's results_dir in the CIB
  cluster_start
  cluster_keep_logs
  serve_lock_probes &
}

# push_configuration: the CIB built on the host (tests/cluster/cib/build-cib:
# the pcs commands of cib/configure.sh) into the live cluster, in one replace:
# its resources, constraints and resource defaults into the live CIB, as
# `pcs cluster cib-push` does with a file taken from the cluster.
push_configuration() {
  [[ -s $CIB ]] || lab_fail "no $CIB: ctest's cluster_cib (tests/cluster/cib/build-cib) makes it"
  local t0=$SECONDS
  cibadmin -Q >/run/lab/live-cib.xml
  python3 - "$CIB" /run/lab/live-cib.xml <<'PY' || lab_fail "could not merge $CIB into the live CIB"
import sys, xml.etree.ElementTree as ET
built, live_path = ET.parse(sys.argv[1]).getroot(), sys.argv[2]
live = ET.parse(live_path)
conf = live.getroot().find("configuration")
for section in ("resources", "constraints", "rsc_defaults"):
    new = built.find(f"configuration/{section}")
    old = conf.find(section)
    if old is not None:
        conf.remove(old)
    if new is not None:
        conf.append(new)
root = live.getroot()
root.set("epoch", str(int(root.get("epoch", "0")) + 1))
live.write(live_path)
PY
  lab_run cibadmin --replace --xml-file /run/lab/live-cib.xml
  cp /run/lab/live-cib.xml "$LAB_OUT/cib-pushed.xml"
  say "configuration pushed ($(grep -c '<primitive' "$CIB") primitives) in $((SECONDS - t0)) s"
}

# enable/disable GROUP: target-role as `pcs resource enable/disable` sets it.
enable() { lab_run crm_resource --resource "$1" --meta --delete-parameter target-role >/dev/null; }
disable() { lab_run crm_resource --resource "$1" --meta --set-parameter target-role --parameter-value Stopped >/dev/null; }
wait_stopped() {
  lab_retry "${2:-240}" bash -c "crm_resource --locate --resource '$1' 2>&1 | grep -q 'NOT running'" \
    || lab_fail "$1 did not stop: $(crm_mon -1 2>&1 | tail -15)"
}

# audit_cluster NAME [WORD...]: hanfs-check of the live cluster on this
# node (as installed by the package), its report and the CIB in $LAB_OUT.
# No risk may name a resource of our services (s1, s2); each WORD given (the
# control stack's resources or paths) must be in one risk.
audit_cluster() {
  local name=$1 rc=0; shift
  cibadmin -Q >"$LAB_OUT/cib-$name.xml"
  # --timeout: its default 10 s is a real node's; with three VMs under
  # emulation, lvs alone has taken most of it, and blkid ran out of time.
  hanfs-check --timeout 60 >"$LAB_OUT/hanfs-check-$name.txt" 2>&1 || rc=$?
  hanfs-check --timeout 60 --json >"$LAB_OUT/hanfs-check-$name.json" 2>&1 || true
  say "hanfs-check ($name): exit $rc, $(grep -c . "$LAB_OUT/hanfs-check-$name.txt") lines"
  ((rc == 0 || rc == 1)) || lab_fail "hanfs-check could not read the cluster: $(cat "$LAB_OUT/hanfs-check-$name.txt")"
  python3 - "$LAB_OUT/hanfs-check-$name.json" "$@" <<'PY' || lab_fail "hanfs-check ($name): $(cat "$LAB_OUT/hanfs-check-$name.txt")"
import json, sys
report = json.load(open(sys.argv[1]))
ours = [r for r in report["risks"] if any(x in ("s1", "s2") or x.startswith(("s1-", "s2-")) for x in r["resources"])]
assert not ours, f"risks of our services: {ours}"
missing = [w for w in sys.argv[2:]
           if not any(w in r["resources"] or w in json.dumps(r) for r in report["risks"])]
assert not missing, f"no risk names {missing}: {report['risks']}"
print(report["status"], sorted({r["code"] for r in report["risks"]}))
PY
}

# publish_lease SECONDS: nfsd's NFSv4 lease time on this node (nfsd's
# threads stopped for it), then hanfs-check, which publishes this node's
# lease and grace times for the other nodes' hanfs-check to compare.
publish_lease() {
  local rc=0 out=$LAB_OUT/hanfs-check-$LAB_HOST-lease$1.txt
  rpc.nfsd 0
  echo "$1" >/proc/fs/nfsd/nfsv4leasetime
  rpc.nfsd 8
  hanfs-check --timeout 60 >"$out" 2>&1 || rc=$?
  ((rc == 0 || rc == 1)) || lab_fail "hanfs-check on $LAB_HOST could not read the cluster: $(cat "$out")"
  say "$LAB_HOST: hanfs-check published lease $1 s ($(grep -o 'NFSv4 lease [0-9][^;(]*' "$out" | head -1))"
}

# describe SVC: what the client's handles depend on, on this node: the LV's
# major:minor and the export's fsid (in the service's own export table for
# ours, the node's for the shell stacks).
describe() {
  local svc=$1 devnum="-" etab=/var/lib/nfs/etab fsid
  [[ $svc == s[0-9] ]] && etab=/srv/$svc/.nfs/etab
  [[ -e /dev/vg$svc/data ]] && devnum=$(lab_dev_minor "/dev/vg$svc/data")
  fsid=$(awk -v d="/srv/$svc" '$1 == d {print $2}' "$etab" 2>/dev/null | grep -o 'fsid=[^,)]*' | head -1)
  if [[ -z $fsid ]] && awk -v d="/srv/$svc" '$1 == d' "$etab" 2>/dev/null | grep -q .; then
    fsid="fsid from device $devnum"
  fi
  echo "$svc on $LAB_HOST: vg$svc/data=$devnum ${fsid:-no export}"
}

# move_group GROUP NODE: crm_resource --move (what `pcs resource move`
# runs, without pcs's 16-60 s under TCG); until GROUP's last member runs on
# NODE; the move's constraint cleared (stickiness keeps it there).
move_group() {
  local t0=$SECONDS
  say "crm_resource --move --resource $1 --node $2"
  lab_run crm_resource --move --resource "$1" --node "$2" >/dev/null
  cluster_wait_on "$1-notify" "$2" 300
  crm_resource --clear --resource "$1" >/dev/null 2>&1 || true
  say "$1 on $2 after $((SECONDS - t0)) s"
}

# The node where SVC's filesystem is mounted answers the client's request to
# check SVC's locks and records for a scenario (a request file per
# scenario and service), while the workloads hold their locks: the locks
# must be held here (by lockd for NFSv3, nfsd for NFSv4), and every record
# the client saw acknowledged must be in the file on this disk exactly once
# (read here, not through the client's cache). Results in
# $LAB_RESULTS/{locks,records}-SCENARIO-SVC.
serve_lock_probes() {
  local req key
  while sleep 1; do
    for req in "$LAB_RESULTS"/.sync/lock-probe-*; do
      [[ -e $req ]] || continue
      key=${req##*/lock-probe-}
      [[ -e $LAB_RESULTS/.sync/lock-probed-$key ]] && continue
      mountpoint -q "/srv/${key##*-}" || continue
      probe_locks "${key%-*}" "${key##*-}"
    done
  done
}

probe_locks() {
  local scen=$1 svc=$2 v locks=held records=ok dir state
  for v in 3 4.2; do
    dir=$(data_dir "$svc")/$scen-v${v%.*}
    state=$LAB_RESULTS/client/workload-$scen-$svc-v$v
    [[ -e $dir/lock ]] || continue
    if workload lock-held "$dir/lock" >>"$LAB_OUT/locks-$scen-$svc" 2>&1; then
      say "$scen: $svc v$v lock held on $LAB_HOST"
      echo held >"$LAB_RESULTS/lock-$scen-$svc-v$v"
    else
      locks=lost
      say "$scen: $svc v$v lock NOT held on $LAB_HOST: $(tail -1 "$LAB_OUT/locks-$scen-$svc")"
      echo lost >"$LAB_RESULTS/lock-$scen-$svc-v$v"
    fi
    if workload check "$dir" "$state" data-only >"$LAB_OUT/records-$scen-$svc-v$v" 2>&1; then
      say "$scen: $svc v$v records on $LAB_HOST's disk: $(grep '^records' "$LAB_OUT/records-$scen-$svc-v$v")"
    else
      records=lost
      say "$scen: $svc v$v records on $LAB_HOST's disk WRONG: $(grep -E '^(FAIL|records)' "$LAB_OUT/records-$scen-$svc-v$v" | xargs)"
    fi
  done
  echo "$locks" >"$LAB_RESULTS/locks-$scen-$svc"
  echo "$records" >"$LAB_RESULTS/records-$scen-$svc"
  lab_signal "lock-probed-$scen-$svc"
}

# --- the client ---------------------------------------------------------------
# fio_loop DIR STATE: fio jobs one after another until STATE/stop: each
# writes a new 1 MiB file in 4 KiB blocks with an fsync after every write,
# 16 writes a second, each block carrying a crc32c header; "N RC" per job
# in STATE/fio-jobs. fio_verify checks every file written afterwards.
fio_job() {
  local file=$1; shift
  fio --name=verify --filename="$file" --rw=write --bs=4k --size=1M --ioengine=psync --verify=crc32c "$@"
}
fio_loop() {
  local dir=$1 state=$2 n=0
  mkdir -p "$dir"
  while [[ ! -e $state/stop ]]; do
    n=$((n + 1))
    fio_job "$dir/f$n" --fsync=1 --do_verify=0 --rate_iops=16 --output="$state/fio-write-$n.log" \
      >/dev/null 2>&1 && echo "$n 0" >>"$state/fio-jobs" || echo "$n $?" >>"$state/fio-jobs"
  done
  touch "$state/fio-done"
}
# fio_verify DIR STATE: the page cache dropped, so the blocks come from the
# server; every file of a job that completed is read back and verified. A
# job that failed is counted (it failed across a takeover: an error the
# client saw).
fio_verify() {
  local dir=$1 state=$2 n rc written=0 bad=0 failed=0
  echo 3 >/proc/sys/vm/drop_caches
  while read -r n rc; do
    if ((rc != 0)); then
      failed=$((failed + 1))
      continue
    fi
    written=$((written + 1))
    fio_job "$dir/f$n" --verify_only --output="$state/fio-verify-$n.log" >/dev/null 2>&1 || bad=$((bad + 1))
  done <"$state/fio-jobs"
  echo "fio: $written files of 256 fsynced writes verified, $bad bad; $failed jobs failed"
  ((bad == 0 && failed == 0 && written > 0))
}

# client_start SCEN SVC [fio] VERSIONS...: one workload and one probe per NFS
# version, each in its own directory SCEN-vV of SVC's export; with "fio", a
# fio loop too.
client_start() {
  local scen=$1 svc=$2 fio=0 v; shift 2
  [[ $1 == fio ]] && { fio=1; shift; }
  for v in "$@"; do
    local mnt=/mnt/$scen-$svc-v$v state=$LAB_OUT/workload-$scen-$svc-v$v path
    mkdir -p "$state"
    path=$(data_dir "$svc")
    [[ $v == 4* ]] && path=/data
    lab_mount "$v" "${ADDR[$svc]}" "$path" "$mnt" $MOUNT_OPTS
    mkdir -p "$mnt/$scen-v${v%.*}" "$mnt/$scen-new-v${v%.*}"
    workload run "$mnt/$scen-v${v%.*}" "$state" >"$state/run.log" 2>&1 &
    workload probe "$mnt/$scen-new-v${v%.*}" "$state" "${ADDR[$svc]}" >"$state/probe.log" 2>&1 &
    ((fio)) && fio_loop "$mnt/$scen-fio-v${v%.*}" "$state" &
  done
  for v in "$@"; do
    # A first NFSv4 lock waits for the server's grace period to end.
    lab_retry 150 grep -q "lock held" "$LAB_OUT/workload-$scen-$svc-v$v/run.log" \
      || lab_fail "workload $scen on $svc over NFSv$v did not start: $(cat "$LAB_OUT/workload-$scen-$svc-v$v/run.log")"
  done
  say "client: $scen workloads running over NFSv$* on $svc (${ADDR[$svc]})"
}

# client_served SCEN SVC N VERSIONS...: until each version's probe has seen
# N takeovers and a new open and a new lock succeed after each; 1 when one
# has not within 400 s.
client_served() {
  local scen=$1 svc=$2 n=$3 v state rc=0; shift 3
  for v in "$@"; do
    state=$LAB_OUT/workload-$scen-$svc-v$v
    if lab_retry 400 bash -c "'$HANFS_BUILD_DIR/tests/cluster/nfs_workload' takeovers '$state' >'$state/takeovers' \
        && grep -q '^takeovers $n,' '$state/takeovers'"; then
      say "client: $scen, $svc over NFSv$v: $(grep '^takeover ' "$state/takeovers" | tail -1)"
    else
      say "client: $scen, $svc over NFSv$v: no new open and lock after takeover $n: $(xargs <"$state/takeovers")"
      rc=1
    fi
  done
  return $rc
}

# client_check SCEN SVC EXPECT VERSIONS...: stop the workloads, check them,
# have the node holding SVC check its locks and records, release, write one
# summary line per version. EXPECT:
#   pass     the client's verdicts pass, the locks are held, the records are
#            on the server's disk, fio verifies, no error on the client:
#            what a failover must give;
#   record   nothing required (a shell stack), the verdict is recorded.
client_check() {
  local scen=$1 svc=$2 expect=$3 v state verdicts=0 fio_ok=0 mnt; shift 3
  for v in "$@"; do touch "$LAB_OUT/workload-$scen-$svc-v$v/stop"; done
  for v in "$@"; do
    state=$LAB_OUT/workload-$scen-$svc-v$v mnt=/mnt/$scen-$svc-v$v
    lab_retry 180 grep -q "stopped after" "$state/run.log" || lab_fail "workload $scen $svc v$v did not stop"
    workload check "$mnt/$scen-v${v%.*}" "$state" >"$state/verdict" || true
    workload takeovers "$state" >"$state/takeovers" || true
    cat "$state/verdict" "$state/takeovers"
    grep -q "VERDICT: PASS" "$state/verdict" || verdicts=1
    if grep -q . "$state/errors" 2>/dev/null; then verdicts=1; fi
    lab_retry 120 test -e "$state/probe-stopped" || lab_log "the probe on $svc v$v has not stopped"
    if [[ -e $state/fio-jobs ]]; then
      lab_retry 120 test -e "$state/fio-done" || lab_fail "fio on $svc v$v did not stop"
      fio_verify "$mnt/$scen-fio-v${v%.*}" "$state" >"$state/fio-verdict" || fio_ok=1
      say "client after $scen, $svc over NFSv$v: $(cat "$state/fio-verdict")"
    fi
  done
  if [[ $svc != ctl ]]; then
    lab_signal "lock-probe-$scen-$svc"
    if [[ $expect == pass ]]; then
      lab_wait "lock-probed-$scen-$svc" 120
    else
      lab_retry 120 test -e "$LAB_RESULTS/.sync/lock-probed-$scen-$svc" || lab_log "no node checked $svc's locks"
    fi
  fi
  for v in "$@"; do
    state=$LAB_OUT/workload-$scen-$svc-v$v
    local lock
    lock=$(cat "$LAB_RESULTS/lock-$scen-$svc-v$v" 2>/dev/null || echo "-")
    echo "$scen $svc v$v: $(grep -E '^(errors|records)' "$state/verdict" | xargs); on the server: lock $lock;" \
      "$(grep -E '^take' "$state/takeovers" | xargs); $(cat "$state/fio-verdict" 2>/dev/null)" >>"$summary"
    say "client after $scen, $svc over NFSv$v: $(tail -1 "$summary")"
    rm -f "$state/stop"
  done
  wait_for_workloads "$scen" "$svc" "$@"
  case $expect in
    pass)
      ((verdicts == 0)) || lab_fail "the client's verdict on $svc after $scen: see above"
      ((fio_ok == 0)) || lab_fail "fio's verification on $svc after $scen failed: $(cat "$LAB_OUT"/workload-"$scen-$svc"-v*/fio-verdict)"
      [[ $(cat "$LAB_RESULTS/locks-$scen-$svc") == held ]] || lab_fail "$scen: the server does not hold $svc's client locks"
      [[ $(cat "$LAB_RESULTS/records-$scen-$svc") == ok ]] || lab_fail "$scen: acknowledged records of $svc are not on the server's disk" ;;
  esac
  return 0
}

# wait_for_workloads SCEN SVC VERSIONS...: the run and probe processes of
# those mounts have exited; the mounts go.
wait_for_workloads() {
  local scen=$1 svc=$2 v; shift 2
  for v in "$@"; do
    # [/]: the pattern must not match this bash -c's own command line.
    lab_retry 60 bash -c "! pgrep -f '[/]mnt/$scen-$svc-v$v/' >/dev/null" || lab_log "workload on /mnt/$scen-$svc-v$v still running"
    umount "/mnt/$scen-$svc-v$v" 2>/dev/null || umount -l "/mnt/$scen-$svc-v$v"
  done
}

# cut_power HOST: the power cut of a crash, through the lab's fence device.
cut_power() {
  printf 'action=off\nplug=%s\nresults_dir=%s\n' "$1" "$LAB_RESULTS" | "$CLUSTER_DIR/fence_lab" \
    || lab_fail "could not cut $1's power"
}

# shell_node: the node's NFS server handed to nfsserver, as on a node built
# by Red Hat's guide: nothing of it running, the kernel's default times
# (lease and grace 90 s, lockd's grace its default), rpcbind up.
shell_node() {
  lab_nfs_stop
  # On Red Hat, nfsserver's bind_tree stops var-lib-nfs-rpc_pipefs.mount
  # before it binds nfs_shared_infodir over /var/lib/nfs (systemd modes);
  # without systemd it cannot, and its stop then fails unmounting the node's
  # rpc_pipefs through the bind, and the node is fenced. Unmounted here, as
  # systemd would; nfsserver mounts its own there, inside the bind.
  mountpoint -q /var/lib/nfs/rpc_pipefs && umount /var/lib/nfs/rpc_pipefs
  # Red Hat's statd layout, which nfsserver and nfsnotify are written for:
  # the NSM list in /var/lib/nfs/statd (RHEL's nfs.conf). With Debian's
  # (the list in /var/lib/nfs) nfsnotify notifies nobody, and once its
  # copies have made /var/lib/nfs/statd, nfsserver lays its infodir out
  # for Red Hat but statd still looks in /var/lib/nfs/sm and fails to start.
  # Only while the shell stack runs (shell_node_done): our services' statd
  # keeps its list in its state_dir.
  rm -rf /var/lib/nfs/statd
  mkdir -p /var/lib/nfs/statd /etc/nfs.conf.d
  printf '[statd]\nstate-directory-path=/var/lib/nfs/statd\n' >"$SHELL_NFS_CONF"
  # statd logs to syslog once it daemonizes: its own words on a failure.
  pidof syslogd >/dev/null || busybox syslogd -O "$LAB_OUT/syslog-$LAB_HOST.txt"
  mount -t nfsd nfsd /proc/fs/nfsd
  echo 90 >/proc/fs/nfsd/nfsv4leasetime
  echo 90 >/proc/fs/nfsd/nfsv4gracetime
  echo 0 >/proc/sys/fs/nfs/nlm_grace_period
  # A fresh rpcbind: -w would bring back the killed daemons' registrations.
  rm -f /run/rpcbind/*.xdr
  mkdir -p /run/rpcbind && _lab_daemon rpcbind rpcbind
  say "$LAB_HOST: the node's NFS server stopped, for nfsserver"
}

SHELL_NFS_CONF=/etc/nfs.conf.d/hanfs-lab-redhat-layout.conf
shell_node_done() { rm -f "$SHELL_NFS_CONF"; }

# shell_stack (node1): Red Hat's stack started on node1 and moved to node2
# while the client works. Its figures are recorded, not required: a stack
# that does not start or move is reported (the exit reason, and rpc.statd's
# own words when nfsserver could not start it), and the run goes on.
shell_stack() {
  local t0=$SECONDS state=up
  enable rh
  if ! lab_retry 300 bash -c "[[ \$(crm_resource --locate --resource rh-notify 2>/dev/null) == *'running on: node1'* ]]"; then
    state="did not start on node1: $(crm_mon -1 2>&1 | grep -A3 'Failed Resource Actions' | tail -3 | xargs)"
    # What nfsserver's "Failed to start rpc.statd" hides: statd's own words.
    timeout 10 rpc.statd -F -d --no-notify >"$LAB_OUT/rpc.statd-by-hand.txt" 2>&1 || true
    say "shell: rh $state; rpc.statd by hand: $(tail -3 "$LAB_OUT/rpc.statd-by-hand.txt" | xargs)"
  fi
  echo "$state" >"$LAB_RESULTS/shell-state"
  lab_signal shell-up
  if [[ $state == up ]]; then
    say "rh up on node1 after $((SECONDS - t0)) s: $(describe rh)"
    lab_wait client-running-shell 600
    t0=$SECONDS
    say "crm_resource --move --resource rh --node node2"
    lab_run crm_resource --move --resource rh --node node2 >/dev/null
    if lab_retry 300 bash -c "[[ \$(crm_resource --locate --resource rh-notify 2>/dev/null) == *'running on: node2'* ]]"; then
      say "rh on node2 after $((SECONDS - t0)) s"
    else
      say "shell: rh did not move to node2: $(crm_mon -1 2>&1 | grep -A3 'Failed Resource Actions' | tail -3 | xargs)"
    fi
    crm_resource --clear --resource rh >/dev/null 2>&1 || true
    lab_signal shell-moved
    lab_wait client-checked-shell 900
  else
    lab_wait client-checked-shell 900
  fi
  disable rh
  wait_stopped rh
  crm_resource --cleanup --resource rh >/dev/null 2>&1 || true
}

# The whole scenario is one function, parsed before it runs: editing this
# file during a run cannot change what the running guests execute.
main() {
  case $LAB_ROLE in
    server)
      server_setup
      lab_signal "cluster-up-$LAB_HOST"
      for n in $(cluster_nodes); do lab_wait "cluster-up-$n" 300; done
      if [[ $LAB_HOST == node1 ]]; then
        # node2 serves with a longer lease for a moment: hanfs-check here
        # must see it in what node2 published.
        lab_wait node2-lease-published 300
        audit_cluster lease-differs nfsd-times-differ "node2: lease 20 s"
        lab_signal lease-compared
        lab_wait node2-lease-restored 300
        push_configuration
        cluster_wait_on s1-notify node1 300
        cluster_wait_on s2-notify node2 300
        say "$(describe s1)"
        audit_cluster services
        grep -q "lease 10 s, grace 90 s on node1, node2" "$LAB_OUT/hanfs-check-services.txt" \
          || lab_fail "hanfs-check did not compare the nodes' times: $(cat "$LAB_OUT/hanfs-check-services.txt")"
        lab_signal services-up
        if wants move; then
          lab_wait client-running-move 600
          move_group s1 node2
          lab_signal s1-on-node2
          lab_wait client-served-move-1 600
          move_group s1 node1
          say "$(describe s1)"
          lab_signal s1-back
          lab_wait client-checked-move 900
        fi
        if wants control || wants shell; then
          disable s1; disable s2
          wait_stopped s1; wait_stopped s2
          say "our services stopped for the shell stacks"
        fi
        if wants control; then
          enable ctl
          cluster_wait_on ctl-notify node1 300
          say "$(describe ctl)"
          audit_cluster with-control ctl-vg /srv/ctl
          lab_signal control-up
          lab_wait client-running-control 600
          move_group ctl node2
          lab_signal control-moved
          lab_wait client-checked-control 600
          disable ctl; wait_stopped ctl
        fi
        if wants shell; then
          lab_signal shell-node
          shell_node
          lab_wait shell-node-node2 300
          shell_stack
          shell_node_done
        fi
        if wants control || wants shell; then
          enable s1; enable s2
          cluster_wait_on s1-notify node1 300
          cluster_wait_on s2-notify node2 300
          say "our services back: $(describe s1)"
        fi
        lab_signal services-back
        if wants crash; then
          lab_wait client-running-crash 600
          say "node1 holds s1; waiting for the power cut"
        fi
      else
        publish_lease 20
        lab_signal node2-lease-published
        lab_wait lease-compared 300
        publish_lease 10
        lab_signal node2-lease-restored
        lab_wait services-up 900
        if wants move; then
          lab_wait s1-on-node2 900
          say "$(describe s1)"
        fi
        if wants control; then
          lab_wait control-moved 1500
          say "$(describe ctl)"
        fi
        if wants shell; then
          lab_wait shell-node 1500
          shell_node
          lab_signal shell-node-node2
          lab_wait client-checked-shell 1500
          shell_node_done
          say "$(describe rh)"
        fi
        if wants crash; then
          lab_wait node1-power-cut 1800
          t0=$SECONDS
          cluster_wait_on s1-notify node2 300
          say "crash: s1 on node2 $((SECONDS - t0)) s after node1 lost power: $(describe s1)"
          say "crash: fencing history: $(stonith_admin --history node1 2>/dev/null | tail -1)"
          lab_signal crash-taken-over
        fi
      fi
      # Stay up (a node that leaves is a failure the cluster reacts to)
      # until the client is done.
      lab_wait client-done 2400
      ;;
    client)
      # However the client ends, the servers stop waiting for it.
      trap 'lab_signal client-done' EXIT
      lab_wait services-up 900
      if wants move; then
        client_start move s1 fio 3 4.2
        client_start move s2 3 4.2
        lab_signal client-running-move
        lab_wait s1-on-node2 900
        client_served move s1 1 3 4.2 || lab_fail "s1 did not serve new opens and locks on node2"
        lab_signal client-served-move-1
        lab_wait s1-back 900
        client_served move s1 2 3 4.2 || lab_fail "s1 did not serve new opens and locks back on node1"
        sleep 5     # a few records on node1 again
        client_check move s1 pass 3 4.2
        client_check move s2 pass 3 4.2
        grep -q "^takeovers 0," "$LAB_OUT"/workload-move-s2-v3/takeovers \
          || lab_fail "s2's clients saw their address go while s1 moved"
        lab_signal client-checked-move
      fi
      if wants control; then
        lab_wait control-up 1200
        client_start control ctl 3
        lab_signal client-running-control
        lab_wait control-moved 900
        sleep 10    # time for the stale handle to show
        client_check control ctl record 3
        stale=$(sed -n 's/.*ESTALE \([0-9]*\).*/\1/p' "$LAB_OUT/workload-control-ctl-v3/verdict")
        ((${stale:-0} > 0)) || lab_fail "the control stack gave no ESTALE: the comparison shows nothing"
        say "control: the client saw $stale ESTALE errors after the move (as expected)"
        lab_signal client-checked-control
      fi
      if wants shell; then
        lab_wait shell-up 1500
        if [[ $(cat "$LAB_RESULTS/shell-state") == up ]]; then
          client_start shell rh fio 3 4.2
          lab_signal client-running-shell
          lab_wait shell-moved 900
          client_served shell rh 1 3 4.2 || true
          sleep 5
          client_check shell rh record 3 4.2
        else
          echo "shell rh: not measured: $(cat "$LAB_RESULTS/shell-state")" >>"$summary"
        fi
        lab_signal client-checked-shell
      fi
      if wants crash; then
        lab_wait services-back 1500
        client_start crash s1 fio 3 4.2
        client_start crash s2 3 4.2
        lab_signal client-running-crash
        sleep 5
        say "crash: cutting node1's power"
        cut_power node1
        lab_signal node1-power-cut
        lab_wait crash-taken-over 900
        client_served crash s1 1 3 4.2 || lab_fail "s1 did not serve new opens and locks on node2 after the crash"
        sleep 5
        client_check crash s1 pass 3 4.2
        client_check crash s2 pass 3 4.2
        grep -q "^takeovers 0," "$LAB_OUT"/workload-crash-s2-v3/takeovers \
          || lab_fail "s2's clients saw their address go in node1's crash"
      fi
      ;;
  esac
  say "done"
}

main "$@"
