//! The built-in catalog of real services (data under `data/catalog/`), loaded once per engine, and
//! what an organisation adds to it ([`CatalogAdditions`], from its policy's `catalog` key, and its
//! own domains). Entries are written `host[/path-prefix]` ([`UrlPattern`]); the policy names its
//! privileged and token-backed apps in the same syntax.

use crate::data::{packed_rows, CATALOG};
use crate::suffixes::Suffixes;
use crate::verdict::Flow;

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

/// Services the organisation adds to the built-in catalog, as data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogAdditions {
    pub services: Vec<CatalogService>,
    /// OAuth scope (lower case) → what granting it hands over.
    pub scopes: Vec<(String, ScopeLevel)>,
}

/// One service: its name, the domains it owns, and the URL shapes of its flow pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogService {
    pub name: String,
    /// The word look-alike hosts would use (`acmevault`); empty when the service has no domains.
    pub brand: String,
    /// Registrable domains that really belong to the service.
    pub domains: Vec<String>,
    pub flow_pages: Vec<(UrlPattern, Flow)>,
    pub device_pages: Vec<UrlPattern>,
}

/// A URL pattern in the built-in catalog's syntax, `host[/path-prefix]`: the host may start with
/// `*.` or have `*` labels, a `*` path segment matches any one segment, the path is a prefix.
/// `https://` in front is accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlPattern(String);

impl UrlPattern {
    pub fn parse(s: &str) -> Result<UrlPattern, String> {
        let t = s.trim();
        let fix = "write it as host[/path-prefix], e.g. 'console.corp.example/admin' or '*.corp.example'";
        let lower = t.to_ascii_lowercase();
        let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
        let bad = |why: &str| Err(format!("'{s}': {why}; {fix}"));
        if rest.contains("://") {
            return bad("only http(s) URLs are assessed");
        }
        if rest.contains(['?', '#']) {
            return bad("a query or fragment is never matched");
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.contains(':') {
            return bad("ports are not matched");
        }
        let host_body = host.strip_prefix("*.").unwrap_or(host);
        if host.starts_with("*.") && !host_body.contains('.') {
            return bad("a '*.' pattern must name a domain, not a whole top-level domain");
        }
        if host.len() > 253 || !host_body.split('.').all(|l| l == "*" || is_label(l)) || host_body.split('.').all(|l| l == "*") {
            return bad("the host must be labels of letters, digits and '-', with '*' only as a whole label");
        }
        let mut segs: Vec<&str> = path.split('/').filter(|x| !x.is_empty()).collect();
        if segs.iter().any(|x| x.contains('*') && *x != "*" || x.contains(char::is_whitespace)) {
            return bad("a '*' stands for one whole path segment, and paths hold no spaces");
        }
        // A trailing `*` says "and below", which a prefix already means.
        while segs.last() == Some(&"*") {
            segs.pop();
        }
        let mut out = host.to_string();
        for x in segs {
            out.push('/');
            out.push_str(x);
        }
        Ok(UrlPattern(out))
    }

    /// The pattern as the catalog stores it (`host/path`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, host: &str, path: &str) -> bool {
        entry_matches(&self.0, host, path)
    }
}

/// One label of a host name: letters, digits and '-', 1 to 63 of them.
pub(crate) fn is_label(l: &str) -> bool {
    !l.is_empty() && l.len() <= 63 && l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
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

    /// Adds what the organisation knows, ahead of the built-in entries so that its word wins where
    /// both speak: its services (domains as a brand, flow and device pages) and scopes, and the
    /// registrable domains of `own_domains` — its identity providers' hosts and its accounts' e-mail
    /// domains — as its own brand (so look-alikes of its sign-in are flagged and its IdP hosts never
    /// are).
    pub fn add(&mut self, additions: &CatalogAdditions, own_domains: &[&str]) {
        let mut brands: Vec<Brand> = Vec::new();
        for s in &additions.services {
            let domains: Vec<String> = s.domains.iter().map(|d| self.suffixes.registrable(d)).collect();
            if !domains.is_empty() {
                brands.push(Brand { generic: s.brand.len() < 4, name: s.brand.clone(), domains });
            }
            let pages = s.flow_pages.iter().map(|(u, f)| Shape::new(u.as_str(), f.as_str().to_string()));
            prepend(&mut self.flow_pages, pages.collect());
            prepend(&mut self.device_pages, s.device_pages.iter().map(|u| Shape::new(u.as_str(), s.name.clone())).collect());
        }
        let levels = additions.scopes.iter().map(|(k, l)| {
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
        for &host in own_domains {
            let reg = self.suffixes.registrable(host);
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
                self.suffixes.registrable(host)
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

/// Matches `host/path` against entries written as `host[/path-prefix]`, where the host may start
/// with `*.` or contain one `*` label (`device.sso.*.amazonaws.com`).
fn lookup<'a>(table: &'a [Shape], host_path: &str) -> Option<&'a str> {
    let (host, path) = match host_path.find('/') {
        Some(i) => (host_path.get(..i).unwrap_or_default(), host_path.get(i..).unwrap_or_default()),
        None => (host_path, ""),
    };
    table.iter().find(|e| e.matches(host, path)).map(|e| e.value.as_str())
}

/// Whether `host` + `path` is at the entry written as `pattern` ([`UrlPattern::matches`]).
fn entry_matches(pattern: &str, host: &str, path: &str) -> bool {
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
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
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

    /// (pattern, accepted as, or the start of the error)
    #[test]
    fn url_patterns_table() {
        let ok = [
            ("console.corp.example/admin", "console.corp.example/admin"),
            ("https://Console.Corp.example/admin/*", "console.corp.example/admin"),
            ("http://vault.corp.example/", "vault.corp.example"),
            ("*.corp.example", "*.corp.example"),
            ("device.sso.*.amazonaws.com/start", "device.sso.*.amazonaws.com/start"),
            ("ci.corp.example/*/settings/tokens", "ci.corp.example/*/settings/tokens"),
        ];
        for (s, want) in ok {
            assert_eq!(UrlPattern::parse(s).map(|p| p.0), Ok(want.to_string()), "{s}");
        }
        let bad = [
            ("ftp://x.example/a", "only http(s)"),
            ("x.example/a?b=1", "query or fragment"),
            ("x.example/#/device", "query or fragment"),
            ("x.example:8443/a", "ports"),
            ("vault-*.corp.example", "the host"),
            ("*.*", "whole top-level domain"),
            ("*.com/admin", "whole top-level domain"),
            ("", "the host"),
            ("x.example/adm*", "whole path segment"),
            ("exa mple.com", "the host"),
        ];
        for (s, why) in bad {
            let e = UrlPattern::parse(s).unwrap_err();
            assert!(e.contains(why) && e.contains("host[/path-prefix]"), "{s}: {e}");
        }
        let p = UrlPattern::parse("ci.corp.example/*/settings/tokens").unwrap();
        assert!(p.matches("ci.corp.example", "/acme/settings/tokens/new"));
        assert!(!p.matches("ci.corp.example", "/acme/settings"));
        assert!(!p.matches("evil.example", "/acme/settings/tokens"));
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
        assert_eq!(c.suffixes().registrable("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(c.suffixes().registrable("evil.github.io"), "evil.github.io");
        assert_eq!(c.suffixes().registrable("accounts.google.com.verify-consent.app"), "verify-consent.app");
    }
}
