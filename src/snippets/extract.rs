//! Finds every code block of every page (after includes and constants), keeps
//! where its text lives, and merges blocks that several pages show. A
//! `.. procdoc: allow …` comment just before a block (labels may stand
//! between them) is attached to the block as an [`Allow`].

use super::allow::{self, Allow, Comment};
use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, BlockKind, CodeBlock, CodeOrigin, LineOrigin};
use crate::site::Site;
use crate::text::{expand_constants, Constants, SourceDb, Span};
use std::collections::BTreeMap;

/// How a snippet's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Strict JSON.
    Json,
    /// JSON with `//` and `/* */` comments and trailing commas, which are
    /// blanked out before a strict parse.
    Jsonc,
    /// JSON5: recognised but not checked (reported as skipped).
    Json5,
    /// Any other language: only scanned for secrets.
    Other,
}

/// One code block, with every page that shows it.
#[derive(Clone, Debug)]
pub struct Snippet {
    /// The code as shown.
    pub text: String,
    /// Declared language.
    pub language: Option<String>,
    /// How it is read.
    pub dialect: Dialect,
    /// Where the text lives (the page, or the literalincluded file).
    pub text_span: Span,
    /// Where each line of `text` starts in its original file.
    pub line_map: Vec<LineOrigin>,
    /// The directive that shows it.
    pub directive: Span,
    /// Path (relative to the root) of the file holding the text.
    pub holder: String,
    /// 1-based line in `holder` where the text starts.
    pub first_line: usize,
    /// Pages that show it, sorted.
    pub pages: Vec<String>,
    /// Whether the text was written in the page (constants expanded), not
    /// read from a file by `literalinclude`.
    pub inline: bool,
    /// `.. procdoc: allow` comments before the directives that show it.
    pub allows: Vec<Allow>,
}

impl Snippet {
    /// The original-file span of byte `col` on 0-based line `line` of the
    /// snippet text (clamped to the text). For text written in a page, a
    /// column after a `{+constant+}` is mapped back through the constant.
    pub fn span_at(
        &self,
        db: &SourceDb,
        consts: &Constants,
        line: usize,
        col: usize,
        len: usize,
    ) -> Span {
        let Some(o) = self.line_map.get(line).or(self.line_map.last()) else {
            return self.text_span;
        };
        let start = o.offset as usize;
        if self.inline {
            let file = db.get(o.file);
            if let Some(rest) = file.text.get(start..) {
                let orig_line = rest.split('\n').next().unwrap_or("");
                if orig_line.contains("{+") {
                    let (_, map, _) = expand_constants(orig_line, consts, o.file);
                    let a = start + map.map_start(col);
                    let b = start + map.map_end(col + len).max(map.map_start(col));
                    return Span::new(o.file, a, b.max(a));
                }
            }
        }
        Span::new(o.file, start + col, start + col + len)
    }

    /// The span of byte offset `off` in the snippet text.
    pub fn span_of_offset(
        &self,
        db: &SourceDb,
        consts: &Constants,
        off: usize,
        len: usize,
    ) -> Span {
        let off = off.min(self.text.len());
        let before = &self.text[..off];
        let line = before.matches('\n').count();
        let col = off - before.rfind('\n').map_or(0, |p| p + 1);
        self.span_at(db, consts, line, col, len)
    }

    /// A short name for reports: `file:line`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.holder, self.first_line)
    }
}

fn dialect(language: Option<&str>) -> Dialect {
    match language.map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Dialect::Json,
        Some("jsonc") => Dialect::Jsonc,
        Some("json5") => Dialect::Json5,
        _ => Dialect::Other,
    }
}

/// Every code block of the site, deduplicated by where its text lives,
/// sorted by file and position.
pub fn extract(site: &Site, db: &SourceDb) -> Vec<Snippet> {
    extract_with_diags(site, db).0
}

/// [`extract`], plus the problems with `.. procdoc:` comments (malformed,
/// unknown lint, no reason, or not followed by a code block), each once.
pub fn extract_with_diags(site: &Site, db: &SourceDb) -> (Vec<Snippet>, Vec<Diagnostic>) {
    let mut by_origin: BTreeMap<(String, u32, u32), Snippet> = BTreeMap::new();
    let mut diags: BTreeMap<(u32, u32, u32), Diagnostic> = BTreeMap::new();
    for page in &site.pages {
        walk(&page.doc.blocks, db, &page.name, &mut by_origin, &mut diags);
    }
    (
        by_origin.into_values().collect(),
        diags.into_values().collect(),
    )
}

/// Walks one list of sibling blocks, so "just before" means the previous
/// sibling (skipping labels).
fn walk(
    blocks: &[Block],
    db: &SourceDb,
    page: &str,
    map: &mut BTreeMap<(String, u32, u32), Snippet>,
    diags: &mut BTreeMap<(u32, u32, u32), Diagnostic>,
) {
    let mut pending: Option<Allow> = None;
    let mut pending_span: Option<Span> = None;
    for b in blocks {
        match &b.kind {
            BlockKind::Hidden => {
                if let Some(span) = pending_span.take() {
                    unattached(span, diags);
                }
                pending = None;
                let file = db.get(b.span.file);
                let text = file
                    .text
                    .get(b.span.start as usize..b.span.end as usize)
                    .unwrap_or("");
                match allow::parse_comment(text) {
                    Comment::Other => {}
                    Comment::Allow(lints, reason) => {
                        pending = Some(Allow {
                            lints,
                            reason,
                            span: Some(b.span),
                        });
                        pending_span = Some(b.span);
                    }
                    Comment::Invalid(message, help) => {
                        let key = (b.span.file.0, b.span.start, b.span.end);
                        diags.entry(key).or_insert_with(|| {
                            Diagnostic::error(Code::InvalidAllow, message)
                                .with_span(b.span)
                                .with_help(help)
                        });
                    }
                }
                continue;
            }
            BlockKind::Label(_) => continue,
            BlockKind::Code(c) => {
                let allows: Vec<Allow> = pending.take().into_iter().collect();
                pending_span = None;
                add(map, db, c, b.span, page, allows);
            }
            _ => {
                if let Some(span) = pending_span.take() {
                    unattached(span, diags);
                }
                pending = None;
            }
        }
        for children in b.kind.child_lists() {
            walk(children, db, page, map, diags);
        }
    }
    if let Some(span) = pending_span {
        unattached(span, diags);
    }
}

fn unattached(span: Span, diags: &mut BTreeMap<(u32, u32, u32), Diagnostic>) {
    diags
        .entry((span.file.0, span.start, span.end))
        .or_insert_with(|| {
            Diagnostic::warning(
                Code::InvalidAllow,
                "this `.. procdoc: allow` comment applies to nothing: no code block follows it",
            )
            .with_span(span)
            .with_help("put the comment just before the `code-block` or `literalinclude` it allows, with a blank line between")
        });
}

fn add(
    map: &mut BTreeMap<(String, u32, u32), Snippet>,
    db: &SourceDb,
    c: &CodeBlock,
    directive: Span,
    page: &str,
    allows: Vec<Allow>,
) {
    let file = db.get(c.text_span.file);
    // Keyed by the whole range: two excerpts of one file are two snippets.
    let key = (file.rel_path.clone(), c.text_span.start, c.text_span.end);
    if let Some(s) = map.get_mut(&key) {
        if !s.pages.iter().any(|p| p == page) {
            s.pages.push(page.to_string());
            s.pages.sort();
        }
        // An allow before any directive that shows it applies to the snippet.
        for a in allows {
            if !s.allows.contains(&a) {
                s.allows.push(a);
            }
        }
        return;
    }
    let first_line = match c.origin {
        CodeOrigin::File { first_line, .. } => first_line,
        CodeOrigin::Inline => file.line_col(c.text_span.start as usize).0,
    };
    map.insert(
        key,
        Snippet {
            text: c.text.clone(),
            language: c.language.clone(),
            dialect: dialect(c.language.as_deref()),
            text_span: c.text_span,
            line_map: c.line_map.clone(),
            directive,
            holder: file.rel_path.clone(),
            first_line,
            pages: vec![page.to_string()],
            inline: c.origin == CodeOrigin::Inline,
            allows,
        },
    );
}

/// Blanks out `//` and `/* */` comments and trailing commas of JSONC with
/// spaces (newlines kept), so positions stay the same for the strict parse.
pub fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                let end = (i + 2).min(b.len());
                for (k, o) in out.iter_mut().enumerate().take(end).skip(start) {
                    if b[k] != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Second pass: a comma followed (after blanks) by `]` or `}` is trailing.
    let b = out.clone();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b',' if !in_str => {
                let mut j = i + 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b']' || b[j] == b'}') {
                    out[i] = b' ';
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes outside strings were replaced by ASCII spaces.
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn jsonc_keeps_positions() {
        let s = "{\n  // note\n  \"a\": 1, /* x */\n}";
        let out = super::strip_jsonc(s);
        assert_eq!(out.len(), s.len());
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["a"], 1);
    }
}
