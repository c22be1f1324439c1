//! Test projects in temporary folders, and running `procdoc build` on them.

use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The repository root (where the bundled project lives).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How long any single `procdoc` run may take before the test fails. Debug
/// builds are slow; this only catches hangs.
pub const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// A docs project in a temporary folder, deleted when dropped.
pub struct TestProject {
    dir: tempfile::TempDir,
}

impl TestProject {
    /// An empty project: a `procdoc.toml` with only a title and no pages.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("procdoc-test-")
            .tempdir()
            .expect("create temp dir");
        let p = TestProject { dir };
        p.write("procdoc.toml", "[project]\ntitle = \"Test\"\n");
        p
    }

    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Self {
        let p = Self::new();
        let src = repo_root().join("tests/fixtures").join(name);
        assert!(src.is_dir(), "no fixture {}", src.display());
        copy_dir(&src, p.root());
        p
    }

    /// A copy of the bundled project of the repository root (`procdoc.toml`,
    /// `source/`, `includes/`).
    pub fn bundled() -> Self {
        let p = Self::new();
        let root = repo_root();
        std::fs::copy(root.join("procdoc.toml"), p.root().join("procdoc.toml"))
            .expect("copy procdoc.toml");
        for d in ["source", "includes"] {
            copy_dir(&root.join(d), &p.root().join(d));
        }
        p
    }

    /// Adds or replaces a file (relative to the root), creating folders.
    pub fn file(self, rel: &str, contents: impl AsRef<[u8]>) -> Self {
        self.write(rel, contents);
        self
    }

    /// Replaces `procdoc.toml`.
    pub fn config(self, toml: &str) -> Self {
        self.file("procdoc.toml", toml)
    }

    /// Adds `source/index.rst`.
    pub fn page(self, rst: &str) -> Self {
        self.file("source/index.rst", rst)
    }

    /// Writes a file (relative to the root), creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&path, contents).expect("write file");
    }

    /// The docs root (canonical, so it matches what procdoc prints).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path under the root.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Reads a file of the default output folder (`build/<rel>`).
    pub fn output(&self, rel: &str) -> String {
        let path = self.root().join("build").join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// `procdoc build --root <root>` (run in the root, colour off), ready for
    /// more arguments.
    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = procdoc();
        c.current_dir(self.root())
            .env("NO_COLOR", "1")
            .arg("build")
            .arg("--root")
            .arg(self.root());
        c
    }

    /// `procdoc build --message-format json`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `procdoc build --message-format json <extra>`.
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let mut c = self.cmd();
        c.args(["--message-format", "json"]).args(extra);
        Run::new(&mut c)
    }

    /// `procdoc build` with human diagnostics on stderr (no colour); the
    /// temp-dir path is replaced by `[ROOT]` so the text can be snapshotted.
    pub fn build_human(&self) -> Run {
        let mut run = Run::new(&mut self.cmd());
        run.stderr = self.redact(&run.stderr);
        run
    }

    /// Replaces the root path in `s` with `[ROOT]`.
    pub fn redact(&self, s: &str) -> String {
        let root = self.root().display().to_string();
        let canonical = self
            .root()
            .canonicalize()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| root.clone());
        s.replace(&canonical, "[ROOT]").replace(&root, "[ROOT]")
    }
}

/// The `procdoc` binary under test.
pub fn procdoc() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("procdoc").expect("procdoc binary");
    c.timeout(RUN_TIMEOUT);
    c
}

/// Copies a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("under fixture");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy file");
        }
    }
}

/// One diagnostic as printed by `--message-format json`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Diag {
    pub severity: String,
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    #[serde(default)]
    pub end_line: Option<usize>,
    #[serde(default)]
    pub end_column: Option<usize>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub pointer: Option<String>,
    #[serde(default)]
    pub schema: Option<String>,
}

impl Diag {
    /// `(code, file, line, column)`, for compact assertions.
    pub fn at(&self) -> (&str, Option<&str>, Option<usize>, Option<usize>) {
        (&self.code, self.file.as_deref(), self.line, self.column)
    }
}

/// The last `n` bytes of `s` (or a little more, to stay on a char boundary).
fn tail(s: &str, n: usize) -> &str {
    let mut start = s.len().saturating_sub(n);
    while !s.is_char_boundary(start) {
        start -= 1;
    }
    &s[start..]
}

/// The result of one `procdoc` run.
#[derive(Debug)]
pub struct Run {
    /// Exit status; a run killed by a signal (a timeout) panics instead.
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    /// Diagnostics parsed from stdout when it holds JSON lines.
    pub diags: Vec<Diag>,
}

impl Run {
    /// Runs the command and parses JSON diagnostics from stdout (if stdout
    /// lines look like JSON objects; every such line must parse).
    pub fn new(cmd: &mut assert_cmd::Command) -> Run {
        let out = cmd.output().expect("run procdoc");
        let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        let status = match out.status.code() {
            Some(c) => c,
            None => panic!(
                "procdoc was killed ({:?}: a crash, or a timeout)\nstderr:\n{}",
                out.status,
                tail(&stderr, 2000)
            ),
        };
        assert_ne!(
            status,
            101,
            "procdoc panicked\nstderr:\n{}",
            tail(&stderr, 2000)
        );
        let diags = stdout
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| {
                serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON diagnostic ({e}): {l}"))
            })
            .collect();
        Run {
            status,
            stdout,
            stderr,
            diags,
        }
    }

    /// Asserts exit 0 and no diagnostics at all.
    #[track_caller]
    pub fn assert_clean(&self) -> &Self {
        assert_eq!(
            (self.status, self.stdout.as_str()),
            (0, ""),
            "expected a clean build\n{}",
            self.report()
        );
        self
    }

    /// Asserts the exit status.
    #[track_caller]
    pub fn assert_status(&self, status: i32) -> &Self {
        assert_eq!(self.status, status, "exit status\n{}", self.report());
        self
    }

    /// The codes of all diagnostics, in output order.
    pub fn codes(&self) -> Vec<&str> {
        self.diags.iter().map(|d| d.code.as_str()).collect()
    }

    /// The only diagnostic with this code (panics unless exactly one).
    #[track_caller]
    pub fn one(&self, code: &str) -> &Diag {
        let found: Vec<&Diag> = self.diags.iter().filter(|d| d.code == code).collect();
        assert_eq!(
            found.len(),
            1,
            "expected exactly one `{code}` diagnostic\n{}",
            self.report()
        );
        found[0]
    }

    /// What was printed (each stream cut to a few kB), for failure messages.
    pub fn report(&self) -> String {
        fn cut(s: &str) -> &str {
            let mut end = s.len().min(4000);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            &s[..end]
        }
        let mut s = String::new();
        let _ = writeln!(s, "status: {}", self.status);
        let _ = writeln!(s, "stdout:\n{}", cut(&self.stdout));
        let _ = writeln!(s, "stderr:\n{}", cut(&self.stderr));
        s
    }
}

/// Every file under `dir` as (relative `/`-path, bytes), sorted: a whole
/// output tree for byte-for-byte comparisons. The previous site a build
/// keeps to write over next time (`.procdoc-spare-*`) is left out.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    let walk = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !e.file_name()
                .to_string_lossy()
                .starts_with(".procdoc-spare-")
        });
    for entry in walk {
        let entry = entry.expect("walk output");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((rel, std::fs::read(entry.path()).expect("read output")));
        }
    }
    files
}

/// The relative paths of a [`tree`].
pub fn paths(tree: &[(String, Vec<u8>)]) -> Vec<&str> {
    tree.iter().map(|(p, _)| p.as_str()).collect()
}

/// The part of an HTML page inside `<main …>…</main>`.
#[track_caller]
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let open_end = start + html[start..].find('>').expect("<main> closes") + 1;
    let end = html.rfind("</main>").expect("page has </main>");
    html[open_end..end].trim()
}

/// Whitespace-normalized text.
pub fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
