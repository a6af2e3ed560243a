//! `wasm-opt -Oz`, as `shopify app function build` runs it, to measure the
//! module Shopify would receive.
//!
//! [`optimized_module`] writes the optimized module under
//! `<workspace>/target/wasm-opt/`; `cg-run bench` and `tests/budget.rs`
//! measure instructions on that file, not on cargo's output.

use crate::paths::workspace_root;
use std::hash::{Hash, Hasher};
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
    optimize_with(wasm_opt, input, output, false)
}

/// [`optimize`]; with `keep_names`, also `-g`, which keeps the `name`
/// section (for the profiler) and, measured, changes no instruction count.
pub fn optimize_with(wasm_opt: &Path, input: &Path, output: &Path, keep_names: bool) -> Result<(), String> {
    let out = Command::new(wasm_opt)
        .arg("-Oz")
        .args(keep_names.then_some("-g"))
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

/// Where [`optimized_module`] puts the `-Oz` build of `module`:
/// `<workspace>/target/wasm-opt/<stem>-<hash of the module's path>.Oz.wasm`
/// (the hash keeps modules of the same name from different directories apart).
pub fn optimized_path(module: &Path) -> PathBuf {
    optimized_path_with(module, false)
}

/// [`optimized_path`]; `.Oz.g.wasm` for a build that keeps names.
fn optimized_path_with(module: &Path, keep_names: bool) -> PathBuf {
    let canonical = module.canonicalize().unwrap_or_else(|_| module.to_path_buf());
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut hasher);
    let stem = module.file_stem().map_or_else(|| "module".into(), |s| s.to_string_lossy());
    let suffix = if keep_names { "Oz.g" } else { "Oz" };
    workspace_root().join("target/wasm-opt").join(format!("{stem}-{:016x}.{suffix}.wasm", hasher.finish()))
}

/// Runs `wasm-opt -Oz` on `module` into [`optimized_path`] and returns that
/// path. The file is written under a temporary name and renamed, so a
/// concurrent process never reads a half-written module.
pub fn optimized_module(wasm_opt: &Path, module: &Path) -> Result<PathBuf, String> {
    optimized_module_with(wasm_opt, module, false)
}

/// [`optimized_module`]; with `keep_names`, `-Oz -g` (see [`optimize_with`]).
pub fn optimized_module_with(wasm_opt: &Path, module: &Path, keep_names: bool) -> Result<PathBuf, String> {
    if !module.is_file() {
        return Err(format!("no module at {}", module.display()));
    }
    let output = optimized_path_with(module, keep_names);
    let dir = output.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let partial = output.with_extension(format!("{}-{n}.partial", std::process::id()));
    let result = optimize_with(wasm_opt, module, &partial, keep_names)
        .and_then(|()| std::fs::rename(&partial, &output).map_err(|e| format!("{}: {e}", output.display())));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result.map(|()| output)
}
