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

pub mod client;
mod http;
mod state;
mod watch;

use state::Files;
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
    /// Open the site in a browser once it is up.
    pub open: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 3000,
            open: false,
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
    files: RwLock<Arc<Files>>,
    events: tokio::sync::broadcast::Sender<ReloadEvent>,
    subscribers: Mutex<Vec<mpsc::Sender<ReloadEvent>>>,
    generation: AtomicU64,
    instance: String,
}

impl Shared {
    /// The files being served.
    pub(crate) fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Serves `files` from now on and, when something changed, tells
    /// browsers and subscribers.
    pub(crate) fn publish(&self, files: Arc<Files>, pages: &[String], full: bool) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = files;
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
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
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
        let site = std::panic::catch_unwind(move || state::SiteState::load(&root))
            .map_err(|_| ServeError::Internal("the first build panicked".into()))??;
        let diags = site.all_diags();
        let errors = diags.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "procdoc serve: built {} page(s) ({errors} error(s), {} warning(s))",
            site.page_count(),
            diags.len() - errors
        );
        if !diags.is_empty() {
            let _ = crate::diag::render::emit(
                site.db(),
                &diags,
                crate::diag::render::Format::Human,
                false,
                &mut std::io::stderr().lock(),
            );
        }

        let instance = format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        );
        let shared = Arc::new(Shared {
            files: RwLock::new(site.files()),
            events: tokio::sync::broadcast::channel(64).0,
            subscribers: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
            instance,
        });
        let rebuilder = watch::Rebuilder::start(site, shared.clone())?;
        if rebuilder.kind == "poll" {
            eprintln!("procdoc serve: watching for changes by polling");
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
        };
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(ServeError::Runtime)?
        };
        let task = runtime.spawn(async move {
            use axum::serve::ListenerExt;
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let mut stop = shutdown_rx;
            axum::serve(listener, http::router(app))
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await
        });
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

    /// Blocks until Ctrl-C (or SIGINT).
    pub fn wait_for_ctrl_c(&self) {
        if let Some(rt) = &self.runtime {
            let _ = rt.block_on(tokio::signal::ctrl_c());
        }
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

/// Runs `procdoc serve`: starts the server, says where it listens (and
/// warns when that is reachable from other machines), opens a browser when
/// asked, and serves until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<(), ServeError> {
    let open = opts.open;
    let server = Server::start(opts)?;
    let url = server.url();
    let shown = url.trim_end_matches('/');
    if server.addr().ip().is_loopback() {
        eprintln!("serving on {shown} (loopback only); press Ctrl-C to stop");
    } else {
        eprintln!("serving on http://{} ; press Ctrl-C to stop", server.addr());
        eprintln!(
            "warning: listening on {}, which other machines may reach; procdoc serve is a preview server, not a production one",
            server.addr().ip()
        );
    }
    if open {
        open_browser(&url);
    }
    server.wait_for_ctrl_c();
    eprintln!("procdoc serve: stopping");
    server.shutdown();
    Ok(())
}

/// Opens `url` with the desktop's opener, if there is one; failures are
/// ignored (the address is printed anyway).
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let child = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut c) = child {
        // Reap it in the background so it does not linger as a zombie.
        std::thread::spawn(move || {
            let _ = c.wait();
        });
    }
}
