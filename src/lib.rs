//! procdoc: a documentation toolchain for MongoDB-style ("snooty")
//! reStructuredText tutorials.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! project ──► text (constants + source map) ──► rst (parse) ──► resolve ──► render
//! ```
//!
//! [`site`] runs the whole pipeline for a site. Diagnostics are data
//! ([`diag`]), gathered along the way and rendered in one place.
#![deny(missing_docs)]

pub mod assets;
pub mod diag;
pub mod dialect;
pub mod diff;
pub mod doc;
pub mod giza;
pub mod output;
pub mod project;
pub mod render;
pub mod resolve;
pub mod rst;
pub mod serve;
pub mod site;
pub mod snippets;
pub mod suggest;
pub mod text;
pub mod timings;
