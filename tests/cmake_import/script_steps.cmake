# The steps and expectations the cmake_import scripts (cmake -P) share, so that each
# script reads as its list of checks.
#
#   step(<name> SUCCESS|FAILURE <command>...)  runs a command (in WORK_DIR when the script
#       defines it) and stops the test, with the command and all it printed, when the
#       result is not the expected one; the output lands in <name>_output.
#   expect_contains(<name> <text> <needle>)   expect_lacks(<name> <text> <needle>)
#   expect_match(<name> <text> <regex>)

function(step name expect)
  if(NOT expect MATCHES "^(SUCCESS|FAILURE)$")
    message(FATAL_ERROR "step(${name}): the second argument is SUCCESS or FAILURE, not '${expect}'")
  endif()
  set(directory "${CMAKE_CURRENT_BINARY_DIR}")
  if(DEFINED WORK_DIR)
    set(directory "${WORK_DIR}")
  endif()
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${directory}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  string(REPLACE ";" " " command "${ARGN}")
  if(expect STREQUAL "SUCCESS" AND NOT result EQUAL 0)
    message(FATAL_ERROR "[${name}] failed (${result}): ${command}\n${output}")
  elseif(expect STREQUAL "FAILURE" AND result EQUAL 0)
    message(FATAL_ERROR "[${name}] succeeded but should have failed: ${command}\n${output}")
  endif()
  set(${name}_output "${output}" PARENT_SCOPE)
endfunction()

function(expect_contains name text needle)
  string(FIND "${text}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "[${name}] expected to find '${needle}' in:\n${text}")
  endif()
endfunction()

function(expect_lacks name text needle)
  string(FIND "${text}" "${needle}" at)
  if(NOT at EQUAL -1)
    message(FATAL_ERROR "[${name}] did not expect '${needle}' in:\n${text}")
  endif()
endfunction()

function(expect_match name text regex)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "[${name}] expected to match '${regex}' in:\n${text}")
  endif()
endfunction()
