//! `.. literalinclude::`: reading a file as code (line selection, markers,
//! dedent, per-line origins for diffs and diagnostics) and guessing its
//! language from the extension. Split from `include.rs`, which keeps the
//! loader and `.. include::`, so neither file outgrows review.

use super::Loader;
use crate::diag::{Code, Diagnostic};
use crate::doc::{CodeOrigin, LiteralIncludeRequest};
use crate::project::DocPath;
use crate::rst::directive::{file_line_origins, literal_code, parse_line_ranges};
use crate::text::Span;

impl Loader<'_> {
    /// Reads a `.. literalinclude::` as a code block (None after an error).
    pub(super) fn literalinclude(
        &mut self,
        from: &DocPath,
        req: &LiteralIncludeRequest,
        span: Span,
    ) -> Option<crate::doc::CodeBlock> {
        let at = req.path_span.unwrap_or(span);
        if req.path.trim().is_empty() {
            return None;
        }
        if !self.count_include(at) {
            return None;
        }
        let path = match self.project.resolve_path(from, &req.path) {
            Ok(p) => p,
            Err(e) => {
                self.path_error(e, "cannot literalinclude", at, from, &req.path);
                return None;
            }
        };
        let file = self.read(&path, Some(at))?;
        let src = self.project.db.get(file);
        let text = src.text.as_str();
        // Select lines.
        let mut range = 0..text.len();
        if let Some((spec, lspan)) = &req.lines {
            let count = text.lines().count();
            match parse_line_ranges(spec, count) {
                Ok(lines) if !lines.is_empty() => {
                    let first = lines[0] as usize;
                    let last = *lines.last().unwrap_or(&lines[0]) as usize;
                    if lines.len() != last - first + 1 {
                        self.diags.push(
                            Diagnostic::warning(
                                Code::Unsupported,
                                "`:lines:` with gaps is shown as one range from the first to the last line",
                            )
                            .with_span(*lspan),
                        );
                    }
                    let starts = src.line_starts();
                    let a = starts[first - 1];
                    let b = starts.get(last).copied().unwrap_or(text.len());
                    range = a..b;
                }
                Ok(_) => {}
                Err(msg) => {
                    self.diags.push(
                        Diagnostic::error(
                            Code::LinesOutOfRange,
                            format!("`:lines: {spec}`: {msg}"),
                        )
                        .with_span(*lspan)
                        .with_help(format!("`{}` has {count} lines", path.rel())),
                    );
                    return None;
                }
            }
        }
        if req.start_after.is_some() || req.end_before.is_some() {
            let sub = &text[range.clone()];
            let r = self.select_range(
                sub,
                req.start_after.as_deref(),
                req.end_before.as_deref(),
                Some(span),
                path.rel(),
                true,
            )?;
            range = range.start + r.start..range.start + r.end;
        }
        if !self.count_bytes(range.len(), Some(at)) {
            return None;
        }
        let selected = &text[range.clone()];
        // Dedent and trim trailing blank lines.
        let raw_lines: Vec<&str> = selected.split('\n').collect();
        let mut raw_lines: Vec<(usize, &str)> = {
            let mut off = range.start;
            raw_lines
                .into_iter()
                .map(|l| {
                    let o = off;
                    off += l.len() + 1;
                    (o, l.strip_suffix('\r').unwrap_or(l))
                })
                .collect()
        };
        while raw_lines.last().is_some_and(|(_, l)| l.trim().is_empty()) {
            raw_lines.pop();
        }
        let lead = raw_lines
            .iter()
            .take_while(|(_, l)| l.trim().is_empty())
            .count();
        raw_lines.drain(..lead);
        let dedent = match req.dedent {
            None => 0,
            Some(Some(n)) => n,
            Some(None) => raw_lines
                .iter()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(_, l)| l.len() - l.trim_start().len())
                .min()
                .unwrap_or(0),
        };
        let mut out = String::with_capacity(selected.len());
        let mut line_map = Vec::with_capacity(raw_lines.len());
        for (k, (off, l)) in raw_lines.iter().enumerate() {
            if k > 0 {
                out.push('\n');
            }
            let cut = l
                .char_indices()
                .take(dedent)
                .take_while(|(_, c)| c.is_whitespace())
                .map(|(i, c)| i + c.len_utf8())
                .last()
                .unwrap_or(0);
            out.push_str(&l[cut..]);
            line_map.push(crate::doc::LineOrigin {
                file,
                offset: (off + cut) as u32,
            });
        }
        let first_off = raw_lines.first().map_or(range.start, |(o, _)| *o);
        let first_line = src.line_index(first_off) + 1;
        let text_span = Span::new(
            file,
            first_off,
            raw_lines.last().map_or(first_off, |(o, l)| o + l.len()),
        );
        let _ = file_line_origins;
        let mut code = literal_code(
            req,
            out,
            CodeOrigin::File { file, first_line },
            text_span,
            line_map,
        );
        if req.language.is_none() {
            code.language = path
                .rel()
                .rsplit_once('.')
                .map(|(_, ext)| ext)
                .and_then(language_for_extension)
                .map(str::to_string);
        }
        if let Some((spec, espan)) = &req.emphasize_lines {
            let count = code.text.lines().count().max(1);
            match parse_line_ranges(spec, count) {
                Ok(l) => code.emphasize_lines = l,
                Err(msg) => self.diags.push(
                    Diagnostic::error(
                        Code::LinesOutOfRange,
                        format!("`:emphasize-lines: {spec}`: {msg}"),
                    )
                    .with_span(*espan)
                    .with_help(format!("the included text has {count} lines")),
                ),
            }
        }
        Some(code)
    }
}

/// A code-block language for a file extension.
pub fn language_for_extension(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "json" => "json",
        "js" | "mjs" | "cjs" => "javascript",
        "ts" => "typescript",
        "py" => "python",
        "rs" => "rust",
        "go" => "go",
        "java" => "java",
        "cs" => "csharp",
        "rb" => "ruby",
        "php" => "php",
        "sh" | "bash" => "shell",
        "yaml" | "yml" => "yaml",
        "toml" => "toml",
        "c" | "h" => "c",
        "cpp" | "cc" | "hpp" => "cpp",
        "kt" => "kotlin",
        "swift" => "swift",
        "scala" => "scala",
        "xml" => "xml",
        "html" => "html",
        "ini" => "ini",
        _ => return None,
    })
}
