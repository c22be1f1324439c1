//! `{+name+}` constant expansion on raw text, before parsing, with a source map.
//!
//! One linear pass: each byte is looked at a bounded number of times. Unlike
//! snooty, malformed references (`{+qe}`, `{+ qe +}`, `{qe+}`) are reported.

use super::{FileId, SourceMap, Span};
use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;

/// Constant names and their (already expanded) values.
#[derive(Clone, Debug, Default)]
pub struct Constants {
    values: BTreeMap<String, String>,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl Constants {
    /// Builds the table from definitions in order; a value may use constants
    /// defined before it. Returns the problems as `(name, message)` pairs.
    pub fn from_ordered(defs: &[(String, String)]) -> (Self, Vec<(String, String)>) {
        let mut c = Constants::default();
        let mut problems = Vec::new();
        for (name, raw) in defs {
            let (value, _, diags) = expand_constants(raw, &c, FileId(u32::MAX));
            for d in diags {
                let msg = if d.code == Code::UndefinedConstant {
                    format!(
                        "{} (a constant may only use constants defined before it)",
                        d.message
                    )
                } else {
                    d.message
                };
                problems.push((name.clone(), msg));
            }
            c.values.insert(name.clone(), value);
        }
        (c, problems)
    }

    /// The value of a constant.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.keys().map(String::as_str)
    }

    /// Number of constants.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Adds or replaces a constant (tests and tools).
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }
}

/// Expands every `{+name+}` in `text`. Returns the expanded text, the map back
/// to `text`, and diagnostics (spans in `file`, original offsets).
pub fn expand_constants(
    text: &str,
    consts: &Constants,
    file: FileId,
) -> (String, SourceMap, Vec<Diagnostic>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut map = SourceMap::default();
    let mut diags = Vec::new();
    let mut copied = 0; // original offset up to which text is copied
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'{' {
            i += 1;
            continue;
        }
        let start = i;
        if bytes.get(i + 1) == Some(&b'+') {
            // `{+` then optional spaces, a name, optional spaces, then `+}` or `}`.
            let mut j = i + 2;
            let lead_ws = skip_spaces(bytes, &mut j);
            let name_start = j;
            while j < bytes.len() && is_name_byte(bytes[j]) {
                j += 1;
            }
            let name = &text[name_start..j];
            let trail_ws = skip_spaces(bytes, &mut j);
            let close_plus = bytes.get(j) == Some(&b'+') && bytes.get(j + 1) == Some(&b'}');
            let close_brace = bytes.get(j) == Some(&b'}');
            if !name.is_empty() && close_plus && !lead_ws && !trail_ws {
                let end = j + 2;
                let span = Span::new(file, start, end);
                match consts.get(name) {
                    Some(value) => {
                        map.push_verbatim(out.len(), copied, start - copied);
                        out.push_str(&text[copied..start]);
                        map.push_replacement(out.len(), value.len(), start, end - start);
                        out.push_str(value);
                        copied = end;
                    }
                    None => diags.push(undefined(name, consts, span)),
                }
                i = end;
                continue;
            }
            if !name.is_empty() && (close_plus || close_brace) {
                let end = j + if close_plus { 2 } else { 1 };
                diags.push(
                    Diagnostic::error(
                        Code::MalformedConstant,
                        format!("malformed constant reference `{}`", &text[start..end]),
                    )
                    .with_span(Span::new(file, start, end))
                    .with_help(format!("write `{{+{name}+}}`")),
                );
                i = end;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        // `{name+}`: only reported when `name` is a defined constant, since
        // code samples legitimately contain things like `{1+}`.
        let mut j = i + 1;
        while j < bytes.len() && is_name_byte(bytes[j]) {
            j += 1;
        }
        let name = &text[i + 1..j];
        if !name.is_empty()
            && bytes.get(j) == Some(&b'+')
            && bytes.get(j + 1) == Some(&b'}')
            && consts.get(name).is_some()
        {
            diags.push(
                Diagnostic::error(
                    Code::MalformedConstant,
                    format!("malformed constant reference `{}`", &text[start..j + 2]),
                )
                .with_span(Span::new(file, start, j + 2))
                .with_help(format!("write `{{+{name}+}}`")),
            );
            i = j + 2;
            continue;
        }
        i = j.max(i + 1);
    }
    map.push_verbatim(out.len(), copied, text.len() - copied);
    out.push_str(&text[copied..]);
    (out, map, diags)
}

fn skip_spaces(bytes: &[u8], j: &mut usize) -> bool {
    let s = *j;
    while *j < bytes.len() && (bytes[*j] == b' ' || bytes[*j] == b'\t') {
        *j += 1;
    }
    *j > s
}

fn undefined(name: &str, consts: &Constants, span: Span) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UndefinedConstant,
        format!("`{name}` not defined as a source constant"),
    )
    .with_span(span);
    match crate::suggest::did_you_mean(name, consts.names()) {
        Some(s) => d.with_help(format!(
            "did you mean `{{+{s}+}}`? Constants are defined in the [constants] table of procdoc.toml"
        )),
        None => d.with_help(format!(
            "define `{name}` in the [constants] table of procdoc.toml"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consts() -> Constants {
        let mut c = Constants::default();
        c.insert("qe", "Queryable Encryption");
        c.insert("a", "X\nY");
        c
    }

    #[test]
    fn expands_and_maps_back() {
        let (out, map, d) = expand_constants("use {+qe+} now", &consts(), FileId(0));
        assert!(d.is_empty());
        assert_eq!(out, "use Queryable Encryption now");
        assert_eq!(map.map_start(out.find("now").unwrap()), 11);
        assert_eq!(map.map_start(6), 4);
    }

    #[test]
    fn multi_line_values_do_not_shift_later_lines() {
        let (out, map, _) = expand_constants("{+a+}\nline2", &consts(), FileId(0));
        assert_eq!(out, "X\nY\nline2");
        assert_eq!(map.map_start(4), 6);
    }

    #[test]
    fn reports_malformed_and_undefined() {
        let (_, _, d) =
            expand_constants("{+qe} {+ qe +} {qe+} {+nope+} {1+}", &consts(), FileId(0));
        let codes: Vec<_> = d.iter().map(|d| (d.code, d.span.unwrap().start)).collect();
        assert_eq!(
            codes,
            vec![
                (Code::MalformedConstant, 0),
                (Code::MalformedConstant, 6),
                (Code::MalformedConstant, 15),
                (Code::UndefinedConstant, 21),
            ]
        );
    }

    #[test]
    fn pathological_braces_are_linear() {
        let s = "{".repeat(100_000) + &"{+".repeat(100_000);
        let (out, _, _) = expand_constants(&s, &consts(), FileId(0));
        assert_eq!(out.len(), s.len());
    }
}
