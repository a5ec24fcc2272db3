#!/bin/bash
# deb-dependencies.sh DEB: the Debian package's dependencies, on the host
# (the lab VMs' root is the host's, so this is what they see): every
# package Depends names is one Debian 12 has, the ones the agents need are
# there, and every shared library a program of the package loads (its
# NEEDED entries, and libqb, which the agents dlopen and dpkg-shlibdeps
# cannot see) is installed by a package it depends on.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
deb=${1:?usage: deb-dependencies.sh DEB}
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"

declare -A depended=()
IFS=, read -ra deps <<<"$depends"
for d in "${deps[@]}"; do
  name=$(awk '{ print $1 }' <<<"$d")
  apt-cache show --no-all-versions "$name" >/dev/null 2>&1 || fail "Depends names $name, which Debian 12 does not have"
  depended[$name]=1
done
for p in libqb100 lvm2 nfs-kernel-server resource-agents libc6; do
  [[ -n ${depended[$p]:-} ]] || fail "Depends lacks $p: $depends"
done
pkgroot=$(mktemp -d)
dpkg-deb -x "$deb" "$pkgroot"
owner_of_library() {  # SONAME: the package that installs it (without :arch)
  local path candidate owner
  path=$(ldconfig -p | awk -v so="$1" '$1 == so { print $NF; exit }')
  [[ -n $path ]] || return 1
  # dpkg knows a file by the path its package ships (/lib or /usr/lib).
  for candidate in "$path" "$(realpath "$path")" "${path#/usr}" "/usr$path"; do
    owner=$(dpkg-query -S "$candidate" 2>/dev/null | head -1) || true
    [[ -n $owner ]] && { echo "${owner%%:*}"; return 0; }
  done
  return 1
}
while IFS= read -r -d '' f; do
  [[ $(head -c 4 "$f" | od -An -tx1 | tr -d ' ') == 7f454c46 ]] || continue
  libs=$(objdump -p "$f" | awk '$1 == "NEEDED" { print $2 }')
  libs+=" $(grep -ao 'libqb\.so\.[0-9]*' "$f" | sort -u || true)"   # dlopen'ed, where it is
  for so in $libs; do
    [[ $so == ld-linux* ]] && continue
    pkg=$(owner_of_library "$so") || fail "${f#"$pkgroot"} loads $so, which no package on this system installs"
    [[ -n ${depended[$pkg]:-} ]] || fail "${f#"$pkgroot"} loads $so from $pkg, which the package does not depend on"
  done
  echo "ok: ${f#"$pkgroot"} loads $(echo $libs | xargs -n1 | sort -u | xargs), all from packages it depends on"
done < <(find "$pkgroot" -type f -print0)
rm -rf "$pkgroot"

echo "PASS"
