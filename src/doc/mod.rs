//! The document tree: what a page *is*, independent of how it was written.
//!
//! The parser produces it, the resolver fills in includes and references,
//! and every renderer, the snippet tester and the variant differ read it.
//! Every node carries a [`Span`] into the original file.
//!
//! Block types live here; inline types, id helpers, traversals, media nodes
//! and substitution filling are submodules, re-exported so callers name
//! everything as `doc::X`.

mod ids;
mod inline;
mod media;
mod substitute;
mod walk;

pub use ids::{make_id, term_anchor, term_key};
pub use inline::{plain_text, Inline, InlineKind, RefTarget, ResolvedRef, RoleStyle, RoleTarget};
pub use media::{Footnote, Image, NoteLabel, NoteRef, TabRole};
pub use walk::{
    link_anchors, visit_inlines_mut, visit_top_inline_lists, walk_blocks, walk_blocks_mut,
};

pub use substitute::{
    fill_substitutions, unicode_text, SubstitutionProblem, MAX_FILLS, MAX_FILL_BYTES,
};

use crate::text::{FileId, Span};

/// A parsed page or fragment.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file it was parsed from.
    pub file: FileId,
    /// Top-level blocks (sections nest their own content).
    pub blocks: Vec<Block>,
}

impl Document {
    /// The page options (`:noprevnext:`, `:template: x` …) given as a field
    /// list before the title, as (name, value) pairs.
    pub fn page_options(&self) -> &[(String, String)] {
        for b in &self.blocks {
            match &b.kind {
                BlockKind::Generic(g) if g.style == DirectiveStyle::PageOptions => {
                    return &g.options
                }
                BlockKind::Hidden | BlockKind::Label(_) => {}
                _ => break,
            }
        }
        &[]
    }

    /// The entries of every `.. toctree::` of the page, in order (toctrees
    /// in sections and included fragments count too).
    pub fn toctree_entries(&self) -> Vec<&TocTreeEntry> {
        let mut out = Vec::new();
        walk_blocks(&self.blocks, &mut |b| {
            if let BlockKind::Generic(g) = &b.kind {
                if let DirectiveStyle::Toctree(entries) = &g.style {
                    out.extend(entries.iter());
                }
            }
        });
        out
    }

    /// The first section title, if any: the page title.
    pub fn title(&self) -> Option<&[Inline]> {
        fn find(blocks: &[Block]) -> Option<&[Inline]> {
            for b in blocks {
                match &b.kind {
                    BlockKind::Section(s) => return Some(&s.title),
                    BlockKind::Included(inc) => {
                        if let Some(t) = find(&inc.blocks) {
                            return Some(t);
                        }
                    }
                    _ => {}
                }
            }
            None
        }
        find(&self.blocks)
    }
}

/// A block-level element with its span.
#[derive(Clone, Debug)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Where it was written.
    pub span: Span,
}

/// The block-level elements.
#[derive(Clone, Debug)]
pub enum BlockKind {
    /// A titled section and its content.
    Section(Section),
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// A code block: `::` literal blocks, `code-block`, `literalinclude`.
    Code(CodeBlock),
    /// An indented block quote.
    BlockQuote(Vec<Block>),
    /// A bullet list; each item is a list of blocks.
    BulletList(Vec<ListItem>),
    /// An enumerated list.
    EnumList(EnumList),
    /// A definition list.
    DefinitionList(Vec<DefinitionItem>),
    /// A field list (`:name: value`).
    FieldList(Vec<Field>),
    /// A horizontal rule.
    Transition,
    /// A line block (`| line`): lines kept as written.
    LineBlock(Vec<Vec<Inline>>),
    /// An admonition (`note`, `important`, …).
    Admonition(Admonition),
    /// A `procedure` of steps.
    Procedure(Procedure),
    /// A `list-table`.
    Table(Table),
    /// A `.. _name:` label: it names the block that follows it.
    Label(Label),
    /// The resolved content of an `.. include::`.
    Included(Included),
    /// A directive procdoc does not render specially; its content is shown.
    Generic(GenericDirective),
    /// An `image` or `figure`.
    Image(Box<Image>),
    /// A footnote or citation definition.
    Footnote(Footnote),
    /// A block that renders as nothing (comments, `contents`, `meta`, …).
    Hidden,
    /// An `.. include::` the resolver has not replaced yet (renders as nothing).
    IncludeRequest(IncludeRequest),
    /// A `.. literalinclude::` the resolver has not replaced yet (renders as nothing).
    LiteralIncludeRequest(LiteralIncludeRequest),
}

/// An unresolved `.. include::`.
#[derive(Clone, Debug)]
pub struct IncludeRequest {
    /// The path as written (constants expanded).
    pub path: String,
    /// Span of the path argument.
    pub path_span: Span,
    /// `:start-after:` text.
    pub start_after: Option<String>,
    /// `:end-before:` text.
    pub end_before: Option<String>,
}

/// An unresolved `.. literalinclude::` with its options.
#[derive(Clone, Debug, Default)]
pub struct LiteralIncludeRequest {
    /// The path as written (constants expanded).
    pub path: String,
    /// Span of the path argument.
    pub path_span: Option<Span>,
    /// `:language:`
    pub language: Option<String>,
    /// `:start-after:`
    pub start_after: Option<String>,
    /// `:end-before:`
    pub end_before: Option<String>,
    /// `:dedent:` as a flag (`Some(None)`) or a number.
    pub dedent: Option<Option<usize>>,
    /// `:lines:` as written, with its span.
    pub lines: Option<(String, Span)>,
    /// `:emphasize-lines:` as written, with its span.
    pub emphasize_lines: Option<(String, Span)>,
    /// `:linenos:`
    pub linenos: bool,
    /// `:lineno-start:`
    pub lineno_start: Option<u32>,
    /// `:caption:`
    pub caption: Option<String>,
    /// `:copyable:` (default true)
    pub copyable: bool,
}

/// A titled section.
#[derive(Clone, Debug)]
pub struct Section {
    /// Heading level, 1 for the page title.
    pub level: u8,
    /// The title.
    pub title: Vec<Inline>,
    /// Anchor id, from the title.
    pub id: String,
    /// Content, including subsections.
    pub children: Vec<Block>,
}

/// A list item: its content blocks.
#[derive(Clone, Debug)]
pub struct ListItem {
    /// Content.
    pub children: Vec<Block>,
    /// Where the item was written.
    pub span: Span,
}

/// How an enumerated list counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumStyle {
    /// 1, 2, 3
    Arabic,
    /// a, b, c
    LowerAlpha,
    /// A, B, C
    UpperAlpha,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
}

impl EnumStyle {
    /// The label of ordinal `n` (1-based) in this style.
    pub fn label(self, n: u32) -> String {
        match self {
            EnumStyle::Arabic => n.to_string(),
            EnumStyle::LowerAlpha => alpha(n).to_lowercase(),
            EnumStyle::UpperAlpha => alpha(n),
            EnumStyle::LowerRoman => roman(n).to_lowercase(),
            EnumStyle::UpperRoman => roman(n),
        }
    }

    /// The HTML `<ol type>` value.
    pub fn html_type(self) -> &'static str {
        match self {
            EnumStyle::Arabic => "1",
            EnumStyle::LowerAlpha => "a",
            EnumStyle::UpperAlpha => "A",
            EnumStyle::LowerRoman => "i",
            EnumStyle::UpperRoman => "I",
        }
    }
}

fn alpha(mut n: u32) -> String {
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Upper-case roman numeral (1..=3999; larger numbers fall back to arabic).
pub fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const T: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// An enumerated list.
#[derive(Clone, Debug)]
pub struct EnumList {
    /// Counting style.
    pub style: EnumStyle,
    /// Ordinal of the first item (1-based).
    pub start: u32,
    /// Items.
    pub items: Vec<ListItem>,
}

/// A term and its definition.
#[derive(Clone, Debug)]
pub struct DefinitionItem {
    /// The term.
    pub term: Vec<Inline>,
    /// The definition.
    pub children: Vec<Block>,
}

/// One field of a field list.
#[derive(Clone, Debug)]
pub struct Field {
    /// Field name.
    pub name: String,
    /// Field body.
    pub children: Vec<Block>,
}

/// Where a code block's text lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeOrigin {
    /// Written in the page: the text starts at this span in the original file.
    Inline,
    /// Read from a file by `literalinclude`.
    File {
        /// The included file.
        file: FileId,
        /// 1-based line in that file where the shown text starts.
        first_line: usize,
    },
}

/// A block of code.
#[derive(Clone, Debug)]
pub struct CodeBlock {
    /// Language, if given.
    pub language: Option<String>,
    /// The code, dedented, without trailing blank lines.
    pub text: String,
    /// Caption, if given.
    pub caption: Option<String>,
    /// Whether to show line numbers.
    pub linenos: bool,
    /// Number of the first line when numbered.
    pub lineno_start: u32,
    /// 1-based lines (of `text`) to emphasize.
    pub emphasize_lines: Vec<u32>,
    /// Whether readers get a copy button.
    pub copyable: bool,
    /// Where the text comes from.
    pub origin: CodeOrigin,
    /// Span of the text itself (in the page for inline code, or in the
    /// included file for literalinclude).
    pub text_span: Span,
    /// Line of the original text where each line of `text` starts (1-based),
    /// for inline code whose lines were dedented.
    pub line_map: Vec<LineOrigin>,
}

/// Where one line of a code block came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineOrigin {
    /// The file.
    pub file: FileId,
    /// Byte offset of the line's first shown character in the original file.
    pub offset: u32,
}

/// An admonition box.
#[derive(Clone, Debug)]
pub struct Admonition {
    /// `note`, `important`, `warning`, … (lower case).
    pub kind: String,
    /// Title from the directive argument.
    pub title: Option<Vec<Inline>>,
    /// Content.
    pub children: Vec<Block>,
}

/// How a procedure is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcedureStyle {
    /// Numbered circles joined by a line.
    Connected,
    /// Smaller outlined circles, no line.
    Normal,
}

impl ProcedureStyle {
    /// The name used in classes and options.
    pub fn as_str(self) -> &'static str {
        match self {
            ProcedureStyle::Connected => "connected",
            ProcedureStyle::Normal => "normal",
        }
    }
}

/// A `procedure` directive.
#[derive(Clone, Debug)]
pub struct Procedure {
    /// Drawing style.
    pub style: ProcedureStyle,
    /// Optional title.
    pub title: Option<String>,
    /// Steps.
    pub steps: Vec<Step>,
}

/// One `step` of a procedure.
#[derive(Clone, Debug)]
pub struct Step {
    /// The heading (the step's argument).
    pub heading: Vec<Inline>,
    /// Anchor id derived from the heading.
    pub id: String,
    /// Content.
    pub children: Vec<Block>,
    /// Where the step was written.
    pub span: Span,
}

/// A table (from `list-table`).
#[derive(Clone, Debug)]
pub struct Table {
    /// Optional title.
    pub title: Option<Vec<Inline>>,
    /// How many leading rows are header rows.
    pub header_rows: usize,
    /// Rows of cells; each cell is a list of blocks.
    pub rows: Vec<Vec<Vec<Block>>>,
    /// Relative column widths, if given.
    pub widths: Vec<u32>,
}

/// A label naming the block after it.
#[derive(Clone, Debug)]
pub struct Label {
    /// The label name (normalized: lower case, as written otherwise).
    pub name: String,
}

/// The resolved content of an include.
#[derive(Clone, Debug)]
pub struct Included {
    /// The included path as written.
    pub path: String,
    /// The included file.
    pub file: Option<FileId>,
    /// Its blocks (empty when it could not be read).
    pub blocks: Vec<Block>,
}

/// A directive rendered generically.
#[derive(Clone, Debug)]
pub struct GenericDirective {
    /// Directive name.
    pub name: String,
    /// Argument, parsed as inline markup.
    pub argument: Vec<Inline>,
    /// Options in order.
    pub options: Vec<(String, String)>,
    /// Content.
    pub children: Vec<Block>,
    /// How it is shown (from the dialect registry).
    pub style: DirectiveStyle,
}

/// How a [`GenericDirective`] is shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum DirectiveStyle {
    /// Its argument (if any) and its content, as written.
    #[default]
    Container,
    /// A signature heading (the argument as code) over the content; an
    /// object directive (`method`, `dbcommand`, …) is also a link target.
    Signature(Option<ObjectDef>),
    /// Only a link target (`.. program::` sets the context of options).
    Anchor(ObjectDef),
    /// `versionadded`/`versionchanged`/`deprecated`: the argument is the
    /// sentence ("New in version 4.4.").
    Version,
    /// A glossary: its definition list's terms are link targets.
    Glossary,
    /// A button linking to a URL.
    Button(String),
    /// A `.. toctree::`: the pages under this one in the site's hierarchy.
    /// Not shown in the page; navigation is built from it.
    Toctree(Vec<TocTreeEntry>),
    /// The page options (`:template:`, `:noprevnext:` …) written as a field
    /// list before the title: metadata for templates, not shown. Held in
    /// the directive's `options`.
    PageOptions,
    /// A tab set or one of its tabs.
    Tabs(TabRole),
    /// `.. class::`/`.. cssclass::`: the content with these classes (as
    /// docutils sets them on it). Content of class `hidden` is not shown;
    /// its link targets stay.
    Classes(Vec<String>),
}

/// One line of a `.. toctree::`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocTreeEntry {
    /// `Title <target>`'s title, if given.
    pub title: Option<String>,
    /// The page (`/tutorial/x`, relative, or with a trailing slash) or an
    /// external URL.
    pub target: String,
    /// Where the entry was written.
    pub span: Span,
}

/// The targets an object directive defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectDef {
    /// The anchor of its heading.
    pub anchor: String,
    /// The targets, as (object type, normalised name).
    pub keys: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_labels() {
        assert_eq!(EnumStyle::LowerAlpha.label(3), "c");
        assert_eq!(EnumStyle::UpperAlpha.label(27), "AA");
        assert_eq!(EnumStyle::LowerRoman.label(4), "iv");
        assert_eq!(EnumStyle::UpperRoman.label(1994), "MCMXCIV");
    }
}
