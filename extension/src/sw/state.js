// The worker's bookkeeping, shared by every layer above it and importing nothing: per-tab ordering,
// counters, User Timing marks, and the page keys warnings are remembered by.
//
// The worker may be stopped after ~30 s idle, so whatever must outlive one worker life is kept in
// chrome.storage.session (memory only, cleared with the browser session), never only in globals.
// What lives in globals here is per-life on purpose (an ordering queue, which marks were set).

/** Counts a rejected message (kept in session storage so it survives worker restarts). */
export async function countInvalid(reason) {
  const stats = (await chrome.storage.session.get('stats')).stats || { invalid_messages: 0, last_invalid: '' };
  stats.invalid_messages += 1;
  stats.last_invalid = reason;
  await chrome.storage.session.set({ stats });
}

// One queue per tab, so two frames reporting at once cannot lose each other's update.
const queues = new Map();

/** Runs `fn` after every earlier `serialised` call for the same tab has finished. */
export function serialised(tabId, fn) {
  const prev = queues.get(tabId) || Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(tabId, next.catch(() => {}));
  return next;
}

/** Drops a closed tab's queue. */
export function forgetQueue(tabId) {
  queues.delete(tabId);
}

// Where a cold start's time goes, for `make bench`: User Timing marks on the worker's clock, each
// set once per worker life (marks are kept until cleared, so per-page marks would pile up).
const marked = new Set();
export function firstMark(name) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}

/** A page's origin and path — never its query or fragment; empty for no page (popup without a tab). */
export function originPath(url) {
  try {
    const u = new URL(url);
    return { origin: u.origin, path: u.pathname };
  } catch {
    return { origin: '', path: '' };
  }
}

/** Dismissals and passed confirmations are per page (origin + path) and flow. */
export function pageKey(url, flow) {
  const { origin, path } = originPath(url);
  return `${origin}${path}|${flow}`;
}

/** An error answer, in the engine's shape. */
export function refuse(path, message) {
  return { ok: false, errors: [{ path, message }] };
}

/** The answer when the worker failed to answer (content.js asks again on `unavailable`). */
export function unavailableAnswer(e) {
  return refuse('', `unavailable: ${e && e.message ? e.message : e}`);
}
