//! One run: read the input, compile the config, judge every rule, render the
//! errors, and say in the log what was skipped and why.

use crate::config::{self, Compiled};
use crate::decimal::{self, WeightUnit};
use crate::input::{self, Address, Input, Lines};
use crate::message::{language_tag, Placeholder};
use crate::output::{self, Log, ValidationError};
use crate::read::ReadError;
use crate::rules::address::{Field, PatternBudget, Target};
use crate::rules::conditions::{Buyer, Group, StaleCustomerTag};
use crate::rules::limits::{self, LimitBreach, Measured, Unjudged};
use crate::rules::{Check, Measure, Rule, Steps};
use crate::text::is_blank;
use crate::{Family, Outcome, Scope};
use std::fmt;

/// What the log says about a run, beside config problems. Never buyer data:
/// rule indexes and ids, JSON paths, counts.
enum Note<'r> {
    InputUnreadable(ReadError),
    UnknownStep,
    Unjudged { rule: &'r Rule, why: Unjudged },
    StaleCustomerTag { rule: &'r Rule, stale: StaleCustomerTag },
    PatternBudget { rule: &'r Rule },
    Monitor { rule: &'r Rule, errors: usize },
    Summary { family: &'static str, applied: usize, skipped: usize, errors: usize },
}

impl fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::InputUnreadable(error) => write!(f, "input: {error}; no rule applies"),
            Note::UnknownStep => f.write_str("input: unknown buyerJourney.step, judged as CHECKOUT_COMPLETION"),
            Note::Unjudged { rule, why } => {
                write!(f, "rules[{}] (rule \"{}\"): ", rule.index, rule.id)?;
                match why {
                    Unjudged::StaleTerm(path) => {
                        write!(f, "{path}: the cart lines' answers do not match the config's terms (stale variables metafield)")?
                    }
                    Unjudged::UnreadableAmount { line: Some(line) } => {
                        write!(f, "cart.lines[{line}] has no readable amount")?
                    }
                    Unjudged::UnreadableAmount { line: None } => {
                        f.write_str("cart.cost.subtotalAmount is not readable")?
                    }
                    Unjudged::UnreadableRate => f.write_str("presentmentCurrencyRate is not readable")?,
                    Unjudged::BoundOutOfRange => {
                        f.write_str("a bound converted at presentmentCurrencyRate is too large to compare")?
                    }
                    Unjudged::UnknownWeightUnit { line } => write!(f, "cart.lines[{line}] has an unknown weight unit")?,
                    Unjudged::UnreadableWeight { line } => {
                        write!(f, "cart.lines[{line}] has a weight that cannot be read or added up")?
                    }
                }
                f.write_str("; rule skipped")
            }
            Note::StaleCustomerTag { rule, stale } => {
                let key = if stale.negated { "notCustomerTags" } else { "customerTags" };
                write!(
                    f,
                    "rules[{}] (rule \"{}\"): rules[{}].when.{key}[{}] is not in the input (stale variables metafield); rule skipped",
                    rule.index, rule.id, rule.index, stale.position
                )
            }
            Note::PatternBudget { rule } => write!(
                f,
                "rules[{}] (rule \"{}\"): this run's pattern budget is spent (values too long or too many for Shopify's instruction limit); rest of the rule skipped",
                rule.index, rule.id
            ),
            Note::Monitor { rule, errors } => write!(
                f,
                "rules[{}] (rule \"{}\"): monitor: would block ({errors} error{})",
                rule.index,
                rule.id,
                if *errors == 1 { "" } else { "s" }
            ),
            Note::Summary { family, applied, skipped, errors } => {
                write!(f, "checkout-guard {family}: rules applied {applied}, skipped {skipped}; errors {errors}")
            }
        }
    }
}

/// The run's view of the input, built once.
struct Context<'i> {
    step: Steps,
    language: String,
    buyer: Buyer<'i>,
    /// Real delivery groups only.
    groups: Vec<Group<'i>>,
    billing: Option<&'i Address<'i>>,
    email: Option<&'i str>,
    phone: Option<&'i str>,
    currency: Option<&'i str>,
    rate: Option<&'i str>,
    /// Bytes merchant patterns may still scan this run.
    patterns: PatternBudget,
}

impl<'i> Context<'i> {
    fn new(input: &'i Input<'i>, input_bytes: usize, compile_spent: u64, log: &mut Log) -> Self {
        let step = match input.step.as_deref() {
            None => Steps::COMPLETION,
            Some(name) => Steps::from_name(name).unwrap_or_else(|| {
                // A step Shopify adds later: the final gate must not open silently.
                log.line(Note::UnknownStep);
                Steps::COMPLETION
            }),
        };
        let cart = input.cart.as_ref();
        let identity = cart.and_then(|c| c.buyer_identity.as_ref());
        let currency = cart.and_then(|c| c.currency.as_deref());
        let groups = cart
            .map(|c| &c.delivery_groups[..])
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, g)| Group { index, address: g.address.as_ref(), method: g.method.as_deref() })
            .collect();
        Context {
            step,
            language: input.language.as_deref().map_or_else(|| "en".to_string(), language_tag),
            buyer: Buyer {
                tag_answers: identity.and_then(|i| i.customer_tags.as_deref()),
                b2b: identity.is_some_and(|i| i.b2b),
                currency,
            },
            groups,
            billing: cart.and_then(|c| c.billing_address.as_ref()),
            email: identity.and_then(|i| i.email.as_deref()),
            phone: identity.and_then(|i| i.phone.as_deref()),
            currency,
            rate: input.presentment_currency_rate,
            patterns: PatternBudget::for_run(input_bytes, compile_spent),
        }
    }

    fn money(&self, micros: i128) -> String {
        match self.currency {
            Some(code) => format!("{} {code}", decimal::format_amount(micros)),
            None => decimal::format_amount(micros),
        }
    }
}

/// Runs one family on raw input bytes.
pub fn run<S: Scope>(raw: &[u8]) -> Outcome {
    let family = S::FAMILY.map_or("all", Family::name);
    let mut log = Log::default();
    let input = match input::read::<S>(raw) {
        Ok(input) => input,
        Err(error) => {
            log.line(Note::InputUnreadable(error));
            return Outcome { output: output::render(&[], &mut log), log: log.finish() };
        }
    };
    let Compiled { rules, problems, pattern_compile_spent, terms, .. } =
        config::compile_scoped::<S>(input.config.as_ref());
    // The answers on cart lines follow the order of the derived lists.
    let terms = if S::LIMITS { terms.in_metafield_order() } else { terms };
    for problem in &problems {
        log.line(problem);
    }
    let context = Context::new(&input, raw.len(), pattern_compile_spent, &mut log);
    let no_lines = Lines::default();
    let cart_input = input.cart.as_ref();
    let lines = cart_input.map_or(&no_lines, |c| &c.lines);
    let subtotal = cart_input.and_then(|c| c.subtotal.as_deref());
    let mut cart = limits::Cart::new(lines, &terms, subtotal, context.currency, context.rate);
    let mut errors = Vec::new();
    let mut skipped = 0;
    for rule in &rules {
        let before = errors.len();
        if let Err(note) = judge::<S>(rule, &context, &mut cart, &mut errors) {
            skipped += 1;
            log.line(note);
        }
        if rule.monitor && errors.len() > before {
            // Monitor mode: what the rule would block is logged, never returned.
            log.line(Note::Monitor { rule, errors: errors.len() - before });
            errors.truncate(before);
        }
    }
    let output = output::render(&errors, &mut log);
    let applied = rules.len() - skipped;
    // Rules the config check skipped (invalid, misplaced, disabled, past the limit).
    let mut checked_out: Vec<usize> = problems
        .iter()
        .filter(|p| !matches!(p.issue, config::Issue::TooManyRules { .. }))
        .filter_map(|p| p.rule.as_ref().map(|r| r.index))
        .collect();
    checked_out.dedup();
    let over_limit: usize = problems
        .iter()
        .map(|p| match p.issue {
            config::Issue::TooManyRules { skipped, .. } => skipped,
            _ => 0,
        })
        .sum();
    let skipped = skipped + checked_out.len() + over_limit;
    log.closing(Note::Summary { family, applied, skipped, errors: errors.len() });
    // A function run is one call on an instance thrown away after it: freeing
    // what the run built (the config tree, the rules, the cart) is work no
    // one needs, a few thousand instructions of drop glue. The wasm modules
    // skip it; native tools (CLI, tests) free as usual.
    #[cfg(target_arch = "wasm32")]
    {
        std::mem::forget(cart);
        std::mem::forget(context);
        std::mem::forget(rules);
        std::mem::forget(problems);
        std::mem::forget(errors);
        std::mem::forget(checked_out);
        std::mem::forget(terms);
        std::mem::forget(input);
    }
    Outcome { output, log: log.finish() }
}

fn judge<'r, S: Scope>(
    rule: &'r Rule,
    cx: &Context,
    cart: &mut limits::Cart,
    errors: &mut Vec<ValidationError>,
) -> Result<(), Note<'r>> {
    let buyer_ok = rule.when.buyer_ok(&cx.buyer).map_err(|stale| Note::StaleCustomerTag { rule, stale })?;
    if !buyer_ok {
        return Ok(());
    }
    let Some(template) = rule.message.pick(&cx.language) else {
        return Ok(());
    };
    match &rule.check {
        // The scope guards keep each module free of the other family's code.
        Check::Limit(_) if !S::LIMITS => {}
        Check::Limit(limit) => {
            if !rule.when.any_group_ok(&cx.groups) {
                return Ok(());
            }
            let breach = limits::evaluate(rule, limit, cart, cx.step).map_err(|why| Note::Unjudged { rule, why })?;
            if let Some(breach) = breach {
                let message = template.render(&|p| fill_limit(p, limit, &breach, cx));
                errors.push(ValidationError { message, target: Target::Cart });
            }
        }
        _ if !S::ADDRESS => {}
        check => {
            if !rule.checks_at(Steps::CHECKOUT_ONLY, cx.step) {
                return Ok(());
            }
            let mut push = |field: Option<Field>, target: Target| {
                let message = template.render(&|p| match p {
                    Placeholder::Field => field.map(|f| f.to_string()),
                    _ => None,
                });
                errors.push(ValidationError { message, target });
            };
            let groups = cx.groups.iter().filter(|g| g.address.is_some() && rule.when.group_ok(g));
            match check {
                Check::FieldPattern(pattern) => {
                    for group in groups {
                        let Some(address) = group.address else {
                            continue;
                        };
                        for field in &pattern.fields {
                            if let Field::Delivery(f) = field {
                                if pattern
                                    .breaks(f.read(address), address.country_code.as_deref(), &cx.patterns)
                                    .map_err(|_| Note::PatternBudget { rule })?
                                {
                                    push(Some(*field), Target::Delivery { group: group.index, field: *f });
                                }
                            }
                        }
                    }
                    if rule.when.any_group_ok(&cx.groups) {
                        for field in &pattern.fields {
                            let (value, country, target) = match field {
                                Field::Delivery(_) => continue,
                                // Before the buyer gives a billing address, only the final
                                // step holds a required billing field against its absence.
                                Field::Billing(f) => match cx.billing {
                                    Some(address) => {
                                        (f.read(address), address.country_code.as_deref(), Target::Billing(*f))
                                    }
                                    None if cx.step == Steps::COMPLETION => (None, None, Target::Billing(*f)),
                                    None => continue,
                                },
                                Field::Email => (cx.email, None, Target::Email),
                                Field::Phone => (cx.phone, None, Target::Phone),
                            };
                            if pattern.breaks(value, country, &cx.patterns).map_err(|_| Note::PatternBudget { rule })? {
                                push(Some(*field), target);
                            }
                        }
                    }
                }
                Check::DeliveryCountry(list) => {
                    for group in groups {
                        let country = group.country();
                        if !is_blank(country) && country.is_some_and(|c| list.breaks(c)) {
                            push(None, delivery(group, crate::rules::address::AddressField::CountryCode));
                        }
                    }
                }
                Check::DeliveryProvince { country, list } => {
                    for group in groups.filter(|g| g.country() == Some(country.as_str())) {
                        let province = group.address.and_then(|a| a.province_code.as_deref());
                        if !is_blank(province) && province.is_some_and(|p| list.breaks(p)) {
                            push(None, delivery(group, crate::rules::address::AddressField::ProvinceCode));
                        }
                    }
                }
                Check::PostalCode { country, list } => {
                    for group in groups.filter(|g| country.as_deref().is_none_or(|c| g.country() == Some(c))) {
                        let zip = group.address.and_then(|a| a.zip.as_deref());
                        if !is_blank(zip) && zip.is_some_and(|z| list.breaks(z)) {
                            push(None, delivery(group, crate::rules::address::AddressField::Zip));
                        }
                    }
                }
                Check::Limit(_) => {}
            }
        }
    }
    Ok(())
}

fn delivery(group: &Group, field: crate::rules::address::AddressField) -> Target {
    Target::Delivery { group: group.index, field }
}

fn fill_limit(placeholder: Placeholder, limit: &limits::Limit, breach: &LimitBreach, cx: &Context) -> Option<String> {
    let bound = |value: Option<i128>| -> Option<String> {
        let value = value?;
        Some(match limit.measure {
            Measure::Subtotal => {
                let rate = cx.rate.and_then(decimal::parse_rate)?;
                cx.money(decimal::convert_bound(value, rate)?)
            }
            Measure::Weight(unit) => unit.format(value),
            _ => value.to_string(),
        })
    };
    match placeholder {
        Placeholder::Min => bound(limit.min),
        Placeholder::Max => bound(limit.max),
        Placeholder::MultipleOf => limit.multiple_of.map(|m| m.to_string()),
        Placeholder::Actual => Some(match breach.actual {
            Measured::Count(n) => n.to_string(),
            Measured::Amount(micros) => cx.money(micros),
            Measured::Weight(nanograms, unit) => WeightUnit::format(unit, nanograms),
        }),
        Placeholder::Product => breach.product.map(str::to_string),
        Placeholder::Field => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::{run_address, run_limits};

    const CART: &str = r#"{"buyerJourney":{"step":"CHECKOUT_COMPLETION"},"cart":{
        "cost":{"subtotalAmount":{"amount":"30.0","currencyCode":"USD"}},
        "lines":[{"q":9,"c":{"s":{"a":"30.0"}},"m":{"__typename":"ProductVariant","id":"gid://shopify/ProductVariant/1",
          "r":true,"w":1.0,"u":"KILOGRAMS","p":{"id":"gid://shopify/Product/1","t":"Tee","v":"V","y":"T","g":[],"k":[]}}}],
        "buyerIdentity":{"email":"x@example.com","phone":null,"customer":null,"purchasingCompany":null},
        "deliveryGroups":[{"deliveryAddress":{"address1":"PO Box 1","countryCode":"US","zip":"10001"},
          "selectedDeliveryOption":{"deliveryMethodType":"SHIPPING"}}],"billingAddress":null},
      "localization":{"language":{"isoCode":"EN"}},"presentmentCurrencyRate":"1.0",
      "validation":{"metafield":{"jsonValue":{"version":1,"rules":[
        {"id":"max-5","kind":"line_quantity","max":5,"message":"At most {max} of {product}."},
        {"id":"no-po","kind":"field_pattern","preset":"po_box","fields":["deliveryAddress.address1"],"message":"No PO boxes."}
      ]}}}}"#;

    #[test]
    fn each_function_applies_its_own_family_and_skips_the_other() {
        let limits = run_limits(CART.as_bytes());
        assert_eq!(
            limits.output,
            r#"{"operations":[{"validationAdd":{"errors":[{"message":"At most 5 of Tee.","target":"$.cart"}]}}]}"#
        );
        assert!(limits
            .log
            .contains("rules[1].kind (rule \"no-po\"): kind field_pattern belongs to the address rules validation"));
        let address = run_address(CART.as_bytes());
        assert_eq!(
            address.output,
            r#"{"operations":[{"validationAdd":{"errors":[{"message":"No PO boxes.","target":"$.cart.deliveryGroups[0].deliveryAddress.address1"}]}}]}"#
        );
        assert!(address.log.contains("rules applied 1, skipped 1; errors 1"), "{}", address.log);
    }

    #[test]
    fn unreadable_input_applies_nothing_and_says_where() {
        let outcome = run_limits(b"{\"cart\": [");
        assert_eq!(outcome.output, r#"{"operations":[]}"#);
        assert!(outcome.log.starts_with("input: truncated at byte 10; no rule applies"), "{}", outcome.log);
    }
}
