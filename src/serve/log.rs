//! Where `procdoc serve` writes its messages (progress, rebuild summaries,
//! diagnostics, connection warnings): standard error for the command, or a
//! channel, so that tests and benchmarks can read them (and wait for one)
//! instead of printing real-looking `error[...]` lines.

use crate::diag::render::{emit, Format};
use crate::diag::Diagnostic;
use crate::text::SourceDb;
use std::sync::mpsc::Sender;

/// Where the server's messages go.
#[derive(Clone, Debug, Default)]
pub enum LogSink {
    /// Standard error, one line per message (the command).
    #[default]
    Stderr,
    /// Each message is sent here as one string without its final newline
    /// (a diagnostic block may hold several lines). Messages sent after the
    /// receiver is gone are dropped.
    Channel(Sender<String>),
}

impl LogSink {
    /// Writes one message.
    pub(crate) fn line(&self, msg: impl std::fmt::Display) {
        match self {
            LogSink::Stderr => eprintln!("{msg}"),
            LogSink::Channel(tx) => {
                let _ = tx.send(msg.to_string());
            }
        }
    }

    /// Writes diagnostics in the human format (source line and caret).
    pub(crate) fn diags(&self, db: &SourceDb, diags: &[Diagnostic]) {
        if diags.is_empty() {
            return;
        }
        match self {
            LogSink::Stderr => {
                let _ = emit(
                    db,
                    diags,
                    Format::Human,
                    false,
                    &mut std::io::stderr().lock(),
                );
            }
            LogSink::Channel(tx) => {
                let mut buf = Vec::new();
                let _ = emit(db, diags, Format::Human, false, &mut buf);
                let _ = tx.send(String::from_utf8_lossy(&buf).trim_end().to_string());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use std::path::PathBuf;

    #[test]
    fn channel_sink_gets_messages_and_diagnostics() {
        let (tx, rx) = std::sync::mpsc::channel();
        let log = LogSink::Channel(tx);
        log.line(format_args!("built {} page(s)", 2));
        let db = SourceDb::new();
        let f = db.add("a.rst".into(), PathBuf::new(), "ab {+x+}\n".into());
        let d = Diagnostic::error(Code::UndefinedConstant, "undefined constant `x`")
            .with_span(crate::text::Span::new(f.id, 3, 8));
        log.diags(&db, &[d]);
        log.diags(&db, &[]);
        assert_eq!(rx.try_recv().unwrap(), "built 2 page(s)");
        let block = rx.try_recv().unwrap();
        assert!(block.contains("undefined-constant"), "{block}");
        assert!(block.contains("a.rst:1:4"), "{block}");
        assert!(rx.try_recv().is_err(), "no message for no diagnostics");
    }
}
