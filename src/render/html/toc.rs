//! The per-page table of contents: sections and procedure steps.

use crate::doc::{plain_text, Block, BlockKind, Document};
use crate::render::templates::push_escaped;

/// One entry of a page's table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// The anchor id it links to (already emitted on the page).
    pub id: String,
    /// Plain-text title.
    pub title: String,
    /// The step number, for procedure steps.
    pub step: Option<usize>,
    /// Nested entries.
    pub children: Vec<TocEntry>,
}

/// The table of contents of `doc`: its sections below the page title and
/// its procedure steps, nested as in the page (included content counts).
/// Sections and steps without an id are left out (their content is not).
pub fn toc_entries(doc: &Document) -> Vec<TocEntry> {
    fn walk(blocks: &[Block], seen_title: &mut bool, out: &mut Vec<TocEntry>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Section(s) => {
                    let is_title = !*seen_title && s.level <= 1;
                    *seen_title = true;
                    if is_title || s.id.is_empty() {
                        walk(&s.children, seen_title, out);
                    } else {
                        let mut children = Vec::new();
                        walk(&s.children, seen_title, &mut children);
                        out.push(TocEntry {
                            id: s.id.clone(),
                            title: plain_text(&s.title).trim().to_string(),
                            step: None,
                            children,
                        });
                    }
                }
                BlockKind::Procedure(p) => {
                    for (i, st) in p.steps.iter().enumerate() {
                        let mut children = Vec::new();
                        walk(&st.children, seen_title, &mut children);
                        if st.id.is_empty() {
                            out.extend(children);
                        } else {
                            out.push(TocEntry {
                                id: st.id.clone(),
                                title: plain_text(&st.heading).trim().to_string(),
                                step: Some(i + 1),
                                children,
                            });
                        }
                    }
                }
                // Code, paragraphs and the like hold no sections or steps.
                other => {
                    for list in other.child_lists() {
                        walk(list, seen_title, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut false, &mut out);
    out
}

/// The table of contents of `doc` as `<li>` items (nested `<ul>`s for
/// nested entries), or an empty string when it has fewer than two entries.
pub fn render_toc(doc: &Document) -> String {
    fn count(e: &[TocEntry]) -> usize {
        e.iter().map(|e| 1 + count(&e.children)).sum()
    }
    fn items(entries: &[TocEntry], out: &mut String) {
        for e in entries {
            out.push_str(if e.step.is_some() {
                "<li class=\"toc-step\"><a href=\"#"
            } else {
                "<li><a href=\"#"
            });
            push_escaped(out, &e.id);
            out.push_str("\">");
            if let Some(n) = e.step {
                out.push_str(&format!(
                    "<span class=\"toc-step-number\" aria-hidden=\"true\">{n}</span>"
                ));
            }
            out.push_str("<span class=\"toc-text\">");
            push_escaped(out, &e.title);
            out.push_str("</span></a>");
            if !e.children.is_empty() {
                out.push_str("\n<ul>\n");
                items(&e.children, out);
                out.push_str("</ul>\n");
            }
            out.push_str("</li>\n");
        }
    }
    let entries = toc_entries(doc);
    let mut out = String::new();
    if count(&entries) >= 2 {
        items(&entries, &mut out);
    }
    out
}
