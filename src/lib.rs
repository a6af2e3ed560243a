//! Checkout Guard's engine: parse the merchant config, compile it into a
//! checked rule set, evaluate it against the cart, render the messages.
//!
//! Pure: nothing here knows of stdin, stdout or wasm (see `src/entry.rs`,
//! shared by the two module entry points in `src/bin/`).

pub mod config;
pub mod decimal;
mod engine;
pub mod input;
pub mod json;
pub mod message;
pub mod output;
pub mod read;
pub mod rules;
mod scan;
pub mod text;

use std::fmt;

/// Which validation is running: each gets only the rules of its family, and
/// each has its own extension (`extensions/<name>`), input query
/// (`<name>.graphql`) and export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Limits,
    Address,
}

impl Family {
    /// Both families, limits first.
    pub const ALL: [Family; 2] = [Family::Limits, Family::Address];

    pub fn name(self) -> &'static str {
        match self {
            Family::Limits => "limits",
            Family::Address => "address",
        }
    }

    /// The export of the family's function (`src/bin/<name>.rs`).
    pub fn default_export(self) -> &'static str {
        match self {
            Family::Limits => "run_limits",
            Family::Address => "run_address",
        }
    }

    /// The family whose default export is `export`, if any.
    pub fn from_export(export: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.default_export() == export)
    }
}

impl std::str::FromStr for Family {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Family::ALL.into_iter().find(|f| f.name() == s).ok_or_else(|| {
            let shown: String = s.chars().take(40).collect();
            format!("unknown family {shown:?} (expected limits or address)")
        })
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which families a build judges, fixed at compile time so that each
/// function module carries the code of its own family only (the limits
/// module has no regex engine; the address module no cart-line reader).
/// Tools use [`AllFamilies`].
pub trait Scope {
    /// `None`: every family (tools). `Some`: the function of that family,
    /// which skips rules of the other family as misplaced.
    const FAMILY: Option<Family>;
    const LIMITS: bool = !matches!(Self::FAMILY, Some(Family::Address));
    const ADDRESS: bool = !matches!(Self::FAMILY, Some(Family::Limits));
}

/// The order-limits function.
pub struct LimitsOnly;
/// The address-rules function.
pub struct AddressOnly;
/// Tools: lint, variables, tests.
pub struct AllFamilies;

impl Scope for LimitsOnly {
    const FAMILY: Option<Family> = Some(Family::Limits);
}
impl Scope for AddressOnly {
    const FAMILY: Option<Family> = Some(Family::Address);
}
impl Scope for AllFamilies {
    const FAMILY: Option<Family> = None;
}

/// What one run produces: the output JSON for stdout and the log for stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub output: String,
    pub log: String,
}

/// Runs one family's function on a raw Shopify input. Never panics on any input.
pub fn run(family: Family, input: &[u8]) -> Outcome {
    match family {
        Family::Limits => run_limits(input),
        Family::Address => run_address(input),
    }
}

/// The order-limits function (what `checkout-guard-limits.wasm` runs).
pub fn run_limits(input: &[u8]) -> Outcome {
    engine::run::<LimitsOnly>(input)
}

/// The address-rules function (what `checkout-guard-address.wasm` runs).
pub fn run_address(input: &[u8]) -> Outcome {
    engine::run::<AddressOnly>(input)
}
