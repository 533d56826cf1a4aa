# lcstat (the run checker and summariser) and the tests of the analysis tools: lcstat on
# hand-written logs, plot/plot.sh and run_experiments.sh on short real runs.
# Included from the top-level CMakeLists.txt after enable_testing().

add_library(lcstat_core STATIC
  ${CMAKE_SOURCE_DIR}/tools/lcstat/causality.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/chrome_trace.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/cone.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/draw_check.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/drift_tracker.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/end_checks.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/findings.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/lamport_pairs.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/machine_checker.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/tick_stamps.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/message_book.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/message_book_ends.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/message_book_network.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/queue_bounds.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/report.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/run_analysis.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstat/shiviz.cc
)
target_include_directories(lcstat_core PUBLIC ${CMAKE_SOURCE_DIR}/tools/lcstat)
# The log format's one reader, the theory of the model (model/theory.h), and the project's Status,
# Fd and file wrappers; not the runtime.
target_link_libraries(lcstat_core PUBLIC lc_log lc_model)

add_executable(lcstat ${CMAKE_SOURCE_DIR}/tools/lcstat/main.cc)
target_link_libraries(lcstat PRIVATE lcstat_core)
set_target_properties(lcstat PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
# A study runs lcstat once per run, on a few KB of logs: most of its cost is starting. Linked
# statically it starts without the dynamic loader's symbol lookups and relocations of
# libstdc++, libm and libgcc_s (CPU per classic 60-s run, its files on tmpfs, on the 2-core
# VM: 2.4 ms dynamic, 1.6 ms static); a static PIE keeps address randomisation. Sanitizer and
# fuzz builds stay dynamic, as their runtimes want.
include(CheckLinkerFlag)
if(NOT LC_SANITIZE AND NOT LC_FUZZ)
  check_linker_flag(CXX -static-pie LC_LINKS_STATIC_PIE)
  if(LC_LINKS_STATIC_PIE)
    target_link_options(lcstat PRIVATE -static-pie)
  endif()
endif()

# lcstat on hand-written logs, through its library: exact figures and one broken rule per case.
add_executable(lcstat_fixture_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_fixture_test.cc)
target_include_directories(lcstat_fixture_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_fixture_test PRIVATE lcstat_core)
add_test(NAME lcstat_fixtures
         COMMAND lcstat_fixture_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures)
set_tests_properties(lcstat_fixtures PROPERTIES TIMEOUT 600)

# How runs end: run.txt, the accounting of missing messages per channel, failed machines' logs.
add_executable(lcstat_ending_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_ending_test.cc)
target_include_directories(lcstat_ending_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_ending_test PRIVATE lcstat_core)
add_test(NAME lcstat_endings
         COMMAND lcstat_ending_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures)
set_tests_properties(lcstat_endings PROPERTIES TIMEOUT 600)

# Forgeries of how a run ended that the model cannot produce: one test per case, each refused.
add_executable(lcstat_forgery_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_forgery_test.cc)
target_include_directories(lcstat_forgery_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_forgery_test PRIVATE lcstat_core)
foreach(forgery own_stop late_send failed_at_twice own_clock_mix sim_late_tick send_to_some stopped_send_to_some internal_at_max_3 pending_instant header_range)
  add_test(NAME lcstat_forgery_${forgery}
           COMMAND lcstat_forgery_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures ${forgery})
  set_tests_properties(lcstat_forgery_${forgery} PROPERTIES TIMEOUT 600)
endforeach()
# The cases that simulate runs to forge.
foreach(forgery draws draw_gone draw_unlogged pending_end sim_exact real_early_tick)
  add_test(NAME lcstat_forgery_${forgery}
           COMMAND lcstat_forgery_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures ${forgery} $<TARGET_FILE:logical_clock>)
  set_tests_properties(lcstat_forgery_${forgery} PROPERTIES TIMEOUT 600)
endforeach()

# Causality: rebuilt vector clocks and pair counts against a brute force, the vclock column's
# check, a failed sender's unlogged messages, the cone of one event.
add_executable(lcstat_causality_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_causality_test.cc)
target_include_directories(lcstat_causality_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_causality_test PRIVATE lcstat_core)
add_test(NAME lcstat_causality
         COMMAND lcstat_causality_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures $<TARGET_FILE:logical_clock>)
set_tests_properties(lcstat_causality PROPERTIES TIMEOUT 600)

# The earliest stamp lcstat allows a real tick against the engine's own conversions.
add_executable(lcstat_tick_stamps_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_tick_stamps_test.cc)
target_include_directories(lcstat_tick_stamps_test PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tools/lcstat)
target_link_libraries(lcstat_tick_stamps_test PRIVATE lcstat_core)
add_test(NAME lcstat_tick_stamps COMMAND lcstat_tick_stamps_test)
set_tests_properties(lcstat_tick_stamps PROPERTIES TIMEOUT 600)

# The network's delays, drawn again from the seed: both engines' runs against lcstat's delay rules.
add_executable(lcstat_delay_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_delay_test.cc)
target_include_directories(lcstat_delay_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_delay_test PRIVATE lcstat_core)
add_test(NAME lcstat_delays
         COMMAND lcstat_delay_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures $<TARGET_FILE:logical_clock>)
set_tests_properties(lcstat_delays PROPERTIES TIMEOUT 600)

# The ShiViz and Chrome trace exports against the formats' rules (tests/lcstat/export_check.h).
add_executable(lcstat_export_test ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_export_test.cc)
target_include_directories(lcstat_export_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstat_export_test PRIVATE lcstat_core)
add_test(NAME lcstat_exports
         COMMAND lcstat_export_test ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures $<TARGET_FILE:logical_clock>)
set_tests_properties(lcstat_exports PROPERTIES TIMEOUT 600)

# lcstat as a program: exit codes, errors, output files, simulated valid runs.
add_test(NAME lcstat_cli
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstat/lcstat_cli_test.sh $<TARGET_FILE:lcstat>
                 ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures $<TARGET_FILE:logical_clock>)
set_tests_properties(lcstat_cli PROPERTIES TIMEOUT 600)

# The tests of plot.sh and run_experiments.sh assert what they do, never how fast: they wait
# for states, not times, and their time limits are there only to end a hang (each takes well
# under a minute on 2 idle cores, a few times that on a busy machine).

# plot/plot.sh on a short real run of logical_clock (needs gnuplot: fails without it).
add_test(NAME lcstat_plot
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstat/plot_test.sh ${CMAKE_BINARY_DIR}/logical_clock
                 $<TARGET_FILE:lcstat> ${CMAKE_SOURCE_DIR}/plot/plot.sh ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures)
set_tests_properties(lcstat_plot PROPERTIES TIMEOUT 900)
# Its full-disk case alone: only root can mount the small tmpfs (anyone else: exit 77, a skip).
add_test(NAME lcstat_plot_full_disk
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstat/plot_test.sh ${CMAKE_BINARY_DIR}/logical_clock
                 $<TARGET_FILE:lcstat> ${CMAKE_SOURCE_DIR}/plot/plot.sh ${CMAKE_SOURCE_DIR}/tests/lcstat/fixtures full_disk)
set_tests_properties(lcstat_plot_full_disk PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77)

# run_experiments.sh with tiny settings, in parts that run in parallel (needs gnuplot, GNU
# parallel and rsync: fails without them): lcstat_run_experiments_{real,sim,sweep,usage,failures,
# full_disk} (the last root only: exit 77, a skip, for anyone else), and
# signals and concurrent studies, each moment chosen by state: lcstat_run_experiments_{int,term,
# ctrl_c,claim}.
foreach(part real sim sweep usage failures full_disk)
  add_test(NAME lcstat_run_experiments_${part}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstat/run_experiments_test.sh ${part} ${CMAKE_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/logical_clock $<TARGET_FILE:lcstat> ${CMAKE_BINARY_DIR}/lcstudy)
  set_tests_properties(lcstat_run_experiments_${part} PROPERTIES TIMEOUT 900 SKIP_RETURN_CODE 77)
endforeach()
foreach(part int term ctrl_c claim)
  add_test(NAME lcstat_run_experiments_${part}
           COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstat/study_signal_test.sh ${part} ${CMAKE_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/logical_clock $<TARGET_FILE:lcstat> ${CMAKE_BINARY_DIR}/lcstudy)
  set_tests_properties(lcstat_run_experiments_${part} PROPERTIES TIMEOUT 900)
endforeach()
