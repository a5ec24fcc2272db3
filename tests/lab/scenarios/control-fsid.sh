#!/bin/bash
# Control experiment (one VM, plain tools): what an NFS client holding file
# handles sees when the server's LV comes back with another device number.
#
# For each case: an LV with ext4, exported, mounted over NFSv3 and NFSv4.2 on
# loopback (noac, lookupcache=none: every access asks the server). The client
# notes a file's handle (name_to_handle_at), keeps the file open (v3) and a
# working directory (v3 and v4). Then a "failover" in place: unexport, umount,
# deactivate, take the LV's old minor with decoy dm devices, reactivate,
# mount, re-export with the same options. The client then probes its old
# handle, its open fd, its cwd and a fresh path lookup.
#
# Cases (name  minor  fs-uuid  export-fsid):
#   dynamic-uuid      dynamic     ext4 UUID     none
#   dynamic-nouuid    dynamic     cleared       none   <- the seed's failure
#   persistent-nouuid --minor 200 cleared       none
#   fsid-nouuid       dynamic     cleared       fsid=4711
#
# Outcomes go to $LAB_OUT/results (KEY=VALUE) and $LAB_OUT/outcomes.txt (a
# table); the expected ones are asserted at the end. README.md records them.
#
#   usage: control-fsid.sh [LAB_FHANDLE]   (default: $LAB_FHANDLE, then PATH)
set -uo pipefail
source "$LAB_LIB"

fhandle=${1:-${LAB_FHANDLE:-$(command -v lab_fhandle)}}
[[ -x $fhandle ]] || lab_fail "lab_fhandle not found (pass its path; ctest builds it)"
client_opts="noac,lookupcache=none"
persistent_minor=200

lab_modules
lab_lvm_init
lab_vg_create vgctl 256
lab_nfs_start
printf '%-18s %-9s %-7s %-9s %-9s %-8s %-8s %-8s %-8s %-8s %-8s %-8s %-8s\n' \
  case minor:1 minor:2 fsid-type v3:handle v3:oldfh v3:fd v3:cwd v3:path \
  v4:handle v4:oldfh v4:cwd v4:path >"$LAB_OUT/outcomes.txt"

holders=()
hold_cwd() {  # hold_cwd VAR DIR: start a process whose cwd is DIR; its pid in VAR
  (cd "$2" && exec sleep 100000) </dev/null >/dev/null 2>&1 &
  holders+=($!)
  printf -v "$1" %s $!
}

take_minor() {  # take_minor MINOR: decoys until one of them has MINOR
  local i=0
  while ! dmsetup info -c --noheadings -o minor 2>/dev/null | grep -qx " *$1"; do
    (( ++i <= 64 )) || lab_fail "could not make a decoy take minor $1"
    dmsetup create "decoy$i" --table "0 8 zero" || lab_fail "dmsetup create decoy$i"
  done
  lab_log "decoys: $(dmsetup info -c --noheadings -o name,minor --separator=: | grep decoy | tr '\n' ' ')"
}

remove_decoys() {
  local d
  for d in $(dmsetup ls | awk '/^decoy/ {print $1}'); do dmsetup remove "$d"; done
}

# run_case NAME MINOR(dynamic|persistent) UUID(keep|clear) FSID(none|N)
run_case() {
  local name=$1 minor_mode=$2 uuid=$3 fsid=$4
  local dev=/dev/vgctl/$name dir=$LAB_EXPORT_ROOT/$name opts=$LAB_EXPORT_OPTS_DEFAULT
  local m3=/mnt/$name-v3 m4=/mnt/$name-v4
  lab_log "=== case $name: minor $minor_mode, fs UUID $uuid, export fsid $fsid"
  [[ $fsid != none ]] && opts+=",fsid=$fsid"
  if [[ $minor_mode == persistent ]]; then
    lab_run lvcreate -q -y -n "$name" -L 16M -My --major 253 --minor "$persistent_minor" vgctl
  else
    lab_run lvcreate -q -y -n "$name" -L 16M vgctl
  fi
  # Without a UUID mountd has nothing to name the filesystem by, and nfsd
  # falls back to the device number (exports(5), fsid=).
  if [[ $uuid == clear ]]; then lab_run mkfs.ext4 -q -U clear "$dev"
  else lab_run mkfs.ext4 -q "$dev"; fi
  lab_log "blkid: $(blkid "$dev" || echo '(nothing)')"
  mkdir -p "$dir"
  lab_run mount "$dev" "$dir"
  mkdir "$dir/sub"; echo "payload of $name" >"$dir/file"
  lab_export "$dir" "$opts"

  lab_mount 3 127.0.0.1 "$dir" "$m3" "$client_opts"
  lab_mount 4.2 127.0.0.1 "$dir" "$m4" "$client_opts"
  local h3 h4 fd cwd3 cwd4 before after
  h3=$("$fhandle" get "$m3/file") || lab_fail "no v3 handle"
  h4=$("$fhandle" get "$m4/file") || lab_fail "no v4 handle"
  exec {fd}<"$m3/file"
  hold_cwd cwd3 "$m3/sub"; hold_cwd cwd4 "$m4/sub"
  before=$(lab_dev_minor "$dev")
  lab_log "before: device $before, v3 handle $h3, v4 handle $h4"

  # --- failover in place
  lab_unexport "$dir"
  lab_retry 15 umount "$dir" || lab_fail "server-side umount of $dir stays busy"
  lab_run lvchange -q -an "vgctl/$name"
  if [[ $minor_mode == persistent ]]; then
    take_minor 1              # the minors a dynamic activation would get
  else
    take_minor "${before#*:}" # the LV's own old minor
  fi
  lab_run lvchange -q -ay "vgctl/$name"
  lab_run mount "$dev" "$dir"
  lab_export "$dir" "$opts"
  after=$(lab_dev_minor "$dev")
  lab_log "after: device $after"

  # --- what the client sees
  sync; echo 3 >/proc/sys/vm/drop_caches
  local n3 n4 o3 o4 pfd pc3 pc4 pp3 pp4 fsid_type
  n3=$("$fhandle" get "$m3/file" 2>&1) || n3=error
  n4=$("$fhandle" get "$m4/file" 2>&1) || n4=error
  o3=$("$fhandle" open "$m3" "$h3"); o4=$("$fhandle" open "$m4" "$h4")
  pfd=$("$fhandle" probe-fd "$fd")
  pc3=$("$fhandle" probe-path "/proc/$cwd3/cwd"); pc4=$("$fhandle" probe-path "/proc/$cwd4/cwd")
  pp3=$("$fhandle" probe-path "$m3/file"); pp4=$("$fhandle" probe-path "$m4/file")
  # The knfsd fsid type (fs/nfsd/nfsfh.h: 0 FSID_DEV, 3 FSID_ENCODE_DEV,
  # 1 FSID_NUM, 6 FSID_UUID16_INUM...). The NFS client's exported handle is
  # fileid(8) + i_mode type(4) + fh size(2) + the server's handle, whose bytes
  # are version, auth type, fsid type, fileid type: hex offset 24+4+4.
  fsid_type=${h3#*:}; fsid_type=$((16#${fsid_type:32:2}))
  local c3=same c4=same
  [[ $n3 == "$h3" ]] || c3=changed; [[ $n4 == "$h4" ]] || c4=changed
  lab_log "after: v3 handle $n3 ($c3), v4 handle $n4 ($c4)"
  lab_log "client probes: v3 old-handle=$o3 fd=$pfd cwd=$pc3 path=$pp3; v4 old-handle=$o4 cwd=$pc4 path=$pp4"
  printf '%-18s %-9s %-7s %-9s %-9s %-8s %-8s %-8s %-8s %-8s %-8s %-8s %-8s\n' \
    "$name" "$before" "$after" "$fsid_type" "$c3" "$o3" "$pfd" "$pc3" "$pp3" "$c4" "$o4" "$pc4" "$pp4" \
    >>"$LAB_OUT/outcomes.txt"
  lab_result "$name.minor_changed" "$([[ $before == "$after" ]] && echo no || echo yes)"
  lab_result "$name.fsid_type" "$fsid_type"
  lab_result "$name.v3_handle" "$c3"
  lab_result "$name.v4_handle" "$c4"
  lab_result "$name.v3_old_handle" "$o3"
  lab_result "$name.v3_open_fd" "$pfd"
  lab_result "$name.v3_cwd" "$pc3"
  lab_result "$name.v3_path" "$pp3"
  lab_result "$name.v4_old_handle" "$o4"
  lab_result "$name.v4_cwd" "$pc4"
  lab_result "$name.v4_path" "$pp4"

  # --- clean up for the next case
  kill "${holders[@]}" 2>/dev/null; wait "${holders[@]}" 2>/dev/null; holders=()
  exec {fd}<&-
  umount -f -l "$m3"; umount -f -l "$m4"
  lab_unexport "$dir"
  lab_retry 15 umount "$dir" || lab_fail "umount $dir"
  lab_run lvremove -q -y "vgctl/$name"
  remove_decoys
}

run_case dynamic-uuid      dynamic    keep  none
run_case dynamic-nouuid    dynamic    clear none
run_case persistent-nouuid persistent clear none
run_case fsid-nouuid       dynamic    clear 4711
lab_nfs_stop

lab_log "outcomes:"
while IFS= read -r line; do lab_log "  $line"; done <"$LAB_OUT/outcomes.txt"

# --- the control outcomes (README.md, "Control experiment") -------------------
results=$(<"$LAB_OUT/results")
result_of() { grep -Po "^$1\.$2=\K.*" <<<"$results"; }
# expect_case NAME MINOR_CHANGED FSID_TYPE HANDLE PROBE (PROBE: all 7 probes)
expect_case() {
  local name=$1 key
  lab_expect "$name: minor changed" "$(result_of "$name" minor_changed)" "$2"
  lab_expect "$name: knfsd fsid type" "$(result_of "$name" fsid_type)" "$3"
  for key in v3_handle v4_handle; do
    lab_expect "$name: $key" "$(result_of "$name" $key)" "$4"
  done
  for key in v3_old_handle v3_open_fd v3_cwd v3_path v4_old_handle v4_cwd v4_path; do
    lab_expect "$name: $key" "$(result_of "$name" $key)" "$5"
  done
}
# mountd names an export by the filesystem's UUID when it has one: the handle
# does not depend on the device number, whatever the minor does.
expect_case dynamic-uuid      yes 6 same    ok      # FSID_UUID16_INUM
# No UUID, no fsid=: the handle carries major:minor; a new minor is ESTALE.
expect_case dynamic-nouuid    yes 0 changed ESTALE  # FSID_DEV
# The same with a persistent minor: same device number, same handle.
expect_case persistent-nouuid no  0 same    ok      # FSID_DEV
# An explicit fsid= replaces the device number: the minor does not matter.
expect_case fsid-nouuid       yes 1 same    ok      # FSID_NUM
lab_log "control experiment: all outcomes as expected"
