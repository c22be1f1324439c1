//! Step alignment: the third pass of [`super`], kept in its own file since
//! it is the largest. Steps are paired in order by heading and body keys,
//! then leftover steps in the same gap are paired as retitled, then the
//! rest across gaps by similarity, with out-of-order pairs flagged as moved.
//! Its budget tests (linear work in the number of steps) live here too.

use super::{
    align, canon, count, first_sentence, key_words, longest_increasing, Pair, MAX_GAP_CELLS,
};
use crate::diff::classify::{ratio, Rules};
use crate::diff::model::{StepModel, StepOrigin};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::align::comparisons;
    use crate::diff::model::Word;
    use crate::diff::model::{Node, NodeKind, Text};
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
}
