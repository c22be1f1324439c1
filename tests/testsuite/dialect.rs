//! The snooty dialect from the registry, on `tests/fixtures/dialect/` (it
//! builds without a diagnostic): link roles, object directives and the roles
//! that link to them, glossary terms, text roles, version notes, the other
//! snooty directives, and a project `rstspec` file. Then
//! `tests/fixtures/dialect-broken/`: input that must never render silently,
//! one exact diagnostic per mistake.

use crate::support::{main_of, TestProject};

fn built() -> TestProject {
    let p = TestProject::fixture("dialect");
    p.build().assert_clean();
    p
}

fn html(p: &TestProject, page: &str) -> String {
    main_of(&p.output(&format!("html/{page}.html"))).to_string()
}

fn md(p: &TestProject, page: &str) -> String {
    p.output(&format!("markdown/{page}.md"))
}

#[track_caller]
fn has_all(haystack: &str, wants: &[&str]) {
    for want in wants {
        assert!(haystack.contains(want), "lacks:\n{want}\n---\n{haystack}");
    }
}

#[test]
fn link_roles_use_the_url_pattern_and_title_forms() {
    let p = built();
    has_all(
        &html(&p, "index"),
        &[
            "<a class=\"external\" href=\"https://jira.mongodb.org/browse/SERVER-1234\">SERVER-1234</a>",
            "<a class=\"external\" href=\"https://jira.mongodb.org/browse/SERVER-99\">the ticket</a>",
            // `ensure_trailing_slash` paths get one.
            "<a class=\"external\" href=\"https://www.mongodb.com/docs/manual/reference/command/find/\">/reference/command/find</a>",
            "<a class=\"external\" href=\"https://www.mongodb.com/docs/v4.4/core/x/\">the old manual</a>",
            // A role from the project's rstspec file.
            "<a class=\"external\" href=\"https://tickets.example.com/browse/ABC-1\">ABC-1</a>",
        ],
    );
    has_all(
        &md(&p, "index"),
        &[
            "[SERVER-1234](https://jira.mongodb.org/browse/SERVER-1234)",
            "[the ticket](https://jira.mongodb.org/browse/SERVER-99)",
            "[the old manual](https://www.mongodb.com/docs/v4.4/core/x/)",
        ],
    );
}

#[test]
fn object_directives_are_targets_with_a_signature_heading() {
    let p = built();
    let h = html(&p, "reference");
    has_all(
        &h,
        &[
            "<dl class=\"object object-method\">\n<dt id=\"mongodb-method-db.collection.find\"><code class=\"object-signature\">db.collection.find(query, projection)</code><a class=\"anchor\" href=\"#mongodb-method-db.collection.find\" aria-label=\"Link to this definition\">¶</a></dt>\n<dd>\n<p>Selects documents.</p>\n</dd>\n</dl>",
            "<dt id=\"mongodb-dbcommand-dbcmd.find\">",
            "<dt id=\"mongodb-binary-bin.mongod\">",
            // `.. program::` is only a target; options are qualified by it.
            "<span id=\"std-program-mongod\"></span>",
            "<dt id=\"std-option-mongod.--port\"><code class=\"object-signature\">--port &lt;port&gt;</code>",
            "<dt id=\"term-namespace\">namespace</dt>",
        ],
    );
    has_all(
        &md(&p, "reference"),
        &[
            "<a id=\"mongodb-method-db.collection.find\"></a>**`db.collection.find(query, projection)`**\n\nSelects documents.",
            "<a id=\"term-primary\"></a>**primary**",
        ],
    );
}

#[test]
fn object_roles_link_to_their_directive_and_unresolved_ones_are_plain_code() {
    let p = built();
    let to = |anchor: &str, role: &str, text: &str| {
        format!("<a class=\"ref\" href=\"./reference.html#{anchor}\"><code class=\"role role-{role}\">{text}</code></a>")
    };
    has_all(
        &html(&p, "index"),
        &[
            &to("mongodb-method-db.collection.find", "method", "db.collection.find()"),
            // `~` shows the last component; `title <target>` the title.
            &to("mongodb-method-db.collection.find", "method", "find()"),
            &to("mongodb-method-db.collection.find", "method", "the find method"),
            &to("mongodb-dbcommand-dbcmd.find", "dbcommand", "find"),
            &to("mongodb-binary-bin.mongod", "binary", "mongod"),
            &to("std-option-mongod.--port", "option", "mongod --port"),
            &to("mongodb-setting-net.port", "setting", "net.port"),
            // No directive defines it: code, no link, no diagnostic.
            "and <code class=\"role role-method\">db.unknownMethod()</code> which",
            "<a class=\"ref\" href=\"./reference.html#term-namespace\"><span class=\"role role-term\">namespace</span></a>",
            "<a class=\"ref\" href=\"./reference.html#term-primary\"><span class=\"role role-term\">the primary</span></a>",
        ],
    );
    has_all(
        &md(&p, "index"),
        &[
            "[`find()`](./reference.md#mongodb-method-db.collection.find)",
            "[`mongod --port`](./reference.md#std-option-mongod.--port)",
            "and `db.unknownMethod()` which",
            "[the primary](./reference.md#term-primary)",
        ],
    );
}

#[test]
fn text_roles_and_snooty_directives() {
    let p = built();
    has_all(
        &html(&p, "index"),
        &[
            "<span class=\"role role-red\">red text</span>",
            "<span class=\"role role-highlight-yellow\">marked</span>",
            "x<sup class=\"role role-superscript\">2</sup>",
            "a<sub class=\"role role-subscript\">i</sub>",
            "<kbd class=\"role role-kbd\">Ctrl+C</kbd>",
            "<p class=\"directive-argument\">New in version 4.4.</p>\n<p>Something new.</p>",
            "<p class=\"directive-argument\">Changed in version 5.0.</p>",
            "<p class=\"directive-argument\">Deprecated since version 3.6.</p>",
            "<dl class=\"object object-describe\">\n<dt><code class=\"object-signature\">{ &lt;field&gt;: &lt;value&gt; }</code></dt>",
            // `cond` shows its content, not its argument; `cssclass` puts
            // its argument's classes on its content.
            "<div class=\"directive directive-cond\">\n<p>Conditional text.</p>\n</div>",
            "<div class=\"directive directive-cssclass fancy\">\n<p>Styled content.</p>\n</div>",
            "<div class=\"directive directive-introduction\">\n<p>An introduction.</p>\n</div>",
            "<p><a class=\"button\" href=\"https://example.com/start\">Get started</a></p>",
            // A directive from the project's rstspec file.
            "<div class=\"directive directive-widget\">\n<p class=\"directive-argument\">From the project rstspec</p>\n<p>Widget body.</p>\n</div>",
        ],
    );
    let h = html(&p, "index");
    assert!(
        !h.contains("Write more examples"),
        "todo is for writers only"
    );
    has_all(
        &md(&p, "index"),
        &[
            "x<sup>2</sup>",
            "**New in version 4.4.**\n\nSomething new.",
            "**Deprecated since version 3.6.**",
            "[Get started](https://example.com/start)",
        ],
    );
}

/// `.. class:: hidden` (the Manual puts it around an object definition
/// that is only a link target, above the page title) hides its content in
/// both outputs but keeps the link target; other classes land on the
/// content's wrapper.
#[test]
fn class_hidden_keeps_only_the_link_targets() {
    let p = TestProject::new().page(
        ".. class:: hidden\n\n   .. readconcern:: \"local\"\n\n\
             =============\nRead Concern\n=============\n\n\
             See :readconcern:`\"local\"`.\n\n\
             .. class:: wide  tall\n\n   Shown text.\n",
    );
    p.build().assert_clean();
    let anchor = "mongodb-readconcern-readconcern.-local-";
    let h = html(&p, "index");
    has_all(
        &h,
        &[
            &format!("<span id=\"{anchor}\"></span>"),
            &format!("<a class=\"ref\" href=\"#{anchor}\">"),
            "<div class=\"directive directive-class wide tall\">\n<p>Shown text.</p>\n</div>",
        ],
    );
    assert!(!h.contains("object-signature"), "{h}");
    let m = md(&p, "index");
    assert!(
        m.starts_with(&format!("<a id=\"{anchor}\"></a>\n\n")),
        "{m}"
    );
    assert!(!m.contains("**`\"local\"`**"), "{m}");
    assert!(m.contains("\n\nShown text.\n"), "{m}");
}

#[test]
fn rstspec_errors_are_located() {
    let p = TestProject::new()
        .config("[project]\nrstspec = \"spec.toml\"\n")
        .file(
            "spec.toml",
            "[directive.widget]\ncontent_type = \"block\"\noptions.size = \"nonnegative_integr\"\n",
        )
        .page("Title\n=====\n\n.. widget::\n   :size: 3\n\n   Body.\n");
    let run = p.build();
    run.assert_status(1);
    let d = run.one("rstspec-invalid");
    assert_eq!(
        d.at(),
        ("rstspec-invalid", Some("spec.toml"), Some(3), Some(16))
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `nonnegative_integer`?")
    );
    let missing = TestProject::new()
        .config("[project]\nrstspec = \"nope.toml\"\n")
        .page("Title\n=====\n");
    let run = missing.build();
    run.assert_status(1);
    assert_eq!(
        run.one("rstspec-invalid").at(),
        ("rstspec-invalid", Some("procdoc.toml"), Some(2), Some(11))
    );
}

#[test]
fn broken_input_never_renders_silently() {
    let p = TestProject::fixture("dialect-broken");
    let run = p.build();
    run.assert_status(1);
    let got: Vec<_> = run
        .diags
        .iter()
        .map(|d| (d.severity.as_str(), d.at(), d.help.as_deref()))
        .collect();
    let f = Some("source/index.rst");
    assert_eq!(
        got,
        [
            (
                "error",
                ("missing-content", f, Some(5), Some(4)),
                Some("indent the note's text under the directive (3 spaces), after a blank line")
            ),
            (
                "warning",
                ("suspicious-comment", f, Some(8), Some(4)),
                Some("write `.. important::` (two colons); to keep a comment, start it with another word")
            ),
            (
                "warning",
                ("unknown-directive", f, Some(10), Some(4)),
                Some("did you mean `code-block`? procdoc shows the content without special rendering")
            ),
            (
                "error",
                ("unknown-directive", f, Some(20), Some(7)),
                Some("write `.. step::`; procdoc shows it as a step meanwhile")
            ),
            (
                "warning",
                ("missing-argument", f, Some(24), Some(7)),
                Some("write the step's heading after `.. step::`")
            ),
        ],
        "\n{}",
        run.report()
    );
    assert_eq!(
        run.diags[0].message,
        "content block expected for the `note` directive; none found"
    );
    assert_eq!(
        run.diags[3].message,
        "unknown directive `stepp` inside a `procedure`; did you mean `step`?"
    );
}
