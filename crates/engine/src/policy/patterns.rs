//! The policy's patterns: hosts and account-name globs (URL patterns are the catalog's, `UrlPattern`).

use crate::catalog::is_label;

/// `example.com` (that host) or `*.example.com` (it and every subdomain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    suffix: String,
    subdomains: bool,
}

impl HostPattern {
    pub fn parse(s: &str) -> Result<HostPattern, String> {
        let lower = s.trim().to_ascii_lowercase();
        let (subdomains, host) = match lower.strip_prefix("*.") {
            Some(h) => (true, h.to_string()),
            None => (false, lower.clone()),
        };
        if subdomains && !host.contains('.') {
            return Err(format!("'{s}' would cover every host under '.{host}'; name a domain, e.g. '*.corp.example'"));
        }
        if host.len() <= 253 && host.split('.').all(is_label) {
            Ok(HostPattern { suffix: host, subdomains })
        } else {
            Err(format!(
                "'{s}' is not a host pattern; write a host name like 'corp.example' or '*.corp.example' (no scheme, path or port; punycode for international names)"
            ))
        }
    }

    /// The host, without any `*.`.
    pub fn host(&self) -> &str {
        &self.suffix
    }

    pub fn matches(&self, host: &str) -> bool {
        host == self.suffix
            || (self.subdomains
                && host.len() > self.suffix.len()
                && host.ends_with(&self.suffix)
                && host.get(..host.len() - self.suffix.len()).is_some_and(|p| p.ends_with('.')))
    }
}

impl std::fmt::Display for HostPattern {
    /// As the policy writes it: `corp.example` or `*.corp.example`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.subdomains {
            write!(f, "*.{}", self.suffix)
        } else {
            f.write_str(&self.suffix)
        }
    }
}

/// An account-name glob, case-insensitive: `*` any run of characters, `?` exactly one.
///
/// The literal text before the first and after the last wildcard is kept apart, so that almost
/// every word of a page is turned down by a length, prefix and suffix check before any globbing:
/// a page of megabytes costs a few comparisons per word and pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountPattern {
    glob: Vec<char>,
    prefix: String,
    suffix: String,
    /// Bytes any match has at least (literals, and one per `?`).
    min_len: usize,
    wild: bool,
}

/// Account names longer than this are not names (an e-mail address has at most 254 characters).
pub(super) const MAX_ACCOUNT: usize = 256;

impl AccountPattern {
    pub fn parse(s: &str) -> Result<AccountPattern, String> {
        let t = s.trim().to_ascii_lowercase();
        if t.is_empty() || t.chars().count() > MAX_ACCOUNT || t.contains(char::is_whitespace) {
            return Err(format!("'{s}' is not an account pattern; write one name without spaces, e.g. '*-admin@corp.example' or 'root'"));
        }
        if t.chars().filter(|c| !matches!(c, '*' | '?')).count() < 3 {
            return Err(format!("'{s}' would match almost any word; keep at least 3 literal characters, e.g. '*-admin@corp.example'"));
        }
        let is_wild = |c: char| matches!(c, '*' | '?');
        let prefix = t.split(is_wild).next().unwrap_or_default().to_string();
        let suffix = t.rsplit(is_wild).next().unwrap_or_default().to_string();
        let min_len = t.chars().filter(|c| *c != '*').map(char::len_utf8).sum();
        Ok(AccountPattern { wild: t.contains(is_wild), glob: t.chars().collect(), prefix, suffix, min_len })
    }

    /// `name` must already be ASCII-lower-cased.
    pub(super) fn matches_lower(&self, name: &str) -> bool {
        if !self.wild {
            return name == self.prefix;
        }
        name.len() >= self.min_len && name.starts_with(&self.prefix) && name.ends_with(&self.suffix) && glob(&self.glob, &name.chars().collect::<Vec<_>>())
    }

    pub fn matches(&self, name: &str) -> bool {
        self.matches_lower(&name.to_ascii_lowercase())
    }
}

/// Iterative wildcard match with one backtrack point: O(len(p) × len(s)) at worst, no recursion.
fn glob(p: &[char], s: &[char]) -> bool {
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, si));
                pi += 1;
            }
            Some(&c) if c == '?' || Some(&c) == s.get(si) => {
                pi += 1;
                si += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    pi = sp + 1;
                    si = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns() {
        for bad in ["*.com", "*", "*.", "https://corp.example", "corp.example:443", "corp.example/x", "c_rp.example", "."] {
            assert!(HostPattern::parse(bad).is_err(), "{bad}");
        }
        assert!(HostPattern::parse("*.co.uk").is_ok() && HostPattern::parse("intranet").is_ok());
        let p = HostPattern::parse("*.corp.example").unwrap();
        assert!(p.matches("corp.example") && p.matches("sso.corp.example") && !p.matches("evilcorp.example"));
        let exact = HostPattern::parse("corp.example").unwrap();
        assert!(exact.matches("corp.example") && !exact.matches("sso.corp.example"));
    }

    /// (pattern, name, matches)
    #[test]
    fn account_patterns_table() {
        let cases = [
            ("*-admin@corp.example", "jo-admin@corp.example", true),
            ("*-admin@corp.example", "JO-ADMIN@Corp.Example", true),
            ("*-admin@corp.example", "jo@corp.example", false),
            ("*-admin@corp.example", "jo-admin@corp.example.evil", false),
            ("root", "root", true),
            ("root", "rooted", false),
            ("svc-???", "svc-ci1", true),
            ("svc-???", "svc-ci12", false),
            ("corp\\adm-*", "CORP\\adm-jo", true),
            ("*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
        ];
        for (p, name, want) in cases {
            assert_eq!(AccountPattern::parse(p).unwrap().matches(name), want, "{p} vs {name}");
        }
        for bad in ["*", "*@*", "a?*", "two words", ""] {
            assert!(AccountPattern::parse(bad).is_err(), "{bad}");
        }
    }
}
