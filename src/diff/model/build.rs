//! Building the model: flattening a resolved [`Document`] (sections and
//! includes looked through) into steps, and each block into comparable
//! nodes. The walk over every block and directive kind is most of the
//! differ's model code, so it lives apart from the model's types.

use super::words::{exact, line_end, words_at, TextAcc};
use super::{
    Code, CodeLine, Files, Item, LinkRef, Node, NodeKind, PageModel, StepModel, StepOrigin, Text,
    Word,
};
use crate::diag::{Code as DiagCode, Diagnostic};
use crate::doc::{
    plain_text, Block, BlockKind, CodeBlock, CodeOrigin, Document, EnumList, GenericDirective,
    Inline, InlineKind, ListItem, Procedure,
};
use crate::text::{Constants, Span};

/// Builds the comparable form of a resolved document.
pub(crate) fn page_model(doc: &Document, files: &Files, constants: &Constants) -> PageModel {
    let b = Builder {
        files,
        constants,
        diags: Default::default(),
    };
    // The top level, seen through sections and includes.
    let mut flat: Vec<Flat> = Vec::new();
    b.flatten_top(&doc.blocks, &mut flat, 0);
    let has_procedure = flat
        .iter()
        .any(|f| matches!(f, Flat::Block(bl) if matches!(bl.kind, BlockKind::Procedure(_))));
    let is_container = |f: &Flat| match f {
        Flat::Block(bl) => match &bl.kind {
            BlockKind::Procedure(_) => true,
            BlockKind::EnumList(_) => !has_procedure,
            _ => false,
        },
        Flat::Heading(..) | Flat::Include(_) => false,
    };
    let first = flat.iter().position(is_container);
    let doc_span = Span::new(doc.file, 0, 0);
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut steps = Vec::new();
    for (i, f) in flat.iter().enumerate() {
        let container = is_container(f);
        match f {
            Flat::Block(bl) if container => match &bl.kind {
                BlockKind::Procedure(p) => steps.extend(b.procedure_steps(p)),
                BlockKind::EnumList(l) => steps.extend(b.list_steps(l)),
                _ => {}
            },
            _ => {
                let nodes = match f {
                    Flat::Block(bl) => b.nodes(std::slice::from_ref(*bl), 0),
                    Flat::Include(bl) => b.include_node(bl).into_iter().collect(),
                    Flat::Heading(title, span) => vec![Node {
                        kind: NodeKind::Text {
                            role: "heading",
                            text: b.text(title),
                        },
                        span: *span,
                    }],
                };
                if first.is_some_and(|p| i < p) {
                    before.extend(nodes);
                } else {
                    after.extend(nodes);
                }
            }
        }
    }
    let mut all = Vec::new();
    if steps.is_empty() {
        // No steps: the whole page is one unit.
        before.extend(after);
        if !before.is_empty() {
            all.push(pseudo_step(before, StepOrigin::Whole, doc_span));
        }
        return PageModel {
            file: doc.file,
            steps: all,
            diags: b.diags.into_inner(),
        };
    }
    if !before.is_empty() {
        all.push(pseudo_step(before, StepOrigin::Before, doc_span));
    }
    all.extend(steps);
    if !after.is_empty() {
        all.push(pseudo_step(after, StepOrigin::After, doc_span));
    }
    PageModel {
        file: doc.file,
        steps: all,
        diags: b.diags.into_inner(),
    }
}

fn pseudo_step(blocks: Vec<Node>, origin: StepOrigin, fallback: Span) -> StepModel {
    let span = blocks.first().map(|n| n.span).unwrap_or(fallback);
    StepModel {
        heading: Text::default(),
        markup: String::new(),
        origin,
        blocks,
        span,
    }
}

/// A top-level element once sections and includes are looked through.
enum Flat<'d> {
    Block(&'d Block),
    /// An include whose content follows as further elements: its node only.
    Include(&'d Block),
    Heading(&'d [Inline], Span),
}

/// Nesting limit for the flattening walk (the parser already limits depth;
/// this keeps the differ safe on any tree).
const MAX_DEPTH: usize = 128;

struct Builder<'f> {
    files: &'f Files,
    constants: &'f Constants,
    diags: std::cell::RefCell<Vec<Diagnostic>>,
}

/// An option value with whitespace collapsed.
fn normalize_opt(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'f> Builder<'f> {
    fn flatten_top<'d>(&self, blocks: &'d [Block], out: &mut Vec<Flat<'d>>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for bl in blocks {
            match &bl.kind {
                BlockKind::Section(s) => {
                    out.push(Flat::Heading(&s.title, bl.span));
                    self.flatten_top(&s.children, out, depth + 1);
                }
                BlockKind::Included(inc) => {
                    out.push(Flat::Include(bl));
                    self.flatten_top(&inc.blocks, out, depth + 1)
                }
                BlockKind::Hidden | BlockKind::Transition => {}
                _ => out.push(Flat::Block(bl)),
            }
        }
    }

    fn procedure_steps(&self, p: &Procedure) -> Vec<StepModel> {
        p.steps
            .iter()
            .map(|s| StepModel {
                heading: self.text(&s.heading),
                markup: "procedure step".into(),
                origin: StepOrigin::ProcedureStep,
                blocks: self.nodes(&s.children, 1),
                span: s.span,
            })
            .collect()
    }

    fn list_steps(&self, l: &EnumList) -> Vec<StepModel> {
        l.items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let n = l.start.saturating_add(i as u32);
                let (heading, rest) = item_heading(item);
                StepModel {
                    heading: heading.map(|h| self.text(h)).unwrap_or_default(),
                    markup: format!("list item {}.", l.style.label(n.max(1))),
                    origin: StepOrigin::ListItem,
                    blocks: self.nodes(rest, 1),
                    span: item.span,
                }
            })
            .collect()
    }

    /// Comparable nodes for a list of blocks (includes and sections looked
    /// through).
    fn nodes(&self, blocks: &[Block], depth: usize) -> Vec<Node> {
        let mut out = Vec::new();
        self.push_nodes(blocks, depth, &mut out);
        out
    }

    fn push_nodes(&self, blocks: &[Block], depth: usize, out: &mut Vec<Node>) {
        if depth > MAX_DEPTH {
            return;
        }
        for bl in blocks {
            let span = bl.span;
            let kind = match &bl.kind {
                BlockKind::Included(_) => {
                    out.extend(self.include_node(bl));
                    if let BlockKind::Included(inc) = &bl.kind {
                        self.push_nodes(&inc.blocks, depth + 1, out);
                    }
                    continue;
                }
                BlockKind::Section(s) => {
                    out.push(Node {
                        kind: NodeKind::Text {
                            role: "heading",
                            text: self.text(&s.title),
                        },
                        span,
                    });
                    self.push_nodes(&s.children, depth + 1, out);
                    continue;
                }
                BlockKind::Paragraph(p) => NodeKind::Text {
                    role: "paragraph",
                    text: self.text(p),
                },
                BlockKind::LineBlock(lines) => {
                    let mut t = Text::default();
                    for l in lines {
                        t.append(self.text(l));
                    }
                    NodeKind::Text {
                        role: "line block",
                        text: t,
                    }
                }
                BlockKind::Code(c) => NodeKind::Code(self.code(c, span)),
                BlockKind::BlockQuote(children) => NodeKind::Container {
                    family: "block quote",
                    kind: "block quote".into(),
                    title: Text::default(),
                    id: None,
                    options: Vec::new(),
                    children: self.nodes(children, depth + 1),
                },
                BlockKind::Admonition(a) => NodeKind::Container {
                    family: "admonition",
                    kind: a.kind.clone(),
                    title: a.title.as_deref().map(|t| self.text(t)).unwrap_or_default(),
                    id: None,
                    options: Vec::new(),
                    children: self.nodes(&a.children, depth + 1),
                },
                BlockKind::Generic(g) => self.generic(g, depth),
                BlockKind::Image(img) => NodeKind::Container {
                    family: "image",
                    kind: if img.figure { "figure" } else { "image" }.into(),
                    title: self.text(&img.caption),
                    id: None,
                    options: [("path", Some(&img.path)), ("alt", img.alt.as_ref())]
                        .into_iter()
                        .filter_map(|(k, v)| v.map(|v| (k.to_string(), normalize_opt(v))))
                        .collect(),
                    children: self.nodes(&img.legend, depth + 1),
                },
                BlockKind::Footnote(n) => NodeKind::Container {
                    family: "footnote",
                    kind: "footnote".into(),
                    title: Text::default(),
                    id: Some(n.label.written()),
                    options: Vec::new(),
                    children: self.nodes(&n.children, depth + 1),
                },
                BlockKind::Procedure(p) => {
                    // A nested procedure: each step is a box of blocks.
                    for s in &p.steps {
                        out.push(Node {
                            kind: NodeKind::Container {
                                family: "step",
                                kind: "step".into(),
                                title: self.text(&s.heading),
                                id: None,
                                options: Vec::new(),
                                children: self.nodes(&s.children, depth + 1),
                            },
                            span: s.span,
                        });
                    }
                    continue;
                }
                BlockKind::BulletList(items) => NodeKind::List {
                    style: "bullet list".into(),
                    items: self.items(items, depth),
                },
                BlockKind::EnumList(l) => NodeKind::List {
                    style: format!("enumerated list ({}.)", l.style.label(l.start.max(1))),
                    items: self.items(&l.items, depth),
                },
                BlockKind::DefinitionList(items) => NodeKind::List {
                    style: "definition list".into(),
                    items: items
                        .iter()
                        .map(|d| {
                            let mut t = self.text(&d.term);
                            t.append(self.flat_text(&d.children, depth + 1));
                            Item {
                                span: t.words.first().map(|w| w.span).unwrap_or(span),
                                text: t,
                            }
                        })
                        .collect(),
                },
                BlockKind::FieldList(fields) => NodeKind::List {
                    style: "field list".into(),
                    items: fields
                        .iter()
                        .map(|f| {
                            let mut t = Text {
                                words: words_at(&format!("{}:", f.name), span),
                                links: Vec::new(),
                                marked: format!(":{}:", f.name),
                            };
                            t.append(self.flat_text(&f.children, depth + 1));
                            Item { text: t, span }
                        })
                        .collect(),
                },
                BlockKind::Table(t) => NodeKind::List {
                    style: "table".into(),
                    items: t
                        .rows
                        .iter()
                        .map(|row| {
                            let mut text = Text::default();
                            for (ci, cell) in row.iter().enumerate() {
                                if ci > 0 {
                                    text.words.push(Word {
                                        text: "|".into(),
                                        span,
                                    });
                                    text.marked.push_str(" |");
                                }
                                text.append(self.flat_text(cell, depth + 1));
                            }
                            Item {
                                span: text.words.first().map(|w| w.span).unwrap_or(span),
                                text,
                            }
                        })
                        .collect(),
                },
                BlockKind::Label(l) => NodeKind::Label {
                    name: l.name.clone(),
                },
                BlockKind::IncludeRequest(r) => NodeKind::Include {
                    directive: "include",
                    target: r.path.clone(),
                    resolved: false,
                },
                BlockKind::LiteralIncludeRequest(r) => NodeKind::Include {
                    directive: "literalinclude",
                    target: r.path.clone(),
                    resolved: false,
                },
                BlockKind::Transition | BlockKind::Hidden => continue,
            };
            out.push(Node { kind, span });
        }
    }

    fn items(&self, items: &[ListItem], depth: usize) -> Vec<Item> {
        items
            .iter()
            .map(|it| Item {
                text: self.flat_text(&it.children, depth + 1),
                span: it.span,
            })
            .collect()
    }

    /// All the text of some blocks, in reading order, as one [`Text`].
    fn flat_text(&self, blocks: &[Block], depth: usize) -> Text {
        let mut t = Text::default();
        for n in self.nodes(blocks, depth) {
            append_node_text(&n, &mut t);
        }
        t
    }

    fn code(&self, c: &CodeBlock, span: Span) -> Code {
        let source = match &c.origin {
            CodeOrigin::File { file, .. } => Some(self.files.rel(*file)),
            CodeOrigin::Inline => None,
        };
        let lines = c
            .text
            .lines()
            .enumerate()
            .map(|(i, l)| CodeLine {
                text: l.to_string(),
                span: self.code_line_span(c, i, span),
            })
            .collect();
        Code {
            language: c.language.clone(),
            caption: c.caption.clone(),
            lines,
            source,
            emphasize: c.emphasize_lines.clone(),
        }
    }

    /// The node an `include` leaves in the model (its content follows).
    fn include_node(&self, bl: &Block) -> Option<Node> {
        let BlockKind::Included(inc) = &bl.kind else {
            return None;
        };
        Some(Node {
            kind: NodeKind::Include {
                directive: "include",
                target: inc.path.clone(),
                resolved: inc.file.is_some(),
            },
            span: bl.span,
        })
    }

    /// A generic directive as a box. Tab sets (`tabs`, `tabs-drivers`, …)
    /// are family `tabs`; their `tab`s are family `tab` with their
    /// `:tabid:` as id (a duplicate id in one set is a warning).
    fn generic(&self, g: &GenericDirective, depth: usize) -> NodeKind {
        let is_tabs = g.name == "tabs" || g.name.starts_with("tabs-");
        let id = (g.name == "tab")
            .then(|| {
                g.options
                    .iter()
                    .find(|(k, _)| k == "tabid")
                    .map(|(_, v)| v.trim().to_string())
            })
            .flatten();
        let options: Vec<(String, String)> = g
            .options
            .iter()
            .filter(|(k, _)| k != "tabid")
            .map(|(k, v)| (k.clone(), normalize_opt(v)))
            .collect();
        let children = self.nodes(&g.children, depth + 1);
        if is_tabs {
            let mut seen = std::collections::HashSet::new();
            for c in &children {
                if let NodeKind::Container { id: Some(id), .. } = &c.kind {
                    if !seen.insert(id.clone()) {
                        self.diags.borrow_mut().push(
                            Diagnostic::warning(
                                DiagCode::DuplicateTabId,
                                format!("tab id `{id}` occurs twice in this `{}` set", g.name),
                            )
                            .with_span(c.span)
                            .with_help("give each tab of a set its own :tabid:; the differ aligns tabs by it"),
                        );
                    }
                }
            }
        }
        NodeKind::Container {
            family: if is_tabs {
                "tabs"
            } else if g.name == "tab" {
                "tab"
            } else {
                "directive"
            },
            kind: g.name.clone(),
            title: self.text(&g.argument),
            id,
            options,
            children,
        }
    }

    /// Where line `i` (0-based) of a code block was written.
    fn code_line_span(&self, c: &CodeBlock, i: usize, block: Span) -> Span {
        if let Some(o) = c.line_map.get(i) {
            if let Some(f) = self.files.get(o.file) {
                let start = (o.offset as usize).min(f.text.len());
                let line = f.line_index(start);
                let end = line_end(f, line);
                return Span::new(o.file, start, end.max(start));
            }
        }
        if let CodeOrigin::File { file, first_line } = &c.origin {
            if let Some(f) = self.files.get(*file) {
                let line = first_line.saturating_sub(1).saturating_add(i);
                if let Some(&start) = f.line_starts().get(line) {
                    return Span::new(*file, start, line_end(f, line));
                }
            }
        }
        let ts = c.text_span;
        if ts.end > ts.start {
            Span::new(ts.file, ts.start as usize, ts.start as usize)
        } else {
            block
        }
    }

    /// Inline content as words with spans, links and a markup signature.
    fn text(&self, inlines: &[Inline]) -> Text {
        let mut acc = TextAcc::default();
        self.walk_inlines(inlines, &mut acc, 0);
        acc.finish(self.files, self.constants)
    }

    fn walk_inlines(&self, inlines: &[Inline], acc: &mut TextAcc, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for i in inlines {
            match &i.kind {
                InlineKind::Text(t) => acc.push(t, i.span, exact(t.len(), i.span, 0)),
                InlineKind::SoftBreak => acc.space(),
                InlineKind::Literal(t) => {
                    acc.mark("``");
                    acc.push(t, i.span, exact(t.len(), i.span, 2));
                    acc.mark("``");
                }
                InlineKind::Emphasis(c) => {
                    acc.mark("*");
                    self.walk_inlines(c, acc, depth + 1);
                    acc.mark("*");
                }
                InlineKind::Strong(c) => {
                    acc.mark("**");
                    self.walk_inlines(c, acc, depth + 1);
                    acc.mark("**");
                }
                InlineKind::Link { children, url } => {
                    acc.links.push(LinkRef {
                        kind: "link",
                        text: plain_text(children),
                        target: url.clone(),
                        span: i.span,
                    });
                    self.walk_inlines(children, acc, depth + 1);
                }
                InlineKind::NamedRef {
                    children,
                    name,
                    url,
                } => {
                    acc.links.push(LinkRef {
                        kind: "link",
                        text: plain_text(children),
                        target: url.clone().unwrap_or_else(|| format!("{name}_")),
                        span: i.span,
                    });
                    self.walk_inlines(children, acc, depth + 1);
                }
                InlineKind::Substitution { children, .. } => {
                    self.walk_inlines(children, acc, depth + 1)
                }
                InlineKind::Ref { target, .. } | InlineKind::Doc { target, .. } => {
                    let text = plain_text(std::slice::from_ref(i));
                    acc.links.push(LinkRef {
                        kind: if matches!(i.kind, InlineKind::Ref { .. }) {
                            "ref"
                        } else {
                            "doc"
                        },
                        text: text.clone(),
                        target: target.clone(),
                        span: i.span,
                    });
                    acc.push(&text, i.span, None);
                }
                InlineKind::Abbr { .. }
                | InlineKind::Role { .. }
                | InlineKind::FootnoteRef(_)
                | InlineKind::Image(_) => {
                    let text = plain_text(std::slice::from_ref(i));
                    acc.push(&text, i.span, None);
                }
            }
        }
    }
}

/// The first paragraph of a list item is its heading (the rest is the body).
fn item_heading(item: &ListItem) -> (Option<&[Inline]>, &[Block]) {
    match item.children.first() {
        Some(Block {
            kind: BlockKind::Paragraph(p),
            ..
        }) => (Some(p), &item.children[1..]),
        _ => (None, &item.children[..]),
    }
}

fn append_node_text(n: &Node, t: &mut Text) {
    match &n.kind {
        NodeKind::Text { text, .. } => t.append(text.clone()),
        NodeKind::Container {
            title, children, ..
        } => {
            t.append(title.clone());
            for c in children {
                append_node_text(c, t);
            }
        }
        NodeKind::Code(c) => {
            for l in &c.lines {
                let words = words_at(&l.text, l.span);
                t.marked.push(' ');
                t.marked.push_str(&l.text);
                t.words.extend(words);
            }
        }
        NodeKind::List { items, .. } => {
            for i in items {
                t.append(i.text.clone());
            }
        }
        NodeKind::Label { .. } | NodeKind::Include { .. } => {}
    }
}
