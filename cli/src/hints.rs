//! Stable codes for the engine's config issues, and the one-line fix shown
//! with each: the engine's own [`Issue::hint`] when it has one, else a fix
//! written here for the issues whose fix is obvious from the issue itself.

use checkout_guard::config::Issue;
use checkout_guard::message::TemplateError;
use checkout_guard::rules::Kind;

/// A stable, machine-readable name for an issue (`--format json`'s `code`).
pub fn code(issue: &Issue) -> &'static str {
    match issue {
        Issue::ConfigMissing => "config_missing",
        Issue::WrongType { .. } => "wrong_type",
        Issue::MissingKey { .. } => "missing_key",
        Issue::UnknownKey { .. } => "unknown_key",
        Issue::KeyNotForKind { .. } => "key_not_for_kind",
        Issue::UnsupportedVersion { .. } => "unsupported_version",
        Issue::DuplicateId { .. } => "duplicate_id",
        Issue::UnknownKind { .. } => "unknown_kind",
        Issue::UnknownValue { .. } => "unknown_value",
        Issue::NoBound { .. } => "no_bound",
        Issue::MinAboveMax => "min_above_max",
        Issue::EitherNotBoth { .. } => "either_not_both",
        Issue::OneOfRequired { .. } => "one_of_required",
        Issue::EmptyList => "empty_list",
        Issue::PatternTooLong { .. } => "pattern_too_long",
        Issue::PatternInvalid { .. } => "pattern_invalid",
        Issue::PatternOversized => "pattern_oversized",
        Issue::PatternCompileBudget { .. } => "pattern_compile_budget",
        Issue::MessageLength { .. } => "message_length",
        Issue::Template(_) => "message_template",
        Issue::PlaceholderUnavailable { .. } => "placeholder_unavailable",
        Issue::TooManyTerms { .. } => "too_many_terms",
        Issue::TooManyRules { .. } => "too_many_rules",
        Issue::Misplaced { .. } => "misplaced",
        Issue::ConfigRejected => "config_rejected",
        Issue::Disabled => "disabled",
        Issue::NotListed { .. } => "not_listed",
    }
}

/// The fix to show: the engine's hint, else one derived from the issue.
pub fn hint(issue: &Issue) -> Option<String> {
    issue.hint().or_else(|| fallback(issue))
}

fn fallback(issue: &Issue) -> Option<String> {
    let hint = match issue {
        Issue::MissingKey { key } => format!("add \"{key}\""),
        Issue::UnknownKey { .. } => "remove it, or correct its spelling".to_string(),
        Issue::KeyNotForKind { key, kind } => format!("remove \"{key}\": {kind} rules do not use it"),
        Issue::UnsupportedVersion { .. } => "set \"version\": 1".to_string(),
        Issue::DuplicateId { .. } => "give each rule its own id".to_string(),
        Issue::UnknownKind { .. } => {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            format!("use one of {}", names.join(", "))
        }
        Issue::UnknownValue { expected, .. } => format!("use {expected}"),
        Issue::EitherNotBoth { a, b } => format!("remove \"{a}\" or \"{b}\""),
        Issue::EmptyList => "list at least one value, or remove the key".to_string(),
        Issue::PatternTooLong { .. } => "shorten the pattern to at most 256 characters".to_string(),
        Issue::PatternCompileBudget { .. } => {
            "reuse one pattern across rules (identical patterns compile once), or simplify the larger patterns"
                .to_string()
        }
        Issue::PatternOversized => {
            "use smaller counts ({1,30} rather than {1,300}) or fewer repeated groups; anchor with ^ and $".to_string()
        }
        Issue::MessageLength { chars: 0 } => "write the message text".to_string(),
        Issue::MessageLength { .. } => "shorten the message to at most 255 characters".to_string(),
        Issue::Template(TemplateError::UnknownPlaceholder(_)) => {
            "use {min}, {max}, {multipleOf}, {actual}, {product} or {field}; write {{ and }} for literal braces"
                .to_string()
        }
        Issue::PlaceholderUnavailable { name, .. } => format!("remove {{{name}}} from the message"),
        Issue::TooManyRules { .. } => "merge rules, or move some to another validation".to_string(),
        Issue::Disabled => "remove the rule, or set \"enabled\": true".to_string(),
        Issue::NotListed { .. } => "fix the problems listed, then lint again".to_string(),
        _ => return None,
    };
    Some(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_hints_come_first() {
        let typo = Issue::UnknownKey { key: "mx".into(), suggestion: Some("max") };
        assert_eq!(hint(&typo).as_deref(), Some("did you mean \"max\"?"));
        let other = Issue::UnknownKey { key: "colour".into(), suggestion: None };
        assert_eq!(hint(&other).as_deref(), Some("remove it, or correct its spelling"));
        assert_eq!(hint(&Issue::MinAboveMax).as_deref(), Some("swap min and max"));
        assert_eq!(code(&Issue::MinAboveMax), "min_above_max");
    }
}
