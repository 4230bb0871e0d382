// Tamper resistance, tested rather than assumed: the page itself (its own main-world script, as an
// attacker's page would) tries to hide, restyle, remove, cover, fake-dismiss or navigate away
// Lastgate's warning, and to send a verdict of its choosing. Each attempt must fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus, corpusHosts } from '../lib/corpus.mjs';
import { startServer, corpusRoutes } from '../lib/server.mjs';
import { launch, waitForVerdict, uiFrame, uiText, closePage } from '../lib/browser.mjs';

// Clicks inside our frame skip Playwright's rAF-based "stable" wait, which can stall in a freshly
// loaded out-of-process frame; they are still real input events at the element's position (what
// covers the frame is checked separately, with elementFromPoint).
const FORCE = { force: true };

const pages = loadCorpus();
const WARN = pages.find((x) => x.file === 'pages/github-token-new.html');
let srv;
let ext;

before(async () => {
  srv = await startServer({ routes: corpusRoutes(pages) });
  ext = await launch({ hosts: corpusHosts(pages), port: srv.port });
});

after(async () => {
  await ext?.close();
  await srv?.close();
});

async function openWarned(initScript) {
  await ext.sw().evaluate(() => chrome.storage.session.remove('dismissed')); // one test dismisses
  const page = await ext.context.newPage();
  if (initScript) await page.addInitScript(initScript); // page script that runs before anything of ours
  await page.goto(WARN.url, { waitUntil: 'load', referer: WARN.referrer });
  await waitForVerdict(ext, WARN.url, (v) => v.action === 'warn');
  assert.match(await uiText(page), /Check before you continue/, 'no banner to attack');
  return page;
}

/** The banner is shown, visible, and the top-most thing at the top of the viewport. */
async function assertShown(page, what) {
  await page.waitForTimeout(600); // a few guard periods
  const state = await page.evaluate(() => {
    const ours = [...document.documentElement.children].find((e) => /^X-[0-9A-F]{12}$/.test(e.tagName));
    if (!ours) return { present: false };
    const cs = getComputedStyle(ours);
    const top = document.elementFromPoint(innerWidth / 2, 10);
    return { present: true, display: cs.display, visibility: cs.visibility, opacity: cs.opacity, onTop: top === ours };
  });
  // The drawn size is the frame's (inside a top-layer dialog the host itself may have no box).
  const f = await uiFrame(page);
  const box = f ? await (await f.frameElement()).boundingBox() : null;
  state.height = box ? box.height : 0;
  assert.ok(state.present, `${what}: our element is gone`);
  assert.notEqual(state.display, 'none', `${what}: display none`);
  assert.equal(state.visibility, 'visible', `${what}: not visible`);
  assert.equal(state.opacity, '1', `${what}: transparent`);
  assert.ok(state.height >= 40, `${what}: squashed to ${state.height}px`);
  assert.ok(state.onTop, `${what}: something covers the banner`);
  assert.match(await uiText(page), /Check before you continue/, `${what}: the banner's content is gone`);
}

test('removing our element: it comes back', async () => {
  const page = await openWarned();
  await page.evaluate(() => [...document.documentElement.children].find((e) => /^X-/.test(e.tagName)).remove());
  await assertShown(page, 'remove()');
  await page.evaluate(() => { document.documentElement.replaceChildren(document.head, document.body); });
  await assertShown(page, 'replaceChildren on <html>');
  await closePage(page);
});

test('hiding or restyling our element: inline styles, stylesheets, attributes and inert all fail', async () => {
  const attacks = {
    'inline display:none !important': (el) => el.style.setProperty('display', 'none', 'important'),
    'inline opacity/visibility/transform': (el) => el.setAttribute('style', 'opacity:0!important;visibility:hidden!important;transform:translateY(-500px)!important'),
    'hidden attribute': (el) => { el.hidden = true; },
    'class names': (el) => { el.className = 'sr-only'; },
    'hidePopover()': (el) => el.hidePopover(),
    inert: () => { document.documentElement.inert = true; },
  };
  // A fresh page for each: six attacks in a row are "a page that keeps fighting" (next tests).
  for (const [name, fn] of Object.entries(attacks)) {
    const page = await openWarned();
    await page.evaluate(`(${fn.toString()})([...document.documentElement.children].find((e) => /^X-/.test(e.tagName)))`);
    await assertShown(page, name);
    await closePage(page);
  }
  const page = await openWarned();
  // A page stylesheet aimed at anything added to <html> or shown as a popover, with !important.
  // (Hiding the whole page instead hides the prompt too: then there is nothing to warn about.)
  await page.addStyleTag({ content: 'html > :not(head):not(body), [popover], :popover-open { display: none !important; opacity: 0 !important; visibility: hidden !important; clip-path: inset(50%) !important; transform: scale(0) !important; width: 0 !important; height: 0 !important; }' });
  await assertShown(page, 'page stylesheet with !important');
  await closePage(page);
});

test('covering our element: max z-index overlays and the page\'s own top-layer elements end up below it', async () => {
  const page = await openWarned();
  await page.evaluate(() => {
    const cover = document.createElement('div');
    cover.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:#fff;';
    cover.textContent = 'Nothing to see here';
    document.body.append(cover);
  });
  await assertShown(page, 'full-screen element at max z-index');
  await page.evaluate(() => {
    const pop = document.createElement('div');
    pop.popover = 'manual';
    pop.style.cssText = 'inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff;';
    pop.textContent = 'Popover cover';
    document.body.append(pop);
    pop.showPopover();
  });
  await assertShown(page, 'the page\'s own popover opened after ours');
  await page.evaluate(() => {
    const d = document.createElement('dialog');
    d.style.cssText = 'inset:0;width:100vw;height:100vh;max-width:none;max-height:none;margin:0;border:0;';
    d.textContent = 'Modal cover';
    document.body.append(d);
    d.showModal();
  });
  await assertShown(page, 'the page\'s own modal dialog opened after ours');
  // Still usable, not just visible: a page's modal would make a popover inert.
  await (await uiFrame(page)).getByRole('button', { name: 'Dismiss' }).click(FORCE);
  await page.waitForTimeout(300);
  assert.equal(await uiText(page, { timeoutMs: 200 }), '', 'Dismiss did not work above the page\'s modal');
  await closePage(page);
});

test('fake-dismissing: synthetic clicks, forged messages and navigating our frame do nothing', async () => {
  const page = await openWarned();
  await page.evaluate(() => {
    const ours = [...document.documentElement.children].find((e) => /^X-/.test(e.tagName));
    const r = ours.getBoundingClientRect();
    for (const x of [r.right - 40, r.right - 60, r.left + 40]) {
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        ours.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, clientX: x, clientY: r.top + 20 }));
        const at = document.elementFromPoint(x, r.top + 20);
        if (at) at.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, clientX: x, clientY: r.top + 20 }));
      }
    }
    ours.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
  });
  await assertShown(page, 'synthetic clicks on our element and at the Dismiss button');

  // postMessage every message shape the UI uses to every frame the page can reach.
  await page.evaluate(() => {
    for (let i = 0; i < window.frames.length; i += 1) {
      for (const type of ['ui:dismiss', 'ui:confirm', 'ui:cancel', 'dismissed', 'passed']) {
        window.frames[i].postMessage({ type, act: 'dismissed', nonce: 'x' }, '*');
        window.frames[i].postMessage(type, '*');
      }
    }
  });
  await assertShown(page, 'forged postMessage to our frame');

  // Extension messaging is not open to pages at all.
  const reachable = await page.evaluate(() => typeof chrome !== 'undefined' && !!(chrome.runtime && chrome.runtime.sendMessage));
  assert.equal(reachable, false, 'the page can reach chrome.runtime.sendMessage');

  // An ancestor may navigate a child frame even cross-origin: the frame is replaced by a fresh one.
  await page.evaluate(() => { for (let i = 0; i < window.frames.length; i += 1) window.frames[i].location = 'https://github.com/'; });
  await assertShown(page, 'navigating our frame away');
  const f = await uiFrame(page);
  assert.ok(f.url().startsWith('chrome-extension://'), `our frame now shows ${f.url()}`);
  await closePage(page);
});

test('a cover opened on the top layer while the page swallows the event that says so: the periodic check still finds it', async () => {
  // The guard runs its full check on ticks after a mutation or a popover/dialog/fullscreen/resize
  // event, and at least once a second regardless. The page prepares a popover cover, waits until
  // the guard is quiet, then opens it with no mutation and with the 'toggle' event stopped by its
  // own capture listener, added before ours.
  const page = await openWarned(() => {
    for (const type of ['toggle', 'beforetoggle']) addEventListener(type, (e) => e.stopImmediatePropagation(), true);
  });
  await page.evaluate(() => {
    const pop = document.createElement('div');
    pop.id = 'quiet-cover';
    pop.popover = 'manual';
    pop.style.cssText = 'inset:0;width:100vw;height:100vh;margin:0;border:0;background:#fff;';
    pop.textContent = 'Popover cover';
    document.body.append(pop);
  });
  await page.waitForTimeout(1200); // the check after that mutation has run; the guard is quiet
  await page.evaluate(() => document.getElementById('quiet-cover').showPopover());
  await page.waitForTimeout(1000); // at most one quiet period
  await assertShown(page, 'a popover cover opened without a mutation or an event we hear');
  await closePage(page);
});

test('a page that keeps fighting the warning is sent to the block page', async () => {
  const page = await openWarned();
  await page.evaluate(() => {
    setInterval(() => {
      const ours = [...document.documentElement.children].find((e) => /^X-/.test(e.tagName));
      if (ours) ours.remove();
    }, 30);
  });
  await page.waitForURL(/^chrome-extension:\/\/[a-p]{32}\/ui\/blocked\.html#/, { timeout: 8000 });
  await page.getByRole('heading', { name: 'This page tried to hide a Lastgate warning' }).waitFor({ timeout: 3000 });
  await closePage(page);
});

test('the page cannot send the verdict it likes: its own messages never reach the worker', async () => {
  const page = await openWarned();
  const before = await ext.sw().evaluate(async () => (await chrome.storage.session.get('stats')).stats || { invalid_messages: 0 });
  // Even a forged DOM that claims to be harmless changes nothing already decided until the
  // extension reads it again — and then it reads what is really on the page.
  await page.evaluate(() => { document.title = 'Weather'; window.postMessage({ type: 'observation', observation: { url: location.href, text: 'weather' } }, '*'); });
  await page.waitForTimeout(800);
  const { verdict } = await waitForVerdict(ext, WARN.url);
  assert.equal(verdict.action, 'warn');
  const after = await ext.sw().evaluate(async () => (await chrome.storage.session.get('stats')).stats || { invalid_messages: 0 });
  assert.equal(after.invalid_messages, before.invalid_messages);
  await closePage(page);
});
