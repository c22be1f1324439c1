//! Code blocks: highlighting, emphasized lines, line numbers, captions.

use super::{class_token, CodeData, Renderer, R};
use crate::doc::CodeBlock;
use crate::render::highlight;
use crate::render::templates::push_escaped;

impl Renderer<'_, '_> {
    pub(super) fn code(&self, c: &CodeBlock, out: &mut String) -> R {
        let lines: Vec<&str> = if c.text.is_empty() {
            Vec::new()
        } else {
            c.text.split('\n').collect()
        };
        let language = c
            .language
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty());
        // One HTML fragment per line, spans balanced within each line.
        let highlighted = language.and_then(|l| highlight::highlight_shared(&c.text, l));
        let emphasized = !c.emphasize_lines.is_empty();
        let mut code = String::with_capacity(c.text.len() * 2 + 16);
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                code.push('\n');
            }
            if emphasized {
                let hll = c.emphasize_lines.contains(&(i as u32 + 1));
                code.push_str(if hll {
                    "<span class=\"line hll\">"
                } else {
                    "<span class=\"line\">"
                });
            }
            match highlighted.as_ref().and_then(|h| h.get(i)) {
                Some(html) => code.push_str(html),
                None => push_escaped(&mut code, line),
            }
            if emphasized {
                code.push_str("</span>");
            }
        }
        let gutter = if c.linenos {
            (0..lines.len() as u32)
                .map(|i| (c.lineno_start.saturating_add(i)).to_string())
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            String::new()
        };
        let caption = c.caption.as_deref().filter(|s| !s.is_empty());
        let data = CodeData {
            language: language.map(class_token),
            language_label: language.map(highlight::language_label),
            header: caption.is_some() || c.copyable,
            highlighted: highlighted.is_some(),
            caption,
            code,
            linenos: c.linenos,
            gutter,
            copyable: c.copyable,
            emphasized,
        };
        self.partial("code", &data, out)
    }
}
