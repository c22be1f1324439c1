//! Least-privilege lints for the tutorials' IAM policies, beyond the schema.
//!
//! A schema says a policy is well formed; readers also need it to be right
//! and minimal before they paste it into AWS. These lints check what AWS IAM
//! Access Analyzer and parliament would (unknown KMS actions, wildcards,
//! `Resource: "*"`, ARNs that are not key ARNs, duplicate Sids, a missing
//! Version) plus what parliament misses (a Principal in an identity-based
//! policy) and the config's pinned action set. The KMS action table is
//! `schemas/kms-actions.tsv`, embedded. Every function takes any JSON value
//! without panicking: odd shapes are the schema's business, not ours.

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

fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

fn is_placeholder(s: &str) -> bool {
    s.len() > 2 && s.starts_with('<') && s.ends_with('>') && !s[1..s.len() - 1].contains(['<', '>'])
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
fn names(actions: &[KmsAction]) -> String {
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
                    .help("use Resource with the ARN of the key"),
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
        for (ptr, resource) in st.strings("Resource") {
            check_resource(st, &ptr, resource, &key_actions, &mut out);
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
    if !service.eq_ignore_ascii_case("kms") {
        return; // other services' actions are not checked
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
    let message = if trimmed == "*" {
        "Action \"*\" allows every action of every AWS service".to_string()
    } else if kms_name.is_some_and(|n| n.chars().all(|c| c == '*')) {
        format!(
            "\"{action}\" allows all {} KMS actions, including kms:ScheduleKeyDeletion and kms:PutKeyPolicy",
            kms_actions().len()
        )
    } else if let Some(name) = kms_name {
        let matched = kms_matching(name);
        match matched.len() {
            0 => return, // reported as unknown-action
            n if n <= 5 => format!(
                "\"{action}\" is a wildcard: it allows {} (and any matching action AWS adds)",
                names(&matched)
            ),
            n => format!("\"{action}\" is a wildcard: it allows {n} KMS actions"),
        }
    } else {
        format!("\"{action}\" is a wildcard action")
    };
    let help = match pinned {
        Some(p) if !p.is_empty() => format!("list only the actions needed: {}", p.join(", ")),
        _ => "list only the actions needed, e.g. \"kms:Encrypt\", \"kms:Decrypt\"".to_string(),
    };
    out.push(Finding::error(Code::WildcardAction, ptr, message).help(help));
}

const KEY_ARN_FORM: &str = "arn:<partition>:kms:<region>:<account>:key/<key id>";

fn check_resource(
    st: &Statement<'_>,
    ptr: &str,
    resource: &str,
    key_actions: &[KmsAction],
    out: &mut Vec<Finding>,
) {
    let resource = resource.trim();
    if resource == "*" {
        if st.allows() && !key_actions.is_empty() {
            out.push(
                Finding::error(
                    Code::WildcardResource,
                    ptr,
                    format!(
                        "Resource \"*\" lets {} use every KMS key in the account",
                        names(key_actions)
                    ),
                )
                .help(format!(
                    "name the key: {KEY_ARN_FORM}, or a <placeholder> for it"
                )),
            );
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
    if key_actions.is_empty() {
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
    if st.allows() && has_wildcard(resource) {
        out.push(
            Finding::error(
                Code::WildcardResource,
                ptr,
                format!(
                    "\"{resource}\" is a wildcard: it lets {} use more than one key",
                    names(key_actions)
                ),
            )
            .help(format!("name the key: {KEY_ARN_FORM}")),
        );
    }
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

struct Arn<'a> {
    service: &'a str,
    region: &'a str,
    account: &'a str,
    resource: &'a str,
}

const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// `Ok(None)` for a placeholder, `Ok(Some)` for a well-formed ARN, `Err` saying what is wrong.
fn parse_arn(s: &str) -> Result<Option<Arn<'_>>, String> {
    if is_placeholder(s) {
        return Ok(None);
    }
    if !s.starts_with("arn:") {
        return Err(
            "not an ARN (arn:partition:service:region:account:resource), \"*\" or a <placeholder>"
                .to_string(),
        );
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [_, partition, service, region, account, resource] = parts[..] else {
        return Err(
            "malformed ARN: expected arn:partition:service:region:account:resource".to_string(),
        );
    };
    let free = |part: &str| is_placeholder(part) || has_wildcard(part);
    if !free(partition) && !PARTITIONS.contains(&partition) {
        return Err(format!(
            "unknown partition \"{partition}\" (expected one of {})",
            PARTITIONS.join(", ")
        ));
    }
    if !free(service) {
        if service.is_empty() {
            return Err("the service is missing".to_string());
        }
        if service.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!("the service \"{service}\" must be lower-case"));
        }
        if !service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!("invalid service \"{service}\""));
        }
    }
    if !region.is_empty() && !free(region) {
        if !valid_region(region) {
            return Err(format!("invalid region \"{region}\" (e.g. us-east-1)"));
        }
        if !free(partition) {
            let expected = match partition {
                "aws-us-gov" => Some("us-gov-"),
                "aws-cn" => Some("cn-"),
                _ => None,
            };
            let foreign = ["us-gov-", "cn-"].iter().find(|p| region.starts_with(*p));
            match (expected, foreign) {
                (Some(e), _) if !region.starts_with(e) => {
                    return Err(format!(
                        "region \"{region}\" is not in the {partition} partition"
                    ));
                }
                (None, Some(_)) => {
                    return Err(format!(
                        "region \"{region}\" is not in the {partition} partition"
                    ));
                }
                _ => {}
            }
        }
    }
    let twelve_digits = account.len() == 12 && account.chars().all(|c| c.is_ascii_digit());
    if !account.is_empty() && !free(account) && account != "aws" && !twelve_digits {
        return Err(format!("the account \"{account}\" must be 12 digits"));
    }
    if resource.is_empty() {
        return Err("the resource part is missing".to_string());
    }
    Ok(Some(Arn {
        service,
        region,
        account,
        resource,
    }))
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`.
fn valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let lower = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    match parts.as_slice() {
        [first, middle @ .., number] if (1..=3).contains(&middle.len()) => {
            (2..=4).contains(&first.len())
                && lower(first)
                && middle.iter().all(lower)
                && (1..=2).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

fn check_key_arn(arn: &Arn<'_>, key_actions: &[KmsAction]) -> Result<(), String> {
    let free = |part: &str| is_placeholder(part) || has_wildcard(part);
    if !free(arn.service) && arn.service != "kms" {
        return Err(format!(
            "an ARN of service \"{}\", not a KMS key ARN",
            arn.service
        ));
    }
    if arn.region.is_empty() {
        return Err("a KMS key ARN needs a region".to_string());
    }
    if arn.account.is_empty() {
        return Err("a KMS key ARN needs the 12-digit account".to_string());
    }
    if free(arn.resource) {
        return Ok(());
    }
    if let Some(id) = arn.resource.strip_prefix("key/") {
        return if free(id) || is_key_id(id) {
            Ok(())
        } else {
            Err(format!(
                "\"{id}\" is not a key id (a UUID, or mrk-<32 hex digits> for a multi-Region key)"
            ))
        };
    }
    if arn.resource.starts_with("alias/") {
        let not_alias: Vec<KmsAction> = key_actions
            .iter()
            .filter(|a| !a.accepts_alias())
            .copied()
            .collect();
        return if not_alias.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "an alias ARN applies to the alias, not the key, so it does not grant {} on the key",
                names(&not_alias)
            ))
        };
    }
    Err("not a KMS key ARN (…:key/<key id>)".to_string())
}

/// A key id: a UUID, or `mrk-` and 32 hex digits.
fn is_key_id(id: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    if let Some(m) = id.strip_prefix("mrk-") {
        return m.len() == 32 && hex(m);
    }
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| hex(g))
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
mod tests {
    use super::*;
    use serde_json::json;

    const BUNDLED_POLICY: &str =
        include_str!("../../includes/tutorials/automatic/aws/iam-user-policy-minimum.json");
    const KEY_ARN: &str =
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    fn pinned() -> Vec<String> {
        vec!["kms:Encrypt".to_string(), "kms:Decrypt".to_string()]
    }

    /// A one-statement identity policy granting `action` on `resource`.
    fn policy(action: Value, resource: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]})
    }

    fn codes(findings: &[Finding]) -> Vec<(&'static str, &str)> {
        findings
            .iter()
            .map(|f| (f.code.as_str(), f.pointer.as_str()))
            .collect()
    }

    fn lint(p: &Value) -> Vec<Finding> {
        lint_identity_policy(p, None)
    }

    #[test]
    fn action_table() {
        assert_eq!(kms_actions().len(), 56);
        let encrypt = kms_action("encrypt").unwrap();
        assert_eq!(encrypt.name, "Encrypt");
        assert_eq!(encrypt.access_level, Some("Write"));
        assert!(encrypt.requires_key() && !encrypt.accepts_alias() && !encrypt.star_only());
        assert_eq!(
            kms_action("KMS:Decrypt").unwrap().full_name(),
            "kms:Decrypt"
        );
        assert!(kms_action("CreateAlias").unwrap().accepts_alias());
        assert!(kms_action("ListKeys").unwrap().star_only());
        assert_eq!(kms_action("GetKeyLastUsage").unwrap().access_level, None);
        assert_eq!(kms_action("Encrpyt"), None);
        assert_eq!(kms_action("s3:GetObject"), None);
        assert!(
            glob("encrypt*", "encrypt")
                && glob("re?ncrypt*", "reencryptfrom")
                && !glob("encrypt?", "encrypt")
        );
    }

    #[test]
    fn bundled_policy_passes_with_pinned_actions() {
        let p: Value = serde_json::from_str(BUNDLED_POLICY).unwrap();
        assert_eq!(lint_identity_policy(&p, Some(&pinned())), vec![]);
    }

    #[test]
    fn corpus_key_policy_passes_resource_lints() {
        let p: Value = serde_json::from_str(crate::snippets::schemas::tests::KEY_POLICY).unwrap();
        assert_eq!(lint_resource_policy(&p), vec![]);
        // The identity lints would rightly reject it.
        let c = lint(&p);
        assert!(c.iter().any(|f| f.code == Code::PrincipalInIdentityPolicy));
        assert!(c.iter().any(|f| f.code == Code::WildcardAction));
    }

    #[test]
    fn single_statement_object_and_case_insensitive_actions() {
        let p = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["KMS:encrypt", "kms:DECRYPT"], "Resource": KEY_ARN}});
        assert_eq!(lint_identity_policy(&p, Some(&pinned())), vec![]);
    }

    #[test]
    fn resource_arns() {
        let alias = lint(&policy(
            json!(["kms:Encrypt", "kms:Decrypt"]),
            json!(["<key>", "arn:aws:kms:us-east-1:111122223333:alias/my-key"]),
        ));
        assert_eq!(
            codes(&alias),
            [("invalid-resource-arn", "/Statement/0/Resource/1")]
        );
        assert!(
            alias[0].message.contains("alias")
                && alias[0].help.as_deref().unwrap().contains("key/<key id>")
        );
        // An alias ARN is fine for the alias actions.
        assert_eq!(
            lint(&policy(
                json!("kms:CreateAlias"),
                json!("arn:aws:kms:us-east-1:111122223333:alias/x")
            )),
            vec![]
        );
        for ok in [
            "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:eu-west-3:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
            "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "arn:aws:kms:<region>:<account id>:key/<key id>",
            "<the Amazon Resource Name (ARN) of your remote master key>",
        ] {
            assert_eq!(lint(&policy(json!("kms:Encrypt"), json!(ok))), vec![], "{ok}");
        }
        for (bad, why) in [
            ("arn:aws:s3:::my-bucket/*", "service \"s3\""),
            (
                "arn:aws:kms:us-east-1:1111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "12 digits",
            ),
            (
                "arn:aws:KMS:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "lower-case",
            ),
            (
                "arn:amazon:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "partition",
            ),
            (
                "arn:aws:kms:useast1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "region",
            ),
            (
                "arn:aws:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                "partition",
            ),
            ("arn:aws:kms:us-east-1:111122223333:key/mrk-123", "key id"),
            ("arn:aws:kms:us-east-1:111122223333", "malformed"),
            ("my-key", "not an ARN"),
        ] {
            let f = lint(&policy(json!("kms:Encrypt"), json!(bad)));
            assert_eq!(
                codes(&f),
                [("invalid-resource-arn", "/Statement/0/Resource")],
                "{bad}"
            );
            assert!(f[0].message.contains(why), "{bad}: {}", f[0].message);
        }
        // Other services' resources are only checked for form.
        assert_eq!(
            lint(&policy(
                json!("s3:GetObject"),
                json!("arn:aws:s3:::my-bucket/*")
            )),
            vec![]
        );
        // A wildcard key ARN grants more than one key.
        let wild = lint(&policy(
            json!("kms:Encrypt"),
            json!("arn:aws:kms:us-east-1:111122223333:key/*"),
        ));
        assert_eq!(
            codes(&wild),
            [("wildcard-resource", "/Statement/0/Resource")]
        );
    }

    #[test]
    fn principal_in_identity_policy() {
        let p = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Encrypt", "Resource": KEY_ARN}]});
        assert_eq!(
            codes(&lint(&p)),
            [("principal-in-identity-policy", "/Statement/0/Principal")]
        );
    }

    #[test]
    fn wildcard_actions_and_resources() {
        let f = lint(&policy(json!("kms:*"), json!(KEY_ARN)));
        assert_eq!(codes(&f), [("wildcard-action", "/Statement/0/Action")]);
        assert!(f[0].message.contains("all 56 KMS actions"));
        let f = lint(&policy(
            json!(["kms:Encrypt*", "*", "kms:?ecrypt"]),
            json!(KEY_ARN),
        ));
        assert_eq!(
            codes(&f),
            [
                ("wildcard-action", "/Statement/0/Action/0"),
                ("wildcard-action", "/Statement/0/Action/1"),
                ("wildcard-action", "/Statement/0/Action/2")
            ]
        );
        assert!(f[0].message.contains("kms:Encrypt"), "{}", f[0].message);
        let f = lint(&policy(json!("kms:Encrypt"), json!("*")));
        assert_eq!(codes(&f), [("wildcard-resource", "/Statement/0/Resource")]);
        assert!(f[0].message.contains("kms:Encrypt"));
        // Actions that only take "*" are fine with "*"; Deny statements may be broad.
        assert_eq!(lint(&policy(json!("kms:ListKeys"), json!("*"))), vec![]);
        let deny = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "kms:*", "Resource": "*"}});
        assert_eq!(lint(&deny), vec![]);
        let not = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "kms:Decrypt", "NotResource": KEY_ARN}});
        assert_eq!(
            codes(&lint(&not)),
            [
                ("wildcard-action", "/Statement/NotAction"),
                ("wildcard-resource", "/Statement/NotResource")
            ]
        );
    }

    #[test]
    fn unknown_actions() {
        let f = lint(&policy(
            json!(["kms:Encrypt", "kms:Encrpyt"]),
            json!(KEY_ARN),
        ));
        assert_eq!(codes(&f), [("unknown-action", "/Statement/0/Action/1")]);
        assert_eq!(f[0].help.as_deref(), Some("did you mean \"kms:Encrypt\"?"));
        let f = lint(&policy(json!("kms:Frobnicate"), json!(KEY_ARN)));
        assert_eq!(codes(&f), [("unknown-action", "/Statement/0/Action")]);
        assert!(!f[0].help.as_deref().unwrap().contains("did you mean"));
        let f = lint(&policy(json!("kms:Encrpyt*"), json!(KEY_ARN)));
        assert_eq!(codes(&f), [("unknown-action", "/Statement/0/Action")]);
        assert_eq!(lint(&policy(json!("s3:NoSuchThing"), json!("*"))), vec![]);
        let key = json!({"Version": "2012-10-17", "Statement": {"Sid": "x y", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrpyt", "Resource": "*"}});
        assert_eq!(
            codes(&lint_resource_policy(&key)),
            [("unknown-action", "/Statement/Action")]
        );
    }

    #[test]
    fn duplicate_sids_and_missing_version() {
        let p = json!({"Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": "kms:Encrypt", "Resource": KEY_ARN},
            {"Sid": "A", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY_ARN}]});
        let f = lint(&p);
        assert_eq!(
            codes(&f),
            [
                ("missing-version", ""),
                ("duplicate-sid", "/Statement/1/Sid")
            ]
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[1].severity, Severity::Error);
        assert_eq!(
            codes(&lint_resource_policy(&p)),
            [
                ("missing-version", ""),
                ("duplicate-sid", "/Statement/1/Sid")
            ]
        );
    }

    #[test]
    fn pinned_actions_must_match_exactly() {
        let p = policy(
            json!(["kms:Encrypt", "kms:GenerateDataKey"]),
            json!(KEY_ARN),
        );
        let f = lint_identity_policy(&p, Some(&pinned()));
        assert_eq!(
            codes(&f),
            [
                ("pinned-actions", "/Statement/0/Action/1"),
                ("pinned-actions", "/Statement")
            ]
        );
        assert!(f[0].message.contains("kms:GenerateDataKey"));
        assert!(f[1].message.contains("kms:Decrypt") && !f[1].message.contains("kms:Encrypt"));
        // Deny statements grant nothing, so they do not count.
        let p = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["kms:decrypt", "KMS:Encrypt"], "Resource": KEY_ARN},
            {"Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"}]});
        assert_eq!(lint_identity_policy(&p, Some(&pinned())), vec![]);
    }

    #[test]
    fn hostile_values_do_not_panic() {
        let hostile = [
            json!(null),
            json!(5),
            json!("x"),
            json!([[[]]]),
            json!({"Statement": null}),
            json!({"Statement": [null, 5, [], [[]], "x"]}),
            json!({"Statement": {"Effect": null, "Action": [[["kms:*"]], 5, null], "Resource": {"a": 1}, "Principal": [1], "Sid": 5}}),
            json!({"Statement": [{"Effect": "Allow", "Action": ["kms:", ":", "kms:*?*", "", "*"], "Resource": ["", "arn:", "arn:::::", "arn:aws:kms:::", "<>", "<<a>>", "arn:aws:kms:us-east-1:111122223333:", "arn:aws:kms:é-1:1:key/é"]}]}),
            json!({"Statement": [{"Sid": "a"}, {"Sid": "a"}, {"Sid": ""}, {"Sid": ""}]}),
        ];
        for value in &hostile {
            let _ = lint_identity_policy(value, Some(&pinned()));
            let _ = lint_identity_policy(value, Some(&[]));
            let _ = lint_resource_policy(value);
        }
    }
}
