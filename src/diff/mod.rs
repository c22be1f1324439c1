//! Variant drift: compares two parallel copies of a tutorial (CSFLE and QE)
//! and reports only what matters.
//!
//! A line diff of the two files is mostly noise: one is a lettered list, the
//! other a `procedure`; labels, product names, refs and include paths differ
//! on purpose. So the differ compares *resolved* documents (constants
//! expanded, includes and literalincludes read), reduced to steps of plain
//! blocks ([`model`]: tabs keep their `:tabid:`, includes leave a node
//! with their target, an include that cannot be read stays as a
//! placeholder); aligns steps and blocks in linear time ([`align`]: equal
//! keys and unique anchors first, similarity inside bounded gaps, tabs by
//! id); compares words, code lines and directive options and classifies
//! each difference as `changed`, `only-left`, `only-right`, `expected`
//! (explained by an `equivalent` rule, [`classify`]) or `unresolved`; and
//! renders the result as text, HTML, Markdown or JSON ([`format`]).
//!
//! Entry points: [`diff_files`] (one pair), [`diff_all`] (every `[[diff]]`
//! entry of the config: file pairs, folder pairs, glob mapping rules),
//! [`pair_dirs`] (every file with the same relative path in two folders)
//! and [`site_pages`] (the pages `procdoc build` and `serve` add, reusing the
//! pages they already loaded). Rules are looked up with paths relative to
//! the root however the paths were given ([`configured_rules`]).
//! [`DiffSet::exit_code`] gives the exit status, like diff(1): 0 no drift,
//! 1 drift, 2 unusable input (reported with the drift, never instead).

// Diagnostic is the crate's error type, large or not.
#![allow(clippy::result_large_err)]

mod align;
mod classify;
mod compare;
pub mod format;
mod model;
mod plan;
mod report;

pub use format::{format_html, format_html_standalone, format_json, format_markdown, format_text};
pub use plan::{diff_all, diff_all_in, pair_dirs, planned_files, site_pages, SiteDiff};
pub use report::{
    Class, Counts, DiffReport, DiffSet, Difference, Mark, Place, Row, RowKind, Seg, Status,
    StepDiff, StepSide,
};

use crate::diag::render::Location;
use crate::diag::{Code, Diagnostic};
use crate::project::{paths, DocPath, PathError, Project, ReadError};
use crate::resolve::LoadedPage;
use crate::text::{SourceFile, Span};
use classify::Rules;
use compare::{Cmp, Out, Side};
use model::{Files, PageModel, StepModel, StepOrigin};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to compare: two files (paths relative to the docs root).
#[derive(Clone, Debug, Default)]
pub struct DiffRequest {
    /// Left file (the CSFLE variant, say), relative to the root.
    pub left: String,
    /// Right file, relative to the root.
    pub right: String,
    /// Expected differences: `[left text, right text]`; constants in them
    /// are expanded like in pages. See [`configured_rules`].
    pub equivalent: Vec<[String; 2]>,
    /// Also report markup-only and whitespace-only differences.
    pub show_markup: bool,
}

/// What to compare with [`pair_dirs`]: two folders (relative to the root,
/// or absolute inside it).
#[derive(Clone, Debug, Default)]
pub struct PairDirsRequest {
    /// Left folder.
    pub left_dir: String,
    /// Right folder.
    pub right_dir: String,
    /// Rules for every pair (a `[[diff]]` entry for the exact pair adds its own).
    pub equivalent: Vec<[String; 2]>,
    /// Also report markup-only and whitespace-only differences.
    pub show_markup: bool,
}

/// A page of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitePage {
    /// Path relative to the HTML output folder (`diff/index.html`).
    pub path: String,
    /// The whole HTML page.
    pub html: String,
}

/// A path as the config writes it, for matching (`./a` and `/a` are `a`).
fn norm_path(p: &str) -> &str {
    let mut p = p.trim();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.trim_start_matches('/')
}

/// A path given on the command line or in the config, as the config
/// writes it: relative to the root, `/`-separated, without `./`. An
/// absolute path inside the root (what the CLI makes of paths it found
/// the root from) is made relative to it first.
pub fn rel_to_root(project: &Project, p: &str) -> String {
    let t = p.trim();
    let path = Path::new(t);
    if path.is_absolute() && path.exists() {
        let abs = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if let Ok(rel) = abs.strip_prefix(&project.root) {
            return paths::slash_path(rel);
        }
    }
    norm_path(t).trim_end_matches('/').to_string()
}

/// The `equivalent` rules the config declares for this exact pair (the
/// union when several `[[diff]]` entries name it); empty when none does.
/// Paths are compared relative to the root, however they were given.
pub fn configured_rules(project: &Project, left: &str, right: &str) -> Vec<[String; 2]> {
    let (l, r) = (rel_to_root(project, left), rel_to_root(project, right));
    let mut out: Vec<[String; 2]> = Vec::new();
    for p in project
        .config
        .diff
        .iter()
        .filter(|p| entry_covers(p, &l, &r))
    {
        for rule in &p.equivalent {
            if !out.contains(rule) {
                out.push(rule.clone());
            }
        }
    }
    out
}

/// Whether a `[[diff]]` entry names this pair (root-relative paths): the
/// same two files or folders, two files under its two folders, or two
/// files its two globs match.
fn entry_covers(p: &crate::project::DiffPair, l: &str, r: &str) -> bool {
    let (el, er) = (
        norm_path(&p.left).trim_end_matches('/'),
        norm_path(&p.right).trim_end_matches('/'),
    );
    if el == l && er == r {
        return true;
    }
    if has_glob(el) || has_glob(er) {
        let m = |g: &str, x: &str| {
            globset::Glob::new(g)
                .map(|g| g.compile_matcher().is_match(x))
                .unwrap_or(false)
        };
        return m(el, l) && m(er, r);
    }
    let under =
        |d: &str, x: &str| !d.is_empty() && x.starts_with(d) && x[d.len()..].starts_with('/');
    under(el, l) && under(er, r)
}

/// Whether a config path is a glob (a mapping rule).
fn has_glob(p: &str) -> bool {
    p.contains(['*', '?', '[', '{'])
}

/// A file to compare, loaded.
enum Loaded<'a> {
    /// A reStructuredText page or fragment, resolved.
    Page(Box<LoadedPage>),
    /// A page the site already loaded and resolved.
    Shared(&'a LoadedPage),
    /// Any other UTF-8 file: compared line by line.
    Text(Arc<SourceFile>),
    /// Not UTF-8: compared byte for byte.
    Binary(Vec<u8>),
}

fn path_diag(e: PathError, what: &str) -> Diagnostic {
    let (code, help) = match &e {
        PathError::OutsideRoot(_) => (
            Code::PathOutsideRoot,
            "compared files must live inside the docs root (see --root)",
        ),
        PathError::NotAFile(_) => (Code::IncludeNotFound, "name a file, not a folder"),
        PathError::NotFound(_) | PathError::Empty => (
            Code::IncludeNotFound,
            "paths are relative to the docs root (the folder holding procdoc.toml)",
        ),
    };
    Diagnostic::error(code, format!("cannot compare {what}: {e}")).with_help(help)
}

/// Where a path given by the user is: an absolute path that exists is
/// taken as is (and must be inside the root); anything else is relative to
/// the root (`/includes/x.rst` too, like in directives).
fn on_disk(project: &Project, written: &str) -> PathBuf {
    let p = Path::new(written.trim());
    if p.is_absolute() && p.exists() {
        p.to_path_buf()
    } else {
        project.root.join(norm_path(written))
    }
}

/// The docs root holding `path`: the nearest folder, from `path` up, with a
/// `procdoc.toml` or a `snooty.toml` (for `procdoc diff` without `--root`
/// on files of another project, like the corpus).
pub fn find_root(path: &Path) -> Option<PathBuf> {
    let start = path.canonicalize().ok()?;
    start
        .ancestors()
        .find(|d| d.join("procdoc.toml").is_file() || d.join("snooty.toml").is_file())
        .map(Path::to_path_buf)
}

fn is_page(rel: &str) -> bool {
    let l = rel.to_ascii_lowercase();
    l.ends_with(".rst") || l.ends_with(".txt")
}

/// Resolved pages to reuse, by path relative to the root.
type Reuse<'a> = HashMap<String, &'a LoadedPage>;

fn load<'a>(
    project: &Project,
    rel: &str,
    reuse: &Reuse<'a>,
) -> Result<(DocPath, Loaded<'a>), Diagnostic> {
    if rel.trim().is_empty() {
        return Err(path_diag(PathError::Empty, "a file"));
    }
    let path = paths::resolve_in(&project.root, &on_disk(project, rel))
        .map_err(|e| path_diag(e, &format!("`{rel}`")))?;
    match project.read(&path) {
        Ok(file) => {
            if let Some(page) = reuse.get(path.rel()) {
                Ok((path, Loaded::Shared(page)))
            } else if is_page(path.rel()) {
                let page = crate::resolve::load_file(project, path.rel())
                    .map_err(|e| path_diag(e, &format!("`{rel}`")))?;
                Ok((path, Loaded::Page(Box::new(page))))
            } else {
                Ok((path, Loaded::Text(file)))
            }
        }
        Err(ReadError::Utf8 { .. }) if !is_page(path.rel()) => match std::fs::read(path.abs()) {
            Ok(bytes) => Ok((path, Loaded::Binary(bytes))),
            Err(e) => Err(Diagnostic::error(
                Code::IoError,
                format!("cannot read `{}`: {e}", path.rel()),
            )),
        },
        Err(e) => {
            let code = match e {
                ReadError::Utf8 { .. } => Code::InvalidUtf8,
                ReadError::Io(_) => Code::IoError,
            };
            Err(
                Diagnostic::error(code, format!("cannot read `{}`: {e}", path.rel()))
                    .with_help("compared pages must be UTF-8 text"),
            )
        }
    }
}

/// The model of a non-page text file: one unit holding its lines as code.
fn text_model(f: &SourceFile) -> PageModel {
    let lang = f
        .rel_path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| !e.contains('/'));
    let lines = f
        .text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let start = f.line_starts().get(i).copied().unwrap_or(0);
            model::CodeLine {
                text: l.to_string(),
                span: Span::new(f.id, start, start + l.len()),
            }
        })
        .collect();
    let span = Span::new(f.id, 0, 0);
    let node = model::Node {
        kind: model::NodeKind::Code(model::Code {
            language: lang,
            caption: None,
            lines,
            source: None,
            emphasize: Vec::new(),
        }),
        span,
    };
    PageModel {
        file: f.id,
        diags: Vec::new(),
        steps: vec![StepModel {
            heading: model::Text::default(),
            markup: String::new(),
            origin: StepOrigin::Whole,
            blocks: vec![node],
            span,
        }],
    }
}

/// Compares two files: pages and fragments as resolved documents, other
/// files line by line. `Err` is trouble (exit status 2): a file that does
/// not exist, is outside the root or cannot be read, or a rule using an
/// undefined constant.
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn diff_files(project: &Project, req: &DiffRequest) -> Result<DiffReport, Diagnostic> {
    diff_files_reusing(project, req, &Reuse::new())
}

#[allow(clippy::result_large_err)]
fn diff_files_reusing(
    project: &Project,
    req: &DiffRequest,
    reuse: &Reuse<'_>,
) -> Result<DiffReport, Diagnostic> {
    let rules = Rules::new(&req.equivalent, &project.constants)?;
    let (lp, l) = load(project, &req.left, reuse)?;
    let (rp, r) = load(project, &req.right, reuse)?;
    let files = Files(project.db.snapshot());
    let mut diags = Vec::new();
    let mut model_of = |x: &Loaded| -> Option<PageModel> {
        let page: Option<&LoadedPage> = match x {
            Loaded::Page(p) => Some(p),
            Loaded::Shared(p) => Some(p),
            _ => None,
        };
        match page {
            Some(p) => {
                diags.extend(p.diags.iter().cloned());
                let m = model::page_model(&p.doc, &files, &project.constants);
                diags.extend(m.diags.iter().cloned());
                Some(m)
            }
            None => match x {
                Loaded::Text(f) => Some(text_model(f)),
                _ => None,
            },
        }
    };
    let lm = model_of(&l);
    let rm = model_of(&r);
    crate::site::dedup(&mut diags);
    let cmp = Cmp {
        rules: &rules,
        files: &files,
        show_markup: req.show_markup,
    };
    let steps = match (lm, rm) {
        (Some(lm), Some(rm)) => compare_pages(&cmp, &lm, &rm),
        _ => binary_steps(&lp, &l, &rp, &r),
    };
    Ok(finish(
        lp.rel().to_string(),
        rp.rel().to_string(),
        &rules,
        steps,
        diags,
    ))
}

fn finish(
    left: String,
    right: String,
    rules: &Rules,
    steps: Vec<StepDiff>,
    diags: Vec<Diagnostic>,
) -> DiffReport {
    let mut counts = Counts::default();
    for s in &steps {
        counts.merge(&s.counts);
    }
    let status = if steps.iter().any(|s| s.status.is_drift()) {
        Status::Changed
    } else {
        Status::from_counts(&counts)
    };
    DiffReport {
        left,
        right,
        status,
        counts,
        rules: rules.expanded(),
        steps,
        diags,
        titles: None,
    }
}

fn whole_location(rel: &str) -> Location {
    Location {
        file: rel.to_string(),
        line: 1,
        column: 1,
        end_line: 1,
        end_column: 1,
    }
}

/// Files that are not both text: equal bytes or one `changed` difference.
fn binary_steps(lp: &DocPath, l: &Loaded, rp: &DocPath, r: &Loaded) -> Vec<StepDiff> {
    let bytes = |x: &Loaded| -> Vec<u8> {
        match x {
            Loaded::Binary(b) => b.clone(),
            Loaded::Text(f) => f.text.as_bytes().to_vec(),
            Loaded::Page(_) | Loaded::Shared(_) => Vec::new(),
        }
    };
    let side = |p: &DocPath| StepSide {
        number: None,
        heading: "(whole file)".into(),
        markup: String::new(),
        at: whole_location(p.rel()),
    };
    let mut step = StepDiff {
        status: Status::Equal,
        moved: false,
        left: Some(side(lp)),
        right: Some(side(rp)),
        counts: Counts::default(),
        differences: Vec::new(),
        rows: Vec::new(),
    };
    if bytes(l) != bytes(r) {
        step.status = Status::Changed;
        step.counts.add(Class::Changed);
        step.differences.push(Difference {
            class: Class::Changed,
            what: "file".into(),
            context: Vec::new(),
            left: Place {
                at: whole_location(lp.rel()),
                text: None,
            },
            right: Place {
                at: whole_location(rp.rel()),
                text: None,
            },
            before: String::new(),
            after: String::new(),
            rules: Vec::new(),
            note: Some("binary files differ".into()),
        });
    }
    vec![step]
}

fn pseudo_title(origin: StepOrigin) -> &'static str {
    match origin {
        StepOrigin::Before => "(before the steps)",
        StepOrigin::After => "(after the steps)",
        StepOrigin::Whole | StepOrigin::ProcedureStep | StepOrigin::ListItem => "(whole file)",
    }
}

/// Aligns and compares the steps of two page models.
fn compare_pages(cmp: &Cmp, l: &PageModel, r: &PageModel) -> Vec<StepDiff> {
    let number = |steps: &[StepModel]| -> Vec<Option<usize>> {
        let mut n = 0;
        steps
            .iter()
            .map(|s| {
                s.is_step().then(|| {
                    n += 1;
                    n
                })
            })
            .collect()
    };
    let nl = number(&l.steps);
    let nr = number(&r.steps);
    let side = |s: &StepModel, n: Option<usize>| StepSide {
        number: n,
        heading: if s.is_step() {
            s.heading.plain()
        } else {
            pseudo_title(s.origin).to_string()
        },
        markup: s.markup.clone(),
        at: cmp.loc(s.span),
    };
    let mut last_l = Span::new(l.file, 0, 0);
    let mut last_r = Span::new(r.file, 0, 0);
    let mut out_steps = Vec::new();
    for p in align::align_steps(&l.steps, &r.steps, cmp.rules) {
        let mut out = Out::default();
        let (left, right, status) = match (p.left, p.right) {
            (Some(i), Some(j)) => {
                let moved = p.moved.then(|| (nl[i].unwrap_or(0), nr[j].unwrap_or(0)));
                cmp.step_pair(&l.steps[i], &r.steps[j], moved, &mut out);
                last_l = end_of(l.steps[i].span);
                last_r = end_of(r.steps[j].span);
                (
                    Some(side(&l.steps[i], nl[i])),
                    Some(side(&r.steps[j], nr[j])),
                    None,
                )
            }
            (Some(i), None) => {
                let s = side(&l.steps[i], nl[i]);
                let title = step_title(&s);
                cmp.step_one_side(&l.steps[i], &title, Side::Left, last_r, &mut out);
                last_l = end_of(l.steps[i].span);
                (Some(s), None, Some(Status::OnlyLeft))
            }
            (None, Some(j)) => {
                let s = side(&r.steps[j], nr[j]);
                let title = step_title(&s);
                cmp.step_one_side(&r.steps[j], &title, Side::Right, last_l, &mut out);
                last_r = end_of(r.steps[j].span);
                (None, Some(s), Some(Status::OnlyRight))
            }
            (None, None) => continue,
        };
        let mut counts = Counts::default();
        for d in &out.diffs {
            counts.add(d.class);
        }
        let status = status.unwrap_or(Status::from_counts(&counts));
        out_steps.push(StepDiff {
            status,
            moved: p.moved,
            left,
            right,
            counts,
            differences: out.diffs,
            rows: out.rows,
        });
    }
    out_steps
}

fn end_of(s: Span) -> Span {
    Span {
        file: s.file,
        start: s.end,
        end: s.end,
    }
}

fn step_title(s: &StepSide) -> String {
    match s.number {
        Some(n) => format!("{n}. {}", s.heading),
        None => s.heading.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FileId;

    #[test]
    fn paths_are_normalized_for_rule_lookup() {
        assert_eq!(norm_path("./a/b.rst"), "a/b.rst");
        assert_eq!(norm_path("/a/b.rst"), "a/b.rst");
    }

    #[test]
    fn pseudo_titles() {
        assert_eq!(pseudo_title(StepOrigin::Before), "(before the steps)");
    }

    #[test]
    fn unknown_file_ids_never_panic() {
        let files = Files(Vec::new());
        let rules = Rules::default();
        let cmp = Cmp {
            rules: &rules,
            files: &files,
            show_markup: false,
        };
        assert_eq!(cmp.loc(Span::new(FileId(7), 0, 3)).file, "?");
    }
}
