// The extension's extractor (extension/src/extract.js, live DOM in Chromium) and the CLI's
// (crates/html, saved HTML via html5ever) must read the same observation from the same page:
// docs/observation.md is their common spec. For every fixture in ./fixtures this compares title,
// text, headings, fields and controls (url, referrer and context legitimately differ).
//
// Run: node --test tests/extract/   (needs /usr/bin/chromium and `npm install` for playwright-core)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { LASTGATE } from '../lib/cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const fixtures = join(here, 'fixtures');
const extractJs = join(root, 'extension', 'src', 'extract.js');
const URL = 'https://example.com/fixture';
const COMPARED = ['title', 'text', 'headings', 'fields', 'controls', 'opaque'];

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser;

before(async () => {
  // Build the CLI once; each fixture is then one `lastgate extract`.
  execFileSync('cargo', ['build', '-q', '-p', 'lastgate-cli'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  if (browser) await browser.close();
});

function rustExtract(file) {
  const out = execFileSync(LASTGATE, ['extract', file, '--url', URL],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out);
}

async function withPage(html, fn) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, javaScriptEnabled: true });
  try {
    // Block every request: fixtures must not reach the network (stylesheets, images).
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.addScriptTag({ path: extractJs });
    return await fn(page);
  } finally {
    await page.close();
  }
}

function browserExtract(html) {
  return withPage(html, (page) => page.evaluate(() => globalThis.LastgateExtract.extractObservation(document)));
}

function pick(obs) {
  return Object.fromEntries(COMPARED.map((k) => [k, obs[k]]));
}

const files = readdirSync(fixtures).filter((f) => f.endsWith('.html')).sort();

test('there are fixtures', () => {
  assert.ok(files.length >= 6, `expected fixtures in ${fixtures}`);
});

for (const name of files) {
  test(`browser and CLI agree: ${name}`, async () => {
    const file = join(fixtures, name);
    const html = readFileSync(file, 'utf8');
    const [js, rust] = await Promise.all([browserExtract(html), Promise.resolve(rustExtract(file))]);
    // Both produce the full JSON shape.
    for (const key of ['url', 'referrer', 'title', 'lang', 'text', 'headings', 'fields', 'controls', 'context']) {
      assert.ok(key in js, `extract.js: missing ${key}`);
      assert.ok(key in rust, `lastgate-html: missing ${key}`);
    }
    assert.deepEqual(js.context, { ui_lang: '', recent: [], redirects: [] });
    assert.equal(js.lang, rust.lang, 'lang');
    assert.deepEqual(pick(js), pick(rust));
    // A fixture that reads as nothing would prove nothing.
    assert.ok(rust.text.length > 0, 'fixture has visible text');
  });
}

// --- browser-only behaviour the CLI cannot see -------------------------------------------------

test('extract.js reads open shadow roots and slotted content, in order', async () => {
  const obs = await withPage('<p>before</p><x-card><span slot="title">Slotted</span> light only</x-card><p>after</p>',
    (page) => page.evaluate(() => {
      const host = document.querySelector('x-card');
      const root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<h2><slot name="title">fallback</slot></h2><p>Shadow <b>text</b></p>' +
        '<button>Approve</button><slot name="none">Fallback content</slot><p hidden>hidden in shadow</p>';
      return globalThis.LastgateExtract.extractObservation(document, { ui_lang: 'en', bogus: 1 });
    }));
  // Unslotted light children (" light only") are not rendered, so not read.
  assert.equal(obs.text, 'before\nSlotted\nShadow text\nApprove\nFallback content\nafter');
  assert.deepEqual(obs.headings, ['Slotted']);
  assert.deepEqual(obs.controls, [{ kind: 'button', text: 'Approve', type: 'submit', href: '' }]);
  assert.deepEqual(obs.context, { ui_lang: 'en', recent: [], redirects: [] });
});

test('extract.js reads the computed style, including rules added by script', async () => {
  const obs = await withPage('<style>.gone{opacity:1}</style><p id=a>kept</p><p id=b>dropped</p>',
    (page) => page.evaluate(() => {
      const s = document.createElement('style');
      s.textContent = '#b { display: none }';
      document.head.append(s);
      return globalThis.LastgateExtract.extractObservation(document);
    }));
  assert.equal(obs.text, 'kept');
});

test('extract.js survives a 10 000-deep DOM', async () => {
  const depth = 10000;
  const obs = await withPage('<p>top</p>', (page) => page.evaluate((n) => {
    // Built with DOM calls: the HTML parser would cap nesting depth.
    let el = document.body;
    for (let i = 0; i < n; i++) { const d = document.createElement('div'); el.append(d); el = d; }
    el.append('deep');
    return globalThis.LastgateExtract.extractObservation(document);
  }, depth));
  assert.equal(obs.text, 'top\ndeep');
});
