//! Writes a generated project for benchmarks and scale tests:
//! `cargo run --release --example gen_project -- DIR PAGES [SEED]`.
#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(n)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_project DIR PAGES [SEED]");
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("PAGES must be a number");
        std::process::exit(2);
    };
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(1);
    common::generate_varied_project(std::path::Path::new(&dir), n, seed);
}
