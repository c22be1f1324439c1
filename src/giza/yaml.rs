//! A small YAML tree with byte offsets, built from `yaml-rust2`'s event
//! stream without recursion, for giza files.
//!
//! Hostile input is bounded: aliases are refused (so no "billion laughs"
//! expansion), nesting deeper than [`MAX_DEPTH`] and files with more than
//! [`MAX_NODES`] nodes are errors, and every error carries a byte offset.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Collections may nest this deep.
pub const MAX_DEPTH: usize = 64;

/// One file may hold at most this many nodes.
pub const MAX_NODES: usize = 500_000;

/// A scalar and where its token starts in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The value, as YAML reads it.
    pub value: String,
    /// Plain, quoted, literal (`|`) or folded (`>`).
    pub style: ScalarStyle,
    /// Byte offset of the token (for block scalars, of their first line's text).
    pub at: usize,
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    /// Unquoted.
    Plain,
    /// `'…'` or `"…"`.
    Quoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A YAML node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// A string (numbers and booleans too, as written).
    Scalar(Scalar),
    /// A sequence, and the offset where it starts.
    Seq(Vec<Node>, usize),
    /// A mapping with string keys in order, and the offset where it starts.
    Map(Vec<(Scalar, Node)>, usize),
}

impl Node {
    /// Byte offset where the node starts.
    pub fn at(&self) -> usize {
        match self {
            Node::Scalar(s) => s.at,
            Node::Seq(_, at) | Node::Map(_, at) => *at,
        }
    }

    /// The value for `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries, _) => entries.iter().find(|(k, _)| k.value == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The key scalar for `key`, if this is a mapping that has it.
    pub fn key(&self, key: &str) -> Option<&Scalar> {
        match self {
            Node::Map(entries, _) => entries.iter().find(|(k, _)| k.value == key).map(|(k, _)| k),
            _ => None,
        }
    }

    /// The scalar, if this is one.
    pub fn scalar(&self) -> Option<&Scalar> {
        match self {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }
}

/// A syntax or limit error at a byte offset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// Byte offset in the file.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

enum Frame {
    Seq(Vec<Node>, usize),
    Map(Vec<(Scalar, Node)>, Option<Scalar>, usize),
}

/// Byte offset of a marker: its line (1-based) and column (0-based, in
/// characters) against the file's own line starts.
fn offset(text: &str, line_starts: &[usize], line: usize, col: usize) -> usize {
    let Some(&start) = line_starts.get(line.saturating_sub(1)) else {
        return text.len();
    };
    let rest = &text[start..];
    rest.char_indices()
        .nth(col)
        .map_or(text.len(), |(i, _)| start + i)
}

/// Parses a YAML stream into its documents (an empty document is `None`).
///
/// Like PyYAML (which snooty uses), and unlike the YAML spec, a quoted
/// scalar's continuation lines may be indented less than its key: such a
/// file is read again with those lines indented, offsets mapped back.
pub fn parse_stream(text: &str) -> Result<Vec<Option<Node>>, YamlError> {
    match parse_with(text, text, &[]) {
        Err(e) if e.message.contains("indentation in quoted scalar") => {
            let (patched, shifts) = indent_quoted_continuations(text);
            if shifts.iter().all(|&n| n == 0) {
                return Err(e);
            }
            parse_with(text, &patched, &shifts)
        }
        other => other,
    }
}

/// Indents the continuation lines of multi-line quoted scalars that stand
/// left of their key. Returns the text and the spaces added to each line.
fn indent_quoted_continuations(text: &str) -> (String, Vec<usize>) {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut shifts = vec![0; lines.len()];
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut k = 0;
    let mut block: Option<usize> = None; // inside a `|`/`>` block of a key at this indent
    while k < lines.len() {
        let line = lines[k];
        let ind = indent_of(line);
        if let Some(b) = block {
            if line.trim().is_empty() || ind > b {
                k += 1;
                continue;
            }
            block = None;
        }
        let t = line.trim_end();
        let body = t.trim_start().trim_start_matches("- ");
        let value = match body.find(": ") {
            Some(i) if !body.starts_with(['"', '\'']) => body[i + 1..].trim_start(),
            _ => body,
        };
        if value.starts_with(['|', '>']) && value.len() <= 3 {
            block = Some(ind);
            k += 1;
            continue;
        }
        let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            k += 1;
            continue;
        };
        // Scan for the closing quote from just after the opening one.
        let mut rest = &value[1..];
        let mut j = k;
        loop {
            let mut closed = false;
            let mut chars = rest.chars().peekable();
            while let Some(c) = chars.next() {
                if q == '"' && c == '\\' {
                    chars.next();
                } else if c == q {
                    if q == '\'' && chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        closed = true;
                        break;
                    }
                }
            }
            if closed || j + 1 >= lines.len() {
                break;
            }
            j += 1;
            rest = lines[j];
            if !rest.trim().is_empty() && indent_of(rest) <= ind {
                shifts[j] = ind + 1 - indent_of(rest);
            }
        }
        k = j + 1;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.extend(std::iter::repeat_n(' ', shifts[i]));
        out.push_str(l);
    }
    (out, shifts)
}

fn parse_with(text: &str, parsed: &str, shifts: &[usize]) -> Result<Vec<Option<Node>>, YamlError> {
    let mut line_starts = vec![0];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    let off = |m: &Marker| {
        let shift = shifts.get(m.line().saturating_sub(1)).copied().unwrap_or(0);
        offset(text, &line_starts, m.line(), m.col().saturating_sub(shift))
    };
    let mut parser = Parser::new_from_str(parsed);
    let mut docs = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    loop {
        let (ev, mark) = parser.next_token().map_err(|e| YamlError {
            offset: off(e.marker()),
            message: e.info().to_string(),
        })?;
        let at = off(&mark);
        let err = |message: String| YamlError {
            offset: at,
            message,
        };
        let node = match ev {
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart => continue,
            Event::DocumentStart => {
                root = None;
                continue;
            }
            Event::DocumentEnd => {
                docs.push(root.take());
                continue;
            }
            Event::Alias(_) => {
                return Err(err(
                    "YAML aliases (`*name`) are not supported in giza files".into(),
                ))
            }
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(err(format!("YAML nests more than {MAX_DEPTH} levels deep")));
                }
                stack.push(if matches!(ev, Event::SequenceStart(..)) {
                    Frame::Seq(Vec::new(), at)
                } else {
                    Frame::Map(Vec::new(), None, at)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq(items, at)) => Node::Seq(items, at),
                Some(Frame::Map(entries, _, at)) => {
                    // A block mapping's event mark is past its first key.
                    let at = entries.first().map_or(at, |(k, _)| k.at.min(at));
                    Node::Map(entries, at)
                }
                None => return Err(err("unbalanced YAML collection".into())),
            },
            Event::Scalar(value, style, _, _) => Node::Scalar(Scalar {
                value,
                style: match style {
                    TScalarStyle::Plain => ScalarStyle::Plain,
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => ScalarStyle::Quoted,
                    TScalarStyle::Literal => ScalarStyle::Literal,
                    TScalarStyle::Folded => ScalarStyle::Folded,
                },
                at,
            }),
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(err(format!("more than {MAX_NODES} YAML nodes in one file")));
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq(items, _)) => items.push(node),
            Some(Frame::Map(entries, pending, _)) => match pending.take() {
                Some(k) => entries.push((k, node)),
                None => match node {
                    Node::Scalar(k) => *pending = Some(k),
                    other => {
                        return Err(YamlError {
                            offset: other.at(),
                            message: "mapping keys must be strings".into(),
                        })
                    }
                },
            },
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_and_offsets() {
        let text = "ref: a\ncontent: |\n  line one\n  é two\n---\nref: \"b\"\n...\n";
        let docs = parse_stream(text).unwrap();
        assert_eq!(docs.len(), 2);
        let d0 = docs[0].as_ref().unwrap();
        let r = d0.get("ref").unwrap().scalar().unwrap();
        assert_eq!((r.value.as_str(), r.at), ("a", 5));
        let c = d0.get("content").unwrap().scalar().unwrap();
        assert_eq!(c.value, "line one\né two\n");
        assert_eq!(c.style, ScalarStyle::Literal);
        let d1 = docs[1].as_ref().unwrap();
        let r = d1.get("ref").unwrap().scalar().unwrap();
        assert_eq!(&text[r.at..r.at + 3], "\"b\"");
    }

    #[test]
    fn errors_have_offsets() {
        let text = "ref: a\ncontent: [unclosed\n";
        let e = parse_stream(text).unwrap_err();
        assert!(e.offset <= text.len());
        let e = parse_stream("a: &x [1]\nb: *x\n").unwrap_err();
        assert!(e.message.contains("aliases"), "{e:?}");
        assert_eq!(e.offset, 13);
    }

    #[test]
    fn quoted_continuations_left_of_their_key_are_read_as_pyyaml_does() {
        let text = "ref: x\nreplacement:\n  a: \"one\n    two.\n\n\n\"\n  b: 'it''s\nfine'\ncontent: |\n  \"not a scalar\n  end\n";
        let docs = parse_stream(text).unwrap();
        let d = docs[0].as_ref().unwrap();
        let r = d.get("replacement").unwrap();
        assert_eq!(r.get("a").unwrap().scalar().unwrap().value, "one two.\n\n");
        assert_eq!(r.get("b").unwrap().scalar().unwrap().value, "it's fine");
        let c = d.get("content").unwrap().scalar().unwrap();
        assert_eq!(c.value, "\"not a scalar\nend\n");
        // Offsets are those of the original text.
        assert!(text[c.at..].starts_with("\"not a scalar"));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let text = "[".repeat(100_000);
        assert!(parse_stream(&text).is_err());
        let text = (0..200)
            .map(|i| format!("{}- \n", "  ".repeat(i)))
            .collect::<String>();
        assert!(parse_stream(&text).is_err());
    }
}
