//! JSON Schemas for the tutorials' snippets.
//!
//! Readers paste the docs' IAM policies and kmsProviders blocks straight into
//! AWS or a driver, so each snippet is checked against a schema: the
//! built-in ones in `schemas/` (written from the IAM grammar and the MongoDB
//! client-side encryption specification) or a user's own file. Schemas are
//! compiled once into a [`SchemaSet`]; jsonschema's errors are turned into
//! short [`SchemaError`]s with a JSON pointer, and the schemas' `description`s
//! (phrased as rules: "must be …") supply the wording, so a message says
//! "placeholder" wherever a `<placeholder>` would have been accepted.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt;

macro_rules! builtins {
    ($($name:literal),* $(,)?) => {
        /// Names of the built-in schemas, sorted.
        pub const BUILTIN_NAMES: &[&str] = &[$($name),*];

        const BUILTIN_SOURCES: &[&str] =
            &[$(include_str!(concat!("../../schemas/", $name, ".json"))),*];
    };
}

builtins![
    "aws-iam-identity-policy",
    "aws-iam-resource-policy",
    "aws-iam-trust-policy",
    "aws-kms-credentials",
    "aws-master-key",
    "azure-kms-credentials",
    "azure-master-key",
    "gcp-kms-credentials",
    "gcp-master-key",
    "json",
    "kmip-kms-credentials",
    "kmip-master-key",
    "local-kms-credentials",
];

/// The text of a built-in schema (embedded with `include_str!`). Accepts the
/// name with or without `.json`.
pub fn builtin_source(name: &str) -> Option<&'static str> {
    let name = name.strip_suffix(".json").unwrap_or(name);
    let i = BUILTIN_NAMES.iter().position(|n| *n == name)?;
    Some(BUILTIN_SOURCES[i])
}

/// One way a snippet does not match its schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SchemaError {
    /// JSON pointer of the offending value in the snippet; `""` is the root.
    pub pointer: String,
    /// What is wrong: names the field and what is expected.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

struct Entry {
    validator: jsonschema::Validator,
    /// The schema document, for looking up `description`s and `properties`.
    schema: Value,
}

/// Compiled validators, compiled once and shared (`Send + Sync`).
pub struct SchemaSet {
    entries: HashMap<String, Entry>,
}

impl fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut keys: Vec<&str> = self.entries.keys().map(String::as_str).collect();
        keys.sort_unstable();
        f.debug_struct("SchemaSet").field("schemas", &keys).finish()
    }
}

impl SchemaSet {
    /// Every built-in schema, compiled. Never panics: a built-in that fails to
    /// compile is left out (and a unit test makes sure none does).
    pub fn builtin() -> SchemaSet {
        let mut entries = HashMap::new();
        for (name, source) in BUILTIN_NAMES.iter().zip(BUILTIN_SOURCES) {
            if let Ok(entry) = compile(source, true) {
                entries.insert((*name).to_string(), entry);
            }
        }
        SchemaSet { entries }
    }

    /// Adds a user's JSON Schema file under `key` (its path). The draft comes
    /// from its `$schema` (2020-12 when absent). Remote `$ref`s cannot be
    /// resolved (procdoc works offline): keep schemas self-contained.
    /// Errors when the text is not JSON or not a valid schema.
    pub fn add_file(&mut self, key: &str, text: &str) -> Result<(), String> {
        let entry = compile(text, false)?;
        self.entries.insert(key.to_string(), entry);
        Ok(())
    }

    /// Whether a schema is known under `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.entry(key).is_some()
    }

    /// Validates `value` against the schema `key`: `None` when no such schema,
    /// otherwise the errors (empty = valid), sorted by pointer, duplicates removed.
    pub fn validate(&self, key: &str, value: &Value) -> Option<Vec<SchemaError>> {
        let entry = self.entry(key)?;
        let mut out = Vec::new();
        for error in entry.validator.iter_errors(value) {
            convert(&error, &entry.schema, &mut out);
        }
        out.sort_by(|a, b| {
            compare_pointers(&a.pointer, &b.pointer).then(a.message.cmp(&b.message))
        });
        out.dedup();
        Some(out)
    }

    fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key).or_else(|| {
            let bare = key.strip_suffix(".json")?;
            BUILTIN_NAMES
                .contains(&bare)
                .then(|| self.entries.get(bare))?
        })
    }
}

fn compile(text: &str, builtin: bool) -> Result<Entry, String> {
    let schema: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let validator = if builtin {
        jsonschema::draft202012::options().build(&schema)
    } else {
        jsonschema::validator_for(&schema)
    }
    .map_err(|e| format!("not a valid JSON Schema: {e}"))?;
    Ok(Entry { validator, schema })
}

/// Picks a schema for a snippet by its shape when the config says nothing.
///
/// A policy (has `Statement`) is a role trust policy when a statement names
/// a Principal, no statement has a Resource or NotResource, and its actions
/// are STS actions, at least one of them `sts:AssumeRole*`; otherwise a
/// Principal/NotPrincipal in any statement makes it a resource-based policy,
/// and its absence an identity-based one. Credentials and master keys are
/// recognised by their fields. `None`: no known shape (the caller checks
/// syntax only). `{}` and `{accessToken}` alone are valid for several
/// providers and so are `None` too.
pub fn detect(value: &Value) -> Option<&'static str> {
    let obj = value.as_object()?;
    let has = |k: &str| obj.contains_key(k);
    if let Some(statement) = obj.get("Statement") {
        let items: Vec<&serde_json::Map<String, Value>> = match statement {
            Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
            Value::Object(s) => vec![s],
            _ => Vec::new(),
        };
        let any = |k: &str| items.iter().any(|s| s.contains_key(k));
        if !(any("Principal") || any("NotPrincipal")) {
            return Some("aws-iam-identity-policy");
        }
        if !any("Resource") && !any("NotResource") && is_trust_actions(&items) {
            return Some("aws-iam-trust-policy");
        }
        return Some("aws-iam-resource-policy");
    }
    let only = |k: &str| obj.len() == 1 && has(k);
    let name = if has("accessKeyId") || has("secretAccessKey") || has("sessionToken") {
        "aws-kms-credentials"
    } else if has("tenantId")
        || has("clientId")
        || has("clientSecret")
        || has("identityPlatformEndpoint")
    {
        "azure-kms-credentials"
    } else if has("email") || has("privateKey") {
        "gcp-kms-credentials"
    } else if has("keyVaultEndpoint") {
        "azure-master-key"
    } else if has("projectId") || has("keyRing") {
        "gcp-master-key"
    } else if has("region") && has("key") {
        "aws-master-key"
    } else if has("keyId") || has("delegated") {
        "kmip-master-key"
    } else if only("endpoint") {
        "kmip-kms-credentials"
    } else if only("key") && obj["key"].is_string() {
        "local-kms-credentials"
    } else {
        return None;
    };
    Some(name)
}

/// Whether every Action/NotAction of the statements is an STS action and at
/// least one is `sts:AssumeRole*` (case-insensitive), the shape of a role
/// trust policy.
fn is_trust_actions(statements: &[&serde_json::Map<String, Value>]) -> bool {
    let mut actions = statements
        .iter()
        .flat_map(|s| ["Action", "NotAction"].map(|k| s.get(k)))
        .flat_map(|v| match v {
            Some(Value::String(s)) => vec![Some(s.as_str())],
            Some(Value::Array(a)) => a.iter().map(Value::as_str).collect(),
            Some(_) => vec![None],
            None => Vec::new(),
        })
        .peekable();
    if actions.peek().is_none() {
        return false;
    }
    let mut assume = false;
    for action in actions {
        let Some((service, name)) = action.and_then(|a| a.split_once(':')) else {
            return false;
        };
        if !service.eq_ignore_ascii_case("sts") {
            return false;
        }
        assume |= name.to_ascii_lowercase().starts_with("assumerole");
    }
    assume
}

// ---------------------------------------------------------------------------
// Error conversion

fn push(out: &mut Vec<SchemaError>, pointer: &str, message: String) {
    out.push(SchemaError {
        pointer: pointer.to_string(),
        message,
    });
}

fn convert(err: &ValidationError<'_>, schema: &Value, out: &mut Vec<SchemaError>) {
    let ptr = err.instance_path().as_str();
    let sub = subschema(err, schema);
    let rule = sub
        .and_then(|s| s.get("description"))
        .and_then(Value::as_str)
        .filter(|d| d.starts_with("must "));
    let label = label(ptr);
    let instance = err.instance();
    let found = summary(instance);
    // "<label> <rule>; found <value>" when the schema words the rule itself.
    let ruled = |extra: &str| rule.map(|r| format!("{label} {r}{extra}"));
    let with_found = |r: Option<String>| r.map(|r| format!("{r}; found {found}"));
    let message = match err.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // Branches whose type does not even fit the value are noise; if
            // exactly one branch fits, its errors are the useful ones.
            let fitting: Vec<_> = context
                .iter()
                .filter(|branch| !branch.iter().any(|e| wrong_type(e, ptr, instance)))
                .collect();
            if let [branch] = fitting.as_slice() {
                if !branch.is_empty() {
                    for e in branch.iter() {
                        convert(e, schema, out);
                    }
                    return;
                }
            }
            let scalar = !instance.is_object();
            match (ruled(""), scalar) {
                (Some(m), true) => format!("{m}; found {found}"),
                (Some(m), false) => m,
                (None, _) => {
                    format!("{label} does not match any of the allowed forms; found {found}")
                }
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => ruled(" (it matches more than one)")
            .unwrap_or_else(|| format!("{label} matches more than one of the allowed forms")),
        ValidationErrorKind::Required { property } => {
            let property = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            // For dependentRequired, name the field that needs this one.
            let trigger = err
                .schema_path()
                .as_str()
                .contains("dependentRequired")
                .then(|| sub?.get("dependentRequired")?.as_object())
                .flatten()
                .and_then(|deps| {
                    deps.iter().find_map(|(k, needs)| {
                        let needed = needs
                            .as_array()?
                            .iter()
                            .any(|n| n.as_str() == Some(&property));
                        (needed && instance.get(k).is_some()).then(|| k.clone())
                    })
                });
            match trigger {
                Some(t) => {
                    format!("{label} is missing \"{property}\", which is required with \"{t}\"")
                }
                None => format!("{label} is missing the required field \"{property}\""),
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let allowed: Vec<&str> = sub
                .and_then(|s| s.get("properties"))
                .and_then(Value::as_object)
                .map(|p| {
                    // Leave out fields listed only to forbid them (`not: {}`, `false`).
                    p.iter()
                        .filter(|(_, v)| !(v == &&Value::Bool(false) || v.get("not").is_some()))
                        .map(|(k, _)| k.as_str())
                        .collect()
                })
                .unwrap_or_default();
            for name in unexpected {
                let mut m = format!("unknown field \"{name}\" in {label}");
                if let Some(s) = crate::suggest::did_you_mean(name, allowed.iter().copied()) {
                    m.push_str(&format!(" (did you mean \"{s}\"?)"));
                }
                if !allowed.is_empty() {
                    m.push_str(&format!("; allowed: {}", allowed.join(", ")));
                }
                push(out, &child(ptr, name), m);
            }
            return;
        }
        ValidationErrorKind::PropertyNames { error } => {
            let name = error.instance();
            let name = name.as_str().unwrap_or_default().to_string();
            let inner_rule = subschema(error, schema)
                .and_then(|s| s.get("description"))
                .and_then(Value::as_str)
                .filter(|d| d.starts_with("must "));
            let m = match inner_rule {
                Some(r) => format!("key \"{name}\" in {label} {r}"),
                None => format!("key \"{name}\" in {label} is not allowed: {error}"),
            };
            push(out, &child(ptr, &name), m);
            return;
        }
        ValidationErrorKind::Type { kind } => with_found(ruled("")).unwrap_or_else(|| {
            let types: Vec<&str> = match kind {
                TypeKind::Single(t) => vec![t.as_str()],
                TypeKind::Multiple(ts) => ts.iter().map(|t| t.as_str()).collect(),
            };
            format!("{label} must be {}; found {found}", or_list(&types, true))
        }),
        ValidationErrorKind::Enum { options } => with_found(ruled("")).unwrap_or_else(|| {
            let opts: Vec<String> = options
                .as_array()
                .map(|o| o.iter().map(Value::to_string).collect())
                .unwrap_or_default();
            let opts: Vec<&str> = opts.iter().map(String::as_str).collect();
            format!("{label} must be {}; found {found}", or_list(&opts, false))
        }),
        ValidationErrorKind::Constant { expected_value } => with_found(ruled(""))
            .unwrap_or_else(|| format!("{label} must be {expected_value}; found {found}")),
        ValidationErrorKind::Pattern { pattern } => with_found(ruled(""))
            .unwrap_or_else(|| format!("{label} must match the pattern {pattern}; found {found}")),
        ValidationErrorKind::MinLength { .. } | ValidationErrorKind::MaxLength { .. } => {
            with_found(ruled("")).unwrap_or_else(|| format!("{label}: {err}"))
        }
        ValidationErrorKind::MinItems { limit } => match limit {
            1 => format!("{label} must not be an empty array"),
            n => format!("{label} must have at least {n} items"),
        },
        ValidationErrorKind::Not { .. } => {
            ruled("").unwrap_or_else(|| format!("{label} is not allowed here"))
        }
        ValidationErrorKind::FalseSchema => format!("{label} is not allowed here"),
        _ => ruled("").unwrap_or_else(|| format!("{label}: {err}")),
    };
    push(out, ptr, message);
}

/// Whether `e` says the value at `ptr` is of the wrong JSON type altogether
/// (a type error, or a const/enum whose options have other types).
fn wrong_type(e: &ValidationError<'_>, ptr: &str, instance: &Value) -> bool {
    if e.instance_path().as_str() != ptr {
        return false;
    }
    let same_type = |o: &Value| std::mem::discriminant(o) == std::mem::discriminant(instance);
    match e.kind() {
        ValidationErrorKind::Type { .. } => true,
        ValidationErrorKind::Constant { expected_value } => !same_type(expected_value),
        ValidationErrorKind::Enum { options } => {
            options.as_array().is_some_and(|o| !o.iter().any(same_type))
        }
        _ => false,
    }
}

/// The schema object holding the keyword that failed, when it can be found:
/// from the absolute keyword location (set when the schema has an `$id`), or
/// the keyword location when it crossed no `$ref`.
fn subschema<'s>(err: &ValidationError<'_>, schema: &'s Value) -> Option<&'s Value> {
    let keyword_pointer = match err.absolute_keyword_location() {
        Some(uri) => {
            let (base, fragment) = uri.as_str().split_once('#')?;
            let root_id = schema.get("$id").and_then(Value::as_str);
            if root_id.is_some_and(|id| id.trim_end_matches('#') != base) {
                return None;
            }
            percent_decode(fragment)
        }
        None => {
            let path = err.schema_path().as_str();
            if path.split('/').any(|s| s == "$ref" || s == "$dynamicRef") {
                return None;
            }
            path.to_string()
        }
    };
    // Drop the keyword (and, for dependentRequired, the property it names).
    let mut parent = keyword_pointer.rsplit_once('/')?.0;
    if let Some(p) = parent.strip_suffix("/dependentRequired") {
        parent = p;
    }
    schema.pointer(parent)
}

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// A readable name for the value at `pointer`: `Action[1]`, `Statement`, `the document`.
fn label(pointer: &str) -> String {
    let segments: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    match segments.as_slice() {
        [] => "the document".to_string(),
        [.., prev, last] if last.parse::<usize>().is_ok() => format!("{prev}[{last}]"),
        [.., last] if last.is_empty() => "\"\"".to_string(),
        [.., last] => last.clone(),
    }
}

/// A short description of a JSON value for "found …".
fn summary(value: &Value) -> String {
    match value {
        Value::String(s) => {
            let mut t: String = s.chars().take(60).collect();
            if t.len() < s.len() {
                t.push('…');
            }
            format!("{t:?}")
        }
        Value::Array(a) if a.is_empty() => "an empty array".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
        Value::Null => "null".to_string(),
        other => format!(
            "the {} {other}",
            if other.is_boolean() {
                "boolean"
            } else {
                "number"
            }
        ),
    }
}

fn or_list(items: &[&str], articles: bool) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|t| {
            if !articles {
                return (*t).to_string();
            }
            let article = if matches!(t.chars().next(), Some('a' | 'e' | 'i' | 'o' | 'u')) {
                "an"
            } else {
                "a"
            };
            format!("{article} {t}")
        })
        .collect();
    match items.as_slice() {
        [] => "something else".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Orders JSON pointers segment by segment, array indexes numerically.
fn compare_pointers(a: &str, b: &str) -> Ordering {
    let mut a = a.split('/');
    let mut b = b.split('/');
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(i), Ok(j)) => i.cmp(&j),
                    _ => x.cmp(y),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "schemas_tests.rs"]
pub(crate) mod tests;
