// What a cheaper read would change in the verdicts: the evidence for docs/performance.md ("Content
// script"). Not a product path.
//
// For every static corpus page, in headless Chromium (no extension; the pages at their real-looking
// hosts), two observations of the same loaded DOM:
//   walk    extract.js `extractObservation`, what the extension ships: the visible-text rules it
//           shares with crates/html (line breaks by tag, hidden by computed style);
// and, by the argument:
//   lean    (default) lean-read.mjs: `innerText`, then headings, controls and fields by selector
//           (no shadow roots), the cheapest read that could carry an observation (floor.mjs `lean`);
//   markup  the page's markup (`outerHTML`, floor.mjs `html`) parsed again with DOMParser and read
//           by the same `extractObservation`: a document without layout, so hidden only by
//           attribute — what a read done in the extension's own process, off the page's main
//           thread, would see.
// Both are assessed by the shipped wasm engine (dist/extension/engine). Prints the pages whose
// verdicts differ, with the text lines only one of the two reads has, and the count.
//
// Run: node scripts/bench/lean-parity.mjs [lean|markup]  (after make build; about 1 minute)
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadCorpus, corpusHosts, ROOT } from '../../tests/lib/corpus.mjs';
import { startServer, corpusRoutes } from '../../tests/lib/server.mjs';
import { shippedEngine } from './wasm-node.mjs';
import { leanObservation } from './lean-read.mjs';

const mode = process.argv[2] || 'lean';
if (mode !== 'lean' && mode !== 'markup') throw new Error(`unknown read '${mode}'; expected lean or markup`);
// Runs in the page: the markup read (see above). The url and referrer are the page's, as the
// worker would have them from the browser.
function markupObservation() {
  const doc = new DOMParser().parseFromString(document.documentElement.outerHTML, 'text/html');
  return { ...globalThis.LastgateExtract.extractObservation(doc), url: location.href, referrer: document.referrer };
}
const pages = loadCorpus().filter((p) => !p.late);
const routes = corpusRoutes(pages);
const srv = await startServer({ routes });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--ignore-certificate-errors',
    `--host-resolver-rules=${corpusHosts(loadCorpus()).map((h) => `MAP ${h} 127.0.0.1:${srv.port}`).join(', ')}`],
});
const engine = await shippedEngine();
const verdict = (obs) => { const a = engine.assessPage(obs); return a.ok ? a.value : a.errors; };
const differ = [];
try {
  for (const p of pages) {
    const u = new URL(p.url);
    routes.set(u.hostname + u.pathname + u.search, p.path);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined });
    await page.addScriptTag({ path: join(ROOT, 'extension', 'src', 'extract.js') });
    const walk = await page.evaluate(() => globalThis.LastgateExtract.extractObservation(document));
    const lean = await page.evaluate(mode === 'lean' ? leanObservation : markupObservation);
    await page.close();
    const [a, b] = [verdict(walk), verdict(lean)];
    if (isDeepStrictEqual(a, b)) continue;
    const lines = (o) => new Set(o.text.split('\n'));
    const [wl, ll] = [lines(walk), lines(lean)];
    const brief = (v) => (Array.isArray(v) ? JSON.stringify(v) : `${v.flow} ${v.action} risk ${v.risk} privileged ${v.privileged} token_backed ${v.token_backed} [${v.reasons.map((r) => r.id).join(', ')}]`);
    differ.push([
      `${p.file}  (label: ${p.flow}, alert ${p.alert}, privileged ${p.privileged})`,
      `  walk  ${brief(a)}`,
      `  ${mode.padEnd(5)} ${brief(b)}`,
      `  lines only the walk has: ${JSON.stringify([...wl].filter((l) => !ll.has(l)).slice(0, 5))}`,
      `  lines only the ${mode} read has: ${JSON.stringify([...ll].filter((l) => !wl.has(l)).slice(0, 5))}`,
    ].join('\n'));
  }
} finally {
  await browser.close();
  await srv.close();
}
console.log(differ.join('\n\n'));
console.log(`\nsame verdict from the walk and the ${mode} read: ${pages.length - differ.length} of ${pages.length} static corpus pages`);
