// The ladder as the user meets it, in headless Chromium with the extension loaded, on corpus pages
// at their labelled URLs: notice (badge only), warn (banner; dismissal remembered for that page and
// flow), confirm (the page is covered by the interstitial until the user goes through it or leaves;
// answers that indicate coaching stop it). Block (admin policy) is in tests/e2e/policy.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { launch, waitForVerdict, uiFrame, uiText, closePage, bounded } from '../lib/browser.mjs';

// Clicks inside our frame skip Playwright's rAF-based "stable" wait, which can stall in a freshly
// loaded out-of-process frame; they are still real input events at the element's position (what
// covers the frame is checked separately, with elementFromPoint).
const FORCE = { force: true };

const SHOTS = join(ROOT, 'target', 'e2e');
const pages = loadCorpus();
const byFile = (f) => {
  const p = pages.find((x) => x.file === `pages/${f}`);
  assert.ok(p, `corpus page ${f} is missing`);
  return p;
};
const NOTICE = byFile('github-password-reset.html');
const WARN = byFile('github-token-new.html');
const WARN_OTHER_FLOW = byFile('github-approve-pat-request.html');
const CONFIRM = byFile('p2-npm-granular-token-new.html'); // "Generate Token", arrived from Slack

let srv;
let ext;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ routes: corpusRoutes(pages) });
  ext = await launch({ hosts: corpusHosts(pages), port: srv.port });
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

async function open(p) {
  const page = await ext.context.newPage();
  await page.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined });
  return page;
}

async function badge(page) {
  const tabId = await ext.sw().evaluate(async (u) => {
    const [t] = await chrome.tabs.query({ url: u.split('#')[0] });
    return t ? t.id : -1;
  }, page.url());
  return ext.sw().evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

/** Records, in the page's own world, what the approving control would have done. */
async function watchActivations(page) {
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.frame() === page.mainFrame()) posts.push(r.url()); });
  return posts;
}

test('notice: badge only, nothing drawn in the page', async () => {
  const page = await open(NOTICE);
  const { verdict, timedOut } = await waitForVerdict(ext, NOTICE.url, (v) => v.action === 'notice');
  assert.ok(!timedOut, `expected notice, got ${JSON.stringify(verdict)}`);
  assert.equal(await badge(page), 'i');
  assert.equal(await uiText(page, { timeoutMs: 500 }), '');
  await closePage(page);
});

test('warn: a banner names the flow, what it grants and what to do; dismissal is remembered for that page and flow only', async () => {
  let page = await open(WARN);
  const text = await uiText(page);
  assert.match(text, /Check before you continue: API token or key/);
  assert.match(text, /What this click would do/);
  assert.match(text, /programmatic credential/);
  assert.match(text, /What to do instead/);
  const frame = await uiFrame(page);
  assert.equal(await frame.getAttribute('[role=alert]', 'aria-labelledby'), 'lg-title');
  await page.waitForTimeout(300); // let the entrance animation finish before the screenshot
  await page.screenshot({ path: join(SHOTS, 'ux-banner.png') });
  await frame.getByRole('button', { name: 'Dismiss' }).click(FORCE);
  await page.waitForTimeout(300);
  assert.equal(await uiText(page, { timeoutMs: 300 }), '', 'the banner is still shown after Dismiss');

  await page.reload({ waitUntil: 'load' });
  await waitForVerdict(ext, WARN.url, (v) => v.action === 'warn');
  await page.waitForTimeout(500);
  assert.equal(await uiText(page, { timeoutMs: 300 }), '', 'the dismissal was not remembered for this page');
  await closePage(page);

  page = await open(WARN_OTHER_FLOW);
  assert.match(await uiText(page), /Approving someone else's access/, 'another page and flow must still warn');
  await closePage(page);
});

test('confirm: the interstitial covers the page at once; the page gets no input until the user answers, types the site and waits; then their own click goes through', async () => {
  const page = await open(CONFIRM);
  const posts = await watchActivations(page);
  const { verdict } = await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'confirm');
  assert.equal(verdict.action, 'confirm');
  assert.deepEqual(verdict.hold, ['Generate Token']);
  const frame = await uiFrame(page);
  assert.ok(frame, 'no interstitial at confirm');
  const dialog = frame.locator('[role=alertdialog]');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  // Focus is in the interstitial (its safe choice first), and Tab stays there.
  const focused = () => bounded(frame.evaluate(() => document.hasFocus() && document.activeElement.textContent), 3000, 'no answer');
  assert.equal(await focused(), 'Go back — don\'t do this');
  for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
  // The page under it is inert: a real click on the approving control does not reach it.
  const at = await page.evaluate(() => {
    const r = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Generate Token').getBoundingClientRect();
    return { x: r.left + 10, y: r.top + r.height / 2 };
  });
  await page.mouse.click(at.x, at.y);
  await page.waitForTimeout(300);
  assert.deepEqual(posts, [], 'the form was submitted under the interstitial');
  assert.equal(await bounded(frame.evaluate(() => document.hasFocus()), 3000, false), true, 'Tab moved focus out of the interstitial');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, 'ux-confirm.png') });

  const proceed = frame.locator('button[type=submit]');
  await frame.getByRole('radio').nth(0).check(FORCE); // started it myself: yes
  await frame.getByRole('radio').nth(3).check(FORCE); // someone asking: no
  await frame.locator('#lg-typed').fill('www.npmjs.com');
  assert.equal(await proceed.isDisabled(), true, 'Continue must wait for the pause');
  await frame.waitForFunction(() => !document.querySelector('button[type=submit]').disabled, null, { timeout: 5000 });
  await proceed.click(FORCE);
  for (let i = 0; i < 40 && (await uiFrame(page, { timeoutMs: 0 })); i += 1) await page.waitForTimeout(50);
  assert.equal(await uiFrame(page, { timeoutMs: 0 }), null, 'the interstitial stayed after passing');
  assert.deepEqual(posts, [], 'nothing is submitted on the user\'s behalf');
  const before = Date.now();
  await page.getByRole('button', { name: 'Generate Token' }).click();
  for (let i = 0; i < 40 && !posts.length; i += 1) await page.waitForTimeout(50);
  assert.equal(posts.length, 1, 'the user\'s click after the check did not go through');
  assert.ok(Date.now() - before < 3000);
  await closePage(page);
});

test('confirm: Go back leaves the page, and coaching answers stop it and leave too', async () => {
  const back = await ext.context.newPage();
  await back.goto('https://www.npmjs.com/settings/hcho/tokens', { waitUntil: 'load' });
  const from = back.url();
  await back.goto(CONFIRM.url, { waitUntil: 'load', referer: CONFIRM.referrer });
  const posts = await watchActivations(back);
  await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'confirm');
  let frame = await uiFrame(back);
  assert.ok(frame, 'no interstitial at confirm');
  await frame.getByRole('button', { name: /Go back/ }).click(FORCE);
  await back.waitForURL(from, { timeout: 3000 });
  assert.deepEqual(posts, []);
  await closePage(back);

  // A tab with nothing to go back to goes to a blank page. Someone on the phone asking: the
  // interstitial turns into a stop with the help-desk advice first.
  const page = await open(CONFIRM);
  await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'confirm');
  frame = await uiFrame(page);
  await frame.getByRole('radio').nth(0).check(FORCE);
  await frame.getByRole('radio').nth(2).check(FORCE); // someone asking: yes
  await frame.locator('#lg-typed').fill('www.npmjs.com');
  await frame.waitForFunction(() => !document.querySelector('button[type=submit]').disabled, null, { timeout: 5000 });
  await frame.locator('button[type=submit]').click(FORCE);
  await frame.getByRole('heading', { name: 'Stop here' }).waitFor({ timeout: 2000 });
  assert.match(await uiText(page), /how accounts are taken over/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, 'ux-stop.png') });
  await frame.getByRole('button', { name: 'Leave this page' }).click(FORCE);
  await page.waitForURL((u) => u.href !== CONFIRM.url, { timeout: 3000 });
  assert.doesNotMatch(page.url(), /npmjs/, 'a stopped confirm must leave the page');
  await closePage(page);
});

test('confirm: page script cannot get past the hold with button.click(), requestSubmit() or form.submit()', async () => {
  const page = await open(CONFIRM);
  const posts = await watchActivations(page);
  await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'confirm');
  assert.ok(await uiFrame(page), 'no interstitial at confirm');
  const tries = {
    click: () => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Generate Token').click(),
    requestSubmit: () => document.forms[0].requestSubmit(),
    submit: () => document.forms[0].submit(),
  };
  for (const [name, fn] of Object.entries(tries)) {
    await page.evaluate(fn);
    await page.waitForTimeout(400);
    assert.deepEqual(posts, [], `${name}() from page script submitted the form`);
    assert.ok(await uiFrame(page), `${name}(): the interstitial is gone`);
  }
  await closePage(page);
});

test('popup: the tab\'s verdict in plain words, every reason with its references, recent events, and a mistake report kept on this device', async () => {
  await ext.sw().evaluate(() => chrome.storage.session.remove('dismissed')); // dismissed above
  const page = await open(WARN);
  await waitForVerdict(ext, WARN.url, (v) => v.action === 'warn');
  await uiText(page); // the banner is up, so "Warning shown" is logged
  const tabId = await ext.sw().evaluate(async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id)), WARN.url);
  const popup = await ext.context.newPage();
  await popup.goto(`chrome-extension://${ext.extensionId}/ui/popup.html?tab=${tabId}`);
  await popup.locator('#root h2').waitFor({ timeout: 3000 });
  const text = (await popup.locator('body').innerText()).replace(/\s+/g, ' ');
  assert.match(text, /API token or key: check before you continue\./);
  assert.match(text, /github\.com/);
  assert.match(text, /Reference: OWASP NHI Top 10/);
  assert.match(text, /Recent in this browser/);
  assert.match(text, /Warning shown · API token or key · github\.com/);
  assert.ok(!text.includes('Personal access tokens'), 'page text in the popup');
  await popup.locator('#note').fill('This is my own token page');
  await popup.getByRole('button', { name: 'This is a mistake' }).click();
  await popup.getByText('Thanks — noted on this device.').waitFor({ timeout: 3000 });
  const log = await ext.sw().evaluate(async () => (await chrome.storage.local.get('event_log')).event_log);
  const report = log.find((e) => e.kind === 'mistake_reported');
  assert.ok(report, 'no mistake report stored');
  assert.equal(report.note, 'This is my own token page');
  assert.equal(report.origin, 'https://github.com');
  assert.equal(report.path, '/settings/tokens/new');
  assert.deepEqual(await ext.sw().evaluate(async () => (await chrome.storage.local.get('report_queue')).report_queue), undefined, 'queued for reporting without a policy');
  await closePage(popup);
  await closePage(page);
});

test('options: the user\'s own trusted hosts apply; settings are validated with a path and a fix', async () => {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
  await options.getByText('No policy is set by an organisation on this browser.').waitFor({ timeout: 3000 });
  await options.locator('#trusted_hosts').fill('https://bad/');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText(/trusted_hosts\[0\]: 'https:\/\/bad\/' is not a host pattern/).waitFor({ timeout: 3000 });
  await options.locator('#trusted_hosts').fill('www.npmjs.com');
  await options.locator('#help_desk').fill('Desk, ext. 0100');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText('Saved.').waitFor({ timeout: 3000 });
  const page = await open(CONFIRM);
  const { verdict, timedOut } = await waitForVerdict(ext, CONFIRM.url, (v) => v.action === 'allow');
  assert.ok(!timedOut, `the user's trusted host did not apply: ${JSON.stringify(verdict)}`);
  await closePage(page);
  await options.locator('#trusted_hosts').fill('');
  await options.getByRole('button', { name: 'Save' }).click();
  await options.getByText('Saved.').waitFor({ timeout: 3000 });
  await closePage(options);
});

test('options: a saved setting applies to pages already open, without a reload', async () => {
  const page = await open(WARN_OTHER_FLOW);
  assert.match(await uiText(page), /Approving someone else's access/);
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
  await options.getByText('No policy is set by an organisation on this browser.').waitFor({ timeout: 3000 });
  try {
    await options.locator('#trusted_hosts').fill('github.com');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor({ timeout: 3000 });
    const { verdict, timedOut } = await waitForVerdict(ext, WARN_OTHER_FLOW.url, (v) => v.action === 'allow');
    assert.ok(!timedOut, `the open page was not assessed again: ${JSON.stringify(verdict)}`);
    await page.waitForTimeout(300);
    assert.equal(await uiText(page, { timeoutMs: 300 }), '', 'the banner is still shown on a host the user now trusts');
    // And back: no longer trusted, the open page is warned again.
    await options.locator('#trusted_hosts').fill('');
    await options.getByRole('button', { name: 'Save' }).click();
    await options.getByText('Saved.').waitFor({ timeout: 3000 });
    assert.match(await uiText(page), /Approving someone else's access/, 'the warning did not come back');
  } finally {
    await options.locator('#trusted_hosts').fill('');
    await options.getByRole('button', { name: 'Save' }).click();
    await closePage(options);
    await closePage(page);
  }
});
