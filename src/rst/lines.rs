//! Lines of expanded text with their offsets, and indentation helpers.
//!
//! The block parser never copies text: a [`Line`] is a slice of the expanded
//! source plus the offset of its first byte, so nested blocks are just
//! re-sliced (dedented) lines.

/// One line (without its newline), as a slice of the expanded text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line<'a> {
    /// The text of the line from the current block's margin.
    pub text: &'a str,
    /// Offset of `text`'s first byte in the expanded text.
    pub off: usize,
}

const TAB: usize = 8;

impl<'a> Line<'a> {
    /// Whether the line holds only whitespace.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Width of the leading whitespace, tabs to multiples of 8.
    pub fn indent(&self) -> usize {
        let mut col = 0;
        for b in self.text.bytes() {
            match b {
                b' ' => col += 1,
                b'\t' => col = (col / TAB + 1) * TAB,
                _ => return col,
            }
        }
        col
    }

    /// The line with `n` columns of leading whitespace removed.
    pub fn dedent(&self, n: usize) -> Line<'a> {
        let mut col = 0;
        let mut i = 0;
        let bytes = self.text.as_bytes();
        while i < bytes.len() && col < n {
            match bytes[i] {
                b' ' => col += 1,
                b'\t' => col = (col / TAB + 1) * TAB,
                _ => break,
            }
            i += 1;
        }
        Line {
            text: &self.text[i..],
            off: self.off + i,
        }
    }

    /// The line from byte `i` on.
    pub fn skip(&self, i: usize) -> Line<'a> {
        let i = i.min(self.text.len());
        Line {
            text: &self.text[i..],
            off: self.off + i,
        }
    }

    /// The line with trailing whitespace removed.
    pub fn trim_end(&self) -> Line<'a> {
        Line {
            text: self.text.trim_end(),
            off: self.off,
        }
    }

    /// Offset just past the line's last non-blank byte.
    pub fn end(&self) -> usize {
        self.off + self.text.trim_end().len()
    }
}

/// Splits text into lines (handles `\n` and `\r\n`).
pub(crate) fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let mut off = 0;
    for raw in text.split('\n') {
        let t = raw.strip_suffix('\r').unwrap_or(raw);
        lines.push(Line { text: t, off });
        off += raw.len() + 1;
    }
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

/// Removes the common indentation of the non-blank lines.
pub(crate) fn dedent_block<'a>(lines: &[Line<'a>]) -> Vec<Line<'a>> {
    let min = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.indent())
        .min()
        .unwrap_or(0);
    lines.iter().map(|l| l.dedent(min)).collect()
}

/// Drops blank lines at both ends.
pub(crate) fn trim_blank<'s, 'a>(lines: &'s [Line<'a>]) -> &'s [Line<'a>] {
    let start = lines
        .iter()
        .position(|l| !l.is_blank())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_blank())
        .map_or(start, |e| e + 1);
    &lines[start..end]
}

/// Index of the first line at or after `from` that is non-blank and not
/// indented: where an indented block starting at `from` ends.
pub(crate) fn indented_end(lines: &[Line<'_>], from: usize) -> usize {
    let mut j = from;
    while j < lines.len() && (lines[j].is_blank() || lines[j].indent() > 0) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indentation_with_tabs() {
        let l = Line {
            text: "\t  x",
            off: 10,
        };
        assert_eq!(l.indent(), 10);
        let d = l.dedent(8);
        assert_eq!(d.text, "  x");
        assert_eq!(d.off, 11);
    }

    #[test]
    fn splits_crlf() {
        let ls = split_lines("a\r\nb\n");
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[1].text, "b");
        assert_eq!(ls[1].off, 3);
    }
}
