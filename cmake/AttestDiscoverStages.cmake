# ctest integration for challenge programs (docs/runner.md), as gtest_discover_tests and
# catch_discover_tests do it for their tests:
#
#   attest_discover_stages(<target>
#     [ARGS <arg>...]                  # passed to every stage's run, e.g. --endpoints LIST
#     [PROPERTIES <name> <value>...]   # set on every test, e.g. TIMEOUT 300
#     [LABELS <label>...]
#     [TEST_PREFIX <prefix>]           # test names are <prefix><challenge>/<stage>
#     [JUNIT_DIR <dir>]                # one JUnit file per stage, via --junit
#     [DISCOVERY_TIMEOUT <seconds>]    # for `<target> --list-stages`; default 5
#     [DISCOVERY_MODE POST_BUILD|PRE_TEST]
#     [WORKING_DIRECTORY <dir>]        # default: the current binary directory
#     [TEST_LIST <var>])               # default <target>_TESTS, set for ctest scripts
#
# registers every stage of the challenge program <target> (whose main hands over to
# attest::Main) as its own ctest test, running `<target> [--junit <file>] <args>...
# <challenge> <stage>`. The stages come from the program itself (`--list-stages`, one
# "challenge<TAB>stage<TAB>title" line each), after it is built: by a POST_BUILD step
# (the default; a program with registration mistakes then fails its build with the
# runner's message), or with PRE_TEST when ctest runs (for cross builds, or programs that
# cannot run at build time). Either way the list is written to a file that ctest reads
# through TEST_INCLUDE_FILES, so adding a stage needs no re-configure.
#
# Every test gets SKIP_RETURN_CODE 77: the runner exits 77 when nothing failed and a stage
# was skipped because this machine cannot run it (no Docker engine, say), which ctest then
# reports as skipped, not passed. ARGS and PROPERTIES may use generator expressions
# ($<TARGET_FILE:server>). A relative JUNIT_DIR is relative to the current binary
# directory; the files are named <prefix><challenge>.<stage>.xml (characters other than
# letters, digits, '.', '-' and '_' become '_').
#
#   add_executable(kvstore_challenge main.cpp challenge.cpp http_api.cpp)
#   target_link_libraries(kvstore_challenge PRIVATE attest::attest)
#   attest_discover_stages(kvstore_challenge
#     ARGS --endpoints n1=127.0.0.1:8081 LABELS e2e JUNIT_DIR junit PROPERTIES TIMEOUT 120)
#
# Loaded by attest's own CMakeLists.txt (add_subdirectory, FetchContent) and by the
# installed package config (find_package(attest)). The same file is the discovery script
# (run with -P), so it must stay loadable in script mode and by ctest.

# --- discovery: runs after the build (cmake -P) or when ctest starts (PRE_TEST) ---------

# A CMake bracket argument holding `text` exactly.
function(_attest_stages_bracket out text)
  set(${out} "[==[${text}]==]" PARENT_SCOPE)
endfunction()

# `text` as a file name part: letters, digits, '.', '-' and '_' only.
function(_attest_stages_file_part out text)
  string(REGEX REPLACE "[^A-Za-z0-9_.-]" "_" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# Asks the program for its stages and writes ATTEST_STAGES_TESTS_FILE: one add_test and
# one set_tests_properties per stage, and the list of test names. Reads the ATTEST_STAGES_*
# variables of the parameters file that attest_discover_stages generated.
function(_attest_stages_discover)
  set(where "attest_discover_stages(${ATTEST_STAGES_TARGET})")
  if(NOT EXISTS "${ATTEST_STAGES_EXECUTABLE}")
    message(FATAL_ERROR "${where}: the program ${ATTEST_STAGES_EXECUTABLE} does not exist")
  endif()
  execute_process(
    COMMAND ${ATTEST_STAGES_EXECUTOR} "${ATTEST_STAGES_EXECUTABLE}" --list-stages
    WORKING_DIRECTORY "${ATTEST_STAGES_WORKING_DIRECTORY}"
    TIMEOUT ${ATTEST_STAGES_DISCOVERY_TIMEOUT}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    string(STRIP "${errors}${output}" said)
    if(result MATCHES "timeout")
      set(hint "A slow start needs a longer DISCOVERY_TIMEOUT (now "
        "${ATTEST_STAGES_DISCOVERY_TIMEOUT} s).")
    elseif(NOT result MATCHES "^[0-9]+$")  # could not be started, or killed by a signal
      set(hint "The program could not run to list its stages; "
        "check that it is a complete executable for this machine (or set CROSSCOMPILING_EMULATOR).")
    elseif(said MATCHES "registered wrongly")
      set(hint "Fix the registration: the runner neither runs nor lists it as it is.")
    else()
      set(hint "The program must hand its command line to attest::Main: "
        "int main(int argc, char** argv) { return attest::Main(argc, argv); }")
    endif()
    string(CONCAT hint ${hint})
    message(FATAL_ERROR "${where}: `${ATTEST_STAGES_EXECUTABLE} --list-stages` failed "
      "(${result}):\n${said}\n${hint}")
  endif()
  if(ATTEST_STAGES_JUNIT_DIR)
    file(MAKE_DIRECTORY "${ATTEST_STAGES_JUNIT_DIR}")
  endif()
  set(args "")
  foreach(arg IN LISTS ATTEST_STAGES_ARGS)
    _attest_stages_bracket(arg "${arg}")
    string(APPEND args " ${arg}")
  endforeach()
  set(executor "")
  foreach(arg IN LISTS ATTEST_STAGES_EXECUTOR)
    _attest_stages_bracket(arg "${arg}")
    string(APPEND executor "${arg} ")
  endforeach()
  _attest_stages_bracket(executable "${ATTEST_STAGES_EXECUTABLE}")
  _attest_stages_bracket(working_directory "${ATTEST_STAGES_WORKING_DIRECTORY}")
  _attest_stages_file_part(junit_prefix "${ATTEST_STAGES_PREFIX}")

  set(script "# Generated by attest_discover_stages from `${ATTEST_STAGES_EXECUTABLE} --list-stages`.\n")
  set(names "")
  # Line by line without CMake lists: a title may hold ';' or brackets.
  set(rest "${output}")
  while(NOT rest STREQUAL "")
    string(FIND "${rest}" "\n" end)
    if(end EQUAL -1)
      set(line "${rest}")
      set(rest "")
    else()
      string(SUBSTRING "${rest}" 0 ${end} line)
      math(EXPR next "${end} + 1")
      string(SUBSTRING "${rest}" ${next} -1 rest)
    endif()
    string(REGEX REPLACE "\r$" "" line "${line}")
    if(line STREQUAL "")
      continue()
    endif()
    string(FIND "${line}" "\t" tab)
    if(tab EQUAL -1)
      message(FATAL_ERROR "${where}: `--list-stages` printed '${line}', not "
        "challenge<TAB>stage<TAB>title")
    endif()
    string(SUBSTRING "${line}" 0 ${tab} challenge)
    math(EXPR tab "${tab} + 1")
    string(SUBSTRING "${line}" ${tab} -1 line)
    string(FIND "${line}" "\t" tab)
    if(NOT tab EQUAL -1)
      string(SUBSTRING "${line}" 0 ${tab} stage)
    else()
      set(stage "${line}")
    endif()
    string(FIND "${challenge}${stage}" ";" semicolon)
    string(FIND "${challenge}${stage}" "[" open)
    string(FIND "${challenge}${stage}" "]" close)
    if(NOT semicolon EQUAL -1 OR NOT open EQUAL -1 OR NOT close EQUAL -1)
      message(FATAL_ERROR "${where}: challenge '${challenge}', stage '${stage}': a key "
        "with ';', '[' or ']' cannot name a ctest test; rename it")
    endif()
    set(name "${ATTEST_STAGES_PREFIX}${challenge}/${stage}")
    _attest_stages_bracket(quoted_name "${name}")
    set(junit "")
    if(ATTEST_STAGES_JUNIT_DIR)
      _attest_stages_file_part(file "${challenge}.${stage}")
      _attest_stages_bracket(junit "${ATTEST_STAGES_JUNIT_DIR}/${junit_prefix}${file}.xml")
      set(junit " --junit ${junit}")
    endif()
    _attest_stages_bracket(quoted_challenge "${challenge}")
    _attest_stages_bracket(quoted_stage "${stage}")
    string(APPEND script
      "add_test(${quoted_name} ${executor}${executable}${junit}${args} ${quoted_challenge} ${quoted_stage})\n"
      "set_tests_properties(${quoted_name} PROPERTIES WORKING_DIRECTORY ${working_directory} "
      "SKIP_RETURN_CODE 77 ${ATTEST_STAGES_PROPERTIES})\n")
    string(APPEND names " ${quoted_name}")
  endwhile()
  if(names STREQUAL "")
    message(FATAL_ERROR "${where}: `${ATTEST_STAGES_EXECUTABLE} --list-stages` printed no "
      "stage: register challenges with ATTEST_REGISTER_CHALLENGE, and hand the command line "
      "to attest::Main (int main(int argc, char** argv) { return attest::Main(argc, argv); })")
  endif()
  string(APPEND script "set(${ATTEST_STAGES_TEST_LIST}${names})\n")
  file(WRITE "${ATTEST_STAGES_TESTS_FILE}" "${script}")
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED ATTEST_STAGES_PARAMS)  # the POST_BUILD step
  include("${ATTEST_STAGES_PARAMS}")
  _attest_stages_discover()
  return()
endif()
if(NOT COMMAND add_custom_command)  # ctest including this file for PRE_TEST discovery
  return()
endif()

# --- the function users call -------------------------------------------------------------

include_guard(GLOBAL)
# Captured at include time: inside the function CMAKE_CURRENT_LIST_FILE is the caller's.
set_property(GLOBAL PROPERTY ATTEST_DISCOVER_STAGES_MODULE "${CMAKE_CURRENT_LIST_FILE}")

function(attest_discover_stages target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG ""
    "TEST_PREFIX;JUNIT_DIR;DISCOVERY_TIMEOUT;DISCOVERY_MODE;WORKING_DIRECTORY;TEST_LIST"
    "ARGS;PROPERTIES;LABELS")
  set(where "attest_discover_stages(${target})")
  set(usage "attest_discover_stages(<target> [ARGS <arg>...] [PROPERTIES <name> <value>...] "
    "[LABELS <label>...] [TEST_PREFIX <prefix>] [JUNIT_DIR <dir>] [DISCOVERY_TIMEOUT <s>] "
    "[DISCOVERY_MODE POST_BUILD|PRE_TEST] [WORKING_DIRECTORY <dir>] [TEST_LIST <var>])")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${where}: unexpected arguments '${ARG_UNPARSED_ARGUMENTS}'; "
      "usage: ${usage}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "${where}: '${target}' is not a target; add the executable first")
  endif()
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "EXECUTABLE")
    message(FATAL_ERROR "${where}: '${target}' is a ${type}, not an executable")
  endif()
  if(NOT DEFINED ARG_DISCOVERY_TIMEOUT)
    set(ARG_DISCOVERY_TIMEOUT 5)
  elseif(NOT ARG_DISCOVERY_TIMEOUT MATCHES "^[0-9]+(\\.[0-9]+)?$" OR ARG_DISCOVERY_TIMEOUT EQUAL 0)
    message(FATAL_ERROR "${where}: DISCOVERY_TIMEOUT must be a positive number of seconds, "
      "got '${ARG_DISCOVERY_TIMEOUT}'")
  endif()
  if(NOT ARG_DISCOVERY_MODE)
    set(ARG_DISCOVERY_MODE POST_BUILD)
  elseif(NOT ARG_DISCOVERY_MODE MATCHES "^(POST_BUILD|PRE_TEST)$")
    message(FATAL_ERROR "${where}: DISCOVERY_MODE is '${ARG_DISCOVERY_MODE}'; use POST_BUILD "
      "or PRE_TEST")
  endif()
  list(LENGTH ARG_PROPERTIES property_words)
  math(EXPR odd "${property_words} % 2")
  if(odd)
    message(FATAL_ERROR "${where}: PROPERTIES takes name value pairs, got '${ARG_PROPERTIES}'")
  endif()
  if(NOT ARG_WORKING_DIRECTORY)
    set(ARG_WORKING_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if(NOT ARG_TEST_LIST)
    set(ARG_TEST_LIST "${target}_TESTS")
  endif()
  if(ARG_JUNIT_DIR)
    get_filename_component(ARG_JUNIT_DIR "${ARG_JUNIT_DIR}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  # The properties as CMake code, pair by pair, so a value that is a list (two labels,
  # two fixtures) stays one value; user properties last, so they may override ours.
  set(properties "")
  if(ARG_LABELS)
    _attest_stages_bracket(labels "${ARG_LABELS}")
    string(APPEND properties "LABELS ${labels}")
  endif()
  set(index 0)
  while(index LESS property_words)
    math(EXPR value_index "${index} + 1")
    list(GET ARG_PROPERTIES ${index} name)
    list(GET ARG_PROPERTIES ${value_index} value)
    _attest_stages_bracket(value "${value}")
    string(APPEND properties " ${name} ${value}")
    math(EXPR index "${index} + 2")
  endwhile()
  set(args "")
  foreach(arg IN LISTS ARG_ARGS)
    _attest_stages_bracket(arg "${arg}")
    string(APPEND args " ${arg}")
  endforeach()
  get_property(emulator TARGET ${target} PROPERTY CROSSCOMPILING_EMULATOR)
  set(executor "")
  foreach(arg IN LISTS emulator)
    _attest_stages_bracket(arg "${arg}")
    string(APPEND executor " ${arg}")
  endforeach()

  # Files of this call: a target may be discovered more than once (other ARGS, say).
  get_property(counter TARGET ${target} PROPERTY ATTEST_DISCOVER_STAGES_CALLS)
  if(NOT counter)
    set(counter 0)
  endif()
  math(EXPR counter "${counter} + 1")
  set_property(TARGET ${target} PROPERTY ATTEST_DISCOVER_STAGES_CALLS ${counter})
  set(base "${CMAKE_CURRENT_BINARY_DIR}/${target}_stages_${counter}")
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    set(config_part "-$<CONFIG>")
    set(ctest_config_part "-\${CTEST_CONFIGURATION_TYPE}")
  else()
    set(config_part "")
    set(ctest_config_part "")
  endif()
  set(params "${base}_params${config_part}.cmake")
  set(tests "${base}_tests${config_part}.cmake")
  get_property(module GLOBAL PROPERTY ATTEST_DISCOVER_STAGES_MODULE)

  # What discovery needs, generator expressions evaluated (per configuration).
  _attest_stages_bracket(prefix "${ARG_TEST_PREFIX}")
  _attest_stages_bracket(junit_dir "${ARG_JUNIT_DIR}")
  _attest_stages_bracket(working_directory "${ARG_WORKING_DIRECTORY}")
  _attest_stages_bracket(tests_file "${tests}")
  file(GENERATE OUTPUT "${params}" CONTENT
"# Generated by ${where}: what its discovery step needs.
set(ATTEST_STAGES_TARGET [==[${target}]==])
set(ATTEST_STAGES_EXECUTABLE [==[$<TARGET_FILE:${target}>]==])
set(ATTEST_STAGES_EXECUTOR${executor})
set(ATTEST_STAGES_ARGS${args})
set(ATTEST_STAGES_PREFIX ${prefix})
set(ATTEST_STAGES_JUNIT_DIR ${junit_dir})
set(ATTEST_STAGES_WORKING_DIRECTORY ${working_directory})
set(ATTEST_STAGES_DISCOVERY_TIMEOUT ${ARG_DISCOVERY_TIMEOUT})
set(ATTEST_STAGES_TEST_LIST [==[${ARG_TEST_LIST}]==])
set(ATTEST_STAGES_PROPERTIES [=[${properties}]=])
set(ATTEST_STAGES_TESTS_FILE ${tests_file})
")

  set(include_file "${base}_include.cmake")
  set(ctest_params "${base}_params${ctest_config_part}.cmake")
  set(ctest_tests "${base}_tests${ctest_config_part}.cmake")
  # Seen by ctest before the program is built: a test that fails, naming the target.
  set(not_built "add_test([==[${ARG_TEST_PREFIX}${target}_NOT_BUILT]==] [==[${target}_NOT_BUILT]==])")
  if(ARG_DISCOVERY_MODE STREQUAL "POST_BUILD")
    add_custom_command(TARGET ${target} POST_BUILD
      BYPRODUCTS "${tests}"
      COMMAND "${CMAKE_COMMAND}" "-DATTEST_STAGES_PARAMS=${params}" -P "${module}"
      COMMENT "attest: discovering the stages of ${target}"
      VERBATIM)
    file(WRITE "${include_file}"
"if(EXISTS \"${ctest_tests}\")
  include(\"${ctest_tests}\")
else()
  ${not_built}
endif()
")
  else()
    file(WRITE "${include_file}"
"include(\"${ctest_params}\")
if(EXISTS \"\${ATTEST_STAGES_EXECUTABLE}\")
  if(NOT EXISTS \"${ctest_tests}\" OR
     NOT \"${ctest_tests}\" IS_NEWER_THAN \"\${ATTEST_STAGES_EXECUTABLE}\" OR
     NOT \"${ctest_tests}\" IS_NEWER_THAN \"${ctest_params}\")
    include(\"${module}\")
    _attest_stages_discover()
  endif()
  include(\"${ctest_tests}\")
else()
  ${not_built}
endif()
")
  endif()
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${include_file}")
endfunction()
