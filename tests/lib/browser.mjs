// Headless Chromium with the built extension (dist/extension) loaded, as a user would have it.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './corpus.mjs';
// For its side effect: managed-policy files left by a killed run are removed before any browser starts.
import './policy.mjs';

export const EXTENSION = join(ROOT, 'dist', 'extension');

/**
 * Launches Chromium with the extension; `hosts` are mapped to the local test server on `port`, and
 * `plainHosts` (pages served over plain http, such as captive portals) to a plain server on `plainPort`.
 */
export async function launch({ hosts = [], port, plainHosts = [], plainPort, headless = true, lang = '', colorScheme = 'light', profile: keep = '' } = {}) {
  // `profile`: a user-data directory to start from and keep (a browser restarted on the same
  // profile); by default a fresh one, removed on close.
  const profile = keep || mkdtempSync(join(tmpdir(), 'lastgate-profile-'));
  const rules = [
    ...plainHosts.map((h) => `MAP ${h} 127.0.0.1:${plainPort}`),
    ...hosts.filter((h) => !plainHosts.includes(h)).map((h) => `MAP ${h} 127.0.0.1:${port}`),
  ].join(', ');
  const args = [
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
  ];
  if (rules) args.push(`--host-resolver-rules=${rules}`);
  if (lang) args.push(`--lang=${lang}`);
  const env = lang ? { ...process.env, LANGUAGE: lang, LC_ALL: '', LANG: '' } : process.env;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless, args, env, colorScheme, locale: lang || undefined, viewport: { width: 1280, height: 800 },
  });
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(sw.url()).host;
  const close = async () => {
    await context.close().catch(() => {});
    if (!keep) rmSync(profile, { recursive: true, force: true });
  };
  return { context, sw: () => context.serviceWorkers()[0] ?? sw, extensionId, close };
}

/** The verdict stored for the tab showing `url` (from chrome.storage.session), or null. */
export async function storedVerdict(ext, url) {
  const worker = ext.sw();
  return worker.evaluate(async (u) => {
    // Several tabs may show the same URL (an earlier test's page); the newest tab is the one asked about.
    const all = await chrome.storage.session.get(null);
    let newest = -1;
    for (const [k, v] of Object.entries(all)) {
      const id = Number(k.slice(7));
      if (k.startsWith('frames:') && v && v.url === u && id > newest) newest = id;
    }
    return newest >= 0 ? all[`verdict:${newest}`] ?? null : null;
  }, url);
}

/** Polls until `accept(verdict)` or the timeout; returns the last verdict seen and how long it took. */
// Generous by default: this checks what the verdict is, not how fast it comes (make bench does).
export async function waitForVerdict(ext, url, accept = (v) => v !== null, timeoutMs = 5000) {
  const start = Date.now();
  let v;
  for (;;) {
    v = await storedVerdict(ext, url);
    if (v && accept(v)) return { verdict: v, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) return { verdict: v, ms: Date.now() - start, timedOut: true };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The text inside closed shadow roots on the page, read through the DevTools protocol (which
 * pierces closed roots; page script cannot). This is how tests see our in-page warning.
 */
export async function closedShadowText(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const texts = [];
  const walk = (node, inClosed) => {
    if (inClosed && node.nodeType === 3) texts.push(node.nodeValue);
    for (const c of node.children || []) walk(c, inClosed);
    for (const s of node.shadowRoots || []) walk(s, inClosed || s.shadowRootType === 'closed');
    if (node.contentDocument) walk(node.contentDocument, inClosed);
  };
  walk(root, false);
  await cdp.detach();
  return texts.join(' ').replace(/\s+/g, ' ').trim();
}

/** The title attribute of every iframe inside a closed shadow root of `page` (our UI frame's host). */
export async function closedShadowFrameTitles(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const titles = [];
  const walk = (node, inClosed) => {
    if (inClosed && node.nodeName === 'IFRAME') {
      const a = node.attributes || [];
      for (let i = 0; i < a.length; i += 2) if (a[i] === 'title') titles.push(a[i + 1]);
    }
    for (const c of node.children || []) walk(c, inClosed);
    for (const sr of node.shadowRoots || []) walk(sr, inClosed || sr.shadowRootType === 'closed');
  };
  walk(root, false);
  await cdp.detach();
  return titles;
}

/**
 * The content script's own records in `page` (content.js `__lastgateCost`: its main-thread time and
 * when its first read was sent and answered), one per frame it runs in that this page's DevTools
 * session reaches, read from its isolated worlds — the page itself cannot see them. Each is
 * {top, record}; `top` marks the page's main frame.
 */
export async function contentScriptRecords(page, extensionId) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable'); // reports every context that exists already
    const top = (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
    const out = [];
    for (const c of contexts) {
      if (c.auxData?.type !== 'isolated' || c.origin !== `chrome-extension://${extensionId}`) continue;
      const r = await cdp.send('Runtime.evaluate', { contextId: c.id, expression: 'JSON.stringify(globalThis.__lastgateCost ?? null)', returnByValue: true }).catch(() => null);
      const record = r && typeof r.result?.value === 'string' ? JSON.parse(r.result.value) : null;
      if (record) out.push({ top: c.auxData.frameId === top, record });
    }
    return out;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The content script's record in the top frame of `page` (contentScriptRecords), or null. */
export async function contentScriptRecord(page, extensionId) {
  const top = (await contentScriptRecords(page, extensionId)).find((x) => x.top);
  return top ? top.record : null;
}

/**
 * Lastgate's own UI frame inside `page` (the banner or the confirm interstitial): an extension page
 * in a closed shadow root. Playwright reaches it as an out-of-process frame; page script cannot.
 */
export async function uiFrame(page, { timeoutMs = 3000, top = false } = {}) {
  // `top`: only one drawn by the top page itself, not inside one of its frames.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const f = page.frames().find((x) => x.url().startsWith('chrome-extension://') && x.url().includes('/ui/frame.html')
      && (!top || x.parentFrame() === page.mainFrame()));
    // Polled with evaluate: waitForSelector would wait for a page navigation the extension
    // cancelled (form.submit() held at confirm) to finish, which it never does.
    if (f && (await bounded(f.evaluate(() => document.querySelector('#root > *') !== null), 1000, false))) return f;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The visible text of Lastgate's UI frame in `page`, or '' when none is shown. */
export async function uiText(page, opts) {
  const f = await uiFrame(page, opts);
  if (!f) return '';
  return String(await bounded(f.evaluate(() => document.body.innerText), 3000, '')).replace(/\s+/g, ' ').trim();
}

/**
 * `promise`, or `fallback` after `ms`. Playwright's evaluate and close have no timeout of their own
 * and, with out-of-process extension frames, can wait forever for a frame that was replaced or a
 * page that is already gone; the assertions that follow still decide the test.
 */
export function bounded(promise, ms, fallback) {
  let timer;
  const t = new Promise((r) => { timer = setTimeout(() => r(fallback), ms); });
  return Promise.race([Promise.resolve(promise).catch(() => fallback), t]).finally(() => clearTimeout(timer));
}

/** Closes a page, without waiting more than 5 s (the browser context closes it in any case). */
export async function closePage(page) {
  await bounded(page.close(), 5000, null);
}
