// Real deployment: the managed policy is written where Chromium reads enterprise policy on Linux
// (/etc/chromium/policies/managed/, 3rdparty.extensions.<id>), the browser is started, and the
// extension must act on it: a per-flow block sends the tab to the block page, a privileged identity
// on the page raises the action, a trusted host is left alone, a malformed policy is reported on the
// options page while protection stays on, and events reach the organisation's OTLP receiver — all
// of them, also across a stopped receiver and a restarted service worker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { launch, waitForVerdict, uiText, closePage } from '../lib/browser.mjs';
import { writeManagedPolicy, policyUnavailable } from '../lib/policy.mjs';
import { startReceiver } from '../lib/otlp.mjs';

const SHOTS = join(ROOT, 'target', 'e2e');
const pages = loadCorpus();
const byFile = (f) => pages.find((x) => x.file === `pages/${f}`);
const TOKEN = byFile('github-token-new.html'); // warn by default
const APPROVE = byFile('bitwarden-approve-login-request.html'); // notice by default; shows sam.ortiz@fastmail.com
const ARTICLE_HOSTS = corpusHosts(pages);
const skip = policyUnavailable() || false; // node:test skips on any string, even ''
let srv;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  srv = await startServer({ routes: corpusRoutes(pages) });
});

after(async () => {
  await srv?.close();
});

/** Starts Chromium with `policy` as Lastgate's managed policy; removes the policy file on close. */
async function withPolicy(policy, fn) {
  const remove = writeManagedPolicy(policy);
  let ext;
  try {
    ext = await launch({ hosts: ARTICLE_HOSTS, port: srv.port });
    // Chromium loads policy at start-up; wait until the extension sees it.
    const deadline = Date.now() + 5000;
    for (;;) {
      const got = await ext.sw().evaluate(() => chrome.storage.managed.get(null));
      if (Object.keys(got).length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await fn(ext);
  } finally {
    await ext?.close();
    remove();
  }
}

async function open(ext, p) {
  const page = await ext.context.newPage();
  await page.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined });
  return page;
}

test('a per-flow block sends the tab to the block page, which says why and whom to contact', { skip }, async () => {
  await withPolicy({ version: '2026-11-26', actions: { credential_reissue: 'block' }, help_desk: 'IT help desk, +1 555 0100' }, async (ext) => {
    const page = await ext.context.newPage();
    await page.goto(TOKEN.url, { waitUntil: 'commit', referer: TOKEN.referrer });
    await page.waitForURL(/^chrome-extension:\/\/[a-p]{32}\/ui\/blocked\.html#/, { timeout: 5000 });
    await page.getByRole('heading', { name: 'Blocked by your organisation' }).waitFor({ timeout: 3000 });
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(text, /https:\/\/github\.com\/settings\/tokens\/new/);
    assert.match(text, /IT help desk, \+1 555 0100/);
    assert.match(text, /Your organisation's policy sets this action/);
    await page.screenshot({ path: join(SHOTS, 'ux-block.png') });
    await closePage(page);
  });
});

test('a privileged identity on the page raises the action; a trusted host is left alone', { skip }, async () => {
  await withPolicy({ privileged_identities: ['sam.ortiz@*'], trusted_hosts: ['github.com'] }, async (ext) => {
    let page = await open(ext, APPROVE);
    const { verdict, timedOut } = await waitForVerdict(ext, APPROVE.url, (v) => v.action === 'warn');
    assert.ok(!timedOut, `expected warn for a privileged identity, got ${JSON.stringify(verdict)}`);
    assert.equal(verdict.privileged, true);
    assert.match(await uiText(page), /Sign-in approval/);
    await closePage(page);

    page = await open(ext, TOKEN);
    const trusted = await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'allow');
    assert.ok(!trusted.timedOut, `expected allow on a trusted host, got ${JSON.stringify(trusted.verdict)}`);
    assert.ok(trusted.verdict.reasons.some((r) => r.id === 'policy.trusted_host'));
    assert.equal(await uiText(page, { timeoutMs: 500 }), '');
    await closePage(page);
  });
});

test('a policy that passes the schema but fails validation is shown on the options page; protection stays on, its stricter parts apply, and the collector is told', { skip }, async () => {
  const rx = await startReceiver();
  try {
    const broken = {
      version: 'broken-1',
      trusted_hosts: ['github.com/settings'],
      mode: 'monitor',
      actions: { device_code: 'allow' },
      // 'x' passes managed_schema.json (Chrome keeps it) but not our validation.
      privileged_identities: ['sam.ortiz@*', 'x'],
      reporting: { endpoint: rx.endpoint },
    };
    await withPolicy(broken, async (ext) => {
      const options = await ext.context.newPage();
      await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
      await options.locator('#policy-error').waitFor({ timeout: 3000 });
      const text = (await options.locator('body').innerText()).replace(/\s+/g, ' ');
      assert.match(text, /trusted_hosts\[0\]: 'github.com\/settings' is not a host pattern/);
      assert.match(text, /privileged_identities\[1\]: 'x' would match almost any word/);
      assert.match(text, /neither is anything that could lower your protection/);
      await options.screenshot({ path: join(SHOTS, 'ux-options-policy-error.png') });
      await closePage(options);
      // Neither the trusted hosts nor the monitor mode of the broken policy applies: the token page
      // still warns, and the warning is shown.
      let page = await open(ext, TOKEN);
      const { verdict, timedOut } = await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'warn');
      assert.ok(!timedOut, `protection is off under a broken policy: ${JSON.stringify(verdict)}`);
      assert.match(await uiText(page), /Check before you continue/);
      await closePage(page);
      // Its valid, stricter part does apply: the privileged identity raises notice to warn.
      page = await open(ext, APPROVE);
      const raised = await waitForVerdict(ext, APPROVE.url, (v) => v.action === 'warn');
      assert.ok(!raised.timedOut, `the broken policy's privileged_identities were not applied: ${JSON.stringify(raised.verdict)}`);
      assert.equal(raised.verdict.privileged, true);
      await closePage(page);
      // The organisation hears of it once, with the paths of the problems.
      const got = await rx.receivedWhen((r) => r.events.some((e) => e.kind === 'policy_invalid') && r.events.some((e) => e.kind === 'warning_shown'));
      assert.deepEqual(got.errors, []);
      const invalid = got.events.filter((e) => e.kind === 'policy_invalid');
      assert.equal(invalid.length, 1, JSON.stringify(got.events.map((e) => e.kind)));
      assert.deepEqual(invalid[0].attributes['lastgate.policy.errors'], ['privileged_identities[1]', 'trusted_hosts[0]']);
      assert.equal(invalid[0].resource['lastgate.policy.version'], 'broken-1');
    });
  } finally {
    await rx.stop();
  }
});

test('monitor mode shows nothing and reports what would have been shown', { skip }, async () => {
  const rx = await startReceiver();
  try {
    await withPolicy({ mode: 'monitor', actions: { credential_reissue: 'block' }, reporting: { endpoint: rx.endpoint } }, async (ext) => {
      const page = await open(ext, TOKEN);
      const { verdict, timedOut } = await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'block');
      assert.ok(!timedOut, JSON.stringify(verdict));
      // Not sent to the block page, no banner.
      assert.equal(page.url(), TOKEN.url);
      assert.equal(await uiText(page, { timeoutMs: 800 }), '');
      const got = await rx.receivedWhen((r) => r.events.some((e) => e.kind === 'block_shown'));
      assert.deepEqual(got.errors, []);
      const would = got.events.find((e) => e.kind === 'block_shown');
      assert.ok(would, `no block_shown event: ${JSON.stringify(got.events.map((e) => e.kind))}`);
      assert.equal(would.attributes['lastgate.mode'], 'monitor');
      assert.equal(would.attributes['lastgate.action'], 'block');
      await closePage(page);
    });
  } finally {
    await rx.stop();
  }
});

test('events reach the organisation\'s OTLP receiver as conformant OTLP/JSON, with no page text', { skip }, async () => {
  const rx = await startReceiver();
  try {
    const policy = { version: 'p-7', privileged_identities: ['sam.ortiz@*'], reporting: { endpoint: rx.endpoint, headers: { Authorization: 'Bearer test-token' }, batch_size: 10, include_identity: true } };
    await withPolicy(policy, async (ext) => {
      // The approval page names the account; its URL carries a token-like query that must not travel.
      const approveUrl = `${APPROVE.url}${APPROVE.url.includes('?') ? '&' : '?'}request_token=s3cr3t-query#frag`;
      const approve = await ext.context.newPage();
      await approve.goto(approveUrl, { waitUntil: 'load', referer: APPROVE.referrer || undefined });
      const named = await waitForVerdict(ext, approveUrl, (v) => v.action === 'warn');
      assert.ok(!named.timedOut, JSON.stringify(named.verdict));
      assert.equal(named.verdict.identity, 'sam.ortiz@fastmail.com');
      await uiText(approve);
      await closePage(approve);
      const page = await open(ext, TOKEN);
      await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'warn');
      assert.match(await uiText(page), /Check before you continue/);
      const tabId = await ext.sw().evaluate(async (u) => Math.max(...(await chrome.tabs.query({ url: u })).map((t) => t.id)), TOKEN.url);
      const popup = await ext.context.newPage();
      await popup.goto(`chrome-extension://${ext.extensionId}/ui/popup.html?tab=${tabId}`);
      await popup.getByRole('button', { name: 'This is a mistake' }).click();
      await popup.getByText('Thanks — noted and sent to your organisation.').waitFor({ timeout: 3000 });
      await closePage(popup);
      const got = await rx.receivedWhen((r) => ['warning_shown', 'mistake_reported'].every((k) => r.events.some((e) => e.kind === k)));
      assert.deepEqual(got.errors, []);
      const shown = got.events.find((e) => e.kind === 'warning_shown' && e.attributes['lastgate.flow'] === 'credential_reissue');
      assert.ok(shown, `no warning_shown event: ${JSON.stringify(got.events.map((e) => e.kind))}`);
      assert.equal(shown.eventName, 'lastgate.warning_shown');
      assert.equal(shown.attributes['lastgate.flow'], 'credential_reissue');
      assert.equal(shown.attributes['lastgate.page.origin'], 'https://github.com');
      assert.equal(shown.attributes['lastgate.page.path'], '/settings/tokens/new');
      assert.equal(shown.resource['lastgate.policy.version'], 'p-7');
      assert.ok(got.events.some((e) => e.kind === 'mistake_reported'));
      // include_identity: the account the approval page names travels as user.name; the token
      // page names none, so its event has no user.name at all.
      const approval = got.events.find((e) => e.kind === 'warning_shown' && e.attributes['lastgate.flow'] !== 'credential_reissue');
      assert.ok(approval, JSON.stringify(got.events.map((e) => [e.kind, e.attributes['lastgate.flow']])));
      assert.equal(approval.attributes['user.name'], 'sam.ortiz@fastmail.com');
      assert.equal(approval.attributes['lastgate.page.path'], new URL(APPROVE.url).pathname);
      assert.equal(shown.attributes['user.name'], undefined);
      const all = JSON.stringify(got.events);
      assert.ok(!all.includes('Personal access tokens'), 'page text reached the collector');
      assert.ok(!all.includes('s3cr3t-query') && !all.includes('request_token'), 'a query reached the collector');
      await closePage(page);
    });
  } finally {
    await rx.stop();
  }
});

test('nothing is lost: events made while the receiver is down arrive after it and the service worker restart', { skip }, async () => {
  let rx = await startReceiver();
  const port = rx.port;
  await rx.stop();
  try {
    await withPolicy({ reporting: { endpoint: `http://127.0.0.1:${port}/v1/logs` } }, async (ext) => {
      const warned = [TOKEN, byFile('github-approve-pat-request.html'), byFile('p2-github-deploy-key-add.html')];
      for (const p of warned) {
        const page = await open(ext, p);
        await waitForVerdict(ext, p.url, (v) => v.action === 'warn');
        await uiText(page);
        await closePage(page);
      }
      const queued = await ext.sw().evaluate(async () => (await chrome.storage.local.get('report_queue')).report_queue.map((e) => e.id));
      assert.ok(queued.length >= 3, `expected ≥ 3 queued events, got ${queued.length}`);

      // Stop the service worker (as Chrome does after 30 s idle), bring the receiver back, and let
      // the browser start the worker again with a page load.
      await ext.sw().evaluate(() => { globalThis.lastgateTestMarker = 'old worker'; });
      const cdpPage = await ext.context.newPage();
      const cdp = await ext.context.newCDPSession(cdpPage);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdpPage.waitForTimeout(500);
      rx = await startReceiver(port);
      const page = await open(ext, byFile('github-password-reset.html'));
      const got = await rx.receivedWhen((r) => queued.every((id) => r.events.some((e) => e.id === id)), 15000);
      assert.deepEqual(got.errors, []);
      const missing = queued.filter((id) => !got.events.some((e) => e.id === id));
      assert.deepEqual(missing, [], 'queued events never arrived');
      const marker = await ext.sw().evaluate(() => globalThis.lastgateTestMarker ?? 'new worker');
      assert.equal(marker, 'new worker', 'the service worker was not restarted');
      const left = await ext.sw().evaluate(async () => (await chrome.storage.local.get('report_queue')).report_queue.length);
      assert.equal(left, 0);
      await closePage(page);
      await closePage(cdpPage);
    });
  } finally {
    await rx.stop();
  }
});

test('a policy that changes while a page is open applies to that page: its warning goes when its host becomes trusted', { skip }, async () => {
  // The worker pulls a page's first look and tells the page nothing when there is nothing to show,
  // so this page has never heard from the worker except to draw its banner. A changed policy must
  // still reach it (the worker pulls every open page again and always answers): the banner goes.
  await withPolicy({ version: 'before' }, async (ext) => {
    const page = await open(ext, TOKEN);
    assert.ok(!(await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'warn')).timedOut, 'no warn verdict on the token page');
    assert.match(await uiText(page), /Check before you continue/);
    writeManagedPolicy({ version: 'after', trusted_hosts: ['github.com'] });
    // Chromium reads the policy file at start-up and on "Reload policies" (chrome://policy).
    const policyPage = await ext.context.newPage();
    await policyPage.goto('chrome://policy');
    await policyPage.locator('#reload-policies').click();
    const trusted = await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'allow', 10000);
    assert.ok(!trusted.timedOut, `the open page was not assessed again: ${JSON.stringify(trusted.verdict)}`);
    let text = 'not read';
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await page.waitForTimeout(100)) {
      text = await uiText(page, { timeoutMs: 200 });
      if (text === '') break;
    }
    assert.equal(text, '', 'the banner is still shown on a host the new policy trusts');
    await closePage(policyPage);
    await closePage(page);
  });
});

test('options: what the policy sets is locked and shown as such; the rest stays the user\'s', { skip }, async () => {
  await withPolicy({ version: 'v3', help_desk: 'IT help desk, +1 555 0100' }, async (ext) => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
    await options.locator('#policy-ok').waitFor({ timeout: 3000 });
    assert.match(await options.locator('#policy-ok').innerText(), /version v3/);
    assert.equal(await options.locator('#help_desk').isDisabled(), true);
    assert.equal(await options.locator('#help_desk').inputValue(), 'IT help desk, +1 555 0100');
    assert.equal(await options.locator('#help_desk-locked').isVisible(), true);
    assert.equal(await options.locator('#trusted_hosts').isDisabled(), false);
    // A locked key cannot be set behind the page's back either.
    const r = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'options:set', settings: { help_desk: 'Call me' } }));
    assert.equal(r.ok, false);
    assert.match(r.errors[0].message, /set by your organisation/);
    await closePage(options);
  });
});


test('options: an open options page shows a policy that arrives or breaks while it is open, and a locked key a broken policy does not apply says so', { skip }, async () => {
  await withPolicy({ version: 'v1', help_desk: 'IT help desk, +1 555 0100' }, async (ext) => {
    const options = await ext.context.newPage();
    await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
    await options.locator('#policy-ok').waitFor({ timeout: 3000 });
    assert.equal(await options.locator('#trusted_hosts').isDisabled(), false);
    // The administrator adds trusted hosts and a mistake; Chromium reloads policy. The page is not reloaded.
    writeManagedPolicy({ version: 'v2', mode: 'monitr', help_desk: 'IT help desk, +1 555 0100', trusted_hosts: ['corp.example'] });
    const reload = await ext.context.newPage();
    await reload.goto('chrome://policy');
    await reload.locator('#reload-policies').click();
    await closePage(reload);
    await options.locator('#policy-error').waitFor({ timeout: 10000 });
    const text = (await options.locator('body').innerText()).replace(/\s+/g, ' ');
    assert.match(text, /mode/);
    assert.equal(await options.locator('#trusted_hosts').isDisabled(), true);
    assert.match(await options.locator('#trusted_hosts-locked').innerText(), /not applied/);
    assert.doesNotMatch(await options.locator('#help_desk-locked').innerText(), /not applied/, 'the help desk still applies');
    // Fixed: the page follows again, and the trusted hosts are in force.
    writeManagedPolicy({ version: 'v3', help_desk: 'IT help desk, +1 555 0100', trusted_hosts: ['corp.example'] });
    const again = await ext.context.newPage();
    await again.goto('chrome://policy');
    await again.locator('#reload-policies').click();
    await closePage(again);
    await options.locator('#policy-ok').waitFor({ timeout: 10000 });
    assert.match(await options.locator('#policy-ok').innerText(), /version v3/);
    assert.equal(await options.locator('#trusted_hosts').inputValue(), 'corp.example');
    assert.doesNotMatch(await options.locator('#trusted_hosts-locked').innerText(), /not applied/);
    await closePage(options);
  });
});


test('the queue is bounded: the oldest events go first, the count is reported, batches keep their size, and a failed send is retried with backoff', { skip }, async () => {
  let rx = await startReceiver();
  const port = rx.port;
  await rx.stop();
  try {
    await withPolicy({ reporting: { endpoint: `http://127.0.0.1:${port}/v1/logs`, batch_size: 3, max_queue: 10 } }, async (ext) => {
      const queueState = () => ext.sw().evaluate(async () => {
        const got = await chrome.storage.local.get(['report_queue', 'report_state']);
        return { ids: (got.report_queue || []).map((e) => e.id), dropped: got.report_state ? got.report_state.dropped : 0 };
      });
      const warnOnce = async () => {
        const page = await open(ext, TOKEN);
        await waitForVerdict(ext, TOKEN.url, (v) => v.action === 'warn');
        await uiText(page);
        await closePage(page);
      };
      // The collector is down: 12 warnings, at most 10 kept, the 2 oldest dropped and counted.
      for (let i = 0; i < 12; i += 1) await warnOnce();
      const down = await queueState();
      assert.equal(down.ids.length, 10);
      assert.equal(down.dropped, 2);

      // The collector is back; the next warning drops one more and sends everything.
      rx = await startReceiver(port);
      await warnOnce();
      let got = await rx.receivedWhen((r) => r.events.some((e) => e.kind === 'events_dropped'), 10000);
      assert.deepEqual(got.errors, []);
      const kept = down.ids.slice(1);
      const arrived = got.events.filter((e) => e.kind === 'warning_shown').map((e) => e.id);
      assert.equal(arrived.length, 10, `expected the 10 newest warnings, got ${arrived.length}`);
      assert.ok(kept.every((id) => arrived.includes(id)), 'a kept event never arrived');
      assert.ok(!arrived.includes(down.ids[0]), 'the oldest event should have been dropped');
      const dropped = got.events.filter((e) => e.kind === 'events_dropped');
      assert.equal(dropped.length, 1);
      assert.equal(dropped[0].attributes['lastgate.dropped'], 3);
      // 10 events in batches of 3 (the dropped count rides along with the first): 4 requests.
      assert.equal(got.requests, 4);
      assert.deepEqual(await queueState(), { ids: [], dropped: 0 });

      // One failed send (503) is retried after the first backoff (1 s) with no new event to push it.
      await rx.failNext(1);
      const before = got.requests;
      await warnOnce();
      const last = (await ext.sw().evaluate(async () => (await chrome.storage.local.get('event_log')).event_log.at(-1).id));
      got = await rx.receivedWhen((r) => r.events.some((e) => e.id === last), 8000);
      assert.ok(got.events.some((e) => e.id === last), 'the event was not retried after a failed send');
      assert.equal(got.requests, before + 2, 'one refused request, then one accepted');
      assert.deepEqual(got.errors, []);
    });
  } finally {
    await rx.stop();
  }
});
