//! Terminal output: one line per aligned step, then its differences with
//! both locations and a word diff (`[-removed-][+added+]` without colour
//! (never `{+…+}`, which is snooty's constant syntax),
//! red and green with colour). The caller decides on colour (a terminal and
//! no `NO_COLOR`).

use super::{counts_str, lines_of, loc_str, pair_line, rules_str, set_verdict, verdict, what_str};
use crate::diff::report::{Class, DiffReport, DiffSet, Difference, Status, StepDiff};

/// ANSI styles, or nothing.
struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color && !s.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn class(&self, c: Class, s: &str) -> String {
        match c {
            Class::Changed => self.paint("1;33", s),
            Class::OnlyLeft => self.paint("31", s),
            Class::OnlyRight => self.paint("32", s),
            Class::Expected => self.paint("36", s),
            Class::Markup => self.paint("2", s),
            Class::Unresolved => self.paint("35", s),
        }
    }
    fn status(&self, st: Status, s: &str) -> String {
        match st {
            Status::Equal => self.paint("2", s),
            Status::Expected => self.paint("36", s),
            Status::Changed => self.paint("1;33", s),
            Status::OnlyLeft => self.paint("31", s),
            Status::OnlyRight => self.paint("32", s),
            Status::Unresolved => self.paint("35", s),
        }
    }
    /// Removed words.
    fn del(&self, s: &str, expected: bool) -> String {
        if self.color {
            self.paint(if expected { "36;9" } else { "1;31" }, s)
        } else {
            format!("[-{s}-]")
        }
    }
    /// A removed line (its `-` says it all).
    fn minus(&self, s: &str, expected: bool) -> String {
        self.paint(if expected { "36" } else { "31" }, &format!("- {s}"))
    }
    /// An added line.
    fn plus(&self, s: &str, expected: bool) -> String {
        self.paint(if expected { "36" } else { "32" }, &format!("+ {s}"))
    }
    /// Added words.
    fn ins(&self, s: &str, expected: bool) -> String {
        if self.color {
            self.paint(if expected { "36" } else { "1;32" }, s)
        } else {
            format!("[+{s}+]")
        }
    }
}

/// Renders a comparison for a terminal. `color` adds ANSI colours.
pub fn format_text(set: &DiffSet, color: bool) -> String {
    let st = Style { color };
    let mut out = String::new();
    if let (Some(l), Some(r)) = (&set.left_dir, &set.right_dir) {
        out.push_str(&st.bold(&format!("comparing folders {l} ↔ {r}")));
        out.push('\n');
        out.push_str(&format!(
            "{} paired file(s), {} only in the left folder, {} only in the right folder\n",
            set.pairs.len(),
            set.only_left.len(),
            set.only_right.len()
        ));
        for f in &set.only_left {
            out.push_str(&format!(
                "  {}  {l}/{f}\n",
                st.class(Class::OnlyLeft, "only-left ")
            ));
        }
        for f in &set.only_right {
            out.push_str(&format!(
                "  {}  {r}/{f}\n",
                st.class(Class::OnlyRight, "only-right")
            ));
        }
        out.push('\n');
    } else if !set.only_left.is_empty() || !set.only_right.is_empty() {
        for f in &set.only_left {
            out.push_str(&format!(
                "  {}  {f} (no right counterpart)\n",
                st.class(Class::OnlyLeft, "only-left ")
            ));
        }
        for f in &set.only_right {
            out.push_str(&format!(
                "  {}  {f} (no left counterpart)\n",
                st.class(Class::OnlyRight, "only-right")
            ));
        }
        out.push('\n');
    }
    for d in &set.errors {
        out.push_str(&format!("error[{}]: {}\n", d.code, d.message));
    }
    let several = set.pairs.len() > 1
        || set.left_dir.is_some()
        || !set.only_left.is_empty()
        || !set.only_right.is_empty();
    for (i, p) in set.pairs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if several && p.status == Status::Equal {
            out.push_str(&format!(
                "{} ↔ {}: {}\n",
                p.left,
                p.right,
                st.dim("no differences")
            ));
            continue;
        }
        pair(&st, p, &mut out);
    }
    if several {
        out.push_str(&format!(
            "\n{}: {} pair(s), {}\n",
            st.bold("total"),
            set.pairs.len(),
            counts_str(&set.counts(), true)
        ));
        out.push_str(&format!("{}\n", set_verdict(set)));
    } else if !set.trouble().is_empty() {
        // One pair: its summary says drift or not; say the trouble too.
        out.push_str(&format!("{}\n", set_verdict(set)));
    }
    out
}

fn pair(st: &Style, p: &DiffReport, out: &mut String) {
    out.push_str(&st.bold(&format!("{} ↔ {}", p.left, p.right)));
    out.push('\n');
    let width = p
        .steps
        .iter()
        .map(|s| s.numbering().chars().count())
        .max()
        .unwrap_or(0);
    for s in &p.steps {
        step(st, s, width, out);
    }
    out.push_str(&format!(
        "{}: {} — {}\n",
        st.bold("summary"),
        pair_line(p),
        verdict(p.status)
    ));
}

fn step(st: &Style, s: &StepDiff, width: usize, out: &mut String) {
    let num = s.numbering();
    let pad = " ".repeat(width.saturating_sub(num.chars().count()));
    let heading = match (&s.left, &s.right) {
        (Some(l), Some(r)) if l.heading != r.heading => {
            format!("{} ↔ {}", l.heading, r.heading)
        }
        (l, r) => r
            .as_ref()
            .or(l.as_ref())
            .map(|x| x.heading.clone())
            .unwrap_or_default(),
    };
    let counts = if s.differences.is_empty() {
        String::new()
    } else {
        format!("  ({})", counts_str(&s.counts, true))
    };
    out.push_str(&format!(
        "{num}{pad}  {:<10}  {heading}{}{counts}\n",
        st.status(s.status, s.status.as_str()),
        if s.moved { " [moved]" } else { "" },
    ));
    for d in &s.differences {
        difference(st, d, out);
    }
}

fn difference(st: &Style, d: &Difference, out: &mut String) {
    let indent = "    ";
    let cont = "               ";
    let label = format!("{:<10}", d.class.as_str());
    let mut head = format!("{indent}{} {}", st.class(d.class, &label), what_str(d));
    let short = |s: &Option<String>| {
        s.as_deref()
            .map(|t| t.contains('\n') || t.chars().count() > 60)
            .unwrap_or(false)
    };
    let inline = matches!(d.class, Class::Expected | Class::Markup)
        && !short(&d.left.text)
        && !short(&d.right.text)
        && d.before.is_empty()
        && d.after.is_empty();
    if inline {
        head.push_str(&format!(
            ": {} → {}",
            d.left.text.as_deref().unwrap_or("∅"),
            d.right.text.as_deref().unwrap_or("∅")
        ));
    }
    if let Some(r) = rules_str(d) {
        head.push_str(&st.dim(&format!("  ({r})")));
    }
    if let Some(n) = &d.note {
        head.push_str(&st.dim(&format!("  ({n})")));
    }
    out.push_str(&head);
    out.push('\n');
    let absent = |p: &crate::diff::report::Place| {
        if p.text.is_none() {
            " (absent)"
        } else {
            ""
        }
    };
    out.push_str(&format!(
        "{cont}{}\n",
        st.dim(&format!(
            "at {}{} ↔ {}{}",
            loc_str(&d.left.at),
            absent(&d.left),
            loc_str(&d.right.at),
            absent(&d.right)
        ))
    ));
    if inline {
        return;
    }
    let expected = d.class == Class::Expected;
    match d.class {
        Class::OnlyLeft | Class::OnlyRight => {
            let (sign, text) = if d.class == Class::OnlyLeft {
                ("-", d.left.text.as_deref())
            } else {
                ("+", d.right.text.as_deref())
            };
            for l in lines_of(text.unwrap_or("")) {
                out.push_str(&format!(
                    "{cont}{}\n",
                    st.class(d.class, &format!("{sign} {l}"))
                ));
            }
        }
        _ => {
            let l = d.left.text.as_deref();
            let r = d.right.text.as_deref();
            let multiline =
                l.is_some_and(|t| t.contains('\n')) || r.is_some_and(|t| t.contains('\n'));
            if multiline || (d.before.is_empty() && d.after.is_empty() && d.what != "paragraph") {
                for x in l.map(lines_of).unwrap_or_default() {
                    out.push_str(&format!("{cont}{}\n", st.minus(x, expected)));
                }
                for x in r.map(lines_of).unwrap_or_default() {
                    out.push_str(&format!("{cont}{}\n", st.plus(x, expected)));
                }
            } else {
                let mut line = String::from(cont);
                if !d.before.is_empty() {
                    line.push_str(&format!("… {} ", d.before));
                }
                if let Some(l) = l {
                    line.push_str(&st.del(l, expected));
                }
                if let Some(r) = r {
                    line.push_str(&st.ins(r, expected));
                }
                if !d.after.is_empty() {
                    line.push_str(&format!(" {} …", d.after));
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
}
