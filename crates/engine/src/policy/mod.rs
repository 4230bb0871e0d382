//! The administrator's policy: one JSON document with built-in defaults.
//!
//! The same JSON reaches the engine from every front end: `lastgate --policy FILE`, the wasm
//! `Engine`, and the extension, which reads it from `chrome.storage.managed` (Chrome hands managed
//! policy over as plain objects, so a key's shape here is its shape in `managed_schema.json` and in
//! `docs/deploy.md`, which documents every key).
//!
//! This file holds the validated [`Policy`] and the questions every verdict asks of it; its rooms:
//! - `parse` — the JSON document to a [`Policy`]: the key lists, every problem with its path and a
//!   fix, and [`Policy::salvage`] for a policy that fails validation.
//! - `patterns` — hosts (`*.corp.example`) and account-name globs. URL patterns are the built-in
//!   catalog's own syntax (`host[/path-prefix]`, [`UrlPattern`]), and so are the services and scopes
//!   the policy adds to it ([`CatalogAdditions`]): they live beside the catalog, which takes them as
//!   plain values. Patterns are deliberately simple (no regular expressions): each is bounded work per
//!   page.
//! - `stakes` — what the organisation's policy says a click restores: privileged identities and
//!   apps, token-backed apps, its own sign-in, and the per-stakes floors of `actions`.
//! - `deployed` — the files administrators deploy (a Chrome/Edge managed-policy JSON, a Firefox
//!   `policies.json`): the Lastgate policies in them, checked with paths into the file, and the
//!   install entries beside them ([`check_file`]).

mod deployed;
mod parse;
mod patterns;
mod stakes;

pub use crate::catalog::{CatalogAdditions, CatalogService, UrlPattern};
pub use deployed::{check_file, FileCheck, FileKind, CHROME_EXTENSION_ID, FIREFOX_ADDON_ID};
pub use parse::{CATALOG_KEYS, IDENTITY_PROVIDER_KEYS, KEYS, REPORTING_KEYS, SCOPE_LEVELS, SERVICE_KEYS, USER_OVERRIDE_KEYS};
pub use patterns::{AccountPattern, HostPattern};
pub use stakes::Stakes;

use crate::verdict::{Action, Flow};

/// `enforce` shows warnings and holds clicks; `monitor` decides the same but only reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Enforce,
    Monitor,
}

/// A validated policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    pub version: String,
    pub mode: Mode,
    /// Per-flow action chosen by the administrator; replaces the default ladder for that flow.
    pub actions: Vec<(Flow, Action)>,
    /// Per-stakes floors: a page whose click restores these stakes gets at least this action.
    pub stakes_actions: Vec<(Stakes, Action)>,
    pub trusted_hosts: Vec<HostPattern>,
    pub suspicious_hosts: Vec<HostPattern>,
    pub help_desk: String,
    pub identity_providers: IdentityProviders,
    /// Account names (globs) that are privileged wherever they appear on a flow page.
    pub privileged_identities: Vec<AccountPattern>,
    pub privileged_apps: Vec<UrlPattern>,
    pub token_backed_apps: Vec<UrlPattern>,
    pub user_override: UserOverride,
    pub catalog: CatalogAdditions,
    /// `None` unless the administrator configured a collector: nothing is ever sent by default.
    pub reporting: Option<Reporting>,
}

/// The organisation's sign-in: its identity-provider hosts and the domains of its accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdentityProviders {
    pub hosts: Vec<HostPattern>,
    /// Lower-case domains (`corp.example`) of the organisation's e-mail addresses.
    pub email_domains: Vec<String>,
}

/// What the user may do past a warning. Front ends enforce it; every default is `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserOverride {
    /// Close a `warn` banner and go on.
    pub dismiss_warning: bool,
    /// Carry out a click held at `confirm` after confirming.
    pub proceed_past_confirm: bool,
    /// Send a "this is a mistake" report (reported as an event when reporting is on).
    pub report_mistake: bool,
    /// Ask for an exception from the block page.
    pub request_exception: bool,
}

impl Default for UserOverride {
    fn default() -> Self {
        UserOverride { dismiss_warning: true, proceed_past_confirm: true, report_mistake: true, request_exception: true }
    }
}

impl UserOverride {
    /// Nothing past a warning: what a `user_override` that cannot be read at all leaves the user.
    pub const NONE: UserOverride = UserOverride { dismiss_warning: false, proceed_past_confirm: false, report_mistake: false, request_exception: false };

    /// Sets one permission by its policy key (one of [`USER_OVERRIDE_KEYS`]; others are ignored).
    fn set(&mut self, key: &str, allowed: bool) {
        match key {
            "dismiss_warning" => self.dismiss_warning = allowed,
            "proceed_past_confirm" => self.proceed_past_confirm = allowed,
            "report_mistake" => self.report_mistake = allowed,
            "request_exception" => self.request_exception = allowed,
            _ => {}
        }
    }
}

/// Where and what to report (OTLP/HTTP, JSON encoding, logs signal). The transport lives in the
/// extension; the engine only validates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reporting {
    /// The collector's OTLP/HTTP logs URL, used as-is (`https://otel.corp.example:4318/v1/logs`).
    pub endpoint: String,
    pub headers: Vec<(String, String)>,
    /// Add the signed-in account seen on the page to events (off by default).
    pub include_identity: bool,
    /// Event kinds to send (see [`EVENTS`]); every kind by default.
    pub events: Vec<String>,
    pub batch_size: u32,
    pub max_queue: u32,
}

/// Event kinds the extension reports (`docs/deploy.md`, "Reporting").
pub const EVENTS: &[&str] =
    &["warning_shown", "confirm_shown", "confirm_passed", "confirm_abandoned", "block_shown", "mistake_reported", "exception_requested"];

impl Policy {
    pub fn action_for(&self, flow: Flow) -> Option<Action> {
        self.actions.iter().find(|(f, _)| *f == flow).map(|(_, a)| *a)
    }

    pub fn is_trusted(&self, host: &str) -> bool {
        self.trusted_hosts.iter().any(|p| p.matches(host))
    }

    pub fn is_suspicious(&self, host: &str) -> bool {
        self.suspicious_hosts.iter().any(|p| p.matches(host))
    }

    pub fn is_identity_provider(&self, host: &str) -> bool {
        self.identity_providers.hosts.iter().any(|p| p.matches(host))
    }

    /// The organisation's own hosts and domains: its identity providers' hosts and its accounts'
    /// e-mail domains (the catalog makes their registrable domains the organisation's brand).
    pub(crate) fn own_domains(&self) -> Vec<&str> {
        let idp = &self.identity_providers;
        idp.hosts.iter().map(HostPattern::host).chain(idp.email_domains.iter().map(String::as_str)).collect()
    }
}
