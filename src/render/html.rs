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

use crate::diag::Diagnostic;
use crate::doc::{
    plain_text, Admonition, Block, BlockKind, CodeBlock, Document, Inline, InlineKind, ListItem,
    Procedure, ResolvedRef, Table,
};
use crate::render::highlight;
use crate::render::templates::{push_escaped, Templates};
use crate::render::{is_safe_url, root_prefix, target_url, RenderContext};
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
    /// The page's table of contents (`<li>` entries), empty when the page
    /// has fewer than two entries.
    toc_html: String,
    /// The page list, pre-rendered (a `<li>` per page): building it in Rust
    /// keeps large sites fast, since every page lists every page.
    nav_html: String,
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
    let body = render_body(doc, ctx, t)?;
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
    let mut nav_html = String::with_capacity(ctx.site.pages.len() * 96);
    for p in &ctx.site.pages {
        let title = if p.title.is_empty() {
            &p.name
        } else {
            &p.title
        };
        let current = p.name == ctx.page;
        nav_html.push_str(if current {
            "<li class=\"current\"><a href=\""
        } else {
            "<li><a href=\""
        });
        push_escaped(
            &mut nav_html,
            &crate::render::page_url(ctx.page, &p.name, "html"),
        );
        nav_html.push_str(if current {
            "\" aria-current=\"page\">"
        } else {
            "\">"
        });
        push_escaped(&mut nav_html, title);
        nav_html.push_str("</a></li>\n");
    }
    let data = LayoutData {
        site_title: &ctx.site.title,
        page_title,
        page: ctx.page,
        stylesheet: format!("{root}{STYLESHEET_PATH}"),
        script: format!("{root}{SCRIPT_PATH}"),
        toc_html: render_toc(doc),
        root,
        nav_html,
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

/// One entry of a page's table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocEntry {
    /// The anchor id it links to (already emitted on the page).
    pub id: String,
    /// Plain-text title.
    pub title: String,
    /// The step number, for procedure steps.
    pub step: Option<usize>,
    /// Nested entries.
    pub children: Vec<TocEntry>,
}

/// The table of contents of `doc`: its sections below the page title and
/// its procedure steps, nested as in the page (included content counts).
/// Sections and steps without an id are left out (their content is not).
pub fn toc_entries(doc: &Document) -> Vec<TocEntry> {
    fn walk(blocks: &[Block], seen_title: &mut bool, out: &mut Vec<TocEntry>) {
        for b in blocks {
            match &b.kind {
                BlockKind::Section(s) => {
                    let is_title = !*seen_title && s.level <= 1;
                    *seen_title = true;
                    if is_title || s.id.is_empty() {
                        walk(&s.children, seen_title, out);
                    } else {
                        let mut children = Vec::new();
                        walk(&s.children, seen_title, &mut children);
                        out.push(TocEntry {
                            id: s.id.clone(),
                            title: plain_text(&s.title).trim().to_string(),
                            step: None,
                            children,
                        });
                    }
                }
                BlockKind::Procedure(p) => {
                    for (i, st) in p.steps.iter().enumerate() {
                        let mut children = Vec::new();
                        walk(&st.children, seen_title, &mut children);
                        if st.id.is_empty() {
                            out.extend(children);
                        } else {
                            out.push(TocEntry {
                                id: st.id.clone(),
                                title: plain_text(&st.heading).trim().to_string(),
                                step: Some(i + 1),
                                children,
                            });
                        }
                    }
                }
                // Code, paragraphs and the like hold no sections or steps.
                other => {
                    for list in other.child_lists() {
                        walk(list, seen_title, out);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&doc.blocks, &mut false, &mut out);
    out
}

/// The table of contents of `doc` as `<li>` items (nested `<ul>`s for
/// nested entries), or an empty string when it has fewer than two entries.
pub fn render_toc(doc: &Document) -> String {
    fn count(e: &[TocEntry]) -> usize {
        e.iter().map(|e| 1 + count(&e.children)).sum()
    }
    fn items(entries: &[TocEntry], out: &mut String) {
        for e in entries {
            out.push_str(if e.step.is_some() {
                "<li class=\"toc-step\"><a href=\"#"
            } else {
                "<li><a href=\"#"
            });
            push_escaped(out, &e.id);
            out.push_str("\">");
            if let Some(n) = e.step {
                out.push_str(&format!(
                    "<span class=\"toc-step-number\" aria-hidden=\"true\">{n}</span>"
                ));
            }
            out.push_str("<span class=\"toc-text\">");
            push_escaped(out, &e.title);
            out.push_str("</span></a>");
            if !e.children.is_empty() {
                out.push_str("\n<ul>\n");
                items(&e.children, out);
                out.push_str("</ul>\n");
            }
            out.push_str("</li>\n");
        }
    }
    let entries = toc_entries(doc);
    let mut out = String::new();
    if count(&entries) >= 2 {
        items(&entries, &mut out);
    }
    out
}

/// Renders inline content to HTML (for titles shown elsewhere, e.g. in a
/// search index or a table of contents).
pub fn render_inlines(inlines: &[Inline], ctx: &RenderContext) -> String {
    let mut out = String::new();
    inline_list(inlines, ctx, &mut out);
    out
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

    fn block(&self, b: &Block, out: &mut String) -> R {
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
            BlockKind::Included(inc) => self.blocks(&inc.blocks, out)?,
            BlockKind::Generic(g) => {
                out.push_str("<div class=\"directive directive-");
                push_class(out, &g.name);
                out.push_str("\">\n");
                if !g.argument.is_empty() {
                    out.push_str("<p class=\"directive-argument\">");
                    self.inlines(&g.argument, out);
                    out.push_str("</p>\n");
                }
                self.blocks(&g.children, out)?;
                out.push_str("</div>\n");
            }
            // Unresolved include requests render as nothing.
            BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => {}
        }
        Ok(())
    }

    fn items(&self, items: &[ListItem], out: &mut String) -> R {
        for it in items {
            out.push_str("<li>");
            self.tight(&it.children, out)?;
            out.push_str("</li>\n");
        }
        Ok(())
    }

    /// Content of a list item, cell or definition: a lone paragraph is
    /// rendered without its `<p>`.
    fn tight(&self, children: &[Block], out: &mut String) -> R {
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

    fn procedure(&self, p: &Procedure, out: &mut String) -> R {
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
            let mut heading = String::new();
            self.inlines(&step.heading, &mut heading);
            let data = StepData {
                id: &step.id,
                number: i + 1,
                heading,
                body: self.blocks_to_string(&step.children)?,
                first: i == 0,
                last: i + 1 == n,
                style,
            };
            self.partial("step", &data, out)?;
        }
        out.push_str("</div>\n");
        Ok(())
    }

    fn admonition(&self, a: &Admonition, out: &mut String) -> R {
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

    fn code(&self, c: &CodeBlock, out: &mut String) -> R {
        let lines: Vec<&str> = if c.text.is_empty() {
            Vec::new()
        } else {
            c.text.split('\n').collect()
        };
        let language = c
            .language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        // One HTML fragment per line, spans balanced within each line.
        let highlighted = language.and_then(|l| highlight::highlight_lines(&c.text, l));
        let emphasized = !c.emphasize_lines.is_empty();
        let mut code = String::with_capacity(c.text.len() * 2 + 16);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                code.push('\n');
            }
            if emphasized {
                let hll = c.emphasize_lines.contains(&(i as u32 + 1));
                code.push_str(if hll {
                    "<span class=\"line hll\">"
                } else {
                    "<span class=\"line\">"
                });
            }
            match highlighted.as_ref().and_then(|h| h.get(i)) {
                Some(html) => code.push_str(html),
                None => push_escaped(&mut code, line),
            }
            if emphasized {
                code.push_str("</span>");
            }
        }
        let gutter = if c.linenos {
            (0..lines.len() as u32)
                .map(|i| (c.lineno_start.saturating_add(i)).to_string())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            String::new()
        };
        let caption = c.caption.as_deref().filter(|s| !s.is_empty());
        let data = CodeData {
            language: language.map(class_token),
            language_label: language.map(highlight::language_label),
            header: caption.is_some() || c.copyable,
            highlighted: highlighted.is_some(),
            caption,
            code,
            linenos: c.linenos,
            gutter,
            copyable: c.copyable,
            emphasized,
        };
        self.partial("code", &data, out)
    }

    fn table(&self, t: &Table, out: &mut String) -> R {
        out.push_str("<table class=\"list-table\">\n");
        if let Some(title) = &t.title {
            out.push_str("<caption>");
            self.inlines(title, out);
            out.push_str("</caption>\n");
        }
        let total: u64 = t.widths.iter().map(|&w| u64::from(w)).sum();
        if !t.widths.is_empty() && total > 0 {
            out.push_str("<colgroup>");
            for &w in &t.widths {
                let pct = (u64::from(w) * 10_000).checked_div(total).unwrap_or(0);
                out.push_str(&format!(
                    "<col style=\"width: {}.{:02}%\">",
                    pct / 100,
                    pct % 100
                ));
            }
            out.push_str("</colgroup>\n");
        }
        let header = t.header_rows.min(t.rows.len());
        let (head, body) = t.rows.split_at(header);
        let row = |cells: &Vec<Vec<Block>>, tag: &str, out: &mut String| -> R {
            out.push_str("<tr>");
            for cell in cells {
                out.push_str(&format!("<{tag}>"));
                self.tight(cell, out)?;
                out.push_str(&format!("</{tag}>"));
            }
            out.push_str("</tr>\n");
            Ok(())
        };
        if !head.is_empty() {
            out.push_str("<thead>\n");
            for r in head {
                row(r, "th", out)?;
            }
            out.push_str("</thead>\n");
        }
        if !body.is_empty() {
            out.push_str("<tbody>\n");
            for r in body {
                row(r, "td", out)?;
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n");
        Ok(())
    }
}

fn inline_list(inlines: &[Inline], ctx: &RenderContext, out: &mut String) {
    for i in inlines {
        inline(i, ctx, out);
    }
}

fn inline(i: &Inline, ctx: &RenderContext, out: &mut String) {
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
        } => reference(title.as_deref(), target, resolved.as_ref(), ctx, out),
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
        InlineKind::Role { name, text } => {
            out.push_str("<span class=\"role role-");
            push_class(out, name);
            out.push_str("\">");
            push_escaped(out, text);
            out.push_str("</span>");
        }
        InlineKind::Substitution { children, .. } => inline_list(children, ctx, out),
    }
}

fn is_external(url: &str) -> bool {
    let u = url.trim_start().as_bytes();
    let starts = |p: &[u8]| u.len() >= p.len() && u[..p.len()].eq_ignore_ascii_case(p);
    starts(b"http://") || starts(b"https://")
}

fn link(children: &[Inline], url: &str, ctx: &RenderContext, out: &mut String) {
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

fn reference(
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

/// The title of an admonition written without one.
fn default_admonition_title(kind: &str) -> String {
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
fn class_token(name: &str) -> String {
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

fn push_class(out: &mut String, name: &str) {
    push_escaped(out, &class_token(name));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::*;
    use crate::render::{PageInfo, SiteInfo};
    use crate::text::{FileId, Span};

    fn sp() -> Span {
        Span::new(FileId(0), 0, 0)
    }
    fn b(kind: BlockKind) -> Block {
        Block { kind, span: sp() }
    }
    fn il(kind: InlineKind) -> Inline {
        Inline { kind, span: sp() }
    }
    fn text(s: &str) -> Inline {
        il(InlineKind::Text(s.into()))
    }
    fn para(inl: Vec<Inline>) -> Block {
        b(BlockKind::Paragraph(inl))
    }
    fn site() -> SiteInfo {
        SiteInfo {
            comparisons: false,
            title: "Docs <&>".into(),
            pages: vec![
                PageInfo {
                    name: "csfle/aws".into(),
                    title: "AWS".into(),
                },
                PageInfo {
                    name: "index".into(),
                    title: "Home".into(),
                },
            ],
        }
    }
    fn body(blocks: Vec<Block>) -> String {
        let site = site();
        let ctx = RenderContext {
            site: &site,
            page: "csfle/aws",
            extra_body_html: None,
        };
        let doc = Document {
            file: FileId(0),
            blocks,
        };
        render_body(&doc, &ctx, &Templates::defaults()).unwrap()
    }
    fn code_block(text: &str) -> CodeBlock {
        CodeBlock {
            language: Some("javascript".into()),
            text: text.into(),
            caption: None,
            linenos: false,
            lineno_start: 1,
            emphasize_lines: vec![],
            copyable: true,
            origin: CodeOrigin::Inline,
            text_span: sp(),
            line_map: vec![],
        }
    }

    #[test]
    fn escapes_text_and_attributes() {
        let html = body(vec![para(vec![
            text("<script>alert('x')</script> & \"q\""),
            il(InlineKind::Abbr {
                abbr: "KMS".into(),
                expansion: Some("\"><script>x</script>".into()),
            }),
            il(InlineKind::Link {
                children: vec![text("<b>")],
                url: "https://e.com/?a=1&b=\"<script>".into(),
            }),
        ])]);
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        );
        assert!(
            html.contains("<abbr title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">KMS</abbr>")
        );
        assert!(html.contains(
            "<a class=\"external\" href=\"https://e.com/?a=1&amp;b=&quot;&lt;script&gt;\">&lt;b&gt;</a>"
        ));
    }

    #[test]
    fn unsafe_links_render_as_text() {
        let html = body(vec![para(vec![
            il(InlineKind::Link {
                children: vec![text("click")],
                url: "javascript:alert(1)".into(),
            }),
            il(InlineKind::NamedRef {
                children: vec![text("named")],
                name: "n".into(),
                url: Some(" JavaScript:x".into()),
            }),
        ])]);
        assert_eq!(html, "<p>clicknamed</p>\n");
    }

    #[test]
    fn procedure_classes_and_step_ids() {
        let step = |h: &str, id: &str| Step {
            heading: vec![text(h)],
            id: id.into(),
            children: vec![para(vec![text("do it")])],
            span: sp(),
        };
        let html = body(vec![
            b(BlockKind::Procedure(Procedure {
                style: ProcedureStyle::Connected,
                title: None,
                steps: vec![
                    step("Create a <user>", "create-a--user-"),
                    step("Two", "two"),
                ],
            })),
            b(BlockKind::Procedure(Procedure {
                style: ProcedureStyle::Normal,
                title: None,
                steps: vec![step("Only", "only")],
            })),
        ]);
        assert!(
            html.contains("<div class=\"procedure procedure-connected\">"),
            "{html}"
        );
        assert!(html.contains("<div class=\"procedure procedure-normal\">"));
        assert!(html.contains("<section class=\"step\" id=\"create-a--user-\">"));
        assert!(html.contains("<span class=\"step-number\">1</span>"));
        assert!(html.contains("<span class=\"step-number\">2</span>"));
        assert!(html.contains(
            "<h3 class=\"step-heading\">Create a &lt;user&gt;<a class=\"anchor\" \
             href=\"#create-a--user-\" aria-label=\"Link to this step\">¶</a></h3>"
        ));
        assert!(html.contains("<p>do it</p>"));
    }

    #[test]
    fn admonition_titles() {
        let adm = |kind: &str, title: Option<Vec<Inline>>| {
            b(BlockKind::Admonition(Admonition {
                kind: kind.into(),
                title,
                children: vec![para(vec![text("body")])],
            }))
        };
        let html = body(vec![
            adm("important", None),
            adm("note", Some(vec![text("Heads <up>")])),
            adm("seealso", None),
        ]);
        assert!(
            html.contains("<div class=\"admonition admonition-important\">"),
            "{html}"
        );
        assert!(html.contains("<p class=\"admonition-title\">Important</p>"));
        assert!(html.contains("<p class=\"admonition-title\">Heads &lt;up&gt;</p>"));
        assert!(html.contains("<p class=\"admonition-title\">See also</p>"));
        assert!(html.contains("<p>body</p>"));
    }

    use crate::render::test_util::strip_tags;

    /// The contents of the block's `<code>` element.
    fn code_of(html: &str) -> &str {
        let start = html.find("<code").unwrap();
        let start = start + html[start..].find('>').unwrap() + 1;
        let end = html.rfind("</code>").unwrap();
        &html[start..end]
    }

    #[test]
    fn code_language_and_plain_text() {
        let mut c = code_block("if (a < b) {\n  x();\n}");
        c.language = Some("brainfuck".into());
        let html = body(vec![b(BlockKind::Code(c.clone()))]);
        assert!(
            html.contains(
                "<pre><code class=\"language-brainfuck\">if (a &lt; b) {\n  x();\n}</code></pre>"
            ),
            "{html}"
        );
        assert!(html.contains("data-copyable=\"true\""));
        assert!(!html.contains("code-gutter"));
        assert!(!html.contains("hl-"));
        c.language = None;
        c.copyable = false;
        let html = body(vec![b(BlockKind::Code(c))]);
        assert!(html.contains("<pre><code>if"), "{html}");
        assert!(!html.contains("data-copyable"));
    }

    #[test]
    fn highlighted_json_keeps_the_text() {
        let text = "{\n  \"a<b>\": [1, true, null],\n  \"c\": \"d & 'e'\"\n}";
        let mut c = code_block(text);
        c.language = Some("json".into());
        let html = body(vec![b(BlockKind::Code(c))]);
        assert!(
            html.contains("<code class=\"language-json hl-code\">"),
            "{html}"
        );
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(strip_tags(code_of(&html)), text);
    }

    #[test]
    fn highlighted_emphasis_and_line_numbers() {
        let text = "{\n  \"a\": 1,\n  \"b\": \"/* x\"\n}";
        let mut c = code_block(text);
        c.language = Some("JSON".into());
        c.emphasize_lines = vec![2, 4];
        c.linenos = true;
        c.lineno_start = 7;
        let html = body(vec![b(BlockKind::Code(c))]);
        let code = code_of(&html);
        let lines: Vec<&str> = code.split('\n').collect();
        assert_eq!(lines.len(), 4, "{code}");
        for (i, l) in lines.iter().enumerate() {
            let want = if i == 1 || i == 3 {
                "<span class=\"line hll\">"
            } else {
                "<span class=\"line\">"
            };
            assert!(l.starts_with(want), "line {}: {l}", i + 1);
            assert!(l.ends_with("</span>"), "{l}");
            // Highlighting spans never cross lines.
            assert_eq!(
                l.matches("<span").count(),
                l.matches("</span>").count(),
                "{l}"
            );
        }
        assert!(lines[1].contains("hl-"), "{code}");
        assert_eq!(strip_tags(code), text);
        assert!(html.contains("<pre class=\"code-gutter\" aria-hidden=\"true\">7\n8\n9\n10</pre>"));
    }

    #[test]
    fn huge_or_hostile_blocks_are_plain() {
        let big = "{\"key\": [1, 2, 3]}\n".repeat(100 * 1024 / 19);
        let mut c = code_block(big.trim_end());
        c.language = Some("json".into());
        let html = body(vec![b(BlockKind::Code(c.clone()))]);
        assert!(!html.contains("hl-"));
        assert!(html.contains("<code class=\"language-json\">{&quot;key&quot;"));
        let t = std::time::Instant::now();
        c.text = "(".repeat(10_000);
        c.language = Some("python".into());
        let html = body(vec![b(BlockKind::Code(c))]);
        assert!(!html.contains("hl-"));
        assert!(t.elapsed().as_secs() < 2);
    }

    #[test]
    fn copy_button_only_on_copyable_blocks() {
        let mut c = code_block("x");
        let html = body(vec![b(BlockKind::Code(c.clone()))]);
        assert!(html.contains(
            "<div class=\"code-header\"><span class=\"code-language\">JavaScript</span>\
             <button class=\"copy-button\" type=\"button\" aria-label=\"Copy code\">Copy</button></div>"
        ), "{html}");
        c.copyable = false;
        let html = body(vec![b(BlockKind::Code(c.clone()))]);
        assert!(!html.contains("copy-button"), "{html}");
        assert!(!html.contains("code-header"), "{html}");
        c.caption = Some("cap".into());
        let html = body(vec![b(BlockKind::Code(c))]);
        assert!(
            html.contains("<div class=\"code-header\"><div class=\"code-caption\">cap</div></div>"),
            "{html}"
        );
    }

    #[test]
    fn code_emphasis_linenos_caption() {
        let mut c = code_block("a\nb\nc");
        c.emphasize_lines = vec![2];
        c.linenos = true;
        c.lineno_start = 10;
        c.caption = Some("main.js <x>".into());
        let html = body(vec![b(BlockKind::Code(c))]);
        assert_eq!(strip_tags(code_of(&html)), "a\nb\nc");
        let lines: Vec<&str> = code_of(&html).split('\n').collect();
        assert!(lines[0].starts_with("<span class=\"line\">"), "{html}");
        assert!(lines[1].starts_with("<span class=\"line hll\">"), "{html}");
        assert!(lines[2].starts_with("<span class=\"line\">"), "{html}");
        assert!(html.contains("<pre class=\"code-gutter\" aria-hidden=\"true\">10\n11\n12</pre>"));
        assert!(html.contains("<div class=\"code-caption\">main.js &lt;x&gt;</div>"));
        assert!(html.contains("class=\"hl-"));
    }

    #[test]
    fn labels_sections_and_lists() {
        let item = |s: &str| ListItem {
            children: vec![para(vec![text(s)])],
            span: sp(),
        };
        let html = body(vec![
            b(BlockKind::Label(Label {
                name: "my-label".into(),
            })),
            b(BlockKind::Section(Section {
                level: 9,
                title: vec![text("Deep")],
                id: "deep".into(),
                children: vec![
                    b(BlockKind::EnumList(EnumList {
                        style: EnumStyle::LowerAlpha,
                        start: 3,
                        items: vec![item("c"), item("d")],
                    })),
                    b(BlockKind::EnumList(EnumList {
                        style: EnumStyle::Arabic,
                        start: 1,
                        items: vec![item("one")],
                    })),
                    b(BlockKind::BulletList(vec![ListItem {
                        children: vec![para(vec![text("p1")]), para(vec![text("p2")])],
                        span: sp(),
                    }])),
                    b(BlockKind::Hidden),
                    b(BlockKind::Transition),
                ],
            })),
        ]);
        assert!(
            html.starts_with("<span id=\"my-label\"></span>\n"),
            "{html}"
        );
        assert!(html.contains(
            "<section id=\"deep\">\n<h6>Deep<a class=\"anchor\" href=\"#deep\" \
             aria-label=\"Link to this section\">¶</a></h6>"
        ));
        assert!(html.contains("<ol type=\"a\" start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>"));
        assert!(html.contains("<ol type=\"1\">\n<li>one</li>"));
        assert!(html.contains("<li>\n<p>p1</p>\n<p>p2</p>\n</li>"));
        assert!(html.contains("<hr>"));
    }

    #[test]
    fn refs_roles_and_generic() {
        let resolved = ResolvedRef {
            title: "Other page".into(),
            target: RefTarget::Page {
                page: "qe/other".into(),
                anchor: Some("sec".into()),
            },
        };
        let html = body(vec![
            para(vec![
                il(InlineKind::Ref {
                    title: None,
                    target: "sec".into(),
                    resolved: Some(resolved),
                }),
                il(InlineKind::Doc {
                    title: Some("Missing".into()),
                    target: "/nope".into(),
                    resolved: None,
                }),
                il(InlineKind::Role {
                    name: "py:class".into(),
                    text: "X".into(),
                }),
                il(InlineKind::Literal("a<b".into())),
            ]),
            b(BlockKind::Generic(GenericDirective {
                name: "tabs".into(),
                argument: vec![text("Arg")],
                options: vec![],
                children: vec![para(vec![text("inner")])],
            })),
        ]);
        assert!(
            html.contains("<a class=\"ref\" href=\"../qe/other.html#sec\">Other page</a>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"ref unresolved\">Missing</span>"));
        assert!(html.contains("<span class=\"role role-py-class\">X</span>"));
        assert!(html.contains("<code class=\"literal\">a&lt;b</code>"));
        assert!(html.contains(
            "<div class=\"directive directive-tabs\">\n<p class=\"directive-argument\">Arg</p>\n<p>inner</p>\n</div>"
        ));
    }

    #[test]
    fn table_with_header() {
        let cell = |s: &str| vec![para(vec![text(s)])];
        let html = body(vec![b(BlockKind::Table(Table {
            title: None,
            header_rows: 1,
            rows: vec![vec![cell("H1"), cell("H2")], vec![cell("a"), cell("b")]],
            widths: vec![1, 3],
        }))]);
        assert!(html.contains("<table class=\"list-table\">"), "{html}");
        assert!(html.contains("<col style=\"width: 25.00%\"><col style=\"width: 75.00%\">"));
        assert!(html.contains("<thead>\n<tr><th>H1</th><th>H2</th></tr>\n</thead>"));
        assert!(html.contains("<tbody>\n<tr><td>a</td><td>b</td></tr>\n</tbody>"));
    }

    fn sec(level: u8, title: &str, id: &str, children: Vec<Block>) -> Block {
        b(BlockKind::Section(Section {
            level,
            title: vec![text(title)],
            id: id.into(),
            children,
        }))
    }

    fn toc_doc() -> Document {
        let step = |h: &str, id: &str| Step {
            heading: vec![il(InlineKind::Strong(vec![text(h)]))],
            id: id.into(),
            children: vec![para(vec![text("x")])],
            span: sp(),
        };
        Document {
            file: FileId(0),
            blocks: vec![sec(
                1,
                "Title",
                "title",
                vec![
                    para(vec![text("intro")]),
                    sec(
                        2,
                        "Before <you> begin",
                        "before",
                        vec![b(BlockKind::Procedure(Procedure {
                            style: ProcedureStyle::Connected,
                            title: None,
                            steps: vec![step("Create a <user>", "create"), step("No id", "")],
                        }))],
                    ),
                    b(BlockKind::Included(Included {
                        path: "/inc.rst".into(),
                        file: None,
                        blocks: vec![b(BlockKind::Generic(GenericDirective {
                            name: "tabs".into(),
                            argument: vec![],
                            options: vec![],
                            children: vec![sec(
                                2,
                                "Next",
                                "next",
                                vec![sec(3, "Deeper", "deeper", vec![])],
                            )],
                        }))],
                    })),
                ],
            )],
        }
    }

    #[test]
    fn toc_lists_sections_and_steps() {
        let doc = toc_doc();
        let toc = render_toc(&doc);
        assert_eq!(
            toc,
            "<li><a href=\"#before\"><span class=\"toc-text\">Before &lt;you&gt; begin</span></a>\n\
             <ul>\n\
             <li class=\"toc-step\"><a href=\"#create\"><span class=\"toc-step-number\" \
             aria-hidden=\"true\">1</span><span class=\"toc-text\">Create a &lt;user&gt;</span></a></li>\n\
             </ul>\n\
             </li>\n\
             <li><a href=\"#next\"><span class=\"toc-text\">Next</span></a>\n\
             <ul>\n\
             <li><a href=\"#deeper\"><span class=\"toc-text\">Deeper</span></a></li>\n\
             </ul>\n\
             </li>\n"
        );
        // Every TOC link points at an id the body emits.
        let body_html = render_body(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap();
        for id in ["before", "create", "next", "deeper"] {
            assert!(body_html.contains(&format!("id=\"{id}\"")), "{id}");
            assert!(
                body_html.contains(&format!("<a class=\"anchor\" href=\"#{id}\"")),
                "{id}"
            );
        }
        // The page title gets no anchor.
        assert!(body_html.contains("<h1>Title</h1>"), "{body_html}");
        let page = render_page(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap();
        assert!(page.contains("<div class=\"page has-toc\">"));
        assert!(
            page.contains(&format!(
                "<nav class=\"page-toc\" aria-label=\"On this page\">\n\
             <input type=\"checkbox\" id=\"page-toc-toggle\" class=\"page-toc-toggle\">\n\
             <label for=\"page-toc-toggle\" class=\"page-toc-label\">On this page</label>\n\
             <ul>\n{toc}</ul>\n</nav>\n<main"
            )),
            "{page}"
        );
        assert_eq!(
            page,
            render_page(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap()
        );
    }

    fn ctx_for(page: &'static str) -> RenderContext<'static> {
        static SITE: std::sync::OnceLock<SiteInfo> = std::sync::OnceLock::new();
        RenderContext {
            site: SITE.get_or_init(site),
            page,
            extra_body_html: None,
        }
    }

    #[test]
    fn whole_page() {
        let site = site();
        let ctx = RenderContext {
            site: &site,
            page: "csfle/aws",
            extra_body_html: Some("<script src=\"/_reload.js\"></script>"),
        };
        let doc = Document {
            file: FileId(0),
            blocks: vec![b(BlockKind::Section(Section {
                level: 1,
                title: vec![text("Use <AWS>")],
                id: "use-aws".into(),
                children: vec![],
            }))],
        };
        let html = render_page(&doc, &ctx, &Templates::defaults()).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains("<title>Use &lt;AWS&gt; — Docs &lt;&amp;&gt;</title>"));
        assert!(html.contains("href=\"../_static/procdoc.css\""));
        assert!(html.contains(
            "<li class=\"current\"><a href=\"../csfle/aws.html\" aria-current=\"page\">AWS</a></li>"
        ));
        assert!(html.contains("<li><a href=\"../index.html\">Home</a></li>"));
        assert!(html.contains("<h1>Use &lt;AWS&gt;</h1>"));
        assert!(html.contains("<script src=\"/_reload.js\"></script>\n</body>"));
        assert!(html.contains("<script src=\"../_static/procdoc.js\" defer></script>\n</head>"));
        // One section: no table of contents.
        assert!(!html.contains("page-toc"), "{html}");
        assert!(html.contains("<div class=\"page\">"));
        // Deterministic.
        assert_eq!(
            html,
            render_page(&doc, &ctx, &Templates::defaults()).unwrap()
        );
    }
}
