//! Block nodes: sections, paragraphs, lists, procedures, admonitions and
//! the generic directive container.

use super::{class_token, default_admonition_title, AdmonitionData, Renderer, StepData, R};
use crate::doc::{Admonition, Block, BlockKind, ListItem, Procedure};
use crate::render::templates::push_escaped;

impl Renderer<'_, '_> {
    pub(super) fn block(&self, b: &Block, out: &mut String) -> R {
        match &b.kind {
            BlockKind::Section(s) => {
                let n = s.level.clamp(1, 6);
                out.push_str("<section id=\"");
                push_escaped(out, &s.id);
                out.push_str("\">\n");
                out.push_str(&format!("<h{n}>"));
                self.inlines(&s.title, out);
                // The page title needs no anchor: its link is the page.
                if n > 1 && !s.id.is_empty() {
                    out.push_str("<a class=\"anchor\" href=\"#");
                    push_escaped(out, &s.id);
                    out.push_str("\" aria-label=\"Link to this section\">¶</a>");
                }
                out.push_str(&format!("</h{n}>\n"));
                self.blocks(&s.children, out)?;
                out.push_str("</section>\n");
            }
            BlockKind::Paragraph(inl) => {
                out.push_str("<p>");
                self.inlines(inl, out);
                out.push_str("</p>\n");
            }
            BlockKind::Code(c) => self.code(c, out)?,
            BlockKind::BlockQuote(children) => {
                out.push_str("<blockquote>\n");
                self.blocks(children, out)?;
                out.push_str("</blockquote>\n");
            }
            BlockKind::BulletList(items) => {
                out.push_str("<ul>\n");
                self.items(items, out)?;
                out.push_str("</ul>\n");
            }
            BlockKind::EnumList(l) => {
                out.push_str("<ol type=\"");
                out.push_str(l.style.html_type());
                out.push('"');
                if l.start != 1 {
                    out.push_str(&format!(" start=\"{}\"", l.start));
                }
                out.push_str(">\n");
                self.items(&l.items, out)?;
                out.push_str("</ol>\n");
            }
            BlockKind::DefinitionList(items) => {
                out.push_str("<dl>\n");
                for it in items {
                    out.push_str("<dt>");
                    self.inlines(&it.term, out);
                    out.push_str("</dt>\n<dd>");
                    self.tight(&it.children, out)?;
                    out.push_str("</dd>\n");
                }
                out.push_str("</dl>\n");
            }
            BlockKind::FieldList(fields) => {
                out.push_str("<dl class=\"field-list\">\n");
                for f in fields {
                    out.push_str("<dt>");
                    push_escaped(out, &f.name);
                    out.push_str("</dt>\n<dd>");
                    self.tight(&f.children, out)?;
                    out.push_str("</dd>\n");
                }
                out.push_str("</dl>\n");
            }
            BlockKind::Transition => out.push_str("<hr>\n"),
            BlockKind::LineBlock(lines) => {
                out.push_str("<div class=\"line-block\">\n");
                for l in lines {
                    out.push_str("<div class=\"line\">");
                    self.inlines(l, out);
                    out.push_str("</div>\n");
                }
                out.push_str("</div>\n");
            }
            BlockKind::Admonition(a) => self.admonition(a, out)?,
            BlockKind::Procedure(p) => self.procedure(p, out)?,
            BlockKind::Table(t) => self.table(t, out)?,
            BlockKind::Label(l) => {
                out.push_str("<span id=\"");
                push_escaped(out, &l.name);
                out.push_str("\"></span>\n");
            }
            // An include that failed (reported as an error) is shown as an
            // error box where its content belongs: with `--keep-going` the
            // page is written anyway, and a reader must see the hole.
            BlockKind::Included(inc) if inc.file.is_none() => {
                missing_box("include", &inc.path, out)
            }
            BlockKind::LiteralIncludeRequest(req) => missing_box("literalinclude", &req.path, out),
            BlockKind::Included(inc) => self.blocks(&inc.blocks, out)?,
            BlockKind::Generic(g) => match &g.style {
                crate::doc::DirectiveStyle::Tabs(role) => self.tabs(g, role, out)?,
                _ => self.generic(g, out)?,
            },
            BlockKind::Image(img) => self.image(img, out)?,
            BlockKind::Footnote(n) => self.footnote(n, out)?,
            BlockKind::Hidden | BlockKind::IncludeRequest(_) => {}
        }
        Ok(())
    }

    pub(super) fn items(&self, items: &[ListItem], out: &mut String) -> R {
        for it in items {
            out.push_str("<li>");
            self.tight(&it.children, out)?;
            out.push_str("</li>\n");
        }
        Ok(())
    }

    /// Content of a list item, cell or definition: a lone paragraph is
    /// rendered without its `<p>`.
    pub(super) fn tight(&self, children: &[Block], out: &mut String) -> R {
        if let [Block {
            kind: BlockKind::Paragraph(inl),
            ..
        }] = children
        {
            self.inlines(inl, out);
            Ok(())
        } else {
            if !children.is_empty() {
                out.push('\n');
            }
            self.blocks(children, out)
        }
    }

    pub(super) fn procedure(&self, p: &Procedure, out: &mut String) -> R {
        let style = p.style.as_str();
        out.push_str("<div class=\"procedure procedure-");
        out.push_str(style);
        out.push_str("\">\n");
        if let Some(title) = &p.title {
            out.push_str("<p class=\"procedure-title\">");
            push_escaped(out, title);
            out.push_str("</p>\n");
        }
        let n = p.steps.len();
        for (i, step) in p.steps.iter().enumerate() {
            // Labels written just before a step (or first in its body) name
            // the step: their anchors go before its heading, so a link to
            // them shows the heading, not the text below it.
            let (labels, body) = step.children.split_at(leading_labels(&step.children));
            self.blocks(labels, out)?;
            let mut heading = String::new();
            self.inlines(&step.heading, &mut heading);
            let data = StepData {
                id: &step.id,
                number: i + 1,
                heading,
                body: self.blocks_to_string(body)?,
                first: i == 0,
                last: i + 1 == n,
                style,
            };
            self.partial("step", &data, out)?;
        }
        out.push_str("</div>\n");
        Ok(())
    }

    pub(super) fn admonition(&self, a: &Admonition, out: &mut String) -> R {
        let mut title = String::new();
        match &a.title {
            Some(t) if !t.is_empty() => self.inlines(t, &mut title),
            _ => push_escaped(&mut title, &default_admonition_title(&a.kind)),
        }
        let data = AdmonitionData {
            kind: class_token(&a.kind),
            title,
            body: self.blocks_to_string(&a.children)?,
        };
        self.partial("admonition", &data, out)
    }
}

/// How many blocks at the start of `blocks` are labels (or hidden blocks,
/// such as comments, between them).
fn leading_labels(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .take_while(|b| matches!(b.kind, BlockKind::Label(_) | BlockKind::Hidden))
        .count()
}

/// The error box for an include or literalinclude that could not be read.
fn missing_box(directive: &str, path: &str, out: &mut String) {
    out.push_str(
        "<div class=\"procdoc-error\" role=\"note\"><p><strong>Build error:</strong> <code>.. ",
    );
    out.push_str(directive);
    out.push_str(":: ");
    push_escaped(out, path);
    out.push_str("</code> could not be included, so part of this page is missing.</p></div>\n");
}
