//! `docs/config-v1.schema.json` is generated (`checkout-guard schema`), and
//! it accepts every config the engine accepts (the examples, the fixtures'
//! configs) and rejects configs with shape errors.

use checkout_guard::config::{self, Severity};
use checkout_guard::json::Json;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

const SCHEMA_PATH: &str = "docs/config-v1.schema.json";
/// Set to write the generated schema to docs/ instead of failing.
const UPDATE_ENV: &str = "CHECKOUT_GUARD_UPDATE_SCHEMA";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn generated() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_checkout-guard")).arg("schema").output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn committed_schema_is_the_generated_one() {
    let generated = generated();
    assert_eq!(generated, checkout_guard_cli::schema::schema_text());
    let path = root().join(SCHEMA_PATH);
    if std::env::var_os(UPDATE_ENV).is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{SCHEMA_PATH} differs from `checkout-guard schema`: regenerate it with\n  cargo run -p checkout-guard-cli -- schema > {SCHEMA_PATH}\n(or run this test with {UPDATE_ENV}=1)"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&checkout_guard_cli::schema::schema_text()).unwrap();
    jsonschema::meta::validate(&schema).expect("the schema is a valid JSON Schema");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn engine_errors(config: &Value) -> usize {
    let text = serde_json::to_string(config).unwrap();
    let json = Json::parse(&text).unwrap();
    config::compile(Some(&json), None).problems.iter().filter(|p| p.issue.severity() == Severity::Error).count()
}

fn assert_valid(validator: &jsonschema::Validator, config: &Value, what: &str) {
    let errors: Vec<String> =
        validator.iter_errors(config).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{what} is valid for the engine but not for the schema: {errors:#?}");
}

#[test]
fn examples_validate() {
    let validator = validator();
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let config: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            assert_eq!(engine_errors(&config), 0, "{}", path.display());
            assert_valid(&validator, &config, &path.display().to_string());
            count += 1;
        }
    }
    assert!(count >= 5, "only {count} examples");
}

#[test]
fn fixture_configs_the_engine_accepts_validate() {
    let validator = validator();
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let config = &fixture["payload"]["input"]["validation"]["metafield"]["jsonValue"];
        if config.is_null() || engine_errors(config) > 0 {
            continue;
        }
        assert_valid(&validator, config, &path.display().to_string());
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixture configs checked");
}

#[test]
fn shape_errors_are_rejected() {
    let validator = validator();
    let rule = json!({"id": "max-5", "kind": "line_quantity", "max": 5, "message": "At most {max}."});
    let config = |rule: Value| json!({"version": 1, "rules": [rule]});
    let with = |key: &str, value: Value| {
        let mut r = rule.clone();
        r[key] = value;
        config(r)
    };
    let without = |key: &str| {
        let mut r = rule.clone();
        r.as_object_mut().unwrap().remove(key);
        config(r)
    };
    assert!(validator.is_valid(&config(rule.clone())));
    let invalid = [
        ("unknown key", with("mx", json!(5))),
        ("key of another kind", with("unit", json!("kg"))),
        ("unknown top-level key", json!({"version": 1, "rules": [], "extra": true})),
        ("wrong type", with("max", json!("5"))),
        ("zero bound", with("max", json!(0))),
        ("bad kind", with("kind", json!("line_qty"))),
        ("bad step", with("steps", json!(["CHECKOUT"]))),
        ("empty steps", with("steps", json!([]))),
        ("bad delivery method", with("when", json!({"deliveryMethods": ["DRONE"]}))),
        ("lower-case country", with("when", json!({"countries": ["us"]}))),
        ("unknown when key", with("when", json!({"country": ["US"]}))),
        ("bad product id", with("lines", json!({"productIds": ["123"]}))),
        ("missing id", without("id")),
        ("missing message", without("message")),
        ("no bound", without("max")),
        ("bad id", with("id", json!("max 5"))),
        ("long message", with("message", json!("x".repeat(256)))),
        ("bad language tag", with("message", json!({"english": "hi"}))),
        ("missing version", json!({"rules": []})),
        ("version 2", json!({"version": 2, "rules": []})),
        ("bad unit", config(json!({"id": "w", "kind": "cart_weight", "max": 5, "unit": "kgs", "message": "m"}))),
        ("missing unit", config(json!({"id": "w", "kind": "cart_weight", "max": 5, "message": "m"}))),
        ("subtotal as number", config(json!({"id": "s", "kind": "cart_subtotal", "min": 50, "message": "m"}))),
        (
            "pattern and preset",
            config(json!({"id": "p", "kind": "field_pattern", "pattern": "x", "preset": "po_box",
                          "fields": ["deliveryAddress.address1"], "message": "m"})),
        ),
        (
            "bad preset",
            config(json!({"id": "p", "kind": "field_pattern", "preset": "pobox",
                          "fields": ["deliveryAddress.address1"], "message": "m"})),
        ),
        (
            "bad field",
            config(json!({"id": "p", "kind": "field_pattern", "preset": "po_box",
                          "fields": ["billingAddress.firstName"], "message": "m"})),
        ),
        (
            "allow and deny",
            config(json!({"id": "c", "kind": "delivery_country", "allow": ["US"], "deny": ["CA"], "message": "m"})),
        ),
        (
            "province without country",
            config(json!({"id": "c", "kind": "delivery_province", "deny": ["NU"], "message": "m"})),
        ),
        ("bare star postal code", config(json!({"id": "c", "kind": "postal_code", "deny": ["*"], "message": "m"}))),
        (
            "postal_format in block mode",
            config(json!({"id": "z", "kind": "field_pattern", "preset": "postal_format", "mode": "block",
                          "fields": ["deliveryAddress.zip"], "message": "m"})),
        ),
        (
            "postal_format on a field other than a zip",
            config(json!({"id": "z", "kind": "field_pattern", "preset": "postal_format",
                          "fields": ["deliveryAddress.zip", "deliveryAddress.city"], "message": "m"})),
        ),
    ];
    let postal = |extra: Value| {
        let mut r = json!({"id": "z", "kind": "field_pattern", "preset": "postal_format",
                           "fields": ["deliveryAddress.zip", "billingAddress.zip"], "message": "m"});
        for (k, v) in extra.as_object().unwrap() {
            r[k] = v.clone();
        }
        config(r)
    };
    for valid in [postal(json!({})), postal(json!({"mode": "require", "required": true, "caseSensitive": true}))] {
        assert_eq!(engine_errors(&valid), 0, "{valid}");
        assert_valid(&validator, &valid, "a postal_format rule");
    }
    for (what, config) in invalid {
        assert!(!validator.is_valid(&config), "the schema accepts a config with {what}: {config}");
        assert!(engine_errors(&config) > 0, "the engine accepts a config with {what}: {config}");
    }
}
