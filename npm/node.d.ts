// Types of the Node build: the same API, whose engine.assessHtml reads saved HTML with the CLI's
// Rust extraction (crates/html).
export * from './index.js';
import type { Answer, Policy, Verdict } from './index.js';
import { Engine as PageEngine } from './index.js';

/** The Node build's engine: the same calls, and saved HTML read as `lastgate scan` reads it. */
export declare class Engine extends PageEngine {
  /** The engine, or every problem with the policy and its path (never throws). */
  static create(policy?: Policy): Answer<Engine>;
  /** A saved HTML page, extracted by the CLI's Rust reader (crates/html) and assessed at `url`. */
  assessHtml(html: string, options: { url: string; referrer?: string }): Answer<Verdict>;
}
