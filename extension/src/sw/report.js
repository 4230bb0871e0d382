// Reporting to the organisation's own OpenTelemetry collector: OTLP/HTTP, JSON encoding, logs signal.
// Off unless the managed policy sets `reporting.endpoint`. Nothing is sent anywhere else, ever.
//
// Delivery is at least once: events are queued in chrome.storage.local before any attempt, removed
// only after the collector answered 2xx, and retried with exponential backoff (timers while the
// worker lives, an alarm and the worker's start-up after it was stopped). Every event carries a
// unique id so the collector can drop duplicates. The queue is bounded (`reporting.max_queue`):
// beyond it the oldest events are dropped and counted, and the count is itself reported as an
// `events_dropped` record. docs/reporting.md documents the event schema.

export const SCHEMA_VERSION = '1';
const QUEUE_KEY = 'report_queue';
const STATE_KEY = 'report_state';
const ALARM = 'lastgate-report-retry';
const MAX_BACKOFF_MS = 5 * 60 * 1000;
const FIRST_BACKOFF_MS = 1000;

// OTLP severity numbers (enums are integers in OTLP/JSON).
const SEVERITY = {
  warning_shown: [13, 'WARN'],
  confirm_shown: [13, 'WARN'],
  confirm_passed: [13, 'WARN'],
  confirm_abandoned: [9, 'INFO'],
  block_shown: [17, 'ERROR'],
  mistake_reported: [9, 'INFO'],
  exception_requested: [9, 'INFO'],
  events_dropped: [13, 'WARN'],
  policy_invalid: [17, 'ERROR'],
};
// Health records about reporting and policy themselves: always sent when reporting is on,
// whatever `reporting.events` selects.
const HEALTH_KINDS = ['events_dropped', 'policy_invalid'];

// `settings` below is the engine's `settings().reporting` (defaults filled in by the engine, the
// only reader of the policy): {endpoint, headers, events, batch_size, max_queue, include_identity},
// or null when reporting is off.

// Queue updates are serialised so concurrent events and flushes never lose each other's writes.
let chain = Promise.resolve();
function locked(fn) {
  const next = chain.then(fn, fn);
  chain = next.catch(() => {});
  return next;
}

async function load() {
  const got = await chrome.storage.local.get([QUEUE_KEY, STATE_KEY]);
  return { queue: got[QUEUE_KEY] || [], state: got[STATE_KEY] || { dropped: 0, backoff: 0, next_at: 0, sent: 0 } };
}

/** Queues one event (already free of page text) for the collector, if the policy wants it. */
export function enqueue(event, settings) {
  if (!settings || !(settings.events.includes(event.kind) || HEALTH_KINDS.includes(event.kind))) return Promise.resolve(false);
  return locked(async () => {
    const { queue, state } = await load();
    queue.push(event);
    const over = queue.length - settings.max_queue;
    if (over > 0) {
      queue.splice(0, over); // the oldest go first
      state.dropped += over;
    }
    await chrome.storage.local.set({ [QUEUE_KEY]: queue, [STATE_KEY]: state });
    return true;
  }).then((queued) => {
    if (queued) schedule(settings, 0);
    return queued;
  });
}

let timer = 0;
let flushing = null;

function schedule(settings, delay) {
  clearTimeout(timer);
  timer = setTimeout(() => { flush(settings).catch(() => {}); }, delay);
}

function attr(key, v) {
  if (typeof v === 'number' && Number.isInteger(v)) return { key, value: { intValue: String(v) } };
  if (typeof v === 'boolean') return { key, value: { boolValue: v } };
  if (Array.isArray(v)) return { key, value: { arrayValue: { values: v.map((s) => ({ stringValue: String(s) })) } } };
  return { key, value: { stringValue: String(v) } };
}

function nanos(ms) {
  return (BigInt(Math.round(ms)) * 1000000n).toString();
}

/** One event as an OTLP LogRecord (OTLP/JSON: lowerCamelCase, integer enums, 64-bit ints as strings). */
export function logRecord(e, settings) {
  const [severityNumber, severityText] = SEVERITY[e.kind] || [9, 'INFO'];
  const attributes = [
    attr('event.id', e.id),
    attr('lastgate.schema_version', SCHEMA_VERSION),
    attr('lastgate.event', e.kind),
    attr('lastgate.flow', e.flow),
    attr('lastgate.action', e.action),
    attr('lastgate.risk', e.risk),
    attr('lastgate.reasons', e.reasons),
    attr('lastgate.mode', e.mode || 'enforce'),
    attr('url.scheme', e.origin ? e.origin.split(':')[0] : ''),
    attr('lastgate.page.origin', e.origin),
    attr('lastgate.page.path', e.path),
  ];
  if (e.cause) attributes.push(attr('lastgate.cause', e.cause));
  if (e.coached !== undefined) attributes.push(attr('lastgate.coached', !!e.coached));
  if (e.note) attributes.push(attr('lastgate.note', e.note));
  if (e.dropped !== undefined) attributes.push(attr('lastgate.dropped', e.dropped));
  if (e.policy_errors) attributes.push(attr('lastgate.policy.errors', e.policy_errors));
  if (settings.include_identity && e.identity) attributes.push(attr('user.name', e.identity));
  return {
    timeUnixNano: nanos(e.at),
    observedTimeUnixNano: nanos(Date.now()),
    severityNumber,
    severityText,
    eventName: `lastgate.${e.kind}`,
    body: { stringValue: e.kind },
    attributes,
  };
}

/** The OTLP ExportLogsServiceRequest for a batch. */
export function exportRequest(events, settings, meta) {
  return {
    resourceLogs: [{
      resource: {
        attributes: [
          attr('service.name', 'lastgate-extension'),
          attr('service.version', meta.extension),
          attr('lastgate.engine.version', meta.engine),
          attr('lastgate.catalog.version', meta.catalog),
          attr('lastgate.policy.version', meta.policy || ''),
        ],
      },
      scopeLogs: [{ scope: { name: 'lastgate', version: meta.extension }, logRecords: events.map((e) => logRecord(e, settings)) }],
    }],
  };
}

/** Sends what is queued, batch by batch, until the queue is empty or the collector fails. */
export function flush(settings, meta = currentMeta) {
  if (!settings) return Promise.resolve({ sent: 0 });
  if (flushing) return flushing;
  flushing = (async () => {
    let sent = 0;
    for (;;) {
      const { queue, state } = await load();
      if (!queue.length && !state.dropped) {
        await chrome.alarms.clear(ALARM).catch(() => {});
        return { sent };
      }
      const batch = queue.slice(0, settings.batch_size);
      const dropped = state.dropped;
      const records = dropped
        ? [...batch, { id: crypto.randomUUID(), kind: 'events_dropped', at: Date.now(), flow: 'none', action: 'allow', risk: 0, reasons: [], origin: '', path: '', dropped }]
        : batch;
      let ok;
      try {
        const res = await fetch(settings.endpoint, {
          method: 'POST',
          headers: { ...settings.headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(exportRequest(records, settings, meta)),
          credentials: 'omit',
          cache: 'no-store',
        });
        ok = res.ok;
      } catch {
        ok = false;
      }
      if (!ok) {
        await locked(async () => {
          const s = (await load()).state;
          s.backoff = Math.min(MAX_BACKOFF_MS, s.backoff ? s.backoff * 2 : FIRST_BACKOFF_MS);
          s.next_at = Date.now() + s.backoff;
          await chrome.storage.local.set({ [STATE_KEY]: s });
          schedule(settings, s.backoff);
          // The worker may be stopped before the timer fires; the alarm wakes it (≥ 30 s).
          await chrome.alarms.create(ALARM, { delayInMinutes: Math.max(0.5, s.backoff / 60000) }).catch(() => {});
        });
        return { sent, failed: true };
      }
      sent += batch.length;
      await locked(async () => {
        const cur = await load();
        const ids = new Set(batch.map((e) => e.id));
        const rest = cur.queue.filter((e) => !ids.has(e.id));
        cur.state.dropped = Math.max(0, cur.state.dropped - dropped);
        cur.state.backoff = 0;
        cur.state.next_at = 0;
        cur.state.sent = (cur.state.sent || 0) + batch.length;
        await chrome.storage.local.set({ [QUEUE_KEY]: rest, [STATE_KEY]: cur.state });
      });
    }
  })().finally(() => { flushing = null; });
  return flushing;
}

let currentMeta = { extension: '', engine: '', catalog: '', policy: '' };
export function setMeta(meta) {
  currentMeta = meta;
}

/** Called when the worker starts and when the retry alarm fires: send what an earlier life left. */
export async function resume(settings) {
  if (!settings) return;
  const { queue, state } = await load();
  if (queue.length || state.dropped) await flush(settings);
}

export { ALARM };
