//! Unit tests of the HTML renderer.

use super::*;
use crate::doc::*;
use crate::render::{PageInfo, SiteInfo};
use crate::text::{FileId, Span};

fn sp() -> Span {
    Span::new(FileId(0), 0, 0)
}
fn b(kind: BlockKind) -> Block {
    Block { kind, span: sp() }
}
fn il(kind: InlineKind) -> Inline {
    Inline { kind, span: sp() }
}
fn text(s: &str) -> Inline {
    il(InlineKind::Text(s.into()))
}
fn para(inl: Vec<Inline>) -> Block {
    b(BlockKind::Paragraph(inl))
}
fn site() -> SiteInfo {
    SiteInfo {
        comparisons: false,
        hierarchy: Default::default(),
        pairs: Vec::new(),
        title: "Docs <&>".into(),
        pages: vec![
            PageInfo {
                name: "csfle/aws".into(),
                title: "AWS".into(),
                ..Default::default()
            },
            PageInfo {
                name: "index".into(),
                title: "Home".into(),
                ..Default::default()
            },
        ],
    }
}
fn body(blocks: Vec<Block>) -> String {
    let site = site();
    let ctx = RenderContext {
        site: &site,
        page: "csfle/aws",
        extra_body_html: None,
    };
    let doc = Document {
        file: FileId(0),
        blocks,
    };
    render_body(&doc, &ctx, &Templates::defaults()).unwrap()
}
fn code_block(text: &str) -> CodeBlock {
    CodeBlock {
        language: Some("javascript".into()),
        text: text.into(),
        caption: None,
        linenos: false,
        lineno_start: 1,
        emphasize_lines: vec![],
        copyable: true,
        origin: CodeOrigin::Inline,
        text_span: sp(),
        line_map: vec![],
    }
}

#[test]
fn escapes_text_and_attributes() {
    let html = body(vec![para(vec![
        text("<script>alert('x')</script> & \"q\""),
        il(InlineKind::Abbr {
            abbr: "KMS".into(),
            expansion: Some("\"><script>x</script>".into()),
        }),
        il(InlineKind::Link {
            children: vec![text("<b>")],
            url: "https://e.com/?a=1&b=\"<script>".into(),
        }),
    ])]);
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert!(html.contains("<abbr title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">KMS</abbr>"));
    assert!(html.contains(
            "<a class=\"external\" href=\"https://e.com/?a=1&amp;b=&quot;&lt;script&gt;\">&lt;b&gt;</a>"
        ));
}

#[test]
fn unsafe_links_render_as_text() {
    let html = body(vec![para(vec![
        il(InlineKind::Link {
            children: vec![text("click")],
            url: "javascript:alert(1)".into(),
        }),
        il(InlineKind::NamedRef {
            children: vec![text("named")],
            name: "n".into(),
            url: Some(" JavaScript:x".into()),
        }),
    ])]);
    assert_eq!(html, "<p>clicknamed</p>\n");
}

#[test]
fn procedure_classes_and_step_ids() {
    let step = |h: &str, id: &str| Step {
        heading: vec![text(h)],
        id: id.into(),
        children: vec![para(vec![text("do it")])],
        span: sp(),
    };
    let html = body(vec![
        b(BlockKind::Procedure(Procedure {
            style: ProcedureStyle::Connected,
            title: None,
            steps: vec![
                step("Create a <user>", "create-a--user-"),
                step("Two", "two"),
            ],
        })),
        b(BlockKind::Procedure(Procedure {
            style: ProcedureStyle::Normal,
            title: None,
            steps: vec![step("Only", "only")],
        })),
    ]);
    assert!(
        html.contains("<div class=\"procedure procedure-connected\">"),
        "{html}"
    );
    assert!(html.contains("<div class=\"procedure procedure-normal\">"));
    assert!(html.contains("<section class=\"step\" id=\"create-a--user-\">"));
    assert!(html.contains("<span class=\"step-number\">1</span>"));
    assert!(html.contains("<span class=\"step-number\">2</span>"));
    assert!(html.contains(
        "<h3 class=\"step-heading\">Create a &lt;user&gt;<a class=\"anchor\" \
             href=\"#create-a--user-\" aria-label=\"Link to this step\">¶</a></h3>"
    ));
    assert!(html.contains("<p>do it</p>"));
}

#[test]
fn admonition_titles() {
    let adm = |kind: &str, title: Option<Vec<Inline>>| {
        b(BlockKind::Admonition(Admonition {
            kind: kind.into(),
            title,
            children: vec![para(vec![text("body")])],
        }))
    };
    let html = body(vec![
        adm("important", None),
        adm("note", Some(vec![text("Heads <up>")])),
        adm("seealso", None),
    ]);
    assert!(
        html.contains("<div class=\"admonition admonition-important\">"),
        "{html}"
    );
    assert!(html.contains("<p class=\"admonition-title\">Important</p>"));
    assert!(html.contains("<p class=\"admonition-title\">Heads &lt;up&gt;</p>"));
    assert!(html.contains("<p class=\"admonition-title\">See also</p>"));
    assert!(html.contains("<p>body</p>"));
}

use crate::render::test_util::strip_tags;

/// The contents of the block's `<code>` element.
fn code_of(html: &str) -> &str {
    let start = html.find("<code").unwrap();
    let start = start + html[start..].find('>').unwrap() + 1;
    let end = html.rfind("</code>").unwrap();
    &html[start..end]
}

#[test]
fn code_language_and_plain_text() {
    let mut c = code_block("if (a < b) {\n  x();\n}");
    c.language = Some("brainfuck".into());
    let html = body(vec![b(BlockKind::Code(c.clone()))]);
    assert!(
        html.contains(
            "<pre><code class=\"language-brainfuck\">if (a &lt; b) {\n  x();\n}</code></pre>"
        ),
        "{html}"
    );
    assert!(html.contains("data-copyable=\"true\""));
    assert!(!html.contains("code-gutter"));
    assert!(!html.contains("hl-"));
    c.language = None;
    c.copyable = false;
    let html = body(vec![b(BlockKind::Code(c))]);
    assert!(html.contains("<pre><code>if"), "{html}");
    assert!(!html.contains("data-copyable"));
}

#[test]
fn highlighted_json_keeps_the_text() {
    let text = "{\n  \"a<b>\": [1, true, null],\n  \"c\": \"d & 'e'\"\n}";
    let mut c = code_block(text);
    c.language = Some("json".into());
    let html = body(vec![b(BlockKind::Code(c))]);
    assert!(
        html.contains("<code class=\"language-json hl-code\">"),
        "{html}"
    );
    assert!(html.contains("class=\"hl-"), "{html}");
    assert_eq!(strip_tags(code_of(&html)), text);
}

#[test]
fn highlighted_emphasis_and_line_numbers() {
    let text = "{\n  \"a\": 1,\n  \"b\": \"/* x\"\n}";
    let mut c = code_block(text);
    c.language = Some("JSON".into());
    c.emphasize_lines = vec![2, 4];
    c.linenos = true;
    c.lineno_start = 7;
    let html = body(vec![b(BlockKind::Code(c))]);
    let code = code_of(&html);
    let lines: Vec<&str> = code.split('\n').collect();
    assert_eq!(lines.len(), 4, "{code}");
    for (i, l) in lines.iter().enumerate() {
        let want = if i == 1 || i == 3 {
            "<span class=\"line hll\">"
        } else {
            "<span class=\"line\">"
        };
        assert!(l.starts_with(want), "line {}: {l}", i + 1);
        assert!(l.ends_with("</span>"), "{l}");
        // Highlighting spans never cross lines.
        assert_eq!(
            l.matches("<span").count(),
            l.matches("</span>").count(),
            "{l}"
        );
    }
    assert!(lines[1].contains("hl-"), "{code}");
    assert_eq!(strip_tags(code), text);
    assert!(html.contains("<pre class=\"code-gutter\" aria-hidden=\"true\">7\n8\n9\n10</pre>"));
}

#[test]
fn huge_or_hostile_blocks_are_plain() {
    let big = "{\"key\": [1, 2, 3]}\n".repeat(100 * 1024 / 19);
    let mut c = code_block(big.trim_end());
    c.language = Some("json".into());
    let html = body(vec![b(BlockKind::Code(c.clone()))]);
    assert!(!html.contains("hl-"));
    assert!(html.contains("<code class=\"language-json\">{&quot;key&quot;"));
    // A line syntect would backtrack on is refused by the size guard, so
    // the block is shown as plain, escaped text (speed: `cargo bench
    // --bench pipeline -- hostile`).
    c.text = "(".repeat(10_000);
    c.language = Some("python".into());
    assert!(!crate::render::highlight::within_limits(&c.text));
    let html = body(vec![b(BlockKind::Code(c))]);
    assert!(!html.contains("hl-"));
    assert!(
        html.contains(&format!(
            "<code class=\"language-python\">{}</code>",
            "(".repeat(10_000)
        )),
        "{}",
        &html[..html.len().min(500)]
    );
}

#[test]
fn copy_button_only_on_copyable_blocks() {
    let mut c = code_block("x");
    let html = body(vec![b(BlockKind::Code(c.clone()))]);
    assert!(html.contains(
            "<div class=\"code-header\"><span class=\"code-language\">JavaScript</span>\
             <button class=\"copy-button\" type=\"button\" aria-label=\"Copy code\">Copy</button></div>"
        ), "{html}");
    c.copyable = false;
    let html = body(vec![b(BlockKind::Code(c.clone()))]);
    assert!(!html.contains("copy-button"), "{html}");
    assert!(!html.contains("code-header"), "{html}");
    c.caption = Some("cap".into());
    let html = body(vec![b(BlockKind::Code(c))]);
    assert!(
        html.contains("<div class=\"code-header\"><div class=\"code-caption\">cap</div></div>"),
        "{html}"
    );
}

#[test]
fn code_emphasis_linenos_caption() {
    let mut c = code_block("a\nb\nc");
    c.emphasize_lines = vec![2];
    c.linenos = true;
    c.lineno_start = 10;
    c.caption = Some("main.js <x>".into());
    let html = body(vec![b(BlockKind::Code(c))]);
    assert_eq!(strip_tags(code_of(&html)), "a\nb\nc");
    let lines: Vec<&str> = code_of(&html).split('\n').collect();
    assert!(lines[0].starts_with("<span class=\"line\">"), "{html}");
    assert!(lines[1].starts_with("<span class=\"line hll\">"), "{html}");
    assert!(lines[2].starts_with("<span class=\"line\">"), "{html}");
    assert!(html.contains("<pre class=\"code-gutter\" aria-hidden=\"true\">10\n11\n12</pre>"));
    assert!(html.contains("<div class=\"code-caption\">main.js &lt;x&gt;</div>"));
    // Highlighted as JavaScript, but bare identifiers are plain: no spans.
    assert!(html.contains("<code class=\"language-javascript hl-code\">"));
    assert!(!html.contains("class=\"hl-"), "{html}");
}

#[test]
fn labels_sections_and_lists() {
    let item = |s: &str| ListItem {
        children: vec![para(vec![text(s)])],
        span: sp(),
    };
    let html = body(vec![
        b(BlockKind::Label(Label {
            name: "my-label".into(),
        })),
        b(BlockKind::Section(Section {
            level: 9,
            title: vec![text("Deep")],
            id: "deep".into(),
            children: vec![
                b(BlockKind::EnumList(EnumList {
                    style: EnumStyle::LowerAlpha,
                    start: 3,
                    items: vec![item("c"), item("d")],
                })),
                b(BlockKind::EnumList(EnumList {
                    style: EnumStyle::Arabic,
                    start: 1,
                    items: vec![item("one")],
                })),
                b(BlockKind::BulletList(vec![ListItem {
                    children: vec![para(vec![text("p1")]), para(vec![text("p2")])],
                    span: sp(),
                }])),
                b(BlockKind::Hidden),
                b(BlockKind::Transition),
            ],
        })),
    ]);
    assert!(
        html.starts_with("<span id=\"my-label\"></span>\n"),
        "{html}"
    );
    assert!(html.contains(
        "<section id=\"deep\">\n<h6>Deep<a class=\"anchor\" href=\"#deep\" \
             aria-label=\"Link to this section\">¶</a></h6>"
    ));
    assert!(html.contains("<ol type=\"a\" start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>"));
    assert!(html.contains("<ol type=\"1\">\n<li>one</li>"));
    assert!(html.contains("<li>\n<p>p1</p>\n<p>p2</p>\n</li>"));
    assert!(html.contains("<hr>"));
}

#[test]
fn refs_roles_and_generic() {
    let resolved = ResolvedRef {
        title: "Other page".into(),
        target: RefTarget::Page {
            page: "qe/other".into(),
            anchor: Some("sec".into()),
        },
    };
    let html = body(vec![
        para(vec![
            il(InlineKind::Ref {
                title: None,
                target: "sec".into(),
                resolved: Some(Box::new(resolved)),
            }),
            il(InlineKind::Doc {
                title: Some("Missing".into()),
                target: "/nope".into(),
                resolved: None,
            }),
            il(InlineKind::Role {
                name: "py:class".into(),
                text: "X".into(),
                style: RoleStyle::Text,
                target: None,
                resolved: None,
            }),
            il(InlineKind::Literal("a<b".into())),
        ]),
        b(BlockKind::Generic(GenericDirective {
            name: "tabs".into(),
            argument: vec![text("Arg")],
            options: vec![],
            children: vec![para(vec![text("inner")])],
            style: DirectiveStyle::Container,
        })),
    ]);
    assert!(
        html.contains("<a class=\"ref\" href=\"../qe/other.html#sec\">Other page</a>"),
        "{html}"
    );
    assert!(html.contains("<span class=\"ref unresolved\">Missing</span>"));
    assert!(html.contains("<span class=\"role role-py-class\">X</span>"));
    assert!(html.contains("<code class=\"literal\">a&lt;b</code>"));
    assert!(html.contains(
            "<div class=\"directive directive-tabs\">\n<p class=\"directive-argument\">Arg</p>\n<p>inner</p>\n</div>"
        ));
}

#[test]
fn table_with_header() {
    let cell = |s: &str| vec![para(vec![text(s)])];
    let html = body(vec![b(BlockKind::Table(Table {
        title: None,
        header_rows: 1,
        rows: vec![vec![cell("H1"), cell("H2")], vec![cell("a"), cell("b")]],
        widths: vec![1, 3],
    }))]);
    assert!(html.contains("<table class=\"list-table\">"), "{html}");
    assert!(html.contains("<col style=\"width: 25.00%\"><col style=\"width: 75.00%\">"));
    assert!(html.contains("<thead>\n<tr><th>H1</th><th>H2</th></tr>\n</thead>"));
    assert!(html.contains("<tbody>\n<tr><td>a</td><td>b</td></tr>\n</tbody>"));
}

fn sec(level: u8, title: &str, id: &str, children: Vec<Block>) -> Block {
    b(BlockKind::Section(Section {
        level,
        title: vec![text(title)],
        id: id.into(),
        children,
    }))
}

fn toc_doc() -> Document {
    let step = |h: &str, id: &str| Step {
        heading: vec![il(InlineKind::Strong(vec![text(h)]))],
        id: id.into(),
        children: vec![para(vec![text("x")])],
        span: sp(),
    };
    Document {
        file: FileId(0),
        blocks: vec![sec(
            1,
            "Title",
            "title",
            vec![
                para(vec![text("intro")]),
                sec(
                    2,
                    "Before <you> begin",
                    "before",
                    vec![b(BlockKind::Procedure(Procedure {
                        style: ProcedureStyle::Connected,
                        title: None,
                        steps: vec![step("Create a <user>", "create"), step("No id", "")],
                    }))],
                ),
                b(BlockKind::Included(Included {
                    path: "/inc.rst".into(),
                    file: Some(crate::text::FileId(1)),
                    blocks: vec![b(BlockKind::Generic(GenericDirective {
                        name: "tabs".into(),
                        argument: vec![],
                        options: vec![],
                        children: vec![sec(
                            2,
                            "Next",
                            "next",
                            vec![sec(3, "Deeper", "deeper", vec![])],
                        )],
                        style: DirectiveStyle::Container,
                    }))],
                })),
            ],
        )],
    }
}

#[test]
fn toc_lists_sections_and_steps() {
    let doc = toc_doc();
    let toc = render_toc(&doc);
    assert_eq!(
            toc,
            "<li><a href=\"#before\"><span class=\"toc-text\">Before &lt;you&gt; begin</span></a>\n\
             <ul>\n\
             <li class=\"toc-step\"><a href=\"#create\"><span class=\"toc-step-number\" \
             aria-hidden=\"true\">1</span><span class=\"toc-text\">Create a &lt;user&gt;</span></a></li>\n\
             </ul>\n\
             </li>\n\
             <li><a href=\"#next\"><span class=\"toc-text\">Next</span></a>\n\
             <ul>\n\
             <li><a href=\"#deeper\"><span class=\"toc-text\">Deeper</span></a></li>\n\
             </ul>\n\
             </li>\n"
        );
    // Every TOC link points at an id the body emits.
    let body_html = render_body(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap();
    for id in ["before", "create", "next", "deeper"] {
        assert!(body_html.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(
            body_html.contains(&format!("<a class=\"anchor\" href=\"#{id}\"")),
            "{id}"
        );
    }
    // The page title gets no anchor.
    assert!(body_html.contains("<h1>Title</h1>"), "{body_html}");
    let page = render_page(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap();
    assert!(page.contains("<div class=\"page has-toc\">"));
    assert!(
        page.contains(&format!(
            "<nav class=\"page-toc\" aria-label=\"On this page\">\n\
             <input type=\"checkbox\" id=\"page-toc-toggle\" class=\"page-toc-toggle\">\n\
             <label for=\"page-toc-toggle\" class=\"page-toc-label\">On this page</label>\n\
             <ul>\n{toc}</ul>\n</nav>\n<main"
        )),
        "{page}"
    );
    assert_eq!(
        page,
        render_page(&doc, &ctx_for("qe/x"), &Templates::defaults()).unwrap()
    );
}

fn ctx_for(page: &'static str) -> RenderContext<'static> {
    static SITE: std::sync::OnceLock<SiteInfo> = std::sync::OnceLock::new();
    RenderContext {
        site: SITE.get_or_init(site),
        page,
        extra_body_html: None,
    }
}

#[test]
fn whole_page() {
    let site = site();
    let ctx = RenderContext {
        site: &site,
        page: "csfle/aws",
        extra_body_html: Some("<script src=\"/_reload.js\"></script>"),
    };
    let doc = Document {
        file: FileId(0),
        blocks: vec![b(BlockKind::Section(Section {
            level: 1,
            title: vec![text("Use <AWS>")],
            id: "use-aws".into(),
            children: vec![],
        }))],
    };
    let html = render_page(&doc, &ctx, &Templates::defaults()).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<title>Use &lt;AWS&gt; — Docs &lt;&amp;&gt;</title>"));
    assert!(html.contains("href=\"../_static/procdoc.css\""));
    assert!(html.contains(
        "<li class=\"current\"><a href=\"../csfle/aws.html\" aria-current=\"page\">AWS</a></li>"
    ));
    assert!(html.contains("<li class=\"nav-home\"><a href=\"../index.html\">Home</a></li>"));
    assert!(html.contains("<script src=\"../_static/nav.js\" defer></script>"));
    assert!(html.contains("<h1>Use &lt;AWS&gt;</h1>"));
    assert!(html.contains("<script src=\"/_reload.js\"></script>\n</body>"));
    assert!(html.contains(
        "<script src=\"../_static/procdoc.js\" defer></script>\n<script src=\"../_static/nav.js\" defer></script>\n</head>"
    ));
    // One section: no table of contents.
    assert!(!html.contains("page-toc"), "{html}");
    assert!(html.contains("<div class=\"page\">"));
    // Deterministic.
    assert_eq!(
        html,
        render_page(&doc, &ctx, &Templates::defaults()).unwrap()
    );
}
