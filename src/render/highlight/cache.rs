//! A process-wide cache of highlighted code blocks, shared by the rayon
//! threads that render pages.
//!
//! Large sites show the same snippet on many pages (an IAM policy pulled in
//! with `literalinclude`, a connection string in a shared fragment), and
//! syntect's backtracking grammars are the most expensive part of rendering
//! a page. Highlighting is a pure function of (language, text), so a block
//! seen before is copied from here instead.
//!
//! Bounded: a block is stored only the second time it is seen (a block
//! shown once, which is most of them, costs one 8-byte fingerprint), and
//! stored blocks never exceed [`MAX_CACHED_BYTES`]; past either bound the
//! block is highlighted as if there were no cache. Output never depends on
//! what is cached, so the order in which threads fill it does not matter.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

/// Highlighted lines, as [`super::highlight_lines`] returns them (shared).
pub type Lines = Option<Arc<[String]>>;

/// Most bytes of code (input plus highlighted HTML) kept in the cache.
pub const MAX_CACHED_BYTES: usize = 32 * 1024 * 1024;

/// Most fingerprints of blocks seen once (8 bytes each).
pub const MAX_SEEN: usize = 1 << 20;

/// A stored block: language, text, highlighted lines.
type Entry = (Box<str>, Box<str>, Lines);

#[derive(Default)]
struct Cache {
    /// Fingerprints of blocks seen once.
    seen: HashSet<u64>,
    /// Blocks seen twice or more: (language, text) → lines.
    stored: HashMap<u64, Vec<Entry>>,
    bytes: usize,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn fingerprint(language: &str, code: &str) -> u64 {
    let mut h = DefaultHasher::new();
    language.hash(&mut h);
    code.hash(&mut h);
    h.finish()
}

/// The highlighting of (`language`, `code`), from the cache or computed
/// with `compute` (outside the lock, so threads never wait on syntect).
pub fn get_or_compute(language: &str, code: &str, compute: impl FnOnce() -> Lines) -> Lines {
    let key = fingerprint(language, code);
    let store = {
        // A poisoned lock (a panic elsewhere while holding it) only means
        // no caching: highlighting itself is still correct.
        let Ok(mut c) = cache().lock() else {
            return compute();
        };
        if let Some(hit) = c
            .stored
            .get(&key)
            .and_then(|v| v.iter().find(|(l, t, _)| **l == *language && **t == *code))
        {
            return hit.2.clone();
        }
        if c.seen.contains(&key) {
            true
        } else {
            if c.seen.len() < MAX_SEEN {
                c.seen.insert(key);
            }
            false
        }
    };
    let lines = compute();
    if store {
        let size = code.len()
            + language.len()
            + lines
                .as_ref()
                .map_or(0, |l| l.iter().map(|s| s.len() + 24).sum());
        if let Ok(mut c) = cache().lock() {
            if c.bytes + size <= MAX_CACHED_BYTES {
                let bucket = c.stored.entry(key).or_default();
                if !bucket
                    .iter()
                    .any(|(l, t, _)| **l == *language && **t == *code)
                {
                    bucket.push((language.into(), code.into(), lines.clone()));
                    c.bytes += size;
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn stores_on_second_sighting_and_keys_on_language_and_text() {
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let run = |lang: &str, code: &str| {
            get_or_compute(lang, code, || {
                CALLS.fetch_add(1, Ordering::SeqCst);
                Some(Arc::from(vec![format!("{lang}:{code}")]))
            })
        };
        let code = "cache-test-unique-text-4711";
        for _ in 0..5 {
            assert_eq!(run("json", code).unwrap()[0], format!("json:{code}"));
        }
        // Computed on the first and second sighting, then served.
        assert_eq!(CALLS.load(Ordering::SeqCst), 2);
        // Another language is another entry.
        assert_eq!(run("python", code).unwrap()[0], format!("python:{code}"));
        assert_eq!(CALLS.load(Ordering::SeqCst), 3);
    }
}
