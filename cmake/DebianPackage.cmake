# The Debian package, built from the project's install rules as part of
# `all` (option HANFS_DEB, on where dpkg-deb exists): <build>/<name>_<version>-1_<arch>.deb,
# which the lab and cluster VMs install with dpkg, so every VM test tests it.
#
# Why dpkg-deb over a staged `cmake --install` and not CPack or
# dpkg-buildpackage: CPack builds the project again from inside the build
# (its preinstall step), and dpkg-buildpackage wants a debian/ tree that
# would repeat these install rules. cmake/MakeDeb.cmake stages, computes the
# library dependencies with dpkg-shlibdeps, writes DEBIAN/control and calls
# dpkg-deb: the install rules stay the one list of what is shipped.
find_program(HANFS_DPKG_DEB dpkg-deb)
include(CMakeDependentOption)
cmake_dependent_option(HANFS_DEB "Build the Debian package with the default target" ON
                       "HANFS_DPKG_DEB;NOT HANFS_SANITIZE;NOT HANFS_FUZZ" OFF)

# hanfs_add_deb_package(PROGRAMS <executable targets> PAGES <man page targets>)
function(hanfs_add_deb_package)
  cmake_parse_arguments(ARG "" "" "PROGRAMS;PAGES" ${ARGN})
  if(NOT HANFS_DEB)
    return()
  endif()
  execute_process(COMMAND dpkg --print-architecture OUTPUT_VARIABLE arch OUTPUT_STRIP_TRAILING_WHITESPACE)
  # The agents dlopen() libqb (common/ocf/log.cpp), which dpkg-shlibdeps
  # cannot see: its package is named here, found from the library file.
  get_filename_component(libdir ${HANFS_LIBQB_FILE} DIRECTORY)
  execute_process(COMMAND dpkg-query -S ${libdir}/${HANFS_LIBQB_SONAME}
                  OUTPUT_VARIABLE owner RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT owner MATCHES "^([^:,]+)")
    message(FATAL_ERROR "no Debian package owns ${libdir}/${HANFS_LIBQB_SONAME}: cannot declare the libqb dependency")
  endif()
  set(libqb_package ${CMAKE_MATCH_1})
  set(version ${PROJECT_VERSION}-1)
  set(deb ${PROJECT_BINARY_DIR}/${PROJECT_NAME}_${version}_${arch}.deb)
  set(HANFS_DEB_FILE ${deb} PARENT_SCOPE)
  set(targets)
  foreach(t ${ARG_PROGRAMS})
    list(APPEND targets $<TARGET_FILE:${t}>)
  endforeach()
  add_custom_command(
    OUTPUT ${deb}
    COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR} -DOUTPUT=${deb}
            -DNAME=${PROJECT_NAME} -DVERSION=${version} -DARCH=${arch}
            "-DEXTRA_DEPENDS=${libqb_package}, lvm2, nfs-kernel-server, resource-agents"
            -P ${PROJECT_SOURCE_DIR}/cmake/MakeDeb.cmake
    DEPENDS ${ARG_PROGRAMS} ${targets} ${ARG_PAGES} ${PROJECT_SOURCE_DIR}/cmake/MakeDeb.cmake
            ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/admin-guide.md
    COMMENT "Debian package ${deb}"
    VERBATIM)
  add_custom_target(deb ALL DEPENDS ${deb})
endfunction()
