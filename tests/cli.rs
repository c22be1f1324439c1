//! The command line as a new user meets it: project discovery from a
//! subfolder, the message and exit status outside any project, a config
//! error that stops the command before pages are read, `--quiet`,
//! `--color`, `procdoc init`, and where `build` says to open the result.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn procdoc() -> Command {
    let mut c = Command::cargo_bin("procdoc").expect("binary");
    c.env_remove("NO_COLOR");
    c
}

/// A fresh project made by `procdoc init`, in a temp dir.
fn init_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("docs");
    procdoc().arg("init").arg(&root).assert().success();
    let root = root.canonicalize().expect("canonical root");
    (dir, root)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A project whose page has one warning (an unknown role).
fn project_with_a_warning() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = init_project();
    let page = root.join("source/index.rst");
    let mut text = std::fs::read_to_string(&page).expect("page");
    text.push_str("\nSee :nosuchrole:`x`.\n");
    std::fs::write(&page, text).expect("write");
    (dir, root)
}

#[test]
fn init_creates_a_project_that_builds_with_deny_warnings_and_tests_clean() {
    let (_dir, root) = init_project();
    for f in [
        "procdoc.toml",
        "source/index.rst",
        "includes/key-user-policy.json",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    let out = procdoc()
        .current_dir(&root)
        .args(["build", "--deny-warnings"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("warning["), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(root.join("build/html/index.html")).expect("index");
    // The constant is expanded and the policy is literalincluded.
    assert!(html.contains("AWS KMS"), "{html}");
    assert!(html.contains("kms:Decrypt"), "{html}");
    assert!(html.contains("class=\"procedure"), "{html}");

    let out = procdoc()
        .current_dir(&root)
        .arg("test")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let stdout = stdout_of(&out);
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let (_dir, root) = init_project();
    let page = root.join("source/index.rst");
    std::fs::write(&page, "My own page\n===========\n").expect("edit");
    std::fs::remove_file(root.join("includes/key-user-policy.json")).expect("rm");
    let out = procdoc().arg("init").arg(&root).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("refusing to overwrite"), "{err}");
    assert!(err.contains("procdoc.toml"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&page).expect("page"),
        "My own page\n===========\n"
    );
    // Nothing was written: not even the missing file.
    assert!(!root.join("includes/key-user-policy.json").exists());
}

#[test]
fn build_finds_the_project_from_a_subfolder_and_prints_the_index_path() {
    let (_dir, root) = init_project();
    let sub = root.join("includes");
    let out = procdoc()
        .current_dir(&sub)
        .arg("build")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let index = root.join("build").join("html").join("index.html");
    assert!(index.is_file());
    let err = stderr_of(&out);
    assert!(err.contains(&format!("open {}", index.display())), "{err}");
    // `test` discovers it too.
    let out = procdoc()
        .current_dir(&sub)
        .arg("test")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn root_flag_overrides_discovery() {
    let (_dir, root) = init_project();
    let elsewhere = tempfile::tempdir().expect("tempdir");
    let out = procdoc()
        .current_dir(elsewhere.path())
        .args(["build", "--root"])
        .arg(&root)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
}

#[test]
fn outside_any_project_exits_2_and_says_where_it_looked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let start = dir.path().join("a/b");
    std::fs::create_dir_all(&start).expect("mkdir");
    let start = start.canonicalize().expect("canonical");
    if procdoc::project::find_root(&start).is_ok() {
        eprintln!("SKIPPED: the temp dir is inside a docs project");
        return;
    }
    for cmd in ["build", "test"] {
        let out = procdoc()
            .current_dir(&start)
            .arg(cmd)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = stderr_of(&out);
        assert!(
            err.contains("no procdoc.toml or snooty.toml found"),
            "{cmd}: {err}"
        );
        assert!(err.contains("looked in:"), "{err}");
        assert!(err.contains(&format!("    {}\n", start.display())), "{err}");
        assert!(
            err.contains(&format!("    {}\n", start.parent().unwrap().display())),
            "{err}"
        );
        assert!(err.contains("procdoc init"), "{err}");
        assert!(!err.contains("source folder"), "{err}");
        assert!(!start.join("build").exists());
    }
}

fn break_config(root: &Path) {
    let cfg = root.join("procdoc.toml");
    let mut text = std::fs::read_to_string(&cfg).expect("config");
    text.push_str("broken = [\n");
    std::fs::write(&cfg, text).expect("write");
}

#[test]
fn config_error_stops_before_pages_with_exactly_one_diagnostic() {
    let (_dir, root) = init_project();
    break_config(&root);
    for cmd in ["build", "test"] {
        let out = procdoc()
            .current_dir(&root)
            .args([cmd, "--message-format", "json"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", stderr_of(&out));
        let stdout = stdout_of(&out);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 1, "{cmd}: {stdout}");
        let d: serde_json::Value = serde_json::from_str(lines[0]).expect("json");
        assert_eq!(d["code"], "config-invalid", "{d}");
        assert_eq!(d["file"], "procdoc.toml", "{d}");
        // The page's {+service+} would be undefined with the fallback
        // config: it is never read.
        assert!(!stdout.contains("undefined-constant"), "{stdout}");
        assert!(
            stderr_of(&out).contains(&format!("{cmd} failed: 1 error(s) in the configuration")),
            "{}",
            stderr_of(&out)
        );
    }
    assert!(!root.join("build").exists());
}

#[test]
fn quiet_prints_only_diagnostics() {
    let (_dir, root) = init_project();
    let out = procdoc()
        .current_dir(&root)
        .args(["build", "-q"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr_of(&out), "");
    assert_eq!(stdout_of(&out), "");
    let out = procdoc()
        .current_dir(&root)
        .args(["--quiet", "test"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout_of(&out), "");

    // Diagnostics still show.
    let (_dir2, warn_root) = project_with_a_warning();
    let out = procdoc()
        .current_dir(&warn_root)
        .args(["build", "-q"])
        .output()
        .expect("run");
    let err = stderr_of(&out);
    assert!(err.contains("unknown-role"), "{err}");
    assert!(!err.contains("built "), "{err}");
}

#[test]
fn color_always_and_never_are_obeyed() {
    let (_dir, root) = project_with_a_warning();
    let run = |args: &[&str], no_color: bool| {
        let mut c = procdoc();
        if no_color {
            c.env("NO_COLOR", "1");
        }
        let out = c.current_dir(&root).args(args).output().expect("run");
        stderr_of(&out)
    };
    let always = run(&["--color", "always", "build"], false);
    assert!(always.contains("unknown-role"), "{always}");
    assert!(always.contains("\u{1b}["), "{always}");
    // An explicit `always` wins over NO_COLOR.
    assert!(run(&["build", "--color", "always"], true).contains("\u{1b}["));
    let never = run(&["--color", "never", "build"], false);
    assert!(never.contains("unknown-role"), "{never}");
    assert!(!never.contains('\u{1b}'), "{never}");
    // auto: stderr is a pipe here, so no colour.
    let auto = run(&["build"], false);
    assert!(!auto.contains('\u{1b}'), "{auto}");
}

#[test]
fn build_writes_a_styled_404_page_and_the_index_title_is_not_doubled() {
    let (_dir, root) = init_project();
    procdoc().current_dir(&root).arg("build").assert().success();
    let nf = std::fs::read_to_string(root.join("build/html/404.html")).expect("404");
    assert!(nf.contains("<meta name=\"viewport\""), "{nf}");
    assert!(nf.contains("prefers-color-scheme: dark"), "{nf}");
    assert!(
        nf.contains("<title>Page not found — My tutorials</title>"),
        "{nf}"
    );
    // init's index page has its own title; a generated index (no index
    // page) has the site title once.
    std::fs::rename(root.join("source/index.rst"), root.join("source/grant.rst")).expect("rename");
    procdoc().current_dir(&root).arg("build").assert().success();
    let index = std::fs::read_to_string(root.join("build/html/index.html")).expect("index");
    assert!(index.contains("<title>My tutorials</title>"), "{index}");
}
