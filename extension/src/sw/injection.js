// Getting into pages and the pull protocol (ARCHITECTURE.md, "The protocol").
//
// No content script is declared in the manifest, because a declared one costs every page load
// even when it does nothing (ARCHITECTURE.md, "Staying out of the page load"). The worker injects
// it with chrome.scripting:
//   - when the frame's load event has fired (webNavigation.onCompleted), so it never delays the load;
//   - or LATE_LOAD_MS after the navigation committed when load is slow or never comes —
//     EARLY_LATE_LOAD_MS when the URL alone says the page matters (engine.triage: a known recovery
//     or approval page, a lookalike or suspicious host).
// The content script watches the DOM afterwards, so prompts rendered later are still caught.
//
// The first look at a page is pulled, not sent: it is the injection's result. The worker asks for
// a full read the same way when the glance needs one, and hands the page its answer the same way
// only when the page has something to do (draw, hold, retry). A page that shows nothing exchanges
// no messages and never loads `chrome.runtime` (content.js explains the cost).

import { builtEngine, engine, triageSaysRead } from './engine.js';
import { unavailableAnswer } from './state.js';
import { forgetFrames, fromContent } from './verdicts.js';

const LATE_LOAD_MS = 1500;
const EARLY_LATE_LOAD_MS = 300;
const CONTENT_FILES = ['src/extract.js', 'src/content.js'];
// For a page whose URL alone says it matters: read fully at once, no glance first (read-now.js).
const READ_NOW_FILES = ['src/extract.js', 'src/read-now.js', 'src/content.js'];

// documentId → the injection attempt (a promise of success), for this worker's lifetime. A later
// trigger for the same document (the late-load timer, then the load event) waits for an attempt in
// flight and tries again if it failed. The content script guards against running twice in one
// document as well.
const injected = new Map();
const lateTimers = new Map();
// Documents whose URL alone says they matter (engine.triage at commit): read at once, no glance.
const readNow = new Set();

const docKey = (d) => d.documentId || `${d.tabId}:${d.frameId}`;

async function inject(tabId, frameId, documentId) {
  const k = docKey({ tabId, frameId, documentId });
  const prev = injected.get(k);
  if (prev && (await prev)) return;
  const target = documentId ? { tabId, documentIds: [documentId] } : { tabId, frameIds: [frameId] };
  // Read at once when the URL alone says the page matters, and while this worker's engine is still
  // being built (a cold start): a glance would only come back "read" after the engine is ready.
  const files = readNow.delete(k) || !builtEngine() ? READ_NOW_FILES : CONTENT_FILES;
  const attempt = chrome.scripting.executeScript({ target, files })
    .then((results) => { pulled(tabId, results); return true; }, () => false); // gone, or a page we may not script (web store, error page)
  injected.set(k, attempt);
  if (injected.size > 5000) injected.delete(injected.keys().next().value);
  await attempt;
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

/** Reads the frame now (its load is late), or after `ms` unless its load event comes first. */
function lateRead(d, ms) {
  const k = docKey(d);
  clearTimeout(lateTimers.get(k));
  lateTimers.set(k, setTimeout(() => { lateTimers.delete(k); inject(d.tabId, d.frameId, d.documentId); }, ms));
}

/**
 * A navigation committed (webNavigation.onCommitted): the one event the worker acts on before
 * load, and it leaves the page alone. It forgets the old page's frames (a new top document), starts
 * the engine (a stopped worker compiles the wasm while the page loads) and arms the late-load
 * timer: LATE_LOAD_MS after commit, EARLY_LATE_LOAD_MS when the URL alone says the page matters.
 * A content script injected while the page still parses waits for DOMContentLoaded.
 */
export function committed(d) {
  if (d.frameId === 0) forgetFrames(d.tabId);
  lateRead(d, LATE_LOAD_MS);
  const k = docKey(d);
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
}

/** The frame's load event fired (webNavigation.onCompleted): inject now. */
export function completed(d) {
  const k = docKey(d);
  clearTimeout(lateTimers.get(k));
  lateTimers.delete(k);
  inject(d.tabId, d.frameId, d.documentId);
}

/**
 * Pages already open when the extension is installed, updated or the browser starts — read at
 * once, as inject() would, when their URL says they matter (a page opened just then may be one).
 */
export async function injectOpenTabs() {
  const tabs = await chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] }).catch(() => []);
  for (const t of tabs) {
    if (t.discarded || typeof t.id !== 'number') continue;
    const files = !builtEngine() || triageSaysRead(t.url) ? READ_NOW_FILES : CONTENT_FILES;
    chrome.scripting.executeScript({ target: { tabId: t.id, allFrames: true }, files })
      .then((results) => pulled(t.id, results), () => {});
  }
}

/**
 * The policy changed: every open page is looked at again and always answered, so a host the user
 * has just trusted loses its warning without a reload, and one no longer trusted gets it back.
 */
export async function reassessOpenTabs() {
  const tabs = await chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] }).catch(() => []);
  for (const t of tabs) {
    chrome.scripting.executeScript({ target: { tabId: t.id, allFrames: true }, func: pullLook, args: ['reassess'] })
      .then((results) => pulled(t.id, results, true), () => {});
  }
}

