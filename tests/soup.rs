//! Random "markup soup": thousands of inputs assembled from the tokens that
//! drive the parser (indentation, directive markers, inline delimiters,
//! constants, enumerators) go through the whole in-memory pipeline — expand,
//! parse, render HTML and Markdown — and must never panic. Deterministic
//! (a fixed-seed generator), so a failure names a reproducible case.

use procdoc::doc::{BlockKind, Document};
use procdoc::render::templates::Templates;
use procdoc::render::{html, markdown, RenderContext, SiteInfo};
use procdoc::text::{expand_constants, Constants, SourceDb};
use std::path::PathBuf;

const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "   ",
    "\t",
    "  ",
    "text ",
    "word",
    ".. ",
    "::",
    ".. note:: ",
    ".. procedure::\n",
    ".. step:: ",
    ".. code-block:: json\n",
    ".. list-table::\n",
    ".. include:: x\n",
    ".. _lbl:\n",
    ":ref:`",
    "`",
    "``",
    "*",
    "**",
    "_",
    "__",
    "|",
    "|s|",
    "\\",
    "{+",
    "+}",
    "{+qe+}",
    "{+nope+}",
    "a. ",
    "#. ",
    "1. ",
    "(i) ",
    "- ",
    "* ",
    "+ ",
    "=====",
    "-----",
    "~~~",
    ":field: ",
    "<",
    ">",
    "`x <https://e.org>`__",
    "`y`_",
    "z_",
    ":abbr:`A (B)`",
    "é",
    "😀",
    "\r\n",
    "{",
    "}",
    "\"",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn render(doc: &Document, templates: &Templates) {
    let site = SiteInfo::default();
    let ctx = RenderContext {
        site: &site,
        page: "p",
        extra_body_html: None,
    };
    let page = html::render_page(doc, &ctx, templates)
        .unwrap_or_else(|d| panic!("the default templates failed: {d:?}"));
    assert!(page.trim_end().ends_with("</html>"), "truncated page");
    let md = markdown::render_markdown(doc, &ctx);
    // Markdown output is text; an empty document renders nothing at all.
    assert!(md.is_empty() || md.ends_with('\n'), "unterminated Markdown");
}

#[test]
fn markup_soup_never_panics() {
    let mut consts = Constants::default();
    consts.insert("qe", "Queryable *Encryption*\n   indented");
    let templates = Templates::defaults();
    let db = SourceDb::new();
    let mut rng = Lcg(0x5eed);
    let mut blocks = 0usize;
    for case in 0..3_000 {
        let len = 1 + rng.next() % 60;
        let mut text = String::new();
        for _ in 0..len {
            text.push_str(TOKENS[rng.next() % TOKENS.len()]);
        }
        let file = db.add(format!("case-{case}.rst"), PathBuf::new(), text.clone());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let (expanded, map, _) = expand_constants(&file.text, &consts, file.id);
            let (doc, diags) = procdoc::rst::parse(&expanded, &map, file.id);
            // Every span lies inside the original file.
            for d in &diags {
                if let Some(s) = d.span {
                    assert!(
                        s.start <= s.end && s.end as usize <= file.text.len(),
                        "{d:?}"
                    );
                }
            }
            render(&doc, &templates);
            doc.blocks
                .iter()
                .filter(|b| !matches!(b.kind, BlockKind::Hidden))
                .count()
        }));
        match result {
            Ok(n) => blocks += n,
            Err(_) => panic!("case {case} panicked on input {text:?}"),
        }
    }
    // The generator really produces structure, not just paragraphs of noise.
    assert!(blocks > 3_000, "only {blocks} blocks in 3,000 cases");
}
