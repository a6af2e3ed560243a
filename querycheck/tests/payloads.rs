//! Input and output JSON checks on small documents.

mod common;

use checkout_guard_querycheck::{validate_run_output, Issue, Severity};
use common::{query, schema};
use serde_json::json;

fn errors(issues: &[Issue]) -> Vec<String> {
    issues.iter().filter(|i| i.is_error()).map(|i| i.to_string()).collect()
}

fn warnings(issues: &[Issue]) -> Vec<String> {
    issues.iter().filter(|i| i.severity == Severity::Warning).map(|i| i.to_string()).collect()
}

const LINES: &str = "query Input($tags: [String!]) { cart { lines { q: quantity c: cost { subtotalAmount { amount } }
    m: merchandise { __typename ... on ProductVariant { id w: weight product { hasTags(tags: $tags) { tag hasTag } } }
    ... on CustomProduct { title } } } } }";

fn line_variant() -> serde_json::Value {
    json!({"q": 2, "c": {"subtotalAmount": {"amount": "12.5"}},
           "m": {"__typename": "ProductVariant", "id": "gid://shopify/ProductVariant/1", "w": null,
                 "product": {"hasTags": [{"tag": "a", "hasTag": true}]}}})
}

#[test]
fn a_well_formed_input_passes() {
    let s = schema();
    let q = query(&s, LINES);
    let input = json!({"cart": {"lines": [
        line_variant(),
        {"q": 1, "c": {"subtotalAmount": {"amount": "3.0"}}, "m": {"__typename": "CustomProduct", "title": "Gift wrap"}}
    ]}});
    let issues = q.validate_input(&s, &input);
    assert!(issues.is_empty(), "{issues:#?}");
}

#[test]
fn wrong_scalars_nulls_and_missing_fields_are_errors() {
    let s = schema();
    let q = query(&s, LINES);
    let mut line = line_variant();
    line["q"] = json!(2.5); // Int
    line["c"]["subtotalAmount"]["amount"] = json!(12.5); // Decimal must be a string
    line["m"]["id"] = json!(null); // ID!
    line["m"]["product"]["hasTags"][0].as_object_mut().unwrap().remove("hasTag");
    let input = json!({"cart": {"lines": [line]}});
    let errs = errors(&q.validate_input(&s, &input));
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert!(errs[0].contains("$.cart.lines[0].q") && errs[0].contains("Int"));
    assert!(errs[1].contains("$.cart.lines[0].c.subtotalAmount.amount") && errs[1].contains("Decimal"));
    assert!(errs[2].contains("$.cart.lines[0].m.id") && errs[2].contains("null for non-null"));
    assert!(errs[3].contains("$.cart.lines[0].m.product.hasTags[0].hasTag") && errs[3].contains("missing non-null"));
    let bad_decimal = json!({"cart": {"lines": [{"q": 1, "c": {"subtotalAmount": {"amount": "12,5"}},
        "m": {"__typename": "CustomProduct", "title": "x"}}]}});
    assert_eq!(errors(&q.validate_input(&s, &bad_decimal)).len(), 1);
}

#[test]
fn keys_must_be_selected_response_names() {
    let s = schema();
    let q = query(&s, LINES);
    let mut line = line_variant();
    line["quantity"] = json!(2); // the query aliases it to `q`
    line["m"]["title"] = json!("Only on CustomProduct");
    let errs = errors(&q.validate_input(&s, &json!({"cart": {"lines": [line]}})));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs[0].contains("$.cart.lines[0].m.title") && errs[0].contains("fragment"));
    assert!(errs[1].contains("$.cart.lines[0].quantity"));
}

#[test]
fn typename_selects_the_fragment() {
    let s = schema();
    let q = query(&s, LINES);
    // Missing __typename.
    let mut line = line_variant();
    line["m"].as_object_mut().unwrap().remove("__typename");
    let errs = errors(&q.validate_input(&s, &json!({"cart": {"lines": [line]}})));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("__typename"));
    // A variant's fields under the CustomProduct type name.
    let mut line = line_variant();
    line["m"]["__typename"] = json!("CustomProduct");
    let errs = errors(&q.validate_input(&s, &json!({"cart": {"lines": [line]}})));
    assert!(errs.iter().any(|e| e.contains("m.title") && e.contains("missing")), "{errs:#?}");
    assert!(errs.iter().any(|e| e.contains("m.id") && e.contains("unexpected")), "{errs:#?}");
    // Not a member of the union.
    let mut line = line_variant();
    line["m"]["__typename"] = json!("Product");
    assert!(!errors(&q.validate_input(&s, &json!({"cart": {"lines": [line]}}))).is_empty());
    // Without __typename in the query, the keys tell the type ...
    let q2 =
        query(&s, "{ cart { lines { merchandise { ... on CustomProduct { title } ... on ProductVariant { id } } } } }");
    for m in [json!({"title": "x"}), json!({"id": "gid://shopify/ProductVariant/1"})] {
        let errs = errors(&q2.validate_input(&s, &json!({"cart": {"lines": [{"merchandise": m}]}})));
        assert!(errs.is_empty(), "{errs:#?}");
    }
    // ... keys of no type's selection are reported ...
    let both = json!({"cart": {"lines": [{"merchandise": {"title": "x", "id": "gid://shopify/ProductVariant/1"}}]}});
    let errs = errors(&q2.validate_input(&s, &both));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("match the selection of none"), "{errs:#?}");
    // ... and so are keys two types share.
    let q3 = query(&s, "{ cart { lines { merchandise { ... on CustomProduct { requiresShipping } ... on ProductVariant { requiresShipping } } } } }");
    let errs =
        errors(&q3.validate_input(&s, &json!({"cart": {"lines": [{"merchandise": {"requiresShipping": true}}]}})));
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert!(errs[0].contains("without `__typename`"), "{errs:#?}");
}

#[test]
fn unknown_enum_values_warn_but_do_not_fail() {
    let s = schema();
    let q = query(
        &s,
        "{ buyerJourney { step } cart { deliveryGroups { deliveryAddress { countryCode }
        selectedDeliveryOption { deliveryMethodType } } } localization { language { isoCode } } }",
    );
    let input = json!({
        "buyerJourney": {"step": "CHECKOUT_INTERACTION"},
        "cart": {"deliveryGroups": [{"deliveryAddress": {"countryCode": "QZ"}, "selectedDeliveryOption": {"deliveryMethodType": "DRONE"}}]},
        "localization": {"language": {"isoCode": "PT_BR"}}
    });
    let issues = q.validate_input(&s, &input);
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(warnings(&issues).len(), 2, "{issues:#?}");
    // A number where an enum belongs is still an error.
    let bad = json!({"buyerJourney": {"step": 1}, "cart": {"deliveryGroups": []}, "localization": {"language": {"isoCode": "EN"}}});
    assert_eq!(errors(&q.validate_input(&s, &bad)).len(), 1);
    // Null step is allowed (nullable enum).
    let null_step = json!({"buyerJourney": {"step": null}, "cart": {"deliveryGroups": []}, "localization": {"language": {"isoCode": "EN"}}});
    assert!(q.validate_input(&s, &null_step).is_empty());
}

#[test]
fn lists_are_checked_per_element() {
    let s = schema();
    let q = query(&s, "{ cart { lines { quantity } } }");
    let errs = errors(&q.validate_input(&s, &json!({"cart": {"lines": [{"quantity": 1}, null, {"quantity": "2"}]}})));
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(errs[0].contains("lines[1]") && errs[1].contains("lines[2].quantity"));
    let errs = errors(&q.validate_input(&s, &json!({"cart": {"lines": {"quantity": 1}}})));
    assert_eq!(errs.len(), 1);
}

#[test]
fn missing_nullable_fields_warn_and_json_takes_anything() {
    let s = schema();
    let q = query(&s, r#"{ cart { buyerIdentity { email } } validation { metafield(key: "config") { jsonValue } } }"#);
    let issues = q.validate_input(&s, &json!({"cart": {"buyerIdentity": {}}, "validation": {"metafield": {"jsonValue": {"version": 1, "rules": []}}}}));
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(warnings(&issues).len(), 1);
    let issues = q.validate_input(&s, &json!({"cart": {"buyerIdentity": null}, "validation": {"metafield": null}}));
    assert!(issues.is_empty(), "{issues:#?}");
}

#[test]
fn outputs_follow_cart_validations_generate_run_result() {
    let s = schema();
    let ok = json!({"operations": [{"validationAdd": {"errors": [{"message": "Too many", "target": "$.cart"}]}}]});
    assert!(validate_run_output(&s, &ok).is_empty());
    assert!(validate_run_output(&s, &json!({"operations": []})).is_empty());
    assert!(validate_run_output(&s, &json!({"operations": [{"validationAdd": {"errors": []}}]})).is_empty());

    let cases = [
        (json!({}), "operations"),
        (json!({"operations": [{}]}), "@oneOf"),
        (json!({"operations": [{"validationAdd": null}]}), "@oneOf"),
        (json!({"operations": [{"validationAdd": {"errors": [{"message": "m"}]}}]}), "target"),
        (json!({"operations": [{"validationAdd": {"errors": [{"message": 1, "target": "$.cart"}]}}]}), "String"),
        (
            json!({"operations": [{"validationAdd": {"errors": [{"localizedMessage": "m", "target": "$.cart"}]}}]}),
            "localizedMessage",
        ),
        (json!({"errors": [{"localizedMessage": "m", "target": "$.cart"}]}), "errors"),
        (json!({"operations": {"validationAdd": {"errors": []}}}), "list"),
    ];
    for (output, needle) in cases {
        let errs = errors(&validate_run_output(&s, &output));
        assert!(!errs.is_empty(), "accepted {output}");
        assert!(errs.iter().any(|e| e.contains(needle)), "{output}: {errs:#?}");
    }
}
