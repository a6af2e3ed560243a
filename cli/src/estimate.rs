//! How many bytes Shopify's input to the order-limits function takes for a
//! cart, estimated from the shape of `limits.graphql`'s response.
//!
//! Every cart line carries one `hasTags` answer per product tag and one
//! `inCollections` answer per collection id of the `variables` metafield,
//! whether or not the product has them, so the terms a config names cost
//! bytes on every line: 10 bytes each (`{"h":false}`: answers are read by
//! position and echo no term). Shopify's input limit is 128,000 bytes for carts up to
//! 200 lines; past it the run fails (checkout proceeds, unguarded).
//!
//! The estimate renders one line and the cart-level fields with generous
//! typical values (a 60-character title, a 24-character vendor, 4-digit
//! prices, 2 delivery groups) and counts their bytes: it is meant to err on
//! the high side for ordinary catalogs. Titles near Shopify's 255-character
//! maximum make real inputs larger.

use crate::jsontext::write_string;

/// Shopify's input limit for carts up to 200 lines.
pub const INPUT_LIMIT_BYTES: usize = 128_000;
/// The cart size the input limit is stated for (it scales above).
pub const LINES: usize = 200;

const TITLE_CHARS: usize = 60;
const VENDOR_CHARS: usize = 24;
const PRODUCT_TYPE_CHARS: usize = 16;
const DELIVERY_GROUPS: usize = 2;

/// What the order-limits input depends on.
#[derive(Clone, Copy, Debug)]
pub struct Terms<'a> {
    pub product_tags: &'a [String],
    pub collection_ids: &'a [String],
    pub customer_tags: &'a [String],
}

/// Bytes of one product-variant line, with its membership answers.
pub fn line_bytes(terms: &Terms) -> usize {
    let tag_bytes = terms.product_tags.len() * "{\"h\":false},".len();
    let collection_bytes = terms.collection_ids.len() * "{\"m\":false},".len();
    let line = format!(
        concat!(
            r#"{{"q":12,"c":{{"s":{{"a":"1234.56"}}}},"m":{{"#,
            r#""id":"gid://shopify/ProductVariant/44012345678901","r":true,"w":12.25,"u":"KILOGRAMS","#,
            r#""p":{{"id":"gid://shopify/Product/8012345678901","t":"{}","v":"{}","y":"{}","g":[],"k":[]}}}}}},"#
        ),
        "T".repeat(TITLE_CHARS),
        "V".repeat(VENDOR_CHARS),
        "Y".repeat(PRODUCT_TYPE_CHARS),
    );
    line.len() + tag_bytes + collection_bytes
}

/// Bytes of everything but the lines and the config.
pub fn cart_bytes(terms: &Terms) -> usize {
    let mut customer = String::new();
    for tag in terms.customer_tags {
        customer.push_str("{\"tag\":");
        write_string(tag, &mut customer);
        customer.push_str(",\"hasTag\":false},");
    }
    let group =
        r#"{"deliveryAddress":{"countryCode":"US"},"selectedDeliveryOption":{"deliveryMethodType":"PICKUP_POINT"}},"#;
    let frame = concat!(
        r#"{"buyerJourney":{"step":"CHECKOUT_INTERACTION"},"cart":{"cost":{"subtotalAmount":"#,
        r#"{"amount":"123456.78","currencyCode":"USD"}},"lines":[],"buyerIdentity":{"customer":"#,
        r#"{"hasTags":[]},"purchasingCompany":{"__typename":"PurchasingCompany"}},"deliveryGroups":[]},"#,
        r#""localization":{"language":{"isoCode":"PT_BR"}},"presentmentCurrencyRate":"1.234567890123","#,
        r#""validation":{"metafield":{"jsonValue":}}}"#
    );
    frame.len() + customer.len() + DELIVERY_GROUPS * group.len()
}

/// The estimated input of a cart of `lines` product lines, with a config of
/// `config_bytes` bytes in the metafield.
pub fn input_bytes(terms: &Terms, config_bytes: usize, lines: usize) -> usize {
    cart_bytes(terms) + config_bytes + lines * line_bytes(terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_guard_runner::gen::{self, Variables};
    use checkout_guard_runner::Family;

    fn gids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("gid://shopify/Collection/41234567890{i}")).collect()
    }

    fn tags(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("wholesale-tier-{i}")).collect()
    }

    /// The estimate is an upper bound of what the runner's generator renders
    /// for `limits.graphql`, and not a wild one.
    #[test]
    fn estimate_bounds_generated_inputs() {
        let config = serde_json::json!({"version": 1, "rules": []});
        let config_bytes = serde_json::to_string(&config).unwrap().len();
        for (t, c, k) in [(0, 0, 0), (3, 0, 1), (0, 5, 0), (5, 5, 10), (0, 10, 2), (10, 0, 0)] {
            let vars = Variables { product_tags: tags(t), collection_ids: gids(c), customer_tags: tags(k) };
            let terms = Terms {
                product_tags: &vars.product_tags,
                collection_ids: &vars.collection_ids,
                customer_tags: &vars.customer_tags,
            };
            let estimate = input_bytes(&terms, config_bytes, LINES);
            for seed in [1, 2, 3] {
                let actual = gen::generated_input_json(Family::Limits, LINES, &vars, Some(&config), seed).len();
                assert!(actual <= estimate, "{t} tags, {c} collections: generated {actual} > estimate {estimate}");
                assert!(
                    estimate * 100 <= actual * 135,
                    "{t} tags, {c} collections: estimate {estimate} is over 135% of generated {actual}"
                );
            }
        }
    }

    /// Answers read by position (10 bytes each, no echoed term) keep a
    /// 200-line cart at the contract's whole term budget, with the largest
    /// config Shopify hands over, well inside the input limit.
    #[test]
    fn the_whole_term_budget_fits_two_hundred_lines() {
        let (ids, customer) = (gids(10), tags(10));
        let terms = Terms { product_tags: &[], collection_ids: &ids, customer_tags: &customer };
        let bytes = input_bytes(&terms, 10_000, LINES);
        assert!(bytes < INPUT_LIMIT_BYTES * 9 / 10, "{bytes}");
        // Past the budget it stops fitting: 100 terms (Shopify's list limit).
        let many = gids(100);
        let terms = Terms { product_tags: &[], collection_ids: &many, customer_tags: &customer };
        assert!(input_bytes(&terms, 10_000, LINES) > INPUT_LIMIT_BYTES);
    }
}
