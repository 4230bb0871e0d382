// The performance tables in README.md and docs/performance.md are generated from `make bench`'s
// report by scripts/bench/table.mjs, which reads the budgets from run.mjs's source: every budget
// must be readable there, and a number a run did not measure must say so, never vanish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';
import { readBudgets, shortTable, fullTable, replaceBetweenMarkers } from '../../scripts/bench/table.mjs';
import { generateOrdinary } from '../../scripts/bench/ordinary.mjs';

const budgets = readBudgets(readFileSync(join(ROOT, 'scripts', 'bench', 'run.mjs'), 'utf8'));

test('every budget of run.mjs is read, the ordinary- and flow-page budgets of issue 23 among them', () => {
  for (const k of ['ordinary_cs_ms_p50', 'ordinary_cs_ms_p95', 'ordinary_long_tasks', 'flow_cs_ms_p50', 'flow_cs_ms_p95', 'page_load_delta_ci_high', 'wasm_gzip_bytes']) {
    assert.ok(budgets[k], `no budget for ${k}`);
  }
  assert.equal(budgets.ordinary_cs_ms_p50.limit, 1);
  assert.equal(budgets.ordinary_cs_ms_p95.limit, 3);
  assert.equal(budgets.ordinary_long_tasks.limit, 0);
  assert.equal(budgets.page_load_delta_ci_high.limit, 0.02);
  assert.equal(budgets.wasm_gzip_bytes.limit, 400 * 1024);
});

test('a budget is held or missed by the number, and an unmeasured one says so', () => {
  const report = { date: '2026-12-07T16:00:00Z', machine: 'test', ordinary_cs_ms_p50: 0.8, ordinary_cs_ms_p95: 7.5, earlier_date: '2026-12-07T07:51:00Z' };
  const t = shortTable(report, budgets);
  assert.match(t, /ordinary pages: main thread per load, measured in the page, p50 \| 0\.80 ms \| ≤ 1 ms \| holds/);
  assert.match(t, /p95 \| 7\.50 ms \| ≤ 3 ms \| \*\*MISS\*\*/);
  assert.match(t, /long tasks .* \| — \| 0 \| not measured/);
  // A partial run says where its other rows come from.
  assert.match(t, /from the run of 2026-12-07 07:51 UTC/);
  assert.ok(!fullTable(report, budgets).includes('earlier date'), 'earlier_date is not a row');
});

test('the table goes between the markers, and a file without them is refused', () => {
  const text = 'a\n<!-- bench:start -->\nold\n<!-- bench:end -->\nb\n';
  assert.equal(replaceBetweenMarkers(text, 'new', 'x.md'), 'a\n<!-- bench:start -->\nnew\n<!-- bench:end -->\nb\n');
  assert.throws(() => replaceBetweenMarkers('no markers', 'new', 'x.md'), /x\.md: needs/);
});

test('the ordinary pages are the same on every run, span 5 KB to 2 MB, and have distinct URLs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lastgate-ordinary-'));
  const a = generateOrdinary({ count: 30, seed: 7, dir }).map((p) => [p.url, p.bytes]);
  const b = generateOrdinary({ count: 30, seed: 7, dir }).map((p) => [p.url, p.bytes]);
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(a, b);
  const sizes = a.map(([, n]) => n);
  assert.ok(Math.min(...sizes) >= 5 * 1024 && Math.min(...sizes) < 8 * 1024, `smallest ${Math.min(...sizes)}`);
  assert.ok(Math.max(...sizes) >= 1.9 * 1024 * 1024 && Math.max(...sizes) <= 2.2 * 1024 * 1024, `largest ${Math.max(...sizes)}`);
  assert.equal(new Set(a.map(([u]) => u)).size, a.length);
});

test('a long task is counted when it holds the extension\'s work, by the task name Chromium 156 writes', async () => {
  const { extensionMainThreadMs } = await import('../../scripts/bench/trace.mjs');
  const origin = 'chrome-extension://abc/';
  const ours = { ph: 'X', name: 'EvaluateScript', pid: 1, tid: 1, ts: 1_000_000, dur: 60_000, args: { data: { url: `${origin}src/content.js` } } };
  const task = (name, ts, dur, tid = 1) => ({ ph: 'X', name, pid: 1, tid, ts, dur });
  const events = [
    ours,
    task('ThreadControllerImpl::RunTask', 990_000, 80_000), // holds our 60 ms: counted
    task('ThreadControllerImpl::RunTask', 2_000_000, 90_000), // long, but none of our work in it
    task('ThreadControllerImpl::RunTask', 1_100_000, 20_000), // short
    task('ThreadPool_RunTask', 990_000, 80_000, 7), // another thread
  ];
  const m = extensionMainThreadMs(events, origin);
  assert.equal(m.long_tasks, 1);
  assert.equal(m.total_ms, 60);
});
