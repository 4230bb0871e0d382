// Types of the `lastgate` package (web and bundler builds; node.d.ts adds assessHtml).
// The JSON Schemas in schemas/ describe the same shapes; tests keep both in step with the engine.

/** Every call answers a value or located errors; bad input is never thrown. */
export type Answer<T> = { ok: true; value: T } | { ok: false; errors: InputError[] };

/** One problem with an input: where (a JSON-style path such as `actions.resett`) and what to do. */
export interface InputError {
  path: string;
  message: string;
}

// ---- pages -------------------------------------------------------------------------------------

export type Flow =
  | 'password_reset' | 'mfa_approval' | 'device_code' | 'oauth_consent' | 'credential_reissue'
  | 'recovery_factor_change' | 'reauthentication' | 'access_approval' | 'none';

export type Action = 'allow' | 'notice' | 'warn' | 'confirm' | 'block';

export interface Field {
  type?: string;
  name?: string;
  id?: string;
  label?: string;
  autocomplete?: string;
  placeholder?: string;
  /** A checkbox or radio button that is ticked. */
  checked?: boolean;
  /** A select's shown option (its text); empty for every other field: typed values are never read. */
  value?: string;
}

export interface Control {
  kind?: 'button' | 'link';
  text?: string;
  /** The button's type (`submit`, `button`) or empty for links. */
  type?: string;
  href?: string;
}

export interface RecentEvent {
  kind?: string;
  site?: string;
  age_s?: number;
}

/** What the browser knows beyond the page: UI language, recent prompts, the redirect chain. */
export interface BrowserContext {
  ui_lang?: string;
  recent?: RecentEvent[];
  redirects?: string[];
}

/** Visible things a person may read but the extractor cannot (images without alt, canvases, frames). */
export interface Opaque {
  images?: number;
  canvases?: number;
  frames?: number;
  /** Nodes a browser read left unread because the page was too large to read within its time cap. */
  unread?: number;
}

/** What the engine reads of a page (docs/observation.md). Only `url` is required. */
export interface Observation {
  url: string;
  referrer?: string;
  title?: string;
  lang?: string;
  text?: string;
  headings?: string[];
  fields?: Field[];
  controls?: Control[];
  context?: BrowserContext;
  opaque?: Opaque;
}

/** One reason: a stable id, one sentence, the standards it rests on. */
export interface Reason {
  id: string;
  message: string;
  refs: string[];
}

export interface Verdict {
  flow: Flow;
  action: Action;
  /** 0–100, monotone in the evidence. */
  risk: number;
  /** The click restores or grants admin/owner/root/production/org-wide access. */
  privileged: boolean;
  /** The click mints, reveals, rotates or delegates a programmatic bearer credential. */
  token_backed: boolean;
  reasons: Reason[];
  /** The page's texts of the controls that would carry the flow out ("Approve", "Generate token"). */
  hold: string[];
  /** The organisation account the flow page names, only when `reporting.include_identity` asks for it. */
  identity?: string;
  /** The language the reasons' messages are written in (the page's when the engine has it, else the browser's, else English); absent when there are no reasons. */
  lang?: string;
}

// ---- policy ------------------------------------------------------------------------------------

/** The administrator's policy (docs/deploy.md). Unknown keys are errors with a did-you-mean. */
export interface Policy {
  version?: string;
  mode?: 'enforce' | 'monitor';
  /** flow → action; or stakes (`privileged`, `token_backed`, `org_account`) → the least action for such pages. */
  actions?: Partial<Record<Exclude<Flow, 'none'> | Stakes, Action>>;
  /** `corp.example` or `*.corp.example`. */
  trusted_hosts?: string[];
  suspicious_hosts?: string[];
  help_desk?: string;
  identity_providers?: { hosts?: string[]; email_domains?: string[] };
  /** Account patterns, e.g. `*-admin@corp.example`. */
  privileged_identities?: string[];
  /** URL patterns, e.g. `console.corp.example/admin`. */
  privileged_apps?: string[];
  token_backed_apps?: string[];
  user_override?: { dismiss_warning?: boolean; proceed_past_confirm?: boolean; report_mistake?: boolean; request_exception?: boolean };
  catalog?: {
    services?: { name: string; brand?: string; domains?: string[]; flow_pages?: Record<string, Exclude<Flow, 'none'>>; device_pages?: string[] }[];
    scopes?: Record<string, 'profile' | 'token' | 'offline' | 'privileged'>;
  };
  reporting?: { endpoint: string; headers?: Record<string, string>; include_identity?: boolean; events?: string[]; batch_size?: number; max_queue?: number };
}

/** What a click can restore, for per-stakes policy floors. */
export type Stakes = 'privileged' | 'token_backed' | 'org_account';

// ---- recovery requests -------------------------------------------------------------------------

export type IdentityKind = 'human' | 'service_account' | 'workload' | 'agent';
export type RecoveryAction = 'password_reset' | 'mfa_reset' | 'authenticator_add' | 'credential_reissue' | 'session_restore';
export type Channel = 'self_service' | 'help_desk' | 'agent' | 'admin_console';
export type Evidence =
  | 'recovery_code' | 'recovery_contact' | 'reproofing' | 'existing_authenticator'
  | 'second_person_approval' | 'knowledge_based';

/** A recovery or re-issue request, before it happens (docs/recovery.md). */
export interface RecoveryRequest {
  identity: {
    kind: IdentityKind;
    privileged?: boolean;
    token_backed?: boolean;
    /** The accountable owner; required for non-human identities. */
    owner?: string | null;
    /** The identity's account name, checked against the policy's `privileged_identities`. */
    account?: string | null;
    /** Apps it reaches (URLs or `host/path`), checked against `privileged_apps` / `token_backed_apps`. */
    apps?: string[];
    /** Reaches production (counts as privileged). */
    production?: boolean;
    /** Holds or reads secrets (counts as token-backed). */
    secrets?: boolean;
  };
  action: RecoveryAction;
  channel: Channel;
  evidence?: Evidence[];
  /** Who asks: a user, an agent, a ticket's caller. */
  requester: string;
  /** Who approves; for privileged or token-backed re-issue, someone other than the requester. */
  approver?: string | null;
  /** What the approver is; only a person's approval counts. Default: a person. */
  approver_kind?: IdentityKind | null;
  /** How the approver was asked; an agent's credential request needs `'out_of_band'`. */
  approver_via?: 'requester' | 'out_of_band' | null;
  history?: {
    recoveries_last_30_days?: number;
    new_device?: boolean;
  };
}

export type Decision = 'allow' | 'step_up' | 'deny';

export interface RecoveryDecision {
  decision: Decision;
  /** Evidence still to gather before the request may proceed (for `step_up`). */
  missing: Evidence[];
  /** The first is always `recovery.notify_subscriber`. */
  reasons: Reason[];
  /** What the identity was counted as reaching, from the request and the engine's policy. */
  reach: Array<'privileged' | 'token_backed' | 'production' | 'secrets'>;
}

// ---- the API -----------------------------------------------------------------------------------

/** An Error thrown by `new Engine(policy)` for a bad policy; `errors` locates every problem. */
export interface PolicyError extends Error {
  errors: InputError[];
}

export class Engine {
  /** Throws a {@link PolicyError} for a bad policy; {@link Engine.create} answers instead. */
  constructor(policy?: Policy);
  static create(policy?: Policy): Answer<Engine>;
  /** The verdict for a page's observation: the extension's verdict for the same page. */
  assessPage(observation: Observation): Answer<Verdict>;
  /**
   * A cheap first look, for front ends that read every page: `observation` built without layout
   * work (rendered text, every button and field). `read: true` — read the page fully and call
   * assessPage; `read: false` — `verdict` is what assessPage would give the full read.
   */
  glance(observation: Observation): Answer<{ read: boolean; verdict: Verdict | null }>;
  /**
   * allow / step_up (with the missing evidence) / deny for a recovery request. The engine's policy
   * says what `identity.account` and `identity.apps` reach (`privileged_identities`, `privileged_apps`,
   * `token_backed_apps`).
   */
  assessRecovery(request: RecoveryRequest): Answer<RecoveryDecision>;
  /** Releases the engine's wasm memory now. */
  free(): void;
}

/** `{ok: true, value: null}` or every problem with its path. */
export function validatePolicy(policy: unknown): Answer<null>;

/** The observation of a live DOM document: the extension's own extractor (extension/src/extract.js). */
export function extractObservation(document?: DocumentLike, context?: BrowserContext): Answer<Observation>;

/** A DOM Document (`window.document`, an iframe's `contentDocument`); structural so Node code type-checks without the DOM lib. */
export interface DocumentLike {
  readonly documentElement: object | null;
  readonly URL: string;
}

/** The engine's version. */
export function version(): string;
