//! Giza documents: files by category, `inherit:`/`source:` resolution with
//! cycle detection and a depth budget, and `{{name}}` replacement on text
//! runs that remember where in which YAML file each piece was written.

use super::yaml::{Node, Scalar, ScalarStyle};
use crate::diag::{Code, Diagnostic};
use crate::text::{Constants, FileId, SourceDb, Span};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `inherit:` chains may be this long.
pub const MAX_INHERIT_DEPTH: usize = 16;

/// The three kinds of giza file snooty turns into fragments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// `steps-NAME.yaml`: one procedure fragment per file.
    Steps,
    /// `extracts-*.yaml`: one fragment per document.
    Extracts,
    /// `release-*.yaml`: one fragment per document.
    Release,
}

impl Category {
    /// The file-name prefix and fragment folder name.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Steps => "steps",
            Category::Extracts => "extracts",
            Category::Release => "release",
        }
    }

    /// The category of a fragment folder name or file-name prefix.
    pub fn from_name(s: &str) -> Option<Category> {
        match s {
            "steps" => Some(Category::Steps),
            "extracts" => Some(Category::Extracts),
            "release" => Some(Category::Release),
            _ => None,
        }
    }

    /// The category of a giza file name (`steps-x.yaml` …).
    pub fn of_file(name: &str) -> Option<Category> {
        let stem = name.strip_suffix(".yaml")?;
        let (prefix, rest) = stem.split_once('-')?;
        (!rest.is_empty()).then_some(())?;
        Category::from_name(prefix)
    }
}

/// One parsed giza file.
#[derive(Debug)]
pub struct YamlFile {
    /// Its text in the source database.
    pub src: Arc<crate::text::SourceFile>,
    /// Canonical absolute path.
    pub abs: PathBuf,
    /// The file name (`extracts-x.yaml`).
    pub name: String,
    /// Its documents (mappings only; empty documents are skipped).
    pub docs: Vec<Node>,
    /// A syntax error, if the file could not be read as YAML.
    pub error: Option<Diagnostic>,
    /// Index in `docs` of the first document with each `ref`.
    refs: std::collections::HashMap<String, usize>,
}

impl YamlFile {
    /// Parses `src` (already in the database).
    pub fn parse(src: Arc<crate::text::SourceFile>, abs: PathBuf) -> YamlFile {
        let name = abs
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (docs, error) = match super::yaml::parse_stream(&src.text) {
            Ok(docs) => (docs.into_iter().flatten().collect(), None),
            Err(e) => (
                Vec::new(),
                Some(
                    Diagnostic::error(
                        Code::YamlSyntax,
                        format!("`{}` is not valid YAML: {}", src.rel_path, e.message),
                    )
                    .with_span(Span::new(src.id, e.offset, e.offset))
                    .with_help("giza files are YAML streams of mappings separated by `---`; fix the syntax here"),
                ),
            ),
        };
        let mut f = YamlFile {
            src,
            abs,
            name,
            docs: Vec::new(),
            error,
            refs: Default::default(),
        };
        for d in docs {
            match d {
                Node::Map(..) => {
                    if let Some(r) = d.get("ref").and_then(Node::scalar) {
                        f.refs.entry(r.value.clone()).or_insert(f.docs.len());
                    }
                    f.docs.push(d)
                }
                other => {
                    if f.error.is_none() {
                        f.error = Some(
                            f.invalid(other.at(), "each giza document must be a mapping of fields"),
                        )
                    }
                }
            }
        }
        f
    }

    /// The file id.
    pub fn id(&self) -> FileId {
        self.src.id
    }

    /// The folder holding the file.
    pub fn dir(&self) -> &Path {
        self.abs.parent().unwrap_or(&self.abs)
    }

    /// A `giza-invalid` error at `at`.
    pub fn invalid(&self, at: usize, msg: &str) -> Diagnostic {
        Diagnostic::error(Code::GizaInvalid, msg.to_string())
            .with_span(Span::new(self.id(), at, at))
            .with_help(
                "see the giza fields: title, ref, pre, action, content, post, inherit, replacement",
            )
    }

    /// The document whose `ref` is `r`.
    pub fn doc(&self, r: &str) -> Option<&Node> {
        self.refs.get(r).and_then(|&i| self.docs.get(i))
    }
}

/// Finds giza files by name beside another.
pub trait FileSource {
    /// The giza file `name` in folder `dir`.
    fn file(&self, dir: &Path, name: &str) -> Option<Arc<YamlFile>>;
}

/// A field value and the file it was written in.
#[derive(Clone, Debug)]
pub struct Field {
    /// The value.
    pub node: Node,
    /// Its file.
    pub file: FileId,
}

/// A document after inheritance.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// Fields (`inherit`, `source` and `replacement` excluded).
    pub fields: BTreeMap<String, Field>,
    /// The merged `replacement:` map.
    pub replacement: BTreeMap<String, Field>,
    /// Every file read for it (its own first).
    pub files: Vec<Arc<YamlFile>>,
    /// Where the document's own `inherit:`/`source:` key stands.
    pub inherit_at: Option<usize>,
}

impl Resolved {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.get(key)
    }
}

/// Resolves `doc` of `yf` through its `inherit:` chain.
pub fn resolve(
    files: &dyn FileSource,
    yf: &Arc<YamlFile>,
    doc: &Node,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    let mut stack = Vec::new();
    if let Some(r) = doc.get("ref").and_then(Node::scalar) {
        stack.push((yf.abs.clone(), r.value.clone()));
    }
    resolve_in(files, yf, doc, &mut stack, diags)
}

fn resolve_in(
    files: &dyn FileSource,
    yf: &Arc<YamlFile>,
    doc: &Node,
    stack: &mut Vec<(PathBuf, String)>,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    let mut r = Resolved {
        files: vec![yf.clone()],
        ..Resolved::default()
    };
    let Node::Map(entries, _) = doc else {
        return r;
    };
    let mut parent: Option<(&Scalar, &Node)> = None;
    for (k, v) in entries {
        match k.value.as_str() {
            "inherit" | "source" => parent = Some((k, v)),
            "replacement" => match v {
                Node::Map(m, _) => {
                    for (rk, rv) in m {
                        r.replacement.insert(
                            rk.value.clone(),
                            Field {
                                node: rv.clone(),
                                file: yf.id(),
                            },
                        );
                    }
                }
                other => diags.push(yf.invalid(other.at(), "`replacement` must map names to text")),
            },
            _ => {
                r.fields.insert(
                    k.value.clone(),
                    Field {
                        node: v.clone(),
                        file: yf.id(),
                    },
                );
            }
        }
    }
    let Some((key, spec)) = parent else {
        return r;
    };
    r.inherit_at = Some(key.at);
    let span = |s: &Scalar| Span::new(yf.id(), s.at, s.at + s.value.len().max(1));
    let (Some(fname), Some(pref)) = (
        spec.get("file").and_then(Node::scalar),
        spec.get("ref").and_then(Node::scalar),
    ) else {
        diags.push(yf.invalid(
            spec.at(),
            &format!("`{}` needs both `file` and `ref`", key.value),
        ));
        return r;
    };
    let Some(pfile) = files.file(yf.dir(), &fname.value) else {
        diags.push(
            Diagnostic::error(
                Code::InheritNotFound,
                format!("inherited file `{}` not found", fname.value),
            )
            .with_span(span(fname))
            .with_help("name a giza file of the same folder, such as `extracts-common.yaml`"),
        );
        return r;
    };
    let Some(pdoc) = pfile.doc(&pref.value) else {
        let mut d = Diagnostic::error(
            Code::InheritNotFound,
            format!(
                "`{}` has no document with `ref: {}`",
                fname.value, pref.value
            ),
        )
        .with_span(span(pref));
        d = match crate::suggest::did_you_mean(
            &pref.value,
            pfile.docs.iter().filter_map(|d| {
                d.get("ref")
                    .and_then(Node::scalar)
                    .map(|s| s.value.as_str())
            }),
        ) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help("check the parent's `ref`"),
        };
        if let Some(e) = &pfile.error {
            d = d.with_note(format!("that file has a YAML error: {}", e.message));
        }
        diags.push(d);
        return r;
    };
    let here = (pfile.abs.clone(), pref.value.clone());
    if let Some(pos) = stack.iter().position(|s| *s == here) {
        let chain: Vec<String> = stack[pos..]
            .iter()
            .chain([&here])
            .map(|(p, r)| {
                let n = p
                    .file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default();
                format!("{n}#{r}")
            })
            .collect();
        diags.push(
            Diagnostic::error(
                Code::InheritCycle,
                format!("inherit cycle: {}", chain.join(" → ")),
            )
            .with_span(Span::new(yf.id(), key.at, key.at + key.value.len()))
            .with_help("remove one `inherit:` of the chain"),
        );
        return r;
    }
    if stack.len() >= MAX_INHERIT_DEPTH {
        diags.push(
            Diagnostic::error(
                Code::InheritCycle,
                format!("`inherit:` chains more than {MAX_INHERIT_DEPTH} documents deep"),
            )
            .with_span(Span::new(yf.id(), key.at, key.at + key.value.len()))
            .with_help("inherit from a document nearer the root of the chain"),
        );
        return r;
    }
    stack.push(here);
    let p = resolve_in(files, &pfile, pdoc, stack, diags);
    stack.pop();
    for (k, v) in p.fields {
        r.fields.entry(k).or_insert(v);
    }
    for (k, v) in p.replacement {
        r.replacement.entry(k).or_insert(v);
    }
    for f in p.files {
        if !r.files.iter().any(|g| g.abs == f.abs) {
            r.files.push(f);
        }
    }
    r
}

/// Where a piece of generated text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Copied from `file` at this byte offset.
    Verbatim(FileId, usize),
    /// Produced by the text at `file`, `start..start+len`.
    At(FileId, usize, usize),
}

/// A piece of text and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Where it comes from.
    pub origin: Origin,
}

/// Splits a scalar's value into runs located in its file: each line of the
/// value is looked for in the next few lines of the source (block scalars
/// and single-line values are found exactly; lines YAML folded or unescaped
/// point at the scalar).
pub fn scalar_runs(src: &str, file: FileId, s: &Scalar) -> Vec<Run> {
    let value = s.value.strip_suffix('\n').unwrap_or(&s.value);
    let mut runs = Vec::new();
    let mut cursor = s.at.min(src.len());
    let exact = matches!(
        s.style,
        ScalarStyle::Literal | ScalarStyle::Plain | ScalarStyle::Quoted
    );
    for (k, line) in value.split('\n').enumerate() {
        if k > 0 {
            runs.push(Run {
                text: "\n".into(),
                origin: Origin::At(file, cursor, 0),
            });
        }
        if line.is_empty() {
            continue;
        }
        let limit = (cursor + line.len() + 512).min(src.len());
        let found = if exact {
            src.get(cursor..limit).and_then(|w| w.find(line))
        } else {
            None
        };
        match found {
            Some(i) => {
                runs.push(Run {
                    text: line.to_string(),
                    origin: Origin::Verbatim(file, cursor + i),
                });
                cursor += i + line.len();
            }
            None => runs.push(Run {
                text: line.to_string(),
                origin: Origin::At(file, s.at, 0),
            }),
        }
    }
    runs
}

/// Text fields with `{{name}}` filled in.
pub struct Texts<'a> {
    /// Source texts.
    pub db: &'a SourceDb,
    /// The project's constants (the fallback for `{{name}}`).
    pub constants: &'a Constants,
}

impl Texts<'_> {
    /// The runs of a scalar field, `{{name}}` replaced from `repl` (or the
    /// constants); unknown names are reported and replaced by nothing.
    pub fn runs(
        &self,
        f: &Field,
        s: &Scalar,
        repl: &BTreeMap<String, Field>,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<Run> {
        let src = self.db.get(f.file);
        let runs = scalar_runs(&src.text, f.file, s);
        let mut out = Vec::with_capacity(runs.len());
        for run in runs {
            if !run.text.contains("{{") {
                out.push(run);
                continue;
            }
            let t = run.text.as_str();
            let shift = |i: usize| match run.origin {
                Origin::Verbatim(f, o) => Origin::Verbatim(f, o + i),
                o => o,
            };
            let mut copied = 0;
            let mut i = 0;
            while let Some(k) = t[i..].find("{{") {
                let start = i + k;
                let name_start = start + 2;
                let name_end = t[name_start..]
                    .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                    .map_or(t.len(), |e| name_start + e);
                let name = &t[name_start..name_end];
                if name.is_empty() || !t[name_end..].starts_with("}}") {
                    i = start + 2;
                    continue;
                }
                let end = name_end + 2;
                if copied < start {
                    out.push(Run {
                        text: t[copied..start].to_string(),
                        origin: shift(copied),
                    });
                }
                let at = match run.origin {
                    Origin::Verbatim(f, o) => Origin::At(f, o + start, end - start),
                    o => o,
                };
                let value = match repl.get(name) {
                    Some(Field {
                        node: Node::Scalar(v),
                        ..
                    }) => Some(v.value.trim_end_matches('\n').to_string()),
                    Some(_) => None,
                    None => self.constants.get(name).map(str::to_string),
                };
                match value {
                    Some(v) => out.push(Run {
                        text: v,
                        origin: at,
                    }),
                    None => {
                        let span = match at {
                            Origin::At(f, s, l) => Span::new(f, s, s + l),
                            Origin::Verbatim(f, s) => Span::new(f, s, s),
                        };
                        diags.push(
                            Diagnostic::error(
                                Code::UndefinedReplacement,
                                format!("`{{{{{name}}}}}` has no replacement"),
                            )
                            .with_span(span)
                            .with_help(format!(
                                "add `{name}: …` under `replacement:` (in this document or the one it inherits), or define the constant `{name}`"
                            )),
                        );
                    }
                }
                copied = end;
                i = end;
            }
            if copied < t.len() {
                out.push(Run {
                    text: t[copied..].to_string(),
                    origin: shift(copied),
                });
            }
        }
        out
    }
}
