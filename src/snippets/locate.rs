//! Maps JSON pointers to where their values start in a JSON text, so schema
//! and lint findings point at the line and column a writer must edit, and
//! finds keys that appear twice in one object.
//!
//! [`PositionIndex`] is built by one forward scan of the whole text (an
//! explicit stack, so nesting depth cannot overflow) and then answers each
//! finding with a hash lookup: a policy with hundreds of findings is
//! scanned once, not once per finding.

use std::collections::{HashMap, HashSet};

/// Where every value of a JSON text starts, by JSON pointer (RFC 6901).
#[derive(Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<String, usize>,
    duplicates: Vec<(usize, String, String)>,
}

impl PositionIndex {
    /// Scans `text` (which has parsed as JSON) once. With `every_value`
    /// false only containers are recorded (enough for [`Self::duplicates`]).
    pub fn new(text: &str, every_value: bool) -> PositionIndex {
        scan(text, every_value)
    }

    /// Byte offset of the value at `pointer`, or of the nearest enclosing
    /// value that exists (the document start for none).
    pub fn offset(&self, pointer: &str) -> usize {
        let mut p = pointer;
        loop {
            if let Some(&off) = self.positions.get(p) {
                return off;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0,
            }
        }
    }

    /// Keys that appear twice in the same object: `(offset of the repeated
    /// key, its name, JSON pointer of the object)`, in text order.
    pub fn duplicates(&self) -> &[(usize, String, String)] {
        &self.duplicates
    }
}

/// Byte offset of the value at `pointer` (RFC 6901) in `text`, or of the
/// nearest enclosing value that exists. Scans the whole text: to place many
/// pointers in one text, build a [`PositionIndex`] once.
pub fn locate(text: &str, pointer: &str) -> usize {
    PositionIndex::new(text, true).offset(pointer)
}

/// Keys that appear twice in the same object: `(offset of the repeated key,
/// its name, JSON pointer of the object)`. The text must be valid JSON.
pub fn duplicate_keys(text: &str) -> Vec<(usize, String, String)> {
    PositionIndex::new(text, false).duplicates
}

fn escape(k: &str) -> String {
    if k.contains(['~', '/']) {
        k.replace('~', "~0").replace('/', "~1")
    } else {
        k.to_string()
    }
}

enum Frame {
    Object {
        pointer: String,
        keys: HashSet<String>,
    },
    Array {
        pointer: String,
        index: usize,
    },
}

/// The pointer of a value starting now, under the innermost container.
fn child_pointer(stack: &[Frame], pending_key: Option<&str>) -> String {
    match stack.last() {
        None => String::new(),
        Some(Frame::Object { pointer, .. }) => {
            format!("{pointer}/{}", escape(pending_key.unwrap_or("")))
        }
        Some(Frame::Array { pointer, index }) => format!("{pointer}/{index}"),
    }
}

fn scan(text: &str, every_value: bool) -> PositionIndex {
    let b = text.as_bytes();
    let mut index = PositionIndex::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pending_key: Option<String> = None;
    let mut i = 0;
    // A scalar value ends: it was an array element, or a key's value.
    let scalar_done = |stack: &mut Vec<Frame>, pending_key: &mut Option<String>| {
        *pending_key = None;
        if let Some(Frame::Array { index, .. }) = stack.last_mut() {
            *index += 1;
        }
    };
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = string_end(b, i);
                let in_object_key = matches!(stack.last(), Some(Frame::Object { .. }))
                    && pending_key.is_none()
                    && b.get(skip_ws(b, end)) == Some(&b':');
                if in_object_key {
                    let key: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                    if let Some(Frame::Object { pointer, keys }) = stack.last_mut() {
                        if !keys.insert(key.clone()) {
                            index.duplicates.push((i, key.clone(), pointer.clone()));
                        }
                    }
                    pending_key = Some(key);
                } else {
                    if every_value {
                        let p = child_pointer(&stack, pending_key.as_deref());
                        index.positions.insert(p, i);
                    }
                    scalar_done(&mut stack, &mut pending_key);
                }
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let pointer = child_pointer(&stack, pending_key.as_deref());
                index.positions.insert(pointer.clone(), i);
                pending_key = None;
                stack.push(if b[i] == b'{' {
                    Frame::Object {
                        pointer,
                        keys: HashSet::new(),
                    }
                } else {
                    Frame::Array { pointer, index: 0 }
                });
            }
            b'}' | b']' => {
                stack.pop();
                scalar_done(&mut stack, &mut pending_key);
            }
            b',' => pending_key = None,
            c if c.is_ascii_alphanumeric() || c == b'-' => {
                // A literal (number, true, false, null).
                if every_value {
                    let p = child_pointer(&stack, pending_key.as_deref());
                    index.positions.insert(p, i);
                }
                while i < b.len()
                    && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    i += 1;
                }
                scalar_done(&mut stack, &mut pending_key);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    index
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// End (exclusive) of the string starting at `i` (which is `"`).
fn string_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::{duplicate_keys, locate};

    #[test]
    fn finds_duplicate_keys_with_pointers() {
        let t = r#"{"a": 1, "S": [{"x": 1, "y": [1, 2], "x": 2}], "a": {"k": true, "k": null}}"#;
        let d = duplicate_keys(t);
        let got: Vec<(String, String)> = d.iter().map(|(_, k, p)| (k.clone(), p.clone())).collect();
        assert_eq!(
            got,
            vec![
                ("x".to_string(), "/S/0".to_string()),
                ("a".to_string(), String::new()),
                ("k".to_string(), "/a".to_string()),
            ]
        );
        assert_eq!(&t[d[0].0..d[0].0 + 3], "\"x\"");
        assert!(duplicate_keys(r#"{"a": ["a", "a"], "b": {"a": 1}}"#).is_empty());
    }

    #[test]
    fn finds_nested_values() {
        let t =
            "{\n  \"Statement\": [\n    {\"Action\": [\"a\", \"kms:X\"]}\n  ],\n  \"a/b\": 1\n}";
        assert_eq!(&t[locate(t, "/Statement/0/Action/1")..][..7], "\"kms:X\"");
        assert_eq!(&t[locate(t, "/a~1b")..][..1], "1");
        assert_eq!(locate(t, ""), 0);
        // Missing pieces fall back to the nearest enclosing value.
        assert_eq!(&t[locate(t, "/Statement/5")..][..1], "[");
        assert_eq!(&t[locate(t, "/nope/deeper")..][..1], "{");
    }

    #[test]
    fn one_index_places_every_value() {
        let t = r#"{"a": [1, {"b": null, "c": "x"}, true], "d/e": {"~": -2.5e3}, "f": []}"#;
        let idx = super::PositionIndex::new(t, true);
        for (p, want) in [
            ("", "{"),
            ("/a", "["),
            ("/a/0", "1"),
            ("/a/1", "{"),
            ("/a/1/b", "n"),
            ("/a/1/c", "\""),
            ("/a/2", "t"),
            ("/d~1e", "{"),
            ("/d~1e/~0", "-"),
            ("/f", "["),
        ] {
            assert_eq!(&t[idx.offset(p)..][..1], want, "{p}");
        }
        assert_eq!(idx.offset("/a/1/zz"), idx.offset("/a/1"));
        assert!(idx.duplicates().is_empty());
    }
}
