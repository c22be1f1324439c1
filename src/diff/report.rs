//! What a comparison finds, as plain data: the aligned steps, their status,
//! their classified differences with locations in both files, and the rows a
//! side-by-side view draws. Every output format reads only these types, so
//! they are serializable and hold no references into the project.

use crate::diag::render::Location;
use crate::diag::{Code, Diagnostic};
use serde::Serialize;

/// How a difference is classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// The content differs on both sides: drift.
    Changed,
    /// Content only the left side has: drift.
    OnlyLeft,
    /// Content only the right side has: drift.
    OnlyRight,
    /// A difference an `equivalent` rule (or identical literalincluded
    /// files) explains: not drift.
    Expected,
    /// Markup or whitespace only (`#.` item vs `.. step::`): not drift,
    /// reported only with `show_markup`.
    Markup,
    /// An include or literalinclude that could not be read on one side or
    /// both: the content cannot be compared (never equal; the missing file
    /// is also an `include-not-found` error, exit status 2).
    Unresolved,
}

impl Class {
    /// The name as printed (`only-left`).
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Changed => "changed",
            Class::OnlyLeft => "only-left",
            Class::OnlyRight => "only-right",
            Class::Expected => "expected",
            Class::Markup => "markup",
            Class::Unresolved => "unresolved",
        }
    }

    /// Whether this class is drift (changed, only-left, only-right).
    pub fn is_drift(self) -> bool {
        matches!(self, Class::Changed | Class::OnlyLeft | Class::OnlyRight)
    }
}

/// The status of an aligned step (or of a whole pair).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// No differences (markup aside).
    Equal,
    /// Only expected differences.
    Expected,
    /// Drift: at least one changed, only-left or only-right difference.
    Changed,
    /// The step exists on the left only.
    OnlyLeft,
    /// The step exists on the right only.
    OnlyRight,
    /// No drift found, but some content could not be read (an unresolved
    /// include): the step cannot be called equal.
    Unresolved,
}

impl Status {
    /// The name as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Equal => "equal",
            Status::Expected => "expected",
            Status::Changed => "changed",
            Status::OnlyLeft => "only-left",
            Status::OnlyRight => "only-right",
            Status::Unresolved => "unresolved",
        }
    }

    /// Whether this status is drift.
    pub fn is_drift(self) -> bool {
        matches!(self, Status::Changed | Status::OnlyLeft | Status::OnlyRight)
    }

    /// The status of content with these differences: drift first, then
    /// unresolved includes, then expected differences.
    pub fn from_counts(c: &Counts) -> Status {
        if c.drift() > 0 {
            Status::Changed
        } else if c.unresolved > 0 {
            Status::Unresolved
        } else if c.expected > 0 {
            Status::Expected
        } else {
            Status::Equal
        }
    }
}

/// Differences counted by class.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// `changed` differences.
    pub changed: usize,
    /// `only-left` differences.
    pub only_left: usize,
    /// `only-right` differences.
    pub only_right: usize,
    /// `expected` differences.
    pub expected: usize,
    /// `markup` differences (only counted with `show_markup`).
    pub markup: usize,
    /// `unresolved` includes (content that could not be compared).
    pub unresolved: usize,
}

impl Counts {
    /// Counts one difference.
    pub fn add(&mut self, c: Class) {
        match c {
            Class::Changed => self.changed += 1,
            Class::OnlyLeft => self.only_left += 1,
            Class::OnlyRight => self.only_right += 1,
            Class::Expected => self.expected += 1,
            Class::Markup => self.markup += 1,
            Class::Unresolved => self.unresolved += 1,
        }
    }

    /// Adds another count.
    pub fn merge(&mut self, o: &Counts) {
        self.changed += o.changed;
        self.only_left += o.only_left;
        self.only_right += o.only_right;
        self.expected += o.expected;
        self.markup += o.markup;
        self.unresolved += o.unresolved;
    }

    /// Number of drift differences.
    pub fn drift(&self) -> usize {
        self.changed + self.only_left + self.only_right
    }
}

/// One side of a difference: where it is, and the text there. For content
/// one side lacks, the location on that side is where it would go and the
/// text is `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// File, line and column (1-based).
    #[serde(flatten)]
    pub at: Location,
    /// The differing text on this side (words, lines, or a whole block).
    pub text: Option<String>,
}

/// One classified difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// How it is classified.
    pub class: Class,
    /// What differs: `paragraph`, `step heading`, `code`, `list item`,
    /// `label`, `link target`, `literalinclude path`, `step position`, …
    pub what: String,
    /// The blocks it is inside, outermost first (`important “Title”`).
    pub context: Vec<String>,
    /// The left side.
    pub left: Place,
    /// The right side.
    pub right: Place,
    /// Unchanged words just before a word-level change (from the right).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub before: String,
    /// Unchanged words just after a word-level change (from the right).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub after: String,
    /// For `expected`: the rules that explain it, `[left, right]`, expanded.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<[String; 2]>,
    /// Anything else worth saying (`the included files are identical`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One side of an aligned step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepSide {
    /// 1-based step number on this side; `None` for the text around the steps.
    pub number: Option<usize>,
    /// The heading (plain text), or `(before the steps)` and the like.
    pub heading: String,
    /// How it is written (`procedure step`, `list item a.`).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub markup: String,
    /// Where it starts.
    #[serde(flatten)]
    pub at: Location,
}

/// How a word, line or block is shown in a side-by-side row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    /// The same on both sides.
    Same,
    /// Drift.
    Changed,
    /// Explained by a rule.
    Expected,
    /// Markup or whitespace only.
    Markup,
}

/// A run of words (or one code line) with one mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seg {
    /// The text.
    pub text: String,
    /// How to show it.
    pub mark: Mark,
}

/// What a row shows, which decides how its lines are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    /// Running text: one line of words.
    Text,
    /// A box's kind and title (admonition, directive, nested step).
    Header,
    /// Code: one segment per line, whitespace kept.
    Code,
    /// List items or table rows: one line each.
    List,
    /// A label.
    Label,
}

/// One aligned block in the side-by-side view.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    /// Nesting depth inside the step (0 for the step's own blocks).
    pub depth: usize,
    /// How to draw it.
    pub kind: RowKind,
    /// What it is (`paragraph`, `important “Title”`).
    pub what: String,
    /// The most serious class of its differences; `None` when equal.
    pub class: Option<Class>,
    /// Lines of segments on the left; `None` when the block is right-only.
    pub left: Option<Vec<Vec<Seg>>>,
    /// Lines of segments on the right; `None` when the block is left-only.
    pub right: Option<Vec<Vec<Seg>>>,
}

/// One aligned step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepDiff {
    /// Equal, expected, changed, only-left or only-right.
    pub status: Status,
    /// Whether the step is at another position on the right than the
    /// surrounding steps lead to expect (reordered steps).
    pub moved: bool,
    /// The left step, if any.
    pub left: Option<StepSide>,
    /// The right step, if any.
    pub right: Option<StepSide>,
    /// Its differences counted by class.
    pub counts: Counts,
    /// Its differences, in reading order.
    pub differences: Vec<Difference>,
    /// The side-by-side rows (for HTML; not in JSON).
    #[serde(skip)]
    pub rows: Vec<Row>,
}

impl StepDiff {
    /// A one-line title: `2. Create an IAM User` (right side preferred).
    pub fn title(&self) -> String {
        let side = self.right.as_ref().or(self.left.as_ref());
        match side {
            Some(s) => match s.number {
                Some(n) => format!("{n}. {}", s.heading),
                None => s.heading.clone(),
            },
            None => String::new(),
        }
    }

    /// The heading alone (right side preferred), for output that shows
    /// the number separately.
    pub fn heading(&self) -> String {
        self.right
            .as_ref()
            .or(self.left.as_ref())
            .map(|s| s.heading.clone())
            .unwrap_or_default()
    }

    /// `step 3` / `step 2 → 3` / `left step 4` numbering for output.
    pub fn numbering(&self) -> String {
        let l = self.left.as_ref().and_then(|s| s.number);
        let r = self.right.as_ref().and_then(|s| s.number);
        match (l, r) {
            (Some(a), Some(b)) if a == b => format!("step {a}"),
            (Some(a), Some(b)) => format!("step {a} → {b}"),
            (Some(a), None) => format!("step {a} (left)"),
            (None, Some(b)) => format!("step {b} (right)"),
            (None, None) => "-".into(),
        }
    }
}

/// The comparison of two files.
#[derive(Clone, Debug, Serialize)]
pub struct DiffReport {
    /// Left file, relative to the root.
    pub left: String,
    /// Right file, relative to the root.
    pub right: String,
    /// Equal, expected (expected differences only) or changed (drift).
    pub status: Status,
    /// All differences counted by class.
    pub counts: Counts,
    /// The `equivalent` rules used, constants expanded.
    pub rules: Vec<[String; 2]>,
    /// The aligned steps, in reading order.
    pub steps: Vec<StepDiff>,
    /// Problems found loading the two files (printed by the caller).
    #[serde(skip)]
    pub diags: Vec<Diagnostic>,
    /// The titles of the pages showing the left and right file, when known
    /// (site comparison pages name the pair by them).
    #[serde(skip)]
    pub titles: Option<[String; 2]>,
}

/// Diagnostic codes that mean the compared content is incomplete: the
/// comparison cannot be trusted (exit status 2).
const TROUBLE: &[Code] = &[
    Code::IncludeNotFound,
    Code::IoError,
    Code::InvalidUtf8,
    Code::PathOutsideRoot,
    Code::IncludeCycle,
    Code::IncludeTooDeep,
];

impl DiffReport {
    /// Whether there is drift (differences beyond expected and markup ones).
    pub fn has_drift(&self) -> bool {
        self.status.is_drift()
    }

    /// Loading errors that make the comparison incomplete (a missing
    /// include or literalinclude, an unreadable file).
    pub fn trouble(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diags
            .iter()
            .filter(|d| d.is_error() && TROUBLE.contains(&d.code))
    }
}

/// Several comparisons: `--all` (every configured pair), `--pair-dirs`
/// (every file with the same relative path in two folders), or one pair.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DiffSet {
    /// For `--pair-dirs`: the left folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_dir: Option<String>,
    /// For `--pair-dirs`: the right folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right_dir: Option<String>,
    /// The comparisons.
    pub pairs: Vec<DiffReport>,
    /// Files only in the left folder (relative to it).
    pub only_left: Vec<String>,
    /// Files only in the right folder (relative to it).
    pub only_right: Vec<String>,
    /// Pairs that could not be compared (a file missing, a bad rule).
    #[serde(skip)]
    pub errors: Vec<Diagnostic>,
}

impl From<DiffReport> for DiffSet {
    fn from(r: DiffReport) -> Self {
        DiffSet {
            pairs: vec![r],
            ..DiffSet::default()
        }
    }
}

impl DiffSet {
    /// Whether any pair drifted or any file is on one side only.
    pub fn has_drift(&self) -> bool {
        self.pairs.iter().any(DiffReport::has_drift)
            || !self.only_left.is_empty()
            || !self.only_right.is_empty()
    }

    /// Errors that mean the comparison is incomplete: pairs that could not
    /// be compared, and loading errors inside compared files.
    pub fn trouble(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.errors.iter().collect();
        for p in &self.pairs {
            v.extend(p.trouble());
        }
        v
    }

    /// Every diagnostic to print: the errors, then each pair's loading
    /// diagnostics (duplicates removed).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut v: Vec<Diagnostic> = self.errors.clone();
        for p in &self.pairs {
            v.extend(p.diags.iter().cloned());
        }
        let mut seen = std::collections::HashSet::new();
        v.retain(|d| seen.insert((d.code, d.span, d.message.clone())));
        v
    }

    /// The exit status, like diff(1): 0 no drift (expected differences
    /// only), 1 drift, 2 trouble.
    pub fn exit_code(&self) -> u8 {
        if !self.trouble().is_empty() {
            2
        } else if self.has_drift() {
            1
        } else {
            0
        }
    }

    /// All differences of all pairs counted by class.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for p in &self.pairs {
            c.merge(&p.counts);
        }
        c
    }
}
