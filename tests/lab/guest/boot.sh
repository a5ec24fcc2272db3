#!/bin/bash
# PID 1 of a lab guest, started by the initramfs after switch_root.
#
# The root is the host's / (read-only 9p + tmpfs overlay), so this script, the
# scenarios and the build tree are at the same paths as on the host. It sets
# up what every scenario needs (fresh /run, hostname, lab network, the results
# share), runs the scenario the harness asked for with a deadline, leaves its
# exit status in the results share and powers the VM off. Everything a
# scenario may or may not want (LVM, NFS...) is in lib.sh, not here.
#
# Kernel command line (set by the harness, labvm.py):
#   lab.host=NAME lab.role=ROLE lab.addr=198.18.0.N/24|none
#   lab.run=DIR       host temp dir: NAME.argv and NAME.env (NUL-separated), hosts
#   lab.results=DIR   host results dir, shared read-write over 9p (tag "results")
#   lab.deadline=T    epoch seconds by which the scenario must have finished
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

say() { echo "lab-boot: $*" >/dev/console; }
halt_now() { sync; poweroff -f; echo o >/proc/sysrq-trigger; sleep 60; }

declare -A arg=()
for word in $(</proc/cmdline); do
  [[ $word == lab.*=* ]] && { key=${word%%=*}; arg[${key#lab.}]=${word#*=}; }
done
host=${arg[host]:-vm} role=${arg[role]:-none} addr=${arg[addr]:-none}
run=${arg[run]:?} results=${arg[results]:?} deadline=${arg[deadline]:?}

# A fresh /run: the host's holds its daemons' pid files, sockets and LVM locks.
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p /run/lock /run/lvm /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
ln -sf /proc/self/fd /dev/fd 2>/dev/null

mkdir -p "$results"
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results "$results"; then
  say "FATAL: cannot mount the results share on $results"; halt_now
fi
out=$results/$host
mkdir -p "$out"

hostname "$host"
echo "$host" >/etc/hostname
{ echo "127.0.0.1 localhost"; echo "::1 localhost";
  [[ -f $run/hosts ]] && awk '{print $1, $2}' "$run/hosts"; } >/etc/hosts

# Network: loopback always (rpcbind and NFS over loopback need it); eth0 when
# the harness put the VM on the lab hub. No gateway: nothing routes out.
modprobe -qa virtio_net virtio_blk
ip link set lo up
if [[ $addr != none ]]; then
  ip addr add "$addr" dev eth0 && ip link set eth0 up || say "WARNING: eth0 setup failed"
fi

# The scenario's command line and environment, written by the harness.
mapfile -d '' -t argv <"$run/$host.argv"
if [[ -f $run/$host.env ]]; then
  while IFS= read -r -d '' kv; do export "$kv"; done <"$run/$host.env"
fi
export LAB_HOST=$host LAB_ROLE=$role LAB_ADDR=${addr%/*} LAB_RESULTS=$results \
       LAB_OUT=$out LAB_DEADLINE=$deadline LAB_HOSTS_FILE=$run/hosts \
       LAB_LIB=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh
cd "${LAB_CWD:-/}" 2>/dev/null || cd /

# Leave a few seconds before the harness's own deadline to write the status.
budget=$(( deadline - $(date +%s) - 5 ))
(( budget > 0 )) || budget=1
say "$host up in $(cut -d' ' -f1 /proc/uptime)s, running: ${argv[*]} (budget ${budget}s)"
echo "$(cut -d' ' -f1 /proc/uptime)" >"$out/boot-seconds"

# Output goes to a file on the share, not a pipe: daemons a scenario starts may
# keep the descriptor open forever, and the harness follows the file live.
timeout -k 3 "$budget" "${argv[@]}" </dev/null >>"$out/output.log" 2>&1
status=$?
(( status == 124 )) && echo "lab-boot: scenario overran its deadline (${budget}s)" >>"$out/output.log"
echo "$status" >"$out/exit-status.tmp" && mv "$out/exit-status.tmp" "$out/exit-status"
say "scenario exited with status $status"
halt_now
