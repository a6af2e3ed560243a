//! The project's queries, schema and extension configuration, checked together.

mod common;

use checkout_guard_querycheck::{
    api_version_header, check_project_queries, check_queries_against, GraphqlSchema, InputQuery, API_VERSION,
    FUNCTIONS, MAX_QUERY_BYTES, MAX_QUERY_COST,
};
use common::{reference_path, root};
use std::fs;

/// Expected costs: a change to a query must update these on purpose.
const EXPECTED_COST: [(&str, u32); 2] = [("limits.graphql", 30), ("address.graphql", 29)];

#[test]
fn queries_validate_against_our_schema_within_limits() {
    let reports = check_project_queries(&root()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reports.len(), FUNCTIONS.len());
    for report in &reports {
        println!("{report}\n{}", report.cost);
        let expected = EXPECTED_COST.iter().find(|(q, _)| *q == report.function.query).map(|(_, c)| *c).unwrap();
        assert!(report.cost.total <= MAX_QUERY_COST);
        assert!(report.bytes <= MAX_QUERY_BYTES);
        assert_eq!(
            report.cost.total, expected,
            "{} costs {}, the test expects {expected}: recheck the query, then update EXPECTED_COST",
            report.function.query, report.cost.total
        );
    }
}

#[test]
fn queries_validate_against_shopify_published_schema() {
    let Some(reference) = reference_path() else { return };
    let full = GraphqlSchema::load(&reference).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(full.api_version(), Some(API_VERSION));
    let reports = check_queries_against(&reference, &root()).unwrap_or_else(|e| panic!("{e}"));
    // Same costs whichever schema they are read with.
    let ours = check_project_queries(&root()).unwrap();
    for (a, b) in reports.iter().zip(&ours) {
        assert_eq!(a.cost.total, b.cost.total, "{}", a.function.query);
        println!("against Shopify's schema: {a}");
    }
}

#[test]
fn our_schema_agrees_with_shopify_published_schema() {
    // Every type, field, argument and enum value we declare exists in Shopify's
    // schema with the same type; our enums are complete.
    let Some(reference) = reference_path() else { return };
    let ours = common::schema();
    let full = GraphqlSchema::load(&reference).unwrap();
    let (ours, full) = (ours.schema(), full.schema());
    use apollo_compiler::schema::ExtendedType as T;
    let mut problems = Vec::new();
    for (name, ty) in &ours.types {
        if ty.is_built_in() {
            continue;
        }
        let Some(theirs) = full.types.get(name) else {
            problems.push(format!("type {name} is not in Shopify's schema"));
            continue;
        };
        match (ty, theirs) {
            (T::Object(a), T::Object(b)) => {
                for (f, def) in &a.fields {
                    match b.fields.get(f) {
                        Some(d) if d.ty == def.ty && d.arguments.len() == def.arguments.len() => {
                            for arg in &def.arguments {
                                if !d.arguments.iter().any(|x| x.name == arg.name && x.ty == arg.ty) {
                                    problems.push(format!("{name}.{f}({}) differs", arg.name));
                                }
                            }
                        }
                        _ => problems.push(format!("{name}.{f} differs or is missing")),
                    }
                }
                for i in &a.implements_interfaces {
                    if !b.implements_interfaces.contains(i) {
                        problems.push(format!("{name} does not implement {i} in Shopify's schema"));
                    }
                }
            }
            (T::Interface(a), T::Interface(b)) => {
                for (f, def) in &a.fields {
                    if b.fields.get(f).map(|d| &d.ty) != Some(&def.ty) {
                        problems.push(format!("{name}.{f} differs or is missing"));
                    }
                }
            }
            (T::InputObject(a), T::InputObject(b)) => {
                if a.fields.keys().ne(b.fields.keys()) {
                    problems.push(format!("input {name} has different fields"));
                }
                for (f, def) in &a.fields {
                    if b.fields.get(f).map(|d| &d.ty) != Some(&def.ty) {
                        problems.push(format!("{name}.{f} differs"));
                    }
                }
                if a.directives.has("oneOf") != b.directives.has("oneOf") {
                    problems.push(format!("{name}: @oneOf differs"));
                }
            }
            (T::Enum(a), T::Enum(b)) => {
                if a.values.keys().collect::<Vec<_>>() != b.values.keys().collect::<Vec<_>>() {
                    problems.push(format!("enum {name} differs from Shopify's (must be complete)"));
                }
            }
            (T::Union(a), T::Union(b)) => {
                if a.members != b.members {
                    problems.push(format!("union {name} differs"));
                }
            }
            (T::Scalar(_), T::Scalar(_)) => {}
            _ => problems.push(format!("{name} is a different kind of type")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn query_sizes_are_within_limit() {
    let schema = common::schema();
    for f in &FUNCTIONS {
        let q = InputQuery::load(&schema, &root().join(f.query)).unwrap();
        println!("{}: {} bytes without comments ({} with)", f.query, q.bytes_without_comments(), q.text().len());
        assert!(q.bytes_without_comments() <= MAX_QUERY_BYTES);
        assert!(q.bytes_without_comments() < q.text().len(), "comments are not counted");
    }
}

#[test]
fn schema_header_matches_extension_api_versions() {
    let sdl = fs::read_to_string(root().join("schema.graphql")).unwrap();
    assert!(sdl.starts_with("# api_version: "), "schema.graphql must start with its api_version header");
    let header = api_version_header(&sdl).unwrap();
    assert_eq!(header, API_VERSION);
    for f in &FUNCTIONS {
        let toml: toml::Table = fs::read_to_string(f.toml_path(&root())).unwrap().parse().unwrap();
        assert_eq!(toml["api_version"].as_str(), Some(header), "{}", f.extension);
    }
}

#[test]
fn extension_schemas_are_the_root_schema() {
    let root_schema = fs::read(root().join("schema.graphql")).unwrap();
    let root_canonical = fs::canonicalize(root().join("schema.graphql")).unwrap();
    for f in &FUNCTIONS {
        let path = root().join("extensions").join(f.extension).join("schema.graphql");
        let content = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(content == root_schema, "{} differs from schema.graphql", path.display());
        if fs::symlink_metadata(&path).unwrap().file_type().is_symlink() {
            assert_eq!(fs::canonicalize(&path).unwrap(), root_canonical);
        }
    }
}

#[test]
fn extension_tomls_wire_the_right_export_and_query() {
    for f in &FUNCTIONS {
        let dir = root().join("extensions").join(f.extension);
        let toml: toml::Table = fs::read_to_string(dir.join("shopify.extension.toml")).unwrap().parse().unwrap();
        let ext = &toml["extensions"].as_array().unwrap()[0];
        assert_eq!(ext["handle"].as_str(), Some(f.handle));
        assert_eq!(ext["type"].as_str(), Some("function"));
        assert_eq!(ext["name"].as_str(), Some("t:name"));
        assert_eq!(ext["description"].as_str(), Some("t:description"));
        let targeting = ext["targeting"].as_array().unwrap();
        assert_eq!(targeting.len(), 1);
        assert_eq!(targeting[0]["target"].as_str(), Some("cart.validations.generate.run"));
        assert_eq!(targeting[0]["export"].as_str(), Some(f.export));
        // The CLI resolves input_query against the extension folder.
        let input_query = dir.join(targeting[0]["input_query"].as_str().unwrap());
        assert_eq!(fs::canonicalize(input_query).unwrap(), fs::canonicalize(root().join(f.query)).unwrap());
        let build = ext["build"].as_table().unwrap();
        let command = build["command"].as_str().unwrap();
        assert!(!command.contains("  "), "the CLI splits the command on single spaces");
        assert!(command.contains("--target wasm32-wasip1") && command.contains("--profile function"));
        let manifest = command.split(' ').skip_while(|w| *w != "--manifest-path").nth(1).unwrap();
        assert_eq!(fs::canonicalize(dir.join(manifest)).unwrap(), fs::canonicalize(root().join("Cargo.toml")).unwrap());
        assert!(command.ends_with(&format!(" --bin {}", f.bin)), "{command}");
        let wasm = dir.join(build["path"].as_str().unwrap());
        assert!(wasm.starts_with(dir.join("../../target/wasm32-wasip1/function")));
        assert!(wasm.ends_with(format!("{}.wasm", f.bin)), "{}", wasm.display());
        assert_eq!(build["wasm_opt"].as_bool(), Some(true));
        let variables = &ext["input"]["variables"];
        assert_eq!(variables["namespace"].as_str(), Some("$app:checkout-guard"));
        assert_eq!(variables["key"].as_str(), Some("variables"));
        let locale: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("locales/en.default.json")).unwrap()).unwrap();
        assert!(locale["name"].as_str().unwrap().starts_with("Checkout Guard — "));
        assert!(!locale["description"].as_str().unwrap().is_empty());
    }
}

#[test]
fn function_binaries_exist_in_the_root_crate() {
    let cargo: toml::Table = fs::read_to_string(root().join("Cargo.toml")).unwrap().parse().unwrap();
    let bins: Vec<&str> = cargo["bin"].as_array().unwrap().iter().filter_map(|b| b["name"].as_str()).collect();
    for f in &FUNCTIONS {
        assert!(bins.contains(&f.bin), "root Cargo.toml has no [[bin]] named {} (has {bins:?})", f.bin);
    }
}

#[test]
fn app_toml_is_complete() {
    let toml: toml::Table = fs::read_to_string(root().join("shopify.app.toml")).unwrap().parse().unwrap();
    for key in ["client_id", "name", "application_url"] {
        assert!(toml[key].as_str().is_some_and(|v| !v.is_empty()), "{key}");
    }
    assert_eq!(toml["name"].as_str(), Some("Checkout Guard"));
    assert_eq!(toml["embedded"].as_bool(), Some(true));
    assert!(toml["access_scopes"]["scopes"].as_str().unwrap().contains("write_validations"));
    assert_eq!(toml["webhooks"]["api_version"].as_str(), Some(API_VERSION));
    let subs = toml["webhooks"]["subscriptions"].as_array().unwrap();
    let topics: Vec<&str> = subs
        .iter()
        .flat_map(|s| s.get("compliance_topics").and_then(|t| t.as_array()).into_iter().flatten())
        .filter_map(|t| t.as_str())
        .collect();
    for t in ["customers/data_request", "customers/redact", "shop/redact"] {
        assert!(topics.contains(&t), "{t}");
    }
}
