//! Giza YAML fragments (`steps-*.yaml`, `extracts-*.yaml`, `release-*.yaml`)
//! in a snooty project, and which files of a snooty project are pages.

use crate::support::{Diag, TestProject};
use procdoc::project::Project;
use procdoc::resolve::load_page;
use procdoc::text::SourceDb;
use std::path::PathBuf;
use std::sync::Arc;

/// A copy of a snooty fixture (the support helper writes a procdoc.toml,
/// which would win over snooty.toml).
fn snooty_fixture(name: &str) -> TestProject {
    let p = TestProject::fixture(name);
    std::fs::remove_file(p.path("procdoc.toml")).expect("remove procdoc.toml");
    p
}

fn built() -> TestProject {
    let p = snooty_fixture("giza");
    p.build().assert_clean();
    p
}

#[test]
fn giza_steps_extracts_and_release_become_fragments() {
    let p = built();
    let md = p.output("markdown/index.md");
    for want in [
        // Steps in order, titles from `title` (string or `{text: …}`),
        // `optional` prefixed, inherited across files through `source:`.
        "Download the archive",
        "Configure the service",
        "Verify the installation",
        "Optional: Clean up",
        // Actions: pre, code in its language with constants expanded, content.
        "Fetch Gadget 7.1 with `curl`:",
        "```sh\ncurl -O https://example.com/gadget-7.1.tgz\ntar xzf gadget-7.1.tgz\n```",
        "```ini\nport = 8080\n```",
        "Run `gadget restart`.",
        "The service now listens on port 8080.",
        // Extracts: the parent's content, the child's replacement merged
        // over the parent's.
        "To start Gadget, use the `--now` flag.",
        "To stop Gadget, use the `--graceful` flag.",
        // Release: a paragraph and a code block.
        "Download the Linux build:",
        "wget https://example.com/gadget-7.1-linux.tgz",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    let order: Vec<usize> = [
        "Download the archive",
        "Configure the service",
        "Verify the installation",
        "Optional: Clean up",
    ]
    .iter()
    .map(|t| md.find(t).expect("step"))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(!md.contains("{{"), "unreplaced name in:\n{md}");

    let html = p.output("html/index.html");
    assert!(html.contains("class=\"procedure"), "{html}");
    assert_eq!(html.matches("class=\"step\"").count(), 4, "{html}");
    assert!(html.contains("language-ini"));
    // A label inside an inherited step is a `:ref:` target of the page.
    assert!(html.contains("href=\"#verify-label\""), "{html}");
}

#[test]
fn snooty_rst_outside_includes_is_not_a_page() {
    let p = built();
    assert!(p.path("build/html/index.html").is_file());
    assert!(!p.path("build/html/images").exists());
    assert!(!p.path("build/markdown/images/diagram.md").exists());
}

#[test]
fn page_deps_include_every_yaml_file_read() {
    let p = snooty_fixture("giza");
    let (project, diags) = Project::load(p.root()).expect("load");
    assert!(diags.is_empty(), "{diags:?}");
    let page = project
        .pages
        .iter()
        .find(|pg| pg.name == "index")
        .expect("page");
    let loaded = load_page(&project, page);
    assert!(loaded.diags.is_empty(), "{:?}", loaded.diags);
    let deps: Vec<&str> = loaded.deps.iter().map(String::as_str).collect();
    assert_eq!(
        deps,
        [
            "source/includes/extracts-notes-base.yaml",
            "source/includes/extracts-notes.yaml",
            "source/includes/release-linux.yaml",
            "source/includes/steps-common.yaml",
            "source/includes/steps-install-gadget.yaml",
            "source/index.txt",
        ]
    );
}

fn page_text(project: &Project) -> String {
    let page = project
        .pages
        .iter()
        .find(|pg| pg.name == "index")
        .expect("page");
    let loaded = load_page(project, page);
    format!("{:?}", loaded.doc)
}

/// `serve` re-reads a changed file by giving the database a copy in which
/// that file has no path; the generated fragment must follow.
#[test]
fn changed_yaml_regenerates_its_fragments() {
    let p = snooty_fixture("giza");
    let (mut project, _) = Project::load(p.root()).expect("load");
    let before = page_text(&project);
    assert!(before.contains("Verify the installation"));
    p.write(
        "source/includes/steps-common.yaml",
        "title: Check the version\nref: verify\ncontent: |\n  .. _verify-label:\n\n  Done.\n",
    );
    // What serve does for a changed file: same ids, that file path-less.
    let changed = "source/includes/steps-common.yaml";
    let db = SourceDb::new();
    for f in project.db.snapshot() {
        let abs = if f.rel_path == changed {
            PathBuf::new()
        } else {
            f.abs_path.clone()
        };
        db.add(f.rel_path.clone(), abs, f.text.clone());
    }
    project.db = Arc::new(db);
    let after = page_text(&project);
    assert!(after.contains("Check the version"), "{after}");
    assert!(!after.contains("Verify the installation"));
    // Unchanged files are not generated again: the same text is served.
    assert!(after.contains("Download the archive"));
}

fn at(d: &Diag) -> (&str, &str, usize, usize) {
    (
        d.code.as_str(),
        d.file.as_deref().unwrap_or("?"),
        d.line.unwrap_or(0),
        d.column.unwrap_or(0),
    )
}

#[test]
fn giza_errors_are_located_in_the_yaml() {
    let p = snooty_fixture("giza-errors");
    let run = p.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    let mut got: Vec<(&str, &str, usize, usize)> = run.diags.iter().map(at).collect();
    got.sort();
    got.dedup();
    let mut want = vec![
        // A syntax error: where the YAML parser stops.
        ("yaml-syntax", "source/includes/steps-broken.yaml", 7, 1),
        // Inside generated text: the constant and the `:ref:` as they stand
        // in the YAML field.
        (
            "undefined-constant",
            "source/includes/extracts-text.yaml",
            5,
            8,
        ),
        ("unknown-ref", "source/includes/extracts-text.yaml", 3, 21),
        (
            "undefined-replacement",
            "source/includes/extracts-text.yaml",
            5,
            21,
        ),
        // The cycle is reported at the `inherit:` that closes it.
        ("inherit-cycle", "source/includes/extracts-loop.yaml", 7, 1),
        (
            "inherit-not-found",
            "source/includes/extracts-loop.yaml",
            15,
            9,
        ),
    ];
    want.sort();
    assert_eq!(got, want, "{:#?}", run.diags);
    let cycle = run
        .diags
        .iter()
        .find(|d| d.code == "inherit-cycle")
        .expect("cycle");
    assert_eq!(
        cycle.message,
        "inherit cycle: extracts-loop.yaml#loop-a → extracts-loop.yaml#loop-b → extracts-loop.yaml#loop-a"
    );
    assert!(
        run.diags.iter().all(|d| d.help.is_some()),
        "{:#?}",
        run.diags
    );
}

#[test]
fn hostile_yaml_is_refused_without_panicking() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\n";
    let deep = format!("content: {}\n", "[".repeat(5_000));
    let p = snooty_fixture("giza-errors")
        .file("source/index.txt", "Page\n====\n\n.. include:: /includes/extracts/x.rst\n\n.. include:: /includes/steps/deep.rst\n")
        .file("source/includes/extracts-bomb.yaml", format!("ref: x\n{bomb}"))
        .file("source/includes/steps-deep.yaml", deep);
    let run = p.build();
    assert_eq!(run.status, 1, "{}", run.stderr);
    let codes: Vec<&str> = run.diags.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"yaml-syntax"), "{:#?}", run.diags);
    assert!(
        run.diags.iter().any(|d| d.message.contains("aliases")
            && d.file.as_deref() == Some("source/includes/extracts-bomb.yaml")),
        "{:#?}",
        run.diags
    );
}

/// One name table per page: substitution definitions and named hyperlink
/// targets in an included fragment (even one included after the use) fill
/// references anywhere in the page, and in the other fragments it includes.
#[test]
fn names_from_fragments_are_visible_to_the_whole_page() {
    let p = TestProject::new()
        .page(
            "Page\n====\n\nUpgrade to |ver| |check|, see `Example Site`_.\n\n.. include:: /source/includes/steps.rst\n\n.. include:: /source/includes/defs.rst\n",
        )
        .file("source/includes/steps.rst", "Then run |ver| again |copy|.\n")
        .file(
            "source/includes/defs.rst",
            ".. |ver| replace:: **4.4**\n.. |check| unicode:: U+2713\n.. |copy| unicode:: 0xA9 .. copyright sign\n\n.. _Example Site: https://example.com/site\n",
        );
    p.build().assert_clean();
    let md = p.output("markdown/index.md");
    assert!(
        md.contains("Upgrade to **4.4** ✓, see [Example Site](https://example.com/site)."),
        "{md}"
    );
    assert!(md.contains("Then run **4.4** again ©."), "{md}");
}

#[test]
fn unicode_substitution_with_a_bad_code_is_located() {
    let p = TestProject::new().page("Page\n====\n\n.. |bad| unicode:: U+110000\n\nText |bad|.\n");
    let run = p.build();
    assert_eq!(run.status, 1);
    let d = run
        .diags
        .iter()
        .find(|d| d.code == "invalid-option-value")
        .expect("diagnostic");
    assert_eq!(
        d.at(),
        (
            "invalid-option-value",
            Some("source/index.rst"),
            Some(4),
            Some(1)
        )
    );
    assert!(d.message.contains("U+110000"), "{}", d.message);
}
