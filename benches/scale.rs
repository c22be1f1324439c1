//! The scale benchmark: a full `build` (load, render HTML and Markdown,
//! write every file, swap into place) of generated projects of 1,000,
//! 5,000 and 10,000 pages with varied structure (`tests/common`), in
//! pages per second, with the bytes written per run.
//!
//! `cargo bench --bench scale`. Peak memory and the side-by-side run with
//! docutils are measured per process by `scripts/bench-scale.sh`. Under
//! `cargo test --all-targets` (no `--bench` argument) it runs once on 100
//! pages as a smoke test.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use procdoc::project::Project;
use procdoc::site::{build, BuildOptions};
use std::path::Path;

#[path = "../tests/common/mod.rs"]
mod common;

fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn bytes_under(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn bench(c: &mut Criterion) {
    let sizes: &[usize] = if full_run() {
        &[1_000, 5_000, 10_000]
    } else {
        &[100]
    };
    let mut g = c.benchmark_group("scale");
    g.sample_size(10);
    for &n in sizes {
        let dir = tempfile::tempdir().unwrap();
        common::generate_varied_project(dir.path(), n, 1);
        let input =
            bytes_under(&dir.path().join("source")) + bytes_under(&dir.path().join("includes"));
        let out = dir.path().join("build");
        let opts = BuildOptions {
            out: Some(out.clone()),
            deny_warnings: false,
            keep_going: false,
        };
        let run = || {
            let (project, _) = Project::load(dir.path()).unwrap();
            let report = build(&project, Vec::new(), &opts);
            assert!(
                report.written.is_some(),
                "{:?}",
                &report.diags[..report.diags.len().min(3)]
            );
        };
        run();
        let written = bytes_under(&out.join("html")) + bytes_under(&out.join("markdown"));
        println!(
            "scale/{n}: input {:.1} MB, written {:.1} MB (HTML+Markdown), {:.2}x input",
            input as f64 / 1e6,
            written as f64 / 1e6,
            written as f64 / input as f64
        );
        g.throughput(Throughput::Elements(n as u64));
        g.bench_function(format!("build-{n}-pages"), |b| b.iter(run));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
