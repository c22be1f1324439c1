//! Benchmarks of the build pipeline: parsing one page, building the bundled
//! site, and building a generated 1,000-page project (pages per second).
//!
//! Run with `cargo bench --bench pipeline`. Rendering is measured without
//! writing files, so the numbers are the pipeline's, not the disk's.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use procdoc::project::Project;
use procdoc::render::templates::Templates;
use procdoc::site::{load_site, render_site};
use procdoc::text::{expand_constants, Constants, FileId};
use std::path::Path;

const QE_SEED: &str =
    include_str!("../includes/queryable-encryption/tutorials/automatic/aws/user.rst");

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

fn bench(c: &mut Criterion) {
    let mut consts = Constants::default();
    for (k, v) in [
        ("qe", "Queryable Encryption"),
        ("cmk-long", "Customer Master Key"),
        ("dek-long", "Data Encryption Key"),
        (
            "aws-iam-abbr",
            ":abbr:`IAM (Identity and Access Management)`",
        ),
        ("aws-arn-abbr", ":abbr:`ARN (Amazon Resource Name)`"),
    ] {
        consts.insert(k, v);
    }
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(QE_SEED.len() as u64));
    g.bench_function("qe-seed", |b| {
        b.iter(|| {
            let (text, map, _) = expand_constants(QE_SEED, &consts, FileId(0));
            procdoc::rst::parse(&text, &map, FileId(0))
        })
    });
    g.finish();

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut g = c.benchmark_group("build");
    g.sample_size(20);
    g.throughput(Throughput::Elements(2));
    g.bench_function("bundled-2-pages", |b| {
        b.iter(|| {
            let (project, _) = Project::load(root).unwrap();
            let site = load_site(&project);
            let (templates, _) = Templates::load(&project.root, &project.db);
            render_site(&site, &templates, None)
        })
    });
    let dir = tempfile::tempdir().unwrap();
    generate_project(dir.path(), 1000);
    g.throughput(Throughput::Elements(1000));
    g.sample_size(10);
    g.bench_function("generated-1000-pages", |b| {
        b.iter(|| {
            let (project, _) = Project::load(dir.path()).unwrap();
            let site = load_site(&project);
            let (templates, _) = Templates::load(&project.root, &project.db);
            render_site(&site, &templates, None)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
