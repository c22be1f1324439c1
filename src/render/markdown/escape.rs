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
    let chars: Vec<char> = seg.chars().collect();
    let mut escape_at = None;
    if at_start && !chars.is_empty() {
        let rest_is_break = |from: usize| !matches!(chars.get(from), Some(c) if !c.is_whitespace());
        match chars[0] {
            '#' | '>' => escape_at = Some(0),
            c @ ('-' | '+' | '=') => {
                let only_marks = chars.iter().all(|&x| x == c || x == ' ' || x == '\t');
                if only_marks || (c != '=' && rest_is_break(1)) {
                    escape_at = Some(0);
                }
            }
            '0'..='9' => {
                let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
                if digits <= 9
                    && matches!(chars.get(digits), Some('.' | ')'))
                    && rest_is_break(digits + 1)
                {
                    escape_at = Some(digits);
                }
            }
            _ => {}
        }
    }
    let mut byte = 0;
    for (i, &c) in chars.iter().enumerate() {
        if escape_at == Some(i) {
            out.push('\\');
        }
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => out.push('\\'),
            '_' => {
                let inside_word = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inside_word {
                    out.push('\\');
                }
            }
            '&' if looks_like_entity(&seg[byte..]) => out.push('\\'),
            '#' if heading => out.push('\\'),
            _ => {}
        }
        out.push(c);
        byte += c.len_utf8();
    }
}
