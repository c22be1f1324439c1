//! Inline node types (text, emphasis, links, roles, references,
//! footnote references, inline images) and their plain-text reading: the
//! vocabulary inside a paragraph, kept apart from the block types in
//! `doc/mod.rs` so neither file outgrows review.

use super::{Image, NoteRef};
use crate::text::Span;

// Every inline node is as large as the largest kind, and a page holds
// thousands of them: rare, large payloads are boxed so the node stays at
// 96 bytes (it was 192, a third of a 5,000-page build's peak memory).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Inline>() <= 96);

/// An inline element with its span.
#[derive(Clone, Debug)]
pub struct Inline {
    /// What it is.
    pub kind: InlineKind,
    /// Where it was written.
    pub span: Span,
}

/// Inline elements.
#[derive(Clone, Debug)]
pub enum InlineKind {
    /// Plain text.
    Text(String),
    /// A line break inside a paragraph (rendered as a space or newline).
    SoftBreak,
    /// `*emphasis*`
    Emphasis(Vec<Inline>),
    /// `**strong**`
    Strong(Vec<Inline>),
    /// ``literal``
    Literal(String),
    /// A hyperlink with a known URL.
    Link {
        /// Link text.
        children: Vec<Inline>,
        /// Target URL.
        url: String,
    },
    /// `` `text`_ ``: a reference to a named hyperlink target, resolved later.
    NamedRef {
        /// Link text.
        children: Vec<Inline>,
        /// Target name (normalized).
        name: String,
        /// URL once resolved.
        url: Option<String>,
    },
    /// `:ref:` to a label.
    Ref {
        /// Explicit title, if given.
        title: Option<String>,
        /// Label name.
        target: String,
        /// Filled in by the resolver.
        resolved: Option<Box<ResolvedRef>>,
    },
    /// `:doc:` to a page.
    Doc {
        /// Explicit title, if given.
        title: Option<String>,
        /// Page path as written.
        target: String,
        /// Filled in by the resolver.
        resolved: Option<Box<ResolvedRef>>,
    },
    /// `:abbr:`ABBR (expansion)``.
    Abbr {
        /// The abbreviation.
        abbr: String,
        /// Its expansion, if given.
        expansion: Option<String>,
    },
    /// Any other role: its text, shown as the registry says, possibly a
    /// link to an object or glossary term.
    Role {
        /// Role name (with domain, e.g. `py:class`).
        name: String,
        /// Its text as shown.
        text: String,
        /// How the text is shown.
        style: RoleStyle,
        /// What it links to, for object and term roles.
        target: Option<Box<RoleTarget>>,
        /// Filled in by the resolver when the target exists.
        resolved: Option<Box<ResolvedRef>>,
    },
    /// `[1]_`, `[#]_`, `[#name]_`, `[*]_` or `[CIT2002]_` (boxed: rare, and
    /// every inline node is as large as the largest kind).
    FootnoteRef(Box<NoteRef>),
    /// An image from a `|name| image::` substitution definition.
    Image(Box<Image>),
    /// `|name|`, resolved by the resolver.
    Substitution {
        /// Substitution name.
        name: String,
        /// Replacement once resolved.
        children: Vec<Inline>,
    },
}

/// How a role's text is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleStyle {
    /// Monospace (names from the product: methods, commands, files).
    Code,
    /// Text with the role's class (`red`, `guilabel`, terms).
    Text,
    /// Keys to press.
    Kbd,
    /// Superscript.
    Sup,
    /// Subscript.
    Sub,
    /// A role procdoc does not know: a span in HTML, code in Markdown (its
    /// text kept verbatim).
    Unknown,
}

/// What an object or term role links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoleTarget {
    /// The object type (`method`), or `term`.
    pub kind: String,
    /// The normalised target name.
    pub name: String,
}

/// Where a reference points, once resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedRef {
    /// Link text to show.
    pub title: String,
    /// The target.
    pub target: RefTarget,
}

/// The target of a resolved reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefTarget {
    /// A URL outside this project.
    External(String),
    /// A page of this project, optionally an anchor in it.
    Page {
        /// Page path without extension, relative to the source dir (`qe/aws-iam-user`).
        page: String,
        /// Anchor id in that page.
        anchor: Option<String>,
    },
}

/// The plain text of inline content (for titles, ids, search, diffs).
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    push_plain(inlines, &mut s);
    s
}

fn push_plain(inlines: &[Inline], s: &mut String) {
    for i in inlines {
        match &i.kind {
            InlineKind::Text(t) | InlineKind::Literal(t) => s.push_str(t),
            InlineKind::SoftBreak => s.push(' '),
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Link { children: c, .. }
            | InlineKind::NamedRef { children: c, .. }
            | InlineKind::Substitution { children: c, .. } => push_plain(c, s),
            InlineKind::Ref {
                title,
                target,
                resolved,
            }
            | InlineKind::Doc {
                title,
                target,
                resolved,
            } => s.push_str(
                title
                    .as_deref()
                    .or(resolved.as_ref().map(|r| r.title.as_str()))
                    .unwrap_or(target),
            ),
            InlineKind::Abbr { abbr, .. } => s.push_str(abbr),
            InlineKind::Role { text, .. } => s.push_str(text),
            InlineKind::FootnoteRef(n) => {
                let NoteRef { display, label, .. } = &**n;
                s.push('[');
                if display.is_empty() {
                    s.push_str(&label.written());
                } else {
                    s.push_str(display);
                }
                s.push(']');
            }
            InlineKind::Image(img) => s.push_str(img.alt.as_deref().unwrap_or_default()),
        }
    }
}
