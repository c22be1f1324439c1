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

/// Minimum body similarity for two differently titled steps at the same
/// place to be paired as one retitled step.
const RETITLED_BODY_THRESHOLD: f32 = 0.6;

/// How many right steps on each side of the same position a left step's
/// key form is compared with.
const NEAR: usize = 8;

/// Pairs leftover steps that sit between the same two matched steps (the
/// same gap), in order, when their bodies are alike: a step that was only
/// retitled.
fn pair_retitled(
    lk: &[StepKeys],
    rk: &[StepKeys],
    matched: &mut Vec<(usize, usize)>,
    left_only: &mut Vec<usize>,
    right_only: &mut Vec<usize>,
) {
    if left_only.is_empty() || right_only.is_empty() {
        return;
    }
    // Gap of a leftover: how many matched steps come before it on its side
    // (only meaningful for the in-order matches, which are most of them).
    let mut ml: Vec<usize> = matched.iter().map(|m| m.0).collect();
    let mut mr: Vec<usize> = matched.iter().map(|m| m.1).collect();
    ml.sort_unstable();
    mr.sort_unstable();
    let gap_l = |a: usize| ml.partition_point(|&x| x < a);
    let gap_r = |b: usize| mr.partition_point(|&x| x < b);
    let mut used_l = vec![false; left_only.len()];
    let mut used_r = vec![false; right_only.len()];
    let mut j0 = 0;
    for (ia, &a) in left_only.iter().enumerate() {
        let g = gap_l(a);
        while j0 < right_only.len() && gap_r(right_only[j0]) < g {
            j0 += 1;
        }
        let mut j = j0;
        while j < right_only.len() && gap_r(right_only[j]) == g {
            if !used_r[j] {
                count(1);
                let body = ratio(&lk[a].body, &rk[right_only[j]].body);
                if body >= RETITLED_BODY_THRESHOLD && !lk[a].body.is_empty() {
                    used_l[ia] = true;
                    used_r[j] = true;
                    matched.push((a, right_only[j]));
                    j0 = j + 1;
                }
                // Positions pair in order: look at the next right step only
                // for the next left step.
                break;
            }
            j += 1;
        }
    }
    let mut k = 0;
    left_only.retain(|_| {
        k += 1;
        !used_l[k - 1]
    });
    let mut k = 0;
    right_only.retain(|_| {
        k += 1;
        !used_r[k - 1]
    });
}

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
    count(1);
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
    // Per step, the form (as written, or with the rules) closer to the
    // right: compared with the right steps near the same position only, so
    // this stays linear.
    let (nl, nr) = (raw.len(), rk.len());
    let near = |k: usize| -> std::ops::Range<usize> {
        let c = if nl == 0 { 0 } else { k * nr / nl.max(1) };
        c.saturating_sub(NEAR)..(c + NEAR + 1).min(nr)
    };
    let best = |k: usize, x: &StepKeys| near(k).map(|j| step_sim(x, &rk[j])).fold(0f32, f32::max);
    let rh_set: std::collections::HashSet<&String> = rh.iter().collect();
    let lk: Vec<StepKeys> = raw
        .into_iter()
        .zip(ruled)
        .enumerate()
        .map(|(k, (a, b))| {
            let (ha, hb) = (a.heading.join(" "), b.heading.join(" "));
            if rh_set.contains(&ha) {
                a
            } else if rh_set.contains(&hb) || best(k, &b) > best(k, &a) {
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
    // Across gaps: greedy best-similarity matching of the leftovers (when
    // there are few enough of them).
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
        let mut used_l = vec![false; nl];
        let mut used_r = vec![false; nr];
        for (_, a, b) in cands {
            if !used_l[a] && !used_r[b] {
                used_l[a] = true;
                used_r[b] = true;
                matched.push((a, b));
            }
        }
        left_only.retain(|&a| !used_l[a]);
        right_only.retain(|&b| !used_r[b]);
    }
    // Retitled steps: leftovers at the same place between the same matched
    // steps pair up in order when their bodies are alike.
    pair_retitled(&lk, &rk, &mut matched, &mut left_only, &mut right_only);
    matched.sort_unstable();
    // Pairs outside the longest in-order chain are the moved ones.
    let rights: Vec<usize> = matched.iter().map(|&(_, b)| b).collect();
    let mut in_order = vec![false; matched.len()];
    for k in longest_increasing(&rights) {
        in_order[k] = true;
    }

    // Order: by left position; right-only steps after the pair holding the
    // closest earlier right step.
    let mut left_of_right: Vec<Option<usize>> = vec![None; nr];
    for &(a, b) in &matched {
        left_of_right[b] = Some(a);
    }
    let mut anchor_of = vec![-1i64; nr];
    let mut last: i64 = -1;
    for (b, slot) in anchor_of.iter_mut().enumerate() {
        *slot = last;
        if let Some(a) = left_of_right[b] {
            last = a as i64;
        }
    }
    let mut entries: Vec<((i64, u8, usize), StepPair)> = Vec::new();
    for (k, &(a, b)) in matched.iter().enumerate() {
        entries.push((
            (a as i64, 1, b),
            StepPair {
                left: Some(real_l[a]),
                right: Some(real_r[b]),
                moved: !in_order[k],
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
        entries.push((
            (anchor_of[b], 2, b),
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

    use crate::diff::model::Word;
    use crate::text::{FileId, Span};

    fn text(s: &str) -> Text {
        Text {
            words: s
                .split_whitespace()
                .map(|w| Word {
                    text: w.to_string(),
                    span: Span::new(FileId(0), 0, 0),
                })
                .collect(),
            links: Vec::new(),
            marked: s.to_string(),
        }
    }

    fn step(heading: &str, body: &str, origin: StepOrigin) -> StepModel {
        StepModel {
            heading: text(heading),
            markup: String::new(),
            origin,
            blocks: vec![Node {
                kind: NodeKind::Text {
                    role: "paragraph",
                    text: text(body),
                },
                span: Span::new(FileId(0), 0, 0),
            }],
            span: Span::new(FileId(0), 0, 0),
        }
    }

    /// xorshift64*: a deterministic generator for the property tests.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const VOCAB: [&str; 8] = [
        "create", "key", "user", "grant", "policy", "the", "aws", "vault",
    ];

    fn words(rng: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| VOCAB[rng.below(VOCAB.len())])
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn random_steps(rng: &mut Rng) -> Vec<StepModel> {
        let mut v = Vec::new();
        if rng.below(3) == 0 {
            v.push(step("", &words(rng, 4), StepOrigin::Before));
        }
        for _ in 0..rng.below(9) {
            let hn = 1 + rng.below(3);
            let h = words(rng, hn);
            let bn = rng.below(10);
            let b = words(rng, bn);
            v.push(step(&h, &b, StepOrigin::ProcedureStep));
        }
        if rng.below(3) == 0 {
            v.push(step("", &words(rng, 3), StepOrigin::After));
        }
        if v.is_empty() && rng.below(2) == 0 {
            v.push(step("", &words(rng, 3), StepOrigin::Whole));
        }
        v
    }

    /// Right steps derived from the left ones: kept, retitled, edited,
    /// dropped, duplicated, moved, or new.
    fn mutate(rng: &mut Rng, l: &[StepModel]) -> Vec<StepModel> {
        let mut r: Vec<StepModel> = Vec::new();
        for s in l {
            if !s.is_step() {
                // A page has at most one text before, after or instead of
                // the steps: keep it or drop it.
                if rng.below(4) > 0 {
                    r.push(s.clone());
                }
                continue;
            }
            match rng.below(7) {
                0 => {}
                1 => r.push(step(&words(rng, 2), &s.blocks_text(), s.origin)),
                2 => r.push(step(&s.heading.plain(), &words(rng, 5), s.origin)),
                3 => {
                    r.push(s.clone());
                    r.push(s.clone());
                }
                _ => r.push(s.clone()),
            }
            if rng.below(5) == 0 {
                r.push(step(
                    &words(rng, 2),
                    &words(rng, 4),
                    StepOrigin::ProcedureStep,
                ));
            }
        }
        if r.len() > 1 && rng.below(3) == 0 {
            let a = rng.below(r.len());
            let b = rng.below(r.len());
            r.swap(a, b);
        }
        r
    }

    impl StepModel {
        fn blocks_text(&self) -> String {
            self.blocks
                .iter()
                .map(|b| canon(b, None))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// Property (the fuzz target of issue 8 for alignment): for thousands
    /// of generated step lists, aligning never panics and every step of
    /// either side appears exactly once in the output.
    #[test]
    fn alignment_property_every_step_exactly_once() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let rules = Rules::default();
        for case in 0..3000 {
            let l = random_steps(&mut rng);
            let r = if rng.below(4) == 0 {
                random_steps(&mut rng)
            } else {
                mutate(&mut rng, &l)
            };
            let pairs = align_steps(&l, &r, &rules);
            let mut seen_l = vec![0; l.len()];
            let mut seen_r = vec![0; r.len()];
            for p in &pairs {
                if let Some(i) = p.left {
                    seen_l[i] += 1;
                }
                if let Some(j) = p.right {
                    seen_r[j] += 1;
                }
                assert!(
                    p.left.is_some() || p.right.is_some(),
                    "case {case}: empty pair"
                );
            }
            assert!(
                seen_l.iter().all(|&n| n == 1),
                "case {case}: left {seen_l:?}"
            );
            assert!(
                seen_r.iter().all(|&n| n == 1),
                "case {case}: right {seen_r:?}"
            );
        }
    }

    /// Steps for the budget tests: `n` steps with distinct headings and
    /// bodies, and a right side with every 7th retitled, every 11th edited,
    /// every 13th dropped and a new step every 17.
    fn big_pair(n: usize) -> (Vec<StepModel>, Vec<StepModel>) {
        let body = |k: usize| format!("do thing {k} then check result {} carefully", k * 7);
        let l: Vec<StepModel> = (0..n)
            .map(|k| {
                step(
                    &format!("step {k} title"),
                    &body(k),
                    StepOrigin::ProcedureStep,
                )
            })
            .collect();
        let mut r = Vec::new();
        for k in 0..n {
            if k % 13 == 0 {
                continue;
            }
            let h = if k % 7 == 0 {
                format!("renamed {k} heading")
            } else {
                format!("step {k} title")
            };
            let b = if k % 11 == 0 {
                format!("{} and more", body(k))
            } else {
                body(k)
            };
            r.push(step(&h, &b, StepOrigin::ProcedureStep));
            if k % 17 == 0 {
                r.push(step(
                    &format!("new {k}"),
                    "brand new words",
                    StepOrigin::ProcedureStep,
                ));
            }
        }
        (l, r)
    }

    fn comparisons_for(l: &[StepModel], r: &[StepModel]) -> u64 {
        let before = comparisons();
        let pairs = align_steps(l, r, &Rules::default());
        assert!(!pairs.is_empty());
        comparisons() - before
    }

    /// Issue 8 item 9 (diff alignment was quadratic: 5k/10k/20k steps took
    /// 3.3/14.9/69.3 s): the work grows linearly with the number of steps.
    #[test]
    fn diff_alignment_is_linear_in_the_number_of_steps() {
        let (l1, r1) = big_pair(1000);
        let (l4, r4) = big_pair(4000);
        let c1 = comparisons_for(&l1, &r1);
        let c4 = comparisons_for(&l4, &r4);
        eprintln!("alignment comparisons: 1,000 steps {c1}, 4,000 steps {c4}");
        // Linear: ×4 steps is about ×4 work (quadratic would be ×16).
        assert!(c4 <= c1 * 5, "1k: {c1}, 4k: {c4}");
        assert!(c4 <= 4000 * 200, "4k steps took {c4} comparisons");
    }

    /// The worst case for anchoring: no heading in common at all.
    #[test]
    fn diff_alignment_without_anchors_is_linear() {
        let mk = |n: usize, p: &str| -> Vec<StepModel> {
            (0..n)
                .map(|k| {
                    step(
                        &format!("{p} {k}"),
                        &format!("{p} body {k}"),
                        StepOrigin::ProcedureStep,
                    )
                })
                .collect()
        };
        let c1 = comparisons_for(&mk(1000, "left"), &mk(1000, "right"));
        let c4 = comparisons_for(&mk(4000, "left"), &mk(4000, "right"));
        eprintln!("alignment comparisons without anchors: 1,000 steps {c1}, 4,000 steps {c4}");
        assert!(c4 <= c1 * 5, "1k: {c1}, 4k: {c4}");
        assert!(c4 <= 4000 * 200, "4k steps took {c4} comparisons");
    }

    #[test]
    fn a_retitled_step_pairs_by_position_and_body() {
        let l = vec![
            step(
                "Open the console",
                "sign in first",
                StepOrigin::ProcedureStep,
            ),
            step(
                "Create the key",
                "choose a symmetric key and record its id",
                StepOrigin::ProcedureStep,
            ),
            step("Finish", "you are ready", StepOrigin::ProcedureStep),
        ];
        let mut r = l.clone();
        r[1] = step(
            "Make a customer managed key",
            "choose a symmetric key and record its id",
            StepOrigin::ProcedureStep,
        );
        let pairs = align_steps(&l, &r, &Rules::default());
        assert_eq!(pairs.len(), 3);
        assert!(
            pairs.iter().all(|p| p.left == p.right && !p.moved),
            "{pairs:?}"
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
