//! `checkout-guard lint`: everything wrong with a config, at once.
//!
//! Errors are what the function itself rejects (every [`Severity::Error`]
//! the engine's checker reports, invalid JSON, a metafield value over 10,000
//! bytes, over 100 rules): an invalid rule is skipped at checkout. Warnings
//! are valid configs that probably do not do what the merchant wants. Notes
//! are things to know that need no fix (monitored rules).

use crate::estimate;
use crate::hints;
use crate::jsontext::{self, ConfigFile};
use crate::split::{self, FamilyConfig};
use crate::variables::Variables;
use checkout_guard::config::{self, Compiled, Problem, Severity};
use checkout_guard::json::Json;
use checkout_guard::rules::address::{AddressField, Field, Matcher, Mode, PatternBudget, PATTERN_SIZE_TIERS};
use checkout_guard::rules::limits::Criteria;
use checkout_guard::rules::{postal, Check, Rule, Steps};
use checkout_guard::text::{eq_fold, fold};
use checkout_guard::Family;
use serde::Serialize;

/// Shopify hands a function no metafield value over this many bytes.
pub const METAFIELD_MAX_BYTES: usize = 10_000;

/// One problem, where it is and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// JSON path into the config (`rules[3].max`), `config` for the whole
    /// file, `variables.<key>[i]` for the `--variables` file.
    pub path: String,
    pub rule_index: Option<usize>,
    pub rule_id: Option<String>,
    /// Stable machine-readable name of the problem.
    pub code: String,
    pub message: String,
    /// A one-line fix, when there is an obvious one.
    pub hint: Option<String>,
}

/// `--format json` of `lint`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
    /// Never a failure, even with `--deny-warnings`.
    pub notes: Vec<Finding>,
}

/// What the config holds, for the closing line of the human output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub rules: usize,
    pub limits: usize,
    pub address: usize,
}

pub struct Linted {
    pub report: Report,
    /// `None` when the config is not JSON.
    pub summary: Option<Summary>,
}

/// A pattern that can be matched against fewer values of
/// [`TYPICAL_VALUE_BYTES`] than this per checkout gets a warning.
const EXPENSIVE_PATTERN_VALUES: u64 = 3;
/// A long address line or email.
const TYPICAL_VALUE_BYTES: usize = 64;

/// Values a pattern that "matches everything" matches: unrelated scripts,
/// digits, punctuation.
/// The long one keeps length limits such as `^.{0,60}$` from counting.
const PROBES: &[&str] = &[
    "x",
    "Z9",
    "~",
    "é ü",
    "123 Main St",
    "京都",
    "a long value, longer than any length limit a merchant would set: 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789",
];

pub fn lint(file: &ConfigFile, variables: Option<&Variables>) -> Linted {
    let json = match file.parse() {
        Ok(json) => json,
        Err(message) => {
            let finding = Finding {
                path: "config".into(),
                rule_index: None,
                rule_id: None,
                code: "invalid_json".into(),
                message,
                hint: Some("fix the JSON at the position shown; the function applies no rule".into()),
            };
            let report = Report { errors: vec![finding], ..Report::default() };
            return Linted { report, summary: None };
        }
    };
    let compiled = config::compile(Some(&json), None);
    let mut linter = Linter { json: &json, report: Report::default() };
    for problem in &compiled.problems {
        linter.problem(problem);
    }
    let split = split::split(&json);
    linter.sizes(split.as_ref());
    linter.repeated_keys();
    for rule in &compiled.rules {
        linter.monitor(rule);
        linter.steps(rule);
        linter.pattern(rule);
        linter.military_city(rule);
        linter.conditions(rule);
        linter.filter(rule);
        linter.address_scope(rule);
    }
    if let Some([limits, _]) = &split {
        linter.input_size(&compiled, limits);
    }
    if let Some(variables) = variables {
        linter.stale(&compiled, variables);
    }
    let mut report = linter.report;
    let order = |f: &Finding| f.rule_index.map_or(0, |i| i + 1);
    report.errors.sort_by_key(order);
    report.warnings.sort_by_key(order);
    report.notes.sort_by_key(order);
    let summary = match &split {
        Some([limits, address]) => Summary {
            rules: rules_len(&json),
            limits: limits.rules.iter().filter(|i| family_of(&json, **i) == Some(Family::Limits)).count(),
            address: address.rules.iter().filter(|i| family_of(&json, **i) == Some(Family::Address)).count(),
        },
        None => Summary::default(),
    };
    Linted { report, summary: Some(summary) }
}

fn rules_len(json: &Json) -> usize {
    match json.get("rules") {
        Some(Json::Array(rules)) => rules.len(),
        _ => 0,
    }
}

fn rule_json<'j>(json: &'j Json<'j>, index: usize) -> Option<&'j Json<'j>> {
    match json.get("rules") {
        Some(Json::Array(rules)) => rules.get(index),
        _ => None,
    }
}

fn family_of(json: &Json, index: usize) -> Option<Family> {
    rule_json(json, index).and_then(split::rule_family)
}

/// The rule a path is inside: `rules[3].max` → 3.
fn rule_index_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("rules[")?;
    rest[..rest.find(']')?].parse().ok()
}

struct Linter<'j> {
    json: &'j Json<'j>,
    report: Report,
}

impl Linter<'_> {
    fn rule_id(&self, index: usize) -> Option<String> {
        rule_json(self.json, index).and_then(|r| r.get("id")).and_then(Json::as_str).map(str::to_string)
    }

    fn finding(&self, path: &str, index: Option<usize>, code: &str, message: String, hint: Option<String>) -> Finding {
        Finding {
            path: path.to_string(),
            rule_index: index,
            rule_id: index.and_then(|i| self.rule_id(i)),
            code: code.to_string(),
            message,
            hint,
        }
    }

    fn warn(&mut self, path: &str, index: Option<usize>, code: &str, message: String, hint: Option<String>) {
        let finding = self.finding(path, index, code, message, hint);
        self.report.warnings.push(finding);
    }

    fn error(&mut self, path: &str, index: Option<usize>, code: &str, message: String, hint: Option<String>) {
        let finding = self.finding(path, index, code, message, hint);
        self.report.errors.push(finding);
    }

    fn problem(&mut self, problem: &Problem) {
        let finding = Finding {
            path: problem.path.clone(),
            rule_index: problem.rule.as_ref().map(|r| r.index),
            rule_id: problem.rule.as_ref().and_then(|r| r.id.clone()),
            code: hints::code(&problem.issue).to_string(),
            message: problem.issue.to_string(),
            hint: hints::hint(&problem.issue),
        };
        match problem.issue.severity() {
            Severity::Error => self.report.errors.push(finding),
            Severity::Skipped => self.report.warnings.push(finding),
        }
    }

    /// A monitored rule is checked but never blocks: worth knowing, nothing to fix.
    fn monitor(&mut self, rule: &Rule) {
        if rule.monitor {
            let finding = self.finding(
                &format!("rules[{}].monitor", rule.index),
                Some(rule.index),
                "monitored",
                "monitor mode: checked at checkout but never blocks; the function logs \"monitor: would block (N errors)\" when it would have".into(),
                Some("remove \"monitor\" (or set it to false) to enforce the rule".into()),
            );
            self.report.notes.push(finding);
        }
    }

    /// Each validation's metafield (what `deploy` writes) must fit in 10,000 bytes.
    fn sizes(&mut self, split: Option<&[FamilyConfig; 2]>) {
        let whole = jsontext::compact(self.json).len();
        let Some(families) = split else {
            if whole > METAFIELD_MAX_BYTES {
                self.error(
                    "config",
                    None,
                    "too_large",
                    format!("the config is {whole} bytes; Shopify hands a function at most {METAFIELD_MAX_BYTES} (it would see no config)"),
                    Some("shorten messages, or merge rules".into()),
                );
            }
            return;
        };
        let mut each_fits = true;
        for family in families.iter().filter(|f| !f.rules.is_empty()) {
            let bytes = family.text.len();
            if bytes > METAFIELD_MAX_BYTES {
                each_fits = false;
                self.error(
                    "config",
                    None,
                    "too_large",
                    format!(
                        "the {} validation's config is {bytes} bytes once minified; Shopify hands a function at most {METAFIELD_MAX_BYTES} (it would see no config)",
                        split::family_title(family.family)
                    ),
                    Some("shorten messages, or merge rules".into()),
                );
            }
        }
        if each_fits && whole > METAFIELD_MAX_BYTES {
            self.warn(
                "config",
                None,
                "too_large_unsplit",
                format!("the whole config is {whole} bytes once minified: it fits only split by family"),
                Some("deploy it with `checkout-guard deploy`, which gives each validation its own rules".into()),
            );
        }
    }

    fn repeated_keys(&mut self) {
        for path in jsontext::repeated_keys(self.json) {
            let key = path.rsplit('.').next().unwrap_or(&path).to_string();
            self.warn(
                &path,
                rule_index_of(&path),
                "repeated_key",
                format!("key \"{key}\" appears more than once in the same object; only the last one counts"),
                Some("keep one of them".into()),
            );
        }
    }

    /// `min` and `multipleOf` at CART_INTERACTION block add-to-cart.
    fn steps(&mut self, rule: &Rule) {
        let Check::Limit(limit) = &rule.check else { return };
        let Some(steps) = rule.steps else { return };
        if !steps.contains(Steps::CART) {
            return;
        }
        let bound = match (limit.min.is_some(), limit.multiple_of.is_some()) {
            (true, true) => "min and multipleOf are",
            (true, false) => "min is",
            (false, true) => "multipleOf is",
            (false, false) => return,
        };
        self.warn(
            &format!("rules[{}].steps", rule.index),
            Some(rule.index),
            "blocks_add_to_cart",
            format!("{bound} checked at CART_INTERACTION: a buyer cannot add to cart until the cart already meets it"),
            Some(
                "remove CART_INTERACTION from \"steps\" (min and multipleOf are checked at checkout by default), or put the max in a rule of its own"
                    .into(),
            ),
        );
    }

    /// A pattern in a large size tier is charged so much per matched byte that
    /// long values may go unjudged in a checkout: say how much it can check.
    fn pattern_cost(&mut self, path: &str, index: usize, matcher: &Matcher, tier: usize) {
        // The most a run can have: a small input, nothing spent compiling.
        let budget = PatternBudget::for_run(0, 0).remaining();
        let values = budget / matcher.charge(TYPICAL_VALUE_BYTES).max(1);
        if values >= EXPENSIVE_PATTERN_VALUES {
            return;
        }
        self.warn(
            path,
            Some(index),
            "pattern_expensive",
            format!(
                "the pattern compiles large (size tier {} of {}): a checkout can match it against only about {values} \
                 values of {TYPICAL_VALUE_BYTES} bytes; values past the budget are not checked (the log says so)",
                tier + 1,
                PATTERN_SIZE_TIERS.len(),
            ),
            Some("use smaller counts ({0,30} rather than {0,100}) or fewer repeated groups".into()),
        );
    }

    fn pattern(&mut self, rule: &Rule) {
        let Check::FieldPattern(fp) = &rule.check else { return };
        // Presets are ours and tested; only merchant patterns are probed.
        let Matcher::Pattern(pattern) = &fp.matcher else { return };
        let regex = &pattern.regex;
        let path = format!("rules[{}].pattern", rule.index);
        self.pattern_cost(&path, rule.index, &fp.matcher, pattern.tier);
        let everything = PROBES.iter().all(|p| regex.is_match(p));
        match fp.mode {
            // "required" with a catch-all pattern is how a rule says "must be filled in".
            Mode::Require if fp.required => {}
            Mode::Require if everything => self.warn(
                &path,
                Some(rule.index),
                "pattern_matches_everything",
                "the pattern matches every value (it can match an empty string anywhere in it): this require rule never fires".into(),
                Some("anchor it and require at least one character, e.g. ^[0-9]{5}$ instead of [0-9]*".into()),
            ),
            Mode::Require if regex.is_match("") => self.warn(
                &path,
                Some(rule.index),
                "pattern_matches_empty",
                "the pattern matches the empty string, but blank values never reach it (\"required\" decides them)".into(),
                Some("write + instead of * where a value needs at least one character".into()),
            ),
            Mode::Block if everything => self.warn(
                &path,
                Some(rule.index),
                "pattern_matches_everything",
                "the pattern matches every value: this rule blocks every checkout that fills these fields".into(),
                Some("make the pattern specific (block mode blocks values that match)".into()),
            ),
            _ => {}
        }
    }

    /// Contract v1.2: USPS writes APO, FPO or DPO as a military address's
    /// city, and a ship's address may carry nothing else, so a military rule
    /// on delivery fields that does not read the city misses most of them.
    fn military_city(&mut self, rule: &Rule) {
        let Check::FieldPattern(fp) = &rule.check else { return };
        if fp.matcher != Matcher::Military {
            return;
        }
        let delivery = fp.fields.iter().any(|f| matches!(f, Field::Delivery(_)));
        if !delivery || fp.fields.contains(&Field::Delivery(AddressField::City)) {
            return;
        }
        self.warn(
            &format!("rules[{}].fields", rule.index),
            Some(rule.index),
            "military_without_city",
            "the military preset reads delivery fields but not deliveryAddress.city, where USPS writes APO, FPO or DPO: \
             addresses whose street lines carry only a ship's name or a unit are not caught"
                .into(),
            Some("add \"deliveryAddress.city\" to \"fields\"".into()),
        );
    }

    /// `when` lists that contradict each other.
    fn conditions(&mut self, rule: &Rule) {
        let when = &rule.when;
        let pairs: [(&[String], &[String], &str, &str); 2] = [
            (&when.countries, &when.not_countries, "countries", "notCountries"),
            (&when.customer_tags, &when.not_customer_tags, "customerTags", "notCustomerTags"),
        ];
        for (yes, no, yes_key, no_key) in pairs {
            let both: Vec<&String> = yes.iter().filter(|v| no.contains(v)).collect();
            if both.is_empty() {
                continue;
            }
            let path = format!("rules[{}].when.{no_key}", rule.index);
            let hint = Some(format!("remove {} from \"{yes_key}\" or \"{no_key}\"", quoted(&both)));
            if both.len() == yes.len() {
                self.warn(
                    &path,
                    Some(rule.index),
                    "never_applies",
                    format!("every entry of \"{yes_key}\" is also in \"{no_key}\": the rule never applies"),
                    hint,
                );
            } else {
                self.warn(
                    &path,
                    Some(rule.index),
                    "contradictory_condition",
                    format!("{} in both \"{yes_key}\" and \"{no_key}\": the rule never applies there", quoted(&both)),
                    hint,
                );
            }
        }
    }

    /// A line filter whose `except` excludes everything it includes.
    fn filter(&mut self, rule: &Rule) {
        let Check::Limit(limit) = &rule.check else { return };
        let (include, except) = (&limit.filter.include, &limit.filter.except);
        if include.is_empty() {
            return;
        }
        fn lists(c: &Criteria) -> [&Vec<String>; 6] {
            [&c.product_ids, &c.variant_ids, &c.product_tags, &c.collection_ids, &c.vendors, &c.product_types]
        }
        let covered =
            lists(include).into_iter().zip(lists(except)).all(|(inc, exc)| inc.iter().all(|v| exc.contains(v)));
        if covered {
            self.warn(
                &format!("rules[{}].lines.except", rule.index),
                Some(rule.index),
                "never_applies",
                "\"except\" excludes every line the filter includes: the rule never applies".into(),
                Some("remove the included values from \"except\"".into()),
            );
        }
    }

    /// Address rules that only judge countries their `when` excludes.
    fn address_scope(&mut self, rule: &Rule) {
        let when = &rule.when;
        let judged = |code: &str| {
            (when.countries.is_empty() || when.countries.iter().any(|c| c == code))
                && !when.not_countries.iter().any(|c| c == code)
        };
        let never = match &rule.check {
            Check::DeliveryProvince { country, .. } | Check::PostalCode { country: Some(country), .. }
                if !judged(country) =>
            {
                Some(format!("the rule only judges addresses in {country}, which \"when\" excludes"))
            }
            Check::DeliveryCountry(list) if !when.countries.is_empty() => {
                let breaks = when.countries.iter().filter(|c| judged(c)).any(|c| list.breaks(c));
                (!breaks).then(|| {
                    "no country \"when\" lets through breaks the allow/deny list: the rule never fires".to_string()
                })
            }
            Check::DeliveryCountry(list) if !list.allow && list.codes.iter().all(|c| !judged(c)) => {
                Some("every denied country is excluded by \"when\": the rule never fires".to_string())
            }
            // v1.2: postal_format judges only countries with a postal-code format;
            // `when.countries` decides which delivery addresses it reads.
            Check::FieldPattern(fp)
                if fp.matcher == Matcher::PostalFormat
                    && !when.countries.is_empty()
                    && fp.fields.iter().all(|f| matches!(f, Field::Delivery(_)))
                    && !when.countries.iter().any(|c| judged(c) && postal::has_format(c)) =>
            {
                Some(
                    "no country \"when\" lets through has a postal-code format (postal_format judges only those): the rule never fires"
                        .to_string(),
                )
            }
            _ => None,
        };
        if let Some(message) = never {
            let hint = match &rule.check {
                Check::FieldPattern(_) => "list in \"when.countries\" a country that has postal codes (or remove it)",
                _ => "make \"when\" and the rule name the same countries",
            };
            self.warn(
                &format!("rules[{}].when", rule.index),
                Some(rule.index),
                "never_applies",
                message,
                Some(hint.into()),
            );
        }
    }

    /// Product tags and collection ids cost bytes on every cart line.
    fn input_size(&mut self, compiled: &Compiled, limits: &FamilyConfig) {
        let terms = &compiled.terms;
        if limits.rules.is_empty() || (terms.product_tags.is_empty() && terms.collection_ids.is_empty()) {
            return;
        }
        let counted = estimate::Terms {
            product_tags: &terms.product_tags,
            collection_ids: &terms.collection_ids,
            customer_tags: &terms.customer_tags,
        };
        let bytes = estimate::input_bytes(&counted, limits.text.len(), estimate::LINES);
        if bytes <= estimate::INPUT_LIMIT_BYTES {
            return;
        }
        self.warn(
            "config",
            None,
            "input_too_large",
            format!(
                "a {}-line cart's input to the order-limits function would be about {} bytes, over Shopify's {} (every line carries an answer for {} and {}); the function would fail and checkout proceed unchecked",
                estimate::LINES,
                thousands(bytes as u64),
                thousands(estimate::INPUT_LIMIT_BYTES as u64),
                crate::render::count(terms.product_tags.len(), "product tag"),
                crate::render::count(terms.collection_ids.len(), "collection id"),
            ),
            Some("name fewer product tags and collection ids (productIds, vendors and productTypes cost nothing per line)".into()),
        );
    }

    /// Terms the rules name that the `--variables` file lacks, and the reverse.
    fn stale(&mut self, compiled: &Compiled, variables: &Variables) {
        let folded = |list: &[String]| list.iter().map(|t| fold(t)).collect::<Vec<_>>();
        let have_product = folded(&variables.product_tags);
        let have_customer = folded(&variables.customer_tags);
        for rule in &compiled.rules {
            let Some(json) = rule_json(self.json, rule.index) else { continue };
            let base = format!("rules[{}]", rule.index);
            let mut places: Vec<(String, Option<&Json>, &str)> = Vec::new();
            for filter in ["lines", "lines.except"] {
                let node = filter.split('.').try_fold(json, |node, key| node.get(key));
                places.push((format!("{base}.{filter}.productTags"), node.and_then(|n| n.get("productTags")), "p"));
                places.push((format!("{base}.{filter}.collectionIds"), node.and_then(|n| n.get("collectionIds")), "c"));
            }
            let when = json.get("when");
            for key in ["customerTags", "notCustomerTags"] {
                places.push((format!("{base}.when.{key}"), when.and_then(|w| w.get(key)), "k"));
            }
            for (path, list, what) in places {
                let Some(Json::Array(items)) = list else { continue };
                for (i, item) in items.iter().enumerate() {
                    let Some(term) = item.as_str() else { continue };
                    let (present, name, key) = match what {
                        "p" => (have_product.contains(&fold(term)), "product tag", "productTags"),
                        "c" => (variables.collection_ids.iter().any(|c| c == term), "collection id", "collectionIds"),
                        _ => (have_customer.contains(&fold(term)), "customer tag", "customerTags"),
                    };
                    if !present {
                        self.warn(
                            &format!("{path}[{i}]"),
                            Some(rule.index),
                            "stale_variables",
                            format!("{name} \"{term}\" is not in the variables file's \"{key}\": the function skips this rule until the variables metafield is updated"),
                            Some("run `checkout-guard variables` and deploy its output with the config".into()),
                        );
                    }
                }
            }
        }
        let terms = &compiled.terms;
        let unused: [(&[String], &[String], &str, bool); 3] = [
            (&variables.product_tags, &terms.product_tags, "productTags", true),
            (&variables.collection_ids, &terms.collection_ids, "collectionIds", false),
            (&variables.customer_tags, &terms.customer_tags, "customerTags", true),
        ];
        for (listed, used, key, tags) in unused {
            for (i, term) in listed.iter().enumerate() {
                let in_use = if tags { used.iter().any(|u| eq_fold(u, term)) } else { used.contains(term) };
                if !in_use {
                    let cost =
                        if key == "customerTags" { "" } else { ", yet every cart line carries an answer for it" };
                    self.warn(
                        &format!("variables.{key}[{i}]"),
                        None,
                        "unused_variable",
                        format!("\"{term}\" is in the variables file but no rule names it{cost}"),
                        Some("run `checkout-guard variables` and deploy its output with the config".into()),
                    );
                }
            }
        }
    }
}

fn quoted(values: &[&String]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}

/// 128000 → "128,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a report fails the command.
pub fn fails(report: &Report, deny_warnings: bool) -> bool {
    !report.errors.is_empty() || (deny_warnings && !report.warnings.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lint_text(text: &str) -> Report {
        let file = ConfigFile { name: "test.json".into(), bytes: text.as_bytes().to_vec() };
        lint(&file, None).report
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn typo_is_an_error_with_a_hint() {
        let report = lint_text(
            r#"{"version": 1, "rules": [{"id": "max-5", "kind": "line_quantity", "mx": 5, "message": "m"}]}"#,
        );
        assert_eq!(codes(&report.errors), ["unknown_key", "no_bound"]);
        assert_eq!(report.errors[0].path, "rules[0].mx");
        assert_eq!(report.errors[0].rule_id.as_deref(), Some("max-5"));
        assert_eq!(report.errors[0].hint.as_deref(), Some("did you mean \"max\"?"));
    }

    #[test]
    fn costly_patterns_and_length_limits() {
        let report = lint_text(
            r#"{"version": 1, "rules": [
            {"id": "a", "kind": "field_pattern", "pattern": "^.{1,60}$", "mode": "require", "fields": ["deliveryAddress.address1"], "message": "m"},
            {"id": "b", "kind": "field_pattern", "pattern": "^.{1,20}$", "mode": "require", "fields": ["deliveryAddress.address1"], "message": "m"},
            {"id": "c", "kind": "field_pattern", "pattern": "@(mailinator|guerrillamail)\\.com$", "fields": ["buyerIdentity.email"], "message": "m"}
        ]}"#,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(Option<usize>, &str)> = report.warnings.iter().map(|w| (w.rule_index, w.code.as_str())).collect();
        // A length limit is not "matches everything"; only the large one is costly.
        assert_eq!(got, [(Some(0), "pattern_expensive")], "{:?}", report.warnings);
    }

    #[test]
    fn warnings_for_rules_that_misbehave() {
        let report = lint_text(
            r#"{"version": 1, "rules": [
            {"id": "a", "kind": "cart_quantity", "min": 2, "steps": ["CART_INTERACTION"], "message": "m"},
            {"id": "b", "kind": "field_pattern", "pattern": "[0-9]*", "mode": "require", "fields": ["deliveryAddress.zip"], "message": "m"},
            {"id": "c", "kind": "field_pattern", "pattern": "^[0-9]*$", "mode": "require", "fields": ["deliveryAddress.zip"], "message": "m"},
            {"id": "d", "kind": "line_quantity", "max": 2, "when": {"countries": ["US"], "notCountries": ["US"]}, "message": "m"},
            {"id": "e", "kind": "line_quantity", "max": 2, "enabled": false, "message": "m"},
            {"id": "f", "kind": "line_quantity", "max": 2, "lines": {"vendors": ["Acme"], "except": {"vendors": ["ACME"]}}, "message": "m"},
            {"id": "g", "kind": "delivery_province", "country": "CA", "deny": ["NU"], "when": {"countries": ["US"]}, "message": "m"},
            {"id": "h", "kind": "delivery_country", "deny": ["US"], "when": {"countries": ["CA", "MX"]}, "message": "m"},
            {"id": "i", "kind": "line_quantity", "max": 2, "max": 3, "message": "m"}
        ]}"#,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(Option<usize>, &str)> = report.warnings.iter().map(|w| (w.rule_index, w.code.as_str())).collect();
        assert_eq!(
            got,
            [
                (Some(0), "blocks_add_to_cart"),
                (Some(1), "pattern_matches_everything"),
                (Some(2), "pattern_matches_empty"),
                (Some(3), "never_applies"),
                (Some(4), "disabled"),
                (Some(5), "never_applies"),
                (Some(6), "never_applies"),
                (Some(7), "never_applies"),
                (Some(8), "repeated_key"),
            ]
        );
    }

    #[test]
    fn military_rules_on_delivery_fields_should_read_the_city() {
        let report = lint_text(
            r#"{"version": 1, "rules": [
            {"id": "a", "kind": "field_pattern", "preset": "military", "fields": ["deliveryAddress.address1", "deliveryAddress.address2"], "message": "m"},
            {"id": "b", "kind": "field_pattern", "preset": "military", "fields": ["deliveryAddress.address1", "deliveryAddress.city"], "message": "m"},
            {"id": "c", "kind": "field_pattern", "preset": "military", "fields": ["billingAddress.address1"], "message": "m"},
            {"id": "d", "kind": "field_pattern", "preset": "po_box", "fields": ["deliveryAddress.address1"], "message": "m"}
        ]}"#,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(&str, &str)> = report.warnings.iter().map(|w| (w.path.as_str(), w.code.as_str())).collect();
        assert_eq!(got, [("rules[0].fields", "military_without_city")]);
    }

    #[test]
    fn postal_format_rules_for_countries_without_postal_codes_never_apply() {
        let report = lint_text(
            r#"{"version": 1, "rules": [
            {"id": "a", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["AE", "HK"]}, "message": "m"},
            {"id": "b", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["AE", "GB"]}, "message": "m"},
            {"id": "c", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip", "billingAddress.zip"], "when": {"countries": ["AE"]}, "message": "m"},
            {"id": "d", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["GB"], "notCountries": ["GB"]}, "message": "m"},
            {"id": "e", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "message": "m"}
        ]}"#,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let got: Vec<(&str, &str)> = report.warnings.iter().map(|w| (w.path.as_str(), w.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("rules[0].when", "never_applies"),
                ("rules[3].when.notCountries", "never_applies"),
                ("rules[3].when", "never_applies")
            ]
        );
    }

    #[test]
    fn stale_and_unused_variables() {
        let text = r#"{"version": 1, "rules": [{"id": "a", "kind": "line_quantity", "max": 2, "message": "m",
            "lines": {"productTags": ["Bulk"], "collectionIds": ["gid://shopify/Collection/1"]},
            "when": {"customerTags": ["vip"]}}]}"#;
        let file = ConfigFile { name: "t".into(), bytes: text.as_bytes().to_vec() };
        let vars = Variables {
            product_tags: vec!["BULK".into(), "old".into()],
            collection_ids: vec![],
            customer_tags: vec!["vip".into()],
        };
        let report = lint(&file, Some(&vars)).report;
        let got: Vec<(&str, &str)> = report.warnings.iter().map(|w| (w.path.as_str(), w.code.as_str())).collect();
        assert_eq!(
            got,
            [("variables.productTags[1]", "unused_variable"), ("rules[0].lines.collectionIds[0]", "stale_variables")]
        );
    }

    #[test]
    fn monitored_rules_are_notes_and_invalid_ones_stay_errors() {
        let report = lint_text(
            r#"{"version": 1, "rules": [
            {"id": "try", "kind": "cart_quantity", "max": 5, "monitor": true, "message": "m"},
            {"id": "live", "kind": "cart_quantity", "max": 9, "monitor": false, "message": "m"},
            {"id": "bad", "kind": "cart_quantity", "max": 0, "monitor": true, "message": "m"},
            {"id": "flag", "kind": "cart_quantity", "max": 1, "monitor": "yes", "message": "m"}]}"#,
        );
        let notes: Vec<(&str, &str)> = report.notes.iter().map(|n| (n.path.as_str(), n.code.as_str())).collect();
        assert_eq!(notes, [("rules[0].monitor", "monitored")]);
        let errors: Vec<&str> = report.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(errors, ["rules[2].max", "rules[3].monitor"]);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert!(!fails(&Report { notes: report.notes.clone(), ..Report::default() }, true));
    }

    #[test]
    fn sizes_and_syntax() {
        let report = lint_text("{\"version\": 1,\n\"rules\": [}");
        assert_eq!(codes(&report.errors), ["invalid_json"]);
        let rule = |i: usize| {
            format!(r#"{{"id": "r{i}", "kind": "line_quantity", "max": 2, "message": "{}"}}"#, "x".repeat(200))
        };
        let rules: Vec<String> = (0..60).map(rule).collect();
        let report = lint_text(&format!(r#"{{"version": 1, "rules": [{}]}}"#, rules.join(",")));
        assert_eq!(codes(&report.errors), ["too_large"]);
        let rules: Vec<String> = (0..101)
            .map(|i| format!(r#"{{"id": "r{i}", "kind": "line_quantity", "max": 2, "message": "m"}}"#))
            .collect();
        let report = lint_text(&format!(r#"{{"version": 1, "rules": [{}]}}"#, rules.join(",")));
        assert_eq!(codes(&report.errors), ["too_many_rules"]);
        // Named like every other problem: the first skipped rule's path and id.
        let skipped = &report.errors[0];
        assert_eq!(
            (skipped.path.as_str(), skipped.rule_index, skipped.rule_id.as_deref()),
            ("rules[100]", Some(100), Some("r100"))
        );
        assert_eq!(thousands(128_000), "128,000");
        assert_eq!(thousands(999), "999");
    }
}
