// Why the extension does not decide from the page's markup (docs/performance.md, "Content script"):
// the evidence that such a read can be silenced by the page. Not a product path.
//
// lean-parity.mjs `markup` shows that reading the page's outerHTML again in a document without
// layout (what a read in the extension's own process would see) gives the shipped walk's verdict on
// 138 of 140 static corpus pages. This asks what an attacker's page can do to it. Every alerting
// static corpus page gets one sign-in form hidden by a style sheet rule (display: none); both reads
// of the loaded page are assessed by the shipped wasm engine. A sign-in form is the shape the engine
// must not mistake for a recovery flow, so a read that cannot tell hidden from shown takes the page
// for a sign-in page. Prints the pages the markup read lets through and the counts.
//
// Run: node scripts/bench/markup-evasion.mjs  (after make build; about 1 minute)
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadCorpus, ROOT } from '../../tests/lib/corpus.mjs';
import { shippedEngine } from './wasm-node.mjs';
// The hidden form goes first in <body>; requests are blocked (the page's own HTML only).
const pages = loadCorpus().filter((p) => !p.late && p.alert);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const engine = await shippedEngine();
const v = (obs) => { const a = engine.assessPage(obs); return a.ok ? a.value : { action: 'error' }; };
const HIDE = '<style>.zz{display:none}</style><div class="zz"><form><label>Email <input type="email" name="u"></label><label>Password <input type="password" name="p"></label><button type="submit">Sign in</button></form></div>';
let quietWalk = 0, quietMarkup = 0;
for (const p of pages) {
  const html = readFileSync(p.path, 'utf8').replace(/<body([^>]*)>/i, `<body$1>${HIDE}`);
  const page = await browser.newPage();
  await page.route('**/*', (r) => r.abort());
  await page.setContent(html, { waitUntil: 'load' });
  await page.addScriptTag({ path: join(ROOT, 'extension', 'src', 'extract.js') });
  const walk = await page.evaluate(() => globalThis.LastgateExtract.extractObservation(document));
  const markup = await page.evaluate(() => globalThis.LastgateExtract.extractObservation(new DOMParser().parseFromString(document.documentElement.outerHTML, 'text/html')));
  await page.close();
  for (const o of [walk, markup]) { o.url = p.url; o.referrer = p.referrer || ''; }
  const [a, b] = [v(walk), v(markup)];
  if (a.action === 'allow') quietWalk++;
  if (b.action === 'allow') { quietMarkup++; console.log(`${p.file}: walk ${a.flow} ${a.action}; markup ${b.flow} ${b.action}`); }
}
await browser.close();
console.log(`alerting static pages with a hidden sign-in form added: ${pages.length}; quiet by the walk ${quietWalk}, by the markup read ${quietMarkup}`);
