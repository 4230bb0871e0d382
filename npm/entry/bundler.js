// lastgate for bundlers that load WebAssembly as ES modules (webpack 5 with
// experiments.asyncWebAssembly): the `webpack` export condition picks this file.
import * as raw from './lastgate_wasm.js';
import { makeApi } from '../api.js';

export const { Engine, validatePolicy, version } = makeApi(raw, null);
export { extractObservation } from '../extract.js';
