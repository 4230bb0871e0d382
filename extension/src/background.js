// Lastgate service worker: the only place the engine runs in the browser, and the broker between
// the page's content script and the extension's own UI pages.
//
// Why the engine runs here and not in the content script: a page's CSP (`script-src 'self'`) blocks
// wasm compilation in the content script's isolated world, while the extension's own CSP allows it.
//
// Getting into pages (ARCHITECTURE.md, "Staying out of the page load"): no content script is
// declared in the manifest, because a declared one costs every page load even when it does nothing.
// This worker injects it with chrome.scripting:
//   - when the frame's load event has fired (webNavigation.onCompleted), so it never delays the load;
//   - or LATE_LOAD_MS after the navigation committed when load is slow or never comes —
//     EARLY_LATE_LOAD_MS when the URL alone says the page matters (engine.triage: a known recovery or approval page, a
//     lookalike or suspicious host).
// The content script watches the DOM afterwards, so prompts rendered later are still caught.
//
// The first look at a page is pulled, not sent: it is the injection's result. The worker asks for
// a full read the same way when the glance needs one, and hands the page its answer the same way
// only when the page has something to do (draw, hold, retry). A page that shows nothing exchanges
// no messages and never loads `chrome.runtime` (pulled() below; content.js explains the cost).
//
// Service-worker rules this file follows: listeners are registered synchronously at top level;
// nothing awaits at top level; the worker may be stopped after ~30 s idle, so per-tab state lives
// in chrome.storage.session (memory only), never only in globals.

import init, { Engine, prepare, validatePolicy, version as engineVersion } from '../engine/lastgate_wasm.js';
import { enqueue, resume, settingsOf, setMeta, ALARM } from './report.js';

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
const LATE_LOAD_MS = 1500;
const EARLY_LATE_LOAD_MS = 300;
const ACTIONS = ['allow', 'notice', 'warn', 'confirm', 'block'];
const BADGE = {
  allow: { text: '', color: '#00000000' },
  notice: { text: 'i', color: '#3b6fd6' },
  warn: { text: '!', color: '#b36b00' },
  confirm: { text: '!!', color: '#c0392b' },
  block: { text: 'X', color: '#8e1b10' },
};
const CONTENT_FILES = ['src/extract.js', 'src/content.js'];
// For a page whose URL alone says it matters: read fully at once, no glance first (read-now.js).
const READ_NOW_FILES = ['src/extract.js', 'src/read-now.js', 'src/content.js'];
// User settings the options page may change when the managed policy does not set them.
const USER_KEYS = ['trusted_hosts', 'help_desk'];
const EVENT_LOG_MAX = 50;

// --- policy and engine --------------------------------------------------------------------------

let enginePromise = null;
const WARM_UP = {
  url: 'https://warm-up.invalid/account/reset-password', referrer: '', title: 'Reset your password', lang: 'en',
  text: 'Reset your password\nEnter a new password for your account.', headings: ['Reset your password'],
  fields: [{ type: 'password', name: 'new_password', id: 'new', label: 'New password', autocomplete: 'new-password', placeholder: '' }],
  controls: [{ kind: 'button', text: 'Reset password', type: 'submit', href: '' }],
  context: { ui_lang: 'en', recent: [], redirects: [] }, opaque: { images: 0, canvases: 0, frames: 0 },
};
// The engine once built (null again while a changed policy rebuilds it): whether pages can be
// glanced at, and the one synchronous question injectOpenTabs() asks it (triage).
let builtEngine = null;

/**
 * The effective policy: the managed (admin) policy, with the user's own settings for the keys it
 * leaves unset. A managed policy that fails validation is not applied at all — protection goes on
 * with the built-in defaults and the errors are shown on the options page; it never turns
 * protection off.
 */
// Right after the browser starts, chrome.storage.managed can take seconds to answer (it waits for
// the policy service). Pages must not wait for that: after MANAGED_WAIT_MS the engine starts with
// the defaults and the user's settings, and when the managed policy then arrives the engine is
// rebuilt and every open page is read again (`reassess`), so a policy never stays unapplied.
const MANAGED_WAIT_MS = 300;
let managedCache = null;

async function readManaged() {
  if (managedCache) return managedCache;
  const read = chrome.storage.managed.get(null).then((v) => v || {}, () => ({})); // {} without managed storage
  const timedOut = Symbol('timeout');
  const first = await Promise.race([read, new Promise((r) => setTimeout(() => r(timedOut), MANAGED_WAIT_MS))]);
  if (first !== timedOut) {
    managedCache = first;
    return first;
  }
  read.then((late) => {
    managedCache = late;
    if (Object.keys(late).length) policyArrived();
  });
  return {};
}

/** Drops the current engine (the next page builds one with the new policy) and frees its memory. */
function resetEngine() {
  const prev = enginePromise;
  enginePromise = null;
  builtEngine = null;
  if (prev) prev.then(({ eng }) => eng.free(), () => {});
}

function policyArrived() {
  resetEngine();
  chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] }).then((tabs) => {
    for (const t of tabs) {
      chrome.scripting.executeScript({ target: { tabId: t.id, allFrames: true }, func: pullLook, args: ['reassess'] })
        .then((results) => pulled(t.id, results, true), () => {});
    }
  }, () => {});
}

let wasmPromise = null;

/**
 * The wasm module, instantiated once per worker life, with the engine's built-in tables built
 * (phrase automaton, suffix list, catalog: most of an engine's cost). Every call into the module
 * waits for this — validatePolicy too: storage can answer before the module is compiled.
 */
function wasmReady() {
  if (!wasmPromise) {
    wasmPromise = init({ module_or_path: chrome.runtime.getURL('engine/lastgate_wasm_bg.wasm') }).then(() => {
      performance.mark('lastgate:wasm-ready');
      // Building the tables holds this thread for tens of milliseconds in a fresh worker: let
      // events already queued (a page's load, asking for the content script) go first, so the page
      // is read while the tables are built.
      return new Promise((resolve) => { setTimeout(resolve, 0); });
    }).then(() => {
      prepare();
      performance.mark('lastgate:tables-ready');
    });
    wasmPromise.catch(() => { wasmPromise = null; });
  }
  return wasmPromise;
}

async function loadPolicy() {
  // Both storage areas at once: each is a round trip to the browser process. The wasm that
  // validates what they hold is compiled meanwhile.
  const [managed, local] = await Promise.all([readManaged(), chrome.storage.local.get('settings')]);
  firstMark('lastgate:policy-ready');
  await wasmReady();
  const settings = local.settings || {};
  const managedErrors = Object.keys(managed).length ? errorsOf(validatePolicy(managed)) : [];
  // What the administrator set is locked, even where it is broken.
  const locked = USER_KEYS.filter((k) => k in managed);
  if (managedErrors.length) {
    // A broken managed policy is neither refused nor applied as written: the engine takes what
    // can be applied of it (Engine.createSalvaged — never anything that lowers protection), this
    // worker drops the keys the errors point into plus mode and trusted_hosts, and the errors go
    // to the options page and, once, to the organisation's collector. The user's own settings
    // wait until the policy is fixed.
    const policy = { ...managed };
    for (const e of managedErrors) delete policy[e.path.split(/[.[]/)[0]];
    delete policy.mode;
    delete policy.trusted_hosts;
    return { policy, engineInput: managed, managed, managedErrors, settings, settingsErrors: [], locked };
  }
  const base = { ...managed };
  for (const k of USER_KEYS) {
    if (!(k in base) && settings[k] !== undefined) base[k] = settings[k];
  }
  let policy = base;
  const settingsErrors = errorsOf(validatePolicy(policy));
  if (settingsErrors.length) policy = { ...managed }; // the user's own settings are at fault: drop them
  return { policy, engineInput: null, managed, managedErrors, settings, settingsErrors, locked };
}

function errorsOf(answer) {
  return answer && answer.ok === false ? answer.errors : [];
}

// Where a cold start's time goes, for `make bench`: User Timing marks on the worker's clock, each
// set once per worker life (marks are kept until cleared, so per-page marks would pile up).
const marked = new Set();
function firstMark(name) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}

/** Loads the wasm engine and the effective policy once per worker lifetime. */
function engine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      // Compiling the wasm (and building its tables) and reading the policy overlap: storage can
      // be slow right after start-up. User Timing marks for `make bench` (where a cold start's time
      // goes): wasm-ready, tables-ready, policy-ready (read from storage), engine-ready.
      const [, state] = await Promise.all([wasmReady(), loadPolicy()]);
      const created = state.engineInput ? Engine.createSalvaged(state.engineInput) : Engine.create(state.policy);
      firstMark('lastgate:engine-ready');
      builtEngine = created.ok ? created.value : null;
      if (!created.ok) throw new Error(created.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      // A fresh worker runs each wasm function's first call through the compiler. Assess a small
      // made-up page once, after whatever is already queued, so a page that arrives later does not
      // pay for that; the answer is thrown away (assessing is pure: nothing is stored or recorded).
      setTimeout(() => { created.value.glance(WARM_UP); created.value.assessPage(WARM_UP); }, 0);
      // The catalog ships inside the engine; a policy `catalog` extends it.
      const version = engineVersion();
      setMeta({ extension: chrome.runtime.getManifest().version, engine: version, catalog: state.policy.catalog ? `${version}+policy` : version, policy: typeof state.policy.version === 'string' ? state.policy.version : '' });
      const reporting = settingsOf(state.policy);
      resume(reporting).catch(() => {}); // what an earlier life of this worker left queued
      if (state.managedErrors.length) reportBrokenPolicy(state.managedErrors, reporting).catch(() => {});
      return { eng: created.value, reporting, ...state };
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

/**
 * Tells the organisation's collector that its policy is broken (`policy_invalid`, with the JSON
 * paths of the problems), once per distinct set of problems rather than once per worker start.
 */
async function reportBrokenPolicy(errors, reporting) {
  if (!reporting) return;
  const paths = errors.map((e) => e.path);
  const key = JSON.stringify(paths);
  const { policy_invalid_reported: last } = await chrome.storage.local.get('policy_invalid_reported');
  if (last === key) return;
  const event = { id: crypto.randomUUID(), kind: 'policy_invalid', at: Date.now(), flow: 'none', action: 'allow', risk: 0, reasons: [], origin: '', path: '', policy_errors: paths };
  if (await enqueue(event, reporting)) await chrome.storage.local.set({ policy_invalid_reported: key });
}

// A changed policy or user setting applies at once: the engine is rebuilt and every open page is
// read again and answered (policyArrived), so a host the user has just trusted loses its warning
// without a reload, and one no longer trusted gets it back.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') {
    managedCache = null;
    policyArrived();
  } else if (area === 'local' && changes.settings) {
    policyArrived();
  }
});

// --- bookkeeping --------------------------------------------------------------------------------

/** Counts a rejected message (kept in session storage so it survives worker restarts). */
async function countInvalid(reason) {
  const stats = (await chrome.storage.session.get('stats')).stats || { invalid_messages: 0, last_invalid: '' };
  stats.invalid_messages += 1;
  stats.last_invalid = reason;
  await chrome.storage.session.set({ stats });
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

/**
 * What the user saw and did (warning shown, confirm shown/passed/abandoned, block shown, mistake
 * reported, exception requested) — the popup's "recent in this browser" and the reporting queue's
 * source. Origin and path only, never query, fragment or page text. Events of incognito tabs stay
 * in memory and are never reported.
 */
async function logEvent(kind, verdict, pageUrl, tab, extra = {}) {
  const { origin, path } = originPath(pageUrl);
  const event = {
    id: crypto.randomUUID(),
    kind,
    at: Date.now(),
    flow: verdict ? verdict.flow : 'none',
    action: verdict ? verdict.action : 'allow',
    risk: verdict ? verdict.risk : 0,
    reasons: verdict ? verdict.reasons.map((r) => r.id) : [],
    origin,
    path,
    // Only there when the policy's reporting.include_identity asked the engine for it.
    ...(verdict && verdict.identity ? { identity: verdict.identity } : {}),
    ...extra,
  };
  const incognito = !!(tab && tab.incognito);
  const area = incognito ? chrome.storage.session : chrome.storage.local;
  const log = (await area.get('event_log')).event_log || [];
  log.push(event);
  await area.set({ event_log: log.slice(-EVENT_LOG_MAX) });
  if (!incognito) {
    const { reporting } = await engine();
    await enqueue(event, reporting).catch(() => {});
  }
  return event;
}

// --- assessing a frame --------------------------------------------------------------------------

/** What the page should show for a verdict under the policy: none, banner, confirm or block. */
function viewFor(verdict, policy) {
  if (policy.mode === 'monitor') return 'none';
  switch (verdict.action) {
    case 'warn': return 'banner';
    case 'confirm': return 'confirm';
    case 'block': return 'block';
    default: return 'none';
  }
}

/** A page's origin and path — never its query or fragment; empty for no page (popup without a tab). */
function originPath(url) {
  try {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname };
  } catch {
    return { origin: '', path: '' };
  }
}

/** Dismissals and passed confirmations are per page (origin + path) and flow. */
function pageKey(url, flow) {
  const { origin, path } = originPath(url);
  return `${origin}${path}|${flow}`;
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
async function handleGlance(msg, sender, more = null) {
  firstMark('lastgate:first-glance');
  // A worker that is still starting (compiling the engine, reading the policy) would make the
  // page wait for the engine twice, for the glance and then for the full read: ask for the full
  // read at once, so the page is read while the engine is built.
  if (!builtEngine) return { ok: true, read: true };
  const fr = frameOf(sender);
  const observation = { ...msg.observation, url: sender.url, context: { ui_lang: chrome.i18n.getUILanguage(), recent: [], redirects: [] } };
  const { eng, policy } = await engine();
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
  const settled = await settle(fr, sender, answer.value.verdict, policy, 'glance');
  return { ...settled, read: false };
}

async function handleObservation(msg, sender) {
  firstMark('lastgate:first-read');
  const fr = frameOf(sender);
  // The sender's URL is what the browser says the frame is; a page cannot claim to be another.
  // Browser context comes from this worker's own records, never from the page.
  const [recent, { eng, policy }] = await Promise.all([recentEvents(fr.now, fr.docId), engine()]);
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
  return settle(fr, sender, answer.value, policy, 'full');
}

/**
 * Stores a frame's verdict (the tab's verdict is its frames' worst), sets the badge, and decides
 * what the page shows. `read` says how the verdict was reached ('glance' or 'full'), for the popup
 * and tests.
 */
async function settle({ tabId, frameId, docId, now, host }, sender, verdict, policy, read) {
  // The prompt is recorded (for later pages' "repeated prompts") while the verdict is stored.
  await Promise.all([verdict.flow !== 'none' ? recordPrompt(verdict.flow, host, docId, now) : null, serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    let state = stored && typeof stored === 'object' ? stored : { top: null, url: '', frames: {} };
    // A new top-level document starts a new page: earlier frames' verdicts no longer apply. When
    // the navigation was seen starting (onCommitted below cleared `top`), frames that reported before
    // their top document are kept: they belong to the new page.
    if (frameId === 0 && state.top !== docId) {
      state = { top: docId, url: sender.url, frames: state.top === null ? state.frames : {} };
    }
    if (frameId === 0) state.url = sender.url; // single-page apps change URL within one document
    state.frames[String(frameId)] = { doc: docId, verdict, url: sender.url, read };
    let best = null;
    for (const f of Object.values(state.frames)) {
      if (!best || rank(f.verdict) > rank(best)) best = f.verdict;
    }
    await chrome.storage.session.set({ [key]: state, [`verdict:${tabId}`]: best });
    firstMark('lastgate:first-stored');
    const badge = policy.mode === 'monitor' ? BADGE.allow : (BADGE[best.action] || BADGE.allow);
    await chrome.action.setBadgeText({ tabId, text: badge.text }).catch(() => {});
    if (badge.text) await chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }).catch(() => {});
  })]);

  let view = viewFor(verdict, policy);
  const pk = pageKey(sender.url, verdict.flow);
  if (view === 'banner' && (await dismissedKeys()).includes(pk)) view = 'none';
  if (view === 'confirm' && (await passedKeys(tabId)).includes(pk)) view = 'none';
  if (policy.mode === 'monitor') {
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
  const slot = `uislot:${tabId}:${frameId}`;
  const prev = (await chrome.storage.session.get(slot))[slot];
  if (prev && prev.docId === docId && prev.flow === verdict.flow && prev.view === view) {
    const k = `ui:${prev.nonce}`;
    const sess = (await chrome.storage.session.get(k))[k];
    if (sess) {
      await chrome.storage.session.set({ [k]: { ...sess, verdict, url: sender.url } });
      return { ok: true, value: verdict, ui: { view, nonce: prev.nonce, titles: frameTitles() } };
    }
  }
  const nonce = await openUi({ tabId, frameId, docId, url: sender.url, verdict, view, incognito: !!sender.tab.incognito });
  await chrome.storage.session.set({ [slot]: { docId, flow: verdict.flow, view, nonce, tabId } });
  if (view === 'banner') await logEvent('warning_shown', verdict, sender.url, sender.tab);
  return { ok: true, value: verdict, ui: { view, nonce, titles: frameTitles() } };
}

/** The in-page frame's accessible titles in the browser's language (the content script has no chrome.i18n). */
let titlesCache = null;
function frameTitles() {
  if (!titlesCache) titlesCache = { banner: chrome.i18n.getMessage('bannerFrameTitle'), confirm: chrome.i18n.getMessage('confirmFrameTitle') };
  return titlesCache;
}

// --- UI sessions: the broker between the in-page frame and the content script -------------------
//
// Each banner or interstitial is an extension page (ui/frame.html) inside a closed shadow root. It
// is cross-origin to the page, so the page cannot read it, click in it or script it. It never
// listens to postMessage: everything goes through this worker, which knows from `sender` which tab
// and frame a message really came from. The nonce in the frame's URL names the session; only
// extension contexts can message this worker, so a page that learnt a nonce could not use it.

/** Logs an event once per key for this browser session (re-reading a page must not repeat it). */
async function logOnce(key, kind, verdict, sender, extra) {
  const seen = (await chrome.storage.session.get('logged')).logged || [];
  if (seen.includes(key)) return;
  seen.push(key);
  await chrome.storage.session.set({ logged: seen.slice(-1000) });
  await logEvent(kind, verdict, sender.url, sender.tab, extra);
}

async function openUi(session) {
  const a = new Uint8Array(16);
  crypto.getRandomValues(a);
  const nonce = Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
  await chrome.storage.session.set({ [`ui:${nonce}`]: { ...session, key: pageKey(session.url, session.verdict.flow) } });
  return nonce;
}

async function uiSession(nonce, sender) {
  if (typeof nonce !== 'string' || !/^[0-9a-f]{32}$/.test(nonce)) return null;
  const s = (await chrome.storage.session.get(`ui:${nonce}`))[`ui:${nonce}`];
  if (!s || !sender.tab || sender.tab.id !== s.tabId) return null;
  return s;
}

async function dismissedKeys() {
  return (await chrome.storage.session.get('dismissed')).dismissed || [];
}

async function passedKeys(tabId) {
  return (await chrome.storage.session.get(`passed:${tabId}`))[`passed:${tabId}`] || [];
}

/** The help-desk contact and what the user may override, from the effective policy. */
function uiPolicy(policy) {
  const o = policy.user_override && typeof policy.user_override === 'object' ? policy.user_override : {};
  return {
    help_desk: typeof policy.help_desk === 'string' ? policy.help_desk : '',
    may_dismiss: o.dismiss_warning !== false,
    may_proceed: o.proceed_past_confirm !== false,
    may_report: o.report_mistake !== false,
    may_request: o.request_exception !== false,
  };
}

async function handleUi(msg, sender) {
  const s = await uiSession(msg.nonce, sender);
  if (!s) return { ok: false, errors: [{ path: 'nonce', message: 'unknown or expired UI session' }] };
  const { policy } = await engine();
  const p = uiPolicy(policy);
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
      if (!p.may_dismiss) return { ok: false, errors: [{ path: 'act', message: 'your organisation does not allow dismissing this warning' }] };
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
      return { ok: true, value: { stopped: false } };
    }
    case 'ui:cancel':
      await logEvent('confirm_abandoned', s.verdict, s.url, { incognito: s.incognito });
      await tell('cancelled');
      return { ok: true, value: null };
    default:
      return { ok: false, errors: [{ path: 'type', message: 'unknown UI message' }] };
  }
}

// --- block: the tab goes to an extension page, never something drawn inside the page ------------

async function blockTab(tabId, tab, verdict, url, cause) {
  const { origin, path } = originPath(url);
  const id = crypto.randomUUID();
  await chrome.storage.session.set({ [`block:${id}`]: { verdict, origin, path, cause, tabId, at: Date.now() } });
  await logEvent('block_shown', verdict, url, tab, { cause });
  await chrome.tabs.update(tabId, { url: chrome.runtime.getURL(`ui/blocked.html#${id}`) }).catch(() => {});
}

// --- messages -----------------------------------------------------------------------------------

/** Checks a content script's message. Returns an error string, or null when usable. */
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

const EXTENSION_ORIGIN = new URL(chrome.runtime.getURL('/')).origin;
function fromExtensionPage(sender) {
  return typeof sender.url === 'string' && sender.url.startsWith(`${EXTENSION_ORIGIN}/`);
}

const UI_TYPES = new Set(['ui:get', 'ui:resize', 'ui:dismiss', 'ui:confirm', 'ui:cancel']);
const PAGE_TYPES = new Set(['popup:get', 'popup:mistake', 'options:get', 'options:set', 'block:get', 'block:exception', 'block:close']);

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const reply = (p) => p.then(sendResponse, (e) => {
    sendResponse(unavailableAnswer(e));
  });
  if (sender.id !== chrome.runtime.id || !msg || typeof msg !== 'object' || typeof msg.type !== 'string') {
    countInvalid('foreign sender or malformed message').catch(() => {});
    sendResponse({ ok: false, errors: [{ path: '', message: 'message rejected' }] });
    return false;
  }
  // Extension pages (the in-page frame, popup, options, block page) speak the UI protocol; content
  // scripts speak only `observation` and `tamper`. Neither may use the other's messages.
  if (fromExtensionPage(sender)) {
    if (UI_TYPES.has(msg.type)) { reply(handleUi(msg, sender)); return true; }
    if (PAGE_TYPES.has(msg.type)) { reply(handlePage(msg, sender)); return true; }
  } else if (msg.type === 'observation' || msg.type === 'glance' || msg.type === 'tamper') {
    reply(fromContent(msg, sender));
    return true;
  }
  countInvalid(`unknown message type from ${fromExtensionPage(sender) ? 'extension page' : 'content script'}`).catch(() => {});
  sendResponse({ ok: false, errors: [{ path: 'type', message: 'message rejected: unknown message type' }] });
  return false;
});

/** The answer when the worker failed to answer (content.js asks again on `unavailable`). */
function unavailableAnswer(e) {
  return { ok: false, errors: [{ path: '', message: `unavailable: ${e && e.message ? e.message : e}` }] };
}

/** A content script's message or pulled result: checked, then handled (`more`: handleGlance). */
async function fromContent(msg, sender, more = null) {
  const problem = validateContent(msg, sender);
  if (problem) {
    countInvalid(problem).catch(() => {});
    return { ok: false, errors: [{ path: '', message: `message rejected: ${problem}` }] };
  }
  const handler = { tamper: handleTamper, glance: handleGlance, observation: handleObservation }[msg.type];
  return handler(msg, sender, more);
}

/**
 * The content script saw the page fight the warning (removing, hiding or covering it again and
 * again). A page that does that has told us what it is: the tab goes to the block page.
 */
async function handleTamper(msg, sender) {
  const verdict = (await chrome.storage.session.get(`verdict:${sender.tab.id}`))[`verdict:${sender.tab.id}`];
  await blockTab(sender.tab.id, sender.tab, verdict || null, sender.url, `tamper:${msg.what}`);
  return { ok: true, value: null };
}

async function handlePage(msg, sender) {
  switch (msg.type) {
    case 'popup:get': {
      const tabId = msg.tabId;
      if (typeof tabId !== 'number') return { ok: false, errors: [{ path: 'tabId', message: 'expected a tab id' }] };
      const got = await chrome.storage.session.get([`verdict:${tabId}`, `frames:${tabId}`]);
      const { policy } = await engine();
      const local = (await chrome.storage.local.get('event_log')).event_log || [];
      const mem = (await chrome.storage.session.get('event_log')).event_log || [];
      const events = [...local, ...mem].sort((a, b) => b.at - a.at).slice(0, 8)
        .map(({ kind, at, flow, action, origin, mode }) => ({ kind, at, flow, action, origin, mode }));
      const frames = got[`frames:${tabId}`];
      return {
        ok: true,
        value: {
          verdict: got[`verdict:${tabId}`] || null,
          url: frames ? frames.url : '',
          events,
          monitor: policy.mode === 'monitor',
          help_desk: uiPolicy(policy).help_desk,
          may_report: uiPolicy(policy).may_report,
          reporting: !!policy.reporting,
          versions: { extension: chrome.runtime.getManifest().version, engine: engineVersion() },
        },
      };
    }
    case 'popup:mistake': {
      const tabId = msg.tabId;
      if (typeof tabId !== 'number') return { ok: false, errors: [{ path: 'tabId', message: 'expected a tab id' }] };
      const tab = await chrome.tabs.get(tabId).catch(() => null);
      const got = await chrome.storage.session.get([`verdict:${tabId}`, `frames:${tabId}`]);
      const frames = got[`frames:${tabId}`];
      const note = typeof msg.note === 'string' ? msg.note.slice(0, 500) : '';
      if (!uiPolicy((await engine()).policy).may_report) return { ok: false, errors: [{ path: 'type', message: 'your organisation does not take mistake reports here' }] };
      const event = await logEvent('mistake_reported', got[`verdict:${tabId}`] || null, frames ? frames.url : '', tab, { note });
      return { ok: true, value: { id: event.id, stored: tab && tab.incognito ? 'memory' : 'local' } };
    }
    case 'options:get': {
      const s = await loadPolicy();
      return { ok: true, value: { managed: s.managed, managedErrors: s.managedErrors, settings: s.settings, settingsErrors: s.settingsErrors, locked: s.locked, userKeys: USER_KEYS } };
    }
    case 'options:set': {
      const next = msg.settings;
      if (!next || typeof next !== 'object' || Array.isArray(next)) return { ok: false, errors: [{ path: 'settings', message: 'expected an object' }] };
      const unknown = Object.keys(next).filter((k) => !USER_KEYS.includes(k));
      if (unknown.length) return { ok: false, errors: unknown.map((k) => ({ path: `settings.${k}`, message: `not a user setting; expected one of ${USER_KEYS.join(', ')}` })) };
      const { locked } = await loadPolicy();
      const lockedHit = Object.keys(next).filter((k) => locked.includes(k));
      if (lockedHit.length) return { ok: false, errors: lockedHit.map((k) => ({ path: `settings.${k}`, message: 'set by your organisation; you cannot change it' })) };
      await init({ module_or_path: chrome.runtime.getURL('engine/lastgate_wasm_bg.wasm') });
      const check = errorsOf(validatePolicy(next));
      if (check.length) return { ok: false, errors: check };
      await chrome.storage.local.set({ settings: next });
      resetEngine();
      return { ok: true, value: null };
    }
    case 'block:get': {
      const id = msg.id;
      if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/.test(id)) return { ok: false, errors: [{ path: 'id', message: 'expected a block id' }] };
      const b = (await chrome.storage.session.get(`block:${id}`))[`block:${id}`];
      if (!b) return { ok: false, errors: [{ path: 'id', message: 'this block has expired' }] };
      const { policy } = await engine();
      return { ok: true, value: { ...b, help_desk: uiPolicy(policy).help_desk, may_request: uiPolicy(policy).may_request, reporting: !!policy.reporting } };
    }
    case 'block:exception': {
      const id = msg.id;
      const b = typeof id === 'string' ? (await chrome.storage.session.get(`block:${id}`))[`block:${id}`] : null;
      if (!b) return { ok: false, errors: [{ path: 'id', message: 'this block has expired' }] };
      const note = typeof msg.note === 'string' ? msg.note.slice(0, 500) : '';
      if (!uiPolicy((await engine()).policy).may_request) return { ok: false, errors: [{ path: 'type', message: 'your organisation does not take exception requests here' }] };
      const event = await logEvent('exception_requested', b.verdict, `${b.origin}${b.path}`, sender.tab, { note });
      return { ok: true, value: { id: event.id } };
    }
    default:
      return { ok: false, errors: [{ path: 'type', message: 'unknown message' }] };
  }
}

// --- injection ----------------------------------------------------------------------------------

// documentId → the injection attempt (a promise of success), for this worker's lifetime. A later
// trigger for the same document (the late-load timer, then the load event) waits for an attempt in
// flight and tries again if it failed. The content script
// guards against running twice in one document as well.
const injected = new Map();
const lateTimers = new Map();
// Documents whose URL alone says they matter (engine.triage at commit): read at once, no glance.
const readNow = new Set();

async function inject(tabId, frameId, documentId) {
  const k = documentId || `${tabId}:${frameId}`;
  const prev = injected.get(k);
  if (prev && (await prev)) return;
  const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };
  // Read at once when the URL alone says the page matters, and while this worker's engine is still
  // being built (a cold start): a glance would only come back "read" after the engine is ready.
  const files = readNow.delete(k) || !builtEngine ? READ_NOW_FILES : CONTENT_FILES;
  const attempt = chrome.scripting.executeScript({ target, files })
    .then((results) => { pulled(tabId, results); return true; }, () => false); // gone, or a page we may not script (web store, error page)
  injected.set(k, attempt);
  if (injected.size > 5000) injected.delete(injected.keys().next().value);
  await attempt;
}

/** engine.triage's `read` for `url` from the engine already built; false when there is none. */
function triageSaysRead(url) {
  if (!builtEngine || typeof url !== 'string' || !url) return false;
  try {
    return builtEngine.triage(url).read === true;
  } catch {
    return false;
  }
}

/**
 * What the browser says about the frame an injection ran in, in the shape of a message's sender:
 * the tab, the frame, its document and its URL come from the browser, never from the page.
 * Null when the document is gone.
 */
async function senderOf(tabId, frameId, documentId) {
  const [tab, frame] = await Promise.all([
    chrome.tabs.get(tabId).catch(() => null),
    chrome.webNavigation.getFrame(documentId ? { tabId, frameId, documentId } : { tabId, frameId }).catch(() => null),
  ]);
  if (!tab || !frame || (documentId && frame.documentId && frame.documentId !== documentId)) return null;
  return { id: chrome.runtime.id, tab, frameId, documentId, url: frame.url, origin: new URL(frame.url).origin };
}

/**
 * Handles the looks that content scripts returned from an injection (their first look, or one
 * pulled with __lastgatePull): assesses each, pulls a full read when the glance asks for one, and
 * gives the page the answer only when it has something to do with it. A first look has nothing
 * drawn or armed yet, so "show nothing" needs no answer; after a policy change (`always`) the page
 * may have a warning up or a control held that the new verdict takes away, so it always hears back.
 */
function pulled(tabId, results, always = false) {
  for (const r of results || []) {
    const msg = lookOf(r);
    if (!msg) continue;
    senderOf(tabId, r.frameId, r.documentId)
      .then((sender) => sender && answerPulled(sender, msg, always))
      .catch((e) => console.error('Lastgate: pulled look', e));
  }
}

/** The look in an injection result, or null. */
function lookOf(r) {
  const msg = r && r.result;
  return msg && typeof msg === 'object' && (msg.type === 'glance' || msg.type === 'observation') ? msg : null;
}

async function answerPulled(sender, msg, always) {
  const { tab: { id: tabId }, frameId, documentId } = sender;
  const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };
  // Pulled glances are light (content.js look): before one settles the page, pull 'shadow'.
  const more = async () => {
    const got = await chrome.scripting.executeScript({ target, func: pullLook, args: ['shadow'] }).catch(() => []);
    const r = got[0] && got[0].result;
    return r && typeof r === 'object' && r.type === 'glance' ? r : null;
  };
  let answer;
  try {
    answer = await fromContent(msg, sender, msg.type === 'glance' ? more : null);
  } catch (e) {
    answer = unavailableAnswer(e);
  }
  if (answer.ok && answer.read) {
    // The same document (the target names it): its sender stands, no need to ask the browser again.
    const got = await chrome.scripting.executeScript({ target, func: pullLook, args: ['read'] }).catch(() => []);
    const read = lookOf(got[0]);
    if (read) await answerPulled(sender, read, always);
    return;
  }
  const idle = answer.ok && (!answer.ui || answer.ui.view === 'none');
  if (idle && !always) return; // nothing to draw or hold: the page need not hear back
  await chrome.scripting.executeScript({ target, func: giveAnswer, args: [answer] }).catch(() => {});
}

// Run in the content script's isolated world by executeScript (self-contained: no closures).
function pullLook(what) {
  const pull = globalThis.__lastgatePull;
  return typeof pull === 'function' ? pull(what) : null;
}
function giveAnswer(answer) {
  const give = globalThis.__lastgateAnswer;
  if (typeof give === 'function') give(answer);
}

const HTTP = [{ schemes: ['http', 'https'] }];

/** Reads the frame now (its load is late), or after `ms` unless its load event comes first. */
function lateRead(d, ms) {
  const k = d.documentId || `${d.tabId}:${d.frameId}`;
  clearTimeout(lateTimers.get(k));
  lateTimers.set(k, setTimeout(() => { lateTimers.delete(k); inject(d.tabId, d.frameId, d.documentId); }, ms));
}

// A committed navigation is the one event the worker acts on before load, and it leaves the page
// alone: every extension event is work in the browser and the worker while the page loads, on the
// same cores (scripts/bench/load-ab.mjs: the shipped manifest with an empty worker costs no
// measurable load time; with the worker's listeners and empty content scripts, about 4 %). So this
// one listener does what tabs.onUpdated, onCommitted and onDOMContentLoaded did:
//   - a new top-level document forgets the old page's frames, so the new page's frames, which may
//     report before its top document does, are not mixed with them (the old verdict stays until
//     the new page reports, so the tab always has exactly one entry);
//   - starts the engine (a stopped worker compiles the wasm while the page loads);
//   - arms the late-load timer: LATE_LOAD_MS after commit, EARLY_LATE_LOAD_MS when the URL alone
//     says the page matters (engine.triage). A content script injected while the page still parses
//     waits for DOMContentLoaded; none is entered before: it cannot hold a click before it has a
//     verdict, and that needs the page read.
chrome.webNavigation.onCommitted.addListener((d) => {
  if (d.frameId === 0) forgetFrames(d.tabId);
  lateRead(d, LATE_LOAD_MS);
  const k = d.documentId || `${d.tabId}:${d.frameId}`;
  engine().then(({ eng }) => {
    if (!lateTimers.has(k)) return; // injected already
    const t = eng.triage(d.url);
    if (!t.read) return; // an ordinary page: glanced at first
    // The glance could only say "read" (a known flow page, a lookalike or suspicious host, a
    // flow-shaped URL): read fully at once.
    readNow.add(k);
    if (readNow.size > 1000) readNow.delete(readNow.values().next().value);
    if (t.early) lateRead(d, EARLY_LATE_LOAD_MS);
  }).catch(() => {});
}, { url: HTTP });

chrome.webNavigation.onCompleted.addListener((d) => {
  const k = d.documentId || `${d.tabId}:${d.frameId}`;
  clearTimeout(lateTimers.get(k));
  lateTimers.delete(k);
  inject(d.tabId, d.frameId, d.documentId);
}, { url: HTTP });

function forgetFrames(tabId) {
  serialised(tabId, async () => {
    const key = `frames:${tabId}`;
    const stored = (await chrome.storage.session.get(key))[key];
    if (stored && stored.top !== null) await chrome.storage.session.set({ [key]: { top: null, url: stored.url, frames: {} } });
  });
}

// Pages already open when the extension is installed, updated or the browser starts — read at
// once, as inject() would, when their URL says they matter (a page opened just then may be one).
async function injectOpenTabs() {
  const tabs = await chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] }).catch(() => []);
  for (const t of tabs) {
    if (t.discarded || typeof t.id !== 'number') continue;
    const files = !builtEngine || triageSaysRead(t.url) ? READ_NOW_FILES : CONTENT_FILES;
    chrome.scripting.executeScript({ target: { tabId: t.id, allFrames: true }, files })
      .then((results) => pulled(t.id, results), () => {});
  }
}
chrome.runtime.onInstalled.addListener(() => { injectOpenTabs(); });

chrome.tabs.onRemoved.addListener((tabId) => {
  queues.delete(tabId);
  chrome.storage.session.get(null).then((all) => {
    const gone = [`verdict:${tabId}`, `frames:${tabId}`, `passed:${tabId}`];
    for (const [k, v] of Object.entries(all)) {
      if ((k.startsWith('ui:') || k.startsWith('uislot:') || k.startsWith('block:')) && v && v.tabId === tabId) gone.push(k);
    }
    return chrome.storage.session.remove(gone);
  }).catch(() => {});
});

chrome.alarms.onAlarm.addListener((a) => {
  if (a.name === ALARM) engine().then((s) => resume(s.reporting)).catch(() => {});
});

// Warm the engine on start-up so the first page does not wait for compilation (and so reporting
// resumes sending what was queued before the worker stopped).
engine().catch((e) => console.error('Lastgate: engine failed to load', e));
