//! Text normalisation: what a phrase table can match against.
//!
//! Pages evade naive matching with compatibility characters (full-width letters, ligatures),
//! zero-width and bidi controls, soft hyphens, odd apostrophes and case. Everything the engine
//! matches — page text and phrase tables alike — goes through [`normalize`] first, so both sides
//! meet in the same form: NFKC, controls removed, lower-cased, whitespace collapsed.

#[cfg(feature = "nfkc")]
use unicode_normalization::UnicodeNormalization;

/// True for characters that render as nothing but split words for a naive matcher.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'              // soft hyphen
        | '\u{034F}'            // combining grapheme joiner
        | '\u{061C}'            // Arabic letter mark
        | '\u{115F}' | '\u{1160}'
        | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{FEFF}'
        | '\u{FFA0}'
    )
}

/// NFKC when this build carries it (borrowed when the text is already NFKC, which most is);
/// without the `nfkc` feature (the wasm build) the host has already applied NFKC to every
/// observation string (see `crates/wasm`).
fn compatibility_form(input: &str) -> std::borrow::Cow<'_, str> {
    // ASCII is its own NFKC, and most of the web's text is ASCII: one quick pass says so.
    #[cfg(feature = "nfkc")]
    if !input.is_ascii() && unicode_normalization::is_nfkc_quick(input.chars()) != unicode_normalization::IsNormalized::Yes {
        return std::borrow::Cow::Owned(input.nfkc().collect());
    }
    std::borrow::Cow::Borrowed(input)
}

/// Normalises `input` for matching: NFKC, invisible characters dropped, lower case,
/// typographic apostrophes and dashes folded to ASCII, every whitespace run one space, trimmed.
pub fn normalize(input: &str) -> String {
    let (text, ascii) = normalize_nfkc(&compatibility_form(input));
    if ascii {
        text
    } else {
        fold_disguised_words(text)
    }
}

/// Homoglyphs inside Latin words ("Regеnerate" with a Cyrillic `е`) are folded to the ASCII they
/// imitate, using Unicode's confusables data (UTS #39, trimmed at build time). Only words that also
/// hold ASCII letters are touched: a whole Cyrillic or Greek word is a real word, not a disguise.
fn fold_disguised_words(text: String) -> String {
    let disguised = |w: &str| w.chars().any(|c| c.is_ascii_alphabetic()) && w.chars().any(|c| !c.is_ascii() && crate::data::ascii_confusable(c).is_some());
    if !text.split(' ').any(disguised) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if disguised(word) {
            for c in word.chars() {
                match crate::data::ascii_confusable(c).filter(|_| !c.is_ascii()) {
                    Some(sk) => out.push_str(sk),
                    None => out.push(c),
                }
            }
        } else {
            out.push_str(word);
        }
    }
    out
}

/// The rules on NFKC text, in one pass: ASCII bytes (most of the web's text, even on pages with
/// some curly quotes) are handled as bytes, only the other characters are decoded, and the output
/// is built as bytes: in the wasm build, pushing char by char into a String was a sixth of the
/// engine's time.
/// Also says whether it wrote only ASCII (false when a character's lower case may not be).
fn normalize_nfkc(input: &str) -> (String, bool) {
    let bytes = input.as_bytes();
    let mut ascii = true;
    let mut out: Vec<u8> = Vec::with_capacity(input.len());
    let mut pending_space = false;
    // Chinese and Japanese put no spaces between words, and pages differ in whether they put one
    // between such text and a Latin word ("API 密钥" / "API密钥"): no space is kept next to them.
    let mut last_unspaced = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Most text is runs of lower-case letters, digits, punctuation and single spaces between
        // them: copied whole.
        let plain = |c: u8| c.is_ascii() && !c.is_ascii_uppercase() && !c.is_ascii_whitespace() && c != 0x0B && c != b'`';
        if plain(b) {
            let rest = bytes.get(i..).unwrap_or_default();
            let mut run = 0;
            while let Some(&c) = rest.get(run) {
                if plain(c) || (c == b' ' && rest.get(run + 1).copied().is_some_and(plain)) {
                    run += 1;
                } else {
                    break;
                }
            }
            if pending_space && !last_unspaced {
                out.push(b' ');
            }
            pending_space = false;
            last_unspaced = false;
            out.extend_from_slice(rest.get(..run).unwrap_or_default());
            i += run;
            continue;
        }
        if b.is_ascii() {
            i += 1;
            // ASCII's White_Space: tab, line feed, vertical tab, form feed, carriage return, space.
            if b.is_ascii_whitespace() || b == 0x0B {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space && !last_unspaced {
                out.push(b' ');
            }
            pending_space = false;
            last_unspaced = false;
            out.push(if b == b'`' { b'\'' } else { b.to_ascii_lowercase() });
            continue;
        }
        // `i` is at a character boundary: every ASCII byte before it was a whole character.
        let Some(c) = input.get(i..).and_then(|rest| rest.chars().next()) else { break };
        i += c.len_utf8();
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        let unspaced = is_unspaced_script(c);
        if pending_space && !unspaced && !last_unspaced {
            out.push(b' ');
        }
        pending_space = false;
        last_unspaced = unspaced;
        let mut buf = [0u8; 4];
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '\u{00B4}' => out.push(b'\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' => out.push(b'"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push(b'-'),
            c => {
                ascii = false;
                c.to_lowercase().for_each(|l| out.extend_from_slice(l.encode_utf8(&mut buf).as_bytes()));
            }
        }
    }
    // Whole characters only were written: this cannot fail, and checking is cheap.
    (String::from_utf8(out).unwrap_or_default(), ascii)
}

/// True when `c` is part of a word for boundary checks (letters and digits of any script).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True for scripts written without spaces, where word boundaries do not apply.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // CJK ideographs
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{0E00}'..='\u{0E7F}' // Thai
    )
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn homoglyphs_inside_latin_words_are_folded_but_real_words_are_not() {
        // Cyrillic е (U+0435) and о (U+043E) inside English words.
        assert_eq!(normalize("Reg\u{0435}nerate t\u{043E}ken"), "regenerate token");
        // A Russian word stays Russian; Japanese stays Japanese.
        assert_eq!(normalize("\u{0442}\u{043E}\u{043A}\u{0435}\u{043D}"), "\u{0442}\u{043E}\u{043A}\u{0435}\u{043D}");
        assert_eq!(normalize("アクセストークン"), "アクセストークン");
        assert_eq!(normalize("Passwort zurücksetzen"), "passwort zurücksetzen");
    }

    /// The rules character by character, as they read: the byte-wise implementation must agree.
    fn reference(s: &str) -> String {
        let mut out = String::new();
        let mut pending_space = false;
        for c in s.chars() {
            if super::is_invisible(c) {
                continue;
            }
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            // No space next to Chinese or Japanese.
            let next_to_unspaced = super::is_unspaced_script(c) || out.chars().next_back().is_some_and(super::is_unspaced_script);
            if pending_space && !next_to_unspaced {
                out.push(' ');
            }
            pending_space = false;
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
                '\u{201C}' | '\u{201D}' | '\u{201E}' => out.push('"'),
                '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
                c => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    #[test]
    fn byte_wise_rules_match_the_character_rules() {
        let cases = [
            "  Generate\tNEW  token\n",
            "It`s a `test`",
            "a\u{000B}b \r\n c",
            "",
            " ",
            "It\u{2019}s \u{201C}Reset\u{201D} \u{2014} now\u{00A0}\u{00A0}Ÿ",
            "\u{200B}\u{200B}x\u{00AD}y \u{3000}Z",
            "ÀÉÎ İstanbul ΣΑΣ",
            "\u{2212}5 \u{2010}-\u{2015}",
            "trailing\u{2028}",
            "日本語 テキスト AbC",
            "API 密钥 管理",
            "Runner を 登録 Now",
            "한국어 문장 Test",
        ];
        for s in cases {
            let (text, ascii) = super::normalize_nfkc(s);
            assert_eq!(text, reference(s), "{s:?}");
            assert!(!ascii || text.is_ascii(), "{s:?}");
        }
    }

    #[test]
    #[cfg(feature = "nfkc")]
    fn folds_case_width_controls_and_space() {
        assert_eq!(normalize("  Ｒｅｇｅｎｅｒａｔｅ\u{200B} To\u{00AD}ken \n\t now "), "regenerate token now");
        assert_eq!(normalize("It\u{2019}s \u{202E}you"), "it's you");
        assert_eq!(normalize("ＡＰＩキー"), "apiキー");
        // Pages differ in whether they space Latin words from Chinese or Japanese; we never do.
        assert_eq!(normalize("API 密钥"), normalize("API密钥"));
    }
}
