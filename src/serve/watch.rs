//! Watching the docs for changes and rebuilding: a notify watcher feeds
//! changed paths to one rebuild thread, which waits for a short quiet spell
//! (so one save, or a burst of saves, is one rebuild), rebuilds what depends
//! on the changes and publishes the new files and a reload event.
//!
//! The platform's recommended watcher is used; when it cannot start (no
//! inotify instances or watches left, an unsupported file system) the
//! polling watcher takes over, as mdBook learned to do. Setting
//! `PROCDOC_SERVE_POLL=1` forces polling.
//!
//! Bad content never stops the server: load errors keep the last build
//! served, and a panic during a rebuild is caught, logged, and followed by a
//! full reload.

use super::log::LogSink;
use super::state::{SiteState, CONFIG_FILES};
use super::Shared;
use crate::project::paths::slash_path;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the tree must stay quiet after a change before rebuilding. An
/// editor's save (write a temporary file and rename it, or truncate and
/// write) reaches us as events well under a millisecond apart, so 3 ms
/// merges them; a slower burst costs one more rebuild of the changed page
/// (a few milliseconds at 10,000 pages), not a wrong one.
const QUIET: Duration = Duration::from_millis(3);
/// The longest a rebuild waits for quiet once a change arrived.
const MAX_WAIT: Duration = Duration::from_millis(100);
/// Interval of the polling fallback.
const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// Top-level folders always watched (when they exist), besides the source.
const WATCHED_DIRS: [&str; 3] = ["includes", "templates", "schemas"];

/// Messages to the rebuild thread.
enum Msg {
    /// Paths that changed.
    Paths(Vec<PathBuf>),
    /// The watcher lost events: reload everything.
    Rescan,
    /// Exit.
    Stop,
}

/// The watcher and the rebuild thread; dropping it stops both.
pub(crate) struct Rebuilder {
    tx: mpsc::Sender<Msg>,
    thread: Option<JoinHandle<()>>,
    /// Which watcher is in use (`"recommended"` or `"poll"`).
    pub kind: &'static str,
}

impl Rebuilder {
    /// Starts watching `state`'s project and rebuilding into `shared`.
    pub(crate) fn start(state: SiteState, shared: Arc<Shared>) -> Result<Rebuilder, notify::Error> {
        let (tx, rx) = mpsc::channel();
        let force_poll = std::env::var_os("PROCDOC_SERVE_POLL").is_some_and(|v| v != "0");
        let mut watch = Watch::new(tx.clone(), state.root(), force_poll, shared.log.clone())?;
        watch.update(&state);
        let kind = watch.kind;
        let thread = std::thread::Builder::new()
            .name("procdoc-rebuild".into())
            .spawn(move || run(state, shared, rx, watch))
            .map_err(notify::Error::io)?;
        Ok(Rebuilder {
            tx,
            thread: Some(thread),
            kind,
        })
    }

    /// Stops the watcher and the rebuild thread (after the rebuild in
    /// progress, if any).
    pub(crate) fn stop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Rebuilder {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The watcher and what it watches.
struct Watch {
    watcher: Box<dyn Watcher + Send>,
    kind: &'static str,
    root: PathBuf,
    tx: mpsc::Sender<Msg>,
    /// Top-level folders (relative to the root) watched recursively.
    dirs: BTreeSet<String>,
    log: LogSink,
}

fn handler(tx: mpsc::Sender<Msg>, log: LogSink) -> impl Fn(notify::Result<Event>) + Send + 'static {
    move |res: notify::Result<Event>| match res {
        Ok(ev) => {
            if ev.need_rescan() {
                let _ = tx.send(Msg::Rescan);
            } else if relevant(&ev.kind) && !ev.paths.is_empty() {
                let _ = tx.send(Msg::Paths(ev.paths));
            }
        }
        Err(e) => {
            log.line(format_args!("procdoc serve: file watcher error: {e}"));
            let _ = tx.send(Msg::Rescan);
        }
    }
}

/// Whether an event can mean changed content (opening and reading files,
/// which rebuilds themselves do, cannot).
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl Watch {
    fn new(
        tx: mpsc::Sender<Msg>,
        root: &Path,
        force_poll: bool,
        log: LogSink,
    ) -> Result<Watch, notify::Error> {
        let recommended = if force_poll {
            None
        } else {
            match notify::recommended_watcher(handler(tx.clone(), log.clone())).and_then(|mut w| {
                w.watch(root, RecursiveMode::NonRecursive)?;
                Ok(w)
            }) {
                Ok(w) => Some(w),
                Err(e) => {
                    log.line(format_args!("procdoc serve: cannot use the native file watcher ({e}); polling every {} ms instead", POLL_INTERVAL.as_millis()));
                    None
                }
            }
        };
        let (watcher, kind): (Box<dyn Watcher + Send>, _) = match recommended {
            Some(w) => (Box::new(w), "recommended"),
            None => {
                let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
                let mut w = notify::PollWatcher::new(handler(tx.clone(), log.clone()), config)?;
                w.watch(root, RecursiveMode::NonRecursive)?;
                (Box::new(w), "poll")
            }
        };
        Ok(Watch {
            watcher,
            kind,
            root: root.to_path_buf(),
            tx,
            dirs: BTreeSet::new(),
            log,
        })
    }

    /// Top-level folders that should be watched: the source folder, the
    /// usual ones, and any folder a page read a file from.
    fn wanted(state: &SiteState) -> BTreeSet<String> {
        let mut v: BTreeSet<String> = WATCHED_DIRS.iter().map(|s| s.to_string()).collect();
        let top = |rel: &str| rel.split('/').next().unwrap_or("").to_string();
        v.insert(top(state.source_rel()));
        for d in state.dep_files() {
            if d.contains('/') {
                v.insert(top(d));
            }
        }
        v.remove("");
        v
    }

    /// Watches the folders that exist now and are not watched yet.
    fn update(&mut self, state: &SiteState) {
        if state.source_rel().is_empty() && !self.dirs.contains("") {
            // The source is the root itself: watch everything.
            match self.watcher.watch(&self.root, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.dirs.insert(String::new());
                }
                Err(e) => self.fallback(&e),
            }
        }
        for d in Self::wanted(state) {
            let path = self.root.join(&d);
            if self.dirs.contains(&d) || !path.is_dir() {
                continue;
            }
            match self.watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.dirs.insert(d);
                }
                Err(e) => {
                    self.fallback(&e);
                    if self.watcher.watch(&path, RecursiveMode::Recursive).is_ok() {
                        self.dirs.insert(d);
                    }
                }
            }
        }
    }

    /// Switches to polling when the native watcher runs out of watches.
    fn fallback(&mut self, e: &notify::Error) {
        if self.kind == "poll" {
            self.log
                .line(format_args!("procdoc serve: cannot watch a folder: {e}"));
            return;
        }
        self.log.line(format_args!(
            "procdoc serve: the native file watcher failed ({e}); polling every {} ms instead",
            POLL_INTERVAL.as_millis()
        ));
        let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
        match notify::PollWatcher::new(handler(self.tx.clone(), self.log.clone()), config) {
            Ok(mut w) => {
                let _ = w.watch(&self.root, RecursiveMode::NonRecursive);
                let dirs = std::mem::take(&mut self.dirs);
                for d in dirs {
                    let (path, mode) = if d.is_empty() {
                        (self.root.clone(), RecursiveMode::Recursive)
                    } else {
                        (self.root.join(&d), RecursiveMode::Recursive)
                    };
                    if w.watch(&path, mode).is_ok() {
                        self.dirs.insert(d);
                    }
                }
                self.watcher = Box::new(w);
                self.kind = "poll";
            }
            Err(e) => self.log.line(format_args!(
                "procdoc serve: cannot poll either ({e}); changes are not watched"
            )),
        }
    }

    /// The root-relative paths worth a rebuild among changed `paths`.
    fn relevant_paths(&self, paths: &[PathBuf], source_rel: &str, out: &mut BTreeSet<String>) {
        for p in paths {
            let Ok(rel) = p.strip_prefix(&self.root) else {
                continue;
            };
            let rel = slash_path(rel);
            if rel.is_empty() {
                continue;
            }
            let top = rel.split('/').next().unwrap_or("");
            let src_top = source_rel.split('/').next().unwrap_or("");
            if CONFIG_FILES.contains(&rel.as_str())
                || source_rel.is_empty()
                || top == src_top
                || self.dirs.contains(top)
                || WATCHED_DIRS.contains(&top)
            {
                out.insert(rel);
            }
        }
    }
}

/// The rebuild loop: wait for changes, let them settle, rebuild, publish.
fn run(mut state: SiteState, shared: Arc<Shared>, rx: mpsc::Receiver<Msg>, mut watch: Watch) {
    let mut needs_full = false;
    loop {
        let mut paths = Vec::new();
        let mut rescan = false;
        let mut take = |m: Msg, paths: &mut Vec<PathBuf>| -> bool {
            match m {
                Msg::Paths(p) => paths.extend(p),
                Msg::Rescan => rescan = true,
                Msg::Stop => return false,
            }
            true
        };
        match rx.recv() {
            Ok(m) => {
                if !take(m, &mut paths) {
                    return;
                }
            }
            Err(_) => return,
        }
        let start = Instant::now();
        loop {
            let now = Instant::now();
            let deadline = start + MAX_WAIT;
            if now >= deadline {
                break;
            }
            match rx.recv_timeout(QUIET.min(deadline - now)) {
                Ok(m) => {
                    if !take(m, &mut paths) {
                        return;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        let mut changed = BTreeSet::new();
        watch.relevant_paths(&paths, state.source_rel(), &mut changed);
        if changed.is_empty() && !rescan && !needs_full {
            continue;
        }
        let full = rescan || needs_full;
        let t0 = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            if full {
                state.rebuild_all()
            } else {
                state.apply(&changed)
            }
        }));
        match result {
            Ok(Ok(outcome)) => {
                needs_full = false;
                shared.publish(state.take_changes(), &outcome.pages, outcome.full);
                log_outcome(&shared.log, &state, &outcome, &changed, t0.elapsed());
            }
            Ok(Err(e)) => {
                needs_full = true;
                shared.log.line(format_args!(
                    "procdoc serve: cannot reload the project: {e}; still serving the last build"
                ));
            }
            Err(panic) => {
                shared.log.line(format_args!(
                    "procdoc serve: internal error while rebuilding ({}); reloading everything",
                    panic_message(&panic)
                ));
                needs_full = true;
                if let Ok(Ok(outcome)) = catch_unwind(AssertUnwindSafe(|| state.rebuild_all())) {
                    needs_full = false;
                    shared.publish(state.take_changes(), &outcome.pages, true);
                    log_outcome(&shared.log, &state, &outcome, &changed, t0.elapsed());
                } else {
                    shared.log.line(
                        "procdoc serve: the full reload failed too; still serving the last build",
                    );
                }
            }
        }
        watch.update(&state);
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

fn log_outcome(
    log: &LogSink,
    state: &SiteState,
    o: &super::state::Outcome,
    changed: &BTreeSet<String>,
    took: Duration,
) {
    if o.pages.is_empty() && o.diags.is_empty() && !o.full {
        return;
    }
    let what = if o.full && state.config_broken() {
        "the configuration has errors, so no page was read".to_string()
    } else if o.full {
        format!("reloaded the whole site ({} pages)", state.page_count())
    } else {
        let files: Vec<&str> = changed.iter().map(String::as_str).take(3).collect();
        format!(
            "{}{}: reloaded {} page(s), re-resolved {}, rendered {}",
            files.join(", "),
            if changed.len() > 3 { ", …" } else { "" },
            o.reloaded,
            o.resolved,
            o.rendered
        )
    };
    let pages = if o.pages.len() > 5 {
        format!("{} pages", o.pages.len())
    } else if o.pages.is_empty() {
        "nothing".into()
    } else {
        o.pages.join(", ")
    };
    log.line(format_args!(
        "procdoc serve: {what}; updated {pages} in {:.1} ms",
        took.as_secs_f64() * 1000.0
    ));
    if !o.diags.is_empty() {
        let mut diags = o.diags.clone();
        crate::diag::render::sort(state.db(), &mut diags);
        log.diags(state.db(), &diags);
    }
}
