// Firefox ESR, for real. /etc/firefox/policies/policies.json does the whole deployment, as an
// enterprise's would: ExtensionSettings force-installs the unsigned xpi of dist/extension from a
// file:// URL, Preferences turns the signature check off (locked; ESR allows that, the profile has
// it on), Certificates.Install trusts the root CA that issued the test server's certificate for
// github.com, and 3rdparty.Extensions["lastgate@lastgate.example"] is Lastgate's managed policy.
// Firefox starts headless through geckodriver, opens https://github.com/settings/tokens/new (the
// corpus token page, through a local proxy), and must warn: the in-page banner says so in words,
// the verdict the background stored for the tab is warn / credential_reissue, the popup shows it
// with the warning in its event list, and the help-desk contact from the managed policy is on the
// banner and the popup — so the policy reached the extension through Firefox's policy engine.
// Its `user_override` has a wrong type, which Firefox hands over as written: the banner must not
// offer what the engine cannot read. A second start with a per-flow `block` in the managed policy
// must send the tab to the block page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { FIREFOX, OUT, firefoxUnavailable, geckodriverPath, enterpriseCertificates, buildXpi, writePolicies, startProxy, launchFirefox } from '../lib/firefox.mjs';

const pages = loadCorpus();
const TOKEN = pages.find((x) => x.file === 'pages/github-token-new.html'); // warn, credential_reissue
const HELP_DESK = 'IT help desk, +1 555 0100';
const skip = firefoxUnavailable() || false; // node:test skips on any string, even ''
if (skip) console.log(`Firefox test skipped: ${skip}`);
const HOSTS = corpusHosts(pages);
let srv;
let proxy;
let pki;

before(async () => {
  if (skip) return;
  pki = enterpriseCertificates(HOSTS);
  srv = await startServer({ routes: corpusRoutes(pages) });
  srv.server.setSecureContext({ key: pki.key, cert: pki.cert }); // the corpus hosts' certificate, from our CA
  proxy = await startProxy(HOSTS, srv.port);
});

after(async () => {
  await proxy?.close();
  await srv?.close();
});

/** Writes policies.json with `managed` as Lastgate's policy, starts Firefox, runs `fn`; cleans up. */
async function withFirefox(managed, fn) {
  const remove = writePolicies({ xpi: buildXpi(), managed, ca: pki.ca });
  let ff;
  try {
    const t0 = Date.now();
    // System access only so that WebDriver may open the extension's own pages (moz-extension://).
    ff = await launchFirefox({ proxyPort: proxy.port, systemAccess: true });
    await fn(ff, Date.now() - t0);
  } finally {
    await ff?.close();
    remove();
  }
}

const versions = () => `${execFileSync(FIREFOX, ['--version'], { encoding: 'utf8' }).trim()}; ${execFileSync(geckodriverPath(), ['--version'], { encoding: 'utf8' }).split('\n')[0]}`;

test('Firefox ESR: policies.json force-installs Lastgate with its managed policy, and the token page gets the warning', { skip, timeout: 120000 }, async (t) => {
  // A wrong type in user_override: Chromium would drop the whole key (its schema check), Firefox
  // hands it over as written, and the engine must take the permission away rather than grant it.
  const managed = { version: 'ff-1', help_desk: HELP_DESK, user_override: { dismiss_warning: 'no' } };
  await withFirefox(managed, async (ff, started) => {
    // The policy engine installs the extension at start-up. Load the page, and load it again if the
    // extension was not there yet (it also injects into open tabs when installed: either way works).
    const t1 = Date.now();
    let shown = false;
    let loads = 0;
    for (; loads < 3 && !shown; loads += 1) {
      await ff.navigate(TOKEN.url);
      assert.equal(await ff.url(), TOKEN.url);
      shown = await ff.enterUiFrame(8000);
    }
    assert.ok(shown, 'no Lastgate banner on the token page in Firefox');
    const bannerMs = Date.now() - t1;

    // What the user sees: the banner's own text (an extension page in a closed shadow root).
    const text = (await ff.exec('return document.body.innerText')).replace(/\s+/g, ' ').trim();
    assert.match(text, /Check before you continue: API token or key/);
    assert.match(text, /This page creates or reveals an API token, key or secret that works without you\./);
    assert.match(text, new RegExp(`Call your help desk: ${HELP_DESK.replace(/[+]/g, '\\+')}`));

    // What the frame itself was given (ui:get, answered by the background for this tab's UI
    // session), and the managed policy as Firefox serves it from policies.json.
    const ui = await ff.execAsync(`
      const r = await window.browser.runtime.sendMessage({ type: 'ui:get', nonce: location.hash.slice(1) });
      return { r, managed: await window.browser.storage.managed.get(null) };`);
    assert.ok(!ui.error, ui.error);
    assert.deepEqual(ui.managed, managed);
    assert.equal(ui.r.ok, true, JSON.stringify(ui.r));
    assert.equal(ui.r.value.view, 'banner');
    assert.equal(ui.r.value.may_dismiss, false, 'a dismiss_warning the engine cannot read was granted');
    assert.equal(ui.r.value.may_proceed, true);
    assert.equal(ui.r.value.help_desk, HELP_DESK);
    assert.equal(ui.r.value.verdict.action, 'warn');
    assert.equal(ui.r.value.verdict.flow, 'credential_reissue');

    await ff.topFrame();
    await ff.screenshot(join(OUT, 'firefox-token-warn.png'));

    // The verdict the background stored for the tab (storage.session, as tests/lib/browser.mjs
    // storedVerdict reads it in Chromium), read from an extension page in a second tab.
    const { handle } = await ff.wd('POST', '/session/:session/window/new', { type: 'tab' });
    await ff.wd('POST', '/session/:session/window', { handle });
    await ff.navigate(`${ff.origin}/ui/popup.html`);
    const got = await ff.execAsync(`
      const [tab] = await window.browser.tabs.query({ url: arguments[0] });
      if (!tab) return { error: 'no tab shows ' + arguments[0] };
      const key = 'verdict:' + tab.id;
      return { tabId: tab.id, verdict: (await window.browser.storage.session.get(key))[key] || null };`, [TOKEN.url]);
    assert.ok(!got.error, got.error);
    assert.ok(got.verdict, `no verdict stored for ${TOKEN.url}: ${JSON.stringify(got)}`);
    assert.equal(got.verdict.action, 'warn');
    assert.equal(got.verdict.flow, 'credential_reissue');
    assert.equal(got.verdict.token_backed, true);
    assert.ok(got.verdict.reasons.some((r) => r.id === 'flow.credential_reissue'));
    assert.deepEqual(got.verdict.hold, ['Generate token']);
    assert.deepEqual(ui.r.value.verdict, got.verdict);

    // The toolbar popup for that tab, as rendered in Firefox.
    await ff.navigate(`${ff.origin}/ui/popup.html?tab=${got.tabId}`);
    let popup = '';
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      popup = (await ff.exec('return document.body.innerText')).replace(/\s+/g, ' ').trim();
      if (/Warning shown/.test(popup)) break;
    }
    assert.match(popup, /Warning/);
    assert.match(popup, /API token or key: check before you continue\./);
    assert.match(popup, /github\.com/);
    assert.match(popup, new RegExp(`Call your help desk: ${HELP_DESK.replace(/[+]/g, '\\+')}`));
    assert.match(popup, /Warning shown/, 'the warning_shown event is not in the popup\'s list');
    await ff.screenshot(join(OUT, 'firefox-popup.png'));

    t.diagnostic(`${versions()}; Firefox up in ${started} ms, banner ${bannerMs} ms after navigating (${loads} page load${loads > 1 ? 's' : ''}); proxy refused: ${proxy.refused.length} non-corpus requests`);
  });
});

test('Firefox ESR: a per-flow block in policies.json sends the tab to the block page', { skip, timeout: 120000 }, async (t) => {
  await withFirefox({ actions: { credential_reissue: 'block' }, help_desk: HELP_DESK }, async (ff, started) => {
    const blocked = new RegExp(`^${ff.origin}/ui/blocked\\.html#`);
    const t1 = Date.now();
    let url = '';
    for (let loads = 0; loads < 3 && !blocked.test(url); loads += 1) {
      await ff.navigate(TOKEN.url);
      for (const deadline = Date.now() + 8000; Date.now() < deadline && !blocked.test(url); await new Promise((r) => setTimeout(r, 100))) {
        url = await ff.url();
      }
    }
    assert.match(url, blocked, 'the token page was not sent to the block page');
    const blockMs = Date.now() - t1;
    let text = '';
    for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      text = (await ff.exec('return document.body.innerText')).replace(/\s+/g, ' ').trim();
      if (/Blocked by your organisation/.test(text)) break;
    }
    assert.match(text, /Blocked by your organisation/);
    assert.match(text, /https:\/\/github\.com\/settings\/tokens\/new/);
    assert.match(text, /Your organisation's policy sets this action/);
    assert.ok(text.includes(HELP_DESK), text);
    await ff.screenshot(join(OUT, 'firefox-blocked.png'));
    t.diagnostic(`Firefox up in ${started} ms, block page ${blockMs} ms after navigating`);
  });
});
