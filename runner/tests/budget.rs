//! Instruction, input and size budgets of the release modules on generated
//! carts of 1, 50, 200 and 500 lines, with the 25-rule budget config
//! (`tests/data/budget-config.json`: every kind of config v1; 7 product
//! tags, 3 collections, 2 customer tags in its variables).
//!
//! Instructions are measured on the modules after `wasm-opt -Oz`, as
//! `shopify app function build` ships them (`common::optimized_module`: once
//! per test process, under `target/wasm-opt/`); without `wasm-opt` the tests
//! fail with the install hint.
//!
//! Run with `--nocapture` to see the figures.
//! Needs the modules: `cargo build --profile function --target wasm32-wasip1`,
//! and `wasm-opt` (`npm ci` at the workspace root).

mod common;

use checkout_guard_runner::bench::{self, thousands};
use checkout_guard_runner::gen::Variables;
use checkout_guard_runner::{export_for, wasm_opt, workspace_root, Family, Report, Verdict};

/// Most instructions the limits function may use at 1 line (issue 8: most
/// real carts are small, so the fixed cost of a run matters).
const LIMITS_AT_1: u64 = 100_000;
/// Most instructions the limits function may use at 200 lines (15 % of
/// Shopify's 11,000,000).
const LIMITS_AT_200: u64 = 1_650_000;
/// At 500 lines (15 % of the scaled 27,500,000).
const LIMITS_AT_500: u64 = 4_125_000;
/// The address function reads no lines: flat at every cart size.
const ADDRESS_ANY: u64 = 150_000;
/// Most bytes a module may have after `wasm-opt -Oz` (128 KiB).
const MODULE_OPTIMIZED_MAX: u64 = 128 * 1024;
/// Shopify's own module size limit (256 kB).
const SHOPIFY_MODULE_MAX: u64 = 256_000;

/// Regression ceilings: the measured figures of the current engine plus ~5 %,
/// on the modules after `wasm-opt -Oz`, with the budget config at the
/// contract's full term budget (7 product tags + 3 collections).
/// The targets above are NOT met yet (issue 8, see the `*_target` tests,
/// which run with `--ignored` and fail); until they are, these keep every
/// change from making things worse and keep every cart size inside
/// Shopify's hard limits.
const LIMITS_CEILING: [(usize, u64); 4] = [(1, 597_000), (50, 1_276_000), (200, 3_337_000), (500, 7_451_000)];
const ADDRESS_CEILING: u64 = 704_000;
/// Module sizes after `wasm-opt -Oz`, +5 %: opt-level "s" trades ~20 kB per
/// module for ~25 % fewer instructions (see Cargo.toml), and the readers'
/// fast paths are inlined code, so both are over the 128 KiB target.
const LIMITS_OPTIMIZED_CEILING: u64 = 172_000;
const ADDRESS_OPTIMIZED_CEILING: u64 = 197_000;

fn measure(family: Family, lines: usize) -> Report {
    let runner = common::optimized_runner(family);
    let export = export_for(&workspace_root(), family);
    let report = bench::measure(&runner, family, &export, lines, &bench::budget_config(), bench::SEED)
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "budget {family:<7} {lines:>3} lines: {:>11} instructions ({:>5.2}% of {}), input {:>7} B, output {:>5} B, \
         peak memory {:>10} B, log {:>5} B, {}",
        thousands(report.instructions),
        report.instructions as f64 * 100.0 / report.limits.instructions as f64,
        thousands(report.limits.instructions),
        thousands(report.input_bytes),
        thousands(report.output_bytes),
        thousands(report.peak_memory_bytes),
        thousands(report.log_bytes),
        report.verdict,
    );
    assert!(
        !report.verdict.is_failure(),
        "{family} at {lines} lines failed: {}\nlog: {}",
        report.verdict,
        report.log_shown()
    );
    report
}

#[test]
fn budget_config_uses_every_kind() {
    let config = bench::budget_config();
    let rules = config["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), 25);
    let kinds: Vec<&str> = rules.iter().filter_map(|r| r["kind"].as_str()).collect();
    for kind in checkout_guard::rules::Kind::ALL.map(|k| k.name()) {
        assert!(kinds.contains(&kind), "the budget config has no {kind} rule");
    }
    let has = |key: &str, value: &str| rules.iter().any(|r| r[key] == value);
    assert!(has("preset", "po_box") && has("preset", "military"), "both presets");
    assert!(rules.iter().any(|r| r["pattern"].is_string()), "a custom regex");
    let variables = Variables::from_config(&config);
    assert_eq!(variables.product_tags.len(), 7, "{variables:?}");
    assert_eq!(variables.collection_ids.len(), 3, "{variables:?}");
    assert_eq!(variables.customer_tags.len(), 2, "{variables:?}");
    let bytes = serde_json::to_string(&config).unwrap().len();
    assert!(bytes <= 10_000, "the config must fit a metafield: {bytes} bytes");
}

#[test]
fn limits_within_shopify_limits_and_ceilings() {
    for (lines, ceiling) in LIMITS_CEILING {
        let report = measure(Family::Limits, lines);
        assert!(
            report.instructions <= report.limits.instructions,
            "limits at {lines} lines: {} instructions > Shopify's {}",
            thousands(report.instructions),
            thousands(report.limits.instructions)
        );
        assert!(
            report.instructions <= ceiling,
            "limits at {lines} lines: {} instructions > regression ceiling {}",
            thousands(report.instructions),
            thousands(ceiling)
        );
    }
}

#[test]
fn address_within_ceiling_at_every_size() {
    for lines in bench::SIZES {
        let instructions = measure(Family::Address, lines).instructions;
        assert!(
            instructions <= ADDRESS_CEILING,
            "address at {lines} lines: {} instructions > regression ceiling {}",
            thousands(instructions),
            thousands(ADDRESS_CEILING)
        );
    }
}

#[test]
#[ignore = "issue 8 target not met yet: limits measures ~563K at 1 line, ~3.16M at 200, ~7.06M at 500 (budgets 100K, 1.65M, 4.125M); run with --ignored"]
fn limits_instruction_budget_target() {
    let mut at = Vec::new();
    for lines in bench::SIZES {
        at.push((lines, measure(Family::Limits, lines).instructions));
    }
    for (lines, instructions) in at {
        let budget = match lines {
            1 => LIMITS_AT_1,
            ..=200 => LIMITS_AT_200,
            _ => LIMITS_AT_500,
        };
        assert!(
            instructions <= budget,
            "limits at {lines} lines: {} instructions > budget {}",
            thousands(instructions),
            thousands(budget)
        );
    }
}

#[test]
#[ignore = "issue 8 target not met yet: address measures ~668K (budget 150K); run with --ignored"]
fn address_instruction_budget_target() {
    for lines in bench::SIZES {
        let instructions = measure(Family::Address, lines).instructions;
        assert!(
            instructions <= ADDRESS_ANY,
            "address at {lines} lines: {} instructions > budget {}",
            thousands(instructions),
            thousands(ADDRESS_ANY)
        );
    }
}

#[test]
fn limits_input_fits_at_200_lines() {
    let input = bench::input_for(Family::Limits, 200, &bench::budget_config(), bench::SEED);
    eprintln!("budget limits input at 200 lines: {} bytes of 128,000", thousands(input.len() as u64));
    assert!(input.len() <= 128_000, "limits input at 200 lines is {} bytes > 128,000", input.len());
    // The generated input is what the module reads: check the module accepts it.
    let report = measure(Family::Limits, 200);
    assert_eq!(report.input_bytes, input.len() as u64);
    assert!(matches!(report.verdict, Verdict::Allowed | Verdict::Rejected));
}

fn optimized_sizes() -> Vec<(Family, u64)> {
    let tool = wasm_opt::find().unwrap_or_else(|| panic!("{}", wasm_opt::INSTALL_HINT));
    eprintln!("budget wasm-opt: {} ({})", wasm_opt::version(&tool).unwrap_or_default(), tool.display());
    Family::ALL
        .into_iter()
        .map(|family| {
            let module = common::module(family);
            let raw = std::fs::metadata(&module).unwrap().len();
            let optimized = std::fs::metadata(common::optimized_module(family)).unwrap().len();
            eprintln!(
                "budget {family:<7} module: {} bytes raw, {} bytes ({:.1} KiB) after wasm-opt -Oz",
                thousands(raw),
                thousands(optimized),
                optimized as f64 / 1024.0
            );
            (family, optimized)
        })
        .collect()
}

#[test]
fn modules_fit_shopify_and_ceilings() {
    for (family, optimized) in optimized_sizes() {
        assert!(optimized <= SHOPIFY_MODULE_MAX, "{family}: {optimized} bytes > Shopify's {SHOPIFY_MODULE_MAX}");
        let ceiling = if family == Family::Limits { LIMITS_OPTIMIZED_CEILING } else { ADDRESS_OPTIMIZED_CEILING };
        assert!(optimized <= ceiling, "{family}: {optimized} bytes after wasm-opt -Oz > {ceiling}");
    }
}

#[test]
#[ignore = "target not met: after wasm-opt -Oz the limits module is ~161 KiB and the address module ~183 KiB (opt-level \"s\" for speed; regex-lite ~50 KiB); run with --ignored"]
fn modules_fit_after_wasm_opt_target() {
    let over: Vec<String> = optimized_sizes()
        .into_iter()
        .filter(|(_, optimized)| *optimized > MODULE_OPTIMIZED_MAX)
        .map(|(family, optimized)| format!("{family}: {optimized} bytes > {MODULE_OPTIMIZED_MAX}"))
        .collect();
    assert!(over.is_empty(), "modules over 128 KiB after wasm-opt -Oz: {}", over.join("; "));
}
