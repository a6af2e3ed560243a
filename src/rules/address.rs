//! Address family: patterns on address, email and phone fields; delivery
//! country, province and postal-code lists.

use super::presets;
use crate::input::Address;
use crate::text::is_blank;
use std::fmt;

/// The fields of a `MailingAddress` a rule can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressField {
    Address1,
    Address2,
    City,
    Company,
    CountryCode,
    FirstName,
    LastName,
    Phone,
    ProvinceCode,
    Zip,
}

impl AddressField {
    pub const ALL: [AddressField; 10] = [
        AddressField::Address1,
        AddressField::Address2,
        AddressField::City,
        AddressField::Company,
        AddressField::CountryCode,
        AddressField::FirstName,
        AddressField::LastName,
        AddressField::Phone,
        AddressField::ProvinceCode,
        AddressField::Zip,
    ];

    pub fn name(self) -> &'static str {
        match self {
            AddressField::Address1 => "address1",
            AddressField::Address2 => "address2",
            AddressField::City => "city",
            AddressField::Company => "company",
            AddressField::CountryCode => "countryCode",
            AddressField::FirstName => "firstName",
            AddressField::LastName => "lastName",
            AddressField::Phone => "phone",
            AddressField::ProvinceCode => "provinceCode",
            AddressField::Zip => "zip",
        }
    }

    /// Billing addresses carry no name or phone in the address query.
    pub fn on_billing(self) -> bool {
        !matches!(self, AddressField::FirstName | AddressField::LastName | AddressField::Phone)
    }

    pub fn read<'a>(self, address: &'a Address) -> Option<&'a str> {
        let value = match self {
            AddressField::Address1 => &address.address1,
            AddressField::Address2 => &address.address2,
            AddressField::City => &address.city,
            AddressField::Company => &address.company,
            AddressField::CountryCode => &address.country_code,
            AddressField::FirstName => &address.first_name,
            AddressField::LastName => &address.last_name,
            AddressField::Phone => &address.phone,
            AddressField::ProvinceCode => &address.province_code,
            AddressField::Zip => &address.zip,
        };
        value.as_deref()
    }
}

/// A field a `field_pattern` rule reads, as written in `fields`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Delivery(AddressField),
    Billing(AddressField),
    Email,
    Phone,
}

impl Field {
    pub fn parse(text: &str) -> Option<Field> {
        match text {
            "buyerIdentity.email" => Some(Field::Email),
            "buyerIdentity.phone" => Some(Field::Phone),
            _ => {
                let (scope, name) = text.split_once('.')?;
                let field = AddressField::ALL.into_iter().find(|f| f.name() == name)?;
                match scope {
                    "deliveryAddress" => Some(Field::Delivery(field)),
                    "billingAddress" if field.on_billing() => Some(Field::Billing(field)),
                    _ => None,
                }
            }
        }
    }

    /// Every name `parse` accepts, as constants (for "did you mean" hints,
    /// without building strings): the same list as [`Field::all_names`].
    pub const NAMES: &'static [&'static str] = &[
        "deliveryAddress.address1",
        "deliveryAddress.address2",
        "deliveryAddress.city",
        "deliveryAddress.company",
        "deliveryAddress.countryCode",
        "deliveryAddress.firstName",
        "deliveryAddress.lastName",
        "deliveryAddress.phone",
        "deliveryAddress.provinceCode",
        "deliveryAddress.zip",
        "billingAddress.address1",
        "billingAddress.address2",
        "billingAddress.city",
        "billingAddress.company",
        "billingAddress.countryCode",
        "billingAddress.provinceCode",
        "billingAddress.zip",
        "buyerIdentity.email",
        "buyerIdentity.phone",
    ];

    /// Every name `parse` accepts, for hints and the JSON Schema.
    pub fn all_names() -> Vec<String> {
        let mut names: Vec<String> =
            AddressField::ALL.iter().map(|f| format!("deliveryAddress.{}", f.name())).collect();
        names.extend(
            AddressField::ALL.iter().filter(|f| f.on_billing()).map(|f| format!("billingAddress.{}", f.name())),
        );
        names.extend(["buyerIdentity.email".to_string(), "buyerIdentity.phone".to_string()]);
        names
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Delivery(a) => write!(f, "deliveryAddress.{}", a.name()),
            Field::Billing(a) => write!(f, "billingAddress.{}", a.name()),
            Field::Email => f.write_str("buyerIdentity.email"),
            Field::Phone => f.write_str("buyerIdentity.phone"),
        }
    }
}

/// Where an error shows, in Shopify's target syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Cart,
    Delivery { group: usize, field: AddressField },
    Billing(AddressField),
    Email,
    Phone,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Cart => f.write_str("$.cart"),
            Target::Delivery { group, field } => {
                write!(f, "$.cart.deliveryGroups[{group}].deliveryAddress.{}", field.name())
            }
            Target::Billing(field) => write!(f, "$.cart.billingAddress.{}", field.name()),
            Target::Email => f.write_str("$.cart.buyerIdentity.email"),
            Target::Phone => f.write_str("$.cart.buyerIdentity.phone"),
        }
    }
}

/// Longest value a pattern is run on: Shopify's address lines and emails are
/// shorter, and the bound keeps a hostile value from costing more.
pub const MAX_MATCHED_BYTES: usize = 256;

/// What a run may spend on matching values, in estimated wasm instructions.
/// Shopify stops a run at 11,000,000; the rest is left for reading the input,
/// compiling the config and everything else; compiling patterns and reading
/// the input are taken off it (see [`PatternBudget::for_run`]).
pub const PATTERN_INSTRUCTIONS_PER_RUN: u64 = 8_000_000;

/// Estimated instructions to read one byte of input, taken off the pattern
/// budget so that a large input leaves less for patterns (measured ~52 per
/// byte on large carts; address inputs read cheaper, so this is the ceiling).
pub const READ_INSTRUCTIONS_PER_INPUT_BYTE: u64 = 60;

/// A run's matching budget is never cut below this, so a realistic address
/// (a hundred-odd bytes of fields, small patterns) is judged even in a large input.
pub const MIN_PATTERN_INSTRUCTIONS: u64 = 500_000;

/// regex-lite matches with a PikeVM: each byte of value steps every live
/// thread, so a byte costs up to a constant times the compiled program's size.
/// A pattern is measured by the smallest of these limits (regex-lite's own
/// accounting of its program's heap bytes in the wasm module) it compiles
/// within, and charged by that limit; a pattern that fits none is "oversized"
/// and its rule invalid. `^.{0,60}$` fits the largest, `.{0,100}z` does not.
pub const PATTERN_SIZE_TIERS: [usize; 6] = [256, 512, 1024, 2048, 4096, 8192];

/// Charged instructions per matched byte: a base plus this many per byte of
/// the tier's limit. Measured on the wasm module: ~1,000 per byte for small
/// patterns, and at most ~8.4 per program byte above that (`(?:.*){60}z`,
/// 5,632 bytes: 47,118 per byte); `runner/tests/hostile_modules.rs` proves
/// every tier's charge covers its worst patterns.
pub const PATTERN_BASE_COST_PER_BYTE: u64 = 1_000;
pub const PATTERN_COST_PER_PROGRAM_BYTE: u64 = 12;

/// Charged instructions to compile a pattern of a tier, failed attempts at
/// smaller tiers included: a base plus this many per byte of the tier's
/// limit. Measured on the wasm module (`runner/tests/hostile_modules.rs`
/// proves the charges): ~10,000 for `box`, ~63,000 for
/// `@(mailinator|guerrillamail)\.com$`, ~300,000 for the largest tier
/// (`(?:.*){80}z`), ~37 per byte of the tier's limit at most.
pub const PATTERN_COMPILE_BASE: u64 = 20_000;
pub const PATTERN_COMPILE_PER_PROGRAM_BYTE: u64 = 60;

fn compile_cost(tier: usize) -> u64 {
    PATTERN_COMPILE_BASE.saturating_add(tier_limit(tier).saturating_mul(PATTERN_COMPILE_PER_PROGRAM_BYTE))
}

/// The size limit of a tier of [`PATTERN_SIZE_TIERS`] (past the last: unbounded).
fn tier_limit(tier: usize) -> u64 {
    PATTERN_SIZE_TIERS.get(tier).map_or(u64::MAX, |&limit| limit as u64)
}

/// The presets' worst instructions per byte, measured likewise.
pub const PO_BOX_COST_PER_BYTE: u64 = 1_000;
pub const MILITARY_COST_PER_BYTE: u64 = 400;

/// What one `postal_format` value is charged, whatever its length: the
/// table's program never reads past the longest code its country allows, so
/// the cost is bounded by [`super::postal::MAX_STEPS`]. Measured on the wasm
/// module over every country and 26 probes (`runner/tests/hostile_modules.rs`
/// proves the charge covers each): 756 instructions on average for a value
/// that matches, 4,726 at worst (GB's `BFPO 9999`, its last branch).
pub const POSTAL_FORMAT_COST: u64 = 8_000;

/// Fixed cost of one match call (setting up the search), in bytes' worth.
pub const CALL_OVERHEAD_BYTES: u64 = 8;

/// The run's remaining pattern instructions.
#[derive(Debug)]
pub struct PatternBudget(std::cell::Cell<u64>);

impl PatternBudget {
    /// The matching budget of a run whose input is `input_bytes` long and
    /// whose config spent `compile_spent` compiling patterns.
    pub fn for_run(input_bytes: usize, compile_spent: u64) -> Self {
        let reading = READ_INSTRUCTIONS_PER_INPUT_BYTE.saturating_mul(input_bytes as u64);
        let left = PATTERN_INSTRUCTIONS_PER_RUN
            .saturating_sub(reading)
            .saturating_sub(compile_spent)
            .max(MIN_PATTERN_INSTRUCTIONS);
        PatternBudget(std::cell::Cell::new(left))
    }

    /// Estimated instructions left for matching.
    pub fn remaining(&self) -> u64 {
        self.0.get()
    }

    /// Takes `cost` from the budget, or says it is spent (taking nothing).
    fn charge(&self, cost: u64) -> Result<(), PatternBudgetSpent> {
        let left = self.0.get().checked_sub(cost).ok_or(PatternBudgetSpent)?;
        self.0.set(left);
        Ok(())
    }
}

/// The run's pattern budget is spent: the rule cannot be judged further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternBudgetSpent;

/// A merchant's regular expression, compiled, with its size tier.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub regex: regex_lite::Regex,
    /// Index into [`PATTERN_SIZE_TIERS`].
    pub tier: usize,
}

/// Why a merchant pattern was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// regex-lite's reason (syntax, nesting).
    Syntax(String),
    /// Compiles past the largest tier.
    Oversized,
    /// The next tier to try would cost more to compile than the budget left.
    OverBudget,
}

impl Pattern {
    /// Compiles `pattern` in the smallest tier it fits, trying only tiers whose
    /// [`Pattern::compile_cost`] is within `budget`.
    pub fn compile(pattern: &str, case_sensitive: bool, nest_limit: u32, budget: u64) -> Result<Pattern, PatternError> {
        // Each failed attempt parses and compiles again, so start from a guess:
        // ~32 program bytes per pattern character (exact for literals and
        // classes; counted repetitions need more and climb the tiers).
        let guess = pattern.len().saturating_mul(32);
        let first = PATTERN_SIZE_TIERS.iter().position(|&limit| limit >= guess).unwrap_or(PATTERN_SIZE_TIERS.len() - 1);
        for (tier, limit) in PATTERN_SIZE_TIERS.iter().enumerate().skip(first) {
            if compile_cost(tier) > budget {
                return Err(PatternError::OverBudget);
            }
            // regex-lite counts pointer-sized fields: a 64-bit build (tests, the
            // CLI) measures programs 1.2-1.45 times larger than the wasm module
            // does; scaled by 1.25 its tiers agree with the module's on all but
            // borderline patterns, and err towards a larger charge.
            let limit = if cfg!(target_pointer_width = "64") { limit * 5 / 4 } else { *limit };
            let built = regex_lite::RegexBuilder::new(pattern)
                .case_insensitive(!case_sensitive)
                .size_limit(limit)
                .nest_limit(nest_limit)
                .build();
            match built {
                Ok(regex) => return Ok(Pattern { regex, tier }),
                // regex-lite has no error kinds; its size error says so.
                Err(error) if error.to_string().contains("size limit") => continue,
                Err(error) => {
                    let reason = error.to_string();
                    return Err(PatternError::Syntax(reason.lines().last().unwrap_or("syntax error").trim().into()));
                }
            }
        }
        Err(PatternError::Oversized)
    }

    /// Estimated instructions compiling it took (its tier's worst, failed
    /// attempts at smaller tiers included).
    pub fn compile_cost(&self) -> u64 {
        compile_cost(self.tier)
    }

    pub fn cost_per_byte(&self) -> u64 {
        PATTERN_BASE_COST_PER_BYTE.saturating_add(tier_limit(self.tier).saturating_mul(PATTERN_COST_PER_PROGRAM_BYTE))
    }
}

#[derive(Clone, Debug)]
pub enum Matcher {
    Pattern(Pattern),
    PoBox,
    Military,
    /// Contract v1.2: the postal code has its address's country's format
    /// (`super::postal`); judged by [`FieldPattern::breaks`] with the country.
    PostalFormat,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Matcher::Pattern(a), Matcher::Pattern(b)) => a.regex.as_str() == b.regex.as_str(),
            (Matcher::PoBox, Matcher::PoBox)
            | (Matcher::Military, Matcher::Military)
            | (Matcher::PostalFormat, Matcher::PostalFormat) => true,
            _ => false,
        }
    }
}

impl Matcher {
    pub fn cost_per_byte(&self) -> u64 {
        match self {
            Matcher::Pattern(pattern) => pattern.cost_per_byte(),
            Matcher::PoBox => PO_BOX_COST_PER_BYTE,
            Matcher::Military => MILITARY_COST_PER_BYTE,
            // Charged per value, not per byte (see `POSTAL_FORMAT_COST`).
            Matcher::PostalFormat => 0,
        }
    }

    /// What one match on `matched_bytes` of value is charged: its worst case.
    pub fn charge(&self, matched_bytes: usize) -> u64 {
        (matched_bytes as u64 + CALL_OVERHEAD_BYTES).saturating_mul(self.cost_per_byte())
    }

    /// Matches the first [`MAX_MATCHED_BYTES`] of `value`, charging the
    /// estimated worst cost to `budget` first.
    pub fn is_match(&self, value: &str, budget: &PatternBudget) -> Result<bool, PatternBudgetSpent> {
        let value = truncate(value, MAX_MATCHED_BYTES);
        budget.charge(self.charge(value.len()))?;
        Ok(match self {
            Matcher::Pattern(pattern) => pattern.regex.is_match(value),
            Matcher::PoBox => presets::is_po_box(value),
            Matcher::Military => presets::is_military(value),
            Matcher::PostalFormat => false,
        })
    }
}

fn truncate(value: &str, max: usize) -> &str {
    if value.len() <= max {
        return value;
    }
    let mut end = max;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Block,
    Require,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldPattern {
    pub matcher: Matcher,
    pub mode: Mode,
    pub required: bool,
    pub fields: Vec<Field>,
}

impl FieldPattern {
    /// Block: a non-blank value that matches. Require: a non-blank value that
    /// does not match, or with `required` a blank or missing one.
    /// `postal_format` (require only) judges a value only when `country`, the
    /// address's country code, has a format: otherwise nothing breaks it, not
    /// even a blank value with `required` (a country without postal codes).
    pub fn breaks(
        &self,
        value: Option<&str>,
        country: Option<&str>,
        budget: &PatternBudget,
    ) -> Result<bool, PatternBudgetSpent> {
        let blank = is_blank(value);
        if self.matcher == Matcher::PostalFormat {
            let Some(country) = country.filter(|c| super::postal::has_format(c)) else {
                return Ok(false);
            };
            return match value {
                Some(v) if !blank => {
                    budget.charge(POSTAL_FORMAT_COST)?;
                    Ok(super::postal::matches(country, v) == Some(false))
                }
                _ => Ok(self.required),
            };
        }
        Ok(match (self.mode, value) {
            (Mode::Block, Some(v)) if !blank => self.matcher.is_match(v, budget)?,
            (Mode::Block, _) => false,
            (Mode::Require, Some(v)) if !blank => !self.matcher.is_match(v, budget)?,
            (Mode::Require, _) => self.required,
        })
    }
}

/// An allow or deny list of upper-case codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeList {
    pub allow: bool,
    pub codes: Vec<String>,
}

impl CodeList {
    /// Whether a present code breaks the list (codes compare case-insensitively).
    pub fn breaks(&self, code: &str) -> bool {
        let listed = self.codes.iter().any(|c| c.eq_ignore_ascii_case(code.trim()));
        listed != self.allow
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostalEntry {
    Exact(String),
    Prefix(String),
    /// Equal-length digit strings, inclusive.
    Range(String, String),
}

impl PostalEntry {
    /// `"10001"` exact, `"100*"` prefix, `"90000-96199"` range (digits-hyphen-digits
    /// of equal length); anything else is an exact code.
    pub fn parse(entry: &str) -> PostalEntry {
        let trimmed = entry.trim();
        if let Some((low, high)) = trimmed.split_once('-') {
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if digits(low) && digits(high) && low.len() == high.len() {
                return PostalEntry::Range(low.to_string(), high.to_string());
            }
        }
        match trimmed.strip_suffix('*') {
            Some(prefix) => PostalEntry::Prefix(normalize_postal(prefix)),
            None => PostalEntry::Exact(normalize_postal(trimmed)),
        }
    }

    fn contains(&self, code: &str) -> bool {
        match self {
            PostalEntry::Exact(exact) => code == exact,
            PostalEntry::Prefix(prefix) => code.starts_with(prefix.as_str()),
            PostalEntry::Range(low, high) => code
                .get(..low.len())
                .filter(|head| head.bytes().all(|b| b.is_ascii_digit()))
                .is_some_and(|head| low.as_str() <= head && head <= high.as_str()),
        }
    }
}

/// Upper-cased with spaces and hyphens removed: "sw1a 1aa" → "SW1A1AA".
pub fn normalize_postal(code: &str) -> String {
    code.chars().filter(|c| !crate::text::is_space(*c) && *c != '-').map(|c| c.to_ascii_uppercase()).collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalList {
    pub allow: bool,
    pub entries: Vec<PostalEntry>,
}

impl PostalList {
    pub fn breaks(&self, code: &str) -> bool {
        let code = normalize_postal(code);
        let listed = self.entries.iter().any(|e| e.contains(&code));
        listed != self.allow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_name_constants_are_the_derived_names() {
        assert_eq!(Field::NAMES, Field::all_names());
    }

    #[test]
    fn field_names_round_trip_and_billing_has_no_names() {
        for name in Field::all_names() {
            assert_eq!(Field::parse(&name).unwrap().to_string(), name);
        }
        assert_eq!(Field::parse("billingAddress.firstName"), None);
        assert_eq!(Field::parse("deliveryAddress.street"), None);
        assert_eq!(Field::parse("zip"), None);
    }

    #[test]
    fn postal_entries_exact_prefix_range() {
        let list = PostalList {
            allow: false,
            entries: ["10001", "100*", "90000-96199", "sw1a 1aa", "123-45"]
                .iter()
                .map(|e| PostalEntry::parse(e))
                .collect(),
        };
        assert!(list.breaks("10001"));
        assert!(list.breaks("10099"));
        assert!(list.breaks("94103"));
        assert!(list.breaks("94103-1234")); // first five digits are in range
        assert!(!list.breaks("9410")); // shorter than the range: outside
        assert!(!list.breaks("96200"));
        assert!(list.breaks("SW1A 1AA"));
        assert!(list.breaks("12345")); // "123-45" is not a range (lengths differ): exact "12345"
        assert!(!list.breaks("20500"));
        let allow = PostalList { allow: true, entries: vec![PostalEntry::parse("100*")] };
        assert!(allow.breaks("20001") && !allow.breaks("10010"));
    }

    #[test]
    fn require_and_block_modes() {
        let digits = Pattern::compile("^[0-9]{5}$", false, 25, u64::MAX).unwrap();
        let mut rule =
            FieldPattern { matcher: Matcher::Pattern(digits), mode: Mode::Require, required: false, fields: vec![] };
        let budget = PatternBudget::for_run(0, 0);
        let breaks = |rule: &FieldPattern, v: Option<&str>| rule.breaks(v, None, &budget).unwrap();
        assert!(breaks(&rule, Some("ABC")));
        assert!(!breaks(&rule, Some("12345")));
        assert!(!breaks(&rule, None));
        assert!(!breaks(&rule, Some("  ")));
        rule.required = true;
        assert!(breaks(&rule, None) && breaks(&rule, Some(" ")));
        let block = FieldPattern { matcher: Matcher::PoBox, mode: Mode::Block, required: true, fields: vec![] };
        assert!(breaks(&block, Some("PO Box 1")));
        assert!(!breaks(&block, None) && !breaks(&block, Some("")));
    }

    #[test]
    fn the_pattern_budget_runs_out_and_says_so() {
        let any = FieldPattern {
            matcher: Matcher::Pattern(Pattern::compile("x", false, 25, u64::MAX).unwrap()),
            mode: Mode::Block,
            required: false,
            fields: vec![],
        };
        let budget = PatternBudget::for_run(0, 0);
        let long = "a".repeat(MAX_MATCHED_BYTES * 2);
        let mut judged = 0;
        while any.breaks(Some(&long), None, &budget).is_ok() {
            judged += 1;
        }
        let cost = any.matcher.cost_per_byte();
        let per_value = (MAX_MATCHED_BYTES as u64 + CALL_OVERHEAD_BYTES) * cost;
        assert_eq!(judged, PATTERN_INSTRUCTIONS_PER_RUN / per_value);
        // A large input leaves less, but never less than the floor.
        let big = PatternBudget::for_run(128_000, 0);
        let mut judged_big = 0;
        while any.breaks(Some(&long), None, &big).is_ok() {
            judged_big += 1;
        }
        assert_eq!(judged_big, MIN_PATTERN_INSTRUCTIONS / per_value);
    }

    #[test]
    fn patterns_are_measured_in_size_tiers() {
        assert_eq!(Pattern::compile("box", false, 25, u64::MAX).unwrap().tier, 0);
        // Counted repetition multiplies the program: a larger tier, charged more.
        let wide = Pattern::compile(".{0,60}z", false, 25, u64::MAX).unwrap();
        assert!(wide.tier > 0, "tier {}", wide.tier);
        assert!(wide.cost_per_byte() > Pattern::compile("box", false, 25, u64::MAX).unwrap().cost_per_byte());
        assert_eq!(Pattern::compile("(?:.*){742}z", false, 25, u64::MAX).unwrap_err(), PatternError::Oversized);
        assert_eq!(Pattern::compile(".{0,200}z", false, 25, u64::MAX).unwrap_err(), PatternError::Oversized);
        assert!(matches!(Pattern::compile("(", false, 25, u64::MAX), Err(PatternError::Syntax(_))));
    }
}
