//! Writes giza documents as rST text with a [`SourceMap`] back to the YAML
//! file: text copied from a field maps to where it stands there, generated
//! markup (`.. step::`, indentation) to the field that produced it, and text
//! from another file (an inherited parent) to the document's `inherit:` key.

use super::model::{Field, Origin, Resolved, Run, Texts};
use super::yaml::Node;
use crate::diag::{Code, Diagnostic};
use crate::text::{FileId, SourceMap, Span};

/// rST text being generated for one fragment.
pub struct Writer {
    /// The text.
    pub out: String,
    /// Generated offsets → offsets in `primary`.
    pub map: SourceMap,
    primary: FileId,
    /// Where text from other files points (start, len) in `primary`.
    fallback: (usize, usize),
}

impl Writer {
    /// A writer whose text maps into `primary`.
    pub fn new(primary: FileId) -> Writer {
        Writer {
            out: String::new(),
            map: SourceMap::default(),
            primary,
            fallback: (0, 0),
        }
    }

    fn push(&mut self, text: &str, origin: Origin) {
        if text.is_empty() {
            return;
        }
        let exp = self.out.len();
        match origin {
            Origin::Verbatim(f, o) if f == self.primary => {
                self.map.push_verbatim(exp, o, text.len())
            }
            Origin::At(f, s, l) if f == self.primary => {
                self.map.push_replacement(exp, text.len(), s, l)
            }
            _ => self
                .map
                .push_replacement(exp, text.len(), self.fallback.0, self.fallback.1),
        }
        self.out.push_str(text);
    }

    /// Generated markup, attributed to `at` (start, len) in the primary file.
    pub fn synth(&mut self, text: &str, at: (usize, usize)) {
        self.push(text, Origin::At(self.primary, at.0, at.1));
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// Ends the current line, then leaves one blank line.
    pub fn blank(&mut self, at: (usize, usize)) {
        if !self.at_line_start() {
            self.synth("\n", at);
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.synth("\n", at);
        }
    }

    /// Writes runs, each line indented by `indent` spaces.
    pub fn runs(&mut self, runs: &[Run], indent: usize) {
        let pad = " ".repeat(indent);
        for run in runs {
            let mut off = 0;
            for piece in run.text.split_inclusive('\n') {
                let origin = match run.origin {
                    Origin::Verbatim(f, o) => Origin::Verbatim(f, o + off),
                    o => o,
                };
                off += piece.len();
                let body = piece.strip_suffix('\n');
                let content = body.unwrap_or(piece);
                if self.at_line_start() && content.trim().is_empty() {
                    if body.is_some() {
                        self.push("\n", origin);
                    }
                    continue;
                }
                if self.at_line_start() && indent > 0 {
                    let at = match origin {
                        Origin::Verbatim(f, o) | Origin::At(f, o, _) => Origin::At(f, o, 0),
                    };
                    self.push(&pad, at);
                }
                self.push(piece, origin);
            }
        }
    }

    /// Sets where text from other files points.
    pub fn set_fallback(&mut self, at: (usize, usize)) {
        self.fallback = at;
    }
}

/// Generates fragment text for resolved documents.
pub struct Emitter<'a> {
    /// Text access and `{{name}}` filling.
    pub texts: Texts<'a>,
    /// The writer.
    pub w: Writer,
    /// Problems found.
    pub diags: Vec<Diagnostic>,
}

impl Emitter<'_> {
    fn anchor(&self, f: &Field) -> (usize, usize) {
        if f.file == self.w.primary {
            (f.node.at(), 0)
        } else {
            self.w.fallback
        }
    }

    fn field_text(
        &mut self,
        f: &Field,
        r: &Resolved,
        key: &str,
    ) -> Option<(Vec<Run>, (usize, usize))> {
        match &f.node {
            Node::Scalar(s) => {
                let runs = self.texts.runs(f, s, &r.replacement, &mut self.diags);
                Some((runs, self.anchor(f)))
            }
            other => {
                self.diags.push(
                    Diagnostic::error(Code::GizaInvalid, format!("`{key}` must be text"))
                        .with_span(Span::new(f.file, other.at(), other.at()))
                        .with_help(
                            "write the field as a string, e.g. `key: |` followed by indented rST",
                        ),
                );
                None
            }
        }
    }

    /// A block of rST text at `indent`, followed by a blank line.
    fn block(&mut self, r: &Resolved, f: &Field, key: &str, indent: usize) {
        if let Some((runs, at)) = self.field_text(f, r, key) {
            if runs.iter().all(|r| r.text.trim().is_empty()) {
                return;
            }
            self.w.blank(at);
            self.w.runs(&runs, indent);
            self.w.blank(at);
        }
    }

    fn heading_line(
        &mut self,
        r: &Resolved,
        f: &Field,
        key: &str,
    ) -> Option<(Vec<Run>, (usize, usize))> {
        let (mut runs, at) = match &f.node {
            Node::Map(..) => {
                let text = f.node.get("text")?;
                let inner = Field {
                    node: text.clone(),
                    file: f.file,
                };
                self.field_text(&inner, r, key)?
            }
            _ => self.field_text(f, r, key)?,
        };
        for run in &mut runs {
            if run.text.contains('\n') {
                run.text = run.text.replace('\n', " ");
            }
        }
        Some((runs, at))
    }

    /// A code block from `code`, `language` and `copyable` of `node`.
    fn code(
        &mut self,
        r: &Resolved,
        code: &Field,
        lang: Option<&Field>,
        copyable: Option<&Field>,
        indent: usize,
    ) {
        let Some((runs, at)) = self.field_text(code, r, "code") else {
            return;
        };
        let pad = " ".repeat(indent);
        self.w.blank(at);
        self.w.synth(&format!("{pad}.. code-block::"), at);
        if let Some(l) = lang {
            if let Some((lruns, _)) = self.field_text(l, r, "language") {
                self.w.synth(" ", at);
                self.w.runs(&lruns, 0);
            }
        }
        self.w.synth("\n", at);
        if let Some(Node::Scalar(c)) = copyable.map(|c| &c.node) {
            let v = if matches!(c.value.as_str(), "false" | "False" | "no") {
                "false"
            } else {
                "true"
            };
            self.w.synth(&format!("{pad}   :copyable: {v}\n"), at);
        }
        self.w.synth("\n", at);
        self.w.runs(&runs, indent + 3);
        self.w.blank(at);
    }

    /// The body of a step or extract: pre, actions, content, post.
    fn body(&mut self, r: &Resolved, indent: usize) {
        if let Some(f) = r.get("pre").cloned() {
            self.block(r, &f, "pre", indent);
        }
        if let Some(f) = r.get("action").cloned() {
            let actions: Vec<Node> = match &f.node {
                Node::Seq(items, _) => items.clone(),
                n => vec![n.clone()],
            };
            for a in actions {
                let field = |k: &str| {
                    a.get(k).map(|n| Field {
                        node: n.clone(),
                        file: f.file,
                    })
                };
                if let Some(h) = field("heading").or_else(|| field("title")) {
                    if let Some((runs, at)) = self.heading_line(r, &h, "heading") {
                        self.w.blank(at);
                        self.w
                            .synth(&format!("{}.. rubric:: ", " ".repeat(indent)), at);
                        self.w.runs(&runs, 0);
                        self.w.blank(at);
                    }
                }
                if let Some(p) = field("pre") {
                    self.block(r, &p, "pre", indent);
                }
                if let Some(c) = field("code") {
                    self.code(
                        r,
                        &c,
                        field("language").as_ref(),
                        field("copyable").as_ref(),
                        indent,
                    );
                }
                if let Some(c) = field("content") {
                    self.block(r, &c, "content", indent);
                }
                if let Some(p) = field("post") {
                    self.block(r, &p, "post", indent);
                }
            }
        }
        for key in ["content", "post"] {
            if let Some(f) = r.get(key).cloned() {
                self.block(r, &f, key, indent);
            }
        }
    }

    /// Starts a document: text from other files will point at its `inherit:`.
    pub fn begin(&mut self, r: &Resolved, doc_at: usize) {
        self.w.set_fallback((r.inherit_at.unwrap_or(doc_at), 0));
    }

    /// One step of a procedure.
    pub fn step(&mut self, r: &Resolved, doc_at: usize) {
        let at = (doc_at, 0);
        self.w.blank(at);
        self.w.synth("   .. step::", at);
        let title = r.get("title").or_else(|| r.get("heading")).cloned();
        if let Some(t) = title {
            if let Some((runs, tat)) = self.heading_line(r, &t, "title") {
                self.w.synth(" ", tat);
                if r.get("optional")
                    .and_then(|o| o.node.scalar())
                    .is_some_and(|s| matches!(s.value.as_str(), "true" | "True" | "yes"))
                {
                    self.w.synth("Optional: ", tat);
                }
                self.w.runs(&runs, 0);
            }
        }
        self.w.synth("\n", at);
        self.body(r, 6);
    }

    /// An extract: optional heading (as a rubric), then its body.
    pub fn extract(&mut self, r: &Resolved) {
        if let Some(t) = r.get("title").or_else(|| r.get("heading")).cloned() {
            if let Some((runs, at)) = self.heading_line(r, &t, "title") {
                self.w.synth(".. rubric:: ", at);
                self.w.runs(&runs, 0);
                self.w.blank(at);
            }
        }
        self.body(r, 0);
    }

    /// A release snippet: a paragraph and a code block.
    pub fn release(&mut self, r: &Resolved) {
        if let Some(f) = r.get("pre").cloned() {
            self.block(r, &f, "pre", 0);
        }
        if let Some(c) = r.get("code").cloned() {
            let lang = r.get("language").cloned();
            let copyable = r.get("copyable").cloned();
            self.code(r, &c, lang.as_ref(), copyable.as_ref(), 0);
        }
        for key in ["content", "post"] {
            if let Some(f) = r.get(key).cloned() {
                self.block(r, &f, key, 0);
            }
        }
    }
}
