#!/bin/bash
# Monitor cost, nfs-notify beside ocf:heartbeat:nfsnotify, after a start
# from a floating address on loopback (no client to notify: the monitor is
# what is measured, and it does not depend on the client count).
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ours=$(ocf hanfs/nfs-notify) theirs=$(ocf heartbeat/nfsnotify)
echo "127.0.0.2 nfs-float" >>/etc/hosts
# statd_dir on a filesystem of its own (tmpfs), as on the service's storage:
# nfs-notify refuses one on the root filesystem.
mkdir -p /srv/statd && mount -t tmpfs -o size=4m,mode=0755 statd /srv/statd && chown statd /srv/statd 2>/dev/null || true

rsc=(env OCF_RESOURCE_INSTANCE=notify OCF_RESKEY_source_host=nfs-float OCF_RESKEY_statd_dir=/srv/statd
     OCF_RESKEY_CRM_meta_interval=30000)
"${rsc[@]}" "$ours" start >/dev/null 2>&1 || lab_fail "nfs-notify start"
bench_repeat monitor-notify nfs-notify 1 "${rsc[@]}" "$ours" monitor
bench_baseline monitor-notify 1 "${rsc[@]}" "$ours" monitor
"${rsc[@]}" "$ours" stop >/dev/null 2>&1 || lab_fail "nfs-notify stop"
"${rsc[@]}" "$theirs" start >/dev/null 2>&1 || lab_fail "nfsnotify start"
bench_repeat monitor-notify nfsnotify 1 "${rsc[@]}" "$theirs" monitor
"${rsc[@]}" "$theirs" stop >/dev/null 2>&1 || lab_fail "nfsnotify stop"
