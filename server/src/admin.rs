//! The few Admin GraphQL operations the app makes, typed: the shop's
//! validations of our two functions (with their config metafield), creating
//! one with a starter config, enabling one. Rules are counted by the engine's
//! own checker, so the app home says what the function will do.

use crate::shop::Shop;
use crate::shopify::{ShopifyClient, ShopifyError};
use checkout_guard::json::Json;
use checkout_guard::Family;
use serde::Serialize;
use serde_json::{json, Value};

/// The metafield namespace and keys the functions read (extension TOMLs).
pub const NAMESPACE: &str = "$app:checkout-guard";
pub const CONFIG_KEY: &str = "config";
pub const VARIABLES_KEY: &str = "variables";

pub const VALIDATIONS_QUERY: &str = r#"query CheckoutGuardValidations($after: String) {
  validations(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      title
      enabled
      blockOnFailure
      shopifyFunction { id handle appKey }
      config: metafield(namespace: "$app:checkout-guard", key: "config") { value }
    }
  }
}"#;

pub const CREATE_MUTATION: &str = r#"mutation CheckoutGuardCreate($validation: ValidationCreateInput!) {
  validationCreate(validation: $validation) {
    validation { id }
    userErrors { field message code }
  }
}"#;

pub const ENABLE_MUTATION: &str = r#"mutation CheckoutGuardEnable($id: ID!, $validation: ValidationUpdateInput!) {
  validationUpdate(id: $id, validation: $validation) {
    validation { id enabled }
    userErrors { field message code }
  }
}"#;

/// The function handle of a family (`handle` in its extension TOML).
pub fn function_handle(family: Family) -> &'static str {
    match family {
        Family::Limits => "checkout-guard-limits",
        Family::Address => "checkout-guard-address",
    }
}

pub fn family_of_handle(handle: &str) -> Option<Family> {
    [Family::Limits, Family::Address].into_iter().find(|f| function_handle(*f) == handle)
}

/// What the app home shows for one of our functions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationStatus {
    /// `limits` or `address`.
    pub function: &'static str,
    pub installed: bool,
    pub id: Option<String>,
    pub title: Option<String>,
    pub enabled: bool,
    pub block_on_failure: bool,
    /// Valid, enabled rules of the function's family.
    pub rules: usize,
    pub monitor: usize,
    /// Config problems the engine reports (a broken config blocks nothing).
    pub problems: usize,
}

impl ValidationStatus {
    fn missing(family: Family) -> ValidationStatus {
        ValidationStatus {
            function: family.name(),
            installed: false,
            id: None,
            title: None,
            enabled: false,
            block_on_failure: false,
            rules: 0,
            monitor: 0,
            problems: 0,
        }
    }
}

/// Counts a config as the function would check it.
pub fn count_rules(config: Option<&str>, family: Family) -> (usize, usize, usize) {
    let json = config.and_then(|text| Json::parse(text).ok());
    let compiled = checkout_guard::config::compile(json.as_ref(), Some(family));
    let monitor = compiled.rules.iter().filter(|rule| rule.monitor).count();
    (compiled.rules.len(), monitor, compiled.problems.len())
}

/// Reads the `validations` answer: one status per family, ours only (the
/// function's `appKey` is our client id), the first validation of each.
pub fn statuses(data: &Value, api_key: &str) -> Vec<ValidationStatus> {
    let nodes = data.pointer("/validations/nodes").and_then(Value::as_array).cloned().unwrap_or_default();
    [Family::Limits, Family::Address]
        .into_iter()
        .map(|family| {
            let node = nodes.iter().find(|node| {
                node.pointer("/shopifyFunction/appKey").and_then(Value::as_str) == Some(api_key)
                    && node.pointer("/shopifyFunction/handle").and_then(Value::as_str) == Some(function_handle(family))
            });
            let Some(node) = node else { return ValidationStatus::missing(family) };
            let config = node.pointer("/config/value").and_then(Value::as_str);
            let (rules, monitor, problems) = count_rules(config, family);
            ValidationStatus {
                function: family.name(),
                installed: true,
                id: node.get("id").and_then(Value::as_str).map(str::to_string),
                title: node.get("title").and_then(Value::as_str).map(str::to_string),
                enabled: node.get("enabled").and_then(Value::as_bool).unwrap_or(false),
                block_on_failure: node.get("blockOnFailure").and_then(Value::as_bool).unwrap_or(false),
                rules,
                monitor,
                problems,
            }
        })
        .collect()
}

/// A safe first config: one rule, in monitor mode (counted in the function
/// logs, never shown to buyers), until the merchant turns it on.
pub fn starter_config(family: Family) -> Value {
    match family {
        Family::Limits => json!({"version": 1, "rules": [{
            "id": "max-10-per-line",
            "kind": "line_quantity",
            "max": 10,
            "monitor": true,
            "message": {
                "en": "You can buy at most {max} of {product} per order.",
                "fr": "Vous pouvez acheter au maximum {max} exemplaires de {product} par commande."
            }
        }]}),
        Family::Address => json!({"version": 1, "rules": [{
            "id": "no-po-boxes",
            "kind": "field_pattern",
            "preset": "po_box",
            "fields": ["deliveryAddress.address1", "deliveryAddress.address2"],
            "when": {"deliveryMethods": ["SHIPPING"]},
            "monitor": true,
            "message": {
                "en": "We can't ship to PO boxes. Please enter a street address.",
                "fr": "Nous ne livrons pas aux boîtes postales. Veuillez indiquer une adresse postale."
            }
        }]}),
    }
}

/// The `variables` metafield of a config: the engine's one derivation.
pub fn variables_of(config_text: &str, family: Family) -> Value {
    let json = Json::parse(config_text).ok();
    let terms = checkout_guard::config::compile(json.as_ref(), Some(family)).terms.in_metafield_order();
    json!({
        "productTags": terms.product_tags,
        "collectionIds": terms.collection_ids,
        "customerTags": terms.customer_tags,
    })
}

/// `validationCreate`'s input for a family with its starter config.
pub fn create_input(family: Family) -> Value {
    let config = starter_config(family).to_string();
    let variables = variables_of(&config, family).to_string();
    let title = match family {
        Family::Limits => "Checkout Guard: order limits",
        Family::Address => "Checkout Guard: address rules",
    };
    json!({
        "functionHandle": function_handle(family),
        "title": title,
        "enable": true,
        "blockOnFailure": false,
        "metafields": [
            {"namespace": NAMESPACE, "key": CONFIG_KEY, "type": "json", "value": config},
            {"namespace": NAMESPACE, "key": VARIABLES_KEY, "type": "json", "value": variables},
        ],
    })
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdminError {
    #[error(transparent)]
    Shopify(#[from] ShopifyError),
    /// `userErrors` codes of a mutation.
    #[error("Shopify refused the change: {0}")]
    UserErrors(String),
}

fn user_errors(data: &Value, mutation: &str) -> Result<(), AdminError> {
    let errors =
        data.pointer(&format!("/{mutation}/userErrors")).and_then(Value::as_array).cloned().unwrap_or_default();
    if errors.is_empty() {
        return Ok(());
    }
    let codes: Vec<&str> = errors.iter().map(|e| e.get("code").and_then(Value::as_str).unwrap_or("INVALID")).collect();
    Err(AdminError::UserErrors(codes.join(", ")))
}

/// Pages read at most (50 validations each): a shop has at most 25 active
/// ones, inactive ones are rarely more than a few.
const MAX_PAGES: usize = 10;

pub async fn validations(
    client: &ShopifyClient,
    shop: &Shop,
    token: &str,
    api_key: &str,
) -> Result<Vec<ValidationStatus>, AdminError> {
    let mut nodes = Vec::new();
    let mut after = Value::Null;
    for _ in 0..MAX_PAGES {
        let data = client.graphql(shop, token, VALIDATIONS_QUERY, json!({"after": after})).await?;
        if let Some(page) = data.pointer("/validations/nodes").and_then(Value::as_array) {
            nodes.extend(page.iter().cloned());
        }
        let next = data.pointer("/validations/pageInfo/hasNextPage").and_then(Value::as_bool).unwrap_or(false);
        match data.pointer("/validations/pageInfo/endCursor").and_then(Value::as_str) {
            Some(cursor) if next => after = Value::String(cursor.to_string()),
            _ => break,
        }
    }
    Ok(statuses(&json!({"validations": {"nodes": nodes}}), api_key))
}

/// Creates the family's validation; returns its id.
pub async fn create(client: &ShopifyClient, shop: &Shop, token: &str, family: Family) -> Result<String, AdminError> {
    let data = client.graphql(shop, token, CREATE_MUTATION, json!({"validation": create_input(family)})).await?;
    user_errors(&data, "validationCreate")?;
    data.pointer("/validationCreate/validation/id")
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or(AdminError::UserErrors("NO_VALIDATION".to_string()))
}

/// `validationUpdate`'s variables that turn a validation on. The input's
/// omitted fields take their defaults (`blockOnFailure: false`), so the
/// current title and failure mode are sent back unchanged.
pub fn enable_variables(status: &ValidationStatus) -> Value {
    json!({"id": status.id, "validation": {"enable": true, "blockOnFailure": status.block_on_failure, "title": status.title}})
}

pub async fn enable(
    client: &ShopifyClient,
    shop: &Shop,
    token: &str,
    status: &ValidationStatus,
) -> Result<(), AdminError> {
    let data = client.graphql(shop, token, ENABLE_MUTATION, enable_variables(status)).await?;
    user_errors(&data, "validationUpdate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_configs_are_valid_and_in_monitor_mode() {
        for family in [Family::Limits, Family::Address] {
            let text = starter_config(family).to_string();
            assert_eq!(count_rules(Some(&text), family), (1, 1, 0), "{family:?}");
            let input = create_input(family);
            assert_eq!(input["functionHandle"], function_handle(family));
            assert_eq!(input["blockOnFailure"], false);
            assert_eq!(input["metafields"][1]["key"], "variables");
            let variables: Value = serde_json::from_str(input["metafields"][1]["value"].as_str().unwrap()).unwrap();
            assert_eq!(variables, json!({"productTags": [], "collectionIds": [], "customerTags": []}));
        }
    }

    #[test]
    fn variables_come_from_the_engine() {
        let config = r#"{"version": 1, "rules": [{"id": "a", "kind": "line_quantity", "max": 1, "message": "m",
            "lines": {"productTags": ["b", "A"]}}, {"id": "bad", "kind": "line_quantity", "message": "m",
            "lines": {"productTags": ["never"]}}]}"#;
        assert_eq!(variables_of(config, Family::Limits)["productTags"], json!(["A", "b"]));
    }

    #[test]
    fn statuses_keep_our_functions_only() {
        let config = json!({"version": 1, "rules": [
            {"id": "a", "kind": "line_quantity", "max": 1, "message": "m"},
            {"id": "b", "kind": "cart_quantity", "max": 9, "monitor": true, "message": "m"},
            {"id": "c", "kind": "cart_quantity", "message": "m"}
        ]})
        .to_string();
        let data = json!({"validations": {"nodes": [
            {"id": "gid://shopify/Validation/1", "title": "other app", "enabled": true, "blockOnFailure": true,
             "shopifyFunction": {"id": "f0", "handle": "checkout-guard-limits", "appKey": "someone-else"}, "config": null},
            {"id": "gid://shopify/Validation/2", "title": "limits", "enabled": true, "blockOnFailure": false,
             "shopifyFunction": {"id": "f1", "handle": "checkout-guard-limits", "appKey": "key"}, "config": {"value": config}}
        ]}});
        let list = statuses(&data, "key");
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id.as_deref(), Some("gid://shopify/Validation/2"));
        assert_eq!((list[0].rules, list[0].monitor, list[0].problems), (2, 1, 1));
        assert!(list[0].enabled && !list[0].block_on_failure);
        assert_eq!(list[1], ValidationStatus::missing(Family::Address));
        assert_eq!(statuses(&json!({}), "key")[0], ValidationStatus::missing(Family::Limits));
    }

    #[test]
    fn user_errors_become_codes() {
        let data = json!({"validationCreate": {"userErrors": [{"field": ["x"], "message": "m", "code": "MAX_VALIDATIONS_ACTIVATED"}]}});
        assert_eq!(
            user_errors(&data, "validationCreate"),
            Err(AdminError::UserErrors("MAX_VALIDATIONS_ACTIVATED".into()))
        );
    }
}
