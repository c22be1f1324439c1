//! One line of highlighted HTML, written run by run.
//!
//! Both highlighters (syntect's grammars in `highlight.rs`, the hand-written
//! JavaScript/JSON lexer in `highlight/js.rs`) reduce code to pieces of text
//! with one [`Kind`] each; this module is the one place that turns those
//! pieces into HTML, so both paths give the same markup for the same kinds:
//! one `<span class="hl-…">` per run of one kind, plain text bare, every
//! span closed at the line's end.

use super::palette::{self, Kind};
use crate::render::templates::push_escaped;

/// One line's HTML, written run by run: text of one [`Kind`] in one
/// `<span>`, plain text bare. Whitespace has no colour: it joins the run
/// around it, or stays outside spans between runs of different kinds.
pub(crate) struct Run {
    html: String,
    open: Kind,
    /// Spaces and tabs not yet written (they go wherever the next text
    /// goes).
    blank: String,
}

impl Run {
    /// An empty line, with room for about `len` bytes of code.
    pub(crate) fn new(len: usize) -> Run {
        Run {
            html: String::with_capacity(len + len / 2 + 16),
            open: Kind::Plain,
            blank: String::new(),
        }
    }

    /// Appends `text` as `kind` (spaces and tabs alone take the colour of
    /// what comes next).
    pub(crate) fn push(&mut self, kind: Kind, text: &str) {
        if text.is_empty() {
            return;
        }
        if text.bytes().all(|b| b == b' ' || b == b'\t') {
            self.blank.push_str(text);
            return;
        }
        if kind != self.open {
            self.close();
            self.flush_blank();
            if let Some(class) = palette::class(kind) {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
                self.open = kind;
            }
        } else {
            self.flush_blank();
        }
        push_escaped(&mut self.html, text);
    }

    fn flush_blank(&mut self) {
        self.html.push_str(&self.blank);
        self.blank.clear();
    }

    fn close(&mut self) {
        if self.open != Kind::Plain {
            self.html.push_str("</span>");
            self.open = Kind::Plain;
        }
    }

    /// The line's HTML, every span closed.
    pub(crate) fn finish(mut self) -> String {
        self.close();
        self.flush_blank();
        self.html
    }
}
