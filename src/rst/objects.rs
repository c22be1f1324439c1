//! Directives with a heading line: object descriptions (`.. method::`,
//! `.. dbcommand::`, … which are link targets for their roles), `describe`,
//! and the version notes (`versionadded`, `versionchanged`, `deprecated`).

use super::directive::Parts;
use super::Parser;
use crate::dialect::{object_anchor, Render};
use crate::doc::{Block, DirectiveStyle, Inline, InlineKind, ObjectDef};

/// The object type that sets the context of option directives and roles.
const PROGRAM: &str = "program";

impl Parser<'_> {
    /// An object directive or `describe`: a signature heading (the argument
    /// as written) over the content; an object is also a link target.
    pub(super) fn object(&mut self, mut parts: Parts<'_>, depth: usize, render: Render) -> Block {
        let (sig, sig_span) = self.arg_text(&parts);
        let object = match (render, self.dialect.object(&parts.name)) {
            (Render::Object, Some(o)) => {
                let o = o.clone();
                if o.name == PROGRAM {
                    self.program = Some(sig.clone());
                }
                let keys = o.keys_from_directive(&sig, self.program.as_deref());
                keys.first().map(|k| ObjectDef {
                    anchor: object_anchor(&o.domain, k),
                    keys: keys
                        .iter()
                        .map(|k| (k.objtype.clone(), k.name.clone()))
                        .collect(),
                })
            }
            _ => None,
        };
        let program = self
            .dialect
            .object(&parts.name)
            .is_some_and(|o| o.name == PROGRAM);
        parts.argument.clear();
        let mut block = self.generic(
            parts,
            depth,
            match (program, object) {
                (true, Some(def)) => DirectiveStyle::Anchor(def),
                (_, def) => DirectiveStyle::Signature(def),
            },
        );
        if let crate::doc::BlockKind::Generic(g) = &mut block.kind {
            if let Some(span) = sig_span {
                g.argument = vec![Inline {
                    kind: InlineKind::Text(sig),
                    span,
                }];
            }
        }
        block
    }

    /// `versionadded:: 4.4` says "New in version 4.4." (and likewise
    /// "Changed in version", "Deprecated since version") before its content.
    pub(super) fn version(&mut self, mut parts: Parts<'_>, depth: usize) -> Block {
        let lead = match parts.name.as_str() {
            "versionchanged" => "Changed in version",
            "deprecated" => "Deprecated since version",
            _ => "New in version",
        };
        let span = parts.name_span;
        let version = self.parse_inline(&parts.argument);
        parts.argument.clear();
        let text = |t: String| Inline {
            kind: InlineKind::Text(t),
            span,
        };
        let sentence = if version.is_empty() {
            // `deprecated` may omit the version.
            vec![text(format!(
                "{}.",
                lead.split(" since").next().unwrap_or(lead)
            ))]
        } else {
            let ends_with_dot = crate::doc::plain_text(&version).trim_end().ends_with('.');
            let mut s = vec![text(format!("{lead} "))];
            s.extend(version);
            if !ends_with_dot {
                s.push(text(".".into()));
            }
            s
        };
        let mut block = self.generic(parts, depth, DirectiveStyle::Version);
        if let crate::doc::BlockKind::Generic(g) = &mut block.kind {
            g.argument = sentence;
        }
        block
    }
}
