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

/// Bytes of values merchant regular expressions may scan in one run, over all
/// rules and fields. regex-lite's matcher costs up to ~2,000 instructions per
/// byte for some patterns, so this bounds the worst case near 8M instructions,
/// inside Shopify's 11M; a run that needs more skips the rest and logs it.
pub const PATTERN_BYTES_PER_RUN: usize = 4096;

/// The run's remaining [`PATTERN_BYTES_PER_RUN`].
#[derive(Debug)]
pub struct PatternBudget(std::cell::Cell<usize>);

impl Default for PatternBudget {
    fn default() -> Self {
        PatternBudget(std::cell::Cell::new(PATTERN_BYTES_PER_RUN))
    }
}

/// The run's pattern budget is spent: the rule cannot be judged further.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PatternBudgetSpent;

#[derive(Clone, Debug)]
pub enum Matcher {
    Pattern(regex_lite::Regex),
    PoBox,
    Military,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Matcher::Pattern(a), Matcher::Pattern(b)) => a.as_str() == b.as_str(),
            (Matcher::PoBox, Matcher::PoBox) | (Matcher::Military, Matcher::Military) => true,
            _ => false,
        }
    }
}

impl Matcher {
    pub fn is_match(&self, value: &str, budget: &PatternBudget) -> Result<bool, PatternBudgetSpent> {
        let value = truncate(value, MAX_MATCHED_BYTES);
        Ok(match self {
            Matcher::Pattern(regex) => {
                let left = budget.0.get().checked_sub(value.len()).ok_or(PatternBudgetSpent)?;
                budget.0.set(left);
                regex.is_match(value)
            }
            Matcher::PoBox => presets::is_po_box(value),
            Matcher::Military => presets::is_military(value),
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
    pub fn breaks(&self, value: Option<&str>, budget: &PatternBudget) -> Result<bool, PatternBudgetSpent> {
        let blank = is_blank(value);
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
        let digits = regex_lite::Regex::new("^[0-9]{5}$").unwrap();
        let mut rule =
            FieldPattern { matcher: Matcher::Pattern(digits), mode: Mode::Require, required: false, fields: vec![] };
        let budget = PatternBudget::default();
        let breaks = |rule: &FieldPattern, v: Option<&str>| rule.breaks(v, &budget).unwrap();
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
            matcher: Matcher::Pattern(regex_lite::Regex::new("x").unwrap()),
            mode: Mode::Block,
            required: false,
            fields: vec![],
        };
        let budget = PatternBudget::default();
        let long = "a".repeat(MAX_MATCHED_BYTES * 2);
        let mut judged = 0;
        while any.breaks(Some(&long), &budget).is_ok() {
            judged += 1;
        }
        assert_eq!(judged, PATTERN_BYTES_PER_RUN / MAX_MATCHED_BYTES);
    }
}
