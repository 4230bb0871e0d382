// What the user sees of a verdict and does with it: the in-page banner or interstitial (a UI
// session), and the block page.
//
// Each banner or interstitial is an extension page (ui/frame.html) inside a closed shadow root. It
// is cross-origin to the page, so the page cannot read it, click in it or script it. It never
// listens to postMessage: everything goes through this worker, which knows from `sender` which tab
// and frame a message really came from. The nonce in the frame's URL names the session; only
// extension contexts can message this worker, so a page that learnt a nonce could not use it.
//
// A block is never drawn inside the page: the tab goes to an extension page (ui/blocked.html).

import { engine } from './engine.js';
import { logEvent, logOnce } from './events.js';
import { originPath, pageKey, refuse } from './state.js';

/** What the user may do and who to call, in the shape the frame, popup and block page read. */
export function permissions(settings) {
  const o = settings.user_override;
  return {
    help_desk: settings.help_desk,
    may_dismiss: o.dismiss_warning,
    may_proceed: o.proceed_past_confirm,
    may_report: o.report_mistake,
    may_request: o.request_exception,
  };
}

/** Opens a UI session for a frame that shows a banner or an interstitial; answers its nonce. */
export async function openUi(session) {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  const nonce = Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  await chrome.storage.session.set({ [`ui:${nonce}`]: { ...session, key: pageKey(session.url, session.verdict.flow) } });
  return nonce;
}

/** The live session a frame's message names, if it belongs to the sender's tab. */
async function uiSession(nonce, sender) {
  if (typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce)) return null;
  const s = (await chrome.storage.session.get(`ui:${nonce}`))[`ui:${nonce}`];
  if (!s || !sender.tab || sender.tab.id !== s.tabId) return null;
  return s;
}

/** Page keys (pageKey) whose banner the user dismissed in this browser session. */
export async function dismissedKeys() {
  return (await chrome.storage.session.get('dismissed')).dismissed || [];
}

/** Page keys whose interstitial the user went through in this tab. */
export async function passedKeys(tabId) {
  return (await chrome.storage.session.get(`passed:${tabId}`))[`passed:${tabId}`] || [];
}

/** The in-page frame's accessible titles in the browser's language (the content script has no chrome.i18n). */
let titlesCache = null;
export function frameTitles() {
  if (!titlesCache) titlesCache = { banner: chrome.i18n.getMessage('bannerFrameTitle'), confirm: chrome.i18n.getMessage('confirmFrameTitle') };
  return titlesCache;
}

/** A message from the in-page frame (ui:get, ui:resize, ui:dismiss, ui:confirm, ui:cancel). */
export async function handleUi(msg, sender) {
  const s = await uiSession(msg.nonce, sender);
  if (!s) return refuse('nonce', 'unknown or expired UI session');
  const { settings } = await engine();
  const p = permissions(settings);
  const tell = (act, extra = {}) => chrome.tabs.sendMessage(s.tabId, { type: 'ui:event', nonce: msg.nonce, act, ...extra }, { frameId: s.frameId }).catch(() => {});
  switch (msg.type) {
    case 'ui:get': {
      let host = '';
      try { host = new URL(s.url).hostname; } catch { /* kept empty */ }
      if (s.view === 'confirm') await logOnce(`confirm:${msg.nonce}`, 'confirm_shown', s.verdict, { url: s.url, tab: { incognito: s.incognito } }, {});
      return { ok: true, value: { verdict: s.verdict, view: s.view, host, ...p, lang: chrome.i18n.getUILanguage() } };
    }
    case 'ui:resize':
      if (typeof msg.height === 'number' && msg.height > 0 && msg.height < 10000) await tell('resize', { height: Math.ceil(msg.height) });
      return { ok: true, value: null };
    case 'ui:dismiss': {
      if (!p.may_dismiss) return refuse('act', 'your organisation does not allow dismissing this warning');
      const list = await dismissedKeys();
      if (!list.includes(s.key)) list.push(s.key);
      await chrome.storage.session.set({ dismissed: list.slice(-500) });
      await logEvent('warning_dismissed', s.verdict, s.url, { incognito: s.incognito }); // local only: not a reported kind
      await tell('dismissed');
      return { ok: true, value: null };
    }
    case 'ui:confirm': {
      // answers: {started_here: bool, someone_asking: bool}; typed: the word the user typed.
      const coached = msg.answers && (msg.answers.someone_asking === true || msg.answers.started_here === false);
      if (coached || !p.may_proceed) {
        // The frame now shows the stop card with the help-desk contact; its Close ends the hold.
        await logEvent('confirm_abandoned', s.verdict, s.url, { incognito: s.incognito }, { coached: !!coached, cause: coached ? 'coaching_answer' : 'policy' });
        return { ok: true, value: { stopped: true } };
      }
      const passed = await passedKeys(s.tabId);
      if (!passed.includes(s.key)) passed.push(s.key);
      await chrome.storage.session.set({ [`passed:${s.tabId}`]: passed });
      await logEvent('confirm_passed', s.verdict, s.url, { incognito: s.incognito });
      await tell('passed');
      // A frame's interstitial is drawn by the top page; the frame holding the controls hears too.
      if (typeof s.heldFrameId === 'number' && s.heldFrameId !== s.frameId) {
        await chrome.tabs.sendMessage(s.tabId, { type: 'ui:event', nonce: msg.nonce, act: 'passed' }, { frameId: s.heldFrameId }).catch(() => {});
      }
      return { ok: true, value: { stopped: false } };
    }
    case 'ui:cancel':
      await logEvent('confirm_abandoned', s.verdict, s.url, { incognito: s.incognito });
      await tell('cancelled');
      // Not passing the check means leaving the page: the interstitial stays over it until the tab
      // has gone back (or, with nothing to go back to, to a blank page).
      // (A frame's session: the tab's own URL is what must change.)
      if (s.view === 'confirm') await leavePage(s.tabId, s.tabUrl || s.url);
      return { ok: true, value: null };
    default:
      return refuse('type', 'unknown UI message');
  }
}

/**
 * Takes the tab away from the page at `url`, as "Back to safety" does: back in its history, or to
 * a blank page when there is none. A page that filled its history with entries of its own may keep
 * the tab on its document; the interstitial then stays over it (it goes only when the check is
 * passed), and the user leaves with another Cancel or by closing the tab.
 */
async function leavePage(tabId, url) {
  const bare = (u) => String(u || '').split('#')[0];
  const left = await chrome.tabs.goBack(tabId).then(() => true, () => false);
  if (left) {
    await new Promise((r) => setTimeout(r, 500));
    const tab = await chrome.tabs.get(tabId).catch(() => null);
    if (!tab || bare(tab.pendingUrl || tab.url) !== bare(url)) return;
  }
  await chrome.tabs.update(tabId, { url: 'about:blank' }).catch(() => {});
}

/** Sends the tab to the block page; `cause` is 'policy' or 'tamper:…'. */
export async function blockTab(tabId, tab, verdict, url, cause) {
  const { origin, path } = originPath(url);
  const id = crypto.randomUUID();
  await chrome.storage.session.set({ [`block:${id}`]: { verdict, origin, path, cause, tabId, at: Date.now() } });
  await logEvent('block_shown', verdict, url, tab, { cause });
  await chrome.tabs.update(tabId, { url: chrome.runtime.getURL(`ui/blocked.html#${id}`) }).catch(() => {});
}

/** A block page's record, or null when it has expired. */
export async function blockRecord(id) {
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return null;
  return (await chrome.storage.session.get(`block:${id}`))[`block:${id}`] || null;
}

/** The session keys of a closed tab's UI sessions and block pages. */
export function uiKeysOf(all, tabId) {
  const gone = [`passed:${tabId}`];
  for (const [k, v] of Object.entries(all)) {
    if ((k.startsWith('ui:') || k.startsWith('uislot:') || k.startsWith('block:')) && v && v.tabId === tabId) gone.push(k);
  }
  return gone;
}
