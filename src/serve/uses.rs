//! What each page's references look up in the site-wide tables, so an
//! edit that changes a label, a page title, an object or a glossary term
//! re-resolves only the pages that use it. Re-resolving every page after a
//! title edit took about 300 ms on a 10,000-page site.

use crate::doc::{InlineKind, RefTarget, ResolvedRef};
use crate::resolve::refs::LabelTable;
use crate::resolve::LoadedPage;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

/// An entry of the label table a reference looks up.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key {
    /// A `:ref:` label.
    Label(String),
    /// A page, by name (`:doc:`).
    Page(String),
    /// An object target (`:method:` …): object type, name.
    Object(String, String),
    /// A glossary term.
    Term(String),
}

/// What a page's references use, and how they resolved.
#[derive(Clone, Debug, Default)]
pub(crate) struct Uses {
    /// The keys looked up, sorted, each once.
    pub keys: Vec<Key>,
    /// Some reference found nothing (a new entry may resolve it, and the
    /// did-you-mean of its error lists every entry).
    pub unresolved: bool,
    /// A hash of every resolution (titles and targets).
    pub fingerprint: u64,
}

impl Uses {
    /// Collects them from a resolved page.
    pub(crate) fn of(page: &mut LoadedPage) -> Uses {
        let from = page.name.clone();
        let mut keys = Vec::new();
        let mut unresolved = false;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let mut record = |resolved: &Option<Box<ResolvedRef>>| match resolved {
            None => {
                unresolved = true;
                0u8.hash(&mut h);
            }
            Some(r) => {
                1u8.hash(&mut h);
                r.title.hash(&mut h);
                match &r.target {
                    RefTarget::External(u) => u.hash(&mut h),
                    RefTarget::Page { page, anchor } => {
                        page.hash(&mut h);
                        anchor.hash(&mut h);
                    }
                }
            }
        };
        crate::doc::visit_inlines_mut(&mut page.doc.blocks, &mut |i| match &i.kind {
            InlineKind::Ref {
                target, resolved, ..
            } => {
                keys.push(Key::Label(target.clone()));
                record(resolved);
            }
            InlineKind::Doc {
                target, resolved, ..
            } => {
                let name = crate::resolve::toctree::page_name(&from, target.trim());
                keys.push(Key::Page(name));
                record(resolved);
            }
            InlineKind::Role {
                target: Some(t),
                resolved,
                ..
            } => {
                keys.push(if t.kind == "term" {
                    Key::Term(t.name.clone())
                } else {
                    Key::Object(t.kind.clone(), t.name.clone())
                });
                record(resolved);
            }
            _ => {}
        });
        keys.sort_unstable();
        keys.dedup();
        Uses {
            keys,
            unresolved,
            fingerprint: h.finish(),
        }
    }

    /// Whether the page must be resolved again after `change`.
    pub(crate) fn affected_by(&self, change: &TableChange) -> bool {
        (self.unresolved && change.entries_added_or_removed)
            || self.keys.iter().any(|k| change.keys.contains(k))
    }
}

/// How one label table differs from another, as references see it.
#[derive(Debug, Default)]
pub(crate) struct TableChange {
    /// Entries added, removed or pointing elsewhere (spans aside).
    pub keys: HashSet<Key>,
    /// Some entry was added or removed.
    pub entries_added_or_removed: bool,
}

impl TableChange {
    /// Compares two tables (linear in their sizes).
    pub(crate) fn between(old: &LabelTable, new: &LabelTable) -> TableChange {
        let mut c = TableChange::default();
        diff_maps(
            &old.labels,
            &new.labels,
            |a, b| a.page == b.page && a.title == b.title,
            |k| Key::Label(k.clone()),
            &mut c,
        );
        diff_maps(
            &old.page_titles,
            &new.page_titles,
            |a, b| a == b,
            |k| Key::Page(k.clone()),
            &mut c,
        );
        diff_maps(
            &old.objects,
            &new.objects,
            |a, b| a == b,
            |(t, n)| Key::Object(t.clone(), n.clone()),
            &mut c,
        );
        diff_maps(
            &old.terms,
            &new.terms,
            |a, b| a == b,
            |k| Key::Term(k.clone()),
            &mut c,
        );
        c
    }

    /// Whether nothing changed.
    pub(crate) fn is_empty(&self) -> bool {
        self.keys.is_empty() && !self.entries_added_or_removed
    }
}

/// Records the keys of two sorted maps that differ.
fn diff_maps<K: Ord, V>(
    old: &BTreeMap<K, V>,
    new: &BTreeMap<K, V>,
    same: impl Fn(&V, &V) -> bool,
    key: impl Fn(&K) -> Key,
    out: &mut TableChange,
) {
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((ka, _)), None) => {
                out.keys.insert(key(ka));
                out.entries_added_or_removed = true;
                a.next();
            }
            (None, Some((kb, _))) => {
                out.keys.insert(key(kb));
                out.entries_added_or_removed = true;
                b.next();
            }
            (Some((ka, va)), Some((kb, vb))) => match ka.cmp(kb) {
                std::cmp::Ordering::Less => {
                    out.keys.insert(key(ka));
                    out.entries_added_or_removed = true;
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    out.keys.insert(key(kb));
                    out.entries_added_or_removed = true;
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    if !same(va, vb) {
                        out.keys.insert(key(ka));
                    }
                    a.next();
                    b.next();
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::refs::LabelTarget;
    use crate::text::{FileId, Span};

    fn label(page: &str, title: &str) -> LabelTarget {
        LabelTarget {
            page: page.into(),
            title: Some(title.into()),
            span: Span::new(FileId(0), 0, 1),
            names: Span::new(FileId(0), 0, 1),
        }
    }

    #[test]
    fn a_retitled_page_changes_its_page_key_only() {
        let mut old = LabelTable::default();
        old.page_titles.insert("a".into(), "A".into());
        old.page_titles.insert("b".into(), "B".into());
        old.labels.insert("x".into(), label("a", "A"));
        let mut new = old.clone();
        new.page_titles.insert("b".into(), "B v2".into());
        let c = TableChange::between(&old, &new);
        assert_eq!(c.keys, HashSet::from([Key::Page("b".into())]));
        assert!(!c.entries_added_or_removed);
        let uses_a = Uses {
            keys: vec![Key::Label("x".into()), Key::Page("a".into())],
            ..Uses::default()
        };
        let uses_b = Uses {
            keys: vec![Key::Page("b".into())],
            ..Uses::default()
        };
        assert!(!uses_a.affected_by(&c));
        assert!(uses_b.affected_by(&c));
    }

    #[test]
    fn a_new_label_affects_pages_with_unresolved_references() {
        let old = LabelTable::default();
        let mut new = old.clone();
        new.labels.insert("y".into(), label("a", "A"));
        let c = TableChange::between(&old, &new);
        assert!(c.entries_added_or_removed && !c.is_empty());
        let broken = Uses {
            keys: vec![Key::Label("zzz".into())],
            unresolved: true,
            ..Uses::default()
        };
        let fine = Uses {
            keys: vec![Key::Label("zzz".into())],
            ..Uses::default()
        };
        assert!(broken.affected_by(&c));
        assert!(!fine.affected_by(&c));
        assert!(TableChange::between(&new, &new.clone()).is_empty());
    }
}
