# cmake -P script behind the "cmake_import: attest_discover_stages, <mode>" tests. Copies
# stages_consumer/ to WORK_DIR and checks, with a real configure, build and ctest run:
#  1. the build discovers the stages (POST_BUILD) and ctest lists one test per stage,
#     also for a program discovered when ctest starts (PRE_TEST);
#  2. ctest runs them: ARGS and ENVIRONMENT reach the program, a passing stage passes, a
#     failing one fails, one this machine cannot run is reported skipped (exit 77), and
#     every stage that ran wrote its JUnit file; both LABELS select;
#  3. a stage added to the source appears after the next build, without re-running CMake.
# Inputs: MODE (subdirectory or installed) ATTEST_SOURCE_DIR CONSUMER_SOURCE_DIR WORK_DIR
# CXX_COMPILER GENERATOR; PREFIX (the installed attest) with MODE=installed; optional
# CXX_FLAGS (sanitizers).
cmake_minimum_required(VERSION 3.20)

foreach(var MODE ATTEST_SOURCE_DIR CONSUMER_SOURCE_DIR WORK_DIR CXX_COMPILER GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "stages_consumer.cmake needs -D${var}=...")
  endif()
endforeach()

set(src "${WORK_DIR}/src")
set(build "${WORK_DIR}/build")

include("${CMAKE_CURRENT_LIST_DIR}/script_steps.cmake")

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
file(COPY "${CONSUMER_SOURCE_DIR}/" DESTINATION "${src}")

set(configure_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}"
  -DFETCHCONTENT_FULLY_DISCONNECTED=ON)
if(MODE STREQUAL "installed")
  if(NOT DEFINED PREFIX)
    message(FATAL_ERROR "stages_consumer.cmake needs -DPREFIX=... with MODE=installed")
  endif()
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${PREFIX}")
elseif(MODE STREQUAL "subdirectory")
  list(APPEND configure_args "-DATTEST_SOURCE_DIR=${ATTEST_SOURCE_DIR}")
else()
  message(FATAL_ERROR "MODE must be subdirectory or installed, not '${MODE}'")
endif()

# 1. Configure and build: the POST_BUILD step lists demo's stages; ctest -N lists all.
step(configure SUCCESS "${CMAKE_COMMAND}" -S "${src}" -B "${build}" ${configure_args})
step(build SUCCESS "${CMAKE_COMMAND}" --build "${build}" --parallel 2)
expect_match(build "${build_output}" "attest: discovering the stages of demo")
step(list SUCCESS "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" -N)
expect_match(list "${list_output}" "consumer/demo/store\n")
expect_match(list "${list_output}" "consumer/demo/delete\n")
expect_match(list "${list_output}" "consumer/machine/needs-engine\n")
expect_match(list "${list_output}" "Total Tests: 3\n")

# 2. Run: store passes, delete fails (exit 1), needs-engine is skipped (exit 77).
step(ctest FAILURE "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" --output-on-failure)
expect_match(ctest "${ctest_output}" "consumer/demo/store [.]+ +Passed")
expect_match(ctest "${ctest_output}" "consumer/demo/delete [.]+[*]+Failed")
expect_match(ctest "${ctest_output}" "consumer/machine/needs-engine [.]+[*]+Skipped")
expect_match(ctest "${ctest_output}" "status: expected 200, got 404")
foreach(stage store delete)
  set(junit "${build}/junit/consumer_demo.${stage}.xml")
  if(NOT EXISTS "${junit}")
    message(FATAL_ERROR "[ctest] the stage ${stage} wrote no JUnit file ${junit}")
  endif()
  file(READ "${junit}" xml)
  expect_match(ctest "${xml}" "<testsuite name=\"${stage}\"")
endforeach()
# Both labels of the list select (a list passed on word by word would keep only one).
step(labels SUCCESS "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" -L e2e -R store)
expect_match(labels "${labels_output}" "100% tests passed, 0 tests failed out of 1")
step(label_count SUCCESS "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" -N -L stages)
expect_match(label_count "${label_count_output}" "Total Tests: 3\n")

# 3. A new stage: the next build discovers it; CMake does not run again.
file(READ "${src}/demo_challenge.cpp" text)
string(REPLACE "// @MORE_STAGES@" "challenge.AddStage(\"missing\", \"Missing Keys\", Missing);"
  text "${text}")
file(WRITE "${src}/demo_challenge.cpp" "${text}")
step(rebuild SUCCESS "${CMAKE_COMMAND}" --build "${build}" --parallel 2)
expect_lacks(rebuild "${rebuild_output}" "Configuring done")
step(relist SUCCESS "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" -N)
expect_match(relist "${relist_output}" "consumer/demo/missing\n")
step(run_new SUCCESS "${CMAKE_CTEST_COMMAND}" --test-dir "${build}" -R "demo/missing"
  --output-on-failure)
expect_match(run_new "${run_new_output}" "100% tests passed, 0 tests failed out of 1")

message(STATUS "stages_consumer.cmake (${MODE}): all checks passed")
