//! Giza YAML as virtual files: `includes/steps-NAME.yaml`,
//! `extracts-*.yaml` and `release-*.yaml` become the fragments
//! `includes/steps/NAME.rst`, `includes/extracts/REF.rst` and
//! `includes/release/REF.rst` (beside the YAML's folder), as snooty makes
//! them.
//!
//! Fragments are generated on first use and cached in the [`Registry`]; each
//! cache entry remembers the [`FileId`]s of the YAML it was made from, so
//! when `serve` drops a changed file from the source database the fragment
//! is made again. The generated text carries a [`SourceMap`] into the YAML
//! file, so a diagnostic inside it points at the YAML field that produced it.

mod emit;
pub mod model;
pub mod yaml;

use crate::diag::{Code, Diagnostic};
use crate::project::{paths, Project};
use crate::text::{FileId, SourceMap};
use model::{Category, FileSource, Resolved, Texts, YamlFile};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Giza files larger than this are refused (16 MiB).
pub const MAX_YAML_BYTES: usize = 16 << 20;

/// A generated fragment.
#[derive(Debug)]
pub struct Fragment {
    /// rST text (constants not yet expanded).
    pub text: String,
    /// Offsets in `text` → offsets in `file`.
    pub map: SourceMap,
    /// The YAML file the text maps into.
    pub file: FileId,
    /// Every YAML file it was made from (paths relative to the root).
    pub deps: Vec<String>,
    /// Problems found while generating it.
    pub diags: Vec<Diagnostic>,
    /// (canonical path, id) of each YAML file read, to notice changes.
    stamps: Vec<(PathBuf, FileId)>,
}

/// What a virtual path gives.
#[derive(Debug)]
pub enum Lookup {
    /// Not a giza path (no such YAML source): the include is just missing.
    NotGiza,
    /// The fragment.
    Found(Arc<Fragment>),
    /// A giza path whose YAML does not define it; these diagnostics explain
    /// why (YAML errors in the candidate files).
    Missing(Vec<Diagnostic>),
}

/// The per-project cache of parsed giza files and generated fragments.
#[derive(Debug, Default)]
pub struct Registry {
    files: Mutex<HashMap<PathBuf, Arc<YamlFile>>>,
    frags: Mutex<HashMap<String, Arc<Fragment>>>,
    /// Names of the giza files of a category in a folder, sorted: listed
    /// once, not on every lookup (the Manual looks up ~1,000 fragments in a
    /// folder of 1,300 files). Forgotten when files appear or vanish.
    listings: Mutex<HashMap<(PathBuf, Category), Listing>>,
}

/// Sorted names of giza files.
type Listing = Arc<[String]>;

struct Ctx<'a> {
    reg: &'a Registry,
    project: &'a Project,
}

impl FileSource for Ctx<'_> {
    fn file(&self, dir: &Path, name: &str) -> Option<Arc<YamlFile>> {
        if name.contains('/') || name.contains('\\') || Category::of_file(name).is_none() {
            return None;
        }
        self.reg.yaml(self.project, &dir.join(name))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Registry {
    /// The parsed giza file at `abs` (read once per version of its text).
    fn yaml(&self, project: &Project, abs: &Path) -> Option<Arc<YamlFile>> {
        if let Some(f) = lock(&self.files).get(abs) {
            if project.db.lookup(&f.abs).is_some_and(|s| s.id == f.id()) {
                return Some(f.clone());
            }
        }
        let doc = paths::resolve_in(&project.root, abs).ok()?;
        let size = std::fs::metadata(doc.abs()).map(|m| m.len()).unwrap_or(0);
        if size > MAX_YAML_BYTES as u64 {
            let src = project
                .db
                .add(doc.rel().to_string(), PathBuf::new(), String::new());
            let mut f = YamlFile::parse(src, doc.abs().to_path_buf());
            f.error = Some(
                Diagnostic::error(
                    Code::YamlSyntax,
                    format!("`{}` is larger than {MAX_YAML_BYTES} bytes", doc.rel()),
                )
                .with_help("split the giza file"),
            );
            return Some(Arc::new(f));
        }
        let src = project.read(&doc).ok()?;
        let f = Arc::new(YamlFile::parse(src, doc.abs().to_path_buf()));
        lock(&self.files).insert(abs.to_path_buf(), f.clone());
        if f.abs != abs {
            lock(&self.files).insert(f.abs.clone(), f.clone());
        }
        Some(f)
    }

    /// The fragment at `rel` (relative to the root, `/`-separated), if a
    /// giza file makes it.
    pub fn lookup(&self, project: &Project, rel: &str) -> Lookup {
        let Some((dir, rest)) = rel.rsplit_once('/') else {
            return Lookup::NotGiza;
        };
        let Some(name) = rest.strip_suffix(".rst") else {
            return Lookup::NotGiza;
        };
        let (yaml_dir, cat) = match dir.rsplit_once('/') {
            Some((d, c)) => (project.root.join(d), c),
            None => (project.root.clone(), dir),
        };
        let Some(cat) = Category::from_name(cat) else {
            return Lookup::NotGiza;
        };
        if name.is_empty() || (cat != Category::Steps && name.starts_with('_')) {
            return Lookup::NotGiza;
        }
        if let Some(f) = lock(&self.frags).get(rel) {
            if f.stamps
                .iter()
                .all(|(p, id)| project.db.lookup(p).is_some_and(|s| s.id == *id))
            {
                return Lookup::Found(f.clone());
            }
        }
        let ctx = Ctx { reg: self, project };
        let made = match cat {
            Category::Steps => {
                let Some(yf) = self.yaml(project, &yaml_dir.join(format!("steps-{name}.yaml")))
                else {
                    return Lookup::NotGiza;
                };
                steps_fragment(&ctx, &yf)
            }
            _ => {
                let mut candidates = Vec::new();
                let mut errors = Vec::new();
                for f in self.category_files(project, &yaml_dir, cat) {
                    if let Some(e) = &f.error {
                        errors.push(e.clone());
                    }
                    if f.doc(name).is_some() {
                        candidates.push(f);
                    }
                }
                let Some(yf) = candidates.first() else {
                    return if errors.is_empty() {
                        Lookup::NotGiza
                    } else {
                        Lookup::Missing(errors)
                    };
                };
                let mut frag = doc_fragment(&ctx, yf, name, cat);
                if candidates.len() > 1 {
                    let others: Vec<&str> = candidates[1..]
                        .iter()
                        .map(|f| f.src.rel_path.as_str())
                        .collect();
                    frag.diags.push(
                        Diagnostic::warning(
                            Code::DuplicateLabel,
                            format!(
                                "`ref: {name}` is defined in several {} files; the one in `{}` is used",
                                cat.as_str(),
                                yf.src.rel_path
                            ),
                        )
                        .with_note(format!("also in: {}", others.join(", ")))
                        .with_help("give each giza document a unique `ref`"),
                    );
                }
                frag
            }
        };
        let made = Arc::new(made);
        lock(&self.frags).insert(rel.to_string(), made.clone());
        Lookup::Found(made)
    }

    /// The fragment names (`NAME.rst`) giza files make in the folder `dir`
    /// (root-relative: `includes/steps`), for did-you-mean on a mistyped
    /// include path.
    pub fn fragment_names(&self, project: &Project, dir: &str) -> Vec<String> {
        let (parent, cat) = match dir.rsplit_once('/') {
            Some((d, c)) => (project.root.join(d), c),
            None => (project.root.clone(), dir),
        };
        let Some(cat) = Category::from_name(cat) else {
            return Vec::new();
        };
        let mut names = Vec::new();
        if cat == Category::Steps {
            for n in self.listing(&parent, cat).iter() {
                if let Some(stem) = n
                    .strip_suffix(".yaml")
                    .and_then(|s| s.strip_prefix("steps-"))
                {
                    names.push(format!("{stem}.rst"));
                }
            }
        } else {
            for f in self.category_files(project, &parent, cat) {
                for d in &f.docs {
                    if let Some(r) = d.get("ref").and_then(yaml::Node::scalar) {
                        if !r.value.is_empty() && !r.value.starts_with('_') {
                            names.push(format!("{}.rst", r.value));
                        }
                    }
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    /// Every giza file of `cat` in `dir`, sorted by name.
    fn category_files(&self, project: &Project, dir: &Path, cat: Category) -> Vec<Arc<YamlFile>> {
        self.listing(dir, cat)
            .iter()
            .filter_map(|n| self.yaml(project, &dir.join(n)))
            .collect()
    }

    /// The names of the giza files of `cat` in `dir`, sorted (listed once).
    fn listing(&self, dir: &Path, cat: Category) -> Listing {
        let key = (dir.to_path_buf(), cat);
        if let Some(l) = lock(&self.listings).get(&key) {
            return l.clone();
        }
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| Category::of_file(n) == Some(cat))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        let names: Listing = names.into();
        lock(&self.listings).insert(key, names.clone());
        names
    }

    /// Forgets the folder listings (files appeared or vanished: `serve`).
    pub fn forget_listings(&self) {
        lock(&self.listings).clear();
    }
}

fn new_emitter<'a>(ctx: &'a Ctx<'_>, yf: &YamlFile) -> emit::Emitter<'a> {
    emit::Emitter {
        texts: Texts {
            db: &ctx.project.db,
            constants: &ctx.project.constants,
        },
        w: emit::Writer::new(yf.id()),
        diags: Vec::new(),
    }
}

fn finish(em: emit::Emitter<'_>, yf: &Arc<YamlFile>, used: Vec<Arc<YamlFile>>) -> Fragment {
    let mut files: BTreeMap<PathBuf, Arc<YamlFile>> = BTreeMap::new();
    files.insert(yf.abs.clone(), yf.clone());
    for f in used {
        files.insert(f.abs.clone(), f);
    }
    let mut diags = em.diags;
    if let Some(e) = &yf.error {
        diags.insert(0, e.clone());
    }
    Fragment {
        text: em.w.out,
        map: em.w.map,
        file: yf.id(),
        deps: files.values().map(|f| f.src.rel_path.clone()).collect(),
        stamps: files.values().map(|f| (f.abs.clone(), f.id())).collect(),
        diags,
    }
}

/// The procedure of a steps file.
fn steps_fragment(ctx: &Ctx<'_>, yf: &Arc<YamlFile>) -> Fragment {
    let mut em = new_emitter(ctx, yf);
    let mut used = Vec::new();
    if !yf.docs.is_empty() {
        em.w.synth(".. procedure::\n\n", (yf.docs[0].at(), 0));
    }
    for doc in &yf.docs {
        let r: Resolved = model::resolve(ctx, yf, doc, &mut em.diags);
        em.begin(&r, doc.at());
        em.step(&r, doc.at());
        used.extend(r.files);
    }
    finish(em, yf, used)
}

/// The fragment of the document `name` of an extracts or release file.
fn doc_fragment(ctx: &Ctx<'_>, yf: &Arc<YamlFile>, name: &str, cat: Category) -> Fragment {
    let mut em = new_emitter(ctx, yf);
    let mut used = Vec::new();
    if let Some(doc) = yf.doc(name) {
        let r = model::resolve(ctx, yf, doc, &mut em.diags);
        em.begin(&r, doc.at());
        match cat {
            Category::Release => em.release(&r),
            _ => em.extract(&r),
        }
        used.extend(r.files);
    }
    finish(em, yf, used)
}
