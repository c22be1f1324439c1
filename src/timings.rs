//! Where a build's time goes (`procdoc build --timings`): wall time of the
//! sequential phases, and time summed over threads for the parallel ones
//! (so on 2 cores they can add up to twice the wall time).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A time accumulated from several threads.
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// Runs `f`, adding its duration.
    pub fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let v = f();
        self.add(start.elapsed());
        v
    }

    /// Adds a duration.
    pub fn add(&self, d: Duration) {
        self.0
            .fetch_add(d.as_nanos().min(u64::MAX as u128) as u64, Ordering::Relaxed);
    }

    /// The total.
    pub fn get(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

/// The phases of a build.
#[derive(Debug, Default)]
pub struct Timings {
    /// Loading, parsing and summarising every page, and the site-wide
    /// tables (wall).
    pub load: Duration,
    /// Parsing and resolving each page again as it is rendered (summed over
    /// threads): pages are not held between the two passes.
    pub reparse: Counter,
    /// Rendering HTML (summed over threads).
    pub render_html: Counter,
    /// Rendering Markdown (summed over threads).
    pub render_markdown: Counter,
    /// Writing files into the staging folder (summed over threads).
    pub write: Counter,
    /// Rendering and writing pages, all of it (wall).
    pub pages: Duration,
    /// The variant comparison pages (wall).
    pub diff_pages: Duration,
    /// Swapping the staged site into place (wall).
    pub commit: Duration,
    /// The whole build (wall).
    pub total: Duration,
}

impl Timings {
    /// One line per phase, for people.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "timings (ms; * = summed over threads):\n  load, parse, outline  {:>9.1}\n  pages (render+write)  {:>9.1}\n    parse, resolve *    {:>9.1}\n    render HTML *       {:>9.1}\n    render Markdown *   {:>9.1}\n    write *             {:>9.1}\n  diff pages            {:>9.1}\n  swap into place       {:>9.1}\n  total                 {:>9.1}\n",
            ms(self.load),
            ms(self.pages),
            ms(self.reparse.get()),
            ms(self.render_html.get()),
            ms(self.render_markdown.get()),
            ms(self.write.get()),
            ms(self.diff_pages),
            ms(self.commit),
            ms(self.total),
        )
    }
}
