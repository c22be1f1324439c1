//! Images and figures, footnotes and citations, and tab sets, from
//! `tests/fixtures/media/`: the image files are copied once into both
//! output trees and referenced by paths relative to each page; footnotes
//! are numbered per page with links both ways (Markdown `[^n]` footnotes
//! that pulldown-cmark reads back); tabs are labelled sections in the HTML
//! (the script makes the strip) and bold labels in Markdown, the same for
//! rST and legacy YAML tab sets.

use crate::support::{main_of, tree, TestProject};
use pulldown_cmark::{Event, Options, Parser, Tag};

fn built() -> TestProject {
    let p = TestProject::fixture("media");
    p.build().assert_clean();
    p
}

#[test]
fn images_are_copied_once_into_each_tree_with_relative_urls() {
    let p = built();
    let files = tree(&p.path("build"));
    let images: Vec<&str> = files
        .iter()
        .map(|(path, _)| path.as_str())
        .filter(|path| path.contains("_images/"))
        .collect();
    assert_eq!(
        images,
        [
            "html/_images/guide/shape.svg",
            "html/_images/images/dot.png",
            "markdown/_images/guide/shape.svg",
            "markdown/_images/images/dot.png",
        ]
    );
    let png = std::fs::read(p.path("source/images/dot.png")).unwrap();
    assert_eq!(
        std::fs::read(p.path("build/html/_images/images/dot.png")).unwrap(),
        png
    );
    let html = p.output("html/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(
            "<a class=\"image-link\" href=\"https://example.com/dot\"><img src=\"./_images/images/dot.png\" alt=\"A green dot\" width=\"120\" height=\"40\" loading=\"lazy\"></a>"
        ),
        "{main}"
    );
    assert!(main.contains("<figure class=\"figure align-center\" style=\"width:50%\">"));
    assert!(main.contains("<img src=\"./_images/guide/shape.svg\" alt=\"A square\""));
    assert!(main.contains(
        "<figcaption><p>The square&#39;s caption.</p>\n<div class=\"legend\">\n<p>Its legend paragraph.</p>\n</div></figcaption>"
    ), "{main}");
    // The substitution image, inline.
    assert!(main.contains("A dot inline: <img src=\"./_images/images/dot.png\" alt=\"green dot\""));
    // A page one folder down reaches the same copy.
    let nested = p.output("html/guide/page.html");
    assert!(nested.contains("<img src=\"../_images/guide/shape.svg\" alt=\"The square again\""));
    let md = p.output("markdown/index.md");
    assert!(md.contains("A dot inline: ![green dot](./_images/images/dot.png)."));
    assert!(md.contains("[![A green dot](./_images/images/dot.png)](https://example.com/dot)"));
    assert!(md.contains("![A square](./_images/guide/shape.svg)\n\n*The square's caption.*\n\nIts legend paragraph."));
    assert!(p
        .output("markdown/guide/page.md")
        .contains("![The square again](../_images/guide/shape.svg)"));
}

#[test]
fn footnotes_are_numbered_per_page_with_links_both_ways() {
    let p = built();
    let html = p.output("html/index.html");
    let main = main_of(&html);
    for (target, id, shown) in [
        ("fn-1", "fnref-1-1", "1"),
        ("fn-2", "fnref-2-1", "2"),
        ("fn-3", "fnref-3-1", "3"),
        ("fn-sym-1", "fnref-sym-1-1", "*"),
        ("cite-docs2021", "ref-cite-docs2021-1", "DOCS2021"),
        ("fn-1", "fnref-1-2", "1"),
    ] {
        let want = format!(
            "<sup class=\"footnote-ref\"><a href=\"#{target}\" id=\"{id}\" role=\"doc-noteref\">[{shown}]</a></sup>"
        );
        assert!(main.contains(&want), "{want}\n{main}");
    }
    assert!(main.contains(
        "<aside class=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">\n<span class=\"footnote-label\">[1]</span> <a class=\"footnote-backref\" href=\"#fnref-1-1\" role=\"doc-backlink\" aria-label=\"Back to reference 1\">↩</a> <a class=\"footnote-backref\" href=\"#fnref-1-2\""
    ), "{main}");
    assert!(main.contains(
        "<aside class=\"footnote citation\" role=\"doc-biblioentry\" id=\"cite-docs2021\">"
    ));
    // Auto-numbering skips nothing here ([7] is written by hand, later).
    assert!(main.contains("id=\"fn-7\">\n<span class=\"footnote-label\">[7]</span>\n"));

    let md = p.output("markdown/index.md");
    assert!(md.contains("Notes [^1], auto [^2], named [^3], symbol [^sym-1] and a citation\n[^cite-docs2021]; the first again [^1]."), "{md}");
    assert!(md.contains("[^2]: The first auto-numbered note."));
    // A note nobody references stays visible (Markdown would drop it).
    assert!(md.contains("**\\[7\\]** A note nobody references."));
    // pulldown-cmark with footnotes reads every reference and definition.
    let mut refs = Vec::new();
    let mut defs = Vec::new();
    for e in Parser::new_ext(&md, Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES) {
        match e {
            Event::FootnoteReference(l) => refs.push(l.to_string()),
            Event::Start(Tag::FootnoteDefinition(l)) => defs.push(l.to_string()),
            _ => {}
        }
    }
    assert_eq!(refs, ["1", "2", "3", "sym-1", "cite-docs2021", "1"]);
    assert_eq!(defs, ["1", "2", "3", "sym-1", "cite-docs2021"]);
}

#[test]
fn tab_sets_are_labelled_sections_in_html_and_markdown() {
    let p = built();
    let html = p.output("html/index.html");
    let main = main_of(&html);
    let set = "<section class=\"tab-panel\" data-tabid=\"shell\" data-label=\"MongoDB Shell\">\n\
        <p class=\"tab-label\" role=\"heading\" aria-level=\"4\">MongoDB Shell</p>\n";
    assert_eq!(
        main.matches(&format!(
            "<div class=\"tabs\" data-tabset=\"drivers\">\n{set}"
        ))
        .count(),
        1,
        "{main}"
    );
    // `:hidden: true` is kept for the script (its strip gives way to the
    // page's selector).
    assert_eq!(
        main.matches(&format!(
            "<div class=\"tabs\" data-tabset=\"drivers\" data-hidden=\"true\">\n{set}"
        ))
        .count(),
        1,
        "{main}"
    );
    assert!(main.contains("<p>YAML shell text with <em>emphasis</em>.</p>"));
    assert!(main.contains("data-tabid=\"python\" data-label=\"Python\""));
    assert!(main.contains("<div class=\"tabs\" data-tabset=\"\">"));
    assert!(main.contains("data-tabid=\"first\" data-label=\"A Rather Long First Tab Label\""));
    // The selector is an empty box the script fills with a drop-down.
    assert!(main.contains("<div class=\"tabs-selector\" data-tabset=\"drivers\"></div>"));
    let js = p.output("html/_static/procdoc.js");
    for needle in [
        "role\", \"tablist\"",
        "aria-selected",
        "ArrowRight",
        "data-tabset",
    ] {
        assert!(js.contains(needle), "{needle}");
    }
    let md = p.output("markdown/index.md");
    assert!(
        md.contains("**MongoDB Shell**\n\nShell text.\n\n**Python**\n\nPython text."),
        "{md}"
    );
    assert!(md.contains(
        "**MongoDB Shell**\n\nYAML shell text with *emphasis*.\n\n**Python**\n\nYAML python text."
    ));
    assert!(md.contains("**A Rather Long First Tab Label**\n\nFirst tab."));
}

#[test]
fn yaml_tab_content_diagnostics_point_into_the_yaml() {
    let p = TestProject::new().page(
        "Title\n=====\n\n.. tabs::\n\n   tabs:\n     - id: one\n       name: One\n       content: |\n         Text with :nosuchrole:`x`.\n",
    );
    let run = p.build();
    run.assert_status(0);
    assert_eq!(run.codes(), ["unknown-role"], "{}", run.report());
    let d = &run.diags[0];
    assert_eq!(
        d.at(),
        ("unknown-role", Some("source/index.rst"), Some(10), Some(20))
    );
    let md = p.output("markdown/index.md");
    assert!(md.contains("**One**\n\nText with"), "{md}");
}

/// A page of scaled images, with `dot.png` beside it.
fn scaled(rst: &str) -> TestProject {
    let png = std::fs::read(
        crate::support::repo_root().join("tests/fixtures/media/source/images/dot.png"),
    )
    .unwrap();
    TestProject::new().file("source/dot.png", png).page(rst)
}

/// `:scale:` multiplies `:width:` and `:height:` as docutils does (pixels
/// stay attributes, other lengths become one style); without a size the
/// browser scales the picture (`zoom`); Markdown cannot size an image, so
/// it stays `![alt](path)`.
#[test]
fn image_scale_multiplies_the_given_size() {
    let p = scaled(
        "Scale\n=====\n\n\
         .. image:: dot.png\n   :alt: half\n   :width: 120px\n   :height: 40\n   :scale: 50%\n\n\
         .. image:: dot.png\n   :alt: odd\n   :width: 75\n   :scale: 90 %\n\n\
         .. figure:: dot.png\n   :alt: relative\n   :width: 50%\n   :height: 3em\n   :scale: 150\n\n   Caption.\n\n\
         .. image:: dot.png\n   :alt: bare\n   :scale: 25%\n\n\
         .. image:: dot.png\n   :alt: same\n   :width: 10px\n   :scale: 100%\n\n\
         .. |d| image:: dot.png\n   :alt: inline\n   :width: 30px\n   :scale: 200%\n\n\
         Inline |d|.\n",
    );
    p.build().assert_clean();
    let html = p.output("html/index.html");
    let main = main_of(&html);
    for img in [
        "<img src=\"./_images/dot.png\" alt=\"half\" width=\"60\" height=\"20\" loading=\"lazy\">",
        // 75 × 0.9 = 67.5 pixels: attributes are whole pixels.
        "<img src=\"./_images/dot.png\" alt=\"odd\" width=\"68\" loading=\"lazy\">",
        "<img src=\"./_images/dot.png\" alt=\"relative\" style=\"width:75%;height:4.5em\" loading=\"lazy\">",
        "<img src=\"./_images/dot.png\" alt=\"bare\" style=\"zoom:25%\" loading=\"lazy\">",
        "<img src=\"./_images/dot.png\" alt=\"same\" width=\"10\" loading=\"lazy\">",
        "Inline <img src=\"./_images/dot.png\" alt=\"inline\" width=\"60\" loading=\"lazy\">",
    ] {
        assert!(main.contains(img), "{img}\nnot in\n{main}");
    }
    let md = p.output("markdown/index.md");
    for alt in ["half", "odd", "relative", "bare", "same"] {
        assert!(
            md.contains(&format!("![{alt}](./_images/dot.png)\n")),
            "{alt}\n{md}"
        );
    }
    assert!(md.contains("Inline ![inline](./_images/dot.png)."), "{md}");
}

/// A `:scale:` that is not a percentage of 0 or more is an error at its
/// line, with the form to write; the image is kept at its given size.
#[test]
fn a_bad_image_scale_is_located_with_a_hint() {
    let p = scaled(
        "Scale\n=====\n\n\
         .. image:: dot.png\n   :alt: word\n   :width: 80\n   :scale: abc\n\n\
         .. figure:: dot.png\n   :alt: negative\n   :scale: -50%\n\n\
         .. |d| image:: dot.png\n   :scale: 5O%\n\n\
         Inline |d|.\n",
    );
    let run = p.build_with(&["--keep-going"]);
    run.assert_status(1);
    let bad: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.at(), d.message.as_str(), d.help.as_deref()))
        .collect();
    let hint = Some("write a percentage of 0 or more, e.g. `:scale: 50%`");
    let f = Some("source/index.rst");
    assert_eq!(
        bad,
        [
            (
                ("invalid-option-value", f, Some(7), Some(4)),
                "invalid value `abc` for `:scale:`: expected a percentage of 0 or more (like `50%`)",
                hint
            ),
            (
                ("invalid-option-value", f, Some(11), Some(4)),
                "invalid value `-50%` for `:scale:`: expected a percentage of 0 or more (like `50%`)",
                hint
            ),
            (
                ("invalid-option-value", f, Some(14), Some(4)),
                "invalid value `5O%` for `:scale:`: expected a percentage of 0 or more (like `50%`)",
                hint
            ),
        ]
    );
    let html = p.output("html/index.html");
    assert!(
        html.contains("alt=\"word\" width=\"80\" loading=\"lazy\">"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"negative\" loading=\"lazy\">"),
        "{html}"
    );
}
