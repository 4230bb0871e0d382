//! Who a URL really belongs to, and whether it pretends to be someone else.
//!
//! The registrable domain comes from the Public Suffix List (`suffixes.rs`), so `github.com.evil.app`
//! is `evil.app`'s, and brand names are checked against the domains the catalog says each brand
//! owns. Edit distance is deliberately not used: it floods users with false alarms
//! (see eth-phishing-detect). We flag a brand name that stands as a whole label or hyphen-word of
//! someone else's domain, and internationalised labels that are mixed-script or whose UTS #39
//! confusable skeleton (the `unicode-security` crate, Unicode's own confusables data) equals a brand's.

use url::Url;

use crate::catalog::Catalog;
use crate::reasons::ReasonId;

/// Parses a URL as the engine needs it. Hosts must be ASCII (punycode for international names, as
/// browsers report them): the engine ships without Unicode IDNA tables (`idna_adapter` 1.0), and
/// rejecting here gives a clear error instead of relying on the adapter's behaviour for non-ASCII.
pub fn parse_url(raw: &str) -> Result<Url, String> {
    // The URL standard drops every tab and newline before parsing; so must this check.
    let cleaned: String = raw.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if let Some(authority) = authority_of(&cleaned) {
        // The host is after any user info; percent-escapes in it decode to arbitrary bytes.
        let host = authority.rsplit('@').next().unwrap_or(authority);
        if !host.is_ascii() || host.contains('%') {
            return Err(format!("the host '{host}' is not plain ASCII; give international names in punycode (xn--…), as browsers report them"));
        }
    }
    Url::parse(raw).map_err(|e| e.to_string())
}

/// The authority of an http(s) URL as the URL standard reads it for special schemes: after the
/// scheme and any slashes or backslashes, up to the next `/`, `\`, `?` or `#`.
fn authority_of(raw: &str) -> Option<&str> {
    let trimmed = raw.trim_start_matches(|c: char| c <= ' ');
    let colon = trimmed.find(':')?;
    let scheme = trimmed.get(..colon)?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let rest = trimmed.get(colon + 1..)?.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    rest.get(..end)
}

/// What the engine needs to know about a page's host.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// ASCII (punycode) host, lower case.
    pub host: String,
    /// Registrable domain (eTLD+1), or the host itself when it has none (IP, localhost).
    pub registrable: String,
    /// Path and query, for URL-shape checks.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// A client-side route in the fragment (`#/master/users/<id>`, `#view/…/userId/<id>`), as
    /// single-page admin consoles put their pages there; empty when the fragment is not a path.
    pub route: String,
    /// [`host_signals`], worked out once: triage, classification and the reasons all ask.
    signals: std::sync::OnceLock<Vec<HostSignal>>,
}

impl Site {
    pub fn from_url(url: &Url, catalog: &Catalog) -> Site {
        let host = url.host_str().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase();
        let registrable = catalog.suffixes().registrable(&host);
        let path = url.path().to_string();
        let query = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let route = url.fragment().filter(|f| f.contains('/')).map(|f| f.split(['?', '&']).next().unwrap_or_default().to_string()).unwrap_or_default();
        Site { host, registrable, path, query, route, signals: std::sync::OnceLock::new() }
    }

    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The query's values that name where this step returns to ([`is_return_key`]).
    pub fn return_targets(&self) -> impl Iterator<Item = &str> {
        self.query.iter().filter(|(k, _)| is_return_key(k)).map(|(_, v)| v.as_str())
    }

    /// `host` + `path`, for matching catalog entries written as `host/path-prefix`.
    pub fn host_path(&self) -> String {
        format!("{}{}", self.host, self.path)
    }
}

/// Query keys (any case) that name where a sign-in or step-up returns to: the app it unlocks
/// (`continue=https://admin.google.com/…`, Atlassian's `webSudoDestination`, Yandex's `retpath`).
/// Parameter names of sign-in protocols and products, not words of a language.
const RETURN_KEYS: &[&str] = &[
    "continue",
    "return_to",
    "returnto",
    "redirect",
    "redirect_to",
    "next",
    "returnurl",
    "return_url",
    "ru",
    "destination",
    "websudodestination",
    "retpath",
    "target",
    "goto",
    "redirect_uri",
    "redirect_url",
    "s_url",
    "wreply",
    "backurl",
    "back_url",
];

/// `key` is a query key naming where the flow returns to.
pub fn is_return_key(key: &str) -> bool {
    RETURN_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
}

/// A deceptive property of a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostSignal {
    /// A brand's name stands inside another registrable domain (`github-tokens.com`).
    Lookalike { brand: String },
    /// A brand's domain or name is used as a subdomain of someone else's (`accounts.google.com.evil.app`).
    DeceptiveSubdomain { brand: String },
    /// An internationalised label mixes scripts or folds to a brand's name.
    Punycode { brand: Option<String> },
}

impl HostSignal {
    pub fn reason_id(&self) -> ReasonId {
        match self {
            HostSignal::Lookalike { .. } => ReasonId::ContextLookalikeHost,
            HostSignal::DeceptiveSubdomain { .. } => ReasonId::ContextDeceptiveSubdomain,
            HostSignal::Punycode { .. } => ReasonId::ContextPunycodeHost,
        }
    }
}

/// Deceptive signals of `site` against the catalog's brands. Empty for a brand's own domains.
pub fn host_signals(site: &Site, catalog: &Catalog) -> Vec<HostSignal> {
    site.signals.get_or_init(|| find_host_signals(site, catalog)).clone()
}

fn find_host_signals(site: &Site, catalog: &Catalog) -> Vec<HostSignal> {
    let mut out = Vec::new();
    // Reverse proxies write the real host in front of theirs on purpose (Microsoft Defender for
    // Cloud Apps' `contoso.sharepoint.com.mcas.ms`, CDN edge hosts; data/words/urls.txt).
    let proxied = crate::data::words::urls::PROXY_DOMAIN.iter().any(|d| site.registrable == *d || site.host.ends_with(&format!(".{d}")));
    if site.host.is_empty() || proxied || catalog.owner_of(&site.registrable).is_some() {
        return out;
    }
    let reg_name = site.registrable.split('.').next().unwrap_or_default();
    let sub = site.host.strip_suffix(&site.registrable).unwrap_or_default().trim_end_matches('.');

    // 1. Brand domain or name used as a subdomain label.
    let sub_labels: Vec<&str> = sub.split('.').filter(|l| !l.is_empty()).collect();
    for brand in catalog.brands() {
        // A label that is exactly a self-hosted product's name is how that product is served.
        let named =
            sub_labels.iter().any(|l| (*l == brand.name && !catalog.self_hosted(&brand.name)) || (l.contains('-') && l.split('-').any(|w| w == brand.name)));
        // The brand's domain as labels of the subdomain (`login.microsoftonline.com.evil.net`).
        // Or glued to the attacker's own label (`signin.aws.amazon.com-reset.it`, `ipko.pl-login.com`).
        let domain_inside = brand.domains.iter().any(|d| sub.ends_with(d.as_str()) || followed_by_dot(sub, d) || glued(&site.host, d));
        if (named && !brand.generic) || domain_inside {
            out.push(HostSignal::DeceptiveSubdomain { brand: brand.name.clone() });
            break;
        }
    }
    // 1b. Any other site's domain written in front of the real one (`mijn.kpn.com.beveiliging-check.nl`,
    // `subscribe.free.fr.espace-abonne-securite.com`): the subdomain ends in `.com`, `.net`, `.org`
    // or a country's `co.`/`com.`, which no service's own naming does. A country code alone
    // (`shop.de.example.com` is a regional shop) counts only in front of a hyphenated registrable
    // name; new generic TLDs (`developer.hosting.ionos.de`) are words and never count.
    if out.is_empty() {
        if let [.., name, tld] = sub_labels.as_slice() {
            let second = sub_labels.len().checked_sub(3).and_then(|i| sub_labels.get(i)).copied().unwrap_or_default();
            let word = name.len() >= 2 && !name.bytes().all(|b| b.is_ascii_digit());
            let generic = matches!(*tld, "com" | "net" | "org" | "gov" | "edu");
            let country = tld.len() == 2 && tld.bytes().all(|b| b.is_ascii_lowercase());
            let compound = country && matches!(*name, "co" | "com" | "ne" | "or" | "gov") && !second.is_empty();
            let hyphenated = country && reg_name.contains('-') && catalog.suffixes().is_listed_tld(tld);
            if word && (generic || compound || hyphenated) {
                let shown = if compound { format!("{second}.{name}.{tld}") } else { format!("{name}.{tld}") };
                out.push(HostSignal::DeceptiveSubdomain { brand: shown });
            }
        }
    }
    // 2. Brand name as a hyphen-word of the registrable label (`github-settings.com`, `secure-okta.net`).
    if out.is_empty() {
        for brand in catalog.brands().filter(|b| !b.generic) {
            let words: Vec<&str> = reg_name.split('-').collect();
            if words.len() > 1 && words.iter().any(|w| *w == brand.name)
                || (reg_name != brand.name
                    && reg_name.starts_with(&brand.name)
                    && reg_name.len() > brand.name.len()
                    && brand.name.len() >= 5
                    && reg_name.get(brand.name.len()..).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '-')))
            {
                out.push(HostSignal::Lookalike { brand: brand.name.clone() });
                break;
            }
        }
    }
    // 3. Internationalised labels: decode the punycode, then compare UTS #39 skeletons.
    for label in site.host.split('.').filter(|l| l.starts_with("xn--")) {
        let Some(unicode) = label.get(4..).and_then(idna::punycode::decode_to_string) else {
            out.push(HostSignal::Punycode { brand: None });
            break;
        };
        let brand = catalog
            .brands()
            .find(|b| {
                let sk = skeleton_of(&b.name);
                skeleton_of(&unicode) == sk || unicode.split('-').any(|w| skeleton_of(w) == sk)
            })
            .map(|b| b.name.clone());
        if brand.is_some() || passes_for_latin(&unicode) {
            out.push(HostSignal::Punycode { brand });
            break;
        }
    }
    out
}

/// `domain` occurs in `host` at a label's start and runs on into a hyphen: `amazon.com-reset.it`.
/// (Tried at each hyphen, of which a host has few: this runs for every brand's every domain.)
fn glued(host: &str, domain: &str) -> bool {
    !domain.is_empty()
        && host.match_indices('-').any(|(k, _)| {
            host.get(..k).is_some_and(|before| before.ends_with(domain))
                && (k == domain.len() || k.checked_sub(domain.len() + 1).and_then(|i| host.as_bytes().get(i)) == Some(&b'.'))
        })
}

/// `domain` occurs in `sub` followed by a dot (tried at each dot).
fn followed_by_dot(sub: &str, domain: &str) -> bool {
    !domain.is_empty() && sub.match_indices('.').any(|(j, _)| sub.get(..j).is_some_and(|before| before.ends_with(domain)))
}

/// The UTS #39 confusable skeleton restricted to look-alikes of ASCII (the table is generated from
/// Unicode's confusables data at build time): two labels with equal skeletons look alike.
fn skeleton_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match crate::data::ascii_confusable(c) {
            Some(sk) => out.push_str(sk),
            None => out.push(c),
        }
    }
    out
}

/// A label that mixes ASCII letters with non-ASCII characters that can pass for ASCII
/// (`pаypal` with a Cyrillic `а`): UTS #39's mixed-script spoof, where it matters for Latin brands.
fn passes_for_latin(label: &str) -> bool {
    let ascii_letters = label.chars().any(|c| c.is_ascii_alphabetic());
    let disguised = label.chars().any(|c| !c.is_ascii() && crate::data::ascii_confusable(c).is_some());
    ascii_letters && disguised
}

/// Where the user came from, when it says something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrival {
    Mail(String),
    Chat(String),
    Redirector(String),
}

impl Arrival {
    pub fn reason_id(&self) -> ReasonId {
        match self {
            Arrival::Mail(_) => ReasonId::ContextMailReferrer,
            Arrival::Chat(_) => ReasonId::ContextChatReferrer,
            Arrival::Redirector(_) => ReasonId::ContextLinkRedirector,
        }
    }
}

/// Classifies the referrer and any redirect hops: webmail, chat, or a link redirector.
///
/// A referrer on the page's own host is the web app's own navigation (webmail's settings,
/// Outlook's mail to its calendar, Discord's channels to its settings), and so is a sign-in that
/// returns to the referrer's site (`?continue=`, `s_url=`, `retpath=` naming it): the mail's own
/// sign-in, not a link in a message. Other hosts of the same provider still count: Teams links to
/// the Entra admin center are the help-desk lure.
pub fn arrival(referrer: &str, redirects: &[String], page: &Site, catalog: &Catalog) -> Option<Arrival> {
    let mut found = None;
    for (i, raw) in std::iter::once(referrer).chain(redirects.iter().map(String::as_str)).enumerate() {
        let Ok(url) = parse_url(raw) else { continue };
        let site = Site::from_url(&url, catalog);
        // (The sign-in may return to a sibling host: QQ Mail's `s_url=https://wx.mail.qq.com/`.)
        let returns_there = || page.return_targets().filter_map(|t| parse_url(t).ok()).any(|t| Site::from_url(&t, catalog).registrable == site.registrable);
        if i == 0 && (site.host == page.host || returns_there()) {
            continue;
        }
        let hp = site.host_path();
        // Chat first: Google Chat lives under mail.google.com/chat.
        if let Some(name) = catalog.chat_for(&hp) {
            return Some(Arrival::Chat(name.to_string()));
        }
        if let Some(name) = catalog.mail_for(&hp) {
            return Some(Arrival::Mail(name.to_string()));
        }
        if found.is_none() {
            if let Some(name) = catalog.redirector_for(&hp) {
                found = Some(Arrival::Redirector(name.to_string()));
            }
        }
    }
    found
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn signals(u: &str) -> Vec<HostSignal> {
        let cat = Catalog::builtin();
        host_signals(&Site::from_url(&Url::parse(u).unwrap(), &cat), &cat)
    }

    #[test]
    fn real_domains_are_clean() {
        for u in [
            "https://github.com/settings/tokens",
            "https://login.microsoftonline.com/",
            "https://accounts.google.com/o/oauth2/auth",
            "https://device.sso.us-east-1.amazonaws.com/",
            "https://example.com/",
            "https://boxing-news.com/",
        ] {
            assert!(signals(u).is_empty(), "{u}: {:?}", signals(u));
        }
    }

    #[test]
    fn deceptive_hosts_are_flagged() {
        assert!(matches!(signals("https://accounts.google.com.verify-consent.app/x")[..], [HostSignal::DeceptiveSubdomain { .. }]));
        assert!(matches!(signals("https://github-settings-tokens.com/")[..], [HostSignal::Lookalike { .. }]));
        // Cyrillic 'і' in "mіcrosoft".
        let label = idna::punycode::encode_str("m\u{0456}crosoft").unwrap();
        assert!(matches!(signals(&format!("https://xn--{label}.com/devicelogin"))[..], [HostSignal::Punycode { brand: Some(_) }]));
        assert!(
            matches!(signals("https://signin.aws.amazon.com-reset.it/resetpassword")[..], [HostSignal::DeceptiveSubdomain { .. }]),
            "a brand domain glued to the attacker's label"
        );
        // Whole-script Cyrillic "аррӏе" is single-script but its skeleton is "apple".
        let label = idna::punycode::encode_str("\u{0430}\u{0440}\u{0440}\u{04CF}\u{0435}").unwrap();
        assert!(matches!(signals(&format!("https://xn--{label}.com/"))[..], [HostSignal::Punycode { brand: Some(_) }]));
        // A legitimate single-script IDN that resembles no brand is left alone.
        let label = idna::punycode::encode_str("m\u{00FC}nchen").unwrap();
        assert!(signals(&format!("https://xn--{label}.de/")).is_empty());
    }

    #[test]
    fn any_sites_domain_in_front_of_another_is_deceptive() {
        for u in [
            "https://subscribe.free.fr.espace-abonne-securite.com/login/reset.pl",
            "https://mijn.kpn.com.beveiliging-check.nl/mijnkpn/beveiliging",
            "https://www.amazon.co.jp.account-hogo.top/ap/mfa/phone/update",
            "https://portal.small-shop.com.verify-now.xyz/",
        ] {
            assert!(matches!(signals(u)[..], [HostSignal::DeceptiveSubdomain { .. }]), "{u}: {:?}", signals(u));
        }
        // A regional subdomain, a product named like a new TLD, a numbered shard, a reverse proxy.
        for u in [
            "https://shop.de.example.com/",
            "https://developer.hosting.ionos.de/keys",
            "https://id.cloud.example.org/",
            "https://eu.1.example.net/",
            "https://contoso.sharepoint.com.mcas.ms/sites/hr",
        ] {
            assert!(signals(u).is_empty(), "{u}: {:?}", signals(u));
        }
    }

    #[test]
    fn non_ascii_hosts_are_refused_with_a_reason() {
        // Found by the `observation` fuzz target: a Unicode host reached idna_adapter 1.0's debug assertion.
        // …and a percent-escaped host decoding to non-ASCII did the same.
        for u in [
            "https:/Código",
            "https://Código.com/",
            "HTTPS:\\\\gïthub.com/x",
            "https://Exa%DDmple.com/",
            "https://u:p@%41.com/",
            "ht\ttps\n://ACCallenG\u{FFFD}.com",
        ] {
            let e = parse_url(u).unwrap_err();
            assert!(e.contains("punycode"), "{u}: {e}");
        }
        assert!(parse_url("https://example.com/Código?q=ü#ß").is_ok());
        assert!(parse_url("https://xn--gthub-n2e.com/").is_ok());
    }

    #[test]
    fn arrivals() {
        let cat = Catalog::builtin();
        let page = Site::from_url(&Url::parse("https://login.corp-sso.test/device").unwrap(), &cat);
        assert_eq!(arrival("https://mail.google.com/mail/u/0/", &[], &page, &cat), Some(Arrival::Mail("Gmail".into())));
        assert_eq!(arrival("https://app.slack.com/client/T1/C2", &[], &page, &cat), Some(Arrival::Chat("Slack".into())));
        assert_eq!(arrival("https://www.google.com/url?q=https://x", &[], &page, &cat), Some(Arrival::Redirector("Gmail / Google".into())));
        assert_eq!(arrival("https://www.google.com/search?q=x", &[], &page, &cat), None);
        assert_eq!(arrival("", &[], &page, &cat), None);
        // The web app's own navigation, and the mail's own sign-in, are not a message's link.
        let own = Site::from_url(&Url::parse("https://outlook.office.com/calendar/view/week").unwrap(), &cat);
        assert_eq!(arrival("https://outlook.office.com/mail/", &[], &own, &cat), None);
        let sign_in = Site::from_url(&Url::parse("https://accounts.google.com/signin?continue=https%3A%2F%2Fmail.google.com%2Fmail%2F").unwrap(), &cat);
        assert_eq!(arrival("https://mail.google.com/", &[], &sign_in, &cat), None);
        // Another host of the same provider is a link (Gmail to the Admin console, Teams to Entra).
        let admin = Site::from_url(&Url::parse("https://admin.google.com/ac/users/1").unwrap(), &cat);
        assert_eq!(arrival("https://mail.google.com/", &[], &admin, &cat), Some(Arrival::Mail("Gmail".into())));
        // A redirect through a mail or chat host counts whatever the referrer.
        assert_eq!(
            arrival("https://outlook.office.com/mail/", &["https://teams.microsoft.com/l/message/1".into()], &own, &cat),
            Some(Arrival::Chat("Microsoft Teams".into()))
        );
    }
}
