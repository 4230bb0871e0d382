//! The policy document to a [`Policy`]: every problem found, each with its JSON path and a fix.
//!
//! Parsing collects *every* problem instead of stopping at the first; an unknown key anywhere gets
//! a did-you-mean. A policy that fails validation is never applied half-way: callers get the errors
//! and keep the defaults, or apply what [`Policy::salvage`] keeps.

use serde_json::{Map, Value};

use super::patterns::{AccountPattern, HostPattern};
use super::{IdentityProviders, Mode, Policy, Reporting, Stakes, UserOverride, EVENTS};
use crate::catalog::{is_label, CatalogAdditions, CatalogService, ScopeLevel, UrlPattern};
use crate::error::{did_you_mean, InputError};
use crate::verdict::{Action, Flow};

/// Patterns a policy may list: every word of a flow page is checked against each.
const MAX_ACCOUNT_PATTERNS: usize = 256;

/// Top-level keys this version understands.
pub const KEYS: &[&str] = &[
    "version",
    "mode",
    "actions",
    "trusted_hosts",
    "suspicious_hosts",
    "help_desk",
    "identity_providers",
    "privileged_identities",
    "privileged_apps",
    "token_backed_apps",
    "user_override",
    "catalog",
    "reporting",
];
pub const IDENTITY_PROVIDER_KEYS: &[&str] = &["hosts", "email_domains"];
pub const USER_OVERRIDE_KEYS: &[&str] = &["dismiss_warning", "proceed_past_confirm", "report_mistake", "request_exception"];
pub const CATALOG_KEYS: &[&str] = &["services", "scopes"];
pub const SERVICE_KEYS: &[&str] = &["name", "brand", "domains", "flow_pages", "device_pages"];
pub const REPORTING_KEYS: &[&str] = &["endpoint", "headers", "include_identity", "events", "batch_size", "max_queue"];
/// Scope levels a catalog scope can have.
pub const SCOPE_LEVELS: &[&str] = &["profile", "token", "offline", "privileged"];

impl Policy {
    pub fn from_json_str(text: &str) -> Result<Policy, Vec<InputError>> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| vec![InputError::new("", format!("not valid JSON at line {}, column {}: {e}", e.line(), e.column()))])?;
        Policy::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Policy, Vec<InputError>> {
        let (policy, errors) = Policy::parse(value);
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    /// What can still be applied of a policy that fails validation, and the problems found. Front
    /// ends that cannot refuse a policy (the extension, under managed storage) apply this while
    /// they show the problems: protection goes on, and nothing a broken policy says can lower it
    /// below the built-in defaults.
    ///
    /// Every part an error points at is left out (an entry of a list or map, or the value of a
    /// key), as the parser skips it; and — only when there were errors — so are `mode` (back to
    /// `enforce`), `trusted_hosts` (never warn) and per-flow `actions` below `confirm` (the built-in
    /// ladder never goes above `confirm`, so a `confirm` or `block` entry can only raise).
    /// Everything else — privileged identities and apps, suspicious hosts, per-stakes floors, the
    /// catalog, the help desk — applies. A valid policy comes back whole, with no errors.
    pub fn salvage(value: &Value) -> (Policy, Vec<InputError>) {
        let (mut policy, errors) = Policy::parse(value);
        if !errors.is_empty() {
            policy.mode = Mode::Enforce;
            policy.trusted_hosts.clear();
            policy.actions.retain(|(_, a)| *a >= Action::Confirm);
        }
        (policy, errors)
    }

    /// The policy built from every part that parses, and every problem, sorted by path.
    fn parse(value: &Value) -> (Policy, Vec<InputError>) {
        let mut p = Parser { errors: Vec::new() };
        let mut policy = Policy::default();
        let Some(obj) = value.as_object() else {
            return (policy, vec![InputError::new("", "expected a JSON object like {\"actions\": {\"device_code\": \"confirm\"}}")]);
        };
        for (key, v) in p.known(obj, "", KEYS) {
            let path = key.as_str();
            match path {
                "version" => policy.version = p.string(v, path, "\"2026-11-01\"").unwrap_or_default(),
                "help_desk" => policy.help_desk = p.string(v, path, "\"IT help desk, +1 555 0100\"").unwrap_or_default(),
                "mode" => match v.as_str() {
                    Some("enforce") => policy.mode = Mode::Enforce,
                    Some("monitor") => policy.mode = Mode::Monitor,
                    _ => p.err(path, format!("unknown mode {}; {}expected \"enforce\" or \"monitor\"", shown(v), hint(v, &["enforce", "monitor"]))),
                },
                "actions" => p.actions(v, path, &mut policy),
                "trusted_hosts" => policy.trusted_hosts = p.list(v, path, "[\"corp.example\", \"*.corp.example\"]", HostPattern::parse),
                "suspicious_hosts" => policy.suspicious_hosts = p.list(v, path, "[\"corp-login.example\"]", HostPattern::parse),
                "identity_providers" => p.identity_providers(v, path, &mut policy.identity_providers),
                "privileged_identities" => {
                    policy.privileged_identities = p.list(v, path, "[\"*-admin@corp.example\"]", AccountPattern::parse);
                    if policy.privileged_identities.len() > MAX_ACCOUNT_PATTERNS {
                        p.err(
                            path,
                            format!(
                                "{} patterns; at most {MAX_ACCOUNT_PATTERNS} are checked on every page: merge them with '*' (e.g. '*-admin@corp.example')",
                                policy.privileged_identities.len()
                            ),
                        );
                    }
                }
                "privileged_apps" => policy.privileged_apps = p.list(v, path, "[\"console.corp.example/admin\"]", UrlPattern::parse),
                "token_backed_apps" => policy.token_backed_apps = p.list(v, path, "[\"vault.corp.example\"]", UrlPattern::parse),
                "user_override" => p.user_override(v, path, &mut policy.user_override),
                "catalog" => p.catalog(v, path, &mut policy.catalog),
                "reporting" => policy.reporting = p.reporting(v, path),
                _ => {}
            }
        }
        // Contradictions: a host cannot be both trusted (never warn) and suspicious.
        for (i, s) in policy.suspicious_hosts.iter().enumerate() {
            if let Some(j) = policy.trusted_hosts.iter().position(|t| t.matches(s.host())) {
                p.err(&format!("suspicious_hosts[{i}]"), format!("'{}' is also trusted by trusted_hosts[{j}]; remove it from one of the two", s.host()));
            }
        }
        // In the order of the document's (sorted) keys, whatever kind of problem each is.
        p.errors.sort_by(|a, b| a.path.cmp(&b.path));
        (policy, p.errors)
    }
}

/// Collects every problem while walking a policy document.
struct Parser {
    errors: Vec<InputError>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Parser {
    fn err(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(InputError::new(path, message));
    }

    /// The entries of `obj` whose keys are known; an error with a did-you-mean for each other key.
    fn known<'v>(&mut self, obj: &'v Map<String, Value>, path: &str, known: &[&str]) -> Vec<(String, &'v Value)> {
        let mut out = Vec::new();
        for (key, v) in obj {
            let p = join(path, key);
            if known.contains(&key.as_str()) {
                out.push((p, v));
            } else {
                let hint = did_you_mean(key, known.iter().copied()).map(|k| format!("did you mean '{k}'? ")).unwrap_or_default();
                self.err(&p, format!("unknown key '{key}'; {hint}expected one of {}", known.join(", ")));
            }
        }
        out
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str, example: &str) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.err(path, format!("expected an object, e.g. {example}"));
        }
        o
    }

    fn string(&mut self, v: &Value, path: &str, example: &str) -> Option<String> {
        let s = v.as_str().map(str::to_string);
        if s.is_none() {
            self.err(path, format!("expected a string such as {example}"));
        }
        s
    }

    fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        let b = v.as_bool();
        if b.is_none() {
            self.err(path, format!("expected true or false, not {v}"));
        }
        b
    }

    fn integer(&mut self, v: &Value, path: &str, min: u32, max: u32) -> Option<u32> {
        // Chrome's policy stack may hand integers over as whole floating-point numbers.
        let n = v.as_u64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 1e15).map(|f| f as u64));
        match n.and_then(|n| u32::try_from(n).ok()).filter(|n| (min..=max).contains(n)) {
            Some(n) => Some(n),
            None => {
                self.err(path, format!("expected a whole number from {min} to {max}, not {v}"));
                None
            }
        }
    }

    /// The strings of a list with their paths; an error for anything else.
    fn strings<'v>(&mut self, v: &'v Value, path: &str, example: &str) -> Vec<(String, &'v str)> {
        let Some(items) = v.as_array() else {
            self.err(path, format!("expected a list, e.g. {example}"));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match item.as_str() {
                Some(s) => out.push((p, s)),
                None => self.err(&p, format!("expected a string, e.g. {example}")),
            }
        }
        out
    }

    /// A list of strings, each parsed by `parse`; errors carry the item's index.
    fn list<T>(&mut self, v: &Value, path: &str, example: &str, parse: fn(&str) -> Result<T, String>) -> Vec<T> {
        let mut out = Vec::new();
        for (p, s) in self.strings(v, path, example) {
            match parse(s) {
                Ok(x) => out.push(x),
                Err(e) => self.err(&p, e),
            }
        }
        out
    }

    /// An action name, with a did-you-mean.
    fn action(&mut self, v: &Value, path: &str) -> Option<Action> {
        let a = v.as_str().and_then(Action::parse);
        if a.is_none() {
            let names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
            self.err(path, format!("unknown action {}; {}expected one of {}", shown(v), hint(v, &names), names.join(", ")));
        }
        a
    }

    fn actions(&mut self, v: &Value, path: &str, policy: &mut Policy) {
        let Some(map) = self.object(v, path, "{\"device_code\": \"confirm\", \"privileged\": \"confirm\"}") else { return };
        let mut names: Vec<&str> = Flow::ALL.iter().filter(|f| **f != Flow::None).map(|f| f.as_str()).collect();
        names.extend(Stakes::ALL.iter().map(|s| s.as_str()));
        for (k, a) in map {
            let p = join(path, k);
            let action = self.action(a, &p);
            let flow = Flow::parse(k).filter(|f| *f != Flow::None);
            let stakes = Stakes::ALL.into_iter().find(|s| s.as_str() == k);
            match (flow, stakes, action) {
                (Some(f), _, Some(a)) => policy.actions.push((f, a)),
                (_, Some(s), Some(a)) => policy.stakes_actions.push((s, a)),
                (None, None, _) => {
                    let hint = did_you_mean(k, names.iter().copied()).map(|s| format!("did you mean '{s}'? ")).unwrap_or_default();
                    self.err(&p, format!("unknown flow '{k}'; {hint}expected a flow or stakes: {}", names.join(", ")));
                }
                _ => {}
            }
        }
    }

    fn identity_providers(&mut self, v: &Value, path: &str, out: &mut IdentityProviders) {
        let Some(map) = self.object(v, path, "{\"hosts\": [\"login.corp.example\"], \"email_domains\": [\"corp.example\"]}") else { return };
        for (p, v) in self.known(map, path, IDENTITY_PROVIDER_KEYS) {
            if p.ends_with("hosts") {
                out.hosts = self.list(v, &p, "[\"login.corp.example\", \"corp.okta.com\"]", HostPattern::parse);
            } else {
                out.email_domains = self.list(v, &p, "[\"corp.example\"]", domain);
            }
        }
    }

    /// What the user may do past a warning. A value that cannot be read takes the user's freedom
    /// away rather than granting it: a salvaged policy (`Policy::salvage`) then never gives the user
    /// more than the administrator meant. So does a misspelt key set to `false` when it is close to
    /// one of ours (`proceed_past_confrim: false`): the restriction applies while the error is shown.
    fn user_override(&mut self, v: &Value, path: &str, out: &mut UserOverride) {
        let Some(map) = self.object(v, path, "{\"dismiss_warning\": true, \"proceed_past_confirm\": false}") else {
            *out = UserOverride::NONE;
            return;
        };
        for (key, v) in map {
            if !USER_OVERRIDE_KEYS.contains(&key.as_str()) && v.as_bool() == Some(false) {
                if let Some(meant) = did_you_mean(key, USER_OVERRIDE_KEYS.iter().copied()) {
                    out.set(meant, false);
                }
            }
        }
        for (p, v) in self.known(map, path, USER_OVERRIDE_KEYS) {
            let key = p.rsplit('.').next().unwrap_or_default();
            out.set(key, self.boolean(v, &p).unwrap_or(false));
        }
    }

    fn catalog(&mut self, v: &Value, path: &str, out: &mut CatalogAdditions) {
        let Some(map) = self.object(v, path, "{\"services\": [{\"name\": \"Acme Vault\", \"domains\": [\"acmevault.example\"]}]}") else { return };
        for (p, v) in self.known(map, path, CATALOG_KEYS) {
            if p.ends_with("services") {
                let Some(items) = v.as_array() else {
                    self.err(&p, "expected a list of services, e.g. [{\"name\": \"Acme Vault\", \"domains\": [\"acmevault.example\"]}]");
                    continue;
                };
                for (i, item) in items.iter().enumerate() {
                    let sp = format!("{p}[{i}]");
                    if let Some(s) = self.service(item, &sp) {
                        out.services.push(s);
                    }
                }
            } else if let Some(scopes) = self.object(v, &p, "{\"vault:admin\": \"privileged\"}") {
                for (scope, level) in scopes {
                    let lp = join(&p, scope);
                    match level.as_str().and_then(scope_level) {
                        Some(l) if !scope.trim().is_empty() => out.scopes.push((scope.to_ascii_lowercase(), l)),
                        Some(_) => self.err(&lp, "a scope needs a name"),
                        None => self.err(
                            &lp,
                            format!("unknown scope level {}; {}expected one of {}", shown(level), hint(level, SCOPE_LEVELS), SCOPE_LEVELS.join(", ")),
                        ),
                    }
                }
            }
        }
    }

    fn service(&mut self, v: &Value, path: &str) -> Option<CatalogService> {
        let map = self.object(v, path, "{\"name\": \"Acme Vault\", \"domains\": [\"acmevault.example\"]}")?;
        let mut s = CatalogService::default();
        let before = self.errors.len();
        for (p, v) in self.known(map, path, SERVICE_KEYS) {
            match p.rsplit('.').next().unwrap_or_default() {
                "name" => s.name = self.string(v, &p, "\"Acme Vault\"").unwrap_or_default(),
                "brand" => match v.as_str().filter(|b| is_label(b) && b.len() >= 4 && !b.starts_with('-')) {
                    Some(b) => s.brand = b.to_ascii_lowercase(),
                    None => self.err(
                        &p,
                        format!(
                            "{} is not a brand word; write the one word look-alike hosts would use, 4 or more letters, digits or '-', e.g. \"acmevault\"",
                            shown(v)
                        ),
                    ),
                },
                "domains" => s.domains = self.list(v, &p, "[\"acmevault.example\"]", domain),
                "device_pages" => s.device_pages = self.list(v, &p, "[\"vault.acme.example/device\"]", UrlPattern::parse),
                _ => {
                    let Some(pages) = self.object(v, &p, "{\"vault.acme.example/ui/tokens\": \"credential_reissue\"}") else { continue };
                    let flows: Vec<&str> = Flow::ALL.iter().filter(|f| **f != Flow::None).map(|f| f.as_str()).collect();
                    for (pattern, flow) in pages {
                        let fp = join(&p, pattern);
                        let url = UrlPattern::parse(pattern).map_err(|e| self.err(&fp, e)).ok();
                        match flow.as_str().and_then(Flow::parse).filter(|f| *f != Flow::None) {
                            Some(f) => s.flow_pages.extend(url.map(|u| (u, f))),
                            None => self.err(&fp, format!("unknown flow {}; {}expected one of {}", shown(flow), hint(flow, &flows), flows.join(", "))),
                        }
                    }
                }
            }
        }
        if s.name.trim().is_empty() && self.errors.len() == before {
            self.err(path, "a service needs a \"name\", e.g. \"Acme Vault\"");
        }
        if s.brand.is_empty() {
            // The first label of its first domain: `acmevault.example` → `acmevault`.
            s.brand = s.domains.first().and_then(|d| d.split('.').next()).unwrap_or_default().to_string();
        }
        (self.errors.len() == before).then_some(s)
    }

    fn reporting(&mut self, v: &Value, path: &str) -> Option<Reporting> {
        let map = self.object(v, path, "{\"endpoint\": \"https://otel.corp.example:4318/v1/logs\"}")?;
        let before = self.errors.len();
        let mut r = Reporting {
            endpoint: String::new(),
            headers: Vec::new(),
            include_identity: false,
            events: EVENTS.iter().map(|e| e.to_string()).collect(),
            batch_size: 50,
            max_queue: 1000,
        };
        for (p, v) in self.known(map, path, REPORTING_KEYS) {
            match p.rsplit('.').next().unwrap_or_default() {
                "endpoint" => {
                    if let Some(s) = self.string(v, &p, "\"https://otel.corp.example:4318/v1/logs\"") {
                        match endpoint(&s) {
                            Ok(()) => r.endpoint = s,
                            Err(e) => self.err(&p, e),
                        }
                    }
                }
                "headers" => {
                    let Some(h) = self.object(v, &p, "{\"Authorization\": \"Bearer …\"}") else { continue };
                    for (name, value) in h {
                        let hp = join(&p, name);
                        match (header_name(name), value.as_str()) {
                            (Err(e), _) => self.err(&hp, e),
                            (Ok(()), Some(val)) if !val.contains(['\r', '\n', '\0']) && val.len() <= 8192 => r.headers.push((name.clone(), val.to_string())),
                            (Ok(()), _) => self.err(&hp, "expected a string value on one line (at most 8 KB)"),
                        }
                    }
                }
                "include_identity" => r.include_identity = self.boolean(v, &p).unwrap_or_default(),
                "events" => r.events = self.list(v, &p, "[\"warning_shown\", \"block_shown\"]", event),
                "batch_size" => r.batch_size = self.integer(v, &p, 1, 1000).unwrap_or(r.batch_size),
                _ => r.max_queue = self.integer(v, &p, 10, 100_000).unwrap_or(r.max_queue),
            }
        }
        if r.endpoint.is_empty() && self.errors.len() == before {
            self.err(
                &join(path, "endpoint"),
                "reporting needs the collector's OTLP/HTTP logs URL, e.g. \"https://otel.corp.example:4318/v1/logs\"; remove 'reporting' to send nothing",
            );
        }
        // A collector that can be reached stays on when another reporting value is wrong (that
        // value keeps its default): a salvaged policy still reports, `policy_invalid` included.
        (!r.endpoint.is_empty()).then_some(r)
    }
}

fn event(e: &str) -> Result<String, String> {
    if EVENTS.contains(&e) {
        Ok(e.to_string())
    } else {
        Err(format!("unknown event '{e}'; {}expected one of {}", hint(&Value::from(e), EVENTS), EVENTS.join(", ")))
    }
}

/// A value as an error shows it: `'text'` for a string, JSON otherwise.
fn shown(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), |s| format!("'{s}'"))
}

/// "did you mean 'x'? " for a misspelt string value.
fn hint(v: &Value, names: &[&str]) -> String {
    v.as_str().and_then(|s| did_you_mean(s, names.iter().copied())).map(|s| format!("did you mean '{s}'? ")).unwrap_or_default()
}

fn scope_level(s: &str) -> Option<ScopeLevel> {
    match s {
        "profile" => Some(ScopeLevel::Profile),
        "token" => Some(ScopeLevel::Token),
        "offline" => Some(ScopeLevel::Offline),
        "privileged" => Some(ScopeLevel::Privileged),
        _ => None,
    }
}

/// A domain name (`corp.example`), lower-cased; `@corp.example` is accepted for e-mail domains.
fn domain(s: &str) -> Result<String, String> {
    let d = s.trim().trim_start_matches('@').to_ascii_lowercase();
    if d.contains('.') && d.len() <= 253 && d.split('.').all(is_label) {
        Ok(d)
    } else {
        Err(format!("'{s}' is not a domain; write one like 'corp.example' (no scheme, '*' or path; punycode for international names)"))
    }
}

/// The collector URL: https (http only to this machine, for a local collector), a path, no credentials.
fn endpoint(s: &str) -> Result<(), String> {
    let why = match crate::site::parse_url(s) {
        Err(e) => e,
        Ok(u) => {
            let host = u.host_str().unwrap_or_default();
            let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
            if !(u.scheme() == "https" || u.scheme() == "http" && local) || host.is_empty() {
                "events must travel over https (http only to localhost)".into()
            } else if !u.username().is_empty() || u.password().is_some() {
                "put credentials in 'headers', not in the URL".into()
            } else if u.path() == "/" {
                "the URL is used as-is: append the logs path /v1/logs".into()
            } else {
                return Ok(());
            }
        }
    };
    Err(format!("'{s}': {why}; give the collector's OTLP/HTTP logs URL, e.g. https://otel.corp.example:4318/v1/logs"))
}

/// Headers the browser sets itself and refuses from scripts (the Fetch standard's forbidden names).
const FORBIDDEN_HEADERS: &[&str] = &[
    "content-type",
    "content-length",
    "host",
    "connection",
    "cookie",
    "origin",
    "referer",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "via",
    "date",
    "expect",
];

fn header_name(name: &str) -> Result<(), String> {
    let token = !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c));
    if !token {
        return Err(format!("'{name}' is not a header name; use letters, digits and '-', e.g. 'Authorization'"));
    }
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN_HEADERS.contains(&lower.as_str()) || lower.starts_with("sec-") || lower.starts_with("proxy-") {
        return Err(format!("'{name}' is set by the browser and cannot be configured; remove it"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn errors(json: &str) -> Vec<String> {
        Policy::from_json_str(json).unwrap_err().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_error_has_a_path_and_a_fix() {
        let errs = Policy::from_json_str(r#"{"actions": {"resett": "block", "device_code": "blok"}, "trusted_hosts": ["https://x.com/"], "mdoe": "monitor"}"#)
            .unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|e| e.starts_with("actions.resett: unknown flow 'resett'")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("actions.device_code: unknown action 'blok'; did you mean 'block'?")), "{text:?}");
        assert!(text.iter().any(|e| e.starts_with("trusted_hosts[0]:")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("mdoe: unknown key 'mdoe'; did you mean 'mode'?")), "{text:?}");
        assert_eq!(errs.len(), 4);
        assert_eq!(errors(r#"{"mode": "monitr"}"#), ["mode: unknown mode 'monitr'; did you mean 'monitor'? expected \"enforce\" or \"monitor\""]);
    }

    #[test]
    fn a_valid_policy_parses() {
        let p = Policy::from_json_str(r#"{"version": "1", "mode": "monitor", "actions": {"device_code": "confirm"}, "help_desk": "x"}"#).unwrap();
        assert_eq!(p.action_for(Flow::DeviceCode), Some(Action::Confirm));
        assert_eq!(p.mode, Mode::Monitor);
        assert_eq!(p.user_override, UserOverride::default());
        assert_eq!(p.reporting, None);
    }

    #[test]
    fn a_full_policy_parses_into_its_parts() {
        let p = Policy::from_json_str(
            r#"{
            "identity_providers": {"hosts": ["login.corp.example", "corp.okta.com"], "email_domains": ["@Corp.example"]},
            "privileged_identities": ["*-admin@corp.example"],
            "privileged_apps": ["https://console.corp.example/admin"],
            "token_backed_apps": ["vault.corp.example"],
            "user_override": {"dismiss_warning": false, "proceed_past_confirm": false},
            "catalog": {"services": [{"name": "Acme Vault", "domains": ["acmevault.example"], "flow_pages": {"acmevault.example/ui/tokens": "credential_reissue"}, "device_pages": ["acmevault.example/device"]}],
                        "scopes": {"Vault:Admin": "privileged"}},
            "reporting": {"endpoint": "https://otel.corp.example:4318/v1/logs", "headers": {"Authorization": "Bearer x"}, "include_identity": true, "events": ["block_shown"], "batch_size": 10, "max_queue": 500.0}
        }"#,
        )
        .unwrap();
        assert_eq!(p.identity_providers.email_domains, ["corp.example"]);
        assert!(p.is_identity_provider("corp.okta.com") && !p.is_identity_provider("evil.okta.com"));
        assert!(!p.user_override.dismiss_warning && !p.user_override.proceed_past_confirm && p.user_override.request_exception);
        let s = &p.catalog.services[0];
        assert_eq!((s.brand.as_str(), s.flow_pages[0].1), ("acmevault", Flow::CredentialReissue));
        assert_eq!(p.catalog.scopes, [("vault:admin".to_string(), ScopeLevel::Privileged)]);
        let r = p.reporting.unwrap();
        assert_eq!((r.batch_size, r.max_queue, r.include_identity, r.events.len()), (10, 500, true, 1));
    }

    /// Every problem in the document, each with its path: nothing stops at the first.
    #[test]
    fn nested_problems_are_all_reported_with_paths() {
        let e = errors(
            r#"{
            "identity_providers": {"hosts": ["https://login.corp.example/"], "email_domain": ["corp.example"]},
            "privileged_identities": ["*", 3],
            "privileged_apps": ["console.corp.example:8443/admin"],
            "token_backed_apps": "vault.corp.example",
            "user_override": {"dismiss_warnings": true, "proceed_past_confirm": "no"},
            "catalog": {"services": [{"domains": ["acmevault.example"], "flow_pages": {"acmevault.example/ui?x": "credential_reisue"}, "brnad": "x"}, {"name": "B", "brand": "b"}],
                        "scopes": {"vault:admin": "admin"}, "scope": {}},
            "reporting": {"endpoint": "http://otel.corp.example/v1/logs", "headers": {"Content-Type": "x", "X-Ok": 1}, "events": ["warning_show"], "batch_size": 0, "max_queu": 1},
            "trusted_hosts": ["*.corp.example"], "suspicious_hosts": ["login.corp.example"]
        }"#,
        );
        let want = [
            "identity_providers.hosts[0]: 'https://login.corp.example/' is not a host pattern",
            "identity_providers.email_domain: unknown key 'email_domain'; did you mean 'email_domains'?",
            "privileged_identities[0]: '*' would match almost any word",
            "privileged_identities[1]: expected a string",
            "privileged_apps[0]: 'console.corp.example:8443/admin': ports are not matched",
            "token_backed_apps: expected a list",
            "user_override.dismiss_warnings: unknown key 'dismiss_warnings'; did you mean 'dismiss_warning'?",
            "user_override.proceed_past_confirm: expected true or false",
            "catalog.services[0].flow_pages.acmevault.example/ui?x: 'acmevault.example/ui?x': a query or fragment",
            "catalog.services[0].flow_pages.acmevault.example/ui?x: unknown flow 'credential_reisue'; did you mean 'credential_reissue'?",
            "catalog.services[0].brnad: unknown key 'brnad'; did you mean 'brand'?",
            "catalog.services[1].brand: 'b' is not a brand word",
            "catalog.scopes.vault:admin: unknown scope level 'admin'",
            "catalog.scope: unknown key 'scope'; did you mean 'scopes'?",
            "reporting.endpoint: 'http://otel.corp.example/v1/logs': events must travel over https",
            "reporting.headers.Content-Type: 'Content-Type' is set by the browser",
            "reporting.headers.X-Ok: expected a string value",
            "reporting.events[0]: unknown event 'warning_show'; did you mean 'warning_shown'?",
            "reporting.batch_size: expected a whole number from 1 to 1000, not 0",
            "reporting.max_queu: unknown key 'max_queu'; did you mean 'max_queue'?",
            "suspicious_hosts[0]: 'login.corp.example' is also trusted by trusted_hosts[0]",
        ];
        for w in want {
            assert!(e.iter().any(|x| x.starts_with(w)), "missing {w:?} in\n{}", e.join("\n"));
        }
        // A service without a name, once its other problems are fixed, says so.
        assert!(errors(r#"{"catalog": {"services": [{"domains": ["a.example"]}]}}"#)[0].starts_with("catalog.services[0]: a service needs a \"name\""));
        assert_eq!(e.len(), want.len(), "{}", e.join("\n"));
    }

    #[test]
    fn reporting_endpoints_table() {
        for ok in ["https://otel.corp.example:4318/v1/logs", "http://127.0.0.1:4318/v1/logs", "http://localhost:9/x"] {
            assert_eq!(endpoint(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("otel.corp.example/v1/logs", "relative URL without a base"),
            ("https://user:pw@otel.corp.example/v1/logs", "credentials in 'headers'"),
            ("https://otel.corp.example:4318/", "append the logs path /v1/logs"),
            ("ftp://otel.corp.example/v1/logs", "https"),
        ] {
            let e = endpoint(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert!(errors(r#"{"reporting": {}}"#)[0].starts_with("reporting.endpoint: reporting needs the collector's OTLP/HTTP logs URL"));
    }

    #[test]
    fn salvage_keeps_what_raises_protection_and_drops_what_could_lower_it() {
        let broken = serde_json::json!({
            "version": "v9",
            "mode": "monitor",
            "trusted_hosts": ["github.com", "github.com/settings"],
            "actions": {"credential_reissue": "block", "device_code": "allow", "oauth_consent": "confirm", "resett": "block", "privileged": "warn"},
            "privileged_identities": ["*-admin@corp.example", "x"],
            "suspicious_hosts": ["corp-login.example"],
            "help_desk": "IT, +1 555 0100"
        });
        let (p, errors) = Policy::salvage(&broken);
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["actions.resett", "privileged_identities[1]", "trusted_hosts[1]"]);
        // What could lower protection is gone, even the valid parts of it.
        assert_eq!(p.mode, Mode::Enforce);
        assert!(p.trusted_hosts.is_empty());
        assert_eq!(p.action_for(Flow::DeviceCode), None);
        // What raises it, and everything unrelated to the errors, applies.
        assert_eq!(p.action_for(Flow::CredentialReissue), Some(Action::Block));
        assert_eq!(p.action_for(Flow::OauthConsent), Some(Action::Confirm));
        assert_eq!(p.stakes_actions, vec![(Stakes::Privileged, Action::Warn)]);
        assert_eq!(p.privileged_identities.len(), 1);
        assert!(p.is_suspicious("corp-login.example"));
        assert_eq!((p.version.as_str(), p.help_desk.as_str()), ("v9", "IT, +1 555 0100"));
        // A valid policy comes back whole, monitor mode and trusted hosts included.
        let fine = serde_json::json!({"mode": "monitor", "trusted_hosts": ["github.com"], "actions": {"device_code": "allow"}});
        assert_eq!(Policy::salvage(&fine), (Policy::from_value(&fine).unwrap(), Vec::new()));
        // Not an object at all: the defaults.
        let (p, errors) = Policy::salvage(&serde_json::json!(["mode", "monitor"]));
        assert_eq!((p, errors.len()), (Policy::default(), 1));
    }
}
