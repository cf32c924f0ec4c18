# Replays seed and regression inputs through a libFuzzer harness (ATTEST_FUZZ=ON builds):
# libFuzzer runs each file named on its command line once, so the folders are expanded
# here. cmake -DHARNESS=<program> -DINPUTS=<folder;...> -P replay_with_libfuzzer.cmake
set(files)
foreach(folder IN LISTS INPUTS)
  file(GLOB found LIST_DIRECTORIES false "${folder}/*")
  list(APPEND files ${found})
endforeach()
list(SORT files)
if(NOT files)
  message(FATAL_ERROR "no inputs in ${INPUTS}")
endif()
execute_process(COMMAND "${HARNESS}" ${files} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${HARNESS} failed (${result}) on one of its inputs")
endif()
