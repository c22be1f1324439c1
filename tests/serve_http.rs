//! `procdoc serve` through the library API: a real server on 127.0.0.1 (a
//! free port), real HTTP requests, and real file edits in a copy of the
//! bundled project, checking what is served, what is refused, and that
//! edits turn into reload events and new content (or an error overlay).

mod common;

use procdoc::serve::{ReloadEvent, ServeError, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

const CSFLE: &str = "csfle/aws-iam-user";
const FRAGMENT: &str = "includes/tutorials/automatic/aws/user.rst";

/// A copy of the bundled project and a server on it (fields drop in
/// order: the server stops before the folder is deleted).
struct Fixture {
    server: Server,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("procdoc-serve-")
            .tempdir()
            .expect("tempdir");
        common::copy_bundled(dir.path());
        let server = Server::start(ServeOptions {
            root: dir.path().to_path_buf(),
            port: 0,
            ..ServeOptions::default()
        })
        .expect("server starts");
        Fixture { server, dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.server.addr())
    }

    fn get(&self, path: &str) -> reqwest::blocking::Response {
        reqwest::blocking::get(self.url(path)).expect("request")
    }

    fn text(&self, path: &str) -> String {
        self.get(path).text().expect("body")
    }

    /// Sends `request_line` as is (no URL normalisation) and returns the
    /// status and the whole response.
    fn raw(&self, request_line: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.server.addr()).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    fn edit(&self, rel: &str, f: impl FnOnce(&str) -> String) -> String {
        let old = std::fs::read_to_string(self.path(rel)).expect("read");
        let new = f(&old);
        assert_ne!(old, new, "the edit changes {rel}");
        std::fs::write(self.path(rel), &new).expect("write");
        new
    }
}

/// The next event matching `pred` within `timeout`.
fn wait_event(
    rx: &Receiver<ReloadEvent>,
    timeout: Duration,
    pred: impl Fn(&ReloadEvent) -> bool,
) -> ReloadEvent {
    let end = Instant::now() + timeout;
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ev) if pred(&ev) => return ev,
            Ok(_) => continue,
            Err(e) => panic!("no matching reload event within {timeout:?}: {e}"),
        }
    }
}

fn content_type(r: &reqwest::blocking::Response) -> String {
    r.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[test]
fn serves_pages_and_stylesheet_with_live_reload() {
    let f = Fixture::new();
    for (path, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/csfle/aws-iam-user", "text/html; charset=utf-8"),
        ("/csfle/aws-iam-user.html", "text/html; charset=utf-8"),
        ("/qe/aws-iam-user.html", "text/html; charset=utf-8"),
        ("/_static/procdoc.css", "text/css; charset=utf-8"),
    ] {
        let r = f.get(path);
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(content_type(&r), ty, "{path}");
        assert_eq!(
            r.headers().get("cache-control").unwrap(),
            "no-store",
            "{path}"
        );
    }
    let page = f.text("/csfle/aws-iam-user");
    assert!(page.contains("id=\"procdoc-live-reload\""));
    assert!(page.contains("/__procdoc/events"));
    assert!(page.contains("Create an IAM User"));
    assert!(
        !page.contains("procdoc-error-overlay\""),
        "no overlay on a clean page"
    );
    assert!(f.text("/").contains("id=\"procdoc-live-reload\""));

    // HEAD: headers only.
    let r = reqwest::blocking::Client::new()
        .head(f.url("/csfle/aws-iam-user"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().unwrap(), "");

    // `procdoc build` output has no client and no overlay.
    let (project, diags) = procdoc::project::Project::load(f.dir.path()).unwrap();
    let out = f.path("build-out");
    let report = procdoc::site::build(
        &project,
        diags.0,
        &procdoc::site::BuildOptions {
            out: Some(out.clone()),
            deny_warnings: false,
        },
    );
    assert!(report.written.is_some(), "{:?}", report.diags);
    for entry in walkdir::WalkDir::new(out.join("html")) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(out.join("html")).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        // 404.html is for static hosts; serve answers 404 itself (the lead wires it).
        if entry.file_type().is_file() && !rel.starts_with(".procdoc") && rel != "404.html" {
            // Serve and build have the same files; static ones byte for byte.
            let r = f.get(&format!("/{rel}"));
            assert_eq!(r.status(), 200, "{rel} is built but not served");
            if !rel.ends_with(".html") {
                assert_eq!(
                    r.bytes().unwrap(),
                    std::fs::read(entry.path()).unwrap(),
                    "{rel}"
                );
            }
        }
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(
                !html.contains("procdoc-live-reload"),
                "{}",
                entry.path().display()
            );
            assert!(!html.contains("__procdoc"), "{}", entry.path().display());
            assert!(
                !html.contains("procdoc-overlay"),
                "{}",
                entry.path().display()
            );
        }
    }
    f.server.shutdown();
}

#[test]
fn refuses_everything_outside_the_site() {
    let f = Fixture::new();
    let elsewhere = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        let outside = elsewhere.path().join("outside-secret.rst");
        std::fs::write(&outside, "TOP SECRET\n").unwrap();
        std::os::unix::fs::symlink(&outside, f.path("source/leak.rst")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", f.path("source/passwd.html")).unwrap();
        std::os::unix::fs::symlink("/etc", f.path("source/etc")).unwrap();
        // Let the watcher see them (they must not become pages).
        std::thread::sleep(Duration::from_millis(300));
    }
    let secrets = [
        "[constants]",
        "root:",
        "TOP SECRET",
        "In-Use Encryption tutorials\"\n",
    ];
    for target in [
        "/../procdoc.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/procdoc.toml",
        "//etc/passwd",
        "/csfle/../../procdoc.toml",
        "/csfle/%2e%2e/%2e%2e/procdoc.toml",
        "/csfle%2f..%2f..%2fprocdoc.toml",
        "/..%5c..%5cprocdoc.toml",
        "/procdoc.toml",
        "/source/csfle/aws-iam-user.rst",
        "/includes/tutorials/automatic/aws/user.rst",
        "/leak",
        "/leak.html",
        "/passwd.html",
        "/etc/passwd",
    ] {
        let (status, text) = f.raw(&format!("GET {target} HTTP/1.1"));
        assert_eq!(status, 404, "{target}: {text}");
        assert!(text.contains("text/html"), "{target}: 404 is an HTML page");
        for s in secrets {
            assert!(!text.contains(s), "{target} leaked {s:?}");
        }
    }
    // Backslashes are not valid in a request target: refused one way or
    // the other, never served.
    for target in ["/csfle\\..\\..\\procdoc.toml", "/..\\procdoc.toml"] {
        let (status, text) = f.raw(&format!("GET {target} HTTP/1.1"));
        assert!(status == 404 || status == 400, "{target}: {status}");
        assert!(!text.contains("[constants]"), "{target}");
    }
    // An absolute-form request target.
    let (status, _) = f.raw("GET http://127.0.0.1/../procdoc.toml HTTP/1.1");
    assert!(status == 404 || status == 400, "{status}");

    let r = f.get("/no/such/page");
    assert_eq!(r.status(), 404);
    assert_eq!(content_type(&r), "text/html; charset=utf-8");
    assert!(r.text().unwrap().contains("404"));

    let client = reqwest::blocking::Client::new();
    let r = client.post(f.url("/")).body("x=1").send().unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers().get("allow").unwrap(), "GET, HEAD");
    for m in ["PUT", "DELETE", "OPTIONS"] {
        let r = client
            .request(
                reqwest::Method::from_bytes(m.as_bytes()).unwrap(),
                f.url("/"),
            )
            .send()
            .unwrap();
        assert_eq!(r.status(), 405, "{m}");
    }
    let r = client.get(f.url("/")).body("a body").send().unwrap();
    assert_eq!(r.status(), 413);

    let long = format!("/{}", "a".repeat(10 * 1024));
    assert_eq!(f.get(&long).status(), 414);
    assert_eq!(f.get("/").status(), 200, "still serving");
}

#[test]
fn fifty_concurrent_clients() {
    let f = Fixture::new();
    let base = f.url("");
    let handles: Vec<_> = (0..50)
        .map(|i| {
            let url = format!(
                "{base}{}",
                [
                    "/",
                    "/csfle/aws-iam-user",
                    "/qe/aws-iam-user.html",
                    "/_static/procdoc.css"
                ][i % 4]
            );
            std::thread::spawn(move || {
                let r = reqwest::blocking::get(&url).expect("request");
                (r.status().as_u16(), r.bytes().map(|b| b.len()).unwrap_or(0))
            })
        })
        .collect();
    for h in handles {
        let (status, len) = h.join().expect("thread");
        assert_eq!(status, 200);
        assert!(len > 0);
    }
}

#[test]
fn fragment_edit_reloads_only_its_page() {
    let f = Fixture::new();
    let rx = f.server.subscribe();
    let t0 = Instant::now();
    f.edit(FRAGMENT, |s| {
        s.replace("Navigate to the", "Navigate straight to the")
    });
    let ev = wait_event(&rx, Duration::from_secs(5), |e| !e.pages.is_empty());
    eprintln!("reload event after {:?}", t0.elapsed());
    // The CSFLE page and the comparison pages of the [[diff]] pair that
    // compares this fragment; never the QE page.
    assert_eq!(
        ev.pages,
        vec![
            CSFLE.to_string(),
            "diff/includes/tutorials/automatic/aws/user".to_string(),
            "diff/index".to_string()
        ]
    );
    assert!(!ev.full);
    assert!(f
        .text("/csfle/aws-iam-user")
        .contains("Navigate straight to the"));
    assert!(!f
        .text("/qe/aws-iam-user")
        .contains("Navigate straight to the"));

    // The event stream tells browsers the same.
    let mut s = TcpStream::connect(f.server.addr()).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET /__procdoc/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while !seen.contains("event: hello") {
        let n = s.read(&mut buf).expect("hello event");
        assert!(n > 0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("text/event-stream"), "{seen}");
    f.edit(FRAGMENT, |s| {
        s.replace("Navigate straight to the", "Go to the")
    });
    while !seen.contains("event: reload") || !seen.contains("\"pages\":[\"csfle/aws-iam-user\",") {
        let n = s.read(&mut buf).expect("reload event");
        assert!(n > 0);
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.contains("\"full\":false"), "{seen}");

    // Shutting down ends the open event stream instead of hanging.
    let t = Instant::now();
    f.server.shutdown();
    assert!(t.elapsed() < Duration::from_secs(3), "{:?}", t.elapsed());
}

#[test]
fn config_edit_rebuilds_everything() {
    let f = Fixture::new();
    let rx = f.server.subscribe();
    f.edit("procdoc.toml", |s| {
        s.replace(
            "title = \"In-Use Encryption tutorials\"",
            "title = \"Renamed site\"",
        )
    });
    let ev = wait_event(&rx, Duration::from_secs(5), |e| e.full);
    assert!(ev.pages.contains(&CSFLE.to_string()), "{ev:?}");
    assert!(ev.pages.contains(&"qe/aws-iam-user".to_string()), "{ev:?}");
    assert!(f.text("/qe/aws-iam-user").contains("Renamed site"));
    assert!(f.text("/").contains("Renamed site"));
}

#[test]
fn errors_show_in_an_overlay_over_the_last_good_page() {
    let f = Fixture::new();
    let rx = f.server.subscribe();
    let good = std::fs::read_to_string(f.path(FRAGMENT)).unwrap();
    let broken = f.edit(FRAGMENT, |s| {
        s.replace("Create an IAM User", "Create an {+nope+} User")
    });
    wait_event(&rx, Duration::from_secs(5), |e| {
        e.pages.contains(&CSFLE.to_string())
    });
    let page = f.text("/csfle/aws-iam-user");
    assert!(
        page.contains("id=\"procdoc-error-overlay\""),
        "overlay shown"
    );
    let at = broken.find("{+nope+}").unwrap();
    let line = broken[..at].matches('\n').count() + 1;
    let column = broken[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    let expect = format!(
        "data-code=\"undefined-constant\" data-file=\"{FRAGMENT}\" data-line=\"{line}\" data-column=\"{column}\""
    );
    assert!(page.contains(&expect), "want {expect} in\n{page}");
    assert!(page.contains(&format!("{FRAGMENT}:{line}:{column}")));
    assert!(page.contains("nope"));
    assert!(page.contains("data-stale=\"true\""));
    assert!(
        page.contains("Create an IAM User"),
        "the last good content stays"
    );
    let qe = f.text("/qe/aws-iam-user");
    assert!(
        !qe.contains("id=\"procdoc-error-overlay\""),
        "other pages are clean"
    );

    std::fs::write(f.path(FRAGMENT), &good).unwrap();
    wait_event(&rx, Duration::from_secs(5), |e| {
        e.pages.contains(&CSFLE.to_string())
    });
    let page = f.text("/csfle/aws-iam-user");
    assert!(
        !page.contains("id=\"procdoc-error-overlay\""),
        "overlay cleared"
    );
    assert!(page.contains("Create an IAM User"));
}

#[test]
fn a_page_that_never_built_shows_its_errors() {
    let f = Fixture::new();
    let rx = f.server.subscribe();
    std::fs::write(
        f.path("source/new.rst"),
        "=========\nNew page\n=========\n\nUses {+missing+} and :ref:`no-such-label`.\n",
    )
    .unwrap();
    wait_event(&rx, Duration::from_secs(5), |e| {
        e.pages.contains(&"new".to_string())
    });
    let page = f.text("/new");
    assert!(page.contains("id=\"procdoc-error-overlay\""));
    assert!(page.contains("data-stale=\"false\""));
    assert!(page.contains("unknown-ref") || page.contains("no-such-label"));
    assert!(page.contains("New page"));
    assert!(f.text("/").contains("new.html"), "the front page lists it");

    std::fs::remove_file(f.path("source/new.rst")).unwrap();
    wait_event(&rx, Duration::from_secs(5), |e| {
        e.pages.contains(&"new".to_string())
    });
    assert_eq!(f.get("/new").status(), 404);
}

#[test]
fn reload_storm_settles_on_the_last_save() {
    let f = Fixture::new();
    let original = std::fs::read_to_string(f.path(FRAGMENT)).unwrap();
    for i in 0..100 {
        std::fs::write(
            f.path(FRAGMENT),
            format!("{original}\nStorm marker number {i} end.\n"),
        )
        .unwrap();
    }
    let t0 = Instant::now();
    loop {
        let r = f.get("/csfle/aws-iam-user");
        assert_eq!(r.status(), 200);
        let text = r.text().unwrap();
        if text.contains("Storm marker number 99 end.") {
            assert!(!text.contains("Storm marker number 98 end."));
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(2),
            "the last save did not show within 2 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("storm settled after {:?}", t0.elapsed());
    assert_eq!(f.get("/").status(), 200);
}

#[test]
fn busy_port_is_a_clear_error() {
    let f = Fixture::new();
    let taken = f.server.addr();
    let err = Server::start(ServeOptions {
        root: f.dir.path().to_path_buf(),
        port: taken.port(),
        ..ServeOptions::default()
    })
    .expect_err("the port is taken");
    match &err {
        ServeError::PortInUse { addr } => assert_eq!(addr.port(), taken.port()),
        other => panic!("expected PortInUse, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!(
            "port {} is already in use; pass --port to choose another",
            taken.port()
        )
    );
    assert_eq!(f.get("/").status(), 200, "the first server is unaffected");
}
