// Types of the Node build: the same API, whose engine.assessHtml reads saved HTML with the CLI's
// Rust extraction (crates/html).
export * from './index.js';
