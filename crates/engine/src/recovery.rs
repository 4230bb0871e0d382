//! Recovery-request assessment: how much assurance a recovery or re-issue needs before it happens.
//!
//! The portal's side of the same risk the browser side sees. A help desk, a self-service portal or
//! an agent platform describes the request; the answer is `allow`, `step_up` (with exactly which
//! evidence is missing) or `deny`, with reasons citing NIST SP 800-63B-4 §4.2 (recovery methods per
//! assurance level; the subscriber is always notified) and the OWASP NHI Top 10 for non-human
//! identities. Knowledge-based answers never count as a recovery method (800-63B forbids them).
//!
//! What the identity reaches comes from the request and from the organisation's policy: an
//! `identity.account` that `privileged_identities` matches is privileged, `identity.apps` that
//! `privileged_apps` / `token_backed_apps` match make it privileged / token-backed. Production
//! reach counts as privileged and access to secrets as token-backed.

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::policy::Policy;
use crate::reasons::{recovery_reason as reason, RecoveryReasonId as Id};
use crate::verdict::Reason;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentityKind {
    Human,
    ServiceAccount,
    Workload,
    Agent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub kind: IdentityKind,
    #[serde(default)]
    pub privileged: bool,
    #[serde(default)]
    pub token_backed: bool,
    /// The accountable owner (required for non-human identities).
    #[serde(default)]
    pub owner: Option<String>,
    /// The identity's account name (`ana-admin@corp.example`), checked against the policy's
    /// `privileged_identities`.
    #[serde(default)]
    pub account: Option<String>,
    /// Apps the identity reaches, as URLs or `host/path` (`vault.corp.example/ui`), checked against
    /// the policy's `privileged_apps` and `token_backed_apps`.
    #[serde(default)]
    pub apps: Vec<String>,
    /// It reaches production (counts as privileged).
    #[serde(default)]
    pub production: bool,
    /// It holds or reads secrets (counts as token-backed).
    #[serde(default)]
    pub secrets: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecoveryAction {
    PasswordReset,
    MfaReset,
    AuthenticatorAdd,
    CredentialReissue,
    SessionRestore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    SelfService,
    HelpDesk,
    Agent,
    AdminConsole,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    RecoveryCode,
    RecoveryContact,
    Reproofing,
    ExistingAuthenticator,
    SecondPersonApproval,
    KnowledgeBased,
}

/// How the approver was asked to approve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproverVia {
    /// Through whoever asks (for the agent channel: the agent itself relayed the approval prompt).
    Requester,
    /// Through the approver's own channel, independent of the requester (their ticket queue, a call
    /// placed to a known number).
    OutOfBand,
}

/// Recent history of the identity, when the portal knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecoveryHistory {
    /// Recoveries or re-issues for this identity in the last 30 days.
    pub recoveries_last_30_days: u32,
    /// The request comes from a device never seen for this identity.
    pub new_device: bool,
}

/// A recovery or re-issue request (`docs/recovery.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecoveryRequest {
    pub identity: Identity,
    pub action: RecoveryAction,
    pub channel: Channel,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    pub requester: String,
    #[serde(default)]
    pub approver: Option<String>,
    /// What the approver is (a person unless said otherwise); only a person's approval counts.
    #[serde(default)]
    pub approver_kind: Option<IdentityKind>,
    /// How the approver was asked; an agent's credential request needs `out_of_band`.
    #[serde(default)]
    pub approver_via: Option<ApproverVia>,
    #[serde(default)]
    pub history: RecoveryHistory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Allow,
    StepUp,
    Deny,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryDecision {
    pub decision: Decision,
    /// Evidence still to gather before the request may proceed (for `step_up`).
    pub missing: Vec<Evidence>,
    pub reasons: Vec<Reason>,
    /// What the decision counted the identity as reaching: `privileged`, `token_backed`, from the
    /// request (production and secrets included) and from the policy.
    pub reach: Vec<String>,
}

/// Parses a request from JSON text; every problem, each with its path.
pub fn parse_recovery_request(text: &str) -> Result<RecoveryRequest, Vec<InputError>> {
    crate::input::parse_json(text, REQUEST_EXAMPLES)
}

/// A valid value for the request's keys (`docs/recovery.md`), shown beside a problem; the required
/// ones also let the read go on past their absence.
const REQUEST_EXAMPLES: crate::input::Examples = &[
    ("identity", r#"{"kind": "human", "account": "ana@corp.example"}"#),
    ("identity.kind", r#""human""#),
    ("identity.privileged", "true"),
    ("identity.token_backed", "false"),
    ("identity.owner", r#""platform-team@corp.example""#),
    ("identity.account", r#""ana-admin@corp.example""#),
    ("identity.apps", r#"["vault.corp.example/ui"]"#),
    ("identity.apps[]", r#""vault.corp.example/ui""#),
    ("identity.production", "true"),
    ("identity.secrets", "false"),
    ("action", r#""mfa_reset""#),
    ("channel", r#""help_desk""#),
    ("evidence", r#"["existing_authenticator"]"#),
    ("evidence[]", r#""recovery_code""#),
    ("requester", r#""ana@corp.example""#),
    ("approver", r#""lee@corp.example""#),
    ("approver_kind", r#""human""#),
    ("approver_via", r#""out_of_band""#),
    ("history", r#"{"recoveries_last_30_days": 0, "new_device": false}"#),
    ("history.recoveries_last_30_days", "1"),
    ("history.new_device", "true"),
];

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// `identity.apps[i]` as host and path: an http(s) URL or `host/path`, query and fragment dropped.
fn app_host_path(app: &str) -> Option<(String, String)> {
    let lower = app.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (host, path) = match rest.find('/') {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, "/"),
    };
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    let ok = !host.is_empty() && !rest.contains("://") && host.split('.').all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    ok.then(|| (host.to_string(), path.to_string()))
}

/// What the identity reaches, from the request and the policy: (privileged, token-backed, reach list,
/// whether the policy added to it).
fn reach(req: &RecoveryRequest, policy: &Policy) -> Result<(bool, bool, Vec<String>, bool), Vec<InputError>> {
    let id = &req.identity;
    let mut errors = Vec::new();
    let mut apps = Vec::new();
    for (i, app) in id.apps.iter().enumerate() {
        match app_host_path(app) {
            Some(hp) => apps.push(hp),
            None => errors.push(InputError::new(
                format!("identity.apps[{i}]"),
                format!("'{app}' is not an app address; write a URL or host/path, e.g. 'https://vault.corp.example/ui'"),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let by_account = id.account.as_deref().is_some_and(|a| policy.privileged_identities.iter().any(|p| p.matches(a.trim())));
    let by_app = |patterns: &[crate::policy::UrlPattern]| apps.iter().any(|(h, p)| patterns.iter().any(|pat| pat.matches(h, p)));
    let policy_privileged = by_account || by_app(&policy.privileged_apps);
    let policy_token = by_app(&policy.token_backed_apps);
    let privileged = id.privileged || id.production || policy_privileged;
    let token_backed = id.token_backed || id.secrets || policy_token;
    let mut list = Vec::new();
    for (on, name) in [(privileged, "privileged"), (token_backed, "token_backed"), (id.production, "production"), (id.secrets, "secrets")] {
        if on {
            list.push(name.to_string());
        }
    }
    let added = (policy_privileged && !(id.privileged || id.production)) || (policy_token && !(id.token_backed || id.secrets));
    Ok((privileged, token_backed, list, added))
}

/// Decides a recovery request; `policy` says what the organisation counts as privileged or
/// token-backed. Pure: the same request and policy always get the same answer.
pub fn assess_recovery_with(req: &RecoveryRequest, policy: &Policy) -> Result<RecoveryDecision, Vec<InputError>> {
    if req.requester.trim().is_empty() {
        return Err(vec![InputError::new("requester", "must name who asks (a user, an agent, a ticket's caller)")]);
    }
    let (privileged, token_backed, reach, policy_added) = reach(req, policy)?;
    let lang = "en";
    let has = |e: Evidence| req.evidence.contains(&e);
    let mut missing: Vec<Evidence> = Vec::new();
    let mut reasons = vec![reason(Id::NotifySubscriber, lang)];
    let mut deny = false;
    let high_stakes = privileged || token_backed;
    let non_human = req.identity.kind != IdentityKind::Human;
    let approver_named = req.approver.as_deref().is_some_and(|a| !a.trim().is_empty());
    let independent_approver = approver_named && !req.approver.as_deref().is_some_and(|a| same_person(a, &req.requester));
    let approver_human = req.approver_kind.map_or(true, |k| k == IdentityKind::Human);
    // A second person's approval counts when it is recorded, by a person, who is not the requester.
    let second_person = independent_approver && approver_human && has(Evidence::SecondPersonApproval);
    if policy_added {
        reasons.push(reason(Id::PolicyReach, lang));
    }
    if approver_named && !approver_human {
        reasons.push(reason(Id::ApproverNotHuman, lang));
    }

    // Non-human identities: someone must own them, or nobody is accountable for the new secret;
    // and their credentials are rotated, not recovered.
    let owner = req.identity.owner.as_deref().map(str::trim).filter(|o| !o.is_empty());
    if non_human {
        match owner {
            None => {
                deny = true;
                reasons.push(reason(Id::NhiWithoutOwner, lang));
            }
            Some(o) if !same_person(o, &req.requester) && !second_person => {
                reasons.push(reason(Id::NhiOwner, lang));
                missing.push(Evidence::SecondPersonApproval);
            }
            Some(_) => {}
        }
        reasons.push(reason(Id::NhiRotate, lang));
    }

    // Recovery methods per assurance level; knowledge-based answers never count.
    let methods = [Evidence::RecoveryCode, Evidence::RecoveryContact, Evidence::ExistingAuthenticator].iter().filter(|e| has(**e)).count();
    if !non_human {
        let enough = if high_stakes { has(Evidence::Reproofing) || methods >= 2 } else { has(Evidence::Reproofing) || methods >= 1 };
        if !enough {
            if high_stakes {
                reasons.push(reason(Id::Aal2Methods, lang));
                if methods == 1 {
                    for e in [Evidence::RecoveryCode, Evidence::RecoveryContact, Evidence::ExistingAuthenticator] {
                        if !has(e) {
                            missing.push(e);
                            break;
                        }
                    }
                } else {
                    missing.push(Evidence::Reproofing);
                }
            } else {
                reasons.push(reason(Id::Aal1Methods, lang));
                missing.push(Evidence::RecoveryCode);
            }
        }
        if req.channel == Channel::HelpDesk && req.identity.privileged && has(Evidence::KnowledgeBased) && !enough {
            reasons.push(reason(Id::KnowledgeBasedInsufficient, lang));
        }
    }

    // Two people for privileged or token-backed re-issue: the custodian asked is never the only approver.
    if high_stakes || req.action == RecoveryAction::CredentialReissue && non_human {
        if req.approver.as_deref().is_some_and(|a| same_person(a, &req.requester)) {
            deny = true;
            reasons.push(reason(Id::SelfApproval, lang));
        } else if !second_person {
            reasons.push(reason(Id::TwoPerson, lang));
            missing.push(Evidence::SecondPersonApproval);
        }
    }

    // An agent asking for a credential: a person approves who did not get the prompt from the
    // agent. The agent controls what it relays, so only an out-of-band approval counts.
    if req.channel == Channel::Agent && matches!(req.action, RecoveryAction::CredentialReissue | RecoveryAction::SessionRestore) {
        reasons.push(reason(Id::AgentNeedsHuman, lang));
        if second_person && req.approver_via == Some(ApproverVia::Requester) {
            reasons.push(reason(Id::AgentRelayedApproval, lang));
        }
        let approved = second_person && req.approver_via == Some(ApproverVia::OutOfBand);
        if !approved && !missing.contains(&Evidence::SecondPersonApproval) {
            missing.push(Evidence::SecondPersonApproval);
        }
    }

    // Repeated recoveries or a new device: re-proof rather than trust the usual methods again.
    if !non_human && (req.history.recoveries_last_30_days >= 2 || (req.history.new_device && high_stakes)) && !has(Evidence::Reproofing) {
        reasons.push(reason(Id::Repeated, lang));
        if !missing.contains(&Evidence::Reproofing) {
            missing.push(Evidence::Reproofing);
        }
    }

    missing.sort();
    missing.dedup();
    let decision = if deny {
        Decision::Deny
    } else if missing.is_empty() {
        Decision::Allow
    } else {
        Decision::StepUp
    };
    Ok(RecoveryDecision { decision, missing: if deny { Vec::new() } else { missing }, reasons, reach })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn req(json: &str) -> RecoveryRequest {
        parse_recovery_request(json).unwrap()
    }

    /// Under the built-in defaults (no organisation policy).
    fn assess_recovery(req: &RecoveryRequest) -> Result<RecoveryDecision, Vec<InputError>> {
        assess_recovery_with(req, &Policy::default())
    }

    fn decide(json: &str) -> RecoveryDecision {
        assess_recovery(&req(json)).unwrap()
    }

    fn ids(d: &RecoveryDecision) -> Vec<&str> {
        d.reasons.iter().map(|r| r.id.as_str()).collect()
    }

    /// One row per rule: (request, decision, missing evidence, a reason id that must be present).
    #[test]
    fn table() {
        #[rustfmt::skip]
        let rows: &[(&str, Decision, &[Evidence], &str)] = &[
            // Ordinary self-service reset with a recovery contact: allowed, subscriber notified.
            (r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"self_service","evidence":["recovery_contact"],"requester":"ana"}"#, Decision::Allow, &[], "recovery.notify_subscriber"),
            // No method at all: step up with a recovery code.
            (r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"self_service","evidence":[],"requester":"ana"}"#, Decision::StepUp, &[Evidence::RecoveryCode], "recovery.aal1_methods"),
            // Knowledge-based answers are not a method.
            (r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"self_service","evidence":["knowledge_based"],"requester":"ana"}"#, Decision::StepUp, &[Evidence::RecoveryCode], "recovery.aal1_methods"),
            // Privileged via help desk on knowledge-based answers alone: never enough.
            (r#"{"identity":{"kind":"human","privileged":true},"action":"mfa_reset","channel":"help_desk","evidence":["knowledge_based"],"requester":"cfo@corp","approver":"tier1@corp"}"#, Decision::StepUp, &[Evidence::Reproofing, Evidence::SecondPersonApproval], "recovery.knowledge_based_insufficient"),
            // Privileged with two methods and an independent second approver: allowed.
            (r#"{"identity":{"kind":"human","privileged":true},"action":"mfa_reset","channel":"help_desk","evidence":["recovery_code","existing_authenticator","second_person_approval"],"requester":"admin@corp","approver":"secops@corp"}"#, Decision::Allow, &[], "recovery.notify_subscriber"),
            // Privileged with one method: the next method is asked for.
            (r#"{"identity":{"kind":"human","privileged":true},"action":"password_reset","channel":"self_service","evidence":["recovery_code","second_person_approval"],"requester":"admin@corp","approver":"secops@corp"}"#, Decision::StepUp, &[Evidence::RecoveryContact], "recovery.aal2_methods"),
            // The custodian approving their own privileged re-issue: denied.
            (r#"{"identity":{"kind":"human","token_backed":true},"action":"credential_reissue","channel":"admin_console","evidence":["reproofing","second_person_approval"],"requester":"ops@corp","approver":"OPS@corp"}"#, Decision::Deny, &[], "recovery.self_approval"),
            // Token-backed re-issue without a second person: step up.
            (r#"{"identity":{"kind":"service_account","token_backed":true,"owner":"team-payments"},"action":"credential_reissue","channel":"admin_console","evidence":[],"requester":"dev@corp"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.two_person"),
            // A non-human identity nobody owns: denied (NHI1).
            (r#"{"identity":{"kind":"workload","token_backed":true},"action":"credential_reissue","channel":"admin_console","evidence":["second_person_approval"],"requester":"dev@corp","approver":"lead@corp"}"#, Decision::Deny, &[], "recovery.nhi_without_owner"),
            // An agent asking for a credential: a human approver who did not get the prompt from it.
            (r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":[],"requester":"release-agent"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.agent_needs_human"),
            (r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":["second_person_approval"],"requester":"release-agent","approver":"oncall@corp","approver_via":"out_of_band"}"#, Decision::Allow, &[], "recovery.agent_needs_human"),
            // The same approval, but the prompt reached the approver through the agent: it does not count.
            (r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":["second_person_approval"],"requester":"release-agent","approver":"oncall@corp","approver_via":"requester"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.agent_relayed_approval"),
            // How the approver was asked not stated: not shown to be independent of the agent.
            (r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":["second_person_approval"],"requester":"release-agent","approver":"oncall@corp"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.agent_needs_human"),
            // An approver that is itself automated is not a second person.
            (r#"{"identity":{"kind":"human","privileged":true},"action":"mfa_reset","channel":"admin_console","evidence":["reproofing","second_person_approval"],"requester":"admin@corp","approver":"approval-bot","approver_kind":"service_account"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.approver_not_human"),
            // An owned service account reset by someone else, nobody approving: the owner or a second person.
            (r#"{"identity":{"kind":"service_account","owner":"ana@corp"},"action":"mfa_reset","channel":"admin_console","evidence":[],"requester":"dev@corp"}"#, Decision::StepUp, &[Evidence::SecondPersonApproval], "recovery.nhi_owner"),
            // The owner asks: allowed, with rotation advice (NHI7).
            (r#"{"identity":{"kind":"service_account","owner":"ana@corp"},"action":"mfa_reset","channel":"admin_console","evidence":[],"requester":"ANA@corp"}"#, Decision::Allow, &[], "recovery.nhi_rotate"),
            // Production reach counts as privileged: two methods or re-proofing, and a second person.
            (r#"{"identity":{"kind":"human","production":true},"action":"password_reset","channel":"self_service","evidence":["recovery_contact"],"requester":"ana"}"#, Decision::StepUp, &[Evidence::RecoveryCode, Evidence::SecondPersonApproval], "recovery.aal2_methods"),
            // Third recovery this month: re-proof.
            (r#"{"identity":{"kind":"human"},"action":"mfa_reset","channel":"help_desk","evidence":["recovery_contact"],"requester":"ana","history":{"recoveries_last_30_days":2}}"#, Decision::StepUp, &[Evidence::Reproofing], "recovery.repeated"),
        ];
        for (i, (json, decision, missing, reason_id)) in rows.iter().enumerate() {
            let d = decide(json);
            assert_eq!(d.decision, *decision, "row {i}: {d:?}");
            assert_eq!(d.missing, missing.to_vec(), "row {i}: {d:?}");
            assert!(ids(&d).contains(reason_id), "row {i}: {:?}", ids(&d));
            assert_eq!(d.reasons[0].id, "recovery.notify_subscriber", "row {i}: notification is always required");
            assert!(d.reasons.iter().all(|r| !r.refs.is_empty()), "row {i}: a reason without refs");
            // Every decision on a non-human identity cites the OWASP NHI Top 10.
            if !json.contains(r#""kind":"human""#) {
                assert!(d.reasons.iter().flat_map(|r| &r.refs).any(|r| r.contains("OWASP NHI")), "row {i}: no NHI reference: {d:?}");
            }
        }
    }

    #[test]
    fn the_policy_says_what_an_account_and_its_apps_reach() {
        let policy = Policy::from_json_str(
            r#"{"privileged_identities":["*-admin@corp.example"],"privileged_apps":["console.corp.example/admin"],"token_backed_apps":["vault.corp.example"]}"#,
        )
        .unwrap();
        let base =
            r#"{"identity":{"kind":"human",REACH},"action":"password_reset","channel":"self_service","evidence":["recovery_contact"],"requester":"ana"}"#;
        let with = |reach: &str| assess_recovery_with(&req(&base.replace("REACH", reach)), &policy).unwrap();
        // Nothing the policy names: an ordinary reset, allowed.
        let d = with(r#""account":"ana@corp.example","apps":["https://wiki.corp.example/"]"#);
        assert_eq!((d.decision, d.reach.len()), (Decision::Allow, 0), "{d:?}");
        // The account matches privileged_identities: privileged, so two methods and a second person.
        let d = with(r#""account":"Ana-Admin@corp.example""#);
        assert_eq!(d.decision, Decision::StepUp);
        assert_eq!(d.reach, ["privileged"]);
        assert!(ids(&d).contains(&"recovery.policy_reach") && ids(&d).contains(&"recovery.two_person"), "{:?}", ids(&d));
        // An app under privileged_apps (a URL, query dropped) and one under token_backed_apps.
        let d = with(r#""apps":["https://console.corp.example/admin/users?x=1","vault.corp.example/ui"]"#);
        assert_eq!(d.reach, ["privileged", "token_backed"]);
        // The same request without the policy: nothing is privileged.
        let d = assess_recovery(&req(&base.replace("REACH", r#""account":"ana-admin@corp.example""#))).unwrap();
        assert_eq!(d.decision, Decision::Allow);
        // An app that is not an address is a located error.
        let e = assess_recovery_with(&req(&base.replace("REACH", r#""apps":["vault", "not a host/x"]"#)), &policy).unwrap_err();
        assert_eq!(e[0].path, "identity.apps[1]");
    }

    #[test]
    fn bad_requests_are_located_errors() {
        let e = parse_recovery_request(r#"{"identity":{"kind":"robot"},"action":"password_reset","channel":"self_service","requester":"a"}"#).unwrap_err();
        assert_eq!(e[0].path, "identity.kind");
        let e = parse_recovery_request(r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"phone","requester":"a"}"#).unwrap_err();
        assert_eq!(e[0].path, "channel");
        let e = parse_recovery_request(
            r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"help_desk","evidence":["gut_feeling"],"requester":"a"}"#,
        )
        .unwrap_err();
        assert_eq!(e[0].path, "evidence[0]");
        let e = assess_recovery(&req(r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"help_desk","requester":" "}"#)).unwrap_err();
        assert_eq!(e[0].path, "requester");
    }
}
