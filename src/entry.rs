//! The few lines between Shopify's runtime and the engine, shared by both
//! function modules: input on stdin, output on stdout, log on stderr.

use checkout_guard::Outcome;

#[cfg(target_arch = "wasm32")]
#[path = "alloc.rs"]
mod alloc;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: alloc::Bump = alloc::Bump::new();
use std::io::{Read, Write};

pub fn run(function: fn(&[u8]) -> Outcome) {
    let mut input = Vec::new();
    // A failed read leaves the input empty; the engine then applies no rule and says why.
    let _ = std::io::stdin().read_to_end(&mut input);
    let outcome = function(&input);
    let mut stdout = std::io::stdout();
    let _ = stdout.write_all(outcome.output.as_bytes());
    // Shopify calls the export and never runs Rust's exit path: flush by hand.
    let _ = stdout.flush();
    let _ = std::io::stderr().write_all(outcome.log.as_bytes());
}
