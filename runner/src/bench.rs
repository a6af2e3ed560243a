//! Instruction budgets per family and cart size, on generated carts with the
//! 25-rule budget config (`runner/tests/data/budget-config.json`).

use crate::family::Family;
use crate::gen::{generated_input_json, Variables};
use crate::run::{Report, RunError, Runner};
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write as _;

/// The cart sizes measured.
pub const SIZES: [usize; 4] = [1, 50, 200, 500];

/// Seed of the generated carts.
pub const SEED: u64 = 2026;

/// The 25-rule config that uses every kind of config v1.
pub const BUDGET_CONFIG_JSON: &str = include_str!("../tests/data/budget-config.json");

/// [`BUDGET_CONFIG_JSON`] parsed (`Null` if it were ever invalid JSON).
pub fn budget_config() -> Value {
    serde_json::from_str(BUDGET_CONFIG_JSON).unwrap_or(Value::Null)
}

/// One family at one cart size.
#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    #[serde(serialize_with = "crate::family::serialize_name")]
    pub family: Family,
    pub lines: usize,
    pub report: Report,
    /// Fuel under wasmtime's own defaults (per-byte bulk-memory costs), when measured.
    pub wasmtime_default_fuel: Option<u64>,
}

impl Measurement {
    /// Instructions per input byte.
    pub fn instructions_per_input_byte(&self) -> f64 {
        if self.report.input_bytes == 0 {
            0.0
        } else {
            self.report.instructions as f64 / self.report.input_bytes as f64
        }
    }

    /// Instructions as a percentage of the scaled limit.
    pub fn instructions_percent(&self) -> f64 {
        self.report.instructions as f64 * 100.0 / self.report.limits.instructions as f64
    }
}

/// The generated input for `family` at `lines` lines with `config` (its
/// variables derived from the config).
pub fn input_for(family: Family, lines: usize, config: &Value, seed: u64) -> String {
    let variables = Variables::from_config(config);
    generated_input_json(family, lines, &variables, Some(config), seed)
}

/// Runs `export` on the generated input; limits are scaled for `lines` (the
/// cart's size, whether or not the family's query reads the lines).
pub fn measure(
    runner: &Runner,
    family: Family,
    export: &str,
    lines: usize,
    config: &Value,
    seed: u64,
) -> Result<Report, RunError> {
    let input = input_for(family, lines, config, seed);
    runner.run_with_lines(export, input.as_bytes(), lines)
}

/// Thousands separators: `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The measurements as a text table, one block per family.
pub fn table(rows: &[Measurement]) -> String {
    let mut out = String::new();
    let with_default = rows.iter().any(|r| r.wasmtime_default_fuel.is_some());
    for family in Family::ALL {
        let family_rows: Vec<&Measurement> = rows.iter().filter(|r| r.family == family).collect();
        if family_rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{family} ({})", family_rows[0].report.export);
        let _ = write!(
            out,
            "{:>6} {:>11} {:>13} {:>15} {:>8} {:>11} {:>12} {:>10}",
            "lines", "input B", "instructions", "scaled limit", "% limit", "instr/in B", "peak mem B", "verdict"
        );
        if with_default {
            let _ = write!(out, " {:>22}", "fuel wasmtime-default");
        }
        out.push('\n');
        for r in family_rows {
            let verdict = match &r.report.verdict {
                crate::run::Verdict::Allowed => "allowed",
                crate::run::Verdict::Rejected => "rejected",
                crate::run::Verdict::Trap { .. } => "TRAP",
                crate::run::Verdict::LimitExceeded { .. } => "OVER LIMIT",
            };
            let _ = write!(
                out,
                "{:>6} {:>11} {:>13} {:>15} {:>7.2}% {:>11.2} {:>12} {:>10}",
                r.lines,
                thousands(r.report.input_bytes),
                thousands(r.report.instructions),
                thousands(r.report.limits.instructions),
                r.instructions_percent(),
                r.instructions_per_input_byte(),
                thousands(r.report.peak_memory_bytes),
                verdict,
            );
            if with_default {
                let fuel = r.wasmtime_default_fuel.map(thousands).unwrap_or_default();
                let _ = write!(out, " {fuel:>22}");
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_config_is_valid_json_with_25_rules() {
        let c = budget_config();
        assert_eq!(c["rules"].as_array().map(Vec::len), Some(25));
        let v = Variables::from_config(&c);
        assert_eq!(v.product_tags.len(), 7);
        assert_eq!(v.collection_ids.len(), 3);
        assert_eq!(v.customer_tags.len(), 2);
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(11_000_000), "11,000,000");
    }
}
