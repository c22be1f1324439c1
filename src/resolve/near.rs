//! "Did you mean …?" for an include or literalinclude path that does not
//! exist: the nearest file in the same folder (giza fragments included),
//! else the same name in another folder, else a near name in the nearest
//! folder (a typo in a folder name). The suggestion is written as the user
//! wrote the path: the same folders when only the file name changes,
//! `/…` when they wrote an absolute path.
//!
//! Cost is bounded: the file list is collected once per build
//! ([`Project::file_index`]), each folder's candidates once, each missing
//! path's suggestion once, and scoring goes through [`crate::suggest`].

use crate::project::{DocPath, Project};
use std::sync::Arc;

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn split(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// The names folder `dir` offers: its files and its giza fragments.
fn candidates(project: &Project, dir: &str) -> Arc<Vec<String>> {
    let index = project.file_index();
    if let Some(c) = lock(&index.candidates).get(dir) {
        return c.clone();
    }
    let mut names: Vec<String> = index.dirs.get(dir).cloned().unwrap_or_default();
    if index.giza_dirs.contains(dir) {
        names.extend(project.giza.fragment_names(project, dir));
        names.sort();
        names.dedup();
    }
    let names = Arc::new(names);
    lock(&index.candidates).insert(dir.to_string(), names.clone());
    names
}

/// The existing file (root-relative) nearest to the missing `rel`.
fn nearest(project: &Project, rel: &str) -> Option<String> {
    let (dir, name) = split(rel);
    let index = project.file_index();
    let near_in = |d: &str| {
        let c = candidates(project, d);
        crate::suggest::did_you_mean(name, c.iter().map(String::as_str)).map(|n| join(d, &n))
    };
    if index.has_dir(dir) {
        if let Some(s) = near_in(dir) {
            return Some(s);
        }
    } else if let Some(d) =
        crate::suggest::did_you_mean(dir, index.all_dirs().filter(|d| !d.is_empty()))
    {
        // A typo in a folder name: the same or a near name there.
        if let Some(s) = near_in(&d) {
            return Some(s);
        }
    }
    // The same file name in another folder (a moved file): the folder
    // nearest to the one written.
    let mut best: Option<(f64, &str)> = None;
    for d in index.all_dirs() {
        if d != dir && candidates(project, d).iter().any(|n| n == name) {
            let score = strsim::jaro_winkler(dir, d);
            if best.is_none_or(|(b, bd)| score > b || (score == b && d < bd)) {
                best = Some((score, d));
            }
        }
    }
    best.map(|(_, d)| join(d, name))
}

/// How the user would write `target` (root-relative) in a directive of
/// `from`, given that they wrote `written` for a missing file.
fn as_written(
    project: &Project,
    from: &DocPath,
    written: &str,
    missing: &str,
    target: &str,
) -> String {
    let written = written.trim();
    // Only the file name differs: keep their folders as they wrote them.
    if split(missing).0 == split(target).0 {
        return match written.rsplit_once('/') {
            Some((d, _)) => format!("{d}/{}", split(target).1),
            None => split(target).1.to_string(),
        };
    }
    let base = project
        .abs_base
        .strip_prefix(&project.root)
        .map(crate::project::paths::slash_path)
        .unwrap_or_default();
    if written.starts_with('/') {
        if base.is_empty() {
            return format!("/{target}");
        }
        if let Some(rest) = target.strip_prefix(&format!("{base}/")) {
            return format!("/{rest}");
        }
    }
    // Relative to the including file's folder.
    let from_dir: Vec<&str> = split(from.rel())
        .0
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// "did you mean `…`?" for the missing file `missing` (root-relative) that
/// `from` wrote as `written`; `None` when nothing is near.
pub(crate) fn suggest_path(
    project: &Project,
    from: &DocPath,
    written: &str,
    missing: &str,
) -> Option<String> {
    if missing.len() > 4 * crate::suggest::MAX_NAME_CHARS {
        return None;
    }
    let index = project.file_index();
    let cached = lock(&index.suggestions).get(missing).cloned();
    let target = match cached {
        Some(t) => t,
        None => {
            let t = nearest(project, missing).filter(|t| t != missing);
            lock(&index.suggestions).insert(missing.to_string(), t.clone());
            t
        }
    }?;
    Some(as_written(project, from, written, missing, &target))
}
