//! Shared by the tests that need the release modules.

#![allow(dead_code)]

use checkout_guard_runner::paths::module_file_name;
use checkout_guard_runner::{
    module_path, wasm_opt, workspace_root, Family, Runner, BUILD_COMMAND, MODULES_ENV, MODULE_ENV,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// The release module of `family`; panics (fails the test) when it is not built.
pub fn module(family: Family) -> PathBuf {
    let path = module_path(family);
    assert!(
        path.is_file(),
        "the {family} module is not built: no {}\n  run `{BUILD_COMMAND}` at the workspace root ({}), \
         or point {MODULES_ENV} at a directory holding {}, or {MODULE_ENV} at one module",
        path.display(),
        workspace_root().display(),
        module_file_name(family),
    );
    warn_if_stale(&path);
    path
}

/// The shared, compiled runner for `family`'s release module.
pub fn runner(family: Family) -> Arc<Runner> {
    let path = module(family);
    Runner::cached(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// `family`'s release module after `wasm-opt -Oz`, what Shopify runs: made
/// once per test process under `target/wasm-opt/`. Fails the test, with the
/// install hint, when `wasm-opt` is missing (CI installs it).
pub fn optimized_module(family: Family) -> PathBuf {
    static DONE: std::sync::Mutex<Vec<(Family, PathBuf)>> = std::sync::Mutex::new(Vec::new());
    let mut done = DONE.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, path)) = done.iter().find(|(f, _)| *f == family) {
        return path.clone();
    }
    let module = module(family);
    let tool = wasm_opt::find().unwrap_or_else(|| panic!("{}", wasm_opt::INSTALL_HINT));
    let path = wasm_opt::optimized_module(&tool, &module).unwrap_or_else(|e| panic!("{e}"));
    done.push((family, path.clone()));
    path
}

/// The shared, compiled runner for `family`'s module after `wasm-opt -Oz`.
pub fn optimized_runner(family: Family) -> Arc<Runner> {
    Runner::cached(&optimized_module(family)).unwrap_or_else(|e| panic!("{e}"))
}

/// Warns (once per module) when a source file is newer than the module: the
/// figures would then be those of an older build.
fn warn_if_stale(module: &Path) {
    static WARNED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
    let mut warned = WARNED.lock().unwrap_or_else(|p| p.into_inner());
    if warned.iter().any(|w| w == module) {
        return;
    }
    warned.push(module.to_path_buf());
    let Ok(built) = std::fs::metadata(module).and_then(|m| m.modified()) else { return };
    let root = workspace_root();
    let mut newer = Vec::new();
    collect_newer(&root.join("src"), built, &mut newer);
    for file in ["Cargo.toml", "limits.graphql", "address.graphql"] {
        let path = root.join(file);
        if modified(&path).is_some_and(|m| m > built) {
            newer.push(path);
        }
    }
    if !newer.is_empty() {
        eprintln!(
            "warning: {} is older than {} source file(s) (e.g. {}): run `{BUILD_COMMAND}` for current figures",
            module.display(),
            newer.len(),
            newer[0].display()
        );
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn collect_newer(dir: &Path, than: SystemTime, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_newer(&path, than, out);
        } else if modified(&path).is_some_and(|m| m > than) {
            out.push(path);
        }
    }
}
