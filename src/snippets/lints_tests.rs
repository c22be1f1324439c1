//! Unit tests of the policy lints (kept apart so `lints.rs` stays short).
use super::*;
use serde_json::json;

const BUNDLED_POLICY: &str =
    include_str!("../../includes/tutorials/automatic/aws/iam-user-policy-minimum.json");
const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

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
        assert_eq!(
            lint(&policy(json!("kms:Encrypt"), json!(ok))),
            vec![],
            "{ok}"
        );
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

fn severities(findings: &[Finding]) -> Vec<(&'static str, Severity)> {
    findings
        .iter()
        .map(|f| (f.code.as_str(), f.severity))
        .collect()
}

#[test]
fn read_only_wildcard_families_are_warnings() {
    let f = lint(&policy(
        json!(["s3:Get*", "ec2:Describe*", "kms:List*", "ec2:*"]),
        json!("*"),
    ));
    assert_eq!(
        codes(&f),
        [
            ("wildcard-action", "/Statement/0/Action/0"),
            ("wildcard-action", "/Statement/0/Action/1"),
            ("wildcard-action", "/Statement/0/Action/2"),
            ("wildcard-action", "/Statement/0/Action/3"),
            ("wildcard-resource", "/Statement/0/Resource"),
        ]
    );
    assert_eq!(
        f.iter().map(|f| f.severity).collect::<Vec<_>>(),
        [
            Severity::Warning,
            Severity::Warning,
            Severity::Warning,
            Severity::Error,
            Severity::Error
        ]
    );
    assert_eq!(
        f[0].message,
        "\"s3:Get*\" is a read-only wildcard: it allows every s3 action whose name starts with Get, and any AWS adds"
    );
    assert_eq!(
        f[2].message,
        "\"kms:List*\" is a read-only wildcard: it allows 7 KMS actions"
    );
    // A pin still pins the exact set.
    let pinned = lint_identity_policy(&policy(json!("kms:Get*"), json!(KEY_ARN)), Some(&pinned()));
    assert!(pinned
        .iter()
        .any(|f| f.code == Code::PinnedActions && f.severity == Severity::Error));
}

#[test]
fn wildcard_help_names_the_actions_own_service() {
    let f = lint(&policy(
        json!(["ec2:*", "s3:Put*"]),
        json!("arn:aws:s3:::b/*"),
    ));
    assert_eq!(f.len(), 2, "{f:?}");
    for finding in &f {
        let help = finding.help.as_deref().unwrap();
        assert!(!help.contains("kms"), "{help}");
    }
    assert!(f[0]
        .help
        .as_deref()
        .unwrap()
        .contains("ec2:DescribeInstances"));
    assert!(f[1].help.as_deref().unwrap().contains("s3:GetObject"));
}

#[test]
fn resource_star_narrowed_by_a_condition_is_a_warning_naming_it() {
    let p = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}, "Bool": {"aws:SecureTransport": "true"}}}]});
    let f = lint(&p);
    assert_eq!(severities(&f), [("wildcard-resource", Severity::Warning)]);
    assert_eq!(
        f[0].message,
        "Resource \"*\" lets kms:Decrypt use every KMS key in the account that its Condition on kms:ViaService allows"
    );
    let tagged = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "arn:aws:kms:*:111122223333:key/*",
        "Condition": {"StringEquals": {"aws:ResourceTag/Project": "alpha"}}}});
    assert_eq!(
        severities(&lint(&tagged)),
        [("wildcard-resource", Severity::Warning)]
    );
    // A condition that does not narrow the keys leaves the error, and says so.
    let transport = json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}}});
    let f = lint(&transport);
    assert_eq!(severities(&f), [("wildcard-resource", Severity::Error)]);
    assert!(
        f[0].message
            .ends_with("(its Condition on aws:SecureTransport does not limit which keys)"),
        "{}",
        f[0].message
    );
}

#[test]
fn deny_statements_do_not_fail_least_privilege_lints() {
    let p = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "*", "Resource": ["arn:aws:s3:::other", "arn:aws:s3:::other/*"]},
        {"Effect": "Deny", "Action": "kms:*", "Resource": "arn:aws:kms:*:*:alias/aws/*"},
        {"Effect": "Deny", "NotAction": "kms:Decrypt", "NotResource": "arn:aws:s3:::x"}]});
    assert_eq!(lint(&p), vec![]);
    // What IAM rejects stays an error in a Deny too.
    let bad = json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "*", "Resource": "arn:amazon:s3:::x"}});
    assert_eq!(
        codes(&lint(&bad)),
        [("invalid-resource-arn", "/Statement/Resource")]
    );
}

#[test]
fn mixed_service_statement_takes_other_services_arns() {
    let p = policy(
        json!(["s3:GetObject", "kms:Decrypt"]),
        json!(["arn:aws:s3:::b/*", KEY_ARN]),
    );
    assert_eq!(lint(&p), vec![]);
}

#[test]
fn wildcard_partition_trailing_segment_variables_and_placeholder_actions_pass() {
    for (action, resource) in [
        (json!("s3:GetObject"), json!("arn:*:s3:::my-bucket/*")),
        (json!("kms:Decrypt"), json!("arn:*:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
        (json!("organizations:DescribeOrganization"), json!("arn:aws:organizations::*:")),
        (json!("kms:Decrypt"), json!("arn:aws:kms:us-east-1:111122223333:key/${aws:PrincipalTag/KmsKeyId}")),
        (json!("kms:Decrypt"), json!("arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab")),
        (json!(["<action>", "kms:<action>"]), json!("<resource ARN>")),
    ] {
        assert_eq!(lint(&policy(action.clone(), resource.clone())), vec![], "{action} {resource}");
    }
    // The variable-aware parser keeps real account errors readable.
    let f = lint(&policy(
        json!("kms:Decrypt"),
        json!("arn:aws:kms:us-east-1:1234:key/${aws:x}"),
    ));
    assert!(
        f[0].message.contains("account \"1234\" must be 12 digits"),
        "{}",
        f[0].message
    );
}
