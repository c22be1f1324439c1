//! The site's hierarchy from `.. toctree::` directives, as snooty builds it:
//! a depth-first walk from the root page (`index`) gives the reading order
//! (previous/next links) and each page's parent (breadcrumbs, the nested
//! navigation tree). A page listed twice keeps its first place. Everything
//! here is linear in the number of pages and entries; the walk is iterative,
//! so a deep or cyclic toctree cannot exhaust the stack.

use crate::diag::{Code, Diagnostic};
use crate::resolve::summary::PageSummary;

/// A page's place in the hierarchy; indices are into the site's pages
/// (sorted by name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hierarchy {
    /// Pages in reading order: the toctree walk from `index`. Empty when no
    /// page has a toctree (navigation then follows page names and folders).
    pub order: Vec<u32>,
    /// For each page, its position in `order` (`None`: not in any toctree).
    pub position: Vec<Option<u32>>,
    /// For each page, the page whose toctree lists it.
    pub parent: Vec<Option<u32>>,
    /// For each page, whether it asked for no previous/next links
    /// (`:noprevnext:` page option).
    pub no_prev_next: Vec<bool>,
}

impl Hierarchy {
    /// Whether the site has a toctree hierarchy at all.
    pub fn is_tree(&self) -> bool {
        !self.order.is_empty()
    }

    /// The ancestors of page `i`, nearest last, at most `max` of them (the
    /// root page excluded).
    pub fn ancestors(&self, i: usize, max: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = self.parent.get(i).copied().flatten();
        while let Some(p) = at {
            if out.len() == max || self.parent.get(p as usize).copied().flatten().is_none() {
                break;
            }
            out.push(p);
            at = self.parent[p as usize];
        }
        out.reverse();
        out
    }
}

/// Builds the hierarchy of `pages` (sorted by name), reporting toctree
/// entries that name no page.
pub fn build(pages: &[PageSummary]) -> (Hierarchy, Vec<Diagnostic>) {
    let n = pages.len();
    let find = |name: &str| pages.binary_search_by(|p| p.name.as_str().cmp(name)).ok();
    let mut diags = Vec::new();
    let mut any = false;
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (i, p) in pages.iter().enumerate() {
        for e in &p.toctree {
            any = true;
            let t = e.target.trim();
            if t.contains("://") || t.starts_with("mailto:") {
                continue;
            }
            let name = page_name(&p.name, t);
            match find(&name) {
                Some(k) => children[i].push(k as u32),
                None => {
                    let d = Diagnostic::error(
                        Code::UnknownDoc,
                        format!("unknown page `{t}` in toctree"),
                    )
                    .with_span(e.span);
                    diags.push(
                        match crate::suggest::did_you_mean(
                            &name,
                            pages.iter().map(|p| p.name.as_str()),
                        ) {
                            Some(s) => d.with_help(format!("did you mean `/{s}`?")),
                            None => d.with_help(
                                "toctree entries are pages: `/folder/page` (no extension) or `Title </folder/page>`",
                            ),
                        },
                    );
                }
            }
        }
    }
    let no_prev_next = pages.iter().map(|p| p.no_prev_next).collect();
    let mut h = Hierarchy {
        order: Vec::new(),
        position: vec![None; n],
        parent: vec![None; n],
        no_prev_next,
    };
    if !any {
        return (h, diags);
    }
    // Depth-first, pre-order, from the root page; then any other page with
    // a toctree that nothing reaches (a second tree), by name.
    let roots = find("index")
        .into_iter()
        .chain((0..n).filter(|&i| !children[i].is_empty()));
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for r in roots {
        if h.position[r].is_some() {
            continue;
        }
        h.position[r] = Some(h.order.len() as u32);
        h.order.push(r as u32);
        stack.push((r as u32, 0));
        while let Some((page, next)) = stack.last_mut() {
            let kids = &children[*page as usize];
            let Some(&child) = kids.get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            let parent = *page;
            if h.position[child as usize].is_none() {
                h.position[child as usize] = Some(h.order.len() as u32);
                h.order.push(child);
                h.parent[child as usize] = Some(parent);
                stack.push((child, 0));
            }
        }
    }
    (h, diags)
}

/// The page a toctree entry of page `from` names: absolute from the source
/// folder, or relative to `from`'s folder; extension and trailing slash
/// dropped.
pub(crate) fn page_name(from: &str, target: &str) -> String {
    let absolute = target.starts_with('/');
    let t = target.trim_end_matches('/');
    let t = t
        .strip_suffix(".txt")
        .or_else(|| t.strip_suffix(".rst"))
        .unwrap_or(t);
    let (base, rest) = match absolute {
        true => ("", t.trim_start_matches('/')),
        false => (from.rsplit_once('/').map_or("", |(d, _)| d), t),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rest.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        "index".into()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_resolve_like_doc_roles() {
        assert_eq!(page_name("a/b", "/x/y/"), "x/y");
        assert_eq!(page_name("a/b", "c"), "a/c");
        assert_eq!(page_name("a/b", "../c.txt"), "c");
        assert_eq!(page_name("a/b", "/"), "index");
    }
}
