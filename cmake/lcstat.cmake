# lcstat (the run checker and summariser) and the tests of the analysis tools: lcstat on
# hand-written logs, plot/plot.sh and run_experiments.sh on short real runs.
# Included from the top-level CMakeLists.txt after enable_testing().

add_library(lcstat_core STATIC
  ${CMAKE_SOURCE_DIR}/src/lcstat/drift_tracker.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/file_io.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/findings.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/log_reader.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/machine_checker.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/message_book.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/numbers.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/report.cc
  ${CMAKE_SOURCE_DIR}/src/lcstat/run_analysis.cc
)
target_include_directories(lcstat_core PUBLIC ${CMAKE_SOURCE_DIR}/src/lcstat)

add_executable(lcstat ${CMAKE_SOURCE_DIR}/src/lcstat/main.cc)
target_link_libraries(lcstat PRIVATE lcstat_core)
set_target_properties(lcstat PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
