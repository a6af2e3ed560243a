//! The two validation families and the export each one calls.

use std::path::Path;

pub use checkout_guard::Family;

/// Serializes a family as its name (`"limits"`), for reports.
pub fn serialize_name<S: serde::Serializer>(family: &Family, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(family.name())
}

fn read_toml(toml_path: &Path) -> Result<toml::Table, String> {
    let text = std::fs::read_to_string(toml_path).map_err(|e| format!("{}: {e}", toml_path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{}: {e}", toml_path.display()))
}

fn first_extension_values(doc: &toml::Table) -> impl Iterator<Item = &toml::Value> {
    doc.get("extensions").and_then(|v| v.as_array()).into_iter().flatten()
}

/// The first `[[extensions.targeting]] export` in an extension TOML.
///
/// `Ok(None)` when the file parses but names no export; `Err` when it cannot
/// be read or parsed.
pub fn read_export(toml_path: &Path) -> Result<Option<String>, String> {
    let doc = read_toml(toml_path)?;
    let export = first_extension_values(&doc)
        .filter_map(|ext| ext.get("targeting").and_then(|t| t.as_array()))
        .flatten()
        .find_map(|t| t.get("export").and_then(|e| e.as_str()))
        .map(str::to_string);
    Ok(export)
}

/// The `[extensions.build] path` of an extension TOML (relative to the
/// extension's folder), if it names one.
pub fn read_build_path(toml_path: &Path) -> Result<Option<String>, String> {
    let doc = read_toml(toml_path)?;
    let path = first_extension_values(&doc).find_map(|ext| ext.get("build")?.get("path")?.as_str()).map(str::to_string);
    Ok(path)
}

/// The family whose export (per its extension TOML, else the default) is
/// `export`.
pub fn family_for_export(root: &Path, export: &str) -> Option<Family> {
    Family::ALL.into_iter().find(|f| export_for(root, *f) == export).or_else(|| Family::from_export(export))
}

/// The export for `family`, read from
/// `<root>/extensions/<family>/shopify.extension.toml`; falls back to
/// [`Family::default_export`] when the file is missing, unreadable or names
/// no export.
pub fn export_for(root: &Path, family: Family) -> String {
    let path = root.join("extensions").join(family.name()).join("shopify.extension.toml");
    match read_export(&path) {
        Ok(Some(export)) => export,
        _ => family.default_export().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_export_from_targeting() {
        let dir = std::env::temp_dir().join(format!("cg-runner-toml-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("extensions/limits")).unwrap();
        std::fs::write(
            dir.join("extensions/limits/shopify.extension.toml"),
            "api_version = \"2026-04\"\n\n[[extensions]]\nname = \"x\"\nhandle = \"x\"\ntype = \"function\"\n\n[[extensions.targeting]]\ntarget = \"cart.validations.generate.run\"\ninput_query = \"../../limits.graphql\"\nexport = \"my_limits\"\n\n[extensions.build]\npath = \"../../out/l.wasm\"\n",
        )
        .unwrap();
        assert_eq!(export_for(&dir, Family::Limits), "my_limits");
        assert_eq!(export_for(&dir, Family::Address), "run_address");
        assert_eq!(family_for_export(&dir, "my_limits"), Some(Family::Limits));
        assert_eq!(family_for_export(&dir, "run_address"), Some(Family::Address));
        assert_eq!(family_for_export(&dir, "nope"), None);
        assert_eq!(
            read_build_path(&dir.join("extensions/limits/shopify.extension.toml")).unwrap().as_deref(),
            Some("../../out/l.wasm")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn family_round_trips() {
        for f in Family::ALL {
            assert_eq!(f.name().parse::<Family>().unwrap(), f);
            assert_eq!(Family::from_export(f.default_export()), Some(f));
        }
    }
}
