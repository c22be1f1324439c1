//! Footnote and citation definitions (`.. [1] text`, `.. [#name] text`,
//! `.. [*] text`, `.. [CIT2002] text`). Numbering happens per page, after
//! includes are resolved ([`crate::resolve::notes`]).

use super::lines::{dedent_block, Line};
use super::Parser;
use crate::doc::{Block, BlockKind, Footnote, NoteLabel};
use crate::text::Span;

impl Parser<'_> {
    #[allow(clippy::too_many_arguments)]
    /// The definition whose explicit markup starts at `lines[i]` (`rest` is
    /// the text after `.. `, starting with `[`); `None` when the brackets do
    /// not hold a footnote or citation label (then it is a comment).
    pub(super) fn footnote_def(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        body_end: usize,
        rest: &str,
        rest_off: usize,
        depth: usize,
        whole: Span,
    ) -> Option<Block> {
        let close = rest.find(']')?;
        let label = NoteLabel::parse(&rest[1..close])?;
        let after = &rest[close + 1..];
        if !(after.is_empty() || after.starts_with([' ', '\t'])) {
            return None;
        }
        let first = Line {
            text: after.trim_start(),
            off: rest_off + close + 1 + (after.len() - after.trim_start().len()),
        };
        let mut body = Vec::new();
        if !first.is_blank() {
            body.push(first);
        }
        body.extend(dedent_block(&lines[i + 1..body_end]));
        let children = self.parse_body(super::lines::trim_blank(&body), depth + 1);
        Some(Block {
            kind: BlockKind::Footnote(Footnote {
                label,
                display: String::new(),
                id: String::new(),
                backrefs: Vec::new(),
                children,
            }),
            span: whole,
        })
    }
}
