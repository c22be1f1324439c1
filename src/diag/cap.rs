//! The cap on repeated diagnostics for people: a mistake copied into 2,000
//! places should not bury the terminal, so the human format shows at most
//! [`MAX_PER_FILE_AND_CODE`] diagnostics of one code per file and sums up the
//! rest in one line. Machine formats (JSON, GitHub) are never capped, and
//! the build's summary counts every diagnostic.

use super::Diagnostic;
use crate::text::FileId;
use std::collections::HashMap;

/// At most this many diagnostics of one code per file are shown to people.
pub const MAX_PER_FILE_AND_CODE: usize = 50;

/// The diagnostics a person sees: the first [`MAX_PER_FILE_AND_CODE`] of each
/// (file, code), in the given order, each run cut short followed by a note
/// saying how many more there are. Borrowed when nothing is cut.
pub fn for_people(diags: &[Diagnostic]) -> std::borrow::Cow<'_, [Diagnostic]> {
    type Key = (Option<FileId>, super::Code);
    let key = |d: &Diagnostic| -> Key { (d.span.map(|s| s.file), d.code) };
    let mut totals: HashMap<Key, usize> = HashMap::new();
    for d in diags {
        *totals.entry(key(d)).or_default() += 1;
    }
    if totals.values().all(|&n| n <= MAX_PER_FILE_AND_CODE) {
        return std::borrow::Cow::Borrowed(diags);
    }
    let mut shown: HashMap<Key, usize> = HashMap::new();
    let mut out = Vec::new();
    for d in diags {
        let k = key(d);
        let n = shown.entry(k).or_default();
        *n += 1;
        if *n > MAX_PER_FILE_AND_CODE {
            continue;
        }
        out.push(d.clone());
        let total = totals[&k];
        if *n == MAX_PER_FILE_AND_CODE && total > MAX_PER_FILE_AND_CODE {
            let code = d.code;
            let mut note = Diagnostic::new(
                d.severity,
                code,
                format!(
                    "{} more `{code}` diagnostic(s) in this file are not shown here",
                    total - MAX_PER_FILE_AND_CODE
                ),
            )
            .with_help(
                "fix the ones shown first; the same mistake is usually repeated \
                 (--message-format json lists every one)",
            );
            note.span = d.span;
            out.push(note);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::text::Span;

    fn at(file: u32, n: usize, code: Code) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| {
                Diagnostic::error(code, format!("d{i}")).with_span(Span::new(
                    FileId(file),
                    i,
                    i + 1,
                ))
            })
            .collect()
    }

    #[test]
    fn under_the_cap_nothing_is_copied() {
        let d = at(1, MAX_PER_FILE_AND_CODE, Code::UnknownRef);
        assert!(matches!(for_people(&d), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn over_the_cap_a_note_follows_the_last_shown_with_the_true_rest() {
        let mut d = at(1, 120, Code::UnknownRef);
        d.extend(at(2, 3, Code::UnknownRef));
        let shown = for_people(&d);
        assert_eq!(shown.len(), MAX_PER_FILE_AND_CODE + 1 + 3);
        let note = &shown[MAX_PER_FILE_AND_CODE];
        assert!(
            note.message.starts_with("70 more `unknown-ref`"),
            "{}",
            note.message
        );
        assert_eq!(note.span.map(|s| s.file), Some(FileId(1)));
        assert_eq!(
            shown[MAX_PER_FILE_AND_CODE + 1].span.map(|s| s.file),
            Some(FileId(2))
        );
    }
}
