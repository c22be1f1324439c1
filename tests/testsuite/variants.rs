//! Variant pairs in the built site: each page showing one side of a
//! `[[diff]]` pair links to its comparison page, the comparison page links
//! back to both pages, and the index says what each page is.

use crate::support::TestProject;

const CONFIG: &str = r#"[project]
title = "Variants"

[[diff]]
left = "includes/csfle/steps.rst"
right = "includes/qe/steps.rst"
equivalent = [["CSFLE", "QE"]]
"#;

fn project() -> TestProject {
    TestProject::new()
        .config(CONFIG)
        .file(
            "source/csfle/tutorial.rst",
            "==============\nCSFLE Tutorial\n==============\n\n.. include:: /includes/csfle/steps.rst\n",
        )
        .file(
            "source/qe/tutorial.rst",
            "===========\nQE Tutorial\n===========\n\n.. include:: /includes/qe/steps.rst\n",
        )
        .file("source/about.rst", "=====\nAbout\n=====\n\nNo steps here.\n")
        .file(
            "includes/csfle/steps.rst",
            "a. Install the driver.\n\n   Use CSFLE.\n\nb. Create a key.\n\n   .. important:: Keep it\n\n      Store the key safely.\n",
        )
        .file(
            "includes/qe/steps.rst",
            ".. procedure::\n\n   .. step:: Install the driver.\n\n      Use QE.\n\n   .. step:: Create a key.\n\n      .. important:: Keep it\n\n         Store the key somewhere safe.\n",
        )
}

#[test]
fn pages_link_to_their_comparison_and_back() {
    let p = project();
    p.build().assert_clean();
    let csfle = p.output("html/csfle/tutorial.html");
    assert!(
        csfle.contains(
            "<p class=\"variant-compare\"><a href=\"../diff/includes/csfle/steps.html\">Compare with “QE Tutorial”</a></p>"
        ),
        "{csfle}"
    );
    // Under the title, not above it.
    assert!(csfle.find("CSFLE Tutorial</h1>") < csfle.find("variant-compare"));
    let qe = p.output("html/qe/tutorial.html");
    assert!(
        qe.contains(
            "<a href=\"../diff/includes/csfle/steps.html\">Compare with “CSFLE Tutorial”</a>"
        ),
        "{qe}"
    );
    assert!(!p.output("html/about.html").contains("variant-compare"));
    let md = p.output("markdown/csfle/tutorial.md");
    assert!(
        md.contains(
            "# CSFLE Tutorial\n\n[Compare with “QE Tutorial”](../diff/includes/csfle/steps.md)\n"
        ),
        "{md}"
    );

    let cmp = p.output("html/diff/includes/csfle/steps.html");
    assert!(
        cmp.contains("<h1>Compare: CSFLE Tutorial ↔ QE Tutorial</h1>"),
        "{cmp}"
    );
    for back in [
        "<a class=\"diff-page-link\" href=\"../../../csfle/tutorial.html\">CSFLE Tutorial</a>",
        "<a class=\"diff-page-link\" href=\"../../../qe/tutorial.html\">QE Tutorial</a>",
    ] {
        assert!(cmp.contains(back), "missing {back} in:\n{cmp}");
    }
    // The pair list names the pair by the page titles too.
    let list = p.output("html/diff/index.html");
    assert!(list.contains(">CSFLE Tutorial</a>"), "{list}");
    // Markdown has a comparison page per pair as well, named by the titles.
    let md = p.output("markdown/diff/includes/csfle/steps.md");
    assert!(md.contains("### CSFLE Tutorial ↔ QE Tutorial\n"), "{md}");
}

#[test]
fn index_says_what_each_page_is() {
    let p = project();
    p.build().assert_clean();
    let html = p.output("html/index.html");
    let index = crate::support::main_of(&html);
    let item = |title: &str| -> String {
        let at = index.find(&format!(">{title}</a>")).expect(title);
        let end = index[at..].find("</li>").expect("end of item") + at;
        crate::support::squash(&index[at..end])
    };
    let csfle = item("CSFLE Tutorial");
    assert!(
        csfle.contains("— 2 steps as a numbered list; a variant of “QE Tutorial” ("),
        "{csfle}"
    );
    assert!(
        csfle.contains("href=\"./diff/includes/csfle/steps.html\">compare them</a>"),
        "{csfle}"
    );
    let qe = item("QE Tutorial");
    assert!(
        qe.contains("— a procedure in 2 steps; a variant of “CSFLE Tutorial”"),
        "{qe}"
    );
    assert!(item("About").contains("— a page without steps."));
    assert!(
        index.contains(
            ">CSFLE Tutorial ↔ QE Tutorial</a> — a comparison of the two variants, step by step."
        ),
        "{index}"
    );
    let md = p.output("markdown/index.md");
    assert!(
        md.contains("[compare them](./diff/includes/csfle/steps.md)"),
        "{md}"
    );
}

#[test]
fn comparison_page_speaks_prose() {
    let p = project();
    p.build().assert_clean();
    let cmp = p.output("html/diff/includes/csfle/steps.html");
    // One line about the two ways of writing steps, not one per step.
    assert_eq!(cmp.matches("class=\"diff-style\"").count(), 1, "{cmp}");
    assert!(cmp.contains(
        "The left variant writes its steps as a numbered list, the right one as a procedure"
    ));
    assert!(!cmp.contains("list item a."), "{cmp}");
    // The step number appears once in each step's summary.
    assert!(
        cmp.contains("<span class=\"diff-step-title\">step 1 — Install the driver.</span>"),
        "{cmp}"
    );
    assert!(!cmp.contains("— 1. "), "{cmp}");
    // Row labels in words, no directive names.
    assert!(cmp.contains("Important: Keep it"), "{cmp}");
    assert!(!cmp.contains("important:"), "{cmp}");
}
