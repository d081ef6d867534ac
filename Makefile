# The README's commands. Every target installs what is missing first.
BUILD ?= build
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo
DEMO_DIR ?= $(BUILD)/demo
DEMO_ROWS ?= 20000
DEMO_PRISONERS ?= 1000
LINK_ROWS ?= 100000
PORT ?= 8080
BIND ?= 127.0.0.1
JOBS ?= $(shell nproc)

.PHONY: all deps build test demo bench fuzz sanitize clean e2e

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS)

# The memoria binary at build/memoria.
build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) --target memoria -j $(JOBS)

# Builds everything and runs every test (unit, integration, fuzz-corpus
# replay, browser). Exits non-zero on any failure, and with CI=true on any
# skipped test too. The browser tests fetch their npm packages
# (playwright-core, html-validate) from the npm registry (scripts/run-e2e).
test: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && { ctest --output-on-failure -j $(JOBS); echo $$? > ctest.status; } 2>&1 | tee ctest.log; exit $$(cat ctest.status)
	@if [ "$$CI" = true ] && grep -q '(Skipped)' $(BUILD)/ctest.log; then \
	  echo "make test: tests were skipped, and CI=true does not allow skips" >&2; exit 1; fi
	@scripts/run-e2e $(BUILD)

# Generates a synthetic archive and serves it on http://$(BIND):$(PORT)/
# (BIND: an IPv4 or IPv6 address, 127.0.0.1 by default; 0.0.0.0 for every
# interface).
demo: build
	@mkdir -p $(DEMO_DIR)
	$(BUILD)/memoria generate --rows $(DEMO_ROWS) --seed 1937 --out $(DEMO_DIR)/demo.tsv --truth $(DEMO_DIR)/demo.truth.tsv --places $(DEMO_DIR)/demo.renamings.csv --buildings $(DEMO_DIR)/demo.buildings.csv
	rm -rf $(DEMO_DIR)/archive
	$(BUILD)/memoria init $(DEMO_DIR)/archive
	$(BUILD)/memoria import $(DEMO_DIR)/archive --profile memorial-lists $(DEMO_DIR)/demo.tsv
	$(BUILD)/memoria import $(DEMO_DIR)/archive --profile places $(DEMO_DIR)/demo.renamings.csv $(DEMO_DIR)/demo.buildings.csv
	rm -rf $(DEMO_DIR)/register
	$(BUILD)/memoria generate --register-history $(DEMO_DIR)/register --entries 1500 --snapshots 40 --seed 1937
	$(BUILD)/memoria register import $(DEMO_DIR)/archive --register demo-foreign-agents $(DEMO_DIR)/register/*.csv
	$(BUILD)/memoria generate --prisoners $(DEMO_PRISONERS) --seed 2015 --out $(DEMO_DIR)/demo.prisoners.csv && $(BUILD)/memoria import $(DEMO_DIR)/archive --profile prisoners $(DEMO_DIR)/demo.prisoners.csv
	$(BUILD)/memoria serve $(DEMO_DIR)/archive --bind $(BIND) --port $(PORT)

# Benchmarks (never part of ctest). Results go to docs/BENCHMARKS.md by hand.
bench: deps $(BUILD)/build.ninja
	@scripts/install-deps --bench
	cmake --build $(BUILD) --target memoria search_quality febrl_linkage -j $(JOBS)
	bench/run-import-bench $(BUILD)
	bench/run-search-bench $(BUILD)
	bench/run-web-bench $(BUILD)
	bench/run-load-bench $(BUILD) $(BUILD)/bench-web/archive
	bench/run-register-bench $(BUILD)
	bench/run-prisoners-bench $(BUILD)
	bench/run-mirror-bench $(BUILD)
	$(BUILD)/bench/febrl_linkage && $(BUILD)/bench/febrl_linkage --without-id
	bench/run-link-bench $(BUILD) $(LINK_ROWS)

# libFuzzer targets under clang, each for a bounded time over its corpus.
fuzz: deps
	@scripts/run-fuzz

# ASan + UBSan build of everything, then the tests.
sanitize: deps
	cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMEMORIA_SANITIZE=ON -DMEMORIA_BENCH=OFF
	cmake --build build-sanitize -j $(JOBS)
	cd build-sanitize && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz
