// `make bench` (after the release build and `cargo bench`): the numbers users care about, each
// against its budget, printed as a table and written to target/bench/report.json.
//
//   node scripts/bench/run.mjs            everything (on 2 cores about 25 minutes for the corpus and
//                                         80 for the ordinary pages, most of it their traces)
//   BENCH_ROUNDS=1 BENCH_PAGES=20 …       a quick, noisier run while iterating
//   BENCH_BROWSER=0 …                     sizes and engine timings only
//   BENCH_CORPUS=0 / BENCH_ORDINARY=0     leave out the corpus pages / the ordinary pages (sets.mjs)
//   BENCH_ORDINARY_PAGES, BENCH_ORDINARY_ROUNDS   ordinary pages generated (220) and load rounds (2)
//   BENCH_FLOW_EVERY=n                    with BENCH_CORPUS=0: every n-th flow page's in-page cost only
//   BENCH_MERGE=1                         keep the earlier report's numbers this run does not measure
//
// Budgets are printed (hold / MISS), never enforced: timings are not tests. Medians and the counts
// behind them are in the report; see README.md "Performance" for what each number means.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { ROOT } from '../../tests/lib/corpus.mjs';
import { ENGINE_DIR, RELEASE_CLI, benchWasm } from './wasm-node.mjs';
import { benchBrowser } from './browser.mjs';
import { benchFlowPages, benchOrdinary } from './sets.mjs';

const OUT = join(ROOT, 'target', 'bench');
const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : Number(process.env[k]));

// key → [what it is, budget check, budget text]
const BUDGETS = {
  wasm_gzip_bytes: ['shipped engine wasm, gzip', (v) => v <= 400 * 1024, '≤ 400 KB'],
  engine_native_p50_us: ['engine, corpus observation, native p50', (v) => v <= 25, '≤ 25 µs'],
  engine_wasm_p50_us: ['engine, corpus observation, wasm in Node p50', (v) => v <= 75, '≤ 75 µs'],
  engine_1mb_page_ms: ['engine on a 1 MB page (native)', (v) => v <= 5, '≤ 5 ms'],
  ordinary_cs_ms_p50: ['ordinary pages: main thread per load, measured in the page, p50', (v) => v <= 1, '≤ 1 ms'],
  ordinary_cs_ms_p95: ['ordinary pages: main thread per load, measured in the page, p95', (v) => v <= 3, '≤ 3 ms'],
  ordinary_long_tasks: ['ordinary pages: long tasks (≥ 50 ms) that hold its work', (v) => v <= 0, '0'],
  flow_cs_ms_p50: ['flow pages: main thread per load, measured in the page, p50', (v) => v <= 3, '≤ 3 ms'],
  flow_cs_ms_p95: ['flow pages: main thread per load, measured in the page, p95', (v) => v <= 10, '≤ 10 ms'],
  page_load_delta_ci_high: ['ordinary pages: page-load slowdown beyond the A/A control, 95 % upper end', (v) => v <= 0.02, '≤ 0.02'],
  cs_main_thread_ms_p50: ['all corpus pages: main thread per load, measured in the page, p50', (v) => v <= 1, '≤ 1 ms'],
  page_load_ratio: ['page load with / without extension (medians)', (v) => v <= 1.02, '≤ 1.02'],
  sw_cold_start_ms: ['stopped worker: its start → verdict stored (its clock), median', (v) => v <= 150, '≤ 150 ms'],
  sw_heap_mb: ['worker JS heap + wasm memory after the corpus', (v) => v <= 10, '≤ 10 MB'],
};

function fmt(v) {
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(3);
}

const log = (s) => console.log(s);
const report = {};

// --- sizes --------------------------------------------------------------------------------------
const wasmFile = join(ENGINE_DIR, 'lastgate_wasm_bg.wasm');
if (!existsSync(wasmFile)) throw new Error(`${wasmFile} is missing: run make build first`);
const wasmBytes = readFileSync(wasmFile);
report.wasm_raw_bytes = wasmBytes.length;
report.wasm_gzip_bytes = gzipSync(wasmBytes, { level: 9 }).length;

// --- native engine (cargo bench, run just before by make bench) ---------------------------------
const native = JSON.parse(readFileSync(join(OUT, 'engine.json'), 'utf8'));
report.engine_native_p50_us = native.engine_native_p50_us;
report.engine_native_p99_us = native.engine_native_p99_us;
report.engine_native_build_ms = native.engine_native_build_ms;
report.engine_1mb_page_ms = native.engine_1mb_page_ms;
for (const s of native.scaling) {
  report[`engine_${s.page_kb === 1000 ? '1mb' : `${s.page_kb}kb`}_page_ms`] = s.engine_ms;
  report[`html_parse_${s.page_kb === 1000 ? '1mb' : `${s.page_kb}kb`}_page_ms`] = s.extract_ms;
}

// --- wasm engine in Node ------------------------------------------------------------------------
if (!existsSync(RELEASE_CLI)) throw new Error(`${RELEASE_CLI} is missing: cargo build --release -p lastgate-cli`);
log('wasm engine in Node on the corpus observations…');
const w = await benchWasm();
report.engine_wasm_p50_us = w.p50_us;
report.engine_wasm_p99_us = w.p99_us;
report.engine_wasm_build_first_ms = w.first_build_ms;
report.engine_wasm_build_second_ms = w.second_build_ms;

// --- the extension in Chromium ------------------------------------------------------------------
if (env('BENCH_BROWSER', 1)) {
  const rounds = env('BENCH_ROUNDS', 3);
  log(`the extension in headless Chromium (${rounds} measured rounds + 1 warm-up)…`);
  if (env('BENCH_CORPUS', 1)) Object.assign(report, await benchBrowser({ rounds, coldRuns: env('BENCH_COLD', 7), limit: env('BENCH_PAGES', 0), log }));
  // Without the corpus pass, the flow pages' in-page numbers come from a pass of their own.
  if (!env('BENCH_CORPUS', 1)) Object.assign(report, await benchFlowPages({ every: env('BENCH_FLOW_EVERY', 1), log }));
  if (env('BENCH_ORDINARY', 1)) {
    const count = env('BENCH_ORDINARY_PAGES', 220);
    log(`ordinary pages (${count}, generated by scripts/bench/ordinary.mjs) with Lastgate, two control content scripts and an A/A pair of browsers without extensions…`);
    Object.assign(report, await benchOrdinary({ rounds: env('BENCH_ORDINARY_ROUNDS', 2), limit: count, count, log }));
  }
}

report.machine = `${process.env.BENCH_MACHINE || 'unnamed machine'}; load average at end ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`;
report.date = new Date().toISOString();

mkdirSync(OUT, { recursive: true });
// BENCH_MERGE=1: a partial run (BENCH_CORPUS=0, …) keeps the earlier report's other numbers, and
// says when those were measured (the tables print it).
if (env('BENCH_MERGE', 0) && existsSync(join(OUT, 'report.json'))) {
  const prev = JSON.parse(readFileSync(join(OUT, 'report.json'), 'utf8'));
  for (const [k, v] of Object.entries(prev)) if (!(k in report)) report[k] = v;
  report.earlier_date = prev.earlier_date || prev.date;
}
writeFileSync(join(OUT, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

// --- the table ----------------------------------------------------------------------------------
const rows = [];
for (const [k, [what, ok, budget]] of Object.entries(BUDGETS)) {
  if (report[k] === undefined) continue;
  rows.push([what, k, fmt(report[k]), budget, ok(report[k]) ? 'hold' : 'MISS']);
}
const extra = [
  ['ordinary pages: Lastgate, all the browser does for it (trace), p50 (ms)', 'ordinary_cs_trace_ms_p50'],
  ['  p95 (ms)', 'ordinary_cs_trace_ms_p95'],
  ['  control: an empty content script (trace), p50 (ms)', 'control_empty_cs_ms_p50'],
  ['  control: a content script walking the text once (trace), p50 (ms)', 'control_treewalk_cs_ms_p50'],
  ['  control: the same, measured in the page, p50 (ms)', 'control_treewalk_in_page_ms_p50'],
  ['  Lastgate ÷ empty control (trace, p50)', 'ordinary_trace_to_empty'],
  ['  Lastgate ÷ treewalk control (trace, p50)', 'ordinary_trace_to_treewalk'],
  ['  Lastgate ÷ treewalk control (in the page, p50)', 'ordinary_in_page_to_treewalk'],
  ['  ordinary pages on which Lastgate drew anything', 'ordinary_pages_drawn'],
  ['  page-load slowdown beyond A/A, point estimate', 'page_load_delta'],
  ['  A/A: second no-extension browser ÷ first (medians)', 'page_load_aa_ratio'],
  ['shipped engine wasm, raw', 'wasm_raw_bytes'],
  ['engine native p99', 'engine_native_p99_us'],
  ['engine native build (new Engine: automaton, suffix list, catalog) (ms)', 'engine_native_build_ms'],
  ['engine wasm build in Node, first in the process (ms)', 'engine_wasm_build_first_ms'],
  ['engine wasm build in Node, second (ms)', 'engine_wasm_build_second_ms'],
  ['engine wasm p99', 'engine_wasm_p99_us'],
  ['content script main thread p95', 'cs_main_thread_ms_p95'],
  ['  p50 on pages that drew nothing', 'cs_main_thread_ms_p50_no_ui'],
  ['  p50 on pages that showed a banner', 'cs_main_thread_ms_p50_ui'],
  ['  p50 of the top level (both files)', 'cs_top_level_ms_p50'],
  ['  p50 of the first read (extraction, message)', 'cs_first_read_ms_p50'],
  ['content script, all the browser does for it (trace: world, compile, run), p50', 'cs_trace_ms_p50'],
  ['  p95', 'cs_trace_ms_p95'],
  ['  of which injection (compile + first extraction)', 'cs_inject_ms_p50'],
  ['  floor: the same injections of empty scripts, p50', 'cs_floor_ms_p50'],
  ['page load ratio, ordinary pages (injected after load)', 'page_load_ratio_ordinary'],
  ['page load ratio, pages triage marks early (read sooner when load is late)', 'page_load_ratio_early'],
  ['page load p50 with extension (ms)', 'page_load_ms_p50_with'],
  ['page load p50 without extension (ms)', 'page_load_ms_p50_without'],
  ['  of which: worker start → engine ready', 'sw_cold_engine_ready_ms'],
  ['    worker start → wasm compiled (in parallel with the next)', 'sw_cold_wasm_ready_ms'],
  ['    worker start → built-in tables built (prepare(), after the wasm)', 'sw_cold_tables_ready_ms'],
  ['    worker start → policy read from storage', 'sw_cold_policy_ready_ms'],
  ['  worker start → first full observation received', 'sw_cold_first_read_ms'],
  ['  worker start → the verdict seen by a page polling the session area', 'sw_cold_seen_ms'],
  ['stopped worker: its start → verdict stored, worst of the runs', 'sw_cold_start_ms_max'],
  ['stopped worker: navigation → verdict stored, median', 'sw_cold_nav_verdict_ms'],
  ['running worker: navigation → verdict stored, median', 'sw_warm_verdict_ms'],
  ['worker JS heap, live after a full GC (MB)', 'sw_js_heap_mb'],
  ['worker JS heap before that GC (MB)', 'sw_js_heap_before_gc_mb'],
  ['worker wasm memory (MB)', 'sw_wasm_memory_mb'],
];
for (const [what, k] of extra) if (report[k] !== undefined) rows.push([what, k, fmt(report[k]), '', '']);
const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), ['', 'key', 'value', 'budget', ''][i].length));
const line = (r) => r.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
log(`\n${line(['', 'key', 'value', 'budget', ''])}`);
for (const r of rows) log(line(r));
log('\ncost against page size (native; HTML parsing is the CLI\'s, the extension reads the live DOM):');
log('  page     engine_ms   html_parse_ms');
for (const s of native.scaling) log(`  ${String(s.page_kb).padStart(4)} KB  ${s.engine_ms.toFixed(3).padStart(9)}   ${s.extract_ms.toFixed(3).padStart(13)}`);
if (report.page_load_samples !== undefined) {
  log(`\npage load: ${report.page_load_pages} pages × ${report.page_load_rounds} rounds = ${report.page_load_samples} loads per side (warm-up round discarded); content script: ${report.cs_pages} loads measured in the page and ${report.cs_pages} traced (${report.cs_pages_ui} showed a banner); cold start: ${report.sw_cold_runs} runs`);
  if (report.cs_missed.length) log(`no verdict or no trace of the content script for: ${report.cs_missed.join(', ')}`);
}
if (report.ordinary_pages !== undefined) {
  log(`\nordinary pages: ${report.ordinary_pages} (median ${(report.ordinary_page_p50_bytes / 1024).toFixed(0)} KB, largest ${(report.ordinary_page_max_bytes / 1024).toFixed(0)} KB) × ${report.ordinary_rounds} rounds per browser for page load (warm-up discarded), one in-page and one traced load each for Lastgate and the controls`);
  if (report.ordinary_cs_missed.length) log(`no record of the content script on: ${report.ordinary_cs_missed.join(', ')}`);
}
log(`\nwrote target/bench/report.json (${report.machine})`);
