//! Benchmarks of the build pipeline: parsing one page, building the bundled
//! site, building a generated 1,000-page project (pages per second), and
//! highlighting hostile code blocks (the size guard, and the largest line
//! syntect is given).
//!
//! Run with `cargo bench --bench pipeline`. Rendering is measured without
//! writing files, so the numbers are the pipeline's, not the disk's.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use procdoc::project::Project;
use procdoc::render::templates::Templates;
use procdoc::site::{load_site, render_site};
use procdoc::text::{expand_constants, Constants, FileId};
use std::path::Path;

#[path = "../tests/common/mod.rs"]
mod common;
use common::generate_project;

const QE_SEED: &str =
    include_str!("../includes/queryable-encryption/tutorials/automatic/aws/user.rst");

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

    // A line of 10,000 `(` is refused by the guard; one of exactly
    // MAX_LINE_CHARS is the worst syntect is ever handed.
    use procdoc::render::highlight::{highlight_lines, MAX_LINE_CHARS};
    let mut g = c.benchmark_group("hostile");
    g.sample_size(10);
    let refused = "(".repeat(10_000);
    g.bench_function("highlight-refused-10k-parens", |b| {
        b.iter(|| highlight_lines(&refused, "python"))
    });
    let limit = "(".repeat(MAX_LINE_CHARS);
    g.bench_function("highlight-max-line-parens", |b| {
        b.iter(|| highlight_lines(&limit, "python"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
