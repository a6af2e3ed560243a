// Shared by the integration tests (each includes it with `mod common;`).
#![allow(dead_code)]

use checkout_guard_querycheck::{GraphqlSchema, InputQuery, REFERENCE_SCHEMA};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("querycheck sits in the repository root").to_path_buf()
}

pub fn schema() -> GraphqlSchema {
    GraphqlSchema::load(&root().join("schema.graphql")).unwrap_or_else(|e| panic!("{e}"))
}

/// Set by `scripts/test.sh` when `../shared/` is not beside the repository
/// (a clean clone of the repository alone): the checks against Shopify's
/// published schema are then skipped, loudly. Anywhere else its absence fails.
pub const SKIP_REFERENCE_ENV: &str = "CHECKOUT_GUARD_SKIP_REFERENCE";

/// Shopify's published schema; `None` only when the test script said to skip.
pub fn reference_path() -> Option<PathBuf> {
    let path = root().join(REFERENCE_SCHEMA);
    if !path.is_file() && std::env::var_os(SKIP_REFERENCE_ENV).is_some() {
        eprintln!("SKIPPED: {} is missing and {SKIP_REFERENCE_ENV} is set", path.display());
        return None;
    }
    assert!(
        path.is_file(),
        "Shopify's published schema is missing: expected {} ({REFERENCE_SCHEMA} relative to the \
         repository root). Check out `shared/` beside the repository (scripts/test.sh sets \
         {SKIP_REFERENCE_ENV} when it is absent).",
        path.display()
    );
    Some(path)
}

pub fn query(schema: &GraphqlSchema, text: &str) -> InputQuery {
    InputQuery::parse(schema, text, "test.graphql").unwrap_or_else(|e| panic!("{e}"))
}
