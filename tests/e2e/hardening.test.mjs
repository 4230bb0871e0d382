// Hardening in the real browser: pages that try to evade detection, a page script that forges
// messages from the content script's world (as a compromised renderer could), and the network:
// with no reporting configured the extension makes no requests at all.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT } from '../lib/corpus.mjs';
import { startServer } from '../lib/server.mjs';
import { launch, waitForVerdict, closePage } from '../lib/browser.mjs';

const PAGES = join(ROOT, 'tests', 'e2e', 'pages');
const EVASIONS = ['split-spans', 'zero-width', 'homoglyphs', 'shadow-root', 'shadow-late', 'decoy-text', 'noscript-decoy', 'title-mismatch', 'visibility-reshown'];
const RANK = { allow: 0, notice: 1, warn: 2, confirm: 3, block: 4 };
const ARTICLE = join(ROOT, 'www', 'demo', 'article.html');

let srv;
let ext;
const requests = [];

before(async () => {
  const routes = new Map();
  for (const name of [...EVASIONS, 'noscript-prompt', 'after-click', 'split-spans', 'image-prompt']) routes.set(`github.com/evasion/${name}`, join(PAGES, `${name}.html`));
  routes.set('github.com/evasion/frame', join(PAGES, 'same-origin-frame.html'));
  routes.set('news.example.org/a', ARTICLE);
  routes.set('news.example.org/b', ARTICLE);
  srv = await startServer({ routes });
  ext = await launch({ hosts: ['github.com', 'news.example.org'], port: srv.port });
  ext.context.on('request', (r) => requests.push({ url: r.url(), fromWorker: Boolean(r.serviceWorker()) }));
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

async function open(url) {
  const page = await ext.context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page;
}

for (const name of EVASIONS) {
  test(`evasion "${name}" still gets the token-regeneration verdict`, async () => {
    const url = `https://github.com/evasion/${name}`;
    const page = await open(url);
    const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.flow === 'credential_reissue' && RANK[v.action] >= RANK.warn, 3000);
    assert.ok(!timedOut, `${name}: ${JSON.stringify(verdict)}`);
    await closePage(page);
  });
}

test('a prompt inside <noscript> is not visible in a browser with scripts, so it is not a prompt', async () => {
  const url = 'https://github.com/evasion/noscript-prompt';
  const page = await open(url);
  const { verdict, timedOut } = await waitForVerdict(ext, url);
  assert.ok(!timedOut);
  await page.waitForTimeout(300);
  assert.equal((await waitForVerdict(ext, url)).verdict.action, 'allow', JSON.stringify(verdict));
  await closePage(page);
});

test('a prompt drawn as an image beside an Approve button: the verdict says it could not read it', async () => {
  const url = 'https://github.com/evasion/image-prompt';
  const page = await open(url);
  const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.reasons.some((r) => r.id === 'reading.incomplete'));
  assert.ok(!timedOut, JSON.stringify(verdict));
  assert.equal(verdict.flow, 'none');
  await closePage(page);
});

test('a prompt drawn only after a click is caught when it appears', async () => {
  const url = 'https://github.com/evasion/after-click';
  const page = await open(url);
  const first = await waitForVerdict(ext, url);
  assert.equal(first.verdict.flow, 'none');
  await page.click('#more');
  const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.flow === 'credential_reissue', 3000);
  assert.ok(!timedOut, JSON.stringify(verdict));
  await closePage(page);
});

test('a prompt in a same-origin frame raises the tab verdict', async () => {
  const url = 'https://github.com/evasion/frame';
  const page = await open(url);
  const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.flow === 'credential_reissue', 3000);
  assert.ok(!timedOut, JSON.stringify(verdict));
  await closePage(page);
});

/** Runs `expression` in the extension's content-script world of `page` (what a compromised renderer controls). */
async function inContentScriptWorld(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData && c.auxData.type === 'isolated' && String(c.origin).startsWith('chrome-extension://'));
  assert.ok(world, 'no content-script world found');
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
  await cdp.detach();
  assert.ok(!exceptionDetails, JSON.stringify(exceptionDetails));
  return result.value;
}

test('malformed, oversized and forged messages are refused, counted, and change no other tab', async () => {
  const a = await open('https://news.example.org/a');
  const b = await open('https://news.example.org/b');
  await waitForVerdict(ext, 'https://news.example.org/a');
  const before = await waitForVerdict(ext, 'https://news.example.org/b');
  const statsBefore = (await ext.sw().evaluate(() => chrome.storage.session.get('stats'))).stats?.invalid_messages ?? 0;

  const answers = await inContentScriptWorld(a, `(async () => {
    const send = (m) => chrome.runtime.sendMessage(m).catch((e) => ({ thrown: String(e) }));
    return [
      await send({ type: 'observation', observation: 42 }),
      await send({ type: 'set-verdict', verdict: { action: 'allow' } }),
      await send({ type: 'observation', observation: { url: location.href, text: 'x'.repeat(5 * 1024 * 1024) } }),
      await send({ type: 'observation', observation: { url: location.href }, tabId: 1 }),
      await send({ type: 'observation', observation: { url: location.href, fields: [{ type: 7 }] } }),
    ];
  })()`);
  for (const answer of answers) assert.equal(answer.ok, false, JSON.stringify(answer).slice(0, 300));
  const statsAfter = (await ext.sw().evaluate(() => chrome.storage.session.get('stats'))).stats.invalid_messages;
  assert.equal(statsAfter - statsBefore, answers.length);

  // A well-formed observation that claims to be another page: the worker trusts the browser's
  // sender URL and tab, so this can only ever describe tab A itself.
  const forged = await inContentScriptWorld(a, `chrome.runtime.sendMessage({ type: 'observation', observation: {
    url: 'https://github.com/settings/tokens/new', title: 'New personal access token', headings: ['New personal access token'],
    text: 'New personal access token', fields: [{ type: 'text', name: 'note', label: 'Note' }],
    controls: [{ kind: 'button', text: 'Generate token', type: 'submit' }] } })`);
  assert.equal(forged.ok, true);
  const all = await ext.sw().evaluate(() => chrome.storage.session.get(null));
  const urls = Object.entries(all).filter(([k]) => k.startsWith('frames:')).map(([, v]) => v.url);
  assert.ok(!urls.includes('https://github.com/settings/tokens/new'), JSON.stringify(urls));
  const afterB = await waitForVerdict(ext, 'https://news.example.org/b');
  assert.deepEqual(afterB.verdict, before.verdict);
  await closePage(a);
  await closePage(b);
});

test('with no reporting configured the extension makes no network requests', async () => {
  // Everything browsed above: the only requests are the pages themselves (and their frames).
  const ours = requests.filter((r) => r.fromWorker || r.url.startsWith('chrome-extension://'));
  const external = ours.filter((r) => !r.url.startsWith('chrome-extension://'));
  assert.deepEqual(external, []);
  // Our own UI frame loads from the extension (under a per-session dynamic id); nothing else may.
  const pages = new Set(requests.filter((r) => !r.fromWorker && !r.url.startsWith('chrome-extension://')).map((r) => new URL(r.url).host));
  for (const host of pages) assert.ok(['github.com', 'news.example.org'].includes(host), `unexpected request to ${host}`);
  assert.ok(requests.length > 5, 'no traffic was recorded at all');
});
