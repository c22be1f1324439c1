//! Node kinds for images and figures, footnotes and citations, and tab
//! sets: content that is not text flow but must survive into both outputs.

use super::{Block, Inline};
use crate::text::Span;

/// An `.. image::` or `.. figure::`.
#[derive(Clone, Debug, Default)]
pub struct Image {
    /// The path or URL as written (constants expanded).
    pub path: String,
    /// Span of the path argument.
    pub path_span: Option<Span>,
    /// `:alt:` text.
    pub alt: Option<String>,
    /// `:width:` as written (`200px`, `50%`).
    pub width: Option<String>,
    /// `:height:` as written.
    pub height: Option<String>,
    /// `:scale:` as written (`50%`).
    pub scale: Option<String>,
    /// `:align:` (`left`, `center`, `right`).
    pub align: Option<String>,
    /// `:class:` tokens.
    pub class: Option<String>,
    /// `:target:`: the image links there.
    pub target: Option<String>,
    /// `:figwidth:` (figures).
    pub figwidth: Option<String>,
    /// Whether it was written as a figure (or an image with a caption).
    pub figure: bool,
    /// The caption: the first paragraph of a figure's content.
    pub caption: Vec<Inline>,
    /// The legend: the rest of a figure's content.
    pub legend: Vec<Block>,
    /// Filled in by the resolver: where the copied file lives, relative to
    /// each output tree's root (`_images/images/x.png`); `None` for a URL or
    /// a file that could not be found.
    pub output: Option<String>,
    /// Filled in by the resolver: the file's path relative to the docs root.
    pub source: Option<String>,
    /// Whether the resolver has looked at it (an image is reported once,
    /// where it is written).
    pub checked: bool,
}

impl Image {
    /// Whether the path is a URL (shown as it is, never copied).
    pub fn is_url(&self) -> bool {
        let p = self.path.trim();
        p.starts_with("http://") || p.starts_with("https://") || p.starts_with("//")
    }
}

/// A footnote or citation reference (`[1]_`) in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteRef {
    /// The label as written.
    pub label: NoteLabel,
    /// What readers see; filled in per page.
    pub display: String,
    /// The footnote's anchor; filled in per page (empty: unknown).
    pub target: String,
    /// This reference's own anchor (for the back link).
    pub id: String,
}

/// A footnote or citation label as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NoteLabel {
    /// `[1]`: a manually numbered footnote.
    Number(u32),
    /// `[#]`: auto-numbered.
    Auto,
    /// `[#name]`: auto-numbered with a name.
    AutoNamed(String),
    /// `[*]`: an auto-symbol.
    Symbol,
    /// `[CIT2002]`: a citation (as written; matched ignoring case).
    Citation(String),
}

impl NoteLabel {
    /// Parses the text between the brackets; `None` if it is not a label.
    pub fn parse(s: &str) -> Option<NoteLabel> {
        if s.is_empty() {
            return None;
        }
        if s == "#" {
            return Some(NoteLabel::Auto);
        }
        if s == "*" {
            return Some(NoteLabel::Symbol);
        }
        if let Some(name) = s.strip_prefix('#') {
            return is_label_name(name).then(|| NoteLabel::AutoNamed(name.to_lowercase()));
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return s.parse().ok().map(NoteLabel::Number);
        }
        is_label_name(s).then(|| NoteLabel::Citation(s.to_string()))
    }

    /// The label as written between brackets.
    pub fn written(&self) -> String {
        match self {
            NoteLabel::Number(n) => n.to_string(),
            NoteLabel::Auto => "#".into(),
            NoteLabel::AutoNamed(n) => format!("#{n}"),
            NoteLabel::Symbol => "*".into(),
            NoteLabel::Citation(c) => c.clone(),
        }
    }
}

/// A simple reference name: alphanumerics with single inner `-_.:+`.
fn is_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':' | b'+'))
}

/// A footnote or citation definition (`.. [1] text`).
#[derive(Clone, Debug)]
pub struct Footnote {
    /// The label as written.
    pub label: NoteLabel,
    /// What readers see (`1`, `*`, `CIT2002`); filled in per page.
    pub display: String,
    /// Its anchor (`fn-1`, `cite-cit2002`); filled in per page.
    pub id: String,
    /// Anchors of the references to it, in order (for back links).
    pub backrefs: Vec<String>,
    /// Content.
    pub children: Vec<Block>,
}

/// A tab set or a tab: how a tab directive is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TabRole {
    /// A set of tabs (`tabs`, `tabs-drivers`, …) of this kind (`drivers`,
    /// or the `:tabset:` option; empty for a plain `tabs`).
    Set {
        /// The tab set kind: tabs of sets of the same kind switch together.
        kind: String,
    },
    /// A `tabs-selector` (or `tabs-pillstrip`): on its page, every tab set
    /// of this kind must have the same tabs. Renders as nothing.
    Selector {
        /// The kind of tab sets it selects (`drivers`).
        kind: String,
    },
    /// One tab.
    Tab {
        /// Its `:tabid:` (or made from its title).
        id: String,
        /// Its label, as readers see it.
        label: String,
    },
}
