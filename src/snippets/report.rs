//! Reports for `procdoc test`: the closing summary, and JUnit XML (one test
//! case per snippet) for CI dashboards. Findings themselves are printed by
//! [`crate::diag::render`] like every other diagnostic.

use super::{Status, TestReport};
use crate::diag::Diagnostic;
use crate::text::SourceDb;
use std::fmt::Write;

/// Every finding of the report, in a stable order: problems outside
/// snippets first, then each snippet's findings by file and line.
pub fn all_diagnostics(report: &TestReport) -> Vec<Diagnostic> {
    let mut out = report.diags.clone();
    for r in &report.results {
        out.extend(r.diags.iter().cloned());
    }
    out
}

/// The closing lines: what was checked, then `snippets: N passed, M failed`.
pub fn summary(report: &TestReport) -> String {
    let mut by_schema = std::collections::BTreeMap::<&str, usize>::new();
    let mut syntax_only = 0;
    for r in report
        .results
        .iter()
        .filter(|r| r.snippet.dialect != super::extract::Dialect::Other)
    {
        match (&r.schema, &r.status) {
            (_, Status::Skipped(_)) => {}
            (Some(s), _) => *by_schema.entry(s.as_str()).or_default() += 1,
            (None, _) => syntax_only += 1,
        }
    }
    let warnings: usize = all_diagnostics(report)
        .iter()
        .filter(|d| !d.is_error())
        .count();
    let mut s = String::new();
    let schemas: Vec<String> = by_schema.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let json = report
        .results
        .iter()
        .filter(|r| r.snippet.dialect != super::extract::Dialect::Other)
        .count();
    // Code blocks in other languages: the clean ones plus those with secrets.
    let other = report.other_blocks_scanned + (report.results.len() - json);
    let _ = writeln!(
        s,
        "checked {} JSON snippet(s): {} validated against a schema ({}), {} syntax only; {} other code block(s) scanned for secrets; {} warning(s)",
        json,
        by_schema.values().sum::<usize>(),
        if schemas.is_empty() { "none".to_string() } else { schemas.join(", ") },
        syntax_only,
        other,
        warnings,
    );
    let outside = report.diags.iter().filter(|d| d.is_error()).count();
    if outside > 0 {
        let _ = writeln!(
            s,
            "{outside} error(s) outside snippets (config, pages that failed to load)"
        );
    }
    let _ = write!(
        s,
        "snippets: {} passed, {} failed, {} skipped",
        report.passed(),
        report.failed(),
        report.skipped()
    );
    s
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

/// JUnit XML: one `<testcase>` per snippet, failures with every finding.
pub fn junit(report: &TestReport, db: &SourceDb) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let outside_errors: Vec<&Diagnostic> = report.diags.iter().filter(|d| d.is_error()).collect();
    let _ = writeln!(
        s,
        "<testsuites name=\"procdoc test\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        report.results.len() + usize::from(!outside_errors.is_empty()),
        report.failed() + usize::from(!outside_errors.is_empty()),
        report.skipped()
    );
    let _ = writeln!(
        s,
        "<testsuite name=\"snippets\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">",
        report.results.len(),
        report.failed(),
        report.skipped()
    );
    let line = |d: &Diagnostic| -> String {
        let loc = d
            .span
            .map(|sp| {
                let l = crate::diag::render::locate(db, sp);
                format!("{}:{}:{}: ", l.file, l.line, l.column)
            })
            .unwrap_or_default();
        let ptr = d
            .pointer
            .as_deref()
            .map(|p| format!(" (at {p})"))
            .unwrap_or_default();
        format!("{loc}{} [{}]{ptr}", d.message, d.code)
    };
    for r in &report.results {
        let _ = write!(
            s,
            "  <testcase name=\"{}\" classname=\"{}\">",
            xml_escape(&r.snippet.name()),
            xml_escape(&r.snippet.pages.join(" "))
        );
        match &r.status {
            Status::Skipped(why) => {
                let _ = write!(s, "<skipped message=\"{}\"/>", xml_escape(why));
            }
            Status::Failed => {
                let errors: Vec<String> =
                    r.diags.iter().filter(|d| d.is_error()).map(line).collect();
                let _ = write!(
                    s,
                    "<failure message=\"{}\">{}</failure>",
                    xml_escape(errors.first().map_or("", String::as_str)),
                    xml_escape(&errors.join("\n"))
                );
            }
            Status::Passed => {}
        }
        let warnings: Vec<String> = r.diags.iter().filter(|d| !d.is_error()).map(line).collect();
        if !warnings.is_empty() {
            let _ = write!(
                s,
                "<system-out>{}</system-out>",
                xml_escape(&warnings.join("\n"))
            );
        }
        s.push_str("</testcase>\n");
    }
    s.push_str("</testsuite>\n");
    if !outside_errors.is_empty() {
        let msgs: Vec<String> = outside_errors.iter().map(|d| line(d)).collect();
        let _ = writeln!(
            s,
            "<testsuite name=\"project\" tests=\"1\" failures=\"1\">\n  <testcase name=\"pages load\" classname=\"project\"><failure message=\"{}\">{}</failure></testcase>\n</testsuite>",
            xml_escape(&msgs[0]),
            xml_escape(&msgs.join("\n"))
        );
    }
    s.push_str("</testsuites>\n");
    s
}
