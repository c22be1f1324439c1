//! The bounded, printable source excerpt a human-format diagnostic shows.
//!
//! A diagnostic on a 12 MB one-line JSON file must not reprint the whole
//! line, and a source holding terminal escape codes must not reach the
//! terminal raw. An [`Excerpt`] holds at most [`MAX_LINES`] lines of the
//! span, each cut to a window of at most [`WINDOW_CHARS`] characters around
//! the span, with control characters made visible (`\u{1b}`). It remembers
//! the original line and column numbers so the printed location stays true.

use crate::text::SourceFile;
use std::ops::Range;

/// At most this many source lines are shown per diagnostic.
pub const MAX_LINES: usize = 4;

/// A line longer than this (in characters) is shown as a window around the
/// span, with `…` where it was cut.
pub const WINDOW_CHARS: usize = 240;

/// How many characters before the span a window keeps.
const WINDOW_BEFORE: usize = 80;

/// A printable excerpt of the lines around a span.
#[derive(Debug, Clone)]
pub struct Excerpt {
    /// The excerpt text: whole or windowed lines, each ending in `\n`.
    pub text: String,
    /// Byte offset in `text` where each excerpt line starts.
    pub line_starts: Vec<usize>,
    /// 0-based line index in the original file of the excerpt's first line.
    pub first_line: usize,
    /// The span, in `text` coordinates.
    pub label: Range<usize>,
    /// 1-based (line, column) of the span start in the original file.
    pub start: (usize, usize),
}

/// Text safe to print on a terminal: control characters other than tab and
/// newline are written as `\u{..}` escapes.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_printable(&mut out, c);
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn push_printable(out: &mut String, c: char) {
    if needs_escape(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

impl Excerpt {
    /// The excerpt of `file` around `start..end` (byte offsets).
    pub fn new(file: &SourceFile, start: usize, end: usize) -> Excerpt {
        let len = file.text.len();
        let start = floor_char(&file.text, start.min(len));
        let end = floor_char(&file.text, end.clamp(start, len));
        let first_line = file.line_index(start);
        let last_line = file.line_index(end).min(first_line + MAX_LINES - 1);
        let starts = file.line_starts();
        let mut ex = Excerpt {
            text: String::new(),
            line_starts: Vec::new(),
            first_line,
            label: 0..0,
            start: file.line_col(start),
        };
        let mut label_start = None;
        let mut label_end = None;
        for line in first_line..=last_line {
            let ls = starts[line];
            let le = starts.get(line + 1).copied().unwrap_or(len);
            let raw = file.text[ls..le].trim_end_matches(['\n', '\r']);
            let le = ls + raw.len();
            // The part of the span on this line, in original offsets.
            let on_from = start.clamp(ls, le);
            let on_to = end.clamp(ls, le);
            ex.line_starts.push(ex.text.len());
            let (win_from, win_to) = window(raw, on_from - ls, on_to - ls);
            if win_from > 0 {
                ex.text.push('…');
            }
            let mut at = ls + win_from;
            for c in raw[win_from..win_to].chars() {
                if at == start {
                    label_start = Some(ex.text.len());
                }
                if at == end {
                    label_end = Some(ex.text.len());
                }
                push_printable(&mut ex.text, c);
                at += c.len_utf8();
            }
            if at == start && label_start.is_none() {
                label_start = Some(ex.text.len());
            }
            if at == end && label_end.is_none() {
                label_end = Some(ex.text.len());
            }
            if win_to < raw.len() {
                ex.text.push('…');
            }
            ex.text.push('\n');
        }
        let ls = label_start.unwrap_or(0);
        // A span that runs past the shown lines or window ends at the end
        // of what is shown.
        let le = label_end
            .unwrap_or_else(|| ex.text.len().saturating_sub(1))
            .max(ls);
        ex.label = ls..le;
        ex
    }

    /// 0-based excerpt line holding byte `offset` of the excerpt text.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte range of excerpt line `index`, without its newline.
    pub fn line_range(&self, index: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// The byte window `[from, to)` of `line` to show, given the span's part on
/// it (`a..b`, byte offsets in `line`): the whole line when short, else at
/// most [`WINDOW_CHARS`] characters starting a little before `a`.
fn window(line: &str, a: usize, b: usize) -> (usize, usize) {
    if line.len() <= WINDOW_CHARS {
        // Short in bytes means short in characters too.
        return (0, line.len());
    }
    let chars = line.chars().count();
    if chars <= WINDOW_CHARS {
        return (0, line.len());
    }
    let _ = b;
    let from = back_chars(line, a, WINDOW_BEFORE);
    let to = forward_chars(line, from, WINDOW_CHARS);
    (from, to)
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn back_chars(s: &str, from: usize, n: usize) -> usize {
    let from = floor_char(s, from.min(s.len()));
    s[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(s: &str, from: usize, n: usize) -> usize {
    s[from..]
        .char_indices()
        .nth(n)
        .map_or(s.len(), |(i, _)| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::SourceDb;
    use std::path::PathBuf;

    fn file(text: &str) -> std::sync::Arc<SourceFile> {
        SourceDb::new().add("f.rst".into(), PathBuf::new(), text.into())
    }

    #[test]
    fn human_diagnostic_on_a_huge_line_shows_a_window() {
        let text = "x".repeat(1_000_000) + "BAD" + &"y".repeat(1_000_000);
        let f = file(&text);
        let ex = Excerpt::new(&f, 1_000_000, 1_000_003);
        assert!(ex.text.len() < 4 * WINDOW_CHARS, "{}", ex.text.len());
        assert_eq!(&ex.text[ex.label.clone()], "BAD");
        assert_eq!(ex.start, (1, 1_000_001));
        assert!(ex.text.starts_with('…') && ex.text.ends_with("…\n"));
    }

    #[test]
    fn terminal_escape_codes_in_source_are_escaped() {
        let f = file("a \u{1b}]52;c;ZXZpbA==\u{7} b\n");
        let ex = Excerpt::new(&f, 2, 3);
        assert!(!ex.text.contains('\u{1b}') && !ex.text.contains('\u{7}'));
        assert_eq!(&ex.text[ex.label.clone()], "\\u{1b}");
        assert_eq!(printable("ok\u{1b}[2J"), "ok\\u{1b}[2J");
    }

    #[test]
    fn multi_line_spans_are_capped() {
        let text = "l\n".repeat(100);
        let f = file(&text);
        let ex = Excerpt::new(&f, 0, text.len());
        assert_eq!(ex.line_starts.len(), MAX_LINES);
        assert_eq!(ex.first_line, 0);
    }

    #[test]
    fn spans_at_line_end_and_empty_files_do_not_panic() {
        let f = file("abc\n");
        let ex = Excerpt::new(&f, 3, 4);
        assert_eq!(ex.label.start, 3);
        let f = file("");
        let ex = Excerpt::new(&f, 0, 0);
        assert_eq!(ex.label, 0..0);
        let f = file("é");
        let ex = Excerpt::new(&f, 1, 9);
        assert!(ex.label.end <= ex.text.len());
    }
}
