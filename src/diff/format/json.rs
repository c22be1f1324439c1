//! JSON for scripts: the verdict and exit status, then each pair with its
//! aligned steps, each step with its status, counts and differences, each
//! difference with its class and its location (file, line, column, text) in
//! both files. Stable field names; side-by-side rows are left out.

use crate::diff::report::{Counts, DiffReport, DiffSet};
use serde::Serialize;

#[derive(Serialize)]
struct JsonError<'a> {
    code: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSet<'a> {
    /// `no-drift`, `drift` or `trouble`.
    status: &'static str,
    exit_code: u8,
    /// Whether any pair drifted (also when the status is `trouble`).
    drift: bool,
    /// Whether some content could not be read or compared.
    trouble: bool,
    counts: Counts,
    #[serde(skip_serializing_if = "Option::is_none")]
    left_dir: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    right_dir: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    only_left: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    only_right: Option<&'a [String]>,
    pairs: &'a [DiffReport],
    errors: Vec<JsonError<'a>>,
}

/// Renders a comparison as pretty-printed JSON (with a final newline).
pub fn format_json(set: &DiffSet) -> String {
    let code = set.exit_code();
    let dirs = set.left_dir.is_some() || !set.only_left.is_empty() || !set.only_right.is_empty();
    let trouble = set.trouble();
    let v = JsonSet {
        status: match code {
            0 => "no-drift",
            1 => "drift",
            _ => "trouble",
        },
        exit_code: code,
        drift: set.has_drift(),
        trouble: !trouble.is_empty(),
        counts: set.counts(),
        left_dir: set.left_dir.as_deref(),
        right_dir: set.right_dir.as_deref(),
        only_left: dirs.then_some(&set.only_left[..]),
        only_right: dirs.then_some(&set.only_right[..]),
        pairs: &set.pairs,
        errors: trouble
            .iter()
            .map(|d| JsonError {
                code: d.code.as_str(),
                message: &d.message,
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|e| {
        format!("{{\"status\":\"trouble\",\"exit_code\":2,\"errors\":[{{\"code\":\"io-error\",\"message\":{:?}}}]}}", e.to_string())
    });
    s.push('\n');
    s
}
