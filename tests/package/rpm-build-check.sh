#!/bin/bash
# rpm-build-check.sh SOURCE_DIR BUILD_DIR WORK_DIR NAME VERSION
#
# Makes the source tarball with the `dist` target, builds the binary RPM from
# it with `rpmbuild -ta` as the administrator's guide shows (--nodeps: the
# BuildRequires are Fedora's names, this is Debian; %check runs the unit
# tests; HOME=WORK_DIR puts rpmbuild's tree there), then checks the package
# from the outside:
#   - it holds every agent (one per metadata/*.xml) under
#     /usr/lib/ocf/resource.d/hanfs/, its man page ocf_hanfs_<agent>.7 and the
#     docs, and nothing else (no test binary, no build tool; rpm's own
#     .build-id links aside);
#   - it requires lvm2, nfs-utils and libqb by package and by the SONAME the
#     agents load (rpm cannot see a dlopen);
#   - each agent, unpacked from the package, prints meta-data valid against
#     the OCF 1.1 RelaxNG (pcs) and, to an OCF 1.0 caller, ra-api-1.dtd;
#   - each man page renders with man(1).
# The rpmbuild output is in WORK_DIR/rpmbuild.log.
set -euo pipefail
src=$1 build=$2 work=$3 name=$4 version=$5

fail() { echo "FAIL: $*" >&2; exit 1; }
command -v rpmbuild >/dev/null || fail "rpmbuild not found: install Debian's rpm package (.ci/install-deps)"

rm -rf "$work"
mkdir -p "$work"
cmake --build "$build" --target dist
tarball=$build/$name-$version.tar.gz
[[ -f $tarball ]] || fail "the dist target made no $tarball"

start=$SECONDS
if ! HOME=$work rpmbuild -ta --nodeps "$tarball" >"$work/rpmbuild.log" 2>&1; then
  tail -60 "$work/rpmbuild.log" >&2
  fail "rpmbuild -ta failed (whole log: $work/rpmbuild.log)"
fi
echo "rpmbuild -ta: $((SECONDS - start)) s"
grep -q '100% tests passed' "$work/rpmbuild.log" || fail "%check did not report its unit tests passing"

rpm=$(find "$work/rpmbuild/RPMS" -name "$name-$version-*.rpm" ! -name '*debug*' | head -1)
[[ -n $rpm ]] || fail "no binary $name RPM under $work/rpmbuild/RPMS"
echo "package: ${rpm#"$work/"}"

# --- file layout ----------------------------------------------------------
rpm -qlp "$rpm" >"$work/files.txt"
mapfile -t files <"$work/files.txt"
printf '  %s\n' "${files[@]}"
has() { printf '%s\n' "${files[@]}" | grep -qxE "$1" || fail "the package has no file matching $1"; }
agents=()
for xml in "$src"/metadata/*.xml; do agents+=("$(basename "$xml" .xml)"); done
((${#agents[@]})) || fail "no metadata/*.xml in $src"
for agent in "${agents[@]}"; do
  has "/usr/lib/ocf/resource\.d/hanfs/$agent"
  has "/usr/share/man/man7/ocf_hanfs_$agent\.7(\.gz|\.bz2|\.xz|\.zst)?"
done
has "/usr/sbin/hanfs-check"
has "/usr/share/man/man8/hanfs-check\.8(\.gz|\.bz2|\.xz|\.zst)?"
has "/usr/share/doc/$name/README\.md"
has "/usr/share/doc/$name/admin-guide\.md"
# (rpm adds /usr/lib/.build-id links to the executables itself.)
stray=$(printf '%s\n' "${files[@]}" \
  | grep -vE "^/usr/lib/ocf/resource\.d/hanfs(/|$)|^/usr/share/man/man7/ocf_hanfs_|^/usr/sbin/hanfs-check$|^/usr/share/man/man8/hanfs-check\.|^/usr/share/doc/$name(/|$)|^/usr/lib/\.build-id(/|$)" || true)
[[ -z $stray ]] || fail "files outside the agents, hanfs-check, man pages and docs: $stray"
n_agents=$(printf '%s\n' "${files[@]}" | grep -c '^/usr/lib/ocf/resource\.d/hanfs/.' || true)
[[ $n_agents == "${#agents[@]}" ]] || fail "$n_agents files under resource.d/hanfs, expected the ${#agents[@]} agents"

# --- dependencies ---------------------------------------------------------
requires=$(rpm -qp --requires "$rpm")
for dep in lvm2 nfs-utils libqb "libqb.so.100()(64bit)"; do
  grep -qx "$dep" <<<"$requires" || fail "the package does not require $dep"
done

# --- the installed agents answer meta-data --------------------------------
root=$work/root
mkdir -p "$root"
(cd "$root" && rpm2cpio "$rpm" | cpio -idm --quiet)
for agent in "${agents[@]}"; do
  bin=$root/usr/lib/ocf/resource.d/hanfs/$agent
  [[ -x $bin ]] || fail "$agent is not executable in the package"
  OCF_ROOT=/usr/lib/ocf OCF_RA_VERSION_MAJOR=1 OCF_RA_VERSION_MINOR=1 "$bin" meta-data >"$work/$agent-1.1.xml"
  xmllint --noout --relaxng /usr/share/pcs/data/ocf-1.1.rng "$work/$agent-1.1.xml" \
    || fail "$agent meta-data (OCF 1.1) does not validate against ocf-1.1.rng"
  OCF_ROOT=/usr/lib/ocf "$bin" meta-data >"$work/$agent-1.0.xml"
  # (on stdin from the DTD's directory: the answer's DOCTYPE names it relatively)
  (cd /usr/share/resource-agents && xmllint --noout --nonet --dtdvalid ra-api-1.dtd - <"$work/$agent-1.0.xml") \
    || fail "$agent meta-data (OCF 1.0) is not valid against ra-api-1.dtd"
  page=$(ls "$root/usr/share/man/man7/ocf_hanfs_$agent".7*)
  rendered=$(MANWIDTH=80 man -l "$page" 2>"$work/man-$agent.err" | col -b)
  grep -q "SUPPORTED PARAMETERS" <<<"$rendered" || fail "man -l $page does not render: $(cat "$work/man-$agent.err")"
  echo "ok: $agent: meta-data valid (OCF 1.1 and 1.0), man page renders"
done
echo "PASS: $(basename "$rpm")"
