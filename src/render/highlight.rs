//! Syntax highlighting of code blocks as CSS classes: JavaScript and JSON
//! (`highlight/js.rs`), shell (`highlight/shell.rs`) and Python
//! (`highlight/python.rs`) with hand-written lexers, every other language
//! with [syntect].
//!
//! syntect parses code line by line, keeping the parser state across
//! lines. Each character's scope stack is reduced to one token kind
//! (`highlight/palette.rs`: comment, string, number, keyword, function,
//! name, or plain), and each line is written as runs of one kind
//! (`highlight/run.rs`, shared with the lexer): one `<span class="hl-s">`
//! per run, plain text bare, every span closed at the line's end so a
//! line's HTML can be wrapped on its own (emphasized lines). [`theme_css`]
//! gives the classes' colours for a light and a dark scheme.
//!
//! syntect's grammars use backtracking regexes, so hostile input could be
//! slow: blocks over [`MAX_BYTES`] or with a line over [`MAX_LINE_CHARS`]
//! characters are not highlighted (in every language, so the limits do not
//! depend on which path a language takes), and any highlighting error or
//! panic falls back to plain text ([`highlight_lines`] returns `None`).
//!
//! Cost (2021 Manual, about 5,400 `javascript`/`json` blocks, 1.2 MB):
//! with syntect alone, highlighting was about a third of the build's CPU,
//! nearly all of it in syntect's parser and Oniguruma's matcher. The lexer
//! highlights those blocks in 14 ms instead of syntect's 1.08 s (release,
//! `cargo test --release --lib corpus_agreement -- --ignored --nocapture`),
//! giving each non-space character the kind syntect gives it 99.6% of the
//! time. Whole build (`procdoc build -q`, median of 6 runs on a shared
//! 2-core machine): Manual user CPU 2.15 s to 1.10 s (user+sys 3.06 s to
//! 2.00 s, wall 1.6 s to 1.1 s); the 5,000-page generated project user CPU
//! 1.34 s to 1.15 s. The shell and Python lexers agree with syntect on 93%
//! of characters of the Manual's 776 shell and 13 Python blocks (many
//! `sh` blocks there hold mongosh or C text, which neither reads well) and
//! take 1.3 ms instead of 58 ms (`highlight/agreement.rs`). Repeated
//! blocks come from `highlight/cache.rs`.

#[cfg(test)]
mod agreement;
mod cache;
mod js;
pub mod palette;
mod python;
mod run;
mod shell;
#[cfg(test)]
mod testing;

use palette::State;
use run::Run;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;
use syntect::parsing::{BasicScopeStackOp, ParseState, ScopeStack, SyntaxReference, SyntaxSet};

/// Prefix of every highlighting class.
pub const CLASS_PREFIX: &str = "hl-";

/// Blocks larger than this many bytes are shown as plain text.
pub const MAX_BYTES: usize = 64 * 1024;

/// Blocks with a line longer than this many characters are shown as plain
/// text.
pub const MAX_LINE_CHARS: usize = 4_000;

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
        if let Some(lang) = js::lang_for(language) {
            return Some(js::highlight(code, lang));
        }
        match syntax_name(language)? {
            "Bourne Again Shell (bash)" => return Some(from_tokens(shell::tokens(code))),
            "Python" => return Some(from_tokens(python::tokens(code))),
            _ => {}
        }
        let syntax = syntax_for(language, code)?;
        highlight_with(code, syntax)
    }))
    .ok()
    .flatten()
}

/// The HTML lines of a hand-written lexer's pieces (`shell`, `python`).
fn from_tokens(lines: Vec<Vec<(palette::Kind, &str)>>) -> Vec<String> {
    lines
        .into_iter()
        .map(|pieces| {
            let mut run = Run::new(pieces.iter().map(|(_, t)| t.len()).sum());
            for (kind, text) in pieces {
                run.push(kind, text);
            }
            run.finish()
        })
        .collect()
}

fn highlight_with(code: &str, syntax: &SyntaxReference) -> Option<Vec<String>> {
    let ss = syntax_set();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    // The colour state inside each open scope, in step with `stack`.
    let mut states: Vec<State> = Vec::with_capacity(16);
    let mut out = Vec::new();
    let mut buf = String::new();
    for line in code.split('\n') {
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let ops = state.parse_line(&buf, ss).ok()?;
        let mut html = Run::new(line.len());
        let mut cur = 0;
        for (i, op) in &ops {
            // The newline is not shown: clamp to the line's text.
            let i = (*i).min(line.len());
            if i > cur {
                let inside = states.last().copied().unwrap_or(State::PLAIN);
                let text = line.get(cur..i)?;
                html.push(inside.kind_of(text), text);
                cur = i;
            }
            stack
                .apply_with_hook(op, |basic, _| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        let outer = states.last().copied().unwrap_or(State::PLAIN);
                        states.push(outer.enter(palette::role(scope)));
                    }
                    // A pop on an empty stack closes nothing.
                    BasicScopeStackOp::Pop => {
                        states.pop();
                    }
                })
                .ok()?;
        }
        let inside = states.last().copied().unwrap_or(State::PLAIN);
        let text = line.get(cur..)?;
        html.push(inside.kind_of(text), text);
        out.push(html.finish());
    }
    Some(out)
}

/// CSS for the highlighting classes, light by default and dark under
/// `@media (prefers-color-scheme: dark)` (see `highlight/palette.rs`).
/// Generated once.
pub fn theme_css() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(palette::css)
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
        assert!(html.contains("<span class=\"hl-s\">"), "{html}");
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
        assert_eq!(lines[1], "<span class=\"hl-c\">   two</span>");
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
        assert!(php[0].contains("<span class=\"hl-m\">1</span>"), "{php:?}");
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
    fn theme_css_is_the_palette() {
        let css = theme_css();
        assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
        for t in palette::TOKENS {
            assert!(css.contains(&format!(".hl-code .{} {{", t.class)), "{css}");
        }
    }

    #[test]
    fn one_span_per_run_and_one_class_per_kind_at_every_depth() {
        // Keys are one colour with their quotes, at every depth; plain
        // punctuation and whitespace carry no span.
        let nested = highlight_lines("{\"a\": {\"b\": 1}, \"c\": \"d\"}", "json").expect("hl");
        assert_eq!(
            nested[0],
            "{<span class=\"hl-n\">&quot;a&quot;</span>: {<span class=\"hl-n\">&quot;b&quot;</span>: \
             <span class=\"hl-m\">1</span>}, <span class=\"hl-n\">&quot;c&quot;</span>: \
             <span class=\"hl-s\">&quot;d&quot;</span>}"
        );
        let py =
            highlight_lines("def f(x):\n    return x and \"s\"  # done", "python").expect("hl");
        assert_eq!(
            py,
            [
                "<span class=\"hl-k\">def</span> <span class=\"hl-f\">f</span>(x):",
                "    <span class=\"hl-k\">return</span> x <span class=\"hl-k\">and</span> \
                 <span class=\"hl-s\">&quot;s&quot;</span>  <span class=\"hl-c\"># done</span>"
            ]
        );
        // A string's interpolated code is code again.
        let js = highlight_lines("let s = `a ${f(1)} b`;", "js").expect("hl");
        assert!(js[0].contains("<span class=\"hl-f\">f</span>"), "{js:?}");
        assert!(js[0].contains("<span class=\"hl-m\">1</span>"), "{js:?}");
    }

    #[test]
    fn shell_and_python_take_their_lexers() {
        let sh = "sudo mongod --port 27017 2>&1 # start";
        for l in ["sh", "bash", "shell", "console", "zsh"] {
            assert_eq!(
                highlight_lines(sh, l).unwrap(),
                from_tokens(shell::tokens(sh)),
                "{l}"
            );
        }
        let py = "def f(x):\n    return len(x)";
        for l in ["python", "py", "python3"] {
            assert_eq!(
                highlight_lines(py, l).unwrap(),
                from_tokens(python::tokens(py)),
                "{l}"
            );
        }
        assert_eq!(
            highlight_lines(sh, "sh").unwrap(),
            ["<span class=\"hl-f\">sudo</span> mongod --port 27017 <span class=\"hl-m\">2</span>&gt;&amp;<span class=\"hl-m\">1</span> <span class=\"hl-c\"># start</span>"]
        );
    }
}
