//! Inline nodes: text, emphasis, code spans, links and references.

use super::*;

impl Md<'_> {
    pub(super) fn inlines(&self, inl: &[Inline], cx: InlineCx, out: &mut String) {
        for i in inl {
            self.inline(i, cx, out);
        }
    }

    pub(super) fn inline(&self, i: &Inline, cx: InlineCx, out: &mut String) {
        match &i.kind {
            InlineKind::Text(t) => push_text(t, cx, out),
            InlineKind::SoftBreak => out.push(if cx.one_line { ' ' } else { '\n' }),
            InlineKind::Emphasis(c) => self.wrap("*", c, cx, out),
            InlineKind::Strong(c) => self.wrap("**", c, cx, out),
            InlineKind::Literal(t) => code_span(t, cx.table, out),
            InlineKind::Link { children, url } => {
                self.link(LinkText::Inlines(children), url, cx, out)
            }
            InlineKind::NamedRef { children, url, .. } => match url {
                Some(u) => self.link(LinkText::Inlines(children), u, cx, out),
                None => self.inlines(children, cx, out),
            },
            InlineKind::Ref {
                title,
                target,
                resolved,
            }
            | InlineKind::Doc {
                title,
                target,
                resolved,
            } => self.reference(title.as_deref(), target, resolved.as_deref(), cx, out),
            InlineKind::FootnoteRef(_) => self.footnote_ref(i, cx, out),
            InlineKind::Image(img) => self.image_inline(img, cx, out),
            InlineKind::Abbr { abbr, expansion } => {
                push_text(abbr, cx, out);
                if let Some(e) = expansion
                    .as_deref()
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                {
                    push_text(&format!(" ({e})"), cx, out);
                }
            }
            InlineKind::Role {
                text,
                style,
                resolved,
                ..
            } => self.role(text, *style, resolved.as_deref(), cx, out),
            InlineKind::Substitution { children, .. } => self.inlines(children, cx, out),
        }
    }

    /// Emphasis or strong: whitespace at the edges goes outside the
    /// delimiters, or Markdown would not see them as emphasis.
    pub(super) fn wrap(&self, delim: &str, children: &[Inline], cx: InlineCx, out: &mut String) {
        let mut inner = String::new();
        self.inlines(
            children,
            InlineCx {
                mid_line: true,
                ..cx
            },
            &mut inner,
        );
        let rest = inner.trim_start();
        let lead = &inner[..inner.len() - rest.len()];
        let core = rest.trim_end();
        let trail = &rest[core.len()..];
        out.push_str(lead);
        if !core.is_empty() {
            out.push_str(delim);
            out.push_str(core);
            out.push_str(delim);
        }
        out.push_str(trail);
    }

    pub(super) fn reference(
        &self,
        title: Option<&str>,
        target: &str,
        resolved: Option<&ResolvedRef>,
        cx: InlineCx,
        out: &mut String,
    ) {
        let shown = title
            .or(resolved.map(|r| r.title.as_str()))
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(target);
        match resolved {
            Some(r) => {
                let url = target_url(self.ctx.page, &r.target, "md");
                self.link(LinkText::Plain(shown), &url, cx, out);
            }
            None => push_text(shown, cx, out),
        }
    }

    /// A role's text in its style; a link when its target was found.
    fn role(
        &self,
        text: &str,
        style: RoleStyle,
        resolved: Option<&ResolvedRef>,
        cx: InlineCx,
        out: &mut String,
    ) {
        if let Some(r) = resolved {
            let url = target_url(self.ctx.page, &r.target, "md");
            let shown = match style {
                RoleStyle::Code | RoleStyle::Kbd | RoleStyle::Unknown => LinkText::Code(text),
                _ => LinkText::Plain(text),
            };
            return self.link(shown, &url, cx, out);
        }
        match style {
            RoleStyle::Code | RoleStyle::Kbd | RoleStyle::Unknown => code_span(text, cx.table, out),
            RoleStyle::Text => push_text(text, cx, out),
            RoleStyle::Sup | RoleStyle::Sub => {
                let tag = if style == RoleStyle::Sup {
                    "sup"
                } else {
                    "sub"
                };
                out.push_str(&format!("<{tag}>"));
                push_text(
                    text,
                    InlineCx {
                        mid_line: true,
                        ..cx
                    },
                    out,
                );
                out.push_str(&format!("</{tag}>"));
            }
        }
    }

    /// `[text](url)` for safe URLs outside other links; the text otherwise.
    fn link(&self, text: LinkText, url: &str, cx: InlineCx, out: &mut String) {
        let url = url.trim();
        if cx.in_link || !is_safe_url(url) {
            text.render(self, cx, out);
            return;
        }
        let mut s = String::new();
        text.render(
            self,
            InlineCx {
                mid_line: true,
                in_link: true,
                ..cx
            },
            &mut s,
        );
        if s.trim().is_empty() {
            s.clear();
            push_text(
                url,
                InlineCx {
                    mid_line: true,
                    ..cx
                },
                &mut s,
            );
        }
        out.push('[');
        out.push_str(&s);
        out.push_str("](");
        out.push_str(&link_destination(url, cx.table));
        out.push(')');
    }
}

/// The text of a link.
#[derive(Clone, Copy)]
enum LinkText<'a> {
    Inlines(&'a [Inline]),
    Plain(&'a str),
    Code(&'a str),
}

impl LinkText<'_> {
    fn render(self, md: &Md, cx: InlineCx, out: &mut String) {
        match self {
            LinkText::Inlines(i) => md.inlines(i, cx, out),
            LinkText::Plain(t) => push_text(t, cx, out),
            LinkText::Code(t) => code_span(t, cx.table, out),
        }
    }
}

pub(super) fn one_line_cx() -> InlineCx {
    InlineCx {
        mid_line: true,
        one_line: true,
        ..InlineCx::default()
    }
}

/// `<a id="…"></a>`: an anchor for `:ref:` links and labels.
pub(super) fn anchor(id: &str) -> String {
    let mut s = String::from("<a id=\"");
    for c in id.chars() {
        match c {
            '"' => s.push_str("&quot;"),
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.push_str("\"></a>");
    s
}
