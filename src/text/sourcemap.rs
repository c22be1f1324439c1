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

impl SourceMap {
    /// The map of `inner` (expanded → middle text) followed by `self`
    /// (middle text → original): expanded → original. Used when text that
    /// was itself generated (a giza fragment) has its constants expanded.
    pub fn compose(&self, inner: &SourceMap) -> SourceMap {
        if self.segments.is_empty() {
            return inner.clone();
        }
        let mut out = SourceMap::default();
        for s in &inner.segments {
            if !s.verbatim {
                let a = self.map_start(s.orig_start);
                let b = self.map_end(s.orig_start + s.orig_len).max(a);
                out.push_replacement(s.exp_start, s.exp_len, a, b - a);
                continue;
            }
            // Split the verbatim run where `self`'s segments change.
            let mut done = 0;
            while done < s.exp_len {
                let mid = s.orig_start + done;
                let i = self.segments.partition_point(|o| o.exp_start <= mid);
                let o = self.segments[i.saturating_sub(1)];
                let o_end = o.exp_start + o.exp_len;
                let piece = if mid < o_end {
                    (o_end - mid).min(s.exp_len - done)
                } else {
                    // Past the last segment: the rest maps one to one.
                    s.exp_len - done
                };
                if o.verbatim || mid >= o_end {
                    out.push_verbatim(s.exp_start + done, self.map_start(mid), piece);
                } else {
                    out.push_replacement(s.exp_start + done, piece, o.orig_start, o.orig_len);
                }
                done += piece;
            }
        }
        out
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

    #[test]
    fn compose_maps_through_two_expansions() {
        // original "ab<Z>cd" where generated text "abXY{+c+}cd" was made from
        // it ("XY" from the 3 bytes "<Z>" at 2), then "{+c+}" expanded to "Q".
        let mut outer = SourceMap::default();
        outer.push_verbatim(0, 0, 2);
        outer.push_replacement(2, 2, 2, 3);
        outer.push_verbatim(4, 5, 7);
        let mut inner = SourceMap::default();
        inner.push_verbatim(0, 0, 4);
        inner.push_replacement(4, 1, 4, 5);
        inner.push_verbatim(5, 9, 2);
        let m = outer.compose(&inner);
        assert_eq!(m.map_start(1), 1);
        assert_eq!(m.map_start(3), 2);
        assert_eq!(m.map_start(4), 5);
        assert_eq!(m.map_end(5), 10);
        assert_eq!(m.map_start(6), 11);
    }
}
