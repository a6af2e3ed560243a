//! Shopify inputs for each family's input query.
//!
//! [`input_json`] turns a friendly [`Cart`] into the exact JSON Shopify sends
//! the function of a [`Family`]: only the fields its query asks for, with the
//! query's aliases and in its field order, decimals as canonical strings, one
//! `hasTags`/`inCollections` answer per entry of the [`Variables`] in their
//! order, and `validation.metafield.jsonValue` = the config.
//! [`generate_cart`] makes a realistic cart of any size, deterministically
//! from a seed.
//!
//! # The friendly cart format ([`Cart`], JSON, camelCase)
//!
//! Every field is optional unless marked; unknown fields are an error (a
//! typo never silently changes a test).
//!
//! ```json
//! {
//!   "lines": [
//!     {
//!       "productId": "gid://shopify/Product/8012345678901",
//!       "title": "Classic Merino Beanie",
//!       "vendor": "Northwind Outfitters",
//!       "productType": "Hats",
//!       "tags": ["wool", "Bulk-Pack"],
//!       "collections": ["gid://shopify/Collection/412345678901"],
//!       "variantId": "gid://shopify/ProductVariant/44012345678901",
//!       "quantity": 2,
//!       "price": "24.50",
//!       "weight": 0.25,
//!       "weightUnit": "KILOGRAMS",
//!       "requiresShipping": true
//!     },
//!     { "custom": true, "title": "Custom engraving", "price": "15" }
//!   ],
//!   "buyer": { "email": "jordan@example.com", "phone": "+16135550147",
//!              "customerTags": ["vip"], "b2b": false },
//!   "deliveryGroups": [
//!     { "address": { "address1": "150 Elgin Street", "address2": null, "city": "Ottawa",
//!                    "company": null, "countryCode": "CA", "firstName": "Jordan",
//!                    "lastName": "Lee", "phone": "+1 (613) 555-0147",
//!                    "provinceCode": "ON", "zip": "K2P 1L4" },
//!       "deliveryMethod": "SHIPPING" }
//!   ],
//!   "billingAddress": { "address1": "150 Elgin Street", "countryCode": "CA", "zip": "K2P 1L4" },
//!   "step": "CHECKOUT_COMPLETION",
//!   "language": "EN",
//!   "currency": "CAD",
//!   "presentmentCurrencyRate": "1.0",
//!   "subtotal": null
//! }
//! ```
//!
//! Lines:
//! * `productId`, `variantId`: GIDs; default
//!   `gid://shopify/Product/<8012345678901 + index>` and
//!   `gid://shopify/ProductVariant/<44012345678901 + index>`.
//! * `title`: the product's title (a custom product's own title); default
//!   `"Product <n>"`. `vendor` defaults to `"Checkout Guard Test"`,
//!   `productType` to null.
//! * `tags`, `collections`: the product's tags and collection GIDs; they
//!   become the `hasTags` / `inCollections` answers (tags compare
//!   case-insensitively, collection ids exactly).
//! * `quantity` (default 1); `price`: unit price in the presentment currency,
//!   a decimal string (default `"10.0"`); the line subtotal is price ×
//!   quantity unless `subtotal` overrides it (e.g. after discounts).
//! * `weight` (number or null, default null), `weightUnit` (`GRAMS`,
//!   `KILOGRAMS` (default), `OUNCES`, `POUNDS`), `requiresShipping` (default
//!   true).
//! * `custom: true` makes the merchandise a `CustomProduct` (only `title`).
//!
//! Cart:
//! * `buyer`: absent or null: `buyerIdentity` is null. `customerTags` absent
//!   or null: a guest (`customer` null); a list: a logged-in customer with
//!   those tags. `b2b: true` sets `purchasingCompany`.
//! * `deliveryGroups`: each with an `address` (null: no address) and a
//!   `deliveryMethod` (`SHIPPING`, `PICK_UP`, `LOCAL`, `PICKUP_POINT`,
//!   `RETAIL`, `NONE`, or null: no selected option). Address fields are
//!   strings or null; as Shopify does, parentheses and dashes are stripped
//!   from the address `phone`.
//! * `billingAddress`: null when absent.
//! * `step`: `CART_INTERACTION`, `CHECKOUT_INTERACTION`, `CHECKOUT_COMPLETION`
//!   (default when absent) or null.
//! * `language`: a `LanguageCode` (`EN` default, `FR`, `PT_BR`, ...);
//!   `currency`: a `CurrencyCode` (`USD` default); `presentmentCurrencyRate`
//!   (default `"1.0"`); `subtotal`: overrides `cart.cost.subtotalAmount`
//!   (default: the sum of line subtotals).

pub mod decimal;
mod query;

use crate::family::Family;
use checkout_guard::config::Terms;
use checkout_guard::json::Json;
pub use decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Metafield values Shopify hands a function at most; larger ones arrive as
/// null (the generator then sends `"metafield": null`).
pub const METAFIELD_MAX_BYTES: usize = 10_000;

/// The input-query variables (the `variables` metafield):
/// `{"productTags": [..], "collectionIds": [..], "customerTags": [..]}`.
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
    /// The variables a config's valid rules need, as the engine derives them
    /// (one definition for the function, the CLI and the generator): every
    /// product tag and collection id in `lines` filters, every customer tag
    /// in `when`; each once (tags case-insensitively, spelled as first
    /// written), each list sorted by byte value.
    pub fn of_config(config: &Json, family: Option<Family>) -> Variables {
        Variables::from_terms(&checkout_guard::config::compile(Some(config), family).terms)
    }

    /// [`Variables::of_config`] of both families, from a serde value.
    pub fn from_config(config: &Value) -> Variables {
        let text = config.to_string();
        Json::parse(&text).map(|json| Variables::of_config(&json, None)).unwrap_or_default()
    }

    /// The metafield's lists from a checked config's terms, in the engine's
    /// one derivation ([`Terms::in_metafield_order`]).
    pub fn from_terms(terms: &Terms) -> Variables {
        let Terms { product_tags, collection_ids, customer_tags } = terms.in_metafield_order();
        Variables { product_tags, collection_ids, customer_tags }
    }

    /// The metafield value: `{"productTags": .., "collectionIds": .., "customerTags": ..}`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "productTags": self.product_tags,
            "collectionIds": self.collection_ids,
            "customerTags": self.customer_tags,
        })
    }
}

/// A friendly description of a cart; see the [module docs](self) for its JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Cart {
    #[serde(default)]
    pub lines: Vec<Line>,
    #[serde(default)]
    pub buyer: Option<Buyer>,
    #[serde(default)]
    pub delivery_groups: Vec<DeliveryGroup>,
    #[serde(default)]
    pub billing_address: Option<Address>,
    #[serde(default = "default_step")]
    pub step: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default = "default_rate")]
    pub presentment_currency_rate: String,
    #[serde(default)]
    pub subtotal: Option<String>,
}

impl Default for Cart {
    fn default() -> Self {
        Cart {
            lines: Vec::new(),
            buyer: None,
            delivery_groups: Vec::new(),
            billing_address: None,
            step: default_step(),
            language: default_language(),
            currency: default_currency(),
            presentment_currency_rate: default_rate(),
            subtotal: None,
        }
    }
}

/// One cart line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Line {
    #[serde(default)]
    pub product_id: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default = "default_vendor")]
    pub vendor: String,
    #[serde(default)]
    pub product_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub collections: Vec<String>,
    #[serde(default)]
    pub variant_id: Option<String>,
    #[serde(default = "default_quantity")]
    pub quantity: i64,
    #[serde(default = "default_price")]
    pub price: String,
    #[serde(default)]
    pub subtotal: Option<String>,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default = "default_weight_unit")]
    pub weight_unit: String,
    #[serde(default = "default_true")]
    pub requires_shipping: bool,
    #[serde(default)]
    pub custom: bool,
}

impl Default for Line {
    fn default() -> Self {
        Line {
            product_id: None,
            title: None,
            vendor: default_vendor(),
            product_type: None,
            tags: Vec::new(),
            collections: Vec::new(),
            variant_id: None,
            quantity: default_quantity(),
            price: default_price(),
            subtotal: None,
            weight: None,
            weight_unit: default_weight_unit(),
            requires_shipping: true,
            custom: false,
        }
    }
}

/// Who buys.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Buyer {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// `None`: a guest; `Some`: a logged-in customer with these tags.
    #[serde(default)]
    pub customer_tags: Option<Vec<String>>,
    #[serde(default)]
    pub b2b: bool,
}

/// A delivery group: where and how it is delivered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeliveryGroup {
    #[serde(default)]
    pub address: Option<Address>,
    #[serde(default)]
    pub delivery_method: Option<String>,
}

/// A mailing address (delivery or billing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Address {
    #[serde(default)]
    pub address1: Option<String>,
    #[serde(default)]
    pub address2: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub country_code: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub province_code: Option<String>,
    #[serde(default)]
    pub zip: Option<String>,
}

fn default_step() -> Option<String> {
    Some("CHECKOUT_COMPLETION".to_string())
}
fn default_language() -> String {
    "EN".to_string()
}
fn default_currency() -> String {
    "USD".to_string()
}
fn default_rate() -> String {
    "1.0".to_string()
}
fn default_vendor() -> String {
    "Checkout Guard Test".to_string()
}
fn default_quantity() -> i64 {
    1
}
fn default_price() -> String {
    "10.0".to_string()
}
fn default_weight_unit() -> String {
    "KILOGRAMS".to_string()
}
fn default_true() -> bool {
    true
}

/// First product id of generated and defaulted lines.
pub const PRODUCT_ID_BASE: u64 = 8_012_345_678_901;
/// First variant id of generated and defaulted lines.
pub const VARIANT_ID_BASE: u64 = 44_012_345_678_901;

/// The input Shopify sends the function of `family` for `cart`, as compact
/// JSON in the query's field order. `config` is the `config` metafield's
/// value (`None`: no metafield; over [`METAFIELD_MAX_BYTES`]: null, as
/// Shopify does).
pub fn input_json(family: Family, cart: &Cart, variables: &Variables, config: Option<&Value>) -> String {
    query::render(family, cart, variables, config)
}

/// [`input_json`] parsed into a `Value` (object keys then sort
/// alphabetically; the bytes are those of [`input_json`]).
pub fn input_value(family: Family, cart: &Cart, variables: &Variables, config: Option<&Value>) -> Value {
    serde_json::from_str(&input_json(family, cart, variables, config)).unwrap_or(Value::Null)
}

/// A generated cart of `lines` lines with variables and config, rendered for
/// `family`: the usual way to get a test input of a given size.
pub fn generated_input_json(
    family: Family,
    lines: usize,
    variables: &Variables,
    config: Option<&Value>,
    seed: u64,
) -> String {
    input_json(family, &generate_cart(lines, variables, seed), variables, config)
}

/// splitmix64: small, deterministic, good enough for test data (the
/// generator's carts and the hostile-input tests share it).
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    /// One of `items`, which must not be empty.
    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const ADJECTIVES: &[&str] = &[
    "Classic",
    "Everyday",
    "Heritage",
    "Organic",
    "Ultralight",
    "Vintage",
    "Premium",
    "Coastal",
    "Alpine",
    "Urban",
    "Handmade",
    "Essential",
];
const MATERIALS: &[&str] =
    &["Merino Wool", "Cotton", "Linen", "Leather", "Bamboo", "Ceramic", "Canvas", "Oak", "Stainless", "Recycled"];
const NOUNS: &[&str] = &[
    "Beanie",
    "Tote Bag",
    "T-Shirt",
    "Hoodie",
    "Mug",
    "Water Bottle",
    "Notebook",
    "Scarf",
    "Backpack",
    "Socks",
    "Candle",
    "Cutting Board",
    "Apron",
    "Wallet",
];
const VENDORS: &[&str] =
    &["Northwind Outfitters", "Maple & Pine", "Lumen Goods", "Harbor Supply Co.", "Atelier Nord", "Fieldhouse"];
const PRODUCT_TYPES: &[&str] = &["Accessories", "Apparel", "Home", "Kitchen", "Stationery", "Bags"];
const OTHER_TAGS: &[&str] = &["new", "sale", "summer", "bestseller", "eco"];
const SIZES: &[&str] = &["S", "M", "L", "XL"];

/// A realistic cart of `lines` lines, the same for the same `seed`.
///
/// Every fourth line is another variant of the previous line's product;
/// each product carries each of `variables.product_tags` with 30 %
/// probability and each of `variables.collection_ids` with 40 %; prices are
/// whole, half or .99 amounts; weights mostly in kilograms, some in grams or
/// pounds, a few missing; about 8 % of lines need no shipping; every 50th
/// line is a custom product. The buyer is a logged-in customer tagged with
/// the first customer tag (if any) and `newsletter`, shipping to Ottawa.
pub fn generate_cart(lines: usize, variables: &Variables, seed: u64) -> Cart {
    let mut rng = Rng(seed ^ 0x00C0_FFEE_D00D_F00D);
    let mut out = Vec::with_capacity(lines);
    let mut product_no: u64 = 0;
    let mut previous: Option<Line> = None;
    for i in 0..lines {
        let variant_id = format!("gid://shopify/ProductVariant/{}", VARIANT_ID_BASE + i as u64);
        let quantity = if rng.chance(10) { rng.range(4, 6) } else { rng.range(1, 3) } as i64;
        let price = {
            let whole = rng.range(4, 149) as i64;
            match rng.next_u64() % 10 {
                0..=3 => Decimal::from_cents(whole * 100),
                4..=6 => Decimal::from_cents(whole * 100 + 50),
                _ => Decimal::from_cents(whole * 100 + 99),
            }
        };
        if i % 50 == 49 {
            out.push(Line {
                title: Some("Custom engraving".to_string()),
                quantity: 1,
                price: price.to_string(),
                custom: true,
                variant_id: Some(variant_id),
                ..Line::default()
            });
            continue;
        }
        let (weight, weight_unit, requires_shipping) = if rng.chance(8) {
            (Some(0.0), "KILOGRAMS", false)
        } else if i % 25 == 24 {
            (None, "KILOGRAMS", true)
        } else {
            match rng.next_u64() % 10 {
                0..=6 => (Some(rng.range(5, 300) as f64 / 100.0), "KILOGRAMS", true),
                7 | 8 => (Some(rng.range(50, 3000) as f64), "GRAMS", true),
                _ => (Some(rng.range(1, 60) as f64 / 10.0), "POUNDS", true),
            }
        };
        let line = match previous.as_ref().filter(|_| i % 4 == 3) {
            Some(prev) => Line {
                variant_id: Some(variant_id),
                quantity,
                price: price.to_string(),
                weight,
                weight_unit: weight_unit.to_string(),
                requires_shipping,
                ..prev.clone()
            },
            None => {
                product_no += 1;
                let mut tags: Vec<String> = variables.product_tags.iter().filter(|_| rng.chance(30)).cloned().collect();
                for _ in 0..rng.range(1, 2) {
                    let tag = rng.pick(OTHER_TAGS).to_string();
                    if !tags.contains(&tag) {
                        tags.push(tag);
                    }
                }
                let collections = variables.collection_ids.iter().filter(|_| rng.chance(40)).cloned().collect();
                let title = format!(
                    "{} {} {} - {}",
                    rng.pick(ADJECTIVES),
                    rng.pick(MATERIALS),
                    rng.pick(NOUNS),
                    rng.pick(SIZES)
                );
                Line {
                    product_id: Some(format!("gid://shopify/Product/{}", PRODUCT_ID_BASE + product_no)),
                    title: Some(title),
                    vendor: rng.pick(VENDORS).to_string(),
                    product_type: Some(rng.pick(PRODUCT_TYPES).to_string()),
                    tags,
                    collections,
                    variant_id: Some(variant_id),
                    quantity,
                    price: price.to_string(),
                    subtotal: None,
                    weight,
                    weight_unit: weight_unit.to_string(),
                    requires_shipping,
                    custom: false,
                }
            }
        };
        previous = Some(line.clone());
        out.push(line);
    }
    let mut customer_tags: Vec<String> = variables.customer_tags.iter().take(1).cloned().collect();
    customer_tags.push("newsletter".to_string());
    let address = Address {
        address1: Some("150 Elgin Street".to_string()),
        address2: Some("Suite 1200".to_string()),
        city: Some("Ottawa".to_string()),
        company: Some("Lee & Partners".to_string()),
        country_code: Some("CA".to_string()),
        first_name: Some("Jordan".to_string()),
        last_name: Some("Lee".to_string()),
        phone: Some("+1 (613) 555-0147".to_string()),
        province_code: Some("ON".to_string()),
        zip: Some("K2P 1L4".to_string()),
    };
    let billing = Address { first_name: None, last_name: None, phone: None, ..address.clone() };
    Cart {
        lines: out,
        buyer: Some(Buyer {
            email: Some("jordan.lee@example.com".to_string()),
            phone: Some("+16135550147".to_string()),
            customer_tags: Some(customer_tags),
            b2b: false,
        }),
        delivery_groups: vec![DeliveryGroup { address: Some(address), delivery_method: Some("SHIPPING".to_string()) }],
        billing_address: Some(billing),
        step: default_step(),
        language: "EN".to_string(),
        currency: "CAD".to_string(),
        presentment_currency_rate: "1.0".to_string(),
        subtotal: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_from_config_sorted_and_deduplicated() {
        let config = serde_json::json!({"version": 1, "rules": [
            {"id": "a", "kind": "line_quantity", "max": 1, "message": "m",
             "lines": {"productTags": ["b", "a"], "collectionIds": ["gid://shopify/Collection/2"],
                       "except": {"productTags": ["c", "a"]}},
             "when": {"customerTags": ["vip"], "notCustomerTags": ["staff", "vip"]}},
            {"id": "b", "kind": "cart_quantity", "max": 1, "message": "m",
             "lines": {"collectionIds": ["gid://shopify/Collection/1"]}}
        ]});
        let v = Variables::from_config(&config);
        assert_eq!(v.product_tags, ["a", "b", "c"]);
        assert_eq!(v.collection_ids, ["gid://shopify/Collection/1", "gid://shopify/Collection/2"]);
        assert_eq!(v.customer_tags, ["staff", "vip"]);
        assert_eq!(
            v.to_json(),
            serde_json::json!({"productTags": ["a", "b", "c"],
                "collectionIds": ["gid://shopify/Collection/1", "gid://shopify/Collection/2"],
                "customerTags": ["staff", "vip"]})
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let v = Variables { product_tags: vec!["x".into()], collection_ids: vec![], customer_tags: vec![] };
        assert_eq!(generate_cart(30, &v, 7), generate_cart(30, &v, 7));
        assert_ne!(generate_cart(30, &v, 7), generate_cart(30, &v, 8));
        assert_eq!(generate_cart(120, &v, 1).lines.len(), 120);
    }

    #[test]
    fn friendly_cart_defaults() {
        let cart: Cart = serde_json::from_str(r#"{"lines": [{"price": "5"}]}"#).unwrap();
        assert_eq!(cart.step.as_deref(), Some("CHECKOUT_COMPLETION"));
        assert_eq!(cart.lines[0].quantity, 1);
        let cart: Cart = serde_json::from_str(r#"{"step": null}"#).unwrap();
        assert_eq!(cart.step, None);
        assert!(serde_json::from_str::<Cart>(r#"{"lnes": []}"#).is_err());
    }
}
