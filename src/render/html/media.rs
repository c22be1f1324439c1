//! Images and figures, footnotes and citations, and tab sets.
//!
//! Tabs are progressive enhancement: the HTML is every tab as a labelled
//! section (readable without JavaScript); `_static/procdoc.js` turns each
//! set into a tab strip (`role=tablist`/`tab`/`tabpanel`, arrow keys) and
//! keeps sets of the same kind on the page on the same tab.

use super::{push_class, Renderer, R};
use crate::doc::{GenericDirective, Image, Inline, InlineKind, TabRole};
use crate::render::templates::push_escaped;
use crate::render::{is_safe_url, push_url_encoded, root_prefix, RenderContext};

/// The URL of an image as seen from page `page`: its copy, relative to the
/// page; a URL as written; `None` when the file was not found.
pub(crate) fn image_url(img: &Image, page: &str) -> Option<String> {
    if img.is_url() {
        let u = img.path.trim();
        return is_safe_url(u).then(|| u.to_string());
    }
    let out = img.output.as_deref()?;
    let prefix = root_prefix(page);
    let mut s = if prefix.is_empty() {
        "./".to_string()
    } else {
        prefix
    };
    push_url_encoded(&mut s, out, true);
    Some(s)
}

/// `<img …>` for `img` (inline or inside a figure, where the figure
/// carries the alignment); a file that was not found shows its alt text.
pub(super) fn img_tag(img: &Image, ctx: &RenderContext, out: &mut String) {
    let Some(src) = image_url(img, ctx.page) else {
        out.push_str("<span class=\"image-missing\">[");
        push_escaped(out, img.alt.as_deref().unwrap_or(img.path.trim()));
        out.push_str("]</span>");
        return;
    };
    out.push_str("<img src=\"");
    push_escaped(out, &src);
    out.push_str("\" alt=\"");
    push_escaped(out, img.alt.as_deref().unwrap_or_default());
    out.push('"');
    let mut style = String::new();
    for (name, v) in sizes(img) {
        // Plain pixel numbers are attributes; other lengths are styles.
        let px = v.strip_suffix("px").unwrap_or(&v);
        if px.bytes().all(|b| b.is_ascii_digit()) && !px.is_empty() {
            out.push_str(&format!(" {name}=\"{px}\""));
        } else {
            style.push_str(&format!("{name}:{v};"));
        }
    }
    if !style.is_empty() {
        out.push_str(" style=\"");
        push_escaped(out, style.trim_end_matches(';'));
        out.push('"');
    }
    out.push_str(" loading=\"lazy\"");
    let mut classes = String::new();
    if let Some(a) = img.align.as_ref().filter(|_| !img.figure) {
        classes.push_str(&format!("align-{}", super::class_token(a)));
    }
    if let Some(c) = &img.class {
        for t in c.split_whitespace() {
            if !classes.is_empty() {
                classes.push(' ');
            }
            classes.push_str(&super::class_token(t));
        }
    }
    if !classes.is_empty() {
        out.push_str(" class=\"");
        push_escaped(out, &classes);
        out.push('"');
    }
    out.push('>');
}

/// The size of an image as (property, value) pairs, `:scale:` applied the
/// way docutils applies it: it multiplies `:width:` and `:height:` when
/// they are given (`200px` at `50%` is `100px`, pixels rounded to whole
/// ones). docutils reads the file's own size when neither is given; the
/// renderer does not read files, so the browser scales the picture
/// instead (`zoom`, which, unlike a transform, also scales its box).
fn sizes(img: &Image) -> Vec<(&'static str, String)> {
    let factor = img
        .scale
        .as_deref()
        .and_then(crate::dialect::parse_percentage)
        .map(|p| p / 100.0)
        .filter(|f| (f - 1.0).abs() > f64::EPSILON);
    let mut out = Vec::new();
    for (name, v) in [("width", &img.width), ("height", &img.height)] {
        if let Some(v) = v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            let v = match factor {
                Some(f) => scale_length(v, f),
                None => v.to_string(),
            };
            out.push((name, v));
        }
    }
    if let (true, Some(f)) = (out.is_empty(), factor) {
        out.push(("zoom", format!("{}%", number(f * 100.0, 2))));
    }
    out
}

/// `v` (a number and a unit, `120px`, `50%`, `10em`) times `f`; a value
/// that does not start with a number is kept as written.
fn scale_length(v: &str, f: f64) -> String {
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(split);
    let Some(n) = num.parse::<f64>().ok().filter(|n| n.is_finite()) else {
        return v.to_string();
    };
    let unit = unit.trim();
    let places = if unit.is_empty() || unit == "px" {
        0
    } else {
        2
    };
    format!("{}{unit}", number(n * f, places))
}

/// `x` rounded to `places` decimals, without trailing zeros (`100`, `12.5`).
fn number(x: f64, places: i32) -> String {
    let m = 10f64.powi(places);
    let r = (x * m).round() / m;
    let s = format!("{r:.*}", places as usize);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

fn linked(img: &Image, ctx: &RenderContext, out: &mut String) {
    match img
        .target
        .as_deref()
        .map(str::trim)
        .filter(|t| is_safe_url(t))
    {
        Some(t) => {
            out.push_str("<a class=\"image-link\" href=\"");
            push_escaped(out, t);
            out.push_str("\">");
            img_tag(img, ctx, out);
            out.push_str("</a>");
        }
        None => img_tag(img, ctx, out),
    }
}

/// An inline image (a `|name| image::` substitution).
pub(super) fn inline_image(img: &Image, ctx: &RenderContext, out: &mut String) {
    linked(img, ctx, out);
}

/// A footnote reference: a superscript link to the note.
pub(super) fn footnote_ref(i: &Inline, out: &mut String) {
    let InlineKind::FootnoteRef(n) = &i.kind else {
        return;
    };
    let crate::doc::NoteRef {
        label,
        display,
        target,
        id,
    } = &**n;
    if target.is_empty() {
        out.push('[');
        push_escaped(out, &label.written());
        out.push(']');
        return;
    }
    out.push_str("<sup class=\"footnote-ref\"><a href=\"#");
    push_escaped(out, target);
    out.push_str("\" id=\"");
    push_escaped(out, id);
    out.push_str("\" role=\"doc-noteref\">[");
    push_escaped(out, display);
    out.push_str("]</a></sup>");
}

impl Renderer<'_, '_> {
    /// An image or figure.
    pub(super) fn image(&self, img: &Image, out: &mut String) -> R {
        if !img.figure {
            out.push_str("<p class=\"image\">");
            linked(img, self.ctx, out);
            out.push_str("</p>\n");
            return Ok(());
        }
        out.push_str("<figure class=\"figure");
        if let Some(a) = &img.align {
            out.push_str(" align-");
            push_class(out, a);
        }
        out.push('"');
        if let Some(w) = &img.figwidth {
            out.push_str(" style=\"width:");
            push_escaped(out, w.trim());
            out.push('"');
        }
        out.push_str(">\n");
        linked(img, self.ctx, out);
        out.push('\n');
        if !img.caption.is_empty() || !img.legend.is_empty() {
            out.push_str("<figcaption>");
            if !img.caption.is_empty() {
                out.push_str("<p>");
                self.inlines(&img.caption, out);
                out.push_str("</p>");
            }
            if !img.legend.is_empty() {
                out.push_str("\n<div class=\"legend\">\n");
                self.blocks(&img.legend, out)?;
                out.push_str("</div>");
            }
            out.push_str("</figcaption>\n");
        }
        out.push_str("</figure>\n");
        Ok(())
    }

    /// A footnote or citation: where it is defined, with back links.
    pub(super) fn footnote(&self, n: &crate::doc::Footnote, out: &mut String) -> R {
        let cite = matches!(n.label, crate::doc::NoteLabel::Citation(_));
        out.push_str(if cite {
            "<aside class=\"footnote citation\" role=\"doc-biblioentry\" id=\""
        } else {
            "<aside class=\"footnote\" role=\"doc-footnote\" id=\""
        });
        push_escaped(out, &n.id);
        out.push_str("\">\n<span class=\"footnote-label\">[");
        let shown = if n.display.is_empty() {
            n.label.written()
        } else {
            n.display.clone()
        };
        push_escaped(out, &shown);
        out.push_str("]</span>");
        for (k, r) in n.backrefs.iter().enumerate() {
            out.push_str(" <a class=\"footnote-backref\" href=\"#");
            push_escaped(out, r);
            out.push_str("\" role=\"doc-backlink\" aria-label=\"Back to reference ");
            out.push_str(&(k + 1).to_string());
            out.push_str("\">↩</a>");
        }
        out.push_str("\n<div class=\"footnote-body\">\n");
        self.blocks(&n.children, out)?;
        out.push_str("</div>\n</aside>\n");
        Ok(())
    }

    /// A tab set: every tab as a labelled panel; the script makes the strip.
    pub(super) fn tabs(&self, g: &GenericDirective, role: &TabRole, out: &mut String) -> R {
        match role {
            TabRole::Set { kind } => {
                out.push_str("<div class=\"tabs\" data-tabset=\"");
                push_escaped(out, kind);
                out.push('"');
                if g.options
                    .iter()
                    .any(|(k, v)| k == "hidden" && v.trim().eq_ignore_ascii_case("true"))
                {
                    out.push_str(" data-hidden=\"true\"");
                }
                out.push_str(">\n");
                self.blocks(&g.children, out)?;
                out.push_str("</div>\n");
            }
            // Filled by the script with a drop-down for every set of its
            // kind (nothing to show without JavaScript: every tab is then
            // a labelled section).
            TabRole::Selector { kind } => {
                out.push_str("<div class=\"tabs-selector\" data-tabset=\"");
                push_escaped(out, kind);
                out.push_str("\"></div>\n");
            }
            TabRole::Tab { id, label } => {
                out.push_str("<section class=\"tab-panel\" data-tabid=\"");
                push_escaped(out, id);
                out.push_str("\" data-label=\"");
                push_escaped(out, label);
                out.push_str("\">\n<p class=\"tab-label\" role=\"heading\" aria-level=\"4\">");
                push_escaped(out, label);
                out.push_str("</p>\n");
                self.blocks(&g.children, out)?;
                out.push_str("</section>\n");
            }
        }
        Ok(())
    }
}
