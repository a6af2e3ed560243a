//! `checkout-guard deploy`: the Admin GraphQL mutations that install a config.
//!
//! Each family with rules becomes one validation (function
//! `checkout-guard-limits` or `checkout-guard-address`) carrying two JSON
//! metafields in `$app:checkout-guard`: `config` (that family's rules,
//! minified) and `variables` (the tags and collection ids those rules name).
//! Without a validation id the mutation is `validationCreate`; with one it is
//! `metafieldsSet` on that validation. Nothing is sent: the tool prints.

use crate::split::{self, FamilyConfig};
use crate::variables::Variables;
use checkout_guard::json::Json;
use checkout_guard::Family;
use serde::Serialize;

pub const NAMESPACE: &str = "$app:checkout-guard";
pub const CONFIG_KEY: &str = "config";
pub const VARIABLES_KEY: &str = "variables";

/// `--format json` of `deploy`.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    pub mutations: Vec<Mutation>,
}

/// One GraphQL request.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mutation {
    pub family: &'static str,
    /// `validationCreate` or `metafieldsSet`.
    pub operation: &'static str,
    /// How many of the config's rules this validation gets.
    pub rules: usize,
    pub query: String,
    pub variables: MutationVariables,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum MutationVariables {
    Create { validation: ValidationCreateInput },
    Set { metafields: Vec<MetafieldsSetInput> },
}

/// Admin API `ValidationCreateInput`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationCreateInput {
    pub function_handle: &'static str,
    pub title: String,
    pub enable: bool,
    pub block_on_failure: bool,
    pub metafields: Vec<MetafieldInput>,
}

/// Admin API `MetafieldInput`.
#[derive(Clone, Debug, Serialize)]
pub struct MetafieldInput {
    pub namespace: &'static str,
    pub key: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: String,
}

/// Admin API `MetafieldsSetInput`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetafieldsSetInput {
    pub owner_id: String,
    pub namespace: &'static str,
    pub key: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: String,
}

/// Create new validations, or update the metafields of an existing one.
#[derive(Clone, Debug)]
pub enum Target {
    Create { title: Option<String> },
    Update { validation_id: String },
}

/// Why a plan cannot be made from these arguments (a usage error).
#[derive(Debug, PartialEq, Eq)]
pub enum PlanError {
    NotSplittable,
    NoRules,
    FamilyWithoutRules(Family),
    WhichFamily,
    BadValidationId(String),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::NotSplittable => f.write_str("the config is not an object with a list of rules"),
            PlanError::NoRules => f.write_str("the config has no rules: nothing to deploy"),
            PlanError::FamilyWithoutRules(family) => {
                write!(f, "the config has no {} rules: nothing to deploy to that validation", split::family_title(*family))
            }
            PlanError::WhichFamily => f.write_str(
                "the config has rules for both validations; say which one --validation-id is with --family limits or --family address",
            ),
            PlanError::BadValidationId(id) => {
                write!(f, "--validation-id {id:?} is not a validation GID such as gid://shopify/Validation/123")
            }
        }
    }
}

impl std::error::Error for PlanError {}

fn valid_validation_id(id: &str) -> bool {
    id.strip_prefix("gid://shopify/Validation/").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The title a new validation gets.
pub fn title(custom: Option<&str>, family: Family, families: usize) -> String {
    let name = split::family_title(family);
    match custom {
        Some(t) if families == 1 => t.to_string(),
        Some(t) => format!("{t} — {name}"),
        None => format!("Checkout Guard — {name}"),
    }
}

/// The mutations for a config (which the caller has linted: no errors).
pub fn plan(config: &Json, only: Option<Family>, target: &Target) -> Result<Plan, PlanError> {
    let families = split::split(config).ok_or(PlanError::NotSplittable)?;
    let with_rules: Vec<&FamilyConfig> = families.iter().filter(|f| !f.rules.is_empty()).collect();
    if with_rules.is_empty() {
        return Err(PlanError::NoRules);
    }
    let chosen: Vec<&FamilyConfig> = match only {
        Some(family) => {
            let found = with_rules.iter().find(|f| f.family == family).ok_or(PlanError::FamilyWithoutRules(family))?;
            vec![*found]
        }
        None => with_rules,
    };
    if let Target::Update { validation_id } = target {
        if !valid_validation_id(validation_id) {
            return Err(PlanError::BadValidationId(validation_id.clone()));
        }
        if chosen.len() > 1 {
            return Err(PlanError::WhichFamily);
        }
    }
    let count = chosen.len();
    let mutations = chosen
        .into_iter()
        .map(|fc| {
            let variables = crate::variables::metafield_text(&Variables::of_config(config, Some(fc.family)));
            let metafields = [(CONFIG_KEY, fc.text.clone()), (VARIABLES_KEY, variables)];
            let (operation, query, variables) = match target {
                Target::Create { title: custom } => (
                    "validationCreate",
                    create_query(fc.family),
                    MutationVariables::Create {
                        validation: ValidationCreateInput {
                            function_handle: split::function_handle(fc.family),
                            title: title(custom.as_deref(), fc.family, count),
                            enable: true,
                            block_on_failure: false,
                            metafields: metafields
                                .into_iter()
                                .map(|(key, value)| MetafieldInput { namespace: NAMESPACE, key, kind: "json", value })
                                .collect(),
                        },
                    },
                ),
                Target::Update { validation_id } => (
                    "metafieldsSet",
                    set_query(fc.family),
                    MutationVariables::Set {
                        metafields: metafields
                            .into_iter()
                            .map(|(key, value)| MetafieldsSetInput {
                                owner_id: validation_id.clone(),
                                namespace: NAMESPACE,
                                key,
                                kind: "json",
                                value,
                            })
                            .collect(),
                    },
                ),
            };
            Mutation { family: fc.family.name(), operation, rules: fc.rules.len(), query, variables }
        })
        .collect();
    Ok(Plan { mutations })
}

fn operation_suffix(family: Family) -> &'static str {
    match family {
        Family::Limits => "Limits",
        Family::Address => "Address",
    }
}

fn create_query(family: Family) -> String {
    format!(
        "mutation CheckoutGuardCreate{}($validation: ValidationCreateInput!) {{
  validationCreate(validation: $validation) {{
    validation {{
      id
    }}
    userErrors {{
      field
      message
    }}
  }}
}}
",
        operation_suffix(family)
    )
}

fn set_query(family: Family) -> String {
    format!(
        "mutation CheckoutGuardSet{}($metafields: [MetafieldsSetInput!]!) {{
  metafieldsSet(metafields: $metafields) {{
    metafields {{
      key
    }}
    userErrors {{
      field
      message
    }}
  }}
}}
",
        operation_suffix(family)
    )
}

/// The human form: per mutation, a comment, the document and its variables.
pub fn render_human(plan: &Plan) -> String {
    let mut out = String::new();
    for (i, m) in plan.mutations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let family = if m.family == "limits" { Family::Limits } else { Family::Address };
        let what = match m.operation {
            "validationCreate" => format!("creates the validation (function {})", split::function_handle(family)),
            _ => "sets the config and variables metafields of the validation".to_string(),
        };
        let rules = if m.rules == 1 { "1 rule".to_string() } else { format!("{} rules", m.rules) };
        out.push_str(&format!("# Checkout Guard — {} ({rules}): {what}\n", split::family_title(family)));
        out.push_str(&m.query);
        out.push_str("# variables\n");
        out.push_str(&serde_json::to_string_pretty(&m.variables).unwrap_or_default());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: &str = r#"{"version": 1, "rules": [
        {"id": "a", "kind": "line_quantity", "max": 5, "message": "m", "lines": {"productTags": ["Bulk"]}},
        {"id": "b", "kind": "delivery_country", "allow": ["US"], "message": "m", "when": {"customerTags": ["vip"]}}
    ]}"#;

    #[test]
    fn creates_one_validation_per_family() {
        let json = Json::parse(BOTH).unwrap();
        let plan = plan(&json, None, &Target::Create { title: None }).unwrap();
        assert_eq!(plan.mutations.len(), 2);
        let value = serde_json::to_value(&plan.mutations[0].variables).unwrap();
        let validation = &value["validation"];
        assert_eq!(validation["functionHandle"], "checkout-guard-limits");
        assert_eq!(validation["title"], "Checkout Guard — order limits");
        assert_eq!(validation["enable"], true);
        assert_eq!(validation["blockOnFailure"], false);
        assert_eq!(validation["metafields"][0]["namespace"], "$app:checkout-guard");
        assert_eq!(validation["metafields"][0]["type"], "json");
        let config = validation["metafields"][0]["value"].as_str().unwrap();
        assert!(config.contains("line_quantity") && !config.contains("delivery_country"));
        assert_eq!(
            validation["metafields"][1]["value"],
            r#"{"productTags":["Bulk"],"collectionIds":[],"customerTags":[]}"#
        );
    }

    #[test]
    fn updates_need_one_family() {
        let json = Json::parse(BOTH).unwrap();
        let update = Target::Update { validation_id: "gid://shopify/Validation/7".into() };
        assert_eq!(plan(&json, None, &update).unwrap_err(), PlanError::WhichFamily);
        let plan_ = plan(&json, Some(Family::Address), &update).unwrap();
        let value = serde_json::to_value(&plan_.mutations[0].variables).unwrap();
        assert_eq!(value["metafields"][0]["ownerId"], "gid://shopify/Validation/7");
        assert_eq!(value["metafields"][1]["key"], "variables");
        let bad = Target::Update { validation_id: "7".into() };
        assert!(matches!(plan(&json, Some(Family::Limits), &bad), Err(PlanError::BadValidationId(_))));
        assert_eq!(title(Some("Wholesale"), Family::Limits, 2), "Wholesale — order limits");
        assert_eq!(title(Some("Wholesale"), Family::Limits, 1), "Wholesale");
    }
}
