//! Block structure: sections, paragraphs, lists, quotes, literal blocks,
//! explicit markup. Works on [`Line`]s; nested content is re-sliced, never
//! copied, and nesting is bounded by [`MAX_DEPTH`].

use super::enumerator::{self, Enumerator};
use super::lines::{dedent_block, indented_end, trim_blank, Line};
use super::sections::{adornment, nest_sections};
use super::{Parser, MAX_DEPTH};
use crate::diag::{Code, Diagnostic};
use crate::doc::{
    Block, BlockKind, CodeBlock, CodeOrigin, DefinitionItem, EnumList, Field, Label, LineOrigin,
    ListItem,
};

fn bullet(t: &str) -> Option<usize> {
    let c = t.chars().next()?;
    if !matches!(c, '*' | '+' | '-' | '\u{2022}' | '\u{2023}' | '\u{2043}') {
        return None;
    }
    let rest = &t[c.len_utf8()..];
    if rest.is_empty() {
        return Some(c.len_utf8());
    }
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(c.len_utf8() + (rest.len() - rest.trim_start().len()))
}

/// `:name: body` at the start of a line: returns (name, body offset).
pub(super) fn field_marker(t: &str) -> Option<(&str, usize)> {
    let rest = t.strip_prefix(':')?;
    let b = rest.as_bytes();
    let mut j = 0;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b':' if j > 0 && (j + 1 == b.len() || b[j + 1] == b' ' || b[j + 1] == b'\t') => {
                let name = &rest[..j];
                if name.starts_with([' ', '\t'])
                    || name.ends_with([' ', '\t'])
                    || name.contains('`')
                {
                    return None;
                }
                let body = 1 + j + 1;
                let body = body + (t.len().min(body) - body);
                let ws = t[body.min(t.len())..].len() - t[body.min(t.len())..].trim_start().len();
                return Some((name, body + ws));
            }
            _ => j += 1,
        }
    }
    None
}

fn is_simple_table_border(t: &str) -> bool {
    let t = t.trim_end();
    t.starts_with("==") && t.contains(' ') && t.chars().all(|c| c == '=' || c == ' ')
}

impl Parser<'_> {
    /// Parses a run of lines (already dedented to their margin) into blocks.
    pub(crate) fn parse_blocks(
        &mut self,
        lines: &[Line<'_>],
        depth: usize,
        top: bool,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        if depth > MAX_DEPTH {
            let lines = trim_blank(lines);
            if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
                let span = self.span(first.off, last.end());
                self.diags.push(
                    Diagnostic::error(
                        Code::NestingTooDeep,
                        format!("content nests more than {MAX_DEPTH} levels deep"),
                    )
                    .with_span(span)
                    .with_help("flatten the structure; the content is shown as plain text"),
                );
                out.push(self.code_from_lines(lines, None));
            }
            return out;
        }
        let n = lines.len();
        let mut i = 0;
        while i < n {
            let line = lines[i];
            if line.is_blank() {
                i += 1;
                continue;
            }
            if line.indent() > 0 {
                let end = indented_end(lines, i);
                let inner = dedent_block(&lines[i..end]);
                let inner = trim_blank(&inner);
                let children = self.parse_blocks(inner, depth + 1, false);
                let span = self.span(line.off, lines[end - 1].end());
                out.push(Block {
                    kind: BlockKind::BlockQuote(children),
                    span,
                });
                i = end;
                continue;
            }
            let t = line.text;
            if t.starts_with("..") && (t.len() == 2 || t[2..].starts_with([' ', '\t'])) {
                i = self.explicit_markup(lines, i, depth, &mut out);
                continue;
            }
            if let Some(next) = self.try_section(lines, i, top, &mut out) {
                i = next;
                continue;
            }
            if let Some(c) = adornment(t) {
                let prev_blank = i == 0 || lines[i - 1].is_blank();
                let next_blank = i + 1 >= n || lines[i + 1].is_blank();
                if t.trim_end().len() >= 4 && prev_blank && next_blank && c != ':' {
                    out.push(Block {
                        kind: BlockKind::Transition,
                        span: self.span(line.off, line.end()),
                    });
                    i += 1;
                    continue;
                }
            }
            if let Some(w) = bullet(t) {
                i = self.bullet_list(lines, i, w, depth, &mut out);
                continue;
            }
            if let Some(e) = enumerator::parse(t) {
                if self.item_may_start(lines, i) {
                    i = self.enum_list(lines, i, e, depth, &mut out);
                    continue;
                }
            }
            if t == "|" || t.starts_with("| ") || t.trim_end() == "|" {
                i = self.line_block(lines, i, &mut out);
                continue;
            }
            if field_marker(t).is_some() {
                i = self.field_list(lines, i, depth, &mut out);
                continue;
            }
            if t.starts_with("+-") || t.starts_with("+=") || is_simple_table_border(t) {
                i = self.table_as_text(lines, i, &mut out);
                continue;
            }
            i = self.paragraph(lines, i, depth, &mut out);
        }
        out
    }

    /// Directive content: titles are allowed there (snooty step bodies are
    /// sections), and nest like at the top level.
    pub(crate) fn parse_body(&mut self, lines: &[Line<'_>], depth: usize) -> Vec<Block> {
        let flat = self.parse_blocks(lines, depth, true);
        nest_sections(flat)
    }

    /// Whether the enumerated item at `i` really starts a list item (docutils:
    /// the next line must be blank, indented, another item, or the end).
    fn item_may_start(&self, lines: &[Line<'_>], i: usize) -> bool {
        match lines.get(i + 1) {
            None => true,
            Some(l) => l.is_blank() || l.indent() > 0 || enumerator::parse(l.text).is_some(),
        }
    }

    fn bullet_list(
        &mut self,
        lines: &[Line<'_>],
        mut i: usize,
        _w: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let marker = lines[i].text.chars().next().unwrap_or('-');
        let start = lines[i].off;
        let mut items = Vec::new();
        while i < lines.len() {
            let t = lines[i].text;
            let Some(w) = bullet(t).filter(|_| t.starts_with(marker)) else {
                break;
            };
            let (item, next) = self.list_item(lines, i, w, depth);
            items.push(item);
            i = next;
            // Skip blank lines; stop unless the next item follows.
            let mut j = i;
            while j < lines.len() && lines[j].is_blank() {
                j += 1;
            }
            if j < lines.len()
                && lines[j].indent() == 0
                && bullet(lines[j].text).is_some()
                && lines[j].text.starts_with(marker)
            {
                i = j;
            } else {
                break;
            }
        }
        let end = lines[i.saturating_sub(1).min(lines.len() - 1)].end();
        out.push(Block {
            kind: BlockKind::BulletList(items),
            span: self.span(start, end.max(start)),
        });
        i
    }

    /// One list item whose marker (and following spaces) is `w` bytes wide.
    fn list_item(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        w: usize,
        depth: usize,
    ) -> (ListItem, usize) {
        let first = lines[i].skip(w);
        let (end, rest) = if first.is_blank() {
            // No text after the marker: the body's indent is that of the
            // following lines (docutils' "first known indented").
            let end = indented_end(lines, i + 1);
            (end, dedent_block(&lines[i + 1..end]))
        } else {
            // Text after the marker sets the indent: later lines belong to the
            // item while they are indented at least that far (docutils'
            // "known indented").
            let col = lines[i].text[..w].chars().count();
            let mut end = i + 1;
            while end < lines.len() && (lines[end].is_blank() || lines[end].indent() >= col) {
                end += 1;
            }
            (
                end,
                lines[i + 1..end].iter().map(|l| l.dedent(col)).collect(),
            )
        };
        let mut body: Vec<Line<'_>> = Vec::with_capacity(end - i);
        body.push(first);
        body.extend(rest);
        let body = trim_blank(&body);
        let children = self.parse_blocks(body, depth + 1, false);
        let last = trim_blank(&lines[i..end])
            .last()
            .map_or(lines[i].end(), |l| l.end());
        let span = self.span(lines[i].off, last);
        (ListItem { children, span }, end)
    }

    fn enum_list(
        &mut self,
        lines: &[Line<'_>],
        mut i: usize,
        first: Enumerator,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let (style, start) = enumerator::first(&first);
        let format = first.format;
        let begin = lines[i].off;
        let mut items = Vec::new();
        let mut ordinal = start;
        let mut e = first;
        loop {
            let (item, next) = self.list_item(lines, i, e.text_start, depth);
            items.push(item);
            i = next;
            let mut j = i;
            while j < lines.len() && lines[j].is_blank() {
                j += 1;
            }
            if j >= lines.len() || lines[j].indent() > 0 {
                break;
            }
            match enumerator::parse(lines[j].text) {
                Some(ne) if ne.format == format && self.item_may_start(lines, j) => {
                    let same_style = enumerator::first(&ne).0 == style
                        || matches!(ne.ordinal, enumerator::Ordinal::Auto);
                    if enumerator::continues(&ne, style, ordinal) {
                        ordinal += 1;
                        e = ne;
                        i = j;
                    } else if !same_style {
                        // Another counting style: simply a new list.
                        break;
                    } else {
                        self.diags.push(
                            Diagnostic::warning(
                                Code::EnumerationSequence,
                                format!(
                                    "enumerated list item out of sequence (expected `{}`); it starts a new list",
                                    style.label(ordinal + 1)
                                ),
                            )
                            .with_span(self.span(lines[j].off, lines[j].off + ne.text_start))
                            .with_help("use `#.` to continue the list automatically"),
                        );
                        break;
                    }
                }
                _ => break,
            }
        }
        let end = trim_blank(&lines[..i]).last().map_or(begin, |l| l.end());
        out.push(Block {
            kind: BlockKind::EnumList(EnumList {
                style,
                start,
                items,
            }),
            span: self.span(begin, end.max(begin)),
        });
        i
    }

    fn field_list(
        &mut self,
        lines: &[Line<'_>],
        mut i: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let begin = lines[i].off;
        let mut fields = Vec::new();
        while i < lines.len() {
            let Some((name, body_at)) = field_marker(lines[i].text) else {
                break;
            };
            let name = name.to_string();
            let end = indented_end(lines, i + 1);
            let mut body = vec![lines[i].skip(body_at)];
            body.extend(dedent_block(&lines[i + 1..end]));
            let body = trim_blank(&body);
            let children = self.parse_blocks(body, depth + 1, false);
            fields.push(Field { name, children });
            i = end;
            let mut j = i;
            while j < lines.len() && lines[j].is_blank() {
                j += 1;
            }
            if j < lines.len() && field_marker(lines[j].text).is_some() {
                i = j;
            } else {
                break;
            }
        }
        let end = trim_blank(&lines[..i]).last().map_or(begin, |l| l.end());
        out.push(Block {
            kind: BlockKind::FieldList(fields),
            span: self.span(begin, end.max(begin)),
        });
        i
    }

    fn line_block(&mut self, lines: &[Line<'_>], mut i: usize, out: &mut Vec<Block>) -> usize {
        let begin = lines[i].off;
        let mut groups: Vec<Vec<Line<'_>>> = Vec::new();
        while i < lines.len() && !lines[i].is_blank() {
            let l = lines[i];
            let t = l.text;
            if t.starts_with('|')
                && (t.len() == 1 || t[1..].starts_with([' ', '\t']) || t.trim_end() == "|")
            {
                let rest = l.skip(1);
                groups.push(vec![rest.dedent(rest.indent())]);
            } else if l.indent() > 0 && !groups.is_empty() {
                if let Some(g) = groups.last_mut() {
                    g.push(l.dedent(l.indent()));
                }
            } else {
                break;
            }
            i += 1;
        }
        let end = lines[i - 1].end();
        let parsed = groups
            .iter()
            .map(|g| {
                if g.iter().all(|l| l.is_blank()) {
                    Vec::new()
                } else {
                    self.parse_inline(g)
                }
            })
            .collect();
        out.push(Block {
            kind: BlockKind::LineBlock(parsed),
            span: self.span(begin, end),
        });
        i
    }

    fn table_as_text(&mut self, lines: &[Line<'_>], i: usize, out: &mut Vec<Block>) -> usize {
        let mut j = i;
        while j < lines.len() && !lines[j].is_blank() {
            j += 1;
        }
        // A simple table may contain blank lines before its closing border.
        if is_simple_table_border(lines[i].text) {
            let mut k = j;
            while k < lines.len() {
                if lines[k].is_blank() {
                    k += 1;
                    continue;
                }
                if lines[k].indent() > 0 {
                    break;
                }
                let mut m = k;
                while m < lines.len() && !lines[m].is_blank() {
                    m += 1;
                }
                j = m;
                if is_simple_table_border(lines[m - 1].text)
                    && (m >= lines.len() || lines[m].is_blank())
                {
                    k = m;
                    if lines[i..m]
                        .iter()
                        .filter(|l| is_simple_table_border(l.text))
                        .count()
                        >= 3
                    {
                        break;
                    }
                } else {
                    k = m;
                }
            }
        }
        let span = self.span(lines[i].off, lines[j - 1].end());
        self.diags.push(
            Diagnostic::warning(
                Code::Unsupported,
                "grid and simple tables are shown as preformatted text",
            )
            .with_span(span)
            .with_help("use `.. list-table::` for tables procdoc renders as tables"),
        );
        out.push(self.code_from_lines(&lines[i..j], None));
        j
    }

    fn paragraph(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let n = lines.len();
        let mut j = i + 1;
        while j < n && !lines[j].is_blank() && lines[j].indent() == 0 {
            j += 1;
        }
        // A single line followed directly by an indented block: definition list.
        if j == i + 1 && j < n && !lines[j].is_blank() && lines[j].indent() > 0 {
            return self.definition_list(lines, i, depth, out);
        }
        let mut para: Vec<Line<'_>> = lines[i..j].to_vec();
        let last = para.len() - 1;
        let last_text = para[last].text.trim_end();
        let mut literal_next = false;
        if let Some(before) = last_text.strip_suffix("::") {
            literal_next = true;
            let keep = if before.is_empty() {
                0
            } else if before.ends_with([' ', '\t']) {
                before.trim_end().len()
            } else {
                last_text.len() - 1
            };
            para[last] = Line {
                text: &para[last].text[..keep],
                off: para[last].off,
            };
        }
        let span = self.span(lines[i].off, lines[j - 1].end());
        let has_text = para.iter().any(|l| !l.is_blank());
        if has_text {
            let inl = if self.outline {
                Vec::new()
            } else {
                self.parse_inline(&para)
            };
            out.push(Block {
                kind: BlockKind::Paragraph(inl),
                span,
            });
        }
        if j < n && !lines[j].is_blank() && lines[j].indent() > 0 && !literal_next {
            self.diags.push(
                Diagnostic::warning(Code::UnexpectedIndentation, "unexpected indentation")
                    .with_span(self.span(lines[j].off, lines[j].end()))
                    .with_help(
                        "put a blank line before indented content, or align it with the paragraph",
                    ),
            );
        }
        if literal_next {
            let mut k = j;
            while k < n && lines[k].is_blank() {
                k += 1;
            }
            if k < n && lines[k].indent() > 0 {
                let end = indented_end(lines, k);
                let inner = dedent_block(&lines[k..end]);
                let inner = trim_blank(&inner);
                out.push(self.code_from_lines(inner, None));
                return end;
            }
            self.diags.push(
                Diagnostic::warning(
                    Code::Unsupported,
                    "literal block expected after `::`; none found",
                )
                .with_span(span)
                .with_help("indent the literal block under the paragraph, after a blank line"),
            );
        }
        j
    }

    fn definition_list(
        &mut self,
        lines: &[Line<'_>],
        mut i: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let begin = lines[i].off;
        let mut items = Vec::new();
        let n = lines.len();
        loop {
            let term = self.parse_inline(&[lines[i].trim_end()]);
            let end = indented_end(lines, i + 1);
            let body = dedent_block(&lines[i + 1..end]);
            let body = trim_blank(&body);
            let children = self.parse_blocks(body, depth + 1, false);
            items.push(DefinitionItem { term, children });
            i = end;
            let mut j = i;
            while j < n && lines[j].is_blank() {
                j += 1;
            }
            let is_item = j + 1 < n
                && !lines[j].is_blank()
                && lines[j].indent() == 0
                && !lines[j + 1].is_blank()
                && lines[j + 1].indent() > 0
                && !lines[j].text.starts_with("..")
                && bullet(lines[j].text).is_none()
                && enumerator::parse(lines[j].text).is_none();
            if is_item {
                i = j;
            } else {
                break;
            }
        }
        let end = trim_blank(&lines[..i]).last().map_or(begin, |l| l.end());
        out.push(Block {
            kind: BlockKind::DefinitionList(items),
            span: self.span(begin, end.max(begin)),
        });
        i
    }

    /// A code block from raw lines (literal blocks, unsupported tables).
    pub(super) fn code_from_lines(
        &mut self,
        lines: &[Line<'_>],
        language: Option<String>,
    ) -> Block {
        let lines = trim_blank(lines);
        let mut text = String::new();
        let mut line_map = Vec::with_capacity(lines.len());
        for (k, l) in lines.iter().enumerate() {
            if k > 0 {
                text.push('\n');
            }
            text.push_str(l.text.trim_end());
            line_map.push(LineOrigin {
                file: self.file,
                offset: self.map.map_start(l.off) as u32,
            });
        }
        let span = match (lines.first(), lines.last()) {
            (Some(f), Some(l)) => self.span(f.off, l.end()),
            _ => self.span(0, 0),
        };
        Block {
            kind: BlockKind::Code(CodeBlock {
                language,
                text,
                caption: None,
                linenos: false,
                lineno_start: 1,
                emphasize_lines: Vec::new(),
                copyable: true,
                origin: CodeOrigin::Inline,
                text_span: span,
                line_map,
            }),
            span,
        }
    }

    /// `.. _name:` labels and `.. _name: URL` hyperlink targets.
    pub(super) fn target(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        end: usize,
        rest: &str,
        out: &mut Vec<Block>,
    ) {
        let span = self.span(lines[i].off, lines[end - 1].end());
        let rest = rest.trim_start_matches('_');
        let (name, after) = if let Some(r) = rest.strip_prefix('`') {
            match r.find("`:") {
                Some(k) => (&r[..k], &r[k + 2..]),
                None => ("", ""),
            }
        } else {
            // Name ends at the first unescaped ':' followed by whitespace or end.
            let b = rest.as_bytes();
            let mut k = None;
            let mut j = 0;
            while j < b.len() {
                if b[j] == b'\\' {
                    j += 2;
                    continue;
                }
                if b[j] == b':' && (j + 1 == b.len() || b[j + 1].is_ascii_whitespace()) {
                    k = Some(j);
                    break;
                }
                j += 1;
            }
            match k {
                Some(k) => (&rest[..k], &rest[k + 1..]),
                None => ("", ""),
            }
        };
        if name.is_empty() && !rest.starts_with('_') && !lines[i].text.contains("__:") {
            self.diags.push(
                Diagnostic::error(Code::UnknownTarget, "malformed hyperlink target")
                    .with_span(span)
                    .with_help("write `.. _label-name:` or `.. _name: https://…`"),
            );
            out.push(Block {
                kind: BlockKind::Hidden,
                span,
            });
            return;
        }
        let mut url: String = after.split_whitespace().collect();
        for l in &lines[i + 1..end] {
            url.extend(l.text.split_whitespace());
        }
        let is_anonymous = lines[i]
            .text
            .trim_start_matches('.')
            .trim_start()
            .starts_with("__");
        if is_anonymous {
            self.anonymous_targets.push(url);
            out.push(Block {
                kind: BlockKind::Hidden,
                span,
            });
            return;
        }
        let name = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if url.is_empty() {
            out.push(Block {
                kind: BlockKind::Label(Label { name }),
                span,
            });
        } else {
            self.named_targets.push((name, url, span));
            out.push(Block {
                kind: BlockKind::Hidden,
                span,
            });
        }
    }
}
