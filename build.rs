//! Build-time check of the input queries: both must validate against
//! `schema.graphql`, cost at most 30 and stay within 3,000 bytes, and the
//! schema header must match the extensions' `api_version`. A query that
//! Shopify would reject at deploy never builds. (Native only: the checker
//! never enters the wasm modules.)

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    for file in checkout_guard_querycheck::project_input_files(&root) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(problems) = checkout_guard_querycheck::check_project_queries(&root) {
        println!("cargo:warning=input queries rejected:");
        for line in problems.lines() {
            println!("cargo:warning={line}");
        }
        std::process::exit(1);
    }
}
