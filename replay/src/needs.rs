//! Which rules the exports can judge, and which facts each needs per order.

use crate::cart::{CURRENCY, METHOD, PRODUCT, SHIPPING, VENDOR};
use crate::csvhead::Header;
use serde_json::Value;

/// What the merchant's files provide.
pub struct Sources<'a> {
    /// The orders export's columns.
    pub orders: &'a Header,
    /// A products export was given.
    pub products: bool,
    /// Shipping rates were mapped to delivery methods.
    pub methods: bool,
}

/// A rule the exports can judge, with the facts ([`crate::cart`] bits) an
/// order must have for it; or why they cannot judge it at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgeable {
    Yes { needs: u8 },
    No(String),
}

fn listed(value: Option<&Value>) -> bool {
    value.and_then(Value::as_array).is_some_and(|a| !a.is_empty())
}

fn column(sources: &Sources, name: &str) -> Result<(), String> {
    if sources.orders.has(name) {
        Ok(())
    } else {
        Err(format!("the orders export has no \"{name}\" column"))
    }
}

/// The export column a `field_pattern` field reads.
fn field_column(field: &str) -> Result<&'static str, String> {
    Ok(match field {
        "deliveryAddress.address1" => "Shipping Address1",
        "deliveryAddress.address2" => "Shipping Address2",
        "deliveryAddress.city" => "Shipping City",
        "deliveryAddress.company" => "Shipping Company",
        "deliveryAddress.countryCode" => "Shipping Country",
        "deliveryAddress.phone" => "Shipping Phone",
        "deliveryAddress.provinceCode" => "Shipping Province",
        "deliveryAddress.zip" => "Shipping Zip",
        "billingAddress.address1" => "Billing Address1",
        "billingAddress.address2" => "Billing Address2",
        "billingAddress.city" => "Billing City",
        "billingAddress.company" => "Billing Company",
        "billingAddress.countryCode" => "Billing Country",
        "billingAddress.provinceCode" => "Billing Province",
        "billingAddress.zip" => "Billing Zip",
        "buyerIdentity.email" => "Email",
        "buyerIdentity.phone" => "Phone",
        "deliveryAddress.firstName" | "deliveryAddress.lastName" => {
            return Err("the exports have the buyer's full name only, not first and last names".to_string())
        }
        _ => return Err("it reads a field the exports do not have".to_string()),
    })
}

fn check(rule: &Value, sources: &Sources) -> Result<u8, String> {
    let mut needs = 0u8;
    let kind = rule.get("kind").and_then(Value::as_str).unwrap_or_default();
    if let Some(lines) = rule.get("lines") {
        for filter in [Some(lines), lines.get("except")].into_iter().flatten() {
            if listed(filter.get("productIds")) || listed(filter.get("variantIds")) {
                return Err("it selects lines by product or variant id, which the exports do not carry".to_string());
            }
            if listed(filter.get("collectionIds")) {
                return Err("collection membership is not in the exports".to_string());
            }
            for (key, what) in [("productTags", "product tag"), ("productTypes", "product type")] {
                if listed(filter.get(key)) {
                    if !sources.products {
                        return Err(format!(
                            "it selects lines by {what}, which only the products export has (--products)"
                        ));
                    }
                    needs |= PRODUCT;
                }
            }
            if listed(filter.get("vendors")) {
                if !sources.orders.has("Vendor") && !sources.products {
                    return Err("it selects lines by vendor: the orders export has no \"Vendor\" column and no products export was given".to_string());
                }
                needs |= VENDOR;
            }
        }
    }
    if let Some(when) = rule.get("when") {
        if listed(when.get("customerTags")) || listed(when.get("notCustomerTags")) {
            return Err("customer tags are not in the orders export".to_string());
        }
        if when.get("b2b").is_some() {
            return Err("the exports do not say whether the buyer bought for a company (B2B)".to_string());
        }
        if listed(when.get("deliveryMethods")) {
            if !sources.methods {
                return Err("the orders export names the shipping rate, not its delivery method: map rates with --delivery-method \"RATE=SHIPPING\"".to_string());
            }
            needs |= METHOD;
        }
        if listed(when.get("countries")) || listed(when.get("notCountries")) {
            column(sources, "Shipping Country")?;
        }
    }
    match kind {
        "product_quantity" => {
            if !sources.products {
                return Err("it counts per product, and only the products export tells which lines are variants of one product (--products)".to_string());
            }
            needs |= PRODUCT;
        }
        "cart_weight" => {
            if !sources.products {
                return Err("weights are only in the products export (--products)".to_string());
            }
            needs |= PRODUCT | SHIPPING;
        }
        "cart_subtotal" => needs |= CURRENCY,
        "field_pattern" => {
            let fields = rule.get("fields").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for field in fields {
                let name = field_column(field.as_str().unwrap_or_default())?;
                column(sources, name)?;
            }
            if rule.get("preset").and_then(Value::as_str) == Some("postal_format") {
                for field in fields.iter().filter_map(Value::as_str) {
                    let country = if field.starts_with("billing") { "Billing Country" } else { "Shipping Country" };
                    column(sources, country)?;
                }
            }
        }
        "delivery_country" => column(sources, "Shipping Country")?,
        "delivery_province" => {
            column(sources, "Shipping Country")?;
            column(sources, "Shipping Province")?;
        }
        "postal_code" => {
            column(sources, "Shipping Zip")?;
            if rule.get("country").is_some() {
                column(sources, "Shipping Country")?;
            }
        }
        _ => {}
    }
    Ok(needs)
}

/// Whether the exports can judge `rule` (a valid rule of config v1).
pub fn judgeable(rule: &Value, sources: &Sources) -> Judgeable {
    match check(rule, sources) {
        Ok(needs) => Judgeable::Yes { needs },
        Err(reason) => Judgeable::No(reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders;
    use serde_json::json;

    fn header(names: &[&str]) -> Header {
        Header::find(names.iter().copied(), orders::COLUMNS, &[]).unwrap()
    }

    #[test]
    fn facts_the_exports_cannot_tell_are_never_guessed() {
        let h = header(&["Name", "Vendor", "Shipping Address1", "Shipping Country", "Email"]);
        let bare = Sources { orders: &h, products: false, methods: false };
        let full = Sources { orders: &h, products: true, methods: true };
        let no = |rule: Value, s: &Sources| match judgeable(&rule, s) {
            Judgeable::No(reason) => reason,
            yes => panic!("{rule} judged: {yes:?}"),
        };
        let yes = |rule: Value, s: &Sources| match judgeable(&rule, s) {
            Judgeable::Yes { needs } => needs,
            Judgeable::No(reason) => panic!("{rule}: {reason}"),
        };
        assert!(no(
            json!({"kind": "cart_quantity", "lines": {"collectionIds": ["gid://shopify/Collection/1"]}}),
            &full
        )
        .contains("collection"));
        assert!(no(
            json!({"kind": "cart_quantity", "lines": {"except": {"productIds": ["gid://shopify/Product/1"]}}}),
            &full
        )
        .contains("product or variant id"));
        assert!(
            no(json!({"kind": "cart_quantity", "when": {"customerTags": ["vip"]}}), &full).contains("customer tags")
        );
        assert!(no(json!({"kind": "cart_quantity", "when": {"b2b": false}}), &full).contains("B2B"));
        assert!(no(json!({"kind": "line_quantity", "lines": {"productTags": ["x"]}}), &bare).contains("--products"));
        assert!(no(json!({"kind": "cart_weight"}), &bare).contains("--products"));
        assert!(no(json!({"kind": "product_quantity"}), &bare).contains("--products"));
        assert!(
            no(json!({"kind": "field_pattern", "fields": ["deliveryAddress.firstName"]}), &full).contains("full name")
        );
        assert!(
            no(json!({"kind": "field_pattern", "fields": ["deliveryAddress.zip"]}), &full).contains("\"Shipping Zip\"")
        );
        assert!(no(json!({"kind": "field_pattern", "fields": ["deliveryAddress.address1"], "when": {"deliveryMethods": ["SHIPPING"]}}), &bare)
            .contains("--delivery-method"));
        assert_eq!(
            yes(
                json!({"kind": "field_pattern", "fields": ["deliveryAddress.address1"], "when": {"deliveryMethods": ["SHIPPING"]}}),
                &full
            ),
            METHOD
        );
        assert_eq!(yes(json!({"kind": "cart_subtotal", "when": {"customerTags": []}}), &bare), CURRENCY);
        assert_eq!(yes(json!({"kind": "cart_weight"}), &full), PRODUCT | SHIPPING);
        assert_eq!(yes(json!({"kind": "line_quantity", "lines": {"vendors": ["N"]}}), &bare), VENDOR);
        assert_eq!(yes(json!({"kind": "delivery_country", "deny": ["US"]}), &bare), 0);
    }
}
