//! `.. include::` and `.. literalinclude::`: reading files safely (inside the
//! root, each file read once), selecting lines, detecting include cycles.
//!
//! Unlike mdBook, a failed include is an error that fails the build and names
//! the file, line and column of the directive.

use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, BlockKind, Document, IncludeRequest, Included, Inline};
use crate::giza::Lookup;
use crate::project::{DocPath, PathError, Project, ReadError};
use crate::text::{expand_constants, FileId, SourceMap, Span};
use std::collections::{BTreeSet, HashMap};

mod literal;

pub use literal::language_for_extension;

/// Includes may nest this deep.
pub const MAX_INCLUDE_DEPTH: usize = 32;

/// One page may expand at most this many includes in all (fragments that
/// include others several times grow exponentially).
pub const MAX_INCLUDES_PER_PAGE: usize = 2_000;

/// The default for the largest page, in bytes of source after includes,
/// literalincludes and constants (`[limits] page-bytes` in procdoc.toml).
pub const DEFAULT_MAX_PAGE_BYTES: usize = 64 << 20;

/// Loads a page and everything it includes.
pub(crate) struct Loader<'p> {
    project: &'p Project,
    stack: Vec<DocPath>,
    includes: usize,
    /// Bytes of text pulled into the page so far (its own, its includes',
    /// its literalincludes').
    bytes: usize,
    over_size: bool,
    /// Substitution definitions of every file the page reads, first one
    /// wins: one name table per page, as in snooty.
    page_subs: HashMap<String, Vec<Inline>>,
    /// Named hyperlink targets of every file the page reads.
    page_targets: HashMap<String, String>,
    /// References no file defined so far (name, diagnostic).
    unknown_targets: Vec<(String, Diagnostic)>,
    pub(crate) deps: BTreeSet<String>,
    pub(crate) diags: Vec<Diagnostic>,
    /// Parse only the page's outline ([`crate::rst::parse_part_outline`]).
    pub(crate) outline: bool,
}

impl<'p> Loader<'p> {
    pub(crate) fn new(project: &'p Project) -> Self {
        Loader {
            project,
            stack: Vec::new(),
            includes: 0,
            bytes: 0,
            over_size: false,
            page_subs: HashMap::new(),
            page_targets: HashMap::new(),
            unknown_targets: Vec::new(),
            deps: BTreeSet::new(),
            diags: Vec::new(),
            outline: false,
        }
    }

    /// Loads the page at `path` with all includes resolved.
    pub(crate) fn load_root(&mut self, path: &DocPath) -> Document {
        match self.read(path, None) {
            Some(file) => {
                let mut doc = self.load_file(path, file, None, None, None);
                // Definitions from included fragments reach the whole page.
                let subs = std::mem::take(&mut self.page_subs);
                let diags = crate::rst::apply_substitutions(&mut doc.blocks, &subs);
                self.diags.extend(diags);
                crate::resolve::images::resolve_inline(
                    self.project,
                    path,
                    &mut doc.blocks,
                    &mut self.diags,
                );
                self.resolve_page_targets(&mut doc.blocks);
                let diags = crate::resolve::notes::number(&mut doc.blocks);
                self.diags.extend(diags);
                self.diags
                    .extend(crate::resolve::tabsets::check(&doc.blocks));
                doc
            }
            None => Document {
                file: FileId(0),
                blocks: Vec::new(),
            },
        }
    }

    fn read(&mut self, path: &DocPath, at: Option<Span>) -> Option<FileId> {
        self.deps.insert(path.rel().to_string());
        match self.project.read(path) {
            Ok(f) => Some(f.id),
            Err(ReadError::Utf8 {
                file,
                offset,
                error,
            }) => {
                let mut d = Diagnostic::error(
                    Code::InvalidUtf8,
                    format!("`{}` is not valid UTF-8 ({error})", path.rel()),
                )
                .with_span(Span::new(file, offset, offset + 1))
                .with_help("save the file as UTF-8 text");
                if let Some(s) = at {
                    let loc = crate::diag::render::locate(&self.project.db, s);
                    d = d.with_note(format!(
                        "included from {}:{}:{}",
                        loc.file, loc.line, loc.column
                    ));
                }
                self.diags.push(d);
                None
            }
            Err(e) => {
                let mut d =
                    Diagnostic::error(Code::IoError, format!("cannot read `{}`: {e}", path.rel()))
                        .with_help("check that the file exists and is readable");
                if let Some(s) = at {
                    d = d.with_span(s);
                }
                self.diags.push(d);
                None
            }
        }
    }

    /// Expands, parses and resolves one file. `select` restricts it to the
    /// text between markers (for include `start-after`/`end-before`).
    fn load_file(
        &mut self,
        path: &DocPath,
        file: FileId,
        start_after: Option<&str>,
        end_before: Option<&str>,
        at: Option<Span>,
    ) -> Document {
        let src = self.project.db.get(file);
        self.load_text(path, file, &src.text, None, start_after, end_before, at)
    }

    /// Like [`Self::load_file`] for text that is itself generated (a giza
    /// fragment) with `base` mapping it into `file`.
    #[allow(clippy::too_many_arguments)]
    fn load_text(
        &mut self,
        path: &DocPath,
        file: FileId,
        text: &str,
        base: Option<&SourceMap>,
        start_after: Option<&str>,
        end_before: Option<&str>,
        at: Option<Span>,
    ) -> Document {
        let (mut expanded, mut map, mut diags) =
            expand_constants(text, &self.project.constants, file);
        if let Some(base) = base {
            for d in &mut diags {
                if let Some(s) = &mut d.span {
                    let a = base.map_start(s.start as usize);
                    let b = base.map_end(s.end as usize).max(a);
                    *s = Span::new(file, a, b);
                }
            }
            map = base.compose(&map);
        }
        self.diags.extend(diags);
        if !self.count_bytes(expanded.len(), at) {
            return Document {
                file,
                blocks: Vec::new(),
            };
        }
        if start_after.is_some() || end_before.is_some() {
            if let Some(range) =
                self.select_range(&expanded, start_after, end_before, at, path.rel(), false)
            {
                expanded = blank_outside(&expanded, range);
            }
        }
        let parsed = if self.outline {
            crate::rst::parse_part_outline(&expanded, &map, file, &self.project.dialect)
        } else {
            crate::rst::parse_part(&expanded, &map, file, &self.project.dialect)
        };
        let mut doc = parsed.doc;
        self.diags.extend(parsed.diags);
        for (name, url) in parsed.targets {
            self.page_targets.entry(name).or_insert(url);
        }
        self.unknown_targets.extend(parsed.unknown_targets);
        self.stack.push(path.clone());
        self.resolve_blocks(path, &mut doc.blocks);
        self.stack.pop();
        // This file's substitution definitions reach the fragments it includes.
        let diags = crate::rst::apply_substitutions(&mut doc.blocks, &parsed.substitutions);
        self.diags.extend(diags);
        crate::resolve::images::resolve_inline(
            self.project,
            path,
            &mut doc.blocks,
            &mut self.diags,
        );
        for (name, value) in parsed.substitutions {
            self.page_subs.entry(name).or_insert(value);
        }
        doc
    }

    /// Links references to named targets that another file of the page
    /// defines; reports the rest.
    fn resolve_page_targets(&mut self, blocks: &mut [Block]) {
        let targets = std::mem::take(&mut self.page_targets);
        if !targets.is_empty() {
            crate::doc::visit_inlines_mut(blocks, &mut |i| {
                if let crate::doc::InlineKind::NamedRef {
                    name,
                    url: url @ None,
                    ..
                } = &mut i.kind
                {
                    *url = targets.get(name.as_str()).cloned();
                }
            });
        }
        for (name, d) in std::mem::take(&mut self.unknown_targets) {
            if !targets.contains_key(&name) {
                self.diags.push(d);
            }
        }
    }

    fn resolve_blocks(&mut self, from: &DocPath, blocks: &mut [Block]) {
        for b in blocks.iter_mut() {
            match &mut b.kind {
                BlockKind::IncludeRequest(req) => {
                    let req = req.clone();
                    b.kind = BlockKind::Included(self.include(from, &req, b.span));
                }
                BlockKind::LiteralIncludeRequest(req) => {
                    let req = req.clone();
                    // One that cannot be read stays a request (rendered as
                    // nothing): the differ shows it as a placeholder.
                    if let Some(code) = self.literalinclude(from, &req, b.span) {
                        b.kind = BlockKind::Code(code);
                    }
                }
                BlockKind::Section(s) => self.resolve_blocks(from, &mut s.children),
                BlockKind::BlockQuote(c) => self.resolve_blocks(from, c),
                BlockKind::BulletList(items) => {
                    for it in items {
                        self.resolve_blocks(from, &mut it.children);
                    }
                }
                BlockKind::EnumList(l) => {
                    for it in &mut l.items {
                        self.resolve_blocks(from, &mut it.children);
                    }
                }
                BlockKind::DefinitionList(items) => {
                    for it in items {
                        self.resolve_blocks(from, &mut it.children);
                    }
                }
                BlockKind::FieldList(fields) => {
                    for f in fields {
                        self.resolve_blocks(from, &mut f.children);
                    }
                }
                BlockKind::Admonition(a) => self.resolve_blocks(from, &mut a.children),
                BlockKind::Procedure(p) => {
                    for s in &mut p.steps {
                        self.resolve_blocks(from, &mut s.children);
                    }
                }
                BlockKind::Table(t) => {
                    for row in &mut t.rows {
                        for cell in row {
                            self.resolve_blocks(from, cell);
                        }
                    }
                }
                BlockKind::Generic(g) => self.resolve_blocks(from, &mut g.children),
                BlockKind::Image(img) => {
                    crate::resolve::images::resolve(self.project, from, img, &mut self.diags);
                    self.resolve_blocks(from, &mut img.legend);
                }
                BlockKind::Footnote(n) => self.resolve_blocks(from, &mut n.children),
                BlockKind::Included(_)
                | BlockKind::Paragraph(_)
                | BlockKind::LineBlock(_)
                | BlockKind::Code(_)
                | BlockKind::Transition
                | BlockKind::Label(_)
                | BlockKind::Hidden => {}
            }
        }
    }

    fn path_error(&mut self, e: PathError, what: &str, span: Span, from: &DocPath, written: &str) {
        let base_help = if self.project.snooty {
            "check the path: `/…` starts at the source folder, anything else at the including file's folder"
        } else {
            "check the path: `/…` starts at the docs root, anything else at the including file's folder"
        };
        let suggestion = match &e {
            PathError::NotFound(rel) => super::near::suggest_path(self.project, from, written, rel),
            _ => None,
        };
        let (code, help) = match &e {
            PathError::NotFound(_) => (Code::IncludeNotFound, base_help),
            PathError::OutsideRoot(_) => (
                Code::PathOutsideRoot,
                "included files must live inside the docs root (no `..` past it, no symlinks out)",
            ),
            PathError::NotAFile(_) => (Code::IncludeNotFound, "name a file, not a folder"),
            PathError::Empty => (
                Code::MissingArgument,
                "give the path of the file to include",
            ),
        };
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => help.to_string(),
        };
        self.diags.push(
            Diagnostic::error(code, format!("{what}: {e}"))
                .with_span(span)
                .with_help(help),
        );
    }

    fn include(&mut self, from: &DocPath, req: &IncludeRequest, span: Span) -> Included {
        let empty = Included {
            path: req.path.clone(),
            file: None,
            blocks: Vec::new(),
        };
        if req.path.trim().is_empty() {
            return empty;
        }
        let mut fragment = None;
        let path = match self.project.resolve_path(from, &req.path) {
            Ok(p) => p,
            Err(PathError::NotFound(rel)) => match self.project.giza.lookup(self.project, &rel) {
                Lookup::Found(f) => {
                    fragment = Some(f);
                    DocPath::virtual_file(&self.project.root, &rel)
                }
                Lookup::Missing(why) => {
                    self.path_error(
                        PathError::NotFound(rel),
                        "cannot include",
                        req.path_span,
                        from,
                        &req.path,
                    );
                    if let Some(d) = self.diags.last_mut() {
                        for w in &why {
                            d.notes.push(format!("giza: {}", w.message));
                        }
                    }
                    self.diags.extend(why);
                    return empty;
                }
                Lookup::NotGiza => {
                    self.path_error(
                        PathError::NotFound(rel),
                        "cannot include",
                        req.path_span,
                        from,
                        &req.path,
                    );
                    return empty;
                }
            },
            Err(e) => {
                self.path_error(e, "cannot include", req.path_span, from, &req.path);
                return empty;
            }
        };
        if let Some(pos) = self.stack.iter().position(|p| *p == path) {
            let chain: Vec<&str> = self.stack[pos..]
                .iter()
                .map(DocPath::rel)
                .chain([path.rel()])
                .collect();
            self.diags.push(
                Diagnostic::error(
                    Code::IncludeCycle,
                    format!("include cycle: {}", chain.join(" → ")),
                )
                .with_span(req.path_span)
                .with_help("remove one of the includes in the chain"),
            );
            return empty;
        }
        // The stack holds the page itself plus one entry per include level.
        if self.stack.len() > MAX_INCLUDE_DEPTH {
            self.diags.push(
                Diagnostic::error(
                    Code::IncludeTooDeep,
                    format!("includes nest more than {MAX_INCLUDE_DEPTH} levels deep"),
                )
                .with_span(span),
            );
            return empty;
        }
        if !self.count_include(req.path_span) {
            return empty;
        }
        if let Some(frag) = fragment {
            self.deps.extend(frag.deps.iter().cloned());
            self.diags.extend(frag.diags.iter().cloned());
            let doc = self.load_text(
                &path,
                frag.file,
                &frag.text,
                Some(&frag.map),
                req.start_after.as_deref(),
                req.end_before.as_deref(),
                Some(span),
            );
            return Included {
                path: req.path.clone(),
                file: Some(frag.file),
                blocks: doc.blocks,
            };
        }
        let Some(file) = self.read(&path, Some(req.path_span)) else {
            return empty;
        };
        let doc = self.load_file(
            &path,
            file,
            req.start_after.as_deref(),
            req.end_before.as_deref(),
            Some(span),
        );
        Included {
            path: req.path.clone(),
            file: Some(file),
            blocks: doc.blocks,
        }
    }

    /// Counts one include or literalinclude against the page's budget of
    /// [`MAX_INCLUDES_PER_PAGE`]; false (with one error) once it is spent.
    fn count_include(&mut self, at: Span) -> bool {
        self.includes += 1;
        if self.includes <= MAX_INCLUDES_PER_PAGE {
            return true;
        }
        if self.includes == MAX_INCLUDES_PER_PAGE + 1 {
            self.diags.push(
                Diagnostic::error(
                    Code::IncludeTooDeep,
                    format!("more than {MAX_INCLUDES_PER_PAGE} includes and literalincludes expanded for one page; the rest are skipped"),
                )
                .with_span(at)
                .with_help("fragments that include other fragments several times grow exponentially; include each fragment once"),
            );
        }
        false
    }

    /// Counts `len` bytes of text against the page's size budget; false
    /// (with one located error) once the page would pass it.
    fn count_bytes(&mut self, len: usize, at: Option<Span>) -> bool {
        let max = self.project.config.limits.page_bytes;
        if self.over_size {
            return false;
        }
        if self.bytes.saturating_add(len) <= max {
            self.bytes += len;
            return true;
        }
        self.over_size = true;
        let mut d = Diagnostic::error(
            Code::PageTooLarge,
            format!(
                "this page grows past {} of text here (after includes, literalincludes and constants); the rest is left out",
                human_bytes(max)
            ),
        )
        .with_help("split the page, or raise `page-bytes` in the [limits] table of procdoc.toml");
        if let Some(s) = at {
            d = d.with_span(s);
        }
        self.diags.push(d);
        false
    }
    /// Finds the byte range between `start_after` and `end_before` markers in
    /// `text`. Markers match a whole line, ignoring non-word characters around
    /// them; marker lines are excluded.
    fn select_range(
        &mut self,
        text: &str,
        start_after: Option<&str>,
        end_before: Option<&str>,
        at: Option<Span>,
        file: &str,
        literal: bool,
    ) -> Option<std::ops::Range<usize>> {
        let what = if literal { "literalinclude" } else { "include" };
        let mut lines = Vec::new();
        let mut off = 0;
        for l in text.split('\n') {
            lines.push((off, l));
            off += l.len() + 1;
        }
        let matches = |marker: &str| -> Vec<usize> {
            let m = marker.trim();
            lines
                .iter()
                .enumerate()
                .filter(|(_, (_, l))| {
                    l.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_')) == m
                        || l.trim() == m
                })
                .map(|(k, _)| k)
                .collect()
        };
        let mut diag = |d: Diagnostic| {
            let d = match at {
                Some(s) => d.with_span(s),
                None => d,
            };
            self.diags.push(d);
        };
        let mut start_line = 0;
        let mut begin = 0;
        if let Some(m) = start_after {
            let found = matches(m);
            match found.first() {
                None => {
                    diag(
                        Diagnostic::error(
                            Code::MarkerNotFound,
                            format!("{what}: `:start-after: {m}` not found in `{file}`"),
                        )
                        .with_help("the marker must be a whole line of the file (comment characters around it are ignored)"),
                    );
                    return None;
                }
                Some(&k) => {
                    if found.len() > 1 {
                        diag(Diagnostic::warning(
                            Code::MarkerAmbiguous,
                            format!("{what}: `:start-after: {m}` occurs {} times in `{file}`; the first is used", found.len()),
                        ));
                    }
                    start_line = k + 1;
                    begin = lines.get(k + 1).map_or(text.len(), |(o, _)| *o);
                }
            }
        }
        let mut end = text.len();
        if let Some(m) = end_before {
            let found = matches(m);
            let after: Vec<usize> = found.iter().copied().filter(|&k| k >= start_line).collect();
            match after.first() {
                None if !found.is_empty() => {
                    diag(
                        Diagnostic::error(
                            Code::MarkerOrder,
                            format!("{what}: `:end-before: {m}` comes before the start marker in `{file}`"),
                        )
                        .with_help("swap the markers in the file, or fix the option values"),
                    );
                    return None;
                }
                None => {
                    diag(
                        Diagnostic::error(
                            Code::MarkerNotFound,
                            format!("{what}: `:end-before: {m}` not found in `{file}`"),
                        )
                        .with_help("the marker must be a whole line of the file (comment characters around it are ignored)"),
                    );
                    return None;
                }
                Some(&k) => {
                    if after.len() > 1 {
                        diag(Diagnostic::warning(
                            Code::MarkerAmbiguous,
                            format!("{what}: `:end-before: {m}` occurs {} times in `{file}`; the first is used", after.len()),
                        ));
                    }
                    end = lines[k].0;
                }
            }
        }
        Some(begin..end.max(begin))
    }
}

/// `n` bytes for people: `64 MiB`, `150 kB`… (exact below 1 kB).
fn human_bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1_000_000 {
        format!("{} bytes ({:.1} MB)", n, n as f64 / 1e6)
    } else if n >= 1000 {
        format!("{} bytes ({:.1} kB)", n, n as f64 / 1e3)
    } else {
        format!("{n} bytes")
    }
}

/// Replaces everything outside `keep` with spaces (newlines kept), so offsets
/// and the source map stay valid.
fn blank_outside(text: &str, keep: std::ops::Range<usize>) -> String {
    let mut out = Vec::with_capacity(text.len());
    for (i, b) in text.bytes().enumerate() {
        if keep.contains(&i) || b == b'\n' {
            out.push(b);
        } else {
            out.push(b' ');
        }
    }
    // Only ASCII spaces replaced whole bytes; keep-range boundaries are line
    // starts, so multi-byte characters are never split.
    String::from_utf8(out).unwrap_or_default()
}
