//! Directives shown through the generic node: containers, object
//! signatures (with anchors for their roles' links), glossaries (anchors on
//! the terms), version notes and buttons.

use super::*;
use crate::doc::{term_anchor, DirectiveStyle, GenericDirective};

impl Md<'_> {
    pub(super) fn generic(&self, g: &GenericDirective, cx: BlockCx) -> Vec<String> {
        let mut chunks = Vec::new();
        match &g.style {
            // Metadata: navigation is built from it, templates get it.
            DirectiveStyle::Toctree(_) | DirectiveStyle::PageOptions => return Vec::new(),
            DirectiveStyle::Signature(def) => {
                let mut line = def.as_ref().map(|d| anchor(&d.anchor)).unwrap_or_default();
                let sig = plain_text(&g.argument);
                if !sig.trim().is_empty() {
                    line.push_str("**");
                    code_span(sig.trim(), false, &mut line);
                    line.push_str("**");
                }
                if !line.is_empty() {
                    chunks.push(Chunk::other(vec![line]));
                }
            }
            DirectiveStyle::Anchor(def) => chunks.push(Chunk::other(vec![anchor(&def.anchor)])),
            // Hidden content keeps only its link targets (see the HTML).
            DirectiveStyle::Classes(classes) if classes.iter().any(|c| c == "hidden") => {
                let line: String = crate::doc::link_anchors(&g.children)
                    .into_iter()
                    .map(anchor)
                    .collect();
                if line.is_empty() {
                    return Vec::new();
                }
                return join(vec![Chunk::other(vec![line])]);
            }
            DirectiveStyle::Button(url) => {
                let mut line = String::new();
                let text = Inline {
                    kind: InlineKind::Link {
                        children: g.argument.clone(),
                        url: url.clone(),
                    },
                    span: g
                        .argument
                        .first()
                        .map_or(crate::text::Span::new(crate::text::FileId(0), 0, 0), |i| {
                            i.span
                        }),
                };
                self.inlines(std::slice::from_ref(&text), one_line_cx(), &mut line);
                if !line.trim().is_empty() {
                    chunks.push(Chunk::other(vec![line.trim().to_string()]));
                }
            }
            DirectiveStyle::Container
            | DirectiveStyle::Classes(_)
            | DirectiveStyle::Version
            | DirectiveStyle::Glossary
            | DirectiveStyle::Tabs(_) => {
                let arg = self.wrapped_line("**", &g.argument);
                if !arg.is_empty() {
                    chunks.push(Chunk::other(vec![arg]));
                }
            }
        }
        if g.style == DirectiveStyle::Glossary {
            for b in &g.children {
                match &b.kind {
                    BlockKind::DefinitionList(items) => {
                        for item in items {
                            let term = self.wrapped_line("**", &item.term);
                            let line =
                                format!("{}{term}", anchor(&term_anchor(&plain_text(&item.term))));
                            chunks.push(Chunk::other(vec![line]));
                            chunks.extend(self.chunks(&item.children, cx));
                        }
                    }
                    _ => chunks.extend(self.chunks(std::slice::from_ref(b), cx)),
                }
            }
        } else {
            chunks.extend(self.chunks(&g.children, cx));
        }
        join(chunks)
    }
}
