//! Bytes → `run_limits` and `run_address`, as the function modules run them:
//! no panic, the same outcome twice, output valid JSON of the result shape
//! within 20,000 bytes, log within 1,000 bytes.

#![no_main]

use checkout_guard::json::Json;
use checkout_guard::output::{MAX_LOG_BYTES, MAX_OUTPUT_BYTES};
use checkout_guard::{run_address, run_limits, Outcome};
use libfuzzer_sys::fuzz_target;

fn check(outcome: &Outcome, again: &Outcome) {
    assert_eq!(outcome, again, "the same input gave two outcomes");
    assert!(outcome.output.len() <= MAX_OUTPUT_BYTES, "output of {} bytes", outcome.output.len());
    assert!(outcome.log.len() <= MAX_LOG_BYTES, "log of {} bytes", outcome.log.len());
    let output = Json::parse(&outcome.output).expect("the output is JSON");
    let operations = match output.get("operations") {
        Some(Json::Array(operations)) => operations,
        _ => panic!("no operations list: {}", outcome.output),
    };
    assert!(output.as_object().is_some_and(|o| o.len() == 1), "{}", outcome.output);
    assert!(operations.len() <= 1, "{}", outcome.output);
    for operation in operations {
        let Some(Json::Array(errors)) = operation.get("validationAdd").and_then(|a| a.get("errors")) else {
            panic!("not a validationAdd: {}", outcome.output);
        };
        for error in errors {
            let fields = error.as_object().expect("an error is an object");
            assert_eq!(fields.len(), 2, "{}", outcome.output);
            assert!(error.get("message").and_then(Json::as_str).is_some(), "{}", outcome.output);
            let target = error.get("target").and_then(Json::as_str).expect("a target");
            assert!(target.starts_with("$.cart"), "{target}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check(&run_limits(data), &run_limits(data));
    check(&run_address(data), &run_address(data));
});
