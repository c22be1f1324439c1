//! End-to-end: `procdoc serve` in a real headless Chromium. Opens the CSFLE
//! page, edits its fragment on disk and waits for the browser to show the
//! change without a manual reload, then breaks and fixes a constant and
//! watches the error overlay come and go. Then builds the bundled site and
//! checks that no page is wider than the window at 1280 px and 390 px
//! (phone), in the light and the dark scheme. Screenshots are saved to
//! `target/browser-artifacts/`.
//!
//! Without Chromium the tests print a loud SKIPPED line and pass, unless
//! `PROCDOC_REQUIRE_BROWSER` is set (`scripts/test.sh` sets it): then they fail.

#[path = "common/mod.rs"]
mod common;

#[path = "browser/cdp.rs"]
mod cdp;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-artifacts")
}

/// Generous: only catches hangs (the machine is shared and may be slow).
const WAIT: Duration = Duration::from_secs(30);

/// Builds the project at `root` with the procdoc binary (it must succeed).
fn build_site(root: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_procdoc"))
        .args(["build", "-q", "--root"])
        .arg(root)
        .status()
        .expect("run procdoc build");
    assert!(status.success());
}

/// Opens the built `index.html` of `root` in a 1280 × 900 window; returns
/// the browser and the page URL.
fn open_index(root: &Path, bin: &str) -> (cdp::Browser, String) {
    let url = format!("file://{}", root.join("build/html/index.html").display());
    let mut b = cdp::Browser::launch_with(bin, 1280, 900);
    b.goto(&url);
    (b, url)
}

#[test]
fn live_reload_and_error_overlay_in_chromium() {
    let Some(bin) = cdp::chromium_or_skip("live_reload_and_error_overlay_in_chromium") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::copy_bundled(root);

    let port = free_port();
    let server = Server(
        Command::new(env!("CARGO_BIN_EXE_procdoc"))
            .args(["serve", "--root"])
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            // The overlay step's diagnostics are expected: keep them out of the test log.
            .stderr(Stdio::null())
            .spawn()
            .expect("start procdoc serve"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while reqwest::blocking::get(format!("{base}/")).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let mut b = cdp::Browser::launch_with(&bin, 1200, 1600);
    b.goto(&format!("{base}/csfle/aws-iam-user.html"));

    // The three lettered steps and the policy code block are visible.
    let visible = |sel: &str| {
        format!(
            "Array.from(document.querySelectorAll({sel:?})).filter(e => e.getBoundingClientRect().height > 0).length"
        )
    };
    assert_eq!(
        b.eval(&visible("main ol[type=a] > li")),
        serde_json::json!(3)
    );
    assert_eq!(
        b.eval(
            "Array.from(document.querySelectorAll('main pre code')).filter(e => e.textContent.includes('kms:Decrypt') && e.getBoundingClientRect().height > 0).length"
        ),
        serde_json::json!(1)
    );
    b.screenshot(&artifacts().join("1-csfle-page.png"));

    // Edit the fragment: the browser shows the new text without a reload.
    let fragment = root.join("includes/tutorials/automatic/aws/user.rst");
    let original = std::fs::read_to_string(&fragment).expect("fragment");
    let edited = original.replace("Navigate to the", "Navigate straight to the");
    std::fs::write(&fragment, &edited).expect("edit");
    let took = b.wait_for(
        "document.body.innerText.includes('Navigate straight to the')",
        WAIT,
    );
    assert!(took.is_some(), "the edit did not appear");
    eprintln!("edit shown after {:?}", took.unwrap());
    b.screenshot(&artifacts().join("2-after-edit.png"));

    // An undefined constant: the error overlay appears.
    let broken = edited.replace("Create an IAM User", "Create an {+nope+} User");
    std::fs::write(&fragment, &broken).expect("break");
    let overlay = "(() => { const o = document.getElementById('procdoc-error-overlay'); return o && o.getBoundingClientRect().height > 0 && o.innerText.includes('nope'); })()";
    assert!(
        b.wait_for(overlay, WAIT).is_some(),
        "the error overlay did not appear"
    );
    let text = b.eval("document.getElementById('procdoc-error-overlay').innerText");
    let text = text.as_str().unwrap_or_default().to_string();
    assert!(
        text.contains("includes/tutorials/automatic/aws/user.rst"),
        "{text}"
    );
    // The overlay names the stable code and says what is wrong.
    assert!(text.contains("undefined-constant"), "{text}");
    assert!(text.contains("`nope` not defined"), "{text}");
    b.screenshot(&artifacts().join("3-error-overlay.png"));

    // Fix it: the overlay goes away.
    std::fs::write(&fragment, &edited).expect("fix");
    assert!(
        b.wait_for(
            "document.getElementById('procdoc-error-overlay') === null && document.body.innerText.includes('Create an IAM User')",
            WAIT
        )
        .is_some(),
        "the error overlay did not clear"
    );
    b.screenshot(&artifacts().join("4-fixed.png"));
    drop(b);
    drop(server);
}

/// Every HTML page of a built site, relative to `html/`, sorted.
fn html_pages(html: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(html)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            e.path()
                .strip_prefix(html)
                .ok()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_built_page_fits_1280_and_390_px_in_both_colour_schemes() {
    let Some(bin) =
        cdp::chromium_or_skip("every_built_page_fits_1280_and_390_px_in_both_colour_schemes")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::copy_bundled(root);
    build_site(root);
    let html = root.join("build/html");
    let pages = html_pages(&html);
    for must in ["index.html", "404.html", "diff/index.html"] {
        assert!(
            pages.iter().any(|p| p == must),
            "{must} not built: {pages:?}"
        );
    }

    let mut b = cdp::Browser::launch_with(&bin, 1280, 900);
    let mut failures = Vec::new();
    let mut coloured = 0;
    for (width, mobile) in [(1280u32, false), (390, true)] {
        for dark in [false, true] {
            b.emulate(width, 844, mobile, dark);
            for page in &pages {
                let url = format!("file://{}", html.join(page).display());
                b.goto(&url);
                let m = b.eval(
                    "JSON.stringify([document.documentElement.scrollWidth, window.innerWidth, \
                     matchMedia('(prefers-color-scheme: dark)').matches])",
                );
                let m: (u64, u64, bool) =
                    serde_json::from_str(m.as_str().unwrap_or("[0,0,false]")).expect("metrics");
                let scheme = if dark { "dark" } else { "light" };
                assert_eq!(m.2, dark, "{page}: colour scheme not emulated");
                // A phone lays the page out at its own width (viewport meta).
                if m.1 != u64::from(width) || m.0 > m.1 {
                    failures.push(format!(
                        "{page} at {width}px {scheme}: scrollWidth {} > innerWidth {} (want {width})",
                        m.0, m.1
                    ));
                }
                // Highlighted strings take the palette's colour for the
                // scheme (`src/render/highlight/palette.rs`), not the text's.
                let colour = b.eval(
                    "(() => { const s = document.querySelector('code.hl-code .hl-s'); \
                     return s ? getComputedStyle(s).color : ''; })()",
                );
                if let Some(c) = colour.as_str().filter(|c| !c.is_empty()) {
                    coloured += 1;
                    let want = if dark {
                        "rgb(141, 219, 156)"
                    } else {
                        "rgb(10, 107, 45)"
                    };
                    if c != want {
                        failures.push(format!("{page} {scheme}: string colour {c}, want {want}"));
                    }
                }
                let shot = format!(
                    "layout-{width}-{scheme}-{}.png",
                    page.trim_end_matches(".html").replace('/', "-")
                );
                b.screenshot(&artifacts().join(shot));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "pages overflow or miscoloured:\n{}",
        failures.join("\n")
    );
    assert!(coloured >= 4, "no highlighted string seen in either scheme");
}

/// The tab sets of `tests/fixtures/media/`: with the script, each set is a
/// strip of `role=tab` buttons; choosing "Python" in one drivers set selects
/// it in the other (rST and YAML alike); arrow keys move along the strip;
/// a strip of long labels scrolls inside the page at 390 px, in both
/// colour schemes, and never widens it.
#[test]
fn tab_sets_switch_together_and_fit_390_px() {
    let Some(bin) = cdp::chromium_or_skip("tab_sets_switch_together_and_fit_390_px") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media"),
        root,
    );
    build_site(root);
    let (mut b, url) = open_index(root, &bin);
    let selected =
        "JSON.stringify(Array.from(document.querySelectorAll('.tabs[data-tabset=drivers]'))\
        .map(s => s.querySelector('[role=tab][aria-selected=true]').textContent + '|' + \
        Array.from(s.querySelectorAll('[role=tabpanel]')).filter(p => !p.hidden).length))";
    assert_eq!(
        b.eval(selected).as_str(),
        Some("[\"MongoDB Shell|1\",\"MongoDB Shell|1\"]")
    );
    b.eval("document.querySelectorAll('.tabs[data-tabset=drivers]')[0].querySelectorAll('[role=tab]')[1].click()");
    assert_eq!(
        b.eval(selected).as_str(),
        Some("[\"Python|1\",\"Python|1\"]")
    );
    // Keyboard: ArrowRight from Python wraps to MongoDB Shell in both sets.
    b.eval(
        "(() => { const t = document.querySelectorAll('.tabs[data-tabset=drivers]')[0].querySelectorAll('[role=tab]')[1]; \
         t.focus(); t.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true})); })()",
    );
    assert_eq!(
        b.eval(selected).as_str(),
        Some("[\"MongoDB Shell|1\",\"MongoDB Shell|1\"]")
    );
    // The page's `tabs-selector` is a drop-down of the drivers tabs that
    // selects in every drivers set; the `:hidden: true` set shows no strip
    // of its own, the other does.
    assert_eq!(
        b.eval("JSON.stringify(Array.from(document.querySelectorAll('.tabs-selector select option')).map(o => o.textContent))")
            .as_str(),
        Some("[\"MongoDB Shell\",\"Python\"]")
    );
    b.eval("(() => { const s = document.querySelector('.tabs-selector select'); s.value = 'python'; s.dispatchEvent(new Event('change')); })()");
    assert_eq!(
        b.eval(selected).as_str(),
        Some("[\"Python|1\",\"Python|1\"]")
    );
    assert_eq!(
        b.eval("JSON.stringify(Array.from(document.querySelectorAll('.tabs[data-tabset=drivers] > .tab-strip')).map(s => s.offsetHeight > 0))")
            .as_str(),
        Some("[true,false]")
    );
    for dark in [false, true] {
        b.emulate(390, 844, true, dark);
        b.goto(&url);
        let m = b.eval(
            "JSON.stringify([document.documentElement.scrollWidth, window.innerWidth, \
             document.querySelector('.tabs[data-tabset=\"\"] .tab-strip').scrollWidth > \
             document.querySelector('.tabs[data-tabset=\"\"] .tab-strip').clientWidth])",
        );
        let m: (u64, u64, bool) =
            serde_json::from_str(m.as_str().unwrap_or("[0,0,false]")).expect("metrics");
        assert_eq!(m.1, 390);
        assert!(m.0 <= m.1, "page wider than the window: {m:?}");
        assert!(
            m.2,
            "the long tab strip should scroll inside the page: {m:?}"
        );
        b.eval("document.querySelector('.tabs').scrollIntoView()");
        b.screenshot(&artifacts().join(format!(
            "tabs-390-{}.png",
            if dark { "dark" } else { "light" }
        )));
    }
}

/// `:scale:` as the reader sees it: an image without a size shows at the
/// percentage of its own size (the `zoom` style), one with a size at the
/// percentage of that size.
#[test]
fn scaled_images_show_at_their_scale() {
    let Some(bin) = cdp::chromium_or_skip("scaled_images_show_at_their_scale") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write("procdoc.toml", "[project]\ntitle = \"Scale\"\n");
    write(
        "source/box.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\">\
         <rect width=\"200\" height=\"100\" fill=\"teal\"/></svg>",
    );
    write(
        "source/index.rst",
        "Scale\n=====\n\n.. image:: box.svg\n   :alt: natural\n\n\
         .. image:: box.svg\n   :alt: zoomed\n   :scale: 50%\n\n\
         .. image:: box.svg\n   :alt: sized\n   :width: 120px\n   :scale: 50%\n",
    );
    build_site(root);
    let (mut b, _) = open_index(root, &bin);
    assert!(
        b.wait_for(
            "Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)",
            WAIT
        )
        .is_some(),
        "the images did not load"
    );
    let sizes = b.eval(
        "JSON.stringify(['natural', 'zoomed', 'sized'].map(a => { \
         const r = document.querySelector(`img[alt=${a}]`).getBoundingClientRect(); \
         return [Math.round(r.width), Math.round(r.height)]; }))",
    );
    assert_eq!(
        sizes.as_str(),
        Some("[[200,100],[100,50],[60,30]]"),
        "rendered sizes"
    );
}
