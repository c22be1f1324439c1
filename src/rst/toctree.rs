//! `.. toctree::` and page options: the two pieces of a page that are
//! metadata, not content. A toctree's entries (`/path`, `Title </path>`,
//! `Title <https://…>`) become the site's hierarchy, previous/next links and
//! breadcrumbs; a field list before the title (`:noprevnext:`,
//! `:template: x`) becomes the page's options, handed to templates.

use super::directive::Parts;
use super::Parser;
use crate::doc::{Block, BlockKind, DirectiveStyle, GenericDirective, TocTreeEntry};

impl Parser<'_> {
    /// A toctree: one entry per non-blank content line.
    pub(super) fn toctree(&mut self, parts: Parts<'_>) -> Block {
        let mut entries = Vec::new();
        for line in &parts.content {
            let text = line.text.trim();
            if text.is_empty() {
                continue;
            }
            let start = line.off + (line.text.len() - line.text.trim_start().len());
            let span = self.span(start, start + text.len());
            let (title, target) = match (text.rfind('<'), text.ends_with('>')) {
                (Some(lt), true) if lt > 0 => (
                    Some(text[..lt].trim().to_string()).filter(|t| !t.is_empty()),
                    text[lt + 1..text.len() - 1].trim().to_string(),
                ),
                _ => (None, text.to_string()),
            };
            entries.push(TocTreeEntry {
                title,
                target,
                span,
            });
        }
        Block {
            kind: BlockKind::Generic(GenericDirective {
                name: parts.name.clone(),
                argument: Vec::new(),
                options: parts.option_pairs(),
                children: Vec::new(),
                style: DirectiveStyle::Toctree(entries),
            }),
            span: parts.whole,
        }
    }
}

/// Turns a field list that comes before the page's first section (and
/// before any other content) into the page options.
pub(super) fn lift_page_options(blocks: &mut [Block]) {
    for b in blocks.iter_mut() {
        match &b.kind {
            BlockKind::FieldList(fields) => {
                let options = fields
                    .iter()
                    .map(|f| {
                        let value = f
                            .children
                            .iter()
                            .map(|c| match &c.kind {
                                BlockKind::Paragraph(p) => crate::doc::plain_text(p),
                                _ => String::new(),
                            })
                            .collect::<Vec<_>>()
                            .join(" ");
                        (f.name.clone(), value.trim().to_string())
                    })
                    .collect();
                b.kind = BlockKind::Generic(GenericDirective {
                    name: "page-options".into(),
                    argument: Vec::new(),
                    options,
                    children: Vec::new(),
                    style: DirectiveStyle::PageOptions,
                });
                return;
            }
            BlockKind::Hidden | BlockKind::Label(_) => {}
            _ => return,
        }
    }
}
