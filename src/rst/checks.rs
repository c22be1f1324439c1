//! Input that would otherwise break silently: a misspelt directive (shown
//! with its content, and a did-you-mean), and a comment that is a directive
//! with a typo (`.. important:` with one colon).

use super::directive::Parts;
use super::Parser;
use crate::diag::{Code, Diagnostic};
use crate::doc::Block;

/// Comment words that are directive names but also ordinary comment words.
const COMMENT_WORDS: &[&str] = &["todo", "index", "only", "class", "role", "entry", "time"];

impl Parser<'_> {
    /// An unknown directive: a warning with the nearest known name, and its
    /// argument and content shown as they are.
    pub(super) fn unknown_directive(&mut self, parts: Parts<'_>, depth: usize) -> Block {
        let n = parts.name.clone();
        let names = self.dialect.directive_names();
        let d = Diagnostic::warning(Code::UnknownDirective, format!("unknown directive `{n}`"))
            .with_span(parts.name_span);
        let suggestion = crate::suggest::did_you_mean(&n, names.iter().copied());
        if suggestion.as_deref() == Some("step") && self.procedure_children == Some(depth) {
            // A misspelt step keeps its place, number and content.
            self.diags.push(
                Diagnostic::error(
                    Code::UnknownDirective,
                    format!("unknown directive `{n}` inside a `procedure`; did you mean `step`?"),
                )
                .with_span(parts.name_span)
                .with_help("write `.. step::`; procdoc shows it as a step meanwhile"),
            );
            let mut parts = parts;
            parts.name = "step".into();
            return self.generic(parts, depth, Default::default());
        }
        let d = match suggestion {
            Some(s) => d.with_help(format!(
                "did you mean `{s}`? procdoc shows the content without special rendering"
            )),
            None => d.with_help(
                "procdoc shows its content without special rendering; check the name for typos",
            ),
        };
        self.diags.push(d);
        self.generic(parts, depth, Default::default())
    }

    /// A comment `.. name: …` whose first word is a directive name followed
    /// by a single colon is almost always a directive missing a colon; its
    /// text would vanish silently.
    pub(super) fn check_comment(&mut self, rest: &str, rest_off: usize) {
        let len = rest
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .map(|(k, c)| k + c.len_utf8())
            .last()
            .unwrap_or(0);
        let word = &rest[..len];
        let after = &rest[len..];
        if len == 0
            || !after.starts_with(':')
            || after.starts_with("::")
            || COMMENT_WORDS.contains(&word)
            || self.dialect.directive(word).is_none()
        {
            return;
        }
        let fixed = format!("{word}::");
        self.diags.push(
            Diagnostic::warning(
                Code::SuspiciousComment,
                format!("`.. {word}:` is a comment, so its text is not shown; did you mean the directive `.. {fixed}`?"),
            )
            .with_span(self.span(rest_off, rest_off + len + 1))
            .with_help(format!(
                "write `.. {fixed}` (two colons); to keep a comment, start it with another word"
            )),
        );
    }
}
