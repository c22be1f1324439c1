//! Files read once into memory, with a line index and stable ids.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Identifies a file in a [`SourceDb`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in the *original* text of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// Start byte offset (inclusive).
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` of `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: start as u32,
            end: end.max(start) as u32,
        }
    }
}

/// One file's text and where it lives.
#[derive(Debug)]
pub struct SourceFile {
    /// Id in the owning [`SourceDb`].
    pub id: FileId,
    /// Path relative to the docs root, with `/` separators.
    pub rel_path: String,
    /// Absolute path on disk (empty for virtual files).
    pub abs_path: PathBuf,
    /// The file's text, as read.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(id: FileId, rel_path: String, abs_path: PathBuf, text: String) -> Self {
        let text = normalize(text);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            id,
            rel_path,
            abs_path,
            text,
            line_starts,
        }
    }

    /// Byte offsets where each line starts.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let mut off = offset;
        while !self.text.is_char_boundary(off) {
            off -= 1;
        }
        let col = self.text[start..off].chars().count();
        (line + 1, col + 1)
    }

    /// The text of a 0-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// Text as every later stage expects it: a leading UTF-8 byte-order mark
/// removed (editors on Windows add one; left in, it hides a leading
/// directive), and lone carriage returns (classic Mac line endings) turned
/// into newlines, byte for byte, so offsets keep their meaning. `\r\n` stays
/// as it is: the line reader drops the `\r`.
pub fn normalize(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte with another keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// All files a run has read: each is read once and shared between pages.
#[derive(Debug, Default)]
pub struct SourceDb {
    files: RwLock<Vec<Arc<SourceFile>>>,
    by_path: RwLock<HashMap<PathBuf, FileId>>,
    /// Files marked changed on disk ([`SourceDb::invalidate`]): the next
    /// [`SourceDb::add`] for the path replaces the text under the same id.
    stale: RwLock<HashMap<PathBuf, FileId>>,
}

impl SourceDb {
    /// An empty database.
    pub fn new() -> Self {
        Self::default()
    }

    /// The file with this id, if it exists.
    pub fn try_get(&self, id: FileId) -> Option<Arc<SourceFile>> {
        self.files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(id.0 as usize)
            .cloned()
    }

    /// The file with this id (ids come from this database; panics otherwise).
    pub fn get(&self, id: FileId) -> Arc<SourceFile> {
        self.files.read().unwrap_or_else(|e| e.into_inner())[id.0 as usize].clone()
    }

    /// The file at `abs_path` if it was already read.
    pub fn lookup(&self, abs_path: &Path) -> Option<Arc<SourceFile>> {
        let id = *self
            .by_path
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(abs_path)?;
        Some(self.get(id))
    }

    /// Number of files read so far.
    pub fn len(&self) -> usize {
        self.files.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no file was read yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every file read so far, by id.
    pub fn snapshot(&self) -> Vec<Arc<SourceFile>> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Marks the file read from `abs_path` as changed on disk: [`lookup`]
    /// no longer finds it, and the next [`add`] for that path replaces its
    /// text in place, under the same id, so a long-running process (`procdoc
    /// serve`) keeps one version per file. Spans into the old text must not
    /// be used after that. Returns whether the path was known.
    ///
    /// [`lookup`]: SourceDb::lookup
    /// [`add`]: SourceDb::add
    pub fn invalidate(&self, abs_path: &Path) -> bool {
        let mut by_path = self.by_path.write().unwrap_or_else(|e| e.into_inner());
        match by_path.remove(abs_path) {
            Some(id) => {
                self.stale
                    .write()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(abs_path.to_path_buf(), id);
                true
            }
            None => false,
        }
    }

    /// Adds a file's text (or returns the existing entry for that path).
    pub fn add(&self, rel_path: String, abs_path: PathBuf, text: String) -> Arc<SourceFile> {
        let mut by_path = self.by_path.write().unwrap_or_else(|e| e.into_inner());
        if !abs_path.as_os_str().is_empty() {
            if let Some(id) = by_path.get(&abs_path) {
                return self.get(*id);
            }
            let stale = self
                .stale
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .remove(&abs_path);
            if let Some(id) = stale {
                let file = Arc::new(SourceFile::new(id, rel_path, abs_path.clone(), text));
                self.files.write().unwrap_or_else(|e| e.into_inner())[id.0 as usize] = file.clone();
                by_path.insert(abs_path, id);
                return file;
            }
        }
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        let id = FileId(files.len() as u32);
        let file = Arc::new(SourceFile::new(id, rel_path, abs_path.clone(), text));
        files.push(file.clone());
        if !abs_path.as_os_str().is_empty() {
            by_path.insert(abs_path, id);
        }
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let db = SourceDb::new();
        let f = db.add("a.rst".into(), PathBuf::new(), "ab\ncé d\n".into());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        assert_eq!(f.line_col(7), (2, 4));
        assert_eq!(f.line_text(1), "cé d");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let db = SourceDb::new();
        let f = db.add("a.rst".into(), PathBuf::new(), "\u{feff}.. note::\n".into());
        assert_eq!(f.text, ".. note::\n");
    }

    #[test]
    fn lone_cr_line_endings_become_newlines() {
        let db = SourceDb::new();
        let f = db.add("a.rst".into(), PathBuf::new(), "a\rb\r\nc\r".into());
        assert_eq!(f.text, "a\nb\r\nc\n");
        assert_eq!(f.line_starts(), &[0, 2, 5, 7]);
    }

    #[test]
    fn invalidated_file_is_replaced_in_place() {
        let db = SourceDb::new();
        let abs = PathBuf::from("/docs/a.rst");
        let a = db.add("a.rst".into(), abs.clone(), "one\n".into());
        db.add("b.rst".into(), PathBuf::from("/docs/b.rst"), "b\n".into());
        assert!(db.invalidate(&abs));
        assert!(db.lookup(&abs).is_none(), "a changed file is read again");
        let a2 = db.add("a.rst".into(), abs.clone(), "two\nlines\n".into());
        assert_eq!(a2.id, a.id, "same id");
        assert_eq!(db.snapshot().len(), 2, "one version per file");
        assert_eq!(db.get(a.id).text, "two\nlines\n");
        assert_eq!(db.lookup(&abs).map(|f| f.id), Some(a.id));
        assert!(!db.invalidate(Path::new("/docs/never-read.rst")));
    }
}
