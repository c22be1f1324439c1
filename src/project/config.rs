//! `procdoc.toml` (or, failing that, a snooty project's `snooty.toml`).

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::text::{FileId, SourceDb, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// The whole configuration.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[project]`
    #[serde(default)]
    pub project: ProjectSection,
    /// `[constants]`: `{+name+}` values, in the order written.
    #[serde(default)]
    pub constants: indexmap::IndexMap<String, Spanned<String>>,
    /// `[substitutions]`: `|name|` replacements (inline markup).
    #[serde(default)]
    pub substitutions: BTreeMap<String, Spanned<String>>,
    /// `[refs.<label>]`: labels defined outside this project.
    #[serde(default)]
    pub refs: BTreeMap<String, ExternalRef>,
    /// `[[snippets]]`: which schema applies to which JSON snippets.
    #[serde(default)]
    pub snippets: Vec<SnippetRule>,
    /// `[[diff]]`: variant pairs to compare.
    #[serde(default)]
    pub diff: Vec<DiffPair>,
    /// `[limits]`: budgets against runaway input.
    #[serde(default)]
    pub limits: Limits,
    /// The file `[constants]` and `[substitutions]` were read from when it
    /// is not the config file: `snooty.toml` under a layered `procdoc.toml`.
    #[serde(skip)]
    pub constants_file: Option<FileId>,
}

/// `[limits]`: budgets that stop hostile or runaway input early, with a
/// located error, instead of exhausting memory or disk.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Limits {
    /// The largest page, in bytes of text after includes, literalincludes
    /// and constants (default 64 MiB).
    #[serde(default = "default_page_bytes")]
    pub page_bytes: usize,
}

fn default_page_bytes() -> usize {
    crate::resolve::include::DEFAULT_MAX_PAGE_BYTES
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            page_bytes: default_page_bytes(),
        }
    }
}

/// `[project]`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSection {
    /// Site title.
    #[serde(default = "default_title")]
    pub title: String,
    /// Folder with the pages, relative to the root.
    #[serde(default = "default_source")]
    pub source: String,
    /// Globs (relative to the source folder) of files that are not pages.
    #[serde(default = "default_exclude")]
    pub exclude: Vec<Spanned<String>>,
    /// A file in snooty's rstspec format with more directives and roles
    /// (relative to the root).
    #[serde(default)]
    pub rstspec: Option<Spanned<String>>,
}

fn default_title() -> String {
    "Documentation".into()
}
fn default_source() -> String {
    "source".into()
}
fn default_exclude() -> Vec<Spanned<String>> {
    vec![Spanned::new(0..0, "includes/**".into())]
}

impl Default for ProjectSection {
    fn default() -> Self {
        ProjectSection {
            title: default_title(),
            source: default_source(),
            exclude: default_exclude(),
            rstspec: None,
        }
    }
}

/// A label defined outside this project (like Sphinx intersphinx).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalRef {
    /// Title used when the `:ref:` gives none.
    pub title: String,
    /// Where it points.
    pub url: String,
}

/// A `[[snippets]]` rule.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnippetRule {
    /// Glob over the file holding the snippet text, relative to the root.
    #[serde(rename = "match")]
    pub pattern: Spanned<String>,
    /// A built-in schema name or a path to a JSON Schema file.
    pub schema: Spanned<String>,
    /// For policies: the exact set of actions the policy must grant.
    #[serde(default)]
    pub actions: Option<Vec<String>>,
    /// Lints turned off for the snippets this rule matches (`wildcard-action`, …).
    #[serde(default)]
    pub allow: Vec<Spanned<String>>,
    /// Why the lints in `allow` are on purpose (required with `allow`).
    #[serde(default)]
    pub reason: Option<Spanned<String>>,
}

/// A `[[diff]]` entry: two files, two folders (every file with the same
/// relative path), or a mapping rule of two globs
/// (`includes/tutorials/**` ↔ `includes/queryable-encryption/tutorials/**`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffPair {
    /// Left file, folder or glob, relative to the root.
    pub left: String,
    /// Right file, folder or glob, relative to the root.
    pub right: String,
    /// Expected differences: pairs of (left text, right text).
    #[serde(default)]
    pub equivalent: Vec<[String; 2]>,
}

impl Config {
    /// The exclude globs as a matcher. An invalid glob is an error located
    /// at its value in the config (`file`), never silently skipped: a
    /// skipped exclude would build fragments as pages.
    pub fn exclude_set(&self, file: Option<FileId>) -> Result<globset::GlobSet, Vec<Diagnostic>> {
        let mut b = globset::GlobSetBuilder::new();
        let mut errors = Vec::new();
        for g in &self.project.exclude {
            match globset::Glob::new(g.get_ref()) {
                Ok(glob) => {
                    b.add(glob);
                }
                Err(e) => {
                    let mut d = Diagnostic::error(
                        Code::ConfigInvalid,
                        format!("invalid exclude glob `{}`: {}", g.get_ref(), e.kind()),
                    )
                    .with_help("fix the glob (`*` within a folder, `**` across folders, `{a,b}` for alternatives)");
                    if let Some(f) = file {
                        d = d.with_span(Span::new(f, g.span().start, g.span().end));
                    }
                    errors.push(d);
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        b.build().map_err(|e| {
            vec![Diagnostic::error(
                Code::ConfigInvalid,
                format!("invalid exclude globs: {e}"),
            )]
        })
    }
}

/// The parts of a snooty.toml procdoc understands.
#[derive(Debug, Default, Deserialize)]
struct SnootyToml {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    constants: indexmap::IndexMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    substitutions: BTreeMap<String, Spanned<toml::Value>>,
}

/// Reads and parses one config file; `None` (with a diagnostic) when it
/// cannot be read or parsed.
fn read_one<T: serde::de::DeserializeOwned>(
    root: &Path,
    name: &str,
    db: &SourceDb,
    diags: &mut Diagnostics,
) -> (Option<T>, Option<FileId>) {
    // A config symlinked out of the root is not read: its text would be
    // echoed in error messages (and CI logs).
    let path = match super::paths::resolve_in(root, &root.join(name)) {
        Ok(p) => p.abs().to_path_buf(),
        Err(e) => {
            diags.push(
                Diagnostic::error(Code::PathOutsideRoot, format!("{name} is not read: {e}"))
                    .with_help(format!(
                        "{name} must be a regular file inside the docs root; replace the symlink with a copy"
                    )),
            );
            return (None, None);
        }
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                Code::ConfigInvalid,
                format!("cannot read {name}: {e}"),
            ));
            return (None, None);
        }
    };
    let file = db.add(name.to_string(), path, text);
    match toml::from_str::<T>(&file.text) {
        Ok(c) => (Some(c), Some(file.id)),
        Err(e) => {
            let mut d = Diagnostic::error(
                Code::ConfigInvalid,
                format!("invalid {name}: {}", e.message()),
            )
            .with_help("see the Configuration section of the README for the accepted keys");
            if let Some(r) = e.span() {
                d = d.with_span(Span::new(file.id, r.start, r.end));
            }
            diags.push(d);
            (None, Some(file.id))
        }
    }
}

/// Loads the config. `procdoc.toml` alone, or `snooty.toml` alone (title,
/// constants, substitutions; `/`-paths start at `source/`). With both, the
/// two are layered: snooty.toml keeps its title, constants, substitutions
/// and `/` semantics, and procdoc.toml adds everything else (`[project]`
/// source/exclude, a title that overrides, `[refs]`, `[[snippets]]`,
/// `[[diff]]`); `[constants]` or `[substitutions]` in that procdoc.toml are
/// an error (they belong in snooty.toml). Returns the config, the config
/// file id (procdoc.toml when there is one), and whether `/` means the
/// source folder (a snooty project).
pub(crate) fn load(
    root: &Path,
    db: &SourceDb,
    diags: &mut Diagnostics,
) -> (Config, Option<FileId>, bool) {
    let has_procdoc = root.join("procdoc.toml").is_file();
    let has_snooty = root.join("snooty.toml").is_file();
    match (has_procdoc, has_snooty) {
        (true, false) => {
            let (c, f) = read_one::<Config>(root, "procdoc.toml", db, diags);
            (c.unwrap_or_default(), f, false)
        }
        (false, true) => {
            let (c, f) = read_one::<SnootyToml>(root, "snooty.toml", db, diags);
            (c.map(from_snooty).unwrap_or_default(), f, true)
        }
        (true, true) => {
            let (sn, sf) = read_one::<SnootyToml>(root, "snooty.toml", db, diags);
            let (pc, pf) = read_one::<Config>(root, "procdoc.toml", db, diags);
            let mut c = pc.unwrap_or_default();
            if let Some(pf) = pf {
                let first = c
                    .constants
                    .values()
                    .map(|v| v.span())
                    .chain(c.substitutions.values().map(|v| v.span()))
                    .next();
                if let Some(r) = first {
                    diags.push(
                        Diagnostic::error(
                            Code::ConfigInvalid,
                            "procdoc.toml beside snooty.toml defines constants or substitutions; they are ignored",
                        )
                        .with_span(Span::new(pf, r.start, r.end))
                        .with_help("in a snooty project, [constants] and [substitutions] live in snooty.toml; procdoc.toml adds [[diff]], [[snippets]], [refs] and [project] settings"),
                    );
                }
            }
            let sn = from_snooty(sn.unwrap_or_default());
            if c.project.title == default_title() {
                c.project.title = sn.project.title;
            }
            c.constants = sn.constants;
            c.substitutions = sn.substitutions;
            c.constants_file = sf;
            (c, pf, true)
        }
        (false, false) => (Config::default(), None, false),
    }
}

fn from_snooty(s: SnootyToml) -> Config {
    let mut c = Config::default();
    c.project.title = s.title.or(s.name).unwrap_or_else(default_title);
    for (k, v) in s.constants {
        let span = v.span();
        let text = match v.into_inner() {
            toml::Value::String(s) => s,
            other => other.to_string(),
        };
        c.constants.insert(k, Spanned::new(span, text));
    }
    for (k, v) in s.substitutions {
        let span = v.span();
        let text = match v.into_inner() {
            toml::Value::String(s) => s,
            other => other.to_string(),
        };
        c.substitutions.insert(k, Spanned::new(span, text));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;

    /// A temporary docs root holding `files` (relative path, text).
    fn root_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    /// A snooty.toml shaped like a real one: keys procdoc uses, and many it
    /// does not (which must not make it invalid).
    const SNOOTY: &str = r#"name = "node"
title = "Node.js Driver"
intersphinx = ["https://www.mongodb.com/docs/manual/objects.inv"]
toc_landing_pages = ["/get-started", "crud/update"]
sharedinclude_root = "https://raw.githubusercontent.com/10gen/docs-shared/main/"

[constants]
version = "6.17"
api = "https://mongodb.github.io/node-mongodb-native/{+version+}"
year = 2025
stable = true

[substitutions]
product = "MongoDB"
bi = "MongoDB Connector for BI"

[bundle]
manpages = "manpages.tar.gz"

[[banners]]
targets = ["index.txt"]
variant = "tip"
value = "A banner"

[manpages.mongosh]
file = "reference/mongosh.txt"
"#;

    #[test]
    fn snooty_toml_gives_title_constants_and_substitutions() {
        let dir = root_with(&[("snooty.toml", SNOOTY)]);
        let db = SourceDb::new();
        let mut diags = Diagnostics::default();
        let (config, file, snooty) = load(dir.path(), &db, &mut diags);
        assert!(diags.is_empty(), "{:?}", diags.0);
        assert!(snooty);
        let file = db.get(file.expect("the config file is recorded"));
        assert_eq!(file.rel_path, "snooty.toml");
        assert_eq!(config.project.title, "Node.js Driver");
        // Constants keep their order and their text unexpanded; non-string
        // values become their TOML text.
        let constants: Vec<(&str, &str)> = config
            .constants
            .iter()
            .map(|(k, v)| (k.as_str(), v.get_ref().as_str()))
            .collect();
        assert_eq!(
            constants,
            [
                ("version", "6.17"),
                (
                    "api",
                    "https://mongodb.github.io/node-mongodb-native/{+version+}"
                ),
                ("year", "2025"),
                ("stable", "true"),
            ]
        );
        // Each constant's span points at its value in snooty.toml.
        let version = &config.constants["version"];
        assert_eq!(&SNOOTY[version.span()], "\"6.17\"");
        let subs: Vec<(&str, &str)> = config
            .substitutions
            .iter()
            .map(|(k, v)| (k.as_str(), v.get_ref().as_str()))
            .collect();
        assert_eq!(
            subs,
            [("bi", "MongoDB Connector for BI"), ("product", "MongoDB")]
        );
        // Only those values are taken: the rest is procdoc's defaults.
        assert_eq!(config.project.source, "source");
        assert_eq!(
            config
                .project
                .exclude
                .iter()
                .map(|g| g.get_ref().as_str())
                .collect::<Vec<_>>(),
            ["includes/**"]
        );
        assert!(config.refs.is_empty() && config.snippets.is_empty() && config.diff.is_empty());
    }

    #[test]
    fn snooty_toml_without_a_title_uses_the_name() {
        let dir = root_with(&[("snooty.toml", "name = \"manual\"\n")]);
        let mut diags = Diagnostics::default();
        let (config, _, snooty) = load(dir.path(), &SourceDb::new(), &mut diags);
        assert!(diags.is_empty() && snooty, "{:?}", diags.0);
        assert_eq!(config.project.title, "manual");
        let dir = root_with(&[("snooty.toml", "[constants]\na = \"b\"\n")]);
        let (config, _, _) = load(dir.path(), &SourceDb::new(), &mut diags);
        assert_eq!(config.project.title, "Documentation");
    }

    #[test]
    fn procdoc_toml_is_layered_over_snooty_toml() {
        // snooty.toml keeps its constants and `/` rule (the snooty flag);
        // procdoc.toml's title overrides.
        let dir = root_with(&[
            (
                "snooty.toml",
                "title = \"Snooty\"\n[constants]\na = \"b\"\n",
            ),
            ("procdoc.toml", "[project]\ntitle = \"Procdoc\"\n"),
        ]);
        let mut diags = Diagnostics::default();
        let (config, _, snooty) = load(dir.path(), &SourceDb::new(), &mut diags);
        assert!(diags.is_empty() && snooty, "{:?}", diags.0);
        assert_eq!(config.project.title, "Procdoc");
        assert_eq!(config.constants["a"].get_ref(), "b");
    }

    #[test]
    fn snooty_toml_with_bad_toml_is_located() {
        let dir = root_with(&[("snooty.toml", "title = \"x\"\n[constants\n")]);
        let mut diags = Diagnostics::default();
        let (config, file, snooty) = load(dir.path(), &SourceDb::new(), &mut diags);
        assert!(snooty && file.is_some());
        assert_eq!(config.project.title, "Documentation");
        let codes: Vec<Code> = diags.0.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::ConfigInvalid]);
        assert!(
            diags.0[0].message.starts_with("invalid snooty.toml:"),
            "{:?}",
            diags.0
        );
        assert!(diags.0[0].span.is_some());
    }

    #[test]
    fn slash_paths_start_at_source_for_snooty_and_at_the_root_otherwise() {
        let dir = root_with(&[
            ("snooty.toml", SNOOTY),
            ("source/index.txt", "Home\n====\n"),
        ]);
        let (project, diags) = Project::load(dir.path()).expect("load");
        assert!(diags.is_empty(), "{:?}", diags.0);
        let root = dir.path().canonicalize().expect("canonical");
        assert_eq!(project.abs_base, root.join("source"));
        assert_eq!(project.config.project.title, "Node.js Driver");
        // Constants are expanded for pages: `{+version+}` inside `api`.
        assert_eq!(
            project.constants.get("api"),
            Some("https://mongodb.github.io/node-mongodb-native/6.17")
        );
        let dir = root_with(&[
            ("procdoc.toml", "[project]\ntitle = \"P\"\n"),
            ("source/index.rst", "Home\n====\n"),
        ]);
        let (project, _) = Project::load(dir.path()).expect("load");
        let root = dir.path().canonicalize().expect("canonical");
        assert_eq!(project.abs_base, root);
    }
}
