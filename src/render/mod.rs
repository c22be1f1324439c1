//! Renderers: the resolved document tree to HTML (handlebars templates) and
//! to GitHub-flavoured Markdown. Both share the link rules here.

pub mod highlight;
pub mod html;
pub mod markdown;
pub mod nav;
pub mod notfound;
pub mod templates;

use crate::doc::RefTarget;

/// A page as listed in navigation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// Page name: path relative to the source dir without extension.
    pub name: String,
    /// Page title (plain text).
    pub title: String,
    /// Procedure steps on the page (its includes counted), for the index's
    /// description of the page.
    pub steps: usize,
    /// Without a procedure: the items of the page's first numbered list
    /// (steps written as a list).
    pub list_steps: usize,
}

/// One side of a variant pair (a `[[diff]]` entry's file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairSide {
    /// The file, relative to the docs root.
    pub file: String,
    /// The pages that show it (the file itself, or pages including it).
    pub pages: Vec<String>,
}

/// A variant comparison page and the pages on either side, so pages link
/// to their comparison and back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PairInfo {
    /// The comparison page's name (`diff/includes/…/user`): its HTML and
    /// Markdown files are this plus `.html` / `.md`.
    pub page: String,
    /// The left variant.
    pub left: PairSide,
    /// The right variant.
    pub right: PairSide,
}

/// Site-wide facts every page render needs.
#[derive(Clone, Debug, Default)]
pub struct SiteInfo {
    /// Site title from the config.
    pub title: String,
    /// Every page, sorted by name.
    pub pages: Vec<PageInfo>,
    /// Whether the site has variant comparison pages (`diff/index.html`).
    pub comparisons: bool,
    /// The toctree hierarchy: reading order, parents, page options.
    pub hierarchy: crate::resolve::toctree::Hierarchy,
    /// The variant pairs with a comparison page.
    pub pairs: Vec<PairInfo>,
}

impl SiteInfo {
    /// The title of page `name` (its name when it has none or is unknown).
    pub fn title_of<'a>(&'a self, name: &'a str) -> &'a str {
        match self.pages.binary_search_by(|p| p.name.as_str().cmp(name)) {
            Ok(i) if !self.pages[i].title.is_empty() => &self.pages[i].title,
            _ => name,
        }
    }

    /// How a pair side is named for readers: its first page's title, or
    /// its file when no page shows it.
    pub fn side_title<'a>(&'a self, side: &'a PairSide) -> &'a str {
        match side.pages.first() {
            Some(p) => self.title_of(p),
            None => &side.file,
        }
    }
}

/// What one page render needs besides the document.
#[derive(Clone, Copy, Debug)]
pub struct RenderContext<'a> {
    /// The site.
    pub site: &'a SiteInfo,
    /// This page's name (`csfle/aws-iam-user`).
    pub page: &'a str,
    /// Extra HTML injected before `</body>` (the live-reload client in
    /// `serve` mode; `None` in `build` output).
    pub extra_body_html: Option<&'a str>,
}

/// Whether a URL may become a link: http, https, mailto, or relative.
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim();
    if u.is_empty() {
        return false;
    }
    // A scheme is letters/digits/+.- before the first ':' that comes before
    // any '/', '?' or '#'.
    let scheme_end = u.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if u.as_bytes()[i] == b':' => {
            let scheme = u[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => !u.chars().any(|c| c.is_control()),
    }
}

/// The path from page `from` to the site root (`""`, `"../"`, …).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Appends `s` percent-encoded: every byte but ASCII letters, digits,
/// `-._~` (and `/` when `keep_slash`) becomes `%XX`. A page named
/// `javascript:alert(1)` can then never form a URL scheme.
pub fn push_url_encoded(out: &mut String, s: &str, keep_slash: bool) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~')
            || (keep_slash && b == b'/')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The relative URL of page `page`'s output file (extension `ext`) as seen
/// from page `from`: always starting with `./` or `../`, each path segment
/// percent-encoded, so a file name can never become a scheme or leave the
/// site.
pub fn page_url(from: &str, page: &str, ext: &str) -> String {
    let prefix = root_prefix(from);
    let mut s = String::with_capacity(prefix.len() + page.len() + ext.len() + 3);
    if prefix.is_empty() {
        s.push_str("./");
    } else {
        s.push_str(&prefix);
    }
    push_url_encoded(&mut s, page, true);
    s.push('.');
    s.push_str(ext);
    s
}

/// The URL of a reference target as seen from page `from`, for output files
/// with extension `ext` (`html` or `md`).
pub fn target_url(from: &str, target: &RefTarget, ext: &str) -> String {
    match target {
        RefTarget::External(u) => u.clone(),
        RefTarget::Page { page, anchor } => {
            let mut s = if page == from {
                String::new()
            } else {
                page_url(from, page, ext)
            };
            if let Some(a) = anchor {
                s.push('#');
                push_url_encoded(&mut s, a, false);
            }
            if s.is_empty() {
                s.push('#');
            }
            s
        }
    }
}

/// Helpers shared by the renderers' unit tests.
#[cfg(test)]
pub(crate) mod test_util {
    /// Removes tags and unescapes the five entities `push_escaped` emits.
    pub(crate) fn strip_tags(html: &str) -> String {
        let mut s = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => s.push(c),
                _ => {}
            }
        }
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_urls() {
        assert!(is_safe_url("https://aws.amazon.com/iam/"));
        assert!(is_safe_url("mailto:a@b.c"));
        assert!(is_safe_url("../qe/page.html#x"));
        assert!(is_safe_url("#anchor"));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url(" JavaScript:alert(1)"));
        assert!(!is_safe_url("data:text/html,hi"));
        assert!(!is_safe_url("vbscript:x"));
    }

    #[test]
    fn relative_page_urls() {
        let t = RefTarget::Page {
            page: "qe/aws-iam-user".into(),
            anchor: Some("x".into()),
        };
        assert_eq!(
            target_url("csfle/aws-iam-user", &t, "html"),
            "../qe/aws-iam-user.html#x"
        );
        assert_eq!(target_url("qe/aws-iam-user", &t, "md"), "#x");
        assert_eq!(target_url("index", &t, "md"), "./qe/aws-iam-user.md#x");
    }

    #[test]
    fn page_named_like_a_url_scheme_gets_a_safe_relative_url() {
        let url = page_url("index", "javascript:alert(document.domain)", "html");
        assert_eq!(url, "./javascript%3Aalert%28document.domain%29.html");
        assert!(is_safe_url(&url));
        let t = RefTarget::Page {
            page: "a b/c:d".into(),
            anchor: Some("x\"y".into()),
        };
        assert_eq!(target_url("z/y", &t, "md"), "../a%20b/c%3Ad.md#x%22y");
    }
}
