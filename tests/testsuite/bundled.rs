//! The bundled project of the repository root (the two AWS IAM tutorials):
//! it builds cleanly, and the output says what the sources say.

use crate::extract::{broken_html_links, find_all, main_nodes, parse_html, Node};
use crate::support::{main_of, squash, tree, TestProject};

const PAGES: [&str; 2] = ["csfle/aws-iam-user", "qe/aws-iam-user"];

fn built() -> TestProject {
    let p = TestProject::bundled();
    p.build().assert_clean();
    p
}

#[test]
fn builds_with_zero_diagnostics() {
    let p = TestProject::bundled();
    let run = p.build();
    run.assert_clean();
    assert!(
        run.stderr.contains("built ") && run.stderr.contains("(0 error(s), 0 warning(s))"),
        "{}",
        run.stderr
    );
    for page in PAGES {
        assert!(p.path(&format!("build/html/{page}.html")).is_file());
        assert!(p.path(&format!("build/markdown/{page}.md")).is_file());
    }
    // Deny-warnings changes nothing for a clean project.
    p.build_with(&["--deny-warnings"]).assert_clean();
}

#[test]
fn html_snapshots() {
    let p = built();
    insta::assert_snapshot!("csfle_html", p.output("html/csfle/aws-iam-user.html"));
    insta::assert_snapshot!("qe_html", p.output("html/qe/aws-iam-user.html"));
}

#[test]
fn markdown_snapshots() {
    let p = built();
    insta::assert_snapshot!("csfle_md", p.output("markdown/csfle/aws-iam-user.md"));
    insta::assert_snapshot!("qe_md", p.output("markdown/qe/aws-iam-user.md"));
}

#[test]
fn no_constant_is_left_unexpanded() {
    let p = built();
    for (path, bytes) in tree(&p.path("build")) {
        let text = String::from_utf8(bytes).expect("UTF-8 output");
        assert!(!text.contains("{+"), "{path} holds an unexpanded constant");
        assert!(!text.contains("+}"), "{path} holds an unexpanded constant");
    }
    let csfle = p.output("html/csfle/aws-iam-user.html");
    assert!(csfle.contains("<h1>Create an AWS IAM User for Client-Side Field Level Encryption"));
    let qe = p.output("html/qe/aws-iam-user.html");
    assert!(qe.contains("<h1>Create an AWS IAM User for Queryable Encryption"));
    // `{+dek-long+}s` and `{+cmk-long+}` mid-sentence.
    for html in [&csfle, &qe] {
        assert!(squash(html).contains("encrypt and decrypt your Data Encryption Keys (DEKs) with your Customer Master Key (CMK)"));
    }
}

#[test]
fn policy_from_literalinclude_is_a_json_code_block() {
    let p = built();
    let policy = std::fs::read_to_string(
        p.path("includes/tutorials/automatic/aws/iam-user-policy-minimum.json"),
    )
    .expect("policy file");
    for page in PAGES {
        let html = p.output(&format!("html/{page}.html"));
        let nodes = main_nodes(&html);
        let code: Vec<&Node> = find_all(&nodes, |n| {
            n.name() == Some("code") && n.language() == Some("json")
        });
        let texts: Vec<String> = code.iter().map(|c| c.text()).collect();
        assert!(
            texts.iter().any(|t| t == policy.trim_end()),
            "{page}: no <pre><code class=\"language-json\"> with the policy; found {texts:#?}"
        );
        let md = p.output(&format!("markdown/{page}.md"));
        let blocks = crate::extract::markdown_code_blocks(&md);
        assert!(
            blocks.contains(&("json".to_string(), policy.trim_end().to_string())),
            "{page}: the Markdown lacks the policy as a json fence: {blocks:#?}"
        );
    }
}

#[test]
fn iam_abbreviation() {
    let p = built();
    for page in PAGES {
        let html = p.output(&format!("html/{page}.html"));
        assert!(html.contains("<abbr title=\"Identity and Access Management\">IAM</abbr>"));
        assert!(html.contains("<abbr title=\"Amazon Resource Name\">ARN</abbr>"));
        assert!(!html.contains(":abbr:"), "{page}: role left as text");
        let md = p.output(&format!("markdown/{page}.md"));
        assert!(md.contains("IAM (Identity and Access Management)"));
        assert!(!md.contains(":abbr:"));
    }
}

#[test]
fn csfle_has_three_lettered_steps() {
    let p = built();
    let nodes = main_nodes(&p.output("html/csfle/aws-iam-user.html"));
    let lists = find_all(&nodes, |n| n.name() == Some("ol"));
    assert_eq!(lists.len(), 1, "one enumerated list");
    assert_eq!(lists[0].attr("type"), Some("a"));
    assert_eq!(lists[0].attr("start"), None);
    let items: Vec<&Node> = lists[0]
        .children()
        .iter()
        .filter(|c| c.name() == Some("li"))
        .collect();
    assert_eq!(items.len(), 3, "three top-level <li>");
    assert!(squash(&items[0].visible_text()).starts_with("Navigate to the AWS IAM Console."));
    assert!(squash(&items[1].visible_text()).starts_with("Create an IAM User"));
    assert!(squash(&items[2].visible_text()).starts_with("Grant Permissions"));
    let md = p.output("markdown/csfle/aws-iam-user.md");
    for label in [
        "- **a.** Navigate",
        "- **b.** Create an IAM User",
        "- **c.** Grant Permissions",
    ] {
        assert!(md.contains(label), "Markdown lacks `{label}`");
    }
}

#[test]
fn qe_has_three_connected_steps() {
    let p = built();
    let nodes = main_nodes(&p.output("html/qe/aws-iam-user.html"));
    let procedures = find_all(&nodes, |n| n.has_class("procedure"));
    assert_eq!(procedures.len(), 1);
    assert!(procedures[0].has_class("procedure-connected"));
    let steps = find_all(&nodes, |n| {
        n.name() == Some("section") && n.has_class("step")
    });
    assert_eq!(steps.len(), 3);
    let headings: Vec<String> = find_all(&nodes, |n| n.has_class("step-heading"))
        .iter()
        .map(|h| squash(&h.visible_text()))
        .collect();
    assert_eq!(
        headings,
        [
            "Navigate to the AWS IAM Console.",
            "Create an IAM User",
            "Grant Permissions"
        ]
    );
    assert!(find_all(&nodes, |n| n.name() == Some("ol")).is_empty());
    let md = p.output("markdown/qe/aws-iam-user.md");
    assert!(
        md.contains("## Step 1: Navigate to the [AWS IAM Console](https://aws.amazon.com/iam/).")
    );
    assert!(md.contains("## Step 2: Create an IAM User"));
    assert!(md.contains("## Step 3: Grant Permissions"));
}

#[test]
fn admonition_titles() {
    let p = built();
    for page in PAGES {
        let nodes = main_nodes(&p.output(&format!("html/{page}.html")));
        let titles: Vec<(String, String)> = find_all(&nodes, |n| n.has_class("admonition"))
            .iter()
            .map(|a| {
                let kind = a.attr("class").unwrap_or("").to_string();
                let title = find_all(a.children(), |n| n.has_class("admonition-title"))
                    .first()
                    .map(|t| t.visible_text())
                    .unwrap_or_default();
                (kind, title)
            })
            .collect();
        let expected = [
            ("admonition admonition-important", "Record your Credentials"),
            ("admonition admonition-important", "Important"),
            ("admonition admonition-note", "Remote Master Key ARN"),
            (
                "admonition admonition-important",
                "Authenticate with IAM Roles in Production",
            ),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(titles, expected, "{page}");
    }
}

#[test]
fn refs_resolve_to_the_external_urls_of_procdoc_toml() {
    let p = built();
    for (page, url) in [
        (
            "csfle/aws-iam-user",
            "https://www.mongodb.com/docs/manual/core/csfle/tutorials/aws/aws-automatic/#std-label-aws-create-master-key",
        ),
        (
            "qe/aws-iam-user",
            "https://www.mongodb.com/docs/manual/core/queryable-encryption/tutorials/aws/aws-automatic/#std-label-qe-aws-create-master-key",
        ),
    ] {
        let html = p.output(&format!("html/{page}.html"));
        assert!(
            html.contains(&format!("<a class=\"ref\" href=\"{url}\">Create the Master Key</a>")),
            "{page}"
        );
        assert!(!html.contains("unresolved"), "{page}");
        let md = p.output(&format!("markdown/{page}.md"));
        assert!(md.contains(&format!("[Create the Master Key]({url})")), "{page}");
    }
}

#[test]
fn every_relative_link_resolves() {
    let p = built();
    let broken = broken_html_links(&p.path("build/html"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let broken = crate::extract::broken_markdown_links(&p.path("build/markdown"));
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn pages_are_well_formed_html_with_unique_ids() {
    let p = built();
    for (path, bytes) in tree(&p.path("build/html")) {
        if !path.ends_with(".html") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8");
        let nodes = parse_html(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (_, dups) = crate::extract::html_ids(&nodes);
        assert!(dups.is_empty(), "{path}: duplicate ids {dups:?}");
        assert!(text.starts_with("<!DOCTYPE html>"), "{path}");
        assert!(!main_of(&text).is_empty(), "{path}: empty <main>");
    }
}
