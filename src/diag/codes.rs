//! The stable diagnostic codes, in one place.

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $name:literal,)*) => {
        /// A stable diagnostic code. Printed in kebab-case; never renamed.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, for documentation and tests.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as printed.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// procdoc.toml could not be read or is invalid.
    ConfigInvalid => "config-invalid",
    /// A file could not be read or written.
    IoError => "io-error",
    /// A file is not valid UTF-8.
    InvalidUtf8 => "invalid-utf8",
    /// `{+name+}` names no constant.
    UndefinedConstant => "undefined-constant",
    /// Something that looks like a constant reference but is not well formed.
    MalformedConstant => "malformed-constant",
    /// A constant's value refers to itself or to a later constant.
    ConstantCycle => "constant-cycle",
    /// A constant, or a file after constant expansion, passes the size budget.
    ConstantTooLarge => "constant-too-large",
    /// A page's output (after includes and constants) passes the size budget.
    PageTooLarge => "page-too-large",
    /// The output folder is one procdoc refuses to write into.
    OutputRefused => "output-refused",
    /// An include or literalinclude target does not exist.
    IncludeNotFound => "include-not-found",
    /// An include chain comes back to a file already being included.
    IncludeCycle => "include-cycle",
    /// A path leaves the docs root.
    PathOutsideRoot => "path-outside-root",
    /// Includes nest deeper than the limit.
    IncludeTooDeep => "include-too-deep",
    /// A start-after or end-before marker was not found.
    MarkerNotFound => "marker-not-found",
    /// A marker occurs more than once.
    MarkerAmbiguous => "marker-ambiguous",
    /// The end marker comes before the start marker.
    MarkerOrder => "marker-order",
    /// A `lines` or `emphasize-lines` value is malformed or out of range.
    LinesOutOfRange => "lines-out-of-range",
    /// A directive needs an argument it was not given.
    MissingArgument => "missing-argument",
    /// A directive was given an argument it does not take.
    UnexpectedArgument => "unexpected-argument",
    /// A directive option has an invalid value.
    InvalidOptionValue => "invalid-option-value",
    /// A directive option is not known.
    UnknownOption => "unknown-option",
    /// A directive is not known.
    UnknownDirective => "unknown-directive",
    /// A directive that takes no content has some.
    UnexpectedContent => "unexpected-content",
    /// A role is not known.
    UnknownRole => "unknown-role",
    /// Two targets with the same label.
    DuplicateLabel => "duplicate-label",
    /// An `image` or `figure` whose file does not exist.
    ImageNotFound => "image-not-found",
    /// A footnote or citation reference with no definition on the page.
    UnknownFootnote => "unknown-footnote",
    /// Tab sets of one kind on a page with a `tabs-selector` that do not
    /// all have the same tabs.
    MissingTab => "missing-tab",
    /// Two tabs of one tab set with the same `:tabid:`.
    DuplicateTabId => "duplicate-tabid",
    /// `:ref:` to a label nobody defines.
    UnknownRef => "unknown-ref",
    /// A `:ref:` without a title to a label that names no heading, so there
    /// is no text to show (snooty reports it too).
    RefWithoutTitle => "ref-without-title",
    /// `:doc:` to a page that does not exist.
    UnknownDoc => "unknown-doc",
    /// A named hyperlink reference with no target.
    UnknownTarget => "unknown-target",
    /// A substitution reference with no definition.
    UnknownSubstitution => "unknown-substitution",
    /// A substitution whose definition refers back to itself, or too many
    /// nested substitutions.
    SubstitutionCycle => "substitution-cycle",
    /// A link whose URL scheme is not allowed.
    UnsafeUrl => "unsafe-url",
    /// Indentation where none was expected.
    UnexpectedIndentation => "unexpected-indentation",
    /// A section underline shorter than its title.
    TitleUnderlineShort => "title-underline-short",
    /// A section title inside indented content.
    UnexpectedSection => "unexpected-section",
    /// Inline markup that opens but never closes.
    UnclosedMarkup => "unclosed-markup",
    /// Blocks nest deeper than the limit.
    NestingTooDeep => "nesting-too-deep",
    /// A table or list-table is malformed.
    MalformedTable => "malformed-table",
    /// A construct procdoc parses but does not render faithfully.
    Unsupported => "unsupported",
    /// An enumerated list item out of sequence.
    EnumerationSequence => "enumeration-sequence",
    /// A `step` outside a `procedure`, or other misplaced child.
    InvalidChild => "invalid-child",
    /// A template failed to render.
    TemplateError => "template-error",
    /// A JSON snippet is not valid JSON.
    JsonSyntax => "json-syntax",
    /// A JSON snippet does not match its schema.
    SchemaViolation => "schema-violation",
    /// A `[[snippets]]` schema is unknown or not a valid JSON Schema.
    SchemaInvalid => "schema-invalid",
    /// An IAM action that KMS does not have.
    UnknownAction => "unknown-action",
    /// A wildcard action (`kms:*`, `*`, `kms:Encrypt*`).
    WildcardAction => "wildcard-action",
    /// `Resource: "*"` for actions that take a key.
    WildcardResource => "wildcard-resource",
    /// A Resource that is not a KMS key ARN (or a placeholder).
    InvalidResourceArn => "invalid-resource-arn",
    /// A Principal in an identity-based policy.
    PrincipalInIdentityPolicy => "principal-in-identity-policy",
    /// Two statements with the same Sid.
    DuplicateSid => "duplicate-sid",
    /// A policy without a Version.
    MissingVersion => "missing-version",
    /// A policy grants other actions than the ones pinned in the config.
    PinnedActions => "pinned-actions",
    /// An object with the same key twice (the last one silently wins).
    DuplicateKey => "duplicate-key",
    /// A credential or private key in a snippet.
    SecretInSnippet => "secret-in-snippet",
    /// A directive that needs content has none (the text after it is not
    /// indented).
    MissingContent => "missing-content",
    /// A required directive option is missing.
    MissingOption => "missing-option",
    /// A comment that looks like a directive with a typo (`.. note:` with
    /// one colon).
    SuspiciousComment => "suspicious-comment",
    /// `:term:` to a term no glossary defines.
    UnknownTerm => "unknown-term",
    /// The `rstspec` file of the project is invalid.
    RstspecInvalid => "rstspec-invalid",
    /// A giza YAML file is not valid YAML (or exceeds a limit).
    YamlSyntax => "yaml-syntax",
    /// A giza document has a field of the wrong shape.
    GizaInvalid => "giza-invalid",
    /// `inherit:`/`source:` names a file or `ref` that does not exist.
    InheritNotFound => "inherit-not-found",
    /// `inherit:` chains form a cycle or are too deep.
    InheritCycle => "inherit-cycle",
    /// `{{name}}` has no replacement and no constant of that name.
    UndefinedReplacement => "undefined-replacement",
    /// Valid JSON that procdoc cannot check: nested deeper than 128 levels
    /// or holding a number beyond the range of a 64-bit float.
    JsonLimit => "json-limit",
    /// A `.. procdoc: allow` comment or a `[[snippets]]` `allow` that is
    /// malformed, names an unknown lint or has no reason.
    InvalidAllow => "invalid-allow",
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
