#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (after `make build`). Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { printf '\n=== %s ===\n' "$*"; }

stage "Rust: clippy (lints deny unwrap/expect/panic/indexing in library code)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The npm package's wasm features (off in the workspace build): assessRecovery, assessHtml.
cargo clippy -p lastgate-wasm --features recovery,html --all-targets --quiet -- -D warnings

stage "Rust: cargo test (engine, HTML extraction, wasm bindings, CLI)"
cargo test --workspace --quiet

stage "Corpus scores: lastgate eval tests/corpus"
cargo build -p lastgate-cli --quiet
target/debug/lastgate eval tests/corpus

stage "Extension manifest: web-ext lint (Firefox)"
node scripts/web-ext-lint.mjs

stage "Fuzz smoke: every cargo-fuzz target, 20 000 deterministic runs (make fuzz runs them long)"
FUZZ_RUNS=20000 scripts/fuzz.sh

stage "Node: wasm engine in Node, extraction agreement, extension in headless Chromium"
node --test --test-concurrency=1 tests/node/ tests/extract/ tests/e2e/

stage "Firefox ESR: Lastgate force-installed by policies.json, driven by geckodriver"
node --test --test-concurrency=1 tests/firefox/

stage "npm package: Node consumer, JSON Schemas, tsc --noEmit, Vite app and guardPage in headless Chromium"
node --test --test-concurrency=1 tests/npm/

printf '\nmake test: all stages passed in %ss\n' "$(( $(date +%s) - start ))"
