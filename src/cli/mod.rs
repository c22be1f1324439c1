//! Helpers shared by the `procdoc` subcommands: the global `--color` and
//! `--quiet` settings, finding the docs root, stopping on config errors,
//! and opening a built page in a browser.

use clap::ValueEnum;
use procdoc::diag::Diagnostic;
use procdoc::project::{self, Project};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

/// When to colour output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when the stream is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The global settings of one run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    /// `--color`.
    pub color: ColorChoice,
    /// `-q/--quiet`: no progress or summary lines, only diagnostics.
    pub quiet: bool,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

/// Records the global settings; call once, before any output.
pub fn init(settings: Settings) {
    let _ = SETTINGS.set(settings);
}

fn settings() -> Settings {
    SETTINGS.get().copied().unwrap_or_default()
}

/// Whether progress and summary lines are suppressed.
pub fn quiet() -> bool {
    settings().quiet
}

/// Whether to colour a stream that is (or is not) a terminal.
pub fn color_for(is_terminal: bool) -> bool {
    match settings().color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Whether to colour standard error.
pub fn color_stderr() -> bool {
    color_for(std::io::stderr().is_terminal())
}

/// Whether to colour standard output.
pub fn color_stdout() -> bool {
    color_for(std::io::stdout().is_terminal())
}

/// The docs root: `--root` when given, else the nearest folder from the
/// current one upward holding procdoc.toml or snooty.toml. Outside any
/// project, prints where it looked and fails with exit status 2.
pub fn resolve_root(root: Option<PathBuf>) -> Result<PathBuf, ExitCode> {
    if let Some(r) = root {
        return Ok(r);
    }
    let cwd = match std::env::current_dir() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: cannot read the current folder: {e}");
            return Err(ExitCode::from(2));
        }
    };
    discover(&cwd)
}

/// [`resolve_root`] without `--root`, from `start`.
pub fn discover(start: &Path) -> Result<PathBuf, ExitCode> {
    project::find_root(start).map_err(|nf| {
        let mut msg = format!("error: {nf}\n  looked in:\n");
        for d in &nf.looked {
            msg.push_str(&format!("    {}\n", d.display()));
        }
        msg.push_str(
            "  help: run procdoc inside a docs project (or below it), pass `--root DIR`, \
             or create one with `procdoc init`",
        );
        eprintln!("{msg}");
        ExitCode::from(2)
    })
}

/// The config errors among the load diagnostics, if any: the command
/// prints only these and stops (exit status 1) before reading pages.
pub fn config_errors(project: &Project, load_diags: &[Diagnostic]) -> Option<Vec<Diagnostic>> {
    let errors = project.config_errors(load_diags);
    (!errors.is_empty()).then_some(errors)
}

/// The one line printed after config errors (`command` is `build` or `test`).
pub fn config_stop_line(command: &str, n: usize) {
    let after = if command == "build" {
        "; the previous site was left untouched"
    } else {
        ""
    };
    eprintln!("{command} failed: {n} error(s) in the configuration, so no page was read{after}");
}

/// Opens `path` with the desktop's opener. A failure is a warning: the
/// path was printed anyway.
pub fn open_in_browser(path: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match spawned {
        Ok(s) if s.success() => {}
        Ok(s) => eprintln!(
            "warning: `{opener}` could not open {} ({s})",
            path.display()
        ),
        Err(e) => eprintln!("warning: cannot open a browser with `{opener}`: {e}"),
    }
}
