//! The reStructuredText parser for the snooty dialect: expanded text in, a
//! [`Document`] with spans out.
//!
//! [`block`] splits lines into blocks, [`directive`] handles `.. name::`
//! blocks, [`inline`] handles markup inside paragraphs. The parser never
//! fails: problems become diagnostics and the content is kept.

mod block;
mod checks;
mod containers;
pub mod directive;
mod enumerator;
mod footnotes;
mod images;
mod inline;
mod lines;
mod objects;
mod sections;
mod tabs;
mod toctree;

use crate::diag::{Code, Diagnostic};
use crate::dialect::Registry;
use crate::doc::{Block, Document, Inline, InlineKind};
use crate::text::{FileId, SourceMap, Span};
use std::collections::HashMap;

/// Blocks may nest this deep (block quotes, lists, directives).
pub const MAX_DEPTH: usize = 64;

/// Parses expanded text with the built-in dialect. `map` leads back to the
/// original file `file`.
pub fn parse(text: &str, map: &SourceMap, file: FileId) -> (Document, Vec<Diagnostic>) {
    let p = parse_full(text, map, file);
    (p.doc, p.diags)
}

/// Everything parsing a file produces.
pub struct Parsed {
    /// The document.
    pub doc: Document,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
    /// `.. |name| replace::` definitions, which also apply to fragments the
    /// file includes.
    pub substitutions: HashMap<String, Vec<Inline>>,
    /// Named hyperlink targets (`.. _name: URL`), by normalized name.
    pub targets: HashMap<String, String>,
    /// References to named targets this file does not define, with their
    /// `unknown-target` diagnostic (only with [`parse_part`]: the page's
    /// other files may define them).
    pub unknown_targets: Vec<(String, Diagnostic)>,
}

/// Like [`parse`], also returning the file's substitution definitions.
pub fn parse_full(text: &str, map: &SourceMap, file: FileId) -> Parsed {
    parse_in(text, map, file, Registry::builtin(), false, false)
}

/// Like [`parse_full`], with a project's dialect registry.
pub fn parse_with(text: &str, map: &SourceMap, file: FileId, dialect: &Registry) -> Parsed {
    parse_in(text, map, file, dialect, false, false)
}

/// Like [`parse_with`] for one file of a page (the page or a fragment it
/// includes): references to named targets it does not define are left
/// unresolved and returned in [`Parsed::unknown_targets`] instead of
/// `diags`, since a page has one name table.
pub fn parse_part(text: &str, map: &SourceMap, file: FileId, dialect: &Registry) -> Parsed {
    parse_in(text, map, file, dialect, true, false)
}

/// Like [`parse_part`] for a page's outline (the build's first pass): the
/// inline markup of paragraphs is not parsed (paragraphs stay, empty), which
/// halves the parse. Nothing a page summary holds comes from paragraph
/// text; the diagnostics are incomplete and are taken from the full parse.
pub fn parse_part_outline(text: &str, map: &SourceMap, file: FileId, dialect: &Registry) -> Parsed {
    parse_in(text, map, file, dialect, true, true)
}

fn parse_in(
    text: &str,
    map: &SourceMap,
    file: FileId,
    dialect: &Registry,
    defer: bool,
    outline: bool,
) -> Parsed {
    let mut p = Parser {
        outline,
        file,
        map,
        dialect,
        program: None,
        procedure_children: None,
        tab_kinds: Vec::new(),
        in_tab: None,
        section_level: 0,
        tab_level: 0,
        diags: Vec::new(),
        title_styles: Vec::new(),
        embedded_targets: Vec::new(),
        named_targets: Vec::new(),
        anonymous_targets: Vec::new(),
        anonymous_refs: 0,
        substitutions: HashMap::new(),
    };
    let lines = lines::split_lines(text);
    let flat = p.parse_blocks(&lines, 0, true);
    let mut blocks = sections::nest_sections(flat);
    toctree::lift_page_options(&mut blocks);
    let (targets, unknown) = p.resolve_local_refs(&mut blocks);
    let mut diags = p.diags;
    let unknown_targets = if defer {
        unknown
    } else {
        diags.extend(unknown.into_iter().map(|(_, d)| d));
        Vec::new()
    };
    Parsed {
        doc: Document { file, blocks },
        diags,
        substitutions: p.substitutions,
        targets,
        unknown_targets,
    }
}

/// Parser state for one file.
pub(crate) struct Parser<'m> {
    /// Outline mode: paragraphs' inline markup is not parsed.
    outline: bool,
    file: FileId,
    map: &'m SourceMap,
    /// Every directive and role.
    dialect: &'m Registry,
    /// The current `.. program::`, for option directives and roles.
    program: Option<String>,
    /// The depth of the blocks directly inside the `procedure` being parsed.
    procedure_children: Option<usize>,
    /// The kinds of the tab sets being parsed (innermost last).
    tab_kinds: Vec<String>,
    /// While a `.. tab::` body is parsed: the level of the section holding
    /// the tab (a title there must start a subsection one level deeper).
    in_tab: Option<usize>,
    /// The level of the last section title outside tabs.
    section_level: usize,
    /// The level of the last title inside the current tab.
    tab_level: usize,
    pub(crate) diags: Vec<Diagnostic>,
    /// Section adornment styles in order of first use: (char, has overline).
    title_styles: Vec<(char, bool)>,
    /// `text <url>`_ targets defined inline.
    embedded_targets: Vec<(String, String)>,
    /// `.. _name: url` targets.
    named_targets: Vec<(String, String, Span)>,
    /// `.. __: url` targets, in order.
    anonymous_targets: Vec<String>,
    anonymous_refs: usize,
    /// `.. |name| replace::` definitions.
    substitutions: HashMap<String, Vec<Inline>>,
}

impl Parser<'_> {
    /// The original-file span of expanded range `start..end`.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let s = self.map.map_start(start);
        let e = self.map.map_end(end.max(start));
        Span::new(self.file, s, e.max(s))
    }

    /// Fills in named hyperlink references and substitutions that the
    /// document itself defines. Substitutions it does not define are left
    /// for the resolver (project-wide substitutions).
    /// Returns the named targets and the unknown references (name and
    /// diagnostic).
    #[allow(clippy::type_complexity)]
    fn resolve_local_refs(
        &mut self,
        blocks: &mut [Block],
    ) -> (HashMap<String, String>, Vec<(String, Diagnostic)>) {
        let mut named: HashMap<String, String> = HashMap::new();
        for (n, u) in &self.embedded_targets {
            named.entry(n.clone()).or_insert_with(|| u.clone());
        }
        for (n, u, _) in &self.named_targets {
            named.insert(n.clone(), u.clone());
        }
        // A target may point at another target (`.. _a: b_`).
        let keys: Vec<String> = named.keys().cloned().collect();
        for k in keys {
            let mut url = named[&k].clone();
            let mut hops = 0;
            while let Some(next) = url.strip_suffix('_').and_then(|n| named.get(n)) {
                url = next.clone();
                hops += 1;
                if hops > 16 {
                    break;
                }
            }
            named.insert(k, url);
        }
        let anonymous = std::mem::take(&mut self.anonymous_targets);
        let subs = &self.substitutions;
        let mut diags = Vec::new();
        let mut unknown = Vec::new();
        let mut visit = |i: &mut Inline| {
            if let InlineKind::NamedRef { name, url, .. } = &mut i.kind {
                if let Some(n) = name.strip_prefix("__anonymous ") {
                    let idx: usize = n.parse().unwrap_or(0);
                    match anonymous.get(idx.wrapping_sub(1)) {
                        Some(u) => *url = Some(u.clone()),
                        None => diags.push(
                            Diagnostic::error(
                                Code::UnknownTarget,
                                "anonymous hyperlink reference without a matching `.. __: URL` target",
                            )
                            .with_span(i.span)
                            .with_help("write the URL inline: `text <https://…>`__"),
                        ),
                    }
                } else {
                    match named.get(name.as_str()) {
                        Some(u) => *url = Some(u.clone()),
                        None => unknown.push((
                            name.clone(),
                            Diagnostic::error(
                                Code::UnknownTarget,
                                format!("unknown hyperlink target `{name}`"),
                            )
                            .with_span(i.span)
                            .with_help(format!(
                                "define it with `.. _{name}: URL`, or write the URL inline: `text <https://…>`_"
                            )),
                        )),
                    }
                }
            }
        };
        crate::doc::visit_inlines_mut(blocks, &mut visit);
        self.diags.extend(diags);
        let mut diags = Vec::new();
        apply_substitutions_with(blocks, subs, &mut diags);
        self.diags.extend(diags);
        (named, unknown)
    }
}

/// Fills still-empty substitution references in `blocks` from `defs`,
/// returning problems (cycles) as diagnostics.
pub fn apply_substitutions(
    blocks: &mut [Block],
    defs: &HashMap<String, Vec<Inline>>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    apply_substitutions_with(blocks, defs, &mut diags);
    diags
}

fn apply_substitutions_with(
    blocks: &mut [Block],
    defs: &HashMap<String, Vec<Inline>>,
    diags: &mut Vec<Diagnostic>,
) {
    if defs.is_empty() {
        return;
    }
    crate::doc::fill_substitutions(
        blocks,
        &|name| defs.get(name).cloned(),
        &mut |span, problem| diags.push(substitution_problem(span, problem)),
    );
}

/// The diagnostic for a substitution that cannot be filled.
pub fn substitution_problem(span: Span, problem: crate::doc::SubstitutionProblem) -> Diagnostic {
    match problem {
        crate::doc::SubstitutionProblem::Cycle(chain) => Diagnostic::error(
            Code::SubstitutionCycle,
            format!(
                "substitution cycle: {}",
                chain
                    .iter()
                    .map(|n| format!("|{n}|"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            ),
        )
        .with_span(span)
        .with_help("a substitution's replacement must not use itself, directly or through others"),
        crate::doc::SubstitutionProblem::TooMany => Diagnostic::error(
            Code::SubstitutionCycle,
            format!(
                "more than {} substitutions, or {} MiB of substituted text, in one file; the rest are left unexpanded",
                crate::doc::MAX_FILLS,
                crate::doc::MAX_FILL_BYTES >> 20
            ),
        )
        .with_span(span)
        .with_help(
            "substitutions that nest each other several times grow exponentially; flatten them",
        ),
    }
}

#[cfg(test)]
mod tests;
