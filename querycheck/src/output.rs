//! Checks a function output (the JSON the function writes) against the input
//! object type the target's mutation field takes, e.g. `CartValidationsGenerateRunResult`.

use crate::input::kind;
use crate::scalar::check_scalar;
use crate::{Issue, Issues};
use apollo_compiler::ast::{OperationType, Type};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use serde_json::Value;

/// The mutation field of the `cart.validations.generate.run` target.
pub const RUN_TARGET_FIELD: &str = "cartValidationsGenerateRun";

/// All problems of `output` read as the single argument of mutation field `field`.
pub fn validate_output(schema: &Valid<Schema>, field: &str, output: &Value) -> Vec<Issue> {
    let mut issues = Issues::default();
    let Some(root) = schema.root_operation(OperationType::Mutation) else {
        issues.error("$", "the schema has no mutation root");
        return issues.0;
    };
    let Some(def) = schema.get_object(root).and_then(|o| o.fields.get(field)) else {
        issues.error("$", format!("the schema has no mutation field `{field}`"));
        return issues.0;
    };
    let [argument] = def.arguments.as_slice() else {
        issues.error("$", format!("mutation field `{field}` does not take exactly one argument"));
        return issues.0;
    };
    check(schema, output, &argument.ty, "$", &mut issues);
    issues.0
}

/// Input coercion, strictly: no single-value-to-list promotion, no unknown keys.
fn check(schema: &Schema, value: &Value, ty: &Type, path: &str, issues: &mut Issues) {
    if value.is_null() {
        if ty.is_non_null() {
            issues.error(path, format!("null for non-null type {ty}"));
        }
        return;
    }
    match ty {
        Type::List(item) | Type::NonNullList(item) => match value.as_array() {
            Some(items) => {
                for (i, element) in items.iter().enumerate() {
                    check(schema, element, item, &format!("{path}[{i}]"), issues);
                }
            }
            None => issues.error(path, format!("expected a list {ty}, found {}", kind(value))),
        },
        Type::Named(name) | Type::NonNullNamed(name) => match schema.types.get(name) {
            Some(ExtendedType::Scalar(_)) => check_scalar(name, value, path, issues),
            Some(ExtendedType::Enum(def)) => match value.as_str() {
                Some(s) if def.values.contains_key(s) => {}
                Some(s) => issues.error(path, format!("`{s}` is not a {name} value")),
                None => issues.error(path, format!("expected a {name} enum value (string), found {}", kind(value))),
            },
            Some(ExtendedType::InputObject(def)) => {
                let Some(obj) = value.as_object() else {
                    issues.error(path, format!("expected an object of type {name}, found {}", kind(value)));
                    return;
                };
                for key in obj.keys() {
                    if !def.fields.contains_key(key.as_str()) {
                        issues.error(format!("{path}.{key}"), format!("unknown field `{key}` of {name}"));
                    }
                }
                for (field_name, field) in &def.fields {
                    let field_path = format!("{path}.{field_name}");
                    match obj.get(field_name.as_str()) {
                        Some(v) => check(schema, v, &field.ty, &field_path, issues),
                        None if field.is_required() => {
                            issues.error(field_path, format!("missing required field `{field_name}: {}`", field.ty))
                        }
                        None => {}
                    }
                }
                if def.directives.has("oneOf") {
                    let set: Vec<&String> = obj.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k).collect();
                    if set.len() != 1 || set.len() != obj.len() {
                        issues.error(
                            path,
                            format!(
                                "{name} is @oneOf: exactly one field must be given, and not null \
                                 (found {} key(s), {} non-null)",
                                obj.len(),
                                set.len()
                            ),
                        );
                    }
                }
            }
            Some(ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_)) | None => {
                issues.error(path, format!("type {name} cannot appear in an output"))
            }
        },
    }
}
