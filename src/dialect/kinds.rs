//! Value kinds of directive arguments and options (`text`, `flag`,
//! `count|flag`, `one-of(a,b)`, a trailing `!` for required) and the check of
//! a written value against its kind.

/// One accepted form of a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// Any text.
    Text,
    /// Nothing: the option's presence is its value.
    Flag,
    /// A whole number, 0 or more.
    Count,
    /// `true`/`false` (also `yes`/`no`, `1`/`0`).
    Bool,
    /// A file path.
    Path,
    /// A URL.
    Url,
    /// A CSS length (`100px`, `50%`).
    Length,
    /// A percentage of 0 or more, the `%` optional (`50%`, `90 %`, `75`),
    /// as docutils reads `:scale:`.
    Percent,
    /// An ISO 8601 date.
    Date,
    /// Line numbers and ranges (`1,3-5`).
    Lines,
    /// One of the listed words.
    OneOf(Vec<String>),
}

/// The kind of an argument or option: its accepted forms and whether it is
/// required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValueKind {
    /// Accepted forms (any one is enough).
    pub forms: Vec<Scalar>,
    /// Whether the value (option or argument) must be given.
    pub required: bool,
}

impl ValueKind {
    /// Optional text.
    pub fn text() -> Self {
        ValueKind {
            forms: vec![Scalar::Text],
            required: false,
        }
    }

    /// Parses procdoc's notation: `kind|kind…`, a kind being a word or
    /// `one-of(a,b,…)`, with a trailing `!` for required.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let (s, required) = match s.strip_suffix('!') {
            Some(r) => (r, true),
            None => (s, false),
        };
        let mut forms = Vec::new();
        let mut rest = s;
        while !rest.is_empty() {
            let (part, next) = if let Some(body) = rest.strip_prefix("one-of(") {
                let close = body
                    .find(')')
                    .ok_or_else(|| format!("`one-of(` without `)` in `{s}`"))?;
                let words = body[..close]
                    .split(',')
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect();
                forms.push(Scalar::OneOf(words));
                let after = &body[close + 1..];
                (None, after.strip_prefix('|').unwrap_or(after))
            } else {
                match rest.split_once('|') {
                    Some((a, b)) => (Some(a), b),
                    None => (Some(rest), ""),
                }
            };
            if let Some(word) = part {
                forms.push(Self::word(word.trim())?);
            }
            rest = next;
        }
        if forms.is_empty() {
            return Err("empty kind".into());
        }
        Ok(ValueKind { forms, required })
    }

    /// A single-word kind, in procdoc's or snooty's spelling.
    pub fn word(w: &str) -> Result<Scalar, String> {
        Ok(match w {
            "text" | "string" | "str" | "raw" => Scalar::Text,
            "flag" => Scalar::Flag,
            "count" | "nonnegative_integer" => Scalar::Count,
            "bool" | "boolean" => Scalar::Bool,
            "path" => Scalar::Path,
            "url" | "uri" => Scalar::Url,
            "length" => Scalar::Length,
            "percentage" | "percent" => Scalar::Percent,
            "date" | "iso_8601" => Scalar::Date,
            "lines" | "linenos" => Scalar::Lines,
            other => return Err(format!("unknown kind `{other}`")),
        })
    }

    /// Why `value` does not fit this kind, or `None` when it fits.
    pub fn check(&self, value: &str) -> Option<String> {
        let v = value.trim();
        let mut reasons = Vec::new();
        for f in &self.forms {
            match check_scalar(f, v) {
                None => return None,
                Some(r) => reasons.push(r),
            }
        }
        Some(reasons.join(", or "))
    }

    /// How to fix a bad value of option `option`, from its first form.
    pub fn hint(&self, option: &str) -> String {
        match self.forms.first() {
            Some(Scalar::Flag) => format!("write `:{option}:` with nothing after it"),
            Some(Scalar::Count) => format!("write a whole number, e.g. `:{option}: 2`"),
            Some(Scalar::Bool) => format!("write `:{option}: true` or `:{option}: false`"),
            Some(Scalar::Percent) => {
                format!("write a percentage of 0 or more, e.g. `:{option}: 50%`")
            }
            Some(Scalar::OneOf(words)) if !words.is_empty() => {
                format!("write e.g. `:{option}: {}`", words[0])
            }
            _ => format!("correct the value or remove the `:{option}:` line"),
        }
    }

    /// Whether a flag (no value) is one accepted form.
    pub fn accepts_flag(&self) -> bool {
        self.forms.contains(&Scalar::Flag)
    }
}

fn check_scalar(f: &Scalar, v: &str) -> Option<String> {
    match f {
        Scalar::Flag => (!v.is_empty()).then(|| "this option is a flag and takes no value".into()),
        Scalar::Count => v
            .parse::<u32>()
            .is_err()
            .then(|| "expected a whole number".into()),
        Scalar::Bool => parse_bool(v)
            .is_none()
            .then(|| "expected true or false".into()),
        Scalar::Percent => parse_percentage(v)
            .is_none()
            .then(|| "expected a percentage of 0 or more (like `50%`)".into()),
        Scalar::OneOf(words) => (!words.iter().any(|w| w == v))
            .then(|| format!("expected one of: {}", words.join(", "))),
        Scalar::Text
        | Scalar::Path
        | Scalar::Url
        | Scalar::Length
        | Scalar::Date
        | Scalar::Lines => None,
    }
}

/// The number of a percentage (`50%`, `90 %`, `12.5`): finite and 0 or
/// more, the `%` optional, as docutils' `percentage` reads it (which also
/// strips spaces and `%` from the end).
pub fn parse_percentage(v: &str) -> Option<f64> {
    let n = v.trim().trim_end_matches([' ', '%']);
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    n.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// `true`/`yes`/`1`/empty, or `false`/`no`/`0`.
pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_alternatives_choices_and_required() {
        let k = ValueKind::parse("count|flag").unwrap();
        assert_eq!(k.forms, vec![Scalar::Count, Scalar::Flag]);
        assert!(!k.required);
        assert_eq!(k.check(""), None);
        assert_eq!(k.check("4"), None);
        assert!(k.check("x").is_some());
        let c = ValueKind::parse("one-of(normal,connected)!").unwrap();
        assert!(c.required);
        assert_eq!(c.check("normal"), None);
        assert_eq!(
            c.check("fancy").as_deref(),
            Some("expected one of: normal, connected")
        );
        assert!(ValueKind::parse("path|url!").unwrap().required);
        let pct = ValueKind::parse("percentage").unwrap();
        for ok in ["50%", "90 %", "75", "12.5%"] {
            assert_eq!(pct.check(ok), None, "{ok}");
        }
        for bad in ["abc", "-50%", "%", "", "5e2", "50%%x", "1.2.3"] {
            assert!(pct.check(bad).is_some(), "{bad}");
        }
        assert_eq!(parse_percentage("90 %"), Some(90.0));
        assert_eq!(
            pct.hint("scale"),
            "write a percentage of 0 or more, e.g. `:scale: 50%`"
        );
        assert!(ValueKind::parse("nmber").is_err());
        assert!(ValueKind::parse("one-of(a").is_err());
    }
}
