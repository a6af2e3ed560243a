//! `checkout-guard run`: a cart through both validation functions.
//!
//! Each family's input is what Shopify would send that validation once the
//! config is deployed: the family's own rules in the `config` metafield and
//! the membership answers for its `variables`. The real wasm modules run in
//! the runner (wasmtime, Shopify's instruction accounting); `--native` runs
//! the engine compiled into this tool instead (same results, no counts).

use crate::split::{self, FamilyConfig};
use crate::variables::Variables;
use anyhow::{anyhow, bail, Context};
use checkout_guard::Family;
use checkout_guard_runner::gen;
use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Environment variable naming the directory of the two wasm modules.
pub const MODULES_ENV: &str = "CHECKOUT_GUARD_MODULES";
/// Where `cargo build --profile function --target wasm32-wasip1` puts the modules.
pub const MODULES_RELATIVE_DIR: &str = "target/wasm32-wasip1/function";
pub const BUILD_COMMAND: &str = "cargo build --profile function --target wasm32-wasip1";
/// Shopify hands a function no metafield value over this many bytes.
const METAFIELD_MAX_BYTES: usize = 10_000;
/// Stands for the config in a rendered input until the exact text replaces it.
const CONFIG_PLACEHOLDER: &str = "\u{1}checkout-guard-config\u{1}";

/// What runs the functions.
#[derive(Clone, Debug)]
pub enum Engine {
    /// The compiled modules in this directory, through the runner.
    Wasm { modules: PathBuf },
    /// The engine linked into this tool.
    Native,
}

/// The default modules directory: `$CHECKOUT_GUARD_MODULES`, else the
/// workspace's `target/wasm32-wasip1/function`.
pub fn default_modules_dir() -> PathBuf {
    match std::env::var_os(MODULES_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => checkout_guard_runner::workspace_root().join(MODULES_RELATIVE_DIR),
    }
}

pub fn module_path(dir: &Path, family: Family) -> PathBuf {
    dir.join(format!("checkout-guard-{}.wasm", family.name()))
}

/// A cart as given: the runner's friendly format, or a Shopify input.
#[derive(Clone, Debug)]
pub enum CartSource {
    Friendly(Box<gen::Cart>),
    /// A function input (`{"cart": …, "validation": …}`), possibly taken
    /// from a fixture's `payload.input`.
    Shopify(Value),
}

impl CartSource {
    pub fn read(path: &Path) -> anyhow::Result<CartSource> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        CartSource::parse(&text).with_context(|| format!("{} is not a cart", path.display()))
    }

    pub fn parse(text: &str) -> anyhow::Result<CartSource> {
        let value: Value = serde_json::from_str(text).map_err(|e| anyhow!("not valid JSON: {e}"))?;
        if let Some(input) = value.get("payload").and_then(|p| p.get("input")) {
            return Ok(CartSource::Shopify(input.clone()));
        }
        if value.get("cart").is_some() {
            return Ok(CartSource::Shopify(value));
        }
        // Parsed again from the text, so that errors name a line and column.
        let cart: gen::Cart = serde_json::from_str(text).map_err(|e| anyhow!("{e}"))?;
        Ok(CartSource::Friendly(Box::new(cart)))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            CartSource::Friendly(_) => "friendly cart",
            CartSource::Shopify(_) => "Shopify function input",
        }
    }
}

/// `--step` and `--language`.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub step: Option<String>,
    /// A Shopify `LanguageCode` (`EN`, `PT_BR`).
    pub language: Option<String>,
}

/// `fr` → `FR`, `pt-BR` → `PT_BR`; `None` for anything but letters, digits, `-` and `_`.
pub fn language_code(tag: &str) -> Option<String> {
    let valid = !tag.is_empty() && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| tag.replace('-', "_").to_ascii_uppercase())
}

/// The input Shopify would send `family`'s function for this cart.
pub fn build_input(
    family: Family,
    cart: &CartSource,
    variables: &Variables,
    config: Option<&str>,
    overrides: &Overrides,
) -> String {
    let placeholder = Value::String(CONFIG_PLACEHOLDER.to_string());
    let rendered = match cart {
        CartSource::Friendly(cart) if overrides.step.is_none() && overrides.language.is_none() => {
            gen::input_json(family, cart, variables, Some(&placeholder))
        }
        CartSource::Friendly(cart) => {
            let mut cart = (**cart).clone();
            if let Some(step) = &overrides.step {
                cart.step = Some(step.clone());
            }
            if let Some(language) = &overrides.language {
                cart.language = language.clone();
            }
            gen::input_json(family, &cart, variables, Some(&placeholder))
        }
        CartSource::Shopify(input) => {
            let mut input = input.clone();
            if let Some(object) = input.as_object_mut() {
                if let Some(step) = &overrides.step {
                    object.insert("buyerJourney".into(), serde_json::json!({"step": step}));
                }
                if let Some(language) = &overrides.language {
                    let localization = object.entry("localization").or_insert_with(|| serde_json::json!({}));
                    if let Some(localization) = localization.as_object_mut() {
                        localization.insert("language".into(), serde_json::json!({"isoCode": language}));
                    }
                }
                object.insert("validation".into(), serde_json::json!({"metafield": {"jsonValue": placeholder}}));
            }
            serde_json::to_string(&input).unwrap_or_default()
        }
    };
    let token = format!("{{\"jsonValue\":{}}}", serde_json::to_string(&placeholder).unwrap_or_default());
    let metafield = match config {
        Some(text) if text.len() <= METAFIELD_MAX_BYTES => format!("{{\"jsonValue\":{text}}}"),
        _ => "null".to_string(),
    };
    match rendered.rfind(&token) {
        Some(at) => format!("{}{metafield}{}", &rendered[..at], &rendered[at + token.len()..]),
        None => rendered,
    }
}

/// One error a function returned, and which function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RaisedError {
    pub family: &'static str,
    pub target: String,
    pub message: String,
}

/// One figure against Shopify's limit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub limit: String,
    pub used: u64,
    pub allowed: u64,
    pub percent: f64,
}

/// What one function did.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionRun {
    pub family: &'static str,
    /// Positions in the merchant's `rules` of the rules this validation holds.
    pub rules: Vec<usize>,
    /// `allow`, `block`, `failed` (trap, bad output or a limit broken), or
    /// `not deployed` (the config has no rules for this validation).
    pub verdict: &'static str,
    pub failure: Option<String>,
    pub module: Option<String>,
    pub export: Option<String>,
    pub errors: Vec<RaisedError>,
    /// What the monitored rules (`"monitor": true`) would have returned: the
    /// errors of a second run with those rules enforced that the real run
    /// did not return. The real run only logs their count.
    pub monitored: Vec<RaisedError>,
    /// Instructions, input, output and memory against Shopify's limits
    /// (wasm runs only).
    pub usage: Vec<Figure>,
    /// The function's log, as Shopify shows it (rule indexes count within
    /// this validation's config).
    pub log: String,
}

/// `--format json` of `run`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RunReport {
    /// `allow`, `block`, or `failed` when a function failed (on Shopify,
    /// checkout then proceeds unless the validation blocks on failure).
    pub verdict: &'static str,
    pub engine: &'static str,
    pub cart: &'static str,
    pub errors: Vec<RaisedError>,
    pub functions: Vec<FunctionRun>,
}

impl RunReport {
    /// 0 allow, 1 block, 3 a function failed.
    pub fn exit_code(&self) -> i32 {
        match self.verdict {
            "allow" => 0,
            "block" => 1,
            _ => 3,
        }
    }
}

/// Runs every family that has rules. `families`: `None` when the config could
/// not be split (then both get `config_text` whole, and log why no rule
/// applies); `config_text`: `None` when the config is not JSON (Shopify keeps
/// no such value in a JSON metafield: the functions see none).
pub fn run(
    engine: &Engine,
    config_text: Option<&str>,
    families: Option<&[FamilyConfig; 2]>,
    variables: [&Variables; 2],
    cart: &CartSource,
    overrides: &Overrides,
) -> anyhow::Result<RunReport> {
    let mut functions = Vec::new();
    for (i, family) in split::FAMILIES.into_iter().enumerate() {
        let (config, rules) = match families {
            Some(families) => (Some(families[i].text.as_str()), families[i].rules.clone()),
            None => (config_text, Vec::new()),
        };
        if families.is_some() && rules.is_empty() {
            functions.push(FunctionRun {
                family: family.name(),
                rules,
                verdict: "not deployed",
                failure: None,
                module: None,
                export: None,
                errors: Vec::new(),
                monitored: Vec::new(),
                usage: Vec::new(),
                log: String::new(),
            });
            continue;
        }
        let input = build_input(family, cart, variables[i], config, overrides);
        let mut run = run_function(engine, family, input.as_bytes())?;
        run.rules = rules;
        if let Some(enforced) = config.and_then(enforce_monitored) {
            let input = build_input(family, cart, variables[i], Some(&enforced), overrides);
            let mut returned = run.errors.clone();
            for error in run_function(engine, family, input.as_bytes())?.errors {
                match returned.iter().position(|e| *e == error) {
                    Some(at) => {
                        returned.remove(at);
                    }
                    None => run.monitored.push(error),
                }
            }
        }
        functions.push(run);
    }
    let errors: Vec<RaisedError> = functions.iter().flat_map(|f| f.errors.iter().cloned()).collect();
    let verdict = if functions.iter().any(|f| f.verdict == "failed") {
        "failed"
    } else if errors.is_empty() {
        "allow"
    } else {
        "block"
    };
    let engine = match engine {
        Engine::Wasm { .. } => "wasm",
        Engine::Native => "native",
    };
    Ok(RunReport { verdict, engine, cart: cart.kind(), errors, functions })
}

/// The config with every `"monitor": true` removed (those rules enforced),
/// or `None` when no rule is monitored.
fn enforce_monitored(config: &str) -> Option<String> {
    let mut value: Value = serde_json::from_str(config).ok()?;
    let mut any = false;
    for rule in value.get_mut("rules")?.as_array_mut()?.iter_mut() {
        if let Some(rule) = rule.as_object_mut() {
            if rule.get("monitor") == Some(&Value::Bool(true)) {
                rule.remove("monitor");
                any = true;
            }
        }
    }
    any.then(|| value.to_string())
}

/// Runs one function on one input.
pub fn run_function(engine: &Engine, family: Family, input: &[u8]) -> anyhow::Result<FunctionRun> {
    let name = family.name();
    match engine {
        Engine::Native => {
            let outcome = checkout_guard::run(family, input);
            let output: Value = serde_json::from_str(&outcome.output)
                .map_err(|e| anyhow!("the {name} engine wrote output that is not JSON: {e}"))?;
            let errors = errors_of(&output, family);
            Ok(FunctionRun {
                family: name,
                rules: Vec::new(),
                verdict: if errors.is_empty() { "allow" } else { "block" },
                failure: None,
                module: None,
                export: None,
                errors,
                monitored: Vec::new(),
                usage: Vec::new(),
                log: outcome.log,
            })
        }
        Engine::Wasm { modules } => {
            let path = module_path(modules, family);
            if !path.is_file() {
                bail!(
                    "the {name} module is not built: no {}\n  build both with `{BUILD_COMMAND}` at the workspace root, point {MODULES_ENV} or --modules at their directory, or pass --native to run the engine built into this tool (no instruction counts)",
                    path.display()
                );
            }
            let runner = checkout_guard_runner::Runner::load(&path).map_err(|e| anyhow!("{e}"))?;
            let export = checkout_guard_runner::export_for(&checkout_guard_runner::workspace_root(), family);
            let report = runner.run(&export, input).map_err(|e| anyhow!("{e}"))?;
            use checkout_guard_runner::Verdict;
            let (verdict, failure) = match &report.verdict {
                Verdict::Allowed => ("allow", None),
                Verdict::Rejected => ("block", None),
                failed => ("failed", Some(failed.to_string())),
            };
            Ok(FunctionRun {
                family: name,
                rules: Vec::new(),
                verdict,
                failure,
                module: Some(path.display().to_string()),
                export: Some(export),
                errors: report
                    .errors
                    .iter()
                    .map(|e| RaisedError { family: name, target: e.target.clone(), message: e.message.clone() })
                    .collect(),
                monitored: Vec::new(),
                usage: report
                    .usage
                    .iter()
                    .map(|u| Figure {
                        limit: u.limit.label().to_string(),
                        used: u.used,
                        allowed: u.allowed,
                        percent: u.percent,
                    })
                    .collect(),
                log: report.log_display(),
            })
        }
    }
}

fn errors_of(output: &Value, family: Family) -> Vec<RaisedError> {
    let operations = output.get("operations").and_then(Value::as_array);
    operations
        .into_iter()
        .flatten()
        .filter_map(|op| op.get("validationAdd")?.get("errors")?.as_array())
        .flatten()
        .map(|e| RaisedError {
            family: family.name(),
            target: e.get("target").and_then(Value::as_str).unwrap_or_default().to_string(),
            message: e.get("message").and_then(Value::as_str).unwrap_or_default().to_string(),
        })
        .collect()
}

/// A function log with its rule indexes (which count within the
/// validation's own config) replaced by the merchant's: `rules[1]` → `rules[4]`.
pub fn translate_log(log: &str, rules: &[usize]) -> String {
    let mut out = String::with_capacity(log.len());
    let mut rest = log;
    while let Some(at) = rest.find("rules[") {
        let (before, after) = rest.split_at(at + "rules[".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let original = after[..digits].parse::<usize>().ok().and_then(|i| rules.get(i));
        match original {
            Some(index) if after[digits..].starts_with(']') => out.push_str(&index.to_string()),
            _ => out.push_str(&after[..digits]),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carts_of_both_formats() {
        assert!(matches!(CartSource::parse(r#"{"lines": [{"quantity": 2}]}"#).unwrap(), CartSource::Friendly(_)));
        assert!(matches!(CartSource::parse(r#"{"cart": {"lines": []}}"#).unwrap(), CartSource::Shopify(_)));
        let fixture = r#"{"payload": {"export": "run_limits", "input": {"cart": {}}}}"#;
        assert!(matches!(CartSource::parse(fixture).unwrap(), CartSource::Shopify(_)));
        let typo = CartSource::parse("{\n  \"lnes\": []\n}").unwrap_err().to_string();
        assert!(typo.contains("unknown field `lnes`") && typo.contains("line 2"), "{typo}");
    }

    #[test]
    fn the_config_goes_in_verbatim() {
        let cart = CartSource::parse(r#"{"lines": [{"quantity": 2}]}"#).unwrap();
        let config = r#"{"version":1,"rules":[{"max":2.50}]}"#;
        let input = build_input(Family::Limits, &cart, &Variables::default(), Some(config), &Overrides::default());
        assert!(
            input.ends_with(r#""validation":{"metafield":{"jsonValue":{"version":1,"rules":[{"max":2.50}]}}}}"#),
            "{input}"
        );
        let big = format!(r#"{{"version":1,"rules":[],"x":"{}"}}"#, "x".repeat(10_000));
        let input = build_input(Family::Address, &cart, &Variables::default(), Some(&big), &Overrides::default());
        assert!(input.ends_with(r#""validation":{"metafield":null}}"#), "{input}");
        let shopify = CartSource::parse(r#"{"cart": {"lines": []}, "validation": {"metafield": null}}"#).unwrap();
        let overrides = Overrides { step: Some("CART_INTERACTION".into()), language: Some("PT_BR".into()) };
        let input = build_input(Family::Limits, &shopify, &Variables::default(), Some(config), &overrides);
        let value: Value = serde_json::from_str(&input).unwrap();
        assert_eq!(value["buyerJourney"]["step"], "CART_INTERACTION");
        assert_eq!(value["localization"]["language"]["isoCode"], "PT_BR");
        assert_eq!(value["validation"]["metafield"]["jsonValue"]["rules"][0]["max"], 2.5);
    }

    #[test]
    fn languages_and_logs() {
        assert_eq!(language_code("pt-BR").as_deref(), Some("PT_BR"));
        assert_eq!(language_code("fr").as_deref(), Some("FR"));
        assert_eq!(language_code("fr fr"), None);
        assert_eq!(
            translate_log("rules[1] (rule \"x\"): rules[1].when.customerTags[0] is stale; rules[9]", &[2, 5]),
            "rules[5] (rule \"x\"): rules[5].when.customerTags[0] is stale; rules[9]"
        );
    }
}
