//! Benchmarks of `procdoc diff`: the bundled CSFLE/QE pair (load, align,
//! classify) and, when `../shared/corpus` is present, `--pair-dirs` over the
//! corpus's AWS tutorial folders. Run with `cargo bench --bench diff`.

use criterion::{criterion_group, criterion_main, Criterion};
use procdoc::diff::{configured_rules, diff_files, pair_dirs, DiffRequest, PairDirsRequest};
use procdoc::project::Project;
use std::path::Path;

const LEFT: &str = "includes/tutorials/automatic/aws/user.rst";
const RIGHT: &str = "includes/queryable-encryption/tutorials/automatic/aws/user.rst";

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
    let corpus = root.join("../shared/corpus/mongodb-docs-extract");
    if corpus.join("snooty.toml").is_file() {
        g.bench_function("corpus-pair-dirs", |b| {
            b.iter(|| {
                let (project, _) = Project::load(&corpus).expect("corpus project");
                let req = PairDirsRequest {
                    left_dir: "source/includes/tutorials/automatic/aws".into(),
                    right_dir: "source/includes/queryable-encryption/tutorials/automatic/aws"
                        .into(),
                    equivalent: vec![["csfle-".into(), "qe-".into()]],
                    show_markup: false,
                };
                pair_dirs(&project, &req).expect("pair dirs")
            })
        });
    } else {
        eprintln!("../shared/corpus is absent: skipping the corpus benchmark");
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
