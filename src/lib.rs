//! Checkout Guard's engine: parse the merchant config, compile it into a
//! checked rule set, evaluate it against the cart, render the messages.
//!
//! Pure: nothing here knows of stdin, stdout or wasm (see `src/main.rs`).

pub mod config;
pub mod decimal;
mod engine;
pub mod input;
pub mod json;
pub mod message;
pub mod output;
pub mod rules;
pub mod text;

use std::fmt;

/// Which validation is running: each gets only the rules of its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Limits,
    Address,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Limits => "limits",
            Family::Address => "address",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What one run produces: the output JSON for stdout and the log for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub output: String,
    pub log: String,
}

/// Runs one family's function on a raw Shopify input. Never panics on any input.
pub fn run(family: Family, input: &[u8]) -> Outcome {
    engine::run(family, input)
}
