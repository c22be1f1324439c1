//! Escaping text and link destinations so Markdown reads them literally.

use super::*;

/// A link destination: in angle brackets when it has spaces or parentheses;
/// backslashes, entity-like `&` and brackets escaped (and `|` in a table
/// cell, where it would end the cell); control characters percent-encoded.
pub(super) fn link_destination(url: &str, table: bool) -> String {
    let angle = url
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>'));
    let mut s = String::new();
    if angle {
        s.push('<');
    }
    for (i, c) in url.char_indices() {
        match c {
            '\\' => s.push_str("\\\\"),
            '<' | '>' => {
                s.push('\\');
                s.push(c);
            }
            '&' if looks_like_entity(&url[i..]) => s.push_str("\\&"),
            '|' if table => s.push_str("\\|"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    s.push_str(&format!("%{b:02X}"));
                }
            }
            c => s.push(c),
        }
    }
    if angle {
        s.push('>');
    }
    s
}

/// Whether `s` (starting with `&`) would be read as an entity reference.
pub(super) fn looks_like_entity(s: &str) -> bool {
    let rest = &s[1..];
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

/// Text with every Markdown-significant character escaped, for plain
/// strings put inside bold or italic labels.
pub(super) fn escape_plain(text: &str, mid_line: bool) -> String {
    let mut s = String::new();
    push_text(
        text,
        InlineCx {
            mid_line,
            one_line: true,
            ..InlineCx::default()
        },
        &mut s,
    );
    s
}

/// Appends text, escaped so Markdown reads it back as the same characters.
pub(super) fn push_text(text: &str, cx: InlineCx, out: &mut String) {
    for (i, seg) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(if cx.one_line { ' ' } else { '\n' });
        }
        let at_start = (out.is_empty() && !cx.mid_line) || out.ends_with('\n');
        // Leading spaces would be dropped, or make an indented code block.
        let seg = if at_start { seg.trim_start() } else { seg };
        escape_segment(seg.trim_end_matches('\r'), at_start, cx.heading, out);
    }
}

/// Escapes one line of text. Always: `\ ` * [ ] < | ~`, `_` unless inside a
/// word, `&` before something entity-like, `#` in headings. At the start of
/// a line also what would start a block: `#`, `>`, list markers (`-`, `+`,
/// `1.`, `1)`), setext underlines (`=`, `-`).
pub(super) fn escape_segment(seg: &str, at_start: bool, heading: bool, out: &mut String) {
    let escape_at = if at_start { block_start(seg) } else { None };
    // Every character escaped is ASCII: scan bytes, copy the runs between.
    let mut last = 0;
    for (i, &b) in seg.as_bytes().iter().enumerate() {
        let escape = escape_at == Some(i)
            || match b {
                b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'|' | b'~' => true,
                b'_' => !inside_word(seg, i),
                b'&' => looks_like_entity(&seg[i..]),
                b'#' => heading,
                _ => false,
            };
        if escape {
            out.push_str(&seg[last..i]);
            out.push('\\');
            last = i;
        }
    }
    out.push_str(&seg[last..]);
}

/// The byte to escape in a line that would otherwise start a block: `#`,
/// `>`, a list marker (`-`, `+`, `1.`, `1)`) or a setext underline.
fn block_start(seg: &str) -> Option<usize> {
    let bytes = seg.as_bytes();
    let rest_is_break = |from: usize| seg[from..].chars().next().is_none_or(char::is_whitespace);
    match *bytes.first()? {
        b'#' | b'>' => Some(0),
        c @ (b'-' | b'+' | b'=') => {
            let only_marks = bytes.iter().all(|&x| x == c || x == b' ' || x == b'\t');
            (only_marks || (c != b'=' && rest_is_break(1))).then_some(0)
        }
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|c| c.is_ascii_digit()).count();
            (digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && rest_is_break(digits + 1))
            .then_some(digits)
        }
        _ => None,
    }
}

/// Whether the `_` at byte `i` stands between two letters or digits.
fn inside_word(seg: &str, i: usize) -> bool {
    seg[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
        && seg[i + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}
