//! `.. image::` and `.. figure::`: the path, the options that size and
//! place the picture, and a figure's caption (its first paragraph) and
//! legend (the rest). The resolver finds the file and the site copies it.

use super::block::field_marker;
use super::directive::{opt, Parts};
use super::lines::{dedent_block, Line};
use super::Parser;
use crate::doc::{Block, BlockKind, Image};

impl Parser<'_> {
    /// An image or figure directive.
    pub(super) fn image(&mut self, parts: Parts<'_>, depth: usize, figure: bool) -> Block {
        let (path, path_span) = self.arg_text(&parts);
        let mut children = self.parse_body(&parts.content, depth + 1);
        let caption = match children.first() {
            Some(Block {
                kind: BlockKind::Paragraph(_),
                ..
            }) => match children.remove(0).kind {
                BlockKind::Paragraph(p) => p,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let figure = figure || !caption.is_empty() || !children.is_empty();
        let img = Image {
            path: path.split_whitespace().collect::<Vec<_>>().join(""),
            path_span,
            alt: opt(&parts, "alt"),
            width: opt(&parts, "width"),
            height: opt(&parts, "height"),
            scale: opt(&parts, "scale"),
            align: opt(&parts, "align"),
            class: opt(&parts, "class"),
            target: opt(&parts, "target"),
            figwidth: opt(&parts, "figwidth"),
            figure,
            caption,
            legend: children,
            output: None,
            source: None,
            checked: false,
        };
        Block {
            kind: BlockKind::Image(Box::new(img)),
            span: parts.whole,
        }
    }

    /// The image of a `.. |name| image:: path` substitution definition;
    /// `arg` is the text after `image::` (at expanded offset `arg_off`),
    /// `rest` the definition's indented option lines.
    pub(super) fn substitution_image(
        &mut self,
        arg: &str,
        arg_off: usize,
        rest: &[Line<'_>],
    ) -> Image {
        let lead = arg.len() - arg.trim_start().len();
        let path = arg.trim();
        let path_span =
            (!path.is_empty()).then(|| self.span(arg_off + lead, arg_off + lead + path.len()));
        let mut img = Image {
            path: path.to_string(),
            path_span,
            ..Image::default()
        };
        let mut options = Vec::new();
        for l in dedent_block(rest) {
            let Some((name, at)) = field_marker(l.text) else {
                continue;
            };
            let v = l.text[at.min(l.text.len())..].trim().to_string();
            options.push((name.to_ascii_lowercase(), v, self.span(l.off, l.end())));
        }
        // The same checks as the `image` directive's options, so a bad
        // `:scale:` is reported wherever it is written.
        let dialect = self.dialect;
        if let Some(spec) = dialect.directive("image") {
            options = self.check_options("image", spec, options);
        }
        for (name, v, _) in options {
            let v = Some(v);
            match name.as_str() {
                "alt" => img.alt = v,
                "width" => img.width = v,
                "height" => img.height = v,
                "scale" => img.scale = v,
                "align" => img.align = v,
                "class" => img.class = v,
                "target" => img.target = v,
                _ => {}
            }
        }
        img
    }
}
