//! Filling `|name|` substitution references, with cycle detection and a
//! budget, so self-referential or exponentially nested definitions end with
//! a diagnostic instead of a stack overflow.

use super::{Block, Inline, InlineKind};

/// The text of a `.. |name| unicode:: U+00A9 text` definition, as docutils
/// reads it: each whitespace-separated token is a character code
/// (`U+00A9`, `u00A9`, `0xA9`, `xA9`, `&#xA9;`, `&#169;`) or
/// literal text; `..` starts a comment. Tokens are joined without spaces.
/// An invalid code point is an error naming the token.
pub fn unicode_text(spec: &str) -> Result<String, String> {
    let mut out = String::new();
    for tok in spec.split_whitespace() {
        if tok == ".." {
            break;
        }
        let lower = tok.to_ascii_lowercase();
        let hex = ["u+", "\\u", "\\x", "0x", "&#x", "u", "x"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))
            .map(|h| h.strip_suffix(';').unwrap_or(h))
            .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()));
        let dec = lower
            .strip_prefix("&#")
            .and_then(|d| d.strip_suffix(';'))
            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
        let code = match (hex, dec) {
            (Some(h), _) => u32::from_str_radix(h, 16).ok(),
            (None, Some(d)) => d.parse::<u32>().ok(),
            (None, None) if tok.chars().all(|c| c.is_ascii_digit()) => tok.parse::<u32>().ok(),
            (None, None) => {
                out.push_str(tok);
                continue;
            }
        };
        match code.and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => return Err(format!("`{tok}` is not a Unicode code point")),
        }
    }
    Ok(out)
}

/// How many substitutions one pass may fill (a "billion laughs" guard).
pub const MAX_FILLS: usize = 10_000;

/// How many bytes of text one pass may fill in all (a 100 KB replacement
/// used 10,000 times would otherwise be a gigabyte).
pub const MAX_FILL_BYTES: usize = 16 << 20;

/// Why a reference could not be filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubstitutionProblem {
    /// The definition refers back to itself (the chain of names).
    Cycle(Vec<String>),
    /// The pass filled [`MAX_FILLS`] references.
    TooMany,
}

/// Fills still-empty substitution references in `blocks` with what `lookup`
/// gives, expanding references inside the replacement too. Problems are
/// passed to `report` with the span of the offending reference.
pub fn fill_substitutions(
    blocks: &mut [Block],
    lookup: &dyn Fn(&str) -> Option<Vec<Inline>>,
    report: &mut dyn FnMut(crate::text::Span, SubstitutionProblem),
) {
    let mut state = State {
        lookup,
        report,
        stack: Vec::new(),
        fills: 0,
        bytes: 0,
        exhausted: false,
    };
    // Inline lists are reached through the shared visitor, which also
    // descends into filled children; `fill_list` takes over from there.
    super::visit_top_inline_lists(blocks, &mut |list| state.fill_list(list));
}

struct State<'a> {
    lookup: &'a dyn Fn(&str) -> Option<Vec<Inline>>,
    report: &'a mut dyn FnMut(crate::text::Span, SubstitutionProblem),
    stack: Vec<String>,
    fills: usize,
    bytes: usize,
    exhausted: bool,
}

impl State<'_> {
    fn fill_list(&mut self, list: &mut [Inline]) {
        for i in list {
            let span = i.span;
            match &mut i.kind {
                InlineKind::Substitution { name, children } => {
                    if children.is_empty() {
                        if let Some(pos) = self.stack.iter().position(|n| n == name) {
                            let mut chain = self.stack[pos..].to_vec();
                            chain.push(name.clone());
                            (self.report)(span, SubstitutionProblem::Cycle(chain));
                            *children = vec![Inline {
                                kind: InlineKind::Text(format!("|{name}|")),
                                span,
                            }];
                            continue;
                        }
                        if self.fills >= MAX_FILLS || self.bytes > MAX_FILL_BYTES {
                            if !self.exhausted {
                                self.exhausted = true;
                                (self.report)(span, SubstitutionProblem::TooMany);
                            }
                            continue;
                        }
                        if let Some(v) = (self.lookup)(name) {
                            self.fills += 1;
                            self.bytes += super::plain_text(&v).len();
                            // A definition may be empty (`replace:: \ `):
                            // defined, so filled with nothing visible.
                            *children = if v.is_empty() {
                                vec![Inline {
                                    kind: InlineKind::Text(String::new()),
                                    span,
                                }]
                            } else {
                                v
                            };
                        }
                    }
                    if !children.is_empty() {
                        self.stack.push(name.clone());
                        self.fill_list(children);
                        self.stack.pop();
                    }
                }
                InlineKind::Emphasis(c)
                | InlineKind::Strong(c)
                | InlineKind::Link { children: c, .. }
                | InlineKind::NamedRef { children: c, .. } => self.fill_list(c),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unicode_text;

    #[test]
    fn unicode_codes_and_text() {
        assert_eq!(unicode_text("U+00A9").unwrap(), "©");
        assert_eq!(
            unicode_text("0x2713 x27A4 &#169; &#x2705; 169").unwrap(),
            "✓➤©✅©"
        );
        assert_eq!(unicode_text("U+2122 TM .. a comment").unwrap(), "™TM");
        assert!(unicode_text("U+110000").is_err());
    }
}
