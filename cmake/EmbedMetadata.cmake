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
    # The Debian package is rebuilt when one of these is (DebianPackage.cmake);
    # tools/hanfs-check adds itself too.
    set_property(GLOBAL APPEND PROPERTY HANFS_INSTALLED_PROGRAMS ${name})
  endif()
endfunction()

# hanfs_add_agent_logic(<agent> SOURCES <src...>)
# The agent's algorithm as a static library <agent_id>_logic (its actions,
# unit-tested on the host through common/sys/host.h), with the names its
# metadata declares generated as agents/<agent>/parameters.h in the build
# tree: namespace hanfs::<agent_id>, `agent_name` and `param::<name>`.
function(hanfs_add_agent_logic agent)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  string(REPLACE "-" "_" id ${agent})
  set(xml ${PROJECT_SOURCE_DIR}/metadata/${agent}.xml)
  set(names ${CMAKE_CURRENT_BINARY_DIR}/parameters.h)
  add_custom_command(
    OUTPUT ${names}
    COMMAND hanfs-metadata-compile ${xml} ${names} hanfs::${id}
    DEPENDS hanfs-metadata-compile ${xml}
    COMMENT "Parameter names of ${agent}")
  add_library(${id}_logic STATIC ${ARG_SOURCES} ${names})
  # Private to the agent and its tests, included as "agents/<agent>/<file>.h"
  # from the source tree (common/'s include root) or the build tree.
  target_include_directories(${id}_logic PUBLIC ${PROJECT_BINARY_DIR})
  target_link_libraries(${id}_logic PUBLIC hanfs)
endfunction()
