//! Section titles: adornment styles in order of first use (docutils'
//! levels), titles inside tabs checked against the enclosing section's
//! level, and nesting the flat block list into sections.

use super::lines::Line;
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::doc::{make_id, plain_text, Block, BlockKind, Section};

const ADORNMENT: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// The adornment character if `t` is a line of one repeated punctuation char.
pub(super) fn adornment(t: &str) -> Option<char> {
    let t = t.trim_end();
    let c = t.chars().next()?;
    if !ADORNMENT.contains(c) || !t.chars().all(|x| x == c) {
        return None;
    }
    Some(c)
}

impl Parser<'_> {
    pub(super) fn try_section(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        top: bool,
        out: &mut Vec<Block>,
    ) -> Option<usize> {
        let n = lines.len();
        let t = lines[i].text;
        // Overline + title + underline.
        if let Some(c) = adornment(t) {
            if i + 2 < n && !lines[i + 1].is_blank() && adornment(lines[i + 2].text) == Some(c) {
                let title_line = lines[i + 1].trim_end();
                let title_line = title_line.dedent(title_line.indent());
                let span = self.span(lines[i].off, lines[i + 2].end());
                self.section(c, true, title_line, span, top, out);
                return Some(i + 3);
            }
            return None;
        }
        if i + 1 >= n {
            return None;
        }
        let under = lines[i + 1].text.trim_end();
        let c = adornment(under)?;
        if lines[i + 1].indent() > 0 {
            return None;
        }
        // `::` or `..` underlines are too ambiguous with markup.
        let title = lines[i].trim_end();
        let width = title.text.chars().count();
        let ulen = under.chars().count();
        if ulen < width {
            if ulen < 4 {
                return None;
            }
            self.diags.push(
                Diagnostic::warning(Code::TitleUnderlineShort, "title underline too short")
                    .with_span(self.span(lines[i + 1].off, lines[i + 1].end()))
                    .with_help(format!(
                        "make the underline at least {width} characters long"
                    )),
            );
        }
        let span = self.span(title.off, lines[i + 1].end());
        self.section(c, false, title, span, top, out);
        Some(i + 2)
    }

    #[allow(clippy::too_many_arguments)]
    fn section(
        &mut self,
        c: char,
        over: bool,
        title: Line<'_>,
        span: crate::text::Span,
        top: bool,
        out: &mut Vec<Block>,
    ) {
        let style = (c, over);
        let known = self.title_styles.iter().position(|s| *s == style);
        // docutils: a title in nested content must open a subsection one
        // level below the enclosing section (snooty reports the others).
        let cur = self.tab_level;
        let nested_ok = match (self.in_tab, known) {
            (None, _) => true,
            (Some(base), Some(p)) => p + 1 > base && p < cur + 1,
            (Some(_), None) => self.title_styles.len() == cur,
        };
        let level = match known {
            Some(p) => p + 1,
            None => {
                self.title_styles.push(style);
                self.title_styles.len()
            }
        };
        if self.in_tab.is_none() {
            self.section_level = level;
        } else if nested_ok {
            self.tab_level = level;
        }
        if !nested_ok {
            self.diags.push(
                Diagnostic::error(
                    Code::UnexpectedSection,
                    "section title inside a `tab` at the level of its enclosing section or above",
                )
                    .with_span(span)
                    .with_help(
                        "a title in a tab must be one level below the section holding the tab set; use a `rubric` or bold text, or move the title above the tab set",
                    ),
            );
        } else if !top {
            self.diags.push(
                Diagnostic::warning(
                    Code::UnexpectedSection,
                    "section title inside indented content",
                )
                .with_span(span)
                .with_help(
                    "section titles belong at the left margin; use a `rubric` or bold text here",
                ),
            );
        }
        let title_inl = self.parse_inline(&[title]);
        let id = make_id(&plain_text(&title_inl));
        out.push(Block {
            kind: BlockKind::Section(Section {
                level: level.min(255) as u8,
                title: title_inl,
                id,
                children: Vec::new(),
            }),
            span,
        });
    }
}

/// Turns the flat list of top-level blocks (sections without children) into
/// nested sections by level.
pub(super) fn nest_sections(flat: Vec<Block>) -> Vec<Block> {
    let mut root: Vec<Block> = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    fn level(b: &Block) -> u8 {
        match &b.kind {
            BlockKind::Section(s) => s.level,
            _ => 0,
        }
    }
    fn close(stack: &mut Vec<Block>, root: &mut Vec<Block>) {
        if let Some(done) = stack.pop() {
            match stack.last_mut() {
                Some(Block {
                    kind: BlockKind::Section(parent),
                    ..
                }) => parent.children.push(done),
                _ => root.push(done),
            }
        }
    }
    for b in flat {
        let l = level(&b);
        if l > 0 {
            while stack.last().is_some_and(|s| level(s) >= l) {
                close(&mut stack, &mut root);
            }
            stack.push(b);
        } else {
            match stack.last_mut() {
                Some(Block {
                    kind: BlockKind::Section(s),
                    ..
                }) => s.children.push(b),
                _ => root.push(b),
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut root);
    }
    root
}
