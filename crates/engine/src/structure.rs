//! What a page shows that is not words: a secret, a set of recovery codes, an authenticator's setup
//! key. These are what a flow *does* — a token page that has just minted a token shows it, a
//! backup-codes page shows the codes — whatever language the page is in and however it is worded.
//!
//! Each detector reads the page's visible text as the person sees it (case kept) and is bounded:
//! one pass over the text, work per token capped.

/// Tokens longer than this are data (a blob, an inline image), not a credential someone copies.
const MAX_TOKEN: usize = 400;

/// Splits visible text into tokens: runs of characters that can be part of a secret.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '=' | '.' | '~')))
        .map(|t| t.trim_end_matches(['.', '-', '=']).trim_start_matches(['.', '-']))
        .filter(|t| !t.is_empty() && t.len() <= MAX_TOKEN)
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

/// A credential is shown on the page: a token with a known issuer's prefix (`data/catalog/secrets.txt`),
/// a JWT, a private key, or a random-looking string of credential length.
pub fn secret_shown(text: &str, prefixes: &[&str]) -> bool {
    // A private key's armour followed by its body (articles quote the armour with "…").
    if let Some(at) = text.find("PRIVATE KEY-----") {
        let body = text.get(at + 16..).unwrap_or_default();
        let longest = body.chars().take(400).collect::<String>().split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))).map(str::len).max().unwrap_or(0);
        if longest >= 40 {
            return true;
        }
    }
    // After an issuer's prefix, a real token has many distinct characters; documentation writes
    // `ghp_xxxxxxxxxxxx` or `sk_live_...`.
    let varied = |rest: &str| {
        let mut seen = [false; 128];
        rest.bytes().for_each(|b| {
            if let Some(s) = seen.get_mut(usize::from(b & 0x7f)) {
                *s = true;
            }
        });
        seen.iter().filter(|s| **s).count() >= 8
    };
    tokens(text).any(|t| {
        (t.len() >= 16 && prefixes.iter().any(|p| t.len() > p.len() + 8 && t.strip_prefix(p).is_some_and(varied)))
            || (t.starts_with("eyJ") && t.matches('.').count() == 2 && t.len() > 40)
            || random_looking(t)
    })
}

/// An authenticator's setup key is shown: an `otpauth://` URI, or a base32 secret (letters and the
/// digits 2–7, one case), whole or in groups of four ("JBSW Y3DP EHPK 3PXP").
pub fn totp_setup_key_shown(text: &str) -> bool {
    if text.contains("otpauth://") {
        return true;
    }
    let base32 = |t: &str, group: bool| {
        let upper = t.bytes().all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b));
        let lower = t.bytes().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b));
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        (upper || lower) && (group || digits >= 2)
    };
    for line in text.lines() {
        // Whole: 16–64 characters with some digits (a word in capitals has none).
        if line.split_whitespace().any(|t| (16..=64).contains(&t.len()) && base32(t, false)) {
            return true;
        }
        // Grouped: four or more groups of four, and digits among them. Products print the key
        // for typing, sometimes outside the strict base32 alphabet; one case is what tells it
        // from an app password.
        let group = |t: &str| t.len() == 4 && (t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) || t.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())) && t.bytes().any(|b| b.is_ascii_alphabetic());
        let mut run = 0;
        let mut digits = 0;
        for t in line.split_whitespace() {
            if group(t) {
                run += 1;
                digits += t.bytes().filter(u8::is_ascii_digit).count();
                if run >= 4 && digits >= 2 {
                    return true;
                }
            } else {
                run = 0;
                digits = 0;
            }
        }
    }
    false
}

/// How many distinct recovery-code-shaped tokens the page shows: `abcde-12345`, `1234 5678`,
/// `1234-5678`, ten-character codes of letters and digits, eight-digit numbers. A page that shows
/// five or more is showing a set of backup codes.
pub fn recovery_codes_shown(text: &str) -> usize {
    let mut codes: Vec<String> = Vec::new();
    let alnum_code = |t: &str| {
        let letters = t.bytes().filter(u8::is_ascii_alphabetic).count();
        let digits = t.bytes().filter(u8::is_ascii_digit).count();
        t.bytes().all(|b| b.is_ascii_alphanumeric()) && letters >= 1 && digits >= 1 && !(t.bytes().any(|b| b.is_ascii_uppercase()) && t.bytes().any(|b| b.is_ascii_lowercase()))
    };
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut i = 0;
        while let Some(w) = words.get(i) {
            let w = w.trim_matches(|c: char| matches!(c, ',' | ';' | '.' | '(' | ')' | '•' | '·'));
            let mut found: Option<String> = None;
            // 1234 5678 (two groups of four digits).
            if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
                if let Some(next) = words.get(i + 1).filter(|n| n.len() == 4 && n.bytes().all(|b| b.is_ascii_digit())) {
                    found = Some(format!("{w} {next}"));
                    i += 1;
                }
            } else if let Some((a, b)) = w.split_once('-') {
                let part = |p: &str| (4..=6).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_alphanumeric());
                if part(a) && part(b) && !b.contains('-') && (alnum_code(&format!("{a}{b}")) || w.bytes().filter(u8::is_ascii_digit).count() >= 8) {
                    found = Some(w.to_string());
                }
            } else if (w.len() == 8 && w.bytes().all(|b| b.is_ascii_digit())) || ((8..=12).contains(&w.len()) && alnum_code(w) && w.bytes().filter(u8::is_ascii_digit).count() >= 2) {
                found = Some(w.to_string());
            }
            if let Some(code) = found {
                if !codes.contains(&code) {
                    codes.push(code);
                    if codes.len() >= 32 {
                        return codes.len();
                    }
                }
            }
            i += 1;
        }
    }
    codes.len()
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
        assert!(secret_shown("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----", PREFIXES));
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
        assert!(!secret_shown("ghp_ followed by the token", PREFIXES), "a prefix alone, as docs write it");
        assert!(!secret_shown("export TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxx", PREFIXES), "a placeholder token");
    }

    #[test]
    fn setup_keys_and_recovery_codes() {
        assert!(totp_setup_key_shown("Can't scan? Enter this key:\nJBSW Y3DP EHPK 3PXP"));
        assert!(totp_setup_key_shown("Clé secrète : P7KQ 2XZM 4LNR 8TBW"));
        assert!(totp_setup_key_shown("Secret: JBSWY3DPEHPK3PXPJBSWY3DP"));
        assert!(totp_setup_key_shown("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP"));
        assert!(!totp_setup_key_shown("TWO FACTOR AUTHENTICATION SETTINGS"));
        assert!(!totp_setup_key_shown("THIS IS NOT A KEY JUST WORDS"));
        let github = "Recovery codes\n5f2a1-9c4d0\n8b7e3-1a6f2\nc0d4e-77b19\n2e9f8-a3c51\n91b0d-6e2a4\n4c7d1-0f8e3";
        assert_eq!(recovery_codes_shown(github), 6);
        let google = "Backup codes\n1234 5678   2345 6789\n3456 7890   4567 8901\n5678 9012";
        assert_eq!(recovery_codes_shown(google), 5);
        assert!(recovery_codes_shown("Call us at 0800-1234 or order 12345678 today. Version 2024-05.") < 5);
    }
}
