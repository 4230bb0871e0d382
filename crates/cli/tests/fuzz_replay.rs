//! Replays every fuzz target's seed corpus and every regression input (fuzz/) on stable, in
//! seconds, through the same calls the targets make (fuzz/fuzz_targets/*.rs). `make fuzz` runs the
//! targets for real with cargo-fuzz; this keeps every past crash fixed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;

use lastgate_engine::{Control, Engine, Field, Observation, Policy};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "md") {
                continue;
            }
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn replay(target: &str, run: impl Fn(&[u8])) {
    let inputs = inputs(target);
    assert!(!inputs.is_empty(), "fuzz/corpus/{target} has no seeds");
    for (path, data) in inputs {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
        assert!(result.is_ok(), "{target}: {} panics", path.display());
    }
}

#[test]
fn observation_target() {
    let engine = Engine::default();
    replay("observation", |data| {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(obs) = lastgate_engine::parse_observation(text) {
                let _ = engine.assess(&obs);
            }
        }
    });
}

#[test]
fn policy_target() {
    replay("policy", |data| {
        if let Ok(text) = std::str::from_utf8(data) {
            if let Ok(policy) = Policy::from_json_str(text) {
                let obs = Observation { url: "https://github.com/settings/tokens/new".into(), ..Default::default() };
                let _ = Engine::new(policy).assess(&obs);
            }
        }
    });
}

#[test]
fn html_target() {
    let engine = Engine::default();
    replay("html", |data| {
        let html = String::from_utf8_lossy(data);
        let obs = lastgate_html::extract(&html, "https://github.com/settings/tokens/new", "https://mail.google.com/");
        let _ = engine.assess(&obs);
    });
}

#[test]
fn url_target() {
    let engine = Engine::default();
    replay("url", |data| {
        let text = String::from_utf8_lossy(data);
        let (url, referrer) = text.split_once('\n').unwrap_or((&text, ""));
        let obs = Observation {
            url: url.to_string(),
            referrer: referrer.to_string(),
            text: "Enter the code displayed on your device".into(),
            fields: vec![Field { kind: "text".into(), name: "user_code".into(), ..Default::default() }],
            controls: vec![Control { text: "Continue".into(), button_type: "submit".into(), ..Default::default() }],
            ..Default::default()
        };
        let _ = engine.assess(&obs);
    });
}
