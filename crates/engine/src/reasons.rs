//! Reason messages and references, looked up from the data tables by stable id.

use crate::lexicon::{packed_rows, MESSAGES, REFS};
use crate::verdict::Reason;

/// The language for messages: the page's, else the browser's, else English — whichever we have.
pub fn pick_lang<'a>(page: &'a str, ui: &'a str) -> &'a str {
    for cand in [page, ui] {
        let primary = cand.split(['-', '_']).next().unwrap_or_default();
        if !primary.is_empty() && packed_rows(MESSAGES).any(|(l, _, _)| l.eq_ignore_ascii_case(primary)) {
            return primary;
        }
    }
    "en"
}

fn message_in(table: &'static str, id: &str, lang: &str) -> String {
    let find = |l: &str| packed_rows(table).find(|(ml, mid, _)| ml.eq_ignore_ascii_case(l) && *mid == id).map(|(_, _, m)| m.to_string());
    find(lang).or_else(|| find("en")).unwrap_or_else(|| id.to_string())
}

fn message(id: &str, lang: &str) -> String {
    message_in(MESSAGES, id, lang)
}

fn refs(id: &str) -> Vec<String> {
    packed_rows(REFS)
        .find(|(_, rid, _)| *rid == id)
        .map(|(_, _, r)| r.split(" | ").map(str::to_string).collect())
        .unwrap_or_default()
}

pub fn reason(id: &str, lang: &str) -> Reason {
    Reason { id: id.to_string(), message: message(id, lang), refs: refs(id) }
}

/// A recovery-request reason. Its messages live in their own table so that builds which never
/// assess recovery requests (the extension's wasm) do not carry them.
pub fn recovery_reason(id: &str, lang: &str) -> Reason {
    Reason { id: id.to_string(), message: message_in(crate::lexicon::RECOVERY_MESSAGES, id, lang), refs: refs(id) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_has_an_english_message_and_refs() {
        for (_, id, _) in packed_rows(MESSAGES).chain(packed_rows(crate::lexicon::RECOVERY_MESSAGES)) {
            assert!(!refs(id).is_empty(), "no refs for {id}");
        }
        for (_, id, _) in packed_rows(REFS) {
            let known = packed_rows(MESSAGES).chain(packed_rows(crate::lexicon::RECOVERY_MESSAGES)).any(|(l, m, _)| l == "en" && m == id);
            assert!(known, "no English message for {id}");
        }
    }

    #[test]
    fn language_falls_back() {
        assert_eq!(pick_lang("en-GB", ""), "en");
        assert_eq!(pick_lang("", ""), "en");
        assert_eq!(pick_lang("xx", "en-US"), "en");
    }
}
