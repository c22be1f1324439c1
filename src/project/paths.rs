//! Safe paths: a [`DocPath`] can only point at an existing file inside the
//! docs root. Every path a user writes goes through here, so no directive can
//! read outside the root, through `..` or through a symlink.

use std::path::{Component, Path, PathBuf};
use thiserror::Error;

/// A file inside the docs root: canonical absolute path plus the path
/// relative to the root (with `/` separators).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPath {
    rel: String,
    abs: PathBuf,
}

impl DocPath {
    /// Path relative to the root, `/`-separated.
    pub fn rel(&self) -> &str {
        &self.rel
    }

    /// Canonical absolute path.
    pub fn abs(&self) -> &Path {
        &self.abs
    }

    /// The folder holding this file.
    pub fn dir(&self) -> &Path {
        self.abs.parent().unwrap_or(&self.abs)
    }

    /// A file that exists only in memory (a generated giza fragment), at
    /// `rel` (`/`-separated, already checked to stay inside `root`).
    pub fn virtual_file(root: &Path, rel: &str) -> DocPath {
        let mut abs = root.to_path_buf();
        abs.extend(rel.split('/').filter(|c| !c.is_empty()));
        DocPath {
            rel: rel.to_string(),
            abs,
        }
    }
}

/// Why a written path was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum PathError {
    /// The path leaves the root (`..` past the top, or a symlink out).
    #[error("`{0}` is outside the docs root")]
    OutsideRoot(String),
    /// No such file.
    #[error("`{0}` does not exist")]
    NotFound(String),
    /// The path names a folder, not a file.
    #[error("`{0}` is not a file")]
    NotAFile(String),
    /// The path is empty.
    #[error("the path is empty")]
    Empty,
}

/// `/`-separated form of a relative path.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks that the existing file `path` is inside `root` (canonical) once
/// symlinks are resolved.
pub fn resolve_in(root: &Path, path: &Path) -> Result<DocPath, PathError> {
    let shown = path
        .strip_prefix(root)
        .map(slash_path)
        .unwrap_or_else(|_| path.display().to_string());
    let abs = path
        .canonicalize()
        .map_err(|_| PathError::NotFound(shown.clone()))?;
    let rel = abs
        .strip_prefix(root)
        .map_err(|_| PathError::OutsideRoot(shown.clone()))?;
    if !abs.is_file() {
        return Err(PathError::NotAFile(shown));
    }
    Ok(DocPath {
        rel: slash_path(rel),
        abs,
    })
}

/// Resolves a path written in a directive of file `from`: `/x` starts at
/// `abs_base`, anything else at `from`'s folder. `..` is collapsed lexically
/// first and may not climb above `root`.
pub fn resolve_written(
    root: &Path,
    abs_base: &Path,
    from: &DocPath,
    written: &str,
) -> Result<DocPath, PathError> {
    let (abs, shown) = lexical(root, abs_base, from, written)?;
    shown_as_written(resolve_in(root, &abs), &shown, written)
}

/// The lexical part of [`resolve_written`]: the absolute path (not yet
/// checked on disk) and its root-relative form.
pub fn lexical(
    root: &Path,
    abs_base: &Path,
    from: &DocPath,
    written: &str,
) -> Result<(PathBuf, String), PathError> {
    let written = written.trim();
    if written.is_empty() {
        return Err(PathError::Empty);
    }
    let (base, rest) = match written.strip_prefix('/') {
        Some(rest) => (abs_base, rest),
        None => (from.dir(), written),
    };
    let Ok(base_rel) = base.strip_prefix(root) else {
        return Err(PathError::OutsideRoot(written.to_string()));
    };
    // Lexical normalisation relative to the root.
    let mut parts: Vec<String> = base_rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for comp in Path::new(rest).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(PathError::OutsideRoot(written.to_string()));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(PathError::OutsideRoot(written.to_string()))
            }
        }
    }
    let mut abs = root.to_path_buf();
    abs.extend(&parts);
    Ok((abs, parts.join("/")))
}

/// A [`resolve_in`] result with its errors naming the path as written.
pub fn shown_as_written(
    resolved: Result<DocPath, PathError>,
    shown: &str,
    written: &str,
) -> Result<DocPath, PathError> {
    match resolved {
        Err(PathError::NotFound(_)) => Err(PathError::NotFound(shown.to_string())),
        Err(PathError::OutsideRoot(_)) => Err(PathError::OutsideRoot(written.trim().to_string())),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_escapes_and_accepts_inside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/x.rst"), "x").unwrap();
        std::fs::write(root.join("top.rst"), "t").unwrap();
        let from = resolve_in(&root, &root.join("a/b/x.rst")).unwrap();
        assert_eq!(
            resolve_written(&root, &root, &from, "../../top.rst")
                .unwrap()
                .rel(),
            "top.rst"
        );
        assert_eq!(
            resolve_written(&root, &root, &from, "/a/b/x.rst")
                .unwrap()
                .rel(),
            "a/b/x.rst"
        );
        assert!(matches!(
            resolve_written(&root, &root, &from, "../../../etc/passwd"),
            Err(PathError::OutsideRoot(_))
        ));
        assert!(matches!(
            resolve_written(&root, &root, &from, "nope.rst"),
            Err(PathError::NotFound(_))
        ));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", root.join("link.rst")).unwrap();
            assert!(matches!(
                resolve_written(&root, &root, &from, "/link.rst"),
                Err(PathError::OutsideRoot(_))
            ));
        }
    }
}
