// Lastgate service worker: the only place the engine runs in the browser.
//
// Why here and not in the content script: a page's CSP (`script-src 'self'`) blocks wasm
// compilation in the content script's isolated world, while the extension's own CSP allows it here.
// The content script extracts; this worker validates, decides, stores and badges.
//
// Service-worker rules this file follows: listeners are registered synchronously at top level;
// nothing awaits at top level; the worker may be stopped after ~30 s idle, so per-tab state lives
// in chrome.storage.session, never only in globals.

import init, { Engine } from '../engine/lastgate_wasm.js';

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const ACTIONS = ['allow', 'notice', 'warn', 'confirm', 'block'];
const BADGE = {
  allow: { text: '', color: '#00000000' },
  notice: { text: 'i', color: '#3b6fd6' },
  warn: { text: '!', color: '#d98a00' },
  confirm: { text: '!!', color: '#c0392b' },
  block: { text: 'X', color: '#8e1b10' },
};

let enginePromise = null;

/** Loads the wasm engine once per worker lifetime. */
function engine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      await init({ module_or_path: chrome.runtime.getURL('engine/lastgate_wasm_bg.wasm') });
      const created = Engine.create(undefined);
      if (!created.ok) throw new Error(created.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      return created.value;
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

/** Counts a rejected message (kept in session storage so it survives worker restarts). */
async function countInvalid(reason) {
  const stats = (await chrome.storage.session.get('stats')).stats || { invalid_messages: 0, last_invalid: '' };
  stats.invalid_messages += 1;
  stats.last_invalid = reason;
  await chrome.storage.session.set({ stats });
}

/** Checks a content script's message. Returns an error string, or null when usable. */
function validate(msg, sender) {
  if (sender.id !== chrome.runtime.id) return 'foreign sender';
  if (!sender.tab || typeof sender.tab.id !== 'number' || sender.tab.id < 0) return 'not from a tab';
  if (typeof sender.frameId !== 'number') return 'no frame';
  if (!msg || typeof msg !== 'object' || msg.type !== 'observation') return 'unknown message type';
  const obs = msg.observation;
  if (!obs || typeof obs !== 'object' || Array.isArray(obs)) return 'observation missing';
  const extra = Object.keys(msg).filter((k) => k !== 'type' && k !== 'observation');
  if (extra.length) return `unexpected fields: ${extra.slice(0, 3).join(', ')}`;
  let size;
  try { size = JSON.stringify(obs).length; } catch { return 'observation not serialisable'; }
  if (size > MAX_MESSAGE_BYTES) return 'observation too large';
  if (typeof sender.url !== 'string' || !/^https?:/.test(sender.url)) return 'not an http(s) document';
  return null;
}

// One queue per tab, so two frames reporting at once cannot lose each other's update.
const queues = new Map();
function serialised(tabId, fn) {
  const prev = queues.get(tabId) || Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(tabId, next.catch(() => {}));
  return next;
}

function rank(v) {
  return ACTIONS.indexOf(v.action) * 1000 + v.risk;
}

// Recent prompts this browser showed, kept for ten minutes in chrome.storage.session (memory only:
// nothing about browsing reaches disk). Only the flow and the host are kept — never page text.
const EVENTS_KEY = 'events';
const EVENT_WINDOW_MS = 10 * 60 * 1000;
const MAX_EVENTS = 200;
const PROMPT_FLOWS = new Set(['mfa_approval', 'device_code', 'oauth_consent', 'access_approval', 'credential_reissue', 'recovery_factor_change', 'reauthentication', 'password_reset']);

async function recentEvents(now, excludeDoc) {
  const list = (await chrome.storage.session.get(EVENTS_KEY))[EVENTS_KEY] || [];
  return list
    .filter((e) => now - e.at <= EVENT_WINDOW_MS && e.doc !== excludeDoc)
    .map((e) => ({ kind: e.kind, site: e.site, age_s: Math.max(0, Math.round((now - e.at) / 1000)) }));
}

async function recordPrompt(flow, host, doc, now) {
  const list = ((await chrome.storage.session.get(EVENTS_KEY))[EVENTS_KEY] || []).filter((e) => now - e.at <= EVENT_WINDOW_MS);
  if (list.some((e) => e.doc === doc && e.kind === `prompt_shown:${flow}`)) return;
  list.push({ kind: `prompt_shown:${flow}`, site: host, doc, at: now });
  await chrome.storage.session.set({ [EVENTS_KEY]: list.slice(-MAX_EVENTS) });
}

async function handleObservation(msg, sender) {
  const tabId = sender.tab.id;
  const frameId = sender.frameId;
  const docId = sender.documentId || `${tabId}:${frameId}:${sender.url}`;
  const now = Date.now();
  const host = new URL(sender.url).hostname;
  // The sender's URL is what the browser says the frame is; a page cannot claim to be another.
  // Browser context comes from this worker's own records, never from the page.
  const observation = {
    ...msg.observation,
    url: sender.url,
    context: { ui_lang: chrome.i18n.getUILanguage(), recent: await recentEvents(now, docId), redirects: [] },
  };
  const eng = await engine();
  const answer = eng.assessPage(observation);
  if (!answer.ok) {
    await countInvalid(`observation rejected: ${answer.errors.map((e) => e.path).join(', ')}`);
    return answer;
  }
  const verdict = answer.value;
  if (PROMPT_FLOWS.has(verdict.flow)) await recordPrompt(verdict.flow, host, docId, now);

  await serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    let state = stored && typeof stored === 'object' ? stored : { top: null, url: '', frames: {} };
    // A new top-level document starts a new page: earlier frames' verdicts no longer apply. When
    // the navigation was seen starting (onUpdated below cleared `top`), frames that reported before
    // their top document are kept: they belong to the new page.
    if (frameId === 0 && state.top !== docId) {
      state = { top: docId, url: sender.url, frames: state.top === null ? state.frames : {} };
    }
    if (frameId === 0) state.url = sender.url; // single-page apps change URL within one document
    state.frames[String(frameId)] = { doc: docId, verdict };
    let best = null;
    for (const f of Object.values(state.frames)) {
      if (!best || rank(f.verdict) > rank(best)) best = f.verdict;
    }
    await chrome.storage.session.set({ [key]: state, [`verdict:${tabId}`]: best });
    const badge = BADGE[best.action] || BADGE.allow;
    await chrome.action.setBadgeText({ tabId, text: badge.text }).catch(() => {});
    if (badge.text) await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => {});
  });
  return { ok: true, value: verdict };
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const problem = validate(msg, sender);
  if (problem) {
    countInvalid(problem).catch(() => {});
    sendResponse({ ok: false, errors: [{ path: '', message: `message rejected: ${problem}` }] });
    return false;
  }
  handleObservation(msg, sender).then(sendResponse, (e) => {
    sendResponse({ ok: false, errors: [{ path: '', message: `engine unavailable: ${e && e.message ? e.message : e}` }] });
  });
  return true; // answer asynchronously
});

// A top-level navigation is starting: forget the old page's frames so the new page's frames,
// which may report before its top document does, are not mixed with them. The old verdict stays
// until the new page reports, so the tab always has exactly one entry.
chrome.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status !== 'loading') return;
  serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    if (stored) await chrome.storage.session.set({ [key]: { top: null, url: stored.url, frames: {} } });
  });
});

chrome.tabs.onRemoved.addListener((tabId) => {
  queues.delete(tabId);
  chrome.storage.session.remove([`verdict:${tabId}`, `frames:${tabId}`]);
});

// Warm the engine on start-up so the first page does not wait for compilation.
engine().catch((e) => console.error('Lastgate: engine failed to load', e));
