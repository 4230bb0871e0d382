// The package through a real bundler: `vite build` of a tiny app (tests/npm/apps/vite-app) that
// imports 'lastgate', loaded in headless Chromium. Its page runs a recovery decision; its guard
// bundle, injected into its share of the static corpus pages (npmShare in ./lib.mjs: one in four)
// served at each page's real URL, must reach the CLI's verdict with the extension's extractor; a
// page whose CSP lacks 'wasm-unsafe-eval' gets an answer saying so, not an exception.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusHosts, loadCorpus, ROOT } from '../lib/corpus.mjs';
import { cliVerdict, ensureCli } from '../lib/cli.mjs';
import { startServer } from '../lib/server.mjs';
import { corpusSite, installPackage, evenChunks, launchPlain, npmShare } from './lib.mjs';

const pages = loadCorpus().filter((p) => !p.late);
const { routes, open } = corpusSite(pages);
let srv;
let plain;
let browser;
let guardBundle;

before(async () => {
  ensureCli();
  const { dir } = installPackage();
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build'], { cwd: join(dir, 'vite-app'), stdio: 'inherit' });
  const dist = join(dir, 'vite-dist');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
  guardBundle = `/${manifest['guard.js'].file}`;
  srv = await startServer({ routes, www: dist });
  // A few pages are served over plain http (hotel and airport Wi-Fi portals): a second server.
  plain = await startServer({ routes, www: dist, tls: false });
  browser = await launchPlain({ hosts: corpusHosts(pages), port: srv.port, plainHosts: corpusHosts(pages.filter((p) => p.url.startsWith('http:'))), plainPort: plain.port });
});

after(async () => {
  await browser?.close();
  await srv?.close();
  await plain?.close();
});

test('the Vite-built app loads the wasm and answers a recovery decision', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`https://127.0.0.1:${srv.port}/index.html`);
  await page.waitForFunction(() => window.__lastgateApp, null, { timeout: 10000 });
  const app = await page.evaluate(() => window.__lastgateApp);
  assert.deepEqual(errors, []);
  assert.equal(app.created, true);
  assert.match(app.version, /^\d+\.\d+\.\d+$/);
  assert.equal(app.recovery.ok, true);
  assert.equal(app.recovery.value.decision, 'step_up');
  assert.deepEqual(app.recovery.value.missing, ['reproofing', 'second_person_approval']);
  assert.equal(app.recovery.value.reasons[0].id, 'recovery.notify_subscriber');
  assert.equal(app.page.ok, true);
  assert.equal(app.page.value.flow, 'none');
  assert.match(await page.textContent('#decision'), /"step_up"/);
  await page.close();
});

// In chunks, as tests/e2e/corpus.test.mjs does: no single test runs for minutes (each has
// NODE_TEST_TIMEOUT, and the corpus grows), and a failure names the range it came from.
const mine = npmShare(pages, 'vite');
for (const { from, chunk } of evenChunks(mine, 300)) {
  test(`static corpus pages ${from + 1}–${from + chunk.length} of its ${mine.length}: the Vite-built package in the page gives the CLI verdict`, async () => {
    const page = await browser.newPage();
    let flows = 0;
    for (const p of chunk) {
      await open(page, p);
      await page.addScriptTag({ url: guardBundle, type: 'module' });
      await page.waitForFunction(() => window.__lastgate, null, { timeout: 10000 });
      const answer = await page.evaluate(() => window.__lastgate);
      assert.equal(answer.ok, true, `${p.file}: ${JSON.stringify(answer.errors)}`);
      assert.deepEqual(answer.value, cliVerdict(p), p.file);
      if (answer.value.flow !== 'none') flows += 1;
    }
    // (Not a run of pages the package read as nothing: each range holds flow pages.)
    assert.ok(flows > chunk.length / 5, `only ${flows} of ${chunk.length} pages had a flow`);
    await page.close();
  });
}

test("a page whose CSP lacks 'wasm-unsafe-eval' gets an answer naming it; with it, the engine loads", async () => {
  const p = pages.find((x) => x.file.includes('token')) ?? pages[0];
  for (const [csp, ok] of [["script-src 'self'", false], ["script-src 'self' 'wasm-unsafe-eval'", true]]) {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-test-csp': csp } });
    const page = await context.newPage();
    await open(page, p);
    await page.addScriptTag({ url: guardBundle, type: 'module' });
    await page.waitForFunction(() => window.__lastgate, null, { timeout: 10000 });
    const answer = await page.evaluate(() => window.__lastgate);
    assert.equal(answer.ok, ok, `${csp}: ${JSON.stringify(answer)}`);
    if (!ok) assert.match(answer.errors[0].message, /'wasm-unsafe-eval'/);
    await context.close();
  }
});
