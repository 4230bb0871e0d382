#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (after `make build`). Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Each stage says when it started (seconds into the run): the suite has a time budget (CI stops a run
# at 90 minutes), and a slow stage should be visible in the log without a profiler.
stage() { printf '\n=== %s (at %ss) ===\n' "$*" "$(( $(date +%s) - start ))"; }

stage "Setup: the test-only tools (clippy, Firefox ESR and geckodriver, g++, the OTLP receiver's Python)"
scripts/setup.sh test

stage "Rust: rustfmt and clippy (lints deny unwrap/expect/panic/indexing in library code)"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The npm package's wasm features (off in the workspace build): assessRecovery, assessHtml, checkPolicyFile.
cargo clippy -p lastgate-wasm --features recovery,html,files --all-targets --quiet -- -D warnings

stage "Import graphs: the engine's modules and the extension's scripts import one way"
node scripts/import-graph.mjs

stage "JavaScript: eslint (eslint.config.js)"
node_modules/.bin/eslint .

stage "Rust: cargo test (engine, HTML extraction, wasm bindings, CLI)"
cargo test --workspace --quiet

stage "Corpus scores: lastgate eval tests/corpus (thresholds and every page's pinned verdict)"
cargo build -p lastgate-cli --quiet
target/debug/lastgate eval tests/corpus

stage "Sealed set: lastgate eval tests/sealed (aggregates only; never below the recorded scores)"
target/debug/lastgate eval tests/sealed

stage "Extension manifest: web-ext lint (Firefox)"
node scripts/web-ext-lint.mjs

stage "Fuzz smoke: every cargo-fuzz target, 20 000 deterministic runs (make fuzz runs them long)"
FUZZ_RUNS=20000 scripts/fuzz.sh

# Browsers read enterprise policy machine-wide (/etc/chromium/policies, /etc/firefox/policies), so
# two test runs on one machine would see each other's policies: the browser stages take a lock.
# A test that hangs fails after NODE_TEST_TIMEOUT ms instead of eating the CI budget.
LOCK=${LASTGATE_TEST_LOCK:-/tmp/lastgate-browser-tests.lock}
exec 9>"$LOCK"
if ! flock -n 9; then
  echo "another Lastgate test run holds $LOCK; waiting for its browser stages to finish"
  flock 9
fi
nodetest() { node --test --test-concurrency=1 --test-timeout="${NODE_TEST_TIMEOUT:-600000}" --test-force-exit "$@"; }

stage "Node: wasm engine in Node, extraction agreement, extension in headless Chromium"
nodetest tests/node/ tests/extract/ tests/e2e/

stage "Firefox ESR: Lastgate force-installed by policies.json, driven by geckodriver"
nodetest tests/firefox/

stage "npm package: Node consumer, JSON Schemas, tsc --noEmit, Vite app and guardPage in headless Chromium"
nodetest tests/npm/

printf '\nmake test: all stages passed in %ss\n' "$(( $(date +%s) - start ))"
