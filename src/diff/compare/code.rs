//! Comparing code blocks (lines, source file, language, caption,
//! emphasized lines) and lists (items aligned by text).

use super::{after, before, mark_of, same_line, whole_line, worst, Cmp, Ctx, Out};
use crate::diff::align::{align_texts, Pair};
use crate::diff::classify::{diff_ops, hunks, normalize_ws};
use crate::diff::compare::classify_hunk;
use crate::diff::model::{Code, Item, Node, Text, Word};
use crate::diff::report::{Class, Mark, Row, RowKind, Seg};
use crate::text::Span;
use similar::DiffTag;

impl Cmp<'_> {
    pub(super) fn code(&self, na: &Node, a: &Code, nb: &Node, b: &Code, ctx: &Ctx, out: &mut Out) {
        let what = nb.describe();
        let mut class = None;
        let raw_l: Vec<&str> = a.lines.iter().map(|l| l.text.as_str()).collect();
        let raw_r: Vec<&str> = b.lines.iter().map(|l| l.text.as_str()).collect();
        match (&a.source, &b.source) {
            (Some(x), Some(y)) if x != y => {
                let mut d = self.mk_ruled(
                    "literalinclude path",
                    &ctx.path,
                    (na.span, Some(x.clone())),
                    (nb.span, Some(y.clone())),
                );
                let cl = d.class;
                d.note = Some(if raw_l == raw_r {
                    "the included files are identical".into()
                } else {
                    "the included files are compared line by line".into()
                });
                class = worst(class, Some(cl));
                self.emit(out, d);
            }
            (Some(_), None) | (None, Some(_)) => {
                let show = |s: &Option<String>| match s {
                    Some(p) => format!("literalinclude {p}"),
                    None => "code written in the page".to_string(),
                };
                self.emit(
                    out,
                    self.mk(
                        Class::Markup,
                        "code source",
                        &ctx.path,
                        (na.span, Some(show(&a.source))),
                        (nb.span, Some(show(&b.source))),
                    ),
                );
            }
            _ => {}
        }
        if a.language != b.language {
            self.emit(
                out,
                self.mk(
                    Class::Changed,
                    "code language",
                    &ctx.path,
                    (na.span, a.language.clone()),
                    (nb.span, b.language.clone()),
                ),
            );
            class = worst(class, Some(Class::Changed));
        }
        if a.emphasize != b.emphasize {
            let show = |v: &[u32]| {
                (!v.is_empty()).then(|| v.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
            };
            self.emit(
                out,
                self.mk(
                    Class::Changed,
                    "option :emphasize-lines:",
                    &ctx.path,
                    (na.span, show(&a.emphasize)),
                    (nb.span, show(&b.emphasize)),
                ),
            );
            class = worst(class, Some(Class::Changed));
        }
        if a.caption != b.caption {
            let cap = |c: &Option<String>, span: Span| Text {
                words: c
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .map(|w| Word {
                        text: w.to_string(),
                        span,
                    })
                    .collect(),
                ..Text::default()
            };
            let inner = Ctx {
                anchor_l: na.span,
                anchor_r: nb.span,
                ..ctx.clone()
            };
            let (_, _, c) = self.text(
                "code caption",
                &cap(&a.caption, na.span),
                &cap(&b.caption, nb.span),
                &inner,
                out,
            );
            class = worst(class, c);
        }
        let ln: Vec<String> = raw_l.iter().map(|l| normalize_ws(l)).collect();
        let rn: Vec<String> = raw_r.iter().map(|l| normalize_ws(l)).collect();
        let lref: Vec<&str> = ln.iter().map(String::as_str).collect();
        let rref: Vec<&str> = rn.iter().map(String::as_str).collect();
        let mut lmark = vec![Mark::Same; ln.len()];
        let mut rmark = vec![Mark::Same; rn.len()];
        if lref != rref {
            let whole = self.rules.explain_lines(&lref, &rref);
            for h in hunks(&lref, &rref, &|x, y| self.rules.explain_lines(x, y)) {
                let (cl, fired) = classify_hunk(&h, &whole, &mut lmark, &mut rmark);
                class = worst(class, Some(cl));
                let lspan = lines_span(a, h.l.clone(), na.span);
                let rspan = lines_span(b, h.r.clone(), nb.span);
                let ltext = (!h.l.is_empty()).then(|| raw_l[h.l.clone()].join("\n"));
                let rtext = (!h.r.is_empty()).then(|| raw_r[h.r.clone()].join("\n"));
                let mut d = self.mk(cl, &what, &ctx.path, (lspan, ltext), (rspan, rtext));
                d.rules = self.rules.pick(&fired.unwrap_or_default());
                self.emit(out, d);
            }
        }
        // Whitespace-only line differences.
        let mut ws_first: Option<(usize, usize)> = None;
        for op in diff_ops(&lref, &rref) {
            let (tag, lr, rr) = op.as_tag_tuple();
            if tag != DiffTag::Equal {
                continue;
            }
            for (i, j) in lr.zip(rr) {
                if raw_l[i] != raw_r[j] {
                    ws_first.get_or_insert((i, j));
                    if self.show_markup {
                        lmark[i] = Mark::Markup;
                        rmark[j] = Mark::Markup;
                    }
                }
            }
        }
        if let Some((i, j)) = ws_first {
            let mut d = self.mk(
                Class::Markup,
                "whitespace in code",
                &ctx.path,
                (lines_span(a, i..i + 1, na.span), Some(raw_l[i].to_string())),
                (lines_span(b, j..j + 1, nb.span), Some(raw_r[j].to_string())),
            );
            d.note = Some("indentation or spacing differs; the code is otherwise the same".into());
            if self.show_markup {
                class = worst(class, Some(Class::Markup));
            }
            self.emit(out, d);
        }
        if a.source.is_some() || b.source.is_some() {
            let path_class = match (&a.source, &b.source) {
                (Some(x), Some(y)) if x != y => Some(
                    if self
                        .rules
                        .explain_words(&[x.as_str()], &[y.as_str()])
                        .is_some()
                    {
                        Class::Expected
                    } else {
                        Class::Changed
                    },
                ),
                (Some(_), Some(_)) => None,
                _ => self.show_markup.then_some(Class::Markup),
            };
            let m = path_class.map(mark_of).unwrap_or(Mark::Same);
            let head = |s: &Option<String>| match s {
                Some(p) => vec![
                    Seg {
                        text: "Included file:".into(),
                        mark: Mark::Same,
                    },
                    Seg {
                        text: p.clone(),
                        mark: m,
                    },
                ],
                None => whole_line("code written in the page".into(), m),
            };
            out.rows.push(Row {
                depth: ctx.depth,
                kind: RowKind::Header,
                what: "literalinclude path".into(),
                class: path_class,
                left: Some(vec![head(&a.source)]),
                right: Some(vec![head(&b.source)]),
            });
        }
        let lines = |raw: &[&str], marks: &[Mark]| -> Vec<Vec<Seg>> {
            raw.iter()
                .zip(marks)
                .map(|(t, m)| whole_line(t.to_string(), *m))
                .collect()
        };
        out.rows.push(Row {
            depth: ctx.depth,
            kind: RowKind::Code,
            what,
            class,
            left: Some(lines(&raw_l, &lmark)),
            right: Some(lines(&raw_r, &rmark)),
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn list(
        &self,
        na: &Node,
        sa: &str,
        ia: &[Item],
        nb: &Node,
        sb: &str,
        ib: &[Item],
        ctx: &Ctx,
        out: &mut Out,
    ) {
        let mut class = None;
        if sa != sb {
            self.emit(
                out,
                self.mk(
                    Class::Markup,
                    "list style",
                    &ctx.path,
                    (na.span, Some(sa.to_string())),
                    (nb.span, Some(sb.to_string())),
                ),
            );
            if self.show_markup {
                class = Some(Class::Markup);
            }
        }
        let what_item = if nb.describe() == "table" {
            "table row"
        } else {
            "list item"
        };
        let lt: Vec<&Text> = ia.iter().map(|i| &i.text).collect();
        let rt: Vec<&Text> = ib.iter().map(|i| &i.text).collect();
        let mut llines = Vec::new();
        let mut rlines = Vec::new();
        let mut last_l = before(na.span);
        let mut last_r = before(nb.span);
        for p in align_texts(&lt, &rt, self.rules) {
            match p {
                Pair::Both(i, j) => {
                    let inner = Ctx {
                        anchor_l: before(ia[i].span),
                        anchor_r: before(ib[j].span),
                        ..ctx.clone()
                    };
                    let (ls, rs, c) = self.text(what_item, &ia[i].text, &ib[j].text, &inner, out);
                    let c = worst(c, self.links(&ia[i].text, &ib[j].text, &inner, out));
                    let c = worst(c, self.inline_markup(&ia[i].text, &ib[j].text, &inner, out));
                    class = worst(class, c);
                    llines.push(ls);
                    rlines.push(rs);
                    last_l = after(ia[i].span);
                    last_r = after(ib[j].span);
                }
                Pair::Left(i) => {
                    let t = ia[i].text.plain();
                    self.emit(
                        out,
                        self.mk(
                            Class::OnlyLeft,
                            what_item,
                            &ctx.path,
                            (ia[i].span, Some(t.clone())),
                            (last_r, None),
                        ),
                    );
                    class = worst(class, Some(Class::OnlyLeft));
                    llines.push(whole_line(t, Mark::Changed));
                    last_l = after(ia[i].span);
                }
                Pair::Right(j) => {
                    let t = ib[j].text.plain();
                    self.emit(
                        out,
                        self.mk(
                            Class::OnlyRight,
                            what_item,
                            &ctx.path,
                            (last_l, None),
                            (ib[j].span, Some(t.clone())),
                        ),
                    );
                    class = worst(class, Some(Class::OnlyRight));
                    rlines.push(whole_line(t, Mark::Changed));
                    last_r = after(ib[j].span);
                }
            }
        }
        if llines.is_empty() && rlines.is_empty() {
            llines.push(same_line(String::new()));
            rlines.push(same_line(String::new()));
        }
        out.rows.push(Row {
            depth: ctx.depth,
            kind: RowKind::List,
            what: nb.describe(),
            class,
            left: Some(llines),
            right: Some(rlines),
        });
    }
}

/// The span of code lines `r` (or where lines inserted at `r.start` go).
fn lines_span(c: &Code, r: std::ops::Range<usize>, block: Span) -> Span {
    if r.is_empty() {
        if r.start > 0 {
            if let Some(l) = c.lines.get(r.start - 1) {
                return after(l.span);
            }
        }
        return c
            .lines
            .get(r.start)
            .map(|l| before(l.span))
            .unwrap_or(block);
    }
    let first = c.lines.get(r.start).map(|l| l.span).unwrap_or(block);
    let last = c.lines.get(r.end - 1).map(|l| l.span).unwrap_or(first);
    if first.file == last.file && last.end >= first.start {
        Span {
            file: first.file,
            start: first.start,
            end: last.end,
        }
    } else {
        first
    }
}
