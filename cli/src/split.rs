//! One merchant config, two validations: each family's metafield gets the
//! top-level keys as written and only the rules of its own kinds.

use crate::jsontext;
use checkout_guard::json::Json;
use checkout_guard::rules::Kind;
use checkout_guard::Family;

/// Both families, in the order tools show them.
pub const FAMILIES: [Family; 2] = [Family::Limits, Family::Address];

/// What one validation's `config` metafield holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyConfig {
    pub family: Family,
    /// The metafield value: compact JSON.
    pub text: String,
    /// Positions in the merchant's `rules` of the rules this config holds, in order.
    pub rules: Vec<usize>,
}

/// The family a rule belongs to, when its `kind` names one.
pub fn rule_family(rule: &Json) -> Option<Family> {
    rule.get("kind").and_then(Json::as_str).and_then(Kind::from_name).map(Kind::family)
}

/// Each family's config. A rule whose kind names no family (a config error)
/// goes to both, so that each function logs it. `None` when the config is
/// not an object with a list of rules: then there is nothing to split.
pub fn split(config: &Json) -> Option<[FamilyConfig; 2]> {
    let entries = config.as_object()?;
    if !matches!(config.get("rules"), Some(Json::Array(_))) {
        return None;
    }
    Some(FAMILIES.map(|family| {
        let mut kept = Vec::new();
        let mut out = String::from("{");
        for (i, (key, value)) in entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            jsontext::write_string(key, &mut out);
            out.push(':');
            match value {
                Json::Array(rules) if key == "rules" => {
                    out.push('[');
                    kept.clear();
                    let mut first = true;
                    for (index, rule) in rules.iter().enumerate() {
                        if rule_family(rule).is_some_and(|f| f != family) {
                            continue;
                        }
                        if !first {
                            out.push(',');
                        }
                        first = false;
                        jsontext::write(rule, &mut out);
                        kept.push(index);
                    }
                    out.push(']');
                }
                other => jsontext::write(other, &mut out),
            }
        }
        out.push('}');
        FamilyConfig { family, text: out, rules: kept }
    }))
}

/// What the merchant sees a validation as.
pub fn family_title(family: Family) -> &'static str {
    match family {
        Family::Limits => "order limits",
        Family::Address => "address rules",
    }
}

/// The function extension's handle (`extensions/<family>/shopify.extension.toml`).
pub fn function_handle(family: Family) -> &'static str {
    match family {
        Family::Limits => "checkout-guard-limits",
        Family::Address => "checkout-guard-address",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rules_by_kind_and_keeps_the_rest() {
        let text = r#"{"version": 1, "rules": [
            {"id": "a", "kind": "line_quantity", "max": 5, "message": "m"},
            {"id": "b", "kind": "field_pattern", "preset": "po_box", "fields": ["deliveryAddress.address1"], "message": "m"},
            {"id": "c", "kind": "nonsense", "message": "m"},
            {"id": "d", "kind": "cart_weight", "max": 2.50, "unit": "kg", "message": "m"}
        ]}"#;
        let json = Json::parse(text).unwrap();
        let [limits, address] = split(&json).unwrap();
        assert_eq!(limits.rules, vec![0, 2, 3]);
        assert_eq!(address.rules, vec![1, 2]);
        assert!(limits.text.starts_with(r#"{"version":1,"rules":[{"id":"a","#), "{}", limits.text);
        assert!(limits.text.contains(r#""max":2.50"#));
        assert!(!address.text.contains("line_quantity"));
        assert!(split(&Json::parse(r#"{"version": 1}"#).unwrap()).is_none());
        assert!(split(&Json::parse("[]").unwrap()).is_none());
    }
}
