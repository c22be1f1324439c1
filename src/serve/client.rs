//! What `procdoc serve` adds to pages, and only in serve mode: the small
//! live-reload script (listening on the server-sent events endpoint), the
//! error overlay listing a page's diagnostics, and the 404 page. `procdoc
//! build` output never contains any of it.
//!
//! Protocol (see [`EVENTS_PATH`]): on connect the server sends an event named
//! `hello` with data `{"instance":"…","generation":N}`; after every rebuild
//! that changed served pages it sends an event named `reload` with data
//! `{"generation":N,"full":bool,"pages":["csfle/aws-iam-user",…]}`. A page
//! reloads itself when `full` is true or its own name is in `pages`; after a
//! reconnect it reloads when the `hello` differs from the first one seen
//! (the server restarted or rebuilt while the connection was down).

use crate::diag::render::locate;
use crate::diag::{Diagnostic, Severity};
use crate::render::templates::escape_html;
use crate::text::SourceDb;

/// URL path of the server-sent events stream.
pub const EVENTS_PATH: &str = "/__procdoc/events";

/// `id` of the overlay element (present only when the page has diagnostics).
pub const OVERLAY_ID: &str = "procdoc-error-overlay";

/// Where the overlay is spliced into a rendered page (part of the injected
/// client HTML, so it survives any template override that keeps
/// `{{{extra_body}}}`).
pub(crate) const OVERLAY_MARKER: &str = "<!--procdoc-overlay-->";

/// The HTML injected before `</body>` of page `page` in serve mode: the
/// overlay marker and the live-reload script.
pub(crate) fn client_html(page: &str) -> String {
    format!(
        "{OVERLAY_MARKER}\n<script id=\"procdoc-live-reload\">\n(function () {{\n  var page = {page};\n  if (!window.EventSource) return;\n  var first = null;\n  var es = new EventSource({events});\n  es.addEventListener(\"hello\", function (e) {{\n    if (first === null) {{ first = e.data; }} else if (e.data !== first) {{ location.reload(); }}\n  }});\n  es.addEventListener(\"reload\", function (e) {{\n    var m;\n    try {{ m = JSON.parse(e.data); }} catch (_) {{ return; }}\n    if (m.full || page === null || (m.pages || []).indexOf(page) >= 0) {{ es.close(); location.reload(); }}\n  }});\n}})();\n</script>\n",
        page = js_string(Some(page)),
        events = js_string(Some(EVENTS_PATH)),
    )
}

/// A JavaScript string literal (or `null`) safe inside a `<script>` element.
fn js_string(s: Option<&str>) -> String {
    match s {
        None => "null".into(),
        Some(s) => serde_json::to_string(s)
            .unwrap_or_else(|_| "null".into())
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026"),
    }
}

/// Puts `overlay` where the client HTML left its marker (or before
/// `</body>`, or at the end, for templates that dropped the marker).
pub(crate) fn splice_overlay(html: &str, overlay: &str) -> String {
    let at = html
        .rfind(OVERLAY_MARKER)
        .or_else(|| html.rfind("</body>"))
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + overlay.len());
    out.push_str(&html[..at]);
    out.push_str(overlay);
    out.push_str(&html[at..]);
    out
}

/// The error overlay for a page: one entry per diagnostic with file, line,
/// column, severity, code, message and help. `stale` says the page body is
/// the last good rendering, not the current (broken) source.
///
/// Stable hooks for tests: `#procdoc-error-overlay` (with `data-errors`,
/// `data-warnings`, `data-stale`), `.procdoc-diagnostic` entries with
/// `data-file`, `data-line`, `data-column`, `data-code`, `data-severity`.
pub(crate) fn overlay_html(db: &SourceDb, diags: &[Diagnostic], stale: bool) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let mut s = String::with_capacity(1024 + diags.len() * 256);
    s.push_str(OVERLAY_STYLE);
    s.push_str(&format!(
        "<div id=\"{OVERLAY_ID}\" class=\"procdoc-error-overlay\" role=\"alert\" data-errors=\"{errors}\" data-warnings=\"{warnings}\" data-stale=\"{stale}\">\n<div class=\"procdoc-error-overlay__header\"><strong>procdoc: {errors} error(s), {warnings} warning(s)</strong><button type=\"button\" class=\"procdoc-error-overlay__close\" aria-label=\"Hide\" onclick=\"this.closest('.procdoc-error-overlay').hidden = true\">×</button></div>\n"
    ));
    if stale {
        s.push_str("<p class=\"procdoc-error-overlay__stale\">The page below is the last version that built without errors; fix the source and it updates by itself.</p>\n");
    }
    s.push_str("<ol class=\"procdoc-error-overlay__list\">\n");
    for d in crate::diag::cap::for_people(diags).iter() {
        let (file, line, column) = match d.span {
            Some(span) => {
                let l = locate(db, span);
                (l.file, Some(l.line), Some(l.column))
            }
            None => (String::new(), None, None),
        };
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let code = d.code.as_str();
        s.push_str(&format!(
            "<li class=\"procdoc-diagnostic procdoc-diagnostic--{sev}\" data-severity=\"{sev}\" data-code=\"{code}\" data-file=\"{}\" data-line=\"{}\" data-column=\"{}\">",
            escape_html(&file),
            line.map(|l| l.to_string()).unwrap_or_default(),
            column.map(|c| c.to_string()).unwrap_or_default(),
        ));
        if let (Some(line), Some(column)) = (line, column) {
            s.push_str(&format!(
                "<span class=\"procdoc-diagnostic__location\">{}:{line}:{column}</span> ",
                escape_html(&file)
            ));
        }
        s.push_str(&format!(
            "<span class=\"procdoc-diagnostic__severity\">{sev}</span>[<span class=\"procdoc-diagnostic__code\">{code}</span>]: <span class=\"procdoc-diagnostic__message\">{}</span>",
            escape_html(&d.message)
        ));
        if let Some(h) = &d.help {
            s.push_str(&format!(
                "<div class=\"procdoc-diagnostic__help\">help: {}</div>",
                escape_html(h)
            ));
        }
        for n in &d.notes {
            s.push_str(&format!(
                "<div class=\"procdoc-diagnostic__note\">note: {}</div>",
                escape_html(n)
            ));
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n</div>\n");
    s
}

/// Self-contained styles for the overlay (ids and classes are prefixed, so
/// they cannot clash with a site's stylesheet).
const OVERLAY_STYLE: &str = "<style id=\"procdoc-error-overlay-style\">\n\
.procdoc-error-overlay{position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;background:#1e1e1e;color:#f0f0f0;border-left:6px solid #e5484d;border-radius:6px;box-shadow:0 8px 32px rgba(0,0,0,.4);padding:.75rem 1rem;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\n\
.procdoc-error-overlay[hidden]{display:none}\n\
.procdoc-error-overlay__header{display:flex;justify-content:space-between;align-items:center;margin-bottom:.5rem}\n\
.procdoc-error-overlay__close{background:none;border:0;color:inherit;font-size:1.4rem;cursor:pointer}\n\
.procdoc-error-overlay__stale{color:#f5d90a;margin:.25rem 0 .5rem}\n\
.procdoc-error-overlay__list{margin:0;padding-left:1.5rem}\n\
.procdoc-diagnostic{margin:.35rem 0;white-space:pre-wrap;word-break:break-word}\n\
.procdoc-diagnostic__location{color:#8ab4f8}\n\
.procdoc-diagnostic--error .procdoc-diagnostic__severity{color:#ff6369;font-weight:bold}\n\
.procdoc-diagnostic--warning .procdoc-diagnostic__severity{color:#f5d90a;font-weight:bold}\n\
.procdoc-diagnostic__help,.procdoc-diagnostic__note{color:#b8b8b8;padding-left:1rem}\n\
</style>\n";

/// The 404 page: plain HTML, the requested path escaped, plus the client
/// (it reloads on any rebuild, so a page being created shows up).
pub(crate) fn not_found_html(path: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>404 Not Found</title></head>\n<body>\n<h1>404 Not Found</h1>\n<p>No page of this site is at <code>{}</code>. <a href=\"/\">Go to the front page</a>.</p>\n<script id=\"procdoc-live-reload\">\n(function () {{\n  if (!window.EventSource) return;\n  var es = new EventSource({});\n  es.addEventListener(\"reload\", function () {{ es.close(); location.reload(); }});\n}})();\n</script>\n</body>\n</html>\n",
        escape_html(path),
        js_string(Some(EVENTS_PATH))
    )
}

/// A plain HTML error page for other statuses (405, 413, 414).
pub(crate) fn status_html(status: u16, reason: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{status} {r}</title></head>\n<body><h1>{status} {r}</h1></body>\n</html>\n",
        r = escape_html(reason)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::text::Span;
    use std::path::PathBuf;

    #[test]
    fn script_escapes_page_names() {
        let h = client_html("a</script><b");
        assert!(!h.contains("a</script>"));
        assert!(h.contains(OVERLAY_MARKER));
    }

    #[test]
    fn overlay_lists_location_and_code() {
        let db = SourceDb::new();
        let f = db.add("x.rst".into(), PathBuf::new(), "ab\ncd {+nope+}\n".into());
        let d = Diagnostic::error(Code::UndefinedConstant, "constant `nope` <is> not defined")
            .with_span(Span::new(f.id, 6, 14));
        let o = overlay_html(&db, &[d], true);
        assert!(o.contains("id=\"procdoc-error-overlay\""));
        assert!(o.contains("x.rst:2:4"));
        assert!(o.contains("undefined-constant"));
        assert!(o.contains("&lt;is&gt;"));
        let page = splice_overlay(&format!("<body>x{OVERLAY_MARKER}</body>"), "[O]");
        assert_eq!(page, format!("<body>x[O]{OVERLAY_MARKER}</body>"));
        assert_eq!(splice_overlay("<p>no body", "[O]"), "<p>no body[O]");
    }
}
