//! Bounded work on hostile input: huge, wide, deep and padded pages, absurd hosts and scope lists.
//! Each must be assessed without a crash or stack overflow, and padding must not hide a prompt.
//! (Time is measured by `make bench`, not asserted here.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use lastgate_engine::{Engine, Flow, Observation};

fn assess_html(html: &str, url: &str) -> lastgate_engine::Verdict {
    let obs = lastgate_html::extract(html, url, "");
    Engine::default().assess(&obs).unwrap()
}

const PROMPT: &str = "<h2>Regenerate personal access token</h2><p>Make sure to copy your personal access token now.</p><form><label for=n>Note</label><input id=n name=note><button type=submit>Regenerate token</button></form>";

#[test]
fn a_prompt_after_ten_megabytes_of_padding_is_still_found() {
    let para = "<p>Filler text about the weather and the harbour, nothing to do with accounts. <a href=/x>more</a></p>\n";
    let mut html = String::from("<html><head><title>Notes</title></head><body><h1>Notes</h1>");
    while html.len() < 10 * 1024 * 1024 {
        html.push_str(para);
    }
    html.push_str(PROMPT);
    html.push_str("</body></html>");
    let v = assess_html(&html, "https://github.com/settings/tokens/1/regenerate");
    assert_eq!(v.flow, Flow::CredentialReissue, "{v:?}");
}

#[test]
fn a_hundred_thousand_elements_and_ten_thousand_levels_do_not_break_anything() {
    let mut wide = String::from("<html><body>");
    for i in 0..100_000 {
        wide.push_str(&format!("<span>w{i}</span>"));
    }
    wide.push_str(PROMPT);
    let v = assess_html(&wide, "https://github.com/settings/tokens/new");
    assert_eq!(v.flow, Flow::CredentialReissue);

    let deep = format!("<html><body>{}{PROMPT}{}</body></html>", "<div>".repeat(10_000), "</div>".repeat(10_000));
    let v = assess_html(&deep, "https://github.com/settings/tokens/new");
    assert_eq!(v.flow, Flow::CredentialReissue);
}

#[test]
fn absurd_hosts_are_answered_not_crashed() {
    let engine = Engine::default();
    let label = "a".repeat(63);
    let long_host = vec![label.as_str(); 1024].join(".");
    for url in [
        format!("https://{long_host}/settings/tokens/new"),
        format!("https://{}.com/", "x".repeat(65_536)),
        format!("https://xn--{}.com/", "a".repeat(60)),
        "https://xn--.com/".to_string(),
        "https://[::1]/login/device".to_string(),
        "https://127.0.0.1:8443/".to_string(),
    ] {
        let obs = Observation { url: url.clone(), text: "Enter the code displayed on your device".into(), ..Observation::default() };
        match engine.assess(&obs) {
            Ok(_) => {}
            Err(errors) => assert!(errors.iter().all(|e| e.path == "url" && !e.message.is_empty()), "{errors:?}"),
        }
    }
}

#[test]
fn ten_thousand_scopes_are_graded() {
    let mut scopes: Vec<String> = (0..10_000).map(|i| format!("custom.scope.{i}")).collect();
    scopes.push("Directory.ReadWrite.All".into());
    let url = format!("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&scope={}", scopes.join("+"));
    let html = "<html><body><h1>Permissions requested</h1><p>This app would like to: read and write directory data</p><button>Accept</button><button>Cancel</button></body></html>";
    let v = assess_html(html, &url);
    assert_eq!(v.flow, Flow::OauthConsent);
    assert!(v.privileged && v.token_backed);
}

#[test]
fn an_unreadable_prompt_is_reported_as_unreadable_not_allowed_with_confidence() {
    let html = r#"<html><body><img src="prompt.png"><form><button type="submit">Approve</button><button>Cancel</button></form></body></html>"#;
    let v = assess_html(html, "https://login.example.com/approve");
    assert_eq!(v.flow, Flow::None);
    assert!(v.reasons.iter().any(|r| r.id == "reading.incomplete"), "{v:?}");
    // An ordinary page with images but nothing that acts stays quiet.
    let v = assess_html(r#"<html><body><img src="cat.png"><p>Cats.</p><a href="/more">More</a></body></html>"#, "https://example.com/");
    assert!(v.reasons.is_empty(), "{v:?}");
}
