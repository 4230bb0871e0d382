// Injected before content.js when the worker already knows from the URL that the page matters
// (engine.triage: a known recovery or approval page, a lookalike or suspicious host): the content
// script reads the page fully at once instead of glancing first, which saves the page a second
// pass and the verdict a round trip to the worker.
globalThis.__lastgateReadNow = true;
