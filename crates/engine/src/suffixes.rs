//! The Public Suffix List (data/public_suffix_list.dat, compiled in by `build.rs`): which part of a
//! host is the registrable domain (`github.com.evil.app` is `evil.app`'s).

use crate::data::PUBLIC_SUFFIX_LIST;

/// The Public Suffix List, each top-level domain's rules parsed the first time a host under it is
/// looked up. `publicsuffix` starts every lookup at the host's last label and only ever follows
/// rules under it, so one TLD's rules give the same answers for its hosts as the whole list
/// (`lazy_suffixes_answer_as_the_whole_list` checks every rule). A starting engine needs the rules
/// of a page's TLD or two, not all 9,000: parsing them all was about a third of building the tables
/// in the wasm, on every service-worker start.
#[derive(Debug, Default)]
pub struct Suffixes {
    /// Sorted by TLD: (TLD, this TLD's groups in `groups`, its rules once parsed).
    tlds: Vec<(&'static str, std::ops::Range<usize>, std::sync::OnceLock<publicsuffix::List>)>,
    /// (private section, parent, heads) from the grouped list as `build.rs` stores it, by TLD.
    groups: Vec<(bool, &'static str, &'static str)>,
}

impl Suffixes {
    /// Indexes the compiled-in list by TLD (`build.rs` orders its groups by TLD); parses nothing.
    /// Rules of one label (`com`) are left out: `publicsuffix` takes a host's last label as a suffix
    /// whether or not the list names it, so they never change a registrable domain.
    pub fn builtin() -> Suffixes {
        let mut out = Suffixes::default();
        for line in PUBLIC_SUFFIX_LIST.lines() {
            let (private, line) = line.strip_prefix('+').map_or((false, line), |l| (true, l));
            let Some((parent, heads)) = line.split_once(':').filter(|(p, _)| !p.is_empty()) else { continue };
            let tld = parent.rsplit('.').next().unwrap_or(parent);
            let i = out.groups.len();
            match out.tlds.last_mut() {
                Some(last) if last.0 == tld => last.1.end = i + 1,
                _ => out.tlds.push((tld, i..i + 1, std::sync::OnceLock::new())),
            }
            out.groups.push((private, parent, heads));
        }
        out
    }

    /// The parsed rules for `host`'s last label; `None` when the list has none (then the implicit
    /// `*` rule applies, as it does in the whole list).
    fn rules_for(&self, host: &str) -> Option<&publicsuffix::List> {
        // The label `publicsuffix` starts at: the last, or the one before a final dot.
        let tld = host.strip_suffix('.').unwrap_or(host).rsplit('.').next()?;
        let i = self.tlds.binary_search_by(|t| t.0.cmp(tld)).ok()?;
        let (_, range, parsed) = self.tlds.get(i)?;
        Some(parsed.get_or_init(|| {
            let mut text = String::new();
            for &(private, parent, heads) in self.groups.get(range.clone()).unwrap_or_default() {
                text.push_str(if private { "// ===BEGIN PRIVATE DOMAINS===\n" } else { "// ===BEGIN ICANN DOMAINS===\n" });
                push_rules(&mut text, parent, heads);
            }
            // The list is compiled in and checked by unit tests; were a TLD's rules ever
            // unparsable, its hosts would fall back to the implicit `*` rule rather than crash.
            text.parse().unwrap_or_default()
        }))
    }

    /// The list names `label` as a top-level domain with rules under it (`com`, `fr`, `co`; a TLD
    /// with no multi-label rules is not indexed and answers false).
    pub fn is_listed_tld(&self, label: &str) -> bool {
        self.tlds.binary_search_by(|t| t.0.cmp(label)).is_ok()
    }

    /// The registrable domain (eTLD+1) of an ASCII host per the list; the host itself when it has
    /// none (an IP address, `localhost`, a bare suffix).
    pub fn registrable(&self, host: &str) -> String {
        self.domain(host).and_then(|d| std::str::from_utf8(d).ok().map(str::to_string)).unwrap_or_else(|| host.to_string())
    }

    /// The registrable domain (eTLD+1) of an ASCII host; `None` when it has none.
    fn domain<'a>(&self, host: &'a str) -> Option<&'a [u8]> {
        use publicsuffix::Psl;
        let empty;
        let list = match self.rules_for(host) {
            Some(l) => l,
            None => {
                empty = publicsuffix::List::new();
                &empty
            }
        };
        let start = host.len().checked_sub(list.domain(host.as_bytes())?.as_bytes().len())?;
        host.as_bytes().get(start..)
    }
}

/// `head.parent` for each head of a grouped line (just `head` for a TLD), one rule a line.
fn push_rules(out: &mut String, parent: &str, heads: &str) {
    for head in heads.split(' ') {
        out.push_str(head);
        if !parent.is_empty() {
            out.push('.');
            out.push_str(parent);
        }
        out.push('\n');
    }
}

/// The Public Suffix List as `publicsuffix` reads it, from the grouped form `build.rs` stores.
#[cfg(test)]
fn expand_suffixes(grouped: &str) -> String {
    let mut out = String::with_capacity(grouped.len() * 2);
    for line in grouped.lines() {
        let (private, line) = line.strip_prefix('+').map_or((false, line), |l| (true, l));
        let Some((parent, heads)) = line.split_once(':') else { continue };
        out.push_str(if private { "// ===BEGIN PRIVATE DOMAINS===\n" } else { "// ===BEGIN ICANN DOMAINS===\n" });
        push_rules(&mut out, parent, heads);
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// The grouped Public Suffix List expands to exactly the official rules, each in its section
    /// (ICANN or private), and is ordered by TLD as `Suffixes::builtin` needs.
    #[test]
    fn suffix_list_grouping_is_lossless() {
        let rules = |text: &str| -> Vec<(bool, String)> {
            let mut section = None;
            let mut out = Vec::new();
            for l in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if l.contains("===BEGIN ICANN") {
                    section = Some(false);
                } else if l.contains("===BEGIN PRIVATE") {
                    section = Some(true);
                } else if l.contains("===END") {
                    section = None;
                } else if let (Some(private), false) = (section, l.starts_with("//")) {
                    out.push((private, l.to_string()));
                }
            }
            out.sort();
            out
        };
        let official = rules(include_str!("../data/public_suffix_list.dat"));
        assert!(official.len() > 5000);
        assert_eq!(rules(&expand_suffixes(PUBLIC_SUFFIX_LIST)), official);
        assert!(PUBLIC_SUFFIX_LIST.len() * 10 < include_str!("../data/public_suffix_list.dat").len() * 6);
        let s = Suffixes::builtin();
        assert!(s.tlds.len() > 200 && s.tlds.windows(2).all(|w| w[0].0 < w[1].0), "groups not ordered by TLD");
    }

    /// Parsed one TLD at a time, the list answers as the whole list parsed at once: for hosts made
    /// from every rule (wildcards filled in, exceptions, one and two labels more), TLDs it does not
    /// have, and odd hosts.
    #[test]
    fn lazy_suffixes_answer_as_the_whole_list() {
        use publicsuffix::Psl;
        let whole: publicsuffix::List = include_str!("../data/public_suffix_list.dat").parse().unwrap_or_default();
        assert!(!whole.is_empty());
        let lazy = Suffixes::builtin();
        let mut hosts: Vec<String> = [
            "",
            ".",
            "..",
            "com",
            "com.",
            "example.com",
            "example.com.",
            "b.a.co.uk.",
            "a..com",
            "localhost",
            "127.0.0.1",
            "x.unknowntld",
            "a.b.c.d.e.f",
            "EXAMPLE.COM",
            "xn--80ak6aa92e.com",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect();
        for rule in include_str!("../data/public_suffix_list.dat").lines().map(str::trim).filter(|l| !l.starts_with("//") && !l.is_empty()) {
            let rule = rule.trim_start_matches('!').replace('*', "wild");
            for prefix in ["", "a.", "b.a."] {
                hosts.push(format!("{prefix}{rule}"));
            }
            hosts.push(format!("b.a.{rule}."));
        }
        assert!(hosts.len() > 36_000);
        for h in &hosts {
            let want = whole.domain(h.as_bytes()).map(|d| d.as_bytes().to_vec());
            assert_eq!(lazy.domain(h).map(<[u8]>::to_vec), want, "{h}");
        }
        // Only the TLDs looked up were parsed.
        let parsed = lazy.tlds.iter().filter(|t| t.2.get().is_some()).count();
        assert!(parsed > 200 && parsed <= lazy.tlds.len());
        let fresh = Suffixes::builtin();
        assert_eq!(fresh.registrable("login.example.co.uk"), "example.co.uk");
        assert_eq!(fresh.tlds.iter().filter(|t| t.2.get().is_some()).map(|t| t.0).collect::<Vec<_>>(), ["uk"]);
    }
}
