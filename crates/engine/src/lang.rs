//! Which language a page is written in, for the reasons' messages.
//!
//! The page's `<html lang>` is the first answer, but templates often keep `lang="en"` on translated
//! pages and many pages declare nothing. The text decides when it clearly disagrees: scripts other
//! than Latin by their characters (Hangul is Korean, kana Japanese, Han alone Chinese, Cyrillic
//! Russian), Latin-script languages by their function words (`data/languages/words.txt`). A
//! trigram language identifier (`whatlang`) was measured at 79 KB gzip in the wasm — a third of the
//! engine — to choose among the dozen languages the messages come in; counting a few hundred
//! function words does that here.

use crate::data::{LANGUAGE_NAMES, LANGUAGE_WORDS};

/// How much text is looked at: enough for a verdict's language, bounded whatever the page's size.
const SAMPLE_CHARS: usize = 1200;
/// One word's vote (shared among the languages the word belongs to).
const VOTE: u32 = 12;

/// One language has ten words' votes and three times the next one's: reading on changes nothing.
fn clear_leader(votes: &[u32; 16]) -> bool {
    let mut sorted = *votes;
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    let (best, second) = (sorted.first().copied().unwrap_or(0), sorted.get(1).copied().unwrap_or(0));
    best >= 10 * VOTE && best >= 3 * second
}

/// The language the text is clearly written in, if it is one of those the words table or the
/// script rules know. `None` when the text is too short or mixed to say. `declared` (the page's
/// `<html lang>`, primary subtag) wins among Latin-script languages whenever its own words are
/// nearly as many as the leader's: neighbours such as Spanish and Portuguese share many words.
pub fn detect(declared: &str, parts: &[&str]) -> Option<&'static str> {
    let (mut hangul, mut kana, mut han, mut cyrillic, mut latin) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut votes = [0u32; 16];
    // The current word, lower-cased, in a fixed buffer (function words are short; longer words
    // are no function word and are not looked up).
    let mut word = [0u8; 24];
    let mut len = 0usize;
    let mut overflow = false;
    let count_word = |word: &[u8], votes: &mut [u32; 16]| {
        let Ok(w) = std::str::from_utf8(word) else { return };
        if let Ok(i) = LANGUAGE_WORDS.binary_search_by(|(k, _)| (*k).cmp(w)) {
            // A word of k languages is 1/k of a vote for each (in twelfths: k is at most 4).
            let mask = LANGUAGE_WORDS.get(i).map_or(0, |(_, m)| *m);
            let share = 12 / mask.count_ones().clamp(1, 12);
            for (bit, v) in votes.iter_mut().enumerate() {
                if mask & (1 << bit) != 0 {
                    *v += share;
                }
            }
        }
    };
    let mut seen = 0usize;
    let mut words = 0usize;
    'parts: for part in parts {
        for c in part.chars() {
            seen += 1;
            if seen > SAMPLE_CHARS {
                break 'parts;
            }
            let letter = if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    latin += 1;
                    true
                } else {
                    false
                }
            } else {
                match c {
                    '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => hangul += 1,
                    '\u{3040}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}' => kana += 1,
                    '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => han += 1,
                    '\u{0400}'..='\u{04FF}' => cyrillic += 1,
                    _ if c.is_alphabetic() => latin += 1,
                    _ => {}
                }
                // Latin letters with diacritics belong to words; other scripts are told by characters.
                c.is_alphabetic() && (c as u32) < 0x0250
            };
            if letter {
                if c.is_ascii() {
                    match word.get_mut(len) {
                        Some(slot) => {
                            *slot = (c as u8).to_ascii_lowercase();
                            len += 1;
                        }
                        None => overflow = true,
                    }
                } else {
                    for l in c.to_lowercase() {
                        let mut buf = [0u8; 4];
                        let enc = l.encode_utf8(&mut buf).as_bytes();
                        match word.get_mut(len..len + enc.len()) {
                            Some(dst) => {
                                dst.copy_from_slice(enc);
                                len += enc.len();
                            }
                            None => overflow = true,
                        }
                    }
                }
            } else {
                if len > 0 && !overflow {
                    count_word(word.get(..len).unwrap_or_default(), &mut votes);
                    words += 1;
                    // Enough evidence: a clear leader after a few dozen words.
                    if words % 16 == 0 && clear_leader(&votes) {
                        break 'parts;
                    }
                }
                len = 0;
                overflow = false;
            }
        }
        if len > 0 && !overflow {
            count_word(word.get(..len).unwrap_or_default(), &mut votes);
        }
        len = 0;
        overflow = false;
    }

    // A script is the page's when it holds most of the letters; the Latin of brand names,
    // identifiers and URLs around CJK or Cyrillic text is common.
    let letters = hangul + kana + han + cyrillic + latin;
    if letters < 8 {
        return None;
    }
    let cjk = hangul + kana + han;
    if hangul * 4 >= letters && hangul >= kana {
        return Some("ko");
    }
    // Japanese writes kana between its kanji; Chinese has none.
    if (kana + han) * 4 >= letters && kana * 10 >= kana + han && kana > 0 {
        return Some("ja");
    }
    if han * 4 >= letters && kana * 20 < han {
        return Some("zh");
    }
    if cyrillic * 2 >= letters.saturating_sub(cjk) && cyrillic >= 8 {
        return Some("ru");
    }
    let mut ranked: Vec<(u32, &'static str)> = LANGUAGE_NAMES.iter().enumerate().map(|(i, name)| (votes.get(i).copied().unwrap_or(0), *name)).collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    let best = ranked.first().map_or(0, |r| r.0);
    if let Some((own, name)) = ranked.iter().find(|(_, n)| n.eq_ignore_ascii_case(declared)) {
        if *own >= 2 * VOTE && *own * 3 >= best * 2 {
            return Some(name);
        }
    }
    match ranked.as_slice() {
        [(best, name), (second, _), ..] if *best >= 3 * VOTE && *best * 2 >= *second * 3 => Some(name),
        [(best, name)] if *best >= 3 * VOTE => Some(name),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::detect;

    #[test]
    fn tells_languages_by_script_and_function_words() {
        assert_eq!(
            detect(
                "",
                &["Passwort zurücksetzen", "Geben Sie Ihre E-Mail-Adresse ein und wir senden Ihnen einen Link, mit dem Sie Ihr Passwort zurücksetzen können."]
            ),
            Some("de")
        );
        assert_eq!(detect("", &["Reset your password", "Enter your email address and we will send you a link to reset your password."]), Some("en"));
        assert_eq!(detect("", &["Wachtwoord vergeten", "Vul je e-mailadres in en we sturen je een link om een nieuw wachtwoord in te stellen."]), Some("nl"));
        assert_eq!(
            detect(
                "",
                &[
                    "Nie pamiętasz hasła?",
                    "Podaj adres e-mail powiązany z kontem, a wyślemy link do zresetowania hasła. Jeśli nie otrzymasz wiadomości, sprawdź folder spam."
                ]
            ),
            Some("pl")
        );
        assert_eq!(
            detect(
                "",
                &["Réinitialiser le mot de passe", "Saisissez votre adresse e-mail et nous vous enverrons un lien pour réinitialiser votre mot de passe."]
            ),
            Some("fr")
        );
        assert_eq!(
            detect("", &["Restablecer la contraseña", "Introduce tu correo y te enviaremos un enlace para restablecer la contraseña de tu cuenta."]),
            Some("es")
        );
        assert_eq!(
            detect("", &["Reimposta la password", "Inserisci il tuo indirizzo email e ti invieremo un link per reimpostare la password del tuo account."]),
            Some("it")
        );
        assert_eq!(detect("", &["Redefinir senha", "Digite o seu e-mail e enviaremos um link para você redefinir a senha da sua conta."]), Some("pt"));
        assert_eq!(detect("", &["パスワードをリセット", "登録したメールアドレスを入力してください。GitHub からリンクを送信します。"]), Some("ja"));
        assert_eq!(detect("", &["重置密码", "请输入您的电子邮件地址，我们将向您发送重置密码的链接。GitHub"]), Some("zh"));
        assert_eq!(detect("", &["비밀번호 재설정", "이메일 주소를 입력하면 비밀번호 재설정 링크를 보내 드립니다. GitHub"]), Some("ko"));
        assert_eq!(detect("", &["Сброс пароля", "Введите адрес электронной почты, и мы пришлём ссылку для сброса пароля. GitHub"]), Some("ru"));
        // The declared language stands when its words nearly match the leader's.
        assert_eq!(detect("pt", &["Para redefinir a senha da sua conta, use o link que enviamos para o seu e-mail se ainda não o fez."]), Some("pt"));
        assert_eq!(
            detect(
                "en",
                &["Passwort zurücksetzen", "Geben Sie Ihre E-Mail-Adresse ein und wir senden Ihnen einen Link, mit dem Sie Ihr Passwort zurücksetzen können."]
            ),
            Some("de")
        );
        // Too little or too mixed to say.
        assert_eq!(detect("", &["OK"]), None);
        assert_eq!(detect("", &["GitHub · Settings · API"]), None);
    }
}
