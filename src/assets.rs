//! Files pages use besides their own text: the images of `image`/`figure`
//! directives and `|name| image::` substitutions. Each is read once (however
//! many pages show it) from inside the docs root and copied into both output
//! trees at the path the resolver chose (`_images/…`), so the HTML and the
//! Markdown trees each stand alone. The copies go through the same staging
//! folder as the pages, so a build stays all-or-nothing.

use crate::doc::{walk_blocks, BlockKind, Image, Inline, InlineKind};
use crate::resolve::LoadedPage;
use crate::site::OutputFile;
use std::collections::BTreeMap;
use std::path::Path;

/// Every image the pages show: output path (`_images/x.png`) → source path
/// relative to the root, in a stable order.
pub fn images_of<'a>(pages: impl IntoIterator<Item = &'a LoadedPage>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |img: &Image| {
        if let (Some(o), Some(s)) = (&img.output, &img.source) {
            out.entry(o.clone()).or_insert_with(|| s.clone());
        }
    };
    for p in pages {
        walk_blocks(&p.doc.blocks, &mut |b| {
            for list in inline_lists(&b.kind) {
                inline_images(list, &mut add, 0);
            }
            if let BlockKind::Image(img) = &b.kind {
                add(img);
            }
        });
    }
    out
}

/// The inline lists a block holds itself (not those of nested blocks).
fn inline_lists(k: &BlockKind) -> Vec<&[Inline]> {
    match k {
        BlockKind::Section(s) => vec![&s.title],
        BlockKind::Paragraph(p) => vec![p],
        BlockKind::LineBlock(ls) => ls.iter().map(|l| &l[..]).collect(),
        BlockKind::DefinitionList(items) => items.iter().map(|i| &i.term[..]).collect(),
        BlockKind::Admonition(a) => a.title.iter().map(|t| &t[..]).collect(),
        BlockKind::Procedure(p) => p.steps.iter().map(|s| &s.heading[..]).collect(),
        BlockKind::Table(t) => t.title.iter().map(|t| &t[..]).collect(),
        BlockKind::Generic(g) => vec![&g.argument],
        BlockKind::Image(img) => vec![&img.caption],
        _ => Vec::new(),
    }
}

fn inline_images(list: &[Inline], add: &mut dyn FnMut(&Image), depth: usize) {
    if depth > crate::rst::MAX_DEPTH {
        return;
    }
    for i in list {
        match &i.kind {
            InlineKind::Image(img) => add(img),
            InlineKind::Substitution { children, .. }
            | InlineKind::Link { children, .. }
            | InlineKind::NamedRef { children, .. }
            | InlineKind::Emphasis(children)
            | InlineKind::Strong(children) => inline_images(children, add, depth + 1),
            _ => {}
        }
    }
}

/// Reads image `source` (relative to `root`), refusing anything that is not
/// a file inside the root once symlinks are resolved.
pub fn read_image(root: &Path, source: &str) -> std::io::Result<Vec<u8>> {
    let p = crate::project::paths::resolve_in(root, &root.join(source))
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::PermissionDenied, e.to_string()))?;
    std::fs::read(p.abs())
}

/// The output files of every image (output path → source path, as
/// [`images_of`] gives them), once each, in both trees. Calls `sink` for each; returns the first I/O error.
pub fn copy_images(
    root: &Path,
    images: &BTreeMap<String, String>,
    sink: &mut dyn FnMut(OutputFile) -> std::io::Result<()>,
) -> std::io::Result<usize> {
    for (output, source) in images {
        let bytes = read_image(root, source)?;
        for tree in ["html", "markdown"] {
            sink(OutputFile {
                path: format!("{tree}/{output}"),
                contents: bytes.clone(),
            })?;
        }
    }
    Ok(images.len())
}
