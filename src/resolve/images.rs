//! Finding the files of `image` and `figure` directives (and `|name|
//! image::` substitutions): the same path rules as `include` (`/…` from the
//! source root, anything else from the including file's folder), never
//! outside the docs root, symlinks included. A missing file is an error at
//! the path's line and column, with a did-you-mean from its folder.

use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, Image, InlineKind};
use crate::project::{DocPath, PathError, Project};
use crate::text::Span;

/// Where every copied image goes, in each output tree.
pub const IMAGES_DIR: &str = "_images";

/// Resolves `img` (written in file `from`), once; records where the copy
/// goes or reports why there is none.
pub fn resolve(project: &Project, from: &DocPath, img: &mut Image, diags: &mut Vec<Diagnostic>) {
    if img.checked {
        return;
    }
    img.checked = true;
    if img.is_url() || img.path.trim().is_empty() {
        return;
    }
    let span = img.path_span;
    match project.resolve_path(from, &img.path) {
        Ok(p) => {
            img.output = Some(output_path(project, &p));
            img.source = Some(p.rel().to_string());
        }
        Err(e) => diags.push(problem(project, from, &img.path, e, span)),
    }
}

/// Resolves every image inside inline content of `blocks` (substituted
/// `|name|` images) that was not looked at yet.
pub fn resolve_inline(
    project: &Project,
    from: &DocPath,
    blocks: &mut [Block],
    diags: &mut Vec<Diagnostic>,
) {
    crate::doc::visit_inlines_mut(blocks, &mut |i| {
        if let InlineKind::Image(img) = &mut i.kind {
            if img.path_span.is_none() {
                img.path_span = Some(i.span);
            }
            resolve(project, from, img, diags);
        }
    });
}

/// The copy's path in an output tree: `_images/` and the path below the
/// source folder (`source/images/x.png` → `_images/images/x.png`); files
/// outside the source folder keep their root-relative path under `_root/`.
fn output_path(project: &Project, p: &DocPath) -> String {
    let source_rel = project
        .source_dir
        .strip_prefix(&project.root)
        .map(crate::project::paths::slash_path)
        .unwrap_or_default();
    let rel = p.rel();
    match rel
        .strip_prefix(&source_rel)
        .and_then(|r| r.strip_prefix('/'))
    {
        Some(below) if !source_rel.is_empty() => format!("{IMAGES_DIR}/{below}"),
        _ if source_rel.is_empty() => format!("{IMAGES_DIR}/{rel}"),
        _ => format!("{IMAGES_DIR}/_root/{rel}"),
    }
}

fn problem(
    project: &Project,
    from: &DocPath,
    written: &str,
    e: PathError,
    span: Option<Span>,
) -> Diagnostic {
    let (code, help) = match &e {
        PathError::OutsideRoot(_) => (
            Code::PathOutsideRoot,
            "images must live inside the docs root (no `..` past it, no symlinks out)".to_string(),
        ),
        PathError::NotFound(_) | PathError::NotAFile(_) => (
            Code::ImageNotFound,
            suggestion(project, from, written).unwrap_or_else(|| {
                "check the path: `/…` starts at the source folder, anything else at the including file's folder".to_string()
            }),
        ),
        PathError::Empty => (Code::MissingArgument, "give the image's path".to_string()),
    };
    let what = if code == Code::PathOutsideRoot {
        "image refused"
    } else {
        "image not found"
    };
    let mut d = Diagnostic::error(code, format!("{what}: {e}")).with_help(help);
    if let Some(s) = span {
        d = d.with_span(s);
    }
    d
}

/// "did you mean `x.png`?" from the files of the folder the path names
/// (when that folder exists inside the root).
fn suggestion(project: &Project, from: &DocPath, written: &str) -> Option<String> {
    let written = written.trim();
    let (dir, name) = match written.rsplit_once('/') {
        Some((d, n)) => (d, n),
        None => ("", written),
    };
    let base = if written.starts_with('/') {
        project.abs_base.clone()
    } else {
        from.dir().to_path_buf()
    };
    let folder = base.join(dir.trim_start_matches('/'));
    let folder = folder.canonicalize().ok()?;
    if !folder.starts_with(&project.root) {
        return None;
    }
    let names: Vec<String> = std::fs::read_dir(&folder)
        .ok()?
        .take(10_000)
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    let best = crate::suggest::did_you_mean(name, names.iter().map(String::as_str))?;
    let shown = if dir.is_empty() {
        best
    } else {
        format!("{dir}/{best}")
    };
    Some(format!("did you mean `{shown}`?"))
}
