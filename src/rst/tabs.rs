//! Tab sets: `.. tabs::` / `.. tabs-drivers::` … holding `.. tab::`
//! directives, or (the legacy form) a YAML body
//!
//! ```text
//! tabs:
//!   - id: shell
//!     name: Shell          (optional)
//!     content: |
//!       rST content …
//! ```
//!
//! Both become the same tree: a [`GenericDirective`] set whose children are
//! `tab` directives, each with its `:tabid:` and label. YAML content is
//! parsed as rST from the lines where it is written, so diagnostics inside
//! it point at the right file, line and column.

use super::directive::{opt, Parts};
use super::lines::{dedent_block, trim_blank, Line};
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::doc::{Block, BlockKind, DirectiveStyle, GenericDirective, Inline, TabRole};

/// The kind of a tab set directive: `tabs-drivers` → `drivers`; a plain
/// `tabs` takes its `:tabset:` option.
pub(crate) fn set_kind(name: &str, tabset: Option<&str>) -> String {
    match name.strip_prefix("tabs-") {
        Some(k) => k.to_string(),
        None => tabset.unwrap_or_default().trim().to_string(),
    }
}

impl Parser<'_> {
    /// A tab set directive.
    pub(super) fn tab_set(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let kind = set_kind(&parts.name, opt(&parts, "tabset").as_deref());
        let first = parts.content.iter().find(|l| !l.is_blank());
        let yaml = first.is_some_and(|l| l.text.trim_end() == "tabs:");
        self.tab_kinds.push(kind.clone());
        let children = if yaml {
            self.yaml_tabs(&parts.content, &kind, depth + 1)
        } else {
            self.parse_body(&parts.content, depth + 1)
        };
        self.tab_kinds.pop();
        let argument = self.parse_inline(&parts.argument);
        Block {
            kind: BlockKind::Generic(GenericDirective {
                name: parts.name.clone(),
                argument,
                options: parts.option_pairs(),
                children,
                style: DirectiveStyle::Tabs(TabRole::Set { kind }),
            }),
            span: parts.whole,
        }
    }

    /// A `tabs-selector`: kept (as a directive that renders nothing) so
    /// the page can check its tab sets. `languages` names the driver sets.
    pub(super) fn tab_selector(&mut self, parts: Parts<'_>) -> Block {
        let (arg, _) = self.arg_text(&parts);
        let kind = match arg.trim() {
            "languages" => "drivers".to_string(),
            k => k.to_string(),
        };
        Block {
            kind: BlockKind::Generic(GenericDirective {
                name: parts.name.clone(),
                argument: Vec::new(),
                options: Vec::new(),
                children: Vec::new(),
                style: DirectiveStyle::Tabs(TabRole::Selector { kind }),
            }),
            span: parts.whole,
        }
    }

    /// One `.. tab::`: its body may not hold section titles (snooty reports
    /// them).
    pub(super) fn tab(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let argument = self.parse_inline(&parts.argument);
        let id = opt(&parts, "tabid")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| crate::doc::make_id(&crate::doc::plain_text(&argument)));
        let kind = self.tab_kinds.last().cloned().unwrap_or_default();
        let label = self.tab_label(&kind, &id, &argument);
        let outer = self.in_tab;
        let outer_level = self.tab_level;
        let base = outer.map_or(self.section_level, |_| self.tab_level);
        self.in_tab = Some(base);
        self.tab_level = base;
        let children = self.parse_body(&parts.content, depth + 1);
        self.in_tab = outer;
        self.tab_level = outer_level;
        Block {
            kind: BlockKind::Generic(GenericDirective {
                name: parts.name.clone(),
                argument,
                options: parts.option_pairs(),
                children,
                style: DirectiveStyle::Tabs(TabRole::Tab { id, label }),
            }),
            span: parts.whole,
        }
    }

    /// A tab's label: its argument, else the dialect's title for its id in
    /// this kind of set, else the id.
    fn tab_label(&self, kind: &str, id: &str, argument: &[Inline]) -> String {
        let arg = crate::doc::plain_text(argument);
        if !arg.trim().is_empty() {
            return arg.trim().to_string();
        }
        self.dialect
            .tab_title(kind, id)
            .map(str::to_string)
            .unwrap_or_else(|| id.to_string())
    }

    /// The tabs of a YAML body (`lines` starts at the `tabs:` line).
    fn yaml_tabs(&mut self, lines: &[Line<'_>], kind: &str, depth: usize) -> Vec<Block> {
        let mut out = Vec::new();
        let Some(start) = lines.iter().position(|l| !l.is_blank()) else {
            return out;
        };
        let mut i = start + 1;
        let n = lines.len();
        while i < n {
            let l = lines[i];
            if l.is_blank() {
                i += 1;
                continue;
            }
            let ind = l.indent();
            let t = l.text.trim_start().trim_end();
            let Some(after_dash) = t.strip_prefix('-') else {
                // A top-level key of the YAML (e.g. `hidden: true`): skipped.
                i += 1;
                continue;
            };
            // One item: from this `-` to the next line at indent <= ind.
            let mut end = i + 1;
            while end < n && (lines[end].is_blank() || lines[end].indent() > ind) {
                end += 1;
            }
            let key_col = ind + 1 + (after_dash.len() - after_dash.trim_start().len());
            let lead_bytes = l.text.len() - l.text.trim_start().len();
            let key_byte = lead_bytes + 1 + (after_dash.len() - after_dash.trim_start().len());
            let item_start = l.off;
            let mut id = None;
            let mut name: Option<Line<'_>> = None;
            let mut content: Vec<Line<'_>> = Vec::new();
            let mut k = i;
            while k < end {
                let line = if k == i { l.skip(key_byte) } else { lines[k] };
                let line_ind = if k == i { key_col } else { line.indent() };
                if line.is_blank() || (k != i && line_ind != key_col) {
                    k += 1;
                    continue;
                }
                let kv = if k == i { line } else { line.dedent(key_col) };
                let Some(colon) = kv.text.find(':') else {
                    k += 1;
                    continue;
                };
                let key = kv.text[..colon].trim();
                let value = kv.text[colon + 1..].trim();
                let value_off = kv.off
                    + colon
                    + 1
                    + (kv.text[colon + 1..].len() - kv.text[colon + 1..].trim_start().len());
                k += 1;
                match key {
                    "id" => id = Some(unquote(value).to_string()),
                    "name" => {
                        name = Some(Line {
                            text: unquote(value),
                            off: value_off + usize::from(value.starts_with(['"', '\''])),
                        })
                    }
                    "content" if value.starts_with('|') || value.starts_with('>') => {
                        let mut c = k;
                        while c < end && (lines[c].is_blank() || lines[c].indent() > key_col) {
                            c += 1;
                        }
                        content = dedent_block(&lines[k..c]);
                        k = c;
                    }
                    "content" => {
                        content = vec![Line {
                            text: unquote(value),
                            off: value_off,
                        }]
                    }
                    _ => {}
                }
            }
            let span = self.span(item_start, lines[end - 1].end());
            let Some(id) = id.filter(|s| !s.is_empty()) else {
                self.diags.push(
                    Diagnostic::error(Code::MissingOption, "YAML tab without an `id:`")
                        .with_span(self.span(l.off, l.end()))
                        .with_help("give every tab an `id:` (the tab id) before `content: |`"),
                );
                i = end;
                continue;
            };
            let argument = match &name {
                Some(nl) => self.parse_inline(&[*nl]),
                None => Vec::new(),
            };
            let label = self.tab_label(kind, &id, &argument);
            let children = self.parse_body(trim_blank(&content), depth + 1);
            out.push(Block {
                kind: BlockKind::Generic(GenericDirective {
                    name: "tab".into(),
                    argument,
                    options: vec![("tabid".into(), id.clone())],
                    children,
                    style: DirectiveStyle::Tabs(TabRole::Tab { id, label }),
                }),
                span,
            });
            i = end;
        }
        out
    }
}

fn unquote(v: &str) -> &str {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|x| x.strip_suffix(q)) {
            return inner;
        }
    }
    v
}
