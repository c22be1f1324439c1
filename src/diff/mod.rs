//! Variant drift: compares two parallel copies of a tutorial (CSFLE and QE)
//! and reports only what matters.
//!
//! A line diff of the two files is mostly noise: one is a lettered list, the
//! other a `procedure`; labels, product names, refs and include paths differ
//! on purpose. So the differ compares *resolved* documents (constants
//! expanded, includes and literalincludes read), reduced to steps of plain
//! blocks ([`model`]); aligns steps and blocks ([`align`]); compares words
//! and code lines and classifies each difference as `changed`, `only-left`,
//! `only-right` or `expected` (explained by an `equivalent` rule,
//! [`classify`]); and renders the result as text, HTML, Markdown or JSON
//! ([`format`]).
//!
//! Entry points: [`diff_files`] (one pair), [`diff_all`] (every `[[diff]]`
//! pair of the config), [`pair_dirs`] (every file with the same relative
//! path in two folders) and [`site_pages`] (the side-by-side pages `procdoc
//! build` writes under `html/diff/`). [`DiffSet::exit_code`] gives the exit
//! status, like diff(1).

// Diagnostic is the crate's error type, large or not.
#![allow(clippy::result_large_err)]

mod align;
mod classify;
mod compare;
pub mod format;
mod model;
mod report;

pub use format::{format_html, format_json, format_markdown, format_text};
pub use report::{
    Class, Counts, DiffReport, DiffSet, Difference, Mark, Place, Row, RowKind, Seg, Status,
    StepDiff, StepSide,
};

use crate::diag::render::Location;
use crate::diag::{Code, Diagnostic};
use crate::project::{paths, DocPath, PathError, Project, ReadError};
use crate::render::templates::Templates;
use crate::text::{SourceFile, Span};
use classify::Rules;
use compare::{Cmp, Out, Side};
use model::{Files, PageModel, StepModel, StepOrigin};
use rayon::prelude::*;
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

/// The `equivalent` rules the config declares for this exact pair (the
/// union when several `[[diff]]` entries name it); empty when none does.
pub fn configured_rules(project: &Project, left: &str, right: &str) -> Vec<[String; 2]> {
    let (l, r) = (norm_path(left), norm_path(right));
    project
        .config
        .diff
        .iter()
        .filter(|p| norm_path(&p.left) == l && norm_path(&p.right) == r)
        .flat_map(|p| p.equivalent.iter().cloned())
        .collect()
}

/// A file to compare, loaded.
enum Loaded {
    /// A reStructuredText page or fragment, resolved.
    Page(crate::resolve::LoadedPage),
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

fn load(project: &Project, rel: &str) -> Result<(DocPath, Loaded), Diagnostic> {
    if rel.trim().is_empty() {
        return Err(path_diag(PathError::Empty, "a file"));
    }
    let path = paths::resolve_in(&project.root, &on_disk(project, rel))
        .map_err(|e| path_diag(e, &format!("`{rel}`")))?;
    match project.read(&path) {
        Ok(file) => {
            if is_page(path.rel()) {
                let page = crate::resolve::load_file(project, path.rel())
                    .map_err(|e| path_diag(e, &format!("`{rel}`")))?;
                Ok((path, Loaded::Page(page)))
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
        }),
        span,
    };
    PageModel {
        file: f.id,
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
    let rules = Rules::new(&req.equivalent, &project.constants)?;
    let (lp, l) = load(project, &req.left)?;
    let (rp, r) = load(project, &req.right)?;
    let files = Files(project.db.snapshot());
    let mut diags = Vec::new();
    let mut model_of = |x: &Loaded| -> Option<PageModel> {
        match x {
            Loaded::Page(p) => {
                diags.extend(p.diags.iter().cloned());
                Some(model::page_model(&p.doc, &files, &project.constants))
            }
            Loaded::Text(f) => Some(text_model(f)),
            Loaded::Binary(_) => None,
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
    } else if counts.expected > 0 {
        Status::Expected
    } else {
        Status::Equal
    };
    DiffReport {
        left,
        right,
        status,
        counts,
        rules: rules.expanded(),
        steps,
        diags,
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
            Loaded::Page(_) => Vec::new(),
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
        let status = status.unwrap_or(if counts.drift() > 0 {
            Status::Changed
        } else if counts.expected > 0 {
            Status::Expected
        } else {
            Status::Equal
        });
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

/// Compares every `[[diff]]` pair of the config, in order. Pairs that
/// cannot be compared are in [`DiffSet::errors`].
pub fn diff_all(project: &Project, show_markup: bool) -> DiffSet {
    let results: Vec<Result<DiffReport, Diagnostic>> = project
        .config
        .diff
        .par_iter()
        .map(|p| {
            diff_files(
                project,
                &DiffRequest {
                    left: p.left.clone(),
                    right: p.right.clone(),
                    equivalent: p.equivalent.clone(),
                    show_markup,
                },
            )
        })
        .collect();
    let mut set = DiffSet::default();
    for r in results {
        match r {
            Ok(rep) => set.pairs.push(rep),
            Err(d) => set.errors.push(d),
        }
    }
    set
}

/// A folder inside the root: its path relative to the root.
fn dir_in_root(project: &Project, dir: &str) -> Result<String, Diagnostic> {
    let abs = on_disk(project, dir).canonicalize().map_err(|_| {
        Diagnostic::error(
            Code::IncludeNotFound,
            format!("cannot compare folder `{dir}`: it does not exist"),
        )
        .with_help("folders are relative to the docs root (the folder holding procdoc.toml)")
    })?;
    if !abs.is_dir() {
        return Err(Diagnostic::error(
            Code::IncludeNotFound,
            format!("cannot compare folder `{dir}`: it is not a folder"),
        ));
    }
    let rel = abs.strip_prefix(&project.root).map_err(|_| {
        Diagnostic::error(
            Code::PathOutsideRoot,
            format!("cannot compare folder `{dir}`: it is outside the docs root"),
        )
        .with_help("pass --root the folder holding procdoc.toml or snooty.toml")
    })?;
    Ok(paths::slash_path(rel))
}

/// Files under a folder, relative to it, sorted (hidden files skipped).
fn list_files(project: &Project, rel_dir: &str) -> Vec<String> {
    let base = project.root.join(rel_dir);
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(&base)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let Ok(e) = e else { continue };
        let is_file = e.file_type().is_file() || (e.file_type().is_symlink() && e.path().is_file());
        if !is_file {
            continue;
        }
        if let Ok(rel) = e.path().strip_prefix(&base) {
            out.push(paths::slash_path(rel));
        }
    }
    out.sort();
    out
}

fn join_rel(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// Pairs every file with the same relative path in two folders (how the
/// CSFLE and QE trees are laid out), compares each pair, and lists files
/// present on one side only. `Err` when a folder does not exist or is
/// outside the root; pairs that cannot be compared are in
/// [`DiffSet::errors`].
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn pair_dirs(project: &Project, req: &PairDirsRequest) -> Result<DiffSet, Diagnostic> {
    let ld = dir_in_root(project, &req.left_dir)?;
    let rd = dir_in_root(project, &req.right_dir)?;
    // Checked once here, so a bad rule is one error, not one per pair.
    Rules::new(&req.equivalent, &project.constants)?;
    let lf = list_files(project, &ld);
    let rf = list_files(project, &rd);
    let common: Vec<&String> = lf.iter().filter(|f| rf.binary_search(f).is_ok()).collect();
    let results: Vec<Result<DiffReport, Diagnostic>> = common
        .par_iter()
        .map(|f| {
            let left = join_rel(&ld, f);
            let right = join_rel(&rd, f);
            let mut equivalent = req.equivalent.clone();
            equivalent.extend(configured_rules(project, &left, &right));
            diff_files(
                project,
                &DiffRequest {
                    left,
                    right,
                    equivalent,
                    show_markup: req.show_markup,
                },
            )
        })
        .collect();
    let mut set = DiffSet {
        left_dir: Some(ld),
        right_dir: Some(rd),
        only_left: lf
            .iter()
            .filter(|f| rf.binary_search(f).is_err())
            .cloned()
            .collect(),
        only_right: rf
            .iter()
            .filter(|f| lf.binary_search(f).is_err())
            .cloned()
            .collect(),
        ..DiffSet::default()
    };
    for r in results {
        match r {
            Ok(rep) => set.pairs.push(rep),
            Err(d) => set.errors.push(d),
        }
    }
    Ok(set)
}

/// The side-by-side pages `procdoc build` writes for every `[[diff]]` pair:
/// `diff/index.html` and one `diff/<left path without extension>.html` per
/// pair, paths relative to the HTML output folder. Returns no pages when the
/// config declares no pairs. The diagnostics are pairs that could not be
/// compared and template failures.
pub fn site_pages(project: &Project, templates: &Templates) -> (Vec<SitePage>, Vec<Diagnostic>) {
    let set = diff_all(project, false);
    let mut diags = set.errors.clone();
    if set.pairs.is_empty() && set.errors.is_empty() {
        return (Vec::new(), diags);
    }
    let title = &project.config.project.title;
    let mut pages = Vec::new();
    let mut links: Vec<(String, &DiffReport)> = Vec::new();
    let mut used = std::collections::HashSet::new();
    for rep in &set.pairs {
        let stem = rep
            .left
            .rsplit_once('.')
            .map(|(s, _)| s)
            .unwrap_or(&rep.left);
        let mut path = format!("diff/{stem}.html");
        let mut k = 2;
        while !used.insert(path.clone()) {
            path = format!("diff/{stem}-{k}.html");
            k += 1;
        }
        let root = crate::render::root_prefix(&path);
        let one = DiffSet::from(rep.clone());
        let index = format!("{root}diff/index.html");
        match format::html::page(&one, templates, title, &root, Some(&index)) {
            Ok(html) => pages.push(SitePage {
                path: path.clone(),
                html,
            }),
            Err(d) => diags.push(d),
        }
        links.push((path, rep));
    }
    match format::html::index_page(&links, &set.errors, templates, title) {
        Ok(html) => pages.insert(
            0,
            SitePage {
                path: "diff/index.html".into(),
                html,
            },
        ),
        Err(d) => diags.push(d),
    }
    (pages, diags)
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
