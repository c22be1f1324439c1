//! Placeholder until the snippet benchmark lands.
fn main() {}
