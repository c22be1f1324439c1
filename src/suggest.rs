//! "Did you mean …?" suggestions for misspelled names.
//!
//! Suggestions run on hostile input too (thousands of misspelled names, a
//! 40,000-character name), so the work per call is bounded: names longer
//! than [`MAX_NAME_CHARS`] get no suggestion, only candidates within
//! [`MAX_LENGTH_DIFF`] characters of the name's length are scored, and at
//! most [`MAX_SCORED`] candidates are scored per call. [`Suggester`] adds a
//! per-name cache for callers that ask about the same name many times.

use std::collections::HashMap;

/// Names longer than this (in bytes) get no suggestion: no one mistypes a
/// name that long, and scoring it costs time quadratic in its length.
pub const MAX_NAME_CHARS: usize = 128;

/// Only candidates whose length is within this many bytes of the name's
/// (or half the name's length, if more) are scored: a typo rarely changes
/// the length by more.
pub const MAX_LENGTH_DIFF: usize = 3;

/// At most this many candidates (after the length filter) are scored per
/// call, so one call costs at most `MAX_SCORED * MAX_NAME_CHARS²`.
pub const MAX_SCORED: usize = 20_000;

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    if name.is_empty() || name.len() > MAX_NAME_CHARS {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    let mut scored = 0;
    let max_diff = MAX_LENGTH_DIFF.max(name.len() / 2);
    for c in candidates {
        if c.len() > MAX_NAME_CHARS || c.len().abs_diff(name.len()) > max_diff {
            continue;
        }
        scored += 1;
        if scored > MAX_SCORED {
            break;
        }
        let score = strsim::jaro_winkler(name, c);
        if score > 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

/// [`did_you_mean`] with a cache per asked name, for a fixed candidate set.
#[derive(Debug, Default)]
pub struct Suggester {
    cache: HashMap<String, Option<String>>,
}

impl Suggester {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The suggestion for `name` among `candidates` (the same set on every
    /// call), computed once per distinct name.
    pub fn suggest<'a>(
        &mut self,
        name: &str,
        candidates: impl FnOnce() -> Box<dyn Iterator<Item = &'a str> + 'a>,
    ) -> Option<String> {
        if let Some(hit) = self.cache.get(name) {
            return hit.clone();
        }
        let s = did_you_mean(name, candidates());
        self.cache.insert(name.to_string(), s.clone());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let c = ["qe-aws-create-master-key", "csfle-tutorial"];
        assert_eq!(
            did_you_mean("qe-aws-create-master-kye", c.iter().copied()).as_deref(),
            Some("qe-aws-create-master-key")
        );
        assert_eq!(did_you_mean("zzz", c.iter().copied()), None);
    }

    #[test]
    fn huge_name_gets_no_suggestion_and_is_not_scored() {
        let name = "a".repeat(40_000);
        let c = [name.as_str()];
        assert_eq!(did_you_mean(&name, c.iter().copied()), None);
    }

    #[test]
    fn candidates_of_very_different_length_are_skipped() {
        let c = ["qe", "qe-aws-create-master-key-and-more"];
        assert_eq!(
            did_you_mean("qee", c.iter().copied()).as_deref(),
            Some("qe")
        );
        assert_eq!(did_you_mean("qe-aws", c.iter().copied()), None);
    }

    #[test]
    fn suggester_computes_each_name_once() {
        let mut s = Suggester::new();
        let c = ["alpha", "beta"];
        let mut calls = 0;
        for _ in 0..100 {
            let _ = s.suggest("alpah", || {
                calls += 1;
                Box::new(c.iter().copied())
            });
        }
        assert_eq!(calls, 1);
        assert_eq!(
            s.suggest("alpah", || Box::new(c.iter().copied()))
                .as_deref(),
            Some("alpha")
        );
    }
}
