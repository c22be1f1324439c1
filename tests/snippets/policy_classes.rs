//! Issue 12: the classes of real policies (AWS managed policies, the IAM,
//! S3 and KMS guides) that IAM accepts and procdoc once got wrong, lints
//! that read Conditions and Deny, suppression with a reason, and issue 8
//! item 16 (JSON beyond serde_json's limits). Fixture projects:
//! `real-policies/`, `allow-errors/`, `json-limits/`.

use super::*;

const TRUST: &str = "aws-iam-trust-policy";

fn real() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| json_run("real-policies"))
}

/// The `"severity": "allowed"` lines of a JSON run.
fn allowed_lines(run: &Run) -> Vec<Value> {
    run.diags()
        .into_iter()
        .filter(|d| d["severity"] == "allowed")
        .collect()
}

#[test]
fn real_policy_classes_pass_with_only_warnings_and_allowed_findings() {
    let run = real();
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // No error anywhere.
    for d in run.diags() {
        assert_ne!(d["severity"], "error", "{d}");
    }
    assert_eq!(
        run.stderr,
        "checked 11 JSON snippet(s): 11 validated against a schema (9 aws-iam-identity-policy, 2 aws-iam-trust-policy), 0 syntax only; 0 other code block(s) scanned for secrets; 5 warning(s); 2 finding(s) allowed\n\
         snippets: 11 passed, 0 failed, 0 skipped\n"
    );
    let report = lib_report("real-policies");
    for name in [
        "includes/shape/wildcard-partition.json:1",
        "includes/shape/empty-trailing-segment.json:1",
        "includes/shape/policy-variables.json:1",
        "includes/shape/placeholder-action.json:1",
        "includes/shape/deny.json:1",
    ] {
        assert_eq!(outcome(&report, name), passed(Some(IDENTITY)), "{name}");
    }
    assert_eq!(
        outcome(&report, "includes/shape/trust-policy.json:1"),
        passed(Some(TRUST))
    );
    assert_eq!(
        outcome(&report, "includes/trust/web-identity.json:1"),
        passed(Some(TRUST))
    );
}

#[test]
fn wildcard_partition_empty_trailing_segment_and_placeholder_actions_have_no_findings() {
    for file in [
        "includes/shape/wildcard-partition.json",
        "includes/shape/empty-trailing-segment.json",
        "includes/shape/placeholder-action.json",
        "includes/shape/trust-policy.json",
        "includes/trust/web-identity.json",
    ] {
        assert_findings(real(), file, &[]);
    }
}

#[test]
fn policy_variables_in_arns_are_read_whole() {
    // The account variable no longer splits the ARN ("account \"${aws\""),
    // and `key/${aws:PrincipalTag/KmsKeyId}` is not "not a key id". The
    // wildcard key is narrowed by aws:ResourceTag: a warning naming it.
    assert_findings(
        real(),
        "includes/shape/policy-variables.json",
        &[(
            "wildcard-resource",
            8,
            9,
            Some("/Statement/0/Resource/0"),
            Some(IDENTITY),
        )],
    );
    let d = only(
        real(),
        "includes/shape/policy-variables.json",
        "wildcard-resource",
    );
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "\"arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*\" is a wildcard: it lets kms:Decrypt, kms:Encrypt use more than one key that its Condition on aws:ResourceTag/team allows"
    );
}

#[test]
fn read_only_wildcard_families_are_warnings_with_help_in_their_service() {
    let file = "includes/shape/read-only.json";
    assert_findings(
        real(),
        file,
        &[
            (
                "wildcard-action",
                6,
                18,
                Some("/Statement/0/Action/0"),
                Some(IDENTITY),
            ),
            (
                "wildcard-action",
                6,
                29,
                Some("/Statement/0/Action/1"),
                Some(IDENTITY),
            ),
            (
                "wildcard-action",
                6,
                46,
                Some("/Statement/0/Action/2"),
                Some(IDENTITY),
            ),
        ],
    );
    let diags = real().diags_in(file);
    let get = |i: usize, k: &str| diags[i][k].as_str().unwrap().to_string();
    assert!(diags.iter().all(|d| d["severity"] == "warning"));
    assert_eq!(
        get(1, "message"),
        "\"ec2:Describe*\" is a read-only wildcard: it allows every ec2 action whose name starts with Describe, and any AWS adds"
    );
    assert_eq!(
        get(0, "help"),
        "list only the s3 actions the page needs, e.g. \"s3:GetObject\", \"s3:PutObject\""
    );
    assert_eq!(
        get(1, "help"),
        "list only the ec2 actions the page needs, e.g. \"ec2:DescribeInstances\""
    );
    assert_eq!(
        get(2, "help"),
        "list only the iam actions the page needs, e.g. \"iam:GetRole\""
    );
}

#[test]
fn resource_star_narrowed_by_kms_via_service_is_a_warning_naming_it() {
    let file = "includes/shape/narrowed.json";
    assert_findings(
        real(),
        file,
        &[(
            "wildcard-resource",
            7,
            19,
            Some("/Statement/0/Resource"),
            Some(IDENTITY),
        )],
    );
    let d = only(real(), file, "wildcard-resource");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "Resource \"*\" lets kms:Decrypt, kms:GenerateDataKey use every KMS key in the account that its Condition on kms:ViaService allows"
    );
}

#[test]
fn data_perimeter_deny_on_s3_arns_is_not_a_kms_key_error() {
    assert_findings(real(), "includes/shape/deny.json", &[]);
}

#[test]
fn allow_in_a_rule_and_in_a_comment_turn_findings_off_with_their_reason() {
    let allowed = allowed_lines(real());
    let got: Vec<(&str, &str, u64, u64, &str, &str, &str)> = allowed
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["allowed_severity"].as_str().unwrap(),
                d["reason"].as_str().unwrap(),
                d["allowed_at"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "wildcard-action",
                "includes/allowed/ec2-full-access.json",
                6,
                17,
                "error",
                "the admin page shows AWS's own EC2 full-access policy",
                "a [[snippets]] rule in procdoc.toml"
            ),
            (
                "wildcard-resource",
                "source/monitoring.rst",
                14,
                99,
                "error",
                "read-only role for the monitoring page",
                "source/monitoring.rst:7"
            ),
        ]
    );
    // The human format does not print them; the summary counts them.
    let human = procdoc_test(&fixture("real-policies"), &[]);
    assert_eq!(human.code, 0);
    assert!(
        !human.stderr.contains("ec2-full-access"),
        "{}",
        human.stderr
    );
    assert!(
        human.stdout.contains("; 2 finding(s) allowed\n"),
        "{}",
        human.stdout
    );
}

#[test]
fn junit_lists_allowed_findings_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("junit.xml");
    let run = procdoc_test(
        &fixture("real-policies"),
        &["--junit", xml_path.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = parse_xml(&std::fs::read_to_string(&xml_path).unwrap()).unwrap();
    assert_eq!(doc.attr("failures"), Some("0"));
    let case = doc.children[0]
        .children
        .iter()
        .find(|c| c.attr("name") == Some("source/monitoring.rst:11"))
        .unwrap_or_else(|| panic!("{doc:?}"));
    assert!(case.child("failure").is_none());
    assert_eq!(
        case.child("system-out").unwrap().text,
        "allowed (source/monitoring.rst:7): source/monitoring.rst:14:99: Resource \"*\" lets kms:DescribeKey, kms:GetKeyRotationStatus use every KMS key in the account [wildcard-resource] (at /Statement/0/Resource) -- reason: read-only role for the monitoring page"
    );
}

#[test]
fn wrong_allows_are_errors_and_allow_nothing() {
    let run = json_run("allow-errors");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let invalid: Vec<(String, u64, u64, String, String)> = run
        .diags()
        .iter()
        .filter(|d| d["code"] == "invalid-allow")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("procdoc.toml", 9, 10, "error", "[[snippets]] allow needs a reason"),
        ("procdoc.toml", 9, 10, "error", "unknown lint `wildcard-actoin` in allow"),
        ("procdoc.toml", 15, 10, "error", "`principal-in-identity-policy` cannot be allowed: IAM rejects such a policy, so the finding stays an error"),
        ("source/index.rst", 8, 1, "error", "an allow needs a reason after ` -- `"),
        ("source/index.rst", 14, 1, "error", "unknown lint `wildcard-resorce` in allow"),
        ("source/index.rst", 20, 1, "warning", "this `.. procdoc: allow` comment applies to nothing: no code block follows it"),
    ];
    let want: Vec<(String, u64, u64, String, String)> = want
        .iter()
        .map(|(f, l, c, s, m)| (f.to_string(), *l, *c, s.to_string(), m.to_string()))
        .collect();
    assert_eq!(invalid, want);
    let typo = run
        .diags()
        .into_iter()
        .find(|d| d["message"] == "unknown lint `wildcard-resorce` in allow")
        .unwrap();
    assert!(typo["help"]
        .as_str()
        .unwrap()
        .starts_with("did you mean `wildcard-resource`?"));
    // The findings they meant to allow are still reported, as errors.
    assert_findings(
        &run,
        "includes/principal.json",
        &[
            (
                "schema-violation",
                4,
                38,
                Some("/Statement/0/Principal"),
                Some(IDENTITY),
            ),
            (
                "principal-in-identity-policy",
                4,
                38,
                Some("/Statement/0/Principal"),
                Some(IDENTITY),
            ),
        ],
    );
    let errors: Vec<String> = run
        .diags()
        .iter()
        .filter(|d| d["file"] == "source/index.rst" && d["code"] != "invalid-allow")
        .map(|d| format!("{} {}", d["severity"], d["code"]))
        .collect();
    assert_eq!(
        errors,
        [
            "\"error\" \"wildcard-action\"",
            "\"error\" \"wildcard-resource\""
        ]
    );
    assert!(allowed_lines(&run).is_empty());
}

#[test]
fn json_nested_too_deep_or_with_huge_numbers_says_the_real_limit() {
    // Issue 8 item 16: these were "invalid JSON". They are valid JSON that
    // serde_json cannot hold: a warning naming the limit, and skipped.
    let run = json_run("json-limits");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let got: Vec<(String, u64, String)> = run
        .diags()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("json-limit".to_string(), 7, "warning".to_string()),
            ("json-limit".to_string(), 11, "warning".to_string()),
        ]
    );
    let diags = run.diags();
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("procdoc reads JSON nested up to 127 levels (serde_json's recursion limit)"));
    assert!(diags[1]["message"]
        .as_str()
        .unwrap()
        .contains("a number beyond ±1.8e308"));
    assert!(diags[0]["help"]
        .as_str()
        .unwrap()
        .contains("6,144 characters for a managed policy"));
    // 127 levels is read (syntax only).
    assert!(
        run.stderr
            .ends_with("snippets: 1 passed, 0 failed, 2 skipped\n"),
        "{}",
        run.stderr
    );
}
