# hanfs_add_man_page(<agent> <metadata.xml>)
# Generates ocf_hanfs_<agent>(7) from the agent's metadata with the
# hanfs-man-page tool (tools/man-page) into <build>/man/, as part of `all`,
# and installs it under share/man/man7. Regenerated when the XML changes.
include(GNUInstallDirs)
set(HANFS_MAN_DIR ${PROJECT_BINARY_DIR}/man)

function(hanfs_add_man_page agent metadata)
  set(page ${HANFS_MAN_DIR}/ocf_hanfs_${agent}.7)
  add_custom_command(
    OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${HANFS_MAN_DIR}
    COMMAND hanfs-man-page ${metadata} ${page} ${PROJECT_VERSION}
    DEPENDS hanfs-man-page ${metadata}
    COMMENT "Man page ocf_hanfs_${agent}(7)")
  add_custom_target(man_${agent} ALL DEPENDS ${page})
  if(NOT TARGET man_pages)
    add_custom_target(man_pages)
  endif()
  add_dependencies(man_pages man_${agent})
  set_property(GLOBAL APPEND PROPERTY HANFS_MAN_TARGETS man_${agent})
  install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
endfunction()
