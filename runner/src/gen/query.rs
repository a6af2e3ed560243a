//! The two input queries' response shapes, field for field and alias for
//! alias (`limits.graphql`, `address.graphql`). Structs keep the query's field
//! order in the JSON.

#![allow(non_snake_case)]

use super::{Address, Cart, Decimal, Line, Variables, METAFIELD_MAX_BYTES, PRODUCT_ID_BASE, VARIANT_ID_BASE};
use crate::family::Family;
use serde::Serialize;
use serde_json::Value;

pub(super) fn render(family: Family, cart: &Cart, vars: &Variables, config: Option<&Value>) -> String {
    // Serializing these plain structs cannot fail (string keys only; a
    // non-finite weight serializes as null).
    match family {
        Family::Limits => serde_json::to_string(&limits_input(cart, vars, config)),
        Family::Address => serde_json::to_string(&address_input(cart, vars, config)),
    }
    .unwrap_or_default()
}

#[derive(Serialize)]
struct Journey<'a> {
    step: Option<&'a str>,
}

#[derive(Serialize)]
struct Localization<'a> {
    language: IsoCode<'a>,
}

#[derive(Serialize)]
struct IsoCode<'a> {
    isoCode: &'a str,
}

#[derive(Serialize)]
struct Validation<'a> {
    metafield: Option<JsonValue<'a>>,
}

#[derive(Serialize)]
struct JsonValue<'a> {
    jsonValue: &'a Value,
}

#[derive(Serialize)]
struct Typename {
    __typename: &'static str,
}

#[derive(Serialize)]
struct HasTag<'a> {
    tag: &'a str,
    hasTag: bool,
}

#[derive(Serialize)]
struct Customer<'a> {
    hasTags: Vec<HasTag<'a>>,
}

#[derive(Serialize)]
struct SelectedOption<'a> {
    deliveryMethodType: &'a str,
}

fn validation(config: Option<&Value>) -> Validation<'_> {
    let fits = |c: &Value| serde_json::to_string(c).map(|s| s.len() <= METAFIELD_MAX_BYTES).unwrap_or(false);
    Validation { metafield: config.filter(|c| fits(c)).map(|c| JsonValue { jsonValue: c }) }
}

fn customer<'a>(cart: &'a Cart, vars: &'a Variables) -> Option<Customer<'a>> {
    let tags = cart.buyer.as_ref()?.customer_tags.as_ref()?;
    Some(Customer {
        hasTags: vars
            .customer_tags
            .iter()
            .map(|t| HasTag { tag: t, hasTag: tags.iter().any(|c| c.eq_ignore_ascii_case(t)) })
            .collect(),
    })
}

fn purchasing_company(cart: &Cart) -> Option<Typename> {
    cart.buyer.as_ref().filter(|b| b.b2b).map(|_| Typename { __typename: "PurchasingCompany" })
}

fn selected_option(method: &Option<String>) -> Option<SelectedOption<'_>> {
    method.as_deref().map(|m| SelectedOption { deliveryMethodType: m })
}

fn line_subtotal(line: &Line) -> Decimal {
    let explicit = line.subtotal.as_deref().and_then(Decimal::parse);
    explicit.unwrap_or_else(|| Decimal::parse(&line.price).unwrap_or(Decimal::ZERO).times(line.quantity))
}

fn decimal_text(text: &str) -> String {
    Decimal::parse(text).map_or_else(|| text.to_string(), |d| d.to_string())
}

fn cart_subtotal(cart: &Cart) -> String {
    match cart.subtotal.as_deref() {
        Some(s) => decimal_text(s),
        None => cart.lines.iter().fold(Decimal::ZERO, |sum, l| sum.plus(line_subtotal(l))).to_string(),
    }
}

// ---------------------------------------------------------------- limits

#[derive(Serialize)]
struct LimitsInput<'a> {
    buyerJourney: Journey<'a>,
    cart: LimitsCart<'a>,
    localization: Localization<'a>,
    presentmentCurrencyRate: String,
    validation: Validation<'a>,
}

#[derive(Serialize)]
struct LimitsCart<'a> {
    cost: LimitsCost<'a>,
    lines: Vec<LimitsLine<'a>>,
    buyerIdentity: Option<LimitsBuyer<'a>>,
    deliveryGroups: Vec<LimitsGroup<'a>>,
}

#[derive(Serialize)]
struct LimitsCost<'a> {
    subtotalAmount: Money<'a>,
}

#[derive(Serialize)]
struct Money<'a> {
    amount: String,
    currencyCode: &'a str,
}

#[derive(Serialize)]
struct LimitsLine<'a> {
    q: i64,
    c: LineCost,
    m: Merchandise<'a>,
}

#[derive(Serialize)]
struct LineCost {
    s: Amount,
}

#[derive(Serialize)]
struct Amount {
    a: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Merchandise<'a> {
    Variant(Variant<'a>),
    Custom(CustomProduct<'a>),
}

#[derive(Serialize)]
struct Variant<'a> {
    id: String,
    r: bool,
    w: Option<f64>,
    u: &'a str,
    p: Product<'a>,
}

#[derive(Serialize)]
struct Product<'a> {
    id: String,
    t: String,
    v: &'a str,
    y: Option<&'a str>,
    g: Vec<TagAnswer>,
    k: Vec<CollectionAnswer>,
}

/// Answers carry no term: they follow the `variables` lists by position.
#[derive(Serialize)]
struct TagAnswer {
    h: bool,
}

#[derive(Serialize)]
struct CollectionAnswer {
    m: bool,
}

#[derive(Serialize)]
struct CustomProduct<'a> {
    t: &'a str,
}

#[derive(Serialize)]
struct LimitsBuyer<'a> {
    customer: Option<Customer<'a>>,
    purchasingCompany: Option<Typename>,
}

#[derive(Serialize)]
struct LimitsGroup<'a> {
    deliveryAddress: Option<CountryOnly<'a>>,
    selectedDeliveryOption: Option<SelectedOption<'a>>,
}

#[derive(Serialize)]
struct CountryOnly<'a> {
    countryCode: Option<&'a str>,
}

fn default_title(index: usize) -> String {
    format!("Product {}", index + 1)
}

fn limits_line<'a>(index: usize, line: &'a Line, vars: &'a Variables) -> LimitsLine<'a> {
    let title = line.title.clone().unwrap_or_else(|| default_title(index));
    let merchandise = if line.custom {
        Merchandise::Custom(CustomProduct { t: line.title.as_deref().unwrap_or("Custom item") })
    } else {
        Merchandise::Variant(Variant {
            id: line
                .variant_id
                .clone()
                .unwrap_or_else(|| format!("gid://shopify/ProductVariant/{}", VARIANT_ID_BASE + index as u64)),
            r: line.requires_shipping,
            w: line.weight,
            u: &line.weight_unit,
            p: Product {
                id: line
                    .product_id
                    .clone()
                    .unwrap_or_else(|| format!("gid://shopify/Product/{}", PRODUCT_ID_BASE + index as u64)),
                t: title,
                v: &line.vendor,
                y: line.product_type.as_deref(),
                g: vars
                    .product_tags
                    .iter()
                    .map(|t| TagAnswer { h: line.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) })
                    .collect(),
                k: vars
                    .collection_ids
                    .iter()
                    .map(|c| CollectionAnswer { m: line.collections.iter().any(|x| x == c) })
                    .collect(),
            },
        })
    };
    LimitsLine { q: line.quantity, c: LineCost { s: Amount { a: line_subtotal(line).to_string() } }, m: merchandise }
}

fn limits_input<'a>(cart: &'a Cart, vars: &'a Variables, config: Option<&'a Value>) -> LimitsInput<'a> {
    LimitsInput {
        buyerJourney: Journey { step: cart.step.as_deref() },
        cart: LimitsCart {
            cost: LimitsCost { subtotalAmount: Money { amount: cart_subtotal(cart), currencyCode: &cart.currency } },
            lines: cart.lines.iter().enumerate().map(|(i, l)| limits_line(i, l, vars)).collect(),
            buyerIdentity: cart
                .buyer
                .as_ref()
                .map(|_| LimitsBuyer { customer: customer(cart, vars), purchasingCompany: purchasing_company(cart) }),
            deliveryGroups: cart
                .delivery_groups
                .iter()
                .map(|g| LimitsGroup {
                    deliveryAddress: g.address.as_ref().map(|a| CountryOnly { countryCode: a.country_code.as_deref() }),
                    selectedDeliveryOption: selected_option(&g.delivery_method),
                })
                .collect(),
        },
        localization: Localization { language: IsoCode { isoCode: &cart.language } },
        presentmentCurrencyRate: decimal_text(&cart.presentment_currency_rate),
        validation: validation(config),
    }
}

// ---------------------------------------------------------------- address

#[derive(Serialize)]
struct AddressInput<'a> {
    buyerJourney: Journey<'a>,
    cart: AddressCart<'a>,
    localization: Localization<'a>,
    validation: Validation<'a>,
}

#[derive(Serialize)]
struct AddressCart<'a> {
    cost: AddressCost<'a>,
    buyerIdentity: Option<AddressBuyer<'a>>,
    deliveryGroups: Vec<AddressGroup<'a>>,
    billingAddress: Option<BillingAddress<'a>>,
}

#[derive(Serialize)]
struct AddressCost<'a> {
    subtotalAmount: CurrencyOnly<'a>,
}

#[derive(Serialize)]
struct CurrencyOnly<'a> {
    currencyCode: &'a str,
}

#[derive(Serialize)]
struct AddressBuyer<'a> {
    email: Option<&'a str>,
    phone: Option<&'a str>,
    customer: Option<Customer<'a>>,
    purchasingCompany: Option<Typename>,
}

#[derive(Serialize)]
struct AddressGroup<'a> {
    deliveryAddress: Option<DeliveryAddress<'a>>,
    selectedDeliveryOption: Option<SelectedOption<'a>>,
}

#[derive(Serialize)]
struct DeliveryAddress<'a> {
    address1: Option<&'a str>,
    address2: Option<&'a str>,
    city: Option<&'a str>,
    company: Option<&'a str>,
    countryCode: Option<&'a str>,
    firstName: Option<&'a str>,
    lastName: Option<&'a str>,
    phone: Option<String>,
    provinceCode: Option<&'a str>,
    zip: Option<&'a str>,
}

#[derive(Serialize)]
struct BillingAddress<'a> {
    address1: Option<&'a str>,
    address2: Option<&'a str>,
    city: Option<&'a str>,
    company: Option<&'a str>,
    countryCode: Option<&'a str>,
    provinceCode: Option<&'a str>,
    zip: Option<&'a str>,
}

/// Shopify strips parentheses and dashes from address phone numbers.
fn shopify_phone(phone: &str) -> String {
    phone.chars().filter(|c| !matches!(c, '(' | ')' | '-')).collect()
}

fn delivery_address(a: &Address) -> DeliveryAddress<'_> {
    DeliveryAddress {
        address1: a.address1.as_deref(),
        address2: a.address2.as_deref(),
        city: a.city.as_deref(),
        company: a.company.as_deref(),
        countryCode: a.country_code.as_deref(),
        firstName: a.first_name.as_deref(),
        lastName: a.last_name.as_deref(),
        phone: a.phone.as_deref().map(shopify_phone),
        provinceCode: a.province_code.as_deref(),
        zip: a.zip.as_deref(),
    }
}

fn billing_address(a: &Address) -> BillingAddress<'_> {
    BillingAddress {
        address1: a.address1.as_deref(),
        address2: a.address2.as_deref(),
        city: a.city.as_deref(),
        company: a.company.as_deref(),
        countryCode: a.country_code.as_deref(),
        provinceCode: a.province_code.as_deref(),
        zip: a.zip.as_deref(),
    }
}

fn address_input<'a>(cart: &'a Cart, vars: &'a Variables, config: Option<&'a Value>) -> AddressInput<'a> {
    AddressInput {
        buyerJourney: Journey { step: cart.step.as_deref() },
        cart: AddressCart {
            cost: AddressCost { subtotalAmount: CurrencyOnly { currencyCode: &cart.currency } },
            buyerIdentity: cart.buyer.as_ref().map(|b| AddressBuyer {
                email: b.email.as_deref(),
                phone: b.phone.as_deref(),
                customer: customer(cart, vars),
                purchasingCompany: purchasing_company(cart),
            }),
            deliveryGroups: cart
                .delivery_groups
                .iter()
                .map(|g| AddressGroup {
                    deliveryAddress: g.address.as_ref().map(delivery_address),
                    selectedDeliveryOption: selected_option(&g.delivery_method),
                })
                .collect(),
            billingAddress: cart.billing_address.as_ref().map(billing_address),
        },
        localization: Localization { language: IsoCode { isoCode: &cart.language } },
        validation: validation(config),
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    fn sample() -> (Cart, Variables) {
        let cart: Cart = serde_json::from_value(serde_json::json!({
            "lines": [
                {"productId": "gid://shopify/Product/1", "title": "Beanie", "vendor": "V",
                 "tags": ["WOOL"], "collections": ["gid://shopify/Collection/9"],
                 "variantId": "gid://shopify/ProductVariant/2", "quantity": 2, "price": "24.50",
                 "weight": 0.25},
                {"custom": true, "title": "Engraving", "price": "15"}
            ],
            "buyer": {"email": "a@example.com", "customerTags": ["VIP"]},
            "deliveryGroups": [{"address": {"countryCode": "CA", "phone": "+1 (613) 555-0147"},
                                "deliveryMethod": "SHIPPING"}],
            "currency": "CAD"
        }))
        .unwrap();
        let vars = Variables {
            product_tags: vec!["wool".into(), "gift".into()],
            collection_ids: vec!["gid://shopify/Collection/9".into()],
            customer_tags: vec!["vip".into()],
        };
        (cart, vars)
    }

    #[test]
    fn limits_input_has_the_query_shape() {
        let (cart, vars) = sample();
        let config = serde_json::json!({"version": 1, "rules": []});
        let json = input_json(Family::Limits, &cart, &vars, Some(&config));
        assert_eq!(
            json,
            concat!(
                r#"{"buyerJourney":{"step":"CHECKOUT_COMPLETION"},"cart":{"cost":{"subtotalAmount":{"amount":"64.0","currencyCode":"CAD"}},"#,
                r#""lines":[{"q":2,"c":{"s":{"a":"49.0"}},"m":{"id":"gid://shopify/ProductVariant/2","r":true,"w":0.25,"u":"KILOGRAMS","#,
                r#""p":{"id":"gid://shopify/Product/1","t":"Beanie","v":"V","y":null,"g":[{"h":true},{"h":false}],"k":[{"m":true}]}}},"#,
                r#"{"q":1,"c":{"s":{"a":"15.0"}},"m":{"t":"Engraving"}}],"#,
                r#""buyerIdentity":{"customer":{"hasTags":[{"tag":"vip","hasTag":true}]},"purchasingCompany":null},"#,
                r#""deliveryGroups":[{"deliveryAddress":{"countryCode":"CA"},"selectedDeliveryOption":{"deliveryMethodType":"SHIPPING"}}]},"#,
                r#""localization":{"language":{"isoCode":"EN"}},"presentmentCurrencyRate":"1.0","#,
                r#""validation":{"metafield":{"jsonValue":{"rules":[],"version":1}}}}"#
            )
        );
    }

    #[test]
    fn address_input_has_the_query_shape() {
        let (cart, vars) = sample();
        let json = input_json(Family::Address, &cart, &vars, None);
        assert_eq!(
            json,
            concat!(
                r#"{"buyerJourney":{"step":"CHECKOUT_COMPLETION"},"cart":{"cost":{"subtotalAmount":{"currencyCode":"CAD"}},"#,
                r#""buyerIdentity":{"email":"a@example.com","phone":null,"customer":{"hasTags":[{"tag":"vip","hasTag":true}]},"purchasingCompany":null},"#,
                r#""deliveryGroups":[{"deliveryAddress":{"address1":null,"address2":null,"city":null,"company":null,"countryCode":"CA","firstName":null,"lastName":null,"phone":"+1 613 5550147","provinceCode":null,"zip":null},"#,
                r#""selectedDeliveryOption":{"deliveryMethodType":"SHIPPING"}}],"billingAddress":null},"#,
                r#""localization":{"language":{"isoCode":"EN"}},"validation":{"metafield":null}}"#
            )
        );
    }

    #[test]
    fn oversized_config_arrives_as_null() {
        let (cart, vars) = sample();
        let big = serde_json::json!({"version": 1, "rules": [], "pad": "x".repeat(METAFIELD_MAX_BYTES)});
        let v = input_value(Family::Address, &cart, &vars, Some(&big));
        assert!(v["validation"]["metafield"].is_null());
    }
}
