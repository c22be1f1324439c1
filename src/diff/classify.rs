//! Expected differences: the `equivalent` rules of a `[[diff]]` pair, and
//! the word or line hunks they explain.
//!
//! A rule `["CSFLE-enabled", "{+qe+} enabled"]` says that where the left
//! variant writes the first text, the right one writes the second. Rules are
//! expanded like pages (constants, then inline markup reduced to plain text),
//! applied to the left side in one pass (a replacement is never rewritten by
//! a later rule), and a difference that disappears once they are applied is
//! `expected`, not drift.

use crate::diag::{Code, Diagnostic};
use crate::doc::{plain_text, walk_blocks, BlockKind};
use crate::text::{expand_constants, Constants, FileId};
use similar::{Algorithm, DiffOp};
use std::ops::Range;
use std::time::{Duration, Instant};

/// One rule, as written and as applied.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    /// The texts after constant expansion (what is matched and written).
    pub(crate) left: String,
    pub(crate) right: String,
}

/// The rules of one comparison.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rules {
    pub(crate) rules: Vec<Rule>,
}

/// A file id no file has: spans of rule texts point nowhere.
const NO_FILE: FileId = FileId(u32::MAX);

/// Expands one side of a rule like a page: constants, then (when a
/// constant brought in markup such as `:abbr:`) inline markup to plain text.
fn expand_rule_text(raw: &str, constants: &Constants) -> Result<String, Diagnostic> {
    let (expanded, map, diags) = expand_constants(raw, constants, NO_FILE);
    if let Some(d) = diags.into_iter().find(|d| d.is_error()) {
        // The span points into the rule text, not a file: drop it.
        return Err(Diagnostic::error(
            d.code,
            format!("[[diff]] equivalent rule `{raw}`: {}", d.message),
        )
        .with_help(
            d.help
                .unwrap_or_else(|| "fix the rule in the [[diff]] table of procdoc.toml".into()),
        ));
    }
    if expanded == raw || !expanded.contains(['`', '*', '|']) {
        return Ok(expanded);
    }
    let (doc, _) = crate::rst::parse(&expanded, &map, NO_FILE);
    let mut parts = Vec::new();
    walk_blocks(&doc.blocks, &mut |b| {
        if let BlockKind::Paragraph(p) = &b.kind {
            parts.push(plain_text(p));
        }
    });
    let mut plain = parts.join(" ");
    // Keep the rule's own leading and trailing blanks: they are part of it.
    let lead = &raw[..raw.len() - raw.trim_start().len()];
    let trail = &raw[raw.trim_end().len()..];
    plain = format!("{lead}{}{trail}", plain.trim());
    Ok(plain)
}

impl Rules {
    /// Expands the rules' constants. An undefined constant in a rule is an
    /// error (`undefined-constant`).
    pub(crate) fn new(raw: &[[String; 2]], constants: &Constants) -> Result<Rules, Diagnostic> {
        let mut rules = Vec::new();
        for [l, r] in raw {
            let left = expand_rule_text(l, constants)?;
            let right = expand_rule_text(r, constants)?;
            if left.is_empty() {
                return Err(Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("[[diff]] equivalent rule [\"{l}\", \"{r}\"] has an empty left text"),
                )
                .with_help("each rule is [\"text on the left\", \"text on the right\"]"));
            }
            rules.push(Rule { left, right });
        }
        Ok(Rules { rules })
    }

    /// The rules as `[left, right]` pairs, expanded.
    pub(crate) fn expanded(&self) -> Vec<[String; 2]> {
        self.rules
            .iter()
            .map(|r| [r.left.clone(), r.right.clone()])
            .collect()
    }

    /// Applies every rule to `s` in one left-to-right pass; at each position
    /// the longest matching left text wins. Returns the result and the
    /// indexes of the rules that fired.
    pub(crate) fn apply(&self, s: &str) -> (String, Vec<usize>) {
        if self.rules.is_empty() {
            return (s.to_string(), Vec::new());
        }
        let mut out = String::with_capacity(s.len());
        let mut fired = Vec::new();
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            let best = self
                .rules
                .iter()
                .enumerate()
                .filter(|(_, r)| rest.starts_with(r.left.as_str()))
                .max_by_key(|(_, r)| r.left.len());
            match best {
                Some((idx, r)) => {
                    out.push_str(&r.right);
                    i += r.left.len();
                    if !fired.contains(&idx) {
                        fired.push(idx);
                    }
                }
                None => {
                    let ch = rest.chars().next().unwrap_or(' ');
                    out.push(ch);
                    i += ch.len_utf8().max(1);
                }
            }
        }
        (out, fired)
    }

    /// `s` with the rules applied.
    pub(crate) fn apply_str(&self, s: &str) -> String {
        self.apply(s).0
    }

    /// Whether the rules turn the words `l` into the words `r`; the rules
    /// that did it.
    pub(crate) fn explain_words(&self, l: &[&str], r: &[&str]) -> Option<Vec<usize>> {
        if self.rules.is_empty() {
            return None;
        }
        let (applied, fired) = self.apply(&l.join(" "));
        (!fired.is_empty() && applied.split_whitespace().eq(r.iter().copied())).then_some(fired)
    }

    /// Whether the rules turn the (normalized) lines `l` into `r`.
    pub(crate) fn explain_lines(&self, l: &[&str], r: &[&str]) -> Option<Vec<usize>> {
        if self.rules.is_empty() {
            return None;
        }
        let (applied, fired) = self.apply(&l.join("\n"));
        let lines: Vec<String> = applied.lines().map(normalize_ws).collect();
        (!fired.is_empty() && lines.iter().map(String::as_str).eq(r.iter().copied()))
            .then_some(fired)
    }

    /// The rules with these indexes, as `[left, right]`.
    pub(crate) fn pick(&self, idx: &[usize]) -> Vec<[String; 2]> {
        idx.iter()
            .filter_map(|&i| self.rules.get(i))
            .map(|r| [r.left.clone(), r.right.clone()])
            .collect()
    }
}

/// Whitespace runs collapsed to one space, ends trimmed.
pub(crate) fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How long one sequence diff may take before similar falls back to a
/// coarser (still correct) answer: hostile inputs never hang a run.
const DIFF_DEADLINE: Duration = Duration::from_millis(500);

/// The diff operations turning `l` into `r`.
pub(crate) fn diff_ops<T: std::hash::Hash + Eq + Ord>(l: &[T], r: &[T]) -> Vec<DiffOp> {
    similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        l,
        r,
        Some(Instant::now() + DIFF_DEADLINE),
    )
}

/// How alike two sequences are, 0 to 1.
pub(crate) fn ratio<T: std::hash::Hash + Eq + Ord>(l: &[T], r: &[T]) -> f32 {
    if l.is_empty() && r.is_empty() {
        return 1.0;
    }
    // At best every token of the shorter side matches: when even that is
    // far from similar (lengths ten times apart), do not diff at all.
    let best = 2.0 * l.len().min(r.len()) as f32 / (l.len() + r.len()) as f32;
    if best < 0.2 {
        return 0.0;
    }
    let ops = diff_ops(l, r);
    similar::get_diff_ratio(&ops, l.len(), r.len())
}

/// Says whether (and by which rules) left tokens become right tokens.
pub(crate) type Explain<'a> = dyn Fn(&[&str], &[&str]) -> Option<Vec<usize>> + 'a;

/// A run of differing tokens (words or lines).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hunk {
    /// Token range on the left.
    pub(crate) l: Range<usize>,
    /// Token range on the right.
    pub(crate) r: Range<usize>,
    /// The rules that explain it, when it is expected.
    pub(crate) rules: Option<Vec<usize>>,
}

/// Groups the diff of `l` and `r` into hunks and classifies each with
/// `explain`. A hunk the rules do not explain on its own is retried merged
/// with its neighbours (a rule may span a word both sides share) and with a
/// little shared context around it.
pub(crate) fn hunks(l: &[&str], r: &[&str], explain: &Explain) -> Vec<Hunk> {
    let ops = diff_ops(l, r);
    let mut raw: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for op in &ops {
        let (tag, lr, rr) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        match raw.last_mut() {
            Some((pl, pr)) if pl.end == lr.start && pr.end == rr.start => {
                pl.end = lr.end;
                pr.end = rr.end;
            }
            _ => raw.push((lr, rr)),
        }
    }
    let mut out: Vec<Hunk> = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let (lr, rr) = raw[i].clone();
        if let Some(f) = explain(&l[lr.clone()], &r[rr.clone()]) {
            out.push(Hunk {
                l: lr,
                r: rr,
                rules: Some(f),
            });
            i += 1;
            continue;
        }
        // Merge with up to two following hunks separated by little context.
        let mut merged = None;
        let mut j = i + 1;
        while j < raw.len() && j <= i + 2 {
            let gap = raw[j].0.start - raw[j - 1].0.end;
            if gap > 3 {
                break;
            }
            let ml = lr.start..raw[j].0.end;
            let mr = rr.start..raw[j].1.end;
            if let Some(f) = explain(&l[ml.clone()], &r[mr.clone()]) {
                merged = Some((
                    j,
                    Hunk {
                        l: ml,
                        r: mr,
                        rules: Some(f),
                    },
                ));
                break;
            }
            j += 1;
        }
        if let Some((j, h)) = merged {
            out.push(h);
            i = j + 1;
            continue;
        }
        // Widen with shared context on either side.
        let prev_end = out.last().map(|h| (h.l.end, h.r.end)).unwrap_or((0, 0));
        let next_start = raw
            .get(i + 1)
            .map(|(a, b)| (a.start, b.start))
            .unwrap_or((l.len(), r.len()));
        let mut found = None;
        'widen: for a in 0..=2usize {
            for b in 0..=2usize {
                if a == 0 && b == 0 {
                    continue;
                }
                if lr.start < prev_end.0 + a || rr.start < prev_end.1 + a {
                    continue;
                }
                if lr.end + b > next_start.0 || rr.end + b > next_start.1 {
                    continue;
                }
                let wl = lr.start - a..lr.end + b;
                let wr = rr.start - a..rr.end + b;
                if let Some(f) = explain(&l[wl.clone()], &r[wr.clone()]) {
                    found = Some(Hunk {
                        l: wl,
                        r: wr,
                        rules: Some(f),
                    });
                    break 'widen;
                }
            }
        }
        out.push(found.unwrap_or(Hunk {
            l: lr,
            r: rr,
            rules: None,
        }));
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(pairs: &[(&str, &str)]) -> Rules {
        let mut c = Constants::default();
        c.insert("qe", "Queryable Encryption");
        c.insert("abbr", ":abbr:`IAM (Identity and Access Management)`");
        let raw: Vec<[String; 2]> = pairs
            .iter()
            .map(|(a, b)| [a.to_string(), b.to_string()])
            .collect();
        Rules::new(&raw, &c).unwrap()
    }

    #[test]
    fn rules_expand_constants_and_markup() {
        let r = rules(&[("CSFLE-enabled", "{+qe+} enabled"), ("x", "{+abbr+} role")]);
        assert_eq!(r.rules[0].right, "Queryable Encryption enabled");
        assert_eq!(r.rules[1].right, "IAM role");
    }

    #[test]
    fn undefined_constant_in_rule_is_an_error_without_span() {
        let e = Rules::new(&[["{+nope+}".into(), "x".into()]], &Constants::default()).unwrap_err();
        assert_eq!(e.code, Code::UndefinedConstant);
        assert!(e.span.is_none());
    }

    #[test]
    fn one_pass_longest_match() {
        let r = rules(&[("csfle-", "qe-"), ("qe-", "zz-"), ("csfle-tut", "T")]);
        assert_eq!(
            r.apply_str("csfle-tutorial csfle-x qe-y"),
            "Torial qe-x zz-y"
        );
    }

    #[test]
    fn hunks_are_classified() {
        let r = rules(&[("CSFLE-enabled", "{+qe+} enabled")]);
        let l: Vec<&str> = "your CSFLE-enabled app by using an IAM role"
            .split(' ')
            .collect();
        let rr: Vec<&str> = "your Queryable Encryption enabled app through an IAM role"
            .split(' ')
            .collect();
        let h = hunks(&l, &rr, &|a, b| r.explain_words(a, b));
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].rules, Some(vec![0]));
        assert_eq!(h[1].rules, None);
        assert_eq!(l[h[1].l.clone()].join(" "), "by using");
        assert_eq!(rr[h[1].r.clone()].join(" "), "through");
    }

    #[test]
    fn rule_sharing_a_word_is_found_by_widening() {
        let r = rules(&[("the CSFLE app", "the QE app")]);
        let l: Vec<&str> = "use the CSFLE app now".split(' ').collect();
        let rr: Vec<&str> = "use the QE app now".split(' ').collect();
        let h = hunks(&l, &rr, &|a, b| r.explain_words(a, b));
        assert_eq!(h.len(), 1);
        assert!(h[0].rules.is_some());
    }
}
