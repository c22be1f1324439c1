//! Reports for `procdoc test`: the closing summary, and JUnit XML (one test
//! case per snippet) for CI dashboards. Findings themselves are printed by
//! [`crate::diag::render`] like every other diagnostic; findings turned off
//! by an `allow` are counted in the summary and listed, with their reason,
//! by [`allowed_json`] and in JUnit's `<system-out>`.

use super::allow::Allowed;
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
    let allowed = report.allowed();
    let _ = writeln!(
        s,
        "checked {} JSON snippet(s): {} validated against a schema ({}), {} syntax only; {} other code block(s) scanned for secrets; {} warning(s){}",
        json,
        by_schema.values().sum::<usize>(),
        if schemas.is_empty() { "none".to_string() } else { schemas.join(", ") },
        syntax_only,
        other,
        warnings,
        if allowed > 0 { format!("; {allowed} finding(s) allowed") } else { String::new() },
    );
    let outside = report.diags.iter().filter(|d| d.is_error()).count();
    if outside > 0 {
        let _ = writeln!(
            s,
            "{outside} error(s) outside snippets (config, allow comments, pages that failed to load)"
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

/// Where an allow is written, for reports: `file:line`, or the config rule.
fn allowed_at(a: &Allowed, db: &SourceDb) -> String {
    match a.allowed_at {
        Some(sp) => {
            let l = crate::diag::render::locate(db, sp);
            format!("{}:{}", l.file, l.line)
        }
        None => "a [[snippets]] rule in procdoc.toml".to_string(),
    }
}

/// Every allowed finding as one JSON object per line, like the other
/// findings of `--message-format json` but with `"severity": "allowed"`,
/// the severity it would have had (`allowed_severity`), the `reason` and
/// where the allow is written (`allowed_at`). Empty when nothing was allowed.
pub fn allowed_json(report: &TestReport, db: &SourceDb) -> String {
    let mut s = String::new();
    for r in &report.results {
        for a in &r.allowed {
            let line = crate::diag::render::to_json(db, &a.diag);
            let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_str(&line) else {
                continue;
            };
            obj.insert("severity".into(), "allowed".into());
            obj.insert("allowed_severity".into(), a.diag.severity.as_str().into());
            obj.insert("reason".into(), a.reason.clone().into());
            obj.insert("allowed_at".into(), allowed_at(a, db).into());
            let _ = writeln!(s, "{}", serde_json::Value::Object(obj));
        }
    }
    s
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
        let mut warnings: Vec<String> =
            r.diags.iter().filter(|d| !d.is_error()).map(line).collect();
        warnings.extend(r.allowed.iter().map(|a| {
            format!(
                "allowed ({}): {} -- reason: {}",
                allowed_at(a, db),
                line(&a.diag),
                a.reason
            )
        }));
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
