//! Every diagnostic code `procdoc build` can emit: a small project that
//! triggers it, the exact code, file, line and column from
//! `--message-format json`, and the exit status (1 for errors, 0 for
//! warnings alone, 1 for warnings with `--deny-warnings`, 2 for I/O).
//! A few are also snapshotted in the human format (source line and caret).

use crate::support::{Diag, Run, TestProject};

/// A config with constants for the tests below; `multi` spans three lines.
const CONFIG: &str = r#"[project]
title = "Diagnostics"

[constants]
qe = "Queryable Encryption"
multi = """line one
line two
line three"""
"#;

fn project(page: &str) -> TestProject {
    TestProject::new().config(CONFIG).page(page)
}

/// Asserts the run printed exactly one diagnostic, with this code, and
/// returns it.
#[track_caller]
fn only<'a>(run: &'a Run, code: &str) -> &'a Diag {
    assert_eq!(run.codes(), [code], "\n{}", run.report());
    &run.diags[0]
}

#[track_caller]
fn assert_at(d: &Diag, code: &str, file: &str, line: usize, column: usize) {
    assert_eq!(
        d.at(),
        (code, Some(file), Some(line), Some(column)),
        "\n{d:#?}"
    );
}

/// Asserts an error: exit 1, one diagnostic, at this place.
#[track_caller]
fn error_at(run: &Run, code: &str, file: &str, line: usize, column: usize) -> Diag {
    run.assert_status(1);
    let d = only(run, code);
    assert_eq!(d.severity, "error", "{d:#?}");
    assert_at(d, code, file, line, column);
    assert!(
        run.stderr.contains("build failed") && run.stderr.contains("left untouched"),
        "{}",
        run.stderr
    );
    d.clone()
}

/// Asserts a warning: exit 0 (the site is written), one diagnostic at this
/// place, and exit 1 with the same diagnostic under `--deny-warnings`.
#[track_caller]
fn warning_at(p: &TestProject, code: &str, file: &str, line: usize, column: usize) -> Diag {
    let run = p.build();
    run.assert_status(0);
    let d = only(&run, code);
    assert_eq!(d.severity, "warning", "{d:#?}");
    assert_at(d, code, file, line, column);
    assert!(p.path("build/html/index.html").is_file());
    let denied = p.build_with(&["--deny-warnings"]);
    denied.assert_status(1);
    assert_eq!(denied.diags, run.diags);
    assert!(
        denied.stderr.contains("(warnings denied)"),
        "{}",
        denied.stderr
    );
    d.clone()
}

// ----- constants -----

#[test]
fn undefined_constant() {
    let run = project("Title\n=====\n\nUse {+nope+} here.\n").build();
    let d = error_at(&run, "undefined-constant", "source/index.rst", 4, 5);
    assert_eq!((d.end_line, d.end_column), (Some(4), Some(13)));
    assert_eq!(d.message, "`nope` not defined as a source constant");
    assert!(d.help.as_deref().unwrap_or("").contains("[constants]"));
}

#[test]
fn undefined_constant_suggests_a_near_name() {
    let run = project("Title\n=====\n\nUse {+qee+} here.\n").build();
    let d = error_at(&run, "undefined-constant", "source/index.rst", 4, 5);
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `{+qe+}`?"),
        "{d:#?}"
    );
}

#[test]
fn undefined_constant_after_a_multi_line_value() {
    // `multi` expands to three lines: positions on the same line after it,
    // and on the lines after it, still point into the file as written.
    let run = project("Title\n=====\n\n{+multi+} then {+nope+}\nnext {+nope2+}\n").build();
    run.assert_status(1);
    let at: Vec<_> = run.diags.iter().map(Diag::at).collect();
    let f = Some("source/index.rst");
    assert_eq!(
        at,
        [
            ("undefined-constant", f, Some(4), Some(16)),
            ("undefined-constant", f, Some(5), Some(6)),
        ]
    );
}

#[test]
fn parser_diagnostics_after_a_multi_line_value_map_back_through_the_source_map() {
    // The parser works on expanded text (two extra lines here); its
    // diagnostics must still name the line and column the writer typed.
    let p = project("Title\n=====\n\n{+multi+} and :frob:`x`\nthen :frob:`y` {+qe+} :frob:`z`\n");
    let run = p.build();
    run.assert_status(0);
    let at: Vec<_> = run.diags.iter().map(Diag::at).collect();
    let f = Some("source/index.rst");
    assert_eq!(
        at,
        [
            ("unknown-role", f, Some(4), Some(15)),
            ("unknown-role", f, Some(5), Some(6)),
            ("unknown-role", f, Some(5), Some(23)),
        ]
    );
    assert_eq!(
        (run.diags[2].end_line, run.diags[2].end_column),
        (Some(5), Some(32))
    );
}

#[test]
fn malformed_constant_three_ways() {
    let run = project("Title\n=====\n\n{+qe} {+ qe +} {qe+} and code like {1+} is fine.\n").build();
    run.assert_status(1);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str(), d.help.as_deref()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("malformed-constant", f, Some(4), Some(1)),
                "malformed constant reference `{+qe}`",
                Some("write `{+qe+}`")
            ),
            (
                ("malformed-constant", f, Some(4), Some(7)),
                "malformed constant reference `{+ qe +}`",
                Some("write `{+qe+}`")
            ),
            (
                ("malformed-constant", f, Some(4), Some(16)),
                "malformed constant reference `{qe+}`",
                Some("write `{+qe+}`")
            ),
        ]
    );
}

#[test]
fn constant_cycle_forward_reference_in_procdoc_toml() {
    let p = TestProject::new()
        .config("[project]\ntitle = \"T\"\n\n[constants]\nfull = \"{+name+} 8.0\"\nname = \"MongoDB\"\n")
        .page("Title\n=====\n\nText.\n");
    let d = error_at(&p.build(), "constant-cycle", "procdoc.toml", 5, 8);
    assert!(
        d.message.contains("constant `full`") && d.message.contains("`name`"),
        "{d:#?}"
    );
    assert!(
        d.help.as_deref().unwrap_or("").contains("reorder"),
        "{d:#?}"
    );
}

#[test]
fn constant_cycle_self_reference() {
    let p = TestProject::new()
        .config("[constants]\nloop = \"again {+loop+}\"\n")
        .page("Title\n=====\n\nText.\n");
    let d = error_at(&p.build(), "constant-cycle", "procdoc.toml", 2, 8);
    assert!(d.message.contains("constant `loop`"), "{d:#?}");
}

// ----- includes and paths -----

#[test]
fn include_not_found_at_the_directive_in_the_including_file() {
    let run = project("Title\n=====\n\nText.\n\n.. include:: /includes/missing.rst\n").build();
    let d = error_at(&run, "include-not-found", "source/index.rst", 6, 14);
    assert_eq!(
        d.message,
        "cannot include: `includes/missing.rst` does not exist"
    );
}

#[test]
fn include_not_found_inside_a_fragment_names_the_fragment() {
    let p = project("Title\n=====\n\n.. include:: /includes/frag.rst\n").file(
        "includes/frag.rst",
        "Fragment.\n\n.. literalinclude:: missing.json\n",
    );
    let d = error_at(&p.build(), "include-not-found", "includes/frag.rst", 3, 21);
    assert_eq!(
        d.message,
        "cannot literalinclude: `includes/missing.json` does not exist"
    );
}

#[test]
fn include_not_found_suggests_a_giza_fragment_as_written() {
    // `/includes/steps/install.rst` exists only as a giza fragment.
    let p = project("Title\n=====\n\n.. include:: /includes/steps/instal.rst\n").file(
        "includes/steps-install.yaml",
        "title: Download\nstepnum: 1\nref: download\npre: Fetch it.\n",
    );
    let d = error_at(&p.build(), "include-not-found", "source/index.rst", 4, 14);
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `/includes/steps/install.rst`?")
    );
}

#[test]
fn literalinclude_not_found_suggests_the_near_name_relative() {
    let p = project("Title\n=====\n\n.. include:: /includes/frag.rst\n")
        .file(
            "includes/frag.rst",
            "Text.\n\n.. literalinclude:: polcy.json\n",
        )
        .file("includes/policy.json", "{}\n");
    let d = error_at(&p.build(), "include-not-found", "includes/frag.rst", 3, 21);
    assert_eq!(d.help.as_deref(), Some("did you mean `policy.json`?"));
}

#[test]
fn include_not_found_suggests_across_a_folder_typo_and_a_moved_file() {
    let p = project(
        "Title\n=====\n\n.. include:: /incldues/shared/note.rst\n\n.. include:: ../includes/frag.rst\n",
    )
    .file("includes/shared/note.rst", "Note.\n")
    .file("includes/shared/frag.rst", "Frag.\n");
    let run = p.build();
    run.assert_status(1);
    assert_eq!(
        run.codes(),
        ["include-not-found", "include-not-found"],
        "{}",
        run.report()
    );
    let typo = &run.diags[0];
    assert_at(typo, "include-not-found", "source/index.rst", 4, 14);
    assert_eq!(
        typo.help.as_deref(),
        Some("did you mean `/includes/shared/note.rst`?")
    );
    // Written relative to the page's folder: the suggestion is too.
    let moved = &run.diags[1];
    assert_at(moved, "include-not-found", "source/index.rst", 6, 14);
    assert_eq!(
        moved.help.as_deref(),
        Some("did you mean `../includes/shared/frag.rst`?")
    );
}

#[test]
fn include_not_found_without_a_near_file_explains_the_path_rules() {
    let p = project("Title\n=====\n\n.. include:: /includes/zzzz.rst\n")
        .file("includes/other-things.rst", "x\n");
    let d = error_at(&p.build(), "include-not-found", "source/index.rst", 4, 14);
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("check the path"),
        "{d:#?}"
    );
}

#[test]
fn include_cycle_names_the_chain() {
    let p = project("Title\n=====\n\n.. include:: /includes/a.rst\n")
        .file("includes/a.rst", "A text.\n\n.. include:: b.rst\n")
        .file(
            "includes/b.rst",
            "B text.\n\n.. include:: /includes/a.rst\n",
        );
    let d = error_at(&p.build(), "include-cycle", "includes/b.rst", 3, 14);
    assert_eq!(
        d.message,
        "include cycle: includes/a.rst → includes/b.rst → includes/a.rst"
    );
}

#[test]
fn include_of_the_page_itself_is_a_cycle() {
    let run = project("Title\n=====\n\n.. include:: index.rst\n").build();
    let d = error_at(&run, "include-cycle", "source/index.rst", 4, 14);
    assert_eq!(
        d.message,
        "include cycle: source/index.rst → source/index.rst"
    );
}

#[test]
fn include_too_deep() {
    // A chain of 40 fragments; the limit is 32 nested includes: f31 (the
    // 32nd level) is read, its include of f32 is refused.
    let mut p = project("Title\n=====\n\n.. include:: /includes/f0.rst\n");
    for i in 0..40 {
        p = p.file(
            &format!("includes/f{i}.rst"),
            format!("Level {i}.\n\n.. include:: f{}.rst\n", i + 1),
        );
    }
    let run = p.build();
    run.assert_status(1);
    let d = only(&run, "include-too-deep");
    assert_eq!(d.file.as_deref(), Some("includes/f31.rst"));
    assert_eq!((d.line, d.column), (Some(3), Some(1)));
}

#[test]
fn include_depth_limit_is_off_by_one() {
    // Regression: the 32nd level was refused although the message says
    // "more than 32".
    // page → f0 → … → f31 nests 32 includes deep: not "more than 32".
    let mut p = project("Title\n=====\n\n.. include:: /includes/f0.rst\n");
    for i in 0..31 {
        p = p.file(
            &format!("includes/f{i}.rst"),
            format!("Level {i}.\n\n.. include:: f{}.rst\n", i + 1),
        );
    }
    p = p.file("includes/f31.rst", "Level 31, the last.\n");
    p.build().assert_clean();
}

#[test]
fn path_outside_root_by_dot_dot() {
    let run = project("Title\n=====\n\n.. include:: ../../outside.rst\n").build();
    let d = error_at(&run, "path-outside-root", "source/index.rst", 4, 14);
    assert_eq!(
        d.message,
        "cannot include: `../../outside.rst` is outside the docs root"
    );
}

#[cfg(unix)]
#[test]
fn path_outside_root_by_symlink() {
    let outside = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(outside.path(), "secret\n").expect("write");
    let p = project("Title\n=====\n\n.. literalinclude:: /includes/link.txt\n");
    std::fs::create_dir_all(p.path("includes")).expect("mkdir");
    std::os::unix::fs::symlink(outside.path(), p.path("includes/link.txt")).expect("symlink");
    let run = p.build();
    let d = error_at(&run, "path-outside-root", "source/index.rst", 4, 21);
    assert!(d.message.contains("is outside the docs root"), "{d:#?}");
    // The build failed, so nothing was written, and the outside file's
    // text was not echoed in any diagnostic either.
    assert!(!p.path("build").exists(), "a failed build wrote a site");
    assert!(
        !run.stdout.contains("secret") && !run.stderr.contains("secret"),
        "{}",
        run.report()
    );
}

#[cfg(unix)]
#[test]
fn page_symlinked_from_outside_the_root() {
    let outside = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(outside.path(), "Secret\n======\n").expect("write");
    let p = project("Title\n=====\n\nText.\n");
    std::os::unix::fs::symlink(outside.path(), p.path("source/leak.rst")).expect("symlink");
    let run = p.build();
    run.assert_status(1);
    let d = only(&run, "path-outside-root");
    assert_eq!(d.file, None, "{d:#?}");
    assert!(d.message.contains("leak.rst"), "{d:#?}");
}

const MARKERS: &str = "first\n# begin\nmiddle\n# twice\n# twice\n# end\nlast\n";

fn markers(directive: &str) -> TestProject {
    project(&format!("Title\n=====\n\n{directive}")).file("includes/m.txt", MARKERS)
}

#[test]
fn marker_not_found() {
    let p = markers(".. literalinclude:: /includes/m.txt\n   :start-after: nowhere\n");
    let d = error_at(&p.build(), "marker-not-found", "source/index.rst", 4, 1);
    assert_eq!(
        d.message,
        "literalinclude: `:start-after: nowhere` not found in `includes/m.txt`"
    );
}

#[test]
fn marker_not_found_in_include() {
    let p = markers(".. include:: /includes/m.txt\n   :end-before: nowhere\n");
    let d = error_at(&p.build(), "marker-not-found", "source/index.rst", 4, 1);
    assert!(
        d.message.starts_with("include: `:end-before: nowhere`"),
        "{d:#?}"
    );
}

#[test]
fn marker_ambiguous_is_a_warning() {
    let p = markers(".. literalinclude:: /includes/m.txt\n   :start-after: twice\n");
    let d = warning_at(&p, "marker-ambiguous", "source/index.rst", 4, 1);
    assert!(d.message.contains("occurs 2 times"), "{d:#?}");
}

#[test]
fn marker_order() {
    let p = markers(
        ".. literalinclude:: /includes/m.txt\n   :start-after: end\n   :end-before: begin\n",
    );
    error_at(&p.build(), "marker-order", "source/index.rst", 4, 1);
}

#[test]
fn lines_out_of_range() {
    let p = markers(".. literalinclude:: /includes/m.txt\n   :lines: 2-40\n");
    let d = error_at(&p.build(), "lines-out-of-range", "source/index.rst", 5, 4);
    assert_eq!(d.message, "`:lines: 2-40`: line 40 is past the end");
    assert_eq!(d.help.as_deref(), Some("`includes/m.txt` has 7 lines"));
}

#[test]
fn emphasize_lines_out_of_range() {
    let p =
        markers(".. literalinclude:: /includes/m.txt\n   :lines: 1-2\n   :emphasize-lines: 3\n");
    let d = error_at(&p.build(), "lines-out-of-range", "source/index.rst", 6, 4);
    assert_eq!(d.message, "`:emphasize-lines: 3`: line 3 is past the end");
    let p = project("Title\n=====\n\n.. code-block:: text\n   :emphasize-lines: 0-1\n\n   one\n");
    error_at(&p.build(), "lines-out-of-range", "source/index.rst", 5, 4);
}

// ----- directives and roles -----

#[test]
fn missing_argument() {
    let run = project("Title\n=====\n\n.. literalinclude::\n").build();
    let d = error_at(&run, "missing-argument", "source/index.rst", 4, 4);
    assert_eq!(
        d.help.as_deref(),
        Some("write `.. literalinclude:: /path/to/file`")
    );
}

#[test]
fn unexpected_argument() {
    let run =
        project("Title\n=====\n\n.. procedure:: extra words\n\n   .. step:: One\n\n      Text.\n")
            .build();
    error_at(&run, "unexpected-argument", "source/index.rst", 4, 16);
}

#[test]
fn invalid_option_values() {
    let run = project(
        "Title\n=====\n\n.. code-block:: python\n   :lineno-start: ten\n   :linenos: yes\n   :copyable: maybe\n\n   x = 1\n\n.. procedure::\n   :style: fancy\n\n   .. step:: One\n\n      Text.\n",
    )
    .build();
    run.assert_status(1);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("invalid-option-value", f, Some(5), Some(4)),
                "invalid value `ten` for `:lineno-start:`: expected a whole number"
            ),
            (
                ("invalid-option-value", f, Some(6), Some(4)),
                "invalid value `yes` for `:linenos:`: this option is a flag and takes no value"
            ),
            (
                ("invalid-option-value", f, Some(7), Some(4)),
                "invalid value `maybe` for `:copyable:`: expected true or false"
            ),
            (
                ("invalid-option-value", f, Some(12), Some(4)),
                "invalid value `fancy` for `:style:`: expected one of: connected, normal"
            ),
        ]
    );
}

#[test]
fn unknown_option_keeps_the_directive() {
    let p = project("Title\n=====\n\n.. note:: Kept\n   :colour: red\n\n   Body.\n");
    let d = warning_at(&p, "unknown-option", "source/index.rst", 5, 4);
    assert_eq!(d.help.as_deref(), Some("`note` accepts: class, name"));
    assert!(p
        .output("html/index.html")
        .contains("<p class=\"admonition-title\">Kept</p>\n<p>Body.</p>"));
}

#[test]
fn unknown_directive_keeps_the_content() {
    let p = project("Title\n=====\n\n.. frobnicate:: Arg\n\n   Inner text.\n");
    warning_at(&p, "unknown-directive", "source/index.rst", 4, 4);
    assert!(p.output("html/index.html").contains("<p>Inner text.</p>"));
}

#[test]
fn unknown_role_is_rendered_generically() {
    let p = project("Title\n=====\n\nAn :frob:`odd` role.\n");
    warning_at(&p, "unknown-role", "source/index.rst", 4, 4);
    assert!(p
        .output("html/index.html")
        .contains("<span class=\"role role-frob\">odd</span>"));
    assert!(p.output("markdown/index.md").contains("An `odd` role."));
}

#[test]
fn unexpected_content() {
    let p = project("Title\n=====\n\n.. literalinclude:: /includes/m.txt\n\n   stray content\n")
        .file("includes/m.txt", "x\n");
    warning_at(&p, "unexpected-content", "source/index.rst", 6, 4);
}

// ----- labels and references -----

#[test]
fn duplicate_label_across_pages() {
    let p = TestProject::new()
        .file("source/a.rst", ".. _shared:\n\nA\n=\n")
        .file("source/b.rst", "B\n=\n\n.. _shared:\n\nText.\n");
    let d = error_at(&p.build(), "duplicate-label", "source/b.rst", 4, 1);
    assert_eq!(d.message, "duplicate label `shared`");
    assert_eq!(d.notes, ["first defined in page `a`"]);
}

#[test]
fn unknown_ref_with_did_you_mean() {
    let p = project(".. _install-guide:\n\nTitle\n=====\n\nSee :ref:`install-gide`.\n");
    let d = error_at(&p.build(), "unknown-ref", "source/index.rst", 6, 5);
    assert_eq!(d.message, "unknown label `install-gide` in :ref:");
    assert_eq!(d.help.as_deref(), Some("did you mean `install-guide`?"));
    let html = p.path("build/html/index.html");
    assert!(!html.exists(), "a failed build writes nothing");
}

#[test]
fn ref_without_title_to_a_label_that_names_no_heading() {
    let p = project("Title\n=====\n\nIntro.\n\n.. _plain:\n\nJust text.\n\nSee :ref:`plain`.\n");
    let d = error_at(&p.build(), "ref-without-title", "source/index.rst", 10, 5);
    assert_eq!(
        d.message,
        "`:ref:` to `plain` needs a title: the label names no heading"
    );
}

#[test]
fn unknown_ref_without_a_near_name_explains_how_to_define_it() {
    let p = project("Title\n=====\n\nSee :ref:`zzzz-qqqq`.\n");
    let d = error_at(&p.build(), "unknown-ref", "source/index.rst", 4, 5);
    assert!(
        d.help.as_deref().unwrap_or("").contains("[refs.zzzz-qqqq]"),
        "{d:#?}"
    );
}

#[test]
fn unknown_ref_suggests_external_labels_too() {
    let p = TestProject::new()
        .config("[refs.aws-create-master-key]\ntitle = \"T\"\nurl = \"https://example.com/\"\n")
        .page("Title\n=====\n\nSee :ref:`aws-create-master-keys`.\n");
    let d = error_at(&p.build(), "unknown-ref", "source/index.rst", 4, 5);
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `aws-create-master-key`?")
    );
}

#[test]
fn unknown_doc() {
    let p = project("Title\n=====\n\nSee :doc:`/indx` and :doc:`/nowhere/at/all`.\n");
    let run = p.build();
    run.assert_status(1);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.help.as_deref()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("unknown-doc", f, Some(4), Some(5)),
                Some("did you mean `/index`?")
            ),
            (
                ("unknown-doc", f, Some(4), Some(22)),
                Some("pages live in `source/`; write the path without extension")
            ),
        ]
    );
}

#[test]
fn unknown_target_named_and_anonymous() {
    let p = project("Title\n=====\n\nA `missing target`_ and an `anonymous one`__.\n");
    let run = p.build();
    run.assert_status(1);
    let at: Vec<_> = run.diags.iter().map(Diag::at).collect();
    let f = Some("source/index.rst");
    assert_eq!(
        at,
        [
            ("unknown-target", f, Some(4), Some(3)),
            ("unknown-target", f, Some(4), Some(28)),
        ]
    );
    assert_eq!(
        run.diags[0].message,
        "unknown hyperlink target `missing target`"
    );
}

#[test]
fn unknown_substitution() {
    let p = project("Title\n=====\n\nVersion |release| today.\n");
    let d = error_at(&p.build(), "unknown-substitution", "source/index.rst", 4, 9);
    assert_eq!(d.message, "unknown substitution `|release|`");
}

#[test]
fn substitution_cycle_in_a_page() {
    let p = project(
        "Title\n=====\n\n|self| and |a|\n\n.. |self| replace:: again |self|\n.. |a| replace:: x |b|\n.. |b| replace:: y |a|\n",
    );
    let run = p.build();
    run.assert_status(1);
    // Each cycle is reported at the reference that closes it.
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("substitution-cycle", f, Some(6), Some(27)),
                "substitution cycle: |self| → |self|"
            ),
            (
                ("substitution-cycle", f, Some(8), Some(20)),
                "substitution cycle: |a| → |b| → |a|"
            ),
        ]
    );
}

#[test]
fn substitution_cycle_in_procdoc_toml() {
    let p = TestProject::new()
        .config("[substitutions]\na = \"x |b|\"\nb = \"y |a|\"\n")
        .page("Title\n=====\n\n|a|\n");
    let run = p.build();
    run.assert_status(1);
    let d = only(&run, "substitution-cycle");
    assert_eq!(d.file.as_deref(), Some("procdoc.toml"));
    assert_eq!(d.message, "substitution cycle: |a| → |b| → |a|");
}

#[test]
fn substitution_cycle_in_procdoc_toml_points_at_the_entry() {
    let p = TestProject::new()
        .config("[substitutions]\na = \"x |b|\"\nb = \"y |a|\"\n")
        .page("Title\n=====\n\n|a|\n");
    let run = p.build();
    let d = only(&run, "substitution-cycle");
    // The cycle closes in `b`'s value, which refers back to `a`.
    assert_eq!((d.line, d.column), (Some(3), Some(5)), "{d:#?}");
    assert!(d.message.contains("|a| → |b| → |a|"), "{d:#?}");
}

#[test]
fn unsafe_url_is_rendered_without_href() {
    let p = project(
        "Title\n=====\n\nA `bad link <javascript:alert(1)>`__ and a `data one <data:text/html,hi>`__.\n",
    );
    let run = p.build();
    run.assert_status(0);
    let at: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.severity.as_str(), d.at()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        at,
        [
            ("warning", ("unsafe-url", f, Some(4), Some(3))),
            ("warning", ("unsafe-url", f, Some(4), Some(44))),
        ]
    );
    let html = p.output("html/index.html");
    assert!(html.contains("<p>A bad link and a data one.</p>"), "{html}");
    assert!(!html.to_ascii_lowercase().contains("javascript:"));
    assert!(!html.contains("data:text"));
    let md = p.output("markdown/index.md");
    assert!(md.contains("A bad link and a data one."), "{md}");
    assert!(!md.contains("javascript:"));
    p.build_with(&["--deny-warnings"]).assert_status(1);
}

// ----- structure -----

#[test]
fn unexpected_indentation() {
    let p = project("Title\n=====\n\nA paragraph of\ntwo lines\n   then indented.\n");
    warning_at(&p, "unexpected-indentation", "source/index.rst", 6, 1);
}

#[test]
fn title_underline_short() {
    let p = TestProject::new().page("A Long Title\n=====\n\nText.\n");
    let d = warning_at(&p, "title-underline-short", "source/index.rst", 2, 1);
    assert_eq!(
        d.help.as_deref(),
        Some("make the underline at least 12 characters long")
    );
    assert!(p.output("html/index.html").contains("<h1>A Long Title"));
}

#[test]
fn unexpected_section() {
    let p = project("Title\n=====\n\n- item\n\n  Inner title\n  -----------\n");
    warning_at(&p, "unexpected-section", "source/index.rst", 6, 3);
}

#[test]
fn unclosed_markup() {
    let p = project("Title\n=====\n\nSome *emphasis, **strong and ``literal.\n");
    let run = p.build();
    run.assert_status(0);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("unclosed-markup", f, Some(4), Some(6)),
                "inline emphasis start-string without end-string"
            ),
            (
                ("unclosed-markup", f, Some(4), Some(17)),
                "inline strong start-string without end-string"
            ),
            (
                ("unclosed-markup", f, Some(4), Some(30)),
                "inline literal start-string without end-string"
            ),
        ]
    );
    // The text is kept as written.
    assert!(p
        .output("html/index.html")
        .contains("Some *emphasis, **strong and ``literal."));
}

#[test]
fn nesting_too_deep() {
    // Notes nested 70 deep, two spaces per level: the content of note 64
    // (line 4 + 2·64, column 1 + 2·65) is past the limit of 64.
    let mut page = String::from("Title\n=====\n\n");
    for i in 0..70 {
        page.push_str(&format!("{}.. note::\n\n", "  ".repeat(i)));
    }
    page.push_str(&format!("{}deep text\n", "  ".repeat(70)));
    let run = project(&page).build();
    let d = error_at(&run, "nesting-too-deep", "source/index.rst", 134, 131);
    assert_eq!(d.message, "content nests more than 64 levels deep");
}

#[test]
fn malformed_table_rows_of_different_lengths() {
    let p = project("Title\n=====\n\n.. list-table::\n\n   * - a\n     - b\n   * - c\n");
    let d = error_at(&p.build(), "malformed-table", "source/index.rst", 4, 1);
    assert_eq!(d.message, "list-table rows have different numbers of cells");
}

#[test]
fn malformed_table_not_a_list() {
    let p = project("Title\n=====\n\n.. list-table::\n\n   Just a paragraph.\n");
    let d = error_at(&p.build(), "malformed-table", "source/index.rst", 4, 4);
    assert!(
        d.message
            .starts_with("list-table content must be a bullet list"),
        "{d:#?}"
    );
}

#[test]
fn enumeration_sequence() {
    let p = project("Title\n=====\n\n1. one\n3. three\n");
    let d = warning_at(&p, "enumeration-sequence", "source/index.rst", 5, 1);
    assert_eq!(
        d.message,
        "enumerated list item out of sequence (expected `2`); it starts a new list"
    );
}

#[test]
fn enumeration_in_another_style_after_a_list_is_a_new_list() {
    // Regression: procdoc warned "expected `3`" for `a.`, which is not an
    // item of the arabic list; docutils starts a new list silently.
    let p = project("Title\n=====\n\n1. one\n2. two\n\na. ay\nb. bee\n");
    p.build().assert_clean();
}

#[test]
fn invalid_child_step_outside_procedure() {
    let p = project("Title\n=====\n\n.. step:: Lonely\n\n   Text.\n");
    let d = warning_at(&p, "invalid-child", "source/index.rst", 4, 4);
    assert_eq!(d.message, "`step` outside a `procedure`");
}

#[test]
fn invalid_child_in_procedure_and_empty_procedure() {
    let p = project(
        "Title\n=====\n\n.. procedure::\n\n   A paragraph instead of a step.\n\n   .. step:: Fine\n\n      Text.\n\n.. procedure::\n",
    );
    let run = p.build();
    run.assert_status(0);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                ("invalid-child", f, Some(6), Some(4)),
                "only `step` directives belong inside a `procedure`"
            ),
            (
                ("invalid-child", f, Some(12), Some(4)),
                "`procedure` has no steps"
            ),
        ]
    );
}

#[test]
fn unsupported_simple_table() {
    let p = project("Title\n=====\n\n=====  =====\na      b\n=====  =====\n");
    let d = warning_at(&p, "unsupported", "source/index.rst", 4, 1);
    assert_eq!((d.end_line, d.end_column), (Some(6), Some(13)));
    assert!(p
        .output("html/index.html")
        .contains("=====  =====\na      b\n=====  =====</code></pre>"));
}

// ----- images, footnotes, tabs -----

#[test]
fn image_not_found_with_did_you_mean() {
    let p = project("Title\n=====\n\n.. image:: /source/pics/dog.png\n   :alt: A dog\n")
        .file("source/pics/dogs.png", b"\x89PNG\r\n\x1a\n");
    let d = error_at(&p.build(), "image-not-found", "source/index.rst", 4, 12);
    assert_eq!(
        d.message,
        "image not found: `source/pics/dog.png` does not exist"
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `/source/pics/dogs.png`?")
    );
}

#[test]
fn image_outside_the_root_is_refused() {
    let p = project("Title\n=====\n\n.. figure:: ../../etc/passwd\n   :alt: x\n");
    let d = error_at(&p.build(), "path-outside-root", "source/index.rst", 4, 13);
    assert_eq!(
        d.message,
        "image refused: `../../etc/passwd` is outside the docs root"
    );
}

#[test]
fn unknown_footnote_reference() {
    let p = project("Title\n=====\n\nSee [2]_ and [#]_.\n\n.. [1] One.\n");
    let run = p.build();
    run.assert_status(1);
    let at: Vec<_> = run.diags.iter().map(|d| d.at()).collect();
    assert_eq!(
        at,
        [
            (
                "unknown-footnote",
                Some("source/index.rst"),
                Some(4),
                Some(5)
            ),
            (
                "unknown-footnote",
                Some("source/index.rst"),
                Some(4),
                Some(14)
            ),
        ]
    );
}

#[test]
fn missing_tab_in_selected_tab_sets() {
    let p = project(
        "Title\n=====\n\n.. tabs-selector:: drivers\n\n.. tabs-drivers::\n\n   .. tab::\n      :tabid: shell\n\n      A.\n\n   .. tab::\n      :tabid: python\n\n      B.\n\n.. tabs-drivers::\n\n   tabs:\n     - id: shell\n       content: |\n         C.\n",
    );
    let d = error_at(&p.build(), "missing-tab", "source/index.rst", 4, 1);
    assert!(
        d.message.ends_with("missing from some: `python`"),
        "{}",
        d.message
    );
}

#[test]
fn missing_tab_compares_only_the_sets_after_the_selector() {
    // snooty's rule: a set read before the selector is not one of its
    // choices. The set above lacks `python`; the two below agree: clean.
    // Then a set below that lacks `python` is reported at the selector.
    let above = "Title\n=====\n\n.. tabs-drivers::\n\n   .. tab::\n      :tabid: shell\n\n      A.\n\n.. tabs-selector:: drivers\n\n";
    let both = ".. tabs-drivers::\n\n   .. tab::\n      :tabid: shell\n\n      B.\n\n   .. tab::\n      :tabid: python\n\n      C.\n\n";
    let run = project(&format!("{above}{both}{both}")).build();
    assert!(!run.codes().contains(&"missing-tab"), "{}", run.report());
    let shell_only = ".. tabs-drivers::\n\n   .. tab::\n      :tabid: shell\n\n      D.\n";
    let p = project(&format!("{above}{both}{shell_only}"));
    let d = error_at(&p.build(), "missing-tab", "source/index.rst", 11, 1);
    assert!(
        d.message.ends_with("missing from some: `python`"),
        "{}",
        d.message
    );
}

#[test]
fn tabs_selector_with_no_tab_set_after_it() {
    // snooty's "expected tabs": the only set is above the selector, so the
    // selector switches nothing.
    let p = project(
        "Title\n=====\n\n.. tabs-drivers::\n\n   .. tab::\n      :tabid: shell\n\n      A.\n\n.. tabs-selector:: drivers\n",
    );
    let d = error_at(&p.build(), "missing-tab", "source/index.rst", 11, 1);
    assert_eq!(
        d.message,
        "`tabs-selector:: drivers` has no `drivers` tab set after it on this page"
    );
    // A set of another kind does not count.
    let p = project(
        "Title\n=====\n\n.. tabs-selector:: drivers\n\n.. tabs-platforms::\n\n   .. tab::\n      :tabid: windows\n\n      A.\n",
    );
    error_at(&p.build(), "missing-tab", "source/index.rst", 4, 1);
}

#[test]
fn section_title_inside_a_tab_at_the_enclosing_level() {
    // `-` is the enclosing section's level: a title there cannot start
    // inside the tab; `~` one level down is fine.
    let p = project(
        "Title\n=====\n\nPart\n----\n\n.. tabs::\n\n   .. tab:: One\n      :tabid: one\n\n      Deeper\n      ~~~~~~\n\n      Text.\n\n      Same\n      ----\n\n      Text.\n",
    );
    let d = error_at(&p.build(), "unexpected-section", "source/index.rst", 17, 7);
    assert_eq!((d.end_line, d.end_column), (Some(18), Some(11)));
}

// ----- files and configuration -----

#[test]
fn config_invalid_toml_syntax() {
    let p = TestProject::new()
        .config("[project]\ntitle = \"x\"\nsource = \n")
        .page("Title\n=====\n");
    let d = error_at(&p.build(), "config-invalid", "procdoc.toml", 3, 10);
    assert!(d.message.starts_with("invalid procdoc.toml: "), "{d:#?}");
}

#[test]
fn config_invalid_unknown_key() {
    let p = TestProject::new()
        .config("[project]\ntitle = \"x\"\ntitel = \"y\"\n")
        .page("Title\n=====\n");
    let d = error_at(&p.build(), "config-invalid", "procdoc.toml", 3, 1);
    assert!(d.message.contains("unknown field `titel`"), "{d:#?}");
}

#[test]
fn config_invalid_missing_source_folder() {
    let p = TestProject::new().config("[project]\nsource = \"docs\"\n");
    let run = p.build();
    run.assert_status(1);
    let d = only(&run, "config-invalid");
    assert_eq!((d.file.as_deref(), d.line), (None, None));
    assert_eq!(d.message, "source folder `docs` does not exist");
}

#[test]
fn invalid_utf8_in_an_included_file_points_at_the_bad_byte() {
    let p = project("Title\n=====\n\n.. include:: /includes/latin1.rst\n")
        .file("includes/latin1.rst", b"ok\ncaf\xe9\n".as_slice());
    let d = error_at(&p.build(), "invalid-utf8", "includes/latin1.rst", 2, 4);
    assert_eq!(d.notes, ["included from source/index.rst:4:14"]);
}

#[test]
fn invalid_utf8_page_names_the_file() {
    // Regression: `file` and `line` were null, so tools could not place it.
    let p = TestProject::new().file("source/index.rst", b"Title\n=====\n\ncaf\xe9\n".as_slice());
    let d = error_at(&p.build(), "invalid-utf8", "source/index.rst", 4, 4);
    assert!(d.message.contains("source/index.rst"), "{d:#?}");
}

const ONE_STEP: &str = "Title\n=====\n\n.. procedure::\n\n   .. step:: One\n\n      Text.\n";
const BROKEN_STEP_PARTIAL: &str = "<section class=\"mine\">\n{{#if first}}\n{{body}}\n";

#[test]
fn template_syntax_error_in_an_override_fails_the_build_at_its_location() {
    let p = project(ONE_STEP).file("templates/partials/step.hbs", BROKEN_STEP_PARTIAL);
    let run = p.build();
    run.assert_status(1);
    let d = only(&run, "template-error");
    assert_eq!(d.file.as_deref(), Some("templates/partials/step.hbs"));
    assert!(
        d.message.contains("not a valid handlebars template"),
        "{d:#?}"
    );
    assert!(!p.path("build").exists(), "a failed build wrote a site");
}

#[test]
fn template_syntax_error_in_an_override_renders_with_the_default_partial() {
    // The CLI writes nothing on error, so the fallback is only visible
    // through the library (what `serve` shows while the template is broken).
    use procdoc::render::templates::Templates;
    let p = project(ONE_STEP).file("templates/partials/step.hbs", BROKEN_STEP_PARTIAL);
    let (proj, _) = procdoc::project::Project::load(p.root()).expect("load");
    let site = procdoc::site::load_site(&proj);
    let (templates, diags) = Templates::load(&proj.root, &proj.db);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["template-error"], "{diags:#?}");
    let (files, render_diags) = procdoc::site::render_site(&site, &templates, None);
    assert!(render_diags.is_empty(), "{render_diags:#?}");
    let page = files
        .iter()
        .find(|f| f.path == "html/index.html")
        .expect("index.html rendered");
    let html = String::from_utf8_lossy(&page.contents);
    assert!(
        html.contains("<section class=\"step\" id=\"one\">")
            && html.contains("<h3 class=\"step-heading\">One<a class=\"anchor\""),
        "the default step partial was not used:\n{html}"
    );
    assert!(!html.contains("class=\"mine\""), "{html}");
}

#[test]
fn io_error_when_the_output_folder_is_a_file() {
    let p = project("Title\n=====\n\nText.\n").file("out", "not a folder\n");
    let out = p.path("out");
    let run = p.build_with(&["--out", out.to_str().expect("UTF-8 path")]);
    run.assert_status(2);
    let d = only(&run, "io-error");
    assert_eq!(d.file, None);
    assert!(d.message.starts_with("cannot write the site to"), "{d:#?}");
    assert_eq!(
        std::fs::read_to_string(&out).expect("file kept"),
        "not a folder\n"
    );
}

// ----- output formats -----

#[test]
fn diagnostics_are_sorted_by_file_and_position() {
    let p = TestProject::new()
        .file("source/b.rst", "B\n=\n\n:frob:`x` {+nope+}\n")
        .file("source/a.rst", "A\n=\n\n{+nope+}\n\n:frob:`y`\n");
    let run = p.build();
    let at: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.file.as_deref(), d.line, d.column))
        .collect();
    assert_eq!(
        at,
        [
            (Some("source/a.rst"), Some(4), Some(1)),
            (Some("source/a.rst"), Some(6), Some(1)),
            (Some("source/b.rst"), Some(4), Some(1)),
            (Some("source/b.rst"), Some(4), Some(11)),
        ]
    );
    // Errors and warnings together: exit 1, and the summary counts both.
    run.assert_status(1);
    assert!(
        run.stderr
            .contains("build failed: 2 error(s), 2 warning(s)"),
        "{}",
        run.stderr
    );
}

#[test]
fn machine_formats_carry_every_diagnostic_and_people_see_a_cap() {
    // 10 000 unclosed `*a`: JSON lists every one, the summary counts every
    // one, and the human format shows 50 and then one line for the rest.
    let p = project(&format!("{}\n", "*a ".repeat(10_000)));
    let run = p.build();
    run.assert_status(0);
    assert_eq!(run.diags.len(), 10_000);
    assert!(run.diags.iter().all(|d| d.code == "unclosed-markup"));
    assert!(
        run.stderr.contains("(0 error(s), 10000 warning(s))"),
        "{}",
        run.stderr
    );
    let human = p.build_human();
    human.assert_status(0);
    assert_eq!(human.stderr.matches("warning[unclosed-markup]").count(), 51);
    assert!(
        human
            .stderr
            .contains("9950 more `unclosed-markup` diagnostic(s) in this file are not shown here"),
        "{}",
        &human.stderr[human.stderr.len().saturating_sub(2000)..]
    );
    assert!(human.stderr.contains("(0 error(s), 10000 warning(s))"));
}

#[test]
fn github_format() {
    let p = project("Title\n=====\n\nUse {+nope+}, then :frob:`x`.\n");
    let mut cmd = p.cmd();
    cmd.args(["--message-format", "github"]);
    let run = Run::new(&mut cmd);
    run.assert_status(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(
        lines[0].starts_with("::error file=source/index.rst,line=4,col=5,endLine=4,endColumn=13,title=undefined-constant::`nope` not defined as a source constant [undefined-constant]%0Ahelp: "),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::warning file=source/index.rst,line=4,col=20,"),
        "{}",
        lines[1]
    );
}

#[test]
fn human_format_undefined_constant() {
    let p = project("Title\n=====\n\n{+multi+} then {+qee+} here.\n");
    let run = p.build_human();
    run.assert_status(1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn human_format_include_cycle() {
    let p = project("Title\n=====\n\n.. include:: /includes/a.rst\n")
        .file("includes/a.rst", "A text.\n\n.. include:: b.rst\n")
        .file(
            "includes/b.rst",
            "B text.\n\n.. include:: /includes/a.rst\n",
        );
    let run = p.build_human();
    run.assert_status(1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn human_format_unknown_ref_and_warning() {
    let p =
        project(".. _install-guide:\n\nTitle\n=====\n\nSee :ref:`install-gide` and :frob:`x`.\n");
    let run = p.build_human();
    run.assert_status(1);
    insta::assert_snapshot!(run.stderr);
}

// ----- budgets against hostile input (issue 8) -----

#[test]
fn constant_too_large_exponential_constants_in_procdoc_toml() {
    // 40 levels of doubling: 2^40 bytes unless the budget stops it. It
    // used to abort the process allocating 2 GB even with no page using it.
    let mut toml = String::from("[constants]\nc0 = \"0123456789abcdef\"\n");
    for i in 1..=40 {
        toml.push_str(&format!("c{i} = \"{{+c{p}+}}{{+c{p}+}}\"\n", p = i - 1));
    }
    let p = TestProject::new()
        .config(&toml)
        .page("Home\n====\n\nNo constants here.\n");
    let run = p.build();
    run.assert_status(1);
    // c16 is 16 × 2^16 = 1 MiB; c17 is the first past the budget.
    let first = &run.diags[0];
    assert_at(first, "constant-too-large", "procdoc.toml", 19, 7);
    assert!(
        first
            .message
            .contains("`c17` uses `c16` ×2, and `c16` is 1048576 bytes"),
        "{first:#?}"
    );
    assert_eq!(run.codes(), ["constant-too-large"; 24]);
    assert!(!p.path("build").exists());
}

#[test]
fn page_too_large_literalinclude_amplification() {
    // Each literalinclude of a 40 kB file counts against the page budget
    // (set low here); the one that passes it is the located error.
    let page = (0..5)
        .map(|_| ".. literalinclude:: /includes/big.txt\n\n")
        .collect::<String>();
    let p = TestProject::new()
        .config("[limits]\npage-bytes = 150000\n")
        .file("includes/big.txt", "x".repeat(40_000))
        .page(&format!("Home\n====\n\n{page}"));
    let d = error_at(&p.build(), "page-too-large", "source/index.rst", 10, 21);
    assert!(d.message.contains("past 150000 bytes (150.0 kB)"), "{d:#?}");
    assert!(d.help.as_deref().unwrap_or("").contains("page-bytes"));
}

#[test]
fn literalinclude_counts_against_the_include_budget() {
    // 50 includes of a fragment holding 50 literalincludes: 2,550
    // expansions, past the budget of 2,000 (literalincludes used to be free).
    let frag = (0..50)
        .map(|_| ".. literalinclude:: /includes/small.txt\n\n")
        .collect::<String>();
    let page = (0..50)
        .map(|_| ".. include:: /includes/frag.rst\n\n")
        .collect::<String>();
    let p = TestProject::new()
        .file("includes/small.txt", "tiny\n")
        .file("includes/frag.rst", frag)
        .page(&format!("Home\n====\n\n{page}"));
    let run = p.build();
    run.assert_status(1);
    let d = run.one("include-too-deep");
    assert!(d.message.contains("literalincludes"), "{d:#?}");
    assert_eq!(d.file.as_deref(), Some("includes/frag.rst"));
}

#[test]
fn output_refused_out_is_a_file_system_root() {
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    let html_existed = std::path::Path::new("/html").exists();
    let run = p.build_with(&["--out", "/"]);
    run.assert_status(2);
    let d = run.one("output-refused");
    assert!(d.message.contains("file-system root"), "{d:#?}");
    if !html_existed {
        assert!(!std::path::Path::new("/html").exists());
    }
}

#[test]
fn output_refused_out_is_an_ancestor_of_the_docs_root() {
    let p = TestProject::new().page("Home\n====\n\nText.\n");
    let parent = p.root().parent().expect("temp dir has a parent");
    let run = p.build_with(&["--out", &parent.display().to_string()]);
    run.assert_status(2);
    assert!(run
        .one("output-refused")
        .message
        .contains("holds the docs root"));
    assert!(!parent.join("html").join(".procdoc-output").exists());
}

#[test]
fn missing_content_admonition_with_unindented_text() {
    // Regression (issue 13): an empty Note box rendered with no diagnostic.
    let run = project("Title\n=====\n\n.. warning::\nNot indented.\n").build();
    let d = error_at(&run, "missing-content", "source/index.rst", 4, 4);
    assert_eq!(
        d.message,
        "content block expected for the `warning` directive; none found"
    );
}

#[test]
fn missing_option_required_by_the_dialect() {
    let run = project("Title\n=====\n\n.. tab:: Shell\n\n   Body.\n").build();
    let d = error_at(&run, "missing-option", "source/index.rst", 4, 4);
    assert_eq!(d.message, "`tab` directive needs the `:tabid:` option");
}

#[test]
fn suspicious_comment_single_colon_directive() {
    // Regression (issue 13): `.. important:` became a comment silently.
    let p = project("Title\n=====\n\nText.\n\n.. important: Back up first.\n");
    let d = warning_at(&p, "suspicious-comment", "source/index.rst", 6, 4);
    assert_eq!(
        d.help.as_deref(),
        Some("write `.. important::` (two colons); to keep a comment, start it with another word")
    );
    // An ordinary comment is not flagged.
    project("Title\n=====\n\n.. TODO: later\n.. this: is prose\n")
        .build()
        .assert_clean();
}

#[test]
fn unknown_term_without_a_glossary_entry() {
    let p = project(
        "Title\n=====\n\nA :term:`namespaces` here.\n\n.. glossary::\n\n   namespace\n      A name.\n",
    );
    let d = warning_at(&p, "unknown-term", "source/index.rst", 4, 3);
    assert_eq!(d.help.as_deref(), Some("did you mean `namespace`?"));
}

#[test]
fn rstspec_invalid_toml() {
    let run = TestProject::new()
        .config("[project]\nrstspec = \"spec.toml\"\n")
        .file("spec.toml", "[directive.x\n")
        .page("Title\n=====\n")
        .build();
    let d = error_at(&run, "rstspec-invalid", "spec.toml", 1, 13);
    assert!(d.message.starts_with("invalid rstspec file"), "{d:#?}");
}

/// Giza YAML fragments (`includes/steps-*.yaml`, `extracts-*.yaml`): each
/// problem is located in the YAML file (more in `giza.rs`).
#[test]
fn giza_yaml_problems_are_located_in_the_yaml() {
    let cases: [(&str, &str, &str, &str, usize, usize); 5] = [
        (
            "steps/x",
            "steps-x.yaml",
            "title: [a\n",
            "yaml-syntax",
            2,
            1,
        ),
        (
            "steps/x",
            "steps-x.yaml",
            "title: T\ncontent:\n  a: b\n",
            "giza-invalid",
            3,
            3,
        ),
        (
            "extracts/x",
            "extracts-x.yaml",
            "ref: x\ninherit:\n  file: extracts-nope.yaml\n  ref: y\n",
            "inherit-not-found",
            3,
            9,
        ),
        (
            "extracts/x",
            "extracts-x.yaml",
            "ref: x\ninherit:\n  file: extracts-x.yaml\n  ref: x\n",
            "inherit-cycle",
            2,
            1,
        ),
        (
            "extracts/x",
            "extracts-x.yaml",
            "ref: x\ncontent: \"a {{b}}\"\n",
            "undefined-replacement",
            2,
            13,
        ),
    ];
    for (frag, file, yaml, code, line, column) in cases {
        let run = project(&format!(
            "Page\n====\n\n.. include:: /includes/{frag}.rst\n"
        ))
        .file(&format!("includes/{file}"), yaml)
        .build();
        assert_eq!(run.status, 1, "{code}");
        assert_at(
            only(&run, code),
            code,
            &format!("includes/{file}"),
            line,
            column,
        );
    }
}

/// Codes that `procdoc build` never emits (they belong to `procdoc test`,
/// the JSON snippet checker, and `procdoc diff`: duplicate-tabid, tested in
/// tests/diff_fixtures.rs).
const NOT_FROM_BUILD: &[&str] = &[
    "duplicate-tabid",
    "json-syntax",
    "schema-violation",
    "schema-invalid",
    "unknown-action",
    "wildcard-action",
    "wildcard-resource",
    "invalid-resource-arn",
    "principal-in-identity-policy",
    "duplicate-sid",
    "missing-version",
    "pinned-actions",
    "secret-in-snippet",
    "duplicate-key",
    "json-limit",
    "invalid-allow",
];

/// Every code of `procdoc::diag::Code::ALL` that the build can emit has a
/// test in this file: its name appears here as a string literal outside
/// [`NOT_FROM_BUILD`]. A new code fails this test until it has one.
#[test]
fn every_build_code_is_covered() {
    let this = include_str!("diagnostics.rs");
    let tests = &this[..this.find("const NOT_FROM_BUILD").expect("list")];
    let missing: Vec<&str> = procdoc::diag::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|name| !NOT_FROM_BUILD.contains(name))
        .filter(|name| !tests.contains(&format!("\"{name}\"")))
        .collect();
    assert!(missing.is_empty(), "codes without a test: {missing:?}");
}
