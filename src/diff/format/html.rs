//! The side-by-side HTML page: for each pair a summary table, then each
//! aligned step with its blocks in two columns (removed words struck, added
//! words underlined, expected ones in a quieter colour) and its classified
//! differences with locations. Pages go through the site's `layout`
//! template and stylesheet (`{root}_static/procdoc.css`; the `diff-*`
//! rules are at the end of `templates/style.css`). Everything is escaped.

use super::{counts_str, loc_str, pair_line, prose_what, rules_str, set_verdict, verdict};
use crate::diag::Diagnostic;
use crate::diff::report::{
    Class, DiffReport, DiffSet, Difference, Mark, Row, RowKind, Seg, Status, StepDiff,
};
use crate::render::html::STYLESHEET_PATH;
use crate::render::templates::{push_escaped, Templates};
use serde::Serialize;

/// Data for `layout.hbs` (the same fields the page renderer passes).
#[derive(Serialize)]
struct LayoutData<'a> {
    site_title: &'a str,
    page_title: String,
    page: &'a str,
    root: &'a str,
    stylesheet: String,
    nav_html: String,
    body: String,
    extra_body: &'a str,
}

/// Renders a comparison as a complete HTML page through the `layout`
/// template. `root_prefix` leads from the page to the site root (`""`,
/// `"../"`, …): the stylesheet is `{root_prefix}_static/procdoc.css`.
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn format_html(
    set: &DiffSet,
    templates: &Templates,
    site_title: &str,
    root_prefix: &str,
) -> Result<String, Diagnostic> {
    page(set, templates, site_title, root_prefix, None)
}

/// Renders a comparison as a page that stands alone (`procdoc diff
/// --format html --out FILE`): the stylesheet is inlined in a `<style>`
/// element instead of linked, so the file can be opened or attached
/// anywhere.
#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
pub fn format_html_standalone(
    set: &DiffSet,
    templates: &Templates,
    site_title: &str,
) -> Result<String, Diagnostic> {
    let html = page(set, templates, site_title, "", None)?;
    Ok(inline_stylesheet(&html, templates.stylesheet()))
}

/// Replaces the page's stylesheet link with the stylesheet itself (a
/// `</style` inside it is broken up so it cannot end the element).
fn inline_stylesheet(html: &str, css: &str) -> String {
    let style = format!(
        "<style>\n{}\n</style>",
        css.replace("</style", "<\\/style")
            .replace("</STYLE", "<\\/STYLE")
    );
    let link = format!("<link rel=\"stylesheet\" href=\"{STYLESHEET_PATH}\">");
    if html.contains(&link) {
        html.replacen(&link, &style, 1)
    } else if let Some(p) = html.find("</head>") {
        // A layout override without the default link: add the styles.
        format!("{}{style}\n{}", &html[..p], &html[p..])
    } else {
        format!("{style}\n{html}")
    }
}

/// Links from a comparison page of the built site: the list of pairs and
/// the pages on either side.
pub(crate) struct SiteLinks<'a> {
    /// URL of `diff/index.html`.
    pub index: &'a str,
    /// (title, URL) of each page showing the left or the right file.
    pub pages: &'a [(String, String)],
}

/// A diff page; `site` links back to the list of pairs and to the pages
/// compared (site pages).
#[allow(clippy::result_large_err)]
pub(crate) fn page(
    set: &DiffSet,
    templates: &Templates,
    site_title: &str,
    root: &str,
    site: Option<&SiteLinks<'_>>,
) -> Result<String, Diagnostic> {
    let mut body = String::with_capacity(16 * 1024);
    body.push_str("<div class=\"diff-report\">\n");
    let page_title = match (&set.left_dir, set.pairs.as_slice()) {
        (Some(l), _) => format!("Variant drift: {l}"),
        (None, [p]) => match &p.titles {
            Some([l, r]) if l != r => format!("Compare: {l} ↔ {r}"),
            _ => format!("Variant drift: {}", file_name(&p.left)),
        },
        _ => "Variant drift".to_string(),
    };
    body.push_str("<h1>");
    push_escaped(&mut body, &page_title);
    body.push_str("</h1>\n");
    if let Some(links) = site {
        body.push_str("<p class=\"diff-back\">");
        for (title, url) in links.pages {
            body.push_str("<a class=\"diff-page-link\" href=\"");
            push_escaped(&mut body, url);
            body.push_str("\">");
            push_escaped(&mut body, title);
            body.push_str("</a> · ");
        }
        body.push_str("<a href=\"");
        push_escaped(&mut body, links.index);
        body.push_str("\">All variant pairs</a></p>\n");
    }
    legend(&mut body);
    set_header(set, &mut body);
    for (k, p) in set.pairs.iter().enumerate() {
        pair(p, k + 1, &mut body);
    }
    body.push_str("</div>\n");
    layout(
        templates,
        site_title,
        page_title,
        root,
        body,
        site.map(|l| l.index),
    )
}

#[allow(clippy::result_large_err)]
fn layout(
    templates: &Templates,
    site_title: &str,
    page_title: String,
    root: &str,
    body: String,
    index: Option<&str>,
) -> Result<String, Diagnostic> {
    let mut nav = String::new();
    nav.push_str("<li><a href=\"");
    push_escaped(&mut nav, root);
    nav.push_str("index.html\">Site index</a></li>\n");
    if let Some(ix) = index {
        nav.push_str("<li><a href=\"");
        push_escaped(&mut nav, ix);
        nav.push_str("\">Variant drift</a></li>\n");
    }
    let data = LayoutData {
        site_title,
        page_title,
        page: "diff",
        root,
        stylesheet: format!("{root}{STYLESHEET_PATH}"),
        nav_html: nav,
        body,
        extra_body: "",
    };
    templates.render("layout", &data)
}

/// The list of configured pairs (`diff/index.html` of a built site).
#[allow(clippy::result_large_err)]
pub(crate) fn index_page(
    links: &[(String, &DiffReport)],
    set: &DiffSet,
    templates: &Templates,
    site_title: &str,
) -> Result<String, Diagnostic> {
    let errors = &set.errors;
    let mut body = String::from("<div class=\"diff-report\">\n<h1>Variant drift</h1>\n");
    body.push_str(
        "<p>Each configured pair of variants, compared step by step. \
         Expected differences are explained by the pair's <code>equivalent</code> rules.</p>\n",
    );
    body.push_str("<table class=\"diff-summary-table\">\n<thead><tr><th>Left</th><th>Right</th><th>Status</th><th>Differences</th></tr></thead>\n<tbody>\n");
    for (path, r) in links {
        let href = path.strip_prefix("diff/").unwrap_or(path);
        let (lt, rt) = match &r.titles {
            Some([l, rr]) => (l.as_str(), rr.as_str()),
            None => (r.left.as_str(), r.right.as_str()),
        };
        body.push_str("<tr><td><a href=\"");
        push_escaped(&mut body, href);
        body.push_str("\">");
        push_escaped(&mut body, lt);
        body.push_str("</a><br><small><code>");
        push_escaped(&mut body, &r.left);
        body.push_str("</code></small></td><td>");
        push_escaped(&mut body, rt);
        body.push_str("<br><small><code>");
        push_escaped(&mut body, &r.right);
        body.push_str("</code></small></td><td>");
        badge_status(r.status, &mut body);
        body.push_str("</td><td>");
        push_escaped(&mut body, &counts_str(&r.counts, false));
        body.push_str("</td></tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    one_sided_files(set, &mut body);
    for e in errors {
        body.push_str("<p class=\"diff-error\">");
        push_escaped(&mut body, &e.message);
        body.push_str("</p>\n");
    }
    body.push_str("</div>\n");
    layout(
        templates,
        site_title,
        "Variant drift".into(),
        "../",
        body,
        Some("index.html"),
    )
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}

fn legend(out: &mut String) {
    out.push_str(
        "<p class=\"diff-legend\">\
         <del class=\"diff-w\">removed</del> \
         <ins class=\"diff-w\">added</ins> \
         <span class=\"diff-x\">expected (explained by a rule)</span> \
         <span class=\"diff-m\">markup only</span></p>\n",
    );
}

/// Files found on one side only (folder pairs and mapping rules).
fn one_sided_files(set: &DiffSet, out: &mut String) {
    for (files, class, dir) in [
        (&set.only_left, "only-left", set.left_dir.as_deref()),
        (&set.only_right, "only-right", set.right_dir.as_deref()),
    ] {
        if files.is_empty() {
            continue;
        }
        out.push_str("<ul class=\"diff-files\">\n");
        for f in files {
            out.push_str("<li>");
            badge(class, class, out);
            out.push_str(" <code>");
            match dir {
                Some(d) => push_escaped(out, &format!("{d}/{f}")),
                None => push_escaped(out, f),
            }
            out.push_str("</code></li>\n");
        }
        out.push_str("</ul>\n");
    }
}

fn set_header(set: &DiffSet, out: &mut String) {
    if let (Some(l), Some(r)) = (&set.left_dir, &set.right_dir) {
        out.push_str("<p class=\"diff-summary\"><code>");
        push_escaped(out, l);
        out.push_str("</code> ↔ <code>");
        push_escaped(out, r);
        out.push_str("</code>: ");
        push_escaped(
            out,
            &format!(
                "{} paired file(s), {} only left, {} only right — {}",
                set.pairs.len(),
                set.only_left.len(),
                set.only_right.len(),
                set_verdict(set)
            ),
        );
        out.push_str("</p>\n");
    }
    one_sided_files(set, out);
    for e in &set.errors {
        out.push_str("<p class=\"diff-error\">");
        push_escaped(out, &e.message);
        out.push_str("</p>\n");
    }
}

fn badge(class: &str, text: &str, out: &mut String) {
    out.push_str("<span class=\"diff-badge diff-badge-");
    out.push_str(class);
    out.push_str("\">");
    push_escaped(out, text);
    out.push_str("</span>");
}

fn badge_status(s: Status, out: &mut String) {
    badge(s.as_str(), s.as_str(), out);
}

fn pair(p: &DiffReport, k: usize, out: &mut String) {
    out.push_str(&format!(
        "<section class=\"diff-pair diff-status-{}\" id=\"pair-{k}\">\n<h2>",
        p.status.as_str()
    ));
    match &p.titles {
        Some([l, r]) => {
            push_escaped(out, &format!("{l} ↔ {r}"));
            out.push_str("</h2>\n<p class=\"diff-files-line\"><small><code>");
            push_escaped(out, &p.left);
            out.push_str("</code> ↔ <code>");
            push_escaped(out, &p.right);
            out.push_str("</code></small></p>\n");
        }
        None => {
            out.push_str("<code>");
            push_escaped(out, &p.left);
            out.push_str("</code> ↔ <code>");
            push_escaped(out, &p.right);
            out.push_str("</code></h2>\n");
        }
    }
    out.push_str("<p class=\"diff-summary\">");
    badge_status(p.status, out);
    out.push(' ');
    push_escaped(out, &format!("{} — {}.", verdict(p.status), pair_line(p)));
    out.push_str("</p>\n");
    if !p.rules.is_empty() {
        out.push_str("<details class=\"diff-rules\"><summary>Equivalent rules</summary>\n<ul>\n");
        for [l, r] in &p.rules {
            out.push_str("<li><code>");
            push_escaped(out, l);
            out.push_str("</code> → <code>");
            push_escaped(out, r);
            out.push_str("</code></li>\n");
        }
        out.push_str("</ul>\n</details>\n");
    }
    let styles = step_styles(p);
    if let Some(line) = style_line(styles) {
        out.push_str("<p class=\"diff-style\">");
        push_escaped(out, &line);
        out.push_str("</p>\n");
    }
    // One style per side: said once above, not on every step.
    let per_step_markup = styles.0.is_none() || styles.1.is_none();
    if p.steps.len() > 1 {
        out.push_str("<table class=\"diff-summary-table\">\n<thead><tr><th>Step</th><th>Status</th><th>Changed</th><th>Only left</th><th>Only right</th><th>Expected</th></tr></thead>\n<tbody>\n");
        for (i, s) in p.steps.iter().enumerate() {
            out.push_str(&format!("<tr><td><a href=\"#pair-{k}-step-{}\">", i + 1));
            push_escaped(out, &s.title());
            out.push_str("</a></td><td>");
            badge_status(s.status, out);
            if s.moved {
                out.push(' ');
                badge("moved", "moved", out);
            }
            out.push_str(&format!(
                "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                s.counts.changed, s.counts.only_left, s.counts.only_right, s.counts.expected
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    for (i, s) in p.steps.iter().enumerate() {
        step(p, s, k, i + 1, per_step_markup, out);
    }
    out.push_str("</section>\n");
}

/// How a side writes its steps, when all of them are written one way.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StepStyle {
    /// `.. procedure::` / `.. step::`.
    Procedure,
    /// A numbered list.
    List,
}

/// The step style of each side (`None`: mixed, or no steps).
fn step_styles(p: &DiffReport) -> (Option<StepStyle>, Option<StepStyle>) {
    let style = |side: &dyn Fn(&StepDiff) -> Option<&crate::diff::report::StepSide>| {
        let mut found = None;
        for s in &p.steps {
            let Some(sd) = side(s).filter(|sd| sd.number.is_some()) else {
                continue;
            };
            let st = if sd.markup.starts_with("list item") {
                StepStyle::List
            } else if sd.markup == "procedure step" {
                StepStyle::Procedure
            } else {
                return None;
            };
            if found.is_some_and(|f| f != st) {
                return None;
            }
            found = Some(st);
        }
        found
    };
    (style(&|s| s.left.as_ref()), style(&|s| s.right.as_ref()))
}

/// One line saying the two sides write their steps differently.
fn style_line(styles: (Option<StepStyle>, Option<StepStyle>)) -> Option<String> {
    let name = |s: StepStyle| match s {
        StepStyle::Procedure => "a procedure",
        StepStyle::List => "a numbered list",
    };
    match styles {
        (Some(l), Some(r)) if l != r => Some(format!(
            "The left variant writes its steps as {}, the right one as {}; the steps are compared by their text.",
            name(l),
            name(r)
        )),
        _ => None,
    }
}

fn step(p: &DiffReport, s: &StepDiff, k: usize, i: usize, per_step_markup: bool, out: &mut String) {
    out.push_str(&format!(
        "<details class=\"diff-step diff-status-{}\" id=\"pair-{k}-step-{i}\"{}>\n<summary>",
        s.status.as_str(),
        if s.status.is_drift() { " open" } else { "" }
    ));
    badge_status(s.status, out);
    if s.moved {
        out.push(' ');
        badge("moved", "moved", out);
    }
    out.push_str(" <span class=\"diff-step-title\">");
    push_escaped(out, &format!("{} — {}", s.numbering(), s.heading()));
    out.push_str("</span>");
    if !s.differences.is_empty() {
        out.push_str(" <span class=\"diff-counts\">");
        push_escaped(out, &format!("({})", counts_str(&s.counts, true)));
        out.push_str("</span>");
    }
    out.push_str("</summary>\n");
    out.push_str("<table class=\"diff-side\">\n<colgroup><col><col></colgroup>\n<thead><tr><th>");
    side_head(s.left.as_ref(), &p.left, per_step_markup, out);
    out.push_str("</th><th>");
    side_head(s.right.as_ref(), &p.right, per_step_markup, out);
    out.push_str("</th></tr></thead>\n<tbody>\n");
    if s.rows.is_empty() {
        out.push_str("<tr><td class=\"diff-cell diff-empty\" colspan=\"2\">No content besides the heading.</td></tr>\n");
    }
    for r in &s.rows {
        row(r, out);
    }
    out.push_str("</tbody>\n</table>\n");
    // A step style that differs on every step is said once, above.
    let listed: Vec<&Difference> = s
        .differences
        .iter()
        .filter(|d| per_step_markup || d.what != "step markup")
        .collect();
    if !listed.is_empty() {
        out.push_str("<ul class=\"diff-list\">\n");
        for d in listed {
            difference(d, out);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</details>\n");
}

fn side_head(
    side: Option<&crate::diff::report::StepSide>,
    file: &str,
    markup: bool,
    out: &mut String,
) {
    match side {
        Some(sd) => {
            push_escaped(out, &sd.heading);
            out.push_str("<br><small>");
            push_escaped(out, &format!("{}:{}", sd.at.file, sd.at.line));
            if markup && !sd.markup.is_empty() {
                push_escaped(out, &format!(" · {}", sd.markup));
            }
            out.push_str("</small>");
        }
        None => {
            out.push_str("<em>(not in this file)</em><br><small>");
            push_escaped(out, file);
            out.push_str("</small>");
        }
    }
}

fn row_class(c: Option<Class>) -> &'static str {
    match c {
        None => "equal",
        Some(c) => c.as_str(),
    }
}

fn row(r: &Row, out: &mut String) {
    out.push_str(&format!(
        "<tr class=\"diff-row diff-row-{}\">",
        row_class(r.class)
    ));
    for (lines, left) in [(&r.left, true), (&r.right, false)] {
        match lines {
            None => out.push_str("<td class=\"diff-cell diff-absent\"></td>"),
            Some(lines) => {
                out.push_str(&format!(
                    "<td class=\"diff-cell\" style=\"--depth:{}\">",
                    r.depth.min(8)
                ));
                cell(r, lines, left, out);
                out.push_str("</td>");
            }
        }
    }
    out.push_str("</tr>\n");
}

fn seg(s: &Seg, left: bool, out: &mut String) {
    let (open, close) = match (s.mark, left) {
        (Mark::Same, _) => ("", ""),
        (Mark::Changed, true) => ("<del class=\"diff-w\">", "</del>"),
        (Mark::Changed, false) => ("<ins class=\"diff-w\">", "</ins>"),
        (Mark::Expected, _) => ("<span class=\"diff-x\">", "</span>"),
        (Mark::Markup, _) => ("<span class=\"diff-m\">", "</span>"),
    };
    out.push_str(open);
    push_escaped(out, &s.text);
    out.push_str(close);
}

fn segs(line: &[Seg], left: bool, out: &mut String) {
    for (i, s) in line.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        seg(s, left, out);
    }
}

fn cell(r: &Row, lines: &[Vec<Seg>], left: bool, out: &mut String) {
    match r.kind {
        RowKind::Text => {
            out.push_str("<p>");
            for l in lines {
                segs(l, left, out);
            }
            out.push_str("</p>");
        }
        RowKind::Header => {
            out.push_str("<p class=\"diff-head\">");
            for l in lines {
                segs(l, left, out);
            }
            out.push_str("</p>");
        }
        RowKind::Label => {
            out.push_str("<p class=\"diff-label\"><code>");
            for l in lines {
                segs(l, left, out);
            }
            out.push_str("</code></p>");
        }
        RowKind::List => {
            out.push_str("<ul>");
            for l in lines {
                out.push_str("<li>");
                segs(l, left, out);
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
        RowKind::Code => {
            out.push_str("<pre class=\"diff-code\"><code>");
            for l in lines {
                let mark = l.first().map(|s| s.mark).unwrap_or(Mark::Same);
                let cls = match (mark, left) {
                    (Mark::Same, _) => "",
                    (Mark::Changed, true) => " diff-line-del",
                    (Mark::Changed, false) => " diff-line-ins",
                    (Mark::Expected, _) => " diff-line-x",
                    (Mark::Markup, _) => " diff-line-m",
                };
                out.push_str(&format!("<span class=\"diff-line{cls}\">"));
                for s in l {
                    push_escaped(out, &s.text);
                }
                out.push_str("</span>\n");
            }
            out.push_str("</code></pre>");
        }
    }
}

fn difference(d: &Difference, out: &mut String) {
    out.push_str("<li>");
    badge(d.class.as_str(), d.class.as_str(), out);
    out.push(' ');
    push_escaped(out, &prose_what(d));
    out.push_str(" <small class=\"diff-at\">");
    push_escaped(
        out,
        &format!("{} ↔ {}", loc_str(&d.left.at), loc_str(&d.right.at)),
    );
    out.push_str("</small>");
    let short = |t: &Option<String>| {
        t.as_deref()
            .map(|s| !s.contains('\n') && s.chars().count() <= 120)
    };
    let one_sided = matches!(d.class, Class::OnlyLeft | Class::OnlyRight);
    if !one_sided
        && short(&d.left.text).unwrap_or(true)
        && short(&d.right.text).unwrap_or(true)
        && (d.left.text.is_some() || d.right.text.is_some())
    {
        out.push_str(": ");
        match &d.left.text {
            Some(t) => {
                out.push_str("<del class=\"diff-w\">");
                push_escaped(out, t);
                out.push_str("</del>");
            }
            None => out.push('∅'),
        }
        out.push_str(" → ");
        match &d.right.text {
            Some(t) => {
                out.push_str("<ins class=\"diff-w\">");
                push_escaped(out, t);
                out.push_str("</ins>");
            }
            None => out.push('∅'),
        }
    }
    if let Some(r) = rules_str(d) {
        out.push_str(" <small>(");
        push_escaped(out, &r);
        out.push_str(")</small>");
    }
    if let Some(n) = &d.note {
        out.push_str(" <small>(");
        push_escaped(out, n);
        out.push_str(")</small>");
    }
    out.push_str("</li>\n");
}
