//! The module Shopify runs. Each family is its own export; the engine in the
//! library does all the work and knows nothing of stdin, stdout or wasm.

use checkout_guard::Family;
use std::io::{Read, Write};

fn run_family(family: Family) {
    let mut input = Vec::new();
    // A failed read leaves the input empty; the engine then applies no rule and says why.
    let _ = std::io::stdin().read_to_end(&mut input);
    let outcome = checkout_guard::run(family, &input);
    let _ = std::io::stdout().write_all(outcome.output.as_bytes());
    if !outcome.log.is_empty() {
        let _ = std::io::stderr().write_all(outcome.log.as_bytes());
    }
}

/// Export named by `extensions/limits/shopify.extension.toml`.
#[export_name = "run_limits"]
pub extern "C" fn run_limits() {
    run_family(Family::Limits);
}

/// Export named by `extensions/address/shopify.extension.toml`.
#[export_name = "run_address"]
pub extern "C" fn run_address() {
    run_family(Family::Address);
}

/// `_start` (and the native binary): the family is the first argument.
fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("limits") => run_family(Family::Limits),
        Some("address") => run_family(Family::Address),
        _ => {
            eprintln!("usage: checkout-guard-function limits|address < input.json");
            std::process::exit(2);
        }
    }
}
