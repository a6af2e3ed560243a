//! The runner itself, on small hand-written modules (no release build
//! needed): instruction accounting, WASI I/O, determinism, limits, traps.

use checkout_guard_runner::{Accounting, LimitKind, RunError, RunOptions, Runner, Verdict, BUILD_COMMAND};
use std::path::Path;

const MODULE: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"operations\":[]}")
  (data (i32.const 64) "{\"operations\":[{\"validationAdd\":{\"errors\":[{\"message\":\"Too many\",\"target\":\"$.cart\"}]}}]}")

  ;; iovec at 0 (ptr, len), count at 8
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; 1 (function entry, as wasmtime charges every function) + 1 (i32.const)
  ;; + 4 (memory.copy and its operands) + 4 (memory.fill and its operands) = 10
  (func (export "count")
    nop nop
    i32.const 1 drop
    block end
    loop end
    i32.const 4096 i32.const 0 i32.const 100 memory.copy
    i32.const 8192 i32.const 7 i32.const 1000 memory.fill
    return)

  ;; 1 + 4 here, 1 + 6 + 5 in $write = 17; fd_write's own work is free
  (func (export "allow")
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))

  (func (export "reject")
    (call $write (i32.const 1) (i32.const 64) (i32.const 88)))

  (func (export "log1500")
    (memory.fill (i32.const 4096) (i32.const 97) (i32.const 1500))
    (call $write (i32.const 2) (i32.const 4096) (i32.const 1500))
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))

  (func (export "big_output")
    (memory.fill (i32.const 4096) (i32.const 97) (i32.const 25000))
    (call $write (i32.const 1) (i32.const 4096) (i32.const 25000)))

  ;; stdin back to stdout
  (func (export "echo")
    (i32.store (i32.const 0) (i32.const 4096))
    (i32.store (i32.const 4) (i32.const 60000))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $write (i32.const 1) (i32.const 4096) (i32.load (i32.const 8))))

  ;; the clocks and the random source are fixed
  (func (export "fixed_wall")
    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 200)))
    (if (i64.ne (i64.load (i32.const 200)) (i64.const 1767225600000000000)) (then unreachable))
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))
  (func (export "fixed_monotonic")
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 200)))
    (if (i64.ne (i64.load (i32.const 200)) (i64.const 0)) (then unreachable))
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))
  ;; 8 bytes of monotonic time, 8 random bytes
  (func (export "clock_raw")
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 200)))
    (drop (call $random (i32.const 208) (i32.const 8)))
    (call $write (i32.const 1) (i32.const 200) (i32.const 16)))

  (func (export "grow_small")
    (drop (memory.grow (i32.const 10)))
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))

  ;; refused: memory.grow gives -1 and the module carries on
  (func (export "grow_big")
    (if (i32.ne (memory.grow (i32.const 200)) (i32.const -1)) (then unreachable))
    (call $write (i32.const 1) (i32.const 16) (i32.const 17)))

  (func (export "spin") (loop $l (br $l)))
  (func (export "trap") unreachable)
  (func (export "exit3") (call $exit (i32.const 3)))
  (func (export "exit0")
    (call $write (i32.const 1) (i32.const 16) (i32.const 17))
    (call $exit (i32.const 0)))
  (func (export "not_json") (call $write (i32.const 1) (i32.const 17) (i32.const 5)))
  (func (export "with_param") (param i32))
)
"#;

fn runner(accounting: Accounting) -> Runner {
    let bytes = wat::parse_str(MODULE).unwrap();
    Runner::from_bytes(Path::new("accounting.wat"), &bytes, accounting).unwrap()
}

#[test]
fn operators_cost_one_except_the_free_eight_and_bulk_memory_is_flat() {
    let report = runner(Accounting::Shopify).run("count", b"{}").unwrap();
    assert_eq!(report.instructions, 10);
    // wasmtime's own defaults add 1 per byte copied or filled.
    let report = runner(Accounting::WasmtimeDefault).run("count", b"{}").unwrap();
    assert_eq!(report.instructions, 10 + 100 + 1000);
}

#[test]
fn host_calls_are_free_beyond_the_call() {
    let report = runner(Accounting::Shopify).run("allow", b"{}").unwrap();
    assert_eq!(report.instructions, 17);
    assert_eq!(report.verdict, Verdict::Allowed);
    assert_eq!(report.stdout, r#"{"operations":[]}"#);
    assert_eq!(report.output_bytes, 17);
    assert_eq!(report.exit_code(), 0);
    // Deterministic: the same module and input always give the same count.
    let again = runner(Accounting::Shopify).run("allow", b"{}").unwrap();
    assert_eq!(again.instructions, report.instructions);
}

#[test]
fn errors_are_a_rejection() {
    let report = runner(Accounting::Shopify).run("reject", b"{}").unwrap();
    assert_eq!(report.verdict, Verdict::Rejected);
    assert_eq!(report.exit_code(), 1);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].message, "Too many");
    assert_eq!(report.errors[0].target, "$.cart");
}

#[test]
fn stdin_reaches_the_module_and_sizes_are_measured() {
    let input = br#"{"operations":[{"validationAdd":{"errors":[]}}]}"#;
    let report = runner(Accounting::Shopify).run("echo", input).unwrap();
    assert_eq!(report.stdout.as_bytes(), input);
    assert_eq!(report.input_bytes, input.len() as u64);
    assert_eq!(report.output_bytes, input.len() as u64);
    assert_eq!(report.verdict, Verdict::Allowed);
}

#[test]
fn clocks_and_randomness_are_fixed() {
    let r = runner(Accounting::Shopify);
    for export in ["fixed_wall", "fixed_monotonic"] {
        let report = r.run(export, b"{}").unwrap();
        assert_eq!(report.verdict, Verdict::Allowed, "{export}: {:?}", report.failure_detail);
    }
    // Each run gets a fresh, fixed random source.
    let first = r.run("clock_raw", b"{}").unwrap().stdout;
    let second = runner(Accounting::Shopify).run("clock_raw", b"{}").unwrap().stdout;
    assert_eq!(first.len(), 16);
    assert_eq!(&first.as_bytes()[..8], &[0; 8]);
    assert_eq!(first, second);
}

#[test]
fn the_log_is_kept_whole_and_truncated_for_display() {
    let report = runner(Accounting::Shopify).run("log1500", b"{}").unwrap();
    assert_eq!(report.verdict, Verdict::Allowed);
    assert_eq!(report.log_bytes, 1500);
    assert_eq!(report.log.len(), 1500);
    assert!(report.log_truncated);
    assert_eq!(report.log_shown().len(), 1000);
    assert!(report.log_display().contains("truncated"));
}

#[test]
fn peak_memory_is_tracked_and_growth_past_the_limit_refused() {
    let r = runner(Accounting::Shopify);
    let report = r.run("grow_small", b"{}").unwrap();
    assert_eq!(report.peak_memory_bytes, 11 * 65536);
    assert_eq!(report.verdict, Verdict::Allowed);

    let report = r.run("grow_big", b"{}").unwrap();
    assert_eq!(report.peak_memory_bytes, 65536);
    assert_eq!(report.memory_refused_bytes, Some(201 * 65536));
    match &report.verdict {
        Verdict::LimitExceeded { exceeded, trap } => {
            assert_eq!(exceeded.len(), 1);
            assert_eq!(exceeded[0].limit, LimitKind::Memory);
            assert_eq!(exceeded[0].used, 201 * 65536);
            assert_eq!(exceeded[0].allowed, 10_000_000);
            assert!(trap.is_none());
        }
        other => panic!("expected a memory limit breach, got {other:?}"),
    }
    assert_eq!(report.exit_code(), 3);
}

#[test]
fn running_out_of_fuel_is_an_instruction_limit_breach() {
    let options = RunOptions { fuel_cap: Some(1_000_000), ..RunOptions::default() };
    let report = runner(Accounting::Shopify).run_with("spin", b"{}", &options).unwrap();
    assert!(report.fuel_exhausted);
    assert_eq!(report.instructions, 1_000_000);
    match &report.verdict {
        Verdict::LimitExceeded { exceeded, trap } => {
            assert_eq!(exceeded[0].limit, LimitKind::Instructions);
            assert!(trap.as_deref().unwrap_or("").contains("fuel"), "{trap:?}");
        }
        other => panic!("expected an instruction limit breach, got {other:?}"),
    }
}

#[test]
fn traps_and_exits() {
    let r = runner(Accounting::Shopify);
    let report = r.run("trap", b"{}").unwrap();
    match &report.verdict {
        Verdict::Trap { message } => assert!(message.contains("unreachable"), "{message}"),
        other => panic!("expected a trap, got {other:?}"),
    }
    assert_eq!(report.exit_code(), 2);
    assert!(report.failure_detail.is_some());

    let report = r.run("exit3", b"{}").unwrap();
    assert_eq!(report.exit_status, Some(3));
    assert!(matches!(&report.verdict, Verdict::Trap { message } if message.contains("status 3")));

    let report = r.run("exit0", b"{}").unwrap();
    assert_eq!(report.exit_status, Some(0));
    assert_eq!(report.verdict, Verdict::Allowed);

    let report = r.run("not_json", b"{}").unwrap();
    assert!(matches!(&report.verdict, Verdict::Trap { message } if message.starts_with("invalid output")));

    let report = r.run("count", b"{}").unwrap();
    assert!(matches!(&report.verdict, Verdict::Trap { message } if message.contains("flush")));
}

#[test]
fn limits_scale_with_lines_and_oversized_input_and_output_are_breaches() {
    let r = runner(Accounting::Shopify);
    let report = r.run_with_lines("allow", b"{}", 500).unwrap();
    assert_eq!(report.limits.instructions, 27_500_000);
    assert_eq!(report.limits.input_bytes, 320_000);
    assert_eq!(report.limits.output_bytes, 50_000);

    let lines: Vec<String> = (0..3).map(|_| "{}".to_string()).collect();
    let input = format!(r#"{{"cart":{{"lines":[{}]}}}}"#, lines.join(","));
    assert_eq!(r.run("allow", input.as_bytes()).unwrap().limits.lines, 3);

    let big = vec![b' '; 130_000];
    let report = r.run("allow", &big).unwrap();
    assert!(
        matches!(&report.verdict, Verdict::LimitExceeded { exceeded, .. } if exceeded[0].limit == LimitKind::InputBytes)
    );

    let report = r.run("big_output", b"{}").unwrap();
    assert_eq!(report.output_bytes, 25_000);
    assert!(
        matches!(&report.verdict, Verdict::LimitExceeded { exceeded, .. } if exceeded[0].limit == LimitKind::OutputBytes)
    );
}

#[test]
fn usage_errors() {
    let r = runner(Accounting::Shopify);
    assert!(matches!(r.run("nope", b"{}"), Err(RunError::Export { .. })));
    assert!(matches!(r.run("with_param", b"{}"), Err(RunError::Export { .. })));
    let missing = Runner::load(Path::new("/nonexistent/checkout-guard-limits.wasm")).unwrap_err();
    assert!(matches!(missing, RunError::ModuleNotFound(_)));
    assert!(missing.to_string().contains(BUILD_COMMAND), "{missing}");
    let invalid = Runner::from_bytes(Path::new("x.wasm"), b"not wasm", Accounting::Shopify).unwrap_err();
    assert!(matches!(invalid, RunError::Compile { .. }));
}

#[test]
fn imports_the_wasi_host_lacks_are_refused_by_name() {
    let wat = r#"(module
      (import "wasi_snapshot_preview1" "path_open" (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
      (import "env" "now" (func (result i64)))
      (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
      (func (export "run")))"#;
    let error =
        Runner::from_bytes(Path::new("x.wasm"), &wat::parse_str(wat).unwrap(), Accounting::Shopify).unwrap_err();
    assert!(matches!(error, RunError::Compile { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("wasi_snapshot_preview1::path_open") && message.contains("env::now"), "{message}");
    assert!(!message.contains("imports wasi_snapshot_preview1::fd_write"), "{message}");
}
