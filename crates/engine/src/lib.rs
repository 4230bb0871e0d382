//! # lastgate-engine
//!
//! The recovery-risk engine: an [`Observation`] of a page in, a [`Verdict`] out.
//!
//! It decides which user-mediated custody flow a page is (password reset, MFA approval, device code,
//! OAuth consent, credential re-issue, recovery-factor change, re-authentication, access approval,
//! or none), whether one click there would restore **privileged** or **token-backed** access, and
//! whether someone may be steering the user (lookalike host, arrival from a mail or chat link,
//! urgency, coaching). The action follows a ladder: `allow` < `notice` < `warn` < `confirm` < `block`.
//!
//! **Architecture invariant:** this crate is pure. It knows nothing of JavaScript, the DOM, files or
//! the network; tables are compiled in from `data/`. Front ends (the wasm bindings, the CLI) do the
//! I/O and hand it plain values. It never panics on input: bad input is an [`InputError`] with a path.

mod assess;
mod catalog;
mod data;
mod error;
mod features;
mod input;
mod lang;
mod lexicon;
pub mod observation;
pub mod policy;
mod reasons;
pub mod recovery;
pub mod settings;
mod site;
mod structure;
mod suffixes;
mod text;
pub mod verdict;

pub use error::InputError;
pub use observation::{BrowserContext, Control, ControlKind, Field, Observation, Opaque, RecentEvent};
pub use policy::{Mode, Policy};
pub use reasons::has_messages_for;
pub use recovery::{assess_recovery_with, parse_recovery_request, Decision, RecoveryDecision, RecoveryRequest};
pub use settings::{resolve, Resolved, Settings};
pub use verdict::{Action, Flow, Reason, Verdict};

use url::Url;

/// Version of the engine, reported with events and shown by front ends.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The compiled built-in tables — the phrase automaton, the Public Suffix List and the catalog —
/// which are most of the cost of building an engine (`make bench`: `engine_native_build_ms`) and
/// the same for every policy. Build them once and give them to [`Engine::with_tables`] for each
/// policy: a front end can build them while it still waits for its policy, and a changed policy
/// then costs only what the policy itself adds.
#[derive(Clone)]
pub struct Tables {
    lexicon: std::sync::Arc<lexicon::Lexicon>,
    catalog: catalog::Catalog,
}

impl Tables {
    pub fn builtin() -> Tables {
        Tables { lexicon: std::sync::Arc::new(lexicon::Lexicon::builtin()), catalog: catalog::Catalog::builtin() }
    }
}

/// An engine with its policy and compiled tables. Build once, assess many pages.
pub struct Engine {
    policy: Policy,
    lexicon: std::sync::Arc<lexicon::Lexicon>,
    catalog: catalog::Catalog,
}

impl Engine {
    pub fn new(policy: Policy) -> Engine {
        Engine::with_tables(policy, &Tables::builtin())
    }

    /// An engine for `policy` on tables built before ([`Tables::builtin`]); the same engine as
    /// [`Engine::new`] gives.
    pub fn with_tables(policy: Policy, tables: &Tables) -> Engine {
        let mut catalog = tables.catalog.clone();
        catalog.add(&policy.catalog, &policy.own_domains());
        Engine { policy, lexicon: std::sync::Arc::clone(&tables.lexicon), catalog }
    }

    /// What a front end reads of this engine's policy besides verdicts (mode, help desk, what the
    /// user may override, where to report), every default filled in.
    pub fn settings(&self) -> Settings {
        Settings::of(&self.policy)
    }

    /// Decides a recovery or re-issue request under this engine's policy (what it counts as
    /// privileged or token-backed): [`assess_recovery_with`].
    pub fn assess_recovery(&self, req: &RecoveryRequest) -> Result<RecoveryDecision, Vec<InputError>> {
        recovery::assess_recovery_with(req, &self.policy)
    }

    /// Assesses one observation. Errors only for an unusable URL.
    pub fn assess(&self, obs: &Observation) -> Result<Verdict, Vec<InputError>> {
        let url = parse_page_url(&obs.url).map_err(|e| vec![e])?;
        let site = site::Site::from_url(&url, &self.catalog);
        let features = features::extract(obs, &site, &self.lexicon, &self.catalog);
        Ok(assess::assess(obs, &site, &features, &self.catalog, &self.policy))
    }

    /// Why the engine decided as it did, for people tuning a page or a policy (`lastgate scan
    /// --explain`): the phrases found in each zone of the page and what its structure showed.
    /// Not a contract: the wording and layout change with the engine.
    pub fn explain(&self, obs: &Observation) -> Result<String, Vec<InputError>> {
        let url = parse_page_url(&obs.url).map_err(|e| vec![e])?;
        let site = site::Site::from_url(&url, &self.catalog);
        let f = features::extract(obs, &site, &self.lexicon, &self.catalog);
        let mut out = String::new();
        let mut zone = |name: &str, text: &str| {
            let found = self.lexicon.phrases(text);
            if !found.is_empty() {
                let list: Vec<String> = found.iter().map(|(s, p)| format!("{s:?}:{p}")).collect();
                out.push_str(&format!("{name}: {}\n", list.join(" | ")));
            }
        };
        zone("title", &obs.title);
        for h in &obs.headings {
            zone("heading", h);
        }
        zone("text", &obs.text);
        for c in obs.controls.iter().filter(|c| c.kind == ControlKind::Button) {
            zone(&format!("button '{}'", c.text), &c.text);
        }
        for fl in &obs.fields {
            zone(&format!("field {} '{}'", fl.kind, fl.name), &format!("{} {} {} {}", fl.label, fl.name, fl.id, fl.placeholder));
        }
        zone("url", &features::url_words(&site));
        out.push_str(&format!("{f:#?}\n"));
        Ok(out)
    }

    /// A cheap first look at a page, for front ends that pay for every full read (the extension, on
    /// every page a person opens). `obs` is an observation built without per-element style reads — the
    /// page's rendered text (`innerText`) as `text`, every button-like control and field, opaque content
    /// counted whether visible or not — so it holds at least what a full read would find.
    ///
    /// `Ok(Some(verdict))`: the page shows nothing that could make a flow, and `verdict` is what
    /// [`Engine::assess`] gives its full read. `Ok(None)`: read the page fully. The answer is "read"
    /// for any topic phrase of any flow in the title or text, any flow-shaped URL, a known flow page,
    /// a lookalike or suspicious host, or an acting control beside unreadable content.
    pub fn glance(&self, obs: &Observation) -> Result<Option<Verdict>, Vec<InputError>> {
        let url = parse_page_url(&obs.url).map_err(|e| vec![e])?;
        // What the URL alone says comes first, before any text is scanned: pages triage marks
        // `read` (known flow pages, lookalike and suspicious hosts, flow-shaped URLs) are always
        // read. One rule for both: triage.read is exactly "the glance cannot settle this URL".
        if self.triage(&obs.url).read {
            return Ok(None);
        }
        let site = site::Site::from_url(&url, &self.catalog);
        let features = features::extract(obs, &site, &self.lexicon, &self.catalog);
        Ok(assess::glance(obs, &site, &features, &self.catalog, &self.policy))
    }

    /// What the URL alone says before the page has loaded: whether a front end should look at the
    /// page at once (`early`) or may wait until it has loaded. The extension uses this to stay out
    /// of ordinary pages' load path while being in place before the user can click on a known
    /// recovery or approval page, a lookalike host or a host the policy marks suspicious. Never a
    /// verdict: the page is always assessed from what it shows.
    pub fn triage(&self, raw_url: &str) -> Triage {
        let Ok(url) = parse_page_url(raw_url) else {
            return Triage { early: false, read: false, why: "not_http" };
        };
        let site = site::Site::from_url(&url, &self.catalog);
        if self.policy.is_trusted(&site.host) {
            return Triage { early: false, read: false, why: "trusted_host" };
        }
        if self.policy.is_suspicious(&site.host) {
            return Triage { early: true, read: true, why: "suspicious_host" };
        }
        let host_path = site.host_path();
        if self.catalog.flow_page_for(&host_path).is_some()
            || self.catalog.device_page_for(&host_path).is_some()
            || self.catalog.app_path_flow(&site.path, &site.query).is_some()
        {
            return Triage { early: true, read: true, why: "flow_page" };
        }
        if !site::host_signals(&site, &self.catalog).is_empty() {
            return Triage { early: true, read: true, why: "deceptive_host" };
        }
        // A flow-shaped URL (`/reset-password`, `/oauth/authorize`, …) on a host we know nothing
        // about: the glance would answer "read" whatever the page shows (assess::glance), so a
        // front end can skip it. Not early: the URL's words alone are not worth entering a page
        // before its load.
        let url_hits = self.lexicon.scan(&features::url_words(&site));
        if assess::GLANCE_URL.iter().any(|&s| url_hits.has(s)) {
            return Triage { early: false, read: true, why: "flow_url" };
        }
        Triage { early: false, read: false, why: "ordinary" }
    }
}

/// The answer of [`Engine::triage`]; `why` is a stable id for logs and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Triage {
    /// Look at the page before its load event when that is late.
    pub early: bool,
    /// [`Engine::glance`] could only answer "read": read the page fully at once, without a glance.
    pub read: bool,
    pub why: &'static str,
}

impl Default for Engine {
    fn default() -> Self {
        Engine::new(Policy::default())
    }
}

/// A page's URL as the engine reads it: an absolute http(s) URL whose host is plain ASCII (punycode
/// for international names). `Err` (path `url`) says what is wrong and what to give instead; front
/// ends check URLs a person typed with this before they build an observation.
pub fn parse_page_url(raw: &str) -> Result<Url, InputError> {
    match site::parse_url(raw) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(u),
        Ok(u) => Err(InputError::new("url", format!("'{raw}' is a {}: URL; expected an absolute http: or https: URL", u.scheme()))),
        Err(e) => Err(InputError::new("url", format!("'{raw}' is not a usable URL ({e}); expected an absolute URL like https://example.com/path"))),
    }
}

/// Parses an observation from JSON text; every problem, each with its path.
pub fn parse_observation(text: &str) -> Result<Observation, Vec<InputError>> {
    input::parse_json(text, OBSERVATION_EXAMPLES)
}

/// A valid value for the observation's keys (`docs/observation.md`), shown beside a problem.
const OBSERVATION_EXAMPLES: input::Examples = &[
    ("url", r#""https://login.example.com/reset""#),
    ("referrer", r#""https://mail.google.com/""#),
    ("title", r#""Reset your password""#),
    ("lang", r#""en""#),
    ("text", r#""Reset your password\nEnter your e-mail""#),
    ("headings", r#"["Reset your password"]"#),
    ("headings[]", r#""Reset your password""#),
    ("fields", r#"[{"type": "email", "label": "E-mail"}]"#),
    ("fields[]", r#"{"type": "email", "label": "E-mail"}"#),
    ("fields[].type", r#""password""#),
    ("fields[].checked", "true"),
    ("controls", r#"[{"kind": "button", "text": "Send reset link", "type": "submit"}]"#),
    ("controls[]", r#"{"kind": "button", "text": "Send reset link", "type": "submit"}"#),
    ("controls[].kind", r#""button""#),
    ("controls[].type", r#""submit""#),
    ("context", r#"{"ui_lang": "en", "recent": [], "redirects": []}"#),
    ("context.recent[]", r#"{"kind": "sign_in_started", "site": "example.com", "age_s": 30}"#),
    ("context.recent[].age_s", "30"),
    ("context.redirects[]", r#""https://links.example.net/r/1""#),
    ("opaque", r#"{"images": 0, "canvases": 0, "frames": 0, "unread": 0}"#),
    ("opaque.images", "2"),
    ("opaque.canvases", "0"),
    ("opaque.frames", "1"),
    ("opaque.unread", "0"),
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    // Input errors (src/input.rs) through the two entry points that read JSON.
    fn problems(text: &str) -> Vec<String> {
        parse_observation(text).err().unwrap_or_default().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn every_problem_has_its_path_and_no_serde_words() {
        let got = problems(
            r#"{"url": "https://a.test/", "text": 1, "fieldz": [], "fields": [{"type": 3}, 5, {"checked": "yes"}],
                "controls": [{"kind": "buton"}], "opaque": {"images": -1}}"#,
        );
        let want = [
            "text: expected text (a JSON string), found the number 1",
            "fieldz: unknown key 'fieldz'; did you mean 'fields'?",
            "fields[0].type: expected text (a JSON string), found the number 3; for example \"password\"",
            "fields[1]: expected an object ({…}), found the number 5",
            "fields[2].checked: expected true or false, found the text \"yes\"; for example true",
            "controls[0].kind: unknown value 'buton'; did you mean 'button'? expected one of button, link",
            "opaque.images: expected a whole number, 0 or more, found the number -1",
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for w in want {
            assert!(got.iter().any(|g| g.starts_with(w)), "{w} not in {got:#?}");
        }
        for g in &got {
            for serde_word in ["variant", "invalid type", "at line", "sequence", "u32", "`"] {
                assert!(!g.contains(serde_word), "{g}");
            }
        }
    }

    #[test]
    fn a_missing_required_key_is_said_once_and_reading_goes_on() {
        let errs = crate::recovery::parse_recovery_request(r#"{"identity": {"kind": 7}, "channel": "help_desk", "requester": "a", "evidence": ["kba"]}"#)
            .err()
            .unwrap_or_default();
        let got: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(got.len(), 3, "{got:#?}");
        assert!(got.iter().any(|g| g.starts_with("identity.kind: expected")), "{got:#?}");
        assert!(got.iter().any(|g| g == "action: required key 'action' is missing; for example \"mfa_reset\""), "{got:#?}");
        assert!(got.iter().any(|g| g.starts_with("evidence[0]: unknown value 'kba'")), "{got:#?}");
    }

    #[test]
    fn the_wrong_kind_of_document_and_broken_json_are_one_problem() {
        assert_eq!(problems("[]"), ["expected a JSON object ({…}), found a list"]);
        assert_eq!(problems(r#"{"url": "#), ["not valid JSON at line 1, column 8: EOF while parsing a value"]);
        // A document of another kind: one problem per key, capped, never a loop.
        let many: String = format!("{{{}}}", (0..40).map(|i| format!("\"k{i}\": {i}")).collect::<Vec<_>>().join(", "));
        let got = problems(&many);
        assert_eq!(got.len(), 20, "{got:#?}");
        assert!(parse_observation(r#"{"url": "https://a.test/", "fields": [{"type": "email"}]}"#).is_ok());
    }

    #[test]
    fn triage_looks_early_only_at_flow_pages_and_deceptive_hosts() {
        let e = Engine::default();
        let cases = [
            ("https://github.com/settings/tokens/new", true, true, "flow_page"),
            ("https://microsoft.com/devicelogin", true, true, "flow_page"),
            ("https://github-settings.com/login", true, true, "deceptive_host"),
            ("https://news.example.org/2026/11/story", false, false, "ordinary"),
            ("https://github.com/rust-lang/rust", false, false, "ordinary"),
            ("https://id.example.net/account/reset-password?token=x", false, true, "flow_url"),
            ("chrome://settings", false, false, "not_http"),
            ("not a url", false, false, "not_http"),
        ];
        for (url, early, read, why) in cases {
            assert_eq!(e.triage(url), Triage { early, read, why }, "{url}");
        }
        let p = Policy::from_json_str(r#"{"suspicious_hosts": ["*.evil.example"], "trusted_hosts": ["github.com"]}"#).unwrap();
        let e = Engine::new(p);
        assert_eq!(e.triage("https://a.evil.example/x").why, "suspicious_host");
        assert_eq!(e.triage("https://github.com/settings/tokens/new").why, "trusted_host");
    }

    /// `read` promises what the glance does: on a page whose URL triage marks `read`, the glance
    /// answers "read" even when the page shows nothing at all.
    #[test]
    fn triage_read_means_the_glance_would_say_read() {
        let e = Engine::default();
        for url in
            ["https://id.example.net/account/reset-password", "https://sso.example.net/oauth/authorize?client_id=x", "https://news.example.org/2026/11/story"]
        {
            let blank = Observation { url: url.into(), ..Observation::default() };
            assert_eq!(e.triage(url).read, e.glance(&blank).unwrap().is_none(), "{url}");
        }
        assert!(e.triage("https://id.example.net/account/reset-password").read);
        assert!(!e.triage("https://news.example.org/2026/11/story").read);
    }

    fn device_page(url: &str, referrer: &str) -> Observation {
        Observation {
            url: url.into(),
            referrer: referrer.into(),
            title: "Device activation".into(),
            headings: vec!["Device activation".into()],
            text: "Device activation\nEnter the code displayed on your device\nContinue".into(),
            fields: vec![Field { kind: "text".into(), name: "user_code".into(), label: "Code".into(), ..Field::default() }],
            controls: vec![Control { kind: ControlKind::Button, text: "Continue".into(), button_type: "submit".into(), href: String::new() }],
            ..Observation::default()
        }
    }

    fn ids(v: &Verdict) -> Vec<&str> {
        v.reasons.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn a_prefilled_device_code_adds_risk_and_a_mail_link_makes_it_confirm() {
        let e = Engine::default();
        let plain = e.assess(&device_page("https://github.com/login/device", "")).unwrap();
        let filled = e.assess(&device_page("https://github.com/login/device?user_code=WDJB-MJHT", "")).unwrap();
        let mailed = e.assess(&device_page("https://github.com/login/device?user_code=WDJB-MJHT", "https://mail.google.com/mail/u/0/")).unwrap();
        assert_eq!(plain.flow, Flow::DeviceCode);
        assert!(!ids(&plain).contains(&"context.prefilled_code"));
        assert!(ids(&filled).contains(&"context.prefilled_code"));
        assert!(filled.risk > plain.risk);
        assert_eq!(mailed.action, Action::Confirm);
        assert!(mailed.risk > filled.risk);
    }

    #[test]
    fn risk_is_monotone_in_the_evidence() {
        let e = Engine::default();
        let mut obs = device_page("https://github.com/login/device", "");
        let base = e.assess(&obs).unwrap().risk;
        obs.text.push_str("\nYour account will be suspended. Act now, within 30 minutes.");
        let urgent = e.assess(&obs).unwrap().risk;
        obs.text.push_str("\nRead the code to our support agent on the phone.");
        let coached = e.assess(&obs).unwrap().risk;
        assert!(base < urgent && urgent < coached, "{base} {urgent} {coached}");
    }

    #[test]
    fn missing_history_is_not_suspicious() {
        let e = Engine::default();
        let v = e.assess(&device_page("https://github.com/login/device", "")).unwrap();
        assert!(ids(&v).iter().all(|id| !id.starts_with("context.")), "{:?}", ids(&v));
    }

    #[test]
    fn messages_follow_the_text_then_the_page_then_the_browser_language() {
        let e = Engine::default();
        let mut obs = device_page("https://github.com/login/device", "");
        // English text: the reasons are English whatever the page declares.
        obs.lang = "de-DE".into();
        assert!(e.assess(&obs).unwrap().reasons[0].message.starts_with("This page"));
        // Too little text to tell: the declared language, then the browser's.
        obs.text = "Device Activation\nCode".into();
        obs.title = String::new();
        let de = e.assess(&obs).unwrap();
        obs.lang = String::new();
        obs.context.ui_lang = "fr".into();
        let fr = e.assess(&obs).unwrap();
        obs.context.ui_lang = "xx".into();
        let en = e.assess(&obs).unwrap();
        assert_ne!(de.reasons[0].message, en.reasons[0].message);
        assert_ne!(fr.reasons[0].message, en.reasons[0].message);
        assert!(en.reasons[0].message.starts_with("This page"));
    }
}
