//! Just enough CSS to decide visibility from saved HTML.
//!
//! A browser knows which elements are hidden from the computed style; the CLI has only the markup.
//! It reads the declarations that can hide an element — `display` and `visibility` — from inline
//! `style` attributes and from rules in `<style>` elements, and resolves them with a small cascade
//! (importance, inline over sheet, specificity, order) so that `.modal{display:none}` followed by
//! `.modal.open{display:block}` leaves an open modal visible, as it is on screen.
//!
//! At-rules: `@media` applies when its query holds for a desktop screen of 1280×720 CSS pixels (the
//! viewport the agreement test uses), `@supports` (except `@supports not …`) and `@layer` blocks
//! apply, every other at-rule block (`@container`, `@font-face`, `@keyframes`, …) is skipped.
//!
//! Everything here is byte-scanning over ASCII punctuation, iterative, and never panics: stylesheets
//! come from the page and may be hostile.

/// The viewport the CLI assumes when evaluating `@media` queries, in CSS pixels.
const VIEWPORT_WIDTH: f64 = 1280.0;
const VIEWPORT_HEIGHT: f64 = 720.0;
/// `em`/`rem` in media queries are relative to the initial font size.
const INITIAL_FONT_PX: f64 = 16.0;
/// Selectors nested deeper than this (`:not(:is(…))`) are ignored rather than parsed.
const MAX_SELECTOR_NESTING: usize = 16;

/// A property that can hide an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prop {
    Display,
    Visibility,
}

/// One `display`/`visibility` declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Decl {
    pub prop: Prop,
    /// `display: none`, `visibility: hidden` or `visibility: collapse`.
    pub hides: bool,
    pub important: bool,
}

/// A style rule with at least one `display`/`visibility` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rule {
    /// The selector list, as written.
    pub selectors: String,
    pub decls: Vec<Decl>,
}

/// Parses the declarations of a block (or of a `style` attribute), keeping `display` and
/// `visibility`. Nested rules (CSS nesting) are skipped.
pub(crate) fn parse_declarations(block: &str) -> Vec<Decl> {
    let b = block.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut paren = 0usize;
    let mut walk = Walk::new(b, 0);
    while let Some((i, c)) = walk.next() {
        match c {
            b'(' => paren += 1,
            b')' => paren = paren.saturating_sub(1),
            b';' if paren == 0 => {
                if let Some(d) = block.get(start..i).and_then(parse_declaration) {
                    out.push(d);
                }
                start = i + 1;
            }
            b'{' => {
                // A nested rule: its prelude is what we were reading; drop both.
                start = block_end(b, i).saturating_add(1);
                walk.jump(start);
                paren = 0;
            }
            _ => {}
        }
    }
    if let Some(d) = block.get(start..).and_then(parse_declaration) {
        out.push(d);
    }
    out
}

fn parse_declaration(decl: &str) -> Option<Decl> {
    let (name, value) = decl.split_once(':')?;
    let prop = match name.trim().to_ascii_lowercase().as_str() {
        "display" => Prop::Display,
        "visibility" => Prop::Visibility,
        _ => return None,
    };
    let mut value = value.trim().to_ascii_lowercase();
    let mut important = false;
    if let Some(bang) = value.rfind('!') {
        if value.get(bang + 1..).map(str::trim) == Some("important") {
            important = true;
            value = value.get(..bang).unwrap_or("").trim().to_owned();
        }
    }
    let hides = match prop {
        Prop::Display => value == "none",
        Prop::Visibility => value == "hidden" || value == "collapse",
    };
    Some(Decl { prop, hides, important })
}

/// Parses a stylesheet into the rules that set `display` or `visibility`, in order, with the
/// blocks of applicable at-rules flattened in.
pub(crate) fn parse_stylesheet(css: &str, out: &mut Vec<Rule>) {
    let css = strip_comments(css);
    let b = css.as_bytes();
    let mut prelude_start = 0;
    // How many applicable at-rule blocks we are inside; their `}` just closes them.
    let mut open_at_blocks = 0usize;
    let mut walk = Walk::new(b, 0);
    while let Some((i, c)) = walk.next() {
        match c {
            b'{' => {
                let prelude = css.get(prelude_start..i).unwrap_or("").trim();
                if let Some(at) = prelude.strip_prefix('@') {
                    if at_rule_applies(at) {
                        open_at_blocks += 1;
                        prelude_start = i + 1;
                        continue;
                    }
                    prelude_start = block_end(b, i).saturating_add(1);
                    walk.jump(prelude_start);
                    continue;
                }
                let end = block_end(b, i);
                let body = css.get(i + 1..end).unwrap_or("");
                let decls = parse_declarations(body);
                if !decls.is_empty() && !prelude.is_empty() {
                    out.push(Rule { selectors: prelude.to_owned(), decls });
                }
                prelude_start = end.saturating_add(1);
                walk.jump(prelude_start);
            }
            b'}' => {
                open_at_blocks = open_at_blocks.saturating_sub(1);
                prelude_start = i + 1;
            }
            // End of a statement at-rule (`@import …;`) or of stray junk.
            b';' => prelude_start = i + 1,
            _ => {}
        }
    }
}

/// Whether the block of an at-rule (the text after `@`, before `{`) applies to the page.
fn at_rule_applies(at: &str) -> bool {
    let name_end = at.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(at.len());
    let name = at.get(..name_end).unwrap_or("").to_ascii_lowercase();
    let rest = at.get(name_end..).unwrap_or("");
    match name.as_str() {
        "media" => media_applies(rest),
        "supports" => !starts_with_word(rest.trim_start(), "not"),
        "layer" => true,
        _ => false,
    }
}

/// Whether a media query list holds on a 1280×720 desktop screen. Unknown syntax does not hold.
pub(crate) fn media_applies(list: &str) -> bool {
    let list = list.trim().to_ascii_lowercase();
    if list.is_empty() {
        return true;
    }
    split_top_level(&list, b',').into_iter().any(|q| query_applies(q.trim()) == Some(true))
}

fn query_applies(q: &str) -> Option<bool> {
    let mut rest = q;
    let mut negate = false;
    if let Some(r) = strip_word(rest, "not") {
        negate = true;
        rest = r;
    } else if let Some(r) = strip_word(rest, "only") {
        rest = r;
    }
    let mut holds = true;
    if !rest.starts_with('(') {
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
        let media_type = rest.get(..end)?;
        holds &= match media_type {
            "all" | "screen" => true,
            "print" | "speech" | "tty" | "tv" | "projection" | "handheld" | "braille" | "embossed" | "aural" => false,
            _ => return None,
        };
        rest = rest.get(end..)?.trim_start();
        if rest.is_empty() {
            return Some(holds != negate);
        }
        rest = strip_word(rest, "and")?;
    }
    loop {
        if !rest.starts_with('(') {
            return None;
        }
        let b = rest.as_bytes();
        let close = matching_paren(b, 0)?;
        holds &= feature_applies(rest.get(1..close)?.trim())?;
        rest = rest.get(close + 1..)?.trim_start();
        if rest.is_empty() {
            return Some(holds != negate);
        }
        rest = strip_word(rest, "and")?;
    }
}

fn feature_applies(feature: &str) -> Option<bool> {
    if let Some((name, value)) = feature.split_once(':') {
        let (name, value) = (name.trim(), value.trim());
        return match name {
            "min-width" => Some(VIEWPORT_WIDTH >= length(value)?),
            "max-width" => Some(VIEWPORT_WIDTH <= length(value)?),
            "width" => Some((VIEWPORT_WIDTH - length(value)?).abs() < f64::EPSILON),
            "min-height" => Some(VIEWPORT_HEIGHT >= length(value)?),
            "max-height" => Some(VIEWPORT_HEIGHT <= length(value)?),
            "height" => Some((VIEWPORT_HEIGHT - length(value)?).abs() < f64::EPSILON),
            "orientation" => Some(value == "landscape"),
            "prefers-color-scheme" => Some(value == "light"),
            "prefers-reduced-motion" | "prefers-reduced-transparency" => Some(value == "no-preference"),
            "prefers-contrast" | "forced-colors" => Some(value == "no-preference" || value == "none"),
            "hover" | "any-hover" => Some(value == "hover"),
            "pointer" | "any-pointer" => Some(value == "fine"),
            _ => None,
        };
    }
    // Range syntax: `width >= 768px`, `768px < width`.
    for op in [">=", "<=", ">", "<", "="] {
        if let Some((left, right)) = feature.split_once(op) {
            let (left, right) = (left.trim(), right.trim());
            let (name, value, flipped) =
                if left.starts_with(|c: char| c.is_ascii_alphabetic()) { (left, length(right)?, false) } else { (right, length(left)?, true) };
            let actual = match name {
                "width" => VIEWPORT_WIDTH,
                "height" => VIEWPORT_HEIGHT,
                _ => return None,
            };
            // `value op actual` when flipped, `actual op value` otherwise.
            let (x, y) = if flipped { (value, actual) } else { (actual, value) };
            return Some(match op {
                ">=" => x >= y,
                "<=" => x <= y,
                ">" => x > y,
                "<" => x < y,
                _ => (x - y).abs() < f64::EPSILON,
            });
        }
    }
    match feature {
        "color" | "hover" | "any-hover" | "pointer" | "any-pointer" => Some(true),
        "grid" | "monochrome" | "inverted-colors" => Some(false),
        _ => None,
    }
}

/// A media-query length in CSS pixels.
fn length(v: &str) -> Option<f64> {
    let split = v.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')).unwrap_or(v.len());
    let number: f64 = v.get(..split)?.parse().ok()?;
    match v.get(split..)?.trim() {
        "px" => Some(number),
        "em" | "rem" => Some(number * INITIAL_FONT_PX),
        "" if number == 0.0 => Some(0.0),
        _ => None,
    }
}

/// Splits a selector list on its top-level commas. Selectors nested too deeply are dropped.
pub(crate) fn split_selectors(list: &str) -> Vec<&str> {
    split_top_level(list, b',').into_iter().map(str::trim).filter(|s| !s.is_empty() && nesting(s) <= MAX_SELECTOR_NESTING).collect()
}

fn nesting(s: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in s.bytes() {
        match c {
            b'(' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Specificity `(ids, classes/attributes/pseudo-classes, types)` of one complex selector.
/// Recursion into `:not()`/`:is()`/`:has()` is bounded by [`MAX_SELECTOR_NESTING`] (checked by
/// [`split_selectors`] before this is called).
pub(crate) fn specificity(sel: &str) -> (u32, u32, u32) {
    let b = sel.as_bytes();
    let (mut ids, mut classes, mut types) = (0u32, 0u32, 0u32);
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'#' => {
                ids = ids.saturating_add(1);
                i = skip_ident(b, i + 1);
            }
            b'.' => {
                classes = classes.saturating_add(1);
                i = skip_ident(b, i + 1);
            }
            b'[' => {
                classes = classes.saturating_add(1);
                i = matching_bracket(b, i, b'[', b']').map_or(b.len(), |e| e + 1);
            }
            b':' => {
                let mut j = i + 1;
                let pseudo_element = b.get(j) == Some(&b':');
                if pseudo_element {
                    j += 1;
                }
                let name_end = skip_ident(b, j);
                let name = sel.get(j..name_end).unwrap_or("").to_ascii_lowercase();
                let mut next = name_end;
                let mut inner = "";
                if b.get(name_end) == Some(&b'(') {
                    let close = matching_paren(b, name_end).unwrap_or(b.len());
                    inner = sel.get(name_end + 1..close).unwrap_or("");
                    next = close + 1;
                }
                let add = if pseudo_element || matches!(name.as_str(), "before" | "after" | "first-line" | "first-letter") {
                    (0, 0, 1)
                } else {
                    match name.as_str() {
                        "where" => (0, 0, 0),
                        "not" | "is" | "has" | "matches" | "any" | "-webkit-any" => max_specificity(inner),
                        "nth-child" | "nth-last-child" => {
                            let of = inner.to_ascii_lowercase().find(" of ").and_then(|k| inner.get(k + 4..)).map_or((0, 0, 0), max_specificity);
                            (of.0, of.1.saturating_add(1), of.2)
                        }
                        _ => (0, 1, 0),
                    }
                };
                ids = ids.saturating_add(add.0);
                classes = classes.saturating_add(add.1);
                types = types.saturating_add(add.2);
                i = next;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'\\' || c >= 0x80 => {
                // A type selector (or a namespace prefix, counted once; close enough).
                let end = skip_ident(b, i);
                if b.get(end) != Some(&b'|') {
                    types = types.saturating_add(1);
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    (ids, classes, types)
}

/// Where a selector is filed so that an element only tries the selectors that can match it: by the
/// id, else the first class, else the type of its rightmost compound selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bucket {
    Id(String),
    Class(String),
    /// Lower-cased type name.
    Tag(String),
    Universal,
}

/// The [`Bucket`] of one complex selector. When in doubt (escapes, namespaces) it is
/// [`Bucket::Universal`], which every element tries: a wrong bucket would miss a match.
pub(crate) fn bucket(sel: &str) -> Bucket {
    let b = sel.as_bytes();
    // Start of the rightmost compound: just after the last top-level combinator.
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in Walk::new(b, 0) {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'+' | b'~' if depth == 0 => start = i + 1,
            _ => {}
        }
    }
    let compound = sel.get(start..).unwrap_or("");
    if compound.is_empty() || compound.contains('\\') || compound.contains('|') {
        return Bucket::Universal;
    }
    let cb = compound.as_bytes();
    let mut class = None;
    let mut depth = 0usize;
    let mut walk = Walk::new(cb, 0);
    while let Some((i, c)) = walk.next() {
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'#' | b'.' if depth == 0 => {
                let end = skip_ident(cb, i + 1);
                let name = compound.get(i + 1..end).unwrap_or("");
                if !name.is_empty() {
                    if c == b'#' {
                        return Bucket::Id(name.to_owned());
                    }
                    if class.is_none() {
                        class = Some(name.to_owned());
                    }
                }
                walk.jump(end.max(i + 1));
            }
            _ => {}
        }
    }
    if let Some(class) = class {
        return Bucket::Class(class);
    }
    let tag_end = skip_ident(cb, 0);
    match compound.get(..tag_end) {
        Some(tag) if !tag.is_empty() && cb.first().is_some_and(|c| !c.is_ascii_digit() && *c != b'-') => Bucket::Tag(tag.to_ascii_lowercase()),
        _ => Bucket::Universal,
    }
}

fn max_specificity(list: &str) -> (u32, u32, u32) {
    split_top_level(list, b',').into_iter().map(|s| specificity(s.trim())).max().unwrap_or((0, 0, 0))
}

// --- scanning helpers ----------------------------------------------------------------------------

/// The walk every parser here makes over CSS text: byte by byte, stepping over quoted strings and
/// backslash escapes whole, so that a brace, quote, comma or `/*` inside them is never taken for
/// syntax (`.w-\[10px\]`, `content: "}"`). Yields every other byte with its index; [`Walk::jump`]
/// moves on past something a caller has read whole (a block, an identifier, a comment).
struct Walk<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Walk<'a> {
    fn new(b: &'a [u8], from: usize) -> Self {
        Walk { b, i: from }
    }

    fn jump(&mut self, to: usize) {
        self.i = to;
    }
}

impl Iterator for Walk<'_> {
    type Item = (usize, u8);

    fn next(&mut self) -> Option<(usize, u8)> {
        loop {
            let c = *self.b.get(self.i)?;
            match c {
                b'"' | b'\'' => self.i = skip_string(self.b, self.i),
                b'\\' => self.i = self.i.saturating_add(2),
                _ => {
                    self.i += 1;
                    return Some((self.i - 1, c));
                }
            }
        }
    }
}

/// Removes `/* … */` comments (outside strings).
fn strip_comments(css: &str) -> String {
    let b = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut copied = 0;
    let mut walk = Walk::new(b, 0);
    while let Some((i, c)) = walk.next() {
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            out.push_str(css.get(copied..i).unwrap_or(""));
            let end = css.get(i + 2..).and_then(|rest| rest.find("*/")).map_or(b.len(), |k| i + 2 + k + 2);
            out.push(' ');
            walk.jump(end);
            copied = end;
        }
    }
    out.push_str(css.get(copied..).unwrap_or(""));
    out
}

/// Index just past the string starting at `i` (a quote), or the end of input.
fn skip_string(b: &[u8], i: usize) -> usize {
    let quote = b.get(i).copied().unwrap_or(b'"');
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'\n' => return j,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    b.len()
}

/// Index of the `}` closing the block opened at `i`, or the end of input.
fn block_end(b: &[u8], i: usize) -> usize {
    matching_bracket(b, i, b'{', b'}').unwrap_or(b.len())
}

fn matching_paren(b: &[u8], i: usize) -> Option<usize> {
    matching_bracket(b, i, b'(', b')')
}

/// Index of the bracket closing the one at `i`, skipping strings.
fn matching_bracket(b: &[u8], i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    for (j, c) in Walk::new(b, i) {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

fn skip_ident(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some(&c) = b.get(j) {
        if c == b'\\' {
            j += 2;
        } else if c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c >= 0x80 {
            j += 1;
        } else {
            break;
        }
    }
    j.min(b.len())
}

/// Splits on `sep` outside brackets and strings.
fn split_top_level(s: &str, sep: u8) -> Vec<&str> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in Walk::new(b, 0) {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            c if c == sep && depth == 0 => {
                out.push(s.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s.get(start..).unwrap_or(""));
    out
}

fn starts_with_word(s: &str, word: &str) -> bool {
    strip_word(s, word).is_some()
}

/// `s` without a leading keyword `word` (ASCII case-insensitive) and the whitespace after it.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    if !head.eq_ignore_ascii_case(word) {
        return None;
    }
    let rest = s.get(word.len()..)?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_whitespace() || c == '(' => Some(rest.trim_start()),
        Some(_) => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn hides(css: &str) -> Vec<(String, bool)> {
        let mut rules = Vec::new();
        parse_stylesheet(css, &mut rules);
        rules.into_iter().map(|r| (r.selectors, r.decls.iter().any(|d| d.hides))).collect()
    }

    #[test]
    fn declarations() {
        let d = parse_declarations("color:red; DISPLAY : None ! Important ;visibility:collapse");
        assert_eq!(d.len(), 2);
        assert!(d[0].hides && d[0].important && d[0].prop == Prop::Display);
        assert!(d[1].hides && !d[1].important && d[1].prop == Prop::Visibility);
        assert!(!parse_declarations("display:block")[0].hides);
        assert!(parse_declarations("content:'display:none'").is_empty());
    }

    #[test]
    fn rules_comments_and_at_rules() {
        let css = "/* .a{display:none} */ .b{display:none} @import 'x.css';
            @media print { .c{display:none} } @media screen and (min-width: 768px) { .d{display:none} }
            @media (max-width: 600px) { .e{display:none} } @font-face { font-family: x }
            @supports (display:grid) { @layer base { .f , .g{visibility:hidden} } }
            .h{color:red} .i{ .j{display:none} color: blue }";
        assert_eq!(hides(css), vec![(".b".to_owned(), true), (".d".to_owned(), true), (".f , .g".to_owned(), true),]);
    }

    /// A backslash escapes the next character in a selector (utility classes such as
    /// `content-['x']` write their quotes and brackets that way): it opens no string or block.
    #[test]
    fn escaped_characters_are_not_syntax() {
        let css = r".content-\[\'x\'\]{display:none} .w-1\/2{visibility:hidden} .md\:hidden{display:none} .\{{display:none}";
        assert_eq!(
            hides(css),
            vec![(r".content-\[\'x\'\]".to_owned(), true), (r".w-1\/2".to_owned(), true), (r".md\:hidden".to_owned(), true), (r".\{".to_owned(), true),]
        );
    }

    #[test]
    fn media_queries() {
        assert!(media_applies(""));
        assert!(media_applies("all"));
        assert!(media_applies("only screen and (min-width:40em)"));
        assert!(!media_applies("print"));
        assert!(media_applies("print, (width >= 1000px)"));
        assert!(!media_applies("(max-width: 767.98px)"));
        assert!(media_applies("not print"));
        assert!(!media_applies("(min-resolution: 2dppx)"));
        assert!(media_applies("(prefers-color-scheme: light)"));
    }

    #[test]
    fn specificities() {
        assert_eq!(specificity("div"), (0, 0, 1));
        assert_eq!(specificity("#a.b.c > p span"), (1, 2, 2));
        assert_eq!(specificity("a[href]:first-child"), (0, 2, 1));
        assert_eq!(specificity(":not(#x, .y) p"), (1, 0, 1));
        assert_eq!(specificity(":where(#x) p"), (0, 0, 1));
        assert_eq!(specificity("*"), (0, 0, 0));
    }

    #[test]
    fn buckets() {
        assert_eq!(bucket("div.a > p#x.y"), Bucket::Id("x".to_owned()));
        assert_eq!(bucket("#x .a.b:not(#z)"), Bucket::Class("a".to_owned()));
        assert_eq!(bucket("ul  LI:first-child"), Bucket::Tag("li".to_owned()));
        assert_eq!(bucket("[data-state='a b']"), Bucket::Universal);
        assert_eq!(bucket(":is(.a, .b)"), Bucket::Universal);
        assert_eq!(bucket(".a\\:b"), Bucket::Universal);
        assert_eq!(bucket("*"), Bucket::Universal);
        assert_eq!(bucket("p[title='x > .y']"), Bucket::Tag("p".to_owned()));
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for css in ["{", "}", "@media {", "a{b", "'", "/*", "@", "a{display:none", "@media (", "é{é:é}"] {
            let mut rules = Vec::new();
            parse_stylesheet(css, &mut rules);
            let _ = specificity(css);
            let _ = split_selectors(css);
            let _ = media_applies(css);
        }
        let deep = format!("{}x{}", ":not(".repeat(5000), ")".repeat(5000));
        assert!(split_selectors(&deep).is_empty());
    }
}
