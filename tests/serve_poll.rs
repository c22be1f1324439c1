//! The polling fallback of `procdoc serve` (used where the native file
//! watcher cannot start, forced here with `PROCDOC_SERVE_POLL=1`): an edit
//! still becomes a reload event and new content. Its own test binary, since
//! it sets an environment variable for the whole process.

mod common;

use procdoc::serve::{LogSink, ServeOptions, Server};
use std::time::{Duration, Instant};

/// How long a wait may take before the test calls it a hang.
const HANG: Duration = Duration::from_secs(60);

#[test]
fn polling_watcher_picks_up_edits() {
    std::env::set_var("PROCDOC_SERVE_POLL", "1");
    let dir = tempfile::tempdir().expect("tempdir");
    common::copy_bundled(dir.path());
    let (tx, log) = std::sync::mpsc::channel();
    let server = Server::start(ServeOptions {
        root: dir.path().to_path_buf(),
        port: 0,
        log: LogSink::Channel(tx),
        ..ServeOptions::default()
    })
    .expect("server starts");
    assert!(
        log.try_iter()
            .any(|m| m == "procdoc serve: watching for changes by polling"),
        "the polling watcher is in use"
    );
    let rx = server.subscribe();
    // Polling compares modification times: make sure the edit is newer.
    std::thread::sleep(Duration::from_millis(1100));
    let page = dir.path().join("source/qe/aws-iam-user.rst");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(
        &page,
        text.replace("Create an AWS IAM User", "Make an AWS IAM User"),
    )
    .expect("edit");
    let start = Instant::now();
    let event = loop {
        assert!(
            start.elapsed() < HANG,
            "no reload event from the polling watcher within {HANG:?}"
        );
        if let Ok(e) = rx.recv_timeout(Duration::from_millis(200)) {
            if e.pages.iter().any(|p| p == "qe/aws-iam-user") {
                break e;
            }
        }
    };
    assert!(!event.full);
    let body = reqwest::blocking::get(format!("http://{}/qe/aws-iam-user.html", server.addr()))
        .expect("get")
        .text()
        .expect("body");
    assert!(body.contains("Make an AWS IAM User"), "{body}");
    server.shutdown();
}
