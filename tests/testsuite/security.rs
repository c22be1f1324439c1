//! Regression tests for the hardening issue: each test is named after an
//! attack that once worked (a secret leaving the root, a script from a file
//! name, unbounded output) and shows that it no longer does.

use crate::support::{tree, Run, TestProject};
use std::path::Path;

const SECRET: &str = "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// A folder outside the project holding a "secret" file.
fn outside_secret() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("environ"), SECRET).expect("write secret");
    dir
}

/// Asserts that no file under `dir` contains the secret.
#[track_caller]
fn assert_no_secret_under(dir: &Path) {
    for (path, bytes) in tree(dir) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("wJalrXUtnFEMI"),
            "{path} holds the secret"
        );
    }
}

#[cfg(unix)]
#[test]
fn template_stylesheet_symlinked_to_a_secret_is_not_published() {
    let secret = outside_secret();
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    std::fs::create_dir_all(p.path("templates")).unwrap();
    std::os::unix::fs::symlink(secret.path().join("environ"), p.path("templates/style.css"))
        .unwrap();
    let run = p.build();
    run.assert_status(1);
    let d = run.one("path-outside-root");
    assert!(d.message.contains("templates/style.css"), "{d:#?}");
    assert!(!run.stdout.contains("wJalrXUtnFEMI") && !run.stderr.contains("wJalrXUtnFEMI"));
    assert_no_secret_under(p.root());
}

#[cfg(unix)]
#[test]
fn template_layout_symlinked_out_of_the_root_is_not_used() {
    let secret = outside_secret();
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    std::fs::create_dir_all(p.path("templates")).unwrap();
    std::os::unix::fs::symlink(
        secret.path().join("environ"),
        p.path("templates/layout.hbs"),
    )
    .unwrap();
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["path-outside-root"], "{}", run.report());
    assert_no_secret_under(p.root());
}

#[cfg(unix)]
#[test]
fn config_symlinked_out_of_the_root_is_not_read_or_echoed() {
    let secret = outside_secret();
    // A TOML syntax error would echo the line: the file must not be read.
    std::fs::write(secret.path().join("environ"), format!("{SECRET} = [\n")).unwrap();
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    std::fs::remove_file(p.path("procdoc.toml")).unwrap();
    std::os::unix::fs::symlink(secret.path().join("environ"), p.path("procdoc.toml")).unwrap();
    let run = p.build();
    assert_ne!(run.status, 0);
    let d = run.one("path-outside-root");
    assert!(d.message.contains("procdoc.toml"), "{d:#?}");
    let mut human = p.cmd();
    let human = Run::new(&mut human);
    for out in [&run.stdout, &run.stderr, &human.stderr] {
        assert!(!out.contains("wJalrXUtnFEMI"), "secret echoed:\n{out}");
    }
}

#[cfg(unix)]
#[test]
fn build_folder_symlinked_out_of_the_root_is_refused() {
    let elsewhere = tempfile::tempdir().unwrap();
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    std::os::unix::fs::symlink(elsewhere.path(), p.path("build")).unwrap();
    let run = p.build();
    run.assert_status(2);
    assert!(run.one("output-refused").message.contains("symlink"));
    assert!(tree(elsewhere.path()).is_empty(), "wrote outside the root");
}

#[test]
fn page_named_javascript_url_never_becomes_a_script_link() {
    let name = "javascript:alert(document.domain)";
    let p = TestProject::new()
        .file(
            &format!("source/{name}.rst"),
            "Evil\n====\n\nText.\n\n.. _evil:\n\nHere\n----\n",
        )
        .page(&format!(
            "Home\n====\n\nSee :doc:`/{name}` and :ref:`evil`.\n"
        ));
    p.build().assert_clean();
    for (path, bytes) in tree(&p.path("build")) {
        let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
        assert!(!text.contains("href=\"javascript:"), "{path}");
        assert!(!text.contains("](javascript:"), "{path}");
    }
    let index = p.output("html/index.html");
    assert!(
        index.contains("href=\"./javascript%3Aalert%28document.domain%29.html\""),
        "{index}"
    );
}

#[test]
fn utf8_bom_before_a_directive_is_stripped() {
    let p = TestProject::new().page("\u{feff}.. note::\n\n   Noted.\n\nTitle\n=====\n\nText.\n");
    p.build().assert_clean();
    let html = p.output("html/index.html");
    assert!(html.contains("admonition-note"), "{html}");
    assert!(!html.contains("id=\"-title\""));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn lone_cr_line_endings_keep_paragraphs_apart() {
    let p = TestProject::new().page("Title\r=====\r\rFirst paragraph.\r\rSecond paragraph.\r");
    p.build().assert_clean();
    let md = p.output("markdown/index.md");
    assert!(md.contains("First paragraph.\n\nSecond paragraph."), "{md}");
}

#[test]
fn terminal_escape_codes_in_sources_are_not_echoed_raw() {
    let p =
        TestProject::new().page("Title\n=====\n\n\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J {+nope+}\n");
    let run = Run::new(&mut p.cmd());
    run.assert_status(1);
    assert!(run.stderr.contains("undefined-constant"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'));
    assert!(run.stderr.contains("\\u{1b}]52;c;"), "{}", run.stderr);
}

#[test]
fn human_diagnostic_on_a_huge_line_prints_a_window() {
    // 400 kB on one line with a mistake in the middle: the old output
    // reprinted the whole line for every diagnostic.
    let line = format!("{} {{+nope+}} {}", "a".repeat(200_000), "b".repeat(200_000));
    let p = TestProject::new().page(&format!("Title\n=====\n\n{line}\n"));
    let run = Run::new(&mut p.cmd());
    run.assert_status(1);
    assert!(
        run.stderr.len() < 4_000,
        "{} bytes of stderr",
        run.stderr.len()
    );
    assert!(run.stderr.contains("index.rst:4:200002"), "{}", run.stderr);
    assert!(run.stderr.contains("…"), "{}", run.stderr);
}

#[test]
fn invalid_exclude_glob_is_a_located_config_error() {
    let p = TestProject::new()
        .config("[project]\nexclude = [\"includes/**\", \"frag/{a,b\"]\n")
        .file("source/frag/a.rst", "A fragment\n")
        .page("Home\n====\n");
    let run = p.build();
    run.assert_status(1);
    let d = run.one("config-invalid");
    assert_eq!(
        d.at(),
        ("config-invalid", Some("procdoc.toml"), Some(2), Some(27))
    );
    assert!(d.message.contains("frag/{a,b"), "{d:#?}");
}

#[test]
fn stale_staging_folders_of_killed_builds_are_removed() {
    let p = TestProject::new()
        .page("Home\n====\n")
        .file("build/.procdoc-staging-99999/html/x.html", "old")
        .file("build/.procdoc-old-99999-html/y.html", "old");
    p.build().assert_clean();
    let mut names: Vec<String> = std::fs::read_dir(p.path("build"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["html", "markdown"]);
}

#[test]
fn concurrent_builds_into_one_folder_all_succeed() {
    let p = TestProject::new()
        .page("Home\n====\n\nText.\n")
        .file("source/other.rst", "Other\n=====\n");
    let children: Vec<_> = (0..8)
        .map(|_| {
            let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("procdoc"));
            c.args(["build", "--root"])
                .arg(p.root())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped());
            c.spawn().expect("spawn procdoc")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let files = tree(&p.path("build"));
    assert!(files.iter().any(|(f, _)| f == "html/other.html"));
    assert!(!files.iter().any(|(f, _)| f.starts_with(".procdoc-")));
    // Only the previous site kept for the next build remains beside it.
    for e in std::fs::read_dir(p.path("build")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            [
                "html",
                "markdown",
                ".procdoc-spare-html",
                ".procdoc-spare-markdown"
            ]
            .contains(&name.as_str()),
            "{name}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_in_the_spare_site_is_never_written_through() {
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    p.build().assert_clean();
    p.build().assert_clean();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.html");
    std::fs::write(&victim, "precious").unwrap();
    let planted = p.path("build/.procdoc-spare-html/index.html");
    std::fs::remove_file(&planted).unwrap();
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    // A symlinked folder too.
    std::os::unix::fs::symlink(outside.path(), p.path("build/.procdoc-spare-html/dir")).unwrap();
    p.build().assert_clean();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let index = p.path("build/html/index.html");
    assert!(index.symlink_metadata().unwrap().is_file());
    assert!(std::fs::read_to_string(index).unwrap().contains("Text."));
    assert!(p.path("build/html/dir").symlink_metadata().is_err());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[cfg(unix)]
#[test]
fn a_hard_linked_copy_of_the_site_is_not_changed_by_a_rebuild() {
    // `cp -al build/html deploy` shares the files' inodes: writing over the
    // spare site in place would change the deployed copy.
    let p = TestProject::new().page("Home\n====\n\nFirst.\n");
    p.build().assert_clean();
    let deploy = tempfile::tempdir().unwrap();
    let deployed = deploy.path().join("index.html");
    std::fs::hard_link(p.path("build/html/index.html"), &deployed).unwrap();
    p.write("source/index.rst", "Home\n====\n\nSecond.\n");
    p.build().assert_clean();
    p.write("source/index.rst", "Home\n====\n\nThird.\n");
    p.build().assert_clean();
    let kept = std::fs::read_to_string(&deployed).unwrap();
    assert!(kept.contains("First."), "{kept}");
    let now = std::fs::read_to_string(p.path("build/html/index.html")).unwrap();
    assert!(now.contains("Third."), "{now}");
}

#[test]
fn a_spare_folder_procdoc_did_not_create_is_removed_not_reused() {
    let p = TestProject::new()
        .page("Home\n====\n\nText.\n")
        .file("build/.procdoc-spare-html/stray.html", "not ours");
    p.build().assert_clean();
    p.build().assert_clean();
    assert!(!p.path("build/html/stray.html").exists());
    assert!(!p.path("build/.procdoc-spare-html/stray.html").exists());
}

#[test]
fn failed_swap_between_html_and_markdown_keeps_the_old_site() {
    use procdoc::output::{CommitStep, Staging};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    let first = Staging::create(&out).unwrap();
    first.write("html/a.html", b"old html").unwrap();
    first.write("markdown/a.md", b"old md").unwrap();
    first.commit().unwrap();
    let before = tree(&out);

    let second = Staging::create(&out).unwrap();
    second.write("html/a.html", b"new html").unwrap();
    second.write("markdown/a.md", b"new md").unwrap();
    let err = second
        .commit_with(&mut |step| match step {
            CommitStep::MoveNewIn("markdown") => Err(std::io::Error::other("injected")),
            _ => Ok(()),
        })
        .unwrap_err();
    assert_eq!(err.to_string(), "injected");
    assert_eq!(
        tree(&out),
        before,
        "html and markdown must stay the old pair"
    );

    // And a later build still works and replaces both.
    let third = Staging::create(&out).unwrap();
    third.write("html/a.html", b"3").unwrap();
    third.write("markdown/a.md", b"3").unwrap();
    third.commit().unwrap();
    let after = tree(&out);
    assert!(after.contains(&("html/a.html".into(), b"3".to_vec())));
    assert!(after.contains(&("markdown/a.md".into(), b"3".to_vec())));
}

/// HTML bytes per page of a generated project of `n` pages (rendered in
/// memory, the static files left out).
fn html_bytes_per_page(n: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    crate::common::generate_varied_project(dir.path(), n, 7);
    let (project, _) = procdoc::project::Project::load(dir.path()).unwrap();
    let site = procdoc::site::load_site(&project);
    let templates = procdoc::render::templates::Templates::defaults();
    let (files, _) = procdoc::site::render_site(&site, &templates, None);
    let pages: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with("html/") && f.path.ends_with(".html"))
        .collect();
    assert!(pages.len() >= n, "{} pages", pages.len());
    pages.iter().map(|f| f.contents.len()).sum::<usize>() as f64 / pages.len() as f64
}

#[test]
fn page_list_output_is_linear_in_the_page_count() {
    // Every page used to list every page: 8,000 tiny pages wrote 2.5 GB.
    let small = html_bytes_per_page(200);
    let large = html_bytes_per_page(2_000);
    assert!(
        large <= small * 1.10,
        "HTML per page grew from {small:.0} to {large:.0} bytes"
    );
}
