#!/usr/bin/env bash
# `make fuzz`: runs every cargo-fuzz target for FUZZ_SECONDS each (default 300), starting from the
# committed seeds in fuzz/corpus/<target> and growing a working corpus under fuzz/target/ (ignored).
# A crash is copied into fuzz/regressions/<target>/, which `make test` replays on stable forever.
#
# Installs cargo-fuzz if missing. Uses --sanitizer none, which builds on the stable toolchain (the
# engine has no unsafe code for AddressSanitizer to check); coverage instrumentation is still on.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${FUZZ_SECONDS:-300}"
# FUZZ_RUNS=N: a deterministic smoke run instead (N executions, fixed seed, fresh working corpus),
# which is what `make test` uses.
RUNS="${FUZZ_RUNS:-}"
command -v cargo-fuzz >/dev/null || { echo "fuzz: installing cargo-fuzz (about two minutes, once)"; cargo install cargo-fuzz --locked --quiet; }
status=0
mkdir -p fuzz/target
for target in observation policy html url; do
  work="fuzz/target/corpus-work/$target"
  if [ -n "$RUNS" ]; then
    work="fuzz/target/corpus-smoke/$target"
    rm -rf "$work"
    limit=(-runs="$RUNS" -seed=1)
    echo "=== fuzz $target: $RUNS runs, seed 1 ==="
  else
    limit=(-max_total_time="$SECONDS_EACH")
    echo "=== fuzz $target for ${SECONDS_EACH}s ==="
  fi
  mkdir -p "$work" "fuzz/regressions/$target"
  log="fuzz/target/$target.log"
  if (cd fuzz && cargo fuzz run --sanitizer none "$target" "../$work" "corpus/$target" -- \
        "${limit[@]}" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096) > "$log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^Done " "$log" | tail -n 2
  else
    status=1
    echo "fuzz $target: FOUND A CRASH (log: $log)"
    for f in fuzz/artifacts/"$target"/*; do
      [ -e "$f" ] || continue
      cp "$f" "fuzz/regressions/$target/" && echo "  saved $(basename "$f") to fuzz/regressions/$target/"
    done
  fi
done
exit $status
