//! Which files to compare: the `[[diff]]` entries of the config (file
//! pairs, folder pairs, glob mapping rules), folder pairs given on the
//! command line, and the comparison pages of the built site; then running
//! the comparisons in parallel.

use super::classify::Rules;
use super::{
    configured_rules, diff_files_reusing, format, format_markdown, has_glob, norm_path, on_disk,
    DiffReport, DiffRequest, DiffSet, PairDirsRequest, Reuse, SitePage,
};
use crate::diag::{Code, Diagnostic};
use crate::project::{paths, Project};
use crate::render::templates::Templates;
use crate::render::{PairInfo, PairSide};
use crate::resolve::summary::PageSummary;
use crate::resolve::LoadedPage;
use rayon::prelude::*;
use std::collections::HashMap;

/// One comparison to make: two files relative to the root and their rules.
struct Job {
    left: String,
    right: String,
    equivalent: Vec<[String; 2]>,
}

/// What the `[[diff]]` entries (or a folder pair) expand to.
#[derive(Default)]
struct Plan {
    jobs: Vec<Job>,
    only_left: Vec<String>,
    only_right: Vec<String>,
    errors: Vec<Diagnostic>,
}

impl Plan {
    fn push(&mut self, project: &Project, left: String, right: String, rules: &[[String; 2]]) {
        if self.jobs.iter().any(|j| j.left == left && j.right == right) {
            return;
        }
        let mut equivalent = rules.to_vec();
        for r in configured_rules(project, &left, &right) {
            if !equivalent.contains(&r) {
                equivalent.push(r);
            }
        }
        self.jobs.push(Job {
            left,
            right,
            equivalent,
        });
    }

    /// Runs the comparisons (in parallel; results in plan order).
    fn run(self, project: &Project, show_markup: bool, reuse: &Reuse<'_>) -> DiffSet {
        let results: Vec<Result<DiffReport, Diagnostic>> = self
            .jobs
            .par_iter()
            .map(|j| {
                diff_files_reusing(
                    project,
                    &DiffRequest {
                        left: j.left.clone(),
                        right: j.right.clone(),
                        equivalent: j.equivalent.clone(),
                        show_markup,
                    },
                    reuse,
                )
            })
            .collect();
        let mut set = DiffSet {
            only_left: self.only_left,
            only_right: self.only_right,
            errors: self.errors,
            ..DiffSet::default()
        };
        for r in results {
            match r {
                Ok(rep) => set.pairs.push(rep),
                Err(d) => set.errors.push(d),
            }
        }
        set
    }
}

/// A glob split into the folder before its first wildcard and the rest:
/// `includes/tutorials/**` is (`includes/tutorials`, `**`).
fn split_glob(p: &str) -> (String, String) {
    let p = norm_path(p);
    let parts: Vec<&str> = p.split('/').collect();
    let k = parts
        .iter()
        .position(|c| has_glob(c))
        .unwrap_or(parts.len());
    (parts[..k].join("/"), parts[k..].join("/"))
}

fn matcher(
    pattern: &str,
    entry: &crate::project::DiffPair,
) -> Result<globset::GlobMatcher, Diagnostic> {
    globset::Glob::new(pattern)
        .map(|g| g.compile_matcher())
        .map_err(|e| {
            Diagnostic::error(
                Code::ConfigInvalid,
                format!(
                    "[[diff]] entry `{}` ↔ `{}`: invalid glob `{pattern}`: {e}",
                    entry.left, entry.right
                ),
            )
            .with_help("a mapping rule is two globs with the same wildcards, such as `includes/tutorials/**` and `includes/queryable-encryption/tutorials/**`")
        })
}

/// Pairs the files under two folders (relative to the root) whose paths
/// below them match `lpat` / `rpat`: a left file pairs with the right file
/// at the same relative path, or at the relative path the rules turn it
/// into (`csfle-x.rst` → `qe-x.rst`). Unpaired files are one-sided (paths
/// relative to the root).
#[allow(clippy::too_many_arguments)]
fn plan_dirs(
    project: &Project,
    ld: &str,
    rd: &str,
    lpat: Option<&globset::GlobMatcher>,
    rpat: Option<&globset::GlobMatcher>,
    rules: &[[String; 2]],
    path_rules: &Rules,
    plan: &mut Plan,
) {
    let lf: Vec<String> = list_files(project, ld)
        .into_iter()
        .filter(|f| lpat.is_none_or(|m| m.is_match(f)))
        .collect();
    let rf: Vec<String> = list_files(project, rd)
        .into_iter()
        .filter(|f| rpat.is_none_or(|m| m.is_match(f)))
        .collect();
    let mut right_used = vec![false; rf.len()];
    for f in &lf {
        let mapped = path_rules.apply_str(f);
        let hit = rf
            .binary_search(f)
            .ok()
            .or_else(|| rf.binary_search(&mapped).ok());
        match hit {
            Some(k) if !right_used[k] => {
                right_used[k] = true;
                plan.push(project, join_rel(ld, f), join_rel(rd, &rf[k]), rules);
            }
            _ => plan.only_left.push(join_rel(ld, f)),
        }
    }
    for (k, f) in rf.iter().enumerate() {
        if !right_used[k] {
            plan.only_right.push(join_rel(rd, f));
        }
    }
}

/// Compares every `[[diff]]` entry of the config, in order. An entry is a
/// pair of files, a pair of folders (every file with the same relative
/// path, like `--pair-dirs`), or a mapping rule of two globs
/// (`includes/tutorials/**` ↔ `includes/queryable-encryption/tutorials/**`)
/// that pairs every file the left glob matches with the file at the same
/// place under the right one. Files found on one side only are reported;
/// entries that cannot be compared, or that match no file, are in
/// [`DiffSet::errors`].
pub fn diff_all(project: &Project, show_markup: bool) -> DiffSet {
    diff_all_reusing(project, show_markup, &Reuse::new())
}

/// Like [`diff_all`], reusing pages the site already loaded and resolved
/// (`build` and `serve`): a pair side that is one of these pages is not
/// loaded again.
pub fn diff_all_in(project: &Project, pages: &[LoadedPage], show_markup: bool) -> DiffSet {
    diff_all_reusing(project, show_markup, &reuse_map(project, pages))
}

fn reuse_map<'a>(project: &Project, pages: &'a [LoadedPage]) -> Reuse<'a> {
    let by_name: HashMap<&str, &str> = project
        .pages
        .iter()
        .map(|p| (p.name.as_str(), p.path.rel()))
        .collect();
    pages
        .iter()
        .filter_map(|p| by_name.get(p.name.as_str()).map(|rel| (rel.to_string(), p)))
        .collect()
}

fn diff_all_reusing(project: &Project, show_markup: bool, reuse: &Reuse<'_>) -> DiffSet {
    plan_all(project).run(project, show_markup, reuse)
}

/// The files (relative to the root) that the `[[diff]]` entries compare:
/// the build keeps these pages' trees for the comparison pages and drops
/// every other page's tree once it is summarised.
pub fn planned_files(project: &Project) -> std::collections::HashSet<String> {
    if project.config.diff.is_empty() {
        return Default::default();
    }
    plan_all(project)
        .jobs
        .into_iter()
        .flat_map(|j| [j.left, j.right])
        .collect()
}

/// Expands the `[[diff]]` entries into comparisons.
fn plan_all(project: &Project) -> Plan {
    let mut plan = Plan::default();
    for entry in &project.config.diff {
        let rules = match Rules::new(&entry.equivalent, &project.constants) {
            Ok(r) => r,
            Err(d) => {
                plan.errors.push(d);
                continue;
            }
        };
        if has_glob(&entry.left) || has_glob(&entry.right) {
            let (lb, lp) = split_glob(&entry.left);
            let (rb, rp) = split_glob(&entry.right);
            let (lm, rm) = match (matcher(&lp, entry), matcher(&rp, entry)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(d), _) | (_, Err(d)) => {
                    plan.errors.push(d);
                    continue;
                }
            };
            let (ld, rd) = match (dir_in_root(project, &lb), dir_in_root(project, &rb)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(d), _) | (_, Err(d)) => {
                    plan.errors.push(d);
                    continue;
                }
            };
            let before = (plan.jobs.len(), plan.only_left.len(), plan.only_right.len());
            plan_dirs(
                project,
                &ld,
                &rd,
                Some(&lm),
                Some(&rm),
                &entry.equivalent,
                &rules,
                &mut plan,
            );
            if before == (plan.jobs.len(), plan.only_left.len(), plan.only_right.len()) {
                plan.errors.push(
                    Diagnostic::error(
                        Code::IncludeNotFound,
                        format!(
                            "[[diff]] mapping `{}` ↔ `{}` matches no file",
                            entry.left, entry.right
                        ),
                    )
                    .with_help("globs are relative to the docs root (the folder holding procdoc.toml or snooty.toml)"),
                );
            }
        } else if on_disk(project, &entry.left).is_dir() {
            match (
                dir_in_root(project, &entry.left),
                dir_in_root(project, &entry.right),
            ) {
                (Ok(ld), Ok(rd)) => plan_dirs(
                    project,
                    &ld,
                    &rd,
                    None,
                    None,
                    &entry.equivalent,
                    &rules,
                    &mut plan,
                ),
                (Err(d), _) | (_, Err(d)) => plan.errors.push(d),
            }
        } else {
            plan.push(
                project,
                norm_path(&entry.left).to_string(),
                norm_path(&entry.right).to_string(),
                &entry.equivalent,
            );
        }
    }
    plan
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
    let rules = Rules::new(&req.equivalent, &project.constants)?;
    let mut plan = Plan::default();
    plan_dirs(
        project,
        &ld,
        &rd,
        None,
        None,
        &req.equivalent,
        &rules,
        &mut plan,
    );
    // One-sided files are listed relative to their folder.
    let strip = |v: &mut Vec<String>, d: &str| {
        for f in v.iter_mut() {
            if let Some(rest) = f.strip_prefix(d).and_then(|x| x.strip_prefix('/')) {
                *f = rest.to_string();
            }
        }
    };
    strip(&mut plan.only_left, &ld);
    strip(&mut plan.only_right, &rd);
    let mut set = plan.run(project, req.show_markup, &Reuse::new());
    set.left_dir = Some(ld);
    set.right_dir = Some(rd);
    Ok(set)
}

/// What `procdoc build` and `serve` add to the site for the `[[diff]]`
/// entries: the side-by-side HTML pages and the Markdown comparison.
#[derive(Debug, Default)]
pub struct SiteDiff {
    /// `diff/index.html` and one `diff/<left path without extension>.html`
    /// per pair, paths relative to the HTML output folder.
    pub html: Vec<SitePage>,
    /// The whole comparison as one Markdown page (`markdown/diff/index.md`).
    pub markdown: Option<String>,
    /// One Markdown page per pair (`diff/<left path without extension>.md`,
    /// relative to the Markdown output folder; the text is in `html`).
    pub markdown_pages: Vec<SitePage>,
    /// Each pair's comparison page and the pages on either side.
    pub pairs: Vec<PairInfo>,
    /// Pairs that could not be compared, and template failures.
    pub diags: Vec<Diagnostic>,
}

/// The comparison pages of a site whose pages are already loaded and
/// resolved (`pages`, reused rather than loaded again). Empty when the
/// config declares no `[[diff]]` entry. Computed once for both formats.
pub fn site_pages(
    project: &Project,
    pages: &[LoadedPage],
    summaries: &[PageSummary],
    templates: &Templates,
) -> SiteDiff {
    if project.config.diff.is_empty() {
        return SiteDiff::default();
    }
    let set = diff_all_in(project, pages, false);
    let mut diags = set.errors.clone();
    if set.pairs.is_empty() && set.errors.is_empty() {
        return SiteDiff {
            diags,
            ..SiteDiff::default()
        };
    }
    let title = &project.config.project.title;
    let mut html = Vec::new();
    let mut markdown_pages = Vec::new();
    let mut infos = Vec::new();
    let mut links: Vec<(String, &DiffReport)> = Vec::new();
    let mut pairs: Vec<PairInfo> = Vec::new();
    let mut used = std::collections::HashSet::new();
    let page_title = |name: &str| -> String {
        summaries
            .binary_search_by(|p| p.name.as_str().cmp(name))
            .ok()
            .and_then(|i| summaries[i].title.clone())
            .unwrap_or_else(|| name.to_string())
    };
    let mut set = set;
    for rep in &mut set.pairs {
        let side = |file: &str| PairSide {
            file: file.to_string(),
            pages: summaries
                .iter()
                .filter(|p| p.deps.contains(file))
                .map(|p| p.name.clone())
                .collect(),
        };
        let (l, r) = (side(&rep.left), side(&rep.right));
        let name = |s: &PairSide| s.pages.first().map_or(s.file.clone(), |p| page_title(p));
        rep.titles = Some([name(&l), name(&r)]);
        infos.push((l, r));
    }
    for (rep, (l, r)) in set.pairs.iter().zip(infos.iter()) {
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
        let stem_page = path.strip_suffix(".html").unwrap_or(&path).to_string();
        // Links back to the pages on either side.
        let back: Vec<(String, String)> = l
            .pages
            .iter()
            .chain(r.pages.iter())
            .map(|p| {
                (
                    page_title(p),
                    crate::render::page_url(&stem_page, p, "html"),
                )
            })
            .collect();
        let site_links = format::html::SiteLinks {
            index: &index,
            pages: &back,
        };
        markdown_pages.push(SitePage {
            path: format!("{stem_page}.md"),
            html: format_markdown(&one),
        });
        match format::html::page(&one, templates, title, &root, Some(&site_links)) {
            Ok(h) => html.push(SitePage {
                path: path.clone(),
                html: h,
            }),
            Err(d) => diags.push(d),
        }
        links.push((path, rep));
        pairs.push(PairInfo {
            page: stem_page,
            left: l.clone(),
            right: r.clone(),
        });
    }
    match format::html::index_page(&links, &set, templates, title) {
        Ok(h) => html.insert(
            0,
            SitePage {
                path: "diff/index.html".into(),
                html: h,
            },
        ),
        Err(d) => diags.push(d),
    }
    SiteDiff {
        html,
        markdown: Some(format_markdown(&set)),
        markdown_pages,
        pairs,
        diags,
    }
}
