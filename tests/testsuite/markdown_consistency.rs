//! The Markdown of every page says what its HTML says: the same words, the
//! same link URLs and the same code, read back with pulldown-cmark (GFM).
//! See [`crate::extract`] for what counts as "the same".

use crate::extract::{
    broken_html_links, broken_markdown_links, html_ids, html_visible, main_nodes, markdown_visible,
    parse_html, Visible,
};
use crate::support::{tree, TestProject};

/// Compares every page of a built project; returns one report per mismatch.
fn compare_all(p: &TestProject) -> Vec<String> {
    let mut problems = Vec::new();
    let out = p.path("build");
    let pages: Vec<String> = tree(&out.join("markdown"))
        .into_iter()
        .filter_map(|(path, _)| path.strip_suffix(".md").map(str::to_string))
        // `diff/` holds variant comparison reports, not renderings of a
        // page: their HTML (side by side) and Markdown (a pull-request
        // comment) are different reports by design.
        .filter(|page| !page.starts_with("diff/"))
        .collect();
    assert!(!pages.is_empty(), "no Markdown output");
    for page in pages {
        let html = p.output(&format!("html/{page}.html"));
        let md = p.output(&format!("markdown/{page}.md"));
        let h = html_visible(&main_nodes(&html));
        let m = match markdown_visible(&md) {
            Ok(m) => m,
            Err(e) => {
                problems.push(format!("{page}: {e}"));
                continue;
            }
        };
        if let Some(diff) = difference(&h, &m) {
            problems.push(format!("{page}: {diff}"));
        }
    }
    problems
}

/// Describes the first difference between two readings, if any.
fn difference(html: &Visible, md: &Visible) -> Option<String> {
    if html.words != md.words {
        let at = html
            .words
            .iter()
            .zip(&md.words)
            .position(|(a, b)| a != b)
            .unwrap_or(html.words.len().min(md.words.len()));
        let from = at.saturating_sub(8);
        let ctx = |w: &[String]| w[from.min(w.len())..(at + 8).min(w.len())].join(" ");
        return Some(format!(
            "words differ at word {at}:\n  html: …{}…\n  md:   …{}…",
            ctx(&html.words),
            ctx(&md.words)
        ));
    }
    if html.links != md.links {
        return Some(format!(
            "links differ:\n  html: {:#?}\n  md:   {:#?}",
            html.links, md.links
        ));
    }
    if html.code != md.code {
        return Some(format!(
            "code blocks differ:\n  html: {:#?}\n  md:   {:#?}",
            html.code, md.code
        ));
    }
    None
}

#[test]
fn bundled_markdown_matches_html() {
    let p = TestProject::bundled();
    p.build().assert_clean();
    let problems = compare_all(&p);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn constructs_markdown_matches_html() {
    let p = TestProject::fixture("constructs");
    p.build().assert_clean();
    let problems = compare_all(&p);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn unknown_constructs_markdown_matches_html() {
    let p = TestProject::fixture("unknown");
    p.build().assert_status(0);
    let problems = compare_all(&p);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_comparison_sees_real_differences() {
    // Guard against a checker that always agrees.
    let html = main_nodes(
        "<main><p>Use <abbr title=\"Key Management Service\">KMS</abbr> <a href=\"x.html#a\">here</a>.</p><pre><code>a\nb</code></pre></main>",
    );
    let h = html_visible(&html);
    assert_eq!(
        h.words,
        ["Use", "KMS", "(Key", "Management", "Service)", "here."]
    );
    let same =
        markdown_visible("Use KMS (Key Management Service) [here](x.md#a).\n\n```\na\nb\n```\n")
            .expect("ok");
    assert_eq!(difference(&h, &same), None);
    for other in [
        "Use KMS [here](x.md#a).\n\n```\na\nb\n```\n",
        "Use KMS (Key Management Service) [here](y.md#a).\n\n```\na\nb\n```\n",
        "Use KMS (Key Management Service) [here](x.md#a).\n\n```\na\nb \n```\n",
    ] {
        let m = markdown_visible(other).expect("ok");
        assert!(difference(&h, &m).is_some(), "{other}");
    }
}

#[test]
fn constructs_links_resolve_and_ids_are_unique() {
    let p = TestProject::fixture("constructs");
    p.build().assert_clean();
    let broken = broken_html_links(&p.path("build/html"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let broken = broken_markdown_links(&p.path("build/markdown"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    for (path, bytes) in tree(&p.path("build/html")) {
        if path.ends_with(".html") {
            let nodes = parse_html(&String::from_utf8(bytes).expect("UTF-8"))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            let (_, dups) = html_ids(&nodes);
            assert!(dups.is_empty(), "{path}: duplicate ids {dups:?}");
        }
    }
}

#[test]
fn label_named_like_its_section_duplicates_the_id() {
    // Regression: `.. _usage:` before "Usage" gave `<span id="usage">` and
    // `<section id="usage">` (and two `<a id="usage">` in Markdown); two
    // sections with the same title also shared an id.
    let p = TestProject::new().page(
        "=====\nTitle\n=====\n\n.. _usage:\n\nUsage\n-----\n\nText.\n\nOther\n-----\n\nUsage\n~~~~~\n\nMore.\n",
    );
    p.build().assert_clean();
    let nodes = parse_html(&p.output("html/index.html")).expect("well formed");
    let (_, dups) = html_ids(&nodes);
    assert!(dups.is_empty(), "duplicate ids {dups:?}");
    let md = p.output("markdown/index.md");
    assert_eq!(md.matches("<a id=\"usage\"></a>").count(), 1, "{md}");
}
