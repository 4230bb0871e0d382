//! From evidence to verdict: which flow, what the click restores, who may be steering the user,
//! and the action on the ladder.
//!
//! Every flow needs two kinds of evidence: a *topic* (the page is about this — title, heading, URL
//! shape, or repeated text) and an *act* (a control or field that performs it). Pages that only
//! describe a flow, finished flows and revocation pages lack the act; ordinary sign-in pages are
//! told apart by their identifier + password structure. That is what keeps warnings rare.

use crate::catalog::{Catalog, ScopeLevel};
use crate::features::Features;
use crate::lexicon::Signal as S;
use crate::observation::Observation;
use crate::policy::Policy;
use crate::reasons::{flow_reason, reason, ReasonId};
use crate::site::{arrival, host_signals, Arrival, HostSignal, Site};
use crate::verdict::{Action, Flow, Reason, Verdict};

/// A candidate flow with its evidence score.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    flow: Flow,
    score: u32,
}

fn topic(f: &Features, s: S, url: S) -> u32 {
    let mut t = if f.catalog_flow == Some(flow_of_topic(s)) { 3 } else { 0 };
    if f.strong(s) {
        t += 3;
    }
    t += u32::from(f.weak(s).min(3));
    if f.url_has(url) {
        t += 2;
    }
    t
}

/// The page sits in front of or inside an administrator's console.
fn admin_context(f: &Features) -> bool {
    f.strong(S::AdminConsole)
        || f.weak(S::AdminConsole) >= 1
        || f.url_has(S::UrlPrivileged)
        || f.referrer_url.has(S::UrlPrivileged)
        || f.admin_host
        || f.weak(S::Privileged) >= 1
}

/// The flow a topic signal speaks for (to credit the catalog's URL shapes).
fn flow_of_topic(s: S) -> Flow {
    match s {
        S::Reset => Flow::PasswordReset,
        S::Mfa => Flow::MfaApproval,
        S::Device => Flow::DeviceCode,
        S::Consent => Flow::OauthConsent,
        S::Credential => Flow::CredentialReissue,
        S::Recovery => Flow::RecoveryFactorChange,
        S::Reauth => Flow::Reauthentication,
        S::OtherParty => Flow::AccessApproval,
        _ => Flow::None,
    }
}

/// The URL carries what a reset link carries: an opaque token in the query or the path.
fn reset_link(site: &Site) -> bool {
    let opaque = |v: &str| v.len() >= 16 && v.bytes().any(|b| b.is_ascii_digit()) && v.bytes().any(|b| b.is_ascii_alphabetic()) && !v.contains('/');
    site.query.iter().any(|(_, v)| opaque(v)) || site.path.split('/').any(opaque)
}

/// The page describes flows rather than performing one: documentation, articles, training.
fn describing(f: &Features) -> bool {
    f.strong(S::Describe) || f.weak(S::Describe) >= 3 || f.quoted_heading || (f.docs_location && !f.sign_out) || f.webmail
}

/// The sign-in shape: an identifier and a password, or an identifier-first step with a sign-in button.
fn is_sign_in(f: &Features) -> bool {
    (f.identifier_field && f.current_password_fields > 0 && f.new_password_fields == 0)
        || (f.identifier_field && f.password_fields == 0 && f.sign_in_button && !f.strong(S::Reset))
}

fn candidates(f: &Features, site: &Site, catalog: &Catalog) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut push = |flow: Flow, score: u32| {
        if score > 0 {
            out.push(Candidate { flow, score });
        }
    };
    let sign_in = is_sign_in(f);

    // Password reset: a request form (identifier + send) or a new-password form from a reset link.
    let reset_topic = topic(f, S::Reset, S::UrlReset);
    // A reset request asks who you are, in whatever terms the service knows you (an e-mail, a
    // phone, a document number and a birth date) — under a reset heading, or on a reset URL.
    let request_form = f.password_fields == 0
        && ((f.identifier_field && (f.strong(S::Reset) || ((f.url_has(S::UrlReset) || f.catalog_flow == Some(Flow::PasswordReset)) && (f.reset_submit_button || f.submit_buttons > 0))))
            // (An agent's approve/deny over someone's reset request is another party's.)
            || (f.strong(S::Reset) && f.input_fields > 0 && f.buttons > 0 && !describing(f) && !f.deny_button && f.weak(S::OtherParty) == 0 && f.weak(S::Unverified) == 0));
    // A new-password pair alone is also every sign-up form: the page must speak of a reset, or
    // be only the pair (a sign-up form asks who you are).
    let set_new = f.new_password_fields >= 1
        && f.current_password_fields == 0
        && !f.identifier_field
        && (reset_topic >= 1 || (f.form_fields == f.password_fields && reset_link(site) && !f.url_has(S::UrlSignUp)));
    // What a phishing kit makes of a reset form: it also asks for the current password. A real
    // reset never does; this is a reset page that harvests, not a sign-in.
    // (A signed-in person's own "change password" form — current and new password, nothing else
    // — is neither: a settings page, not a flow.)
    let deceptive = !crate::site::host_signals(site, catalog).is_empty();
    let harvesting_reset = f.strong(S::Reset) && f.current_password_fields >= 1 && (f.identifier_field || (f.new_password_fields >= 1 && deceptive));
    // Who you are and a new password, under a reset heading: a reset form that names the account
    // (a sign-up asks the same, but never under a reset heading).
    let named_reset = f.strong(S::Reset) && f.identifier_field && f.new_password_fields >= 1 && f.current_password_fields == 0 && !f.strong(S::SignUp);
    // A reset that first asks how to verify you: a choice of methods (e-mail, phone) under a reset
    // heading, or a code sent for the reset.
    let reset_step = f.strong(S::Reset) && f.password_fields == 0 && !describing(f) && f.code_field && !f.strong(S::Done);
    if request_form || set_new || harvesting_reset || reset_step || named_reset {
        push(Flow::PasswordReset, 3 + reset_topic);
    }

    // MFA approval: "approve sign-in / is this you" as the page's subject, or in text beside approve+deny.
    let mfa_topic = topic(f, S::Mfa, S::UrlReauth);
    // A code box is the user's own second factor during their own sign-in, not an approval.
    // A push waiting screen has nothing to type: the approval happens in the app.
    // It sits inside a sign-in (its URL or where the user came from says so); the same words in
    // an article about push fatigue do not.
    let in_sign_in = f.url_has(S::UrlSignIn) || f.url_has(S::UrlConsent) || f.referrer_url.has(S::UrlSignIn);
    let mfa_subject = f.strong(S::Mfa) || f.weak(S::Mfa) >= 1;
    let push_wait = f.input_fields == 0 && !describing(f) && in_sign_in;
    // The act: an approve control here (with its deny, or under an approval heading), a push
    // screen waiting in the sign-in, or the approval as the page's own heading (a number-match
    // screen has no control: the answer is in the app). An article or a lesson quoting "Approve
    // sign in request?" has none of these.
    // (A help article's "Was this helpful? Yes / No" is not an approve/deny pair: where the page
    // is documentation by its place or its title, not by words its text may borrow.)
    let help_page = f.docs_location || f.strong(S::Describe) || f.quoted_heading;
    let approves_here = f.approve_button && (f.deny_button || f.weak(S::Mfa) >= 2 || f.strong(S::Mfa)) && !help_page;
    // (A form to fill — "Phone for Duo Push" over a phone box — is not the answer to a prompt.)
    let answers = f.strong(S::Mfa) && !describing(f) && (f.input_fields == 0 || f.code_field);
    // A heading that asks for the approval in the phone app ("Confirm the sign-in in the Steam
    // app") over a code box offers the code as a fallback: the page is still the approval. (A
    // heading that only says "Confirm sign-in" over a code box is the sign-in's own code step.) (A "verify
    // it's you" heading over a code box is a step-up.)
    let code_fallback = f.code_field && f.headings.has(S::Mfa) && !f.headings.has(S::Reauth) && f.app_heading;
    // A number to match in the phone app, shown here: the approval happens there whatever the
    // page's words ("Le code de contrôle affiché dans l'application doit être : 3816").
    let number_match = f.number_shown && !describing(f) && f.password_fields == 0 && !sign_in;
    // (So does an approve/deny pair under the approval heading: "我已确认 / 不是本人操作".)
    let pair_over_code = approves_here && f.deny_button && f.strong(S::Mfa);
    if !sign_in && f.password_fields == 0 && (!f.code_field || code_fallback || pair_over_code) && mfa_subject && (approves_here || push_wait || answers) {
        push(Flow::MfaApproval, 3 + mfa_topic);
    } else if number_match {
        push(Flow::MfaApproval, 3 + mfa_topic + 2);
    }

    // Device code: a code box (or confirm button) on a device page.
    let device_page = catalog.device_page_for(&site.host_path()).is_some();
    let device_topic = topic(f, S::Device, S::UrlDevice) + if device_page { 4 } else { 0 };
    // The device grant's confirm step carries the user code in its URL (`/activate?user_code=…`):
    // only the device grant names a `user_code`.
    let user_code_url = site.query_value("user_code").is_some();
    let device_words =
        f.strong(S::Device) || f.weak(S::Device) >= 1 || device_page || f.url_has(S::UrlDevice) || f.catalog_flow == Some(Flow::DeviceCode) || user_code_url;
    // A box named for the device grant's user code is a device page in any wording.
    // A page about confirming a sign-in ("Confirm this sign-in", "确认登录") on a new device is the
    // sign-in's approval with a code fallback, not another device's grant — unless the catalog
    // or the box's name says device grant.
    // When only the URL says "device" (`/auth/device-verify`), any sign-in approval or identity
    // wording makes it a new-device check of one's own sign-in.
    let url_only = !f.strong(S::Device) && f.weak(S::Device) == 0 && !device_page && f.catalog_flow != Some(Flow::DeviceCode);
    let sign_in_approval = ((f.strong(S::Mfa) || f.weak(S::Mfa) >= 2) || (url_only && (f.weak(S::Mfa) >= 1 || f.strong(S::Reauth) || f.weak(S::Reauth) >= 1)))
        && !device_page
        && !f.device_code_field;
    let device_shape = (device_words || f.device_code_field)
        && f.password_fields == 0
        && (f.code_field || (f.approve_button && (f.strong(S::Device) || device_page || user_code_url)));
    if device_shape && !sign_in_approval {
        push(Flow::DeviceCode, 3 + device_topic);
    } else if device_shape && f.weak(S::Mfa) >= 1 && !describing(f) {
        // A new device's sign-in to confirm, with its code: the sign-in's approval.
        push(Flow::MfaApproval, 3 + mfa_topic);
    }

    // OAuth consent: an authorize URL or consent wording, with an allow button, past the sign-in step.
    // `client_id` names an OAuth client; no other kind of page carries it.
    let oauth_url = site.query_value("client_id").is_some();
    let consent_topic = topic(f, S::Consent, S::UrlConsent) + if oauth_url { 3 } else { 0 };
    // An authorize URL also serves the sign-in and MFA steps of the same flow: consent needs
    // consent wording or a scope list on the page too.
    let consent_words = f.strong(S::Consent)
        || f.weak(S::Consent) >= 1
        || f.weak(S::TokenScope) >= 1
        || f.weak(S::ProfileScope) >= 1
        || f.weak(S::Offline) >= 1
        || f.scopes_in_text.any();
    // An authorize URL with an allow/deny pair is a consent screen however little it says
    // (stock templates show "Authorize", a scope list and Yes/No).
    // (An app store's authorize URL says "Install": Shopify's `/oauth/install?client_id=…`.)
    let approve_or_install = f.approve_button || f.install_button;
    let oauth_pair = oauth_url && approve_or_install && f.deny_button && !f.strong(S::Reauth) && !f.strong(S::Mfa) && !f.strong(S::Device);
    // An authorize URL and a button that says Allow or Authorize: the consent step of OAuth,
    // whatever else the page says (its sign-in and second-factor steps have no such button).
    let oauth_allow = oauth_url && f.specific_approve_button && !f.strong(S::Reauth) && !f.strong(S::Mfa) && !f.strong(S::Device);
    // An authorize URL that asks for scopes reaching data, consent wording, and Continue beside
    // Cancel: Google's consent step ("…wants to access your Google Account" — Cancel / Continue).
    let asks = url_scopes(site, catalog);
    let oauth_continue = oauth_url
        && consent_words
        && (asks.token || asks.offline || asks.privileged)
        && f.bare_step_button
        && f.deny_button
        && f.password_fields == 0
        && !f.strong(S::Reauth)
        && !f.strong(S::Mfa)
        && !f.strong(S::Device);
    // Or a button that says it consents, on an authorize URL that asks for scopes beyond the
    // profile (Kakao Login's "동의하고 계속하기", which has no Cancel beside it).
    let oauth_consent_button = oauth_url && f.consent_button && (asks.token || asks.offline || asks.privileged || asks.unknown) && f.password_fields == 0;
    let consent_case = (oauth_url && consent_words)
        || oauth_pair
        || oauth_allow
        || f.strong(S::Consent)
        || f.weak(S::Consent) >= 2
        || (f.weak(S::Consent) >= 1 && (f.consent_button || f.scopes_in_text.any()))
        // Scopes to tick, or a consent URL with allow and deny: the shape of a consent screen.
        || (f.scope_options > 0 && f.approve_button)
        // A consent path the catalog knows (Nextcloud's Login Flow "Grant access"), or an authorize
        // path whose allow button has its cancel as a link (an app store's install consent).
        // (Not the same flow's step-up or second factor: "Verify your identity — Approve a request".)
        || ((f.catalog_flow == Some(Flow::OauthConsent) || (f.url_has(S::UrlConsent) && f.weak(S::Deny) >= 1))
            && f.specific_approve_button
            && !f.strong(S::Reauth)
            && !f.strong(S::Mfa)
            && !f.strong(S::Device))
        || (f.url_has(S::UrlConsent) && f.approve_button && f.deny_button && !f.strong(S::Reauth) && !f.strong(S::Mfa) && !f.strong(S::Device));
    // A bare "Yes" is every feedback widget's ("Was this page helpful?"); only an authorize URL
    // makes it an answer to a consent question.
    // Some providers sign in and ask consent on one page ("Authorize and log in", QQ Connect): a
    // consent heading over a sign-in form is still the consent.
    let signs_in_too = (sign_in || f.password_fields > 0) && !f.strong(S::Consent);
    // (Or the consent question is the page's title or heading, answered Yes / No: Microsoft
    // account's "Let this app access your info?" at `account.live.com/Consent/Update`.)
    let answers_consent = f.strong(S::Consent) && f.approve_button && f.deny_button;
    // (Or a button that consents, over the documented scopes it grants, with one that declines:
    // Entra's "Review permissions and consent" on an admin-consent request.)
    let consents_to_scopes = f.consent_button && f.deny_button && f.scopes_in_text.token + f.scopes_in_text.offline + f.scopes_in_text.privileged > 0;
    if (consent_case || consents_to_scopes)
        && (f.specific_approve_button || (oauth_url && approve_or_install) || answers_consent || consents_to_scopes || oauth_continue || oauth_consent_button)
        && !signs_in_too
        && !f.code_field
    {
        push(Flow::OauthConsent, 3 + consent_topic);
    }

    // Credential re-issue: a credential on the page and a control that mints or reveals it now.
    // A button that issues and names the credential ("Criar nova senha de aplicativo") says what the
    // page does as plainly as a heading would, on a settings page whose headings are about factors.
    let cred_topic = topic(f, S::Credential, S::UrlCredential) + u32::from(f.secret_shown && f.copy_button) + 2 * u32::from(f.mint_credential_button);
    // "Copy it now, you won't see it again" beside a control (copy, done); docs quote it too.
    let shown_once = f.strong(S::ShownOnce) || (f.weak(S::ShownOnce) >= 1 && f.buttons > 0);
    // A wizard titled "Create access key" mints on its Next/Create/Submit button (its last step,
    // a summary with Cancel / Finish, has no fields left; nor has a confirm dialog, "Create the
    // client secret? Cancel / Create").
    let last_step = f.deny_button && (f.submit_buttons > 0 || f.mint_button) && f.buttons <= 5;
    let mint_wizard = f.strong(S::Mint)
        && f.strong(S::Credential)
        && (f.form_fields > 0 || last_step)
        && (f.approve_button || f.mint_button || f.credential_button || f.submit_buttons > 0);
    // A section about one credential with the button that issues it ("Channel access token — Issue");
    // not a list of them with its Delete / Remove buttons, where "Create new token" opens the form.
    let one_click =
        f.strong(S::Credential) && f.mint_button && f.buttons <= 3 && f.revoke_buttons + f.revoke_links == 0 && !f.factor_verb_bare && !describing(f);
    // A credential on the page, with a way to copy it or a page about credentials: minted now.
    // An authenticator's setup page shows a secret too, and so does a backup-codes page: those
    // are factors, not credentials that work without the person.
    let factor_secret = f.setup_key_shown || f.recovery_codes >= 5;
    let shows_secret = f.secret_shown && !describing(f) && !factor_secret;
    // A form that names a credential ("Token name") and submits: creating one, however the button is worded.
    let credential_form = f.credential_field && (f.mint_button || f.submit_buttons > 0 || f.approve_button);
    // A dialog whose title line issues a credential ("アクセストークンの発行"), with a form and its OK:
    // the title is not always a heading.
    let issue_dialog =
        f.credential_issue_line && f.form_fields > 0 && (f.submit_buttons > 0 || f.approve_button || f.bare_step_button) && !describing(f) && !sign_in;
    let mints = f.mint_now_button
        || shown_once
        || mint_wizard
        || one_click
        || (f.mint_button && f.form_fields > f.row_checkboxes)
        || shows_secret
        || credential_form
        || issue_dialog;
    // A sign-in form on a page whose subject is a credential is a phishing shape, not a sign-in.
    if cred_topic >= 1 && mints && (!sign_in || f.strong(S::Credential)) && !(f.setup_key_shown && f.code_field) {
        push(Flow::CredentialReissue, 3 + cred_topic);
    }

    // Recovery factors: backup codes, recovery contacts, authenticators — and a control that changes them.
    let rec_topic = topic(f, S::Recovery, S::UrlRecovery);
    // The act: a control that changes a factor; or a form about a factor (the recovery phone box
    // and its Save) — except on a sign-in URL, where a code box is your own second factor.
    // A reply box under a thread about a reset is a conversation, not a form that changes a factor.
    // Or a phone box on an enrolment URL (Duo's "Add a device"): a newsletter's e-mail box under
    // an article whose URL names MFA is not one.
    // (The factor may be named only by the choices offered: "Mobile phone / Tablet / Security key".)
    let factor_named = f.weak(S::Recovery) >= 1 || f.option_labels.has(S::Recovery);
    // Or a phone box under headings that add a device for push ("Add a new device" / "Phone for
    // Duo Push and passcodes").
    let enrol_phone =
        f.phone_field && !describing(f) && ((f.url_has(S::UrlRecovery) && factor_named) || (f.headings.has(S::FactorVerb) && f.headings.has(S::Mfa)));
    // A password alone is the step-up in front of the settings, not the change.
    let factor_form = (f.strong(S::Recovery) || enrol_phone)
            && f.input_fields > f.password_fields
            && f.buttons > 0
            && !f.url_has(S::UrlSignIn)
            // (A code box alone is a second factor being used; beside the new value's box, it confirms the change;
            // so it does under a heading that puts the factor on a new device: "DigiD app activeren op nieuw toestel".)
            && (!f.code_field || f.input_fields - f.password_fields >= 2 || (f.headings.has(S::Recovery) && f.headings.has(S::NewValue)));
    // Shapes that only a factor change has: an authenticator's setup key beside a code box, a
    // set of backup codes, a box for a new e-mail address inside a signed-in session.
    let enrolling = f.setup_key_shown && (f.code_field || f.buttons > 0);
    let codes_shown = f.recovery_codes >= 5
        && (f.weak(S::Recovery) >= 1 || f.strong(S::Recovery) || f.url_has(S::UrlRecovery) || f.catalog_flow == Some(Flow::RecoveryFactorChange));
    // A box for the phone under a heading that changes it, inside the account (Coupang's "휴대폰
    // 번호 변경" at `/users/phone/change`, with the code sent to the new number): the phone is
    // the account's recovery channel.
    let phone_change = f.phone_field
        && f.strong(S::FactorVerb)
        && (f.url_has(S::UrlRecovery) || f.url_has(S::UrlSettings) || f.sign_out)
        && !describing(f)
        && !f.url_has(S::UrlSignIn)
        && !f.url_has(S::UrlSignUp);
    let email_change = f.email_change_field
        && f.buttons > 0
        // (or under a heading that changes something: "Aggiorna il numero per O-Key SMS").
        && (f.strong(S::Recovery)
            || f.strong(S::FactorVerb)
            || f.catalog_flow == Some(Flow::RecoveryFactorChange)
            || f.url_has(S::UrlSettings)
            || f.url_has(S::UrlRecovery)
            // (inside a session, or a page that names the factor: "새 보안 이메일")
            || f.sign_out
            || f.weak(S::Recovery) >= 1);
    // The page of one's backup codes, where the codes are in a box and the actions are links.
    let codes_page =
        f.strong(S::Recovery) && f.catalog_flow == Some(Flow::RecoveryFactorChange) && (f.factor_link || (f.form_fields > 0 && f.input_fields == 0));
    // "Generate" on a page about recovery codes makes new codes, not a credential.
    let regenerates = (f.mint_button || f.mint_now_button) && f.strong(S::Recovery) && !f.strong(S::Credential);
    let rec_act = f.factor_button
        // (A bare "Add" under a comment box adds a comment.)
        || (f.factor_verb_bare && f.strong(S::Recovery) && !(f.form_fields > 0 && f.input_fields == 0))
        // (Or in a dialog whose title is not a heading, on the factor's own URL, with the box that
        // confirms it: Alibaba Cloud's "解绑虚拟MFA设备" at `/secure/mfa/unbind`, 校验码 and 确定解绑.)
        || (f.factor_verb_bare && (f.url_has(S::UrlRecovery) || f.route.has(S::UrlRecovery)) && f.weak(S::Recovery) >= 1 && f.input_fields > 0 && f.password_fields == 0)
        || f.factor_heading
        || factor_form
        || enrolling
        || codes_shown
        || email_change
        || regenerates
        || codes_page
        || phone_change
        // A code box on a page the catalog knows as an enrolment (Keycloak's CONFIGURE_TOTP
        // required action): the code proves the new authenticator, whatever the QR image says.
        || (f.catalog_flow == Some(Flow::RecoveryFactorChange) && f.code_field && f.strong(S::Recovery) && f.buttons > 0);
    let rec_subject = f.strong(S::Recovery)
        || f.weak(S::Recovery) >= 2
        || (f.url_has(S::UrlRecovery) && factor_named)
        || enrol_phone
        || f.catalog_flow == Some(Flow::RecoveryFactorChange)
        || enrolling
        || codes_shown
        || email_change
        || phone_change;
    // A sign-in form never asks for a *new* phone or address: beside one, that box is a phishing
    // kit's factor change ("sign in to update your security phone").
    // (An article on how to bind a device, with nothing to fill in, describes it.)
    // (A factor button makes it a settings page, unless the page is documentation by its place and
    // its headings say so: a knowledge-base article's "Set up 2FA" call to action, "Related articles".)
    let article =
        describing(f) && f.input_fields == 0 && !f.sign_out && (!f.factor_button || (f.docs_location && f.strong(S::Describe))) && !regenerates && !codes_shown;
    if rec_subject && rec_act && (!sign_in || f.strong(S::Recovery) || enrolling || email_change) && !article {
        push(Flow::RecoveryFactorChange, 2 + rec_topic + u32::from(enrolling || codes_shown) * 2);
    }

    // Re-authentication: a password (alone) to continue inside a session — or, on a step-up page
    // in front of an admin console, a choice of verification methods.
    let reauth_topic = topic(f, S::Reauth, S::UrlReauth);
    let admin_context = admin_context(f);
    // A password alone, asked inside a signed-in session (the page can sign out), is a step-up
    // whatever its words; on a sign-in URL it is the sign-in's own password step.
    // Coming from the service's own settings is being inside the session too, even when the
    // step-up is served from the sign-in host (Google's `/signin/challenge/pwd?continue=…`).
    // A sign-in URL that demands a fresh sign-in of a known user (OpenID PAPE `max_auth_age=0`,
    // OIDC `max_age=0`) with only a password asked: the step-up, by protocol.
    // (`prompt=login` alone is not it: an identifier-first sign-in carries it to its password step.)
    let forced_reauth = ["openid.pape.max_auth_age", "max_age", "max_auth_age"].iter().any(|k| site.query_value(k) == Some("0"));
    let in_session = f.sign_out || f.from_session || (forced_reauth && !f.identifier_field);
    let session_password = in_session && f.input_fields == f.password_fields && (!f.url_has(S::UrlSignIn) || f.from_session || forced_reauth);
    // (A box named for the step-up, `sudo_password`, says so in any wording.)
    let password_step_up = (reauth_topic >= 1 || session_password || f.reauth_field) && f.current_password_fields >= 1 && f.new_password_fields == 0;
    // A one-time code under a step-up heading ("Confirm access", "Verify it's you"), away from the
    // sign-in: the same code box on a sign-in URL is the sign-in's own second step.
    // (Or a sign-in challenge for a code right after the service's own settings or admin pages,
    // in any wording: Google's `/signin/challenge/totp` reached from admin.google.com.)
    // (Or identity-verification words over a code box inside an admin console, away from the
    // sign-in: Huawei Cloud's critical-operation check.)
    let code_step_up =
        (f.strong(S::Reauth) || (f.from_session && f.url_has(S::UrlSignIn)) || (f.weak(S::Reauth) >= 1 && admin_context && !f.url_has(S::UrlSignIn)))
            && f.code_field
            && f.password_fields == 0
            && !f.email_change_field
            && (f.sign_out || !f.url_has(S::UrlSignIn) || admin_context);
    let method_step_up = (f.strong(S::Reauth) || f.weak(S::Reauth) >= 1 && f.specific_approve_button) && admin_context && f.password_fields == 0;
    // "Session expired — sign in again" with the account's name asked again: the lure phishing
    // kits use to harvest a re-entry; under a step-up heading it is not an ordinary sign-in.
    let lured_reentry = f.strong(S::Reauth) && f.current_password_fields >= 1 && f.new_password_fields == 0 && f.identifier_field;
    // A signed-in user asked for name and password again in front of the admin panel, in words
    // that say "again" (phpBB's "Para administrar el Sitio ha de introducir su contraseña otra vez").
    let admin_reentry = f.weak(S::Reauth) >= 1
        && f.sign_out
        && (f.headings.has(S::AdminConsole) || f.title.has(S::AdminConsole))
        && f.current_password_fields >= 1
        && f.new_password_fields == 0;
    // A page titled as a sign-in, on a sign-in or authorize URL, outside any admin context, is the
    // user's own sign-in asking its own questions ("Verify with your password").
    let own_sign_in = f.title.has(S::SignIn) && (f.url_has(S::UrlSignIn) || f.url_has(S::UrlConsent)) && !admin_context && !in_session;
    if (((password_step_up || method_step_up || code_step_up) && !f.identifier_field) || lured_reentry || admin_reentry) && !own_sign_in {
        push(Flow::Reauthentication, 3 + reauth_topic);
    }

    // An administrator resetting another user's password or authenticators from an admin console
    // is approving another party's recovery.
    let catalog_approval = f.catalog_flow == Some(Flow::AccessApproval);
    // (A console's title over the user's own settings — Selectel's "Панель управления" on
    // `/profile/security` — is the place, not an admin acting on someone.)
    let own_settings = f.url_has(S::UrlSettings) && !f.other_user_url && !f.url_has(S::UrlAdminUsers) && !f.url_has(S::UrlPrivileged);
    let admin_users = (f.strong(S::AdminConsole) && !own_settings)
        || f.admin_host
        || f.other_user_url
        || catalog_approval
        || (f.url_has(S::UrlAdminUsers) && f.url_has(S::UrlPrivileged))
        || ((f.weak(S::AdminConsole) >= 1 || f.url_has(S::AdminConsole)) && (f.reset_button || f.factor_button));
    // An admin page about one user with a new password typed for them: setting their password,
    // in any wording.
    let sets_their_password = (f.other_user_url || catalog_approval) && f.new_password_fields >= 1;
    // (On a page about one user, a button that names the reset is the page's recovery word:
    // WordPress's "Send password reset link" on a user's profile.)
    let recovery_words = f.strong(S::Recovery)
        || f.strong(S::Reset)
        || f.weak(S::Recovery) >= 1
        || sets_their_password
        // (Or in a console whose title says it is one: a help desk's workspace with the caller's
        // record and its "Reset password" form.)
        || ((f.other_user_url || catalog_approval || f.title.has(S::AdminConsole)) && (f.reset_button || f.reset_submit_button) && f.weak(S::Reset) >= 1);
    // On an admin's page about one user, a confirmation under a recovery or reset heading
    // ("Turn off 2-Step Verification — Cancel / Turn off") performs it.
    // In a console, the dialog's button repeating the heading's reset verb does the same.
    let confirms_on_them = ((f.other_user_url || catalog_approval) && (f.headings.has(S::Recovery) || f.headings.has(S::Reset)) && f.non_deny_buttons >= 1)
        || (admin_users && f.confirms_reset_heading);
    let admin_act = f.reset_button
        || f.factor_button
        || (f.factor_verb_bare && (f.other_user_url || catalog_approval))
        || f.specific_approve_button
        || f.reset_submit_button
        || sets_their_password
        || confirms_on_them;
    // A password field of the admin's own (current password) is a step-up in front of the console,
    // and a help article about the console performs nothing.
    let performs = f.current_password_fields == 0 && (!describing(f) || f.input_fields > 0);
    // Making another account an administrator, from the console's page about it.
    let grants_admin = (f.grant_admin_button || (f.grant_admin_question && f.approve_button && f.deny_button))
        && (admin_users || f.url_has(S::UrlAdminUsers) || f.url_has(S::UrlPrivileged));
    if grants_admin && performs && !sign_in {
        push(Flow::AccessApproval, 8);
    }
    // A console's role-assignment dialog ("Rollen an t.becker zuweisen", "Attribuer des rôles",
    // "Añadir un Manager", "分配角色"): roles named or offered, and the button that saves the
    // choice. Giving someone a role is approving their access, whichever role; its privilege is
    // the role's (stakes).
    let roles_offered = f.option_labels.has(S::AdminRole)
        || f.option_labels.has(S::Privileged)
        || f.option_labels.has(S::TargetRole)
        || f.admin_role_set
        || f.row_checkboxes > 0
        || f.weak(S::AdminRole) >= 1
        || f.weak(S::Privileged) >= 1
        || f.form_fields > 0;
    // (A page titled as the role assignment itself — Azure's "Add role assignment" — is one
    // wherever it is served.)
    let role_dialog = (f.strong(S::AssignRole) || f.assign_role_button)
        && (admin_users
            || f.url_has(S::UrlAdminUsers)
            || f.url_has(S::UrlPrivileged)
            || f.weak(S::AdminConsole) >= 1
            || (f.title.has(S::AssignRole) && !oauth_url && !f.strong(S::Consent) && f.weak(S::Consent) == 0))
        && roles_offered
        && f.non_deny_buttons >= 1;
    if role_dialog && performs && !sign_in {
        push(Flow::AccessApproval, 7);
    }
    // An admin's editor of another account with an admin role ticked or chosen, and its save
    // (Redmine's "Administrator" box, Mattermost's "System Admin" role): the account is given, or
    // keeps, administrator rights when it is saved.
    let admin_role_editor = f.admin_role_set && (f.other_user_url || (admin_users && f.url_has(S::UrlAdminUsers))) && f.non_deny_buttons >= 1;
    if admin_role_editor && performs && !sign_in {
        push(Flow::AccessApproval, 7);
    }
    if admin_users && recovery_words && admin_act && performs && !sign_in {
        push(Flow::AccessApproval, 6 + topic(f, S::Recovery, S::UrlRecovery).max(topic(f, S::Reset, S::UrlReset)) + u32::from(sets_their_password) * 3);
    }

    // Access approval: another party asked, and this page approves (or performs) it. "An
    // application requests access" on an authorize URL or beside a scope list is the app's consent.
    // OpenID and offline scopes are OAuth's alone; a person's request for a token lists permissions.
    let oauth_scopes = f.scopes_in_text.offline + f.scopes_in_text.profile > 0;
    // An approvals queue's URL says it is someone's request (an admin reviewing a member's app).
    // (Not under a heading asking about the user's own sign-in: Mercado Libre serves "Are you
    // trying to sign in?" from `/login/approve?request_id=…`.)
    let queue = f.url.has(S::OtherParty) && !(f.strong(S::Mfa) && f.weak(S::OtherParty) == 0);
    // (Or it names the requests themselves: JANDI's `/admin/member/requests`; an app's consent
    // served from `/approval` is still the app's.)
    // (A sign-in's own approval, "someone is trying to sign in to your account", is the user's.)
    // In an admin area, or as an approve/deny pair: a friend request's lone "Confirm", a merge
    // request's "Approve" are not an admin answering someone's request for access.
    let requests_url = f.url_has(S::UrlApproval) && !mfa_subject && (f.url_has(S::UrlPrivileged) || f.admin_host || f.strong(S::AdminConsole) || f.deny_button);
    // In an admin console, an approve/deny pair under a heading that asks to approve ("Approve
    // priya-thinkpad?"): someone else's request — the console's user approves nothing of their own.
    let console_request = (f.url_has(S::UrlPrivileged) || f.admin_host) && f.approve_button && f.deny_button && f.headings.has(S::Approve) && !f.strong(S::Mfa);
    let an_app_asks = oauth_url || oauth_scopes || f.strong(S::Consent) || (f.scopes_in_text.any() && (f.weak(S::Consent) >= 1 || !f.strong(S::OtherParty)));
    let other_topic = topic(f, S::OtherParty, S::UrlApproval) + if f.weak(S::Agent) > 0 { 2 } else { 0 } + if queue { 3 } else { 0 };
    if (f.strong(S::OtherParty) || f.weak(S::OtherParty) >= 1 || f.weak(S::Agent) >= 1 || queue || requests_url || console_request)
        && (f.specific_approve_button || f.other_party_button || f.reset_button || f.approve_choice || f.install_button)
        && !sign_in
        && !(an_app_asks && f.weak(S::Agent) == 0 && !queue)
        && performs
    {
        push(Flow::AccessApproval, 4 + other_topic);
    }

    // A brand's imitation (a lookalike, deceptive-subdomain or homoglyph host) that asks for a code
    // or an approval while telling the user to pass the code on, or to hurry: a scam's approval step, however
    // its words say "link your new phone". Scored low, so that any flow the page names wins; not
    // a plain sign-in form (credential phishing is not a recovery flow), not a page about scams.
    let passes_code_on = coached(f);
    let hurried = f.weak(S::Urgency) > f.urgency_validity || f.strong(S::Urgency);
    // (Told to pass a code on, any button will do: "I have approved in the app".)
    // (Even one that also says "block": "Ho autorizzato: blocca l'operazione" — the scam's story
    // is that approving stops the fraud.)
    let acts =
        f.code_field || f.approve_button || f.number_shown || (passes_code_on && (f.non_deny_buttons >= 1 || (f.buttons >= 1 && f.weak(S::Approve) >= 1)));
    if deceptive && (passes_code_on || hurried) && acts && !sign_in && !describing(f) {
        push(Flow::MfaApproval, 2);
    }
    out
}

/// Topic signals of [`candidates`]: every flow there needs one of these in the title, a heading or
/// the text (or a URL signal, or a catalog page). Adding a flow whose topic is not listed here
/// makes [`glance`] wrong; `glance_is_sound_on_the_corpus` (crates/cli/tests) checks the corpus.
// Not ProfileScope: "name", "e-mail address", "profile" are on every comment and newsletter form,
// and they only ever add to a consent that an authorize URL (`client_id`, shaped below) or consent
// wording (here) has already made.
const GLANCE_TOPICS: [S; 11] =
    [S::Reset, S::Mfa, S::Device, S::Consent, S::TokenScope, S::Credential, S::Recovery, S::Reauth, S::OtherParty, S::Agent, S::AssignRole];
pub(crate) const GLANCE_URL: [S; 8] =
    [S::UrlReset, S::UrlDevice, S::UrlConsent, S::UrlCredential, S::UrlRecovery, S::UrlReauth, S::UrlApproval, S::UrlAdminUsers];

/// The cheap first look (see `Engine::glance`, which has already sent known flow pages,
/// lookalike and suspicious hosts to a full read by `triage`): `Some(verdict)` when the glance
/// settles the page, `None` when only a full read can. `obs` holds a *superset* of what a full
/// read would: the rendered text including headings, every button-like control and every field,
/// opaque content counted without asking whether it is visible.
pub fn glance(obs: &Observation, site: &Site, f: &Features, catalog: &Catalog, policy: &Policy) -> Option<Verdict> {
    if policy.is_trusted(&site.host) {
        return Some(assess(obs, site, f, catalog, policy));
    }
    if GLANCE_URL.iter().any(|&s| f.url_has(s)) || GLANCE_TOPICS.iter().any(|&s| f.title.has(s) || f.text.has(s)) {
        return None;
    }
    // Flows that [`candidates`] finds from the page's shape without any topic word: a password
    // form (a reset link's new password, a session's step-up), a code box (the device grant's,
    // an authenticator's), a new e-mail address, a shown secret or setup key, an
    // authorize URL, a URL shape the catalog knows.
    // (A contact box's "new" may be only in its label, which a glance does not read.)
    let contact_in_settings = (f.phone_field || f.email_field) && (f.url_has(S::UrlSettings) || f.url_has(S::UrlRecovery));
    // (And a lone phone box on a page that says "new": whether it asks for a *new* phone is in its
    // label or heading, which a glance does not read — DigiD's "Nieuw telefoonnummer", signed in
    // by a sign-out link the glance does not look at. Not a lone e-mail box: every newsletter
    // form is one.)
    let new_phone_box = f.phone_field && f.input_fields <= 2 && (f.text.has(S::NewValue) || f.sign_out || f.text.has(S::SignOut));
    // (Nor whether a plain text box is a phone or an address box at all: inside a session or on a
    // settings URL, one or two boxes on a page that says "new" may be the new recovery phone —
    // DigiD's "Nieuw telefoonnummer" as a type=text box.)
    let new_value_box = (1..=2).contains(&f.input_fields) && f.text.has(S::NewValue) && (f.sign_out || f.text.has(S::SignOut) || f.url_has(S::UrlSettings));
    let shaped = f.password_fields > 0
        || contact_in_settings
        || new_phone_box
        || new_value_box
        || f.code_field
        || f.device_code_field
        || f.email_change_field
        || f.secret_shown
        || f.setup_key_shown
        // (Not code-shaped tokens alone: backup codes make a flow only beside recovery wording or
        // a recovery URL, which the topics above read — SKUs and order numbers do not.)
        || site.query_value("client_id").is_some()
        // An approve/deny pair in an admin console (see `console_request`), a "Make admin".
        || ((f.url_has(S::UrlPrivileged) || f.admin_host) && f.approve_button && f.deny_button)
        || f.grant_admin_button
        || f.number_shown
        || f.catalog_flow.is_some();
    if shaped {
        return None;
    }
    // No flow can be classified. A full read could still say "reading.incomplete": an acting
    // control or code box beside content we cannot read. Any field counts here (the glance has no
    // labels to tell a code box from others).
    let acts = f.specific_approve_button || f.mint_button || f.mint_now_button || f.factor_button || f.factor_verb_bare || f.reset_button || f.form_fields > 0;
    if acts && obs.opaque.total() > 0 {
        return None;
    }
    Some(Verdict::allow())
}

/// Ties go to the flow that is more specific about who gains what.
fn specificity(flow: Flow) -> u8 {
    match flow {
        Flow::AccessApproval => 8,
        Flow::DeviceCode => 7,
        Flow::OauthConsent => 6,
        Flow::CredentialReissue => 5,
        Flow::Reauthentication => 4,
        Flow::RecoveryFactorChange => 3,
        Flow::MfaApproval => 2,
        Flow::PasswordReset => 1,
        Flow::None => 0,
    }
}

pub fn classify(f: &Features, site: &Site, catalog: &Catalog) -> Flow {
    candidates(f, site, catalog).into_iter().max_by_key(|c| (c.score, specificity(c.flow))).map_or(Flow::None, |c| c.flow)
}

/// The scopes an authorize URL asks for, graded by the catalog.
struct Scopes {
    privileged: bool,
    token: bool,
    offline: bool,
    /// Scopes we do not know: treated as reaching data (unknown is not harmless).
    unknown: bool,
    /// The URL names any scope at all.
    any: bool,
}

fn url_scopes(site: &Site, catalog: &Catalog) -> Scopes {
    let mut s = Scopes { privileged: false, token: false, offline: false, unknown: false, any: false };
    // `scope` in OAuth; Discourse's user API keys ask with `scopes`.
    let raw = site.query_value("scope").or_else(|| site.query_value("scopes")).unwrap_or_default();
    for scope in raw.split([' ', '+', ',']).filter(|x| !x.is_empty()) {
        s.any = true;
        match catalog.scope_level(scope) {
            Some(ScopeLevel::Profile) => {}
            Some(ScopeLevel::Token) => s.token = true,
            Some(ScopeLevel::Offline) => s.offline = true,
            Some(ScopeLevel::Privileged) => s.privileged = true,
            None => s.unknown = true,
        }
    }
    // Admin consent grants for the whole tenant.
    if site.query_value("prompt") == Some("admin_consent") || site.path.to_ascii_lowercase().contains("adminconsent") {
        s.privileged = true;
    }
    if site.query_value("access_type") == Some("offline") {
        s.offline = true;
    }
    s
}

/// What the click would restore: (privileged, token_backed, offline refresh token).
fn stakes(flow: Flow, f: &Features, site: &Site, catalog: &Catalog) -> (bool, bool, bool) {
    let scopes = url_scopes(site, catalog);
    // Scope names listed on a consent page (often as the checkboxes being granted) count like
    // the authorize URL's.
    let listed = if flow == Flow::OauthConsent { f.scopes_in_text } else { crate::features::ScopeHits::default() };
    let offline = scopes.offline || f.weak(S::Offline) >= 1 || listed.offline > 0 || (flow == Flow::OauthConsent && f.option_labels.has(S::Offline));
    // (For an approval whose target's role is stated and ordinary — "Role: Member" —, admin roles
    // elsewhere in the text are other rows', the console's menus' or the signed-in admin's.)
    let target_ordinary = flow == Flow::AccessApproval && f.ordinary_role_line && !f.target_role_admin && !f.admin_role_set;
    let privileged = f.strong(S::Privileged)
        || (f.weak(S::Privileged) > f.privileged_denied && !target_ordinary)
        // For approvals of another party, the admin console is where the approver works; what
        // counts is the target's privilege, which the page text names.
        || (f.url_has(S::UrlPrivileged) && flow != Flow::AccessApproval)
        // (An admin console names its signed-in admin, `admin@…`, on every page: for an approval
        // the account that matters is the target's.)
        || (f.admin_identity && flow != Flow::AccessApproval)
        // The target of an admin's action holds an admin role (its box ticked, its role chosen).
        || (flow == Flow::AccessApproval && (f.admin_role_set || f.target_role_admin || f.admin_role_heading || f.grant_admin_button || f.grant_admin_question))
        // Changing one's own factors, stepping up, approving one's own sign-in: the account's own
        // role counts.
        || (matches!(flow, Flow::RecoveryFactorChange | Flow::Reauthentication | Flow::MfaApproval) && f.account_role_admin)
        || (flow == Flow::Reauthentication && (f.referrer_url.has(S::UrlPrivileged) || f.admin_host || f.strong(S::AdminConsole) || f.weak(S::AdminConsole) >= 1))
        || (flow == Flow::OauthConsent && (scopes.privileged || listed.privileged > 0 || f.option_labels.has(S::Privileged)));
    let token_backed = match flow {
        Flow::CredentialReissue => true,
        // A device grant hands the other device tokens; the catalog marks the few services whose
        // device flow is limited to low-value scopes (e.g. Google's: profile, YouTube, app files).
        // A device page the catalog (built in, or the organisation's) lists is graded as listed
        // ("limited" or not). Otherwise a page that signs in a TV is limited: a TV app plays
        // (docs/labelling.md's low-value scopes; data/words/devices.txt says why this is not how
        // device-code phishing pages read).
        Flow::DeviceCode => match catalog.device_page_for(&site.host_path()) {
            Some(listed) => !listed.contains("limited"),
            // (Unless it asks for offline access: a refresh token outlives any TV session.)
            None => !f.tv_heading || offline,
        },
        // A list of scopes to tick that names none we know is unknown, and unknown is not harmless.
        // What the app may do is graded from its scopes (the URL's, the ones listed). Where
        // nothing says the grant is only who you are — profile scopes and nothing else — it is
        // treated as reaching data: unknown is not harmless.
        Flow::OauthConsent => {
            let reaches = scopes.token
                || scopes.privileged
                || scopes.unknown
                || offline
                || listed.token + listed.privileged > 0
                // (Words in the running text — a footer's "source code" link — do not outweigh
                // an authorize URL whose scopes are all known.)
                || (f.weak(S::TokenScope) >= 1 && !scopes.any)
                || f.strong(S::TokenScope)
                || f.option_labels.has(S::TokenScope);
            let profile_only = (scopes.any && !reaches)
                || ((f.weak(S::ProfileScope) >= 1 || f.option_labels.has(S::ProfileScope) || listed.profile > 0) && !reaches && f.scope_options == 0);
            reaches || !profile_only
        }
        // What is approved is a credential, or an app's grant of data scopes (its tokens).
        Flow::AccessApproval => {
            let app_grant = f.strong(S::Consent) || f.weak(S::Consent) >= 1;
            // Resetting someone's password or factors restores their sign-in, not a credential:
            // a console's menu naming "API tokens" does not make it one.
            let restores_sign_in = (f.strong(S::Reset) || f.strong(S::Recovery)) && !f.strong(S::Credential);
            f.strong(S::Credential)
                || (f.credential_requested && !restores_sign_in)
                || f.credential_button
                || f.url_has(S::UrlCredential)
                || f.url_has(S::Credential)
                || (app_grant && f.weak(S::TokenScope) >= 1)
                || f.scopes_in_text.token + f.scopes_in_text.privileged > 0
        }
        // A step-up in front of a credential ("Re-enter your password to view your API key",
        // PyPI's `/manage/account/token/`): confirming reveals or mints it.
        // (Its title, its URL or where it returns to, or the line asking: a side panel's "API
        // access key" heading is not what this step unlocks.)
        Flow::Reauthentication => f.title.has(S::Credential) || f.url_has(S::UrlCredential) || f.url_has(S::Credential) || f.credential_issue_line,
        _ => false,
    };
    (privileged && flow != Flow::None, token_backed, offline && flow == Flow::OauthConsent)
}

/// Flows where arriving from a mail or chat link is itself a warning sign. A reset link *arrives*
/// by mail by design, so `password_reset` is not among them.
/// The page tells the user to pass a code on or to do what someone says. "Never share this code"
/// holds "share this code": the service's own advice is not coaching.
fn coached(f: &Features) -> bool {
    f.weak(S::Coaching) > f.weak(S::Advice) || f.strong(S::Coaching)
}

fn link_arrival_matters(flow: Flow) -> bool {
    !matches!(flow, Flow::PasswordReset | Flow::None)
}

/// The language of a verdict's reasons: the page's text's (only worked out when there are reasons).
fn reasons_lang(obs: &Observation) -> &str {
    let declared = obs.lang.split(['-', '_']).next().unwrap_or_default();
    let mut parts: Vec<&str> = vec![obs.title.as_str()];
    parts.extend(obs.headings.iter().map(String::as_str));
    parts.push(obs.text.as_str());
    let detected = crate::lang::detect(declared, &parts);
    crate::reasons::pick_lang(&obs.lang, detected, &obs.context.ui_lang)
}

pub fn assess(obs: &Observation, site: &Site, f: &Features, catalog: &Catalog, policy: &Policy) -> Verdict {
    if policy.is_trusted(&site.host) {
        let lang = reasons_lang(obs);
        let mut v = Verdict::allow();
        v.reasons.push(reason(ReasonId::PolicyTrustedHost, lang));
        v.lang = lang.to_string();
        return v;
    }

    let flow = classify(f, site, catalog);
    if flow == Flow::None {
        let mut v = Verdict::allow();
        // A control that would act (approve, generate, reset, a code box) with nothing readable
        // saying what it does, beside content we cannot read: say so rather than allow silently.
        // A page that is mostly readable text with a logo is not hiding what its button does.
        let acts = f.specific_approve_button || f.mint_button || f.mint_now_button || f.factor_button || f.reset_button || f.code_field;
        // A read cut short on a very large page found no flow in the part it read: say so.
        let cut = obs.opaque.unread > 0;
        if cut || (acts && !is_sign_in(f) && obs.opaque.total() > 0 && obs.text.chars().count() < 400) {
            let lang = reasons_lang(obs);
            v.reasons.push(reason(ReasonId::ReadingIncomplete, lang));
            v.lang = lang.to_string();
        }
        return v;
    }
    let lang = reasons_lang(obs);
    let (privileged, token_backed, offline) = stakes(flow, f, site, catalog);
    // What the organisation's policy knows: its privileged accounts and apps, its sign-in.
    let org = policy.org_stakes(flow, obs, site);
    let (privileged, token_backed) = (privileged || org.privileged(), token_backed || org.token_backed_app);

    // Social-engineering context: positive evidence only.
    let mut strong: Vec<ReasonId> = Vec::new();
    let mut weak: Vec<ReasonId> = Vec::new();
    let hosts: Vec<HostSignal> = host_signals(site, catalog);
    if let Some(h) = hosts.first() {
        strong.push(h.reason_id());
    }
    if policy.is_suspicious(&site.host) {
        strong.push(ReasonId::PolicySuspiciousHost);
    }
    if link_arrival_matters(flow) {
        match arrival(&obs.referrer, &obs.context.redirects, site, catalog) {
            Some(a @ (Arrival::Mail(_) | Arrival::Chat(_) | Arrival::Redirector(_))) => strong.push(a.reason_id()),
            None => {}
        }
    }
    if coached(f) {
        strong.push(ReasonId::ContextCoaching);
    }
    // "The code expires in 10 minutes" is how products state validity, not a threat.
    match f.weak(S::Urgency).saturating_sub(f.urgency_validity) + u16::from(f.strong(S::Urgency)) * 2 {
        0 => {}
        1 => weak.push(ReasonId::ContextUrgency),
        _ => strong.push(ReasonId::ContextUrgency),
    }
    // A device code already filled into the link: someone else started this sign-in and sent the
    // link. Legitimate QR/"complete" links exist (RFC 8628 verification_uri_complete), so alone it
    // only adds risk; with a mail or chat arrival it is already a strong signal above.
    if flow == Flow::DeviceCode && ["user_code", "usercode", "otc", "code"].iter().any(|k| site.query_value(k).is_some_and(|v| v.len() >= 4)) {
        weak.push(ReasonId::ContextPrefilledCode);
    }
    if f.weak(S::Unverified) >= 1 && matches!(flow, Flow::AccessApproval | Flow::PasswordReset | Flow::RecoveryFactorChange) {
        strong.push(ReasonId::ContextUnverifiedRequester);
    }
    if f.weak(S::Agent) >= 1 && matches!(flow, Flow::AccessApproval | Flow::CredentialReissue) {
        strong.push(ReasonId::ContextAgentRequest);
    }
    let prompts = obs
        .context
        .recent
        .iter()
        .filter(|e| e.age_s <= 600 && e.kind.strip_prefix("prompt_shown:") == Some(flow.as_str()) && (e.site == site.host || e.site == site.registrable))
        .count();
    if prompts >= 2 && matches!(flow, Flow::MfaApproval | Flow::DeviceCode | Flow::OauthConsent) {
        strong.push(ReasonId::ContextRepeatedPrompts);
    }

    let stakes_high = privileged || token_backed || org.org_account;
    let steered = !strong.is_empty();
    let mut action = match (stakes_high, steered) {
        (true, true) => Action::Confirm,
        (true, false) | (false, true) => Action::Warn,
        (false, false) => Action::Notice,
    };

    let mut risk: u32 = 20;
    if privileged {
        risk += 25;
    }
    if token_backed {
        risk += 20;
    }
    if offline {
        risk += 5;
    }
    if org.org_account {
        risk += 10;
    }
    risk += 20 * strong.len() as u32 + 5 * weak.len() as u32;
    let risk = risk.min(100) as u8;

    let mut reasons: Vec<Reason> = flow_reason(flow).map(|id| reason(id, lang)).into_iter().collect();
    if privileged {
        reasons.push(reason(ReasonId::StakesPrivileged, lang));
    }
    if token_backed {
        reasons.push(reason(ReasonId::StakesTokenBacked, lang));
    }
    if offline {
        reasons.push(reason(ReasonId::StakesOfflineAccess, lang));
    }
    reasons.extend(org.reason_ids().map(|id| reason(id, lang)));
    for id in strong.iter().chain(weak.iter()) {
        reasons.push(reason(*id, lang));
    }
    if let Some(a) = policy.action_with_stakes(flow, privileged, token_backed, org.org_account) {
        if a != action {
            action = a;
            reasons.push(reason(ReasonId::PolicyAction, lang));
        }
    }
    // Events name the signed-in account only when the administrator asked for it (and never for a
    // page with no flow, which raises no event).
    let identity = if flow != Flow::None && policy.reporting.as_ref().is_some_and(|r| r.include_identity) { policy.org_account_in(obs) } else { None };
    Verdict { flow, action, risk, privileged, token_backed, reasons, hold: f.act_controls.clone(), identity, lang: lang.to_string() }
}
