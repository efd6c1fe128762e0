# condis front door. Every target installs missing Debian packages first (scripts/install-deps.sh).
JOBS        ?= $(shell nproc)
BUILD       ?= build
CMAKE_FLAGS ?=
PREFIX      ?= /usr/local
FUZZ_SECONDS ?= 60

.PHONY: all deps build demo test bench test-asan test-tsan fuzz install clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/tools/condis/condis demo

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	cmake --build $(BUILD) -j $(JOBS) --target condis_benches
	scripts/run-benchmarks.sh $(BUILD)

test-asan: deps
	cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCONDIS_SANITIZE=address -DCONDIS_BUILD_BENCH=OFF
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

test-tsan: deps
	cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONDIS_SANITIZE=thread -DCONDIS_BUILD_BENCH=OFF
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j $(JOBS) -L threaded

# libFuzzer targets (tests/fuzz, docs/fuzzing.md): clang with ASan + UBSan, FUZZ_SECONDS each.
fuzz: deps
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
	  -DCMAKE_CXX_COMPILER=clang++ -DCONDIS_FUZZ=ON -DCONDIS_BUILD_BENCH=OFF
	cmake --build build-fuzz -j $(JOBS) --target condis_fuzz_targets
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-fuzz.sh build-fuzz

install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz
