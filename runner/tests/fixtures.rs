//! Shopify fixtures through the real release modules.
//!
//! * Every `tests/fixtures/*.json` at the workspace root: the output must
//!   equal `payload.output` as JSON values, and the run must neither trap nor
//!   go over a limit.
//! * The runner's own two fixtures (`runner/tests/data/fixtures`): no config,
//!   so no errors whichever "no errors" form the engine writes.
//!
//! Needs the modules: `cargo build --profile function --target wasm32-wasip1`.

mod common;

use checkout_guard_runner::fixture::{self, Compare, Fixture};
use checkout_guard_runner::{family_for_export, workspace_root, Family};
use std::path::{Path, PathBuf};

fn check_all(files: &[PathBuf], compare: Compare) -> Vec<String> {
    let root = workspace_root();
    let mut failures = Vec::new();
    for path in files {
        let fixture = Fixture::load(path).unwrap_or_else(|e| panic!("{e}"));
        let export = &fixture.payload.export;
        let family = family_for_export(&root, export)
            .unwrap_or_else(|| panic!("{}: no family exports {export:?}", path.display()));
        let runner = common::runner(family);
        let checked = fixture.check(&runner, compare).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let report = &checked.report;
        if report.verdict.is_failure() {
            failures.push(format!(
                "{}: {}\n  log: {}",
                path.display(),
                report.verdict,
                report.log_shown().replace('\n', "\n       ")
            ));
        } else if !checked.matches {
            failures.push(format!(
                "{}: output differs\n  expected: {}\n  actual:   {}",
                path.display(),
                checked.expected,
                report.stdout
            ));
        }
    }
    failures
}

fn assert_no_failures(failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{} of {total} fixtures failed through the wasm modules:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn workspace_fixtures_match_through_the_wasm_modules() {
    // Fail on a missing module even when there is nothing to run.
    for family in Family::ALL {
        common::module(family);
    }
    let dir = workspace_root().join("tests/fixtures");
    let files = fixture::list(&dir).unwrap();
    if files.is_empty() {
        assert!(std::env::var_os("CI").is_none(), "no fixtures in {} (CI is set)", dir.display());
        eprintln!("note: no fixtures in {} yet", dir.display());
        return;
    }
    let failures = check_all(&files, Compare::Exact);
    eprintln!("{} fixtures run through the wasm modules, {} failed", files.len(), failures.len());
    assert_no_failures(&failures, files.len());
}

#[test]
fn runner_own_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixtures");
    let files = fixture::list(&dir).unwrap();
    assert_eq!(files.len(), 2, "expected the runner's two fixtures in {}", dir.display());
    let failures = check_all(&files, Compare::Errors);
    assert_no_failures(&failures, files.len());
}
