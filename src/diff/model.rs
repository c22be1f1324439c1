//! The comparable form of a page: steps made of blocks made of words.
//!
//! The two variants of a tutorial are written differently (a lettered list
//! on one side, a `procedure` on the other; constants, includes and
//! literalincludes in between), so the differ never looks at markup. This
//! module defines the model; `build` flattens a resolved
//! [`Document`](crate::doc::Document) into a [`PageModel`]: a list of
//! [`StepModel`]s (procedure steps and enumerated-list items alike), each a
//! list of [`Node`]s (paragraph, admonition, code, list, label) whose text is
//! plain words, every word with its span in the original file.

use crate::diag::Diagnostic;
use crate::text::{FileId, SourceFile, Span};
use std::sync::Arc;

mod build;
mod words;

pub(crate) use build::page_model;

/// Every file of the run, by id, for turning spans into text positions
/// without ever indexing out of range.
pub(crate) struct Files(pub(crate) Vec<Arc<SourceFile>>);

impl Files {
    /// The file with this id, if it exists.
    pub(crate) fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.0.get(id.0 as usize).map(|f| &**f)
    }

    /// The path (relative to the root) of a file, or `?` when unknown.
    pub(crate) fn rel(&self, id: FileId) -> String {
        self.get(id)
            .map(|f| f.rel_path.clone())
            .unwrap_or_else(|| "?".into())
    }
}

/// One word with where it was written.
#[derive(Clone, Debug)]
pub(crate) struct Word {
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// A link-like inline: a hyperlink, `:ref:` or `:doc:`.
#[derive(Clone, Debug)]
pub(crate) struct LinkRef {
    /// `link`, `ref` or `doc`.
    pub(crate) kind: &'static str,
    /// Its text (plain).
    pub(crate) text: String,
    /// URL, label or page.
    pub(crate) target: String,
    pub(crate) span: Span,
}

/// Inline content reduced to words, links and a markup signature.
#[derive(Clone, Debug, Default)]
pub(crate) struct Text {
    pub(crate) words: Vec<Word>,
    pub(crate) links: Vec<LinkRef>,
    /// The text with inline markup kept as symbols (`**`, `*`, ``` `` ```),
    /// whitespace collapsed: differs from the words only by markup.
    pub(crate) marked: String,
}

impl Text {
    /// The words joined by single spaces.
    pub(crate) fn plain(&self) -> String {
        let mut s = String::new();
        for w in &self.words {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }

    /// The word texts.
    pub(crate) fn word_strs(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }

    fn append(&mut self, other: Text) {
        self.words.extend(other.words);
        self.links.extend(other.links);
        if !other.marked.is_empty() {
            if !self.marked.is_empty() {
                self.marked.push(' ');
            }
            self.marked.push_str(&other.marked);
        }
    }
}

/// One line of code with where it was written.
#[derive(Clone, Debug)]
pub(crate) struct CodeLine {
    pub(crate) text: String,
    pub(crate) span: Span,
}

/// A code block's comparable content.
#[derive(Clone, Debug)]
pub(crate) struct Code {
    pub(crate) language: Option<String>,
    pub(crate) caption: Option<String>,
    pub(crate) lines: Vec<CodeLine>,
    /// For literalinclude: the included file (relative to the root).
    pub(crate) source: Option<String>,
    /// `:emphasize-lines:` (1-based lines of the code).
    pub(crate) emphasize: Vec<u32>,
}

/// What a comparable block is.
#[derive(Clone, Debug)]
pub(crate) enum NodeKind {
    /// Running text: a paragraph, a section heading, a line block.
    Text { role: &'static str, text: Text },
    /// A box of blocks: admonition, generic directive, block quote, nested
    /// procedure step.
    Container {
        /// `admonition`, `directive`, `block quote`, `step`.
        family: &'static str,
        /// `important`, `note`, the directive name, …
        kind: String,
        title: Text,
        /// A tab's `:tabid:` (what tabs are aligned by).
        id: Option<String>,
        /// The directive's other options, in order (compared as text).
        options: Vec<(String, String)>,
        children: Vec<Node>,
    },
    /// An `include` (its content follows as the next nodes when it was
    /// read), or a `literalinclude` that could not be read: a placeholder
    /// that is never equal to anything.
    Include {
        /// `include` or `literalinclude`.
        directive: &'static str,
        /// The target as written (constants expanded).
        target: String,
        /// Whether the file was read.
        resolved: bool,
    },
    /// Code, compared line by line.
    Code(Code),
    /// A list, table, definition or field list: items compared as text.
    List {
        /// How it is written (`bullet list`, `enumerated list`, `table`, …): markup only.
        style: String,
        items: Vec<Item>,
    },
    /// A `.. _label:` target.
    Label { name: String },
}

/// One list item (or table row), as text.
#[derive(Clone, Debug)]
pub(crate) struct Item {
    pub(crate) text: Text,
    pub(crate) span: Span,
}

/// A comparable block.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    pub(crate) span: Span,
}

impl Node {
    /// The kind of block, for alignment (only blocks of the same family are
    /// paired) and for messages.
    pub(crate) fn family(&self) -> &'static str {
        match &self.kind {
            NodeKind::Text { role, .. } => role,
            NodeKind::Container { family, .. } => family,
            NodeKind::Code(_) => "code",
            NodeKind::List { .. } => "list",
            NodeKind::Label { .. } => "label",
            NodeKind::Include { .. } => "include",
        }
    }

    /// A short description for messages: `paragraph`, `important “Title”`.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Container {
                kind, title, id, ..
            } => {
                let t = title.plain();
                match (id, t.is_empty()) {
                    (Some(id), true) => format!("{kind} {id}"),
                    (Some(id), false) => format!("{kind} {id} “{t}”"),
                    (None, true) => kind.clone(),
                    (None, false) => format!("{kind} “{t}”"),
                }
            }
            NodeKind::Include {
                directive,
                target,
                resolved,
            } => {
                if *resolved {
                    format!("{directive} {target}")
                } else {
                    format!("{directive} {target} (unresolved)")
                }
            }
            NodeKind::Code(c) => match (&c.source, &c.language) {
                (Some(_), Some(l)) => format!("literalinclude ({l})"),
                (Some(_), None) => "literalinclude".into(),
                (None, Some(l)) => format!("code ({l})"),
                (None, None) => "code".into(),
            },
            NodeKind::List { style, .. } => style.clone(),
            _ => self.family().to_string(),
        }
    }

    /// The block's content as lines of plain text (for showing a block that
    /// exists on one side only).
    pub(crate) fn display_lines(&self) -> Vec<String> {
        match &self.kind {
            NodeKind::Text { text, .. } => vec![text.plain()],
            NodeKind::Container { children, .. } => {
                let mut v = vec![self.head_line()];
                for c in children {
                    for l in c.display_lines() {
                        v.push(format!("  {l}"));
                    }
                }
                v
            }
            NodeKind::Code(c) => c.lines.iter().map(|l| l.text.clone()).collect(),
            NodeKind::List { items, .. } => items
                .iter()
                .map(|i| format!("- {}", i.text.plain()))
                .collect(),
            NodeKind::Label { name } => vec![format!("label {name}")],
            NodeKind::Include { .. } => vec![self.describe()],
        }
    }

    /// A container's first line: `tab shell: Title`, `important: Title`.
    pub(crate) fn head_line(&self) -> String {
        match &self.kind {
            NodeKind::Container {
                kind, title, id, ..
            } => {
                let k = match id {
                    Some(id) => format!("{} {id}", kind_label(kind)),
                    None => kind_label(kind),
                };
                format!("{k}: {}", title.plain()).trim_end().to_string()
            }
            NodeKind::Include {
                directive,
                target,
                resolved,
            } => {
                let missing = if *resolved { "" } else { " (not found)" };
                format!("{}: {target}{missing}", kind_label(directive))
            }
            _ => self.describe(),
        }
    }
}

/// A directive name as a reader would say it, for row labels:
/// `important` → `Important`, `literalinclude` → `Included file`,
/// `include` → `Included text`, `code-block` → `Code`.
pub(crate) fn kind_label(kind: &str) -> String {
    let words = match kind {
        "literalinclude" => "included file".to_string(),
        "include" => "included text".to_string(),
        "code-block" | "sourcecode" => "code".to_string(),
        "tabs" | "tabs-drivers" | "tabs-platforms" | "tabs-selector" => "tabs".to_string(),
        k => k.replace(['-', '_'], " "),
    };
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => words,
    }
}

/// How a step was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StepOrigin {
    /// A `.. step::` of a procedure.
    ProcedureStep,
    /// An item of an enumerated list.
    ListItem,
    /// Blocks before the first step.
    Before,
    /// Blocks after (or between) the steps.
    After,
    /// A page without steps (or a file that is not a page): all of it.
    Whole,
}

/// A step: a heading and its blocks.
#[derive(Clone, Debug)]
pub(crate) struct StepModel {
    pub(crate) heading: Text,
    /// How it was written, for `--show-markup` (`procedure step`, `list item a.`).
    pub(crate) markup: String,
    pub(crate) origin: StepOrigin,
    pub(crate) blocks: Vec<Node>,
    pub(crate) span: Span,
}

impl StepModel {
    /// Whether this is a real step (not the text around the steps).
    pub(crate) fn is_step(&self) -> bool {
        matches!(
            self.origin,
            StepOrigin::ProcedureStep | StepOrigin::ListItem
        )
    }
}

/// A page as steps.
#[derive(Clone, Debug)]
pub(crate) struct PageModel {
    /// The page's file.
    pub(crate) file: FileId,
    pub(crate) steps: Vec<StepModel>,
    /// Warnings found while building the model (duplicate tab ids).
    pub(crate) diags: Vec<Diagnostic>,
}
