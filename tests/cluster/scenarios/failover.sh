#!/bin/bash
# The HA NFS service of the three agents on a real two-node Pacemaker
# cluster (run-lab: node1, node2 sharing a disk; client), with fencing.
# The client runs the workload (tools/nfs_workload.cpp) through each
# scenario and checks: no ESTALE, no lost acknowledged record, lock held.
#
#   SCENARIOS (env): space-separated subset of "move failure control crash",
#   in that order (crash powers node1 off, so it comes last). Default: all.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "$LAB_LIB")/ocf.sh"
source "$HANFS_SOURCE_DIR/tests/cluster/guest/cluster.sh"

SCENARIOS=${SCENARIOS:-move failure control crash}
VIP=198.18.0.100
EXPORT_DIR=$LAB_EXPORT_ROOT/data
timeline=$LAB_RESULTS/timeline
say() { lab_log "$*"; echo "$(date +%s.%N | cut -c1-14) $LAB_HOST: $*" >>"$timeline"; }
wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
# The service's name (sm-notify must be able to name the floating address).
echo "$VIP nfs-service" >>/etc/hosts

# --- servers: storage, NFS daemons, cluster ---------------------------------
server_setup() {
  lab_lvm_init
  printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
  local disk
  disk=$(lab_disk shared)
  if [[ $LAB_HOST == node1 ]]; then
    lab_run pvcreate -q "$disk"
    lab_run vgcreate -q vgnfs "$disk"
    lab_run lvcreate -q -y -Zn -L 64M -n data vgnfs
    # No filesystem UUID: mountd then names the export by its device number,
    # the seed's failure (tests/lab/README.md, control experiment).
    lab_run mkfs.ext4 -q -U clear /dev/vgnfs/data
    lab_run vgchange -q -an vgnfs
    lab_signal storage-ready
  else
    lab_wait storage-ready 120
    blockdev --flushbufs "$disk"
    # Real nodes differ: other dm devices here, so a dynamically numbered LV
    # would come up on another minor than on node1.
    local i
    for i in 0 1 2; do dmsetup create "local$i" --table "0 8 zero"; done
    say "node2 has extra dm devices: $(dmsetup ls | awk '{print $1}' | xargs)"
  fi
  lab_nfs_start 8
  mkdir -p "$EXPORT_DIR"
  cluster_start
}

configure_service() {
  say "configuring the service with pcs"
  crm_attribute --type rsc_defaults --name resource-stickiness --update 100
  crm_attribute --node node2 --name standby --update on --lifetime forever
  lab_run pcs stonith create fence-lab fence_lab results_dir="$LAB_RESULTS" \
    pcmk_host_list="node1 node2" pcmk_reboot_action=off
  lab_run pcs resource create nfs-vg ocf:hanfs:lvm-persistent vgname=vgnfs vg_access_mode=system_id --group nfs
  lab_run pcs resource create nfs-fs ocf:heartbeat:Filesystem device=/dev/vgnfs/data directory="$EXPORT_DIR" \
    fstype=ext4 --group nfs
  lab_run pcs resource create nfs-export ocf:hanfs:nfs-export-fsid directory="$EXPORT_DIR" \
    clientspec=198.18.0.0/24 options=rw,no_root_squash,sync,no_subtree_check fsid=1001 --group nfs
  lab_run pcs resource create nfs-ip ocf:heartbeat:IPaddr2 ip=$VIP cidr_netmask=24 --group nfs
  lab_run pcs resource create nfs-notify ocf:hanfs:nfs-notify source_host=$VIP --group nfs
  cluster_wait_on nfs-notify node1 240
  crm_attribute --node node2 --name standby --update off --lifetime forever
  say "service up on node1: $(describe_node)"
}

# What the client's handles depend on, on this node.
describe_node() {
  local devnum="-" fsid="-"
  [[ -e /dev/vgnfs/data ]] && devnum=$(lab_dev_minor /dev/vgnfs/data)
  fsid=$(awk -v d="$EXPORT_DIR" '$1 == d {print $2}' /var/lib/nfs/etab | grep -o 'fsid=[^,)]*' | head -1)
  echo "data=${devnum} ${fsid:-no export}"
}

move_to() {
  local t0=$SECONDS
  say "pcs resource move nfs $1"
  lab_run pcs resource move nfs "$1"
  cluster_wait_on nfs-notify "$1" 240
  lab_run pcs resource clear nfs
  say "service on $1 after $((SECONDS - t0)) s"
}

# --- the client ---------------------------------------------------------------
client_start_workload() {
  local state=$LAB_OUT/workload-$1
  mkdir -p "$state" /mnt/nfs
  lab_mount 3 $VIP "$EXPORT_DIR" /mnt/nfs
  "$HANFS_BUILD_DIR/tests/cluster/nfs_workload" run /mnt/nfs "$state" >"$state/run.log" 2>&1 &
  lab_retry 30 grep -q "lock held" "$state/run.log" || lab_fail "workload did not start: $(cat "$state/run.log")"
  say "client: workload running over NFSv3 from $VIP"
}

client_check_workload() {
  local state=$LAB_OUT/workload-$1
  touch "$state/stop"
  lab_retry 30 grep -q "stopped after" "$state/run.log" || lab_fail "workload did not stop"
  "$HANFS_BUILD_DIR/tests/cluster/nfs_workload" check /mnt/nfs "$state" | tee "$state/verdict"
  rm -f "$state/stop"
  wait
  umount /mnt/nfs || umount -l /mnt/nfs
  say "client after $1: $(tail -2 "$state/verdict" | head -1)"
  grep -q "VERDICT: PASS" "$state/verdict" || lab_fail "client's verdict after $1: $(cat "$state/verdict")"
}

case $LAB_ROLE in
  server)
    server_setup
    lab_signal "cluster-up-$LAB_HOST"
    for n in $(cluster_nodes); do lab_wait "cluster-up-$n" 300; done
    if [[ $LAB_HOST == node1 ]]; then
      configure_service
      lab_signal service-up
      if wants move; then
        lab_wait client-running-move
        say "node1: $(describe_node)"
        move_to node2
        lab_signal moved-to-node2
        lab_wait node2-described
        move_to node1
        say "node1: $(describe_node)"
        lab_signal move-done
        lab_wait client-checked-move
      fi
    else
      lab_wait service-up 900
      if wants move; then
        lab_wait moved-to-node2
        say "node2: $(describe_node)"
        lab_signal node2-described
      fi
    fi
    lab_barrier scenarios-done 900
    ;;
  client)
    lab_wait service-up 900
    if wants move; then
      client_start_workload move
      lab_signal client-running-move
      lab_wait move-done 600
      sleep 5     # a few records on node1 again
      client_check_workload move
      lab_signal client-checked-move
    fi
    lab_barrier scenarios-done 900
    ;;
esac
say "done"
