//! Impact preview: what a Checkout Guard config would have done to a
//! merchant's past orders.
//!
//! * [`orders::Orders`] streams Shopify's orders export (CSV, read by header
//!   name: byte-order mark, CRLF, quoted fields with commas and line breaks,
//!   old column names); [`products::Products`] reads the products export,
//!   joined to order lines by SKU for product type, tags and weight.
//! * [`cart::to_cart`] turns an order into the cart Shopify would have shown
//!   the functions; the runner's generator ([`checkout_guard_runner::gen`])
//!   renders it as each function's input (`limits.graphql`,
//!   `address.graphql`), exactly as `checkout-guard run` does for a cart.
//! * [`needs`] says which rules these exports can judge: a rule that needs a
//!   fact the exports do not carry (collections, product or variant ids,
//!   customer tags, B2B, first and last names) is never guessed; it is
//!   reported as not judgeable, with the reason.
//! * [`inputs`] reads Shopify function inputs (one JSON per line, a file, or
//!   a folder of them), which carry every fact.
//! * [`export`] writes realistic exports in Shopify's column layout (tests,
//!   benchmark).
//!
//! Native only: never part of the functions' wasm build.

pub mod cart;
pub mod csvhead;
pub mod export;
pub mod inputs;
pub mod needs;
pub mod orders;
pub mod products;

use std::fmt;

/// Row numbers kept for the summary; the count goes on.
pub const LISTED_ROWS: usize = 20;

/// A file that cannot be used at all. Names the file and the columns, never
/// a field's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem(pub String);

impl Problem {
    pub fn unreadable(file: &str, error: &csv::Error) -> Problem {
        match error.kind() {
            csv::ErrorKind::Io(io) => Problem(format!("cannot read {file}: {io}")),
            _ => Problem(format!("cannot read {file}: its first row is not a CSV header")),
        }
    }

    pub fn not_an_export(file: &str, what: &str, missing: &[&str]) -> Problem {
        Problem(format!("{file} is not a Shopify {what} export: missing the columns {}", missing.join(", ")))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Problem {}

/// Rows (and orders) left out because they could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Spreadsheet row numbers (the header is row 1), the first
    /// [`LISTED_ROWS`] of them.
    pub rows: Vec<usize>,
    /// Every malformed row.
    pub count: usize,
    /// Orders left out because one of their rows was malformed.
    pub orders: usize,
}

impl Skipped {
    pub fn row(&mut self, row: usize) {
        self.count += 1;
        if self.rows.len() < LISTED_ROWS {
            self.rows.push(row);
        }
    }
}
