//! Aligning the tabs of two tab sets by `:tabid:`.

use crate::diff::align::{align_nodes, Pair};
use crate::diff::model::{Node, NodeKind};

/// Aligns the children of two tab sets: tabs by `:tabid:` (the title when
/// there is none; repeated ids pair in order), anything else by content.
/// Returns the pairs in reading order and the pairs that are out of order.
pub(super) fn align_tabs(l: &[Node], r: &[Node]) -> (Vec<Pair>, Vec<(usize, usize)>) {
    use std::collections::HashMap;
    fn key(n: &Node) -> Option<String> {
        match &n.kind {
            NodeKind::Container {
                family: "tab",
                id,
                title,
                ..
            } => id.clone().or_else(|| {
                let t = title.plain();
                (!t.is_empty()).then_some(t)
            }),
            _ => None,
        }
    }
    let keyed = |v: &[Node]| -> Vec<Option<(String, usize)>> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        v.iter()
            .map(|n| {
                key(n).map(|k| {
                    let c = seen.entry(k.clone()).or_insert(0);
                    *c += 1;
                    (k, *c)
                })
            })
            .collect()
    };
    let lk = keyed(l);
    let rk = keyed(r);
    let mut index: HashMap<&(String, usize), usize> = HashMap::new();
    for (j, k) in rk.iter().enumerate() {
        if let Some(k) = k {
            index.insert(k, j);
        }
    }
    let mut matched: Vec<(usize, usize)> = Vec::new();
    let mut right_used = vec![false; r.len()];
    for (i, k) in lk.iter().enumerate() {
        if let Some(&j) = k.as_ref().and_then(|k| index.get(k)) {
            matched.push((i, j));
            right_used[j] = true;
        }
    }
    // Whatever has no key (or no partner) is aligned by content, in order.
    let rest_l: Vec<usize> = (0..l.len())
        .filter(|&i| !matched.iter().any(|&(a, _)| a == i) && lk[i].is_none())
        .collect();
    let rest_r: Vec<usize> = (0..r.len())
        .filter(|&j| !right_used[j] && rk[j].is_none())
        .collect();
    let sub_l: Vec<Node> = rest_l.iter().map(|&i| l[i].clone()).collect();
    let sub_r: Vec<Node> = rest_r.iter().map(|&j| r[j].clone()).collect();
    let no_rules = crate::diff::classify::Rules::default();
    for p in align_nodes(&sub_l, &sub_r, &no_rules) {
        if let Pair::Both(a, b) = p {
            matched.push((rest_l[a], rest_r[b]));
            right_used[rest_r[b]] = true;
        }
    }
    matched.sort_unstable();
    let rights: Vec<usize> = matched.iter().map(|&(_, b)| b).collect();
    let keep = crate::diff::align::longest_increasing(&rights);
    let mut in_order = vec![false; matched.len()];
    for k in keep {
        in_order[k] = true;
    }
    let moved: Vec<(usize, usize)> = matched
        .iter()
        .zip(&in_order)
        .filter(|(_, ok)| !**ok)
        .map(|(p, _)| *p)
        .collect();
    let left_used: Vec<bool> = {
        let mut v = vec![false; l.len()];
        for &(a, _) in &matched {
            v[a] = true;
        }
        v
    };
    // Reading order: by left position; a right-only tab after the pair
    // holding the closest earlier right tab.
    let mut left_of_right: Vec<Option<usize>> = vec![None; r.len()];
    for &(a, b) in &matched {
        left_of_right[b] = Some(a);
    }
    let mut entries: Vec<((i64, u8, usize), Pair)> = Vec::new();
    for &(a, b) in &matched {
        entries.push(((a as i64, 1, b), Pair::Both(a, b)));
    }
    for (i, used) in left_used.iter().enumerate() {
        if !used {
            entries.push(((i as i64, 0, 0), Pair::Left(i)));
        }
    }
    let mut anchor: i64 = -1;
    for (j, used) in right_used.iter().enumerate() {
        match left_of_right[j] {
            Some(a) => anchor = anchor.max(a as i64),
            None if !used => entries.push(((anchor, 2, j), Pair::Right(j))),
            None => {}
        }
    }
    entries.sort_by_key(|e| e.0);
    (entries.into_iter().map(|(_, p)| p).collect(), moved)
}
