//! The site `procdoc serve` holds in memory, and its incremental rebuild.
//!
//! A change rebuilds only what depends on the changed files: the pages whose
//! `deps` contain one of them (a page, a fragment, a literalincluded file).
//! The label table is recomputed from every page (cheap), and other pages
//! are re-resolved and re-rendered only when the table changed and their
//! references now resolve differently. A template change re-renders every
//! page; a config change (or anything unexpected) reloads everything.
//!
//! Files are cached by path in the project's [`SourceDb`]. Before a rebuild
//! the changed files are invalidated there, and the loader reads their new
//! text into the same ids, replacing the old text: the database holds one
//! version per file however long the session (a 1.1 MB fragment edited 270
//! times once kept all 270 versions). Every page that read a changed file
//! is reloaded, so no kept span points into replaced text. Files the loader
//! adds without a path (an invalid UTF-8 file's lossy copy) still add up;
//! past a bound the next change does a full reload with a fresh database.
//!
//! Each page keeps its last good rendering (no error diagnostics): while a
//! page is broken, that rendering is served with the error overlay on top.
//!
//! A broken config stops the load before any page is read, as in `build`:
//! every page shows only the config errors (over its last good rendering),
//! not the follow-on errors of a fallback config; the next change reloads
//! everything, so fixing the config brings the pages back.

use super::client::{client_html, overlay_html, splice_overlay};
use super::deps::DepIndex;
use super::uses::{TableChange, Uses};
use crate::diag::Diagnostic;
use crate::project::{LoadError, Project};
use crate::render::nav::{breadcrumbs_html, nav_script, page_nav_html, NAV_SCRIPT_PATH};
use crate::render::templates::Templates;
use crate::render::{html, RenderContext, SiteInfo};
use crate::resolve::refs::{self, LabelTable};
use crate::resolve::summary::PageSummary;
use crate::resolve::LoadedPage;
use crate::site::{dedup, index_document, load_page_filled, site_info};
use crate::text::SourceDb;
use axum::body::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::files::{key_page, static_files_of, ServedFiles};
pub(crate) use super::files::{Changes, Files};

/// Config file names; a change to either reloads everything.
pub(crate) const CONFIG_FILES: [&str; 2] = ["procdoc.toml", "snooty.toml"];

/// What a rebuild did.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Everything was reloaded (config change, or recovery).
    pub full: bool,
    /// Pages whose served HTML changed or which were removed, sorted.
    pub pages: Vec<String>,
    /// Pages loaded again from source.
    pub reloaded: usize,
    /// Pages rendered again.
    pub rendered: usize,
    /// Pages whose references were resolved again (the reloaded ones, and
    /// those using a label, title, object or term the change touched).
    pub resolved: usize,
    /// Diagnostics of the reloaded pages (for the terminal).
    pub diags: Vec<Diagnostic>,
}

/// Per-page facts kept between rebuilds.
#[derive(Debug, Default)]
struct Meta {
    /// Diagnostics from resolving references.
    ref_diags: Vec<Diagnostic>,
    /// A template failure rendering the page.
    render_diag: Option<Diagnostic>,
    /// What the page's references look up, and how they resolved.
    uses: Uses,
    /// The last rendering without error diagnostics (client HTML included,
    /// no overlay).
    last_good: Option<String>,
}

/// The loaded, resolved and rendered site.
pub(crate) struct SiteState {
    root: PathBuf,
    project: Project,
    source_rel: String,
    project_diags: Vec<Diagnostic>,
    templates: Templates,
    template_diags: Vec<Diagnostic>,
    /// Sorted by name.
    pages: Vec<LoadedPage>,
    /// Each page summarised, in the order of `pages`: the label table and
    /// the navigation are rebuilt from these, and only when an edit changes
    /// one.
    summaries: Vec<PageSummary>,
    meta: HashMap<String, Meta>,
    /// Which pages read each file (root-relative): what an edit reloads.
    dependants: DepIndex,
    /// Page names by their file (root-relative).
    page_paths: HashMap<String, String>,
    labels: LabelTable,
    label_diags: Vec<Diagnostic>,
    /// Toctree entries that name no page.
    tree_diags: Vec<Diagnostic>,
    info: SiteInfo,
    files: ServedFiles,
    /// The navigation script must be made again (the site info changed).
    nav_stale: bool,
    /// Keys of the static (non-page) files in `files`.
    static_keys: Vec<String>,
    /// Files in the source database right after the last full load.
    base_db_len: usize,
    /// The config has errors: no page was read, `project_diags` holds only
    /// those errors.
    config_broken: bool,
}

impl SiteState {
    /// Loads and renders the whole site.
    pub(crate) fn load(root: &Path) -> Result<SiteState, LoadError> {
        Self::load_keeping(root, HashMap::new())
    }

    /// Loads and renders the whole site, starting from known last good
    /// renderings (by page name).
    fn load_keeping(
        root: &Path,
        mut last_good: HashMap<String, String>,
    ) -> Result<SiteState, LoadError> {
        let (project, load_diags) = Project::load(root)?;
        let config_errors = project.config_errors(&load_diags.0);
        let config_broken = !config_errors.is_empty();
        let project_diags = if config_broken {
            config_errors
        } else {
            load_diags.0
        };
        let mut pages: Vec<LoadedPage> = if config_broken {
            Vec::new()
        } else {
            project
                .pages
                .par_iter()
                .map(|p| load_page_filled(&project, p))
                .collect()
        };
        pages.sort_by(|a, b| a.name.cmp(&b.name));
        let summaries: Vec<PageSummary> = pages.par_iter().map(PageSummary::of).collect();
        let (templates, template_diags) = Templates::load(&project.root, &project.db);
        let (labels, label_diags) = LabelTable::build(&summaries);
        let resolved: Vec<(Vec<Diagnostic>, Uses)> = pages
            .par_iter_mut()
            .map(|p| {
                let d = refs::resolve_page(&project, &labels, p);
                (d, Uses::of(p))
            })
            .collect();
        let meta = pages
            .iter()
            .zip(resolved)
            .map(|(p, (ref_diags, uses))| {
                let m = Meta {
                    ref_diags,
                    render_diag: None,
                    uses,
                    last_good: last_good.remove(&p.name),
                };
                (p.name.clone(), m)
            })
            .collect();
        let (info, tree_diags) = site_info(&project, &summaries);
        let source_rel = project
            .source_dir
            .strip_prefix(&project.root)
            .map(crate::project::paths::slash_path)
            .unwrap_or_default();
        let mut state = SiteState {
            root: project.root.clone(),
            base_db_len: project.db.len(),
            project,
            source_rel,
            project_diags,
            templates,
            template_diags,
            pages,
            summaries,
            meta,
            dependants: DepIndex::default(),
            page_paths: HashMap::new(),
            labels,
            label_diags,
            tree_diags,
            info,
            files: ServedFiles::default(),
            nav_stale: true,
            static_keys: Vec::new(),
            config_broken,
        };
        // The generated front page keeps its last good rendering too (and,
        // with a broken config, every page that was not read).
        for (name, g) in last_good {
            if name == "index" || state.config_broken {
                state.meta.entry(name).or_default().last_good = Some(g);
            }
        }
        state.index_pages();
        let all = state.all_names();
        state.render(&all, true);
        Ok(state)
    }

    /// The canonical docs root.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The source folder, relative to the root (`source`).
    pub(crate) fn source_rel(&self) -> &str {
        &self.source_rel
    }

    /// The files to serve.
    #[cfg(test)]
    pub(crate) fn files(&self) -> &Files {
        self.files.map()
    }

    /// The served files changed since the last call (what to publish).
    pub(crate) fn take_changes(&mut self) -> Changes {
        self.files.take_changes()
    }

    /// The source database (for locating diagnostics).
    pub(crate) fn db(&self) -> &SourceDb {
        &self.project.db
    }

    /// Number of pages.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Whether the config has errors (no page was read).
    pub(crate) fn config_broken(&self) -> bool {
        self.config_broken
    }

    /// Every diagnostic of the site, deduplicated and sorted.
    pub(crate) fn all_diags(&self) -> Vec<Diagnostic> {
        if self.config_broken {
            return self.page_diags("index");
        }
        let mut v: Vec<Diagnostic> = self.project_diags.clone();
        v.extend(self.template_diags.iter().cloned());
        v.extend(self.label_diags.iter().cloned());
        v.extend(self.tree_diags.iter().cloned());
        for p in &self.pages {
            v.extend(p.diags.iter().cloned());
            if let Some(m) = self.meta.get(&p.name) {
                v.extend(m.ref_diags.iter().cloned());
                v.extend(m.render_diag.iter().cloned());
            }
        }
        dedup(&mut v);
        crate::diag::render::sort(&self.project.db, &mut v);
        v
    }

    /// Every root-relative file the pages read, for choosing what to watch.
    pub(crate) fn dep_files(&self) -> impl Iterator<Item = &str> {
        self.dependants.files()
    }

    /// Reloads everything, keeping last good renderings.
    pub(crate) fn rebuild_all(&mut self) -> Result<Outcome, LoadError> {
        let last_good: HashMap<String, String> = self
            .meta
            .iter()
            .filter_map(|(k, m)| m.last_good.clone().map(|g| (k.clone(), g)))
            .collect();
        let next = Self::load_keeping(&self.root, last_good)?;
        let old = std::mem::replace(self, next);
        let (old_files, new_files) = (old.files.map(), self.files.map());
        let mut pages = BTreeSet::new();
        for (k, v) in old_files {
            if new_files.get(k) != Some(v) {
                pages.insert(key_page(k));
            }
        }
        for k in new_files.keys() {
            if !old_files.contains_key(k) {
                pages.insert(key_page(k));
            }
        }
        let removed: Vec<String> = old_files
            .keys()
            .filter(|k| !new_files.contains_key(*k))
            .cloned()
            .collect();
        self.files.mark_all(removed);
        let diags = self.all_diags();
        Ok(Outcome {
            full: true,
            pages: pages.into_iter().flatten().collect(),
            reloaded: self.pages.len(),
            rendered: self.all_names().len(),
            resolved: self.pages.len(),
            diags,
        })
    }

    /// Rebuilds what depends on `changed` (paths relative to the root, `/`
    /// separators).
    pub(crate) fn apply(&mut self, changed: &BTreeSet<String>) -> Result<Outcome, LoadError> {
        let config_changed = changed.iter().any(|p| CONFIG_FILES.contains(&p.as_str()));
        let db_len = self.project.db.len();
        if config_changed || self.config_broken || db_len > 2 * self.base_db_len + 256 {
            return self.rebuild_all();
        }
        let templates_changed = changed
            .iter()
            .any(|p| p == "templates" || p.starts_with("templates/"));

        // A page appeared or vanished, or a page-like file no page reads
        // did (it may be a new page, or an excluded or refused one).
        let page_list_changed = changed.iter().any(|p| {
            self.is_page_file(p)
                && if self.page_paths.contains_key(p) {
                    !self.root.join(p).is_file()
                } else {
                    !self.dependants.is_read(p)
                }
        });

        self.refresh_db(changed);

        let mut render_all = false;
        let mut added = BTreeSet::new();
        let mut removed = BTreeSet::new();
        if page_list_changed {
            let (fresh, fresh_diags) = Project::load(&self.root)?;
            // Page discovery problems (a page symlinked out of the root)
            // have no span; config problems (with spans) are unchanged.
            let spanless: Vec<Diagnostic> = fresh_diags
                .0
                .into_iter()
                .filter(|d| d.span.is_none())
                .collect();
            let old_spanless = self.project_diags.iter().filter(|d| d.span.is_none());
            if !spanless.iter().eq(old_spanless) {
                self.project_diags.retain(|d| d.span.is_some());
                self.project_diags.extend(spanless);
                render_all = true;
            }
            let old: BTreeSet<String> = self.project.pages.iter().map(|p| p.name.clone()).collect();
            let new: BTreeSet<String> = fresh.pages.iter().map(|p| p.name.clone()).collect();
            added = new.difference(&old).cloned().collect();
            removed = old.difference(&new).cloned().collect();
            self.project.pages = fresh.pages;
        }

        // A path no page read (a new file, an editor's temporary file) can
        // only matter to pages that failed to find something: retry those.
        let known = |p: &String| {
            p == "templates"
                || p.starts_with("templates/")
                || self.page_paths.contains_key(p)
                || self.dependants.is_read(p)
        };
        let unknown = changed.iter().any(|p| !known(p));
        let mut reload: BTreeSet<String> = self.dependants.readers(changed).cloned().collect();
        if unknown {
            reload.extend(
                self.pages
                    .iter()
                    .filter(|p| self.page_has_errors(&p.name))
                    .map(|p| p.name.clone()),
            );
        }
        reload.extend(added.iter().cloned());
        reload.retain(|n| !removed.contains(n));

        if !removed.is_empty() {
            self.pages.retain(|p| !removed.contains(&p.name));
            self.summaries.retain(|p| !removed.contains(&p.name));
        }
        for name in &removed {
            self.meta.remove(name);
        }
        if page_list_changed {
            // Pages were added or removed: index them again.
            self.index_pages();
        }
        let project = &self.project;
        let loaded: Vec<LoadedPage> = project
            .pages
            .par_iter()
            .filter(|p| reload.contains(&p.name))
            .map(|p| load_page_filled(project, p))
            .collect();
        let mut diags = Vec::new();
        // Whether an edit changed what other pages see of a page (labels,
        // title, toctree …): only then are the site-wide tables rebuilt.
        let mut site_facts_changed = !added.is_empty() || !removed.is_empty();
        for p in loaded {
            diags.extend(p.diags.iter().cloned());
            let summary = PageSummary::of(&p);
            match self.pages.binary_search_by(|x| x.name.cmp(&p.name)) {
                Ok(i) => {
                    site_facts_changed |= self.summaries[i] != summary;
                    self.dependants.remove(&self.pages[i]);
                    self.dependants.add(&p);
                    self.pages[i] = p;
                    self.summaries[i] = summary;
                }
                Err(i) => {
                    site_facts_changed = true;
                    self.dependants.add(&p);
                    self.pages.insert(i, p);
                    self.summaries.insert(i, summary);
                }
            }
        }

        if templates_changed {
            let (t, d) = Templates::load(&self.root, &self.project.db);
            self.templates = t;
            self.template_diags = d;
            render_all = true;
        }

        let mut to_render: BTreeSet<String> = reload.clone();
        let mut change = TableChange::default();
        if site_facts_changed {
            let (labels, label_diags) = LabelTable::build(&self.summaries);
            change = TableChange::between(&self.labels, &labels);
            if label_diags != self.label_diags {
                // Duplicate-label errors show on the pages that read the file.
                let files: HashSet<String> = label_diags
                    .iter()
                    .chain(self.label_diags.iter())
                    .filter_map(|d| d.span)
                    .map(|s| self.project.db.get(s.file).rel_path.clone())
                    .collect();
                to_render.extend(self.dependants.readers(&files).cloned());
            }
            self.labels = labels;
            self.label_diags = label_diags;
        }

        // The reloaded pages, and the pages whose references look up an
        // entry the edit changed.
        let (project, labels, meta) = (&self.project, &self.labels, &self.meta);
        let resolved: Vec<(String, Vec<Diagnostic>, Uses)> = self
            .pages
            .par_iter_mut()
            .filter(|p| {
                reload.contains(&p.name)
                    || (!change.is_empty()
                        && meta
                            .get(&p.name)
                            .is_none_or(|m| m.uses.affected_by(&change)))
            })
            .map(|p| {
                let d = refs::resolve_page(project, labels, p);
                let uses = Uses::of(p);
                (p.name.clone(), d, uses)
            })
            .collect();
        let resolved_count = resolved.len();
        for (name, d, uses) in resolved {
            let m = self.meta.entry(name.clone()).or_default();
            if reload.contains(&name) || m.uses.fingerprint != uses.fingerprint || m.ref_diags != d
            {
                to_render.insert(name.clone());
            }
            if reload.contains(&name) {
                diags.extend(d.iter().cloned());
            }
            m.uses = uses;
            m.ref_diags = d;
        }

        if site_facts_changed {
            let (mut info, tree_diags) = site_info(&self.project, &self.summaries);
            if tree_diags != self.tree_diags {
                diags.extend(tree_diags.iter().cloned());
            }
            self.tree_diags = tree_diags;
            // Kept until `render` makes the comparison pages again.
            info.pairs = std::mem::take(&mut self.info.pairs);
            if info.title != self.info.title {
                // Every page shows the site title.
                render_all = true;
            } else if info.pages != self.info.pages || info.hierarchy != self.info.hierarchy {
                // A page carries only its own branch of the navigation (the
                // tree is in `_static/nav.js`, refreshed below): re-render the
                // pages whose branch changed (neighbours of a retitled, added or
                // removed page) and the front page, which lists every page.
                let old = &self.info;
                let moved: Vec<String> = info
                    .pages
                    .par_iter()
                    .filter(|p| {
                        page_nav_html(&info, &p.name) != page_nav_html(old, &p.name)
                            || breadcrumbs_html(&info, &p.name) != breadcrumbs_html(old, &p.name)
                    })
                    .map(|p| p.name.clone())
                    .collect();
                to_render.extend(moved);
                to_render.insert("index".into());
            }
            self.info = info;
            self.nav_stale = true;
        }
        if render_all {
            to_render = self.all_names();
        }

        let mut pages = self.render(&to_render, templates_changed);
        for name in &removed {
            if name == "index" {
                // The generated front page takes its place (rendered above,
                // since the page list changed).
                continue;
            }
            self.files.remove(&format!("{name}.html"));
            pages.insert(name.clone());
        }
        dedup(&mut diags);
        Ok(Outcome {
            full: false,
            pages: pages.into_iter().collect(),
            reloaded: reload.len(),
            rendered: to_render.len(),
            resolved: resolved_count,
            diags,
        })
    }

    fn is_page_file(&self, rel: &str) -> bool {
        let under = self.source_rel.is_empty()
            || rel
                .strip_prefix(self.source_rel.as_str())
                .is_some_and(|r| r.starts_with('/'));
        under && (rel.ends_with(".rst") || rel.ends_with(".txt"))
    }

    fn page_has_errors(&self, name: &str) -> bool {
        let page = self.page(name);
        page.is_some_and(|p| p.diags.iter().any(|d| d.is_error()))
            || self
                .meta
                .get(name)
                .is_some_and(|m| m.ref_diags.iter().any(|d| d.is_error()))
    }

    /// Invalidates the changed files in the source database, so the loader
    /// reads them again into their old ids (one version per file).
    fn refresh_db(&mut self, changed: &BTreeSet<String>) {
        // Files may have appeared or vanished: did-you-mean lists them again.
        self.project.forget_file_index();
        for rel in changed {
            let abs = self.root.join(rel);
            // The database knows a file by its resolved path.
            if !self.project.db.invalidate(&abs) {
                if let Ok(real) = abs.canonicalize() {
                    self.project.db.invalidate(&real);
                }
            }
        }
    }

    /// The loaded page `name`.
    fn page(&self, name: &str) -> Option<&LoadedPage> {
        let i = self
            .pages
            .binary_search_by(|p| p.name.as_str().cmp(name))
            .ok()?;
        Some(&self.pages[i])
    }

    /// Indexes every page by its file and every file by the pages that
    /// read it.
    fn index_pages(&mut self) {
        self.page_paths = self
            .project
            .pages
            .iter()
            .map(|p| (p.path.rel().to_string(), p.name.clone()))
            .collect();
        self.dependants = DepIndex::of(&self.pages);
    }

    /// Every page name, plus the generated front page when there is no
    /// `index` page.
    fn all_names(&self) -> BTreeSet<String> {
        let mut v: BTreeSet<String> = self.pages.iter().map(|p| p.name.clone()).collect();
        if self.config_broken {
            // No page was read, but each URL still shows the config errors.
            v.extend(self.project.pages.iter().map(|p| p.name.clone()));
        }
        v.insert("index".into());
        v
    }

    /// Diagnostics shown on page `name`: its own, its references', its
    /// render's, the site-wide ones, and label clashes in files it read.
    fn page_diags(&self, name: &str) -> Vec<Diagnostic> {
        let mut v: Vec<Diagnostic> = self.project_diags.clone();
        if self.config_broken {
            crate::diag::render::sort(&self.project.db, &mut v);
            return v;
        }
        v.extend(self.template_diags.iter().cloned());
        if let Some(p) = self.page(name) {
            v.extend(p.diags.iter().cloned());
            v.extend(
                self.label_diags
                    .iter()
                    .filter(|d| {
                        d.span
                            .is_some_and(|s| p.deps.contains(&self.project.db.get(s.file).rel_path))
                    })
                    .cloned(),
            );
        }
        if let Some(m) = self.meta.get(name) {
            v.extend(m.ref_diags.iter().cloned());
            v.extend(m.render_diag.iter().cloned());
        }
        dedup(&mut v);
        crate::diag::render::sort(&self.project.db, &mut v);
        v
    }

    /// Renders pages `names` (and, with `static_files`, the stylesheet and
    /// other static files) into the served files. Returns the pages whose
    /// served HTML changed.
    fn render(&mut self, names: &BTreeSet<String>, static_files: bool) -> BTreeSet<String> {
        // Variant comparison pages ([[diff]] pairs): cheap, so always fresh;
        // made first, since pages link to them.
        let diff = if self.config_broken {
            crate::diff::SiteDiff::default()
        } else {
            crate::diff::site_pages(&self.project, &self.pages, &self.summaries, &self.templates)
        };
        let mut names = names.clone();
        if diff.pairs != self.info.pairs {
            self.info.pairs = diff.pairs;
            self.nav_stale = true;
            // Pages linking to a comparison, and the index listing them.
            names = self.all_names();
        }
        let names = &names;
        let has_index_page = self.pages.iter().any(|p| p.name == "index");
        let generated_index = (!has_index_page && names.contains("index")).then(|| LoadedPage {
            name: "index".into(),
            doc: index_document(&self.info),
            deps: Default::default(),
            diags: Vec::new(),
        });
        // With a broken config no page was read: an empty page stands for
        // each one (it shows the config errors over its last good rendering).
        let unread: Vec<LoadedPage> = if self.config_broken {
            names
                .iter()
                .filter(|n| *n != "index" || has_index_page)
                .filter(|n| !self.pages.iter().any(|p| &p.name == *n))
                .map(|n| LoadedPage {
                    name: n.clone(),
                    doc: crate::doc::Document {
                        file: crate::text::FileId(0),
                        blocks: Vec::new(),
                    },
                    deps: Default::default(),
                    diags: Vec::new(),
                })
                .collect()
        } else {
            Vec::new()
        };
        let targets: Vec<&LoadedPage> = self
            .pages
            .iter()
            .filter(|p| names.contains(&p.name))
            .chain(generated_index.as_ref())
            .chain(unread.iter())
            .collect();
        let (info, templates) = (&self.info, &self.templates);
        let rendered: Vec<(String, Result<String, Diagnostic>)> = targets
            .par_iter()
            .map(|p| {
                let extra = client_html(&p.name);
                let ctx = RenderContext {
                    site: info,
                    page: &p.name,
                    extra_body_html: Some(&extra),
                };
                (p.name.clone(), html::render_page(&p.doc, &ctx, templates))
            })
            .collect();

        // The images these pages show, served at the same paths as in
        // `build`'s html tree (re-read, so an edited image shows up).
        let images = crate::assets::images_of(targets.iter().copied());
        let mut changed = BTreeSet::new();
        let mut updates = Vec::with_capacity(rendered.len());
        for (name, result) in rendered {
            let (fresh, render_diag) = match result {
                Ok(h) => (Some(h), None),
                Err(d) => (None, Some(d)),
            };
            self.meta.entry(name.clone()).or_default().render_diag = render_diag;
            let diags = self.page_diags(&name);
            let has_errors = diags.iter().any(|d| d.is_error());
            let m = self.meta.entry(name.clone()).or_default();
            if !has_errors {
                if let Some(h) = &fresh {
                    m.last_good = Some(h.clone());
                }
            }
            let (base, stale) = match (&m.last_good, has_errors) {
                (Some(g), true) => (g.clone(), true),
                _ => (
                    fresh.unwrap_or_else(|| {
                        format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{name}</title></head><body>{}</body></html>\n", client_html(&name))
                    }),
                    false,
                ),
            };
            let served = if diags.is_empty() {
                base
            } else {
                splice_overlay(&base, &overlay_html(&self.project.db, &diags, stale))
            };
            updates.push((name, Bytes::from(served.into_bytes())));
        }
        let image_bytes: Vec<(String, Bytes)> = images
            .into_iter()
            .filter_map(|(out, src)| {
                let b = crate::assets::read_image(&self.project.root, &src).ok()?;
                Some((out, Bytes::from(b)))
            })
            .collect();
        let files = &mut self.files;
        for (key, bytes) in image_bytes {
            files.set(&key, bytes);
        }
        for (name, bytes) in updates {
            if files.set(&format!("{name}.html"), bytes) {
                changed.insert(name);
            }
        }
        // The navigation tree: one file, so a new or retitled page costs
        // one small write, not a re-render of every page. Open pages reload
        // to show it. Made only when the site info changed (it lists every
        // page).
        if std::mem::take(&mut self.nav_stale) {
            let nav = Bytes::from(nav_script(&self.info).into_bytes());
            if files.set(NAV_SCRIPT_PATH, nav) {
                changed.extend(self.pages.iter().map(|p| p.name.clone()));
                changed.insert("index".into());
            }
        }
        for pg in diff.html {
            if files.set(&pg.path, Bytes::from(pg.html.into_bytes())) {
                if let Some(name) = key_page(&pg.path) {
                    changed.insert(name);
                }
            }
        }
        if static_files {
            let fresh = static_files_of(&self.templates);
            let mut any = false;
            for key in &self.static_keys {
                if !fresh.iter().any(|(k, _)| k == key) {
                    any |= files.remove(key);
                }
            }
            for (key, bytes) in &fresh {
                any |= files.set(key, bytes.clone());
            }
            self.static_keys = fresh.into_iter().map(|(k, _)| k).collect();
            if any {
                // Every page uses them.
                changed.extend(self.pages.iter().map(|p| p.name.clone()));
                changed.insert("index".into());
            }
        }
        changed
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
