// lastgate for Node.js: the wasm is read from disk and compiled synchronously on import. This build
// also carries the CLI's saved-HTML extraction: engine.assessHtml(html, {url, referrer}).
import * as raw from './lastgate_wasm.js';
import { makeApi } from '../api.js';

export const { Engine, validatePolicy, version } = makeApi(raw, null, { html: true });
export { extractObservation } from '../extract.js';
