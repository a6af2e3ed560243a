//! `checkout-guard replay`: what a config would have done to past orders.
//!
//! Each order of a Shopify orders export (and each Shopify function input)
//! goes through the two functions exactly as `checkout-guard run` sends a
//! cart ([`exec::build_input`]), with every rule in monitor mode: a run then
//! logs which rules would block (`rules[3] (rule "min-order"): monitor: would
//! block`), so one run per function tells every rule's verdict. When a log
//! is too long to be whole (Shopify's 1,000 bytes), that order runs again
//! with one rule at a time. A rule the exports cannot judge is not run at
//! all ([`checkout_guard_replay::needs`]); a rule an order lacks a fact for
//! is not counted on that order.
//!
//! Orders stream: a reader thread parses the export, workers run the
//! functions, the main thread adds up. Output names orders by their name
//! only.

use crate::exec::{self, CartSource, Overrides};
use crate::split::{self, FAMILIES};
use crate::variables::Variables;
use anyhow::{anyhow, Context};
use checkout_guard::json::Json;
use checkout_guard::Family;
use checkout_guard_replay::cart::{self, CartOptions};
use checkout_guard_replay::inputs::{Inputs, Unread};
use checkout_guard_replay::needs::{self, Judgeable, Sources};
use checkout_guard_replay::orders::Orders;
use checkout_guard_replay::products::Products;
use checkout_guard_replay::Skipped;
use checkout_guard_runner::gen::Decimal;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// Order names listed per rule.
pub const FIRST_ORDERS: usize = 5;
/// Orders handed to a worker at once.
const BATCH: usize = 64;
/// Batches waiting in each queue: memory holds at most this many batches
/// per queue, whatever the file's size.
const QUEUED_BATCHES: usize = 4;

/// What to replay and how.
#[derive(Clone, Debug, Default)]
pub struct Request {
    pub orders: Option<PathBuf>,
    pub products: Option<PathBuf>,
    pub inputs: Option<PathBuf>,
    /// `None`: `CHECKOUT_COMPLETION` for orders; an input's own step.
    pub step: Option<String>,
    /// Shipping rate name → `DeliveryMethod`.
    pub delivery_methods: Vec<(String, String)>,
    pub shop_currency: Option<String>,
    /// `None`: the engine built into this tool; `Some`: the modules' directory.
    pub modules: Option<PathBuf>,
    pub jobs: usize,
    /// Show progress on stderr (only ever on a terminal).
    pub progress: bool,
}

/// Where a merchant's rule stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Replayed { needs: u8 },
    NotJudgeable(String),
    Invalid,
    Disabled,
}

#[derive(Clone, Debug)]
pub struct RulePlan {
    pub index: usize,
    pub id: String,
    pub kind: String,
    pub family: Option<Family>,
    pub monitor: bool,
    pub status: Status,
}

/// One function's replay config: the rules it runs, all monitored.
#[derive(Clone, Debug)]
struct FamilyPlan {
    family: Family,
    text: String,
    variables: Variables,
    /// Position in this config → position in the merchant's rules.
    rules: Vec<usize>,
    /// One config per rule, for logs too long to be whole.
    singles: Vec<(String, Variables)>,
}

impl FamilyPlan {
    fn new(family: Family, config: &Value, rules: &[(usize, Value)]) -> Option<FamilyPlan> {
        if rules.is_empty() {
            return None;
        }
        let with = |rules: &[&Value]| {
            let mut config = config.clone();
            if let Some(object) = config.as_object_mut() {
                object.insert("rules".into(), Value::Array(rules.iter().map(|r| (*r).clone()).collect()));
            }
            let text = config.to_string();
            let variables =
                Json::parse(&text).map(|json| Variables::of_config(&json, Some(family))).unwrap_or_default();
            (text, variables)
        };
        let all: Vec<&Value> = rules.iter().map(|(_, r)| r).collect();
        let (text, variables) = with(&all);
        let singles = rules.iter().map(|(_, r)| with(&[r])).collect();
        Some(FamilyPlan { family, text, variables, rules: rules.iter().map(|(i, _)| *i).collect(), singles })
    }
}

/// The plan of a replay: every rule's status and each function's configs.
#[derive(Clone, Debug)]
pub struct Plan {
    pub rules: Vec<RulePlan>,
    /// For exports: the rules they can judge.
    orders: Vec<FamilyPlan>,
    /// For function inputs: every valid, enabled rule.
    inputs: Vec<FamilyPlan>,
}

fn monitored(rule: &Value) -> Value {
    let mut rule = rule.clone();
    if let Some(object) = rule.as_object_mut() {
        object.insert("monitor".into(), Value::Bool(true));
    }
    rule
}

impl Plan {
    /// `config_text`: the merchant's config; `sources`: what the exports hold
    /// (`None`: no orders export).
    pub fn new(config_text: &str, sources: Option<&Sources>) -> anyhow::Result<Plan> {
        let value: Value = serde_json::from_str(config_text).map_err(|e| anyhow!("the config is not JSON: {e}"))?;
        let json = Json::parse(config_text).map_err(|e| anyhow!("the config is not JSON: {e:?}"))?;
        let compiled = checkout_guard::config::compile(Some(&json), None);
        let rules = value.get("rules").and_then(Value::as_array).cloned().unwrap_or_default();
        let mut plans = Vec::new();
        let mut for_orders: [Vec<(usize, Value)>; 2] = [Vec::new(), Vec::new()];
        let mut for_inputs: [Vec<(usize, Value)>; 2] = [Vec::new(), Vec::new()];
        for (index, rule) in rules.iter().enumerate() {
            let id = rule.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
            let kind = rule.get("kind").and_then(Value::as_str).unwrap_or_default().to_string();
            let family = checkout_guard::rules::Kind::from_name(&kind).map(checkout_guard::rules::Kind::family);
            let monitor = rule.get("monitor") == Some(&Value::Bool(true));
            let valid = compiled.rules.iter().any(|r| r.index == index);
            let status = if compiled.disabled.contains(&index) {
                Status::Disabled
            } else if !valid {
                Status::Invalid
            } else {
                let slot = FAMILIES.iter().position(|f| Some(*f) == family).unwrap_or(0);
                if let Some(list) = for_inputs.get_mut(slot) {
                    list.push((index, monitored(rule)));
                }
                match sources.map(|s| needs::judgeable(rule, s)) {
                    Some(Judgeable::No(reason)) => Status::NotJudgeable(reason),
                    Some(Judgeable::Yes { needs }) => {
                        if let Some(list) = for_orders.get_mut(slot) {
                            list.push((index, monitored(rule)));
                        }
                        Status::Replayed { needs }
                    }
                    None => Status::Replayed { needs: 0 },
                }
            };
            plans.push(RulePlan { index, id, kind, family, monitor, status });
        }
        let family_plans = |lists: &[Vec<(usize, Value)>; 2]| {
            FAMILIES.iter().zip(lists.iter()).filter_map(|(f, rules)| FamilyPlan::new(*f, &value, rules)).collect()
        };
        Ok(Plan { rules: plans, orders: family_plans(&for_orders), inputs: family_plans(&for_inputs) })
    }
}

/// What runs the functions: the engine in this tool, or the real modules.
enum Runner {
    Native,
    Wasm { runners: Vec<(Family, Arc<checkout_guard_runner::Runner>, String)> },
}

struct Ran {
    log: String,
    failure: Option<String>,
    instructions: Option<u64>,
}

impl Runner {
    fn new(modules: Option<&Path>) -> anyhow::Result<Runner> {
        let Some(dir) = modules else { return Ok(Runner::Native) };
        let mut runners = Vec::new();
        for family in FAMILIES {
            let path = exec::module_path(dir, family);
            if !path.is_file() {
                anyhow::bail!(
                    "the {family} module is not built: no {}\n  build both with `{}` at the workspace root, point {} or --modules at their directory, or pass --native",
                    path.display(),
                    exec::BUILD_COMMAND,
                    exec::MODULES_ENV
                );
            }
            let runner = checkout_guard_runner::Runner::load(&path).map_err(|e| anyhow!("{e}"))?;
            let export = checkout_guard_runner::export_for(&checkout_guard_runner::workspace_root(), family);
            runners.push((family, Arc::new(runner), export));
        }
        Ok(Runner::Wasm { runners })
    }

    fn run(&self, family: Family, input: &[u8]) -> Ran {
        match self {
            Runner::Native => {
                let outcome = checkout_guard::run(family, input);
                Ran { log: outcome.log, failure: None, instructions: None }
            }
            Runner::Wasm { runners } => {
                let Some((_, runner, export)) = runners.iter().find(|(f, _, _)| *f == family) else {
                    return Ran { log: String::new(), failure: Some("no module".into()), instructions: None };
                };
                match runner.run(export, input) {
                    Ok(report) => Ran {
                        failure: report.verdict.is_failure().then(|| report.verdict.to_string()),
                        instructions: Some(report.instructions),
                        log: report.log,
                    },
                    Err(e) => Ran { log: String::new(), failure: Some(e.to_string()), instructions: None },
                }
            }
        }
    }
}

/// A rule's verdict on one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Blocks,
    Passes,
    /// Why this order cannot be judged for this rule.
    NotJudged(&'static str),
}

/// One replayed order (or input).
#[derive(Clone, Debug)]
pub struct Replayed {
    pub seq: u64,
    pub name: String,
    /// The export's `Subtotal` and currency.
    pub subtotal: Option<(Decimal, String)>,
    /// (merchant rule index, verdict), for every rule run on it.
    pub verdicts: Vec<(usize, Verdict)>,
    /// (family, why) for each function that failed.
    pub failures: Vec<(Family, String)>,
    /// Instructions of each function's (first) run, on the real modules.
    pub instructions: Vec<(Family, u64)>,
    /// The cart it was judged as (orders only), for parity checks.
    pub cart: Option<Box<checkout_guard_runner::gen::Cart>>,
}

/// `rules[N] (rule "id"): …` lines: which rules would block, which were skipped.
fn read_log(log: &str) -> (Vec<usize>, Vec<usize>, bool) {
    let (mut blocks, mut skipped, mut truncated) = (Vec::new(), Vec::new(), false);
    for line in log.lines() {
        if line.starts_with("... ") && line.ends_with("more log lines") {
            truncated = true;
        }
        let Some(rest) = line.strip_prefix("rules[") else { continue };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(index) = rest[..digits].parse::<usize>() else { continue };
        if line.contains("): monitor: would block (") {
            blocks.push(index);
        } else if line.ends_with("rule skipped") || line.ends_with("rest of the rule skipped") {
            skipped.push(index);
        }
    }
    (blocks, skipped, truncated)
}

const SKIPPED_BY_FUNCTION: &str = "the function could not judge it on this order (its log says why)";
const FUNCTION_FAILED: &str = "the function failed on this order";

/// Runs one function's plan on one cart or input; the verdict of each rule.
fn judge(
    runner: &Runner,
    plan: &FamilyPlan,
    source: &CartSource,
    overrides: &Overrides,
    out: &mut Replayed,
    skip: impl Fn(usize) -> Option<&'static str>,
) {
    let input = exec::build_input(plan.family, source, &plan.variables, Some(&plan.text), overrides);
    let ran = runner.run(plan.family, input.as_bytes());
    if let Some(n) = ran.instructions {
        out.instructions.push((plan.family, n));
    }
    if let Some(failure) = ran.failure {
        out.failures.push((plan.family, failure));
        out.verdicts.extend(plan.rules.iter().map(|&r| (r, Verdict::NotJudged(FUNCTION_FAILED))));
        return;
    }
    let (mut blocks, mut skipped, truncated) = read_log(&ran.log);
    if truncated {
        // Too much to log in one run: one rule at a time.
        blocks.clear();
        skipped.clear();
        for (local, (text, variables)) in plan.singles.iter().enumerate() {
            let input = exec::build_input(plan.family, source, variables, Some(text), overrides);
            let ran = runner.run(plan.family, input.as_bytes());
            let (b, s, _) = read_log(&ran.log);
            if ran.failure.is_some() || !s.is_empty() {
                skipped.push(local);
            } else if !b.is_empty() {
                blocks.push(local);
            }
        }
    }
    for (local, &rule) in plan.rules.iter().enumerate() {
        let verdict = if let Some(why) = skip(rule) {
            Verdict::NotJudged(why)
        } else if skipped.contains(&local) {
            Verdict::NotJudged(SKIPPED_BY_FUNCTION)
        } else if blocks.contains(&local) {
            Verdict::Blocks
        } else {
            Verdict::Passes
        };
        out.verdicts.push((rule, verdict));
    }
}

/// Work for a worker.
enum Work {
    Order {
        seq: u64,
        order: Box<checkout_guard_replay::orders::Order>,
        cart: Box<checkout_guard_runner::gen::Cart>,
        gaps: u8,
    },
    Input {
        seq: u64,
        name: String,
        family: Family,
        input: Value,
    },
}

fn process(runner: &Runner, plan: &Plan, request: &Request, work: Work, keep_cart: bool) -> Replayed {
    match work {
        Work::Order { seq, order, cart, gaps } => {
            let mut out = Replayed {
                seq,
                name: order.name.clone(),
                subtotal: order.subtotal.map(|s| (s, order.currency.clone())),
                verdicts: Vec::new(),
                failures: Vec::new(),
                instructions: Vec::new(),
                cart: None,
            };
            let source = CartSource::Friendly(cart);
            let needs_of = |rule: usize| match plan.rules.get(rule).map(|r| &r.status) {
                Some(Status::Replayed { needs }) => *needs,
                _ => 0,
            };
            let skip = |rule: usize| {
                let missing = needs_of(rule) & gaps;
                (missing != 0).then(|| cart::gap_reason(1 << missing.trailing_zeros()))
            };
            for family_plan in &plan.orders {
                judge(runner, family_plan, &source, &Overrides::default(), &mut out, skip);
            }
            if keep_cart {
                if let CartSource::Friendly(cart) = source {
                    out.cart = Some(cart);
                }
            }
            out
        }
        Work::Input { seq, name, family, input } => {
            let mut out = Replayed {
                seq,
                name,
                subtotal: None,
                verdicts: Vec::new(),
                failures: Vec::new(),
                instructions: Vec::new(),
                cart: None,
            };
            let overrides = Overrides { step: request.step.clone(), language: None };
            if let Some(family_plan) = plan.inputs.iter().find(|p| p.family == family) {
                judge(runner, family_plan, &CartSource::Shopify(input), &overrides, &mut out, |_| None);
            }
            out
        }
    }
}

/// Instruction counts of one function: exact maximum, p99 in steps of 1,000.
#[derive(Clone, Debug, Default)]
struct Histogram {
    runs: u64,
    max: u64,
    thousands: BTreeMap<u64, u64>,
}

impl Histogram {
    fn add(&mut self, n: u64) {
        self.runs += 1;
        self.max = self.max.max(n);
        *self.thousands.entry(n.div_ceil(1000)).or_default() += 1;
    }

    /// The smallest multiple of 1,000 that at least 99 % of runs stay within.
    fn p99(&self) -> u64 {
        let needed = self.runs - self.runs / 100;
        let mut seen = 0;
        for (k, count) in &self.thousands {
            seen += count;
            if seen >= needed {
                return (k * 1000).min(self.max);
            }
        }
        self.max
    }
}

/// A rule's figures.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleFigures {
    pub index: usize,
    pub id: String,
    pub kind: String,
    pub family: Option<&'static str>,
    /// The rule is in monitor mode in the config (it would only log).
    pub monitor: bool,
    /// `replayed`, `not judgeable`, `invalid` or `disabled`.
    pub status: &'static str,
    pub reason: Option<String>,
    /// Orders this rule was judged on.
    pub judged: u64,
    pub blocked: u64,
    /// `blocked / judged`.
    pub share: f64,
    /// The export's `Subtotal` of the blocked orders, per currency.
    pub subtotal: BTreeMap<String, String>,
    /// The first blocked orders, by name, in file order.
    pub first_orders: Vec<String>,
    /// Orders not judged for this rule, per reason.
    pub not_judged: BTreeMap<&'static str, u64>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FunctionFigures {
    pub family: &'static str,
    pub runs: u64,
    pub failed: u64,
    /// Highest instruction count of one run (real modules only).
    pub max_instructions: Option<u64>,
    /// 99th percentile, rounded up to a thousand (real modules only).
    pub p99_instructions: Option<u64>,
}

#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedFigures {
    pub rows: usize,
    /// The first rows' numbers (a spreadsheet's: the header is row 1).
    pub row_numbers: Vec<usize>,
    /// Orders left out for a malformed row.
    pub orders: usize,
    pub products_rows: usize,
    pub products_row_numbers: Vec<usize>,
    pub inputs: usize,
    pub input_names: Vec<String>,
}

/// `--format json` of `replay`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub engine: &'static str,
    pub step: String,
    pub shop_currency: Option<String>,
    /// `--shop-currency`, or `first order` when taken from the export.
    pub shop_currency_from: &'static str,
    pub orders: u64,
    pub inputs: u64,
    /// Orders (and inputs) an enforced rule would block.
    pub blocked: u64,
    /// Orders only monitored rules would block.
    pub blocked_by_monitored_only: u64,
    pub skipped: SkippedFigures,
    pub rules: Vec<RuleFigures>,
    pub functions: Vec<FunctionFigures>,
}

#[derive(Default)]
struct Tally {
    judged: u64,
    blocked: u64,
    subtotal: BTreeMap<String, Decimal>,
    first: Vec<(u64, String)>,
    not_judged: BTreeMap<&'static str, u64>,
}

struct Totals {
    tallies: Vec<Tally>,
    functions: Vec<(Family, u64, u64, Histogram)>,
    orders: u64,
    inputs: u64,
    blocked: u64,
    monitored_only: u64,
}

impl Totals {
    fn add(&mut self, plan: &Plan, r: &Replayed, is_input: bool) {
        if is_input {
            self.inputs += 1;
        } else {
            self.orders += 1;
        }
        let (mut enforced, mut monitored) = (false, false);
        for (rule, verdict) in &r.verdicts {
            let Some(tally) = self.tallies.get_mut(*rule) else { continue };
            match verdict {
                Verdict::NotJudged(why) => *tally.not_judged.entry(why).or_default() += 1,
                Verdict::Passes => tally.judged += 1,
                Verdict::Blocks => {
                    tally.judged += 1;
                    tally.blocked += 1;
                    if plan.rules.get(*rule).is_some_and(|p| p.monitor) {
                        monitored = true;
                    } else {
                        enforced = true;
                    }
                    if let Some((amount, currency)) = &r.subtotal {
                        let sum = tally.subtotal.entry(currency.clone()).or_insert(Decimal::ZERO);
                        *sum = sum.plus(*amount);
                    }
                    if tally.first.len() < FIRST_ORDERS || tally.first.last().is_some_and(|(s, _)| *s > r.seq) {
                        let at = tally.first.partition_point(|(s, _)| *s < r.seq);
                        tally.first.insert(at, (r.seq, r.name.clone()));
                        tally.first.truncate(FIRST_ORDERS);
                    }
                }
            }
        }
        self.blocked += u64::from(enforced);
        self.monitored_only += u64::from(monitored && !enforced);
        for (family, runs, failed, histogram) in &mut self.functions {
            let ran = r.verdicts.iter().any(|(rule, _)| plan.rules.get(*rule).and_then(|p| p.family) == Some(*family));
            if ran {
                *runs += 1;
            }
            *failed += r.failures.iter().filter(|(f, _)| f == family).count() as u64;
            for (_, n) in r.instructions.iter().filter(|(f, _)| f == family) {
                histogram.add(*n);
            }
        }
    }
}

/// Progress on stderr, at most five times a second.
struct Progress {
    total: u64,
    shown: std::time::Instant,
    on: bool,
}

impl Progress {
    fn new(total: u64, on: bool) -> Progress {
        Progress { total, shown: std::time::Instant::now(), on: on && std::io::stderr().is_terminal() }
    }

    fn show(&mut self, bytes: u64, orders: u64) {
        if !self.on || self.shown.elapsed().as_millis() < 200 {
            return;
        }
        self.shown = std::time::Instant::now();
        let percent = bytes.saturating_mul(100).checked_div(self.total).unwrap_or(0);
        let bar: String = (0..30).map(|i| if i * 100 / 30 < percent { '#' } else { '.' }).collect();
        eprint!("\r[{bar}] {percent:>3} %  {orders} orders");
    }

    fn done(&self) {
        if self.on {
            eprint!("\r{}\r", " ".repeat(60));
        }
    }
}

/// Replays `request` against `config_text`. `each` sees every replayed
/// order (tests compare them with `run`).
pub fn replay(
    config_text: &str,
    request: &Request,
    mut each: impl FnMut(&Replayed),
    keep_carts: bool,
) -> anyhow::Result<Report> {
    let products = match &request.products {
        Some(path) => {
            let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some(Products::read(std::io::BufReader::new(file), &path.display().to_string())?)
        }
        None => None,
    };
    let orders = match &request.orders {
        Some(path) => {
            let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
            let total = file.metadata().map(|m| m.len()).unwrap_or(0);
            Some((Orders::new(std::io::BufReader::with_capacity(1 << 16, file), &path.display().to_string())?, total))
        }
        None => None,
    };
    let mut inputs = request.inputs.as_deref().map(Inputs::open).transpose()?;
    if orders.is_none() && inputs.is_none() {
        anyhow::bail!("nothing to replay: give --orders, --inputs or both");
    }
    let plan = {
        let sources = orders.as_ref().map(|(o, _)| Sources {
            orders: o.header(),
            products: products.is_some(),
            methods: !request.delivery_methods.is_empty(),
        });
        Plan::new(config_text, sources.as_ref())?
    };
    let runner = Runner::new(request.modules.as_deref())?;
    let jobs = request.jobs.max(1);
    let mut totals = Totals {
        tallies: plan.rules.iter().map(|_| Tally::default()).collect(),
        functions: FAMILIES.iter().map(|f| (*f, 0, 0, Histogram::default())).collect(),
        orders: 0,
        inputs: 0,
        blocked: 0,
        monitored_only: 0,
    };
    let bytes = AtomicU64::new(0);
    let read_orders = AtomicU64::new(0);
    let mut skipped = SkippedFigures::default();
    if let Some(p) = &products {
        skipped.products_rows = p.skipped.count;
        skipped.products_row_numbers = p.skipped.rows.clone();
    }
    let total_bytes = orders.as_ref().map_or(0, |(_, t)| *t);
    let mut progress = Progress::new(total_bytes, request.progress);
    // Work and results travel in batches: one hand-over per BATCH orders
    // keeps the threads' synchronisation out of the figures.
    let (work_tx, work_rx) = mpsc::sync_channel::<Vec<Work>>(QUEUED_BATCHES);
    let (done_tx, done_rx) = mpsc::sync_channel::<Vec<(Replayed, bool)>>(QUEUED_BATCHES);
    let work_rx = Mutex::new(work_rx);
    let result: anyhow::Result<(Skipped, Unread, Option<String>)> = std::thread::scope(|scope| {
        let reader = scope.spawn(|| -> anyhow::Result<(Skipped, Unread, Option<String>)> {
            let work_tx = work_tx;
            let mut batch = Vec::with_capacity(BATCH);
            let send = |batch: &mut Vec<Work>, last: bool| {
                if batch.len() >= BATCH || (last && !batch.is_empty()) {
                    let full = std::mem::replace(batch, Vec::with_capacity(BATCH));
                    return work_tx.send(full).is_ok();
                }
                true
            };
            let mut seq = 0u64;
            let mut order_skips = Skipped::default();
            let mut shop = request.shop_currency.as_ref().map(|c| c.to_ascii_uppercase());
            if let Some((mut orders, _)) = orders {
                while let Some(order) = orders.next_order()? {
                    let shop = shop.get_or_insert_with(|| order.currency.clone());
                    let options = CartOptions {
                        products: products.as_ref(),
                        step: request.step.clone(),
                        delivery_methods: &request.delivery_methods,
                        shop_currency: Some(shop),
                    };
                    let (cart, gaps) = cart::to_cart(&order, &options);
                    bytes.store(orders.bytes_read(), Ordering::Relaxed);
                    read_orders.fetch_add(1, Ordering::Relaxed);
                    batch.push(Work::Order { seq, order: Box::new(order), cart: Box::new(cart), gaps: gaps.0 });
                    seq += 1;
                    if !send(&mut batch, false) {
                        break;
                    }
                }
                order_skips = orders.skipped.clone();
            }
            let mut unread = Unread::default();
            if let Some(inputs) = inputs.as_mut() {
                while let Some(input) = inputs.next_input()? {
                    batch.push(Work::Input { seq, name: input.name, family: input.family, input: input.input });
                    seq += 1;
                    if !send(&mut batch, false) {
                        break;
                    }
                }
                unread = inputs.unread.clone();
            }
            send(&mut batch, true);
            Ok((order_skips, unread, shop))
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let (work_rx, runner, plan) = (&work_rx, &runner, &plan);
            scope.spawn(move || loop {
                let batch = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(batch) = batch else { return };
                let done = batch
                    .into_iter()
                    .map(|work| {
                        let is_input = matches!(work, Work::Input { .. });
                        (process(runner, plan, request, work, keep_carts), is_input)
                    })
                    .collect();
                if done_tx.send(done).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        for (replayed, is_input) in done_rx.iter().flatten() {
            totals.add(&plan, &replayed, is_input);
            each(&replayed);
            progress.show(bytes.load(Ordering::Relaxed), read_orders.load(Ordering::Relaxed));
        }
        progress.done();
        reader.join().map_err(|_| anyhow!("the export reader stopped unexpectedly"))?
    });
    let (order_skips, unread, shop_currency) = result?;
    skipped.rows = order_skips.count;
    skipped.row_numbers = order_skips.rows;
    skipped.orders = order_skips.orders;
    skipped.inputs = unread.count;
    skipped.input_names = unread.names;
    Ok(report(&plan, totals, request, shop_currency, skipped))
}

fn report(
    plan: &Plan,
    totals: Totals,
    request: &Request,
    shop_currency: Option<String>,
    skipped: SkippedFigures,
) -> Report {
    let rules = plan
        .rules
        .iter()
        .zip(totals.tallies)
        .map(|(p, t)| {
            let (status, reason) = match &p.status {
                Status::Replayed { .. } => ("replayed", None),
                Status::NotJudgeable(reason) => ("not judgeable", Some(reason.clone())),
                Status::Invalid => {
                    ("invalid", Some("the config has errors in this rule (see `checkout-guard lint`)".into()))
                }
                Status::Disabled => ("disabled", Some("\"enabled\": false".into())),
            };
            RuleFigures {
                index: p.index,
                id: p.id.clone(),
                kind: p.kind.clone(),
                family: p.family.map(|f| f.name()),
                monitor: p.monitor,
                status,
                reason,
                judged: t.judged,
                blocked: t.blocked,
                share: if t.judged > 0 { t.blocked as f64 / t.judged as f64 } else { 0.0 },
                subtotal: t.subtotal.into_iter().map(|(c, d)| (c, checkout_guard_replay::export::money(d))).collect(),
                first_orders: t.first.into_iter().map(|(_, n)| n).collect(),
                not_judged: t.not_judged,
            }
        })
        .collect();
    let wasm = request.modules.is_some();
    let functions = totals
        .functions
        .into_iter()
        .map(|(family, runs, failed, h)| FunctionFigures {
            family: family.name(),
            runs,
            failed,
            max_instructions: (wasm && h.runs > 0).then_some(h.max),
            p99_instructions: (wasm && h.runs > 0).then(|| h.p99()),
        })
        .collect();
    Report {
        engine: if wasm { "wasm" } else { "native" },
        step: request.step.clone().unwrap_or_else(|| "CHECKOUT_COMPLETION".into()),
        shop_currency_from: if request.shop_currency.is_some() { "--shop-currency" } else { "first order" },
        shop_currency,
        orders: totals.orders,
        inputs: totals.inputs,
        blocked: totals.blocked,
        blocked_by_monitored_only: totals.monitored_only,
        skipped,
        rules,
        functions,
    }
}

fn thousands(n: u64) -> String {
    crate::lint::thousands(n)
}

/// `60626.81` → `60,626.81`.
fn grouped(amount: &str) -> String {
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let int = int.parse::<u64>().map(thousands).unwrap_or_else(|_| int.to_string());
    if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.1} %", part as f64 * 100.0 / whole as f64)
}

/// The report for people.
pub fn render_human(report: &Report, source: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let what = match (report.orders, report.inputs) {
        (o, 0) => format!("{} orders", thousands(o)),
        (0, i) => format!("{} function inputs", thousands(i)),
        (o, i) => format!("{} orders and {} function inputs", thousands(o), thousands(i)),
    };
    let engine = if report.engine == "wasm" { "the wasm modules" } else { "the built-in engine (--native)" };
    let _ = writeln!(out, "Impact preview of {source}: {what}, at {}, through {engine}", report.step);
    if let Some(currency) = &report.shop_currency {
        let from = if report.shop_currency_from == "first order" {
            " (the first order's; set it with --shop-currency)"
        } else {
            ""
        };
        let _ = writeln!(out, "Shop currency: {currency}{from}");
    }
    let s = &report.skipped;
    if s.rows > 0 {
        let rows: Vec<String> = s.row_numbers.iter().map(|r| r.to_string()).collect();
        let more = if s.rows > s.row_numbers.len() { ", …" } else { "" };
        let _ = writeln!(
            out,
            "Skipped: {} malformed row{} of the orders export (row{} {}{more}); {} order{} left out",
            thousands(s.rows as u64),
            if s.rows == 1 { "" } else { "s" },
            if s.row_numbers.len() == 1 { "" } else { "s" },
            rows.join(", "),
            s.orders,
            if s.orders == 1 { "" } else { "s" },
        );
    }
    if s.products_rows > 0 {
        let rows: Vec<String> = s.products_row_numbers.iter().map(|r| r.to_string()).collect();
        let _ = writeln!(
            out,
            "Skipped: {} malformed row(s) of the products export (rows {})",
            s.products_rows,
            rows.join(", ")
        );
    }
    if s.inputs > 0 {
        let _ = writeln!(out, "Skipped: {} unreadable function input(s) ({})", s.inputs, s.input_names.join(", "));
    }
    let width =
        report.rules.iter().map(|r| r.id.chars().count() + if r.monitor { 10 } else { 0 }).max().unwrap_or(0).max(8);
    for family in FAMILIES {
        let rules: Vec<&RuleFigures> = report.rules.iter().filter(|r| r.family == Some(family.name())).collect();
        if rules.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", split::family_title(family));
        for r in rules {
            let label = if r.monitor { format!("{} (monitor)", r.id) } else { r.id.clone() };
            match r.status {
                "replayed" => {
                    let amounts: Vec<String> = r.subtotal.iter().map(|(c, a)| format!("{} {c}", grouped(a))).collect();
                    let names = if r.first_orders.is_empty() {
                        String::new()
                    } else {
                        let more = if r.blocked as usize > r.first_orders.len() { " …" } else { "" };
                        format!("  {}{more}", r.first_orders.join(" "))
                    };
                    let _ = writeln!(
                        out,
                        "  {label:<width$}  blocks {} of {} ({}){}{}",
                        thousands(r.blocked),
                        thousands(r.judged),
                        percent(r.blocked, r.judged),
                        if amounts.is_empty() { String::new() } else { format!(", subtotal {}", amounts.join(" + ")) },
                        names
                    );
                    for (why, n) in &r.not_judged {
                        let _ = writeln!(out, "  {:width$}  not judged on {}: {why}", "", thousands(*n));
                    }
                }
                "not judgeable" => {
                    let _ = writeln!(
                        out,
                        "  {label:<width$}  not judgeable from these exports: {}",
                        r.reason.as_deref().unwrap_or_default()
                    );
                }
                other => {
                    let _ = writeln!(
                        out,
                        "  {label:<width$}  {other}, not replayed: {}",
                        r.reason.as_deref().unwrap_or_default()
                    );
                }
            }
        }
    }
    let unfamilied: Vec<&RuleFigures> = report.rules.iter().filter(|r| r.family.is_none()).collect();
    if !unfamilied.is_empty() {
        let ids: Vec<&str> = unfamilied.iter().map(|r| r.id.as_str()).collect();
        let _ = writeln!(out, "\nNot replayed (unknown kind): {}", ids.join(", "));
    }
    let all = report.orders + report.inputs;
    let _ = writeln!(
        out,
        "\nWould be blocked: {} of {} ({})",
        thousands(report.blocked),
        thousands(all),
        percent(report.blocked, all)
    );
    if report.blocked_by_monitored_only > 0 {
        let _ = writeln!(out, "Monitored rules alone would block {} more", thousands(report.blocked_by_monitored_only));
    }
    for f in &report.functions {
        if f.failed > 0 {
            let _ = writeln!(out, "{} function failed on {} run(s)", f.family, thousands(f.failed));
        }
        if let (Some(max), Some(p99)) = (f.max_instructions, f.p99_instructions) {
            let _ = writeln!(
                out,
                "{} function: {} runs, instructions max {}, p99 {} (Shopify's limit 11,000,000)",
                f.family,
                thousands(f.runs),
                thousands(max),
                thousands(p99)
            );
        }
    }
    out
}

/// `NAME=METHOD` → (rate name, method), the method one of Shopify's.
pub fn delivery_method(arg: &str) -> Result<(String, String), String> {
    let (name, method) = arg.rsplit_once('=').ok_or_else(|| format!("{arg:?} is not RATE=METHOD"))?;
    let method = method.trim().to_ascii_uppercase();
    const METHODS: [&str; 6] = ["SHIPPING", "PICK_UP", "LOCAL", "PICKUP_POINT", "RETAIL", "NONE"];
    if !METHODS.contains(&method.as_str()) {
        return Err(format!("{method:?} is not a delivery method (one of {})", METHODS.join(", ")));
    }
    Ok((name.trim().to_string(), method))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_are_read_by_rule_index() {
        let log = "rules[0] (rule \"a\"): monitor: would block (1 error)\n\
            rules[2] (rule \"c\"): cart.lines[1] has an unknown weight unit; rule skipped\n\
            checkout-guard limits: rules applied 3, skipped 1; errors 0\n";
        assert_eq!(read_log(log), (vec![0], vec![2], false));
        assert!(read_log("... 3 more log lines\n").2);
    }

    #[test]
    fn percentiles_round_up_to_a_thousand() {
        let mut h = Histogram::default();
        for n in 1..=1000u64 {
            h.add(n * 100);
        }
        assert_eq!(h.max, 100_000);
        assert_eq!(h.p99(), 99_000);
        let mut one = Histogram::default();
        one.add(1234);
        assert_eq!(one.p99(), 1234);
    }

    #[test]
    fn amounts_grouped() {
        assert_eq!(grouped("60626.81"), "60,626.81");
        assert_eq!(grouped("5.00"), "5.00");
    }

    #[test]
    fn delivery_methods_are_shopifys() {
        assert_eq!(delivery_method("Local Pickup=pick_up").unwrap(), ("Local Pickup".into(), "PICK_UP".into()));
        assert!(delivery_method("Standard").is_err());
        assert!(delivery_method("Standard=TRUCK").is_err());
    }
}
