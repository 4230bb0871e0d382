//! The `lastgate` command as admins and scripts use it: output contracts and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn lastgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lastgate")).args(args).current_dir(root()).output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const TOKEN_PAGE: &str = "www/demo/token.html";
const TOKEN_URL: &str = "https://github.com/settings/tokens/new";

#[test]
fn scan_json_prints_the_verdict_contract() {
    let o = lastgate(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    // The contract: these keys, extended (never renamed) as issues add fields.
    assert_eq!(keys, ["action", "flow", "hold", "lang", "privileged", "reasons", "risk", "token_backed"]);
    assert_eq!(v["lang"], "en", "the page is in English");
    assert_eq!(v["hold"], serde_json::json!(["Generate token"]), "the approving control the extension holds at confirm");
    assert_eq!(v["flow"], "credential_reissue");
    assert_eq!(v["action"], "warn");
    assert_eq!(v["token_backed"], true);
    let risk = v["risk"].as_u64().unwrap();
    assert!(risk > 0 && risk <= 100);
    for r in v["reasons"].as_array().unwrap() {
        assert!(r["id"].is_string() && r["message"].is_string() && r["refs"].is_array());
    }
}

#[test]
fn scan_without_json_prints_a_short_summary_and_exits_zero_even_for_warn() {
    let o = lastgate(&["scan", TOKEN_PAGE, "--url", TOKEN_URL]);
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("WARN  credential_reissue  risk "), "{out}");
    assert!(out.contains("token-backed"));
}

#[test]
fn an_ordinary_page_is_allowed() {
    let o = lastgate(&["scan", "www/demo/article.html", "--url", "https://news.example.org/a", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["action"], "allow");
    assert_eq!(v["flow"], "none");
}

fn assert_one_line_exit_2(args: &[&str], needle: &str) {
    let o = lastgate(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("lastgate: "), "{err}");
    assert!(err.contains(needle), "{err} lacks {needle}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn bad_input_exits_2_with_one_clear_line() {
    assert_one_line_exit_2(&["scan", "no/such/page.html", "--url", TOKEN_URL], "cannot read 'no/such/page.html': no such file");
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", "not a url"], "--url: 'not a url' is not a usable URL");
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", "ftp://example.org/x"], "--url: 'ftp://example.org/x' is a ftp: URL");
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--referrer", "::"], "--referrer: '::' is not a usable URL");
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--policy", "no/such/policy.json"], "cannot read 'no/such/policy.json'");
}

#[test]
fn a_bad_policy_file_exits_2_and_names_the_path() {
    let dir = std::env::temp_dir().join(format!("lastgate-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"actions": {"resett": "block"}, "mdoe": "monitor"}"#).unwrap();
    let malformed = dir.join("malformed.json");
    std::fs::write(&malformed, "{\"actions\": ").unwrap();
    let bad_s = bad.to_str().unwrap();
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--policy", bad_s], "unknown flow 'resett'");
    assert_one_line_exit_2(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--policy", malformed.to_str().unwrap()], "not valid JSON at line 1");

    let o = lastgate(&["policy", "check", bad_s]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("actions.resett: unknown flow 'resett'; did you mean 'password_reset'?") || err.contains("actions.resett: unknown flow 'resett';"),
        "{err}"
    );
    assert!(err.contains("mdoe: unknown key 'mdoe'; did you mean 'mode'?"), "{err}");
    assert!(err.contains("2 problems found"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_policy_changes_the_action() {
    let dir = std::env::temp_dir().join(format!("lastgate-cli-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("block.json");
    std::fs::write(&p, r#"{"actions": {"credential_reissue": "block"}}"#).unwrap();
    let o = lastgate(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--policy", p.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["action"], "block");
    assert!(v["reasons"].as_array().unwrap().iter().any(|r| r["id"] == "policy.action"));
    let trusted = dir.join("trusted.json");
    std::fs::write(&trusted, r#"{"trusted_hosts": ["github.com"]}"#).unwrap();
    let o = lastgate(&["scan", TOKEN_PAGE, "--url", TOKEN_URL, "--policy", trusted.to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["action"], "allow");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn assess_reads_an_observation_and_locates_errors() {
    let o = Command::new(env!("CARGO_BIN_EXE_lastgate"))
        .args(["assess", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(br#"{"url": "https://example.org/", "fields": [{"type": 3}]}"#)?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("observation: fields[0].type: expected text (a JSON string), found the number 3; for example \"password\""), "{}", stderr(&o));
}

#[test]
fn recovery_decides_and_locates_errors() {
    let dir = std::env::temp_dir().join(format!("lastgate-cli-recovery-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let req = dir.join("req.json");
    std::fs::write(&req, r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":[],"requester":"release-agent"}"#).unwrap();
    let o = lastgate(&["recovery", req.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["decision"], "step_up");
    assert_eq!(v["missing"], serde_json::json!(["second_person_approval"]));
    assert_eq!(v["reasons"][0]["id"], "recovery.notify_subscriber");
    std::fs::write(&req, r#"{"identity":{"kind":"robot"},"action":"password_reset","channel":"self_service","requester":"a"}"#).unwrap();
    assert_one_line_exit_2(
        &["recovery", req.to_str().unwrap()],
        "recovery request: identity.kind: unknown value 'robot'; expected one of human, service_account, workload, agent",
    );
    // Every problem at once, in one line: a misspelt key (with the right one), a wrong value, and
    // the required key the misspelling left missing.
    std::fs::write(&req, r#"{"identity":{"kind":"human","apps":"x"},"chanel":"help_desk","action":"password_reset","requester":"a"}"#).unwrap();
    assert_one_line_exit_2(&["recovery", req.to_str().unwrap()], "recovery request: 3 problems: chanel: unknown key 'chanel'; did you mean 'channel'?");
    let o = lastgate(&["recovery", req.to_str().unwrap()]);
    for part in ["identity.apps: expected a list ([…]), found the text \"x\"", "channel: required key 'channel' is missing; for example \"help_desk\""] {
        assert!(stderr(&o).contains(part), "{part}: {}", stderr(&o));
    }
    // --policy: the account the policy calls privileged needs two methods and a second person.
    let policy = dir.join("policy.json");
    std::fs::write(&policy, r#"{"privileged_identities": ["*-admin@corp.example"]}"#).unwrap();
    std::fs::write(&req, r#"{"identity":{"kind":"human","account":"bob-admin@corp.example"},"action":"password_reset","channel":"self_service","evidence":["recovery_contact"],"requester":"bob-admin@corp.example"}"#).unwrap();
    let decide = |args: &[&str]| -> serde_json::Value {
        let o = lastgate(args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let without = decide(&["recovery", req.to_str().unwrap()]);
    assert_eq!((without["decision"].as_str(), without["reach"].clone()), (Some("allow"), serde_json::json!([])));
    let with = decide(&["recovery", req.to_str().unwrap(), "--policy", policy.to_str().unwrap()]);
    assert_eq!(with["decision"], "step_up");
    assert_eq!(with["reach"], serde_json::json!(["privileged"]));
    assert_eq!(with["missing"], serde_json::json!(["recovery_code", "second_person_approval"]));
    std::fs::write(&policy, r#"{"privileged_identitys": []}"#).unwrap();
    assert_one_line_exit_2(&["recovery", req.to_str().unwrap(), "--policy", policy.to_str().unwrap()], "privileged_identitys");
    std::fs::remove_dir_all(&dir).ok();
}

/// A labelled set of two pages (the demo's token page, labelled right, and an article labelled as
/// a reset so one page misses) in a fresh folder under target/.
fn eval_set(name: &str, thresholds: &str) -> PathBuf {
    let dir = root().join("target").join("cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::copy(root().join(TOKEN_PAGE), dir.join("pages/secret-token-page.html")).unwrap();
    std::fs::write(dir.join("pages/secret-article.html"), "<html lang=en><title>Gardening</title><h1>Tomatoes</h1><p>Water them.</p></html>").unwrap();
    let labels = serde_json::json!({"pages": [
        {"file": "pages/secret-token-page.html", "url": TOKEN_URL, "referrer": "", "flow": "credential_reissue", "alert": true, "privileged": false, "token_backed": true, "late": false, "lang": "en", "why": "mints a token"},
        {"file": "pages/secret-article.html", "url": "https://example.org/garden", "referrer": "", "flow": "password_reset", "alert": false, "privileged": false, "token_backed": false, "late": false, "lang": "en", "why": "mislabelled on purpose"}
    ]});
    std::fs::write(dir.join("labels.json"), labels.to_string()).unwrap();
    std::fs::write(dir.join("thresholds.json"), thresholds).unwrap();
    dir
}

#[test]
fn eval_on_a_sealed_set_shows_only_aggregates() {
    let dir = eval_set("sealed", r#"{"flow_accuracy": 0.4, "alert_recall": 1.0, "false_alert_rate": 0.0, "sealed": true, "written": "2026-12-07"}"#);
    let d = dir.to_str().unwrap();
    let o = lastgate(&["eval", d]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("flow accuracy     0.500"), "{out}");
    assert!(out.contains("confusion"), "{out}");
    assert!(!out.contains("secret-") && !stderr(&o).contains("secret-"), "a sealed set's pages are never named: {out}");
    assert!(!out.contains("mislabelled"), "nor its labels: {out}");
    // Per-page output and pinning are refused.
    assert_one_line_exit_2(&["eval", d, "--json"], "sealed");
    assert_one_line_exit_2(&["eval", d, "--update-expect"], "sealed");
    // A ratchet above today's score fails the run.
    std::fs::write(dir.join("thresholds.json"), r#"{"flow_accuracy": 0.6, "alert_recall": 1.0, "false_alert_rate": 0.0, "sealed": true}"#).unwrap();
    assert_eq!(lastgate(&["eval", d]).status.code(), Some(1));
}

#[test]
fn eval_pins_verdicts_and_names_the_pages_that_moved() {
    let dir = eval_set("pinned", r#"{"flow_accuracy": 0.4, "alert_recall": 1.0, "false_alert_rate": 0.0}"#);
    let d = dir.to_str().unwrap();
    let o = lastgate(&["eval", d, "--update-expect"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pinned = std::fs::read_to_string(dir.join("expect.json")).unwrap();
    assert_eq!(pinned.lines().count(), 4, "one page a line: {pinned}");
    let o = lastgate(&["eval", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("all 2 unchanged"));
    // Pretend the token page was pinned as something else: the run fails and names it.
    std::fs::write(dir.join("expect.json"), pinned.replace("credential_reissue", "device_code")).unwrap();
    let o = lastgate(&["eval", d]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("pages/secret-token-page.html: device_code warn"), "{out}");
    assert!(stderr(&o).contains("--update-expect"), "{}", stderr(&o));
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    // `lastgate eval --json | head -1`: megabytes of lines into a pipe whose reader has gone.
    let mut child = Command::new(env!("CARGO_BIN_EXE_lastgate"))
        .args(["eval", "tests/corpus", "--json"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// The test suites take every corpus page's CLI verdict from one `eval --json` run (tests/lib/cli.mjs)
/// rather than one `scan` per page; that is only sound while the two print the same verdict.
#[test]
fn eval_json_prints_the_verdict_scan_prints_for_every_page() {
    let out = lastgate(&["eval", "tests/corpus", "--json"]);
    let labels: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/corpus/labels.json")).unwrap()).unwrap();
    let pages: Vec<&serde_json::Value> = labels["pages"].as_array().unwrap().iter().filter(|p| !p["late"].as_bool().unwrap_or(false)).collect();
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), pages.len(), "one line per static page");
    // Every 37th page, so the sample spans the corpus's batches and languages (~60 scans).
    for (row, label) in rows.iter().zip(&pages).step_by(37) {
        assert_eq!(row["file"], label["file"]);
        let path = format!("tests/corpus/{}", label["file"].as_str().unwrap());
        let mut args = vec!["scan", &path, "--url", label["url"].as_str().unwrap(), "--json"];
        if let Some(r) = label["referrer"].as_str().filter(|r| !r.is_empty()) {
            args.extend(["--referrer", r]);
        }
        let scan = lastgate(&args);
        assert!(scan.status.success(), "{path}: {}", stderr(&scan));
        let verdict: serde_json::Value = serde_json::from_slice(&scan.stdout).unwrap();
        assert_eq!(row["verdict"], verdict, "{path}");
    }
}
