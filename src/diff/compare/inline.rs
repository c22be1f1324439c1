//! Comparing running text word by word (one item per changed sentence),
//! directive options, link targets and inline markup.

use super::{classify_hunk, insertion, segments, words_span, worst, Cmp, Ctx, Out};
use crate::diff::classify::{diff_ops, hunks, normalize_ws};
use crate::diff::model::{Node, Text};
use crate::diff::report::{Class, Mark, Seg};
use similar::DiffTag;

impl Cmp<'_> {
    /// Word-by-word comparison of two texts. Emits a difference per hunk;
    /// returns the segments of both sides and the most serious class.
    pub(super) fn text(
        &self,
        what: &str,
        a: &Text,
        b: &Text,
        ctx: &Ctx,
        out: &mut Out,
    ) -> (Vec<Seg>, Vec<Seg>, Option<Class>) {
        let lw = a.word_strs();
        let rw = b.word_strs();
        let mut lmark = vec![Mark::Same; lw.len()];
        let mut rmark = vec![Mark::Same; rw.len()];
        let mut class = None;
        if lw != rw {
            // When the rules explain the whole text, every hunk is expected
            // even if the word diff split a rule's text.
            let whole = {
                let (applied, fired) = self.rules.apply(&a.plain());
                (!fired.is_empty() && applied.split_whitespace().eq(rw.iter().copied()))
                    .then_some(fired)
            };
            let mut classified = Vec::new();
            for h in hunks(&lw, &rw, &|x, y| self.rules.explain_words(x, y)) {
                let (cl, fired) = classify_hunk(&h, &whole, &mut lmark, &mut rmark);
                class = worst(class, Some(cl));
                classified.push((h, cl, fired));
            }
            // Drift hunks of one sentence are one difference.
            for (h, cl, fired) in merge_sentences(classified, &lw, &rw) {
                let lspan = words_span(&a.words[h.l.clone()])
                    .unwrap_or_else(|| insertion(&a.words, h.l.start, ctx.anchor_l));
                let rspan = words_span(&b.words[h.r.clone()])
                    .unwrap_or_else(|| insertion(&b.words, h.r.start, ctx.anchor_r));
                let ltext = (!h.l.is_empty()).then(|| lw[h.l.clone()].join(" "));
                let rtext = (!h.r.is_empty()).then(|| rw[h.r.clone()].join(" "));
                let mut d = self.mk(cl, what, &ctx.path, (lspan, ltext), (rspan, rtext));
                d.rules = self.rules.pick(&fired.unwrap_or_default());
                d.before = rw[h.r.start.saturating_sub(5)..h.r.start].join(" ");
                d.after = rw[h.r.end..(h.r.end + 5).min(rw.len())].join(" ");
                if d.before.is_empty() && d.after.is_empty() {
                    d.before = lw[h.l.start.saturating_sub(5)..h.l.start].join(" ");
                    d.after = lw[h.l.end..(h.l.end + 5).min(lw.len())].join(" ");
                }
                self.emit(out, d);
            }
        }
        (
            segments(&lw, &lmark, " "),
            segments(&rw, &rmark, " "),
            class,
        )
    }

    /// Directive options compared by name (`:tabid:` aside): a value
    /// that differs, or an option on one side only, is `changed` unless a
    /// rule explains it.
    pub(super) fn options(
        &self,
        a: &Node,
        oa: &[(String, String)],
        b: &Node,
        ob: &[(String, String)],
        ctx: &Ctx,
        out: &mut Out,
    ) -> Option<Class> {
        let mut class = None;
        let mut names: Vec<&str> = oa.iter().map(|(k, _)| k.as_str()).collect();
        for (k, _) in ob {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
        for name in names {
            let get =
                |o: &[(String, String)]| o.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
            let (x, y) = (get(oa), get(ob));
            if x == y {
                continue;
            }
            let d = self.mk_ruled(
                &format!("option :{name}:"),
                &ctx.path,
                (a.span, x),
                (b.span, y),
            );
            class = worst(class, Some(d.class));
            self.emit(out, d);
        }
        class
    }

    /// Link targets of links whose text is the same on both sides.
    pub(super) fn links(&self, a: &Text, b: &Text, ctx: &Ctx, out: &mut Out) -> Option<Class> {
        if a.links.is_empty() && b.links.is_empty() {
            return None;
        }
        let lt: Vec<String> = a
            .links
            .iter()
            .map(|l| normalize_ws(&self.rules.apply_str(&l.text)))
            .collect();
        let rt: Vec<String> = b.links.iter().map(|l| normalize_ws(&l.text)).collect();
        let mut class = None;
        for op in diff_ops(&lt, &rt) {
            let (tag, lr, rr) = op.as_tag_tuple();
            if tag != DiffTag::Equal {
                continue;
            }
            for (i, j) in lr.zip(rr) {
                let (x, y) = (&a.links[i], &b.links[j]);
                if x.target == y.target {
                    if x.kind != y.kind {
                        let d = self.mk(
                            Class::Markup,
                            "link kind",
                            &ctx.path,
                            (x.span, Some(x.kind.to_string())),
                            (y.span, Some(y.kind.to_string())),
                        );
                        class = worst(class, Some(Class::Markup));
                        self.emit(out, d);
                    }
                    continue;
                }
                let fired = self
                    .rules
                    .explain_words(&[x.target.as_str()], &[y.target.as_str()]);
                let cl = if fired.is_some() {
                    Class::Expected
                } else {
                    Class::Changed
                };
                let mut d = self.mk(
                    cl,
                    &format!("{} target", y.kind),
                    &ctx.path,
                    (x.span, Some(x.target.clone())),
                    (y.span, Some(y.target.clone())),
                );
                d.rules = self.rules.pick(&fired.unwrap_or_default());
                d.note = Some(format!("link text “{}”", y.text));
                class = worst(class, Some(cl));
                self.emit(out, d);
            }
        }
        class
    }

    /// Same words, different inline markup (`**x**` vs `x`).
    pub(super) fn inline_markup(
        &self,
        a: &Text,
        b: &Text,
        ctx: &Ctx,
        out: &mut Out,
    ) -> Option<Class> {
        if a.marked == b.marked || a.plain() != b.plain() {
            return None;
        }
        let ls = words_span(&a.words).unwrap_or(ctx.anchor_l);
        let rs = words_span(&b.words).unwrap_or(ctx.anchor_r);
        self.emit(
            out,
            self.mk(
                Class::Markup,
                "inline markup",
                &ctx.path,
                (ls, Some(a.marked.clone())),
                (rs, Some(b.marked.clone())),
            ),
        );
        self.show_markup.then_some(Class::Markup)
    }
}

/// Whether a word ends a sentence.
fn ends_sentence(w: &str) -> bool {
    w.ends_with(['.', '?', '!', ':', ';'])
}

type Classified = (crate::diff::classify::Hunk, Class, Option<Vec<usize>>);

/// Joins consecutive drift hunks of one sentence (no sentence end in the
/// shared words between them, on either side) into one hunk.
fn merge_sentences(v: Vec<Classified>, lw: &[&str], rw: &[&str]) -> Vec<Classified> {
    let mut out: Vec<Classified> = Vec::with_capacity(v.len());
    for (h, cl, fired) in v {
        if let Some((p, pcl, _)) = out.last_mut() {
            let same_sentence = cl.is_drift()
                && pcl.is_drift()
                && p.l.end <= h.l.start
                && p.r.end <= h.r.start
                && !lw[p.l.start..h.l.start].iter().any(|w| ends_sentence(w))
                && !rw[p.r.start..h.r.start].iter().any(|w| ends_sentence(w));
            if same_sentence {
                p.l.end = h.l.end;
                p.r.end = h.r.end;
                *pcl = Class::Changed;
                continue;
            }
        }
        out.push((h, cl, fired));
    }
    out
}
