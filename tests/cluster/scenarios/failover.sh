#!/bin/bash
# The HA NFS service of the three agents (plus nfs-grace) on a real two-node
# Pacemaker cluster (run-lab: node1, node2 sharing a disk; client), with
# fencing. The client runs the workload (tools/nfs_workload.cpp) over NFSv3
# and NFSv4.2 through each scenario and checks: no ESTALE, no lost
# acknowledged record; the node holding the service checks that the locks
# are really held there (reclaimed).
#
#   SCENARIOS (env): space-separated subset of "move failure control crash",
#   run in that order (crash powers node1 off, so it comes last). Default: all.
#     move     pcs resource move to node2 and back
#     failure  the export removed by hand on the active node; Pacemaker recovers
#     control  the same move with today's stack (LVM-activate, Filesystem,
#              exportfs without fsid, IPaddr2, nfsnotify): the client's view
#     crash    node1 (active) loses power; node2 fences it and takes over
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"
source "$HANFS_SOURCE_DIR/tests/cluster/guest/cluster.sh"

SCENARIOS=${SCENARIOS:-move failure control crash}
VIP=198.18.0.100            # the service (nfs-service)
CTL_VIP=198.18.0.200        # the control stack's service (nfs-control)
EXPORT_DIR=$LAB_EXPORT_ROOT/data
CTL_DIR=$LAB_EXPORT_ROOT/ctl
MOUNT_OPTS=timeo=50         # 5 s: the client retries a moved address sooner
timeline=$LAB_RESULTS/timeline
say() { lab_log "$*"; echo "$(date +%s.%N | cut -c1-14) $LAB_HOST: $*" >>"$timeline"; }
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
workload() { "$HANFS_BUILD_DIR/tests/cluster/nfs_workload" "$@"; }
# sm-notify names the server by the floating address's name.
printf '%s nfs-service\n%s nfs-control\n' $VIP $CTL_VIP >>/etc/hosts

# --- servers: storage, NFS daemons, cluster ---------------------------------
server_setup() {
  lab_lvm_init
  printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
  local disk
  disk=$(lab_disk shared)
  if [[ $LAB_HOST == node1 ]]; then
    # Two partitions: the service's VG and the control stack's.
    printf ',96M\n,\n' | lab_run sfdisk -q "$disk"
    local vg part
    for vg in vgnfs:1 vgctl:2; do
      part=$disk${vg#*:} vg=${vg%:*}
      lab_run pvcreate -q "$part"
      lab_run vgcreate -q "$vg" "$part"
      lab_run lvcreate -q -y -Zn -L 48M -n data "$vg"
      # No filesystem UUID: mountd then names the export by its device
      # number, the seed's failure (tests/lab/README.md, control experiment).
      lab_run mkfs.ext4 -q -U clear "/dev/$vg/data"
      lab_run vgchange -q -an "$vg"
    done
    # The service's statd list lives on its filesystem (nfs-notify statd_dir).
    lab_run vgchange -q -ay vgnfs
    mkdir -p /mnt/setup && lab_run mount /dev/vgnfs/data /mnt/setup
    mkdir -p /mnt/setup/.statd/sm /mnt/setup/.statd/sm.bak
    lab_run umount /mnt/setup
    lab_run vgchange -q -an vgnfs
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
  lab_nfs_start 8
  # A real server's grace period (the lab's 10 s is too short for a client
  # to come back after a move under TCG); NFSv4 locks also wait for lockd's.
  rpc.nfsd 0
  echo 90 >/proc/fs/nfsd/nfsv4gracetime
  echo 90 >/proc/sys/fs/nfs/nlm_grace_period
  rpc.nfsd 8
  mkdir -p "$EXPORT_DIR" "$CTL_DIR"
  # Real Debian nodes run nfsdcld; nfs-grace needs the kernel's nfsdcltrack
  # (metadata/nfs-grace.xml). The lab never starts nfsdcld.
  cluster_start
  cluster_keep_logs
}

configure_service() {
  say "configuring the service with pcs"
  crm_attribute --type rsc_defaults --name resource-stickiness --update 100
  crm_attribute --node node2 --name standby --update on --lifetime forever
  cluster_pcs stonith create fence-lab fence_lab results_dir="$LAB_RESULTS" \
    pcmk_host_list="node1 node2" pcmk_reboot_action=off
  cluster_pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs vg_access_mode=system_id --group nfs
  # The shell agents' 20 s timeouts are for real hardware: under TCG with the
  # other VMs busy, IPaddr2's monitor alone has taken longer.
  cluster_pcs resource create nfs-fs ocf:heartbeat:Filesystem device=/dev/vgnfs/data directory="$EXPORT_DIR" \
    fstype=ext4 op start timeout=120s stop timeout=120s monitor interval=20s timeout=90s --group nfs
  cluster_pcs resource create nfs-export ocf:hanfs:nfs-export-fsid directory="$EXPORT_DIR" \
    clientspec=198.18.0.0/24 options=rw,no_root_squash,sync,no_subtree_check fsid=1001 \
    op monitor interval=10s --group nfs
  cluster_pcs resource create nfs-grace ocf:hanfs:nfs-grace recovery_dir="$EXPORT_DIR/.nfs-grace" \
    server_scope=nfs-service --group nfs
  cluster_pcs resource create nfs-ip ocf:heartbeat:IPaddr2 ip=$VIP cidr_netmask=24 \
    op start timeout=120s stop timeout=120s monitor interval=20s timeout=90s --group nfs
  cluster_pcs resource create nfs-notify ocf:hanfs:nfs-notify source_host=nfs-service \
    statd_dir="$EXPORT_DIR/.statd" --group nfs
  cluster_wait_on nfs-notify node1 300
  crm_attribute --node node2 --name standby --update off --lifetime forever
  say "service up on node1: $(describe_node)"
}

# The control: today's stack on the same nodes, its own VG and address.
# Debian 12's exportfs still requires fsid (upstream made it optional);
# the copy installed as ocf:lab:exportfs lifts just that requirement, as
# upstream has it, so the export is named by its device number.
install_exportfs_without_fsid() {
  mkdir -p /usr/lib/ocf/resource.d/lab
  sed -e 's/^OCF_REQUIRED_PARAMS="directory fsid clientspec"/OCF_REQUIRED_PARAMS="directory clientspec"/' \
      -e 's/^\t\topts="${opts}${sep}fsid=$(get_fsid)"/\t\t[ -z "$OCF_RESKEY_fsid" ] || opts="${opts}${sep}fsid=$(get_fsid)"/' \
      -e 's/<parameter name="fsid" unique="0" required="1">/<parameter name="fsid" unique="0" required="0">/' \
      /usr/lib/ocf/resource.d/heartbeat/exportfs >/usr/lib/ocf/resource.d/lab/exportfs
  chmod 755 /usr/lib/ocf/resource.d/lab/exportfs
  grep -q 'OCF_REQUIRED_PARAMS="directory clientspec"' /usr/lib/ocf/resource.d/lab/exportfs \
    || lab_fail "could not make exportfs without fsid from the installed agent"
}

# ctl_primitive ID PROVIDER:TYPE NAME=VALUE...: one OCF primitive as CIB XML,
# with the start/stop/monitor timeouts pcs would take from the metadata.
ctl_primitive() {
  local id=$1 provider=${2%%:*} type=${2#*:} kv op; shift 2
  printf '<primitive id="%s" class="ocf" provider="%s" type="%s"><instance_attributes id="%s-ia">' \
    "$id" "$provider" "$type" "$id"
  for kv in "$@"; do printf '<nvpair id="%s-%s" name="%s" value="%s"/>' "$id" "${kv%%=*}" "${kv%%=*}" "${kv#*=}"; done
  printf '</instance_attributes><operations>'
  for op in start:0s:120s stop:0s:120s monitor:30s:90s; do
    IFS=: read -r name interval timeout <<<"$op"
    printf '<op id="%s-%s" name="%s" interval="%s" timeout="%s"/>' "$id" "$name" "$name" "$interval" "$timeout"
  done
  printf '</operations></primitive>'
}

# The control stack, added with cibadmin (the comparison needs today's agents,
# not today's tooling; pcs costs 30-60 s a call under TCG).
configure_control() {
  say "configuring the control stack"
  local xml
  xml="<group id=\"ctl\"><meta_attributes id=\"ctl-meta\"><nvpair id=\"ctl-meta-target-role\" name=\"target-role\" value=\"Stopped\"/></meta_attributes>$(ctl_primitive ctl-vg heartbeat:LVM-activate vgname=vgctl vg_access_mode=system_id \
      activation_mode=exclusive)$(ctl_primitive ctl-fs heartbeat:Filesystem device=/dev/vgctl/data \
      directory="$CTL_DIR" fstype=ext4)$(ctl_primitive ctl-export lab:exportfs directory="$CTL_DIR" \
      clientspec=198.18.0.0/24 options=rw,no_root_squash,sync,no_subtree_check \
      unlock_on_stop=1)$(ctl_primitive ctl-ip heartbeat:IPaddr2 ip=$CTL_VIP \
      cidr_netmask=24)$(ctl_primitive ctl-notify heartbeat:nfsnotify source_host=nfs-control)</group>"
  # It starts on node1 like the service: created stopped, then a location
  # preference (it must name an existing resource), then started; the
  # preference goes once it runs there and stickiness keeps it, as for the
  # service.
  lab_run cibadmin --create --scope resources --xml-text "$xml"
  lab_run cibadmin --create --scope constraints \
    --xml-text '<rsc_location id="ctl-starts-on-node1" rsc="ctl" node="node1" score="INFINITY"/>'
  lab_run crm_resource --resource ctl --meta --set-parameter target-role --parameter-value Started
  cluster_wait_on ctl-notify node1 300
  lab_run cibadmin --delete --scope constraints --xml-text '<rsc_location id="ctl-starts-on-node1"/>'
  say "control up on node1: $(describe_node vgctl "$CTL_DIR")"
}

# audit_cluster NAME [WORD...]: hanfs-check of the live cluster on this
# node (as installed by the package), its report and the CIB in $LAB_OUT.
# No risk may name a resource of our service (nfs-*); each WORD given (the
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
ours = [r for r in report["risks"] if any(x.startswith("nfs-") or x == "nfs" for x in r["resources"])]
assert not ours, f"risks of our service: {ours}"
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

# What the client's handles depend on, on this node: the LV's major:minor
# and the export's fsid (as mountd will name it).
describe_node() {
  local vg=${1:-vgnfs} dir=${2:-$EXPORT_DIR} devnum="-" fsid
  [[ -e /dev/$vg/data ]] && devnum=$(lab_dev_minor "/dev/$vg/data")
  fsid=$(awk -v d="$dir" '$1 == d {print $2}' /var/lib/nfs/etab | grep -o 'fsid=[^,)]*' | head -1)
  if [[ -z $fsid ]] && awk -v d="$dir" '$1 == d' /var/lib/nfs/etab | grep -q .; then
    fsid="fsid from device $devnum"
  fi
  echo "$vg/data=${devnum} ${fsid:-no export}"
}

# move_group GROUP LAST NODE: pcs resource move; until LAST runs on NODE.
move_group() {
  local t0=$SECONDS
  say "pcs resource move $1 $3"
  cluster_pcs resource move "$1" "$3"
  cluster_wait_on "$2" "$3" 300
  crm_resource --clear --resource "$1" >/dev/null 2>&1 || true
  say "$1 on $3 after $((SECONDS - t0)) s"
}

# On the node holding the service, when the client asks (its workloads have
# stopped writing): the workloads' locks must be held here (by lockd for
# NFSv3, nfsd for NFSv4), and every record the client saw acknowledged must
# be in the file on the service's filesystem exactly once (read here, not
# through the client's cache). Results in $LAB_RESULTS/{locks,records}-NAME.
probe_locks() {
  lab_wait "lock-probe-$1" 600
  local v locks=held records=ok dir
  for v in v3 v4; do
    dir=$EXPORT_DIR/$1-$v
    [[ -e $dir/lock ]] || continue
    if workload lock-held "$dir/lock" >>"$LAB_OUT/locks-$1" 2>&1; then
      say "$1: $v lock held on $LAB_HOST"
    else
      locks=lost
      say "$1: $v lock NOT held on $LAB_HOST: $(tail -1 "$LAB_OUT/locks-$1")"
    fi
    if workload check "$dir" "$(ls -d "$LAB_RESULTS"/client/workload-"$1-$v"*)" data-only \
        >"$LAB_OUT/records-$1-$v" 2>&1; then
      say "$1: $v records on $LAB_HOST's disk: $(grep '^records' "$LAB_OUT/records-$1-$v")"
    else
      records=lost
      say "$1: $v records on $LAB_HOST's disk WRONG: $(grep -E '^(FAIL|records)' "$LAB_OUT/records-$1-$v" | xargs)"
    fi
  done
  echo "$locks" >"$LAB_RESULTS/locks-$1"
  echo "$records" >"$LAB_RESULTS/records-$1"
  lab_signal "lock-probed-$1"
}

# --- the client ---------------------------------------------------------------
# client_start NAME SERVER PATH VERSIONS...: one workload per NFS version,
# each in its own directory NAME-vV of the export.
client_start() {
  local name=$1 server=$2 path=$3 v; shift 3
  for v in "$@"; do
    local mnt=/mnt/$name-v$v state=$LAB_OUT/workload-$name-v$v
    mkdir -p "$state"
    lab_mount "$v" "$server" "$path" "$mnt" $MOUNT_OPTS
    mkdir -p "$mnt/$name-v${v%.*}"
    workload run "$mnt/$name-v${v%.*}" "$state" >"$state/run.log" 2>&1 &
  done
  for v in "$@"; do
    # A first NFSv4 lock waits for the server's grace period to end.
    lab_retry 150 grep -q "lock held" "$LAB_OUT/workload-$name-v$v/run.log" \
      || lab_fail "workload $name over NFSv$v did not start: $(cat "$LAB_OUT/workload-$name-v$v/run.log")"
  done
  say "client: $name workloads running over NFSv$* from $server"
}

# client_check NAME EXPECT VERSIONS...: stop the workloads, check them, have
# the server check the locks and the records on its disk, release. EXPECT:
#   pass     the client's verdicts pass, the locks are held, the records are
#            on the server's disk: what a failover must give;
#   recover  the records are on the server's disk (the client's open file may
#            have gone stale: the export was gone, and the server said so);
#   record   nothing required (the control stack), the verdict is recorded.
client_check() {
  local name=$1 expect=$2 v state verdicts=0; shift 2
  for v in "$@"; do touch "$LAB_OUT/workload-$name-v$v/stop"; done
  for v in "$@"; do
    state=$LAB_OUT/workload-$name-v$v
    lab_retry 180 grep -q "stopped after" "$state/run.log" || lab_fail "workload $name v$v did not stop"
    workload check "/mnt/$name-v$v/$name-v${v%.*}" "$state" >"$state/verdict" || true
    cat "$state/verdict"
    say "client after $name over NFSv$v: $(grep -E '^(errors|records)' "$state/verdict" | xargs)"
    grep -q "VERDICT: PASS" "$state/verdict" || verdicts=1
  done
  if [[ $expect != record ]]; then
    lab_signal "lock-probe-$name"
    lab_wait "lock-probed-$name" 120
  fi
  for v in "$@"; do rm -f "$LAB_OUT/workload-$name-v$v/stop"; done
  wait
  for v in "$@"; do umount "/mnt/$name-v$v" 2>/dev/null || umount -l "/mnt/$name-v$v"; done
  case $expect in
    pass)
      ((verdicts == 0)) || lab_fail "the client's verdict after $name: see above"
      [[ $(cat "$LAB_RESULTS/locks-$name") == held ]] || lab_fail "$name: the server does not hold the client's locks"
      [[ $(cat "$LAB_RESULTS/records-$name") == ok ]] || lab_fail "$name: acknowledged records are not on the server's disk" ;;
    recover)
      [[ $(cat "$LAB_RESULTS/records-$name") == ok ]] || lab_fail "$name: acknowledged records are not on the server's disk" ;;
  esac
  return 0
}

# cut_power HOST: the power cut of a crash, through the lab's fence device.
cut_power() {
  printf 'action=off\nplug=%s\nresults_dir=%s\n' "$1" "$LAB_RESULTS" | "$CLUSTER_DIR/fence_lab" \
    || lab_fail "could not cut $1's power"
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
        configure_service
        lab_wait node2-lease-restored 300
        audit_cluster service
        grep -q "lease 10 s, grace 90 s on node1, node2" "$LAB_OUT/hanfs-check-service.txt" \
          || lab_fail "hanfs-check did not compare the nodes' times: $(cat "$LAB_OUT/hanfs-check-service.txt")"
        lab_signal service-up
        if wants move; then
          lab_wait client-running-move 600
          say "node1: $(describe_node)"
          move_group nfs nfs-notify node2
          lab_signal moved-to-node2
          lab_wait node2-described 120
          move_group nfs nfs-notify node1
          say "node1: $(describe_node)"
          lab_signal move-done
          probe_locks move
        fi
        if wants failure; then
          lab_wait client-running-failure 600
          local_t0=$SECONDS
          say "failure: exportfs -u 198.18.0.0/24:$EXPORT_DIR behind Pacemaker's back"
          lab_run exportfs -u "198.18.0.0/24:$EXPORT_DIR"
          lab_retry 120 bash -c '[[ $(crm_failcount --query --resource nfs-export --node node1 2>/dev/null) == *value=[1-9]* ]]' \
            || lab_fail "the removed export was not noticed: $(crm_mon -1 2>&1 | tail -15)"
          say "failure: monitor noticed after $((SECONDS - local_t0)) s: $(crm_failcount --query --resource nfs-export --node node1)"
          cluster_wait_on nfs-notify node1 300
          lab_retry 60 grep -q "^$EXPORT_DIR[[:space:]]" /var/lib/nfs/etab || lab_fail "the export did not come back"
          say "failure: recovered on node1 after $((SECONDS - local_t0)) s: $(describe_node)"
          crm_resource --cleanup --resource nfs-export >/dev/null
          lab_signal failure-recovered
          probe_locks failure
        fi
        if wants control; then
          install_exportfs_without_fsid
          lab_wait control-agent-node2 300
          configure_control
          audit_cluster with-control ctl-vg "$CTL_DIR"
          lab_signal control-up
          lab_wait client-running-control 600
          move_group ctl ctl-notify node2
          lab_signal control-moved
          lab_wait client-checked-control 600
        fi
        if wants crash; then
          lab_wait client-running-crash 600
          say "node1 holds the service; waiting for the power cut"
        fi
      else
        publish_lease 20
        lab_signal node2-lease-published
        lab_wait lease-compared 300
        publish_lease 10
        lab_signal node2-lease-restored
        wants control && { install_exportfs_without_fsid; lab_signal control-agent-node2; }
        lab_wait service-up 900
        if wants move; then
          lab_wait moved-to-node2 900
          say "node2: $(describe_node)"
          lab_signal node2-described
        fi
        if wants control; then
          lab_wait control-moved 1200
          say "node2: $(describe_node vgctl "$CTL_DIR")"
        fi
        if wants crash; then
          lab_wait node1-power-cut 1500
          t0=$SECONDS
          cluster_wait_on nfs-notify node2 300
          say "crash: service on node2 $((SECONDS - t0)) s after node1 lost power: $(describe_node)"
          say "crash: fencing history: $(stonith_admin --history node1 2>/dev/null | tail -1)"
          lab_signal crash-taken-over
          probe_locks crash
        fi
      fi
      # Stay up (a node that leaves is a failure the cluster reacts to)
      # until the client is done.
      lab_wait client-done 1800
      ;;
    client)
      # However the client ends, the servers stop waiting for it.
      trap 'lab_signal client-done' EXIT
      lab_wait service-up 900
      if wants move; then
        client_start move $VIP "$EXPORT_DIR" 3 4.2
        lab_signal client-running-move
        lab_wait move-done 900
        sleep 5     # a few records on node1 again
        client_check move pass 3 4.2
      fi
      if wants failure; then
        client_start failure $VIP "$EXPORT_DIR" 3 4.2
        lab_signal client-running-failure
        lab_wait failure-recovered 600
        sleep 5
        # While the export is gone the server answers "stale handle" to what
      # arrives: the client's open file goes stale (that is the injected
      # failure); what must hold is the recovery and every record.
      client_check failure recover 3 4.2
      fi
      if wants control; then
        lab_wait control-up 900
        client_start control $CTL_VIP "$CTL_DIR" 3
        lab_signal client-running-control
        lab_wait control-moved 900
        sleep 10    # time for the stale handle to show
        client_check control record 3
        stale=$(sed -n 's/.*ESTALE \([0-9]*\).*/\1/p' "$LAB_OUT/workload-control-v3/verdict")
        ((${stale:-0} > 0)) || lab_fail "the control stack gave no ESTALE: the comparison shows nothing"
        say "control: the client saw $stale ESTALE errors after the move (as expected)"
        lab_signal client-checked-control
      fi
      if wants crash; then
        client_start crash $VIP "$EXPORT_DIR" 3 4.2
        lab_signal client-running-crash
        sleep 5
        say "crash: cutting node1's power"
        cut_power node1
        lab_signal node1-power-cut
        lab_wait crash-taken-over 900
        sleep 5
        client_check crash pass 3 4.2
      fi
      ;;
  esac
  say "done"
}

main "$@"
