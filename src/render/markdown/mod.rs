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

mod blocks;
mod code;
mod directives;
mod escape;
mod inline;
mod media;
mod tables;
#[cfg(test)]
mod tests;

use code::{code_block, code_span};
use escape::{escape_plain, link_destination, push_text};
use inline::{anchor, one_line_cx};

use crate::doc::{
    plain_text, Admonition, Block, BlockKind, CodeBlock, Document, EnumList, EnumStyle, Inline,
    InlineKind, Procedure, ResolvedRef, RoleStyle, Table,
};
use crate::render::{is_safe_url, target_url, RenderContext};

/// Renders a resolved document as GitHub-flavoured Markdown.
pub fn render_markdown(doc: &Document, ctx: &RenderContext) -> String {
    let md = Md { ctx };
    let mut lines = md.blocks(&doc.blocks, BlockCx::top());
    // The link to a variant comparison goes under the page title, as in HTML.
    let compare = compare_links(ctx);
    if !compare.is_empty() {
        let at = lines
            .iter()
            .position(|l| l.starts_with("# "))
            .map_or(0, |i| i + 1);
        lines.insert(at, format!("\n{compare}"));
    }
    let mut s = lines.join("\n");
    let trimmed = s.trim_end_matches('\n').len();
    s.truncate(trimmed);
    s.push('\n');
    s
}

/// `[Compare with “Other title”](../diff/….md)` for a page showing one
/// side of a variant pair, or `""`.
fn compare_links(ctx: &RenderContext) -> String {
    let site = ctx.site;
    let mut links = Vec::new();
    for pair in &site.pairs {
        let other = if pair.left.pages.iter().any(|p| p == ctx.page) {
            &pair.right
        } else if pair.right.pages.iter().any(|p| p == ctx.page) {
            &pair.left
        } else {
            continue;
        };
        let text =
            escape::escape_plain(&format!("Compare with “{}”", site.side_title(other)), true);
        let url = crate::render::page_url(ctx.page, &pair.page, "md");
        links.push(format!(
            "[{text}]({})",
            escape::link_destination(&url, false)
        ));
    }
    links.join(" · ")
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

/// The blocks a list renders, with includes expanded and hidden ones
/// dropped (failed includes are kept: they show as an error note).
fn flatten<'b>(blocks: &'b [Block], out: &mut Vec<&'b Block>) {
    for b in blocks {
        match &b.kind {
            // A failed include stays: it renders as an error note.
            BlockKind::Included(inc) if inc.file.is_some() => flatten(&inc.blocks, out),
            BlockKind::Hidden | BlockKind::IncludeRequest(_) => {}
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
}
