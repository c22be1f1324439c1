//! Comparing aligned content: turns an aligned pair of steps (or blocks,
//! list items, words, code lines) into classified [`Difference`]s with
//! locations in both files, and into the [`Row`]s of the side-by-side view.
//!
//! Text is compared word by word and code line by line, both with
//! whitespace collapsed; what the `equivalent` rules explain is `expected`;
//! markup and whitespace differences are `markup` and only kept when asked.

use super::align::{align_nodes, Pair};
use super::classify::Rules;
use super::model::{Files, Node, NodeKind, StepModel, Word};
use super::report::{Class, Difference, Mark, Place, Row, RowKind, Seg};
use crate::diag::render::Location;
use crate::text::Span;
mod code;
mod inline;
mod tabs;

use tabs::align_tabs;

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
        Class::Unresolved => 2,
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
        Class::Unresolved => Mark::Markup,
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

    /// A difference between two values (targets, kinds, labels, option
    /// values): `expected` when an `equivalent` rule explains it, `changed`
    /// otherwise, with the rules that fired.
    fn mk_ruled(
        &self,
        what: &str,
        path: &[String],
        l: (Span, Option<String>),
        r: (Span, Option<String>),
    ) -> Difference {
        let fired = match (&l.1, &r.1) {
            (Some(x), Some(y)) => self.rules.explain_words(&[x.as_str()], &[y.as_str()]),
            _ => None,
        };
        let class = if fired.is_some() {
            Class::Expected
        } else {
            Class::Changed
        };
        let mut d = self.mk(class, what, path, l, r);
        d.rules = self.rules.pick(&fired.unwrap_or_default());
        d
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
        // The step's title, then its body, as the other formats show it.
        let mut body = vec![title.to_string()];
        for b in &s.blocks {
            for l in b.display_lines() {
                body.push(format!("  {l}"));
            }
        }
        let body = body.join("\n");
        let (class, l, r) = match side {
            Side::Left => (
                Class::OnlyLeft,
                (before(s.span), Some(body)),
                (anchor_other, None),
            ),
            Side::Right => (
                Class::OnlyRight,
                (anchor_other, None),
                (before(s.span), Some(body)),
            ),
        };
        self.emit(out, self.mk(class, "step", &[], l, r));
        for b in &s.blocks {
            self.rows_one_side(b, side, 0, out);
        }
    }

    fn blocks(&self, l: &[Node], r: &[Node], ctx: &Ctx, out: &mut Out) {
        self.blocks_aligned(l, r, align_nodes(l, r, self.rules), &[], ctx, out);
    }

    /// The tabs of two tab sets, aligned by `:tabid:`; a tab at another
    /// position is a move.
    fn tabs(&self, l: &[Node], r: &[Node], ctx: &Ctx, out: &mut Out) {
        let (pairs, moved) = align_tabs(l, r);
        self.blocks_aligned(l, r, pairs, &moved, ctx, out);
    }

    fn blocks_aligned(
        &self,
        l: &[Node],
        r: &[Node],
        pairs: Vec<Pair>,
        moved: &[(usize, usize)],
        ctx: &Ctx,
        out: &mut Out,
    ) {
        let mut last_l = ctx.anchor_l;
        let mut last_r = ctx.anchor_r;
        for p in pairs {
            match p {
                Pair::Both(i, j) => {
                    if moved.contains(&(i, j)) {
                        let mut d = self.mk(
                            Class::Changed,
                            "tab position",
                            &ctx.path,
                            (before(l[i].span), Some(format!("tab {}", i + 1))),
                            (before(r[j].span), Some(format!("tab {}", j + 1))),
                        );
                        d.note = Some(format!(
                            "{} is tab {} on the left and tab {} on the right: the tabs are in another order",
                            r[j].describe(),
                            i + 1,
                            j + 1
                        ));
                        self.emit(out, d);
                    }
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
            NodeKind::Container { .. } | NodeKind::Include { .. } => (
                RowKind::Header,
                vec![whole_line(n.head_line(), Mark::Changed)],
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
                NodeKind::Include {
                    directive,
                    target: x,
                    resolved: rx,
                },
                NodeKind::Include {
                    target: y,
                    resolved: ry,
                    ..
                },
            ) => {
                let mut class = None;
                if x != y {
                    let d = self.mk_ruled(
                        &format!("{directive} target"),
                        &ctx.path,
                        (a.span, Some(x.clone())),
                        (b.span, Some(y.clone())),
                    );
                    class = Some(d.class);
                    self.emit(out, d);
                }
                if !(*rx && *ry) {
                    let mut d = self.mk(
                        Class::Unresolved,
                        &format!("{directive} content"),
                        &ctx.path,
                        (a.span, Some(x.clone())),
                        (b.span, Some(y.clone())),
                    );
                    d.note = Some(
                        match (rx, ry) {
                            (false, false) => {
                                "neither file could be read: the content cannot be compared"
                            }
                            (false, true) => {
                                "the left file could not be read: the content cannot be compared"
                            }
                            _ => "the right file could not be read: the content cannot be compared",
                        }
                        .into(),
                    );
                    self.emit(out, d);
                    class = worst(class, Some(Class::Unresolved));
                }
                let m = class.map(mark_of).unwrap_or(Mark::Same);
                out.rows.push(Row {
                    depth: ctx.depth,
                    kind: RowKind::Header,
                    what: format!("{directive} target"),
                    class,
                    left: Some(vec![whole_line(a.head_line(), m)]),
                    right: Some(vec![whole_line(b.head_line(), m)]),
                });
            }
            (
                NodeKind::Container {
                    family,
                    kind: ka,
                    title: ta,
                    options: oa,
                    children: ca,
                    ..
                },
                NodeKind::Container {
                    kind: kb,
                    title: tb,
                    options: ob,
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
                    let d = self.mk_ruled(
                        &format!("{family} kind"),
                        &ctx.path,
                        (a.span, Some(ka.clone())),
                        (b.span, Some(kb.clone())),
                    );
                    c = Some(d.class);
                    kind_mark = mark_of(d.class);
                    self.emit(out, d);
                }
                let (ls, rs, tc) = self.text(&format!("{family} title"), ta, tb, &inner, out);
                let c = worst(c, tc);
                let c = worst(c, self.options(a, oa, b, ob, ctx, out));
                let c = worst(c, self.links(ta, tb, &inner, out));
                let c = worst(c, self.inline_markup(ta, tb, &inner, out));
                let head = |n: &Node, segs: Vec<Seg>| {
                    let k = match &n.kind {
                        NodeKind::Container {
                            kind, id: Some(id), ..
                        } => format!("{} {id}", super::model::kind_label(kind)),
                        NodeKind::Container { kind, .. } => super::model::kind_label(kind),
                        _ => n.describe(),
                    };
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
                    left: Some(vec![head(a, ls)]),
                    right: Some(vec![head(b, rs)]),
                });
                let mut path = ctx.path.clone();
                path.push(b.describe());
                let child = Ctx {
                    path,
                    depth: ctx.depth + 1,
                    anchor_l: before(a.span),
                    anchor_r: before(b.span),
                };
                if *family == "tabs" {
                    self.tabs(ca, cb, &child, out);
                } else {
                    self.blocks(ca, cb, &child, out);
                }
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
                    let d = self.mk_ruled(
                        "label",
                        &ctx.path,
                        (a.span, Some(na.clone())),
                        (b.span, Some(nb.clone())),
                    );
                    class = Some(d.class);
                    self.emit(out, d);
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
