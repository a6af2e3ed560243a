//! Where the workspace and the release modules are.
//!
//! Each family has its own module (`checkout-guard-limits.wasm`,
//! `checkout-guard-address.wasm`). [`module_path`] finds a family's module:
//!
//! 1. `$CHECKOUT_GUARD_WASM`: one module file used for every family (it must
//!    then export the family's function);
//! 2. `$CHECKOUT_GUARD_MODULES/checkout-guard-<family>.wasm`;
//! 3. `[extensions.build] path` of `extensions/<family>/shopify.extension.toml`,
//!    resolved against that folder;
//! 4. `<workspace root>/target/wasm32-wasip1/function/checkout-guard-<family>.wasm`
//!    (the workspace's own target dir, whatever `CARGO_TARGET_DIR` says).

use crate::family::Family;
use std::path::{Component, Path, PathBuf};

/// Environment variable naming one module file for every family.
pub const MODULE_ENV: &str = "CHECKOUT_GUARD_WASM";

/// Environment variable naming the directory holding both modules.
pub const MODULES_ENV: &str = "CHECKOUT_GUARD_MODULES";

/// Where cargo puts the modules, relative to the workspace root.
pub const MODULES_RELATIVE_DIR: &str = "target/wasm32-wasip1/function";

/// The command that builds the modules (run at the workspace root).
pub const BUILD_COMMAND: &str = "cargo build --profile function --target wasm32-wasip1";

/// The workspace root: the parent of this crate's directory.
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The module file name of a family: `checkout-guard-<family>.wasm`.
pub fn module_file_name(family: Family) -> String {
    format!("checkout-guard-{}.wasm", family.name())
}

/// The module of `family` (see the [module docs](self) for the order).
pub fn module_path(family: Family) -> PathBuf {
    module_path_in(&workspace_root(), family)
}

/// [`module_path`] for the workspace at `root`.
pub fn module_path_in(root: &Path, family: Family) -> PathBuf {
    if let Some(file) = std::env::var_os(MODULE_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(file);
    }
    if let Some(dir) = std::env::var_os(MODULES_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(dir).join(module_file_name(family));
    }
    let extension_dir = root.join("extensions").join(family.name());
    match crate::family::read_build_path(&extension_dir.join("shopify.extension.toml")) {
        Ok(Some(path)) => normalize(&extension_dir.join(path)),
        _ => root.join(MODULES_RELATIVE_DIR).join(module_file_name(family)),
    }
}

/// `a/b/../c` → `a/c`, lexically (no file-system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_paths_are_per_family() {
        if std::env::var_os(MODULE_ENV).is_some() || std::env::var_os(MODULES_ENV).is_some() {
            return;
        }
        let root = workspace_root();
        for family in Family::ALL {
            assert_eq!(module_path(family), root.join(MODULES_RELATIVE_DIR).join(module_file_name(family)));
        }
    }

    #[test]
    fn normalizes_parent_components() {
        assert_eq!(normalize(Path::new("/a/b/c/../../d.wasm")), PathBuf::from("/a/d.wasm"));
    }
}
