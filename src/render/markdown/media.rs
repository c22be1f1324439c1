//! Images and figures (`![alt](path)` plus a caption paragraph), footnotes
//! (`[^1]` references and `[^1]:` definitions where they are written) and
//! tab sets (each tab a bold label over its content).

use super::*;
use crate::doc::{Footnote, GenericDirective, Image, TabRole};

/// The Markdown footnote label for a note's anchor (`fn-1` → `1`).
fn note_label(id: &str) -> String {
    id.strip_prefix("fn-").unwrap_or(id).to_string()
}

impl Md<'_> {
    /// `![alt](path)`, linked when the image has a `:target:`.
    ///
    /// Markdown has no syntax for an image's size, so `:width:`, `:height:`
    /// and `:scale:` are not expressed: the picture shows at its own size
    /// (raw `<img>` HTML would size it, but not every Markdown reader
    /// renders HTML, and the output is meant to read as plain Markdown).
    pub(super) fn image_inline(&self, img: &Image, cx: InlineCx, out: &mut String) {
        let Some(src) = crate::render::html::image_url(img, self.ctx.page) else {
            push_text(&format!("[image: {}]", img.path.trim()), cx, out);
            return;
        };
        let alt = escape_plain(img.alt.as_deref().unwrap_or_default(), true);
        let pic = format!(
            "![{}]({})",
            alt.replace('\n', " "),
            link_destination(&src, cx.table)
        );
        match img
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| is_safe_url(t))
        {
            Some(t) => out.push_str(&format!("[{pic}]({})", link_destination(t, cx.table))),
            None => out.push_str(&pic),
        }
    }

    /// An image or figure: the picture, then the caption in italics and the
    /// legend.
    pub(super) fn image_block(&self, img: &Image, cx: BlockCx) -> Vec<String> {
        let mut line = String::new();
        self.image_inline(img, InlineCx::default(), &mut line);
        let mut chunks = vec![Chunk::other(vec![line])];
        if !img.caption.is_empty() {
            let cap = self.wrapped_line("*", &img.caption);
            chunks.push(Chunk::other(vec![cap]));
        }
        chunks.extend(self.chunks(&img.legend, cx));
        join(chunks)
    }

    /// `[^1]`.
    pub(super) fn footnote_ref(&self, i: &Inline, cx: InlineCx, out: &mut String) {
        let InlineKind::FootnoteRef(n) = &i.kind else {
            return;
        };
        let (label, target) = (&n.label, &n.target);
        if target.is_empty() {
            push_text(&format!("[{}]", label.written()), cx, out);
        } else {
            out.push_str(&format!("[^{}]", note_label(target)));
        }
    }

    /// `[^1]: text` where it is written; a note nobody references would be
    /// dropped by Markdown renderers, so it becomes a labelled paragraph.
    pub(super) fn footnote(&self, n: &Footnote, cx: BlockCx) -> Vec<String> {
        let body = self.blocks(&n.children, cx.nested());
        if n.backrefs.is_empty() || n.id.is_empty() {
            let shown = if n.display.is_empty() {
                n.label.written()
            } else {
                n.display.clone()
            };
            let label = format!("**\\[{}\\]**", escape_plain(&shown, true));
            let chunks = labelled(
                label,
                vec![Chunk {
                    lines: body,
                    para: true,
                }],
            );
            return join(chunks);
        }
        let mut out = Vec::new();
        let mut it = body.into_iter();
        let first = it.next().unwrap_or_default();
        out.push(
            format!("[^{}]: {first}", note_label(&n.id))
                .trim_end()
                .to_string(),
        );
        for l in it {
            if l.is_empty() {
                out.push(l);
            } else {
                out.push(format!("    {l}"));
            }
        }
        out
    }

    /// A tab set (each tab in turn) or one tab (a bold label, its content).
    pub(super) fn tabs(&self, g: &GenericDirective, role: &TabRole, cx: BlockCx) -> Vec<String> {
        match role {
            TabRole::Set { .. } => self.blocks(&g.children, cx),
            TabRole::Selector { .. } => Vec::new(),
            TabRole::Tab { label, .. } => {
                let mut chunks = vec![Chunk::other(vec![format!(
                    "**{}**",
                    escape_plain(label, true)
                )])];
                chunks.extend(self.chunks(&g.children, cx));
                join(chunks)
            }
        }
    }
}
