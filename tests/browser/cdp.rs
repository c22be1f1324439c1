//! A minimal Chrome DevTools Protocol client: enough to open a page in
//! headless Chromium, evaluate JavaScript and take screenshots.
//!
//! Chromium is started with the flags this machine needs (no sandbox, no
//! outside network) and a fresh profile; the client talks to it over the
//! DevTools WebSocket with `tungstenite`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{connect, Message, WebSocket};

/// A running headless Chromium with one page attached.
pub struct Browser {
    child: Child,
    ws: WebSocket<MaybeTlsStream<TcpStream>>,
    session: String,
    next_id: u64,
    _profile: tempfile::TempDir,
}

/// The Chromium binary, or `None` after printing a loud SKIPPED line
/// (the test then returns). With `PROCDOC_REQUIRE_BROWSER` set (as
/// `scripts/test.sh` does), a missing browser fails the test instead.
pub fn chromium_or_skip(test: &str) -> Option<String> {
    if let Some(bin) = chromium_path() {
        return Some(bin);
    }
    let msg = "no chromium, chromium-browser or google-chrome on PATH; install one, or run `bash scripts/test.sh` (installs Chromium)";
    if std::env::var_os("PROCDOC_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty()) {
        panic!("PROCDOC_REQUIRE_BROWSER is set but {msg}");
    }
    eprintln!("\n==== SKIPPED {test}: {msg} ====\n");
    None
}

/// Path of the Chromium binary, if installed.
pub fn chromium_path() -> Option<String> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let out = Command::new("which").arg(name).output().ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
        })
}

impl Browser {
    /// Starts the given Chromium binary (see [`chromium_or_skip`]) headless
    /// and attaches to a blank page.
    pub fn launch_with(bin: &str, width: u32, height: u32) -> Browser {
        let profile = tempfile::tempdir().expect("temp profile");
        let mut child = Command::new(bin)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--remote-debugging-port=0",
                &format!("--window-size={width},{height}"),
                &format!("--user-data-dir={}", profile.path().display()),
                "about:blank",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("chromium did not print its DevTools URL within 30 s");
        let (ws, _) = connect(url.as_str()).expect("connect to DevTools");
        let mut b = Browser {
            child,
            ws,
            session: String::new(),
            next_id: 0,
            _profile: profile,
        };
        let target = b.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = b.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target_id, "flatten": true}),
        );
        b.session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        b.call_page("Page.enable", json!({}));
        b.call_page("Runtime.enable", json!({}));
        b
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws
            .send(Message::Text(msg.to_string().into()))
            .expect("send to DevTools");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "no DevTools answer to {method}");
            let m = self.ws.read().expect("read from DevTools");
            let Message::Text(t) = m else { continue };
            let v: Value = serde_json::from_str(t.as_str()).unwrap_or(Value::Null);
            if v["id"].as_u64() == Some(id) {
                if let Some(e) = v.get("error") {
                    panic!("DevTools error for {method}: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    fn call_page(&mut self, method: &str, params: Value) -> Value {
        let s = self.session.clone();
        self.call(Some(&s), method, params)
    }

    /// Navigates and waits for the page to finish loading.
    pub fn goto(&mut self, url: &str) {
        self.call_page("Page.navigate", json!({"url": url}));
        let ok = self.wait_for(
            "document.readyState === 'complete'",
            Duration::from_secs(30),
        );
        assert!(ok.is_some(), "page {url} did not finish loading");
    }

    /// Evaluates a JavaScript expression and returns its value.
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call_page(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true}),
        );
        r["result"]["value"].clone()
    }

    /// Polls `expr` until it is true; returns how long it took, or None on timeout.
    pub fn wait_for(&mut self, expr: &str, timeout: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.eval(&format!("Boolean({expr})")) == json!(true) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    /// Emulates a screen `width` × `height` CSS pixels wide (a phone, with
    /// touch-style viewport handling, when `mobile`) and a colour scheme.
    pub fn emulate(&mut self, width: u32, height: u32, mobile: bool, dark: bool) {
        self.call_page(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
        );
        self.call_page(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" }}]}),
        );
    }

    /// Saves a PNG screenshot of the viewport.
    pub fn screenshot(&mut self, path: &std::path::Path) {
        let r = self.call_page("Page.captureScreenshot", json!({"format": "png"}));
        let data = r["data"].as_str().expect("screenshot data");
        let bytes = base64_decode(data);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("artifact dir");
        }
        std::fs::write(path, bytes).expect("write screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
