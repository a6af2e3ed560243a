//! Every `tests/fixtures/*.json` at the repository root, in Shopify's fixture
//! format, checked against its export's input query and the output type.

mod common;

use checkout_guard_querycheck::{check_fixture, check_project_fixtures, GraphqlSchema, InputQuery};
use serde_json::json;

#[test]
fn all_fixtures_match_query_and_schema() {
    let reports = check_project_fixtures(&common::root()).unwrap_or_else(|e| panic!("{e}"));
    let mut failed = Vec::new();
    for report in &reports {
        if !report.issues.is_empty() {
            println!("{report}");
        }
        if report.has_errors() {
            failed.push(report.to_string());
        }
    }
    println!("{} fixture(s) checked", reports.len());
    assert!(failed.is_empty(), "fixtures with errors:\n{}", failed.join("\n"));
}

#[test]
fn fixture_format_problems_are_reported() {
    let schema: GraphqlSchema = common::schema();
    let q = InputQuery::parse(&schema, "{ buyerJourney { step } }", "q.graphql").unwrap();
    let queries = [("run_limits", &q)];
    let good = json!({"payload": {"export": "run_limits", "target": "cart.validations.generate.run",
        "input": {"buyerJourney": {"step": null}}, "output": {"operations": []}}});
    assert!(check_fixture(&schema, &queries, &good).is_empty());

    let bad = json!({"payload": {"export": "run_other", "target": "purchase.validation.run",
        "input": {}, "output": {"errors": []}}});
    let issues = check_fixture(&schema, &queries, &bad);
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"$.payload.target"), "{issues:#?}");
    assert!(paths.contains(&"$.payload.export"), "{issues:#?}");
    assert!(paths.iter().any(|p| p.starts_with("$.payload.output")), "{issues:#?}");

    let bad_input = json!({"payload": {"export": "run_limits", "target": "cart.validations.generate.run",
        "input": {"buyerJourney": {}}, "output": {"operations": []}}});
    let issues = check_fixture(&schema, &queries, &bad_input);
    assert_eq!(issues.len(), 1, "{issues:#?}");
    // step is nullable: missing it warns.
    assert_eq!(issues[0].path, "$.payload.input.buyerJourney.step");
}
