//! Words with their places: collecting the words of inline content across
//! inlines (a word may span several), and finding each word (or the
//! `{+constant+}` that brought it in) in the original file.

use super::{Files, LinkRef, Text, Word};
use crate::text::{Constants, FileId, SourceFile, Span};

/// Words of `s`, all located at `span`.
pub(super) fn words_at(s: &str, span: Span) -> Vec<Word> {
    s.split_whitespace()
        .map(|w| Word {
            text: w.to_string(),
            span,
        })
        .collect()
}

/// The first `{+name+}` reference in `hay` starting before `limit` whose
/// value holds `word`: its byte range.
pub(super) fn constant_ref_with(
    hay: &str,
    limit: usize,
    word: &str,
    constants: &Constants,
) -> Option<(usize, usize)> {
    let mut i = 0;
    while let Some(p) = hay[i..].find("{+") {
        let a = i + p;
        if a >= limit {
            return None;
        }
        let rest = &hay[a + 2..];
        let end = rest.find("+}")?;
        let name = &rest[..end];
        if !name.contains(char::is_whitespace)
            && constants.get(name).is_some_and(|v| v.contains(word))
        {
            return Some((a, a + 2 + end + 2));
        }
        i = a + 2;
    }
    None
}

pub(super) fn line_end(f: &SourceFile, line: usize) -> usize {
    let start = f.line_starts().get(line).copied().unwrap_or(f.text.len());
    start + f.line_text(line).len()
}

/// The original offset of the inline's text when the span holds it verbatim
/// (after `skip` delimiter bytes): then every character maps one to one.
pub(super) fn exact(len: usize, span: Span, skip: usize) -> Option<u32> {
    let slen = (span.end - span.start) as usize;
    (slen == len + 2 * skip).then_some(span.start + skip as u32)
}

/// Collects words across inlines (a word may span several: `{+dek-long+}s`).
#[derive(Default)]
pub(super) struct TextAcc {
    /// Current word and its span so far.
    cur: Option<(String, Span)>,
    pub(super) words: Vec<Word>,
    pub(super) links: Vec<LinkRef>,
    marked: String,
}

impl TextAcc {
    /// Adds text written at `span`; `base` is the original offset of its
    /// first byte when it maps one to one.
    pub(super) fn push(&mut self, s: &str, span: Span, base: Option<u32>) {
        for (off, ch) in s.char_indices() {
            if ch.is_whitespace() {
                self.space();
                continue;
            }
            self.marked.push(ch);
            let cspan = match base {
                Some(b) => {
                    let st = b + off as u32;
                    Span {
                        file: span.file,
                        start: st,
                        end: st + ch.len_utf8() as u32,
                    }
                }
                None => span,
            };
            match &mut self.cur {
                Some((w, sp)) => {
                    w.push(ch);
                    if sp.file == cspan.file {
                        sp.start = sp.start.min(cspan.start);
                        sp.end = sp.end.max(cspan.end);
                    }
                }
                None => self.cur = Some((ch.to_string(), cspan)),
            }
        }
    }

    pub(super) fn space(&mut self) {
        if let Some((w, sp)) = self.cur.take() {
            self.words.push(Word { text: w, span: sp });
        }
        if !self.marked.is_empty() && !self.marked.ends_with(' ') {
            self.marked.push(' ');
        }
    }

    pub(super) fn mark(&mut self, m: &str) {
        self.marked.push_str(m);
    }

    pub(super) fn finish(mut self, files: &Files, constants: &Constants) -> Text {
        self.space();
        // Words from inlines whose text is not verbatim in the file (joined
        // lines, constants, escapes) got the whole inline's span: find the
        // word itself inside it, left to right, when it is written there.
        let mut cursor: Option<(FileId, u32)> = None;
        for w in &mut self.words {
            let sp = w.span;
            if (sp.end - sp.start) as usize == w.text.len() {
                cursor = Some((sp.file, sp.end));
                continue;
            }
            let Some(f) = files.get(sp.file) else {
                continue;
            };
            let from = match cursor {
                Some((fid, c)) if fid == sp.file && c >= sp.start && c <= sp.end => c,
                _ => sp.start,
            } as usize;
            let to = (sp.end as usize).min(f.text.len());
            if from > to || !f.text.is_char_boundary(from) || !f.text.is_char_boundary(to) {
                continue;
            }
            let hay = &f.text[from..to];
            let literal = hay.find(w.text.as_str());
            // A word a constant brought in points at the `{+name+}` reference.
            let limit = literal.unwrap_or(hay.len());
            if let Some((a, b)) = constant_ref_with(hay, limit, &w.text, constants) {
                w.span = Span::new(sp.file, from + a, from + b);
                cursor = Some((sp.file, (from + a) as u32));
            } else if let Some(p) = literal {
                let st = from + p;
                w.span = Span::new(sp.file, st, st + w.text.len());
                cursor = Some((sp.file, w.span.end));
            }
        }
        let marked = self.marked.trim().to_string();
        Text {
            words: self.words,
            links: self.links,
            marked,
        }
    }
}
