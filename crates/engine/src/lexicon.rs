//! Phrase tables (data under `data/lexicon/`) compiled into one multi-pattern matcher.
//!
//! One Aho-Corasick automaton over every phrase of every language runs in time linear in the text,
//! whatever the number of phrases, and never backtracks — page text is attacker-controlled.

// The contiguous NFA directly rather than the `AhoCorasick` wrapper: the wrapper would pick this
// same automaton for tables this large, but holds it behind a trait object whose vtable keeps the
// DFA and both NFAs' search and Debug code in the shipped wasm (~4 KB gzip).
use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Input, MatchKind};

use crate::data::{packed_rows, LEXICON};
use crate::text::{is_unspaced_script, is_word_char, normalize};

/// What a phrase is evidence of. Section names in the data files map onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    Reset,
    ResetSubmit,
    Mfa,
    Device,
    Consent,
    Credential,
    Mint,
    MintNow,
    ShownOnce,
    Recovery,
    FactorVerb,
    Reauth,
    OtherParty,
    Approve,
    Deny,
    SignIn,
    Revoke,
    Done,
    Describe,
    Privileged,
    TokenScope,
    ProfileScope,
    Urgency,
    Coaching,
    Agent,
    Offline,
    UrlReset,
    UrlDevice,
    UrlConsent,
    UrlCredential,
    UrlRecovery,
    UrlReauth,
    UrlApproval,
    UrlPrivileged,
    AdminConsole,
    UrlAdminUsers,
    ResetVerb,
    UrlSignIn,
    Unverified,
    NewPassword,
    CurrentPassword,
    Identifier,
    CodeLabel,
    SignUp,
    EmailVerify,
    Advice,
    Copy,
    SignOut,
    UrlSignUp,
    Cookie,
    Accept,
    NewValue,
    UrlSettings,
    AdminRole,
    UrlDocs,
    /// A statement about what the user being managed holds ("this user is", "assigned roles").
    TargetRole,
    /// Giving someone a role: a role-assignment dialog's title ("Assign roles", "Rollen zuweisen").
    AssignRole,
}

impl Signal {
    pub const COUNT: usize = 57;

    /// Every signal with its section name in the data files, in the enum's order.
    const NAMES: [(&'static str, Signal); Signal::COUNT] = [
        ("reset", Signal::Reset),
        ("reset_submit", Signal::ResetSubmit),
        ("mfa", Signal::Mfa),
        ("device", Signal::Device),
        ("consent", Signal::Consent),
        ("credential", Signal::Credential),
        ("mint", Signal::Mint),
        ("mint_now", Signal::MintNow),
        ("shown_once", Signal::ShownOnce),
        ("recovery", Signal::Recovery),
        ("factor_verb", Signal::FactorVerb),
        ("reauth", Signal::Reauth),
        ("other_party", Signal::OtherParty),
        ("approve", Signal::Approve),
        ("deny", Signal::Deny),
        ("signin", Signal::SignIn),
        ("revoke", Signal::Revoke),
        ("done", Signal::Done),
        ("describe", Signal::Describe),
        ("privileged", Signal::Privileged),
        ("token_scope", Signal::TokenScope),
        ("profile_scope", Signal::ProfileScope),
        ("urgency", Signal::Urgency),
        ("coaching", Signal::Coaching),
        ("agent", Signal::Agent),
        ("offline", Signal::Offline),
        ("url_reset", Signal::UrlReset),
        ("url_device", Signal::UrlDevice),
        ("url_consent", Signal::UrlConsent),
        ("url_credential", Signal::UrlCredential),
        ("url_recovery", Signal::UrlRecovery),
        ("url_reauth", Signal::UrlReauth),
        ("url_approval", Signal::UrlApproval),
        ("url_privileged", Signal::UrlPrivileged),
        ("admin_console", Signal::AdminConsole),
        ("url_admin_users", Signal::UrlAdminUsers),
        ("reset_verb", Signal::ResetVerb),
        ("url_signin", Signal::UrlSignIn),
        ("unverified", Signal::Unverified),
        ("new_password", Signal::NewPassword),
        ("current_password", Signal::CurrentPassword),
        ("identifier", Signal::Identifier),
        ("code_label", Signal::CodeLabel),
        ("sign_up", Signal::SignUp),
        ("email_verify", Signal::EmailVerify),
        ("advice", Signal::Advice),
        ("copy", Signal::Copy),
        ("sign_out", Signal::SignOut),
        ("url_signup", Signal::UrlSignUp),
        ("cookie", Signal::Cookie),
        ("accept", Signal::Accept),
        ("new_value", Signal::NewValue),
        ("url_settings", Signal::UrlSettings),
        ("admin_role", Signal::AdminRole),
        ("url_docs", Signal::UrlDocs),
        ("target_role", Signal::TargetRole),
        ("assign_role", Signal::AssignRole),
    ];

    pub fn from_name(name: &str) -> Option<Signal> {
        Signal::NAMES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Counts of phrase hits per signal in one piece of text.
#[derive(Clone, PartialEq, Eq)]
pub struct Hits {
    counts: [u16; Signal::COUNT],
    /// True when the whole text is one phrase of the signal (a button that says exactly "Approve").
    exact: [bool; Signal::COUNT],
}

/// Only the signals found, as `{Reset: 2, Mfa: 1}` (what `Engine::explain` prints).
impl std::fmt::Debug for Hits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (i, n) in self.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            map.entry(&Signal::NAMES.get(i).map_or("?", |(name, _)| *name), n);
        }
        map.finish()
    }
}

impl Default for Hits {
    fn default() -> Self {
        Hits { counts: [0; Signal::COUNT], exact: [false; Signal::COUNT] }
    }
}

impl Hits {
    pub fn count(&self, s: Signal) -> u16 {
        self.counts.get(s.index()).copied().unwrap_or(0)
    }
    pub fn has(&self, s: Signal) -> bool {
        self.count(s) > 0
    }
    /// The text is exactly a phrase of `s` (after normalisation).
    pub fn is(&self, s: Signal) -> bool {
        self.exact.get(s.index()).copied().unwrap_or(false)
    }
    pub fn add(&mut self, other: &Hits) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a = a.saturating_add(*b);
        }
    }
}

struct Pattern {
    signal: Signal,
    /// The phrase as stored (for explaining a verdict).
    phrase: &'static str,
    /// The phrase's last word may continue (`regenerat*`).
    open_end: bool,
    len: usize,
}

/// The compiled phrase tables.
pub struct Lexicon {
    /// `None` only if the automaton could not be built (it cannot for these tables; a unit
    /// test builds it), in which case nothing matches rather than anything crashing.
    matcher: Option<NFA>,
    patterns: Vec<Pattern>,
}

impl Lexicon {
    /// Builds the matcher from the compiled-in tables. Unknown sections are skipped here and
    /// caught by a unit test, so a data mistake never reaches users as a crash. `build.rs` stores
    /// the phrases normalised and once each (`stored_phrases_are_normalised_and_unique` checks it).
    pub fn builtin() -> Lexicon {
        let mut phrases: Vec<&'static str> = Vec::new();
        let mut patterns = Vec::new();
        // A phrase naming an admin console ("admin center") says where the page is, not what the
        // click grants: an admin console serves ordinary users' pages too. Where a table lists it
        // under both, it counts only as the console.
        let consoles: std::collections::HashSet<&'static str> =
            packed_rows(LEXICON).filter(|(_, section, _)| *section == "admin_console").flat_map(|(_, _, joined)| joined.split('\n')).collect();
        for (_lang, section, joined) in packed_rows(LEXICON) {
            let Some(signal) = Signal::from_name(section) else { continue };
            for phrase in joined.split('\n') {
                if signal == Signal::Privileged && consoles.contains(phrase) {
                    continue;
                }
                let (norm, open_end) = match phrase.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (phrase, false),
                };
                if norm.is_empty() {
                    continue;
                }
                patterns.push(Pattern { signal, phrase: norm, open_end, len: norm.len() });
                phrases.push(norm);
            }
        }
        // Standard semantics so overlapping phrases all report ("reset password" and "password").
        let matcher = NFA::builder().match_kind(MatchKind::Standard).build(&phrases).ok();
        Lexicon { matcher, patterns }
    }

    /// Phrase hits in already-normalised text.
    pub fn scan(&self, norm: &str) -> Hits {
        let mut hits = Hits::default();
        let bytes = norm.as_bytes();
        let Some(Ok(matches)) = self.matcher.as_ref().map(|m| m.try_find_overlapping_iter(Input::new(norm))) else { return hits };
        for m in matches {
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else { continue };
            let (start, end) = (m.start(), m.end());
            let before = norm.get(..start).and_then(|s| s.chars().next_back());
            let after = norm.get(end..).and_then(|s| s.chars().next());
            let first = norm.get(start..end).and_then(|s| s.chars().next());
            let last = norm.get(start..end).and_then(|s| s.chars().next_back());
            if !boundary_ok(before, first) || (!p.open_end && !ends_open(last) && !boundary_ok(after, last)) {
                continue;
            }
            let i = p.signal.index();
            if let Some(c) = hits.counts.get_mut(i) {
                *c = c.saturating_add(1);
            }
            if start == 0 && end == bytes.len() && p.len == bytes.len() {
                if let Some(e) = hits.exact.get_mut(i) {
                    *e = true;
                }
            }
        }
        hits
    }

    /// The phrases found in `raw` (normalised here) with their signals, in order: what
    /// `Engine::explain` shows.
    pub fn phrases(&self, raw: &str) -> Vec<(Signal, &'static str)> {
        let norm = normalize(raw);
        let Some(Ok(matches)) = self.matcher.as_ref().map(|m| m.try_find_overlapping_iter(Input::new(&norm))) else { return Vec::new() };
        let mut out = Vec::new();
        for m in matches {
            let Some(p) = self.patterns.get(m.pattern().as_usize()) else { continue };
            let before = norm.get(..m.start()).and_then(|s| s.chars().next_back());
            let after = norm.get(m.end()..).and_then(|s| s.chars().next());
            let first = norm.get(m.start()..m.end()).and_then(|s| s.chars().next());
            let last = norm.get(m.start()..m.end()).and_then(|s| s.chars().next_back());
            if boundary_ok(before, first) && (p.open_end || ends_open(last) || boundary_ok(after, last)) {
                out.push((p.signal, p.phrase));
            }
        }
        out
    }

    /// Normalises then scans.
    pub fn scan_raw(&self, raw: &str) -> Hits {
        self.scan(&normalize(raw))
    }
}

/// Korean writes words with spaces but ends them with particles and verb endings ("승인" approve,
/// "승인해 주세요" please approve): a phrase ending in Hangul may continue into its ending.
fn ends_open(last: Option<char>) -> bool {
    last.is_some_and(|c| matches!(c, '\u{AC00}'..='\u{D7AF}'))
}

/// A phrase edge is a word boundary unless both sides are word characters of a spaced script.
fn boundary_ok(outside: Option<char>, inside: Option<char>) -> bool {
    match (outside, inside) {
        (Some(o), Some(i)) => {
            !(is_word_char(o) && is_word_char(i))
                || is_unspaced_script(o)
                || is_unspaced_script(i)
                || (script(o) != 0 && script(i) != 0 && script(o) != script(i))
        }
        _ => true,
    }
}

/// Letters of different alphabets meeting are a word boundary: a page's chips set side by side
/// without a space read as one run of text ("adminИТ": a group "admin" beside a group "ИТ").
/// (0: digits, `_` and the scripts not told apart here, which belong to any word.)
fn script(c: char) -> u8 {
    match c {
        c if c.is_ascii_alphabetic() => 1,
        '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => 1,
        '\u{0370}'..='\u{03FF}' => 2,
        '\u{0400}'..='\u{052F}' => 3,
        '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => 4,
        _ => 0,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn count_is_the_number_of_signals() {
        assert_eq!(Signal::AssignRole as usize + 1, Signal::COUNT);
        // The names table is in the enum's order: a signal's index is its row.
        for (i, (name, signal)) in Signal::NAMES.iter().enumerate() {
            assert_eq!(*signal as usize, i, "{name}");
            assert_eq!(Signal::from_name(name), Some(*signal));
        }
    }

    #[test]
    fn every_section_is_a_known_signal() {
        for (lang, section, joined) in packed_rows(LEXICON) {
            assert!(Signal::from_name(section).is_some(), "{lang}.txt: unknown section [{section}]");
            for phrase in joined.split('\n') {
                assert!(!normalize(phrase.trim_end_matches('*')).is_empty(), "{lang}.txt: empty phrase in [{section}]");
            }
        }
    }

    /// What `build.rs` promises and `Lexicon::builtin` relies on: every stored phrase is already in
    /// the form `normalize` gives page text, and no (section, open end, phrase) is stored twice.
    #[test]
    fn stored_phrases_are_normalised_and_unique() {
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        for (lang, section, joined) in packed_rows(LEXICON) {
            for phrase in joined.split('\n') {
                let (body, open_end) = phrase.strip_suffix('*').map_or((phrase, false), |b| (b, true));
                assert_eq!(normalize(body), body, "{lang}.txt [{section}]: stored phrase not normalised");
                assert!(seen.insert((section, open_end, body)), "{lang}.txt [{section}]: '{phrase}' stored twice");
                n += 1;
            }
        }
        assert!(n > 3000, "only {n} phrases");
    }

    #[test]
    fn matches_on_word_boundaries_only() {
        let lx = Lexicon::builtin();
        assert!(lx.matcher.is_some());
        assert!(lx.scan_raw("Generate new token").has(Signal::Mint));
        assert!(!lx.scan_raw("tokenization").has(Signal::Credential));
        assert!(lx.scan_raw("Regenerating keys").has(Signal::MintNow));
        assert!(lx.scan_raw("個人用アクセストークンを生成").has(Signal::Credential));
        // Korean endings attach to the word: "로그인을 승인해 주세요" holds "로그인을 승인".
        assert!(lx.scan_raw("토스 앱에서 로그인을 승인해 주세요").has(Signal::Mfa));
        assert!(lx.scan_raw("Approve").is(Signal::Approve));
        assert!(!lx.scan_raw("Approve all").is(Signal::Approve));
    }
}
