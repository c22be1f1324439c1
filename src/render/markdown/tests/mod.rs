//! Unit tests of the Markdown renderer: trees are rendered, then parsed
//! back with pulldown-cmark and compared.

mod blocks;
mod inline;

use super::*;
use crate::doc::{
    CodeOrigin, DefinitionItem, DirectiveStyle, Field, GenericDirective, Label, ListItem,
    ProcedureStyle, RefTarget, Section, Step,
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

/// Random text from Markdown-significant characters reads back as the
/// same text in a paragraph, a list item, a heading, emphasis and a cell.
#[test]
fn random_text_round_trips() {
    const ALPHABET: &[&str] = &[
        "a", "b", "1", "9", " ", " ", "\n", "*", "_", "`", "[", "]", "(", ")", "<", ">", "#", "-",
        "+", "=", "|", "~", "\\", "!", "&", "amp;", "#1;", ".", ")", ":", "http://x", "    ", "1.",
        "---", "***", "```",
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
