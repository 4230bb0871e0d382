# Lastgate — build, demo and test. `make run` and `make test` are the README's quick start; both
# install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO_WASM := target/wasm32-unknown-unknown/wasm/lastgate_wasm.wasm
BINDGEN_DIR := target/wasm-bindgen
EXT := dist/extension
ENGINE_WASM := $(EXT)/engine/lastgate_wasm_bg.wasm
ZIP := dist/lastgate-extension.zip
RUST_SRC := Cargo.toml Cargo.lock $(shell find crates -type f \( -name '*.rs' -o -name '*.toml' -o -path '*/data/*' \) -not -path '*/tests/*')
EXT_SRC := $(shell find extension -type f)
# Smallest code, optimised until it stops shrinking; the producers and target-features sections
# are for toolchains, not browsers (together ~0.6 KB gzip of the 250 KB budget).
WASM_OPT := -Oz --converge --strip-producers --strip-target-features
# Features rustc's wasm32 target emits; wasm-opt must accept them.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue

# The npm package (dist/npm): its own wasm builds, with features the extension's build leaves off.
NPM := dist/npm
NPM_WASM := target/npm-wasm
NPM_SRC := $(shell find npm -type f) extension/src/extract.js scripts/build-npm.mjs LICENSE
# The demo portal (www/portal), built by Vite against dist/npm; `make run` serves it at /portal/.
PORTAL := dist/portal
PORTAL_SRC := $(shell find www/portal -type f) docs/examples/recovery-requests.json

.PHONY: setup build npm crx admx run test bench fuzz clean screenshots eval-apps

setup:
	@scripts/setup.sh

## build: dist/extension (unpacked, loadable), dist/lastgate-extension.zip, dist/npm (the package)
## and dist/portal (the demo portal), incrementally; dist/lastgate.crx and dist/updates.xml (crx, below);
## dist/admx (admx, below).
build: setup $(EXT)/manifest.json $(ZIP) crx admx $(NPM)/package.json $(PORTAL)/index.html

## npm: dist/npm, the publishable `lastgate` package (web, bundler and Node builds; README in npm/).
npm: setup $(NPM)/package.json

# Each feature set has its own cargo profile, hence its own output path (see Cargo.toml).
$(NPM_WASM)/browser/lastgate_wasm.wasm: $(RUST_SRC)
	cargo build -p lastgate-wasm --target wasm32-unknown-unknown --profile wasm-npm --features recovery
	@mkdir -p $(@D) && cp target/wasm32-unknown-unknown/wasm-npm/lastgate_wasm.wasm $@

$(NPM_WASM)/node/lastgate_wasm.wasm: $(RUST_SRC)
	cargo build -p lastgate-wasm --target wasm32-unknown-unknown --profile wasm-npm-node --features recovery,html,files
	@mkdir -p $(@D) && cp target/wasm32-unknown-unknown/wasm-npm-node/lastgate_wasm.wasm $@

$(NPM)/package.json: $(NPM_WASM)/browser/lastgate_wasm.wasm $(NPM_WASM)/node/lastgate_wasm.wasm $(NPM_SRC)
	node scripts/build-npm.mjs

$(PORTAL)/index.html: $(NPM)/package.json $(PORTAL_SRC)
	node_modules/.bin/vite build --config www/portal/vite.config.js
	@echo "built $(PORTAL)/"

$(CARGO_WASM): $(RUST_SRC)
	cargo build -p lastgate-wasm --target wasm32-unknown-unknown --profile wasm
	@touch $@

$(ENGINE_WASM): $(CARGO_WASM)
	wasm-bindgen --target web --out-dir $(BINDGEN_DIR) $(CARGO_WASM)
	@mkdir -p $(@D)
	node_modules/.bin/wasm-opt $(WASM_OPT) $(WASM_FEATURES) $(BINDGEN_DIR)/lastgate_wasm_bg.wasm -o $@
	cp $(BINDGEN_DIR)/lastgate_wasm.js $(BINDGEN_DIR)/lastgate_wasm.d.ts $(@D)/
	@printf 'engine wasm: %s bytes, %s gzip\n' "$$(stat -c %s $@)" "$$(gzip -9c $@ | wc -c)"

# The extension's own files are copied fresh so a deleted source file leaves no stale copy.
$(EXT)/manifest.json: $(EXT_SRC) $(ENGINE_WASM)
	@find $(EXT) -mindepth 1 -maxdepth 1 -not -name engine -exec rm -rf {} +
	cp -r extension/. $(EXT)/
	@touch $@

$(ZIP): $(EXT)/manifest.json
	@rm -f $@
	cd $(EXT) && zip -qr -X ../$(notdir $@) .
	@echo "built $(EXT)/ and $@"

## crx: dist/lastgate.crx (CRX3) and dist/updates.xml for self-hosted force-install, signed with
## LASTGATE_CRX_KEY=key.pem (unset: a throwaway dev key in target/crx/), download URL from
## LASTGATE_CRX_CODEBASE (docs/deploy.md). Re-signed on every build; it takes a second.
crx: $(EXT)/manifest.json
	@scripts/crx.sh

## admx: dist/admx/lastgate.admx and dist/admx/en-US/lastgate.adml, the Windows administrative templates
## (Group Policy, Intune) for Chrome and Edge, from extension/managed_schema.json; LASTGATE_CHROME_ID and
## LASTGATE_EDGE_ID for ids other than the published one (docs/deploy.md). Node only; rewritten every build.
admx:
	@node scripts/admx.mjs

## run: build, serve www/ on 127.0.0.1:8080 and open Chromium with the extension on the demo pages.
run: build
	node scripts/demo.mjs

## test: every test — Rust, the corpus scores, wasm in Node, the extension in headless Chromium, lint.
test: build
	@scripts/test.sh

## bench: release build; the engine natively (corpus, 10 KB / 100 KB / 1 MB pages) and as the shipped
## wasm in Node, then the extension in headless Chromium (content-script main-thread time, page-load
## ratio, worker cold start and heap). Prints a table with budgets (numbers, not pass/fail) and writes
## target/bench/report.json. BENCH_ROUNDS (default 3), BENCH_PAGES, BENCH_BROWSER=0: see scripts/bench/run.mjs.
bench: build
	cargo build --release -p lastgate-cli
	cargo bench -p lastgate-cli --bench engine
	node scripts/bench/run.mjs

## eval-apps: Lastgate on pages rendered by nine real open-source applications installed from
## Debian, PyPI and npm and driven through their flows in headless Chromium with the extension
## (tests/apps/README.md): prints aggregate scores and confusion counts, never pass/fail; takes minutes.
eval-apps: build
	scripts/eval-apps.sh

## screenshots: docs/screenshots/*.png — banner, confirm, block page and popup, light and dark, en and
## de, from the built extension in headless Chromium (root: the block page needs a managed policy).
screenshots: build
	node scripts/screenshots.mjs

## fuzz: cargo-fuzz on every target for FUZZ_SECONDS each (default 300); crashes go to fuzz/regressions/.
fuzz: setup
	scripts/fuzz.sh

clean:
	rm -rf dist target/wasm-bindgen target/npm-wasm target/e2e target/demo
