//! ARNs as IAM reads them in a policy's Resource: parsed into their six
//! parts, with what IAM accepts and docs use taken as "free" parts that are
//! not checked further: a wildcard (`arn:*:…`, `key/*`), a documentation
//! `<placeholder>`, or a policy variable (`${aws:PrincipalAccount}`, whose
//! own `:` does not split the ARN). The KMS key-ARN check lives here too.

use super::lints::KmsAction;

/// An ARN split into its parts (the partition is checked, not kept).
pub(crate) struct Arn<'a> {
    /// `kms`, `s3`, …
    pub service: &'a str,
    /// `us-east-1`, or empty for global services.
    pub region: &'a str,
    /// 12 digits, `aws`, or empty.
    pub account: &'a str,
    /// Everything after the fifth `:` (may be empty: `arn:aws:organizations::*:`).
    pub resource: &'a str,
}

/// The partitions AWS has.
pub(crate) const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether `s` holds an IAM wildcard (`*` or `?`).
pub(crate) fn has_wildcard(s: &str) -> bool {
    s.contains('*') || s.contains('?')
}

/// Whether `s` is a documentation placeholder such as `<key id>`.
pub(crate) fn is_placeholder(s: &str) -> bool {
    s.len() > 2 && s.starts_with('<') && s.ends_with('>') && !s[1..s.len() - 1].contains(['<', '>'])
}

/// Whether `s` holds a policy variable (`${aws:username}`, `${*}`).
pub(crate) fn has_variable(s: &str) -> bool {
    s.contains("${")
}

/// A part procdoc does not check: a wildcard, a placeholder or a variable.
pub(crate) fn free(part: &str) -> bool {
    is_placeholder(part) || has_wildcard(part) || has_variable(part)
}

/// Splits `s` at `:` into at most `n` parts, never inside `${…}`.
fn split_outside_variables(s: &str, n: usize) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::with_capacity(n);
    let (mut start, mut depth, mut i) = (0, 0usize, 0);
    while i < b.len() && parts.len() + 1 < n {
        match b[i] {
            b'$' if b.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&s[start..]);
    parts
}

/// `Ok(None)` for a placeholder, `Ok(Some)` for a well-formed ARN, `Err` saying what is wrong.
pub(crate) fn parse_arn(s: &str) -> Result<Option<Arn<'_>>, String> {
    if is_placeholder(s) {
        return Ok(None);
    }
    if !s.starts_with("arn:") {
        return Err(
            "not an ARN (arn:partition:service:region:account:resource), \"*\" or a <placeholder>"
                .to_string(),
        );
    }
    let parts = split_outside_variables(s, 6);
    let [_, partition, service, region, account, resource] = parts[..] else {
        return Err(
            "malformed ARN: expected arn:partition:service:region:account:resource".to_string(),
        );
    };
    if !free(partition) && !PARTITIONS.contains(&partition) {
        return Err(format!(
            "unknown partition \"{partition}\" (expected one of {}, or a wildcard such as arn:*:…)",
            PARTITIONS.join(", ")
        ));
    }
    if !free(service) {
        if service.is_empty() {
            return Err("the service is missing".to_string());
        }
        if service.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(format!("the service \"{service}\" must be lower-case"));
        }
        if !service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!("invalid service \"{service}\""));
        }
    }
    if !region.is_empty() && !free(region) {
        if !valid_region(region) {
            return Err(format!("invalid region \"{region}\" (e.g. us-east-1)"));
        }
        if !free(partition) {
            let expected = match partition {
                "aws-us-gov" => Some("us-gov-"),
                "aws-cn" => Some("cn-"),
                _ => None,
            };
            let foreign = ["us-gov-", "cn-"].iter().find(|p| region.starts_with(*p));
            match (expected, foreign) {
                (Some(e), _) if !region.starts_with(e) => {
                    return Err(format!(
                        "region \"{region}\" is not in the {partition} partition"
                    ));
                }
                (None, Some(_)) => {
                    return Err(format!(
                        "region \"{region}\" is not in the {partition} partition"
                    ));
                }
                _ => {}
            }
        }
    }
    let twelve_digits = account.len() == 12 && account.chars().all(|c| c.is_ascii_digit());
    if !account.is_empty() && !free(account) && account != "aws" && !twelve_digits {
        return Err(format!("the account \"{account}\" must be 12 digits"));
    }
    Ok(Some(Arn {
        service,
        region,
        account,
        resource,
    }))
}

/// `us-east-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`.
fn valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let lower = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase());
    match parts.as_slice() {
        [first, middle @ .., number] if (1..=3).contains(&middle.len()) => {
            (2..=4).contains(&first.len())
                && lower(first)
                && middle.iter().all(lower)
                && (1..=2).contains(&number.len())
                && number.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// Whether `arn` names KMS keys that `key_actions` can use.
pub(crate) fn check_key_arn(arn: &Arn<'_>, key_actions: &[KmsAction]) -> Result<(), String> {
    if !free(arn.service) && arn.service != "kms" {
        return Err(format!(
            "an ARN of service \"{}\", not a KMS key ARN",
            arn.service
        ));
    }
    if arn.region.is_empty() {
        return Err("a KMS key ARN needs a region".to_string());
    }
    if arn.account.is_empty() {
        return Err("a KMS key ARN needs the 12-digit account".to_string());
    }
    if free(arn.resource) {
        return Ok(());
    }
    if let Some(id) = arn.resource.strip_prefix("key/") {
        return if free(id) || is_key_id(id) {
            Ok(())
        } else {
            Err(format!(
                "\"{id}\" is not a key id (a UUID, or mrk-<32 hex digits> for a multi-Region key)"
            ))
        };
    }
    if arn.resource.starts_with("alias/") {
        let not_alias: Vec<KmsAction> = key_actions
            .iter()
            .filter(|a| !a.accepts_alias())
            .copied()
            .collect();
        return if not_alias.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "an alias ARN applies to the alias, not the key, so it does not grant {} on the key",
                super::lints::names(&not_alias)
            ))
        };
    }
    Err("not a KMS key ARN (…:key/<key id>)".to_string())
}

/// A key id: a UUID, or `mrk-` and 32 hex digits.
fn is_key_id(id: &str) -> bool {
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    if let Some(m) = id.strip_prefix("mrk-") {
        return m.len() == 32 && hex(m);
    }
    let groups: Vec<&str> = id.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]) && groups.iter().all(|g| hex(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Option<(String, String, String, String)> {
        parse_arn(s).ok().flatten().map(|a| {
            (
                a.service.to_string(),
                a.region.to_string(),
                a.account.to_string(),
                a.resource.to_string(),
            )
        })
    }

    #[test]
    fn wildcard_partition_is_accepted() {
        assert!(parts("arn:*:kms:*:111122223333:key/*").is_some());
        assert!(parts("arn:aws*:s3:::bucket").is_some());
        let err = parse_arn("arn:amazon:s3:::bucket").err().unwrap();
        assert!(err.contains("partition \"amazon\""), "{err}");
    }

    #[test]
    fn empty_trailing_segment_is_accepted() {
        assert_eq!(
            parts("arn:aws:organizations::*:"),
            Some((
                "organizations".into(),
                String::new(),
                "*".into(),
                String::new()
            ))
        );
        assert!(parse_arn("arn:aws:kms:us-east-1:111122223333").is_err());
    }

    #[test]
    fn policy_variables_do_not_split_the_arn() {
        assert_eq!(
            parts("arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*"),
            Some((
                "kms".into(),
                "us-east-1".into(),
                "${aws:PrincipalAccount}".into(),
                "key/*".into()
            ))
        );
        assert_eq!(
            parts("arn:aws:s3:::bucket/${aws:userid}/*").map(|p| p.3),
            Some("bucket/${aws:userid}/*".into())
        );
        // An unclosed variable is not a crash, and the rest is one part.
        assert!(parse_arn("arn:aws:kms:us-east-1:${aws:x").is_err());
    }
}
