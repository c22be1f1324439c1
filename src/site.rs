//! Building a site in two parallel passes: first every page is loaded and
//! summarised (its tree dropped), and the label table, hierarchy and index
//! are built from the summaries; then each page is parsed again, resolved,
//! rendered to HTML and Markdown, written and dropped, so memory holds one
//! tree per thread. The result is written atomically (a staging folder
//! moved into place), so a failed build never leaves a half-written site.

use crate::diag::{Code, Diagnostic, Severity};
use crate::doc::{
    Block, BlockKind, Document, Inline, InlineKind, ListItem, RefTarget, ResolvedRef, Section,
};
use crate::project::{Page, Project};
use crate::render::templates::Templates;
use crate::render::{html, markdown, PageInfo, RenderContext, SiteInfo};
use crate::resolve::summary::PageSummary;
use crate::resolve::{load_page, refs, LoadedPage};
use crate::text::{FileId, Span};
use crate::timings::Timings;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Every page of a project, summarised, with the site-wide tables built
/// from the summaries, and the resolved trees that were kept.
#[derive(Debug)]
pub struct Site {
    /// The resolved trees kept, sorted by name: every page from
    /// [`load_site`]; from [`build`], only those the comparison pages read
    /// (the others are parsed again as each is rendered, and dropped).
    pub pages: Vec<LoadedPage>,
    /// Every page summarised, sorted by name.
    pub summaries: Vec<PageSummary>,
    /// Labels across the project.
    pub labels: refs::LabelTable,
    /// Site-wide facts for rendering.
    pub info: SiteInfo,
    /// Images the kept pages show: output path → source path (the build
    /// collects the others' as it renders them).
    pub images: BTreeMap<String, String>,
    /// Every diagnostic found while loading and resolving (per-page ones
    /// too; from [`build`], the references of pages not kept are resolved,
    /// and reported, as they are rendered).
    pub diags: Vec<Diagnostic>,
}

/// Loads and resolves every page of the project, keeping every tree.
pub fn load_site(project: &Project) -> Site {
    load_outline(project, &|_| true)
}

/// Loads every page in parallel, summarises it, and keeps (resolved) only
/// the trees `keep` asks for. The others are loaded as outlines (no inline
/// markup in paragraphs: nothing a summary holds comes from there), and
/// dropped as soon as they are summarised, so memory holds one tree per
/// thread; their diagnostics (and images) come from the full parse when
/// they are rendered. The label table, the hierarchy and the index come
/// from the summaries.
pub fn load_outline(project: &Project, keep: &(dyn Fn(&Page) -> bool + Sync)) -> Site {
    let mut scanned: Vec<(PageSummary, Vec<Diagnostic>, Option<LoadedPage>)> = project
        .pages
        .par_iter()
        .map(|p| {
            if keep(p) {
                let lp = load_page_filled(project, p);
                (PageSummary::of(&lp), lp.diags.clone(), Some(lp))
            } else {
                // Only the outline: the page is parsed in full, and its
                // problems reported, when it is rendered.
                let mut lp = crate::resolve::load_page_outline(project, p);
                refs::fill_substitutions(project, &mut lp);
                (PageSummary::of_owned(lp), Vec::new(), None)
            }
        })
        .collect();
    scanned.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let mut summaries = Vec::with_capacity(scanned.len());
    let mut page_diags = Vec::new();
    let mut pages = Vec::new();
    for (s, d, tree) in scanned {
        summaries.push(s);
        page_diags.extend(d);
        pages.extend(tree);
    }
    let (labels, mut diags) = refs::LabelTable::build(&summaries);
    diags.extend(page_diags);
    let ref_diags: Vec<Vec<Diagnostic>> = pages
        .par_iter_mut()
        .map(|p| refs::resolve_page(project, &labels, p))
        .collect();
    for (p, d) in pages.iter_mut().zip(ref_diags) {
        diags.extend(d.iter().cloned());
        p.diags.extend(d);
    }
    let (info, tree_diags) = site_info(project, &summaries);
    diags.extend(tree_diags);
    dedup(&mut diags);
    let images = crate::assets::images_of(pages.iter());
    Site {
        pages,
        summaries,
        labels,
        info,
        images,
        diags,
    }
}

/// Loads one page and fills its project-wide substitutions: everything a
/// page needs before its summary (the problems found are in `diags`).
pub fn load_page_filled(project: &Project, page: &Page) -> LoadedPage {
    let mut lp = load_page(project, page);
    let d = refs::fill_substitutions(project, &mut lp);
    lp.diags.extend(d);
    lp
}

/// Site-wide facts for rendering: the title, every page with its title,
/// whether there are comparison pages, the toctree hierarchy (with its
/// problems: toctree entries that name no page).
pub fn site_info(project: &Project, pages: &[PageSummary]) -> (SiteInfo, Vec<Diagnostic>) {
    let (hierarchy, diags) = crate::resolve::toctree::build(pages);
    let info = SiteInfo {
        comparisons: !project.config.diff.is_empty(),
        title: project.config.project.title.clone(),
        pages: pages
            .iter()
            .map(|p| PageInfo {
                name: p.name.clone(),
                title: p.shown_title(),
                steps: p.steps,
                list_steps: p.list_steps,
            })
            .collect(),
        hierarchy,
        pairs: Vec::new(),
    };
    (info, diags)
}

/// Removes exact repeats (a fragment included by several pages reports its
/// problems once). Nothing else is dropped: machine formats carry every
/// diagnostic, and the human format caps repeats itself ([`crate::diag::cap`]).
pub fn dedup(diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    diags.retain(|d| seen.insert((d.code, d.span, d.message.clone())));
}

/// One file of the built site, relative to the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder (`html/csfle/page.html`).
    pub path: String,
    /// Contents.
    pub contents: Vec<u8>,
}

/// Renders every page to HTML and Markdown, plus the stylesheet.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    extra_body_html: Option<&str>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let timings = Timings::default();
    let results: Vec<(Vec<OutputFile>, Option<Diagnostic>)> = site
        .pages
        .par_iter()
        .map(|p| render_page_timed(site, p, templates, extra_body_html, &timings))
        .collect();
    let (mut files, mut diags) = shared_files(site, templates, extra_body_html);
    for (f, d) in results {
        files.extend(f);
        diags.extend(d);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    (files, diags)
}

/// The files of the site that are not one page each: the stylesheet, the
/// scripts, the navigation tree and (when the project has no `index` page)
/// the generated index.
pub fn shared_files(
    site: &Site,
    templates: &Templates,
    extra_body_html: Option<&str>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = vec![
        OutputFile {
            path: "html/_static/procdoc.css".into(),
            contents: templates.stylesheet().as_bytes().to_vec(),
        },
        OutputFile {
            path: "html/_static/procdoc.js".into(),
            contents: templates.script().as_bytes().to_vec(),
        },
        OutputFile {
            path: format!("html/{}", crate::render::nav::NAV_SCRIPT_PATH),
            contents: crate::render::nav::nav_script(&site.info).into_bytes(),
        },
    ];
    let mut diags = Vec::new();
    if !site.summaries.iter().any(|p| p.name == "index") {
        let index = LoadedPage {
            name: "index".into(),
            doc: index_document(&site.info),
            deps: Default::default(),
            diags: Vec::new(),
        };
        let (f, d) = render_page(site, &index, templates, extra_body_html);
        files.extend(f);
        diags.extend(d);
    }
    crate::render::notfound::add_to(site, templates, &mut files, &mut diags);
    (files, diags)
}

/// The generated front page: the site title and a link to every page.
pub fn index_document(info: &SiteInfo) -> Document {
    let span = Span::new(FileId(0), 0, 0);
    let inline = |kind| Inline { kind, span };
    let link = |page: &str, title: &str| {
        inline(InlineKind::Doc {
            title: Some(title.to_string()),
            target: format!("/{page}"),
            resolved: Some(Box::new(ResolvedRef {
                title: title.to_string(),
                target: RefTarget::Page {
                    page: page.to_string(),
                    anchor: None,
                },
            })),
        })
    };
    let item = |inlines: Vec<Inline>| ListItem {
        children: vec![Block {
            kind: BlockKind::Paragraph(inlines),
            span,
        }],
        span,
    };
    let items = info
        .pages
        .iter()
        .map(|p| {
            let mut v = vec![link(&p.name, &p.title)];
            v.push(inline(InlineKind::Text(format!(
                " — {}",
                page_description(p)
            ))));
            // The page shows one side of a variant pair: name the other.
            for pair in &info.pairs {
                let other = if pair.left.pages.contains(&p.name) {
                    &pair.right
                } else if pair.right.pages.contains(&p.name) {
                    &pair.left
                } else {
                    continue;
                };
                v.push(inline(InlineKind::Text(format!(
                    "; a variant of “{}” (",
                    info.side_title(other)
                ))));
                v.push(link(&pair.page, "compare them"));
                v.push(inline(InlineKind::Text(")".into())));
            }
            v.push(inline(InlineKind::Text(".".into())));
            item(v)
        })
        .collect();
    let mut children = vec![Block {
        kind: BlockKind::BulletList(items),
        span,
    }];
    if !info.pairs.is_empty() {
        children.push(Block {
            kind: BlockKind::Paragraph(vec![inline(InlineKind::Text(
                "Variant comparisons:".into(),
            ))]),
            span,
        });
        let items = info
            .pairs
            .iter()
            .map(|pair| {
                let (l, r) = (info.side_title(&pair.left), info.side_title(&pair.right));
                item(vec![
                    link(&pair.page, &format!("{l} ↔ {r}")),
                    inline(InlineKind::Text(
                        " — a comparison of the two variants, step by step.".into(),
                    )),
                ])
            })
            .collect();
        children.push(Block {
            kind: BlockKind::BulletList(items),
            span,
        });
    }
    if info.comparisons {
        children.push(Block {
            kind: BlockKind::Paragraph(vec![
                inline(InlineKind::Text("See the ".into())),
                inline(InlineKind::Doc {
                    title: Some("variant comparisons".into()),
                    target: "/diff/index".into(),
                    resolved: Some(Box::new(ResolvedRef {
                        title: "variant comparisons".into(),
                        target: RefTarget::Page {
                            page: "diff/index".into(),
                            anchor: None,
                        },
                    })),
                }),
                inline(InlineKind::Text(
                    " for where paired pages drift apart.".into(),
                )),
            ]),
            span,
        });
    }
    Document {
        file: FileId(0),
        blocks: vec![Block {
            kind: BlockKind::Section(Section {
                level: 1,
                title: vec![inline(InlineKind::Text(info.title.clone()))],
                id: "index".into(),
                children,
            }),
            span,
        }],
    }
}

/// Renders one page to its HTML and Markdown files.
pub fn render_page(
    site: &Site,
    page: &LoadedPage,
    templates: &Templates,
    extra_body_html: Option<&str>,
) -> (Vec<OutputFile>, Option<Diagnostic>) {
    render_page_timed(site, page, templates, extra_body_html, &Timings::default())
}

#[allow(clippy::result_large_err)] // Diagnostic is the crate's error type.
fn render_page_timed(
    site: &Site,
    page: &LoadedPage,
    templates: &Templates,
    extra_body_html: Option<&str>,
    timings: &Timings,
) -> (Vec<OutputFile>, Option<Diagnostic>) {
    let ctx = RenderContext {
        site: &site.info,
        page: &page.name,
        extra_body_html,
    };
    let mut files = Vec::with_capacity(2);
    let mut diag = None;
    match timings
        .render_html
        .time(|| html::render_page(&page.doc, &ctx, templates))
    {
        Ok(h) => files.push(OutputFile {
            path: format!("html/{}.html", page.name),
            contents: h.into_bytes(),
        }),
        Err(d) => diag = Some(d),
    }
    let md = timings
        .render_markdown
        .time(|| markdown::render_markdown(&page.doc, &ctx));
    files.push(OutputFile {
        path: format!("markdown/{}.md", page.name),
        contents: md.into_bytes(),
    });
    (files, diag)
}

/// What the index says a page is.
fn page_description(p: &PageInfo) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match (p.steps, p.list_steps) {
        (0, 0) => "a page without steps".into(),
        (0, n) => format!("{n} step{} as a numbered list", plural(n)),
        (n, _) => format!("a procedure in {n} step{}", plural(n)),
    }
}

/// Options for [`build`].
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// Output folder (default `<root>/build`).
    pub out: Option<PathBuf>,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// Write the site even when there are errors (the build still fails).
    pub keep_going: bool,
}

/// What a build did.
#[derive(Debug)]
pub struct BuildReport {
    /// All diagnostics, sorted.
    pub diags: Vec<Diagnostic>,
    /// Where the site was written (None when the build failed).
    pub written: Option<PathBuf>,
    /// Number of pages.
    pub pages: usize,
    /// Where the time went.
    pub timings: Timings,
}

/// Builds the site: loads, renders and, when there are no errors (and no
/// warnings with `deny_warnings`), writes it. Each page is parsed again,
/// resolved, rendered and written to the staging folder on its own thread,
/// then dropped: memory holds the summaries, never every tree or the whole
/// output.
pub fn build(project: &Project, load_diags: Vec<Diagnostic>, opts: &BuildOptions) -> BuildReport {
    let started = Instant::now();
    let mut timings = Timings::default();
    let mut diags = load_diags;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| project.root.join("build"));
    let out = match crate::output::check_out_dir(&project.root, &out) {
        Ok(out) => out,
        Err(e) => {
            diags.push(Diagnostic::error(Code::OutputRefused, e.to_string()));
            return BuildReport {
                diags,
                written: None,
                pages: 0,
                timings,
            };
        }
    };
    let t = Instant::now();
    // Trees are kept only for the pages the comparison pages read; every
    // other page is parsed again when it is rendered (memory holds the
    // summaries and one tree per thread, not the site).
    let keep = crate::diff::planned_files(project);
    let mut site = load_outline(project, &|p| keep.contains(p.path.rel()));
    timings.load = t.elapsed();
    diags.extend(site.diags.iter().cloned());
    let (templates, tdiags) = Templates::load(&project.root, &project.db);
    diags.extend(tdiags);
    let fails = |diags: &[Diagnostic]| {
        diags
            .iter()
            .any(|d| d.severity == Severity::Error || opts.deny_warnings)
    };
    // Stage only while the build can still succeed: a build that fails
    // before writing leaves no trace, not even an empty output folder.
    let out_existed = out.exists();
    let mut staging = None;
    if opts.keep_going || !fails(&diags) {
        match crate::output::Staging::create(&out) {
            Ok(s) => staging = Some(s),
            Err(e) => diags.push(write_error(&out, &e)),
        }
    }
    // The comparison pages reuse the pages loaded above; computed once,
    // before the pages, which link to them.
    let t = Instant::now();
    let sd = crate::diff::site_pages(project, &site.pages, &site.summaries, &templates);
    site.info.pairs = sd.pairs.clone();
    timings.diff_pages = t.elapsed();
    let t = Instant::now();
    let sink = |f: OutputFile| -> std::io::Result<()> {
        match &staging {
            Some(s) => timings.write.time(|| s.write(&f.path, &f.contents)),
            None => Ok(()),
        }
    };
    let kept: std::collections::HashMap<&str, &LoadedPage> =
        site.pages.iter().map(|p| (p.name.as_str(), p)).collect();
    type Rendered = (
        Vec<Diagnostic>,
        BTreeMap<String, String>,
        std::io::Result<()>,
    );
    let rendered: Vec<Rendered> = project
        .pages
        .par_iter()
        .map(|p| {
            let (files, d, mut page_diags, images) = match kept.get(p.name.as_str()) {
                Some(lp) => {
                    let (f, d) = render_page_timed(&site, lp, &templates, None, &timings);
                    (f, d, Vec::new(), BTreeMap::new())
                }
                None => {
                    let (lp, diags) = timings.reparse.time(|| {
                        let mut lp = load_page_filled(project, p);
                        let refs = refs::resolve_page(project, &site.labels, &mut lp);
                        let mut diags = std::mem::take(&mut lp.diags);
                        diags.extend(refs);
                        (lp, diags)
                    });
                    let images = crate::assets::images_of(std::iter::once(&lp));
                    let (f, d) = render_page_timed(&site, &lp, &templates, None, &timings);
                    (f, d, diags, images)
                }
            };
            page_diags.extend(d);
            (page_diags, images, files.into_iter().try_for_each(sink))
        })
        .collect();
    let mut io_error = None;
    let mut page_diags = Vec::new();
    let mut images = std::mem::take(&mut site.images);
    for (d, imgs, w) in rendered {
        page_diags.extend(d);
        for (output, source) in imgs {
            images.entry(output).or_insert(source);
        }
        if let Err(e) = w {
            io_error.get_or_insert(e);
        }
    }
    let (shared, sdiags) = shared_files(&site, &templates, None);
    diags.extend(sdiags);
    for f in shared {
        if let Err(e) = sink(f) {
            io_error.get_or_insert(e);
        }
    }
    diags.extend(page_diags);
    if let Err(e) = crate::assets::copy_images(&project.root, &images, &mut |f| sink(f)) {
        io_error.get_or_insert(e);
    }
    timings.pages = t.elapsed();
    let t = Instant::now();
    let mut diff_files = Vec::new();
    if let Some(md) = sd.markdown {
        diff_files.push(OutputFile {
            path: "markdown/diff/index.md".into(),
            contents: md.into_bytes(),
        });
    }
    diff_files.extend(sd.html.into_iter().map(|pg| OutputFile {
        path: format!("html/{}", pg.path),
        contents: pg.html.into_bytes(),
    }));
    diff_files.extend(sd.markdown_pages.into_iter().map(|pg| OutputFile {
        path: format!("markdown/{}", pg.path),
        contents: pg.html.into_bytes(),
    }));
    for f in diff_files {
        if let Err(e) = sink(f) {
            io_error.get_or_insert(e);
        }
    }
    diags.extend(sd.diags);
    timings.diff_pages += t.elapsed();
    if let Some(e) = io_error {
        diags.push(write_error(&out, &e));
    }
    // A fragment included by several pages (kept or parsed again) reports
    // its problems once.
    dedup(&mut diags);
    crate::diag::render::sort(&project.db, &mut diags);
    let mut written = None;
    let t = Instant::now();
    match staging {
        Some(s) if opts.keep_going || !fails(&diags) => match s.commit() {
            Ok(()) => written = Some(out),
            Err(e) => diags.push(write_error(&out, &e)),
        },
        Some(s) => {
            drop(s);
            if !out_existed {
                // Only removes the folder if the build left it empty.
                let _ = std::fs::remove_dir(&out);
            }
        }
        None => {}
    }
    timings.commit = t.elapsed();
    let pages = site.summaries.len();
    // Freeing thousands of page trees is measurable: in parallel.
    site.pages.into_par_iter().for_each(drop);
    timings.total = started.elapsed();
    BuildReport {
        diags,
        written,
        pages,
        timings,
    }
}

fn write_error(out: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        Code::IoError,
        format!("cannot write the site to `{}`: {e}", out.display()),
    )
}

/// Writes files under `out/<html|markdown>`: into a staging folder, then
/// swapped into place, both folders or neither (see [`crate::output`]).
/// Folders procdoc did not create are never replaced or deleted.
pub fn write_output(out: &Path, files: &[OutputFile]) -> std::io::Result<()> {
    let staging = crate::output::Staging::create(out)?;
    files
        .par_iter()
        .try_for_each(|f| staging.write(&f.path, &f.contents))?;
    staging.commit()
}
