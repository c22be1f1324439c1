//! Inline rendering tests.

use super::*;

#[test]
fn escapes_markdown_in_text() {
    let tricky = [
        "Use *args and [brackets] here, a_b and _c_, `tick`, <b>, a|b, ~x~, \\, &amp;",
        "# not a heading",
        "- not a list",
        "+ nor this",
        "1. nor this",
        "2) nor this",
        "> nor a quote",
        "===",
        "---",
        "C# stays, 1.5 stays, -x stays",
    ];
    let md = render(vec![ptext(&tricky.join("\n"))]);
    assert_eq!(
            md,
            "Use \\*args and \\[brackets\\] here, a_b and \\_c\\_, \\`tick\\`, \\<b>, a\\|b, \\~x\\~, \\\\, \\&amp;\n\
             \\# not a heading\n\
             \\- not a list\n\
             \\+ nor this\n\
             1\\. nor this\n\
             2\\) nor this\n\
             \\> nor a quote\n\
             \\===\n\
             \\---\n\
             C# stays, 1.5 stays, -x stays\n"
        );
    let p = parse(&md);
    assert_eq!(p.texts, vec![tricky.join(" ")]);
    assert_eq!(p.items + p.tables + p.quotes.len() + p.headings.len(), 0);
}

#[test]
fn escapes_at_line_start_after_markup() {
    // Text after a soft break at the start of a line, and `#` in headings.
    let md = render(vec![
        para(vec![
            inl(InlineKind::Strong(vec![text("Note")])),
            inl(InlineKind::SoftBreak),
            text("   * star"),
        ]),
        blk(BlockKind::Section(Section {
            level: 9,
            title: vec![text("Issue #")],
            id: "issue".into(),
            children: vec![],
        })),
    ]);
    assert_eq!(
        md,
        "**Note**\n\\* star\n\n<a id=\"issue\"></a>\n###### Issue \\#\n"
    );
    let p = parse(&md);
    // The anchor line is a paragraph holding only inline HTML.
    assert_eq!(p.texts, vec!["Note * star", "", "Issue #"]);
}

#[test]
fn link_with_parentheses_in_url() {
    let url = "https://en.wikipedia.org/wiki/Identity_(access)";
    let md = render(vec![para(vec![
        text("See "),
        link("IAM", url),
        text(" and "),
        link("this", "https://example.com/a b"),
        text("."),
    ])]);
    assert_eq!(
            md,
            "See [IAM](<https://en.wikipedia.org/wiki/Identity_(access)>) and [this](<https://example.com/a b>).\n"
        );
    let p = parse(&md);
    assert_eq!(p.links, vec![url, "https://example.com/a b"]);
    assert_eq!(p.texts, vec!["See IAM and this."]);
}

#[test]
fn abbr_shows_its_expansion() {
    let md = render(vec![para(vec![
        inl(InlineKind::Abbr {
            abbr: "IAM".into(),
            expansion: Some("Identity and Access Management".into()),
        }),
        text(" and "),
        inl(InlineKind::Abbr {
            abbr: "KMS".into(),
            expansion: None,
        }),
    ])]);
    assert_eq!(md, "IAM (Identity and Access Management) and KMS\n");
    assert_eq!(
        parse(&md).texts,
        vec!["IAM (Identity and Access Management) and KMS"]
    );
}

#[test]
fn unsafe_link_is_plain_text() {
    let md = render(vec![para(vec![
        text("Click "),
        link("here", "javascript:alert(1)"),
        text(" or "),
        inl(InlineKind::NamedRef {
            children: vec![text("there")],
            name: "there".into(),
            url: Some(" JavaScript:alert(2)".into()),
        }),
    ])]);
    assert_eq!(md, "Click here or there\n");
    let p = parse(&md);
    assert!(p.links.is_empty());
    assert_eq!(p.texts, vec!["Click here or there"]);
}

// ----- the rest -----

#[test]
fn references_and_roles() {
    let resolved = |page: &str, anchor: Option<&str>| ResolvedRef {
        title: "Create a Key".into(),
        target: RefTarget::Page {
            page: page.into(),
            anchor: anchor.map(Into::into),
        },
    };
    let md = render_on(
        "csfle/aws",
        vec![para(vec![
            inl(InlineKind::Ref {
                title: None,
                target: "create-key".into(),
                resolved: Some(Box::new(resolved("qe/aws", Some("create-key")))),
            }),
            text(", "),
            inl(InlineKind::Doc {
                title: Some("the [other] page".into()),
                target: "/qe/other".into(),
                resolved: Some(Box::new(resolved("qe/other", None))),
            }),
            text(", "),
            inl(InlineKind::Ref {
                title: None,
                target: "missing-label".into(),
                resolved: None,
            }),
            text(", "),
            inl(InlineKind::Role {
                name: "method".into(),
                text: "db.coll`x`".into(),
                style: RoleStyle::Code,
                target: None,
                resolved: None,
            }),
            text(", "),
            inl(InlineKind::Literal("`tick`".into())),
            text(", "),
            inl(InlineKind::Emphasis(vec![text(" spaced ")])),
            text(", "),
            inl(InlineKind::Substitution {
                name: "v".into(),
                children: vec![text("8.0")],
            }),
        ])],
    );
    assert_eq!(
        md,
        "[Create a Key](../qe/aws.md#create-key), [the \\[other\\] page](../qe/other.md), \
             missing-label, `` db.coll`x` ``, `` `tick` ``,  *spaced* , 8.0\n"
    );
    let p = parse(&md);
    assert_eq!(p.links, vec!["../qe/aws.md#create-key", "../qe/other.md"]);
    assert_eq!(
        p.texts,
        vec!["Create a Key, the [other] page, missing-label, db.coll`x`, `tick`,  spaced , 8.0"]
    );
}
