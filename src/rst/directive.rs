//! Explicit markup blocks: directives (`.. name:: argument`, options,
//! content), comments, labels and substitution definitions. What a directive
//! takes and how it renders comes from the dialect registry
//! ([`crate::dialect`]); an unknown option is reported but never makes the
//! directive disappear.

use super::block::field_marker;
use super::lines::{dedent_block, indented_end, trim_blank, Line};
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::dialect::{parse_bool, Body, DirectiveSpec, Render};
use crate::doc::{
    Admonition, Block, BlockKind, CodeBlock, CodeOrigin, GenericDirective, IncludeRequest,
    LineOrigin, LiteralIncludeRequest,
};
use crate::text::Span;

/// A directive's parts, before interpretation.
pub(super) struct Parts<'a> {
    pub(super) name: String,
    pub(super) name_span: Span,
    pub(super) whole: Span,
    pub(super) argument: Vec<Line<'a>>,
    pub(super) options: Vec<(String, String, Span)>,
    pub(super) content: Vec<Line<'a>>,
}

impl Parts<'_> {
    /// The options as (name, value) pairs, as the document tree keeps them.
    pub(super) fn option_pairs(&self) -> Vec<(String, String)> {
        self.options
            .iter()
            .map(|(a, b, _)| (a.clone(), b.clone()))
            .collect()
    }
}

impl Parser<'_> {
    /// Handles the explicit markup block starting at line `i`; returns the
    /// index after it.
    pub(super) fn explicit_markup(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        depth: usize,
        out: &mut Vec<Block>,
    ) -> usize {
        let end = indented_end(lines, i + 1);
        let body_end = lines[..end]
            .iter()
            .rposition(|l| !l.is_blank())
            .map_or(i + 1, |k| k + 1)
            .max(i + 1);
        let first = lines[i];
        let rest = first.text[2..].trim_start();
        let rest_off = first.off + (first.text.len() - rest.len());
        let whole = self.span(first.off, lines[body_end - 1].end());
        if rest.starts_with('_') {
            self.target(lines, i, body_end, rest, out);
            return end;
        }
        if let Some(r) = rest.strip_prefix('|') {
            if let Some(k) = r.find('|') {
                let name = r[..k].trim().to_lowercase();
                let after = r[k + 1..].trim_start();
                if let Some(v) = after.strip_prefix("replace::") {
                    let vline = Line {
                        text: v.trim_start(),
                        off: first.off + (first.text.len() - v.trim_start().len()),
                    };
                    let mut vlines = vec![vline];
                    vlines.extend(dedent_block(&lines[i + 1..body_end]));
                    let inl = self.parse_inline(trim_blank(&vlines));
                    self.substitutions.insert(name, inl);
                } else if let Some(v) = after.strip_prefix("image::") {
                    let arg_off = first.off + (first.text.len() - v.len());
                    let img = self.substitution_image(v, arg_off, &lines[i + 1..body_end]);
                    let inl = vec![crate::doc::Inline {
                        kind: crate::doc::InlineKind::Image(Box::new(img)),
                        span: whole,
                    }];
                    self.substitutions.insert(name, inl);
                } else if let Some(v) = after.strip_prefix("unicode::") {
                    let mut spec = v.to_string();
                    for l in &lines[i + 1..body_end] {
                        if !l.text.trim_start().starts_with(':') {
                            spec.push(' ');
                            spec.push_str(l.text);
                        }
                    }
                    match crate::doc::unicode_text(&spec) {
                        Ok(text) => {
                            let inl = vec![crate::doc::Inline {
                                kind: crate::doc::InlineKind::Text(text),
                                span: whole,
                            }];
                            self.substitutions.insert(name, inl);
                        }
                        Err(msg) => self.diags.push(
                            Diagnostic::error(
                                Code::InvalidOptionValue,
                                format!("`unicode::` {msg}"),
                            )
                            .with_span(whole)
                            .with_help("write codes as `U+00A9`, `0xA9` or `&#169;`"),
                        ),
                    }
                } else {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::Unsupported,
                            "only `replace::`, `unicode::` and `image::` substitution definitions are supported",
                        )
                        .with_span(whole),
                    );
                }
                out.push(Block {
                    kind: BlockKind::Hidden,
                    span: whole,
                });
                return end;
            }
        }
        // `name::` ?
        let name_len = rest
            .char_indices()
            .take_while(|(_, c)| {
                c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.')
            })
            .map(|(k, c)| k + c.len_utf8())
            .last()
            .unwrap_or(0);
        let mut nl = name_len;
        // The name may have swallowed the `::` (names can contain ':').
        while nl > 0 && rest[..nl].ends_with(':') {
            nl -= 1;
        }
        let is_directive = nl > 0
            && rest[nl..].starts_with("::")
            && (rest.len() == nl + 2 || rest[nl + 2..].starts_with([' ', '\t']));
        if !is_directive {
            if rest.starts_with('[') {
                if let Some(b) = self.footnote_def(lines, i, body_end, rest, rest_off, depth, whole)
                {
                    out.push(b);
                    return end;
                }
            }
            // A comment.
            self.check_comment(rest, rest_off);
            out.push(Block {
                kind: BlockKind::Hidden,
                span: whole,
            });
            return end;
        }
        let name = rest[..nl].to_ascii_lowercase();
        let name_span = self.span(rest_off, rest_off + nl);
        let arg_first = Line {
            text: &rest[nl + 2..],
            off: rest_off + nl + 2,
        };
        let arg_first = arg_first.dedent(arg_first.indent());
        let body = dedent_block(&lines[i + 1..body_end]);
        let parts = self.split_parts(name, name_span, whole, arg_first, &body);
        let block = self.directive(parts, depth);
        out.push(block);
        end
    }

    fn split_parts<'a>(
        &mut self,
        name: String,
        name_span: Span,
        whole: Span,
        arg_first: Line<'a>,
        body: &[Line<'a>],
    ) -> Parts<'a> {
        let takes_arg = self
            .dialect
            .directive(&name)
            .is_none_or(|s| s.arg.is_some());
        let mut argument = Vec::new();
        if !arg_first.is_blank() {
            argument.push(arg_first.trim_end());
        }
        let mut k = 0;
        // Argument continuation lines (before options or a blank line).
        if takes_arg && !argument.is_empty() {
            while k < body.len()
                && !body[k].is_blank()
                && body[k].indent() == 0
                && field_marker(body[k].text).is_none()
            {
                argument.push(body[k].trim_end());
                k += 1;
            }
        }
        // Options.
        let mut options = Vec::new();
        while k < body.len() && !body[k].is_blank() && body[k].indent() == 0 {
            let Some((oname, at)) = field_marker(body[k].text) else {
                break;
            };
            let mut value = body[k].text[at.min(body[k].text.len())..]
                .trim()
                .to_string();
            let start = body[k].off;
            let mut stop = body[k].end();
            k += 1;
            while k < body.len() && !body[k].is_blank() && body[k].indent() > 0 {
                if !value.is_empty() {
                    value.push(' ');
                }
                value.push_str(body[k].text.trim());
                stop = body[k].end();
                k += 1;
            }
            options.push((oname.to_ascii_lowercase(), value, self.span(start, stop)));
        }
        let content = dedent_block(trim_blank(&body[k..]));
        Parts {
            name,
            name_span,
            whole,
            argument,
            options,
            content,
        }
    }

    fn directive(&mut self, mut parts: Parts<'_>, depth: usize) -> Block {
        let whole = parts.whole;
        let name = parts.name.clone();
        let dialect = self.dialect;
        let Some(spec) = dialect.directive(&name) else {
            return self.unknown_directive(parts, depth);
        };
        self.check_directive(spec, &mut parts);
        match spec.render {
            Render::Admonition => {
                let title =
                    (!parts.argument.is_empty()).then(|| self.parse_inline(&parts.argument));
                if title.is_none() && parts.content.is_empty() {
                    self.diags.push(
                        Diagnostic::error(
                            Code::MissingContent,
                            format!("content block expected for the `{name}` directive; none found"),
                        )
                        .with_span(parts.name_span)
                        .with_help(format!(
                            "indent the {name}'s text under the directive (3 spaces), after a blank line"
                        )),
                    );
                }
                let children = self.parse_body(&parts.content, depth + 1);
                let kind = name.rsplit(':').next().unwrap_or(&name).to_string();
                Block {
                    kind: BlockKind::Admonition(Admonition {
                        kind,
                        title,
                        children,
                    }),
                    span: whole,
                }
            }
            Render::Code => self.code_directive(parts),
            Render::LiteralInclude => self.literalinclude(parts),
            Render::Io if !parts.argument.is_empty() => self.literalinclude(parts),
            Render::Io => self.code_directive(parts),
            Render::Include => {
                let (path, path_span) = self.arg_text(&parts);
                Block {
                    kind: BlockKind::IncludeRequest(IncludeRequest {
                        path,
                        path_span: path_span.unwrap_or(whole),
                        start_after: opt(&parts, "start-after"),
                        end_before: opt(&parts, "end-before"),
                    }),
                    span: whole,
                }
            }
            Render::Procedure => self.procedure(parts, depth),
            Render::ListTable => self.list_table(parts, depth),
            Render::Toctree => self.toctree(parts),
            Render::Hidden if name == "tabs-selector" || name == "tabs-pillstrip" => {
                self.tab_selector(parts)
            }
            Render::Hidden => Block {
                kind: BlockKind::Hidden,
                span: whole,
            },
            Render::Step => {
                if depth == 0 {
                    // Steps at the top of a fragment are shown but flagged.
                    self.diags.push(
                        Diagnostic::warning(Code::InvalidChild, "`step` outside a `procedure`")
                            .with_span(parts.name_span)
                            .with_help("put steps inside `.. procedure::`"),
                    );
                }
                if parts.argument.is_empty() && self.procedure_children == Some(depth) {
                    self.diags.push(
                        // snooty allows it (giza steps often have none),
                        // but a hand-written step without a heading is
                        // usually a slip: warn, and show the step unheaded.
                        Diagnostic::warning(Code::MissingArgument, "`step` has no title")
                            .with_span(parts.name_span)
                            .with_help("write the step's heading after `.. step::`"),
                    );
                }
                self.generic(parts, depth, Default::default())
            }
            Render::Object | Render::Describe => self.object(parts, depth, spec.render),
            Render::Version => self.version(parts, depth),
            Render::Glossary => self.generic(parts, depth, crate::doc::DirectiveStyle::Glossary),
            Render::Button => {
                let url = opt(&parts, "uri").unwrap_or_default();
                self.generic(parts, depth, crate::doc::DirectiveStyle::Button(url))
            }
            Render::Container => self.generic(parts, depth, Default::default()),
            Render::Classes => {
                let classes = parts
                    .argument
                    .iter()
                    .flat_map(|l| l.text.split_whitespace())
                    .map(str::to_string)
                    .collect();
                parts.argument.clear();
                self.generic(parts, depth, crate::doc::DirectiveStyle::Classes(classes))
            }
            Render::Content => {
                parts.argument.clear();
                self.generic(parts, depth, Default::default())
            }
            Render::Image => self.image(parts, depth, false),
            Render::Figure => self.image(parts, depth, true),
            Render::Tabs => self.tab_set(parts, depth),
            Render::Tab => self.tab(parts, depth),
        }
    }

    /// Checks the argument and options against the registry; options with
    /// bad values are dropped (and reported), the directive is kept.
    fn check_directive(&mut self, spec: &DirectiveSpec, parts: &mut Parts<'_>) {
        let name = parts.name.clone();
        let required = spec.arg.as_ref().is_some_and(|a| a.required);
        if required && parts.argument.is_empty() {
            self.diags.push(
                Diagnostic::error(
                    Code::MissingArgument,
                    format!("`{name}` directive needs an argument"),
                )
                .with_span(parts.name_span)
                .with_help(match spec.render {
                    Render::Include | Render::LiteralInclude => {
                        format!("write `.. {name}:: /path/to/file`")
                    }
                    _ => format!("write `.. {name}:: <argument>`"),
                }),
            );
        }
        if spec.arg.is_none() && !parts.argument.is_empty() {
            let a = &parts.argument[0];
            self.diags.push(
                Diagnostic::error(
                    Code::UnexpectedArgument,
                    format!("`{name}` directive takes no argument"),
                )
                .with_span(self.span(a.off, a.end()))
                .with_help(if spec.body == Body::None {
                    "remove the text after `::`"
                } else {
                    "remove the text after `::`, or move it into the content"
                }),
            );
            parts.argument.clear();
        }
        let options = std::mem::take(&mut parts.options);
        let kept = self.check_options(&name, spec, options);
        for (oname, kind) in &spec.options {
            if kind.required && !kept.iter().any(|(n, _, _)| n == oname) {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingOption,
                        format!("`{name}` directive needs the `:{oname}:` option"),
                    )
                    .with_span(parts.name_span)
                    .with_help(format!(
                        "add `:{oname}: <value>` on the line after `.. {name}::`"
                    )),
                );
            }
        }
        parts.options = kept;
    }

    /// Checks options against directive `name`'s registry entry: unknown
    /// options are warned about and values that do not fit their kind are
    /// errors; both are dropped. Returns the options that are kept.
    pub(super) fn check_options(
        &mut self,
        name: &str,
        spec: &DirectiveSpec,
        options: Vec<(String, String, Span)>,
    ) -> Vec<(String, String, Span)> {
        let mut kept = Vec::new();
        for (oname, value, span) in options {
            match spec.options.get(&oname) {
                None => {
                    let known: Vec<&str> = spec.options.keys().map(String::as_str).collect();
                    let mut d = Diagnostic::warning(
                        Code::UnknownOption,
                        format!("unknown option `:{oname}:` for `{name}` (ignored; the directive is kept)"),
                    )
                    .with_span(span);
                    d = match crate::suggest::did_you_mean(&oname, known.iter().copied()) {
                        Some(s) => d.with_help(format!("did you mean `:{s}:`?")),
                        None if known.is_empty() => {
                            d.with_help(format!("`{name}` takes no options"))
                        }
                        None => d.with_help(format!("`{name}` accepts: {}", known.join(", "))),
                    };
                    self.diags.push(d);
                }
                Some(kind) => {
                    if let Some(msg) = kind.check(&value) {
                        self.diags.push(
                            Diagnostic::error(
                                Code::InvalidOptionValue,
                                format!("invalid value `{value}` for `:{oname}:`: {msg}"),
                            )
                            .with_span(span)
                            .with_help(kind.hint(&oname)),
                        );
                    } else {
                        kept.push((oname, value, span));
                    }
                }
            }
        }
        kept
    }

    /// A directive shown as its argument and content.
    pub(super) fn generic(
        &mut self,
        parts: Parts<'_>,
        depth: usize,
        style: crate::doc::DirectiveStyle,
    ) -> Block {
        let argument = self.parse_inline(&parts.argument);
        let children = self.parse_body(&parts.content, depth + 1);
        Block {
            kind: BlockKind::Generic(GenericDirective {
                name: parts.name.clone(),
                argument,
                options: parts.option_pairs(),
                children,
                style,
            }),
            span: parts.whole,
        }
    }

    pub(super) fn arg_text(&self, parts: &Parts<'_>) -> (String, Option<Span>) {
        let text = parts
            .argument
            .iter()
            .map(|l| l.text.trim())
            .collect::<Vec<_>>()
            .join(" ");
        let span = match (parts.argument.first(), parts.argument.last()) {
            (Some(f), Some(l)) => Some(self.span(f.off, l.end())),
            _ => None,
        };
        (text, span)
    }

    fn code_directive(&mut self, parts: Parts<'_>) -> Block {
        let (lang, _) = self.arg_text(&parts);
        let language = opt(&parts, "language").or((!lang.is_empty()).then_some(lang));
        let mut content: Vec<Line<'_>> = parts.content.clone();
        if let Some(d) = opt(&parts, "dedent") {
            let n: usize = d.trim().parse().unwrap_or(usize::MAX);
            content = if n == usize::MAX {
                dedent_block(&content)
            } else {
                content.iter().map(|l| l.dedent(n)).collect()
            };
        }
        if content.is_empty() {
            self.diags.push(
                Diagnostic::warning(Code::MissingArgument, "empty code block")
                    .with_span(parts.name_span)
                    .with_help("indent the code under the directive, after a blank line"),
            );
        }
        let mut block = self.code_from_lines(&content, language);
        if let BlockKind::Code(c) = &mut block.kind {
            self.apply_code_options(c, &parts);
            if let Some((v, span)) = opt_span(&parts, "emphasize-lines") {
                let count = c.text.lines().count().max(1);
                match parse_line_ranges(&v, count) {
                    Ok(l) => c.emphasize_lines = l,
                    Err(msg) => self.diags.push(
                        Diagnostic::error(
                            Code::LinesOutOfRange,
                            format!("`:emphasize-lines: {v}`: {msg}"),
                        )
                        .with_span(span)
                        .with_help(format!("the block has {count} lines")),
                    ),
                }
            }
        }
        block.span = parts.whole;
        block
    }

    fn apply_code_options(&mut self, c: &mut CodeBlock, parts: &Parts<'_>) {
        c.caption = opt(parts, "caption");
        c.linenos = opt(parts, "linenos").is_some();
        if let Some(n) = opt(parts, "lineno-start") {
            c.lineno_start = n.trim().parse().unwrap_or(1);
            c.linenos = true;
        }
        if let Some(v) = opt(parts, "copyable") {
            c.copyable = parse_bool(&v).unwrap_or(true);
        }
    }

    fn literalinclude(&mut self, parts: Parts<'_>) -> Block {
        let (path, path_span) = self.arg_text(&parts);
        let mut r = LiteralIncludeRequest {
            path,
            path_span,
            language: opt(&parts, "language"),
            start_after: opt(&parts, "start-after"),
            end_before: opt(&parts, "end-before"),
            dedent: opt(&parts, "dedent").map(|v| v.trim().parse().ok()),
            lines: opt_span(&parts, "lines"),
            emphasize_lines: opt_span(&parts, "emphasize-lines"),
            linenos: opt(&parts, "linenos").is_some(),
            lineno_start: opt(&parts, "lineno-start").and_then(|v| v.trim().parse().ok()),
            caption: opt(&parts, "caption"),
            copyable: opt(&parts, "copyable").is_none_or(|v| parse_bool(&v).unwrap_or(true)),
        };
        if r.lineno_start.is_some() {
            r.linenos = true;
        }
        if !parts.content.is_empty() {
            let f = &parts.content[0];
            self.diags.push(
                Diagnostic::warning(
                    Code::UnexpectedContent,
                    "`literalinclude` takes no content; it is ignored",
                )
                .with_span(self.span(f.off, f.end())),
            );
        }
        Block {
            kind: BlockKind::LiteralIncludeRequest(r),
            span: parts.whole,
        }
    }
}

pub(super) fn opt(parts: &Parts<'_>, name: &str) -> Option<String> {
    parts
        .options
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, _)| v.clone())
}

pub(super) fn opt_span(parts: &Parts<'_>, name: &str) -> Option<(String, Span)> {
    parts
        .options
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, s)| (v.clone(), *s))
}

/// Parses `1,3-5` into sorted 1-based line numbers, each within `1..=max`.
pub fn parse_line_ranges(spec: &str, max: usize) -> Result<Vec<u32>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let a: usize = a
            .parse()
            .map_err(|_| format!("`{part}` is not a line or range"))?;
        let b: usize = if b.is_empty() {
            max
        } else {
            b.parse()
                .map_err(|_| format!("`{part}` is not a line or range"))?
        };
        if a == 0 || b < a {
            return Err(format!("`{part}` is not a valid range"));
        }
        if b > max {
            return Err(format!("line {b} is past the end"));
        }
        out.extend((a..=b).map(|x| x as u32));
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Line origins for the lines of a literalincluded file's selected text.
pub fn file_line_origins(
    file: crate::text::FileId,
    text: &str,
    first_offset: usize,
) -> Vec<LineOrigin> {
    let mut off = first_offset;
    text.split('\n')
        .map(|l| {
            let o = LineOrigin {
                file,
                offset: off as u32,
            };
            off += l.len() + 1;
            o
        })
        .collect()
}

/// Makes a code block for a literalinclude (used by the resolver).
pub fn literal_code(
    r: &LiteralIncludeRequest,
    text: String,
    origin: CodeOrigin,
    text_span: Span,
    line_map: Vec<LineOrigin>,
) -> CodeBlock {
    CodeBlock {
        language: r.language.clone(),
        text,
        caption: r.caption.clone(),
        linenos: r.linenos,
        lineno_start: r.lineno_start.unwrap_or(1),
        emphasize_lines: Vec::new(),
        copyable: r.copyable,
        origin,
        text_span,
        line_map,
    }
}
