//! Directives shown through the generic node: containers, object
//! signatures (link targets of their roles), glossaries (anchors on the
//! terms), version notes and buttons.

use super::{push_class, Renderer, R};
use crate::doc::{
    link_anchors, plain_text, term_anchor, BlockKind, DirectiveStyle, GenericDirective,
};
use crate::render::is_safe_url;
use crate::render::templates::push_escaped;

impl Renderer<'_, '_> {
    pub(super) fn generic(&self, g: &GenericDirective, out: &mut String) -> R {
        match &g.style {
            DirectiveStyle::Signature(def) => {
                out.push_str("<dl class=\"object object-");
                push_class(out, &g.name);
                out.push_str("\">\n<dt");
                if let Some(d) = def {
                    out.push_str(" id=\"");
                    push_escaped(out, &d.anchor);
                    out.push('"');
                }
                out.push_str("><code class=\"object-signature\">");
                self.inlines(&g.argument, out);
                out.push_str("</code>");
                if let Some(d) = def {
                    out.push_str("<a class=\"anchor\" href=\"#");
                    push_escaped(out, &d.anchor);
                    out.push_str("\" aria-label=\"Link to this definition\">¶</a>");
                }
                out.push_str("</dt>\n<dd>\n");
                self.blocks(&g.children, out)?;
                out.push_str("</dd>\n</dl>\n");
                return Ok(());
            }
            // Metadata: navigation is built from it, templates get it.
            DirectiveStyle::Toctree(_) | DirectiveStyle::PageOptions => return Ok(()),
            DirectiveStyle::Anchor(def) => {
                out.push_str("<span id=\"");
                push_escaped(out, &def.anchor);
                out.push_str("\"></span>\n");
                return self.blocks(&g.children, out);
            }
            // Hidden content (an object definition that is only a link
            // target, above the title): its targets, not its text.
            DirectiveStyle::Classes(classes) if classes.iter().any(|c| c == "hidden") => {
                for a in link_anchors(&g.children) {
                    out.push_str("<span id=\"");
                    push_escaped(out, a);
                    out.push_str("\"></span>\n");
                }
                return Ok(());
            }
            _ => {}
        }
        out.push_str("<div class=\"directive directive-");
        push_class(out, &g.name);
        if let DirectiveStyle::Classes(classes) = &g.style {
            for c in classes {
                out.push(' ');
                push_class(out, c);
            }
        }
        out.push_str("\">\n");
        match &g.style {
            DirectiveStyle::Button(url) if is_safe_url(url) => {
                out.push_str("<p><a class=\"button\" href=\"");
                push_escaped(out, url.trim());
                out.push_str("\">");
                self.inlines(&g.argument, out);
                out.push_str("</a></p>\n");
            }
            _ if !g.argument.is_empty() => {
                out.push_str("<p class=\"directive-argument\">");
                self.inlines(&g.argument, out);
                out.push_str("</p>\n");
            }
            _ => {}
        }
        if g.style == DirectiveStyle::Glossary {
            for b in &g.children {
                match &b.kind {
                    BlockKind::DefinitionList(items) => {
                        out.push_str("<dl class=\"glossary\">\n");
                        for it in items {
                            out.push_str("<dt id=\"");
                            push_escaped(out, &term_anchor(&plain_text(&it.term)));
                            out.push_str("\">");
                            self.inlines(&it.term, out);
                            out.push_str("</dt>\n<dd>");
                            self.tight(&it.children, out)?;
                            out.push_str("</dd>\n");
                        }
                        out.push_str("</dl>\n");
                    }
                    _ => self.block(b, out)?,
                }
            }
        } else {
            self.blocks(&g.children, out)?;
        }
        out.push_str("</div>\n");
        Ok(())
    }
}
