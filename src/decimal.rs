//! Exact decimal money and weight arithmetic.
//!
//! Amounts are integers of millionths (micros) of a currency unit, so sums and
//! comparisons are exact; the exchange rate keeps twelve decimals. Weights are
//! integers of nanograms (`WeightUnit::to_nanograms`: every unit is a whole
//! number of them).

/// Millionths of a currency unit.
pub type Micros = i128;

const MICROS: i128 = 1_000_000;
const RATE_SCALE: i128 = 1_000_000_000_000;

/// Digits that always fit a u64 (10^18 < 2^64 / 10): the fast paths below
/// keep to them, since 128-bit multiplication is a library call of about a
/// hundred instructions in wasm and cart lines parse several numbers each.
const U64_DIGITS: usize = 18;

/// Parses a canonical decimal string ("48.0", "12.5", "50", "-3.25") into
/// units of `10^-scale`, rounding extra digits half away from zero.
/// Returns `None` for anything else (exponents, spaces, more than 24 digits).
fn parse_scaled(text: &str, scale: u32) -> Option<i128> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let whole_len = digits.find('.').unwrap_or(digits.len());
    if whole_len + scale as usize <= U64_DIGITS {
        parse_scaled_u64(text, scale)
    } else {
        parse_scaled_wide(text, scale)
    }
}

/// [`parse_scaled`] when the whole part and `scale` fraction digits fit
/// [`U64_DIGITS`]: the same checks and rounding, in 64 bits.
fn parse_scaled_u64(text: &str, scale: u32) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) if !f.is_empty() => (w, f),
        Some(_) => return None,
        None => (digits, ""),
    };
    if whole.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for b in whole.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(b - b'0');
    }
    let mut kept = 0u32;
    let mut round_up = false;
    for b in fraction.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        if kept < scale {
            value = value * 10 + u64::from(b - b'0');
            kept += 1;
        } else if kept == scale {
            // Only the first dropped digit decides: half away from zero.
            round_up = b >= b'5';
            kept += 1;
        }
    }
    while kept < scale {
        value *= 10;
        kept += 1;
    }
    let value = i128::from(value + u64::from(round_up));
    Some(if negative { -value } else { value })
}

fn parse_scaled_wide(text: &str, scale: u32) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, f),
        None => (digits, ""),
    };
    if whole.is_empty() || whole.len() > 24 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) || (digits.contains('.') && fraction.is_empty()) {
        return None;
    }
    let mut value: i128 = 0;
    for b in whole.bytes() {
        value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let mut kept = 0u32;
    let mut round_up = false;
    for (i, b) in fraction.bytes().enumerate() {
        if kept < scale {
            value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
            kept += 1;
        } else {
            // Only the first dropped digit decides: half away from zero.
            round_up = i == scale as usize && b >= b'5';
            break;
        }
    }
    while kept < scale {
        value = value.checked_mul(10)?;
        kept += 1;
    }
    if round_up {
        value = value.checked_add(1)?;
    }
    Some(if negative { -value } else { value })
}

/// A money amount such as "48.0" in micros.
pub fn parse_amount(text: &str) -> Option<Micros> {
    parse_scaled(text, 6)
}

/// `presentmentCurrencyRate` in units of 10^-12.
pub fn parse_rate(text: &str) -> Option<i128> {
    parse_scaled(text, 12).filter(|r| *r > 0)
}

/// Divides rounding half away from zero.
fn div_round(value: i128, divisor: i128) -> i128 {
    let quotient = value / divisor;
    let remainder = value % divisor;
    if remainder.abs() * 2 >= divisor {
        quotient + value.signum()
    } else {
        quotient
    }
}

/// Converts a shop-currency bound into the presentment currency: multiplied by
/// the rate and rounded half away from zero to cents; returned in micros.
pub fn convert_bound(shop_micros: Micros, rate: i128) -> Option<Micros> {
    let product = shop_micros.checked_mul(rate)?; // scale 10^-18
    let cents = div_round(product, RATE_SCALE * MICROS / 100);
    cents.checked_mul(MICROS / 100)
}

/// "50.00": two decimals, rounded half away from zero.
pub fn format_amount(micros: Micros) -> String {
    let cents = div_round(micros, MICROS / 100);
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

/// A JSON number as written ("1.5", "2", "1.0e-3") in units of `10^-scale`,
/// rounded half away from zero; `None` past i128 or for malformed text.
pub fn parse_number(raw: &str, scale: u32) -> Option<i128> {
    // Without an exponent a JSON number is a decimal string (every weight
    // Shopify sends): the same value and rounding, on the 64-bit fast path.
    if !raw.bytes().any(|b| b == b'e' || b == b'E') {
        return parse_scaled(raw, scale);
    }
    parse_number_exponent(raw, scale)
}

fn parse_number_exponent(raw: &str, scale: u32) -> Option<i128> {
    let (mantissa, exponent) = match raw.find(['e', 'E']) {
        Some(at) => (&raw[..at], raw[at + 1..].parse::<i32>().ok()?),
        None => (raw, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let shift = i64::from(exponent) - fraction.len() as i64 + i64::from(scale);
    // "12.5" reads as 125 with one fraction digit; no allocation.
    let mut value = parse_scaled(whole, 0)?;
    for b in fraction.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        let digit = i128::from(b - b'0');
        value = value.checked_mul(10)?.checked_add(if value < 0 || whole.starts_with('-') { -digit } else { digit })?;
    }
    if shift >= 0 {
        let factor = 10i128.checked_pow(u32::try_from(shift).ok()?)?;
        value.checked_mul(factor)
    } else {
        match 10i128.checked_pow(u32::try_from(-shift).ok()?) {
            Some(divisor) => Some(div_round(value, divisor)),
            None => Some(0),
        }
    }
}

/// Weight units of config v1 (`g`, `kg`, `oz`, `lb`) and of Shopify's `WeightUnit`.
/// Weights are computed in whole nanograms: every unit is an exact number of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightUnit {
    Grams,
    Kilograms,
    Ounces,
    Pounds,
}

impl WeightUnit {
    pub fn from_config(text: &str) -> Option<Self> {
        match text {
            "g" => Some(Self::Grams),
            "kg" => Some(Self::Kilograms),
            "oz" => Some(Self::Ounces),
            "lb" => Some(Self::Pounds),
            _ => None,
        }
    }

    pub fn from_shopify(text: &str) -> Option<Self> {
        match text {
            "GRAMS" => Some(Self::Grams),
            "KILOGRAMS" => Some(Self::Kilograms),
            "OUNCES" => Some(Self::Ounces),
            "POUNDS" => Some(Self::Pounds),
            _ => None,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Grams => "g",
            Self::Kilograms => "kg",
            Self::Ounces => "oz",
            Self::Pounds => "lb",
        }
    }

    /// 1 lb = 453.59237 g, 1 oz = 28.349523125 g (exact definitions).
    fn nanograms(self) -> i128 {
        match self {
            Self::Grams => 1_000_000_000,
            Self::Kilograms => 1_000_000_000_000,
            Self::Ounces => 28_349_523_125,
            Self::Pounds => 453_592_370_000,
        }
    }

    /// Nanograms in a weight written as a JSON number in this unit; `None`
    /// when unreadable. Negative weights count 0.
    pub fn to_nanograms(self, raw: &str) -> Option<i128> {
        let micro_units = parse_number(raw, 6)?.max(0);
        let nanograms = self.nanograms();
        // In 64 bits when the product fits (every weight up to 40 lb); the
        // same rounding as `div_round`, which this skips for non-negatives.
        if let (Ok(m), Ok(n)) = (u64::try_from(micro_units), u64::try_from(nanograms)) {
            if let Some(product) = m.checked_mul(n).filter(|_| m <= u64::MAX / n) {
                let (quotient, remainder) = (product / MICROS as u64, product % MICROS as u64);
                return Some(i128::from(quotient + u64::from(remainder * 2 >= MICROS as u64)));
            }
        }
        Some(div_round(micro_units.checked_mul(nanograms)?, MICROS))
    }

    /// "4 kg", "4.25 kg": at most two decimals, half away from zero, no trailing zeros.
    pub fn format(self, nanograms: i128) -> String {
        let hundredths = div_round(nanograms.saturating_mul(100), self.nanograms());
        let (whole, fraction) = (hundredths / 100, hundredths % 100);
        let number = match fraction {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}.{}", f / 10),
            f => format!("{whole}.{f:02}"),
        };
        format!("{number} {}", self.symbol())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 64-bit fast paths agree with the 128-bit ones everywhere they apply.
    #[test]
    fn fast_paths_agree_with_wide_arithmetic() {
        let mut texts: Vec<String> = [
            "0",
            "-0",
            "5",
            "48.0",
            "12.5",
            "0.25",
            "-3.25",
            "5.99",
            "0.1234565",
            "0.12345649",
            "999999999999.999999",
            "123456789012.3456789",
            "1.",
            ".5",
            "-",
            "",
            "1.2.3",
            "1x",
            "00.5",
            "1.0000005",
            "-0.0000005",
            "18446744073709",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for whole in ["0", "1", "7", "99", "123456", "999999999999"] {
            for fraction in ["", "0", "5", "49", "50", "51", "999999", "9999995", "0000004", "12345678901234"] {
                for sign in ["", "-"] {
                    let dot = if fraction.is_empty() { "" } else { "." };
                    texts.push(format!("{sign}{whole}{dot}{fraction}"));
                }
            }
        }
        for text in &texts {
            for scale in [0, 2, 6, 12] {
                assert_eq!(parse_scaled(text, scale), parse_scaled_wide(text, scale), "{text:?} at scale {scale}");
                if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
                    let json_number = text.parse::<f64>().is_ok() && !text.ends_with('.') && !text.starts_with('.');
                    if json_number {
                        assert_eq!(parse_number(text, scale), parse_number_exponent(text, scale), "{text:?}");
                    }
                }
            }
            for unit in [WeightUnit::Grams, WeightUnit::Kilograms, WeightUnit::Ounces, WeightUnit::Pounds] {
                let wide = parse_number(text, 6)
                    .map(|m| m.max(0))
                    .and_then(|m| Some(div_round(m.checked_mul(unit.nanograms())?, MICROS)));
                assert_eq!(unit.to_nanograms(text), wide, "{text:?} in {unit:?}");
            }
        }
    }

    #[test]
    fn parses_canonical_decimals() {
        assert_eq!(parse_amount("48.0"), Some(48_000_000));
        assert_eq!(parse_amount("12.5"), Some(12_500_000));
        assert_eq!(parse_amount("0.68"), Some(680_000));
        assert_eq!(parse_amount("50"), Some(50_000_000));
        assert_eq!(parse_amount("-3.25"), Some(-3_250_000));
        assert_eq!(parse_amount("1.0000005"), Some(1_000_001));
        for bad in ["", "1e3", " 1", "1.", ".5", "abc", "1.2.3", "--1"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }

    #[test]
    fn converts_bounds_half_away_from_zero() {
        let rate = parse_rate("0.925").unwrap();
        // 50.00 × 0.925 = 46.25
        assert_eq!(convert_bound(50_000_000, rate), Some(46_250_000));
        // 10.01 × 0.5 = 5.005 → 5.01
        assert_eq!(convert_bound(10_010_000, parse_rate("0.5").unwrap()), Some(5_010_000));
        assert_eq!(format_amount(46_250_000), "46.25");
        assert_eq!(format_amount(5_005_000), "5.01");
        assert_eq!(format_amount(0), "0.00");
        assert_eq!(parse_rate("0"), None);
    }

    #[test]
    fn weights_are_exact_and_format_without_trailing_zeros() {
        let kg = WeightUnit::Kilograms;
        let ng = |unit: WeightUnit, raw: &str| unit.to_nanograms(raw).unwrap();
        assert_eq!(kg.format(ng(kg, "4")), "4 kg");
        assert_eq!(kg.format(ng(kg, "4.25")), "4.25 kg");
        assert_eq!(kg.format(ng(kg, "4.5")), "4.5 kg");
        assert_eq!(kg.format(ng(WeightUnit::Grams, "4254.9")), "4.25 kg");
        assert_eq!(kg.format(ng(WeightUnit::Grams, "4255")), "4.26 kg");
        assert_eq!(WeightUnit::Ounces.format(ng(WeightUnit::Pounds, "1")), "16 oz");
        assert_eq!(ng(WeightUnit::Grams, "-5"), 0);
        assert_eq!(ng(WeightUnit::Grams, "1.5e3"), ng(kg, "1.5"));
        // 0.1 + 0.2 kg is exactly 0.3 kg: no floating point.
        assert_eq!(ng(kg, "0.1") + ng(kg, "0.2"), ng(kg, "0.3"));
    }

    #[test]
    fn numbers_with_exponents() {
        assert_eq!(parse_number("1.5", 6), Some(1_500_000));
        assert_eq!(parse_number("1e-3", 6), Some(1_000));
        assert_eq!(parse_number("2E2", 0), Some(200));
        assert_eq!(parse_number("1e-30", 6), Some(0));
        assert_eq!(parse_number("1e300", 6), None);
        assert_eq!(parse_number("-0.0000005", 6), Some(-1));
    }
}
