//! Tables (`list-table`): caption, column widths, header rows.

use super::{Renderer, R};
use crate::doc::{Block, Table};

impl Renderer<'_, '_> {
    pub(super) fn table(&self, t: &Table, out: &mut String) -> R {
        out.push_str("<table class=\"list-table\">\n");
        if let Some(title) = &t.title {
            out.push_str("<caption>");
            self.inlines(title, out);
            out.push_str("</caption>\n");
        }
        let total: u64 = t.widths.iter().map(|&w| u64::from(w)).sum();
        if !t.widths.is_empty() && total > 0 {
            out.push_str("<colgroup>");
            for &w in &t.widths {
                let pct = (u64::from(w) * 10_000).checked_div(total).unwrap_or(0);
                out.push_str(&format!(
                    "<col style=\"width: {}.{:02}%\">",
                    pct / 100,
                    pct % 100
                ));
            }
            out.push_str("</colgroup>\n");
        }
        let header = t.header_rows.min(t.rows.len());
        let (head, body) = t.rows.split_at(header);
        let row = |cells: &Vec<Vec<Block>>, tag: &str, out: &mut String| -> R {
            out.push_str("<tr>");
            for cell in cells {
                out.push_str(&format!("<{tag}>"));
                self.tight(cell, out)?;
                out.push_str(&format!("</{tag}>"));
            }
            out.push_str("</tr>\n");
            Ok(())
        };
        if !head.is_empty() {
            out.push_str("<thead>\n");
            for r in head {
                row(r, "th", out)?;
            }
            out.push_str("</thead>\n");
        }
        if !body.is_empty() {
            out.push_str("<tbody>\n");
            for r in body {
                row(r, "td", out)?;
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n");
        Ok(())
    }
}
