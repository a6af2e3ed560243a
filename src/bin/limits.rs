//! `checkout-guard-limits.wasm`: the order-limits validation.

#[path = "../entry.rs"]
mod entry;

/// The export named in `extensions/limits/shopify.extension.toml`.
#[export_name = "run_limits"]
pub extern "C" fn run_limits() {
    entry::run(checkout_guard::run_limits);
}

/// `_start`, for runners that start the module as a command.
fn main() {
    run_limits();
}
