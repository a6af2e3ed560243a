//! Config v1: checks the merchant's JSON and compiles it into a rule set.
//!
//! Every problem is collected, with its JSON path, so one pass tells the
//! merchant (and the log) everything that is wrong. An invalid rule is skipped;
//! every valid rule still applies.

pub mod problem;

use crate::decimal::{self, WeightUnit};
use crate::json::Json;
use crate::message::{Message, Placeholder, Template};
use crate::rules::address::{
    AddressField, CodeList, Field, FieldPattern, Matcher, Mode, Pattern, PatternError, PostalEntry, PostalList,
};
use crate::rules::limits::{Criteria, Limit, LineFilter};
use crate::rules::{Check, Kind, Measure, Rule, Steps, When};
use crate::text::{eq_fold, fold};
use crate::{AddressOnly, AllFamilies, Family, LimitsOnly, Scope};
pub use problem::{Issue, Problem, RuleRef, Severity};

/// Rules past this many are skipped.
pub const MAX_RULES: usize = 100;
/// Distinct product tags and collection ids together, over valid rules.
pub const MAX_PRODUCT_TERMS: usize = 10;
/// Distinct customer tags, over valid rules.
pub const MAX_CUSTOMER_TAGS: usize = 10;
pub const MAX_PATTERN_CHARS: usize = 256;
pub const MAX_MESSAGE_CHARS: usize = 255;
pub const MAX_ID_CHARS: usize = 64;
pub const PATTERN_NEST_LIMIT: u32 = 25;
/// Problems listed one by one per config; past them, each rule's further
/// problems are only counted (one "N more problems" line per rule). Reporting
/// then costs a bounded amount per config byte however many mistakes a config
/// holds (the function's log shows fewer lines than this anyway).
pub const MAX_LISTED_PROBLEMS: usize = 20;

pub const TOP_KEYS: &[&str] = &["version", "rules"];
pub const COMMON_KEYS: &[&str] = &["id", "kind", "message", "enabled", "monitor", "steps", "when"];
pub const WHEN_KEYS: &[&str] =
    &["countries", "notCountries", "customerTags", "notCustomerTags", "b2b", "currencies", "deliveryMethods"];
pub const FILTER_KEYS: &[&str] =
    &["productIds", "variantIds", "productTags", "collectionIds", "vendors", "productTypes", "except"];
pub const DELIVERY_METHODS: &[&str] = &["SHIPPING", "PICK_UP", "LOCAL", "PICKUP_POINT", "RETAIL", "NONE"];
pub const PRESETS: &[&str] = &["po_box", "military", "postal_format"];
pub const MODES: &[&str] = &["block", "require"];
/// What `postal_format` accepts where other presets accept more (v1.2).
pub const POSTAL_FORMAT_MODE: &str = "\"require\" or no mode (the postal_format preset works in require mode only)";
pub const POSTAL_FORMAT_FIELDS: &str =
    "\"deliveryAddress.zip\" or \"billingAddress.zip\" (the postal_format preset reads postal codes only)";
pub const UNITS: &[&str] = &["g", "kg", "oz", "lb"];

/// The keys a kind takes besides the common ones.
pub fn kind_keys(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::LineQuantity | Kind::ProductQuantity | Kind::CartQuantity => &["min", "max", "multipleOf", "lines"],
        Kind::DistinctLines | Kind::CartSubtotal => &["min", "max", "lines"],
        Kind::CartWeight => &["min", "max", "unit", "lines"],
        Kind::FieldPattern => &["pattern", "preset", "mode", "required", "caseSensitive", "fields"],
        Kind::DeliveryCountry => &["allow", "deny"],
        Kind::DeliveryProvince | Kind::PostalCode => &["country", "allow", "deny"],
    }
}

/// Every key some rule takes: the common keys, then each kind's own (in
/// [`Kind::ALL`] order, each once). A constant, so checking an unknown key
/// builds nothing; a test keeps it equal to what [`kind_keys`] says.
pub const ALL_RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "message",
    "enabled",
    "monitor",
    "steps",
    "when",
    "min",
    "max",
    "multipleOf",
    "lines",
    "unit",
    "pattern",
    "preset",
    "mode",
    "required",
    "caseSensitive",
    "fields",
    "allow",
    "deny",
    "country",
];

/// A checked config: the valid, enabled rules of the requested family, and
/// every problem found.
#[derive(Debug, Default)]
pub struct Compiled {
    pub rules: Vec<Rule>,
    pub problems: Vec<Problem>,
    /// Valid rules that are disabled (`"enabled": false`), by index.
    pub disabled: Vec<usize>,
    /// Product tags, collection ids and customer tags the valid rules name, in
    /// the order of their first mention, each once (tags compared
    /// case-insensitively, kept as first written). The `variables` metafield
    /// is [`Terms::in_metafield_order`] of these.
    pub terms: Terms,
    /// Estimated instructions spent compiling merchant patterns (see
    /// [`PATTERN_COMPILE_BUDGET`]); the run's matching budget is what is left.
    pub pattern_compile_spent: u64,
}

/// Estimated instructions a config's merchant patterns may spend compiling.
/// Compiling costs about as much as the program is large (~10,000 for a small
/// pattern, up to ~300,000 for the largest tier; charged per
/// `rules::address::PATTERN_COMPILE_PER_PROGRAM_BYTE`), so this allows dozens
/// of ordinary patterns or three of the largest; a pattern over it makes its
/// rule invalid. Identical patterns compile once.
pub const PATTERN_COMPILE_BUDGET: u64 = 2_000_000;

/// Merchant patterns compiled so far in a config, and the compile budget left.
struct PatternCache {
    compiled: Vec<(String, bool, Pattern)>,
    left: u64,
}

impl PatternCache {
    /// Takes a compiled pattern's charge from what is left, stopping at 0:
    /// `Pattern::compile` only picks tiers within the budget today, but the
    /// budget must not wrap to ~2^64 if a charge ever outgrows it.
    fn spend(&mut self, cost: u64) {
        self.left = self.left.saturating_sub(cost);
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Terms {
    pub product_tags: Vec<String>,
    pub collection_ids: Vec<String>,
    pub customer_tags: Vec<String>,
}

impl Terms {
    /// The `variables` metafield's lists, derived exactly as the contract says
    /// ("Where it lives"): every term once (tags de-duplicated
    /// case-insensitively, each spelled as at its first mention in the
    /// config), each list sorted by byte value. The input's membership answers
    /// come in this order, so it is the one derivation for the engine, the
    /// CLI and the runner.
    pub fn in_metafield_order(&self) -> Terms {
        let sorted = |list: &[String]| {
            let mut list = list.to_vec();
            list.sort_unstable();
            list
        };
        Terms {
            product_tags: sorted(&self.product_tags),
            collection_ids: sorted(&self.collection_ids),
            customer_tags: sorted(&self.customer_tags),
        }
    }
}

/// Checks and compiles a config. With a family, rules of the other family are
/// skipped (and reported as misplaced) without being checked further; without
/// one (tools), every rule is checked.
pub fn compile(config: Option<&Json>, family: Option<Family>) -> Compiled {
    match family {
        None => compile_scoped::<AllFamilies>(config),
        Some(Family::Limits) => compile_scoped::<LimitsOnly>(config),
        Some(Family::Address) => compile_scoped::<AddressOnly>(config),
    }
}

/// [`compile`] for one scope, fixed at compile time.
pub fn compile_scoped<S: Scope>(config: Option<&Json>) -> Compiled {
    let mut compiled = Compiled::default();
    let top = |path: &str, issue: Issue| Problem { rule: None, path: path.to_string(), issue };
    let Some(config) = config.filter(|c| **c != Json::Null) else {
        compiled.problems.push(top("config", Issue::ConfigMissing));
        return compiled;
    };
    let Some(entries) = config.as_object() else {
        let found = config.describe();
        compiled
            .problems
            .push(top("config", Issue::WrongType { expected: "an object with \"version\" and \"rules\"", found }));
        return compiled;
    };
    let mut unlisted = 0;
    for (key, _) in entries {
        if !TOP_KEYS.contains(&&**key) {
            if compiled.problems.len() >= MAX_LISTED_PROBLEMS {
                unlisted += 1;
                continue;
            }
            let suggestion = problem::suggest(key, TOP_KEYS);
            compiled.problems.push(top(key, Issue::UnknownKey { key: key.to_string(), suggestion }));
        }
    }
    if unlisted > 0 {
        compiled.problems.push(top("config", Issue::NotListed { count: unlisted }));
    }
    match config.get("version") {
        Some(version) if version.as_int() == Some(1) => {}
        Some(other) => compiled.problems.push(top("version", Issue::UnsupportedVersion { found: other.describe() })),
        None => compiled.problems.push(top("version", Issue::MissingKey { key: "version" })),
    }
    let rules = match config.get("rules") {
        Some(Json::Array(rules)) => Some(rules),
        Some(other) => {
            compiled
                .problems
                .push(top("rules", Issue::WrongType { expected: "a list of rules", found: other.describe() }));
            None
        }
        None => {
            compiled.problems.push(top("rules", Issue::MissingKey { key: "rules" }));
            None
        }
    };
    let Some(rules) = rules.filter(|_| compiled.problems.is_empty()) else {
        compiled.problems.push(top("config", Issue::ConfigRejected));
        return compiled;
    };
    let mut seen_ids: Vec<(String, usize)> = Vec::new();
    let mut patterns = PatternCache { compiled: Vec::new(), left: PATTERN_COMPILE_BUDGET };
    let mut room = MAX_LISTED_PROBLEMS;
    for (index, json) in rules.iter().enumerate().take(MAX_RULES) {
        let mut checker = RuleChecker {
            index,
            rule_ref: RuleRef { index, id: None },
            problems: Vec::new(),
            found: 0,
            room: &mut room,
            patterns: &mut patterns,
        };
        let rule = checker.check::<S>(json, &mut seen_ids);
        let rule = rule.filter(|_| checker.found == 0).and_then(|(rule, enabled, terms)| {
            checker.charge_terms(&terms, &mut compiled.terms).then_some((rule, enabled))
        });
        let unlisted = checker.found - checker.problems.len();
        if unlisted > 0 {
            // Always listed: every invalid rule is named at least once.
            let path = format!("rules[{index}]");
            let rule_ref = Some(checker.rule_ref.clone());
            checker.problems.push(Problem { rule: rule_ref, path, issue: Issue::NotListed { count: unlisted } });
        }
        compiled.problems.append(&mut checker.problems);
        match rule {
            Some((rule, true)) => compiled.rules.push(rule),
            Some((rule, false)) => {
                let rule_ref = RuleRef { index, id: Some(rule.id) };
                let path = format!("rules[{index}].enabled");
                compiled.problems.push(Problem { rule: Some(rule_ref), path, issue: Issue::Disabled });
                compiled.disabled.push(index);
            }
            None => {}
        }
    }
    compiled.pattern_compile_spent = PATTERN_COMPILE_BUDGET - patterns.left;
    if let Some(first_skipped) = rules.get(MAX_RULES) {
        // Named like every other problem: the first skipped rule's path and id.
        let id = match first_skipped.get("id") {
            Some(Json::Str(id)) if valid_id(id) => Some(id.to_string()),
            _ => None,
        };
        compiled.problems.push(Problem {
            rule: Some(RuleRef { index: MAX_RULES, id }),
            path: format!("rules[{MAX_RULES}]"),
            issue: Issue::TooManyRules { skipped: rules.len() - MAX_RULES, limit: MAX_RULES },
        });
    }
    compiled
}

/// What one rule names that must reach the function through `variables`,
/// as written, in the order of the rule's text.
#[derive(Default)]
struct RuleTerms {
    product_tags: Vec<String>,
    collection_ids: Vec<String>,
    customer_tags: Vec<String>,
}

struct RuleChecker<'p> {
    index: usize,
    rule_ref: RuleRef,
    /// The problems listed (at most the config's room).
    problems: Vec<Problem>,
    /// Problems found, listed or not: the rule is valid when there are none.
    found: usize,
    /// Problems the config may still list ([`MAX_LISTED_PROBLEMS`]).
    room: &'p mut usize,
    patterns: &'p mut PatternCache,
}

/// Fillable placeholders: which bounds a rule has.
#[derive(Default)]
struct Fillable {
    min: bool,
    max: bool,
    multiple_of: bool,
}

impl RuleChecker<'_> {
    fn problem(&mut self, sub: &str, issue: Issue) {
        self.found += 1;
        if *self.room == 0 {
            return;
        }
        *self.room -= 1;
        // Paths are built only here, for a problem: valid configs format none.
        let path = format!("rules[{}]{sub}", self.index);
        self.problems.push(Problem { rule: Some(self.rule_ref.clone()), path, issue });
    }

    /// Whether another problem would be listed. Loops over a config's own
    /// lists check it before describing a problem: past the room, a problem
    /// costs a count.
    fn listing(&mut self) -> bool {
        if *self.room == 0 {
            self.found += 1;
        }
        *self.room > 0
    }

    fn wrong(&mut self, sub: &str, expected: &'static str, found: &Json) {
        self.problem(sub, Issue::WrongType { expected, found: found.describe() });
    }

    fn check<S: Scope>(&mut self, json: &Json, seen_ids: &mut Vec<(String, usize)>) -> Option<(Rule, bool, RuleTerms)> {
        let Some(entries) = json.as_object() else {
            self.wrong("", "a rule object", json);
            return None;
        };
        let id = match json.get("id") {
            Some(Json::Str(id)) if valid_id(id) => Some(id.to_string()),
            Some(other) => {
                self.wrong(".id", "1-64 characters of A-Z a-z 0-9 _ -", other);
                None
            }
            None => {
                self.problem("", Issue::MissingKey { key: "id" });
                None
            }
        };
        if let Some(id) = &id {
            self.rule_ref.id = Some(id.clone());
            match seen_ids.iter().find(|(seen, _)| seen == id) {
                Some((_, first)) => self.problem(".id", Issue::DuplicateId { first: *first }),
                None => seen_ids.push((id.clone(), self.index)),
            }
        }
        let kind = match json.get("kind") {
            Some(Json::Str(name)) => {
                let kind = Kind::from_name(name);
                if kind.is_none() {
                    let names: Vec<&'static str> = Kind::ALL.iter().map(|k| k.name()).collect();
                    let suggestion = problem::suggest(name, &names);
                    self.problem(".kind", Issue::UnknownKind { found: Json::Str(name.clone()).describe(), suggestion });
                }
                kind
            }
            Some(other) => {
                self.wrong(".kind", "a kind name such as \"line_quantity\"", other);
                None
            }
            None => {
                self.problem("", Issue::MissingKey { key: "kind" });
                None
            }
        };
        if let (Some(kind), Some(family)) = (kind, S::FAMILY) {
            if kind.family() != family {
                let family = match kind.family() {
                    Family::Limits => "order limits",
                    Family::Address => "address rules",
                };
                self.problem(".kind", Issue::Misplaced { kind: kind.name(), family });
                return None;
            }
        }
        for (key, _) in entries {
            let allowed = COMMON_KEYS.contains(&&**key) || kind.is_none_or(|k| kind_keys(k).contains(&&**key));
            if allowed || !self.listing() {
                continue;
            }
            let issue = match kind {
                Some(kind) if ALL_RULE_KEYS.contains(&&**key) => {
                    Issue::KeyNotForKind { key: key.to_string(), kind: kind.name() }
                }
                _ => {
                    let mut candidates: Vec<&str> = COMMON_KEYS.to_vec();
                    match kind {
                        Some(kind) => candidates.extend_from_slice(kind_keys(kind)),
                        None => candidates.extend_from_slice(ALL_RULE_KEYS),
                    }
                    Issue::UnknownKey { key: key.to_string(), suggestion: problem::suggest(key, &candidates) }
                }
            };
            self.problem(&format!(".{key}"), issue);
        }
        let enabled = match json.get("enabled") {
            None | Some(Json::Bool(true)) => true,
            Some(Json::Bool(false)) => false,
            Some(other) => {
                self.wrong(".enabled", "true or false", other);
                true
            }
        };
        let monitor = match json.get("monitor") {
            None | Some(Json::Bool(false)) => false,
            Some(Json::Bool(true)) => true,
            Some(other) => {
                self.wrong(".monitor", "true or false", other);
                false
            }
        };
        let steps = self.steps(json.get("steps"));
        let mut terms = RuleTerms::default();
        let when = self.when(json.get("when"), &mut terms);
        let mut fillable = Fillable::default();
        let check = kind.and_then(|kind| self.kind_check::<S>(kind, json, &mut fillable, &mut terms));
        let message = self.message(json.get("message"), kind, &fillable);
        let (kind, check, message) = (kind?, check?, message?);
        let id = id?;
        Some((Rule { index: self.index, id, kind, steps, when, message, check, monitor }, enabled, terms))
    }

    /// Charges a valid rule's terms against the config-wide budgets; a rule that
    /// would name one term too many is invalid.
    fn charge_terms(&mut self, terms: &RuleTerms, totals: &mut Terms) -> bool {
        /// Terms of `wanted` not yet in `have` nor earlier in `wanted`, first
        /// spelling kept; stops past the limit (a rule may list thousands:
        /// no quadratic work on them).
        fn new_terms<'t>(wanted: &'t [String], have: &[String], same: fn(&str, &str) -> bool) -> Vec<&'t str> {
            let mut out: Vec<&str> = Vec::new();
            for term in wanted {
                if out.len() > MAX_PRODUCT_TERMS.max(MAX_CUSTOMER_TAGS) {
                    break;
                }
                if !have.iter().any(|h| same(h, term)) && !out.iter().any(|o| same(o, term)) {
                    out.push(term);
                }
            }
            out
        }
        let exact = |a: &str, b: &str| a == b;
        let product_terms_now = totals.product_tags.len() + totals.collection_ids.len();
        let product_new = new_terms(&terms.product_tags, &totals.product_tags, eq_fold);
        let collection_new = new_terms(&terms.collection_ids, &totals.collection_ids, exact);
        let mut ok = true;
        if product_terms_now + product_new.len() + collection_new.len() > MAX_PRODUCT_TERMS {
            self.problem(
                ".lines",
                Issue::TooManyTerms { what: "product tags and collection ids", limit: MAX_PRODUCT_TERMS },
            );
            ok = false;
        }
        let customer_new = new_terms(&terms.customer_tags, &totals.customer_tags, eq_fold);
        if totals.customer_tags.len() + customer_new.len() > MAX_CUSTOMER_TAGS {
            self.problem(".when", Issue::TooManyTerms { what: "customer tags", limit: MAX_CUSTOMER_TAGS });
            ok = false;
        }
        if ok {
            totals.product_tags.extend(product_new.into_iter().map(String::from));
            totals.collection_ids.extend(collection_new.into_iter().map(String::from));
            totals.customer_tags.extend(customer_new.into_iter().map(String::from));
        }
        ok
    }

    fn steps(&mut self, json: Option<&Json>) -> Option<Steps> {
        let json = json?;
        let Json::Array(items) = json else {
            self.wrong(".steps", "a list of buyer-journey steps", json);
            return None;
        };
        if items.is_empty() {
            self.problem(".steps", Issue::EmptyList);
            return None;
        }
        let mut steps = Steps::empty();
        for (i, item) in items.iter().enumerate() {
            match item.as_str().map(|s| (s, Steps::from_name(s))) {
                Some((_, Some(step))) => steps.insert(step),
                _ if !self.listing() => {}
                Some((name, None)) => self.problem(
                    &format!(".steps[{i}]"),
                    Issue::UnknownValue {
                        found: item.describe(),
                        expected: "CART_INTERACTION, CHECKOUT_INTERACTION or CHECKOUT_COMPLETION",
                        suggestion: problem::suggest(name, &Steps::NAMES),
                    },
                ),
                None => self.wrong(&format!(".steps[{i}]"), "a buyer-journey step name", item),
            }
        }
        Some(steps)
    }

    /// A list of strings, each checked by `valid`. Absent → empty.
    /// A list of strings at `{parent}{key}` (the path is built only for a problem).
    fn strings(
        &mut self,
        json: Option<&Json>,
        (parent, key): (&str, &str),
        expected: &'static str,
        valid: &dyn Fn(&str) -> bool,
    ) -> Vec<String> {
        let Some(json) = json else { return Vec::new() };
        let Json::Array(items) = json else {
            self.wrong(&format!("{parent}{key}"), "a list", json);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if valid(s) => out.push(s.to_string()),
                _ if !self.listing() => {}
                _ => self.wrong(&format!("{parent}{key}[{i}]"), expected, item),
            }
        }
        out
    }

    fn object<'j>(&mut self, json: &'j Json, sub: &str, keys: &[&'static str]) -> Option<&'j Json<'j>> {
        let Some(entries) = json.as_object() else {
            self.wrong(sub, "an object", json);
            return None;
        };
        for (key, _) in entries {
            if !keys.contains(&&**key) && self.listing() {
                let suggestion = problem::suggest(key, keys);
                self.problem(&format!("{sub}.{key}"), Issue::UnknownKey { key: key.to_string(), suggestion });
            }
        }
        Some(json)
    }

    fn when(&mut self, json: Option<&Json>, terms: &mut RuleTerms) -> When {
        let Some(json) = json.and_then(|j| self.object(j, ".when", WHEN_KEYS)) else {
            return When::default();
        };
        let country = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
        let currency = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
        let tag = |s: &str| !s.trim().is_empty() && s.chars().count() <= 255;
        const COUNTRY: &str = "a two-letter upper-case country code such as \"US\"";
        let countries = self.strings(json.get("countries"), ("", ".when.countries"), COUNTRY, &country);
        let not_countries = self.strings(json.get("notCountries"), ("", ".when.notCountries"), COUNTRY, &country);
        let customer_tags = self.strings(json.get("customerTags"), ("", ".when.customerTags"), "a non-empty tag", &tag);
        let not_customer_tags =
            self.strings(json.get("notCustomerTags"), ("", ".when.notCustomerTags"), "a non-empty tag", &tag);
        let currencies = self.strings(
            json.get("currencies"),
            ("", ".when.currencies"),
            "a three-letter upper-case currency code such as \"EUR\"",
            &currency,
        );
        let delivery_methods = self.strings(
            json.get("deliveryMethods"),
            ("", ".when.deliveryMethods"),
            "SHIPPING, PICK_UP, LOCAL, PICKUP_POINT, RETAIL or NONE",
            &|s| DELIVERY_METHODS.contains(&s),
        );
        let b2b = match json.get("b2b") {
            None => None,
            Some(Json::Bool(b)) => Some(*b),
            Some(other) => {
                self.wrong(".when.b2b", "true or false", other);
                None
            }
        };
        // Terms as written, in the order of the config's text.
        let (first, second) = if key_position(json, "notCustomerTags") < key_position(json, "customerTags") {
            (&not_customer_tags, &customer_tags)
        } else {
            (&customer_tags, &not_customer_tags)
        };
        terms.customer_tags.extend(first.iter().chain(second).cloned());
        let folded = |tags: &[String]| -> Vec<String> { tags.iter().map(|t| fold(t)).collect() };
        When {
            countries,
            not_countries,
            customer_tags: folded(&customer_tags),
            not_customer_tags: folded(&not_customer_tags),
            b2b,
            currencies,
            delivery_methods,
        }
    }

    fn criteria(&mut self, json: &Json, sub: &str, terms: &mut RuleTerms) -> Criteria {
        let gid = |prefix: &'static str| {
            move |s: &str| {
                s.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            }
        };
        let text = |s: &str| !s.trim().is_empty();
        let product_ids = self.strings(
            json.get("productIds"),
            (sub, ".productIds"),
            "a product GID such as \"gid://shopify/Product/123\"",
            &gid("gid://shopify/Product/"),
        );
        let variant_ids = self.strings(
            json.get("variantIds"),
            (sub, ".variantIds"),
            "a variant GID such as \"gid://shopify/ProductVariant/123\"",
            &gid("gid://shopify/ProductVariant/"),
        );
        let collection_ids = self.strings(
            json.get("collectionIds"),
            (sub, ".collectionIds"),
            "a collection GID such as \"gid://shopify/Collection/123\"",
            &gid("gid://shopify/Collection/"),
        );
        // Shopify caps tags at 255 characters (as `when.customerTags` checks):
        // a longer one could never match, and every cart line would echo it.
        let tag = |s: &str| !s.trim().is_empty() && s.chars().count() <= 255;
        let product_tags = self.strings(json.get("productTags"), (sub, ".productTags"), "a non-empty tag", &tag);
        let vendors = self.strings(json.get("vendors"), (sub, ".vendors"), "a non-empty vendor name", &text);
        let product_types =
            self.strings(json.get("productTypes"), (sub, ".productTypes"), "a non-empty product type", &text);
        terms.product_tags.extend(product_tags.iter().cloned());
        terms.collection_ids.extend(collection_ids.iter().cloned());
        Criteria {
            product_ids,
            variant_ids,
            product_tags: product_tags.iter().map(|t| fold(t)).collect(),
            collection_ids,
            vendors: vendors.iter().map(|v| fold(v)).collect(),
            product_types: product_types.iter().map(|t| fold(t)).collect(),
        }
    }

    fn line_filter(&mut self, json: Option<&Json>, terms: &mut RuleTerms) -> LineFilter {
        let Some(json) = json.and_then(|j| self.object(j, ".lines", FILTER_KEYS)) else {
            return LineFilter::default();
        };
        // Terms are collected in the order of the config's text.
        let mut include_terms = RuleTerms::default();
        let include = self.criteria(json, ".lines", &mut include_terms);
        let mut except_terms = RuleTerms::default();
        let except = match json.get("except") {
            Some(except) => match self.object(except, ".lines.except", &FILTER_KEYS[..FILTER_KEYS.len() - 1]) {
                Some(except) => self.criteria(except, ".lines.except", &mut except_terms),
                None => Criteria::default(),
            },
            None => Criteria::default(),
        };
        // (Collection ids compare exactly: their order does not change the metafield.)
        if key_position(json, "except") < key_position(json, "productTags") {
            include_terms.product_tags.splice(0..0, except_terms.product_tags);
        } else {
            include_terms.product_tags.append(&mut except_terms.product_tags);
        }
        include_terms.collection_ids.append(&mut except_terms.collection_ids);
        terms.product_tags.append(&mut include_terms.product_tags);
        terms.collection_ids.append(&mut include_terms.collection_ids);
        LineFilter { include, except }
    }

    /// The kind's own keys. Kinds outside the scope never get here (they are
    /// misplaced); the `S::` guards let the compiler drop their code.
    fn kind_check<S: Scope>(
        &mut self,
        kind: Kind,
        json: &Json,
        fillable: &mut Fillable,
        terms: &mut RuleTerms,
    ) -> Option<Check> {
        match kind {
            _ if kind.family() == Family::Limits && !S::LIMITS => None,
            _ if kind.family() == Family::Address && !S::ADDRESS => None,
            Kind::LineQuantity | Kind::ProductQuantity | Kind::CartQuantity | Kind::DistinctLines if S::LIMITS => {
                let count = |checker: &mut Self, key: &str| -> Option<i128> {
                    let value = json.get(key)?;
                    match value {
                        n if n.as_int().is_some_and(|n| n >= 1) => n.as_int().map(i128::from),
                        other => {
                            checker.wrong(&format!(".{key}"), "a whole number >= 1", other);
                            None
                        }
                    }
                };
                let min = count(self, "min");
                let max = count(self, "max");
                let multiple_of = if kind == Kind::DistinctLines { None } else { count(self, "multipleOf") };
                let measure = match kind {
                    Kind::LineQuantity => Measure::LineQuantity,
                    Kind::ProductQuantity => Measure::ProductQuantity,
                    Kind::CartQuantity => Measure::CartQuantity,
                    _ => Measure::DistinctLines,
                };
                let bounds = if kind == Kind::DistinctLines { "min, max" } else { "min, max, multipleOf" };
                self.limit(json, measure, (min, max, multiple_of), bounds, fillable, terms)
            }
            Kind::CartSubtotal if S::LIMITS => {
                let amount = |checker: &mut Self, key: &str| -> Option<i128> {
                    let value = json.get(key)?;
                    match value.as_str().and_then(decimal::parse_amount) {
                        Some(micros) if micros >= 0 => Some(micros),
                        _ => {
                            checker.wrong(&format!(".{key}"), "a decimal string such as \"50.00\"", value);
                            None
                        }
                    }
                };
                let min = amount(self, "min");
                let max = amount(self, "max");
                self.limit(json, Measure::Subtotal, (min, max, None), "min, max", fillable, terms)
            }
            Kind::CartWeight if S::LIMITS => {
                let unit = match json.get("unit") {
                    Some(value) => match value.as_str().and_then(WeightUnit::from_config) {
                        Some(unit) => Some(unit),
                        None => {
                            let suggestion = value.as_str().and_then(|s| problem::suggest(s, UNITS));
                            self.problem(
                                ".unit",
                                Issue::UnknownValue {
                                    found: value.describe(),
                                    expected: "g, kg, oz or lb",
                                    suggestion,
                                },
                            );
                            None
                        }
                    },
                    None => {
                        self.problem("", Issue::MissingKey { key: "unit" });
                        None
                    }
                };
                let weight = |checker: &mut Self, key: &str| -> Option<i128> {
                    let value = json.get(key)?;
                    let number = match value {
                        Json::Number(raw) if !raw.starts_with('-') => Some(*raw),
                        _ => None,
                    };
                    match (number, unit) {
                        (Some(raw), Some(unit)) => {
                            let nanograms = unit.to_nanograms(raw);
                            if nanograms.is_none() {
                                checker.wrong(&format!(".{key}"), "a number >= 0", value);
                            }
                            nanograms
                        }
                        (Some(_), None) => None,
                        (None, _) => {
                            checker.wrong(&format!(".{key}"), "a number >= 0", value);
                            None
                        }
                    }
                };
                let min = weight(self, "min");
                let max = weight(self, "max");
                let check = self.limit(
                    json,
                    Measure::Weight(unit.unwrap_or(WeightUnit::Grams)),
                    (min, max, None),
                    "min, max",
                    fillable,
                    terms,
                );
                check.filter(|_| unit.is_some())
            }
            Kind::FieldPattern if S::ADDRESS => self.field_pattern(json).map(Check::FieldPattern),
            Kind::DeliveryCountry if S::ADDRESS => {
                let country = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase());
                let list = self.allow_deny(json, "a two-letter upper-case country code such as \"US\"", &country)?;
                Some(Check::DeliveryCountry(CodeList { allow: list.0, codes: list.1 }))
            }
            Kind::DeliveryProvince if S::ADDRESS => {
                let country = self.country(json.get("country"), true);
                let list = self.allow_deny(json, "a province code such as \"CA\"", &|s: &str| !s.trim().is_empty());
                let (allow, codes) = list?;
                let codes = codes.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
                Some(Check::DeliveryProvince { country: country?, list: CodeList { allow, codes } })
            }
            Kind::PostalCode if S::ADDRESS => {
                let country = json.get("country").map(|c| self.country(Some(c), false));
                let list =
                    self.allow_deny(json, "a postal code, prefix (\"100*\") or range (\"90000-96199\")", &|s: &str| {
                        !s.trim().is_empty() && s.trim() != "*"
                    });
                let (allow, entries) = list?;
                let entries = entries.iter().map(|e| PostalEntry::parse(e)).collect();
                let country = match country {
                    Some(Some(c)) => Some(c),
                    Some(None) => return None,
                    None => None,
                };
                Some(Check::PostalCode { country, list: PostalList { allow, entries } })
            }
            _ => None,
        }
    }

    fn country(&mut self, json: Option<&Json>, required: bool) -> Option<String> {
        match json {
            Some(Json::Str(c)) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c.to_string()),
            Some(other) => {
                self.wrong(".country", "a two-letter upper-case country code such as \"US\"", other);
                None
            }
            None => {
                if required {
                    self.problem("", Issue::MissingKey { key: "country" });
                }
                None
            }
        }
    }

    /// `allow` or `deny` (exactly one, non-empty): `(is_allow, entries)`.
    fn allow_deny(
        &mut self,
        json: &Json,
        expected: &'static str,
        valid: &dyn Fn(&str) -> bool,
    ) -> Option<(bool, Vec<String>)> {
        let (allow, deny) = (json.get("allow"), json.get("deny"));
        let (is_allow, list, key) = match (allow, deny) {
            (Some(_), Some(_)) => {
                self.problem("", Issue::EitherNotBoth { a: "allow", b: "deny" });
                return None;
            }
            (None, None) => {
                self.problem("", Issue::OneOfRequired { a: "allow", b: "deny" });
                return None;
            }
            (Some(list), None) => (true, list, ".allow"),
            (None, Some(list)) => (false, list, ".deny"),
        };
        let before = self.found;
        let entries = self.strings(Some(list), ("", key), expected, valid);
        if self.found > before {
            return None;
        }
        if entries.is_empty() {
            self.problem(key, Issue::EmptyList);
            return None;
        }
        Some((is_allow, entries))
    }

    fn limit(
        &mut self,
        json: &Json,
        measure: Measure,
        (min, max, multiple_of): (Option<i128>, Option<i128>, Option<i128>),
        bounds: &'static str,
        fillable: &mut Fillable,
        terms: &mut RuleTerms,
    ) -> Option<Check> {
        let filter = self.line_filter(json.get("lines"), terms);
        let named = |key: &str| json.get(key).is_some();
        *fillable = Fillable { min: named("min"), max: named("max"), multiple_of: named("multipleOf") };
        if !named("min") && !named("max") && !named("multipleOf") {
            self.problem("", Issue::NoBound { bounds });
            return None;
        }
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                self.problem(".min", Issue::MinAboveMax);
                return None;
            }
        }
        Some(Check::Limit(Limit { measure, min, max, multiple_of, filter }))
    }

    fn field_pattern(&mut self, json: &Json) -> Option<FieldPattern> {
        let flag = |checker: &mut Self, key: &str| -> bool {
            match json.get(key) {
                None => false,
                Some(Json::Bool(b)) => *b,
                Some(other) => {
                    checker.wrong(&format!(".{key}"), "true or false", other);
                    false
                }
            }
        };
        let required = flag(self, "required");
        let case_sensitive = flag(self, "caseSensitive");
        // `None` inside: not given (block, or require for postal_format).
        let mode = match json.get("mode") {
            None => Some(None),
            Some(Json::Str(m)) if m == "block" => Some(Some(Mode::Block)),
            Some(Json::Str(m)) if m == "require" => Some(Some(Mode::Require)),
            Some(other) => {
                let suggestion = other.as_str().and_then(|s| problem::suggest(s, MODES));
                self.problem(
                    ".mode",
                    Issue::UnknownValue { found: other.describe(), expected: "\"block\" or \"require\"", suggestion },
                );
                None
            }
        };
        let fields = match json.get("fields") {
            None => {
                self.problem("", Issue::MissingKey { key: "fields" });
                None
            }
            Some(Json::Array(items)) if items.is_empty() => {
                self.problem(".fields", Issue::EmptyList);
                None
            }
            Some(Json::Array(items)) => {
                let mut fields = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    match item.as_str().and_then(Field::parse) {
                        Some(field) if !fields.contains(&field) => fields.push(field),
                        _ if !self.listing() => {}
                        Some(_) => self.wrong(&format!(".fields[{i}]"), "each field once", item),
                        None => {
                            let suggestion = item.as_str().and_then(|s| problem::suggest(s, Field::NAMES));
                            let found = match suggestion {
                                Some(s) => format!("{} (did you mean \"{s}\"?)", item.describe()),
                                None => item.describe(),
                            };
                            self.problem(
                                &format!(".fields[{i}]"),
                                Issue::WrongType {
                                    expected: "a field such as \"deliveryAddress.address1\" or \"buyerIdentity.email\"",
                                    found,
                                },
                            );
                        }
                    }
                }
                Some(fields)
            }
            Some(other) => {
                self.wrong(".fields", "a list of field names", other);
                None
            }
        };
        let matcher = match (json.get("pattern"), json.get("preset")) {
            (Some(_), Some(_)) => {
                self.problem("", Issue::EitherNotBoth { a: "pattern", b: "preset" });
                None
            }
            (None, None) => {
                self.problem("", Issue::OneOfRequired { a: "pattern", b: "preset" });
                None
            }
            (None, Some(preset)) => match preset.as_str() {
                Some("po_box") => Some(Matcher::PoBox),
                Some("military") => Some(Matcher::Military),
                Some("postal_format") => Some(Matcher::PostalFormat),
                _ => {
                    let suggestion = preset.as_str().and_then(|s| problem::suggest(s, PRESETS));
                    self.problem(
                        ".preset",
                        Issue::UnknownValue {
                            found: preset.describe(),
                            expected: "\"po_box\", \"military\" or \"postal_format\"",
                            suggestion,
                        },
                    );
                    None
                }
            },
            (Some(Json::Str(pattern)), None) => self.pattern(pattern, case_sensitive),
            (Some(other), None) => {
                self.wrong(".pattern", "a regular expression string", other);
                None
            }
        };
        let matcher = matcher?;
        let mode = match (mode?, &matcher) {
            (Some(mode), _) => mode,
            (None, Matcher::PostalFormat) => Mode::Require,
            (None, _) => Mode::Block,
        };
        if matcher == Matcher::PostalFormat && !self.postal_format(json, mode) {
            return None;
        }
        Some(FieldPattern { matcher, mode, required, fields: fields? })
    }

    /// Contract v1.2: `postal_format` judges postal codes, in require mode only.
    fn postal_format(&mut self, json: &Json, mode: Mode) -> bool {
        let before = self.found;
        if let (Mode::Block, Some(given)) = (mode, json.get("mode")) {
            self.wrong(".mode", POSTAL_FORMAT_MODE, given);
        }
        if let Some(Json::Array(items)) = json.get("fields") {
            for (i, item) in items.iter().enumerate() {
                let zip = matches!(
                    item.as_str().and_then(Field::parse),
                    Some(Field::Delivery(AddressField::Zip) | Field::Billing(AddressField::Zip))
                );
                // Unknown names are reported above; postal_format refuses the other known ones.
                if !zip && item.as_str().and_then(Field::parse).is_some() {
                    self.wrong(&format!(".fields[{i}]"), POSTAL_FORMAT_FIELDS, item);
                }
            }
        }
        self.found == before
    }

    fn pattern(&mut self, pattern: &str, case_sensitive: bool) -> Option<Matcher> {
        let chars = pattern.chars().count();
        if chars > MAX_PATTERN_CHARS {
            self.problem(".pattern", Issue::PatternTooLong { chars });
            return None;
        }
        if chars == 0 {
            self.problem(".pattern", Issue::PatternInvalid { reason: "the pattern is empty".into() });
            return None;
        }
        let cache = &mut *self.patterns;
        if let Some((.., known)) = cache.compiled.iter().find(|(p, c, _)| p == pattern && *c == case_sensitive) {
            return Some(Matcher::Pattern(known.clone()));
        }
        match Pattern::compile(pattern, case_sensitive, PATTERN_NEST_LIMIT, cache.left) {
            Err(PatternError::OverBudget) => {
                // Trying the tiers it could afford cost up to what was left.
                cache.left = 0;
                self.problem(".pattern", Issue::PatternCompileBudget { limit: PATTERN_COMPILE_BUDGET });
                None
            }
            Ok(compiled) => {
                cache.spend(compiled.compile_cost());
                cache.compiled.push((pattern.to_string(), case_sensitive, compiled.clone()));
                Some(Matcher::Pattern(compiled))
            }
            Err(PatternError::Syntax(reason)) => {
                self.problem(".pattern", Issue::PatternInvalid { reason });
                None
            }
            Err(PatternError::Oversized) => {
                self.problem(".pattern", Issue::PatternOversized);
                None
            }
        }
    }

    fn message(&mut self, json: Option<&Json>, kind: Option<Kind>, fillable: &Fillable) -> Option<Message> {
        let Some(json) = json else {
            self.problem("", Issue::MissingKey { key: "message" });
            return None;
        };
        // (language tag, or None for a plain string; text)
        let entries: Vec<(Option<&str>, &Json)> = match json {
            Json::Str(_) => vec![(None, json)],
            Json::Object(entries) if !entries.is_empty() => {
                entries.iter().map(|(tag, text)| (Some(&**tag), text)).collect()
            }
            Json::Object(_) => {
                self.wrong(".message", "a message or an object of messages by language", json);
                return None;
            }
            other => {
                self.wrong(".message", "a string, or an object from language tag to string", other);
                return None;
            }
        };
        let before = self.found;
        let mut templates = Vec::new();
        // Sorted (binary search): a message object may have thousands of keys.
        let mut seen_tags: Vec<String> = Vec::new();
        for (given, text) in entries {
            // The JSON path, built only for a problem.
            let sub = || given.map_or_else(|| ".message".to_string(), |tag| format!(".message.{tag}"));
            let tag = given.unwrap_or("default").to_string();
            // Keys compare case-insensitively: "DEFAULT", "EN" and "Pt-br" are keys.
            if !tag.eq_ignore_ascii_case("default") && !valid_language_tag(&tag) {
                if !self.listing() {
                    continue;
                }
                self.wrong(
                    &sub(),
                    "a language tag such as \"en\", \"pt-BR\" or \"default\"",
                    &Json::Str(tag.clone().into()),
                );
                continue;
            }
            let lower = tag.to_ascii_lowercase();
            match seen_tags.binary_search(&lower) {
                Err(at) => seen_tags.insert(at, lower),
                Ok(_) => {
                    if self.listing() {
                        self.wrong(&sub(), "each language once", &Json::Str(tag.clone().into()));
                    }
                    continue;
                }
            }
            let Some(text) = text.as_str() else {
                self.wrong(&sub(), "a message string", text);
                continue;
            };
            let chars = text.chars().count();
            if chars == 0 || chars > MAX_MESSAGE_CHARS {
                self.problem(&sub(), Issue::MessageLength { chars });
                continue;
            }
            match Template::parse(text) {
                Ok(template) => {
                    for placeholder in template.placeholders() {
                        if let Some(why) = kind.and_then(|k| unavailable(placeholder, k, fillable)) {
                            self.problem(&sub(), Issue::PlaceholderUnavailable { name: placeholder.name(), why });
                        }
                    }
                    templates.push((tag, template));
                }
                Err(error) => self.problem(&sub(), Issue::Template(error)),
            }
        }
        (self.found == before && !templates.is_empty()).then(|| Message::new(templates))
    }
}

/// Why a rule of this kind cannot fill a placeholder, or `None` if it can.
fn unavailable(placeholder: Placeholder, kind: Kind, fillable: &Fillable) -> Option<&'static str> {
    let limits = kind.family() == Family::Limits;
    match placeholder {
        Placeholder::Min if !fillable.min => Some("the rule has no min"),
        Placeholder::Max if !fillable.max => Some("the rule has no max"),
        Placeholder::MultipleOf if !fillable.multiple_of => Some("the rule has no multipleOf"),
        Placeholder::Actual if !limits => Some("address rules never print the buyer's data"),
        Placeholder::Product if !matches!(kind, Kind::LineQuantity | Kind::ProductQuantity) => {
            Some("only line_quantity and product_quantity rules name a product")
        }
        Placeholder::Field if kind != Kind::FieldPattern => Some("only field_pattern rules name a field"),
        _ => None,
    }
}

/// Where the (last, as [`Json::get`] reads it) `key` of an object stands;
/// `usize::MAX` when absent.
fn key_position(json: &Json, key: &str) -> usize {
    json.as_object().and_then(|entries| entries.iter().rposition(|(k, _)| k == key)).unwrap_or(usize::MAX)
}

fn valid_id(id: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `en`, `pt-BR`, `zh-Hant-TW`: a 2–3 letter language and optional subtags.
fn valid_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_charges_over_the_budget_leave_nothing_instead_of_wrapping() {
        let mut cache = PatternCache { compiled: Vec::new(), left: 15_000 };
        cache.spend(10_000);
        assert_eq!(cache.left, 5_000);
        // A charge over what is left (a tier that costs more than `compile`
        // checked, or a charge changed in one place only) spends it all.
        cache.spend(PATTERN_COMPILE_BUDGET);
        assert_eq!(cache.left, 0);
        cache.spend(1);
        assert_eq!(cache.left, 0);
    }

    #[test]
    fn all_rule_keys_are_the_common_and_kind_keys() {
        let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
        for kind in Kind::ALL {
            for key in kind_keys(kind) {
                if !keys.contains(key) {
                    keys.push(key);
                }
            }
        }
        assert_eq!(ALL_RULE_KEYS, keys);
    }
}
