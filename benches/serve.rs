//! Benchmark of `procdoc serve`'s edit loop: how long from a file being
//! written to the reload event that browsers get. The server runs in
//! process on a free port; each case saves a change 30 times and prints the
//! median and p90 latency.
//!
//! Cases: a page of the bundled project; a page of a generated 1,000-page
//! project (each page includes one shared fragment); and that shared
//! fragment (a fan-out rebuild of all 1,000 pages).
//!
//! Memory (Linux): the resident size after the first build and after 300
//! saves of a 1.1 MB fragment, each waited for (issue 8 item 6: it grew
//! 67 MB → 1.08 GB when every version of the fragment was kept).
//!
//! Run with `cargo bench --bench serve` (a plain `main`, `harness = false`).

#[path = "../tests/common/mod.rs"]
mod common;

use procdoc::serve::{LogSink, ReloadEvent, ServeOptions, Server};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

const SAVES: usize = 30;

/// Rebuild times (ms) the running server logged, in order.
static REBUILDS: std::sync::Mutex<Vec<f64>> = std::sync::Mutex::new(Vec::new());

/// The rebuild times logged since the last call.
fn take_rebuilds() -> Vec<f64> {
    REBUILDS
        .lock()
        .map(|mut v| std::mem::take(&mut *v))
        .unwrap_or_default()
}

fn start(root: &Path) -> (Server, Duration) {
    let t = Instant::now();
    // Keep the server's messages (and the generated project's warnings)
    // off the report.
    // The rebuild time the server logs ("… updated … in 3.2 ms") is kept:
    // it is the incremental rebuild alone, without the watcher's debounce.
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in rx {
            let ms = line
                .strip_prefix("procdoc serve: ")
                .and_then(|l| l.strip_suffix(" ms"))
                .and_then(|l| l.rsplit(" in ").next())
                .and_then(|n| n.parse::<f64>().ok());
            if let (Some(ms), Ok(mut v)) = (ms, REBUILDS.lock()) {
                v.push(ms);
            }
        }
    });
    let server = Server::start(ServeOptions {
        root: root.to_path_buf(),
        port: 0,
        log: LogSink::Channel(tx),
        ..ServeOptions::default()
    })
    .expect("server starts");
    (server, t.elapsed())
}

/// Saves `rel` `SAVES` times (appending a changing line) and measures each
/// save → the first reload event naming `page` (any page when `None`).
fn measure(root: &Path, rel: &str, page: Option<&str>, rx: &Receiver<ReloadEvent>) -> Vec<f64> {
    measure_edit(root, rel, page, rx, |original, i| {
        format!("{original}\nEdit number {i}.\n")
    })
}

/// Like [`measure`], with the saved text made by `edit(original, i)`.
fn measure_edit(
    root: &Path,
    rel: &str,
    page: Option<&str>,
    rx: &Receiver<ReloadEvent>,
    edit: impl Fn(&str, usize) -> String,
) -> Vec<f64> {
    let path = root.join(rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let saves = if bench_mode() { SAVES } else { 2 };
    let mut times = Vec::with_capacity(saves);
    for i in 0..saves {
        // Let the previous rebuild's trailing events pass, then forget them.
        std::thread::sleep(Duration::from_millis(60));
        while rx.try_recv().is_ok() {}
        std::fs::write(&path, edit(&original, i)).unwrap();
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

/// The median of the rebuild times the server logged since the last call
/// (the rebuild alone, without the watcher's debounce), as a report suffix.
fn rebuild_median() -> String {
    let mut v = take_rebuilds();
    if v.is_empty() {
        return String::new();
    }
    v.sort_by(|a, b| a.total_cmp(b));
    format!("  (rebuild alone: median {:.1} ms)", percentile(&v, 0.5))
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

/// Resident set size of this process in bytes (Linux only).
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Saves a 1.1 MB fragment `saves` times (each save waited for) and
/// reports the resident size before and after.
fn memory(saves: usize) -> Option<String> {
    let before_start = rss()?;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("source")).unwrap();
    std::fs::create_dir_all(root.join("includes")).unwrap();
    std::fs::write(root.join("procdoc.toml"), "[project]\ntitle = \"Big\"\n").unwrap();
    std::fs::write(
        root.join("source/index.rst"),
        "=====\nIndex\n=====\n\n.. include:: /includes/big.rst\n",
    )
    .unwrap();
    let para = "A paragraph of the big fragment, with *emphasis*, ``literal`` text and enough words to fill a line or two of it.\n\n";
    let body = para.repeat(1_100_000 / para.len());
    let write = |i: usize| {
        std::fs::write(
            root.join("includes/big.rst"),
            format!("Edit number {i}.\n\n{body}"),
        )
        .unwrap()
    };
    write(0);
    let (server, _) = start(root);
    let rx = server.subscribe();
    let first = rss()?;
    for i in 1..=saves {
        write(i);
        loop {
            let ev = rx
                .recv_timeout(Duration::from_secs(120))
                .expect("a reload event within 120 s");
            if ev.pages.iter().any(|p| p == "index") {
                break;
            }
        }
    }
    let after = rss()?;
    server.shutdown();
    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
    let line = format!(
        "memory: 1.1 MB fragment            RSS before start {:.0} MB, after first build {:.0} MB, after {saves} saves {:.0} MB ({:.2}x)",
        mb(before_start),
        mb(first),
        mb(after),
        after as f64 / first as f64
    );
    println!("{line}");
    Some(line)
}

fn main() {
    let mut summary = Vec::new();
    // `PROCDOC_BENCH_ONLY=10k` runs only the 10,000-page cases (profiling).
    let only_10k = std::env::var("PROCDOC_BENCH_ONLY").is_ok_and(|v| v == "10k");

    if !only_10k {
        small_cases(&mut summary);
        if !bench_mode() {
            return;
        }
    }
    if bench_mode() {
        large_cases(&mut summary);
    }
    println!("\nsummary");
    for line in summary {
        println!("{line}");
    }
}

/// The bundled project, the memory check, and a generated 1,000-page
/// project.
fn small_cases(summary: &mut Vec<String>) {
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
    summary.extend(memory(if bench_mode() { 300 } else { 2 }));
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
}

/// Issue 10: a 10,000-page site.
fn large_cases(summary: &mut Vec<String>) {
    // Issue 10: a 10,000-page site (generated with varied content). An edit
    // to one page's body, then to one page's title (the navigation tree of
    // every page changes: `_static/nav.js` and the neighbours are
    // refreshed, not every body).
    let dir = tempfile::tempdir().unwrap();
    common::generate_varied_project(dir.path(), 10_000, 1);
    let (server, startup) = start(dir.path());
    let rx = server.subscribe();
    take_rebuilds();
    let page = "guide/page-05005";
    let rel = format!("source/{page}.rst");
    let t = measure(dir.path(), &rel, Some(page), &rx);
    let line = report("10k varied: one page body", 10_000, startup, t) + &rebuild_median();
    println!("{line}");
    summary.push(line);
    let t = measure_edit(dir.path(), &rel, Some(page), &rx, |original, i| {
        // The title is the third line, under a 40-character `=` rule.
        original.replacen(": ", &format!(" v{i}: "), 1)
    });
    let line = report("10k varied: one page title", 10_000, startup, t) + &rebuild_median();
    println!("{line}");
    summary.push(line);
    server.shutdown();
}
