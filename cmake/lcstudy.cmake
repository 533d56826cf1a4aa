# lcstudy (a study's statistics and REPORT.md, read from run_experiments.sh's CSVs) and the tests
# of the study tools: the statistics on hand-made data, the theory against long simulated runs.
# Their time limits are there only to end a hang, many times what each takes on a busy machine.
# Included from the top-level CMakeLists.txt after enable_testing() and cmake/lcstat.cmake.

# The theory's predictions (lcstat's columns) against long simulated runs on both sides of the
# boundary between a bounded queue and one that grows.
add_test(NAME theory_sim
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstudy/theory_sim_test.sh $<TARGET_FILE:logical_clock>
                 $<TARGET_FILE:lcstat>)
set_tests_properties(theory_sim PROPERTIES TIMEOUT 600)

# The study's statistics, data and report; lcstudy is main.cc over it.
add_library(lcstudy_core STATIC
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/analysis.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/bootstrap_difference.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/calibration.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/calibration_table.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/coverage_band.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/csv.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/max_t_normal.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/median_intervals.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/rank_stats.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/report.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/report_answers.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/report_findings.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/report_graphs.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/report_sections.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/spread_median.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/stats.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/study.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/study_checks.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/study_load.cc
  ${CMAKE_SOURCE_DIR}/tools/lcstudy/study_params.cc
)
target_include_directories(lcstudy_core PUBLIC ${CMAKE_SOURCE_DIR}/tools/lcstudy)
# The theory's Rng and the project's Status and file wrappers; not the runtime or the log reader.
target_link_libraries(lcstudy_core PUBLIC lc_model lc_base)

add_executable(lcstudy ${CMAKE_SOURCE_DIR}/tools/lcstudy/main.cc)
target_link_libraries(lcstudy PRIVATE lcstudy_core)
set_target_properties(lcstudy PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})

# The statistics on hand-made data with known answers.
add_executable(lcstudy_stats_test ${CMAKE_SOURCE_DIR}/tests/lcstudy/test_stats.cc)
target_include_directories(lcstudy_stats_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstudy_stats_test PRIVATE lcstudy_core)
add_test(NAME lcstudy_stats COMMAND lcstudy_stats_test)
set_tests_properties(lcstudy_stats PROPERTIES TIMEOUT 600)

# lcstudy as a program, on a hand-made study with known answers.
add_test(NAME lcstudy_cli
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstudy/lcstudy_cli_test.sh $<TARGET_FILE:lcstudy>)
set_tests_properties(lcstudy_cli PROPERTIES TIMEOUT 300)

# How the report prints its numbers, on hand-made studies and four small simulated ones.
add_test(NAME lcstudy_report_format
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstudy/report_format_test.sh ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:logical_clock> $<TARGET_FILE:lcstat> $<TARGET_FILE:lcstudy>)
set_tests_properties(lcstudy_report_format PROPERTIES TIMEOUT 300)

# The distribution-free statistics on hand-made data with known answers.
add_executable(lcstudy_rank_stats_test ${CMAKE_SOURCE_DIR}/tests/lcstudy/test_rank_stats.cc)
target_include_directories(lcstudy_rank_stats_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstudy_rank_stats_test PRIVATE lcstudy_core)
add_test(NAME lcstudy_rank_stats COMMAND lcstudy_rank_stats_test)
# A guard against a hang only: its 2,000 bootstrap studies take 10 s in a Release build, 280 s
# under ASan and more than 600 s under TSan beside other work.
set_tests_properties(lcstudy_rank_stats PROPERTIES TIMEOUT 3600)

# The calibration's verdicts against its target band, on hand-made tallies with known answers.
add_executable(lcstudy_coverage_band_test ${CMAKE_SOURCE_DIR}/tests/lcstudy/test_coverage_band.cc)
target_include_directories(lcstudy_coverage_band_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstudy_coverage_band_test PRIVATE lcstudy_core)
add_test(NAME lcstudy_coverage_band COMMAND lcstudy_coverage_band_test)
set_tests_properties(lcstudy_coverage_band PROPERTIES TIMEOUT 600)

# The spread of figures of few values and the median it estimates, on hand-made data.
add_executable(lcstudy_spread_median_test ${CMAKE_SOURCE_DIR}/tests/lcstudy/test_spread_median.cc)
target_include_directories(lcstudy_spread_median_test PRIVATE ${CMAKE_SOURCE_DIR}/tests)
target_link_libraries(lcstudy_spread_median_test PRIVATE lcstudy_core)
add_test(NAME lcstudy_spread_median COMMAND lcstudy_spread_median_test)
set_tests_properties(lcstudy_spread_median PROPERTIES TIMEOUT 600)

# A small calibration: the report's intervals against the truth of a simulated pool.
add_test(NAME lcstudy_calibration
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstudy/calibration_test.sh ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:logical_clock> $<TARGET_FILE:lcstat> $<TARGET_FILE:lcstudy>)
# Under a sanitizer on a busy 2-core machine it took 543 s and, beside a second suite, more
# than 900: the limit only ends a hang.
set_tests_properties(lcstudy_calibration PROPERTIES TIMEOUT 3600)
