// What users pay on the pages they browse: the "ordinary pages" set (ordinary.mjs, pages that are
// not flow pages) measured in headless Chromium with Lastgate, beside two yardsticks any machine can
// reproduce and an A/A control for page load, all in one run:
//
//   lastgate    dist/extension as shipped
//   empty       an extension whose only content script (declared in its manifest, document_idle)
//               is empty: what any content script costs here
//   treewalk    the same with a content script that walks the page's text once with a TreeWalker
//               (it times itself with performance.now(), like Lastgate's content script does)
//   A, B        two browsers without extensions: the page-load A/A control
//
// Per ordinary page:
//   page load   (rounds + 1 warm-up) × {lastgate, A, B}, the order rotating page by page and round by
//               round; Navigation Timing loadEventEnd − startTime. page_load_delta is
//               median(lastgate)/median(A) − median(B)/median(A): the extension's slowdown beyond
//               what a second identical browser shows; its 95 % interval is a bootstrap over pages.
//   in page     Lastgate's own account of its main-thread time (content.js __lastgateCost, every frame
//               summed), read after the load, its injection and the glance have settled
//               (ordinary_cs_ms_*); the treewalk control's own account the same way.
//   traced      one traced load each for lastgate, empty and treewalk: the browser's account of the
//               main-thread time of the extension's scripts (trace.mjs: world, compile, run, forced
//               layout), and the long tasks (≥ 50 ms) that contain any of it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tests/lib/corpus.mjs';
import { startServer } from '../../tests/lib/server.mjs';
import { EXTENSION, contentScriptRecords } from '../../tests/lib/browser.mjs';
import { startChromium } from './chromium.mjs';
import { extensionMainThreadMs, traced } from './trace.mjs';
import { loadTime } from './browser.mjs';
import { percentile } from './wasm-node.mjs';
import { generateOrdinary } from './ordinary.mjs';

const SETTLE_MS = 300;
// After load: the worker injects on the load event and a glance is answered within this.
const AFTER_LOAD_MS = 700;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => percentile(sorted(xs), 0.5);

async function visit(page, p) {
  await page.goto(p.url, { waitUntil: 'load', timeout: 60000 });
  return loadTime(page);
}

const CONTROL_SCRIPTS = {
  empty: '// empty: what a declared content script costs before it does anything\n',
  treewalk: `// Walks the page's text once: the cheapest read of a whole page.
const t0 = performance.now();
const w = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
let chars = 0;
while (w.nextNode()) chars += w.currentNode.data.length;
globalThis.__lastgateCost = { ms: performance.now() - t0, calls: 1, chars };
`,
};

/** Writes the control extension `name` into target/bench/controls/<name> and returns its path. */
function controlExtension(name) {
  const dir = join(ROOT, 'target', 'bench', 'controls', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify({
    manifest_version: 3,
    name: `Lastgate bench control: ${name}`,
    version: '1.0',
    content_scripts: [{ matches: ['<all_urls>'], js: ['src/control.js'], run_at: 'document_idle' }],
  }, null, 2)}\n`);
  writeFileSync(join(dir, 'src', 'control.js'), CONTROL_SCRIPTS[name]);
  return dir;
}

async function extensionOrigin(context) {
  // Controls have no worker; their id comes from the isolated world they create in a page.
  const sw = context.serviceWorkers()[0];
  return sw ? `chrome-extension://${new URL(sw.url()).host}/` : null;
}

/** The id of the extension whose isolated world is in `page` (a control without a worker). */
async function isolatedWorldOrigin(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const c = contexts.find((x) => x.auxData?.type === 'isolated' && x.origin.startsWith('chrome-extension://'));
    return c ? `${c.origin}/` : null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The 95 % bootstrap interval of `stat(sample)` over resamples of `units` (seeded, deterministic). */
function bootstrap(units, stat, { resamples = 2000, seed = 7 } = {}) {
  let a = seed;
  const rand = () => { a = (a * 1103515245 + 12345) % 2147483648; return a / 2147483648; };
  const values = [];
  for (let k = 0; k < resamples; k += 1) {
    const s = Array.from({ length: units.length }, () => units[Math.floor(rand() * units.length)]);
    values.push(stat(s));
  }
  const v = sorted(values);
  return [percentile(v, 0.025), percentile(v, 0.975)];
}

/**
 * The in-page pass alone over the labelled corpus's flow pages (every `every`-th one): what a page
 * that shows a flow costs. `make bench` gets these numbers from browser.mjs's full corpus pass; this
 * is the same measurement without the corpus's page-load rounds, traces and cold starts, for a
 * quicker look (BENCH_CORPUS=0 BENCH_FLOW_EVERY=n).
 */
export async function benchFlowPages({ every = 1, log = () => {} } = {}) {
  const { loadCorpus, corpusHosts } = await import('../../tests/lib/corpus.mjs');
  const all = loadCorpus();
  const pages = all.filter((p) => p.flow !== 'none' && !p.late).filter((_, i) => i % every === 0);
  const routes = new Map();
  const srv = await startServer({ routes });
  const b = await startChromium({ extension: EXTENSION, hosts: corpusHosts(all), port: srv.port });
  try {
    const sw = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker', { timeout: 15000 }));
    const id = new URL(sw.url()).host;
    const tab = b.context.pages()[0] ?? (await b.context.newPage());
    const ms = [];
    const missed = [];
    for (const p of pages) {
      const u = new URL(p.url);
      routes.set(u.hostname + u.pathname + u.search, p.path);
      await tab.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined, timeout: 30000 });
      await sleep(AFTER_LOAD_MS + SETTLE_MS);
      const recs = await contentScriptRecords(tab, id);
      if (!recs.length) missed.push(p.file);
      else ms.push(recs.reduce((a, x) => a + x.record.ms, 0));
    }
    log(`  flow pages, in page: ${ms.length} loads (every ${every}. of the corpus's flow pages; ${missed.length} without a record)`);
    return { flow_cs_ms_p50: median(ms), flow_cs_ms_p95: percentile(sorted(ms), 0.95), flow_cs_pages: ms.length, flow_cs_missed: missed };
  } finally {
    await b.close();
    await srv.close();
  }
}

export async function benchOrdinary({ rounds = 2, limit = 0, count = 220, log = () => {} } = {}) {
  const all = generateOrdinary({ count });
  const pages = limit > 0 ? all.slice(0, limit) : all;
  const routes = new Map(pages.map((p) => { const u = new URL(p.url); return [u.hostname + u.pathname + u.search, p.path]; }));
  const srv = await startServer({ routes });
  const hosts = [...new Set(pages.map((p) => new URL(p.url).hostname))];
  const browsers = {};
  try {
    browsers.lastgate = await startChromium({ extension: EXTENSION, hosts, port: srv.port });
    browsers.empty = await startChromium({ extension: controlExtension('empty'), hosts, port: srv.port });
    browsers.treewalk = await startChromium({ extension: controlExtension('treewalk'), hosts, port: srv.port });
    browsers.A = await startChromium({ hosts, port: srv.port });
    browsers.B = await startChromium({ hosts, port: srv.port });
    const tab = {};
    for (const [k, b] of Object.entries(browsers)) tab[k] = b.context.pages()[0] ?? (await b.context.newPage());
    const sw = browsers.lastgate.context.serviceWorkers()[0] ?? (await browsers.lastgate.context.waitForEvent('serviceworker', { timeout: 15000 }));
    const lastgateId = new URL(sw.url()).host;

    // --- page load: lastgate / A / B, order rotating ------------------------------------------
    const loads = pages.map(() => ({ lastgate: [], A: [], B: [] }));
    const sides = ['lastgate', 'A', 'B'];
    for (let r = 0; r <= rounds; r += 1) {
      for (let i = 0; i < pages.length; i += 1) {
        const k = (r + i) % 3;
        for (const side of [...sides.slice(k), ...sides.slice(0, k)]) {
          const ms = await visit(tab[side], pages[i]);
          await sleep(SETTLE_MS);
          if (r > 0) loads[i][side].push(ms);
        }
      }
      log(`  ordinary pages, page load: round ${r}${r === 0 ? ' (warm-up, discarded)' : ''} of ${rounds} done`);
    }

    // --- in page: Lastgate's own account, and the treewalk control's --------------------------
    const inPage = [];
    const missed = [];
    for (const p of pages) {
      await visit(tab.lastgate, p);
      await sleep(AFTER_LOAD_MS);
      const recs = await contentScriptRecords(tab.lastgate, lastgateId);
      const top = recs.find((x) => x.top);
      const drew = Boolean(top && top.record.by && (top.record.by.frameLoad || top.record.by.guardTick));
      if (!recs.length) missed.push(p.file);
      await visit(tab.treewalk, p);
      await sleep(SETTLE_MS);
      const tw = await contentScriptRecords(tab.treewalk, (await isolatedWorldOrigin(tab.treewalk) || '').replace(/^chrome-extension:\/\/|\/$/g, ''));
      // `by`: the top frame's time per entry into the script (top level, glance, pulls, full read).
      inPage.push({ page: p.file, bytes: p.bytes, ms: recs.reduce((a, x) => a + x.record.ms, 0), frames: recs.length, drew, by: top ? top.record.by : null, treewalk_ms: tw.length ? tw[0].record.ms : null });
    }
    log(`  ordinary pages, in page: ${inPage.length} loads (${missed.length} without a record of the content script)`);

    // --- traced: lastgate, empty, treewalk ------------------------------------------------------
    const tracedMs = { lastgate: [], empty: [], treewalk: [] };
    const longTasks = { lastgate: 0, empty: 0, treewalk: 0 };
    for (const side of Object.keys(tracedMs)) {
      const cdp = await browsers[side].context.newCDPSession(tab[side]);
      let origin = side === 'lastgate' ? await extensionOrigin(browsers.lastgate.context) : null;
      for (const p of pages) {
        const { events } = await traced(cdp, async () => {
          await visit(tab[side], p);
          await sleep(AFTER_LOAD_MS);
        });
        origin = origin || (await isolatedWorldOrigin(tab[side]));
        const m = extensionMainThreadMs(events, origin || 'chrome-extension://none/');
        tracedMs[side].push(m.total_ms);
        longTasks[side] += m.long_tasks;
      }
      await cdp.detach();
      log(`  ordinary pages, traced: ${side} (${pages.length} loads)`);
    }
    mkdirSync(join(ROOT, 'target', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'target', 'bench', 'ordinary.json'), `${JSON.stringify({ in_page: inPage, traced: tracedMs, loads: loads.map((l, i) => ({ page: pages[i].file, ...l })) }, null, 1)}\n`);

    const flat = (ls, side) => ls.flatMap((l) => l[side]);
    const delta = (ls) => median(flat(ls, 'lastgate')) / median(flat(ls, 'A')) - median(flat(ls, 'B')) / median(flat(ls, 'A'));
    const [lo, hi] = bootstrap(loads, delta);
    const own = inPage.map((x) => x.ms);
    const tw = inPage.map((x) => x.treewalk_ms).filter((x) => x !== null);
    const out = {
      ordinary_pages: pages.length,
      ordinary_rounds: rounds,
      ordinary_page_p50_bytes: median(pages.map((p) => p.bytes)),
      ordinary_page_max_bytes: Math.max(...pages.map((p) => p.bytes)),
      ordinary_cs_ms_p50: median(own),
      ordinary_cs_ms_p95: percentile(sorted(own), 0.95),
      ordinary_cs_trace_ms_p50: median(tracedMs.lastgate),
      ordinary_cs_trace_ms_p95: percentile(sorted(tracedMs.lastgate), 0.95),
      ordinary_long_tasks: longTasks.lastgate,
      ordinary_pages_drawn: inPage.filter((x) => x.drew).length,
      ordinary_cs_missed: missed,
      control_empty_cs_ms_p50: median(tracedMs.empty),
      control_empty_cs_ms_p95: percentile(sorted(tracedMs.empty), 0.95),
      control_treewalk_cs_ms_p50: median(tracedMs.treewalk),
      control_treewalk_cs_ms_p95: percentile(sorted(tracedMs.treewalk), 0.95),
      control_treewalk_in_page_ms_p50: tw.length ? median(tw) : null,
      control_long_tasks_treewalk: longTasks.treewalk,
      page_load_delta: delta(loads),
      page_load_delta_ci_low: lo,
      page_load_delta_ci_high: hi,
      page_load_aa_ratio: median(flat(loads, 'B')) / median(flat(loads, 'A')),
      page_load_ordinary_ms_p50_lastgate: median(flat(loads, 'lastgate')),
      page_load_ordinary_ms_p50_a: median(flat(loads, 'A')),
    };
    out.ordinary_trace_to_empty = out.ordinary_cs_trace_ms_p50 / out.control_empty_cs_ms_p50;
    out.ordinary_trace_to_treewalk = out.ordinary_cs_trace_ms_p50 / out.control_treewalk_cs_ms_p50;
    out.ordinary_in_page_to_treewalk = out.control_treewalk_in_page_ms_p50 ? out.ordinary_cs_ms_p50 / out.control_treewalk_in_page_ms_p50 : null;
    return out;
  } finally {
    for (const b of Object.values(browsers)) await b.close().catch(() => {});
    await srv.close();
  }
}
