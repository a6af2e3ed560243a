//! Shopify's `Decimal` scalar: a string in canonical form ("48.0", "12.5",
//! "0.68"): no padding to two places, at least one fractional digit.

use std::fmt;

const SCALE: u32 = 9;
const ONE: i128 = 1_000_000_000;

/// A decimal with 9 fractional digits, enough for money and rates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decimal(i128);

impl Decimal {
    pub const ZERO: Decimal = Decimal(0);

    /// Parses `"12"`, `"12.5"`, `"-0.68"`; `None` for anything else or more
    /// than 9 fractional digits.
    pub fn parse(s: &str) -> Option<Decimal> {
        let s = s.trim();
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, f),
            None => (digits, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > SCALE as usize
            || int.len() > 25
        {
            return None;
        }
        let int_value: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
        let mut frac_value: i128 = if frac.is_empty() { 0 } else { frac.parse().ok()? };
        for _ in frac.len()..SCALE as usize {
            frac_value *= 10;
        }
        let value = int_value.checked_mul(ONE)?.checked_add(frac_value)?;
        Some(Decimal(if negative { -value } else { value }))
    }

    /// From a whole number of hundredths (cents).
    pub fn from_cents(cents: i64) -> Decimal {
        Decimal(i128::from(cents) * (ONE / 100))
    }

    /// `self × n`.
    pub fn times(self, n: i64) -> Decimal {
        Decimal(self.0.saturating_mul(i128::from(n)))
    }

    /// `self + other`.
    pub fn plus(self, other: Decimal) -> Decimal {
        Decimal(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for Decimal {
    /// Canonical form: `48.0`, `12.5`, `0.68`, `-3.25`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let int = abs / ONE as u128;
        let frac = abs % ONE as u128;
        let mut frac_text = format!("{frac:09}");
        while frac_text.len() > 1 && frac_text.ends_with('0') {
            frac_text.pop();
        }
        if self.0 < 0 {
            f.write_str("-")?;
        }
        write!(f, "{int}.{frac_text}")
    }
}

/// `s` in canonical form, `None` when it is not a decimal.
pub fn canonical(s: &str) -> Option<String> {
    Decimal::parse(s).map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical("48").unwrap(), "48.0");
        assert_eq!(canonical("48.00").unwrap(), "48.0");
        assert_eq!(canonical("12.50").unwrap(), "12.5");
        assert_eq!(canonical("0.68").unwrap(), "0.68");
        assert_eq!(canonical("-3.250").unwrap(), "-3.25");
        assert_eq!(canonical(".5").unwrap(), "0.5");
        assert!(canonical("1e3").is_none());
        assert!(canonical("").is_none());
        assert!(canonical("1.0000000001").is_none());
        let d = Decimal::parse("19.99").unwrap().times(3);
        assert_eq!(d.to_string(), "59.97");
        assert_eq!(Decimal::from_cents(1250).to_string(), "12.5");
    }
}
