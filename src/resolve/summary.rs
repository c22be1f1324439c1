//! What the rest of the site needs to know about one page, without its
//! tree: its title, the labels, object targets and glossary terms it
//! defines, its toctree entries and its step counts.
//!
//! Cross-page facts (the label table, the toctree hierarchy, the index) are
//! built from these summaries alone, so a build can parse a page, summarise
//! it and drop its tree, and later parse, resolve, render and drop each page
//! in turn: memory then holds one tree per thread, never the whole site's.
//! The preview server keeps a summary per page and rebuilds the site-wide
//! tables only when an edit changes one.

use super::LoadedPage;
use crate::doc::{plain_text, walk_blocks, Block, BlockKind, DirectiveStyle};
use crate::text::Span;
use std::collections::BTreeSet;

/// A label a page defines (`.. _name:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDef {
    /// Normalised label name.
    pub name: String,
    /// The heading it names, if any (the title of a `:ref:` without one).
    pub title: Option<String>,
    /// Where the label was written.
    pub span: Span,
    /// What it names: the span of the block after it, or its own span.
    pub names: Span,
}

/// A toctree entry of a page: the target as written and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// The page (`/tutorial/x`, relative) or an external URL.
    pub target: String,
    /// Where the entry was written.
    pub span: Span,
}

/// One page, summarised (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageSummary {
    /// Page name (`csfle/aws-iam-user`).
    pub name: String,
    /// The page title as plain text, if the page has a heading.
    pub title: Option<String>,
    /// Labels in document order.
    pub labels: Vec<LabelDef>,
    /// Object targets (`.. method::` …): (object type, name) → anchor, in
    /// document order (the first definition of a name wins).
    pub objects: Vec<((String, String), String)>,
    /// Glossary terms: normalised term → anchor, in document order.
    pub terms: Vec<(String, String)>,
    /// Toctree entries in document order.
    pub toctree: Vec<TocEntry>,
    /// Whether the page asked for no previous/next links (`:noprevnext:`).
    pub no_prev_next: bool,
    /// Procedure steps (includes counted).
    pub steps: usize,
    /// Items of the first numbered list of several items.
    pub list_steps: usize,
    /// Every file the page read (relative to the root): the comparison
    /// pages link back to the pages that show a compared fragment.
    pub deps: BTreeSet<String>,
}

impl PageSummary {
    /// Summarises a page that is dropped afterwards (its dependency list
    /// is moved, not copied).
    pub fn of_owned(mut page: LoadedPage) -> Self {
        let deps = std::mem::take(&mut page.deps);
        Self::with_deps(&page, deps)
    }

    /// Summarises a loaded page.
    pub fn of(page: &LoadedPage) -> Self {
        Self::with_deps(page, page.deps.clone())
    }

    /// The summary of `page`, given its dependencies (one walk over its
    /// tree per kind of fact).
    fn with_deps(page: &LoadedPage, deps: BTreeSet<String>) -> Self {
        let doc = &page.doc;
        let mut labels = Vec::new();
        collect_labels(&doc.blocks, None, None, &mut labels);
        let mut s = PageSummary {
            name: page.name.clone(),
            title: doc.title().map(plain_text),
            labels,
            toctree: doc
                .toctree_entries()
                .into_iter()
                .map(|e| TocEntry {
                    target: e.target.clone(),
                    span: e.span,
                })
                .collect(),
            no_prev_next: doc.page_options().iter().any(|(k, _)| k == "noprevnext"),
            deps,
            ..PageSummary::default()
        };
        walk_blocks(&doc.blocks, &mut |b| match &b.kind {
            BlockKind::Procedure(p) => s.steps += p.steps.len(),
            BlockKind::EnumList(l) if s.list_steps == 0 && l.items.len() > 1 => {
                s.list_steps = l.items.len()
            }
            BlockKind::Generic(g) => match &g.style {
                DirectiveStyle::Signature(Some(def)) | DirectiveStyle::Anchor(def) => {
                    for k in &def.keys {
                        s.objects.push((k.clone(), def.anchor.clone()));
                    }
                }
                DirectiveStyle::Glossary => {
                    for c in &g.children {
                        if let BlockKind::DefinitionList(items) = &c.kind {
                            for it in items {
                                let text = plain_text(&it.term);
                                s.terms.push((
                                    crate::doc::term_key(&text),
                                    crate::doc::term_anchor(&text),
                                ));
                            }
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        });
        s
    }

    /// The title shown for the page: its heading, or its name.
    pub fn shown_title(&self) -> String {
        self.title.clone().unwrap_or_else(|| self.name.clone())
    }
}

/// Finds labels; a label's title is the heading it names: the next block's
/// section title, or the enclosing step/section when it is the first child.
/// Labels that end a section (or an included fragment) stand just before
/// whatever follows it: `after` is that block. This is how a label written
/// before a heading is parsed, since the previous section runs up to the
/// heading.
fn collect_labels(
    blocks: &[Block],
    enclosing: Option<&str>,
    after: Option<&Block>,
    out: &mut Vec<LabelDef>,
) {
    let mut seen_content = false;
    for (k, b) in blocks.iter().enumerate() {
        // The block after this one, looking out of this list at its end.
        let following = || {
            blocks[k + 1..]
                .iter()
                .find(|n| !matches!(n.kind, BlockKind::Label(_) | BlockKind::Hidden))
                .or(after)
        };
        match &b.kind {
            BlockKind::Label(l) => {
                // As in snooty, a label before an `.. include::` names the
                // include, not a heading inside it.
                let next = following();
                let next_title = next.map(|n| match &n.kind {
                    BlockKind::Section(s) => Some(plain_text(&s.title)),
                    _ => None,
                });
                let title = match next_title {
                    Some(Some(t)) => Some(t),
                    _ if !seen_content => enclosing.map(str::to_string),
                    _ => None,
                };
                out.push(LabelDef {
                    name: l.name.clone(),
                    title,
                    span: b.span,
                    names: next.map_or(b.span, |n| n.span),
                });
            }
            BlockKind::Hidden => {}
            _ => seen_content = true,
        }
        match &b.kind {
            BlockKind::Section(s) => {
                collect_labels(&s.children, Some(&plain_text(&s.title)), following(), out)
            }
            BlockKind::Procedure(p) => {
                for st in &p.steps {
                    collect_labels(&st.children, Some(&plain_text(&st.heading)), None, out);
                }
            }
            BlockKind::Included(i) => collect_labels(
                &i.blocks,
                enclosing.filter(|_| !seen_content),
                following(),
                out,
            ),
            other => {
                for list in other.child_lists() {
                    collect_labels(list, None, None, out);
                }
            }
        }
    }
}
