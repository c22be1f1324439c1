//! Integration tests for the variant differ (`procdoc diff`), through the
//! library API: the bundled CSFLE/QE pair (with snapshots of every output
//! format), small fixture projects under `tests/diff/`, folder pairing, the
//! site pages, and hostile input.

mod common;

use procdoc::diag::Code;
use procdoc::diff::{self, Class, DiffReport, DiffRequest, DiffSet, PairDirsRequest, Status};
use procdoc::project::Project;
use procdoc::render::templates::Templates;
use std::path::{Path, PathBuf};

const CSFLE: &str = "includes/tutorials/automatic/aws/user.rst";
const QE: &str = "includes/queryable-encryption/tutorials/automatic/aws/user.rst";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn project(root: &Path) -> Project {
    Project::load(root).expect("project loads").0
}

fn corpus() -> PathBuf {
    common::corpus_project("mongodb-docs-extract")
}

fn fixture(name: &str) -> Project {
    project(&manifest().join("tests/diff").join(name))
}

fn diff_pair(p: &Project, left: &str, right: &str, show_markup: bool) -> DiffReport {
    diff::diff_files(
        p,
        &DiffRequest {
            left: left.into(),
            right: right.into(),
            equivalent: diff::configured_rules(p, left, right),
            show_markup,
        },
    )
    .expect("diff runs")
}

fn fixture_report(name: &str) -> DiffReport {
    diff_pair(&fixture(name), "left.rst", "right.rst", false)
}

fn bundled_report(show_markup: bool) -> DiffReport {
    diff_pair(&project(&manifest()), CSFLE, QE, show_markup)
}

fn exit_code(r: &DiffReport) -> u8 {
    DiffSet::from(r.clone()).exit_code()
}

fn drift_steps(r: &DiffReport) -> Vec<String> {
    r.steps
        .iter()
        .filter(|s| s.status.is_drift())
        .map(|s| s.title())
        .collect()
}

// ---------- the bundled pair ----------

#[test]
fn bundled_pair_reports_three_aligned_steps_and_drift_in_the_third_only() {
    let r = bundled_report(false);
    assert_eq!(r.steps.len(), 3);
    for (i, s) in r.steps.iter().enumerate() {
        assert_eq!(s.left.as_ref().unwrap().number, Some(i + 1));
        assert_eq!(s.right.as_ref().unwrap().number, Some(i + 1));
        assert!(!s.moved);
    }
    assert_eq!(r.steps[0].status, Status::Equal);
    assert_eq!(r.steps[1].status, Status::Expected);
    assert_eq!(r.steps[2].status, Status::Changed);
    assert_eq!(drift_steps(&r), vec!["3. Grant Permissions"]);
    assert!(r.has_drift());
    assert_eq!(exit_code(&r), 1);

    let step3 = &r.steps[2];
    let drift: Vec<_> = step3
        .differences
        .iter()
        .filter(|d| d.class.is_drift())
        .collect();
    // Every drift is inside the "Authenticate with IAM Roles in Production" box.
    for d in &drift {
        assert_eq!(
            d.context,
            vec!["important “Authenticate with IAM Roles in Production”"],
            "{d:?}"
        );
    }
    let changed: Vec<_> = drift.iter().filter(|d| d.class == Class::Changed).collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].left.text.as_deref(), Some("by using"));
    assert_eq!(changed[0].right.text.as_deref(), Some("through"));
    assert_eq!(changed[0].left.at.file, CSFLE);
    assert_eq!(
        (changed[0].left.at.line, changed[0].left.at.column),
        (58, 40)
    );
    assert_eq!(changed[0].right.at.file, QE);
    assert_eq!(
        (changed[0].right.at.line, changed[0].right.at.column),
        (61, 41)
    );

    let only_right: Vec<&str> = drift
        .iter()
        .filter(|d| d.class == Class::OnlyRight)
        .map(|d| d.what.as_str())
        .collect();
    assert_eq!(
        only_right,
        vec![
            "paragraph",
            "code (json)",
            "paragraph",
            "bullet list",
            "paragraph",
            "paragraph",
            "bullet list"
        ]
    );
    assert!(drift.iter().all(|d| d.class != Class::OnlyLeft));
    let code = drift.iter().find(|d| d.what == "code (json)").unwrap();
    assert!(code.right.text.as_deref().unwrap().contains("sessionToken"));
    assert_eq!(code.right.at.line, 68);
    assert_eq!(
        code.left.text, None,
        "absent on the left: an insertion point"
    );
    assert_eq!(code.left.at.file, CSFLE);
}

#[test]
fn bundled_pair_expected_differences_are_explained() {
    let r = bundled_report(false);
    let expected: Vec<(String, Option<String>, Option<String>)> = r
        .steps
        .iter()
        .flat_map(|s| &s.differences)
        .filter(|d| d.class == Class::Expected)
        .map(|d| (d.what.clone(), d.left.text.clone(), d.right.text.clone()))
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        expected,
        vec![
            (
                "label".into(),
                s("csfle-tutorial-aws-create-iam-user"),
                s("qe-tutorial-aws-create-iam-user")
            ),
            (
                "paragraph".into(),
                s("CSFLE-enabled"),
                s("Queryable Encryption enabled")
            ),
            (
                "ref target".into(),
                s("aws-create-master-key"),
                s("qe-aws-create-master-key")
            ),
            (
                "literalinclude path".into(),
                s("includes/tutorials/automatic/aws/iam-user-policy-minimum.json"),
                s("includes/queryable-encryption/tutorials/automatic/aws/iam-user-policy-minimum.json")
            ),
            (
                "paragraph".into(),
                s("CSFLE-enabled"),
                s("Queryable Encryption enabled")
            ),
        ]
    );
    // The rule as written uses a constant; it is expanded like in pages.
    assert!(r.rules.contains(&[
        "CSFLE-enabled".into(),
        "Queryable Encryption enabled".into()
    ]));
    let path = r
        .steps
        .iter()
        .flat_map(|s| &s.differences)
        .find(|d| d.what == "literalinclude path")
        .unwrap();
    assert_eq!(
        path.note.as_deref(),
        Some("the included files are identical")
    );
    // The constant's words point at the `{+qe+}` reference on the right.
    let qe = r.steps[1]
        .differences
        .iter()
        .find(|d| d.what == "paragraph")
        .unwrap();
    assert_eq!((qe.right.at.line, qe.right.at.column), (15, 77));
    assert_eq!(qe.left.at.line, 12);
}

#[test]
fn bundled_pair_markup_differences_only_with_show_markup() {
    let plain = bundled_report(false);
    assert_eq!(plain.counts.markup, 0);
    let r = bundled_report(true);
    let markup: Vec<(String, Option<String>)> = r
        .steps
        .iter()
        .flat_map(|s| &s.differences)
        .filter(|d| d.class == Class::Markup)
        .map(|d| (d.what.clone(), d.left.text.clone()))
        .collect();
    assert_eq!(
        markup,
        vec![
            ("step markup".to_string(), Some("list item a.".to_string())),
            ("step markup".to_string(), Some("list item b.".to_string())),
            ("step markup".to_string(), Some("list item c.".to_string())),
        ]
    );
    // Markup never changes the verdict.
    assert_eq!(r.status, plain.status);
    assert_eq!(r.counts.drift(), plain.counts.drift());
}

#[test]
fn bundled_pair_without_rules_makes_the_expected_differences_drift() {
    let p = project(&manifest());
    let r = diff::diff_files(
        &p,
        &DiffRequest {
            left: CSFLE.into(),
            right: QE.into(),
            ..DiffRequest::default()
        },
    )
    .unwrap();
    // Without rules, step 2 drifts (label, CSFLE-enabled), and so does the
    // literalinclude path: targets are compared after the rules, even when
    // the files hold the same text.
    assert_eq!(
        drift_steps(&r),
        vec!["2. Create an IAM User", "3. Grant Permissions"]
    );
    assert_eq!(r.counts.expected, 0);
    let path = r
        .steps
        .iter()
        .flat_map(|s| &s.differences)
        .find(|d| d.what == "literalinclude path")
        .expect("the path difference");
    assert_eq!(path.class, Class::Changed);
    assert_eq!(
        path.note.as_deref(),
        Some("the included files are identical")
    );
}

#[test]
fn bundled_pair_snapshots() {
    let r = bundled_report(false);
    let set = DiffSet::from(r);
    insta::assert_snapshot!("bundled_text", diff::format_text(&set, false));
    insta::assert_snapshot!("bundled_markdown", diff::format_markdown(&set));
    insta::assert_snapshot!("bundled_json", diff::format_json(&set));
    let templates = Templates::defaults();
    let html = diff::format_html(&set, &templates, "In-Use Encryption tutorials", "").unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"_static/procdoc.css\">"));
    // The page around it is the site layout (owned elsewhere): snapshot the report.
    let start = html.find("<div class=\"diff-report\">").unwrap();
    let end = html
        .rfind("</div>\n\n</main>")
        .or_else(|| html.rfind("</main>"))
        .unwrap();
    insta::assert_snapshot!("bundled_html", &html[start..end]);
    let marked = DiffSet::from(bundled_report(true));
    insta::assert_snapshot!("bundled_text_markup", diff::format_text(&marked, false));
}

#[test]
fn text_colour_is_optional() {
    let set = DiffSet::from(bundled_report(false));
    let plain = diff::format_text(&set, false);
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("[-by using-][+through+]"));
    let colored = diff::format_text(&set, true);
    assert!(colored.contains("\x1b[1;31mby using\x1b[0m"));
    assert!(colored.contains("\x1b[1;32mthrough\x1b[0m"));
}

#[test]
fn json_is_a_list_of_aligned_steps_with_locations() {
    let set = DiffSet::from(bundled_report(false));
    let v: serde_json::Value = serde_json::from_str(&diff::format_json(&set)).unwrap();
    assert_eq!(v["status"], "drift");
    assert_eq!(v["exit_code"], 1);
    let steps = v["pairs"][0]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[2]["status"], "changed");
    let d = steps[2]["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["class"] == "changed")
        .unwrap();
    assert_eq!(d["left"]["file"], CSFLE);
    assert_eq!(d["left"]["line"], 58);
    assert_eq!(d["right"]["file"], QE);
    assert_eq!(d["right"]["text"], "through");
    assert_eq!(steps[2]["counts"]["only_right"], 7);
}

#[test]
fn diff_all_uses_the_configured_pairs() {
    let p = project(&manifest());
    let set = diff::diff_all(&p, false);
    assert!(set.errors.is_empty());
    assert_eq!(set.pairs.len(), 1);
    assert_eq!(set.pairs[0].left, CSFLE);
    assert_eq!(set.exit_code(), 1);
}

#[test]
fn site_pages_for_every_configured_pair() {
    let p = project(&manifest());
    let templates = Templates::defaults();
    let site = procdoc::site::load_site(&p);
    let sd = diff::site_pages(&p, &site.pages, &site.summaries, &templates);
    let (pages, diags) = (sd.html, sd.diags);
    assert!(diags.is_empty(), "{diags:?}");
    let md = sd.markdown.expect("the Markdown comparison page");
    assert!(md.contains("Grant Permissions"), "{md}");
    let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "diff/index.html",
            "diff/includes/tutorials/automatic/aws/user.html"
        ]
    );
    let page = &pages[1].html;
    assert!(page.contains("href=\"../../../../../_static/procdoc.css\""));
    assert!(page.contains("<del class=\"diff-w\">by using</del>"));
    assert!(page.contains("<ins class=\"diff-w\">through</ins>"));
    assert!(page.contains("href=\"../../../../../index.html\""));
    assert!(page.contains("href=\"../../../../../diff/index.html\""));
    let index = &pages[0].html;
    assert!(index.contains("href=\"../_static/procdoc.css\""));
    assert!(index.contains("href=\"includes/tutorials/automatic/aws/user.html\""));
    // A config without pairs builds no diff pages.
    let none = diff::site_pages(&fixture("identical"), &[], &[], &templates);
    assert!(none.html.is_empty() && none.markdown.is_none());
}

#[test]
fn stylesheet_has_the_diff_rules() {
    let css = Templates::defaults().stylesheet().to_string();
    assert!(css.contains("/* ---------- diff pages ---------- */"));
    assert!(css.contains(".diff-side"));
}

// ---------- fixtures ----------

#[test]
fn identical_files_have_status_equal_and_no_differences() {
    // The process's exit status is checked in tests/diff_cli.rs.
    let r = fixture_report("identical");
    assert_eq!(r.status, Status::Equal);
    assert_eq!(r.steps.len(), 4, "3 steps and the title before them");
    assert!(r.steps.iter().all(|s| s.differences.is_empty()));
    assert_eq!(exit_code(&r), 0);
    insta::assert_snapshot!(
        "identical_text",
        diff::format_text(&DiffSet::from(r), false)
    );
}

#[test]
fn one_word_changed_reports_only_that_step() {
    let r = fixture_report("word-changed");
    assert_eq!(drift_steps(&r), vec!["2. Create a key vault"]);
    let d = &r.steps[2].differences;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].class, Class::Changed);
    assert_eq!(d[0].left.text.as_deref(), Some("store"));
    assert_eq!(d[0].right.text.as_deref(), Some("hold"));
    assert_eq!((d[0].left.at.line, d[0].left.at.column), (17, 40));
    assert_eq!((d[0].right.at.line, d[0].right.at.column), (17, 40));
    assert_eq!(exit_code(&r), 1);
    let set = DiffSet::from(r);
    insta::assert_snapshot!("word_changed_text", diff::format_text(&set, false));
    insta::assert_snapshot!("word_changed_markdown", diff::format_markdown(&set));
    insta::assert_snapshot!("word_changed_json", diff::format_json(&set));
}

#[test]
fn a_step_added() {
    let r = fixture_report("step-added");
    let statuses: Vec<(Status, String)> = r.steps.iter().map(|s| (s.status, s.title())).collect();
    assert_eq!(
        statuses,
        vec![
            (Status::Equal, "(before the steps)".to_string()),
            (Status::Equal, "1. Install the driver".to_string()),
            (Status::OnlyRight, "2. Start a replica set".to_string()),
            (Status::Equal, "3. Create a key vault".to_string()),
            (Status::Equal, "4. Connect".to_string()),
        ]
    );
    let d = &r.steps[2].differences;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].class, Class::OnlyRight);
    assert_eq!(d[0].right.at.line, 15);
    assert_eq!(d[0].left.text, None);
    assert_eq!(exit_code(&r), 1);
    insta::assert_snapshot!(
        "step_added_text",
        diff::format_text(&DiffSet::from(r), false)
    );
}

#[test]
fn steps_reordered_are_moves() {
    let r = fixture_report("reordered");
    let steps: Vec<_> = r
        .steps
        .iter()
        .filter(|s| s.left.as_ref().is_some_and(|x| x.number.is_some()))
        .collect();
    assert_eq!(steps.len(), 3, "every step aligned, none added or removed");
    assert!(r
        .steps
        .iter()
        .all(|s| s.left.is_some() && s.right.is_some()));
    let moved: Vec<_> = steps.iter().filter(|s| s.moved).collect();
    assert_eq!(moved.len(), 1);
    let m = moved[0];
    assert_eq!(m.status, Status::Changed);
    assert_eq!(m.differences.len(), 1);
    assert_eq!(m.differences[0].what, "step position");
    assert_eq!(exit_code(&r), 1);
    insta::assert_snapshot!(
        "reordered_text",
        diff::format_text(&DiffSet::from(r), false)
    );
}

#[test]
fn a_changed_included_json_file() {
    let r = fixture_report("json-changed");
    assert_eq!(drift_steps(&r), vec!["1. Grant permissions"]);
    let d = &r.steps[0].differences;
    let changed: Vec<_> = d
        .iter()
        .filter(|d| d.class == Class::Changed && d.what != "literalinclude path")
        .collect();
    assert_eq!(changed.len(), 1);
    // Located in the included files, at the changed line.
    assert_eq!(changed[0].left.at.file, "left/policy.json");
    assert_eq!(changed[0].left.at.line, 5);
    assert_eq!(changed[0].right.at.file, "right/policy.json");
    assert_eq!(changed[0].right.at.line, 5);
    assert!(changed[0]
        .right
        .text
        .as_deref()
        .unwrap()
        .contains("kms:GenerateDataKey"));
    // Another target without a rule explaining it is drift too.
    let path = d.iter().find(|d| d.what == "literalinclude path").unwrap();
    assert_eq!(path.class, Class::Changed);
    assert_eq!(
        path.note.as_deref(),
        Some("the included files are compared line by line")
    );
    assert_eq!(exit_code(&r), 1);
    let set = DiffSet::from(r);
    insta::assert_snapshot!("json_changed_text", diff::format_text(&set, false));
    insta::assert_snapshot!("json_changed_markdown", diff::format_markdown(&set));
}

#[test]
fn list_style_vs_procedure_style_with_the_same_content_is_no_drift() {
    let r = fixture_report("list-vs-procedure");
    assert_eq!(r.steps.len(), 3);
    assert!(
        !r.has_drift(),
        "{}",
        diff::format_text(&DiffSet::from(r.clone()), false)
    );
    assert_eq!(exit_code(&r), 0);
    assert_eq!(r.status, Status::Expected);
    // With --show-markup the markup differences are listed, still no drift.
    let m = diff_pair(&fixture("list-vs-procedure"), "left.rst", "right.rst", true);
    assert!(!m.has_drift());
    let whats: Vec<&str> = m
        .steps
        .iter()
        .flat_map(|s| &s.differences)
        .filter(|d| d.class == Class::Markup)
        .map(|d| d.what.as_str())
        .collect();
    assert_eq!(
        whats,
        vec![
            "step markup",
            "step markup",
            "inline markup",
            "step markup",
            "whitespace in code"
        ]
    );
    insta::assert_snapshot!(
        "list_vs_procedure_markup_text",
        diff::format_text(&DiffSet::from(m), false)
    );
}

#[test]
fn a_missing_file_is_trouble() {
    let p = fixture("identical");
    let e = diff::diff_files(
        &p,
        &DiffRequest {
            left: "left.rst".into(),
            right: "nope.rst".into(),
            ..DiffRequest::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::IncludeNotFound);
    assert!(e.message.contains("nope.rst"), "{}", e.message);
    let e = diff::diff_files(
        &p,
        &DiffRequest {
            left: "../word-changed/left.rst".into(),
            right: "right.rst".into(),
            ..DiffRequest::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::PathOutsideRoot);
}

#[test]
fn an_undefined_constant_in_a_rule_is_trouble() {
    let p = fixture("identical");
    let e = diff::diff_files(
        &p,
        &DiffRequest {
            left: "left.rst".into(),
            right: "right.rst".into(),
            equivalent: vec![["{+nope+}".into(), "x".into()]],
            show_markup: false,
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::UndefinedConstant);
    assert!(e.span.is_none());
}

#[test]
fn pair_dirs_pairs_same_relative_paths() {
    let p = fixture("pairdirs");
    let set = diff::pair_dirs(
        &p,
        &PairDirsRequest {
            left_dir: "left".into(),
            right_dir: "right".into(),
            ..PairDirsRequest::default()
        },
    )
    .unwrap();
    assert_eq!(set.only_left, vec!["only-here.rst"]);
    assert_eq!(set.only_right, vec!["sub/only-there.txt"]);
    let pairs: Vec<(&str, Status)> = set
        .pairs
        .iter()
        .map(|r| (r.left.as_str(), r.status))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("left/blob.bin", Status::Equal),
            ("left/same.rst", Status::Equal),
            ("left/sub/changed.rst", Status::Changed),
            ("left/sub/data.json", Status::Changed),
        ]
    );
    assert_eq!(set.exit_code(), 1);
    insta::assert_snapshot!("pairdirs_text", diff::format_text(&set, false));
    insta::assert_snapshot!("pairdirs_json", diff::format_json(&set));
    // A folder that does not exist is trouble.
    let e = diff::pair_dirs(
        &p,
        &PairDirsRequest {
            left_dir: "left".into(),
            right_dir: "nowhere".into(),
            ..PairDirsRequest::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, Code::IncludeNotFound);
}

#[test]
fn pair_dirs_over_the_corpus() {
    let root = corpus();
    let left_dir = root.join("source/includes/tutorials/automatic/aws");
    // The CLI finds the corpus's root from the folders when --root is not given.
    assert_eq!(
        diff::find_root(&left_dir),
        Some(root.canonicalize().unwrap())
    );
    let p = project(&root);
    let set = diff::pair_dirs(
        &p,
        &PairDirsRequest {
            // Absolute paths inside the root work as well as relative ones.
            left_dir: left_dir.to_string_lossy().into_owned(),
            right_dir: "source/includes/queryable-encryption/tutorials/automatic/aws".into(),
            equivalent: vec![
                ["CSFLE-enabled".into(), "{+qe+}-enabled".into()],
                ["csfle-".into(), "qe-".into()],
                [
                    "aws-create-master-key".into(),
                    "qe-aws-create-master-key".into(),
                ],
                [
                    "includes/tutorials/".into(),
                    "includes/queryable-encryption/tutorials/".into(),
                ],
            ],
            show_markup: false,
        },
    )
    .unwrap();
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let names: Vec<&str> = set
        .pairs
        .iter()
        .map(|r| r.left.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "cmk.rst",
            "iam-user-policy-minimum.json",
            "key-policy-default.json",
            "user.rst"
        ]
    );
    assert!(set.only_left.is_empty() && set.only_right.is_empty());
    let status = |n: &str| {
        set.pairs
            .iter()
            .find(|r| r.left.ends_with(n))
            .map(|r| r.status)
            .unwrap()
    };
    assert_eq!(status("iam-user-policy-minimum.json"), Status::Equal);
    assert_eq!(status("key-policy-default.json"), Status::Equal);
    let user = set
        .pairs
        .iter()
        .find(|r| r.left.ends_with("user.rst"))
        .unwrap();
    assert_eq!(
        user.steps
            .iter()
            .filter(|s| s.left.is_some() && s.right.is_some())
            .count(),
        3
    );
    insta::assert_snapshot!("corpus_pairdirs_text", diff::format_text(&set, false));
}

// ---------- robustness ----------

#[test]
fn hostile_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("procdoc.toml"), "[project]\nsource = \".\"\n").unwrap();
    let deep = "   ".repeat(0)
        + &(0..80)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>();
    let cases: Vec<(&str, String)> = vec![
        ("empty.rst", String::new()),
        ("blank.rst", " \n\n\t\n".into()),
        ("bom.rst", "\u{feff}Title\n=====\n\ntext\n".into()),
        ("deep.rst", deep),
        (
            "unclosed.rst",
            "**bold *em ``lit `ref <x>`_ |sub {+nope+} {+qe}\n".into(),
        ),
        ("cycle.rst", ".. include:: /cycle.rst\n".into()),
        (
            "missing.rst",
            ".. procedure::\n\n   .. step:: A\n\n      .. literalinclude:: /none.json\n".into(),
        ),
        (
            "steps.rst",
            ".. procedure::\n\n   .. step::\n\n   .. step::\n\n      text\n\n#. a\n#. b\n".into(),
        ),
        (
            "lists.rst",
            "a. one\nb. two\n\n1. x\n\n   .. step:: stray\n".into(),
        ),
        (
            "table.rst",
            ".. list-table::\n   :header-rows: 1\n\n   * - a\n     - b\n   * - c\n".into(),
        ),
        ("long.rst", "word ".repeat(20_000)),
        (
            "unicode.rst",
            "é\u{0301} 𝔘𝔫𝔦 \u{200b} \u{202e}rtl\n\n- ü\n".into(),
        ),
    ];
    for (name, text) in &cases {
        std::fs::write(root.join(name), text).unwrap();
    }
    let p = project(root);
    let templates = Templates::defaults();
    for (a, _) in &cases {
        for (b, _) in &cases {
            for show_markup in [false, true] {
                let r = diff::diff_files(
                    &p,
                    &DiffRequest {
                        left: (*a).into(),
                        right: (*b).into(),
                        equivalent: vec![["a".into(), "b".into()], ["x".into(), "".into()]],
                        show_markup,
                    },
                )
                .unwrap_or_else(|e| panic!("{a} vs {b}: {e:?}"));
                let set = DiffSet::from(r);
                let text = diff::format_text(&set, true);
                assert!(text.contains(" ↔ "), "{a} vs {b}: {text}");
                let md = diff::format_markdown(&set);
                assert!(md.starts_with("### "), "{a} vs {b}: {md}");
                let json: serde_json::Value = serde_json::from_str(&diff::format_json(&set))
                    .unwrap_or_else(|e| panic!("{a} vs {b}: JSON: {e}"));
                assert_eq!(json["exit_code"], serde_json::json!(set.exit_code()));
                let html = diff::format_html(&set, &templates, "t", "").unwrap();
                assert!(html.contains("class=\"diff-report\""), "{a} vs {b}");
                if a == b {
                    assert_eq!(
                        set.counts().drift(),
                        0,
                        "{a} vs itself:\n{}",
                        diff::format_text(&set, false)
                    );
                }
            }
        }
    }
    // A missing literalinclude inside a compared page is trouble (exit 2).
    let r = diff::diff_files(
        &p,
        &DiffRequest {
            left: "missing.rst".into(),
            right: "steps.rst".into(),
            ..DiffRequest::default()
        },
    )
    .unwrap();
    assert_eq!(DiffSet::from(r).exit_code(), 2);
}

#[test]
fn pages_are_compared_through_their_includes() {
    let p = project(&manifest());
    let mut equivalent = diff::configured_rules(&p, CSFLE, QE);
    equivalent.push(["{+csfle+}".into(), "{+qe+}".into()]);
    let r = diff::diff_files(
        &p,
        &DiffRequest {
            left: "source/csfle/aws-iam-user.rst".into(),
            right: "source/qe/aws-iam-user.rst".into(),
            equivalent,
            show_markup: false,
        },
    )
    .unwrap();
    let statuses: Vec<(String, Status)> = r.steps.iter().map(|s| (s.title(), s.status)).collect();
    assert_eq!(
        statuses,
        vec![
            ("(before the steps)".to_string(), Status::Expected),
            (
                "1. Navigate to the AWS IAM Console.".to_string(),
                Status::Equal
            ),
            ("2. Create an IAM User".to_string(), Status::Expected),
            ("3. Grant Permissions".to_string(), Status::Changed),
        ]
    );
    // The page title's constants, explained by a rule written with constants.
    let title = &r.steps[0].differences[1];
    assert_eq!(title.what, "heading");
    assert_eq!(
        title.left.text.as_deref(),
        Some("Client-Side Field Level Encryption")
    );
    assert_eq!(title.right.text.as_deref(), Some("Queryable Encryption"));
    assert_eq!(title.class, Class::Expected);
    // Differences inside the fragment point into the fragment.
    let changed = r.steps[3]
        .differences
        .iter()
        .find(|d| d.class == Class::Changed)
        .unwrap();
    assert_eq!(changed.left.at.file, CSFLE);
    assert_eq!(r.counts.drift(), 8);
}
