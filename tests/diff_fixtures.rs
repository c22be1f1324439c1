//! The variant differ on fixture projects of our own
//! (`tests/fixtures/diff-*`), through the library: tabs added, removed and
//! reordered; include and literalinclude targets, captions, languages and
//! emphasized lines; missing includes; retitled steps; rules in a snooty
//! project (snooty.toml + procdoc.toml layered); one change per sentence.

use procdoc::diag::Code;
use procdoc::diff::{self, Class, DiffReport, DiffRequest, DiffSet, Difference, Status};
use procdoc::project::Project;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn project(name: &str) -> Project {
    Project::load(&fixture(name)).expect("fixture loads").0
}

fn report(p: &Project, left: &str, right: &str) -> DiffReport {
    diff::diff_files(
        p,
        &DiffRequest {
            left: left.into(),
            right: right.into(),
            equivalent: diff::configured_rules(p, left, right),
            show_markup: false,
        },
    )
    .expect("diff runs")
}

fn all_diffs(r: &DiffReport) -> Vec<&Difference> {
    r.steps.iter().flat_map(|s| s.differences.iter()).collect()
}

fn find<'a>(r: &'a DiffReport, what: &str) -> Vec<&'a Difference> {
    all_diffs(r)
        .into_iter()
        .filter(|d| d.what == what)
        .collect()
}

// ---------- tabs ----------

#[test]
fn tabs_are_aligned_by_tabid_added_removed_and_moved() {
    let p = project("diff-tabs");
    let r = report(&p, "left.rst", "right.rst");
    let step1 = &r.steps[1];
    assert_eq!(step1.title(), "1. Start a client");
    let d = &step1.differences;
    // The added mongosh tab is reported as such, with its id and body.
    let added: Vec<_> = d.iter().filter(|x| x.class == Class::OnlyRight).collect();
    assert_eq!(added.len(), 1, "{d:#?}");
    assert_eq!(added[0].what, "tab mongosh");
    assert_eq!(added[0].context, vec!["tabs"]);
    assert!(added[0]
        .right
        .text
        .as_deref()
        .unwrap()
        .contains("Start mongosh"));
    // The removed java tab.
    let removed: Vec<_> = d.iter().filter(|x| x.class == Class::OnlyLeft).collect();
    assert_eq!(removed.len(), 1, "{d:#?}");
    assert_eq!(removed[0].what, "tab java");
    // python and csharp swapped places: one move, no content change.
    let moves: Vec<_> = d.iter().filter(|x| x.what == "tab position").collect();
    assert_eq!(moves.len(), 1, "{d:#?}");
    assert_eq!(moves[0].class, Class::Changed);
    assert!(moves[0].note.as_deref().unwrap().contains("tab "));
    assert_eq!(d.len(), 3, "nothing else differs: {d:#?}");
    // No bare `tab` and no difference attributed to another tab.
    assert!(d.iter().all(|x| x.what != "tab"));
    assert_eq!(r.steps[2].status, Status::Equal);
}

#[test]
fn duplicate_tabid_in_one_tab_set_is_a_warning() {
    let p = project("diff-tabs");
    let r = report(&p, "dup.rst", "dup.rst");
    let w: Vec<_> = r
        .diags
        .iter()
        .filter(|d| d.code == Code::DuplicateTabId)
        .collect();
    assert_eq!(w.len(), 1, "{:?}", r.diags);
    assert!(!w[0].is_error());
    assert!(w[0].message.contains("`shell`"), "{}", w[0].message);
    assert!(w[0].span.is_some());
    // A warning is not trouble: the pair is compared (and equal).
    assert_eq!(r.status, Status::Equal);
    assert_eq!(DiffSet::from(r).exit_code(), 0);
}

// ---------- includes and code ----------

#[test]
fn include_and_literalinclude_targets_captions_and_options_are_compared() {
    let p = project("diff-includes");
    let r = report(&p, "left.rst", "right.rst");
    // The include target changed as the rule says: expected.
    let inc = find(&r, "include target");
    assert!(
        inc.iter().any(|d| d.class == Class::Expected
            && d.left.text.as_deref() == Some("/frag/left-intro.rst")),
        "{inc:#?}"
    );
    // A literalinclude of another file is drift even when the files match.
    let lit = find(&r, "literalinclude path");
    assert_eq!(lit.len(), 1, "{lit:#?}");
    assert_eq!(lit[0].class, Class::Changed);
    assert_eq!(
        lit[0].note.as_deref(),
        Some("the included files are identical")
    );
    let cap = find(&r, "code caption");
    assert_eq!(cap.len(), 1);
    assert_eq!(cap[0].class, Class::Changed);
    assert_eq!(cap[0].right.text.as_deref(), Some("new"));
    let lang = find(&r, "code language");
    assert_eq!(lang.len(), 1);
    assert_eq!(lang[0].class, Class::Changed);
    assert_eq!(lang[0].right.text.as_deref(), Some("text"));
    let emph = find(&r, "option :emphasize-lines:");
    assert_eq!(emph.len(), 1);
    assert_eq!(emph[0].left.text.as_deref(), Some("1"));
    assert_eq!(emph[0].right.text.as_deref(), Some("2"));
}

#[test]
fn an_include_added_on_one_side_never_vanishes() {
    let p = project("diff-includes");
    let r = report(&p, "left.rst", "right.rst");
    let added: Vec<_> = all_diffs(&r)
        .into_iter()
        .filter(|d| d.class == Class::OnlyRight && d.what == "include /frag/shared.rst")
        .collect();
    assert_eq!(added.len(), 1, "{:#?}", all_diffs(&r));
    // Its content is reported too.
    assert!(all_diffs(&r).iter().any(|d| d.class == Class::OnlyRight
        && d.right.text.as_deref() == Some("A shared note that only one side includes.")));
}

#[test]
fn missing_includes_are_placeholders_never_equal_and_trouble() {
    let p = project("diff-includes");
    let r = report(&p, "left.rst", "right.rst");
    let unresolved: Vec<_> = all_diffs(&r)
        .into_iter()
        .filter(|d| {
            d.class == Class::Unresolved
                || d.left
                    .text
                    .as_deref()
                    .is_some_and(|t| t.contains("(unresolved)"))
                || d.right
                    .text
                    .as_deref()
                    .is_some_and(|t| t.contains("(unresolved)"))
        })
        .collect();
    assert!(!unresolved.is_empty(), "{:#?}", all_diffs(&r));
    let missing: Vec<_> = r
        .diags
        .iter()
        .filter(|d| d.code == Code::IncludeNotFound)
        .collect();
    assert_eq!(missing.len(), 2, "{:?}", r.diags);
    let set = DiffSet::from(r);
    // Both are reported: the drift and the trouble; the status says trouble.
    assert!(set.has_drift());
    assert_eq!(set.exit_code(), 2);
    let text = diff::format_text(&set, false);
    assert!(text.contains("drift, and trouble"), "{text}");

    // The same missing include on both sides is never "equal".
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("procdoc.toml"),
        "[project]\nsource = \".\"\n",
    )
    .unwrap();
    let body = "Intro.\n\n.. include:: /gone.rst\n";
    std::fs::write(dir.path().join("a.rst"), body).unwrap();
    std::fs::write(dir.path().join("b.rst"), body).unwrap();
    let p = Project::load(dir.path()).unwrap().0;
    let r = report(&p, "a.rst", "b.rst");
    assert_ne!(r.status, Status::Equal);
    assert_eq!(r.status, Status::Unresolved);
    assert_eq!(r.counts.unresolved, 1);
    assert_eq!(DiffSet::from(r).exit_code(), 2);
}

// ---------- steps ----------

#[test]
fn a_retitled_step_is_paired_not_added_and_removed() {
    let p = project("diff-retitled");
    let r = report(&p, "left.rst", "right.rst");
    assert_eq!(r.steps.len(), 3);
    assert!(r
        .steps
        .iter()
        .all(|s| s.left.is_some() && s.right.is_some() && !s.moved));
    assert_eq!(r.steps[1].status, Status::Changed);
    let h = &r.steps[1].differences;
    assert_eq!(h.len(), 1, "{h:#?}");
    assert_eq!(h[0].what, "step heading");
    assert_eq!(r.counts.only_left + r.counts.only_right, 0);
}

#[test]
fn only_left_and_only_right_steps_show_their_body_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("procdoc.toml"),
        "[project]\nsource = \".\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.rst"),
        ".. procedure::\n\n   .. step:: One\n\n      First body.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.rst"),
        ".. procedure::\n\n   .. step:: One\n\n      First body.\n\n   .. step:: Two\n\n      The added body text.\n",
    )
    .unwrap();
    let p = Project::load(dir.path()).unwrap().0;
    let set = DiffSet::from(report(&p, "a.rst", "b.rst"));
    let text = diff::format_text(&set, false);
    assert!(text.contains("+   The added body text."), "{text}");
    let md = diff::format_markdown(&set);
    assert!(md.contains("+   The added body text."), "{md}");
    let json: serde_json::Value = serde_json::from_str(&diff::format_json(&set)).unwrap();
    let step = &json["pairs"][0]["steps"][1];
    assert_eq!(step["status"], serde_json::json!("only-right"));
    let body = step["differences"][0]["right"]["text"].as_str().unwrap();
    assert!(body.contains("The added body text."), "{body}");
}

#[test]
fn one_sentence_changed_in_two_places_is_one_item() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("procdoc.toml"),
        "[project]\nsource = \".\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.rst"),
        "The quick brown fox jumps over the lazy dog. It sleeps all day.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.rst"),
        "The slow brown fox leaps over the lazy dog. It sleeps all night.\n",
    )
    .unwrap();
    let p = Project::load(dir.path()).unwrap().0;
    let r = report(&p, "a.rst", "b.rst");
    let changed: Vec<_> = all_diffs(&r)
        .into_iter()
        .filter(|d| d.class == Class::Changed)
        .collect();
    // Two sentences changed: two items (not three).
    assert_eq!(changed.len(), 2, "{changed:#?}");
    assert_eq!(
        changed[0].left.text.as_deref(),
        Some("quick brown fox jumps")
    );
    assert_eq!(
        changed[0].right.text.as_deref(),
        Some("slow brown fox leaps")
    );
    assert_eq!(changed[1].right.text.as_deref(), Some("night."));
}

// ---------- configuration ----------

#[test]
fn a_snooty_project_layers_procdoc_toml_over_snooty_toml() {
    let p = project("diff-snooty");
    // snooty.toml's title and constants stay, and `/` means source/.
    assert_eq!(p.config.project.title, "Snooty fixture");
    assert_eq!(
        p.constants.get("qe").map(|s| s.to_string()).as_deref(),
        Some("Queryable Encryption")
    );
    assert_eq!(p.abs_base, p.source_dir);
    // procdoc.toml adds the [[diff]] mapping rule.
    assert_eq!(p.config.diff.len(), 1);
    let set = diff::diff_all(&p, false);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    assert_eq!(set.pairs.len(), 1);
    assert_eq!(
        set.only_left,
        vec!["source/includes/tutorials/aws/cmk.rst".to_string()]
    );
    let r = &set.pairs[0];
    assert!(r.diags.is_empty(), "{:?}", r.diags);
    assert_eq!(r.counts.changed, 1, "{:#?}", all_diffs(r));
    assert!(r.counts.expected >= 2, "constants and labels are expected");
    assert_eq!(set.exit_code(), 1);
}

#[test]
fn constants_in_a_procdoc_toml_beside_snooty_toml_are_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("source")).unwrap();
    std::fs::write(dir.path().join("snooty.toml"), "[constants]\na = \"A\"\n").unwrap();
    std::fs::write(dir.path().join("procdoc.toml"), "[constants]\nb = \"B\"\n").unwrap();
    let (p, diags) = Project::load(dir.path()).unwrap();
    let e: Vec<_> = diags
        .0
        .iter()
        .filter(|d| d.code == Code::ConfigInvalid)
        .collect();
    assert_eq!(e.len(), 1, "{:?}", diags.0);
    let span = e[0].span.expect("located");
    assert_eq!(p.db.get(span.file).rel_path, "procdoc.toml");
    assert!(p.constants.get("a").is_some());
    assert!(p.constants.get("b").is_none());
}

#[test]
fn rules_apply_to_absolute_paths_inside_the_root() {
    let p = project("diff-includes");
    let abs = |f: &str| {
        fixture("diff-includes")
            .join(f)
            .to_string_lossy()
            .into_owned()
    };
    let rules = diff::configured_rules(&p, &abs("left.rst"), &abs("right.rst"));
    assert_eq!(
        rules,
        vec![["frag/left-".to_string(), "frag/right-".to_string()]]
    );
    assert_eq!(
        diff::configured_rules(&p, "./left.rst", "/right.rst"),
        rules
    );
}

#[test]
fn the_site_comparison_reuses_loaded_pages_with_the_same_result() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("source")).unwrap();
    std::fs::write(
        root.join("procdoc.toml"),
        "[[diff]]\nleft = \"source/a.rst\"\nright = \"source/b.rst\"\n",
    )
    .unwrap();
    std::fs::write(root.join("source/a.rst"), "A\n=\n\nSame words here.\n").unwrap();
    std::fs::write(root.join("source/b.rst"), "A\n=\n\nOther words here.\n").unwrap();
    let p = Project::load(root).unwrap().0;
    let site = procdoc::site::load_site(&p);
    let reused = diff::diff_all_in(&p, &site.pages, false);
    let fresh = diff::diff_all(&p, false);
    assert_eq!(diff::format_json(&reused), diff::format_json(&fresh));
    assert_eq!(reused.exit_code(), 1);
}

// ---------- the side-by-side page's wording ----------

#[test]
fn html_page_says_the_step_style_once_and_labels_rows_in_words() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/diff/list-vs-procedure");
    let p = Project::load(&root).expect("fixture loads").0;
    let r = diff::diff_files(
        &p,
        &DiffRequest {
            left: "left.rst".into(),
            right: "right.rst".into(),
            equivalent: diff::configured_rules(&p, "left.rst", "right.rst"),
            show_markup: true,
        },
    )
    .expect("diff runs");
    let templates = procdoc::render::templates::Templates::defaults();
    let html = diff::format_html(&DiffSet::from(r), &templates, "T", "").expect("renders");
    // One line at the top, not a markup note on each of the 3 steps.
    assert_eq!(html.matches("class=\"diff-style\"").count(), 1, "{html}");
    assert!(html.contains(
        "The left variant writes its steps as a numbered list, the right one as a procedure"
    ));
    assert!(!html.contains("step markup"), "{html}");
    assert!(!html.contains("list item a."), "{html}");
    // The number once: `step 2 — Create an IAM User`, not `step 2 — 2. …`.
    assert!(
        html.contains("<span class=\"diff-step-title\">step 2 — Create an IAM User</span>"),
        "{html}"
    );
    // Directive names in words.
    assert!(
        html.contains("Important: Record your Credentials"),
        "{html}"
    );
    assert!(!html.contains(">important"), "{html}");
}
