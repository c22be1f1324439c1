//! Inline nodes: text, emphasis, literals, links, references and roles.

use super::push_class;
use crate::doc::{Inline, InlineKind, ResolvedRef, RoleStyle};
use crate::render::templates::push_escaped;
use crate::render::{is_safe_url, target_url, RenderContext};

/// Renders inline content to HTML (for titles shown elsewhere, e.g. in a
/// search index or a table of contents).
pub fn render_inlines(inlines: &[Inline], ctx: &RenderContext) -> String {
    let mut out = String::new();
    inline_list(inlines, ctx, &mut out);
    out
}

pub(super) fn inline_list(inlines: &[Inline], ctx: &RenderContext, out: &mut String) {
    for i in inlines {
        inline(i, ctx, out);
    }
}

pub(super) fn inline(i: &Inline, ctx: &RenderContext, out: &mut String) {
    match &i.kind {
        InlineKind::Text(t) => push_escaped(out, t),
        InlineKind::SoftBreak => out.push('\n'),
        InlineKind::Emphasis(c) => {
            out.push_str("<em>");
            inline_list(c, ctx, out);
            out.push_str("</em>");
        }
        InlineKind::Strong(c) => {
            out.push_str("<strong>");
            inline_list(c, ctx, out);
            out.push_str("</strong>");
        }
        InlineKind::Literal(t) => {
            out.push_str("<code class=\"literal\">");
            push_escaped(out, t);
            out.push_str("</code>");
        }
        InlineKind::Link { children, url } => link(children, url, ctx, out),
        InlineKind::NamedRef { children, url, .. } => match url {
            Some(u) => link(children, u, ctx, out),
            None => inline_list(children, ctx, out),
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
        } => reference(title.as_deref(), target, resolved.as_deref(), ctx, out),
        InlineKind::FootnoteRef(_) => super::media::footnote_ref(i, out),
        InlineKind::Image(img) => super::media::inline_image(img, ctx, out),
        InlineKind::Abbr { abbr, expansion } => {
            match expansion {
                Some(e) => {
                    out.push_str("<abbr title=\"");
                    push_escaped(out, e);
                    out.push_str("\">");
                }
                None => out.push_str("<abbr>"),
            }
            push_escaped(out, abbr);
            out.push_str("</abbr>");
        }
        InlineKind::Role {
            name,
            text,
            style,
            resolved,
            ..
        } => role(name, text, *style, resolved.as_deref(), ctx, out),
        InlineKind::Substitution { children, .. } => inline_list(children, ctx, out),
    }
}

/// A role's text in its element (`<code>`, `<span>`, `<kbd>`, `<sup>`,
/// `<sub>`) with the class `role role-<name>`; inside a link to its target
/// when the resolver found one.
fn role(
    name: &str,
    text: &str,
    style: RoleStyle,
    resolved: Option<&ResolvedRef>,
    ctx: &RenderContext,
    out: &mut String,
) {
    let href = resolved.map(|r| target_url(ctx.page, &r.target, "html"));
    if let Some(h) = &href {
        out.push_str("<a class=\"ref\" href=\"");
        push_escaped(out, h);
        out.push_str("\">");
    }
    let tag = match style {
        RoleStyle::Code => "code",
        RoleStyle::Text | RoleStyle::Unknown => "span",
        RoleStyle::Kbd => "kbd",
        RoleStyle::Sup => "sup",
        RoleStyle::Sub => "sub",
    };
    out.push('<');
    out.push_str(tag);
    out.push_str(" class=\"role role-");
    push_class(out, name);
    out.push_str("\">");
    push_escaped(out, text);
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
    if href.is_some() {
        out.push_str("</a>");
    }
}

pub(super) fn is_external(url: &str) -> bool {
    let u = url.trim_start().as_bytes();
    let starts = |p: &[u8]| u.len() >= p.len() && u[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://") || starts(b"https://")
}

pub(super) fn link(children: &[Inline], url: &str, ctx: &RenderContext, out: &mut String) {
    if !is_safe_url(url) {
        inline_list(children, ctx, out);
        return;
    }
    out.push_str("<a");
    if is_external(url) {
        out.push_str(" class=\"external\"");
    }
    out.push_str(" href=\"");
    push_escaped(out, url.trim());
    out.push_str("\">");
    if children.is_empty() {
        push_escaped(out, url);
    } else {
        inline_list(children, ctx, out);
    }
    out.push_str("</a>");
}

pub(super) fn reference(
    title: Option<&str>,
    target: &str,
    resolved: Option<&ResolvedRef>,
    ctx: &RenderContext,
    out: &mut String,
) {
    match resolved {
        Some(r) => {
            let text = title.unwrap_or(&r.title);
            let href = target_url(ctx.page, &r.target, "html");
            // Internal links pass the same check as external ones.
            if is_safe_url(&href) {
                out.push_str("<a class=\"ref\" href=\"");
                push_escaped(out, &href);
                out.push_str("\">");
                push_escaped(out, text);
                out.push_str("</a>");
            } else {
                push_escaped(out, text);
            }
        }
        None => {
            out.push_str("<span class=\"ref unresolved\">");
            push_escaped(out, title.unwrap_or(target));
            out.push_str("</span>");
        }
    }
}
