//! Resolution: turns each page's parsed tree into a complete document.
//!
//! [`include`] splices in `.. include::` fragments (with cycle detection and
//! a depth limit) and reads `.. literalinclude::` files; [`refs`] builds the
//! project-wide label table and resolves `:ref:`, `:doc:` and substitutions.

pub mod include;
pub mod refs;

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
    let mut loader = include::Loader::new(project);
    let doc = loader.load_root(&page.path);
    LoadedPage {
        name: page.name.clone(),
        doc,
        deps: loader.deps,
        diags: loader.diags,
    }
}

/// Reads, expands, parses and include-resolves any file of the project (a
/// page or a fragment), given its path relative to the root.
pub fn load_file(project: &Project, rel_path: &str) -> Result<LoadedPage, crate::project::PathError> {
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
