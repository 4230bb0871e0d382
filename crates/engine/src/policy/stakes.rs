//! What the organisation's policy says a flow page's click restores, beyond what the page itself
//! says: the accounts it names, the app it unlocks, the organisation's own sign-in.

use super::patterns::MAX_ACCOUNT;
use super::Policy;
use crate::catalog::UrlPattern;
use crate::observation::Observation;
use crate::reasons::ReasonId;
use crate::site::Site;
use crate::verdict::{Action, Flow};

/// What a click restores, as `actions` can name it beside the flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stakes {
    /// Admin, owner, production or organisation-wide access (`Verdict::privileged`).
    Privileged,
    /// A programmatic bearer credential (`Verdict::token_backed`).
    TokenBacked,
    /// The flow runs on one of the organisation's identity providers: it restores the work account.
    OrgAccount,
}

impl Stakes {
    pub const ALL: [Stakes; 3] = [Stakes::Privileged, Stakes::TokenBacked, Stakes::OrgAccount];

    pub fn as_str(self) -> &'static str {
        match self {
            Stakes::Privileged => "privileged",
            Stakes::TokenBacked => "token_backed",
            Stakes::OrgAccount => "org_account",
        }
    }
}

/// Words of a text that can be account names (`jo-admin@corp.example`, `CORP\svc-deploy`).
fn account_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+' | '@' | '\\' | '$')))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty() && w.len() <= MAX_ACCOUNT)
}

/// What the policy says a flow page's click restores. Each field gives a reason when true.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OrgStakes {
    pub privileged_identity: bool,
    pub privileged_app: bool,
    pub token_backed_app: bool,
    pub org_account: bool,
}

impl OrgStakes {
    pub fn privileged(&self) -> bool {
        self.privileged_identity || self.privileged_app
    }

    pub fn reason_ids(&self) -> impl Iterator<Item = ReasonId> {
        [
            (self.privileged_identity, ReasonId::PolicyPrivilegedIdentity),
            (self.privileged_app || self.token_backed_app, ReasonId::PolicyOrgApp),
            (self.org_account, ReasonId::PolicyIdentityProvider),
        ]
        .into_iter()
        .filter_map(|(on, id)| on.then_some(id))
    }
}

impl Policy {
    /// The policy's action for a flow with these stakes: the flow's own entry, raised to the
    /// highest per-stakes floor that applies. `None` when the policy says nothing about it.
    pub fn action_with_stakes(&self, flow: Flow, privileged: bool, token_backed: bool, org_account: bool) -> Option<Action> {
        let floors = self.stakes_actions.iter().filter(|(s, _)| match s {
            Stakes::Privileged => privileged,
            Stakes::TokenBacked => token_backed,
            Stakes::OrgAccount => org_account,
        });
        let floor = floors.map(|(_, a)| *a).max();
        match (self.action_for(flow), floor) {
            (Some(a), Some(f)) => Some(a.max(f)),
            (a, f) => a.or(f),
        }
    }

    /// The first account name in `text` that a `privileged_identities` pattern matches.
    pub fn privileged_identity_in<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.privileged_identities.is_empty() {
            return None;
        }
        let mut lower = String::new();
        account_names(text).find(|w| {
            lower.clear();
            lower.extend(w.chars().map(|c| c.to_ascii_lowercase()));
            self.privileged_identities.iter().any(|p| p.matches_lower(&lower))
        })
    }

    /// The organisation account a page names, for events when `reporting.include_identity` asks
    /// for it: the first e-mail address in one of `identity_providers.email_domains` (or their
    /// subdomains) in the title, headings or text, else the first privileged identity.
    pub fn org_account_in(&self, obs: &Observation) -> Option<String> {
        let domains = &self.identity_providers.email_domains;
        let texts = || std::iter::once(obs.title.as_str()).chain(obs.headings.iter().map(String::as_str)).chain(std::iter::once(obs.text.as_str()));
        let in_org = |w: &&str| {
            w.rsplit_once('@').is_some_and(|(local, host)| {
                let host = host.to_ascii_lowercase();
                !local.is_empty() && domains.iter().any(|d| host == *d || host.strip_suffix(d.as_str()).is_some_and(|sub| sub.ends_with('.')))
            })
        };
        texts().find_map(|t| account_names(t).find(in_org)).or_else(|| texts().find_map(|t| self.privileged_identity_in(t))).map(str::to_string)
    }

    /// What the organisation's policy says a click on this flow page restores. The app a page
    /// unlocks is the page itself or, for a sign-in step (re-authentication, sign-in approval),
    /// where it returns to or came from.
    pub(crate) fn org_stakes(&self, flow: Flow, obs: &Observation, site: &Site) -> OrgStakes {
        let mut out = OrgStakes::default();
        if flow == Flow::None {
            return out;
        }
        out.org_account = self.is_identity_provider(&site.host);
        out.privileged_identity = self.privileged_identity_in(&obs.title).or_else(|| self.privileged_identity_in(&obs.text)).is_some();
        if self.privileged_apps.is_empty() && self.token_backed_apps.is_empty() {
            return out;
        }
        let mut targets: Vec<(String, String)> = vec![(site.host.clone(), site.path.clone())];
        if matches!(flow, Flow::Reauthentication | Flow::MfaApproval) {
            for raw in site.return_targets().chain(std::iter::once(obs.referrer.as_str())) {
                if let Ok(u) = crate::site::parse_url(raw) {
                    targets.push((u.host_str().unwrap_or_default().to_ascii_lowercase(), u.path().to_string()));
                }
            }
        }
        let hit = |apps: &[UrlPattern]| targets.iter().any(|(h, p)| apps.iter().any(|a| a.matches(h, p)));
        out.privileged_app = hit(&self.privileged_apps);
        out.token_backed_app = hit(&self.token_backed_apps);
        out
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn account_names_are_found_in_prose() {
        let p = Policy::from_json_str(r#"{"privileged_identities": ["*-admin@corp.example", "root"]}"#).unwrap();
        assert_eq!(p.privileged_identity_in("Approve sign-in for jo-admin@corp.example."), Some("jo-admin@corp.example"));
        assert_eq!(p.privileged_identity_in("Signed in as (root)"), Some("root"));
        assert_eq!(p.privileged_identity_in("Approve sign-in for jo@corp.example; rooted phones"), None);
    }

    #[test]
    fn the_org_account_on_a_page() {
        let p = Policy::from_json_str(r#"{"identity_providers": {"email_domains": ["corp.example"]}, "privileged_identities": ["CORP\\adm-*"]}"#).unwrap();
        let page = |text: &str| Observation { title: "Approve sign-in".into(), text: text.into(), ..Observation::default() };
        let cases = [
            ("Signed in as friend@gmail.com. Approve sign-in for Jo@Corp.Example?", Some("Jo@Corp.Example")),
            ("Reset MFA for jo@eu.corp.example.", Some("jo@eu.corp.example")),
            ("jo@evilcorp.example and jo@corp.example.evil", None),
            ("Step up as CORP\\adm-jo", Some("CORP\\adm-jo")),
            ("nobody here", None),
        ];
        for (text, want) in cases {
            assert_eq!(p.org_account_in(&page(text)).as_deref(), want, "{text}");
        }
        assert_eq!(Policy::default().org_account_in(&page("jo@corp.example")), None);
    }

    #[test]
    fn actions_take_flows_and_stakes() {
        let p = Policy::from_json_str(r#"{"actions": {"device_code": "notice", "privileged": "confirm", "token_backed": "warn", "org_account": "block"}}"#)
            .unwrap();
        assert_eq!(p.action_with_stakes(Flow::DeviceCode, false, true, false), Some(Action::Warn), "a stakes floor raises the flow's action");
        assert_eq!(p.action_with_stakes(Flow::DeviceCode, false, false, false), Some(Action::Notice));
        assert_eq!(p.action_with_stakes(Flow::PasswordReset, true, false, false), Some(Action::Confirm));
        assert_eq!(p.action_with_stakes(Flow::PasswordReset, true, false, true), Some(Action::Block));
        assert_eq!(p.action_with_stakes(Flow::MfaApproval, false, false, false), None);
        let e: Vec<String> =
            Policy::from_json_str(r#"{"actions": {"privilegd": "block", "token_backed": "wran"}}"#).unwrap_err().iter().map(ToString::to_string).collect();
        assert!(e.iter().any(|e| e.contains("actions.privilegd: unknown flow 'privilegd'; did you mean 'privileged'?")), "{e:?}");
        assert!(e.iter().any(|e| e.contains("actions.token_backed: unknown action 'wran'; did you mean 'warn'?")), "{e:?}");
    }
}
