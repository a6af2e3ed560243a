//! The real modules on hostile inputs, run as Shopify runs them (wasmtime,
//! WASI, Shopify's instruction accounting), with a small deterministic PRNG:
//!
//! * a few hundred generated hostile inputs per function (broken carts,
//!   unknown enum values, long and odd strings, broken and garbage configs,
//!   arbitrary and mutated bytes): no trap, valid output within 20,000
//!   bytes, log within 1,000 bytes, no buyer data in the log or the output,
//!   the same figures on a second run;
//! * merchant patterns: the instruction cost per matched byte of realistic
//!   and pathological patterns stays under measured ceilings, and (the
//!   contract: a valid config never fails the run) every pattern the checker
//!   accepts, on any input Shopify can send, stays within Shopify's
//!   11,000,000 instructions.
//!
//! Run with `--nocapture` to see the figures, and
//! `-- --ignored --nocapture` for the full table of worst cases. Needs the
//! modules: `cargo build --profile function --target wasm32-wasip1`.

mod common;

use checkout_guard_runner::bench;
use checkout_guard_runner::gen::{self, Rng, Variables};
use checkout_guard_runner::limits::{INSTRUCTIONS, LOG_SHOWN_BYTES, OUTPUT_BYTES};
use checkout_guard_runner::{export_for, workspace_root, Family, LimitKind, Report, RunOptions, Runner, Verdict};
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------
// Hostile inputs
// ---------------------------------------------------------------------------

/// Buyer strings carry these; configs and the engine never do, so one in a log is a leak.
const BUYER_MARKS: &[char] = &['ß', 'Ж', 'Ω', '東', 'ø', 'Ñ', '🏠'];
const FILLER: &[char] = &[
    'a', 'B', 'x', '0', '9', ' ', '.', ',', '-', '#', '@', '+', '"', '\\', '\n', '\t', '\u{0}', '\u{1f}', '\u{a0}',
    '\u{2028}', 'é', 'ł', '🙂', '{', '}',
];
const ADDRESS_FIELDS: &[&str] = &[
    "address1",
    "address2",
    "city",
    "company",
    "countryCode",
    "firstName",
    "lastName",
    "phone",
    "provinceCode",
    "zip",
];
const BILLING_FIELDS: &[&str] = &["address1", "address2", "city", "company", "countryCode", "provinceCode", "zip"];

/// A buyer string of about `len` characters, marked at least every fifth character.
fn buyer_text(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    let mut count = 0;
    while count < len {
        s.push(rng.pick(BUYER_MARKS));
        count += 1;
        for _ in 0..rng.below(5).min(len.saturating_sub(count)) {
            s.push(rng.pick(FILLER));
            count += 1;
        }
    }
    s
}

/// Lengths of buyer strings: mostly short, some at common field limits, a few long.
fn text_len(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=69 => rng.below(40),
        70..=94 => rng.below(120),
        95..=98 => 255,
        _ => 300 + rng.below(2_000),
    }
}

fn unknown_enum(rng: &mut Rng) -> Value {
    json!(rng.pick(&["XK", "ZZ", "TELEPORT", "STONES", "QQ_QQ", "", "cart_interaction", "FUTURE_VALUE_2030"]))
}

fn odd_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1e300),
        4 => json!([]),
        5 => json!({}),
        6 => json!("9223372036854775808"),
        7 => unknown_enum(rng),
        _ => {
            let len = text_len(rng);
            json!(buyer_text(rng, len))
        }
    }
}

/// Walks the input, replacing some leaves with odd values, buyer strings with
/// marked ones, and dropping some keys.
fn roughen(value: &mut Value, rng: &mut Rng, depth: usize) {
    match value {
        Value::Object(map) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            for key in keys {
                if rng.chance(3) {
                    map.remove(&key);
                    continue;
                }
                let buyer_field = ADDRESS_FIELDS.contains(&key.as_str()) || key == "email" || key == "phone";
                let Some(child) = map.get_mut(&key) else { continue };
                if buyer_field && key != "countryCode" && key != "provinceCode" {
                    let len = text_len(rng);
                    *child = if rng.chance(10) { odd_value(rng) } else { json!(buyer_text(rng, len)) };
                } else if depth > 1 && rng.chance(4) {
                    *child = odd_value(rng);
                } else {
                    roughen(child, rng, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                roughen(item, rng, depth + 1);
            }
            if rng.chance(5) && !items.is_empty() {
                let at = rng.below(items.len());
                items.insert(at, odd_value(rng));
            }
        }
        Value::String(s) if rng.chance(5) => {
            // Unknown enum values and other strings Shopify may send later.
            *s = rng.pick(&["XK", "TELEPORT", "STONES", "ZZZ", "", " ", "UNKNOWN"]).to_string();
        }
        Value::Number(_) if rng.chance(5) => {
            *value = rng.pick(&[json!(0), json!(-5), json!(i64::MAX), json!(1.5e30), json!("12.5")]);
        }
        _ => {}
    }
}

/// Breaks a rule the way merchants and tools do: typos, wrong types, removed
/// keys, bad patterns.
fn break_config(config: &mut Value, rng: &mut Rng) {
    let Some(rules) = config.get_mut("rules").and_then(Value::as_array_mut) else { return };
    for rule in rules.iter_mut() {
        if !rng.chance(30) {
            continue;
        }
        let Some(r) = rule.as_object_mut() else { continue };
        match rng.below(8) {
            0 => {
                r.insert("mx".into(), json!(5));
            }
            1 => {
                r.remove("message");
            }
            2 => {
                r.insert("max".into(), json!("five"));
            }
            3 => {
                r.insert("pattern".into(), json!(rng.pick(&["(", "a{70000}", "\\p{L}", "", "(?=x)"])));
            }
            4 => {
                r.insert("message".into(), json!(rng.pick(&["{nope}", "a { b", "", "{actual}", "{product}"])));
            }
            5 => {
                r.insert("when".into(), json!({"countries": ["usa"], "colour": 1}));
            }
            6 => {
                r.insert("kind".into(), json!("line_qty"));
            }
            _ => {
                r.insert("fields".into(), json!(["deliveryAddress.street"]));
            }
        }
    }
}

fn garbage_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 4 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.next_u64() as i64),
        3 => json!(rng.pick(&["line_quantity", "field_pattern", "{max}", "(", "50.00", "US", "kg", ""])),
        4 => json!(rng.pick(&[1, 100, 0, -1])),
        5 => Value::Array((0..rng.below(6)).map(|_| garbage_json(rng, depth + 1)).collect()),
        _ => {
            let keys = ["version", "rules", "id", "kind", "message", "max", "min", "pattern", "fields", "when", "x"];
            let mut map = Map::new();
            for _ in 0..rng.below(7) {
                map.insert(rng.pick(&keys).to_string(), garbage_json(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// The `n`th hostile input of a family, and whether its JSON is intact (so
/// the buyer-data check applies).
fn hostile_input(family: Family, n: usize, rng: &mut Rng) -> (Vec<u8>, bool) {
    let mut config = bench::budget_config();
    let variables = Variables::from_config(&config);
    let lines = match family {
        Family::Limits if n.is_multiple_of(97) => 1_000 + rng.below(1_001),
        Family::Limits => rng.below(60),
        Family::Address => 0,
    };
    let base = gen::generated_input_json(family, lines, &variables, Some(&config), rng.next_u64());
    let mut input: Value = serde_json::from_str(&base).expect("the generator's input is JSON");
    // The config is the merchant's: it is broken below, not filled with buyer data.
    let validation = input.as_object_mut().and_then(|i| i.remove("validation"));
    roughen(&mut input, rng, 0);
    if let Some(validation) = validation {
        input["validation"] = validation;
    }
    match n % 8 {
        // Realistic carts with hostile values, with the realistic config.
        0..=2 => {}
        // Broken rules beside valid ones.
        3 | 4 => {
            break_config(&mut config, rng);
            input["validation"] = json!({ "metafield": { "jsonValue": config } });
        }
        // Garbage configs.
        5 => {
            let garbage = if rng.chance(50) {
                json!({ "version": 1, "rules": (0..rng.below(6)).map(|_| garbage_json(rng, 1)).collect::<Vec<_>>() })
            } else {
                garbage_json(rng, 0)
            };
            input["validation"] = json!({ "metafield": { "jsonValue": garbage } });
        }
        // Arbitrary bytes.
        6 => {
            let len = rng.below(600);
            return ((0..len).map(|_| rng.next_u64() as u8).collect(), false);
        }
        // A valid input with a few bytes changed.
        _ => {
            let mut bytes = serde_json::to_vec(&input).unwrap();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len() + 1);
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = rng.next_u64() as u8,
                    1 => bytes.insert(at, rng.pick(b"{}[]\",:0n\\")),
                    _ if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => {}
                }
            }
            return (bytes, false);
        }
    }
    (serde_json::to_vec(&input).unwrap(), true)
}

fn export(family: Family) -> String {
    export_for(&workspace_root(), family)
}

/// Checks one report; returns a description of what is wrong, if anything.
fn problem(report: &Report, intact: bool) -> Option<String> {
    if let Verdict::Trap { message } = &report.verdict {
        return Some(format!("trap: {message}"));
    }
    if report.output_bytes > OUTPUT_BYTES {
        return Some(format!("output of {} bytes", report.output_bytes));
    }
    if report.log_bytes > LOG_SHOWN_BYTES as u64 {
        return Some(format!("log of {} bytes", report.log_bytes));
    }
    if intact {
        if let Some(c) = report.log.chars().find(|c| BUYER_MARKS.contains(c)) {
            return Some(format!("buyer data ({c:?}) in the log: {}", report.log));
        }
        if let Some(c) = report.stdout.chars().find(|c| BUYER_MARKS.contains(c)) {
            return Some(format!("buyer data ({c:?}) in the output: {}", report.stdout));
        }
    }
    if let Verdict::LimitExceeded { exceeded, .. } = &report.verdict {
        // Instructions are judged by the pattern tests below; any other limit is a bug here.
        if exceeded.iter().any(|e| e.limit != LimitKind::Instructions) {
            return Some(format!("{}", report.verdict));
        }
    }
    None
}

fn hostile_inputs(family: Family, count: usize, seed: u64) {
    let runner = common::runner(family);
    let export = export(family);
    let mut rng = Rng(seed);
    let mut failures = Vec::new();
    let mut verdicts = [0usize; 4];
    let mut over_budget = Vec::new();
    let mut over_budget_long = Vec::new();
    let (mut most, mut most_at) = (0u64, 0usize);
    for n in 0..count {
        let (input, intact) = hostile_input(family, n, &mut rng);
        let report = runner.run(&export, &input).unwrap_or_else(|e| panic!("{e}"));
        if let Some(problem) = problem(&report, intact) {
            let shown = String::from_utf8_lossy(&input[..input.len().min(600)]).into_owned();
            failures.push(format!("input #{n} ({} bytes): {problem}\n  input starts: {shown}", input.len()));
        }
        if matches!(report.verdict, Verdict::LimitExceeded { .. }) {
            let longest = longest_string(&input);
            let entry = format!(
                "#{n}: {} instructions of {} (longest string {longest} bytes)",
                report.instructions, report.limits.instructions
            );
            if longest <= REALISTIC_FIELD_BYTES {
                over_budget.push(entry);
            } else {
                over_budget_long.push(entry);
            }
        }
        verdicts[report.verdict.exit_code() as usize] += 1;
        if report.instructions > most {
            (most, most_at) = (report.instructions, n);
        }
        if n.is_multiple_of(10) {
            let again = runner.run(&export, &input).unwrap();
            assert_eq!(
                (again.instructions, &again.stdout, &again.log),
                (report.instructions, &report.stdout, &report.log),
                "input #{n}: a second run differs"
            );
        }
    }
    let [allowed, rejected, _, exceeded] = verdicts;
    eprintln!(
        "{family}: {count} hostile inputs: {allowed} allowed, {rejected} rejected, {exceeded} over a limit; \
         most instructions {most} (input #{most_at}); over the instruction budget: \
         {} with strings of at most {REALISTIC_FIELD_BYTES} bytes, {} with longer ones {over_budget_long:?}",
        over_budget.len(),
        over_budget_long.len(),
    );
    assert!(
        failures.is_empty(),
        "{family}: {} of {count} hostile inputs failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        rejected >= count / 10,
        "{family}: only {rejected} of {count} inputs broke a rule: the inputs are too tame"
    );
    // With strings no longer than address fields usually are, the realistic
    // config stays within budget. Longer values (patterns read up to 1,024
    // bytes of each) are judged by `every_accepted_pattern_stays_within_shopify_budget`.
    assert!(over_budget.is_empty(), "{family}: over the instruction budget: {over_budget:?}");
}

/// Strings up to this long count as realistic field values (Shopify's own
/// address fields are commonly capped at 255 characters; unverified).
const REALISTIC_FIELD_BYTES: usize = 255;

/// The longest string in a JSON input (0 when it is not JSON).
fn longest_string(input: &[u8]) -> usize {
    fn walk(value: &Value) -> usize {
        match value {
            Value::String(s) => s.len(),
            Value::Array(items) => items.iter().map(walk).max().unwrap_or(0),
            Value::Object(map) => map.values().map(walk).max().unwrap_or(0),
            _ => 0,
        }
    }
    serde_json::from_slice::<Value>(input).map_or(0, |v| walk(&v))
}

#[test]
fn hostile_inputs_never_fail_the_limits_function() {
    hostile_inputs(Family::Limits, 300, 0x11A1_75EE_D000_0001);
}

#[test]
fn hostile_inputs_never_fail_the_address_function() {
    hostile_inputs(Family::Address, 300, 0x0ADD_7E55_EE00_0002);
}

// ---------------------------------------------------------------------------
// Merchant patterns: instruction cost
// ---------------------------------------------------------------------------

/// One `field_pattern` rule on `fields`, `groups` delivery groups; every field
/// the rule names holds `value`, every other field "x".
fn pattern_input(pattern: &str, value: &str, fields: &[String], groups: usize) -> Vec<u8> {
    pattern_input_rules(pattern, value, fields, groups, 1, false)
}

/// [`pattern_input`] with `copies` of the rule, `distinct` ones (each
/// pattern's text prefixed with a different number of empty groups).
fn pattern_input_rules(
    pattern: &str,
    value: &str,
    fields: &[String],
    groups: usize,
    copies: usize,
    distinct: bool,
) -> Vec<u8> {
    let fill = |scope: &str, f: &str| {
        let named = fields.iter().any(|n| n == &format!("{scope}.{f}"));
        (f.to_string(), json!(if named { value } else { "x" }))
    };
    let address: Map<String, Value> = ADDRESS_FIELDS.iter().map(|f| fill("deliveryAddress", f)).collect();
    let billing: Map<String, Value> = BILLING_FIELDS.iter().map(|f| fill("billingAddress", f)).collect();
    let email = if fields.iter().any(|f| f == "buyerIdentity.email") { value } else { "x" };
    let phone = if fields.iter().any(|f| f == "buyerIdentity.phone") { value } else { "x" };
    let (key, matcher) = match pattern.strip_prefix("preset:") {
        Some(preset) => ("preset", preset),
        None => ("pattern", pattern),
    };
    let rules: Vec<Value> = (0..copies)
        .map(|n| {
            let mut rule =
                json!({ "id": format!("h{n}"), "kind": "field_pattern", "fields": fields, "message": "No ({field})." });
            rule[key] = json!(matcher);
            if distinct && key == "pattern" {
                // The same program under another text: compiled again.
                rule[key] = json!(format!("{}{matcher}", "(?:)".repeat(n)));
            }
            rule
        })
        .collect();
    let input = json!({
        "buyerJourney": { "step": "CHECKOUT_COMPLETION" },
        "cart": {
            "cost": { "subtotalAmount": { "currencyCode": "USD" } },
            "buyerIdentity": { "email": email, "phone": phone, "customer": null, "purchasingCompany": null },
            "deliveryGroups": vec![json!({
                "deliveryAddress": address,
                "selectedDeliveryOption": { "deliveryMethodType": "SHIPPING" }
            }); groups],
            "billingAddress": billing,
        },
        "localization": { "language": { "isoCode": "EN" } },
        "validation": { "metafield": { "jsonValue": { "version": 1, "rules": rules } } }
    });
    serde_json::to_vec(&input).unwrap()
}

fn all_fields() -> Vec<String> {
    let mut fields: Vec<String> = ADDRESS_FIELDS.iter().map(|f| format!("deliveryAddress.{f}")).collect();
    fields.extend(BILLING_FIELDS.iter().map(|f| format!("billingAddress.{f}")));
    fields.extend(["buyerIdentity.email".to_string(), "buyerIdentity.phone".to_string()]);
    fields
}

/// Fuel enough to measure the costliest runs in full.
const MEASURE_FUEL: u64 = 100_000_000_000;

/// Runs the address module; a trap fails the test.
fn run_pattern(runner: &Runner, input: &[u8], fuel: Option<u64>) -> Report {
    let options = RunOptions { fuel_cap: fuel, ..RunOptions::default() };
    let report = runner.run_with(&export(Family::Address), input, &options).unwrap_or_else(|e| panic!("{e}"));
    if let Verdict::Trap { message } = &report.verdict {
        panic!("trap: {message}");
    }
    report
}

/// [`run_pattern`], for a rule that must have been accepted.
fn instructions(runner: &Runner, input: &[u8], fuel: Option<u64>) -> Report {
    let report = run_pattern(runner, input, fuel);
    // The rule must have been accepted, or the figures measure nothing.
    assert!(!report.log.contains("rules[0]"), "the pattern rule was skipped: {}", report.log);
    report
}

/// Patterns merchants write, and presets.
const REALISTIC: &[&str] = &[
    "box",
    "[0-9]",
    "p\\.?\\s*o\\.?\\s*box",
    "^[ -~]*$",
    "@(mailinator|guerrillamail)\\.com$",
    "^[0-9]{5}$",
    "[<>{}]",
    "preset:po_box",
    "preset:military",
];

/// Pathological patterns the config checker accepts: catastrophic nesting,
/// and counted repetitions grown close to the largest size tier.
const PATHOLOGICAL: &[&str] = &[
    "(a*)*b",
    "(a|aa)*c",
    "(a+)+$",
    "(x+x+)+y",
    "(.*a){12}",
    "(.*a){20}",
    "(?:.*){10}z",
    "(?:.*){20}z",
    "(?:.*){40}z",
    "(?:.*){60}z",
    "(?:.*){80}z",
    ".{0,30}z",
    ".{0,60}z",
    ".{0,80}z",
    ".{0,100}z",
    "^.{0,35}$",
    "^.{0,60}$",
    "(.{0,5}){1,10}z",
    "(?:a|aa){0,20}c",
    "(?:x?){30}x{30}",
    "(?:[^z]*[^y]*){40}q",
    "[\\w\\s\\d]{1,50}[^a]*[^b]*[^c]*d",
    "[a-zß-ÿ]{0,60}$",
];

/// Patterns within 256 characters that compile past the largest size tier:
/// the config checker refuses them (each cost 117,000 to 629,000 instructions
/// per matched byte when they were accepted).
const OVERSIZED: &[&str] = &[
    ".{0,150}z",
    ".{0,100}.{0,100}z",
    "(.{0,50}){1,10}z",
    ".{0,742}z",
    "(?s:.){0,816}z",
    "(?:.*){742}z",
    "(?:.{0,26}){26}z",
    "(?:[^z]*[^y]*){340}q",
    "(?:x?){389}x{389}",
    "(?:a|aa){0,255}c",
    "[a-zß-ÿ]{0,680}$",
];

#[test]
fn oversized_patterns_are_refused_by_the_module() {
    let runner = common::runner(Family::Address);
    let field = vec!["deliveryAddress.address1".to_string()];
    for pattern in OVERSIZED {
        let report = run_pattern(&runner, &pattern_input(pattern, "a", &field, 1), None);
        assert!(
            report.log.contains("rules[0].pattern (rule \"h0\"): pattern compiles too large"),
            "{pattern}: {}",
            report.log
        );
    }
}

/// What the engine charges a pattern per matched byte (its size tier, as the
/// native build measures it; the module agrees but on borderline patterns).
fn charged_per_byte(pattern: &str) -> u64 {
    use checkout_guard::rules::address::{Matcher, Pattern};
    match pattern.strip_prefix("preset:") {
        Some("po_box") => Matcher::PoBox.cost_per_byte(),
        Some(_) => Matcher::Military.cost_per_byte(),
        None => Pattern::compile(pattern, false, checkout_guard::config::PATTERN_NEST_LIMIT, u64::MAX)
            .unwrap_or_else(|e| panic!("{pattern}: {e:?}"))
            .cost_per_byte(),
    }
}

/// The engine's charge for every accepted pattern covers what matching
/// actually costs in the module, per byte: the charge is what bounds a run.
#[test]
fn instruction_cost_per_matched_byte_stays_under_the_charge() {
    let runner = common::runner(Family::Address);
    let field = vec!["deliveryAddress.address1".to_string()];
    let mut over = Vec::new();
    eprintln!("{:>36} {:>12} {:>12} {:>9} {:>9}", "pattern", "16 bytes", "48 bytes", "per byte", "charged");
    for pattern in REALISTIC.iter().chain(PATHOLOGICAL) {
        // Both lengths within the pattern budget of the costliest tier.
        let short = instructions(&runner, &pattern_input(pattern, &"a".repeat(16), &field, 1), Some(MEASURE_FUEL));
        let long = instructions(&runner, &pattern_input(pattern, &"a".repeat(48), &field, 1), Some(MEASURE_FUEL));
        let per_byte = long.instructions.saturating_sub(short.instructions) / 32;
        let charged = charged_per_byte(pattern);
        eprintln!("{pattern:>36} {:>12} {:>12} {per_byte:>9} {charged:>9}", short.instructions, long.instructions);
        if per_byte > charged {
            over.push(format!("{pattern}: {per_byte} instructions per byte > {charged} charged"));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

/// The engine's compile charge of every accepted pattern covers what
/// compiling it costs in the module (measured against the same rule with a
/// preset, which compiles nothing; the field is blank, so nothing is matched).
#[test]
fn compiling_each_pattern_stays_under_the_charge() {
    use checkout_guard::rules::address::Pattern;
    let runner = common::runner(Family::Address);
    let field = vec!["deliveryAddress.address1".to_string()];
    let baseline = instructions(&runner, &pattern_input("preset:po_box", "", &field, 1), Some(MEASURE_FUEL));
    let mut over = Vec::new();
    for pattern in REALISTIC.iter().chain(PATHOLOGICAL).filter(|p| !p.starts_with("preset:")) {
        let report = instructions(&runner, &pattern_input(pattern, "", &field, 1), Some(MEASURE_FUEL));
        let compiling = report.instructions.saturating_sub(baseline.instructions);
        let compiled = Pattern::compile(pattern, false, checkout_guard::config::PATTERN_NEST_LIMIT, u64::MAX)
            .unwrap_or_else(|e| panic!("{pattern}: {e:?}"));
        eprintln!("{pattern:>36} compiles in {compiling:>9}, charged {:>9}", compiled.compile_cost());
        if compiling > compiled.compile_cost() {
            over.push(format!("{pattern}: {compiling} instructions to compile > {} charged", compiled.compile_cost()));
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

/// Delivery groups of `value` in all ten delivery fields that fit in
/// Shopify's 128,000-byte input.
fn groups_that_fit(pattern: &str, value: &str, fields: &[String]) -> usize {
    let one = pattern_input(pattern, value, fields, 1).len();
    let per_group = pattern_input(pattern, value, fields, 2).len() - one;
    1 + (128_000 - one) / per_group
}

/// A run of [`every_accepted_pattern_stays_within_shopify_budget`].
struct Scenario {
    name: String,
    fields: Vec<String>,
    value: String,
    groups: usize,
    copies: usize,
    distinct: bool,
}

impl Scenario {
    fn input(&self, pattern: &str) -> Vec<u8> {
        pattern_input_rules(pattern, &self.value, &self.fields, self.groups, self.copies, self.distinct)
    }
}

/// Copies of the rule that fit in the contract's 10,000-byte config.
fn copies_that_fit(pattern: &str, fields: &[String]) -> usize {
    let config_bytes = |copies: usize| {
        let input: Value = serde_json::from_slice(&pattern_input_rules(pattern, "", fields, 1, copies, false)).unwrap();
        serde_json::to_vec(&input["validation"]["metafield"]["jsonValue"]).unwrap().len()
    };
    let one = config_bytes(1);
    let per_rule = config_bytes(2) - one;
    1 + (10_000 - one) / per_rule
}

fn budget_scenarios(pattern: &str) -> Vec<Scenario> {
    let all = all_fields();
    let delivery: Vec<String> = ADDRESS_FIELDS.iter().map(|f| format!("deliveryAddress.{f}")).collect();
    let one = |name: String, fields: &[String], value: String, groups: usize, copies: usize| Scenario {
        name,
        fields: fields.to_vec(),
        value,
        groups,
        copies,
        distinct: false,
    };
    let mut scenarios: Vec<Scenario> = [1usize, 64, 255, 1_024]
        .into_iter()
        .map(|n| one(format!("19 fields of {n} x 'a'"), &all, "a".repeat(n), 1, 1))
        .collect();
    scenarios.push(one("19 fields of 1,024 bytes of 'é'".into(), &all, "é".repeat(512), 1, 1));
    // 12 fields of 10,000 bytes: as much as fits in Shopify's 128,000-byte input.
    scenarios.push(one("12 fields of 10,000 x 'a'".into(), &all[..12], "a".repeat(10_000), 1, 1));
    let value = "a".repeat(256);
    let groups = groups_that_fit(pattern, &value, &delivery);
    scenarios.push(one(
        format!("{groups} groups (128,000 input bytes) of 10 x 256 x 'a'"),
        &delivery,
        value,
        groups,
        1,
    ));
    // As many rules as a 10,000-byte config holds: compiling costs too.
    let copies = copies_that_fit(pattern, &all[..1]);
    scenarios.push(one(format!("{copies} rules on 1 field of 64 x 'a'"), &all[..1], "a".repeat(64), 1, copies));
    let copies = copies_that_fit(pattern, &all);
    scenarios.push(one(format!("{copies} rules on 19 fields of 255 x 'a'"), &all, "a".repeat(255), 1, copies));
    // Distinct texts defeat the compile cache: the compile budget must hold.
    if !pattern.starts_with("preset:") {
        let room = 256usize.saturating_sub(pattern.chars().count()) / 4 + 1;
        let copies = copies_that_fit(pattern, &all[..1]).min(room);
        let mut distinct =
            one(format!("{copies} distinct rules on 1 field of 64 x 'a'"), &all[..1], "a".repeat(64), 1, copies);
        distinct.distinct = true;
        scenarios.push(distinct);
    }
    scenarios
}

/// The contract: a valid config never fails the run. Every pattern the checker
/// accepts, on every value a buyer can send, must stay within Shopify's
/// 11,000,000 instructions: in one delivery group with every field at 1 to
/// 10,000 bytes, in as many groups as fit in a 128,000-byte input, and in as
/// many rules as fit in a 10,000-byte config. The engine keeps it so by
/// refusing oversized patterns and charging each match its size tier's worst
/// cost against the run's pattern budget.
#[test]
fn every_accepted_pattern_stays_within_shopify_budget() {
    let runner = common::runner(Family::Address);
    let mut over = Vec::new();
    let mut runs = 0;
    let (mut worst, mut ran_out) = ((0u64, String::new()), 0);
    for pattern in REALISTIC.iter().chain(PATHOLOGICAL).chain(OVERSIZED) {
        for scenario in budget_scenarios(pattern) {
            let (name, input) = (&scenario.name, scenario.input(pattern));
            assert!(input.len() <= 128_000, "{name}: {} input bytes, more than Shopify sends", input.len());
            // The default fuel (4 x the budget) stops runaway runs early.
            let report = run_pattern(&runner, &input, None);
            runs += 1;
            if report.log.contains("rules[0].") {
                // Rejecting a pattern is one way to keep within budget.
                eprintln!("{pattern}: rejected by the config checker");
                break;
            }
            let what = format!("{pattern} on {name}");
            if report.fuel_exhausted {
                ran_out += 1;
            } else if report.instructions > worst.0 {
                worst = (report.instructions, what.clone());
            }
            if report.instructions > INSTRUCTIONS {
                let shown = if report.fuel_exhausted {
                    "> 44,000,000 (fuel ran out)".to_string()
                } else {
                    report.instructions.to_string()
                };
                over.push(format!("{what}: {shown} instructions"));
            }
        }
    }
    eprintln!("most instructions of a run that finished: {} ({}); {ran_out} runs ran out of fuel", worst.0, worst.1);
    assert!(
        over.is_empty(),
        "{} of {runs} runs over Shopify's {INSTRUCTIONS} instructions (a failed run; checkout proceeds unvalidated \
         unless the merchant set blockOnFailure):\n{}",
        over.len(),
        over.join("\n")
    );
}

/// The full figures behind the assertions above, with fuel enough to run every
/// case to the end (slow: a minute or more). Run with
/// `cargo test -p checkout-guard-runner --test hostile_modules -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_worst_case_pattern_costs() {
    let runner = common::runner(Family::Address);
    for pattern in REALISTIC.iter().chain(PATHOLOGICAL) {
        for scenario in budget_scenarios(pattern) {
            let report = run_pattern(&runner, &scenario.input(pattern), Some(MEASURE_FUEL));
            eprintln!("{pattern:>36}  {:<52} {:>16}", scenario.name, report.instructions);
        }
    }
}

// ---------------------------------------------------------------------------
// The postal_format preset (contract v1.2): a charge per value, not per byte
// ---------------------------------------------------------------------------

/// `copies` postal_format rules on both zip fields; one delivery group per
/// `(country, zip)`, and a billing address.
fn postal_input(groups: &[(&str, &str)], billing: (&str, &str), copies: usize) -> Vec<u8> {
    let rules: Vec<Value> = (0..copies)
        .map(|n| {
            json!({ "id": format!("z{n}"), "kind": "field_pattern", "preset": "postal_format",
                    "fields": ["deliveryAddress.zip", "billingAddress.zip"], "message": "Check the postal code." })
        })
        .collect();
    let address = |(country, zip): (&str, &str)| {
        json!({ "address1": "x", "address2": null, "city": "x", "company": null, "countryCode": country,
                "firstName": "x", "lastName": "x", "phone": null, "provinceCode": null, "zip": zip })
    };
    let groups: Vec<Value> = groups
        .iter()
        .map(|g| json!({ "deliveryAddress": address(*g), "selectedDeliveryOption": { "deliveryMethodType": "SHIPPING" } }))
        .collect();
    let mut billing_address = address(billing);
    if let Some(map) = billing_address.as_object_mut() {
        for key in ["firstName", "lastName", "phone"] {
            map.remove(key);
        }
    }
    let input = json!({
        "buyerJourney": { "step": "CHECKOUT_COMPLETION" },
        "cart": {
            "cost": { "subtotalAmount": { "currencyCode": "USD" } },
            "buyerIdentity": { "email": null, "phone": null, "customer": null, "purchasingCompany": null },
            "deliveryGroups": groups,
            "billingAddress": billing_address,
        },
        "localization": { "language": { "isoCode": "EN" } },
        "validation": { "metafield": { "jsonValue": { "version": 1, "rules": rules } } }
    });
    serde_json::to_vec(&input).unwrap()
}

/// Values that walk far into each country's program: long matches, near
/// misses late in the value, GB's alternation at its last branch.
const POSTAL_PROBES: &[&str] = &[
    "ZE99 9ZZ",
    "ZE9",
    "BFPO 9999",
    "GIR 0AB",
    "99999-9999",
    "99999 999",
    "K1A 0B1",
    "A9A 9A9",
    "LIMA 99",
    "CALLAO 09",
    "AAA 9999",
    "9999 ZZ",
    "9999 SZ",
    "999999999999",
    "ZZZZZZZZ",
    "0",
    "9999-999",
    "AI-2640",
    "C1070AAM",
    "PC 999",
    "1216",
    "426AB123",
    "KY1-1100",
    "LV-1073",
    "ASCN 1ZZ",
    "STHL 1ZZ",
];

/// The engine charges each postal_format value `POSTAL_FORMAT_COST`: what
/// judging it costs in the module, for every country of the table and every
/// probe, must stay under it. Measured against the same input with a value
/// that is not judged (blank) when the probe matches, and with a value that
/// breaks at the program's first step (`!`) when it breaks, so that rendering
/// the error is not counted as matching.
#[test]
fn postal_format_cost_per_value_stays_under_the_charge() {
    use checkout_guard::rules::{address::POSTAL_FORMAT_COST, postal};
    let runner = common::runner(Family::Address);
    let cost = |country: &str, zip: &str| {
        instructions(&runner, &postal_input(&[(country, zip)], ("AE", ""), 1), Some(MEASURE_FUEL)).instructions
    };
    let mut worst = (0u64, String::new());
    let (mut matched, mut broke) = ((0u64, 0u64), (0u64, 0u64));
    for country in postal::countries() {
        let (blank, first_step) = (cost(country, ""), cost(country, "!"));
        for probe in POSTAL_PROBES {
            let breaks = postal::matches(country, probe) == Some(false);
            let spent = cost(country, probe).saturating_sub(if breaks { first_step } else { blank });
            let sum = if breaks { &mut broke } else { &mut matched };
            *sum = (sum.0 + spent, sum.1 + 1);
            if spent > worst.0 {
                worst = (spent, format!("{country} {probe:?}"));
            }
        }
    }
    eprintln!(
        "postal_format: {} matching values, mean {} instructions; {} breaking values, mean {} beyond the first step; worst {} ({})",
        matched.1,
        matched.0 / matched.1.max(1),
        broke.1,
        broke.0 / broke.1.max(1),
        worst.0,
        worst.1
    );
    assert!(worst.0 <= POSTAL_FORMAT_COST, "{} instructions for {} > {POSTAL_FORMAT_COST} charged", worst.0, worst.1);
}

/// As many postal_format rules as a 10,000-byte config holds, on as many
/// delivery groups as a 128,000-byte input holds, of countries with the
/// costliest programs: within Shopify's limit, and values past the pattern
/// budget are not judged (the log says so).
#[test]
fn postal_format_rules_stay_within_shopify_budget() {
    let runner = common::runner(Family::Address);
    let config_bytes = |copies: usize| {
        let input: Value = serde_json::from_slice(&postal_input(&[], ("GB", "ZE99 9ZZ"), copies)).unwrap();
        serde_json::to_vec(&input["validation"]["metafield"]["jsonValue"]).unwrap().len()
    };
    let copies = 1 + (10_000 - config_bytes(1)) / (config_bytes(2) - config_bytes(1));
    let group = ("GB", "ZE99 9ZX");
    let one = postal_input(&[group], ("GB", "ZE99 9ZX"), copies).len();
    let per_group = postal_input(&[group, group], ("GB", "ZE99 9ZX"), copies).len() - one;
    let groups = 1 + (128_000 - one) / per_group;
    for (n, what) in [(1, "1 group"), (groups, "groups to 128,000 bytes")] {
        let input = postal_input(&vec![group; n], ("GB", "ZE99 9ZX"), copies);
        assert!(input.len() <= 128_000);
        let report = run_pattern(&runner, &input, Some(MEASURE_FUEL));
        eprintln!("{copies} postal_format rules, {what} ({n}): {} instructions", report.instructions);
        assert!(report.instructions <= 11_000_000, "{what}: {} instructions", report.instructions);
    }
}
