#!/usr/bin/env bash
# The whole test suite, as `make test` runs it (after `make build`). Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
stage() { printf '\n=== %s ===\n' "$*"; }

stage "Rust: clippy (lints deny unwrap/expect/panic/indexing in library code)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

stage "Rust: cargo test (engine, HTML extraction, wasm bindings, CLI)"
cargo test --workspace --quiet

stage "Corpus scores: lastgate eval tests/corpus"
cargo build -p lastgate-cli --quiet
target/debug/lastgate eval tests/corpus

stage "Extension manifest: web-ext lint (Firefox)"
node_modules/.bin/web-ext lint --source-dir dist/extension --self-hosted --output json > target/web-ext-lint.json 2>/dev/null || true
node -e '
  const r = JSON.parse(require("fs").readFileSync("target/web-ext-lint.json", "utf8"));
  for (const k of ["errors", "warnings"]) for (const m of r[k]) console.log(`${k.slice(0, -1)}: ${m.code}: ${m.message}`);
  console.log(`web-ext lint: ${r.summary.errors} errors, ${r.summary.warnings} warnings`);
  process.exit(r.summary.errors === 0 ? 0 : 1);

stage "Node: wasm engine in Node, extraction agreement, extension in headless Chromium"
node --test --test-concurrency=1 tests/node/ tests/extract/ tests/e2e/

printf '\nmake test: all stages passed in %ss\n' "$(( $(date +%s) - start ))"
