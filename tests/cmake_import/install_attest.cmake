# cmake -P script behind "cmake_import: install": what a packager does. A fresh configure
# of attest's source tree with its tests, examples and benchmarks off, the default build
# (the attest-dst generator) and `cmake --install` into PREFIX; then checks that the
# installed package stands on its own.
# Inputs: ATTEST_SOURCE_DIR BUILD_DIR PREFIX GENERATOR CXX_COMPILER
cmake_minimum_required(VERSION 3.20)

foreach(var ATTEST_SOURCE_DIR BUILD_DIR PREFIX GENERATOR CXX_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_attest.cmake needs -D${var}=...")
  endif()
endforeach()

include("${CMAKE_CURRENT_LIST_DIR}/script_steps.cmake")

file(REMOVE_RECURSE "${BUILD_DIR}" "${PREFIX}")
step(configure SUCCESS "${CMAKE_COMMAND}" -S "${ATTEST_SOURCE_DIR}" -B "${BUILD_DIR}" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_INSTALL_PREFIX=${PREFIX}"
  -DATTEST_BUILD_TESTS=OFF -DATTEST_BUILD_EXAMPLES=OFF -DATTEST_BUILD_BENCH=OFF
  -DFETCHCONTENT_FULLY_DISCONNECTED=ON)
step(build SUCCESS "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --parallel 2)
step(install SUCCESS "${CMAKE_COMMAND}" --install "${BUILD_DIR}")

# What find_package and the DSL's users need.
file(GLOB_RECURSE configs "${PREFIX}/*/attestConfig.cmake")
list(LENGTH configs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one attestConfig.cmake under ${PREFIX}, found ${count}: ${configs}")
endif()
get_filename_component(package_dir "${configs}" DIRECTORY)
foreach(file attestConfigVersion.cmake attestTargets.cmake AttestDependencies.cmake
             AttestDstGenerate.cmake AttestDiscoverStages.cmake)
  if(NOT EXISTS "${package_dir}/${file}")
    message(FATAL_ERROR "the installed package in ${package_dir} lacks ${file}")
  endif()
endforeach()
foreach(header attest/attest.hpp attest/dst.hpp attest/version.hpp attest/testing/server.hpp)
  if(NOT EXISTS "${PREFIX}/include/${header}")
    message(FATAL_ERROR "${PREFIX}/include/${header} was not installed")
  endif()
endforeach()

# The default build installs the scenario generator next to the package, where
# AttestDstGenerate.cmake looks for it.
if(NOT EXISTS "${PREFIX}/bin/attest-dst")
  message(FATAL_ERROR "${PREFIX}/bin/attest-dst was not installed")
endif()

# A package that names the source or build tree breaks as soon as they are gone.
file(GLOB package_files "${package_dir}/*.cmake")
foreach(file IN LISTS package_files)
  file(READ "${file}" text)
  foreach(tree "${ATTEST_SOURCE_DIR}" "${BUILD_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} names ${tree}: the installed package is not relocatable")
    endif()
  endforeach()
endforeach()
message("attest installed into ${PREFIX} (package files in ${package_dir})")
