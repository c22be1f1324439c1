//! Labels and references across the whole project: builds the label table
//! (reporting duplicates), then resolves `:ref:`, `:doc:`, substitutions, and
//! checks link URLs.

use crate::diag::{Code, Diagnostic};
use crate::doc::{BlockKind, Inline, InlineKind, RefTarget, ResolvedRef, RoleTarget};
use crate::project::Project;
use crate::render::is_safe_url;
use crate::resolve::summary::PageSummary;
use crate::resolve::LoadedPage;
use crate::text::Span;
use std::collections::BTreeMap;

/// Where a label points.
#[derive(Clone, Debug)]
pub struct LabelTarget {
    /// The page holding it.
    pub page: String,
    /// Title to show for `:ref:` without one, if the label names a heading.
    pub title: Option<String>,
    /// Where the label was written.
    pub span: Span,
    /// What it names: the span of the block after it (labels written one
    /// after another name the same block), or its own span.
    pub names: Span,
}

/// Every label of the project.
#[derive(Clone, Debug, Default)]
pub struct LabelTable {
    /// Labels by normalized name.
    pub labels: BTreeMap<String, LabelTarget>,
    /// Page titles by page name.
    pub page_titles: BTreeMap<String, String>,
    /// Object targets (`.. method::` …) by (object type, name): page, anchor.
    pub objects: BTreeMap<(String, String), (String, String)>,
    /// Glossary terms by normalised term: page, anchor.
    pub terms: BTreeMap<String, (String, String)>,
}

impl LabelTable {
    /// Collects labels from page summaries (sorted by page name, so the
    /// result is stable). A label defined at two different places is an
    /// error; the same fragment included by several pages defines it once
    /// (first page wins).
    pub fn build(pages: &[PageSummary]) -> (Self, Vec<Diagnostic>) {
        let mut t = LabelTable::default();
        let mut diags = Vec::new();
        for p in pages {
            t.page_titles.insert(p.name.clone(), p.shown_title());
            for (key, anchor) in &p.objects {
                t.objects
                    .entry(key.clone())
                    .or_insert_with(|| (p.name.clone(), anchor.clone()));
            }
            for (key, anchor) in &p.terms {
                t.terms
                    .entry(key.clone())
                    .or_insert_with(|| (p.name.clone(), anchor.clone()));
            }
            for l in &p.labels {
                match t.labels.get(&l.name) {
                    // The same name again for the same block (`_wiredTiger`
                    // and `_wiredtiger` over one heading) is one label, as
                    // docutils normalises case.
                    Some(prev) if prev.span != l.span && prev.names != l.names => diags.push(
                        Diagnostic::error(
                            Code::DuplicateLabel,
                            format!("duplicate label `{}`", l.name),
                        )
                        .with_span(l.span)
                        .with_help("labels must be unique across the project; rename one of them")
                        .with_note(format!("first defined in page `{}`", prev.page)),
                    ),
                    Some(_) => {}
                    None => {
                        t.labels.insert(
                            l.name.clone(),
                            LabelTarget {
                                page: p.name.clone(),
                                title: l.title.clone(),
                                span: l.span,
                                names: l.names,
                            },
                        );
                    }
                }
            }
        }
        (t, diags)
    }
}

/// Fills a page's project-wide substitutions (`[substitutions]`, snooty.toml
/// `[substitutions]`); needs no other page, so it runs before the page is
/// summarised (titles may hold substitutions).
pub fn fill_substitutions(project: &Project, page: &mut LoadedPage) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    crate::doc::fill_substitutions(
        &mut page.doc.blocks,
        &|name| {
            project
                .config
                .substitutions
                .get(name)
                .map(|v| substitution_inlines(project, v.get_ref(), v.span()))
        },
        &mut |span, problem| diags.push(crate::rst::substitution_problem(span, problem)),
    );
    diags
}

/// Resolves references in one page (after [`fill_substitutions`]: a
/// substitution's value may hold references).
pub fn resolve_page(
    project: &Project,
    table: &LabelTable,
    page: &mut LoadedPage,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let page_name = page.name.clone();
    let mut visit = |i: &mut Inline| {
        let span = i.span;
        match &mut i.kind {
            InlineKind::Ref {
                title,
                target,
                resolved,
            } => {
                *resolved = resolve_ref(project, table, target, title.as_deref(), span, &mut diags)
                    .map(Box::new);
            }
            InlineKind::Doc {
                title,
                target,
                resolved,
            } => {
                *resolved = resolve_doc(
                    project,
                    table,
                    &page_name,
                    target,
                    title.as_deref(),
                    span,
                    &mut diags,
                )
                .map(Box::new);
            }
            InlineKind::Substitution { name, children } if children.is_empty() => {
                diags.push(
                    Diagnostic::error(Code::UnknownSubstitution, format!("unknown substitution `|{name}|`"))
                        .with_span(span)
                        .with_help("define it with `.. |name| replace:: text` or in the [substitutions] table of procdoc.toml"),
                );
            }
            InlineKind::Role {
                text,
                target: Some(t),
                resolved,
                ..
            } => *resolved = resolve_role(table, text, t, span, &mut diags).map(Box::new),
            InlineKind::Link { url, .. } => check_url(url, span, &mut diags),
            InlineKind::NamedRef { url: Some(url), .. } => check_url(url, span, &mut diags),
            _ => {}
        }
    };
    crate::doc::visit_inlines_mut(&mut page.doc.blocks, &mut visit);
    diags
}

/// An object role links to its directive; one without a directive is shown
/// as code, silently (as in snooty: many name objects documented elsewhere).
/// A `:term:` without a glossary entry is a warning.
fn resolve_role(
    table: &LabelTable,
    text: &str,
    t: &RoleTarget,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResolvedRef> {
    let found = if t.kind == "term" {
        table.terms.get(&t.name)
    } else {
        table.objects.get(&(t.kind.clone(), t.name.clone()))
    };
    match found {
        Some((page, anchor)) => Some(ResolvedRef {
            title: text.to_string(),
            target: RefTarget::Page {
                page: page.clone(),
                anchor: Some(anchor.clone()),
            },
        }),
        None => {
            if t.kind == "term" {
                let d = Diagnostic::warning(
                    Code::UnknownTerm,
                    format!("unknown glossary term `{}` in :term:", t.name),
                )
                .with_span(span);
                diags.push(
                    match crate::suggest::did_you_mean(
                        &t.name,
                        table.terms.keys().map(String::as_str),
                    ) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help("define the term in a `.. glossary::` of the project"),
                    },
                );
            }
            None
        }
    }
}

fn check_url(url: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    if !is_safe_url(url) {
        diags.push(
            Diagnostic::warning(
                Code::UnsafeUrl,
                format!(
                    "link URL `{url}` is not http, https, mailto or relative; it is shown as text"
                ),
            )
            .with_span(span)
            .with_help("use an https:// URL"),
        );
    }
}

fn resolve_ref(
    project: &Project,
    table: &LabelTable,
    target: &str,
    title: Option<&str>,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResolvedRef> {
    if let Some(l) = table.labels.get(target) {
        let shown = match title.map(str::to_string).or_else(|| l.title.clone()) {
            Some(t) => t,
            None => {
                diags.push(
                    Diagnostic::error(
                        Code::RefWithoutTitle,
                        format!("`:ref:` to `{target}` needs a title: the label names no heading"),
                    )
                    .with_span(span)
                    .with_help(format!(
                        "write the link text yourself, :ref:`text <{target}>`, or move `.. _{target}:` before a heading"
                    )),
                );
                target.to_string()
            }
        };
        return Some(ResolvedRef {
            title: shown,
            target: RefTarget::Page {
                page: l.page.clone(),
                anchor: Some(target.to_string()),
            },
        });
    }
    if let Some(ext) = project
        .config
        .refs
        .iter()
        .find(|(k, _)| k.to_lowercase() == target)
        .map(|(_, v)| v)
    {
        return Some(ResolvedRef {
            title: title.unwrap_or(&ext.title).to_string(),
            target: RefTarget::External(ext.url.clone()),
        });
    }
    let candidates = table
        .labels
        .keys()
        .map(String::as_str)
        .chain(project.config.refs.keys().map(String::as_str));
    let mut d = Diagnostic::error(
        Code::UnknownRef,
        format!("unknown label `{target}` in :ref:"),
    )
    .with_span(span);
    d = match crate::suggest::did_you_mean(target, candidates) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "define `.. _{target}:` before a heading, or declare an external label in procdoc.toml: [refs.{target}] with title and url"
        )),
    };
    diags.push(d);
    None
}

fn resolve_doc(
    project: &Project,
    table: &LabelTable,
    from: &str,
    target: &str,
    title: Option<&str>,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) -> Option<ResolvedRef> {
    // `/tutorial/insert-documents/` is the page `tutorial/insert-documents`
    // (the same rules as toctree entries).
    let name = super::toctree::page_name(from, target.trim());
    match table.page_titles.get(&name) {
        Some(page_title) => Some(ResolvedRef {
            title: title.unwrap_or(page_title).to_string(),
            target: RefTarget::Page {
                page: name,
                anchor: None,
            },
        }),
        None => {
            let mut d = Diagnostic::error(
                Code::UnknownDoc,
                format!("unknown page `{target}` in :doc:"),
            )
            .with_span(span);
            d = match crate::suggest::did_you_mean(
                &name,
                table.page_titles.keys().map(String::as_str),
            ) {
                Some(s) => d.with_help(format!("did you mean `/{s}`?")),
                None => d.with_help(format!(
                    "pages live in `{}/`; write the path without extension",
                    project.config.project.source
                )),
            };
            diags.push(d);
            None
        }
    }
}

/// Parses a project-wide substitution's value as inline markup. Its nodes
/// point at the config file (the value's text has no better place).
fn substitution_inlines(project: &Project, value: &str, at: std::ops::Range<usize>) -> Vec<Inline> {
    let file = project
        .config
        .constants_file
        .or(project.config_file)
        .unwrap_or(crate::text::FileId(0));
    let span = Span::new(file, at.start, at.end);
    let (expanded, map, _) = crate::text::expand_constants(value, &project.constants, file);
    let (doc, _) = crate::rst::parse(&expanded, &map, span.file);
    let mut out = Vec::new();
    for b in doc.blocks {
        if let BlockKind::Paragraph(p) = b.kind {
            out.extend(p);
        }
    }
    fn respan(list: &mut [Inline], span: Span) {
        for i in list {
            i.span = span;
            match &mut i.kind {
                InlineKind::Emphasis(c)
                | InlineKind::Strong(c)
                | InlineKind::Link { children: c, .. }
                | InlineKind::NamedRef { children: c, .. }
                | InlineKind::Substitution { children: c, .. } => respan(c, span),
                _ => {}
            }
        }
    }
    respan(&mut out, span);
    out
}
