// lastgate/agent (Node): guardPage for Playwright agents.
import type { Action, Answer, BrowserContext, Engine, Flow, Policy, Reason, Verdict } from './index.js';

/** The part of a Playwright `Page` the guard uses. */
export interface PageLike {
  mainFrame(): unknown;
  frames(): unknown[];
  context(): unknown;
}

export interface Refusal {
  url: string;
  flow: Flow;
  action: Action;
  privileged: boolean;
  token_backed: boolean;
  reasons: Reason[];
  /** One line for a log or a chat message to the human. */
  summary: string;
}

export interface Guard {
  /** False when the click would approve or re-issue privileged or token-backed access. */
  proceed: boolean;
  url: string;
  /** The main frame's verdict. */
  verdict: Verdict;
  frames: { frame: string; url: string; verdict: Verdict }[];
  refusal: Refusal | null;
}

export interface GuardOptions {
  /** An engine to reuse; otherwise one is made from `policy`. */
  engine?: Engine;
  policy?: Policy;
  context?: BrowserContext;
  /** Replaces the default rule {@link wouldGrantPrivilegedOrTokenAccess}. */
  refuse?: (verdict: Verdict) => boolean;
}

export function guardPage(page: PageLike, options?: GuardOptions): Promise<Answer<Guard>>;
/** Resolves with the guard when the agent may proceed; throws a {@link LastgateRefusal} otherwise. */
export function assertSafeToProceed(page: PageLike, options?: GuardOptions): Promise<Guard>;
export function wouldGrantPrivilegedOrTokenAccess(verdict: Verdict): boolean;

/** Thrown by assertSafeToProceed: an Error carrying the {@link Refusal}'s fields. */
export class LastgateRefusal extends Error {
  constructor(refusal: Refusal);
}
export interface LastgateRefusal extends Refusal {}
