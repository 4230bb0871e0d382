//! Evidence read off an observation: phrase hits per zone of the page, and the page's structure.
//!
//! Zones matter: a phrase in the title or a heading says what the page *is*; the same phrase in
//! running text may only describe it; a phrase on a button says what the click *does*.

use crate::data::words::{accounts, controls, devices, fields, roles, urgency, urls};
use crate::lexicon::{Hits, Lexicon, Signal};
use crate::observation::{ControlKind, Observation};
use crate::site::Site;
use crate::text::normalize;

/// How much of the page's running text the phrase tables read: a quarter of a megabyte holds any
/// prompt and the words around it many times over, and keeps a megabyte-long article from costing
/// a megabyte of matching. Titles, headings, controls and field labels are always read whole, and
/// the page's shapes (secrets, codes, scope names) are found in all of the text.
const PHRASE_TEXT_CAP: usize = 256 * 1024;

/// The first [`PHRASE_TEXT_CAP`] bytes of `text`, cut at a character boundary.
fn bulk_text(text: &str) -> &str {
    head(text, PHRASE_TEXT_CAP)
}

/// `at` moved back to a character boundary of `text`.
fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at` moved forward to a character boundary of `text`.
fn ceil_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The first `max` bytes of `text` at most, cut at a character boundary.
fn head(text: &str, max: usize) -> &str {
    text.get(..floor_char(text, max)).unwrap_or(text)
}

/// Buttons longer than this are prose (an FAQ accordion, a card), not an action label.
const MAX_BUTTON_WORDS: usize = 8;
/// Enough for any real prompt; a page with hundreds of "Submit" buttons gets its first few held.
const MAX_ACT_CONTROLS: usize = 16;

#[derive(Debug, Default)]
pub struct Features {
    pub title: Hits,
    pub headings: Hits,
    pub text: Hits,
    pub url: Hits,
    /// The words of a single-page app's client-side route (`#/secure/mfa/unbind`), apart from the
    /// URL's: an admin console's route names the record it shows (`#/master/users/<id>/credentials`
    /// is a user's page, not a credential's), so only rules that ask for it read it.
    pub route: Hits,
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
    /// Buttons that are not a refusal ("Cancel", "Deny").
    pub non_deny_buttons: usize,
    /// A one-word factor verb on a button ("Add", "Delete", "Disable").
    pub factor_verb_bare: bool,
    /// Rows to tick (three or more checkboxes with no words of their own, or "select"): a list of
    /// things, such as a users table, not one thing.
    pub row_checkboxes: usize,
    pub reset_button: bool,
    pub other_party_button: bool,
    pub revoke_buttons: usize,
    /// Links that revoke or delete (a list's row actions).
    pub revoke_links: usize,
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

    // What the page shows that is not words (`structure.rs`).
    /// A credential is shown: an issuer's token, a private key, a random secret.
    pub secret_shown: bool,
    /// An authenticator's setup key is shown (base32 secret, `otpauth://`).
    pub setup_key_shown: bool,
    /// How many recovery-code-shaped tokens the page shows.
    pub recovery_codes: usize,
    /// Documented scope names in the page's text (`read:org`, `Mail.ReadWrite`, `offline_access`).
    pub scopes_in_text: ScopeHits,
    /// A field named for the OAuth device grant's user code (`user_code`).
    pub device_code_field: bool,
    /// A field for a new or recovery e-mail address or phone number (not a sign-in identifier).
    pub email_change_field: bool,
    /// A phone-number box.
    pub phone_field: bool,
    /// An e-mail address box.
    pub email_field: bool,
    /// A link worded as a factor change ("Download codes", "Generate new codes").
    pub factor_link: bool,
    /// A button worded as a grant ("Grant access").
    pub consent_button: bool,
    /// A button that names a credential ("Continue with AccessKey", "Reset security token").
    pub credential_button: bool,
    /// A review form: an Approve option to pick and a button that submits the choice.
    pub approve_choice: bool,
    /// Checkboxes whose name says they pick scopes (`scope[]`, `grant_scope`, `raw-scopes`).
    pub scope_options: usize,
    /// A ticked box or a chosen option that names an admin role ("Administrator", "Superuser
    /// status"): on a page about one user, that user holds admin rights.
    pub admin_role_set: bool,
    /// A line of the text says the user being managed holds an admin role ("This user has the
    /// role Global Administrator", "Assigned roles: admin").
    pub target_role_admin: bool,
    /// An admin role stated on the account's own line (the line with its e-mail address, or a
    /// short role line beside it): "giulia@studio.it · Proprietario", "Анна Лебедева — Администратор портала".
    pub account_role_admin: bool,
    /// A line names a credential with the verb that issues it ("アクセストークンの発行", "Generate API key").
    pub credential_issue_line: bool,
    /// A button saying only "OK", "Next", "Continue" (or a translation).
    pub bare_step_button: bool,
    /// A heading that asks for an approval names the phone app it happens in.
    pub app_heading: bool,
    /// A heading names an admin role ("Make Jane a Global Admin"), not the console's place.
    pub admin_role_heading: bool,
    /// A control that makes another account an administrator ("Make admin", "Сделать администратором").
    pub grant_admin_button: bool,
    /// A line asks whether to make another account an administrator ("¿Realmente desea agregar al
    /// usuario X como nuevo administrador del sitio?"): the confirm step of the same act.
    pub grant_admin_question: bool,
    /// The page is a webmail's view of a message (a sign-in alert, a reset mail): the flow it
    /// names happens elsewhere, if at all. Not the webmail's own settings.
    pub webmail: bool,
    /// A line states an ordinary (not admin) role with a role label ("Role: Member").
    pub ordinary_role_line: bool,
    /// A button that says only "Install" (an app's installation; see `controls.txt`).
    pub install_button: bool,
    /// A control that gives someone roles ("Назначить роли", "Assign roles").
    pub assign_role_button: bool,
    /// One control that both issues and names a credential ("Create new app password", "Generate new token").
    pub mint_credential_button: bool,
    /// The title or a heading names a television ("Activate your TV", "Fernseher verbinden"), or a
    /// short line does beside the code box ("… wyświetlany na ekranie telewizora").
    pub tv_heading: bool,
    /// A short number alone on a line, on a page that names the phone app (number matching).
    pub number_shown: bool,
    /// A button whose label is part of a reset or recovery heading: the dialog's confirm.
    pub confirms_reset_heading: bool,
    /// A password box named for a step-up (`sudo_password`, "Confirm your password").
    pub reauth_field: bool,
    /// A line of the text names a credential together with asking, approving or making one
    /// ("requests an API token", "Approve token access"): the request is about a credential, not
    /// a console's menu that lists "API tokens".
    pub credential_requested: bool,
    /// Urgency phrases on lines that state how long a code, link or token stays valid ("expires in
    /// 10 minutes"): product wording, not pressure.
    pub urgency_validity: u16,
    /// Privileged phrases on lines that say the role is absent ("Admin roles: None"): not
    /// evidence of privilege.
    pub privileged_denied: u16,
    /// A button that copies what the page shows.
    pub copy_button: bool,
    /// A control that signs out: the page is inside a signed-in session.
    pub sign_out: bool,
    /// The referrer is one of this service's account, settings or admin pages (same registrable
    /// domain): the user is inside a signed-in session.
    pub from_session: bool,
    /// The URL names another user's account inside an admin area (`/admin/users/42/edit`,
    /// `user-edit.php?user_id=7`).
    pub other_user_url: bool,
    /// Buttons that submit a form without saying what they do (`Save`, `Add`, `Submit`).
    pub submit_buttons: usize,
    /// A field whose label or name speaks of a credential ("Token name", `token[name]`).
    pub credential_field: bool,
    /// Fields other than search boxes and text areas: a text area alone is a comment or reply box.
    pub input_fields: usize,
    /// One heading (or the title) names both a change and a factor ("Add a security key").
    pub factor_heading: bool,
    /// The page sits where a site keeps writing about itself: a `docs`, `help`, `community`, `blog`
    /// … host or path.
    pub docs_location: bool,
    /// The title or a heading starts with a quotation mark: a headline quoting a prompt, which a
    /// product's own screen never does.
    pub quoted_heading: bool,
}

/// Documented scope names found in a page's text, by level.
#[derive(Debug, Default, Clone, Copy)]
pub struct ScopeHits {
    pub profile: u16,
    pub token: u16,
    pub offline: u16,
    pub privileged: u16,
}

impl ScopeHits {
    pub fn any(&self) -> bool {
        self.profile + self.token + self.offline + self.privileged > 0
    }
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
        let local: String = text
            .get(..at)
            .unwrap_or_default()
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '+'))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let local = local.to_ascii_lowercase();
        let parts: Vec<&str> = local.split(['.', '-', '_', '+']).collect();
        !local.is_empty() && parts.iter().any(|p| accounts::ADMIN.contains(p))
    })
}

/// "Yes", "OK", "Next", "Continue" and their translations: they advance whatever the page is.
fn is_bare_step(norm: &str) -> bool {
    controls::BARE_STEP.contains(&norm)
}

/// A label in a script written without spaces: its length, not its word count, says how specific it is.
fn is_unspaced(norm: &str) -> bool {
    norm.chars().any(crate::text::is_unspaced_script)
}

/// `text` holds one of `words` anywhere (field names and labels run words together).
/// The (normalised) line says an admin role is absent: one of its words is "none", "keine",
/// "нет"…, or it contains "なし", "没有"….
fn role_absent(norm: &str) -> bool {
    contains_any(norm, roles::ABSENT_CJK) || norm.split(|c: char| !c.is_alphanumeric()).any(|w| roles::ABSENT_WORD.contains(&w))
}

/// Byte offsets in `text` where a word starts glued to the one before it: a lower-case letter, then
/// an upper-case one and a lower-case one ("Carlos MenezesProprietário", "…@acme.frSuper
/// administrateur"). A name and its role chip set side by side without a space read so in the
/// browser's rendered text, as in ours.
fn glue_points(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev = (' ', ' ');
    text.char_indices().filter_map(move |(i, c)| {
        let (a, b) = prev;
        prev = (b, c);
        (a.is_lowercase() && b.is_uppercase() && c.is_lowercase()).then(|| i - b.len_utf8())
    })
}

/// `line` with a space where a word starts glued to the one before (see [`glue_points`]), so the
/// line's words are read apart: "Ruoli di amministratoreNessun ruolo" says the role is absent.
fn deglue(line: &str) -> std::borrow::Cow<'_, str> {
    let mut points = glue_points(line).take(MAX_GLUE_POINTS).peekable();
    if points.peek().is_none() {
        return std::borrow::Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut from = 0;
    for at in points {
        out.push_str(line.get(from..at).unwrap_or_default());
        out.push(' ');
        from = at;
    }
    out.push_str(line.get(from..).unwrap_or_default());
    std::borrow::Cow::Owned(out)
}

/// Lines longer than this are prose, not a name beside its role chips: not read apart.
const MAX_GLUED_LINE: usize = 160;

/// Glued words read apart per line, and glued lines looked at per page: a page of run-together
/// words ("HomeAboutPricing") costs no more than this.
const MAX_GLUE_POINTS: usize = 64;

/// A short label naming a role or profile ("Organization role", "Perfil", "ロール").
fn role_label(norm: &str) -> bool {
    (1..=4).contains(&words(norm))
        && norm.chars().count() <= 32
        && (norm.split(|c: char| !c.is_alphanumeric()).any(|w| roles::ROLE_LABEL_WORD.contains(&w)) || contains_any(norm, roles::ROLE_LABEL_CJK))
}

/// A "LABEL: VALUE" line's label (normalised; the last part before the colon: "Compte de
/// l'organisation X — rôle :") and its value as written.
fn role_pair(line: &str) -> Option<(String, &str)> {
    line.split_once([':', '\u{ff1a}'])
        .map(|(label, value)| (normalize(label.rsplit(['\u{2014}', '\u{00b7}', '|', ',', '\u{2013}']).next().unwrap_or(label)), value))
}

/// The (normalised) line is labelled with the account it names ("User: @k.dabrowski (…)").
fn user_line(norm: &str) -> bool {
    norm.split_once([':', '\u{ff1a}']).is_some_and(|(label, _)| roles::USER_LABEL.contains(&label.trim()))
}

/// The line ends with a bracketed role: "… requested access to Finance (Owner)", "（管理员）".
fn role_in_brackets(norm: &str, lx: &Lexicon) -> bool {
    let line = norm.trim_end();
    let Some(inner) = line.strip_suffix(')').or_else(|| line.strip_suffix('\u{ff09}')) else { return false };
    let open = inner.rfind(['(', '\u{ff08}']).map_or(0, |i| i + inner.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8));
    inner.get(open..).is_some_and(|role| lx.scan(role).has(Signal::AdminRole))
}

/// The text names the phone app an approval happens in ("…in the Steam Mobile App", "アプリ").
/// `text` names a television (a whole word, or contained in scripts written without spaces).
fn names_tv(text: &str) -> bool {
    let norm = normalize(text);
    norm.split(|c: char| !c.is_alphanumeric() && c != '-').any(|w| devices::TV_WORD.contains(&w)) || contains_any(&norm, devices::TV_CJK)
}

fn names_app(text: &str) -> bool {
    let norm = normalize(text);
    norm.split(|c: char| !c.is_alphanumeric()).any(|w| controls::APP_WORD.contains(&w)) || contains_any(&norm, controls::APP_WORD_UNSPACED)
}

/// `part` occurs in `text` at word boundaries ("reset" in "reset password", not "ok" in "token");
/// in scripts written without spaces, anywhere.
fn contains_words(text: &str, part: &str) -> bool {
    if is_unspaced(part) {
        return text.contains(part);
    }
    let boundary = |c: Option<char>| !matches!(c, Some(c) if c.is_alphanumeric());
    text.match_indices(part)
        .any(|(i, _)| boundary(text.get(..i).and_then(|b| b.chars().next_back())) && boundary(text.get(i + part.len()..).and_then(|a| a.chars().next())))
}

fn contains_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

fn words(norm: &str) -> usize {
    norm.split(' ').filter(|w| !w.is_empty()).count()
}

/// The URL's path and query as words: `/settings/tokens/new` → `settings tokens new`.
pub(crate) fn url_words(site: &Site) -> String {
    let mut s = String::with_capacity(site.path.len() + 32);
    let mut push = |part: &str| {
        let mut lower = false;
        for seg in part.split('/') {
            // camelCase segments are words too (`/setup/ManageUsers`, `resetPassword`); an opaque
            // token (`KbXg7wQ2Vn4t`, it has digits) is not split into pseudo-words.
            let camel = !seg.bytes().any(|b| b.is_ascii_digit());
            for c in seg.chars() {
                if camel && lower && c.is_uppercase() {
                    s.push(' ');
                }
                lower = c.is_lowercase();
                s.push(if c.is_alphanumeric() { c } else { ' ' });
            }
            s.push(' ');
        }
    };
    push(&site.path);
    for (k, v) in &site.query {
        push(k);
        // Where the flow returns to says what it unlocks (`continue=https://admin.google.com/…`);
        // a word as a value names the page's tab or view (`tab=access_requests`). (Not a search's
        // or a campaign's: `?q=recovery`, `utm_campaign=password_reset`.)
        let view = !v.is_empty()
            && v.len() <= 32
            && !urls::NOT_A_VIEW_KEY.iter().any(|n| k.to_ascii_lowercase().starts_with(n))
            && v.bytes().all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-');
        if crate::site::is_return_key(k) || view {
            push(v);
        }
    }
    normalize(&s)
}

/// Documented scope names in the text: tokens holding `:`, `.`, `_` or `/`, looked up in the catalog.
fn scopes_in_text(text: &str, catalog: &crate::catalog::Catalog) -> ScopeHits {
    use crate::catalog::ScopeLevel;
    let mut hits = ScopeHits::default();
    let bytes = text.as_bytes();
    let is_sep = |b: u8| b.is_ascii_whitespace() || matches!(b, b',' | b';' | b'(' | b')' | b'"' | b'\'' | b'[' | b']');
    // A scope name holds `:`, `_`, `/` or `.` between two word characters (a sentence's full stop
    // has a space after it): find those in one pass over the bytes, then read the word around.
    let mut i = 0;
    let mut looked = 0;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if !matches!(b, b':' | b'_' | b'/' | b'.')
            || !bytes.get(i).is_some_and(u8::is_ascii_alphanumeric)
            || i < 2
            || !bytes.get(i - 2).is_some_and(u8::is_ascii_alphanumeric)
        {
            continue;
        }
        let start = bytes.get(..i).and_then(|b| b.iter().rposition(|&c| is_sep(c))).map_or(0, |p| p + 1);
        let end = bytes.get(i..).and_then(|b| b.iter().position(|&c| is_sep(c))).map_or(bytes.len(), |p| i + p);
        i = end;
        looked += 1;
        if looked > 5000 {
            break;
        }
        // (A scope glued to its description in another script: "获取通讯录基本信息contact:contact.base:readonly".)
        let Some(t) = text.get(start..end).map(|t| t.trim_end_matches(['.', ':']).trim_start_matches(|c: char| !c.is_ascii())) else { continue };
        if !(4..=80).contains(&t.len()) {
            continue;
        }
        match catalog.scope_word_level(t).or_else(|| glued_scope_level(t, catalog)) {
            Some(ScopeLevel::Profile) => hits.profile += 1,
            Some(ScopeLevel::Token) => hits.token += 1,
            Some(ScopeLevel::Offline) => hits.offline += 1,
            Some(ScopeLevel::Privileged) => hits.privileged += 1,
            None => {}
        }
    }
    hits
}

/// A scope glued to the word after it, as two cells of a permissions table read without a space
/// between them ("Mail.ReadWriteGedelegeerd", "offline_accessDelegated"): the longest prefix that
/// ends where a lower-case letter meets a capital, after the scope's last `.`, `_`, `:` or `/`.
fn glued_scope_level(t: &str, catalog: &crate::catalog::Catalog) -> Option<crate::catalog::ScopeLevel> {
    let bytes = t.as_bytes();
    let last_sep = bytes.iter().rposition(|&b| matches!(b, b'.' | b'_' | b':' | b'/'))?;
    (last_sep + 2..bytes.len())
        .rev()
        .filter(|&i| bytes.get(i).is_some_and(u8::is_ascii_uppercase) && bytes.get(i - 1).is_some_and(u8::is_ascii_lowercase))
        .find_map(|i| t.get(..i).and_then(|head| catalog.scope_word_level(head)))
}

/// The host is a service's admin console (`admin.google.com`, `entra.microsoft.com`): its first
/// label says so.
fn admin_host(site: &Site) -> bool {
    site.host.split_once('.').is_some_and(|(first, _)| urls::ADMIN_HOST.contains(&first))
}

/// The host is a cloud console (`ram.console.aliyun.com`, `console.aws.amazon.com`), where people
/// manage their own account as well as others': an admin area only for a page about one user.
fn console_host(site: &Site) -> bool {
    let sub = site.host.strip_suffix(site.registrable.as_str()).unwrap_or_default();
    sub.split('.').any(|label| urls::CONSOLE_HOST.contains(&label))
}

/// The URL is an admin area's page about one user: a `users` (or `user`, `people`, `members`)
/// segment followed by an id or name, or a `user_id` query, under an `admin` segment or host.
fn other_user_url(site: &Site, referrer: &str, console_page: bool) -> bool {
    // The path's segments, then the client-side route's (an admin console's single-page app).
    let segs: Vec<String> = site.path.split('/').chain(site.route.split('/')).filter(|s| !s.is_empty()).map(str::to_ascii_lowercase).collect();
    let admin_path = |segs: &[String]| segs.iter().any(|s| urls::ADMIN_AREA_PREFIX.iter().any(|p| s.starts_with(p)) || urls::ADMIN_AREA.contains(&s.as_str()));
    // Coming from an admin area counts too (Moodle's user editor is reached from /admin/user.php).
    // (The referrer's path segments, when it is on this host.)
    let rsegs: Vec<String> = crate::site::parse_url(referrer)
        .ok()
        .filter(|r| r.host_str() == Some(site.host.as_str()))
        .map(|r| r.path().split('/').filter(|s| !s.is_empty()).map(str::to_ascii_lowercase).collect())
        .unwrap_or_default();
    let from_admin = admin_path(&rsegs);
    // So does coming from the list of accounts itself to one of them (Zoom's `/account/user` to
    // `/user/<id>/profile`): a user's own profile is not reached from everyone's list.
    let from_list = rsegs.last().is_some_and(|last| urls::USERS.contains(&last.as_str()));
    // (Or the page's title or heading names the admin console: Redmine's "Administration" over
    // `/users/112/edit`.)
    let admin = admin_host(site) || console_host(site) || admin_path(&segs) || from_admin || console_page;
    // (Keys in any case: `memberId`, `userID`.)
    let by_query = site.query.iter().any(|(k, v)| !v.is_empty() && urls::ACCOUNT_QUERY.contains(&k.to_ascii_lowercase().as_str()));
    // The segments that follow a list of accounts ("users/<this>").
    let after_users: Vec<&String> = segs.windows(2).filter(|w| w.first().is_some_and(|s| urls::USERS.contains(&s.as_str()))).filter_map(|w| w.get(1)).collect();
    let by_path = after_users.iter().any(|id| !urls::NOT_AN_ACCOUNT.contains(&id.as_str()));
    let file = segs.iter().any(|s| urls::USER_EDITOR.contains(&s.as_str()));
    // (From the list, the account is named by an id, not a word: `/settings/user` to
    // `/settings/user/security` is the user's own settings.)
    let by_id = after_users.iter().any(|id| id.bytes().any(|b| b.is_ascii_digit()));
    (admin && (by_query || by_path || file)) || (from_list && by_id)
}

pub fn extract(obs: &Observation, site: &Site, lx: &Lexicon, catalog: &crate::catalog::Catalog) -> Features {
    let mut f = Features {
        catalog_flow: catalog.flow_page_for(&site.host_path()).or_else(|| catalog.app_path_flow(&site.path, &site.query)).and_then(crate::verdict::Flow::parse),
        title: lx.scan_raw(&obs.title),
        text: lx.scan_raw(bulk_text(&obs.text)),
        url: lx.scan(&url_words(site)),
        route: lx.scan(&site.route.replace(|c: char| !c.is_alphanumeric(), " ")),
        ..Features::default()
    };
    // A heading that quotes a phrase ("Scammers ask you to "approve access" in the app"): a
    // headline about a prompt, not the prompt. A quote opening the heading, or a quoted span of
    // several words inside it (a quoted name, 'Register "build-fleet-02" runner', is not one).
    let quoted = |t: &str| {
        const OPEN: [char; 7] = ['"', '\u{201c}', '\u{201e}', '\u{00ab}', '\u{300c}', '\u{300e}', '\u{2018}'];
        const CLOSE: [char; 6] = ['"', '\u{201d}', '\u{00bb}', '\u{300d}', '\u{300f}', '\u{2019}'];
        let t = t.trim_start();
        if t.starts_with(OPEN) || t.starts_with('\'') {
            return true;
        }
        // Quote pairs in turn (a closing quote never opens the next span: `Allow "Zoom" to access
        // your "Acme" workspace` quotes two names).
        let mut rest = t;
        while let Some(open) = rest.find(OPEN) {
            let after = rest.get(open..).and_then(|r| r.chars().next()).map_or(open + 1, |c| open + c.len_utf8());
            let Some(tail) = rest.get(after..) else { break };
            let Some(close) = tail.find(CLOSE) else { break };
            if tail.get(..close).is_some_and(|inner| inner.trim().contains(' ')) {
                return true;
            }
            let next = tail.get(close..).and_then(|r| r.chars().next()).map_or(close + 1, |c| close + c.len_utf8());
            rest = tail.get(next..).unwrap_or_default();
        }
        false
    };
    f.quoted_heading = quoted(&obs.title) || obs.headings.iter().any(|h| quoted(h));
    f.tv_heading = std::iter::once(&obs.title).chain(obs.headings.iter()).any(|h| names_tv(h));
    let title_hits = f.title.clone();
    f.factor_heading = title_hits.has(Signal::FactorVerb) && title_hits.has(Signal::Recovery);
    for h in &obs.headings {
        let hits = lx.scan_raw(h);
        if hits.has(Signal::Mfa) {
            f.app_heading |= names_app(h);
        }
        // "Add a security key", "Replace authenticator": one heading naming both the change and the factor.
        f.factor_heading |= hits.has(Signal::FactorVerb) && hits.has(Signal::Recovery);
        // A heading naming an admin role, not the console's own place ("Admin area").
        f.admin_role_heading |= hits.has(Signal::AdminRole) && !hits.has(Signal::AdminConsole);
        f.headings.add(&hits);
    }
    if let Ok(r) = crate::site::parse_url(&obs.referrer) {
        let words: String = format!("{} {}", r.host_str().unwrap_or_default(), r.path()).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
        f.referrer_url = lx.scan(&normalize(&words));
        // The user came from this service's own account or settings pages: a signed-in session.
        let same_service = r.host_str().is_some_and(|h| catalog.suffixes().registrable(&h.to_ascii_lowercase()) == site.registrable);
        f.from_session =
            same_service && (f.referrer_url.has(Signal::UrlSettings) || f.referrer_url.has(Signal::UrlPrivileged)) && !f.referrer_url.has(Signal::UrlSignIn);
    }
    f.admin_identity = has_admin_identity(&obs.text);
    f.admin_host = admin_host(site);
    let shapes = crate::structure::shapes(&obs.text, catalog.secret_prefixes(), catalog.key_ids());
    f.secret_shown = shapes.secret;
    f.setup_key_shown = shapes.setup_key;
    f.recovery_codes = shapes.recovery_codes;
    f.scopes_in_text = scopes_in_text(&obs.text, catalog);
    // Only the line that states the role counts: an admin console names admin roles everywhere
    // (its own menus, other users' rows), but "this user is …" names the managed user's.
    // A line that says the role is absent ("Admin roles: None") is no evidence of privilege.
    // Facts about single lines (who holds a role, what is asked for, how long a code is valid): one
    // pass over the lines, each normalised and scanned once, and only on pages whose text has a
    // signal a line fact needs.
    let roles = f.text.has(Signal::TargetRole)
        || f.text.has(Signal::Privileged)
        || f.text.has(Signal::AdminRole)
        // (Only short lines, a name beside its chips, and only the words around each glued start:
        // on a page with no role words, this runs on every glance.)
        || bulk_text(&obs.text)
            .lines()
            .filter(|l| l.len() <= MAX_GLUED_LINE)
            .flat_map(|l| glue_points(l).map(move |at| (l, at)))
            .take(MAX_GLUE_POINTS)
            .any(|(l, at)| {
                let around = l.get(floor_char(l, at.saturating_sub(40))..ceil_char(l, at + 40)).unwrap_or_default();
                let h = lx.scan(&normalize(&deglue(around)));
                h.has(Signal::AdminRole) || h.has(Signal::Privileged)
            });
    let credential = f.text.has(Signal::Credential);
    let urgent = f.text.has(Signal::Urgency);
    if roles || credential || urgent {
        // A role label alone on a line states the role on the next ("Role" / "System Admin").
        let mut label_above = false;
        // The account's own line (its e-mail address) and a short role line beside it.
        let (mut prev_account, mut prev_role) = (false, false);
        // Privileged phrases of a role named alone on the line above ("Superuser"), which this
        // line may answer with "no".
        let mut role_above = 0;
        let mut glued_lines = 0;
        for raw_line in bulk_text(&obs.text).lines() {
            // Roles are read with glued words apart (a name and its role chip); what a line asks
            // for is read as written (a menu "UsersAccess requestsAPI tokens" asks for nothing).
            let deglued =
                if glued_lines < MAX_GLUE_POINTS && raw_line.len() <= MAX_GLUED_LINE { deglue(raw_line) } else { std::borrow::Cow::Borrowed(raw_line) };
            let glued = matches!(deglued, std::borrow::Cow::Owned(_));
            glued_lines += usize::from(glued);
            let line = &*deglued;
            let norm = normalize(line);
            if !f.grant_admin_question && line.contains(['?', '\u{ff1f}']) && contains_any(&norm, controls::GRANT_ADMIN) {
                f.grant_admin_question = true;
            }
            if role_above > 0 && roles::NO_VALUE.contains(&norm.trim()) {
                f.privileged_denied += role_above;
            }
            let hits = lx.scan(&norm);
            role_above = if roles && words(&norm) <= 3 { hits.count(Signal::Privileged) } else { 0 };
            // (Its e-mail address, or a line labelled with it: "Account: admin (server administrator)".)
            let account = line.contains('@') || user_line(&norm);
            let admin_role = roles && hits.has(Signal::AdminRole) && !role_absent(&norm);
            // (Not a menu entry beside the account: "관리자 설정", "Admin console" — a place, named
            // in a few words.)
            let menu = hits.has(Signal::AdminConsole) || (words(&norm) <= 3 && (hits.has(Signal::UrlSettings) || hits.has(Signal::UrlPrivileged)));
            let role = admin_role && !menu;
            let short_role = role && words(&norm) <= 6;
            // "Organization role: Organization admin", "Perfil: Administrador do sistema".
            // (The label is the last part before the colon: "Compte de l'organisation X — rôle :".)
            // The role is named in the value, not the label ("Owner profile: Jane Doe" is not one).
            let labelled = admin_role && role_pair(line).is_some_and(|(label, value)| role_label(&label) && lx.scan(&normalize(value)).has(Signal::AdminRole));
            // The same shape stating an ordinary role ("Rolle: Benutzer (kein Administratorzugriff)",
            // "Role: Member"): the role of the account on this line is known and is not an admin's.
            if roles && !f.ordinary_role_line {
                // (A role, not a permission: "权限：查看" lists what an app may do.)
                // (The label is checked first: most lines with a colon are not about roles.)
                f.ordinary_role_line = role_pair(line).is_some_and(|(label, value)| {
                    // (A short label: "以应用身份读取通讯录contact:…" is a scope's description.)
                    role_label(&label) && label.chars().count() <= 16 && !contains_any(&label, roles::PERMISSION_LABEL) && {
                        let value = normalize(value);
                        let vh = lx.scan(&value);
                        words(&value) >= 1 && ((!vh.has(Signal::AdminRole) && !vh.has(Signal::Privileged)) || role_absent(&value))
                    }
                });
            }
            // A label alone above its value: the value starts with the role ("Beheerder – functioneel
            // beheer (…)"), it is not a sentence that mentions an administrator.
            let below_label = label_above && role && {
                let head: Vec<&str> = norm.split(' ').take(3).collect();
                lx.scan(&head.join(" ")).has(Signal::AdminRole)
            };
            // "Je bent beheerder van het account …": the page says what its user is.
            let self_stated = admin_role && contains_any(&norm, roles::SELF_ROLE);
            f.account_role_admin |= (account && role) || (short_role && prev_account) || (prev_role && account) || labelled || self_stated || below_label;
            (prev_account, prev_role) = (account, short_role);
            if roles && (hits.has(Signal::AdminRole) || hits.has(Signal::Privileged)) {
                if role_absent(&norm) {
                    f.privileged_denied += hits.count(Signal::Privileged);
                // (Or the request's own line, the role asked for in brackets at its end: "Priya
                // Shah requested access to Finance (Owner)"; not a line that says requests need an
                // administrator's review. Or the line naming the account acted on: "User: @jdoe
                // (System Admin)".)
                } else if hits.has(Signal::TargetRole)
                    || labelled
                    || below_label
                    || ((hits.has(Signal::OtherParty) || user_line(&norm)) && role_in_brackets(&norm, lx))
                {
                    f.target_role_admin = true;
                }
            }
            label_above = roles && role_label(&norm);
            let hits = if glued { lx.scan(&normalize(raw_line)) } else { hits };
            if credential && hits.has(Signal::Credential) {
                f.credential_requested |= [Signal::OtherParty, Signal::Approve, Signal::Agent, Signal::Mint, Signal::MintNow].iter().any(|s| hits.has(*s));
                f.credential_issue_line |= hits.has(Signal::Mint) || hits.has(Signal::MintNow);
            }
            if urgent && hits.count(Signal::Urgency) == 1 && contains_any(&norm, urgency::VALIDITY) {
                f.urgency_validity += 1;
            }
        }
    }

    // A number standing alone on its line ("82", "3816") beside words naming the phone app: the
    // number to match or confirm in the app (not a year, not a code box: those are fields).
    // (Its digits may be spaced out, "4 9 1 3". There is one: a date picker's or a pager's run of
    // numbers is not a number to match.)
    // The app is named in a heading or within two lines of the number (not "Get the app" in a
    // footer); digits spaced out count only under a heading naming the app (a pager "1 2 3 4" is not).
    f.number_shown = {
        let lines: Vec<&str> = bulk_text(&obs.text).lines().take(5000).collect();
        // (digits, spaced out) of a line that is only a 2–4-digit number, not a year.
        let shape = |l: &str| {
            let l = l.trim();
            let t: String = l.split(' ').collect();
            let number = l.len() <= 8 && (2..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
            (number && !(t.len() == 4 && (t.starts_with("19") || t.starts_with("20")))).then_some(t.len() != l.len())
        };
        // Most pages have no such line: the headings are read only when one does.
        lines.iter().any(|l| shape(l).is_some()) && {
            let app_heading = obs.headings.iter().any(|h| names_app(h));
            let mut at = lines.iter().enumerate().filter(|(_, l)| shape(l).is_some_and(|spaced| !spaced || app_heading)).map(|(i, _)| i);
            match (at.next(), at.next()) {
                (Some(i), None) => {
                    app_heading || lines.get(i.saturating_sub(2)..(i + 3).min(lines.len())).is_some_and(|near| near.iter().any(|l| names_app(l)))
                }
                _ => false,
            }
        }
    };
    f.other_user_url = other_user_url(site, &obs.referrer, f.title.has(Signal::AdminConsole) || f.headings.has(Signal::AdminConsole));
    // The host's first label counts as the path's words do (`docs.github.com`, `community.example.org`).
    let first_label = site.host.split('.').next().unwrap_or_default();
    f.webmail = catalog.mail_for(&site.host_path()).is_some() && !f.url.has(Signal::UrlSettings);
    // (Not a forum's admin page about one of its users: `forum.example.org/admin/users/412`.)
    f.docs_location = f.url.has(Signal::UrlDocs) || (lx.scan(&normalize(first_label)).has(Signal::UrlDocs) && !f.other_user_url);
    // Password fields that say neither "new" nor "current": the signed-in person's own password,
    // except on an admin's page about another user, where they set that user's new one.
    let mut unsure_current = 0;
    // Fields that repeat a password ("Confirm password"), and fields that say only "Password".
    let mut confirming = 0;
    let mut plain_password = 0;
    let mut approve_option = false;
    for field in &obs.fields {
        let kind = field.kind.as_str();
        let auto = field.autocomplete.to_ascii_lowercase();
        // Names and ids are identifiers (`new_admin_email`, `user[password_confirmation]`): split
        // into words so that the phrase tables can read them.
        let mut raw = String::with_capacity(field.label.len() + field.name.len() + field.id.len() + field.placeholder.len() + 3);
        raw.push_str(&field.label);
        for id in [&field.name, &field.id] {
            raw.push(' ');
            raw.extend(id.chars().map(|c| if matches!(c, '_' | '-' | '[' | ']' | '.') { ' ' } else { c }));
        }
        raw.push(' ');
        raw.push_str(&field.placeholder);
        let desc = normalize(&raw);
        let desc_hits = lx.scan(&desc);
        match kind {
            "password" => {
                f.password_fields += 1;
                f.reauth_field |= desc_hits.has(Signal::UrlReauth) && !desc_hits.has(Signal::NewPassword);
                let current = auto.contains("current-password") || contains_any(&desc, fields::CURRENT_PASSWORD);
                // "New password" says so in any wording; "Confirm password" only beside another
                // password field (counted after the loop).
                let new = auto.contains("new-password")
                    || (!current && (desc_hits.has(Signal::Reset) || contains_any(&desc, fields::NEW_PASSWORD)))
                    || (!current && !desc_hits.has(Signal::CurrentPassword) && desc_hits.has(Signal::NewPassword));
                if new {
                    f.new_password_fields += 1;
                } else if !current && (desc_hits.has(Signal::NewPassword) || contains_any(&desc, fields::CONFIRM_PASSWORD)) {
                    confirming += 1;
                } else if !current && !desc_hits.has(Signal::CurrentPassword) {
                    unsure_current += 1;
                } else if current {
                    f.current_password_fields += 1;
                } else {
                    plain_password += 1;
                }
            }
            "checkbox" | "radio" => {
                let label = normalize(&field.label);
                if kind == "checkbox" && (label.is_empty() || fields::ROW_SELECT.contains(&label.as_str())) {
                    f.row_checkboxes += 1;
                }
                let hits = lx.scan(&label);
                if kind == "radio" && hits.has(Signal::Approve) && !hits.has(Signal::Deny) {
                    approve_option = true;
                }
                if field.checked && (hits.has(Signal::AdminRole) || hits.has(Signal::Privileged)) {
                    f.admin_role_set = true;
                }
                f.option_labels.add(&hits);
                if contains_any(&field.name.to_ascii_lowercase(), fields::SCOPE_PICKER) {
                    f.scope_options += 1;
                }
            }
            "select" => {
                let hits = lx.scan(&normalize(&field.value));
                if hits.has(Signal::AdminRole) || hits.has(Signal::Privileged) {
                    f.admin_role_set = true;
                }
            }
            "search" => continue,
            _ => {}
        }
        if kind == "search" || contains_any(&desc, fields::SEARCH) || field.name == "q" {
            continue;
        }
        f.form_fields += 1;
        // Text a person types (or a choice from a list): not a comment box, a file, a checkbox.
        if matches!(kind, "text" | "email" | "tel" | "password" | "number" | "url" | "select") {
            f.input_fields += 1;
        }

        if kind != "password" && kind != "checkbox" && kind != "radio" {
            let named = |words: &[&str]| contains_any(&desc, words);
            let emailish = kind == "email" || auto.contains("email") || named(fields::EMAIL);
            // An address that is new or for recovery is what an e-mail change sets, not who signs in.
            let new_value = auto.contains("new") || desc_hits.has(Signal::Recovery) || desc_hits.has(Signal::NewValue);
            f.email_field |= emailish;
            let new_address = emailish && new_value;
            // A new phone number is what a change of the recovery or second-factor phone sets.
            let phone = kind == "tel" || auto.starts_with("tel") || (kind == "text" && named(fields::PHONE) && !named(fields::CODE));
            f.phone_field |= phone;
            let new_phone = phone && new_value;
            if new_address || new_phone {
                f.email_change_field = true;
            }
            let ident = !new_address && (emailish || auto.contains("username") || desc_hits.has(Signal::Identifier) || named(fields::IDENTIFIER));
            // The OAuth device grant's parameter name (RFC 8628), as device pages name their box.
            let device = named(&["user_code", "usercode", "user code", "device_code", "devicecode"]);
            if device {
                f.device_code_field = true;
            }
            // A phone-number box mentions "number" but is not a code box.
            let code = device
                || auto.contains("one-time-code")
                || desc_hits.has(Signal::CodeLabel)
                || (kind != "tel" && !auto.starts_with("tel") && named(fields::CODE));
            if code && !ident {
                f.code_field = true;
            } else if ident {
                f.identifier_field = true;
            } else if desc_hits.has(Signal::Credential) || contains_any(&field.name.to_ascii_lowercase(), fields::CREDENTIAL_NAME) {
                // Named for a credential and neither a code box (`wptoken` holds a one-time
                // code) nor a sign-in box: the name of the credential being made.
                f.credential_field = true;
            }
        }
    }
    // A code typed one character per box ("_ _ _ _ _ _" on TV activation and OTP pages): four or
    // more text boxes, all without a label or with a one-character placeholder, and nothing else
    // to type.
    let box_kind = |k: &str| matches!(k, "text" | "tel" | "number");
    let boxes = obs.fields.iter().filter(|x| box_kind(&x.kind)).count();
    if boxes >= 4
        && boxes == f.input_fields
        && obs.fields.iter().filter(|x| box_kind(&x.kind)).all(|x| x.label.trim().is_empty() && x.placeholder.chars().count() <= 1)
    {
        f.code_field = true;
    }
    // Or a short line of the text names the TV where the code is asked for ("Wpisz kod
    // wyświetlany na ekranie telewizora" under a heading that says only "Connect a device").
    if !f.tv_heading && f.code_field && f.text.has(Signal::Device) {
        f.tv_heading = bulk_text(&obs.text).lines().take(60).filter(|l| l.len() <= 160).any(names_tv);
    }

    let cookies = f.text.has(Signal::Cookie);
    let consent_page = site.query_value("client_id").is_some() || f.title.has(Signal::Consent) || f.headings.has(Signal::Consent);
    f.approve_choice = approve_option && obs.controls.iter().any(|c| c.kind == ControlKind::Button && c.button_type == "submit");
    // A password and its confirmation, with no current password asked: a password being set (a
    // reset link's form, an admin setting a user's). A confirmation alone is the step-up's.
    let setting = confirming > 0 && (confirming + plain_password + unsure_current >= 2 || f.new_password_fields > 0) && f.current_password_fields == 0;
    // In an admin console's reset dialog, "Password" is the one the admin sets for the user (Google
    // Admin's "Reset password" dialog opens over the user list, with no user in the URL).
    let console_reset = (f.admin_host || f.title.has(Signal::AdminConsole) || f.headings.has(Signal::AdminConsole)) && f.headings.has(Signal::Reset);
    // Password boxes that say nothing (their labels are text beside them, not tied to them) under a
    // heading that sets a new password: the last two are the new one and its repetition, a third
    // before them the current one ("Huidig wachtwoord / Nieuw wachtwoord / Herhaal").
    let unlabelled_setting = confirming == 0
        && plain_password == 0
        && unsure_current >= 2
        && f.current_password_fields == 0
        && (f.headings.has(Signal::NewPassword) || f.headings.has(Signal::Reset) || f.title.has(Signal::Reset));
    if unlabelled_setting {
        f.current_password_fields += unsure_current - 2;
        f.new_password_fields += 2;
    } else if setting || f.other_user_url || console_reset {
        f.new_password_fields += confirming + plain_password + unsure_current;
    } else {
        f.current_password_fields += confirming + plain_password + unsure_current;
    }

    // Headings that name a reset or a factor, normalised once for `confirms_reset_heading`.
    let reset_headings: Vec<String> = obs
        .headings
        .iter()
        .map(|hd| normalize(hd))
        .filter(|hn| {
            let hh = lx.scan(hn);
            hh.has(Signal::Reset) || hh.has(Signal::Recovery)
        })
        .collect();
    for c in &obs.controls {
        let norm = normalize(&c.text);
        if norm.is_empty() {
            continue;
        }
        let h = lx.scan(&norm);
        if h.has(Signal::SignOut) {
            f.sign_out = true;
        }
        // Links navigate; only buttons act. Their text is already in `text`.
        if c.kind == ControlKind::Link {
            if h.has(Signal::FactorVerb) {
                f.factor_link = true;
            }
            // (A list's row actions are often links: "Revoke" beside each token.)
            if h.has(Signal::Revoke) {
                f.revoke_links += 1;
            }
            continue;
        }
        f.buttons += 1;
        if words(&norm) > MAX_BUTTON_WORDS {
            continue;
        }
        // A cookie banner's "Accept" / "Refuse" on a page that speaks of cookies grants nothing.
        // On an authorize URL or under a consent heading, "Accept" answers the consent.
        let banner = cookies && !consent_page && (h.is(Signal::Accept) || (h.has(Signal::Deny) && words(&norm) <= 3 && !h.has(Signal::Approve)));
        if banner {
            continue;
        }
        if !h.has(Signal::Deny) || h.is(Signal::Approve) {
            f.non_deny_buttons += 1;
        }
        if h.has(Signal::Deny) && !h.is(Signal::Approve) {
            f.deny_button = true;
        } else if h.has(Signal::Approve) || controls::APPROVE_ONLY_AS_BUTTON.contains(&norm.as_str()) {
            f.approve_button = true;
            if !is_bare_step(&norm) {
                f.specific_approve_button = true;
            }
        }
        // A button that opens a menu ("Generate new token ▾", "Show: all ▾") or a form over a list
        // ("+ New token") does not issue anything itself: the menu's item or the form's submit does.
        let opener = {
            let t = c.text.trim();
            t.ends_with(['▾', '▼', '⌄', '⏷']) || t.starts_with(['+', '＋'])
        };
        if !opener && h.has(Signal::Mint) && (c.button_type == "submit" || h.has(Signal::Credential) || h.is(Signal::Mint)) {
            f.mint_button = true;
        }
        // "Reset security token", "Regenerate the key": resetting a credential issues a new one.
        if !opener && (h.has(Signal::MintNow) || (h.has(Signal::Credential) && (h.has(Signal::ResetVerb) || h.has(Signal::Reset)))) {
            f.mint_now_button = true;
        }
        if h.has(Signal::SignIn) {
            f.sign_in_button = true;
        }
        if h.has(Signal::ResetSubmit) {
            f.reset_submit_button = true;
        }
        // "Regenerate recovery codes", "Add authenticator" say what they change; a bare "Delete" or
        // "Add" does so only on a page about a factor (assess decides).
        if h.has(Signal::FactorVerb) {
            // Specific: it names the factor, or it is a factor phrase of several words as a whole
            // ("Regenerate codes"); "Update password" is neither.
            if h.has(Signal::Recovery) || (h.is(Signal::FactorVerb) && (words(&norm) >= 2 || is_unspaced(&norm))) {
                f.factor_button = true;
            } else if !(h.has(Signal::Reset) || h.has(Signal::CurrentPassword) || h.has(Signal::NewPassword)) {
                // ("Update password" changes the password, not a factor.)
                f.factor_verb_bare = true;
            }
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
        if h.has(Signal::Copy) {
            f.copy_button = true;
        }
        if h.has(Signal::Consent) {
            f.consent_button = true;
        }
        if h.has(Signal::Credential) && !h.has(Signal::Revoke) {
            f.credential_button = true;
            if h.has(Signal::Mint) || h.has(Signal::MintNow) {
                f.mint_credential_button = true;
            }
        }
        if is_bare_step(&norm) && !h.has(Signal::Deny) {
            f.bare_step_button = true;
        }
        if controls::INSTALL.contains(&norm.as_str()) {
            f.install_button = true;
        }
        if contains_any(&norm, controls::GRANT_ADMIN) {
            f.grant_admin_button = true;
        }
        if h.has(Signal::AssignRole) && !h.has(Signal::Deny) {
            f.assign_role_button = true;
        }
        // The dialog's confirm repeats its heading's verb ("비밀번호 초기화" — "초기화",
        // "Reset password" — "Reset"): it performs what the heading names.
        if !h.has(Signal::Deny) && norm.chars().count() >= 2 && !f.confirms_reset_heading {
            f.confirms_reset_heading = reset_headings.iter().any(|hn| *hn != norm && contains_words(hn, &norm));
        }
        if c.button_type == "submit" && is_bare_step(&norm) || controls::SUBMIT.contains(&norm.as_str()) {
            f.submit_buttons += 1;
        }
        let denies = h.has(Signal::Deny) && !h.is(Signal::Approve);
        let acts = [
            Signal::Approve,
            Signal::Mint,
            Signal::MintNow,
            Signal::SignIn,
            Signal::ResetSubmit,
            Signal::FactorVerb,
            Signal::Reset,
            Signal::ResetVerb,
            Signal::OtherParty,
        ]
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

#[cfg(test)]
mod tests {
    use super::role_absent;

    #[test]
    fn a_role_said_to_be_absent_is_absent() {
        for line in [
            "Admin roles and privileges: None",
            "組織部門: 経理管理者ロール: なし",
            "관리자 역할: 없음",
            "brak ról administratora",
            "Keine Administratorrollen",
            "Этот пользователь не является администратором",
            "该用户没有管理员角色",
        ] {
            assert!(role_absent(&crate::text::normalize(line)), "{line}");
        }
    }

    #[test]
    fn a_role_held_is_not_absent() {
        // "нет" inside a word (кабинет) and "no" inside one (notifications) are not negations.
        for line in ["This user has the role Global Administrator", "Личный кабинет администратора", "Notifications for super admins", "所属用户组：admin"]
        {
            assert!(!role_absent(&crate::text::normalize(line)), "{line}");
        }
    }
}
