//! The cost function on small queries, read with our schema.

mod common;

use common::{query, schema};

fn cost(text: &str) -> u32 {
    query(&schema(), text).cost().unwrap().total
}

#[test]
fn metafield_costs_three_whatever_it_selects() {
    let one = r#"{ validation { metafield(namespace: "$app:x", key: "c") { jsonValue } } }"#;
    let all = r#"{ validation { metafield(namespace: "$app:x", key: "c") { jsonValue value type } } }"#;
    assert_eq!(cost(one), 3);
    assert_eq!(cost(all), 3);
}

#[test]
fn tag_and_collection_fields_cost_three() {
    assert_eq!(cost(r#"{ cart { buyerIdentity { customer { hasTags(tags: ["a"]) { tag hasTag } } } } }"#), 3);
    assert_eq!(cost(r#"{ cart { buyerIdentity { customer { hasAnyTag(tags: ["a", "b"]) } } } }"#), 3);
    let product = r#"{ cart { lines { merchandise { ... on ProductVariant { product {
        hasTags(tags: ["a"]) { tag } hasAnyTag inCollections(ids: ["gid://shopify/Collection/1"]) { collectionId isMember } inAnyCollection
    } } } } } }"#;
    assert_eq!(cost(product), 12);
}

#[test]
fn leaves_cost_one_objects_nothing() {
    assert_eq!(cost("{ presentmentCurrencyRate }"), 1);
    assert_eq!(cost("{ cart { cost { subtotalAmount { amount currencyCode } totalAmount { amount } } } }"), 3);
    // Nested leaves at every depth count; the objects on the way do not.
    let nested = "{ buyerJourney { step } cart { lines { quantity cost { subtotalAmount { amount } }
        merchandise { ... on ProductVariant { id product { id title } } } } } }";
    assert_eq!(cost(nested), 6);
}

#[test]
fn typename_is_free_and_aliases_change_nothing() {
    assert_eq!(cost("{ cart { lines { merchandise { __typename } } } }"), 0);
    let plain = "{ cart { lines { quantity merchandise { __typename ... on CustomProduct { title } } } } }";
    let aliased =
        "{ c: cart { l: lines { q: quantity m: merchandise { t: __typename ... on CustomProduct { x: title } } } } }";
    assert_eq!(cost(plain), 2);
    assert_eq!(cost(aliased), 2);
}

#[test]
fn fragments_are_counted_where_spread() {
    let q = "query Q { cart { deliveryGroups { deliveryAddress { ...Addr } } billingAddress { ...Addr } } }
        fragment Addr on MailingAddress { city zip countryCode }";
    assert_eq!(cost(q), 6);
    let inline = "{ cart { lines { merchandise {
        ... on ProductVariant { id weight }
        ... on CustomProduct { weight title } } } } }";
    assert_eq!(cost(inline), 4);
}

#[test]
fn cost_items_name_the_fields() {
    let q = query(
        &schema(),
        r#"{ cart { lines { m: merchandise { ... on ProductVariant { id } } } } validation { metafield(key: "k") { value } } }"#,
    );
    let c = q.cost().unwrap();
    let items: Vec<(String, u32)> = c.items.iter().map(|i| (i.path.clone(), i.cost)).collect();
    assert_eq!(
        items,
        vec![("cart.lines.merchandise<ProductVariant>.id".to_string(), 1), ("validation.metafield".to_string(), 3),]
    );
}

#[test]
fn invalid_queries_are_rejected() {
    let s = schema();
    for bad in [
        "{ cart { tags } }",                                      // no such field
        "{ cart { lines { merchandise { id } } } }",              // field on a union
        "{ cart }",                                               // object without selection
        "query Q($t: [String!]) { cart { lines { quantity } } }", // unused variable
        "mutation { cartValidationsGenerateRun(result: {operations: []}) }",
    ] {
        assert!(checkout_guard_querycheck::InputQuery::parse(&s, bad, "bad.graphql").is_err(), "accepted: {bad}");
    }
}
