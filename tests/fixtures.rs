//! Every `tests/fixtures/*.json` (Shopify's fixture format) runs through the
//! engine: the output must equal the fixture's `output`, and a snapshot per
//! fixture records the output and the log beside the input it came from.

use checkout_guard::{run, Family};
use serde_json::Value;
use std::path::Path;

struct Fixture {
    family: Family,
    input: Value,
    output: Value,
}

fn load(path: &Path) -> Fixture {
    let text = std::fs::read_to_string(path).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let payload = &fixture["payload"];
    assert_eq!(payload["target"], "cart.validations.generate.run", "{}", path.display());
    let family = match payload["export"].as_str() {
        Some("run_limits") => Family::Limits,
        Some("run_address") => Family::Address,
        other => panic!("{}: unknown export {other:?}", path.display()),
    };
    Fixture { family, input: payload["input"].clone(), output: payload["output"].clone() }
}

fn run_fixture(fixture: &Fixture) -> (Value, String) {
    let raw = serde_json::to_vec(&fixture.input).unwrap();
    let outcome = run(fixture.family, &raw);
    let output: Value = serde_json::from_str(&outcome.output).expect("the output is JSON");
    (output, outcome.log)
}

#[test]
fn fixtures_match_expected_output_and_snapshots() {
    insta::glob!("fixtures/*.json", |path| {
        let fixture = load(path);
        let (output, log) = run_fixture(&fixture);
        assert_eq!(output, fixture.output, "{}: output differs from the fixture's expected output", path.display());
        let shown = format!(
            "export: run_{}\noutput:\n{}\nlog:\n{}",
            fixture.family,
            serde_json::to_string_pretty(&output).unwrap(),
            log
        );
        insta::with_settings!({ info => &fixture.input, omit_expression => true }, {
            insta::assert_snapshot!(shown);
        });
    });
}

#[test]
fn there_are_enough_fixtures_for_every_kind() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut count = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            count += 1;
            let fixture = load(&path);
            let rules = &fixture.input["validation"]["metafield"]["jsonValue"]["rules"];
            for rule in rules.as_array().into_iter().flatten() {
                if let Some(kind) = rule["kind"].as_str() {
                    kinds.insert(kind.to_string());
                }
            }
        }
    }
    assert!(count >= 60, "only {count} fixtures");
    for kind in checkout_guard::rules::Kind::ALL {
        assert!(kinds.contains(kind.name()), "no fixture uses kind {}", kind.name());
    }
}

/// Values of buyer data in an input: addresses, names, email, phone.
fn personal_values(input: &Value) -> Vec<String> {
    const PERSONAL: &[&str] =
        &["address1", "address2", "city", "company", "firstName", "lastName", "phone", "zip", "email"];
    let mut found = Vec::new();
    fn walk(value: &Value, key: Option<&str>, found: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, Some(k), found)),
            Value::Array(items) => items.iter().for_each(|v| walk(v, key, found)),
            Value::String(s) if key.is_some_and(|k| PERSONAL.contains(&k)) && s.trim().len() >= 3 => {
                found.push(s.clone())
            }
            _ => {}
        }
    }
    walk(&input["cart"], None, &mut found);
    found
}

#[test]
fn no_buyer_data_reaches_logs_or_output() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let fixture = load(&path);
        let (output, log) = run_fixture(&fixture);
        let output = output.to_string();
        for value in personal_values(&fixture.input) {
            checked += 1;
            assert!(!log.contains(&value), "{}: the log contains buyer data", path.display());
            assert!(!output.contains(&value), "{}: the output contains buyer data", path.display());
        }
    }
    assert!(checked > 50, "only {checked} buyer values checked");
}
