//! The administrator's policy: one JSON document with built-in defaults.
//!
//! Parsing collects *every* problem, each with its JSON path and a fix, instead of stopping at the
//! first; an unknown key gets a did-you-mean. A policy that fails validation is never applied
//! half-way: callers get the errors and keep the defaults.

use serde_json::{Map, Value};

use crate::error::{did_you_mean, InputError};
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
    pub trusted_hosts: Vec<HostPattern>,
    pub suspicious_hosts: Vec<HostPattern>,
    pub help_desk: String,
}

/// `example.com` (that host) or `*.example.com` (it and every subdomain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    suffix: String,
    subdomains: bool,
}

impl HostPattern {
    pub fn parse(s: &str) -> Result<HostPattern, String> {
        let lower = s.trim().to_ascii_lowercase();
        let (subdomains, host) = match lower.strip_prefix("*.") {
            Some(h) => (true, h.to_string()),
            None => (false, lower.clone()),
        };
        let valid = !host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        if valid {
            Ok(HostPattern { suffix: host, subdomains })
        } else {
            Err(format!(
                "'{s}' is not a host pattern; write a host name like 'corp.example' or '*.corp.example' (no scheme, path or port; punycode for international names)"
            ))
        }
    }

    pub fn matches(&self, host: &str) -> bool {
        host == self.suffix || (self.subdomains && host.len() > self.suffix.len() && host.ends_with(&self.suffix) && host.get(..host.len() - self.suffix.len()).is_some_and(|p| p.ends_with('.')))
    }
}

/// Top-level keys this version understands.
pub const KEYS: &[&str] = &["version", "mode", "actions", "trusted_hosts", "suspicious_hosts", "help_desk"];

impl Policy {
    pub fn from_json_str(text: &str) -> Result<Policy, Vec<InputError>> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            vec![InputError::new("", format!("not valid JSON at line {}, column {}: {e}", e.line(), e.column()))]
        })?;
        Policy::from_value(&value)
    }

    pub fn from_value(value: &Value) -> Result<Policy, Vec<InputError>> {
        let mut errors = Vec::new();
        let mut policy = Policy::default();
        let Some(obj) = value.as_object() else {
            return Err(vec![InputError::new("", "expected a JSON object like {\"actions\": {\"device_code\": \"confirm\"}}")]);
        };
        for (key, v) in obj {
            let path = key.clone();
            match key.as_str() {
                "version" => match v.as_str() {
                    Some(s) => policy.version = s.to_string(),
                    None => errors.push(InputError::new(path, "expected a string such as \"2026-11-01\"")),
                },
                "help_desk" => match v.as_str() {
                    Some(s) => policy.help_desk = s.to_string(),
                    None => errors.push(InputError::new(path, "expected a string such as \"IT help desk, +1 555 0100\"")),
                },
                "mode" => match v.as_str() {
                    Some("enforce") => policy.mode = Mode::Enforce,
                    Some("monitor") => policy.mode = Mode::Monitor,
                    _ => errors.push(InputError::new(path, format!("unknown mode {v}; expected \"enforce\" or \"monitor\""))),
                },
                "actions" => parse_actions(v, &path, &mut policy, &mut errors),
                "trusted_hosts" => policy.trusted_hosts = parse_hosts(v, &path, &mut errors),
                "suspicious_hosts" => policy.suspicious_hosts = parse_hosts(v, &path, &mut errors),
                other => errors.push(unknown_key(&path, other, KEYS)),
            }
        }
        if errors.is_empty() {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    pub fn action_for(&self, flow: Flow) -> Option<Action> {
        self.actions.iter().find(|(f, _)| *f == flow).map(|(_, a)| *a)
    }

    pub fn is_trusted(&self, host: &str) -> bool {
        self.trusted_hosts.iter().any(|p| p.matches(host))
    }

    pub fn is_suspicious(&self, host: &str) -> bool {
        self.suspicious_hosts.iter().any(|p| p.matches(host))
    }
}

fn unknown_key(path: &str, key: &str, known: &[&str]) -> InputError {
    let hint = match did_you_mean(key, known.iter().copied()) {
        Some(k) => format!("did you mean '{k}'? "),
        None => String::new(),
    };
    InputError::new(path, format!("unknown key '{key}'; {hint}expected one of {}", known.join(", ")))
}

fn parse_actions(v: &Value, path: &str, policy: &mut Policy, errors: &mut Vec<InputError>) {
    let Some(map): Option<&Map<String, Value>> = v.as_object() else {
        errors.push(InputError::new(path, "expected an object of flow → action, e.g. {\"device_code\": \"confirm\"}"));
        return;
    };
    let flows: Vec<&str> = Flow::ALL.iter().filter(|f| **f != Flow::None).map(|f| f.as_str()).collect();
    let actions: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
    for (k, a) in map {
        let p = format!("{path}.{k}");
        let flow = match Flow::parse(k).filter(|f| *f != Flow::None) {
            Some(f) => Some(f),
            None => {
                let hint = did_you_mean(k, flows.iter().copied()).map(|s| format!("did you mean '{s}'? ")).unwrap_or_default();
                errors.push(InputError::new(&p, format!("unknown flow '{k}'; {hint}expected one of {}", flows.join(", "))));
                None
            }
        };
        let action = match a.as_str().and_then(Action::parse) {
            Some(x) => Some(x),
            None => {
                let shown = a.as_str().map_or_else(|| a.to_string(), |s| format!("'{s}'"));
                let hint = a.as_str().and_then(|s| did_you_mean(s, actions.iter().copied())).map(|s| format!("did you mean '{s}'? ")).unwrap_or_default();
                errors.push(InputError::new(&p, format!("unknown action {shown}; {hint}expected one of {}", actions.join(", "))));
                None
            }
        };
        if let (Some(f), Some(a)) = (flow, action) {
            policy.actions.push((f, a));
        }
    }
}

fn parse_hosts(v: &Value, path: &str, errors: &mut Vec<InputError>) -> Vec<HostPattern> {
    let Some(list) = v.as_array() else {
        errors.push(InputError::new(path, "expected a list of host patterns, e.g. [\"corp.example\", \"*.corp.example\"]"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        match item.as_str().map(HostPattern::parse) {
            Some(Ok(h)) => out.push(h),
            Some(Err(e)) => errors.push(InputError::new(p, e)),
            None => errors.push(InputError::new(p, "expected a string host pattern")),
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_path_and_a_fix() {
        let errs = Policy::from_json_str(r#"{"actions": {"resett": "block", "device_code": "blok"}, "trusted_hosts": ["https://x.com/"], "mdoe": "monitor"}"#).unwrap_err();
        let text: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert!(text.iter().any(|e| e.starts_with("actions.resett: unknown flow 'resett'")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("actions.device_code: unknown action 'blok'; did you mean 'block'?")), "{text:?}");
        assert!(text.iter().any(|e| e.starts_with("trusted_hosts[0]:")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("mdoe: unknown key 'mdoe'; did you mean 'mode'?")), "{text:?}");
        assert_eq!(errs.len(), 4);
    }

    #[test]
    fn host_patterns() {
        let p = HostPattern::parse("*.corp.example").unwrap();
        assert!(p.matches("corp.example") && p.matches("sso.corp.example") && !p.matches("evilcorp.example"));
        let exact = HostPattern::parse("corp.example").unwrap();
        assert!(exact.matches("corp.example") && !exact.matches("sso.corp.example"));
    }

    #[test]
    fn a_valid_policy_parses() {
        let p = Policy::from_json_str(r#"{"version": "1", "mode": "monitor", "actions": {"device_code": "confirm"}, "help_desk": "x"}"#).unwrap();
        assert_eq!(p.action_for(Flow::DeviceCode), Some(Action::Confirm));
        assert_eq!(p.mode, Mode::Monitor);
    }
}
