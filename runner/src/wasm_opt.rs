//! `wasm-opt -Oz`, as `shopify app function build` runs it, to measure the
//! module Shopify would receive.

use crate::paths::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

/// How to get `wasm-opt` when it is missing.
pub const INSTALL_HINT: &str = "wasm-opt not found on PATH nor in <workspace>/node_modules/.bin: \
     install it with `npm install binaryen@123` at the workspace root \
     (the version the Shopify CLI uses), or put binaryen's wasm-opt on PATH";

/// The wasm features rustc's `wasm32-wasip1` target emits by default. The
/// release module is stripped of its `target_features` section, so
/// `wasm-opt` must be told (without them it rejects `memory.copy`).
pub const FEATURE_FLAGS: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// `wasm-opt` on PATH, else `<workspace root>/node_modules/.bin/wasm-opt`.
pub fn find() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|dir| dir.join("wasm-opt")).find(|candidate| candidate.is_file())
    });
    on_path.or_else(|| {
        let local = workspace_root().join("node_modules/.bin/wasm-opt");
        local.is_file().then_some(local)
    })
}

/// `wasm-opt --version`, trimmed.
pub fn version(wasm_opt: &Path) -> Result<String, String> {
    let out = Command::new(wasm_opt).arg("--version").output().map_err(|e| format!("{}: {e}", wasm_opt.display()))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs `wasm-opt -Oz` with [`FEATURE_FLAGS`] from `input` to `output`.
pub fn optimize(wasm_opt: &Path, input: &Path, output: &Path) -> Result<(), String> {
    let out = Command::new(wasm_opt)
        .arg("-Oz")
        .args(FEATURE_FLAGS)
        .arg(input)
        .arg("-o")
        .arg(output)
        .output()
        .map_err(|e| format!("{}: {e}", wasm_opt.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: String = stderr.chars().rev().take(2000).collect::<Vec<_>>().into_iter().rev().collect();
        Err(format!("wasm-opt failed ({}): {tail}", out.status))
    }
}

/// The module's size in bytes after `wasm-opt -Oz`.
pub fn optimized_size(wasm_opt: &Path, module: &Path) -> Result<u64, String> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let output = std::env::temp_dir().join(format!("cg-runner-{}-{n}.opt.wasm", std::process::id()));
    let result = optimize(wasm_opt, module, &output)
        .and_then(|()| std::fs::metadata(&output).map(|m| m.len()).map_err(|e| format!("{}: {e}", output.display())));
    let _ = std::fs::remove_file(&output);
    result
}
