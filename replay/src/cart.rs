//! An order → the cart Shopify would have shown the functions at checkout.
//!
//! What the exports tell is used as it is; what they cannot tell is marked in
//! [`Gaps`] (per order) or makes a rule not judgeable ([`crate::needs`]),
//! never guessed:
//! * lines: quantity, unit price (line subtotal = price × quantity, before
//!   discounts, as a cart line's `subtotalAmount`), vendor; with the products
//!   export and a SKU it finds: the product (one identity per handle, so
//!   variants of one product count together), title, type, tags, weight in
//!   grams and whether it needs shipping;
//! * the cart subtotal: the sum of the line subtotals, before discounts;
//! * one delivery group: the shipping address (no first or last name: the
//!   export has only the full name), the delivery method when the merchant
//!   mapped the order's shipping rate to one;
//! * the billing address; the buyer's email and phone; a guest (customer
//!   tags and B2B are not in the export: rules on them are not judged);
//! * the step (`--step`, default `CHECKOUT_COMPLETION`: the order was
//!   placed), language `EN`, the order's currency at rate 1 (amount rules on
//!   orders in another currency than the shop's are not judged).

use crate::orders::{Order, OrderAddress};
use crate::products::Products;
use checkout_guard_runner::gen::{self, Cart, Line, PRODUCT_ID_BASE, VARIANT_ID_BASE};

/// Facts an order may lack (bits of [`Gaps`] and [`crate::needs::Needs`]).
pub const PRODUCT: u8 = 1;
pub const SHIPPING: u8 = 2;
pub const VENDOR: u8 = 4;
pub const CURRENCY: u8 = 8;
pub const METHOD: u8 = 16;

/// Why an order lacks a fact (no buyer data: the order's own facts only).
pub fn gap_reason(bit: u8) -> &'static str {
    match bit {
        PRODUCT => "a line's SKU is not in the products export (or is missing or shared by several variants)",
        SHIPPING => "the exports do not say whether a line needs shipping",
        VENDOR => "a line has no vendor in either export",
        CURRENCY => "the order is in another currency than the shop's and the export has no exchange rate",
        METHOD => "the order's shipping rate is not mapped to a delivery method (--delivery-method)",
        _ => "a fact is missing",
    }
}

/// The facts of [`PRODUCT`] … [`METHOD`] this order lacks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gaps(pub u8);

/// What the export cannot tell, given by the merchant.
#[derive(Clone, Debug, Default)]
pub struct CartOptions<'a> {
    pub products: Option<&'a Products>,
    /// `None`: `CHECKOUT_COMPLETION`.
    pub step: Option<String>,
    /// Shipping rate name (as in the export's `Shipping Method`, compared
    /// case-insensitively) → Shopify `DeliveryMethod`.
    pub delivery_methods: &'a [(String, String)],
    /// The shop's currency (upper case).
    pub shop_currency: Option<&'a str>,
}

/// Identities of lines that no products export identifies: beyond any
/// handle's number, one per line.
const UNKNOWN_ID_BASE: u64 = 900_000_000;

fn address(a: &OrderAddress) -> gen::Address {
    gen::Address {
        address1: a.address1.clone(),
        address2: a.address2.clone(),
        city: a.city.clone(),
        company: a.company.clone(),
        country_code: a.country_code.as_ref().map(|c| c.to_ascii_uppercase()),
        first_name: None,
        last_name: None,
        phone: a.phone.clone(),
        province_code: a.province_code.clone(),
        zip: a.zip.clone(),
    }
}

/// The cart of `order`, and the facts it lacks.
pub fn to_cart(order: &Order, options: &CartOptions) -> (Cart, Gaps) {
    let mut gaps = 0u8;
    let mut lines = Vec::with_capacity(order.lines.len());
    for (i, l) in order.lines.iter().enumerate() {
        let found =
            options.products.and_then(|p| l.sku.as_deref().and_then(|s| p.variant(s)).map(|v| (v, p.product(v))));
        let unknown = UNKNOWN_ID_BASE + i as u64;
        let (product_id, variant_id, title, vendor, product_type, tags, weight, variant_ships) = match found {
            Some((variant, product)) => (
                PRODUCT_ID_BASE + variant.product as u64,
                VARIANT_ID_BASE + variant.number as u64,
                product.and_then(|p| p.title.clone()),
                product.and_then(|p| p.vendor.clone()),
                product.and_then(|p| p.product_type.clone()),
                product.map(|p| p.tags.clone()).unwrap_or_default(),
                variant.grams,
                variant.requires_shipping,
            ),
            None => {
                gaps |= PRODUCT;
                (PRODUCT_ID_BASE + unknown, VARIANT_ID_BASE + unknown, None, None, None, Vec::new(), None, None)
            }
        };
        let vendor = l.vendor.clone().or(vendor).unwrap_or_else(|| {
            gaps |= VENDOR;
            String::new()
        });
        let requires_shipping = l.requires_shipping.or(variant_ships).unwrap_or_else(|| {
            gaps |= SHIPPING;
            true
        });
        lines.push(Line {
            product_id: Some(format!("gid://shopify/Product/{product_id}")),
            title: Some(title.unwrap_or_else(|| l.name.clone())),
            vendor,
            product_type,
            tags,
            collections: Vec::new(),
            variant_id: Some(format!("gid://shopify/ProductVariant/{variant_id}")),
            quantity: l.quantity,
            price: l.price.to_string(),
            subtotal: None,
            weight,
            weight_unit: "GRAMS".to_string(),
            requires_shipping,
            custom: false,
        });
    }
    if options.shop_currency.is_some_and(|shop| shop != order.currency) {
        gaps |= CURRENCY;
    }
    let method = order.shipping_method.as_deref().and_then(|name| {
        options.delivery_methods.iter().find(|(rate, _)| rate.eq_ignore_ascii_case(name)).map(|(_, m)| m.clone())
    });
    if method.is_none() {
        gaps |= METHOD;
    }
    let buyer = (order.email.is_some() || order.phone.is_some()).then(|| gen::Buyer {
        email: order.email.clone(),
        phone: order.phone.clone(),
        customer_tags: None,
        b2b: false,
    });
    let cart = Cart {
        lines,
        buyer,
        delivery_groups: vec![gen::DeliveryGroup {
            address: order.shipping.as_ref().map(address),
            delivery_method: method,
        }],
        billing_address: order.billing.as_ref().map(address),
        step: Some(options.step.clone().unwrap_or_else(|| "CHECKOUT_COMPLETION".to_string())),
        language: "EN".to_string(),
        currency: order.currency.clone(),
        presentment_currency_rate: "1.0".to_string(),
        subtotal: None,
    };
    (cart, Gaps(gaps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::Orders;

    #[test]
    fn an_order_as_a_cart() {
        let products = "Handle,Title,Vendor,Type,Tags,Variant SKU,Variant Grams,Variant Requires Shipping\n\
            beanie,Merino Beanie,Northwind,Hats,wool,BEA-S,250,true\n\
            beanie,,,,,BEA-M,260,true\n";
        let products = Products::read(products.as_bytes(), "p.csv").unwrap();
        let orders = "Name,Email,Currency,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Shipping Method,Shipping City,Shipping Country\n\
            #1,x@example.com,EUR,2,Merino Beanie - S,12.50,BEA-S,Standard,Lyon,fr\n\
            #1,,,1,Merino Beanie - M,12.50,BEA-M,,,\n\
            #1,,,1,Engraving,5,,,,\n";
        let order = Orders::new(orders.as_bytes(), "o.csv").unwrap().next_order().unwrap().unwrap();
        let methods = [("standard".to_string(), "SHIPPING".to_string())];
        let options = CartOptions {
            products: Some(&products),
            step: None,
            delivery_methods: &methods,
            shop_currency: Some("EUR"),
        };
        let (cart, gaps) = to_cart(&order, &options);
        assert_eq!(cart.lines.len(), 3);
        assert_eq!(cart.lines[0].product_id, cart.lines[1].product_id, "variants of one product");
        assert_ne!(cart.lines[0].variant_id, cart.lines[1].variant_id);
        assert_eq!(cart.lines[0].title.as_deref(), Some("Merino Beanie"));
        assert_eq!(cart.lines[0].tags, ["wool"]);
        assert_eq!(cart.lines[1].weight, Some(260.0));
        assert_eq!(cart.lines[2].title.as_deref(), Some("Engraving"));
        assert_eq!(cart.lines[0].price, "12.5");
        assert_eq!(gaps, Gaps(PRODUCT | VENDOR | SHIPPING), "the engraving line is in no export");
        assert_eq!(cart.delivery_groups[0].delivery_method.as_deref(), Some("SHIPPING"));
        let address = cart.delivery_groups[0].address.as_ref().unwrap();
        assert_eq!((address.city.as_deref(), address.country_code.as_deref()), (Some("Lyon"), Some("FR")));
        assert_eq!(cart.step.as_deref(), Some("CHECKOUT_COMPLETION"));
        let (_, gaps) = to_cart(&order, &CartOptions { shop_currency: Some("CAD"), ..CartOptions::default() });
        assert_eq!(gaps.0 & (CURRENCY | METHOD), CURRENCY | METHOD);
    }
}
