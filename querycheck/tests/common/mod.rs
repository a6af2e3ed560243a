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

/// Shopify's published schema; its absence is a failure, never a skip.
pub fn reference_path() -> PathBuf {
    let path = root().join(REFERENCE_SCHEMA);
    assert!(
        path.is_file(),
        "Shopify's published schema is missing: expected {} ({REFERENCE_SCHEMA} relative to the \
         repository root). CI must check out `shared/` beside the repository.",
        path.display()
    );
    path
}

pub fn query(schema: &GraphqlSchema, text: &str) -> InputQuery {
    InputQuery::parse(schema, text, "test.graphql").unwrap_or_else(|e| panic!("{e}"))
}
