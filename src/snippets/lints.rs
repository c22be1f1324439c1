//! Least-privilege lints for the tutorials' IAM policies, beyond the schema.
//!
//! A schema says a policy is well formed; readers also need it to be right
//! and minimal before they paste it into AWS. These lints check what AWS IAM
//! Access Analyzer and parliament would (unknown KMS actions, wildcards,
//! `Resource: "*"`, ARNs that are not key ARNs, duplicate Sids, a missing
//! Version) plus what parliament misses (a Principal in an identity-based
//! policy) and the config's pinned action set. They read what the statement
//! says: a Deny grants nothing (only its ARNs' form is checked), AWS's
//! read-only wildcard families (`List*`, `Describe*`, `Get*`) and a
//! `Resource "*"` narrowed by a Condition (`kms:ViaService`,
//! `aws:ResourceTag/…`) are warnings, and help names the action's own
//! service (see [`super::iam`]). ARNs are read by [`super::arn`] (wildcard
//! partitions, empty trailing parts and policy variables are accepted). The
//! KMS action table is `schemas/kms-actions.tsv`, embedded. Every function
//! takes any JSON value without panicking: odd shapes are the schema's
//! business, not ours.

use super::arn::{check_key_arn, free, has_wildcard, is_placeholder, parse_arn};
use super::iam;
use crate::diag::{Code, Severity};
use serde_json::{Map, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// One lint finding in a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, if we can say.
    pub help: Option<String>,
    /// JSON pointer of the offending value (`/Statement/0/Action/1`); `""` is the root.
    pub pointer: String,
}

impl Finding {
    fn error(code: Code, pointer: &str, message: String) -> Finding {
        Finding {
            severity: Severity::Error,
            code,
            message,
            help: None,
            pointer: pointer.to_string(),
        }
    }

    fn warning(code: Code, pointer: &str, message: String) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(code, pointer, message)
        }
    }

    fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }
}

// ---------------------------------------------------------------------------
// The KMS action table

const KMS_ACTIONS_TSV: &str = include_str!("../../schemas/kms-actions.tsv");

/// One KMS IAM action, from `schemas/kms-actions.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KmsAction {
    /// The action name without the `kms:` prefix, as AWS spells it (`Encrypt`).
    pub name: &'static str,
    /// parliament's access level (`Write`, `Read`, `List`, `Tagging`,
    /// `Permissions management`); `None` when the table does not say.
    pub access_level: Option<&'static str>,
    /// Resource types, comma-separated as in the table: `key*` (a key ARN is
    /// required), `alias*,key*`, or `*` (only `Resource: "*"`).
    pub resource_types: &'static str,
}

impl KmsAction {
    /// `kms:Name`.
    pub fn full_name(&self) -> String {
        format!("kms:{}", self.name)
    }

    /// Whether the action requires a key ARN (`key*`).
    pub fn requires_key(&self) -> bool {
        self.types().any(|t| t == "key*")
    }

    /// Whether an alias ARN is a valid resource for the action (`alias*`).
    pub fn accepts_alias(&self) -> bool {
        self.types().any(|t| t == "alias*" || t == "alias")
    }

    /// Whether the action takes only `Resource: "*"`.
    pub fn star_only(&self) -> bool {
        self.types().all(|t| t == "*")
    }

    fn types(&self) -> impl Iterator<Item = &'static str> {
        self.resource_types.split(',').map(str::trim)
    }
}

/// Every KMS action in the table, in table order (alphabetical).
pub fn kms_actions() -> &'static [KmsAction] {
    static TABLE: OnceLock<Vec<KmsAction>> = OnceLock::new();
    TABLE.get_or_init(|| {
        KMS_ACTIONS_TSV
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let action = cols.next()?.trim();
                let level = cols.next().unwrap_or("").trim();
                let types = cols.next().unwrap_or("").trim();
                let name = action.strip_prefix("kms:")?;
                let access_level = (!level.is_empty() && !level.starts_with('(')).then_some(level);
                Some(KmsAction {
                    name,
                    access_level,
                    resource_types: types,
                })
            })
            .collect()
    })
}

/// Looks up a KMS action by name, case-insensitively, without the `kms:`
/// prefix (a `kms:` prefix in any case is tolerated).
pub fn kms_action(name: &str) -> Option<KmsAction> {
    let name = match name.split_once(':') {
        Some((prefix, rest)) if prefix.eq_ignore_ascii_case("kms") => rest,
        _ => name,
    };
    kms_actions()
        .iter()
        .find(|a| a.name.eq_ignore_ascii_case(name))
        .copied()
}

/// KMS actions matching an IAM action pattern (`*` and `?` wildcards), case-insensitively.
fn kms_matching(pattern: &str) -> Vec<KmsAction> {
    let pattern = pattern.to_ascii_lowercase();
    kms_actions()
        .iter()
        .filter(|a| glob(&pattern, &a.name.to_ascii_lowercase()))
        .copied()
        .collect()
}

/// IAM wildcard matching: `*` any run of characters, `?` one character.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

// ---------------------------------------------------------------------------
// Walking a policy of any shape

struct Statement<'a> {
    pointer: String,
    body: &'a Map<String, Value>,
}

impl<'a> Statement<'a> {
    /// Anything but an explicit "Deny" is treated as Allow, so a broken Effect
    /// (reported by the schema) does not hide a wildcard.
    fn allows(&self) -> bool {
        self.body.get("Effect").and_then(Value::as_str) != Some("Deny")
    }

    fn strings(&self, key: &str) -> Vec<(String, &'a str)> {
        strings(self.body.get(key), &format!("{}/{key}", self.pointer))
    }
}

fn statements(root: &Map<String, Value>) -> Vec<Statement<'_>> {
    match root.get("Statement") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some(Statement {
                    pointer: format!("/Statement/{i}"),
                    body: s.as_object()?,
                })
            })
            .collect(),
        Some(Value::Object(body)) => vec![Statement {
            pointer: "/Statement".to_string(),
            body,
        }],
        _ => Vec::new(),
    }
}

/// The strings of a string-or-array element, with their pointers; other values are skipped.
fn strings<'a>(value: Option<&'a Value>, pointer: &str) -> Vec<(String, &'a str)> {
    match value {
        Some(Value::String(s)) => vec![(pointer.to_string(), s.as_str())],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| Some((format!("{pointer}/{i}"), v.as_str()?)))
            .collect(),
        _ => Vec::new(),
    }
}

/// `kms:A, kms:B`, or `kms:A, kms:B, kms:C and 9 more` for long lists.
pub(crate) fn names(actions: &[KmsAction]) -> String {
    let mut list: Vec<String> = actions.iter().map(KmsAction::full_name).collect();
    list.dedup();
    if list.len() > 4 {
        let more = list.len() - 3;
        list.truncate(3);
        return format!("{} and {more} more KMS actions", list.join(", "));
    }
    list.join(", ")
}

// ---------------------------------------------------------------------------
// The lints

/// Lints an identity-based policy. `pinned`: the exact set of actions the
/// policy must grant (from config), compared case-insensitively.
pub fn lint_identity_policy(policy: &Value, pinned: Option<&[String]>) -> Vec<Finding> {
    let Some(root) = policy.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    missing_version(root, &mut out);
    let statements = statements(root);
    duplicate_sids(&statements, &mut out);
    for st in &statements {
        for key in ["Principal", "NotPrincipal"] {
            if st.body.contains_key(key) {
                out.push(
                    Finding::error(
                        Code::PrincipalInIdentityPolicy,
                        &format!("{}/{key}", st.pointer),
                        format!("{key} in an identity-based policy: IAM rejects it (\"Has prohibited field {key}\")"),
                    )
                    .help("an identity-based policy applies to the user, group or role it is attached to: remove the Principal (Principals belong in resource-based policies such as the key policy)"),
                );
            }
        }
        let actions = st.strings("Action");
        for (ptr, action) in actions.iter().chain(&st.strings("NotAction")) {
            unknown_action(ptr, action, &mut out);
        }
        if st.allows() {
            for (ptr, action) in &actions {
                wildcard_action(ptr, action, pinned, &mut out);
            }
            if st.body.contains_key("NotAction") {
                out.push(
                    Finding::error(
                        Code::WildcardAction,
                        &format!("{}/NotAction", st.pointer),
                        "Allow with NotAction grants every action except the listed ones"
                            .to_string(),
                    )
                    .help("use Action with the actions the tutorial needs"),
                );
            }
            if st.body.contains_key("NotResource") {
                out.push(
                    Finding::error(
                        Code::WildcardResource,
                        &format!("{}/NotResource", st.pointer),
                        "Allow with NotResource grants access to every resource except the listed ones".to_string(),
                    )
                    .help("use Resource with the ARNs of the resources the page needs"),
                );
            }
        }
        // The KMS actions the statement grants, wildcards expanded.
        let mut kms: Vec<KmsAction> = Vec::new();
        for (_, action) in &actions {
            match action.split_once(':') {
                Some((service, name)) if service.eq_ignore_ascii_case("kms") => {
                    kms.extend(kms_matching(name))
                }
                None if action.trim() == "*" => kms.extend(kms_actions()),
                _ => {}
            }
        }
        kms.sort_by_key(|a| a.name);
        kms.dedup();
        let key_actions: Vec<KmsAction> =
            kms.iter().filter(|a| a.requires_key()).copied().collect();
        // Only then is an ARN of another service certainly wrong.
        let only_kms = !actions.is_empty()
            && actions.iter().all(|(_, a)| {
                a.split_once(':')
                    .is_some_and(|(s, _)| s.trim().eq_ignore_ascii_case("kms"))
            });
        for (ptr, resource) in st.strings("Resource") {
            check_resource(st, &ptr, resource, &key_actions, only_kms, &mut out);
        }
        for (ptr, resource) in st.strings("NotResource") {
            if resource != "*" {
                if let Err(problem) = parse_arn(resource) {
                    out.push(invalid_arn(&ptr, resource, problem));
                }
            }
        }
    }
    if let Some(pinned) = pinned {
        pinned_actions(root, &statements, pinned, &mut out);
    }
    out
}

/// Lints a resource-based (key) policy: unknown KMS actions, duplicate Sids
/// and a missing Version only (`Resource: "*"` means "this key" there, and
/// `kms:*` for the account root is the default key policy).
pub fn lint_resource_policy(policy: &Value) -> Vec<Finding> {
    let Some(root) = policy.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    missing_version(root, &mut out);
    let statements = statements(root);
    duplicate_sids(&statements, &mut out);
    for st in &statements {
        for (ptr, action) in st.strings("Action").iter().chain(&st.strings("NotAction")) {
            unknown_action(ptr, action, &mut out);
        }
    }
    out
}

fn missing_version(root: &Map<String, Value>, out: &mut Vec<Finding>) {
    if !root.contains_key("Version") {
        out.push(Finding {
            severity: Severity::Warning,
            code: Code::MissingVersion,
            message: "the policy has no Version: IAM then uses the 2008-10-17 language, without policy variables".to_string(),
            help: Some("add \"Version\": \"2012-10-17\"".to_string()),
            pointer: String::new(),
        });
    }
}

fn duplicate_sids(statements: &[Statement<'_>], out: &mut Vec<Finding>) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for st in statements {
        let Some(sid) = st.body.get("Sid").and_then(Value::as_str) else {
            continue;
        };
        if sid.is_empty() {
            continue;
        }
        match seen.get(sid) {
            Some(first) => out.push(
                Finding::error(
                    Code::DuplicateSid,
                    &format!("{}/Sid", st.pointer),
                    format!("Sid \"{sid}\" is already used by the statement at {first}"),
                )
                .help("give every statement its own Sid"),
            ),
            None => {
                seen.insert(sid, &st.pointer);
            }
        }
    }
}

fn unknown_action(ptr: &str, action: &str, out: &mut Vec<Finding>) {
    let Some((service, name)) = action.split_once(':') else {
        return;
    };
    if !service.eq_ignore_ascii_case("kms") || is_placeholder(name.trim()) {
        return; // other services' actions are not checked; `kms:<action>` is a placeholder
    }
    if has_wildcard(name) {
        if kms_matching(name).is_empty() {
            out.push(
                Finding::error(
                    Code::UnknownAction,
                    ptr,
                    format!("\"{action}\" matches no KMS action"),
                )
                .help("see the KMS actions in the AWS Service Authorization Reference"),
            );
        }
        return;
    }
    if kms_action(name).is_some() {
        return;
    }
    let lower: Vec<String> = kms_actions()
        .iter()
        .map(|a| a.name.to_ascii_lowercase())
        .collect();
    let guess =
        crate::suggest::did_you_mean(&name.to_ascii_lowercase(), lower.iter().map(String::as_str))
            .and_then(|g| kms_action(&g));
    let finding = Finding::error(
        Code::UnknownAction,
        ptr,
        format!("\"{action}\" is not a KMS action"),
    );
    out.push(match guess {
        Some(g) => finding.help(format!("did you mean \"{}\"?", g.full_name())),
        None => finding.help("see the KMS actions in the AWS Service Authorization Reference"),
    });
}

fn wildcard_action(ptr: &str, action: &str, pinned: Option<&[String]>, out: &mut Vec<Finding>) {
    if !has_wildcard(action) {
        return;
    }
    let trimmed = action.trim();
    let kms_name = match trimmed.split_once(':') {
        Some((service, name)) if service.eq_ignore_ascii_case("kms") => Some(name),
        _ => None,
    };
    let read_only = iam::is_read_only_family(trimmed);
    let message = if trimmed == "*" {
        "Action \"*\" allows every action of every AWS service".to_string()
    } else if kms_name.is_some_and(|n| n.chars().all(|c| c == '*')) {
        format!(
            "\"{action}\" allows all {} KMS actions, including kms:ScheduleKeyDeletion and kms:PutKeyPolicy",
            kms_actions().len()
        )
    } else if let Some(name) = kms_name {
        let matched = kms_matching(name);
        let kind = if read_only {
            "read-only wildcard"
        } else {
            "wildcard"
        };
        match matched.len() {
            0 => return, // reported as unknown-action
            n if n <= 5 => format!(
                "\"{action}\" is a {kind}: it allows {} (and any matching action AWS adds)",
                names(&matched)
            ),
            n => format!("\"{action}\" is a {kind}: it allows {n} KMS actions"),
        }
    } else if read_only {
        let (service, name) = trimmed.split_once(':').unwrap_or((trimmed, ""));
        format!(
            "\"{action}\" is a read-only wildcard: it allows every {service} action whose name starts with {}, and any AWS adds",
            name.trim_end_matches('*')
        )
    } else {
        format!("\"{action}\" is a wildcard action")
    };
    let help = match pinned {
        Some(p) if !p.is_empty() => format!("list only the actions needed: {}", p.join(", ")),
        _ => iam::wildcard_help(trimmed),
    };
    // AWS's own idiom for read-only access: a warning, not an error.
    let finding = if read_only {
        Finding::warning(Code::WildcardAction, ptr, message)
    } else {
        Finding::error(Code::WildcardAction, ptr, message)
    };
    out.push(finding.help(help));
}

const KEY_ARN_FORM: &str = "arn:<partition>:kms:<region>:<account>:key/<key id>";

fn check_resource(
    st: &Statement<'_>,
    ptr: &str,
    resource: &str,
    key_actions: &[KmsAction],
    only_kms: bool,
    out: &mut Vec<Finding>,
) {
    let resource = resource.trim();
    if resource == "*" {
        if st.allows() && !key_actions.is_empty() {
            out.push(wildcard_resource(
                st,
                ptr,
                format!(
                    "Resource \"*\" lets {} use every KMS key in the account",
                    names(key_actions)
                ),
            ));
        }
        return;
    }
    let arn = match parse_arn(resource) {
        Ok(Some(arn)) => arn,
        Ok(None) => return, // a placeholder
        Err(problem) => {
            out.push(invalid_arn(ptr, resource, problem));
            return;
        }
    };
    // A Deny grants nothing: only the ARN's form (above) matters. An ARN of
    // another service is for the statement's other actions.
    if key_actions.is_empty()
        || !st.allows()
        || (!only_kms && !free(arn.service) && arn.service != "kms")
    {
        return;
    }
    if let Err(problem) = check_key_arn(&arn, key_actions) {
        out.push(invalid_arn(ptr, resource, problem).help(format!(
            "{} need{} the key ARN: {KEY_ARN_FORM}, or a <placeholder> for it",
            names(key_actions),
            if key_actions.len() == 1 { "s" } else { "" }
        )));
        return;
    }
    // A wildcard partition alone still names one key.
    if [arn.region, arn.account, arn.resource]
        .iter()
        .any(|p| has_wildcard(p))
    {
        out.push(wildcard_resource(
            st,
            ptr,
            format!(
                "\"{resource}\" is a wildcard: it lets {} use more than one key",
                names(key_actions)
            ),
        ));
    }
}

/// A wildcard-resource finding: an error, or a warning naming the condition
/// keys when the statement's Condition narrows the keys it applies to.
fn wildcard_resource(st: &Statement<'_>, ptr: &str, message: String) -> Finding {
    let (narrowing, other) = iam::condition_keys(st.body.get("Condition"));
    if !narrowing.is_empty() {
        let keys = narrowing.join(", ");
        return Finding::warning(
            Code::WildcardResource,
            ptr,
            format!("{message} that its Condition on {keys} allows"),
        )
        .help(format!(
            "the Condition on {keys} limits which keys this applies to; name the key ({KEY_ARN_FORM}) when the page can"
        ));
    }
    let message = if other.is_empty() {
        message
    } else {
        format!(
            "{message} (its Condition on {} does not limit which keys)",
            other.join(", ")
        )
    };
    Finding::error(Code::WildcardResource, ptr, message).help(format!(
        "name the key: {KEY_ARN_FORM}, or a <placeholder> for it; or narrow it with a Condition such as kms:ViaService or aws:ResourceTag/<tag>"
    ))
}

fn invalid_arn(ptr: &str, resource: &str, problem: String) -> Finding {
    let element = if ptr.contains("/NotResource") {
        "NotResource"
    } else {
        "Resource"
    };
    Finding::error(
        Code::InvalidResourceArn,
        ptr,
        format!("{element} \"{resource}\": {problem}"),
    )
}

fn pinned_actions(
    root: &Map<String, Value>,
    statements: &[Statement<'_>],
    pinned: &[String],
    out: &mut Vec<Finding>,
) {
    let want: BTreeSet<String> = pinned
        .iter()
        .map(|p| p.trim().to_ascii_lowercase())
        .collect();
    let mut granted: BTreeSet<String> = BTreeSet::new();
    let pinned_list = pinned.join(", ");
    for st in statements.iter().filter(|s| s.allows()) {
        for (ptr, action) in st.strings("Action") {
            let lower = action.trim().to_ascii_lowercase();
            if !want.contains(&lower) {
                out.push(
                    Finding::error(
                        Code::PinnedActions,
                        &ptr,
                        format!("\"{action}\" is not one of the pinned actions ({pinned_list})"),
                    )
                    .help("grant exactly the pinned actions, or update the pin in procdoc.toml"),
                );
            }
            granted.insert(lower);
        }
    }
    let mut reported = BTreeSet::new();
    let missing: Vec<&String> = pinned
        .iter()
        .filter(|p| {
            let lower = p.trim().to_ascii_lowercase();
            !granted.contains(&lower) && reported.insert(lower)
        })
        .collect();
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        let pointer = if root.contains_key("Statement") {
            "/Statement"
        } else {
            ""
        };
        out.push(
            Finding::error(
                Code::PinnedActions,
                pointer,
                format!(
                    "the policy does not list the pinned action{} {}",
                    if list.len() == 1 { "" } else { "s" },
                    list.join(", ")
                ),
            )
            .help("grant exactly the pinned actions, or update the pin in procdoc.toml"),
        );
    }
}

#[cfg(test)]
#[path = "lints_tests.rs"]
mod tests;
