//! Hostile input never panics or hangs: `procdoc build` ends with status 0
//! or 1 (never 101, the panic status, and never killed by the timeout).

use crate::support::{main_of, procdoc, Run, TestProject};
use std::time::{Duration, Instant};

/// Nasty pages, by name.
fn nasty_pages() -> Vec<(&'static str, Vec<u8>)> {
    let mut pages: Vec<(&'static str, Vec<u8>)> = vec![
        // Block quotes 200 deep (4 spaces per level).
        ("deep-quotes", (0..200).map(|i| format!("{}q\n\n", "    ".repeat(i))).collect::<String>().into_bytes()),
        // Bullet lists 300 deep, no blank lines.
        ("deep-lists", (0..300).map(|i| format!("{}- x\n", "  ".repeat(i))).collect::<String>().into_bytes()),
        // Directives 150 deep.
        ("deep-directives", (0..150).map(|i| format!("{}.. note::\n\n", "   ".repeat(i))).collect::<String>().into_bytes()),
        // 10k unmatched stars, and 10k unmatched emphasis starts.
        ("stars", format!("{}\n\n{}\n", "*".repeat(10_000), "*a ".repeat(10_000)).into_bytes()),
        // Backquotes, roles and references that never close.
        ("ticks", format!("{}\n\n{}\n\n{}\n", "`".repeat(10_001), "``x ".repeat(3_000), ":a:`".repeat(5_000)).into_bytes()),
        ("refs", format!("{}\n\n{}\n\n{}\n", "_".repeat(5_000), "a_ ".repeat(3_000), "`x`__ ".repeat(2_000)).into_bytes()),
        ("pipes", format!("{}\n\n{}\n", "|".repeat(5_000), " |a| ".repeat(3_000)).into_bytes()),
        // One line of 1 MB, and a 100 kB title.
        ("huge-line", format!("{}\n", "word ".repeat(200_000)).into_bytes()),
        ("huge-title", format!("{t}\n{u}\n", t = "T".repeat(100_000), u = "=".repeat(100_000)).into_bytes()),
        // NUL bytes and control characters.
        ("nul", b"Title\n=====\n\nnul \0 byte\0\x01\x1b[31m\n\n.. note:: \0\n\n   \0\n".to_vec()),
        // CRLF and lone CR line ends, and tabs.
        ("crlf", b"Title\r\n=====\r\n\r\n- a\r\n- b\r\n\r\n.. code-block:: py\r\n\r\n   x = 1\r\n\rlone cr\r".to_vec()),
        ("tabs", b"Title\n=====\n\n\t- tab\n\t\t- tab tab\n\n.. note::\n\tbody\n\n1.\tx\n\t\t\t\n".to_vec()),
        // Constant syntax gone wrong.
        ("braces", format!("{}{{+{{+{{+\n{}{}\n{{+\n+}}\n{{++}}{{+-+}}{{+ +}}\n", "{+".repeat(50_000), "{".repeat(1_000), "+}".repeat(1_000)).into_bytes()),
        // Directives and markup cut short.
        ("unterminated", b".. code-block::\n.. note::\n   .. procedure::\n      .. step::\n.. list-table::\n   * -\n.. literalinclude::\n   :lines:\n.. include::\n   :start-after:\n..\n.. _\n.. |x|\n.. |y| replace::\n:ref:`\n`a <`_\n.. _a: b_\n.. _b: a_\n`a`_\n".to_vec()),
        // Every adornment character as a title style, and odd enumerators.
        ("sections", "=!\"#$%&'()*+,-./:;<>?@[\\]^_`{|}~".chars().map(|c| format!("{a}\nT{c}\n{a}\n\n", a = c.to_string().repeat(5))).collect::<String>().into_bytes()),
        ("enumerators", format!("{}MMMMCMXCIX. x\n(((((\nzz. y\n0. z\n4294967296. big\n", (1..3_000).step_by(2).map(|i| format!("{i}. x\n")).collect::<String>()).into_bytes()),
        // Tables with absurd options.
        ("tables", b".. list-table::\n   :header-rows: 99999999999\n   :widths: 0 0 0\n\n   * - a\n\n.. list-table::\n   :header-rows: 5\n\n   * - a\n     - b\n   * - c\n\n.. code-block::\n   :lineno-start: 4294967295\n   :linenos:\n   :emphasize-lines: 1-999999999999\n\n   x\n".to_vec()),
        // Non-ASCII everywhere, including in adornments and enumerators.
        ("unicode", "Tïtlé ✓\n═══════\n\n• bullet\n‣ other\n\n`lïnk <https://exämple.com/ü>`_ and **strøng** and :abbr:`É (Éé)`\n\n.. _ünïcode:\n\n.. note:: Ñote\n\n   ✓ body\n".to_string().into_bytes()),
        ("empty", Vec::new()),
        ("blank", b"\n\n\n   \n\t\n".to_vec()),
    ];
    pages.push(("only-directive", b".. note::".to_vec()));
    pages
}

#[test]
fn nasty_pages_never_panic() {
    let p = TestProject::new()
        .file(
            "includes/frag.rst",
            b".. include:: frag.rst\n\n{+\0\n".as_slice(),
        )
        .file("includes/data.json", b"{\"a\": 1}\n".as_slice());
    for (name, text) in nasty_pages() {
        p.write(&format!("source/{name}.rst"), text);
    }
    p.write(
        "source/includes-gone-wrong.rst",
        ".. include:: /includes/frag.rst\n\n.. include:: /\n\n.. include:: .\n\n.. include:: /includes\n\n.. literalinclude:: /includes/data.json\n   :lines: 0\n   :start-after: \n   :dedent: -1\n\n.. literalinclude:: /includes/data.json\n   :lines: 1-\n   :end-before: }\n",
    );
    let start = Instant::now();
    let run = p.build();
    assert!(matches!(run.status, 0 | 1), "{}", run.report());
    assert!(!run.diags.is_empty(), "expected some diagnostics");
    eprintln!("hostile site built in {:?}", start.elapsed());
}

#[test]
fn each_nasty_page_alone_never_panics() {
    // One page per build, so a crash names its input.
    for (name, text) in nasty_pages() {
        let start = Instant::now();
        let p = TestProject::new().file("source/index.rst", text);
        let run = p.build();
        assert!(matches!(run.status, 0 | 1), "{name}\n{}", run.report());
        // Human output renders the same diagnostics without failing (only
        // for pages with few: see `human_output_is_not_quadratic`).
        if run.diags.len() < 200 {
            let human = p.build_human();
            assert_eq!(human.status, run.status, "{name}");
        }
        eprintln!("{name}: {:?}", start.elapsed());
    }
}

#[test]
fn nasty_config_never_panics() {
    for toml in [
        "",
        "\0",
        "[project\n",
        "[constants]\na = 1\n",
        "[constants]\na = \"{+a+}\"\nb = \"{+a+}{+a+}{+a+}\"\n",
        "[project]\nsource = \"index.rst\"\n",
        "[project]\nsource = \"\"\n",
        "[project]\nexclude = [\"[\"]\n",
        "[project]\nexclude = [\"**\"]\n",
        "[refs.x]\ntitle = \"t\"\nurl = \"javascript:alert(1)\"\n",
        "[substitutions]\nx = \"|y|\"\n",
        "[substitutions]\nx = \"`unclosed\"\n",
    ] {
        let p = TestProject::new()
            .config(toml)
            .page("Title\n=====\n\n:ref:`x` |x| {+a+} {+b+}\n");
        let run = p.build();
        assert!(matches!(run.status, 0 | 1), "{toml:?}\n{}", run.report());
    }
}

#[test]
fn self_referential_substitution_does_not_crash() {
    // Regression: "thread 'main' has overflowed its stack", status 134.
    let p = TestProject::new().page("Title\n=====\n\n|self|\n\n.. |self| replace:: again |self|\n");
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["substitution-cycle"]);
}

#[test]
fn config_substitution_cycle_does_not_crash() {
    // Regression: mutually recursive [substitutions] overflowed the stack.
    let p = TestProject::new()
        .config("[substitutions]\na = \"x |b|\"\nb = \"y |a|\"\n")
        .page("Title\n=====\n\n|a|\n");
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["substitution-cycle"]);
}

#[test]
fn human_output_is_not_quadratic() {
    // Regression: 10k unclosed `*a` on one 30 kB line printed the line 10k
    // times in the human format (4k took 87 s and 72 MB in a debug build).
    // Diagnostics are now capped per file and code.
    let p = TestProject::new().page(&format!("{}\n", "*a ".repeat(10_000)));
    let mut cmd = p.cmd();
    cmd.timeout(Duration::from_secs(30));
    let run = Run::new(&mut cmd);
    assert_eq!(run.status, 0);
    assert!(
        run.stderr.len() < 10_000_000,
        "{} bytes of diagnostics",
        run.stderr.len()
    );
}

#[test]
fn external_ref_with_an_unsafe_url_is_not_a_link() {
    let p = TestProject::new()
        .config("[refs.x]\ntitle = \"Click\"\nurl = \"javascript:alert(1)\"\n")
        .page("Title\n=====\n\nSee :ref:`x`.\n");
    let run = p.build();
    // The page builds; the reference is shown as its title, unlinked.
    run.assert_status(0);
    let html = p.output("html/index.html");
    assert_eq!(
        main_of(&html),
        "<section id=\"title\">\n<h1>Title</h1>\n<p>See Click.</p>\n</section>"
    );
    assert!(!html.to_ascii_lowercase().contains("javascript:"), "{html}");
    let md = p.output("markdown/index.md");
    assert!(md.contains("See Click.\n"), "{md}");
    assert!(!md.to_ascii_lowercase().contains("javascript:"), "{md}");
}

#[test]
fn include_fan_out_is_bounded() {
    // Regression: 24 fragments of 4 lines each expanded to 2^24 copies of
    // the last one, a ~200-byte project that never finished building.
    let mut p = TestProject::new().page("Title\n=====\n\n.. include:: /includes/l0.rst\n");
    for i in 0..24 {
        p = p.file(
            &format!("includes/l{i}.rst"),
            format!(
                "L{i}\n\n.. include:: l{n}.rst\n\n.. include:: l{n}.rst\n",
                n = i + 1
            ),
        );
    }
    p = p.file("includes/l24.rst", "end\n");
    let mut cmd = procdoc();
    cmd.timeout(Duration::from_secs(30))
        .args(["build", "--message-format", "json", "--root"])
        .arg(p.root());
    let run = Run::new(&mut cmd);
    run.assert_status(1);
    let d = run.one("include-too-deep");
    assert!(
        d.message.contains("includes expanded for one page"),
        "{d:#?}"
    );
}
