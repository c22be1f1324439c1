//! `{+name+}` constant expansion on raw text, before parsing, with a source map.
//!
//! One linear pass: each byte is looked at a bounded number of times. Unlike
//! snooty, malformed references (`{+qe}`, `{+ qe +}`, `{qe+}`) are reported.

use super::{FileId, SourceMap, Span};
use crate::diag::{Code, Diagnostic};
use std::collections::BTreeMap;

/// The largest value one constant may expand to (bytes). A value that
/// would be larger is refused (`constant-too-large`): a 1 KB config can
/// otherwise define a constant of 2⁴⁰ bytes by doubling.
pub const MAX_CONSTANT_BYTES: usize = 1 << 20;

/// The largest text one file may grow to by constant expansion: the file's
/// own size plus this many bytes. Expansion stops with a located
/// `constant-too-large` error past it.
pub const MAX_EXPANSION_GROWTH: usize = 16 << 20;

/// Constant names and their (already expanded) values.
#[derive(Clone, Debug, Default)]
pub struct Constants {
    values: BTreeMap<String, String>,
    /// Constants refused for their size: name → why (the chain of names).
    too_large: BTreeMap<String, String>,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

impl Constants {
    /// Builds the table from definitions in order; a value may use constants
    /// defined before it. Returns the problems as `(name, message)` pairs.
    pub fn from_ordered(defs: &[(String, String)]) -> (Self, Vec<(String, Code, String)>) {
        let mut c = Constants::default();
        let mut problems = Vec::new();
        for (name, raw) in defs {
            if let Some((chain, root)) = c.size_chain(name, raw) {
                problems.push((
                    name.clone(),
                    Code::ConstantTooLarge,
                    format!(
                        "expands to more than {} KiB: {chain}",
                        MAX_CONSTANT_BYTES >> 10
                    ),
                ));
                c.too_large.insert(name.clone(), root);
                continue;
            }
            let (value, _, diags) = expand_constants(raw, &c, FileId(u32::MAX));
            for d in diags {
                let code = match d.code {
                    Code::ConstantTooLarge => Code::ConstantTooLarge,
                    _ => Code::ConstantCycle,
                };
                let msg = if d.code == Code::UndefinedConstant {
                    format!(
                        "{} (a constant may only use constants defined before it)",
                        d.message
                    )
                } else {
                    d.message
                };
                problems.push((name.clone(), code, msg));
            }
            c.values.insert(name.clone(), value);
        }
        (c, problems)
    }

    /// When expanding `raw` (the definition of `name`) would pass
    /// [`MAX_CONSTANT_BYTES`], the chain of constants that makes it so
    /// (`c3 uses c2 ×2, c2 uses c1 ×2, …`); computed without expanding.
    fn size_chain(&self, name: &str, raw: &str) -> Option<(String, String)> {
        let mut size = raw.len();
        let mut biggest: Option<(&str, usize, usize)> = None; // (name, uses, bytes)
        let mut uses: BTreeMap<&str, usize> = BTreeMap::new();
        for r in constant_refs(raw) {
            // The reference `{+r+}` itself is replaced.
            size = size.saturating_sub(r.len() + 4);
            if let Some(v) = self.values.get(r) {
                size = size.saturating_add(v.len());
                *uses.entry(r).or_default() += 1;
            } else if self.too_large.contains_key(r) {
                size = usize::MAX;
                *uses.entry(r).or_default() += 1;
            }
        }
        if size <= MAX_CONSTANT_BYTES {
            return None;
        }
        for (r, n) in &uses {
            let bytes = self.values.get(*r).map_or(usize::MAX, String::len);
            let total = bytes.saturating_mul(*n);
            if biggest.is_none_or(|(_, bn, bb)| total > bb.saturating_mul(bn)) {
                biggest = Some((r, *n, bytes));
            }
        }
        let (r, n, bytes) = biggest?;
        Some(match self.too_large.get(r) {
            // Keep the root cause only, so messages stay small however deep
            // the chain is.
            Some(root) => (
                format!("`{name}` uses `{r}`, which is too large: {root}"),
                root.clone(),
            ),
            None => {
                let root = format!("`{name}` uses `{r}` ×{n}, and `{r}` is {bytes} bytes");
                (root.clone(), root)
            }
        })
    }

    /// Whether `name` was refused for its size.
    pub fn is_too_large(&self, name: &str) -> bool {
        self.too_large.contains_key(name)
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
    let mut over_budget = false;
    let mut suggester = crate::suggest::Suggester::new();
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
                // Net growth so far plus this replacement's.
                let value = consts.get(name);
                let growth =
                    (out.len() + value.map_or(0, str::len)).saturating_sub(copied + end - start);
                match value {
                    Some(_) if over_budget || growth > MAX_EXPANSION_GROWTH => {
                        if !over_budget {
                            over_budget = true;
                            diags.push(
                                Diagnostic::error(
                                    Code::ConstantTooLarge,
                                    format!(
                                        "constant expansion makes this file more than {} MiB larger; `{{+{name}+}}` and the constants after it are not expanded",
                                        MAX_EXPANSION_GROWTH >> 20
                                    ),
                                )
                                .with_span(span)
                                .with_help("a constant used this many times should be an include; or shorten the constant"),
                            );
                        }
                    }
                    Some(value) => {
                        map.push_verbatim(out.len(), copied, start - copied);
                        out.push_str(&text[copied..start]);
                        map.push_replacement(out.len(), value.len(), start, end - start);
                        out.push_str(value);
                        copied = end;
                    }
                    None if consts.is_too_large(name) => diags.push(
                        Diagnostic::error(
                            Code::ConstantTooLarge,
                            format!("`{name}` is not expanded: its value passes the size budget"),
                        )
                        .with_span(span)
                        .with_help(
                            "see the `constant-too-large` error on its definition in the config",
                        ),
                    ),
                    None => diags.push(undefined(name, consts, span, &mut suggester)),
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

/// The names of the well-formed `{+name+}` references in `text`.
fn constant_refs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        let i = rest.find("{+")?;
        let after = &rest[i + 2..];
        let len = after.bytes().take_while(|b| is_name_byte(*b)).count();
        if len > 0 && after[len..].starts_with("+}") {
            rest = &after[len + 2..];
            return Some(&after[..len]);
        }
        rest = after;
    })
}

fn skip_spaces(bytes: &[u8], j: &mut usize) -> bool {
    let s = *j;
    while *j < bytes.len() && (bytes[*j] == b' ' || bytes[*j] == b'\t') {
        *j += 1;
    }
    *j > s
}

fn undefined(
    name: &str,
    consts: &Constants,
    span: Span,
    suggester: &mut crate::suggest::Suggester,
) -> Diagnostic {
    let d = Diagnostic::error(
        Code::UndefinedConstant,
        format!("`{name}` not defined as a source constant"),
    )
    .with_span(span);
    match suggester.suggest(name, || Box::new(consts.names())) {
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
    fn exponential_constants_are_refused_with_the_chain() {
        // 40 levels of doubling would be 2^40 bytes; the budget stops it at
        // the first constant past 1 MiB, and every later one says why.
        let mut defs = vec![("c0".to_string(), "x".repeat(1000))];
        for i in 1..=40 {
            defs.push((format!("c{i}"), format!("{{+c{}+}}{{+c{}+}}", i - 1, i - 1)));
        }
        let (c, problems) = Constants::from_ordered(&defs);
        let total: usize = c.names().filter_map(|n| c.get(n)).map(str::len).sum();
        assert!(total <= 2 * MAX_CONSTANT_BYTES, "{total}");
        // c10 is 1,024,000 bytes (under 1 MiB); c11 is the first too large.
        assert!(c.get("c10").is_some());
        assert!(c.is_too_large("c11") && c.is_too_large("c40"));
        assert_eq!(problems.len(), 30);
        let (name, code, msg) = &problems[0];
        assert_eq!((name.as_str(), *code), ("c11", Code::ConstantTooLarge));
        assert!(msg.contains("`c11` uses `c10` ×2"), "{msg}");
        let (name, _, msg) = &problems[29];
        assert_eq!(name, "c40");
        assert!(
            msg.contains("`c40` uses `c39`, which is too large: `c11` uses `c10` ×2"),
            "{msg}"
        );
        // A page using a refused constant gets a located error, not 2^40 bytes.
        let (out, _, d) = expand_constants("a {+c40+} b", &c, FileId(0));
        assert_eq!(out, "a {+c40+} b");
        assert_eq!(d[0].code, Code::ConstantTooLarge);
        assert_eq!(d[0].span.map(|s| (s.start, s.end)), Some((2, 9)));
    }

    #[test]
    fn many_uses_of_a_big_constant_stop_at_the_file_budget() {
        let mut c = Constants::default();
        c.insert("big", "y".repeat(100_000));
        let text = "{+big+}\n".repeat(4_000);
        let (out, _, d) = expand_constants(&text, &c, FileId(0));
        assert!(
            out.len() <= text.len() + MAX_EXPANSION_GROWTH,
            "{}",
            out.len()
        );
        let too_large: Vec<_> = d
            .iter()
            .filter(|d| d.code == Code::ConstantTooLarge)
            .collect();
        assert_eq!(too_large.len(), 1, "one error, not one per use");
        // 16 MiB / 100 kB: the 168th use is the first one refused.
        let first = too_large[0].span.unwrap().start as usize;
        assert_eq!(first / "{+big+}\n".len(), 167);
        assert_eq!(out.len(), 167 * 100_001 + (4_000 - 167) * 8);
    }

    #[test]
    fn pathological_braces_are_kept_verbatim_without_diagnostics() {
        // Linearity is measured by the `expand` benchmark's growth ratio;
        // here: nothing is lost, nothing is reported.
        let s = "{".repeat(100_000) + &"{+".repeat(100_000);
        let (out, map, d) = expand_constants(&s, &consts(), FileId(0));
        assert_eq!(out, s);
        assert!(d.is_empty());
        assert_eq!(map.map_start(150_000), 150_000);
    }
}
