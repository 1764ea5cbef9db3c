# Build entry points (./run.sh and ./test.sh call these after install-deps).
#   make build   release build, binary at build/gemis, and the web UI in web/dist
#   make run     build the demo database (var/gemis.db) and its users if missing, serve it
#   make test    -Werror release build + the end-to-end CLI and slow tests, then the
#                ASan/UBSan build + every other test
#   make bench   benchmarks (not part of make test); make bench-server: the server's alone
#   make format  clang-format every source file; make tidy runs clang-tidy
JOBS  ?= $(shell nproc)
DB    ?= var/gemis.db
CMAKE_FLAGS ?=
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: build web web-screenshots run test test-release test-asan fuzz-build fuzz-smoke fuzz bench bench-server format tidy clean

# The benchmarks are built only for make bench / bench-server (BENCH=ON):
# ./run.sh and ./test.sh do not need them.
BENCH ?= OFF

# make build compiles the gemis binary, all ./run.sh needs; BUILD_TARGETS=all
# compiles everything configured (the benchmarks under BENCH=ON, every test
# executable).
BUILD_TARGETS ?= gemis

build: web
	cmake -S . -B build $(GENERATOR) -DCMAKE_BUILD_TYPE=Release -DGEMIS_WERROR=ON \
	  -DGEMIS_BUILD_BENCH=$(BENCH) $(CMAKE_FLAGS)
	cmake --build build -j $(JOBS) --target $(BUILD_TARGETS)

# The web UI (docs/ui.md): `npm ci` from the committed lockfile when it changed,
# then TypeScript's check and Vite's build into web/dist when a source changed.
# Nothing is fetched at run time: gemis serve --web-root web/dist serves it all.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
  web/vite.config.ts web/tsconfig.json web/package.json

web: web/dist/index.html

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run --silent build
	@touch $@

# Screenshots of the main screens for docs/ui.md, taken by the browser tests
# (docs/ui-screenshots/*.png).
web-screenshots: build
	mkdir -p docs/ui-screenshots
	cd web && GEMIS_BIN=../build/gemis GEMIS_SCREENSHOTS=../docs/ui-screenshots \
	  node --test $$(ls tests/e2e/*.test.mjs)

# The demo database and its users are made once (the users' passwords are
# printed then); every run starts the server on LISTEN (loopback).
LISTEN ?= 127.0.0.1:8080

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f $(DB) ]; then build/gemis demo --db $(DB) && build/gemis user demo --db $(DB); \
	else build/gemis summary --db $(DB); fi
	build/gemis serve --db $(DB) --listen $(LISTEN) --web-root web/dist --access-log $(dir $(DB))access.log

test: test-release test-asan

# The release suite is what only the release build can show: the command
# line end to end (label cli: the real -O3 binary on demo databases), the
# slow store tests (the crash test forks hundreds of children) and the web UI
# (label ui: its unit tests, and Chromium against the real server). Every other
# label runs once, under the sanitizers (test-asan below): building and
# running those executables at -O3 as well cost about 8 of the 45 minutes
# ./test.sh may take on 2 cores, and ran the same tests ASan + UBSan run.
# (Precompiled headers for the test files were tried, 2026-11-23: 90 test
# files took 478 s with them against 457 s without; g++ spends its time
# instantiating, not parsing.)
test-release: build
	cmake --build build -j $(JOBS) --target cli_tests store_slow_tests
	cd build && ctest --output-on-failure -j $(JOBS) --timeout 900 -L 'cli|slow|ui'

# The sanitizer suite runs the core, access, store, exchange, reporting,
# analytics, records, program, server and documents labels (the domain model, the access
# rules, the store, every parser, the report builders, the analytics engine,
# the model records and their figures, the HTTP transport and API, official
# documents as PDF read back with poppler-utils) except "slow" (the store's crash test forks hundreds of children;
# it runs in the release suite). The server label alone takes about 3 min
# here (235 tests, 2 cores, 2026-11-23). The cli label drives the release
# binary end to end and adds nothing under the sanitizers that the library
# tests do not already exercise. -O1 with line tables only (-g1)
# keeps asserts and readable sanitizer reports and builds faster than -O2 -g.
# Each test executable runs as a few GoogleTest shards, one process each
# (tests/CMakeLists.txt): starting one ASan process per test cost half a
# second each; the 1,807 tests ran in 16 min that way and in 4 min as 39
# shards (2 cores, 2026-11-24). A failing shard prints the failing tests'
# names; run one alone with build-asan/tests/<layer>_tests --gtest_filter=….
# (In the release build each test is a CTest test of its own.)
test-asan:
	cmake -S . -B build-asan $(GENERATOR) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DGEMIS_WERROR=ON -DGEMIS_SANITIZE=ON -DGEMIS_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-asan -j $(JOBS) --target core_tests access_tests store_tests exchange_tests reporting_tests analytics_tests \
	  records_tests program_tests server_tests documents_tests
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) --timeout 900 -L 'core|access|store|exchange|reporting|analytics|records|program|server|documents' -LE slow

# Fuzzing (docs/fuzzing.md). clang++ builds the parsers with libFuzzer, ASan
# and UBSan in build-fuzz, one executable per target. fuzz-smoke fuzzes each target for FUZZ_SMOKE_SECONDS from its checked-in
# corpus (fuzz/corpus/<target>) into a scratch corpus for 20 s, so 8 targets take
# under 5 minutes (it runs in CI after ./test.sh, .ci/run, outside the 45-minute
# budget; the corpora are also replayed under ASan by exchange_tests); `make fuzz` runs FUZZ_SECONDS per target and keeps what it
# learns in build-fuzz/corpus/<target>. A crash leaves its input in
# build-fuzz/artifacts/ and fails the target; turn it into a regression by
# saving it under fuzz/regressions/<target>/<name> (docs/fuzzing.md).
FUZZ_TARGETS := $(shell sed -n 's/^set(GEMIS_FUZZ_TARGETS \(.*\))/\1/p' fuzz/CMakeLists.txt)
FUZZ_SMOKE_SECONDS ?= 20
FUZZ_SECONDS ?= 600
FUZZ_FLAGS = -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1

fuzz-build:
	cmake -S . -B build-fuzz $(GENERATOR) -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
	  -DGEMIS_FUZZ=ON -DGEMIS_BUILD_TESTS=OFF -DGEMIS_BUILD_BENCH=OFF $(CMAKE_FLAGS)
	cmake --build build-fuzz -j $(JOBS) --target fuzz_all

fuzz-smoke: fuzz-build
	@mkdir -p build-fuzz/artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  rm -rf build-fuzz/smoke/$$t && mkdir -p build-fuzz/smoke/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SMOKE_SECONDS) s"; \
	  build-fuzz/fuzz/fuzz_$$t $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SMOKE_SECONDS) \
	    -artifact_prefix=build-fuzz/artifacts/$$t- build-fuzz/smoke/$$t fuzz/corpus/$$t \
	    > build-fuzz/smoke/$$t.log 2>&1 || { tail -40 build-fuzz/smoke/$$t.log; exit 1; }; \
	  grep -E '^(Done|stat::number_of_executed_units)' build-fuzz/smoke/$$t.log || true; \
	done

fuzz: fuzz-build
	@mkdir -p build-fuzz/artifacts
	@set -e; for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz/fuzz_$$t $(FUZZ_FLAGS) -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=build-fuzz/artifacts/$$t- build-fuzz/corpus/$$t fuzz/corpus/$$t; \
	done

# Benchmarks (docs/bench.md), never part of make test: the foundation
# micro-benchmarks, then the analytics comparison with PostgreSQL 15 and
# DuckDB, one run per scale (`make bench SCALE=5m` for one), then the server
# benchmark with a 10-minute soak (bench-server below). The analytics and
# server runs all happen; the target fails if one failed or a result differed.
# scripts/install-bench-deps first installs PostgreSQL, libpq, DuckDB's Node
# package and wrk, so the build below finds libpq and builds analytics_bench.
SCALE ?= 5m 50m
IMPORT_VALUES ?= 5000000
IMPORT_LARGE_MIB ?= 1024

bench:
	scripts/install-deps
	scripts/install-bench-deps
	$(MAKE) build BENCH=ON BUILD_TARGETS=all
	build/bench/foundation_bench --benchmark_counters_tabular=true
	build/bench/import_bench --values $(IMPORT_VALUES) --large-mib $(IMPORT_LARGE_MIB)
	@status=0; for scale in $(SCALE); do \
	  echo "== analytics benchmark, scale $$scale (results: bench/results/analytics-$$scale.json)"; \
	  build/bench/analytics_bench --scale $$scale || status=1; \
	done; \
	$(MAKE) --no-print-directory bench-server SOAK_SECONDS=$(or $(SOAK_SECONDS),600) || status=1; \
	exit $$status

# The server benchmark alone (docs/bench.md, "Server"): gemis serve on
# loopback under wrk — health check, a small cached read, an analytics query,
# durable data value writes, 64 connections, SERVER_BENCH_SECONDS each — then
# a mixed soak of SOAK_SECONDS (60 here, 600 under make bench) with the
# server's memory sampled. Results: bench/results/server.json.
SERVER_BENCH_SECONDS ?= 15

bench-server:
	scripts/install-bench-deps
	$(MAKE) build BENCH=ON BUILD_TARGETS=all
	@echo "== server benchmark (results: bench/results/server.json)"
	DURATION=$(SERVER_BENCH_SECONDS) SOAK_SECONDS=$(or $(SOAK_SECONDS),60) bench/server_bench.sh

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

tidy: build
	clang-tidy -p build $$(git ls-files 'src/*.cc')

clean:
	rm -rf build build-asan build-fuzz web/dist
