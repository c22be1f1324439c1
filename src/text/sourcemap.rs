//! Maps offsets in expanded text back to offsets in the original file.

/// One run of expanded text: either copied verbatim from the original, or
/// produced by a constant reference that occupies `orig_len` original bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    exp_start: usize,
    orig_start: usize,
    exp_len: usize,
    orig_len: usize,
    verbatim: bool,
}

/// A sorted list of segments covering the expanded text.
///
/// Offsets inside verbatim text map one to one; offsets inside a constant's
/// value map to the `{+name+}` reference that produced them.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    segments: Vec<Segment>,
}

impl SourceMap {
    /// The identity map (for files that are not expanded).
    pub fn identity() -> Self {
        SourceMap::default()
    }

    pub(crate) fn push_verbatim(&mut self, exp_start: usize, orig_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if last.verbatim
                && last.exp_start + last.exp_len == exp_start
                && last.orig_start + last.orig_len == orig_start
            {
                last.exp_len += len;
                last.orig_len += len;
                return;
            }
        }
        self.segments.push(Segment {
            exp_start,
            orig_start,
            exp_len: len,
            orig_len: len,
            verbatim: true,
        });
    }

    pub(crate) fn push_replacement(
        &mut self,
        exp_start: usize,
        exp_len: usize,
        orig_start: usize,
        orig_len: usize,
    ) {
        self.segments.push(Segment {
            exp_start,
            orig_start,
            exp_len,
            orig_len,
            verbatim: false,
        });
    }

    fn find(&self, exp: usize) -> Option<&Segment> {
        if self.segments.is_empty() {
            return None;
        }
        let i = self.segments.partition_point(|s| s.exp_start <= exp);
        Some(&self.segments[i.saturating_sub(1)])
    }

    /// Original offset of the start of expanded offset `exp`.
    pub fn map_start(&self, exp: usize) -> usize {
        match self.find(exp) {
            None => exp,
            Some(s) if s.verbatim || exp < s.exp_start => {
                s.orig_start + exp.saturating_sub(s.exp_start)
            }
            Some(s) if exp >= s.exp_start + s.exp_len => s.orig_start + s.orig_len,
            Some(s) => s.orig_start,
        }
    }

    /// Original offset for the (exclusive) end `exp` of a range.
    pub fn map_end(&self, exp: usize) -> usize {
        if exp == 0 {
            return 0;
        }
        match self.find(exp - 1) {
            None => exp,
            Some(s) if s.verbatim => s.orig_start + (exp - s.exp_start),
            Some(s) if exp > s.exp_start + s.exp_len => {
                s.orig_start + s.orig_len + (exp - s.exp_start - s.exp_len)
            }
            Some(s) => s.orig_start + s.orig_len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_verbatim_and_replaced_ranges() {
        // original: "ab{+x+}cd"  expanded: "abXYZcd"
        let mut m = SourceMap::default();
        m.push_verbatim(0, 0, 2);
        m.push_replacement(2, 3, 2, 5);
        m.push_verbatim(5, 7, 2);
        assert_eq!(m.map_start(1), 1);
        assert_eq!(m.map_start(3), 2);
        assert_eq!(m.map_end(5), 7);
        assert_eq!(m.map_start(5), 7);
        assert_eq!(m.map_start(6), 8);
        assert_eq!(m.map_end(7), 9);
    }
}
