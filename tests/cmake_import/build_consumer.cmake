# cmake -P script behind each "cmake_import: <way>" test: configures a consumer project
# from scratch, builds it and runs its program, which must report success.
# Inputs: CONSUMER_SOURCE_DIR BUILD_DIR GENERATOR CXX_COMPILER MODE_TEXT; optional
# CXX_FLAGS (sanitizers) and OPTIONS (a |-separated list of -D options for the consumer).
cmake_minimum_required(VERSION 3.20)

foreach(var CONSUMER_SOURCE_DIR BUILD_DIR GENERATOR CXX_COMPILER MODE_TEXT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_consumer.cmake needs -D${var}=...")
  endif()
endforeach()
string(REPLACE "|" ";" options "${OPTIONS}")

include("${CMAKE_CURRENT_LIST_DIR}/script_steps.cmake")

# A stale cache would hide what a first configure does (attest_DIR, options).
file(REMOVE_RECURSE "${BUILD_DIR}")
step(configure SUCCESS "${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${BUILD_DIR}"
  -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
  "-DCMAKE_EXE_LINKER_FLAGS=${CXX_FLAGS}" -DFETCHCONTENT_FULLY_DISCONNECTED=ON ${options})
message("${configure_output}")
# The whole default build, as a user's `cmake --build` would run it.
step(build SUCCESS "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --parallel 2)
step(run SUCCESS "${BUILD_DIR}/consumer")
message("${run_output}")
string(FIND "${run_output}" "attest consumer (${MODE_TEXT}): OK" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the consumer did not report success for ${MODE_TEXT}:\n${run_output}")
endif()
