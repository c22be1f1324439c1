//! Parser unit tests on small inputs.

use super::parse;
use crate::diag::Code;
use crate::doc::*;
use crate::text::{FileId, SourceMap};

fn p(text: &str) -> (Document, Vec<crate::diag::Diagnostic>) {
    parse(text, &SourceMap::identity(), FileId(0))
}

fn kinds(blocks: &[Block]) -> Vec<&'static str> {
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Section(_) => "section",
            BlockKind::Paragraph(_) => "para",
            BlockKind::Code(_) => "code",
            BlockKind::BlockQuote(_) => "quote",
            BlockKind::BulletList(_) => "bullets",
            BlockKind::EnumList(_) => "enum",
            BlockKind::DefinitionList(_) => "deflist",
            BlockKind::FieldList(_) => "fields",
            BlockKind::Transition => "hr",
            BlockKind::LineBlock(_) => "lines",
            BlockKind::Admonition(_) => "admonition",
            BlockKind::Procedure(_) => "procedure",
            BlockKind::Table(_) => "table",
            BlockKind::Label(_) => "label",
            BlockKind::Included(_) => "included",
            BlockKind::Generic(_) => "generic",
            BlockKind::Hidden => "hidden",
            BlockKind::IncludeRequest(_) => "include",
            BlockKind::LiteralIncludeRequest(_) => "literalinclude",
            BlockKind::Image(_) => "image",
            BlockKind::Footnote(_) => "footnote",
        })
        .collect()
}

#[test]
fn sections_nest_by_adornment_order() {
    let (d, diags) = p("=====\nTitle\n=====\n\nIntro.\n\nSub\n---\n\nText.\n\nOther\n-----\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(kinds(&d.blocks), vec!["section"]);
    let BlockKind::Section(s) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(s.level, 1);
    assert_eq!(kinds(&s.children), vec!["para", "section", "section"]);
    assert_eq!(plain_text(d.title().unwrap()), "Title");
}

#[test]
fn lettered_list_continues_with_auto_enumerators() {
    let (d, diags) = p("a. one\n\n#. two\n\n#. three\n");
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::EnumList(l) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!(
        (l.style, l.start, l.items.len()),
        (EnumStyle::LowerAlpha, 1, 3)
    );
}

#[test]
fn enumerators_of_every_kind() {
    for (src, style, start) in [
        ("1. x\n2. y\n", EnumStyle::Arabic, 1),
        ("(A) x\n(B) y\n", EnumStyle::UpperAlpha, 1),
        ("i) x\nii) y\n", EnumStyle::LowerRoman, 1),
        ("I. x\nII. y\n", EnumStyle::UpperRoman, 1),
        ("#. x\n#. y\n", EnumStyle::Arabic, 1),
        ("b. x\nc. y\n", EnumStyle::LowerAlpha, 2),
        ("3. x\n#. y\n", EnumStyle::Arabic, 3),
    ] {
        let (d, _) = p(src);
        let BlockKind::EnumList(l) = &d.blocks[0].kind else {
            panic!("{src}: {:?}", d.blocks)
        };
        assert_eq!(
            (l.style, l.start, l.items.len()),
            (style, start, 2),
            "{src}"
        );
    }
    // Out of sequence without a blank line: paragraph text, not a list.
    let (d, _) = p("1. x\n3. y\n");
    assert_eq!(kinds(&d.blocks), vec!["enum", "enum"]);
}

#[test]
fn paragraph_that_looks_like_an_enumerator() {
    let (d, _) = p("A. Einstein was a great\nphysicist.\n");
    assert_eq!(kinds(&d.blocks), vec!["para"]);
}

#[test]
fn directive_with_title_options_and_content() {
    let src = ".. important:: Record your Credentials\n\n   Body *text*.\n\n.. code-block::  json\n   :copyable: false\n   :emphasize-lines: 2\n\n   {\n     \"a\": 1\n   }\n";
    let (d, diags) = p(src);
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Admonition(a) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(a.kind, "important");
    assert_eq!(
        plain_text(a.title.as_ref().unwrap()),
        "Record your Credentials"
    );
    let BlockKind::Code(c) = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(c.language.as_deref(), Some("json"));
    assert_eq!(c.text, "{\n  \"a\": 1\n}");
    assert!(!c.copyable);
    assert_eq!(c.emphasize_lines, vec![2]);
    assert_eq!(c.line_map[1].offset as usize, src.find("  \"a\"").unwrap());
}

#[test]
fn unknown_option_is_reported_and_directive_kept() {
    let (d, diags) = p(".. code-block:: json\n   :linenumbers:\n\n   {}\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::UnknownOption);
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `:linenos:`?"));
    assert_eq!(kinds(&d.blocks), vec!["code"]);
}

#[test]
fn unknown_directive_renders_generically_with_warning() {
    let (d, diags) = p(".. frobnicate:: arg\n\n   Inner.\n");
    assert_eq!(diags[0].code, Code::UnknownDirective);
    let BlockKind::Generic(g) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(kinds(&g.children), vec!["para"]);
}

#[test]
fn procedure_steps_with_ids() {
    let src = ".. procedure::\n   :style: normal\n\n   .. step:: Create an IAM User\n\n      .. _lbl:\n\n      Text.\n\n   .. step:: Grant Permissions\n\n      More.\n";
    let (d, diags) = p(src);
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Procedure(pr) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(pr.style, ProcedureStyle::Normal);
    assert_eq!(pr.steps.len(), 2);
    assert_eq!(pr.steps[0].id, "create-an-iam-user");
    assert_eq!(kinds(&pr.steps[0].children), vec!["label", "para"]);
}

#[test]
fn inline_markup() {
    let (d, diags) = p("*em* **strong** ``lit`` :ref:`Title <lbl>` :ref:`lbl2` :abbr:`IAM (Identity and Access Management)` `Site <https://x.org/>`__ \\*not\\* https://y.org/a.\n");
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let k: Vec<String> = inl
        .iter()
        .filter(|i| !matches!(&i.kind, InlineKind::Text(t) if t.trim().is_empty()))
        .map(|i| match &i.kind {
            InlineKind::Emphasis(_) => "em".into(),
            InlineKind::Strong(_) => "strong".into(),
            InlineKind::Literal(t) => format!("lit:{t}"),
            InlineKind::Ref { title, target, .. } => format!("ref:{title:?}:{target}"),
            InlineKind::Abbr { abbr, expansion } => format!("abbr:{abbr}:{expansion:?}"),
            InlineKind::Link { url, .. } => format!("link:{url}"),
            InlineKind::Text(t) => format!("text:{}", t.trim()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        k,
        vec![
            "em",
            "strong",
            "lit:lit",
            "ref:Some(\"Title\"):lbl",
            "ref:None:lbl2",
            "abbr:IAM:Some(\"Identity and Access Management\")",
            "link:https://x.org/",
            "text:*not*",
            "link:https://y.org/a",
            "text:.",
        ]
    );
}

#[test]
fn named_and_anonymous_targets() {
    let (d, diags) = p("See Python_ and `the docs`__ and missing_.\n\n.. _python: https://python.org\n.. __: https://docs.org\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::UnknownTarget);
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let urls: Vec<Option<String>> = inl
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::NamedRef { url, .. } => Some(url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        urls,
        vec![
            Some("https://python.org".into()),
            Some("https://docs.org".into()),
            None
        ]
    );
}

#[test]
fn literal_block_after_double_colon() {
    let (d, _) = p("Example::\n\n    code here\n      indented\n\nAfter.\n");
    assert_eq!(kinds(&d.blocks), vec!["para", "code", "para"]);
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(plain_text(inl), "Example:");
    let BlockKind::Code(c) = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(c.text, "code here\n  indented");
}

#[test]
fn quotes_transitions_comments_lists() {
    let (d, _) = p("Para.\n\n    Quoted.\n\n----------\n\n.. a comment\n   continues\n\n- a\n- b\n\n  nested para\n\nterm\n   definition\n\n:field: value\n");
    assert_eq!(
        kinds(&d.blocks),
        vec!["para", "quote", "hr", "hidden", "bullets", "deflist", "fields"]
    );
}

#[test]
fn list_table() {
    let (d, diags) =
        p(".. list-table:: T\n   :header-rows: 1\n\n   * - A\n     - B\n   * - 1\n     - 2\n");
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Table(t) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    assert_eq!((t.header_rows, t.rows.len(), t.rows[0].len()), (1, 2, 2));
}

#[test]
fn deep_nesting_is_bounded() {
    let mut s = String::new();
    for i in 0..200 {
        s.push_str(&" ".repeat(i));
        s.push_str("- x\n");
    }
    let (_, diags) = p(&s);
    assert!(diags.iter().any(|d| d.code == Code::NestingTooDeep));
}

#[test]
fn spans_point_at_original_lines() {
    let (d, _) = p("\nPara one.\n\n.. note:: T\n\n   Body.\n");
    assert_eq!(d.blocks[0].span.start, 1);
    let BlockKind::Admonition(a) = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(
        a.children[0].span.start as usize,
        "\nPara one.\n\n.. note:: T\n\n   ".len()
    );
}

#[test]
fn hostile_inputs_do_not_panic() {
    for s in [
        "",
        "..",
        ".. ::",
        "::",
        "`",
        "``",
        "*",
        "**",
        ":a:`",
        "|",
        "_",
        "__",
        "a_",
        "`a`_",
        ".. _",
        ".. _:",
        ".. |x|",
        "- ",
        "#.",
        "(",
        "(a",
        "====",
        "=\n=\n=",
        "\t\t.. note::\n",
        "é*é*é",
        "a\u{0}b",
        ".. code-block::\n   :dedent: 99\n\n x\n",
        "*a **b* c**",
        "``a`",
        ":ref:`<>`",
        ":abbr:`(x)`",
        "`<>`__",
        "`a <`_",
    ] {
        let _ = p(s);
    }
}

#[test]
fn misspelt_step_keeps_its_place_number_and_content() {
    // Regression (issue 13): `.. stepp::` dropped its content and the
    // following steps were renumbered.
    let (d, diags) = p(".. procedure::\n\n   .. step:: One\n\n      Text a.\n\n   .. stepp:: Two\n\n      Text b.\n\n   .. step::\n\n      Text c.\n");
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::UnknownDirective, Code::MissingArgument]);
    // The misspelling is an error; a step without a title is valid snooty
    // (giza steps often have none), so only a warning.
    assert!(diags[0].is_error());
    assert!(!diags[1].is_error());
    let BlockKind::Procedure(pr) = &d.blocks[0].kind else {
        panic!("{:?}", d.blocks)
    };
    let steps: Vec<(String, String, String)> = pr
        .steps
        .iter()
        .map(|s| {
            let body = match &s.children[..] {
                [Block {
                    kind: BlockKind::Paragraph(t),
                    ..
                }] => plain_text(t),
                other => format!("{other:?}"),
            };
            (plain_text(&s.heading), s.id.clone(), body)
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("One".into(), "one".into(), "Text a.".into()),
            ("Two".into(), "two".into(), "Text b.".into()),
            // No title: a warning, and an id that is not empty.
            ("".into(), "step-3".into(), "Text c.".into()),
        ]
    );
}

#[test]
fn other_content_in_a_procedure_is_kept_in_the_step_before_it() {
    let (d, diags) =
        p(".. procedure::\n\n   .. step:: One\n\n      Text a.\n\n   Stray paragraph.\n");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::InvalidChild);
    let BlockKind::Procedure(pr) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(kinds(&pr.steps[0].children), ["para", "para"]);
}

#[test]
fn role_titles_need_no_space_before_the_target() {
    let (d, diags) = p("A :term:`chunks<chunk>` and :method:`~db.c.find()`.\n");
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let roles: Vec<(&str, &str)> = inl
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::Role {
                text,
                target: Some(t),
                ..
            } => Some((text.as_str(), t.name.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(roles, [("chunks", "chunk"), ("find()", "db.c.find")]);
}

#[test]
fn footnote_definitions_and_references() {
    let (d, diags) = p("See [1]_, [#a]_ and [CIT]_ but not x[1]_.\n\n.. [1] One\n   more.\n.. [#a] Auto.\n.. [CIT] Cited.\n.. [not a label] a comment\n");
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(
        kinds(&d.blocks),
        ["para", "footnote", "footnote", "footnote", "hidden"]
    );
    let BlockKind::Paragraph(inl) = &d.blocks[0].kind else {
        panic!()
    };
    let labels: Vec<String> = inl
        .iter()
        .filter_map(|i| match &i.kind {
            InlineKind::FootnoteRef(n) => Some(n.label.written()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["1", "#a", "CIT"]);
    let BlockKind::Footnote(n) = &d.blocks[1].kind else {
        panic!()
    };
    assert_eq!(kinds(&n.children), ["para"]);
}

#[test]
fn yaml_tabs_become_tab_directives_with_spans_in_the_yaml() {
    let src = ".. tabs-drivers::\n\n   tabs:\n     - id: shell\n       content: |\n         Shell *text*.\n\n     - id: python\n       name: Py\n       content: |\n         Python.\n";
    let (d, diags) = p(src);
    assert!(diags.is_empty(), "{diags:?}");
    let BlockKind::Generic(set) = &d.blocks[0].kind else {
        panic!()
    };
    assert_eq!(
        set.style,
        crate::doc::DirectiveStyle::Tabs(crate::doc::TabRole::Set {
            kind: "drivers".into()
        })
    );
    let tabs: Vec<(String, String)> = set
        .children
        .iter()
        .map(|c| match &c.kind {
            BlockKind::Generic(g) => match &g.style {
                crate::doc::DirectiveStyle::Tabs(crate::doc::TabRole::Tab { id, label }) => {
                    (id.clone(), label.clone())
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        tabs,
        [
            ("shell".to_string(), "MongoDB Shell".to_string()),
            ("python".to_string(), "Py".to_string())
        ]
    );
    let BlockKind::Generic(shell) = &set.children[0].kind else {
        panic!()
    };
    let BlockKind::Paragraph(inl) = &shell.children[0].kind else {
        panic!()
    };
    // The paragraph's span is where it is written inside the YAML.
    let at = src.find("Shell *text*").unwrap() as u32;
    assert_eq!(inl[0].span.start, at);
}
