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
