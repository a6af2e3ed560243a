//! Static checks for Checkout Guard's Shopify function queries and payloads.
//!
//! - [`GraphqlSchema`] loads a schema (ours, or Shopify's published one, whose
//!   redundant `scalar ID`-style definitions are tolerated);
//! - [`InputQuery`] parses and validates an input query against it, computes its
//!   static [`Cost`] and its size without comments, and checks a function input;
//! - [`validate_run_output`] checks a function output against
//!   `CartValidationsGenerateRunResult`;
//! - [`check_project_queries`] and [`check_project_fixtures`] run all of that over
//!   the repository (for tests and build scripts).

mod cost;
mod input;
mod output;
mod project;
mod scalar;
mod text;

pub use cost::{Cost, CostItem, FLAT_COST_FIELDS, METAFIELD_TYPE};
pub use output::RUN_TARGET_FIELD;
pub use project::{
    check_fixture, check_project_fixtures, check_project_queries, check_queries_against, function_for_export,
    project_input_files, FixtureReport, FunctionSpec, QueryReport, FUNCTIONS, REFERENCE_SCHEMA, RUN_TARGET,
};
pub use text::{api_version_header, bytes_without_comments, strip_comments, toml_top_level_string};

use apollo_compiler::ast;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// Shopify's cap on an input query's static cost.
pub const MAX_QUERY_COST: u32 = 30;
/// Shopify's cap on an input query's size, comments excluded.
pub const MAX_QUERY_BYTES: usize = 3_000;
/// The API version this project targets.
pub const API_VERSION: &str = "2026-04";

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding in a JSON document, at a JSONPath-like location (`$.cart.lines[0].q`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}: {}", self.path, self.message)
    }
}

/// Only the errors among `issues`.
pub fn errors(issues: &[Issue]) -> impl Iterator<Item = &Issue> {
    issues.iter().filter(|i| i.is_error())
}

#[derive(Default)]
pub(crate) struct Issues(pub(crate) Vec<Issue>);

impl Issues {
    pub(crate) fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, path.into(), message.into());
    }

    pub(crate) fn warning(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, path.into(), message.into());
    }

    fn push(&mut self, severity: Severity, path: String, message: String) {
        self.0.push(Issue { severity, path, message });
    }
}

const BUILT_IN_SCALARS: [&str; 5] = ["Int", "Float", "String", "Boolean", "ID"];

/// A parsed and validated schema, with its `# api_version:` header.
#[derive(Debug, Clone)]
pub struct GraphqlSchema {
    schema: Valid<Schema>,
    api_version: Option<String>,
}

impl GraphqlSchema {
    /// Parses and validates SDL. Plain redefinitions of the built-in scalars
    /// (`scalar ID`), which Shopify's published schemas carry, are dropped first.
    pub fn parse(sdl: &str, path: impl AsRef<Path>) -> Result<Self, String> {
        let mut doc =
            ast::Document::parse(sdl, path.as_ref()).map_err(|e| format!("schema does not parse:\n{}", e.errors))?;
        doc.definitions.retain(|d| match d {
            ast::Definition::ScalarTypeDefinition(s) => {
                !(BUILT_IN_SCALARS.contains(&s.name.as_str()) && s.directives.is_empty())
            }
            _ => true,
        });
        let schema = doc.to_schema_validate().map_err(|e| format!("schema is not valid:\n{}", e.errors))?;
        Ok(GraphqlSchema { schema, api_version: api_version_header(sdl).map(str::to_string) })
    }

    /// Reads and parses a schema file.
    pub fn load(path: &Path) -> Result<Self, String> {
        let sdl = read(path)?;
        Self::parse(&sdl, path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The version from the `# api_version: …` first line, if any.
    pub fn api_version(&self) -> Option<&str> {
        self.api_version.as_deref()
    }

    /// The underlying `apollo-compiler` schema.
    pub fn schema(&self) -> &Valid<Schema> {
        &self.schema
    }
}

/// An input query validated against a schema.
#[derive(Debug, Clone)]
pub struct InputQuery {
    doc: Valid<ExecutableDocument>,
    text: String,
    path: PathBuf,
}

impl InputQuery {
    /// Parses `text` and validates it against `schema`. The document must hold
    /// exactly one operation, a query.
    pub fn parse(schema: &GraphqlSchema, text: &str, path: impl AsRef<Path>) -> Result<Self, String> {
        let path = path.as_ref();
        let doc = ExecutableDocument::parse_and_validate(&schema.schema, text, path)
            .map_err(|e| format!("{}: query is not valid:\n{}", path.display(), e.errors))?;
        let op = doc.operations.get(None).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
        if !op.is_query() {
            return Err(format!("{}: the operation is not a query", path.display()));
        }
        Ok(InputQuery { doc, text: text.to_string(), path: path.to_path_buf() })
    }

    /// Reads a query file and validates it against `schema`.
    pub fn load(schema: &GraphqlSchema, path: &Path) -> Result<Self, String> {
        let text = read(path)?;
        Self::parse(schema, &text, path)
    }

    /// Static cost by Shopify's table (see [`Cost`]).
    pub fn cost(&self) -> Result<Cost, String> {
        cost::query_cost(&self.doc).map_err(|e| format!("{}: {e}", self.path.display()))
    }

    /// Size in bytes without comments, as Shopify measures it.
    pub fn bytes_without_comments(&self) -> usize {
        bytes_without_comments(&self.text)
    }

    /// Problems of a function input read as this query's response. Warnings
    /// (unknown enum values, missing nullable fields) do not make it invalid.
    pub fn validate_input(&self, schema: &GraphqlSchema, input: &Value) -> Vec<Issue> {
        input::validate_input(&schema.schema, &self.doc, input)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The underlying `apollo-compiler` document.
    pub fn document(&self) -> &Valid<ExecutableDocument> {
        &self.doc
    }
}

/// Problems of a function output read as the argument of mutation field `field`.
pub fn validate_output(schema: &GraphqlSchema, field: &str, output: &Value) -> Vec<Issue> {
    output::validate_output(&schema.schema, field, output)
}

/// Problems of a `cart.validations.generate.run` output
/// (`CartValidationsGenerateRunResult`).
pub fn validate_run_output(schema: &GraphqlSchema, output: &Value) -> Vec<Issue> {
    validate_output(schema, RUN_TARGET_FIELD, output)
}

pub(crate) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
