// The shipped wasm engine (dist/extension/engine, the very file the extension loads) under Node,
// on the corpus observations the release CLI extracts (`lastgate extract`): the same pages and the
// same method as the native bench (median of many runs per page, then p50/p99 across pages).
// `assessPage` is timed as JavaScript calls it: the observation object crosses into wasm (serde),
// NFKC goes through String.prototype.normalize, the verdict comes back as an object.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, loadCorpus } from '../../tests/lib/corpus.mjs';

export const ENGINE_DIR = join(ROOT, 'dist', 'extension', 'engine');
export const RELEASE_CLI = join(ROOT, 'target', 'release', 'lastgate');

function observation(page) {
  const args = ['extract', page.path, '--url', page.url];
  if (page.referrer) args.push('--referrer', page.referrer);
  const r = spawnSync(RELEASE_CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`lastgate extract ${page.file}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Median time of `f` in microseconds over enough runs to fill ~budgetMs (5 to 2000 runs). */
export function medianUs(budgetMs, f) {
  let t = performance.now();
  f();
  const once = Math.max(performance.now() - t, 0.0005);
  const runs = Math.min(2000, Math.max(5, Math.floor(budgetMs / once)));
  const times = new Array(runs);
  for (let i = 0; i < runs; i += 1) {
    t = performance.now();
    f();
    times[i] = performance.now() - t;
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1] * 1000;
}

export function percentile(sorted, p) {
  const i = Math.round((sorted.length - 1) * p);
  return sorted[Math.min(i, sorted.length - 1)];
}

/** The shipped engine's module, instantiated in Node. */
async function shippedModule() {
  const wasm = await import(pathToFileURL(join(ENGINE_DIR, 'lastgate_wasm.js')).href);
  wasm.initSync({ module: readFileSync(join(ENGINE_DIR, 'lastgate_wasm_bg.wasm')) });
  return wasm;
}

/** The shipped engine, loaded in Node. */
export async function shippedEngine() {
  return new (await shippedModule()).Engine();
}

export async function benchWasm() {
  // Building the engine is what a stopped service worker pays before its first verdict: the first
  // build runs mostly in V8's baseline tier, as in a freshly started worker.
  const wasm = await shippedModule();
  let t = performance.now();
  new wasm.Engine().free();
  const firstBuildMs = performance.now() - t;
  t = performance.now();
  const engine = new wasm.Engine();
  const secondBuildMs = performance.now() - t;
  const pages = loadCorpus();
  const observations = pages.map(observation);
  // Warm-up: every page once (JIT of the glue, first-touch of wasm memory).
  for (const o of observations) engine.assessPage(o);
  const perPage = observations.map((o) => medianUs(60, () => {
    const a = engine.assessPage(o);
    if (!a.ok) throw new Error(JSON.stringify(a.errors));
  }));
  perPage.sort((a, b) => a - b);
  return { pages: perPage.length, p50_us: percentile(perPage, 0.5), p99_us: percentile(perPage, 0.99), first_build_ms: firstBuildMs, second_build_ms: secondBuildMs };
}
