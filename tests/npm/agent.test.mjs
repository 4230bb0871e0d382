// lastgate/agent in headless Chromium, as a Playwright agent would use it: guardPage on its share
// of the static corpus pages (npmShare in ./lib.mjs: three in four) gives the CLI's verdict and refuses exactly the pages whose click would grant
// privileged or token-backed access; a hostile page that patches the DOM and traps the
// extractor's global is still read correctly (isolated world); errors are answers with a path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { corpusHosts, loadCorpus, ROOT } from '../lib/corpus.mjs';
import { cliVerdict, ensureCli } from '../lib/cli.mjs';
import { startServer } from '../lib/server.mjs';
import { corpusSite, installPackage, evenChunks, launchPlain, npmShare } from './lib.mjs';

const pages = loadCorpus().filter((p) => !p.late);
const { routes, open } = corpusSite(pages);
const TAMPER_URL = 'https://github.com/settings/tokens/new?source=tamper';
const TAMPER = join(ROOT, 'tests', 'npm', 'pages', 'tamper-token.html');
routes.set('github.com/settings/tokens/new?source=tamper', TAMPER);
// A quiet page framing two hostile token pages: one same-origin, one cross-origin (out of process).
const FRAMES_URL = 'https://apps.corp.example/team.html';
routes.set('apps.corp.example/team.html', join(ROOT, 'tests', 'npm', 'pages', 'frames.html'));
routes.set('apps.corp.example/frame-token.html', TAMPER);

let agent;
let Engine;
let EXTRACT_SOURCE;
let srv;
let plain;
let browser;
let context;

before(async () => {
  ensureCli();
  const { dir } = installPackage();
  const pkg = join(dir, 'node_modules', 'lastgate');
  agent = await import(pathToFileURL(join(pkg, 'agent.js')).href);
  ({ Engine } = await import(pathToFileURL(join(pkg, 'node', 'index.js')).href));
  ({ EXTRACT_SOURCE } = await import(pathToFileURL(join(pkg, 'extract-source.js')).href));
  srv = await startServer({ routes });
  // A few pages are served over plain http (hotel and airport Wi-Fi portals): a second server.
  plain = await startServer({ routes, tls: false });
  browser = await launchPlain({ hosts: [...corpusHosts(pages), 'apps.corp.example'], port: srv.port, plainHosts: corpusHosts(pages.filter((p) => p.url.startsWith('http:'))), plainPort: plain.port });
  context = await browser.newContext();
});

after(async () => {
  await browser?.close();
  await srv?.close();
  await plain?.close();
});

// In chunks, as tests/e2e/corpus.test.mjs does: no single test runs for minutes, and a failure names
// the range it came from.
const mine = npmShare(pages, 'agent');
for (const { from, chunk } of evenChunks(mine, 400)) {
  test(`guardPage on static corpus pages ${from + 1}–${from + chunk.length} of its ${mine.length}: the CLI verdict, and a refusal exactly when the click grants privileged or token-backed access`, async () => {
    const page = await context.newPage();
    let refused = 0;
    let proceeded = 0;
    for (const p of chunk) {
      await open(page, p);
      const guard = await agent.guardPage(page);
      assert.equal(guard.ok, true, `${p.file}: ${JSON.stringify(guard.errors)}`);
      const cli = cliVerdict(p);
      assert.deepEqual(guard.value.verdict, cli, p.file);
      const grants = cli.flow !== 'none' && (cli.privileged || cli.token_backed);
      assert.equal(guard.value.proceed, !(grants || cli.action === 'block'), p.file);
      if (guard.value.refusal) {
        refused += 1;
        assert.deepEqual(guard.value.refusal.reasons, cli.reasons);
        assert.ok(guard.value.refusal.summary.startsWith(cli.flow), guard.value.refusal.summary);
      } else {
        proceeded += 1;
      }
    }
    // (Each range holds both kinds: the comparison is not all refusals or all proceeds.)
    assert.ok(refused >= chunk.length / 20 && proceeded >= chunk.length / 20, `refused ${refused}, proceeded ${proceeded}`);
    await page.close();
  });
}

test('a hostile page that patches the DOM and traps the global is still read: refused as a token-backed re-issue', async () => {
  const page = await context.newPage();
  await page.goto(TAMPER_URL, { waitUntil: 'load' });
  // The patches are real: the page's own world sees the trap, and the same extractor run in the
  // page's main world is fooled into reading no prompt at all.
  assert.equal(await page.evaluate(() => window.LastgateExtract.extractObservation().text), 'Nothing to see');
  const fooled = await page.evaluate(`(function (globalThis) { ${EXTRACT_SOURCE}\n;return globalThis.LastgateExtract.extractObservation(document, {}); })(Object.create(globalThis))`);
  assert.equal(new Engine().assessPage(fooled).value.flow, 'none', JSON.stringify(fooled).slice(0, 300));
  const guard = await agent.guardPage(page);
  assert.equal(guard.ok, true, JSON.stringify(guard.errors));
  assert.equal(guard.value.verdict.flow, 'credential_reissue');
  assert.equal(guard.value.verdict.token_backed, true);
  assert.equal(guard.value.proceed, false);
  await assert.rejects(agent.assertSafeToProceed(page), (e) => e instanceof agent.LastgateRefusal && e.flow === 'credential_reissue' && e.reasons.length > 0);
  await page.close();
});

test('every frame is read in an isolated world: hostile token pages in a same-origin and a cross-origin frame are refused', async () => {
  const page = await context.newPage();
  await page.goto(FRAMES_URL, { waitUntil: 'load' });
  const guard = await agent.guardPage(page);
  assert.equal(guard.ok, true, JSON.stringify(guard.errors));
  const { frames, verdict, refusal } = guard.value;
  assert.equal(verdict.flow, 'none', 'the framing page itself asks nothing');
  assert.equal(frames.length, 4, JSON.stringify(frames.map((f) => f.frame)));
  const byUrl = (u) => frames.find((f) => f.url === u);
  for (const u of ['https://apps.corp.example/frame-token.html', 'https://github.com/settings/tokens/new?source=tamper']) {
    assert.equal(byUrl(u)?.verdict.flow, 'credential_reissue', `${u}: ${JSON.stringify(byUrl(u)?.verdict)}`);
  }
  assert.equal(frames.filter((f) => f.url === FRAMES_URL).length, 2, 'the srcdoc frame is assessed at its page\'s URL');
  assert.equal(guard.value.proceed, false);
  assert.equal(refusal.flow, 'credential_reissue');
  await page.close();
});

test('assertSafeToProceed resolves on a quiet page; a custom rule and a policy are applied', async () => {
  const quiet = pages.find((p) => p.flow === 'none' && !p.alert);
  const token = pages.find((p) => p.file === 'pages/github-token-new.html');
  const page = await context.newPage();
  await open(page, quiet);
  const ok = await agent.assertSafeToProceed(page);
  assert.equal(ok.proceed, true);
  await open(page, token);
  assert.equal((await agent.guardPage(page)).value.proceed, false);
  assert.equal((await agent.guardPage(page, { refuse: () => false })).value.proceed, true);
  const blocked = await agent.guardPage(page, { policy: { actions: { credential_reissue: 'block' } }, refuse: (v) => v.action === 'block' });
  assert.equal(blocked.value.verdict.action, 'block');
  assert.equal(blocked.value.proceed, false);
  await page.close();
});

test('bad input to the guard is an answer with a path', async () => {
  assert.deepEqual((await agent.guardPage(null)).errors[0].path, 'page');
  const page = await context.newPage();
  await page.goto(`https://github.com/settings/tokens/new`);
  const bad = await agent.guardPage(page, { policy: { mode: 'monitr' } });
  assert.equal(bad.ok, false);
  assert.equal(bad.errors[0].path, 'policy.mode');
  await page.close();
});
