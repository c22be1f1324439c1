//! Directives that hold other blocks in a fixed shape: `procedure` (its
//! `step`s) and `list-table` (rows of cells).

use super::directive::{opt, Parts};
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::doc::{
    make_id, plain_text, Block, BlockKind, DirectiveStyle, GenericDirective, Procedure,
    ProcedureStyle, Step, Table,
};

impl Parser<'_> {
    /// A `procedure`: its `step` children become numbered steps; anything
    /// else is reported and shown in the step before it.
    pub(super) fn procedure(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let style = match opt(&parts, "style").as_deref() {
            Some("normal") => ProcedureStyle::Normal,
            _ => ProcedureStyle::Connected,
        };
        let outer = self.procedure_children.replace(depth + 1);
        let children = self.parse_body(&parts.content, depth + 1);
        self.procedure_children = outer;
        let mut steps: Vec<Step> = Vec::new();
        let mut pending: Vec<Block> = Vec::new();
        for b in children {
            match b.kind {
                BlockKind::Generic(g) if g.name == "step" || g.name == "mongodb:step" => {
                    let mut id = make_id(&plain_text(&g.argument));
                    if id.is_empty() {
                        id = format!("step-{}", steps.len() + 1);
                    }
                    let mut children = std::mem::take(&mut pending);
                    children.extend(g.children);
                    steps.push(Step {
                        heading: g.argument,
                        id,
                        children,
                        span: b.span,
                    });
                }
                BlockKind::Label(_) | BlockKind::Hidden => pending.push(b),
                kind => {
                    self.diags.push(
                        Diagnostic::warning(
                            Code::InvalidChild,
                            "only `step` directives belong inside a `procedure`",
                        )
                        .with_span(b.span)
                        .with_help("move this content into a `.. step::`; it is shown in the step before it"),
                    );
                    let block = Block { kind, span: b.span };
                    match steps.last_mut() {
                        Some(st) => st.children.push(block),
                        None => pending.push(block),
                    }
                }
            }
        }
        if steps.is_empty() {
            self.diags.push(
                Diagnostic::warning(Code::InvalidChild, "`procedure` has no steps")
                    .with_span(parts.name_span)
                    .with_help("add `.. step:: Heading` blocks inside the procedure"),
            );
        }
        Block {
            kind: BlockKind::Procedure(Procedure {
                style,
                title: opt(&parts, "title"),
                steps,
            }),
            span: parts.whole,
        }
    }

    pub(super) fn list_table(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let title = (!parts.argument.is_empty()).then(|| self.parse_inline(&parts.argument));
        let header_rows: usize = opt(&parts, "header-rows")
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        let widths: Vec<u32> = opt(&parts, "widths")
            .map(|w| {
                w.split([' ', ','])
                    .filter(|x| !x.is_empty())
                    .filter_map(|x| x.parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        let children = self.parse_body(&parts.content, depth + 1);
        let mut rows = Vec::new();
        let mut ok = children.len() == 1;
        if let Some(Block {
            kind: BlockKind::BulletList(items),
            ..
        }) = children.first()
        {
            for item in items {
                match item.children.as_slice() {
                    [Block {
                        kind: BlockKind::BulletList(cells),
                        ..
                    }] => rows.push(cells.iter().map(|c| c.children.clone()).collect::<Vec<_>>()),
                    _ => ok = false,
                }
            }
        } else {
            ok = false;
        }
        let ncols = rows.first().map_or(0, |r: &Vec<Vec<Block>>| r.len());
        if ok && rows.iter().any(|r| r.len() != ncols) {
            self.diags.push(
                Diagnostic::error(
                    Code::MalformedTable,
                    "list-table rows have different numbers of cells",
                )
                .with_span(parts.whole)
                .with_help(format!("every row needs {ncols} cells")),
            );
        }
        if !ok {
            self.diags.push(
                Diagnostic::error(
                    Code::MalformedTable,
                    "list-table content must be a bullet list of rows, each a bullet list of cells",
                )
                .with_span(parts.name_span)
                .with_help(
                    "write `* - cell` for the first cell of a row and `  - cell` for the others",
                ),
            );
            return Block {
                kind: BlockKind::Generic(GenericDirective {
                    name: "list-table".into(),
                    argument: title.unwrap_or_default(),
                    options: Vec::new(),
                    children,
                    style: DirectiveStyle::Container,
                }),
                span: parts.whole,
            };
        }
        if !widths.is_empty() && widths.len() != ncols {
            self.diags.push(
                Diagnostic::warning(
                    Code::MalformedTable,
                    format!(
                        "`:widths:` gives {} values for {ncols} columns",
                        widths.len()
                    ),
                )
                .with_span(parts.whole),
            );
        }
        Block {
            kind: BlockKind::Table(Table {
                title,
                header_rows: header_rows.min(rows.len()),
                rows,
                widths,
            }),
            span: parts.whole,
        }
    }
}
