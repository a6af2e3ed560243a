//! Black-box tests of the `checkout-guard` binary: stdout, stderr and exit
//! code of each command, snapshotted. Paths are relative to the workspace
//! root, where the binary runs.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Runs the binary at the workspace root; returns the transcript to snapshot.
/// `CHECKOUT_GUARD_MODULES`, when set, reaches the binary (and `require_modules`).
fn transcript(args: &[&str]) -> (String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_checkout-guard"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("the checkout-guard binary runs");
    let code = output.status.code().unwrap_or(-1);
    let shown = format!(
        "$ checkout-guard {}\nexit: {code}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (shown, code)
}

macro_rules! snap {
    ($name:expr, $args:expr, $code:expr) => {{
        let (shown, code) = transcript($args);
        insta::assert_snapshot!($name, shown);
        assert_eq!(code, $code, "{shown}");
    }};
}

const EXAMPLES: &[&str] =
    &["order-limits", "po-box-blocker", "b2b-wholesaler", "multi-country-localized", "weight-limited-shipper"];

#[test]
fn lint_typo_config_reports_every_error_with_a_fix() {
    snap!("lint_typo", &["lint", "cli/tests/configs/typo.json"], 1);
    snap!("lint_typo_json", &["lint", "cli/tests/configs/typo.json", "--format", "json"], 1);
}

#[test]
fn lint_broken_json() {
    snap!("lint_broken_json", &["lint", "cli/tests/configs/broken.json"], 1);
}

#[test]
fn lint_warnings_pass_unless_denied() {
    snap!("lint_warnings", &["lint", "cli/tests/configs/warnings.json"], 0);
    snap!("lint_warnings_denied", &["lint", "cli/tests/configs/warnings.json", "--deny-warnings"], 1);
}

#[test]
fn lint_stale_variables() {
    snap!(
        "lint_stale_variables",
        &[
            "lint",
            "examples/weight-limited-shipper.json",
            "--variables",
            "cli/tests/configs/stale-variables.json",
            "--format",
            "json"
        ],
        0
    );
}

#[test]
fn every_example_lints_clean() {
    for name in EXAMPLES {
        let path = format!("examples/{name}.json");
        snap!(format!("lint_example_{name}"), &["lint", &path, "--deny-warnings"], 0);
    }
}

#[test]
fn lint_missing_file_is_a_usage_error() {
    snap!("lint_missing_file", &["lint", "cli/tests/configs/nope.json"], 2);
}

#[test]
fn variables_union_and_per_family() {
    snap!("variables_b2b", &["variables", "examples/b2b-wholesaler.json"], 0);
    snap!("variables_order_limits_json", &["variables", "examples/order-limits.json", "--format", "json"], 0);
    snap!("variables_address_family", &["variables", "examples/order-limits.json", "--family", "address"], 0);
    snap!("variables_of_typo_config", &["variables", "cli/tests/configs/typo.json"], 0);
}

#[test]
fn deploy_creates_a_validation_per_family() {
    snap!("deploy_create_b2b", &["deploy", "examples/b2b-wholesaler.json"], 0);
    snap!(
        "deploy_create_json",
        &["deploy", "examples/po-box-blocker.json", "--title", "No PO boxes", "--format", "json"],
        0
    );
}

#[test]
fn deploy_updates_an_existing_validation() {
    snap!(
        "deploy_update",
        &[
            "deploy",
            "examples/b2b-wholesaler.json",
            "--validation-id",
            "gid://shopify/Validation/12345",
            "--family",
            "limits"
        ],
        0
    );
    snap!(
        "deploy_update_single_family",
        &["deploy", "examples/order-limits.json", "--validation-id", "gid://shopify/Validation/12345"],
        0
    );
    snap!(
        "deploy_update_needs_family",
        &["deploy", "examples/b2b-wholesaler.json", "--validation-id", "gid://shopify/Validation/12345"],
        2
    );
}

#[test]
fn deploy_refuses_a_config_with_errors() {
    snap!("deploy_refuses_errors", &["deploy", "cli/tests/configs/typo.json"], 1);
}

fn modules_dir() -> PathBuf {
    match std::env::var_os("CHECKOUT_GUARD_MODULES") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root().join("target/wasm32-wasip1/function"),
    }
}

/// The wasm modules must be built: this test never passes without them.
fn require_modules() {
    for family in ["limits", "address"] {
        let path = modules_dir().join(format!("checkout-guard-{family}.wasm"));
        assert!(
            path.is_file(),
            "the wasm module {} is not built: run `cargo build --profile function --target wasm32-wasip1` at the workspace root before `cargo test`",
            path.display()
        );
    }
}

/// Instruction counts, byte counts and memory change with every engine
/// change; the snapshots keep their shape, the test checks the budget.
fn run_transcript(args: &[&str]) -> (String, i32) {
    let (shown, code) = transcript(args);
    for line in shown.lines().filter(|l| l.contains("instructions ")) {
        let percent: f64 = line
            .split("instructions ")
            .nth(1)
            .and_then(|rest| rest.split('(').nth(1))
            .and_then(|p| p.split('%').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no instruction percentage in {line:?}"));
        assert!(percent < 50.0, "a small cart uses {percent}% of the instruction budget: {line}");
    }
    (shown, code)
}

/// `instructions 574,343 of 11,000,000 (5.22%)` → `instructions [used] of 11,000,000 ([percent])`.
fn redact(shown: &str) -> String {
    let mut out = String::new();
    for line in shown.lines() {
        if line.starts_with("  ") && line.contains(" of ") && line.ends_with("%)") {
            let parts: Vec<String> = line
                .trim_start()
                .split(" · ")
                .map(|part| {
                    let (label_used, allowed) = part.split_once(" of ").unwrap();
                    let (label, _used) = label_used.rsplit_once(' ').unwrap();
                    let (allowed, _percent) = allowed.split_once(" (").unwrap();
                    format!("{label} [used] of {allowed} ([percent])")
                })
                .collect();
            out.push_str(&format!("  {}", parts.join(" · ")));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[test]
fn run_example_carts_through_the_wasm_modules() {
    require_modules();
    let cases: &[(&str, &str, &str, &[&str], i32)] = &[
        ("run_order_limits_blocked", "order-limits", "order-limits-too-many", &[], 1),
        ("run_order_limits_french", "order-limits", "order-limits-too-many", &["--language", "fr"], 1),
        ("run_order_limits_at_cart", "order-limits", "order-limits-too-many", &["--step", "CART_INTERACTION"], 1),
        ("run_order_limits_ok", "order-limits", "order-limits-ok", &[], 0),
        ("run_po_box", "po-box-blocker", "po-box", &[], 1),
        ("run_b2b", "b2b-wholesaler", "b2b-small-order", &[], 1),
        ("run_corsica", "multi-country-localized", "corsica-in-french", &[], 1),
        ("run_uk_postcode_typo", "multi-country-localized", "uk-postcode-typo", &[], 1),
        ("run_heavy_parcel", "weight-limited-shipper", "heavy-parcel", &[], 1),
    ];
    for (name, config, cart, extra, expected) in cases {
        let config = format!("examples/{config}.json");
        let cart = format!("examples/carts/{cart}.json");
        let mut args = vec!["run", "--config", &config, "--cart", &cart];
        args.extend_from_slice(extra);
        let (shown, code) = run_transcript(&args);
        insta::assert_snapshot!(*name, redact(&shown));
        assert_eq!(code, *expected, "{shown}");
    }
}

#[test]
fn run_json_reports_usage_per_function() {
    require_modules();
    let (shown, code) = run_transcript(&[
        "run",
        "--config",
        "examples/b2b-wholesaler.json",
        "--cart",
        "examples/carts/b2b-small-order.json",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{shown}");
    let json_text = shown.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap();
    let report: serde_json::Value = serde_json::from_str(json_text).unwrap();
    assert_eq!(report["verdict"], "block");
    assert_eq!(report["engine"], "wasm");
    for function in report["functions"].as_array().unwrap() {
        let usage = function["usage"].as_array().unwrap();
        assert_eq!(usage.len(), 4, "{function}");
        assert_eq!(usage[0]["limit"], "instructions");
        assert_eq!(usage[0]["allowed"], 11_000_000);
        assert!(usage[0]["used"].as_u64().unwrap() > 0);
        assert!(function["module"].as_str().unwrap().ends_with(".wasm"));
    }
    let errors: Vec<(&str, &str)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["family"].as_str().unwrap(), e["target"].as_str().unwrap()))
        .collect();
    assert!(errors.contains(&("limits", "$.cart")), "{errors:?}");
}

#[test]
fn run_native_needs_no_modules() {
    snap!(
        "run_native",
        &[
            "run",
            "--native",
            "--config",
            "examples/po-box-blocker.json",
            "--cart",
            "examples/carts/po-box.json",
            "--format",
            "json"
        ],
        1
    );
}

/// Monitor mode: lint lists the monitored rules as notes (exit 0 even with
/// --deny-warnings); run shows what they would have blocked, and allows.
#[test]
fn monitored_rules_are_noted_and_never_block() {
    snap!("lint_monitor", &["lint", "cli/tests/data/monitor.json", "--deny-warnings"], 0);
    let (shown, code) = transcript(&[
        "run",
        "--native",
        "--config",
        "cli/tests/data/monitor.json",
        "--cart",
        "examples/carts/po-box.json",
    ]);
    insta::assert_snapshot!("run_monitor", shown);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("monitor, would block:"), "{shown}");
}

#[test]
fn run_without_modules_says_how_to_build_them() {
    let (shown, code) = transcript(&[
        "run",
        "--modules",
        "cli/tests/configs",
        "--config",
        "examples/order-limits.json",
        "--cart",
        "examples/carts/order-limits-ok.json",
    ]);
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("cargo build --profile function --target wasm32-wasip1"), "{shown}");
}

#[test]
fn run_rejects_a_cart_with_a_typo() {
    let dir = std::env::temp_dir().join(format!("cg-cli-cart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cart = dir.join("cart.json");
    std::fs::write(&cart, "{\n  \"lines\": [{\"quantty\": 2}]\n}\n").unwrap();
    let (shown, code) =
        transcript(&["run", "--native", "--config", "examples/order-limits.json", "--cart", cart.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2, "{shown}");
    assert!(shown.contains("unknown field `quantty`") && shown.contains("line 2"), "{shown}");
}

#[test]
fn help_and_version() {
    snap!("help", &["--help"], 0);
    for command in ["lint", "variables", "run", "deploy", "schema"] {
        snap!(format!("help_{command}"), &[command, "--help"], 0);
    }
    let (shown, code) = transcript(&["--version"]);
    assert_eq!(code, 0);
    assert!(shown.contains(&format!("checkout-guard {}", env!("CARGO_PKG_VERSION"))), "{shown}");
}

#[test]
fn function_handles_match_the_extensions() {
    for (family, handle) in [("limits", "checkout-guard-limits"), ("address", "checkout-guard-address")] {
        let toml = std::fs::read_to_string(root().join(format!("extensions/{family}/shopify.extension.toml"))).unwrap();
        assert!(toml.contains(&format!("handle = \"{handle}\"")), "extensions/{family} has another handle");
        assert!(toml.contains("namespace = \"$app:checkout-guard\"") && toml.contains("key = \"variables\""));
    }
}
