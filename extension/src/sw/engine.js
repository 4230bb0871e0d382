// The engine's lifetime in the worker: the wasm module, the policy it runs under, and rebuilding it
// when the policy changes. The engine is the only reader of the policy (Engine.fromStorage): this
// file hands it what storage holds and reads back `engine.settings()`; it interprets no policy key.
//
// Where the policy comes from:
//   - chrome.storage.managed: the administrator's policy (Chrome/Edge enterprise policy, Firefox
//     policies.json). Right after the browser starts it can take seconds to answer (it waits for
//     the policy service), and pages must not wait for it: after MANAGED_WAIT_MS the engine is
//     built from the last managed policy this browser saw (MANAGED_CACHE_KEY in storage.local,
//     written whenever managed storage answers) — never from the defaults while the administrator
//     has a policy — and rebuilt if the answer, when it comes, differs.
//   - chrome.storage.local `settings`: the user's own settings, for the keys the managed policy
//     leaves unset (the engine says which: `settings().user_keys`, `locked`).

import init, { Engine, prepare, validateSettings, version as engineVersion } from '../../engine/lastgate_wasm.js';
import { firstMark } from './state.js';

const MANAGED_WAIT_MS = 300;
/** storage.local key: the last policy chrome.storage.managed answered, as read. */
export const MANAGED_CACHE_KEY = 'managed_policy_cache';

// A made-up flow page, assessed once after each build so the first real page does not pay for the
// first call of each wasm function through the compiler.
const WARM_UP = {
  url: 'https://warm-up.invalid/account/reset-password', referrer: '', title: 'Reset your password', lang: 'en',
  text: 'Reset your password\nEnter a new password for your account.', headings: ['Reset your password'],
  fields: [{ type: 'password', name: 'new_password', id: 'new', label: 'New password', autocomplete: 'new-password', placeholder: '' }],
  controls: [{ kind: 'button', text: 'Reset password', type: 'submit', href: '' }],
  context: { ui_lang: 'en', recent: [], redirects: [] }, opaque: { images: 0, canvases: 0, frames: 0 },
};

let wasmPromise = null;

/**
 * The wasm module, instantiated once per worker life, with the engine's built-in tables built
 * (phrase automaton, suffix list, catalog: most of an engine's cost). Every call into the module
 * waits for this: storage can answer before the module is compiled.
 */
export function wasmReady() {
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

// What chrome.storage.managed answered in this worker life (null: not yet, or changed since).
let managedNow = null;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The policy's sources: `{managed, settings, from}`, where `from` says where `managed` came from —
 * 'managed' (storage answered), 'cache' (it had not answered in time, or failed: the last answer
 * stands in) or 'none' (no answer and none cached: the defaults).
 */
async function readSources() {
  const local = chrome.storage.local.get(['settings', MANAGED_CACHE_KEY]);
  let managed;
  let from = 'managed';
  if (managedNow) {
    managed = managedNow;
  } else {
    // null when this browser has no managed storage or the read failed.
    const read = chrome.storage.managed.get(null).then((v) => v || {}, () => null);
    const timedOut = Symbol('timeout');
    const first = await Promise.race([read, new Promise((r) => { setTimeout(() => r(timedOut), MANAGED_WAIT_MS); })]);
    const cached = (await local)[MANAGED_CACHE_KEY];
    if (first !== timedOut && first !== null) {
      managed = first;
      managedNow = first;
      if (!same(first, cached)) chrome.storage.local.set({ [MANAGED_CACHE_KEY]: first }).catch(() => {});
    } else {
      managed = cached && typeof cached === 'object' ? cached : {};
      from = cached ? 'cache' : 'none';
      if (first === timedOut) {
        read.then((late) => {
          if (late === null) return;
          managedNow = late;
          if (!same(late, cached)) chrome.storage.local.set({ [MANAGED_CACHE_KEY]: late }).catch(() => {});
          if (!same(late, managed)) policyChanged();
        });
      }
    }
  }
  const settings = (await local).settings || {};
  firstMark('lastgate:policy-ready');
  return { managed, settings, from };
}

let enginePromise = null;
// The engine once built (null again while a changed policy rebuilds it): whether pages can be
// glanced at, and the one synchronous question injection asks it (triage).
let built = null;
const builtListeners = [];
const changeListeners = [];

/** `fn(state)` runs after each engine build (reporting starts from it). */
export function onEngineBuilt(fn) {
  builtListeners.push(fn);
}

/** `fn()` runs when the policy changed and open pages must be read again. */
export function onPolicyChanged(fn) {
  changeListeners.push(fn);
}

/**
 * The engine and what it says of its policy: `{eng, settings, sources}`, built once per worker life
 * and again after the policy changed. `settings` is `engine.settings()`: mode, help desk, what the
 * user may override, reporting, and (for the options page) what was wrong and what is locked.
 */
export function engine() {
  if (!enginePromise) {
    enginePromise = (async () => {
      // Compiling the wasm (and building its tables) and reading storage overlap. User Timing marks
      // for `make bench` (where a cold start's time goes): wasm-ready, tables-ready, policy-ready,
      // engine-ready.
      const [, sources] = await Promise.all([wasmReady(), readSources()]);
      const created = Engine.fromStorage(sources.managed, sources.settings);
      if (!created.ok) throw new Error(created.errors.map((e) => `${e.path}: ${e.message}`).join('; '));
      const eng = created.value;
      firstMark('lastgate:engine-ready');
      const state = { eng, settings: eng.settings(), sources };
      built = state;
      setTimeout(() => { eng.glance(WARM_UP); eng.assessPage(WARM_UP); }, 0);
      for (const fn of builtListeners) {
        try { fn(state); } catch (e) { console.error('Lastgate: after engine build', e); }
      }
      return state;
    })();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

/** The engine if it is built now, else null (a cold start, or a rebuild under way). */
export function builtEngine() {
  return built;
}

/** Drops the current engine (the next page builds one under the new policy) and frees its memory. */
export function resetEngine() {
  const prev = enginePromise;
  enginePromise = null;
  built = null;
  if (prev) prev.then(({ eng }) => eng.free(), () => {});
}

/** The policy or the user's settings changed: rebuild, and have open pages read again. */
export function policyChanged({ managed = false } = {}) {
  if (managed) managedNow = null;
  resetEngine();
  for (const fn of changeListeners) {
    try { fn(); } catch (e) { console.error('Lastgate: after policy change', e); }
  }
}

/** engine.triage's `read` for `url` from the engine already built; false when there is none. */
export function triageSaysRead(url) {
  if (!built || typeof url !== 'string' || !url) return false;
  try {
    return built.eng.triage(url).read === true;
  } catch {
    return false;
  }
}

/** The user's own settings checked by the engine: `{ok}` or `{ok: false, errors}`. */
export async function checkUserSettings(settings) {
  await wasmReady();
  return validateSettings(settings);
}

export { engineVersion };
