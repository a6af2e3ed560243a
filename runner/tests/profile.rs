//! The profiler (`checkout_guard_runner::profile`): per-function self
//! instructions that add up to the run's instruction count exactly, on a
//! hand-written module with known costs and on the real modules.

mod common;

use checkout_guard_runner::bench::{self, thousands};
use checkout_guard_runner::profile::{self, FunctionProfile, Profile};
use checkout_guard_runner::{export_for, workspace_root, Accounting, Family, RunOptions, Runner};
use std::path::Path;

/// Costs in Shopify's accounting (every operator 1 except `nop drop block
/// loop unreachable return else end`, plus 1 per function entry), worked out
/// by hand per straight-line segment.
const MODULE: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"operations\":[]}")

  ;; entry 1 + 3 = 4 per call
  (func $leaf (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add)

  ;; entry 1, then 8 per iteration (the br_if is paid whether taken or not):
  ;; 1 + 8n
  (func $count (param $n i32) (local $i i32)
    loop $l
      local.get $i
      i32.const 1
      i32.add
      local.set $i
      local.get $i
      local.get $n
      i32.lt_u
      br_if $l
    end)

  ;; entry 1 + 2 (local.get, br_if); taken (x != 0): + 1 (i32.const 20) = 4;
  ;; not taken: + 3 (i32.const, i32.const, i32.add; return free) = 6
  (func $early (param $x i32) (result i32)
    block $b
      local.get $x
      br_if $b
      i32.const 10
      i32.const 1
      i32.add
      return
    end
    i32.const 20)

  ;; entry 1 + 6 (two stores) + 5 (four consts and the call) = 12; drop free
  (func $out
    i32.const 0
    i32.const 16
    i32.store
    i32.const 4
    i32.const 17
    i32.store
    i32.const 1
    i32.const 0
    i32.const 1
    i32.const 8
    call $fd_write
    drop)

  ;; entry 1 + 2 | 2 | 3 (drop free; const, eqz, if) | 2 (then) | 2 | 2 | 1 (the call to $out) = 15
  (func $run (export "run")
    i32.const 5
    call $count
    i32.const 7
    call $leaf
    drop
    i32.const 0
    i32.eqz
    if
      i32.const 3
      call $count
    else
      i32.const 4
      call $count
    end
    i32.const 0
    call $early
    i32.const 1
    call $early
    drop
    drop
    call $out)

  ;; never called
  (func $unused nop)
)
"#;

fn by_name<'a>(profile: &'a Profile, name: &str) -> Option<&'a FunctionProfile> {
    profile.functions.iter().find(|f| f.name == name)
}

#[test]
fn known_costs_per_function() {
    let dir = workspace_root().join("target/profile-test");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("known-costs.wasm");
    std::fs::write(&path, wat::parse_str(MODULE).unwrap()).unwrap();

    let plain = Runner::load(&path).unwrap().run("run", b"{}").unwrap();
    let profile = profile::profile_module(&path, "run", b"{}", &RunOptions::default()).unwrap();
    eprint!("{}", profile::table(&profile, 0));

    // The hand count: run 15, count (1 + 40) + (1 + 24), leaf 4, early 6 + 4, out 12.
    let expected = [("run", 15, 1), ("count", 66, 2), ("leaf", 4, 1), ("early", 10, 2), ("out", 12, 1)];
    for (name, instructions, calls) in expected {
        let f = by_name(&profile, name).unwrap_or_else(|| panic!("no {name} in {:?}", profile.functions));
        assert_eq!((f.self_instructions, f.calls), (instructions, calls), "{name}");
    }
    assert!(by_name(&profile, "unused").is_none(), "functions that never ran are left out");
    assert_eq!(profile.functions.len(), 5);
    assert_eq!(plain.instructions, 15 + 66 + 4 + 10 + 12, "the hand count is wasmtime's fuel");
    assert_eq!(profile.total, plain.instructions);
    assert_eq!(profile.report.instructions, plain.instructions);
    assert!(profile.same_output);
    assert!(profile.has_names);
    // Most self instructions first.
    assert_eq!(profile.functions[0].name, "count");
}

#[test]
fn instrumenting_keeps_the_module_valid_and_adds_two_counters_per_function() {
    let bytes = wat::parse_str(MODULE).unwrap();
    let instrumented = profile::instrument(&bytes).unwrap();
    assert_eq!(instrumented.functions.len(), 6);
    assert_eq!(instrumented.functions[0].index, 1, "after the one imported function");
    let runner = Runner::from_bytes(Path::new("instrumented.wasm"), &instrumented.bytes, Accounting::Shopify).unwrap();
    assert!(runner.exports().contains(&"run".to_string()));
    // A module without globals or exports of its own still gets its counters.
    let bare = wat::parse_str("(module (func i32.const 1 drop) (start 0))").unwrap();
    let instrumented = profile::instrument(&bare).unwrap();
    Runner::from_bytes(Path::new("bare.wasm"), &instrumented.bytes, Accounting::Shopify).unwrap();
    assert!(!instrumented.has_names);
}

fn check_real(family: Family, lines: usize) {
    let module = common::module(family);
    let export = export_for(&workspace_root(), family);
    let config = bench::budget_config();
    let profile = profile::run(&module, family, &export, lines, &config, bench::SEED).unwrap_or_else(|e| panic!("{e}"));
    // The same input, uninstrumented, as the bench measures it.
    let plain = bench::measure(&common::runner(family), family, &export, lines, &config, bench::SEED).unwrap();
    eprintln!(
        "profile {family} {lines} lines: {} functions ran, sum of self {} = run {}",
        profile.functions.len(),
        thousands(profile.total),
        thousands(plain.instructions)
    );
    assert!(!plain.verdict.is_failure(), "{}", plain.verdict);
    assert_eq!(profile.total, plain.instructions, "{family} at {lines} lines");
    assert_eq!(profile.report.instructions, plain.instructions);
    assert!(profile.same_output, "the instrumented module wrote another output");
    assert!(profile.functions.iter().all(|f| f.calls > 0), "every function that ran was entered");
}

#[test]
fn real_limits_module_self_counts_add_up_to_the_run() {
    check_real(Family::Limits, 50);
}

#[test]
fn real_address_module_self_counts_add_up_to_the_run() {
    check_real(Family::Address, 1);
}
