# cmake -DSOURCE_DIR=<tree> -DNAME=<name> -DVERSION=<v> -DOUTPUT=<file.tar.gz> -P MakeDist.cmake
#
# The source tarball: every file git tracks or would track (tracked plus
# untracked-but-not-ignored, as they are in the working tree, so an
# uncommitted change is in it too and build/ is not), under <name>-<version>/.
# Refuses when the spec's Version is not the project's: rpmbuild -ta would
# then look for another tarball name.
cmake_minimum_required(VERSION 3.25)
foreach(var SOURCE_DIR NAME VERSION OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "MakeDist.cmake: -D${var}= is required")
  endif()
endforeach()

file(STRINGS ${SOURCE_DIR}/rpm/${NAME}.spec spec_version REGEX "^Version:")
string(REGEX REPLACE "^Version:[ \t]*" "" spec_version "${spec_version}")
if(NOT spec_version STREQUAL VERSION)
  message(FATAL_ERROR "rpm/${NAME}.spec has Version ${spec_version}, the project is ${VERSION}")
endif()

find_program(GIT git REQUIRED)
# One name a line, unquoted (CMake strings cannot hold the NULs of -z).
execute_process(
  COMMAND ${GIT} -C ${SOURCE_DIR} -c core.quotePath=off ls-files --cached --others --exclude-standard
  OUTPUT_VARIABLE listing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "MakeDist.cmake: ${SOURCE_DIR} is not a git work tree: ${err}")
endif()
if(listing MATCHES ";")   # it would split the name in the list below
  message(FATAL_ERROR "MakeDist.cmake: a file name holds ';', which this script cannot package")
endif()
string(REPLACE "\n" ";" files "${listing}")

get_filename_component(output_dir ${OUTPUT} DIRECTORY)
set(stage ${output_dir}/.dist-stage)
set(top ${NAME}-${VERSION})
file(REMOVE_RECURSE ${stage})
set(count 0)
foreach(f IN LISTS files)
  # --cached still lists a file deleted in the working tree: leave it out.
  if(f STREQUAL "" OR NOT EXISTS ${SOURCE_DIR}/${f} OR IS_DIRECTORY ${SOURCE_DIR}/${f})
    continue()
  endif()
  get_filename_component(sub ${f} DIRECTORY)
  file(COPY ${SOURCE_DIR}/${f} DESTINATION ${stage}/${top}/${sub})
  math(EXPR count "${count} + 1")
endforeach()
file(REMOVE ${OUTPUT})
execute_process(COMMAND ${CMAKE_COMMAND} -E tar czf ${OUTPUT} ${top}
                WORKING_DIRECTORY ${stage} RESULT_VARIABLE rc)
file(REMOVE_RECURSE ${stage})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "MakeDist.cmake: tar failed")
endif()
message(STATUS "${OUTPUT}: ${count} files under ${top}/")
