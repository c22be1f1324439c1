//! Site navigation whose size does not grow with the site on every page.
//!
//! Listing every page on every page makes output quadratic: 5,000 pages
//! wrote 2.3 GB. Instead, each page carries only its own branch (home, the
//! folders that lead to it, itself, previous and next: a few entries
//! whatever the site's size), and the whole page tree is written once, to
//! `_static/nav.js`, which fills the navigation in the browser (as mdBook's
//! shared `toc.js` does). Without JavaScript the branch and the index page,
//! which lists every page, still reach everything.

use crate::render::templates::push_escaped;
use crate::render::{page_url, SiteInfo};

/// Where the navigation script is written, relative to the HTML root.
pub const NAV_SCRIPT_PATH: &str = "_static/nav.js";

/// The per-page navigation: `<li>` items for home, the folders leading to
/// `page`, the page itself, and its previous and next pages (in the site's
/// page order). Size independent of the number of pages.
pub fn page_nav_html(site: &SiteInfo, page: &str) -> String {
    let mut out = String::with_capacity(512);
    let link = |out: &mut String, target: &str, text: &str, class: &str, rel: &str| {
        out.push_str("<li class=\"");
        out.push_str(class);
        out.push_str("\"><a href=\"");
        push_escaped(out, &page_url(page, target, "html"));
        out.push('"');
        if !rel.is_empty() {
            out.push_str(" rel=\"");
            out.push_str(rel);
            out.push('"');
        }
        if target == page {
            out.push_str(" aria-current=\"page\"");
        }
        out.push('>');
        push_escaped(out, text);
        out.push_str("</a></li>\n");
    };
    let pos = site.pages.binary_search_by(|p| p.name.as_str().cmp(page));
    if page != "index" {
        link(&mut out, "index", "Home", "nav-home", "");
    }
    let h = &site.hierarchy;
    if h.is_tree() {
        // The toctree ancestors lead to this page.
        if let Ok(i) = pos {
            for a in h.ancestors(i, MAX_ANCESTORS) {
                let a = a as usize;
                link(
                    &mut out,
                    &site.pages[a].name,
                    title_of(site, a),
                    "nav-folder",
                    "",
                );
            }
        }
    } else {
        // The folders that lead to this page, linked to their index pages
        // when they have one.
        let mut prefix = String::new();
        let parts: Vec<&str> = page.split('/').collect();
        for folder in &parts[..parts.len().saturating_sub(1)] {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(folder);
            let index = format!("{prefix}/index");
            if index != page && find(site, &index).is_some() {
                link(&mut out, &index, folder, "nav-folder", "");
            } else {
                out.push_str("<li class=\"nav-folder\">");
                push_escaped(&mut out, folder);
                out.push_str("</li>\n");
            }
        }
    }
    if let Ok(i) = pos {
        let title = title_of(site, i);
        link(&mut out, page, title, "current", "");
        if let Some((prev, next)) = neighbours(site, i) {
            if let Some(p) = prev {
                let label = format!("← {}", title_of(site, p));
                link(&mut out, &site.pages[p].name, &label, "nav-prev", "prev");
            }
            if let Some(n) = next {
                let label = format!("{} →", title_of(site, n));
                link(&mut out, &site.pages[n].name, &label, "nav-next", "next");
            }
        }
    }
    out
}

/// At most this many ancestors are shown (a hostile toctree may nest
/// thousands of pages deep; each page's navigation must stay small).
pub const MAX_ANCESTORS: usize = 12;

/// The previous and next pages of page `i` in reading order: the toctree
/// walk, or page names when the site has no toctree. `None` when the page
/// asked for none (`:noprevnext:`) or is outside the toctree.
fn neighbours(site: &SiteInfo, i: usize) -> Option<(Option<usize>, Option<usize>)> {
    let h = &site.hierarchy;
    if h.no_prev_next.get(i).copied().unwrap_or(false) {
        return None;
    }
    if h.is_tree() {
        let at = h.position.get(i).copied().flatten()? as usize;
        let prev = at.checked_sub(1).map(|k| h.order[k] as usize);
        let next = h.order.get(at + 1).map(|&k| k as usize);
        return Some((prev, next));
    }
    Some((
        i.checked_sub(1),
        (i + 1 < site.pages.len()).then_some(i + 1),
    ))
}

/// The breadcrumbs of a page in a site with a toctree: Home, the pages
/// whose toctrees lead to it, and the page itself (an ordered list, the
/// current page marked). Empty for the root page and without a toctree.
pub fn breadcrumbs_html(site: &SiteInfo, page: &str) -> String {
    let h = &site.hierarchy;
    let Some(i) = find(site, page) else {
        return String::new();
    };
    if !h.is_tree() || page == "index" {
        return String::new();
    }
    let mut out = String::with_capacity(256);
    let crumb = |out: &mut String, target: &str, text: &str| {
        out.push_str("<li><a href=\"");
        push_escaped(out, &page_url(page, target, "html"));
        out.push_str("\">");
        push_escaped(out, text);
        out.push_str("</a></li>");
    };
    crumb(&mut out, "index", "Home");
    for a in h.ancestors(i, MAX_ANCESTORS) {
        let a = a as usize;
        crumb(&mut out, &site.pages[a].name, title_of(site, a));
    }
    out.push_str("<li aria-current=\"page\">");
    push_escaped(&mut out, title_of(site, i));
    out.push_str("</li>");
    out
}

/// Links from a page that shows one side of a variant pair to the
/// comparison page (`Compare with “Other title”`), or `""`. Put at the top
/// of the page's content, so overridden layouts show it too.
pub fn compare_links_html(site: &SiteInfo, page: &str) -> String {
    let mut out = String::new();
    for pair in &site.pairs {
        let other = if pair.left.pages.iter().any(|p| p == page) {
            &pair.right
        } else if pair.right.pages.iter().any(|p| p == page) {
            &pair.left
        } else {
            continue;
        };
        if out.is_empty() {
            out.push_str("<p class=\"variant-compare\">");
        } else {
            out.push_str(" · ");
        }
        out.push_str("<a href=\"");
        push_escaped(&mut out, &page_url(page, &pair.page, "html"));
        out.push_str("\">Compare with “");
        push_escaped(&mut out, site.side_title(other));
        out.push_str("”</a>");
    }
    if !out.is_empty() {
        out.push_str("</p>\n");
    }
    out
}

fn find(site: &SiteInfo, name: &str) -> Option<usize> {
    site.pages
        .binary_search_by(|p| p.name.as_str().cmp(name))
        .ok()
}

fn title_of(site: &SiteInfo, i: usize) -> &str {
    let p = &site.pages[i];
    if p.title.is_empty() {
        &p.name
    } else {
        &p.title
    }
}

/// The script written once to [`NAV_SCRIPT_PATH`]: every page's name and
/// title, and the code that turns them into a folder tree in the page's
/// `#site-nav-tree` list (current page marked, its folders open). Titles
/// are inserted as text, never as HTML.
pub fn nav_script(site: &SiteInfo) -> String {
    let h = &site.hierarchy;
    let pages: Vec<(&str, &str, i64)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let parent = h.parent.get(i).copied().flatten().map_or(-1, i64::from);
            (p.name.as_str(), p.title.as_str(), parent)
        })
        .collect();
    let data = serde_json::to_string(&pages).unwrap_or_else(|_| "[]".into());
    let order = serde_json::to_string(&h.order).unwrap_or_else(|_| "[]".into());
    let mut s = String::with_capacity(data.len() + order.len() + NAV_CODE.len() + 64);
    s.push_str("(function () {\nvar pages = ");
    s.push_str(&data);
    s.push_str(";\nvar order = ");
    s.push_str(&order);
    s.push_str(";\n");
    s.push_str(NAV_CODE);
    s
}

const NAV_CODE: &str = r#"function url(root, name) {
  var enc = name.split("/").map(encodeURIComponent).join("/");
  return (root || "./") + enc + ".html";
}
function init() {
  var ul = document.getElementById("site-nav-tree");
  if (!ul) return;
  var root = ul.getAttribute("data-root") || "";
  var current = ul.getAttribute("data-page");
  var tree = { dirs: {}, order: [], pages: [] };
  pages.forEach(function (p) {
    var parts = p[0].split("/"), node = tree;
    for (var i = 0; i < parts.length - 1; i++) {
      if (!node.dirs[parts[i]]) { node.dirs[parts[i]] = { dirs: {}, order: [], pages: [] }; node.order.push(parts[i]); }
      node = node.dirs[parts[i]];
    }
    node.pages.push(p);
  });
  // The toctree hierarchy: pages in reading order under their parents,
  // the current page's ancestors open; pages outside it listed after.
  function buildToc(into) {
    var kids = pages.map(function () { return []; }), tops = [], seen = {};
    order.forEach(function (i) {
      seen[i] = true;
      var p = pages[i][2];
      if (p >= 0) kids[p].push(i); else if (pages[i][0] !== "index") tops.push(i);
    });
    pages.forEach(function (p, i) { if (!seen[i] && p[0] !== "index") tops.push(i); });
    var open = {}, cur = -1;
    pages.forEach(function (p, i) { if (p[0] === current) cur = i; });
    for (var a = cur, n = 0; a >= 0 && n < pages.length; a = pages[a][2], n++) open[a] = true;
    function add(i, ul) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = url(root, pages[i][0]);
      a.textContent = pages[i][1] || pages[i][0];
      if (i === cur) { li.className = "current"; a.setAttribute("aria-current", "page"); }
      if (kids[i].length) {
        var d = document.createElement("details"), sum = document.createElement("summary");
        var sub = document.createElement("ul");
        d.open = !!open[i];
        sum.appendChild(a);
        d.appendChild(sum);
        d.appendChild(sub);
        li.appendChild(d);
        kids[i].forEach(function (k) { add(k, sub); });
      } else {
        li.appendChild(a);
      }
      ul.appendChild(li);
    }
    tops.forEach(function (i) { add(i, into); });
  }
  function build(node, into, path) {
    node.pages.forEach(function (p) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = url(root, p[0]);
      a.textContent = p[1] || p[0];
      if (p[0] === current) { li.className = "current"; a.setAttribute("aria-current", "page"); }
      li.appendChild(a);
      into.appendChild(li);
    });
    node.order.forEach(function (name) {
      var li = document.createElement("li"), d = document.createElement("details");
      var sum = document.createElement("summary"), sub = document.createElement("ul");
      var here = path ? path + "/" + name : name;
      li.className = "nav-folder";
      sum.textContent = name;
      d.open = !!current && current.indexOf(here + "/") === 0;
      d.appendChild(sum);
      d.appendChild(sub);
      li.appendChild(d);
      into.appendChild(li);
      build(node.dirs[name], sub, here);
    });
  }
  var list = document.createElement("ul");
  if (order.length) buildToc(list); else build(tree, list, "");
  ul.replaceChildren.apply(ul, Array.prototype.slice.call(list.childNodes));
  ul.classList.add("nav-tree");
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageInfo;

    fn site(n: usize) -> SiteInfo {
        let mut pages: Vec<PageInfo> = (0..n)
            .map(|i| PageInfo {
                name: format!("guide/p{i:05}"),
                title: format!("Page {i}"),
                ..Default::default()
            })
            .collect();
        pages.push(PageInfo {
            name: "guide/index".into(),
            title: "Guide".into(),
            ..Default::default()
        });
        pages.sort_by(|a, b| a.name.cmp(&b.name));
        SiteInfo {
            title: "T".into(),
            pages,
            comparisons: false,
            hierarchy: Default::default(),
            pairs: Vec::new(),
        }
    }

    #[test]
    fn page_nav_size_does_not_grow_with_the_site() {
        let small = page_nav_html(&site(10), "guide/p00005");
        let large = page_nav_html(&site(10_000), "guide/p00005");
        assert_eq!(small.len(), large.len());
        assert!(small.contains("href=\"../index.html\">Home<"), "{small}");
        assert!(
            small.contains("href=\"../guide/index.html\">guide<"),
            "{small}"
        );
        assert!(small.contains("rel=\"prev\">← Page 4<"), "{small}");
        assert!(small.contains("rel=\"next\">Page 6 →<"), "{small}");
        assert!(small.contains("aria-current=\"page\">Page 5<"), "{small}");
    }

    #[test]
    fn nav_script_holds_every_page_once_as_json_text() {
        let mut s = site(3);
        s.pages[0].title = "</script><b>\"x\"".into();
        let js = nav_script(&s);
        assert_eq!(js.matches("guide/p0000").count(), 3);
        assert!(js.contains(r#"\"x\""#));
        assert!(js.contains("textContent"));
        assert!(!js.contains("innerHTML"));
    }
}
