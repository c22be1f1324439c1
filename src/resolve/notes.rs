//! Footnotes and citations, per page (after includes): numbers for
//! auto-numbered footnotes (`[#]`, `[#name]`) in order of definition,
//! skipping numbers written by hand, as docutils does; symbols for `[*]`;
//! anchors for every definition and reference, and back links. A reference
//! to a footnote the page does not define is an error; a footnote nobody
//! references is fine.

use crate::diag::{Code, Diagnostic};
use crate::doc::{walk_blocks, walk_blocks_mut, Block, BlockKind, InlineKind, NoteLabel};
use std::collections::{HashMap, HashSet};

/// docutils' footnote symbols, doubled, tripled, … when they run out.
const SYMBOLS: [&str; 10] = ["*", "†", "‡", "§", "¶", "#", "♠", "♥", "♦", "♣"];

fn symbol(k: usize) -> String {
    SYMBOLS[k % SYMBOLS.len()].repeat(k / SYMBOLS.len() + 1)
}

/// Numbers the page's footnotes and links its references; returns the
/// diagnostics for references without a definition.
pub fn number(blocks: &mut [Block]) -> Vec<Diagnostic> {
    let mut manual = HashSet::new();
    let mut any = false;
    walk_blocks(blocks, &mut |b| {
        if let BlockKind::Footnote(n) = &b.kind {
            any = true;
            if let NoteLabel::Number(k) = n.label {
                manual.insert(k);
            }
        }
    });
    // Definitions: display and id, plus the tables references look up.
    let mut next_auto = 1u32;
    let mut auto_anon: Vec<(String, String)> = Vec::new();
    let mut symbols: Vec<(String, String)> = Vec::new();
    let mut by_key: HashMap<String, (String, String)> = HashMap::new();
    let mut seen_ids: HashSet<String> = HashSet::new();
    if any {
        walk_blocks_mut(blocks, &mut |b| {
            let BlockKind::Footnote(n) = &mut b.kind else {
                return;
            };
            let (display, key) = match &n.label {
                NoteLabel::Number(k) => (k.to_string(), Some(format!("n:{k}"))),
                NoteLabel::Auto | NoteLabel::AutoNamed(_) => {
                    while manual.contains(&next_auto) {
                        next_auto += 1;
                    }
                    let d = next_auto.to_string();
                    next_auto += 1;
                    let key = match &n.label {
                        NoteLabel::AutoNamed(name) => Some(format!("a:{name}")),
                        _ => None,
                    };
                    (d, key)
                }
                NoteLabel::Symbol => (symbol(symbols.len()), None),
                NoteLabel::Citation(c) => (c.clone(), Some(format!("c:{}", c.to_lowercase()))),
            };
            let base = match &n.label {
                NoteLabel::Citation(c) => format!("cite-{}", crate::doc::make_id(c)),
                NoteLabel::Symbol => format!("fn-sym-{}", symbols.len() + 1),
                _ => format!("fn-{display}"),
            };
            let mut id = base.clone();
            let mut k = 1;
            while !seen_ids.insert(id.clone()) {
                k += 1;
                id = format!("{base}-{k}");
            }
            match &n.label {
                NoteLabel::Auto => auto_anon.push((display.clone(), id.clone())),
                NoteLabel::Symbol => symbols.push((display.clone(), id.clone())),
                _ => {}
            }
            if let Some(key) = key {
                by_key.entry(key).or_insert((display.clone(), id.clone()));
            }
            // An auto-numbered footnote is also found by its number.
            by_key
                .entry(format!("n:{display}"))
                .or_insert((display.clone(), id.clone()));
            n.display = display;
            n.id = id;
        });
    }
    // References, in reading order.
    let mut diags = Vec::new();
    let (mut anon_i, mut sym_i) = (0usize, 0usize);
    let mut backrefs: HashMap<String, Vec<String>> = HashMap::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    crate::doc::visit_inlines_mut(blocks, &mut |i| {
        let InlineKind::FootnoteRef(n) = &mut i.kind else {
            return;
        };
        let crate::doc::NoteRef {
            label,
            display,
            target,
            id,
        } = &mut **n;
        let found = match label {
            NoteLabel::Auto => {
                anon_i += 1;
                auto_anon.get(anon_i - 1).cloned()
            }
            NoteLabel::Symbol => {
                sym_i += 1;
                symbols.get(sym_i - 1).cloned()
            }
            NoteLabel::Number(k) => by_key.get(&format!("n:{k}")).cloned(),
            NoteLabel::AutoNamed(name) => by_key.get(&format!("a:{name}")).cloned(),
            NoteLabel::Citation(c) => by_key.get(&format!("c:{}", c.to_lowercase())).cloned(),
        };
        match found {
            Some((d, t)) => {
                let c = counts.entry(t.clone()).or_insert(0);
                *c += 1;
                let rid = match t.strip_prefix("fn-") {
                    Some(r) => format!("fnref-{r}-{c}"),
                    None => format!("ref-{t}-{c}"),
                };
                backrefs.entry(t.clone()).or_default().push(rid.clone());
                *display = d;
                *target = t;
                *id = rid;
            }
            None => {
                let written = label.written();
                let what = if matches!(label, NoteLabel::Citation(_)) {
                    "citation"
                } else {
                    "footnote"
                };
                diags.push(
                    Diagnostic::error(
                        Code::UnknownFootnote,
                        format!("{what} reference `[{written}]_` has no definition on this page"),
                    )
                    .with_span(i.span)
                    .with_help(match label {
                        NoteLabel::Auto | NoteLabel::Symbol => format!(
                            "add one more `.. [{written}] text` definition: each `[{written}]_` takes the next one in order"
                        ),
                        _ => format!("define it with `.. [{written}] text` on this page"),
                    }),
                );
            }
        }
    });
    if !backrefs.is_empty() {
        walk_blocks_mut(blocks, &mut |b| {
            if let BlockKind::Footnote(n) = &mut b.kind {
                if let Some(r) = backrefs.remove(&n.id) {
                    n.backrefs = r;
                }
            }
        });
    }
    diags
}
