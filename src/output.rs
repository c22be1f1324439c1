//! The output folder: where a build may write, and how it writes so that a
//! failed or killed build never leaves a half-written site.
//!
//! - [`check_out_dir`] refuses a file-system root, the home folder, an
//!   ancestor of the docs root, and a folder inside the root that a symlink
//!   sends elsewhere.
//! - [`Staging`] takes a lock on the output folder (concurrent builds into
//!   one folder wait for each other instead of racing), removes staging
//!   folders that killed builds left behind, takes files as they are
//!   rendered (from several threads), and [`Staging::commit`] swaps
//!   `html/` and `markdown/` into place together: if any step fails, the old
//!   site is put back as it was.
//! - Folders procdoc did not create (no marker file) are never replaced.
//! - The site a commit replaces is kept as `.procdoc-spare-<html|markdown>`
//!   and becomes the next build's staging folder (Unix): a rebuild
//!   overwrites files that exist instead of deleting thousands of files and
//!   creating them again, which on ext4 cost a third of a rebuild's time
//!   (inode allocation scans past recently deleted inodes). Files the new
//!   build does not write are removed before the commit; symlinks, other
//!   non-regular files and files with other hard links are removed when the
//!   spare is taken, so no write can leave the staging folder or change a
//!   file shared with another tree.

use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The folders of the output that procdoc owns.
pub const OUTPUT_DIRS: [&str; 2] = ["html", "markdown"];
/// Marker file proving procdoc created a folder.
pub const MARKER: &str = ".procdoc-output";
/// Lock file taken while a build writes into the output folder, where the
/// folder itself cannot be locked (not on Unix).
pub const LOCK_FILE: &str = ".procdoc-lock";
const STAGING_PREFIX: &str = ".procdoc-staging-";
const OLD_PREFIX: &str = ".procdoc-old-";
const SPARE_PREFIX: &str = ".procdoc-spare-";

/// Why an output folder is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OutDirError {
    /// `/`, a drive root, or the home folder.
    #[error("refusing to write the site into `{0}`: it is a file-system root or the home folder; choose a dedicated folder such as `build`")]
    SystemFolder(String),
    /// The folder holds the docs root.
    #[error("refusing to write the site into `{0}`: it holds the docs root; choose a folder such as `<root>/build`")]
    AncestorOfRoot(String),
    /// Inside the root by name, outside it once symlinks are followed.
    #[error("refusing to write the site into `{0}`: a symlink sends it outside the docs root; remove the symlink or pass --out with a real folder")]
    SymlinkOut(String),
}

/// `path` made absolute (against the working folder) with `.` and `..`
/// removed lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().unwrap_or_default()
    };
    let mut out = PathBuf::new();
    for c in base.join(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Checks that a build may write into `out` for the docs root `root`
/// (canonical). Returns the folder to write to.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<PathBuf, OutDirError> {
    let out = absolute(out);
    let shown = out.display().to_string();
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| absolute(Path::new(&h)));
    let canonical = canonical_prefix(&out);
    for candidate in [&out, &canonical] {
        if candidate.parent().is_none() || home.as_deref() == Some(candidate.as_path()) {
            return Err(OutDirError::SystemFolder(shown));
        }
        if root.starts_with(candidate) && root != candidate.as_path() {
            return Err(OutDirError::AncestorOfRoot(shown));
        }
    }
    if out.starts_with(root) && !canonical.starts_with(root) {
        return Err(OutDirError::SymlinkOut(shown));
    }
    Ok(out)
}

/// `path` with its longest existing prefix canonicalised (symlinks
/// followed) and the rest appended.
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut c = c;
            c.extend(rest.iter().rev());
            return c;
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// A step of [`Staging::commit`], for tests that inject failures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitStep {
    /// About to move the old `html/` or `markdown/` aside.
    MoveOldAside(&'static str),
    /// About to move the new folder into place.
    MoveNewIn(&'static str),
}

/// A staging folder inside the output folder, holding the output lock.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    _lock: File,
    committed: bool,
    /// Folders known to exist in the staging folder: a site has a few
    /// folders and thousands of files, so each is created (and checked) once.
    made_dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    /// Files of a recycled spare site that this build has not written yet
    /// (paths relative to the staging folder); removed before the commit.
    stale: std::sync::Mutex<Spare>,
}

/// What a recycled spare site holds, found when it is taken.
#[derive(Debug, Default)]
struct Spare {
    files: std::collections::HashSet<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Staging {
    /// Creates `out` if needed, takes its lock (waiting for another build
    /// that holds it), removes what killed builds left behind, and creates a
    /// fresh staging folder. Refuses when `html/` or `markdown/` exist but
    /// were not created by procdoc.
    pub fn create(out: &Path) -> io::Result<Staging> {
        std::fs::create_dir_all(out)?;
        let lock = open_lock(out)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                eprintln!(
                    "note: waiting for another procdoc build writing into `{}`",
                    out.display()
                );
                lock.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        for d in OUTPUT_DIRS {
            let existing = out.join(d);
            if existing.symlink_metadata().is_ok() && !existing.join(MARKER).is_file() {
                return Err(io::Error::other(format!(
                    "`{}` exists and was not created by procdoc; refusing to replace it (move it away or choose another --out)",
                    existing.display()
                )));
            }
        }
        // Holding the lock, any staging or old folder is a leftover of a
        // build that was killed.
        remove_leftovers(out)?;
        let dir = out.join(format!("{STAGING_PREFIX}{}", std::process::id()));
        let mut spare = Spare::default();
        std::fs::create_dir_all(&dir)?;
        for d in OUTPUT_DIRS {
            let staged = dir.join(d);
            if !take_spare(out, d, &staged)? {
                std::fs::create_dir_all(&staged)?;
            } else {
                scan_spare(&dir, &staged, &mut spare)?;
            }
            let marker = staged.join(MARKER);
            spare.files.remove(&Path::new(d).join(MARKER));
            std::fs::write(
                marker,
                "created by procdoc; this folder is replaced on every build\n",
            )?;
        }
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            _lock: lock,
            committed: false,
            made_dirs: Default::default(),
            stale: std::sync::Mutex::new(spare),
        })
    }

    /// Writes one output file (`html/x.html`), creating its folders. Safe
    /// to call from several threads.
    pub fn write(&self, rel: &str, contents: &[u8]) -> io::Result<()> {
        let rel = safe_rel(rel)?;
        let dest = self.dir.join(rel);
        let existed = match self.stale.lock() {
            Ok(mut stale) => !stale.files.is_empty() && stale.files.remove(rel),
            Err(_) => false,
        };
        if let Some(parent) = dest.parent() {
            let known = self
                .made_dirs
                .lock()
                .map(|d| d.contains(parent))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut d) = self.made_dirs.lock() {
                    d.insert(parent.to_path_buf());
                }
            }
        }
        if existed {
            overwrite(&dest, contents)
        } else {
            std::fs::write(dest, contents)
        }
    }

    /// Swaps the staged `html/` and `markdown/` into place, both or neither.
    pub fn commit(self) -> io::Result<()> {
        self.commit_with(&mut |_| Ok(()))
    }

    /// [`Staging::commit`] with a hook called before each step; an error
    /// from the hook fails that step (tests inject failures with it).
    pub fn commit_with(
        mut self,
        hook: &mut dyn FnMut(CommitStep) -> io::Result<()>,
    ) -> io::Result<()> {
        self.remove_stale()?;
        let pid = std::process::id();
        let mut aside: Vec<(&str, PathBuf)> = Vec::new();
        let mut moved_in: Vec<&str> = Vec::new();
        let mut run = || -> io::Result<()> {
            for d in OUTPUT_DIRS {
                let target = self.out.join(d);
                if target.symlink_metadata().is_ok() {
                    hook(CommitStep::MoveOldAside(d))?;
                    let old = self.out.join(format!("{OLD_PREFIX}{pid}-{d}"));
                    std::fs::rename(&target, &old)?;
                    aside.push((d, old));
                }
            }
            for d in OUTPUT_DIRS {
                hook(CommitStep::MoveNewIn(d))?;
                std::fs::rename(self.dir.join(d), self.out.join(d))?;
                moved_in.push(d);
            }
            Ok(())
        };
        let result = run();
        if let Err(e) = result {
            // Roll back: new folders out, old folders back.
            for d in moved_in.iter().rev() {
                let _ = std::fs::rename(self.out.join(d), self.dir.join(d));
            }
            for (d, old) in aside.iter().rev() {
                let _ = std::fs::rename(old, self.out.join(d));
            }
            return Err(e);
        }
        self.committed = true;
        for (d, old) in aside {
            // Kept for the next build to write over (see the module doc); a
            // failure here leaves a folder the next build removes.
            if !cfg!(unix)
                || std::fs::rename(&old, self.out.join(format!("{SPARE_PREFIX}{d}"))).is_err()
            {
                let _ = remove_tree(&old);
            }
        }
        let _ = remove_tree(&self.dir);
        Ok(())
    }

    /// Removes the files of a recycled spare that this build did not
    /// write, then the folders that leaves empty (deepest first).
    fn remove_stale(&self) -> io::Result<()> {
        let spare = match self.stale.lock() {
            Ok(mut s) => std::mem::take(&mut *s),
            Err(_) => return Err(io::Error::other("a thread writing the site panicked")),
        };
        for f in &spare.files {
            std::fs::remove_file(self.dir.join(f))?;
        }
        if !spare.files.is_empty() {
            for d in spare.dirs.iter().rev() {
                // Fails, harmlessly, when the folder still holds files.
                let _ = std::fs::remove_dir(self.dir.join(d));
            }
        }
        Ok(())
    }
}

/// Writes over a file of the recycled spare. Not truncated first: ext4
/// flushes a file emptied by truncation and rewritten when it is closed
/// (its `auto_da_alloc` safeguard), so the new contents are written from
/// the start and the file is cut only when it was longer.
fn overwrite(dest: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut f = File::options().write(true).open(dest)?;
    f.write_all(contents)?;
    let len = contents.len() as u64;
    if f.metadata()?.len() > len {
        f.set_len(len)?;
    }
    Ok(())
}

/// Moves the spare site folder `d` kept by the last build to `staged`, when
/// there is one that procdoc created; removes anything else by that name.
/// Returns whether a spare was taken.
fn take_spare(out: &Path, d: &str, staged: &Path) -> io::Result<bool> {
    let spare = out.join(format!("{SPARE_PREFIX}{d}"));
    let Ok(meta) = spare.symlink_metadata() else {
        return Ok(false);
    };
    if cfg!(unix)
        && meta.is_dir()
        && spare
            .join(MARKER)
            .symlink_metadata()
            .is_ok_and(|m| m.is_file())
    {
        std::fs::rename(&spare, staged)?;
        return Ok(true);
    }
    if meta.is_dir() {
        remove_tree(&spare)?;
    } else {
        std::fs::remove_file(&spare)?;
    }
    Ok(false)
}

/// Lists a taken spare's files and folders (relative to `base`), removing
/// what a build must not write through: symlinks, anything that is not a
/// regular file or folder, and files with other hard links.
fn scan_spare(base: &Path, dir: &Path, spare: &mut Spare) -> io::Result<()> {
    let rel = |p: &Path| p.strip_prefix(base).unwrap_or(p).to_path_buf();
    spare.dirs.push(rel(dir));
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            scan_spare(base, &path, spare)?;
        } else if kind.is_file() && !shared_inode(&entry)? {
            spare.files.insert(rel(&path));
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Whether a file has other hard links (writing it would change them too).
#[cfg(unix)]
fn shared_inode(entry: &std::fs::DirEntry) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    Ok(entry.metadata()?.nlink() > 1)
}

#[cfg(not(unix))]
fn shared_inode(_: &std::fs::DirEntry) -> io::Result<bool> {
    Ok(true)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The file to lock for `out`: the folder itself on Unix (so no lock file
/// is left in the output), a lock file elsewhere.
fn open_lock(out: &Path) -> io::Result<File> {
    if cfg!(unix) {
        File::open(out)
    } else {
        File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(out.join(LOCK_FILE))
    }
}

/// A relative output path with no way out of the staging folder.
fn safe_rel(rel: &str) -> io::Result<&Path> {
    let p = Path::new(rel);
    if p.components().all(|c| matches!(c, Component::Normal(_))) {
        Ok(p)
    } else {
        Err(io::Error::other(format!("invalid output path `{rel}`")))
    }
}

/// Removes a folder and everything in it, sub-folders in parallel (the old
/// site of a large project is tens of thousands of files). Symlinks are
/// removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        // `file_type` does not follow symlinks.
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

fn remove_leftovers(out: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(STAGING_PREFIX) || name.starts_with(OLD_PREFIX) {
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                std::fs::remove_dir_all(&path)?;
            } else {
                std::fs::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_folder_that_is_a_system_root_or_an_ancestor_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("docs");
        std::fs::create_dir_all(&root).unwrap();
        assert!(matches!(
            check_out_dir(&root, Path::new("/")),
            Err(OutDirError::SystemFolder(_))
        ));
        assert!(matches!(
            check_out_dir(&root, root.parent().unwrap()),
            Err(OutDirError::AncestorOfRoot(_))
        ));
        assert!(matches!(
            check_out_dir(&root, &root.join("..")),
            Err(OutDirError::AncestorOfRoot(_))
        ));
        assert_eq!(
            check_out_dir(&root, &root.join("build")).unwrap(),
            root.join("build")
        );
        let elsewhere = dir.path().canonicalize().unwrap().join("site");
        assert_eq!(check_out_dir(&root, &elsewhere).unwrap(), elsewhere);
    }

    #[cfg(unix)]
    #[test]
    fn build_symlink_out_of_the_root_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("docs");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::os::unix::fs::symlink(base.join("outside"), root.join("build")).unwrap();
        assert!(matches!(
            check_out_dir(&root, &root.join("build")),
            Err(OutDirError::SymlinkOut(_))
        ));
        assert!(matches!(
            check_out_dir(&root, &root.join("build/nested")),
            Err(OutDirError::SymlinkOut(_))
        ));
    }

    #[test]
    fn output_paths_cannot_leave_the_staging_folder() {
        assert!(safe_rel("html/a/b.html").is_ok());
        assert!(safe_rel("../x").is_err());
        assert!(safe_rel("/etc/x").is_err());
    }
}
