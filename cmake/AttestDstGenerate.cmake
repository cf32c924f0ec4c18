# CMake glue for attest-dst, the scenario spec generator (docs/dst-spec.md).
#
#   attest_dst_generate(<name> SPEC <spec.yaml> OUTPUT <header.hpp> [NAMESPACE <ns>])
#
#     Validates the spec and generates the header at configure time, so the header exists
#     before anything is built and IDEs see it at once. A spec with errors stops the
#     configure with every diagnostic (file:line:col: error: ...). The spec is added to
#     CMAKE_CONFIGURE_DEPENDS: after editing it, the next build re-runs CMake, which
#     regenerates the header (rewriting it only when its content changed). Creates the
#     INTERFACE library <name>, linking attest::attest, with the header's directory on its
#     include path:
#
#       attest_dst_generate(taskstore_scenarios SPEC e2e.yaml OUTPUT gen/taskstore.hpp)
#       target_link_libraries(e2e PRIVATE taskstore_scenarios)   # #include "taskstore.hpp"
#
#     SPEC is relative to the current source directory, OUTPUT to the current binary
#     directory.
#
#   attest_dst_add_scenario_tests(TARGET <exe> SPEC <spec.yaml> [PREFIX <prefix>]
#                                 [LABELS <label>...] [ARGS <arg>...]
#                                 [ENVIRONMENT <VAR=value>...]
#                                 [PROPERTIES <name> <value>...] [TEST_NAMES <var>])
#
#     Registers one ctest test per scenario of the spec, named <prefix><scenario> (PREFIX
#     defaults to "<exe>: "), running `<exe> --scenario <scenario> <args>...` (the
#     generated Main understands it; ARGS such as --repeat 20 --jitter-ms 2 follow).
#     ENVIRONMENT and PROPERTIES (e.g. FIXTURES_REQUIRED db TIMEOUT 120) are set on every
#     test; TEST_NAMES names a variable that receives the list of test names, to set more
#     properties later. Scenarios are listed at configure time; editing the spec re-lists:
#
#       attest_dst_add_scenario_tests(TARGET e2e SPEC e2e.yaml ARGS --repeat 20
#         ENVIRONMENT "STORE_URL=http://127.0.0.1:8080" PROPERTIES FIXTURES_REQUIRED store
#         TEST_NAMES e2e_tests)
#
# The generator is, in this order: ATTEST_DST_EXECUTABLE when set; when this module sits
# in attest's source tree (add_subdirectory, FetchContent), attest-dst built from
# tools/attest-dst at configure time into <build>/_attest_dst_generator (once: later
# configures reuse it until its sources change); when it sits in an installed package,
# the attest-dst installed with it.
include_guard(GLOBAL)

# Captured at include time: inside the functions below CMAKE_CURRENT_LIST_DIR is the
# caller's directory. A global property, because the functions may be called from a
# directory scope that never saw this module's variables (attest added as a subproject).
set_property(GLOBAL PROPERTY ATTEST_DST_MODULE_DIR "${CMAKE_CURRENT_LIST_DIR}")

if(NOT DEFINED ATTEST_DST_EXECUTABLE)  # a normal variable set by the caller wins
  set(ATTEST_DST_EXECUTABLE "" CACHE FILEPATH
    "attest-dst to use instead of building or finding one")
endif()

# Indents every line so that CMake prints diagnostics as they are instead of re-flowing
# them as a paragraph.
function(_attest_dst_indent out text)
  string(STRIP "${text}" text)
  string(REPLACE "\n" "\n  " text "  ${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# attest's own headers that tools/attest-dst includes (it builds against attest's include
# directory): they are sources of the generator as much as its own files are.
set(_ATTEST_DST_GENERATOR_ATTEST_HEADERS
  include/attest/detail/command_line.hpp
  include/attest/error.hpp)

# Every file the generator in `source` (tools/attest-dst) is built from.
function(_attest_dst_generator_sources source out)
  file(GLOB files "${source}/*.cpp" "${source}/*.hpp" "${source}/CMakeLists.txt")
  foreach(header IN LISTS _ATTEST_DST_GENERATOR_ATTEST_HEADERS)
    get_filename_component(header "${source}/../../${header}" ABSOLUTE)
    list(APPEND files "${header}")
  endforeach()
  set(${out} "${files}" PARENT_SCOPE)
endfunction()

# Configures and builds tools/attest-dst as its own project, now, because the headers are
# generated before the build of the including project starts. Once: a generator built
# with the same settings and newer than all its sources is used as it is, silently.
function(_attest_dst_build_generator source out)
  set(build "${CMAKE_BINARY_DIR}/_attest_dst_generator")
  set(configure_args -S "${source}" -B "${build}" -G "${CMAKE_GENERATOR}"
    "-DCMAKE_BUILD_TYPE=Release" "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}")
  if(CMAKE_GENERATOR_PLATFORM)
    list(APPEND configure_args -A "${CMAKE_GENERATOR_PLATFORM}")
  endif()
  if(CMAKE_MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM}")
  endif()
  foreach(var CMAKE_PREFIX_PATH yaml-cpp_DIR CMAKE_TOOLCHAIN_FILE)
    if(DEFINED ${var})
      string(REPLACE ";" "\\;" value "${${var}}")
      list(APPEND configure_args "-D${var}=${value}")
    endif()
  endforeach()

  # Up to date: the same settings as last time, and newer than every source.
  set(stamp "${build}/attest-dst-settings.txt")
  set(candidates "${build}/attest-dst${CMAKE_EXECUTABLE_SUFFIX}"
                 "${build}/Release/attest-dst${CMAKE_EXECUTABLE_SUFFIX}")
  set(built "")
  foreach(candidate IN LISTS candidates)
    if(EXISTS "${candidate}")
      set(built "${candidate}")
      break()
    endif()
  endforeach()
  if(built AND EXISTS "${stamp}")
    file(READ "${stamp}" previous)
    if(previous STREQUAL "${configure_args}")
      _attest_dst_generator_sources("${source}" sources)
      set(fresh TRUE)
      foreach(file IN LISTS sources)
        if(NOT "${built}" IS_NEWER_THAN "${file}")
          set(fresh FALSE)
          break()
        endif()
      endforeach()
      if(fresh)
        set(${out} "${built}" PARENT_SCOPE)
        return()
      endif()
    endif()
  endif()

  # About half a minute on a small machine: say so, since configure is otherwise silent.
  message(STATUS "attest: building the attest-dst scenario generator (about 30 s, once) "
    "in ${build}...")
  string(TIMESTAMP started "%s")
  file(REMOVE "${stamp}")
  execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_args}
    RESULT_VARIABLE result OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(NOT result EQUAL 0)
    _attest_dst_indent(log "${log}")
    message(FATAL_ERROR "attest: configuring attest-dst (${source}) failed:\n${log}\n"
      "Set ATTEST_DST_EXECUTABLE to an attest-dst binary to skip this step.")
  endif()
  cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_PHYSICAL_CORES)
  if(NOT jobs GREATER 0)
    set(jobs 1)
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${build}" --target attest-dst
      --config Release --parallel ${jobs}
    RESULT_VARIABLE result OUTPUT_VARIABLE log ERROR_VARIABLE log)
  if(NOT result EQUAL 0)
    _attest_dst_indent(log "${log}")
    message(FATAL_ERROR "attest: building attest-dst in ${build} failed:\n${log}")
  endif()
  foreach(candidate IN LISTS candidates)
    if(EXISTS "${candidate}")
      file(WRITE "${stamp}" "${configure_args}")
      string(TIMESTAMP finished "%s")
      math(EXPR seconds "${finished} - ${started}")
      message(STATUS "attest: built attest-dst in ${seconds} s")
      set(${out} "${candidate}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  message(FATAL_ERROR "attest: built attest-dst in ${build} but cannot find the executable")
endfunction()

# The attest-dst to run, resolved once per configure.
function(_attest_dst_generator out)
  if(ATTEST_DST_EXECUTABLE)
    if(NOT EXISTS "${ATTEST_DST_EXECUTABLE}" OR IS_DIRECTORY "${ATTEST_DST_EXECUTABLE}")
      message(FATAL_ERROR
        "ATTEST_DST_EXECUTABLE is '${ATTEST_DST_EXECUTABLE}', which is not a file")
    endif()
    set(${out} "${ATTEST_DST_EXECUTABLE}" PARENT_SCOPE)
    return()
  endif()
  get_property(resolved GLOBAL PROPERTY ATTEST_DST_RESOLVED_GENERATOR)
  if(resolved)
    set(${out} "${resolved}" PARENT_SCOPE)
    return()
  endif()
  get_property(module_dir GLOBAL PROPERTY ATTEST_DST_MODULE_DIR)
  get_filename_component(source "${module_dir}/../tools/attest-dst" ABSOLUTE)
  if(EXISTS "${source}/CMakeLists.txt")
    _attest_dst_build_generator("${source}" resolved)
    # The generated headers depend on the generator: editing it re-runs CMake, which
    # rebuilds it and regenerates them.
    _attest_dst_generator_sources("${source}" generator_sources)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${generator_sources})
  else()
    # Installed package: <prefix>/<libdir>/cmake/attest next to <prefix>/bin, where libdir
    # may have one or two levels (lib, lib/x86_64-linux-gnu).
    foreach(up "../../.." "../../../..")
      get_filename_component(candidate
        "${module_dir}/${up}/bin/attest-dst${CMAKE_EXECUTABLE_SUFFIX}" ABSOLUTE)
      if(EXISTS "${candidate}")
        set(resolved "${candidate}")
        break()
      endif()
    endforeach()
    if(NOT resolved)
      message(FATAL_ERROR "attest: no attest-dst found next to the attest package in "
        "${module_dir} (was attest installed with ATTEST_BUILD_DST_GENERATOR=OFF?). "
        "Set ATTEST_DST_EXECUTABLE to an attest-dst binary.")
    endif()
  endif()
  set_property(GLOBAL PROPERTY ATTEST_DST_RESOLVED_GENERATOR "${resolved}")
  set(${out} "${resolved}" PARENT_SCOPE)
endfunction()

function(attest_dst_generate name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "SPEC;OUTPUT;NAMESPACE" "")
  set(usage "attest_dst_generate(<name> SPEC <spec.yaml> OUTPUT <header.hpp> [NAMESPACE <ns>])")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "attest_dst_generate(${name}): unexpected arguments "
      "'${ARG_UNPARSED_ARGUMENTS}'; usage: ${usage}")
  endif()
  foreach(required SPEC OUTPUT)
    if(NOT ARG_${required})
      message(FATAL_ERROR "attest_dst_generate(${name}): ${required} is missing; usage: ${usage}")
    endif()
  endforeach()
  if(TARGET ${name})
    message(FATAL_ERROR "attest_dst_generate(${name}): a target named '${name}' already exists")
  endif()
  if(NOT TARGET attest::attest)
    message(FATAL_ERROR "attest_dst_generate(${name}): attest::attest is not defined; "
      "call find_package(attest) or add attest's source directory first")
  endif()
  get_filename_component(spec "${ARG_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(output "${ARG_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  if(NOT EXISTS "${spec}")
    message(FATAL_ERROR "attest_dst_generate(${name}): the spec '${spec}' does not exist")
  endif()
  # Registered before generating, so that fixing a broken spec re-runs CMake as well.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${spec}")

  _attest_dst_generator(generator)
  set(command "${generator}" gen -f "${spec}" -o "${output}")
  if(ARG_NAMESPACE)
    list(APPEND command --namespace "${ARG_NAMESPACE}")
  endif()
  execute_process(COMMAND ${command}
    RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    _attest_dst_indent(details "${err}${out}")
    message(FATAL_ERROR "attest_dst_generate(${name}): attest-dst gen failed "
      "(exit ${result}) for ${spec}:\n${details}")
  endif()

  get_filename_component(output_dir "${output}" DIRECTORY)
  add_library(${name} INTERFACE)
  target_link_libraries(${name} INTERFACE attest::attest)
  target_include_directories(${name} INTERFACE "${output_dir}")
  set_target_properties(${name} PROPERTIES
    ATTEST_DST_SPEC "${spec}" ATTEST_DST_HEADER "${output}")
endfunction()

function(attest_dst_add_scenario_tests)
  cmake_parse_arguments(PARSE_ARGV 0 ARG "" "TARGET;SPEC;PREFIX;TEST_NAMES"
    "LABELS;ARGS;ENVIRONMENT;PROPERTIES")
  set(usage "attest_dst_add_scenario_tests(TARGET <exe> SPEC <spec.yaml> [PREFIX <prefix>] "
    "[LABELS <label>...] [ARGS <arg>...] [ENVIRONMENT <VAR=value>...] "
    "[PROPERTIES <name> <value>...] [TEST_NAMES <var>])")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "attest_dst_add_scenario_tests: unexpected arguments "
      "'${ARG_UNPARSED_ARGUMENTS}'; usage: ${usage}")
  endif()
  foreach(required TARGET SPEC)
    if(NOT ARG_${required})
      message(FATAL_ERROR "attest_dst_add_scenario_tests: ${required} is missing; usage: ${usage}")
    endif()
  endforeach()
  if(NOT TARGET ${ARG_TARGET})
    message(FATAL_ERROR "attest_dst_add_scenario_tests: '${ARG_TARGET}' is not a target; "
      "add the executable first")
  endif()
  list(LENGTH ARG_PROPERTIES property_words)
  math(EXPR odd "${property_words} % 2")
  if(odd)
    message(FATAL_ERROR "attest_dst_add_scenario_tests(${ARG_TARGET}): PROPERTIES takes "
      "name value pairs, got '${ARG_PROPERTIES}'")
  endif()
  if(NOT DEFINED ARG_PREFIX)
    set(ARG_PREFIX "${ARG_TARGET}: ")
  endif()
  get_filename_component(spec "${ARG_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${spec}")
    message(FATAL_ERROR "attest_dst_add_scenario_tests: the spec '${spec}' does not exist")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${spec}")

  _attest_dst_generator(generator)
  execute_process(COMMAND "${generator}" list -f "${spec}"
    RESULT_VARIABLE result OUTPUT_VARIABLE names ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    _attest_dst_indent(details "${err}")
    message(FATAL_ERROR "attest_dst_add_scenario_tests(${ARG_TARGET}): attest-dst list "
      "failed (exit ${result}) for ${spec}:\n${details}")
  endif()
  # One name per line; validation guarantees names hold no ';' or line breaks.
  string(STRIP "${names}" names)
  string(REPLACE "\n" ";" names "${names}")
  set(tests "")
  foreach(scenario IN LISTS names)
    set(test "${ARG_PREFIX}${scenario}")
    add_test(NAME "${test}" COMMAND ${ARG_TARGET} --scenario "${scenario}" ${ARG_ARGS})
    list(APPEND tests "${test}")
  endforeach()
  if(tests)
    if(ARG_LABELS)
      set_tests_properties(${tests} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
    if(ARG_ENVIRONMENT)
      set_tests_properties(${tests} PROPERTIES ENVIRONMENT "${ARG_ENVIRONMENT}")
    endif()
    # Pair by pair, so that a value that is itself a list (two fixtures) stays one value.
    set(index 0)
    while(index LESS property_words)
      math(EXPR value_index "${index} + 1")
      list(GET ARG_PROPERTIES ${index} property)
      list(GET ARG_PROPERTIES ${value_index} value)
      set_tests_properties(${tests} PROPERTIES "${property}" "${value}")
      math(EXPR index "${index} + 2")
    endwhile()
  endif()
  if(ARG_TEST_NAMES)
    set(${ARG_TEST_NAMES} "${tests}" PARENT_SCOPE)
  endif()
endfunction()
