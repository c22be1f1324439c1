//! Facts about IAM that the policy lints read a statement with: which
//! wildcard actions are AWS's read-only idiom (`List*`, `Describe*`,
//! `Get*`), which Condition keys narrow the resources a statement applies to
//! (`kms:ViaService`, `aws:ResourceTag/…`), and an example action per
//! service for help texts, so advice matches the action's own service.

use serde_json::Value;

/// Whether a wildcard action is one of AWS's read-only families: a service
/// action whose name starts with `List`, `Describe`, `Get` or `BatchGet` and
/// ends with the only `*` (`s3:Get*`, `ec2:Describe*`, `kms:List*`,
/// `s3:GetObject*`). Case-insensitive, as IAM actions are.
pub fn is_read_only_family(action: &str) -> bool {
    let Some((service, name)) = action.trim().split_once(':') else {
        return false;
    };
    if service.is_empty() || service.contains(['*', '?']) {
        return false;
    }
    let Some(stem) = name.strip_suffix('*') else {
        return false;
    };
    let lower = stem.to_ascii_lowercase();
    let rest = ["list", "describe", "batchget", "get"]
        .iter()
        .find_map(|p| lower.strip_prefix(p));
    rest.is_some_and(|r| r.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Global condition keys that limit which resources a statement applies to.
const NARROWING_AWS_KEYS: &[&str] = &[
    "aws:resourceaccount",
    "aws:resourceorgid",
    "aws:resourceorgpaths",
    "aws:calledvia",
    "aws:calledviafirst",
    "aws:calledvialast",
    "aws:viaawsservice",
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
];

/// Whether a condition key narrows the resources a statement applies to:
/// every `kms:` key (they describe the key or the request on it:
/// `kms:ViaService`, `kms:CallerAccount`, `kms:EncryptionContext:…`,
/// `kms:ResourceAliases`, …), `aws:ResourceTag/…`, the resource's account
/// or organization, and the calling service or source. Keys about the
/// caller or the connection (`aws:SecureTransport`, `aws:SourceIp`,
/// `aws:MultiFactorAuthPresent`, `aws:PrincipalTag/…`) do not.
pub fn narrows_resources(key: &str) -> bool {
    let lower = key.trim().to_ascii_lowercase();
    lower.starts_with("kms:")
        || lower.starts_with("aws:resourcetag/")
        || NARROWING_AWS_KEYS.contains(&lower.as_str())
}

/// The condition keys of a statement's Condition, in document order, split
/// into those that narrow the resources and those that do not. Odd shapes
/// (reported by the schema) give empty lists.
pub fn condition_keys(condition: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let (mut narrowing, mut other) = (Vec::new(), Vec::new());
    let Some(Value::Object(operators)) = condition else {
        return (narrowing, other);
    };
    for keys in operators.values() {
        let Value::Object(keys) = keys else { continue };
        for key in keys.keys() {
            let list = if narrows_resources(key) {
                &mut narrowing
            } else {
                &mut other
            };
            if !list.contains(key) {
                list.push(key.clone());
            }
        }
    }
    (narrowing, other)
}

/// An example action of each common service, for help texts.
const EXAMPLES: &[(&str, &str)] = &[
    ("cloudwatch", "\"cloudwatch:PutMetricData\""),
    ("dynamodb", "\"dynamodb:GetItem\", \"dynamodb:PutItem\""),
    ("ec2", "\"ec2:DescribeInstances\""),
    ("ecr", "\"ecr:GetAuthorizationToken\""),
    ("iam", "\"iam:GetRole\""),
    ("kms", "\"kms:Encrypt\", \"kms:Decrypt\""),
    ("lambda", "\"lambda:InvokeFunction\""),
    ("logs", "\"logs:CreateLogStream\", \"logs:PutLogEvents\""),
    ("s3", "\"s3:GetObject\", \"s3:PutObject\""),
    ("secretsmanager", "\"secretsmanager:GetSecretValue\""),
    ("sns", "\"sns:Publish\""),
    ("sqs", "\"sqs:SendMessage\", \"sqs:ReceiveMessage\""),
    ("ssm", "\"ssm:GetParameter\""),
    ("sts", "\"sts:AssumeRole\""),
];

/// Help for a wildcard action, in the action's own service.
pub fn wildcard_help(action: &str) -> String {
    let service = action
        .trim()
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase());
    match service {
        None => "list only the actions the page needs, each as service:Action (e.g. \"s3:GetObject\")".to_string(),
        Some(s) => match EXAMPLES.iter().find(|(name, _)| *name == s) {
            Some((_, example)) => {
                format!("list only the {s} actions the page needs, e.g. {example}")
            }
            None => format!(
                "list only the {s} actions the page needs (see the {s} actions in the AWS Service Authorization Reference)"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn read_only_families() {
        for yes in [
            "s3:Get*",
            "ec2:Describe*",
            "KMS:list*",
            "s3:GetObject*",
            "dynamodb:BatchGet*",
        ] {
            assert!(is_read_only_family(yes), "{yes}");
        }
        for no in [
            "s3:*",
            "*",
            "s3:Put*",
            "s3:Get*Object",
            "s3:Get?",
            "*:Get*",
            "s3:G*",
            "Get*",
            "s3:Get",
        ] {
            assert!(!is_read_only_family(no), "{no}");
        }
    }

    #[test]
    fn narrowing_condition_keys() {
        let c = json!({"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "aws:ResourceTag/team": "a"},
                       "Bool": {"aws:SecureTransport": "true"}, "StringLike": {"kms:ViaService": "x"}});
        let (narrowing, other) = condition_keys(Some(&c));
        assert_eq!(narrowing, ["kms:ViaService", "aws:ResourceTag/team"]);
        assert_eq!(other, ["aws:SecureTransport"]);
        assert_eq!(condition_keys(Some(&json!([1]))), (vec![], vec![]));
        assert!(narrows_resources("KMS:CallerAccount") && !narrows_resources("aws:SourceIp"));
    }

    #[test]
    fn help_names_the_actions_service() {
        assert!(wildcard_help("s3:Get*").contains("\"s3:GetObject\""));
        assert!(wildcard_help("ec2:*").contains("ec2:DescribeInstances"));
        assert!(!wildcard_help("ec2:*").contains("kms"));
        assert!(wildcard_help("kms:*").contains("kms:Encrypt"));
        let other = wildcard_help("glacier:*");
        assert!(
            other.contains("glacier actions") && !other.contains("kms"),
            "{other}"
        );
        assert!(wildcard_help("*").contains("service:Action"));
    }
}
