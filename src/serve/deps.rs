//! Which pages read each file: what an edit to a file reloads. Kept up to
//! date page by page (a reloaded page replaces its own entries), so an edit
//! costs a lookup, not a scan of every page's dependencies (that scan took
//! tens of milliseconds at 10,000 pages).

use crate::resolve::LoadedPage;
use std::collections::{BTreeSet, HashMap};

/// Files (root-relative) → the pages that read them.
#[derive(Debug, Default)]
pub(crate) struct DepIndex {
    by_file: HashMap<String, BTreeSet<String>>,
}

impl DepIndex {
    /// Indexes every page.
    pub(crate) fn of<'a>(pages: impl IntoIterator<Item = &'a LoadedPage>) -> Self {
        let mut d = DepIndex::default();
        for p in pages {
            d.add(p);
        }
        d
    }

    /// Records that `page` reads each of its dependencies.
    pub(crate) fn add(&mut self, page: &LoadedPage) {
        for f in &page.deps {
            self.by_file
                .entry(f.clone())
                .or_default()
                .insert(page.name.clone());
        }
    }

    /// Forgets what `page` reads (before it is loaded again).
    pub(crate) fn remove(&mut self, page: &LoadedPage) {
        for f in &page.deps {
            if let Some(set) = self.by_file.get_mut(f) {
                set.remove(&page.name);
                if set.is_empty() {
                    self.by_file.remove(f);
                }
            }
        }
    }

    /// Whether some page reads `file`.
    pub(crate) fn is_read(&self, file: &str) -> bool {
        self.by_file.contains_key(file)
    }

    /// The pages that read any of `files`.
    pub(crate) fn readers<'a>(
        &'a self,
        files: impl IntoIterator<Item = &'a String>,
    ) -> impl Iterator<Item = &'a String> {
        files
            .into_iter()
            .filter_map(|f| self.by_file.get(f))
            .flatten()
    }

    /// Every file some page reads.
    pub(crate) fn files(&self) -> impl Iterator<Item = &str> {
        self.by_file.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(name: &str, deps: &[&str]) -> LoadedPage {
        LoadedPage {
            name: name.into(),
            doc: crate::doc::Document {
                file: crate::text::FileId(0),
                blocks: Vec::new(),
            },
            deps: deps.iter().map(|d| d.to_string()).collect(),
            diags: Vec::new(),
        }
    }

    #[test]
    fn a_reloaded_page_replaces_its_own_entries() {
        let a = page("a", &["source/a.rst", "includes/x.rst"]);
        let b = page("b", &["source/b.rst", "includes/x.rst"]);
        let mut d = DepIndex::of([&a, &b]);
        let x = ["includes/x.rst".to_string()];
        assert_eq!(d.readers(&x).collect::<Vec<_>>(), ["a", "b"]);
        d.remove(&a);
        d.add(&page("a", &["source/a.rst", "includes/y.rst"]));
        assert_eq!(d.readers(&x).collect::<Vec<_>>(), ["b"]);
        assert!(d.is_read("includes/y.rst"));
        d.remove(&b);
        assert!(!d.is_read("includes/x.rst"), "no reader left");
    }
}
