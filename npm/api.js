// The package's API over the wasm-bindgen module of one build (web, bundler or Node). Every call
// answers {ok: true, value} or {ok: false, errors: [{path, message}]}: bad input is an answer, and
// anything unexpected (the wasm could not be loaded, an engine that was freed) is one too, never a
// thrown string. `new Engine(policy)` throws an Error carrying `errors` for a bad policy; use
// `Engine.create(policy)` for the answer union instead.

const failure = (message, path = '') => ({ ok: false, errors: [{ path, message }] });

/** Runs `call`, turning anything it throws into an answer (a bug or a load failure, not bad input). */
function answer(call) {
  try {
    return call();
  } catch (e) {
    return failure(`internal error: ${e && e.message ? e.message : String(e)}`);
  }
}

/**
 * Builds the public API from a loaded wasm-bindgen module `raw`, or from the `loadError` that kept
 * it from loading (then every call answers that error).
 */
export function makeApi(raw, loadError, { html: htmlBuild = false } = {}) {
  const loadFailure = loadError
    ? failure(`the Lastgate engine (WebAssembly) could not be loaded: ${loadError.message || loadError}. ` +
        "A page's Content-Security-Policy must allow 'wasm-unsafe-eval' in script-src, and " +
        'lastgate_wasm_bg.wasm must be served beside the JavaScript that loads it.')
    : null;

  class Engine {
    #inner;

    /** `new Engine(policy?)`; throws an Error with `errors: [{path, message}]` for a bad policy. */
    constructor(policy) {
      if (loadFailure) {
        const e = new Error(loadFailure.errors[0].message);
        e.errors = loadFailure.errors;
        throw e;
      }
      this.#inner = new raw.Engine(policy);
    }

    /** `Engine.create(policy?)` → {ok: true, value: Engine} or {ok: false, errors}. */
    static create(policy) {
      if (loadFailure) return loadFailure;
      try {
        return { ok: true, value: new Engine(policy) };
      } catch (e) {
        return Array.isArray(e && e.errors) ? { ok: false, errors: e.errors } : failure(`internal error: ${e && e.message}`);
      }
    }

    #call(method, ...args) {
      if (!this.#inner) return failure('this engine was freed; create a new Engine');
      return answer(() => this.#inner[method](...args));
    }

    /** The verdict for an observation (docs/observation.md): the extension's verdict for the same page. */
    assessPage(observation) {
      return this.#call('assessPage', observation);
    }

    /**
     * A cheap first look (docs/observation.md, "The glance"): {read: true, verdict: null} — read the
     * page fully and call assessPage; {read: false, verdict} — the verdict the full read would give.
     */
    glance(observation) {
      return this.#call('glance', observation);
    }

    /** allow / step_up (with the missing evidence) / deny for a recovery request (docs/recovery.md). */
    assessRecovery(request) {
      return this.#call('assessRecovery', request);
    }

    /**
     * Node build only: saved HTML through the CLI's Rust extraction (crates/html), then the engine.
     * `options`: {url, referrer?}. In a browser, use extractObservation(document) and assessPage.
     */
    assessHtml(html, options) {
      if (!htmlBuild) {
        return failure('assessHtml is in the Node build only; in a browser pass extractObservation(document) to assessPage');
      }
      return this.#call('assessHtml', html, options);
    }

    /** Releases the engine's wasm memory now rather than when it is garbage-collected. */
    free() {
      if (this.#inner) this.#inner.free();
      this.#inner = undefined;
    }
  }

  function validatePolicy(policy) {
    if (loadFailure) return loadFailure;
    return answer(() => raw.validatePolicy(policy));
  }

  function version() {
    return raw && !loadFailure ? raw.version() : '';
  }

  return { Engine, validatePolicy, version };
}
