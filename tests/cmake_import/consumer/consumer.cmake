# Shared by the consumer projects: the program they build, and the checks on what
# bringing attest in did to them. Each consumer defines ATTEST_CONSUMER_MODE first.

# The consumer program, built with strict warnings as -Werror: attest's headers must not
# break a user's warning-clean build, whichever way they reach it.
set(_attest_consumer_dir "${CMAKE_CURRENT_LIST_DIR}")
macro(attest_consumer_add_program)
  add_executable(consumer "${_attest_consumer_dir}/main.cpp")
  target_link_libraries(consumer PRIVATE attest::attest)
  target_compile_options(consumer PRIVATE -Wall -Wextra -Wpedantic -Werror)
  target_compile_definitions(consumer PRIVATE ATTEST_CONSUMER_MODE="${ATTEST_CONSUMER_MODE}")
endmacro()

# attest::attest must carry no warning flags of attest's own into the user's targets.
function(attest_consumer_expect_no_forced_flags)
  get_target_property(options attest::attest INTERFACE_COMPILE_OPTIONS)
  if(options)
    message(FATAL_ERROR "attest::attest forces compile options on its users: ${options}")
  endif()
endfunction()

# attest was added as a subproject from `source_dir`: it must not add its own tests,
# examples, benchmarks or install rules to the user's build.
function(attest_consumer_expect_subproject source_dir)
  get_target_property(imported attest::attest IMPORTED)
  if(imported)
    message(FATAL_ERROR "attest::attest is an imported target: attest came from an "
      "installed package, not from the source tree ${source_dir}")
  endif()
  foreach(option ATTEST_BUILD_TESTS ATTEST_BUILD_EXAMPLES ATTEST_BUILD_BENCH ATTEST_INSTALL)
    if(${option})
      message(FATAL_ERROR "${option} is ON although attest is not the top-level project")
    endif()
  endforeach()
  foreach(target attest_integration_tests attest_catch_main)
    if(TARGET ${target})
      message(FATAL_ERROR "attest's test target ${target} exists in a project that only "
        "uses attest")
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${source_dir}" PROPERTY SUBDIRECTORIES)
  foreach(dir tests examples bench)
    if("${source_dir}/${dir}" IN_LIST subdirs)
      message(FATAL_ERROR "attest added its ${dir}/ folder to a project that only uses it")
    endif()
  endforeach()
  attest_consumer_expect_no_forced_flags()
  message(STATUS "attest consumer: subproject from ${source_dir}, without its tests, "
    "examples, benchmarks or install rules")
endfunction()

# attest came from the package installed under `prefix`, and that package points only
# into the prefix (it would break once the source or build tree is gone otherwise).
function(attest_consumer_expect_installed prefix)
  get_target_property(imported attest::attest IMPORTED)
  if(NOT imported)
    message(FATAL_ERROR "attest::attest is not imported: attest did not come from the "
      "installed package under ${prefix}")
  endif()
  file(REAL_PATH "${prefix}" prefix)
  file(REAL_PATH "${attest_DIR}" package_dir)
  cmake_path(IS_PREFIX prefix "${package_dir}" NORMALIZE inside)
  if(NOT inside)
    message(FATAL_ERROR "found attest in ${package_dir}, not under ${prefix}")
  endif()
  get_target_property(includes attest::attest INTERFACE_INCLUDE_DIRECTORIES)
  if(NOT includes)
    message(FATAL_ERROR "the installed attest::attest has no include directory")
  endif()
  foreach(dir IN LISTS includes)
    file(REAL_PATH "${dir}" dir)
    cmake_path(IS_PREFIX prefix "${dir}" NORMALIZE inside)
    if(NOT inside OR NOT EXISTS "${dir}/attest/attest.hpp")
      message(FATAL_ERROR "the installed attest::attest includes ${dir}, which is not the "
        "installed include directory under ${prefix}")
    endif()
  endforeach()
  attest_consumer_expect_no_forced_flags()
  message(STATUS "attest consumer: installed package ${attest_VERSION} from ${package_dir}")
endfunction()

enable_testing()
