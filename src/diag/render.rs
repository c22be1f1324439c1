//! Renders diagnostics for people (source line and caret), for machines
//! (one JSON object per line) and for GitHub Actions (workflow annotations).

use super::excerpt::{printable, Excerpt};
use super::{Diagnostic, Severity};
use crate::text::{SourceDb, SourceFile, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;
use std::io::Write;
use std::ops::Range;

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Source excerpt with a caret, for people.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions `::error file=…` annotations.
    Github,
}

/// Where a span lands, in 1-based lines and columns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Location {
    /// File path relative to the docs root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
}

/// Resolves a span to a file, line and column (an unknown file gives
/// `?` and line 0).
pub fn locate(db: &SourceDb, span: Span) -> Location {
    match db.try_get(span.file) {
        Some(f) => location(&f, span),
        None => Location {
            file: "?".into(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
        },
    }
}

/// The location of a span in a file.
pub fn location(f: &SourceFile, span: Span) -> Location {
    let (line, column) = f.line_col(span.start as usize);
    let (end_line, end_column) = f.line_col(span.end as usize);
    Location {
        file: f.rel_path.clone(),
        line,
        column,
        end_line,
        end_column,
    }
}

/// A diagnostic flattened for JSON output.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: &'a Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<&'a str>,
}

/// Sorts diagnostics by file, position and code so output is deterministic.
pub fn sort(db: &SourceDb, diags: &mut [Diagnostic]) {
    diags.sort_by_cached_key(|d| {
        let loc = d.span.map(|s| {
            let l = locate(db, s);
            (l.file, l.line, l.column)
        });
        (loc, d.code, d.message.clone())
    });
}

/// Writes diagnostics in the chosen format.
pub fn emit(
    db: &SourceDb,
    diags: &[Diagnostic],
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => {
            for d in diags {
                writeln!(out, "{}", to_json(db, d))?;
            }
        }
        Format::Github => {
            for d in diags {
                writeln!(out, "{}", to_github(db, d))?;
            }
        }
        Format::Human => {
            let config = term::Config::default();
            let mut writer: Box<dyn term::termcolor::WriteColor + '_> = if color {
                Box::new(term::termcolor::Ansi::new(&mut *out))
            } else {
                Box::new(term::termcolor::NoColor::new(&mut *out))
            };
            for d in super::cap::for_people(diags).iter() {
                let file = d.span.and_then(|s| db.try_get(s.file));
                let excerpt = match (&file, d.span) {
                    (Some(f), Some(s)) => Some(ExcerptFile {
                        name: printable(&f.rel_path).into_owned(),
                        excerpt: Excerpt::new(f, s.start as usize, s.end as usize),
                    }),
                    _ => None,
                };
                let cs = to_codespan(d, excerpt.as_ref().map(|e| e.excerpt.label.clone()));
                let files = excerpt.unwrap_or_else(ExcerptFile::empty);
                term::emit(&mut *writer, &config, &files, &cs)
                    .map_err(|e| std::io::Error::other(e.to_string()))?;
            }
        }
    }
    Ok(())
}

/// One diagnostic as a single-line JSON object.
pub fn to_json(db: &SourceDb, d: &Diagnostic) -> String {
    let loc = d.span.map(|s| locate(db, s));
    let j = JsonDiagnostic {
        severity: d.severity,
        code: d.code.as_str(),
        message: &d.message,
        help: d.help.as_deref(),
        file: loc.as_ref().map(|l| l.file.clone()),
        line: loc.as_ref().map(|l| l.line),
        column: loc.as_ref().map(|l| l.column),
        end_line: loc.as_ref().map(|l| l.end_line),
        end_column: loc.as_ref().map(|l| l.end_column),
        notes: &d.notes,
        pointer: d.pointer.as_deref(),
        schema: d.schema.as_deref(),
    };
    serde_json::to_string(&j).unwrap_or_default()
}

fn github_escape(s: &str, property: bool) -> String {
    let mut s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        s = s.replace(':', "%3A").replace(',', "%2C");
    }
    s
}

/// One diagnostic as a GitHub Actions workflow command.
pub fn to_github(db: &SourceDb, d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut msg = format!("{} [{}]", d.message, d.code);
    if let Some(h) = &d.help {
        msg.push_str("\nhelp: ");
        msg.push_str(h);
    }
    match d.span.map(|s| locate(db, s)) {
        Some(l) => format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            github_escape(&l.file, true),
            l.line,
            l.column,
            l.end_line,
            l.end_column,
            github_escape(d.code.as_str(), true),
            github_escape(&msg, false)
        ),
        None => format!(
            "::{level} title={}::{}",
            github_escape(d.code.as_str(), true),
            github_escape(&msg, false)
        ),
    }
}

fn to_codespan(d: &Diagnostic, label: Option<Range<usize>>) -> cs::Diagnostic<()> {
    let mut c = match d.severity {
        Severity::Error => cs::Diagnostic::error(),
        Severity::Warning => cs::Diagnostic::warning(),
    }
    .with_code(d.code.as_str())
    .with_message(printable(&d.message));
    if let Some(range) = label {
        c = c.with_labels(vec![cs::Label::primary((), range)]);
    }
    let mut notes: Vec<String> = d.notes.iter().map(|n| printable(n).into_owned()).collect();
    if let Some(p) = &d.pointer {
        notes.push(format!("at JSON pointer {}", printable(p)));
    }
    if let Some(h) = &d.help {
        notes.push(format!("help: {}", printable(h)));
    }
    c.with_notes(notes)
}

/// The one "file" codespan sees for a diagnostic: its bounded, printable
/// excerpt, numbered with the original file's lines and columns.
struct ExcerptFile {
    name: String,
    excerpt: Excerpt,
}

impl ExcerptFile {
    fn empty() -> Self {
        ExcerptFile {
            name: String::new(),
            excerpt: Excerpt {
                text: String::new(),
                line_starts: vec![0],
                first_line: 0,
                label: 0..0,
                start: (1, 1),
            },
        }
    }
}

impl<'a> Files<'a> for ExcerptFile {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(&self.excerpt.text)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.excerpt.line_index(byte_index))
    }

    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, FilesError> {
        Ok(self.excerpt.first_line + line_index + 1)
    }

    fn column_number(
        &'a self,
        _: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        if line_index == 0 && byte_index == self.excerpt.label.start {
            return Ok(self.excerpt.start.1);
        }
        let range = self.line_range((), line_index)?;
        let to = byte_index.clamp(range.start, range.end);
        let text = &self.excerpt.text;
        let from = range.start.min(to);
        Ok(text.get(from..to).map_or(0, |s| s.chars().count()) + 1)
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        self.excerpt
            .line_range(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.excerpt.line_starts.len().saturating_sub(1),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use std::path::PathBuf;

    /// A database holding one file, and a span over `needle` in it.
    fn located(rel: &str, text: &str, needle: &str) -> (SourceDb, Span) {
        let db = SourceDb::new();
        let f = db.add(rel.into(), PathBuf::new(), text.into());
        let start = text.find(needle).expect("needle in text");
        let span = Span::new(f.id, start, start + needle.len());
        (db, span)
    }

    #[test]
    fn github_annotation_has_the_location_title_and_message() {
        let (db, span) = located("source/index.rst", "Title\n=====\n\nSee {+x+}.\n", "{+x+}");
        let d = Diagnostic::error(Code::UndefinedConstant, "undefined constant `x`")
            .with_span(span)
            .with_help("define it in [constants]");
        assert_eq!(
            to_github(&db, &d),
            "::error file=source/index.rst,line=4,col=5,endLine=4,endColumn=10,\
             title=undefined-constant::undefined constant `x` [undefined-constant]\
             %0Ahelp: define it in [constants]"
        );
    }

    #[test]
    fn github_escapes_percent_cr_and_lf_in_the_message() {
        let (db, span) = located("a.rst", "x\n", "x");
        let d = Diagnostic::warning(Code::UnknownRole, "100% of\r\nlines\rand\nmore")
            .with_span(span)
            .with_help("a: b, c");
        let line = to_github(&db, &d);
        assert_eq!(
            line,
            "::warning file=a.rst,line=1,col=1,endLine=1,endColumn=2,title=unknown-role::\
             100%25 of%0D%0Alines%0Dand%0Amore [unknown-role]%0Ahelp: a: b, c"
        );
        // One annotation is one line, whatever the message holds.
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn github_escapes_comma_colon_and_percent_in_the_file_property() {
        // `,` would start a new property and `:` (as `::`) would end them.
        let (db, span) = located("inc/a,b::c%d.rst", "x\n", "x");
        let d =
            Diagnostic::error(Code::IncludeNotFound, "message: with, punctuation").with_span(span);
        let line = to_github(&db, &d);
        assert!(
            line.starts_with("::error file=inc/a%2Cb%3A%3Ac%25d.rst,line=1,col=1,"),
            "{line}"
        );
        // In the message (data), `:` and `,` stay as they are.
        assert!(
            line.ends_with("::message: with, punctuation [include-not-found]"),
            "{line}"
        );
        // Exactly one `::` separates the properties from the message.
        let props = line.strip_prefix("::error ").expect("command");
        assert_eq!(props.matches("::").count(), 1, "{line}");
    }

    #[test]
    fn github_annotation_without_a_location_uses_the_title_only_form() {
        let db = SourceDb::new();
        let d = Diagnostic::error(Code::IoError, "cannot write: 50% done\nstopped");
        assert_eq!(
            to_github(&db, &d),
            "::error title=io-error::cannot write: 50%25 done%0Astopped [io-error]"
        );
    }

    #[test]
    fn github_emit_writes_one_line_per_diagnostic() {
        let (db, span) = located("a.rst", "x\ny\n", "y");
        let diags = [
            Diagnostic::warning(Code::UnknownRole, "one\ntwo").with_span(span),
            Diagnostic::error(Code::IoError, "three"),
        ];
        let mut out = Vec::new();
        emit(&db, &diags, Format::Github, false, &mut out).expect("emit");
        let text = String::from_utf8(out).expect("UTF-8");
        assert_eq!(
            text,
            "::warning file=a.rst,line=2,col=1,endLine=2,endColumn=2,title=unknown-role::\
             one%0Atwo [unknown-role]\n::error title=io-error::three [io-error]\n"
        );
    }
}
