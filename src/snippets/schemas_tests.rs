//! Unit tests of the schemas and their messages (kept apart so `schemas.rs` stays short).
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
    // The corpus is ../shared/corpus next to the repository (CI always has
    // it); PROCDOC_CORPUS points elsewhere, e.g. from a git worktree.
    let corpus = std::env::var("PROCDOC_CORPUS")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string());
    let path = format!("{corpus}/mongodb-docs-extract/source/includes/tutorials/automatic/aws/key-policy-default.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("the corpus copy of key-policy-default.json must be readable at {path} (set PROCDOC_CORPUS to the corpus folder): {e}")
    });
    let corpus: Value = serde_json::from_str(&text).expect("the corpus key policy is JSON");
    assert_eq!(corpus, serde_json::from_str::<Value>(KEY_POLICY).unwrap());
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

#[test]
fn trust_policy_is_detected_by_shape_and_forbids_a_resource() {
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Let EC2 in", "Effect": "Allow",
        "Principal": {"Service": "ec2.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]});
    assert_eq!(detect(&trust), Some("aws-iam-trust-policy"));
    assert_eq!(errors("aws-iam-trust-policy", &trust), vec![]);
    let web = json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": "<provider ARN>"}, "Action": "STS:assumerolewithwebidentity"}});
    assert_eq!(detect(&web), Some("aws-iam-trust-policy"));
    // It was a resource policy (and failed "exactly one of Resource or NotResource").
    assert!(!errors("aws-iam-resource-policy", &trust).is_empty());
    // Not a trust policy: a Resource, or actions of another service.
    let with_resource = json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}});
    assert_eq!(detect(&with_resource), Some("aws-iam-resource-policy"));
    let key = json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", "kms:Decrypt"]}});
    assert_eq!(detect(&key), Some("aws-iam-resource-policy"));
    let errs = errors("aws-iam-trust-policy", &with_resource);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].pointer, "/Statement/Resource");
    assert!(
        errs[0]
            .message
            .contains("must not appear in a role trust policy"),
        "{errs:?}"
    );
}

#[test]
fn arn_forms_iam_accepts_pass_the_policy_schemas() {
    for resource in [
        "arn:*:s3:::my-bucket/*",
        "arn:aws:organizations::*:",
        "arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*",
        "arn:aws:kms:us-east-1:111122223333:key/${aws:PrincipalTag/KmsKeyId}",
    ] {
        let p = json!({"Statement": {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": resource}});
        assert_eq!(errors("aws-iam-identity-policy", &p), vec![], "{resource}");
    }
    let placeholder = json!({"Statement": {"Effect": "Allow", "Action": ["<action>", "kms:<action>"], "Resource": "*"}});
    assert_eq!(errors("aws-iam-identity-policy", &placeholder), vec![]);
    // What IAM rejects is still a violation, and the message names the partition.
    let bad = json!({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:amazon:s3:::b"}});
    let errs = errors("aws-iam-identity-policy", &bad);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].message.contains("where the partition is aws"),
        "{errs:?}"
    );
    let bad_action = json!({"Statement": {"Effect": "Allow", "Action": "kms:<a", "Resource": "*"}});
    assert_eq!(
        pointers("aws-iam-identity-policy", &bad_action),
        ["/Statement/Action"]
    );
}
