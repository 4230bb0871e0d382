// Page-load A/B between two browsers, for finding where page-load time goes (make bench measures
// the shipped extension against none; this compares any two setups the same way).
//
//   node scripts/bench/load-ab.mjs A B [rounds] [pages]
//
// A and B: `none` (a second Chromium, with --disable-extensions), `context` (B only: a fresh browser
// context in A's Chromium, where no extension runs), `shipped` (dist/extension), `null` (the
// shipped manifest with an empty service worker and empty content scripts: what being installed
// with these permissions costs, whatever the code does), or a path to an unpacked extension.
// Prints median load time of each side, their ratio and the median of per-page ratios.
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, corpusHosts, ROOT } from '../../tests/lib/corpus.mjs';
import { startServer, corpusRoutes } from '../../tests/lib/server.mjs';
import { EXTENSION } from '../../tests/lib/browser.mjs';
import { startChromium } from './chromium.mjs';
import { percentile } from './wasm-node.mjs';

// The rest between two loads (make bench uses 300 ms); LOADAB_SETTLE_MS overrides, to see how much
// of the difference is one page's after-load work running into the next load.
const SETTLE_MS = Number(process.env.LOADAB_SETTLE_MS || 300);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => percentile([...xs].sort((a, b) => a - b), 0.5);

function setup(name) {
  if (name === 'none') return null;
  if (name === 'shipped') return EXTENSION;
  if (name === 'null') {
    const dir = join(ROOT, 'target', 'bench', 'extension-null');
    rmSync(dir, { recursive: true, force: true });
    cpSync(EXTENSION, dir, { recursive: true });
    for (const f of ['background.js', 'extract.js', 'content.js']) writeFileSync(join(dir, 'src', f), '// empty\n');
    return dir;
  }
  return name;
}

async function loadTime(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const read = () => {
      const n = performance.getEntriesByType('navigation')[0];
      if (n && n.loadEventEnd > 0) resolve(n.loadEventEnd - n.startTime);
      else setTimeout(read, 5);
    };
    read();
  }));
}

const [a = 'shipped', b = 'none', roundsArg = '2', pagesArg = '0'] = process.argv.slice(2);
const rounds = Number(roundsArg);
const all = loadCorpus();
const pages = Number(pagesArg) > 0 ? all.slice(0, Number(pagesArg)) : all;
const routes = corpusRoutes(pages);
const srv = await startServer({ routes });
const hosts = corpusHosts(all);
const A = await startChromium({ extension: setup(a), hosts, port: srv.port });
// B = `context`: no second browser, but a fresh browser context in A's (extensions do not run in
// it, as in an incognito window): the same browser run, so nothing differs but the extension.
const B = b === 'context' ? null : await startChromium({ extension: setup(b), hosts, port: srv.port });
try {
  await sleep(1000);
  const tabs = [A.context.pages()[0] ?? (await A.context.newPage()),
    B ? (B.context.pages()[0] ?? (await B.context.newPage())) : await (await A.browser.newContext({ ignoreHTTPSErrors: true })).newPage()];
  const loads = [[], []];
  const pair = [];
  const raw = []; // every pair, for LOADAB_OUT
  for (let r = 0; r <= rounds; r += 1) {
    for (let i = 0; i < pages.length; i += 1) {
      const p = pages[i];
      const u = new URL(p.url);
      routes.set(u.hostname + u.pathname + u.search, p.path);
      const order = (r + i) % 2 === 0 ? [0, 1] : [1, 0];
      const got = [];
      for (const s of order) {
        await tabs[s].goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined, timeout: 30000 });
        got[s] = await loadTime(tabs[s]);
        await sleep(SETTLE_MS);
      }
      if (r === 0) continue;
      loads[0].push(got[0]);
      loads[1].push(got[1]);
      pair.push(got[0] / got[1]);
      raw.push({ page: p.file, round: r, a: got[0], b: got[1], a_first: order[0] === 0 });
    }
  }
  const [ma, mb] = loads.map(median);
  if (process.env.LOADAB_OUT) writeFileSync(process.env.LOADAB_OUT, JSON.stringify(raw));
  console.log(JSON.stringify({ a, b, rounds, settle_ms: SETTLE_MS, pages: pages.length, a_p50_ms: ma, b_p50_ms: mb, ratio: ma / mb, pair_ratio_p50: median(pair) }));
} finally {
  await A.close();
  if (B) await B.close();
  await srv.close();
}
