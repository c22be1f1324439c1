//! Integration tests for `procdoc build`, run against the real binary.
//!
//! Laid out like mdBook's `tests/testsuite/`: one test binary, one module per
//! area, fixture projects in `tests/fixtures/<name>/` and insta snapshots in
//! `tests/testsuite/snapshots/`. Accept new or changed snapshots with
//! `INSTA_UPDATE=always cargo test --test testsuite`, then read every changed
//! `.snap` file before committing it: a snapshot of wrong output is a bug
//! report, not a test.
//!
//! Tests named after a bug and marked `#[ignore = "bug: …"]` pin a known
//! defect in `src/`; un-ignore them when the bug is fixed.

mod build;
mod bundled;
#[path = "../common/mod.rs"]
mod common;
mod constructs;
mod diagnostics;
mod dialect;
mod extract;
mod giza;
mod hostile;
mod markdown_consistency;
mod media;
mod references;
mod security;
mod support;
mod toctree;
mod variants;
