//! Where a run's instructions go: the instruction count of one real run,
//! attributed to the module's wasm functions ("self" instructions: the
//! operators a function executes itself, not those of its callees).
//!
//! # How
//!
//! [`instrument`] rewrites the module (wasmparser reads it, wasm-encoder's
//! `reencode` writes it back) with two exported mutable `i64` globals per
//! defined function: `cg_profile_self_<i>` and `cg_profile_calls_<i>`. Each
//! function body is cut into straight-line segments, each ending at a
//! control-flow operator (`block loop if else end br br_if br_table return
//! unreachable call call_indirect return_call*`, and the exception-handling
//! ones) or at the end of the body. Before each segment the rewriter adds the
//! segment's Shopify cost to the function's `self` counter: the sum of
//! [`operator_cost`] over the segment's operators, the control operator that
//! ends it included. No operator inside a segment can leave it (a trap ends
//! the run), so whenever a segment starts, all of it runs: a `br_if` not
//! taken, like a taken one, has been paid for by its own segment, and the
//! operators after it form the next one. The first segment also carries the
//! 1 fuel wasmtime charges on every function entry (see [`crate::run`]), and
//! the entry adds 1 to the `calls` counter.
//!
//! This is exactly how wasmtime's translator accounts fuel: it charges the
//! operators before a control-flow operator together, control operator
//! included, before that operator runs. So the sum of all `self` counters of
//! a run equals the uninstrumented run's instruction count (fuel): [`run`]
//! checks it on every profile, and `tests/profile.rs` asserts it on the real
//! modules. Host calls (WASI) cost nothing but their `call`, charged to the
//! caller, as in the real accounting.
//!
//! # Names
//!
//! Function names come from the module's `name` section. The shipped modules
//! are stripped (`strip = true` in the `function` profile); the Cargo profile
//! `function-names` builds the same code with the names kept:
//!
//! ```text
//! cargo build --profile function-names --target wasm32-wasip1
//! # -> target/wasm32-wasip1/function-names/checkout-guard-<family>.wasm
//! ```
//!
//! `cg-run profile` runs that build itself (see [`names_module_path`],
//! [`NAMES_BUILD_COMMAND`]) and, like `cg-run bench`, profiles the module
//! after `wasm-opt -Oz` (with `-g`, which keeps the names section: the counts
//! are those bench measures; `--raw` profiles cargo's module). A function
//! without a name shows as `func[<index>]`; Rust symbols are demangled.

use crate::bench;
use crate::family::Family;
use crate::paths::{module_file_name, workspace_root};
use crate::run::{Report, RunError, RunOptions, Runner, Verdict};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use wasm_encoder::reencode::{self, Reencode};
use wasm_encoder::{CodeSection, ConstExpr, ExportKind, ExportSection, GlobalSection, GlobalType, SectionId, ValType};
use wasmparser::{KnownCustom, Name, Operator, Parser, Payload, TypeRef};

/// The Cargo profile that keeps function names (see the [module docs](self)).
pub const NAMES_PROFILE: &str = "function-names";

/// Where cargo puts the `function-names` modules, relative to the workspace root.
pub const NAMES_RELATIVE_DIR: &str = "target/wasm32-wasip1/function-names";

/// The command that builds the modules with names (run at the workspace root).
pub const NAMES_BUILD_COMMAND: &str = "cargo build --profile function-names --target wasm32-wasip1";

/// Export name of the `self` counter of the `i`-th defined function.
pub fn self_export(i: usize) -> String {
    format!("cg_profile_self_{i}")
}

/// Export name of the `calls` counter of the `i`-th defined function.
pub fn calls_export(i: usize) -> String {
    format!("cg_profile_calls_{i}")
}

/// Shopify's cost of one operator (wasmtime fuel under
/// [`shopify_operator_cost`](crate::run::shopify_operator_cost)): 0 for `nop
/// drop block loop unreachable return else end`, 1 for every other.
pub fn operator_cost(op: &Operator<'_>) -> u64 {
    match op {
        Operator::Nop
        | Operator::Drop
        | Operator::Block { .. }
        | Operator::Loop { .. }
        | Operator::Unreachable
        | Operator::Return
        | Operator::Else
        | Operator::End => 0,
        _ => 1,
    }
}

/// True for the operators that end a straight-line segment: those after
/// which the next operator does not always run next.
pub fn ends_segment(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::Block { .. }
            | Operator::Loop { .. }
            | Operator::If { .. }
            | Operator::Else
            | Operator::End
            | Operator::Br { .. }
            | Operator::BrIf { .. }
            | Operator::BrTable { .. }
            | Operator::BrOnNull { .. }
            | Operator::BrOnNonNull { .. }
            | Operator::BrOnCast { .. }
            | Operator::BrOnCastFail { .. }
            | Operator::Return
            | Operator::Unreachable
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
            | Operator::CallRef { .. }
            | Operator::ReturnCall { .. }
            | Operator::ReturnCallIndirect { .. }
            | Operator::ReturnCallRef { .. }
            | Operator::Try { .. }
            | Operator::TryTable { .. }
            | Operator::Catch { .. }
            | Operator::CatchAll
            | Operator::Delegate { .. }
            | Operator::Throw { .. }
            | Operator::ThrowRef
            | Operator::Rethrow { .. }
    )
}

/// One defined function of an instrumented module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionInfo {
    /// Index in the module's function index space (imports first).
    pub index: u32,
    /// From the `name` section, else `func[<index>]`.
    pub name: String,
}

/// A module rewritten to count instructions per function.
#[derive(Clone, Debug)]
pub struct Instrumented {
    pub bytes: Vec<u8>,
    /// The defined functions, in order: the `i`-th has the counters
    /// [`self_export`]`(i)` and [`calls_export`]`(i)`.
    pub functions: Vec<FunctionInfo>,
    /// The module had a `name` section naming functions.
    pub has_names: bool,
}

/// What [`instrument`] learns about the module before rewriting it.
struct Survey {
    imported_functions: u32,
    /// Imported plus defined globals: the first counter's index.
    globals: u32,
    defined_functions: u32,
    names: HashMap<u32, String>,
}

fn survey(module: &[u8]) -> Result<Survey, String> {
    let mut s = Survey { imported_functions: 0, globals: 0, defined_functions: 0, names: HashMap::new() };
    for payload in Parser::new(0).parse_all(module) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(reader) => {
                for import in reader.into_imports() {
                    match import.map_err(|e| e.to_string())?.ty {
                        TypeRef::Func(_) | TypeRef::FuncExact(_) => s.imported_functions += 1,
                        TypeRef::Global(_) => s.globals += 1,
                        _ => {}
                    }
                }
            }
            Payload::GlobalSection(reader) => s.globals += reader.count(),
            Payload::FunctionSection(reader) => s.defined_functions = reader.count(),
            Payload::CustomSection(section) => {
                if let KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        // A malformed name section only costs the names.
                        let Ok(Name::Function(map)) = name else { continue };
                        for naming in map.into_iter().flatten() {
                            // Rust symbols, demangled without their hash.
                            let name = format!("{:#}", rustc_demangle::demangle(naming.name));
                            s.names.insert(naming.index, name);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(s)
}

/// Order of the non-custom sections in a module.
fn section_rank(id: SectionId) -> u32 {
    match id {
        SectionId::Custom => 0,
        SectionId::Type => 1,
        SectionId::Import => 2,
        SectionId::Function => 3,
        SectionId::Table => 4,
        SectionId::Memory => 5,
        SectionId::Tag => 6,
        SectionId::Global => 7,
        SectionId::Export => 8,
        SectionId::Start => 9,
        SectionId::Element => 10,
        SectionId::DataCount => 11,
        SectionId::Code => 12,
        SectionId::Data => 13,
    }
}

struct Instrumenter {
    /// Index of the first counter global.
    first_counter: u32,
    defined_functions: u32,
    /// Defined functions rewritten so far.
    next_function: u32,
    globals_added: bool,
    exports_added: bool,
}

impl Instrumenter {
    fn self_global(&self, i: u32) -> u32 {
        self.first_counter + 2 * i
    }

    fn calls_global(&self, i: u32) -> u32 {
        self.first_counter + 2 * i + 1
    }

    fn add_globals(&mut self, globals: &mut GlobalSection) {
        let ty = GlobalType { val_type: ValType::I64, mutable: true, shared: false };
        for _ in 0..2 * self.defined_functions {
            globals.global(ty, &ConstExpr::i64_const(0));
        }
        self.globals_added = true;
    }

    fn add_exports(&mut self, exports: &mut ExportSection) {
        for i in 0..self.defined_functions {
            exports.export(&self_export(i as usize), ExportKind::Global, self.self_global(i));
            exports.export(&calls_export(i as usize), ExportKind::Global, self.calls_global(i));
        }
        self.exports_added = true;
    }
}

fn add_to_counter(f: &mut wasm_encoder::Function, global: u32, amount: u64) {
    f.instructions().global_get(global).i64_const(amount as i64).i64_add().global_set(global);
}

impl Reencode for Instrumenter {
    type Error = String;

    fn parse_global_section(
        &mut self,
        globals: &mut GlobalSection,
        section: wasmparser::GlobalSectionReader<'_>,
    ) -> Result<(), reencode::Error<String>> {
        reencode::utils::parse_global_section(self, globals, section)?;
        self.add_globals(globals);
        Ok(())
    }

    fn parse_export_section(
        &mut self,
        exports: &mut ExportSection,
        section: wasmparser::ExportSectionReader<'_>,
    ) -> Result<(), reencode::Error<String>> {
        reencode::utils::parse_export_section(self, exports, section)?;
        self.add_exports(exports);
        Ok(())
    }

    /// A module without a global or export section gets one, in its place.
    fn intersperse_section_hook(
        &mut self,
        module: &mut wasm_encoder::Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), reencode::Error<String>> {
        let past = |id: SectionId| before.is_none_or(|b| section_rank(b) > section_rank(id));
        if !self.globals_added && past(SectionId::Global) {
            let mut globals = GlobalSection::new();
            self.add_globals(&mut globals);
            module.section(&globals);
        }
        if !self.exports_added && past(SectionId::Export) {
            let mut exports = ExportSection::new();
            self.add_exports(&mut exports);
            module.section(&exports);
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut CodeSection,
        body: wasmparser::FunctionBody<'_>,
    ) -> Result<(), reencode::Error<String>> {
        let i = self.next_function;
        self.next_function += 1;
        let (self_global, calls_global) = (self.self_global(i), self.calls_global(i));
        let mut f = self.new_function_with_parsed_locals(&body)?;
        let mut reader = body.get_operators_reader()?;
        let mut ops = Vec::new();
        while !reader.eof() {
            ops.push(reader.read()?);
        }
        add_to_counter(&mut f, calls_global, 1);
        // wasmtime charges 1 on every function entry.
        let mut pending = 1;
        let mut start = 0;
        while start < ops.len() {
            let end = ops[start..].iter().position(ends_segment).map_or(ops.len(), |p| start + p + 1);
            let cost = pending + ops[start..end].iter().map(operator_cost).sum::<u64>();
            pending = 0;
            if cost > 0 {
                add_to_counter(&mut f, self_global, cost);
            }
            for op in &ops[start..end] {
                f.instruction(&self.instruction(op.clone())?);
            }
            start = end;
        }
        code.function(&f);
        Ok(())
    }
}

/// Rewrites `module` to count, per defined function, its self instructions
/// and its calls (see the [module docs](self)).
pub fn instrument(module: &[u8]) -> Result<Instrumented, String> {
    let survey = survey(module)?;
    let mut instrumenter = Instrumenter {
        first_counter: survey.globals,
        defined_functions: survey.defined_functions,
        next_function: 0,
        globals_added: false,
        exports_added: false,
    };
    let mut out = wasm_encoder::Module::new();
    instrumenter.parse_core_module(&mut out, Parser::new(0), module).map_err(|e| format!("cannot instrument: {e}"))?;
    if instrumenter.next_function != survey.defined_functions {
        return Err(format!(
            "cannot instrument: {} function bodies for {} declared functions",
            instrumenter.next_function, survey.defined_functions
        ));
    }
    let functions = (0..survey.defined_functions)
        .map(|i| {
            let index = survey.imported_functions + i;
            let name = survey.names.get(&index).cloned().unwrap_or_else(|| format!("func[{index}]"));
            FunctionInfo { index, name }
        })
        .collect();
    Ok(Instrumented { bytes: out.finish(), functions, has_names: !survey.names.is_empty() })
}

/// One function's share of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionProfile {
    pub index: u32,
    pub name: String,
    /// Instructions the function executed itself (its entry and its own
    /// operators, calls included; not its callees').
    pub self_instructions: u64,
    pub calls: u64,
}

/// A run's instructions per function.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The uninstrumented run (the real instruction count and verdict).
    pub report: Report,
    /// Every defined function that ran, most self instructions first (ties
    /// by index).
    pub functions: Vec<FunctionProfile>,
    /// The sum of the `self` counters; equals `report.instructions` unless
    /// the run ran out of fuel or trapped mid-segment.
    pub total: u64,
    /// The instrumented run wrote the same stdout as the real one.
    pub same_output: bool,
    pub has_names: bool,
}

/// Profiles `export` of the module at `path` on `input`: runs the module as
/// is (for the count and verdict) and instrumented (for the split).
pub fn profile_module(path: &Path, export: &str, input: &[u8], options: &RunOptions) -> Result<Profile, RunError> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => RunError::ModuleNotFound(path.to_path_buf()),
        _ => RunError::Io { path: path.to_path_buf(), message: e.to_string() },
    })?;
    let report = Runner::from_bytes(path, &bytes, crate::Accounting::Shopify)?.run_with(export, input, options)?;
    let instrumented = instrument(&bytes).map_err(|message| RunError::Compile { path: path.to_path_buf(), message })?;
    let runner = Runner::from_bytes(path, &instrumented.bytes, crate::Accounting::Shopify)?;
    let names: Vec<String> =
        (0..instrumented.functions.len()).flat_map(|i| [self_export(i), calls_export(i)]).collect();
    // The counters cost fuel too: give the instrumented run plenty.
    let limit = crate::Limits::for_lines(options.lines.unwrap_or_else(|| crate::count_lines(input))).instructions;
    let fuel = report.instructions.saturating_add(limit).saturating_mul(16);
    let instrumented_options = RunOptions { fuel_cap: Some(fuel), ..*options };
    let (counted, values) = runner.run_reading_globals(export, input, &instrumented_options, &names)?;
    if let Verdict::Trap { message } | Verdict::LimitExceeded { trap: Some(message), .. } = &counted.verdict {
        if !report.verdict.is_failure() {
            return Err(RunError::Setup(format!("the instrumented module failed where the module did not: {message}")));
        }
    }
    let mut functions: Vec<FunctionProfile> = instrumented
        .functions
        .iter()
        .enumerate()
        .map(|(i, f)| FunctionProfile {
            index: f.index,
            name: f.name.clone(),
            self_instructions: values.get(2 * i).copied().unwrap_or(0) as u64,
            calls: values.get(2 * i + 1).copied().unwrap_or(0) as u64,
        })
        .filter(|f| f.calls > 0 || f.self_instructions > 0)
        .collect();
    functions.sort_by(|a, b| b.self_instructions.cmp(&a.self_instructions).then(a.index.cmp(&b.index)));
    let total = functions.iter().map(|f| f.self_instructions).sum();
    Ok(Profile {
        same_output: counted.stdout == report.stdout,
        report,
        functions,
        total,
        has_names: instrumented.has_names,
    })
}

/// The module with function names for `family`:
/// `<workspace>/target/wasm32-wasip1/function-names/checkout-guard-<family>.wasm`.
pub fn names_module_path(family: Family) -> PathBuf {
    workspace_root().join(NAMES_RELATIVE_DIR).join(module_file_name(family))
}

/// Builds `family`'s module with the `function-names` profile
/// ([`NAMES_BUILD_COMMAND`] for that one binary; cargo's output goes to
/// stderr) and returns its path.
pub fn build_names_module(family: Family) -> Result<PathBuf, RunError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let bin = format!("checkout-guard-{}", family.name());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args(["build", "--locked", "--profile", NAMES_PROFILE, "--target", "wasm32-wasip1", "--bin", &bin])
        // Where names_module_path looks, whatever CARGO_TARGET_DIR says.
        .arg("--target-dir")
        .arg(workspace_root().join("target"))
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| RunError::Setup(format!("cannot run cargo: {e}")))?;
    if !status.success() {
        return Err(RunError::Setup(format!("`{NAMES_BUILD_COMMAND} --bin {bin}` failed ({status})")));
    }
    Ok(names_module_path(family))
}

/// Profiles `family`'s module at `module` on the bench's generated input
/// ([`bench::input_for`]: `lines` lines, `config`, `seed`), limits scaled for
/// `lines`, as [`bench::measure`] runs it.
pub fn run(
    module: &Path,
    family: Family,
    export: &str,
    lines: usize,
    config: &serde_json::Value,
    seed: u64,
) -> Result<Profile, RunError> {
    let input = bench::input_for(family, lines, config, seed);
    let options = RunOptions { lines: Some(lines), ..RunOptions::default() };
    profile_module(module, export, input.as_bytes(), &options)
}

/// The profile as a text table: the first `top` functions (0: all).
pub fn table(profile: &Profile, top: usize) -> String {
    let mut out = String::new();
    let report = &profile.report;
    let _ = writeln!(
        out,
        "{} instructions ({}), {} functions ran; sum of self counts {} ({})",
        bench::thousands(report.instructions),
        report.verdict,
        profile.functions.len(),
        bench::thousands(profile.total),
        if profile.total == report.instructions { "matches the run" } else { "DIFFERS from the run" },
    );
    if !profile.has_names {
        let _ = writeln!(out, "(the module has no name section: build it with `{NAMES_BUILD_COMMAND}`)");
    }
    let _ = writeln!(out, "{:>13} {:>7} {:>7} {:>10}  function", "self instr", "%", "cum %", "calls");
    let mut cumulative = 0u64;
    let shown = if top == 0 { profile.functions.len() } else { top.min(profile.functions.len()) };
    for f in &profile.functions[..shown] {
        cumulative += f.self_instructions;
        let pct = |n: u64| if profile.total == 0 { 0.0 } else { n as f64 * 100.0 / profile.total as f64 };
        let _ = writeln!(
            out,
            "{:>13} {:>6.2}% {:>6.2}% {:>10}  {}",
            bench::thousands(f.self_instructions),
            pct(f.self_instructions),
            pct(cumulative),
            bench::thousands(f.calls),
            f.name
        );
    }
    if shown < profile.functions.len() {
        let _ = writeln!(out, "... {} more functions", profile.functions.len() - shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_follow_shopify() {
        assert_eq!(operator_cost(&Operator::Nop), 0);
        assert_eq!(operator_cost(&Operator::End), 0);
        assert_eq!(operator_cost(&Operator::I32Const { value: 1 }), 1);
        assert_eq!(operator_cost(&Operator::Call { function_index: 0 }), 1);
        assert!(ends_segment(&Operator::BrIf { relative_depth: 0 }));
        assert!(!ends_segment(&Operator::I32Add));
    }
}
