//! Markdown for a pull-request comment: a verdict, a table of steps, the
//! drift of each drifted step as ```` ```diff ```` blocks with both
//! locations, and the expected differences folded away in `<details>`.

use super::{loc_str, pair_line, rules_str, set_verdict, verdict, what_str};
use crate::diff::report::{Class, DiffReport, DiffSet, Difference, Status, StepDiff};

/// Escapes text for Markdown (inline context, table cells included).
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// An inline code span that survives backticks in `s`.
fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut run = 0;
    let mut longest = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// A fenced block that survives backtick runs in its content.
fn fence_for(content: &str) -> String {
    let mut longest = 0;
    for l in content.lines() {
        let t = l.trim_start();
        let n = t.chars().take_while(|c| *c == '`').count();
        longest = longest.max(n);
    }
    "`".repeat(longest.max(2) + 1)
}

/// Renders a comparison as Markdown.
pub fn format_markdown(set: &DiffSet) -> String {
    let mut out = String::new();
    if let (Some(l), Some(r)) = (&set.left_dir, &set.right_dir) {
        out.push_str(&format!(
            "## Variant drift: {} ↔ {}\n\n{} paired file(s), {} only left, {} only right — **{}**\n\n",
            code(l),
            code(r),
            set.pairs.len(),
            set.only_left.len(),
            set.only_right.len(),
            set_verdict(set)
        ));
        for f in &set.only_left {
            out.push_str(&format!("- only in {}: {}\n", code(l), code(f)));
        }
        for f in &set.only_right {
            out.push_str(&format!("- only in {}: {}\n", code(r), code(f)));
        }
        if !set.only_left.is_empty() || !set.only_right.is_empty() {
            out.push('\n');
        }
    }
    if set.left_dir.is_none() && (!set.only_left.is_empty() || !set.only_right.is_empty()) {
        out.push_str(&format!("**{}**\n\n", set_verdict(set)));
        for f in &set.only_left {
            out.push_str(&format!(
                "- only on the left (no counterpart): {}\n",
                code(f)
            ));
        }
        for f in &set.only_right {
            out.push_str(&format!(
                "- only on the right (no counterpart): {}\n",
                code(f)
            ));
        }
        out.push('\n');
    }
    for d in &set.errors {
        out.push_str(&format!(
            "> **error** `{}`: {}\n\n",
            d.code,
            esc(&d.message)
        ));
    }
    for p in &set.pairs {
        pair(p, &mut out);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn pair(p: &DiffReport, out: &mut String) {
    match &p.titles {
        Some([l, r]) => out.push_str(&format!(
            "### {} ↔ {}\n\n{} ↔ {}\n\n",
            esc(l),
            esc(r),
            code(&p.left),
            code(&p.right)
        )),
        None => out.push_str(&format!("### {} ↔ {}\n\n", code(&p.left), code(&p.right))),
    }
    out.push_str(&format!(
        "**{}** — {}.\n\n",
        verdict(p.status),
        pair_line(p)
    ));
    if p.steps.is_empty() {
        return;
    }
    out.push_str("| Step | Status | Changed | Only left | Only right | Expected |\n");
    out.push_str("|---|---|---:|---:|---:|---:|\n");
    for s in &p.steps {
        out.push_str(&format!(
            "| {} | {}{} | {} | {} | {} | {} |\n",
            esc(&title(s)),
            s.status.as_str(),
            if s.moved { " (moved)" } else { "" },
            s.counts.changed,
            s.counts.only_left,
            s.counts.only_right,
            s.counts.expected
        ));
    }
    out.push('\n');
    let loud = |c: Class| c.is_drift() || c == Class::Unresolved;
    for s in p
        .steps
        .iter()
        .filter(|s| s.status.is_drift() || s.status == Status::Unresolved)
    {
        out.push_str(&format!(
            "#### {} — {}\n\n",
            esc(&title(s)),
            s.status.as_str()
        ));
        for d in s.differences.iter().filter(|d| loud(d.class)) {
            difference(d, out);
        }
    }
    let quiet: Vec<&Difference> = p
        .steps
        .iter()
        .flat_map(|s| s.differences.iter())
        .filter(|d| !loud(d.class))
        .collect();
    if !quiet.is_empty() {
        let n_exp = quiet.iter().filter(|d| d.class == Class::Expected).count();
        let n_mk = quiet.len() - n_exp;
        let mut what = Vec::new();
        if n_exp > 0 {
            what.push(format!("{n_exp} expected"));
        }
        if n_mk > 0 {
            what.push(format!("{n_mk} markup"));
        }
        out.push_str(&format!(
            "<details><summary>{} difference(s) that are not drift</summary>\n\n",
            what.join(", ")
        ));
        for d in quiet {
            let mut line = format!(
                "- **{}** {}: {} → {}",
                d.class.as_str(),
                esc(&what_str(d)),
                d.left
                    .text
                    .as_deref()
                    .map(code)
                    .unwrap_or_else(|| "∅".into()),
                d.right
                    .text
                    .as_deref()
                    .map(code)
                    .unwrap_or_else(|| "∅".into()),
            );
            if let Some(r) = rules_str(d) {
                line.push_str(&format!(" ({})", esc(&r)));
            }
            if let Some(n) = &d.note {
                line.push_str(&format!(" ({})", esc(n)));
            }
            line.push_str(&format!(
                " — {} ↔ {}\n",
                code(&loc_str(&d.left.at)),
                code(&loc_str(&d.right.at))
            ));
            out.push_str(&line);
        }
        out.push_str("\n</details>\n\n");
    }
}

fn title(s: &StepDiff) -> String {
    let t = s.title();
    match (&s.left, &s.right) {
        (Some(l), Some(r)) if l.number.is_some() && l.number != r.number => {
            format!("{t} (left step {})", l.number.unwrap_or(0))
        }
        (Some(_), None) => format!("{t} (left only)"),
        (None, Some(_)) => format!("{t} (right only)"),
        _ => t,
    }
}

fn difference(d: &Difference, out: &mut String) {
    let absent = |p: &crate::diff::report::Place| if p.text.is_none() { " (absent)" } else { "" };
    let mut head = format!(
        "- **{}** {} — left {}{}, right {}{}",
        d.class.as_str(),
        esc(&what_str(d)),
        code(&loc_str(&d.left.at)),
        absent(&d.left),
        code(&loc_str(&d.right.at)),
        absent(&d.right),
    );
    if let Some(n) = &d.note {
        head.push_str(&format!(" ({})", esc(n)));
    }
    out.push_str(&head);
    out.push_str("\n\n");
    let mut body = String::new();
    let word_level = !d.before.is_empty() || !d.after.is_empty();
    let side = |t: Option<&str>, sign: char, body: &mut String| {
        if let Some(t) = t {
            if word_level {
                let mut s = String::new();
                if !d.before.is_empty() {
                    s.push_str(&format!("… {} ", d.before));
                }
                s.push_str(t);
                if !d.after.is_empty() {
                    s.push_str(&format!(" {} …", d.after));
                }
                body.push_str(&format!("{sign} {s}\n"));
            } else {
                for l in t.lines() {
                    body.push_str(&format!("{sign} {l}\n"));
                }
            }
        }
    };
    side(d.left.text.as_deref(), '-', &mut body);
    side(d.right.text.as_deref(), '+', &mut body);
    if body.is_empty() {
        return;
    }
    let fence = fence_for(&body);
    out.push_str(&format!("  {fence}diff\n"));
    for l in body.lines() {
        out.push_str(&format!("  {l}\n"));
    }
    out.push_str(&format!("  {fence}\n\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("``x``"), "``` ``x`` ```");
    }

    #[test]
    fn escapes_tables_and_html() {
        assert_eq!(esc("a|b <x>"), "a\\|b \\<x\\>");
    }
}
