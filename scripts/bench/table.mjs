// The performance tables of README.md and docs/performance.md, made from target/bench/report.json
// (written by `make bench`), so that no number in them is typed by hand.
//
//   node scripts/bench/table.mjs                  print the full table (every key in the report)
//   node scripts/bench/table.mjs --short          print the README's table (the budgeted numbers)
//   node scripts/bench/table.mjs --write          rewrite both tables between the markers
//                                                 <!-- bench:start --> and <!-- bench:end -->
//   … --report PATH                               read another report.json
//
// The budgets are run.mjs's BUDGETS object, read from its source: run.mjs runs the benchmark when
// imported, and one list of budgets is better than two that drift apart. Node ≥ 18, no packages.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** run.mjs's BUDGETS: key → {what, limit, text}; every entry must read `key: ['what', (v) => v <= LIMIT, 'text'],`. */
export function readBudgets(source) {
  const block = /const BUDGETS = \{\n([\s\S]*?)\n\};/.exec(source);
  if (!block) throw new Error('scripts/bench/run.mjs: no `const BUDGETS = { … };` block found');
  const budgets = {};
  for (const line of block[1].split('\n')) {
    if (!line.trim() || line.trim().startsWith('//')) continue;
    const m = /^\s*([a-z0-9_]+): \['([^']*)', \(v\) => v <= ([0-9.]+(?: \* [0-9.]+)*), '([^']*)'\],?\s*$/.exec(line);
    if (!m) throw new Error(`scripts/bench/run.mjs: cannot read this BUDGETS entry: ${line.trim()}\n  table.mjs reads entries written as key: ['what', (v) => v <= LIMIT, 'budget text'],`);
    const limit = m[3].split('*').reduce((a, x) => a * Number(x), 1);
    budgets[m[1]] = { what: m[2], limit, text: m[4] };
  }
  if (!Object.keys(budgets).length) throw new Error('scripts/bench/run.mjs: BUDGETS is empty');
  return budgets;
}

// What each key is, in the order the full table shows them. A key the report has and this list
// lacks is still shown (at the end, under its own name), so the full table never drops a number.
const GROUPS = [
  ['Size', [
    ['wasm_gzip_bytes', 'shipped engine wasm (after `wasm-opt -Oz`), gzip'],
    ['wasm_raw_bytes', '… raw'],
  ]],
  ['Engine, native (`cargo bench`)', [
    ['engine_native_p50_us', 'engine on a corpus observation, p50 across pages'],
    ['engine_native_p99_us', '… p99'],
    ['engine_native_build_ms', 'building an engine (phrase automaton, suffix list, catalog)'],
    ['engine_10kb_page_ms', 'engine on a generated 10 KB page\'s observation'],
    ['engine_100kb_page_ms', '… 100 KB page'],
    ['engine_1mb_page_ms', '… 1 MB page'],
    ['html_parse_10kb_page_ms', 'HTML parsing of the 10 KB page (the CLI\'s; the extension reads the live DOM)'],
    ['html_parse_100kb_page_ms', '… 100 KB page'],
    ['html_parse_1mb_page_ms', '… 1 MB page'],
  ]],
  ['Engine, the shipped wasm under Node', [
    ['engine_wasm_p50_us', 'engine on a corpus observation, p50 across pages'],
    ['engine_wasm_p99_us', '… p99'],
    ['engine_wasm_build_first_ms', 'building an engine, first in the process'],
    ['engine_wasm_build_second_ms', '… again, on tables already built'],
  ]],
  ['Content script, per page load', [
    ['cs_main_thread_ms_p50', 'main-thread time measured in the page, p50'],
    ['cs_main_thread_ms_p95', '… p95'],
    ['cs_main_thread_ms_p50_no_ui', '… p50 on pages that drew nothing'],
    ['cs_main_thread_ms_p50_ui', '… p50 on pages that showed a banner'],
    ['cs_top_level_ms_p50', '… of which the top level of `extract.js` + `content.js`, p50'],
    ['cs_first_read_ms_p50', '… of which the first read, p50'],
    ['cs_trace_ms_p50', 'all the browser does for the script (trace: its world, compiling, running), p50'],
    ['cs_trace_ms_p95', '… p95'],
    ['cs_inject_ms_p50', '… of which the injection (compile, top level, first read), p50'],
    ['cs_callbacks_ms_p50', '… of which later calls into the script (idle callback, timers, observer, listeners), p50'],
    ['cs_messages_ms_p50', '… of which the browser delivering the injection and the worker\'s answers, p50'],
    ['cs_floor_ms_p50', 'the same trace with two empty scripts injected the same way (the floor), p50'],
    ['cs_floor_ms_p95', '… p95'],
    ['cs_pages', 'page loads traced'],
    ['cs_pages_ui', 'page loads that showed a banner'],
  ]],
  ['Ordinary pages (scripts/bench/ordinary.mjs: generated articles, docs, shops, search results, dashboards, web apps; none a flow page)', [
    ['ordinary_cs_ms_p50', 'Lastgate\'s main-thread time measured in the page, p50'],
    ['ordinary_cs_ms_p95', '… p95'],
    ['ordinary_cs_trace_ms_p50', 'all the browser does for Lastgate\'s scripts (trace), p50'],
    ['ordinary_cs_trace_ms_p95', '… p95'],
    ['ordinary_long_tasks', 'long tasks (≥ 50 ms) that hold any of Lastgate\'s work'],
    ['ordinary_long_tasks_pages', '… counted over this many pages (when not all of them)'],
    ['control_empty_cs_ms_p50', 'control: an empty declared content script (trace), p50'],
    ['control_empty_cs_ms_p95', '… p95'],
    ['control_treewalk_cs_ms_p50', 'control: a declared content script walking the text once (trace), p50'],
    ['control_treewalk_cs_ms_p95', '… p95'],
    ['control_treewalk_in_page_ms_p50', '… measured in the page, p50'],
    ['control_long_tasks_treewalk', '… long tasks holding its work'],
    ['ordinary_trace_to_empty', 'Lastgate ÷ the empty control (trace, p50)'],
    ['ordinary_trace_to_treewalk', 'Lastgate ÷ the treewalk control (trace, p50)'],
    ['ordinary_in_page_to_treewalk', 'Lastgate ÷ the treewalk control (in the page, p50)'],
    ['ordinary_pages_drawn', 'ordinary pages on which Lastgate drew anything'],
    ['page_load_delta', 'page load: Lastgate ÷ no extension, minus the A/A ratio (medians)'],
    ['page_load_delta_ci_low', '… 95 % bootstrap interval over pages, low end'],
    ['page_load_delta_ci_high', '… high end'],
    ['page_load_aa_ratio', 'A/A: the second browser without extensions ÷ the first (medians)'],
    ['page_load_ordinary_ms_p50_lastgate', 'page load with Lastgate, median'],
    ['page_load_ordinary_ms_p50_a', 'page load without extensions, median'],
    ['ordinary_pages', 'pages'],
    ['ordinary_rounds', 'page-load rounds per browser (after one warm-up round)'],
    ['ordinary_page_p50_bytes', 'page size, median'],
    ['ordinary_page_max_bytes', 'page size, largest'],
  ]],
  ['Flow pages (the labelled corpus\'s)', [
    ['flow_cs_ms_p50', 'Lastgate\'s main-thread time measured in the page, p50'],
    ['flow_cs_ms_p95', '… p95'],
    ['flow_cs_pages', 'page loads'],
  ]],
  ['Page load (median `loadEventEnd`)', [
    ['page_load_ratio', 'with / without the extension, ratio of medians'],
    ['page_load_pair_ratio_p50', '… median of the per-page ratios'],
    ['page_load_ratio_ordinary', '… ratio on ordinary pages (read after load)'],
    ['page_load_ratio_early', '… ratio on pages triage marks early (read sooner when load is late)'],
    ['page_load_ms_p50_with', 'median with the extension'],
    ['page_load_ms_p50_without', 'median without'],
    ['page_load_pages', 'pages'],
    ['page_load_pages_ordinary', '… ordinary'],
    ['page_load_pages_early', '… early'],
    ['page_load_rounds', 'measured rounds (after one warm-up round)'],
    ['page_load_samples', 'loads per side'],
  ]],
  ['Service worker', [
    ['sw_cold_start_ms', 'stopped worker: its start → verdict stored (its own clock), median'],
    ['sw_cold_start_ms_max', '… worst of the runs'],
    ['sw_cold_wasm_ready_ms', '… its start → wasm compiled'],
    ['sw_cold_tables_ready_ms', '… its start → built-in tables built'],
    ['sw_cold_policy_ready_ms', '… its start → policy read from storage'],
    ['sw_cold_engine_ready_ms', '… its start → engine ready'],
    ['sw_cold_first_read_ms', '… its start → first full observation received'],
    ['sw_cold_seen_ms', '… its start → verdict seen by a page polling the session area'],
    ['sw_cold_nav_verdict_ms', 'stopped worker: navigation → verdict stored, median'],
    ['sw_warm_verdict_ms', 'running worker: navigation → verdict stored, median'],
    ['sw_cold_runs', 'cold starts measured'],
    ['sw_heap_mb', 'live JS heap + wasm memory after the corpus'],
    ['sw_js_heap_mb', '… live JS heap after a full collection'],
    ['sw_js_heap_before_gc_mb', '… JS heap before that collection'],
    ['sw_wasm_memory_mb', '… wasm memory'],
    ['sw_embedder_heap_mb', '… embedder heap'],
    ['sw_wasm_memories_bytes', '… each `WebAssembly.Memory`, bytes'],
  ]],
];
const NOT_ROWS = new Set(['date', 'earlier_date', 'machine', 'cs_missed', 'ordinary_cs_missed', 'flow_cs_missed']);

function number(v, digits) {
  return v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A measurement with its unit, from the key's suffix. */
export function show(key, v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.map((x) => show(key, x)).join(', ') : 'none';
  if (typeof v !== 'number') return String(v);
  const sig = (x) => number(x, Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2);
  if (key.endsWith('_bytes')) return key === 'sw_wasm_memories_bytes' ? number(v, 0) : `${number(v, 0)} bytes (${number(v / 1024, 1)} KB)`;
  if (key.includes('_us')) return `${sig(v)} µs`;
  if (key.includes('_ms')) return `${sig(v)} ms`;
  if (key.endsWith('_mb')) return `${number(v, 1)} MB`;
  if (key.includes('ratio') || key.startsWith('page_load_delta')) return number(v, 3);
  return number(v, Number.isInteger(v) ? 0 : 2);
}

function row(cells) {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

function budgetCells(key, v, budgets) {
  const b = budgets[key];
  if (!b) return ['', ''];
  if (typeof v !== 'number') return [b.text, 'not measured'];
  return [b.text, v <= b.limit ? 'holds' : '**MISS**'];
}

function runLine(report) {
  const when = typeof report.date === 'string' ? `${report.date.slice(0, 16).replace('T', ' ')} UTC` : 'an undated run';
  const earlier = typeof report.earlier_date === 'string'
    ? ` Rows that run did not measure (a partial run, BENCH_MERGE=1) are from the run of ${report.earlier_date.slice(0, 16).replace('T', ' ')} UTC.`
    : '';
  return `\`make bench\` of ${when}, on ${report.machine ?? 'an unnamed machine'}.${earlier}`;
}

/** The README's table: the budgeted numbers only. */
export function shortTable(report, budgets) {
  const lines = [row(['what', 'measured', 'budget', 'holds?']), '|---|---|---|---|'];
  for (const [key, b] of Object.entries(budgets)) lines.push(row([b.what, show(key, report[key]), ...budgetCells(key, report[key], budgets)]));
  return `${lines.join('\n')}\n\n${runLine(report)}`;
}

/** docs/performance.md's table: every key in the report, grouped, each with its key. */
export function fullTable(report, budgets) {
  const lines = [row(['what (`report.json` key)', 'measured', 'budget', 'holds?']), '|---|---|---|---|'];
  const shown = new Set();
  const put = (key, what) => {
    shown.add(key);
    lines.push(row([`${what} (\`${key}\`)`, show(key, report[key]), ...budgetCells(key, report[key], budgets)]));
  };
  for (const [group, keys] of GROUPS) {
    const present = keys.filter(([k]) => k in report || k in budgets);
    if (!present.length) continue;
    lines.push(row([`**${group}**`, '', '', '']));
    for (const [k, what] of present) put(k, what);
  }
  const rest = [...new Set([...Object.keys(budgets), ...Object.keys(report)])].filter((k) => !shown.has(k) && !NOT_ROWS.has(k));
  if (rest.length) {
    lines.push(row(['**Other keys**', '', '', '']));
    for (const k of rest) put(k, k.replace(/_/g, ' '));
  }
  let out = `${lines.join('\n')}\n\n${runLine(report)}`;
  if (Array.isArray(report.cs_missed) && report.cs_missed.length) out += `\nNo verdict or no trace of the content script for: ${report.cs_missed.join(', ')}.`;
  return out;
}

/** `text` with what lies between the bench markers replaced by `table`. */
export function replaceBetweenMarkers(text, table, file) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < 0 || b < a) throw new Error(`${file}: needs ${START} … ${END} (in that order) where the table goes`);
  if (text.indexOf(START, a + 1) >= 0 || text.indexOf(END, b + 1) >= 0) throw new Error(`${file}: has more than one ${START} … ${END} pair`);
  return `${text.slice(0, a + START.length)}\n${table}\n${text.slice(b)}`;
}

function main(argv) {
  const args = argv.slice(2);
  const at = args.indexOf('--report');
  const reportPath = at >= 0 ? args[at + 1] : join(ROOT, 'target', 'bench', 'report.json');
  if (at >= 0 && !reportPath) throw new Error('--report needs a path');
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read ${reportPath} (${e.code === 'ENOENT' ? 'no such file: run make bench first' : e.message})`, { cause: e });
  }
  const budgets = readBudgets(readFileSync(join(ROOT, 'scripts', 'bench', 'run.mjs'), 'utf8'));
  if (!args.includes('--write')) {
    console.log(args.includes('--short') ? shortTable(report, budgets) : fullTable(report, budgets));
    return;
  }
  // Both files' new text first: a file without its markers leaves the other unwritten too.
  const out = [['README.md', shortTable(report, budgets)], [join('docs', 'performance.md'), fullTable(report, budgets)]]
    .map(([file, table]) => [join(ROOT, file), replaceBetweenMarkers(readFileSync(join(ROOT, file), 'utf8'), table, file)]);
  for (const [path, text] of out) {
    writeFileSync(path, text);
    console.log(`wrote the table in ${relative(ROOT, path)}`);
  }
}

// Runs as a script; importing it only defines the functions above.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main(process.argv);
  } catch (e) {
    console.error(`table.mjs: ${e.message}`);
    process.exit(2);
  }
}
