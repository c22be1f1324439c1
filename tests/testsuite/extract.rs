//! Reading procdoc's output back: a small strict HTML parser, the visible
//! text / links / code of an HTML page and of a Markdown file (so the two
//! can be compared), and a link checker.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::collections::BTreeSet;
use std::path::Path;

// ----- HTML -----

/// An HTML node.
#[derive(Clone, Debug)]
pub enum Node {
    Element {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
    },
    Text(String),
}

impl Node {
    pub fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Node::Element { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            Node::Element { name, .. } => Some(name),
            Node::Text(_) => None,
        }
    }

    pub fn children(&self) -> &[Node] {
        match self {
            Node::Element { children, .. } => children,
            Node::Text(_) => &[],
        }
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }

    /// Page chrome inside `<main>` that is not content: hidden markers
    /// (step numbers, line-number gutters), permalink anchors (`¶`), the
    /// language label and copy button of code blocks.
    pub fn is_chrome(&self) -> bool {
        self.attr("aria-hidden") == Some("true")
            || self.name() == Some("button")
            || (self.name() == Some("a") && self.has_class("anchor"))
            || self.has_class("code-language")
            || self.has_class("copy-button")
    }

    /// The text a reader sees: [`Node::text`] without chrome.
    pub fn visible_text(&self) -> String {
        let mut s = String::new();
        fn walk(n: &Node, s: &mut String) {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element { children, .. } => {
                    if !n.is_chrome() {
                        children.iter().for_each(|c| walk(c, s))
                    }
                }
            }
        }
        walk(self, &mut s);
        s
    }

    /// The `language-…` class, without the prefix.
    pub fn language(&self) -> Option<&str> {
        self.attr("class")?
            .split_whitespace()
            .find_map(|c| c.strip_prefix("language-"))
    }

    /// All text inside, entities decoded.
    pub fn text(&self) -> String {
        let mut s = String::new();
        fn walk(n: &Node, s: &mut String) {
            match n {
                Node::Text(t) => s.push_str(t),
                Node::Element { children, .. } => children.iter().for_each(|c| walk(c, s)),
            }
        }
        walk(self, &mut s);
        s
    }
}

/// Calls `f` on every element of `nodes`, depth first.
pub fn each_element<'a>(nodes: &'a [Node], f: &mut dyn FnMut(&'a Node)) {
    for n in nodes {
        if let Node::Element { children, .. } = n {
            f(n);
            each_element(children, f);
        }
    }
}

/// Elements of `nodes` (any depth) for which `pred` holds.
pub fn find_all(nodes: &[Node], pred: impl Fn(&Node) -> bool) -> Vec<&Node> {
    let mut out = Vec::new();
    each_element(nodes, &mut |n| {
        if pred(n) {
            out.push(n)
        }
    });
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Decodes the character references procdoc (and handlebars) emit.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(semi) = rest.find(';').filter(|&k| k <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..semi];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses HTML strictly: every non-void element must be closed, in order.
/// Returns the top-level nodes, or an error naming the problem.
pub fn parse_html(src: &str) -> Result<Vec<Node>, String> {
    // (name, attrs, children) of the open elements; the bottom is the root.
    type Open = (String, Vec<(String, String)>, Vec<Node>);
    let mut stack: Vec<Open> = vec![(String::new(), Vec::new(), Vec::new())];
    let mut i = 0;
    let b = src.as_bytes();
    let line_of = |pos: usize| src[..pos].matches('\n').count() + 1;
    while i < b.len() {
        if b[i] != b'<' {
            let end = src[i..].find('<').map_or(src.len(), |k| i + k);
            let text = decode_entities(&src[i..end]);
            stack.last_mut().expect("root").2.push(Node::Text(text));
            i = end;
            continue;
        }
        if src[i..].starts_with("<!--") {
            let end = src[i..]
                .find("-->")
                .ok_or_else(|| format!("unclosed comment at line {}", line_of(i)))?;
            i += end + 3;
            continue;
        }
        if src[i..].starts_with("<!") {
            let end = src[i..].find('>').ok_or("unclosed doctype")?;
            i += end + 1;
            continue;
        }
        let close = src[i..]
            .find('>')
            .ok_or_else(|| format!("unclosed tag at line {}", line_of(i)))?;
        let tag = &src[i + 1..i + close];
        let tag_line = line_of(i);
        i += close + 1;
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            let (open, attrs, children) = stack.pop().expect("stack");
            if open != name || stack.is_empty() {
                return Err(format!("line {tag_line}: `</{name}>` closes `<{open}>`"));
            }
            stack.last_mut().expect("parent").2.push(Node::Element {
                name,
                attrs,
                children,
            });
            continue;
        }
        let self_closing = tag.ends_with('/');
        let tag = tag.trim_end_matches('/');
        let name_end = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("line {tag_line}: bad tag `<{tag}>`"));
        }
        let attrs = parse_attrs(&tag[name_end..])
            .map_err(|e| format!("line {tag_line}: {e} in `<{tag}>`"))?;
        if VOID.contains(&name.as_str()) || self_closing {
            stack.last_mut().expect("parent").2.push(Node::Element {
                name,
                attrs,
                children: Vec::new(),
            });
            continue;
        }
        if name == "script" || name == "style" {
            let end_tag = format!("</{name}>");
            let end = src[i..]
                .find(&end_tag)
                .ok_or_else(|| format!("line {tag_line}: unclosed <{name}>"))?;
            let text = src[i..i + end].to_string();
            i += end + end_tag.len();
            stack.last_mut().expect("parent").2.push(Node::Element {
                name,
                attrs,
                children: vec![Node::Text(text)],
            });
            continue;
        }
        stack.push((name, attrs, Vec::new()));
    }
    if stack.len() != 1 {
        let open: Vec<&str> = stack[1..].iter().map(|(n, _, _)| n.as_str()).collect();
        return Err(format!("unclosed elements at the end: {open:?}"));
    }
    Ok(stack.pop().expect("root").2)
}

fn parse_attrs(s: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' {
            i += 1;
        }
        let key = s[start..i].to_ascii_lowercase();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            let q = *b.get(i).ok_or("attribute without value")?;
            if q != b'"' && q != b'\'' {
                return Err(format!("unquoted value for `{key}`"));
            }
            let end = s[i + 1..]
                .find(q as char)
                .ok_or_else(|| format!("unterminated value for `{key}`"))?;
            let raw = &s[i + 1..i + 1 + end];
            if q == b'"' && raw.contains('<') {
                return Err(format!("raw `<` in value of `{key}`"));
            }
            out.push((key, decode_entities(raw)));
            i += end + 2;
        } else {
            out.push((key, String::new()));
        }
    }
    Ok(out)
}

/// The children of the page's `<main>` element.
#[track_caller]
pub fn main_nodes(html: &str) -> Vec<Node> {
    let nodes = parse_html(html).unwrap_or_else(|e| panic!("malformed HTML: {e}"));
    let mains = find_all(&nodes, |n| n.name() == Some("main"));
    assert_eq!(mains.len(), 1, "expected one <main>");
    mains[0].children().to_vec()
}

// ----- what a reader sees -----

/// What a reader of a page gets: its words (code blocks excluded), the link
/// URLs (sorted), and the code blocks (in order, exact text).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Visible {
    pub words: Vec<String>,
    pub links: Vec<String>,
    pub code: Vec<String>,
}

/// Stands for "an admonition starts here" in both renderings: HTML shows a
/// default title ("Note") where Markdown shows an alert tag (`[!NOTE]`).
pub const ADMONITION: &str = "⟦admonition⟧";

/// Titles procdoc gives admonitions written without one, by kind. The
/// Markdown of a nested admonition shows the kind name in front of the title.
const KIND_NAMES: &[&str] = &[
    "Note",
    "Important",
    "Warning",
    "Tip",
    "See also",
    "See",
    "Example",
    "Caution",
    "Danger",
    "Attention",
    "Hint",
    "Error",
    "Admonition",
];

fn default_title(kind: &str) -> String {
    if kind == "seealso" {
        return "See also".into();
    }
    let mut c = kind.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

const HTML_BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "caption",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "hr",
    "br",
];

/// The visible content of HTML nodes (normally the children of `<main>`).
pub fn html_visible(nodes: &[Node]) -> Visible {
    let mut v = Visible::default();
    let mut text = String::new();
    html_walk(nodes, &mut v, &mut text);
    v.words = text.split_whitespace().map(str::to_string).collect();
    v.links.sort();
    v
}

fn html_walk(nodes: &[Node], v: &mut Visible, text: &mut String) {
    for n in nodes {
        let Node::Element { name, children, .. } = n else {
            if let Node::Text(t) = n {
                text.push_str(t);
            }
            continue;
        };
        if n.is_chrome() {
            continue;
        }
        let block = HTML_BLOCKS.contains(&name.as_str());
        if block {
            text.push(' ');
        }
        match name.as_str() {
            "pre" => {
                // `<pre><code>` is a code block; its text is compared exactly.
                v.code.push(n.text());
            }
            "abbr" => {
                text.push_str(&n.text());
                if let Some(t) = n.attr("title") {
                    text.push_str(&format!(" ({t})"));
                }
            }
            "a" => {
                if let Some(h) = n.attr("href") {
                    v.links.push(h.to_string());
                }
                html_walk(children, v, text);
            }
            "div" if n.has_class("admonition") => {
                let kind = n
                    .attr("class")
                    .unwrap_or("")
                    .split_whitespace()
                    .find_map(|c| c.strip_prefix("admonition-"))
                    .unwrap_or("")
                    .to_string();
                text.push_str(&format!(" {ADMONITION} "));
                for c in children {
                    if c.has_class("admonition-title")
                        && c.visible_text().trim() == default_title(&kind)
                    {
                        continue;
                    }
                    html_walk(std::slice::from_ref(c), v, text);
                }
            }
            _ => html_walk(children, v, text),
        }
        if block {
            text.push(' ');
        }
    }
}

/// GitHub-flavoured Markdown options (tables, alerts, task lists,
/// strikethrough), as GitHub would read procdoc's Markdown.
pub fn gfm() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_GFM
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// The visible content of a Markdown file, normalized to compare with
/// [`html_visible`]: decorations procdoc's Markdown adds because Markdown
/// lacks the construct are removed (the `Step N: ` of step headings, the
/// bold `a.` label of lettered and roman list items, the `Kind: ` of a
/// nested admonition's bold title line). Link URLs to `.md` files are
/// written as `.html`. Raw HTML other than `<a id>` anchors is an error.
pub fn markdown_visible(md: &str) -> Result<Visible, String> {
    let events: Vec<Event> = Parser::new_ext(md, gfm()).collect();
    let step = regex::Regex::new(r"^Step \d+(: )?").expect("regex");
    let label = regex::Regex::new(r"^([a-zA-Z]{1,3}|[ivxlcdmIVXLCDM]+)\.$").expect("regex");
    let anchor = regex::Regex::new(r#"^(<a id="[^"<>]*">|</a>|\s)+$"#).expect("regex");
    let mut v = Visible::default();
    let mut text = String::new();
    let mut skip = vec![false; events.len()];
    let mut heading_start = false;
    let mut code: Option<String> = None;
    let strong_text = |from: usize| -> Option<(String, usize)> {
        // Text of `Start(Strong) … End(Strong)` starting at `from`.
        if !matches!(events.get(from), Some(Event::Start(Tag::Strong))) {
            return None;
        }
        let mut s = String::new();
        let mut k = from + 1;
        while k < events.len() {
            match &events[k] {
                Event::End(TagEnd::Strong) => return Some((s, k)),
                Event::Text(t) | Event::Code(t) => s.push_str(t),
                Event::SoftBreak => s.push(' '),
                _ => return None,
            }
            k += 1;
        }
        None
    };
    for (i, ev) in events.iter().enumerate() {
        if skip[i] {
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(_)) => {
                code = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock) => {
                let c = code.take().unwrap_or_default();
                v.code.push(c.strip_suffix('\n').unwrap_or(&c).to_string());
            }
            Event::Text(t) if code.is_some() => code.as_mut().expect("code").push_str(t),
            Event::Start(Tag::Heading { .. }) => {
                text.push(' ');
                heading_start = true;
            }
            Event::Text(t) => {
                let t: &str = t;
                if heading_start {
                    heading_start = false;
                    text.push_str(&step.replace(t, ""));
                } else {
                    text.push_str(t);
                }
            }
            Event::Code(t) => {
                heading_start = false;
                text.push_str(t);
            }
            Event::Html(h) | Event::InlineHtml(h)
                if !anchor.is_match(h.trim()) && !h.trim().is_empty() =>
            {
                return Err(format!("unexpected raw HTML in Markdown: {h:?}"));
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Start(Tag::Link { dest_url, .. }) => {
                v.links.push(md_link_as_html(dest_url));
            }
            Event::Start(Tag::Image { .. }) => return Err("unexpected image".into()),
            Event::Start(Tag::BlockQuote(Some(_))) => {
                text.push_str(&format!(" {ADMONITION} "));
            }
            Event::Start(Tag::BlockQuote(None)) => {
                text.push(' ');
                // A nested admonition: a quote whose first paragraph is
                // `**Kind**` or `**Kind: Title**`.
                if matches!(events.get(i + 1), Some(Event::Start(Tag::Paragraph))) {
                    if let Some((s, end)) = strong_text(i + 2) {
                        let para_end =
                            matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
                        let title = KIND_NAMES.iter().find_map(|k| {
                            if s == *k {
                                Some("")
                            } else {
                                s.strip_prefix(k).and_then(|r| r.strip_prefix(": "))
                            }
                        });
                        if let (true, Some(title)) = (para_end, title) {
                            text.push_str(&format!(" {ADMONITION} {title} "));
                            for flag in &mut skip[i + 1..=end + 1] {
                                *flag = true;
                            }
                        }
                    }
                }
            }
            Event::Start(Tag::Item) => {
                text.push(' ');
                // `- **a.** text`: the label of a lettered or roman item.
                let at = if matches!(events.get(i + 1), Some(Event::Start(Tag::Paragraph))) {
                    i + 2
                } else {
                    i + 1
                };
                if let Some((s, end)) = strong_text(at) {
                    if label.is_match(&s) {
                        for flag in &mut skip[at..=end] {
                            *flag = true;
                        }
                    }
                }
            }
            Event::TaskListMarker(_) => return Err("unexpected task list marker".into()),
            Event::FootnoteReference(_) => return Err("unexpected footnote".into()),
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript,
            )
            | Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link,
            ) => {}
            Event::Start(_) | Event::End(_) | Event::Rule => text.push(' '),
            _ => {}
        }
    }
    v.words = text.split_whitespace().map(str::to_string).collect();
    v.links.sort();
    Ok(v)
}

/// The fenced code blocks of a Markdown file as (info string, text).
pub fn markdown_code_blocks(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(String, String)> = None;
    for ev in Parser::new_ext(md, gfm()) {
        match ev {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(i) => i.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                cur = Some((info, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, s)) = cur.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, s)) = cur.take() {
                    out.push((info, s.strip_suffix('\n').unwrap_or(&s).to_string()));
                }
            }
            _ => {}
        }
    }
    out
}

/// `page.md#x` → `page.html#x` for relative links; others unchanged.
pub fn md_link_as_html(url: &str) -> String {
    if is_relative(url) {
        let (path, frag) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = match path.strip_suffix(".md") {
            Some(p) => format!("{p}.html"),
            None => path.to_string(),
        };
        match frag {
            Some(f) => format!("{path}#{f}"),
            None => path,
        }
    } else {
        url.to_string()
    }
}

/// Whether a URL is relative (no scheme, not protocol-relative).
pub fn is_relative(url: &str) -> bool {
    let scheme = url.find(':').filter(|&i| {
        url[..i]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !url[..i].contains('/')
    });
    scheme.is_none() && !url.starts_with("//")
}

// ----- link checking -----

/// The ids (`id="…"` attributes) of an HTML page, with duplicates listed.
pub fn html_ids(nodes: &[Node]) -> (BTreeSet<String>, Vec<String>) {
    let mut ids = BTreeSet::new();
    let mut dups = Vec::new();
    each_element(nodes, &mut |n| {
        if let Some(id) = n.attr("id") {
            if !ids.insert(id.to_string()) {
                dups.push(id.to_string());
            }
        }
    });
    (ids, dups)
}

/// Checks every relative `href`/`src` of every HTML file under `html_dir`:
/// the file must exist inside `html_dir`, and a `#fragment` must name an id
/// of that page. Returns one line per broken link.
pub fn broken_html_links(html_dir: &Path) -> Vec<String> {
    let mut pages = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(html_dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_some_and(|e| e == "html") {
            let text = std::fs::read_to_string(entry.path()).expect("read html");
            let nodes = parse_html(&text)
                .unwrap_or_else(|e| panic!("{}: malformed HTML: {e}", entry.path().display()));
            pages.insert(entry.path().to_path_buf(), nodes);
        }
    }
    let ids: std::collections::BTreeMap<_, _> = pages
        .iter()
        .map(|(p, n)| (p.clone(), html_ids(n).0))
        .collect();
    let mut broken = Vec::new();
    for (page, nodes) in &pages {
        let rel_page = page.strip_prefix(html_dir).expect("under html").display();
        each_element(nodes, &mut |n| {
            for key in ["href", "src"] {
                let Some(url) = n.attr(key) else { continue };
                if !is_relative(url) {
                    continue;
                }
                let (path, frag) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path = path.split('?').next().unwrap_or("");
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    normalize(&page.parent().expect("parent").join(path))
                };
                if !target.starts_with(html_dir) || !target.is_file() {
                    broken.push(format!("{rel_page}: {key}=\"{url}\" (no such file)"));
                    continue;
                }
                if let Some(f) = frag {
                    let known = ids.get(&target).is_some_and(|s| s.contains(f));
                    if !known {
                        broken.push(format!("{rel_page}: {key}=\"{url}\" (no id `{f}`)"));
                    }
                }
            }
        });
    }
    broken
}

/// Checks every relative link of every Markdown file under `md_dir`: the
/// file must exist and a `#fragment` must name an `<a id>` anchor in it.
pub fn broken_markdown_links(md_dir: &Path) -> Vec<String> {
    let anchor = regex::Regex::new(r#"<a id="([^"]*)"></a>"#).expect("regex");
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(md_dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let page = entry.path();
        let text = std::fs::read_to_string(page).expect("read md");
        let rel_page = page.strip_prefix(md_dir).expect("under md").display();
        for ev in Parser::new_ext(&text, gfm()) {
            let Event::Start(Tag::Link { dest_url, .. }) = ev else {
                continue;
            };
            if !is_relative(&dest_url) {
                continue;
            }
            let (path, frag) = match dest_url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (&*dest_url, None),
            };
            let target = if path.is_empty() {
                page.to_path_buf()
            } else {
                normalize(&page.parent().expect("parent").join(path))
            };
            if !target.starts_with(md_dir) || !target.is_file() {
                broken.push(format!("{rel_page}: ({dest_url}) (no such file)"));
                continue;
            }
            if let Some(f) = frag {
                let t = std::fs::read_to_string(&target).expect("read target");
                if !anchor.captures_iter(&t).any(|c| &c[1] == f) {
                    broken.push(format!("{rel_page}: ({dest_url}) (no anchor `{f}`)"));
                }
            }
        }
    }
    broken
}

/// Collapses `.` and `..` lexically.
fn normalize(p: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn html_parser_is_strict_and_decodes() {
    let nodes = parse_html("<p class=\"a b\">x &amp; <abbr title=\"T&quot;\">y</abbr></p><hr>")
        .expect("parses");
    assert_eq!(nodes.len(), 2);
    assert!(nodes[0].has_class("b"));
    assert_eq!(nodes[0].text(), "x & y");
    assert_eq!(nodes[0].children()[1].attr("title"), Some("T\""));
    assert!(parse_html("<p><em>x</p></em>").is_err());
    assert!(parse_html("<div>").is_err());
    assert!(parse_html("<a href=x>").is_err());
}

#[test]
fn markdown_normalization_drops_only_decorations() {
    let md = "## Step 2: Go\n\n- **b.** item\n\n> [!NOTE]\n> body\n\n- x\n\n  > **Tip: Hi**\n  >\n  > tip body\n\n[a](p.md#x) <a id=\"k\"></a>\n";
    let v = markdown_visible(md).expect("ok");
    assert_eq!(
        v.words.join(" "),
        format!("Go item {ADMONITION} body x {ADMONITION} Hi tip body a")
    );
    assert_eq!(v.links, vec!["p.html#x".to_string()]);
    assert!(markdown_visible("a <b>c</b>").is_err());
}
