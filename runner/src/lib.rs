//! Runs Checkout Guard's wasm module the way Shopify runs a Function, and makes
//! the inputs Shopify would send it.
//!
//! * [`Runner`] loads a family's module ([`module_path`]:
//!   `checkout-guard-limits.wasm`, `checkout-guard-address.wasm`) with
//!   wasmtime and a minimal WASI preview 1 host ([`wasi`]), calls one export with the input JSON on stdin, and returns a
//!   [`Report`]: the output, the log (stderr), the instruction count (fuel,
//!   metered as Shopify counts instructions), the peak linear memory and each
//!   figure against Shopify's limit for the cart's size ([`Limits`]).
//! * [`gen`] builds Shopify inputs for each family's input query, from a
//!   friendly cart description ([`gen::Cart`]) or a generated cart of any size.
//! * [`fixture`] reads and checks Shopify's fixture files
//!   (`{"payload": {"export", "target", "input", "output"}}`).
//! * [`wasm_opt`] finds `wasm-opt` and measures a module after `-Oz`.
//! * [`bench`] measures each family at several cart sizes.
//! * [`profile`] attributes a run's instructions to the module's functions.
//! * [`wasi`] is the WASI preview 1 host the modules run against (stdin,
//!   stdout, stderr in memory; fixed clocks and random bytes).
//!
//! The runner never depends on the engine's results being right: it reports
//! what the module did.
//!
//! # Running
//!
//! ```text
//! cargo build --profile function --target wasm32-wasip1          # the two modules
//! cargo test -p checkout-guard-runner -- --nocapture    # tests, with budget figures
//! cargo run -p checkout-guard-runner --bin cg-run -- bench
//! cargo run -p checkout-guard-runner --bin cg-run -- --family limits input.json
//! cargo run -p checkout-guard-runner --bin cg-run -- fixture tests/fixtures
//! cargo run -p checkout-guard-runner --bin cg-run -- profile --family limits --lines 200
//! cargo run -p checkout-guard-runner --bin cg-run -- gen --family limits --lines 200 --budget-config
//! ```
//!
//! `tests/accounting.rs` checks the runner on hand-written modules (no build
//! needed); `tests/fixtures.rs` and `tests/budget.rs` need the release modules
//! and fail, saying how to build them, when they are missing.

pub mod bench;
pub mod family;
pub mod fixture;
pub mod gen;
pub mod limits;
pub mod paths;
pub mod profile;
pub mod run;
pub mod wasi;
pub mod wasm_opt;

pub use family::{export_for, family_for_export, read_build_path, read_export, Family};
pub use limits::{LimitKind, Limits};
pub use paths::{module_path, module_path_in, workspace_root, BUILD_COMMAND, MODULES_ENV, MODULE_ENV};
pub use run::{
    count_lines, Accounting, Exceeded, Report, RunError, RunOptions, Runner, Usage, ValidationError, Verdict,
};
