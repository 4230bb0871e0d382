import type { Answer, BrowserContext, DocumentLike, Observation } from './index.js';
/** The observation of a live DOM document: the extension's own extractor (extension/src/extract.js). */
export function extractObservation(document?: DocumentLike, context?: BrowserContext): Answer<Observation>;
