//! # lastgate-html
//!
//! Builds the engine's [`Observation`] from saved HTML, for the CLI and tests.
//!
//! **Why this crate exists.** The engine never sees a DOM: it assesses an observation — what a
//! person can see on a page. In the browser the content script (`extension/src/extract.js`) reads
//! it from the live DOM; here we read the same thing from a saved document, so that `lastgate`
//! on the command line gives the verdict the extension would give on the same page. Both follow
//! `docs/observation.md`, and `tests/extract/agree.test.mjs` checks that they agree on fixtures.
//!
//! **What it cannot see.** Without a layout engine, visibility comes from the markup: the
//! always-hidden elements of the spec, the `hidden` attribute, `input[type=hidden]`, the user-agent
//! rules that hide elements (`title`, `datalist`, `dialog:not([open])`, the body of a closed
//! `<details>`, …), and `display` / `visibility` declarations in `style` attributes and in
//! `<style>` elements, resolved by a small cascade (see `css.rs`). External stylesheets, scripts
//! and shadow roots attached by script are not seen.
//!
//! **Robustness.** Input is hostile: the parser is html5ever (via `scraper`), the walk uses an
//! explicit stack (10 000 nested elements do not overflow the stack), output is capped the same way
//! as in the extension, and nothing here panics.

mod css;
mod text;

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use lastgate_engine::{Control, ControlKind, Field, Observation, Opaque};
use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use crate::css::Prop;
use crate::text::{clip, range_text, TextBuf};

/// At most this many fields, controls, headings and labels are kept (as in `extract.js`).
const ITEM_CAP: usize = 2_000;

/// Not visible, with everything inside (`docs/observation.md`).
const SKIPPED: &[&str] = &["head", "script", "style", "template", "noscript", "svg", "canvas", "iframe", "object", "embed"];

/// Hidden by the user-agent stylesheet (`display: none`) unless the page's CSS says otherwise.
/// The browser sees this through the computed style; the CLI has to know it.
const UA_HIDDEN: &[&str] = &["area", "base", "basefont", "datalist", "link", "meta", "noembed", "noframes", "param", "rp", "title"];

/// Inline elements: they do not break a line. Every other element is a block (`br` breaks a line).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong",
    "sub", "sup", "time", "u", "var", "button",
];

/// Input types a browser knows; any other `type` is a text field.
const INPUT_TYPES: &[&str] = &[
    "text",
    "search",
    "tel",
    "url",
    "email",
    "password",
    "date",
    "month",
    "week",
    "time",
    "datetime-local",
    "number",
    "range",
    "color",
    "checkbox",
    "radio",
    "file",
];

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// Extracts the observation of a saved HTML document, as `docs/observation.md` describes.
///
/// `url` and `referrer` are copied as given; `context` is left empty (the CLI has no browser).
pub fn extract(html: &str, url: &str, referrer: &str) -> Observation {
    let doc = Html::parse_document(html);
    let head = prepass(&doc);
    let styles = cascade(&doc, &head.rules);

    let mut walker = Walker::new(&styles);
    walker.walk(doc.tree.root());
    let opaque = walker.opaque;
    let (text, headings, fields, controls) = walker.finish();

    Observation {
        url: url.to_owned(),
        referrer: referrer.to_owned(),
        title: head.title,
        lang: head.lang,
        text,
        headings,
        fields,
        controls,
        context: Default::default(),
        opaque,
    }
}

// --- pre-pass: title, lang, stylesheets ---------------------------------------------------------

struct Prepass {
    title: String,
    lang: String,
    rules: Vec<css::Rule>,
}

/// Reads `document.title`, `<html lang>` and the rules of the `<style>` elements that apply,
/// in document order. Template contents are inert and skipped.
fn prepass(doc: &Html) -> Prepass {
    let mut out = Prepass { title: String::new(), lang: String::new(), rules: Vec::new() };
    let root = doc.tree.root();
    if let Some(html) = root.children().find_map(|n| n.value().as_element()) {
        out.lang = html.attr("lang").unwrap_or("").to_owned();
    }
    let mut found_title = false;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if let Node::Element(el) = node.value() {
            match el.name() {
                "template" => continue,
                "title" if !found_title && &*el.name.ns == HTML_NS => {
                    found_title = true;
                    out.title = clip(&child_text(node));
                }
                "style" => {
                    if style_applies(el) {
                        let css: String = node.descendants().filter_map(|n| n.value().as_text()).map(|t| &*t.text).collect();
                        css::parse_stylesheet(&css, &mut out.rules);
                    }
                    continue;
                }
                _ => {}
            }
        }
        stack.extend(node.children().rev());
    }
    out
}

fn child_text(node: NodeRef<'_, Node>) -> String {
    node.children().filter_map(|n| n.value().as_text()).map(|t| &*t.text).collect()
}

/// A `<style>` applies when its `type` is CSS and its `media` holds (see [`css::media_applies`]).
fn style_applies(el: &Element) -> bool {
    let css_type = el.attr("type").map_or(true, |t| {
        let t = t.trim();
        t.is_empty() || t.eq_ignore_ascii_case("text/css")
    });
    css_type && el.attr("media").map_or(true, css::media_applies)
}

// --- cascade -------------------------------------------------------------------------------------

/// Precedence of one declaration; a larger key wins (equal keys: the later one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    important: bool,
    inline: bool,
    author: bool,
    specificity: (u32, u32, u32),
    order: usize,
}

/// The winning `display` and `visibility` declarations of an element: `(key, hides)`.
#[derive(Debug, Clone, Copy, Default)]
struct Winners {
    display: Option<(Key, bool)>,
    visibility: Option<(Key, bool)>,
}

impl Winners {
    fn offer(&mut self, prop: Prop, key: Key, hides: bool) {
        let slot = match prop {
            Prop::Display => &mut self.display,
            Prop::Visibility => &mut self.visibility,
        };
        if slot.map_or(true, |(current, _)| key >= current) {
            *slot = Some((key, hides));
        }
    }

    /// `display: none`: the element and everything in it is not drawn.
    fn undisplayed(&self) -> bool {
        self.display.is_some_and(|(_, h)| h)
    }

    /// The element's own `visibility` (true: hidden or collapse), when it declares one. Visibility
    /// inherits and a child can override it, so an undeclared one is the parent's.
    fn own_visibility(&self) -> Option<bool> {
        self.visibility.map(|(_, h)| h)
    }
}

/// How an element is drawn, from its attributes and styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    /// Drawn (as far as the markup says).
    Yes,
    /// Not drawn, and neither is anything in it (`display: none`, `hidden`, …).
    No,
    /// Takes its place but is not drawn (`visibility: hidden`); its children may be.
    Invisible,
}

/// At most this many selector-against-element matches are tried in all, and at most
/// [`ELEMENT_MATCH_BUDGET`] per element (most specific buckets first), so a hostile stylesheet
/// cannot make the CLI hang. Real pages stay far below both.
const MATCH_BUDGET: usize = 20_000_000;
const ELEMENT_MATCH_BUDGET: usize = 2_000;

/// A parsed selector with the `display`/`visibility` declarations of every rule it heads.
struct SelectorRules {
    selector: Selector,
    specificity: (u32, u32, u32),
    /// At most one declaration per (property, importance): the latest, which wins among equals.
    decls: Vec<(css::Decl, usize)>,
}

impl SelectorRules {
    fn merge(&mut self, decl: css::Decl, order: usize) {
        let same = |d: &&mut (css::Decl, usize)| d.0.prop == decl.prop && d.0.important == decl.important;
        match self.decls.iter_mut().find(same) {
            Some(slot) => *slot = (decl, order),
            None => self.decls.push((decl, order)),
        }
    }
}

/// Matches every rule's selectors against the document and keeps, per element, the winning
/// `display` and `visibility` declarations. Selectors scraper cannot parse (pseudo-classes such
/// as `:hover`, pseudo-elements) are ignored, and so is `:has()`, which can cost quadratic time.
/// Like a browser, each element only tries the selectors filed under its id, classes and type
/// (see [`css::bucket`]); identical selectors are merged.
fn cascade(doc: &Html, rules: &[css::Rule]) -> HashMap<NodeId, Winners> {
    let mut by_text: HashMap<&str, Option<usize>> = HashMap::new();
    let mut selectors: Vec<SelectorRules> = Vec::new();
    let mut order = 0usize;
    for rule in rules {
        for text in css::split_selectors(&rule.selectors) {
            let idx = match by_text.get(text) {
                Some(idx) => *idx,
                None => {
                    let parsed = (!text.to_ascii_lowercase().contains(":has(")).then(|| Selector::parse(text).ok()).flatten();
                    let idx = parsed.map(|selector| {
                        selectors.push(SelectorRules { selector, specificity: css::specificity(text), decls: Vec::new() });
                        selectors.len() - 1
                    });
                    by_text.insert(text, idx);
                    idx
                }
            };
            if let Some(entry) = idx.and_then(|i| selectors.get_mut(i)) {
                for (k, decl) in rule.decls.iter().enumerate() {
                    entry.merge(*decl, order + k);
                }
            }
        }
        order += rule.decls.len();
    }

    let mut ids: HashMap<String, Vec<usize>> = HashMap::new();
    let mut classes: HashMap<String, Vec<usize>> = HashMap::new();
    let mut tags: HashMap<String, Vec<usize>> = HashMap::new();
    let mut universal: Vec<usize> = Vec::new();
    for (&text, idx) in &by_text {
        let Some(idx) = *idx else { continue };
        match css::bucket(text) {
            css::Bucket::Id(k) => ids.entry(k).or_default().push(idx),
            css::Bucket::Class(k) => classes.entry(k).or_default().push(idx),
            css::Bucket::Tag(k) => tags.entry(k).or_default().push(idx),
            css::Bucket::Universal => universal.push(idx),
        }
    }

    let mut map: HashMap<NodeId, Winners> = HashMap::new();
    if selectors.is_empty() {
        return map;
    }
    let none: &[usize] = &[];
    let mut budget = MATCH_BUDGET;
    for node in doc.tree.root().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        let value = el.value();
        let name = value.name();
        let tag =
            if name.bytes().any(|c| c.is_ascii_uppercase()) { std::borrow::Cow::Owned(name.to_ascii_lowercase()) } else { std::borrow::Cow::Borrowed(name) };
        let candidates = value
            .id()
            .and_then(|id| ids.get(id))
            .map_or(none, Vec::as_slice)
            .iter()
            .chain(value.classes().flat_map(|c| classes.get(c).map_or(none, Vec::as_slice)))
            .chain(tags.get(tag.as_ref()).map_or(none, Vec::as_slice))
            .chain(&universal);
        for &i in candidates.take(ELEMENT_MATCH_BUDGET) {
            if budget == 0 {
                return map;
            }
            budget -= 1;
            let Some(entry) = selectors.get(i) else {
                continue;
            };
            if !entry.selector.matches(&el) {
                continue;
            }
            let winners = map.entry(node.id()).or_default();
            for &(decl, order) in &entry.decls {
                let key = Key { important: decl.important, inline: false, author: true, specificity: entry.specificity, order };
                winners.offer(decl.prop, key, decl.hides);
            }
        }
    }
    map
}

// --- the walk ------------------------------------------------------------------------------------

struct ControlRec {
    kind: ControlKind,
    button_type: String,
    href: String,
    /// `value` / `alt` of an `input` button; otherwise the text comes from the range.
    fixed_text: Option<String>,
    aria_label: String,
    start: usize,
    end: usize,
}

struct FieldRec {
    field: Field,
    /// Index into `labels` of the innermost enclosing `<label>`.
    enclosing_label: Option<usize>,
    aria_label: String,
    labelledby: String,
}

struct LabelRec {
    for_id: Option<String>,
    start: usize,
    end: usize,
}

/// What to do when leaving an element.
#[derive(Default)]
struct Close {
    block: bool,
    /// A heading, control or label: its text is taken even past the bulk-text cap.
    priority: bool,
    heading: Option<usize>,
    control: Option<usize>,
    label: bool,
    label_idx: Option<usize>,
    button: Option<usize>,
    id: Option<String>,
}

enum Frame<'a> {
    Enter(NodeRef<'a, Node>),
    Exit(Close),
}

struct Walker<'s> {
    styles: &'s HashMap<NodeId, Winners>,
    buf: TextBuf,
    headings: Vec<(usize, usize)>,
    controls: Vec<ControlRec>,
    fields: Vec<FieldRec>,
    labels: Vec<LabelRec>,
    /// Open `<label>`s, innermost last (`None`: past the cap).
    label_stack: Vec<Option<usize>>,
    /// Computed visibility of the open elements, innermost last (true: hidden).
    invisible: Vec<bool>,
    /// Ranges of `<button>`s, whose text an enclosing label does not include.
    buttons: Vec<(usize, usize)>,
    /// Range of the first visible element with each id, for `aria-labelledby`.
    ids: HashMap<String, (usize, usize)>,
    /// Links and buttons seen so far, each capped at `ITEM_CAP` on its own.
    links_seen: usize,
    buttons_seen: usize,
    /// Visible content whose text cannot be read.
    opaque: Opaque,
}

enum OpaqueKind {
    Image,
    Canvas,
    Frame,
}

/// Visible elements that show something a person may read but we cannot: images without
/// alternative text, canvases, embedded frames (same rule as extract.js).
fn opaque_kind(el: &Element, tag: &str) -> Option<OpaqueKind> {
    let no_alt = || !el.attr("alt").is_some_and(|a| !a.trim().is_empty());
    match tag {
        "img" if no_alt() => Some(OpaqueKind::Image),
        "input" if el.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("image")) && no_alt() => Some(OpaqueKind::Image),
        "canvas" => Some(OpaqueKind::Canvas),
        "iframe" | "frame" | "object" | "embed" => Some(OpaqueKind::Frame),
        _ => None,
    }
}

impl<'s> Walker<'s> {
    fn new(styles: &'s HashMap<NodeId, Winners>) -> Self {
        Walker {
            styles,
            buf: TextBuf::default(),
            headings: Vec::new(),
            controls: Vec::new(),
            fields: Vec::new(),
            labels: Vec::new(),
            label_stack: Vec::new(),
            invisible: Vec::new(),
            buttons: Vec::new(),
            ids: HashMap::new(),
            links_seen: 0,
            buttons_seen: 0,
            opaque: Opaque::default(),
        }
    }

    /// Walks the document in order with an explicit stack.
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut stack = vec![Frame::Enter(root)];
        while let Some(frame) = stack.pop() {
            match frame {
                Frame::Exit(close) => self.leave(close),
                Frame::Enter(node) => match node.value() {
                    // Text is drawn when its element is visible.
                    Node::Text(t) if !self.invisible.last().copied().unwrap_or(false) => self.buf.add_text(&t.text),
                    Node::Document => stack.extend(node.children().rev().map(Frame::Enter)),
                    Node::Element(el) => {
                        let Some(close) = self.enter(node.id(), el) else {
                            continue;
                        };
                        stack.push(Frame::Exit(close));
                        match el.name() {
                            // The contents of select and textarea are values, not text; a select
                            // shows one option, which its field carries.
                            "select" => {
                                if let Some(rec) = self.fields.last_mut().filter(|r| r.field.kind == "select" && r.field.value.is_empty()) {
                                    rec.field.value = shown_option(node);
                                }
                            }
                            "textarea" => {}
                            // A closed <details> shows only its summary.
                            "details" if el.attr("open").is_none() => {
                                if let Some(summary) = node.children().find(|c| c.value().as_element().is_some_and(|e| e.name() == "summary")) {
                                    stack.push(Frame::Enter(summary));
                                }
                            }
                            _ => stack.extend(node.children().rev().map(Frame::Enter)),
                        }
                    }
                    _ => {}
                },
            }
        }
    }

    /// Not drawn because of attributes or styles (not because it is an element whose content is
    /// never text), given whether the parent is visible.
    fn shown(&self, id: NodeId, el: &Element, tag: &str) -> Shown {
        if el.attr("hidden").is_some() {
            return Shown::No;
        }
        if tag == "input" && el.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("hidden")) {
            return Shown::No;
        }
        let mut winners = self.styles.get(&id).copied().unwrap_or_default();
        if UA_HIDDEN.contains(&tag) || (tag == "dialog" && el.attr("open").is_none()) {
            let ua = Key { important: false, inline: false, author: false, specificity: (0, 0, 0), order: 0 };
            winners.offer(Prop::Display, ua, true);
        }
        if let Some(style) = el.attr("style") {
            for (k, decl) in css::parse_declarations(style).iter().enumerate() {
                let key = Key { important: decl.important, inline: true, author: true, specificity: (0, 0, 0), order: k };
                winners.offer(decl.prop, key, decl.hides);
            }
        }
        if winners.undisplayed() {
            return Shown::No;
        }
        let parent_invisible = self.invisible.last().copied().unwrap_or(false);
        if winners.own_visibility().unwrap_or(parent_invisible) {
            Shown::Invisible
        } else {
            Shown::Yes
        }
    }

    /// Handles entering a visible element; `None` when its subtree is not read.
    fn enter(&mut self, id: NodeId, el: &Element) -> Option<Close> {
        let tag = el.name();
        let shown = self.shown(id, el, tag);
        if let Some(kind) = opaque_kind(el, tag) {
            if shown == Shown::Yes {
                let n = match kind {
                    OpaqueKind::Image => &mut self.opaque.images,
                    OpaqueKind::Canvas => &mut self.opaque.canvases,
                    OpaqueKind::Frame => &mut self.opaque.frames,
                };
                *n = n.saturating_add(1);
            }
        }
        if SKIPPED.contains(&tag) || shown == Shown::No {
            return None;
        }
        if tag == "br" {
            self.buf.line_break();
            return None;
        }
        let block = !INLINE.contains(&tag);
        if block {
            self.buf.line_break();
        }
        let pos = self.buf.pos();
        let mut close = Close { block, ..Close::default() };
        let role = first_token(el.attr("role"));

        // An invisible element is not a heading, control or field anyone sees (its visible
        // children still are what they are).
        let drawn = shown == Shown::Yes;
        let heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || role == "heading";
        if heading && drawn && self.headings.len() < ITEM_CAP {
            close.heading = Some(self.headings.len());
            self.headings.push((pos, pos));
        }

        if let Some(mut rec) = control(el, tag, &role).filter(|_| drawn) {
            // Links and buttons are capped apart: thousands of padding links must not push the
            // page's real button past the cap (padding is an evasion).
            let is_link = rec.kind == ControlKind::Link;
            let same_kind = if is_link { &mut self.links_seen } else { &mut self.buttons_seen };
            *same_kind += 1;
            if *same_kind <= ITEM_CAP {
                rec.start = pos;
                rec.end = pos;
                close.control = Some(self.controls.len());
                self.controls.push(rec);
            }
        }

        if let Some(field) = field(el, tag).filter(|_| drawn) {
            if self.fields.len() < ITEM_CAP {
                self.fields.push(FieldRec {
                    field,
                    enclosing_label: self.label_stack.last().copied().flatten(),
                    aria_label: el.attr("aria-label").unwrap_or("").to_owned(),
                    labelledby: el.attr("aria-labelledby").unwrap_or("").to_owned(),
                });
            }
        }

        if tag == "label" {
            let idx = (self.labels.len() < ITEM_CAP).then(|| {
                self.labels.push(LabelRec { for_id: el.attr("for").map(str::to_owned), start: pos, end: pos });
                self.labels.len() - 1
            });
            self.label_stack.push(idx);
            close.label = true;
            close.label_idx = idx;
        }

        if tag == "button" {
            close.button = Some(self.buttons.len());
            self.buttons.push((pos, pos));
        }

        if let Some(elem_id) = el.attr("id").filter(|i| !i.is_empty()) {
            if !self.ids.contains_key(elem_id) {
                self.ids.insert(elem_id.to_owned(), (pos, pos));
                close.id = Some(elem_id.to_owned());
            }
        }
        if close.heading.is_some() || close.control.is_some() || close.label_idx.is_some() {
            close.priority = true;
            self.buf.priority += 1;
        }
        self.invisible.push(shown == Shown::Invisible);
        Some(close)
    }

    fn leave(&mut self, close: Close) {
        self.invisible.pop();
        let pos = self.buf.pos();
        if close.priority {
            self.buf.priority = self.buf.priority.saturating_sub(1);
        }
        if let Some(h) = close.heading.and_then(|i| self.headings.get_mut(i)) {
            h.1 = pos;
        }
        if let Some(c) = close.control.and_then(|i| self.controls.get_mut(i)) {
            c.end = pos;
        }
        if close.label {
            self.label_stack.pop();
        }
        if let Some(l) = close.label_idx.and_then(|i| self.labels.get_mut(i)) {
            l.end = pos;
        }
        if let Some(b) = close.button.and_then(|i| self.buttons.get_mut(i)) {
            b.1 = pos;
        }
        if let Some(r) = close.id.and_then(|id| self.ids.get_mut(&id)) {
            r.1 = pos;
        }
        if close.block {
            self.buf.line_break();
        }
    }

    /// Reads every range back from the text buffer and resolves labels.
    fn finish(mut self) -> (String, Vec<String>, Vec<Field>, Vec<Control>) {
        self.buttons.sort_unstable();
        let buf = self.buf.as_str();

        let headings = self.headings.iter().map(|&(s, e)| range_text(buf, s, e, &[])).filter(|h| !h.is_empty()).collect();

        let controls = self
            .controls
            .iter()
            .map(|c| {
                let mut text = match &c.fixed_text {
                    Some(t) => clip(t),
                    None => range_text(buf, c.start, c.end, &[]),
                };
                if text.is_empty() {
                    text = clip(&c.aria_label);
                }
                Control { kind: c.kind, text, button_type: c.button_type.clone(), href: c.href.clone() }
            })
            .collect();

        let mut by_for: HashMap<&str, Vec<&LabelRec>> = HashMap::new();
        for label in &self.labels {
            if let Some(f) = &label.for_id {
                by_for.entry(f.as_str()).or_default().push(label);
            }
        }
        let label_text = |l: &LabelRec| range_text(buf, l.start, l.end, &self.buttons);
        let fields = self
            .fields
            .iter()
            .map(|f| {
                let mut field = f.field.clone();
                field.label =
                    resolve_label(f, &by_for, &label_text, &self.labels, |id| self.ids.get(id).map(|&(s, e)| range_text(buf, s, e, &[])).unwrap_or_default());
                field
            })
            .collect();

        (self.buf.into_text(), headings, fields, controls)
    }
}

/// `label` of a field: `<label for>`, enclosing `<label>`, `aria-label`, `aria-labelledby`.
fn resolve_label(
    f: &FieldRec,
    by_for: &HashMap<&str, Vec<&LabelRec>>,
    label_text: &dyn Fn(&LabelRec) -> String,
    labels: &[LabelRec],
    id_text: impl Fn(&str) -> String,
) -> String {
    if !f.field.id.is_empty() {
        for label in by_for.get(f.field.id.as_str()).into_iter().flatten() {
            let t = label_text(label);
            if !t.is_empty() {
                return t;
            }
        }
    }
    if let Some(label) = f.enclosing_label.and_then(|i| labels.get(i)) {
        let t = label_text(label);
        if !t.is_empty() {
            return t;
        }
    }
    let t = clip(&f.aria_label);
    if !t.is_empty() {
        return t;
    }
    let parts: Vec<String> = f.labelledby.split_ascii_whitespace().map(id_text).filter(|t| !t.is_empty()).collect();
    clip(&parts.join(" "))
}

/// The first ASCII-whitespace-separated token of an attribute, lower-cased (`role`).
fn first_token(value: Option<&str>) -> String {
    value.and_then(|v| v.split_ascii_whitespace().next()).unwrap_or("").to_ascii_lowercase()
}

fn lower_attr(el: &Element, name: &str) -> String {
    el.attr(name).unwrap_or("").to_ascii_lowercase()
}

/// The control an element is, if any. Links win over `role=button`: their `href` is what matters.
fn control(el: &Element, tag: &str, role: &str) -> Option<ControlRec> {
    let rec = |kind, button_type: String, href: String, fixed_text| ControlRec {
        kind,
        button_type,
        href,
        fixed_text,
        aria_label: el.attr("aria-label").unwrap_or("").to_owned(),
        start: 0,
        end: 0,
    };
    if tag == "a" {
        if let Some(href) = el.attr("href") {
            return Some(rec(ControlKind::Link, String::new(), href.to_owned(), None));
        }
    }
    if tag == "button" {
        let t = lower_attr(el, "type");
        let t = if matches!(t.as_str(), "submit" | "reset" | "button") { t } else { "submit".to_owned() };
        return Some(rec(ControlKind::Button, t, String::new(), None));
    }
    if tag == "input" {
        let t = lower_attr(el, "type");
        let fixed = match t.as_str() {
            "submit" | "button" | "reset" => el.attr("value").unwrap_or(""),
            "image" => el.attr("alt").unwrap_or(""),
            _ => return None,
        };
        return Some(rec(ControlKind::Button, t, String::new(), Some(fixed.to_owned())));
    }
    // A menu's item acts as a button does ("Make admin" in a row's ⋮ menu).
    if role == "button" || role == "menuitem" {
        return Some(rec(ControlKind::Button, lower_attr(el, "type"), String::new(), None));
    }
    None
}

/// The field an element is, if any (without its label, resolved after the walk).
fn field(el: &Element, tag: &str) -> Option<Field> {
    let kind = match tag {
        "input" => {
            let t = lower_attr(el, "type");
            match t.as_str() {
                "hidden" | "submit" | "button" | "reset" | "image" => return None,
                known if INPUT_TYPES.contains(&known) => t,
                _ => "text".to_owned(),
            }
        }
        "select" | "textarea" => tag.to_owned(),
        _ => return None,
    };
    let attr = |name: &str| el.attr(name).unwrap_or("").to_owned();
    let checked = matches!(kind.as_str(), "checkbox" | "radio") && el.attr("checked").is_some();
    Some(Field {
        kind,
        name: attr("name"),
        id: attr("id"),
        label: String::new(),
        autocomplete: attr("autocomplete"),
        placeholder: attr("placeholder"),
        checked,
        value: String::new(),
    })
}

/// The option a `select` shows: the last one marked `selected` (as a browser parsing the markup
/// ends up with), else the first; its text, whitespace collapsed (same as extract.js). Empty for a
/// `multiple` list.
fn shown_option(select: NodeRef<'_, Node>) -> String {
    // A list box that allows several choices shows no single one.
    if select.value().as_element().is_some_and(|e| e.attr("multiple").is_some()) {
        return String::new();
    }
    let mut first: Option<NodeRef<'_, Node>> = None;
    let mut chosen: Option<NodeRef<'_, Node>> = None;
    for node in select.descendants() {
        if let Some(el) = node.value().as_element() {
            if el.name() == "option" {
                first.get_or_insert(node);
                if el.attr("selected").is_some() {
                    chosen = Some(node);
                }
            }
        }
    }
    let Some(option) = chosen.or(first) else { return String::new() };
    let text: String = option.descendants().filter_map(|n| n.value().as_text().map(|t| t.text.to_string())).collect();
    text::clip(&text)
}

#[cfg(test)]
mod tests;
