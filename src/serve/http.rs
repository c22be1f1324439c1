//! The HTTP side of `procdoc serve`: one handler that serves the in-memory
//! site and the live-reload event stream.
//!
//! Only files of the built site can be served: requests are looked up in the
//! map of rendered files, never on disk, so `..`, encoded `%2e%2e`, absolute
//! paths and symlinks have nothing to escape to. Only GET and HEAD are
//! allowed, request bodies are refused and URLs are capped in length. Before
//! anything else, the `Host:` must be one this server answers (`host.rs`).

use super::client::{not_found_html, status_html, EVENTS_PATH};
use super::conn::LocalAddr;
use super::host::{self, HostPolicy};
use super::state::Files;
use super::Shared;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::StreamExt;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio_stream::wrappers::BroadcastStream;

/// Longest request target accepted (longer gets 414).
pub(crate) const MAX_URI_LEN: usize = 8 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub(crate) struct App {
    /// The site and the event channels.
    pub shared: Arc<Shared>,
    /// Turns true when the server shuts down (ends event streams).
    pub shutdown: tokio::sync::watch::Receiver<bool>,
    /// The `Host:` values answered.
    pub hosts: Arc<HostPolicy>,
}

/// The router: everything goes through [`handle`].
pub(crate) fn router(app: App) -> Router {
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<App>, req: Request) -> Response {
    if let Some(refused) = host_refusal(&app.hosts, &req) {
        return refused;
    }
    let target_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if target_len > MAX_URI_LEN {
        return status(StatusCode::URI_TOO_LONG);
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = status(StatusCode::METHOD_NOT_ALLOWED);
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let has_body = req.headers().contains_key(header::TRANSFER_ENCODING)
        || req
            .headers()
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        return status(StatusCode::PAYLOAD_TOO_LARGE);
    }
    let path = req.uri().path();
    if path == EVENTS_PATH {
        if req.method() == Method::HEAD {
            let mut r = Response::new(Body::empty());
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/event-stream"),
            );
            common_headers(&mut r);
            return r;
        }
        return events(&app);
    }
    let files = app.shared.files();
    match lookup(&files, path) {
        Lookup::File(key) => match files.get(&key) {
            Some(bytes) => file_response(&key, bytes.clone()),
            None => not_found(path),
        },
        Lookup::Redirect(to) => {
            let mut r = Response::new(Body::empty());
            *r.status_mut() = StatusCode::TEMPORARY_REDIRECT;
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            common_headers(&mut r);
            r
        }
        Lookup::NotFound => not_found(path),
    }
}

/// The refusal (403, plain text naming `--allowed-host`) of a request whose
/// `Host:` header, or absolute-form request target, names a host this
/// server does not answer, or that has no single valid `Host:`.
fn host_refusal(hosts: &HostPolicy, req: &Request) -> Option<Response> {
    let local = req.extensions().get::<LocalAddr>().map(|a| a.0.ip());
    let mut values = req.headers().get_all(header::HOST).iter();
    let (first, second) = (values.next(), values.next());
    let parsed = match (first, second) {
        (Some(v), None) => v.to_str().ok().and_then(host::parse),
        _ => None,
    };
    let Some(h) = parsed else {
        return Some(forbidden(None));
    };
    if !hosts.allows(&h, local) {
        return Some(forbidden(Some(&h)));
    }
    if let Some(authority) = req.uri().authority() {
        match host::parse(authority.as_str()) {
            Some(a) if hosts.allows(&a, local) => {}
            a => return Some(forbidden(a.as_ref())),
        }
    }
    None
}

fn forbidden(h: Option<&host::Host>) -> Response {
    let mut r = Response::new(Body::from(host::refusal_text(h)));
    *r.status_mut() = StatusCode::FORBIDDEN;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    common_headers(&mut r);
    r
}

/// Adds the headers every response carries.
fn common_headers(r: &mut Response) {
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn html_response(code: StatusCode, html: String) -> Response {
    let mut r = Response::new(Body::from(html));
    *r.status_mut() = code;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    common_headers(&mut r);
    r
}

fn status(code: StatusCode) -> Response {
    html_response(
        code,
        status_html(code.as_u16(), code.canonical_reason().unwrap_or("Error")),
    )
}

fn not_found(path: &str) -> Response {
    html_response(StatusCode::NOT_FOUND, not_found_html(path))
}

fn file_response(key: &str, bytes: Bytes) -> Response {
    let mut r = Response::new(Body::from(bytes));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(key)),
    );
    common_headers(&mut r);
    r
}

/// The content type for a served file, by extension.
pub(crate) fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "md" => "text/markdown; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// The server-sent events stream: `hello` first, then a `reload` per
/// rebuild that changed something, until the server shuts down.
fn events(app: &App) -> Response {
    let shared = &app.shared;
    let hello = Event::default().event("hello").data(shared.hello_json());
    let updates = BroadcastStream::new(shared.events.subscribe()).map(|r| {
        let data = match r {
            Ok(ev) => ev.to_json(),
            // Missed events: reload whatever is open.
            Err(_) => r#"{"generation":0,"full":true,"pages":[]}"#.to_string(),
        };
        Ok::<_, Infallible>(Event::default().event("reload").data(data))
    });
    let mut shutdown = app.shutdown.clone();
    let stop = Box::pin(async move {
        let _ = shutdown.wait_for(|s| *s).await;
    });
    let stream = futures_util::stream::once(std::future::ready(Ok::<_, Infallible>(hello)))
        .chain(updates)
        .take_until(stop);
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    common_headers(&mut r);
    r
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A file of the site (its key in [`Files`]).
    File(String),
    /// A folder's index: redirect to the path with a trailing slash, so
    /// relative links work.
    Redirect(String),
    /// Nothing.
    NotFound,
}

/// Maps a URL path to a file of the site: `/` → `index.html`, `/x` →
/// `x.html` (or a redirect to `/x/` for `x/index.html`), `/x/` →
/// `x/index.html`, anything else by exact name. Paths with `.` or `..`
/// segments, empty segments, backslashes or NULs (before or after
/// percent-decoding) lead nowhere.
pub(crate) fn lookup(files: &Files, raw: &str) -> Lookup {
    let Some(path) = percent_decode(raw) else {
        return Lookup::NotFound;
    };
    let Some(rest) = path.strip_prefix('/') else {
        return Lookup::NotFound;
    };
    if rest.contains(['\\', '\0']) {
        return Lookup::NotFound;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return Lookup::NotFound;
        }
    }
    let found = |k: String| {
        if files.contains_key(&k) {
            Lookup::File(k)
        } else {
            Lookup::NotFound
        }
    };
    if rest.is_empty() {
        return found("index.html".into());
    }
    if rest.ends_with('/') {
        return found(format!("{rest}index.html"));
    }
    if files.contains_key(rest) {
        return Lookup::File(rest.to_string());
    }
    let html = format!("{rest}.html");
    if files.contains_key(&html) {
        return Lookup::File(html);
    }
    if files.contains_key(&format!("{rest}/index.html")) {
        return Lookup::Redirect(format!("{raw}/"));
    }
    Lookup::NotFound
}

/// Decodes `%XX` escapes; `None` for malformed escapes or non-UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        [
            "index.html",
            "csfle/aws-iam-user.html",
            "_static/procdoc.css",
            "guide/index.html",
        ]
        .iter()
        .map(|k| (k.to_string(), Bytes::from_static(b"x")))
        .collect()
    }

    #[test]
    fn maps_urls_to_site_files() {
        let f = files();
        let file = |k: &str| Lookup::File(k.into());
        assert_eq!(lookup(&f, "/"), file("index.html"));
        assert_eq!(lookup(&f, "/index"), file("index.html"));
        assert_eq!(
            lookup(&f, "/csfle/aws-iam-user"),
            file("csfle/aws-iam-user.html")
        );
        assert_eq!(
            lookup(&f, "/csfle/aws-iam-user.html"),
            file("csfle/aws-iam-user.html")
        );
        assert_eq!(
            lookup(&f, "/csfle/aws-iam%2Duser"),
            file("csfle/aws-iam-user.html")
        );
        assert_eq!(
            lookup(&f, "/_static/procdoc.css"),
            file("_static/procdoc.css")
        );
        assert_eq!(lookup(&f, "/guide/"), file("guide/index.html"));
        assert_eq!(lookup(&f, "/guide"), Lookup::Redirect("/guide/".into()));
    }

    #[test]
    fn refuses_escapes() {
        let f = files();
        for p in [
            "/../procdoc.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "//etc/passwd",
            "/csfle/../../procdoc.toml",
            "/csfle/../index.html",
            "/csfle%2f..%2f..%2fprocdoc.toml",
            "/..%5c..%5cprocdoc.toml",
            "/csfle\\aws-iam-user",
            "/./index.html",
            "/%00",
            "/%zz",
            "/%c0%ae%c0%ae/etc/passwd",
            "etc/passwd",
        ] {
            assert_eq!(lookup(&f, p), Lookup::NotFound, "{p}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("_static/procdoc.css"),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("x.json"), "application/json");
        assert_eq!(content_type("x.js"), "text/javascript; charset=utf-8");
    }
}
