//! Tests of the incremental rebuild of `procdoc serve`.

use super::*;

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = |rel: &str, text: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "procdoc.toml",
        "[project]\ntitle = \"T\"\n[constants]\nx = \"Ex\"\n",
    );
    w(
        "source/a.rst",
        ".. _a-label:\n\n=====\nPage A\n=====\n\n.. include:: /includes/frag.rst\n",
    );
    w(
        "source/b.rst",
        "======\nPage B\n======\n\nSee :ref:`a-label`.\n",
    );
    w("source/c.rst", "======\nPage C\n======\n\nPlain {+x+}.\n");
    w("includes/frag.rst", "Fragment text one.\n");
    dir
}

fn page(s: &SiteState, name: &str) -> String {
    String::from_utf8(s.files()[&format!("{name}.html")].to_vec()).unwrap()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn fragment_change_rebuilds_only_its_pages() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(page(&s, "a").contains("Fragment text one."));
    assert!(page(&s, "a").contains("procdoc-live-reload"));
    std::fs::write(dir.path().join("includes/frag.rst"), "Fragment text two.\n").unwrap();
    let o = s.apply(&set(&["includes/frag.rst"])).unwrap();
    assert_eq!(o.pages, vec!["a".to_string()]);
    assert_eq!(o.reloaded, 1);
    assert!(page(&s, "a").contains("Fragment text two."));
}

#[test]
fn title_change_rerenders_referrers_and_nav() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(page(&s, "b").contains("Page A"));
    std::fs::write(
        dir.path().join("source/a.rst"),
        ".. _a-label:\n\n=====\nPage Z\n=====\n\n.. include:: /includes/frag.rst\n",
    )
    .unwrap();
    let o = s.apply(&set(&["source/a.rst"])).unwrap();
    assert!(o.pages.contains(&"b".to_string()), "{:?}", o.pages);
    assert!(page(&s, "b").contains("Page Z"));
}

#[test]
fn errors_keep_last_good_and_clear() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    std::fs::write(dir.path().join("includes/frag.rst"), "Broken {+nope+}.\n").unwrap();
    s.apply(&set(&["includes/frag.rst"])).unwrap();
    let h = page(&s, "a");
    assert!(h.contains("procdoc-error-overlay"));
    assert!(
        h.contains("Fragment text one."),
        "last good content is kept"
    );
    assert!(h.contains("includes/frag.rst:1:8"), "{h}");
    std::fs::write(dir.path().join("includes/frag.rst"), "Fixed.\n").unwrap();
    s.apply(&set(&["includes/frag.rst"])).unwrap();
    let h = page(&s, "a");
    assert!(!h.contains("procdoc-error-overlay"));
    assert!(h.contains("Fixed."));
}

#[test]
fn pages_come_and_go() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    std::fs::write(dir.path().join("source/d.rst"), "==\nD\n==\n\nNew.\n").unwrap();
    let o = s.apply(&set(&["source/d.rst"])).unwrap();
    assert!(o.pages.contains(&"d".to_string()));
    let nav = String::from_utf8(s.files()["_static/nav.js"].to_vec()).unwrap();
    assert!(
        nav.contains("[\"d\",\"D\",-1]"),
        "the nav tree lists the new page: {nav}"
    );
    assert!(
        page(&s, "c").contains("d.html"),
        "its neighbour links to it"
    );
    std::fs::remove_file(dir.path().join("source/c.rst")).unwrap();
    let o = s.apply(&set(&["source/c.rst"])).unwrap();
    assert!(o.pages.contains(&"c".to_string()));
    assert!(!s.files().contains_key("c.html"));
}

#[cfg(unix)]
#[test]
fn a_page_symlinked_out_of_the_root_is_reported_everywhere() {
    let dir = project();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("x.rst"), "secret\n").unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("x.rst"),
        dir.path().join("source/out.rst"),
    )
    .unwrap();
    s.apply(&set(&["source/out.rst"])).unwrap();
    assert!(!s.files().contains_key("out.html"));
    let h = page(&s, "a");
    assert!(
        h.contains("path-outside-root") || h.contains("outside the docs root"),
        "{h}"
    );
    assert!(!h.contains("secret"));
    std::fs::remove_file(dir.path().join("source/out.rst")).unwrap();
    s.apply(&set(&["source/out.rst"])).unwrap();
    assert!(!page(&s, "a").contains("procdoc-error-overlay"));
}

#[test]
fn config_change_reloads_everything() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    std::fs::write(
        dir.path().join("procdoc.toml"),
        "[project]\ntitle = \"T\"\n[constants]\nx = \"Why\"\n",
    )
    .unwrap();
    let o = s.apply(&set(&["procdoc.toml"])).unwrap();
    assert!(o.full);
    assert!(page(&s, "c").contains("Plain Why."));
}

/// Issue 8 item 6: editing a fragment kept every version of it (a 1.1 MB
/// fragment grew serve to 1 GB). The database must keep one version per
/// file: after 1,000 edits it holds no more files, and no more text, than
/// twice what the first build read, and no edit needed a full reload to
/// get there.
#[test]
fn serve_memory_keeps_one_version_per_file_after_1000_edits() {
    let dir = project();
    let pad = "Padding so the fragment is the biggest file. ".repeat(40);
    let frag = dir.path().join("includes/frag.rst");
    std::fs::write(&frag, format!("Fragment text 0000.\n\n{pad}\n")).unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    let bytes = |s: &SiteState| -> usize { s.db().snapshot().iter().map(|f| f.text.len()).sum() };
    let (files0, bytes0) = (s.db().snapshot().len(), bytes(&s));
    let (mut peak_files, mut peak_bytes, mut full_reloads) = (0, 0, 0);
    for i in 1..=1000 {
        std::fs::write(&frag, format!("Fragment text {i:04}.\n\n{pad}\n")).unwrap();
        let o = s.apply(&set(&["includes/frag.rst"])).unwrap();
        full_reloads += usize::from(o.full);
        peak_files = peak_files.max(s.db().snapshot().len());
        peak_bytes = peak_bytes.max(bytes(&s));
    }
    assert!(page(&s, "a").contains("Fragment text 1000."));
    assert!(
        peak_files <= 2 * files0,
        "up to {peak_files} files stored during 1,000 edits, {files0} after the first build"
    );
    assert!(
        peak_bytes <= 2 * bytes0,
        "up to {peak_bytes} bytes of text stored during 1,000 edits, {bytes0} after the first build"
    );
    assert_eq!(full_reloads, 0, "no edit needed a full reload");
    let files = s.db().snapshot().len();
    assert_eq!(files, files0, "one version per file");
}

/// A broken edit followed by a fix: the overlay of the broken version
/// points into the text it was found in, and the fix replaces that text
/// (same id) without leaving stale spans behind.
#[test]
fn replaced_text_locates_new_errors() {
    let dir = project();
    let mut s = SiteState::load(dir.path()).unwrap();
    let frag = dir.path().join("includes/frag.rst");
    std::fs::write(&frag, "Line one.\n\nLine three {+nope+}.\n").unwrap();
    s.apply(&set(&["includes/frag.rst"])).unwrap();
    assert!(page(&s, "a").contains("includes/frag.rst:3:12"));
    std::fs::write(&frag, "{+nope+} first.\n").unwrap();
    s.apply(&set(&["includes/frag.rst"])).unwrap();
    let h = page(&s, "a");
    assert!(h.contains("includes/frag.rst:1:1"), "{h}");
    assert!(!h.contains("includes/frag.rst:3:12"), "{h}");
}

#[test]
fn broken_config_shows_only_its_error_then_recovers() {
    let dir = project();
    let cfg = dir.path().join("procdoc.toml");
    let good = std::fs::read_to_string(&cfg).unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(s.all_diags().is_empty());
    std::fs::write(&cfg, format!("{good}broken = [\n")).unwrap();
    let o = s.apply(&set(&["procdoc.toml"])).unwrap();
    assert!(o.full);
    assert!(s.config_broken());
    let diags = s.all_diags();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(
        diags[0].code,
        crate::diag::Code::ConfigInvalid,
        "{diags:#?}"
    );
    for name in ["a", "b", "c", "index"] {
        let h = page(&s, name);
        assert_eq!(
            h.matches("class=\"procdoc-diagnostic ").count(),
            1,
            "{name}: {h}"
        );
        assert!(h.contains("data-file=\"procdoc.toml\""), "{name}: {h}");
    }
    // The last good rendering stays under the overlay.
    assert!(page(&s, "a").contains("Fragment text one."));
    // Another change while the config is broken: still only that error.
    std::fs::write(dir.path().join("includes/frag.rst"), "Broken {+nope+}.\n").unwrap();
    s.apply(&set(&["includes/frag.rst"])).unwrap();
    assert_eq!(s.all_diags().len(), 1);
    // Fixed: every page is read again.
    std::fs::write(&cfg, &good).unwrap();
    std::fs::write(
        dir.path().join("includes/frag.rst"),
        "Fragment text three.\n",
    )
    .unwrap();
    let o = s.apply(&set(&["procdoc.toml"])).unwrap();
    assert!(o.full && !s.config_broken());
    assert!(s.all_diags().is_empty(), "{:#?}", s.all_diags());
    let h = page(&s, "a");
    assert!(h.contains("Fragment text three.") && !h.contains("procdoc-error-overlay"));
}

#[test]
fn serve_started_with_a_broken_config_reads_no_page() {
    let dir = project();
    let cfg = dir.path().join("procdoc.toml");
    let good = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{good}broken = [\n")).unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(s.config_broken());
    assert_eq!(s.page_count(), 0);
    assert_eq!(s.all_diags().len(), 1, "{:#?}", s.all_diags());
    assert!(page(&s, "b").contains("procdoc-error-overlay"));
    std::fs::write(&cfg, &good).unwrap();
    s.apply(&set(&["procdoc.toml"])).unwrap();
    assert_eq!(s.page_count(), 3);
    assert!(page(&s, "b").contains("Page A"));
}

#[test]
fn a_title_edit_resolves_again_only_the_pages_that_use_it() {
    let dir = project();
    std::fs::write(
        dir.path().join("source/d.rst"),
        "======\nPage D\n======\n\nSee :doc:`c`.\n",
    )
    .unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(page(&s, "d").contains(">Page C<"));
    // A body edit changes nothing other pages see: only the page itself.
    std::fs::write(
        dir.path().join("source/c.rst"),
        "======\nPage C\n======\n\nOther {+x+}.\n",
    )
    .unwrap();
    let o = s.apply(&set(&["source/c.rst"])).unwrap();
    assert_eq!((o.reloaded, o.resolved), (1, 1));
    assert_eq!(o.pages, vec!["c".to_string()]);
    // Retitling a: a itself and b (its `:ref:` shows the title); not c or d.
    std::fs::write(
        dir.path().join("source/a.rst"),
        ".. _a-label:\n\n=====\nPage Q\n=====\n\n.. include:: /includes/frag.rst\n",
    )
    .unwrap();
    let o = s.apply(&set(&["source/a.rst"])).unwrap();
    assert_eq!((o.reloaded, o.resolved), (1, 2), "{o:?}");
    assert!(page(&s, "b").contains("Page Q"));
    // Retitling c: d's `:doc:` link text follows.
    std::fs::write(
        dir.path().join("source/c.rst"),
        "======\nPage K\n======\n\nOther {+x+}.\n",
    )
    .unwrap();
    let o = s.apply(&set(&["source/c.rst"])).unwrap();
    assert_eq!((o.reloaded, o.resolved), (1, 2), "{o:?}");
    assert!(page(&s, "d").contains(">Page K<"));
}

#[test]
fn a_missing_include_created_later_is_found() {
    // Resolved include paths are cached per build: serve must forget them
    // when files appear.
    let dir = project();
    std::fs::write(
        dir.path().join("source/c.rst"),
        "======\nPage C\n======\n\n.. include:: /includes/later.rst\n",
    )
    .unwrap();
    let mut s = SiteState::load(dir.path()).unwrap();
    assert!(
        page(&s, "c").contains("include-not-found"),
        "{}",
        page(&s, "c")
    );
    std::fs::write(dir.path().join("includes/later.rst"), "Arrived later.\n").unwrap();
    s.apply(&set(&["includes/later.rst"])).unwrap();
    assert!(
        page(&s, "c").contains("Arrived later."),
        "{}",
        page(&s, "c")
    );
}
