//! Compiles the data tables under `data/` into Rust statics, so the engine ships them without
//! parsing anything at run time and a malformed table fails the build, not a user's browser.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

// The engine's own text normalisation, compiled into this build script too, so that the lexicon's
// phrases are stored exactly as the engine matches them. The running engine then builds its phrase
// automaton straight from the table, without normalising and de-duplicating some 3,500 phrases on
// every start (a service worker starts often: that was about a seventh of building the tables).
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

/// What `src/text.rs` asks of its crate: the confusables table, computed here rather than compiled in.
mod data {
    pub fn ascii_confusable(c: char) -> Option<&'static str> {
        let rows = crate::confusables();
        rows.binary_search_by(|(k, _)| k.cmp(&c)).ok().and_then(|i| rows.get(i)).map(|(_, v)| v.as_str())
    }
}

fn main() {
    let mut out = String::new();
    out.push_str(&table("lexicon", "LEXICON", parse_sections));
    out.push_str(&table("messages", "MESSAGES", parse_pairs));
    out.push_str(&table("recovery_messages", "RECOVERY_MESSAGES", parse_pairs));
    out.push_str(&table("catalog", "CATALOG", parse_pairs));
    out.push_str(&table("refs", "REFS", parse_pairs));
    out.push_str(&language_words());
    out.push_str(&word_lists());
    out.push_str(&public_suffix_list());
    out.push_str(&ascii_confusables());
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR unset"));
    let dest = Path::new(&out_dir).join("tables.rs");
    fs::write(&dest, out).unwrap_or_else(|e| fail(&format!("writing {}: {e}", dest.display())));
    let page = reason_ids("messages", "ReasonId", "");
    let recovery = reason_ids("recovery_messages", "RecoveryReasonId", "recovery.");
    check_refs(&[&page, &recovery]);
    let ids = format!("{}{}", page.code, recovery.code);
    let dest = Path::new(&out_dir).join("reason_ids.rs");
    fs::write(&dest, ids).unwrap_or_else(|e| fail(&format!("writing {}: {e}", dest.display())));
    println!("cargo:rerun-if-changed=data");
}

fn fail(msg: &str) -> ! {
    eprintln!("lastgate-engine build: {msg}");
    std::process::exit(1)
}

/// Emits `pub static NAME: &str` holding the rows of every `data/DIR/*.txt` (sorted by file name)
/// as `file \x1f key \x1f value`, rows ended by `\x1e`; `data::packed_rows` reads them. One
/// string instead of a table of string slices (three pointers and lengths a row, which compress
/// badly) makes these tables a fifth smaller in the shipped wasm.
fn table(dir: &str, name: &str, parse: fn(&str, &str) -> Vec<(String, String)>) -> String {
    let path = Path::new("data").join(dir);
    let mut files: Vec<_> = fs::read_dir(&path)
        .unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    // Lexicon phrases already stored, across languages: (section, open-ended, normalised phrase).
    let mut seen: HashSet<(String, bool, String)> = HashSet::new();
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut row = |file: &str, lang: &str, key: &str, value: &str| {
        if format!("{key}{value}").contains(['\u{1e}', '\u{1f}']) {
            fail(&format!("{file}: '{key}' holds a control character"));
        }
        out.push((lang.to_string(), key.to_string(), value.to_string()));
    };
    // Lexicon phrases that hold a shorter phrase of the same section ("reset your password now"
    // beside "reset your password") add nothing to what a page says and count one occurrence
    // twice; they are left out of the compiled table (`redundant_phrases`).
    let redundant = if dir == "lexicon" { redundant_phrases(&files) } else { HashSet::new() };
    for file in files {
        let lang = file.file_stem().and_then(|s| s.to_str()).unwrap_or_else(|| fail("bad file name")).to_string();
        let text = fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("reading {}: {e}", file.display())));
        let rows = parse(&text, &file.display().to_string());
        if dir == "lexicon" {
            // One entry per (language, section) with its phrases joined by newlines: a few dozen
            // string slices instead of thousands keeps the shipped wasm small. Phrases are stored
            // as `text::normalize` makes them (NFKC first, as page text gets it), a trailing `*`
            // marking an open end, each (section, open end, phrase) once across all languages: the
            // same phrase in two languages' tables is one piece of evidence, not two.
            let mut sections: Vec<(String, Vec<String>)> = Vec::new();
            for (key, value) in rows {
                let (body, open_end) = match value.strip_suffix('*') {
                    Some(b) => (b, true),
                    None => (value.as_str(), false),
                };
                let norm = text::normalize(&body.nfkc().collect::<String>());
                if norm.is_empty() || norm.ends_with('*') {
                    fail(&format!("{}: [{key}] '{value}': a phrase must hold text and not end in '*' once normalised", file.display()));
                }
                if !seen.insert((key.clone(), open_end, norm.clone())) || (!open_end && redundant.contains(&(key.clone(), norm.clone()))) {
                    continue;
                }
                let value = if open_end { format!("{norm}*") } else { norm };
                match sections.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, v)) => v.push(value),
                    None => sections.push((key, vec![value])),
                }
            }
            for (key, values) in sections {
                let joined = values.join("\n");
                row(&file.display().to_string(), &lang, &key, &joined);
            }
        } else {
            for (key, value) in rows {
                row(&file.display().to_string(), &lang, &key, &value);
            }
        }
    }
    // Messages and references are looked up by id (binary search, reasons.rs): sorted here by
    // language, then id (stably; one language's text stays together, which gzips best), so the
    // running engine never sorts. The catalog and lexicon keep file order (the first matching
    // catalog entry wins).
    let sorted = matches!(dir, "messages" | "recovery_messages" | "refs");
    if sorted {
        out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    }
    let mut s = String::new();
    // Each language's rows as a byte range of the table: (lang, start, end).
    let mut langs: Vec<(String, usize, usize)> = Vec::new();
    for (lang, key, value) in out {
        let start = s.len();
        let _ = write!(s, "{lang}\u{1f}{key}\u{1f}{value}\u{1e}");
        match langs.last_mut() {
            Some(last) if last.0 == lang => last.2 = s.len(),
            _ => langs.push((lang, start, s.len())),
        }
    }
    let langs: Vec<String> = langs.iter().map(|(l, a, b)| format!("({l:?}, {a}, {b})")).collect();
    let mut code = format!("pub static {name}: &str = {s:?};\n");
    if sorted {
        let _ = writeln!(code, "pub static {name}_LANGS: &[(&str, usize, usize)] = &[{}];", langs.join(", "));
    }
    code
}

/// Sections whose phrases say what a page, a heading or a field is about, where the engine counts
/// occurrences: a phrase there that holds another phrase of the same section as whole words (any
/// language) is redundant. Button sections keep every phrase: a button's exact wording matters.
const PRUNED_SECTIONS: &[&str] = &[
    "reset",
    "mfa",
    "device",
    "consent",
    "credential",
    "recovery",
    "reauth",
    "other_party",
    "admin_console",
    "privileged",
    "token_scope",
    "profile_scope",
    "offline",
    "urgency",
    "coaching",
    "describe",
    "done",
    "shown_once",
    "agent",
    "unverified",
    "sign_up",
    "email_verify",
    "identifier",
    "code_label",
    "current_password",
    "new_password",
];

/// (section, normalised phrase) of every lexicon phrase that another, shorter phrase of its section
/// already finds wherever it occurs: a whole-word part of it (for scripts without spaces, any part).
fn redundant_phrases(files: &[std::path::PathBuf]) -> HashSet<(String, String)> {
    let mut by_section: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("reading {}: {e}", file.display())));
        for (key, value) in parse_sections(&text, &file.display().to_string()) {
            if PRUNED_SECTIONS.contains(&key.as_str()) && !value.ends_with('*') {
                by_section.entry(key).or_default().push(text::normalize(&value.nfkc().collect::<String>()));
            }
        }
    }
    let mut out = HashSet::new();
    for (section, phrases) in by_section {
        let shorter: HashSet<&str> = phrases.iter().map(String::as_str).collect();
        for a in &phrases {
            let unspaced = a.chars().any(text::is_unspaced_script);
            let found = shorter.iter().any(|b| {
                b.len() < a.len()
                    && !b.is_empty()
                    && if unspaced || b.chars().any(text::is_unspaced_script) {
                        a.contains(b)
                    } else {
                        a.starts_with(&format!("{b} ")) || a.ends_with(&format!(" {b}")) || a.contains(&format!(" {b} "))
                    }
            });
            if found {
                out.insert((section.clone(), a.clone()));
            }
        }
    }
    out
}

/// Every character whose UTS #39 skeleton is a short run of ASCII letters or digits (Cyrillic `а` →
/// `a`, Greek `ο` → `o`, `ⅼ` → `l`): the characters that let a host name pass for a Latin brand.
/// Generated from Unicode's confusables data (the `unicode-security` crate), never typed by hand.
fn ascii_confusables() -> String {
    let rows: Vec<String> = confusables().iter().map(|(c, sk)| format!("({c:?}, {sk:?})")).collect();
    format!("/// (character, ASCII skeleton), sorted by character.\npub static ASCII_CONFUSABLES: &[(char, &str)] = &[{}];\n", rows.join(", "))
}

/// The (character, skeleton) rows of [`ascii_confusables`], sorted by character; computed once.
fn confusables() -> &'static [(char, String)] {
    static ROWS: OnceLock<Vec<(char, String)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows = Vec::new();
        for cp in 0x80u32..=0x10FFFF {
            let Some(c) = char::from_u32(cp) else { continue };
            let sk: String = unicode_security::skeleton(&c.to_string()).flat_map(char::to_lowercase).collect();
            if !sk.is_empty() && sk.len() <= 3 && sk.chars().all(|x| x.is_ascii_alphanumeric()) {
                rows.push((c, sk));
            }
        }
        rows
    })
}

/// The reason ids of one message table, and the code naming them.
struct ReasonIds {
    dir: &'static str,
    ids: Vec<String>,
    code: String,
}

/// The ids of `data/DIR/en.txt` as `pub enum NAME` (one variant per id, `context.lookalike_host` →
/// `ContextLookalikeHost`, `prefix` left out of the name) with `as_str()` and `ALL`. Code names a
/// reason only by its variant, so a misspelt id does not compile; and every language file must have
/// exactly English's ids, so every id the code can name has a message in every shipped language.
fn reason_ids(dir: &'static str, name: &str, prefix: &str) -> ReasonIds {
    let path = Path::new("data").join(dir);
    let read =
        |file: &Path| parse_pairs(&fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("reading {}: {e}", file.display()))), &file.display().to_string());
    let en: Vec<String> = read(&path.join("en.txt")).into_iter().map(|(id, _)| id).collect();
    let mut files: Vec<_> = fs::read_dir(&path)
        .unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for file in &files {
        let ids: Vec<String> = read(file).into_iter().map(|(id, _)| id).collect();
        for id in &en {
            if !ids.contains(id) {
                fail(&format!("{}: no message for '{id}' (every language needs every id of en.txt)", file.display()));
            }
        }
        for (i, id) in ids.iter().enumerate() {
            if !en.contains(id) {
                fail(&format!("{}: '{id}' is not an id of en.txt; fix the id or add it there", file.display()));
            }
            if ids.get(..i).is_some_and(|before| before.contains(id)) {
                fail(&format!("{}: '{id}' twice", file.display()));
            }
        }
    }
    let mut variants: Vec<(String, &str)> = Vec::new();
    for id in &en {
        let Some(rest) = id.strip_prefix(prefix) else { fail(&format!("data/{dir}/en.txt: '{id}' does not start with '{prefix}'")) };
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.') {
            fail(&format!("data/{dir}/en.txt: '{id}': an id is lower-case words joined by '.' and '_'"));
        }
        let variant: String = rest
            .split(['.', '_'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut c = w.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            })
            .collect();
        if variants.iter().any(|(v, _)| *v == variant) {
            fail(&format!("data/{dir}/en.txt: '{id}' names the same variant as another id ({variant})"));
        }
        variants.push((variant, id));
    }
    let mut code = String::new();
    let _ = writeln!(code, "/// A reason's id: one for each row of `data/{dir}/en.txt`, which every language's file has too.");
    let _ = writeln!(code, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum {name} {{");
    for (v, id) in &variants {
        let _ = writeln!(code, "    /// `{id}`\n    {v},");
    }
    let _ = writeln!(code, "}}\n\nimpl {name} {{");
    let all: Vec<String> = variants.iter().map(|(v, _)| format!("{name}::{v}")).collect();
    let _ = writeln!(code, "    #[cfg(test)]\n    pub const ALL: [{name}; {}] = [{}];\n", all.len(), all.join(", "));
    let _ = writeln!(
        code,
        "    /// The id as verdicts carry it and the message tables key it.\n    pub const fn as_str(self) -> &'static str {{\n        match self {{"
    );
    for (v, id) in &variants {
        let _ = writeln!(code, "            {name}::{v} => {id:?},");
    }
    let _ = writeln!(code, "        }}\n    }}\n}}\n");
    ReasonIds { dir, ids: en, code }
}

/// Every reason id has references (`data/refs/refs.txt`) and every reference row is a reason's.
fn check_refs(tables: &[&ReasonIds]) {
    let path = Path::new("data").join("refs").join("refs.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())));
    let refs: Vec<String> = parse_pairs(&text, &path.display().to_string()).into_iter().map(|(id, _)| id).collect();
    for t in tables {
        for id in &t.ids {
            if !refs.contains(id) {
                fail(&format!("{}: no references for '{id}' (data/{}/en.txt)", path.display(), t.dir));
            }
        }
    }
    for id in &refs {
        if !tables.iter().any(|t| t.ids.contains(id)) {
            fail(&format!("{}: '{id}' is no reason's id", path.display()));
        }
    }
}

/// `[section]` headers followed by one phrase per line.
fn parse_sections(text: &str, file: &str) -> Vec<(String, String)> {
    let mut section: Option<String> = None;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.trim().to_string());
            continue;
        }
        match &section {
            Some(sec) => out.push((sec.clone(), line.to_string())),
            None => fail(&format!("{file}:{}: phrase before any [section]", n + 1)),
        }
    }
    out
}

/// `id = text` lines.
fn parse_pairs(text: &str, file: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(" = ") {
            Some((k, v)) => out.push((k.trim().to_string(), v.trim().to_string())),
            None => fail(&format!("{file}:{}: expected `id = text`", n + 1)),
        }
    }
    out
}

/// `data/words/FILE.txt` (`[section]` headers, one entry a line) as `pub mod words { pub mod FILE {
/// pub static SECTION: &[&str] = &[…]; } }`: `features.rs` names every list it reads, so a list it
/// asks for and the data lacks fails the build. Entries must be written as `text::normalize` makes
/// page text (they are compared with normalised labels), once each.
fn word_lists() -> String {
    let dir = Path::new("data").join("words");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("reading {}: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let is_name = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let mut out = String::from("pub mod words {\n");
    for file in files {
        let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or_else(|| fail("bad file name")).to_string();
        if !is_name(&name) {
            fail(&format!("{}: a word list's file name is lower-case letters and '_'", file.display()));
        }
        let text = fs::read_to_string(&file).unwrap_or_else(|e| fail(&format!("reading {}: {e}", file.display())));
        let mut sections: Vec<(String, Vec<String>)> = Vec::new();
        for (section, entry) in parse_sections(&text, &file.display().to_string()) {
            if !is_name(&section) {
                fail(&format!("{}: [{section}]: a section name is lower-case letters and '_'", file.display()));
            }
            if text::normalize(&entry.nfkc().collect::<String>()) != entry {
                fail(&format!("{}: [{section}] '{entry}' is not in normalised form (lower case, NFKC, single spaces)", file.display()));
            }
            match sections.iter_mut().find(|(s, _)| *s == section) {
                Some((_, v)) if v.contains(&entry) => fail(&format!("{}: [{section}] '{entry}' twice", file.display())),
                Some((_, v)) => v.push(entry),
                None => sections.push((section, vec![entry])),
            }
        }
        let _ = writeln!(out, "pub mod {name} {{");
        for (section, entries) in sections {
            let list: Vec<String> = entries.iter().map(|e| format!("{e:?}")).collect();
            let _ = writeln!(out, "pub static {}: &[&str] = &[{}];", section.to_ascii_uppercase(), list.join(", "));
        }
        out.push_str("}\n");
    }
    out.push_str("}\n");
    out
}

/// `data/languages/words.txt` (`lang = word word …`) as `LANGUAGE_WORDS: &[(word, mask)]`, sorted
/// by word for binary search, where bit `i` of `mask` is `LANGUAGE_NAMES[i]`: a word used by several
/// languages counts for each.
fn language_words() -> String {
    let path = Path::new("data").join("languages").join("words.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())));
    let rows = parse_pairs(&text, &path.display().to_string());
    if rows.len() > 16 {
        fail("data/languages/words.txt: at most 16 languages fit the mask");
    }
    let mut words: std::collections::BTreeMap<String, u16> = std::collections::BTreeMap::new();
    let mut names = Vec::new();
    for (i, (lang, list)) in rows.iter().enumerate() {
        names.push(format!("{lang:?}"));
        for w in list.split_whitespace() {
            let norm = text::normalize(&w.nfkc().collect::<String>());
            if norm != w {
                fail(&format!("{}: '{w}' is not in normalised form (lower case, NFKC)", path.display()));
            }
            *words.entry(norm).or_default() |= 1 << i;
        }
    }
    let rows: Vec<String> = words.iter().map(|(w, m)| format!("({w:?}, {m})")).collect();
    format!("pub static LANGUAGE_NAMES: &[&str] = &[{}];\npub static LANGUAGE_WORDS: &[(&str, u16)] = &[{}];\n", names.join(", "), rows.join(", "))
}

/// The official Public Suffix List (data/public_suffix_list.dat, MPL-2.0) without its comments, in
/// the grouped form `catalog.rs` reads: rules sharing a parent written once, `parent:head head …`
/// (`aichi.jp:aisai ama …`), a private (non-ICANN) group marked by a leading `+`. Groups are ordered
/// by top-level domain, rules of one label (the TLDs themselves, under the empty parent) first: the
/// engine indexes them in one pass and parses a TLD's rules only when a host under it is first
/// looked up (`Suffixes`). Lossless (`suffix_list_grouping_is_lossless`); half the list's size and a
/// sixth less compressed in the shipped wasm.
fn public_suffix_list() -> String {
    let path = Path::new("data").join("public_suffix_list.dat");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| fail(&format!("reading {}: {e}", path.display())));
    // (TLD, private, parent, heads) in the list's order; `publicsuffix` reads only the rules inside
    // a BEGIN/END section, so the others are left out here too.
    let mut groups: Vec<(String, bool, String, Vec<String>)> = Vec::new();
    let mut section: Option<bool> = None;
    let mut rules = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("//") {
            if line.contains("===BEGIN ICANN DOMAINS===") {
                section = Some(false);
            } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
                section = Some(true);
            } else if line.contains("===END") {
                section = None;
            }
            continue;
        }
        let Some(private) = section else { continue };
        if line.contains([':', ' ', '+']) {
            fail(&format!("public suffix rule '{line}' holds ':', '+' or a space"));
        }
        let (head, parent) = line.split_once('.').unwrap_or((line, ""));
        let tld = parent.rsplit('.').next().unwrap_or_default();
        match groups.iter_mut().find(|g| g.1 == private && g.2 == parent) {
            Some(g) => g.3.push(head.to_string()),
            None => groups.push((tld.to_string(), private, parent.to_string(), vec![head.to_string()])),
        }
        rules += 1;
    }
    if rules < 5000 {
        fail("data/public_suffix_list.dat looks truncated (fewer than 5000 rules)");
    }
    // Stable: within a TLD, the list's own order.
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    let lines: Vec<String> =
        groups.iter().map(|(_, private, parent, heads)| format!("{}{parent}:{}", if *private { "+" } else { "" }, heads.join(" "))).collect();
    format!("pub static PUBLIC_SUFFIX_LIST: &str = {:?};\n", lines.join("\n"))
}
