//! `procdoc serve` through the library API: a real server on 127.0.0.1 (a
//! free port), real HTTP requests, and real file edits in a copy of the
//! bundled project, checking what is served, what is refused, and that
//! edits turn into reload events and new content (or an error overlay).
//!
//! The server's messages (diagnostics included) go to a channel, not to
//! stderr: a passing run prints no real-looking `error[...]` lines. Waits
//! are for events, under [`HANG`], which only catches hangs.

mod common;

use procdoc::serve::{LogSink, ReloadEvent, ServeError, ServeOptions, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

const CSFLE: &str = "csfle/aws-iam-user";
const QE_PAGE: &str = "source/qe/aws-iam-user.rst";
const FRAGMENT: &str = "includes/tutorials/automatic/aws/user.rst";
/// How long a wait may take before the test calls it a hang (never a
/// speed claim: those are in `benches/serve.rs`).
const HANG: Duration = Duration::from_secs(60);

/// A copy of the bundled project and a server on it (fields drop in
/// order: the server stops before the folder is deleted).
struct Fixture {
    server: Server,
    /// The server's messages.
    log: Receiver<String>,
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture::with(|_| {})
    }

    /// A fixture whose server options `tweak` adjusts.
    fn with(tweak: impl FnOnce(&mut ServeOptions)) -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("procdoc-serve-")
            .tempdir()
            .expect("tempdir");
        common::copy_bundled(dir.path());
        let (tx, log) = std::sync::mpsc::channel();
        let mut opts = ServeOptions {
            root: dir.path().to_path_buf(),
            port: 0,
            log: LogSink::Channel(tx),
            ..ServeOptions::default()
        };
        tweak(&mut opts);
        let server = Server::start(opts).expect("server starts");
        Fixture { server, log, dir }
    }

    /// Waits for a server message containing `needle` and returns it.
    fn wait_log(&self, needle: &str) -> String {
        let end = Instant::now() + HANG;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(m) if m.contains(needle) => return m,
                Ok(_) => continue,
                Err(e) => panic!("no server message containing {needle:?} within {HANG:?}: {e}"),
            }
        }
    }

    /// Edits the QE page (which nothing else reads) and waits for its
    /// reload event: the rebuild thread handles changes in order, so every
    /// change made before this one has been handled by then.
    fn settle(&self, rx: &Receiver<ReloadEvent>, n: usize) {
        self.edit(QE_PAGE, |s| format!("{s}\nSettle point {n}.\n"));
        wait_event(rx, HANG, |e| e.pages.iter().any(|p| p == "qe/aws-iam-user"));
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
        self.raw_with(request_line, "Host: 127.0.0.1\r\n")
    }

    /// Like [`Fixture::raw`], with `headers` (each ending in CRLF) instead
    /// of the `Host:` line.
    fn raw_with(&self, request_line: &str, headers: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.server.addr()).expect("connect");
        s.set_read_timeout(Some(HANG)).unwrap();
        write!(s, "{request_line}\r\n{headers}Connection: close\r\n\r\n").unwrap();
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
            keep_going: false,
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
        let rx = f.server.subscribe();
        let outside = elsewhere.path().join("outside-secret.rst");
        std::fs::write(&outside, "TOP SECRET\n").unwrap();
        std::os::unix::fs::symlink(&outside, f.path("source/leak.rst")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", f.path("source/passwd.html")).unwrap();
        std::os::unix::fs::symlink("/etc", f.path("source/etc")).unwrap();
        // Let the watcher handle them (they must not become pages).
        f.settle(&rx, 1);
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
    f.edit(FRAGMENT, |s| {
        s.replace("Navigate to the", "Navigate straight to the")
    });
    let ev = wait_event(&rx, HANG, |e| !e.pages.is_empty());
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
    s.set_read_timeout(Some(HANG)).unwrap();
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

    // Shutting down ends the open event stream: the server finishes the
    // chunked response (a stream cut by the runtime's forced stop would not
    // end with the last chunk) and closes the connection.
    f.server.shutdown();
    loop {
        let n = s.read(&mut buf).expect("the event stream ends, not hangs");
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    assert!(seen.ends_with("\r\n0\r\n\r\n"), "{seen:?}");
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
    let ev = wait_event(&rx, HANG, |e| e.full);
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
    wait_event(&rx, HANG, |e| e.pages.contains(&CSFLE.to_string()));
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
    wait_event(&rx, HANG, |e| e.pages.contains(&CSFLE.to_string()));
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
    wait_event(&rx, HANG, |e| e.pages.contains(&"new".to_string()));
    let page = f.text("/new");
    assert!(page.contains("id=\"procdoc-error-overlay\""));
    assert!(page.contains("data-stale=\"false\""));
    // Both problems are listed, each with its code (the label's name alone
    // would also be in the page's text).
    assert!(
        page.contains("data-code=\"unknown-ref\""),
        "unknown-ref listed: {page}"
    );
    assert!(
        page.contains("data-code=\"undefined-constant\""),
        "undefined-constant listed: {page}"
    );
    assert!(page.contains("New page"));
    assert!(f.text("/").contains("new.html"), "the front page lists it");

    std::fs::remove_file(f.path("source/new.rst")).unwrap();
    wait_event(&rx, HANG, |e| e.pages.contains(&"new".to_string()));
    assert_eq!(f.get("/new").status(), 404);
}

/// The storm markers a page shows (`Storm marker number N end.`).
fn storm_markers(page: &str) -> Vec<u32> {
    page.match_indices("Storm marker number ")
        .filter_map(|(at, m)| {
            let rest = &page[at + m.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with(" end.")
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

#[test]
fn reload_storm_settles_on_the_last_save() {
    let f = Fixture::new();
    let rx = f.server.subscribe();
    let original = std::fs::read_to_string(f.path(FRAGMENT)).unwrap();
    for i in 0..100 {
        std::fs::write(
            f.path(FRAGMENT),
            format!("{original}\nStorm marker number {i} end.\n"),
        )
        .unwrap();
    }
    // The last save shows...
    let end = Instant::now() + HANG;
    while storm_markers(&f.text("/csfle/aws-iam-user")) != [99] {
        assert!(
            Instant::now() < end,
            "the last save did not show within {HANG:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // ...and stays: once every change made before a later edit has been
    // handled, no late rebuild of an older save has replaced it.
    f.settle(&rx, 1);
    let page = f.text("/csfle/aws-iam-user");
    assert_eq!(
        storm_markers(&page),
        [99],
        "the page settles on the last save"
    );
    assert!(page.contains("Create an IAM User"));
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

/// Issue 8 item 3: serve answered any `Host:`, so a page on a name that
/// resolves to 127.0.0.1 could read the preview and its event stream.
#[test]
fn dns_rebinding_host_header_is_refused() {
    let f = Fixture::new();
    let port = f.server.addr().port();
    for path in [
        "/",
        "/csfle/aws-iam-user",
        "/_static/procdoc.css",
        "/__procdoc/events",
        "/no/such/page",
    ] {
        for host in [
            "evil.example".to_string(),
            format!("evil.example:{port}"),
            "localhost.evil.example".into(),
            "127.0.0.1.evil.example".into(),
        ] {
            let (status, text) = f.raw_with(
                &format!("GET {path} HTTP/1.1"),
                &format!("Host: {host}\r\n"),
            );
            assert_eq!(status, 403, "{path} for {host}: {text}");
            assert!(text.contains("text/plain"), "{text}");
            assert!(!text.contains("text/event-stream"), "{text}");
            assert!(!text.contains("procdoc-live-reload"), "{text}");
            let name = host.split(':').next().unwrap();
            assert!(
                text.contains(&format!(
                    "restart with: procdoc serve --allowed-host {name}\n"
                )),
                "the answer names the flag: {text}"
            );
        }
    }
    // No Host, two Hosts, or a bad one.
    for headers in ["", "Host: a.test\r\nHost: 127.0.0.1\r\n", "Host: a b\r\n"] {
        let (status, text) = f.raw_with("GET / HTTP/1.1", headers);
        assert!(status == 403 || status == 400, "{headers:?}: {text}");
        assert!(!text.contains("procdoc-live-reload"), "{text}");
    }
    // An absolute-form target names the host too.
    let (status, _) = f.raw("GET http://evil.example/ HTTP/1.1");
    assert_eq!(status, 403);
    // What a browser on this machine sends.
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LOCALHOST.:{port}"),
        format!("127.0.0.1:{port}"),
        "127.1.2.3".into(),
        format!("[::1]:{port}"),
    ] {
        let (status, text) = f.raw_with("GET / HTTP/1.1", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {text}");
    }
}

#[test]
fn allowed_host_option_admits_named_hosts_only() {
    let f = Fixture::with(|o| o.allowed_hosts = vec!["docs.test".into(), ".team.test".into()]);
    for host in [
        "docs.test",
        "docs.test:8080",
        "team.test",
        "preview.team.test:80",
    ] {
        let (status, text) = f.raw_with("GET / HTTP/1.1", &format!("Host: {host}\r\n"));
        assert_eq!(status, 200, "{host}: {text}");
    }
    for host in ["www.docs.test", "evilteam.test", "evil.example"] {
        let (status, _) = f.raw_with("GET / HTTP/1.1", &format!("Host: {host}\r\n"));
        assert_eq!(status, 403, "{host}");
    }
    // A value that is no host name is refused at start.
    let dir = tempfile::tempdir().unwrap();
    common::copy_bundled(dir.path());
    let err = Server::start(ServeOptions {
        root: dir.path().to_path_buf(),
        port: 0,
        allowed_hosts: vec!["http://docs.test/".into()],
        ..ServeOptions::default()
    })
    .expect_err("a URL is not a host name");
    assert!(matches!(err, ServeError::AllowedHost(_)), "{err:?}");
    assert!(
        err.to_string().contains("invalid --allowed-host value"),
        "{err}"
    );
}

/// Issue 8 item 7: with no header timeout and no connection cap, 300
/// half-sent requests under `ulimit -n 256` stalled every real request.
/// Here the cap is 4 and the timeout 1 s: six half-sent requests fill the
/// cap (which is logged), a real request still gets its page once the
/// timeout frees slots, and every half-sent connection is closed.
#[test]
fn half_sent_requests_are_closed_by_the_header_timeout() {
    let f = Fixture::with(|o| {
        o.max_connections = 4;
        o.header_timeout = Duration::from_secs(1);
    });
    let half_sent: Vec<TcpStream> = (0..6)
        .map(|_| {
            let mut s = TcpStream::connect(f.server.addr()).expect("connect");
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .unwrap();
            s.set_read_timeout(Some(HANG)).unwrap();
            s
        })
        .collect();
    let line = f.wait_log("connection limit reached");
    assert!(line.contains("(4 open)"), "{line}");

    let client = reqwest::blocking::Client::builder()
        .timeout(HANG)
        .build()
        .unwrap();
    let r = client
        .get(f.url("/csfle/aws-iam-user"))
        .send()
        .expect("served");
    assert_eq!(r.status(), 200);
    assert!(r.text().unwrap().contains("Create an IAM User"));

    for (i, mut s) in half_sent.into_iter().enumerate() {
        let mut buf = Vec::new();
        match s.read_to_end(&mut buf) {
            Ok(_) => assert!(
                !String::from_utf8_lossy(&buf).contains("200 OK"),
                "half-sent request {i} was answered"
            ),
            Err(e) => assert_eq!(
                e.kind(),
                std::io::ErrorKind::ConnectionReset,
                "half-sent request {i} is closed, not left open: {e}"
            ),
        }
    }
    assert_eq!(f.get("/").status(), 200, "still serving");
}

#[test]
fn rebuild_diagnostics_go_to_the_log_not_stderr() {
    let f = Fixture::new();
    f.edit(FRAGMENT, |s| {
        s.replace("Create an IAM User", "Create an {+nope+} User")
    });
    let block = f.wait_log("error[undefined-constant]");
    assert!(block.contains(FRAGMENT), "{block}");
}

/// The images pages show are served where the pages' relative URLs point
/// (`_images/…`, as in `build`'s html tree), with their content types.
#[test]
fn serves_the_images_pages_show() {
    let dir = tempfile::Builder::new()
        .prefix("procdoc-serve-media-")
        .tempdir()
        .expect("tempdir");
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media"),
        dir.path(),
    );
    let (tx, _log) = std::sync::mpsc::channel();
    let server = Server::start(ServeOptions {
        root: dir.path().to_path_buf(),
        port: 0,
        log: LogSink::Channel(tx),
        ..ServeOptions::default()
    })
    .expect("server starts");
    let get =
        |p: &str| reqwest::blocking::get(format!("http://{}{p}", server.addr())).expect("request");
    let page = get("/guide/page.html").text().expect("body");
    assert!(
        page.contains("src=\"../_images/guide/shape.svg\""),
        "{page}"
    );
    let png = std::fs::read(dir.path().join("source/images/dot.png")).unwrap();
    for (path, ty, bytes) in [
        ("/_images/images/dot.png", "image/png", png),
        (
            "/_images/guide/shape.svg",
            "image/svg+xml",
            std::fs::read(dir.path().join("source/guide/shape.svg")).unwrap(),
        ),
    ] {
        let r = get(path);
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(content_type(&r), ty, "{path}");
        assert_eq!(r.bytes().unwrap().to_vec(), bytes, "{path}");
    }
}
