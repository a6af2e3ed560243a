//! Shopify's orders export (Orders › Export, CSV), streamed: one row per line
//! item, consecutive rows of one order sharing its `Name`, the order's own
//! columns filled on its first row. Only the order being read is held.

use crate::csvhead::{boolean, Column, Header, Row};
use crate::{Problem, Skipped};
use checkout_guard_runner::gen::Decimal;
use std::io::Read;

/// The columns the reader uses (others are ignored), with older spellings.
pub const COLUMNS: &[Column] = &[
    Column { name: "Name", aliases: &[] },
    Column { name: "Email", aliases: &[] },
    Column { name: "Currency", aliases: &[] },
    Column { name: "Subtotal", aliases: &[] },
    Column { name: "Shipping Method", aliases: &[] },
    Column { name: "Created at", aliases: &[] },
    Column { name: "Cancelled at", aliases: &["Canceled at"] },
    Column { name: "Lineitem quantity", aliases: &[] },
    Column { name: "Lineitem name", aliases: &[] },
    Column { name: "Lineitem price", aliases: &[] },
    Column { name: "Lineitem sku", aliases: &[] },
    Column { name: "Lineitem requires shipping", aliases: &[] },
    Column { name: "Vendor", aliases: &["Lineitem vendor"] },
    // Exports before the street was split into two lines had only "Street".
    Column { name: "Billing Address1", aliases: &["Billing Street"] },
    Column { name: "Billing Address2", aliases: &[] },
    Column { name: "Billing Company", aliases: &[] },
    Column { name: "Billing City", aliases: &[] },
    Column { name: "Billing Zip", aliases: &[] },
    Column { name: "Billing Province", aliases: &[] },
    Column { name: "Billing Country", aliases: &[] },
    Column { name: "Shipping Address1", aliases: &["Shipping Street"] },
    Column { name: "Shipping Address2", aliases: &[] },
    Column { name: "Shipping Company", aliases: &[] },
    Column { name: "Shipping City", aliases: &[] },
    Column { name: "Shipping Zip", aliases: &[] },
    Column { name: "Shipping Province", aliases: &[] },
    Column { name: "Shipping Country", aliases: &[] },
    Column { name: "Shipping Phone", aliases: &[] },
    Column { name: "Phone", aliases: &[] },
];

/// Without these a file is not an orders export.
pub const REQUIRED: &[&str] = &["Name", "Currency", "Lineitem quantity", "Lineitem name", "Lineitem price"];

/// An address as the export has it (no first or last name: the export has
/// only the full name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderAddress {
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub company: Option<String>,
    pub country_code: Option<String>,
    pub phone: Option<String>,
    pub province_code: Option<String>,
    pub zip: Option<String>,
}

impl OrderAddress {
    fn is_empty(&self) -> bool {
        *self == OrderAddress::default()
    }
}

/// One line item.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine {
    pub quantity: i64,
    /// "Product - Variant" as the export writes it.
    pub name: String,
    pub price: Decimal,
    pub sku: Option<String>,
    pub requires_shipping: Option<bool>,
    pub vendor: Option<String>,
}

/// One order, from its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    /// `#1001`: the only way output names an order.
    pub name: String,
    /// Spreadsheet row of its first line (the header is row 1).
    pub row: usize,
    pub currency: String,
    /// The export's `Subtotal` (after discounts), when readable.
    pub subtotal: Option<Decimal>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub shipping_method: Option<String>,
    pub shipping: Option<OrderAddress>,
    pub billing: Option<OrderAddress>,
    pub cancelled: bool,
    pub lines: Vec<OrderLine>,
}

/// Streams orders from an orders export.
pub struct Orders<R: Read> {
    reader: csv::Reader<R>,
    header: Header,
    width: usize,
    record: csv::StringRecord,
    /// Spreadsheet row of the record in `record`.
    row: usize,
    /// The order being collected, and whether one of its rows was malformed.
    pending: Option<(Order, bool)>,
    /// A record read but not yet used (it starts the next order).
    held: bool,
    finished: bool,
    file: String,
    pub skipped: Skipped,
}

impl<R: Read> Orders<R> {
    /// Reads the header; `Err` names every required column that is missing.
    pub fn new(source: R, file: &str) -> Result<Orders<R>, Problem> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(source);
        let names = reader.headers().map_err(|e| Problem::unreadable(file, &e))?.clone();
        let header = Header::find(names.iter(), COLUMNS, REQUIRED)
            .map_err(|missing| Problem::not_an_export(file, "orders", &missing))?;
        Ok(Orders {
            reader,
            header,
            width: names.len(),
            record: csv::StringRecord::new(),
            row: 1,
            pending: None,
            held: false,
            finished: false,
            file: file.to_string(),
            skipped: Skipped::default(),
        })
    }

    /// Which known columns the file has.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Bytes read so far (for progress).
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// Reads the next record into `self.record`; `Ok(false)` at the end; a
    /// malformed record is counted and skipped with its order.
    fn next_record(&mut self) -> Result<bool, Problem> {
        loop {
            self.row += 1;
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(false),
                Ok(true) if self.record.len() == self.width => return Ok(true),
                Ok(true) => {
                    // Too many or too few fields: its Name cannot be trusted
                    // either, so only the row is skipped.
                    self.skipped.row(self.row);
                }
                Err(error) if error.is_io_error() => return Err(Problem::unreadable(&self.file, &error)),
                Err(_) => self.skipped.row(self.row),
            }
        }
    }

    fn finish(&mut self, order: Order, malformed: bool) -> Option<Order> {
        if malformed || order.lines.is_empty() {
            self.skipped.orders += 1;
            None
        } else {
            Some(order)
        }
    }

    /// The next complete order. Orders with a malformed row are skipped
    /// (judging part of an order would be wrong) and counted.
    pub fn next_order(&mut self) -> Result<Option<Order>, Problem> {
        loop {
            if self.finished {
                return Ok(None);
            }
            if !self.held && !self.next_record()? {
                self.finished = true;
                if let Some((order, malformed)) = self.pending.take() {
                    if let Some(order) = self.finish(order, malformed) {
                        return Ok(Some(order));
                    }
                }
                return Ok(None);
            }
            self.held = false;
            let row = Row { header: &self.header, record: &self.record };
            let Some(name) = row.get("Name") else {
                self.skipped.row(self.row);
                continue;
            };
            let same = self.pending.as_ref().is_some_and(|(o, _)| o.name == name);
            if !same {
                if let Some((order, malformed)) = self.pending.take() {
                    // This record starts the next order: keep it for the next call.
                    self.held = true;
                    if let Some(order) = self.finish(order, malformed) {
                        return Ok(Some(order));
                    }
                    continue;
                }
                self.pending = Some((order_of(&row, name, self.row), false));
            }
            let line = line_of(&row);
            if let Some((order, malformed)) = self.pending.as_mut() {
                match line {
                    Some(line) => order.lines.push(line),
                    None => {
                        *malformed = true;
                        self.skipped.row(self.row);
                    }
                }
            }
        }
    }
}

impl<R: Read> Iterator for Orders<R> {
    type Item = Result<Order, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_order().transpose()
    }
}

/// An address's columns: address1, address2, city, company, country, phone, province, zip.
const SHIPPING: [&str; 8] = [
    "Shipping Address1",
    "Shipping Address2",
    "Shipping City",
    "Shipping Company",
    "Shipping Country",
    "Shipping Phone",
    "Shipping Province",
    "Shipping Zip",
];
const BILLING: [&str; 8] = [
    "Billing Address1",
    "Billing Address2",
    "Billing City",
    "Billing Company",
    "Billing Country",
    "",
    "Billing Province",
    "Billing Zip",
];

fn address(row: &Row, names: &[&str; 8]) -> Option<OrderAddress> {
    let [address1, address2, city, company, country, phone, province, zip] = names.map(|n| row.owned(n));
    let a = OrderAddress {
        address1,
        address2,
        city,
        company,
        country_code: country,
        phone,
        province_code: province,
        // Spreadsheet tools keep leading zeros when the zip is written `'02134`.
        zip: zip.map(|z| z.strip_prefix('\'').map(str::to_string).unwrap_or(z)),
    };
    (!a.is_empty()).then_some(a)
}

fn order_of(row: &Row, name: &str, row_number: usize) -> Order {
    Order {
        name: name.to_string(),
        row: row_number,
        currency: row.get("Currency").unwrap_or_default().to_ascii_uppercase(),
        subtotal: row.get("Subtotal").and_then(Decimal::parse),
        email: row.owned("Email"),
        phone: row.owned("Phone"),
        shipping_method: row.owned("Shipping Method"),
        shipping: address(row, &SHIPPING),
        billing: address(row, &BILLING),
        cancelled: row.get("Cancelled at").is_some(),
        lines: Vec::new(),
    }
}

/// The row's line item; `None` when its quantity or price is unreadable.
fn line_of(row: &Row) -> Option<OrderLine> {
    let quantity = row.get("Lineitem quantity")?.parse::<i64>().ok().filter(|q| *q >= 0)?;
    let price = Decimal::parse(row.get("Lineitem price")?)?;
    let requires_shipping = match row.get("Lineitem requires shipping") {
        None => None,
        Some(text) => Some(boolean(text)?),
    };
    Some(OrderLine {
        quantity,
        name: row.owned("Lineitem name").unwrap_or_default(),
        price,
        sku: row.owned("Lineitem sku"),
        requires_shipping,
        vendor: row.owned("Vendor"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(csv: &str) -> (Vec<Order>, Skipped) {
        let mut orders = Orders::new(csv.as_bytes(), "orders.csv").unwrap();
        let mut out = Vec::new();
        while let Some(order) = orders.next_order().unwrap() {
            out.push(order);
        }
        (out, orders.skipped)
    }

    #[test]
    fn rows_grouped_into_orders_with_quoted_fields() {
        let csv = "\u{feff}Name,Email,Currency,Subtotal,Lineitem quantity,Lineitem name,Lineitem price,Notes,Shipping Zip,Shipping Country\r\n\
            #1001,a@example.com,CAD,30.00,2,\"Beanie, Merino - M\",10.00,\"two\r\nlines, and \"\"quotes\"\"\",'02134,US\r\n\
            #1001,,,,1,Mug,10.00,,,\r\n\
            #1002,b@example.com,cad,5.00,1,Card,5.00,,,\r\n";
        let (orders, skipped) = read(csv);
        assert_eq!(orders.len(), 2);
        let first = &orders[0];
        assert_eq!((first.name.as_str(), first.row, first.lines.len()), ("#1001", 2, 2));
        assert_eq!(first.lines[0].name, "Beanie, Merino - M");
        assert_eq!(first.lines[0].quantity, 2);
        assert_eq!(first.shipping.as_ref().unwrap().zip.as_deref(), Some("02134"));
        assert_eq!(orders[1].row, 4, "a quoted line break stays inside its row (it is on line 5)");
        assert_eq!(orders[1].currency, "CAD");
        assert!(orders[1].shipping.is_none());
        assert_eq!(skipped, Skipped::default());
    }

    #[test]
    fn malformed_rows_skip_their_order_and_are_counted() {
        let csv = "Name,Currency,Lineitem quantity,Lineitem name,Lineitem price\n\
            #1,USD,1,A,1.00\n\
            #2,USD,x,B,1.00\n\
            #2,USD,1,C,1.00\n\
            #3,USD,1,D\n\
            #4,USD,1,E,2.50\n\
            ,USD,1,F,2.50\n";
        let (orders, skipped) = read(csv);
        let names: Vec<&str> = orders.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["#1", "#4"]);
        assert_eq!(skipped.rows, [3, 5, 7]);
        assert_eq!(skipped.orders, 1);
    }

    #[test]
    fn a_row_that_is_not_utf8_is_malformed() {
        let mut csv = b"Name,Currency,Lineitem quantity,Lineitem name,Lineitem price\n#1,USD,1,A,1.00\n".to_vec();
        csv.extend_from_slice(b"#2,USD,1,\xff\xfe,1.00\n#3,USD,2,C,1.00\n");
        let mut orders = Orders::new(&csv[..], "orders.csv").unwrap();
        let mut names = Vec::new();
        while let Some(order) = orders.next_order().unwrap() {
            names.push(order.name);
        }
        assert_eq!(names, ["#1", "#3"]);
        assert_eq!(orders.skipped.rows, [3]);
    }

    #[test]
    fn a_file_that_is_not_an_orders_export() {
        let error = Orders::new("Handle,Title\nx,y\n".as_bytes(), "products.csv").err().unwrap().to_string();
        assert_eq!(
            error,
            "products.csv is not a Shopify orders export: missing the columns Name, Currency, Lineitem quantity, Lineitem name, Lineitem price"
        );
    }
}
