//! Reason messages and references, looked up from the data tables by stable id.
//!
//! A reason is named in code by its [`ReasonId`] (or [`RecoveryReasonId`]), which `build.rs`
//! generates from `data/messages/en.txt` (`data/recovery_messages/en.txt`): `context.lookalike_host`
//! is `ReasonId::ContextLookalikeHost`. The build also requires every language's file to hold
//! exactly English's ids, and `data/refs/refs.txt` to hold references for each. So a misspelt id
//! does not compile, and every id the code can name has a message in every shipped language.

use crate::data::{MESSAGES, MESSAGES_LANGS, RECOVERY_MESSAGES, RECOVERY_MESSAGES_LANGS, REFS, REFS_LANGS};
use crate::verdict::{Flow, Reason};

include!(concat!(env!("OUT_DIR"), "/reason_ids.rs"));

/// A packed table (build.rs) with each language's rows as a byte range, sorted by id within it.
/// Looked up by binary search in place: reasons are looked up several times per page, and scanning
/// the tables each time was a tenth of the engine's time.
struct Table {
    packed: &'static str,
    langs: &'static [(&'static str, usize, usize)],
}

const MESSAGE_TABLE: Table = Table { packed: MESSAGES, langs: MESSAGES_LANGS };
const RECOVERY_TABLE: Table = Table { packed: RECOVERY_MESSAGES, langs: RECOVERY_MESSAGES_LANGS };
const REFS_TABLE: Table = Table { packed: REFS, langs: REFS_LANGS };

impl Table {
    fn has_lang(&self, lang: &str) -> bool {
        self.langs.iter().any(|(l, _, _)| l.eq_ignore_ascii_case(lang))
    }

    /// The value for `id` in language `lang` (any case), if the table has it.
    fn get(&self, lang: &str, id: &str) -> Option<&'static str> {
        let (_, start, end) = self.langs.iter().find(|(l, _, _)| l.eq_ignore_ascii_case(lang))?;
        // Whole rows, each ending in U+001E (one byte, never inside another character's UTF-8).
        let mut run = self.packed.get(*start..*end)?;
        while !run.is_empty() {
            let bytes = run.as_bytes();
            let mid = bytes.len() / 2;
            let row_start = bytes.get(..mid)?.iter().rposition(|&b| b == 0x1e).map_or(0, |i| i + 1);
            let row_end = row_start + bytes.get(row_start..)?.iter().position(|&b| b == 0x1e)?;
            let mut parts = run.get(row_start..row_end)?.splitn(3, '\u{1f}');
            let (_, row_id, value) = (parts.next()?, parts.next()?, parts.next()?);
            run = match row_id.cmp(id) {
                std::cmp::Ordering::Equal => return Some(value),
                std::cmp::Ordering::Less => run.get(row_end + 1..)?,
                std::cmp::Ordering::Greater => run.get(..row_start)?,
            };
        }
        None
    }

    /// The value for `id` in whichever language has it first (the references table has one).
    fn any(&self, id: &str) -> Option<&'static str> {
        self.langs.iter().find_map(|(l, _, _)| self.get(l, id))
    }
}

/// True when reason messages exist in `lang` (its primary subtag, any case).
pub fn has_messages_for(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or_default();
    !primary.is_empty() && MESSAGE_TABLE.has_lang(primary)
}

/// The language for messages: the one the page's text is written in ([`crate::lang::detect`]),
/// else the page's declared language, else the browser's, else English — whichever we have.
pub fn pick_lang<'a>(page: &'a str, detected: Option<&'a str>, ui: &'a str) -> &'a str {
    let messages = &MESSAGE_TABLE;
    for cand in [detected.unwrap_or_default(), page, ui] {
        let primary = cand.split(['-', '_']).next().unwrap_or_default();
        if !primary.is_empty() && messages.has_lang(primary) {
            return primary;
        }
    }
    "en"
}

/// The message for `id` in `lang`, else in English. The build guarantees both exist for every id
/// the code can name; the id itself stands in only so that a broken table cannot crash.
fn message_in(table: &Table, id: &str, lang: &str) -> String {
    table.get(lang, id).or_else(|| table.get("en", id)).map_or_else(|| id.to_string(), str::to_string)
}

fn refs(id: &str) -> Vec<String> {
    REFS_TABLE.any(id).map(|r| r.split(" | ").map(str::to_string).collect()).unwrap_or_default()
}

pub fn reason(id: ReasonId, lang: &str) -> Reason {
    let id = id.as_str();
    Reason { id: id.to_string(), message: message_in(&MESSAGE_TABLE, id, lang), refs: refs(id) }
}

/// The reason that names the flow a page performs; `None` for no flow.
pub fn flow_reason(flow: Flow) -> Option<ReasonId> {
    match flow {
        Flow::PasswordReset => Some(ReasonId::FlowPasswordReset),
        Flow::MfaApproval => Some(ReasonId::FlowMfaApproval),
        Flow::DeviceCode => Some(ReasonId::FlowDeviceCode),
        Flow::OauthConsent => Some(ReasonId::FlowOauthConsent),
        Flow::CredentialReissue => Some(ReasonId::FlowCredentialReissue),
        Flow::RecoveryFactorChange => Some(ReasonId::FlowRecoveryFactorChange),
        Flow::Reauthentication => Some(ReasonId::FlowReauthentication),
        Flow::AccessApproval => Some(ReasonId::FlowAccessApproval),
        Flow::None => None,
    }
}

/// A recovery-request reason. Its messages live in their own table so that builds which never
/// assess recovery requests (the extension's wasm) do not carry them.
pub fn recovery_reason(id: RecoveryReasonId, lang: &str) -> Reason {
    let id = id.as_str();
    Reason { id: id.to_string(), message: message_in(&RECOVERY_TABLE, id, lang), refs: refs(id) }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::data::packed_rows;

    /// What the build promises, through the lookup the engine itself uses: every id the code can
    /// name has its own message in every language, and references.
    #[test]
    fn every_id_has_a_message_in_every_language_and_refs() {
        assert!(MESSAGE_TABLE.langs.len() >= 5);
        for (lang, _, _) in MESSAGE_TABLE.langs {
            for id in ReasonId::ALL.map(ReasonId::as_str) {
                assert!(MESSAGE_TABLE.get(lang, id).is_some(), "data/messages/{lang}.txt has no '{id}'");
            }
            for id in RecoveryReasonId::ALL.map(RecoveryReasonId::as_str) {
                assert!(RECOVERY_TABLE.get(lang, id).is_some(), "data/recovery_messages/{lang}.txt has no '{id}'");
            }
        }
        for id in ReasonId::ALL.map(ReasonId::as_str).into_iter().chain(RecoveryReasonId::ALL.map(RecoveryReasonId::as_str)) {
            assert!(!refs(id).is_empty(), "no refs for {id}");
        }
        assert_eq!(packed_rows(REFS).count(), ReasonId::ALL.len() + RecoveryReasonId::ALL.len(), "a reference for no reason");
    }

    #[test]
    fn tables_are_sorted_by_id_for_binary_search() {
        for t in [&MESSAGE_TABLE, &RECOVERY_TABLE, &REFS_TABLE] {
            let mut rows = 0;
            for (lang, start, end) in t.langs {
                let ids: Vec<&str> = packed_rows(&t.packed[*start..*end])
                    .map(|(l, id, _)| {
                        assert_eq!(l, *lang);
                        id
                    })
                    .collect();
                assert!(ids.windows(2).all(|w| w[0] < w[1]), "{lang}: rows not sorted by id, or an id twice");
                // Every row is found by the search, in any case of the language tag.
                for (l, id, v) in packed_rows(&t.packed[*start..*end]) {
                    assert_eq!(t.get(&l.to_ascii_uppercase(), id), Some(v));
                }
                assert_eq!(t.get(lang, "no.such.reason"), None);
                rows += ids.len();
            }
            assert_eq!(rows, packed_rows(t.packed).count(), "a row outside every language's range");
        }
        assert!(MESSAGE_TABLE.langs.len() >= 5);
        assert_ne!(reason(ReasonId::ContextLookalikeHost, "de").message, reason(ReasonId::ContextLookalikeHost, "en").message);
        assert_eq!(reason(ReasonId::ContextLookalikeHost, "xx").message, reason(ReasonId::ContextLookalikeHost, "en").message);
        assert!(!refs("context.lookalike_host").is_empty());
    }

    #[test]
    fn language_falls_back() {
        assert_eq!(pick_lang("en-GB", None, ""), "en");
        assert_eq!(pick_lang("", None, ""), "en");
        assert_eq!(pick_lang("xx", None, "en-US"), "en");
        assert_eq!(pick_lang("en", Some("de"), "fr"), "de");
        assert_eq!(pick_lang("", Some("xx"), "fr"), "fr");
    }
}
