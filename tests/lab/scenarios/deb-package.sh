#!/bin/bash
# The Debian package as an administrator meets it, in one VM (the guest's
# root is the host's with a throw-away overlay, so nothing here touches the
# host):
#   (its control data and dependencies are checked on the host, in seconds:
#   tests/package/deb-dependencies.sh and deb_installs_on_minimal_debian.py)
#   1. `apt-get install ./hanfs-agents_<version>_<arch>.deb` installs it;
#   2. its files: each agent of metadata/ under /usr/lib/ocf/resource.d/hanfs
#      answers meta-data and logs through libqb, each man page renders, the
#      guide and the copyright file are there, nothing lies outside the
#      package's own places, `dpkg --verify` passes;
#   3. `dpkg -r` leaves nothing: no file, no directory of its own, no
#      package state.
# Outputs: $LAB_OUT/deb-{control,files}.txt.
set -euo pipefail
source "$LAB_LIB"

deb=$(ls -t "$HANFS_BUILD_DIR"/hanfs-agents_*.deb 2>/dev/null | head -1)
[[ -n $deb ]] || lab_fail "no Debian package in $HANFS_BUILD_DIR"
rm -f /var/lib/man-db/auto-update   # no man index rebuild under emulation
dpkg-deb -f "$deb" >"$LAB_OUT/deb-control.txt"
depends=$(dpkg-deb -f "$deb" Depends)
lab_log "$(dpkg-deb -f "$deb" Package Version Architecture | xargs); Depends: $depends"

# 1. Install it the way the guide says.
cd "$(dirname "$deb")"
debfile=${deb##*/}
lab_log "+ apt-get install -y ./$debfile"
DEBIAN_FRONTEND=noninteractive apt-get install -y ./$debfile >"$LAB_OUT/apt-install.txt" 2>&1 \
  || lab_fail "apt-get install failed: $(tail -5 "$LAB_OUT/apt-install.txt")"
cd /
[[ $(dpkg-query -W -f '${db:Status-Status}' hanfs-agents) == installed ]] || lab_fail "hanfs-agents is not installed after apt-get"

# 2. The files.
dpkg -L hanfs-agents >"$LAB_OUT/deb-files.txt"
dpkg --verify hanfs-agents || lab_fail "dpkg --verify hanfs-agents: files differ from the package's md5sums"
while read -r f; do
  [[ -d $f ]] && continue
  case $f in
    /usr/lib/ocf/resource.d/hanfs/*|/usr/share/man/man[78]/*.gz|/usr/share/doc/hanfs-agents/*|/usr/sbin/hanfs-check) ;;
    *) lab_fail "the package installs $f, outside its places" ;;
  esac
done <"$LAB_OUT/deb-files.txt"
for doc in README.md admin-guide.md copyright; do
  [[ -s /usr/share/doc/hanfs-agents/$doc ]] || lab_fail "no /usr/share/doc/hanfs-agents/$doc"
done
agents=0
for xml in "$HANFS_SOURCE_DIR"/metadata/*.xml; do
  agent=$(basename "$xml" .xml)
  exe=/usr/lib/ocf/resource.d/hanfs/$agent
  [[ -x $exe ]] || lab_fail "the package has no executable $exe"
  OCF_ROOT=/usr/lib/ocf "$exe" meta-data | xmllint --noout - || lab_fail "$agent meta-data is not XML"
  # An action that fails logs its reason through libqb, which the agent
  # loads only then: a missing libqb would show here.
  log=/tmp/$agent-validate.log
  rc=0; OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE=pkgtest HA_LOGFILE=$log "$exe" validate-all 2>/dev/null || rc=$?
  ((rc == 6)) || lab_fail "$agent validate-all without parameters: $rc, expected 6"
  grep -q "pkgtest" "$log" || lab_fail "$agent logged nothing through libqb to $log"
  page=/usr/share/man/man7/ocf_hanfs_$agent.7.gz
  man -l "$page" 2>/dev/null | grep -q "$agent" || lab_fail "man -l $page does not render a page naming $agent"
  agents=$((agents + 1))
done
if [[ -d $HANFS_SOURCE_DIR/tools/hanfs-check ]]; then
  [[ -x /usr/sbin/hanfs-check ]] || lab_fail "the package has no /usr/sbin/hanfs-check"
  man -l /usr/share/man/man8/hanfs-check.8.gz 2>/dev/null | grep -q hanfs-check || lab_fail "no hanfs-check(8)"
  /usr/sbin/hanfs-check --help >/dev/null || lab_fail "hanfs-check --help failed"
fi
lab_log "ok: $agents agents answer meta-data, log through libqb, have their man page; $(wc -l <"$LAB_OUT/deb-files.txt") paths"

# 3. Remove it.
lab_log "+ dpkg -r hanfs-agents"
dpkg -r hanfs-agents >"$LAB_OUT/dpkg-remove.txt" 2>&1 || lab_fail "dpkg -r failed: $(cat "$LAB_OUT/dpkg-remove.txt")"
left=()
while read -r f; do
  [[ -e $f || -L $f ]] || continue
  [[ -d $f ]] && [[ $f != /usr/lib/ocf/resource.d/hanfs && $f != /usr/share/doc/hanfs-agents ]] && continue  # shared directories
  left+=("$f")
done <"$LAB_OUT/deb-files.txt"
((${#left[@]} == 0)) || lab_fail "dpkg -r left ${left[*]}"
status=$(dpkg-query -W -f '${db:Status-Status}' hanfs-agents 2>/dev/null || echo not-installed)
[[ $status == not-installed ]] || lab_fail "dpkg -r left the package in state $status (conffiles?)"
lab_log "ok: dpkg -r removed all $(wc -l <"$LAB_OUT/deb-files.txt") paths and the package's state"

lab_result deb_agents "$agents"
lab_result deb_depends "$depends"
lab_log "PASS"
