//! HTML rendering: the resolved document tree to a whole HTML5 page.
//!
//! The tree is walked in Rust into a `String` buffer (fast, and escaping is
//! in one place); only the parts a site may want to restyle go through
//! handlebars: the page layout and the step, admonition and code-block
//! partials, which receive pre-rendered HTML fragments. All text and
//! attribute values are escaped; links are only emitted for safe URLs.
//!
//! Site features: a per-page table of contents ([`render_toc`]) beside the
//! content, `¶` anchors on section and step headings, syntax highlighting
//! with CSS classes ([`super::highlight`]), and a copy button on copyable
//! code blocks (made to work by `_static/procdoc.js`).

mod blocks;
mod code;
mod directives;
mod inline;
mod media;
mod tables;
#[cfg(test)]
mod tests;
mod toc;

pub use inline::render_inlines;
pub(crate) use media::image_url;
pub use toc::{render_toc, toc_entries, TocEntry};

use crate::diag::Diagnostic;
use crate::doc::{plain_text, Block, Document, Inline};
use crate::render::templates::{push_escaped, Templates};
use crate::render::{root_prefix, RenderContext};
use inline::inline_list;
use serde::Serialize;

/// Where the build writes the stylesheet, relative to the HTML output root.
pub const STYLESHEET_PATH: &str = "_static/procdoc.css";

/// Where the build writes the page script ([`Templates::script`]), relative
/// to the HTML output root.
pub const SCRIPT_PATH: &str = "_static/procdoc.js";

/// Data for `layout.hbs`.
#[derive(Serialize)]
struct LayoutData<'a> {
    site_title: &'a str,
    page_title: String,
    page: &'a str,
    root: String,
    stylesheet: String,
    script: String,
    /// `_static/nav.js`, relative to this page: the site's page tree.
    nav_script: String,
    /// The page's table of contents (`<li>` entries), empty when the page
    /// has fewer than two entries.
    toc_html: String,
    /// The page list, pre-rendered (a `<li>` per page): building it in Rust
    /// keeps large sites fast, since every page lists every page.
    nav_html: String,
    /// Breadcrumbs (`<li>` entries) from the toctree; empty without one.
    breadcrumbs_html: String,
    /// The page options (`:template:`, `:noprevnext:` …), by name.
    page_options: std::collections::BTreeMap<&'a str, &'a str>,
    body: String,
    extra_body: &'a str,
}

/// Data for `partials/step.hbs`.
#[derive(Serialize)]
struct StepData<'a> {
    id: &'a str,
    number: usize,
    heading: String,
    body: String,
    first: bool,
    last: bool,
    style: &'a str,
}

/// Data for `partials/admonition.hbs`.
#[derive(Serialize)]
struct AdmonitionData {
    kind: String,
    title: String,
    body: String,
}

/// Data for `partials/code.hbs`.
#[derive(Serialize)]
struct CodeData<'a> {
    language: Option<String>,
    caption: Option<&'a str>,
    code: String,
    /// Shown in the header when there is no caption.
    language_label: Option<String>,
    /// Whether the block has a header (a caption or a copy button).
    header: bool,
    /// Whether `code` holds highlighting spans.
    highlighted: bool,
    linenos: bool,
    gutter: String,
    copyable: bool,
    emphasized: bool,
}

/// Renders `doc` as a complete HTML5 page through `layout.hbs`.
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn render_page(
    doc: &Document,
    ctx: &RenderContext,
    t: &Templates,
) -> Result<String, Diagnostic> {
    let mut body = render_body(doc, ctx, t)?;
    // The link to a variant comparison goes under the page title.
    let compare = crate::render::nav::compare_links_html(ctx.site, ctx.page);
    if !compare.is_empty() {
        let at = body.find("</h1>").map_or(0, |i| {
            let end = i + "</h1>".len();
            end + usize::from(body[end..].starts_with('\n'))
        });
        body.insert_str(at, &compare);
    }
    let root = root_prefix(ctx.page);
    let page_title = doc
        .title()
        .map(plain_text)
        .or_else(|| {
            ctx.site
                .pages
                .iter()
                .find(|p| p.name == ctx.page)
                .map(|p| p.title.clone())
        })
        .unwrap_or_else(|| ctx.page.to_string());
    // Only this page's branch: the whole tree is in `_static/nav.js`.
    let nav_html = crate::render::nav::page_nav_html(ctx.site, ctx.page);
    let data = LayoutData {
        site_title: &ctx.site.title,
        page_title,
        page: ctx.page,
        stylesheet: format!("{root}{STYLESHEET_PATH}"),
        script: format!("{root}{SCRIPT_PATH}"),
        nav_script: format!("{root}{}", crate::render::nav::NAV_SCRIPT_PATH),
        toc_html: render_toc(doc),
        root,
        nav_html,
        breadcrumbs_html: crate::render::nav::breadcrumbs_html(ctx.site, ctx.page),
        page_options: doc
            .page_options()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
        body,
        extra_body: ctx.extra_body_html.unwrap_or(""),
    };
    t.render("layout", &data)
}

/// Renders only the page content (what goes inside `<main>`).
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn render_body(
    doc: &Document,
    ctx: &RenderContext,
    t: &Templates,
) -> Result<String, Diagnostic> {
    let r = Renderer { ctx, t };
    let mut out = String::with_capacity(4096);
    r.blocks(&doc.blocks, &mut out).map_err(|e| *e)?;
    Ok(out)
}

type R = Result<(), Box<Diagnostic>>;

struct Renderer<'a, 'c> {
    ctx: &'a RenderContext<'c>,
    t: &'a Templates,
}

impl Renderer<'_, '_> {
    fn blocks(&self, blocks: &[Block], out: &mut String) -> R {
        for b in blocks {
            self.block(b, out)?;
        }
        Ok(())
    }

    fn blocks_to_string(&self, blocks: &[Block]) -> Result<String, Box<Diagnostic>> {
        let mut s = String::new();
        self.blocks(blocks, &mut s)?;
        Ok(s)
    }

    fn partial<T: Serialize>(&self, name: &str, data: &T, out: &mut String) -> R {
        out.push_str(&self.t.render(name, data).map_err(Box::new)?);
        Ok(())
    }

    fn inlines(&self, inlines: &[Inline], out: &mut String) {
        inline_list(inlines, self.ctx, out);
    }
}

/// The title of an admonition written without one.
pub(super) fn default_admonition_title(kind: &str) -> String {
    match kind {
        "seealso" => "See also".to_string(),
        _ => {
            let mut c = kind.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => String::new(),
            }
        }
    }
}

/// A name made safe for a class: characters other than letters, digits,
/// `-` and `_` become `-` (`py:class` → `py-class`).
pub(super) fn class_token(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

pub(super) fn push_class(out: &mut String, name: &str) {
    push_escaped(out, &class_token(name));
}
