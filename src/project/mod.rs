//! Loading a docs project: the config, the constants, the pages, and the one
//! place where paths written by users become paths on disk ([`paths`]).

pub mod config;
pub mod files;
pub mod paths;

pub use config::{Config, DiffPair, ExternalRef, SnippetRule};
pub use paths::{DocPath, PathError};

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::text::{Constants, FileId, SourceDb, Span};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

/// A fatal problem loading a project (exit status 2).
#[derive(Debug, Error)]
pub enum LoadError {
    /// The root folder does not exist or cannot be read.
    #[error("cannot open docs root {path}: {source}")]
    Root {
        /// The root as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The config file names, in the order they are looked for in a folder.
pub const CONFIG_FILES: [&str; 2] = ["procdoc.toml", "snooty.toml"];

/// No config file was found in a folder or any of its parents.
#[derive(Debug, Error)]
#[error("no procdoc.toml or snooty.toml found in `{}` or any parent folder", .start.display())]
pub struct NotFound {
    /// Where the search started.
    pub start: PathBuf,
    /// Every folder looked in, nearest first.
    pub looked: Vec<PathBuf>,
}

/// Finds the docs root for `start` (a folder or a file) as cargo finds its
/// manifest: the nearest folder, from `start` upward, holding
/// `procdoc.toml` or `snooty.toml`. The one discovery function every
/// command uses.
pub fn find_root(start: &Path) -> Result<PathBuf, NotFound> {
    let abs = start.canonicalize().unwrap_or_else(|_| start.to_path_buf());
    let mut looked = Vec::new();
    for dir in abs.ancestors() {
        if dir.as_os_str().is_empty() || (dir == abs && !dir.is_dir()) {
            continue;
        }
        if CONFIG_FILES.iter().any(|f| dir.join(f).is_file()) {
            return Ok(dir.to_path_buf());
        }
        looked.push(dir.to_path_buf());
    }
    Err(NotFound { start: abs, looked })
}

/// One page of the site.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Page {
    /// Path relative to the source dir, without extension (`csfle/aws-iam-user`).
    pub name: String,
    /// The source file.
    pub path: DocPath,
}

/// A loaded project: configuration, constants and the list of pages.
#[derive(Debug)]
pub struct Project {
    /// Canonical docs root (the folder holding the config).
    pub root: PathBuf,
    /// Folder that `/`-paths in directives start from (the root, or the
    /// source dir for a snooty.toml project).
    pub abs_base: PathBuf,
    /// Canonical source dir.
    pub source_dir: PathBuf,
    /// The configuration.
    pub config: Config,
    /// Constants, expanded.
    pub constants: Constants,
    /// Every file read.
    pub db: Arc<SourceDb>,
    /// The config file, if any.
    pub config_file: Option<FileId>,
    /// The pages, sorted by name.
    pub pages: Vec<Page>,
    /// Every directive and role (built in, plus the `rstspec` file).
    pub dialect: Arc<crate::dialect::Registry>,
    /// Whether this is a snooty project (`snooty.toml`, no `procdoc.toml`).
    pub snooty: bool,
    /// Giza YAML fragments, generated on first use.
    pub giza: crate::giza::Registry,
    /// Every file of the project, listed on the first failed include (for
    /// did-you-mean), then shared.
    file_index: std::sync::Mutex<Option<Arc<files::FileIndex>>>,
    /// Written paths already checked on disk (canonicalised, kept inside
    /// the root), by absolute path: a fragment included by every page is
    /// resolved once per build, not once per include. Forgotten with the
    /// file list.
    resolved: std::sync::Mutex<HashMap<PathBuf, Result<DocPath, PathError>>>,
}

impl Project {
    /// Loads the project at `root`. Problems with the config are returned as
    /// diagnostics; only an unreadable root is fatal.
    pub fn load(root: &Path) -> Result<(Project, Diagnostics), LoadError> {
        let root = root.canonicalize().map_err(|source| LoadError::Root {
            path: root.to_path_buf(),
            source,
        })?;
        let db = Arc::new(SourceDb::new());
        let mut diags = Diagnostics::default();
        let (config, config_file, snooty) = config::load(&root, &db, &mut diags);
        let dialect = crate::dialect::for_project(
            &root,
            config.project.rstspec.as_ref(),
            config_file,
            &db,
            &mut diags,
        );

        let mut defs: Vec<(String, String)> = Vec::new();
        let mut def_spans = Vec::new();
        for (name, value) in &config.constants {
            defs.push((name.clone(), value.get_ref().clone()));
            def_spans.push(value.span());
        }
        let (constants, problems) = Constants::from_ordered(&defs);
        for (name, code, msg) in problems {
            let idx = defs.iter().position(|(n, _)| *n == name).unwrap_or(0);
            let help = if code == Code::ConstantTooLarge {
                "a constant that doubles another one at each level grows exponentially; use an include for long text"
            } else {
                "reorder the [constants] table so every constant is defined before it is used"
            };
            let mut d =
                Diagnostic::error(code, format!("constant `{name}`: {msg}")).with_help(help);
            let values_file = config.constants_file.or(config_file);
            if let (Some(f), Some(r)) = (values_file, def_spans.get(idx)) {
                d = d.with_span(Span::new(f, r.start, r.end));
            }
            diags.push(d);
        }

        let source_dir = root.join(&config.project.source);
        let source_dir = source_dir.canonicalize().unwrap_or(source_dir);
        let source_outside = !source_dir.starts_with(&root);
        if source_outside {
            let mut d = Diagnostic::error(
                Code::ConfigInvalid,
                format!(
                    "source folder `{}` is outside the docs root",
                    config.project.source
                ),
            )
            .with_help("set `source` in [project] to a folder inside the root, such as \"source\"");
            if let Some(f) = config_file {
                d = d.with_span(Span::new(f, 0, 0));
            }
            diags.push(d);
        }
        let abs_base = if snooty {
            source_dir.clone()
        } else {
            root.clone()
        };
        let mut project = Project {
            root,
            abs_base,
            source_dir,
            config,
            constants,
            db,
            config_file,
            pages: Vec::new(),
            dialect,
            snooty,
            giza: crate::giza::Registry::default(),
            file_index: Default::default(),
            resolved: Default::default(),
        };
        if !source_outside {
            project.pages = project.discover_pages(&mut diags);
        }
        Ok((project, diags))
    }

    /// The errors among `diags` (from [`Project::load`]) that are about the
    /// configuration: syntax, unknown keys, invalid globs, constants, the
    /// source folder. A command stops on these before reading pages (as
    /// cargo does with a bad manifest): every page error after a config
    /// error is a follow-on of the fallback config.
    pub fn config_errors(&self, diags: &[Diagnostic]) -> Vec<Diagnostic> {
        diags
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| {
                let in_config = matches!(
                    (d.span, self.config_file),
                    (Some(s), Some(f)) if s.file == f
                );
                let config_code = matches!(
                    d.code,
                    Code::ConfigInvalid
                        | Code::ConstantCycle
                        | Code::ConstantTooLarge
                        | Code::MalformedConstant
                        | Code::UndefinedConstant
                );
                // A config file symlinked out of the root is reported without a span.
                let unread_config = d.code == Code::PathOutsideRoot
                    && d.span.is_none()
                    && CONFIG_FILES.iter().any(|f| d.message.starts_with(f));
                in_config || config_code || unread_config
            })
            .cloned()
            .collect()
    }

    fn discover_pages(&self, diags: &mut Diagnostics) -> Vec<Page> {
        let mut pages = Vec::new();
        if !self.source_dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    Code::ConfigInvalid,
                    format!(
                        "source folder `{}` does not exist",
                        self.config.project.source
                    ),
                )
                .with_help("create it, or set `source` in the [project] table of procdoc.toml"),
            );
            return pages;
        }
        let excludes = match self.config.exclude_set(self.config_file) {
            Ok(set) => set,
            Err(errors) => {
                diags.extend(errors);
                return pages;
            }
        };
        for entry in walkdir::WalkDir::new(&self.source_dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str());
            // In a snooty project only `.txt` files are pages (`.rst` files
            // there are fragments, even outside `includes/`).
            let page_ext = if self.snooty {
                matches!(ext, Some("txt"))
            } else {
                matches!(ext, Some("rst") | Some("txt"))
            };
            if !page_ext {
                continue;
            }
            if !(entry.file_type().is_file() || entry.file_type().is_symlink()) {
                continue;
            }
            let Ok(rel_src) = path.strip_prefix(&self.source_dir) else {
                continue;
            };
            let rel_src = paths::slash_path(rel_src);
            if excludes.is_match(&rel_src) {
                continue;
            }
            match paths::resolve_in(&self.root, path) {
                Ok(doc) => pages.push(Page {
                    name: rel_src
                        .rsplit_once('.')
                        .map(|(n, _)| n.to_string())
                        .unwrap_or(rel_src.clone()),
                    path: doc,
                }),
                Err(e) => diags.push(
                    Diagnostic::error(Code::PathOutsideRoot, format!("page `{rel_src}`: {e}"))
                        .with_help("pages must be regular files inside the docs root"),
                ),
            }
        }
        pages.sort();
        pages.dedup_by(|a, b| a.name == b.name);
        pages
    }

    /// Reads a file inside the root once; later calls share the text.
    pub fn read(&self, path: &DocPath) -> Result<Arc<crate::text::SourceFile>, ReadError> {
        if let Some(f) = self.db.lookup(path.abs()) {
            return Ok(f);
        }
        let bytes = std::fs::read(path.abs()).map_err(ReadError::Io)?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                // Keep a lossy copy so the diagnostic can point at the bad byte.
                let error = e.utf8_error();
                let offset = error.valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = self.db.add(path.rel().to_string(), PathBuf::new(), lossy);
                return Err(ReadError::Utf8 {
                    file: file.id,
                    offset,
                    error,
                });
            }
        };
        Ok(self
            .db
            .add(path.rel().to_string(), path.abs().to_path_buf(), text))
    }

    /// The project's file list (collected on first use, then shared).
    pub fn file_index(&self) -> Arc<files::FileIndex> {
        let mut slot = self.file_index.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert_with(|| Arc::new(files::FileIndex::collect(&self.root)))
            .clone()
    }

    /// Forgets the file list and the giza folder listings (files were
    /// added or removed: `serve`).
    pub fn forget_file_index(&self) {
        self.giza.forget_listings();
        self.forget_resolved();
        *self.file_index.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Resolves a path written in a directive in `from` (a file inside the root).
    pub fn resolve_path(&self, from: &DocPath, written: &str) -> Result<DocPath, PathError> {
        let (abs, shown) = paths::lexical(&self.root, &self.abs_base, from, written)?;
        let cached = self
            .resolved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&abs)
            .cloned();
        let resolved = match cached {
            Some(r) => r,
            None => {
                let r = paths::resolve_in(&self.root, &abs);
                self.resolved
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(abs, r.clone());
                r
            }
        };
        paths::shown_as_written(resolved, &shown, written)
    }

    /// Forgets the paths [`Project::resolve_path`] checked.
    fn forget_resolved(&self) {
        self.resolved
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

/// Why a file could not be read.
#[derive(Debug, Error)]
pub enum ReadError {
    /// I/O failure.
    #[error("{0}")]
    Io(std::io::Error),
    /// Not UTF-8. The file's lossy text is in the database for diagnostics.
    #[error("file is not valid UTF-8 ({error})")]
    Utf8 {
        /// The lossy copy's id.
        file: FileId,
        /// Offset of the first invalid byte.
        offset: usize,
        /// The decoding error.
        error: std::str::Utf8Error,
    },
}
