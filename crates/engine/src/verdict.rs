//! The verdict: which flow a page is, what one click would restore, and what to do about it.
//!
//! Serialises to the JSON contract every front end prints and stores:
//! `{"flow", "action", "risk", "privileged", "token_backed", "reasons": [{"id", "message", "refs"}]}`.

use serde::{Deserialize, Serialize};

/// The kinds of user-mediated custody flow (see `shared/DOMAIN.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    PasswordReset,
    MfaApproval,
    DeviceCode,
    OauthConsent,
    CredentialReissue,
    RecoveryFactorChange,
    Reauthentication,
    AccessApproval,
    None,
}

impl Flow {
    /// Every flow, `None` last.
    pub const ALL: [Flow; 9] = [
        Flow::PasswordReset,
        Flow::MfaApproval,
        Flow::DeviceCode,
        Flow::OauthConsent,
        Flow::CredentialReissue,
        Flow::RecoveryFactorChange,
        Flow::Reauthentication,
        Flow::AccessApproval,
        Flow::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flow::PasswordReset => "password_reset",
            Flow::MfaApproval => "mfa_approval",
            Flow::DeviceCode => "device_code",
            Flow::OauthConsent => "oauth_consent",
            Flow::CredentialReissue => "credential_reissue",
            Flow::RecoveryFactorChange => "recovery_factor_change",
            Flow::Reauthentication => "reauthentication",
            Flow::AccessApproval => "access_approval",
            Flow::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Flow> {
        Flow::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// What Lastgate does about a page, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Allow,
    Notice,
    Warn,
    Confirm,
    Block,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Allow, Action::Notice, Action::Warn, Action::Confirm, Action::Block];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Allow => "allow",
            Action::Notice => "notice",
            Action::Warn => "warn",
            Action::Confirm => "confirm",
            Action::Block => "block",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One reason behind a verdict: a stable id, one sentence, and the standards it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub id: String,
    pub message: String,
    pub refs: Vec<String>,
}

/// The engine's answer for one observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub flow: Flow,
    pub action: Action,
    /// 0–100, monotone in the evidence.
    pub risk: u8,
    /// The click restores or grants admin/owner/root/production/org-wide access.
    pub privileged: bool,
    /// The click mints, reveals, rotates or delegates a programmatic bearer credential.
    pub token_backed: bool,
    pub reasons: Vec<Reason>,
    /// The page's own texts of the controls that would carry the flow out ("Approve", "Generate
    /// token"). Empty when there is no flow. Front ends hold exactly these at `confirm`.
    #[serde(default)]
    pub hold: Vec<String>,
    /// The organisation account the flow page names (`policy.org_account_in`), only when the
    /// policy's `reporting.include_identity` asks for it and only on a flow page; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The language the reasons' messages are written in (the page's when the engine has it, else
    /// the browser's, else English); empty when there are no reasons.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub lang: String,
}

impl Verdict {
    /// The verdict for a page with nothing to say.
    pub fn allow() -> Self {
        Verdict {
            flow: Flow::None,
            action: Action::Allow,
            risk: 0,
            privileged: false,
            token_backed: false,
            reasons: Vec::new(),
            hold: Vec::new(),
            identity: None,
            lang: String::new(),
        }
    }
}
