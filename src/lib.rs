//! Checkout Guard's engine: parse the merchant config, compile it into a
//! checked rule set, evaluate it against the cart, render the messages.

use std::fmt;

/// Which validation is running: each gets only the rules of its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    Limits,
    Address,
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::Limits => "limits",
            Family::Address => "address",
        })
    }
}

/// What one run produces: the output JSON for stdout and the log for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub output: String,
    pub log: String,
}

/// Runs one family's function on a raw Shopify input.
pub fn run(family: Family, input: &[u8]) -> Outcome {
    let _ = (family, input);
    Outcome { output: r#"{"operations":[]}"#.to_string(), log: String::new() }
}
