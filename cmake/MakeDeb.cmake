# cmake -DBUILD_DIR= -DOUTPUT=<x.deb> -DNAME= -DVERSION= -DARCH= -DEXTRA_DEPENDS= -P MakeDeb.cmake
#
# Stages `cmake --install BUILD_DIR --prefix /usr --strip` (what `make install`
# ships, nothing else), gzips the man pages and adds the copyright file as
# Debian policy asks, declares the shared libraries the programs link
# (dpkg-shlibdeps) plus EXTRA_DEPENDS, and packs it with dpkg-deb, files
# owned by root.
cmake_minimum_required(VERSION 3.25)
foreach(var BUILD_DIR OUTPUT NAME VERSION ARCH EXTRA_DEPENDS)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "MakeDeb.cmake: -D${var}= is required")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(JOIN ARGN " " line)
    message(FATAL_ERROR "MakeDeb.cmake: ${line} failed (${rc}): ${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(work ${BUILD_DIR}/deb)
set(root ${work}/root)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${root}/DEBIAN)
# Stripped, as Debian ships programs (the build tree keeps the debug info).
run(${CMAKE_COMMAND} -E env DESTDIR=${root} ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix /usr --strip)

file(GLOB_RECURSE pages ${root}/usr/share/man/*)
foreach(page ${pages})
  run(gzip -9n ${page})
endforeach()
set(docdir ${root}/usr/share/doc/${NAME})
file(MAKE_DIRECTORY ${docdir})
file(WRITE ${docdir}/copyright
  "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
  "Upstream-Name: ${NAME}\n\n"
  "Files: *\n"
  "License: GPL-2.0-or-later\n"
  " On Debian systems the full text is in /usr/share/common-licenses/GPL-2.\n")

# The ELF files, for dpkg-shlibdeps, which reads debian/control from where
# it runs (an empty one will do).
file(GLOB_RECURSE files LIST_DIRECTORIES false ${root}/usr/*)
set(elves)
foreach(f ${files})
  file(READ ${f} magic LIMIT 4 HEX)
  if(magic STREQUAL "7f454c46")
    list(APPEND elves ${f})
  endif()
endforeach()
file(MAKE_DIRECTORY ${work}/shlibs/debian)
file(TOUCH ${work}/shlibs/debian/control)
execute_process(COMMAND dpkg-shlibdeps -O ${elves} WORKING_DIRECTORY ${work}/shlibs
                RESULT_VARIABLE rc OUTPUT_VARIABLE shlibs ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT shlibs MATCHES "shlibs:Depends=([^\n]*)")
  message(FATAL_ERROR "MakeDeb.cmake: dpkg-shlibdeps failed: ${err}")
endif()
set(depends "${CMAKE_MATCH_1}, ${EXTRA_DEPENDS}")

set(size 0)
foreach(f ${files})
  file(SIZE ${f} s)
  math(EXPR size "${size} + (${s} + 1023) / 1024")
endforeach()

file(WRITE ${root}/DEBIAN/control
  "Package: ${NAME}\n"
  "Version: ${VERSION}\n"
  "Architecture: ${ARCH}\n"
  "Maintainer: hanfs-agents developers <hanfs-agents@localhost>\n"
  "Installed-Size: ${size}\n"
  "Depends: ${depends}\n"
  "Recommends: pacemaker\n"
  "Suggests: pcs | crmsh\n"
  "Section: admin\n"
  "Priority: optional\n"
  "Description: OCF resource agents for highly available NFS with stable file handles\n"
  " Compiled OCF resource agents (provider \"hanfs\") for an NFS service under\n"
  " Pacemaker whose clients keep their file handles across failover:\n"
  " lvm-persistent (exclusive VG activation with persistent LV minors),\n"
  " nfs-export-fsid (exports with a cluster-unique, node-independent fsid),\n"
  " nfs-notify (NSM reboot notification from the floating address),\n"
  " nfs-grace (NFSv4 client records on shared storage, one server scope),\n"
  " nfs-server (a service's own NFS server in namespaces of its own, its\n"
  " state on the service's filesystem) and nfs-address (its floating address).\n"
  " Man pages ocf_hanfs_<agent>(7) and an administrator's guide.\n")

# md5sums, as dpkg --verify reads them.
set(sums "")
foreach(f ${files})
  file(MD5 ${f} md5)
  file(RELATIVE_PATH rel ${root} ${f})
  string(APPEND sums "${md5}  ${rel}\n")
endforeach()
file(WRITE ${root}/DEBIAN/md5sums "${sums}")

run(dpkg-deb --root-owner-group -Zxz --build ${root} ${OUTPUT})
