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

/// The JSON examples in docs/deploy.md are policies the engine accepts: the Linux managed-policy
/// file, the Firefox policies.json and every per-key fragment.
#[test]
fn the_deployment_guide_examples_are_valid_policies() {
    let doc = std::fs::read_to_string(root().join("docs/deploy.md")).unwrap();
    let dir = Scratch::new("docs");
    let mut checked = 0;
    for (i, block) in doc.split("```json\n").skip(1).enumerate() {
        let text = block.split("\n```").next().unwrap();
        let v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("docs/deploy.md json block {i}: {e}\n{text}"));
        let policy = if let Some(p) = v.pointer("/3rdparty/extensions/llacpcndkamhedopoleneinplflhnnfp") {
            p.clone()
        } else if let Some(p) = v.pointer("/policies/3rdparty/Extensions/lastgate@lastgate.example") {
            p.clone()
        } else if v.get("ExtensionSettings").is_some() || v.get("ExtensionInstallForcelist").is_some() || v.get("policies").is_some() {
            continue; // browser policy only (force-install)
        } else {
            v
        };
        let file = dir.file(&format!("block{i}.json"), &policy.to_string());
        let o = lastgate(&["policy", "check", &file]);
        assert_eq!(o.status.code(), Some(0), "docs/deploy.md json block {i}:\n{text}\n{}", String::from_utf8_lossy(&o.stderr));
        checked += 1;
    }
    assert!(checked >= 12, "only {checked} policy examples in docs/deploy.md");
}
