//! References the way snooty reads them (issue 9, item 3): a label before a
//! heading takes its title even where the previous section ends at the
//! label; `:doc:` allows a trailing slash; labels that differ only in case
//! over one heading are one label; an untitled `:ref:` to a label that names
//! no heading is an error (`ref-without-title`), as in snooty.

use crate::support::{main_of, TestProject};

fn two_pages(index: &str, other: &str) -> TestProject {
    TestProject::new()
        .file("source/index.rst", index)
        .file("source/other.rst", other)
}

#[test]
fn label_that_ends_a_section_names_the_next_heading() {
    // The label sits at the end of "First"'s content, so in the tree it is
    // the last child of that section; it still names "Second Part".
    let p = two_pages(
        "Home\n====\n\nSee :ref:`second-part`.\n",
        "Other\n=====\n\nFirst\n-----\n\nText.\n\n.. _second-part:\n.. _Second-Part:\n\nSecond Part\n-----------\n\nMore.\n",
    );
    let run = p.build();
    run.assert_clean();
    let html = p.output("html/index.html");
    assert!(
        main_of(&html).contains(">Second Part</a>"),
        "{}",
        main_of(&html)
    );
    let md = p.output("markdown/index.md");
    assert!(md.contains("[Second Part](./other.md#second-part)"), "{md}");
}

#[test]
fn ref_without_title_to_a_label_before_a_paragraph_is_an_error() {
    let p = two_pages(
        "Home\n====\n\nSee :ref:`just-text` and :ref:`words <just-text>`.\n",
        "Other\n=====\n\nIntro.\n\n.. _just-text:\n\nA paragraph, not a heading.\n",
    );
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["ref-without-title"], "{}", run.report());
    let d = &run.diags[0];
    assert_eq!(
        d.at(),
        (
            "ref-without-title",
            Some("source/index.rst"),
            Some(4),
            Some(5)
        )
    );
    assert!(d
        .help
        .as_deref()
        .unwrap()
        .contains(":ref:`text <just-text>`"));
}

#[test]
fn label_before_an_include_names_the_include_not_its_heading() {
    // snooty does not look into the included fragment for a title.
    let p = two_pages(
        "Home\n====\n\nSee :ref:`frag`.\n",
        "Other\n=====\n\nIntro.\n\n.. _frag:\n\n.. include:: /includes/frag.rst\n",
    )
    .file(
        "includes/frag.rst",
        "Fragment Heading\n----------------\n\nBody.\n",
    );
    let run = p.build();
    assert_eq!(run.codes(), ["ref-without-title"], "{}", run.report());
}

#[test]
fn doc_with_a_trailing_slash_is_the_page() {
    let p = two_pages(
        "Home\n====\n\nSee :doc:`/other/` and :doc:`the root </>`.\n",
        "Other Page\n==========\n\nText.\n",
    );
    p.build().assert_clean();
    let html = p.output("html/index.html");
    assert!(
        main_of(&html).contains(">Other Page</a>"),
        "{}",
        main_of(&html)
    );
    assert!(
        main_of(&html).contains(">the root</a>"),
        "{}",
        main_of(&html)
    );
}

#[test]
fn labels_differing_in_case_are_duplicates_only_for_different_targets() {
    let same = two_pages(
        "Home\n====\n\n.. _wired:\n.. _Wired:\n\nWired\n-----\n\nText.\n",
        "Other\n=====\n\n:ref:`wired`\n",
    );
    same.build().assert_clean();
    let different = two_pages(
        "Home\n====\n\n.. _wired:\n\nWired\n-----\n\nText.\n",
        "Other\n=====\n\n.. _Wired:\n\nAgain\n-----\n\nText.\n",
    );
    let run = different.build();
    assert_eq!(run.codes(), ["duplicate-label"], "{}", run.report());
    assert_eq!(
        run.diags[0].at(),
        (
            "duplicate-label",
            Some("source/other.rst"),
            Some(4),
            Some(1)
        )
    );
}

#[test]
fn empty_replace_substitution_is_defined() {
    // `replace:: \ ` (an escaped space) defines an empty text, used in the
    // Manual to switch a sentence off on one page.
    let p =
        TestProject::new().page("Title\n=====\n\n.. |opt| replace:: \\ \n\nBefore |opt| after.\n");
    p.build().assert_clean();
    let html = p.output("html/index.html");
    assert!(
        main_of(&html).contains("Before  after."),
        "{}",
        main_of(&html)
    );
}

#[test]
fn untitled_step_is_a_warning_and_renders_no_empty_heading() {
    let p = TestProject::new().page(
        "Title\n=====\n\n.. procedure::\n\n   .. step:: One\n\n      A.\n\n   .. step::\n\n      B.\n",
    );
    let run = p.build();
    run.assert_status(0);
    assert_eq!(run.codes(), ["missing-argument"]);
    assert_eq!(run.diags[0].severity, "warning");
    assert_eq!(
        run.diags[0].at(),
        (
            "missing-argument",
            Some("source/index.rst"),
            Some(10),
            Some(7)
        )
    );
    let html = p.output("html/index.html");
    assert_eq!(
        main_of(&html)
            .matches("<h3 class=\"step-heading\">")
            .count(),
        1
    );
    assert!(
        main_of(&html).contains("id=\"step-2\""),
        "{}",
        main_of(&html)
    );
}
