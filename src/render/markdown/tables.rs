//! Tables: a pipe table when every cell is one line, else a list per row.

use super::*;

impl Md<'_> {
    pub(super) fn table(&self, t: &Table, cx: BlockCx, bullet: char) -> Vec<String> {
        let mut chunks = Vec::new();
        if let Some(title) = &t.title {
            let line = self.wrapped_line("**", title);
            if !line.is_empty() {
                chunks.push(Chunk::other(vec![line]));
            }
        }
        let simple = t.rows.iter().flatten().all(|cell| {
            let mut flat = Vec::new();
            flatten(cell, &mut flat);
            match flat.as_slice() {
                [] => true,
                [b] => matches!(b.kind, BlockKind::Paragraph(_)),
                _ => false,
            }
        });
        if t.rows.is_empty() {
            return join(chunks);
        }
        if simple {
            chunks.push(Chunk::other(self.pipe_table(t)));
        } else {
            chunks.push(Chunk::other(self.table_as_list(t, cx, bullet)));
        }
        join(chunks)
    }

    /// A GFM pipe table; every cell is at most one paragraph.
    pub(super) fn pipe_table(&self, t: &Table) -> Vec<String> {
        let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let cell_text = |cell: &[Block]| {
            let mut flat = Vec::new();
            flatten(cell, &mut flat);
            let mut s = String::new();
            if let Some(Block {
                kind: BlockKind::Paragraph(inl),
                ..
            }) = flat.first()
            {
                let cx = InlineCx {
                    table: true,
                    ..one_line_cx()
                };
                self.inlines(inl, cx, &mut s);
            }
            s.trim().to_string()
        };
        let row_line = |cells: Vec<String>| {
            let mut s = String::from("|");
            for c in cells {
                s.push(' ');
                s.push_str(&c);
                s.push_str(" |");
            }
            s
        };
        let render_row = |row: &[Vec<Block>]| {
            let mut cells: Vec<String> = row.iter().map(|c| cell_text(c)).collect();
            cells.resize(cols, String::new());
            row_line(cells)
        };
        let mut lines = Vec::new();
        let body = if t.header_rows > 0 {
            lines.push(render_row(&t.rows[0]));
            &t.rows[1..]
        } else {
            // GFM tables need a header row: an empty one.
            lines.push(row_line(vec![String::new(); cols]));
            &t.rows[..]
        };
        lines.push(row_line(vec!["---".to_string(); cols]));
        for row in body {
            lines.push(render_row(row));
        }
        lines
    }

    /// A table whose cells hold more than a paragraph: a bullet list with an
    /// item per body row, each cell labelled with its column header.
    pub(super) fn table_as_list(&self, t: &Table, cx: BlockCx, bullet: char) -> Vec<String> {
        let header_rows = t.header_rows.min(t.rows.len());
        let headers: Vec<String> = if header_rows > 0 {
            t.rows[header_rows - 1]
                .iter()
                .map(|cell| {
                    let mut flat = Vec::new();
                    flatten(cell, &mut flat);
                    flat.iter()
                        .filter_map(|b| match &b.kind {
                            BlockKind::Paragraph(inl) => Some(plain_text(inl)),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join(" ")
                        .trim()
                        .to_string()
                })
                .collect()
        } else {
            Vec::new()
        };
        let items = t.rows[header_rows..]
            .iter()
            .map(|row| {
                let mut chunks = Vec::new();
                for (ci, cell) in row.iter().enumerate() {
                    let cell_chunks = self.chunks(cell, cx.nested());
                    match headers.get(ci).filter(|h| !h.is_empty()) {
                        Some(h) => {
                            let label = format!("**{}:**", escape_plain(h, true));
                            chunks.extend(labelled(label, cell_chunks));
                        }
                        None => chunks.extend(cell_chunks),
                    }
                }
                (bullet.to_string(), chunks)
            })
            .collect();
        self.list(items)
    }

    // ----- inlines -----
}
