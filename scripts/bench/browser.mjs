// The extension as a user's browser experiences it: headless Chromium 156 (/usr/bin/chromium) on
// the labelled corpus, served at the pages' real-looking hosts by the local HTTPS test server.
//
// Two browsers run side by side: one with dist/extension loaded, one without any extension (same
// flags, fresh profiles). Each keeps one tab. Measurements:
//   page load   every corpus page, in both browsers, one after the other, the order alternating page by
//               page and round by round (ABBA); round 1 is warm-up and discarded; page-load time is
//               the page's own Navigation Timing: loadEventEnd − startTime. Between loads each tab
//               rests SETTLE_MS so one page's after-load work is not counted against the next.
//   main thread measured inside the page: one more pass over the corpus in the extension's browser;
//               after each load's verdict is stored plus SETTLE_MS, the content script's own account
//               of its main-thread time (content.js `__lastgateCost`: performance.now() around every
//               entry into it) is read from its isolated world over DevTools (cs_main_thread_ms_*).
//               Then a traced pass (trace.mjs) for what the browser does for the script besides —
//               creating its world, compiling it — from navigation until the verdict is stored plus
//               SETTLE_MS (cs_trace_ms_*), and the same trace with empty scripts (cs_floor_ms_*).
//   heap        the service worker's live JS heap (Runtime.getHeapUsage after a full collection) and its wasm memory (every
//               WebAssembly.Memory in the worker, found with Runtime.queryObjects), after it has
//               assessed the corpus (rounds + 1) times; read through a browser-level CDP session.
//   cold start  the worker stopped (ServiceWorker.stopAllWorkers), its target gone; a page load wakes
//               it. sw_cold_start_ms: from the worker's start (its performance.timeOrigin) to the
//               verdict written to chrome.storage.session, both on the worker's clock (its
//               lastgate:first-stored mark); sw_cold_seen_ms: until an extension page of the same
//               browser, polling the session area, sees it; sw_cold_nav_verdict_ms: from page.goto()
//               to that, which includes the page's own load; sw_warm_verdict_ms: the same with the
//               worker running.
import { loadCorpus, corpusHosts } from '../../tests/lib/corpus.mjs';
import { startServer, corpusRoutes } from '../../tests/lib/server.mjs';
import { EXTENSION, contentScriptRecords } from '../../tests/lib/browser.mjs';
import { startChromium } from './chromium.mjs';
import { extensionMainThreadMs, traced } from './trace.mjs';
import { percentile, shippedEngine } from './wasm-node.mjs';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tests/lib/corpus.mjs';

const SETTLE_MS = 300;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => percentile(sorted(xs), 0.5);

/** Navigation Timing of the page in `page`: loadEventEnd − startTime, in ms. */
export async function loadTime(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const read = () => {
      const n = performance.getEntriesByType('navigation')[0];
      if (n && n.loadEventEnd > 0) resolve(n.loadEventEnd - n.startTime);
      else setTimeout(read, 5);
    };
    read();
  }));
}

async function visit(page, p) {
  await page.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined, timeout: 30000 });
  return loadTime(page);
}

/**
 * An extension page of the same browser that watches chrome.storage.session (read from the page,
 * which never wakes the worker) for the verdict of a new document at a URL. It polls every 2 ms
 * inside the page and timestamps what it sees (storage.onChanged turned out not to reach such a
 * page again after the worker had been stopped).
 */
async function verdictWatcher(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/managed_schema.json`);
  const tops = () => page.evaluate(async () => Object.entries(await chrome.storage.session.get(null))
    .filter(([k, v]) => k.startsWith('frames:') && v && v.top).map(([, v]) => v.top));
  return {
    /** The documents that have a verdict now; call before navigating. */
    before: tops,
    /** Epoch ms at which a verdict for a document at `url` not in `seen` was first read, or null. */
    waitFor: (url, seen, timeoutMs = 10000) => page.evaluate(([u, old, ms]) => new Promise((resolve) => {
      const deadline = Date.now() + ms;
      const poll = async () => {
        const all = await chrome.storage.session.get(null);
        for (const [k, v] of Object.entries(all)) {
          if (k.startsWith('frames:') && v && v.url === u && v.top && !old.includes(v.top) && all[`verdict:${k.slice(7)}`]) return resolve(Date.now());
        }
        if (Date.now() > deadline) return resolve(null);
        setTimeout(poll, 2);
      };
      poll();
    }), [url, seen, timeoutMs]),
  };
}

/** A DevTools-protocol session on the worker's target (legacy non-flat messages over the browser session). */
async function workerSession(cdp, extensionId) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const t = targetInfos.find((x) => x.type === 'service_worker' && x.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!t) throw new Error('the extension has no running service worker');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: t.targetId, flatten: false });
  let next = 0;
  const pending = new Map();
  const onMessage = (m) => {
    if (m.sessionId !== sessionId) return;
    const msg = JSON.parse(m.message);
    if (msg.id && pending.has(msg.id)) { pending.get(msg.id)(msg); pending.delete(msg.id); }
  };
  cdp.on('Target.receivedMessageFromTarget', onMessage);
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    next += 1;
    const id = next;
    pending.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
  });
  const detach = async () => {
    cdp.off('Target.receivedMessageFromTarget', onMessage);
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  };
  return { send, detach };
}

async function workerMemory(cdp, extensionId) {
  const w = await workerSession(cdp, extensionId);
  try {
    // The live heap: what the worker holds, after a full collection (the heap before it is kept
    // too: garbage waiting for the collector is memory as well, for a while).
    const before = await w.send('Runtime.getHeapUsage');
    await w.send('HeapProfiler.collectGarbage');
    const heap = await w.send('Runtime.getHeapUsage');
    const proto = await w.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const found = await w.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
    const sizes = await w.send('Runtime.callFunctionOn', {
      objectId: found.objects.objectId,
      functionDeclaration: 'function () { return this.map((m) => m.buffer.byteLength); }',
      returnByValue: true,
    });
    const wasmBytes = sizes.result.value.reduce((a, b) => a + b, 0);
    return { js_heap_before_gc_bytes: before.usedSize, js_heap_used_bytes: heap.usedSize, embedder_heap_bytes: heap.embedderHeapUsedSize ?? 0, wasm_memory_bytes: wasmBytes, wasm_memories: sizes.result.value };
  } finally {
    await w.detach();
  }
}

/** The running worker's start (epoch ms) and its engine-ready mark (ms after start, or null). */
async function workerTimes(cdp, extensionId) {
  const w = await workerSession(cdp, extensionId);
  try {
    const r = await w.send('Runtime.evaluate', {
      expression: 'JSON.stringify({ origin: performance.timeOrigin, ready: performance.getEntriesByName("lastgate:engine-ready")[0]?.startTime ?? null, wasm: performance.getEntriesByName("lastgate:wasm-ready")[0]?.startTime ?? null, policy: performance.getEntriesByName("lastgate:policy-ready")[0]?.startTime ?? null, tables: performance.getEntriesByName("lastgate:tables-ready")[0]?.startTime ?? null, read: performance.getEntriesByName("lastgate:first-read")[0]?.startTime ?? null, stored: performance.getEntriesByName("lastgate:first-stored")[0]?.startTime ?? null })',
      returnByValue: true,
    });
    return JSON.parse(r.result.value);
  } finally {
    await w.detach();
  }
}

async function workerRunning(cdp, extensionId) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.some((x) => x.type === 'service_worker' && x.url.startsWith(`chrome-extension://${extensionId}/`));
}

export async function benchBrowser({ rounds = 3, coldRuns = 7, limit = 0, log = () => {} } = {}) {
  const all = loadCorpus();
  const pages = limit > 0 ? all.slice(0, limit) : all;
  const routes = corpusRoutes(pages);
  // Several corpus pages share a URL up to its #fragment; the route is re-pointed before each visit.
  const serve = (p) => { const u = new URL(p.url); routes.set(u.hostname + u.pathname + u.search, p.path); };
  const srv = await startServer({ routes });
  const hosts = corpusHosts(all);
  const withExt = await startChromium({ extension: EXTENSION, hosts, port: srv.port });
  const without = await startChromium({ hosts, port: srv.port });
  try {
    const sw = withExt.context.serviceWorkers()[0] ?? (await withExt.context.waitForEvent('serviceworker', { timeout: 15000 }));
    const extensionId = new URL(sw.url()).host;
    const tabA = withExt.context.pages()[0] ?? (await withExt.context.newPage());
    const tabB = without.context.pages()[0] ?? (await without.context.newPage());

    // --- page load, alternating -------------------------------------------------------------
    const loads = { with: [], without: [] };
    const pairRatios = [];
    // Pages whose URL alone says they matter (engine.triage: a known flow page, a lookalike or
    // suspicious host; read sooner when their load is late) versus ordinary pages.
    const engine = await shippedEngine();
    const early = pages.map((p) => engine.triage(p.url).early);
    const byKind = { early: { with: [], without: [] }, ordinary: { with: [], without: [] } };
    for (let r = 0; r <= rounds; r += 1) {
      for (let i = 0; i < pages.length; i += 1) {
        const p = pages[i];
        serve(p);
        const order = (r + i) % 2 === 0 ? [['with', tabA], ['without', tabB]] : [['without', tabB], ['with', tabA]];
        const got = {};
        for (const [side, tab] of order) {
          got[side] = await visit(tab, p);
          await sleep(SETTLE_MS);
        }
        if (r === 0) continue; // warm-up round
        loads.with.push(got.with);
        loads.without.push(got.without);
        const kind = byKind[early[i] ? 'early' : 'ordinary'];
        kind.with.push(got.with);
        kind.without.push(got.without);
        pairRatios.push(got.with / got.without);
      }
      log(`  page load: round ${r}${r === 0 ? ' (warm-up, discarded)' : ''} done`);
    }

    // --- service-worker memory after assessing the corpus (rounds + 1) times ----------------
    const memory = await workerMemory(withExt.cdp, extensionId);

    // The page that watches for verdicts is opened only now: during the page-load rounds both
    // browsers have exactly one tab.
    const watcher = await verdictWatcher(withExt.context, extensionId);

    // --- content-script main-thread time, measured inside the page --------------------------
    // Every corpus page once more, untraced: the script's own performance.now() account of
    // extraction, messaging and rendering (contentScriptRecords in tests/lib/browser.mjs).
    const inPage = [];
    for (const p of pages) {
      serve(p);
      const seen = await watcher.before();
      const loadStart = Date.now();
      await visit(tabA, p);
      const at = await watcher.waitFor(p.url, seen, 5000);
      await sleep(SETTLE_MS);
      // Every frame the script ran in, summed: the cost of the page load, not of one document.
      const recs = await contentScriptRecords(tabA, extensionId);
      const top = recs.find((x) => x.top);
      if (at === null || recs.length === 0) csMissed.push(`in-page: ${p.file}`);
      inPage.push({
        page: p.file,
        flow: p.flow !== 'none',
        ms: recs.reduce((a, x) => a + x.record.ms, 0),
        calls: recs.reduce((a, x) => a + x.record.calls, 0),
        frames: recs.length,
        t: top ? top.record : null,
        verdict_after_ms: at === null ? null : at - loadStart,
      });
    }
    log(`  content script (in-page): ${inPage.length} loads`);

    // --- content-script main-thread time, one traced pass -----------------------------------
    const cdpA = await withExt.context.newCDPSession(tabA);
    const origin = `chrome-extension://${extensionId}/`;
    const cs = [];
    const csMissed = [];
    // BENCH_TRACED=0 skips this pass (a quick look at the in-page numbers while working on them).
    for (const p of process.env.BENCH_TRACED === '0' ? [] : pages) {
      serve(p);
      const seen = await watcher.before();
      const { events, result: verdictAt } = await traced(cdpA, async () => {
        await visit(tabA, p);
        const at = await watcher.waitFor(p.url, seen, 5000);
        await sleep(SETTLE_MS);
        return at;
      });
      const m = extensionMainThreadMs(events, origin);
      if (verdictAt === null || m.threads === 0) csMissed.push(p.file);
      cs.push({ page: p.file, ...m });
    }
    await cdpA.detach();
    log(`  content script: ${cs.length} traced loads`);

    // --- the floor: the same injections of two empty scripts ----------------------------------
    // What getting any content script into a page costs here (the browser creating the isolated
    // world and its chrome.* bindings, delivering the injection), whatever the script does: a copy
    // of the extension whose content scripts are empty, traced over the same pages. Nothing reports
    // a verdict, so each load is traced for a fixed time instead.
    const floor = [];
    if (process.env.BENCH_FLOOR !== '0') {
      const floorExt = join(ROOT, 'target', 'bench', 'extension-empty-scripts');
      rmSync(floorExt, { recursive: true, force: true });
      cpSync(EXTENSION, floorExt, { recursive: true });
      for (const f of ['extract.js', 'content.js']) writeFileSync(join(floorExt, 'src', f), '// empty: the floor of injecting a content script\n');
      const fl = await startChromium({ extension: floorExt, hosts, port: srv.port });
      try {
        const flSw = fl.context.serviceWorkers()[0] ?? (await fl.context.waitForEvent('serviceworker', { timeout: 15000 }));
        const flOrigin = `chrome-extension://${new URL(flSw.url()).host}/`;
        const tab = fl.context.pages()[0] ?? (await fl.context.newPage());
        const cdpF = await fl.context.newCDPSession(tab);
        for (const p of pages) {
          serve(p);
          const { events } = await traced(cdpF, async () => {
            await visit(tab, p);
            await sleep(SETTLE_MS + 400); // past the worker's injection after load
          });
          floor.push(extensionMainThreadMs(events, flOrigin).total_ms);
        }
        await cdpF.detach();
      } finally {
        await fl.close();
      }
      log(`  content-script floor (empty scripts): ${floor.length} traced loads`);
    }
    mkdirSync(join(ROOT, 'target', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'target', 'bench', 'content-script.json'), `${JSON.stringify({ in_page: inPage, traced: cs }, null, 1)}\n`);

    // --- cold start ---------------------------------------------------------------------------
    const coldPages = pages.filter((p) => !p.late).filter((_, i) => i % Math.max(1, Math.floor(pages.length / coldRuns)) === 0).slice(0, coldRuns);
    const swCdp = await withExt.context.newCDPSession(tabA);
    await swCdp.send('ServiceWorker.enable');
    const cold = []; // worker start → verdict stored
    const coldNav = []; // navigation start → verdict stored, worker stopped before
    const engineReady = []; // worker start → engine ready
    const wasmReady = []; // worker start → wasm compiled and instantiated
    const policyReady = []; // worker start → policy read from storage
    const tablesReady = []; // worker start → the engine's built-in tables built (prepare())
    const firstRead = []; // worker start → the first full observation received
    const coldSeen = []; // worker start → the verdict seen by the watcher page
    const warm = [];
    for (const p of coldPages) {
      serve(p);
      await tabA.goto('about:blank');
      // Warm: the worker is running (it just handled the previous page).
      await sleep(SETTLE_MS);
      let seen = await watcher.before();
      let since = Date.now();
      await tabA.goto(p.url, { waitUntil: 'commit', referer: p.referrer || undefined });
      let at = await watcher.waitFor(p.url, seen);
      if (at !== null) warm.push(at - since);
      await tabA.goto('about:blank');
      await sleep(SETTLE_MS);
      // Cold: stop the worker and wait until its target is gone.
      await swCdp.send('ServiceWorker.stopAllWorkers');
      for (let i = 0; i < 200 && (await workerRunning(withExt.cdp, extensionId)); i += 1) await sleep(10);
      await sleep(200);
      seen = await watcher.before();
      since = Date.now();
      await tabA.goto(p.url, { waitUntil: 'commit', referer: p.referrer || undefined });
      at = await watcher.waitFor(p.url, seen);
      if (at !== null) {
        coldNav.push(at - since);
        // The worker's own clock: when this worker started (performance.timeOrigin) and when its
        // engine was ready (the `lastgate:engine-ready` mark background.js sets).
        const t = await workerTimes(withExt.cdp, extensionId).catch(() => null);
        if (t) {
          // The worker's own clock: its `lastgate:first-stored` mark is set when chrome.storage.session
          // has taken the verdict. The watcher page sees it later, by as much as one poll of the whole
          // session area takes (that grows with what a long-lived tab leaves there); kept apart.
          coldSeen.push(at - t.origin);
          if (t.stored !== null) cold.push(t.stored);
          else csMissed.push(`cold start: ${p.file}: no lastgate:first-stored mark`);
          if (t.ready !== null) engineReady.push(t.ready);
          if (t.wasm !== null) wasmReady.push(t.wasm);
          if (t.policy !== null) policyReady.push(t.policy);
          if (t.tables !== null) tablesReady.push(t.tables);
          if (t.read !== null) firstRead.push(t.read);
        }
      } else {
        csMissed.push(`cold start: ${p.file}`);
        log(`  cold start: no verdict for ${p.url} within 10 s`);
      }
    }
    await swCdp.detach();
    log(`  cold start: ${cold.length} runs`);

    const total = cs.map((m) => m.total_ms).sort((a, b) => a - b);
    const own = inPage.map((x) => x.ms).sort((a, b) => a - b);
    // Pages that showed a banner (its frame loaded, the tamper guard ran) apart from the rest.
    const shown = (x) => x.t && x.t.by && (x.t.by.frameLoad || x.t.by.guardTick);
    const byPart = (name) => median(inPage.map((x) => (x.t && x.t.by && x.t.by[name]) || 0));
    return {
      page_load_ratio: median(loads.with) / median(loads.without),
      page_load_ms_p50_with: median(loads.with),
      page_load_ms_p50_without: median(loads.without),
      page_load_pair_ratio_p50: median(pairRatios),
      page_load_ratio_ordinary: median(byKind.ordinary.with) / median(byKind.ordinary.without),
      page_load_ratio_early: median(byKind.early.with) / median(byKind.early.without),
      page_load_pages_ordinary: early.filter((x) => !x).length,
      page_load_pages_early: early.filter((x) => x).length,
      page_load_rounds: rounds,
      page_load_pages: pages.length,
      page_load_samples: loads.with.length,
      cs_main_thread_ms_p50: percentile(own, 0.5),
      cs_main_thread_ms_p95: percentile(own, 0.95),
      // The labelled corpus's flow pages: what a page that shows a flow costs.
      flow_cs_ms_p50: median(inPage.filter((x) => x.flow).map((x) => x.ms)),
      flow_cs_ms_p95: percentile(sorted(inPage.filter((x) => x.flow).map((x) => x.ms)), 0.95),
      flow_cs_pages: inPage.filter((x) => x.flow).length,
      cs_main_thread_ms_p50_no_ui: median(inPage.filter((x) => !shown(x)).map((x) => x.ms)),
      cs_main_thread_ms_p50_ui: median(inPage.filter(shown).map((x) => x.ms)),
      cs_pages_ui: inPage.filter(shown).length,
      cs_top_level_ms_p50: byPart('top'),
      cs_first_read_ms_p50: byPart('startOnce'),
      cs_trace_ms_p50: percentile(total, 0.5),
      cs_trace_ms_p95: percentile(total, 0.95),
      cs_inject_ms_p50: median(cs.map((m) => m.inject_ms)),
      ...(floor.length ? { cs_floor_ms_p50: median(floor), cs_floor_ms_p95: percentile([...floor].sort((a, b) => a - b), 0.95) } : {}),
      cs_callbacks_ms_p50: median(cs.map((m) => m.callbacks_ms)),
      cs_messages_ms_p50: median(cs.map((m) => m.messages_ms)),
      cs_pages: cs.length,
      cs_missed: csMissed,
      sw_cold_start_ms: median(cold),
      sw_cold_start_ms_max: Math.max(...cold),
      sw_cold_engine_ready_ms: median(engineReady),
      sw_cold_wasm_ready_ms: median(wasmReady),
      sw_cold_policy_ready_ms: median(policyReady),
      sw_cold_tables_ready_ms: median(tablesReady),
      sw_cold_first_read_ms: median(firstRead),
      sw_cold_seen_ms: median(coldSeen),
      sw_cold_nav_verdict_ms: median(coldNav),
      sw_warm_verdict_ms: median(warm),
      sw_cold_runs: cold.length,
      sw_heap_mb: (memory.js_heap_used_bytes + memory.wasm_memory_bytes) / (1024 * 1024),
      sw_js_heap_mb: memory.js_heap_used_bytes / (1024 * 1024),
      sw_js_heap_before_gc_mb: memory.js_heap_before_gc_bytes / (1024 * 1024),
      sw_wasm_memory_mb: memory.wasm_memory_bytes / (1024 * 1024),
      sw_embedder_heap_mb: memory.embedder_heap_bytes / (1024 * 1024),
      sw_wasm_memories_bytes: memory.wasm_memories,
    };
  } finally {
    await withExt.close();
    await without.close();
    await srv.close();
  }
}
