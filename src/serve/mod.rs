//! `procdoc serve`: a local preview server with live reload.
//!
//! The site is built in memory and served over HTTP; the docs are watched
//! and every change rebuilds only what depends on it (`state.rs` explains
//! how), then open browsers are told to reload through server-sent events.
//! Pages with problems show them in an overlay over their last good
//! rendering. The injected script and overlay exist only here: `procdoc
//! build` output never contains them.
//!
//! [`Server::start`] runs everything in the background and returns a handle
//! (used by tests and benches); [`serve`] is the command: start, print the
//! address, optionally open a browser, and run until Ctrl-C.
//!
//! What it exposes: the rendered site (never other files of the docs root)
//! and the reload event stream, read-only, to requests that name this
//! machine (`host.rs`); at most [`ServeOptions::max_connections`] clients at
//! once, each with [`ServeOptions::header_timeout`] to send its headers
//! (`conn.rs`). It listens on loopback unless told otherwise.

pub mod client;
mod conn;
mod deps;
mod files;
mod host;
mod http;
mod log;
mod state;
mod uses;
mod watch;

use files::{Changes, Files};
pub use log::LogSink;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;
use thiserror::Error;

/// How to run the preview server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Docs root (the folder holding `procdoc.toml`).
    pub root: PathBuf,
    /// Address to listen on (default `127.0.0.1`: this machine only).
    pub bind: IpAddr,
    /// Port (default 3000; 0 picks any free port).
    pub port: u16,
    /// Open the site in a browser once it is up (`$BROWSER` if set, else
    /// the desktop's opener).
    pub open: bool,
    /// More `Host:` names to answer besides localhost, loopback addresses
    /// and the bound address (`--allowed-host`; `.name` also allows its
    /// subdomains).
    pub allowed_hosts: Vec<String>,
    /// Connections served at once (default 256; not a command-line flag).
    pub max_connections: usize,
    /// Time a client has to send a request's headers (default 5 s; not a
    /// command-line flag).
    pub header_timeout: Duration,
    /// Where messages go (default: stderr).
    pub log: LogSink,
}

/// Default of [`ServeOptions::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;
/// Default of [`ServeOptions::header_timeout`].
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(5);

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 3000,
            open: false,
            allowed_hosts: Vec::new(),
            max_connections: DEFAULT_MAX_CONNECTIONS,
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            log: LogSink::Stderr,
        }
    }
}

/// Why the server could not start. Bad content is never one of these: it
/// is shown in the browser instead.
#[derive(Debug, Error)]
pub enum ServeError {
    /// Something else listens on the port.
    #[error("port {} is already in use; pass --port to choose another", .addr.port())]
    PortInUse {
        /// The address that was asked for.
        addr: SocketAddr,
    },
    /// An `--allowed-host` value is not a host name or IP address.
    #[error("invalid --allowed-host value {0:?}: expected a host name (docs.example.test), an IP address, or .domain for a domain and its subdomains")]
    AllowedHost(String),
    /// Listening failed for another reason (permission, no such address).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The docs root cannot be read.
    #[error(transparent)]
    Load(#[from] crate::project::LoadError),
    /// Neither the native nor the polling file watcher could start.
    #[error("cannot watch the docs for changes: {0}")]
    Watch(#[from] notify::Error),
    /// A bug: the first build panicked (later rebuilds recover instead).
    #[error("internal error: {0}")]
    Internal(String),
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// Sent after every rebuild that changed what is served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReloadEvent {
    /// Counts rebuilds since the server started (1 for the first).
    pub generation: u64,
    /// Everything was reloaded (config change or recovery): every open page
    /// should reload.
    pub full: bool,
    /// Pages whose HTML changed or which were removed (`csfle/aws-iam-user`,
    /// `index`), sorted.
    pub pages: Vec<String>,
}

impl ReloadEvent {
    /// The event as sent to browsers: `{"generation":N,"full":b,"pages":[…]}`.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "generation": self.generation,
            "full": self.full,
            "pages": self.pages,
        })
        .to_string()
    }
}

/// State shared by the HTTP handlers and the rebuild thread.
pub(crate) struct Shared {
    files: RwLock<Files>,
    events: tokio::sync::broadcast::Sender<ReloadEvent>,
    subscribers: Mutex<Vec<mpsc::Sender<ReloadEvent>>>,
    generation: AtomicU64,
    instance: String,
    /// Where messages go.
    pub(crate) log: LogSink,
}

impl Shared {
    /// The files being served (read-locked while the guard lives).
    pub(crate) fn files(&self) -> std::sync::RwLockReadGuard<'_, Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Serves the `changes` from now on and, when something changed, tells
    /// browsers and subscribers.
    pub(crate) fn publish(&self, changes: Changes, pages: &[String], full: bool) {
        files::apply(
            &mut self.files.write().unwrap_or_else(|e| e.into_inner()),
            changes,
        );
        if pages.is_empty() && !full {
            return;
        }
        let ev = ReloadEvent {
            generation: self.generation.fetch_add(1, Ordering::SeqCst) + 1,
            full,
            pages: pages.to_vec(),
        };
        let _ = self.events.send(ev.clone());
        self.subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|s| s.send(ev.clone()).is_ok());
    }

    /// Data of the `hello` event.
    pub(crate) fn hello_json(&self) -> String {
        serde_json::json!({
            "instance": self.instance,
            "generation": self.generation.load(Ordering::SeqCst),
        })
        .to_string()
    }
}

/// A running preview server. Dropping it shuts it down.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    runtime: Option<tokio::runtime::Runtime>,
    shutdown: tokio::sync::watch::Sender<bool>,
    task: Option<tokio::task::JoinHandle<()>>,
    rebuilder: Option<watch::Rebuilder>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Listens, builds the site, starts watching and serving, and returns
    /// at once. Fails only when the port is taken or unusable, the root
    /// cannot be read, or no file watcher can start.
    pub fn start(opts: ServeOptions) -> Result<Server, ServeError> {
        let hosts = host::HostPolicy::new(opts.bind, &opts.allowed_hosts)
            .map_err(|host::BadName(n)| ServeError::AllowedHost(n))?;
        let log = opts.log.clone();
        let want = SocketAddr::new(opts.bind, opts.port);
        // Listen first: a busy port fails fast, before the build.
        let listener = std::net::TcpListener::bind(want).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                ServeError::PortInUse { addr: want }
            } else {
                ServeError::Bind {
                    addr: want,
                    source: e,
                }
            }
        })?;
        listener
            .set_nonblocking(true)
            .map_err(ServeError::Runtime)?;
        let addr = listener.local_addr().map_err(ServeError::Runtime)?;

        let root = opts.root.clone();
        let mut site = std::panic::catch_unwind(move || state::SiteState::load(&root))
            .map_err(|_| ServeError::Internal("the first build panicked".into()))??;
        let diags = site.all_diags();
        let errors = diags.iter().filter(|d| d.is_error()).count();
        if site.config_broken() {
            log.line(format_args!(
                "procdoc serve: {errors} error(s) in the configuration, so no page was read; the pages show them until the config is fixed"
            ));
        } else {
            log.line(format_args!(
                "procdoc serve: built {} page(s) ({errors} error(s), {} warning(s))",
                site.page_count(),
                diags.len() - errors
            ));
        }
        log.diags(site.db(), &diags);

        let instance = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let shared = Arc::new(Shared {
            files: RwLock::new({
                let mut f = Files::new();
                files::apply(&mut f, site.take_changes());
                f
            }),
            events: tokio::sync::broadcast::channel(64).0,
            subscribers: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            instance,
            log: log.clone(),
        });
        let rebuilder = watch::Rebuilder::start(site, shared.clone())?;
        if rebuilder.kind == "poll" {
            log.line("procdoc serve: watching for changes by polling");
        }

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("procdoc-serve")
            .enable_all()
            .build()
            .map_err(ServeError::Runtime)?;
        let (shutdown, shutdown_rx) = tokio::sync::watch::channel(false);
        let app = http::App {
            shared: shared.clone(),
            shutdown: shutdown_rx.clone(),
            hosts: Arc::new(hosts),
        };
        let limits = conn::Limits {
            max_connections: opts.max_connections,
            header_timeout: opts.header_timeout,
        };
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?
        };
        let task = runtime.spawn(conn::serve(
            listener,
            http::router(app),
            limits,
            log,
            shutdown_rx,
        ));
        Ok(Server {
            addr,
            shared,
            runtime: Some(runtime),
            shutdown,
            task: Some(task),
            rebuilder: Some(rebuilder),
        })
    }

    /// The address the server listens on (with the real port when 0 was
    /// asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL (`http://127.0.0.1:3000/`; an unspecified bind
    /// address shows as loopback).
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(v) if v.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(v) if v.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// A receiver of every reload event from now on (what browsers get on
    /// the event stream).
    pub fn subscribe(&self) -> mpsc::Receiver<ReloadEvent> {
        let (tx, rx) = mpsc::channel();
        self.shared
            .subscribers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Starts listening for Ctrl-C (SIGINT) now: one that arrives before
    /// [`Server::wait_for`] still stops the server instead of killing the
    /// process (the default action) while it is printing or opening a
    /// browser.
    pub fn listen_for_ctrl_c(&self) -> CtrlC {
        #[cfg(unix)]
        {
            let signal = self.runtime.as_ref().and_then(|rt| {
                let _in_runtime = rt.enter();
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok()
            });
            CtrlC { signal }
        }
        #[cfg(not(unix))]
        CtrlC {}
    }

    /// Blocks until the Ctrl-C `ctrl_c` listens for.
    pub fn wait_for(&self, ctrl_c: CtrlC) {
        let Some(rt) = &self.runtime else { return };
        #[cfg(unix)]
        if let Some(mut signal) = ctrl_c.signal {
            rt.block_on(signal.recv());
            return;
        }
        let _ = ctrl_c;
        let _ = rt.block_on(tokio::signal::ctrl_c());
    }

    /// Stops serving (open event streams end; requests in flight finish,
    /// for up to two seconds), stops watching, and returns.
    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.shutdown.send(true);
        if let (Some(rt), Some(task)) = (&self.runtime, self.task.take()) {
            let _ = rt.block_on(async { tokio::time::timeout(Duration::from_secs(2), task).await });
        }
        if let Some(mut r) = self.rebuilder.take() {
            r.stop();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(1));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A Ctrl-C listener from [`Server::listen_for_ctrl_c`].
#[derive(Debug)]
pub struct CtrlC {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

/// Runs `procdoc serve`: starts the server, says where it listens (and
/// warns when that is reachable from other machines), opens a browser when
/// asked, and serves until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let open = opts.open;
    let log = opts.log.clone();
    let server = Server::start(opts)?;
    let ctrl_c = server.listen_for_ctrl_c();
    let url = server.url();
    for line in address_lines(server.addr(), &url) {
        log.line(line);
    }
    if open {
        open_browser(&url, &log);
    }
    server.wait_for(ctrl_c);
    log.line("procdoc serve: stopping");
    server.shutdown();
    Ok(())
}

/// What `serve` prints once it listens on `addr` (`url` is where to open
/// it on this machine).
fn address_lines(addr: SocketAddr, url: &str) -> Vec<String> {
    let shown = url.trim_end_matches('/');
    if addr.ip().is_loopback() {
        return vec![format!(
            "serving on {shown} (loopback only); press Ctrl-C to stop"
        )];
    }
    vec![
        format!("serving on http://{addr} (open {shown} on this machine); press Ctrl-C to stop"),
        format!(
            "warning: listening on {}, which other machines may reach; procdoc serve is a preview server, not a production one. It answers requests for localhost, loopback addresses and the address a request came in on; pass --allowed-host NAME for a host name",
            addr.ip()
        ),
    ]
}

/// The command that opens `url`: the first entry of `$BROWSER` (a
/// `:`-separated list of commands; `%s` stands for the URL, which is
/// appended otherwise), or the desktop's opener.
fn opener(url: &str, browser_env: Option<&str>) -> (String, Vec<String>) {
    let chosen = browser_env
        .and_then(|b| b.split(':').map(str::trim).find(|c| !c.is_empty()))
        .map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>());
    match chosen {
        Some(mut words) if !words.is_empty() => {
            let program = words.remove(0);
            if words.iter().any(|w| w.contains("%s")) {
                for w in &mut words {
                    *w = w.replace("%s", url);
                }
            } else {
                words.push(url.to_string());
            }
            (program, words)
        }
        _ => {
            let program = if cfg!(target_os = "macos") {
                "open"
            } else {
                "xdg-open"
            };
            (program.to_string(), vec![url.to_string()])
        }
    }
}

/// Opens `url` in a browser. When that fails (no opener, no browser), says
/// so and where to go instead; serving goes on either way.
fn open_browser(url: &str, log: &LogSink) {
    let env = std::env::var("BROWSER").ok();
    let (program, args) = opener(url, env.as_deref());
    let url = url.to_string();
    let cannot = move |why: String| {
        format!("procdoc serve: cannot open a browser ({why}); open {url} yourself, or set BROWSER to a browser command")
    };
    let child = std::process::Command::new(&program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        Ok(mut c) => {
            let log = log.clone();
            // Wait in the background: it reaps the opener (no zombie) and
            // reports a failure such as xdg-open finding no browser.
            std::thread::spawn(move || match c.wait() {
                Ok(status) if status.success() => {}
                Ok(status) => log.line(cannot(format!("{program} failed: {status}"))),
                Err(e) => log.line(cannot(format!("{program}: {e}"))),
            });
        }
        Err(e) => log.line(cannot(format!("{program}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_command_comes_from_browser_env() {
        let u = "http://127.0.0.1:3000/";
        let (p, a) = opener(u, Some("firefox"));
        assert_eq!((p.as_str(), a), ("firefox", vec![u.to_string()]));
        let (p, a) = opener(u, Some(":chromium --new-window %s:firefox"));
        assert_eq!(
            (p.as_str(), a),
            ("chromium", vec!["--new-window".to_string(), u.to_string()])
        );
        let (p, a) = opener(u, Some("  "));
        assert!(p == "open" || p == "xdg-open", "{p}");
        assert_eq!(a, vec![u.to_string()]);
    }

    #[test]
    fn address_lines_warn_off_loopback() {
        let lo: SocketAddr = "127.0.0.1:3000".parse().unwrap();
        assert_eq!(
            address_lines(lo, "http://127.0.0.1:3000/"),
            vec!["serving on http://127.0.0.1:3000 (loopback only); press Ctrl-C to stop"]
        );
        let any: SocketAddr = "0.0.0.0:3000".parse().unwrap();
        let l = address_lines(any, "http://127.0.0.1:3000/");
        assert_eq!(l.len(), 2);
        assert!(l[0].starts_with(
            "serving on http://0.0.0.0:3000 (open http://127.0.0.1:3000 on this machine)"
        ));
        assert!(l[1].starts_with("warning: listening on 0.0.0.0, which other machines may reach"));
        assert!(l[1].contains("--allowed-host"));
    }
}
