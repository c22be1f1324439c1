//! Benchmark of `procdoc serve`'s edit loop: how long from a file being
//! written to the reload event that browsers get. The server runs in
//! process on a free port; each case saves a change 30 times and prints the
//! median and p90 latency.
//!
//! Cases: a page of the bundled project; a page of a generated 1,000-page
//! project (each page includes one shared fragment); and that shared
//! fragment (a fan-out rebuild of all 1,000 pages).
//!
//! Run with `cargo bench --bench serve` (a plain `main`, `harness = false`).

#[path = "../tests/common/mod.rs"]
mod common;

use procdoc::serve::{ReloadEvent, ServeOptions, Server};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

const SAVES: usize = 30;

fn start(root: &Path) -> (Server, Duration) {
    let t = Instant::now();
    let server = Server::start(ServeOptions {
        root: root.to_path_buf(),
        port: 0,
        ..ServeOptions::default()
    })
    .expect("server starts");
    (server, t.elapsed())
}

/// Saves `rel` `SAVES` times (appending a changing line) and measures each
/// save → the first reload event naming `page` (any page when `None`).
fn measure(root: &Path, rel: &str, page: Option<&str>, rx: &Receiver<ReloadEvent>) -> Vec<f64> {
    let path = root.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let saves = if bench_mode() { SAVES } else { 2 };
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        // Let the previous rebuild's trailing events pass, then forget them.
        std::thread::sleep(Duration::from_millis(60));
        while rx.try_recv().is_ok() {}
        std::fs::write(&path, format!("{original}\nEdit number {i}.\n")).unwrap();
        let t = Instant::now();
        loop {
            let ev = rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a reload event within 60 s");
            if page.is_none_or(|p| ev.pages.iter().any(|x| x == p)) {
                break;
            }
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    std::fs::write(&path, original).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    times
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(case: &str, pages: usize, startup: Duration, mut times: Vec<f64>) -> String {
    times.sort_by(|a, b| a.total_cmp(b));
    let (median, p90) = (percentile(&times, 0.5), percentile(&times, 0.9));
    let (min, max) = (times[0], times[times.len() - 1]);
    println!(
        "{case}: {} saves, write → reload event: median {median:.1} ms, p90 {p90:.1} ms (min {min:.1}, max {max:.1})",
        times.len()
    );
    format!(
        "{case:<34} pages {pages:>5}  startup {:>7.1} ms  median {median:>7.1} ms  p90 {p90:>7.1} ms",
        startup.as_secs_f64() * 1000.0
    )
}

/// `cargo bench` passes `--bench`; under `cargo test --all-targets` the
/// benchmark only checks that it still works (two saves, bundled project).
fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn main() {
    let mut summary = Vec::new();

    let dir = tempfile::tempdir().unwrap();
    common::copy_bundled(dir.path());
    let (server, startup) = start(dir.path());
    let rx = server.subscribe();
    let t = measure(
        dir.path(),
        "source/csfle/aws-iam-user.rst",
        Some("csfle/aws-iam-user"),
        &rx,
    );
    summary.push(report("bundled: one page", 2, startup, t));
    server.shutdown();
    if !bench_mode() {
        println!("smoke run (pass --bench, as `cargo bench` does, for the full benchmark)");
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    common::generate_project(dir.path(), 1000);
    let (server, startup) = start(dir.path());
    let rx = server.subscribe();
    let t = measure(
        dir.path(),
        "source/pages/p0500.rst",
        Some("pages/p0500"),
        &rx,
    );
    summary.push(report("generated: one page", 1000, startup, t));
    let t = measure(dir.path(), "includes/user.rst", None, &rx);
    summary.push(report(
        "generated: shared fragment (fan-out)",
        1000,
        startup,
        t,
    ));
    server.shutdown();

    println!("\nsummary");
    for line in summary {
        println!("{line}");
    }
}
