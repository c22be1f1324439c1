//! Enumerated list markers (`1.`, `a)`, `(iv)`, `#.`) and their sequence rules,
//! following docutils.

use crate::doc::EnumStyle;

/// How the enumerator is punctuated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EnumFormat {
    /// `1.`
    Period,
    /// `1)`
    RParen,
    /// `(1)`
    Parens,
}

/// What the enumerator says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ordinal {
    /// `#`
    Auto,
    /// A number.
    Arabic(u32),
    /// A single letter that is not i/I (or is, when continuing an alpha list).
    Letter(char),
    /// Roman numeral text (ambiguous `i`, `v`, `x`, … included).
    Roman(String),
}

/// A parsed enumerator at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Enumerator {
    pub format: EnumFormat,
    pub ordinal: Ordinal,
    /// Bytes up to the item text (marker and following spaces).
    pub text_start: usize,
}

fn roman_value(s: &str) -> Option<u32> {
    let upper = s.to_ascii_uppercase();
    let mut total = 0u32;
    let mut prev = 0u32;
    for c in upper.chars().rev() {
        let v = match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    // Only canonical numerals count.
    (crate::doc::roman(total) == upper).then_some(total)
}

/// Parses an enumerator at the start of `t`.
pub(crate) fn parse(t: &str) -> Option<Enumerator> {
    let b = t.as_bytes();
    let (format, body_start) = if b.first() == Some(&b'(') {
        (EnumFormat::Parens, 1)
    } else {
        (EnumFormat::Period, 0)
    };
    let mut j = body_start;
    while j < b.len() && j - body_start < 12 && (b[j].is_ascii_alphanumeric() || b[j] == b'#') {
        j += 1;
    }
    let body = &t[body_start..j];
    if body.is_empty() {
        return None;
    }
    let close = *b.get(j)?;
    let format = match (format, close) {
        (EnumFormat::Parens, b')') => EnumFormat::Parens,
        (EnumFormat::Period, b'.') => EnumFormat::Period,
        (EnumFormat::Period, b')') => EnumFormat::RParen,
        _ => return None,
    };
    j += 1;
    // Must be followed by whitespace or end of line.
    if j < b.len() && !b[j].is_ascii_whitespace() {
        return None;
    }
    let ordinal = if body == "#" {
        Ordinal::Auto
    } else if body.bytes().all(|c| c.is_ascii_digit()) {
        Ordinal::Arabic(body.parse().ok()?)
    } else if body.len() == 1 && body.as_bytes()[0].is_ascii_alphabetic() {
        let c = body.chars().next()?;
        if roman_value(body).is_some() && matches!(c, 'i' | 'I') {
            Ordinal::Roman(body.to_string())
        } else {
            Ordinal::Letter(c)
        }
    } else if roman_value(body).is_some()
        && (body.bytes().all(|c| c.is_ascii_uppercase())
            || body.bytes().all(|c| c.is_ascii_lowercase()))
    {
        Ordinal::Roman(body.to_string())
    } else {
        return None;
    };
    let mut k = j;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    Some(Enumerator {
        format,
        ordinal,
        text_start: k,
    })
}

/// The style and ordinal a first item sets.
pub(crate) fn first(e: &Enumerator) -> (EnumStyle, u32) {
    match &e.ordinal {
        Ordinal::Auto => (EnumStyle::Arabic, 1),
        Ordinal::Arabic(n) => (EnumStyle::Arabic, *n),
        Ordinal::Letter(c) => (
            if c.is_ascii_uppercase() {
                EnumStyle::UpperAlpha
            } else {
                EnumStyle::LowerAlpha
            },
            (c.to_ascii_lowercase() as u8 - b'a' + 1) as u32,
        ),
        Ordinal::Roman(s) => (
            if s.bytes().all(|c| c.is_ascii_uppercase()) {
                EnumStyle::UpperRoman
            } else {
                EnumStyle::LowerRoman
            },
            roman_value(s).unwrap_or(1),
        ),
    }
}

/// Whether `e` continues a list of `style` whose last ordinal was `prev`.
pub(crate) fn continues(e: &Enumerator, style: EnumStyle, prev: u32) -> bool {
    let want = prev + 1;
    match (&e.ordinal, style) {
        (Ordinal::Auto, _) => true,
        (Ordinal::Arabic(n), EnumStyle::Arabic) => *n == want,
        (Ordinal::Letter(c), EnumStyle::LowerAlpha) => {
            c.is_ascii_lowercase() && (*c as u8 - b'a' + 1) as u32 == want
        }
        (Ordinal::Letter(c), EnumStyle::UpperAlpha) => {
            c.is_ascii_uppercase() && (*c as u8 - b'A' + 1) as u32 == want
        }
        // `i`/`I` inside an alpha list is the letter i.
        (Ordinal::Roman(s), EnumStyle::LowerAlpha) => s == "i" && want == 9,
        (Ordinal::Roman(s), EnumStyle::UpperAlpha) => s == "I" && want == 9,
        (Ordinal::Roman(s), EnumStyle::LowerRoman) => {
            s.bytes().all(|c| c.is_ascii_lowercase()) && roman_value(s) == Some(want)
        }
        (Ordinal::Roman(s), EnumStyle::UpperRoman) => {
            s.bytes().all(|c| c.is_ascii_uppercase()) && roman_value(s) == Some(want)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_enumerator_form() {
        assert_eq!(parse("1. x").unwrap().ordinal, Ordinal::Arabic(1));
        assert_eq!(parse("(a) x").unwrap().format, EnumFormat::Parens);
        assert_eq!(parse("B) x").unwrap().format, EnumFormat::RParen);
        assert_eq!(parse("#.").unwrap().ordinal, Ordinal::Auto);
        assert_eq!(parse("iv. x").unwrap().ordinal, Ordinal::Roman("iv".into()));
        assert_eq!(parse("i. x").unwrap().ordinal, Ordinal::Roman("i".into()));
        assert!(parse("1.x").is_none());
        assert!(parse("abc. x").is_none());
        assert!(parse("ab. x").is_none());
    }

    #[test]
    fn sequences() {
        let a = parse("a. x").unwrap();
        let (style, n) = first(&a);
        assert_eq!((style, n), (EnumStyle::LowerAlpha, 1));
        assert!(continues(&parse("#. y").unwrap(), style, 1));
        assert!(continues(&parse("b. y").unwrap(), style, 1));
        assert!(!continues(&parse("c. y").unwrap(), style, 1));
        let (rs, rn) = first(&parse("i. x").unwrap());
        assert_eq!((rs, rn), (EnumStyle::LowerRoman, 1));
        assert!(continues(&parse("ii. y").unwrap(), rs, 1));
        assert_eq!(first(&parse("b. x").unwrap()).1, 2);
    }
}
