//! Shopify's products export (Products › Export, CSV): one row per variant,
//! the product's own columns (Title, Vendor, Type, Tags) on its first row;
//! image-only rows carry no SKU. Read whole (a catalogue, not the orders):
//! order lines find their product by SKU.

use crate::csvhead::{boolean, Column, Header, Row};
use crate::{Problem, Skipped};
use std::collections::HashMap;
use std::io::Read;

pub const COLUMNS: &[Column] = &[
    Column { name: "Handle", aliases: &[] },
    Column { name: "Title", aliases: &[] },
    Column { name: "Vendor", aliases: &[] },
    Column { name: "Type", aliases: &["Product Type"] },
    Column { name: "Tags", aliases: &[] },
    Column { name: "Variant SKU", aliases: &[] },
    Column { name: "Variant Grams", aliases: &[] },
    Column { name: "Variant Weight Unit", aliases: &[] },
    Column { name: "Variant Requires Shipping", aliases: &[] },
];

pub const REQUIRED: &[&str] = &["Handle", "Variant SKU"];

/// One product (by handle).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Product {
    pub title: Option<String>,
    pub vendor: Option<String>,
    pub product_type: Option<String>,
    pub tags: Vec<String>,
}

/// One variant, found by its SKU.
#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    /// Position of its product in [`Products::products`].
    pub product: usize,
    /// Position among all variants: a stable identity for the variant.
    pub number: usize,
    pub grams: Option<f64>,
    pub requires_shipping: Option<bool>,
}

/// The catalogue: products by handle, variants by SKU. A SKU that two
/// variants share is ambiguous and finds nothing.
#[derive(Clone, Debug, Default)]
pub struct Products {
    pub products: Vec<Product>,
    by_sku: HashMap<String, Option<Variant>>,
    pub skipped: Skipped,
}

impl Products {
    pub fn read<R: Read>(source: R, file: &str) -> Result<Products, Problem> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
        let header = {
            let names = reader.headers().map_err(|e| Problem::unreadable(file, &e))?;
            Header::find(names.iter(), COLUMNS, REQUIRED)
                .map_err(|missing| Problem::not_an_export(file, "products", &missing))?
        };
        let width = reader.headers().map(|h| h.len()).unwrap_or(0);
        let mut out = Products::default();
        let mut handles: HashMap<String, usize> = HashMap::new();
        let mut variants = 0usize;
        let mut record = csv::StringRecord::new();
        let mut row_number = 1usize;
        loop {
            row_number += 1;
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(error) if error.is_io_error() => return Err(Problem::unreadable(file, &error)),
                Err(_) => {
                    out.skipped.row(row_number);
                    continue;
                }
            }
            if record.len() != width {
                out.skipped.row(row_number);
                continue;
            }
            let row = Row { header: &header, record: &record };
            let Some(handle) = row.get("Handle") else {
                out.skipped.row(row_number);
                continue;
            };
            let grams = match row.get("Variant Grams") {
                None => None,
                Some(text) => match text.parse::<f64>() {
                    Ok(g) if g.is_finite() && g >= 0.0 => Some(g),
                    _ => {
                        out.skipped.row(row_number);
                        continue;
                    }
                },
            };
            let product = match handles.get(handle) {
                Some(&at) => at,
                None => {
                    handles.insert(handle.to_string(), out.products.len());
                    out.products.push(Product::default());
                    out.products.len() - 1
                }
            };
            if let Some(p) = out.products.get_mut(product) {
                if p.title.is_none() {
                    p.title = row.owned("Title");
                }
                if p.vendor.is_none() {
                    p.vendor = row.owned("Vendor");
                }
                if p.product_type.is_none() {
                    p.product_type = row.owned("Type");
                }
                if p.tags.is_empty() {
                    p.tags = row
                        .get("Tags")
                        .map(|t| t.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect())
                        .unwrap_or_default();
                }
            }
            let Some(sku) = row.get("Variant SKU") else { continue };
            let variant = Variant {
                product,
                number: variants,
                grams,
                requires_shipping: row.get("Variant Requires Shipping").and_then(boolean),
            };
            variants += 1;
            out.by_sku.entry(sku.to_string()).and_modify(|v| *v = None).or_insert(Some(variant));
        }
        Ok(out)
    }

    /// The variant with this SKU, unless no variant or several have it.
    pub fn variant(&self, sku: &str) -> Option<&Variant> {
        self.by_sku.get(sku.trim())?.as_ref()
    }

    pub fn product(&self, variant: &Variant) -> Option<&Product> {
        self.products.get(variant.product)
    }

    /// Number of SKUs that find a variant.
    pub fn skus(&self) -> usize {
        self.by_sku.values().filter(|v| v.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_by_sku_product_columns_on_the_first_row() {
        let csv = "\u{feff}Handle,Title,Vendor,Type,Tags,Variant SKU,Variant Grams,Variant Requires Shipping\r\n\
            beanie,Merino Beanie,Northwind,Hats,\"wool, Bulk-Pack\",BEA-S,250,TRUE\r\n\
            beanie,,,,,BEA-M,260,true\r\n\
            beanie,,,,,,,\r\n\
            card,Gift card,Northwind,Gift Cards,,GIFT,0,FALSE\r\n\
            mug,Mug,Lumen,Kitchen,,DUP,300,TRUE\r\n\
            bowl,Bowl,Lumen,Kitchen,,DUP,300,TRUE\r\n\
            bad,Bad,Lumen,Kitchen,,BAD,heavy,TRUE\r\n";
        let p = Products::read(csv.as_bytes(), "products.csv").unwrap();
        let m = p.variant("BEA-M").unwrap();
        assert_eq!(m.grams, Some(260.0));
        let product = p.product(m).unwrap();
        assert_eq!(product.title.as_deref(), Some("Merino Beanie"));
        assert_eq!(product.tags, ["wool", "Bulk-Pack"]);
        assert_eq!(p.variant("BEA-S").unwrap().product, m.product);
        assert_eq!(p.variant("GIFT").unwrap().requires_shipping, Some(false));
        assert!(p.variant("DUP").is_none(), "a shared SKU is ambiguous");
        assert!(p.variant("BAD").is_none());
        assert_eq!(p.skipped.rows, [8]);
        let error = Products::read("Title,SKU\nx,y\n".as_bytes(), "p.csv").unwrap_err().to_string();
        assert!(error.contains("Handle") && error.contains("Variant SKU") && error.contains("p.csv"), "{error}");
    }
}
