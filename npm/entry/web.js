// lastgate for browsers without a wasm-aware bundler (and for Vite, Rollup, esbuild): the wasm is
// fetched next to this file (`new URL(…, import.meta.url)`, which bundlers copy as an asset) and
// compiled once, before the module's exports are usable. A page's CSP must allow 'wasm-unsafe-eval'.
import init, * as raw from './lastgate_wasm.js';
import { makeApi } from '../api.js';

let loadError = null;
try {
  await init();
} catch (e) {
  loadError = e;
}

export const { Engine, validatePolicy, version } = makeApi(raw, loadError);
export { extractObservation } from '../extract.js';
