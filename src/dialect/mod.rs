//! The dialect registry: every directive and role procdoc knows, with its
//! argument and option kinds, content model, how it renders, link pattern or
//! object type. The parser, the resolver and the renderers ask it instead of
//! keeping their own lists.
//!
//! The built-in registry is `builtin.toml` (procdoc's format, embedded); a
//! project adds definitions in snooty's rstspec format with
//! `rstspec = "path"` in `[project]` ([`rstspec`]).

mod kinds;
pub mod rstspec;
mod targets;

pub use kinds::{parse_bool, parse_percentage, Scalar, ValueKind};
pub use targets::{link_url, object_anchor, short_name, ObjectKey};

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

/// How procdoc shows a directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Render {
    /// A titled box (`note`, `warning`, …).
    Admonition,
    /// A code block.
    Code,
    /// Code read from a file.
    LiteralInclude,
    /// An rST fragment read from a file.
    Include,
    /// snooty's `input`/`output` (code, or a file when given a path).
    Io,
    /// Numbered steps.
    Procedure,
    /// One step.
    Step,
    /// A table from nested lists.
    ListTable,
    /// "New in version …", "Changed in version …", "Deprecated since …".
    Version,
    /// A heading with a signature, not a link target.
    Describe,
    /// Terms that `:term:` links to.
    Glossary,
    /// A link styled as a button.
    Button,
    /// A definition that is a link target (`method`, `dbcommand`, …).
    Object,
    /// The argument and content are shown as they are.
    Container,
    /// Only the content is shown (the argument is a condition).
    Content,
    /// The content with the argument's classes (`class`, `cssclass`);
    /// content of class `hidden` is not shown, only its link targets.
    Classes,
    /// Nothing is shown (metadata, navigation, comments for writers).
    Hidden,
    /// A `toctree`: not shown; its entries make the site's hierarchy.
    Toctree,
    /// An image (`image`): the file is copied into the site.
    Image,
    /// A figure: an image with a caption and legend.
    Figure,
    /// A set of tabs (`tabs`, `tabs-drivers`, …).
    Tabs,
    /// One tab of a set.
    Tab,
}

impl Render {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "admonition" => Render::Admonition,
            "code" => Render::Code,
            "literalinclude" => Render::LiteralInclude,
            "include" => Render::Include,
            "io" => Render::Io,
            "procedure" => Render::Procedure,
            "step" => Render::Step,
            "list-table" => Render::ListTable,
            "version" => Render::Version,
            "describe" => Render::Describe,
            "glossary" => Render::Glossary,
            "button" => Render::Button,
            "object" => Render::Object,
            "container" => Render::Container,
            "content" => Render::Content,
            "classes" => Render::Classes,
            "hidden" => Render::Hidden,
            "toctree" => Render::Toctree,
            "image" => Render::Image,
            "figure" => Render::Figure,
            "tabs" => Render::Tabs,
            "tab" => Render::Tab,
            _ => return None,
        })
    }
}

/// What a directive's content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// It takes none.
    None,
    /// rST blocks.
    Blocks,
    /// Literal text (code).
    Literal,
    /// Plain text.
    Text,
}

/// One directive.
#[derive(Clone, Debug)]
pub struct DirectiveSpec {
    /// How it renders.
    pub render: Render,
    /// Its argument's kind; `None`: it takes no argument.
    pub arg: Option<ValueKind>,
    /// Its content model.
    pub body: Body,
    /// Accepted options.
    pub options: BTreeMap<String, ValueKind>,
    /// Accepted, but on its way out of the dialect.
    pub deprecated: bool,
}

/// A directive/role pair that defines and links to targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectSpec {
    /// The object type (`method`), as written in directives and roles.
    pub name: String,
    /// The anchor namespace (`mongodb`, `std`, `py`).
    pub domain: String,
    /// Prefix added to target names (`dbcmd`).
    pub prefix: Option<String>,
    /// Names end at `(` and are written with `()`.
    pub callable: bool,
    /// A command-line option of the current `.. program::`.
    pub program_option: bool,
}

/// How a role's text is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleShow {
    /// `` ``literal`` ``.
    Literal,
    /// Monospace, as a name from the product.
    Code,
    /// Plain text with the role's class (`red`, `guilabel`).
    Text,
    /// Emphasis.
    Emphasis,
    /// Strong.
    Strong,
    /// Keys to press.
    Kbd,
    /// Superscript.
    Sup,
    /// Subscript.
    Sub,
    /// `ABBR (expansion)`.
    Abbr,
    /// `:ref:` to a label.
    Ref,
    /// `:doc:` to a page.
    Doc,
    /// `:term:` to a glossary entry.
    Term,
    /// The target is itself a URL.
    Url,
    /// An icon, shown as its name.
    Icon,
    /// A link: the target replaces `%s` in the pattern.
    Link {
        /// URL pattern with `%s`.
        pattern: String,
        /// Add a trailing slash to paths.
        slash: bool,
    },
    /// A link to an object directive of this type.
    Object(ObjectSpec),
}

/// One role.
#[derive(Clone, Debug)]
pub struct RoleSpec {
    /// How it is shown.
    pub show: RoleShow,
    /// Accepted, but on its way out of the dialect.
    pub deprecated: bool,
}

/// Every directive and role.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    directives: HashMap<String, DirectiveSpec>,
    roles: HashMap<String, RoleSpec>,
    objects: HashMap<String, ObjectSpec>,
    /// Tab titles by tab set kind and tab id (`drivers` → `shell` →
    /// "MongoDB Shell").
    tab_titles: HashMap<String, BTreeMap<String, String>>,
}

/// Domain prefixes a name may carry (`mongodb:method` is `method`).
const DOMAINS: &[&str] = &["mongodb:", "std:"];

fn lookup<'a, T>(map: &'a HashMap<String, T>, name: &str) -> Option<&'a T> {
    map.get(name).or_else(|| {
        DOMAINS
            .iter()
            .find_map(|d| name.strip_prefix(d))
            .and_then(|n| map.get(n))
    })
}

impl Registry {
    /// The built-in registry (`builtin.toml`).
    pub fn builtin() -> &'static Registry {
        static BUILTIN: LazyLock<Registry> = LazyLock::new(|| {
            Registry::from_builtin_toml(include_str!("builtin.toml")).unwrap_or_default()
        });
        &BUILTIN
    }

    /// The title of tab `id` in tab sets of kind `kind` (`drivers`,
    /// `platforms`, …), when the dialect names it.
    pub fn tab_title(&self, kind: &str, id: &str) -> Option<&str> {
        self.tab_titles
            .get(kind)
            .and_then(|m| m.get(id))
            .map(String::as_str)
    }

    /// Parses procdoc's registry format.
    pub fn from_builtin_toml(text: &str) -> Result<Registry, String> {
        let file: BuiltinFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut r = Registry {
            tab_titles: file.tabset.into_iter().collect(),
            ..Registry::default()
        };
        for (name, d) in file.directive {
            let render = Render::parse(&d.render)
                .ok_or_else(|| format!("directive `{name}`: unknown render `{}`", d.render))?;
            let arg = d
                .arg
                .as_deref()
                .map(ValueKind::parse)
                .transpose()
                .map_err(|e| format!("directive `{name}`: {e}"))?;
            let body = match d.body.as_deref() {
                None => Body::None,
                Some("blocks") => Body::Blocks,
                Some("literal") => Body::Literal,
                Some("text") => Body::Text,
                Some(o) => return Err(format!("directive `{name}`: unknown body `{o}`")),
            };
            let options =
                parse_options(&d.options).map_err(|e| format!("directive `{name}`: {e}"))?;
            r.directives.insert(
                name,
                DirectiveSpec {
                    render,
                    arg,
                    body,
                    options,
                    deprecated: d.deprecated,
                },
            );
        }
        for (name, o) in file.object {
            let options = parse_options(&o.options).map_err(|e| format!("object `{name}`: {e}"))?;
            r.add_object(
                ObjectSpec {
                    name: name.clone(),
                    domain: o.domain,
                    prefix: o.prefix,
                    callable: o.callable,
                    program_option: o.program_option,
                },
                options,
            );
        }
        for (name, ro) in file.role {
            let show = match (ro.link, ro.show.as_deref()) {
                (Some(pattern), _) => RoleShow::Link {
                    pattern,
                    slash: ro.slash,
                },
                (None, Some(s)) => {
                    parse_show(s).ok_or_else(|| format!("role `{name}`: unknown show `{s}`"))?
                }
                (None, None) => return Err(format!("role `{name}`: needs `show` or `link`")),
            };
            r.roles.insert(
                name,
                RoleSpec {
                    show,
                    deprecated: ro.deprecated,
                },
            );
        }
        Ok(r)
    }

    /// Adds an object type: its directive and its role.
    pub fn add_object(&mut self, o: ObjectSpec, options: BTreeMap<String, ValueKind>) {
        self.directives.insert(
            o.name.clone(),
            DirectiveSpec {
                render: Render::Object,
                arg: Some(ValueKind {
                    forms: vec![Scalar::Text],
                    required: true,
                }),
                body: Body::Blocks,
                options,
                deprecated: false,
            },
        );
        self.roles.insert(
            o.name.clone(),
            RoleSpec {
                show: RoleShow::Object(o.clone()),
                deprecated: false,
            },
        );
        self.objects.insert(o.name.clone(), o);
    }

    /// Adds or replaces a directive.
    pub fn set_directive(&mut self, name: &str, spec: DirectiveSpec) {
        self.directives.insert(name.to_string(), spec);
    }

    /// Adds or replaces a role.
    pub fn set_role(&mut self, name: &str, spec: RoleSpec) {
        self.roles.insert(name.to_string(), spec);
    }

    /// The directive called `name` (a `mongodb:` or `std:` prefix is optional).
    pub fn directive(&self, name: &str) -> Option<&DirectiveSpec> {
        lookup(&self.directives, name)
    }

    /// The role called `name` (a `mongodb:` or `std:` prefix is optional).
    pub fn role(&self, name: &str) -> Option<&RoleSpec> {
        lookup(&self.roles, name)
    }

    /// The object type called `name`.
    pub fn object(&self, name: &str) -> Option<&ObjectSpec> {
        lookup(&self.objects, name)
    }

    /// Every directive name, sorted (for did-you-mean).
    pub fn directive_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.directives.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Every role name, sorted (for did-you-mean).
    pub fn role_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.roles.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The registry of a project: the built-in one, plus the definitions of the
/// `rstspec` file named in `[project]` (a path relative to the docs root).
/// Problems with that file are diagnostics; the built-in registry is used
/// for whatever could not be read.
pub fn for_project(
    root: &std::path::Path,
    rstspec: Option<&toml::Spanned<String>>,
    config_file: Option<crate::text::FileId>,
    db: &crate::text::SourceDb,
    diags: &mut crate::diag::Diagnostics,
) -> std::sync::Arc<Registry> {
    use crate::diag::{Code, Diagnostic};
    let mut reg = Registry::builtin().clone();
    let Some(setting) = rstspec else {
        return std::sync::Arc::new(reg);
    };
    let rel = setting.get_ref();
    let path = root.join(rel);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let file = db.add(rel.clone(), path, text);
            diags.extend(rstspec::extend(&mut reg, &file.text, file.id));
        }
        Err(e) => {
            let mut d = Diagnostic::error(
                Code::RstspecInvalid,
                format!("cannot read rstspec file `{rel}`: {e}"),
            )
            .with_help("`rstspec` in [project] is a path relative to the docs root");
            if let Some(f) = config_file {
                let r = setting.span();
                d = d.with_span(crate::text::Span::new(f, r.start, r.end));
            }
            diags.push(d);
        }
    }
    std::sync::Arc::new(reg)
}

fn parse_options(raw: &BTreeMap<String, String>) -> Result<BTreeMap<String, ValueKind>, String> {
    raw.iter()
        .map(|(k, v)| {
            ValueKind::parse(v)
                .map(|kind| (k.clone(), kind))
                .map_err(|e| format!("option `{k}`: {e}"))
        })
        .collect()
}

fn parse_show(s: &str) -> Option<RoleShow> {
    Some(match s {
        "literal" => RoleShow::Literal,
        "code" => RoleShow::Code,
        "text" => RoleShow::Text,
        "emphasis" => RoleShow::Emphasis,
        "strong" => RoleShow::Strong,
        "kbd" => RoleShow::Kbd,
        "sup" => RoleShow::Sup,
        "sub" => RoleShow::Sub,
        "abbr" => RoleShow::Abbr,
        "ref" => RoleShow::Ref,
        "doc" => RoleShow::Doc,
        "term" => RoleShow::Term,
        "url" => RoleShow::Url,
        "icon" => RoleShow::Icon,
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BuiltinFile {
    directive: BTreeMap<String, RawDirective>,
    object: BTreeMap<String, RawObject>,
    role: BTreeMap<String, RawRole>,
    /// `[tabset.KIND]`: tab id → title.
    #[serde(default)]
    tabset: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirective {
    render: String,
    arg: Option<String>,
    body: Option<String>,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    options: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObject {
    domain: String,
    prefix: Option<String>,
    #[serde(default)]
    callable: bool,
    #[serde(default, rename = "program-option")]
    program_option: bool,
    #[serde(default)]
    options: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    show: Option<String>,
    link: Option<String>,
    #[serde(default)]
    slash: bool,
    #[serde(default)]
    deprecated: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_parses_and_knows_the_dialect() {
        let r = Registry::from_builtin_toml(include_str!("builtin.toml")).unwrap();
        assert_eq!(r.directive("note").unwrap().render, Render::Admonition);
        assert_eq!(
            r.directive("mongodb:procedure").unwrap().render,
            Render::Procedure
        );
        assert_eq!(r.directive("method").unwrap().render, Render::Object);
        assert_eq!(r.directive("versionadded").unwrap().render, Render::Version);
        assert_eq!(r.directive("toctree").unwrap().render, Render::Toctree);
        for name in [
            "describe",
            "cond",
            "todo",
            "introduction",
            "button",
            "cssclass",
        ] {
            assert!(r.directive(name).is_some(), "{name}");
        }
        assert!(r.directive("cssclass").unwrap().deprecated);
        assert!(r.directive("code-blok").is_none());
        match &r.role("issue").unwrap().show {
            RoleShow::Link { pattern, slash } => {
                assert_eq!(pattern, "https://jira.mongodb.org/browse/%s");
                assert!(!slash);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            r.role("v4.4").unwrap().show,
            RoleShow::Link { slash: true, .. }
        ));
        let dbcmd = r.object("dbcommand").unwrap();
        assert_eq!(dbcmd.prefix.as_deref(), Some("dbcmd"));
        assert!(r.object("method").unwrap().callable);
        assert!(r.object("option").unwrap().program_option);
        assert!(matches!(
            r.role("method").unwrap().show,
            RoleShow::Object(_)
        ));
        assert_eq!(r.role("term").unwrap().show, RoleShow::Term);
        assert_eq!(r.role("superscript").unwrap().show, RoleShow::Sup);
        assert_eq!(r.role("red").unwrap().show, RoleShow::Text);
        assert!(r.role("highlight-red").is_some());
        // The static copy is the same data.
        assert!(Registry::builtin().directive("list-table").is_some());
    }

    #[test]
    fn bad_registry_entries_are_reported() {
        let e =
            Registry::from_builtin_toml("[directive.x]\nrender = \"fancy\"\n[object]\n[role]\n")
                .unwrap_err();
        assert!(e.contains("unknown render `fancy`"), "{e}");
        let e = Registry::from_builtin_toml(
            "[directive.x]\nrender = \"hidden\"\noptions = { a = \"nmbr\" }\n[object]\n[role]\n",
        )
        .unwrap_err();
        assert!(e.contains("option `a`: unknown kind `nmbr`"), "{e}");
    }
}
