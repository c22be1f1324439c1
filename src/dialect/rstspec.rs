//! Loading more definitions from a file in snooty's rstspec format
//! (`[directive.NAME]`, `[role.NAME]`, `[rstobject."domain:NAME"]`, with
//! `inherit`, `argument_type`, `content_type`, `options.*`, `type`) into a
//! [`Registry`]. Every problem is a located diagnostic; a bad entry is
//! skipped, the rest still loads.

use super::{
    Body, DirectiveSpec, ObjectSpec, Registry, Render, RoleShow, RoleSpec, Scalar, ValueKind,
};
use crate::diag::{Code, Diagnostic};
use crate::text::{FileId, Span};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use toml::Spanned;

#[derive(Deserialize)]
struct SpecFile {
    #[serde(default, rename = "enum")]
    enums: HashMap<String, Vec<String>>,
    #[serde(default)]
    directive: BTreeMap<String, Spanned<SpecDirective>>,
    #[serde(default)]
    role: BTreeMap<String, Spanned<SpecRole>>,
    #[serde(default)]
    rstobject: BTreeMap<String, Spanned<SpecObject>>,
}

#[derive(Clone, Deserialize)]
struct SpecDirective {
    inherit: Option<String>,
    argument_type: Option<Spanned<toml::Value>>,
    content_type: Option<Spanned<String>>,
    #[serde(default)]
    options: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    deprecated: bool,
}

#[derive(Clone, Deserialize)]
struct SpecRole {
    inherit: Option<String>,
    #[serde(rename = "type")]
    kind: Option<Spanned<toml::Value>>,
    #[serde(default)]
    deprecated: bool,
}

#[derive(Clone, Deserialize)]
struct SpecObject {
    inherit: Option<String>,
    prefix: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    options: BTreeMap<String, Spanned<toml::Value>>,
}

struct Loader<'a> {
    file: FileId,
    enums: &'a HashMap<String, Vec<String>>,
    diags: Vec<Diagnostic>,
}

impl Loader<'_> {
    fn error(&mut self, at: Range<usize>, msg: String, help: &str) {
        self.diags.push(
            Diagnostic::error(Code::RstspecInvalid, msg)
                .with_span(Span::new(self.file, at.start, at.end))
                .with_help(help.to_string()),
        );
    }

    /// A snooty type: a name, a list of names, or `{type, required}`.
    fn kind(&mut self, v: &Spanned<toml::Value>) -> Option<ValueKind> {
        let (inner, required) = match v.get_ref() {
            toml::Value::Table(t) => (
                t.get("type")
                    .cloned()
                    .unwrap_or(toml::Value::String("string".into())),
                t.get("required")
                    .and_then(toml::Value::as_bool)
                    .unwrap_or(false),
            ),
            other => (other.clone(), false),
        };
        let names: Vec<String> = match &inner {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        if names.is_empty() {
            self.error(
                v.span(),
                "a type must be a name, a list of names or {type, required}".into(),
                "write for example \"string\", [\"path\", \"uri\"] or {type = \"string\", required = true}",
            );
            return None;
        }
        let mut forms = Vec::new();
        for n in names {
            if let Some(words) = self.enums.get(&n) {
                forms.push(Scalar::OneOf(words.clone()));
                continue;
            }
            match ValueKind::word(&n) {
                Ok(s) => forms.push(s),
                Err(_) => {
                    let known = [
                        "string",
                        "flag",
                        "nonnegative_integer",
                        "boolean",
                        "path",
                        "uri",
                        "length",
                        "iso_8601",
                        "linenos",
                    ];
                    let help = match crate::suggest::did_you_mean(
                        &n,
                        known
                            .iter()
                            .copied()
                            .chain(self.enums.keys().map(String::as_str)),
                    ) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("use one of {} or a name from [enum]", known.join(", ")),
                    };
                    self.error(v.span(), format!("unknown type `{n}`"), &help);
                    return None;
                }
            }
        }
        Some(ValueKind { forms, required })
    }

    fn options(
        &mut self,
        raw: &BTreeMap<String, Spanned<toml::Value>>,
    ) -> BTreeMap<String, ValueKind> {
        let mut out = BTreeMap::new();
        for (k, v) in raw {
            if let Some(kind) = self.kind(v) {
                out.insert(k.clone(), kind);
            }
        }
        out
    }
}

/// The name procdoc registers: `mongodb:` and `std:` are dropped.
fn short(name: &str) -> &str {
    name.strip_prefix("mongodb:")
        .or_else(|| name.strip_prefix("std:"))
        .unwrap_or(name)
}

/// Follows `inherit` inside the file; returns the chain, nearest first, or
/// the name where a cycle closes.
fn chain<'a, T>(
    map: &'a BTreeMap<String, Spanned<T>>,
    name: &'a str,
    parent: impl Fn(&T) -> Option<&String>,
) -> Result<Vec<&'a str>, &'a str> {
    let mut out = vec![name];
    let mut cur = name;
    while let Some(p) = map.get(cur).and_then(|e| parent(e.get_ref())) {
        if out.contains(&p.as_str()) {
            return Err(cur);
        }
        out.push(p.as_str());
        cur = p.as_str();
        if !map.contains_key(cur) {
            break;
        }
    }
    Ok(out)
}

/// Adds the definitions of `text` (the contents of `file`) to `reg`.
/// Existing names keep how procdoc renders them and take the new options.
pub fn extend(reg: &mut Registry, text: &str, file: FileId) -> Vec<Diagnostic> {
    let spec: SpecFile = match toml::from_str(text) {
        Ok(s) => s,
        Err(e) => {
            let mut d = Diagnostic::error(
                Code::RstspecInvalid,
                format!("invalid rstspec file: {}", e.message()),
            )
            .with_help("the file must be TOML in snooty's rstspec format");
            if let Some(r) = e.span() {
                d = d.with_span(Span::new(file, r.start, r.end));
            }
            return vec![d];
        }
    };
    let mut l = Loader {
        file,
        enums: &spec.enums,
        diags: Vec::new(),
    };
    for (name, entry) in &spec.directive {
        if name.starts_with('_') {
            continue; // a base for `inherit` only
        }
        let names = match chain(&spec.directive, name, |d| d.inherit.as_ref()) {
            Ok(n) => n,
            Err(at) => {
                l.error(
                    entry.span(),
                    format!("`inherit` cycle at directive `{at}`"),
                    "remove one `inherit`",
                );
                continue;
            }
        };
        // Merge from the farthest ancestor to the entry itself.
        let mut merged: Option<DirectiveSpec> = None;
        for n in names.iter().rev() {
            let Some(e) = spec.directive.get(*n) else {
                match reg.directive(short(n)) {
                    Some(base) => merged = Some(base.clone()),
                    None => l.error(
                        entry.span(),
                        format!("directive `{name}` inherits from unknown `{n}`"),
                        "define the parent in this file or inherit from a directive procdoc knows",
                    ),
                }
                continue;
            };
            let e = e.get_ref();
            let mut d = merged.take().unwrap_or(DirectiveSpec {
                render: Render::Hidden,
                arg: None,
                body: Body::None,
                options: BTreeMap::new(),
                deprecated: false,
            });
            if let Some(a) = &e.argument_type {
                d.arg = l.kind(a);
            }
            if let Some(c) = &e.content_type {
                d.body = match c.get_ref().as_str() {
                    "block" | "list" | "list_table" => Body::Blocks,
                    "raw" => Body::Literal,
                    "string" => Body::Text,
                    other => {
                        l.error(
                            c.span(),
                            format!("unknown content_type `{other}`"),
                            "use block, list, list_table, raw or string",
                        );
                        d.body
                    }
                };
                if d.render == Render::Hidden && d.body != Body::None {
                    d.render = Render::Container;
                }
            }
            d.options.extend(l.options(&e.options));
            d.deprecated = e.deprecated;
            merged = Some(d);
        }
        let Some(mut d) = merged else { continue };
        if let Some(existing) = reg.directive(short(name)) {
            d.render = existing.render;
        }
        reg.set_directive(short(name), d);
    }
    for (name, entry) in &spec.role {
        let names = match chain(&spec.role, name, |r| r.inherit.as_ref()) {
            Ok(n) => n,
            Err(at) => {
                l.error(
                    entry.span(),
                    format!("`inherit` cycle at role `{at}`"),
                    "remove one `inherit`",
                );
                continue;
            }
        };
        let mut show: Option<RoleShow> = None;
        for n in names.iter().rev() {
            match spec.role.get(*n) {
                None => show = reg.role(short(n)).map(|r| r.show.clone()),
                Some(e) => {
                    if let Some(k) = &e.get_ref().kind {
                        show = role_show(&mut l, k).or(show);
                    }
                }
            }
        }
        let show = show
            .or_else(|| reg.role(short(name)).map(|r| r.show.clone()))
            .unwrap_or(RoleShow::Text);
        reg.set_role(
            short(name),
            RoleSpec {
                show,
                deprecated: entry.get_ref().deprecated,
            },
        );
    }
    for (name, entry) in &spec.rstobject {
        let Some((domain, oname)) = name.split_once(':') else {
            l.error(
                entry.span(),
                format!("object `{name}` needs a domain (`mongodb:{name}`)"),
                "write the name as domain:name",
            );
            continue;
        };
        let parent = entry
            .get_ref()
            .inherit
            .as_ref()
            .and_then(|p| spec.rstobject.get(p))
            .map(|p| p.get_ref().clone());
        let e = entry.get_ref();
        let kind = e
            .kind
            .as_deref()
            .or(parent.as_ref().and_then(|p| p.kind.as_deref()));
        let mut options = parent
            .as_ref()
            .map(|p| l.options(&p.options))
            .unwrap_or_default();
        options.extend(l.options(&e.options));
        let reg_name = if matches!(domain, "mongodb" | "std") {
            oname
        } else {
            name.as_str()
        };
        reg.add_object(
            ObjectSpec {
                name: reg_name.to_string(),
                domain: domain.to_string(),
                prefix: e
                    .prefix
                    .clone()
                    .or(parent.as_ref().and_then(|p| p.prefix.clone())),
                callable: kind == Some("callable"),
                program_option: kind == Some("cmdline_option"),
            },
            options,
        );
    }
    l.diags
}

fn role_show(l: &mut Loader, k: &Spanned<toml::Value>) -> Option<RoleShow> {
    match k.get_ref() {
        toml::Value::String(s) if s == "text" || s == "explicit_title" => Some(RoleShow::Text),
        toml::Value::Table(t) => {
            if let Some(p) = t.get("link").and_then(toml::Value::as_str) {
                if !p.contains("%s") {
                    l.error(
                        k.span(),
                        format!("link pattern `{p}` has no `%s`"),
                        "put %s where the role's target goes",
                    );
                    return None;
                }
                return Some(RoleShow::Link {
                    pattern: p.to_string(),
                    slash: t
                        .get("ensure_trailing_slash")
                        .and_then(toml::Value::as_bool)
                        .unwrap_or(false),
                });
            }
            match t.get("name").and_then(toml::Value::as_str) {
                Some("label") => Some(RoleShow::Ref),
                Some("term") => Some(RoleShow::Term),
                Some("doc") => Some(RoleShow::Doc),
                _ => Some(RoleShow::Code),
            }
        }
        other => {
            l.error(
                k.span(),
                format!("unknown role type `{other}`"),
                "use \"text\", \"explicit_title\", {link = \"https://…%s\"} or {domain, name}",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Registry, Vec<Diagnostic>) {
        let mut r = Registry::builtin().clone();
        let d = extend(&mut r, text, FileId(3));
        (r, d)
    }

    #[test]
    fn adds_directives_roles_and_objects_in_snootys_format() {
        let (r, d) = load(
            r#"
[enum]
sizes = ["s", "m"]

[directive._base]
argument_type = {type = "string", required = true}
content_type = "block"

[directive."mongodb:widget"]
inherit = "_base"
options.size = "sizes"
options.count = "nonnegative_integer"

[directive.note]
options.icon = "string"

[role.ticket]
type = {link = "https://tickets.example/%s"}

[role.tkt]
inherit = "ticket"

[rstobject."mongodb:hook"]
prefix = "hook"
"#,
        );
        assert!(d.is_empty(), "{d:?}");
        let w = r.directive("widget").unwrap();
        assert_eq!(w.render, Render::Container);
        assert!(w.arg.as_ref().unwrap().required);
        assert_eq!(w.options["size"].check("m"), None);
        assert!(w.options["size"].check("xl").is_some());
        let note = r.directive("note").unwrap();
        assert_eq!(note.render, Render::Admonition);
        assert!(note.options.contains_key("icon"));
        for role in ["ticket", "tkt"] {
            assert!(
                matches!(r.role(role).unwrap().show, RoleShow::Link { .. }),
                "{role}"
            );
        }
        assert_eq!(r.object("hook").unwrap().prefix.as_deref(), Some("hook"));
        assert_eq!(r.directive("hook").unwrap().render, Render::Object);
    }

    #[test]
    fn errors_are_located() {
        let text =
            "[directive.x]\ncontent_type = \"block\"\noptions.size = \"nonnegative_integr\"\n";
        let (r, d) = load(text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::RstspecInvalid);
        assert!(d[0].message.contains("unknown type `nonnegative_integr`"));
        assert_eq!(
            d[0].help.as_deref(),
            Some("did you mean `nonnegative_integer`?")
        );
        let span = d[0].span.unwrap();
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            "\"nonnegative_integr\""
        );
        // The rest of the entry still loads.
        assert!(r.directive("x").is_some());
        let (_, d) = load("[directive.x\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.starts_with("invalid rstspec file"));
        let (_, d) = load("[directive.a]\ninherit = \"b\"\n[directive.b]\ninherit = \"a\"\n");
        assert!(
            d.iter().any(|d| d.message.contains("`inherit` cycle")),
            "{d:?}"
        );
    }
}
