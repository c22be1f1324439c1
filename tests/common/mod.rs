//! Shared by the serve tests, the browser test and the benchmarks:
//! a fresh copy of the bundled docs project to edit freely, and a
//! generated project of many pages.

// Each test or bench binary uses only some of these helpers.
#![allow(dead_code)]

use std::path::Path;

const QE_SEED: &str =
    include_str!("../../includes/queryable-encryption/tutorials/automatic/aws/user.rst");

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Copies the bundled project (`procdoc.toml`, `source/`, `includes/`) into `root`.
pub fn copy_bundled(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("procdoc.toml"), root.join("procdoc.toml")).expect("config");
    copy_dir(&repo.join("source"), &root.join("source"));
    copy_dir(&repo.join("includes"), &root.join("includes"));
}

/// Writes a project of `n` pages, each a variant of the tutorial page with a
/// procedure, an include of a shared fragment, a literalinclude and refs.
pub fn generate_project(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("source/pages")).unwrap();
    std::fs::create_dir_all(dir.join("includes")).unwrap();
    std::fs::write(
        dir.join("procdoc.toml"),
        "[project]\ntitle = \"Generated\"\n[constants]\nqe = \"Queryable Encryption\"\ncmk-long = \"Customer Master Key\"\ndek-long = \"Data Encryption Key\"\naws-iam-abbr = \":abbr:`IAM (Identity and Access Management)`\"\naws-arn-abbr = \":abbr:`ARN (Amazon Resource Name)`\"\n[refs.qe-aws-create-master-key]\ntitle = \"Create the Master Key\"\nurl = \"https://example.com/cmk\"\n",
    )
    .unwrap();
    let fragment = QE_SEED
        .replace(
            "/includes/queryable-encryption/tutorials/automatic/aws/",
            "/includes/",
        )
        .replace(".. _qe-tutorial-aws-create-iam-user:", "");
    std::fs::write(dir.join("includes/user.rst"), fragment).unwrap();
    std::fs::write(
        dir.join("includes/iam-user-policy-minimum.json"),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\", \"kms:Encrypt\"], \"Resource\": \"<key ARN>\"}]\n}\n",
    )
    .unwrap();
    for i in 0..n {
        let page = format!(
            ".. _page-{i}:\n\n==========\nPage {i}\n==========\n\nSee :ref:`page-{next}` and {{+qe+}}.\n\n.. include:: /includes/user.rst\n\nMore text with *emphasis*, **strong** and ``literal``.\n\n1. one\n#. two\n#. three\n",
            next = (i + 1) % n
        );
        std::fs::write(dir.join(format!("source/pages/p{i:04}.rst")), page).unwrap();
    }
}

/// A small deterministic generator (no dependency, reproducible runs).
pub struct Rng(pub u64);

impl Rng {
    /// The next number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "encryption",
    "client",
    "key",
    "vault",
    "field",
    "query",
    "driver",
    "collection",
    "policy",
    "master",
    "provider",
    "schema",
    "document",
    "index",
    "cluster",
    "replica",
    "shard",
    "user",
    "credential",
    "region",
    "application",
    "secure",
    "automatic",
    "explicit",
    "data",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        let w = WORDS[rng.below(WORDS.len())];
        match rng.below(12) {
            0 => s.push_str(&format!("*{w}*")),
            1 => s.push_str(&format!("**{w}**")),
            2 => s.push_str(&format!("``{w}``")),
            3 => s.push_str("{+qe+}"),
            _ => s.push_str(w),
        }
    }
    s.push('.');
    s
}

/// Writes a project of `n` pages with varied structure: pages in folders
/// up to three deep; sections, paragraphs with inline markup, procedures
/// with steps, code blocks in several languages, admonitions, lists,
/// list-tables, includes of one of several fragments, literalincludes of
/// one of several JSON files, and `:ref:`/`:doc:` links to other pages.
/// About 5 kB of rST a page. Deterministic for a given `seed`.
pub fn generate_varied_project(dir: &Path, n: usize, seed: u64) {
    let mut rng = Rng(seed);
    std::fs::create_dir_all(dir.join("source")).unwrap();
    std::fs::create_dir_all(dir.join("includes")).unwrap();
    std::fs::write(
        dir.join("procdoc.toml"),
        "[project]\ntitle = \"Generated\"\n[constants]\nqe = \"Queryable Encryption\"\nversion = \"8.0\"\naws-iam-abbr = \":abbr:`IAM (Identity and Access Management)`\"\n",
    )
    .unwrap();
    for f in 0..8 {
        let mut frag = String::new();
        for _ in 0..3 {
            frag.push_str(&sentence(&mut rng, 14));
            frag.push_str("\n\n");
        }
        frag.push_str(".. note::\n\n   ");
        frag.push_str(&sentence(&mut rng, 10));
        frag.push('\n');
        std::fs::write(dir.join(format!("includes/frag-{f}.rst")), frag).unwrap();
        let actions = [
            "kms:Encrypt",
            "kms:Decrypt",
            "kms:GenerateDataKey",
            "kms:DescribeKey",
        ];
        let json = format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {{\n      \"Effect\": \"Allow\",\n      \"Action\": [\"{}\", \"{}\"],\n      \"Resource\": \"arn:aws:kms:us-east-1:123456789012:key/{f:08}-0000-0000-0000-000000000000\"\n    }}\n  ]\n}}\n",
            actions[f % 4],
            actions[(f + 1) % 4]
        );
        std::fs::write(dir.join(format!("includes/policy-{f}.json")), json).unwrap();
    }
    let folders = [
        "",
        "guide",
        "guide/encryption",
        "reference",
        "reference/api/v1",
        "tutorial",
    ];
    let names: Vec<String> = (0..n)
        .map(|i| {
            let folder = folders[i % folders.len()];
            if folder.is_empty() {
                format!("page-{i:05}")
            } else {
                format!("{folder}/page-{i:05}")
            }
        })
        .collect();
    for (i, name) in names.iter().enumerate() {
        let mut p = format!(
            ".. _label-{i}:\n\nPage {i}: {}\n{}\n\n",
            WORDS[i % WORDS.len()],
            "=".repeat(40)
        );
        let sections = 2 + rng.below(3);
        for s in 0..sections {
            let title = format!("Section {s} {}", WORDS[rng.below(WORDS.len())]);
            p.push_str(&format!("{title}\n{}\n\n", "-".repeat(title.len())));
            p.push_str(&sentence(&mut rng, 20));
            p.push_str(" See :ref:`label-");
            p.push_str(&rng.below(n).to_string());
            p.push_str("` and :doc:`/");
            p.push_str(&names[rng.below(n)]);
            p.push_str("`.\n\n");
            match rng.below(6) {
                0 => {
                    p.push_str(".. procedure::\n   :style: normal\n\n");
                    for st in 0..3 {
                        p.push_str(&format!(
                            "   .. step:: Step {st} {}\n\n      ",
                            WORDS[rng.below(WORDS.len())]
                        ));
                        p.push_str(&sentence(&mut rng, 12));
                        p.push_str("\n\n");
                    }
                }
                1 => {
                    let lang = ["json", "python", "sh", "javascript"][rng.below(4)];
                    p.push_str(&format!(".. code-block:: {lang}\n\n"));
                    for l in 0..(4 + rng.below(6)) {
                        p.push_str(&format!(
                            "   value_{l} = \"{}\"  # {}\n",
                            WORDS[rng.below(WORDS.len())],
                            i
                        ));
                    }
                    p.push('\n');
                }
                2 => p.push_str(&format!(
                    ".. include:: /includes/frag-{}.rst\n\n",
                    rng.below(8)
                )),
                3 => p.push_str(&format!(
                    ".. literalinclude:: /includes/policy-{}.json\n   :language: json\n\n",
                    rng.below(8)
                )),
                4 => {
                    p.push_str(
                        ".. list-table::\n   :header-rows: 1\n\n   * - Name\n     - Value\n",
                    );
                    for _ in 0..3 {
                        p.push_str(&format!(
                            "   * - {}\n     - {}\n",
                            WORDS[rng.below(WORDS.len())],
                            sentence(&mut rng, 4)
                        ));
                    }
                    p.push('\n');
                }
                _ => {
                    p.push_str(".. important:: Read this\n\n   ");
                    p.push_str(&sentence(&mut rng, 15));
                    p.push_str("\n\n");
                    for k in 0..4 {
                        p.push_str(&format!("{}. {}\n", k + 1, sentence(&mut rng, 8)));
                    }
                    p.push('\n');
                }
            }
            for _ in 0..2 {
                p.push_str(&sentence(&mut rng, 30));
                p.push_str("\n\n");
            }
        }
        let path = dir.join("source").join(format!("{name}.rst"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, p).unwrap();
    }
}

/// A project of the shared corpus (`$PROCDOC_CORPUS`, else
/// `../shared/corpus` beside the checkout or beside its parent, for git
/// worktrees). CI always has it: its absence fails, never skips.
pub fn corpus_project(name: &str) -> std::path::PathBuf {
    let m = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<std::path::PathBuf> = std::env::var_os("PROCDOC_CORPUS")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([m.join("../shared/corpus"), m.join("../../shared/corpus")])
        .collect();
    candidates
        .iter()
        .map(|c| c.join(name))
        .find(|r| r.join("snooty.toml").is_file())
        .unwrap_or_else(|| {
            panic!("the corpus is missing (CI always has it): looked in {candidates:?}")
        })
}
