//! The policy's organisation-specific keys change verdicts: one table, each row a page, a policy,
//! and the verdict the engine must give without and with it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use lastgate_engine::{Action, Control, ControlKind, Engine, Field, Flow, Observation, Policy, Verdict};

/// A page the table visits: its title, its one heading (none when empty), its visible text
/// (`{account}` stands for the account it names), its fields (type, name, label, autocomplete)
/// and its submit buttons.
struct Page {
    title: &'static str,
    heading: &'static str,
    text: &'static str,
    fields: &'static [(&'static str, &'static str, &'static str, &'static str)],
    buttons: &'static [&'static str],
}

impl Page {
    fn at(&self, url: &str) -> Observation {
        self.visit(url, "", "")
    }

    /// The page served at `url`, naming `account`, reached from `referrer`.
    fn visit(&self, url: &str, account: &str, referrer: &str) -> Observation {
        Observation {
            url: url.into(),
            referrer: referrer.into(),
            title: self.title.into(),
            headings: [self.heading].into_iter().filter(|h| !h.is_empty()).map(String::from).collect(),
            text: self.text.replace("{account}", account),
            fields: self
                .fields
                .iter()
                .map(|&(kind, name, label, autocomplete)| Field {
                    kind: kind.into(),
                    name: name.into(),
                    label: label.into(),
                    autocomplete: autocomplete.into(),
                    ..Field::default()
                })
                .collect(),
            controls: self
                .buttons
                .iter()
                .map(|&text| Control { kind: ControlKind::Button, text: text.into(), button_type: "submit".into(), href: String::new() })
                .collect(),
            ..Observation::default()
        }
    }
}

/// "Approve sign-in?" for an account, with Approve / Deny.
const APPROVE_SIGN_IN: Page = Page {
    title: "Approve sign-in request",
    heading: "Approve sign-in request",
    text: "Approve sign-in request\nSomeone is trying to sign in as {account} from Chrome on Windows.\nApprove\nDeny",
    fields: &[],
    buttons: &["Approve", "Deny"],
};

/// "Confirm your password to continue" inside a session.
const CONFIRM_PASSWORD: Page = Page {
    title: "Confirm your password",
    heading: "Confirm your password",
    text: "Confirm your password\nYou are entering sudo mode. Confirm your password to continue.\nConfirm",
    fields: &[("password", "password", "Password", "current-password")],
    buttons: &["Confirm"],
};

/// A set-new-password form reached from a reset link.
const SET_NEW_PASSWORD: Page = Page {
    title: "Reset your password",
    heading: "Reset your password",
    text: "Reset your password\nChoose a new password.\nNew password\nConfirm new password\nReset password",
    fields: &[("password", "new", "New password", "new-password"), ("password", "confirm", "Confirm new password", "new-password")],
    buttons: &["Reset password"],
};

/// A page of an in-house service with a name field and a "Create" button, and nothing in its
/// words that says what it creates.
const IN_HOUSE_CREATE: Page = Page {
    title: "Acme Vault",
    heading: "New",
    text: "Acme Vault\nNew\nName\nExpires in 30 days\nCreate",
    fields: &[("text", "name", "Name", "")],
    buttons: &["Create"],
};

/// An in-house pairing page: a code box and Continue, nothing that says "device" (not even the
/// device grant's `user_code` field name, which alone makes a device page).
const LINK_CODE: Page = Page {
    title: "Acme TV",
    heading: "Pair Acme",
    text: "Pair Acme\nEnter the pairing code\nContinue",
    fields: &[("text", "pairing", "Code", "")],
    buttons: &["Continue"],
};

/// An OAuth consent screen (its URL says which scope it asks for).
const CONSENT: Page = Page {
    title: "Authorize Build Bot",
    heading: "Build Bot wants to access your Acme account",
    text: "Build Bot wants to access your Acme account\nThis will allow Build Bot to:\nSee your projects\nAllow\nCancel",
    fields: &[],
    buttons: &["Allow", "Cancel"],
};

/// A console's start page naming the signed-in account: no flow at all.
const WELCOME: Page = Page { title: "", heading: "", text: "Welcome {account}", fields: &[], buttons: &[] };

fn verdict(policy: &str, obs: &Observation) -> Verdict {
    let policy = Policy::from_json_str(policy).unwrap_or_else(|e| panic!("{policy}: {e:?}"));
    Engine::new(policy).assess(obs).unwrap()
}

fn ids(v: &Verdict) -> Vec<&str> {
    v.reasons.iter().map(|r| r.id.as_str()).collect()
}

struct Row {
    name: &'static str,
    page: Observation,
    policy: &'static str,
    /// (flow, action, privileged, token_backed) without the policy, then with it.
    before: (Flow, Action, bool, bool),
    after: (Flow, Action, bool, bool),
    /// Reason ids the verdict under the policy must carry…
    reasons: &'static [&'static str],
    /// …and nothing else, when set.
    only: bool,
    /// Reason ids the policy takes away (then the risk may fall too).
    gone: &'static [&'static str],
}

#[test]
fn organisation_keys_change_verdicts() {
    use Action::*;
    let rows = [
        Row {
            name: "a privileged identity named on the page raises the stakes",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "ops-breakglass@corp.example", ""),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"]}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, true, false),
            reasons: &["stakes.privileged", "policy.privileged_identity"],
            only: false,
            gone: &[],
        },
        Row {
            name: "an identity the patterns do not match changes nothing",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", ""),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"]}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Notice, false, false),
            reasons: &[],
            only: false,
            gone: &[],
        },
        Row {
            name: "a per-stakes action applies to a privileged identity",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "OPS-BREAKGLASS@corp.example", ""),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"], "actions": {"privileged": "block"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Block, true, false),
            reasons: &["policy.privileged_identity", "policy.action"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a privileged app's own page",
            page: CONFIRM_PASSWORD.at("https://console.corp.example/sudo"),
            policy: r#"{"privileged_apps": ["console.corp.example"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["stakes.privileged", "policy.org_app"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a step-up on the IdP that returns to a privileged app",
            page: CONFIRM_PASSWORD.at("https://login.corp.example/reauth?continue=https%3A%2F%2Fconsole.corp.example%2Fprojects"),
            policy: r#"{"privileged_apps": ["https://console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a step-up that names its destination as the page's words do (webSudoDestination)",
            page: CONFIRM_PASSWORD.at("https://wiki.corp.example/authenticate.action?webSudoDestination=https%3A%2F%2Fconsole.corp.example%2Fprojects"),
            policy: r#"{"privileged_apps": ["console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a step-up reached from a privileged app",
            page: CONFIRM_PASSWORD.visit("https://login.corp.example/reauth", "", "https://console.corp.example/projects/1"),
            policy: r#"{"privileged_apps": ["console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            only: false,
            gone: &[],
        },
        Row {
            name: "another path of the same host is not the privileged app",
            page: CONFIRM_PASSWORD.at("https://console.corp.example/sudo"),
            policy: r#"{"privileged_apps": ["console.corp.example/admin"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Notice, false, false),
            reasons: &[],
            only: false,
            gone: &[],
        },
        Row {
            name: "a password reset in a token-backed app",
            page: SET_NEW_PASSWORD.at("https://vault.corp.example/reset?t=abc"),
            policy: r#"{"token_backed_apps": ["*.corp.example"], "actions": {"token_backed": "confirm"}}"#,
            before: (Flow::PasswordReset, Notice, false, false),
            after: (Flow::PasswordReset, Confirm, false, true),
            reasons: &["stakes.token_backed", "policy.org_app", "policy.action"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a flow on the organisation's identity provider concerns the work account",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", ""),
            policy: r#"{"identity_providers": {"hosts": ["login.corp.example"]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            only: false,
            gone: &[],
        },
        Row {
            name: "actions.org_account chooses the action on the identity provider",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", ""),
            policy: r#"{"identity_providers": {"hosts": ["*.corp.example"]}, "actions": {"org_account": "confirm"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Confirm, false, false),
            reasons: &["policy.identity_provider", "policy.action"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a per-flow action lower than a stakes floor is raised to the floor",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", ""),
            policy: r#"{"identity_providers": {"hosts": ["login.corp.example"]}, "actions": {"mfa_approval": "allow", "org_account": "warn"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a host imitating the organisation's domain is a look-alike",
            page: APPROVE_SIGN_IN.visit("https://corp-sso.net/approve", "jo@corp.example", ""),
            policy: r#"{"identity_providers": {"email_domains": ["corp.example"]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["context.lookalike_host"],
            only: false,
            gone: &[],
        },
        Row {
            name: "an identity provider whose name holds a known brand is not a look-alike",
            page: APPROVE_SIGN_IN.visit("https://sso.okta-corp.example/approve", "jo@corp.example", ""),
            policy: r#"{"identity_providers": {"hosts": ["sso.okta-corp.example"]}}"#,
            before: (Flow::MfaApproval, Warn, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            only: false,
            gone: &["context.lookalike_host"],
        },
        Row {
            name: "a catalog flow page makes an in-house service's page recognised",
            page: IN_HOUSE_CREATE.at("https://vault.acme.example/ui/x/new"),
            policy: r#"{"catalog": {"services": [{"name": "Acme Vault", "domains": ["acme.example"], "flow_pages": {"vault.acme.example/ui/*/new": "credential_reissue"}}]}}"#,
            before: (Flow::None, Allow, false, false),
            after: (Flow::CredentialReissue, Warn, false, true),
            reasons: &["flow.credential_reissue"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a catalog device page makes an in-house code-entry page a device-code sign-in",
            page: LINK_CODE.at("https://tv.acme.example/link"),
            policy: r#"{"catalog": {"services": [{"name": "Acme TV", "device_pages": ["tv.acme.example/link"]}]}}"#,
            before: (Flow::None, Allow, false, false),
            after: (Flow::DeviceCode, Warn, false, true),
            reasons: &["flow.device_code"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a catalog service's brand makes its look-alikes suspicious",
            page: APPROVE_SIGN_IN.visit("https://acmevault-login.net/approve", "jo@acme.example", ""),
            policy: r#"{"catalog": {"services": [{"name": "Acme Vault", "brand": "acmevault", "domains": ["acme.example"]}]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["context.lookalike_host"],
            only: false,
            gone: &[],
        },
        Row {
            name: "catalog scopes grade an in-house OAuth scope",
            page: CONSENT.at("https://auth.acme.example/oauth/authorize?client_id=abc&scope=acme.admin&response_type=code"),
            policy: r#"{"catalog": {"scopes": {"acme.admin": "privileged"}}}"#,
            before: (Flow::OauthConsent, Warn, false, true),
            after: (Flow::OauthConsent, Warn, true, true),
            reasons: &["stakes.privileged"],
            only: false,
            gone: &[],
        },
        Row {
            name: "a profile-only in-house scope is no longer treated as unknown",
            page: CONSENT.at("https://auth.acme.example/oauth/authorize?client_id=abc&scope=acme.profile&response_type=code"),
            policy: r#"{"catalog": {"scopes": {"acme.profile": "profile"}}}"#,
            before: (Flow::OauthConsent, Warn, false, true),
            after: (Flow::OauthConsent, Notice, false, false),
            reasons: &[],
            only: false,
            gone: &["stakes.token_backed"],
        },
        Row {
            name: "a trusted host is allowed, whatever stakes the policy names on it",
            page: APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "ops-breakglass@corp.example", ""),
            policy: r#"{"trusted_hosts": ["login.corp.example"], "privileged_identities": ["*-breakglass@corp.example"], "identity_providers": {"hosts": ["login.corp.example"]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::None, Allow, false, false),
            reasons: &["policy.trusted_host"],
            only: true,
            gone: &["flow.mfa_approval"],
        },
        Row {
            name: "a page without a flow is allowed whatever the policy names on it",
            page: WELCOME.visit("https://console.corp.example/admin", "ops-breakglass@corp.example", ""),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"], "privileged_apps": ["console.corp.example"], "identity_providers": {"hosts": ["console.corp.example"]}}"#,
            before: (Flow::None, Allow, false, false),
            after: (Flow::None, Allow, false, false),
            reasons: &[],
            only: true,
            gone: &[],
        },
    ];
    for row in rows {
        let see = |v: &Verdict| (v.flow, v.action, v.privileged, v.token_backed);
        let before = verdict("{}", &row.page);
        let after = verdict(row.policy, &row.page);
        assert_eq!(see(&before), row.before, "{} (without the policy): {:?}", row.name, ids(&before));
        assert_eq!(see(&after), row.after, "{} (with {}): {:?}", row.name, row.policy, ids(&after));
        for id in row.reasons {
            assert!(ids(&after).contains(id), "{}: no {id} in {:?}", row.name, ids(&after));
        }
        if row.only {
            assert_eq!(ids(&after), row.reasons, "{}", row.name);
        }
        for id in row.gone {
            assert!(ids(&before).contains(id) && !ids(&after).contains(id), "{}: {id} before {:?}, after {:?}", row.name, ids(&before), ids(&after));
        }
        assert!(after.risk >= before.risk || !row.gone.is_empty(), "{}: risk fell from {} to {}", row.name, before.risk, after.risk);
    }
}

/// The identity may sit in a dialog at the end of a long page (an admin console's user list with
/// a reset dialog appended to the body): every word is checked, with the maximum of patterns, in
/// bounded time.
#[test]
fn an_identity_after_a_megabyte_of_other_accounts_is_found() {
    let mut page = APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", "");
    let padding: String = (0..40_000).map(|i| format!("user{i}@corp.example svc-{i} ")).collect();
    page.text = format!("{}\n{padding}\nReset the password of ops-breakglass@corp.example?", page.text);
    assert!(page.text.len() > 1_000_000);
    let patterns: Vec<String> = (0..255).map(|i| format!("\"*-breakglass{i}@corp.example\"")).chain(["\"*-breakglass@corp.example\"".to_string()]).collect();
    let policy = format!("{{\"privileged_identities\": [{}]}}", patterns.join(", "));
    let start = std::time::Instant::now();
    let v = verdict(&policy, &page);
    assert!(v.privileged && ids(&v).contains(&"policy.privileged_identity"), "{:?}", ids(&v));
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    let too_many = format!("{{\"privileged_identities\": [{}, \"root@corp.example\"]}}", patterns.join(", "));
    let errors = Policy::from_json_str(&too_many).unwrap_err();
    assert!(errors[0].path == "privileged_identities" && errors[0].message.contains("at most 256"), "{errors:?}");
}

#[test]
fn the_verdict_names_the_account_only_when_reporting_asks_for_it() {
    let page = APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "jo@corp.example", "");
    let reporting = |include: bool| {
        format!(
            r#"{{"identity_providers": {{"email_domains": ["corp.example"]}}, "reporting": {{"endpoint": "https://otel.corp.example/v1/logs", "include_identity": {include}}}}}"#
        )
    };
    let asked = verdict(&reporting(true), &page);
    assert_ne!(asked.flow, Flow::None);
    assert_eq!(asked.identity.as_deref(), Some("jo@corp.example"));
    assert_eq!(verdict(&reporting(false), &page).identity, None);
    assert_eq!(verdict("{}", &page).identity, None);
    // Not in the JSON at all unless asked: front ends and collectors never see an empty field.
    assert!(!serde_json::to_string(&verdict("{}", &page)).unwrap().contains("identity"));
    // A page with no flow raises no event, so it names nobody either.
    let quiet = Observation { url: "https://news.corp.example/".into(), text: "Lunch menu for jo@corp.example".into(), ..Observation::default() };
    let v = verdict(&reporting(true), &quiet);
    assert_eq!((v.flow, v.identity), (Flow::None, None));
}

#[test]
fn engines_sharing_tables_keep_their_policies_apart() {
    let tables = lastgate_engine::Tables::builtin();
    let with_service = Policy::from_json_str(r#"{"catalog": {"services": [{"name": "Acme Vault", "brand": "acmevault", "domains": ["acmevault.example"], "flow_pages": {"acmevault.example/ui/tokens/new": "credential_reissue"}}]}}"#).unwrap();
    let a = Engine::with_tables(with_service.clone(), &tables);
    let b = Engine::with_tables(Policy::default(), &tables);
    let url = "https://acmevault.example/ui/tokens/new";
    assert!(a.triage(url).early, "the policy's flow page");
    assert!(!b.triage(url).early, "another policy's catalog leaked into an engine sharing its tables");
    // And an engine on shared tables is the engine Engine::new builds.
    let page = APPROVE_SIGN_IN.visit("https://login.corp.example/approve", "ops-breakglass@corp.example", "");
    assert_eq!(Engine::with_tables(with_service.clone(), &tables).assess(&page).unwrap(), Engine::new(with_service).assess(&page).unwrap());
}
