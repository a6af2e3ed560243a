//! Shopify's fixture format for function tests and run replays:
//! `{"payload": {"export": "run_limits", "target": "cart.validations.generate.run",
//! "input": {...}, "output": {...}}}`.

use crate::run::{Report, RunError, Runner, ValidationError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fixture file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fixture {
    pub payload: Payload,
}

/// The fixture's payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub export: String,
    #[serde(default)]
    pub target: Option<String>,
    pub input: Value,
    pub output: Value,
}

/// How a run's output is compared with the fixture's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compare {
    /// Equal as JSON values (what Shopify's fixtures promise).
    Exact,
    /// The same errors in the same order; `{"operations":[]}` and an empty
    /// `validationAdd` are the same "no errors" (the contract allows both).
    Errors,
}

/// The result of running one fixture.
#[derive(Clone, Debug)]
pub struct Checked {
    pub report: Report,
    pub expected: Value,
    /// The output matched under the comparison used.
    pub matches: bool,
}

impl Fixture {
    /// Reads and parses a fixture file.
    pub fn load(path: &Path) -> Result<Fixture, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: not a Shopify fixture: {e}", path.display()))
    }

    /// The input as Shopify would send it (compact JSON).
    pub fn input_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.payload.input).unwrap_or_default()
    }

    /// Runs the fixture's export on its input and compares the output.
    pub fn check(&self, runner: &Runner, compare: Compare) -> Result<Checked, RunError> {
        let report = runner.run(&self.payload.export, &self.input_bytes())?;
        let matches = match (&report.output, compare) {
            (Some(actual), Compare::Exact) => *actual == self.payload.output,
            (Some(actual), Compare::Errors) => {
                errors_of(actual).is_some() && errors_of(actual) == errors_of(&self.payload.output)
            }
            (None, _) => false,
        };
        Ok(Checked { report, expected: self.payload.output.clone(), matches })
    }
}

/// All errors of an output document in order; `None` when it is not one.
pub fn errors_of(output: &Value) -> Option<Vec<ValidationError>> {
    let mut errors = Vec::new();
    for op in output.get("operations")?.as_array()? {
        let list = op.get("validationAdd")?.get("errors")?.as_array()?;
        for e in list {
            errors.push(serde_json::from_value(e.clone()).ok()?);
        }
    }
    Some(errors)
}

/// The `*.json` files of `dir`, sorted; empty when the directory does not exist.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_file() && path.extension().is_some_and(|x| x == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_errors_forms_are_equivalent() {
        let a = serde_json::json!({"operations": []});
        let b = serde_json::json!({"operations": [{"validationAdd": {"errors": []}}]});
        assert_eq!(errors_of(&a), errors_of(&b));
        assert_eq!(errors_of(&serde_json::json!({"x": 1})), None);
    }
}
