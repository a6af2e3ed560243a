//! `cg-run`: run Checkout Guard's wasm modules as Shopify does.

use checkout_guard_runner::bench::{self, thousands, Measurement};
use checkout_guard_runner::fixture::{self, Compare, Fixture};
use checkout_guard_runner::gen::{self, Cart, Variables};
use checkout_guard_runner::paths::module_file_name;
use checkout_guard_runner::profile;
use checkout_guard_runner::{
    export_for, family_for_export, limits, module_path, wasm_opt, workspace_root, Accounting, Family, Report, RunError,
    Runner, Verdict,
};
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
cg-run: run Checkout Guard's wasm module as Shopify does

USAGE:
  cg-run [run] (--family limits|address | --export NAME) [OPTIONS] [INPUT]
      Run one input (a file, or stdin when INPUT is absent or -). INPUT may be
      a Shopify input JSON or a Shopify fixture ({\"payload\": {...}}: its
      export and input are used).
      --module PATH     the module (default: the family's module, see below)
      --modules DIR     take checkout-guard-<family>.wasm from DIR
      --family F        call the export named in extensions/F/shopify.extension.toml
                        (fallback run_limits / run_address)
      --export NAME     call this export
      --lines N         scale the limits for N cart lines (default: count cart.lines)
      --json            print the whole report as JSON
      --wasmtime-fuel   count fuel with wasmtime's own defaults (per-byte bulk
                        memory costs) instead of Shopify's accounting
  cg-run bench [--modules DIR] [--config FILE] [--sizes 1,50,200,500] [--seed N]
               [--no-compare] [--raw] [--json]
      Instruction budgets per family and cart size on generated carts (default
      config: runner/tests/data/budget-config.json), measured on the modules
      after wasm-opt -Oz as Shopify runs them (written to target/wasm-opt/;
      --raw: measure cargo's modules as built), and the module size raw and
      after wasm-opt -Oz (wasm-opt from PATH or <workspace>/node_modules/.bin;
      without it bench fails unless --raw).
  cg-run gen --family F [--lines N] [--config FILE | --budget-config]
             [--variables FILE] [--cart FILE] [--seed N]
      Print the input Shopify would send F's function: a generated cart of N
      lines (default 1), or the friendly cart in FILE. Variables default to
      those derived from the config.
  cg-run profile --family F [--lines N] [--top N] [--module PATH] [--no-build]
                 [--raw] [--config FILE] [--seed N]
      Where the instructions go: the bench's generated input (N lines,
      default 1; budget config unless --config) run through F's module
      instrumented per function; prints each function's self instructions,
      share and calls, most first (top 25; --top 0: all). Function names need
      the module built with the `function-names` profile: unless --module or
      --no-build is given, cg-run first runs
      `cargo build --profile function-names --target wasm32-wasip1 --bin
      checkout-guard-F` and takes
      target/wasm32-wasip1/function-names/checkout-guard-F.wasm. Like bench,
      it profiles that module after wasm-opt -Oz (with -g to keep the names;
      same counts as bench); --raw: cargo's module as built.
  cg-run fixture [--modules DIR] [--errors-only] FILE|DIR...
      Run Shopify fixtures and compare each output with payload.output (as
      JSON values; --errors-only: compare the error lists).

MODULES: a family's module is $CHECKOUT_GUARD_WASM (one file for every family),
else $CHECKOUT_GUARD_MODULES/checkout-guard-<family>.wasm, else the
[extensions.build] path of extensions/<family>/shopify.extension.toml, else
<workspace>/target/wasm32-wasip1/function/checkout-guard-<family>.wasm.

EXIT CODES (run): 0 allowed, 1 rejected (errors returned), 2 trap (or invalid
output), 3 limit exceeded, 4 usage or I/O error.
EXIT CODES (fixture): 0 all match, 1 a mismatch or failed run, 4 usage or I/O error.
";

/// `println!` that ignores a closed stdout (`cg-run ... | head`).
macro_rules! say {
    ($($arg:tt)*) => {
        emit(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// A usage or I/O problem: exit code 4.
struct Usage(String);

impl From<RunError> for Usage {
    fn from(e: RunError) -> Self {
        Usage(e.to_string())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("-h" | "--help" | "help") => {
            emit(USAGE);
            Ok(0)
        }
        Some("run") => cmd_run(&args[1..]),
        Some("bench") => cmd_bench(&args[1..]),
        Some("gen") => cmd_gen(&args[1..]),
        Some("fixture") => cmd_fixture(&args[1..]),
        Some("profile") => cmd_profile(&args[1..]),
        _ => cmd_run(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Usage(message)) => {
            eprintln!("cg-run: {message}");
            eprintln!("(cg-run --help for usage)");
            ExitCode::from(4)
        }
    }
}

/// Command-line options: `--flag`, `--key value`, and positionals.
struct Args {
    flags: Vec<String>,
    values: Vec<(String, String)>,
    positional: Vec<String>,
}

impl Args {
    fn parse(args: &[String], with_value: &[&str], flags: &[&str]) -> Result<Args, Usage> {
        let mut out = Args { flags: Vec::new(), values: Vec::new(), positional: Vec::new() };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            if let Some((key, value)) = arg.split_once('=').filter(|(k, _)| with_value.contains(k)) {
                out.values.push((key.to_string(), value.to_string()));
            } else if with_value.contains(&arg.as_str()) {
                let value = iter.next().ok_or_else(|| Usage(format!("{arg} needs a value")))?;
                out.values.push((arg.clone(), value.clone()));
            } else if flags.contains(&arg.as_str()) {
                out.flags.push(arg.clone());
            } else if arg.starts_with("--") {
                return Err(Usage(format!("unknown option {arg}")));
            } else {
                out.positional.push(arg.clone());
            }
        }
        Ok(out)
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, Usage> {
        self.value(name).map(|v| v.parse().map_err(|_| Usage(format!("{name}: not a number: {v}")))).transpose()
    }

    fn family(&self) -> Result<Option<Family>, Usage> {
        self.value("--family").map(|f| f.parse().map_err(Usage)).transpose()
    }

    /// `--modules DIR`: the family's module in DIR; else [`module_path`].
    fn module_for(&self, family: Family) -> PathBuf {
        match self.value("--modules") {
            Some(dir) => PathBuf::from(dir).join(module_file_name(family)),
            None => module_path(family),
        }
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, Usage> {
    std::fs::read(path).map_err(|e| Usage(format!("{path}: {e}")))
}

fn read_json(path: &str) -> Result<Value, Usage> {
    serde_json::from_slice(&read_file(path)?).map_err(|e| Usage(format!("{path}: not JSON: {e}")))
}

fn cmd_run(args: &[String]) -> Result<u8, Usage> {
    let args = Args::parse(args, &["--module", "--family", "--export", "--lines"], &["--json", "--wasmtime-fuel"])?;
    if args.positional.len() > 1 {
        return Err(Usage("at most one INPUT".to_string()));
    }
    let mut input = match args.positional.first().map(String::as_str) {
        None | Some("-") => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map_err(|e| Usage(format!("stdin: {e}")))?;
            buf
        }
        Some(path) => read_file(path)?,
    };
    let root = workspace_root();
    let mut family = args.family()?;
    let mut export = args.value("--export").map(str::to_string);
    if let Ok(fixture) = serde_json::from_slice::<Fixture>(&input) {
        input = fixture.input_bytes();
        export.get_or_insert(fixture.payload.export);
    }
    let export = match (export, family) {
        (Some(export), _) => export,
        (None, Some(f)) => export_for(&root, f),
        (None, None) => return Err(Usage("say which function: --family or --export".to_string())),
    };
    if family.is_none() {
        family = family_for_export(&root, &export);
    }
    let module = match (args.value("--module"), family) {
        (Some(path), _) => PathBuf::from(path),
        (None, Some(f)) => args.module_for(f),
        (None, None) => return Err(Usage(format!("no family has the export {export:?}: say --family or --module"))),
    };
    let accounting = if args.flag("--wasmtime-fuel") { Accounting::WasmtimeDefault } else { Accounting::Shopify };
    let runner = Runner::load_with(&module, accounting)?;
    let report = match args.number::<usize>("--lines")? {
        Some(lines) => runner.run_with_lines(&export, &input, lines)?,
        None => runner.run(&export, &input)?,
    };
    if args.flag("--json") {
        let text = serde_json::to_string_pretty(&report).map_err(|e| Usage(e.to_string()))?;
        say!("{text}");
    } else {
        print_report(&report);
    }
    Ok(report.exit_code() as u8)
}

fn print_report(report: &Report) {
    use std::fmt::Write as _;
    let mut out = String::new();
    let _ = writeln!(out, "module:  {}", report.module.display());
    let _ = writeln!(out, "export:  {} (limits for {} lines)", report.export, report.limits.lines);
    let _ = writeln!(out, "verdict: {}", report.verdict);
    if !report.errors.is_empty() {
        let _ = writeln!(out, "errors ({}):", report.errors.len());
        for e in &report.errors {
            let _ = writeln!(out, "  {}: {}", e.target, e.message);
        }
    }
    for u in &report.usage {
        let _ = writeln!(
            out,
            "{:<21} {:>13} / {:>13}  ({:.2}%)",
            u.limit.label(),
            thousands(u.used),
            thousands(u.allowed),
            u.percent
        );
    }
    if let Some(requested) = report.memory_refused_bytes {
        let _ = writeln!(out, "memory growth to {} bytes was refused", thousands(requested));
    }
    if report.log_truncated {
        let _ = writeln!(
            out,
            "log: {} bytes; Shopify shows the first {} (truncated)",
            thousands(report.log_bytes),
            thousands(limits::LOG_SHOWN_BYTES as u64)
        );
    } else {
        let _ = writeln!(out, "log: {} bytes", thousands(report.log_bytes));
    }
    if !report.log.is_empty() {
        let _ = writeln!(out, "--- log (as Shopify shows it) ---");
        let _ = writeln!(out, "{}", report.log_display());
    }
    if let Some(detail) = &report.failure_detail {
        let _ = writeln!(out, "--- trap ---\n{detail}");
    }
    let _ = writeln!(out, "--- output ({} bytes) ---", thousands(report.output_bytes));
    let _ = writeln!(out, "{}", report.stdout);
    emit(&out);
}

/// Writes to stdout, ignoring a closed pipe (`cg-run ... | head`).
fn emit(text: &str) {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

fn cmd_bench(args: &[String]) -> Result<u8, Usage> {
    let args =
        Args::parse(args, &["--modules", "--config", "--sizes", "--seed"], &["--json", "--no-compare", "--raw"])?;
    let config = match args.value("--config") {
        Some(path) => read_json(path)?,
        None => bench::budget_config(),
    };
    let sizes: Vec<usize> = match args.value("--sizes") {
        Some(list) => list
            .split(',')
            .map(|s| s.trim().parse().map_err(|_| Usage(format!("--sizes: not a number: {s}"))))
            .collect::<Result<_, _>>()?,
        None => bench::SIZES.to_vec(),
    };
    let seed = args.number::<u64>("--seed")?.unwrap_or(bench::SEED);
    let raw = args.flag("--raw");
    let root = workspace_root();
    let wasm_opt_tool = wasm_opt::find();
    let mut rows = Vec::new();
    let mut modules = Vec::new();
    for family in Family::ALL {
        let module = args.module_for(family);
        if !module.is_file() {
            return Err(RunError::ModuleNotFound(module).into());
        }
        // What Shopify runs: the module after wasm-opt -Oz (--raw: cargo's output).
        let optimized = match &wasm_opt_tool {
            Some(tool) => wasm_opt::optimized_module(tool, &module),
            None => Err(wasm_opt::INSTALL_HINT.to_string()),
        };
        let measured = match (&optimized, raw) {
            (_, true) => module.clone(),
            (Ok(path), false) => path.clone(),
            (Err(problem), false) => {
                return Err(Usage(format!("cannot measure the module after wasm-opt -Oz (or say --raw): {problem}")))
            }
        };
        let runner = Runner::load(&measured)?;
        let compare = if args.flag("--no-compare") {
            None
        } else {
            Some(Runner::load_with(&measured, Accounting::WasmtimeDefault)?)
        };
        let export = export_for(&root, family);
        for &lines in &sizes {
            let report = bench::measure(&runner, family, &export, lines, &config, seed)?;
            let wasmtime_default_fuel = match &compare {
                Some(c) => Some(bench::measure(c, family, &export, lines, &config, seed)?.instructions),
                None => None,
            };
            rows.push(Measurement { family, lines, report, wasmtime_default_fuel });
        }
        let raw_bytes = std::fs::metadata(&module).map(|m| m.len()).unwrap_or(0);
        let optimized_bytes = optimized.as_ref().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
        modules.push(serde_json::json!({
            "family": family.name(),
            "module": module,
            "measured": measured,
            "bytes": raw_bytes,
            "bytes_wasm_opt_oz": optimized_bytes.as_ref().ok(),
            "wasm_opt_problem": optimized.as_ref().err(),
        }));
    }
    let measured_note = if raw { "cargo's modules as built (--raw)" } else { "the modules after wasm-opt -Oz" };
    if args.flag("--json") {
        let json = serde_json::json!({
            "rules": config["rules"].as_array().map_or(0, Vec::len),
            "seed": seed,
            "wasm_opt": wasm_opt_tool.as_ref().map(|t| wasm_opt::version(t).unwrap_or_default()),
            "measured": if raw { "raw" } else { "wasm-opt -Oz" },
            "modules": modules,
            "measurements": rows,
        });
        let text = serde_json::to_string_pretty(&json).map_err(|e| Usage(e.to_string()))?;
        say!("{text}");
        return Ok(0);
    }
    say!("Checkout Guard budgets: {} rules, seed {seed}", config["rules"].as_array().map_or(0, Vec::len));
    say!("instructions = fuel with Shopify's accounting, measured on {measured_note}; limits scale above 200 lines\n");
    emit(&bench::table(&rows));
    let tool_note = match &wasm_opt_tool {
        Some(tool) => format!("{}, {}", wasm_opt::version(tool).unwrap_or_default(), tool.display()),
        None => wasm_opt::INSTALL_HINT.to_string(),
    };
    say!("module sizes (Shopify limit {} bytes; wasm-opt: {tool_note})", thousands(limits::MODULE_BYTES));
    for m in &modules {
        let optimized = match m["bytes_wasm_opt_oz"].as_u64() {
            Some(size) => format!("{} bytes ({:.1} KiB) after wasm-opt -Oz", thousands(size), size as f64 / 1024.0),
            None => format!("unknown after wasm-opt -Oz: {}", m["wasm_opt_problem"].as_str().unwrap_or("")),
        };
        say!(
            "  {:<8} {} bytes raw, {optimized}  ({})",
            m["family"].as_str().unwrap_or(""),
            thousands(m["bytes"].as_u64().unwrap_or(0)),
            m["module"].as_str().unwrap_or("")
        );
    }
    for r in &rows {
        if let Verdict::Trap { message } = &r.report.verdict {
            say!("note: {} at {} lines trapped: {message}", r.family, r.lines);
        }
    }
    Ok(0)
}

fn cmd_profile(args: &[String]) -> Result<u8, Usage> {
    let args = Args::parse(
        args,
        &["--family", "--lines", "--top", "--module", "--config", "--seed"],
        &["--no-build", "--raw"],
    )?;
    let family = args.family()?.ok_or_else(|| Usage("profile needs --family limits|address".to_string()))?;
    let lines = args.number::<usize>("--lines")?.unwrap_or(1);
    let top = args.number::<usize>("--top")?.unwrap_or(25);
    let seed = args.number::<u64>("--seed")?.unwrap_or(bench::SEED);
    let config = match args.value("--config") {
        Some(path) => read_json(path)?,
        None => bench::budget_config(),
    };
    let built = match args.value("--module") {
        Some(path) => PathBuf::from(path),
        None if args.flag("--no-build") => profile::names_module_path(family),
        None => profile::build_names_module(family)?,
    };
    if !built.is_file() {
        return Err(RunError::ModuleNotFound(built).into());
    }
    // As bench measures: after wasm-opt -Oz (with -g, which keeps the names
    // and changes no count), unless --raw.
    let module = if args.flag("--raw") {
        built
    } else {
        let tool = wasm_opt::find().ok_or_else(|| Usage(format!("{} (or say --raw)", wasm_opt::INSTALL_HINT)))?;
        wasm_opt::optimized_module_with(&tool, &built, true).map_err(Usage)?
    };
    let export = export_for(&workspace_root(), family);
    let result = profile::run(&module, family, &export, lines, &config, seed)?;
    say!("profile of {family} ({export}) at {lines} lines, seed {seed}: {}", module.display());
    emit(&profile::table(&result, top));
    Ok(if result.total == result.report.instructions { 0 } else { 1 })
}

fn cmd_gen(args: &[String]) -> Result<u8, Usage> {
    let args = Args::parse(
        args,
        &["--family", "--lines", "--config", "--variables", "--cart", "--seed"],
        &["--budget-config"],
    )?;
    let family = args.family()?.ok_or_else(|| Usage("gen needs --family limits|address".to_string()))?;
    let config = match args.value("--config") {
        Some(path) => Some(read_json(path)?),
        None if args.flag("--budget-config") => Some(bench::budget_config()),
        None => None,
    };
    let variables = match args.value("--variables") {
        Some(path) => {
            serde_json::from_value::<Variables>(read_json(path)?).map_err(|e| Usage(format!("{path}: {e}")))?
        }
        None => config.as_ref().map(Variables::from_config).unwrap_or_default(),
    };
    let cart = match args.value("--cart") {
        Some(path) => serde_json::from_value::<Cart>(read_json(path)?).map_err(|e| Usage(format!("{path}: {e}")))?,
        None => gen::generate_cart(
            args.number::<usize>("--lines")?.unwrap_or(1),
            &variables,
            args.number::<u64>("--seed")?.unwrap_or(bench::SEED),
        ),
    };
    say!("{}", gen::input_json(family, &cart, &variables, config.as_ref()));
    Ok(0)
}

fn cmd_fixture(args: &[String]) -> Result<u8, Usage> {
    let args = Args::parse(args, &["--modules"], &["--errors-only"])?;
    if args.positional.is_empty() {
        return Err(Usage("fixture needs FILE or DIR arguments".to_string()));
    }
    let mut files = Vec::new();
    for p in &args.positional {
        let path = PathBuf::from(p);
        if path.is_dir() {
            files.extend(fixture::list(&path).map_err(Usage)?);
        } else {
            files.push(path);
        }
    }
    let compare = if args.flag("--errors-only") { Compare::Errors } else { Compare::Exact };
    let root = workspace_root();
    let mut failed = 0usize;
    for path in &files {
        let fixture = Fixture::load(path).map_err(Usage)?;
        let export = &fixture.payload.export;
        let family = family_for_export(&root, export)
            .ok_or_else(|| Usage(format!("{}: no family has the export {export:?}", path.display())))?;
        let runner = Runner::cached(&args.module_for(family))?;
        let checked = fixture.check(&runner, compare)?;
        let report = &checked.report;
        if checked.matches && !report.verdict.is_failure() {
            say!("PASS {} ({} instructions)", path.display(), thousands(report.instructions));
        } else {
            failed += 1;
            say!("FAIL {}: {}", path.display(), report.verdict);
            if !checked.matches {
                say!("  expected: {}", checked.expected);
                say!("  actual:   {}", report.stdout);
            }
        }
    }
    say!("{} passed, {failed} failed", files.len() - failed);
    Ok(if failed == 0 { 0 } else { 1 })
}
