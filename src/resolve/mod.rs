//! Resolution: turns each page's parsed tree into a complete document.
//!
//! [`include`] splices in `.. include::` fragments (with cycle detection and
//! a depth limit) and reads `.. literalinclude::` files (a missing path gets
//! a did-you-mean from `near`); [`images`] finds image files; [`notes`]
//! numbers footnotes per page; [`tabsets`] checks tab sets against
//! `tabs-selector`; [`toctree`] builds the site hierarchy; [`refs`] builds the
//! project-wide label table and resolves `:ref:`, `:doc:` and substitutions.

pub mod images;
pub mod include;
mod near;
pub mod notes;
pub mod refs;
pub mod summary;
pub mod tabsets;
pub mod toctree;

use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::project::{Page, Project};
use std::collections::BTreeSet;

/// A page after includes are resolved (references are resolved later, once
/// every page's labels are known).
#[derive(Debug)]
pub struct LoadedPage {
    /// Page name (`csfle/aws-iam-user`).
    pub name: String,
    /// The document, includes spliced in.
    pub doc: Document,
    /// Every file this page read (relative to the root): itself, fragments,
    /// literalincluded files. Used to rebuild only what a change affects.
    pub deps: BTreeSet<String>,
    /// Problems found while loading.
    pub diags: Vec<Diagnostic>,
}

/// Reads, expands, parses and include-resolves one page.
pub fn load_page(project: &Project, page: &Page) -> LoadedPage {
    load_page_with(project, page, false)
}

/// [`load_page`] for the page's outline only: paragraphs are left empty
/// (see [`crate::rst::parse_part_outline`]); enough for its summary, not
/// for rendering, and its diagnostics are incomplete.
pub fn load_page_outline(project: &Project, page: &Page) -> LoadedPage {
    load_page_with(project, page, true)
}

fn load_page_with(project: &Project, page: &Page, outline: bool) -> LoadedPage {
    let mut loader = include::Loader::new(project);
    loader.outline = outline;
    let mut doc = loader.load_root(&page.path);
    unique_ids(&mut doc.blocks);
    LoadedPage {
        name: page.name.clone(),
        doc,
        deps: loader.deps,
        diags: loader.diags,
    }
}

/// Reads, expands, parses and include-resolves any file of the project (a
/// page or a fragment), given its path relative to the root.
pub fn load_file(
    project: &Project,
    rel_path: &str,
) -> Result<LoadedPage, crate::project::PathError> {
    let path = crate::project::paths::resolve_in(&project.root, &project.root.join(rel_path))?;
    let mut loader = include::Loader::new(project);
    let doc = loader.load_root(&path);
    Ok(LoadedPage {
        name: path.rel().to_string(),
        doc,
        deps: loader.deps,
        diags: loader.diags,
    })
}

/// Makes section and step ids unique within a page: labels keep their names
/// (they are `:ref:` targets); a heading whose id is taken by a label or an
/// earlier heading gets `-1`, `-2`, … appended.
pub fn unique_ids(blocks: &mut [crate::doc::Block]) {
    use crate::doc::BlockKind;
    use std::collections::HashSet;
    let mut used: HashSet<String> = HashSet::new();
    crate::doc::walk_blocks(blocks, &mut |b| {
        if let BlockKind::Label(l) = &b.kind {
            used.insert(l.name.clone());
        }
    });
    fn fix(id: &mut String, used: &mut HashSet<String>) {
        if used.insert(id.clone()) {
            return;
        }
        let mut n = 1;
        while !used.insert(format!("{id}-{n}")) {
            n += 1;
        }
        *id = format!("{id}-{n}");
    }
    fn walk(blocks: &mut [crate::doc::Block], used: &mut HashSet<String>) {
        for b in blocks {
            match &mut b.kind {
                BlockKind::Section(s) => {
                    fix(&mut s.id, used);
                    walk(&mut s.children, used);
                }
                BlockKind::Procedure(p) => {
                    for st in &mut p.steps {
                        fix(&mut st.id, used);
                        walk(&mut st.children, used);
                    }
                }
                BlockKind::BlockQuote(c) => walk(c, used),
                BlockKind::BulletList(items) => {
                    items.iter_mut().for_each(|i| walk(&mut i.children, used))
                }
                BlockKind::EnumList(l) => {
                    l.items.iter_mut().for_each(|i| walk(&mut i.children, used))
                }
                BlockKind::DefinitionList(items) => {
                    items.iter_mut().for_each(|i| walk(&mut i.children, used))
                }
                BlockKind::FieldList(fields) => {
                    fields.iter_mut().for_each(|f| walk(&mut f.children, used))
                }
                BlockKind::Admonition(a) => walk(&mut a.children, used),
                BlockKind::Table(t) => t.rows.iter_mut().flatten().for_each(|c| walk(c, used)),
                BlockKind::Included(i) => walk(&mut i.blocks, used),
                BlockKind::Generic(g) => walk(&mut g.children, used),
                _ => {}
            }
        }
    }
    walk(blocks, &mut used);
}
