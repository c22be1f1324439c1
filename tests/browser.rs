//! End-to-end: `procdoc serve` in a real headless Chromium. Opens the CSFLE
//! page, edits its fragment on disk and waits for the browser to show the
//! change without a manual reload, then breaks and fixes a constant and
//! watches the error overlay come and go. Screenshots are saved to
//! `target/browser-artifacts/`.

#[path = "common/mod.rs"]
mod common;

#[path = "browser/cdp.rs"]
mod cdp;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-artifacts")
}

#[test]
fn live_reload_and_error_overlay_in_chromium() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::copy_bundled(root);

    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_procdoc"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start procdoc serve"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while reqwest::blocking::get(format!("{base}/")).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut b = cdp::Browser::launch(1200, 1600);
    b.goto(&format!("{base}/csfle/aws-iam-user.html"));

    // The three lettered steps and the policy code block are visible.
    let visible = |sel: &str| {
        format!(
            "Array.from(document.querySelectorAll({sel:?})).filter(e => e.getBoundingClientRect().height > 0).length"
        )
    };
    assert_eq!(
        b.eval(&visible("main ol[type=a] > li")),
        serde_json::json!(3)
    );
    assert_eq!(
        b.eval(
            "Array.from(document.querySelectorAll('main pre code')).filter(e => e.textContent.includes('kms:Decrypt') && e.getBoundingClientRect().height > 0).length"
        ),
        serde_json::json!(1)
    );
    b.screenshot(&artifacts().join("1-csfle-page.png"));

    // Edit the fragment: the browser shows the new text within 2 s.
    let fragment = root.join("includes/tutorials/automatic/aws/user.rst");
    let original = std::fs::read_to_string(&fragment).expect("fragment");
    let edited = original.replace("Navigate to the", "Navigate straight to the");
    std::fs::write(&fragment, &edited).expect("edit");
    let took = b.wait_for(
        "document.body.innerText.includes('Navigate straight to the')",
        Duration::from_secs(2),
    );
    assert!(took.is_some(), "the edit did not appear within 2 s");
    eprintln!("edit shown after {:?}", took.unwrap());
    b.screenshot(&artifacts().join("2-after-edit.png"));

    // An undefined constant: the error overlay appears.
    let broken = edited.replace("Create an IAM User", "Create an {+nope+} User");
    std::fs::write(&fragment, &broken).expect("break");
    let overlay = "(() => { const o = document.getElementById('procdoc-error-overlay'); return o && o.getBoundingClientRect().height > 0 && o.innerText.includes('nope'); })()";
    assert!(
        b.wait_for(overlay, Duration::from_secs(2)).is_some(),
        "the error overlay did not appear"
    );
    let text = b.eval("document.getElementById('procdoc-error-overlay').innerText");
    let text = text.as_str().unwrap_or_default().to_string();
    assert!(
        text.contains("includes/tutorials/automatic/aws/user.rst"),
        "{text}"
    );
    assert!(
        text.contains("undefined-constant") || text.contains("not defined"),
        "{text}"
    );
    b.screenshot(&artifacts().join("3-error-overlay.png"));

    // Fix it: the overlay goes away.
    std::fs::write(&fragment, &edited).expect("fix");
    assert!(
        b.wait_for(
            "document.getElementById('procdoc-error-overlay') === null && document.body.innerText.includes('Create an IAM User')",
            Duration::from_secs(2)
        )
        .is_some(),
        "the error overlay did not clear"
    );
    b.screenshot(&artifacts().join("4-fixed.png"));
    drop(b);
    drop(server);
}
