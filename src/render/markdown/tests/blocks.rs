//! Block-level rendering tests.

use super::*;

// ----- the required cases -----

#[test]
fn admonition_with_title_is_an_alert() {
    let md = render(vec![admonition(
        "important",
        Some("Record your Credentials"),
        vec![
            ptext("Save the access key ID and\nthe secret key."),
            code("sh", "echo $KEY"),
        ],
    )]);
    assert_eq!(
        md,
        "> [!IMPORTANT]\n\
             > **Record your Credentials**\n\
             >\n\
             > Save the access key ID and\n\
             > the secret key.\n\
             >\n\
             > ```sh\n\
             > echo $KEY\n\
             > ```\n"
    );
    let p = parse(&md);
    assert_eq!(p.quotes, vec![Some(BlockQuoteKind::Important)]);
    assert_eq!(
        p.texts,
        vec![
            "Record your Credentials",
            "Save the access key ID and the secret key."
        ]
    );
    assert_eq!(p.code, vec![("sh".into(), "echo $KEY".into(), 0)]);
}

#[test]
fn admonition_kinds_and_nesting() {
    let inner = admonition("warning", Some("Careful"), vec![ptext("Inner.")]);
    let md = render(vec![
        admonition("seealso", None, vec![ptext("Outer."), inner]),
        admonition("danger", None, vec![ptext("D.")]),
        admonition("hint", None, vec![ptext("H.")]),
        admonition("caution", None, vec![ptext("C.")]),
    ]);
    assert_eq!(
        md,
        "> [!NOTE]\n\
             > Outer.\n\
             >\n\
             > > **Warning: Careful**\n\
             > >\n\
             > > Inner.\n\
             \n\
             > [!WARNING]\n\
             > D.\n\
             \n\
             > [!TIP]\n\
             > H.\n\
             \n\
             > [!CAUTION]\n\
             > C.\n"
    );
    let p = parse(&md);
    assert_eq!(
        p.quotes,
        vec![
            Some(BlockQuoteKind::Note),
            None,
            Some(BlockQuoteKind::Warning),
            Some(BlockQuoteKind::Tip),
            Some(BlockQuoteKind::Caution)
        ]
    );
    assert_eq!(p.texts[..3], ["Outer.", "Warning: Careful", "Inner."]);
}

#[test]
fn admonition_in_list_item_is_a_plain_quote() {
    let md = render(vec![blk(BlockKind::BulletList(vec![item(vec![
        ptext("Do it."),
        admonition("note", None, vec![ptext("Really.")]),
    ])]))]);
    assert_eq!(md, "- Do it.\n\n  > **Note**\n  >\n  > Really.\n");
    let p = parse(&md);
    assert_eq!(p.quotes, vec![None]);
    assert_eq!(p.texts, vec!["Do it.", "Note", "Really."]);
}

#[test]
fn code_block_containing_a_fence_gets_a_longer_one() {
    let src = "Use a fence:\n```js\nlet a = 1;\n````\n\n  indented\n";
    let mut b = code("markdown", src);
    if let BlockKind::Code(c) = &mut b.kind {
        c.caption = Some("README *excerpt*".into());
    }
    let md = render(vec![b]);
    assert_eq!(
            md,
            "*README \\*excerpt\\**\n\n`````markdown\nUse a fence:\n```js\nlet a = 1;\n````\n\n  indented\n`````\n"
        );
    let p = parse(&md);
    assert_eq!(p.texts, vec!["README *excerpt*"]);
    assert_eq!(
        p.code,
        vec![("markdown".into(), src.strip_suffix('\n').unwrap().into(), 0)]
    );
}

#[test]
fn procedure_steps_are_numbered_headings_below_the_section() {
    let step = |h: &str, id: &str, body: Vec<Block>| Step {
        heading: vec![text(h)],
        id: id.into(),
        children: body,
        span: sp(),
    };
    let proc_ = blk(BlockKind::Procedure(Procedure {
        style: ProcedureStyle::Connected,
        title: None,
        steps: vec![
            step(
                "Create an IAM User",
                "create-an-iam-user",
                vec![ptext("Open the console."), code("json", "{\"a\": 1}")],
            ),
            step("Attach a Policy", "attach-a-policy", vec![ptext("Done.")]),
        ],
    }));
    let section = blk(BlockKind::Section(Section {
        level: 2,
        title: vec![text("Set up AWS")],
        id: "set-up-aws".into(),
        children: vec![proc_],
    }));
    let md = render(vec![section]);
    assert_eq!(
        md,
        "<a id=\"set-up-aws\"></a>\n\
             ## Set up AWS\n\
             \n\
             <a id=\"create-an-iam-user\"></a>\n\
             ### Step 1: Create an IAM User\n\
             \n\
             Open the console.\n\
             \n\
             ```json\n\
             {\"a\": 1}\n\
             ```\n\
             \n\
             <a id=\"attach-a-policy\"></a>\n\
             ### Step 2: Attach a Policy\n\
             \n\
             Done.\n"
    );
    let p = parse(&md);
    assert_eq!(
        p.headings,
        vec![
            (2, "Set up AWS".into()),
            (3, "Step 1: Create an IAM User".into()),
            (3, "Step 2: Attach a Policy".into())
        ]
    );
    assert_eq!(p.code, vec![("json".into(), "{\"a\": 1}".into(), 0)]);
    assert!(p.texts.contains(&"Open the console.".to_string()));
}

#[test]
fn procedure_without_section_uses_level_two() {
    let md = render(vec![blk(BlockKind::Procedure(Procedure {
        style: ProcedureStyle::Normal,
        title: None,
        steps: vec![Step {
            heading: vec![text("Go")],
            id: "go".into(),
            children: vec![],
            span: sp(),
        }],
    }))]);
    assert_eq!(md, "<a id=\"go\"></a>\n## Step 1: Go\n");
}

#[test]
fn lettered_list_keeps_nested_code_in_the_item() {
    let list = blk(BlockKind::EnumList(EnumList {
        style: EnumStyle::LowerAlpha,
        start: 1,
        items: vec![
            item(vec![
                ptext("Navigate to the console."),
                code("json", "{\n  \"Effect\": \"Allow\"\n}"),
            ]),
            item(vec![ptext("Save.")]),
        ],
    }));
    let md = render(vec![list]);
    assert_eq!(
        md,
        "- **a.** Navigate to the console.\n\
             \n\
             \x20 ```json\n\
             \x20 {\n\
             \x20   \"Effect\": \"Allow\"\n\
             \x20 }\n\
             \x20 ```\n\
             \n\
             - **b.** Save.\n"
    );
    let p = parse(&md);
    assert_eq!(p.items, 2);
    assert_eq!(p.lists, vec![None]);
    assert_eq!(p.texts, vec!["a. Navigate to the console.", "b. Save."]);
    assert_eq!(
        p.code,
        vec![("json".into(), "{\n  \"Effect\": \"Allow\"\n}".into(), 1)]
    );
}

#[test]
fn roman_list_honours_start_and_item_starting_with_code() {
    let list = blk(BlockKind::EnumList(EnumList {
        style: EnumStyle::UpperRoman,
        start: 3,
        items: vec![item(vec![code("", "x")])],
    }));
    let md = render(vec![list]);
    assert_eq!(md, "- **III.**\n\n  ```\n  x\n  ```\n");
    let p = parse(&md);
    assert_eq!(p.code, vec![(String::new(), "x".into(), 1)]);
}

#[test]
fn arabic_list_honours_start_and_adjacent_lists_do_not_merge() {
    let ol = |start| {
        blk(BlockKind::EnumList(EnumList {
            style: EnumStyle::Arabic,
            start,
            items: vec![item(vec![ptext("one")]), item(vec![ptext("two")])],
        }))
    };
    let ul = || blk(BlockKind::BulletList(vec![item(vec![ptext("x")])]));
    let md = render(vec![ol(9), ol(1), ul(), ul(), blk(BlockKind::Hidden), ul()]);
    assert_eq!(
        md,
        "9. one\n10. two\n\n1) one\n2) two\n\n- x\n\n* x\n\n- x\n"
    );
    let p = parse(&md);
    assert_eq!(p.lists, vec![Some(9), Some(1), None, None, None]);
}

#[test]
fn simple_table_is_a_pipe_table() {
    let cell = |s: &str| vec![ptext(s)];
    let t = blk(BlockKind::Table(Table {
        title: Some(vec![text("Options")]),
        header_rows: 1,
        rows: vec![
            vec![cell("Name"), cell("Meaning")],
            vec![
                cell("a|b"),
                vec![para(vec![inl(InlineKind::Literal("x | y".into()))])],
            ],
            vec![cell("only")],
            vec![vec![para(vec![link("q", "https://x.org/?a|b")])]],
        ],
        widths: vec![],
    }));
    let md = render(vec![t]);
    assert_eq!(
        md,
        "**Options**\n\n| Name | Meaning |\n| --- | --- |\n| a\\|b | `x \\| y` |\n| only |  |\n\
             | [q](https://x.org/?a\\|b) |  |\n"
    );
    let p = parse(&md);
    assert_eq!(p.tables, 1);
    assert_eq!(
        p.texts,
        vec!["Options", "Name", "Meaning", "a|b", "x | y", "only", "", "q", ""]
    );
    assert_eq!(p.links, vec!["https://x.org/?a|b"]);

    // Without header rows: an empty header, every row in the body.
    let md = render(vec![blk(BlockKind::Table(Table {
        title: None,
        header_rows: 0,
        rows: vec![vec![cell("x"), cell("y")]],
        widths: vec![],
    }))]);
    assert_eq!(md, "|  |  |\n| --- | --- |\n| x | y |\n");
    assert_eq!(parse(&md).texts, vec!["", "", "x", "y"]);
}

#[test]
fn complex_table_is_a_list_per_row() {
    let t = blk(BlockKind::Table(Table {
        title: None,
        header_rows: 1,
        rows: vec![
            vec![vec![ptext("Name")], vec![ptext("Example")]],
            vec![
                vec![ptext("find")],
                vec![ptext("Run:"), code("js", "db.c.find()")],
            ],
        ],
        widths: vec![],
    }));
    let md = render(vec![t]);
    assert_eq!(
        md,
        "- **Name:** find\n\n  **Example:** Run:\n\n  ```js\n  db.c.find()\n  ```\n"
    );
    let p = parse(&md);
    assert_eq!(p.tables, 0);
    assert_eq!(p.code, vec![("js".into(), "db.c.find()".into(), 1)]);
}

#[test]
fn definitions_fields_labels_generic_and_transition() {
    let md = render(vec![
        blk(BlockKind::Label(Label {
            name: "my-label".into(),
        })),
        blk(BlockKind::DefinitionList(vec![DefinitionItem {
            term: vec![text("CMK")],
            children: vec![ptext("A customer master key.")],
        }])),
        blk(BlockKind::FieldList(vec![
            Field {
                name: "version".into(),
                children: vec![ptext("8.0")],
            },
            Field {
                name: "example".into(),
                children: vec![code("sh", "ls")],
            },
        ])),
        blk(BlockKind::Transition),
        blk(BlockKind::Generic(GenericDirective {
            name: "tab".into(),
            argument: vec![text("Shell")],
            options: vec![],
            children: vec![ptext("Body.")],
            style: DirectiveStyle::Container,
        })),
        blk(BlockKind::Included(crate::doc::Included {
            path: "x.rst".into(),
            file: Some(crate::text::FileId(1)),
            blocks: vec![ptext("From include."), blk(BlockKind::Hidden)],
        })),
    ]);
    assert_eq!(
        md,
        "<a id=\"my-label\"></a>\n\n**CMK**\n\nA customer master key.\n\n\
             **version:** 8.0\n\n**example:**\n\n```sh\nls\n```\n\n---\n\n\
             **Shell**\n\nBody.\n\nFrom include.\n"
    );
    let p = parse(&md);
    assert_eq!(
        p.texts,
        vec![
            "",
            "CMK",
            "A customer master key.",
            "version: 8.0",
            "example:",
            "Shell",
            "Body.",
            "From include."
        ]
    );
    assert_eq!(p.code, vec![("sh".into(), "ls".into(), 0)]);
}
