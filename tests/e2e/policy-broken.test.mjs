// A broken managed policy must never weaken protection, and neither may a worker that restarts.
//
// 1. For every top-level policy key: the base policy with one bad value in that key (one that passes
//    managed_schema.json where the schema allows, so Chromium hands it over and only Lastgate's own
//    validation can catch it) is installed as real enterprise policy, and the extension's behaviour
//    is compared with the same policy without the bad value: the verdicts on three pages are never
//    lower, monitor mode never turns on, and the user never gets a permission (dismiss, proceed,
//    report, request an exception) the valid policy withholds.
// 2. Under a block policy, the service worker is stopped and the blocked page loaded at once: the
//    restarted worker blocks it. The worker keeps the last managed policy it read
//    (`managed_policy_cache` in storage.local) and starts from it when managed storage is slow to
//    answer, so it never runs under the defaults while the administrator has a policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { EXTENSION, launch, waitForVerdict, closePage } from '../lib/browser.mjs';
import { writeManagedPolicy, policyUnavailable } from '../lib/policy.mjs';
import { startReceiver } from '../lib/otlp.mjs';

const pages = loadCorpus();
const byFile = (f) => {
  const p = pages.find((x) => x.file === `pages/${f}`);
  if (!p) throw new Error(`no corpus page ${f}`);
  return p;
};
const TOKEN = byFile('github-token-new.html'); // warn by default; the base policy says confirm
const APPROVE = byFile('bitwarden-approve-login-request.html'); // names sam.ortiz@fastmail.com: privileged in the base policy
const DEVICE = byFile('d1-auth0-device-activation.html'); // warn by default; its host is trusted in the base policy
const HOSTS = corpusHosts(pages);
const skip = policyUnavailable() || false;
const ACTIONS = ['allow', 'notice', 'warn', 'confirm', 'block'];
let srv;
let rx;

before(async () => {
  srv = await startServer({ routes: corpusRoutes(pages) });
  rx = await startReceiver();
});
after(async () => {
  await srv?.close();
  await rx?.stop();
});

const base = () => ({
  version: 'base',
  mode: 'enforce',
  help_desk: 'IT help desk, +1 555 0100',
  actions: { credential_reissue: 'confirm' },
  trusted_hosts: [new URL(DEVICE.url).hostname],
  suspicious_hosts: ['corp-login.example'],
  identity_providers: { hosts: ['login.corp.example'], email_domains: ['corp.example'] },
  privileged_identities: ['sam.ortiz@*'],
  privileged_apps: ['console.corp.example/admin'],
  token_backed_apps: ['vault.corp.example'],
  user_override: { dismiss_warning: false, report_mistake: false },
  catalog: { services: [{ name: 'Acme Vault', domains: ['acmevault.example'] }] },
  reporting: { endpoint: rx.endpoint },
});

// key → how to break it with one value, and whether Chromium hands the broken key over. Chromium
// drops a whole top-level key whose value has the wrong type for managed_schema.json; the schema
// checks types only, so every other mistake reaches the engine, which skips just the bad entry.
// `version` and `help_desk` take any string: only a wrong type can break them.
const BREAKS = {
  version: [(p) => { p.version = 7; }, false],
  mode: [(p) => { p.mode = 'monitr'; }, true],
  help_desk: [(p) => { p.help_desk = ['IT']; }, false],
  actions: [(p) => { p.actions.device_code = 'blok'; }, true],
  trusted_hosts: [(p) => { p.trusted_hosts.push('github.com/settings'); }, true],
  suspicious_hosts: [(p) => { p.suspicious_hosts.push('https://corp-login.example'); }, true],
  identity_providers: [(p) => { p.identity_providers.hosts.push('login corp example'); }, true],
  privileged_identities: [(p) => { p.privileged_identities.push('x'); }, true],
  privileged_apps: [(p) => { p.privileged_apps.push('console.corp.example/admin?tab=users'); }, true],
  token_backed_apps: [(p) => { p.token_backed_apps.push('*'); }, true],
  // Chromium drops an unknown property inside a key and keeps the rest; a wrong type here would
  // cost the whole key (docs/deploy.md) — crates/cli/tests/policy_salvage.rs covers what the
  // engine does when a browser hands one over (Firefox does).
  user_override: [(p) => { p.user_override.proceed_past_confrim = false; }, false],
  catalog: [(p) => { p.catalog.scopes = { repo: 'superuser' }; }, true],
  reporting: [(p) => { p.reporting.batch_size = 0; }, true],
};

/** Installs `policy` in the running browser (chrome://policy "Reload policies") and waits until the worker applied it. */
async function install(ext, policy, seen) {
  writeManagedPolicy(policy);
  const reload = await ext.context.newPage();
  await reload.goto('chrome://policy');
  await reload.locator('#reload-policies').click();
  await closePage(reload);
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
  let got = null;
  for (const deadline = Date.now() + 10000; Date.now() < deadline; await options.waitForTimeout(100)) {
    const r = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'options:get' }));
    if (r.ok && seen(r.value.managed)) { got = r.value; break; }
  }
  await closePage(options);
  assert.ok(got, `the worker never applied ${JSON.stringify(policy)}`);
  return got;
}

/** JSON with object keys sorted (Chromium hands policy dictionaries over with sorted keys). */
const canonical = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** What the user meets under the installed policy: the verdict on each page, and what is in force. */
async function outcome(ext, state) {
  // Each case starts with no prompts in this browser's recent history ("repeated prompts" would
  // raise later cases' verdicts whatever the policy says).
  await ext.sw().evaluate(() => chrome.storage.session.remove('events'));
  const actions = {};
  for (const p of [TOKEN, APPROVE, DEVICE]) {
    const page = await ext.context.newPage();
    await page.goto(p.url, { waitUntil: 'load', referer: p.referrer || undefined }).catch(() => {}); // a block navigates away
    const { verdict, timedOut } = await waitForVerdict(ext, p.url, (v) => v !== null, 8000);
    assert.ok(!timedOut, `no verdict on ${p.url}`);
    actions[p.file] = verdict.action;
    await closePage(page);
  }
  return { actions, ...state.effective };
}

const FREEDOMS = ['may_dismiss', 'may_proceed', 'may_report', 'may_request'];

test('one bad value in any top-level key never gives the user more freedom or less protection than the policy without it', { skip, timeout: 600000 }, async () => {
  const schemaKeys = Object.keys(JSON.parse(readFileSync(join(EXTENSION, 'managed_schema.json'), 'utf8')).properties).sort();
  assert.deepEqual(Object.keys(BREAKS).sort(), schemaKeys, 'every top-level policy key has a bad value here');
  const ext = await launch({ hosts: HOSTS, port: srv.port });
  let remove = () => {};
  try {
    remove = writeManagedPolicy({});
    const valid = await install(ext, base(), (m) => m.version === 'base');
    assert.deepEqual(valid.managedErrors, [], 'the base policy must be valid');
    const good = await outcome(ext, valid);
    // The base policy is doing something on each page, so a broken one has something to lose.
    assert.deepEqual(good.actions, { [TOKEN.file]: 'confirm', [APPROVE.file]: 'warn', [DEVICE.file]: 'allow' });
    assert.deepEqual([good.may_dismiss, good.may_proceed, good.may_report, good.may_request], [false, true, false, true]);
    const problems = [];
    for (const [key, [breakIt, reaches]] of Object.entries(BREAKS)) {
      const bad = base();
      breakIt(bad);
      // A marker the worker can be seen to have applied, outside the broken key.
      const marker = key === 'help_desk' ? ['version', `bad-${key}`] : ['help_desk', `IT help desk (bad ${key})`];
      bad[marker[0]] = marker[1];
      const state = await install(ext, bad, (m) => m[marker[0]] === marker[1]);
      const dropped = !(key in state.managed) || canonical(state.managed[key]) !== canonical(bad[key]);
      assert.equal(dropped, !reaches, `${key}: expected Chromium to ${reaches ? 'hand the bad value over' : 'drop it'}; storage.managed has ${JSON.stringify(state.managed[key])}`);
      if (!dropped) assert.ok(state.managedErrors.some((e) => e.path === key || e.path.startsWith(`${key}.`) || e.path.startsWith(`${key}[`)), `${key}: the bad value reached the engine but no error names it: ${JSON.stringify(state.managedErrors)}`);
      const got = await outcome(ext, state);
      for (const [file, action] of Object.entries(got.actions)) {
        if (ACTIONS.indexOf(action) < ACTIONS.indexOf(good.actions[file])) problems.push(`${key}: ${file} ${good.actions[file]} → ${action}`);
      }
      if (got.mode !== 'enforce') problems.push(`${key}: mode ${got.mode}`);
      for (const f of FREEDOMS) if (got[f] && !good[f]) problems.push(`${key}: ${f} granted`);
      if (!got.reporting) problems.push(`${key}: reporting turned off`);
      console.log(`${key}: ${dropped ? 'dropped by Chromium' : `${state.managedErrors.length} error(s)`}; ${JSON.stringify(got)}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await ext.close();
    remove();
  }
});

/** Waits until the worker runs under a policy whose version is `version`. */
async function applied(ext, version) {
  const options = await ext.context.newPage();
  await options.goto(`chrome-extension://${ext.extensionId}/ui/options.html`);
  let got = null;
  for (const deadline = Date.now() + 10000; Date.now() < deadline; await options.waitForTimeout(100)) {
    const r = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'options:get' }));
    if (r.ok && r.value.version === version) { got = r.value; break; }
  }
  await closePage(options);
  assert.ok(got, `the worker never applied policy ${version}`);
}

const eventKinds = (ext) => ext.sw().evaluate(async () => ((await chrome.storage.local.get('event_log')).event_log || []).map((e) => `${e.kind}:${e.action}`));

test('a worker stopped and restarted under a block policy blocks the page it wakes for', { skip }, async () => {
  const policy = { version: 'block-1', actions: { credential_reissue: 'block' } };
  const remove = writeManagedPolicy(policy);
  const ext = await launch({ hosts: HOSTS, port: srv.port });
  try {
    await applied(ext, 'block-1');
    const cdpPage = await ext.context.newPage();
    const cdp = await ext.context.newCDPSession(cdpPage);
    await cdp.send('ServiceWorker.enable');
    for (let round = 0; round < 3; round += 1) {
      await ext.sw().evaluate(() => { globalThis.lastgateTestMarker = 'old worker'; });
      await cdp.send('ServiceWorker.stopAllWorkers');
      // The page's navigation is what starts the worker again.
      const page = await ext.context.newPage();
      await page.goto(TOKEN.url, { waitUntil: 'commit', referer: TOKEN.referrer });
      await page.waitForURL(/\/ui\/blocked\.html#/, { timeout: 8000 });
      assert.equal(await ext.sw().evaluate(() => globalThis.lastgateTestMarker ?? 'new worker'), 'new worker', 'the service worker was not restarted');
      await closePage(page);
    }
    // Never anything weaker on the way: every event is a block.
    const kinds = await eventKinds(ext);
    assert.deepEqual([...new Set(kinds)], ['block_shown:block'], JSON.stringify(kinds));
    await closePage(cdpPage);
  } finally {
    await ext.close();
    remove();
  }
});

test('a browser restarted under a block policy starts from the last managed policy it read, not from the defaults', { skip }, async () => {
  // Right after the browser starts, chrome.storage.managed can answer later than the first page
  // loads; the worker then starts from the policy it kept (managed_policy_cache in storage.local).
  const policy = { version: 'block-2', actions: { credential_reissue: 'block' } };
  const remove = writeManagedPolicy(policy);
  const profile = mkdtempSync(join(tmpdir(), 'lastgate-restart-'));
  try {
    let ext = await launch({ hosts: HOSTS, port: srv.port, profile });
    await applied(ext, 'block-2');
    const cached = await ext.sw().evaluate(async () => (await chrome.storage.local.get('managed_policy_cache')).managed_policy_cache);
    assert.deepEqual(cached, policy, 'the worker did not keep the managed policy it read');
    await ext.close();
    for (let round = 0; round < 3; round += 1) {
      ext = await launch({ hosts: HOSTS, port: srv.port, profile });
      try {
        const page = await ext.context.newPage();
        await page.goto(TOKEN.url, { waitUntil: 'commit', referer: TOKEN.referrer });
        await page.waitForURL(/\/ui\/blocked\.html#/, { timeout: 8000 });
        await closePage(page);
      } finally {
        await ext.close();
      }
    }
    ext = await launch({ hosts: HOSTS, port: srv.port, profile });
    try {
      const kinds = await eventKinds(ext);
      assert.deepEqual([...new Set(kinds)], ['block_shown:block'], `a restarted browser applied something weaker first: ${JSON.stringify(kinds)}`);
    } finally {
      await ext.close();
    }
  } finally {
    remove();
    rmSync(profile, { recursive: true, force: true });
  }
});
