//! What a page shows that is not words: a secret, a set of recovery codes, an authenticator's setup
//! key. These are what a flow *does* — a token page that has just minted a token shows it, a
//! backup-codes page shows the codes — whatever language the page is in and however it is worded.
//!
//! Each detector reads the page's visible text as the person sees it (case kept) and is bounded:
//! one pass over the text, work per token capped.

/// Tokens longer than this are data (a blob, an inline image), not a credential someone copies.
const MAX_TOKEN: usize = 400;
/// Enough distinct recovery-code-shaped tokens to say the page shows a set of codes.
const ENOUGH_CODES: usize = 32;

/// What the page shows that is not words; see [`shapes`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Shapes {
    /// A credential: an issuer's token, a JWT, a private key, an app password in groups, or a
    /// random-looking string of credential length.
    pub secret: bool,
    /// An authenticator's setup key: `otpauth://`, or a base32-like secret whole or in groups of four.
    pub setup_key: bool,
    /// Distinct recovery-code-shaped tokens (up to [`ENOUGH_CODES`]).
    pub recovery_codes: usize,
}

/// Reads the page's visible text (case kept) once. Most words of prose are short and hold no
/// digit, and every shape here has digits (or is a run of four-character groups), so a word is
/// looked at closely only then: a megabyte of prose costs one pass and no allocation.
pub fn shapes(text: &str, prefixes: &[&str], key_ids: &[&str]) -> Shapes {
    let mut out = Shapes { secret: private_key(text), setup_key: text.contains("otpauth://"), recovery_codes: 0 };
    let mut codes: Vec<(&str, &str)> = Vec::new();
    // Every shape holds a digit: jump from digit to digit and read only the lines that hold one.
    let bytes = text.as_bytes();
    let mut cursor = 0;
    while let Some(at) = bytes.get(cursor..).and_then(|rest| rest.iter().position(u8::is_ascii_digit)) {
        let digit = cursor + at;
        let start = bytes.get(..digit).and_then(|b| b.iter().rposition(|&c| c == b'\n')).map_or(0, |i| i + 1);
        let end = bytes.get(digit..).and_then(|b| b.iter().position(|&c| c == b'\n')).map_or(bytes.len(), |i| digit + i);
        cursor = end + 1;
        // Newlines are ASCII: both ends are character boundaries.
        let Some(line) = text.get(start..end) else { break };
        let mut groups = Groups::default();
        let mut prev_four_digits: Option<&str> = None;
        // The word before names a credential flag (`--token`, `--api-key`): a command line
        // carrying the credential just issued (a runner's `./config.sh --url … --token AVQK…`).
        let mut after_flag = false;
        for word in line.split_ascii_whitespace() {
            let bytes = word.as_bytes();
            let has_digit = bytes.iter().any(u8::is_ascii_digit);
            let flagged = std::mem::replace(&mut after_flag, credential_flag(word));
            if !out.secret && (flagged && flag_value(word) || assigned_secret(word)) {
                out.secret = true;
            }
            if bytes.len() == 4 {
                groups.push(bytes);
                if groups.setup_key() {
                    out.setup_key = true;
                }
                if groups.app_password() {
                    out.secret = true;
                }
            } else {
                groups = Groups::default();
            }
            if !has_digit && bytes.len() < 16 {
                prev_four_digits = None;
                continue;
            }
            if !out.secret && !key_ids.iter().any(|p| word.starts_with(p)) && secret_in_word(word, prefixes) {
                out.secret = true;
            }
            // An access key's id (`AKIA…`) looks like a base32 secret and is in every key list;
            // so does a runner's token, which its flag names.
            if !out.setup_key && !flagged && (16..=64).contains(&bytes.len()) && base32_whole(bytes) && !key_ids.iter().any(|p| word.starts_with(p)) {
                out.setup_key = true;
            }
            if codes.len() < ENOUGH_CODES {
                let w = word.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')' | '•' | '·'));
                if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
                    // 1234 5678: two groups of four digits.
                    match prev_four_digits.take() {
                        Some(a) => push_code(&mut codes, (a, w)),
                        None => prev_four_digits = Some(w),
                    }
                    continue;
                }
                if is_code(w) {
                    push_code(&mut codes, (w, ""));
                }
            }
            prev_four_digits = None;
        }
    }
    out.recovery_codes = codes.len();
    // Letters-only app passwords (Google's, Microsoft's, Yahoo's, Apple's) hold no digit, so the
    // walk above never reads their line: a line that is exactly such a password is 19 bytes.
    if !out.secret {
        out.secret = text.lines().any(|line| line.trim().len() == 19 && letters_app_password(line.trim()));
    }
    out
}

/// `--token`, `--api-key`, `--secret`… (lower case, one or two dashes).
fn credential_flag(word: &str) -> bool {
    // (Most words do not start with a dash: no allocation, one byte looked at.)
    word.starts_with('-') && {
        let name = word.trim_start_matches('-');
        ["token", "api-key", "apikey", "api_key", "secret", "client-secret", "auth-token", "access-token", "registration-token"]
            .iter()
            .any(|f| name.eq_ignore_ascii_case(f))
    }
}

/// The value after a credential flag: long, letters and at least two digits, not a hexadecimal
/// hash, not a URL or a placeholder (`<TOKEN>`, `$TOKEN`, `YOUR_TOKEN`).
fn flag_value(word: &str) -> bool {
    let w = word.trim_matches(|c: char| matches!(c, '"' | '\'' | ','));
    (20..=MAX_TOKEN).contains(&w.len())
        && w.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && w.bytes().filter(u8::is_ascii_digit).count() >= 2
        && w.bytes().filter(u8::is_ascii_alphabetic).count() >= 8
        && !w.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')
        && w.split(['-', '_', '.']).map(str::len).max().unwrap_or(0) >= 16
}

/// `GITHUB_TOKEN=ghx…`, `API_KEY=…`: an environment assignment of a credential-named variable.
fn assigned_secret(word: &str) -> bool {
    let Some((name, value)) = word.split_once('=') else { return false };
    let ends_with = |k: &str| name.len() >= k.len() && name.get(name.len() - k.len()..).is_some_and(|end| end.eq_ignore_ascii_case(k));
    ["TOKEN", "API_KEY", "APIKEY", "SECRET", "ACCESS_KEY"].iter().any(|k| ends_with(k)) && flag_value(value)
}

/// `qzmw hrtk pbxa vnje` or `abcd-efgh-ijkl-mnop`: four groups of four lower-case letters,
/// typed letter by letter. Prose of four four-letter words has vowels where random letters have
/// runs of consonants: at least two groups hold three consonants in a row.
fn letters_app_password(line: &str) -> bool {
    let groups: Vec<&str> = line.split([' ', '-']).collect();
    let consonant = |b: &u8| !matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    groups.len() == 4
        && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_lowercase()))
        && groups.iter().filter(|g| g.as_bytes().windows(3).any(|w| w.iter().all(consonant))).count() >= 2
}

fn push_code<'a>(codes: &mut Vec<(&'a str, &'a str)>, code: (&'a str, &'a str)) {
    if !codes.contains(&code) {
        codes.push(code);
    }
}

/// A private key's armour followed by its body (articles quote the armour with "…").
fn private_key(text: &str) -> bool {
    let Some(at) = text.find("PRIVATE KEY-----") else { return false };
    let body: String = text.get(at + 16..).unwrap_or_default().chars().take(400).collect();
    body.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))).map(str::len).max().unwrap_or(0) >= 40
}

/// A run of four-character groups on one line: a setup key printed for typing ("JBSW Y3DP EHPK
/// 3PXP", one case) or an app password ("Xk4m 9PqR tZ2w 8hLs", both cases).
#[derive(Default)]
struct Groups {
    run: usize,
    digits: usize,
    upper: bool,
    lower: bool,
    /// Every group in the run so far is letters and digits.
    alnum: bool,
}

impl Groups {
    fn push(&mut self, g: &[u8]) {
        let alnum = g.iter().all(u8::is_ascii_alphanumeric);
        if !alnum {
            *self = Groups::default();
            return;
        }
        if self.run == 0 {
            self.alnum = true;
        }
        self.run += 1;
        self.digits += g.iter().filter(|b| b.is_ascii_digit()).count();
        self.upper |= g.iter().any(u8::is_ascii_uppercase);
        self.lower |= g.iter().any(u8::is_ascii_lowercase);
    }
    fn setup_key(&self) -> bool {
        self.run >= 4 && self.alnum && self.digits >= 2 && (self.upper != self.lower)
    }
    fn app_password(&self) -> bool {
        self.run >= 4 && self.alnum && self.digits >= 1 && self.upper && self.lower
    }
}

/// A base32 secret written whole: one case of letters with the digits 2–7, some digits.
fn base32_whole(t: &[u8]) -> bool {
    let upper = t.iter().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(b));
    let lower = t.iter().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(b));
    (upper || lower) && t.iter().filter(|b| b.is_ascii_digit()).count() >= 2
}

/// `abcde-12345`, `1234-5678`, an eight-digit number, or eight to twelve letters and digits in
/// one case with some digits: the shapes products print backup codes in.
fn is_code(w: &str) -> bool {
    let b = w.as_bytes();
    let one_case_alnum = |t: &[u8]| {
        let letters = t.iter().filter(|c| c.is_ascii_alphabetic()).count();
        let digits = t.iter().filter(|c| c.is_ascii_digit()).count();
        t.iter().all(u8::is_ascii_alphanumeric)
            && letters >= 1
            && digits >= 1
            && !(t.iter().any(u8::is_ascii_uppercase) && t.iter().any(u8::is_ascii_lowercase))
    };
    if let Some((a, c)) = w.split_once('-') {
        let part = |p: &str| (4..=6).contains(&p.len()) && p.bytes().all(|x| x.is_ascii_alphanumeric());
        return part(a) && part(c) && (one_case_alnum(format!("{a}{c}").as_bytes()) || b.iter().filter(|x| x.is_ascii_digit()).count() >= 8);
    }
    (b.len() == 8 && b.iter().all(u8::is_ascii_digit))
        || ((8..=12).contains(&b.len()) && one_case_alnum(b) && b.iter().filter(|x| x.is_ascii_digit()).count() >= 2)
}

/// A credential inside one whitespace-separated word (which may hold `key: value` punctuation).
fn secret_in_word(word: &str, prefixes: &[&str]) -> bool {
    word.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=' | '.' | '~')))
        .map(|t| t.trim_end_matches(['.', '-', '=']).trim_start_matches(['.', '-']))
        .filter(|t| t.len() >= 16 && t.len() <= MAX_TOKEN)
        .any(|t| {
            prefixes.iter().any(|p| t.len() > p.len() + 8 && t.strip_prefix(p).is_some_and(varied))
                || (t.starts_with("eyJ") && t.matches('.').count() == 2 && t.len() > 40)
                || random_looking(without_glued_label(t))
        })
}

/// A label glued to the value after it, as two cells of a details list read without a space
/// ("Profiel-IDpfl_QkEhN94Ba": the label "Profiel-ID", the profile id "pfl_QkEhN94Ba"): the word
/// before the first hyphen, when it is a word (letters, capitalised or lower-case), is not part of
/// what might be a secret. What is left must look random, and be long, on its own.
fn without_glued_label(t: &str) -> &str {
    let is_word = |w: &str| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()) && w.chars().skip(1).all(|c| c.is_ascii_lowercase());
    match t.split_once('-') {
        Some((head, rest)) if is_word(head) => rest,
        _ => t,
    }
}

/// After an issuer's prefix, a real token has many distinct characters; documentation writes
/// `ghp_xxxxxxxxxxxx` or `sk_live_...`.
fn varied(rest: &str) -> bool {
    let mut seen = [false; 128];
    rest.bytes().for_each(|b| {
        if let Some(s) = seen.get_mut(usize::from(b & 0x7f)) {
            *s = true;
        }
    });
    seen.iter().filter(|s| **s).count() >= 8
}

/// True when `token` looks like a random credential rather than a word, an identifier, a path or a
/// hash: long, letters of both cases and digits, many distinct characters, not hexadecimal (commit
/// and content hashes fill developer pages) and no domain-like dots.
fn random_looking(token: &str) -> bool {
    let len = token.len();
    if !(20..=MAX_TOKEN).contains(&len) || token.contains("//") || token.matches('.').count() >= 2 {
        return false;
    }
    // A path ("/vuln/detail/CVE-2025-31877"): segments of plain lower-case words.
    if token.split('/').filter(|seg| seg.len() >= 3 && seg.bytes().all(|b| b.is_ascii_lowercase())).count() >= 2 {
        return false;
    }
    let (mut upper, mut lower, mut digit) = (0usize, 0usize, 0usize);
    let mut seen = [false; 128];
    for b in token.bytes() {
        if b.is_ascii_uppercase() {
            upper += 1;
        } else if b.is_ascii_lowercase() {
            lower += 1;
        } else if b.is_ascii_digit() {
            digit += 1;
        }
        if let Some(s) = seen.get_mut(usize::from(b & 0x7f)) {
            *s = true;
        }
    }
    let distinct = seen.iter().filter(|s| **s).count();
    let hex = token.bytes().all(|b| b.is_ascii_hexdigit());
    // Words glued by separators ("user_settings-personal_access_tokens") have long letter runs.
    let longest_letters = token.split(|c: char| !c.is_ascii_alphabetic()).map(str::len).max().unwrap_or(0);
    !hex && upper >= 2 && lower >= 2 && digit >= 2 && distinct >= 14 && longest_letters < 14
}

/// A credential is shown on the page (see [`Shapes::secret`]).
#[cfg(test)]
pub fn secret_shown(text: &str, prefixes: &[&str]) -> bool {
    shapes(text, prefixes, &["AKIA"]).secret
}

/// An authenticator's setup key is shown (see [`Shapes::setup_key`]).
#[cfg(test)]
pub fn totp_setup_key_shown(text: &str) -> bool {
    shapes(text, &[], &["AKIA"]).setup_key
}

/// How many recovery-code-shaped tokens the page shows (see [`Shapes::recovery_codes`]).
#[cfg(test)]
pub fn recovery_codes_shown(text: &str) -> usize {
    shapes(text, &[], &[]).recovery_codes
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &[&str] = &["ghp_", "glpat-", "glrt-", "xoxb-", "sk_live_", "AKIA"];

    #[test]
    fn secrets_are_told_from_hashes_words_and_urls() {
        assert!(secret_shown("Your new token\nghp_4Tq9ZLm2VbX7nR1sKd8yWc3PfH6aJe0uGt5i\nCopy", PREFIXES));
        assert!(secret_shown("gitlab-runner register --token glrt-t3_Pq8vZk2LmWxYc9TnR4bA", PREFIXES));
        assert!(secret_shown("Client secret: 8Q~xk3Rv.Zp1qLm7Tn5Ws9Yb2Dc4Fg6Hj8Kl0Mn", PREFIXES));
        assert!(secret_shown(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----",
            PREFIXES
        ));
        assert!(!secret_shown("\"private_key\": \"-----BEGIN PRIVATE KEY----- …\"", PREFIXES), "the armour alone, as articles quote it");
        assert!(secret_shown("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", PREFIXES));
        // Not secrets: a commit hash, a long path, a URL, prose, an id with words.
        assert!(!secret_shown("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 merged", PREFIXES));
        assert!(!secret_shown("https://github.com/settings/personal-access-tokens/new?type=beta", PREFIXES));
        assert!(!secret_shown("/-/user_settings/personal_access_tokens", PREFIXES));
        assert!(!secret_shown("https://nvd.nist.gov/vuln/detail/CVE-2025-31877", PREFIXES));
        assert!(!secret_shown("see nvd.nist.gov/vuln/detail/CVE-2025-31877 and GHSA-9x4m-q2vh-7c3p", PREFIXES));
        assert!(!secret_shown("Generate a new token with the repo and workflow scopes.", PREFIXES));
        assert!(!secret_shown("Request ID: 4821-7730-1956 · Account 123456789012", PREFIXES));
        assert!(!secret_shown("Profiel-IDpfl_QkEhN94Ba", PREFIXES), "a label glued to a short id");
        assert!(secret_shown("Secret-8Q~xk3Rv.Zp1qLm7Tn5Ws9Yb2Dc4Fg6Hj8Kl0Mn", PREFIXES), "a label glued to a secret");
        assert!(!secret_shown("ghp_ followed by the token", PREFIXES), "a prefix alone, as docs write it");
        assert!(!secret_shown("export TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", PREFIXES), "a placeholder token");
        // A credential after its flag or in its variable, in one case only (a runner's token).
        assert!(secret_shown("$ ./config.sh --url https://github.com/acme/app --token AVQK7RZ3MX4TPLW2HJNB6DYHQE5GC", PREFIXES));
        assert!(!totp_setup_key_shown("$ ./config.sh --token AVQK7RZ3MX4TPLW2HJNB6DYHQE5GC"), "base32-shaped, but the flag says token");
        assert!(secret_shown("export HCLOUD_TOKEN=8FJ2KD93LSM4NQ7ZP1XW5RT6YV0BC8DE", PREFIXES));
        assert!(!secret_shown("./config.sh --token <YOUR_REGISTRATION_TOKEN>", PREFIXES), "a placeholder");
        assert!(!secret_shown("./config.sh --token $RUNNER_TOKEN", PREFIXES), "a variable");
        assert!(!secret_shown("--token 9fceb02d0ae598e95dc970b74767f19372d61af8", PREFIXES), "a hash");
        assert!(!secret_shown("--token YOUR-REGISTRATION-TOKEN-HERE", PREFIXES), "words");
        // App passwords printed in letters only, and prose that has their shape.
        assert!(secret_shown("Your app password\nqzmw hrtk pbxa vnje\nDone", PREFIXES));
        assert!(secret_shown("xkcd-mvtp-qrsw-blnh", PREFIXES));
        assert!(!secret_shown("with that from this", PREFIXES));
        assert!(!secret_shown("przy domu jest kota", PREFIXES), "one consonant run is a word");
    }

    #[test]
    fn setup_keys_and_recovery_codes() {
        assert!(totp_setup_key_shown("Can't scan? Enter this key:\nJBSW Y3DP EHPK 3PXP"));
        assert!(totp_setup_key_shown("Clé secrète : P7KQ 2XZM 4LNR 8TBW"));
        assert!(totp_setup_key_shown("Secret: JBSWY3DPEHPK3PXPJBSWY3DP"));
        assert!(totp_setup_key_shown("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP"));
        assert!(!totp_setup_key_shown("TWO FACTOR AUTHENTICATION SETTINGS"));
        assert!(!totp_setup_key_shown("Access key ID AKIA2Z4XQ7MBRW5TNE3K active"), "an access key's id");
        assert!(!totp_setup_key_shown("THIS IS NOT A KEY JUST WORDS"));
        let github = "Recovery codes\n5f2a1-9c4d0\n8b7e3-1a6f2\nc0d4e-77b19\n2e9f8-a3c51\n91b0d-6e2a4\n4c7d1-0f8e3";
        assert_eq!(recovery_codes_shown(github), 6);
        let google = "Backup codes\n1234 5678   2345 6789\n3456 7890   4567 8901\n5678 9012";
        assert_eq!(recovery_codes_shown(google), 5);
        assert!(recovery_codes_shown("Call us at 0800-1234 or order 12345678 today. Version 2024-05.") < 5);
    }
}
