//! `checkout-guard replay`: hand-computed figures on small exports, parity
//! with `checkout-guard run` on every replayed order (both functions, the
//! built-in engine and the real modules), privacy of the output, bad input.

use checkout_guard::json::Json;
use checkout_guard_cli::exec::{self, CartSource, Engine, Overrides};
use checkout_guard_cli::replay::{self, Replayed, Report, Request, Verdict};
use checkout_guard_cli::split;
use checkout_guard_cli::variables::Variables;
use checkout_guard_replay::export::{self, ExportOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn modules_dir() -> PathBuf {
    match std::env::var_os("CHECKOUT_GUARD_MODULES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root().join("target/wasm32-wasip1/function"),
    }
}

/// A fresh directory under target/ for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target/replay-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn binary(args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_checkout-guard"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the checkout-guard binary runs");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn rule<'r>(report: &'r Report, id: &str) -> &'r replay::RuleFigures {
    report.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no rule {id}"))
}

const SMALL_CONFIG: &str = r#"{"version": 1, "rules": [
  {"id": "max-3-each", "kind": "line_quantity", "max": 3, "message": "At most {max} of {product}."},
  {"id": "min-40", "kind": "cart_subtotal", "min": "40.00", "monitor": true, "message": "Orders start at {min}."},
  {"id": "no-po-box", "kind": "field_pattern", "preset": "po_box",
   "fields": ["deliveryAddress.address1", "deliveryAddress.address2"], "message": "No PO boxes."},
  {"id": "pickup-po", "kind": "field_pattern", "preset": "po_box", "fields": ["deliveryAddress.address1"],
   "when": {"deliveryMethods": ["SHIPPING"]}, "message": "No PO boxes."},
  {"id": "vip-only", "kind": "cart_quantity", "max": 1, "when": {"customerTags": ["vip"]}, "message": "One only."},
  {"id": "heavy", "kind": "cart_weight", "max": 1, "unit": "kg", "message": "Too heavy."},
  {"id": "off", "kind": "cart_quantity", "max": 1, "enabled": false, "message": "m"},
  {"id": "first-name", "kind": "field_pattern", "pattern": "x", "fields": ["deliveryAddress.firstName"], "message": "m"}
]}"#;

/// Five orders, by hand: what each rule does to each.
///   #1001 CAD 2 × 10.00 + 4 × 5.00 = 40.00, PO Box      → max-3-each (4 > 3), no-po-box
///   #1002 CAD 1 × 25.00                                 → min-40 (monitor)
///   #1003 USD 5 × 10.00, street                         → max-3-each; min-40 not judged (currency)
///   #1004 CAD row malformed (quantity "two")            → skipped, row 6
///   #1005 CAD 1 × 45.00, "Post Office Box 7" in Address2 → no-po-box
const SMALL_ORDERS: &str = "\u{feff}Name,Email,Currency,Subtotal,Shipping Method,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Shipping Name,Shipping Address1,Shipping Address2,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Notes,Phone\r\n\
#1001,ana@example.com,CAD,40.00,Standard,2,\"Beanie, Merino - S\",10.00,BEA-S,Ana Lima,Ana Lima,PO Box 12,,Ottawa,K2P 1L4,ON,CA,\"Leave it\r\nat the door, please\",+16135550101\r\n\
#1001,ana@example.com,,,,4,Mug,5.00,MUG,,,,,,,,,,\r\n\
#1002,bo@example.com,CAD,25.00,Standard,1,Tote,25.00,TOTE,Bo Chen,Bo Chen,12 Elm Street,,Toronto,M5V 2T6,ON,CA,,\r\n\
#1003,cy@example.com,USD,50.00,Express,5,Socks,10.00,SOCK,Cy Diaz,Cy Diaz,350 Fifth Avenue,Floor 21,New York,10118,NY,US,,\r\n\
#1004,di@example.com,CAD,9.00,Standard,two,Card,9.00,CARD,Di Eng,Di Eng,1 Main Street,,Ottawa,K1A 0A6,ON,CA,,\r\n\
#1005,ed@example.com,CAD,45.00,Standard,1,Candle,45.00,CAN,Ed Fox,Ed Fox,5 High Street,Post Office Box 7,Ottawa,K1A 0A6,ON,CA,,\r\n";

#[test]
fn small_export_hand_computed() {
    let dir = scratch("small");
    let orders = dir.join("orders.csv");
    std::fs::write(&orders, SMALL_ORDERS).unwrap();
    let request = Request { orders: Some(orders.clone()), jobs: 2, ..Request::default() };
    let report = replay::replay(SMALL_CONFIG, &request, |_| {}, false).unwrap();
    assert_eq!((report.orders, report.inputs), (4, 0));
    assert_eq!(report.shop_currency.as_deref(), Some("CAD"));
    assert_eq!((report.skipped.rows, report.skipped.row_numbers.clone(), report.skipped.orders), (1, vec![6], 1));

    let max = rule(&report, "max-3-each");
    assert_eq!((max.status, max.judged, max.blocked), ("replayed", 4, 2));
    assert_eq!(max.first_orders, ["#1001", "#1003"]);
    assert_eq!(max.share, 0.5);
    assert_eq!(max.subtotal.get("CAD").map(String::as_str), Some("40.00"));
    assert_eq!(max.subtotal.get("USD").map(String::as_str), Some("50.00"));

    let min = rule(&report, "min-40");
    assert!(min.monitor);
    assert_eq!((min.judged, min.blocked, min.first_orders.clone()), (3, 1, vec!["#1002".to_string()]));
    assert_eq!(min.not_judged.values().sum::<u64>(), 1);
    assert!(min.not_judged.keys().any(|k| k.contains("another currency")), "{:?}", min.not_judged);

    let po = rule(&report, "no-po-box");
    assert_eq!((po.judged, po.blocked, po.first_orders.clone()), (4, 2, vec!["#1001".into(), "#1005".into()]));
    assert_eq!(po.subtotal.get("CAD").map(String::as_str), Some("85.00"));

    let reason = |id: &str| {
        let r = rule(&report, id);
        assert_eq!(r.status, "not judgeable", "{id}");
        assert_eq!((r.judged, r.blocked), (0, 0));
        r.reason.clone().unwrap()
    };
    assert!(reason("pickup-po").contains("--delivery-method"));
    assert!(reason("vip-only").contains("customer tags"));
    assert!(reason("heavy").contains("--products"));
    assert!(reason("first-name").contains("full name"));
    assert_eq!(rule(&report, "off").status, "disabled");
    // Enforced rules block #1001, #1003, #1005; only the monitored min-40 blocks #1002.
    assert_eq!((report.blocked, report.blocked_by_monitored_only), (3, 1));

    // With the rates mapped, the rule on shipping only is judged: #1001 ships by "Standard".
    let mapped = Request {
        delivery_methods: vec![("standard".into(), "SHIPPING".into()), ("Express".into(), "SHIPPING".into())],
        ..request.clone()
    };
    let report = replay::replay(SMALL_CONFIG, &mapped, |_| {}, false).unwrap();
    let pickup = rule(&report, "pickup-po");
    assert_eq!((pickup.status, pickup.judged, pickup.blocked), ("replayed", 4, 1));
}

#[test]
fn products_export_fills_types_tags_and_weights() {
    let dir = scratch("products");
    let orders = dir.join("orders.csv");
    let products = dir.join("products.csv");
    std::fs::write(&orders, SMALL_ORDERS).unwrap();
    // MUG weighs 300 g: #1001 is 2 × 250 + 4 × 300 = 1.7 kg. TOTE 900 g. SOCK is a
    // sale item (5 × 50 g). CAN is not in the export.
    std::fs::write(
        &products,
        "Handle,Title,Vendor,Type,Tags,Variant SKU,Variant Grams,Variant Requires Shipping\n\
         beanie,Merino Beanie,Northwind,Hats,wool,BEA-S,250,true\n\
         mug,Mug,Lumen,Kitchen,,MUG,300,true\n\
         tote,Tote,Lumen,Bags,,TOTE,900,true\n\
         socks,Socks,Lumen,Apparel,sale,SOCK,50,true\n",
    )
    .unwrap();
    let config = r#"{"version": 1, "rules": [
      {"id": "heavy", "kind": "cart_weight", "max": 1, "unit": "kg", "message": "Too heavy."},
      {"id": "sale-max-4", "kind": "line_quantity", "max": 4, "lines": {"productTags": ["SALE"]}, "message": "{product}"},
      {"id": "kitchen-3", "kind": "cart_quantity", "max": 3, "lines": {"productTypes": ["kitchen"]}, "message": "m"}
    ]}"#;
    let request = Request { orders: Some(orders), products: Some(products), jobs: 1, ..Request::default() };
    let report = replay::replay(config, &request, |_| {}, false).unwrap();
    let heavy = rule(&report, "heavy");
    assert_eq!((heavy.judged, heavy.blocked, heavy.first_orders.clone()), (3, 1, vec!["#1001".to_string()]));
    assert_eq!(heavy.not_judged.values().sum::<u64>(), 1, "#1005's candle is in no export");
    let sale = rule(&report, "sale-max-4");
    assert_eq!((sale.blocked, sale.first_orders.clone()), (1, vec!["#1003".to_string()]));
    let kitchen = rule(&report, "kitchen-3");
    assert_eq!((kitchen.blocked, kitchen.first_orders.clone()), (1, vec!["#1001".to_string()]));
}

/// Rules of every kind the exports can judge (and two they cannot, which
/// never block a guest's cart with no collections).
const PARITY_CONFIG: &str = include_str!("data/replay-config.json");

fn generated(dir: &Path, orders: usize, seed: u64) -> (PathBuf, PathBuf) {
    let catalogue = export::catalogue(40, seed);
    let products = dir.join("products.csv");
    export::write_products(&catalogue, std::fs::File::create(&products).unwrap(), true, true).unwrap();
    let options = ExportOptions { orders, seed, ..ExportOptions::default() };
    let path = dir.join("orders.csv");
    export::write_orders(&catalogue, &options, std::fs::File::create(&path).unwrap()).unwrap();
    (path, products)
}

struct Parity {
    exact: usize,
    blocked: [usize; 2],
    passed: [usize; 2],
}

/// Every replayed order against `exec::run` (what `checkout-guard run` does)
/// on the same cart with the merchant's own config.
fn check_parity(replayed: &[Replayed], report: &Report, engine: &Engine) -> Parity {
    let json = Json::parse(PARITY_CONFIG).unwrap();
    let text = checkout_guard_cli::jsontext::compact(&json);
    let families = split::split(&json).unwrap();
    let variables = split::FAMILIES.map(|f| Variables::of_config(&json, Some(f)));
    let monitor_of = |rule: usize| report.rules[rule].monitor;
    let family_of = |rule: usize| report.rules[rule].family;
    let mut parity = Parity { exact: 0, blocked: [0; 2], passed: [0; 2] };
    for order in replayed {
        let cart = CartSource::Friendly(order.cart.clone().unwrap());
        let run = exec::run(
            engine,
            Some(&text),
            Some(&families),
            [&variables[0], &variables[1]],
            &cart,
            &Overrides::default(),
        )
        .unwrap();
        for (slot, family) in split::FAMILIES.iter().enumerate() {
            let mine: Vec<&(usize, Verdict)> =
                order.verdicts.iter().filter(|(r, _)| family_of(*r) == Some(family.name())).collect();
            let all_judged = mine.iter().all(|(_, v)| !matches!(v, Verdict::NotJudged(_)));
            let enforced = mine.iter().any(|(r, v)| *v == Verdict::Blocks && !monitor_of(*r));
            let monitored = mine.iter().any(|(r, v)| *v == Verdict::Blocks && monitor_of(*r));
            let function = run.functions.iter().find(|f| f.family == family.name()).unwrap();
            assert_ne!(function.verdict, "failed", "{}: {:?}", order.name, function.failure);
            let blocks = function.verdict == "block";
            if all_judged {
                parity.exact += 1;
                assert_eq!(enforced, blocks, "{} {family}: replay and run disagree", order.name);
                assert_eq!(monitored, !function.monitored.is_empty(), "{} {family}: monitored rules", order.name);
            } else if enforced {
                assert!(blocks, "{} {family}: replay blocks, run does not", order.name);
            }
            if blocks {
                parity.blocked[slot] += 1;
            } else {
                parity.passed[slot] += 1;
            }
        }
    }
    parity
}

#[test]
fn parity_with_run_on_every_replayed_order_native() {
    let dir = scratch("parity-native");
    let (orders, products) = generated(&dir, 400, 11);
    let request = Request {
        orders: Some(orders),
        products: Some(products),
        delivery_methods: vec![
            ("Standard Shipping".into(), "SHIPPING".into()),
            ("Express".into(), "SHIPPING".into()),
            ("Local Pickup".into(), "PICK_UP".into()),
        ],
        jobs: 2,
        ..Request::default()
    };
    let mut replayed = Vec::new();
    let report = replay::replay(PARITY_CONFIG, &request, |r| replayed.push(r.clone()), true).unwrap();
    assert_eq!(replayed.len() as u64, report.orders);
    assert_eq!(report.orders, 400);
    let parity = check_parity(&replayed, &report, &Engine::Native);
    assert!(parity.exact >= 600, "most orders are judged on every rule: {}", parity.exact);
    for slot in 0..2 {
        assert!(
            parity.blocked[slot] > 10 && parity.passed[slot] > 10,
            "both verdicts occur: {:?} {:?}",
            parity.blocked,
            parity.passed
        );
    }
    for id in [
        "max-5-each",
        "max-8-per-product",
        "max-20",
        "min-order",
        "sale-lines",
        "heavy",
        "no-po-box",
        "no-military",
        "ship-to",
        "no-yukon",
        "org-mail",
    ] {
        let r = rule(&report, id);
        assert_eq!(r.status, "replayed", "{id}");
        assert!(
            r.blocked > 0 && r.blocked < r.judged,
            "{id} blocks some orders, not all: {} of {}",
            r.blocked,
            r.judged
        );
    }
    for r in &report.rules {
        assert!(r.status == "replayed" || r.status == "not judgeable", "{}: {} ({:?})", r.id, r.status, r.reason);
    }
    assert!(rule(&report, "no-alaska-zip").blocked > 0);
    assert_eq!(rule(&report, "vip").status, "not judgeable");
    assert_eq!(rule(&report, "collection").status, "not judgeable");
}

#[test]
fn parity_with_run_through_the_real_modules() {
    for family in ["limits", "address"] {
        let path = modules_dir().join(format!("checkout-guard-{family}.wasm"));
        assert!(
            path.is_file(),
            "build the modules first: `cargo build --profile function --target wasm32-wasip1` ({})",
            path.display()
        );
    }
    let dir = scratch("parity-wasm");
    let (orders, products) = generated(&dir, 120, 5);
    let request = Request {
        orders: Some(orders.clone()),
        products: Some(products.clone()),
        delivery_methods: vec![("Standard Shipping".into(), "SHIPPING".into()), ("Express".into(), "SHIPPING".into())],
        modules: Some(modules_dir()),
        jobs: 2,
        ..Request::default()
    };
    let mut replayed = Vec::new();
    let report = replay::replay(PARITY_CONFIG, &request, |r| replayed.push(r.clone()), true).unwrap();
    assert_eq!(report.engine, "wasm");
    for f in &report.functions {
        assert_eq!(f.failed, 0);
        let (max, p99) = (f.max_instructions.unwrap(), f.p99_instructions.unwrap());
        assert!(p99 <= max && max > 10_000 && max < 11_000_000, "{}: max {max} p99 {p99}", f.family);
    }
    // The built-in engine's `run` agrees with the modules' replay…
    let parity = check_parity(&replayed, &report, &Engine::Native);
    assert!(parity.exact >= 150, "{}", parity.exact);
    // …and the binary's `run` on a few of the carts, through the modules.
    let config = dir.join("config.json");
    std::fs::write(&config, PARITY_CONFIG).unwrap();
    for order in replayed.iter().filter(|o| o.verdicts.iter().any(|(_, v)| *v == Verdict::Blocks)).take(3) {
        let cart = dir.join("cart.json");
        std::fs::write(&cart, serde_json::to_string(order.cart.as_deref().unwrap()).unwrap()).unwrap();
        let (stdout, stderr, _) = binary(&[
            "run",
            "--config",
            config.to_str().unwrap(),
            "--cart",
            cart.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let run: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        for function in run["functions"].as_array().unwrap() {
            let family = function["family"].as_str().unwrap();
            let enforced = order.verdicts.iter().any(|(r, v)| {
                *v == Verdict::Blocks && report.rules[*r].family == Some(family) && !report.rules[*r].monitor
            });
            let judged = order
                .verdicts
                .iter()
                .filter(|(r, _)| report.rules[*r].family == Some(family))
                .all(|(_, v)| !matches!(v, Verdict::NotJudged(_)));
            if judged {
                assert_eq!(enforced, function["verdict"] == "block", "{} {family}", order.name);
            }
        }
    }
}

fn personal_values(orders_csv: &Path) -> Vec<String> {
    let mut reader = csv::Reader::from_path(orders_csv).unwrap();
    let header: Vec<String> =
        reader.headers().unwrap().iter().map(|h| h.trim_start_matches('\u{feff}').to_string()).collect();
    let personal = [
        "Email",
        "Billing Name",
        "Billing Street",
        "Billing Address1",
        "Billing Address2",
        "Billing Phone",
        "Shipping Name",
        "Shipping Street",
        "Shipping Address1",
        "Shipping Address2",
        "Shipping Phone",
        "Phone",
        "Billing Company",
        "Shipping Company",
    ];
    let mut values = std::collections::BTreeSet::new();
    for record in reader.records() {
        let record = record.unwrap();
        for (i, name) in header.iter().enumerate() {
            if personal.contains(&name.as_str()) {
                if let Some(v) = record.get(i).filter(|v| v.len() >= 4) {
                    values.insert(v.to_string());
                }
            }
        }
    }
    values.into_iter().collect()
}

#[test]
fn output_names_orders_only_never_buyers() {
    let dir = scratch("privacy");
    let (orders, products) = generated(&dir, 300, 3);
    let config = dir.join("config.json");
    std::fs::write(&config, PARITY_CONFIG).unwrap();
    let personal = personal_values(&orders);
    assert!(personal.len() > 100, "the export holds buyers' data: {}", personal.len());
    assert!(personal.iter().any(|v| v.contains('@')) && personal.iter().any(|v| v.contains("PO Box")));
    for format in ["human", "json"] {
        let (stdout, stderr, code) = binary(&[
            "replay",
            "--config",
            config.to_str().unwrap(),
            "--orders",
            orders.to_str().unwrap(),
            "--products",
            products.to_str().unwrap(),
            "--delivery-method",
            "Standard Shipping=SHIPPING",
            "--native",
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("#10"), "orders are named: {stdout}");
        for value in &personal {
            assert!(
                !stdout.contains(value.as_str()) && !stderr.contains(value.as_str()),
                "{format} output shows {value:?}"
            );
        }
        assert!(
            stderr.is_empty() || !stderr.contains('\r'),
            "no progress bar when stderr is not a terminal: {stderr:?}"
        );
    }
}

#[test]
fn bad_input_is_named() {
    let dir = scratch("bad");
    let config = dir.join("config.json");
    std::fs::write(&config, SMALL_CONFIG).unwrap();
    let products = dir.join("products.csv");
    std::fs::write(&products, "Handle,Title\nx,y\n").unwrap();
    let (_, stderr, code) =
        binary(&["replay", "--config", config.to_str().unwrap(), "--orders", products.to_str().unwrap(), "--native"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a Shopify orders export: missing the columns Name, Currency, Lineitem quantity, Lineitem name, Lineitem price"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one error: {stderr}");
    let orders = dir.join("orders.csv");
    std::fs::write(&orders, SMALL_ORDERS).unwrap();
    let (stdout, stderr, code) =
        binary(&["replay", "--config", config.to_str().unwrap(), "--orders", orders.to_str().unwrap(), "--native"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Skipped: 1 malformed row of the orders export (row 6); 1 order left out"), "{stdout}");
    assert!(stdout.contains("min-40 (monitor)"), "{stdout}");
    assert!(
        stdout.contains("not judgeable from these exports: customer tags are not in the orders export"),
        "{stdout}"
    );
    let (_, stderr, code) = binary(&["replay", "--config", config.to_str().unwrap(), "--native"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("nothing to replay"), "{stderr}");
}

#[test]
fn function_inputs_are_replayed_with_every_rule() {
    let dir = scratch("inputs");
    let folder = dir.join("inputs");
    std::fs::create_dir_all(&folder).unwrap();
    let json = Json::parse(SMALL_CONFIG).unwrap();
    let vars = split::FAMILIES.map(|f| Variables::of_config(&json, Some(f)));
    // A VIP buying 2 (vip-only blocks: inputs carry customer tags) and a guest.
    let vip: CartSource = CartSource::parse(
        r#"{"lines": [{"quantity": 2, "price": "30"}], "buyer": {"customerTags": ["vip"]},
            "deliveryGroups": [{"address": {"address1": "PO Box 9", "countryCode": "CA"}, "deliveryMethod": "SHIPPING"}]}"#,
    )
    .unwrap();
    let guest =
        CartSource::parse(r#"{"lines": [{"quantity": 2, "price": "30"}], "buyer": {"email": "x@example.com"}}"#)
            .unwrap();
    let mut lines = String::new();
    for (i, cart) in [&vip, &guest].into_iter().enumerate() {
        let limits = exec::build_input(checkout_guard::Family::Limits, cart, &vars[0], None, &Overrides::default());
        lines.push_str(&limits);
        lines.push('\n');
        let address = exec::build_input(checkout_guard::Family::Address, cart, &vars[1], None, &Overrides::default());
        std::fs::write(folder.join(format!("address-{i}.json")), address).unwrap();
    }
    lines.push_str("{not json\n");
    std::fs::write(folder.join("limits.jsonl"), lines).unwrap();
    let request = Request { inputs: Some(folder), jobs: 1, ..Request::default() };
    let mut names = Vec::new();
    let report = replay::replay(SMALL_CONFIG, &request, |r| names.push(r.name.clone()), false).unwrap();
    names.sort();
    assert_eq!(names, ["address-0.json", "address-1.json", "limits.jsonl:1", "limits.jsonl:2"]);
    assert_eq!(
        (report.inputs, report.skipped.inputs, report.skipped.input_names.clone()),
        (4, 1, vec!["limits.jsonl:3".into()])
    );
    let vip = rule(&report, "vip-only");
    assert_eq!(
        (vip.status, vip.judged, vip.blocked, vip.first_orders.clone()),
        ("replayed", 2, 1, vec!["limits.jsonl:1".into()])
    );
    let po = rule(&report, "pickup-po");
    assert_eq!((po.judged, po.blocked), (2, 1));
    let first = rule(&report, "first-name");
    assert_eq!((first.status, first.judged), ("replayed", 2));
}

#[test]
fn a_log_too_long_to_be_whole_is_replayed_rule_by_rule() {
    let dir = scratch("long-log");
    let orders = dir.join("orders.csv");
    std::fs::write(&orders, SMALL_ORDERS).unwrap();
    // 20 rules that block #1001 (4 mugs), each logging a ~100-byte monitor
    // line: 2,000 bytes, past the function's 1,000-byte log.
    let rules: Vec<String> = (0..20)
        .map(|i| {
            format!(
                r#"{{"id": "a-rule-with-a-long-name-so-that-its-log-line-is-long-{i:02}", "kind": "line_quantity", "max": 3, "message": "m"}}"#
            )
        })
        .collect();
    let config = format!(r#"{{"version": 1, "rules": [{}]}}"#, rules.join(","));
    let request = Request { orders: Some(orders), jobs: 1, ..Request::default() };
    let report = replay::replay(&config, &request, |_| {}, false).unwrap();
    for r in &report.rules {
        assert_eq!(
            (r.judged, r.blocked, r.first_orders.clone()),
            (4, 2, vec!["#1001".into(), "#1003".into()]),
            "{}",
            r.id
        );
    }
}
