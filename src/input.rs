//! The function input, as both input queries (`limits.graphql`,
//! `address.graphql`) shape it. The readers below follow the queries' field
//! names and aliases; querycheck's tests validate every fixture input against
//! the queries and `schema.graphql`, and the engine reads those fixtures.
//!
//! Everything is optional so that one reader serves both queries and a field
//! Shopify leaves out, or sends with an unexpected type, never fails the run.
//! Enums stay strings: Shopify adds enum values over time. Strings borrow
//! from the input, and cart lines keep their tag and collection answers as
//! bit sets, so reading a line allocates nothing.

// Field readers assign and answer in one expression: `"q" => Ok(line.quantity = r.int()?)`.
#![allow(clippy::unit_arg)]

use crate::json::Json;
use crate::read::{Members, ReadError, Reader, Result};
use std::borrow::Cow;

pub type Text<'a> = Cow<'a, str>;

#[derive(Debug, Default)]
pub struct Input<'a> {
    /// `buyerJourney.step`
    pub step: Option<Text<'a>>,
    pub cart: Option<Cart<'a>>,
    /// `localization.language.isoCode`
    pub language: Option<Text<'a>>,
    pub presentment_currency_rate: Option<&'a str>,
    /// `validation.metafield.jsonValue`; `None` when the metafield is absent.
    pub config: Option<Json<'a>>,
}

#[derive(Debug, Default)]
pub struct Cart<'a> {
    /// `cost.subtotalAmount.amount`
    pub subtotal: Option<Text<'a>>,
    /// `cost.subtotalAmount.currencyCode`
    pub currency: Option<Text<'a>>,
    pub lines: Lines<'a>,
    pub buyer_identity: Option<BuyerIdentity<'a>>,
    pub delivery_groups: Vec<DeliveryGroup<'a>>,
    pub billing_address: Option<Address<'a>>,
}

#[derive(Debug, Default)]
pub struct BuyerIdentity<'a> {
    pub email: Option<Text<'a>>,
    pub phone: Option<Text<'a>>,
    /// `customer.hasTags`; `None` for a guest.
    pub customer_tags: Option<Vec<Answer<'a>>>,
    /// A B2B buyer buys for a company: only the presence of
    /// `purchasingCompany` matters.
    pub b2b: bool,
}

/// One answer of `hasTags` or `inCollections`: the term asked about and the answer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answer<'a> {
    pub term: Option<Text<'a>>,
    pub member: Option<bool>,
}

#[derive(Debug, Default)]
pub struct DeliveryGroup<'a> {
    pub address: Option<Address<'a>>,
    /// `selectedDeliveryOption.deliveryMethodType`
    pub method: Option<Text<'a>>,
}

#[derive(Debug, Default)]
pub struct Address<'a> {
    pub address1: Option<Text<'a>>,
    pub address2: Option<Text<'a>>,
    pub city: Option<Text<'a>>,
    pub company: Option<Text<'a>>,
    pub country_code: Option<Text<'a>>,
    pub first_name: Option<Text<'a>>,
    pub last_name: Option<Text<'a>>,
    pub phone: Option<Text<'a>>,
    pub province_code: Option<Text<'a>>,
    pub zip: Option<Text<'a>>,
}

/// Cart lines. Their tag and collection answers carry no terms: they answer
/// the `variables` lists by position (contract v1.1), and the engine derives
/// those lists from the config.
#[derive(Debug, Default)]
pub struct Lines<'a> {
    pub items: Vec<Line<'a>>,
}

/// A cart line (limits query aliases in brackets).
#[derive(Debug, Default)]
pub struct Line<'a> {
    /// `quantity` (`q`)
    pub quantity: Option<i64>,
    /// `cost.subtotalAmount.amount` (`c.s.a`)
    pub subtotal: Option<Text<'a>>,
    /// `merchandise` (`m`)
    pub merchandise: Option<Merchandise<'a>>,
}

#[derive(Debug, Default)]
pub struct Merchandise<'a> {
    /// ProductVariant `id`: present on every variant line, absent on a
    /// custom line (the query asks no `__typename`; the `id` tells them apart).
    pub id: Option<Text<'a>>,
    /// ProductVariant `requiresShipping` (`r`)
    pub requires_shipping: Option<bool>,
    /// ProductVariant `weight` (`w`), as written
    pub weight: Option<&'a str>,
    /// ProductVariant `weightUnit` (`u`)
    pub weight_unit: Option<Text<'a>>,
    /// ProductVariant `product` (`p`)
    pub product: Option<Product<'a>>,
    /// CustomProduct `title` (`t`)
    pub title: Option<Text<'a>>,
}

impl Merchandise<'_> {
    pub fn is_variant(&self) -> bool {
        self.id.is_some()
    }
}

#[derive(Debug, Default)]
pub struct Product<'a> {
    pub id: Option<Text<'a>>,
    /// `title` (`t`)
    pub title: Option<Text<'a>>,
    /// `vendor` (`v`)
    pub vendor: Option<Text<'a>>,
    /// `productType` (`y`)
    pub product_type: Option<Text<'a>>,
    /// `hasTags(tags: $productTags)` (`g`)
    pub tags: Option<Bits>,
    /// `inCollections(ids: $collectionIds)` (`k`)
    pub collections: Option<Bits>,
}

/// The answers of one `hasTags`/`inCollections` on one line, by position.
/// A config names at most 10 terms, so 64 positions are plenty; answers past
/// [`Bits::CAPACITY`] are dropped and `overflow` says so (a rule naming such a
/// term is treated like one whose term is missing). A u64, not a u128: wasm
/// has no 128-bit shifts, and this is read once per line and rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bits {
    pub set: u64,
    pub len: u8,
    pub overflow: bool,
}

impl Bits {
    pub const CAPACITY: usize = 64;

    /// The next answer; past [`Bits::CAPACITY`] answers are dropped and
    /// counted as overflow.
    #[inline]
    pub fn push(&mut self, member: bool) {
        if usize::from(self.len) < Self::CAPACITY {
            self.set |= u64::from(member) << self.len;
            self.len += 1;
        } else {
            self.overflow = true;
        }
    }

    pub fn get(&self, index: usize) -> bool {
        index < Self::CAPACITY && self.set & (1u64 << index) != 0
    }
}

/// Reads the whole input. Cart lines are read only where the scope has
/// limits rules (the address query has none).
pub fn read<S: crate::Scope>(raw: &[u8]) -> std::result::Result<Input<'_>, ReadError> {
    let mut r = Reader::from_bytes(raw)?;
    let input = object(&mut r, |r, key, input: &mut Input| {
        match key {
            "buyerJourney" => {
                object(r, |r, key, _: &mut ()| match key {
                    "step" => Ok(input.step = r.string()?),
                    _ => r.skip(),
                })?;
            }
            "cart" => input.cart = cart::<S>(r)?,
            "localization" => {
                object(r, |r, key, _: &mut ()| match key {
                    "language" => object(r, |r, key, _: &mut ()| match key {
                        "isoCode" => Ok(input.language = r.string()?),
                        _ => r.skip(),
                    })
                    .map(drop),
                    _ => r.skip(),
                })?;
            }
            "presentmentCurrencyRate" => input.presentment_currency_rate = number_or_string(r)?,
            "validation" => {
                object(r, |r, key, _: &mut ()| match key {
                    "metafield" => object(r, |r, key, _: &mut ()| match key {
                        "jsonValue" => {
                            let value = config::<S>(r)?;
                            input.config = (value != Json::Null).then_some(value);
                            Ok(())
                        }
                        _ => r.skip(),
                    })
                    .map(drop),
                    _ => r.skip(),
                })?;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.end()?;
    Ok(input.unwrap_or_default())
}

/// Reads the config as a tree, except the rules of the other family: a
/// function checks only their `id` and `kind` (it reports them as misplaced),
/// so only those two keys are built and the rest is skipped unread.
/// Tools ([`crate::AllFamilies`]) build everything.
fn config<'a, S: crate::Scope>(r: &mut Reader<'a>) -> Result<Json<'a>> {
    if S::FAMILY.is_none() || r.peek() != Some(b'{') {
        return r.value();
    }
    r.object_value(&mut |r, key| match (key, r.peek()) {
        ("rules", Some(b'[')) => {
            let mut rules = Vec::new();
            r.array(|r| {
                rules.push(rule::<S>(r)?);
                Ok(())
            })?;
            Ok(Json::Array(rules))
        }
        _ => r.value(),
    })
}

/// One rule (see [`config`]). The last `kind` decides, as in the checker.
fn rule<'a, S: crate::Scope>(r: &mut Reader<'a>) -> Result<Json<'a>> {
    let misplaced = |kind: &Json| {
        kind.as_str().and_then(crate::rules::Kind::from_name).is_some_and(|k| Some(k.family()) != S::FAMILY)
    };
    if r.peek() != Some(b'{') {
        return r.value();
    }
    let start = r.offset();
    let mut skipping = false;
    let mut last_kind_misplaced = false;
    let stub = r.object_value(&mut |r, key| {
        if key == "kind" || key == "id" {
            let value = r.value()?;
            if key == "kind" {
                last_kind_misplaced = misplaced(&value);
                skipping |= last_kind_misplaced;
            }
            return Ok(value);
        }
        if skipping {
            r.skip()?;
            return Ok(Json::Null);
        }
        r.value()
    })?;
    match stub {
        Json::Object(entries) if last_kind_misplaced => {
            Ok(Json::Object(entries.into_iter().filter(|(k, _)| k == "kind" || k == "id").collect()))
        }
        // A later `kind` of this family after a misplaced one: read it all.
        _ if skipping => {
            r.rewind(start);
            r.value()
        }
        whole => Ok(whole),
    }
}

/// Reads an object into a fresh `T`; `None` for `null` or another type.
fn object<'a, T: Default>(
    r: &mut Reader<'a>,
    mut field: impl FnMut(&mut Reader<'a>, &'a str, &mut T) -> Result<()>,
) -> Result<Option<T>> {
    let mut value = T::default();
    let present = r.object(|r, key| field(r, key, &mut value))?;
    Ok(present.then_some(value))
}

/// Decimals arrive as strings; a bare number is accepted too.
fn number_or_string<'a>(r: &mut Reader<'a>) -> Result<Option<&'a str>> {
    match r.peek() {
        Some(b'"') => Ok(r.string()?.and_then(|s| match s {
            Cow::Borrowed(s) => Some(s),
            Cow::Owned(_) => None, // a decimal has no escapes
        })),
        _ => r.number(),
    }
}

fn money<'a>(
    r: &mut Reader<'a>,
    amount: &mut Option<Text<'a>>,
    mut currency: Option<&mut Option<Text<'a>>>,
) -> Result<()> {
    // Pull-style: every cart line has one.
    if !r.enter_object()? {
        return Ok(());
    }
    let mut state = Members::First;
    while let Some(key) = r.next_key_bytes(&mut state)? {
        match (key, currency.as_deref_mut()) {
            ([b'a'] | b"amount", _) => *amount = number_or_string(r)?.map(Cow::Borrowed),
            (b"currencyCode", Some(slot)) => *slot = r.string()?,
            _ => r.skip()?,
        }
    }
    Ok(())
}

fn cart<'a, S: crate::Scope>(r: &mut Reader<'a>) -> Result<Option<Cart<'a>>> {
    object(r, |r, key, cart: &mut Cart<'a>| match key {
        "cost" => object(r, |r, key, _: &mut ()| match key {
            "subtotalAmount" => money(r, &mut cart.subtotal, Some(&mut cart.currency)),
            _ => r.skip(),
        })
        .map(drop),
        "lines" if S::LIMITS => Ok(cart.lines = lines(r)?),
        "buyerIdentity" => Ok(cart.buyer_identity = buyer_identity(r)?),
        "deliveryGroups" => {
            r.array(|r| {
                // A null entry still takes its index: targets name groups by position.
                cart.delivery_groups.push(delivery_group(r)?.unwrap_or_default());
                Ok(())
            })?;
            Ok(())
        }
        "billingAddress" => Ok(cart.billing_address = address(r)?),
        _ => r.skip(),
    })
}

fn buyer_identity<'a>(r: &mut Reader<'a>) -> Result<Option<BuyerIdentity<'a>>> {
    object(r, |r, key, buyer: &mut BuyerIdentity<'a>| match key {
        "email" => Ok(buyer.email = r.string()?),
        "phone" => Ok(buyer.phone = r.string()?),
        "customer" => {
            let tags = object(r, |r, key, tags: &mut Vec<Answer<'a>>| match key {
                "hasTags" => {
                    r.array(|r| {
                        let mut answer = Answer::default();
                        r.object(|r, key| match key {
                            "tag" | "t" => Ok(answer.term = r.string()?),
                            "hasTag" | "h" => Ok(answer.member = r.bool()?),
                            _ => r.skip(),
                        })?;
                        tags.push(answer);
                        Ok(())
                    })?;
                    Ok(())
                }
                _ => r.skip(),
            })?;
            buyer.customer_tags = tags;
            Ok(())
        }
        "purchasingCompany" => {
            buyer.b2b = !r.null()?;
            if buyer.b2b {
                r.skip()?;
            }
            Ok(())
        }
        _ => r.skip(),
    })
}

fn delivery_group<'a>(r: &mut Reader<'a>) -> Result<Option<DeliveryGroup<'a>>> {
    object(r, |r, key, group: &mut DeliveryGroup<'a>| match key {
        "deliveryAddress" => Ok(group.address = address(r)?),
        "selectedDeliveryOption" => object(r, |r, key, _: &mut ()| match key {
            "deliveryMethodType" => Ok(group.method = r.string()?),
            _ => r.skip(),
        })
        .map(drop),
        _ => r.skip(),
    })
}

fn address<'a>(r: &mut Reader<'a>) -> Result<Option<Address<'a>>> {
    object(r, |r, key, a: &mut Address<'a>| {
        let slot = match key {
            "address1" => &mut a.address1,
            "address2" => &mut a.address2,
            "city" => &mut a.city,
            "company" => &mut a.company,
            "countryCode" => &mut a.country_code,
            "firstName" => &mut a.first_name,
            "lastName" => &mut a.last_name,
            "phone" => &mut a.phone,
            "provinceCode" => &mut a.province_code,
            "zip" => &mut a.zip,
            _ => return r.skip(),
        };
        *slot = r.string()?;
        Ok(())
    })
}

// Cart lines are most of a limits input: they are read pull-style (no
// closure per value), written in place, and keys are dispatched as bytes (a
// one-byte slice pattern is two compares, where a `&str` pattern calls
// memcmp, a loop in wasm).

fn lines<'a>(r: &mut Reader<'a>) -> Result<Lines<'a>> {
    let mut lines = Lines::default();
    if r.enter_array()? {
        let mut state = Members::First;
        while r.next_item(&mut state)? {
            lines.items.push(Line::default());
            if let Some(line) = lines.items.last_mut() {
                read_line(r, line)?;
            }
        }
    }
    Ok(lines)
}

fn read_line<'a>(r: &mut Reader<'a>, line: &mut Line<'a>) -> Result<()> {
    if !r.enter_object()? {
        return Ok(());
    }
    let mut state = Members::First;
    while let Some(key) = r.next_key_bytes(&mut state)? {
        match key {
            [b'q'] | b"quantity" => line.quantity = r.int()?,
            [b'c'] | b"cost" => {
                if r.enter_object()? {
                    let mut state = Members::First;
                    while let Some(key) = r.next_key_bytes(&mut state)? {
                        match key {
                            [b's'] | b"subtotalAmount" => money(r, &mut line.subtotal, None)?,
                            _ => r.skip()?,
                        }
                    }
                }
            }
            [b'm'] | b"merchandise" => {
                let merchandise = line.merchandise.insert(Merchandise::default());
                if !read_merchandise(r, merchandise)? {
                    line.merchandise = None;
                }
            }
            _ => r.skip()?,
        }
    }
    Ok(())
}

/// `false` when the value is not an object (`null`).
fn read_merchandise<'a>(r: &mut Reader<'a>, m: &mut Merchandise<'a>) -> Result<bool> {
    if !r.enter_object()? {
        return Ok(false);
    }
    let mut state = Members::First;
    while let Some(key) = r.next_key_bytes(&mut state)? {
        match key {
            [b'i', b'd'] => m.id = r.string()?,
            [b'r'] | b"requiresShipping" => m.requires_shipping = r.bool()?,
            [b'w'] | b"weight" => m.weight = r.number()?,
            [b'u'] | b"weightUnit" => m.weight_unit = r.string()?,
            [b't'] | b"title" => m.title = r.string()?,
            [b'p'] | b"product" => {
                let product = m.product.insert(Product::default());
                if !read_product(r, product)? {
                    m.product = None;
                }
            }
            _ => r.skip()?,
        }
    }
    Ok(true)
}

/// `false` when the value is not an object (`null`).
fn read_product<'a>(r: &mut Reader<'a>, p: &mut Product<'a>) -> Result<bool> {
    if !r.enter_object()? {
        return Ok(false);
    }
    let mut state = Members::First;
    while let Some(key) = r.next_key_bytes(&mut state)? {
        match key {
            [b'i', b'd'] => p.id = r.string()?,
            [b't'] | b"title" => p.title = r.string()?,
            [b'v'] | b"vendor" => p.vendor = r.string()?,
            [b'y'] | b"productType" => p.product_type = r.string()?,
            [b'g'] | b"hasTags" => p.tags = answers(r, b'h')?,
            [b'k'] | b"inCollections" => p.collections = answers(r, b'm')?,
            _ => r.skip()?,
        }
    }
    Ok(true)
}

/// Reads a list of membership answers as bits, by position. Shopify writes
/// each as `{"h":true}` (`key` then the flag): matched as bytes; anything
/// else is parsed, and its only `true` literal is the answer.
fn answers(r: &mut Reader<'_>, key: u8) -> Result<Option<Bits>> {
    let start = r.position();
    if let Some(bits) = r.flag_list(key) {
        return Ok(Some(bits));
    }
    r.rewind(start);
    if !r.enter_array()? {
        return Ok(None);
    }
    let mut bits = Bits::default();
    let mut state = Members::First;
    while r.next_item(&mut state)? {
        let member = match r.flag_object(key) {
            Some(member) => member,
            None => r.object_has_true()?,
        };
        bits.push(member);
    }
    Ok(Some(bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_null_delivery_group_keeps_the_others_indexes() {
        let text = r#"{"cart":{"deliveryGroups":[null,{"deliveryAddress":{"zip":"1"}}]}}"#;
        let input = read::<crate::AllFamilies>(text.as_bytes()).unwrap();
        let groups = input.cart.unwrap().delivery_groups;
        assert_eq!(groups.len(), 2);
        assert!(groups[0].address.is_none());
        assert_eq!(groups[1].address.as_ref().unwrap().zip.as_deref(), Some("1"));
    }

    #[test]
    fn answers_read_by_position_as_bits() {
        let text = r#"{"cart":{"lines":[
            {"q":1,"m":{"t":"Gift wrap"}},
            {"q":2,"c":{"s":{"a":"10.0"}},"m":{"id":"gid://shopify/ProductVariant/1",
              "p":{"id":"gid://shopify/Product/1","t":"Tee","g":[{"h":false},{"h":true}],"k":[{"m":true}]}}},
            {"q":3,"m":{"id":"gid://shopify/ProductVariant/2","p":{"g":[{"h":true},{"h":false}],"k":[{"m":false}]}}},
            {"q":4,"m":{"id":"gid://shopify/ProductVariant/3","p":{"g":[ { "h" : true } ,{"h":null},{"x":1,"h":true}]}}}
        ]}}"#;
        let input = read::<crate::AllFamilies>(text.as_bytes()).unwrap();
        let lines = input.cart.unwrap().lines;
        assert_eq!(lines.items.len(), 4);
        let custom = lines.items[0].merchandise.as_ref().unwrap();
        assert!(!custom.is_variant());
        assert_eq!(custom.title.as_deref(), Some("Gift wrap"));
        let product = |i: usize| lines.items[i].merchandise.as_ref().unwrap().product.as_ref().unwrap();
        assert!(lines.items[1].merchandise.as_ref().unwrap().is_variant());
        assert_eq!(product(1).tags, Some(Bits { set: 0b10, len: 2, overflow: false }));
        assert_eq!(product(1).collections, Some(Bits { set: 0b1, len: 1, overflow: false }));
        assert_eq!(product(2).tags, Some(Bits { set: 0b01, len: 2, overflow: false }));
        // Spaced, a null flag, or another key: parsed; a non-boolean is no answer.
        assert_eq!(product(3).tags, Some(Bits { set: 0b101, len: 3, overflow: false }));
        assert_eq!(product(3).collections, None);
        assert_eq!(lines.items[1].subtotal.as_deref(), Some("10.0"));
    }

    #[test]
    fn a_function_builds_only_id_and_kind_of_the_other_familys_rules() {
        let text = r#"{"validation":{"metafield":{"jsonValue":{"version":1,"rules":[
            {"id":"po","fields":["deliveryAddress.address1"],"kind":"field_pattern","preset":"po_box","message":"x"},
            {"id":"twice","kind":"field_pattern","max":5,"kind":"line_quantity","message":"y"},
            {"id":"max","kind":"line_quantity","max":5,"message":"z"}
        ]}}}}"#;
        fn rules<'a>(config: &Json<'a>) -> Option<Vec<Json<'a>>> {
            match config.get("rules") {
                Some(Json::Array(items)) => Some(items.clone()),
                _ => None,
            }
        }
        let limits = read::<crate::LimitsOnly>(text.as_bytes()).unwrap();
        let seen = rules(limits.config.as_ref().unwrap()).unwrap();
        let keys = |rule: &Json| rule.as_object().unwrap().iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>();
        // Misplaced: only its id and kind are built.
        assert_eq!(keys(&seen[0]), ["id", "kind"]);
        // The last `kind` decides: a limits rule after all, read whole.
        assert_eq!(keys(&seen[1]), ["id", "kind", "max", "kind", "message"]);
        assert_eq!(keys(&seen[2]), ["id", "kind", "max", "message"]);
        // Tools and the other family read everything.
        let all = read::<crate::AllFamilies>(text.as_bytes()).unwrap();
        assert_eq!(keys(&rules(all.config.as_ref().unwrap()).unwrap()[0]).len(), 5);
        let address = read::<crate::AddressOnly>(text.as_bytes()).unwrap();
        let seen = rules(address.config.as_ref().unwrap()).unwrap();
        assert_eq!(keys(&seen[0]).len(), 5);
        assert_eq!(keys(&seen[2]), ["id", "kind"]);
    }

    #[test]
    fn unknown_fields_enum_values_and_types_are_tolerated() {
        let text = r#"{"buyerJourney":{"step":"SOME_FUTURE_STEP"},"cart":{"deliveryGroups":[
            {"deliveryAddress":{"countryCode":"XZ","zip":12345},"selectedDeliveryOption":{"deliveryMethodType":"DRONE"}}],
            "buyerIdentity":{"purchasingCompany":{"__typename":"PurchasingCompany"}},
            "somethingNew":[1,{"a":null}]},"validation":{"metafield":null}}"#;
        let input = read::<crate::AllFamilies>(text.as_bytes()).unwrap();
        assert_eq!(input.step.as_deref(), Some("SOME_FUTURE_STEP"));
        let cart = input.cart.unwrap();
        let address = cart.delivery_groups[0].address.as_ref().unwrap();
        assert_eq!(address.country_code.as_deref(), Some("XZ"));
        assert_eq!(address.zip, None);
        assert_eq!(cart.delivery_groups[0].method.as_deref(), Some("DRONE"));
        assert!(cart.buyer_identity.unwrap().b2b);
        assert!(input.config.is_none());
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        for bad in [&b"{"[..], b"", b"[", b"{\"cart\":{\"lines\":[{]}}", b"\xff\xfe"] {
            assert!(read::<crate::AllFamilies>(bad).is_err());
        }
    }
}
