//! `procdoc test` (runner being assembled).

pub mod extract;
pub mod lints;
pub mod locate;
pub mod schemas;
pub mod secrets;
