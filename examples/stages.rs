//! Times each stage of a build (a profiling aid): `cargo run --release --example stages -- DIR`.
use procdoc::project::Project;
use procdoc::render::templates::Templates;
use procdoc::site::{load_site, render_site};
use std::time::Instant;

fn main() {
    let root = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    for _ in 0..3 {
        let t = Instant::now();
        let (project, _) = Project::load(root.as_ref()).expect("load");
        let t1 = t.elapsed();
        let site = load_site(&project);
        let t2 = t.elapsed();
        let (templates, _) = Templates::load(&project.root, &project.db);
        let t3 = t.elapsed();
        let (files, _) = render_site(&site, &templates, None);
        let t4 = t.elapsed();
        println!(
            "pages {} files {}: project {:?}, load+resolve {:?}, templates {:?}, render {:?}",
            site.pages.len(),
            files.len(),
            t1,
            t2 - t1,
            t3 - t2,
            t4 - t3
        );
    }
}
