//! The `variables` metafield: the input-query variables a config needs.
//!
//! Every product tag, collection id and customer tag the config's valid
//! rules name, sorted (by bytes) and de-duplicated, each key always present.
//! Tags come lower-cased, as the engine folds them: Shopify and the function
//! compare tags case-insensitively, so `"Wholesale"` in the config and
//! `"wholesale"` here are the same tag. Collection ids are kept as written.
//! One derivation serves the CLI and the runner's input generator.

pub use checkout_guard_runner::gen::Variables;

/// The compact JSON metafield value.
pub fn metafield_text(variables: &Variables) -> String {
    serde_json::to_string(variables).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_guard::json::Json;
    use checkout_guard::Family;

    #[test]
    fn sorted_deduplicated_and_per_family() {
        let text = r#"{"version": 1, "rules": [
            {"id": "a", "kind": "line_quantity", "max": 1, "message": "m",
             "lines": {"productTags": ["Bulk", "bulk", "Apple"], "collectionIds": ["gid://shopify/Collection/9"]},
             "when": {"customerTags": ["VIP"]}},
            {"id": "b", "kind": "delivery_country", "allow": ["US"], "message": "m",
             "when": {"notCustomerTags": ["staff"]}},
            {"id": "c", "kind": "line_quantity", "mx": 1, "message": "m", "lines": {"productTags": ["ignored"]}}
        ]}"#;
        let json = Json::parse(text).unwrap();
        let all = Variables::of_config(&json, None);
        assert_eq!(all.product_tags, ["apple", "bulk"]);
        assert_eq!(all.collection_ids, ["gid://shopify/Collection/9"]);
        assert_eq!(all.customer_tags, ["staff", "vip"]);
        assert_eq!(Variables::of_config(&json, Some(Family::Address)).customer_tags, ["staff"]);
        assert!(Variables::of_config(&json, Some(Family::Address)).product_tags.is_empty());
        assert_eq!(metafield_text(&Variables::default()), r#"{"productTags":[],"collectionIds":[],"customerTags":[]}"#);
    }
}
