//! Shared by the serve tests, the browser test and the serve benchmark:
//! a fresh copy of the bundled docs project to edit freely.

use std::path::Path;

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Copies the bundled project (`procdoc.toml`, `source/`, `includes/`) into `root`.
pub fn copy_bundled(root: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(repo.join("procdoc.toml"), root.join("procdoc.toml")).expect("config");
    copy_dir(&repo.join("source"), &root.join("source"));
    copy_dir(&repo.join("includes"), &root.join("includes"));
}
