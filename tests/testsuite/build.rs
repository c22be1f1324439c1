//! What `procdoc build` writes, where, and what it refuses to touch.

use crate::support::{main_of, paths, procdoc, tree, Run, TestProject};

fn two_pages() -> TestProject {
    TestProject::new()
        .file(
            "source/index.rst",
            "Home\n====\n\nSee :doc:`guide/start`.\n",
        )
        .file(
            "source/guide/start.txt",
            "Start\n=====\n\nA ``.txt`` page.\n",
        )
        .file("source/notes.md", "# not a page\n")
}

#[test]
fn writes_html_and_markdown_per_page_for_rst_and_txt() {
    let p = two_pages();
    let run = p.build();
    run.assert_clean();
    // Regression: the count came from the page trees kept for the
    // comparison pages (none here) once pages were no longer held.
    assert!(run.stderr.contains("built 2 page(s)"), "{}", run.stderr);
    let out = tree(&p.path("build"));
    assert_eq!(
        paths(&out),
        [
            "html/.procdoc-output",
            "html/404.html",
            "html/_static/nav.js",
            "html/_static/procdoc.css",
            "html/_static/procdoc.js",
            "html/guide/start.html",
            "html/index.html",
            "markdown/.procdoc-output",
            "markdown/guide/start.md",
            "markdown/index.md",
        ]
    );
    assert!(p
        .output("html/index.html")
        .contains("<a class=\"ref\" href=\"./guide/start.html\">Start</a>"));
    assert!(p
        .output("html/guide/start.html")
        .contains("href=\"../_static/procdoc.css\""));
    assert!(p
        .output("markdown/index.md")
        .contains("[Start](./guide/start.md)"));
}

#[test]
fn out_option_puts_the_site_elsewhere() {
    let p = two_pages();
    let other = tempfile::tempdir().expect("temp dir");
    let out = other.path().join("site");
    let run = p.build_with(&["--out", out.to_str().expect("UTF-8 path")]);
    run.assert_clean();
    assert!(out.join("html/index.html").is_file());
    assert!(out.join("markdown/guide/start.md").is_file());
    assert!(!p.path("build").exists(), "nothing in the default folder");
    assert!(
        run.stderr.contains(&format!("into {}", out.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn relative_root_and_out_are_relative_to_the_working_directory() {
    let p = two_pages();
    let mut cmd = procdoc();
    cmd.current_dir(p.root().parent().expect("parent"))
        .args(["build", "--message-format", "json", "--root"])
        .arg(p.root().file_name().expect("name"))
        .arg("--out")
        .arg(
            p.root()
                .file_name()
                .expect("name")
                .to_owned()
                .into_string()
                .expect("UTF-8")
                + "/site",
        );
    Run::new(&mut cmd).assert_clean();
    assert!(p.path("site/html/index.html").is_file());
}

#[test]
fn default_root_is_the_working_directory() {
    let p = two_pages();
    let mut cmd = procdoc();
    cmd.current_dir(p.root())
        .args(["build", "--message-format", "json"]);
    Run::new(&mut cmd).assert_clean();
    assert!(p.path("build/html/index.html").is_file());
}

#[test]
fn failed_build_leaves_the_previous_site_byte_identical() {
    let p = two_pages();
    p.build().assert_clean();
    let before = tree(&p.path("build"));
    // Break the build, and add a page that must not appear.
    p.write("source/index.rst", "Home\n====\n\nNow {+undefined+}.\n");
    p.write("source/new.rst", "New\n===\n\nNew page.\n");
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.codes(), ["undefined-constant"]);
    assert!(
        run.stderr.contains("the previous site was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(tree(&p.path("build")), before, "the site changed");
    // No staging or backup folders are left behind either.
    let names: Vec<String> = std::fs::read_dir(p.path("build"))
        .expect("read build")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["html", "markdown"]);
}

#[test]
fn failed_first_build_writes_nothing() {
    let p = TestProject::new().page("Home\n====\n\n{+undefined+}\n");
    p.build().assert_status(1);
    assert!(!p.path("build").exists());
}

#[test]
fn deny_warnings_failure_writes_nothing() {
    let p = two_pages();
    p.build().assert_clean();
    let before = tree(&p.path("build"));
    p.write("source/index.rst", "Home\n====\n\nAn :frob:`odd` role.\n");
    let run = p.build_with(&["--deny-warnings"]);
    run.assert_status(1);
    assert_eq!(run.codes(), ["unknown-role"]);
    assert_eq!(tree(&p.path("build")), before);
    // Without the flag the same input builds.
    p.build().assert_status(0);
    assert_ne!(tree(&p.path("build")), before);
}

#[test]
fn refuses_to_replace_an_output_folder_it_did_not_create() {
    let p = two_pages()
        .file("build/html/mine.txt", "precious\n")
        .file("build/markdown/other.md", "# mine\n");
    let before = tree(&p.path("build"));
    let run = p.build();
    run.assert_status(2);
    let d = run.one("io-error");
    assert!(d.message.contains("was not created by procdoc"), "{d:#?}");
    assert_eq!(
        tree(&p.path("build")),
        before,
        "a foreign folder was touched"
    );
}

#[test]
fn refuses_when_only_one_output_folder_is_foreign() {
    let p = two_pages();
    p.build().assert_clean();
    std::fs::remove_dir_all(p.path("build/markdown")).expect("rm");
    p.write("build/markdown/mine.md", "# mine\n");
    let before = tree(&p.path("build"));
    p.build().assert_status(2);
    assert_eq!(
        tree(&p.path("build")),
        before,
        "nothing replaced, not even html/"
    );
}

#[test]
fn rebuild_replaces_its_own_output_and_drops_stale_pages() {
    let p = two_pages().file("source/old.rst", "Old\n===\n\nGone soon.\n");
    p.build().assert_clean();
    assert!(p.path("build/html/old.html").is_file());
    std::fs::remove_file(p.path("source/old.rst")).expect("rm");
    p.build().assert_clean();
    assert!(!p.path("build/html/old.html").exists());
    assert!(!p.path("build/markdown/old.md").exists());
    assert!(p.path("build/html/index.html").is_file());
}

#[test]
fn rebuild_over_the_previous_site_equals_a_fresh_build() {
    // From the second rebuild on, a build writes over the files of the site
    // before last (kept as `.procdoc-spare-*`): pages that grew, shrank,
    // vanished or are new must come out as a fresh build writes them.
    let p = two_pages()
        .file("source/old.rst", "Old\n===\n\nGone soon.\n")
        .file(
            "source/long.rst",
            format!("Long\n====\n\n{}\n", "word ".repeat(2000)),
        );
    p.build().assert_clean();
    p.build().assert_clean();
    assert!(
        p.path("build/.procdoc-spare-html").is_dir(),
        "the spare is kept"
    );
    std::fs::remove_file(p.path("source/old.rst")).expect("rm");
    p.write("source/long.rst", "Long\n====\n\nShort now.\n");
    p.write("source/guide/new.rst", "New\n===\n\nA new page.\n");
    p.build().assert_clean();
    let fresh = two_pages()
        .file("source/long.rst", "Long\n====\n\nShort now.\n")
        .file("source/guide/new.rst", "New\n===\n\nA new page.\n");
    fresh.build().assert_clean();
    assert_eq!(tree(&p.path("build")), tree(&fresh.path("build")));
    assert!(!p.path("build/html/old.html").exists());
}

#[test]
fn builds_are_deterministic() {
    let first = TestProject::fixture("constructs");
    let second = TestProject::fixture("constructs");
    first.build().assert_clean();
    second.build().assert_clean();
    let a = tree(&first.path("build"));
    assert!(a.len() > 10);
    assert_eq!(a, tree(&second.path("build")));
    // And a rebuild in place gives the same bytes.
    first.build().assert_clean();
    assert_eq!(a, tree(&first.path("build")));
}

#[test]
fn missing_root_exits_2_with_a_clear_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("no-such-docs");
    let mut cmd = procdoc();
    cmd.args(["build", "--root"]).arg(&missing);
    let run = Run::new(&mut cmd);
    run.assert_status(2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("cannot open docs root") && run.stderr.contains("no-such-docs"),
        "{}",
        run.stderr
    );
    assert!(!missing.exists());
}

#[test]
fn root_without_procdoc_toml_builds_with_defaults() {
    let p = two_pages();
    std::fs::remove_file(p.path("procdoc.toml")).expect("rm");
    p.build().assert_clean();
    assert!(p
        .output("html/index.html")
        .contains("<title>Home — Documentation</title>"));
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        vec!["build", "--bogus"],
        vec!["frobnicate"],
        vec![],
        vec!["build", "--message-format", "xml"],
        vec!["build", "--root"],
    ] {
        let mut cmd = procdoc();
        cmd.args(&args);
        let run = Run::new(&mut cmd);
        assert_eq!(run.status, 2, "{args:?}\n{}", run.report());
        assert!(
            run.stderr.contains("Usage:") || run.stderr.contains("error:"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn help_and_version_exit_0() {
    for arg in ["--help", "--version"] {
        let mut cmd = procdoc();
        cmd.arg(arg);
        let run = Run::new(&mut cmd);
        assert_eq!(run.status, 0, "{arg}\n{}", run.report());
        assert!(!run.stdout.is_empty());
    }
    let mut cmd = procdoc();
    cmd.args(["build", "--help"]);
    let run = Run::new(&mut cmd);
    run.assert_status(0);
    for flag in ["--root", "--out", "--message-format", "--deny-warnings"] {
        assert!(run.stdout.contains(flag), "help lacks {flag}");
    }
}

#[test]
fn json_format_prints_only_json_on_stdout() {
    let p = TestProject::new().page("Home\n====\n\n:frob:`x` and {+nope+}\n");
    let run = p.build();
    run.assert_status(1);
    assert_eq!(run.diags.len(), 2);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(run
        .stdout
        .lines()
        .all(|l| l.starts_with('{') && l.ends_with('}')));
}

#[test]
fn source_folder_outside_the_root_is_refused_up_front() {
    // Regression: `source = "/"` walked every folder of the machine and
    // printed one path-outside-root error per .rst/.txt file found.
    let parent = tempfile::tempdir().expect("temp dir");
    let root = parent.path().join("docs");
    for i in 0..3 {
        let f = parent.path().join(format!("elsewhere/p{i}.rst"));
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(f, "Page\n====\n").expect("write");
    }
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(
        root.join("procdoc.toml"),
        "[project]\nsource = \"../elsewhere\"\n",
    )
    .expect("write");
    let mut cmd = procdoc();
    cmd.args(["build", "--message-format", "json", "--root"])
        .arg(&root);
    let run = Run::new(&mut cmd);
    run.assert_status(1);
    let d = run.one("config-invalid");
    assert!(d.message.contains("source"), "{d:#?}");
    assert_eq!(run.diags.len(), 1, "{}", run.report());
}

// ----- the site loads nothing from other hosts -----

/// Whether a URL points at another host (`http:`, `https:` or
/// protocol-relative `//host`).
fn is_remote(url: &str) -> bool {
    let u = url
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_ascii_lowercase();
    u.starts_with("http:") || u.starts_with("https:") || u.starts_with("//")
}

/// Remote URLs in CSS: `@import "…"`, `@import url(…)` and `url(…)`.
fn remote_in_css(css: &str) -> Vec<String> {
    let lower = css.to_ascii_lowercase();
    let mut found = Vec::new();
    for (i, _) in lower.match_indices("url(") {
        let rest = &css[i + 4..];
        let arg = &rest[..rest.find(')').unwrap_or(rest.len())];
        if is_remote(arg) {
            found.push(format!("url({arg})"));
        }
    }
    for (i, _) in lower.match_indices("@import") {
        let rest = css[i + 7..].trim_start();
        let arg = rest.strip_prefix("url(").unwrap_or(rest);
        let arg = &arg[..arg.find([';', ')', '\n']).unwrap_or(arg.len())];
        if is_remote(arg) {
            found.push(format!("@import {arg}"));
        }
    }
    found
}

/// The attributes of an HTML tag's text (`a="b" c='d' e=f g`), names lower-cased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        if name_end == 0 {
            return attrs;
        }
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let Some(after_eq) = rest.strip_prefix('=') else {
            attrs.push((name, String::new()));
            continue;
        };
        let after_eq = after_eq.trim_start();
        let (value, next) = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after_eq[1..];
                let end = body.find(q).unwrap_or(body.len());
                (&body[..end], &body[(end + 1).min(body.len())..])
            }
            _ => {
                let end = after_eq.find(char::is_whitespace).unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        attrs.push((name, value.to_string()));
        rest = next;
    }
}

/// Remote resources an HTML page loads: any `src`/`srcset`, the `href` of
/// a `<link>`, and `@import`/`url(` in `<style>` blocks and `style`
/// attributes. Links the reader clicks (`<a href>`) are not loads.
fn remote_in_html(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_end == 0 {
            continue; // `</…>`, `<!…>`: no attributes that load anything.
        }
        let name = rest[..name_end].to_ascii_lowercase();
        // The tag ends at the first `>` outside quotes.
        let mut quote = None;
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        let tag = &rest[name_end..end];
        rest = &rest[(end + 1).min(rest.len())..];
        for (attr, value) in attributes(tag) {
            let loads = match attr.as_str() {
                "src" | "srcset" | "data" | "poster" => true,
                "href" => name == "link",
                _ => false,
            };
            if loads && value.split(',').any(is_remote) {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
            if attr == "style" {
                found.extend(remote_in_css(&value));
            }
        }
        if name == "style" || name == "script" {
            let close = format!("</{name}");
            let body_end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            if name == "style" {
                found.extend(remote_in_css(&rest[..body_end]));
            }
            rest = &rest[body_end..];
        }
    }
    found
}

/// Every remote load in a built site, as `file: what`.
fn remote_loads(site: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in tree(site) {
        let text = String::from_utf8_lossy(&bytes);
        let hits = if path.ends_with(".html") {
            remote_in_html(&text)
        } else if path.ends_with(".css") {
            remote_in_css(&text)
        } else if path.ends_with(".js") {
            // The page script fetches and imports nothing remote.
            ["http://", "https://", "//cdn", "import("]
                .iter()
                .filter(|s| text.contains(*s))
                .map(|s| format!("script mentions `{s}`"))
                .collect()
        } else {
            Vec::new()
        };
        found.extend(hits.into_iter().map(|h| format!("{path}: {h}")));
    }
    found
}

#[test]
fn remote_load_scanner_finds_what_it_looks_for() {
    let html = r#"<html><head>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Inter">
<link rel="icon" href='//cdn.example.com/i.png'>
<script src=https://cdn.example.com/x.js defer></script>
<style>@import url("https://x.example/a.css"); b { background: url(http://x.example/b.png) }</style>
</head><body>
<a href="https://example.com/">a link the reader clicks is fine</a>
<img alt="x > y" src="./local.png"><img srcset="a.png 1x, https://x.example/b.png 2x">
<p style="background:url('//x.example/c.png')">text src="https://escaped.example" is text</p>
<pre><code>&lt;script src="https://in.code.example"&gt;</code></pre>
</body></html>"#;
    assert_eq!(
        remote_in_html(html),
        [
            "<link href=\"https://fonts.googleapis.com/css?family=Inter\">",
            "<link href=\"//cdn.example.com/i.png\">",
            "<script src=\"https://cdn.example.com/x.js\">",
            "url(\"https://x.example/a.css\")",
            "url(http://x.example/b.png)",
            "@import \"https://x.example/a.css\"",
            "<img srcset=\"a.png 1x, https://x.example/b.png 2x\">",
            "url('//x.example/c.png')",
        ]
    );
    assert_eq!(
        remote_in_css("@import 'https://x.example/a.css';\na { b: url(./ok.png) }"),
        ["@import 'https://x.example/a.css'"]
    );
}

#[test]
fn bundled_and_constructs_sites_load_no_remote_fonts_styles_or_scripts() {
    for p in [TestProject::bundled(), TestProject::fixture("constructs")] {
        p.build().assert_clean();
        let site = p.path("build");
        let files = tree(&site);
        // The scan saw the whole site: pages, stylesheet and script.
        assert!(files.len() > 5, "{:?}", paths(&files));
        for needed in [
            "html/_static/procdoc.css",
            "html/_static/procdoc.js",
            "html/index.html",
        ] {
            assert!(paths(&files).contains(&needed), "{:?}", paths(&files));
        }
        assert_eq!(remote_loads(&site), Vec::<String>::new());
    }
    // The constructs pages do hold remote links (clicks, not loads), so
    // the scan is looking at real pages with https URLs in them.
    let p = TestProject::fixture("constructs");
    p.build().assert_clean();
    let inline = p.output("html/inline.html");
    assert!(inline.contains("href=\"https://example.com/"), "{inline}");
}

#[test]
fn snooty_toml_project_builds_with_its_title_constants_and_source_paths() {
    // A snooty project: no procdoc.toml; `/`-paths start at source/.
    let p = TestProject::new()
        .file(
            "snooty.toml",
            "name = \"node\"\ntitle = \"Node Driver\"\nintersphinx = [\"https://x.example/objects.inv\"]\n\n\
             [constants]\nversion = \"6.17\"\ndriver = \"Node.js driver {+version+}\"\n\n\
             [substitutions]\nproduct = \"MongoDB\"\n\n[bundle]\nmanpages = \"m.tar.gz\"\n",
        )
        .file(
            "source/index.txt",
            "Home\n====\n\nThe {+driver+} for |product|.\n\n.. include:: /includes/frag.rst\n",
        )
        .file("source/includes/frag.rst", "From source/includes.\n");
    std::fs::remove_file(p.path("procdoc.toml")).expect("rm");
    p.build().assert_clean();
    let html = p.output("html/index.html");
    assert!(html.contains("<title>Home — Node Driver</title>"), "{html}");
    assert_eq!(
        main_of(&html),
        "<section id=\"home\">\n<h1>Home</h1>\n<p>The Node.js driver 6.17 for MongoDB.</p>\n\
         <p>From source/includes.</p>\n</section>"
    );
    // The fragment under source/includes is not a page of its own.
    assert!(!p.path("build/html/includes").exists());
}

#[test]
fn keep_going_writes_every_page_and_shows_each_broken_construct() {
    // Without --keep-going an error writes nothing; with it every page is
    // written, the exit status is still 1, and each broken include is an
    // error box where its content belongs (HTML and Markdown).
    let p = TestProject::new()
        .file(
            "source/index.rst",
            "Home\n====\n\n.. include:: /includes/gone.rst\n\nSee :ref:`nowhere`.\n\n.. literalinclude:: /includes/gone.json\n",
        )
        .file("source/fine.rst", "Fine\n====\n\nAll good.\n");
    let run = p.build();
    run.assert_status(1);
    assert!(!p.path("build/html/fine.html").exists());

    let run = p.build_with(&["--keep-going"]);
    run.assert_status(1);
    assert_eq!(
        run.codes(),
        ["include-not-found", "unknown-ref", "include-not-found"],
        "{}",
        run.report()
    );
    assert!(run.stderr.contains("--keep-going wrote"), "{}", run.stderr);
    assert!(p.output("html/fine.html").contains("All good."));
    let html = p.output("html/index.html");
    let main = crate::support::main_of(&html);
    assert_eq!(main.matches("class=\"procdoc-error\"").count(), 2, "{main}");
    assert!(main.contains("<code>.. include:: /includes/gone.rst</code> could not be included"));
    assert!(main.contains("<code>.. literalinclude:: /includes/gone.json</code>"));
    assert!(
        main.contains("<span class=\"ref unresolved\">nowhere</span>"),
        "{main}"
    );
    let md = p.output("markdown/index.md");
    assert!(
        md.contains("> **Build error:** `.. include:: /includes/gone.rst` could not be included"),
        "{md}"
    );
}

/// Every file under `dir`, by path relative to it (`/` separators).
fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("under dir");
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// `procdoc build` keeps no page tree between its two passes (summaries,
/// then parse, resolve, render and drop each page): what it writes, and
/// what it reports, must be exactly what rendering the whole loaded site at
/// once gives. A broken reference in a fragment two pages include is
/// reported once, located in the fragment.
#[test]
fn streamed_build_writes_and_reports_what_the_whole_loaded_site_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::common::generate_varied_project(dir.path(), 60, 11);
    std::fs::write(
        dir.path().join("includes/broken.rst"),
        "See :ref:`no-such-label` and |undefined|.\n",
    )
    .expect("write");
    for page in [
        "source/broken-a.rst",
        "source/broken-b.rst",
        "source/broken-c.rst",
    ] {
        std::fs::write(
            dir.path().join(page),
            "Broken\n======\n\n.. include:: /includes/broken.rst\n",
        )
        .expect("write");
    }
    // a and b are a comparison pair, so the build keeps their trees; c is
    // parsed again when rendered: the fragment's problems are still
    // reported once.
    let config = dir.path().join("procdoc.toml");
    let mut toml = std::fs::read_to_string(&config).expect("config");
    toml.push_str("[[diff]]\nleft = \"source/broken-a.rst\"\nright = \"source/broken-b.rst\"\n");
    std::fs::write(&config, toml).expect("write");
    let (project, load_diags) = procdoc::project::Project::load(dir.path()).expect("load");
    let mut site = procdoc::site::load_site(&project);
    let (templates, _) = procdoc::render::templates::Templates::load(&project.root, &project.db);
    // Pages link to their comparison pages, as in the build.
    let sd = procdoc::diff::site_pages(&project, &site.pages, &site.summaries, &templates);
    site.info.pairs = sd.pairs;
    let (files, render_diags) = procdoc::site::render_site(&site, &templates, None);
    let out = dir.path().join("out");
    let report = procdoc::site::build(
        &project,
        load_diags.0.clone(),
        &procdoc::site::BuildOptions {
            out: Some(out.clone()),
            deny_warnings: false,
            keep_going: true,
        },
    );
    assert!(report.written.is_some(), "{:?}", report.diags);
    assert_eq!(report.pages, project.pages.len(), "pages counted");
    assert_eq!(report.pages, 63);
    let written = files_under(&out);
    for f in &files {
        assert_eq!(
            written
                .get(&f.path)
                .map(|b| String::from_utf8_lossy(b).into_owned()),
            Some(String::from_utf8_lossy(&f.contents).into_owned()),
            "{}",
            f.path
        );
    }
    // Beyond the rendered files, only the output markers and the
    // comparison pages.
    let extra: Vec<&String> = written
        .keys()
        .filter(|k| !files.iter().any(|f| &f.path == *k))
        .collect();
    assert!(
        extra.iter().all(|k| k.ends_with(".procdoc-output")
            || k.starts_with("html/diff/")
            || k.starts_with("markdown/diff/")),
        "{extra:?}"
    );
    assert!(written.contains_key("html/diff/index.html"));
    let mut expected = load_diags.0;
    expected.extend(site.diags.iter().cloned());
    expected.extend(render_diags);
    expected.extend(sd.diags);
    procdoc::site::dedup(&mut expected);
    procdoc::diag::render::sort(&project.db, &mut expected);
    assert_eq!(report.diags, expected);
    let unknown: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.code == procdoc::diag::Code::UnknownRef)
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    let span = unknown[0].span.expect("located");
    assert!(project
        .db
        .get(span.file)
        .rel_path
        .ends_with("includes/broken.rst"));
}
