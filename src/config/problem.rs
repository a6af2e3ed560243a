//! Config problems: plain data that renders its own one-line message.
//! Every message is written once, here.

use crate::message::TemplateError;
use std::fmt;

/// Which rule a problem belongs to: its index and, when it has a valid one, its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleRef {
    pub index: usize,
    pub id: Option<String>,
}

/// One thing wrong with a config, at one JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub rule: Option<RuleRef>,
    /// A JSON path into the config: `rules[3].max`.
    pub path: String,
    pub issue: Issue,
}

/// Whether a problem makes something invalid or only skips it by design.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The rule (or the whole config) is invalid and skipped.
    Error,
    /// A valid rule this validation leaves to the other one.
    Skipped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    ConfigMissing,
    WrongType {
        expected: &'static str,
        found: String,
    },
    MissingKey {
        key: &'static str,
    },
    UnknownKey {
        key: String,
        suggestion: Option<&'static str>,
    },
    KeyNotForKind {
        key: String,
        kind: &'static str,
    },
    UnsupportedVersion {
        found: String,
    },
    DuplicateId {
        first: usize,
    },
    UnknownKind {
        found: String,
        suggestion: Option<&'static str>,
    },
    UnknownValue {
        found: String,
        expected: &'static str,
        suggestion: Option<&'static str>,
    },
    NoBound {
        bounds: &'static str,
    },
    MinAboveMax,
    EitherNotBoth {
        a: &'static str,
        b: &'static str,
    },
    OneOfRequired {
        a: &'static str,
        b: &'static str,
    },
    EmptyList,
    PatternTooLong {
        chars: usize,
    },
    PatternInvalid {
        reason: String,
    },
    PatternOversized,
    PatternCompileBudget {
        limit: u64,
    },
    MessageLength {
        chars: usize,
    },
    Template(TemplateError),
    PlaceholderUnavailable {
        name: &'static str,
        why: &'static str,
    },
    TooManyTerms {
        what: &'static str,
        limit: usize,
    },
    TooManyRules {
        skipped: usize,
        limit: usize,
    },
    Misplaced {
        kind: &'static str,
        family: &'static str,
    },
    /// The top level is wrong (any of the problems before it): nothing applies.
    ConfigRejected,
    /// A valid rule with `"enabled": false`.
    Disabled,
}

impl Issue {
    pub fn severity(&self) -> Severity {
        match self {
            Issue::Misplaced { .. } | Issue::Disabled => Severity::Skipped,
            _ => Severity::Error,
        }
    }

    /// A one-line fix for people, where there is an obvious one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Issue::UnknownKey { suggestion: Some(s), .. }
            | Issue::UnknownKind { suggestion: Some(s), .. }
            | Issue::UnknownValue { suggestion: Some(s), .. } => Some(format!("did you mean \"{s}\"?")),
            Issue::ConfigMissing => {
                Some("set the validation's $app:checkout-guard/config metafield (at most 10,000 bytes)".into())
            }
            Issue::MinAboveMax => Some("swap min and max".into()),
            Issue::Template(TemplateError::LoneOpenBrace | TemplateError::LoneCloseBrace) => {
                Some("write {{ and }} for literal braces".into())
            }
            Issue::TooManyTerms { .. } => Some("reuse terms other rules already name, or split the config".into()),
            Issue::Misplaced { .. } => Some("deploy this rule to the validation of its family".into()),
            _ => None,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issue::ConfigMissing => {
                f.write_str("no config (metafield missing, not JSON, or over 10,000 bytes); no rule applies")
            }
            Issue::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Issue::MissingKey { key } => write!(f, "missing required key \"{key}\""),
            Issue::UnknownKey { key, .. } => write!(f, "unknown key \"{key}\""),
            Issue::KeyNotForKind { key, kind } => {
                write!(f, "key \"{key}\" does not apply to kind {kind}")
            }
            Issue::UnsupportedVersion { found } => {
                write!(f, "expected version 1, found {found}")
            }
            Issue::DuplicateId { first } => write!(f, "id already used by rules[{first}]"),
            Issue::UnknownKind { found, .. } => write!(f, "unknown kind {found}"),
            Issue::UnknownValue { found, expected, .. } => write!(f, "expected {expected}, found {found}"),
            Issue::NoBound { bounds } => write!(f, "expected at least one of {bounds}"),
            Issue::MinAboveMax => f.write_str("min is greater than max"),
            Issue::EitherNotBoth { a, b } => write!(f, "use either \"{a}\" or \"{b}\", not both"),
            Issue::OneOfRequired { a, b } => write!(f, "expected \"{a}\" or \"{b}\""),
            Issue::EmptyList => f.write_str("expected a non-empty list"),
            Issue::PatternTooLong { chars } => {
                write!(f, "pattern has {chars} characters, at most 256 allowed")
            }
            Issue::PatternInvalid { reason } => write!(f, "pattern does not compile: {reason}"),
            Issue::PatternCompileBudget { limit } => write!(
                f,
                "the config's patterns before this one use up the estimated {limit} instructions allowed for compiling patterns"
            ),
            Issue::PatternOversized => f.write_str(
                "pattern compiles too large to match within Shopify's instruction limit (counted repetitions like {100} multiply it)",
            ),
            Issue::MessageLength { chars } => write!(f, "expected 1-255 characters, found {chars}"),
            Issue::Template(TemplateError::UnknownPlaceholder(name)) => {
                let shown: String = name.chars().take(24).collect();
                write!(f, "unknown placeholder {{{shown}}}")
            }
            Issue::Template(TemplateError::LoneOpenBrace) => f.write_str("lone '{' (write {{ for a brace)"),
            Issue::Template(TemplateError::LoneCloseBrace) => f.write_str("lone '}' (write }} for a brace)"),
            Issue::PlaceholderUnavailable { name, why } => {
                write!(f, "placeholder {{{name}}} cannot be filled: {why}")
            }
            Issue::TooManyTerms { what, limit } => {
                write!(f, "names more than {limit} distinct {what} across the config")
            }
            Issue::TooManyRules { skipped, limit } => {
                write!(f, "{skipped} rules past the first {limit} skipped")
            }
            Issue::ConfigRejected => f.write_str("the config is invalid as a whole; no rule applies"),
            Issue::Disabled => f.write_str("disabled (\"enabled\": false); skipped"),
            Issue::Misplaced { kind, family } => {
                write!(f, "kind {kind} belongs to the {family} validation; skipped here")
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(RuleRef { id: Some(id), .. }) = &self.rule {
            write!(f, " (rule \"{id}\")")?;
        }
        write!(f, ": {}", self.issue)
    }
}

/// The closest candidate within two edits, for "did you mean" hints.
pub fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), *c))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("mx", &["min", "max", "multipleOf"]), Some("max"));
        assert_eq!(suggest("multipleof", &["min", "max", "multipleOf"]), Some("multipleOf"));
        assert_eq!(suggest("colour", &["min", "max"]), None);
    }

    #[test]
    fn renders_path_rule_and_issue() {
        let problem = Problem {
            rule: Some(RuleRef { index: 3, id: Some("max-5".into()) }),
            path: "rules[3].max".into(),
            issue: Issue::WrongType { expected: "a whole number >= 1", found: "\"five\"".into() },
        };
        assert_eq!(problem.to_string(), "rules[3].max (rule \"max-5\"): expected a whole number >= 1, found \"five\"");
    }
}
