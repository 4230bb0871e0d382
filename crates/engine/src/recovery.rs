//! Recovery-request assessment: how much assurance a recovery or re-issue needs before it happens.
//!
//! The portal's side of the same risk the browser side sees. A help desk, a self-service portal or
//! an agent platform describes the request; the answer is `allow`, `step_up` (with exactly which
//! evidence is missing) or `deny`, with reasons citing NIST SP 800-63B-4 §4.2 (recovery methods per
//! assurance level; the subscriber is always notified) and the OWASP NHI Top 10 for non-human
//! identities. Knowledge-based answers never count as a recovery method (800-63B forbids them).

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::reasons::recovery_reason as reason;
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
}

/// Parses a request from JSON text, with the path of the problem.
pub fn parse_recovery_request(text: &str) -> Result<RecoveryRequest, Vec<InputError>> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| vec![crate::error::from_serde_path("", &e.path().to_string(), &e.inner().to_string())])
}

/// Deserialises a request from any serde deserializer (the wasm bindings pass a JSON value).
pub fn recovery_request_from<'de, D: serde::Deserializer<'de>>(de: D) -> Result<RecoveryRequest, Vec<InputError>> {
    serde_path_to_error::deserialize(de).map_err(|e| vec![crate::error::from_serde_path("", &e.path().to_string(), &e.inner().to_string())])
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Decides a recovery request. Pure: the same request always gets the same answer.
pub fn assess_recovery(req: &RecoveryRequest) -> Result<RecoveryDecision, Vec<InputError>> {
    if req.requester.trim().is_empty() {
        return Err(vec![InputError::new("requester", "must name who asks (a user, an agent, a ticket's caller)")]);
    }
    let lang = "en";
    let has = |e: Evidence| req.evidence.contains(&e);
    let mut missing: Vec<Evidence> = Vec::new();
    let mut reasons = vec![reason("recovery.notify_subscriber", lang)];
    let mut deny = false;
    let high_stakes = req.identity.privileged || req.identity.token_backed;
    let non_human = req.identity.kind != IdentityKind::Human;
    let independent_approver = req.approver.as_deref().is_some_and(|a| !a.trim().is_empty() && !same_person(a, &req.requester));

    // Non-human identities: someone must own them, or nobody is accountable for the new secret.
    if non_human && req.identity.owner.as_deref().map_or(true, |o| o.trim().is_empty()) {
        deny = true;
        reasons.push(reason("recovery.nhi_without_owner", lang));
    }

    // Recovery methods per assurance level; knowledge-based answers never count.
    let methods = [Evidence::RecoveryCode, Evidence::RecoveryContact, Evidence::ExistingAuthenticator].iter().filter(|e| has(**e)).count();
    if !non_human {
        let enough = if high_stakes { has(Evidence::Reproofing) || methods >= 2 } else { has(Evidence::Reproofing) || methods >= 1 };
        if !enough {
            if high_stakes {
                reasons.push(reason("recovery.aal2_methods", lang));
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
                reasons.push(reason("recovery.aal1_methods", lang));
                missing.push(Evidence::RecoveryCode);
            }
        }
        if req.channel == Channel::HelpDesk && req.identity.privileged && has(Evidence::KnowledgeBased) && !enough {
            reasons.push(reason("recovery.knowledge_based_insufficient", lang));
        }
    }

    // Two people for privileged or token-backed re-issue: the custodian asked is never the only approver.
    if high_stakes || req.action == RecoveryAction::CredentialReissue && non_human {
        if req.approver.as_deref().is_some_and(|a| same_person(a, &req.requester)) {
            deny = true;
            reasons.push(reason("recovery.self_approval", lang));
        } else if !(independent_approver && has(Evidence::SecondPersonApproval)) {
            reasons.push(reason("recovery.two_person", lang));
            missing.push(Evidence::SecondPersonApproval);
        }
    }

    // An agent asking for a credential: a human who did not get the prompt from the agent approves.
    if req.channel == Channel::Agent && matches!(req.action, RecoveryAction::CredentialReissue | RecoveryAction::SessionRestore) {
        reasons.push(reason("recovery.agent_needs_human", lang));
        let approved = independent_approver && has(Evidence::SecondPersonApproval);
        if !approved && !missing.contains(&Evidence::SecondPersonApproval) {
            missing.push(Evidence::SecondPersonApproval);
        }
    }

    // Repeated recoveries or a new device: re-proof rather than trust the usual methods again.
    if !non_human && (req.history.recoveries_last_30_days >= 2 || (req.history.new_device && high_stakes)) && !has(Evidence::Reproofing) {
        reasons.push(reason("recovery.repeated", lang));
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
    Ok(RecoveryDecision { decision, missing: if deny { Vec::new() } else { missing }, reasons })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]
mod tests {
    use super::*;

    fn req(json: &str) -> RecoveryRequest {
        parse_recovery_request(json).unwrap()
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
            (r#"{"identity":{"kind":"agent","token_backed":true,"owner":"ml-platform"},"action":"credential_reissue","channel":"agent","evidence":["second_person_approval"],"requester":"release-agent","approver":"oncall@corp"}"#, Decision::Allow, &[], "recovery.agent_needs_human"),
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
        }
    }

    #[test]
    fn bad_requests_are_located_errors() {
        let e = parse_recovery_request(r#"{"identity":{"kind":"robot"},"action":"password_reset","channel":"self_service","requester":"a"}"#).unwrap_err();
        assert_eq!(e[0].path, "identity.kind");
        let e = parse_recovery_request(r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"phone","requester":"a"}"#).unwrap_err();
        assert_eq!(e[0].path, "channel");
        let e = parse_recovery_request(r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"help_desk","evidence":["gut_feeling"],"requester":"a"}"#).unwrap_err();
        assert_eq!(e[0].path, "evidence[0]");
        let e = assess_recovery(&req(r#"{"identity":{"kind":"human"},"action":"password_reset","channel":"help_desk","requester":" "}"#)).unwrap_err();
        assert_eq!(e[0].path, "requester");
    }
}
