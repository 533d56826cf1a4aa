# Thin front end over CMake: `make`, `make test`, `make asan`, `make tsan`, `make lint`, `make bench`,
# `make golden-native`.
# `make` and `make test` first make sure their tools are installed (tests/setup_tools.sh: apt-get
# as root or with sudo, else one line naming the command to run; `make` needs the compiler,
# cmake and gnuplot, for the README's first commands); `make setup` only does that.
# The build's own makes print no "Entering directory" lines (half of what it printed).
MAKEFLAGS += --no-print-directory
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE ?= cmake

FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= frame_decoder inbound_session lcstat_rows control_decoder sha256 handshake

.PHONY: all everything test setup asan tsan lint bench fuzz golden-update golden-native clean FORCE

# `make` builds the programs only (about half the build); the tests and the benchmark's helpers
# are built by the targets that run them.
PROGRAMS := logical_clock lcstat lcstudy

all: build-tools $(BUILD)/Makefile FORCE
	@$(CMAKE) --build $(BUILD) -j $(JOBS) --target programs
	@for p in $(PROGRAMS); do ln -sf $(BUILD)/$$p $$p; done

$(BUILD)/Makefile: | build-tools
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

# Its lines name the command typed: "make:" for a plain `make`, "make golden-native:" and so on.
.PHONY: build-tools
build-tools:
	@bash tests/setup_tools.sh build "$(MAKECMDGOALS)"

setup:
	@bash tests/setup_tools.sh test setup

# The programs, the test programs and the benchmark's helpers.
everything: all
	@$(CMAKE) --build $(BUILD) -j $(JOBS)

# The suite's tools first (gnuplot, GNU parallel, rsync, ...), then the build, then CTest.
test:
	@bash tests/setup_tools.sh test
	@$(MAKE) --no-print-directory everything
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# Sanitizer builds live in their own trees and run the whole suite.
asan:
	@$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLC_SANITIZE=address,undefined >/dev/null
	@$(CMAKE) --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

tsan:
	@$(CMAKE) -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DLC_SANITIZE=thread >/dev/null
	@$(CMAKE) --build build-tsan -j $(JOBS)
	@cd build-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
	  ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# Each libFuzzer target runs FUZZ_SECONDS from the committed seeds; new inputs go to
# build-fuzz/corpus, crashes to build-fuzz/artifacts (add them to tests/fuzz/corpus/<target>/).
fuzz:
	@$(CMAKE) -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
	  -DLC_SANITIZE=address,undefined -DLC_FUZZ=ON -DLC_BUILD_TESTS=OFF >/dev/null
	@$(CMAKE) --build build-fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/artifacts; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  status=0; build-fuzz/tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/artifacts/$$t- build-fuzz/corpus/$$t tests/fuzz/corpus/$$t \
	    >build-fuzz/fuzz_$$t.log 2>&1 || status=$$?; \
	  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)|ERROR' build-fuzz/fuzz_$$t.log || true; \
	  if [ $$status -ne 0 ]; then tail -40 build-fuzz/fuzz_$$t.log; exit 1; fi; \
	done

# Rewrites tests/integration/sim_golden.txt, the hashes of the simulated runs that every build
# must reproduce, from this build: after a change meant to change the runs (README, "Tests").
golden-update: all
	@bash tests/integration/sim_golden.sh --update $(BUILD)/logical_clock

# The determinism promise on this very CPU: a build in a tree of its own with GOLDEN_FLAGS
# (default -march=native: fused multiply-adds and wider vectors wherever the CPU has them) by
# GOLDEN_CXX, running only the checks that compare bytes with committed ones: sim_golden and
# the draws' digests (test_latency). A compiler or target that breaks the promise fails here.
GOLDEN_CXX   ?= $(CXX)
GOLDEN_FLAGS ?= -march=native
GOLDEN_BUILD ?= build-native
golden-native: build-tools
	@if $(GOLDEN_CXX) $(GOLDEN_FLAGS) -dM -E -x c++ /dev/null | grep -qE '__FMA__|__ARM_FEATURE_FMA'; then \
	  echo "golden-native: $(GOLDEN_CXX) $(GOLDEN_FLAGS), with fused multiply-adds"; \
	else echo "golden-native: $(GOLDEN_CXX) $(GOLDEN_FLAGS): no fused multiply-add on this target, the check is weaker"; fi
	@CXX=$(GOLDEN_CXX) $(CMAKE) -S . -B $(GOLDEN_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$(GOLDEN_FLAGS)" >/dev/null
	@$(CMAKE) --build $(GOLDEN_BUILD) -j $(JOBS) --target logical_clock test_latency
	@cd $(GOLDEN_BUILD) && ctest --output-on-failure -R '^(sim_golden|latency)$$'

# Speed and footprint (bench/README.md): a few minutes; results in bench/results/latest/.
bench: everything
	@BUILD=$(BUILD) bash bench/run.sh

# Static analysis on the committed configuration (.clang-tidy; cppcheck's and shellcheck's flags here).
# clang-tidy reads each file's command from a tree configured without the unity build (nothing
# is built there): each file is checked alone, as its own includes leave it.
lint:
	@$(CMAKE) -S . -B build-lint -DCMAKE_BUILD_TYPE=Release -DLC_UNITY=OFF >/dev/null
	@cppcheck --quiet --std=c++20 --enable=warning,performance,portability --inline-suppr \
	  --error-exitcode=1 --suppress=missingIncludeSystem -i tools/viewers/node_modules -I include -I tools/lcstat -I tools/lcstudy src tools tests/fuzz bench
	@ls src/*/*.cc tools/lcstat/*.cc tools/lcstudy/*.cc bench/*.cc | xargs -P $(JOBS) -n 4 clang-tidy -p build-lint --quiet 2>&1 \
	  | grep -v 'warnings generated' | { ! grep . ; }
	@find . -name '*.sh' -not -path './build*' -not -path './.git/*' -not -path './bench/results/*' -not -path '*/node_modules/*' \
	  | xargs shellcheck -S warning run_experiments.sh .ci/run
	@echo "lint: cppcheck, clang-tidy and shellcheck clean"

clean:
	rm -rf $(BUILD) build-lint build-asan build-tsan build-fuzz build-native build-native-clang $(PROGRAMS)

FORCE:
