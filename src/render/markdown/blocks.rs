//! Block nodes: paragraphs, headings, lists, admonitions (alerts) and
//! procedures.

use super::*;

impl Md<'_> {
    /// Renders one block; returns the list marker used when it is a list.
    pub(super) fn block(
        &self,
        b: &Block,
        cx: BlockCx,
        last: Option<ListMark>,
    ) -> (Chunk, Option<ListMark>) {
        let bullet = if last == Some(ListMark::Bullet('-')) {
            '*'
        } else {
            '-'
        };
        let delim = if last == Some(ListMark::Ordered('.')) {
            ')'
        } else {
            '.'
        };
        let lines = match &b.kind {
            BlockKind::Section(s) => {
                let level = s.level.clamp(1, 6);
                let mut lines = vec![anchor(&s.id), self.heading(level, &s.title, None)];
                let body = self.blocks(
                    &s.children,
                    BlockCx {
                        heading_level: Some(level),
                        ..cx
                    },
                );
                if !body.is_empty() {
                    lines.push(String::new());
                    lines.extend(body);
                }
                lines
            }
            BlockKind::Paragraph(inl) => {
                return (
                    Chunk {
                        lines: self.paragraph(inl),
                        para: true,
                    },
                    None,
                )
            }
            BlockKind::Code(c) => code_block(c),
            BlockKind::BlockQuote(children) => {
                prefix_lines(self.blocks(children, cx.nested()), "> ")
            }
            BlockKind::BulletList(items) => {
                let lines = self.list(
                    items
                        .iter()
                        .map(|i| (bullet.to_string(), self.chunks(&i.children, cx.nested())))
                        .collect(),
                );
                return (Chunk::other(lines), Some(ListMark::Bullet(bullet)));
            }
            BlockKind::EnumList(l) => {
                let (lines, mark) = self.enum_list(l, cx, bullet, delim);
                return (Chunk::other(lines), Some(mark));
            }
            BlockKind::DefinitionList(items) => {
                let mut chunks = Vec::new();
                for item in items {
                    let term = self.wrapped_line("**", &item.term);
                    chunks.push(Chunk::other(vec![term]));
                    chunks.extend(self.chunks(&item.children, cx));
                }
                join(chunks)
            }
            BlockKind::FieldList(fields) => {
                let mut chunks = Vec::new();
                for f in fields {
                    let label = format!("**{}:**", escape_plain(&f.name, true));
                    chunks.extend(labelled(label, self.chunks(&f.children, cx)));
                }
                join(chunks)
            }
            BlockKind::Transition => vec!["---".to_string()],
            BlockKind::LineBlock(ls) => {
                // Hard line breaks (a trailing backslash) keep the lines apart.
                let mut out: Vec<String> = Vec::new();
                for l in ls {
                    let text = self.paragraph(l).join(" ");
                    if text.is_empty() {
                        continue;
                    }
                    if let Some(prev) = out.last_mut() {
                        prev.push('\\');
                    }
                    out.push(text);
                }
                out
            }
            BlockKind::Admonition(a) => self.admonition(a, cx),
            BlockKind::Procedure(p) => self.procedure(p, cx),
            BlockKind::Table(t) => self.table(t, cx, bullet),
            BlockKind::Label(l) => vec![anchor(&l.name)],
            // A failed include is shown where its content belongs (see the
            // HTML renderer).
            BlockKind::Included(inc) if inc.file.is_none() => missing_note("include", &inc.path),
            BlockKind::LiteralIncludeRequest(req) => missing_note("literalinclude", &req.path),
            BlockKind::Included(inc) => self.blocks(&inc.blocks, cx),
            BlockKind::Generic(g) => match &g.style {
                crate::doc::DirectiveStyle::Tabs(role) => self.tabs(g, role, cx),
                _ => self.generic(g, cx),
            },
            BlockKind::Image(img) => self.image_block(img, cx),
            BlockKind::Footnote(n) => self.footnote(n, cx),
            BlockKind::Hidden | BlockKind::IncludeRequest(_) => Vec::new(),
        };
        (Chunk::other(lines), None)
    }

    /// A paragraph: one line per source line, never a blank one inside.
    pub(super) fn paragraph(&self, inl: &[Inline]) -> Vec<String> {
        let mut s = String::new();
        self.inlines(inl, InlineCx::default(), &mut s);
        s.split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// An ATX heading line; `prefix` is already-escaped text put before the
    /// title (`Step 1: `).
    pub(super) fn heading(&self, level: u8, title: &[Inline], prefix: Option<&str>) -> String {
        let mut s = String::new();
        let cx = InlineCx {
            mid_line: true,
            one_line: true,
            heading: true,
            ..InlineCx::default()
        };
        self.inlines(title, cx, &mut s);
        let text = format!("{}{}", prefix.unwrap_or(""), s.trim());
        format!("{} {}", "#".repeat(level as usize), text.trim_end())
            .trim_end()
            .to_string()
    }

    /// Inline content on one line wrapped in `delim` (bold labels); empty
    /// when there is no content.
    pub(super) fn wrapped_line(&self, delim: &str, inl: &[Inline]) -> String {
        let mut s = String::new();
        self.wrap(delim, inl, one_line_cx(), &mut s);
        s.trim().to_string()
    }

    pub(super) fn list(&self, items: Vec<(String, Vec<Chunk>)>) -> Vec<String> {
        // Loose (blank line between items) when any item holds several
        // blocks: Markdown makes such a list loose anyway.
        let loose = items.iter().any(|(_, c)| c.len() > 1);
        let mut out = Vec::new();
        for (i, (marker, chunks)) in items.into_iter().enumerate() {
            if i > 0 && loose {
                out.push(String::new());
            }
            list_item(&marker, join(chunks), &mut out);
        }
        out
    }

    pub(super) fn enum_list(
        &self,
        l: &EnumList,
        cx: BlockCx,
        bullet: char,
        delim: char,
    ) -> (Vec<String>, ListMark) {
        let arabic = l.style == EnumStyle::Arabic;
        let items = l
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let n = l.start.saturating_add(i as u32);
                let chunks = self.chunks(&item.children, cx.nested());
                if arabic {
                    (format!("{n}{delim}"), chunks)
                } else {
                    // No Markdown list counts in letters or roman numerals:
                    // a bullet list whose items start with the bold label
                    // (see the module docs).
                    let label = format!("**{}.**", l.style.label(n));
                    (bullet.to_string(), labelled(label, chunks))
                }
            })
            .collect();
        let mark = if arabic {
            ListMark::Ordered(delim)
        } else {
            ListMark::Bullet(bullet)
        };
        (self.list(items), mark)
    }

    pub(super) fn admonition(&self, a: &Admonition, cx: BlockCx) -> Vec<String> {
        let body = self.chunks(&a.children, cx.nested());
        let title = a
            .title
            .as_deref()
            .map(|t| {
                let mut s = String::new();
                self.inlines(t, one_line_cx(), &mut s);
                s.trim().to_string()
            })
            .filter(|t| !t.is_empty());
        let mut lines = Vec::new();
        if cx.top {
            // A GitHub alert: the tag line, the bold title, the content.
            lines.push(format!("[!{}]", alert_kind(&a.kind)));
            let mut chunks = Vec::new();
            if let Some(t) = title {
                chunks.push(Chunk::other(vec![format!("**{t}**")]));
            }
            chunks.extend(body);
            lines.extend(join(chunks));
        } else {
            // GitHub shows no alert inside another element: a plain quote.
            let head = match title {
                Some(t) => format!("**{}: {t}**", kind_name(&a.kind)),
                None => format!("**{}**", kind_name(&a.kind)),
            };
            let mut chunks = vec![Chunk::other(vec![head])];
            chunks.extend(body);
            lines = join(chunks);
        }
        prefix_lines(lines, "> ")
    }

    pub(super) fn procedure(&self, p: &Procedure, cx: BlockCx) -> Vec<String> {
        let level = cx.heading_level.map_or(2, |l| l.saturating_add(1)).min(6);
        let mut chunks = Vec::new();
        if let Some(t) = p.title.as_deref().filter(|t| !t.trim().is_empty()) {
            chunks.push(Chunk::other(vec![format!(
                "**{}**",
                escape_plain(t.trim(), true)
            )]));
        }
        for (i, step) in p.steps.iter().enumerate() {
            let prefix = if plain_text(&step.heading).trim().is_empty() {
                format!("Step {}", i + 1)
            } else {
                format!("Step {}: ", i + 1)
            };
            // Labels that name the step get their anchors before its
            // heading, as in the HTML.
            let lead = step
                .children
                .iter()
                .take_while(|b| matches!(b.kind, BlockKind::Label(_) | BlockKind::Hidden))
                .count();
            let (labels, children) = step.children.split_at(lead);
            let mut lines: Vec<String> = labels
                .iter()
                .filter_map(|b| match &b.kind {
                    BlockKind::Label(l) => Some(anchor(&l.name)),
                    _ => None,
                })
                .collect();
            lines.push(anchor(&step.id));
            lines.push(self.heading(level, &step.heading, Some(&prefix)));
            let body = self.blocks(
                children,
                BlockCx {
                    heading_level: Some(level),
                    ..cx
                },
            );
            if !body.is_empty() {
                lines.push(String::new());
                lines.extend(body);
            }
            chunks.push(Chunk::other(lines));
        }
        join(chunks)
    }
}

fn alert_kind(kind: &str) -> &'static str {
    match kind {
        "important" => "IMPORTANT",
        "warning" | "danger" | "attention" | "error" => "WARNING",
        "tip" | "hint" => "TIP",
        "caution" => "CAUTION",
        // note, seealso, example, see, and anything unknown.
        _ => "NOTE",
    }
}

/// The display name of an admonition kind (`seealso` → `See also`).
fn kind_name(kind: &str) -> String {
    if kind == "seealso" {
        return "See also".to_string();
    }
    let mut c = kind.chars();
    match c.next() {
        Some(f) => escape_plain(&(f.to_uppercase().collect::<String>() + c.as_str()), true),
        None => "Note".to_string(),
    }
}

/// The note for an include or literalinclude that could not be read.
fn missing_note(directive: &str, path: &str) -> Vec<String> {
    let mut line = String::from("> **Build error:** ");
    super::code::code_span(&format!(".. {directive}:: {path}"), false, &mut line);
    line.push_str(" could not be included, so part of this page is missing.");
    vec![line]
}
