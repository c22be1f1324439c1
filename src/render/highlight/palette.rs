//! Token kinds of highlighted code, the scopes that map to them, and their
//! colours in the light and the dark scheme.
//!
//! syntect describes every character by a stack of TextMate scopes
//! (`source.json meta.structure.dictionary.key.json string.quoted…`).
//! Writing that stack into the HTML made code blocks the largest part of a
//! page (every line reopened every open scope as a `<span>` with a long
//! list of classes). What a reader sees is only a handful of colours, so
//! the stack is reduced here to one [`Kind`] and the HTML carries one short
//! class per run of same-coloured text (`<span class="hl-s">`); plain text
//! carries none. [`css`] is the whole stylesheet for those classes, the
//! same at every nesting depth and in every language.

use std::cell::RefCell;
use std::collections::HashMap;
use syntect::parsing::Scope;

/// What a run of code is, as far as its colour goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Identifiers, punctuation, operators, whitespace: no span.
    Plain,
    /// Comments, including their delimiters.
    Comment,
    /// String literals with their quotes and escapes.
    String,
    /// Numbers and constants (`true`, `null`, `None`).
    Number,
    /// Keywords, storage words (`def`, `const`, `int`), `this`/`self`,
    /// word operators (`and`, `in`, `new`).
    Keyword,
    /// Function and method names, defined or called.
    Function,
    /// Keys (JSON, YAML), type and class names, markup tags and attributes.
    Name,
}

/// A token kind's class and colours.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// The kind.
    pub kind: Kind,
    /// What it colours, for people.
    pub what: &'static str,
    /// The class, `hl-` and one letter.
    pub class: &'static str,
    /// Colour on the light code background ([`CODE_BG`]`.0`).
    pub light: &'static str,
    /// Colour on the dark code background ([`CODE_BG`]`.1`).
    pub dark: &'static str,
}

/// The code-block backgrounds of `templates/style.css` (`--code-bg`), light
/// and dark: every [`TOKENS`] colour has WCAG AA contrast (4.5:1) on them.
pub const CODE_BG: (&str, &str) = ("#f5f7f8", "#112733");

/// The text colours of `templates/style.css` (`--fg`), which plain code
/// keeps: every [`TOKENS`] colour differs from them.
pub const CODE_FG: (&str, &str) = ("#1c2d38", "#e7eef0");

/// Every coloured kind ([`Kind::Plain`] is not here: it has no class).
/// Never bold or italic, so nesting never shows as weight.
pub const TOKENS: &[Token] = &[
    Token {
        kind: Kind::Comment,
        what: "comment",
        class: "hl-c",
        light: "#5c6570",
        dark: "#9aa9b0",
    },
    Token {
        kind: Kind::String,
        what: "string",
        class: "hl-s",
        light: "#0a6b2d",
        dark: "#8ddb9c",
    },
    Token {
        kind: Kind::Number,
        what: "number or constant",
        class: "hl-m",
        light: "#953800",
        dark: "#ffb070",
    },
    Token {
        kind: Kind::Keyword,
        what: "keyword",
        class: "hl-k",
        light: "#b3123b",
        dark: "#ff8da0",
    },
    Token {
        kind: Kind::Function,
        what: "function name",
        class: "hl-f",
        light: "#6f42c1",
        dark: "#d2a8ff",
    },
    Token {
        kind: Kind::Name,
        what: "key, type or tag name",
        class: "hl-n",
        light: "#0550ae",
        dark: "#8cc8ff",
    },
];

/// The class of a kind (`None` for plain text).
pub fn class(kind: Kind) -> Option<&'static str> {
    TOKENS.iter().find(|t| t.kind == kind).map(|t| t.class)
}

/// What one scope says about the text inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Nothing: the enclosing scopes decide (`meta.*`, `punctuation.*`,
    /// plain variables).
    None,
    /// A kind, replaced by a more deeply nested scope's kind.
    Kind(Kind),
    /// A comment: everything inside is comment.
    Comment,
    /// A string: everything inside is string (quotes, escapes), until
    /// embedded code.
    String,
    /// A key (JSON, YAML): everything inside, string quotes included, is a
    /// [`Kind::Name`], even inside a string (YAML marks a plain key as a
    /// string holding a tag).
    Key,
    /// An operator: a keyword if it is a word (`and`, `instanceof`),
    /// plain otherwise (`=`, `&&`).
    Operator,
    /// Embedded code (string interpolation, a script in HTML): starts
    /// afresh, as plain text.
    Embedded,
}

/// The role of a scope, from its dotted name.
pub fn role_of(scope: &str) -> Role {
    let has = |prefix: &str| {
        scope == prefix
            || (scope.starts_with(prefix) && scope.as_bytes().get(prefix.len()) == Some(&b'.'))
    };
    if has("comment") {
        Role::Comment
    } else if has("meta.structure.dictionary.key")
        || has("meta.mapping.key")
        || has("entity.name.tag.yaml")
    {
        Role::Key
    } else if has("meta.embedded")
        || has("meta.interpolation")
        || has("meta.template.expression")
        || has("source")
    {
        Role::Embedded
    } else if has("string") {
        Role::String
    } else if has("keyword.operator") {
        Role::Operator
    } else if has("keyword") || has("storage") || has("variable.language") {
        Role::Kind(Kind::Keyword)
    } else if has("constant") || has("support.constant") {
        Role::Kind(Kind::Number)
    } else if has("entity.name.function")
        || has("support.function")
        || has("variable.function")
        || has("meta.function-call.identifier")
    {
        Role::Kind(Kind::Function)
    } else if has("entity.name")
        || has("entity.other.attribute-name")
        || has("entity.other.inherited-class")
        || has("support.class")
        || has("support.type")
    {
        Role::Kind(Kind::Name)
    } else {
        Role::None
    }
}

/// [`role_of`] a scope, remembered per thread (a build sees a few thousand
/// distinct scopes; naming one allocates).
pub fn role(scope: Scope) -> Role {
    thread_local! {
        static ROLES: RefCell<HashMap<Scope, Role>> = RefCell::new(HashMap::new());
    }
    ROLES.with(|r| {
        if let Some(role) = r.borrow().get(&scope) {
            return *role;
        }
        let role = role_of(&scope.build_string());
        r.borrow_mut().insert(scope, role);
        role
    })
}

/// The colour state inside a scope: the kind so far and whether inner
/// scopes may still change it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct State {
    /// The kind of text directly inside.
    pub kind: Kind,
    /// Inside a comment, string or key: inner scopes do not recolour
    /// (except embedded code, and only outside comments).
    locked: bool,
    /// Inside a comment: nothing recolours.
    comment: bool,
    /// Inside an operator scope.
    operator: bool,
}

impl State {
    /// Outside every scope.
    pub const PLAIN: State = State {
        kind: Kind::Plain,
        locked: false,
        comment: false,
        operator: false,
    };

    /// The state inside a scope with `role` nested in this one.
    pub fn enter(self, role: Role) -> State {
        if self.comment {
            return self;
        }
        match role {
            Role::Comment => State {
                kind: Kind::Comment,
                locked: true,
                comment: true,
                operator: false,
            },
            Role::Embedded => State::PLAIN,
            Role::Key => State {
                kind: Kind::Name,
                locked: true,
                ..State::PLAIN
            },
            _ if self.locked => self,
            Role::None => self,
            Role::String => State {
                kind: Kind::String,
                locked: true,
                ..State::PLAIN
            },
            Role::Operator => State {
                kind: Kind::Plain,
                operator: true,
                ..State::PLAIN
            },
            Role::Kind(kind) => State {
                kind,
                ..State::PLAIN
            },
        }
    }

    /// The kind of `text` in this state.
    pub fn kind_of(self, text: &str) -> Kind {
        if self.operator && text.starts_with(|c: char| c.is_alphabetic()) {
            Kind::Keyword
        } else {
            self.kind
        }
    }
}

/// The stylesheet for [`TOKENS`]: light colours by default, dark ones under
/// `prefers-color-scheme: dark`.
pub fn css() -> String {
    let mut css = String::from(
        "/* ---------- syntax highlighting (generated by procdoc: one class per \
         token kind, the same in every language and at every depth) ---------- */\n\n",
    );
    let rules = |css: &mut String, dark: bool, indent: &str| {
        for t in TOKENS {
            css.push_str(&format!(
                "{indent}.hl-code .{} {{ color: {}; }} /* {} */\n",
                t.class,
                if dark { t.dark } else { t.light },
                t.what
            ));
        }
    };
    rules(&mut css, false, "");
    css.push_str("\n@media (prefers-color-scheme: dark) {\n");
    rules(&mut css, true, "  ");
    css.push_str("}\n");
    css
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

    #[test]
    fn colours_have_wcag_aa_contrast_and_differ_from_each_other_and_plain() {
        let style = include_str!("../../../templates/style.css");
        assert!(style.contains(&format!("--code-bg: {};", CODE_BG.0)));
        assert!(style.contains(&format!("--code-bg: {};", CODE_BG.1)));
        assert!(style.contains(&format!("--fg: {};", CODE_FG.0)));
        assert!(style.contains(&format!("--fg: {};", CODE_FG.1)));
        for (i, t) in TOKENS.iter().enumerate() {
            for (fg, bg) in [(t.light, CODE_BG.0), (t.dark, CODE_BG.1)] {
                let r = contrast_ratio(fg, bg).expect("hex colours");
                assert!(r >= 4.5, "{} {fg} on {bg}: {r:.2}", t.what);
            }
            assert!(t.class.starts_with("hl-") && t.class.len() == 4, "{t:?}");
            assert_ne!(t.kind, Kind::Plain);
            for o in TOKENS.iter().skip(i + 1).chain([&Token {
                kind: Kind::Plain,
                what: "plain",
                class: "",
                light: CODE_FG.0,
                dark: CODE_FG.1,
            }]) {
                assert_ne!(t.light, o.light, "{} vs {}", t.what, o.what);
                assert_ne!(t.dark, o.dark, "{} vs {}", t.what, o.what);
                assert_ne!(t.class, o.class);
            }
        }
        assert!((contrast_ratio("#000000", "#ffffff").expect("hex") - 21.0).abs() < 1e-9);
        assert_eq!(contrast_ratio("red", "#ffffff"), None);
    }

    #[test]
    fn roles_by_scope_name() {
        assert_eq!(role_of("comment.line.number-sign.python"), Role::Comment);
        assert_eq!(role_of("string.quoted.double.json"), Role::String);
        assert_eq!(role_of("meta.structure.dictionary.key.json"), Role::Key);
        assert_eq!(role_of("keyword.operator.assignment.js"), Role::Operator);
        assert_eq!(
            role_of("storage.type.function.python"),
            Role::Kind(Kind::Keyword)
        );
        assert_eq!(
            role_of("constant.numeric.integer.decimal.python"),
            Role::Kind(Kind::Number)
        );
        assert_eq!(
            role_of("support.function.builtin.python"),
            Role::Kind(Kind::Function)
        );
        assert_eq!(role_of("entity.name.tag.html"), Role::Kind(Kind::Name));
        assert_eq!(role_of("entity.name.tag.yaml"), Role::Key);
        assert_eq!(role_of("meta.interpolation.python"), Role::Embedded);
        assert_eq!(role_of("source.js"), Role::Embedded);
        // Whole atoms only: `stringify` is not a string, `sourcemap` not code.
        assert_eq!(role_of("stringify.js"), Role::None);
        assert_eq!(role_of("sourcemap"), Role::None);
        assert_eq!(role_of("punctuation.separator.json"), Role::None);
        assert_eq!(role_of("variable.other.readwrite.js"), Role::None);
    }

    #[test]
    fn strings_and_keys_keep_their_colour_inside_comments_win() {
        let key = State::PLAIN.enter(Role::Key);
        let quote = key.enter(Role::String).enter(Role::None);
        assert_eq!(quote.kind, Kind::Name);
        // YAML: a plain key is a string holding a tag.
        let yaml = State::PLAIN.enter(role_of("string.unquoted.plain.out.yaml"));
        assert_eq!(yaml.enter(role_of("entity.name.tag.yaml")).kind, Kind::Name);
        let escape = State::PLAIN
            .enter(Role::String)
            .enter(Role::Kind(Kind::Number));
        assert_eq!(escape.kind, Kind::String);
        // Interpolated code inside a string is code again.
        let interp = State::PLAIN
            .enter(Role::String)
            .enter(Role::Embedded)
            .enter(Role::Kind(Kind::Function));
        assert_eq!(interp.kind, Kind::Function);
        // Nothing recolours a comment, not even embedded code.
        let c = State::PLAIN.enter(Role::Comment).enter(Role::Embedded);
        assert_eq!(c.kind, Kind::Comment);
        let op = State::PLAIN.enter(Role::Operator);
        assert_eq!(op.kind_of("and"), Kind::Keyword);
        assert_eq!(op.kind_of("&&"), Kind::Plain);
        assert_eq!(class(Kind::Plain), None);
        assert_eq!(class(Kind::String), Some("hl-s"));
    }

    #[test]
    fn css_has_every_class_in_both_schemes() {
        let css = css();
        for t in TOKENS {
            assert!(css.contains(&format!(".hl-code .{} {{ color: {}; }}", t.class, t.light)));
            assert!(css.contains(&format!("  .hl-code .{} {{ color: {}; }}", t.class, t.dark)));
        }
        assert!(css.contains("@media (prefers-color-scheme: dark) {\n"));
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}
