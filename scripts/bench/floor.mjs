// What the first touches of a page cost a content script in a fresh renderer: the floor under
// cs_main_thread_ms. Builds a probe extension (target/bench/probe/<steps>) whose worker injects
// extract.js and a probe script after each corpus page's load event, like the shipped worker; the
// probe times each step with performance.now() in its isolated world, in the order given, once
// per page (every site gets a new renderer, so every page is cold). Prints medians over the pages.
//
//   node scripts/bench/floor.mjs [pages] [sequence …]
//
// A sequence is steps joined by commas, e.g. text,qsa,chrome,send or extract,extract. Steps:
//   text      document.body.innerText (one call: the browser's rendered text)
//   html      document.documentElement.outerHTML (one call: the page's markup, no layout)
//   walk      a TreeWalker over the page's text nodes
//   all       a TreeWalker over elements and text nodes (localName / data of each)
//   allvis    the same, with checkVisibility() per element
//   qsa       querySelectorAll of controls and fields, four properties of each
//   shadow    querySelectorAll('*') and .shadowRoot of each (finding open shadow roots)
//   glance    extract.js glanceObservation (Lastgate's glance)
//   extract   extract.js extractObservation (Lastgate's full read)
//   minidoc   a five-element document built with createHTMLDocument (the cost of the next step's setup)
//   mini      extractObservation on that document: what the full read costs before it reads any of the
//             page (compiling its functions, first use of the DOM calls it makes)
//   chrome    the first touch of chrome.runtime in this world
//   send      chrome.runtime.sendMessage of a 2 KB message (the worker answers at once)
//   lean      lean-read.mjs: a whole observation built on the browser's rendered text (innerText,
//             then headings, controls and fields by selector with checkVisibility(); no shadow
//             roots), the read lean-parity.mjs compares with the walk: what a cheapest full read
//             could cost
//   frame     a closed-shadow-root element holding an iframe of an extension page, connected to
//             the document (how the banner is drawn), timing the insertion
//   blankframe  the same with an iframe without src (about:blank, created synchronously)
//   noframe   the same element with a line of text instead of the iframe
//
// Prints the median and the 90th percentile of each step over the pages, and `load`: from a first
// injected file's top level to the probe's, i.e. compiling and running extract.js's top level (which
// the page's clock cannot see from inside extract.js).
//
// FLOOR_EXTRACT=path times another extract.js (a variant under study) in its place; the
// BENCH_CHROMIUM_ARGS environment variable passes extra Chromium flags (e.g. --js-flags=--no-lazy,
// which compiles every function up front and so shows how much of a step was lazy compilation).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCorpus, corpusHosts, ROOT } from '../../tests/lib/corpus.mjs';
import { startServer, corpusRoutes } from '../../tests/lib/server.mjs';
import { contentScriptRecord } from '../../tests/lib/browser.mjs';
import { startChromium } from './chromium.mjs';
import { percentile } from './wasm-node.mjs';
import { leanObservation } from './lean-read.mjs';

const STEPS = {
  text: '() => (document.body ? document.body.innerText.length : 0)',
  html: '() => document.documentElement.outerHTML.length',
  walk: '() => { const w = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT); let n = 0; while (w.nextNode()) n += w.currentNode.data.length; return n; }',
  all: '() => { const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT); let n = 0; while (w.nextNode()) { const c = w.currentNode; n += c.nodeType === 3 ? c.data.length : c.localName.length; } return n; }',
  allvis: '() => { const w = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT); let n = 0; while (w.nextNode()) { const c = w.currentNode; n += c.nodeType === 3 ? c.data.length : (c.checkVisibility() ? c.localName.length : 0); } return n; }',
  qsa: "() => { const out = []; for (const e of document.querySelectorAll('button,input,select,textarea,a[href],[role=button]')) out.push([e.tagName, e.type || '', (e.textContent || '').slice(0, 40), e.name || '']); return out.length; }",
  shadow: "() => { let n = 0; for (const el of document.querySelectorAll('*')) if (el.shadowRoot) n += 1; return n; }",
  glance: '() => JSON.stringify(globalThis.LastgateExtract.glanceObservation(document, {})).length',
  mini: "() => { const d = document.implementation.createHTMLDocument('x'); d.body.innerHTML = '<h1 id=a>Hi</h1><label for=b>L</label><input id=b name=b><button>Go</button><a href=/x>x</a>'; return JSON.stringify(globalThis.LastgateExtract.extractObservation(d, {})).length; }",
  minidoc: "() => { const d = document.implementation.createHTMLDocument('x'); d.body.innerHTML = '<h1 id=a>Hi</h1><label for=b>L</label><input id=b name=b><button>Go</button><a href=/x>x</a>'; return d.body.childNodes.length; }",
  extract: '() => JSON.stringify(globalThis.LastgateExtract.extractObservation(document, {})).length',
  chrome: '() => typeof chrome.runtime.sendMessage',
  send: "() => { chrome.runtime.sendMessage({ type: 'probe', body: 'a'.repeat(2000) }).catch(() => {}); return 1; }",
  lean: `() => JSON.stringify((${leanObservation})()).length`,
  frame: "() => { const h = document.createElement('x-ab12cd'); const r = h.attachShadow({ mode: 'closed' }); const f = document.createElement('iframe'); f.src = chrome.runtime.getURL('frame.html'); r.append(f); document.documentElement.append(h); return 1; }",
  blankframe: "() => { const h = document.createElement('x-ab12cd'); const r = h.attachShadow({ mode: 'closed' }); const f = document.createElement('iframe'); r.append(f); document.documentElement.append(h); return 1; }",
  noframe: "() => { const h = document.createElement('x-ab12cd'); const r = h.attachShadow({ mode: 'closed' }); const d = document.createElement('div'); d.textContent = 'Warning: this page asks you to approve a sign-in'; r.append(d); document.documentElement.append(h); return 1; }",
};

const args = process.argv.slice(2);
const limit = /^\d+$/.test(args[0] || '') ? Number(args.shift()) : 40;
const sequences = args.length ? args : ['text', 'walk', 'all', 'allvis', 'text,qsa', 'shadow', 'glance', 'extract', 'extract,extract', 'chrome,send', 'lean', 'lean,lean', 'chrome,frame', 'chrome,noframe'];
for (const seq of sequences) for (const s of seq.split(',')) if (!STEPS[s]) throw new Error(`unknown step '${s}'; expected one of ${Object.keys(STEPS).join(', ')}`);

function probeExtension(seq) {
  const dir = join(ROOT, 'target', 'bench', 'probe', seq.replace(/,/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'frame.html'), '<!doctype html><p>frame</p>\n'); // for the frame step
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({
    web_accessible_resources: [{ resources: ['frame.html'], matches: ['http://*/*', 'https://*/*'] }],
    manifest_version: 3, name: 'lastgate-probe', version: '1', background: { service_worker: 'sw.js' },
    permissions: ['scripting', 'webNavigation'], host_permissions: ['http://*/*', 'https://*/*'],
  }));
  writeFileSync(join(dir, 'sw.js'), `chrome.runtime.onMessage.addListener((m, s, reply) => { reply({ ok: true }); });
chrome.webNavigation.onCompleted.addListener((d) => {
  if (d.frameId === 0) chrome.scripting.executeScript({ target: { tabId: d.tabId, documentIds: [d.documentId] }, files: ['t0.js', 'extract.js', 'probe.js'] }).catch(() => {});
}, { url: [{ schemes: ['http', 'https'] }] });
`);
  // t0.js runs first in the same task: \`load\` is then what compiling and running extract.js's
  // top level (and compiling probe.js) cost, which the page's clock cannot see from inside.
  writeFileSync(join(dir, 't0.js'), 'globalThis.__floorT0 = performance.now();\n');
  cpSync(process.env.FLOOR_EXTRACT || join(ROOT, 'extension', 'src', 'extract.js'), join(dir, 'extract.js'));
  const steps = seq.split(',');
  // Steps repeated in a sequence are keyed name, name#2, …
  writeFileSync(join(dir, 'probe.js'), `(() => {
  const by = {};
  const t0 = performance.now();
  by.load = t0 - globalThis.__floorT0;
  const steps = [${steps.map((s) => STEPS[s]).join(',\n    ')}];
  const names = ${JSON.stringify(steps.map((s, i) => (steps.slice(0, i).includes(s) ? `${s}#${steps.slice(0, i).filter((x) => x === s).length + 1}` : s)))};
  for (let i = 0; i < steps.length; i += 1) { const t = performance.now(); steps[i](); by[names[i]] = performance.now() - t; }
  by.total = performance.now() - globalThis.__floorT0;
  globalThis.__lastgateCost = { ms: by.total, calls: 1, by };
})();
`);
  return dir;
}

const all = loadCorpus().filter((p) => !p.late);
const pages = all.slice(0, limit);
const routes = corpusRoutes(pages);
const srv = await startServer({ routes });
const median = (xs) => percentile([...xs].sort((a, b) => a - b), 0.5);
try {
  for (const seq of sequences) {
    const b = await startChromium({ extension: probeExtension(seq), hosts: corpusHosts(all), port: srv.port });
    try {
      const sw = b.context.serviceWorkers()[0] ?? (await b.context.waitForEvent('serviceworker', { timeout: 15000 }));
      const id = new URL(sw.url()).host;
      const tab = b.context.pages()[0] ?? (await b.context.newPage());
      const rows = [];
      for (const p of pages) {
        const u = new URL(p.url);
        routes.set(u.hostname + u.pathname + u.search, p.path);
        await tab.goto(p.url, { waitUntil: 'load' });
        await new Promise((r) => setTimeout(r, 250));
        const rec = await contentScriptRecord(tab, id);
        if (rec) rows.push(rec.by);
      }
      const keys = Object.keys(rows[0] || {});
      console.log(`${seq.padEnd(24)} ${rows.length} pages (median/p90)  ${keys.map((k) => `${k} ${median(rows.map((r) => r[k])).toFixed(2)}/${percentile(rows.map((r) => r[k]).sort((a, b) => a - b), 0.9).toFixed(2)}`).join('  ')} ms`);
    } finally {
      await b.close();
    }
  }
} finally {
  await srv.close();
}
