// Lastgate content script: reads the page, asks the service worker for a verdict, shows it.
//
// It holds no detection logic. It extracts the observation (extract.js), sends it, re-extracts
// when the page changes (debounced) so prompts rendered late are caught, and draws the warning
// for `warn` and above inside a closed shadow root the page cannot reach into.
(() => {
  'use strict';
  if (globalThis.__lastgateContentLoaded) return;
  globalThis.__lastgateContentLoaded = true;

  const DEBOUNCE_MS = 250;
  const MAX_WAIT_MS = 1500;
  const RANK = { allow: 0, notice: 1, warn: 2, confirm: 3, block: 4 };

  let lastSent = '';
  let banner = null; // { host, root, key }
  let dismissedKey = '';

  function uiLang() {
    try { return chrome.i18n.getUILanguage(); } catch { return ''; }
  }

  function observe() {
    const obs = globalThis.LastgateExtract.extractObservation(document, { ui_lang: uiLang() });
    const key = JSON.stringify(obs);
    if (key === lastSent) return;
    lastSent = key;
    chrome.runtime.sendMessage({ type: 'observation', observation: obs }).then(
      (answer) => { if (answer && answer.ok) render(answer.value); },
      () => { /* worker restarting or extension reloaded: the next change re-sends */ },
    );
  }

  // --- re-extraction on change -------------------------------------------------------------
  let timer = 0;
  let firstPending = 0;
  function schedule() {
    const now = Date.now();
    if (!firstPending) firstPending = now;
    clearTimeout(timer);
    const wait = Math.min(DEBOUNCE_MS, Math.max(0, firstPending + MAX_WAIT_MS - now));
    timer = setTimeout(() => { firstPending = 0; observe(); }, wait);
  }
  const mo = new MutationObserver((records) => {
    // Our own banner's changes are not the page changing.
    if (banner && records.every((r) => r.target === banner.host)) return;
    schedule();
  });

  // --- rendering ---------------------------------------------------------------------------
  function randomTag() {
    const a = new Uint8Array(6);
    crypto.getRandomValues(a);
    return 'x-' + Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  const STYLE = `
    :host { all: initial; }
    .bar { position: fixed; inset: 0 0 auto 0; z-index: 2147483647; box-sizing: border-box;
      font: 14px/1.4 system-ui, sans-serif; color: #1b1b1b; background: #fff4d6;
      border-bottom: 3px solid #d98a00; padding: 12px 16px; display: flex; gap: 12px; align-items: flex-start;
      box-shadow: 0 2px 8px rgba(0,0,0,.25); }
    .bar.confirm, .bar.block { background: #fde2df; border-color: #c0392b; }
    .body { flex: 1; }
    h2 { font-size: 15px; margin: 0 0 4px; }
    ul { margin: 4px 0 0; padding-left: 18px; }
    button { font: inherit; padding: 4px 10px; border: 1px solid #555; border-radius: 4px; background: #fff; cursor: pointer; }
    @media (prefers-color-scheme: dark) {
      .bar { background: #3a2c00; color: #f5f5f5; }
      .bar.confirm, .bar.block { background: #3d1410; }
      button { background: #222; color: #f5f5f5; border-color: #aaa; }
    }`;

  const TITLES = {
    warn: 'Lastgate: check before you continue',
    confirm: 'Lastgate: stop — this click would hand over access',
    block: 'Lastgate: blocked by your organisation',
  };

  function render(verdict) {
    const key = `${location.href}|${verdict.flow}`;
    if (RANK[verdict.action] < RANK.warn || dismissedKey === key) {
      if (banner) { banner.host.remove(); banner = null; }
      return;
    }
    if (!banner || !banner.host.isConnected) {
      const host = document.createElement(randomTag());
      host.setAttribute('data-lastgate', '');
      const root = host.attachShadow({ mode: 'closed' });
      banner = { host, root, key: '' };
      (document.body || document.documentElement).appendChild(host);
    }
    banner.key = key;
    const { root } = banner;
    root.replaceChildren();
    const style = document.createElement('style');
    style.textContent = STYLE;
    const bar = document.createElement('div');
    bar.className = `bar ${verdict.action}`;
    bar.setAttribute('role', 'alert');
    const body = document.createElement('div');
    body.className = 'body';
    const h = document.createElement('h2');
    h.textContent = TITLES[verdict.action] || TITLES.warn;
    body.append(h);
    const list = document.createElement('ul');
    for (const r of verdict.reasons) {
      const li = document.createElement('li');
      li.textContent = r.message; // page-derived or not, always text, never HTML
      list.append(li);
    }
    body.append(list);
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', (e) => {
      if (!e.isTrusted) return; // a page script cannot dismiss for the user
      dismissedKey = key;
      banner.host.remove();
      banner = null;
    });
    bar.append(body, dismiss);
    root.append(style, bar);
  }

  // --- start -------------------------------------------------------------------------------
  observe();
  mo.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class', 'hidden'] });
})();
