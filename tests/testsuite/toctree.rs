//! The site hierarchy from `.. toctree::` (issue 9, item 6): reading order
//! for previous/next, breadcrumbs, the navigation tree in `_static/nav.js`,
//! page options as template metadata, and unknown entries as errors.

use crate::support::{main_of, TestProject};

fn site() -> TestProject {
    TestProject::new()
        .file(
            "source/index.rst",
            "Home Page\n=========\n\n.. toctree::\n   :titlesonly:\n\n   /guide/\n   Last One </zeta>\n   MongoDB <https://www.mongodb.com/>\n",
        )
        .file(
            "source/guide.rst",
            "Guide\n=====\n\nIntro.\n\n.. toctree::\n\n   alpha\n",
        )
        .file("source/alpha.rst", "Alpha\n=====\n\nA.\n")
        .file(
            "source/zeta.rst",
            ":noprevnext:\n:template: landing\n\nZeta\n====\n\nZ.\n",
        )
        .file("source/orphan.rst", ":orphan:\n\nOrphan\n======\n\nO.\n")
}

fn nav_of(html: &str) -> &str {
    let start = html.find("id=\"site-nav-tree\"").expect("nav");
    let end = html[start..].find("</ul>").expect("end of nav") + start;
    &html[start..end]
}

#[test]
fn toctree_gives_reading_order_and_breadcrumbs() {
    let p = site();
    p.build().assert_clean();
    // Reading order: index, guide, alpha, zeta (not by name: alpha < guide).
    let alpha = p.output("html/alpha.html");
    let nav = nav_of(&alpha);
    assert!(
        nav.contains("href=\"./guide.html\" rel=\"prev\">← Guide<"),
        "{nav}"
    );
    assert!(
        nav.contains("href=\"./zeta.html\" rel=\"next\">Zeta →<"),
        "{nav}"
    );
    let crumbs = main_of(&alpha);
    assert!(
        crumbs.contains("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><ol><li><a href=\"./index.html\">Home</a></li><li><a href=\"./guide.html\">Guide</a></li><li aria-current=\"page\">Alpha</li></ol></nav>"),
        "{crumbs}"
    );
    // The guide's toctree is not shown in the page.
    let guide = p.output("html/guide.html");
    assert!(!main_of(&guide).contains("alpha"), "{}", main_of(&guide));
    // The root page has no breadcrumbs.
    assert!(!p
        .output("html/index.html")
        .contains("class=\"breadcrumbs\""));
    // An orphan page is outside the reading order: no prev/next.
    let orphan = p.output("html/orphan.html");
    assert!(
        !nav_of(&orphan).contains("rel=\"prev\""),
        "{}",
        nav_of(&orphan)
    );
    assert!(!nav_of(&orphan).contains("rel=\"next\""));
    // nav.js carries each page's parent and the reading order.
    let js = p.output("html/_static/nav.js");
    assert!(js.contains("[\"alpha\",\"Alpha\",1]"), "{js}");
    assert!(js.contains("var order = [2,1,0,4];"), "{js}");
}

#[test]
fn page_options_are_metadata_not_text() {
    let p = site().file(
        "templates/layout.hbs",
        "<html><body data-template=\"{{page_options.template}}\">{{{nav_html}}}<main>{{{body}}}</main></body></html>\n",
    );
    p.build().assert_clean();
    let zeta = p.output("html/zeta.html");
    assert!(zeta.contains("data-template=\"landing\""), "{zeta}");
    assert!(!zeta.contains("noprevnext"), "{zeta}");
    // :noprevnext: drops the previous/next links of that page only.
    assert!(!zeta.contains("rel=\"prev\""), "{zeta}");
    assert!(p.output("html/alpha.html").contains("rel=\"next\""));
    let md = p.output("markdown/zeta.md");
    assert!(!md.contains("template"), "{md}");
}

#[test]
fn toctree_entry_naming_no_page_is_an_error_with_did_you_mean() {
    let p = site().file(
        "source/guide.rst",
        "Guide\n=====\n\n.. toctree::\n\n   alpha\n   alpah\n",
    );
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["unknown-doc"], "{}", run.report());
    let d = &run.diags[0];
    assert_eq!(
        d.at(),
        ("unknown-doc", Some("source/guide.rst"), Some(7), Some(4))
    );
    assert_eq!(d.message, "unknown page `alpah` in toctree");
    assert_eq!(d.help.as_deref(), Some("did you mean `/alpha`?"));
}

#[test]
fn cyclic_and_deep_toctrees_stay_linear() {
    // a → b → a (a cycle) and a chain 300 pages deep: each page listed
    // once, every page's navigation bounded by the ancestor cap.
    let mut p = TestProject::new().file(
        "source/index.rst",
        "Home\n====\n\n.. toctree::\n\n   /p000\n",
    );
    for i in 0..300 {
        let next = if i == 299 {
            "/index".to_string()
        } else {
            format!("/p{:03}", i + 1)
        };
        p = p.file(
            &format!("source/p{i:03}.rst"),
            format!("P{i}\n====\n\n.. toctree::\n\n   {next}\n"),
        );
    }
    p.build().assert_clean();
    let deep = p.output("html/p299.html");
    let nav = nav_of(&deep);
    // Home + 12 ancestors + the page + prev.
    assert_eq!(nav.matches("<li").count(), 15, "{nav}");
    let shallow = p.output("html/p013.html");
    assert_eq!(nav_of(&shallow).matches("<li").count(), 16);
}
