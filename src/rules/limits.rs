//! Limits family: quantities, distinct lines, subtotal and weight of the lines a
//! rule's filter matches.

use super::{Measure, Rule, Steps};
use crate::config::Terms;
use crate::decimal::{self, Micros, WeightUnit};
use crate::input::{Bits, Line, Lines, Merchandise, Text};
use crate::text::eq_fold;

/// One side of a line filter. Tags, vendors and types are lower-cased.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Criteria {
    pub product_ids: Vec<String>,
    pub variant_ids: Vec<String>,
    pub product_tags: Vec<String>,
    pub collection_ids: Vec<String>,
    pub vendors: Vec<String>,
    pub product_types: Vec<String>,
}

impl Criteria {
    pub fn is_empty(&self) -> bool {
        self.product_ids.is_empty()
            && self.variant_ids.is_empty()
            && self.product_tags.is_empty()
            && self.collection_ids.is_empty()
            && self.vendors.is_empty()
            && self.product_types.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineFilter {
    pub include: Criteria,
    pub except: Criteria,
}

impl LineFilter {
    pub fn is_empty(&self) -> bool {
        self.include.is_empty() && self.except.is_empty()
    }
}

/// A limits rule: what it measures, its bounds in the measure's unit (counts,
/// shop-currency micros, nanograms) and the lines it counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    pub measure: Measure,
    pub min: Option<i128>,
    pub max: Option<i128>,
    pub multiple_of: Option<i128>,
    pub filter: LineFilter,
}

/// A value a limits rule measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measured {
    Count(i128),
    /// Presentment-currency micros.
    Amount(Micros),
    /// Nanograms, shown in the rule's unit.
    Weight(i128, WeightUnit),
}

/// A limits rule broken: the measured value and, for line and product kinds,
/// the first offending product's title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LimitBreach<'i> {
    pub actual: Measured,
    pub product: Option<&'i str>,
}

/// Why a limits rule could not be judged on this input (logged, rule skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unjudged {
    /// A product tag or collection the filter names is not in the input
    /// (stale `variables`): the JSON path of the term in the config.
    StaleTerm(String),
    /// A matching line's amount (or the cart's) is not a decimal.
    UnreadableAmount { line: Option<usize> },
    /// `presentmentCurrencyRate` is missing or not a positive decimal.
    UnreadableRate,
    /// A bound times the rate is past what amounts can hold.
    BoundOutOfRange,
    /// A matching line's weight unit is one this version does not know.
    UnknownWeightUnit { line: usize },
    /// A matching line's weight is not a number, or too large to add up.
    UnreadableWeight { line: usize },
}

/// Per-run facts about the cart lines that every limits rule shares.
pub struct Cart<'i> {
    pub lines: &'i [Line<'i>],
    /// The `variables` lists the answers are by position (derived from the config).
    tag_terms: &'i [String],
    collection_terms: &'i [String],
    /// Whether some line answers a different number of tags / collections
    /// than the config has (a stale `variables` metafield), found once.
    stale: Option<(bool, bool)>,
    /// For each line, the index of the first line of the same product.
    product_of: Vec<usize>,
    /// Each line's subtotal in micros and shipped weight per unit in
    /// nanograms, read once per run on first use (every rule reuses them).
    amounts: Option<Vec<Option<Micros>>>,
    weights: Option<Vec<Result<i128, Unjudged>>>,
    pub subtotal: Option<&'i str>,
    pub currency: Option<&'i str>,
    pub rate: Option<&'i str>,
}

impl<'i> Cart<'i> {
    pub fn new(
        lines: &'i Lines<'i>,
        terms: &'i Terms,
        subtotal: Option<&'i str>,
        currency: Option<&'i str>,
        rate: Option<&'i str>,
    ) -> Self {
        Cart {
            lines: &lines.items,
            tag_terms: &terms.product_tags,
            collection_terms: &terms.collection_ids,
            stale: None,
            product_of: Vec::new(),
            amounts: None,
            weights: None,
            subtotal,
            currency,
            rate,
        }
    }

    /// Groups lines by product (computed once, only when a rule needs it). A line
    /// that is not a product variant is its own product.
    fn products(&mut self) -> &[usize] {
        if self.product_of.len() != self.lines.len() {
            self.product_of = (0..self.lines.len()).collect();
            // Shopify's product ids are `gid://shopify/Product/<number>`: sorting
            // the numbers is a word compare where sorting the strings is a
            // `memcmp` loop over their long common prefix. Other ids (never
            // seen from Shopify) sort as strings.
            let mut numbered: Option<Vec<(u64, usize)>> = Some(Vec::with_capacity(self.lines.len()));
            for (i, line) in self.lines.iter().enumerate() {
                let (Some(order), Some(id)) = (numbered.as_mut(), product_id(line)) else { continue };
                match gid_number(id, "gid://shopify/Product/") {
                    Some(number) => order.push((number, i)),
                    None => numbered = None,
                }
            }
            match numbered {
                Some(mut order) => {
                    order.sort_unstable();
                    group(&order, &mut self.product_of);
                }
                None => {
                    let mut order: Vec<(&str, usize)> =
                        self.lines.iter().enumerate().filter_map(|(i, l)| Some((product_id(l)?, i))).collect();
                    order.sort_unstable();
                    group(&order, &mut self.product_of);
                }
            }
        }
        &self.product_of
    }
}

/// `gid://…/<number>` → the number (at most 19 digits, no sign or padding rules).
fn gid_number(id: &str, prefix: &str) -> Option<u64> {
    let digits = id.strip_prefix(prefix)?;
    if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Leading zeros would make two spellings of one number: keep them as strings.
    if digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    // 19 digits always fit a u64: no overflow checks (128-bit multiplies in wasm).
    Some(digits.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
}

/// Given (key, line) pairs sorted by key, points each line at the first line
/// of its key.
fn group<K: PartialEq>(order: &[(K, usize)], product_of: &mut [usize]) {
    let mut first = 0;
    for (k, (key, line)) in order.iter().enumerate() {
        if k == 0 || order.get(k - 1).is_none_or(|(previous, _)| previous != key) {
            first = *line;
        }
        if let Some(slot) = product_of.get_mut(*line) {
            *slot = first;
        }
    }
}

impl Cart<'_> {
    /// (tags stale, collections stale): a variant line whose answers are not
    /// exactly one per term of the config (contract v1.1, "Reading membership
    /// answers"). Custom lines carry no answers.
    fn stale(&mut self) -> (bool, bool) {
        let (lines, tags, collections) = (self.lines, self.tag_terms.len(), self.collection_terms.len());
        *self.stale.get_or_insert_with(|| {
            let differs = |bits: Option<Bits>, terms: usize| match bits {
                Some(b) => b.overflow || usize::from(b.len) != terms,
                None => terms != 0,
            };
            let mut stale = (false, false);
            for product in lines.iter().filter_map(|l| variant(l)?.product.as_ref()) {
                stale.0 |= differs(product.tags, tags);
                stale.1 |= differs(product.collections, collections);
            }
            stale
        })
    }

    fn amounts(&mut self) -> &[Option<Micros>] {
        let lines = self.lines;
        self.amounts.get_or_insert_with(|| {
            lines.iter().map(|l| l.subtotal.as_deref().and_then(decimal::parse_amount)).collect()
        })
    }

    /// Weight of one unit of each line that requires shipping (0 otherwise, or
    /// when the weight is missing); `Err` for a weight unit this version does
    /// not know or a weight it cannot read.
    fn weights(&mut self) -> &[Result<i128, Unjudged>] {
        let lines = self.lines;
        self.weights.get_or_insert_with(|| {
            lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    let Some(m) = variant(line).filter(|m| m.requires_shipping == Some(true)) else { return Ok(0) };
                    let Some(weight) = m.weight else { return Ok(0) };
                    let unit = m
                        .weight_unit
                        .as_deref()
                        .and_then(WeightUnit::from_shopify)
                        .ok_or(Unjudged::UnknownWeightUnit { line: i })?;
                    unit.to_nanograms(weight).ok_or(Unjudged::UnreadableWeight { line: i })
                })
                .collect()
        })
    }
}

fn variant<'a>(line: &'a Line<'a>) -> Option<&'a Merchandise<'a>> {
    line.merchandise.as_ref().filter(|m| m.is_variant())
}

fn product_id<'a>(line: &'a Line<'a>) -> Option<&'a str> {
    variant(line)?.product.as_ref()?.id.as_deref()
}

/// The product's title, or a custom line's own title.
fn title<'a>(line: &'a Line<'a>) -> &'a str {
    let m = line.merchandise.as_ref();
    m.and_then(|m| m.product.as_ref().and_then(|p| p.title.as_deref()).or(m.title.as_deref())).unwrap_or("")
}

fn quantity(line: &Line) -> i128 {
    i128::from(line.quantity.unwrap_or(0).max(0))
}

/// Criteria with tag and collection names resolved to answer positions.
struct Bound<'r> {
    criteria: &'r Criteria,
    tags: Vec<usize>,
    collections: Vec<usize>,
}

impl<'r> Bound<'r> {
    /// `path` names the criteria in the config, for a stale term only.
    fn new(criteria: &'r Criteria, cart: &mut Cart, path: &dyn Fn() -> String) -> Result<Self, Unjudged> {
        let (tags_stale, collections_stale) = cart.stale();
        let resolve = |wanted: &[String], terms: &[String], stale: bool, key: &str| -> Result<Vec<usize>, Unjudged> {
            wanted
                .iter()
                .enumerate()
                .map(|(n, w)| {
                    terms
                        .iter()
                        .position(|t| eq_fold(t, w))
                        .filter(|p| *p < Bits::CAPACITY && !stale)
                        .ok_or_else(|| Unjudged::StaleTerm(format!("{}.{key}[{n}]", path())))
                })
                .collect()
        };
        Ok(Bound {
            criteria,
            tags: resolve(&criteria.product_tags, cart.tag_terms, tags_stale, "productTags")?,
            collections: resolve(&criteria.collection_ids, cart.collection_terms, collections_stale, "collectionIds")?,
        })
    }

    fn matches(&self, line: &Line) -> bool {
        let c = self.criteria;
        let Some(m) = variant(line) else { return false };
        let product = m.product.as_ref();
        let any = |bits: Option<Bits>, positions: &[usize]| bits.is_some_and(|b| positions.iter().any(|p| b.get(*p)));
        let text_in = |value: Option<&Text>, list: &[String]| value.is_some_and(|v| list.iter().any(|x| eq_fold(v, x)));
        let id_in = |value: Option<&Text>, list: &[String]| value.is_some_and(|v| list.iter().any(|x| **v == **x));
        id_in(product.and_then(|p| p.id.as_ref()), &c.product_ids)
            || id_in(m.id.as_ref(), &c.variant_ids)
            || (!self.tags.is_empty() && any(product.and_then(|p| p.tags), &self.tags))
            || (!self.collections.is_empty() && any(product.and_then(|p| p.collections), &self.collections))
            || text_in(product.and_then(|p| p.vendor.as_ref()), &c.vendors)
            || text_in(product.and_then(|p| p.product_type.as_ref()), &c.product_types)
    }
}

struct Filter<'r> {
    include: Option<Bound<'r>>,
    except: Option<Bound<'r>>,
}

impl<'r> Filter<'r> {
    fn new(filter: &'r LineFilter, cart: &mut Cart, rule: &Rule) -> Result<Self, Unjudged> {
        let mut bind =
            |c: &'r Criteria, path: &dyn Fn() -> String| (!c.is_empty()).then(|| Bound::new(c, cart, path)).transpose();
        let include = bind(&filter.include, &|| format!("rules[{}].lines", rule.index))?;
        let except = bind(&filter.except, &|| format!("rules[{}].lines.except", rule.index))?;
        Ok(Filter { include, except })
    }

    /// A line matches when it matches an include criterion (or none are set) and
    /// no except criterion. A line that is not a product variant matches only a
    /// filter without include criteria.
    fn matches(&self, line: &Line) -> bool {
        self.include.as_ref().is_none_or(|b| b.matches(line)) && !self.except.as_ref().is_some_and(|b| b.matches(line))
    }
}

/// Which bounds are checked at this step.
struct Active {
    min: Option<i128>,
    max: Option<i128>,
    multiple_of: Option<i128>,
}

impl Active {
    fn breaks(&self, value: i128, matched_any: bool) -> bool {
        self.min.is_some_and(|min| matched_any && value < min)
            || self.max.is_some_and(|max| value > max)
            || self.multiple_of.is_some_and(|m| m > 0 && remainder(value, m) != 0)
    }
}

/// `value % m`, in 64 bits when both fit (wasm has no 128-bit division: a
/// 128-bit remainder is a library call of hundreds of instructions).
fn remainder(value: i128, m: i128) -> i128 {
    match (i64::try_from(value), i64::try_from(m)) {
        (Ok(v), Ok(m)) => i128::from(v % m),
        _ => value % m,
    }
}

/// Judges one limits rule. `Ok(None)`: the cart keeps the rule (or no bound is
/// checked at this step).
pub fn evaluate<'i>(
    rule: &Rule,
    limit: &Limit,
    cart: &mut Cart<'i>,
    step: Steps,
) -> Result<Option<LimitBreach<'i>>, Unjudged> {
    let mut active = Active {
        min: limit.min.filter(|_| rule.checks_at(Steps::CHECKOUT_ONLY, step)),
        max: limit.max.filter(|_| rule.checks_at(Steps::ALL, step)),
        multiple_of: limit.multiple_of.filter(|_| rule.checks_at(Steps::CHECKOUT_ONLY, step)),
    };
    if active.min.is_none() && active.max.is_none() && active.multiple_of.is_none() {
        return Ok(None);
    }
    let filter = Filter::new(&limit.filter, cart, rule)?;
    let lines = cart.lines;
    let breach = |value: i128, product: Option<&'i str>| LimitBreach { actual: Measured::Count(value), product };
    match limit.measure {
        Measure::LineQuantity => Ok(lines
            .iter()
            .filter(|l| filter.matches(l))
            .find(|l| active.breaks(quantity(l), true))
            .map(|l| breach(quantity(l), Some(title(l))))),
        Measure::ProductQuantity => {
            let product_of = cart.products();
            let matched: Vec<bool> = lines.iter().map(|l| filter.matches(l)).collect();
            let mut totals = vec![0i128; lines.len()];
            for (i, line) in lines.iter().enumerate().filter(|(i, _)| matched[*i]) {
                totals[product_of[i]] += quantity(line);
            }
            // Products in the order of their first matching line.
            let mut seen = vec![false; lines.len()];
            for (i, line) in lines.iter().enumerate().filter(|(i, _)| matched[*i]) {
                let product = product_of[i];
                if !std::mem::replace(&mut seen[product], true) && active.breaks(totals[product], true) {
                    return Ok(Some(breach(totals[product], Some(title(line)))));
                }
            }
            Ok(None)
        }
        Measure::CartQuantity | Measure::DistinctLines => {
            let (mut total, mut matched_any) = (0i128, false);
            for line in lines.iter().filter(|l| filter.matches(l)) {
                matched_any = true;
                total += if limit.measure == Measure::CartQuantity { quantity(line) } else { 1 };
            }
            Ok(active.breaks(total, matched_any).then(|| breach(total, None)))
        }
        Measure::Subtotal => {
            let rate = cart.rate.and_then(decimal::parse_rate).ok_or(Unjudged::UnreadableRate)?;
            let convert = |bound: Option<i128>| -> Result<Option<i128>, Unjudged> {
                bound.map(|b| decimal::convert_bound(b, rate).ok_or(Unjudged::BoundOutOfRange)).transpose()
            };
            active.min = convert(active.min)?;
            active.max = convert(active.max)?;
            let matched_any = lines.iter().any(|l| filter.matches(l));
            let total = if limit.filter.is_empty() {
                cart.subtotal.and_then(decimal::parse_amount).ok_or(Unjudged::UnreadableAmount { line: None })?
            } else {
                let mut total: Micros = 0;
                let amounts = cart.amounts();
                for (i, line) in lines.iter().enumerate() {
                    if filter.matches(line) {
                        let amount = amounts.get(i).copied().flatten();
                        total = total.saturating_add(amount.ok_or(Unjudged::UnreadableAmount { line: Some(i) })?);
                    }
                }
                total
            };
            Ok(active
                .breaks(total, matched_any)
                .then_some(LimitBreach { actual: Measured::Amount(total), product: None }))
        }
        Measure::Weight(unit) => {
            let (mut total, mut matched_any) = (0i128, false);
            let weights = cart.weights();
            for (i, line) in lines.iter().enumerate() {
                if filter.matches(line) {
                    matched_any = true;
                    // Other merchandise, unshipped lines and missing weights weigh 0.
                    let nanograms = weights.get(i).cloned().unwrap_or(Ok(0))?;
                    if nanograms != 0 {
                        total = total.saturating_add(nanograms.saturating_mul(quantity(line)));
                    }
                }
            }
            Ok(active
                .breaks(total, matched_any)
                .then_some(LimitBreach { actual: Measured::Weight(total, unit), product: None }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_ids_group_by_number_or_else_by_text() {
        assert_eq!(gid_number("gid://shopify/Product/8012345678901", "gid://shopify/Product/"), Some(8012345678901));
        for odd in ["gid://shopify/Product/", "gid://shopify/Product/012", "gid://shopify/Product/1a", "Product/1"] {
            assert_eq!(gid_number(odd, "gid://shopify/Product/"), None, "{odd}");
        }
        let line = |product: &str| {
            format!(r#"{{"q":1,"m":{{"id":"gid://shopify/ProductVariant/1","p":{{"id":"{product}"}}}}}}"#)
        };
        for ids in
            [["gid://shopify/Product/20", "gid://shopify/Product/3", "gid://shopify/Product/20"], ["b", "a", "b"]]
        {
            let lines: Vec<String> = ids.iter().map(|id| line(id)).collect();
            let text = format!(r#"{{"cart":{{"lines":[{},{{"q":1,"m":{{"t":"Gift"}}}}]}}}}"#, lines.join(","));
            let input = crate::input::read::<crate::AllFamilies>(text.as_bytes()).unwrap();
            let terms = Terms::default();
            let lines = &input.cart.as_ref().unwrap().lines;
            let mut cart = Cart::new(lines, &terms, None, None, None);
            assert_eq!(cart.products(), [0, 1, 0, 3], "{ids:?}");
        }
    }
}
