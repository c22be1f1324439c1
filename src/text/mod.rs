//! Source text: files as read from disk, their line index, and constant expansion.
//!
//! Every later stage works on *expanded* text (constants replaced), but every
//! span it records is mapped back through [`SourceMap`] to the original file,
//! so diagnostics point at what the writer typed.

mod constants;
mod source;
mod sourcemap;

pub use constants::{expand_constants, Constants};
pub use source::{FileId, SourceDb, SourceFile, Span};
pub use sourcemap::SourceMap;
