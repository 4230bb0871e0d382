//! The policy's organisation-specific keys change verdicts: one table, each row a page, a policy,
//! and the verdict the engine must give without and with it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use lastgate_engine::{Action, Control, ControlKind, Engine, Field, Flow, Observation, Policy, Verdict};

fn button(text: &str) -> Control {
    Control { kind: ControlKind::Button, text: text.into(), button_type: "submit".into(), href: String::new() }
}

fn field(kind: &str, name: &str, label: &str) -> Field {
    Field { kind: kind.into(), name: name.into(), label: label.into(), ..Field::default() }
}

/// "Approve sign-in?" for an account, with Approve / Deny.
fn approve_sign_in(url: &str, account: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "Approve sign-in request".into(),
        headings: vec!["Approve sign-in request".into()],
        text: format!("Approve sign-in request\nSomeone is trying to sign in as {account} from Chrome on Windows.\nApprove\nDeny"),
        controls: vec![button("Approve"), button("Deny")],
        ..Observation::default()
    }
}

/// "Confirm your password to continue" inside a session.
fn confirm_password(url: &str, referrer: &str) -> Observation {
    Observation {
        url: url.into(),
        referrer: referrer.into(),
        title: "Confirm your password".into(),
        headings: vec!["Confirm your password".into()],
        text: "Confirm your password\nYou are entering sudo mode. Confirm your password to continue.\nConfirm".into(),
        fields: vec![Field { autocomplete: "current-password".into(), ..field("password", "password", "Password") }],
        controls: vec![button("Confirm")],
        ..Observation::default()
    }
}

/// A set-new-password form reached from a reset link.
fn set_new_password(url: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "Reset your password".into(),
        headings: vec!["Reset your password".into()],
        text: "Reset your password\nChoose a new password.\nNew password\nConfirm new password\nReset password".into(),
        fields: vec![
            Field { autocomplete: "new-password".into(), ..field("password", "new", "New password") },
            Field { autocomplete: "new-password".into(), ..field("password", "confirm", "Confirm new password") },
        ],
        controls: vec![button("Reset password")],
        ..Observation::default()
    }
}

/// A page of an in-house service with a name field and a "Create" button, and nothing in its
/// words that says what it creates.
fn in_house_create(url: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "Acme Vault".into(),
        headings: vec!["New".into()],
        text: "Acme Vault\nNew\nName\nExpires in 30 days\nCreate".into(),
        fields: vec![field("text", "name", "Name")],
        controls: vec![button("Create")],
        ..Observation::default()
    }
}

/// An in-house pairing page: a code box and Continue, nothing that says "device" (not even the
/// device grant's `user_code` field name, which alone makes a device page).
fn link_code(url: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "Acme TV".into(),
        headings: vec!["Pair Acme".into()],
        text: "Pair Acme\nEnter the pairing code\nContinue".into(),
        fields: vec![field("text", "pairing", "Code")],
        controls: vec![button("Continue")],
        ..Observation::default()
    }
}

/// An OAuth consent screen asking for `scope`.
fn consent(scope: &str) -> Observation {
    Observation {
        url: format!("https://auth.acme.example/oauth/authorize?client_id=abc&scope={scope}&response_type=code"),
        title: "Authorize Build Bot".into(),
        headings: vec!["Build Bot wants to access your Acme account".into()],
        text: "Build Bot wants to access your Acme account\nThis will allow Build Bot to:\nSee your projects\nAllow\nCancel".into(),
        controls: vec![button("Allow"), button("Cancel")],
        ..Observation::default()
    }
}

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
    /// Reason ids the verdict under the policy must carry.
    reasons: &'static [&'static str],
    /// Reason ids the policy takes away (then the risk may fall too).
    gone: &'static [&'static str],
}

#[test]
fn organisation_keys_change_verdicts() {
    use Action::*;
    let rows = [
        Row {
            name: "a privileged identity named on the page raises the stakes",
            page: approve_sign_in("https://login.corp.example/approve", "ops-breakglass@corp.example"),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"]}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, true, false),
            reasons: &["stakes.privileged", "policy.privileged_identity"],
            gone: &[],
        },
        Row {
            name: "an identity the patterns do not match changes nothing",
            page: approve_sign_in("https://login.corp.example/approve", "jo@corp.example"),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"]}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Notice, false, false),
            reasons: &[],
            gone: &[],
        },
        Row {
            name: "a per-stakes action applies to a privileged identity",
            page: approve_sign_in("https://login.corp.example/approve", "OPS-BREAKGLASS@corp.example"),
            policy: r#"{"privileged_identities": ["*-breakglass@corp.example"], "actions": {"privileged": "block"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Block, true, false),
            reasons: &["policy.privileged_identity", "policy.action"],
            gone: &[],
        },
        Row {
            name: "a privileged app's own page",
            page: confirm_password("https://console.corp.example/sudo", ""),
            policy: r#"{"privileged_apps": ["console.corp.example"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["stakes.privileged", "policy.org_app"],
            gone: &[],
        },
        Row {
            name: "a step-up on the IdP that returns to a privileged app",
            page: confirm_password("https://login.corp.example/reauth?continue=https%3A%2F%2Fconsole.corp.example%2Fprojects", ""),
            policy: r#"{"privileged_apps": ["https://console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            gone: &[],
        },
        Row {
            name: "a step-up that names its destination as the page's words do (webSudoDestination)",
            page: confirm_password("https://wiki.corp.example/authenticate.action?webSudoDestination=https%3A%2F%2Fconsole.corp.example%2Fprojects", ""),
            policy: r#"{"privileged_apps": ["console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            gone: &[],
        },
        Row {
            name: "a step-up reached from a privileged app",
            page: confirm_password("https://login.corp.example/reauth", "https://console.corp.example/projects/1"),
            policy: r#"{"privileged_apps": ["console.corp.example/projects"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Warn, true, false),
            reasons: &["policy.org_app"],
            gone: &[],
        },
        Row {
            name: "another path of the same host is not the privileged app",
            page: confirm_password("https://console.corp.example/sudo", ""),
            policy: r#"{"privileged_apps": ["console.corp.example/admin"]}"#,
            before: (Flow::Reauthentication, Notice, false, false),
            after: (Flow::Reauthentication, Notice, false, false),
            reasons: &[],
            gone: &[],
        },
        Row {
            name: "a password reset in a token-backed app",
            page: set_new_password("https://vault.corp.example/reset?t=abc"),
            policy: r#"{"token_backed_apps": ["*.corp.example"], "actions": {"token_backed": "confirm"}}"#,
            before: (Flow::PasswordReset, Notice, false, false),
            after: (Flow::PasswordReset, Confirm, false, true),
            reasons: &["stakes.token_backed", "policy.org_app", "policy.action"],
            gone: &[],
        },
        Row {
            name: "a flow on the organisation's identity provider concerns the work account",
            page: approve_sign_in("https://login.corp.example/approve", "jo@corp.example"),
            policy: r#"{"identity_providers": {"hosts": ["login.corp.example"]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            gone: &[],
        },
        Row {
            name: "actions.org_account chooses the action on the identity provider",
            page: approve_sign_in("https://login.corp.example/approve", "jo@corp.example"),
            policy: r#"{"identity_providers": {"hosts": ["*.corp.example"]}, "actions": {"org_account": "confirm"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Confirm, false, false),
            reasons: &["policy.identity_provider", "policy.action"],
            gone: &[],
        },
        Row {
            name: "a per-flow action lower than a stakes floor is raised to the floor",
            page: approve_sign_in("https://login.corp.example/approve", "jo@corp.example"),
            policy: r#"{"identity_providers": {"hosts": ["login.corp.example"]}, "actions": {"mfa_approval": "allow", "org_account": "warn"}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            gone: &[],
        },
        Row {
            name: "a host imitating the organisation's domain is a look-alike",
            page: approve_sign_in("https://corp-sso.net/approve", "jo@corp.example"),
            policy: r#"{"identity_providers": {"email_domains": ["corp.example"]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["context.lookalike_host"],
            gone: &[],
        },
        Row {
            name: "an identity provider whose name holds a known brand is not a look-alike",
            page: approve_sign_in("https://sso.okta-corp.example/approve", "jo@corp.example"),
            policy: r#"{"identity_providers": {"hosts": ["sso.okta-corp.example"]}}"#,
            before: (Flow::MfaApproval, Warn, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["policy.identity_provider"],
            gone: &["context.lookalike_host"],
        },
        Row {
            name: "a catalog flow page makes an in-house service's page recognised",
            page: in_house_create("https://vault.acme.example/ui/x/new"),
            policy: r#"{"catalog": {"services": [{"name": "Acme Vault", "domains": ["acme.example"], "flow_pages": {"vault.acme.example/ui/*/new": "credential_reissue"}}]}}"#,
            before: (Flow::None, Allow, false, false),
            after: (Flow::CredentialReissue, Warn, false, true),
            reasons: &["flow.credential_reissue"],
            gone: &[],
        },
        Row {
            name: "a catalog device page makes an in-house code-entry page a device-code sign-in",
            page: link_code("https://tv.acme.example/link"),
            policy: r#"{"catalog": {"services": [{"name": "Acme TV", "device_pages": ["tv.acme.example/link"]}]}}"#,
            before: (Flow::None, Allow, false, false),
            after: (Flow::DeviceCode, Warn, false, true),
            reasons: &["flow.device_code"],
            gone: &[],
        },
        Row {
            name: "a catalog service's brand makes its look-alikes suspicious",
            page: approve_sign_in("https://acmevault-login.net/approve", "jo@acme.example"),
            policy: r#"{"catalog": {"services": [{"name": "Acme Vault", "brand": "acmevault", "domains": ["acme.example"]}]}}"#,
            before: (Flow::MfaApproval, Notice, false, false),
            after: (Flow::MfaApproval, Warn, false, false),
            reasons: &["context.lookalike_host"],
            gone: &[],
        },
        Row {
            name: "catalog scopes grade an in-house OAuth scope",
            page: consent("acme.admin"),
            policy: r#"{"catalog": {"scopes": {"acme.admin": "privileged"}}}"#,
            before: (Flow::OauthConsent, Warn, false, true),
            after: (Flow::OauthConsent, Warn, true, true),
            reasons: &["stakes.privileged"],
            gone: &[],
        },
        Row {
            name: "a profile-only in-house scope is no longer treated as unknown",
            page: consent("acme.profile"),
            policy: r#"{"catalog": {"scopes": {"acme.profile": "profile"}}}"#,
            before: (Flow::OauthConsent, Warn, false, true),
            after: (Flow::OauthConsent, Notice, false, false),
            reasons: &[],
            gone: &["stakes.token_backed"],
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
        for id in row.gone {
            assert!(ids(&before).contains(id) && !ids(&after).contains(id), "{}: {id} before {:?}, after {:?}", row.name, ids(&before), ids(&after));
        }
        assert!(after.risk >= before.risk || !row.gone.is_empty(), "{}: risk fell from {} to {}", row.name, before.risk, after.risk);
    }
}

#[test]
fn trusted_hosts_still_win_over_organisation_stakes() {
    let page = approve_sign_in("https://login.corp.example/approve", "ops-breakglass@corp.example");
    let v = verdict(r#"{"trusted_hosts": ["login.corp.example"], "privileged_identities": ["*-breakglass@corp.example"], "identity_providers": {"hosts": ["login.corp.example"]}}"#, &page);
    assert_eq!((v.action, ids(&v)), (Action::Allow, vec!["policy.trusted_host"]));
}

#[test]
fn a_page_without_a_flow_is_allowed_whatever_the_policy_names() {
    let page = Observation { url: "https://console.corp.example/admin".into(), text: "Welcome ops-breakglass@corp.example".into(), ..Observation::default() };
    let v = verdict(r#"{"privileged_identities": ["*-breakglass@corp.example"], "privileged_apps": ["console.corp.example"], "identity_providers": {"hosts": ["console.corp.example"]}}"#, &page);
    assert_eq!((v.flow, v.action), (Flow::None, Action::Allow));
}

/// The identity may sit in a dialog at the end of a long page (an admin console's user list with
/// a reset dialog appended to the body): every word is checked, with the maximum of patterns, in
/// bounded time.
#[test]
fn an_identity_after_a_megabyte_of_other_accounts_is_found() {
    let mut page = approve_sign_in("https://login.corp.example/approve", "jo@corp.example");
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
    let page = approve_sign_in("https://login.corp.example/approve", "jo@corp.example");
    let reporting = |include: bool| format!(r#"{{"identity_providers": {{"email_domains": ["corp.example"]}}, "reporting": {{"endpoint": "https://otel.corp.example/v1/logs", "include_identity": {include}}}}}"#);
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
    let page = approve_sign_in("https://login.corp.example/approve", "ops-breakglass@corp.example");
    assert_eq!(Engine::with_tables(with_service.clone(), &tables).assess(&page).unwrap(), Engine::new(with_service).assess(&page).unwrap());
}
