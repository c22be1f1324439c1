//! The `procdoc` command line: parses arguments and calls the library.

/// mimalloc: a quarter less CPU than glibc's malloc on a build, whose
/// pages allocate and free many small nodes on two threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options, set before the first allocation.
#[cfg(target_os = "linux")]
mod allocator {
    /// mimalloc's `arena_eager_commit` option (index 4 of `mi_option_e`).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

    /// Commits arena memory as it is used rather than eagerly: with eager
    /// commit a 5,000-page build peaks at 96 MB instead of 57 MB. The first
    /// allocation reserves the arena, before `main`, so this runs as a
    /// constructor (`.init_array`).
    extern "C" fn tune() {
        // SAFETY: mi_option_set only stores an integer in mimalloc's option
        // table; constructors run on one thread.
        unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static TUNE: extern "C" fn() = tune;
}

mod cli;
mod init;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cli::ColorChoice;
use procdoc::diag::render::{emit, Format};
use procdoc::diag::Diagnostic;
use procdoc::project::Project;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "procdoc",
    version,
    about = "Build, test and compare snooty reStructuredText tutorials"
)]
struct Cli {
    /// Print only diagnostics: no progress or summary lines.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// When to colour output (`auto` honours NO_COLOR and terminals).
    #[arg(long, global = true, value_enum, default_value = "auto")]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Html,
    Markdown,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site as HTML and Markdown.
    Build {
        /// Docs root (default: the nearest folder from here upward holding
        /// procdoc.toml or snooty.toml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Output folder (default: <root>/build).
        #[arg(long)]
        out: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Print how long each phase took (to stderr).
        #[arg(long)]
        timings: bool,
        /// Write the site even when there are errors (exit status stays 1).
        #[arg(long)]
        keep_going: bool,
        /// Open the built index page in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Preview the site locally; rebuilds and reloads the browser on every change.
    Serve {
        /// Docs root (the folder holding procdoc.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Open the site in a browser ($BROWSER if set).
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (repeatable; `.name` allows
        /// its subdomains too). Others than localhost, loopback and the bound
        /// address are refused, against DNS rebinding.
        #[arg(long = "allowed-host", value_name = "NAME")]
        allowed_hosts: Vec<String>,
    },
    /// Show where two variants of a tutorial (CSFLE and QE) drift apart.
    Diff(DiffArgs),
    /// Check every JSON snippet: syntax, schema, policy lints, secrets.
    Test {
        /// Docs root (default: the nearest folder from here upward holding
        /// procdoc.toml or snooty.toml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// How to print findings.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
        /// Also write JUnit XML (one test case per snippet) to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Create a minimal docs project (procdoc.toml, a procedure page, a policy).
    Init {
        /// Folder to create it in (default: the current folder).
        dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    cli::init(cli::Settings {
        color: cli.color,
        quiet: cli.quiet,
    });
    match cli.command {
        Command::Build {
            root,
            out,
            message_format,
            deny_warnings,
            timings,
            keep_going,
            open,
        } => match cli::resolve_root(root) {
            Ok(root) => build(
                root,
                out,
                message_format,
                BuildFlags {
                    deny_warnings,
                    timings,
                    keep_going,
                    open,
                },
            ),
            Err(c) => c,
        },
        Command::Test {
            root,
            message_format,
            junit,
        } => match cli::resolve_root(root) {
            Ok(root) => test(root, message_format, junit),
            Err(c) => c,
        },
        Command::Init { dir } => init::run(dir.unwrap_or_else(|| PathBuf::from("."))),
        Command::Diff(args) => diff(args),
        Command::Serve {
            root,
            bind,
            port,
            open,
            allowed_hosts,
        } => match serve_root(root).and_then(|root| {
            procdoc::serve::serve(procdoc::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                allowed_hosts,
                ..procdoc::serve::ServeOptions::default()
            })
            .map_err(|e| {
                eprintln!("error: {e}");
                ExitCode::from(2)
            })
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(c) => c,
        },
    }
}

/// `serve`'s root: the default `.` means "discover from here" unless the
/// current folder is itself a project.
fn serve_root(root: PathBuf) -> Result<PathBuf, ExitCode> {
    if root == std::path::Path::new(".") {
        cli::resolve_root(None)
    } else {
        Ok(root)
    }
}

fn color_enabled() -> bool {
    cli::color_stderr()
}

fn print_diags(project: &Project, diags: &[Diagnostic], format: MessageFormat) {
    let (fmt, to_stdout) = match format {
        MessageFormat::Human => (Format::Human, false),
        MessageFormat::Json => (Format::Json, true),
        MessageFormat::Github => (Format::Github, true),
    };
    let result = if to_stdout {
        emit(
            &project.db,
            diags,
            fmt,
            false,
            &mut std::io::stdout().lock(),
        )
    } else {
        emit(
            &project.db,
            diags,
            fmt,
            color_enabled(),
            &mut std::io::stderr().lock(),
        )
    };
    if let Err(e) = result {
        eprintln!("procdoc: cannot print diagnostics: {e}");
    }
}

fn load(root: &std::path::Path) -> Result<(Project, Vec<Diagnostic>), ExitCode> {
    match Project::load(root) {
        Ok((p, d)) => Ok((p, d.0)),
        Err(e) => {
            eprintln!("error: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// The switches of `procdoc build`.
struct BuildFlags {
    deny_warnings: bool,
    timings: bool,
    keep_going: bool,
    open: bool,
}

fn build(
    root: PathBuf,
    out: Option<PathBuf>,
    format: MessageFormat,
    flags: BuildFlags,
) -> ExitCode {
    let BuildFlags {
        deny_warnings,
        timings,
        keep_going,
        open,
    } = flags;
    let (project, load_diags) = match load(&root) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Some(errors) = cli::config_errors(&project, &load_diags) {
        print_diags(&project, &errors, format);
        cli::config_stop_line("build", errors.len());
        return ExitCode::from(1);
    }
    let opts = procdoc::site::BuildOptions {
        out,
        deny_warnings,
        keep_going,
    };
    let report = procdoc::site::build(&project, load_diags, &opts);
    print_diags(&project, &report.diags, format);
    if timings {
        eprint!("{}", report.timings.report());
    }
    let errors = report.diags.iter().filter(|d| d.is_error()).count();
    let warnings = report.diags.len() - errors;
    let io_failure = report.diags.iter().any(|d| {
        matches!(
            d.code,
            procdoc::diag::Code::IoError | procdoc::diag::Code::OutputRefused
        ) && d.span.is_none()
    });
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    match &report.written {
        Some(dir) if failed => eprintln!(
            "build failed: {errors} error(s), {warnings} warning(s); --keep-going wrote {} page(s) into {} anyway",
            report.pages,
            dir.display()
        ),
        Some(dir) => {
            let index = dir.join("html").join("index.html");
            if !cli::quiet() {
                eprintln!(
                    "built {} page(s) into {} ({errors} error(s), {warnings} warning(s))",
                    report.pages,
                    dir.display()
                );
                eprintln!("open {}", index.display());
            }
            if open {
                cli::open_in_browser(&index);
            }
        }
        None => eprintln!(
            "build failed: {errors} error(s), {warnings} warning(s){}; the previous site was left untouched",
            if deny_warnings && errors == 0 { " (warnings denied)" } else { "" }
        ),
    }
    if io_failure {
        ExitCode::from(2)
    } else if report.written.is_some() && !failed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn test(root: PathBuf, format: MessageFormat, junit: Option<PathBuf>) -> ExitCode {
    let (project, load_diags) = match load(&root) {
        Ok(x) => x,
        Err(c) => return c,
    };
    if let Some(errors) = cli::config_errors(&project, &load_diags) {
        print_diags(&project, &errors, format);
        cli::config_stop_line("test", errors.len());
        return ExitCode::from(1);
    }
    let site = procdoc::site::load_site(&project);
    let mut schemas = procdoc::snippets::schemas::SchemaSet::builtin();
    let mut report = procdoc::snippets::run(&project, &site, &mut schemas);
    report
        .diags
        .splice(0..0, load_diags.into_iter().filter(|d| d.is_error()));
    let mut diags = procdoc::snippets::report::all_diagnostics(&report);
    procdoc::diag::render::sort(&project.db, &mut diags);
    print_diags(&project, &diags, format);
    if matches!(format, MessageFormat::Json) {
        print!(
            "{}",
            procdoc::snippets::report::allowed_json(&report, &project.db)
        );
    }
    if let Some(path) = junit {
        let xml = procdoc::snippets::report::junit(&report, &project.db);
        if let Err(e) = std::fs::write(&path, xml) {
            eprintln!(
                "error: cannot write JUnit report to {}: {e}",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    let summary = procdoc::snippets::report::summary(&report);
    if !cli::quiet() {
        match format {
            MessageFormat::Human => println!("{summary}"),
            _ => eprintln!("{summary}"),
        }
    }
    if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Arguments of `procdoc diff`.
#[derive(Args)]
struct DiffArgs {
    /// Left file (a page or fragment, relative to the root).
    #[arg(required_unless_present_any = ["all", "pair_dirs"])]
    left: Option<String>,
    /// Right file.
    #[arg(required_unless_present_any = ["all", "pair_dirs"])]
    right: Option<String>,
    /// Compare every [[diff]] entry of the config (file pairs, folder pairs, mapping rules).
    #[arg(long, conflicts_with_all = ["left", "right", "pair_dirs"])]
    all: bool,
    /// Pair every file with the same relative path in two folders.
    #[arg(long, num_args = 2, value_names = ["LEFT_DIR", "RIGHT_DIR"], conflicts_with_all = ["left", "right"])]
    pair_dirs: Option<Vec<String>>,
    /// Docs root (default: the folder holding procdoc.toml or snooty.toml above the files, else ".").
    #[arg(long)]
    root: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// How to print diagnostics (missing includes, bad rules), like the other commands.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
    /// Write the report to this file instead of standard output (HTML is a standalone page).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Also list markup-only differences (never counted as drift).
    #[arg(long)]
    show_markup: bool,
}

fn diff(a: DiffArgs) -> ExitCode {
    use procdoc::diff::{self, DiffRequest, DiffSet, PairDirsRequest};
    // Without --root: the project holding the first path if it exists from
    // here (paths become absolute; the differ makes them relative to the
    // root again before looking up rules), else the current folder.
    let mut a = a;
    let first = a
        .left
        .clone()
        .or_else(|| a.pair_dirs.as_ref().and_then(|d| d.first().cloned()));
    let found = match (&a.root, first.as_deref()) {
        (None, Some(f)) if std::path::Path::new(f).exists() => {
            diff::find_root(std::path::Path::new(f))
        }
        _ => None,
    };
    let root = match (&a.root, found) {
        (Some(r), _) => r.clone(),
        (None, Some(r)) => {
            let abs = |p: &mut String| {
                if let Ok(c) = std::path::Path::new(p.as_str()).canonicalize() {
                    *p = c.to_string_lossy().into_owned();
                }
            };
            a.left.as_mut().map(abs);
            a.right.as_mut().map(abs);
            if let Some(d) = a.pair_dirs.as_mut() {
                d.iter_mut().for_each(abs);
            }
            r
        }
        (None, None) => PathBuf::from("."),
    };
    let (project, load_diags) = match load(&root) {
        Ok(x) => x,
        Err(c) => return c,
    };
    // A broken config is trouble: its rules would be missing.
    let config_errors: Vec<Diagnostic> = load_diags.into_iter().filter(|d| d.is_error()).collect();
    let set: Result<DiffSet, Diagnostic> = if a.all {
        if project.config.diff.is_empty() {
            print_diff_diags(&project, &config_errors, a.message_format);
            print_diff_diags(
                &project,
                &[Diagnostic::error(
                    procdoc::diag::Code::ConfigInvalid,
                    format!(
                        "--all: no [[diff]] entries in the config of {}",
                        project.root.display()
                    ),
                )
                .with_help("add [[diff]] entries (file pairs, folder pairs or glob mappings) to procdoc.toml, or name two files")],
                a.message_format,
            );
            return ExitCode::from(2);
        }
        Ok(diff::diff_all(&project, a.show_markup))
    } else if let Some(dirs) = &a.pair_dirs {
        diff::pair_dirs(
            &project,
            &PairDirsRequest {
                left_dir: dirs[0].clone(),
                right_dir: dirs[1].clone(),
                equivalent: diff::configured_rules(&project, &dirs[0], &dirs[1]),
                show_markup: a.show_markup,
            },
        )
    } else {
        let (left, right) = (
            a.left.clone().unwrap_or_default(),
            a.right.clone().unwrap_or_default(),
        );
        diff::diff_files(
            &project,
            &DiffRequest {
                equivalent: diff::configured_rules(&project, &left, &right),
                left,
                right,
                show_markup: a.show_markup,
            },
        )
        .map(DiffSet::from)
    };
    let mut set = match set {
        Ok(s) => s,
        Err(d) => {
            let mut all = config_errors;
            all.push(d);
            print_diff_diags(&project, &all, a.message_format);
            return ExitCode::from(2);
        }
    };
    set.errors.splice(0..0, config_errors);
    if a.all && set.pairs.is_empty() && set.errors.is_empty() {
        set.errors.push(
            Diagnostic::error(
                procdoc::diag::Code::ConfigInvalid,
                "--all: the [[diff]] entries name no pair of files",
            )
            .with_help("check the paths and globs of the [[diff]] entries"),
        );
    }
    print_diff_diags(&project, &set.diagnostics(), a.message_format);
    let color = a.out.is_none() && color_enabled_stdout();
    let text = match a.format {
        DiffFormat::Text => diff::format_text(&set, color),
        DiffFormat::Markdown => diff::format_markdown(&set),
        DiffFormat::Json => diff::format_json(&set),
        DiffFormat::Html => {
            let (templates, _) =
                procdoc::render::templates::Templates::load(&project.root, &project.db);
            match diff::format_html_standalone(&set, &templates, &project.config.project.title) {
                Ok(h) => h,
                Err(d) => {
                    print_diff_diags(&project, &[d], a.message_format);
                    return ExitCode::from(2);
                }
            }
        }
    };
    match &a.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, &text) {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
        None => print!("{text}"),
    }
    ExitCode::from(set.exit_code())
}

/// Prints diagnostics of `procdoc diff` on standard error in any format
/// (standard output holds the report).
fn print_diff_diags(project: &Project, diags: &[Diagnostic], format: MessageFormat) {
    let fmt = match format {
        MessageFormat::Human => Format::Human,
        MessageFormat::Json => Format::Json,
        MessageFormat::Github => Format::Github,
    };
    let color = matches!(format, MessageFormat::Human) && color_enabled();
    if let Err(e) = emit(
        &project.db,
        diags,
        fmt,
        color,
        &mut std::io::stderr().lock(),
    ) {
        eprintln!("procdoc: cannot print diagnostics: {e}");
    }
}

fn color_enabled_stdout() -> bool {
    cli::color_stdout()
}
