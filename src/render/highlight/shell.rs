//! A hand-written lexer for shell code blocks (`sh`, `bash`, `shell`,
//! `console` …), used instead of syntect's Bash grammar.
//!
//! Shell is the second most common language in MongoDB's docs (about one
//! block in seven in the Manual: install steps, `mongod` command lines), and
//! syntect's backtracking grammar made it one of the costliest parts of a
//! build. What a reader needs from the colours is small: commands, keywords,
//! strings (with command substitutions and here-documents), comments and
//! file-descriptor numbers in redirections. This lexer finds those in one
//! pass over each line, in time linear in the code, keeping across lines
//! only what can span them (quotes, `$(…)`, here-documents, a command
//! continued with `\`). Its kinds follow what the Bash grammar gave: the
//! command word of each command is a [`Kind::Function`] (`sudo`,
//! `./bin/mongod`, `[`), `export`/`local`/`if`/`for`… are keywords, the
//! value of an assignment is a string, variables outside quotes are plain.

use super::palette::Kind;

/// What is still open at the end of a line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
enum Open {
    #[default]
    Nothing,
    /// Inside `'…'`.
    Single,
    /// Inside `"…"`.
    Double,
    /// Inside `` `…` `` (command substitution, shown as a string).
    Backtick,
    /// Inside `$(…)` (or `$((…))`), this many parentheses deep.
    Subst(usize),
    /// Inside a here-document ending at this word (`<<-` strips tabs).
    Heredoc { end: String, tabs: bool },
}

/// The lexer's state between lines.
#[derive(Debug, Default)]
struct State {
    open: Open,
    /// The next word is a command name (start of a command).
    command: bool,
    /// A here-document starts on the next line.
    pending: Option<(String, bool)>,
    /// In a `case` (after `in`): the next word is a pattern up to `)`.
    pattern: bool,
    /// After `case` or `for`/`select`: `in` is a keyword.
    expect_in: bool,
    /// The `in` expected ends a `case` word (patterns follow).
    case_in: bool,
    /// After `export`, `local`, `declare` …: words are assignments.
    declaring: bool,
    /// After `function`: the next word is the function's name.
    naming: bool,
}

const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "in", "function", "select", "return", "time", "!",
];

const DECLARATIONS: &[&str] = &["export", "local", "declare", "readonly", "typeset"];

/// The pieces of each line of `code` (split at `\n`), each with its kind;
/// a line's pieces put together give the line back.
pub(super) fn tokens(code: &str) -> Vec<Vec<(Kind, &str)>> {
    let mut st = State {
        command: true,
        ..State::default()
    };
    code.split('\n')
        .map(|line| line_tokens(line, &mut st))
        .collect()
}

fn line_tokens<'a>(line: &'a str, st: &mut State) -> Vec<(Kind, &'a str)> {
    let mut out: Vec<(Kind, &'a str)> = Vec::new();
    let b = line.as_bytes();
    if let Some((end, tabs)) = st.pending.take() {
        st.open = Open::Heredoc { end, tabs };
    }
    // Here-documents take whole lines.
    if let Open::Heredoc { end, tabs } = &st.open {
        let body = if *tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if body.trim_end_matches('\r') == end {
            st.open = Open::Nothing;
            st.command = true;
        }
        out.push((Kind::String, line));
        return out;
    }
    let mut i = resume(line, 0, 0, st, &mut out);
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' => {
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r') {
                    i += 1;
                }
                out.push((Kind::Plain, &line[start..i]));
            }
            b'#' if word_start(b, i) => {
                out.push((Kind::Comment, &line[i..]));
                i = b.len();
            }
            b'\'' => {
                st.open = Open::Single;
                i = resume(line, start, i + 1, st, &mut out);
                st.command = false;
            }
            b'"' => {
                st.open = Open::Double;
                i = resume(line, start, i + 1, st, &mut out);
                st.command = false;
            }
            b'`' => {
                st.open = Open::Backtick;
                i = resume(line, start, i + 1, st, &mut out);
                st.command = false;
            }
            b'$' if matches!(
                b.get(i + 1),
                Some(b'@' | b'#' | b'?' | b'$' | b'!' | b'*' | b'-')
            ) =>
            {
                // Special parameters: `$@`, `$?` …
                out.push((Kind::Plain, &line[i..i + 1]));
                out.push((Kind::Keyword, &line[i + 1..i + 2]));
                i += 2;
                st.command = false;
            }
            b'$' if b.get(i + 1) == Some(&b'(') => {
                st.open = Open::Subst(1);
                i = resume(line, start, i + 2, st, &mut out);
                st.command = false;
            }
            b'\\' => {
                // An escaped character, or a line continued.
                i = (i + 1 + line[i + 1..].chars().next().map_or(0, char::len_utf8)).min(b.len());
                out.push((Kind::Plain, &line[start..i]));
            }
            b'<' if b.get(i + 1) == Some(&b'<') && b.get(i + 2) != Some(&b'<') => {
                i = heredoc_start(line, i, st);
                out.push((Kind::String, &line[start..i]));
            }
            b'(' if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') => {
                // `name(s)`: part of a word, not a subshell.
                i += 1;
                out.push((Kind::Plain, &line[start..i]));
                st.command = false;
            }
            b';' | b'|' | b'&' | b'(' | b'{' => {
                i += 1;
                if c == b';' && b.get(i) == Some(&b';') {
                    i += 1;
                    st.pattern = true;
                }
                if c == b'&' && b.get(i) == Some(&b'>') {
                    // `&>` redirects, it does not end a command.
                    out.push((Kind::Plain, &line[start..i]));
                    continue;
                }
                out.push((Kind::Plain, &line[start..i]));
                st.command = true;
                st.declaring = false;
            }
            b')' => {
                i += 1;
                if st.pattern {
                    st.pattern = false;
                    st.command = true;
                    out.push((Kind::Keyword, &line[start..i]));
                } else {
                    out.push((Kind::Plain, &line[start..i]));
                }
            }
            b'>' | b'<' | b'}' => {
                i += 1;
                if c != b'}' && b.get(i) == Some(&b'&') {
                    // `>&2`: the descriptor is a number.
                    i += 1;
                    out.push((Kind::Plain, &line[start..i]));
                    let d = digits(b, i);
                    if d > i {
                        out.push((Kind::Number, &line[i..d]));
                        i = d;
                    }
                } else {
                    out.push((Kind::Plain, &line[start..i]));
                }
            }
            _ => {
                i = word(line, i, st, &mut out);
            }
        }
    }
    // A line not continued with `\` ends the command.
    if !line.trim_end().ends_with('\\') && st.open == Open::Nothing {
        st.command = true;
        st.declaring = false;
    }
    out
}

/// Whether a `#` at `i` starts a comment (it begins a word).
fn word_start(b: &[u8], i: usize) -> bool {
    i == 0 || matches!(b[i - 1], b' ' | b'\t' | b';' | b'&' | b'|' | b'(')
}

fn digits(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    i
}

/// Continues what is open (a quote, `$(…)`) from `i`, pushing the text
/// from `start` (its opening, on this line) to its end as a string; returns
/// where plain lexing goes on.
fn resume<'a>(
    line: &'a str,
    start: usize,
    mut i: usize,
    st: &mut State,
    out: &mut Vec<(Kind, &'a str)>,
) -> usize {
    let b = line.as_bytes();
    match &mut st.open {
        Open::Nothing | Open::Heredoc { .. } => return i,
        Open::Single => {
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            if i < b.len() {
                i += 1;
                st.open = Open::Nothing;
            }
        }
        Open::Backtick => {
            while i < b.len() && b[i] != b'`' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            if i < b.len() {
                i += 1;
                st.open = Open::Nothing;
            }
        }
        Open::Double => {
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            if i < b.len() {
                i += 1;
                st.open = Open::Nothing;
            }
        }
        Open::Subst(depth) => {
            while i < b.len() && *depth > 0 {
                match b[i] {
                    b'(' => *depth += 1,
                    b')' => *depth -= 1,
                    b'\\' => i += 1,
                    _ => {}
                }
                i += 1;
            }
            if *depth == 0 {
                st.open = Open::Nothing;
            }
        }
    }
    let i = i.min(b.len());
    // Never split a character (an escape before a multi-byte one).
    let i = (i..=b.len())
        .find(|&k| line.is_char_boundary(k))
        .unwrap_or(b.len());
    if i > start {
        out.push((Kind::String, &line[start..i]));
    }
    i
}

/// `<<WORD`, `<<-WORD`, `<<'WORD'`: the marker is a string and the
/// here-document starts on the next line.
fn heredoc_start(line: &str, i: usize, st: &mut State) -> usize {
    let b = line.as_bytes();
    let mut j = i + 2;
    let tabs = b.get(j) == Some(&b'-');
    if tabs {
        j += 1;
    }
    while j < b.len() && b[j] == b' ' {
        j += 1;
    }
    let quote = b.get(j).copied().filter(|q| *q == b'\'' || *q == b'"');
    if quote.is_some() {
        j += 1;
    }
    let w = j;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
        j += 1;
    }
    if j > w {
        st.pending = Some((line[w..j].to_string(), tabs));
    }
    if quote.is_some() && b.get(j).copied() == quote {
        j += 1;
    }
    j
}

/// A word: a command name, keyword, assignment, number before a
/// redirection, or a plain argument.
fn word<'a>(line: &'a str, i: usize, st: &mut State, out: &mut Vec<(Kind, &'a str)>) -> usize {
    let b = line.as_bytes();
    let mut j = i;
    while j < b.len()
        && !matches!(
            b[j],
            b' ' | b'\t'
                | b'\r'
                | b';'
                | b'|'
                | b'&'
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'\''
                | b'"'
                | b'`'
        )
        && !(b[j] == b'$' && b.get(j + 1) == Some(&b'('))
    {
        j += if b[j] == b'\\' { 2 } else { 1 };
    }
    let j = (j.min(b.len())..=b.len())
        .find(|&k| line.is_char_boundary(k))
        .unwrap_or(b.len());
    let w = &line[i..j];
    if w.is_empty() {
        // A lone character no rule takes.
        let k = i + line[i..].chars().next().map_or(1, char::len_utf8);
        out.push((Kind::Plain, &line[i..k]));
        return k;
    }
    // `2>` and `2>&1`: descriptors are numbers.
    if w.bytes().all(|c| c.is_ascii_digit()) && matches!(b.get(j), Some(b'>' | b'<')) {
        out.push((Kind::Number, w));
        return j;
    }
    if w == "esac" {
        st.pattern = false;
        st.command = false;
        out.push((Kind::Keyword, w));
        return j;
    }
    if st.pattern {
        out.push((Kind::Plain, w));
        return j;
    }
    if st.expect_in && w == "in" {
        st.expect_in = false;
        st.command = false;
        st.pattern = st.case_in;
        out.push((Kind::Keyword, w));
        return j;
    }
    if st.naming {
        st.naming = false;
        out.push((Kind::Function, w));
        return j;
    }
    if let Some(eq) = assignment(w) {
        if st.command || st.declaring {
            out.push((Kind::Plain, &w[..=eq]));
            if eq + 1 < w.len() {
                out.push((Kind::String, &w[eq + 1..]));
            }
            return j;
        }
    }
    if st.command {
        if KEYWORDS.contains(&w) {
            out.push((Kind::Keyword, w));
            match w {
                "case" | "for" | "select" => {
                    st.expect_in = true;
                    st.case_in = w == "case";
                    st.command = false;
                }
                "function" => {
                    st.naming = true;
                    st.command = false;
                }
                "return" => st.command = false,
                _ => {}
            }
            return j;
        }
        if DECLARATIONS.contains(&w) {
            out.push((Kind::Keyword, w));
            st.command = false;
            st.declaring = true;
            return j;
        }
        st.command = false;
        // `key:` and lone punctuation are not commands (JSON-like text in
        // shell blocks); `[`, `.` and `:` are.
        let named = w.bytes().any(|c| c.is_ascii_alphanumeric() || c >= 0x80)
            || matches!(w, "[" | "[[" | "." | ":");
        let kind = if named && !(w.len() > 1 && w.ends_with(':')) {
            Kind::Function
        } else {
            Kind::Plain
        };
        out.push((kind, w));
        return j;
    }
    if w == "]" || w == "]]" {
        out.push((Kind::Function, w));
        return j;
    }
    // `~` of a home folder.
    if let Some(rest) = w.strip_prefix('~') {
        out.push((Kind::Keyword, &w[..1]));
        if !rest.is_empty() {
            out.push((Kind::Plain, rest));
        }
        return j;
    }
    out.push((Kind::Plain, w));
    j
}

/// `NAME=…`: the offset of `=`.
fn assignment(w: &str) -> Option<usize> {
    let eq = w.find('=')?;
    let name = &w[..eq];
    let first = name.bytes().next()?;
    ((first.is_ascii_alphabetic() || first == b'_')
        && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_'))
    .then_some(eq)
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
        let code =
            "echo 'a\nb' \"c\\\"d\" $(x (y)\nz) `q` <<-EOF\n\tbody\n\tEOF\nx=ü\\é # ß\n\\\n'open";
        assert_eq!(rejoined(&tokens(code)), code);
    }

    #[test]
    fn commands_keywords_strings_and_comments() {
        let c = colored(
            "sudo apt-get install -y \"x $HOME\" 'y' # note\nexport URI=\"mongodb://h\" && mongod --port 27017 2>&1\nif [ -f /etc/x ]; then echo \"ok\"; fi",
        );
        assert_eq!(
            c[0],
            pairs(&[
                ('f', "sudo"),
                ('s', "\"x $HOME\""),
                ('s', "'y'"),
                ('c', "# note")
            ])
        );
        assert_eq!(
            c[1],
            pairs(&[
                ('k', "export"),
                ('s', "\"mongodb://h\""),
                ('f', "mongod"),
                ('m', "2"),
                ('m', "1")
            ])
        );
        assert_eq!(
            c[2],
            pairs(&[
                ('k', "if"),
                ('f', "["),
                ('f', "]"),
                ('k', "then"),
                ('f', "echo"),
                ('s', "\"ok\""),
                ('k', "fi")
            ])
        );
    }

    #[test]
    fn multi_line_constructs() {
        let c = colored("cat <<EOF > f\nsome $text\nEOF\nVAR=$(date\n+%s) && echo `uname -a`\nmongo --eval 'a\nb' \\\n  --quiet");
        assert_eq!(c[0], pairs(&[('f', "cat"), ('s', "<<EOF")]));
        assert_eq!(c[1], pairs(&[('s', "some $text")]));
        assert_eq!(c[2], pairs(&[('s', "EOF")]));
        assert_eq!(c[3], pairs(&[('s', "$(date")]));
        assert_eq!(
            c[4],
            pairs(&[('s', "+%s)"), ('f', "echo"), ('s', "`uname -a`")])
        );
        assert_eq!(c[5], pairs(&[('f', "mongo"), ('s', "'a")]));
        assert_eq!(c[6], pairs(&[('s', "b'")]));
        // The continued command has no new command word.
        assert_eq!(c[7], pairs(&[]));
    }

    #[test]
    fn loops_case_functions_and_assignments() {
        let c = colored(
            "for i in 1 2; do cat f$i; done\ncase $x in a) echo a;; esac\nfunction foo() {\n  local y=1\n  return 0\n}\ncd ~/dir; x=5",
        );
        assert_eq!(
            c[0],
            pairs(&[
                ('k', "for"),
                ('k', "in"),
                ('k', "do"),
                ('f', "cat"),
                ('k', "done")
            ])
        );
        assert_eq!(
            c[1],
            pairs(&[
                ('k', "case"),
                ('k', "in"),
                ('k', ")"),
                ('f', "echo"),
                ('k', "esac")
            ])
        );
        assert_eq!(c[2], pairs(&[('k', "function"), ('f', "foo")]));
        assert_eq!(c[3], pairs(&[('k', "local"), ('s', "1")]));
        assert_eq!(c[4], pairs(&[('k', "return")]));
        assert_eq!(c[6], pairs(&[('f', "cd"), ('k', "~"), ('s', "5")]));
    }

    #[test]
    fn hostile_input_is_linear_and_total() {
        let code = "$(".repeat(20_000) + &"\"".repeat(10_001) + &"\\".repeat(3);
        let toks = tokens(&code);
        let back: String = toks[0].iter().map(|(_, t)| *t).collect();
        assert_eq!(back, code);
    }
}
