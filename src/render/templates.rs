//! The HTML templates: handlebars templates, the stylesheets and the page
//! script embedded at build time (see `build.rs`), which a project can
//! override file by file from its own `templates/` folder.
//!
//! The stylesheet written to `_static/procdoc.css` is `style.css`, then the
//! generated syntax-highlighting colours ([`highlight::theme_css`]), then
//! `features.css`, so an overriding `features.css` can restyle the
//! highlighting classes.
//!
//! A broken override never stops a build dead: it is reported as a
//! [`Code::TemplateError`] diagnostic pointing at the line handlebars
//! complains about, and the default is used for that file instead.

use crate::diag::{Code, Diagnostic};
use crate::render::highlight;
use crate::text::{SourceDb, SourceFile, Span};
use handlebars::Handlebars;
use std::path::Path;
use std::sync::Arc;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

/// File name of the stylesheet, in `templates/` and in the override folder.
pub const STYLESHEET_FILE: &str = "style.css";

/// File name of the site-features stylesheet (table of contents, anchors,
/// code header, copy button), appended to the stylesheet.
pub const FEATURES_CSS_FILE: &str = "features.css";

/// File name of the page script (copy buttons), in `templates/` and in the
/// override folder.
pub const SCRIPT_FILE: &str = "procdoc.js";

/// The templates the HTML renderer uses, ready to render.
#[derive(Clone)]
pub struct Templates {
    hb: Handlebars<'static>,
    /// `style.css`.
    base_css: String,
    /// `features.css`.
    features_css: String,
    /// The three parts joined: what [`Templates::stylesheet`] returns.
    stylesheet: String,
    script: String,
    /// Override files that were registered, by template name, so render
    /// errors can point into them.
    overrides: Vec<(String, Arc<SourceFile>)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("templates", &self.names())
            .field(
                "overrides",
                &self.overrides.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_escaped(&mut out, s);
    out
}

/// Appends `s` to `out`, escaping `& < > " '`.
pub fn push_escaped(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn new_registry() -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    // Partials hold `<pre>` blocks: indenting them would change the code.
    hb.set_prevent_indent(true);
    hb.register_escape_fn(escape_html);
    hb
}

impl Templates {
    /// The embedded defaults.
    pub fn defaults() -> Templates {
        let mut hb = new_registry();
        for (name, _, text) in embedded::DEFAULT_TEMPLATES {
            // build.rs has compiled every default already; this cannot fail.
            let _ = hb.register_template_string(name, *text);
        }
        let mut t = Templates {
            hb,
            base_css: embedded::DEFAULT_STYLESHEET.to_string(),
            features_css: embedded::DEFAULT_FEATURES_CSS.to_string(),
            stylesheet: String::new(),
            script: embedded::DEFAULT_SCRIPT.to_string(),
            overrides: Vec::new(),
        };
        t.join_stylesheet();
        t
    }

    fn join_stylesheet(&mut self) {
        let hl = highlight::theme_css();
        let mut css =
            String::with_capacity(self.base_css.len() + hl.len() + self.features_css.len() + 2);
        for part in [&self.base_css[..], hl, &self.features_css[..]] {
            if part.is_empty() {
                continue;
            }
            if !css.is_empty() && !css.ends_with('\n') {
                css.push('\n');
            }
            if !css.is_empty() {
                css.push('\n');
            }
            css.push_str(part);
        }
        self.stylesheet = css;
    }

    /// Embedded defaults, overridden file by file by `<root>/templates/`
    /// (same file names: `layout.hbs`, `partials/step.hbs`, …, `style.css`,
    /// `features.css`, `procdoc.js`) when present. Extra `*.hbs` files in `<root>/templates/partials/` are
    /// registered as additional partials for overridden templates to use.
    ///
    /// Override files are added to `db`. A file that cannot be read or does
    /// not compile yields an error diagnostic and the default is kept.
    pub fn load(root: &Path, db: &SourceDb) -> (Templates, Vec<Diagnostic>) {
        let mut t = Templates::defaults();
        let mut diags = Vec::new();
        let dir = root.join("templates");
        if !dir.is_dir() {
            return (t, diags);
        }

        let mut files: Vec<(String, String)> = embedded::DEFAULT_TEMPLATES
            .iter()
            .map(|(name, rel, _)| (name.to_string(), rel.to_string()))
            .collect();
        // Extra partials, sorted for a deterministic registration order.
        if let Ok(entries) = std::fs::read_dir(dir.join("partials")) {
            let mut extra: Vec<(String, String)> = entries
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let file = e.file_name().into_string().ok()?;
                    let name = file.strip_suffix(".hbs")?.to_string();
                    if name.is_empty() || files.iter().any(|(n, _)| *n == name) {
                        return None;
                    }
                    Some((name, format!("partials/{file}")))
                })
                .collect();
            extra.sort();
            files.extend(extra);
        }

        for (name, rel) in files {
            let Some(file) = read_override(root, &format!("templates/{rel}"), db, &mut diags)
            else {
                continue;
            };
            match t.hb.register_template_string(&name, file.text.as_str()) {
                Ok(()) => t.overrides.push((name, file)),
                // A failed registration leaves the default in place.
                Err(e) => diags.push(syntax_diagnostic(&file, &e)),
            }
        }

        let css_rel = format!("templates/{STYLESHEET_FILE}");
        if let Some(file) = read_override(root, &css_rel, db, &mut diags) {
            t.base_css = file.text.clone();
        }
        let features_rel = format!("templates/{FEATURES_CSS_FILE}");
        if let Some(file) = read_override(root, &features_rel, db, &mut diags) {
            t.features_css = file.text.clone();
        }
        let script_rel = format!("templates/{SCRIPT_FILE}");
        if let Some(file) = read_override(root, &script_rel, db, &mut diags) {
            t.script = file.text.clone();
        }
        t.join_stylesheet();
        (t, diags)
    }

    /// The stylesheet text, to be written to `_static/procdoc.css`:
    /// `style.css`, the syntax-highlighting colours, then `features.css`.
    pub fn stylesheet(&self) -> &str {
        &self.stylesheet
    }

    /// The page script (`procdoc.js`: copy buttons), to be written to
    /// `_static/procdoc.js` (see [`crate::render::html::SCRIPT_PATH`]).
    pub fn script(&self) -> &str {
        &self.script
    }

    /// The configured handlebars registry (HTML escaping, not strict).
    pub fn handlebars(&self) -> &Handlebars<'static> {
        &self.hb
    }

    /// Names of the registered templates, sorted.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.hb.get_templates().keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }

    /// Renders template `name` with `data`; a failure becomes a
    /// [`Code::TemplateError`] diagnostic (with a span when the template is
    /// an override file).
    #[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
    pub fn render<T: serde::Serialize>(&self, name: &str, data: &T) -> Result<String, Diagnostic> {
        self.hb.render(name, data).map_err(|e| {
            // Errors raised inside a partial name that partial.
            let tpl = e.template_name.clone().unwrap_or_else(|| name.to_string());
            let mut d = Diagnostic::error(
                Code::TemplateError,
                format!("template `{tpl}` failed to render: {}", e.reason()),
            )
            .with_help(
                "check the template's helpers and partial names; \
                 delete the override to use the default",
            );
            if let Some((_, file)) = self.overrides.iter().find(|(n, _)| *n == tpl) {
                if let (Some(line), Some(col)) = (e.line_no, e.column_no) {
                    d = d.with_span(span_at(file, line, col));
                } else {
                    d = d.with_note(format!("in {}", file.rel_path));
                }
            }
            d
        })
    }
}

/// Reads `<root>/<rel>` into `db`. `None` when it does not exist or cannot
/// be read (the latter with a diagnostic).
fn read_override(
    root: &Path,
    rel: &str,
    db: &SourceDb,
    diags: &mut Vec<Diagnostic>,
) -> Option<Arc<SourceFile>> {
    let abs = root.join(rel);
    if !abs.is_file() {
        return None;
    }
    // The same root check as includes: a symlink out of the root (to
    // `/proc/self/environ`, say) would publish its target in every page.
    let abs = match crate::project::paths::resolve_in(root, &abs) {
        Ok(p) => p.abs().to_path_buf(),
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::PathOutsideRoot,
                    format!("template override {rel} is not read: {e}"),
                )
                .with_help(
                    "a template must be a regular file inside the docs root; \
                     replace the symlink with a copy of the file",
                ),
            );
            return None;
        }
    };
    match std::fs::read(&abs) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(db.add(rel.to_string(), abs, text)),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        Code::InvalidUtf8,
                        format!(
                            "template override {rel} is not valid UTF-8: {}",
                            e.utf8_error()
                        ),
                    )
                    .with_help("save the file as UTF-8; the default template is used meanwhile"),
                );
                None
            }
        },
        Err(e) => {
            diags.push(
                Diagnostic::error(
                    Code::IoError,
                    format!("cannot read template override {rel}: {e}"),
                )
                .with_help("the default template is used meanwhile"),
            );
            None
        }
    }
}

fn syntax_diagnostic(file: &SourceFile, e: &handlebars::TemplateError) -> Diagnostic {
    // The parser's own wording lists every token it expected: keep it as a
    // note and say something readable first.
    let (what, detail) = match e.reason() {
        handlebars::TemplateErrorReason::InvalidSyntax(d) => (
            "invalid syntax here (an unclosed block or a malformed `{{ }}` expression?)"
                .to_string(),
            Some(d.clone()),
        ),
        other => (other.to_string(), None),
    };
    let mut d = Diagnostic::error(
        Code::TemplateError,
        format!(
            "{} is not a valid handlebars template: {what}",
            file.rel_path
        ),
    )
    .with_help(
        "fix the syntax (every `{{#if}}`/`{{#each}}` needs its `{{/if}}`/`{{/each}}`, \
         `{{{` needs `}}}`); the built-in default is used until then",
    );
    if let Some(detail) = detail {
        d = d.with_note(format!("handlebars: {detail}"));
    }
    match e.pos() {
        Some((line, col)) => d.with_span(span_at(file, line, col)),
        None => d.with_span(Span::new(file.id, 0, 0)),
    }
}

/// A one-character span at 1-based `line`, `col` (in characters) of `file`,
/// clamped to the file.
fn span_at(file: &SourceFile, line: usize, col: usize) -> Span {
    let starts = file.line_starts();
    let text = &file.text;
    let li = line.saturating_sub(1).min(starts.len().saturating_sub(1));
    let line_start = starts.get(li).copied().unwrap_or(0);
    let line_end = starts.get(li + 1).copied().unwrap_or(text.len());
    let line_text = text.get(line_start..line_end).unwrap_or("");
    let in_line = line_text
        .char_indices()
        .nth(col.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or_else(|| line_text.trim_end_matches(['\n', '\r']).len());
    let start = line_start + in_line;
    let end = text[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map(|c| start + c.len_utf8())
        .unwrap_or(start);
    Span::new(file.id, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn tempdir(tag: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("procdoc-templates-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("templates/partials")).unwrap();
        d
    }

    #[test]
    fn defaults_have_required_templates() {
        let t = Templates::defaults();
        for n in ["layout", "step", "admonition", "code"] {
            assert!(t.handlebars().has_template(n), "{n}");
        }
        assert!(t.stylesheet().contains(".procedure-connected"));
        // style.css, then the highlighting colours, then features.css.
        let css = t.stylesheet();
        let base = css.find(".procedure-connected").unwrap();
        let hl = css.find(".hl-code .hl-c {").unwrap();
        let feat = css.find(".copy-button").unwrap();
        assert!(base < hl && hl < feat);
        assert!(t.script().contains("clipboard"));
    }

    #[test]
    fn features_css_and_script_overrides() {
        let root = tempdir("features");
        std::fs::write(root.join("templates/features.css"), ".mine{}").unwrap();
        std::fs::write(root.join("templates/procdoc.js"), "// mine").unwrap();
        let db = SourceDb::new();
        let (t, diags) = Templates::load(&root, &db);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(t.stylesheet().starts_with(embedded::DEFAULT_STYLESHEET));
        assert!(t.stylesheet().ends_with(".mine{}"));
        assert!(!t.stylesheet().contains(".copy-button"));
        assert_eq!(t.script(), "// mine");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn escape_fn_escapes_quotes() {
        let t = Templates::defaults();
        let out = t
            .handlebars()
            .render_template("{{x}}", &serde_json::json!({"x": "<a href='x'>\"&"}))
            .unwrap();
        assert_eq!(out, "&lt;a href=&#39;x&#39;&gt;&quot;&amp;");
    }

    #[test]
    fn broken_override_reports_line_and_falls_back() {
        let root = tempdir("broken");
        std::fs::write(
            root.join("templates/partials/step.hbs"),
            "<section>\n<h3>{{heading}}</h3>\n{{#if x}}oops\n",
        )
        .unwrap();
        std::fs::write(root.join("templates/style.css"), "body{}").unwrap();
        let db = SourceDb::new();
        let (t, diags) = Templates::load(&root, &db);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let d = &diags[0];
        assert_eq!(d.code, Code::TemplateError);
        assert!(d.is_error());
        assert!(d.help.is_some());
        let span = d.span.expect("span");
        let file = db.get(span.file);
        assert_eq!(file.rel_path, "templates/partials/step.hbs");
        // The unclosed `{{#if}}` is noticed at the end of the file.
        assert_eq!(file.line_col(span.start as usize), (4, 1), "{d:?}");
        // Fell back to the default step partial.
        let html = t
            .render("step", &serde_json::json!({"id": "a", "number": 1}))
            .unwrap();
        assert!(html.contains("class=\"step-number\""), "{html}");
        assert!(t.stylesheet().starts_with("body{}\n"));
        assert!(t.stylesheet().ends_with(embedded::DEFAULT_FEATURES_CSS));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn syntax_error_on_a_given_line() {
        let root = tempdir("line");
        std::fs::write(
            root.join("templates/layout.hbs"),
            "<html>\n<body>\n{{{body}}\n</body>\n",
        )
        .unwrap();
        let db = SourceDb::new();
        let (t, diags) = Templates::load(&root, &db);
        assert_eq!(diags.len(), 1, "{diags:?}");
        let span = diags[0].span.unwrap();
        let file = db.get(span.file);
        assert_eq!(file.line_col(span.start as usize), (3, 9), "{:?}", diags[0]);
        assert!(t
            .render("layout", &serde_json::json!({}))
            .unwrap()
            .contains("<!DOCTYPE html>"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn good_override_and_extra_partial_are_used() {
        let root = tempdir("good");
        std::fs::write(
            root.join("templates/partials/admonition.hbs"),
            "<aside class=\"{{kind}}\">{{> badge}}{{{body}}}</aside>",
        )
        .unwrap();
        std::fs::write(root.join("templates/partials/badge.hbs"), "<b>!</b>").unwrap();
        let db = SourceDb::new();
        let (t, diags) = Templates::load(&root, &db);
        assert!(diags.is_empty(), "{diags:?}");
        let html = t
            .render(
                "admonition",
                &serde_json::json!({"kind": "note", "body": "<p>x</p>"}),
            )
            .unwrap();
        assert_eq!(html, "<aside class=\"note\"><b>!</b><p>x</p></aside>");
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn missing_partial_is_a_render_diagnostic() {
        let root = tempdir("render");
        std::fs::write(root.join("templates/partials/code.hbs"), "a\n{{> nope}}").unwrap();
        let db = SourceDb::new();
        let (t, diags) = Templates::load(&root, &db);
        assert!(diags.is_empty());
        let err = t.render("code", &serde_json::json!({})).unwrap_err();
        assert_eq!(err.code, Code::TemplateError);
        let _ = std::fs::remove_dir_all(&root);
    }
}
