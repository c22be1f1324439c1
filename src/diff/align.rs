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
use super::model::{Node, NodeKind, StepModel, StepOrigin, Text};
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

/// Aligns two sequences by their keys, then pairs the rest by `sim` (pairs
/// only when `sim >= threshold`).
pub(crate) fn align(
    lkeys: &[String],
    rkeys: &[String],
    sim: &dyn Fn(usize, usize) -> f32,
    threshold: f32,
) -> Vec<Pair> {
    let ops = diff_ops(lkeys, rkeys);
    let mut out = Vec::new();
    let mut gap_l = 0..0;
    let mut gap_r = 0..0;
    let mut in_gap = false;
    for op in &ops {
        let (tag, lr, rr) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            if in_gap {
                pair_gap(gap_l.clone(), gap_r.clone(), sim, threshold, &mut out);
                in_gap = false;
            }
            for (a, b) in lr.zip(rr) {
                out.push(Pair::Both(a, b));
            }
        } else if in_gap {
            gap_l.end = lr.end;
            gap_r.end = rr.end;
        } else {
            gap_l = lr;
            gap_r = rr;
            in_gap = true;
        }
    }
    if in_gap {
        pair_gap(gap_l, gap_r, sim, threshold, &mut out);
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
    }
}

/// How alike two nodes are (0 when of different families).
pub(crate) fn node_sim(a: &Node, b: &Node, rules: &Rules) -> f32 {
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

/// An aligned step pair: indexes into the two step lists, and whether the
/// pair is out of order (a moved step).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StepPair {
    pub(crate) left: Option<usize>,
    pub(crate) right: Option<usize>,
    pub(crate) moved: bool,
}

/// Minimum similarity for two steps to be aligned.
const STEP_THRESHOLD: f32 = 0.5;

struct StepKeys {
    heading: Vec<String>,
    body: Vec<String>,
}

fn step_keys(s: &StepModel, rules: Option<&Rules>) -> StepKeys {
    let heading = match rules {
        Some(r) => r.apply_str(&s.heading.plain()),
        None => s.heading.plain(),
    };
    let mut body = String::new();
    for b in &s.blocks {
        body.push_str(&canon(b, rules));
        body.push('\n');
    }
    let body: Vec<String> = key_words(&body);
    let mut heading = key_words(first_sentence(&heading));
    if heading.is_empty() {
        heading = body.iter().take(12).cloned().collect();
    }
    StepKeys { heading, body }
}

fn step_sim(a: &StepKeys, b: &StepKeys) -> f32 {
    let h = ratio(&a.heading, &b.heading);
    let body = ratio(&a.body, &b.body);
    if a.body.is_empty() && b.body.is_empty() {
        h
    } else {
        0.6 * h + 0.4 * body
    }
}

/// Aligns the steps of two pages. The text before the steps pairs with the
/// text before the steps (likewise after); real steps pair by heading, then
/// by similarity, and reordered steps come out as moved pairs.
pub(crate) fn align_steps(l: &[StepModel], r: &[StepModel], rules: &Rules) -> Vec<StepPair> {
    let real_l: Vec<usize> = (0..l.len()).filter(|&i| l[i].is_step()).collect();
    let real_r: Vec<usize> = (0..r.len()).filter(|&i| r[i].is_step()).collect();
    let rk: Vec<StepKeys> = real_r.iter().map(|&i| step_keys(&r[i], None)).collect();
    let rh: Vec<String> = rk.iter().map(|k| k.heading.join(" ")).collect();
    let raw: Vec<StepKeys> = real_l.iter().map(|&i| step_keys(&l[i], None)).collect();
    let ruled: Vec<StepKeys> = real_l
        .iter()
        .map(|&i| step_keys(&l[i], Some(rules)))
        .collect();
    // Per step, the form (as written, or with the rules) closer to the right.
    let best = |k: &StepKeys| rk.iter().map(|x| step_sim(k, x)).fold(0f32, f32::max);
    let lk: Vec<StepKeys> = raw
        .into_iter()
        .zip(ruled)
        .map(|(a, b)| {
            let (ha, hb) = (a.heading.join(" "), b.heading.join(" "));
            if rh.contains(&ha) {
                a
            } else if rh.contains(&hb) || best(&b) > best(&a) {
                b
            } else {
                a
            }
        })
        .collect();
    let lh: Vec<String> = lk.iter().map(|k| k.heading.join(" ")).collect();
    let pairs = align(&lh, &rh, &|i, j| step_sim(&lk[i], &rk[j]), STEP_THRESHOLD);

    // Matched pairs (positions in real_l / real_r) and leftovers.
    let mut matched: Vec<(usize, usize)> = Vec::new();
    let mut left_only: Vec<usize> = Vec::new();
    let mut right_only: Vec<usize> = Vec::new();
    for p in pairs {
        match p {
            Pair::Both(a, b) => matched.push((a, b)),
            Pair::Left(a) => left_only.push(a),
            Pair::Right(b) => right_only.push(b),
        }
    }
    // Across gaps: greedy best-similarity matching of the leftovers.
    if !left_only.is_empty()
        && !right_only.is_empty()
        && left_only.len().saturating_mul(right_only.len()) <= MAX_GAP_CELLS
    {
        let mut cands: Vec<(f32, usize, usize)> = Vec::new();
        for &a in &left_only {
            for &b in &right_only {
                let s = step_sim(&lk[a], &rk[b]);
                if s >= STEP_THRESHOLD {
                    cands.push((s, a, b));
                }
            }
        }
        cands.sort_by(|x, y| {
            y.0.partial_cmp(&x.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(x.1.cmp(&y.1))
                .then(x.2.cmp(&y.2))
        });
        for (_, a, b) in cands {
            if left_only.contains(&a) && right_only.contains(&b) {
                left_only.retain(|&x| x != a);
                right_only.retain(|&x| x != b);
                matched.push((a, b));
            }
        }
    }
    matched.sort_unstable();
    // Pairs outside the longest in-order chain are the moved ones.
    let rights: Vec<usize> = matched.iter().map(|&(_, b)| b).collect();
    let keep = longest_increasing(&rights);

    // Order: by left position; right-only steps after the pair holding the
    // closest earlier right step.
    let mut entries: Vec<((i64, u8, usize), StepPair)> = Vec::new();
    for (k, &(a, b)) in matched.iter().enumerate() {
        entries.push((
            (a as i64, 1, b),
            StepPair {
                left: Some(real_l[a]),
                right: Some(real_r[b]),
                moved: !keep.contains(&k),
            },
        ));
    }
    for &a in &left_only {
        entries.push((
            (a as i64, 0, 0),
            StepPair {
                left: Some(real_l[a]),
                right: None,
                moved: false,
            },
        ));
    }
    for &b in &right_only {
        let anchor = matched
            .iter()
            .filter(|&&(_, rb)| rb < b)
            .max_by_key(|&&(_, rb)| rb)
            .map(|&(la, _)| la as i64)
            .unwrap_or(-1);
        entries.push((
            (anchor, 2, b),
            StepPair {
                left: None,
                right: Some(real_r[b]),
                moved: false,
            },
        ));
    }
    entries.sort_by_key(|e| e.0);

    let mut out = Vec::new();
    push_pseudo(l, r, StepOrigin::Before, &mut out);
    out.extend(entries.into_iter().map(|(_, p)| p));
    for origin in [StepOrigin::After, StepOrigin::Whole] {
        push_pseudo(l, r, origin, &mut out);
    }
    out
}

fn push_pseudo(l: &[StepModel], r: &[StepModel], origin: StepOrigin, out: &mut Vec<StepPair>) {
    let a = l.iter().position(|s| s.origin == origin);
    let b = r.iter().position(|s| s.origin == origin);
    if a.is_some() || b.is_some() {
        out.push(StepPair {
            left: a,
            right: b,
            moved: false,
        });
    }
}

/// Indexes (into `v`) of one longest strictly increasing subsequence.
fn longest_increasing(v: &[usize]) -> Vec<usize> {
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
