//! Every construct the parser supports, from `tests/fixtures/constructs/`
//! (one page per group; the whole fixture builds without a diagnostic) and
//! `tests/fixtures/unknown/` (unknown directive, option and role: warnings,
//! content kept). Each page's `<main>` HTML and its Markdown are
//! snapshotted; the asserts below pin the points that matter most.

use crate::extract::{find_all, main_nodes, Node};
use crate::support::{main_of, squash, TestProject};

/// The pages of the constructs fixture.
pub const PAGES: &[&str] = &[
    "index",
    "blocks",
    "lists",
    "inline",
    "admonitions",
    "code",
    "includes",
    "procedure",
    "tables",
    "constants",
];

fn built() -> TestProject {
    let p = TestProject::fixture("constructs");
    p.build().assert_clean();
    p
}

fn html_main(p: &TestProject, page: &str) -> String {
    main_of(&p.output(&format!("html/{page}.html"))).to_string()
}

fn md(p: &TestProject, page: &str) -> String {
    p.output(&format!("markdown/{page}.md"))
}

fn nodes(p: &TestProject, page: &str) -> Vec<Node> {
    main_nodes(&p.output(&format!("html/{page}.html")))
}

#[test]
fn fixture_builds_without_diagnostics() {
    let p = TestProject::fixture("constructs");
    p.build().assert_clean();
    p.build_with(&["--deny-warnings"]).assert_clean();
    for page in PAGES {
        assert!(
            p.path(&format!("build/html/{page}.html")).is_file(),
            "{page}"
        );
        assert!(
            p.path(&format!("build/markdown/{page}.md")).is_file(),
            "{page}"
        );
    }
    // `source/includes/` is excluded from the pages by default.
    assert!(!p.path("build/html/includes").exists());
}

#[test]
fn snapshots_of_every_page() {
    let p = built();
    for page in PAGES {
        insta::assert_snapshot!(format!("{page}_html"), html_main(&p, page));
        insta::assert_snapshot!(format!("{page}_md"), md(&p, page));
    }
}

/// `(heading level, section id, visible title)` of every section (not
/// steps), in document order.
fn sections(nodes: &[Node]) -> Vec<(usize, String, String)> {
    find_all(nodes, |n| {
        n.name() == Some("section") && !n.has_class("step")
    })
    .iter()
    .map(|sec| {
        let h = sec
            .children()
            .iter()
            .find(|c| c.name().is_some_and(|n| n.len() == 2 && n.starts_with('h')))
            .expect("section heading");
        let level = h.name().expect("name")[1..].parse().expect("level");
        (
            level,
            sec.attr("id").unwrap_or("").to_string(),
            squash(&h.visible_text()),
        )
    })
    .collect()
}

#[test]
fn sections_by_adornment() {
    let p = built();
    // Over- and underlined `=` first: level 1; then `-`, then `~`; a later
    // `-` title is a sibling at level 2, not nested in level 3.
    let s = |l: usize, id: &str, t: &str| (l, id.to_string(), t.to_string());
    assert_eq!(
        sections(&nodes(&p, "blocks")),
        [
            s(1, "blocks", "Blocks"),
            s(2, "subsection", "Subsection"),
            s(3, "sub-subsection", "Sub-subsection"),
            s(2, "second-subsection", "Second Subsection"),
        ]
    );
    let n = nodes(&p, "blocks");
    let top = find_all(&n, |x| x.attr("id") == Some("blocks"))[0];
    let nested: Vec<&str> = top.children().iter().filter_map(|c| c.attr("id")).collect();
    assert_eq!(nested, ["subsection", "second-subsection"]);
    let m = md(&p, "blocks");
    for line in [
        "# Blocks",
        "## Subsection",
        "### Sub-subsection",
        "## Second Subsection",
    ] {
        assert!(m.lines().any(|l| l == line), "Markdown lacks `{line}`");
    }
}

/// The text of every `<pre><code>` block, in order.
fn code_texts(nodes: &[Node]) -> Vec<String> {
    find_all(nodes, |n| {
        n.name() == Some("code") && !n.has_class("literal")
    })
    .iter()
    .map(|c| c.text())
    .collect()
}

#[test]
fn paragraphs_comments_quotes_literals_transitions_bullets() {
    let p = built();
    let h = html_main(&p, "blocks");
    assert!(h.contains("<p>A first paragraph\nspanning two lines.</p>"));
    assert!(!h.contains("comment"), "comments are not rendered");
    assert!(
        h.contains("<blockquote>\n<p>A block quote,\nindented by four spaces.</p>\n</blockquote>")
    );
    assert!(
        h.contains("<p>A literal block follows:</p>"),
        "`::` becomes `:`"
    );
    assert!(h.contains("<p>Expanded form:</p>"));
    assert_eq!(
        code_texts(&nodes(&p, "blocks")),
        [
            "fn main() {\n    println!(\"hi\");\n}",
            "raw <text> & \"quotes\"",
        ]
    );
    assert_eq!(h.matches("<hr>").count(), 1);
    assert!(h.contains("<ul>\n<li>bullet one</li>\n<li>\n<p>bullet two</p>\n<p>with a second paragraph</p>\n</li>\n</ul>"));
    assert!(h.contains("<ul>\n<li>dash item</li>\n<li>dash item two</li>\n</ul>"));
    assert!(h.contains("<ul>\n<li>plus item</li>\n</ul>"));
    let m = md(&p, "blocks");
    assert!(!m.contains("comment"));
    assert!(m.contains("> A block quote,\n> indented by four spaces."));
    assert!(m.contains("```\nraw <text> & \"quotes\"\n```"));
    assert!(m.contains("\n---\n"));
}

#[test]
fn every_enumerator() {
    let p = built();
    let lists: Vec<(Option<String>, Option<String>, Vec<String>)> =
        find_all(&nodes(&p, "lists"), |n| n.name() == Some("ol"))
            .iter()
            .map(|ol| {
                (
                    ol.attr("type").map(str::to_string),
                    ol.attr("start").map(str::to_string),
                    ol.children()
                        .iter()
                        .filter(|c| c.name() == Some("li"))
                        .map(|li| squash(&li.text()))
                        .collect(),
                )
            })
            .collect();
    let s = |x: &str| Some(x.to_string());
    let items = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let expected = vec![
        (s("1"), None, items(&["arabic one", "arabic two"])),
        (s("a"), None, items(&["lower one", "lower two"])),
        (s("A"), None, items(&["upper one", "upper two"])),
        (
            s("i"),
            None,
            items(&["roman one", "roman two", "roman three"]),
        ),
        (s("I"), None, items(&["Roman one", "Roman two"])),
        (s("1"), None, items(&["auto one", "auto two"])),
        (s("1"), None, items(&["paren one", "paren two"])),
        (s("a"), None, items(&["parens one", "parens two"])),
        // `a.` then `#.` continues: a, b, c.
        (s("a"), None, items(&["first", "second", "third"])),
        // A first item `b.` starts at 2.
        (s("a"), s("2"), items(&["bee", "cee"])),
        (s("1"), s("3"), items(&["three", "four"])),
        (
            s("1"),
            None,
            items(&["outer inner one inner two", "outer two"]),
        ),
        (s("a"), None, items(&["inner one", "inner two"])),
    ];
    assert_eq!(lists, expected);
    let m = md(&p, "lists");
    for want in [
        "1. arabic one\n2. arabic two",
        "- **a.** lower one\n- **b.** lower two",
        "- **A.** upper one\n- **B.** upper two",
        "- **i.** roman one\n- **ii.** roman two\n- **iii.** roman three",
        "- **I.** Roman one\n- **II.** Roman two",
        "- **a.** first\n- **b.** second\n- **c.** third",
        "- **b.** bee\n- **c.** cee",
        "3. three\n4. four",
        "1. outer\n\n   - **a.** inner one\n   - **b.** inner two\n\n2. outer two",
    ] {
        assert!(m.contains(want), "Markdown lacks:\n{want}\n---\n{m}");
    }
}

#[test]
fn inline_markup_roles_and_links() {
    let p = built();
    let h = html_main(&p, "inline");
    for want in [
        "<em>emphasis</em>",
        "<strong>strong</strong>",
        "<code class=\"literal\">literal code</code>",
        "<em>interpreted text</em>",
        "An escaped *star* and a backslash-escaped `tick`.",
        // :ref: without a title takes the section title; with one, the title.
        "<a class=\"ref\" href=\"#target-label\">Target Section</a> without a title",
        "<a class=\"ref\" href=\"#target-label\">a custom title</a> with one",
        "<a class=\"ref\" href=\"https://example.org/external#label\">External Title</a>",
        "<a class=\"ref\" href=\"https://example.org/external#label\">Override</a>",
        "<a class=\"ref\" href=\"#item-label\">the list item label</a>",
        "<abbr title=\"Key Management Service\">KMS</abbr>",
        "<abbr>CMK</abbr>",
        // :doc: absolute, with a title, and relative.
        "<a class=\"ref\" href=\"./blocks.html\">Blocks</a>, <a class=\"ref\" href=\"./lists.html\">the lists page</a>, and <a class=\"ref\" href=\"./blocks.html\">Blocks</a>",
        "<a class=\"external\" href=\"https://example.com/\">Example</a> anonymous-embedded",
        "<a class=\"external\" href=\"https://example.com/named\">Named Link</a> named-embedded",
        "a reference to <a class=\"external\" href=\"https://example.com/named\">Named Link</a> again",
        "<a class=\"external\" href=\"https://www.python.org/\">python</a>",
        "<a class=\"external\" href=\"https://example.com/anonymous\">Anonymous Ref</a>",
        "<a class=\"external\" href=\"https://example.com/bare\">https://example.com/bare</a>",
        "<a href=\"mailto:someone@example.com\">mailto:someone@example.com</a>",
        "<strong>Widget</strong> Pro from procdoc.toml",
        "<em>local value</em> defined here",
        "<code class=\"role role-command\">ls -l</code>",
        "<span class=\"role role-guilabel\">Save</span>",
        "<code class=\"literal\">let x = 1;</code>",
        // A label inside a list item.
        "<li>\n<span id=\"item-label\"></span>\n<p>second item, with a label</p>\n</li>",
    ] {
        assert!(h.contains(want), "HTML lacks:\n{want}\n---\n{h}");
    }
    assert!(!h.contains("unresolved"));
    assert!(!h.contains("python_"), "the reference suffix is consumed");
    let m = md(&p, "inline");
    for want in [
        "[Target Section](#target-label) without a title",
        "KMS (Key Management Service) and CMK.",
        "[Blocks](./blocks.md), [the lists page](./lists.md)",
        "An escaped \\*star\\* and a backslash-escaped \\`tick\\`.",
        "**Widget** Pro from procdoc.toml",
    ] {
        assert!(m.contains(want), "Markdown lacks:\n{want}\n---\n{m}");
    }
}

#[test]
fn admonitions_with_and_without_titles() {
    let p = built();
    let found: Vec<(String, String, String)> =
        find_all(&nodes(&p, "admonitions"), |n| n.has_class("admonition"))
            .iter()
            .map(|a| {
                let class = a.attr("class").unwrap_or("").to_string();
                let title = find_all(a.children(), |n| n.has_class("admonition-title"))
                    .first()
                    .map(|t| t.text())
                    .unwrap_or_default();
                let body = squash(
                    &a.children()
                        .iter()
                        .filter(|c| !c.has_class("admonition-title"))
                        .map(Node::text)
                        .collect::<String>(),
                );
                (class, title, body)
            })
            .collect();
    let e = |k: &str, t: &str, b: &str| {
        (
            format!("admonition admonition-{k}"),
            t.to_string(),
            b.to_string(),
        )
    };
    assert_eq!(
        found,
        vec![
            e("note", "Note", "A note without a title."),
            e("note", "Note Title", "A note with a title."),
            e("important", "Important", "Important, untitled."),
            e("important", "Important Title", "Important, titled."),
            e("warning", "Warning", "Warning, untitled."),
            e("warning", "Warning Title", "Warning, titled."),
            e("tip", "Tip", "Tip, untitled."),
            e("tip", "Tip Title", "Tip, titled."),
            e("seealso", "See also", "See also, untitled."),
            e("seealso", "See Also Title", "See also, titled."),
            e("example", "Example", "Example, untitled."),
            e("example", "Example Title", "Example, titled."),
            e("note", "Title only on the directive line", ""),
            e("warning", "Nested Warning", "Nested inside a list item."),
            e("tip", "Tip", "Nested without a title."),
        ]
    );
    let m = md(&p, "admonitions");
    // Top level: GitHub alerts; inside a list item: a plain quote.
    assert!(m.contains("> [!NOTE]\n> A note without a title."));
    assert!(m.contains("> [!IMPORTANT]\n> **Important Title**\n>\n> Important, titled."));
    assert!(m.contains("> [!WARNING]\n> Warning, untitled."));
    assert!(m.contains("> [!TIP]\n> **Tip Title**"));
    assert!(m.contains("  > **Warning: Nested Warning**\n  >\n  > Nested inside a list item."));
    assert!(m.contains("  > **Tip**\n  >\n  > Nested without a title."));
}

/// `(language class, caption, gutter, code text, copyable, emphasized lines)`
/// of every code block of a page.
type CodeInfo = (
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    bool,
    Vec<usize>,
);

fn code_blocks(nodes: &[Node]) -> Vec<CodeInfo> {
    find_all(nodes, |n| n.has_class("code-block"))
        .iter()
        .map(|b| {
            let code = find_all(b.children(), |n| n.name() == Some("code"))[0];
            let caption = find_all(b.children(), |n| n.has_class("code-caption"))
                .first()
                .map(|c| c.visible_text());
            let gutter = find_all(b.children(), |n| n.has_class("code-gutter"))
                .first()
                .map(|c| c.text());
            let hll = find_all(code.children(), |n| n.has_class("line"))
                .iter()
                .enumerate()
                .filter(|(_, l)| l.has_class("hll"))
                .map(|(i, _)| i + 1)
                .collect();
            (
                code.language().map(|l| format!("language-{l}")),
                caption,
                gutter,
                code.text(),
                b.attr("data-copyable") == Some("true"),
                hll,
            )
        })
        .collect()
}

#[test]
fn code_blocks_and_literalinclude_options() {
    let p = built();
    let sample = std::fs::read_to_string(p.path("includes/sample.py")).expect("sample");
    let s = |x: &str| Some(x.to_string());
    let between = "    if os.environ.get(\"X\"):\n        print(\"x is set\")";
    let expected: Vec<CodeInfo> = vec![
        (
            s("language-python"),
            None,
            None,
            "def hello():\n    return \"hi\"".into(),
            true,
            vec![],
        ),
        (
            s("language-javascript"),
            None,
            None,
            "const x = 1;".into(),
            true,
            vec![],
        ),
        (
            s("language-shell"),
            None,
            None,
            "echo hello".into(),
            true,
            vec![],
        ),
        (None, None, None, "no language at all".into(), true, vec![]),
        (
            s("language-python"),
            s("example.py"),
            s("10\n11\n12"),
            "first = 1\nsecond = 2\nthird = 3".into(),
            false,
            vec![1, 3],
        ),
        (
            s("language-text"),
            None,
            None,
            "indented four\n  indented six".into(),
            true,
            vec![],
        ),
        (
            s("language-text"),
            None,
            None,
            "flush left\n  four becomes two".into(),
            true,
            vec![],
        ),
        // literalinclude: whole file, language from the extension.
        (
            s("language-python"),
            None,
            None,
            sample.trim_end().into(),
            true,
            vec![],
        ),
        // :language: and markers (marker lines excluded).
        (
            s("language-python3"),
            None,
            None,
            between.into(),
            true,
            vec![],
        ),
        // :dedent: as a flag removes the common indentation.
        (
            s("language-python"),
            None,
            None,
            "if os.environ.get(\"X\"):\n    print(\"x is set\")".into(),
            true,
            vec![],
        ),
        // :dedent: 2
        (
            s("language-python"),
            None,
            None,
            "  if os.environ.get(\"X\"):\n      print(\"x is set\")".into(),
            true,
            vec![],
        ),
        // :lines:, :emphasize-lines:, :linenos:, :lineno-start:, :caption:, :copyable:
        (
            s("language-python"),
            s("The first three lines"),
            s("5\n6\n7"),
            sample.lines().take(3).collect::<Vec<_>>().join("\n"),
            false,
            vec![2],
        ),
        // A file-relative path.
        (
            s("language-python"),
            None,
            None,
            sample.lines().next().unwrap_or("").into(),
            true,
            vec![],
        ),
    ];
    assert_eq!(code_blocks(&nodes(&p, "code")), expected);
    // Markdown: the same code, fenced with the language; the caption in italics.
    let blocks = crate::extract::markdown_code_blocks(&md(&p, "code"));
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(lang, _, _, text, _, _)| {
            (
                lang.as_deref()
                    .and_then(|l| l.strip_prefix("language-"))
                    .unwrap_or("")
                    .to_string(),
                text.clone(),
            )
        })
        .collect();
    assert_eq!(blocks, want);
    assert!(md(&p, "code").contains("*example.py*\n\n```python\nfirst = 1"));
}

#[test]
fn includes_root_relative_file_relative_and_with_markers() {
    let p = built();
    let h = html_main(&p, "includes");
    for want in [
        "<p>Fragment text for Widget Server.</p>",
        "<p>Deeper text, included file-relative from a fragment.</p>",
        "<p>Snippet text from <code class=\"literal\">source/includes/snippet.rst</code>.</p>",
        "<p>Climbed text.</p>",
        "<p>Included between markers.</p>",
    ] {
        assert!(h.contains(want), "HTML lacks {want}\n{h}");
    }
    assert!(!h.contains("Not included"), "{h}");
    assert!(!h.contains("begin-part") && !h.contains("end-part"));
}

#[test]
fn procedures_styles_and_step_ids() {
    let p = built();
    let n = nodes(&p, "procedure");
    type Steps = Vec<(String, String, String)>;
    let procs: Vec<(String, Steps)> = find_all(&n, |x| x.has_class("procedure"))
        .iter()
        .map(|pr| {
            let steps = find_all(pr.children(), |x| x.has_class("step"))
                .iter()
                .map(|st| {
                    let num = find_all(st.children(), |x| x.has_class("step-number"))[0].text();
                    let heading =
                        find_all(st.children(), |x| x.has_class("step-heading"))[0].visible_text();
                    (st.attr("id").unwrap_or("").to_string(), num, heading)
                })
                .collect();
            (pr.attr("class").unwrap_or("").to_string(), steps)
        })
        .collect();
    let st = |id: &str, n: &str, h: &str| (id.to_string(), n.to_string(), h.to_string());
    assert_eq!(
        procs,
        vec![
            (
                "procedure procedure-connected".to_string(),
                vec![
                    st("connect", "1", "Connect"),
                    st("configure-widgetd", "2", "Configure widgetd"),
                    st("finish", "3", "Finish"),
                ]
            ),
            (
                "procedure procedure-normal".to_string(),
                vec![st("only-step", "1", "Only Step")]
            ),
            (
                "procedure procedure-connected".to_string(),
                vec![st("default-style", "1", "Default Style")]
            ),
        ]
    );
    let m = md(&p, "procedure");
    assert!(m.contains("<a id=\"configure-widgetd\"></a>\n## Step 2: Configure `widgetd`"));
}

#[test]
fn label_before_a_step_anchors_above_the_step_heading() {
    // Regression: the anchor of a label written before a step came after
    // the step's heading, so links to it scrolled past the heading.
    let p = built();
    let h = html_main(&p, "procedure");
    assert!(
        h.contains(
            "<div class=\"procedure procedure-connected\">\n<span id=\"labelled-step\"></span>\n\
             <section class=\"step\" id=\"default-style\">"
        ),
        "{h}"
    );
    assert_eq!(h.matches("id=\"labelled-step\"").count(), 1, "{h}");
    let m = md(&p, "procedure");
    assert!(
        m.contains("<a id=\"labelled-step\"></a>\n<a id=\"default-style\"></a>\n## Step 1: Default Style\n\nDefault style,"),
        "{m}"
    );
    // The index links to it by label, with the step's heading as title.
    let index = html_main(&p, "index");
    assert!(
        index
            .contains("<a class=\"ref\" href=\"./procedure.html#labelled-step\">Default Style</a>"),
        "{index}"
    );
}

#[test]
fn list_tables() {
    let p = built();
    let h = html_main(&p, "tables");
    assert!(h.contains(
        "<table class=\"list-table\">\n<caption>Options</caption>\n<colgroup><col style=\"width: 30.00%\"><col style=\"width: 70.00%\"></colgroup>\n<thead>\n<tr><th>Option</th><th>Meaning</th></tr>\n</thead>\n<tbody>\n<tr><td><code class=\"literal\">--root</code></td><td>The docs root.</td></tr>"
    ), "{h}");
    assert!(h.contains(
        "<table class=\"list-table\">\n<tbody>\n<tr><td>no header</td><td>cell</td></tr>"
    ));
    let m = md(&p, "tables");
    assert!(m.contains(
        "**Options**\n\n| Option | Meaning |\n| --- | --- |\n| `--root` | The docs root. |"
    ));
    assert!(m.contains("|  |  |\n| --- | --- |\n| no header | cell |"));
}

#[test]
fn constants_everywhere_but_literalincluded_files() {
    let p = built();
    let h = html_main(&p, "constants");
    assert_eq!(
        sections(&nodes(&p, "constants"))[0].2,
        "Widget Server 7.0 Constants"
    );
    for want in [
        "The product is Widget Server and <code class=\"literal\">widgetd --version</code> prints 7.0.",
        // A value holding markup, and one built from earlier constants.
        "Markup in a value: <abbr title=\"Identity and Access Management\">IAM</abbr>.",
        "A constant built from earlier ones: Widget Server 7.0.",
        "<a class=\"external\" href=\"https://example.com/widgets/docs\">the docs</a>",
        "<p class=\"admonition-title\">About Widget Server</p>",
        "<p>Admonition body for Widget Server 7.0.</p>",
        "<a class=\"external\" href=\"https://example.com/widgets/home\">widget home</a>",
    ] {
        assert!(h.contains(want), "HTML lacks:\n{want}\n---\n{h}");
    }
    assert!(!h.contains("{+"), "{h}");
    let s = |x: &str| Some(x.to_string());
    let code: Vec<(Option<String>, Option<String>, String)> = code_blocks(&nodes(&p, "constants"))
        .into_iter()
        .map(|(lang, caption, _, text, _, _)| (lang, caption, text))
        .collect();
    assert_eq!(
        code,
        [
            // In a directive argument (the language) and an option (caption).
            (
                s("language-python"),
                s("widgetd.py"),
                "print(\"Widget Server\")".to_string()
            ),
            // In an option of literalinclude (`:start-after: {+marker+}`).
            (
                s("language-python"),
                None,
                "    if os.environ.get(\"X\"):\n        print(\"x is set\")".to_string()
            ),
            // In a literal block.
            (None, None, "widgetd --serve".to_string()),
        ]
    );
    // The title of the page (and so the nav and <title>) is expanded too.
    let page = p.output("html/constants.html");
    assert!(page.contains("<title>Widget Server 7.0 Constants — Constructs</title>"));
    // A literalincluded file is shown as written: no expansion, no error.
    let code = code_texts(&nodes(&p, "code"));
    assert!(
        code[7].contains("# {+product+} stays literal here."),
        "{code:#?}"
    );
}

#[test]
fn unknown_directive_option_and_role_warn_and_keep_content() {
    let p = TestProject::fixture("unknown");
    let run = p.build();
    run.assert_status(0);
    let at: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.severity.as_str(), d.at()))
        .collect();
    let src = Some("source/index.rst");
    assert_eq!(
        at,
        vec![
            ("warning", ("unknown-directive", src, Some(5), Some(4))),
            ("warning", ("unknown-option", src, Some(11), Some(4))),
            ("warning", ("unknown-role", src, Some(15), Some(18))),
            ("warning", ("unknown-option", src, Some(18), Some(4))),
        ]
    );
    assert_eq!(
        run.diags[3].help.as_deref(),
        Some("did you mean `:linenos:`?")
    );
    let h = html_main(&p, "index");
    assert!(h.contains("<div class=\"directive directive-frobnicate\">\n<p class=\"directive-argument\">Some argument</p>\n<p>Content of an unknown directive is still <strong>rendered</strong>.</p>\n</div>"));
    assert!(h.contains("<p class=\"admonition-title\">Kept</p>\n<p>The note is kept although its option is unknown.</p>"));
    assert!(h.contains("<span class=\"role role-frob\">frobbed text</span>"));
    assert_eq!(code_texts(&nodes(&p, "index")), ["print(\"kept\")"]);
    insta::assert_snapshot!("unknown_html", h);
    insta::assert_snapshot!("unknown_md", md(&p, "index"));
    // The same warnings fail the build with --deny-warnings.
    let denied = p.build_with(&["--deny-warnings"]);
    denied.assert_status(1);
    assert_eq!(denied.diags, run.diags);
}
