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
    pub exclude: Vec<String>,
}

fn default_title() -> String {
    "Documentation".into()
}
fn default_source() -> String {
    "source".into()
}
fn default_exclude() -> Vec<String> {
    vec!["includes/**".into()]
}

impl Default for ProjectSection {
    fn default() -> Self {
        ProjectSection {
            title: default_title(),
            source: default_source(),
            exclude: default_exclude(),
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

/// A `[[diff]]` pair.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffPair {
    /// Left file, relative to the root.
    pub left: String,
    /// Right file, relative to the root.
    pub right: String,
    /// Expected differences: pairs of (left text, right text).
    #[serde(default)]
    pub equivalent: Vec<[String; 2]>,
}

impl Config {
    /// The exclude globs as a matcher.
    pub fn exclude_set(&self) -> globset::GlobSet {
        let mut b = globset::GlobSetBuilder::new();
        for g in &self.project.exclude {
            if let Ok(g) = globset::Glob::new(g) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| globset::GlobSet::empty())
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

/// Loads `procdoc.toml`, or `snooty.toml` when there is no procdoc.toml.
/// Returns the config, the config file id, and whether it was a snooty.toml.
pub(crate) fn load(
    root: &Path,
    db: &SourceDb,
    diags: &mut Diagnostics,
) -> (Config, Option<FileId>, bool) {
    for (name, snooty) in [("procdoc.toml", false), ("snooty.toml", true)] {
        let path = root.join(name);
        if !path.is_file() {
            continue;
        }
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                diags.push(Diagnostic::error(
                    Code::ConfigInvalid,
                    format!("cannot read {name}: {e}"),
                ));
                return (Config::default(), None, snooty);
            }
        };
        let file = db.add(name.to_string(), path, text);
        let result = if snooty {
            toml::from_str::<SnootyToml>(&file.text).map(from_snooty)
        } else {
            toml::from_str::<Config>(&file.text)
        };
        return match result {
            Ok(c) => (c, Some(file.id), snooty),
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
                (Config::default(), Some(file.id), snooty)
            }
        };
    }
    (Config::default(), None, false)
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
