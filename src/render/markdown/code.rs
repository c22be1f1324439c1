//! Fenced code blocks and code spans, with fences longer than their content.

use super::*;

/// A fenced code block, caption first as an italic line.
pub(super) fn code_block(c: &CodeBlock) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(cap) = c
        .caption
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        lines.push(format!("*{}*", escape_plain(cap, true)));
        lines.push(String::new());
    }
    let fence = "`".repeat((longest_run(&c.text, '`') + 1).max(3));
    // The info string may not contain backticks; only the first word counts.
    let lang: String = c
        .language
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|&ch| ch != '`')
        .collect();
    lines.push(format!("{fence}{lang}"));
    let text = c.text.strip_suffix('\n').unwrap_or(&c.text);
    if !text.is_empty() {
        lines.extend(text.split('\n').map(str::to_string));
    }
    lines.push(fence);
    lines
}

pub(super) fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// A code span: a backtick string whose length appears in no run inside,
/// padded when the content would otherwise lose or merge edge characters.
pub(super) fn code_span(text: &str, table: bool, out: &mut String) {
    let mut t = text.replace(['\n', '\r'], " ");
    if t.is_empty() {
        return;
    }
    if table {
        t = t.replace('|', "\\|");
    }
    let mut runs = Vec::new();
    let mut cur = 0;
    for c in t.chars().chain(std::iter::once('\0')) {
        if c == '`' {
            cur += 1;
        } else if cur > 0 {
            runs.push(cur);
            cur = 0;
        }
    }
    let mut n = 1;
    while runs.contains(&n) {
        n += 1;
    }
    let ticks = "`".repeat(n);
    let pad = t.starts_with('`')
        || t.ends_with('`')
        || (t.starts_with(' ') && t.ends_with(' ') && t.chars().any(|c| c != ' '));
    out.push_str(&ticks);
    if pad {
        out.push(' ');
    }
    out.push_str(&t);
    if pad {
        out.push(' ');
    }
    out.push_str(&ticks);
}
