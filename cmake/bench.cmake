# The helper programs of `make bench` (bench/run.sh, bench/README.md), built with the project's
# flags into ${CMAKE_BINARY_DIR}/bench/. Included from the top-level CMakeLists.txt, before
# or after cmake/lcstat.cmake: tickstats reads the logs with the project's one log reader.

# Timing figures of one run from its logs alone.
add_executable(bench_tickstats ${CMAKE_SOURCE_DIR}/bench/tickstats.cc)
target_link_libraries(bench_tickstats PRIVATE lc_log)
set_target_properties(bench_tickstats PROPERTIES
  OUTPUT_NAME tickstats
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)

# The host's own wake-up lateness: the floor under the ticks' lateness.
add_executable(bench_wakeup ${CMAKE_SOURCE_DIR}/bench/wakeup.cc)
target_link_libraries(bench_wakeup PRIVATE lc_base)
set_target_properties(bench_wakeup PROPERTIES
  OUTPUT_NAME wakeup
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)

# Wall time and peak RSS of one command (the simulation cases).
add_executable(bench_measure ${CMAKE_SOURCE_DIR}/bench/measure.cc)
set_target_properties(bench_measure PROPERTIES
  OUTPUT_NAME measure
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)

# The delay of every message of a run, from its logs (the loopback latency).
add_executable(bench_latency ${CMAKE_SOURCE_DIR}/bench/latency.cc)
target_link_libraries(bench_latency PRIVATE lc_log)
set_target_properties(bench_latency PROPERTIES
  OUTPUT_NAME latency
  RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
