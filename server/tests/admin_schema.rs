//! Every Admin GraphQL operation the server sends, and the variables it
//! sends with them, are valid against the pinned schema parts
//! (admin-2026-04.graphql), at the version the server calls.

use apollo_compiler::{ExecutableDocument, Schema};
use checkout_guard::Family;
use checkout_guard_server::admin::{self, ValidationStatus};
use checkout_guard_server::shopify::ADMIN_API_VERSION;
use serde_json::Value;

const SCHEMA: &str = include_str!("../admin-2026-04.graphql");

fn schema() -> apollo_compiler::validation::Valid<Schema> {
    Schema::parse_and_validate(SCHEMA, "admin-2026-04.graphql").unwrap()
}

#[test]
fn the_schema_is_pinned_to_the_version_called() {
    assert_eq!(SCHEMA.lines().next(), Some(format!("# api_version: {ADMIN_API_VERSION}").as_str()));
}

#[test]
fn every_operation_validates() {
    let schema = schema();
    for (name, text) in [
        ("validations", admin::VALIDATIONS_QUERY),
        ("create", admin::CREATE_MUTATION),
        ("enable", admin::ENABLE_MUTATION),
    ] {
        if let Err(errors) = ExecutableDocument::parse_and_validate(&schema, text, name) {
            panic!("{name}:\n{}", errors.errors);
        }
    }
}

/// The fields an input object declares.
fn input_fields(schema: &Schema, name: &str) -> Vec<String> {
    match schema.types.get(name) {
        Some(apollo_compiler::schema::ExtendedType::InputObject(input)) => {
            input.fields.keys().map(|k| k.to_string()).collect()
        }
        _ => panic!("no input {name}"),
    }
}

fn assert_fields(value: &Value, allowed: &[String], what: &str) {
    for key in value.as_object().unwrap().keys() {
        assert!(allowed.contains(key), "{what} sends {key}, which the schema does not declare");
    }
}

#[test]
fn every_input_sent_is_declared() {
    let schema = schema();
    let create = input_fields(&schema, "ValidationCreateInput");
    let update = input_fields(&schema, "ValidationUpdateInput");
    let metafield = input_fields(&schema, "MetafieldInput");
    for family in Family::ALL {
        let input = admin::create_input(family);
        assert_fields(&input, &create, "validationCreate");
        assert!(input.get("functionId").is_none(), "functionId is deprecated: functionHandle");
        for field in input["metafields"].as_array().unwrap() {
            assert_fields(field, &metafield, "MetafieldInput");
        }
    }
    let status = ValidationStatus {
        function: "limits",
        installed: true,
        id: Some("gid://shopify/Validation/1".into()),
        title: Some("t".into()),
        enabled: false,
        block_on_failure: true,
        rules: 1,
        monitor: 0,
        problems: 0,
    };
    let variables = admin::enable_variables(&status);
    assert_fields(&variables["validation"], &update, "validationUpdate");
    // Omitted fields take their defaults: the failure mode is sent back as it is.
    assert_eq!(variables["validation"]["blockOnFailure"], true);
}
