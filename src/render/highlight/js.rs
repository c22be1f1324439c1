//! A hand-written highlighter for JavaScript and JSON, the languages of
//! nearly every code block in MongoDB's documentation.
//!
//! syntect's JavaScript grammar is a large backtracking TextMate grammar:
//! on the 2021 Manual (about 5,500 `javascript` blocks of mongosh
//! examples) it was most of the build's highlighting cost, itself about a
//! third of the build's CPU. This lexer reads each line once, left to
//! right, with a few bytes of look-ahead (bounded by [`LOOKAHEAD`]), so
//! its cost is linear in the code and it cannot panic on any input
//! (every slice ends on an ASCII byte or a line's end).
//!
//! It gives each piece of text the [`Kind`] that the syntect path gives
//! typical snippets (the tests measure the agreement): comments; strings,
//! regex literals and template literals (their `${…}` contents are code
//! again); numbers and constants (`true`, `null`, `NaN`, …); keywords
//! (`=>` too); called and defined function names (`db.c.find(` → `find`,
//! `const f = (a) => …` → `f`); class names after `new`, `class` and
//! `extends` and well-known built-in objects (`Math`, `Date`) as names;
//! statement labels (`{ $group: … }` at a statement's start) as names,
//! object keys otherwise plain. In JSON, keys are names and other strings
//! strings. State carried across lines: open block comments, template
//! literals and their `${…}`, the last token (regex or division) and
//! whether each open brace is a block or an object.

use super::palette::Kind;
use super::run::Run;

/// The languages this module highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    /// JavaScript and its dialects (mongosh, Node, TypeScript).
    JavaScript,
    /// JSON (also JSON5 and JSON with comments).
    Json,
}

/// Most bytes read ahead of a token to classify it (`name = (a, b) =>`).
pub(crate) const LOOKAHEAD: usize = 256;

/// Most nested braces and template literals tracked; deeper ones are read
/// as objects (a colour, never an error).
const MAX_DEPTH: usize = 512;

/// The fast-path language of a code-block language, if it has one: the
/// languages [`super::syntax_name`] maps to syntect's JavaScript or JSON.
pub(crate) fn lang_for(language: &str) -> Option<Lang> {
    match super::syntax_name(language)? {
        "JavaScript" => Some(Lang::JavaScript),
        "JSON" => Some(Lang::Json),
        _ => None,
    }
}

/// Highlights `code`: one HTML fragment per line of `code.split('\n')`,
/// as `highlight_with` in `highlight.rs` does.
pub(crate) fn highlight(code: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    match lang {
        Lang::JavaScript => {
            let mut lx = Js::default();
            for line in code.split('\n') {
                let mut run = Run::new(line.len());
                lx.line(line, &mut run);
                out.push(run.finish());
            }
        }
        Lang::Json => {
            let mut lx = Json::default();
            for line in code.split('\n') {
                let mut run = Run::new(line.len());
                lx.line(line, &mut run);
                out.push(run.finish());
            }
        }
    }
    out
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident(b: u8) -> bool {
    is_ident_start(b) || b.is_ascii_digit()
}

fn is_space(b: u8) -> bool {
    b == b' ' || b == b'\t' || b == b'\r' || b == 0x0c || b == 0x0b
}

/// The end of the whitespace run starting at `i`.
fn skip_space(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_space(s[i]) {
        i += 1;
    }
    i
}

/// The end of the identifier starting at `i`.
fn ident_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_ident(s[i]) {
        i += 1;
    }
    i
}

/// The end of the number starting at `i` (a digit, or `-` in JSON).
fn number_end(s: &[u8], start: usize) -> usize {
    let mut i = start;
    if s.get(i) == Some(&b'-') {
        i += 1;
    }
    let radix = |c: u8| match c {
        b'x' | b'X' => Some(16),
        b'b' | b'B' => Some(2),
        b'o' | b'O' => Some(8),
        _ => None,
    };
    if s.get(i) == Some(&b'0') {
        if let Some(r) = s.get(i + 1).copied().and_then(radix) {
            let mut j = i + 2;
            while j < s.len() && (s[j] as char).is_digit(r) {
                j += 1;
            }
            if j > i + 2 {
                return j;
            }
        }
    }
    let digits = |mut j: usize| {
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        j
    };
    i = digits(i);
    if s.get(i) == Some(&b'.') {
        i = digits(i + 1);
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if s.get(j).is_some_and(u8::is_ascii_digit) {
            i = digits(j);
        }
    }
    i
}

/// The end of the quoted string opening at `i` (its closing quote, or the
/// line's end when it is not closed).
fn string_end(s: &[u8], i: usize) -> usize {
    let q = s[i];
    let mut j = i + 1;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 2,
            c if c == q => return j + 1,
            _ => j += 1,
        }
    }
    s.len()
}

/// The end of the regex literal opening at `i` (flags included), or `None`
/// when the line has no closing `/`.
fn regex_end(s: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut class = false;
    while j < s.len() {
        match s[j] {
            b'\\' => j += 1,
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                let mut k = j + 1;
                while k < s.len() && s[k].is_ascii_alphabetic() {
                    k += 1;
                }
                return Some(k);
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// JavaScript words that are keywords wherever they are not a property
/// name or an object key.
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
    "default", "delete", "do", "else", "export", "extends", "finally", "for", "from",
    "function", "if", "import", "in", "instanceof", "let", "new", "of", "return", "super",
    "switch", "this", "throw", "try", "typeof", "var", "void", "while", "with", "yield",
    "arguments",
];

/// Words that read as keywords only before a name (`get x() {}`).
const MODIFIERS: &[&str] = &["get", "set", "static"];

/// Constants, coloured as numbers.
const CONSTANTS: &[&str] = &["true", "false", "null", "undefined", "NaN", "Infinity"];

/// Keywords after which a `/` starts a regex.
#[rustfmt::skip]
const EXPRESSION_KEYWORDS: &[&str] = &[
    "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw",
    "instanceof", "yield", "await", "try", "finally",
];

/// Built-in objects named as classes wherever they stand.
const BUILTINS: &[&str] = &[
    "Array", "Boolean", "Buffer", "Date", "Error", "Function", "Map", "Math", "Number", "Object",
    "Promise", "RegExp", "Set", "String", "document", "exports", "module", "process", "window",
];

/// Built-in objects named as classes only before a method call
/// (`console.log(`).
const BUILTIN_OBJECTS: &[&str] = &["JSON", "console"];

/// The last significant token, for what the next one means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    /// Start of the block, or after `;`, a block's `{` or `}`, or a label's
    /// `:`: a statement starts.
    Statement,
    /// An operator or opening punctuation: an expression starts.
    Operator,
    /// A value (name, number, string, `]`, an object's `}`).
    Value,
    /// `)`: a value, but a `{` after it opens a block (`if (x) {`).
    Paren,
    /// A statement label (`$group` in `{ $group: … }` at a statement's
    /// start): its `:` starts a statement.
    Label,
    /// `=>`, `else`, `do`, `try`, `finally`: a `{` opens a block.
    Block,
    /// `.` or `?.`: a property name follows.
    Dot,
    /// A keyword after which an expression starts (`return`).
    ExprKeyword,
    /// `new`: a class name follows.
    New,
    /// `function`: the function's name follows.
    Function,
    /// `class` or `extends`: a class name follows.
    Class,
    /// Another keyword (`const`, `if`).
    Keyword,
}

/// What a text region of a JavaScript line is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    /// A `/* … */` comment.
    Comment,
    /// A template literal's text.
    Template,
    /// A template literal's `${…}`, opened when this many braces were open.
    Interp(usize),
}

/// The JavaScript lexer's state between lines.
struct Js {
    ctx: Vec<Ctx>,
    /// Open braces: `true` for a block, `false` for an object.
    braces: Vec<bool>,
    prev: Prev,
    /// The last punctuation byte written.
    last: u8,
}

impl Default for Js {
    fn default() -> Js {
        Js {
            ctx: Vec::new(),
            braces: Vec::new(),
            prev: Prev::Statement,
            last: b';',
        }
    }
}

impl Js {
    /// Whether the innermost open brace is a block's.
    fn in_block(&self) -> bool {
        self.braces.last() == Some(&true)
    }

    fn regex_allowed(&self) -> bool {
        !matches!(
            self.prev,
            Prev::Value | Prev::Paren | Prev::Label | Prev::Dot
        )
    }

    fn line(&mut self, line: &str, run: &mut Run) {
        let s = line.as_bytes();
        let mut i = 0;
        // A regex that found no closing `/` is not retried on this line
        // (keeps the line linear).
        let mut regex_ok = true;
        while i < s.len() {
            match self.ctx.last() {
                Some(Ctx::Comment) => {
                    let end = find(s, i, b"*/").map_or(s.len(), |e| {
                        self.ctx.pop();
                        e + 2
                    });
                    run.push(Kind::Comment, &line[i..end]);
                    i = end;
                    continue;
                }
                Some(Ctx::Template) => {
                    i = self.template(line, i, i, run);
                    continue;
                }
                _ => {}
            }
            let b = s[i];
            let start = i;
            if is_space(b) {
                i = skip_space(s, i);
                run.push(Kind::Plain, &line[start..i]);
                continue;
            }
            if is_ident_start(b) {
                i = ident_end(s, i);
                let (kind, end) = self.word(s, start, i);
                i = end;
                run.push(kind, &line[start..i]);
                continue;
            }
            if b.is_ascii_digit() {
                i = number_end(s, i);
                run.push(Kind::Number, &line[start..i]);
                self.prev = Prev::Value;
                continue;
            }
            match b {
                b'"' | b'\'' => {
                    i = string_end(s, i);
                    run.push(Kind::String, &line[start..i]);
                    self.prev = Prev::Value;
                }
                b'`' => {
                    if self.ctx.len() < MAX_DEPTH {
                        self.ctx.push(Ctx::Template);
                        i = self.template(line, start, i + 1, run);
                    } else {
                        i = string_end(s, i);
                        run.push(Kind::String, &line[start..i]);
                        self.prev = Prev::Value;
                    }
                }
                b'/' if s.get(i + 1) == Some(&b'/') => {
                    run.push(Kind::Comment, &line[i..]);
                    i = s.len();
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    let end = find(s, i + 2, b"*/").map_or_else(
                        || {
                            self.ctx.push(Ctx::Comment);
                            s.len()
                        },
                        |e| e + 2,
                    );
                    run.push(Kind::Comment, &line[i..end]);
                    i = end;
                }
                b'/' if regex_ok && self.regex_allowed() => match regex_end(s, i) {
                    Some(end) => {
                        run.push(Kind::String, &line[i..end]);
                        i = end;
                        self.prev = Prev::Value;
                    }
                    None => {
                        regex_ok = false;
                        run.push(Kind::Plain, "/");
                        i += 1;
                        self.prev = Prev::Operator;
                    }
                },
                _ => i = self.punct(line, i, run),
            }
        }
    }

    /// Template-literal text from `start` (read from `from`) up to its end,
    /// a `${`, or the line's end; returns where code resumes.
    fn template(&mut self, line: &str, start: usize, from: usize, run: &mut Run) -> usize {
        let s = line.as_bytes();
        let mut j = from;
        while j < s.len() {
            match s[j] {
                b'\\' => j += 2,
                b'`' => {
                    run.push(Kind::String, &line[start..j + 1]);
                    self.ctx.pop();
                    self.prev = Prev::Value;
                    return j + 1;
                }
                b'$' if s.get(j + 1) == Some(&b'{') => {
                    run.push(Kind::String, &line[start..j]);
                    run.push(Kind::Plain, "${");
                    self.ctx.push(Ctx::Interp(self.braces.len()));
                    self.prev = Prev::Operator;
                    return j + 2;
                }
                _ => j += 1,
            }
        }
        run.push(Kind::String, &line[start..]);
        s.len()
    }

    /// Punctuation at `i`; returns the end of what was written.
    fn punct(&mut self, line: &str, i: usize, run: &mut Run) -> usize {
        let s = line.as_bytes();
        let b = s[i];
        let next = s.get(i + 1).copied();
        let (len, kind, prev) = match b {
            b'=' if next == Some(b'>') => (2, Kind::Keyword, Prev::Block),
            b'.' if next == Some(b'.') => (
                if s.get(i + 2) == Some(&b'.') { 3 } else { 2 },
                Kind::Plain,
                Prev::Operator,
            ),
            b'+' | b'-' if next == Some(b) => (2, Kind::Plain, Prev::Value),
            b'?' if next == Some(b'.') && !s.get(i + 2).is_some_and(u8::is_ascii_digit) => {
                (2, Kind::Plain, Prev::Dot)
            }
            b'.' => (1, Kind::Plain, Prev::Dot),
            b')' => (1, Kind::Plain, Prev::Paren),
            b']' => (1, Kind::Plain, Prev::Value),
            b';' => (1, Kind::Plain, Prev::Statement),
            // After a label, and (as syntect reads it) after any key in a
            // block, a statement starts: `{ $group: { _id: … } }` at a
            // statement's start is blocks and labels all the way down.
            b':' if self.prev == Prev::Label || self.in_block() => {
                (1, Kind::Plain, Prev::Statement)
            }
            b'{' => {
                let block = matches!(self.prev, Prev::Statement | Prev::Paren | Prev::Block);
                if self.braces.len() < MAX_DEPTH {
                    self.braces.push(block);
                }
                (
                    1,
                    Kind::Plain,
                    if block {
                        Prev::Statement
                    } else {
                        Prev::Operator
                    },
                )
            }
            b'}' => {
                if let Some(&Ctx::Interp(depth)) = self.ctx.last() {
                    if self.braces.len() <= depth {
                        self.ctx.pop();
                        run.push(Kind::Plain, "}");
                        return i + 1;
                    }
                }
                let block = self.braces.pop().unwrap_or(true);
                (
                    1,
                    Kind::Plain,
                    if block { Prev::Statement } else { Prev::Value },
                )
            }
            _ => (1, Kind::Plain, Prev::Operator),
        };
        let end = (i + len).min(s.len());
        run.push(kind, &line[i..end]);
        self.prev = prev;
        self.last = b;
        end
    }

    /// The kind of the word `s[start..end]` and where its token ends
    /// (`function*` takes its star); updates [`Js::prev`].
    fn word(&mut self, s: &[u8], start: usize, end: usize) -> (Kind, usize) {
        let w = std::str::from_utf8(&s[start..end]).unwrap_or("");
        let after = skip_space(s, end);
        let next = s.get(after).copied();
        let next2 = s.get(after + 1).copied();
        let prev = self.prev;
        let key = next == Some(b':') && next2 != Some(b':');
        // An object key, not a ternary's branch (`a ? this : b`).
        let object_key = key
            && matches!(prev, Prev::Operator | Prev::Statement)
            && matches!(self.last, b'{' | b',');
        if prev == Prev::Dot {
            self.prev = Prev::Value;
            let kind = if next == Some(b'(') || assigns_function(s, after) {
                Kind::Function
            } else if w == "exports" {
                Kind::Name
            } else {
                Kind::Plain
            };
            return (kind, end);
        }
        if CONSTANTS.contains(&w) {
            self.prev = Prev::Value;
            return (Kind::Number, end);
        }
        // `default:` is a keyword in a `switch` block, a key in an object.
        if KEYWORDS.contains(&w) && !(object_key && (w != "default" || !self.in_block())) {
            self.prev = match w {
                "else" | "do" | "try" | "finally" => Prev::Block,
                "new" => Prev::New,
                "function" => Prev::Function,
                "class" | "extends" => Prev::Class,
                "this" | "super" | "arguments" => Prev::Value,
                _ if EXPRESSION_KEYWORDS.contains(&w) => Prev::ExprKeyword,
                _ => Prev::Keyword,
            };
            if w == "super" && next == Some(b'(') {
                return (Kind::Function, end);
            }
            if w == "function" && s.get(end) == Some(&b'*') {
                return (Kind::Keyword, end + 1);
            }
            return (Kind::Keyword, end);
        }
        if MODIFIERS.contains(&w) && next.is_some_and(is_ident_start) && after > end {
            self.prev = Prev::Keyword;
            return (Kind::Keyword, end);
        }
        self.prev = Prev::Value;
        let kind = match prev {
            // `new Date()` names a built-in class; other classes are plain.
            Prev::New if BUILTINS.contains(&w) => Kind::Name,
            Prev::New => Kind::Plain,
            Prev::Function => Kind::Function,
            Prev::Class => Kind::Name,
            _ if next == Some(b'(') => Kind::Function,
            _ if assigns_function(s, after) => Kind::Function,
            Prev::Statement if key => {
                self.prev = Prev::Label;
                Kind::Name
            }
            _ if key && starts_word(s, skip_space(s, after + 1), b"function") => Kind::Name,
            _ if next == Some(b'.') && method_assigned(s, after) => Kind::Name,
            _ if BUILTINS.contains(&w) => Kind::Name,
            _ if BUILTIN_OBJECTS.contains(&w) && method_called(s, after) => Kind::Name,
            _ => Kind::Plain,
        };
        (kind, end)
    }
}

/// Whether `s[i..]` starts with the word `w` (not a longer name).
fn starts_word(s: &[u8], i: usize, w: &[u8]) -> bool {
    s.get(i..i + w.len()) == Some(w) && !s.get(i + w.len()).is_some_and(|&b| is_ident(b))
}

/// Whether `s[i..]` is `= function`, `= async`, `= (…) =>` or `= x =>`:
/// the name before `i` is a function's.
fn assigns_function(s: &[u8], i: usize) -> bool {
    if s.get(i) != Some(&b'=') || matches!(s.get(i + 1), Some(b'=' | b'>')) {
        return false;
    }
    let j = skip_space(s, i + 1);
    if starts_word(s, j, b"function") || starts_word(s, j, b"async") {
        return true;
    }
    let k = match s.get(j) {
        Some(b'(') => {
            // The matching `)`, within the look-ahead budget.
            let mut depth = 0usize;
            let mut k = j;
            loop {
                if k >= s.len() || k > j + LOOKAHEAD {
                    return false;
                }
                match s[k] {
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break k + 1;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
        }
        Some(&b) if is_ident_start(b) => ident_end(s, j),
        _ => return false,
    };
    let k = skip_space(s, k);
    s.get(k..k + 2) == Some(b"=>")
}

/// Whether `s[i..]` is `.name.other = function…`: the name before `i` owns
/// an assigned method (`a.b = function () {}` names `a`).
fn method_assigned(s: &[u8], mut i: usize) -> bool {
    let limit = i + LOOKAHEAD;
    while s.get(i) == Some(&b'.') && i < limit {
        let start = i + 1;
        if !s.get(start).is_some_and(|&b| is_ident_start(b)) {
            return false;
        }
        i = skip_space(s, ident_end(s, start));
    }
    assigns_function(s, i)
}

/// Whether `s[i..]` is `.name(`: a method call on the name before `i`.
fn method_called(s: &[u8], i: usize) -> bool {
    if s.get(i) != Some(&b'.') {
        return false;
    }
    let j = skip_space(s, i + 1);
    let k = ident_end(s, j);
    k > j && s.get(skip_space(s, k)) == Some(&b'(')
}

/// The first `needle` in `s` at or after `from`.
fn find(s: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    s.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The JSON lexer's state between lines.
#[derive(Default)]
struct Json {
    /// In a `/* … */` comment.
    comment: bool,
    /// Open containers: `true` for an object, `false` for an array.
    open: Vec<bool>,
    /// Objects nested past [`MAX_DEPTH`], not in `open`.
    overflow: usize,
    /// The next string is a key.
    key: bool,
}

impl Json {
    fn line(&mut self, line: &str, run: &mut Run) {
        let s = line.as_bytes();
        let mut i = 0;
        while i < s.len() {
            let start = i;
            if self.comment {
                i = find(s, i, b"*/").map_or(s.len(), |e| {
                    self.comment = false;
                    e + 2
                });
                run.push(Kind::Comment, &line[start..i]);
                continue;
            }
            let b = s[i];
            let kind = match b {
                b'"' => {
                    i = string_end(s, i);
                    if self.key {
                        Kind::Name
                    } else {
                        Kind::String
                    }
                }
                b'/' if s.get(i + 1) == Some(&b'/') => {
                    i = s.len();
                    Kind::Comment
                }
                b'/' if s.get(i + 1) == Some(&b'*') => {
                    i = find(s, i + 2, b"*/").map_or_else(
                        || {
                            self.comment = true;
                            s.len()
                        },
                        |e| e + 2,
                    );
                    Kind::Comment
                }
                b'-' | b'0'..=b'9' => {
                    i = number_end(s, i).max(i + 1);
                    if i == start + 1 && b == b'-' {
                        Kind::Plain
                    } else {
                        Kind::Number
                    }
                }
                _ if is_ident_start(b) => {
                    i = ident_end(s, i);
                    match &line[start..i] {
                        "true" | "false" | "null" => Kind::Number,
                        _ => Kind::Plain,
                    }
                }
                _ if is_space(b) => {
                    i = skip_space(s, i);
                    Kind::Plain
                }
                _ => {
                    i += 1;
                    self.punct(b);
                    Kind::Plain
                }
            };
            run.push(kind, &line[start..i]);
        }
    }

    fn punct(&mut self, b: u8) {
        match b {
            b'{' | b'[' => {
                if self.open.len() < MAX_DEPTH {
                    self.open.push(b == b'{');
                } else {
                    self.overflow += 1;
                }
                self.key = b == b'{';
            }
            b'}' | b']' => {
                if self.overflow > 0 {
                    self.overflow -= 1;
                } else {
                    self.open.pop();
                }
                self.key = false;
            }
            b',' => self.key = self.overflow == 0 && self.open.last() == Some(&true),
            b':' => self.key = false,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
