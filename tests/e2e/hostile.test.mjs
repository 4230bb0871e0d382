// Hostile pages (issue 21), tested as an attacker would write them: the page's own main-world
// script tries to get the user's approving click, key or tap through to the page before the user
// has passed Lastgate's check. Each attack page is the corpus's confirm page (npm "Generate Token",
// arrived from Slack) with the attack in its <head>; it reports a successful approval by a beacon
// to /__approved, which the server records. The control half of every test is the same page after
// the user has passed the check: then the same input approves, so the attack's machinery works
// and only Lastgate stood in its way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { launch, waitForVerdict, uiFrame, closePage, bounded, contentScriptRecord } from '../lib/browser.mjs';

const FORCE = { force: true };
const pages = loadCorpus();
const CONFIRM = pages.find((x) => x.file === 'pages/p2-npm-granular-token-new.html');
const WARN = pages.find((x) => x.file === 'pages/github-token-new.html'); // a banner
const BASE = new URL(CONFIRM.url);
const CLICKJACK_HOST = 'prize-claims.example.net';
const HUGE_HOST = 'inventory.example.org';
const CHAT_HOST = 'app.slack.com'; // the confirm page's referrer, which its confirm verdict needs
const HTML = readFileSync(CONFIRM.path, 'utf8');
const BUTTON = 'Generate Token';

// In every attack, `approve(how)` is what a real attacker's page would do instead of waiting for
// the form: a request that performs the approval. It fires on trusted input only (what a person did).
const PRELUDE = `
  window.__approved = [];
  window.approve = (how) => { window.__approved.push(how); navigator.sendBeacon('/__approved?how=' + encodeURIComponent(how)); };
`;

const ATTACKS = {
  // A capture listener on window, registered before any extension script: it sees the click first.
  'capture-click': `addEventListener('click', (e) => { if (e.isTrusted) approve('capture-click'); }, true);`,
  // Approving on events that come before the click.
  pointerdown: `addEventListener('pointerdown', (e) => { if (e.isTrusted) approve('pointerdown'); }, true);`,
  mousedown: `addEventListener('mousedown', (e) => { if (e.isTrusted) approve('mousedown'); }, true);`,
  mouseup: `addEventListener('mouseup', (e) => { if (e.isTrusted) approve('mouseup'); }, true);`,
  keydown: `addEventListener('keydown', (e) => { if (e.isTrusted) approve('keydown:' + e.key); }, true);`,
  // The label changes as the pointer goes down, so a held control matched by its text is missed.
  'label-swap': `addEventListener('pointerdown', (e) => {
      const b = e.target.closest && e.target.closest('button');
      if (b) b.textContent = 'OK';
    }, true);
    addEventListener('click', (e) => { if (e.isTrusted && e.target.closest && e.target.closest('button')) approve('label-swap'); }, true);`,
  // A second approving control beside the real one: a link styled as a button, with a label no
  // list of held texts has.
  'link-button': `document.addEventListener('DOMContentLoaded', () => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === '${BUTTON}');
      const a = document.createElement('a');
      a.href = '/__approved?how=link-button';
      a.className = 'btn';
      a.id = 'target';
      a.textContent = 'Create and copy it to the clipboard for the release workflow';
      b.after(' ', a);
    });`,
  // A toolbar of untyped, unlabelled div "buttons" (icons only) beside the real button.
  toolbar: `document.addEventListener('DOMContentLoaded', () => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === '${BUTTON}');
      const bar = document.createElement('div');
      for (let i = 0; i < 6; i += 1) {
        const d = document.createElement('div');
        d.style.cssText = 'display:inline-block;width:40px;height:40px;background:#cb3837;margin:2px';
        d.addEventListener('click', (e) => { if (e.isTrusted) approve('toolbar'); });
        bar.append(d);
      }
      bar.id = 'target';
      b.after(bar);
    });`,
  // Once the page sees an element of the extension appear (or after a while), it rewrites itself
  // with document.open(), which erases every listener on the document and window.
  'document-open': `
    let done = false;
    const rewrite = () => {
      if (done) return;
      done = true;
      const html = document.documentElement.outerHTML;
      document.open();
      document.write('<!DOCTYPE html>' + html.replace('<head>', '<head><script>window.__rewritten = true; addEventListener("click", (e) => { if (e.isTrusted) approve("document-open"); }, true);<' + '/script>'));
      document.close();
    };
    new MutationObserver(() => { if ([...document.documentElement.children].some((e) => /^X-/.test(e.tagName))) setTimeout(rewrite, 0); })
      .observe(document.documentElement, { childList: true });
    addEventListener('load', () => setTimeout(rewrite, 1500));`,
  // Another approving button, in a same-origin srcdoc frame, which tells its parent.
  srcdoc: `addEventListener('message', (e) => { if (e.data === 'approve') approve('srcdoc'); });
    document.addEventListener('DOMContentLoaded', () => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === '${BUTTON}');
      const f = document.createElement('iframe');
      f.id = 'target';
      f.style.cssText = 'border:0;width:260px;height:60px';
      f.srcdoc = '<button style="font-size:18px" onclick="event.isTrusted && parent.postMessage(\\'approve\\', \\'*\\')">Approve</button>';
      b.after(f);
    });`,
  // Focus taken away from the extension's surface, again and again, hoping the user's input lands
  // on the page. Clicks must not (the page stays inert); keys typed in the moment before focus is
  // taken back can (SECURITY.md), so they are recorded, not approved on.
  'focus-steal': `addEventListener('pointerdown', (e) => { if (e.isTrusted) approve('focus-steal:pointerdown'); }, true);
    addEventListener('click', (e) => { if (e.isTrusted) approve('focus-steal:click'); }, true);
    addEventListener('keydown', (e) => { if (e.isTrusted) (window.__keys ||= []).push(e.key); }, true);
    addEventListener('load', () => setInterval(() => {
      if (document.activeElement) document.activeElement.blur();
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === '${BUTTON}');
      b.focus();
    }, 20));`,
  // The page's own modal dialog, opened over the extension's surface once that appears, with an
  // approving button of its own where the user's click will go.
  'own-modal': `
    const open = () => {
      const d = document.getElementById('target');
      if (!d.open) d.showModal();
    };
    document.addEventListener('DOMContentLoaded', () => {
      const d = document.createElement('dialog');
      d.id = 'target';
      d.style.cssText = 'inset:0;width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;border:0';
      d.innerHTML = '<button style="width:100%;height:100%;font-size:40px">Continue</button>';
      d.querySelector('button').addEventListener('click', (e) => { if (e.isTrusted) approve('own-modal'); });
      document.body.append(d);
      new MutationObserver(() => { if ([...document.documentElement.children].some((e) => /^X-/.test(e.tagName))) open(); })
        .observe(document.documentElement, { childList: true });
    });
    addEventListener('load', () => setTimeout(open, 1500));`,
};

// Attacks on the banner (issue 21, class 2): each runs once the page sees an element of the
// extension's appear (`whenShown`).
const WHEN_SHOWN = `const whenShown = (fn) => {
    let done = false;
    const ours = () => [...document.documentElement.children].find((e) => /^X-/.test(e.tagName));
    const go = () => { if (!done && ours()) { done = true; fn(ours()); } };
    new MutationObserver(go).observe(document.documentElement, { childList: true });
  };`;
const BANNER_ATTACKS = {
  // A forged pagehide, then the banner removed: a guard that believed the event would stop.
  pagehide: `${WHEN_SHOWN} whenShown((el) => setTimeout(() => {
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      setTimeout(() => [...document.documentElement.children].find((e) => /^X-/.test(e.tagName)).remove(), 50);
    }, 300));`,
  // The root zoomed down and the body zoomed back up: the page looks the same, the warning shrinks.
  zoom: `${WHEN_SHOWN} whenShown(() => {
      const st = document.createElement('style');
      st.textContent = 'html { zoom: .25 } body { zoom: 4 }';
      document.head.append(st);
    });`,
  // A popover over the banner that hit testing does not see (pointer-events: none), re-opened
  // again and again so it is never new, with the events that tell of it swallowed.
  'popover-cover': `${WHEN_SHOWN}
    for (const t of ['toggle', 'beforetoggle']) addEventListener(t, (e) => e.stopImmediatePropagation(), true);
    whenShown(() => {
      const d = document.createElement('div');
      d.popover = 'manual';
      d.style.cssText = 'pointer-events:none;position:fixed;inset:0 0 auto 0;width:100%;height:260px;margin:0;border:0;background:#fff;color:#24292f;font:20px sans-serif';
      d.textContent = 'Personal access tokens (classic)';
      document.body.append(d);
      setInterval(() => { if (d.matches(':popover-open')) d.hidePopover(); d.showPopover(); }, 300);
    });`,
};

// Attacks that fight the interstitial itself, and so end on the block page.
const BLOCKED = new Set(['focus-steal']);

const approvals = [];
let srv;
let ext;

/** A route answering with `html`, uncached. */
function serveHtml(html) {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  };
}

function attackUrl(name) {
  return `${BASE.origin}${BASE.pathname}?attack=${name}`;
}

before(async () => {
  const routes = corpusRoutes(pages);
  for (const [name, js] of Object.entries(ATTACKS)) {
    const html = HTML.replace('<head>', `<head>\n<script>${PRELUDE}\n${js}</script>`);
    routes.set(`${BASE.hostname}${BASE.pathname}?attack=${name}`, serveHtml(html));
  }
  const warn = new URL(WARN.url);
  for (const [name, js] of Object.entries(BANNER_ATTACKS)) {
    const html = readFileSync(WARN.path, 'utf8').replace('<head>', `<head>\n<script>${js}</script>`);
    routes.set(`${warn.hostname}${warn.pathname}?attack=${name}`, serveHtml(html));
  }
  routes.set(`${BASE.hostname}/__approved`, (req, res) => {
    approvals.push(new URL(req.url, BASE.origin).searchParams.get('how'));
    res.writeHead(204);
    res.end();
  });
  // Clickjacking: a page of another site frames a flow page where the user cannot see it.
  const framer = (src) => serveHtml(`<!DOCTYPE html><html><head><title>Win a prize</title></head><body style="margin:0">
      <h1>Claim your prize</h1><p>Click the big button below to claim it.</p>
      <button style="position:absolute;left:200px;top:640px;font-size:24px">Claim prize</button>
      <iframe src="${src}" style="position:absolute;left:0;top:0;width:1280px;height:800px;border:0;opacity:0.001"></iframe>
      </body></html>`);
  routes.set(`${CLICKJACK_HOST}/prize`, framer(WARN.url));
  routes.set(`${CHAT_HOST}/client/T03KESTREL/C05RELEASE`, framer(CONFIRM.url));
  // A page can be huge: half a million elements (a 50 000-row table), 6.5 MB of HTML.
  const dir = join(ROOT, 'target', 'e2e');
  mkdirSync(dir, { recursive: true });
  const rows = [];
  for (let i = 0; i < 50000; i += 1) rows.push(`<tr><td>${i}</td><td><span>item ${i}</span></td><td><a href="/x/${i}">link ${i}</a></td><td><b>b</b><i>i</i><em>e</em></td></tr>`);
  writeFileSync(join(dir, 'huge.html'), `<!DOCTYPE html><html><head><title>Inventory</title></head><body><h1>Inventory</h1><table>${rows.join('')}</table></body></html>`);
  routes.set(`${HUGE_HOST}/inventory`, join(dir, 'huge.html'));
  srv = await startServer({ routes });
  ext = await launch({ hosts: [...corpusHosts(pages), CLICKJACK_HOST, CHAT_HOST, HUGE_HOST], port: srv.port });
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

/** The centre of the approving control, in the top page's viewport. */
async function target(page) {
  return page.evaluate((label) => {
    const el = document.getElementById('target')
      || [...document.querySelectorAll('button, a')].find((x) => x.textContent.trim().startsWith(label));
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.left + Math.min(r.width / 2, 30), y: r.top + r.height / 2 };
  }, BUTTON);
}

/**
 * What a person might do to get at the approving control: click it, press on it, tab towards it and
 * type. (Not Enter or Space: under the interstitial those would answer Lastgate's own focused
 * control, Cancel, which leaves the page.)
 */
async function tryEverything(page) {
  const at = await target(page);
  await page.mouse.click(at.x, at.y);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  await page.mouse.up();
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('Tab');
  await page.keyboard.press('a');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('b');
  await page.waitForTimeout(500);
}

/** Goes through the interstitial as a user who started this themselves and is not being coached. */
async function pass(page) {
  const frame = await uiFrame(page);
  assert.ok(frame, 'no interstitial to pass');
  await frame.getByRole('radio').nth(0).check(FORCE);
  await frame.getByRole('radio').nth(3).check(FORCE);
  await frame.locator('#lg-typed').fill(BASE.hostname);
  await frame.waitForFunction(() => !document.querySelector('button[type=submit]').disabled, null, { timeout: 6000 });
  await frame.locator('button[type=submit]').click(FORCE);
  for (let i = 0; i < 40 && (await uiFrame(page, { timeoutMs: 0 })); i += 1) await page.waitForTimeout(50);
}

for (const name of Object.keys(ATTACKS)) {
  test(`confirm holds against a page that approves by ${name}`, async () => {
    approvals.length = 0;
    const page = await ext.context.newPage();
    try {
      await page.goto(attackUrl(name), { waitUntil: 'load', referer: CONFIRM.referrer });
      const { verdict, timedOut } = await waitForVerdict(ext, attackUrl(name), (v) => v.action === 'confirm');
      assert.ok(!timedOut, `the attack page is not at confirm: ${JSON.stringify(verdict)}`);
      if (name === 'document-open') await page.waitForFunction(() => window.__rewritten === true, null, { timeout: 5000 });
      if (BLOCKED.has(name)) {
        // The page fights the interstitial: the user types while it does, the tab goes to the
        // block page and there is nothing to pass. (Its approval fires when no extension is in
        // the way: see the control test.)
        await uiFrame(page, { timeoutMs: 1500 }); // the user starts once there is something to see
        for (let i = 0; i < 20 && !/blocked\.html/.test(page.url()); i += 1) {
          await page.keyboard.press('a').catch(() => {});
          await page.mouse.click(300, 680).catch(() => {}); // where the approving control is drawn
          await page.waitForTimeout(50);
        }
        await page.waitForURL(/^chrome-extension:\/\/[a-z]+\/ui\/blocked\.html#/, { timeout: 3000 }).catch(() => {});
        assert.deepEqual(approvals, [], `${name}: the page approved before the user passed the check`);
        assert.match(page.url(), /^chrome-extension:\/\/[a-z]+\/ui\/blocked\.html#/, `${name}: the fighting page was not blocked`);
        return;
      }
      await uiFrame(page, { timeoutMs: 1500 }); // let the interstitial come up, where it does
      await tryEverything(page);
      assert.deepEqual(approvals, [], `${name}: the page approved before the user passed the check`);
      assert.ok(await uiFrame(page, { timeoutMs: 500 }), `${name}: the interstitial is not shown at confirm (at ${page.url()})`);
      const seen = await bounded(page.evaluate(() => window.__approved), 2000, null);
      assert.deepEqual(seen, [], `${name}: the page saw the user's input`);

      // Control: once the user has passed the check, the same input reaches the page.
      await pass(page);
      assert.equal(await uiFrame(page, { timeoutMs: 0 }), null, `${name}: the interstitial stayed after passing`);
      await page.keyboard.press('a'); // before the click, which may submit the form and leave
      await tryEverything(page);
      for (let i = 0; i < 40 && !approvals.length; i += 1) await page.waitForTimeout(50);
      assert.ok(approvals.length > 0, `${name}: after the check the attack page's approval never fired (the test is broken)`);
    } finally {
      await closePage(page);
    }
  });
}

test('control: with the extension switched off, every attack page approves on the same input', async () => {
  // The same pages in a browser without Lastgate: each attack's approval fires, so the tests above
  // fail only because of what the extension does.
  const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--ignore-certificate-errors', `--host-resolver-rules=MAP ${BASE.hostname} 127.0.0.1:${srv.port}`] });
  try {
    const ctx = await plain.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
    for (const name of Object.keys(ATTACKS)) {
      approvals.length = 0;
      const page = await ctx.newPage();
      await page.goto(attackUrl(name), { waitUntil: 'load', referer: CONFIRM.referrer });
      if (name === 'document-open') await page.waitForFunction(() => window.__rewritten === true, null, { timeout: 5000 });
      if (name === 'own-modal') await page.waitForFunction(() => document.getElementById('target').open, null, { timeout: 5000 });
      await page.keyboard.press('a');
      await tryEverything(page);
      for (let i = 0; i < 40 && !approvals.length; i += 1) await page.waitForTimeout(50);
      assert.ok(approvals.length > 0, `${name}: the attack page does not approve even without the extension (the test is broken)`);
      await closePage(page); // bounded: close can wait forever on a page with frames
    }
  } finally {
    await bounded(plain.close(), 10000, null);
  }
});

function warnUrl(name) {
  const u = new URL(WARN.url);
  return `${u.origin}${u.pathname}?attack=${name}`;
}

async function openBannerAttack(name) {
  await ext.sw().evaluate(() => chrome.storage.session.remove('dismissed'));
  const page = await ext.context.newPage();
  await page.goto(warnUrl(name), { waitUntil: 'load', referer: WARN.referrer || undefined });
  const { verdict, timedOut } = await waitForVerdict(ext, warnUrl(name), (v) => v.action === 'warn');
  assert.ok(!timedOut, `the attack page is not at warn: ${JSON.stringify(verdict)}`);
  return page;
}

/** The banner's drawn box (its frame's, in the page's CSS pixels), or null when none is shown. */
async function bannerBox(page) {
  const f = await uiFrame(page, { timeoutMs: 1500 });
  return f ? bounded((await f.frameElement()).boundingBox(), 2000, null) : null;
}

test('a forged pagehide does not switch the guard off: the banner removed after it comes back', async () => {
  const page = await openBannerAttack('pagehide');
  try {
    await page.waitForTimeout(1200);
    const box = await bannerBox(page);
    assert.ok(box && box.height >= 40, `the banner did not come back after a forged pagehide (${JSON.stringify(box)})`);
  } finally {
    await closePage(page);
  }
});

test('html { zoom: .25 } body { zoom: 4 } does not shrink the banner', async () => {
  const page = await openBannerAttack('zoom');
  try {
    await page.waitForTimeout(1200);
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).zoom), '0.25', 'the attack did not apply');
    const box = await bannerBox(page);
    assert.ok(box, 'no banner');
    assert.ok(box.height >= 80 && box.width >= 1200, `the banner is drawn at ${Math.round(box.width)}×${Math.round(box.height)} px`);
  } finally {
    await closePage(page);
  }
});

test('a pointer-events: none popover re-opened over the banner, its events swallowed: the page is blocked', async () => {
  const page = await openBannerAttack('popover-cover');
  try {
    await page.waitForURL(/^chrome-extension:\/\/[a-z]+\/ui\/blocked\.html#/, { timeout: 10000 }).catch(() => {});
    assert.match(page.url(), /blocked\.html/, 'a page that keeps covering the warning where hit testing cannot see it was not blocked');
  } finally {
    await closePage(page);
  }
});

test('clickjacking: a flow page in an invisible frame is warned about by the top page, drawn where the user sees it', async () => {
  const page = await ext.context.newPage();
  const url = `https://${CLICKJACK_HOST}/prize`;
  try {
    await page.goto(url, { waitUntil: 'load' });
    const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.action === 'warn');
    assert.ok(!timedOut, `the framed flow page got no warning: ${JSON.stringify(verdict)}`);
    const f = await uiFrame(page, { top: true });
    assert.ok(f, 'the warning is not drawn by the top page (only inside the invisible frame, if at all)');
    const box = await (await f.frameElement()).boundingBox();
    assert.ok(box && box.height >= 40 && box.width >= 1200, `the warning is drawn at ${JSON.stringify(box)}`);
    assert.equal(page.frames().filter((x) => x.url().includes('/ui/frame.html')).length, 1, 'a second warning inside the frame');
    // The framed page changes and is read again: its warning stays the top page's, drawn once.
    const framed = page.frames().find((x) => x.url() === WARN.url);
    await framed.evaluate(() => document.body.append(Object.assign(document.createElement('p'), { textContent: 'Tokens you have generated that can be used to access the GitHub API.' })));
    await page.waitForTimeout(2500);
    const drawn = page.frames().filter((x) => x.url().includes('/ui/frame.html'));
    assert.equal(drawn.length, 1, `after the frame was read again: ${drawn.length} warnings`);
    assert.equal(drawn[0].parentFrame(), page.mainFrame(), 'after the frame was read again, its warning is drawn inside it');
  } finally {
    await closePage(page);
  }
});

test('clickjacking at confirm: the top page is covered by the interstitial, the invisible frame cannot be clicked until the check is passed', async () => {
  const page = await ext.context.newPage();
  const url = `https://${CHAT_HOST}/client/T03KESTREL/C05RELEASE`;
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().startsWith(BASE.origin)) posts.push(r.url()); });
  try {
    await page.goto(url, { waitUntil: 'load' });
    const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.action === 'confirm');
    assert.ok(!timedOut, `the framed flow page is not at confirm: ${JSON.stringify(verdict)}`);
    const f = await uiFrame(page, { top: true });
    assert.ok(f, 'the interstitial is not drawn by the top page');
    const framed = page.frames().find((x) => x.url() === CONFIRM.url);
    const at = await framed.evaluate((label) => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent.trim() === label);
      b.scrollIntoView({ block: 'center' });
      const r = b.getBoundingClientRect();
      return { x: r.left + 10, y: r.top + r.height / 2 };
    }, BUTTON);
    assert.ok(at.y > 0 && at.y < 800, `the approving button is not in view (${at.y})`);
    await page.mouse.click(at.x, at.y); // the frame sits at 0,0 of the top page
    await page.waitForTimeout(500);
    assert.deepEqual(posts, [], 'the invisible frame\'s form was submitted under the interstitial');

    await pass(page);
    assert.equal(await uiFrame(page, { top: true, timeoutMs: 300 }), null, 'the interstitial stayed after passing');
    await page.mouse.click(at.x, at.y);
    for (let i = 0; i < 40 && !posts.length; i += 1) await page.waitForTimeout(50);
    assert.equal(posts.length, 1, 'after the check the user\'s click in the frame did not go through (the test is broken)');
  } finally {
    await closePage(page);
  }
});

test('a page of 500 000 elements: read in slices, capped, and the verdict says the read was cut', async () => {
  const page = await ext.context.newPage();
  const url = `https://${HUGE_HOST}/inventory`;
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) > 500000);
    const { verdict, timedOut } = await waitForVerdict(ext, url, (v) => v.reasons.some((r) => r.id === 'reading.incomplete'), 15000);
    assert.ok(!timedOut, `no verdict saying the read was cut: ${JSON.stringify(verdict)}`);
    assert.equal(verdict.action, 'allow');
    await page.waitForTimeout(500);
    const rec = await contentScriptRecord(page, ext.extensionId);
    assert.ok(rec, 'no content-script record');
    // Self-measured (content.js __lastgateCost): every entry into our script, and their sum.
    // (A read that is not sliced takes seconds on this page. Not every entry can be sliced — the
    // first look reads the body's text in one call — and a clean-clone CI run on this loaded 2-core
    // machine saw one task of 65 ms, so the bound for any one task is 100 ms; the long-task budget
    // of ordinary pages is measured by `make bench`, not here.)
    assert.ok(rec.max <= 100, `a task of ours took ${rec.max.toFixed(1)} ms`);
    assert.ok(rec.ms <= 400, `reading the page cost ${rec.ms.toFixed(0)} ms of main thread`);
  } finally {
    await closePage(page);
  }
});
