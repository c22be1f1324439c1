//! A fuzz property over whole projects: random `procdoc.toml` constants,
//! pages and fragments that include each other (cycles included), JSON
//! files and literalincludes, assembled from the tokens that drive each
//! stage, go through load → expand → parse → resolve → render (HTML and
//! Markdown) → snippets → diff, and must never panic, must keep every
//! diagnostic span inside its file, and must render the same bytes twice.
//!
//! Deterministic (a fixed-seed generator), so a failure names a
//! reproducible case. CI runs 150 projects; a long run:
//! `PROCDOC_FUZZ_CASES=5000 cargo test --release --test fuzz`.

use procdoc::project::Project;
use procdoc::render::templates::Templates;
use std::path::Path;

const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "   ",
    "\t",
    "text ",
    "word",
    ".. ",
    "::",
    ".. note:: ",
    ".. note::\n",
    ".. procedure::\n",
    ".. step:: ",
    "   .. step:: A\n",
    ".. code-block:: json\n\n   ",
    ".. list-table::\n",
    ".. include:: /includes/a.rst\n",
    ".. include:: b.rst\n",
    ".. include:: /includes/missing.rst\n",
    ".. literalinclude:: /includes/p.json\n",
    "   :start-after: x\n",
    "   :lines: 1-2\n",
    ".. _lbl:\n",
    ".. image:: /includes/p.json\n",
    ".. figure:: nope.png\n   :alt: x\n\n   Caption.\n",
    ".. [1] note\n",
    ".. [#] auto\n",
    "[1]_ ",
    "[#]_ ",
    "[*]_ ",
    ".. tabs-selector:: drivers\n",
    ".. tabs-drivers::\n\n   tabs:\n     - id: shell\n       content: |\n         ",
    ".. tabs::\n\n   .. tab:: T\n      :tabid: t\n\n      ",
    ":ref:`lbl`",
    ":ref:`",
    ":doc:`/index`",
    "`",
    "``",
    "*",
    "**",
    "_",
    "|",
    "|s|",
    "\\",
    "{+",
    "+}",
    "{+c1+}",
    "{+c2+}",
    "{+nope+}",
    "a. ",
    "#. ",
    "1. ",
    "- ",
    "=====",
    "-----",
    ":field: ",
    "<",
    ">",
    "`x <https://e.org>`__",
    "`y`_",
    ":abbr:`A (B)`",
    "é",
    "😀",
    "\r\n",
    "\r",
    "\u{feff}",
    "\u{1b}[2J",
    "{",
    "}",
    "\"",
    ".. tabs::\n",
    "   .. tab:: x\n      :tabid: t\n",
    ".. |s| replace:: sub\n",
];

const CONST_TOKENS: &[&str] = &["x", "{+c0+}", "{+c1+}", "*e*", "`", "{+", "\\n", " "];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn text(&mut self, tokens: &[&str], max: usize) -> String {
        let len = 1 + self.next() % max;
        (0..len)
            .map(|_| tokens[self.next() % tokens.len()])
            .collect()
    }
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// One random project under `root`.
fn generate(rng: &mut Lcg, root: &Path) {
    let mut toml = String::from("[project]\ntitle = \"Fuzz\"\n\n[constants]\n");
    for i in 0..3 {
        let v = rng.text(CONST_TOKENS, 6).replace('"', "'");
        toml.push_str(&format!("c{i} = \"{v}\"\n"));
    }
    toml.push_str(
        "\n[[diff]]\nleft = \"source/index.rst\"\nright = \"source/other.rst\"\nequivalent = [[\"a\", \"b\"]]\n",
    );
    write(root, "procdoc.toml", &toml);
    write(root, "source/index.rst", &rng.text(TOKENS, 60));
    write(root, "source/other.rst", &rng.text(TOKENS, 60));
    write(root, "includes/a.rst", &rng.text(TOKENS, 30));
    write(root, "includes/b.rst", &rng.text(TOKENS, 30));
    let json = [
        "{\"Version\": \"2012-10-17\", \"Statement\": []}",
        "{",
        "[1,2",
        "{\"a\": {+c0+}}",
    ];
    write(root, "includes/p.json", json[rng.next() % json.len()]);
}

/// Every diagnostic's span lies inside its file.
fn assert_spans_in_bounds(project: &Project, diags: &[procdoc::diag::Diagnostic], case: usize) {
    for d in diags {
        if let Some(s) = d.span {
            let f = project
                .db
                .try_get(s.file)
                .unwrap_or_else(|| panic!("case {case}: span in an unknown file: {d:?}"));
            assert!(
                s.start <= s.end && s.end as usize <= f.text.len(),
                "case {case}: span out of bounds: {d:?}"
            );
        }
    }
}

fn run_case(root: &Path, case: usize) -> usize {
    let (project, load_diags) = Project::load(root).expect("root exists");
    assert_spans_in_bounds(&project, &load_diags.0, case);
    let site = procdoc::site::load_site(&project);
    assert_spans_in_bounds(&project, &site.diags, case);
    let templates = Templates::defaults();
    let (files, rdiags) = procdoc::site::render_site(&site, &templates, None);
    assert!(
        rdiags.is_empty(),
        "case {case}: default templates failed: {rdiags:?}"
    );
    assert!(
        files.iter().any(|f| f.path == "html/index.html"),
        "case {case}: no index page"
    );
    // Deterministic: the same site renders the same bytes.
    let (again, _) = procdoc::site::render_site(&site, &templates, None);
    assert!(
        files == again,
        "case {case}: rendering is not deterministic"
    );
    let mut schemas = procdoc::snippets::schemas::SchemaSet::builtin();
    let report = procdoc::snippets::run(&project, &site, &mut schemas);
    assert_spans_in_bounds(&project, &report.diags, case);
    let set = procdoc::diff::diff_all(&project, false);
    let text = procdoc::diff::format_markdown(&set);
    assert!(!text.is_empty(), "case {case}: empty diff report");
    files.len()
}

#[test]
fn random_projects_never_panic_and_render_deterministically() {
    let cases: usize = std::env::var("PROCDOC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    let mut rng = Lcg(0xf022);
    let mut files = 0;
    for case in 0..cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        generate(&mut rng, &root);
        let result = std::panic::catch_unwind(|| run_case(&root, case));
        match result {
            Ok(n) => files += n,
            Err(_) => {
                let keep = std::env::temp_dir().join(format!("procdoc-fuzz-case-{case}"));
                let _ = std::fs::remove_dir_all(&keep);
                let _ = std::fs::rename(&root, &keep);
                panic!(
                    "case {case} failed; the project is kept in {}",
                    keep.display()
                );
            }
        }
    }
    // index, other, the generated index… per case, plus the static files.
    assert!(
        files >= cases * 4,
        "only {files} output files in {cases} cases"
    );
}
