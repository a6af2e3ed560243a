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
    /// Problems found past the config's first [`super::MAX_LISTED_PROBLEMS`]:
    /// counted, not listed.
    NotListed {
        count: usize,
    },
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
            Issue::NotListed { count } => write!(
                f,
                "{count} more problem{} here, not listed (the first {} of a config are)",
                if *count == 1 { "" } else { "s" },
                super::MAX_LISTED_PROBLEMS
            ),
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

/// Values longer than this get no "did you mean" suggestion: every name a
/// suggestion can offer is shorter than 32 bytes, so a longer value is never
/// within two edits of one, and a suggestion's cost stays a small constant.
pub const MAX_SUGGESTED_BYTES: usize = 64;
/// Suggestions are within this many edits (insertions, deletions, substitutions).
const MAX_EDITS: usize = 2;

/// The closest candidate within two edits, for "did you mean" hints, compared
/// ASCII-case-insensitively. Only values of at most [`MAX_SUGGESTED_BYTES`]
/// are compared, and only with candidates of about their length, each in one
/// pass over a 5-wide band: the cost is bounded by a constant per call.
pub fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if word.len() > MAX_SUGGESTED_BYTES {
        return None;
    }
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut best: Option<(usize, &'c str)> = None;
    let mut other: Vec<char> = Vec::new();
    for candidate in candidates {
        // Candidates are ASCII: their length in chars is their length in bytes.
        if candidate.len().abs_diff(word.len()) > MAX_EDITS {
            continue;
        }
        other.clear();
        other.extend(candidate.chars().map(|c| c.to_ascii_lowercase()));
        if let Some(d) = edit_distance_within(&word, &other, MAX_EDITS) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance of `a` and `b` when it is at most `max`, else `None`:
/// only the cells within `max` of the diagonal are computed (two rows; cost
/// `a.len() × (2 max + 1)`).
fn edit_distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    const FAR: usize = usize::MAX / 4;
    let width = b.len() + 1;
    // Row 0: the distance of "" and b[..j]; cells off the band are FAR.
    let mut previous: Vec<usize> = (0..width).map(|j| if j <= max { j } else { FAR }).collect();
    let mut current: Vec<usize> = vec![FAR; width];
    for (i, ca) in a.iter().enumerate() {
        let i = i + 1;
        let (lo, hi) = (i.saturating_sub(max), (i + max).min(b.len()));
        // The cell left of the band, and the one right of it (read as "up" by the next row).
        let mut left = if lo == 0 { i } else { FAR };
        let mut row_best = left;
        if lo == 0 {
            if let Some(first) = current.first_mut() {
                *first = i;
            }
        }
        for j in lo.max(1)..=hi {
            let diagonal = previous.get(j - 1).copied().unwrap_or(FAR);
            let up = previous.get(j).copied().unwrap_or(FAR);
            let same = b.get(j - 1) == Some(ca);
            let cell = (diagonal + usize::from(!same)).min(left + 1).min(up + 1);
            if let Some(slot) = current.get_mut(j) {
                *slot = cell;
            }
            left = cell;
            row_best = row_best.min(cell);
        }
        if let Some(after) = current.get_mut(hi + 1) {
            *after = FAR;
        }
        if row_best > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.get(b.len()).copied().filter(|d| *d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("mx", &["min", "max", "multipleOf"]), Some("max"));
        assert_eq!(suggest("multipleof", &["min", "max", "multipleOf"]), Some("multipleOf"));
        assert_eq!(suggest("colour", &["min", "max"]), None);
        assert_eq!(suggest("line_quantty", &["cart_quantity", "line_quantity"]), Some("line_quantity"));
        assert_eq!(suggest("LINE-QUANTITY", &["line_quantity"]), Some("line_quantity"));
        assert_eq!(suggest("deliveryAddress.adress1", &["deliveryAddress.address1"]), Some("deliveryAddress.address1"));
        assert_eq!(suggest("xline_quantityx", &["line_quantity"]), Some("line_quantity"));
        assert_eq!(suggest("xxline_quantityx", &["line_quantity"]), None);
        assert_eq!(suggest("lnie_quantity", &["line_quantity"]), Some("line_quantity"));
        assert_eq!(suggest("ma", &["max"]), Some("max"));
        assert_eq!(suggest("", &["g", "kg"]), Some("g"));
        assert_eq!(suggest("kgé", &["kg"]), Some("kg"));
        assert_eq!(suggest(&"a".repeat(65), &["a"]), None);
    }

    /// The banded distance agrees with the full one wherever either is within two edits.
    #[test]
    fn banded_distance_agrees_with_the_full_one() {
        fn full(a: &[char], b: &[char]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut previous = row[0];
                row[0] = i + 1;
                for (j, cb) in b.iter().enumerate() {
                    let current = row[j + 1];
                    row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(current + 1);
                    previous = current;
                }
            }
            row[b.len()]
        }
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "max", "mx", "min", "kg", "g", "lb", "unit", "uint", "abcd", "bcda",
            "xabcx",
        ];
        for a in words {
            for b in words {
                let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let expected = Some(full(&a, &b)).filter(|d| *d <= 2);
                assert_eq!(edit_distance_within(&a, &b, 2), expected, "{a:?} {b:?}");
            }
        }
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
