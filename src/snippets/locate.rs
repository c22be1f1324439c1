//! Finds where the value at a JSON pointer starts in a JSON text, so schema
//! and lint findings point at the line and column a writer must edit.
//!
//! A single forward scan that skips unrelated values; depth is bounded by
//! the pointer's length, and the text has already parsed as JSON.

/// Byte offset of the value at `pointer` (RFC 6901) in `text`, or of the
/// nearest enclosing value that exists.
pub fn locate(text: &str, pointer: &str) -> usize {
    let b = text.as_bytes();
    let tokens: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        pointer
            .trim_start_matches('/')
            .split('/')
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect()
    };
    let mut i = skip_ws(b, 0);
    for tok in &tokens {
        match b.get(i) {
            Some(b'{') => {
                let mut j = skip_ws(b, i + 1);
                let mut found = None;
                while j < b.len() && b[j] == b'"' {
                    let key_end = string_end(b, j);
                    let key: String = serde_json::from_str(&text[j..key_end]).unwrap_or_default();
                    let mut k = skip_ws(b, key_end);
                    if b.get(k) == Some(&b':') {
                        k = skip_ws(b, k + 1);
                    }
                    if key == *tok {
                        found = Some(k);
                    }
                    let after = skip_ws(b, value_end(b, k));
                    j = if b.get(after) == Some(&b',') {
                        skip_ws(b, after + 1)
                    } else {
                        after
                    };
                }
                match found {
                    Some(k) => i = k,
                    None => return i,
                }
            }
            Some(b'[') => {
                let Ok(idx) = tok.parse::<usize>() else {
                    return i;
                };
                let mut j = skip_ws(b, i + 1);
                let mut n = 0;
                while j < b.len() && b[j] != b']' && n < idx {
                    let after = skip_ws(b, value_end(b, j));
                    j = if b.get(after) == Some(&b',') {
                        skip_ws(b, after + 1)
                    } else {
                        after
                    };
                    n += 1;
                }
                if n == idx && j < b.len() && b[j] != b']' {
                    i = j;
                } else {
                    return i;
                }
            }
            _ => return i,
        }
    }
    i
}

/// Keys that appear twice in the same object: `(offset of the repeated key,
/// its name, JSON pointer of the object)`. The text must be valid JSON.
/// Iterative (an explicit stack), so nesting depth cannot overflow.
pub fn duplicate_keys(text: &str) -> Vec<(usize, String, String)> {
    enum Frame {
        Object {
            pointer: String,
            keys: std::collections::HashSet<String>,
        },
        Array {
            pointer: String,
            index: usize,
        },
    }
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut pending_key: Option<String> = None;
    let mut i = 0;
    let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
    while i < b.len() {
        match b[i] {
            b'"' => {
                let end = string_end(b, i);
                let in_object_key = matches!(stack.last(), Some(Frame::Object { .. }))
                    && pending_key.is_none()
                    && {
                        let mut k = end;
                        while k < b.len() && matches!(b[k], b' ' | b'\t' | b'\n' | b'\r') {
                            k += 1;
                        }
                        b.get(k) == Some(&b':')
                    };
                if in_object_key {
                    let key: String = serde_json::from_str(&text[i..end]).unwrap_or_default();
                    if let Some(Frame::Object { pointer, keys }) = stack.last_mut() {
                        if !keys.insert(key.clone()) {
                            out.push((i, key.clone(), pointer.clone()));
                        }
                    }
                    pending_key = Some(key);
                } else {
                    pending_key = None;
                    if let Some(Frame::Array { index, .. }) = stack.last_mut() {
                        *index += 1;
                    }
                }
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let parent = match stack.last() {
                    None => String::new(),
                    Some(Frame::Object { pointer, .. }) => {
                        format!("{pointer}/{}", escape(pending_key.as_deref().unwrap_or("")))
                    }
                    Some(Frame::Array { pointer, index }) => format!("{pointer}/{index}"),
                };
                pending_key = None;
                stack.push(if b[i] == b'{' {
                    Frame::Object {
                        pointer: parent,
                        keys: Default::default(),
                    }
                } else {
                    Frame::Array {
                        pointer: parent,
                        index: 0,
                    }
                });
            }
            b'}' | b']' => {
                stack.pop();
                pending_key = None;
                if let Some(Frame::Array { index, .. }) = stack.last_mut() {
                    *index += 1;
                }
            }
            b',' => {
                pending_key = None;
            }
            b':' => {}
            c if c.is_ascii_alphanumeric() || c == b'-' => {
                // A literal (number, true, false, null): skip it.
                while i < b.len()
                    && !matches!(b[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                {
                    i += 1;
                }
                pending_key = None;
                if let Some(Frame::Array { index, .. }) = stack.last_mut() {
                    *index += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
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

/// End (exclusive) of the value starting at `i`.
fn value_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'"') => string_end(b, i),
        Some(b'{') | Some(b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            b.len()
        }
        Some(_) => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                j += 1;
            }
            j
        }
        None => i,
    }
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
    }
}
