# cmake -P script behind the compile_fail tests: runs the compiler on dropped_check.cpp
# with attest's include paths, definitions and warning flags (FLAGS_FILE, written at
# configure time from a target that links attest::attest) and checks what it says.
#
#   CASE=run      the file with every check run: must compile under -Werror with no
#                 diagnostic at all.
#   CASE=<other>  the checks marked `nodiscard: <CASE>` are dropped: without -Werror the
#                 file compiles and warns about nodiscard on each marked line (so nothing
#                 else is wrong with it); with -Werror it does not compile. REASON, when
#                 given, must appear in the diagnostic too.
#
# Inputs: CXX_COMPILER STD_FLAG FLAGS_FILE SOURCE ATTEST_INCLUDE_DIR CASE
# [IMPLICIT_INCLUDES (|-separated)] [REASON]
cmake_minimum_required(VERSION 3.20)

foreach(var CXX_COMPILER STD_FLAG FLAGS_FILE SOURCE ATTEST_INCLUDE_DIR CASE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_compile.cmake needs -D${var}=...")
  endif()
endforeach()
include("${FLAGS_FILE}")  # sets INCLUDES, DEFINES, OPTIONS
string(REPLACE "|" ";" IMPLICIT_INCLUDES "${IMPLICIT_INCLUDES}")

# As CMake compiles users' code: attest's own headers with -I, dependencies (imported
# targets) as system headers, whose warnings are not attest's to fix, and the compiler's
# own directories left out (naming /usr/include again breaks #include_next).
set(flags ${STD_FLAG} -fsyntax-only)
list(REMOVE_DUPLICATES INCLUDES)
foreach(dir IN LISTS INCLUDES)
  if(dir STREQUAL "" OR dir IN_LIST IMPLICIT_INCLUDES)
    continue()
  elseif(dir STREQUAL ATTEST_INCLUDE_DIR)
    list(APPEND flags "-I${dir}")
  else()
    list(APPEND flags -isystem "${dir}")
  endif()
endforeach()
foreach(definition IN LISTS DEFINES)
  list(APPEND flags "-D${definition}")
endforeach()
list(APPEND flags ${OPTIONS})
if(NOT CASE STREQUAL "run")
  string(TOUPPER "${CASE}" upper)
  list(APPEND flags "-DATTEST_COMPILE_FAIL_${upper}")
endif()

# compile(<result var> <output var> [extra flags...])
function(compile result_var output_var)
  execute_process(COMMAND "${CXX_COMPILER}" ${flags} ${ARGN} "${SOURCE}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  set(${result_var} "${result}" PARENT_SCOPE)
  set(${output_var} "${output}" PARENT_SCOPE)
endfunction()

string(REPLACE ";" " " shown "${CXX_COMPILER} ${flags}")

if(CASE STREQUAL "run")
  compile(result output -Werror)
  if(NOT result EQUAL 0 OR NOT output STREQUAL "")
    message(FATAL_ERROR "the file with every check run must compile cleanly under "
      "-Werror, but the compiler said (exit ${result}):\n${output}\ncommand: ${shown} -Werror")
  endif()
  message("every check run: compiles cleanly under -Werror")
  return()
endif()

# The lines whose statement drops a check in this case.
file(STRINGS "${SOURCE}" lines)
get_filename_component(source_name "${SOURCE}" NAME)
set(number 0)
set(marked "")
foreach(line IN LISTS lines)
  math(EXPR number "${number} + 1")
  string(FIND "${line}" "// nodiscard: ${CASE}" at)
  if(NOT at EQUAL -1)
    list(APPEND marked ${number})
  endif()
endforeach()
if(NOT marked)
  message(FATAL_ERROR "${source_name} has no line marked 'nodiscard: ${CASE}'")
endif()

# checks(<output> <kind>): each marked line has a nodiscard diagnostic of that kind.
function(expect_diagnostics output kind)
  string(REPLACE "\n" ";" output_lines "${output}")
  foreach(number IN LISTS marked)
    set(found FALSE)
    foreach(text IN LISTS output_lines)
      if(text MATCHES "${source_name}:${number}:[0-9]+: ${kind}: .*nodiscard")
        set(found TRUE)
        break()
      endif()
    endforeach()
    if(NOT found)
      message(FATAL_ERROR "expected a nodiscard ${kind} at ${source_name}:${number} "
        "(case ${CASE}), the compiler said:\n${output}\ncommand: ${shown}")
    endif()
  endforeach()
  if(DEFINED REASON)
    string(FIND "${output}" "${REASON}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "the diagnostic for case ${CASE} does not give the reason "
        "'${REASON}':\n${output}")
    endif()
  endif()
endfunction()

compile(result output)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "without -Werror case ${CASE} must compile (the dropped check is "
    "only a warning), but it failed (exit ${result}):\n${output}\ncommand: ${shown}")
endif()
expect_diagnostics("${output}" warning)

compile(result output -Werror)
if(result EQUAL 0)
  message(FATAL_ERROR "case ${CASE} compiled under -Werror although it drops a Check:\n"
    "${output}\ncommand: ${shown} -Werror")
endif()
expect_diagnostics("${output}" error)
list(LENGTH marked count)
message("case ${CASE}: ${count} dropped check(s), each a nodiscard warning, and an error "
  "under -Werror")
