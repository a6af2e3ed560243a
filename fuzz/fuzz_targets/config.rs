//! Bytes → `Json::parse` → `config::compile` for every family: the config
//! checker must never panic, and every problem must render.

#![no_main]

use checkout_guard::config::{self, MAX_RULES};
use checkout_guard::json::Json;
use checkout_guard::Family;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(json) = Json::parse(text) else { return };
    for family in [None, Some(Family::Limits), Some(Family::Address)] {
        let compiled = config::compile(Some(&json), family);
        assert!(compiled.rules.len() <= MAX_RULES);
        for problem in &compiled.problems {
            let _ = problem.to_string();
            let _ = problem.issue.hint();
        }
    }
});
