//! `extension/managed_schema.json` (what Chrome validates managed policy against) and the engine's
//! policy parser (what Lastgate validates it against) declare exactly the same keys, nested ones
//! included, and agree on example policies. Chrome drops values that fail the schema; whatever
//! passes it reaches the parser as the same JSON an administrator writes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeSet;

use lastgate_engine::policy::{Stakes, CATALOG_KEYS, EVENTS, IDENTITY_PROVIDER_KEYS, KEYS, REPORTING_KEYS, SCOPE_LEVELS, SERVICE_KEYS, USER_OVERRIDE_KEYS};
use lastgate_engine::{Action, Flow, Policy};
use serde_json::{json, Value};

fn schema() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../extension/managed_schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Attributes of Chrome's JSON Schema subset (draft-03 style) this schema may use.
const CHROME_ATTRIBUTES: &[&str] = &["type", "description", "title", "properties", "additionalProperties", "items", "enum", "minimum", "maximum"];

/// Every key path a schema declares: `a`, `a.b`, `a[].b` for array items, `a.*` for maps.
fn schema_paths(node: &Value, path: &str, out: &mut BTreeSet<String>) {
    let attrs = node.as_object().unwrap_or_else(|| panic!("{path}: a schema must be an object"));
    for key in attrs.keys() {
        assert!(CHROME_ATTRIBUTES.contains(&key.as_str()), "{path}: '{key}' is outside Chrome's schema subset");
    }
    let ty = attrs.get("type").and_then(Value::as_str).unwrap_or_else(|| panic!("{path}: every schema needs exactly one type"));
    assert!(["object", "array", "string", "boolean", "integer", "number"].contains(&ty), "{path}: type {ty}");
    if let Some(props) = attrs.get("properties") {
        assert_eq!(ty, "object", "{path}");
        for (k, v) in props.as_object().unwrap() {
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            out.insert(p.clone());
            schema_paths(v, &p, out);
        }
    }
    if let Some(items) = attrs.get("items") {
        assert_eq!(ty, "array", "{path}");
        schema_paths(items, &format!("{path}[]"), out);
    }
    if let Some(map) = attrs.get("additionalProperties") {
        assert!(path.contains('.') || !path.is_empty(), "the top-level object cannot have additionalProperties");
        out.insert(format!("{path}.*"));
        schema_paths(map, &format!("{path}.*"), out);
    }
}

/// The key paths the engine's parser accepts, from its own key lists.
fn engine_paths() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |prefix: &str, keys: &[&str]| {
        for k in keys {
            out.insert(if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") });
        }
    };
    add("", KEYS);
    let flows: Vec<&str> = Flow::ALL.iter().filter(|f| **f != Flow::None).map(|f| f.as_str()).collect();
    add("actions", &flows);
    add("actions", &Stakes::ALL.map(Stakes::as_str));
    add("identity_providers", IDENTITY_PROVIDER_KEYS);
    add("user_override", USER_OVERRIDE_KEYS);
    add("catalog", CATALOG_KEYS);
    add("catalog.services[]", SERVICE_KEYS);
    add("catalog.services[].flow_pages", &["*"]);
    add("catalog.scopes", &["*"]);
    add("reporting", REPORTING_KEYS);
    add("reporting.headers", &["*"]);
    out
}

#[test]
fn the_schema_declares_exactly_the_keys_the_engine_accepts() {
    let s = schema();
    assert_eq!(s["type"], "object");
    assert!(s.get("additionalProperties").is_none(), "Chrome: the top level cannot have additionalProperties");
    assert!(!s.to_string().contains("$ref"), "no $ref: Chrome resolves none to remote documents");
    let mut declared = BTreeSet::new();
    schema_paths(&s, "", &mut declared);
    let accepted = engine_paths();
    let only_schema: Vec<_> = declared.difference(&accepted).collect();
    let only_engine: Vec<_> = accepted.difference(&declared).collect();
    assert!(only_schema.is_empty() && only_engine.is_empty(), "schema only: {only_schema:?}; engine only: {only_engine:?}");
}

/// Chrome drops a whole top-level key when any value in it fails the schema (one misspelt action
/// would cost every action), so the schema checks types only and the engine judges values, skipping
/// only the wrong entry. The vocabularies are still there for administrators, in the descriptions.
#[test]
fn the_schema_checks_types_only_and_names_the_engine_vocabularies() {
    fn restrictions(node: &Value, path: &str, out: &mut Vec<String>) {
        match node {
            Value::Object(m) => {
                for k in ["enum", "minimum", "maximum", "pattern", "required"] {
                    if m.contains_key(k) {
                        out.push(format!("{path}: {k}"));
                    }
                }
                for (k, v) in m {
                    restrictions(v, &format!("{path}/{k}"), out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| restrictions(v, path, out)),
            _ => {}
        }
    }
    let s = schema();
    let mut found = Vec::new();
    restrictions(&s, "", &mut found);
    assert!(found.is_empty(), "value restrictions Chrome would enforce by dropping whole keys: {found:?}");
    let p = &s["properties"];
    let described = |v: &Value, words: &[String], what: &str| {
        let d = v["description"].as_str().unwrap_or_default();
        for w in words {
            assert!(d.contains(w.as_str()), "{what}: the description does not name '{w}': {d}");
        }
    };
    let actions: Vec<String> = Action::ALL.iter().map(|a| a.as_str().to_string()).collect();
    for (key, v) in p["actions"]["properties"].as_object().unwrap() {
        described(v, &actions, &format!("actions.{key}"));
    }
    let flows: Vec<String> = Flow::ALL.iter().filter(|f| **f != Flow::None).map(|f| f.as_str().to_string()).collect();
    described(&p["catalog"]["properties"]["services"]["items"]["properties"]["flow_pages"]["additionalProperties"], &flows, "flow_pages");
    let levels: Vec<String> = SCOPE_LEVELS.iter().map(|s| s.to_string()).collect();
    described(&p["catalog"]["properties"]["scopes"]["additionalProperties"], &levels, "scopes");
    let events: Vec<String> = EVENTS.iter().map(|s| s.to_string()).collect();
    described(&p["reporting"]["properties"]["events"]["items"], &events, "reporting.events");
    described(&p["mode"], &["enforce".to_string(), "monitor".to_string()], "mode");
}

/// Chrome's checks, as far as this schema uses them: types, and the keys it declares (Chrome drops
/// undeclared ones). Returns the paths that fail.
fn chrome_rejects(v: &Value, schema: &Value, path: &str, out: &mut Vec<String>) {
    let ok = match schema["type"].as_str().unwrap() {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        _ => v.is_number(),
    };
    if !ok {
        out.push(path.to_string());
        return;
    }
    if let Some(obj) = v.as_object() {
        for (k, x) in obj {
            let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
            match (schema.get("properties").and_then(|ps| ps.get(k)), schema.get("additionalProperties")) {
                (Some(s), _) | (None, Some(s)) => chrome_rejects(x, s, &p, out),
                (None, None) => out.push(p),
            }
        }
    }
    if let (Some(items), Some(s)) = (v.as_array(), schema.get("items")) {
        for (i, x) in items.iter().enumerate() {
            chrome_rejects(x, s, &format!("{path}[{i}]"), out);
        }
    }
}

/// Key paths a policy document uses, in the schema's notation.
fn value_paths(v: &Value, path: &str, maps: &[&str], out: &mut BTreeSet<String>) {
    if let Some(obj) = v.as_object() {
        for (k, x) in obj {
            let key = if maps.contains(&path) { "*" } else { k.as_str() };
            let p = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
            out.insert(p.clone());
            value_paths(x, &p, maps, out);
        }
    }
    if let Some(items) = v.as_array() {
        for x in items {
            value_paths(x, &format!("{path}[]"), maps, out);
        }
    }
}

fn full_policy() -> Value {
    json!({
        "version": "2026-11-01",
        "mode": "monitor",
        "help_desk": "IT help desk, +1 555 0100",
        "actions": {"password_reset": "notice", "mfa_approval": "warn", "device_code": "confirm", "oauth_consent": "warn",
                    "credential_reissue": "confirm", "recovery_factor_change": "warn", "reauthentication": "notice",
                    "access_approval": "confirm", "privileged": "confirm", "token_backed": "warn", "org_account": "warn"},
        "trusted_hosts": ["intranet.corp.example"],
        "suspicious_hosts": ["*.corp-login.example"],
        "identity_providers": {"hosts": ["login.corp.example", "corp.okta.com"], "email_domains": ["corp.example"]},
        "privileged_identities": ["*-admin@corp.example", "CORP\\adm-*"],
        "privileged_apps": ["console.corp.example/admin", "https://*.prod.corp.example"],
        "token_backed_apps": ["vault.corp.example", "ci.corp.example/*/settings/tokens"],
        "user_override": {"dismiss_warning": true, "proceed_past_confirm": false, "report_mistake": true, "request_exception": false},
        "catalog": {
            "services": [{"name": "Acme Vault", "brand": "acmevault", "domains": ["acmevault.example"],
                          "flow_pages": {"acmevault.example/ui/tokens": "credential_reissue"}, "device_pages": ["acmevault.example/device"]}],
            "scopes": {"vault:admin": "privileged", "vault:read": "token"}
        },
        "reporting": {"endpoint": "https://otel.corp.example:4318/v1/logs", "headers": {"Authorization": "Bearer abc"},
                      "include_identity": false, "events": ["warning_shown", "block_shown"], "batch_size": 50, "max_queue": 1000}
    })
}

#[test]
fn a_policy_using_every_key_passes_the_schema_and_the_engine() {
    let s = schema();
    let p = full_policy();
    let mut used = BTreeSet::new();
    value_paths(&p, "", &["catalog.services[].flow_pages", "catalog.scopes", "reporting.headers"], &mut used);
    let mut declared = BTreeSet::new();
    schema_paths(&s, "", &mut declared);
    assert_eq!(used, declared, "the example must use every declared key");
    let mut rejected = Vec::new();
    chrome_rejects(&p, &s, "", &mut rejected);
    assert!(rejected.is_empty(), "{rejected:?}");
    let policy = Policy::from_value(&p).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(policy.catalog.services.len(), 1);
    // Chrome hands policy to the extension as objects; a file with the same JSON means the same.
    assert_eq!(Policy::from_json_str(&p.to_string()), Ok(policy));
}

#[test]
fn a_misspelt_key_in_any_object_is_an_error_at_its_path() {
    let objects = ["", "actions", "identity_providers", "user_override", "catalog", "catalog.services.0", "reporting"];
    for object in objects {
        let mut p = full_policy();
        let target = if object.is_empty() { &mut p } else { p.pointer_mut(&format!("/{}", object.replace('.', "/"))).unwrap() };
        let first = target.as_object().unwrap().keys().next().unwrap().clone();
        let typo = format!("{first}x");
        let value = target[&first].take();
        target.as_object_mut().unwrap().remove(&first);
        target.as_object_mut().unwrap().insert(typo.clone(), value);
        let errors = Policy::from_value(&p).unwrap_err();
        let at = object.replace(".0", "[0]");
        let want = if at.is_empty() { typo.clone() } else { format!("{at}.{typo}") };
        assert!(errors.iter().any(|e| e.path == want && e.message.contains(&format!("did you mean '{first}'?"))), "{want}: {errors:?}");
    }
}

/// (policy, Chrome accepts it, the engine accepts it, a path the engine's error names)
#[test]
fn example_policies_in_both_validators() {
    let rows: &[(Value, bool, bool, &str)] = &[
        (json!({"actions": {"device_code": "confirm", "privileged": "block"}}), true, true, ""),
        (json!({"identity_providers": {"hosts": ["login.corp.example"]}, "user_override": {"dismiss_warning": false}}), true, true, ""),
        // Pass the schema, fail the engine: patterns that do not parse, contradictions.
        (json!({"privileged_apps": ["console.corp.example:8443/admin"]}), true, false, "privileged_apps[0]"),
        (json!({"privileged_identities": ["*"]}), true, false, "privileged_identities[0]"),
        (json!({"trusted_hosts": ["*.corp.example"], "suspicious_hosts": ["login.corp.example"]}), true, false, "suspicious_hosts[0]"),
        (json!({"reporting": {"endpoint": "http://otel.corp.example/v1/logs"}}), true, false, "reporting.endpoint"),
        (json!({"reporting": {"include_identity": true}}), true, false, "reporting.endpoint"),
        (json!({"catalog": {"services": [{"domains": ["acme.example"]}]}}), true, false, "catalog.services[0]"),
        // Names and ranges are the engine's to judge (Chrome would drop the whole key for them).
        (json!({"mode": "audit"}), true, false, "mode"),
        (json!({"actions": {"device_code": "blok"}}), true, false, "actions.device_code"),
        (json!({"reporting": {"endpoint": "https://otel.corp.example/v1/logs", "batch_size": 0}}), true, false, "reporting.batch_size"),
        (json!({"catalog": {"scopes": {"vault:admin": "root"}}}), true, false, "catalog.scopes.vault:admin"),
        // Fail both: a wrong type.
        (json!({"user_override": {"dismiss_warning": "yes"}}), false, false, "user_override.dismiss_warning"),
        (json!({"mode": 1}), false, false, "mode"),
    ];
    let s = schema();
    for (policy, chrome_ok, engine_ok, path) in rows {
        let mut rejected = Vec::new();
        chrome_rejects(policy, &s, "", &mut rejected);
        assert_eq!(rejected.is_empty(), *chrome_ok, "{policy}: Chrome would reject {rejected:?}");
        match Policy::from_value(policy) {
            Ok(_) => assert!(engine_ok, "{policy}: the engine accepted it"),
            Err(errors) => {
                assert!(!engine_ok, "{policy}: {errors:?}");
                assert!(errors.iter().any(|e| e.path == *path), "{policy}: no error at {path}: {errors:?}");
            }
        }
    }
}
