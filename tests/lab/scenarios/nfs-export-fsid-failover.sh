#!/bin/bash
# nfs-export-fsid: a failover rehearsal in one VM with NFSv3 and NFSv4.2
# clients on loopback holding an open file and a working directory.
#
# Two resources, each on its own LV whose minor number is dynamic:
#   explicit  ext4 with its UUID cleared, fsid=4711 (the case the control
#             experiment shows failing without an fsid)
#   derived   ext4 with a UUID, no fsid: the agent derives one from it
# Failover in place: agent stop, umount, LV deactivate, decoy dm devices take
# the old minor, reactivate (another minor), mount, agent start. The client's
# handle bytes (name_to_handle_at) must be the same, the open fd, the cwd, the
# old handle and a fresh lookup must work, and writes must go on.
set -uo pipefail
source "$LAB_LIB"

fhandle=$LAB_FHANDLE
[[ -x $fhandle ]] || lab_fail "lab_fhandle not built"
export HA_RSCTMP=/run/resource-agents OCF_ROOT=/usr/lib/ocf
lab_install_agents
agent=$OCF_ROOT/resource.d/hanfs/nfs-export-fsid
client_opts="noac,lookupcache=none"

lab_modules
lab_lvm_init
lab_vg_create vgfo 128
lab_nfs_start

# ocf NAME ACTION [K=V...]: run the agent for resource NAME; prints its status.
ocf() {
  local name=$1 action=$2; shift 2
  local kv env=(OCF_RESOURCE_INSTANCE="$name" OCF_RESKEY_CRM_meta_timeout=60000)
  for kv in "$@"; do env+=("OCF_RESKEY_$kv"); done
  env "${env[@]}" "$agent" "$action" >>"$LAB_OUT/agent.log" 2>&1
  echo $?
}

declare -A params=(
  [explicit]="fsid=4711"
  [derived]=""
)
holders=() fds=()
declare -A h3 h4 minor_before
for name in explicit derived; do
  lab_run lvcreate -q -y -n "$name" -L 16M vgfo
  lab_run mkfs.ext4 -q "/dev/vgfo/$name"
  [[ $name == explicit ]] && lab_run tune2fs -U clear "/dev/vgfo/$name" >/dev/null
  dir=$LAB_EXPORT_ROOT/$name
  mkdir -p "$dir"; lab_run mount "/dev/vgfo/$name" "$dir"
  mkdir "$dir/sub"; echo "payload of $name" >"$dir/file"
  rc=$(ocf "$name" start directory="$dir" clientspec="127.0.0.1 [::1] *.lab.invalid" \
         options="rw,no_root_squash,no_subtree_check,insecure,sync" ${params[$name]})
  lab_expect "$name: start" "$rc" 0
  lab_expect "$name: monitor" "$(ocf "$name" monitor directory="$dir" clientspec="127.0.0.1 [::1] *.lab.invalid")" 0
  lab_log "$name etab: $(grep -F "$dir" /var/lib/nfs/etab | sed 's/(.*fsid=\([^,]*\),.*/ fsid=\1/' | tr '\n\t' '; ')"
  lab_mount 3 127.0.0.1 "$dir" "/mnt/$name-v3" "$client_opts"
  lab_mount 4.2 127.0.0.1 "$dir" "/mnt/$name-v4" "$client_opts"
  h3[$name]=$("$fhandle" get "/mnt/$name-v3/file") || lab_fail "no v3 handle"
  h4[$name]=$("$fhandle" get "/mnt/$name-v4/file") || lab_fail "no v4 handle"
  exec {fd}<"/mnt/$name-v3/file"; fds+=("$fd"); eval "fd_$name=$fd"        # held open, read
  exec {fd}>>"/mnt/$name-v3/file"; fds+=("$fd"); eval "wfd_$name=$fd"      # held open, append
  (cd "/mnt/$name-v3/sub" && exec sleep 100000) & holders+=($!); eval "cwd3_$name=$!"
  (cd "/mnt/$name-v4/sub" && exec sleep 100000) & holders+=($!); eval "cwd4_$name=$!"
  minor_before[$name]=$(lab_dev_minor "/dev/vgfo/$name")
  lab_log "$name before: device ${minor_before[$name]} v3 ${h3[$name]} v4 ${h4[$name]}"
done
# Reads and writes before the failover, through the held descriptor (v3)
# and through paths (v4). (No writer runs *during* the in-place failover: in
# this rehearsal the server answers while unexported, with ESTALE, where a
# real failover leaves the client retrying until the address comes back;
# and an NFSv4 open would keep the server-side filesystem busy.)
for name in explicit derived; do
  wfdv=wfd_$name
  echo "before, via v3 fd" >&"${!wfdv}" || lab_fail "$name: write through the v3 fd"
  echo "before, via v4" >>"/mnt/$name-v4/sub/log" || lab_fail "$name: v4 write"
done
# --- failover in place
t0=$(date +%s.%N)
for name in explicit derived; do
  dir=$LAB_EXPORT_ROOT/$name
  lab_expect "$name: stop" "$(ocf "$name" stop directory="$dir" clientspec="127.0.0.1 [::1] *.lab.invalid")" 0
  lab_expect "$name: probe after stop" "$(ocf "$name" monitor directory="$dir" clientspec="127.0.0.1 [::1] *.lab.invalid")" 7
  lab_retry 20 umount "$dir" || lab_fail "umount $dir stays busy"
  lab_run lvchange -q -an "vgfo/$name"
done
decoys=0
take_minor() {  # take_minor MINOR: decoy dm devices until one has MINOR
  while ! dmsetup info -c --noheadings -o minor | grep -qx " *$1"; do
    (( ++decoys <= 64 )) || lab_fail "no decoy took minor $1"
    dmsetup create "decoy$decoys" --table "0 8 zero" || lab_fail "dmsetup create decoy$decoys"
  done
}
for name in explicit derived; do take_minor "${minor_before[$name]#*:}"; done
for name in explicit derived; do
  dir=$LAB_EXPORT_ROOT/$name
  lab_run lvchange -q -ay "vgfo/$name"
  lab_run mount "/dev/vgfo/$name" "$dir"
  lab_expect "$name: start after failover" \
    "$(ocf "$name" start directory="$dir" clientspec="127.0.0.1 [::1] *.lab.invalid" \
       options="rw,no_root_squash,no_subtree_check,insecure,sync" ${params[$name]})" 0
done
lab_result failover_seconds "$(echo "$(date +%s.%N) - $t0" | bc)"

# --- what the clients see
sync; echo 3 >/proc/sys/vm/drop_caches
for name in explicit derived; do
  after=$(lab_dev_minor "/dev/vgfo/$name")
  lab_log "$name after: device $after"
  [[ $after != "${minor_before[$name]}" ]] || lab_fail "$name: the minor did not change, the rehearsal proves nothing"
  lab_expect "$name: v3 handle bytes" "$("$fhandle" get "/mnt/$name-v3/file")" "${h3[$name]}"
  lab_expect "$name: v4 handle bytes" "$("$fhandle" get "/mnt/$name-v4/file")" "${h4[$name]}"
  lab_expect "$name: v3 old handle" "$("$fhandle" open "/mnt/$name-v3" "${h3[$name]}")" ok
  lab_expect "$name: v4 old handle" "$("$fhandle" open "/mnt/$name-v4" "${h4[$name]}")" ok
  fdv=fd_$name; wfdv=wfd_$name; c3=cwd3_$name; c4=cwd4_$name
  lab_expect "$name: v3 open fd" "$("$fhandle" probe-fd "${!fdv}")" ok
  lab_expect "$name: v3 cwd" "$("$fhandle" probe-path "/proc/${!c3}/cwd")" ok
  lab_expect "$name: v4 cwd" "$("$fhandle" probe-path "/proc/${!c4}/cwd")" ok
  lab_expect "$name: v3 path" "$("$fhandle" probe-path "/mnt/$name-v3/file")" ok
  echo "after, via v3 fd" >&"${!wfdv}" || lab_fail "$name: write through the held v3 fd after failover"
  echo "after, via v4" >>"/mnt/$name-v4/sub/log" || lab_fail "$name: v4 write after failover"
  echo "after, via v3" >>"/mnt/$name-v3/sub/after" || lab_fail "$name: v3 write after failover"
  sync
  lab_expect "$name: server sees the v3 fd writes" "$(sed -n '2,3p' "$LAB_EXPORT_ROOT/$name/file" | tr '\n' '|')" \
    "before, via v3 fd|after, via v3 fd|"
  lab_expect "$name: v3 reads the v4 writes" "$(dd if="/mnt/$name-v3/sub/log" iflag=direct bs=4096 status=none | tr '\n' '|')" \
    "before, via v4|after, via v4|"
  lab_expect "$name: v4 reads the v3 write" "$(dd if="/mnt/$name-v4/sub/after" iflag=direct bs=4096 status=none)" "after, via v3"
  lab_result "$name.handles_same" yes
done
# --- clean up
kill "${holders[@]}" 2>/dev/null; wait "${holders[@]}" 2>/dev/null
for fd in "${fds[@]}"; do exec {fd}<&-; done
for name in explicit derived; do
  umount -f -l "/mnt/$name-v3"; umount -f -l "/mnt/$name-v4"
  lab_expect "$name: final stop" "$(ocf "$name" stop directory="$LAB_EXPORT_ROOT/$name" clientspec="127.0.0.1 [::1] *.lab.invalid")" 0
done
lab_expect "no export of ours left" "$(grep -c -e /explicit -e /derived /var/lib/nfs/etab)" 0
lab_nfs_stop
lab_log "nfs-export-fsid failover passed"
