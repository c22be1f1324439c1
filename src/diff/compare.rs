//! Comparing aligned content: turns an aligned pair of steps (or blocks,
//! list items, words, code lines) into classified [`Difference`]s with
//! locations in both files, and into the [`Row`]s of the side-by-side view.
//!
//! Text is compared word by word and code line by line, both with
//! whitespace collapsed; what the `equivalent` rules explain is `expected`;
//! markup and whitespace differences are `markup` and only kept when asked.

use super::align::{align_nodes, align_texts, Pair};
use super::classify::{diff_ops, hunks, normalize_ws, Rules};
use super::model::{Code, Files, Item, Node, NodeKind, StepModel, Text, Word};
use super::report::{Class, Difference, Mark, Place, Row, RowKind, Seg};
use crate::diag::render::Location;
use crate::text::Span;
use similar::DiffTag;

/// What a comparison needs to know.
pub(crate) struct Cmp<'a> {
    pub(crate) rules: &'a Rules,
    pub(crate) files: &'a Files,
    pub(crate) show_markup: bool,
}

/// Differences and rows collected for one step.
#[derive(Default)]
pub(crate) struct Out {
    pub(crate) diffs: Vec<Difference>,
    pub(crate) rows: Vec<Row>,
}

/// Where we are: the boxes around, and where to point for content the
/// other side lacks.
#[derive(Clone)]
struct Ctx {
    path: Vec<String>,
    depth: usize,
    anchor_l: Span,
    anchor_r: Span,
}

/// Which side a one-sided block is on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Left,
    Right,
}

fn severity(c: Class) -> u8 {
    match c {
        Class::Changed | Class::OnlyLeft | Class::OnlyRight => 3,
        Class::Expected => 2,
        Class::Markup => 1,
    }
}

/// The more serious of two row classes.
fn worst(a: Option<Class>, b: Option<Class>) -> Option<Class> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if severity(y) > severity(x) { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// A hunk is expected when rules explain it (or the whole text); marks its
/// tokens on both sides and returns the class and the rules that fired.
fn classify_hunk(
    h: &super::classify::Hunk,
    whole: &Option<Vec<usize>>,
    lmark: &mut [Mark],
    rmark: &mut [Mark],
) -> (Class, Option<Vec<usize>>) {
    let fired = h.rules.clone().or_else(|| whole.clone());
    let cl = if fired.is_some() {
        Class::Expected
    } else {
        Class::Changed
    };
    for m in lmark[h.l.clone()]
        .iter_mut()
        .chain(rmark[h.r.clone()].iter_mut())
    {
        *m = mark_of(cl);
    }
    (cl, fired)
}

fn mark_of(c: Class) -> Mark {
    match c {
        Class::Expected => Mark::Expected,
        Class::Markup => Mark::Markup,
        _ => Mark::Changed,
    }
}

/// A zero-width span at the end of `s`.
fn after(s: Span) -> Span {
    Span {
        file: s.file,
        start: s.end,
        end: s.end,
    }
}

/// A zero-width span at the start of `s`.
fn before(s: Span) -> Span {
    Span {
        file: s.file,
        start: s.start,
        end: s.start,
    }
}

/// The span covering some words (the first word's file).
fn words_span(words: &[Word]) -> Option<Span> {
    let first = words.first()?;
    let mut s = first.span;
    for w in words {
        if w.span.file == s.file {
            s.start = s.start.min(w.span.start);
            s.end = s.end.max(w.span.end);
        }
    }
    Some(s)
}

/// Groups tokens with the same mark into segments.
fn segments(tokens: &[&str], marks: &[Mark], sep: &str) -> Vec<Seg> {
    let mut out: Vec<Seg> = Vec::new();
    for (t, m) in tokens.iter().zip(marks) {
        match out.last_mut() {
            Some(s) if s.mark == *m => {
                s.text.push_str(sep);
                s.text.push_str(t);
            }
            _ => out.push(Seg {
                text: t.to_string(),
                mark: *m,
            }),
        }
    }
    out
}

fn same_line(text: String) -> Vec<Seg> {
    vec![Seg {
        text,
        mark: Mark::Same,
    }]
}

fn whole_line(text: String, mark: Mark) -> Vec<Seg> {
    vec![Seg { text, mark }]
}

impl Cmp<'_> {
    /// File, line and column of a span (never panics on unknown files).
    pub(crate) fn loc(&self, span: Span) -> Location {
        match self.files.get(span.file) {
            Some(f) => crate::diag::render::location(f, span),
            None => Location {
                file: "?".into(),
                line: 0,
                column: 0,
                end_line: 0,
                end_column: 0,
            },
        }
    }

    fn place(&self, span: Span, text: Option<String>) -> Place {
        Place {
            at: self.loc(span),
            text,
        }
    }

    fn mk(
        &self,
        class: Class,
        what: &str,
        path: &[String],
        l: (Span, Option<String>),
        r: (Span, Option<String>),
    ) -> Difference {
        Difference {
            class,
            what: what.to_string(),
            context: path.to_vec(),
            left: self.place(l.0, l.1),
            right: self.place(r.0, r.1),
            before: String::new(),
            after: String::new(),
            rules: Vec::new(),
            note: None,
        }
    }

    fn emit(&self, out: &mut Out, d: Difference) {
        if d.class != Class::Markup || self.show_markup {
            out.diffs.push(d);
        }
    }

    /// Compares two aligned steps (pseudo-steps included). `numbers` are the
    /// 1-based positions, used for moved steps.
    pub(crate) fn step_pair(
        &self,
        l: &StepModel,
        r: &StepModel,
        moved: Option<(usize, usize)>,
        out: &mut Out,
    ) {
        let ctx = Ctx {
            path: Vec::new(),
            depth: 0,
            anchor_l: before(l.span),
            anchor_r: before(r.span),
        };
        if let Some((a, b)) = moved {
            let mut d = self.mk(
                Class::Changed,
                "step position",
                &[],
                (before(l.span), Some(format!("step {a}"))),
                (before(r.span), Some(format!("step {b}"))),
            );
            d.note = Some(format!(
                "the step is step {a} on the left and step {b} on the right: the steps are in another order"
            ));
            self.emit(out, d);
        }
        if l.is_step() && r.is_step() {
            let (ls, rs, c) = self.text("step heading", &l.heading, &r.heading, &ctx, out);
            let c = worst(c, self.links(&l.heading, &r.heading, &ctx, out));
            let c = worst(c, self.inline_markup(&l.heading, &r.heading, &ctx, out));
            if c.is_some() {
                out.rows.push(Row {
                    depth: 0,
                    kind: RowKind::Header,
                    what: "step heading".into(),
                    class: c,
                    left: Some(vec![ls]),
                    right: Some(vec![rs]),
                });
            }
            if l.markup != r.markup {
                self.emit(
                    out,
                    self.mk(
                        Class::Markup,
                        "step markup",
                        &[],
                        (before(l.span), Some(l.markup.clone())),
                        (before(r.span), Some(r.markup.clone())),
                    ),
                );
            }
        }
        self.blocks(&l.blocks, &r.blocks, &ctx, out);
    }

    /// A step on one side only: one difference, and its blocks as rows.
    pub(crate) fn step_one_side(
        &self,
        s: &StepModel,
        title: &str,
        side: Side,
        anchor_other: Span,
        out: &mut Out,
    ) {
        let (class, l, r) = match side {
            Side::Left => (
                Class::OnlyLeft,
                (before(s.span), Some(title.to_string())),
                (anchor_other, None),
            ),
            Side::Right => (
                Class::OnlyRight,
                (anchor_other, None),
                (before(s.span), Some(title.to_string())),
            ),
        };
        self.emit(out, self.mk(class, "step", &[], l, r));
        for b in &s.blocks {
            self.rows_one_side(b, side, 0, out);
        }
    }

    fn blocks(&self, l: &[Node], r: &[Node], ctx: &Ctx, out: &mut Out) {
        let mut last_l = ctx.anchor_l;
        let mut last_r = ctx.anchor_r;
        for p in align_nodes(l, r, self.rules) {
            match p {
                Pair::Both(i, j) => {
                    self.node(&l[i], &r[j], ctx, out);
                    last_l = after(l[i].span);
                    last_r = after(r[j].span);
                }
                Pair::Left(i) => {
                    self.one_side(&l[i], Side::Left, last_r, ctx, out);
                    last_l = after(l[i].span);
                }
                Pair::Right(j) => {
                    self.one_side(&r[j], Side::Right, last_l, ctx, out);
                    last_r = after(r[j].span);
                }
            }
        }
    }

    fn one_side(&self, n: &Node, side: Side, anchor_other: Span, ctx: &Ctx, out: &mut Out) {
        let text = Some(n.display_lines().join("\n"));
        let (class, l, r) = match side {
            Side::Left => (Class::OnlyLeft, (n.span, text), (anchor_other, None)),
            Side::Right => (Class::OnlyRight, (anchor_other, None), (n.span, text)),
        };
        self.emit(out, self.mk(class, &n.describe(), &ctx.path, l, r));
        self.rows_one_side(n, side, ctx.depth, out);
    }

    /// Rows showing a block that only one side has.
    fn rows_one_side(&self, n: &Node, side: Side, depth: usize, out: &mut Out) {
        let class = Some(match side {
            Side::Left => Class::OnlyLeft,
            Side::Right => Class::OnlyRight,
        });
        let (kind, lines): (RowKind, Vec<Vec<Seg>>) = match &n.kind {
            NodeKind::Text { text, .. } => {
                (RowKind::Text, vec![whole_line(text.plain(), Mark::Changed)])
            }
            NodeKind::Container { kind, title, .. } => (
                RowKind::Header,
                vec![whole_line(
                    format!("{kind}: {}", title.plain()).trim_end().to_string(),
                    Mark::Changed,
                )],
            ),
            NodeKind::Code(c) => (
                RowKind::Code,
                c.lines
                    .iter()
                    .map(|l| whole_line(l.text.clone(), Mark::Changed))
                    .collect(),
            ),
            NodeKind::List { items, .. } => (
                RowKind::List,
                items
                    .iter()
                    .map(|i| whole_line(i.text.plain(), Mark::Changed))
                    .collect(),
            ),
            NodeKind::Label { name } => (
                RowKind::Label,
                vec![whole_line(name.clone(), Mark::Changed)],
            ),
        };
        let (left, right) = match side {
            Side::Left => (Some(lines), None),
            Side::Right => (None, Some(lines)),
        };
        out.rows.push(Row {
            depth,
            kind,
            what: n.describe(),
            class,
            left,
            right,
        });
        if let NodeKind::Container { children, .. } = &n.kind {
            for c in children {
                self.rows_one_side(c, side, depth + 1, out);
            }
        }
    }

    fn node(&self, a: &Node, b: &Node, ctx: &Ctx, out: &mut Out) {
        match (&a.kind, &b.kind) {
            (NodeKind::Text { text: ta, .. }, NodeKind::Text { text: tb, .. }) => {
                let what = b.describe();
                let inner = Ctx {
                    anchor_l: before(a.span),
                    anchor_r: before(b.span),
                    ..ctx.clone()
                };
                let (ls, rs, c) = self.text(&what, ta, tb, &inner, out);
                let c = worst(c, self.links(ta, tb, &inner, out));
                let c = worst(c, self.inline_markup(ta, tb, &inner, out));
                out.rows.push(Row {
                    depth: ctx.depth,
                    kind: RowKind::Text,
                    what,
                    class: c,
                    left: Some(vec![ls]),
                    right: Some(vec![rs]),
                });
            }
            (
                NodeKind::Container {
                    family,
                    kind: ka,
                    title: ta,
                    children: ca,
                },
                NodeKind::Container {
                    kind: kb,
                    title: tb,
                    children: cb,
                    ..
                },
            ) => {
                let inner = Ctx {
                    anchor_l: before(a.span),
                    anchor_r: before(b.span),
                    ..ctx.clone()
                };
                let mut c = None;
                let mut kind_mark = Mark::Same;
                if ka != kb {
                    let fired = self.rules.explain_words(&[ka.as_str()], &[kb.as_str()]);
                    let class = if fired.is_some() {
                        Class::Expected
                    } else {
                        Class::Changed
                    };
                    let mut d = self.mk(
                        class,
                        &format!("{family} kind"),
                        &ctx.path,
                        (a.span, Some(ka.clone())),
                        (b.span, Some(kb.clone())),
                    );
                    d.rules = self.rules.pick(&fired.unwrap_or_default());
                    self.emit(out, d);
                    c = Some(class);
                    kind_mark = mark_of(class);
                }
                let (ls, rs, tc) = self.text(&format!("{family} title"), ta, tb, &inner, out);
                let c = worst(c, tc);
                let c = worst(c, self.links(ta, tb, &inner, out));
                let c = worst(c, self.inline_markup(ta, tb, &inner, out));
                let head = |k: &str, segs: Vec<Seg>| {
                    let mut v = vec![Seg {
                        text: format!("{k}:"),
                        mark: kind_mark,
                    }];
                    v.extend(segs);
                    v
                };
                out.rows.push(Row {
                    depth: ctx.depth,
                    kind: RowKind::Header,
                    what: b.describe(),
                    class: c,
                    left: Some(vec![head(ka, ls)]),
                    right: Some(vec![head(kb, rs)]),
                });
                let mut path = ctx.path.clone();
                path.push(b.describe());
                let child = Ctx {
                    path,
                    depth: ctx.depth + 1,
                    anchor_l: before(a.span),
                    anchor_r: before(b.span),
                };
                self.blocks(ca, cb, &child, out);
            }
            (NodeKind::Code(ca), NodeKind::Code(cb)) => self.code(a, ca, b, cb, ctx, out),
            (
                NodeKind::List {
                    style: sa,
                    items: ia,
                },
                NodeKind::List {
                    style: sb,
                    items: ib,
                },
            ) => self.list(a, sa, ia, b, sb, ib, ctx, out),
            (NodeKind::Label { name: na }, NodeKind::Label { name: nb }) => {
                let mut class = None;
                if na != nb {
                    let fired = self.rules.explain_words(&[na.as_str()], &[nb.as_str()]);
                    let cl = if fired.is_some() {
                        Class::Expected
                    } else {
                        Class::Changed
                    };
                    let mut d = self.mk(
                        cl,
                        "label",
                        &ctx.path,
                        (a.span, Some(na.clone())),
                        (b.span, Some(nb.clone())),
                    );
                    d.rules = self.rules.pick(&fired.unwrap_or_default());
                    self.emit(out, d);
                    class = Some(cl);
                }
                let m = class.map(mark_of).unwrap_or(Mark::Same);
                out.rows.push(Row {
                    depth: ctx.depth,
                    kind: RowKind::Label,
                    what: "label".into(),
                    class,
                    left: Some(vec![whole_line(na.clone(), m)]),
                    right: Some(vec![whole_line(nb.clone(), m)]),
                });
            }
            _ => {
                // Different kinds of block were paired: show both as one-sided.
                self.one_side(a, Side::Left, before(b.span), ctx, out);
                self.one_side(b, Side::Right, after(a.span), ctx, out);
            }
        }
    }

    /// Word-by-word comparison of two texts. Emits a difference per hunk;
    /// returns the segments of both sides and the most serious class.
    fn text(
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
            for h in hunks(&lw, &rw, &|x, y| self.rules.explain_words(x, y)) {
                let (cl, fired) = classify_hunk(&h, &whole, &mut lmark, &mut rmark);
                class = worst(class, Some(cl));
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

    /// Link targets of links whose text is the same on both sides.
    fn links(&self, a: &Text, b: &Text, ctx: &Ctx, out: &mut Out) -> Option<Class> {
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
    fn inline_markup(&self, a: &Text, b: &Text, ctx: &Ctx, out: &mut Out) -> Option<Class> {
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

    fn code(&self, na: &Node, a: &Code, nb: &Node, b: &Code, ctx: &Ctx, out: &mut Out) {
        let what = nb.describe();
        let mut class = None;
        let raw_l: Vec<&str> = a.lines.iter().map(|l| l.text.as_str()).collect();
        let raw_r: Vec<&str> = b.lines.iter().map(|l| l.text.as_str()).collect();
        match (&a.source, &b.source) {
            (Some(x), Some(y)) if x != y => {
                let fired = self.rules.explain_words(&[x.as_str()], &[y.as_str()]);
                let mut d = self.mk(
                    Class::Expected,
                    "literalinclude path",
                    &ctx.path,
                    (na.span, Some(x.clone())),
                    (nb.span, Some(y.clone())),
                );
                d.rules = self.rules.pick(&fired.unwrap_or_default());
                d.note = Some(if raw_l == raw_r {
                    "the included files are identical".into()
                } else {
                    "the included files are compared line by line".into()
                });
                class = worst(class, Some(Class::Expected));
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
                    Class::Markup,
                    "code language",
                    &ctx.path,
                    (na.span, a.language.clone()),
                    (nb.span, b.language.clone()),
                ),
            );
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
                (Some(x), Some(y)) if x != y => Some(Class::Expected),
                (Some(_), Some(_)) => None,
                _ => self.show_markup.then_some(Class::Markup),
            };
            let m = path_class.map(mark_of).unwrap_or(Mark::Same);
            let head = |s: &Option<String>| match s {
                Some(p) => vec![
                    Seg {
                        text: "literalinclude:".into(),
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
    fn list(
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

/// Where words inserted at token `at` go on the side that lacks them.
fn insertion(words: &[Word], at: usize, anchor: Span) -> Span {
    if at > 0 {
        if let Some(w) = words.get(at - 1) {
            return after(w.span);
        }
    }
    words.get(at).map(|w| before(w.span)).unwrap_or(anchor)
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
