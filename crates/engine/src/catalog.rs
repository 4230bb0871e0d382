//! The built-in catalog of real services (data under `data/catalog/`), loaded once per engine.

use crate::data::{packed_rows, CATALOG, PUBLIC_SUFFIX_LIST};

/// A brand and the registrable domains that really belong to it.
#[derive(Debug, Clone)]
pub struct Brand {
    pub name: String,
    pub domains: Vec<String>,
    /// A dictionary word (`box`, `zoom`): only its domains count, never the word inside a host.
    pub generic: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Shared between engines: it never changes (each TLD's rules are parsed once, on first use).
    suffixes: std::sync::Arc<Suffixes>,
    brands: Vec<Brand>,
    mail: Vec<Shape>,
    chat: Vec<Shape>,
    redirectors: Vec<Shape>,
    device_pages: Vec<Shape>,
    scopes: Vec<(String, String)>,
    /// Scope names that hold punctuation (`read:org`, `Mail.ReadWrite`, `offline_access`), lower
    /// case and sorted, for finding them in a consent page's text; plain words (`repo`, `api`)
    /// are not looked for there.
    scope_words: Vec<(String, ScopeLevel)>,
    flow_pages: Vec<Shape>,
    app_paths: Vec<AppPath>,
    secret_prefixes: Vec<&'static str>,
    key_ids: Vec<&'static str>,
    self_hosted: Vec<&'static str>,
}

/// A path shape of an open-source product's flow page, on any host (`data/catalog/app_paths.txt`).
#[derive(Debug, Clone)]
struct AppPath {
    segments: Vec<&'static str>,
    query: Option<(&'static str, &'static str)>,
    flow: &'static str,
}

/// A catalog entry written as `host[/path-prefix]` (the host may start with `*.` or have one `*`
/// label) and what it stands for. Split once when the catalog is built: every lookup runs over every
/// entry, several times per page.
#[derive(Debug, Clone)]
struct Shape {
    host: String,
    path: String,
    /// The host pattern's literal end, after its last `*`: any host it matches ends with this, so
    /// most entries are rejected with one comparison.
    tail: String,
    value: String,
}

impl Shape {
    fn new(pattern: &str, value: String) -> Shape {
        let (host, path) = match pattern.find('/') {
            Some(i) => (pattern.get(..i).unwrap_or_default(), pattern.get(i..).unwrap_or_default()),
            None => (pattern, ""),
        };
        // `#/device` in a pattern stands for a client-side route; the fragment never reaches us.
        let path = path.split('#').next().unwrap_or_default();
        let tail = host.rsplit('*').next().unwrap_or_default().trim_start_matches('.');
        Shape { host: host.to_string(), path: path.to_string(), tail: tail.to_string(), value }
    }

    fn matches(&self, host: &str, path: &str) -> bool {
        host.ends_with(&self.tail) && host_matches(&self.host, host) && path_has_prefix(path, &self.path)
    }
}

/// What granting one OAuth scope hands over (`data/catalog/scopes.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeLevel {
    Profile,
    Token,
    Offline,
    Privileged,
}

impl Catalog {
    pub fn builtin() -> Catalog {
        let mut c = Catalog { suffixes: std::sync::Arc::new(Suffixes::builtin()), ..Catalog::default() };
        for (file, key, value) in packed_rows(CATALOG) {
            let shape = || Shape::new(key, value.to_string());
            match file {
                // `!name`: a dictionary word or short name (data/catalog/brands.txt).
                "brands" => c.brands.push(Brand {
                    name: key.trim_start_matches('!').to_string(),
                    domains: value.split_whitespace().map(str::to_string).collect(),
                    generic: key.starts_with('!'),
                }),
                "mail" => c.mail.push(shape()),
                "chat" => c.chat.push(shape()),
                "redirectors" => c.redirectors.push(shape()),
                "device_pages" => c.device_pages.push(shape()),
                "flow_pages" => c.flow_pages.push(shape()),
                "scopes" => c.scopes.push((key.to_ascii_lowercase(), value.to_string())),
                "app_paths" => {
                    let (path, query) = key.split_once('?').map_or((key, None), |(p, q)| (p, q.split_once('=')));
                    c.app_paths.push(AppPath { segments: path.split('/').filter(|s| !s.is_empty()).collect(), query, flow: value });
                }
                "secrets" => c.secret_prefixes.push(key),
                "key_ids" => c.key_ids.push(key),
                "self_hosted" => c.self_hosted.push(key),
                _ => {}
            }
        }
        c.index_scope_words();
        c
    }

    fn index_scope_words(&mut self) {
        let mut words: Vec<(String, ScopeLevel)> = Vec::new();
        for (k, _) in &self.scopes {
            if k.contains([':', '.', '_', '/']) && !words.iter().any(|(w, _)| w == k) {
                if let Some(level) = self.scope_level(k) {
                    words.push((k.clone(), level));
                }
            }
        }
        words.sort_by(|a, b| a.0.cmp(&b.0));
        self.scope_words = words;
    }

    /// The level of a scope name found in page text (any case), if it is one of the punctuated names.
    pub fn scope_word_level(&self, word: &str) -> Option<ScopeLevel> {
        let lower = |s: &str| s.bytes().map(|b| b.to_ascii_lowercase()).collect::<Vec<u8>>();
        let want = lower(word);
        let i = self.scope_words.binary_search_by(|(k, _)| k.as_bytes().cmp(want.as_slice())).ok()?;
        self.scope_words.get(i).map(|(_, l)| *l)
    }

    /// The flow an open-source product performs at this path (and query), on any host.
    pub fn app_path_flow(&self, path: &str, query: &[(String, String)]) -> Option<&'static str> {
        let have: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        self.app_paths
            .iter()
            .find(|a| {
                a.segments.len() <= have.len()
                    && a.segments.iter().zip(&have).all(|(w, h)| *w == "*" || w.eq_ignore_ascii_case(h) || localized_special(w, h))
                    && a.query.map_or(true, |(k, v)| query.iter().any(|(qk, qv)| qk == k && qv.eq_ignore_ascii_case(v)))
            })
            .map(|a| a.flow)
    }

    /// Organisations serve this brand's software under their own domains (`data/catalog/self_hosted.txt`).
    pub fn self_hosted(&self, brand: &str) -> bool {
        self.self_hosted.contains(&brand)
    }

    /// Prefixes that begin a key's id, not its secret (`data/catalog/key_ids.txt`).
    pub fn key_ids(&self) -> &[&'static str] {
        &self.key_ids
    }

    /// Prefixes issuers put on the credentials they mint (`data/catalog/secrets.txt`).
    pub fn secret_prefixes(&self) -> &[&'static str] {
        &self.secret_prefixes
    }

    /// Adds what the organisation's policy knows, ahead of the built-in entries so that its word
    /// wins where both speak: `catalog` services (domains as a brand, flow and device pages) and
    /// scopes, and the registrable domains of `identity_providers` as the organisation's own brand
    /// (so look-alikes of its sign-in are flagged and its IdP hosts never are).
    pub fn add_policy(&mut self, policy: &crate::policy::Policy) {
        let mut brands: Vec<Brand> = Vec::new();
        for s in &policy.catalog.services {
            let domains: Vec<String> = s.domains.iter().map(|d| crate::site::registrable_domain(&self.suffixes, d)).collect();
            if !domains.is_empty() {
                brands.push(Brand { generic: s.brand.len() < 4, name: s.brand.clone(), domains });
            }
            let pages = s.flow_pages.iter().map(|(u, f)| Shape::new(u.as_str(), f.as_str().to_string()));
            prepend(&mut self.flow_pages, pages.collect());
            prepend(&mut self.device_pages, s.device_pages.iter().map(|u| Shape::new(u.as_str(), s.name.clone())).collect());
        }
        let levels = policy.catalog.scopes.iter().map(|(k, l)| {
            let l = match l {
                ScopeLevel::Profile => "profile",
                ScopeLevel::Token => "token",
                ScopeLevel::Offline => "offline",
                ScopeLevel::Privileged => "privileged",
            };
            (k.clone(), l.to_string())
        });
        prepend(&mut self.scopes, levels.collect());
        self.index_scope_words();
        let idp = &policy.identity_providers;
        for host in idp.hosts.iter().map(|h| h.host()).chain(idp.email_domains.iter().map(String::as_str)) {
            let reg = crate::site::registrable_domain(&self.suffixes, host);
            let name = reg.split('.').next().unwrap_or_default().to_string();
            if self.owner_of(&reg).is_some() || brands.iter().any(|b| b.domains.contains(&reg)) || name.is_empty() {
                continue;
            }
            match brands.iter_mut().find(|b| b.name == name) {
                Some(b) => b.domains.push(reg),
                None => brands.push(Brand { generic: name.len() < 4, name, domains: vec![reg] }),
            }
        }
        prepend(&mut self.brands, brands);
    }

    pub fn suffixes(&self) -> &Suffixes {
        &self.suffixes
    }

    pub fn brands(&self) -> impl Iterator<Item = &Brand> {
        self.brands.iter()
    }

    /// The brand that owns registrable domain `reg`, if any.
    pub fn owner_of(&self, reg: &str) -> Option<&Brand> {
        self.brands.iter().find(|b| b.domains.iter().any(|d| d == reg || is_subdomain_of(reg, d)))
    }

    pub fn mail_for(&self, host_path: &str) -> Option<&str> {
        lookup(&self.mail, host_path)
    }
    pub fn chat_for(&self, host_path: &str) -> Option<&str> {
        lookup(&self.chat, host_path)
    }
    pub fn redirector_for(&self, host_path: &str) -> Option<&str> {
        lookup(&self.redirectors, host_path)
    }
    /// The level of a scope by its documented name, case-insensitively.
    pub fn scope_level(&self, scope: &str) -> Option<ScopeLevel> {
        let scope = scope.to_ascii_lowercase();
        self.scopes.iter().find(|(k, _)| *k == scope).and_then(|(_, v)| match v.as_str() {
            "profile" => Some(ScopeLevel::Profile),
            "token" => Some(ScopeLevel::Token),
            "offline" => Some(ScopeLevel::Offline),
            "privileged" => Some(ScopeLevel::Privileged),
            _ => None,
        })
    }

    /// The flow a real service performs at this URL shape, if the catalog knows it.
    pub fn flow_page_for(&self, host_path: &str) -> Option<&str> {
        lookup(&self.flow_pages, host_path)
    }

    /// Distinct registrable domains the URL-shape catalog covers (for the ≥ 40 services check).
    #[cfg(test)]
    pub fn flow_page_services(&self) -> usize {
        let mut hosts: Vec<String> = self
            .flow_pages
            .iter()
            .map(|e| {
                let host = e.host.trim_start_matches("*.");
                crate::site::registrable_domain(&self.suffixes, host)
            })
            .collect();
        hosts.sort();
        hosts.dedup();
        hosts.len()
    }

    pub fn device_page_for(&self, host_path: &str) -> Option<&str> {
        lookup(&self.device_pages, host_path)
    }
}

/// MediaWiki names its special pages in the wiki's language (`Spezial:`, `Служебная:` percent-encoded
/// in the path): `Special:BotPasswords` matches any namespace before the page's own name.
fn localized_special(want: &str, have: &str) -> bool {
    let Some(page) = want.strip_prefix("Special:") else { return false };
    have.rsplit_once(':').is_some_and(|(_, name)| name.eq_ignore_ascii_case(page))
        || have.rsplit_once("%3A").or_else(|| have.rsplit_once("%3a")).is_some_and(|(_, name)| name.eq_ignore_ascii_case(page))
}

/// Puts `front` before the entries of `v`: the first match wins in every lookup.
fn prepend<T>(v: &mut Vec<T>, mut front: Vec<T>) {
    front.append(v);
    *v = front;
}

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

    /// The registrable domain (eTLD+1) of an ASCII host; `None` when it has none.
    pub(crate) fn domain<'a>(&self, host: &'a str) -> Option<&'a [u8]> {
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

/// Matches `host/path` against entries written as `host[/path-prefix]`, where the host may start
/// with `*.` or contain one `*` label (`device.sso.*.amazonaws.com`).
fn lookup<'a>(table: &'a [Shape], host_path: &str) -> Option<&'a str> {
    let (host, path) = match host_path.find('/') {
        Some(i) => (host_path.get(..i).unwrap_or_default(), host_path.get(i..).unwrap_or_default()),
        None => (host_path, ""),
    };
    table.iter().find(|e| e.matches(host, path)).map(|e| e.value.as_str())
}

/// Whether `host` + `path` is at the entry written as `pattern` (policy validation uses this).
pub(crate) fn entry_matches(pattern: &str, host: &str, path: &str) -> bool {
    let (phost, ppath) = match pattern.find('/') {
        Some(i) => (pattern.get(..i).unwrap_or_default(), pattern.get(i..).unwrap_or_default()),
        None => (pattern, ""),
    };
    host_matches(phost, host) && path_has_prefix(path, ppath.split('#').next().unwrap_or_default())
}

/// Segment-wise prefix match; a `*` segment in the pattern matches any one segment.
fn path_has_prefix(path: &str, prefix: &str) -> bool {
    let mut have = path.split('/').filter(|s| !s.is_empty());
    for want in prefix.split('/').filter(|s| !s.is_empty()) {
        match have.next() {
            Some(seg) if want == "*" || seg.eq_ignore_ascii_case(want) => {}
            _ => return false,
        }
    }
    true
}

// Called for every catalog entry on every lookup (several per page): compares in place, without
// allocating.
fn host_matches(pattern: &str, host: &str) -> bool {
    if let Some(suffix) = pattern.strip_prefix("*.") {
        return host == suffix || is_subdomain_of(host, suffix);
    }
    let (mut p, mut h) = (pattern.split('.'), host.split('.'));
    loop {
        match (p.next(), h.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == "*" || a == b => {}
            _ => return false,
        }
    }
}

/// `host` is a strict subdomain of `domain` (`host` ends with `.domain`).
fn is_subdomain_of(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.'))
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn host_patterns_match_whole_labels() {
        assert!(host_matches("*.example.com", "example.com"));
        assert!(host_matches("*.example.com", "a.b.example.com"));
        assert!(!host_matches("*.example.com", "badexample.com"));
        assert!(!host_matches("*.example.com", "example.com.evil"));
        assert!(host_matches("device.sso.*.amazonaws.com", "device.sso.eu-west-1.amazonaws.com"));
        assert!(!host_matches("device.sso.*.amazonaws.com", "device.sso.amazonaws.com"));
        assert!(!host_matches("device.sso.*.amazonaws.com", "x.device.sso.eu-west-1.amazonaws.com"));
        assert!(host_matches("github.com", "github.com"));
        assert!(!host_matches("github.com", "gist.github.com"));
        assert!(!host_matches("github.com", "github.co"));
        assert!(is_subdomain_of("accounts.google.com", "google.com"));
        assert!(!is_subdomain_of("notgoogle.com", "google.com"));
        assert!(!is_subdomain_of("google.com", "google.com"));
    }

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
        let mut hosts: Vec<String> = ["", ".", "..", "com", "com.", "example.com", "example.com.", "b.a.co.uk.", "a..com", "localhost", "127.0.0.1", "x.unknowntld", "a.b.c.d.e.f", "EXAMPLE.COM", "xn--80ak6aa92e.com"]
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
        assert_eq!(crate::site::registrable_domain(&fresh, "login.example.co.uk"), "example.co.uk");
        assert_eq!(fresh.tlds.iter().filter(|t| t.2.get().is_some()).map(|t| t.0).collect::<Vec<_>>(), ["uk"]);
    }

    #[test]
    fn catalog_has_enough_and_matches_shapes() {
        let c = Catalog::builtin();
        assert!(c.brands().count() >= 40);
        assert_eq!(c.scope_level("Directory.ReadWrite.All"), Some(ScopeLevel::Privileged));
        assert_eq!(c.scope_level("offline_access"), Some(ScopeLevel::Offline));
        assert_eq!(c.scope_level("repo"), Some(ScopeLevel::Token));
        assert_eq!(c.scope_level("openid"), Some(ScopeLevel::Profile));
        for (_, level) in &c.scopes {
            assert!(matches!(level.as_str(), "profile" | "token" | "offline" | "privileged"), "scopes.txt: unknown level {level}");
        }
        assert_eq!(c.device_page_for("github.com/login/device"), Some("GitHub"));
        assert_eq!(c.device_page_for("github.com/login/device/select_account"), Some("GitHub"));
        assert_eq!(c.device_page_for("github.com/login/devices"), None);
        assert_eq!(c.device_page_for("device.sso.eu-west-1.amazonaws.com/"), Some("AWS IAM Identity Center"));
        assert_eq!(c.device_page_for("www.microsoft.com/devicelogin"), Some("Microsoft"));
        assert!(c.owner_of("github.com").is_some());
        assert_eq!(c.flow_page_for("github.com/acme/api/settings/keys/new"), Some("credential_reissue"));
        assert_eq!(c.flow_page_for("login.microsoftonline.com/common/oauth2/v2.0/authorize"), Some("oauth_consent"));
        assert_eq!(c.flow_page_for("github.com/acme"), None);
        // Open-source products' paths on any host, MediaWiki's special pages in any language.
        assert_eq!(c.app_path_flow("/wiki/Special:BotPasswords", &[]), Some("credential_reissue"));
        assert_eq!(c.app_path_flow("/wiki/Spezial:BotPasswords", &[]), Some("credential_reissue"));
        assert_eq!(c.app_path_flow("/wiki/%D0%A1%D0%BB%D1%83%D0%B6%D0%B5%D0%B1%D0%BD%D0%B0%D1%8F:DisableOATHForUser", &[]), Some("access_approval"));
        assert_eq!(c.app_path_flow("/wiki/Special_pages", &[]), None);
        assert_eq!(c.app_path_flow("/wp-login.php", &[("action".into(), "lostpassword".into())]), Some("password_reset"));
        assert_eq!(c.app_path_flow("/wp-login.php", &[]), None);
        assert!(c.flow_page_services() >= 40, "URL shapes cover only {} services", c.flow_page_services());
        for e in &c.flow_pages {
            let flow = &e.value;
            assert!(crate::verdict::Flow::parse(flow).is_some_and(|f| f != crate::verdict::Flow::None), "flow_pages.txt: unknown flow {flow}");
        }
        assert!(c.owner_of("evilgithub.com").is_none());
        assert_eq!(crate::site::registrable_domain(c.suffixes(), "a.b.example.co.uk"), "example.co.uk");
        assert_eq!(crate::site::registrable_domain(c.suffixes(), "evil.github.io"), "evil.github.io");
        assert_eq!(crate::site::registrable_domain(c.suffixes(), "accounts.google.com.verify-consent.app"), "verify-consent.app");
    }
}
