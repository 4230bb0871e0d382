//! A broken policy never gives the user more freedom or less protection than the same policy
//! without the broken value — checked for every top-level key, with bad values of every kind
//! (wrong names, wrong ranges, patterns that do not parse, wrong types), on the policy as the
//! browser resolves it (`lastgate_engine::resolve`) and on the verdicts of real corpus pages.
//!
//! The e2e twin (tests/e2e/policy-broken.test.mjs) installs such policies as real enterprise policy
//! in Chromium; this one covers what Chromium never hands over (it drops a whole key with a wrong
//! type) and what Firefox does hand over.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;

use lastgate_engine::{resolve, Action, Engine, Observation, Settings};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Corpus pages the base policy acts on.
const PAGES: &[&str] = &[
    "github-token-new.html",
    "bitwarden-approve-login-request.html",
    "d1-auth0-device-activation.html",
    "github-password-reset.html",
    "d1-gitlab-admin-edit-user-password.html",
    "d1-github-oauth-app-client-secret.html",
];

fn pages() -> Vec<(String, Observation)> {
    let labels: Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/corpus/labels.json")).unwrap()).unwrap();
    PAGES
        .iter()
        .map(|f| {
            let label = labels["pages"].as_array().unwrap().iter().find(|l| l["file"] == format!("pages/{f}")).unwrap_or_else(|| panic!("{f} is not labelled"));
            let html = std::fs::read_to_string(root().join("tests/corpus").join(label["file"].as_str().unwrap())).unwrap();
            (f.to_string(), lastgate_html::extract(&html, label["url"].as_str().unwrap(), label["referrer"].as_str().unwrap_or("")))
        })
        .collect()
}

fn base() -> Value {
    json!({
        "version": "base",
        "mode": "enforce",
        "help_desk": "IT help desk, +1 555 0100",
        "actions": {"credential_reissue": "confirm", "privileged": "block"},
        "trusted_hosts": ["login.kestrelapps.io"],
        "suspicious_hosts": ["corp-login.example"],
        "identity_providers": {"hosts": ["login.corp.example"], "email_domains": ["corp.example"]},
        "privileged_identities": ["sam.ortiz@*"],
        "privileged_apps": ["console.corp.example/admin"],
        "token_backed_apps": ["vault.corp.example"],
        "user_override": {"dismiss_warning": false, "report_mistake": false},
        "catalog": {"services": [{"name": "Acme Vault", "domains": ["acmevault.example"]}], "scopes": {"vault:admin": "privileged"}},
        "reporting": {"endpoint": "https://otel.corp.example:4318/v1/logs", "batch_size": 20, "events": ["warning_shown", "block_shown"]}
    })
}

/// A JSON pointer to where the bad value goes, and the bad value. "Without" the bad value is the
/// base policy with that pointer removed (or left as it was, when the bad value was added).
fn breaks() -> Vec<(&'static str, Value)> {
    vec![
        ("/version", json!(7)),
        ("/mode", json!("monitr")),
        ("/mode", json!(false)),
        ("/help_desk", json!(["IT"])),
        ("/actions/resett", json!("block")),
        ("/actions/credential_reissue", json!("blok")),
        ("/actions/privileged", json!(3)),
        ("/actions", json!("confirm")),
        ("/trusted_hosts/1", json!("github.com/settings")),
        ("/trusted_hosts", json!("login.kestrelapps.io")),
        ("/suspicious_hosts/1", json!("https://corp-login.example")),
        ("/identity_providers/hosts/1", json!("login corp example")),
        ("/identity_providers/email_domains", json!("corp.example")),
        ("/privileged_identities/1", json!("x")),
        ("/privileged_identities/1", json!(42)),
        ("/privileged_apps/1", json!("console.corp.example/admin?tab=users")),
        ("/token_backed_apps/1", json!("*")),
        ("/user_override/proceed_past_confirm", json!("no")),
        ("/user_override/proceed_past_confrim", json!(false)),
        ("/user_override/dismiss_warning", json!(null)),
        ("/user_override", json!(false)),
        ("/catalog/scopes/repo", json!("superuser")),
        ("/catalog/services/1", json!({"domains": ["acme.example"]})),
        ("/catalog/services", json!({"name": "not a list"})),
        ("/reporting/batch_size", json!(0)),
        ("/reporting/events/0", json!("warning_shwon")),
        ("/reporting/headers", json!({"Cookie": "x"})),
        ("/reporting/max_queue", json!("lots")),
    ]
}

/// `v` with `value` at `pointer` (an added list entry or key, or a replaced value).
fn with(v: &Value, pointer: &str, value: Value) -> Value {
    let mut out = v.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = out.pointer_mut(parent).unwrap();
    match target {
        Value::Array(items) => {
            let i: usize = last.parse().unwrap();
            if i < items.len() {
                items[i] = value;
            } else {
                items.push(value);
            }
        }
        Value::Object(map) => {
            map.insert(last.to_string(), value);
        }
        _ => panic!("{pointer}"),
    }
    out
}

/// `v` without what is at `pointer` (when `base` had nothing there, `v` is the base as it was).
fn without(v: &Value, pointer: &str) -> Value {
    let mut out = v.clone();
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    if v.pointer(pointer).is_some() {
        match out.pointer_mut(parent).unwrap() {
            Value::Array(items) => {
                items.remove(last.parse::<usize>().unwrap());
            }
            Value::Object(map) => {
                map.remove(last);
            }
            _ => {}
        }
    }
    out
}

fn rank(a: Action) -> usize {
    Action::ALL.iter().position(|x| *x == a).unwrap()
}

struct Outcome {
    settings: Settings,
    actions: Vec<(String, Action)>,
}

fn outcome(policy: &Value, user: &Value, pages: &[(String, Observation)]) -> (Outcome, usize) {
    let r = resolve(policy, user);
    let errors = r.managed_errors.len();
    let settings = Settings::of(&r.policy);
    let engine = Engine::new(r.policy);
    let actions = pages.iter().map(|(f, obs)| (f.clone(), engine.assess(obs).unwrap().action)).collect();
    (Outcome { settings, actions }, errors)
}

#[test]
fn a_bad_value_in_any_key_never_gives_more_freedom_or_less_protection() {
    let pages = pages();
    let (good, errors) = outcome(&base(), &Value::Null, &pages);
    assert_eq!(errors, 0, "the base policy must be valid");
    // The base policy does something on each page, so a broken one has something to lose.
    let good_actions: Vec<Action> = good.actions.iter().map(|(_, a)| *a).collect();
    assert!(good_actions.contains(&Action::Block) && good_actions.contains(&Action::Allow), "{:?}", good.actions);

    let mut problems = Vec::new();
    let mut keys_covered = std::collections::BTreeSet::new();
    for (pointer, bad_value) in breaks() {
        let bad = with(&base(), pointer, bad_value.clone());
        let reference = without(&base(), pointer);
        let (b, errors) = outcome(&bad, &Value::Null, &pages);
        let (w, _) = outcome(&reference, &Value::Null, &pages);
        let case = format!("{pointer} = {bad_value}");
        if errors == 0 {
            problems.push(format!("{case}: not an error"));
        }
        for ((f, got), (_, want)) in b.actions.iter().zip(&w.actions) {
            if rank(*got) < rank(*want) {
                problems.push(format!("{case}: {f} {} → {}", want.as_str(), got.as_str()));
            }
        }
        if b.settings.mode != "enforce" {
            problems.push(format!("{case}: mode {}", b.settings.mode));
        }
        let (bo, wo) = (b.settings.user_override, w.settings.user_override);
        for (name, got, want) in [
            ("dismiss_warning", bo.dismiss_warning, wo.dismiss_warning),
            ("proceed_past_confirm", bo.proceed_past_confirm, wo.proceed_past_confirm),
            ("report_mistake", bo.report_mistake, wo.report_mistake),
            ("request_exception", bo.request_exception, wo.request_exception),
        ] {
            if got && !want {
                problems.push(format!("{case}: {name} granted"));
            }
        }
        if w.settings.reporting.is_some() && b.settings.reporting.is_none() {
            problems.push(format!("{case}: reporting turned off"));
        }
        keys_covered.insert(pointer.split('/').nth(1).unwrap().to_string());
    }
    assert_eq!(problems, Vec::<String>::new());
    let all: std::collections::BTreeSet<String> = lastgate_engine::policy::KEYS.iter().map(|k| k.to_string()).collect();
    assert_eq!(keys_covered, all, "every top-level key has a bad value above");
}

#[test]
fn a_broken_managed_policy_keeps_the_users_trusted_hosts_out() {
    // The user's own settings wait while the managed policy is broken: trusting a host could only
    // lower protection, and the administrator's intent is unknown.
    let pages = pages();
    let bad = with(&base(), "/mode", json!("monitr"));
    let (b, _) = outcome(&bad, &json!({"trusted_hosts": ["github.com"]}), &pages);
    let token = b.actions.iter().find(|(f, _)| f == "github-token-new.html").unwrap().1;
    assert!(rank(token) >= rank(Action::Confirm), "github.com, trusted by the user, lost its warning under a broken policy: {token:?}");
}

#[test]
fn a_permission_that_cannot_be_read_is_withheld() {
    // Stricter than "no more than without it": the administrator wrote something about this
    // permission, so until it can be read the user does not get it.
    for (pointer, bad) in [
        ("/user_override/proceed_past_confirm", json!("no")),
        ("/user_override/proceed_past_confirm", json!(0)),
        ("/user_override/proceed_past_confrim", json!(false)),
    ] {
        let r = resolve(&with(&base(), pointer, bad.clone()), &Value::Null);
        assert!(!r.managed_errors.is_empty(), "{pointer} = {bad}");
        assert!(!Settings::of(&r.policy).user_override.proceed_past_confirm, "{pointer} = {bad} gave the user proceed_past_confirm");
    }
    let r = resolve(&with(&base(), "/user_override", json!("none")), &Value::Null);
    let o = Settings::of(&r.policy).user_override;
    assert!(!o.dismiss_warning && !o.proceed_past_confirm && !o.report_mistake && !o.request_exception, "{o:?}");
}
