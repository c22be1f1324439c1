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
/// A policy (has `Statement`) with a Principal/NotPrincipal in any statement
/// is a resource-based policy, otherwise an identity-based one. Credentials
/// and master keys are recognised by their fields. `None`: no known shape
/// (the caller checks syntax only). `{}` and `{accessToken}` alone are valid
/// for several providers and so are `None` too.
pub fn detect(value: &Value) -> Option<&'static str> {
    let obj = value.as_object()?;
    let has = |k: &str| obj.contains_key(k);
    if let Some(statement) = obj.get("Statement") {
        let has_principal = |s: &Value| {
            s.as_object()
                .is_some_and(|s| s.contains_key("Principal") || s.contains_key("NotPrincipal"))
        };
        let resource = match statement {
            Value::Array(items) => items.iter().any(has_principal),
            other => has_principal(other),
        };
        return Some(if resource {
            "aws-iam-resource-policy"
        } else {
            "aws-iam-identity-policy"
        });
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
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    const BUNDLED_POLICY: &str =
        include_str!("../../includes/tutorials/automatic/aws/iam-user-policy-minimum.json");
    /// A copy of the corpus's `key-policy-default.json` (the corpus is outside the repo).
    pub(crate) const KEY_POLICY: &str = r#"{
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "Enable IAM User Permissions",
          "Effect": "Allow",
          "Principal": { "AWS": "<ARN of your AWS account principal>" },
          "Action": "kms:*",
          "Resource": "*"
        }
      ]
    }"#;

    fn errors(name: &str, value: &Value) -> Vec<SchemaError> {
        SchemaSet::builtin()
            .validate(name, value)
            .expect("known schema")
    }

    fn pointers(name: &str, value: &Value) -> Vec<String> {
        errors(name, value).into_iter().map(|e| e.pointer).collect()
    }

    #[test]
    fn every_builtin_compiles_and_is_described() {
        let mut sorted = BUILTIN_NAMES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, BUILTIN_NAMES);
        for name in BUILTIN_NAMES {
            let source = builtin_source(name).unwrap();
            assert_eq!(builtin_source(&format!("{name}.json")), Some(source));
            let schema: Value = serde_json::from_str(source).unwrap();
            assert_eq!(
                schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
                "{name}"
            );
            assert_eq!(
                schema["$id"],
                format!("https://procdoc.dev/schemas/{name}.json"),
                "{name}"
            );
            assert!(
                schema["title"].is_string() && schema["description"].is_string(),
                "{name}"
            );
            jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{name}: {e}"));
            compile(source, true).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let set = SchemaSet::builtin();
        assert!(BUILTIN_NAMES.iter().all(|n| set.contains(n)));
        assert_eq!(builtin_source("nope"), None);
    }

    #[test]
    fn schema_set_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SchemaSet>();
    }

    #[test]
    fn each_builtin_accepts_a_valid_example_and_rejects_an_invalid_one() {
        let policy = json!({"Version": "2012-10-17", "Statement": [{"Sid": "A1", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": "<key ARN>"}]});
        let cases: &[(&str, Value, Value, &str)] = &[
            (
                "aws-iam-identity-policy",
                policy.clone(),
                json!({"Statement": [{"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*", "Principal": "*"}]}),
                "/Statement/0/Principal",
            ),
            (
                "aws-iam-resource-policy",
                serde_json::from_str(KEY_POLICY).unwrap(),
                policy.clone(),
                "/Statement/0",
            ),
            (
                "aws-kms-credentials",
                json!({"accessKeyId": "<id>", "secretAccessKey": "<secret>"}),
                json!({"accessKeyId": "<id>", "secretAccessKey": "<s>", "region": "us-east-1"}),
                "/region",
            ),
            (
                "azure-kms-credentials",
                json!({"tenantId": "<t>", "clientId": "<c>", "clientSecret": "<s>", "identityPlatformEndpoint": "login.microsoftonline.com"}),
                json!({"tenantId": "<t>", "clientId": 7, "clientSecret": "<s>"}),
                "/clientId",
            ),
            (
                "gcp-kms-credentials",
                json!({"email": "svc@project.iam.gserviceaccount.com", "privateKey": "<private key>"}),
                json!({"email": "not an email", "privateKey": "<k>"}),
                "/email",
            ),
            (
                "kmip-kms-credentials",
                json!({"endpoint": "kmip.example.com:5696"}),
                json!({"endpoint": ["x"]}),
                "/endpoint",
            ),
            (
                "local-kms-credentials",
                json!({"key": "A".repeat(128)}),
                json!({"key": "A".repeat(127)}),
                "/key",
            ),
            (
                "aws-master-key",
                json!({"region": "us-gov-west-1", "key": "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab"}),
                json!({"region": "us-east-1", "key": "arn:aws:s3:::bucket"}),
                "/key",
            ),
            (
                "azure-master-key",
                json!({"keyVaultEndpoint": "example.vault.azure.net", "keyName": "<key name>"}),
                json!({"keyVaultEndpoint": "example.vault.azure.net", "keyName": "k", "keyVersin": "1"}),
                "/keyVersin",
            ),
            (
                "gcp-master-key",
                json!({"projectId": "p", "location": "global", "keyRing": "r", "keyName": "k"}),
                json!({"projectId": "p", "location": "global", "keyName": "k"}),
                "",
            ),
            (
                "kmip-master-key",
                json!({"keyId": "1", "delegated": true}),
                json!({"delegated": "yes"}),
                "/delegated",
            ),
        ];
        for (name, valid, invalid, pointer) in cases {
            assert_eq!(errors(name, valid), vec![], "{name} should accept {valid}");
            let errs = errors(name, invalid);
            assert!(
                errs.iter().any(|e| e.pointer == *pointer),
                "{name}: {errs:?}"
            );
        }
        assert_eq!(errors("json", &json!([1, {"a": null}])), vec![]);
        // {} and {accessToken} alone are valid where the specification says so.
        for name in [
            "aws-kms-credentials",
            "azure-kms-credentials",
            "gcp-kms-credentials",
            "kmip-master-key",
        ] {
            assert_eq!(errors(name, &json!({})), vec![], "{name}");
        }
        for name in ["azure-kms-credentials", "gcp-kms-credentials"] {
            assert_eq!(
                errors(name, &json!({"accessToken": "<token>"})),
                vec![],
                "{name}"
            );
            assert!(
                !errors(name, &json!({"accessToken": "<token>", "endpoint": "x"})).is_empty(),
                "{name}"
            );
        }
    }

    #[test]
    fn bundled_policy_passes_the_identity_schema() {
        let policy: Value = serde_json::from_str(BUNDLED_POLICY).unwrap();
        assert_eq!(detect(&policy), Some("aws-iam-identity-policy"));
        assert_eq!(errors("aws-iam-identity-policy", &policy), vec![]);
    }

    #[test]
    fn key_policy_passes_the_resource_schema_but_not_the_identity_one() {
        let policy: Value = serde_json::from_str(KEY_POLICY).unwrap();
        assert_eq!(detect(&policy), Some("aws-iam-resource-policy"));
        assert_eq!(errors("aws-iam-resource-policy", &policy), vec![]);
        let errs = errors("aws-iam-identity-policy", &policy);
        let at = |p: &str| {
            errs.iter()
                .find(|e| e.pointer == p)
                .unwrap_or_else(|| panic!("{p}: {errs:?}"))
        };
        assert!(at("/Statement/0/Principal")
            .message
            .contains("identity-based"));
        assert!(at("/Statement/0/Sid")
            .message
            .contains("letters and digits"));
    }

    #[test]
    fn corpus_key_policy_matches_the_copy() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/mongodb-docs-extract/source/includes/tutorials/automatic/aws/key-policy-default.json");
        if let Ok(text) = std::fs::read_to_string(path) {
            let corpus: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(corpus, serde_json::from_str::<Value>(KEY_POLICY).unwrap());
        }
    }

    #[test]
    fn qe_credentials_are_detected_and_pass() {
        let creds = json!({"accessKeyId": "<temporary access key ID>", "secretAccessKey": "<temporary secret access key>", "sessionToken": "<temporary session token>"});
        assert_eq!(detect(&creds), Some("aws-kms-credentials"));
        assert_eq!(errors("aws-kms-credentials", &creds), vec![]);
        let errs = errors(
            "aws-kms-credentials",
            &json!({"accessKeyId": "<id>", "sessionToken": "<t>"}),
        );
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].message.contains("\"secretAccessKey\""), "{errs:?}");
    }

    #[test]
    fn statement_shapes_and_action_case() {
        let single = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "KMS:encrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}});
        assert_eq!(errors("aws-iam-identity-policy", &single), vec![]);
        let empty = json!({"Statement": []});
        assert_eq!(pointers("aws-iam-identity-policy", &empty), ["/Statement"]);
        let missing = json!({"Version": "2012-10-17"});
        assert_eq!(pointers("aws-iam-identity-policy", &missing), [""]);
        let conditions = json!({"Statement": {"Effect": "Deny", "NotAction": ["kms:Decrypt"], "NotResource": ["<key ARN>"],
            "Condition": {"ForAnyValue:StringLikeIfExists": {"aws:PrincipalTag/x": ["a", "b"]}, "Bool": {"aws:SecureTransport": false}, "Null": {"aws:TokenIssueTime": "true"}}}});
        assert_eq!(errors("aws-iam-identity-policy", &conditions), vec![]);
        let bad_op = json!({"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"NullIfExists": {"a": "b"}}}});
        assert_eq!(
            pointers("aws-iam-identity-policy", &bad_op),
            ["/Statement/Condition/NullIfExists"]
        );
    }

    #[test]
    fn messages_name_the_field_and_say_placeholder() {
        let policy = json!({"Statement": [{"Effect": "Alow", "Action": ["kms:Encrypt", 5], "Resource": "arn:aws:s3", "Sidd": "x"}]});
        let errs = errors("aws-iam-identity-policy", &policy);
        let msg = |p: &str| {
            errs.iter()
                .find(|e| e.pointer == p)
                .map(|e| e.message.clone())
                .unwrap_or_else(|| panic!("{p}: {errs:?}"))
        };
        assert!(msg("/Statement/0/Effect").contains("\"Allow\" or \"Deny\""));
        assert!(msg("/Statement/0/Action/1").starts_with("Action[1] must be"));
        assert!(msg("/Statement/0/Resource").contains("placeholder"));
        assert!(msg("/Statement/0/Sidd").contains("did you mean \"Sid\""));
        assert_eq!(
            errs.len(),
            4,
            "one message per problem, no branch noise: {errs:?}"
        );
        let region = errors("aws-master-key", &json!({"region": 5, "key": "<key>"}));
        assert_eq!(region.len(), 1);
        assert!(region[0].message.contains("placeholder"), "{region:?}");
        let principal = errors(
            "aws-iam-resource-policy",
            &json!({"Statement": {"Effect": "Allow", "Principal": {"AWZ": "x"}, "Action": "kms:*", "Resource": "*"}}),
        );
        assert_eq!(principal.len(), 1);
        assert_eq!(principal[0].pointer, "/Statement/Principal/AWZ");
    }

    #[test]
    fn errors_are_sorted_by_pointer() {
        let mut statements =
            vec![json!({"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}); 12];
        statements[10] = json!({"Effect": "x", "Action": "kms:Encrypt", "Resource": "*"});
        statements[2] = json!({"Effect": "x", "Action": "kms:Encrypt", "Resource": "*"});
        let ptrs = pointers("aws-iam-identity-policy", &json!({"Statement": statements}));
        assert_eq!(ptrs, ["/Statement/2/Effect", "/Statement/10/Effect"]);
    }

    #[test]
    fn detects_shapes() {
        let cases = [
            (
                json!({"Statement": [{"Effect": "Allow"}, {"NotPrincipal": "*"}]}),
                Some("aws-iam-resource-policy"),
            ),
            (
                json!({"Statement": "oops"}),
                Some("aws-iam-identity-policy"),
            ),
            (
                json!({"accessKeyId": "a", "secretAccessKey": "b"}),
                Some("aws-kms-credentials"),
            ),
            (
                json!({"tenantId": "a", "clientId": "b", "clientSecret": "c"}),
                Some("azure-kms-credentials"),
            ),
            (
                json!({"email": "a", "privateKey": "b"}),
                Some("gcp-kms-credentials"),
            ),
            (
                json!({"keyVaultEndpoint": "a", "keyName": "b"}),
                Some("azure-master-key"),
            ),
            (
                json!({"projectId": "a", "location": "b", "keyRing": "c", "keyName": "d"}),
                Some("gcp-master-key"),
            ),
            (json!({"region": "a", "key": "b"}), Some("aws-master-key")),
            (
                json!({"keyId": "1", "endpoint": "x"}),
                Some("kmip-master-key"),
            ),
            (json!({"endpoint": "x"}), Some("kmip-kms-credentials")),
            (json!({"key": "x"}), Some("local-kms-credentials")),
            (json!({"key": 5}), None),
            (json!({}), None),
            (json!({"accessToken": "t"}), None),
            (json!({"name": "x"}), None),
            (json!([1, 2]), None),
            (json!(null), None),
        ];
        for (value, expected) in cases {
            assert_eq!(detect(&value), expected, "{value}");
        }
    }

    #[test]
    fn user_schema_files() {
        let mut set = SchemaSet::builtin();
        assert_eq!(set.validate("schemas/x.json", &json!(1)), None);
        set.add_file(
            "schemas/x.json",
            r#"{"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}"#,
        )
        .unwrap();
        assert_eq!(
            set.validate("schemas/x.json", &json!({"n": 1})),
            Some(vec![])
        );
        let errs = set.validate("schemas/x.json", &json!({"n": "1"})).unwrap();
        assert_eq!(
            errs,
            [SchemaError {
                pointer: "/n".into(),
                message: "n must be an integer; found \"1\"".into()
            }]
        );
        assert!(set
            .add_file("bad.json", "{nope")
            .unwrap_err()
            .starts_with("not JSON"));
        assert!(set
            .add_file("bad.json", r#"{"type": 5}"#)
            .unwrap_err()
            .starts_with("not a valid JSON Schema"));
        assert!(set
            .add_file("remote.json", r#"{"$ref": "https://example.com/s.json"}"#)
            .is_err());
        assert!(!set.contains("bad.json"));
        // Built-ins are found with or without .json.
        assert_eq!(set.validate("json.json", &json!(null)), Some(vec![]));
    }

    #[test]
    fn hostile_values_do_not_panic() {
        let hostile = [
            json!(null),
            json!(5),
            json!("x"),
            json!([[[]]]),
            json!({"Statement": null}),
            json!({"Statement": [null, 5, [], [[]]]}),
            json!({"Statement": {"Effect": null, "Action": [[["kms:*"]]], "Resource": {"a": 1}, "Principal": [1], "Condition": {"x": [1]}, "Sid": 5}}),
            json!({"Version": 1.5e300, "Statement": [{"Condition": {"StringEquals": {"a": [[1]]}}}]}),
            json!({"key": null, "region": [], "endpoint": {}, "accessToken": 1, "email": false, "delegated": "x", "": {"~/": 1}}),
        ];
        let set = SchemaSet::builtin();
        for value in &hostile {
            let _ = detect(value);
            for name in BUILTIN_NAMES {
                let errs = set.validate(name, value).unwrap();
                assert!(errs.iter().all(|e| !e.message.is_empty()));
            }
        }
    }
}
