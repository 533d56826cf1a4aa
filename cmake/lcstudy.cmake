# lcstudy (a study's statistics and REPORT.md, read from run_experiments.sh's CSVs) and the tests
# of the study tools: the statistics on hand-made data, the theory against long simulated runs.
# Included from the top-level CMakeLists.txt after enable_testing() and cmake/lcstat.cmake.

# The theory's predictions (lcstat's columns) against long simulated runs on both sides of the
# boundary between a bounded queue and one that grows.
add_test(NAME theory_sim
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/lcstudy/theory_sim_test.sh $<TARGET_FILE:logical_clock>
                 $<TARGET_FILE:lcstat>)
set_tests_properties(theory_sim PROPERTIES TIMEOUT 60)
