//! The function input, as both input queries (`limits.graphql`, `address.graphql`)
//! shape it: field names and aliases here mirror the queries; querycheck's tests
//! validate every fixture input against the queries and `schema.graphql`.
//!
//! Everything is optional so that one set of types reads both queries and so that
//! a field Shopify leaves out never fails the run. Enums are kept as strings:
//! Shopify adds enum values over time and an unknown one must never fail a run.
//! Strings borrow from the input; cart lines carry their tag and collection
//! answers as bit sets, so reading a line allocates nothing.

use crate::json::{Json, Str};
use serde::de::{Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;

#[derive(Debug, Default, Deserialize)]
pub struct Input<'a> {
    #[serde(rename = "buyerJourney", borrow)]
    pub buyer_journey: Option<BuyerJourney<'a>>,
    #[serde(borrow)]
    pub cart: Option<Cart<'a>>,
    #[serde(borrow)]
    pub localization: Option<Localization<'a>>,
    #[serde(rename = "presentmentCurrencyRate", borrow)]
    pub presentment_currency_rate: Option<Str<'a>>,
    #[serde(borrow)]
    pub validation: Option<Validation<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct BuyerJourney<'a> {
    #[serde(borrow)]
    pub step: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Localization<'a> {
    #[serde(borrow)]
    pub language: Option<Language<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Language<'a> {
    #[serde(rename = "isoCode", borrow)]
    pub iso_code: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Validation<'a> {
    #[serde(borrow)]
    pub metafield: Option<Metafield<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Metafield<'a> {
    #[serde(rename = "jsonValue", borrow)]
    pub json_value: Option<Json<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Cart<'a> {
    #[serde(borrow)]
    pub cost: Option<CartCost<'a>>,
    #[serde(borrow)]
    pub lines: Option<Lines<'a>>,
    #[serde(rename = "buyerIdentity", borrow)]
    pub buyer_identity: Option<BuyerIdentity<'a>>,
    #[serde(rename = "deliveryGroups", borrow)]
    pub delivery_groups: Option<Vec<DeliveryGroup<'a>>>,
    #[serde(rename = "billingAddress", borrow)]
    pub billing_address: Option<Address<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CartCost<'a> {
    #[serde(rename = "subtotalAmount", borrow)]
    pub subtotal_amount: Option<Money<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Money<'a> {
    #[serde(borrow)]
    pub amount: Option<Str<'a>>,
    #[serde(rename = "currencyCode", borrow)]
    pub currency_code: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct BuyerIdentity<'a> {
    #[serde(borrow)]
    pub email: Option<Str<'a>>,
    #[serde(borrow)]
    pub phone: Option<Str<'a>>,
    #[serde(borrow)]
    pub customer: Option<Customer<'a>>,
    /// Only its presence matters: a B2B buyer buys for a company.
    #[serde(rename = "purchasingCompany")]
    pub purchasing_company: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Customer<'a> {
    #[serde(rename = "hasTags", borrow)]
    pub has_tags: Option<Vec<Answer<'a>>>,
}

/// One answer of `hasTags` or `inCollections`: the term asked about and the answer.
#[derive(Debug, Default, Deserialize)]
pub struct Answer<'a> {
    #[serde(alias = "tag", alias = "c", alias = "collectionId", borrow)]
    pub t: Option<Str<'a>>,
    #[serde(alias = "hasTag", alias = "m", alias = "isMember")]
    pub h: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeliveryGroup<'a> {
    #[serde(rename = "deliveryAddress", borrow)]
    pub delivery_address: Option<Address<'a>>,
    #[serde(rename = "selectedDeliveryOption", borrow)]
    pub selected_delivery_option: Option<DeliveryOption<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct DeliveryOption<'a> {
    #[serde(rename = "deliveryMethodType", borrow)]
    pub delivery_method_type: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct Address<'a> {
    #[serde(borrow)]
    pub address1: Option<Str<'a>>,
    #[serde(borrow)]
    pub address2: Option<Str<'a>>,
    #[serde(borrow)]
    pub city: Option<Str<'a>>,
    #[serde(borrow)]
    pub company: Option<Str<'a>>,
    #[serde(rename = "countryCode", borrow)]
    pub country_code: Option<Str<'a>>,
    #[serde(rename = "firstName", borrow)]
    pub first_name: Option<Str<'a>>,
    #[serde(rename = "lastName", borrow)]
    pub last_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub phone: Option<Str<'a>>,
    #[serde(rename = "provinceCode", borrow)]
    pub province_code: Option<Str<'a>>,
    #[serde(borrow)]
    pub zip: Option<Str<'a>>,
}

/// A cart line, with the limits query's aliases.
#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a, M: Deserialize<'de>"))]
pub struct Line<'a, M = Bits> {
    /// `quantity`
    pub q: Option<i64>,
    /// `cost { subtotalAmount { amount } }`
    #[serde(borrow)]
    pub c: Option<LineCost<'a>>,
    /// `merchandise`
    #[serde(borrow)]
    pub m: Option<Merchandise<'a, M>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LineCost<'a> {
    #[serde(borrow)]
    pub s: Option<LineMoney<'a>>,
}

#[derive(Debug, Default, Deserialize)]
pub struct LineMoney<'a> {
    #[serde(borrow)]
    pub a: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a, M: Deserialize<'de>"))]
pub struct Merchandise<'a, M = Bits> {
    #[serde(rename = "__typename", borrow)]
    pub typename: Option<Str<'a>>,
    /// ProductVariant: `id`
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    /// ProductVariant: `requiresShipping`
    pub r: Option<bool>,
    /// ProductVariant: `weight`
    pub w: Option<f64>,
    /// ProductVariant: `weightUnit`
    #[serde(borrow)]
    pub u: Option<Str<'a>>,
    /// ProductVariant: `product`
    #[serde(borrow)]
    pub p: Option<Product<'a, M>>,
    /// CustomProduct: `title`
    #[serde(borrow)]
    pub t: Option<Str<'a>>,
}

impl<M> Merchandise<'_, M> {
    pub fn is_variant(&self) -> bool {
        self.typename.as_deref() == Some("ProductVariant")
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(bound(deserialize = "'de: 'a, M: Deserialize<'de>"))]
pub struct Product<'a, M = Bits> {
    #[serde(borrow)]
    pub id: Option<Str<'a>>,
    /// `title`
    #[serde(borrow)]
    pub t: Option<Str<'a>>,
    /// `vendor`
    #[serde(borrow)]
    pub v: Option<Str<'a>>,
    /// `productType`
    #[serde(borrow)]
    pub y: Option<Str<'a>>,
    /// `hasTags(tags: $productTags)`
    pub g: Option<M>,
    /// `inCollections(ids: $collectionIds)`
    pub k: Option<M>,
}

/// The answers of one `hasTags`/`inCollections` on one line, by position.
/// Lists are at most 100 long (Shopify's cap on list variables); answers past
/// 128 are dropped and [`Bits::overflow`] says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bits {
    pub set: u128,
    pub len: u8,
    pub overflow: bool,
}

impl Bits {
    pub fn get(&self, index: usize) -> bool {
        index < 128 && self.set & (1u128 << index) != 0
    }
}

impl<'de> Deserialize<'de> for Bits {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BitsVisitor;
        impl<'de> Visitor<'de> for BitsVisitor {
            type Value = Bits;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of membership answers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Bits, A::Error> {
                let mut bits = Bits::default();
                let mut index = 0usize;
                while let Some(answer) = seq.next_element::<FlagOnly>()? {
                    if index < 128 {
                        if answer.h == Some(true) {
                            bits.set |= 1u128 << index;
                        }
                        bits.len += 1;
                    } else {
                        bits.overflow = true;
                    }
                    index += 1;
                }
                Ok(bits)
            }
        }
        deserializer.deserialize_seq(BitsVisitor)
    }
}

/// An answer read for its flag only (the term is skipped without copying).
#[derive(Deserialize)]
struct FlagOnly {
    #[serde(alias = "m")]
    h: Option<bool>,
}

/// The answers of the first variant line, names included: every line carries the
/// same terms in the same order (the `variables` lists), so reading the names
/// once tells which terms the input has.
#[derive(Debug, Default, Deserialize)]
pub struct Named<'a>(#[serde(borrow)] pub Vec<Answer<'a>>);

impl Named<'_> {
    fn bits(&self) -> Bits {
        let mut bits = Bits::default();
        for (index, answer) in self.0.iter().enumerate() {
            if index >= 128 {
                bits.overflow = true;
                break;
            }
            if answer.h == Some(true) {
                bits.set |= 1u128 << index;
            }
            bits.len += 1;
        }
        bits
    }
}

/// Cart lines plus the terms (product tags, collection ids) their answers are about.
#[derive(Debug, Default)]
pub struct Lines<'a> {
    pub items: Vec<Line<'a>>,
    /// `None` when no line is a product variant with answers (nothing to look up).
    pub product_tags: Option<Vec<Str<'a>>>,
    pub collection_ids: Option<Vec<Str<'a>>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Lines<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LinesVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for LinesVisitor<'a> {
            type Value = Lines<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of cart lines")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Lines<'a>, A::Error> {
                let mut lines = Lines {
                    items: Vec::with_capacity(seq.size_hint().unwrap_or(0).min(512)),
                    ..Lines::default()
                };
                // Read lines with names until one carries answers, then bits only.
                loop {
                    if lines.product_tags.is_some() {
                        match seq.next_element::<Line<'a, Bits>>()? {
                            Some(line) => lines.items.push(line),
                            None => break,
                        }
                        continue;
                    }
                    let Some(line) = seq.next_element::<Line<'a, Named<'a>>>()? else {
                        break;
                    };
                    let (line, names) = line.into_bits();
                    if let Some((tags, collections)) = names {
                        lines.product_tags = Some(tags);
                        lines.collection_ids = Some(collections);
                    }
                    lines.items.push(line);
                }
                Ok(lines)
            }
        }
        deserializer.deserialize_seq(LinesVisitor(std::marker::PhantomData))
    }
}

type Terms<'a> = (Vec<Str<'a>>, Vec<Str<'a>>);

impl<'a> Line<'a, Named<'a>> {
    fn into_bits(self) -> (Line<'a, Bits>, Option<Terms<'a>>) {
        let mut names = None;
        let m = self.m.map(|m| {
            let p = m.p.map(|p| {
                if p.g.is_some() || p.k.is_some() {
                    let terms = |n: &Option<Named<'a>>| -> Vec<Str<'a>> {
                        n.as_ref()
                            .map(|n| {
                                n.0.iter()
                                    .map(|a| a.t.clone().unwrap_or_default())
                                    .collect()
                            })
                            .unwrap_or_default()
                    };
                    names = Some((terms(&p.g), terms(&p.k)));
                }
                Product {
                    id: p.id,
                    t: p.t,
                    v: p.v,
                    y: p.y,
                    g: p.g.as_ref().map(Named::bits),
                    k: p.k.as_ref().map(Named::bits),
                }
            });
            Merchandise {
                typename: m.typename,
                id: m.id,
                r: m.r,
                w: m.w,
                u: m.u,
                p,
                t: m.t,
            }
        });
        (
            Line {
                q: self.q,
                c: self.c,
                m,
            },
            names,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_terms_once_and_answers_as_bits() {
        let text = r#"{"cart":{"lines":[
            {"q":1,"m":{"__typename":"CustomProduct","t":"Gift wrap"}},
            {"q":2,"c":{"s":{"a":"10.0"}},"m":{"__typename":"ProductVariant","id":"gid://shopify/ProductVariant/1",
              "p":{"id":"gid://shopify/Product/1","t":"Tee","g":[{"t":"a","h":false},{"t":"b","h":true}],
                   "k":[{"c":"gid://shopify/Collection/9","m":true}]}}},
            {"q":3,"m":{"__typename":"ProductVariant","p":{"g":[{"t":"a","h":true},{"t":"b","h":false}],"k":[{"c":"x","m":false}]}}}
        ]}}"#;
        let input: Input = serde_json::from_str(text).unwrap();
        let lines = input.cart.unwrap().lines.unwrap();
        assert_eq!(lines.items.len(), 3);
        let tags: Vec<&str> = lines
            .product_tags
            .as_ref()
            .unwrap()
            .iter()
            .map(|s| &**s)
            .collect();
        assert_eq!(tags, ["a", "b"]);
        assert_eq!(
            &*lines.collection_ids.as_ref().unwrap()[0],
            "gid://shopify/Collection/9"
        );
        let g1 = lines.items[1]
            .m
            .as_ref()
            .unwrap()
            .p
            .as_ref()
            .unwrap()
            .g
            .unwrap();
        assert!(!g1.get(0) && g1.get(1));
        let g2 = lines.items[2]
            .m
            .as_ref()
            .unwrap()
            .p
            .as_ref()
            .unwrap()
            .g
            .unwrap();
        assert!(g2.get(0) && !g2.get(1));
        assert_eq!(
            lines.items[0].m.as_ref().unwrap().t.as_deref(),
            Some("Gift wrap")
        );
    }

    #[test]
    fn unknown_fields_and_enum_values_are_accepted() {
        let text = r#"{"buyerJourney":{"step":"SOME_FUTURE_STEP"},"cart":{"deliveryGroups":[
            {"deliveryAddress":{"countryCode":"XZ"},"selectedDeliveryOption":{"deliveryMethodType":"DRONE"}}],
            "somethingNew":1}}"#;
        let input: Input = serde_json::from_str(text).unwrap();
        let groups = input.cart.unwrap().delivery_groups.unwrap();
        assert_eq!(
            groups[0]
                .delivery_address
                .as_ref()
                .unwrap()
                .country_code
                .as_deref(),
            Some("XZ")
        );
    }
}
