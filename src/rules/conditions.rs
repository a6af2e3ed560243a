//! `when`: the conditions under which a rule applies.

use crate::input::{Address, Answer};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct When {
    pub countries: Vec<String>,
    pub not_countries: Vec<String>,
    /// Lower-cased: tags compare case-insensitively.
    pub customer_tags: Vec<String>,
    pub not_customer_tags: Vec<String>,
    pub b2b: Option<bool>,
    pub currencies: Vec<String>,
    pub delivery_methods: Vec<String>,
}

/// One delivery group as conditions see it. A cart without groups is judged
/// as one group with no address and no method.
#[derive(Clone, Copy, Debug, Default)]
pub struct Group<'i> {
    /// Index in `cart.deliveryGroups` (targets name it).
    pub index: usize,
    pub address: Option<&'i Address<'i>>,
    pub method: Option<&'i str>,
}

impl Group<'_> {
    pub fn country(&self) -> Option<&str> {
        self.address.and_then(|a| a.country_code.as_deref())
    }
}

/// The buyer facts conditions read, once per run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Buyer<'i> {
    /// The customer's `hasTags` answers; `None` for a guest (no tags).
    pub tag_answers: Option<&'i [Answer<'i>]>,
    pub b2b: bool,
    pub currency: Option<&'i str>,
}

/// A customer tag a rule names but the input did not ask about: the
/// `variables` metafield is stale, so the rule cannot be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaleCustomerTag {
    /// `true` for `notCustomerTags`.
    pub negated: bool,
    pub position: usize,
}

impl When {
    /// The conditions that do not depend on a delivery group.
    pub fn buyer_ok(&self, buyer: &Buyer) -> Result<bool, StaleCustomerTag> {
        if let Some(b2b) = self.b2b {
            if b2b != buyer.b2b {
                return Ok(false);
            }
        }
        if !self.currencies.is_empty() && !buyer.currency.is_some_and(|c| self.currencies.iter().any(|x| x == c)) {
            return Ok(false);
        }
        if !self.customer_tags.is_empty() && !has_any(buyer, &self.customer_tags, false)? {
            return Ok(false);
        }
        if !self.not_customer_tags.is_empty() && has_any(buyer, &self.not_customer_tags, true)? {
            return Ok(false);
        }
        Ok(true)
    }

    pub fn has_group_conditions(&self) -> bool {
        !self.countries.is_empty() || !self.not_countries.is_empty() || !self.delivery_methods.is_empty()
    }

    /// `countries`, `notCountries` and `deliveryMethods` for one group. An unknown
    /// country or method from the input is simply not on an allow list.
    pub fn group_ok(&self, group: &Group) -> bool {
        let country = group.country();
        if !self.countries.is_empty() && !country.is_some_and(|c| self.countries.iter().any(|x| x == c)) {
            return false;
        }
        if country.is_some_and(|c| self.not_countries.iter().any(|x| x == c)) {
            return false;
        }
        if !self.delivery_methods.is_empty()
            && !group.method.is_some_and(|m| self.delivery_methods.iter().any(|x| x == m))
        {
            return false;
        }
        true
    }

    /// Group conditions for rules judged once per cart: any group satisfies them.
    pub fn any_group_ok(&self, groups: &[Group]) -> bool {
        if groups.is_empty() {
            return self.group_ok(&Group::default());
        }
        groups.iter().any(|g| self.group_ok(g))
    }
}

fn has_any(buyer: &Buyer, tags: &[String], negated: bool) -> Result<bool, StaleCustomerTag> {
    let Some(answers) = buyer.tag_answers else {
        return Ok(false); // a guest has no tags
    };
    let mut any = false;
    for (position, tag) in tags.iter().enumerate() {
        let answer = answers
            .iter()
            .find(|a| a.term.as_deref().is_some_and(|t| crate::text::eq_fold(t, tag)))
            .ok_or(StaleCustomerTag { negated, position })?;
        any |= answer.member == Some(true);
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&'static str, bool)]) -> Vec<Answer<'static>> {
        pairs.iter().map(|(t, h)| Answer { term: Some((*t).into()), member: Some(*h) }).collect()
    }

    #[test]
    fn customer_tags_are_case_insensitive_and_guests_have_none() {
        let when = When { customer_tags: vec!["vip".into()], ..When::default() };
        let tags = answers(&[("VIP", true)]);
        let buyer = Buyer { tag_answers: Some(&tags), ..Buyer::default() };
        assert_eq!(when.buyer_ok(&buyer), Ok(true));
        assert_eq!(when.buyer_ok(&Buyer::default()), Ok(false));
        let exempt = When { not_customer_tags: vec!["vip".into()], ..When::default() };
        assert_eq!(exempt.buyer_ok(&buyer), Ok(false));
        assert_eq!(exempt.buyer_ok(&Buyer::default()), Ok(true));
    }

    #[test]
    fn a_tag_missing_from_the_input_is_stale() {
        let when = When { customer_tags: vec!["vip".into()], ..When::default() };
        let tags = answers(&[("wholesale", true)]);
        let buyer = Buyer { tag_answers: Some(&tags), ..Buyer::default() };
        assert_eq!(when.buyer_ok(&buyer), Err(StaleCustomerTag { negated: false, position: 0 }));
    }

    #[test]
    fn no_groups_count_as_one_without_address_or_method() {
        let countries = When { countries: vec!["US".into()], ..When::default() };
        assert!(!countries.any_group_ok(&[]));
        let not_countries = When { not_countries: vec!["US".into()], ..When::default() };
        assert!(not_countries.any_group_ok(&[]));
        let methods = When { delivery_methods: vec!["SHIPPING".into()], ..When::default() };
        assert!(!methods.any_group_ok(&[]));
        let group = Group { method: Some("SHIPPING"), ..Group::default() };
        assert!(methods.any_group_ok(&[Group::default(), group]));
    }
}
