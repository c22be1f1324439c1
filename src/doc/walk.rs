//! Traversals of the document tree (blocks, inline lists, inlines), written
//! once here so the resolver, renderers and checks do not each carry a copy
//! of the match over every block kind.

use super::{Block, BlockKind, DirectiveStyle, Inline, InlineKind};

/// Calls `f` on every block, depth first, including nested ones.
pub fn walk_blocks<'a>(blocks: &'a [Block], f: &mut dyn FnMut(&'a Block)) {
    for b in blocks {
        f(b);
        for children in b.kind.child_lists() {
            walk_blocks(children, f);
        }
    }
}

/// The link targets in `blocks`, in reading order: labels, section ids and
/// object definitions (what content that is not shown must still keep).
pub fn link_anchors(blocks: &[Block]) -> Vec<&str> {
    let mut out = Vec::new();
    walk_blocks(blocks, &mut |b| match &b.kind {
        BlockKind::Label(l) => out.push(l.name.as_str()),
        BlockKind::Section(s) => out.push(s.id.as_str()),
        BlockKind::Generic(g) => match &g.style {
            DirectiveStyle::Signature(Some(def)) | DirectiveStyle::Anchor(def) => {
                out.push(def.anchor.as_str())
            }
            _ => {}
        },
        _ => {}
    });
    out
}

/// Calls `f` on every block, depth first, in reading order, mutably.
pub fn walk_blocks_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Block)) {
    for b in blocks {
        f(b);
        for children in b.kind.child_lists_mut() {
            walk_blocks_mut(children, f);
        }
    }
}

/// Calls `f` on every inline of every block, depth first, mutably.
pub fn visit_inlines_mut(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    fn inlines(list: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
        for i in list {
            f(i);
            match &mut i.kind {
                InlineKind::Emphasis(c)
                | InlineKind::Strong(c)
                | InlineKind::Link { children: c, .. }
                | InlineKind::NamedRef { children: c, .. }
                | InlineKind::Substitution { children: c, .. } => inlines(c, f),
                _ => {}
            }
        }
    }
    visit_top_inline_lists(blocks, &mut |list| inlines(list, f));
}

/// Calls `f` on every top-level inline list of every block (paragraphs,
/// titles, headings, terms, …), depth first through the blocks.
pub fn visit_top_inline_lists(blocks: &mut [Block], f: &mut dyn FnMut(&mut [Inline])) {
    let inlines = |list: &mut [Inline], f: &mut dyn FnMut(&mut [Inline])| f(list);
    for b in blocks {
        match &mut b.kind {
            BlockKind::Section(s) => {
                inlines(&mut s.title, f);
                visit_top_inline_lists(&mut s.children, f);
            }
            BlockKind::Paragraph(p) => inlines(p, f),
            BlockKind::LineBlock(ls) => {
                for l in ls {
                    inlines(l, f);
                }
            }
            BlockKind::BlockQuote(c) => visit_top_inline_lists(c, f),
            BlockKind::BulletList(items) => {
                for it in items {
                    visit_top_inline_lists(&mut it.children, f);
                }
            }
            BlockKind::EnumList(l) => {
                for it in &mut l.items {
                    visit_top_inline_lists(&mut it.children, f);
                }
            }
            BlockKind::DefinitionList(items) => {
                for it in items {
                    inlines(&mut it.term, f);
                    visit_top_inline_lists(&mut it.children, f);
                }
            }
            BlockKind::FieldList(fields) => {
                for fl in fields {
                    visit_top_inline_lists(&mut fl.children, f);
                }
            }
            BlockKind::Admonition(a) => {
                if let Some(t) = &mut a.title {
                    inlines(t, f);
                }
                visit_top_inline_lists(&mut a.children, f);
            }
            BlockKind::Procedure(p) => {
                for st in &mut p.steps {
                    inlines(&mut st.heading, f);
                    visit_top_inline_lists(&mut st.children, f);
                }
            }
            BlockKind::Table(t) => {
                if let Some(ti) = &mut t.title {
                    inlines(ti, f);
                }
                for row in &mut t.rows {
                    for cell in row {
                        visit_top_inline_lists(cell, f);
                    }
                }
            }
            BlockKind::Included(i) => visit_top_inline_lists(&mut i.blocks, f),
            BlockKind::Generic(g) => {
                inlines(&mut g.argument, f);
                visit_top_inline_lists(&mut g.children, f);
            }
            BlockKind::Image(img) => {
                inlines(&mut img.caption, f);
                visit_top_inline_lists(&mut img.legend, f);
            }
            BlockKind::Footnote(n) => visit_top_inline_lists(&mut n.children, f),
            BlockKind::Code(_)
            | BlockKind::Transition
            | BlockKind::Label(_)
            | BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => {}
        }
    }
}

impl BlockKind {
    /// [`BlockKind::child_lists`], mutably.
    pub fn child_lists_mut(&mut self) -> Vec<&mut [Block]> {
        match self {
            BlockKind::Section(s) => vec![&mut s.children],
            BlockKind::BlockQuote(c) => vec![c],
            BlockKind::BulletList(items) => items.iter_mut().map(|i| &mut i.children[..]).collect(),
            BlockKind::EnumList(l) => l.items.iter_mut().map(|i| &mut i.children[..]).collect(),
            BlockKind::DefinitionList(items) => {
                items.iter_mut().map(|i| &mut i.children[..]).collect()
            }
            BlockKind::FieldList(fields) => {
                fields.iter_mut().map(|f| &mut f.children[..]).collect()
            }
            BlockKind::Admonition(a) => vec![&mut a.children],
            BlockKind::Procedure(p) => p.steps.iter_mut().map(|s| &mut s.children[..]).collect(),
            BlockKind::Table(t) => t
                .rows
                .iter_mut()
                .flat_map(|r| r.iter_mut().map(|c| &mut c[..]))
                .collect(),
            BlockKind::Included(i) => vec![&mut i.blocks],
            BlockKind::Generic(g) => vec![&mut g.children],
            BlockKind::Image(img) => vec![&mut img.legend],
            BlockKind::Footnote(n) => vec![&mut n.children],
            BlockKind::Paragraph(_)
            | BlockKind::LineBlock(_)
            | BlockKind::Code(_)
            | BlockKind::Transition
            | BlockKind::Label(_)
            | BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => vec![],
        }
    }

    /// The nested block lists of this block, in reading order.
    pub fn child_lists(&self) -> Vec<&[Block]> {
        match self {
            BlockKind::Section(s) => vec![&s.children],
            BlockKind::BlockQuote(c) => vec![c],
            BlockKind::BulletList(items) => items.iter().map(|i| &i.children[..]).collect(),
            BlockKind::EnumList(l) => l.items.iter().map(|i| &i.children[..]).collect(),
            BlockKind::DefinitionList(items) => items.iter().map(|i| &i.children[..]).collect(),
            BlockKind::FieldList(fields) => fields.iter().map(|f| &f.children[..]).collect(),
            BlockKind::Admonition(a) => vec![&a.children],
            BlockKind::Procedure(p) => p.steps.iter().map(|s| &s.children[..]).collect(),
            BlockKind::Table(t) => t
                .rows
                .iter()
                .flat_map(|r| r.iter().map(|c| &c[..]))
                .collect(),
            BlockKind::Included(i) => vec![&i.blocks],
            BlockKind::Generic(g) => vec![&g.children],
            BlockKind::Image(img) => vec![&img.legend],
            BlockKind::Footnote(n) => vec![&n.children],
            BlockKind::Paragraph(_)
            | BlockKind::LineBlock(_)
            | BlockKind::Code(_)
            | BlockKind::Transition
            | BlockKind::Label(_)
            | BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => vec![],
        }
    }
}
