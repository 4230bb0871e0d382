//! Evidence read off an observation: phrase hits per zone of the page, and the page's structure.
//!
//! Zones matter: a phrase in the title or a heading says what the page *is*; the same phrase in
//! running text may only describe it; a phrase on a button says what the click *does*.

use crate::lexicon::{Hits, Lexicon, Signal};
use crate::observation::{ControlKind, Observation};
use crate::site::Site;
use crate::text::normalize;

/// Buttons longer than this are prose (an FAQ accordion, a card), not an action label.
const MAX_BUTTON_WORDS: usize = 7;
/// Enough for any real prompt; a page with hundreds of "Submit" buttons gets its first few held.
const MAX_ACT_CONTROLS: usize = 16;

#[derive(Debug, Default)]
pub struct Features {
    pub title: Hits,
    pub headings: Hits,
    pub text: Hits,
    pub url: Hits,
    /// Hits in the labels of checkboxes and radios (scope pickers): options, not what the page is.
    pub option_labels: Hits,

    pub password_fields: usize,
    pub new_password_fields: usize,
    pub current_password_fields: usize,
    /// An editable username / email field (sign-in, sign-up or reset request).
    pub identifier_field: bool,
    /// A short code input (device user code, OTP, number match).
    pub code_field: bool,
    /// Fields other than search boxes (a form that configures something).
    pub form_fields: usize,

    pub approve_button: bool,
    /// An approve button that says what it approves ("Approve", "Allow", "Grant access") rather
    /// than a bare "Yes"/"OK"/"Next" that every feedback widget and wizard has.
    pub specific_approve_button: bool,
    pub deny_button: bool,
    pub mint_button: bool,
    pub mint_now_button: bool,
    pub sign_in_button: bool,
    pub reset_submit_button: bool,
    pub factor_button: bool,
    pub reset_button: bool,
    pub other_party_button: bool,
    pub revoke_buttons: usize,
    pub buttons: usize,
    /// Texts of the buttons that would carry the flow out (approve, create, reset, submit), as the
    /// page shows them. The extension holds exactly these clicks at `confirm`; deny buttons never.
    pub act_controls: Vec<String>,
    /// The flow the catalog says a real service performs at this URL shape.
    pub catalog_flow: Option<crate::verdict::Flow>,
    /// Words of the referrer URL (host, path): where the user came from inside the service.
    pub referrer_url: Hits,
    /// An account name on the page reads as an administrator's (`admin@…`, `jo-admin@…`).
    pub admin_identity: bool,
    /// The host is a service's admin console (`admin.google.com`).
    pub admin_host: bool,
}

impl Features {
    /// The signal stands in the title or a heading: it is what the page is about.
    pub fn strong(&self, s: Signal) -> bool {
        self.title.has(s) || self.headings.has(s)
    }
    /// Times the signal occurs in the visible text, minus option labels.
    pub fn weak(&self, s: Signal) -> u16 {
        self.text.count(s).saturating_sub(self.option_labels.count(s))
    }
    pub fn url_has(&self, s: Signal) -> bool {
        self.url.has(s)
    }
}

/// True when an e-mail-like account name on the page has an administrator's local part.
fn has_admin_identity(text: &str) -> bool {
    text.match_indices('@').any(|(at, _)| {
        let local: String = text.get(..at).unwrap_or_default().chars().rev().take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+')).collect::<Vec<_>>().into_iter().rev().collect();
        let local = local.to_ascii_lowercase();
        let parts: Vec<&str> = local.split(['.', '-', '_', '+']).collect();
        !local.is_empty() && parts.iter().any(|p| matches!(*p, "admin" | "administrator" | "root" | "superadmin" | "globaladmin"))
    })
}

/// "Yes", "OK", "Next", "Continue" and their translations: they advance whatever the page is.
fn is_bare_step(norm: &str) -> bool {
    matches!(
        norm,
        "yes" | "no" | "ok" | "okay" | "next" | "continue" | "submit" | "ja" | "weiter" | "oui" | "suivant" | "continuer" | "sí" | "si" | "siguiente" | "continuar" | "sim" | "próximo" | "avançar" | "avanti" | "continua" | "はい" | "次へ" | "続行" | "ok, got it"
    )
}

fn words(norm: &str) -> usize {
    norm.split(' ').filter(|w| !w.is_empty()).count()
}

/// The URL's path and query as words: `/settings/tokens/new` → `settings tokens new`.
pub(crate) fn url_words(site: &Site) -> String {
    let mut s = String::with_capacity(site.path.len() + 32);
    let mut push = |part: &str| {
        for c in part.chars() {
            s.push(if c.is_alphanumeric() { c } else { ' ' });
        }
        s.push(' ');
    };
    push(&site.path);
    for (k, v) in &site.query {
        push(k);
        // Where the flow returns to says what it unlocks (`continue=https://admin.google.com/…`).
        if matches!(k.as_str(), "continue" | "return_to" | "returnto" | "redirect" | "redirect_to" | "next" | "returnurl" | "return_url" | "ru") {
            push(v);
        }
    }
    normalize(&s)
}

pub fn extract(obs: &Observation, site: &Site, lx: &Lexicon, catalog: &crate::catalog::Catalog) -> Features {
    let mut f = Features {
        catalog_flow: catalog.flow_page_for(&site.host_path()).and_then(crate::verdict::Flow::parse),
        title: lx.scan_raw(&obs.title),
        text: lx.scan_raw(&obs.text),
        url: lx.scan(&url_words(site)),
        ..Features::default()
    };
    for h in &obs.headings {
        f.headings.add(&lx.scan_raw(h));
    }
    if let Ok(r) = crate::site::parse_url(&obs.referrer) {
        let words: String = format!("{} {}", r.host_str().unwrap_or_default(), r.path())
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        f.referrer_url = lx.scan(&normalize(&words));
    }
    f.admin_identity = has_admin_identity(&obs.text);
    f.admin_host = site.host.starts_with("admin.");

    for field in &obs.fields {
        let kind = field.kind.as_str();
        let auto = field.autocomplete.to_ascii_lowercase();
        let desc = normalize(&format!("{} {} {} {}", field.label, field.name, field.id, field.placeholder));
        let desc_hits = lx.scan(&desc);
        match kind {
            "password" => {
                f.password_fields += 1;
                let new = auto.contains("new-password")
                    || (!auto.contains("current-password") && (desc_hits.has(Signal::Reset) || desc.contains("new") || desc.contains("confirm") || desc.contains("repeat")));
                if new {
                    f.new_password_fields += 1;
                } else {
                    f.current_password_fields += 1;
                }
            }
            "checkbox" | "radio" => {
                f.option_labels.add(&lx.scan(&normalize(&field.label)));
            }
            "search" => continue,
            _ => {}
        }
        if kind == "search" || desc.contains("search") || field.name == "q" {
            continue;
        }
        f.form_fields += 1;
        if kind != "password" && kind != "checkbox" && kind != "radio" {
            let ident = kind == "email"
                || auto.contains("username")
                || auto.contains("email")
                || ["email", "e-mail", "username", "user name", "login", "benutzername", "courriel", "correo", "メール", "ユーザー名"].iter().any(|w| desc.contains(w));
            // A phone-number box mentions "number" but is not a code box.
            let code = auto.contains("one-time-code")
                || (kind != "tel" && !auto.starts_with("tel") && ["code", "otp", "otc", "pin", "コード", "código", "nombre", "number", "zahl"].iter().any(|w| desc.contains(w)));
            if code && !ident {
                f.code_field = true;
            } else if ident {
                f.identifier_field = true;
            }
        }
    }

    for c in &obs.controls {
        // Links navigate; only buttons act. Their text is already in `text`.
        if c.kind == ControlKind::Link {
            continue;
        }
        let norm = normalize(&c.text);
        if norm.is_empty() {
            continue;
        }
        let h = lx.scan(&norm);
        f.buttons += 1;
        if words(&norm) > MAX_BUTTON_WORDS {
            continue;
        }
        if h.has(Signal::Deny) && !h.is(Signal::Approve) {
            f.deny_button = true;
        } else if h.has(Signal::Approve) {
            f.approve_button = true;
            if !is_bare_step(&norm) {
                f.specific_approve_button = true;
            }
        }
        if h.has(Signal::Mint) && (c.button_type == "submit" || h.has(Signal::Credential) || h.is(Signal::Mint)) {
            f.mint_button = true;
        }
        if h.has(Signal::MintNow) {
            f.mint_now_button = true;
        }
        if h.has(Signal::SignIn) {
            f.sign_in_button = true;
        }
        if h.has(Signal::ResetSubmit) {
            f.reset_submit_button = true;
        }
        if h.has(Signal::FactorVerb) {
            f.factor_button = true;
        }
        if h.has(Signal::Reset) || h.has(Signal::ResetVerb) || (h.has(Signal::Recovery) && h.has(Signal::FactorVerb)) {
            f.reset_button = true;
        }
        if h.has(Signal::OtherParty) {
            f.other_party_button = true;
        }
        if h.has(Signal::Revoke) {
            f.revoke_buttons += 1;
        }
        let denies = h.has(Signal::Deny) && !h.is(Signal::Approve);
        let acts = [Signal::Approve, Signal::Mint, Signal::MintNow, Signal::SignIn, Signal::ResetSubmit, Signal::FactorVerb, Signal::Reset, Signal::ResetVerb, Signal::OtherParty]
            .into_iter()
            .any(|s| h.has(s));
        if !denies && !h.has(Signal::Revoke) && (acts || c.button_type == "submit") && f.act_controls.len() < MAX_ACT_CONTROLS {
            let text = c.text.trim();
            if !f.act_controls.iter().any(|t| t == text) {
                f.act_controls.push(text.to_string());
            }
        }
    }
    f
}
