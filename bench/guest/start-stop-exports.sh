#!/bin/bash
# Start and stop of N exports (BENCH_START_SIZES), three ways: one
# nfs-export-fsid resource of N directories, N nfs-export-fsid resources, N
# exportfs resources (up to BENCH_SHELL_MAX: beyond, an hour or more). Stop
# includes waiting until the kernel's export cache has dropped them
# (each-resource.sh). Needs: NFS started, $BENCH_DIRS/<1..max> (main.sh).
set -euo pipefail
source "$LAB_LIB"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

each=$BENCH_GUEST/each-resource.sh
export OCF_RESKEY_clientspec=127.0.0.1 OCF_RESKEY_options=rw,no_root_squash,no_subtree_check

for n in $BENCH_START_SIZES; do
  bench_once start-exports nfs-export-fsid-one-resource "$n" "$each" start hanfs/nfs-export-fsid one "$n"
  bench_once stop-exports nfs-export-fsid-one-resource "$n" "$each" stop hanfs/nfs-export-fsid one "$n"
  bench_once start-exports nfs-export-fsid "$n" "$each" start hanfs/nfs-export-fsid many "$n"
  bench_once stop-exports nfs-export-fsid "$n" "$each" stop hanfs/nfs-export-fsid many "$n"
  if (( n <= ${BENCH_SHELL_MAX:-100} )); then
    bench_once start-exports exportfs "$n" "$each" start heartbeat/exportfs many "$n"
    bench_once stop-exports exportfs "$n" "$each" stop heartbeat/exportfs many "$n"
  fi
done
