# Guest helpers for lab scenarios: source "$LAB_LIB" (boot.sh exports it).
#
# The guest is a bare kernel with the host's userspace: no systemd, no udev.
# These functions bring up what the scenarios need (modules, udev-less LVM,
# loop-backed PVs, the kernel NFS server and clients) and let hosts of a lab
# synchronise through the shared results directory. Every function returns
# non-zero (or exits through lab_fail) with a message saying what failed.
#
# Environment from boot.sh: LAB_HOST LAB_ROLE LAB_ADDR LAB_HOSTS LAB_RESULTS
# LAB_OUT (this host's results dir) LAB_DEADLINE (epoch) LAB_LIB.

# NFSv4 pseudo-root. / is overlayfs over 9p, which nfsd cannot export, so the
# v4 root is a tmpfs exported with fsid=0 and every exported filesystem is
# mounted beneath it: clients mount SERVER:/x over v4 and SERVER:$LAB_EXPORT_ROOT/x
# over v3 (lab_mount takes the server-side path and does this for you).
LAB_EXPORT_ROOT=${LAB_EXPORT_ROOT:-/srv/lab-nfs}
LAB_EXPORT_OPTS_DEFAULT="rw,no_root_squash,no_subtree_check,insecure,sync"

# --- logging and results ----------------------------------------------------

# lab_log MSG...: a line with guest uptime and host name on the scenario output.
lab_log() { printf '[%7s %s] %s\n' "$(cut -d' ' -f1 /proc/uptime)" "${LAB_HOST:-?}" "$*"; }

# lab_fail MSG...: log and end the scenario with status 1.
lab_fail() { lab_log "FAIL: $*"; exit 1; }

# lab_run CMD...: log the command, run it, fail the scenario if it fails.
lab_run() { lab_log "+ $*"; "$@" || lab_fail "'$*' exited with status $?"; }

# lab_result KEY VALUE: append KEY=VALUE to $LAB_OUT/results (kept on the host).
lab_result() { echo "$1=$2" >>"$LAB_OUT/results"; lab_log "result: $1=$2"; }

# lab_expect DESC ACTUAL EXPECTED: fail unless ACTUAL equals EXPECTED.
lab_expect() {
  if [[ $2 == "$3" ]]; then lab_log "ok: $1 ($2)"
  else lab_fail "$1: got '$2', expected '$3'"; fi
}

# lab_retry SECONDS CMD...: run CMD every 0.2 s until it succeeds or time runs out.
lab_retry() {
  local end=$(( $(date +%s) + $1 )); shift
  until "$@" 2>/dev/null; do
    (( $(date +%s) < end )) || return 1
    sleep 0.2
  done
}

# --- kernel modules ---------------------------------------------------------

# lab_modules [MODULE...]: load modules (default: dm-mod loop nfsd nfs nfsv3 nfsv4).
lab_modules() {
  (( $# )) || set -- dm-mod loop nfsd nfs nfsv3 nfsv4
  modprobe -a "$@" || lab_fail "modprobe $* failed"
}

# --- storage ----------------------------------------------------------------

# lab_lvm_init: LVM without udev. LVM and libdevmapper create /dev/mapper and
# /dev/VG nodes themselves and never wait for udev cookies (which would hang).
# Written to lvmlocal.conf in the overlay, so agents run by the scenario get it
# too; DM_DISABLE_UDEV covers dmsetup and anything linking libdevmapper.
lab_lvm_init() {
  lab_modules dm-mod
  export DM_DISABLE_UDEV=1
  export LVM_SUPPRESS_FD_WARNINGS=1   # scenarios hold descriptors on purpose
  mkdir -p /etc/lvm /run/lvm /run/lock/lvm
  cat >/etc/lvm/lvmlocal.conf <<'EOF'
# written by tests/lab/guest/lib.sh (guest overlay only): no udev in the lab
activation {
	udev_sync = 0
	udev_rules = 0
	monitoring = 0
}
devices {
	obtain_device_list_from_udev = 0
	external_device_info_source = "none"
	use_devicesfile = 0
}
EOF
}

# lab_loop_dev SIZE_MB NAME: a sparse file in the guest's tmpfs on a loop
# device; prints the device (/dev/loopN).
lab_loop_dev() {
  local size=$1 name=$2 file
  lab_modules loop
  mkdir -p /var/lib/lab
  file=/var/lib/lab/$name.img
  truncate -s "${size}M" "$file" || lab_fail "truncate $file"
  losetup -f --show "$file" || lab_fail "losetup $file"
}

# lab_vg_create VG SIZE_MB: a volume group on one new loop-backed PV.
lab_vg_create() {
  local dev
  dev=$(lab_loop_dev "$2" "pv-$1") || return 1
  pvcreate -q "$dev" >/dev/null || lab_fail "pvcreate $dev"
  vgcreate -q "$1" "$dev" >/dev/null || lab_fail "vgcreate $1 $dev"
  lab_log "VG $1 on $dev (${2} MiB)"
}

# lab_disk NAME: the /dev/vdX of a disk the harness attached (serial lab-NAME;
# run-lab's --shared-disk-mb gives servers "shared").
lab_disk() {
  local s
  for s in /sys/block/vd*/serial; do
    [[ -f $s && $(<"$s") == "lab-$1" ]] && { s=${s%/serial}; echo "/dev/${s##*/}"; return 0; }
  done
  lab_log "no disk with serial lab-$1"; return 1
}

# lab_dev_minor DEV: "MAJOR:MINOR" of a block device (follows symlinks).
lab_dev_minor() { stat -L -c '%t:%T' "$1" | { IFS=: read -r a b; echo "$((16#$a)):$((16#$b))"; }; }

# --- the agents under test ---------------------------------------------------

# lab_install_agents [BUILD_DIR]: install the project's Debian package
# (BUILD_DIR/hanfs-agents_*.deb, default $HANFS_BUILD_DIR, made by the
# default build) with dpkg, as an administrator does (guest overlay only):
# the agents land in /usr/lib/ocf/resource.d/hanfs/, where ocf-tester,
# crm_resource --force-*, pcs and crmsh look for ocf:hanfs:<agent>, so every
# VM test tests the package. LAB_INSTALL=link links the build's binaries
# instead, for an old build that made no package (a fault tier "before" run).
lab_install_agents() {
  local build=${1:-${HANFS_BUILD_DIR:?HANFS_BUILD_DIR not set}} deb
  if [[ ${LAB_INSTALL:-package} == link ]]; then
    _lab_link_agents "$build"; return
  fi
  deb=$(ls -t "$build"/hanfs-agents_*.deb 2>/dev/null | head -1)
  [[ -n $deb ]] || lab_fail "no Debian package in $build: build the default target (cmake --build --preset default)"
  # man-db's trigger would rebuild the whole man index under emulation
  # (minutes); tests/package checks the pages themselves.
  rm -f /var/lib/man-db/auto-update
  mkdir -p /run/lab
  DEBIAN_FRONTEND=noninteractive dpkg -i "$deb" >>/run/lab/dpkg.log 2>&1 \
    || lab_fail "dpkg -i $deb failed: $(tail -3 /run/lab/dpkg.log)"
  lab_log "installed $(dpkg-query -W -f '${Package} ${Version}' hanfs-agents) from ${deb##*/}:" \
    "$(ls /usr/lib/ocf/resource.d/hanfs | xargs)"
}

_lab_link_agents() {  # _lab_link_agents BUILD_DIR
  local build=$1 dir agent n=0
  mkdir -p /usr/lib/ocf/resource.d/hanfs
  for dir in "$build"/agents/*/; do
    agent=$(basename "$dir")
    [[ -x $dir/$agent && ! -d $dir/$agent ]] || continue
    ln -sf "$dir$agent" "/usr/lib/ocf/resource.d/hanfs/$agent"
    n=$((n + 1))
  done
  (( n )) || lab_fail "no built agents under $build/agents"
  lab_log "linked $n agent(s) from $build: $(ls /usr/lib/ocf/resource.d/hanfs | xargs)"
}

# --- NFS server -------------------------------------------------------------

_lab_daemon() {  # _lab_daemon NAME CMD...: start a daemon, logging to /run/lab/NAME.log
  mkdir -p /run/lab
  "${@:2}" </dev/null >>"/run/lab/$1.log" 2>&1 || lab_fail "$1 failed to start: $(tail -3 "/run/lab/$1.log")"
}

# lab_rpc_start: rpcbind and rpc.statd (needed by NFSv3 servers and clients).
lab_rpc_start() {
  lab_modules sunrpc
  mkdir -p /var/lib/nfs/rpc_pipefs /run/rpcbind
  mountpoint -q /var/lib/nfs/rpc_pipefs || mount -t rpc_pipefs sunrpc /var/lib/nfs/rpc_pipefs
  pidof rpcbind >/dev/null || _lab_daemon rpcbind rpcbind -w
  pidof rpc.statd >/dev/null || _lab_daemon statd rpc.statd --no-notify
}

# lab_nfs_start [THREADS]: the kernel NFS server (v3, v4.0-4.2) with an empty
# export table plus the v4 pseudo-root $LAB_EXPORT_ROOT (tmpfs, fsid=0).
# Lease and grace are 10 s (the kernel's minimum) so v4 opens do not wait 90 s.
lab_nfs_start() {
  local threads=${1:-4}
  lab_modules nfsd
  lab_rpc_start
  mountpoint -q /proc/fs/nfsd || mount -t nfsd nfsd /proc/fs/nfsd
  mkdir -p /var/lib/nfs/v4recovery "$LAB_EXPORT_ROOT"
  : >/etc/exports                      # the host's file means nothing here
  rm -f /etc/exports.d/*.exports 2>/dev/null
  : >/var/lib/nfs/etab; : >/var/lib/nfs/rmtab
  mountpoint -q "$LAB_EXPORT_ROOT" || mount -t tmpfs -o mode=0755,size=1m lab-nfs-root "$LAB_EXPORT_ROOT"
  echo 10 >/proc/fs/nfsd/nfsv4leasetime
  echo 10 >/proc/fs/nfsd/nfsv4gracetime
  _lab_daemon mountd rpc.mountd
  _lab_daemon nfsd rpc.nfsd "$threads"
  exportfs -o "rw,fsid=0,no_subtree_check,no_root_squash,insecure,crossmnt" "*:$LAB_EXPORT_ROOT" \
    || lab_fail "cannot export the pseudo-root $LAB_EXPORT_ROOT"
  lab_log "NFS server up: v4 pseudo-root $LAB_EXPORT_ROOT, nfsd versions $(</proc/fs/nfsd/versions)"
}

# lab_nfs_stop: unexport everything and stop nfsd, mountd, statd, rpcbind.
lab_nfs_stop() {
  exportfs -ua 2>/dev/null
  rpc.nfsd 0 2>/dev/null
  local d
  for d in rpc.mountd rpc.statd rpcbind; do
    pidof "$d" >/dev/null && kill $(pidof "$d")
  done
  lab_retry 5 bash -c '! pidof rpc.mountd rpc.statd rpcbind >/dev/null' \
    || lab_log "WARNING: NFS daemons still running: $(pidof rpc.mountd rpc.statd rpcbind)"
  mountpoint -q "$LAB_EXPORT_ROOT" && umount "$LAB_EXPORT_ROOT"
  mountpoint -q /proc/fs/nfsd && umount /proc/fs/nfsd
  lab_log "NFS server stopped"
}

# lab_export PATH [OPTIONS] [CLIENT]: export PATH (default options
# $LAB_EXPORT_OPTS_DEFAULT, client "*"). PATH should be beneath $LAB_EXPORT_ROOT.
lab_export() {
  exportfs -o "${2:-$LAB_EXPORT_OPTS_DEFAULT}" "${3:-*}:$1" || lab_fail "exportfs $1 failed"
}

# lab_unexport PATH [CLIENT]
lab_unexport() { exportfs -u "${2:-*}:$1" || lab_fail "exportfs -u $1 failed"; }

# --- NFS client -------------------------------------------------------------

# lab_mount VERS SERVER PATH MOUNTPOINT [OPTIONS]: mount SERVER's PATH (its
# server-side path under $LAB_EXPORT_ROOT) over NFS version VERS (3, 4, 4.0,
# 4.1, 4.2); v4 paths are made relative to the pseudo-root. Extra OPTIONS are
# appended to "vers=VERS" (e.g. "noac,lookupcache=none").
lab_mount() {
  local vers=$1 server=$2 path=$3 mnt=$4 opts="vers=$1${5:+,$5}"
  lab_modules nfs
  [[ $vers == 3 ]] && { lab_modules nfsv3; lab_rpc_start; }
  [[ $vers == 4* ]] && { lab_modules nfsv4; path=/${path#"$LAB_EXPORT_ROOT"}; path=${path//\/\//\/}; }
  mkdir -p "$mnt"
  lab_log "+ mount -t nfs -o $opts $server:$path $mnt"
  mount -t nfs -o "$opts" "$server:$path" "$mnt" || lab_fail "NFSv$vers mount of $server:$path failed"
}

# --- several hosts ----------------------------------------------------------

# lab_signal NAME: tell the other hosts NAME happened (a file in the shared
# results directory; 9p there is uncached, so others see it at once).
lab_signal() {
  mkdir -p "$LAB_RESULTS/.sync"
  echo "$LAB_HOST $(date +%s.%N)" >"$LAB_RESULTS/.sync/$1.tmp.$LAB_HOST" \
    && mv "$LAB_RESULTS/.sync/$1.tmp.$LAB_HOST" "$LAB_RESULTS/.sync/$1"
  lab_log "signalled $1"
}

# lab_wait NAME [SECONDS]: wait until some host has signalled NAME (default:
# until 10 s before the lab's deadline); fails the scenario on timeout.
lab_wait() {
  local secs=${2:-$(( LAB_DEADLINE - $(date +%s) - 10 ))}
  lab_log "waiting for $1 (up to ${secs}s)"
  lab_retry "$secs" test -e "$LAB_RESULTS/.sync/$1" || lab_fail "timed out waiting for $1"
  lab_log "got $1 from $(cut -d' ' -f1 "$LAB_RESULTS/.sync/$1")"
}

# lab_barrier NAME [SECONDS]: signal NAME-<this host>, then wait for
# NAME-<host> from every host of the lab ($LAB_HOSTS).
lab_barrier() {
  local h
  lab_signal "$1-$LAB_HOST"
  for h in $LAB_HOSTS; do lab_wait "$1-$h" "${2:-}"; done
}

# lab_hosts_with_role ROLE: the names of the lab's hosts with that role.
lab_hosts_with_role() { awk -v r="$1" '$3 == r {print $2}' "$LAB_HOSTS_FILE"; }

# lab_ping HOST: one ping (busybox: the host userspace may have no ping).
lab_ping() { busybox ping -c 1 -W 2 "$1" >/dev/null 2>&1; }

# lab_wait_host HOST [SECONDS]: wait until HOST answers pings (default 30 s).
lab_wait_host() { lab_retry "${2:-30}" lab_ping "$1" || lab_fail "$1 does not answer pings"; }
