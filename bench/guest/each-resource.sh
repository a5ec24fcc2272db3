#!/bin/bash
# each-resource.sh ACTION AGENT one|many N: runs ACTION (start or stop) on
# export resources of $BENCH_DIRS/1..N: "one" resource of all N directories
# (fsid 1000, 1001, ...), or "many" resources of one directory each (fsid
# 1000+i), one after the other as a cluster would without parallelism. After
# stop, waits (up to 120 s) until the kernel's export cache
# (/proc/net/rpc/nfsd.export/content) holds none of them.
set -euo pipefail
action=$1 agent=$OCF_ROOT/resource.d/$2 shape=$3 n=$4
if [[ $shape == one ]]; then
  OCF_RESOURCE_INSTANCE=one OCF_RESKEY_fsid=1000 \
    OCF_RESKEY_directory="$(seq -f "$BENCH_DIRS/%g" 1 "$n" | xargs)" "$agent" "$action" >/dev/null
else
  for ((i = 1; i <= n; i++)); do
    OCF_RESOURCE_INSTANCE=r$i OCF_RESKEY_fsid=$((1000 + i)) OCF_RESKEY_directory=$BENCH_DIRS/$i \
      "$agent" "$action" >/dev/null
  done
fi
[[ $action == stop ]] || exit 0
for ((t = 0; t < 1200; t++)); do
  grep -q "^$BENCH_DIRS/" /proc/net/rpc/nfsd.export/content 2>/dev/null || exit 0
  sleep 0.1
done
echo "the kernel's export cache still holds exports after 120 s" >&2
exit 1
