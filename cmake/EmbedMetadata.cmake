# hanfs_add_agent(<name> METADATA <xml> SOURCES <src...> [NO_INSTALL])
# Builds an agent executable with its metadata XML compiled in (see
# common/embedded_metadata.h) and installs it as an OCF agent of provider
# "hanfs". The metadata is re-embedded whenever the XML changes.
set(HANFS_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_file.cmake)

function(hanfs_add_agent name)
  cmake_parse_arguments(ARG "NO_INSTALL" "METADATA" "SOURCES" ${ARGN})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${name}_metadata.cpp)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${ARG_METADATA} -DOUTPUT=${generated} -P ${HANFS_EMBED_SCRIPT}
    DEPENDS ${ARG_METADATA} ${HANFS_EMBED_SCRIPT}
    COMMENT "Embedding ${ARG_METADATA}")
  add_executable(${name} ${ARG_SOURCES} ${generated})
  target_link_libraries(${name} PRIVATE hanfs)
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} RUNTIME DESTINATION ${OCF_ROOT}/resource.d/hanfs)
  endif()
endfunction()
