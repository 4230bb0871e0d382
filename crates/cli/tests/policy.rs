//! `lastgate policy check` and `lastgate scan --policy` as an administrator uses them before a
//! roll-out: every problem printed with its path, exit 2; a dry run shows what a policy changes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lastgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lastgate")).args(args).current_dir(root()).output().unwrap()
}

/// A scratch folder removed when the test ends, also when it fails.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("lastgate-policy-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

#[test]
fn policy_check_prints_every_problem_with_its_path_and_exits_2() {
    let dir = Scratch::new("check");
    let bad = dir.file(
        "bad.json",
        r#"{
            "mdoe": "monitor",
            "actions": {"device_code": "blok", "privilegd": "block"},
            "identity_providers": {"hosts": ["https://login.corp.example/"]},
            "privileged_identities": ["*"],
            "privileged_apps": ["console.corp.example:8443/admin"],
            "user_override": {"dismiss_warnings": false},
            "catalog": {"services": [{"name": "Vault", "flow_pages": {"vault.corp.example/ui": "credential_reisue"}}]},
            "reporting": {"endpoint": "http://otel.corp.example/v1/logs", "batch_size": 0}
        }"#,
    );
    let o = lastgate(&["policy", "check", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().collect();
    let want = [
        "mdoe: unknown key 'mdoe'; did you mean 'mode'?",
        "actions.device_code: unknown action 'blok'; did you mean 'block'?",
        "actions.privilegd: unknown flow 'privilegd'; did you mean 'privileged'?",
        "identity_providers.hosts[0]: 'https://login.corp.example/' is not a host pattern",
        "privileged_identities[0]: '*' would match almost any word",
        "privileged_apps[0]: 'console.corp.example:8443/admin': ports are not matched",
        "user_override.dismiss_warnings: unknown key 'dismiss_warnings'; did you mean 'dismiss_warning'?",
        "catalog.services[0].flow_pages.vault.corp.example/ui: unknown flow 'credential_reisue'; did you mean 'credential_reissue'?",
        "reporting.endpoint: 'http://otel.corp.example/v1/logs': events must travel over https",
        "reporting.batch_size: expected a whole number from 1 to 1000, not 0",
    ];
    for w in want {
        assert!(lines.iter().any(|l| l.starts_with(&format!("{bad}: {w}"))), "missing '{w}' in\n{err}");
    }
    assert_eq!(lines.len(), want.len() + 1, "{err}");
    assert_eq!(lines.last(), Some(&format!("{} problems found", want.len()).as_str()));
}

#[test]
fn the_documented_example_policy_is_valid() {
    let o = lastgate(&["policy", "check", "docs/examples/policy.json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "docs/examples/policy.json: ok\n");
}

const APPROVE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Approve sign-in request</title></head><body>
<h1>Approve sign-in request</h1>
<p>Someone is trying to sign in as <b>ops-breakglass@corp.example</b> from Chrome on Windows.</p>
<button type="button">Deny</button><button type="submit">Approve</button></body></html>"#;

const IN_HOUSE: &str = r#"<!DOCTYPE html><html lang="en"><head><title>Acme Vault</title></head><body>
<h1>New</h1><form><label for="n">Name</label><input id="n" name="name" type="text">
<p>Expires in 30 days</p><button type="submit">Create</button></form></body></html>"#;

fn scan(page: &str, url: &str, policy: Option<&str>) -> serde_json::Value {
    let mut args = vec!["scan", page, "--url", url, "--json"];
    if let Some(p) = policy {
        args.extend(["--policy", p]);
    }
    let o = lastgate(&args);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn reason_ids(v: &serde_json::Value) -> Vec<String> {
    v["reasons"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
}

/// A dry run: the same saved pages, without and with the policy about to be rolled out.
#[test]
fn scan_with_a_policy_dry_runs_it_on_saved_pages() {
    let dir = Scratch::new("scan");
    let approve = dir.file("approve.html", APPROVE);
    let in_house = dir.file("in-house.html", IN_HOUSE);
    let url = "https://login.corp.example/approve";

    let plain = scan(&approve, url, None);
    assert_eq!((plain["flow"].as_str(), plain["action"].as_str(), plain["privileged"].as_bool()), (Some("mfa_approval"), Some("notice"), Some(false)));

    let identities = dir.file("identities.json", r#"{"privileged_identities": ["*-breakglass@corp.example"]}"#);
    let v = scan(&approve, url, Some(&identities));
    assert_eq!((v["action"].as_str(), v["privileged"].as_bool()), (Some("warn"), Some(true)));
    assert!(reason_ids(&v).contains(&"policy.privileged_identity".to_string()), "{v}");

    let strict = dir.file("strict.json", r#"{"privileged_identities": ["*-breakglass@corp.example"], "identity_providers": {"hosts": ["login.corp.example"]}, "actions": {"privileged": "block"}}"#);
    let v = scan(&approve, url, Some(&strict));
    assert_eq!(v["action"], "block");
    for id in ["policy.privileged_identity", "policy.identity_provider", "policy.action"] {
        assert!(reason_ids(&v).contains(&id.to_string()), "{id}: {v}");
    }

    let vault = "https://vault.acme.example/ui/x/new";
    assert_eq!(scan(&in_house, vault, None)["flow"], "none");
    let catalog = dir.file("catalog.json", r#"{"catalog": {"services": [{"name": "Acme Vault", "domains": ["acme.example"], "flow_pages": {"vault.acme.example/ui/*/new": "credential_reissue"}}]}}"#);
    let v = scan(&in_house, vault, Some(&catalog));
    assert_eq!((v["flow"].as_str(), v["token_backed"].as_bool()), (Some("credential_reissue"), Some(true)));

    // The human summary says the same.
    let o = lastgate(&["scan", &approve, "--url", url, "--policy", &strict]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("BLOCK  mfa_approval  risk "));
}

/// A registry key as the guide's `.reg` files write it: values and subkeys.
#[derive(Default, Debug)]
struct RegKey {
    values: Vec<(String, RegValue)>,
    keys: Vec<(String, RegKey)>,
}

#[derive(Debug)]
enum RegValue {
    Sz(String),
    Dword(u32),
}

impl RegKey {
    fn at(&mut self, path: &[&str]) -> &mut RegKey {
        let Some((first, rest)) = path.split_first() else { return self };
        let i = match self.keys.iter().position(|(k, _)| k == first) {
            Some(i) => i,
            None => {
                self.keys.push((first.to_string(), RegKey::default()));
                self.keys.len() - 1
            }
        };
        self.keys[i].1.at(rest)
    }
}

/// The `...\3rdparty\extensions\<id>\policy` trees of a `.reg` file.
fn reg_policy(text: &str) -> RegKey {
    let mut root = RegKey::default();
    let mut current: Option<Vec<String>> = None;
    for line in text.lines().map(str::trim) {
        if let Some(key) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = key
                .split_once("\\policy")
                .filter(|(head, _)| head.contains("\\3rdparty\\extensions\\"))
                .map(|(_, rest)| rest.split('\\').filter(|s| !s.is_empty()).map(str::to_string).collect());
        } else if let (Some(path), Some(rest)) = (&current, line.strip_prefix('"')) {
            let (name, value) = rest.split_once("\"=").unwrap();
            let value = match value.strip_prefix("dword:") {
                Some(hex) => RegValue::Dword(u32::from_str_radix(hex, 16).unwrap()),
                None => RegValue::Sz(value.trim_matches('"').replace("\\\"", "\"").replace("\\\\", "\\")),
            };
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            root.at(&path).values.push((name.to_string(), value));
        }
    }
    root
}

/// Chrome's conversion of registry data to policy values, led by the schema (registry_dict.cc):
/// objects from subkeys, lists from subkeys with values 1, 2, 3…, either from a JSON string;
/// booleans and integers from DWORDs.
fn from_registry(key: Option<&RegKey>, value: Option<&RegValue>, schema: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match (schema["type"].as_str().unwrap(), key, value) {
        ("object" | "array", _, Some(RegValue::Sz(json))) => serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")),
        ("object", Some(k), _) => {
            let mut out = serde_json::Map::new();
            let sub =
                |name: &str| schema["properties"].get(name).or(schema.get("additionalProperties")).unwrap_or_else(|| panic!("'{name}' is not in the schema"));
            for (name, v) in &k.values {
                out.insert(name.clone(), from_registry(None, Some(v), sub(name)));
            }
            for (name, child) in &k.keys {
                out.insert(name.clone(), from_registry(Some(child), None, sub(name)));
            }
            Value::Object(out)
        }
        ("array", Some(k), _) => {
            let mut items: Vec<(u32, &RegValue)> = k.values.iter().map(|(n, v)| (n.parse().unwrap(), v)).collect();
            items.sort_by_key(|(n, _)| *n);
            Value::Array(items.into_iter().map(|(_, v)| from_registry(None, Some(v), &schema["items"])).collect())
        }
        ("string", _, Some(RegValue::Sz(s))) => Value::String(s.clone()),
        ("boolean", _, Some(RegValue::Dword(n))) => Value::Bool(*n != 0),
        ("integer", _, Some(RegValue::Dword(n))) => Value::from(*n),
        (ty, _, v) => panic!("a {ty} cannot come from {v:?}"),
    }
}

/// A plist value as JSON (the subset the guide uses).
fn plist_value(tokens: &mut std::iter::Peekable<std::vec::IntoIter<String>>) -> serde_json::Value {
    use serde_json::Value;
    let tag = tokens.next().unwrap();
    let text = |tokens: &mut std::iter::Peekable<std::vec::IntoIter<String>>| {
        let t = if tokens.peek().is_some_and(|t| !t.starts_with('<')) { tokens.next().unwrap() } else { String::new() };
        tokens.next(); // the closing tag
        t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    };
    match tag.as_str() {
        "<dict>" => {
            let mut out = serde_json::Map::new();
            while tokens.peek().map(String::as_str) != Some("</dict>") {
                assert_eq!(tokens.next().as_deref(), Some("<key>"));
                let k = text(tokens);
                out.insert(k, plist_value(tokens));
            }
            tokens.next();
            Value::Object(out)
        }
        "<array>" => {
            let mut out = Vec::new();
            while tokens.peek().map(String::as_str) != Some("</array>") {
                out.push(plist_value(tokens));
            }
            tokens.next();
            Value::Array(out)
        }
        "<string>" => Value::String(text(tokens)),
        "<integer>" => Value::from(text(tokens).parse::<i64>().unwrap()),
        "<true/>" => Value::Bool(true),
        "<false/>" => Value::Bool(false),
        other => panic!("plist: unexpected {other}"),
    }
}

fn plist(xml: &str) -> serde_json::Value {
    let body = xml.split("<plist version=\"1.0\">").nth(1).unwrap().split("</plist>").next().unwrap();
    let mut tokens = Vec::new();
    for part in body.split('<').skip(1) {
        let (tag, rest) = part.split_once('>').unwrap();
        tokens.push(format!("<{tag}>"));
        if !rest.trim().is_empty() {
            tokens.push(rest.to_string());
        }
    }
    plist_value(&mut tokens.into_iter().peekable())
}

/// The Windows `.reg` files and the macOS profile in docs/deploy.md, read the way Chrome reads
/// them, give policies the engine accepts.
#[test]
fn the_deployment_guide_registry_and_profile_examples_are_valid_policies() {
    let doc = std::fs::read_to_string(root().join("docs/deploy.md")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("extension/managed_schema.json")).unwrap()).unwrap();
    let dir = Scratch::new("reg");
    let mut policies = Vec::new();
    for block in doc.split("```reg\n").skip(1) {
        let text = block.split("\n```").next().unwrap();
        let tree = reg_policy(text);
        assert!(!tree.values.is_empty(), "no policy values in\n{text}");
        policies.push(("reg", from_registry(Some(&tree), None, &schema)));
    }
    for block in doc.split("```xml\n").skip(1).filter(|b| b.contains("<plist")) {
        let profile = plist(block.split("\n```").next().unwrap());
        let payloads = profile["PayloadContent"].as_array().unwrap();
        for p in payloads.iter().filter(|p| p["PayloadType"].as_str().unwrap().starts_with("com.google.Chrome.extensions.")) {
            assert_eq!(p["PayloadType"], "com.google.Chrome.extensions.llacpcndkamhedopoleneinplflhnnfp");
            let mut policy = p.as_object().unwrap().clone();
            policy.retain(|k, _| !k.starts_with("Payload"));
            policies.push(("plist", serde_json::Value::Object(policy)));
        }
    }
    assert_eq!(policies.iter().map(|(k, _)| *k).collect::<Vec<_>>(), ["reg", "reg", "plist"]);
    for (i, (kind, policy)) in policies.iter().enumerate() {
        let file = dir.file(&format!("{kind}{i}.json"), &policy.to_string());
        let o = lastgate(&["policy", "check", &file]);
        assert_eq!(o.status.code(), Some(0), "{kind} example {i}: {policy}\n{}", String::from_utf8_lossy(&o.stderr));
    }
    // What the first .reg file says, read back: lists from numbered values, a DWORD as false.
    let chrome = &policies[0].1;
    assert_eq!(chrome["identity_providers"]["hosts"], serde_json::json!(["login.corp.example", "corp.okta.com"]));
    assert_eq!(chrome["privileged_identities"][1], "CORP\\adm-*");
    assert_eq!(chrome["user_override"]["proceed_past_confirm"], false);
    assert_eq!(chrome["reporting"]["endpoint"], "https://otel.corp.example:4318/v1/logs");
}

/// Every JSON example in docs/deploy.md (the Linux managed-policy file, the Firefox policies.json,
/// every per-key fragment), as the file an administrator would save.
fn deploy_md_examples() -> Vec<String> {
    let md = std::fs::read_to_string(root().join("docs/deploy.md")).unwrap();
    md.split("```json\n").skip(1).map(|rest| rest.split("```").next().unwrap().to_string()).collect()
}

#[test]
fn every_json_example_in_the_deploy_guide_passes_as_the_file_it_is() {
    let dir = Scratch::new("docs");
    let examples = deploy_md_examples();
    assert!(examples.len() >= 10, "only {} examples found", examples.len());
    let mut files: Vec<String> = examples.iter().enumerate().map(|(i, text)| dir.file(&format!("example{i:02}.json"), text)).collect();
    files.push(root().join("docs/examples/policy.json").to_str().unwrap().to_string());
    let args: Vec<&str> = ["policy", "check"].into_iter().chain(files.iter().map(String::as_str)).collect();
    let o = lastgate(&args);
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert_eq!(out.lines().count(), files.len(), "one ok line per file:\n{out}");
    // The install-and-policy files are read as the browser reads them, not as a Lastgate policy.
    assert!(out.contains("ok (Chrome/Edge managed policy; Lastgate policy for llacpcndkamhedopoleneinplflhnnfp)"), "{out}");
    assert!(out.contains("ok (Firefox policies.json; Lastgate policy for lastgate@lastgate.example)"), "{out}");
}

#[test]
fn a_deployed_file_with_mistakes_names_each_with_its_path_in_the_file() {
    let dir = Scratch::new("deployed");
    let chrome = dir.file(
        "chrome.json",
        r#"{"ExtensionInstallForcelist": ["llacpcndkamhedopoleneinplflhnnfp;http://ext.corp.example/updates.xml"],
            "3rdparty": {"extensions": {"llacpcndkamhedopoleneinplflhnnfp": {"actions": {"resett": "block"}}}}}"#,
    );
    let firefox = dir.file("policies.json", r#"{"policies": {"3rdparty": {"Extensions": {"lastgate@lastgate.example": {"mode": "monitr"}}}}}"#);
    let o = lastgate(&["policy", "check", &chrome, &firefox]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("{chrome}: ExtensionInstallForcelist[0]: update URL 'http://ext.corp.example/updates.xml'")), "{err}");
    assert!(err.contains(&format!("{chrome}: 3rdparty.extensions.llacpcndkamhedopoleneinplflhnnfp.actions.resett: unknown flow 'resett'")), "{err}");
    assert!(err.contains(&format!("{firefox}: policies.3rdparty.Extensions.lastgate@lastgate.example.mode:")), "{err}");
    assert!(err.ends_with("3 problems found\n"), "{err}");
}
