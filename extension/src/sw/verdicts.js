// What a look at a page becomes: the engine's verdict for the frame, the tab's verdict (its worst
// frame's), the badge, and what the page shows (nothing, a banner, an interstitial, the block page).
//
// A look is a content script's glance or full read (ARCHITECTURE.md, "The protocol"). Everything the engine
// is told about where the page is comes from the browser (`sender`), never from the page; the
// browser context (recent prompts in this browser) from this worker's own records.

import { builtEngine, engine } from './engine.js';
import { logEvent, logOnce } from './events.js';
import { blockTab, dismissedKeys, frameTitles, openUi, passedKeys, uiKeysOf } from './ui-sessions.js';
import { countInvalid, firstMark, pageKey, refuse, serialised } from './state.js';

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
// The worst frame's verdict is the tab's: actions in rising order, then risk.
const ACTIONS = ['allow', 'notice', 'warn', 'confirm', 'block'];
const BADGE = {
  allow: { text: '', color: '#00000000' },
  notice: { text: 'i', color: '#3b6fd6' },
  warn: { text: '!', color: '#b36b00' },
  confirm: { text: '!!', color: '#c0392b' },
  block: { text: 'X', color: '#8e1b10' },
};

function rank(v) {
  return ACTIONS.indexOf(v.action) * 1000 + v.risk;
}

// --- browser context: prompts this browser showed -------------------------------------------------
// Kept for ten minutes in chrome.storage.session (memory only: nothing about browsing reaches
// disk). Only the flow and the host are kept — never page text.
const EVENTS_KEY = 'events';
const EVENT_WINDOW_MS = 10 * 60 * 1000;
const MAX_EVENTS = 200;

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

// --- looks --------------------------------------------------------------------------------------

/** Checks a content script's look or report. Returns an error string, or null when usable. */
function validateContent(msg, sender) {
  if (!sender.tab || typeof sender.tab.id !== 'number' || sender.tab.id < 0) return 'not from a tab';
  if (typeof sender.frameId !== 'number') return 'no frame';
  if (typeof sender.url !== 'string' || !/^https?:/.test(sender.url)) return 'not an http(s) document';
  if (msg.type === 'tamper') {
    const extra = Object.keys(msg).filter((k) => k !== 'type' && k !== 'what');
    if (extra.length || typeof msg.what !== 'string' || msg.what.length > 100) return 'malformed tamper report';
    return null;
  }
  const obs = msg.observation;
  if (!obs || typeof obs !== 'object' || Array.isArray(obs)) return 'observation missing';
  const extra = Object.keys(msg).filter((k) => k !== 'type' && k !== 'observation');
  if (extra.length) return `unexpected fields: ${extra.slice(0, 3).join(', ')}`;
  let size;
  try { size = JSON.stringify(obs).length; } catch { return 'observation not serialisable'; }
  if (size > MAX_MESSAGE_BYTES) return 'observation too large';
  return null;
}

/**
 * A content script's message or pulled result (`glance`, `observation`, `tamper`): checked, then
 * handled. `more` (pulled light glances only) asks the page for its open shadow roots.
 */
export async function fromContent(msg, sender, more = null) {
  const problem = validateContent(msg, sender);
  if (problem) {
    countInvalid(problem).catch(() => {});
    return refuse('', `message rejected: ${problem}`);
  }
  if (msg.type === 'tamper') return handleTamper(msg, sender);
  if (msg.type === 'glance') return handleGlance(msg, sender, more);
  return handleObservation(msg, sender);
}

/** The page as the worker sees it: the browser's own record of the frame, never the page's claims. */
function frameOf(sender) {
  return {
    tabId: sender.tab.id,
    frameId: sender.frameId,
    docId: sender.documentId || `${sender.tab.id}:${sender.frameId}:${sender.url}`,
    now: Date.now(),
    host: new URL(sender.url).hostname,
  };
}

// The content script's first look at a page it was not asked to read at once (engine.glance): the
// rendered text and the page's buttons and fields, gathered with a few DOM queries and no
// per-element style reads. When the engine says nothing there could make a flow, its verdict is
// stored like a full read's and the page is not read; the content script glances again when the
// page changes. Otherwise it reads the page.
async function handleGlance(msg, sender, more) {
  firstMark('lastgate:first-glance');
  // Whether a glance could settle the page is the engine's call; the worker only adds that a
  // worker still building its engine asks for the full read at once, so that the page is read
  // while the engine is built instead of waiting for it twice.
  if (!builtEngine()) return { ok: true, read: true };
  const fr = frameOf(sender);
  const observation = { ...msg.observation, url: sender.url, context: { ui_lang: chrome.i18n.getUILanguage(), recent: [], redirects: [] } };
  const { eng, settings } = await engine();
  const answer = eng.glance(observation);
  if (!answer.ok) {
    await countInvalid(`glance rejected: ${answer.errors.map((e) => e.path).join(', ')}`);
    return answer;
  }
  if (answer.value.read) return { ok: true, read: true };
  if (more) {
    // A light glance (open shadow roots left out) settles only when there are none: `more` asks
    // the page, and gives the whole glance when there are.
    const whole = await more();
    if (whole) return fromContent(whole, sender);
  }
  const settled = await settle(fr, sender, answer.value.verdict, settings, 'glance');
  return { ...settled, read: false };
}

async function handleObservation(msg, sender) {
  firstMark('lastgate:first-read');
  const fr = frameOf(sender);
  // The sender's URL is what the browser says the frame is; a page cannot claim to be another.
  const [recent, { eng, settings }] = await Promise.all([recentEvents(fr.now, fr.docId), engine()]);
  const observation = {
    ...msg.observation,
    url: sender.url,
    context: { ui_lang: chrome.i18n.getUILanguage(), recent, redirects: [] },
  };
  const answer = eng.assessPage(observation);
  if (!answer.ok) {
    await countInvalid(`observation rejected: ${answer.errors.map((e) => e.path).join(', ')}`);
    return answer;
  }
  return settle(fr, sender, answer.value, settings, 'full');
}

/**
 * The content script saw the page fight the warning (removing, hiding or covering it again and
 * again). A page that does that has told us what it is: the tab goes to the block page.
 */
async function handleTamper(msg, sender) {
  const verdict = await tabVerdict(sender.tab.id);
  await blockTab(sender.tab.id, sender.tab, verdict, sender.url, `tamper:${msg.what}`);
  return { ok: true, value: null };
}

// --- settling -----------------------------------------------------------------------------------

/** What the page should show for a verdict: none, banner, confirm or block (monitor: none). */
function viewFor(verdict, settings) {
  if (settings.mode === 'monitor') return 'none';
  switch (verdict.action) {
    case 'warn': return 'banner';
    case 'confirm': return 'confirm';
    case 'block': return 'block';
    default: return 'none';
  }
}

/**
 * Stores a frame's verdict (the tab's verdict is its frames' worst), sets the badge, and decides
 * what the page shows. `read` says how the verdict was reached ('glance' or 'full'), for the popup
 * and tests.
 */
async function settle({ tabId, frameId, docId, now, host }, sender, verdict, settings, read) {
  // The prompt is recorded (for later pages' "repeated prompts") while the verdict is stored.
  await Promise.all([verdict.flow !== 'none' ? recordPrompt(verdict.flow, host, docId, now) : null, serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    let state = stored && typeof stored === 'object' ? stored : { top: null, url: '', frames: {} };
    // A new top-level document starts a new page: earlier frames' verdicts no longer apply. When
    // the navigation was seen starting (forgetFrames cleared `top`), frames that reported before
    // their top document are kept: they belong to the new page.
    if (frameId === 0 && state.top !== docId) {
      state = { top: docId, url: sender.url, frames: state.top === null ? state.frames : {} };
    }
    if (frameId === 0) state.url = sender.url; // single-page apps change URL within one document
    state.frames[String(frameId)] = { doc: docId, verdict, url: sender.url, read };
    let worst = null;
    for (const f of Object.values(state.frames)) {
      if (!worst || rank(f.verdict) > rank(worst)) worst = f.verdict;
    }
    await chrome.storage.session.set({ [key]: state, [`verdict:${tabId}`]: worst });
    firstMark('lastgate:first-stored');
    const badge = settings.mode === 'monitor' ? BADGE.allow : (BADGE[worst.action] || BADGE.allow);
    await chrome.action.setBadgeText({ tabId, text: badge.text }).catch(() => {});
    if (badge.text) await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => {});
  })]);

  let view = viewFor(verdict, settings);
  const pk = pageKey(sender.url, verdict.flow);
  if (view === 'banner' && (await dismissedKeys()).includes(pk)) view = 'none';
  if (view === 'confirm' && (await passedKeys(tabId)).includes(pk)) view = 'none';
  if (settings.mode === 'monitor') {
    // Monitor: decide the same, show nothing, report what would have been shown (once per page).
    const kind = { warn: 'warning_shown', confirm: 'confirm_shown', block: 'block_shown' }[verdict.action];
    if (kind) await logOnce(`${docId}|${verdict.flow}|${kind}`, kind, verdict, sender, { mode: 'monitor' });
  }
  if (view === 'block') {
    await blockTab(tabId, sender.tab, verdict, sender.url, 'policy');
    return { ok: true, value: verdict, ui: { view: 'none' } };
  }
  if (view === 'none') return { ok: true, value: verdict, ui: { view } };
  // One UI session per document, flow and view: re-reading a changed page keeps the session (and
  // the frame already showing it), and the warning is logged once.
  // A warning about a frame is drawn by the top page (issue 21): a frame can be made invisible or
  // tiny by the page around it (clickjacking), and a warning drawn inside it would be too. The
  // session belongs to the top frame; the frame itself only holds its approving controls against
  // its own script (view 'hold') and hears when the check is passed.
  const framed = frameId !== 0;
  const answer = async (nonce) => {
    const ui = { view, nonce, titles: frameTitles() };
    if (!framed) return { ok: true, value: verdict, ui };
    await showInTop(tabId, { ok: true, value: verdict, ui });
    return { ok: true, value: verdict, ui: view === 'confirm' ? { view: 'hold', nonce } : { view: 'none' } };
  };
  const slot = `uislot:${tabId}:${frameId}`;
  const prev = (await chrome.storage.session.get(slot))[slot];
  if (prev && prev.docId === docId && prev.flow === verdict.flow && prev.view === view) {
    const k = `ui:${prev.nonce}`;
    const sess = (await chrome.storage.session.get(k))[k];
    if (sess) {
      await chrome.storage.session.set({ [k]: { ...sess, verdict, url: sender.url } });
      return answer(prev.nonce);
    }
  }
  const nonce = await openUi({ tabId, frameId: framed ? 0 : frameId, heldFrameId: frameId, docId, url: sender.url, tabUrl: sender.tab.url || '', verdict, view, incognito: !!sender.tab.incognito });
  await chrome.storage.session.set({ [slot]: { docId, flow: verdict.flow, view, nonce, tabId } });
  if (view === 'banner') await logEvent('warning_shown', verdict, sender.url, sender.tab);
  return answer(nonce);
}

/**
 * Has the top frame's content script draw a frame's warning. The top document gets its content
 * script on load (or its late-load timer); a frame can report before that, so this asks again for a
 * few seconds.
 */
async function showInTop(tabId, answer) {
  const target = { tabId, frameIds: [0] };
  for (let i = 0; i < 8; i += 1) {
    const ok = await chrome.scripting.executeScript({ target, func: giveFrameAlert, args: [answer] })
      .then((r) => r[0] && r[0].result === true, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 400));
  }
}
// Run in the top frame's isolated world (self-contained).
function giveFrameAlert(answer) {
  const show = globalThis.__lastgateFrameAlert;
  if (typeof show !== 'function') return false;
  show(answer);
  return true;
}

// --- the tab's record ---------------------------------------------------------------------------

/** The tab's verdict (its worst frame's), or null. */
export async function tabVerdict(tabId) {
  return (await chrome.storage.session.get(`verdict:${tabId}`))[`verdict:${tabId}`] || null;
}

/** The URL of the tab's top document as last read ('' when none was). */
export async function tabUrl(tabId) {
  const frames = (await chrome.storage.session.get(`frames:${tabId}`))[`frames:${tabId}`];
  return frames ? frames.url : '';
}

/**
 * A new top-level document is coming: the old page's frames are forgotten, so the new page's
 * frames, which may report before its top document does, are not mixed with them (the old verdict
 * stays until the new page reports, so the tab always has exactly one entry).
 */
export function forgetFrames(tabId) {
  serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    if (stored && stored.top !== null) await chrome.storage.session.set({ [key]: { top: null, url: stored.url, frames: {} } });
  });
}

/** A closed tab: everything kept about it goes. */
export async function forgetTab(tabId) {
  const all = await chrome.storage.session.get(null);
  await chrome.storage.session.remove([`verdict:${tabId}`, `frames:${tabId}`, ...uiKeysOf(all, tabId)]);
}
