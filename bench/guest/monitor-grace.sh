#!/bin/bash
# Monitor cost of nfs-grace once started (records bound, nfsd restarted
# under the service's scope). Its depth-0 monitor reads the mount table and
# nfsd's controls in /proc/fs/nfsd, the latter in a child task (a read there
# can wait on nfsd's own mutex while it restarts). No shell agent does this
# alone: nfsserver's monitor checks the whole NFS server through systemd,
# which the lab VM does not run, so only the floor stands beside it.
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ours=$(ocf hanfs/nfs-grace)
rsc=(env OCF_RESOURCE_INSTANCE=grace OCF_RESKEY_recovery_dir="$BENCH_DIRS/.grace" OCF_RESKEY_server_scope=bench
     OCF_RESKEY_CRM_meta_interval=30000)
"${rsc[@]}" "$ours" start >/dev/null 2>"$LAB_OUT/grace-start.err" ||
  lab_fail "nfs-grace start: $(grep ocf-exit-reason "$LAB_OUT/grace-start.err" | tail -1)"
bench_repeat monitor-grace nfs-grace 1 "${rsc[@]}" "$ours" monitor
# (the baseline's agent may not call a resource started by ours running: a
# figure lost, not the run)
( bench_baseline monitor-grace 1 "${rsc[@]}" "$ours" monitor ) || lab_log "no baseline figure for nfs-grace"
"${rsc[@]}" "$ours" stop >/dev/null 2>&1 || lab_fail "nfs-grace stop"
