//! Suppressing a lint on purpose, the way linters do it (clippy's `allow`,
//! eslint's disable-next-line): per `[[snippets]]` rule with
//! `allow = ["wildcard-action"]` and `reason = "…"` in procdoc.toml, or per
//! snippet with an rST comment just before the code block:
//!
//! ```rst
//! .. procdoc: allow wildcard-resource -- read-only role for the monitoring page
//! ```
//!
//! A reason is required, and only lints can be allowed: what IAM itself
//! rejects (schema violations, a Principal in an identity policy, duplicate
//! Sids or keys), broken JSON and leaked secrets stay errors. Allowed
//! findings are kept, with their reason, for the summary, JSON and JUnit.

use crate::diag::{Code, Diagnostic};
use crate::text::Span;

/// The lints that may be allowed.
pub const ALLOWABLE: &[Code] = &[
    Code::WildcardAction,
    Code::WildcardResource,
    Code::InvalidResourceArn,
    Code::UnknownAction,
    Code::MissingVersion,
];

/// One `allow`: the lints it turns off for a snippet, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The lints allowed.
    pub lints: Vec<Code>,
    /// Why (required, never empty).
    pub reason: String,
    /// Where the allow is written (the comment, or the rule's `allow` in procdoc.toml).
    pub span: Option<Span>,
}

/// A finding that an [`Allow`] turned off.
#[derive(Clone, Debug)]
pub struct Allowed {
    /// The finding as it would have been reported.
    pub diag: Diagnostic,
    /// The allow's reason.
    pub reason: String,
    /// Where the allow is written.
    pub allowed_at: Option<Span>,
}

/// Why a known code cannot be allowed.
fn not_allowable(code: Code) -> &'static str {
    match code {
        Code::SchemaViolation
        | Code::PrincipalInIdentityPolicy
        | Code::DuplicateSid
        | Code::DuplicateKey => "IAM rejects such a policy, so the finding stays an error",
        Code::JsonSyntax | Code::JsonLimit => "a snippet that cannot be read cannot be checked",
        Code::SecretInSnippet => "a published secret must be revoked, not allowed",
        Code::PinnedActions => "change the pinned `actions` of the [[snippets]] rule instead",
        _ => "it is not a snippet lint",
    }
}

/// Resolves a lint name to its code: `Err` with the message and help when
/// the name is unknown or names something that cannot be allowed.
pub fn lint_code(name: &str) -> Result<Code, (String, String)> {
    let allowable: Vec<&str> = ALLOWABLE.iter().map(|c| c.as_str()).collect();
    let list = allowable.join(", ");
    if let Some(code) = ALLOWABLE.iter().find(|c| c.as_str() == name) {
        return Ok(*code);
    }
    if let Some(code) = Code::ALL.iter().find(|c| c.as_str() == name) {
        return Err((
            format!("`{name}` cannot be allowed: {}", not_allowable(*code)),
            format!("lints that can be allowed: {list}"),
        ));
    }
    let help = match crate::suggest::did_you_mean(name, allowable.iter().copied()) {
        Some(s) => format!("did you mean `{s}`? Lints that can be allowed: {list}"),
        None => format!("lints that can be allowed: {list}"),
    };
    Err((format!("unknown lint `{name}` in allow"), help))
}

/// What a `.. procdoc:` comment says, or why it cannot be read.
#[derive(Debug, PartialEq, Eq)]
pub enum Comment {
    /// Not a procdoc comment at all.
    Other,
    /// A well-formed `allow`.
    Allow(Vec<Code>, String),
    /// A procdoc comment that is wrong: message and help.
    Invalid(String, String),
}

const FORM: &str = "write `.. procdoc: allow <lint>[, <lint>…] -- <reason>`";

/// Reads the text of an rST comment (from `..` to its end, continuation
/// lines included).
pub fn parse_comment(text: &str) -> Comment {
    let body = text.trim_start();
    let Some(body) = body.strip_prefix("..") else {
        return Comment::Other;
    };
    let Some(rest) = body.trim_start().strip_prefix("procdoc:") else {
        return Comment::Other;
    };
    // Continuation lines are part of the comment: read it as one line.
    let rest: String = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(args) = rest.strip_prefix("allow") else {
        let word = rest.split_whitespace().next().unwrap_or("");
        return Comment::Invalid(
            format!("unknown procdoc comment `{word}`: only `allow` is known"),
            FORM.to_string(),
        );
    };
    if !(args.is_empty() || args.starts_with(' ')) {
        return Comment::Invalid(
            "malformed procdoc allow comment".to_string(),
            FORM.to_string(),
        );
    }
    let (names, reason) = match args.split_once("--") {
        Some((n, r)) => (n, r.trim()),
        None => (args, ""),
    };
    let names: Vec<&str> = names
        .split([',', ' '])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if names.is_empty() {
        return Comment::Invalid(
            "a procdoc allow comment must name the lints it allows".to_string(),
            FORM.to_string(),
        );
    }
    let mut codes = Vec::new();
    for name in names {
        match lint_code(name) {
            Ok(c) => {
                if !codes.contains(&c) {
                    codes.push(c)
                }
            }
            Err((message, help)) => return Comment::Invalid(message, help),
        }
    }
    if reason.is_empty() {
        return Comment::Invalid(
            "an allow needs a reason after ` -- `".to_string(),
            format!("{FORM}: say why the finding is on purpose"),
        );
    }
    Comment::Allow(codes, reason.to_string())
}

/// Moves the findings that `allows` turn off from `diags` to the returned list.
pub fn apply(allows: &[Allow], diags: &mut Vec<Diagnostic>) -> Vec<Allowed> {
    if allows.is_empty() {
        return Vec::new();
    }
    let mut allowed = Vec::new();
    diags.retain(
        |d| match allows.iter().find(|a| a.lints.contains(&d.code)) {
            Some(a) => {
                allowed.push(Allowed {
                    diag: d.clone(),
                    reason: a.reason.clone(),
                    allowed_at: a.span,
                });
                false
            }
            None => true,
        },
    );
    allowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments() {
        assert_eq!(parse_comment(".. a plain comment"), Comment::Other);
        assert_eq!(parse_comment(".. procdoc-x: allow"), Comment::Other);
        assert_eq!(
            parse_comment(
                ".. procdoc: allow wildcard-resource -- read-only role\n   for monitoring"
            ),
            Comment::Allow(
                vec![Code::WildcardResource],
                "read-only role for monitoring".to_string()
            )
        );
        assert_eq!(
            parse_comment(
                ".. procdoc: allow wildcard-action, missing-version -- AWS's own example"
            ),
            Comment::Allow(
                vec![Code::WildcardAction, Code::MissingVersion],
                "AWS's own example".to_string()
            )
        );
        let invalid = |t: &str| match parse_comment(t) {
            Comment::Invalid(m, h) => (m, h),
            other => panic!("{t}: {other:?}"),
        };
        assert!(invalid(".. procdoc: allow wildcard-action")
            .0
            .contains("reason"));
        assert!(invalid(".. procdoc: allow wildcard-action --   ")
            .0
            .contains("reason"));
        let (m, h) = invalid(".. procdoc: allow wildcard-actoin -- x");
        assert_eq!(m, "unknown lint `wildcard-actoin` in allow");
        assert!(h.starts_with("did you mean `wildcard-action`?"), "{h}");
        assert!(invalid(".. procdoc: allow duplicate-sid -- x")
            .0
            .contains("IAM rejects"));
        assert!(invalid(".. procdoc: deny x").0.contains("only `allow`"));
        assert!(invalid(".. procdoc: allow -- x")
            .0
            .contains("name the lints"));
        assert!(invalid(".. procdoc: allowed x -- y")
            .0
            .contains("malformed"));
    }
}
