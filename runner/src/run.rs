//! Loading the module and running one export the way Shopify does.
//!
//! * Input JSON on stdin, output JSON from stdout, log from stderr; no
//!   arguments, no environment, no files.
//! * WASI preview 1 comes from the runner's own host ([`crate::wasi`]): the
//!   few calls a Rust `wasm32-wasip1` command makes; a module importing
//!   anything else is refused when loaded.
//! * Deterministic: the wall clock is fixed at 2026-01-01T00:00:00Z, the
//!   monotonic clock never moves, and the random source is a fixed byte
//!   cycle, so the same module and input always give the same count.
//! * Instructions are wasmtime fuel with the operator costs set explicitly to
//!   Shopify's accounting ([`shopify_operator_cost`]): every operator 1, `nop
//!   drop block loop unreachable return else end` 0, and no per-byte charge for
//!   bulk-memory operators. Host calls (WASI) consume no fuel beyond the
//!   `call` operator (they run no wasm). As in every wasmtime, each function entry also costs 1
//!   (wasmtime's translator starts every function body at 1 fuel; its own
//!   `fuel.wast` tests pin an empty function at 1): this is part of wasmtime
//!   fuel, not an operator cost, and is not configurable.
//! * Peak linear memory is tracked with a [`ResourceLimiter`]; growth past
//!   the memory cap (Shopify's 10,000 kB by default) is refused, as Shopify
//!   refuses it, and the run is reported as over the memory limit.
//! * The wasm stack is capped at Shopify's 512 kB.

use crate::family::Family;
use crate::limits::{self, LimitKind, Limits};
use crate::paths::{module_path, BUILD_COMMAND, MODULES_ENV, MODULE_ENV};
use crate::wasi::{self, Exit, WasiCtx, WasiView};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use wasmtime::{
    Config, Engine, ExternType, InstancePre, Linker, Module, OperatorCost, ResourceLimiter, Store, Trap,
    VariableOperatorCost,
};

/// Fixed wall-clock time the module sees: 2026-01-01T00:00:00Z.
pub const FIXED_WALL_CLOCK_SECS: u64 = 1_767_225_600;

/// How much stdout or stderr the runner keeps (far above Shopify's limits, so
/// an oversized output is measured, not cut).
const CAPTURE_BYTES: usize = 64 * 1024 * 1024;

/// Default fuel given to a run, as a multiple of the scaled instruction
/// limit: enough to measure a run that overshoots, bounded for a runaway loop.
const DEFAULT_FUEL_FACTOR: u64 = 4;

/// How instructions are counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accounting {
    /// Shopify's published accounting (the default): every operator 1, `nop
    /// drop block loop unreachable return else end` 0, bulk-memory operators a
    /// flat 1 whatever their length.
    #[default]
    Shopify,
    /// This wasmtime's own defaults: the same flat costs plus 1 fuel per byte
    /// or element for `memory.copy`/`fill`/`init` and the table and array
    /// equivalents (newer wasmtime releases charge these). A pessimistic view,
    /// for comparison only.
    WasmtimeDefault,
}

/// The operator-cost table for Shopify's accounting.
///
/// Starts from wasmtime's flat defaults (every operator 1 except the eight
/// below: checked against wasmtime 48's `default_operator_cost` and
/// `default_cost!` in `wasmtime-environ/src/tunables.rs`), sets those eight to
/// 0 explicitly, and zeroes every per-byte/per-element variable cost, which
/// wasmtime 48 otherwise charges on top (1 per byte for `memory.copy`,
/// `memory.fill`, `memory.init`, ...).
pub fn shopify_operator_cost() -> OperatorCost {
    let mut cost = OperatorCost::new();
    cost.Nop = 0;
    cost.Drop = 0;
    cost.Block = 0;
    cost.Loop = 0;
    cost.Unreachable = 0;
    cost.Return = 0;
    cost.Else = 0;
    cost.End = 0;
    cost.variable = VariableOperatorCost {
        memory_copy_per_byte: 0,
        memory_fill_per_byte: 0,
        memory_init_per_byte: 0,
        memory_grow_per_page: 0,
        table_copy_per_element: 0,
        table_fill_per_element: 0,
        table_init_per_element: 0,
        table_grow_per_element: 0,
        array_copy_per_element: 0,
        array_fill_per_element: 0,
        array_new_data_per_element: 0,
        array_init_data_per_element: 0,
        array_new_elem_per_element: 0,
        array_init_elem_per_element: 0,
        array_new_default_per_element: 0,
        array_new_per_element: 0,
    };
    cost
}

/// Why the runner itself could not run (not the module's fault): exit code 4.
#[derive(Debug)]
pub enum RunError {
    /// No file at the module path.
    ModuleNotFound(PathBuf),
    /// A file could not be read.
    Io { path: PathBuf, message: String },
    /// wasmtime refused the engine configuration or the module.
    Compile { path: PathBuf, message: String },
    /// The module has no such function export (or it is not `() -> ()`).
    Export { export: String, message: String },
    /// Anything else while setting up a run.
    Setup(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::ModuleNotFound(path) => write!(
                f,
                "wasm module not found at {}: run `{BUILD_COMMAND}` at the workspace root (or set {MODULES_ENV} to the modules' directory, or {MODULE_ENV} to one module)",
                path.display()
            ),
            RunError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            RunError::Compile { path, message } => {
                write!(f, "cannot compile {}: {message}", path.display())
            }
            RunError::Export { export, message } => write!(f, "export {export:?}: {message}"),
            RunError::Setup(message) => write!(f, "cannot set up the run: {message}"),
        }
    }
}

impl std::error::Error for RunError {}

/// Options of one run; `Default` is what Shopify would do.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    /// Cart lines the limits are scaled for; `None`: count `cart.lines` in the
    /// input (0 when the input has none, as the address query's).
    pub lines: Option<usize>,
    /// Fuel given to the run; `None`: 4 × the scaled instruction limit.
    pub fuel_cap: Option<u64>,
    /// Linear memory the module may grow to; `None`: Shopify's 10,000 kB.
    pub memory_cap: Option<u64>,
}

/// One error the function returned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationError {
    pub message: String,
    pub target: String,
}

/// A limit the run went over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exceeded {
    pub limit: LimitKind,
    /// What the run used (for a refused memory growth: the size requested).
    pub used: u64,
    pub allowed: u64,
}

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} > {}", self.limit, self.used, self.allowed)
    }
}

/// How the run ended, as Shopify would judge it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// Valid output with no errors: checkout proceeds. Exit code 0.
    Allowed,
    /// Valid output with errors ([`Report::errors`]): checkout is blocked. Exit code 1.
    Rejected,
    /// A failed run: a trap, a non-zero `proc_exit`, or output that is not a
    /// valid `{"operations": [...]}` document. Exit code 2.
    Trap { message: String },
    /// Over one or more of Shopify's limits (a failed run on Shopify). Exit code 3.
    LimitExceeded {
        exceeded: Vec<Exceeded>,
        /// The trap that ended the run, if any (e.g. fuel exhausted).
        trap: Option<String>,
    },
}

impl Verdict {
    /// The `cg-run` exit code: 0 allowed, 1 rejected, 2 trap, 3 limit exceeded.
    pub fn exit_code(&self) -> i32 {
        match self {
            Verdict::Allowed => 0,
            Verdict::Rejected => 1,
            Verdict::Trap { .. } => 2,
            Verdict::LimitExceeded { .. } => 3,
        }
    }

    /// True for a trap or a limit breach (a failed run on Shopify).
    pub fn is_failure(&self) -> bool {
        matches!(self, Verdict::Trap { .. } | Verdict::LimitExceeded { .. })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Allowed => f.write_str("allowed (no errors)"),
            Verdict::Rejected => f.write_str("rejected (errors returned)"),
            Verdict::Trap { message } => write!(f, "trap: {message}"),
            Verdict::LimitExceeded { exceeded, trap } => {
                f.write_str("limit exceeded: ")?;
                for (i, e) in exceeded.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{e}")?;
                }
                if let Some(trap) = trap {
                    write!(f, " (trap: {trap})")?;
                }
                Ok(())
            }
        }
    }
}

/// One figure against its limit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Usage {
    pub limit: LimitKind,
    pub used: u64,
    pub allowed: u64,
    /// `used / allowed × 100`.
    pub percent: f64,
}

/// Everything one run measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub module: PathBuf,
    pub export: String,
    pub accounting: Accounting,
    pub verdict: Verdict,
    /// The errors in the output (whatever the verdict), in output order.
    pub errors: Vec<ValidationError>,
    /// Fuel consumed: Shopify's instruction count.
    pub instructions: u64,
    /// The run ran out of fuel (`instructions` is then the fuel cap).
    pub fuel_exhausted: bool,
    /// Largest linear memory the module had, in bytes.
    pub peak_memory_bytes: u64,
    /// A memory growth refused for going past the cap: the size requested.
    pub memory_refused_bytes: Option<u64>,
    pub input_bytes: u64,
    pub output_bytes: u64,
    pub log_bytes: u64,
    /// The log is longer than the 1,000 bytes Shopify shows.
    pub log_truncated: bool,
    /// Shopify's limits for this cart size.
    pub limits: Limits,
    /// Instructions, input, output and memory against their limits.
    pub usage: Vec<Usage>,
    /// The status passed to `proc_exit`, if the module called it.
    pub exit_status: Option<i32>,
    /// For a trap: the whole error chain with the wasm backtrace.
    pub failure_detail: Option<String>,
    /// stdout parsed as JSON, when it is JSON.
    pub output: Option<Value>,
    /// stdout as text (lossy UTF-8).
    pub stdout: String,
    /// The whole log (stderr, lossy UTF-8); see [`Report::log_shown`].
    pub log: String,
}

impl Report {
    /// The part of the log Shopify shows: the first 1,000 bytes (cut back to a
    /// character boundary).
    pub fn log_shown(&self) -> &str {
        truncate_at_boundary(&self.log, limits::LOG_SHOWN_BYTES)
    }

    /// The log as Shopify displays it, with a note when it was truncated.
    pub fn log_display(&self) -> String {
        if self.log_truncated {
            format!(
                "{}\n[log truncated by Shopify: {} of {} bytes shown]",
                self.log_shown(),
                self.log_shown().len(),
                self.log_bytes
            )
        } else {
            self.log.clone()
        }
    }

    /// The usage figure of one kind.
    pub fn usage_of(&self, kind: LimitKind) -> Option<&Usage> {
        self.usage.iter().find(|u| u.limit == kind)
    }

    /// The exit code `cg-run` uses for this report.
    pub fn exit_code(&self) -> i32 {
        self.verdict.exit_code()
    }
}

fn truncate_at_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Number of cart lines in a Shopify input (`cart.lines`), 0 when absent or
/// when the input is not JSON.
pub fn count_lines(input: &[u8]) -> usize {
    serde_json::from_slice::<Value>(input)
        .ok()
        .and_then(|v| v.get("cart")?.get("lines")?.as_array().map(Vec::len))
        .unwrap_or(0)
}

/// Store data of one run.
struct Host {
    wasi: WasiCtx,
    memory: MemoryTracker,
}

impl WasiView for Host {
    fn wasi(&mut self) -> &mut WasiCtx {
        &mut self.wasi
    }
}

/// Tracks the peak linear memory and refuses growth past the cap.
struct MemoryTracker {
    cap: u64,
    peak: u64,
    refused: Option<u64>,
}

impl ResourceLimiter for MemoryTracker {
    fn memory_growing(&mut self, _current: usize, desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        let desired = desired as u64;
        if desired > self.cap {
            self.refused = Some(self.refused.map_or(desired, |r| r.max(desired)));
            return Ok(false);
        }
        self.peak = self.peak.max(desired);
        Ok(true)
    }

    fn table_growing(&mut self, _current: usize, _desired: usize, _maximum: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

fn engine(accounting: Accounting) -> Result<&'static Engine, RunError> {
    static SHOPIFY: OnceLock<Result<Engine, String>> = OnceLock::new();
    static WASMTIME: OnceLock<Result<Engine, String>> = OnceLock::new();
    let cell = match accounting {
        Accounting::Shopify => &SHOPIFY,
        Accounting::WasmtimeDefault => &WASMTIME,
    };
    cell.get_or_init(|| {
        let mut config = Config::new();
        config.consume_fuel(true);
        if accounting == Accounting::Shopify {
            config.operator_cost(shopify_operator_cost());
        }
        config.max_wasm_stack(limits::STACK_BYTES as usize);
        Engine::new(&config).map_err(|e| format!("{e:#}"))
    })
    .as_ref()
    .map_err(|message| RunError::Setup(format!("wasmtime engine: {message}")))
}

/// A compiled module, ready to run any of its exports many times.
pub struct Runner {
    path: PathBuf,
    accounting: Accounting,
    module_bytes: u64,
    pre: InstancePre<Host>,
    exports: Vec<String>,
}

impl fmt::Debug for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runner")
            .field("path", &self.path)
            .field("accounting", &self.accounting)
            .field("module_bytes", &self.module_bytes)
            .field("exports", &self.exports)
            .finish()
    }
}

type RunnerCache = Mutex<HashMap<(PathBuf, Accounting), Arc<Runner>>>;

impl Runner {
    /// Compiles the module at `path` with Shopify's accounting.
    pub fn load(path: &Path) -> Result<Runner, RunError> {
        Runner::load_with(path, Accounting::Shopify)
    }

    /// Compiles the module at `path` with the given accounting.
    pub fn load_with(path: &Path, accounting: Accounting) -> Result<Runner, RunError> {
        if !path.is_file() {
            return Err(RunError::ModuleNotFound(path.to_path_buf()));
        }
        let bytes =
            std::fs::read(path).map_err(|e| RunError::Io { path: path.to_path_buf(), message: e.to_string() })?;
        Runner::from_bytes(path, &bytes, accounting)
    }

    /// Compiles module bytes; `path` only names the module in reports.
    pub fn from_bytes(path: &Path, bytes: &[u8], accounting: Accounting) -> Result<Runner, RunError> {
        let engine = engine(accounting)?;
        let compile_error =
            |e: wasmtime::Error| RunError::Compile { path: path.to_path_buf(), message: format!("{e:#}") };
        let module = Module::new(engine, bytes).map_err(compile_error)?;
        wasi::check_imports(&module).map_err(|message| RunError::Compile { path: path.to_path_buf(), message })?;
        let mut linker: Linker<Host> = Linker::new(engine);
        wasi::add_to_linker(&mut linker).map_err(|e| RunError::Setup(format!("{e:#}")))?;
        let pre = linker.instantiate_pre(&module).map_err(compile_error)?;
        let exports =
            module.exports().filter(|e| matches!(e.ty(), ExternType::Func(_))).map(|e| e.name().to_string()).collect();
        Ok(Runner { path: path.to_path_buf(), accounting, module_bytes: bytes.len() as u64, pre, exports })
    }

    /// The runner for `path` with Shopify's accounting, compiled once per
    /// process and shared.
    pub fn cached(path: &Path) -> Result<Arc<Runner>, RunError> {
        Runner::cached_with(path, Accounting::Shopify)
    }

    /// The runner for `path` and `accounting`, compiled once per process.
    pub fn cached_with(path: &Path, accounting: Accounting) -> Result<Arc<Runner>, RunError> {
        static CACHE: OnceLock<RunnerCache> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        let key_path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let mut map = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(runner) = map.get(&(key_path.clone(), accounting)) {
            return Ok(Arc::clone(runner));
        }
        let runner = Arc::new(Runner::load_with(path, accounting)?);
        map.insert((key_path, accounting), Arc::clone(&runner));
        Ok(runner)
    }

    /// The cached runner for `family`'s module ([`module_path`]).
    pub fn for_family(family: Family) -> Result<Arc<Runner>, RunError> {
        Runner::cached(&module_path(family))
    }

    /// The module's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The module's size in bytes.
    pub fn module_bytes(&self) -> u64 {
        self.module_bytes
    }

    /// How this runner counts instructions.
    pub fn accounting(&self) -> Accounting {
        self.accounting
    }

    /// The module's function exports.
    pub fn exports(&self) -> &[String] {
        &self.exports
    }

    /// Runs `export` on `input`, scaling the limits by the input's `cart.lines`.
    pub fn run(&self, export: &str, input: &[u8]) -> Result<Report, RunError> {
        self.run_with(export, input, &RunOptions::default())
    }

    /// Runs `export` on `input`, with the limits scaled for `lines` lines.
    pub fn run_with_lines(&self, export: &str, input: &[u8], lines: usize) -> Result<Report, RunError> {
        let options = RunOptions { lines: Some(lines), ..RunOptions::default() };
        self.run_with(export, input, &options)
    }

    /// Runs `export` on `input` with explicit options.
    pub fn run_with(&self, export: &str, input: &[u8], options: &RunOptions) -> Result<Report, RunError> {
        self.run_reading_globals(export, input, options, &[]).map(|(report, _)| report)
    }

    /// [`Runner::run_with`], then reads the `i64` global exports named
    /// `globals` (in that order) from the instance, whether or not the call
    /// trapped: the profiler's counters ([`crate::profile`]). A global that
    /// is missing or not an `i64` is an error.
    pub fn run_reading_globals(
        &self,
        export: &str,
        input: &[u8],
        options: &RunOptions,
        globals: &[String],
    ) -> Result<(Report, Vec<i64>), RunError> {
        self.check_export(export)?;
        let lines = options.lines.unwrap_or_else(|| count_lines(input));
        let limits = Limits::for_lines(lines);
        let fuel_cap = options.fuel_cap.unwrap_or_else(|| limits.instructions.saturating_mul(DEFAULT_FUEL_FACTOR));
        let memory_cap = options.memory_cap.unwrap_or(limits.memory_bytes);

        let wasi = WasiCtx::new(input.to_vec(), CAPTURE_BYTES);
        let host = Host { wasi, memory: MemoryTracker { cap: memory_cap, peak: 0, refused: None } };
        let mut store = Store::new(self.pre.module().engine(), host);
        store.limiter(|h| &mut h.memory);
        store.set_fuel(fuel_cap).map_err(|e| RunError::Setup(format!("{e:#}")))?;

        let mut values: Vec<Option<i64>> = Vec::new();
        let result = self.pre.instantiate(&mut store).and_then(|instance| {
            let func = instance.get_typed_func::<(), ()>(&mut store, export)?;
            let result = func.call(&mut store, ());
            values = globals
                .iter()
                .map(|name| instance.get_global(&mut store, name).and_then(|g| g.get(&mut store).i64()))
                .collect();
            result
        });
        if let Some((name, _)) = globals.iter().zip(&values).find(|(_, v)| v.is_none()) {
            return Err(RunError::Setup(format!("the module has no i64 global export {name:?}")));
        }
        let values: Vec<i64> = values.into_iter().flatten().collect();
        let remaining = store.get_fuel().unwrap_or(0);
        let instructions = fuel_cap.saturating_sub(remaining);
        let memory = &store.data().memory;
        let (peak_memory_bytes, memory_refused_bytes) = (memory.peak, memory.refused);
        let (out_bytes, log_bytes) = store.data_mut().wasi.take_output();
        drop(store);

        let mut exit_status = None;
        let mut fuel_exhausted = false;
        let mut failure_detail = None;
        let failure = match result {
            Ok(()) => None,
            Err(error) => {
                if let Some(exit) = error.downcast_ref::<Exit>() {
                    exit_status = Some(exit.0);
                    (exit.0 != 0).then(|| format!("exited with status {}", exit.0))
                } else {
                    fuel_exhausted = error.downcast_ref::<Trap>() == Some(&Trap::OutOfFuel);
                    failure_detail = Some(trap_detail(&error));
                    Some(trap_message(&error))
                }
            }
        };

        let log = String::from_utf8_lossy(&log_bytes).into_owned();
        let parsed = parse_output(&out_bytes);
        let (output, errors, output_problem) = match parsed {
            Ok((value, errors)) => (Some(value), errors, None),
            Err(problem) => (serde_json::from_slice(&out_bytes).ok(), Vec::new(), Some(problem)),
        };

        let input_bytes = input.len() as u64;
        let output_bytes = out_bytes.len() as u64;
        let used = |kind: LimitKind| match kind {
            LimitKind::Instructions => instructions,
            LimitKind::InputBytes => input_bytes,
            LimitKind::OutputBytes => output_bytes,
            LimitKind::Memory => peak_memory_bytes,
        };
        let usage: Vec<Usage> = LimitKind::ALL
            .into_iter()
            .map(|kind| {
                let allowed = limits.get(kind);
                let used = used(kind);
                Usage {
                    limit: kind,
                    used,
                    allowed,
                    percent: if allowed == 0 { 0.0 } else { used as f64 * 100.0 / allowed as f64 },
                }
            })
            .collect();
        let mut exceeded: Vec<Exceeded> = usage
            .iter()
            .filter(|u| u.used > u.allowed || (u.limit == LimitKind::Instructions && fuel_exhausted))
            .map(|u| Exceeded { limit: u.limit, used: u.used, allowed: u.allowed })
            .collect();
        if let Some(requested) = memory_refused_bytes {
            exceeded.retain(|e| e.limit != LimitKind::Memory);
            exceeded.push(Exceeded { limit: LimitKind::Memory, used: requested, allowed: limits.memory_bytes });
        }

        let verdict = if !exceeded.is_empty() {
            Verdict::LimitExceeded { exceeded, trap: failure }
        } else if let Some(message) = failure {
            Verdict::Trap { message }
        } else if let Some(problem) = output_problem {
            Verdict::Trap { message: format!("invalid output: {problem}") }
        } else if errors.is_empty() {
            Verdict::Allowed
        } else {
            Verdict::Rejected
        };

        let report = Report {
            module: self.path.clone(),
            export: export.to_string(),
            accounting: self.accounting,
            verdict,
            errors,
            instructions,
            fuel_exhausted,
            peak_memory_bytes,
            memory_refused_bytes,
            input_bytes,
            output_bytes,
            log_bytes: log_bytes.len() as u64,
            log_truncated: log_bytes.len() > limits::LOG_SHOWN_BYTES,
            limits,
            usage,
            exit_status,
            failure_detail,
            output,
            stdout: String::from_utf8_lossy(&out_bytes).into_owned(),
            log,
        };
        Ok((report, values))
    }

    fn check_export(&self, export: &str) -> Result<(), RunError> {
        let module = self.pre.module();
        match module.get_export(export) {
            Some(ExternType::Func(ty)) if ty.params().len() == 0 && ty.results().len() == 0 => Ok(()),
            Some(ExternType::Func(_)) => Err(RunError::Export {
                export: export.to_string(),
                message: "is not a function without parameters or results".to_string(),
            }),
            _ => Err(RunError::Export {
                export: export.to_string(),
                message: format!(
                    "no such function export in {} (exports: {})",
                    self.path.display(),
                    self.exports.join(", ")
                ),
            }),
        }
    }
}

/// The trap's own message (e.g. "wasm trap: wasm `unreachable` instruction
/// executed").
fn trap_message(error: &wasmtime::Error) -> String {
    error.root_cause().to_string()
}

/// The whole error chain, wasm backtrace included.
fn trap_detail(error: &wasmtime::Error) -> String {
    let chain: Vec<String> = error.chain().map(|c| c.to_string().trim().to_string()).collect();
    chain.join("\n")
}

/// Checks stdout against the output schema: `{"operations": [{"validationAdd":
/// {"errors": [{"message": String, "target": String}]}}]}` and nothing else.
fn parse_output(stdout: &[u8]) -> Result<(Value, Vec<ValidationError>), String> {
    if stdout.is_empty() {
        return Err("the module wrote nothing to stdout (Rust's stdout is line-buffered: an export that \
             returns without `std::io::stdout().flush()` loses its output)"
            .to_string());
    }
    let value: Value = serde_json::from_slice(stdout).map_err(|e| format!("not JSON: {e}"))?;
    let object = value.as_object().ok_or("not a JSON object")?;
    if let Some(key) = object.keys().find(|k| *k != "operations") {
        return Err(format!("unknown top-level field {key:?}"));
    }
    let operations = object.get("operations").and_then(Value::as_array).ok_or("`operations` missing or not a list")?;
    let mut errors = Vec::new();
    for (i, op) in operations.iter().enumerate() {
        let op = op.as_object().ok_or_else(|| format!("operations[{i}] is not an object"))?;
        if op.len() != 1 {
            return Err(format!("operations[{i}] must have exactly one field"));
        }
        let add = op
            .get("validationAdd")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("operations[{i}] is not a validationAdd object"))?;
        if let Some(key) = add.keys().find(|k| *k != "errors") {
            return Err(format!("operations[{i}].validationAdd has unknown field {key:?}"));
        }
        let list = add
            .get("errors")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("operations[{i}].validationAdd.errors missing or not a list"))?;
        for (j, e) in list.iter().enumerate() {
            let parsed: ValidationError = serde_json::from_value(e.clone())
                .map_err(|err| format!("operations[{i}].validationAdd.errors[{j}]: {err}"))?;
            if e.as_object().is_some_and(|o| o.len() != 2) {
                return Err(format!("operations[{i}].validationAdd.errors[{j}] has fields besides message and target"));
            }
            errors.push(parsed);
        }
    }
    Ok((value, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_shapes() {
        let (_, errors) = parse_output(br#"{"operations":[]}"#).unwrap();
        assert!(errors.is_empty());
        let (_, errors) =
            parse_output(br#"{"operations":[{"validationAdd":{"errors":[{"message":"m","target":"$.cart"}]}}]}"#)
                .unwrap();
        assert_eq!(errors.len(), 1);
        assert!(parse_output(b"").is_err());
        assert!(parse_output(b"{").is_err());
        assert!(parse_output(br#"{"errors":[]}"#).is_err());
        assert!(parse_output(br#"{"operations":[{"validationAdd":{"errors":[{"message":"m"}]}}]}"#).is_err());
        assert!(parse_output(br#"{"operations":[{"other":{}}]}"#).is_err());
    }

    #[test]
    fn counts_lines() {
        assert_eq!(count_lines(br#"{"cart":{"lines":[{},{}]}}"#), 2);
        assert_eq!(count_lines(br#"{"cart":{}}"#), 0);
        assert_eq!(count_lines(b"not json"), 0);
    }

    #[test]
    fn log_is_cut_on_a_char_boundary() {
        let s = "é".repeat(600);
        assert_eq!(truncate_at_boundary(&s, 1000).len(), 1000);
        let s = format!("a{}", "é".repeat(600));
        assert_eq!(truncate_at_boundary(&s, 1000).len(), 999);
    }
}
