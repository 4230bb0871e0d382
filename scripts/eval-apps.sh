#!/usr/bin/env bash
# make eval-apps: Lastgate on pages rendered by real open-source applications (tests/apps/README.md).
# Installs and prepares the apps (scripts/eval-apps-setup.sh, skipped when present), builds the CLI,
# then starts the apps on loopback, walks their flows in headless Chromium with dist/extension and
# scores the stored verdicts and the CLI's against tests/apps/labels.json. Prints aggregate scores;
# per-page details go to target/eval-apps/pages.jsonl. Exit 0 when it ran (scores are reported, not
# enforced); 2 without a build; 3 when an app does not start; 1 when a flow broke off.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
if [ ! -f dist/extension/manifest.json ]; then
  echo "eval-apps: dist/extension is missing; run 'make build' first" >&2
  exit 2
fi
scripts/eval-apps-setup.sh
echo "eval-apps: building the lastgate CLI"
cargo build -q -p lastgate-cli
# Browser runs read machine-wide managed policy (/etc/chromium/policies); share make test's lock so
# a concurrent test run's policy cannot change these verdicts (and ours cannot disturb it).
LOCK=${LASTGATE_TEST_LOCK:-/tmp/lastgate-browser-tests.lock}
exec 9>"$LOCK"
if ! flock -n 9; then
  echo "eval-apps: another Lastgate browser run holds $LOCK; waiting for it"
  flock 9
fi
node tests/apps/run.mjs
echo "eval-apps: finished in $(( $(date +%s) - start )) s (setup, CLI build and run)"
