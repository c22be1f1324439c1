//! Explicit markup blocks: directives (`.. name:: argument`, options,
//! content), comments, labels and substitution definitions. Each directive
//! procdoc knows has a spec of its argument and options; an unknown option is
//! reported but never makes the directive disappear.

use super::block::field_marker;
use super::lines::{dedent_block, indented_end, trim_blank, Line};
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::doc::{
    make_id, plain_text, Admonition, Block, BlockKind, CodeBlock, CodeOrigin, GenericDirective,
    IncludeRequest, LineOrigin, LiteralIncludeRequest, Procedure, ProcedureStyle, Step, Table,
};
use crate::text::Span;

/// Admonition directives (snooty gives all of them an optional title).
pub const ADMONITIONS: &[&str] = &[
    "note",
    "important",
    "warning",
    "tip",
    "seealso",
    "see",
    "example",
    "caution",
    "danger",
    "attention",
    "hint",
    "error",
    "admonition",
];

/// Directives that render as nothing.
const HIDDEN: &[&str] = &[
    "default-domain",
    "contents",
    "meta",
    "facet",
    "index",
    "toctree",
    "tabs-selector",
    "tabs-pillstrip",
    "raw",
    "sharedinclude",
    "banner",
    "instruqt",
    "kicker",
    "landing:introduction",
];

/// Directives rendered generically without a warning (their content is shown).
const GENERIC: &[&str] = &[
    "versionadded",
    "versionchanged",
    "deprecated",
    "tabs",
    "tab",
    "tabs-drivers",
    "tabs-platforms",
    "tabs-languages",
    "tabs-cloud",
    "tabs-deployments",
    "tabs-shells",
    "container",
    "topic",
    "rubric",
    "composable-tutorial",
    "selected-content",
    "card-group",
    "card",
    "button",
    "image",
    "figure",
    "io-code-block",
    "input",
    "output",
    "sidebar",
    "glossary",
    "class",
    "only",
    "hlist",
    "centered",
    "blockquote",
    "dismissible-skills-card",
    "collapsible",
    "wayfinding",
    "wayfinding-option",
    "wayfinding-description",
    "method-selector",
    "method-option",
    "method-description",
    "cta-banner",
    "release_specification",
    "time",
    "include-contents",
    "procedure-step",
    "extract",
    "youtube",
    "chapter",
    "chapters",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    None,
    Optional,
    Required,
}

#[derive(Clone, Copy)]
enum Opt {
    Flag,
    Text,
    Int,
    Bool,
    Choice(&'static [&'static str]),
}

struct Spec {
    arg: Arg,
    /// Accepted options, in groups shared between directives.
    options: &'static [&'static [(&'static str, Opt)]],
}

impl Spec {
    fn option(&self, name: &str) -> Option<Opt> {
        self.options
            .iter()
            .flat_map(|g| g.iter())
            .find(|(n, _)| *n == name)
            .map(|(_, o)| *o)
    }

    fn option_names(&self) -> Vec<&'static str> {
        self.options
            .iter()
            .flat_map(|g| g.iter())
            .map(|(n, _)| *n)
            .collect()
    }
}

/// Options of `literalinclude` (and snooty's `input`/`output` with a path).
const LITERAL_OPTS: &[(&str, Opt)] = &[
    ("language", Opt::Text),
    ("start-after", Opt::Text),
    ("end-before", Opt::Text),
    ("dedent", Opt::Text),
    ("lines", Opt::Text),
    ("emphasize-lines", Opt::Text),
    ("linenos", Opt::Flag),
    ("lineno-start", Opt::Int),
    ("caption", Opt::Text),
    ("copyable", Opt::Bool),
    ("category", Opt::Text),
    ("class", Opt::Text),
    ("name", Opt::Text),
];

const CODE_OPTS: &[(&str, Opt)] = &[
    ("linenos", Opt::Flag),
    ("lineno-start", Opt::Int),
    ("emphasize-lines", Opt::Text),
    ("caption", Opt::Text),
    ("copyable", Opt::Bool),
    ("category", Opt::Text),
    ("dedent", Opt::Text),
    ("class", Opt::Text),
    ("name", Opt::Text),
    ("language", Opt::Text),
    ("source", Opt::Text),
];

fn spec(name: &str) -> Option<Spec> {
    Some(match name {
        n if ADMONITIONS.contains(&n) => Spec {
            arg: if n == "admonition" {
                Arg::Required
            } else {
                Arg::Optional
            },
            options: &[&[("class", Opt::Text), ("name", Opt::Text)]],
        },
        "code-block" | "code" | "sourcecode" => Spec {
            arg: Arg::Optional,
            options: &[CODE_OPTS],
        },
        "literalinclude" => Spec {
            arg: Arg::Required,
            options: &[LITERAL_OPTS],
        },
        // snooty's io-code-block children: a literalinclude when given a
        // path, otherwise a code block.
        "input" | "output" => Spec {
            arg: Arg::Optional,
            options: &[LITERAL_OPTS, &[("visible", Opt::Bool)]],
        },
        "include" => Spec {
            arg: Arg::Required,
            options: &[&[("start-after", Opt::Text), ("end-before", Opt::Text)]],
        },
        "procedure" => Spec {
            arg: Arg::None,
            options: &[&[
                ("style", Opt::Choice(&["connected", "normal"])),
                ("title", Opt::Text),
            ]],
        },
        "step" => Spec {
            arg: Arg::Optional,
            options: &[&[("optional", Opt::Flag)]],
        },
        "list-table" => Spec {
            arg: Arg::Optional,
            options: &[&[
                ("header-rows", Opt::Int),
                ("stub-columns", Opt::Int),
                ("widths", Opt::Text),
                ("width", Opt::Text),
                ("class", Opt::Text),
                ("align", Opt::Text),
                ("name", Opt::Text),
            ]],
        },
        _ => return None,
    })
}

/// A directive's parts, before interpretation.
struct Parts<'a> {
    name: String,
    name_span: Span,
    whole: Span,
    argument: Vec<Line<'a>>,
    options: Vec<(String, String, Span)>,
    content: Vec<Line<'a>>,
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
                            "only `replace::` and `unicode::` substitution definitions are supported",
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
            // A comment (or a footnote/citation, which procdoc does not render).
            if rest.starts_with('[') {
                self.diags.push(
                    Diagnostic::warning(
                        Code::Unsupported,
                        "footnotes and citations are not rendered",
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
        let takes_arg = spec(&name).is_none_or(|s| s.arg != Arg::None);
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
        if let Some(spec) = spec(&name) {
            if spec.arg == Arg::Required && parts.argument.is_empty() {
                self.diags.push(
                    Diagnostic::error(
                        Code::MissingArgument,
                        format!("`{name}` directive needs an argument"),
                    )
                    .with_span(parts.name_span)
                    .with_help(match name.as_str() {
                        "include" | "literalinclude" => {
                            format!("write `.. {name}:: /path/to/file`")
                        }
                        _ => format!("write `.. {name}:: <argument>`"),
                    }),
                );
            }
            if spec.arg == Arg::None && !parts.argument.is_empty() {
                let a = &parts.argument[0];
                self.diags.push(
                    Diagnostic::error(
                        Code::UnexpectedArgument,
                        format!("`{name}` directive takes no argument"),
                    )
                    .with_span(self.span(a.off, a.end()))
                    .with_help("remove the text after `::`, or move it into the content"),
                );
                parts.argument.clear();
            }
            let mut kept = Vec::new();
            for (oname, value, span) in std::mem::take(&mut parts.options) {
                match spec.option(&oname) {
                    None => {
                        let known = spec.option_names();
                        let mut d = Diagnostic::warning(
                            Code::UnknownOption,
                            format!("unknown option `:{oname}:` for `{name}` (ignored; the directive is kept)"),
                        )
                        .with_span(span);
                        d = match crate::suggest::did_you_mean(&oname, known.iter().copied()) {
                            Some(s) => d.with_help(format!("did you mean `:{s}:`?")),
                            None => d.with_help(format!("`{name}` accepts: {}", known.join(", "))),
                        };
                        self.diags.push(d);
                    }
                    Some(kind) => {
                        if let Some(msg) = check_option(kind, &value) {
                            self.diags.push(
                                Diagnostic::error(
                                    Code::InvalidOptionValue,
                                    format!("invalid value `{value}` for `:{oname}:`: {msg}"),
                                )
                                .with_span(span),
                            );
                        } else {
                            kept.push((oname, value, span));
                        }
                    }
                }
            }
            parts.options = kept;
        }
        match name.as_str() {
            n if ADMONITIONS.contains(&n) => {
                let title =
                    (!parts.argument.is_empty()).then(|| self.parse_inline(&parts.argument));
                let children = self.parse_body(&parts.content, depth + 1);
                Block {
                    kind: BlockKind::Admonition(Admonition {
                        kind: n.to_string(),
                        title,
                        children,
                    }),
                    span: whole,
                }
            }
            "code-block" | "code" | "sourcecode" => self.code_directive(parts),
            "literalinclude" => self.literalinclude(parts),
            "input" | "output" if !parts.argument.is_empty() => self.literalinclude(parts),
            "input" | "output" => self.code_directive(parts),
            "include" => {
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
            "procedure" => self.procedure(parts, depth),
            "list-table" => self.list_table(parts, depth),
            n if HIDDEN.contains(&n) => Block {
                kind: BlockKind::Hidden,
                span: whole,
            },
            n => {
                if !GENERIC.contains(&n) && n != "step" {
                    self.diags.push(
                        Diagnostic::warning(Code::UnknownDirective, format!("unknown directive `{n}`"))
                            .with_span(parts.name_span)
                            .with_help("procdoc shows its content without special rendering; check the name for typos"),
                    );
                }
                if n == "step" && depth == 0 {
                    // Steps at the top of a fragment are shown but flagged.
                    self.diags.push(
                        Diagnostic::warning(Code::InvalidChild, "`step` outside a `procedure`")
                            .with_span(parts.name_span)
                            .with_help("put steps inside `.. procedure::`"),
                    );
                }
                let argument = self.parse_inline(&parts.argument);
                let children = self.parse_body(&parts.content, depth + 1);
                Block {
                    kind: BlockKind::Generic(GenericDirective {
                        name: n.to_string(),
                        argument,
                        options: parts
                            .options
                            .iter()
                            .map(|(a, b, _)| (a.clone(), b.clone()))
                            .collect(),
                        children,
                    }),
                    span: whole,
                }
            }
        }
    }

    fn arg_text(&self, parts: &Parts<'_>) -> (String, Option<Span>) {
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

    fn procedure(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let style = match opt(&parts, "style").as_deref() {
            Some("normal") => ProcedureStyle::Normal,
            _ => ProcedureStyle::Connected,
        };
        let children = self.parse_body(&parts.content, depth + 1);
        let mut steps: Vec<Step> = Vec::new();
        let mut pending: Vec<Block> = Vec::new();
        for b in children {
            match b.kind {
                BlockKind::Generic(g) if g.name == "step" => {
                    let id = make_id(&plain_text(&g.argument));
                    let mut children = std::mem::take(&mut pending);
                    children.extend(g.children);
                    steps.push(Step {
                        heading: g.argument,
                        id,
                        children,
                        span: b.span,
                    });
                }
                BlockKind::Label(_) | BlockKind::Hidden => pending.push(b),
                _ => {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::InvalidChild,
                            "only `step` directives are shown inside a `procedure`",
                        )
                        .with_span(b.span)
                        .with_help("move this content into a `.. step::`"),
                    );
                }
            }
        }
        if steps.is_empty() {
            self.diags.push(
                Diagnostic::warning(Code::InvalidChild, "`procedure` has no steps")
                    .with_span(parts.name_span)
                    .with_help("add `.. step:: Heading` blocks inside the procedure"),
            );
        }
        Block {
            kind: BlockKind::Procedure(Procedure {
                style,
                title: opt(&parts, "title"),
                steps,
            }),
            span: parts.whole,
        }
    }

    fn list_table(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let title = (!parts.argument.is_empty()).then(|| self.parse_inline(&parts.argument));
        let header_rows: usize = opt(&parts, "header-rows")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let widths: Vec<u32> = opt(&parts, "widths")
            .map(|w| {
                w.split([' ', ','])
                    .filter(|x| !x.is_empty())
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        let children = self.parse_body(&parts.content, depth + 1);
        let mut rows = Vec::new();
        let mut ok = children.len() == 1;
        if let Some(Block {
            kind: BlockKind::BulletList(items),
            ..
        }) = children.first()
        {
            for item in items {
                match item.children.as_slice() {
                    [Block {
                        kind: BlockKind::BulletList(cells),
                        ..
                    }] => rows.push(cells.iter().map(|c| c.children.clone()).collect::<Vec<_>>()),
                    _ => ok = false,
                }
            }
        } else {
            ok = false;
        }
        let ncols = rows.first().map_or(0, |r: &Vec<Vec<Block>>| r.len());
        if ok && rows.iter().any(|r| r.len() != ncols) {
            self.diags.push(
                Diagnostic::error(
                    Code::MalformedTable,
                    "list-table rows have different numbers of cells",
                )
                .with_span(parts.whole)
                .with_help(format!("every row needs {ncols} cells")),
            );
        }
        if !ok {
            self.diags.push(
                Diagnostic::error(
                    Code::MalformedTable,
                    "list-table content must be a bullet list of rows, each a bullet list of cells",
                )
                .with_span(parts.name_span)
                .with_help(
                    "write `* - cell` for the first cell of a row and `  - cell` for the others",
                ),
            );
            return Block {
                kind: BlockKind::Generic(GenericDirective {
                    name: "list-table".into(),
                    argument: title.unwrap_or_default(),
                    options: Vec::new(),
                    children,
                }),
                span: parts.whole,
            };
        }
        if !widths.is_empty() && widths.len() != ncols {
            self.diags.push(
                Diagnostic::warning(
                    Code::MalformedTable,
                    format!(
                        "`:widths:` gives {} values for {ncols} columns",
                        widths.len()
                    ),
                )
                .with_span(parts.whole),
            );
        }
        Block {
            kind: BlockKind::Table(Table {
                title,
                header_rows: header_rows.min(rows.len()),
                rows,
                widths,
            }),
            span: parts.whole,
        }
    }
}

fn opt(parts: &Parts<'_>, name: &str) -> Option<String> {
    parts
        .options
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, _)| v.clone())
}

fn opt_span(parts: &Parts<'_>, name: &str) -> Option<(String, Span)> {
    parts
        .options
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, v, s)| (v.clone(), *s))
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

fn check_option(kind: Opt, value: &str) -> Option<String> {
    match kind {
        Opt::Flag => {
            (!value.trim().is_empty()).then(|| "this option is a flag and takes no value".into())
        }
        Opt::Text => None,
        Opt::Int => value
            .trim()
            .parse::<u32>()
            .is_err()
            .then(|| "expected a whole number".into()),
        Opt::Bool => parse_bool(value)
            .is_none()
            .then(|| "expected true or false".into()),
        Opt::Choice(choices) => (!choices.contains(&value.trim()))
            .then(|| format!("expected one of: {}", choices.join(", "))),
    }
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
