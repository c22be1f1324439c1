//! Secrets must never appear in docs: AWS access key ids, secret access keys
//! next to them, PEM private keys and GCP service-account keys. Placeholders
//! such as `<temporary access key ID>` are fine.
//!
//! The patterns use the `regex` crate, which runs in linear time.

use regex::Regex;
use std::sync::OnceLock;

/// One secret found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Secret {
    /// Byte offset in the text.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
    /// What it is.
    pub what: &'static str,
}

struct Patterns {
    access_key_id: Regex,
    secret_key: Regex,
    pem: Regex,
    gcp_key: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        access_key_id: Regex::new(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b").expect("valid regex"),
        secret_key: Regex::new(r"(?:^|[^A-Za-z0-9/+=])([A-Za-z0-9/+=]{40})(?:$|[^A-Za-z0-9/+=])")
            .expect("valid regex"),
        pem: Regex::new(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----").expect("valid regex"),
        gcp_key: Regex::new(r#"(?i)"?private_?key"?\s*[:=]\s*"([A-Za-z0-9/+=\\n]{64,})"#)
            .expect("valid regex"),
    })
}

/// Finds secrets in `text`, sorted by offset.
pub fn scan(text: &str) -> Vec<Secret> {
    let p = patterns();
    let mut out = Vec::new();
    let mut has_key_id = false;
    for m in p.access_key_id.find_iter(text) {
        has_key_id = true;
        out.push(Secret {
            offset: m.start(),
            len: m.len(),
            what: "an AWS access key id",
        });
    }
    for line_start in line_starts(text) {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |e| line_start + e);
        let line = &text[line_start..line_end];
        let near_secret_word = line.to_ascii_lowercase().contains("secret");
        if !(has_key_id || near_secret_word) {
            continue;
        }
        for c in p.secret_key.captures_iter(line) {
            if let Some(m) = c.get(1) {
                let s = m.as_str();
                // Real keys mix cases and digits; skip words and paths.
                let mixed = s.bytes().any(|b| b.is_ascii_digit())
                    && s.bytes().any(|b| b.is_ascii_uppercase())
                    && s.bytes().any(|b| b.is_ascii_lowercase());
                if mixed {
                    out.push(Secret {
                        offset: line_start + m.start(),
                        len: m.len(),
                        what: "an AWS secret access key",
                    });
                }
            }
        }
    }
    for m in p.pem.find_iter(text) {
        out.push(Secret {
            offset: m.start(),
            len: m.len(),
            what: "a PEM private key",
        });
    }
    for c in p.gcp_key.captures_iter(text) {
        if let Some(m) = c.get(1) {
            out.push(Secret {
                offset: m.start(),
                len: m.len(),
                what: "a GCP service-account private key",
            });
        }
    }
    out.sort_by_key(|s| s.offset);
    out.dedup_by_key(|s| s.offset);
    out
}

fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1))
}

#[cfg(test)]
mod tests {
    use super::scan;

    #[test]
    fn finds_real_looking_secrets_only() {
        let placeholders = r#"{"accessKeyId":"<temporary access key ID>","secretAccessKey":"<temporary secret access key>"}"#;
        assert!(scan(placeholders).is_empty());
        let leaked = "{\n \"accessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",\n \"secretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}";
        let s = scan(leaked);
        assert_eq!(s.len(), 2, "{s:?}");
        assert_eq!(
            &leaked[s[0].offset..s[0].offset + s[0].len],
            "AKIAIOSFODNN7EXAMPLE"
        );
        assert_eq!(s[1].what, "an AWS secret access key");
        assert_eq!(
            scan("-----BEGIN RSA PRIVATE KEY-----\nMII...")[0].what,
            "a PEM private key"
        );
        assert_eq!(
            scan("-----BEGIN PRIVATE KEY-----")[0].what,
            "a PEM private key"
        );
        let gcp = format!(r#"{{"email": "x", "privateKey": "{}"}}"#, "A1b2".repeat(30));
        assert_eq!(scan(&gcp)[0].what, "a GCP service-account private key");
        // A 40-character path on a line without "secret" is not a key.
        assert!(scan("/usr/local/share/some/long/path/abcdefghij").is_empty());
    }
}
