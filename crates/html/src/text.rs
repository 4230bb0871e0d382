//! The visible-text buffer and the string helpers shared by every output field.
//!
//! The walk appends text nodes and line breaks to one buffer, already whitespace-collapsed: it
//! never holds two whitespace characters in a row, never starts a line with a space and never ends
//! one with a space. Headings, controls and labels remember the byte range of the buffer their
//! subtree produced and read it back after the walk — one pass, and no text is copied per ancestor.
//!
//! `extension/src/extract.js` implements the same buffer; keep the two in step.

/// Stop adding text after this many UTF-16 code units (the unit `String.length` counts in JS).
pub(crate) const TEXT_CAP: usize = 2_000_000;
/// Extra room, past `TEXT_CAP`, for text inside headings, controls and labels: a person sees those
/// whatever came before them, so megabytes of padding must not push a prompt out of the observation.
pub(crate) const PRIORITY_CAP: usize = 2_000_000;
/// Headings, control texts, labels and the title are clipped to this many characters.
pub(crate) const SHORT_CAP: usize = 1_000;

/// Whitespace for collapsing: Unicode `White_Space`, the same set as `WS` in `extract.js`.
pub(crate) fn is_ws(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// Visible text in reading order, collapsed as it is appended.
#[derive(Debug, Default)]
pub(crate) struct TextBuf {
    s: String,
    units: usize,
    full: bool,
    /// Bulk text has used up `TEXT_CAP`; only priority text is still taken.
    bulk_full: bool,
    /// Open headings, controls and labels around the current position.
    pub(crate) priority: usize,
    /// Whitespace was seen after text on the current line; emitted before the next text.
    pending_space: bool,
    /// The current line has text (the buffer is non-empty and does not end with `\n`).
    in_line: bool,
}

impl TextBuf {
    /// Current end of the buffer, for ranges.
    pub(crate) fn pos(&self) -> usize {
        self.s.len()
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.s
    }

    /// No more text is taken here: everything is full, or bulk is full and this is bulk text.
    fn blocked(&self) -> bool {
        self.full || (self.bulk_full && self.priority == 0)
    }

    fn push(&mut self, c: char) -> bool {
        if self.blocked() {
            return false;
        }
        let units = c.len_utf16();
        let limit = if self.priority > 0 { TEXT_CAP + PRIORITY_CAP } else { TEXT_CAP };
        if self.units + units > limit {
            if self.priority > 0 {
                self.full = true;
            } else {
                self.bulk_full = true;
            }
            return false;
        }
        self.s.push(c);
        self.units += units;
        true
    }

    /// Appends the data of a text node.
    pub(crate) fn add_text(&mut self, data: &str) {
        for c in data.chars() {
            if self.blocked() {
                return;
            }
            if is_ws(c) {
                if self.in_line {
                    self.pending_space = true;
                }
                continue;
            }
            if self.pending_space {
                self.pending_space = false;
                if !self.push(' ') {
                    return;
                }
            }
            if !self.push(c) {
                return;
            }
            self.in_line = true;
        }
    }

    /// Ends the current line (a block boundary or `<br>`); empty lines are never produced.
    pub(crate) fn line_break(&mut self) {
        self.pending_space = false;
        if self.in_line && self.push('\n') {
            self.in_line = false;
        }
    }

    /// The final `text`: lines joined by `\n`, no trailing whitespace.
    pub(crate) fn into_text(self) -> String {
        let mut s = self.s;
        let kept = s.trim_end_matches([' ', '\n']).len();
        s.truncate(kept);
        s
    }
}

/// Text of `buf[start..end]` minus the `excluded` ranges (sorted by start), collapsed to one line
/// and clipped to [`SHORT_CAP`] characters. Reads only as much of the buffer as it needs.
pub(crate) fn range_text(buf: &str, start: usize, end: usize, excluded: &[(usize, usize)]) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut cursor = start;
    // Only controls inside the range are excluded (not one the range itself sits in).
    let first = excluded.partition_point(|&(s, _)| s < start);
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in excluded.get(first..).unwrap_or(&[]) {
        if s >= end {
            break;
        }
        if e <= cursor {
            continue;
        }
        if s > cursor {
            pieces.push((cursor, s));
        }
        cursor = cursor.max(e);
    }
    if cursor < end {
        pieces.push((cursor, end));
    }
    // Enough characters to fill SHORT_CAP after dropping leading/joining whitespace.
    'outer: for (s, e) in pieces {
        for c in buf.get(s..e).unwrap_or("").chars() {
            out.push(c);
            chars += 1;
            if chars > SHORT_CAP + 2 {
                break 'outer;
            }
        }
        out.push(' ');
    }
    clip(&out)
}

/// Collapses whitespace runs to one space, trims, and clips to [`SHORT_CAP`] characters (then
/// trims again, so a clip never ends in a space).
pub(crate) fn clip(s: &str) -> String {
    let mut out = String::new();
    let mut chars = 0usize;
    let mut pending = false;
    for c in s.chars() {
        if is_ws(c) {
            pending = chars > 0;
            continue;
        }
        if pending {
            if chars == SHORT_CAP {
                break;
            }
            out.push(' ');
            chars += 1;
            pending = false;
        }
        if chars == SHORT_CAP {
            break;
        }
        out.push(c);
        chars += 1;
    }
    let kept = out.trim_end_matches(' ').len();
    out.truncate(kept);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn buffer_collapses_and_breaks() {
        let mut b = TextBuf::default();
        b.add_text("  Gen");
        b.add_text("erate \n\t");
        b.line_break();
        b.line_break();
        b.add_text(" token\u{a0} ");
        b.add_text(" here ");
        b.line_break();
        assert_eq!(b.into_text(), "Generate\ntoken here");
    }

    #[test]
    fn ranges_and_exclusions() {
        let buf = "Name ? more\nnext";
        assert_eq!(range_text(buf, 0, buf.len(), &[]), "Name ? more next");
        assert_eq!(range_text(buf, 0, 11, &[(5, 6)]), "Name more");
        assert_eq!(range_text(buf, 4, 11, &[(0, 2), (5, 6), (20, 30)]), "more");
    }

    #[test]
    fn clip_caps_length() {
        let long = "x ".repeat(5000);
        let c = clip(&long);
        assert_eq!(c.chars().count(), SHORT_CAP - 1);
        assert!(!c.ends_with(' '));
        assert_eq!(clip("  a \u{2003} b  "), "a b");
    }
}
