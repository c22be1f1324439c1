//! The `procdoc` command line: parses arguments and calls the library.

use clap::{Parser, Subcommand, ValueEnum};
use procdoc::diag::render::{emit, Format};
use procdoc::diag::Diagnostic;
use procdoc::project::Project;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "procdoc",
    version,
    about = "Build, test and compare snooty reStructuredText tutorials"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
    Github,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site as HTML and Markdown.
    Build {
        /// Docs root (the folder holding procdoc.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/build).
        #[arg(long)]
        out: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
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
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Check every JSON snippet: syntax, schema, policy lints, secrets.
    Test {
        /// Docs root (the folder holding procdoc.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print findings.
        #[arg(long, value_enum, default_value = "human")]
        message_format: MessageFormat,
        /// Also write JUnit XML (one test case per snippet) to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
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
    match cli.command {
        Command::Build {
            root,
            out,
            message_format,
            deny_warnings,
        } => build(root, out, message_format, deny_warnings),
        Command::Test {
            root,
            message_format,
            junit,
        } => test(root, message_format, junit),
        Command::Serve {
            root,
            bind,
            port,
            open,
        } => match procdoc::serve::serve(procdoc::serve::ServeOptions {
            root,
            bind,
            port,
            open,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn color_enabled() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
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

fn build(
    root: PathBuf,
    out: Option<PathBuf>,
    format: MessageFormat,
    deny_warnings: bool,
) -> ExitCode {
    let (project, load_diags) = match load(&root) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let opts = procdoc::site::BuildOptions { out, deny_warnings };
    let report = procdoc::site::build(&project, load_diags, &opts);
    print_diags(&project, &report.diags, format);
    let errors = report.diags.iter().filter(|d| d.is_error()).count();
    let warnings = report.diags.len() - errors;
    let io_failure = report
        .diags
        .iter()
        .any(|d| d.code == procdoc::diag::Code::IoError && d.span.is_none());
    match &report.written {
        Some(dir) => eprintln!(
            "built {} page(s) into {} ({errors} error(s), {warnings} warning(s))",
            report.pages,
            dir.display()
        ),
        None => eprintln!(
            "build failed: {errors} error(s), {warnings} warning(s){}; the previous site was left untouched",
            if deny_warnings && errors == 0 { " (warnings denied)" } else { "" }
        ),
    }
    if io_failure {
        ExitCode::from(2)
    } else if report.written.is_some() {
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
    let site = procdoc::site::load_site(&project);
    let mut schemas = procdoc::snippets::schemas::SchemaSet::builtin();
    let mut report = procdoc::snippets::run(&project, &site, &mut schemas);
    report
        .diags
        .splice(0..0, load_diags.into_iter().filter(|d| d.is_error()));
    let mut diags = procdoc::snippets::report::all_diagnostics(&report);
    procdoc::diag::render::sort(&project.db, &mut diags);
    print_diags(&project, &diags, format);
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
    match format {
        MessageFormat::Human => println!("{summary}"),
        _ => eprintln!("{summary}"),
    }
    if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
