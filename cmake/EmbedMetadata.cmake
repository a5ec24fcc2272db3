# hanfs_add_agent(<name> METADATA <xml> SOURCES <src...> [NO_INSTALL])
# Builds an agent executable with its metadata compiled in and installs it as
# an OCF agent of provider "hanfs". hanfs-metadata-compile (tools/) parses the
# XML at build time and writes <name>_metadata.cpp: the XML itself
# (embedded_metadata.h) and the parsed declarations with both meta-data
# answers (compiled_metadata.h). Regenerated whenever the XML changes.
#
# The agent is linked --as-needed: it uses no libxml2 at run time, and
# loading that library (and ICU behind it) cost more than the monitor itself;
# and with HANFS_STATIC_RUNTIME, with the C++ runtime linked in.
function(hanfs_compile_metadata xml output)
  add_custom_command(
    OUTPUT ${output}
    COMMAND hanfs-metadata-compile ${xml} ${output}
    DEPENDS hanfs-metadata-compile ${xml}
    COMMENT "Compiling metadata ${xml}")
endfunction()

function(hanfs_add_agent name)
  cmake_parse_arguments(ARG "NO_INSTALL" "METADATA" "SOURCES" ${ARGN})
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${name}_metadata.cpp)
  hanfs_compile_metadata(${ARG_METADATA} ${generated})
  add_executable(${name} ${ARG_SOURCES} ${generated})
  target_link_libraries(${name} PRIVATE hanfs)
  target_link_options(${name} PRIVATE -Wl,--as-needed ${HANFS_AGENT_LINK_OPTIONS})
  if(NOT ARG_NO_INSTALL)
    install(TARGETS ${name} RUNTIME DESTINATION ${OCF_ROOT}/resource.d/hanfs)
  endif()
endfunction()
