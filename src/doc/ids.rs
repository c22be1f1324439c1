//! Anchor ids and glossary keys computed from heading and term text, the
//! way snooty computes them, so links into a page agree with the page.

/// Converts heading text to an anchor id the way snooty does for steps:
/// lower-cased, characters outside `[\w_.-]` replaced with `-`.
pub fn make_id(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// The name a glossary term is found by: lower case, inner whitespace
/// collapsed (as `:term:` targets are normalised).
pub fn term_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The anchor of a glossary term (`term-` and its id).
pub fn term_anchor(text: &str) -> String {
    format!("term-{}", make_id(&term_key(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_like_snooty() {
        assert_eq!(make_id("Create an IAM User"), "create-an-iam-user");
        assert_eq!(
            make_id("Navigate to the AWS IAM Console."),
            "navigate-to-the-aws-iam-console."
        );
    }
}
