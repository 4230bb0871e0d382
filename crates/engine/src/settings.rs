//! The policy a front end runs under, and what it reads of it besides verdicts.
//!
//! A browser has two sources of policy: the administrator's managed policy and the user's own
//! settings for the keys the administrator left unset ([`USER_KEYS`]). [`resolve`] makes the one
//! policy the extension applies from both, and [`Settings`] is everything a front end needs from
//! that policy to act on a verdict (mode, help desk, what the user may override, where to report).
//! They live here so that the engine is the only reader of a policy: a front end that read keys
//! itself would need its own defaults and its own idea of what to do with a broken value, and two
//! such ideas drift apart (one once gave the user back every override when one value was wrong).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::policy::{Mode, Policy, UserOverride};

/// Keys the user may set for themselves where the managed policy does not.
pub const USER_KEYS: &[&str] = &["trusted_hosts", "help_desk"];

/// The policy to apply, built from the managed policy and the user's settings, with what is wrong
/// with each.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub policy: Policy,
    /// Problems with the managed policy. When there are any, what can be applied of it applies
    /// (`Policy::salvage`: never less protection than the defaults) and the user's settings wait
    /// until it is fixed.
    pub managed_errors: Vec<InputError>,
    /// Problems with the user's settings; when there are any, they are not applied.
    pub settings_errors: Vec<InputError>,
    /// User keys the managed policy sets: the user cannot change them, even where they are broken.
    pub locked: Vec<&'static str>,
    /// The managed policy's top-level keys, as written (for the options page).
    pub managed_keys: Vec<String>,
    /// Locked keys whose managed value is not applied (the policy is in error, and salvage leaves
    /// them out): the user cannot set them, and the organisation's value is not in force either.
    pub not_applied: Vec<&'static str>,
}

/// The policy from `managed` (an object; `{}` or null when there is none) and the user's
/// `settings` (an object of [`USER_KEYS`]; `{}` or null when there are none).
pub fn resolve(managed: &Value, settings: &Value) -> Resolved {
    let managed_map = match managed {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    let managed_keys: Vec<String> = managed_map.keys().cloned().collect();
    let locked: Vec<&'static str> = USER_KEYS.iter().copied().filter(|k| managed_map.contains_key(*k)).collect();
    let mut out =
        Resolved { policy: Policy::default(), managed_errors: Vec::new(), settings_errors: Vec::new(), locked, managed_keys, not_applied: Vec::new() };
    if !managed.is_null() && !managed.is_object() {
        // Browsers hand managed storage over as an object; anything else is not a policy at all.
        out.managed_errors.push(InputError::new("", "the managed policy is not an object"));
        return out;
    }
    if !managed_map.is_empty() {
        let (policy, errors) = Policy::salvage(managed);
        if !errors.is_empty() {
            out.not_applied = out.locked.iter().copied().filter(|k| !applied(k, &policy, managed_map.get(*k))).collect();
            out.policy = policy;
            out.managed_errors = errors;
            return out;
        }
        out.policy = policy;
    }
    let user = match user_settings(settings) {
        Ok(u) => u,
        Err(errors) => {
            out.settings_errors = errors;
            return out;
        }
    };
    let mut merged = managed_map;
    for (k, v) in user {
        if !merged.contains_key(&k) {
            merged.insert(k, v);
        }
    }
    match Policy::from_value(&Value::Object(merged)) {
        Ok(policy) => out.policy = policy,
        // The managed policy alone was valid, so the user's settings are at fault: they wait.
        Err(errors) => out.settings_errors = errors,
    }
    out
}

/// Whether the salvaged `policy` carries what the managed policy set for the user key `key` (an
/// empty value applies trivially).
fn applied(key: &str, policy: &Policy, managed: Option<&Value>) -> bool {
    let set = match managed {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Null) | None => false,
        Some(_) => true,
    };
    match key {
        "trusted_hosts" => !set || !policy.trusted_hosts.is_empty(),
        "help_desk" => !set || !policy.help_desk.is_empty(),
        _ => true,
    }
}

/// The user's settings as an object of [`USER_KEYS`], checked as policy values; `{}` for none.
pub fn user_settings(settings: &Value) -> Result<Map<String, Value>, Vec<InputError>> {
    let map = match settings {
        Value::Null => return Ok(Map::new()),
        Value::Object(m) => m,
        _ => return Err(vec![InputError::new("settings", "expected an object like {\"trusted_hosts\": [\"corp.example\"]}")]),
    };
    let unknown: Vec<InputError> = map
        .keys()
        .filter(|k| !USER_KEYS.contains(&k.as_str()))
        .map(|k| InputError::new(format!("settings.{k}"), format!("not a user setting; expected one of {}", USER_KEYS.join(", "))))
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    Policy::from_value(settings)?;
    Ok(map.clone())
}

/// What a front end reads of the policy it runs under, with every default filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// The policy's own `version` label; empty when it has none.
    pub version: String,
    /// `enforce` or `monitor` (decide the same, show nothing, report what would have been shown).
    pub mode: &'static str,
    /// Who to call, shown on warnings and the block page; empty when none is set.
    pub help_desk: String,
    pub user_override: Override,
    /// Where to send events; `None` sends nothing anywhere.
    pub reporting: Option<ReportingSettings>,
    /// The policy adds services or scopes to the built-in catalog.
    pub catalog_extended: bool,
}

/// What the user may do past a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Override {
    pub dismiss_warning: bool,
    pub proceed_past_confirm: bool,
    pub report_mistake: bool,
    pub request_exception: bool,
}

/// The collector and what to send it, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportingSettings {
    pub endpoint: String,
    pub headers: std::collections::BTreeMap<String, String>,
    pub events: Vec<String>,
    pub batch_size: u32,
    pub max_queue: u32,
    pub include_identity: bool,
}

impl Settings {
    pub fn of(policy: &Policy) -> Settings {
        let UserOverride { dismiss_warning, proceed_past_confirm, report_mistake, request_exception } = policy.user_override;
        Settings {
            version: policy.version.clone(),
            mode: match policy.mode {
                Mode::Enforce => "enforce",
                Mode::Monitor => "monitor",
            },
            help_desk: policy.help_desk.clone(),
            user_override: Override { dismiss_warning, proceed_past_confirm, report_mistake, request_exception },
            reporting: policy.reporting.as_ref().map(|r| ReportingSettings {
                endpoint: r.endpoint.clone(),
                headers: r.headers.iter().cloned().collect(),
                events: r.events.clone(),
                batch_size: r.batch_size,
                max_queue: r.max_queue,
                include_identity: r.include_identity,
            }),
            catalog_extended: !policy.catalog.services.is_empty() || !policy.catalog.scopes.is_empty(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn user_settings_fill_what_the_managed_policy_leaves_unset() {
        let r = resolve(&json!({"help_desk": "IT, ext. 100"}), &json!({"help_desk": "me", "trusted_hosts": ["corp.example"]}));
        assert!(r.managed_errors.is_empty() && r.settings_errors.is_empty());
        assert_eq!(r.policy.help_desk, "IT, ext. 100");
        assert!(r.policy.is_trusted("corp.example"));
        assert_eq!(r.locked, vec!["help_desk"]);
    }

    #[test]
    fn a_broken_managed_policy_is_salvaged_and_the_users_settings_wait() {
        let r = resolve(
            &json!({"mode": "monitor", "user_override": {"proceed_past_confirm": "no", "dismiss_warning": false}, "help_desk": "IT"}),
            &json!({"trusted_hosts": ["evil.example"]}),
        );
        assert_eq!(r.managed_errors.len(), 1, "{:?}", r.managed_errors);
        let s = Settings::of(&r.policy);
        assert_eq!(s.mode, "enforce", "a broken policy never leaves monitor mode on");
        assert!(!s.user_override.proceed_past_confirm && !s.user_override.dismiss_warning);
        assert!(s.user_override.report_mistake && s.user_override.request_exception);
        assert_eq!(s.help_desk, "IT");
        assert!(!r.policy.is_trusted("evil.example"));
    }

    #[test]
    fn locked_keys_a_broken_policy_does_not_apply_are_named() {
        // Trusted hosts never apply from a policy in error; a help desk does unless it is the bad value.
        let r = resolve(&json!({"mode": "monitr", "trusted_hosts": ["corp.example"], "help_desk": "IT"}), &Value::Null);
        assert_eq!((r.locked.clone(), r.not_applied.clone()), (vec!["trusted_hosts", "help_desk"], vec!["trusted_hosts"]));
        let r = resolve(&json!({"help_desk": ["IT"]}), &Value::Null);
        assert_eq!(r.not_applied, vec!["help_desk"]);
        let r = resolve(&json!({"trusted_hosts": ["corp.example"]}), &Value::Null);
        assert!(r.managed_errors.is_empty() && r.not_applied.is_empty());
    }

    #[test]
    fn bad_user_settings_are_refused_whole_and_the_managed_policy_stands() {
        let r = resolve(&json!({"actions": {"device_code": "block"}}), &json!({"trusted_hosts": ["not a host"]}));
        assert!(r.managed_errors.is_empty());
        assert_eq!(r.settings_errors.len(), 1);
        assert_eq!(r.policy.action_for(crate::verdict::Flow::DeviceCode), Some(crate::verdict::Action::Block));
        assert!(user_settings(&json!({"mode": "monitor"})).is_err(), "only USER_KEYS are the user's");
        assert!(user_settings(&json!([])).is_err());
    }

    #[test]
    fn settings_fill_in_every_default() {
        let s = Settings::of(&Policy::default());
        assert_eq!((s.mode, s.help_desk.as_str(), s.reporting.is_none(), s.catalog_extended), ("enforce", "", true, false));
        assert!(s.user_override.dismiss_warning && s.user_override.proceed_past_confirm);
        let p = Policy::from_value(&json!({"reporting": {"endpoint": "https://otel.corp.example:4318/v1/logs"}})).unwrap();
        let r = Settings::of(&p).reporting.unwrap();
        assert_eq!((r.batch_size, r.max_queue, r.events.len(), r.include_identity), (50, 1000, 7, false));
    }

    #[test]
    fn a_wrong_reporting_value_keeps_a_reachable_collector() {
        let r = resolve(&json!({"reporting": {"endpoint": "https://otel.corp.example:4318/v1/logs", "batch_size": 0}}), &Value::Null);
        assert_eq!(r.managed_errors.len(), 1);
        assert_eq!(Settings::of(&r.policy).reporting.map(|r| r.batch_size), Some(50));
    }
}
