//! JSON encodings of the schema's scalars, shared by input and output checks.

use crate::input::kind;
use crate::Issues;
use serde_json::Value;

/// Checks `value` (never null here) against scalar `name`.
pub(crate) fn check_scalar(name: &str, value: &Value, path: &str, issues: &mut Issues) {
    let ok = match name {
        "Int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        "Float" => value.is_number(),
        "Boolean" => value.is_boolean(),
        "String" | "ID" => value.is_string(),
        "Decimal" => match value.as_str() {
            Some(s) if is_decimal(s) => true,
            Some(s) => {
                issues.error(path, format!("`{s}` is not a Decimal (a string such as \"12.5\")"));
                return;
            }
            None => false,
        },
        "JSON" => true,
        "Void" => false,
        // Handle, Date, DateTime, URL, ... all arrive as strings.
        _ => value.is_string(),
    };
    if !ok {
        let expected = match name {
            "Int" => "an integer in 32-bit range",
            "Float" => "a number",
            "Boolean" => "a boolean",
            "Decimal" => "a string holding a decimal number",
            "Void" => "null",
            _ => "a string",
        };
        issues.error(path, format!("{name} must be {expected}, found {}", kind(value)));
    }
}

/// `-?digits(.digits)?`, optionally with an exponent: what Shopify's decimals look like.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits) && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
}

#[cfg(test)]
mod tests {
    use super::is_decimal;

    #[test]
    fn decimals() {
        for ok in ["0", "48.0", "-12.5", "0.68", "1e3", "2.5E-2"] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", "-", ".5", "5.", "1,5", "12 ", "abc", "1e"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
