//! Markdown rendering: the resolved document tree to GitHub-flavoured
//! Markdown, so a tutorial can be read on GitHub or fed to tools that take
//! Markdown, next to the HTML site.
//!
//! The output is built so that it parses back (CommonMark + GFM tables and
//! alerts) to the same words, links and code as the tree: text is escaped
//! where Markdown would read it as syntax, code fences and code spans are
//! long enough for their content, and container content is prefixed (`> `)
//! or indented by the list marker width so that it stays attached.
//!
//! Choices that Markdown forces on us:
//!
//! * Lettered and roman enumerated lists have no Markdown form. They become
//!   *bullet* lists whose items start with the bold label (`- **a.** Go to
//!   …`): nested content (code, notes) stays inside the item by indentation,
//!   and readers do not see two competing numbers as with `1. **a.**`.
//! * GitHub renders alerts (`> [!NOTE]`) only at the top level of a page
//!   ("alerts cannot be nested within other elements"), so an admonition
//!   inside a list item, block quote or another admonition becomes a plain
//!   block quote headed by a bold `Kind: Title` line.
//! * Two lists of the same kind next to each other would merge into one, so
//!   the second uses the other marker (`*` after `-`, `)` after `.`).
//! * Code is reproduced exactly, so a code block with blank lines or trailing
//!   spaces keeps them; everywhere else lines have no trailing spaces and
//!   blocks are separated by exactly one blank line.

use crate::doc::{
    plain_text, Admonition, Block, BlockKind, CodeBlock, Document, EnumList, EnumStyle, Inline,
    InlineKind, Procedure, ResolvedRef, Table,
};
use crate::render::{is_safe_url, target_url, RenderContext};

/// Renders a resolved document as GitHub-flavoured Markdown.
pub fn render_markdown(doc: &Document, ctx: &RenderContext) -> String {
    let md = Md { ctx };
    let lines = md.blocks(&doc.blocks, BlockCx::top());
    let mut s = lines.join("\n");
    let trimmed = s.trim_end_matches('\n').len();
    s.truncate(trimmed);
    s.push('\n');
    s
}

/// The renderer: only needs the context for reference URLs.
struct Md<'a> {
    ctx: &'a RenderContext<'a>,
}

/// Where a block list is being rendered.
#[derive(Clone, Copy)]
struct BlockCx {
    /// Level of the enclosing heading (section or step), if any.
    heading_level: Option<u8>,
    /// Whether we are at the page's top level, where GitHub renders alerts.
    top: bool,
}

impl BlockCx {
    fn top() -> Self {
        BlockCx {
            heading_level: None,
            top: true,
        }
    }

    /// Inside a Markdown container (list item, block quote).
    fn nested(self) -> Self {
        BlockCx { top: false, ..self }
    }
}

/// Where inline content is being rendered.
#[derive(Clone, Copy, Default)]
struct InlineCx {
    /// An empty buffer is not at the start of a line (inside emphasis, cells,
    /// headings), so line-start escapes are not needed.
    mid_line: bool,
    /// Soft breaks become spaces (headings, table cells, bold labels).
    one_line: bool,
    /// In a heading: `#` is escaped so no closing sequence appears.
    heading: bool,
    /// In a table cell: `|` is escaped inside code spans too.
    table: bool,
    /// Inside link text: nested links become their text.
    in_link: bool,
}

/// Marker of a list just emitted, so the next sibling list does not merge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListMark {
    Bullet(char),
    Ordered(char),
}

/// One rendered block.
struct Chunk {
    lines: Vec<String>,
    /// Whether it is a paragraph (a label can be put in front of it).
    para: bool,
}

impl Chunk {
    fn other(lines: Vec<String>) -> Self {
        Chunk { lines, para: false }
    }
}

/// Joins chunks with one blank line between them.
fn join(chunks: Vec<Chunk>) -> Vec<String> {
    let mut out = Vec::new();
    for c in chunks {
        if c.lines.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(c.lines);
    }
    out
}

/// The blocks a list renders, with includes expanded and hidden ones dropped.
fn flatten<'b>(blocks: &'b [Block], out: &mut Vec<&'b Block>) {
    for b in blocks {
        match &b.kind {
            BlockKind::Included(inc) => flatten(&inc.blocks, out),
            BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => {}
            _ => out.push(b),
        }
    }
}

/// Puts a bold label (`**a.**`, `**name:**`) in front of the first
/// paragraph, or on its own line when the content starts otherwise.
fn labelled(label: String, mut chunks: Vec<Chunk>) -> Vec<Chunk> {
    match chunks.first_mut() {
        Some(first) if first.para && !first.lines.is_empty() => {
            first.lines[0] = format!("{label} {}", first.lines[0]);
        }
        _ => chunks.insert(
            0,
            Chunk {
                lines: vec![label],
                para: true,
            },
        ),
    }
    chunks
}

/// Prefixes every line (`> ` for quotes); an empty line gets the prefix
/// without its trailing spaces.
fn prefix_lines(lines: Vec<String>, prefix: &str) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| {
            if l.is_empty() {
                prefix.trim_end().to_string()
            } else {
                format!("{prefix}{l}")
            }
        })
        .collect()
}

/// One list item: the marker before the first line, continuation lines
/// indented by the marker width so they stay in the item.
fn list_item(marker: &str, content: Vec<String>, out: &mut Vec<String>) {
    let width = marker.len() + 1;
    let indent = " ".repeat(width);
    let mut it = content.into_iter();
    match it.next() {
        None => out.push(marker.to_string()),
        // A first line that would turn `- ---` into a thematic break starts
        // on the next line instead.
        Some(first) if is_thematic_break(&first) => {
            out.push(marker.to_string());
            out.push(format!("{indent}{first}"));
        }
        Some(first) => out.push(format!("{marker} {first}")),
    }
    for l in it {
        if l.is_empty() {
            out.push(l);
        } else {
            out.push(format!("{indent}{l}"));
        }
    }
}

fn is_thematic_break(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    t.len() >= 3 && ['-', '*', '_'].iter().any(|&m| t.chars().all(|c| c == m))
}

impl Md<'_> {
    // ----- blocks -----

    fn blocks(&self, blocks: &[Block], cx: BlockCx) -> Vec<String> {
        join(self.chunks(blocks, cx))
    }

    fn chunks(&self, blocks: &[Block], cx: BlockCx) -> Vec<Chunk> {
        let mut flat = Vec::new();
        flatten(blocks, &mut flat);
        let mut out = Vec::new();
        let mut last_list: Option<ListMark> = None;
        for b in flat {
            let (chunk, mark) = self.block(b, cx, last_list);
            if chunk.lines.is_empty() {
                continue;
            }
            last_list = mark;
            out.push(chunk);
        }
        out
    }

    /// Renders one block; returns the list marker used when it is a list.
    fn block(&self, b: &Block, cx: BlockCx, last: Option<ListMark>) -> (Chunk, Option<ListMark>) {
        let bullet = if last == Some(ListMark::Bullet('-')) {
            '*'
        } else {
            '-'
        };
        let delim = if last == Some(ListMark::Ordered('.')) {
            ')'
        } else {
            '.'
        };
        let lines = match &b.kind {
            BlockKind::Section(s) => {
                let level = s.level.clamp(1, 6);
                let mut lines = vec![anchor(&s.id), self.heading(level, &s.title, None)];
                let body = self.blocks(
                    &s.children,
                    BlockCx {
                        heading_level: Some(level),
                        ..cx
                    },
                );
                if !body.is_empty() {
                    lines.push(String::new());
                    lines.extend(body);
                }
                lines
            }
            BlockKind::Paragraph(inl) => {
                return (
                    Chunk {
                        lines: self.paragraph(inl),
                        para: true,
                    },
                    None,
                )
            }
            BlockKind::Code(c) => code_block(c),
            BlockKind::BlockQuote(children) => {
                prefix_lines(self.blocks(children, cx.nested()), "> ")
            }
            BlockKind::BulletList(items) => {
                let lines = self.list(
                    items
                        .iter()
                        .map(|i| (bullet.to_string(), self.chunks(&i.children, cx.nested())))
                        .collect(),
                );
                return (Chunk::other(lines), Some(ListMark::Bullet(bullet)));
            }
            BlockKind::EnumList(l) => {
                let (lines, mark) = self.enum_list(l, cx, bullet, delim);
                return (Chunk::other(lines), Some(mark));
            }
            BlockKind::DefinitionList(items) => {
                let mut chunks = Vec::new();
                for item in items {
                    let term = self.wrapped_line("**", &item.term);
                    chunks.push(Chunk::other(vec![term]));
                    chunks.extend(self.chunks(&item.children, cx));
                }
                join(chunks)
            }
            BlockKind::FieldList(fields) => {
                let mut chunks = Vec::new();
                for f in fields {
                    let label = format!("**{}:**", escape_plain(&f.name, true));
                    chunks.extend(labelled(label, self.chunks(&f.children, cx)));
                }
                join(chunks)
            }
            BlockKind::Transition => vec!["---".to_string()],
            BlockKind::LineBlock(ls) => {
                // Hard line breaks (a trailing backslash) keep the lines apart.
                let mut out: Vec<String> = Vec::new();
                for l in ls {
                    let text = self.paragraph(l).join(" ");
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(prev) = out.last_mut() {
                        prev.push('\\');
                    }
                    out.push(text);
                }
                out
            }
            BlockKind::Admonition(a) => self.admonition(a, cx),
            BlockKind::Procedure(p) => self.procedure(p, cx),
            BlockKind::Table(t) => self.table(t, cx, bullet),
            BlockKind::Label(l) => vec![anchor(&l.name)],
            BlockKind::Included(inc) => self.blocks(&inc.blocks, cx),
            BlockKind::Generic(g) => {
                let mut chunks = Vec::new();
                let arg = self.wrapped_line("**", &g.argument);
                if !arg.is_empty() {
                    chunks.push(Chunk::other(vec![arg]));
                }
                chunks.extend(self.chunks(&g.children, cx));
                join(chunks)
            }
            // Unresolved includes render as nothing, like hidden blocks.
            BlockKind::Hidden
            | BlockKind::IncludeRequest(_)
            | BlockKind::LiteralIncludeRequest(_) => Vec::new(),
        };
        (Chunk::other(lines), None)
    }

    /// A paragraph: one line per source line, never a blank one inside.
    fn paragraph(&self, inl: &[Inline]) -> Vec<String> {
        let mut s = String::new();
        self.inlines(inl, InlineCx::default(), &mut s);
        s.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// An ATX heading line; `prefix` is already-escaped text put before the
    /// title (`Step 1: `).
    fn heading(&self, level: u8, title: &[Inline], prefix: Option<&str>) -> String {
        let mut s = String::new();
        let cx = InlineCx {
            mid_line: true,
            one_line: true,
            heading: true,
            ..InlineCx::default()
        };
        self.inlines(title, cx, &mut s);
        let text = format!("{}{}", prefix.unwrap_or(""), s.trim());
        format!("{} {}", "#".repeat(level as usize), text.trim_end())
            .trim_end()
            .to_string()
    }

    /// Inline content on one line wrapped in `delim` (bold labels); empty
    /// when there is no content.
    fn wrapped_line(&self, delim: &str, inl: &[Inline]) -> String {
        let mut s = String::new();
        self.wrap(delim, inl, one_line_cx(), &mut s);
        s.trim().to_string()
    }

    fn list(&self, items: Vec<(String, Vec<Chunk>)>) -> Vec<String> {
        // Loose (blank line between items) when any item holds several
        // blocks: Markdown makes such a list loose anyway.
        let loose = items.iter().any(|(_, c)| c.len() > 1);
        let mut out = Vec::new();
        for (i, (marker, chunks)) in items.into_iter().enumerate() {
            if i > 0 && loose {
                out.push(String::new());
            }
            list_item(&marker, join(chunks), &mut out);
        }
        out
    }

    fn enum_list(
        &self,
        l: &EnumList,
        cx: BlockCx,
        bullet: char,
        delim: char,
    ) -> (Vec<String>, ListMark) {
        let arabic = l.style == EnumStyle::Arabic;
        let items = l
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let n = l.start.saturating_add(i as u32);
                let chunks = self.chunks(&item.children, cx.nested());
                if arabic {
                    (format!("{n}{delim}"), chunks)
                } else {
                    // No Markdown list counts in letters or roman numerals:
                    // a bullet list whose items start with the bold label
                    // (see the module docs).
                    let label = format!("**{}.**", l.style.label(n));
                    (bullet.to_string(), labelled(label, chunks))
                }
            })
            .collect();
        let mark = if arabic {
            ListMark::Ordered(delim)
        } else {
            ListMark::Bullet(bullet)
        };
        (self.list(items), mark)
    }

    fn admonition(&self, a: &Admonition, cx: BlockCx) -> Vec<String> {
        let body = self.chunks(&a.children, cx.nested());
        let title = a
            .title
            .as_deref()
            .map(|t| {
                let mut s = String::new();
                self.inlines(t, one_line_cx(), &mut s);
                s.trim().to_string()
            })
            .filter(|t| !t.is_empty());
        let mut lines = Vec::new();
        if cx.top {
            // A GitHub alert: the tag line, the bold title, the content.
            lines.push(format!("[!{}]", alert_kind(&a.kind)));
            let mut chunks = Vec::new();
            if let Some(t) = title {
                chunks.push(Chunk::other(vec![format!("**{t}**")]));
            }
            chunks.extend(body);
            lines.extend(join(chunks));
        } else {
            // GitHub shows no alert inside another element: a plain quote.
            let head = match title {
                Some(t) => format!("**{}: {t}**", kind_name(&a.kind)),
                None => format!("**{}**", kind_name(&a.kind)),
            };
            let mut chunks = vec![Chunk::other(vec![head])];
            chunks.extend(body);
            lines = join(chunks);
        }
        prefix_lines(lines, "> ")
    }

    fn procedure(&self, p: &Procedure, cx: BlockCx) -> Vec<String> {
        let level = cx.heading_level.map_or(2, |l| l.saturating_add(1)).min(6);
        let mut chunks = Vec::new();
        if let Some(t) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
            chunks.push(Chunk::other(vec![format!(
                "**{}**",
                escape_plain(t.trim(), true)
            )]));
        }
        for (i, step) in p.steps.iter().enumerate() {
            let prefix = if plain_text(&step.heading).trim().is_empty() {
                format!("Step {}", i + 1)
            } else {
                format!("Step {}: ", i + 1)
            };
            let mut lines = vec![
                anchor(&step.id),
                self.heading(level, &step.heading, Some(&prefix)),
            ];
            let body = self.blocks(
                &step.children,
                BlockCx {
                    heading_level: Some(level),
                    ..cx
                },
            );
            if !body.is_empty() {
                lines.push(String::new());
                lines.extend(body);
            }
            chunks.push(Chunk::other(lines));
        }
        join(chunks)
    }

    fn table(&self, t: &Table, cx: BlockCx, bullet: char) -> Vec<String> {
        let mut chunks = Vec::new();
        if let Some(title) = &t.title {
            let line = self.wrapped_line("**", title);
            if !line.is_empty() {
                chunks.push(Chunk::other(vec![line]));
            }
        }
        let simple = t.rows.iter().flatten().all(|cell| {
            let mut flat = Vec::new();
            flatten(cell, &mut flat);
            match flat.as_slice() {
                [] => true,
                [b] => matches!(b.kind, BlockKind::Paragraph(_)),
                _ => false,
            }
        });
        if t.rows.is_empty() {
            return join(chunks);
        }
        if simple {
            chunks.push(Chunk::other(self.pipe_table(t)));
        } else {
            chunks.push(Chunk::other(self.table_as_list(t, cx, bullet)));
        }
        join(chunks)
    }

    /// A GFM pipe table; every cell is at most one paragraph.
    fn pipe_table(&self, t: &Table) -> Vec<String> {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let cell_text = |cell: &[Block]| {
            let mut flat = Vec::new();
            flatten(cell, &mut flat);
            let mut s = String::new();
            if let Some(Block {
                kind: BlockKind::Paragraph(inl),
                ..
            }) = flat.first()
            {
                let cx = InlineCx {
                    table: true,
                    ..one_line_cx()
                };
                self.inlines(inl, cx, &mut s);
            }
            s.trim().to_string()
        };
        let row_line = |cells: Vec<String>| {
            let mut s = String::from("|");
            for c in cells {
                s.push(' ');
                s.push_str(&c);
                s.push_str(" |");
            }
            s
        };
        let render_row = |row: &[Vec<Block>]| {
            let mut cells: Vec<String> = row.iter().map(|c| cell_text(c)).collect();
            cells.resize(cols, String::new());
            row_line(cells)
        };
        let mut lines = Vec::new();
        let body = if t.header_rows > 0 {
            lines.push(render_row(&t.rows[0]));
            &t.rows[1..]
        } else {
            // GFM tables need a header row: an empty one.
            lines.push(row_line(vec![String::new(); cols]));
            &t.rows[..]
        };
        lines.push(row_line(vec!["---".to_string(); cols]));
        for row in body {
            lines.push(render_row(row));
        }
        lines
    }

    /// A table whose cells hold more than a paragraph: a bullet list with an
    /// item per body row, each cell labelled with its column header.
    fn table_as_list(&self, t: &Table, cx: BlockCx, bullet: char) -> Vec<String> {
        let header_rows = t.header_rows.min(t.rows.len());
        let headers: Vec<String> = if header_rows > 0 {
            t.rows[header_rows - 1]
                .iter()
                .map(|cell| {
                    let mut flat = Vec::new();
                    flatten(cell, &mut flat);
                    flat.iter()
                        .filter_map(|b| match &b.kind {
                            BlockKind::Paragraph(inl) => Some(plain_text(inl)),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                        .trim()
                        .to_string()
                })
                .collect()
        } else {
            Vec::new()
        };
        let items = t.rows[header_rows..]
            .iter()
            .map(|row| {
                let mut chunks = Vec::new();
                for (ci, cell) in row.iter().enumerate() {
                    let cell_chunks = self.chunks(cell, cx.nested());
                    match headers.get(ci).filter(|h| !h.is_empty()) {
                        Some(h) => {
                            let label = format!("**{}:**", escape_plain(h, true));
                            chunks.extend(labelled(label, cell_chunks));
                        }
                        None => chunks.extend(cell_chunks),
                    }
                }
                (bullet.to_string(), chunks)
            })
            .collect();
        self.list(items)
    }

    // ----- inlines -----

    fn inlines(&self, inl: &[Inline], cx: InlineCx, out: &mut String) {
        for i in inl {
            self.inline(i, cx, out);
        }
    }

    fn inline(&self, i: &Inline, cx: InlineCx, out: &mut String) {
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
            } => self.reference(title.as_deref(), target, resolved.as_ref(), cx, out),
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
            InlineKind::Role { text, .. } => code_span(text, cx.table, out),
            InlineKind::Substitution { children, .. } => self.inlines(children, cx, out),
        }
    }

    /// Emphasis or strong: whitespace at the edges goes outside the
    /// delimiters, or Markdown would not see them as emphasis.
    fn wrap(&self, delim: &str, children: &[Inline], cx: InlineCx, out: &mut String) {
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

    fn reference(
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
}

impl LinkText<'_> {
    fn render(self, md: &Md, cx: InlineCx, out: &mut String) {
        match self {
            LinkText::Inlines(i) => md.inlines(i, cx, out),
            LinkText::Plain(t) => push_text(t, cx, out),
        }
    }
}

fn one_line_cx() -> InlineCx {
    InlineCx {
        mid_line: true,
        one_line: true,
        ..InlineCx::default()
    }
}

/// `<a id="…"></a>`: an anchor for `:ref:` links and labels.
fn anchor(id: &str) -> String {
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

fn alert_kind(kind: &str) -> &'static str {
    match kind {
        "important" => "IMPORTANT",
        "warning" | "danger" | "attention" | "error" => "WARNING",
        "tip" | "hint" => "TIP",
        "caution" => "CAUTION",
        // note, seealso, example, see, and anything unknown.
        _ => "NOTE",
    }
}

/// The display name of an admonition kind (`seealso` → `See also`).
fn kind_name(kind: &str) -> String {
    if kind == "seealso" {
        return "See also".to_string();
    }
    let mut c = kind.chars();
    match c.next() {
        Some(f) => escape_plain(&(f.to_uppercase().collect::<String>() + c.as_str()), true),
        None => "Note".to_string(),
    }
}

/// A fenced code block, caption first as an italic line.
fn code_block(c: &CodeBlock) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(cap) = c
        .caption
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        lines.push(format!("*{}*", escape_plain(cap, true)));
        lines.push(String::new());
    }
    let fence = "`".repeat((longest_run(&c.text, '`') + 1).max(3));
    // The info string may not contain backticks; only the first word counts.
    let lang: String = c
        .language
        .as_deref()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|&ch| ch != '`')
        .collect();
    lines.push(format!("{fence}{lang}"));
    let text = c.text.strip_suffix('\n').unwrap_or(&c.text);
    if !text.is_empty() {
        lines.extend(text.split('\n').map(str::to_string));
    }
    lines.push(fence);
    lines
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        if c == ch {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// A code span: a backtick string whose length appears in no run inside,
/// padded when the content would otherwise lose or merge edge characters.
fn code_span(text: &str, table: bool, out: &mut String) {
    let mut t = text.replace(['\n', '\r'], " ");
    if t.is_empty() {
        return;
    }
    if table {
        t = t.replace('|', "\\|");
    }
    let mut runs = Vec::new();
    let mut cur = 0;
    for c in t.chars().chain(std::iter::once('\0')) {
        if c == '`' {
            cur += 1;
        } else if cur > 0 {
            runs.push(cur);
            cur = 0;
        }
    }
    let mut n = 1;
    while runs.contains(&n) {
        n += 1;
    }
    let ticks = "`".repeat(n);
    let pad = t.starts_with('`')
        || t.ends_with('`')
        || (t.starts_with(' ') && t.ends_with(' ') && t.chars().any(|c| c != ' '));
    out.push_str(&ticks);
    if pad {
        out.push(' ');
    }
    out.push_str(&t);
    if pad {
        out.push(' ');
    }
    out.push_str(&ticks);
}

/// A link destination: in angle brackets when it has spaces or parentheses;
/// backslashes, entity-like `&` and brackets escaped (and `|` in a table
/// cell, where it would end the cell); control characters percent-encoded.
fn link_destination(url: &str, table: bool) -> String {
    let angle = url
        .chars()
        .any(|c| c.is_whitespace() || matches!(c, '(' | ')' | '<' | '>'));
    let mut s = String::new();
    if angle {
        s.push('<');
    }
    for (i, c) in url.char_indices() {
        match c {
            '\\' => s.push_str("\\\\"),
            '<' | '>' => {
                s.push('\\');
                s.push(c);
            }
            '&' if looks_like_entity(&url[i..]) => s.push_str("\\&"),
            '|' if table => s.push_str("\\|"),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    s.push_str(&format!("%{b:02X}"));
                }
            }
            c => s.push(c),
        }
    }
    if angle {
        s.push('>');
    }
    s
}

/// Whether `s` (starting with `&`) would be read as an entity reference.
fn looks_like_entity(s: &str) -> bool {
    let rest = &s[1..];
    let body: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !body.is_empty() && rest[body.len()..].starts_with(';')
}

/// Text with every Markdown-significant character escaped, for plain
/// strings put inside bold or italic labels.
fn escape_plain(text: &str, mid_line: bool) -> String {
    let mut s = String::new();
    push_text(
        text,
        InlineCx {
            mid_line,
            one_line: true,
            ..InlineCx::default()
        },
        &mut s,
    );
    s
}

/// Appends text, escaped so Markdown reads it back as the same characters.
fn push_text(text: &str, cx: InlineCx, out: &mut String) {
    for (i, seg) in text.split('\n').enumerate() {
        if i > 0 {
            out.push(if cx.one_line { ' ' } else { '\n' });
        }
        let at_start = (out.is_empty() && !cx.mid_line) || out.ends_with('\n');
        // Leading spaces would be dropped, or make an indented code block.
        let seg = if at_start { seg.trim_start() } else { seg };
        escape_segment(seg.trim_end_matches('\r'), at_start, cx.heading, out);
    }
}

/// Escapes one line of text. Always: `\ ` * [ ] < | ~`, `_` unless inside a
/// word, `&` before something entity-like, `#` in headings. At the start of
/// a line also what would start a block: `#`, `>`, list markers (`-`, `+`,
/// `1.`, `1)`), setext underlines (`=`, `-`).
fn escape_segment(seg: &str, at_start: bool, heading: bool, out: &mut String) {
    let chars: Vec<char> = seg.chars().collect();
    let mut escape_at = None;
    if at_start && !chars.is_empty() {
        let rest_is_break = |from: usize| !matches!(chars.get(from), Some(c) if !c.is_whitespace());
        match chars[0] {
            '#' | '>' => escape_at = Some(0),
            c @ ('-' | '+' | '=') => {
                let only_marks = chars.iter().all(|&x| x == c || x == ' ' || x == '\t');
                if only_marks || (c != '=' && rest_is_break(1)) {
                    escape_at = Some(0);
                }
            }
            '0'..='9' => {
                let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
                if digits <= 9
                    && matches!(chars.get(digits), Some('.' | ')'))
                    && rest_is_break(digits + 1)
                {
                    escape_at = Some(digits);
                }
            }
            _ => {}
        }
    }
    let mut byte = 0;
    for (i, &c) in chars.iter().enumerate() {
        if escape_at == Some(i) {
            out.push('\\');
        }
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => out.push('\\'),
            '_' => {
                let inside_word = i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !inside_word {
                    out.push('\\');
                }
            }
            '&' if looks_like_entity(&seg[byte..]) => out.push('\\'),
            '#' if heading => out.push('\\'),
            _ => {}
        }
        out.push(c);
        byte += c.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{
        CodeOrigin, DefinitionItem, Field, GenericDirective, Label, ListItem, ProcedureStyle,
        RefTarget, Section, Step,
    };
    use crate::render::SiteInfo;
    use crate::text::{FileId, Span};
    use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

    // ----- building trees -----

    fn sp() -> Span {
        Span::new(FileId(0), 0, 0)
    }
    fn blk(kind: BlockKind) -> Block {
        Block { kind, span: sp() }
    }
    fn inl(kind: InlineKind) -> Inline {
        Inline { kind, span: sp() }
    }
    fn text(s: &str) -> Inline {
        inl(InlineKind::Text(s.into()))
    }
    fn para(i: Vec<Inline>) -> Block {
        blk(BlockKind::Paragraph(i))
    }
    fn ptext(s: &str) -> Block {
        para(vec![text(s)])
    }
    fn code(lang: &str, t: &str) -> Block {
        blk(BlockKind::Code(CodeBlock {
            language: Some(lang.into()).filter(|l: &String| !l.is_empty()),
            text: t.into(),
            caption: None,
            linenos: false,
            lineno_start: 1,
            emphasize_lines: vec![],
            copyable: true,
            origin: CodeOrigin::Inline,
            text_span: sp(),
            line_map: vec![],
        }))
    }
    fn item(children: Vec<Block>) -> ListItem {
        ListItem {
            children,
            span: sp(),
        }
    }
    fn admonition(kind: &str, title: Option<&str>, children: Vec<Block>) -> Block {
        blk(BlockKind::Admonition(Admonition {
            kind: kind.into(),
            title: title.map(|t| vec![text(t)]),
            children,
        }))
    }
    fn link(t: &str, url: &str) -> Inline {
        inl(InlineKind::Link {
            children: vec![text(t)],
            url: url.into(),
        })
    }

    fn render(blocks: Vec<Block>) -> String {
        render_on("tutorial/page", blocks)
    }
    fn render_on(page: &str, blocks: Vec<Block>) -> String {
        let site = SiteInfo::default();
        let ctx = RenderContext {
            site: &site,
            page,
            extra_body_html: None,
        };
        let md = render_markdown(
            &Document {
                file: FileId(0),
                blocks,
            },
            &ctx,
        );
        check_layout(&md);
        md
    }

    /// Invariants of every output: one final newline, no trailing spaces,
    /// no double blank lines (the tests put no such lines in code).
    fn check_layout(md: &str) {
        assert!(md.ends_with('\n') && !md.ends_with("\n\n"), "{md:?}");
        for l in md.lines() {
            assert_eq!(l, l.trim_end(), "trailing space in {md:?}");
        }
        assert!(!md.contains("\n\n\n"), "double blank line in {md:?}");
    }

    // ----- reading the output back -----

    /// What pulldown-cmark sees in the output.
    #[derive(Debug, Default)]
    struct Parsed {
        /// Text of each paragraph, heading and table cell, soft breaks as
        /// spaces, code spans as their content.
        texts: Vec<String>,
        /// Link destinations in order.
        links: Vec<String>,
        /// Fenced code blocks: (info, content, depth of list items around it).
        code: Vec<(String, String, usize)>,
        /// Alert kinds of block quotes (`None` for a plain quote).
        quotes: Vec<Option<BlockQuoteKind>>,
        /// Heading levels and texts.
        headings: Vec<(usize, String)>,
        /// Number of list items.
        items: usize,
        /// Whether each list was ordered, with its start.
        lists: Vec<Option<u64>>,
        /// Number of tables.
        tables: usize,
    }

    fn parse(md: &str) -> Parsed {
        let opts = Options::ENABLE_TABLES | Options::ENABLE_GFM | Options::ENABLE_STRIKETHROUGH;
        let mut p = Parsed::default();
        let mut cur: Option<String> = None;
        let mut code: Option<(String, String)> = None;
        let mut depth = 0;
        let mut heading: Option<usize> = None;
        for ev in Parser::new_ext(md, opts) {
            match ev {
                Event::Start(Tag::Paragraph | Tag::TableCell) => cur = Some(String::new()),
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some(level as usize);
                    cur = Some(String::new());
                }
                Event::End(TagEnd::Paragraph | TagEnd::TableCell) => p.texts.extend(cur.take()),
                Event::End(TagEnd::Heading(_)) => {
                    let t = cur.take().unwrap_or_default();
                    p.headings.push((heading.take().unwrap_or(0), t.clone()));
                    p.texts.push(t);
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(i) => i.to_string(),
                        CodeBlockKind::Indented => "<indented>".into(),
                    };
                    code = Some((info, String::new()));
                }
                Event::End(TagEnd::CodeBlock) => {
                    let (i, c) = code.take().unwrap();
                    p.code.push((i, c, depth));
                }
                Event::Text(t) => {
                    if let Some(c) = code.as_mut() {
                        c.1.push_str(&t);
                    } else {
                        // Tight list items have text without a paragraph.
                        cur.get_or_insert_with(String::new).push_str(&t);
                    }
                }
                Event::Code(t) => cur.get_or_insert_with(String::new).push_str(&t),
                Event::SoftBreak => cur.get_or_insert_with(String::new).push(' '),
                Event::Start(Tag::Link { dest_url, .. }) => p.links.push(dest_url.to_string()),
                Event::Start(Tag::BlockQuote(k)) => p.quotes.push(k),
                Event::Start(Tag::Item) => {
                    p.items += 1;
                    depth += 1;
                }
                Event::End(TagEnd::Item) => {
                    p.texts.extend(cur.take());
                    depth -= 1;
                }
                Event::Start(Tag::List(start)) => {
                    p.texts.extend(cur.take());
                    p.lists.push(start);
                }
                Event::Start(Tag::Table(_)) => p.tables += 1,
                _ => {}
            }
        }
        // A code block ends with a newline; compare with the tree's text.
        for c in &mut p.code {
            if c.1.ends_with('\n') {
                c.1.pop();
            }
        }
        p
    }

    // ----- the required cases -----

    #[test]
    fn admonition_with_title_is_an_alert() {
        let md = render(vec![admonition(
            "important",
            Some("Record your Credentials"),
            vec![
                ptext("Save the access key ID and\nthe secret key."),
                code("sh", "echo $KEY"),
            ],
        )]);
        assert_eq!(
            md,
            "> [!IMPORTANT]\n\
             > **Record your Credentials**\n\
             >\n\
             > Save the access key ID and\n\
             > the secret key.\n\
             >\n\
             > ```sh\n\
             > echo $KEY\n\
             > ```\n"
        );
        let p = parse(&md);
        assert_eq!(p.quotes, vec![Some(BlockQuoteKind::Important)]);
        assert_eq!(
            p.texts,
            vec![
                "Record your Credentials",
                "Save the access key ID and the secret key."
            ]
        );
        assert_eq!(p.code, vec![("sh".into(), "echo $KEY".into(), 0)]);
    }

    #[test]
    fn admonition_kinds_and_nesting() {
        let inner = admonition("warning", Some("Careful"), vec![ptext("Inner.")]);
        let md = render(vec![
            admonition("seealso", None, vec![ptext("Outer."), inner]),
            admonition("danger", None, vec![ptext("D.")]),
            admonition("hint", None, vec![ptext("H.")]),
            admonition("caution", None, vec![ptext("C.")]),
        ]);
        assert_eq!(
            md,
            "> [!NOTE]\n\
             > Outer.\n\
             >\n\
             > > **Warning: Careful**\n\
             > >\n\
             > > Inner.\n\
             \n\
             > [!WARNING]\n\
             > D.\n\
             \n\
             > [!TIP]\n\
             > H.\n\
             \n\
             > [!CAUTION]\n\
             > C.\n"
        );
        let p = parse(&md);
        assert_eq!(
            p.quotes,
            vec![
                Some(BlockQuoteKind::Note),
                None,
                Some(BlockQuoteKind::Warning),
                Some(BlockQuoteKind::Tip),
                Some(BlockQuoteKind::Caution)
            ]
        );
        assert_eq!(p.texts[..3], ["Outer.", "Warning: Careful", "Inner."]);
    }

    #[test]
    fn admonition_in_list_item_is_a_plain_quote() {
        let md = render(vec![blk(BlockKind::BulletList(vec![item(vec![
            ptext("Do it."),
            admonition("note", None, vec![ptext("Really.")]),
        ])]))]);
        assert_eq!(md, "- Do it.\n\n  > **Note**\n  >\n  > Really.\n");
        let p = parse(&md);
        assert_eq!(p.quotes, vec![None]);
        assert_eq!(p.texts, vec!["Do it.", "Note", "Really."]);
    }

    #[test]
    fn code_block_containing_a_fence_gets_a_longer_one() {
        let src = "Use a fence:\n```js\nlet a = 1;\n````\n\n  indented\n";
        let mut b = code("markdown", src);
        if let BlockKind::Code(c) = &mut b.kind {
            c.caption = Some("README *excerpt*".into());
        }
        let md = render(vec![b]);
        assert_eq!(
            md,
            "*README \\*excerpt\\**\n\n`````markdown\nUse a fence:\n```js\nlet a = 1;\n````\n\n  indented\n`````\n"
        );
        let p = parse(&md);
        assert_eq!(p.texts, vec!["README *excerpt*"]);
        assert_eq!(
            p.code,
            vec![("markdown".into(), src.strip_suffix('\n').unwrap().into(), 0)]
        );
    }

    #[test]
    fn procedure_steps_are_numbered_headings_below_the_section() {
        let step = |h: &str, id: &str, body: Vec<Block>| Step {
            heading: vec![text(h)],
            id: id.into(),
            children: body,
            span: sp(),
        };
        let proc_ = blk(BlockKind::Procedure(Procedure {
            style: ProcedureStyle::Connected,
            title: None,
            steps: vec![
                step(
                    "Create an IAM User",
                    "create-an-iam-user",
                    vec![ptext("Open the console."), code("json", "{\"a\": 1}")],
                ),
                step("Attach a Policy", "attach-a-policy", vec![ptext("Done.")]),
            ],
        }));
        let section = blk(BlockKind::Section(Section {
            level: 2,
            title: vec![text("Set up AWS")],
            id: "set-up-aws".into(),
            children: vec![proc_],
        }));
        let md = render(vec![section]);
        assert_eq!(
            md,
            "<a id=\"set-up-aws\"></a>\n\
             ## Set up AWS\n\
             \n\
             <a id=\"create-an-iam-user\"></a>\n\
             ### Step 1: Create an IAM User\n\
             \n\
             Open the console.\n\
             \n\
             ```json\n\
             {\"a\": 1}\n\
             ```\n\
             \n\
             <a id=\"attach-a-policy\"></a>\n\
             ### Step 2: Attach a Policy\n\
             \n\
             Done.\n"
        );
        let p = parse(&md);
        assert_eq!(
            p.headings,
            vec![
                (2, "Set up AWS".into()),
                (3, "Step 1: Create an IAM User".into()),
                (3, "Step 2: Attach a Policy".into())
            ]
        );
        assert_eq!(p.code, vec![("json".into(), "{\"a\": 1}".into(), 0)]);
        assert!(p.texts.contains(&"Open the console.".to_string()));
    }

    #[test]
    fn procedure_without_section_uses_level_two() {
        let md = render(vec![blk(BlockKind::Procedure(Procedure {
            style: ProcedureStyle::Normal,
            title: None,
            steps: vec![Step {
                heading: vec![text("Go")],
                id: "go".into(),
                children: vec![],
                span: sp(),
            }],
        }))]);
        assert_eq!(md, "<a id=\"go\"></a>\n## Step 1: Go\n");
    }

    #[test]
    fn lettered_list_keeps_nested_code_in_the_item() {
        let list = blk(BlockKind::EnumList(EnumList {
            style: EnumStyle::LowerAlpha,
            start: 1,
            items: vec![
                item(vec![
                    ptext("Navigate to the console."),
                    code("json", "{\n  \"Effect\": \"Allow\"\n}"),
                ]),
                item(vec![ptext("Save.")]),
            ],
        }));
        let md = render(vec![list]);
        assert_eq!(
            md,
            "- **a.** Navigate to the console.\n\
             \n\
             \x20 ```json\n\
             \x20 {\n\
             \x20   \"Effect\": \"Allow\"\n\
             \x20 }\n\
             \x20 ```\n\
             \n\
             - **b.** Save.\n"
        );
        let p = parse(&md);
        assert_eq!(p.items, 2);
        assert_eq!(p.lists, vec![None]);
        assert_eq!(p.texts, vec!["a. Navigate to the console.", "b. Save."]);
        assert_eq!(
            p.code,
            vec![("json".into(), "{\n  \"Effect\": \"Allow\"\n}".into(), 1)]
        );
    }

    #[test]
    fn roman_list_honours_start_and_item_starting_with_code() {
        let list = blk(BlockKind::EnumList(EnumList {
            style: EnumStyle::UpperRoman,
            start: 3,
            items: vec![item(vec![code("", "x")])],
        }));
        let md = render(vec![list]);
        assert_eq!(md, "- **III.**\n\n  ```\n  x\n  ```\n");
        let p = parse(&md);
        assert_eq!(p.code, vec![(String::new(), "x".into(), 1)]);
    }

    #[test]
    fn arabic_list_honours_start_and_adjacent_lists_do_not_merge() {
        let ol = |start| {
            blk(BlockKind::EnumList(EnumList {
                style: EnumStyle::Arabic,
                start,
                items: vec![item(vec![ptext("one")]), item(vec![ptext("two")])],
            }))
        };
        let ul = || blk(BlockKind::BulletList(vec![item(vec![ptext("x")])]));
        let md = render(vec![ol(9), ol(1), ul(), ul(), blk(BlockKind::Hidden), ul()]);
        assert_eq!(
            md,
            "9. one\n10. two\n\n1) one\n2) two\n\n- x\n\n* x\n\n- x\n"
        );
        let p = parse(&md);
        assert_eq!(p.lists, vec![Some(9), Some(1), None, None, None]);
    }

    #[test]
    fn escapes_markdown_in_text() {
        let tricky = [
            "Use *args and [brackets] here, a_b and _c_, `tick`, <b>, a|b, ~x~, \\, &amp;",
            "# not a heading",
            "- not a list",
            "+ nor this",
            "1. nor this",
            "2) nor this",
            "> nor a quote",
            "===",
            "---",
            "C# stays, 1.5 stays, -x stays",
        ];
        let md = render(vec![ptext(&tricky.join("\n"))]);
        assert_eq!(
            md,
            "Use \\*args and \\[brackets\\] here, a_b and \\_c\\_, \\`tick\\`, \\<b>, a\\|b, \\~x\\~, \\\\, \\&amp;\n\
             \\# not a heading\n\
             \\- not a list\n\
             \\+ nor this\n\
             1\\. nor this\n\
             2\\) nor this\n\
             \\> nor a quote\n\
             \\===\n\
             \\---\n\
             C# stays, 1.5 stays, -x stays\n"
        );
        let p = parse(&md);
        assert_eq!(p.texts, vec![tricky.join(" ")]);
        assert_eq!(p.items + p.tables + p.quotes.len() + p.headings.len(), 0);
    }

    #[test]
    fn escapes_at_line_start_after_markup() {
        // Text after a soft break at the start of a line, and `#` in headings.
        let md = render(vec![
            para(vec![
                inl(InlineKind::Strong(vec![text("Note")])),
                inl(InlineKind::SoftBreak),
                text("   * star"),
            ]),
            blk(BlockKind::Section(Section {
                level: 9,
                title: vec![text("Issue #")],
                id: "issue".into(),
                children: vec![],
            })),
        ]);
        assert_eq!(
            md,
            "**Note**\n\\* star\n\n<a id=\"issue\"></a>\n###### Issue \\#\n"
        );
        let p = parse(&md);
        // The anchor line is a paragraph holding only inline HTML.
        assert_eq!(p.texts, vec!["Note * star", "", "Issue #"]);
    }

    #[test]
    fn link_with_parentheses_in_url() {
        let url = "https://en.wikipedia.org/wiki/Identity_(access)";
        let md = render(vec![para(vec![
            text("See "),
            link("IAM", url),
            text(" and "),
            link("this", "https://example.com/a b"),
            text("."),
        ])]);
        assert_eq!(
            md,
            "See [IAM](<https://en.wikipedia.org/wiki/Identity_(access)>) and [this](<https://example.com/a b>).\n"
        );
        let p = parse(&md);
        assert_eq!(p.links, vec![url, "https://example.com/a b"]);
        assert_eq!(p.texts, vec!["See IAM and this."]);
    }

    #[test]
    fn abbr_shows_its_expansion() {
        let md = render(vec![para(vec![
            inl(InlineKind::Abbr {
                abbr: "IAM".into(),
                expansion: Some("Identity and Access Management".into()),
            }),
            text(" and "),
            inl(InlineKind::Abbr {
                abbr: "KMS".into(),
                expansion: None,
            }),
        ])]);
        assert_eq!(md, "IAM (Identity and Access Management) and KMS\n");
        assert_eq!(
            parse(&md).texts,
            vec!["IAM (Identity and Access Management) and KMS"]
        );
    }

    #[test]
    fn unsafe_link_is_plain_text() {
        let md = render(vec![para(vec![
            text("Click "),
            link("here", "javascript:alert(1)"),
            text(" or "),
            inl(InlineKind::NamedRef {
                children: vec![text("there")],
                name: "there".into(),
                url: Some(" JavaScript:alert(2)".into()),
            }),
        ])]);
        assert_eq!(md, "Click here or there\n");
        let p = parse(&md);
        assert!(p.links.is_empty());
        assert_eq!(p.texts, vec!["Click here or there"]);
    }

    // ----- the rest -----

    #[test]
    fn references_and_roles() {
        let resolved = |page: &str, anchor: Option<&str>| ResolvedRef {
            title: "Create a Key".into(),
            target: RefTarget::Page {
                page: page.into(),
                anchor: anchor.map(Into::into),
            },
        };
        let md = render_on(
            "csfle/aws",
            vec![para(vec![
                inl(InlineKind::Ref {
                    title: None,
                    target: "create-key".into(),
                    resolved: Some(resolved("qe/aws", Some("create-key"))),
                }),
                text(", "),
                inl(InlineKind::Doc {
                    title: Some("the [other] page".into()),
                    target: "/qe/other".into(),
                    resolved: Some(resolved("qe/other", None)),
                }),
                text(", "),
                inl(InlineKind::Ref {
                    title: None,
                    target: "missing-label".into(),
                    resolved: None,
                }),
                text(", "),
                inl(InlineKind::Role {
                    name: "method".into(),
                    text: "db.coll`x`".into(),
                }),
                text(", "),
                inl(InlineKind::Literal("`tick`".into())),
                text(", "),
                inl(InlineKind::Emphasis(vec![text(" spaced ")])),
                text(", "),
                inl(InlineKind::Substitution {
                    name: "v".into(),
                    children: vec![text("8.0")],
                }),
            ])],
        );
        assert_eq!(
            md,
            "[Create a Key](../qe/aws.md#create-key), [the \\[other\\] page](../qe/other.md), \
             missing-label, `` db.coll`x` ``, `` `tick` ``,  *spaced* , 8.0\n"
        );
        let p = parse(&md);
        assert_eq!(p.links, vec!["../qe/aws.md#create-key", "../qe/other.md"]);
        assert_eq!(
            p.texts,
            vec![
                "Create a Key, the [other] page, missing-label, db.coll`x`, `tick`,  spaced , 8.0"
            ]
        );
    }

    #[test]
    fn simple_table_is_a_pipe_table() {
        let cell = |s: &str| vec![ptext(s)];
        let t = blk(BlockKind::Table(Table {
            title: Some(vec![text("Options")]),
            header_rows: 1,
            rows: vec![
                vec![cell("Name"), cell("Meaning")],
                vec![
                    cell("a|b"),
                    vec![para(vec![inl(InlineKind::Literal("x | y".into()))])],
                ],
                vec![cell("only")],
                vec![vec![para(vec![link("q", "https://x.org/?a|b")])]],
            ],
            widths: vec![],
        }));
        let md = render(vec![t]);
        assert_eq!(
            md,
            "**Options**\n\n| Name | Meaning |\n| --- | --- |\n| a\\|b | `x \\| y` |\n| only |  |\n\
             | [q](https://x.org/?a\\|b) |  |\n"
        );
        let p = parse(&md);
        assert_eq!(p.tables, 1);
        assert_eq!(
            p.texts,
            vec!["Options", "Name", "Meaning", "a|b", "x | y", "only", "", "q", ""]
        );
        assert_eq!(p.links, vec!["https://x.org/?a|b"]);

        // Without header rows: an empty header, every row in the body.
        let md = render(vec![blk(BlockKind::Table(Table {
            title: None,
            header_rows: 0,
            rows: vec![vec![cell("x"), cell("y")]],
            widths: vec![],
        }))]);
        assert_eq!(md, "|  |  |\n| --- | --- |\n| x | y |\n");
        assert_eq!(parse(&md).texts, vec!["", "", "x", "y"]);
    }

    #[test]
    fn complex_table_is_a_list_per_row() {
        let t = blk(BlockKind::Table(Table {
            title: None,
            header_rows: 1,
            rows: vec![
                vec![vec![ptext("Name")], vec![ptext("Example")]],
                vec![
                    vec![ptext("find")],
                    vec![ptext("Run:"), code("js", "db.c.find()")],
                ],
            ],
            widths: vec![],
        }));
        let md = render(vec![t]);
        assert_eq!(
            md,
            "- **Name:** find\n\n  **Example:** Run:\n\n  ```js\n  db.c.find()\n  ```\n"
        );
        let p = parse(&md);
        assert_eq!(p.tables, 0);
        assert_eq!(p.code, vec![("js".into(), "db.c.find()".into(), 1)]);
    }

    #[test]
    fn definitions_fields_labels_generic_and_transition() {
        let md = render(vec![
            blk(BlockKind::Label(Label {
                name: "my-label".into(),
            })),
            blk(BlockKind::DefinitionList(vec![DefinitionItem {
                term: vec![text("CMK")],
                children: vec![ptext("A customer master key.")],
            }])),
            blk(BlockKind::FieldList(vec![
                Field {
                    name: "version".into(),
                    children: vec![ptext("8.0")],
                },
                Field {
                    name: "example".into(),
                    children: vec![code("sh", "ls")],
                },
            ])),
            blk(BlockKind::Transition),
            blk(BlockKind::Generic(GenericDirective {
                name: "tab".into(),
                argument: vec![text("Shell")],
                options: vec![],
                children: vec![ptext("Body.")],
            })),
            blk(BlockKind::Included(crate::doc::Included {
                path: "x.rst".into(),
                file: None,
                blocks: vec![ptext("From include."), blk(BlockKind::Hidden)],
            })),
        ]);
        assert_eq!(
            md,
            "<a id=\"my-label\"></a>\n\n**CMK**\n\nA customer master key.\n\n\
             **version:** 8.0\n\n**example:**\n\n```sh\nls\n```\n\n---\n\n\
             **Shell**\n\nBody.\n\nFrom include.\n"
        );
        let p = parse(&md);
        assert_eq!(
            p.texts,
            vec![
                "",
                "CMK",
                "A customer master key.",
                "version: 8.0",
                "example:",
                "Shell",
                "Body.",
                "From include."
            ]
        );
        assert_eq!(p.code, vec![("sh".into(), "ls".into(), 0)]);
    }

    /// Random text from Markdown-significant characters reads back as the
    /// same text in a paragraph, a list item, a heading, emphasis and a cell.
    #[test]
    fn random_text_round_trips() {
        const ALPHABET: &[&str] = &[
            "a", "b", "1", "9", " ", " ", "\n", "*", "_", "`", "[", "]", "(", ")", "<", ">", "#",
            "-", "+", "=", "|", "~", "\\", "!", "&", "amp;", "#1;", ".", ")", ":", "http://x",
            "    ", "1.", "---", "***", "```",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let squash = |s: &str| {
            s.split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for _ in 0..3000 {
            let len = 1 + next(12);
            let t: String = (0..len).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
            let expected = squash(&t);
            if expected.is_empty() {
                continue;
            }
            // Paragraph.
            let md = render(vec![ptext(&t)]);
            let p = parse(&md);
            assert_eq!(p.texts, vec![expected.clone()], "{t:?} -> {md:?}");
            assert!(
                p.code.is_empty() && p.items == 0 && p.headings.is_empty(),
                "{md:?}"
            );
            // List item.
            let md = render(vec![blk(BlockKind::BulletList(vec![item(vec![ptext(
                &t,
            )])]))]);
            let p = parse(&md);
            assert_eq!(
                (p.texts, p.items),
                (vec![expected.clone()], 1),
                "{t:?} -> {md:?}"
            );
            // Heading (soft breaks become spaces).
            let one = t.replace('\n', " ");
            let md = render(vec![blk(BlockKind::Section(Section {
                level: 2,
                title: vec![text(&one)],
                id: "x".into(),
                children: vec![],
            }))]);
            let p = parse(&md);
            assert_eq!(
                p.headings,
                vec![(2, one.trim().to_string())],
                "{t:?} -> {md:?}"
            );
            // Emphasis.
            let md = render(vec![para(vec![
                text("x "),
                inl(InlineKind::Emphasis(vec![text(&t)])),
                text(" y"),
            ])]);
            let p = parse(&md);
            assert_eq!(
                squash(&p.texts.join(" ")),
                squash(&format!("x {t} y")),
                "{md:?}"
            );
            // Table cell.
            let md = render(vec![blk(BlockKind::Table(Table {
                title: None,
                header_rows: 1,
                rows: vec![vec![vec![ptext("h")]], vec![vec![ptext(&t)]]],
                widths: vec![],
            }))]);
            let p = parse(&md);
            assert_eq!(
                p.texts,
                vec!["h".to_string(), one.trim().to_string()],
                "{md:?}"
            );
            // Code span.
            let md = render(vec![para(vec![inl(InlineKind::Literal(one.clone()))])]);
            let p = parse(&md);
            assert_eq!(p.texts, vec![one.clone()], "{one:?} -> {md:?}");
        }
    }

    #[test]
    fn empty_document_is_one_newline() {
        assert_eq!(render(vec![]), "\n");
        assert_eq!(render(vec![blk(BlockKind::Hidden)]), "\n");
    }
}
