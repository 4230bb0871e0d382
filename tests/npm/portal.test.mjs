// The www demo portal (www/portal, built by Vite into dist/portal against dist/npm) in headless
// Chromium: the help-desk console decides every recovery example as the engine does, shows errors
// with their path; the self-service page explains what a reset restores and only enables Confirm
// when the proof suffices; the playground gives the CLI's verdict for corpus pages and locates
// policy errors. Screenshots go to target/portal-screens/ (the README's are copies in docs/img/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, loadCorpus, ROOT } from '../lib/corpus.mjs';
import { cliVerdict, ensureCli } from '../lib/cli.mjs';
import { startServer } from '../lib/server.mjs';
import { launchPlain } from './lib.mjs';

const PORTAL = join(ROOT, 'dist', 'portal');
const SHOTS = join(ROOT, 'target', 'portal-screens');
const EXAMPLES = JSON.parse(readFileSync(join(ROOT, 'docs', 'examples', 'recovery-requests.json'), 'utf8'));
let srv;
let browser;
let base;

before(async () => {
  ensureCli();
  assert.ok(existsSync(join(PORTAL, 'helpdesk.html')), 'dist/portal is missing: run `make build`');
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ tls: false, mounts: { '/portal/': PORTAL, '/corpus/': CORPUS } });
  base = `http://127.0.0.1:${srv.port}`;
  browser = await launchPlain();
});

after(async () => {
  await browser?.close();
  await srv?.close();
});

async function open(path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base + path);
  await page.waitForSelector('body[data-ready=true]', { timeout: 10000 });
  return { page, errors };
}

test('help-desk console: every example gets the engine decision, with missing evidence and reasons', async () => {
  const { page, errors } = await open('/portal/helpdesk.html');
  for (const [i, ex] of EXAMPLES.examples.entries()) {
    await page.selectOption('#preset', String(i));
    const decision = await page.getAttribute('[data-testid=decision]', 'data-decision');
    assert.equal(decision, ex.expect, ex.name);
    const reasons = await page.$$eval('#result [data-reason]', (els) => els.map((e) => e.dataset.reason));
    assert.equal(reasons[0], 'recovery.notify_subscriber', ex.name);
    if (decision === 'step_up') assert.ok(await page.$$eval('[data-testid=missing] li', (l) => l.length) > 0, ex.name);
    assert.deepEqual(JSON.parse(await page.textContent('#json')).action, ex.request.action);
  }
  await page.selectOption('#preset', '1');
  await page.screenshot({ path: join(SHOTS, 'helpdesk.png') });
  // An operator who leaves the requester empty gets the field named, not a crash.
  await page.fill('#requester', '  ');
  await page.click('#assess');
  assert.equal(await page.getAttribute('[data-testid=errors] li', 'data-path'), 'requester');
  assert.deepEqual(errors, []);
  await page.close();
});

test('self-service recovery: explains what the reset restores; Confirm only when the proof suffices', async () => {
  const { page, errors } = await open('/portal/recover.html');
  const state = async () => ({
    flow: await page.getAttribute('[data-testid=page-verdict]', 'data-flow'),
    restores: await page.textContent('[data-testid=restores]'),
    decision: await page.getAttribute('[data-testid=decision]', 'data-decision'),
    missing: await page.$$eval('[data-testid=missing] li', (l) => l.map((e) => e.dataset.evidence)),
    confirm: await page.isEnabled('#confirm'),
  });
  let s = await state();
  assert.equal(s.flow, 'password_reset', 'the page reads itself as a password reset');
  assert.match(s.restores, /ordinary account/);
  assert.equal(s.decision, 'step_up');
  assert.equal(s.confirm, false);
  await page.check('input[value=recovery_code]');
  s = await state();
  assert.equal(s.decision, 'allow');
  assert.equal(s.confirm, true);
  await page.check('input[value="alice.ops@corp.example"]');
  s = await state();
  assert.match(s.restores, /administrator rights/);
  assert.equal(s.decision, 'step_up');
  assert.ok(s.missing.includes('second_person_approval'), JSON.stringify(s.missing));
  assert.equal(s.confirm, false);
  await page.screenshot({ path: join(SHOTS, 'recover.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('playground: corpus pages get the CLI verdict; a bad policy is located', async () => {
  const { page, errors } = await open('/portal/playground.html');
  const pages = loadCorpus().filter((p) => !p.late);
  const options = await page.$$eval('#corpus option', (os) => os.map((o) => o.textContent));
  assert.equal(options.length, pages.length + 1);
  await page.fill('#policy', '');
  // A spread of flows and languages: every 7th static page.
  const sample = pages.filter((_, i) => i % 7 === 0);
  for (const p of sample) {
    const i = pages.indexOf(p);
    await page.evaluate(() => { document.getElementById('verdict-json').dataset.verdict = ''; });
    await page.selectOption('#corpus', String(i));
    await page.waitForFunction(() => document.getElementById('verdict-json').dataset.verdict, null, { timeout: 10000 });
    const verdict = JSON.parse(await page.getAttribute('#verdict-json', 'data-verdict'));
    assert.deepEqual(verdict, cliVerdict(p), p.file);
  }
  const token = pages.findIndex((p) => p.file === 'pages/github-token-new.html');
  await page.fill('#policy', '{"actions": {"credential_reissue": "block"}}');
  await page.selectOption('#corpus', String(token));
  await page.waitForSelector('[data-testid=action][data-action=block]');
  await page.screenshot({ path: join(SHOTS, 'playground.png') });
  await page.fill('#policy', '{"actions": {"credential_reissue": "blok"}}');
  await page.click('#assess');
  assert.equal(await page.getAttribute('[data-testid=errors] li', 'data-path'), 'policy.actions.credential_reissue');
  assert.match(await page.textContent('[data-testid=errors]'), /did you mean 'block'/);
  assert.deepEqual(errors, []);
  await page.close();
});
