//! `checkout-guard-address.wasm`: the address-rules validation.

#[path = "../entry.rs"]
mod entry;

/// The export named in `extensions/address/shopify.extension.toml`.
#[export_name = "run_address"]
pub extern "C" fn run_address() {
    entry::run(checkout_guard::run_address);
}

/// `_start`, for runners that start the module as a command.
fn main() {
    run_address();
}
