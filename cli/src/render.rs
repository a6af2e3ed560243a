//! Human output: one line per problem, one block per function.

use crate::exec::{FunctionRun, RunReport};
use crate::lint::{thousands, Finding, Report, Summary};
use crate::split;
use crate::style::Paint;
use checkout_guard::Family;

/// `error: rules[0].mx (rule "max-5"): unknown key "mx"; hint: did you mean "max"?`
pub fn finding(paint: &Paint, severity: &str, f: &Finding) -> String {
    let label = match severity {
        "error" => paint.error("error"),
        "note" => paint.dim("note"),
        _ => paint.warning("warning"),
    };
    let rule = f.rule_id.as_ref().map(|id| format!(" (rule \"{id}\")")).unwrap_or_default();
    let hint = f.hint.as_ref().map(|h| format!("; {} {h}", paint.dim("hint:"))).unwrap_or_default();
    format!("{label}: {}{rule}: {}{hint}\n", paint.strong(&f.path), f.message)
}

pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Every finding, then a closing line.
pub fn lint(paint: &Paint, name: &str, report: &Report, summary: Option<&Summary>) -> String {
    let mut out = String::new();
    for f in &report.errors {
        out.push_str(&finding(paint, "error", f));
    }
    for f in &report.warnings {
        out.push_str(&finding(paint, "warning", f));
    }
    for f in &report.notes {
        out.push_str(&finding(paint, "note", f));
    }
    let rules = summary
        .filter(|s| s.rules > 0)
        .map(|s| format!("{} (order limits: {}, address rules: {})", count(s.rules, "rule"), s.limits, s.address))
        .unwrap_or_else(|| "no rules".to_string());
    let notes = match report.notes.len() {
        0 => String::new(),
        n => format!(" ({})", count(n, "note")),
    };
    if report.errors.is_empty() && report.warnings.is_empty() {
        out.push_str(&format!("{name}: {}, {rules}{notes}\n", paint.good("ok")));
    } else {
        let problems = match (report.errors.len(), report.warnings.len()) {
            (0, w) => paint.warning(&count(w, "warning")),
            (e, 0) => paint.error(&count(e, "error")),
            (e, w) => format!("{}, {}", paint.error(&count(e, "error")), paint.warning(&count(w, "warning"))),
        };
        out.push_str(&format!("{name}: {problems}; {rules}{notes}\n"));
    }
    out
}

fn percent(p: f64) -> String {
    if p > 0.0 && p < 0.01 {
        "<0.01%".to_string()
    } else {
        format!("{p:.2}%")
    }
}

fn family_of(name: &str) -> Family {
    if name == "address" {
        Family::Address
    } else {
        Family::Limits
    }
}

fn function(paint: &Paint, run: &FunctionRun) -> String {
    let family = family_of(run.family);
    let title = split::family_title(family);
    let mut out = String::new();
    if run.verdict == "not deployed" {
        out.push_str(&format!("{}: not deployed (the config has no {title})\n", paint.strong(title)));
        return out;
    }
    let verdict = match run.verdict {
        "allow" => paint.good("ALLOW"),
        "block" => paint.error("BLOCK"),
        _ => paint.error("FAILED"),
    };
    let rules = if run.rules.is_empty() { String::new() } else { format!(", {}", count(run.rules.len(), "rule")) };
    let module = match (&run.module, &run.export) {
        (Some(module), Some(export)) => {
            let file = std::path::Path::new(module).file_name().map(|f| f.to_string_lossy().into_owned());
            format!(", {} {export}", file.unwrap_or_else(|| module.clone()))
        }
        _ => ", native engine".to_string(),
    };
    out.push_str(&format!("{}: {verdict}{rules}{module}\n", paint.strong(title)));
    if let Some(failure) = &run.failure {
        out.push_str(&format!("  {} {failure}\n", paint.error("failure:")));
    }
    for e in &run.errors {
        out.push_str(&format!("  {} {}  {}\n", paint.error("error"), e.target, e.message));
    }
    for e in &run.monitored {
        out.push_str(&format!("  {} {}  {}\n", paint.warning("monitor, would block:"), e.target, e.message));
    }
    let figure = |u: &crate::exec::Figure| {
        format!("{} {} of {} ({})", u.limit, thousands(u.used), thousands(u.allowed), percent(u.percent))
    };
    // Instructions first, on a line of their own: the budget that matters most.
    let (instructions, others): (Vec<_>, Vec<_>) = run.usage.iter().partition(|u| u.limit == "instructions");
    for line in [instructions, others] {
        if !line.is_empty() {
            let figures: Vec<String> = line.into_iter().map(figure).collect();
            out.push_str(&format!("  {}\n", figures.join(" · ")));
        }
    }
    let log = if run.rules.is_empty() { run.log.clone() } else { crate::exec::translate_log(&run.log, &run.rules) };
    for line in log.lines() {
        out.push_str(&format!("  {} {line}\n", paint.dim("log:")));
    }
    out
}

/// Both functions, then the verdict.
pub fn run(paint: &Paint, report: &RunReport) -> String {
    let mut out = String::new();
    for f in &report.functions {
        out.push_str(&function(paint, f));
    }
    let result = match report.verdict {
        "allow" => format!("{}: checkout proceeds", paint.good("ALLOW")),
        "block" => {
            let by: Vec<&str> = report
                .functions
                .iter()
                .filter(|f| !f.errors.is_empty())
                .map(|f| split::family_title(family_of(f.family)))
                .collect();
            format!(
                "{}: checkout is blocked by {} ({})",
                paint.error("BLOCK"),
                count(report.errors.len(), "error"),
                by.join(", ")
            )
        }
        _ => format!(
            "{}: a function failed; on Shopify checkout proceeds unchecked (unless the validation blocks on failure)",
            paint.error("FAILED")
        ),
    };
    let monitored: usize = report.functions.iter().map(|f| f.monitored.len()).sum();
    let monitored = match monitored {
        0 => String::new(),
        n => format!("; monitored rules would have blocked with {} (not returned)", count(n, "error")),
    };
    out.push_str(&format!("result: {result}{monitored}\n"));
    out
}
