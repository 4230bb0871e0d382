//! The observation: what a person can see on one document, plus browser context.
//!
//! The JSON shape and the extraction rules both front ends follow are in `docs/observation.md`.
//! Everything but `url` defaults, so that a portal can send only what it has.

use serde::{Deserialize, Serialize};

/// What a person can see on one page (or one frame), in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Observation {
    /// Absolute `http:`/`https:` URL of the document.
    pub url: String,
    /// `document.referrer`; empty when none.
    pub referrer: String,
    /// `document.title`, whitespace collapsed.
    pub title: String,
    /// The page's declared language (`<html lang>`), empty when unknown.
    pub lang: String,
    /// Visible text in reading order, one line per block.
    pub text: String,
    /// Visible headings in document order.
    pub headings: Vec<String>,
    /// Visible form fields.
    pub fields: Vec<Field>,
    /// Visible buttons and links.
    pub controls: Vec<Control>,
    /// What the browser knows beyond the page; empty in the CLI.
    pub context: BrowserContext,
    /// Visible content whose words cannot be read as text (images, canvases, embedded frames).
    pub opaque: Opaque,
}

/// Visible things on the page whose text cannot be read: counted so a verdict can say it could
/// not see everything instead of allowing with false confidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Opaque {
    /// Visible `<img>` (and `input[type=image]`) without alternative text.
    pub images: u32,
    /// Visible `<canvas>` elements.
    pub canvases: u32,
    /// Visible `<iframe>`, `<frame>`, `<object>`, `<embed>` (in the browser each frame also reports itself).
    pub frames: u32,
    /// Nodes the browser's read left unread because the page is too large to read within its
    /// time cap (the read stops there; see `docs/observation.md`). Always 0 from the CLI.
    pub unread: u32,
}

impl Opaque {
    pub fn total(&self) -> u32 {
        self.images.saturating_add(self.canvases).saturating_add(self.frames)
    }
}

/// A visible form field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Field {
    /// Lower-cased `type` (`text`, `password`, …), or `select` / `textarea`.
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub id: String,
    /// The field's accessible label (see `docs/observation.md`).
    pub label: String,
    pub autocomplete: String,
    pub placeholder: String,
    /// A checkbox or radio button that is ticked (what a person sees in the box).
    pub checked: bool,
    /// A `select`'s shown option (its text); empty for every other field: what people type is
    /// never read.
    pub value: String,
}

/// A visible button or link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Control {
    pub kind: ControlKind,
    pub text: String,
    /// Button `type` (`submit`, `button`, `reset`); empty for links.
    #[serde(rename = "type")]
    pub button_type: String,
    /// Raw `href` of a link; empty for buttons.
    pub href: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlKind {
    #[default]
    Button,
    Link,
}

/// Browser context the extension fills in. Missing history means *unknown*, never suspicious.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BrowserContext {
    /// The browser's UI language; empty when unknown.
    pub ui_lang: String,
    /// Recent events in this browser, newest last.
    pub recent: Vec<RecentEvent>,
    /// The navigation's redirect chain before `url`, oldest first.
    pub redirects: Vec<String>,
}

/// Something this browser saw recently (never page text).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecentEvent {
    /// e.g. `sign_in_started`, `device_flow_started`, `prompt_shown:mfa_approval`.
    pub kind: String,
    /// Registrable domain the event happened on.
    pub site: String,
    /// Seconds ago.
    pub age_s: u64,
}
