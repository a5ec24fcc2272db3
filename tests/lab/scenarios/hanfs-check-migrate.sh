#!/bin/bash
# hanfs-check against a live cluster, and the migration it prints, in one VM
# (a one-node Pacemaker cluster; the NFS client is the VM itself over
# loopback, mounting without caches so every access asks the server):
#   1. today's shell stack as a group "nfs": LVM-activate, Filesystem,
#      exportfs (fsid 4711), on an ext4 without a UUID; a client holds file
#      handles over NFSv3 and NFSv4.2, an open file and working directories;
#      /etc/exports holds a non-cluster export with the same fsid (not yet
#      exported: the next `exportfs -a` or boot would give two filesystems
#      one fsid);
#   2. hanfs-check reads the live cluster (cibadmin -Q, etab, LVM, sysfs):
#      exit 1, the volume group without persistent minors and the fsid
#      collision named, --json says the same; the collision is removed;
#   3. hanfs-check --migrate nfs prints the commands; they run as printed;
#      the group then runs on lvm-persistent and nfs-export-fsid;
#   4. the client's handles from before, its open file and working
#      directories still work (no ESTALE), and hanfs-check no longer finds
#      the risks the migration is for, nor any new one.
# Outputs: $LAB_OUT/{check-before,check-before.json,migrate.sh,check-after}.txt
set -euo pipefail
source "$LAB_LIB"
source "$HANFS_SOURCE_DIR/tests/cluster/guest/cluster.sh"

fhandle=$LAB_FHANDLE
client_opts="noac,lookupcache=none"
dir=$LAB_EXPORT_ROOT/data

lab_modules
lab_lvm_init
# LVM-activate's and lvm-persistent's system_id mode: this node's ID.
printf 'global {\n\tsystem_id_source = "uname"\n}\n' >>/etc/lvm/lvmlocal.conf
lab_vg_create vgmig 96
lab_run lvcreate -q -y -Zn -n data -L 32M vgmig
lab_run mkfs.ext4 -q /dev/vgmig/data
lab_run tune2fs -U clear /dev/vgmig/data >/dev/null   # no UUID: the fsid decides the handles
lab_run vgchange -q -an vgmig
lab_nfs_start
mkdir -p "$dir" /srv/other

cluster_keep_logs
cluster_start
lab_run crm_attribute --type crm_config --name stonith-enabled --update false   # one node, no peer to fence
# 1. The shell stack, in crm's syntax (one call; pcs would take a minute
# per resource under emulation).
cat >"$LAB_OUT/shell-stack.crm" <<EOF
primitive vg ocf:heartbeat:LVM-activate params vgname=vgmig vg_access_mode=system_id activation_mode=exclusive
primitive fs ocf:heartbeat:Filesystem params device=/dev/vgmig/data directory=$dir fstype=ext4 \
    op start timeout=120s op stop timeout=120s op monitor interval=20s timeout=90s
primitive exp ocf:heartbeat:exportfs params directory=$dir clientspec=127.0.0.1 \
    options=rw,no_root_squash,sync,no_subtree_check,insecure fsid=4711 op monitor interval=10s timeout=60s
group nfs vg fs exp
EOF
lab_run crm configure load update "$LAB_OUT/shell-stack.crm"
cluster_wait_on exp "$(uname -n)" 300
lab_log "shell stack up: $(grep -F "$dir" /var/lib/nfs/etab | tr '\t' ' ')"

echo "payload" >"$dir/file"; mkdir -p "$dir/sub"
lab_mount 3 127.0.0.1 "$dir" /mnt/v3 "$client_opts"
lab_mount 4.2 127.0.0.1 "$dir" /mnt/v4 "$client_opts"
h3=$("$fhandle" get /mnt/v3/file) || lab_fail "no v3 handle"
h4=$("$fhandle" get /mnt/v4/file) || lab_fail "no v4 handle"
exec {rfd}</mnt/v3/file
(cd /mnt/v3/sub && exec sleep 100000) & cwd3=$!
(cd /mnt/v4/sub && exec sleep 100000) & cwd4=$!
lab_log "client before: v3 $h3 v4 $h4"

# 2. The audit of the live cluster, with a latent fsid collision planted
# (--timeout 60: the default 10 s is a real node's, not an emulated one's).
echo "/srv/other 127.0.0.1(ro,fsid=4711,no_subtree_check)" >>/etc/exports
rc=0; hanfs-check --timeout 60 >"$LAB_OUT/check-before.txt" 2>&1 || rc=$?
lab_log "hanfs-check before (exit $rc):"; sed 's/^/    /' "$LAB_OUT/check-before.txt" | head -60
lab_expect "hanfs-check on the shell stack exits 1" "$rc" 1
rc=0; hanfs-check --timeout 60 --json >"$LAB_OUT/check-before.json" 2>&1 || rc=$?
lab_expect "hanfs-check --json exits 1" "$rc" 1
python3 - "$LAB_OUT/check-before.json" <<'EOF' || lab_fail "hanfs-check --json: $(cat "$LAB_OUT/check-before.json")"
import json, sys
report = json.load(open(sys.argv[1]))
assert report["status"] == "risks", report["status"]
named = {r for risk in report["risks"] for r in risk["resources"]}
# LVM-activate gives the LV whichever minor is free on the node
assert "vg" in named, f"no risk names the volume group: {report['risks']}"
# /etc/exports gives /srv/other the fsid of resource exp
assert any("exp" in risk["resources"] and "/srv/other" in json.dumps(risk) for risk in report["risks"]), \
    f"no risk names exp and /srv/other: {report['risks']}"
for risk in report["risks"]:
    assert risk["code"] and risk["clients_see"] and risk["fix"], risk
print(len(report["risks"]), "risks:", ", ".join(sorted({r["code"] for r in report["risks"]})))
EOF
grep -q "/srv/other" "$LAB_OUT/check-before.txt" || lab_fail "hanfs-check does not name /srv/other, whose fsid collides"
sed -i '\#^/srv/other #d' /etc/exports

# 3. The migration, run as printed.
rc=0; hanfs-check --migrate nfs >"$LAB_OUT/migrate.sh" 2>"$LAB_OUT/migrate.err" || rc=$?
lab_expect "hanfs-check --migrate nfs exits 0" "$rc" 0
lab_log "hanfs-check --migrate nfs:"; sed 's/^/    /' "$LAB_OUT/migrate.sh"
grep -q "lvm-persistent" "$LAB_OUT/migrate.sh" || lab_fail "the migration does not bring in lvm-persistent"
grep -q "nfs-export-fsid.*fsid=4711" "$LAB_OUT/migrate.sh" || lab_fail "the migration does not keep fsid 4711"
# Its last line is `hanfs-check`, the check the administrator runs after
# it: here it runs below, where its answer is asserted.
[[ $(tail -1 "$LAB_OUT/migrate.sh") == hanfs-check ]] || lab_fail "the migration does not end with hanfs-check"
head -n -1 "$LAB_OUT/migrate.sh" >"$LAB_OUT/migrate-commands.sh"
t0=$SECONDS
( cd "$LAB_OUT" && bash -euo pipefail "$LAB_OUT/migrate-commands.sh" ) >"$LAB_OUT/migrate.log" 2>&1 \
  || lab_fail "the printed migration failed: $(tail -5 "$LAB_OUT/migrate.log")"
lab_retry 300 bash -c "crm_mon -1 2>/dev/null | grep -q 'ocf:hanfs:nfs-export-fsid.*Started'" \
  || lab_fail "the migrated group does not run: $(crm_mon -1 2>&1 | tail -12)"
lab_log "migrated in $((SECONDS - t0)) s: $(crm_mon -1 2>/dev/null | grep -E 'ocf:(hanfs|heartbeat)' | xargs)"
crm_mon -1 2>/dev/null | grep -qE 'ocf:heartbeat:(LVM-activate|exportfs)' && lab_fail "the shell agents are still configured"
lab_result migrate_seconds $((SECONDS - t0))

# 4. What the client sees.
sync; echo 3 >/proc/sys/vm/drop_caches
lab_expect "v3 handle bytes" "$("$fhandle" get /mnt/v3/file)" "$h3"
lab_expect "v4 handle bytes" "$("$fhandle" get /mnt/v4/file)" "$h4"
lab_expect "v3 old handle" "$("$fhandle" open /mnt/v3 "$h3")" ok
lab_expect "v4 old handle" "$("$fhandle" open /mnt/v4 "$h4")" ok
lab_expect "v3 open file" "$("$fhandle" probe-fd "$rfd")" ok
lab_expect "v3 cwd" "$("$fhandle" probe-path "/proc/$cwd3/cwd")" ok
lab_expect "v4 cwd" "$("$fhandle" probe-path "/proc/$cwd4/cwd")" ok
lab_result handles_same "v3 $h3 v4 $h4"
rc=0; hanfs-check --timeout 60 >"$LAB_OUT/check-after.txt" 2>&1 || rc=$?
hanfs-check --timeout 60 --json >"$LAB_OUT/check-after.json" 2>&1 || true
lab_log "hanfs-check after (exit $rc):"; sed 's/^/    /' "$LAB_OUT/check-after.txt" | head -40
# The migration removes the risks it is for and brings no new one: what is
# left (this group has no nfs-grace: its NFSv4 state was never shared) was
# there before.
python3 - "$LAB_OUT/check-before.json" "$LAB_OUT/check-after.json" <<'EOF' || lab_fail "hanfs-check after the migration: $(cat "$LAB_OUT/check-after.txt")"
import json, sys
before, after = (json.load(open(f)) for f in sys.argv[1:3])
codes = lambda r: {x["code"] for x in r["risks"]}
assert "vg-dynamic-minors" in codes(before)
for gone in ("vg-dynamic-minors", "lv-without-persistent-minor", "fsid-collides-with-local-export", "fsid-collision"):
    assert gone not in codes(after), f"{gone} after the migration: {after['risks']}"
new = codes(after) - codes(before)
assert not new, f"risks the migration brought: {new}"
print("after the migration:", after["status"], sorted(codes(after)))
EOF
kill $cwd3 $cwd4 2>/dev/null || true
exec {rfd}<&-
umount -f -l /mnt/v3; umount -f -l /mnt/v4
lab_log "PASS"
