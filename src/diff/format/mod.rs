//! Output formats for a comparison: [`format_text`] for terminals,
//! [`format_markdown`] for pull-request comments, [`format_json`] for
//! scripts and [`format_html`] for the side-by-side page. They all read the
//! same [`DiffSet`](super::DiffSet); the helpers here keep their wording
//! consistent.

pub(crate) mod html;
mod json;
mod markdown;
mod text;

pub use html::{format_html, format_html_standalone};
pub use json::format_json;
pub use markdown::format_markdown;
pub use text::format_text;

use super::report::{Counts, DiffReport, DiffSet, Difference, Status};
use crate::diag::render::Location;

/// `file:line:column`.
pub(crate) fn loc_str(at: &Location) -> String {
    format!("{}:{}:{}", at.file, at.line, at.column)
}

/// `paragraph in important “Title”`.
pub(crate) fn what_str(d: &Difference) -> String {
    if d.context.is_empty() {
        d.what.clone()
    } else {
        format!("{} in {}", d.what, d.context.join(" › "))
    }
}

/// [`what_str`] for readers of the site pages: directive names said in
/// words (`Paragraph in Important “Title”`, `Included file path`).
pub(crate) fn prose_what(d: &Difference) -> String {
    let what = prose(&d.what);
    if d.context.is_empty() {
        what
    } else {
        let ctx: Vec<String> = d.context.iter().map(|c| prose(c)).collect();
        format!("{what} in {}", ctx.join(" › "))
    }
}

/// A `what` or context label with its leading directive name in words.
fn prose(label: &str) -> String {
    let (first, rest) = label.split_once(' ').unwrap_or((label, ""));
    let head = match (first, rest) {
        ("literalinclude", r) if r == "path" || r.starts_with("path ") => {
            return format!("Included file's path{}", &r[4..]);
        }
        ("ref", r) if r.starts_with("target") => {
            return format!("Link target{}", &r[6..]);
        }
        (f, _) => crate::diff::model::kind_label(f),
    };
    if rest.is_empty() {
        head
    } else {
        format!("{head} {rest}")
    }
}

/// `rule “csfle-” → “qe-”; …` for expected differences.
pub(crate) fn rules_str(d: &Difference) -> Option<String> {
    if d.rules.is_empty() {
        return None;
    }
    let parts: Vec<String> = d
        .rules
        .iter()
        .map(|[l, r]| format!("“{l}” → “{r}”"))
        .collect();
    Some(format!(
        "{} {}",
        if parts.len() == 1 { "rule" } else { "rules" },
        parts.join(", ")
    ))
}

/// `1 changed, 7 only-right, 5 expected` (zero counts left out).
pub(crate) fn counts_str(c: &Counts, with_markup: bool) -> String {
    let mut parts = Vec::new();
    for (n, name) in [
        (c.changed, "changed"),
        (c.only_left, "only-left"),
        (c.only_right, "only-right"),
        (c.expected, "expected"),
        (c.unresolved, "unresolved"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {name}"));
        }
    }
    if with_markup && c.markup > 0 {
        parts.push(format!("{} markup", c.markup));
    }
    if parts.is_empty() {
        "no differences".into()
    } else {
        parts.join(", ")
    }
}

/// `3 steps, 3 aligned (1 equal, 1 expected, 1 changed)`; the text around
/// the steps is mentioned when it differs.
pub(crate) fn steps_str(r: &DiffReport) -> String {
    let is_real = |s: &&crate::diff::report::StepDiff| {
        s.left
            .as_ref()
            .or(s.right.as_ref())
            .is_some_and(|x| x.number.is_some())
    };
    let real: Vec<_> = r.steps.iter().filter(is_real).collect();
    let aligned = real
        .iter()
        .filter(|s| s.left.is_some() && s.right.is_some())
        .count();
    let mut by = Vec::new();
    for st in [
        Status::Equal,
        Status::Expected,
        Status::Changed,
        Status::OnlyLeft,
        Status::OnlyRight,
        Status::Unresolved,
    ] {
        let n = real.iter().filter(|s| s.status == st).count();
        if n > 0 {
            by.push(format!("{n} {}", st.as_str()));
        }
    }
    let moved = real.iter().filter(|s| s.moved).count();
    if moved > 0 {
        by.push(format!("{moved} moved"));
    }
    let mut out = if real.is_empty() {
        "no steps".to_string()
    } else {
        format!(
            "{} step{}, {aligned} aligned{}",
            real.len(),
            if real.len() == 1 { "" } else { "s" },
            if by.is_empty() {
                String::new()
            } else {
                format!(" ({})", by.join(", "))
            }
        )
    };
    let around: Vec<&str> = r
        .steps
        .iter()
        .filter(|s| !is_real(s) && s.status != Status::Equal)
        .map(|s| s.status.as_str())
        .collect();
    if let Some(worst) = around.iter().find(|s| **s != "expected").or(around.first()) {
        if real.is_empty() {
            out.push_str(&format!(" (whole file {worst})"));
        } else {
            out.push_str(&format!(", text around the steps {worst}"));
        }
    }
    out
}

/// `3 steps, 3 aligned (…); 1 changed, 5 expected` (counts left out when
/// there are none).
pub(crate) fn pair_line(r: &DiffReport) -> String {
    let c = &r.counts;
    if c.drift() + c.expected + c.markup + c.unresolved == 0 {
        steps_str(r)
    } else {
        format!("{}; {}", steps_str(r), counts_str(c, true))
    }
}

/// The verdict of a pair: `no drift`, `expected differences only`, `drift`.
pub(crate) fn verdict(status: Status) -> &'static str {
    match status {
        Status::Equal => "no differences",
        Status::Expected => "no drift (expected differences only)",
        Status::Unresolved => "cannot tell: some included content could not be read",
        _ => "drift",
    }
}

/// The overall verdict of a set.
pub(crate) fn set_verdict(set: &DiffSet) -> &'static str {
    match (set.has_drift(), set.trouble().is_empty()) {
        (false, true) => "no drift",
        (true, true) => "drift",
        (false, false) => "trouble: some files could not be read or compared",
        (true, false) => "drift, and trouble: some files could not be read or compared",
    }
}

/// Lines of a text, at least one.
pub(crate) fn lines_of(s: &str) -> Vec<&str> {
    let v: Vec<&str> = s.lines().collect();
    if v.is_empty() {
        vec![""]
    } else {
        v
    }
}
