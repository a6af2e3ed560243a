//! The `variables` metafield: the input-query variables a config needs.
//!
//! Every product tag, collection id and customer tag the config's valid
//! rules name, sorted by byte value and de-duplicated, each key always
//! present. A tag keeps the spelling of its first mention in the config
//! (tags are de-duplicated case-insensitively: `"Wholesale"` then
//! `"wholesale"` is one tag, `"Wholesale"`); collection ids are kept as
//! written. The function reads membership answers in this order, so the one
//! derivation (`checkout_guard::config::Terms::in_metafield_order`) serves
//! the function, the CLI and the runner's input generator.

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
             "when": {"notCustomerTags": ["staff", "vip", "Zed"]}},
            {"id": "d", "kind": "cart_quantity", "max": 3, "message": "m",
             "lines": {"except": {"productTags": ["apple", "Émigré"]}, "productTags": ["ÉMIGRÉ", "bulk"]}},
            {"id": "c", "kind": "line_quantity", "mx": 1, "message": "m", "lines": {"productTags": ["ignored"]}}
        ]}"#;
        let json = Json::parse(text).unwrap();
        let all = Variables::of_config(&json, None);
        // First spelling kept (rule "d" names "Émigré" in `except` before its
        // `productTags`), de-duplicated case-insensitively, sorted by bytes.
        assert_eq!(all.product_tags, ["Apple", "Bulk", "Émigré"]);
        assert_eq!(all.collection_ids, ["gid://shopify/Collection/9"]);
        assert_eq!(all.customer_tags, ["VIP", "Zed", "staff"]);
        assert_eq!(Variables::of_config(&json, Some(Family::Address)).customer_tags, ["Zed", "staff", "vip"]);
        assert!(Variables::of_config(&json, Some(Family::Address)).product_tags.is_empty());
        assert_eq!(metafield_text(&Variables::default()), r#"{"productTags":[],"collectionIds":[],"customerTags":[]}"#);
    }
}
