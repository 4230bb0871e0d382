#!/usr/bin/env bash
# Installs what Lastgate needs, and only what is missing. Idempotent: on a machine that has
# everything it checks and returns in about a second.
#
#   scripts/setup.sh        what `make build` and `make run` need: the wasm32 target, the wasm-bindgen
#                           CLI pinned to the crate's version, npm dev packages (binaryen's wasm-opt,
#                           vite, typescript, ajv, playwright-core, web-ext), Debian's chromium, openssl
#                           and zip.
#   scripts/setup.sh test   also what only `make test` needs: rustfmt and clippy, Debian's firefox-esr, g++ (cargo-fuzz
#                           builds libFuzzer) and python3-venv, geckodriver (pinned, from crates.io) for
#                           the Firefox test, and a Python virtualenv with opentelemetry-proto for the
#                           reporting tests' receiver.
#
# Needs: Debian (apt), Rust via rustup, Node.js >= 20 with npm.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.129   # must equal the wasm-bindgen crate pin in crates/wasm/Cargo.toml

say() { printf 'setup: %s\n' "$*"; }
tests=false
case "${1:-}" in
  "") ;;
  test) tests=true ;;
  *) echo "setup: unknown argument '$1'; use no argument (build and demo) or 'test' (also the test tools)" >&2; exit 2 ;;
esac

for tool in cargo rustup node npm; do
  command -v "$tool" >/dev/null || { echo "setup: '$tool' is missing; install Rust (rustup) and Node.js >= 20 first" >&2; exit 1; }
done

# Debian packages.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
command -v zip >/dev/null || missing+=(zip)
if $tests; then
  # The Firefox test (tests/firefox/) runs Debian's Firefox ESR.
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  # cargo-fuzz (make test's fuzz smoke) compiles libFuzzer, which is C++.
  command -v g++ >/dev/null || missing+=(g++)
  # The reporting tests' OTLP receiver decodes with the official protobuf definitions (Python).
  command -v python3 >/dev/null || missing+=(python3)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]} with apt (about 30 s)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Rust: the wasm target and the matching wasm-bindgen CLI.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if $tests && ! cargo fmt --version >/dev/null 2>&1; then
  say "adding the rustfmt component"
  rustup component add rustfmt
fi
if $tests && ! cargo clippy --version >/dev/null 2>&1; then
  say "adding the clippy component"
  rustup component add clippy
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # cargo prints each crate as it compiles it: the progress of the longest step of a first run.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (compiles about 200 crates: 3-8 minutes once, by CPU)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked
fi

# geckodriver drives Firefox ESR in tests/firefox/ (Debian has no package; crates.io has it).
GECKODRIVER_VERSION=0.37.1
if $tests && [ "$(geckodriver --version 2>/dev/null | head -n 1 || true)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (for the Firefox test; compiles about 150 crates: 2-5 minutes once)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked
fi

# npm packages, reinstalled only when the lockfile changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The OTLP receiver's Python packages, in a virtualenv of our own (Debian refuses system-wide pip).
OTLP_PROTO_VERSION=1.45.2
if $tests && ! target/otlp-venv/bin/python -c "import opentelemetry.proto, importlib.metadata as m; assert m.version('opentelemetry-proto') == '$OTLP_PROTO_VERSION'" 2>/dev/null; then
  say "creating target/otlp-venv with opentelemetry-proto $OTLP_PROTO_VERSION"
  rm -rf target/otlp-venv
  python3 -m venv target/otlp-venv
  target/otlp-venv/bin/pip install --quiet --disable-pip-version-check "opentelemetry-proto==$OTLP_PROTO_VERSION"
fi
