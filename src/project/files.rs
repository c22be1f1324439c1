//! The project's file list, for "did you mean" on a mistyped include path.
//!
//! Listing the tree on every failed include would make a page with many
//! broken includes cost one walk each; instead the list is collected once,
//! on the first miss of a build, and shared by every page (the [`Project`]
//! holds it). `serve` forgets it when files change. The walk is bounded
//! ([`MAX_LISTED_FILES`]), skips hidden entries, procdoc's own output
//! folders and cache folders (`CACHEDIR.TAG`, as in cargo's `target/`;
//! `node_modules`), and follows no symlinked folder.
//!
//! [`Project`]: super::Project

use super::paths::slash_path;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// The walk stops after this many files (suggestions for the rest are
/// simply not made).
pub const MAX_LISTED_FILES: usize = 100_000;

/// Every file of the project by folder, and the folders giza YAML files
/// generate fragments into.
#[derive(Debug, Default)]
pub struct FileIndex {
    /// File names by folder (root-relative, `/`-separated, `""` for the
    /// root), sorted.
    pub dirs: HashMap<String, Vec<String>>,
    /// Folders of giza fragments (`includes/steps`, `includes/extracts`),
    /// which need not exist on disk.
    pub giza_dirs: BTreeSet<String>,
    /// Names a folder offers as candidates (its files and its giza
    /// fragments), computed once per folder by the caller.
    pub candidates: Mutex<HashMap<String, Arc<Vec<String>>>>,
    /// Suggestions already made, by missing path (root-relative).
    pub suggestions: Mutex<HashMap<String, Option<String>>>,
}

impl FileIndex {
    /// Lists the files under `root` (bounded; hidden entries, procdoc's
    /// output folders and symlinked folders skipped).
    pub fn collect(root: &Path) -> FileIndex {
        let mut index = FileIndex::default();
        let mut listed = 0;
        let walk = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_name().to_string_lossy().starts_with('.')
                        || (e.file_type().is_dir()
                            && (e.file_name() == "node_modules"
                                || e.path().join(crate::output::MARKER).is_file()
                                || e.path().join("CACHEDIR.TAG").is_file())))
            });
        for entry in walk {
            let Ok(entry) = entry else { continue };
            let ft = entry.file_type();
            if !(ft.is_file() || (ft.is_symlink() && entry.path().is_file())) {
                continue;
            }
            listed += 1;
            if listed > MAX_LISTED_FILES {
                break;
            }
            let Ok(rel) = entry.path().strip_prefix(root) else {
                continue;
            };
            let rel = slash_path(rel);
            let (dir, name) = match rel.rsplit_once('/') {
                Some((d, n)) => (d.to_string(), n.to_string()),
                None => (String::new(), rel.clone()),
            };
            if let Some(cat) = crate::giza::model::Category::of_file(&name) {
                index.giza_dirs.insert(if dir.is_empty() {
                    cat.as_str().to_string()
                } else {
                    format!("{dir}/{}", cat.as_str())
                });
            }
            index.dirs.entry(dir).or_default().push(name);
        }
        for names in index.dirs.values_mut() {
            names.sort();
        }
        index
    }

    /// Whether `dir` holds files or giza fragments.
    pub fn has_dir(&self, dir: &str) -> bool {
        self.dirs.contains_key(dir) || self.giza_dirs.contains(dir)
    }

    /// Every folder that holds files or giza fragments.
    pub fn all_dirs(&self) -> impl Iterator<Item = &str> {
        self.dirs
            .keys()
            .map(String::as_str)
            .chain(self.giza_dirs.iter().map(String::as_str))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_by_folder_and_skips_hidden_output_and_cache_folders() {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        };
        w("includes/a.rst");
        w("includes/steps-install.yaml");
        w("top.rst");
        w(".git/config");
        w("target/CACHEDIR.TAG");
        w("target/release/x.rst");
        w("node_modules/m/index.js");
        w(&format!("build/html/{}", crate::output::MARKER));
        w("build/html/page.html");
        let index = FileIndex::collect(dir.path());
        let mut dirs: Vec<&str> = index.dirs.keys().map(String::as_str).collect();
        dirs.sort();
        assert_eq!(dirs, ["", "includes"]);
        assert_eq!(index.dirs["includes"], ["a.rst", "steps-install.yaml"]);
        assert!(index.has_dir("includes/steps") && !index.has_dir("includes/extracts"));
    }
}
