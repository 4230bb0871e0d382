// The content script's main-thread time in one page load, from a Chromium trace of that load
// (categories devtools.timeline and toplevel: what the DevTools Performance panel records, without
// its JavaScript sampler, which we found inflates this very code several times over).
//
// What is counted, on every renderer main thread where the extension's scripts ran, as the union
// of these trace events' intervals (nested ones once):
//   1. `EvaluateScript` of the extension's files (extract.js and content.js being injected):
//      compiling and running them, with the first extraction, every style recalculation and layout
//      it forces (getComputedStyle, innerText) and the observation handed to chrome.runtime;
//   2. `FunctionCall` of a function of the extension's files: every later callback the browser
//      makes into the content script — idle callbacks, timers, MutationObserver re-extraction,
//      event listeners, the tamper guard — with the same forced style and layout;
//   3. `Receive mojo message` on `extensions.mojom.LocalFrame`: the browser delivering the injection
//      into the frame (creating the content script's isolated world and its chrome.* bindings, then
//      1.) and the worker's answers to it. Messages to the renderer as a whole (the extension list a
//      new renderer process is sent) are the cost of having any extension installed, not counted.
// Not counted: promise callbacks that run inside another task's microtask checkpoint (the worker's
// answer applied, the banner element created: small), painting our element, garbage collection.
// So the number is a floor, measured by the browser rather than by our own code.

const DEFAULT_CATEGORIES = ['devtools.timeline', 'toplevel'];
/** Names of a thread's top-level task in the trace (the unit the Long Tasks API measures). */
export const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** Trace categories; BENCH_TRACE_CATEGORIES overrides (comma-separated), for experiments. */
export const TRACE_CATEGORIES = process.env.BENCH_TRACE_CATEGORIES ? process.env.BENCH_TRACE_CATEGORIES.split(',') : DEFAULT_CATEGORIES;

/** Total length of the union of [start, end] intervals. */
function unionLength(intervals) {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [cs, ce] = [-Infinity, -Infinity];
  for (const [s, e] of sorted) {
    if (s > ce) {
      if (ce > cs) total += ce - cs;
      [cs, ce] = [s, e];
    } else if (e > ce) ce = e;
  }
  if (ce > cs) total += ce - cs;
  return total;
}

/**
 * Milliseconds of main-thread time attributed to the extension whose scripts live under `origin`
 * ("chrome-extension://<id>/") in `events` (Chrome trace events): {total_ms, long_tasks, inject_ms,
 * callbacks_ms, messages_ms, threads, callbacks_by_function_ms}.
 */
export function extensionMainThreadMs(events, origin) {
  // The content scripts only (src/): the extension's own pages (the banner's frame) run in the
  // extension's process, not on the page's main thread.
  const mine = (url) => typeof url === 'string' && url.startsWith(`${origin}src/`);
  const perThread = new Map(); // "pid:tid" → intervals
  const add = (e) => {
    const k = `${e.pid}:${e.tid}`;
    if (!perThread.has(k)) perThread.set(k, []);
    perThread.get(k).push([e.ts, e.ts + (e.dur || 0)]);
  };
  let inject = 0;
  let callbacks = 0;
  const byFunction = {};
  for (const e of events) {
    if (e.ph !== 'X') continue;
    if (e.name === 'EvaluateScript' && mine(e.args?.data?.url)) { add(e); inject += e.dur || 0; }
    if (e.name === 'FunctionCall' && mine(e.args?.data?.url)) {
      add(e);
      callbacks += e.dur || 0;
      const d = e.args.data;
      const f = `${d.url.slice(origin.length)}:${d.lineNumber} ${d.functionName || '(anonymous)'}`;
      byFunction[f] = (byFunction[f] || 0) + (e.dur || 0) / 1000;
    }
  }
  let messages = 0;
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'Receive mojo message') continue;
    const tag = e.args?.chrome_mojo_event_info?.mojo_interface_tag || '';
    if (tag !== 'extensions.mojom.LocalFrame' || !perThread.has(`${e.pid}:${e.tid}`)) continue;
    add(e);
    messages += e.dur || 0;
  }
  let total = 0;
  for (const intervals of perThread.values()) total += unionLength(intervals);
  // Long tasks (≥ 50 ms, what the Long Tasks API reports) on those threads that contain any of it.
  // A main-thread task is `ThreadControllerImpl::RunTask` in Chromium 156's trace (`RunTask` in
  // older ones; a count of 0 from a wrong name would look like a budget held).
  let longTasks = 0;
  for (const e of events) {
    if (e.ph !== 'X' || !TASK_EVENTS.has(e.name) || (e.dur || 0) < 50000) continue;
    const ours = perThread.get(`${e.pid}:${e.tid}`);
    if (ours && ours.some(([s, f]) => s < e.ts + e.dur && f > e.ts)) longTasks += 1;
  }
  return { total_ms: total / 1000, long_tasks: longTasks, inject_ms: inject / 1000, callbacks_ms: callbacks / 1000, messages_ms: messages / 1000, threads: perThread.size, callbacks_by_function_ms: byFunction };
}

/** Records a trace through a page's DevTools-protocol session while `during()` runs. */
export async function traced(cdp, during) {
  const events = [];
  const onData = (d) => { for (const e of d.value) events.push(e); };
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
  let result;
  try {
    result = await during();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
  }
  return { events, result };
}
