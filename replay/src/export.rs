//! Realistic Shopify exports for tests and the benchmark: the orders export
//! in Shopify's column layout (one row per line item, the order's columns on
//! its first row; quoted fields with commas, quotes and line breaks in notes
//! and names; optional byte-order mark and CRLF; columns dropped or renamed
//! as in older exports) and the matching products export. Deterministic for
//! a seed. Every name, email, phone and address is invented.

use checkout_guard_runner::gen::{Decimal, Rng};
use std::io::{self, Write};

/// The orders export's header, in Shopify's order.
pub const ORDERS_HEADER: &[&str] = &[
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
];

/// The products export's header, in Shopify's order.
pub const PRODUCTS_HEADER: &[&str] = &[
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Product Category",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Variant SKU",
    "Variant Grams",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Compare At Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Variant Barcode",
    "Image Src",
    "Image Position",
    "Gift Card",
    "Variant Weight Unit",
    "Cost per item",
    "Status",
];

/// How to write an orders export.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    pub orders: usize,
    pub seed: u64,
    pub bom: bool,
    pub crlf: bool,
    /// Columns left out (an optional column missing).
    pub drop: Vec<&'static str>,
    /// Columns under an older name: (current, old).
    pub rename: Vec<(&'static str, &'static str)>,
    /// The first order's number (`#1001`).
    pub first_number: u64,
    pub shop_currency: &'static str,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            orders: 100,
            seed: 1,
            bom: true,
            crlf: true,
            drop: Vec::new(),
            rename: Vec::new(),
            first_number: 1001,
            shop_currency: "CAD",
        }
    }
}

/// One variant of the generated catalogue.
#[derive(Clone, Debug)]
pub struct GenVariant {
    pub sku: String,
    pub option: &'static str,
    pub grams: u32,
    pub price: Decimal,
    pub requires_shipping: bool,
}

/// One product of the generated catalogue.
#[derive(Clone, Debug)]
pub struct GenProduct {
    pub handle: String,
    pub title: String,
    pub vendor: &'static str,
    pub product_type: &'static str,
    pub tags: Vec<&'static str>,
    pub variants: Vec<GenVariant>,
}

const NOUNS: &[&str] = &["Beanie", "Tote", "Mug", "Scarf", "Candle", "Notebook", "Apron", "Wallet", "Socks", "Hoodie"];
const ADJECTIVES: &[&str] = &["Classic", "Merino", "Waxed", "Organic", "Heritage", "Alpine", "Coastal", "Linen"];
const VENDORS: &[&str] = &["Northwind Outfitters", "Maple & Pine", "Lumen Goods", "Harbor Supply Co."];
const TYPES: &[&str] = &["Accessories", "Apparel", "Home", "Kitchen", "Stationery"];
const TAGS: &[&str] = &["wool", "sale", "bulk-pack", "fragile", "new", "eco"];
const OPTIONS: &[&str] = &["S", "M", "L", "XL"];

/// A catalogue of `products` products with 1–4 variants each, plus a gift
/// card (no shipping, no weight).
pub fn catalogue(products: usize, seed: u64) -> Vec<GenProduct> {
    let mut rng = Rng(seed ^ 0xCA7A_1060);
    let mut out = Vec::with_capacity(products + 1);
    for p in 0..products {
        let title = format!("{} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS));
        let handle = format!("{}-{p}", title.to_ascii_lowercase().replace(' ', "-"));
        let mut tags: Vec<&'static str> = TAGS.iter().copied().filter(|_| rng.chance(25)).collect();
        tags.dedup();
        let base = rng.range(5, 90) as i64 * 100 + [0, 50, 99][rng.below(3)];
        let variants = (0..rng.range(1, 4) as usize)
            .map(|v| GenVariant {
                sku: format!("SKU-{p:04}-{v}"),
                option: OPTIONS[v % OPTIONS.len()],
                grams: rng.range(40, 2500) as u32,
                price: Decimal::from_cents(base + v as i64 * 200),
                requires_shipping: true,
            })
            .collect();
        out.push(GenProduct {
            handle,
            title,
            vendor: rng.pick(VENDORS),
            product_type: rng.pick(TYPES),
            tags,
            variants,
        });
    }
    out.push(GenProduct {
        handle: "gift-card".into(),
        title: "Gift Card".into(),
        vendor: "Northwind Outfitters",
        product_type: "Gift Cards",
        tags: vec![],
        variants: vec![GenVariant {
            sku: "GIFT-25".into(),
            option: "25",
            grams: 0,
            price: Decimal::from_cents(2500),
            requires_shipping: false,
        }],
    });
    out
}

/// Two decimals, as exports write amounts (`48.00`).
pub fn money(d: Decimal) -> String {
    let text = d.to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut frac = frac.to_string();
    frac.truncate(2);
    while frac.len() < 2 {
        frac.push('0');
    }
    format!("{int}.{frac}")
}

fn writer<W: Write>(out: W, crlf: bool) -> csv::Writer<W> {
    let terminator = if crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') };
    csv::WriterBuilder::new().terminator(terminator).from_writer(out)
}

fn csv_error(e: csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Writes the products export of `catalogue`.
pub fn write_products<W: Write>(catalogue: &[GenProduct], mut out: W, bom: bool, crlf: bool) -> io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = writer(out, crlf);
    w.write_record(PRODUCTS_HEADER).map_err(csv_error)?;
    for p in catalogue {
        for (i, v) in p.variants.iter().enumerate() {
            let first = i == 0;
            let tags = p.tags.join(", ");
            let grams = v.grams.to_string();
            let price = v.price.to_string();
            let record: Vec<&str> = PRODUCTS_HEADER
                .iter()
                .map(|column| match *column {
                    "Handle" => p.handle.as_str(),
                    "Title" if first => p.title.as_str(),
                    "Body (HTML)" if first => {
                        "<p>Made to last, with a lining that keeps its shape, wash after wash.</p>"
                    }
                    "Vendor" if first => p.vendor,
                    "Type" if first => p.product_type,
                    "Tags" if first => tags.as_str(),
                    "Published" if first => "true",
                    "Option1 Name" if first => "Size",
                    "Option1 Value" => v.option,
                    "Variant SKU" => v.sku.as_str(),
                    "Variant Grams" => grams.as_str(),
                    "Variant Inventory Tracker" => "shopify",
                    "Variant Inventory Qty" => "12",
                    "Variant Inventory Policy" => "deny",
                    "Variant Fulfillment Service" => "manual",
                    "Variant Price" => price.as_str(),
                    "Variant Requires Shipping" => {
                        if v.requires_shipping {
                            "true"
                        } else {
                            "false"
                        }
                    }
                    "Variant Taxable" => "true",
                    "Gift Card" if first => {
                        if p.product_type == "Gift Cards" {
                            "true"
                        } else {
                            "false"
                        }
                    }
                    "Variant Weight Unit" => "kg",
                    "Status" if first => "active",
                    _ => "",
                })
                .collect();
            w.write_record(&record).map_err(csv_error)?;
        }
    }
    w.flush()
}

struct Person {
    name: String,
    email: String,
    phone: String,
    company: &'static str,
    address1: &'static str,
    address2: &'static str,
    city: &'static str,
    zip: &'static str,
    province: &'static str,
    province_name: &'static str,
    country: &'static str,
}

const FIRST: &[&str] = &["Jordan", "Amélie", "Priya", "Lukas", "Sofía", "Noah", "Chen", "Aoife", "Mateo", "Yara"];
const LAST: &[&str] = &["Lee", "Tremblay", "Okafor", "Schmidt", "García", "Nguyen", "O'Brien", "Rossi", "Kowalski"];
/// (address1, address2, city, zip, province, province name, country).
type Place = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);
const PLACES: &[Place] = &[
    ("150 Elgin Street", "Suite 1200", "Ottawa", "K2P 1L4", "ON", "Ontario", "CA"),
    ("1000 Rue Sherbrooke O", "", "Montréal", "H3A 3G4", "QC", "Quebec", "CA"),
    ("PO Box 4410", "", "Whitehorse", "Y1A 3T3", "YT", "Yukon", "CA"),
    ("88 Granville St, Unit 5", "", "Vancouver", "V6C 1T2", "BC", "British Columbia", "CA"),
    ("350 Fifth Avenue", "Floor 21", "New York", "10118", "NY", "New York", "US"),
    ("P.O. Box 1234", "", "Anchorage", "99501", "AK", "Alaska", "US"),
    ("Unit 2050 Box 4190", "", "APO", "09204", "AE", "Armed Forces Europe", "US"),
    ("12 Rue de la Paix", "", "Paris", "75002", "", "", "FR"),
    ("Postfach 10 01 01", "", "Berlin", "10115", "", "", "DE"),
    ("1 Box Turtle Circle", "", "Austin", "78701", "TX", "Texas", "US"),
    ("742 Evergreen Terrace", "Apt. 2", "Springfield", "97477", "OR", "Oregon", "US"),
    ("5 High Street", "", "London", "SW1A 1AA", "", "", "GB"),
];
const NOTES: &[&str] = &[
    "Please leave at the side door, next to the \"green\" bin.\nThank you!",
    "Gift for my sister, no invoice in the box, please",
    "Call on arrival:\r\nbuzzer 12, code 4410",
];

fn person(rng: &mut Rng, n: u64) -> Person {
    let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
    let place = rng.pick(PLACES);
    Person {
        name: format!("{first} {last}"),
        email: format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase().replace('\'', "")),
        phone: format!("+1613555{:04}", n % 10_000),
        company: if rng.chance(15) { "Lee & Partners, Ltd." } else { "" },
        address1: place.0,
        address2: place.1,
        city: place.2,
        zip: place.3,
        province: place.4,
        province_name: place.5,
        country: place.6,
    }
}

/// Counts of what [`write_orders`] wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    pub orders: usize,
    pub rows: usize,
}

/// Writes an orders export buying from `catalogue`: 1–4 lines per order
/// (2.5 on average), sometimes a line with no SKU (custom work), a gift card
/// (no shipping), local pickup (no shipping address), another currency,
/// a multi-line note, a cancelled order.
pub fn write_orders<W: Write>(catalogue: &[GenProduct], options: &ExportOptions, mut out: W) -> io::Result<Written> {
    let header: Vec<&str> = ORDERS_HEADER
        .iter()
        .filter(|c| !options.drop.contains(c))
        .map(|c| options.rename.iter().find(|(now, _)| now == c).map_or(*c, |(_, old)| *old))
        .collect();
    // Values by current column name, written in the header's order.
    let columns: Vec<&str> = ORDERS_HEADER.iter().copied().filter(|c| !options.drop.contains(c)).collect();
    let at = |name: &str| columns.iter().position(|c| *c == name);
    if options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut w = writer(out, options.crlf);
    w.write_record(&header).map_err(csv_error)?;
    let mut rng = Rng(options.seed ^ 0x0DE5_0DE5);
    let mut written = Written::default();
    let mut row = vec![String::new(); columns.len()];
    let set = |row: &mut Vec<String>, name: &str, value: String| {
        if let Some(slot) = at(name).and_then(|i| row.get_mut(i)) {
            *slot = value;
        }
    };
    for o in 0..options.orders {
        let number = options.first_number + o as u64;
        let buyer = person(&mut rng, number);
        let currency = if rng.chance(5) { "USD" } else { options.shop_currency };
        let pickup = rng.chance(8);
        let method = if pickup {
            "Local Pickup"
        } else if rng.chance(20) {
            "Express"
        } else {
            "Standard Shipping"
        };
        let mut lines = Vec::new();
        for _ in 0..rng.range(1, 4) {
            if rng.chance(3) {
                lines.push((None, "Custom engraving".to_string(), Decimal::from_cents(1500), 1u64, None, ""));
                continue;
            }
            let product =
                if rng.chance(4) { catalogue.last() } else { catalogue.get(rng.below(catalogue.len().max(2) - 1)) };
            let Some(product) = product else { continue };
            let Some(variant) = product.variants.get(rng.below(product.variants.len().max(1))) else { continue };
            let quantity = if rng.chance(7) { rng.range(6, 30) } else { rng.range(1, 3) };
            lines.push((
                Some(variant.sku.clone()),
                format!("{} - {}", product.title, variant.option),
                variant.price,
                quantity,
                Some(variant.requires_shipping),
                product.vendor,
            ));
        }
        let subtotal = lines.iter().fold(Decimal::ZERO, |s, l| s.plus(l.2.times(l.3 as i64)));
        for (i, (sku, name, price, quantity, ships, vendor)) in lines.iter().enumerate() {
            row.iter_mut().for_each(String::clear);
            set(&mut row, "Name", format!("#{number}"));
            set(&mut row, "Email", buyer.email.clone());
            if i == 0 {
                let shipping = if pickup { "0.00" } else { "9.00" };
                set(&mut row, "Financial Status", "paid".into());
                set(&mut row, "Paid at", "2026-03-14 10:22:31 -0400".into());
                set(&mut row, "Fulfillment Status", "fulfilled".into());
                set(&mut row, "Accepts Marketing", if rng.chance(40) { "yes" } else { "no" }.into());
                set(&mut row, "Currency", currency.into());
                set(&mut row, "Subtotal", money(subtotal));
                set(&mut row, "Shipping", shipping.into());
                set(&mut row, "Taxes", "0.00".into());
                set(&mut row, "Total", money(subtotal));
                set(&mut row, "Discount Amount", "0.00".into());
                set(&mut row, "Shipping Method", method.into());
                set(&mut row, "Created at", "2026-03-14 10:22:29 -0400".into());
                set(&mut row, "Billing Name", buyer.name.clone());
                set(&mut row, "Billing Street", format!("{} {}", buyer.address1, buyer.address2).trim().to_string());
                set(&mut row, "Billing Address1", buyer.address1.into());
                set(&mut row, "Billing Address2", buyer.address2.into());
                set(&mut row, "Billing Company", buyer.company.into());
                set(&mut row, "Billing City", buyer.city.into());
                set(&mut row, "Billing Zip", format!("'{}", buyer.zip));
                set(&mut row, "Billing Province", buyer.province.into());
                set(&mut row, "Billing Country", buyer.country.into());
                set(&mut row, "Billing Phone", buyer.phone.clone());
                set(&mut row, "Billing Province Name", buyer.province_name.into());
                if !pickup {
                    set(&mut row, "Shipping Name", buyer.name.clone());
                    set(
                        &mut row,
                        "Shipping Street",
                        format!("{} {}", buyer.address1, buyer.address2).trim().to_string(),
                    );
                    set(&mut row, "Shipping Address1", buyer.address1.into());
                    set(&mut row, "Shipping Address2", buyer.address2.into());
                    set(&mut row, "Shipping Company", buyer.company.into());
                    set(&mut row, "Shipping City", buyer.city.into());
                    set(&mut row, "Shipping Zip", format!("'{}", buyer.zip));
                    set(&mut row, "Shipping Province", buyer.province.into());
                    set(&mut row, "Shipping Country", buyer.country.into());
                    set(&mut row, "Shipping Phone", buyer.phone.clone());
                    set(&mut row, "Shipping Province Name", buyer.province_name.into());
                }
                if rng.chance(10) {
                    set(&mut row, "Notes", rng.pick(NOTES).into());
                    set(&mut row, "Note Attributes", "gift-wrap: yes\nchannel: \"instagram, stories\"".into());
                }
                if rng.chance(2) {
                    set(&mut row, "Cancelled at", "2026-03-15 09:00:00 -0400".into());
                }
                set(&mut row, "Payment Method", "Shopify Payments".into());
                set(&mut row, "Id", (5_600_000_000_000 + number).to_string());
                set(&mut row, "Tags", if rng.chance(20) { "wholesale, repeat" } else { "" }.into());
                set(&mut row, "Risk Level", "Low".into());
                set(&mut row, "Source", "web".into());
                set(&mut row, "Phone", buyer.phone.clone());
                set(&mut row, "Payment ID", format!("c{number}.1"));
            }
            set(&mut row, "Lineitem quantity", quantity.to_string());
            set(&mut row, "Lineitem name", name.clone());
            set(&mut row, "Lineitem price", money(*price));
            set(&mut row, "Lineitem sku", sku.clone().unwrap_or_default());
            set(
                &mut row,
                "Lineitem requires shipping",
                ships.map_or("true", |s| if s { "true" } else { "false" }).into(),
            );
            set(&mut row, "Lineitem taxable", "true".into());
            set(&mut row, "Lineitem fulfillment status", "fulfilled".into());
            set(&mut row, "Vendor", vendor.to_string());
            set(&mut row, "Lineitem discount", "0.00".into());
            w.write_record(&row).map_err(csv_error)?;
            written.rows += 1;
        }
        written.orders += 1;
    }
    w.flush()?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::Orders;
    use crate::products::Products;

    #[test]
    fn generated_exports_read_back() {
        assert_eq!(money(Decimal::from_cents(4800)), "48.00");
        assert_eq!(money(Decimal::from_cents(1999)), "19.99");
        let cat = catalogue(30, 7);
        let mut products = Vec::new();
        write_products(&cat, &mut products, true, true).unwrap();
        let products = Products::read(&products[..], "products.csv").unwrap();
        assert_eq!(products.skus(), cat.iter().map(|p| p.variants.len()).sum::<usize>());
        let options = ExportOptions {
            orders: 200,
            // An old layout: one street column, no shipping phone.
            drop: vec!["Shipping Street", "Shipping Address2", "Shipping Phone"],
            rename: vec![("Shipping Address1", "Shipping Street"), ("Accepts Marketing", "Accepts Email Marketing")],
            ..ExportOptions::default()
        };
        let mut csv = Vec::new();
        let written = write_orders(&cat, &options, &mut csv).unwrap();
        assert!(csv.starts_with("\u{feff}Name,Email".as_bytes()));
        assert!(csv.windows(2).any(|w| w == b"\r\n"));
        let mut orders = Orders::new(&csv[..], "orders.csv").unwrap();
        assert!(!orders.header().has("Shipping Phone"));
        assert!(orders.header().has("Shipping Address1"), "read under its old name");
        let (mut n, mut lines) = (0, 0);
        while let Some(order) = orders.next_order().unwrap() {
            n += 1;
            lines += order.lines.len();
        }
        assert_eq!((n, lines), (written.orders, written.rows));
        assert_eq!(orders.skipped.count, 0);
    }
}
