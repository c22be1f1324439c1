//! `procdoc test`: every JSON snippet of every page, checked for syntax,
//! against its schema, with IAM policy lints, and every code block scanned
//! for leaked secrets.
//!
//! [`extract`] finds the snippets, [`schemas`] holds the embedded JSON
//! Schemas, [`lints`] the least-privilege checks (with [`iam`]'s facts),
//! [`allow`] the suppressions, [`secrets`] the secret scan, [`locate`] maps JSON pointers back to lines, [`report`] prints.

pub mod allow;
mod arn;
pub mod extract;
pub mod iam;
pub mod lints;
pub mod locate;
pub mod report;
pub mod schemas;
pub mod secrets;

use crate::diag::{Code, Diagnostic, Severity};
use crate::project::Project;
use crate::site::Site;
use crate::text::Span;
use extract::{Dialect, Snippet};
use schemas::SchemaSet;

/// The outcome for one snippet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// No errors.
    Passed,
    /// At least one error.
    Failed,
    /// Not checked (JSON5), with the reason.
    Skipped(String),
}

/// One checked snippet.
#[derive(Clone, Debug)]
pub struct SnippetResult {
    /// The snippet.
    pub snippet: Snippet,
    /// The schema it was validated against (None: syntax only).
    pub schema: Option<String>,
    /// Passed, failed or skipped.
    pub status: Status,
    /// Findings, sorted by position.
    pub diags: Vec<Diagnostic>,
    /// Findings turned off by an `allow`, with the reason, sorted by position.
    pub allowed: Vec<allow::Allowed>,
}

/// Everything `procdoc test` found.
#[derive(Clone, Debug, Default)]
pub struct TestReport {
    /// JSON snippets, and other code blocks that hold secrets.
    pub results: Vec<SnippetResult>,
    /// Code blocks in other languages scanned for secrets (and clean).
    pub other_blocks_scanned: usize,
    /// Problems outside snippets: config rules, pages that failed to build.
    pub diags: Vec<Diagnostic>,
}

impl TestReport {
    /// Snippets that passed.
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Passed)
            .count()
    }

    /// Snippets that failed.
    pub fn failed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Failed)
            .count()
    }

    /// Snippets skipped.
    pub fn skipped(&self) -> usize {
        self.results
            .iter()
            .filter(|r| matches!(r.status, Status::Skipped(_)))
            .count()
    }

    /// Findings turned off by an `allow`, over all snippets.
    pub fn allowed(&self) -> usize {
        self.results.iter().map(|r| r.allowed.len()).sum()
    }

    /// Whether everything passed (no failed snippet, no error elsewhere).
    pub fn ok(&self) -> bool {
        self.failed() == 0 && !self.diags.iter().any(Diagnostic::is_error)
    }
}

/// A compiled `[[snippets]]` rule.
struct Rule {
    glob: globset::GlobMatcher,
    schema: String,
    actions: Option<Vec<String>>,
    allow: Option<allow::Allow>,
}

/// Runs every check over the site's snippets. `schemas` holds the compiled
/// built-ins (compile once with [`SchemaSet::builtin`] and reuse).
pub fn run(project: &Project, site: &Site, schemas: &mut SchemaSet) -> TestReport {
    let mut report = TestReport::default();
    // Problems that keep pages (and so snippets) from loading are failures.
    report
        .diags
        .extend(site.diags.iter().filter(|d| d.is_error()).cloned());
    let rules = compile_rules(project, schemas, &mut report.diags);
    let (snippets, comment_diags) = extract::extract_with_diags(site, &project.db);
    report.diags.extend(comment_diags);
    for snippet in snippets {
        let is_json = snippet.dialect != Dialect::Other;
        let mut result = SnippetResult {
            snippet,
            schema: None,
            status: Status::Passed,
            diags: Vec::new(),
            allowed: Vec::new(),
        };
        if is_json {
            check_json(project, &mut result, &rules, schemas);
        }
        for s in secrets::scan(&result.snippet.text) {
            result.diags.push(
                Diagnostic::error(
                    Code::SecretInSnippet,
                    format!("this code block contains {}", s.what),
                )
                .with_span(result.snippet.span_of_offset(&project.db, &project.constants, s.offset, s.len))
                .with_help("docs must show placeholders such as `<access key ID>`; if the secret is real, revoke it now"),
            );
        }
        result
            .diags
            .sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        let mut allows = result.snippet.allows.clone();
        if let Some(a) = rules
            .iter()
            .find(|r| r.glob.is_match(&result.snippet.holder))
            .and_then(|r| r.allow.clone())
        {
            allows.push(a);
        }
        result.allowed = allow::apply(&allows, &mut result.diags);
        if result.diags.iter().any(Diagnostic::is_error) {
            result.status = Status::Failed;
        }
        if is_json || !result.diags.is_empty() {
            report.results.push(result);
        } else {
            report.other_blocks_scanned += 1;
        }
    }
    report
}

fn compile_rules(
    project: &Project,
    schemas: &mut SchemaSet,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Rule> {
    let mut rules = Vec::new();
    // Findings point at the offending value in procdoc.toml.
    let with_span = |d: Diagnostic, at: std::ops::Range<usize>| match project.config_file {
        Some(f) => d.with_span(Span::new(f, at.start, at.end)),
        None => d,
    };
    for r in &project.config.snippets {
        let (pattern, schema) = (r.pattern.get_ref(), r.schema.get_ref());
        let glob = match globset::Glob::new(pattern) {
            Ok(g) => g.compile_matcher(),
            Err(e) => {
                diags.push(with_span(
                    Diagnostic::error(
                        Code::ConfigInvalid,
                        format!("[[snippets]] match `{pattern}`: {e}"),
                    )
                    .with_help("use a glob such as `includes/**/policy*.json`"),
                    r.pattern.span(),
                ));
                continue;
            }
        };
        let known = schemas::BUILTIN_NAMES.contains(&schema.as_str());
        if !known {
            let path = project.root.join(schema);
            let loaded = crate::project::paths::resolve_in(&project.root, &path)
                .map_err(|e| e.to_string())
                .and_then(|p| std::fs::read_to_string(p.abs()).map_err(|e| e.to_string()))
                .and_then(|text| schemas.add_file(schema, &text));
            if let Err(e) = loaded {
                let mut d = Diagnostic::error(
                    Code::SchemaInvalid,
                    format!("[[snippets]] schema `{schema}`: {e}"),
                );
                d = match crate::suggest::did_you_mean(schema, schemas::BUILTIN_NAMES.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean the built-in `{s}`?")),
                    None => d.with_help(format!(
                        "use a built-in schema ({}) or the path of a JSON Schema file relative to the root",
                        schemas::BUILTIN_NAMES.join(", ")
                    )),
                };
                diags.push(with_span(d, r.schema.span()));
                continue;
            }
        }
        // A wrong allow is an error, and the rule still applies without it.
        let allow = rule_allow(r).unwrap_or_else(|problems| {
            for (message, help, at) in problems {
                diags.push(with_span(
                    Diagnostic::error(Code::InvalidAllow, message).with_help(help),
                    at,
                ));
            }
            None
        });
        rules.push(Rule {
            glob,
            schema: schema.clone(),
            actions: r.actions.clone(),
            allow,
        });
    }
    rules
}

type Problem = (String, String, std::ops::Range<usize>);

/// A rule's `allow` and `reason`: every lint name must be known and
/// allowable, and a non-empty reason is required.
fn rule_allow(
    r: &crate::project::config::SnippetRule,
) -> Result<Option<allow::Allow>, Vec<Problem>> {
    if r.allow.is_empty() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut lints = Vec::new();
    for name in &r.allow {
        match allow::lint_code(name.get_ref().trim()) {
            Ok(c) if !lints.contains(&c) => lints.push(c),
            Ok(_) => {}
            Err((message, help)) => problems.push((message, help, name.span())),
        }
    }
    let reason = r
        .reason
        .as_ref()
        .map(|s| s.get_ref().trim().to_string())
        .unwrap_or_default();
    if reason.is_empty() {
        let at = r.reason.as_ref().unwrap_or(&r.allow[0]).span();
        problems.push((
            "[[snippets]] allow needs a reason".to_string(),
            "add `reason = \"…\"` to the rule: say why the findings are on purpose".to_string(),
            at,
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Some(allow::Allow {
        lints,
        reason,
        span: None,
    }))
}

fn check_json(project: &Project, result: &mut SnippetResult, rules: &[Rule], schemas: &SchemaSet) {
    let snippet = &result.snippet;
    let text = match snippet.dialect {
        Dialect::Json => snippet.text.clone(),
        Dialect::Jsonc => extract::strip_jsonc(&snippet.text),
        Dialect::Json5 => {
            result.status = Status::Skipped("JSON5 snippets are not checked".into());
            return;
        }
        Dialect::Other => return,
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) if limit(&e).is_some() => {
            let line = e.line().saturating_sub(1);
            let col = e.column().saturating_sub(1);
            let (message, help) = limit(&e).unwrap_or_default();
            result.diags.push(
                Diagnostic::warning(Code::JsonLimit, message)
                    .with_span(snippet.span_at(&project.db, &project.constants, line, col, 1))
                    .with_help(help),
            );
            result.status = Status::Skipped("beyond the JSON that procdoc can check".into());
            return;
        }
        Err(e) => {
            let line = e.line().saturating_sub(1);
            let col = e.column().saturating_sub(1);
            result.diags.push(
                Diagnostic::error(Code::JsonSyntax, format!("invalid JSON: {e}"))
                    .with_span(snippet.span_at(&project.db, &project.constants, line, col, 1))
                    .with_help("snippets must be strict JSON (no comments, no trailing commas); use `jsonc` as the language for commented examples"),
            );
            return;
        }
    };
    for (off, key, object) in locate::duplicate_keys(&text) {
        let span = snippet.span_of_offset(&project.db, &project.constants, off, key.len() + 2);
        let mut d = Diagnostic::error(
            Code::DuplicateKey,
            format!("key `{key}` appears twice in the same object; parsers keep only the last one, and IAM rejects the policy"),
        )
        .with_span(span)
        .with_help("remove one of the two, or merge their values");
        d.pointer = Some(format!(
            "{object}/{}",
            key.replace('~', "~0").replace('/', "~1")
        ));
        result.diags.push(d);
    }
    let rule = rules.iter().find(|r| r.glob.is_match(&snippet.holder));
    let schema: Option<String> = match rule {
        Some(r) => Some(r.schema.clone()),
        None => schemas::detect(&value).map(str::to_string),
    };
    let Some(schema) = schema else {
        return;
    };
    let mut findings: Vec<(Severity, Code, String, Option<String>, String)> = Vec::new();
    if let Some(errors) = schemas.validate(&schema, &value) {
        for e in errors {
            findings.push((
                Severity::Error,
                Code::SchemaViolation,
                e.message,
                None,
                e.pointer,
            ));
        }
    }
    let lint = match schema.as_str() {
        "aws-iam-identity-policy" => Some(lints::lint_identity_policy(
            &value,
            rule.and_then(|r| r.actions.as_deref()),
        )),
        "aws-iam-resource-policy" | "aws-iam-trust-policy" => {
            Some(lints::lint_resource_policy(&value))
        }
        _ => None,
    };
    for f in lint.into_iter().flatten() {
        findings.push((f.severity, f.code, f.message, f.help, f.pointer));
    }
    // One scan of the text places every finding.
    let index = (!findings.is_empty()).then(|| locate::PositionIndex::new(&text, true));
    for (severity, code, message, help, pointer) in findings {
        let off = index.as_ref().map_or(0, |i| i.offset(&pointer));
        let mut d = Diagnostic::new(severity, code, message).with_span(snippet.span_of_offset(
            &project.db,
            &project.constants,
            off,
            1,
        ));
        d.help = help;
        d.pointer = Some(pointer);
        d.schema = Some(schema.clone());
        result.diags.push(d);
    }
    result.schema = Some(schema);
}

/// For serde_json's limits (valid JSON it cannot hold): the message and help.
fn limit(e: &serde_json::Error) -> Option<(String, String)> {
    let text = e.to_string();
    let iam = "IAM caps a policy far below either limit (6,144 characters for a managed policy; 2,048 to 10,240 for an inline one, by user, group or role)";
    if text.starts_with("recursion limit exceeded") {
        Some((
            "this JSON nests 128 levels deep or more: procdoc reads JSON nested up to 127 levels (serde_json's recursion limit), so the snippet is not checked".to_string(),
            format!("a policy or kmsProviders document needs only a few levels; {iam}"),
        ))
    } else if text.starts_with("number out of range") {
        Some((
            "this JSON holds a number beyond ±1.8e308 (a 64-bit float), which procdoc cannot read, so the snippet is not checked".to_string(),
            format!("write the number as a string if it is an example value; {iam}"),
        ))
    } else {
        None
    }
}
