# Thin front end over CMake: `make`, `make test`, `make asan`, `make tsan`, `make lint`, `make bench`.
BUILD ?= build
JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE ?= cmake

.PHONY: all test asan tsan lint bench fuzz clean FORCE

all: $(BUILD)/Makefile FORCE
	@$(CMAKE) --build $(BUILD) -j $(JOBS)
	@ln -sf $(BUILD)/logical_clock logical_clock
	@if [ -x $(BUILD)/lcstat ]; then ln -sf $(BUILD)/lcstat lcstat; fi

$(BUILD)/Makefile:
	@$(CMAKE) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null

test: all
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

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz logical_clock lcstat

FORCE:
