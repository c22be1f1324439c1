//! The rendered files the preview server holds, and which of them changed
//! since they were last handed to the HTTP side. A rebuild touches a few
//! entries; publishing copies only those, so an edit costs the same on a
//! 10-page site as on a 10,000-page one (copying the whole map per edit
//! took milliseconds at 10,000 pages).

use crate::render::nav::NAV_SCRIPT_PATH;
use crate::render::templates::Templates;
use crate::render::SiteInfo;
use crate::resolve::refs::LabelTable;
use crate::site::{render_site, Site};
use axum::body::Bytes;
use std::collections::HashMap;

/// Rendered files by path relative to the HTML output root
/// (`csfle/aws-iam-user.html`, `index.html`, `_static/procdoc.css`).
pub(crate) type Files = HashMap<String, Bytes>;

/// What changed in the served files: a new content, or `None` for removed.
pub(crate) type Changes = Vec<(String, Option<Bytes>)>;

/// The files of one build of the site, with the keys changed since the
/// last [`ServedFiles::take_changes`].
#[derive(Debug, Default)]
pub(crate) struct ServedFiles {
    map: Files,
    changed: Vec<String>,
}

impl ServedFiles {
    /// The files.
    pub(crate) fn map(&self) -> &Files {
        &self.map
    }

    /// Sets `key` to `bytes`; returns whether that changed anything.
    pub(crate) fn set(&mut self, key: &str, bytes: Bytes) -> bool {
        if self.map.get(key) == Some(&bytes) {
            return false;
        }
        self.map.insert(key.to_string(), bytes);
        self.changed.push(key.to_string());
        true
    }

    /// Removes `key`; returns whether it was there.
    pub(crate) fn remove(&mut self, key: &str) -> bool {
        let had = self.map.remove(key).is_some();
        if had {
            self.changed.push(key.to_string());
        }
        had
    }

    /// Marks every key as changed, and `removed` keys as gone (a full
    /// reload replaces everything).
    pub(crate) fn mark_all(&mut self, removed: impl IntoIterator<Item = String>) {
        self.changed = self.map.keys().cloned().chain(removed).collect();
    }

    /// The changes since the last call, each key once.
    pub(crate) fn take_changes(&mut self) -> Changes {
        let mut keys = std::mem::take(&mut self.changed);
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .map(|k| {
                let v = self.map.get(&k).cloned();
                (k, v)
            })
            .collect()
    }
}

/// Applies `changes` to `files`.
pub(crate) fn apply(files: &mut Files, changes: Changes) {
    for (k, v) in changes {
        match v {
            Some(b) => {
                files.insert(k, b);
            }
            None => {
                files.remove(&k);
            }
        }
    }
}

/// The static files `procdoc build` writes next to the pages (stylesheet,
/// scripts), by key: whatever [`render_site`] emits for a site without
/// pages, minus pages, so serve and build cannot drift apart.
pub(crate) fn static_files_of(templates: &Templates) -> Vec<(String, Bytes)> {
    let empty = Site {
        pages: Vec::new(),
        summaries: Vec::new(),
        images: Default::default(),
        labels: LabelTable::default(),
        info: SiteInfo::default(),
        diags: Vec::new(),
    };
    let (files, _) = render_site(&empty, templates, None);
    files
        .into_iter()
        .filter_map(|f| {
            let key = f.path.strip_prefix("html/")?;
            // The navigation tree depends on the pages: `render` keeps it.
            (!key.ends_with(".html") && key != NAV_SCRIPT_PATH)
                .then(|| (key.to_string(), Bytes::from(f.contents)))
        })
        .collect()
}

/// The page a served file belongs to (`None` for non-page files).
pub(crate) fn key_page(key: &str) -> Option<String> {
    key.strip_suffix(".html").map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_keys_are_handed_over_once() {
        let mut s = ServedFiles::default();
        assert!(s.set("a.html", Bytes::from_static(b"1")));
        assert!(s.set("b.html", Bytes::from_static(b"1")));
        let mut served = Files::new();
        apply(&mut served, s.take_changes());
        assert_eq!(served.len(), 2);
        assert!(!s.set("a.html", Bytes::from_static(b"1")), "same bytes");
        assert!(s.set("a.html", Bytes::from_static(b"2")));
        assert!(s.set("a.html", Bytes::from_static(b"3")));
        assert!(s.remove("b.html"));
        let changes = s.take_changes();
        assert_eq!(changes.len(), 2, "{changes:?}");
        apply(&mut served, changes);
        assert_eq!(served["a.html"], Bytes::from_static(b"3"));
        assert!(!served.contains_key("b.html"));
        assert!(s.take_changes().is_empty());
    }
}
