//! The `404.html` page that static hosts (GitHub Pages, Netlify, S3) serve
//! for a missing URL: the site's layout, viewport and colour schemes, a
//! short message and a link to the index. Static hosts serve it at any
//! depth, so the stylesheet is inlined instead of linked.

use crate::diag::Diagnostic;
use crate::doc::{Block, BlockKind, Document, Inline, InlineKind, RefTarget, ResolvedRef, Section};
use crate::render::templates::Templates;
use crate::render::{html, RenderContext, SiteInfo};
use crate::text::{FileId, Span};

/// The page's name (`html/404.html`).
pub const PAGE: &str = "404";

/// The heading of the page.
pub const TITLE: &str = "Page not found";

/// The document shown: a heading, one sentence and a link to the index.
pub fn document() -> Document {
    let span = Span::new(FileId(0), 0, 0);
    let inline = |kind| Inline { kind, span };
    let para = vec![
        inline(InlineKind::Text(
            "There is no page at this address. It may have moved or been renamed; start again from the "
                .into(),
        )),
        inline(InlineKind::Doc {
            title: Some("index".into()),
            target: "/index".into(),
            resolved: Some(Box::new(ResolvedRef {
                title: "index".into(),
                target: RefTarget::Page {
                    page: "index".into(),
                    anchor: None,
                },
            })),
        }),
        inline(InlineKind::Text(".".into())),
    ];
    Document {
        file: FileId(0),
        blocks: vec![Block {
            kind: BlockKind::Section(Section {
                level: 1,
                title: vec![inline(InlineKind::Text(TITLE.into()))],
                id: "page-not-found".into(),
                children: vec![Block {
                    kind: BlockKind::Paragraph(para),
                    span,
                }],
            }),
            span,
        }],
    }
}

/// Renders `404.html` through the layout, with the stylesheet inlined.
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn render(site: &SiteInfo, templates: &Templates) -> Result<String, Diagnostic> {
    let ctx = RenderContext {
        site,
        page: PAGE,
        extra_body_html: None,
    };
    let page = html::render_page(&document(), &ctx, templates)?;
    Ok(inline_stylesheet(&page, templates.stylesheet()))
}

/// Adds `html/404.html` to a site's files (a page named `404` wins);
/// a template error becomes a diagnostic. The one call in
/// [`crate::site::build`] (not in `serve`, which answers 404 itself).
pub fn add_to(
    site: &crate::site::Site,
    templates: &Templates,
    files: &mut Vec<crate::site::OutputFile>,
    diags: &mut Vec<Diagnostic>,
) {
    if site.summaries.iter().any(|p| p.name == PAGE) {
        return;
    }
    match render(&site.info, templates) {
        Ok(h) => files.push(crate::site::OutputFile {
            path: format!("html/{PAGE}.html"),
            contents: h.into_bytes(),
        }),
        Err(d) => diags.push(d),
    }
}

/// Replaces the first `<link rel="stylesheet" …>` tag with a `<style>`
/// element holding `css` (a custom layout without the tag keeps its own).
fn inline_stylesheet(page: &str, css: &str) -> String {
    const OPEN: &str = "<link rel=\"stylesheet\"";
    let Some(start) = page.find(OPEN) else {
        return page.to_string();
    };
    let Some(len) = page[start..].find('>') else {
        return page.to_string();
    };
    let mut out = String::with_capacity(page.len() + css.len() + 16);
    out.push_str(&page[..start]);
    out.push_str("<style>\n");
    // `</style` inside the CSS would end the element early.
    out.push_str(&css.replace("</style", "<\\/style"));
    out.push_str("</style>");
    out.push_str(&page[start + len + 1..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_page_has_layout_viewport_dark_mode_and_index_link() {
        let site = SiteInfo {
            title: "Docs".into(),
            pages: vec![crate::render::PageInfo {
                name: "guide/start".into(),
                title: "Start".into(),
                ..Default::default()
            }],
            comparisons: false,
            hierarchy: Default::default(),
            pairs: Vec::new(),
        };
        let html = render(&site, &Templates::defaults()).expect("render");
        assert!(html.contains("<meta name=\"viewport\""), "{html}");
        assert!(
            html.contains("<title>Page not found — Docs</title>"),
            "{html}"
        );
        assert!(html.contains("prefers-color-scheme: dark"), "{html}");
        assert!(!html.contains("rel=\"stylesheet\""), "{html}");
        assert!(html.contains("href=\"index.html\""), "{html}");
        assert!(html.contains("class=\"site-nav\""), "{html}");
    }

    #[test]
    fn inline_stylesheet_escapes_a_closing_style_tag() {
        let out = inline_stylesheet(
            "<head><link rel=\"stylesheet\" href=\"x.css\"></head>",
            "a{}</style>",
        );
        assert_eq!(out, "<head><style>\na{}<\\/style></style></head>");
    }
}
