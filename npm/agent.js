// lastgate/agent: a guard for browser-automation agents (Node + Playwright). Before an agent clicks
// on a page, guardPage(page) reads the page with the extension's own extractor (run inside the
// page), decides with the engine here in Node, and refuses when the click would approve or re-issue
// privileged or token-backed access. The agent shows the refusal's reasons to its human instead.
import { Engine } from './node/index.js';
import { EXTRACT_SOURCE } from './extract-source.js';

/** Thrown by assertSafeToProceed; guardPage answers the same facts as `value.refusal`. */
export class LastgateRefusal extends Error {
  constructor(refusal) {
    super(`Lastgate refused: ${refusal.summary}`);
    this.name = 'LastgateRefusal';
    Object.assign(this, refusal);
  }
}

/** The default rule: a flow that grants privileged or token-backed access, or the policy's block. */
export function wouldGrantPrivilegedOrTokenAccess(verdict) {
  return (verdict.flow !== 'none' && (verdict.privileged || verdict.token_backed)) || verdict.action === 'block';
}

// The extractor runs with `globalThis` bound to a private object, so a page cannot intercept the
// global it would otherwise define. In Chromium every frame is read in an isolated world, as the
// extension's content script is: page scripts can neither reach our code nor patch the DOM methods
// it calls. Elsewhere frames are read in their page's own world.
const expression = (context) => `(function (globalThis) {
${EXTRACT_SOURCE}
;return globalThis.LastgateExtract.extractObservation(document, ${JSON.stringify(context)});
})(Object.create(globalThis))`;

/** Chromium: one CDP session for the page and one per out-of-process frame; null elsewhere. */
async function sessionsFor(page) {
  let top;
  try {
    top = await page.context().newCDPSession(page);
  } catch {
    return null;
  }
  const sessions = [top];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    // Only out-of-process frames have a session; the others are in their parent's frame tree.
    const session = await page.context().newCDPSession(frame).catch(() => null);
    if (session) sessions.push(session);
  }
  return sessions;
}

async function isolatedObservations(page, context) {
  const sessions = await sessionsFor(page);
  if (!sessions) return null;
  const out = [];
  const seen = new Set();
  try {
    for (const [i, cdp] of sessions.entries()) {
      const { frameTree } = await cdp.send('Page.getFrameTree');
      const stack = [frameTree];
      while (stack.length) {
        const node = stack.shift();
        stack.push(...(node.childFrames ?? []));
        if (seen.has(node.frame.id)) continue;
        seen.add(node.frame.id);
        try {
          const { executionContextId } = await cdp.send('Page.createIsolatedWorld', { frameId: node.frame.id, worldName: 'lastgate-guard' });
          const r = await cdp.send('Runtime.evaluate', { expression: expression(context), contextId: executionContextId, returnByValue: true });
          if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
          out.push({ frame: out.length === 0 ? 'main' : node.frame.url, observation: r.result.value });
        } catch (e) {
          // The top document must be read; a child frame that is gone has nothing left to click.
          if (i === 0 && out.length === 0) throw e;
        }
      }
    }
  } finally {
    await Promise.all(sessions.map((s) => s.detach().catch(() => {})));
  }
  return out;
}

async function mainWorldObservations(page, context) {
  const main = page.mainFrame();
  const out = [{ frame: 'main', observation: await main.evaluate(expression(context)) }];
  for (const frame of page.frames()) {
    if (frame === main || frame.isDetached()) continue;
    try {
      out.push({ frame: frame.url(), observation: await frame.evaluate(expression(context)) });
    } catch {
      // A frame that navigated away or is gone has nothing to click any more.
    }
  }
  return out;
}

async function observe(page, context) {
  const observations = (await isolatedObservations(page, context)) ?? (await mainWorldObservations(page, context));
  // about:blank and srcdoc frames show their parent's content: they are assessed at the page's URL.
  const top = observations[0].observation.url;
  for (const o of observations) {
    if (!/^https?:/i.test(o.observation.url)) o.observation.url = top;
  }
  return observations;
}

const failure = (path, message) => ({ ok: false, errors: [{ path, message }] });

/**
 * guardPage(page, {engine?, policy?, context?, refuse?}) →
 *   {ok: true, value: {proceed, url, verdict, frames, refusal}} or {ok: false, errors}.
 * `refusal` is null when the agent may proceed, else {url, flow, action, privileged, token_backed,
 * reasons, summary}. `refuse(verdict)` replaces the default rule (wouldGrantPrivilegedOrTokenAccess).
 */
export async function guardPage(page, options = {}) {
  if (!page || typeof page.mainFrame !== 'function') return failure('page', 'expected a Playwright Page');
  let engine = options.engine;
  if (!engine) {
    const created = Engine.create(options.policy);
    if (!created.ok) return { ok: false, errors: created.errors.map((e) => ({ ...e, path: e.path ? `policy.${e.path}` : 'policy' })) };
    engine = created.value;
  }
  const refuse = options.refuse ?? wouldGrantPrivilegedOrTokenAccess;
  let observed;
  try {
    observed = await observe(page, options.context ?? {});
  } catch (e) {
    return failure('page', `could not read the page: ${e && e.message ? e.message : e}`);
  }
  const frames = [];
  for (const { frame, observation } of observed) {
    const answer = engine.assessPage(observation);
    if (!answer.ok) return { ok: false, errors: answer.errors.map((e) => ({ ...e, path: `observation(${frame}).${e.path}` })) };
    frames.push({ frame, url: observation.url, verdict: answer.value });
  }
  const top = frames[0];
  const refused = frames.find((f) => refuse(f.verdict));
  const refusal = refused
    ? {
        url: refused.url,
        flow: refused.verdict.flow,
        action: refused.verdict.action,
        privileged: refused.verdict.privileged,
        token_backed: refused.verdict.token_backed,
        reasons: refused.verdict.reasons,
        summary: `${refused.verdict.flow} on ${refused.url}` +
          `${refused.verdict.privileged ? ' (privileged)' : ''}${refused.verdict.token_backed ? ' (token-backed)' : ''}: ` +
          (refused.verdict.reasons[0]?.message ?? 'blocked by policy'),
      }
    : null;
  return { ok: true, value: { proceed: !refusal, url: top.url, verdict: top.verdict, frames, refusal } };
}

/** Like guardPage, but throws a LastgateRefusal (or an Error with `errors`) unless the agent may proceed. */
export async function assertSafeToProceed(page, options = {}) {
  const answer = await guardPage(page, options);
  if (!answer.ok) {
    const e = new Error(`Lastgate could not check the page: ${answer.errors[0].path}: ${answer.errors[0].message}`);
    e.errors = answer.errors;
    throw e;
  }
  if (answer.value.refusal) throw new LastgateRefusal(answer.value.refusal);
  return answer.value;
}
