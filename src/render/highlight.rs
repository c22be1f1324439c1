//! Syntax highlighting of code blocks with [syntect], as CSS classes.
//!
//! Code is highlighted line by line, keeping the parser state across lines,
//! and every line's `<span>`s are closed at its end (and the open scopes
//! reopened on the next line), so a line's HTML can be wrapped on its own
//! (emphasized lines). Classes are syntect scope atoms prefixed with
//! [`CLASS_PREFIX`] (`source.json` → `hl-source hl-json`); [`theme_css`]
//! gives their colours for a light and a dark theme.
//!
//! syntect's grammars use backtracking regexes, so hostile input could be
//! slow: blocks over [`MAX_BYTES`] or with a line over [`MAX_LINE_CHARS`]
//! characters are not highlighted, and any highlighting error or panic
//! falls back to plain text ([`highlight_lines`] returns `None`).

mod cache;

use crate::render::templates::push_escaped;
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use syntect::highlighting::{FontStyle, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, ClassStyle};
use syntect::parsing::{
    BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};

/// Prefix of every highlighting class.
pub const CLASS_PREFIX: &str = "hl-";

/// The class style used for highlighted code and its CSS.
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Blocks larger than this many bytes are shown as plain text.
pub const MAX_BYTES: usize = 64 * 1024;

/// Blocks with a line longer than this many characters are shown as plain
/// text.
pub const MAX_LINE_CHARS: usize = 4_000;

/// Light theme (syntect built-in), used unless the reader prefers dark.
pub const LIGHT_THEME: &str = "InspiredGitHub";

/// Dark theme (syntect built-in), under `prefers-color-scheme: dark`.
pub const DARK_THEME: &str = "base16-ocean.dark";

/// The syntect syntaxes, loaded once (it costs tens of milliseconds).
pub fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The syntect syntax name for a code-block language (case-insensitive),
/// or `None` when procdoc does not highlight it.
///
/// Languages without a built-in syntect grammar (`kotlin`, `swift`, `toml`,
/// `ini`) are shown plain; `typescript` uses the JavaScript grammar.
pub fn syntax_name(language: &str) -> Option<&'static str> {
    let lang = language.trim().to_ascii_lowercase();
    Some(match lang.as_str() {
        "json" | "json5" | "jsonc" => "JSON",
        "javascript" | "js" | "node" | "nodejs" | "mongosh" | "typescript" | "ts" => "JavaScript",
        "python" | "py" | "python3" => "Python",
        "shell" | "sh" | "bash" | "console" | "zsh" | "shell-session" => {
            "Bourne Again Shell (bash)"
        }
        "java" => "Java",
        "csharp" | "cs" | "c#" => "C#",
        "go" | "golang" => "Go",
        "rust" | "rs" => "Rust",
        "yaml" | "yml" => "YAML",
        "c" => "C",
        "cpp" | "c++" | "cxx" => "C++",
        "ruby" | "rb" => "Ruby",
        "php" => "PHP",
        "html" => "HTML",
        "xml" => "XML",
        "sql" => "SQL",
        _ => return None,
    })
}

/// A short human name for a language, shown in a code block's header:
/// the usual spelling for known languages, the token as written otherwise.
pub fn language_label(language: &str) -> String {
    let lang = language.trim();
    let known = match lang.to_ascii_lowercase().as_str() {
        "json" => "JSON",
        "javascript" | "js" => "JavaScript",
        "typescript" | "ts" => "TypeScript",
        "python" | "py" | "python3" => "Python",
        "shell" | "sh" => "Shell",
        "bash" => "Bash",
        "console" => "Console",
        "java" => "Java",
        "csharp" | "cs" | "c#" => "C#",
        "go" | "golang" => "Go",
        "rust" | "rs" => "Rust",
        "yaml" | "yml" => "YAML",
        "toml" => "TOML",
        "c" => "C",
        "cpp" | "c++" => "C++",
        "ruby" | "rb" => "Ruby",
        "php" => "PHP",
        "kotlin" => "Kotlin",
        "swift" => "Swift",
        "html" => "HTML",
        "xml" => "XML",
        "sql" => "SQL",
        "ini" => "INI",
        "text" | "none" | "txt" => "Text",
        _ => return lang.to_string(),
    };
    known.to_string()
}

fn syntax_for(language: &str, code: &str) -> Option<&'static SyntaxReference> {
    let ss = syntax_set();
    let name = syntax_name(language)?;
    // PHP snippets rarely open with `<?php`; the PHP grammar would then
    // read them as HTML.
    if name == "PHP" && !code.contains("<?") {
        if let Some(s) = ss.find_syntax_by_name("PHP Source") {
            return Some(s);
        }
    }
    ss.find_syntax_by_name(name)
}

/// Whether a block is small enough to highlight safely.
pub fn within_limits(code: &str) -> bool {
    code.len() <= MAX_BYTES
        && code
            .split('\n')
            .all(|l| l.len() <= MAX_LINE_CHARS || l.chars().count() <= MAX_LINE_CHARS)
}

/// Highlights `code` as `language`: one HTML fragment per line of
/// `code.split('\n')`, each with balanced `<span class="hl-…">` tags and
/// the text escaped. `None` (show plain text) for an unknown language, a
/// block over the size limits, or any highlighting error.
pub fn highlight_lines(code: &str, language: &str) -> Option<Vec<String>> {
    highlight_shared(code, language).map(|l| l.to_vec())
}

/// [`highlight_lines`], shared: a block seen more than once in this
/// process (the same policy on many pages) is highlighted once and then
/// served from a bounded cache (see `highlight/cache.rs`).
pub fn highlight_shared(code: &str, language: &str) -> Option<std::sync::Arc<[String]>> {
    if code.is_empty() || !within_limits(code) {
        return None;
    }
    cache::get_or_compute(language, code, || {
        highlight_uncached(code, language).map(Into::into)
    })
}

fn highlight_uncached(code: &str, language: &str) -> Option<Vec<String>> {
    // syntect can panic on malformed grammar states; never take the build
    // down for colours.
    catch_unwind(AssertUnwindSafe(|| {
        let syntax = syntax_for(language, code)?;
        highlight_with(code, syntax)
    }))
    .ok()
    .flatten()
}

fn highlight_with(code: &str, syntax: &SyntaxReference) -> Option<Vec<String>> {
    let ss = syntax_set();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut classes: HashMap<Scope, String> = HashMap::new();
    let mut out = Vec::new();
    let mut buf = String::new();
    for line in code.split('\n') {
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let ops = state.parse_line(&buf, ss).ok()?;
        let mut html = String::with_capacity(line.len() * 2);
        // Reopen the scopes still open from the previous line.
        // Open spans as (start of the tag, start of the content): a span
        // closed with no content since its tag is dropped.
        let mut open: Vec<(usize, usize)> = Vec::with_capacity(stack.len() + 8);
        for scope in stack.as_slice() {
            let tag = html.len();
            open_span(&mut html, *scope, &mut classes);
            open.push((tag, html.len()));
        }
        let close = |html: &mut String, span: (usize, usize)| {
            if html.len() == span.1 {
                html.truncate(span.0);
            } else {
                html.push_str("</span>");
            }
        };
        let mut cur = 0;
        for (i, op) in &ops {
            // The newline is not shown: clamp to the line's text.
            let i = (*i).min(line.len());
            if i > cur {
                push_escaped(&mut html, line.get(cur..i)?);
                cur = i;
            }
            stack
                .apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        let tag = html.len();
                        open_span(&mut html, scope, &mut classes);
                        open.push((tag, html.len()));
                    }
                    // A pop on an empty stack closes nothing.
                    BasicScopeStackOp::Pop => {
                        if let Some(span) = open.pop() {
                            close(&mut html, span);
                        }
                    }
                })
                .ok()?;
        }
        push_escaped(&mut html, line.get(cur..)?);
        while let Some(span) = open.pop() {
            close(&mut html, span);
        }
        out.push(html);
    }
    Some(out)
}

fn open_span(html: &mut String, scope: Scope, cache: &mut HashMap<Scope, String>) {
    let classes = cache.entry(scope).or_insert_with(|| {
        scope
            .build_string()
            .split('.')
            .filter(|a| !a.is_empty())
            .map(|a| {
                let mut c = String::from(CLASS_PREFIX);
                // Scope atoms are plain words; keep class names safe anyway.
                c.extend(a.chars().map(|ch| {
                    if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                        ch
                    } else {
                        '-'
                    }
                }));
                c
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    html.push_str("<span class=\"");
    html.push_str(classes);
    html.push_str("\">");
}

/// CSS for the highlighting classes: [`LIGHT_THEME`] by default and
/// [`DARK_THEME`] under `@media (prefers-color-scheme: dark)`. Generated
/// once; theme backgrounds are left out (the stylesheet's code background
/// applies). Empty if the themes cannot be loaded.
pub fn theme_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| catch_unwind(generate_theme_css).unwrap_or_default())
}

fn generate_theme_css() -> String {
    let themes = ThemeSet::load_defaults();
    let theme_rules = |name: &str| -> String {
        let Some(theme) = themes.themes.get(name) else {
            return String::new();
        };
        let Ok(css) = css_for_theme_with_class_style(theme, STYLE) else {
            return String::new();
        };
        // syntect writes one rule for the theme's page colours (`.hl-code`),
        // then one per theme item, in order.
        let mut rules: Vec<(&str, Vec<String>)> = Vec::new();
        let mut selector: Option<&str> = None;
        let mut props: Vec<String> = Vec::new();
        for line in css.lines().map(str::trim) {
            if let Some(sel) = line.strip_suffix('{') {
                selector = Some(sel.trim());
                props.clear();
            } else if line == "}" {
                if let Some(sel) = selector.take() {
                    rules.push((sel, std::mem::take(&mut props)));
                }
            } else if selector.is_some() && !line.is_empty() {
                props.push(line.to_string());
            }
        }
        // A theme item that sets a font style sets all of it (TextMate
        // semantics): `bold` elsewhere must not leak into a scope themed
        // plain. syntect's CSS only writes the styles that are on.
        if rules.len() == theme.scopes.len() + 1 {
            for ((_, props), item) in rules.iter_mut().skip(1).zip(&theme.scopes) {
                if let Some(fs) = item.style.font_style {
                    props.retain(|p| {
                        !(p.starts_with("font-weight")
                            || p.starts_with("font-style")
                            || p.starts_with("text-decoration"))
                    });
                    let on = |f: FontStyle, yes: &str, no: &str| {
                        if fs.contains(f) { yes } else { no }.to_string()
                    };
                    props.push(on(
                        FontStyle::BOLD,
                        "font-weight: bold;",
                        "font-weight: normal;",
                    ));
                    props.push(on(
                        FontStyle::ITALIC,
                        "font-style: italic;",
                        "font-style: normal;",
                    ));
                    props.push(on(
                        FontStyle::UNDERLINE,
                        "text-decoration: underline;",
                        "text-decoration: none;",
                    ));
                }
            }
        }
        // Reindent for the enclosing @media block; leave out the theme's
        // page background and the `invalid` scopes' loud backgrounds
        // (snippets with `...` placeholders are often not valid code).
        let mut out = String::with_capacity(css.len() + css.len() / 4);
        for (i, (sel, props)) in rules.iter().enumerate() {
            // JSON is coloured by token kind below ([`JSON_TOKENS`]), not by
            // the themes' nesting-dependent JSON rules.
            if sel.is_empty() || sel.starts_with(".hl-invalid") || sel.contains(".hl-json") {
                continue;
            }
            let keep: Vec<&String> = props
                .iter()
                .filter(|p| !(i == 0 && p.starts_with("background")))
                .collect();
            if keep.is_empty() {
                continue;
            }
            out.push_str("  ");
            out.push_str(sel);
            out.push_str(" {");
            for p in keep {
                out.push(' ');
                out.push_str(p);
            }
            out.push_str(" }\n");
        }
        out
    };
    let mut css = String::new();
    css.push_str(&format!(
        "/* ---------- syntax highlighting (generated by procdoc from syntect's \
         \"{LIGHT_THEME}\" and \"{DARK_THEME}\" themes) ---------- */\n\n"
    ));
    css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_rules(LIGHT_THEME));
    css.push_str(&json_rules(false));
    css.push_str("}\n\n@media (prefers-color-scheme: dark) {\n");
    css.push_str(&theme_rules(DARK_THEME));
    css.push_str(&json_rules(true));
    css.push_str("}\n");
    css
}

/// A JSON token kind with its selectors and its colour in the light and
/// the dark theme.
#[derive(Clone, Copy, Debug)]
pub struct JsonToken {
    /// What it colours.
    pub kind: &'static str,
    /// Selectors (inside `.hl-source.hl-json`); later entries win on
    /// equal elements, and each is more specific than the one before.
    pub selectors: &'static [&'static str],
    /// Colour on the light code background.
    pub light: &'static str,
    /// Colour on the dark code background.
    pub dark: &'static str,
}

/// The code-block backgrounds of `templates/style.css` (`--code-bg`), light
/// and dark: every [`JSON_TOKENS`] colour has WCAG AA contrast (4.5:1) on them.
pub const CODE_BG: (&str, &str) = ("#f5f7f8", "#112733");

/// JSON colours by token kind, the same at every nesting level: keys,
/// strings, numbers and literals (`true`, `false`, `null`), punctuation,
/// comments (`jsonc`). Never bold or italic, so depth never shows as weight.
pub const JSON_TOKENS: &[JsonToken] = &[
    JsonToken {
        kind: "punctuation",
        selectors: &["", " .hl-punctuation"],
        light: "#4b5b63",
        dark: "#a9b8be",
    },
    JsonToken {
        kind: "string",
        selectors: &[" .hl-string", " .hl-string .hl-punctuation"],
        light: "#0a6b2d",
        dark: "#8ddb9c",
    },
    JsonToken {
        kind: "number or literal",
        selectors: &[" .hl-constant.hl-numeric", " .hl-constant.hl-language"],
        light: "#953800",
        dark: "#ffb070",
    },
    JsonToken {
        kind: "key",
        selectors: &[
            " .hl-key.hl-json",
            " .hl-key.hl-json .hl-string",
            " .hl-key.hl-json .hl-string .hl-punctuation",
        ],
        light: "#0550ae",
        dark: "#8cc8ff",
    },
    JsonToken {
        kind: "comment",
        selectors: &[" .hl-comment", " .hl-comment .hl-punctuation"],
        light: "#5c6570",
        dark: "#9aa9b0",
    },
];

fn json_rules(dark: bool) -> String {
    let mut out = String::from("  /* JSON: one colour per token kind, at every depth */\n");
    for t in JSON_TOKENS {
        let sels: Vec<String> = t
            .selectors
            .iter()
            .map(|s| format!(".hl-source.hl-json{s}"))
            .collect();
        out.push_str(&format!(
            "  {} {{ color: {}; font-weight: normal; font-style: normal; }}\n",
            sels.join(", "),
            if dark { t.dark } else { t.light }
        ));
    }
    out
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21), or `None`
/// for another notation.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    fn luminance(hex: &str) -> Option<f64> {
        let h = hex.strip_prefix('#')?;
        if h.len() != 6 {
            return None;
        }
        let ch = |i: usize| -> Option<f64> {
            let v = f64::from(u8::from_str_radix(h.get(i..i + 2)?, 16).ok()?) / 255.0;
            Some(if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            })
        };
        Some(0.2126 * ch(0)? + 0.7152 * ch(2)? + 0.0722 * ch(4)?)
    }
    let (la, lb) = (luminance(a)?, luminance(b)?);
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    Some((hi + 0.05) / (lo + 0.05))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::render::test_util::strip_tags as strip;

    fn balanced(line: &str) {
        assert_eq!(
            line.matches("<span").count(),
            line.matches("</span>").count(),
            "{line}"
        );
    }

    #[test]
    fn json_has_classes_and_keeps_every_character() {
        let code = "{\n  \"a\": [1, true, null],\n  \"b<&>'\": \"x\\\"y\" /* c\n  d */\n}";
        let lines = highlight_lines(code, "json").expect("highlighted");
        assert_eq!(lines.len(), 5);
        let html = lines.join("\n");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("hl-string"), "{html}");
        for l in &lines {
            balanced(l);
        }
        assert_eq!(strip(&html), code);
    }

    #[test]
    fn multi_line_constructs_stay_within_lines() {
        let code = "/* one\n   two\n   three */\nconst s = `a\nb`;";
        let lines = highlight_lines(code, "JavaScript").unwrap();
        assert_eq!(lines.len(), 5);
        for l in &lines {
            balanced(l);
        }
        // The comment's middle line is still a comment.
        assert!(lines[1].contains("hl-comment"), "{lines:?}");
        assert_eq!(strip(&lines.join("\n")), code);
    }

    #[test]
    fn languages() {
        for l in [
            "json",
            "javascript",
            "js",
            "typescript",
            "python",
            "shell",
            "sh",
            "bash",
            "console",
            "java",
            "csharp",
            "go",
            "rust",
            "yaml",
            "c",
            "cpp",
            "ruby",
            "php",
            "html",
            "xml",
            "sql",
        ] {
            let name = syntax_name(l).unwrap();
            assert!(
                syntax_set().find_syntax_by_name(name).is_some(),
                "{l} → {name}"
            );
        }
        for l in [
            "kotlin",
            "swift",
            "toml",
            "ini",
            "text",
            "none",
            "brainfuck",
            "",
        ] {
            assert!(highlight_lines("x = 1", l).is_none(), "{l}");
        }
        assert!(highlight_lines("echo $HOME", "Shell").is_some());
        let php = highlight_lines("$a = 1;", "php").unwrap();
        assert!(php[0].contains("hl-variable"), "{php:?}");
    }

    #[test]
    fn big_or_long_blocks_are_not_highlighted() {
        let big = "{\"a\": 1}\n".repeat(100 * 1024 / 9);
        assert!(big.len() > MAX_BYTES);
        assert!(highlight_lines(&big, "json").is_none());
        // A hostile line (syntect's backtracking regexes are slow on it) is
        // refused by the size guard before syntect sees it: the guard, not
        // a clock, is what keeps this fast (`cargo bench --bench pipeline
        // -- hostile` measures it).
        let parens = "(".repeat(10_000);
        let wrapped = format!("x\n{parens}\ny");
        assert!(!within_limits(&parens) && !within_limits(&wrapped));
        assert!(highlight_lines(&parens, "python").is_none());
        assert!(highlight_lines(&wrapped, "javascript").is_none());
        // The guard counts characters, not bytes: 4,000 two-byte characters
        // pass, one more does not.
        assert!(within_limits(&"é".repeat(MAX_LINE_CHARS)));
        assert!(!within_limits(&"é".repeat(MAX_LINE_CHARS + 1)));
        // Just under the limits is fine.
        let ok = "(".repeat(MAX_LINE_CHARS);
        assert!(highlight_lines(&ok, "python").is_some());
    }

    #[test]
    fn theme_css_has_light_and_dark() {
        let css = theme_css();
        assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
        assert!(css.contains("@media not all and (prefers-color-scheme: dark)"));
        assert!(css.contains(".hl-comment"));
        assert!(css.contains("  .hl-code { color: #323232; }\n"), "{css}");
        assert!(!css.contains(".hl-invalid"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    #[test]
    fn json_is_coloured_by_token_kind_not_by_depth() {
        let css = theme_css();
        // The themes' JSON rules (bold top-level keys, values the colour of
        // punctuation) are gone; only the token-kind rules mention JSON.
        for line in css.lines().filter(|l| l.contains(".hl-json")) {
            assert!(line.starts_with("  .hl-source.hl-json"), "{line}");
            assert!(line.contains("font-weight: normal"), "{line}");
        }
        let key = ".hl-source.hl-json .hl-key.hl-json .hl-string";
        assert_eq!(css.matches(key).count(), 4, "{css}"); // key rule + its punctuation, × 2 themes
                                                          // Nested and top-level keys get the same classes' colour: the rule
                                                          // does not depend on the dictionary depth.
        let nested = highlight_lines("{\"a\": {\"b\": 1}, \"c\": \"d\"}", "json").expect("hl");
        let line = &nested[0];
        assert_eq!(line.matches("hl-key hl-json").count(), 3, "{line}");
        assert!(line.contains("hl-numeric"), "{line}");
    }

    #[test]
    fn json_colours_have_wcag_aa_contrast_and_differ_by_kind_in_both_themes() {
        let style = include_str!("../../templates/style.css");
        assert!(style.contains(&format!("--code-bg: {};", CODE_BG.0)));
        assert!(style.contains(&format!("--code-bg: {};", CODE_BG.1)));
        for t in JSON_TOKENS {
            for (fg, bg) in [(t.light, CODE_BG.0), (t.dark, CODE_BG.1)] {
                let r = contrast_ratio(fg, bg).expect("hex colours");
                assert!(r >= 4.5, "{} {fg} on {bg}: {r:.2}", t.kind);
            }
        }
        let kinds = ["key", "string", "number or literal", "punctuation"];
        for (i, a) in kinds.iter().enumerate() {
            for b in &kinds[i + 1..] {
                let ta = JSON_TOKENS.iter().find(|t| t.kind == *a).expect("kind");
                let tb = JSON_TOKENS.iter().find(|t| t.kind == *b).expect("kind");
                assert_ne!(ta.light, tb.light, "{a} vs {b}");
                assert_ne!(ta.dark, tb.dark, "{a} vs {b}");
            }
        }
        assert!((contrast_ratio("#000000", "#ffffff").expect("hex") - 21.0).abs() < 1e-9);
    }
}
