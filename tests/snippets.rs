//! `procdoc test` end to end: every check with a snippet that fails it and
//! one that passes, positions mapped back to the source (literalincludes,
//! `:lines:`, inline blocks dedented inside a directive inside a list, JSONC),
//! the three output formats, JUnit, exit codes and the bundled project.
//!
//! Fixture projects live in `tests/snippets/`:
//! - `fail/`: every snippet fails one check (one file or page per check);
//! - `pass/`: the passing twins, including the cases other policy validators
//!   get wrong, plus one JSON5 block (skipped);
//! - `warning-only/`, `unknown-schema/`, `missing-include/`: exit codes;
//! - `partial-include/`: an excerpt and the whole of one file, both checked;
//! - `real-policies/`: one policy per class AWS publishes and IAM accepts
//!   (issue 12), with the warnings and allows they get;
//! - `allow-errors/`: allows that are wrong; `json-limits/`: valid JSON
//!   beyond what procdoc reads.
//!
//! Findings are read from `--message-format json` (one object per line) and
//! compared on `code`, `file`, `line`, `column`, `pointer` and `schema`.

use assert_cmd::Command;
use procdoc::snippets::{Status, TestReport};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const IDENTITY: &str = "aws-iam-identity-policy";
const RESOURCE: &str = "aws-iam-resource-policy";
const WIDGET: &str = "schemas/widget.schema.json";

// ---------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snippets")
        .join(name)
}

/// One `procdoc test` run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The findings of a `--message-format json` run.
    fn diags(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    /// The findings in one file, in output order.
    fn diags_in(&self, file: &str) -> Vec<Value> {
        self.diags()
            .into_iter()
            .filter(|d| d["file"] == file)
            .collect()
    }
}

/// Generous: only a hang takes this long, so a hang fails instead of stalling the suite.
const HANG_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

fn procdoc_test(root: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("procdoc")
        .expect("procdoc binary")
        .arg("test")
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(HANG_TIMEOUT)
        .output()
        .expect("run procdoc");
    let Some(code) = out.status.code() else {
        panic!(
            "procdoc test on {} did not exit by itself within {HANG_TIMEOUT:?} (killed: {:?})",
            root.display(),
            out.status
        );
    };
    Run {
        code,
        stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    }
}

fn json_run(name: &str) -> Run {
    procdoc_test(&fixture(name), &["--message-format", "json"])
}

/// The `fail` project's JSON run, shared by the tests that read it.
fn fail() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| json_run("fail"))
}

/// What a finding must be: code, line, column, pointer, schema.
type Want<'a> = (&'a str, u64, u64, Option<&'a str>, Option<&'a str>);

/// Asserts the findings in `file` are exactly `want`, in order.
#[track_caller]
fn assert_findings(run: &Run, file: &str, want: &[Want<'_>]) {
    let diags = run.diags_in(file);
    let got: Vec<Want<'_>> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["pointer"].as_str(),
                d["schema"].as_str(),
            )
        })
        .collect();
    assert_eq!(got, want, "findings in {file}; all output:\n{}", run.stdout);
}

/// The single finding in `file` with `code` (panics unless exactly one).
#[track_caller]
fn only(run: &Run, file: &str, code: &str) -> Value {
    let mut found: Vec<Value> = run
        .diags_in(file)
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect();
    assert_eq!(found.len(), 1, "{code} in {file}:\n{}", run.stdout);
    found.remove(0)
}

/// Runs the checks through the library, for what the CLI does not print
/// (the schema and status of passing snippets).
fn lib_report(name: &str) -> TestReport {
    let (project, _) = procdoc::project::Project::load(&fixture(name)).expect("project loads");
    let site = procdoc::site::load_site(&project);
    let mut schemas = procdoc::snippets::schemas::SchemaSet::builtin();
    procdoc::snippets::run(&project, &site, &mut schemas)
}

/// `(schema, status)` of the snippet named `file:line`.
#[track_caller]
fn outcome(report: &TestReport, name: &str) -> (Option<String>, Status) {
    let r = report
        .results
        .iter()
        .find(|r| r.snippet.name() == name)
        .unwrap_or_else(|| {
            let names: Vec<String> = report.results.iter().map(|r| r.snippet.name()).collect();
            panic!("no snippet {name}; have {names:?}")
        });
    (r.schema.clone(), r.status.clone())
}

fn passed(schema: Option<&str>) -> (Option<String>, Status) {
    (schema.map(str::to_string), Status::Passed)
}

// ---------------------------------------------------------------------------
// A minimal XML reader: enough to prove the JUnit report is well formed.

#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn unescape_xml(s: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(['&', '<']) {
        out.push_str(&rest[..i]);
        if rest.as_bytes()[i] == b'<' {
            return Err(format!("raw `<` in text: {s:?}"));
        }
        let end = rest[i..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
        let entity = &rest[i + 1..i + end];
        out.push(match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("bad entity &{e};"))?,
            e if e.starts_with('#') => e[1..]
                .parse()
                .ok()
                .and_then(char::from_u32)
                .ok_or_else(|| format!("bad entity &{e};"))?,
            e => return Err(format!("unknown entity &{e};")),
        });
        rest = &rest[i + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

/// Parses one element at the start of `s`; returns it and the rest.
fn parse_element(s: &str) -> Result<(Element, &str), String> {
    let s = s
        .strip_prefix('<')
        .ok_or_else(|| format!("expected `<` at {:?}", &s[..s.len().min(30)]))?;
    let name_len = s.find(|c: char| !is_name_char(c)).unwrap_or(s.len());
    if name_len == 0 {
        return Err(format!("empty tag name at {:?}", &s[..s.len().min(30)]));
    }
    let name = s[..name_len].to_string();
    let mut rest = &s[name_len..];
    let mut attrs: Vec<(String, String)> = Vec::new();
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("/>") {
            let el = Element {
                name,
                attrs,
                children: Vec::new(),
                text: String::new(),
            };
            return Ok((el, r));
        }
        if let Some(r) = rest.strip_prefix('>') {
            rest = r;
            break;
        }
        let k_len = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
        if k_len == 0 {
            return Err(format!(
                "bad attribute in <{name}> at {:?}",
                &rest[..rest.len().min(30)]
            ));
        }
        let key = rest[..k_len].to_string();
        let r = rest[k_len..]
            .strip_prefix("=\"")
            .ok_or_else(|| format!("attribute {key} of <{name}> is not `=\"…\"`"))?;
        let end = r.find('"').ok_or("unterminated attribute")?;
        let value = unescape_xml(&r[..end])?;
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err(format!("duplicate attribute {key} in <{name}>"));
        }
        attrs.push((key, value));
        rest = &r[end + 1..];
    }
    let mut children = Vec::new();
    let mut text = String::new();
    loop {
        let i = rest
            .find('<')
            .ok_or_else(|| format!("<{name}> is never closed"))?;
        text.push_str(&unescape_xml(&rest[..i])?);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("</") {
            let r = r
                .strip_prefix(name.as_str())
                .and_then(|r| r.strip_prefix('>'))
                .ok_or_else(|| format!("<{name}> closed by {:?}", &rest[..rest.len().min(30)]))?;
            let el = Element {
                name,
                attrs,
                children,
                text,
            };
            return Ok((el, r));
        }
        let (child, r) = parse_element(rest)?;
        children.push(child);
        rest = r;
    }
}

/// Parses a whole document (an XML declaration, one root element).
fn parse_xml(doc: &str) -> Result<Element, String> {
    let rest = doc
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let (root, rest) = parse_element(rest.trim_start())?;
    if !rest.trim().is_empty() {
        return Err(format!("content after the root element: {rest:?}"));
    }
    Ok(root)
}

#[test]
fn xml_reader_rejects_malformed_documents() {
    let decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    assert!(parse_xml(&format!("{decl}<a><b x=\"1\"/>t &amp; u</a>")).is_ok());
    for bad in [
        "<a><b></a>",
        "<a x=1/>",
        "<a>&nope;</a>",
        "<a>x & y</a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a/><b/>",
        "<a>",
    ] {
        assert!(parse_xml(&format!("{decl}{bad}")).is_err(), "{bad}");
    }
}

// ---------------------------------------------------------------------------
// The bundled project and exit codes

#[test]
fn bundled_project_passes_with_three_snippets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = procdoc_test(root, &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "checked 3 JSON snippet(s): 3 validated against a schema (2 aws-iam-identity-policy, 1 aws-kms-credentials), 0 syntax only; 0 other code block(s) scanned for secrets; 0 warning(s)\n\
         snippets: 3 passed, 0 failed, 0 skipped\n"
    );
    assert_eq!(run.stderr, "", "no findings");

    // JSON format: no findings on stdout, the summary on stderr.
    let run = procdoc_test(root, &["--message-format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, "");
    assert!(run
        .stderr
        .ends_with("snippets: 3 passed, 0 failed, 0 skipped\n"));
}

#[test]
fn bundled_project_junit_has_one_testcase_per_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("junit.xml");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = procdoc_test(root, &["--junit", xml_path.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = parse_xml(&std::fs::read_to_string(&xml_path).unwrap()).unwrap();
    assert_eq!(doc.attr("tests"), Some("3"));
    assert_eq!(doc.attr("failures"), Some("0"));
    let suite = doc.child("testsuite").unwrap();
    let cases: Vec<(&str, &str)> = suite
        .children
        .iter()
        .map(|c| (c.attr("name").unwrap(), c.attr("classname").unwrap()))
        .collect();
    assert_eq!(
        cases,
        [
            (
                "includes/queryable-encryption/tutorials/automatic/aws/iam-user-policy-minimum.json:1",
                "qe/aws-iam-user"
            ),
            (
                "includes/queryable-encryption/tutorials/automatic/aws/user.rst:70",
                "qe/aws-iam-user"
            ),
            (
                "includes/tutorials/automatic/aws/iam-user-policy-minimum.json:1",
                "csfle/aws-iam-user"
            ),
        ]
    );
}

#[test]
fn exit_codes() {
    // 0: everything passes (warnings allowed); 1: a failure.
    assert_eq!(json_run("pass").code, 0);
    assert_eq!(json_run("warning-only").code, 0);
    assert_eq!(fail().code, 1);
    // 2: a missing --root, a bad option, an unwritable JUnit path.
    let missing = procdoc_test(&fixture("no-such-project"), &[]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot open docs root"),
        "{}",
        missing.stderr
    );
    assert_eq!(missing.stdout, "");
    assert_eq!(
        procdoc_test(&fixture("pass"), &["--message-format", "xml"]).code,
        2
    );
    let dir = tempfile::tempdir().unwrap();
    let bad_junit = dir.path().join("no/such/dir/junit.xml");
    let run = procdoc_test(&fixture("pass"), &["--junit", bad_junit.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write JUnit report"));
}

// ---------------------------------------------------------------------------
// json-syntax

#[test]
fn json_syntax_in_a_literalincluded_file() {
    // Line 5 lacks a comma: serde_json stops at the next key, line 6 column 7.
    assert_findings(
        fail(),
        "includes/syntax/missing-comma.json",
        &[("json-syntax", 6, 7, None, None)],
    );
    let d = only(fail(), "includes/syntax/missing-comma.json", "json-syntax");
    assert_eq!(d["severity"], "error");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("expected `,` or `}`"));
}

#[test]
fn json_syntax_in_a_literalinclude_with_lines_maps_to_the_file_line() {
    // `:lines: 3-8` drops two comment lines: the snippet's line 4 is the
    // file's line 6, where the single quote is (column 35).
    assert_findings(
        fail(),
        "includes/syntax/with-header.json",
        &[("json-syntax", 6, 35, None, None)],
    );
}

#[test]
fn json_syntax_inline_in_a_directive_in_a_list_maps_through_the_dedent() {
    // The block is indented 9 columns (list item, `important`, code-block);
    // the single quote is at snippet line 3 column 22, source line 19 column 31.
    assert_findings(
        fail(),
        "source/inline-syntax.rst",
        &[("json-syntax", 19, 31, None, None)],
    );
}

#[test]
fn jsonc_with_comments_and_trailing_commas_passes() {
    let report = lib_report("pass");
    // `//` inside a string is not a comment; trailing commas in an array and
    // two objects; it is still an identity policy (by shape).
    assert_eq!(
        outcome(&report, "source/inline.rst:13"),
        passed(Some(IDENTITY))
    );
    assert_eq!(
        json_run("pass").diags_in("source/inline.rst"),
        Vec::<Value>::new()
    );
}

#[test]
fn jsonc_findings_point_past_the_comments() {
    // `/* one statement */ "Effect": /* typo */ "Alow"` on source line 12.
    assert_findings(
        fail(),
        "source/jsonc.rst",
        &[(
            "schema-violation",
            12,
            51,
            Some("/Statement/0/Effect"),
            Some(IDENTITY),
        )],
    );
}

// ---------------------------------------------------------------------------
// Schemas

#[test]
fn schema_violation_reports_pointer_and_schema() {
    assert_findings(
        fail(),
        "includes/identity/effect-typo.json",
        &[(
            "schema-violation",
            5,
            17,
            Some("/Statement/0/Effect"),
            Some(IDENTITY),
        )],
    );
    let d = only(
        fail(),
        "includes/identity/effect-typo.json",
        "schema-violation",
    );
    assert_eq!(
        d["message"],
        "Effect must be \"Allow\" or \"Deny\"; found \"Alow\""
    );
    // The passing twin, under the same rule.
    let report = lib_report("pass");
    assert_eq!(
        outcome(&report, "includes/identity/govcloud.json:1"),
        passed(Some(IDENTITY))
    );
}

#[test]
fn schema_chosen_by_glob_overrides_the_shape() {
    // includes/identity/principal.json has a Principal (the shape of a
    // resource policy) but the [[snippets]] glob says identity policy.
    let diags = fail().diags_in("includes/identity/principal.json");
    assert!(!diags.is_empty());
    assert!(diags.iter().all(|d| d["schema"] == IDENTITY), "{diags:?}");
}

#[test]
fn schema_detected_by_shape_for_a_resource_policy() {
    // No rule matches includes/shape/: the Principal makes it a resource
    // policy, so the Sids with spaces and `kms:*` on "*" are fine; only the
    // misspelt action is reported.
    assert_findings(
        fail(),
        "includes/shape/key-policy-typo.json",
        &[(
            "unknown-action",
            16,
            33,
            Some("/Statement/1/Action/1"),
            Some(RESOURCE),
        )],
    );
    let report = lib_report("pass");
    assert_eq!(
        outcome(&report, "includes/key-policy.json:1"),
        passed(Some(RESOURCE))
    );
    // Credentials are recognised by their fields, too.
    assert_eq!(
        outcome(&report, "source/inline.rst:29"),
        passed(Some("aws-kms-credentials"))
    );
    // An unknown shape is checked for syntax only.
    assert_eq!(outcome(&report, "source/inline.rst:54"), passed(None));
}

#[test]
fn user_schema_file_by_path() {
    assert_findings(
        fail(),
        "includes/widgets/bad-widget.json",
        &[("schema-violation", 3, 11, Some("/size"), Some(WIDGET))],
    );
    let d = only(
        fail(),
        "includes/widgets/bad-widget.json",
        "schema-violation",
    );
    assert_eq!(d["message"], "size must be an integer; found \"big\"");
    let report = lib_report("pass");
    assert_eq!(
        outcome(&report, "includes/widgets/good-widget.json:1"),
        passed(Some(WIDGET))
    );
}

#[test]
fn unknown_schema_in_config_is_schema_invalid() {
    let run = json_run("unknown-schema");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let diags = run.diags();
    assert_eq!(diags.len(), 1, "{}", run.stdout);
    let d = &diags[0];
    assert_eq!(d["code"], "schema-invalid");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "procdoc.toml");
    // At the rule's `schema = "…"` value.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(7), Some(10))
    );
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("aws-iam-identty-policy"));
    assert_eq!(
        d["help"],
        "did you mean the built-in `aws-iam-identity-policy`?"
    );
    assert!(run.stderr.contains(
        "1 error(s) outside snippets (config, allow comments, pages that failed to load)"
    ));
}

// ---------------------------------------------------------------------------
// Policy lints

#[test]
fn unknown_action() {
    assert_findings(
        fail(),
        "includes/identity/unknown-action.json",
        &[(
            "unknown-action",
            6,
            33,
            Some("/Statement/0/Action/1"),
            Some(IDENTITY),
        )],
    );
    let d = only(
        fail(),
        "includes/identity/unknown-action.json",
        "unknown-action",
    );
    assert_eq!(d["message"], "\"kms:Encrpyt\" is not a KMS action");
    assert_eq!(d["help"], "did you mean \"kms:Encrypt\"?");
}

#[test]
fn wildcard_actions() {
    assert_findings(
        fail(),
        "includes/identity/wildcard-actions.json",
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
                27,
                Some("/Statement/0/Action/1"),
                Some(IDENTITY),
            ),
            (
                "wildcard-action",
                6,
                32,
                Some("/Statement/0/Action/2"),
                Some(IDENTITY),
            ),
        ],
    );
    let diags = fail().diags_in("includes/identity/wildcard-actions.json");
    let messages: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("all 56 KMS actions"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("every action of every AWS service"));
    assert!(messages[2].contains("kms:Encrypt"), "{}", messages[2]);
}

#[test]
fn wildcard_resource() {
    assert_findings(
        fail(),
        "includes/identity/wildcard-resource.json",
        &[(
            "wildcard-resource",
            7,
            19,
            Some("/Statement/0/Resource"),
            Some(IDENTITY),
        )],
    );
    let d = only(
        fail(),
        "includes/identity/wildcard-resource.json",
        "wildcard-resource",
    );
    assert!(d["message"].as_str().unwrap().contains("kms:Encrypt"));
}

#[test]
fn invalid_resource_arns_s3_and_alias() {
    assert_findings(
        fail(),
        "includes/identity/invalid-arns.json",
        &[
            (
                "invalid-resource-arn",
                8,
                9,
                Some("/Statement/0/Resource/0"),
                Some(IDENTITY),
            ),
            (
                "invalid-resource-arn",
                9,
                9,
                Some("/Statement/0/Resource/1"),
                Some(IDENTITY),
            ),
        ],
    );
    let diags = fail().diags_in("includes/identity/invalid-arns.json");
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("service \"s3\""));
    assert!(diags[1]["message"]
        .as_str()
        .unwrap()
        .contains("an alias ARN applies to the alias, not the key"));
    // The shared snippet's account is not 12 digits.
    assert_findings(
        fail(),
        "includes/shared/policy.json",
        &[(
            "invalid-resource-arn",
            7,
            19,
            Some("/Statement/0/Resource"),
            Some(IDENTITY),
        )],
    );
}

#[test]
fn principal_in_identity_policy_is_a_schema_violation_and_a_lint_error() {
    // A validator without a notion of policy type misses this; IAM rejects it.
    assert_findings(
        fail(),
        "includes/identity/principal.json",
        &[
            (
                "schema-violation",
                6,
                20,
                Some("/Statement/0/Principal"),
                Some(IDENTITY),
            ),
            (
                "principal-in-identity-policy",
                6,
                20,
                Some("/Statement/0/Principal"),
                Some(IDENTITY),
            ),
        ],
    );
}

#[test]
fn duplicate_sid() {
    assert_findings(
        fail(),
        "includes/identity/duplicate-sid.json",
        &[(
            "duplicate-sid",
            11,
            14,
            Some("/Statement/1/Sid"),
            Some(IDENTITY),
        )],
    );
    let d = only(
        fail(),
        "includes/identity/duplicate-sid.json",
        "duplicate-sid",
    );
    assert!(d["message"].as_str().unwrap().contains("/Statement/0"));
    // The passing twin has one Sid.
    assert_eq!(
        outcome(
            &lib_report("pass"),
            "includes/pinned/least-privilege.json:1"
        ),
        passed(Some(IDENTITY))
    );
}

#[test]
fn missing_version_is_only_a_warning() {
    assert_findings(
        fail(),
        "includes/identity/no-version.json",
        &[("missing-version", 1, 1, Some(""), Some(IDENTITY))],
    );
    assert_eq!(
        only(
            fail(),
            "includes/identity/no-version.json",
            "missing-version"
        )["severity"],
        "warning"
    );
    // Alone, it does not fail the run.
    let run = json_run("warning-only");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_findings(
        &run,
        "includes/no-version.json",
        &[("missing-version", 1, 1, Some(""), Some(IDENTITY))],
    );
    assert_eq!(run.diags().len(), 1);
    assert!(
        run.stderr
            .contains("; 1 warning(s)\nsnippets: 1 passed, 0 failed, 0 skipped"),
        "{}",
        run.stderr
    );
}

#[test]
fn pinned_actions() {
    // Pinned: kms:Encrypt, kms:Decrypt. Granted: kms:Decrypt, kms:GenerateDataKey.
    assert_findings(
        fail(),
        "includes/pinned/too-much.json",
        &[
            ("pinned-actions", 3, 16, Some("/Statement"), Some(IDENTITY)),
            (
                "pinned-actions",
                6,
                33,
                Some("/Statement/0/Action/1"),
                Some(IDENTITY),
            ),
        ],
    );
    let diags = fail().diags_in("includes/pinned/too-much.json");
    assert_eq!(
        diags[0]["message"],
        "the policy does not list the pinned action kms:Encrypt"
    );
    assert!(diags[1]["message"]
        .as_str()
        .unwrap()
        .contains("\"kms:GenerateDataKey\" is not one of the pinned actions"));
}

#[test]
fn key_policy_sid_action_case_govcloud_single_statement_and_pinned_order_pass() {
    let report = lib_report("pass");
    for (name, schema) in [
        // A key policy's Sid with spaces (valid in a resource-based policy).
        ("includes/key-policy.json:1", RESOURCE),
        // `KMS:encrypt` / `kms:DECRYPT`: actions are case-insensitive.
        ("includes/identity/case-insensitive.json:1", IDENTITY),
        // A GovCloud key ARN.
        ("includes/identity/govcloud.json:1", IDENTITY),
        // Statement as a single object.
        ("includes/identity/single-statement.json:1", IDENTITY),
        // Exactly the pinned actions, in another order.
        ("includes/pinned/least-privilege.json:1", IDENTITY),
    ] {
        assert_eq!(outcome(&report, name), passed(Some(schema)), "{name}");
        assert!(
            report
                .results
                .iter()
                .find(|r| r.snippet.name() == name)
                .unwrap()
                .diags
                .is_empty(),
            "{name}"
        );
    }
    // …while an alias ARN (not valid for kms:Encrypt) and a Principal in an
    // identity policy fail: see invalid_resource_arns_s3_and_alias and
    // principal_in_identity_policy_is_a_schema_violation_and_a_lint_error.
}

// ---------------------------------------------------------------------------
// Secrets

#[test]
fn secrets_in_any_code_block() {
    assert_findings(
        fail(),
        "source/secrets.rst",
        &[
            // code-block:: python
            ("secret-in-snippet", 10, 27, None, None),
            ("secret-in-snippet", 11, 31, None, None),
            // code-block:: text
            ("secret-in-snippet", 16, 4, None, None),
            // code-block:: javascript
            ("secret-in-snippet", 23, 72, None, None),
        ],
    );
    let diags = fail().diags_in("source/secrets.rst");
    let what: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        what,
        [
            "this code block contains an AWS access key id",
            "this code block contains an AWS secret access key",
            "this code block contains a PEM private key",
            "this code block contains a GCP service-account private key",
        ]
    );
    // The spans cover the secret: 20-character key id, 40-character secret.
    assert_eq!(diags[0]["end_column"], 47);
    assert_eq!(diags[1]["end_column"], 71);
    // And in a literalincluded JSON file (which passes its schema otherwise).
    assert_findings(
        fail(),
        "includes/credentials/leaked.json",
        &[
            ("secret-in-snippet", 2, 19, None, None),
            ("secret-in-snippet", 3, 23, None, None),
        ],
    );
}

#[test]
fn placeholders_are_not_secrets() {
    let report = lib_report("pass");
    // The credentials JSON and the python block use `<temporary access key ID>`.
    assert_eq!(
        outcome(&report, "source/inline.rst:29"),
        passed(Some("aws-kms-credentials"))
    );
    assert_eq!(report.other_blocks_scanned, 1, "the python block, clean");
    assert!(report.results.iter().all(|r| r.diags.is_empty()));
}

// ---------------------------------------------------------------------------
// Reports and project-level behaviour

#[test]
fn shared_snippet_is_checked_once_and_lists_both_pages() {
    // Two pages literalinclude includes/shared/policy.json: one finding.
    assert_eq!(fail().diags_in("includes/shared/policy.json").len(), 1);
    let report = lib_report("fail");
    let shared: Vec<_> = report
        .results
        .iter()
        .filter(|r| r.snippet.holder == "includes/shared/policy.json")
        .collect();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].snippet.pages, ["shared-a", "shared-b"]);
    // JUnit shows the pages as the classname.
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("junit.xml");
    procdoc_test(&fixture("fail"), &["--junit", xml_path.to_str().unwrap()]);
    let doc = parse_xml(&std::fs::read_to_string(&xml_path).unwrap()).unwrap();
    let case = doc.children[0]
        .children
        .iter()
        .find(|c| c.attr("name") == Some("includes/shared/policy.json:1"))
        .expect("shared testcase");
    assert_eq!(case.attr("classname"), Some("shared-a shared-b"));
}

#[test]
fn json5_is_reported_as_skipped() {
    let report = lib_report("pass");
    assert_eq!(
        outcome(&report, "source/inline.rst:48"),
        (
            None,
            Status::Skipped("JSON5 snippets are not checked".into())
        )
    );
    let run = procdoc_test(&fixture("pass"), &[]);
    assert!(
        run.stdout
            .ends_with("snippets: 9 passed, 0 failed, 1 skipped\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn missing_literalinclude_fails_the_run() {
    let run = json_run("missing-include");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let diags = run.diags();
    assert_eq!(diags.len(), 1, "{}", run.stdout);
    assert_eq!(diags[0]["code"], "include-not-found");
    assert_eq!(diags[0]["file"], "source/index.rst");
    assert_eq!(diags[0]["line"], 5);
    assert_eq!(diags[0]["column"], 21);
    // The page's other snippet is still checked, and passes.
    assert!(run.stderr.contains("1 error(s) outside snippets"));
    assert!(run
        .stderr
        .ends_with("snippets: 1 passed, 0 failed, 0 skipped\n"));
}

#[test]
fn junit_is_well_formed_with_counts_and_failures() {
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("junit.xml");
    let run = procdoc_test(
        &fixture("fail"),
        &[
            "--message-format",
            "json",
            "--junit",
            xml_path.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    let xml = std::fs::read_to_string(&xml_path).unwrap();
    let doc = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(doc.name, "testsuites");
    // 18 JSON snippets and 3 other code blocks holding secrets; one passes
    // (no-version.json: a warning only).
    assert_eq!(doc.attr("tests"), Some("21"));
    assert_eq!(doc.attr("failures"), Some("20"));
    assert_eq!(doc.attr("skipped"), Some("0"));
    let suite = doc.child("testsuite").unwrap();
    assert_eq!(suite.attr("tests"), Some("21"));
    assert_eq!(suite.children.len(), 21);
    assert!(suite.children.iter().all(|c| c.name == "testcase"));
    let failing = suite
        .children
        .iter()
        .filter(|c| c.child("failure").is_some())
        .count();
    assert_eq!(failing, 20);
    let case = suite
        .children
        .iter()
        .find(|c| c.attr("name") == Some("includes/identity/effect-typo.json:1"))
        .unwrap();
    assert_eq!(case.attr("classname"), Some("policies"));
    let failure = case.child("failure").unwrap();
    let line = "includes/identity/effect-typo.json:5:17: Effect must be \"Allow\" or \"Deny\"; found \"Alow\" [schema-violation] (at /Statement/0/Effect)";
    assert_eq!(failure.attr("message"), Some(line));
    assert_eq!(failure.text, line);
    // The warning goes to system-out of a passing testcase.
    let case = suite
        .children
        .iter()
        .find(|c| c.attr("name") == Some("includes/identity/no-version.json:1"))
        .unwrap();
    assert!(case.child("failure").is_none());
    assert!(case
        .child("system-out")
        .unwrap()
        .text
        .contains("[missing-version]"));
    // JSON5 skipped in the pass project.
    let run = procdoc_test(&fixture("pass"), &["--junit", xml_path.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    let doc = parse_xml(&std::fs::read_to_string(&xml_path).unwrap()).unwrap();
    assert_eq!(
        (doc.attr("tests"), doc.attr("failures"), doc.attr("skipped")),
        (Some("10"), Some("0"), Some("1"))
    );
    let skipped: Vec<_> = doc.children[0]
        .children
        .iter()
        .filter_map(|c| c.child("skipped"))
        .collect();
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        skipped[0].attr("message"),
        Some("JSON5 snippets are not checked")
    );
}

#[test]
fn junit_counts_a_page_that_failed_to_load() {
    let dir = tempfile::tempdir().unwrap();
    let xml_path = dir.path().join("junit.xml");
    procdoc_test(
        &fixture("missing-include"),
        &["--junit", xml_path.to_str().unwrap()],
    );
    let doc = parse_xml(&std::fs::read_to_string(&xml_path).unwrap()).unwrap();
    assert_eq!(
        (doc.attr("tests"), doc.attr("failures")),
        (Some("2"), Some("1"))
    );
    let project = doc
        .children
        .iter()
        .find(|s| s.attr("name") == Some("project"))
        .expect("project testsuite");
    let failure = project.children[0].child("failure").unwrap();
    assert!(
        failure.text.contains("[include-not-found]"),
        "{}",
        failure.text
    );
}

#[test]
fn github_format_prints_annotations() {
    let run = procdoc_test(&fixture("fail"), &["--message-format", "github"]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), fail().diags().len());
    assert!(lines.contains(
        &"::error file=includes/identity/effect-typo.json,line=5,col=17,endLine=5,endColumn=18,title=schema-violation::Effect must be \"Allow\" or \"Deny\"; found \"Alow\" [schema-violation]"
    ), "{}", run.stdout);
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::error file=source/inline-syntax.rst,line=19,col=31,")));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("::warning file=includes/identity/no-version.json,line=1,col=1,")));
    // Every line is an annotation; help text stays on the line (%0A).
    assert!(lines
        .iter()
        .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
    assert!(run
        .stderr
        .contains("snippets: 1 passed, 20 failed, 0 skipped"));
}

#[test]
fn human_format_prints_findings_and_summary() {
    let run = procdoc_test(&fixture("fail"), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error[schema-violation]"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("includes/identity/effect-typo.json:5:17"));
    assert!(run
        .stdout
        .ends_with("snippets: 1 passed, 20 failed, 0 skipped\n"));
}

#[test]
fn fail_project_reports_exactly_these_findings() {
    let run = fail();
    assert_eq!(run.code, 1);
    let got: BTreeSet<(String, String)> = run
        .diags()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want: BTreeSet<(String, String)> = [
        ("includes/credentials/leaked.json", "secret-in-snippet"),
        ("includes/identity/duplicate-sid.json", "duplicate-sid"),
        ("includes/identity/effect-typo.json", "schema-violation"),
        (
            "includes/identity/invalid-arns.json",
            "invalid-resource-arn",
        ),
        ("includes/identity/no-version.json", "missing-version"),
        (
            "includes/identity/principal.json",
            "principal-in-identity-policy",
        ),
        ("includes/identity/principal.json", "schema-violation"),
        ("includes/identity/unknown-action.json", "unknown-action"),
        ("includes/identity/wildcard-actions.json", "wildcard-action"),
        (
            "includes/identity/wildcard-resource.json",
            "wildcard-resource",
        ),
        ("includes/pinned/too-much.json", "pinned-actions"),
        ("includes/shape/key-policy-typo.json", "unknown-action"),
        ("includes/shared/policy.json", "invalid-resource-arn"),
        ("includes/syntax/missing-comma.json", "json-syntax"),
        ("includes/syntax/with-header.json", "json-syntax"),
        ("includes/widgets/bad-widget.json", "schema-violation"),
        ("source/constants.rst", "schema-violation"),
        ("source/inline-syntax.rst", "json-syntax"),
        ("source/jsonc.rst", "schema-violation"),
        ("source/secrets.rst", "secret-in-snippet"),
    ]
    .iter()
    .map(|(f, c)| (f.to_string(), c.to_string()))
    .collect();
    assert_eq!(got, want);
    assert_eq!(run.diags().len(), 28);
    // Every finding is an error but the missing Version.
    for d in run.diags() {
        let want = if d["code"] == "missing-version" {
            "warning"
        } else {
            "error"
        };
        assert_eq!(d["severity"], want, "{d}");
    }
    assert!(run
        .stderr
        .ends_with("snippets: 1 passed, 20 failed, 0 skipped\n"));
}

#[test]
fn pass_project_passes_cleanly() {
    let run = procdoc_test(&fixture("pass"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        "checked 10 JSON snippet(s): 8 validated against a schema (5 aws-iam-identity-policy, 1 aws-iam-resource-policy, 1 aws-kms-credentials, 1 schemas/widget.schema.json), 1 syntax only; 1 other code block(s) scanned for secrets; 0 warning(s)\n\
         snippets: 9 passed, 0 failed, 1 skipped\n"
    );
}

// ---------------------------------------------------------------------------
// Regressions: bugs found while writing these tests, now fixed.

#[test]
fn constant_before_a_finding_does_not_shift_the_column() {
    // source/constants.rst line 7: `… "Id": "{+product+}", … "Effect": "Alow" …`.
    // "Alow" is at column 76 of the file; procdoc once reported 85 (76 + 9,
    // the growth of "{+product+}" into "Queryable Encryption").
    assert_findings(
        fail(),
        "source/constants.rst",
        &[(
            "schema-violation",
            7,
            76,
            Some("/Statement/0/Effect"),
            Some(IDENTITY),
        )],
    );
}

#[test]
fn partial_and_whole_literalinclude_of_one_file_are_both_checked() {
    // a-excerpt.rst shows lines 1-4 (valid); b-whole.rst shows the whole
    // file, which has a second top-level value on line 5 ("trailing
    // characters"). procdoc once keyed snippets by (file, start offset),
    // kept only the excerpt, listed both pages on it and exited 0.
    let run = json_run("partial-include");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_findings(
        &run,
        "includes/policy.json",
        &[("json-syntax", 5, 1, None, None)],
    );
}

#[test]
fn summary_counts_secret_blocks_as_other_blocks() {
    // fail/ has 18 JSON snippets and 3 other code blocks (python, text,
    // javascript), each holding a secret. procdoc once printed "checked 21
    // JSON snippet(s) … 0 other code block(s) scanned for secrets".
    let run = fail();
    assert!(
        run.stderr.starts_with("checked 18 JSON snippet(s):"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("; 3 other code block(s) scanned for secrets;"));
}

#[test]
fn duplicate_key_is_reported_where_the_repeat_stands() {
    // serde_json (and so schema checks) only see the last `Statement`;
    // IAM rejects the document.
    let run = json_run("duplicate-key");
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let d = only(&run, "source/index.rst", "duplicate-key");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(11), Some(6))
    );
    assert_eq!(d["pointer"], "/Statement");
}

#[path = "snippets/policy_classes.rs"]
mod policy_classes;
