//! The `variables` metafield: the input-query variables a config needs.
//!
//! Every product tag, collection id and customer tag the config's valid
//! rules name, sorted (by bytes) and de-duplicated, each key always present.
//! Tags come lower-cased, as the engine folds them: Shopify and the function
//! compare tags case-insensitively, so `"Wholesale"` in the config and
//! `"wholesale"` here are the same tag. Collection ids are kept as written.

use checkout_guard::config::{self, Terms};
use checkout_guard::json::Json;
use checkout_guard::Family;
use serde::{Deserialize, Serialize};

/// The metafield value, in the order Shopify's docs and the contract show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variables {
    #[serde(default)]
    pub product_tags: Vec<String>,
    #[serde(default)]
    pub collection_ids: Vec<String>,
    #[serde(default)]
    pub customer_tags: Vec<String>,
}

impl Variables {
    pub fn from_terms(terms: &Terms) -> Variables {
        let sorted = |list: &[String]| {
            let mut list = list.to_vec();
            list.sort();
            list.dedup();
            list
        };
        Variables {
            product_tags: sorted(&terms.product_tags),
            collection_ids: sorted(&terms.collection_ids),
            customer_tags: sorted(&terms.customer_tags),
        }
    }

    /// The variables of a config's valid rules: of one family, or of both.
    pub fn of_config(config: &Json, family: Option<Family>) -> Variables {
        Variables::from_terms(&config::compile(Some(config), family).terms)
    }

    /// The compact JSON metafield value.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The same lists for the runner's input generator.
    pub fn to_runner(&self) -> checkout_guard_runner::gen::Variables {
        checkout_guard_runner::gen::Variables {
            product_tags: self.product_tags.clone(),
            collection_ids: self.collection_ids.clone(),
            customer_tags: self.customer_tags.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Variables::default().to_json(), r#"{"productTags":[],"collectionIds":[],"customerTags":[]}"#);
    }
}
