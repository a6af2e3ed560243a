//! The repository's layout: which extension runs which export with which query,
//! and the checks over all of them.

use crate::{
    read, toml_top_level_string, validate_run_output, Cost, GraphqlSchema, InputQuery, Issue, Issues, API_VERSION,
    MAX_QUERY_BYTES, MAX_QUERY_COST,
};
use serde_json::Value;
use std::fmt;
use std::path::{Path, PathBuf};

/// The only target both functions implement.
pub const RUN_TARGET: &str = "cart.validations.generate.run";

/// Shopify's published schema, relative to the repository root (it lives in
/// `shared/` beside the clone, not in the repository).
pub const REFERENCE_SCHEMA: &str = "../shared/reference/cart-checkout-validation-2026-04.graphql";

/// One function extension of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FunctionSpec {
    /// Folder under `extensions/`.
    pub extension: &'static str,
    /// `handle` in its TOML.
    pub handle: &'static str,
    /// The wasm export Shopify calls.
    pub export: &'static str,
    /// Input query, relative to the repository root.
    pub query: &'static str,
    /// The root crate's binary that builds this function's wasm module.
    pub bin: &'static str,
}

/// Both functions, in the order they are reported.
pub const FUNCTIONS: [FunctionSpec; 2] = [
    FunctionSpec {
        extension: "limits",
        handle: "checkout-guard-limits",
        export: "run_limits",
        query: "limits.graphql",
        bin: "checkout-guard-limits",
    },
    FunctionSpec {
        extension: "address",
        handle: "checkout-guard-address",
        export: "run_address",
        query: "address.graphql",
        bin: "checkout-guard-address",
    },
];

impl FunctionSpec {
    /// `extensions/<extension>/shopify.extension.toml` under `root`.
    pub fn toml_path(&self, root: &Path) -> PathBuf {
        root.join("extensions").join(self.extension).join("shopify.extension.toml")
    }
}

/// The function whose wasm export is `export`.
pub fn function_for_export(export: &str) -> Option<&'static FunctionSpec> {
    FUNCTIONS.iter().find(|f| f.export == export)
}

/// The files [`check_project_queries`] reads, for `cargo:rerun-if-changed`.
pub fn project_input_files(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("schema.graphql")];
    for f in &FUNCTIONS {
        files.push(root.join(f.query));
        files.push(f.toml_path(root));
    }
    files
}

/// What one input query costs and weighs.
#[derive(Debug, Clone)]
pub struct QueryReport {
    pub function: FunctionSpec,
    pub query_path: PathBuf,
    pub cost: Cost,
    /// Bytes without comments.
    pub bytes: usize,
}

impl fmt::Display for QueryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): cost {}/{}, {}/{} bytes without comments",
            self.function.query, self.function.export, self.cost.total, MAX_QUERY_COST, self.bytes, MAX_QUERY_BYTES
        )
    }
}

/// Validates both input queries against the schema at `schema_path` and checks
/// their cost and size. `Err` lists every problem found.
pub fn check_queries_against(schema_path: &Path, root: &Path) -> Result<Vec<QueryReport>, String> {
    let schema = GraphqlSchema::load(schema_path)?;
    let mut problems = Vec::new();
    let mut reports = Vec::new();
    for function in &FUNCTIONS {
        let query_path = root.join(function.query);
        let query = match InputQuery::load(&schema, &query_path) {
            Ok(q) => q,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let cost = match query.cost() {
            Ok(c) => c,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let bytes = query.bytes_without_comments();
        if cost.total > MAX_QUERY_COST {
            problems.push(format!(
                "{}: cost {} is over Shopify's limit of {MAX_QUERY_COST}:\n{cost}",
                query_path.display(),
                cost.total
            ));
        }
        if bytes > MAX_QUERY_BYTES {
            problems.push(format!(
                "{}: {bytes} bytes without comments, over Shopify's limit of {MAX_QUERY_BYTES}",
                query_path.display()
            ));
        }
        reports.push(QueryReport { function: *function, query_path, cost, bytes });
    }
    if problems.is_empty() {
        Ok(reports)
    } else {
        Err(problems.join("\n"))
    }
}

/// The project's own check, cheap enough for a build script: `schema.graphql`
/// at `root` is valid and declares `# api_version: 2026-04`, each extension TOML
/// has the same `api_version`, and both input queries validate against the
/// schema within Shopify's cost and size limits. `Err` lists every problem.
pub fn check_project_queries(root: &Path) -> Result<Vec<QueryReport>, String> {
    let schema_path = root.join("schema.graphql");
    let mut problems = Vec::new();

    match read(&schema_path) {
        Ok(sdl) => {
            match crate::api_version_header(&sdl) {
                Some(v) if v == API_VERSION => {}
                Some(v) => problems
                    .push(format!("{}: api_version header is {v}, expected {API_VERSION}", schema_path.display())),
                None => problems
                    .push(format!("{}: first line must be `# api_version: {API_VERSION}`", schema_path.display())),
            }
        }
        Err(e) => problems.push(e),
    }
    for function in &FUNCTIONS {
        let toml_path = function.toml_path(root);
        match read(&toml_path) {
            Ok(toml) => match toml_top_level_string(&toml, "api_version") {
                Some(v) if v == API_VERSION => {}
                Some(v) => problems.push(format!(
                    "{}: api_version is {v}, but schema.graphql is for {API_VERSION}",
                    toml_path.display()
                )),
                None => problems.push(format!("{}: no top-level api_version", toml_path.display())),
            },
            Err(e) => problems.push(e),
        }
    }

    match check_queries_against(&schema_path, root) {
        Ok(reports) if problems.is_empty() => Ok(reports),
        Ok(_) => Err(problems.join("\n")),
        Err(e) => {
            problems.push(e);
            Err(problems.join("\n"))
        }
    }
}

/// The findings for one fixture file.
#[derive(Debug, Clone)]
pub struct FixtureReport {
    pub path: PathBuf,
    pub issues: Vec<Issue>,
}

impl FixtureReport {
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }
}

impl fmt::Display for FixtureReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}:", self.path.display())?;
        for issue in &self.issues {
            writeln!(f, "  {issue}")?;
        }
        Ok(())
    }
}

/// Checks one fixture in Shopify's format,
/// `{"payload": {"export", "target", "input", "output"}}`: the input against the
/// query of its export, the output against `CartValidationsGenerateRunResult`.
/// `queries` maps exports to their validated queries.
pub fn check_fixture(schema: &GraphqlSchema, queries: &[(&str, &InputQuery)], fixture: &Value) -> Vec<Issue> {
    let mut issues = Issues::default();
    let Some(payload) = fixture.get("payload").and_then(Value::as_object) else {
        issues.error("$", "expected an object with a `payload` object");
        return issues.0;
    };

    match payload.get("target").and_then(Value::as_str) {
        Some(RUN_TARGET) => {}
        Some(other) => issues.error("$.payload.target", format!("target `{other}`, expected `{RUN_TARGET}`")),
        None => issues.error("$.payload.target", "missing or not a string"),
    }

    let query = match payload.get("export").and_then(Value::as_str) {
        Some(export) => match queries.iter().find(|(e, _)| *e == export) {
            Some((_, q)) => Some(*q),
            None => {
                let known: Vec<&str> = queries.iter().map(|(e, _)| *e).collect();
                issues.error("$.payload.export", format!("unknown export `{export}` (known: {})", known.join(", ")));
                None
            }
        },
        None => {
            issues.error("$.payload.export", "missing or not a string");
            None
        }
    };

    match (payload.get("input"), query) {
        (Some(input), Some(query)) => {
            for issue in query.validate_input(schema, input) {
                issues.0.push(rebase(issue, "$.payload.input"));
            }
        }
        (None, _) => issues.error("$.payload.input", "missing"),
        (Some(_), None) => {}
    }
    match payload.get("output") {
        Some(output) => {
            for issue in validate_run_output(schema, output) {
                issues.0.push(rebase(issue, "$.payload.output"));
            }
        }
        None => issues.error("$.payload.output", "missing"),
    }
    issues.0
}

fn rebase(mut issue: Issue, base: &str) -> Issue {
    issue.path = match issue.path.strip_prefix('$') {
        Some(rest) => format!("{base}{rest}"),
        None => format!("{base}.{}", issue.path),
    };
    issue
}

/// Checks every `tests/fixtures/*.json` under `root` against `schema.graphql` and
/// the query of its export. `Err` only when the schema or a query cannot be
/// loaded; no fixture directory means no reports.
pub fn check_project_fixtures(root: &Path) -> Result<Vec<FixtureReport>, String> {
    let schema = GraphqlSchema::load(&root.join("schema.graphql"))?;
    let mut loaded = Vec::new();
    for function in &FUNCTIONS {
        loaded.push((function.export, InputQuery::load(&schema, &root.join(function.query))?));
    }
    let queries: Vec<(&str, &InputQuery)> = loaded.iter().map(|(e, q)| (*e, q)).collect();

    let dir = root.join("tests").join("fixtures");
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?.path();
        if path.extension().is_some_and(|x| x == "json") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();

    let mut reports = Vec::new();
    for path in paths {
        let issues =
            match read(&path).and_then(|t| serde_json::from_str::<Value>(&t).map_err(|e| format!("not JSON: {e}"))) {
                Ok(fixture) => check_fixture(&schema, &queries, &fixture),
                Err(e) => vec![Issue { severity: crate::Severity::Error, path: "$".to_string(), message: e }],
            };
        reports.push(FixtureReport { path, issues });
    }
    Ok(reports)
}
