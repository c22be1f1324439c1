//! A hand-written lexer for Python code blocks (`python`, `py`,
//! `python3`), used instead of syntect's Python grammar.
//!
//! Python is one of the driver languages of every MongoDB tutorial, and
//! syntect's backtracking grammar costs far more than the few colours a
//! reader sees. This lexer reads each line once, keeping across lines only
//! an open triple-quoted string and open brackets' class-base context. Its
//! kinds follow what the Python grammar gave: keywords (and `self`, `cls`),
//! strings with their prefix as a keyword (`f"…"`), docstrings as comments,
//! numbers with `True`/`False`/`None`, defined and called functions and
//! decorators as functions, class names and their bases as names.

use super::palette::Kind;

const KEYWORDS: &[&str] = &[
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "self",
    "cls", "match", "case",
];

const CONSTANTS: &[&str] = &["True", "False", "None", "Ellipsis", "NotImplemented"];

/// The lexer's state between lines.
#[derive(Debug, Default)]
struct State {
    /// An open triple-quoted string: its quote and whether it is a
    /// docstring (shown as a comment).
    triple: Option<(&'static str, bool)>,
    /// The last word was `def`/`class` (the next word is its name).
    naming: Option<Kind>,
    /// Inside the parentheses after `class Name`: bases are names.
    bases: bool,
    /// Open brackets: a line inside them continues a statement.
    depth: usize,
}

/// The pieces of each line of `code` (split at `\n`), each with its kind;
/// a line's pieces put together give the line back.
pub(super) fn tokens(code: &str) -> Vec<Vec<(Kind, &str)>> {
    let mut st = State::default();
    code.split('\n')
        .map(|line| line_tokens(line, &mut st))
        .collect()
}

fn line_tokens<'a>(line: &'a str, st: &mut State) -> Vec<(Kind, &'a str)> {
    let mut out: Vec<(Kind, &'a str)> = Vec::new();
    let b = line.as_bytes();
    let mut i = 0;
    if let Some((quote, doc)) = st.triple {
        i = close_triple(line, 0, quote);
        if i <= b.len() && line[..i].ends_with(quote) {
            st.triple = None;
        }
        out.push((if doc { Kind::Comment } else { Kind::String }, &line[..i]));
    }
    let mut statement_start = i == 0 && st.depth == 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => {
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
                    i += 1;
                }
                out.push((Kind::Plain, &line[start..i]));
                continue;
            }
            b'#' => {
                out.push((Kind::Comment, &line[i..]));
                i = b.len();
            }
            b'\'' | b'"' => {
                i = string(line, i, statement_start, st, &mut out);
            }
            b'0'..=b'9' => {
                i = number(b, i);
                out.push((Kind::Number, &line[start..i]));
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && !(i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                i = number(b, i);
                out.push((Kind::Number, &line[start..i]));
            }
            b'@' if statement_start => {
                i += 1;
                out.push((Kind::Plain, &line[start..i]));
                let e = ident_end(line, i);
                if e > i {
                    out.push((Kind::Function, &line[i..e]));
                    i = e;
                }
            }
            _ if is_ident_start(line, i) => {
                let e = ident_end(line, i);
                let w = &line[i..e];
                // A string prefix (`f"`, `rb'`) is a keyword, as in the grammar.
                if matches!(b.get(e), Some(b'\'' | b'"')) && is_prefix(w) {
                    out.push((Kind::Keyword, w));
                    i = string(line, e, false, st, &mut out);
                    statement_start = false;
                    continue;
                }
                i = e;
                let kind = if let Some(k) = st.naming.take() {
                    if k == Kind::Name {
                        st.bases = true;
                    }
                    k
                } else if KEYWORDS.contains(&w) {
                    match w {
                        "def" => st.naming = Some(Kind::Function),
                        "class" => st.naming = Some(Kind::Name),
                        _ => {}
                    }
                    Kind::Keyword
                } else if CONSTANTS.contains(&w) {
                    Kind::Number
                } else if st.bases {
                    Kind::Name
                } else if next_non_blank(b, e) == Some(b'(') {
                    Kind::Function
                } else {
                    Kind::Plain
                };
                out.push((kind, w));
            }
            _ => {
                i += line[i..].chars().next().map_or(1, char::len_utf8);
                match c {
                    b'(' | b'[' | b'{' => st.depth += 1,
                    b')' | b']' | b'}' => st.depth = st.depth.saturating_sub(1),
                    _ => {}
                }
                if c == b':' || c == b')' {
                    st.bases = false;
                }
                out.push((Kind::Plain, &line[start..i]));
            }
        }
        statement_start = false;
    }
    out
}

fn is_prefix(w: &str) -> bool {
    w.len() <= 2
        && w.bytes()
            .all(|c| matches!(c.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f'))
}

fn is_ident_start(line: &str, i: usize) -> bool {
    line[i..]
        .chars()
        .next()
        .is_some_and(|c| c == '_' || c.is_alphabetic())
}

fn ident_end(line: &str, mut i: usize) -> usize {
    for c in line[i..].chars() {
        if c == '_' || c.is_alphanumeric() {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn next_non_blank(b: &[u8], mut i: usize) -> Option<u8> {
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    b.get(i).copied()
}

/// The end of a number starting at `i` (`0x1F`, `1_000`, `1.5e-3j`).
fn number(b: &[u8], mut i: usize) -> usize {
    let start = i;
    while i < b.len() {
        let c = b[i];
        let sign_after_exp = (c == b'+' || c == b'-')
            && i > start
            && matches!(b[i - 1], b'e' | b'E')
            && !(b[start] == b'0' && matches!(b.get(start + 1), Some(b'x' | b'X')));
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || sign_after_exp {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// A string starting with the quote at `i`: pushes it and returns its
/// end. A triple-quoted one may stay open across lines; one that opens a
/// statement is a docstring.
fn string<'a>(
    line: &'a str,
    i: usize,
    statement_start: bool,
    st: &mut State,
    out: &mut Vec<(Kind, &'a str)>,
) -> usize {
    let b = line.as_bytes();
    let q = b[i];
    let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
    if triple {
        let quote = if q == b'"' { "\"\"\"" } else { "'''" };
        let end = close_triple(line, i + 3, quote);
        let closed = line[i + 3..end].ends_with(quote);
        if !closed {
            st.triple = Some((quote, statement_start));
        }
        let kind = if statement_start {
            Kind::Comment
        } else {
            Kind::String
        };
        out.push((kind, &line[i..end]));
        return end;
    }
    let mut j = i + 1;
    while j < b.len() && b[j] != q {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    let j = (j + 1).min(b.len());
    let j = (j..=b.len())
        .find(|&k| line.is_char_boundary(k))
        .unwrap_or(b.len());
    out.push((Kind::String, &line[i..j]));
    j
}

/// The end of a triple-quoted string's text from `i` on this line: just
/// after its closing quote, or the line's end.
fn close_triple(line: &str, i: usize, quote: &str) -> usize {
    let b = line.as_bytes();
    let mut j = i;
    while j < b.len() {
        if b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j..].starts_with(quote.as_bytes()) {
            return j + 3;
        }
        j += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::highlight::testing::{pairs, rejoined};

    fn colored(code: &str) -> Vec<Vec<(char, String)>> {
        crate::render::highlight::testing::colored(tokens(code))
    }

    #[test]
    fn every_line_is_given_back_whole() {
        let code = "x = '''a\nb''' + \"c\\\"\" # é\ns = f'{x}' r\"\\d\" 'unclosed\n\"\"\"open\n\n1.5e-3j .5 0x1F ü_1(";
        assert_eq!(rejoined(&tokens(code)), code);
    }

    #[test]
    fn definitions_calls_constants_and_docstrings() {
        let c = colored(
            "from pymongo import MongoClient\ndef main(x=1, y=\"s\"):\n    client = MongoClient(\"mongodb://h\", tls=True)\n    return len(x) + 0x1F\nclass Foo(object):\n    \"\"\"Doc\n    string.\"\"\"\n    @property\n    def bar(self): return self._bar",
        );
        assert_eq!(c[0], pairs(&[('k', "from"), ('k', "import")]));
        assert_eq!(
            c[1],
            pairs(&[('k', "def"), ('f', "main"), ('m', "1"), ('s', "\"s\"")])
        );
        assert_eq!(
            c[2],
            pairs(&[
                ('f', "MongoClient"),
                ('s', "\"mongodb://h\""),
                ('m', "True")
            ])
        );
        assert_eq!(c[3], pairs(&[('k', "return"), ('f', "len"), ('m', "0x1F")]));
        assert_eq!(
            c[4],
            pairs(&[('k', "class"), ('n', "Foo"), ('n', "object")])
        );
        assert_eq!(c[5], pairs(&[('c', "\"\"\"Doc")]));
        assert_eq!(c[6], pairs(&[('c', "    string.\"\"\"")]));
        assert_eq!(c[7], pairs(&[('f', "property")]));
        assert_eq!(
            c[8],
            pairs(&[
                ('k', "def"),
                ('f', "bar"),
                ('k', "self"),
                ('k', "return"),
                ('k', "self")
            ])
        );
    }

    #[test]
    fn prefixed_strings_and_comments() {
        let c = colored("print(f\"v {d['a']}\", b'x')  # done");
        assert_eq!(
            c[0],
            pairs(&[
                ('f', "print"),
                ('k', "f"),
                ('s', "\"v {d['a']}\""),
                ('k', "b"),
                ('s', "'x'"),
                ('c', "# done")
            ])
        );
    }

    #[test]
    fn hostile_input_is_linear_and_total() {
        let code = "\"\"\"".repeat(10_001) + &"\\".repeat(3) + &"(".repeat(10_000);
        let back: String = tokens(&code)[0].iter().map(|(_, t)| *t).collect();
        assert_eq!(back, code);
    }
}
