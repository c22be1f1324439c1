//! Alignment: which step (and, inside a step, which block or list item) on
//! the left corresponds to which on the right.
//!
//! Two passes. First a sequence diff (`similar`) over keys — normalized
//! text with the `equivalent` rules applied on the left — pairs everything
//! identical in order. Then, inside each gap the diff leaves, an
//! order-preserving best-similarity matching pairs what was edited. Steps get
//! a third pass: unmatched steps are matched across gaps by similarity, and
//! pairs that break the order are flagged as moved, so reordered steps are
//! reported as moves, not as one removal plus one addition.

use super::classify::{diff_ops, normalize_ws, ratio, Rules};
use super::model::{Node, NodeKind, Text};
use similar::DiffTag;

/// One aligned pair of indexes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pair {
    /// Left `.0` corresponds to right `.1`.
    Both(usize, usize),
    /// Only on the left.
    Left(usize),
    /// Only on the right.
    Right(usize),
}

/// Largest gap (left × right) the similarity matching is tried on; larger
/// gaps are left unpaired so hostile input stays fast.
const MAX_GAP_CELLS: usize = 40_000;

/// Minimum similarity for two blocks to be paired as "edited".
pub(crate) const BLOCK_THRESHOLD: f32 = 0.5;

thread_local! {
    /// Similarity evaluations and key probes made by alignment on this
    /// thread: what the linear-time budget tests count.
    static COMPARISONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` comparisons.
fn count(n: u64) {
    COMPARISONS.with(|c| c.set(c.get().saturating_add(n)));
}

/// Comparisons made by alignment on this thread so far.
#[cfg(test)]
pub(crate) fn comparisons() -> u64 {
    COMPARISONS.with(|c| c.get())
}

/// Largest gap (left × right) between anchors that is diffed exactly
/// (Myers); larger gaps are matched greedily within a window.
const EXACT_GAP_CELLS: usize = 250_000;

/// How far ahead the greedy matching of a large gap looks for an equal key.
const WINDOW: usize = 32;

/// Pairs of equal keys, in order on both sides, found in linear time (up
/// to bounded gaps): common prefix and suffix; then keys that occur once
/// on each side (patience anchors, their longest in-order chain); between
/// anchors an exact diff when the gap is small, else a windowed greedy match.
pub(crate) fn equal_pairs(l: &[String], r: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    anchored(l, r, 0, 0, &mut out, 0);
    out
}

fn anchored(
    l: &[String],
    r: &[String],
    lo: usize,
    ro: usize,
    out: &mut Vec<(usize, usize)>,
    depth: usize,
) {
    use std::collections::HashMap;
    let pre = l.iter().zip(r).take_while(|(a, b)| a == b).count();
    count(pre as u64 + 1);
    for k in 0..pre {
        out.push((lo + k, ro + k));
    }
    let (l2, r2) = (&l[pre..], &r[pre..]);
    let suf = l2
        .iter()
        .rev()
        .zip(r2.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    count(suf as u64);
    let (lm, rm) = (&l2[..l2.len() - suf], &r2[..r2.len() - suf]);
    let (lmo, rmo) = (lo + pre, ro + pre);
    if !lm.is_empty() && !rm.is_empty() {
        if lm.len().saturating_mul(rm.len()) <= EXACT_GAP_CELLS {
            count((lm.len() + rm.len()) as u64);
            for op in diff_ops(lm, rm) {
                let (tag, a, b) = op.as_tag_tuple();
                if tag == DiffTag::Equal {
                    for (i, j) in a.zip(b) {
                        out.push((lmo + i, rmo + j));
                    }
                }
            }
        } else {
            // Keys unique on both sides anchor the alignment.
            let mut seen: HashMap<&str, (u32, u32, usize, usize)> = HashMap::new();
            for (i, k) in lm.iter().enumerate() {
                let e = seen.entry(k.as_str()).or_insert((0, 0, i, 0));
                e.0 += 1;
            }
            for (j, k) in rm.iter().enumerate() {
                if let Some(e) = seen.get_mut(k.as_str()) {
                    e.1 += 1;
                    e.3 = j;
                }
            }
            count((lm.len() + rm.len()) as u64);
            let mut cands: Vec<(usize, usize)> = seen
                .values()
                .filter(|e| e.0 == 1 && e.1 == 1)
                .map(|e| (e.2, e.3))
                .collect();
            cands.sort_unstable();
            let rights: Vec<usize> = cands.iter().map(|c| c.1).collect();
            let chain: Vec<(usize, usize)> = longest_increasing(&rights)
                .into_iter()
                .map(|k| cands[k])
                .collect();
            if chain.is_empty() || depth > 8 {
                greedy_window(lm, rm, lmo, rmo, out);
            } else {
                let (mut pi, mut pj) = (0, 0);
                for (i, j) in chain {
                    anchored(&lm[pi..i], &rm[pj..j], lmo + pi, rmo + pj, out, depth + 1);
                    out.push((lmo + i, rmo + j));
                    pi = i + 1;
                    pj = j + 1;
                }
                anchored(&lm[pi..], &rm[pj..], lmo + pi, rmo + pj, out, depth + 1);
            }
        }
    }
    let (ls, rs) = (lmo + lm.len(), rmo + rm.len());
    for k in 0..suf {
        out.push((ls + k, rs + k));
    }
}

/// In-order matching of equal keys, looking at most [`WINDOW`] items
/// ahead on the right: linear, possibly not the longest match.
fn greedy_window(l: &[String], r: &[String], lo: usize, ro: usize, out: &mut Vec<(usize, usize)>) {
    let mut j = 0;
    for (i, k) in l.iter().enumerate() {
        if j >= r.len() {
            break;
        }
        let end = (j + WINDOW).min(r.len());
        count((end - j) as u64);
        if let Some(p) = r[j..end].iter().position(|x| x == k) {
            out.push((lo + i, ro + j + p));
            j += p + 1;
        }
    }
}

/// Aligns two sequences by their keys, then pairs the rest by `sim` (pairs
/// only when `sim >= threshold`).
pub(crate) fn align(
    lkeys: &[String],
    rkeys: &[String],
    sim: &dyn Fn(usize, usize) -> f32,
    threshold: f32,
) -> Vec<Pair> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (a, b) in equal_pairs(lkeys, rkeys) {
        if a > i || b > j {
            pair_gap(i..a, j..b, sim, threshold, &mut out);
        }
        out.push(Pair::Both(a, b));
        i = a + 1;
        j = b + 1;
    }
    if i < lkeys.len() || j < rkeys.len() {
        pair_gap(i..lkeys.len(), j..rkeys.len(), sim, threshold, &mut out);
    }
    out
}

/// Order-preserving matching of a gap maximizing total similarity.
fn pair_gap(
    l: std::ops::Range<usize>,
    r: std::ops::Range<usize>,
    sim: &dyn Fn(usize, usize) -> f32,
    threshold: f32,
    out: &mut Vec<Pair>,
) {
    let n = l.len();
    let m = r.len();
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_GAP_CELLS {
        out.extend(l.map(Pair::Left));
        out.extend(r.map(Pair::Right));
        return;
    }
    count((n * m) as u64);
    let mut s = vec![0f32; n * m];
    for i in 0..n {
        for j in 0..m {
            let v = sim(l.start + i, r.start + j);
            s[i * m + j] = if v >= threshold { v } else { f32::NEG_INFINITY };
        }
    }
    // best[i][j]: best score using the first i left and j right items.
    let w = m + 1;
    let mut best = vec![0f32; (n + 1) * w];
    for i in 1..=n {
        for j in 1..=m {
            let mut b = best[(i - 1) * w + j].max(best[i * w + j - 1]);
            let v = s[(i - 1) * m + (j - 1)];
            if v.is_finite() {
                b = b.max(best[(i - 1) * w + j - 1] + v);
            }
            best[i * w + j] = b;
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let v = s[(i - 1) * m + (j - 1)];
        if v.is_finite() && (best[i * w + j] - (best[(i - 1) * w + j - 1] + v)).abs() < 1e-6 {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[(i - 1) * w + j] >= best[i * w + j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    let (mut li, mut ri) = (0, 0);
    for (a, b) in pairs {
        while li < a {
            out.push(Pair::Left(l.start + li));
            li += 1;
        }
        while ri < b {
            out.push(Pair::Right(r.start + ri));
            ri += 1;
        }
        out.push(Pair::Both(l.start + a, r.start + b));
        li = a + 1;
        ri = b + 1;
    }
    out.extend((l.start + li..l.end).map(Pair::Left));
    out.extend((r.start + ri..r.end).map(Pair::Right));
}

/// Lower-cased words without punctuation: what alignment keys compare.
pub(crate) fn key_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The first sentence of a heading.
fn first_sentence(s: &str) -> &str {
    let b = s.as_bytes();
    for i in 0..b.len() {
        if matches!(b[i], b'.' | b'?' | b'!') && b.get(i + 1).is_some_and(|c| *c == b' ') {
            return &s[..=i];
        }
    }
    s
}

/// The comparable text of a node: its family and its words (rules applied
/// when `rules` is given), markup left out.
pub(crate) fn canon(n: &Node, rules: Option<&Rules>) -> String {
    let mut s = String::new();
    push_canon(n, rules, &mut s);
    s
}

fn ruled(t: &str, rules: Option<&Rules>) -> String {
    match rules {
        Some(r) => normalize_ws(&r.apply_str(t)),
        None => normalize_ws(t),
    }
}

fn push_canon(n: &Node, rules: Option<&Rules>, s: &mut String) {
    s.push_str(n.family());
    s.push('|');
    match &n.kind {
        NodeKind::Text { text, .. } => s.push_str(&ruled(&text.plain(), rules)),
        NodeKind::Container {
            kind,
            title,
            children,
            ..
        } => {
            s.push_str(&ruled(kind, rules));
            s.push('|');
            s.push_str(&ruled(&title.plain(), rules));
            for c in children {
                s.push('\n');
                push_canon(c, rules, s);
            }
        }
        NodeKind::Code(c) => {
            let joined: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
            let text = match rules {
                Some(r) => r.apply_str(&joined.join("\n")),
                None => joined.join("\n"),
            };
            for l in text.lines() {
                s.push_str(&normalize_ws(l));
                s.push('\n');
            }
        }
        NodeKind::List { items, .. } => {
            for i in items {
                s.push_str(&ruled(&i.text.plain(), rules));
                s.push('\n');
            }
        }
        NodeKind::Label { name } => s.push_str(&ruled(name, rules)),
        NodeKind::Include {
            directive, target, ..
        } => {
            s.push_str(directive);
            s.push('|');
            s.push_str(&ruled(target, rules));
        }
    }
}

/// How alike two nodes are (0 when of different families).
pub(crate) fn node_sim(a: &Node, b: &Node, rules: &Rules) -> f32 {
    count(1);
    if a.family() != b.family() {
        return 0.0;
    }
    match (&a.kind, &b.kind) {
        (NodeKind::Label { name: x }, NodeKind::Label { name: y }) => {
            let x = rules.apply_str(x);
            let xc: Vec<char> = x.chars().collect();
            let yc: Vec<char> = y.chars().collect();
            // Two labels in the same gap name the same thing more often than not.
            0.5 + 0.5 * ratio(&xc, &yc)
        }
        (NodeKind::Container { kind: ka, .. }, NodeKind::Container { kind: kb, .. }) => {
            let r = text_sim(a, b, rules);
            if ka == kb {
                0.2 + 0.8 * r
            } else {
                r * 0.8
            }
        }
        _ => text_sim(a, b, rules),
    }
}

/// Word similarity of two nodes, with or without the rules (the better).
fn text_sim(a: &Node, b: &Node, rules: &Rules) -> f32 {
    let right = canon(b, None);
    let raw = words_ratio(&canon(a, None), &right);
    if raw >= 1.0 {
        return raw;
    }
    raw.max(words_ratio(&canon(a, Some(rules)), &right))
}

/// Similarity of two texts by words.
pub(crate) fn words_ratio(a: &str, b: &str) -> f32 {
    let aw: Vec<&str> = a.split_whitespace().collect();
    let bw: Vec<&str> = b.split_whitespace().collect();
    ratio(&aw, &bw)
}

/// Left keys: the text as written when the right side has it too (a rule
/// must not break text both sides share), else with the rules applied.
fn pick_keys(raw: Vec<String>, ruled: Vec<String>, right: &[String]) -> Vec<String> {
    let set: std::collections::HashSet<&String> = right.iter().collect();
    raw.into_iter()
        .zip(ruled)
        .map(|(a, b)| if set.contains(&a) { a } else { b })
        .collect()
}

/// Aligns the blocks of two steps (or two boxes).
pub(crate) fn align_nodes(l: &[Node], r: &[Node], rules: &Rules) -> Vec<Pair> {
    let rk: Vec<String> = r.iter().map(|n| canon(n, None)).collect();
    let lk = pick_keys(
        l.iter().map(|n| canon(n, None)).collect(),
        l.iter().map(|n| canon(n, Some(rules))).collect(),
        &rk,
    );
    align(
        &lk,
        &rk,
        &|i, j| node_sim(&l[i], &r[j], rules),
        BLOCK_THRESHOLD,
    )
}

/// Aligns list items (or table rows) by their text.
pub(crate) fn align_texts(l: &[&Text], r: &[&Text], rules: &Rules) -> Vec<Pair> {
    let rk: Vec<String> = r.iter().map(|t| normalize_ws(&t.plain())).collect();
    let lk = pick_keys(
        l.iter().map(|t| normalize_ws(&t.plain())).collect(),
        l.iter().map(|t| ruled(&t.plain(), Some(rules))).collect(),
        &rk,
    );
    align(
        &lk,
        &rk,
        &|i, j| words_ratio(&lk[i], &rk[j]),
        BLOCK_THRESHOLD,
    )
}

mod steps;

pub(crate) use steps::align_steps;

/// Indexes (into `v`) of one longest strictly increasing subsequence.
pub(crate) fn longest_increasing(v: &[usize]) -> Vec<usize> {
    let n = v.len();
    if n == 0 {
        return Vec::new();
    }
    // O(n log n) patience method with predecessor links.
    let mut tails: Vec<usize> = Vec::new(); // indexes into v
    let mut prev: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        let pos = tails.partition_point(|&t| v[t] < v[i]);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(i);
        cur = prev[i];
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_pairs_similar_items_in_order() {
        let l: Vec<String> = ["a b c d", "x y z", "same"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let r: Vec<String> = ["new block", "a b c e", "same"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let p = align(&l, &r, &|i, j| words_ratio(&l[i], &r[j]), 0.5);
        assert_eq!(
            p,
            vec![
                Pair::Right(0),
                Pair::Both(0, 1),
                Pair::Left(1),
                Pair::Both(2, 2)
            ]
        );
    }

    #[test]
    fn lis_finds_the_in_order_chain() {
        assert_eq!(longest_increasing(&[0, 2, 1, 3]).len(), 3);
        assert_eq!(longest_increasing(&[2, 0, 1]), vec![1, 2]);
    }

    #[test]
    fn first_sentence_only() {
        assert_eq!(first_sentence("Do this. Then that."), "Do this.");
        assert_eq!(
            first_sentence("Navigate to v1.2 now"),
            "Navigate to v1.2 now"
        );
    }
}
