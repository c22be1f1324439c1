//! `procdoc diff` run as a process (assert_cmd): root discovery, `--out`,
//! `--all` (file pairs, folder pairs, glob mappings), `--pair-dirs`,
//! `--message-format`, and the exit statuses 0 (no drift), 1 (drift) and
//! 2 (unusable input), on fixture projects in `tests/fixtures/diff-*`.

mod common;

use assert_cmd::Command;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn procdoc() -> Command {
    let mut c = Command::cargo_bin("procdoc").expect("the procdoc binary is built");
    c.env("NO_COLOR", "1");
    c.timeout(std::time::Duration::from_secs(120));
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(c: &mut Command) -> Run {
    let out = c.output().expect("procdoc runs");
    Run {
        code: out.status.code().expect("procdoc exits (no signal)"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn identical_files_exit_0() {
    let r = run(procdoc()
        .arg("diff")
        .arg("a.rst")
        .arg("b.rst")
        .arg("--root")
        .arg(fixture("diff-identical")));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no differences"), "{}", r.stdout);
}

#[test]
fn drift_exits_1_and_names_the_tabs() {
    let r = run(procdoc()
        .args(["diff", "left.rst", "right.rst", "--root"])
        .arg(fixture("diff-tabs")));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("only-right tab mongosh"), "{}", r.stdout);
    assert!(r.stdout.contains("only-left  tab java"), "{}", r.stdout);
    assert!(r.stdout.contains("tab position"), "{}", r.stdout);
    // Markers never look like snooty's {+constant+} syntax.
    assert!(!r.stdout.contains("{+"), "{}", r.stdout);
}

#[test]
fn missing_include_exits_2_and_still_reports_the_drift() {
    let r = run(procdoc()
        .args(["diff", "left.rst", "right.rst", "--root"])
        .arg(fixture("diff-includes")));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("include-not-found"), "{}", r.stderr);
    assert!(r.stdout.contains("code caption"), "{}", r.stdout);
    assert!(r.stdout.contains("unresolved"), "{}", r.stdout);
    assert!(r.stdout.contains("drift, and trouble"), "{}", r.stdout);
}

#[test]
fn the_root_is_found_from_the_files_and_its_rules_apply() {
    // Run from inside source/ of a snooty project with relative paths: the
    // root (snooty.toml + procdoc.toml) is found above them, and the
    // mapping rule's equivalences apply to the pair.
    let root = fixture("diff-snooty");
    let r = run(procdoc().current_dir(root.join("source")).args([
        "diff",
        "includes/tutorials/aws/user.rst",
        "includes/queryable-encryption/tutorials/aws/user.rst",
    ]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    // snooty.toml's constants are expanded and the rule explains them.
    assert!(
        r.stdout.contains("Client-Side Field Level Encryption"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("expected"), "{}", r.stdout);
    // `/includes/shared/note.rst` resolves against source/ (snooty's `/`).
    assert!(!r.stderr.contains("include-not-found"), "{}", r.stderr);
    // The only drift is the added words in step 2.
    assert!(
        r.stdout
            .contains("[-user.-][+user and save its access key.+]"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("1 changed"), "{}", r.stdout);
}

#[test]
fn out_writes_a_standalone_html_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let r = run(procdoc()
        .args(["diff", "left.rst", "right.rst", "--format", "html", "--out"])
        .arg(&page)
        .arg("--root")
        .arg(fixture("diff-tabs")));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "the report went to the file: {}",
        r.stdout
    );
    let html = std::fs::read_to_string(&page).expect("the page is written");
    assert!(html.contains("<style>"), "styles are inlined");
    assert!(html.contains(".diff-badge"), "the diff styles are there");
    assert!(
        !html.contains("_static/procdoc.css"),
        "no link to a missing stylesheet"
    );
    assert!(html.contains("Tab mongosh"), "row labels in words");
}

#[test]
fn all_with_a_folder_pair_entry_compares_its_files_and_lists_one_sided_ones() {
    let r = run(procdoc()
        .args(["diff", "--all", "--root"])
        .arg(fixture("diff-dirs")));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("not a file"), "{}", r.stderr);
    assert!(r.stdout.contains("left/only-left.rst"), "{}", r.stdout);
    assert!(r.stdout.contains("right/only-right.rst"), "{}", r.stdout);
    // The entry's rule explains the one paired file.
    assert!(
        r.stdout.contains("left/a.rst ↔ right/a.rst"),
        "{}",
        r.stdout
    );
}

#[test]
fn all_with_a_mapping_rule_finds_every_pair_in_a_snooty_project() {
    let r = run(procdoc()
        .args(["diff", "--all", "--format", "json", "--root"])
        .arg(fixture("diff-snooty")));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON report");
    let pairs: Vec<(&str, &str)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["left"].as_str().unwrap(), p["right"].as_str().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        vec![(
            "source/includes/tutorials/aws/user.rst",
            "source/includes/queryable-encryption/tutorials/aws/user.rst"
        )]
    );
    assert_eq!(
        v["only_left"],
        serde_json::json!(["source/includes/tutorials/aws/cmk.rst"])
    );
    assert_eq!(v["drift"], serde_json::json!(true));
    assert_eq!(v["trouble"], serde_json::json!(false));
}

#[test]
fn all_without_diff_entries_exits_2() {
    let r = run(procdoc()
        .args(["diff", "--all", "--root"])
        .arg(fixture("diff-noconfig")));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("[[diff]]"), "{}", r.stderr);
}

#[test]
fn all_without_any_config_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.rst"), "text\n").unwrap();
    let r = run(procdoc().args(["diff", "--all", "--root"]).arg(dir.path()));
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
}

#[test]
fn pair_dirs_uses_the_folder_entry_rules() {
    let root = fixture("diff-dirs");
    let r = run(procdoc().current_dir(&root).args([
        "diff",
        "--pair-dirs",
        "left",
        "right",
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON report");
    assert_eq!(v["pairs"][0]["status"], serde_json::json!("expected"));
    assert_eq!(v["only_left"], serde_json::json!(["only-left.rst"]));
    assert_eq!(v["only_right"], serde_json::json!(["only-right.rst"]));
}

#[test]
fn message_format_json_prints_diagnostics_as_json_on_stderr() {
    let r = run(procdoc()
        .args([
            "diff",
            "left.rst",
            "right.rst",
            "--message-format",
            "json",
            "--format",
            "json",
            "--root",
        ])
        .arg(fixture("diff-includes")));
    assert_eq!(r.code, 2);
    // stdout is the report alone.
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON report");
    assert_eq!(v["status"], serde_json::json!("trouble"));
    assert_eq!(v["drift"], serde_json::json!(true));
    let codes: Vec<String> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            let d: serde_json::Value = serde_json::from_str(l).expect("one JSON object a line");
            d["code"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(
        codes.iter().filter(|c| *c == "include-not-found").count() >= 2,
        "{codes:?}"
    );
}

#[test]
fn a_file_that_does_not_exist_exits_2() {
    let r = run(procdoc()
        .args(["diff", "left.rst", "nope.rst", "--root"])
        .arg(fixture("diff-tabs")));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.rst"), "{}", r.stderr);
}

fn corpus() -> PathBuf {
    common::corpus_project("mongodb-docs-extract")
}

#[test]
fn pair_dirs_over_the_corpus_aws_folders_runs_as_a_report() {
    let root = corpus();
    let r = run(procdoc().current_dir(&root).args([
        "diff",
        "--pair-dirs",
        "source/includes/tutorials/automatic/aws",
        "source/includes/queryable-encryption/tutorials/automatic/aws",
    ]));
    // Drift is expected in real variants; a crash is not.
    assert!(matches!(r.code, 0..=2), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stdout.contains("user.rst"), "{}", r.stdout);
    assert!(r.stdout.contains("cmk.rst"), "{}", r.stdout);
}
