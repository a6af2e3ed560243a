//! `checkout-guard schema`: the JSON Schema (draft 2020-12) of config v1,
//! generated from the engine's own definitions — its key lists
//! (`TOP_KEYS`, `COMMON_KEYS`, `kind_keys`, `WHEN_KEYS`, `FILTER_KEYS`), value
//! lists (`Kind::ALL`, `Steps::NAMES`, `DELIVERY_METHODS`, `PRESETS`, `MODES`,
//! `UNITS`, `Field::all_names`) and limits (`MAX_*`). What a key's value looks
//! like is written once, here; a key the engine adds without a description
//! here makes the schema test fail.
//!
//! The schema checks shape: keys, types, enumerations, lengths. The engine
//! checks more (min ≤ max, regular-expression syntax, placeholders, the
//! 10-term budget, unique ids): `checkout-guard lint` is the full check.

use checkout_guard::config::{
    kind_keys, COMMON_KEYS, DELIVERY_METHODS, FILTER_KEYS, MAX_CUSTOMER_TAGS, MAX_ID_CHARS, MAX_MESSAGE_CHARS,
    MAX_PATTERN_CHARS, MAX_PRODUCT_TERMS, MAX_RULES, MODES, PRESETS, TOP_KEYS, UNITS, WHEN_KEYS,
};
use checkout_guard::rules::address::Field;
use checkout_guard::rules::{Kind, Steps};
use checkout_guard::Family;
use serde_json::{json, Map, Value};

const SCHEMA_DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";
/// Keys every rule must have.
const REQUIRED_COMMON: &[&str] = &["id", "kind", "message"];
const BOUNDS: &[&str] = &["min", "max", "multipleOf"];
const COUNTRY_PATTERN: &str = "^[A-Z]{2}$";
const NOT_BLANK: &str = "\\S";

/// The whole schema.
pub fn schema() -> Value {
    let mut defs = Map::new();
    defs.insert("rule".into(), rule());
    for kind in Kind::ALL {
        defs.insert(kind_def_name(kind), kind_def(kind));
    }
    defs.insert("messageText".into(), json!({"type": "string", "minLength": 1, "maxLength": MAX_MESSAGE_CHARS}));
    defs.insert("message".into(), message());
    defs.insert(
        "steps".into(),
        json!({
            "description": "The buyer-journey steps at which the rule is checked (default: max at every step; min, multipleOf and address rules at the two checkout steps).",
            "type": "array", "minItems": 1, "items": {"enum": Steps::NAMES}
        }),
    );
    defs.insert("countryCode".into(), json!({"type": "string", "pattern": COUNTRY_PATTERN}));
    defs.insert("when".into(), object_of(WHEN_KEYS, when_key, "Conditions that must all hold for the rule to apply."));
    let criteria: Vec<&str> = FILTER_KEYS.iter().copied().filter(|k| *k != "except").collect();
    defs.insert("lineCriteria".into(), object_of(&criteria, filter_key, "Lines matching any of these are left out."));
    defs.insert(
        "lines".into(),
        object_of(
            FILTER_KEYS,
            filter_key,
            "Which cart lines the rule measures: lines matching any listed criterion (or all lines when none is listed) and no \"except\" criterion.",
        ),
    );
    let mut top = Map::new();
    top.insert("$schema".into(), json!(SCHEMA_DIALECT));
    top.insert("title".into(), json!("Checkout Guard config, version 1"));
    top.insert(
        "description".into(),
        json!(format!(
            "The value of the $app:checkout-guard/config JSON metafield of a Checkout Guard validation (at most 10,000 bytes). At most {MAX_PRODUCT_TERMS} distinct product tags and collection ids together and {MAX_CUSTOMER_TAGS} customer tags across the rules; `checkout-guard lint` checks everything this schema cannot."
        )),
    );
    top.insert("type".into(), json!("object"));
    top.insert("required".into(), json!(TOP_KEYS));
    top.insert("additionalProperties".into(), json!(false));
    let mut properties = Map::new();
    for key in TOP_KEYS {
        properties.insert(key.to_string(), top_key(key).unwrap_or_else(|| json!({})));
    }
    top.insert("properties".into(), Value::Object(properties));
    top.insert("$defs".into(), Value::Object(defs));
    Value::Object(top)
}

/// The schema as `checkout-guard schema` prints it (and docs/ holds it).
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

fn kind_def_name(kind: Kind) -> String {
    format!("rule.{}", kind.name())
}

fn top_key(key: &str) -> Option<Value> {
    Some(match key {
        "version" => json!({"description": "Always the integer 1.", "const": 1}),
        "rules" => json!({
            "description": format!("The rules, at most {MAX_RULES}."),
            "type": "array", "maxItems": MAX_RULES, "items": {"$ref": "#/$defs/rule"}
        }),
        _ => return None,
    })
}

fn rule() -> Value {
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let dispatch: Vec<Value> = Kind::ALL
        .iter()
        .map(|k| {
            json!({
                "if": {"properties": {"kind": {"const": k.name()}}, "required": ["kind"]},
                "then": {"$ref": format!("#/$defs/{}", kind_def_name(*k))}
            })
        })
        .collect();
    json!({
        "type": "object",
        "required": REQUIRED_COMMON,
        "properties": {"kind": {"enum": kinds}},
        "allOf": dispatch
    })
}

fn kind_def(kind: Kind) -> Value {
    let mut properties = Map::new();
    for key in COMMON_KEYS.iter().chain(kind_keys(kind)) {
        properties.insert(key.to_string(), key_schema(kind, key).unwrap_or_else(|| json!({})));
    }
    let mut def = Map::new();
    let family = match kind.family() {
        Family::Limits => "order limits",
        Family::Address => "address rules",
    };
    def.insert("title".into(), json!(kind.name()));
    def.insert("description".into(), json!(format!("{} ({family} validation)", kind_description(kind))));
    def.insert("type".into(), json!("object"));
    def.insert("properties".into(), Value::Object(properties));
    def.insert("additionalProperties".into(), json!(false));
    let mut required: Vec<&str> = REQUIRED_COMMON.to_vec();
    required.extend(required_keys(kind));
    def.insert("required".into(), json!(required));
    let bounds: Vec<&str> = BOUNDS.iter().copied().filter(|b| kind_keys(kind).contains(b)).collect();
    let mut all_of = Vec::new();
    if !bounds.is_empty() {
        all_of.push(json!({"anyOf": bounds.iter().map(|b| json!({"required": [b]})).collect::<Vec<_>>()}));
    }
    for (a, b) in [("allow", "deny"), ("pattern", "preset")] {
        if kind_keys(kind).contains(&a) && kind_keys(kind).contains(&b) {
            all_of.push(json!({"oneOf": [{"required": [a]}, {"required": [b]}]}));
        }
    }
    if kind == Kind::FieldPattern {
        // Contract v1.2: postal_format reads postal codes, in require mode only.
        all_of.push(json!({
            "if": {"properties": {"preset": {"const": "postal_format"}}, "required": ["preset"]},
            "then": {"properties": {
                "mode": {"const": "require"},
                "fields": {"items": {"enum": ["deliveryAddress.zip", "billingAddress.zip"]}}
            }}
        }));
    }
    if !all_of.is_empty() {
        def.insert("allOf".into(), Value::Array(all_of));
    }
    Value::Object(def)
}

/// Keys a kind requires besides `id`, `kind` and `message`.
fn required_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::CartWeight => &["unit"],
        Kind::FieldPattern => &["fields"],
        Kind::DeliveryProvince => &["country"],
        _ => &[],
    }
}

fn kind_description(kind: Kind) -> &'static str {
    match kind {
        Kind::LineQuantity => "Quantity of each matching line",
        Kind::ProductQuantity => "Quantity per product, summed over its variants",
        Kind::CartQuantity => "Total quantity of the matching lines",
        Kind::DistinctLines => "Number of matching lines",
        Kind::CartSubtotal => "Subtotal of the matching lines, bounds in the shop currency",
        Kind::CartWeight => "Weight of the matching lines that require shipping",
        Kind::FieldPattern => "A regular expression or preset on address, email or phone fields",
        Kind::DeliveryCountry => "Delivery countries allowed or denied",
        Kind::DeliveryProvince => "Delivery provinces allowed or denied within one country",
        Kind::PostalCode => "Delivery postal codes allowed or denied (exact, prefix* or range)",
    }
}

/// What the value of `key` looks like in a rule of `kind`. `None`: the CLI
/// does not know the key (the schema test catches it).
pub fn key_schema(kind: Kind, key: &str) -> Option<Value> {
    let list = |items: Value| json!({"type": "array", "minItems": 1, "items": items});
    let country = json!({"$ref": "#/$defs/countryCode"});
    Some(match key {
        "id" => json!({
            "description": "Stable name, unique in the config; shown in logs and lint output.",
            "type": "string", "pattern": format!("^[A-Za-z0-9_-]{{1,{MAX_ID_CHARS}}}$")
        }),
        "kind" => json!({"const": kind.name()}),
        "message" => json!({"$ref": "#/$defs/message"}),
        "enabled" => json!({"description": "false keeps the rule but never applies it.", "type": "boolean"}),
        "monitor" => json!({
            "description": "v1.1: true checks the rule as usual but returns no error to the buyer; the function logs \"monitor: would block (N errors)\" instead. A function older than v1.1 skips the rule.",
            "type": "boolean"
        }),
        "steps" => json!({"$ref": "#/$defs/steps"}),
        "when" => json!({"$ref": "#/$defs/when"}),
        "lines" => json!({"$ref": "#/$defs/lines"}),
        "min" | "max" | "multipleOf" => match kind {
            Kind::CartSubtotal => json!({
                "description": "An amount in the shop currency, as a decimal string.",
                "type": "string", "pattern": "^[0-9]{1,24}(\\.[0-9]+)?$"
            }),
            Kind::CartWeight => json!({"description": "A weight in the rule's unit.", "type": "number", "minimum": 0}),
            _ => json!({"type": "integer", "minimum": 1}),
        },
        "unit" => json!({"enum": UNITS}),
        "pattern" => json!({
            "description": "A regular expression searched anywhere in the value (anchor with ^…$), case-insensitive unless caseSensitive.",
            "type": "string", "minLength": 1, "maxLength": MAX_PATTERN_CHARS
        }),
        "preset" => json!({
            "description": "po_box, military (block mode), or postal_format (v1.2: require mode, on deliveryAddress.zip and billingAddress.zip; the postal code must have its address's country's format).",
            "enum": PRESETS
        }),
        "mode" => {
            json!({"description": "block (default; require for postal_format): a matching value breaks the rule; require: a non-matching one does.", "enum": MODES})
        }
        "required" => {
            json!({"description": "require mode: a blank or missing value breaks the rule too.", "type": "boolean"})
        }
        "caseSensitive" => json!({"description": "Patterns only: the presets ignore it.", "type": "boolean"}),
        "fields" => json!({"type": "array", "minItems": 1, "uniqueItems": true, "items": {"enum": Field::all_names()}}),
        "country" => country,
        "allow" | "deny" => match kind {
            Kind::DeliveryCountry => list(country),
            Kind::DeliveryProvince => list(json!({"type": "string", "pattern": NOT_BLANK})),
            Kind::PostalCode => list(json!({
                "description": "\"10001\" exact, \"100*\" prefix, \"90000-96199\" range.",
                "type": "string", "pattern": NOT_BLANK, "not": {"pattern": "^\\s*\\*\\s*$"}
            })),
            _ => return None,
        },
        _ => return None,
    })
}

/// What the value of a `when` key looks like.
pub fn when_key(key: &str) -> Option<Value> {
    let array = |items: Value| json!({"type": "array", "items": items});
    Some(match key {
        "countries" | "notCountries" => array(json!({"$ref": "#/$defs/countryCode"})),
        "customerTags" | "notCustomerTags" => {
            // The engine's customer-tag limit (it has no named constant).
            array(json!({"type": "string", "pattern": NOT_BLANK, "maxLength": 255}))
        }
        "b2b" => json!({"description": "true: the buyer buys for a company; false: not.", "type": "boolean"}),
        "currencies" => array(json!({"type": "string", "pattern": "^[A-Z]{3}$"})),
        "deliveryMethods" => array(json!({"enum": DELIVERY_METHODS})),
        _ => return None,
    })
}

/// What the value of a line-filter key looks like.
pub fn filter_key(key: &str) -> Option<Value> {
    let gids = |kind: &str| json!({"type": "array", "items": {"type": "string", "pattern": format!("^gid://shopify/{kind}/[0-9]+$")}});
    let texts = json!({"type": "array", "items": {"type": "string", "pattern": NOT_BLANK}});
    Some(match key {
        "productIds" => gids("Product"),
        "variantIds" => gids("ProductVariant"),
        "collectionIds" => gids("Collection"),
        "productTags" | "vendors" | "productTypes" => texts,
        "except" => json!({"$ref": "#/$defs/lineCriteria"}),
        _ => return None,
    })
}

fn object_of(keys: &[&str], value: fn(&str) -> Option<Value>, description: &str) -> Value {
    let mut properties = Map::new();
    for key in keys {
        properties.insert(key.to_string(), value(key).unwrap_or_else(|| json!({})));
    }
    json!({"description": description, "type": "object", "properties": properties, "additionalProperties": false})
}

fn message() -> Value {
    json!({
        "description": "The error the buyer sees: a string, or an object from language tag (\"en\", \"pt-BR\", …, or \"default\"; compared case-insensitively) to string. Placeholders: {min} {max} {multipleOf} {actual} {product} {field}; {{ and }} print braces.",
        "oneOf": [
            {"$ref": "#/$defs/messageText"},
            {
                "type": "object",
                "minProperties": 1,
                "propertyNames": {"pattern": "^([Dd][Ee][Ff][Aa][Uu][Ll][Tt]|[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)$"},
                "additionalProperties": {"$ref": "#/$defs/messageText"}
            }
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the engine knows has a description here.
    #[test]
    fn every_engine_key_is_described() {
        for kind in Kind::ALL {
            for key in COMMON_KEYS.iter().chain(kind_keys(kind)) {
                assert!(key_schema(kind, key).is_some(), "no schema for {key} of {}", kind.name());
            }
        }
        for key in WHEN_KEYS {
            assert!(when_key(key).is_some(), "no schema for when.{key}");
        }
        for key in FILTER_KEYS {
            assert!(filter_key(key).is_some(), "no schema for lines.{key}");
        }
        for key in TOP_KEYS {
            assert!(top_key(key).is_some(), "no schema for {key}");
        }
        for key in REQUIRED_COMMON.iter().chain(BOUNDS) {
            assert!(COMMON_KEYS.contains(key) || Kind::ALL.iter().any(|k| kind_keys(*k).contains(key)), "{key}");
        }
    }
}
