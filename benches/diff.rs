//! Benchmarks of `procdoc diff`: the bundled CSFLE/QE pair (load, align,
//! classify); `--pair-dirs` over the corpus's AWS tutorial folders (the
//! corpus at `../shared/corpus` is always there in CI: its absence fails
//! the run); and generated procedures of 5,000 / 10,000 / 20,000 steps,
//! whose times show that alignment grows linearly (compare the growth
//! ratios: ×2 steps should be about ×2 time). Run with
//! `cargo bench --bench diff`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use procdoc::diff::{configured_rules, diff_files, pair_dirs, DiffRequest, PairDirsRequest};
use procdoc::project::Project;
use std::fmt::Write as _;
use std::path::Path;

const LEFT: &str = "includes/tutorials/automatic/aws/user.rst";
const RIGHT: &str = "includes/queryable-encryption/tutorials/automatic/aws/user.rst";

/// A procedure of `n` steps; the right variant has every 7th step
/// retitled, every 11th edited, every 13th dropped and a new step every 17.
fn procedure(n: usize, right: bool) -> String {
    let mut s = String::from(".. procedure::\n\n");
    for k in 0..n {
        if right && k % 13 == 0 {
            continue;
        }
        let title = if right && k % 7 == 0 {
            format!("Renamed step {k}")
        } else {
            format!("Step {k} of the tutorial")
        };
        let extra = if right && k % 11 == 0 {
            " and more"
        } else {
            ""
        };
        let _ = write!(
            s,
            "   .. step:: {title}\n\n      Do thing {k}, then check result {}{extra}.\n\n",
            k * 7
        );
        if right && k % 17 == 0 {
            let _ = write!(s, "   .. step:: New step {k}\n\n      Brand new words.\n\n");
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut g = c.benchmark_group("diff");
    g.bench_function("bundled-pair", |b| {
        b.iter(|| {
            let (project, _) = Project::load(root).expect("bundled project");
            let req = DiffRequest {
                left: LEFT.into(),
                right: RIGHT.into(),
                equivalent: configured_rules(&project, LEFT, RIGHT),
                show_markup: false,
            };
            diff_files(&project, &req).expect("diff")
        })
    });
    // `$PROCDOC_CORPUS`, else ../shared/corpus beside the checkout or its
    // parent (git worktrees). CI always has it: its absence fails the run.
    let candidates: Vec<std::path::PathBuf> = std::env::var_os("PROCDOC_CORPUS")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([
            root.join("../shared/corpus"),
            root.join("../../shared/corpus"),
        ])
        .collect();
    let corpus = candidates
        .iter()
        .map(|c| c.join("mongodb-docs-extract"))
        .find(|r| r.join("snooty.toml").is_file())
        .unwrap_or_else(|| panic!("the corpus is missing: looked in {candidates:?}"));
    g.bench_function("corpus-pair-dirs", |b| {
        b.iter(|| {
            let (project, _) = Project::load(&corpus).expect("corpus project");
            let req = PairDirsRequest {
                left_dir: "source/includes/tutorials/automatic/aws".into(),
                right_dir: "source/includes/queryable-encryption/tutorials/automatic/aws".into(),
                equivalent: vec![["csfle-".into(), "qe-".into()]],
                show_markup: false,
            };
            pair_dirs(&project, &req).expect("pair dirs")
        })
    });
    g.finish();

    // Growth: the same pair shape at three sizes.
    let mut g = c.benchmark_group("diff-steps");
    g.sample_size(10);
    for n in [5_000usize, 10_000, 20_000] {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join("procdoc.toml"),
            "[project]\nsource = \".\"\n",
        )
        .expect("write config");
        std::fs::write(dir.path().join("left.rst"), procedure(n, false)).expect("write left");
        std::fs::write(dir.path().join("right.rst"), procedure(n, true)).expect("write right");
        let (project, _) = Project::load(dir.path()).expect("generated project");
        g.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| {
                diff_files(
                    &project,
                    &DiffRequest {
                        left: "left.rst".into(),
                        right: "right.rst".into(),
                        ..DiffRequest::default()
                    },
                )
                .expect("diff")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
