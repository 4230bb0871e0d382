//! `Engine::glance` must never settle a page that a full read would flag: over the labelled corpus,
//! a glance built the way the extension builds it (rendered text, every button and field, no
//! headings or labels) either asks for a full read or gives exactly the full read's verdict.
//! The same property is checked end to end in Chromium by tests/e2e/corpus.test.mjs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;

use lastgate_engine::{ControlKind, Engine, Flow, Observation};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

/// What the extension's glance holds for a page: what a full read holds, minus the work (no
/// headings, no field labels, links not looked at).
fn glance_of(full: &Observation) -> Observation {
    let mut g = full.clone();
    g.headings.clear();
    g.controls.retain(|c| c.kind == ControlKind::Button);
    for f in &mut g.fields {
        f.label.clear();
    }
    g
}

#[test]
fn glance_is_sound_on_the_corpus() {
    let labels: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(corpus().join("labels.json")).unwrap()).unwrap();
    let engine = Engine::default();
    let (mut settled, mut flagged, mut pages) = (0, 0, 0);
    for page in labels["pages"].as_array().unwrap() {
        let file = page["file"].as_str().unwrap();
        let html = std::fs::read_to_string(corpus().join(file)).unwrap();
        let full = lastgate_html::extract(&html, page["url"].as_str().unwrap(), page["referrer"].as_str().unwrap_or(""));
        let verdict = engine.assess(&full).unwrap();
        pages += 1;
        if verdict.flow != Flow::None || !verdict.reasons.is_empty() {
            flagged += 1;
        }
        match engine.glance(&glance_of(&full)).unwrap() {
            None => {}
            Some(v) => {
                settled += 1;
                assert_eq!(v, verdict, "{file}: the glance settled the page with a verdict the full read does not give");
            }
        }
    }
    // Not a tautology: the corpus has pages with no flow that the glance settles, and pages it must read.
    assert!(settled > 0, "the glance settled no page of {pages}: it does no good");
    assert!(flagged > settled.min(1), "sanity: the corpus has flagged pages");
    eprintln!("glance: {settled} of {pages} corpus pages settled without a full read; {flagged} flagged by the full read");
}

#[test]
fn glance_reads_what_matters_and_settles_the_rest() {
    let engine = Engine::default();
    let page = |url: &str, title: &str, text: &str| Observation { url: url.into(), title: title.into(), text: text.into(), ..Observation::default() };
    let article = page("https://news.example.org/2026/11/harvest", "Harvest festival", "The harvest festival returns to the old town square this weekend.");
    assert_eq!(engine.glance(&article).unwrap(), Some(lastgate_engine::Verdict::allow()));
    for (url, title, text) in [
        ("https://news.example.org/x", "Reset your password", "Enter your email address."),
        ("https://news.example.org/x", "Welcome", "Approve the sign-in request on your phone."),
        ("https://news.example.org/settings/tokens/new", "Welcome", "Hello."),
        ("https://microsoft.com/devicelogin", "Welcome", "Hello."),
        ("https://github-settings.com/welcome", "Welcome", "Hello."),
    ] {
        assert_eq!(engine.glance(&page(url, title, text)).unwrap(), None, "{url} {title}: must be read fully");
    }
    // Nothing readable says what an "Approve" button does, beside an image: read it.
    let mut opaque = page("https://news.example.org/x", "Welcome", "Approve");
    opaque.controls.push(lastgate_engine::Control { kind: ControlKind::Button, text: "Approve".into(), button_type: "submit".into(), href: String::new() });
    opaque.opaque.images = 1;
    assert_eq!(engine.glance(&opaque).unwrap(), None);
    // A bad URL is an error with a path, as for a full read.
    let errors = engine.glance(&page("not a url", "", "")).unwrap_err();
    assert_eq!(errors[0].path, "url");
}
