//! `procdoc serve` as a process: what it prints for a loopback and a
//! non-loopback `--bind`, `--open` with no browser to open, and
//! `--allowed-host`. Each server listens on port 0 and the test reads the
//! real port from the "serving on" line; waits are for that output, under
//! a timeout that only catches hangs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const HANG: Duration = Duration::from_secs(60);

/// A running `procdoc serve` (killed on drop) and its stderr, line by line.
struct Proc {
    child: Child,
    lines: Receiver<String>,
    /// Every line read so far.
    seen: Vec<String>,
    _dir: tempfile::TempDir,
}

impl Proc {
    fn start(args: &[&str], env: &[(&str, &str)], remove_env: &[&str]) -> Proc {
        let dir = tempfile::tempdir().expect("tempdir");
        common::copy_bundled(dir.path());
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("procdoc"));
        cmd.arg("serve")
            .arg("--root")
            .arg(dir.path())
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        for k in remove_env {
            cmd.env_remove(k);
        }
        let mut child = cmd.spawn().expect("procdoc starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Proc {
            child,
            lines,
            seen: Vec::new(),
            _dir: dir,
        }
    }

    /// Waits for a stderr line containing `needle` and returns it.
    fn wait_line(&mut self, needle: &str) -> String {
        let end = Instant::now() + HANG;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    self.seen.push(l.clone());
                    if l.contains(needle) {
                        return l;
                    }
                }
                Err(e) => panic!(
                    "no line containing {needle:?} within {HANG:?} ({e}); stderr so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// The port from the "serving on http://IP:PORT" line.
    fn port(&mut self) -> u16 {
        let line = self.wait_line("serving on http://");
        let addr = line
            .trim_start_matches("serving on http://")
            .split([' ', '/'])
            .next()
            .unwrap_or_default();
        let port = addr.rsplit(':').next().unwrap_or_default();
        port.parse()
            .unwrap_or_else(|_| panic!("no port in {line:?}"))
    }

    /// Stops it as Ctrl-C would and returns its exit status.
    fn interrupt(mut self) -> std::process::ExitStatus {
        #[cfg(unix)]
        {
            let ok = Command::new("kill")
                .args(["-INT", &self.child.id().to_string()])
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "kill -INT");
            self.wait_line("procdoc serve: stopping");
        }
        #[cfg(not(unix))]
        let _ = self.child.kill();
        let end = Instant::now() + HANG;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < end, "procdoc did not stop within {HANG:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GET `path` from 127.0.0.1:`port` with `Host: host`; the status.
fn get(port: u16, path: &str, host: &str) -> u16 {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(HANG)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf)
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn loopback_bind_says_loopback_only() {
    let mut p = Proc::start(&[], &[], &[]);
    let built = p.wait_line("procdoc serve: built");
    assert!(built.contains("(0 error(s)"), "{built}");
    let line = p.wait_line("serving on");
    assert!(
        line.starts_with("serving on http://127.0.0.1:") && line.contains("(loopback only)"),
        "{line}"
    );
    let port = line
        .trim_start_matches("serving on http://127.0.0.1:")
        .split(' ')
        .next()
        .and_then(|p| p.parse::<u16>().ok())
        .expect("port");
    assert_eq!(get(port, "/", "127.0.0.1"), 200);
    let status = p.interrupt();
    assert!(status.success(), "{status}");
}

#[test]
fn non_loopback_bind_prints_a_warning() {
    let mut p = Proc::start(&["--bind", "0.0.0.0"], &[], &[]);
    let port = p.port();
    let serving = p.seen.last().cloned().unwrap_or_default();
    assert!(
        serving.starts_with(&format!(
            "serving on http://0.0.0.0:{port} (open http://127.0.0.1:{port} on this machine)"
        )),
        "{serving}"
    );
    let warning = p.wait_line("warning:");
    assert!(
        warning.starts_with("warning: listening on 0.0.0.0, which other machines may reach"),
        "{warning}"
    );
    assert!(warning.contains("--allowed-host"), "{warning}");
    assert!(!serving.contains("loopback only"));
    assert_eq!(get(port, "/", &format!("127.0.0.1:{port}")), 200);
    assert_eq!(get(port, "/", "evil.example"), 403);
    let status = p.interrupt();
    assert!(status.success(), "{status}");
}

/// Environment to set, variables to remove, and what the message says.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str);

#[test]
fn open_without_a_browser_says_so_and_keeps_serving() {
    let empty_path = tempfile::tempdir().unwrap();
    let empty_path = empty_path.path().to_str().unwrap().to_string();
    // A BROWSER that does not exist, one that fails, and no BROWSER with no
    // desktop opener on PATH.
    let cases: [Case; 3] = [
        (
            &[("BROWSER", "/nonexistent/procdoc-test-browser")],
            &[],
            "(/nonexistent/procdoc-test-browser: ",
        ),
        (
            &[("BROWSER", "false")],
            &[],
            "(false failed: exit status: 1)",
        ),
        (&[("PATH", empty_path.as_str())], &["BROWSER"], "open: "),
    ];
    for (env, remove, why) in cases {
        let mut p = Proc::start(&["--open"], env, remove);
        let port = p.port();
        let msg = p.wait_line("cannot open a browser");
        assert!(msg.contains(why), "{env:?}: {msg}");
        assert!(
            msg.contains(&format!("open http://127.0.0.1:{port}/ yourself")),
            "{msg}"
        );
        assert!(!msg.contains("panicked"), "{msg}");
        assert_eq!(get(port, "/", "localhost"), 200, "still serving");
        let status = p.interrupt();
        assert!(status.success(), "{env:?}: {status}");
    }
}

#[test]
fn allowed_host_flag() {
    let mut p = Proc::start(&["--allowed-host", "docs.test"], &[], &[]);
    let port = p.port();
    assert_eq!(get(port, "/", "docs.test"), 200);
    assert_eq!(get(port, "/", "other.test"), 403);
    drop(p);

    let out = Command::new(assert_cmd::cargo::cargo_bin("procdoc"))
        .args(["serve", "--port", "0", "--allowed-host", "not a host"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error: invalid --allowed-host value \"not a host\""),
        "{err}"
    );
}

/// Regression: the Ctrl-C handler was installed only after the address
/// lines were printed and the browser opened, so a Ctrl-C in between
/// killed the process (no "stopping", no clean shutdown).
#[test]
fn ctrl_c_right_after_the_address_line_stops_cleanly() {
    for _ in 0..5 {
        let mut p = Proc::start(&[], &[], &[]);
        p.wait_line("serving on");
        let status = p.interrupt();
        assert!(status.success(), "{status}");
    }
}
