//! snooty's check of tab sets on a page with a `tabs-selector`: the
//! selector offers one choice for all the page's sets of its kind, so those
//! sets must all have the same number of tabs. When they do not, the tab ids
//! that are not in every set are reported (an error, as in snooty), once per
//! selector. As in snooty, only the sets that come after the selector in
//! reading order are compared: a set above it is not switched by it.
//! A selector with no set of its kind after it is an error too (snooty's
//! "expected tabs"): it offers choices that switch nothing, most often
//! because the fragment holding the sets failed to include.

use crate::diag::{Code, Diagnostic};
use crate::doc::{walk_blocks, Block, BlockKind, DirectiveStyle, TabRole};
use crate::text::Span;
use std::collections::BTreeSet;

/// Checks the page's tab sets against its selectors.
pub fn check(blocks: &[Block]) -> Vec<Diagnostic> {
    let mut selectors: Vec<(String, Span)> = Vec::new();
    let mut sets: Vec<(String, Vec<String>)> = Vec::new();
    walk_blocks(blocks, &mut |b| {
        let BlockKind::Generic(g) = &b.kind else {
            return;
        };
        match &g.style {
            DirectiveStyle::Tabs(TabRole::Selector { kind })
                if !selectors.iter().any(|(k, _)| k == kind) =>
            {
                selectors.push((kind.clone(), b.span));
            }
            // A set read before its selector is not one of its choices.
            DirectiveStyle::Tabs(TabRole::Set { kind })
                if selectors.iter().any(|(k, _)| k == kind) =>
            {
                let ids = g
                    .children
                    .iter()
                    .filter_map(|c| match &c.kind {
                        BlockKind::Generic(t) => match &t.style {
                            DirectiveStyle::Tabs(TabRole::Tab { id, .. }) => Some(id.clone()),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                sets.push((kind.clone(), ids));
            }
            _ => {}
        }
    });
    let mut diags = Vec::new();
    for (kind, span) in selectors {
        let mine: Vec<&Vec<String>> = sets
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, ids)| ids)
            .collect();
        if mine.is_empty() {
            diags.push(
                Diagnostic::error(
                    Code::MissingTab,
                    format!("`tabs-selector:: {kind}` has no `{kind}` tab set after it on this page"),
                )
                .with_span(span)
                .with_help(format!(
                    "add a `tabs-{kind}` set below the selector (check that the fragments holding the sets are included), or remove the selector"
                )),
            );
            continue;
        }
        // snooty keys each set's tabs by id: a repeated id counts once.
        let all: Vec<BTreeSet<&str>> = mine
            .iter()
            .map(|ids| ids.iter().map(String::as_str).collect())
            .collect();
        if all.iter().all(|ids| ids.len() == all[0].len()) {
            continue;
        }
        let union: BTreeSet<&str> = all.iter().flatten().copied().collect();
        let missing: Vec<&str> = union
            .iter()
            .copied()
            .filter(|id| !all.iter().all(|s| s.contains(id)))
            .collect();
        diags.push(
            Diagnostic::error(
                Code::MissingTab,
                format!(
                    "the `{kind}` tab sets on this page do not all have the same tabs; missing from some: {}",
                    missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_span(span)
            .with_help(format!(
                "this `tabs-selector` switches every `{kind}` tab set at once: give each set a tab for every choice"
            )),
        );
    }
    diags
}
