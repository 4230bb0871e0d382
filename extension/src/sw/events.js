// What the user saw and did, recorded: the popup's "recent in this browser" (storage.local, or
// storage.session for incognito tabs) and, when the policy names a collector, the reporting queue
// (report.js). Origin and path only, never query, fragment or page text.

import { engine, engineVersion } from './engine.js';
import { enqueue, resume, setMeta } from './report.js';
import { originPath } from './state.js';

const EVENT_LOG_MAX = 50;

/**
 * Records one event (warning shown, confirm shown/passed/abandoned, block shown, mistake reported,
 * exception requested) and queues it for the collector. Events of incognito tabs stay in memory
 * and are never reported. Answers the event.
 */
export async function logEvent(kind, verdict, pageUrl, tab, extra = {}) {
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
    const { settings } = await engine();
    await enqueue(event, settings.reporting).catch(() => {});
  }
  return event;
}

/** Logs an event once per key for this browser session (re-reading a page must not repeat it). */
export async function logOnce(key, kind, verdict, sender, extra) {
  const seen = (await chrome.storage.session.get('logged')).logged || [];
  if (seen.includes(key)) return;
  seen.push(key);
  await chrome.storage.session.set({ logged: seen.slice(-1000) });
  await logEvent(kind, verdict, sender.url, sender.tab, extra);
}

/** The recent events the popup lists: this browser's and its incognito tabs', newest first. */
export async function recentLog(n) {
  const local = (await chrome.storage.local.get('event_log')).event_log || [];
  const mem = (await chrome.storage.session.get('event_log')).event_log || [];
  return [...local, ...mem].sort((a, b) => b.at - a.at).slice(0, n)
    .map(({ kind, at, flow, action, origin, mode }) => ({ kind, at, flow, action, origin, mode }));
}

/**
 * After each engine build: the versions events carry, what an earlier life of this worker left
 * queued, and — once per distinct set of problems — that the managed policy is broken.
 */
export function startReporting({ settings }) {
  const version = engineVersion();
  setMeta({
    extension: chrome.runtime.getManifest().version,
    engine: version,
    catalog: settings.catalog_extended ? `${version}+policy` : version,
    policy: settings.version,
  });
  resume(settings.reporting).catch(() => {});
  if (settings.managed_errors && settings.managed_errors.length) reportBrokenPolicy(settings.managed_errors, settings.reporting).catch(() => {});
}

/** The retry alarm fired: send what is queued. */
export async function resumeReporting() {
  const { settings } = await engine();
  await resume(settings.reporting);
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
