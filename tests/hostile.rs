//! Hostile inputs and configs, natively, against the engine and the full
//! function entry (`run`, `run_limits`, `run_address`).
//!
//! Property tests (proptest, fixed seed, no failure persistence, so CI runs
//! the same cases every time) over arbitrary carts, valid / near-valid /
//! garbage configs, arbitrary bytes and unknown enum values. Every run must:
//!
//! * not panic, and give byte-identical output and log when repeated;
//! * print valid JSON of the result shape, at most 20,000 bytes, with targets
//!   in Shopify's syntax;
//! * log at most 1,000 bytes, with no buyer data and no product title in it
//!   (buyer strings carry [`BUYER_MARKS`], titles [`TITLE_MARKS`]; neither
//!   alphabet occurs in configs or in the engine's own text, so one such
//!   character in a log is a leak, and one buyer mark in an output too);
//! * still apply every valid rule beside invalid ones.
//!
//! Plain tests below them run pathological merchant patterns on long values
//! and check that oversized patterns are rejected with a precise problem.
//! Crashes found by `cargo fuzz` (see `fuzz/README.md`) are kept under
//! `tests/hostile/` and replayed by [`fuzz_regressions_stay_fixed`].

use checkout_guard::config::{self, Severity, MAX_PATTERN_CHARS, MAX_RULES, PATTERN_NEST_LIMIT};
use checkout_guard::json::Json;
use checkout_guard::output::{MAX_LOG_BYTES, MAX_OUTPUT_BYTES};
use checkout_guard::rules::address::{Matcher, Pattern, PatternBudget, MAX_MATCHED_BYTES};
use checkout_guard::{input, run, run_address, run_limits, AllFamilies, Family, Outcome};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, RngAlgorithm, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};
use std::path::Path;
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// Test-run configuration
// ---------------------------------------------------------------------------

/// The same cases on every machine: a fixed seed, nothing persisted, bounded shrinking.
fn cases(n: u32) -> ProptestConfig {
    ProptestConfig {
        cases: n,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0xC0FF_EE00_5EED_0001),
        max_shrink_iters: 512,
        max_shrink_time: 60_000,
        max_global_rejects: 4096,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Alphabets
// ---------------------------------------------------------------------------

/// Every non-blank buyer string (address fields, names, email, phone) starts with
/// one of these and carries one at least every five characters. Configs and the
/// engine never use them: one in a log or an output is a leak of buyer data.
const BUYER_MARKS: &[char] = &['ß', 'Ж', 'ж', 'Ω', 'ω', '東', 'ø', 'Ø', 'Ñ', 'ñ', '🏠'];
/// The same for product titles: allowed in outputs (`{product}`), never in logs.
const TITLE_MARKS: &[char] = &['Þ', 'þ', 'Ψ', 'ψ', '字', '✓'];
/// Filler between marks: ASCII, white space, controls, JSON specials, other scripts.
const FILLER: &[char] = &[
    'a', 'B', 'o', 'x', 'P', '0', '1', '9', ' ', ' ', '.', ',', '-', '/', '#', '@', '+', '(', ')', '{', '}', '"', '\\',
    '\n', '\t', '\r', '\u{0}', '\u{1f}', '\u{7f}', '\u{a0}', '\u{2028}', '\u{feff}', 'ä', 'ł', 'İ', 'ǅ', '🙂',
    '\u{301}', 'ﬀ',
];
/// Merchant text (messages) may use these besides ASCII.
const CONFIG_NON_ASCII: &[char] = &['é', 'ç', 'ã', 'ü', '€', '中', '—'];

/// Realistic address lines, names, emails and phones. In inputs they always stand
/// between buyer marks ("Ж PO Box 123 ж"), so presets and unanchored patterns
/// still see them; none of them may appear in a log or an output either.
const REALISTIC_CORES: &[&str] = &[
    "PO Box 123",
    "P.O. Box 55",
    "p.o.box 9",
    "Postfach 10 20 30",
    "Boîte postale 12",
    "Apartado de Correos 9",
    "Caixa Postal 100",
    "私書箱 12号",
    "APO AE 09012",
    "PSC 1234, Box 5678",
    "Unit 2050 Box 4190",
    "Box Turtle Circle 4",
    "12 Potomac Street",
    "Königstraße 12",
    "1600 Amphitheatre Pkwy",
    "Gebäude B, 3. OG",
    "lena.hoffmann@example.de",
    "buyer+tag@example.com",
    "+4930901820",
    "+1 (555) 010-9999",
    "Lena Hoffmann",
    "Acme Logistics GmbH",
    "São Paulo",
    "Zürich",
];
/// Postal codes are also sent unmarked (so postal rules can match them).
const POSTAL_CODES: &[&str] =
    &["10001", "10099", "94103-1234", "9410", "96200", "SW1A 1AA", "sw1a1aa", "K1A 0B1", "80331", "00000", "1"];

const COUNTRIES: &[&str] = &["US", "CA", "DE", "FR", "GB", "MX"];
const PROVINCES: &[&str] = &["CA", "NY", "ON", "QC", "BY", "BE", "TX"];
const CURRENCIES: &[&str] = &["USD", "EUR", "CAD", "JPY", "GBP"];
const LANGUAGES: &[&str] = &["EN", "FR", "DE", "PT_BR", "PT_PT", "ZH_TW", "ES", "JA"];
const STEPS: &[&str] = &["CART_INTERACTION", "CHECKOUT_INTERACTION", "CHECKOUT_COMPLETION"];
const METHODS: &[&str] = &["SHIPPING", "PICK_UP", "LOCAL", "PICKUP_POINT", "RETAIL", "NONE"];
const WEIGHT_UNITS: &[&str] = &["GRAMS", "KILOGRAMS", "OUNCES", "POUNDS"];
const PRODUCT_TAGS: &[&str] = &["sale", "Fragile", "bulk"];
const COLLECTIONS: &[&str] = &["gid://shopify/Collection/1", "gid://shopify/Collection/2"];
const CUSTOMER_TAGS: &[&str] = &["vip", "Wholesale", "staff"];
const VENDORS: &[&str] = &["Acme", "acme", "Kiln & Co"];
const PRODUCT_TYPES: &[&str] = &["Coffee", "Gear", "coffee"];
const ADDRESS_FIELDS: &[&str] = &[
    "address1",
    "address2",
    "city",
    "company",
    "countryCode",
    "firstName",
    "lastName",
    "phone",
    "provinceCode",
    "zip",
];
const BILLING_FIELDS: &[&str] = &["address1", "address2", "city", "company", "countryCode", "provinceCode", "zip"];
const KINDS: &[&str] = &[
    "line_quantity",
    "product_quantity",
    "cart_quantity",
    "distinct_lines",
    "cart_subtotal",
    "cart_weight",
    "field_pattern",
    "delivery_country",
    "delivery_province",
    "postal_code",
];
/// Valid merchant patterns, including slow-looking ones.
const PATTERNS: &[&str] = &[
    "^[0-9]{5}$",
    "[0-9]",
    "box",
    ".",
    "^[ -~]*$",
    "[^a-z0-9 ]",
    "x{2,}",
    "@example\\.(com|de)$",
    "^\\+?[0-9 ()-]{6,20}$",
    "p\\.?\\s*o\\.?\\s*box",
    "(a*)*b",
    "(a|aa)*c",
    "(.*a){12}",
    "\\bunit\\b",
    "é|ü|中",
    "^$",
    "(?:[a-z]+\\s?){1,8}[0-9]",
];

// ---------------------------------------------------------------------------
// Raw JSON numbers serde_json cannot hold (e.g. 1e400, 30-digit integers)
// ---------------------------------------------------------------------------

const RAW_OPEN: &str = "\u{1}RAW:";
const RAW_CLOSE: char = '\u{1}';

/// A number written exactly as `text` in the serialized input.
fn raw_number(text: &str) -> Value {
    Value::String(format!("{RAW_OPEN}{text}{RAW_CLOSE}"))
}

/// Serializes, then replaces every raw-number placeholder by its text.
fn to_bytes(value: &Value) -> Vec<u8> {
    let text = serde_json::to_string(value).unwrap();
    let open = "\"\\u0001RAW:";
    let close = "\\u0001\"";
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let end = after.find(close).expect("raw number closed");
        out.push_str(&after[..end]);
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out.into_bytes()
}

// ---------------------------------------------------------------------------
// Text strategies
// ---------------------------------------------------------------------------

fn chars_string(tokens: Vec<(char, Vec<char>)>) -> String {
    let mut s = String::new();
    for (mark, rest) in tokens {
        s.push(mark);
        s.extend(rest);
    }
    s
}

/// Text that carries a mark at its start and at least every five characters.
fn marked(marks: &'static [char], max_tokens: usize) -> BoxedStrategy<String> {
    prop::collection::vec((select(marks), prop::collection::vec(select(FILLER), 0..5)), 1..max_tokens)
        .prop_map(chars_string)
        .boxed()
}

/// Marked text of 1 to 10,000 bytes, sometimes right around the
/// MAX_MATCHED_BYTES merchant patterns look at (multi-byte characters
/// straddling the cut).
fn long_marked(marks: &'static [char]) -> BoxedStrategy<String> {
    let around_cut = (marked(marks, 3), 0usize..4).prop_map(move |(head, pad)| {
        let mut s = head;
        while s.len() < MAX_MATCHED_BYTES - 2 + pad {
            s.push(marks[0]); // two bytes
            s.push(' ');
        }
        s
    });
    prop_oneof![
        2 => (marked(marks, 6), 1usize..2500).prop_map(|(unit, n)| cap_bytes(unit.repeat(n), 10_000)),
        1 => around_cut,
    ]
    .boxed()
}

/// Cuts at a char boundary at or below `max` bytes.
fn cap_bytes(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// A buyer string: blank, short or long marked text, or a realistic value between marks.
fn buyer_text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => select(&["", " ", "\u{a0}\t ", "\n"][..]).prop_map(String::from),
        4 => marked(BUYER_MARKS, 8),
        3 => (select(BUYER_MARKS), select(REALISTIC_CORES), select(BUYER_MARKS))
            .prop_map(|(a, core, b)| format!("{a} {core} {b}")),
        1 => long_marked(BUYER_MARKS),
    ]
    .boxed()
}

/// A product title: marked, sometimes long or empty.
fn title_text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        6 => marked(TITLE_MARKS, 8),
        1 => long_marked(TITLE_MARKS).prop_map(|s| cap_bytes(s, 3_000)),
    ]
    .boxed()
}

const MESSAGE_WORDS: &[&str] =
    &["Limit reached", "Bitte prüfen", "Maximum par article", "Pedido mínimo", "注文", "!", " ", ":"];

/// Merchant text for messages: ASCII and a few non-ASCII letters, no marks.
fn merchant_words() -> BoxedStrategy<String> {
    prop_oneof![
        select(MESSAGE_WORDS).prop_map(String::from),
        prop::collection::vec(prop_oneof![select(CONFIG_NON_ASCII), proptest::char::range(' ', '~')], 1..12)
            .prop_map(|cs| cs.into_iter().filter(|c| *c != '{' && *c != '}').collect()),
        Just("Lorem ipsum dolor sit amet ".repeat(8)),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Input strategies
// ---------------------------------------------------------------------------

/// A field the input may leave out, send as null, send with a wrong type, or send.
#[derive(Clone, Debug)]
enum Slot {
    Missing,
    Present(Value),
}

fn wrong_type() -> BoxedStrategy<Value> {
    select(vec![json!(true), json!(0), json!(-1), json!(1.5), json!([]), json!({}), json!([null])]).boxed()
}

fn slot(value: BoxedStrategy<Value>) -> BoxedStrategy<Slot> {
    prop_oneof![
        1 => Just(Slot::Missing),
        1 => Just(Slot::Present(Value::Null)),
        1 => wrong_type().prop_map(Slot::Present),
        10 => value.prop_map(Slot::Present),
    ]
    .boxed()
}

fn put(map: &mut Map<String, Value>, key: &str, slot: Slot) {
    if let Slot::Present(value) = slot {
        map.insert(key.to_string(), value);
    }
}

fn string(s: BoxedStrategy<String>) -> BoxedStrategy<Value> {
    s.prop_map(Value::String).boxed()
}

/// Known values, and values Shopify may add later.
fn enum_value(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(known).prop_map(String::from),
        1 => "[A-Z][A-Z0-9_]{0,20}",
        1 => select(&["", " ", "zz", "Us", "RU_RU", "UNKNOWN_FUTURE_VALUE"][..]).prop_map(String::from),
    ]
    .boxed()
}

fn quantity() -> BoxedStrategy<Value> {
    prop_oneof![
        8 => (0i64..12).prop_map(Value::from),
        1 => select(vec![json!(0), json!(-3), json!(i64::MAX), json!(i64::MIN), json!(1_000_000_000_000i64)]),
        1 => select(vec![raw_number("99999999999999999999999999"), raw_number("-1e400"), json!(2.5), json!("3")]),
    ]
    .boxed()
}

fn amount() -> BoxedStrategy<Value> {
    prop_oneof![
        8 => (0u32..100_000).prop_map(|cents| json!(format!("{}.{}", cents / 100, cents % 100))),
        1 => select(vec![
            json!("0.0"),
            json!("-12.5"),
            json!("999999999999999999999999.99"),
            json!("1234567890123456789012345678.0"),
            json!("1e3"),
            json!(""),
            json!("abc"),
            json!(12.5),
            raw_number("1e400"),
        ]),
    ]
    .boxed()
}

fn weight() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => select(vec![json!(0.0), json!(0.2), json!(1.0), json!(450.0), json!(1000), json!(2.5)]),
        1 => select(vec![
            json!(-5.0),
            raw_number("1e30"),
            raw_number("1e-30"),
            raw_number("123456789012345678901234567890"),
            raw_number("0.0000000000000000000000000001"),
            json!("1.0"),
        ]),
    ]
    .boxed()
}

fn currency() -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(CURRENCIES).prop_map(String::from),
        1 => "[A-Z]{3}",
        1 => select(&["XXX", "BTC", "usd", "", "EURO", "U$D", "\"}", "€"][..]).prop_map(String::from),
    ]
    .boxed()
}

fn rate() -> BoxedStrategy<Value> {
    prop_oneof![
        6 => select(vec![json!("1.0"), json!("0.925"), json!("1.3405"), json!("150.25"), json!("0.5")]),
        1 => select(vec![
            json!("0"),
            json!("-1.0"),
            json!("abc"),
            json!("0.000000000001"),
            json!("1000000000000000000000000"),
            json!(1.1),
            raw_number("1e-20"),
            raw_number("1e400"),
        ]),
    ]
    .boxed()
}

fn answers(terms: Vec<String>, key_term: &'static str, key_answer: &'static str) -> BoxedStrategy<Value> {
    let n = terms.len();
    prop::collection::vec(prop_oneof![4 => any::<bool>().prop_map(Value::Bool), 1 => Just(Value::Null)], n)
        .prop_map(move |bits| {
            Value::Array(terms.iter().zip(bits).map(|(t, b)| json!({ key_term: t, key_answer: b })).collect())
        })
        .boxed()
}

/// The terms the `variables` metafield asked about: all, some (stale), or other case.
fn asked_terms(pool: &'static [&'static str]) -> BoxedStrategy<Vec<String>> {
    prop_oneof![
        4 => Just(pool.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        1 => subsequence(pool, 0..=pool.len()).prop_map(|v| v.into_iter().map(String::from).collect()),
        1 => Just(pool.iter().map(|s| s.to_uppercase()).collect::<Vec<_>>()),
    ]
    .boxed()
}

fn product(tags: Vec<String>, collections: Vec<String>) -> BoxedStrategy<Value> {
    (
        slot(string((1u32..6).prop_map(|n| format!("gid://shopify/Product/{n}")).boxed())),
        slot(string(title_text())),
        slot(string(select(VENDORS).prop_map(String::from).boxed())),
        slot(string(select(PRODUCT_TYPES).prop_map(String::from).boxed())),
        slot(answers(tags, "t", "h")),
        slot(answers(collections, "c", "m")),
    )
        .prop_map(|(id, title, vendor, kind, tags, collections)| {
            let mut p = Map::new();
            put(&mut p, "id", id);
            put(&mut p, "t", title);
            put(&mut p, "v", vendor);
            put(&mut p, "y", kind);
            put(&mut p, "g", tags);
            put(&mut p, "k", collections);
            Value::Object(p)
        })
        .boxed()
}

fn merchandise(tags: Vec<String>, collections: Vec<String>) -> BoxedStrategy<Value> {
    let variant = (
        slot(string((1u32..9).prop_map(|n| format!("gid://shopify/ProductVariant/{n}")).boxed())),
        slot(any::<bool>().prop_map(Value::Bool).boxed()),
        slot(weight()),
        slot(string(enum_value(WEIGHT_UNITS))),
        slot(product(tags, collections)),
    )
        .prop_map(|(id, ships, weight, unit, product)| {
            let mut m = Map::new();
            m.insert("__typename".into(), json!("ProductVariant"));
            put(&mut m, "id", id);
            put(&mut m, "r", ships);
            put(&mut m, "w", weight);
            put(&mut m, "u", unit);
            put(&mut m, "p", product);
            Value::Object(m)
        });
    let custom = slot(string(title_text())).prop_map(|title| {
        let mut m = Map::new();
        m.insert("__typename".into(), json!("CustomProduct"));
        put(&mut m, "t", title);
        Value::Object(m)
    });
    prop_oneof![
        8 => variant,
        2 => custom,
        1 => Just(json!({"__typename": "GiftCard"})),
        1 => Just(json!({})),
    ]
    .boxed()
}

fn line(tags: Vec<String>, collections: Vec<String>) -> BoxedStrategy<Value> {
    (slot(quantity()), slot(amount()), slot(merchandise(tags, collections)))
        .prop_map(|(q, a, m)| {
            let mut line = Map::new();
            put(&mut line, "q", q);
            match a {
                Slot::Missing => {}
                Slot::Present(a) => {
                    line.insert("c".into(), json!({ "s": { "a": a } }));
                }
            }
            put(&mut line, "m", m);
            Value::Object(line)
        })
        .boxed()
}

fn address(fields: &'static [&'static str]) -> BoxedStrategy<Value> {
    let value = |field: &str| -> BoxedStrategy<Value> {
        match field {
            "countryCode" => string(enum_value(COUNTRIES)),
            "provinceCode" => {
                string(prop_oneof![3 => select(PROVINCES).prop_map(String::from), 1 => buyer_text()].boxed())
            }
            "zip" => string(prop_oneof![3 => select(POSTAL_CODES).prop_map(String::from), 2 => buyer_text()].boxed()),
            _ => string(buyer_text()),
        }
    };
    let slots: Vec<BoxedStrategy<(&'static str, Slot)>> =
        fields.iter().map(|f| slot(value(f)).prop_map(move |s| (*f, s)).boxed()).collect();
    slots
        .prop_map(|pairs| {
            let mut a = Map::new();
            for (key, s) in pairs {
                put(&mut a, key, s);
            }
            Value::Object(a)
        })
        .boxed()
}

fn delivery_group() -> BoxedStrategy<Value> {
    (slot(address(ADDRESS_FIELDS)), slot(string(enum_value(METHODS))))
        .prop_map(|(address, method)| {
            let mut g = Map::new();
            put(&mut g, "deliveryAddress", address);
            match method {
                Slot::Missing => {}
                Slot::Present(Value::Null) => {
                    g.insert("selectedDeliveryOption".into(), Value::Null);
                }
                Slot::Present(m) => {
                    g.insert("selectedDeliveryOption".into(), json!({ "deliveryMethodType": m }));
                }
            }
            Value::Object(g)
        })
        .boxed()
}

fn buyer_identity() -> BoxedStrategy<Value> {
    let customer = prop_oneof![
        1 => Just(Value::Null),
        3 => asked_terms(CUSTOMER_TAGS)
            .prop_flat_map(|terms| answers(terms, "tag", "hasTag"))
            .prop_map(|answers| json!({ "hasTags": answers })),
    ];
    (
        slot(string(buyer_text())),
        slot(string(buyer_text())),
        slot(customer.boxed()),
        prop_oneof![Just(Value::Null), Just(json!({"__typename": "PurchasingCompany"}))],
    )
        .prop_map(|(email, phone, customer, company)| {
            let mut b = Map::new();
            put(&mut b, "email", email);
            put(&mut b, "phone", phone);
            put(&mut b, "customer", customer);
            b.insert("purchasingCompany".into(), company);
            Value::Object(b)
        })
        .boxed()
}

/// Everything of a generated input but the config.
#[derive(Clone, Debug)]
struct Cart {
    input: Value,
}

fn cart(lines: std::ops::RangeInclusive<usize>) -> BoxedStrategy<Cart> {
    (asked_terms(PRODUCT_TAGS), asked_terms(COLLECTIONS))
        .prop_flat_map(move |(tags, collections)| {
            (
                slot(string(enum_value(STEPS))),
                prop::collection::vec(line(tags.clone(), collections.clone()), lines.clone()),
                slot(amount()),
                slot(string(currency())),
                slot(buyer_identity()),
                prop::collection::vec(delivery_group(), 0..4),
                slot(address(BILLING_FIELDS)),
                slot(string(enum_value(LANGUAGES))),
                slot(rate()),
                any::<u8>(),
            )
        })
        .prop_map(|(step, lines, subtotal, currency, buyer, groups, billing, language, rate, shape)| {
            let mut subtotal_amount = Map::new();
            put(&mut subtotal_amount, "amount", subtotal);
            put(&mut subtotal_amount, "currencyCode", currency);
            let mut cart = Map::new();
            cart.insert("cost".into(), json!({ "subtotalAmount": subtotal_amount }));
            cart.insert("lines".into(), Value::Array(lines));
            put(&mut cart, "buyerIdentity", buyer);
            cart.insert("deliveryGroups".into(), Value::Array(groups));
            put(&mut cart, "billingAddress", billing);
            let mut input = Map::new();
            let mut journey = Map::new();
            put(&mut journey, "step", step);
            input.insert("buyerJourney".into(), Value::Object(journey));
            input.insert("cart".into(), Value::Object(cart));
            let mut language_map = Map::new();
            put(&mut language_map, "isoCode", language);
            input.insert("localization".into(), json!({ "language": language_map }));
            put(&mut input, "presentmentCurrencyRate", rate);
            // Some inputs also carry fields of no input query (they must be ignored).
            if shape % 5 == 0 {
                input.insert("shop".into(), json!({"extra": [1, {"deep": [null]}], "ß": "Ж"}));
            }
            Cart { input: Value::Object(input) }
        })
        .boxed()
}

/// The input with a config in `validation.metafield.jsonValue`.
fn with_config(cart: &Cart, config: Option<&Value>) -> Value {
    let mut input = cart.input.clone();
    if let Some(config) = config {
        input["validation"] = json!({ "metafield": { "jsonValue": config } });
    }
    input
}

/// Number of delivery groups (objects) the input sends.
fn group_count(input: &Value) -> usize {
    input["cart"]["deliveryGroups"].as_array().map_or(0, |groups| groups.iter().filter(|g| g.is_object()).count())
}

// ---------------------------------------------------------------------------
// Config strategies
// ---------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Bounds {
    min: bool,
    max: bool,
    multiple_of: bool,
}

fn message(placeholders: Vec<&'static str>) -> BoxedStrategy<Value> {
    let part = {
        let placeholders = placeholders.clone();
        let slots: BoxedStrategy<String> = if placeholders.is_empty() {
            merchant_words()
        } else {
            select(placeholders).prop_map(|p| format!("{{{p}}}")).boxed()
        };
        let braces = select(&["{{", "}}", "{{{{x}}}}"][..]).prop_map(String::from);
        prop_oneof![5 => merchant_words(), 3 => slots, 1 => braces]
    };
    let text = prop::collection::vec(part, 1..8).prop_map(|parts| {
        let mut text = String::new();
        for p in parts {
            if text.chars().count() + p.chars().count() <= 255 {
                text.push_str(&p);
            }
        }
        if text.is_empty() {
            text.push('!');
        }
        text
    });
    let tags = subsequence(&["en", "fr", "de", "pt-BR", "zh-TW", "default", "es", "PT"][..], 1..4);
    prop_oneof![
        3 => text.clone().prop_map(Value::String),
        1 => (tags, prop::collection::vec(text, 4)).prop_map(|(tags, texts)| {
            Value::Object(tags.into_iter().zip(texts).map(|(t, m)| (t.to_string(), Value::String(m))).collect())
        }),
    ]
    .boxed()
}

fn criteria(with_except: bool) -> BoxedStrategy<Value> {
    let products = subsequence((1..6).map(|n| format!("gid://shopify/Product/{n}")).collect::<Vec<_>>(), 0..3);
    let variants = subsequence((1..9).map(|n| format!("gid://shopify/ProductVariant/{n}")).collect::<Vec<_>>(), 0..3);
    let tags = subsequence(PRODUCT_TAGS, 0..3);
    let collections = subsequence(COLLECTIONS, 0..2);
    let vendors = subsequence(VENDORS, 0..2);
    let types = subsequence(PRODUCT_TYPES, 0..2);
    let except = if with_except { criteria(false).prop_map(Some).boxed() } else { Just(None).boxed() };
    (products, variants, tags, collections, vendors, types, any::<u8>(), except)
        .prop_map(|(products, variants, tags, collections, vendors, types, mask, except)| {
            let mut c = Map::new();
            let mut add = |bit: u8, key: &str, list: Value| {
                if mask & (1 << bit) != 0 {
                    c.insert(key.into(), list);
                }
            };
            add(0, "productIds", json!(products));
            add(1, "variantIds", json!(variants));
            add(2, "productTags", json!(tags));
            add(3, "collectionIds", json!(collections));
            add(4, "vendors", json!(vendors));
            add(5, "productTypes", json!(types));
            if let Some(except) = except.filter(|_| mask & 0x40 != 0) {
                c.insert("except".into(), except);
            }
            Value::Object(c)
        })
        .boxed()
}

fn when() -> BoxedStrategy<Value> {
    (
        subsequence(COUNTRIES, 0..3),
        subsequence(COUNTRIES, 0..2),
        subsequence(CUSTOMER_TAGS, 0..2),
        subsequence(CUSTOMER_TAGS, 0..2),
        any::<bool>(),
        subsequence(CURRENCIES, 0..3),
        subsequence(METHODS, 0..3),
        any::<u8>(),
    )
        .prop_map(|(countries, not_countries, tags, not_tags, b2b, currencies, methods, mask)| {
            let mut w = Map::new();
            let mut add = |bit: u8, key: &str, value: Value| {
                if mask & (1 << bit) != 0 {
                    w.insert(key.into(), value);
                }
            };
            add(0, "countries", json!(countries));
            add(1, "notCountries", json!(not_countries));
            add(2, "customerTags", json!(tags));
            add(3, "notCustomerTags", json!(not_tags));
            add(4, "b2b", json!(b2b));
            add(5, "currencies", json!(currencies));
            add(6, "deliveryMethods", json!(methods));
            Value::Object(w)
        })
        .boxed()
}

/// The body of a valid rule of `kind` (without id and message) and the
/// placeholders its message may use.
fn kind_body(kind: usize) -> BoxedStrategy<(Map<String, Value>, Vec<&'static str>)> {
    let filter = prop_oneof![2 => Just(None), 1 => criteria(true).prop_map(Some)];
    let big = select(vec![1u64, 2, 3, 5, 10, 100, 9_223_372_036_854_775_807]);
    match KINDS[kind] {
        "line_quantity" | "product_quantity" | "cart_quantity" | "distinct_lines" => {
            let distinct = kind == 3;
            (big.clone(), big, 1u64..5, 1u8..8, filter)
                .prop_map(move |(a, b, m, mask, filter)| {
                    let mask = if distinct { (mask & 3).max(1) } else { mask };
                    let bounds = Bounds { min: mask & 1 != 0, max: mask & 2 != 0, multiple_of: mask & 4 != 0 };
                    let mut r = Map::new();
                    if bounds.min {
                        r.insert("min".into(), json!(a.min(b)));
                    }
                    if bounds.max {
                        r.insert("max".into(), json!(a.max(b)));
                    }
                    if bounds.multiple_of {
                        r.insert("multipleOf".into(), json!(m));
                    }
                    if let Some(filter) = filter {
                        r.insert("lines".into(), filter);
                    }
                    let mut ph = vec!["actual"];
                    ph.extend(bounds.min.then_some("min"));
                    ph.extend(bounds.max.then_some("max"));
                    ph.extend(bounds.multiple_of.then_some("multipleOf"));
                    if kind <= 1 {
                        ph.push("product");
                    }
                    (r, ph)
                })
                .boxed()
        }
        "cart_subtotal" => {
            let cents = prop_oneof![5 => 0u64..200_000, 1 => Just(99_999_999_999_999_999u64)];
            (cents.clone(), cents, 1u8..4, filter)
                .prop_map(|(a, b, mask, filter)| {
                    let fmt = |c: u64| format!("{}.{:02}", c / 100, c % 100);
                    let mut r = Map::new();
                    let mut ph = vec!["actual"];
                    if mask & 1 != 0 {
                        r.insert("min".into(), json!(fmt(a.min(b))));
                        ph.push("min");
                    }
                    if mask & 2 != 0 {
                        r.insert("max".into(), json!(fmt(a.max(b))));
                        ph.push("max");
                    }
                    if let Some(filter) = filter {
                        r.insert("lines".into(), filter);
                    }
                    (r, ph)
                })
                .boxed()
        }
        "cart_weight" => {
            let w = select(vec![0.0f64, 0.5, 1.0, 2.25, 450.0, 1000.0, 1e6]);
            (select(&["g", "kg", "oz", "lb"][..]), w.clone(), w, 1u8..4, filter)
                .prop_map(|(unit, a, b, mask, filter)| {
                    let mut r = Map::new();
                    r.insert("unit".into(), json!(unit));
                    let mut ph = vec!["actual"];
                    if mask & 1 != 0 {
                        r.insert("min".into(), json!(a.min(b)));
                        ph.push("min");
                    }
                    if mask & 2 != 0 {
                        r.insert("max".into(), json!(a.max(b)));
                        ph.push("max");
                    }
                    if let Some(filter) = filter {
                        r.insert("lines".into(), filter);
                    }
                    (r, ph)
                })
                .boxed()
        }
        "field_pattern" => {
            let mut names: Vec<String> = ADDRESS_FIELDS.iter().map(|f| format!("deliveryAddress.{f}")).collect();
            names.extend(BILLING_FIELDS.iter().map(|f| format!("billingAddress.{f}")));
            names.extend(["buyerIdentity.email".to_string(), "buyerIdentity.phone".to_string()]);
            let matcher = prop_oneof![
                3 => select(PATTERNS).prop_map(|p| ("pattern", p)),
                1 => select(&["po_box", "military", "postal_format"][..]).prop_map(|p| ("preset", p)),
            ];
            let mode = select(vec![None, Some("block"), Some("require")]);
            let flag = select(vec![None, Some(true), Some(false)]);
            (subsequence(names, 1..6), matcher, mode, flag.clone(), flag)
                .prop_map(|(mut fields, (key, matcher), mut mode, required, case_sensitive)| {
                    // A valid postal_format rule reads postal codes only, in require mode (v1.2).
                    if matcher == "postal_format" {
                        fields.retain(|f| f.ends_with(".zip"));
                        if fields.is_empty() {
                            fields.push("deliveryAddress.zip".to_string());
                        }
                        mode = mode.filter(|m| *m != "block");
                    }
                    let mut r = Map::new();
                    r.insert("fields".into(), json!(fields));
                    r.insert(key.into(), json!(matcher));
                    if let Some(mode) = mode {
                        r.insert("mode".into(), json!(mode));
                    }
                    if let Some(required) = required {
                        r.insert("required".into(), json!(required));
                    }
                    if let Some(cs) = case_sensitive {
                        r.insert("caseSensitive".into(), json!(cs));
                    }
                    (r, vec!["field"])
                })
                .boxed()
        }
        "delivery_country" => (any::<bool>(), subsequence(COUNTRIES, 1..4))
            .prop_map(|(allow, codes)| {
                let mut r = Map::new();
                r.insert(if allow { "allow" } else { "deny" }.into(), json!(codes));
                (r, vec![])
            })
            .boxed(),
        "delivery_province" => (select(COUNTRIES), any::<bool>(), subsequence(PROVINCES, 1..4))
            .prop_map(|(country, allow, codes)| {
                let mut r = Map::new();
                r.insert("country".into(), json!(country));
                r.insert(if allow { "allow" } else { "deny" }.into(), json!(codes));
                (r, vec![])
            })
            .boxed(),
        _ => {
            const ENTRIES: &[&str] =
                &["10001", "100*", "90000-96199", "SW1A 1AA", "K1A*", "123-45", "94103", " 80331 "];
            (select(vec![None, Some("US"), Some("GB"), Some("DE")]), any::<bool>(), subsequence(ENTRIES, 1..4))
                .prop_map(|(country, allow, codes)| {
                    let mut r = Map::new();
                    if let Some(country) = country {
                        r.insert("country".into(), json!(country));
                    }
                    r.insert(if allow { "allow" } else { "deny" }.into(), json!(codes));
                    (r, vec![])
                })
                .boxed()
        }
    }
}

/// A valid rule; `index` makes its id unique within a config.
fn valid_rule_of(kind: usize, index: usize) -> BoxedStrategy<Value> {
    let id_suffix = prop_oneof![3 => "[A-Za-z0-9_-]{0,8}", 1 => Just("x".repeat(60))];
    let enabled = select(vec![None, None, None, Some(true), Some(false)]);
    let steps = prop_oneof![2 => Just(None), 1 => subsequence(STEPS, 1..=3).prop_map(Some)];
    let when = prop_oneof![2 => Just(None), 1 => when().prop_map(Some)];
    (kind_body(kind), id_suffix, enabled, steps, when)
        .prop_flat_map(move |((body, placeholders), suffix, enabled, steps, when)| {
            message(placeholders).prop_map(move |message| {
                let mut id = format!("r{index}-{suffix}");
                id.truncate(64);
                let mut r = Map::new();
                r.insert("id".into(), json!(id));
                r.insert("kind".into(), json!(KINDS[kind]));
                r.extend(body.clone());
                r.insert("message".into(), message);
                if let Some(enabled) = enabled {
                    r.insert("enabled".into(), json!(enabled));
                }
                if let Some(steps) = &steps {
                    r.insert("steps".into(), json!(steps));
                }
                if let Some(when) = &when {
                    r.insert("when".into(), when.clone());
                }
                Value::Object(r)
            })
        })
        .boxed()
}

fn valid_rule(index: usize) -> BoxedStrategy<Value> {
    (0..KINDS.len()).prop_flat_map(move |kind| valid_rule_of(kind, index)).boxed()
}

fn valid_rules(count: std::ops::Range<usize>) -> BoxedStrategy<Vec<Value>> {
    count.prop_flat_map(|n| (0..n).map(valid_rule).collect::<Vec<_>>()).boxed()
}

fn config_of(rules: Vec<Value>) -> Value {
    json!({ "version": 1, "rules": rules })
}

/// Breaks a valid rule in one of the ways the contract says make it invalid.
/// Returns what was done (for failure messages).
fn break_rule(rule: &mut Value, how: usize, pick: usize) -> String {
    let kind = rule["kind"].as_str().unwrap_or("").to_string();
    let r = rule.as_object_mut().unwrap();
    let choose = |options: &[Value]| options[pick % options.len()].clone();
    let limits = KINDS[..6].contains(&kind.as_str());
    match how % 14 {
        0 => {
            let key =
                choose(&[json!("mx"), json!("mn"), json!("mesage"), json!("Kind"), json!("enabeld"), json!("wehn")]);
            r.insert(key.as_str().unwrap().into(), json!(5));
        }
        1 => {
            r.remove("id");
        }
        2 => {
            r.remove("kind");
        }
        3 => {
            r.remove("message");
        }
        4 => {
            r.insert(
                "id".into(),
                choose(&[json!(""), json!("has space"), json!("x".repeat(65)), json!(5), json!("é")]),
            );
        }
        5 => {
            r.insert("kind".into(), choose(&[json!("line_qty"), json!("LINE_QUANTITY"), json!(""), json!(3)]));
        }
        6 => {
            let bad = [
                json!(""),
                json!("x".repeat(256)),
                json!(5),
                json!([]),
                json!({}),
                json!({"english": "x"}),
                json!({"en": 5}),
                json!({"en": "ok", "EN": "dup"}),
                json!("{nope}"),
                json!("a { b"),
                json!("a } b"),
            ];
            r.insert("message".into(), choose(&bad));
        }
        7 => {
            r.insert("enabled".into(), choose(&[json!("yes"), json!(1), json!(null)]));
        }
        8 => {
            r.insert("steps".into(), choose(&[json!([]), json!("CART_INTERACTION"), json!(["CART"]), json!([null])]));
        }
        9 => {
            let bad = [
                json!([]),
                json!({"countries": ["usa"]}),
                json!({"deliveryMethods": ["TELEPORT"]}),
                json!({"currencies": ["euro"]}),
                json!({"b2b": "yes"}),
                json!({"colour": 1}),
                json!({"customerTags": [""]}),
                json!({"countries": "US"}),
            ];
            r.insert("when".into(), choose(&bad));
        }
        10 => {
            let (key, options): (&str, Vec<Value>) = match kind.as_str() {
                "line_quantity" | "product_quantity" | "cart_quantity" => (
                    ["max", "min", "multipleOf"][pick % 3],
                    vec![json!("5"), json!(0), json!(-1), json!(1.5), json!(null)],
                ),
                "distinct_lines" => ("multipleOf", vec![json!(2)]),
                "cart_subtotal" => {
                    (["min", "max"][pick % 2], vec![json!(50), json!("-1.00"), json!("abc"), json!("1e3"), json!("")])
                }
                "cart_weight" => ("unit", vec![json!("kgs"), json!("KILOGRAMS"), json!(null), json!(1)]),
                "field_pattern" => {
                    let patterns = vec![
                        json!("("),
                        json!("x".repeat(MAX_PATTERN_CHARS + 1)),
                        json!(""),
                        json!("(?<"),
                        json!("\\p{L}"),
                        json!("a{70000}"),
                        json!(5),
                    ];
                    match pick % 3 {
                        0 => {
                            r.remove("preset");
                            ("pattern", patterns)
                        }
                        1 => (
                            "fields",
                            vec![
                                json!([]),
                                json!(["deliveryAddress.street"]),
                                json!(["billingAddress.firstName"]),
                                json!(["buyerIdentity.email", "buyerIdentity.email"]),
                            ],
                        ),
                        _ => ("mode", vec![json!("blok"), json!("BLOCK"), json!(true)]),
                    }
                }
                "delivery_country" => {
                    r.remove("allow");
                    r.remove("deny");
                    ("allow", vec![json!(["usa"]), json!([]), json!("US"), json!(["us"])])
                }
                "delivery_province" => ("country", vec![json!("usa"), json!(null), json!("us")]),
                _ => {
                    r.remove("allow");
                    r.remove("deny");
                    ("deny", vec![json!(["*"]), json!([""]), json!([5]), json!([])])
                }
            };
            r.insert(key.into(), options[pick % options.len()].clone());
        }
        11 if limits => {
            match kind.as_str() {
                "cart_subtotal" => {
                    r.insert("min".into(), json!("10.00"));
                    r.insert("max".into(), json!("5.00"));
                }
                "cart_weight" => {
                    r.insert("min".into(), json!(10));
                    r.insert("max".into(), json!(5));
                }
                _ => {
                    r.insert("min".into(), json!(10));
                    r.insert("max".into(), json!(5));
                }
            }
            // The message may name bounds the rule had: keep it fillable.
            r.insert("message".into(), json!("Between {min} and {max}."));
        }
        12 => {
            let message = if limits { "{field}" } else { ["{actual}", "{product}", "{min}"][pick % 3] };
            r.insert("message".into(), json!(message));
        }
        13 if limits => {
            r.insert(
                "lines".into(),
                choose(&[
                    json!({"vendor": ["Acme"]}),
                    json!({"productIds": ["123"]}),
                    json!([]),
                    json!({"except": {"except": {}}}),
                ]),
            );
        }
        _ => {
            // Address kinds: a limits key does not apply to them.
            r.insert("lines".into(), json!({}));
        }
    }
    format!("how {how} pick {pick} on {kind}")
}

/// JSON of any shape, with keys and strings from the config vocabulary.
fn garbage_json() -> BoxedStrategy<Value> {
    let key = prop_oneof![
        select(
            &[
                "version",
                "rules",
                "id",
                "kind",
                "message",
                "enabled",
                "steps",
                "when",
                "min",
                "max",
                "multipleOf",
                "lines",
                "unit",
                "pattern",
                "preset",
                "mode",
                "required",
                "caseSensitive",
                "fields",
                "allow",
                "deny",
                "country",
                "countries",
                "except",
                "productTags",
                "en",
                "default",
            ][..]
        )
        .prop_map(String::from),
        "[a-zA-Z_]{0,8}",
        merchant_words(),
    ];
    let text = prop_oneof![
        select(
            &[
                "line_quantity",
                "field_pattern",
                "cart_weight",
                "postal_code",
                "kg",
                "50.00",
                "-1",
                "{max}",
                "{",
                "}",
                "^x$",
                "(",
                "po_box",
                "postal_format",
                "block",
                "require",
                "US",
                "SHIPPING",
                "deliveryAddress.zip",
                "CART_INTERACTION",
                "",
            ][..]
        )
        .prop_map(String::from),
        merchant_words(),
        "[ -~]{0,300}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e20f64..1e20).prop_map(|f| json!(f)),
        select(vec![raw_number("1e400"), raw_number("-0"), raw_number("123456789012345678901234567890")]),
        text.prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 10, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..10).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..10)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// Configs from garbage to nearly valid.
fn hostile_config() -> BoxedStrategy<Value> {
    prop_oneof![
        1 => garbage_json(),
        2 => prop::collection::vec(garbage_json(), 0..8).prop_map(|rules| json!({"version": 1, "rules": rules})),
        1 => (garbage_json(), valid_rules(0..3)).prop_map(|(junk, mut rules)| {
            rules.push(junk);
            json!({"version": 1, "rules": rules})
        }),
        1 => select(vec![
            json!({"version": "1", "rules": []}),
            json!({"version": 2, "rules": []}),
            json!({"version": 1.0, "rules": []}),
            json!({"version": 1, "rules": {}}),
            json!({"version": 1}),
            json!({"rules": []}),
            json!({"version": 1, "rules": [], "extra": true}),
            json!([]),
            json!("config"),
        ]),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

fn fail(what: impl Into<String>) -> TestCaseError {
    TestCaseError::fail(what.into())
}

/// A Shopify error target the function may produce.
fn valid_target(target: &str, groups: Option<usize>) -> bool {
    if matches!(target, "$.cart" | "$.cart.buyerIdentity.email" | "$.cart.buyerIdentity.phone") {
        return true;
    }
    if let Some(field) = target.strip_prefix("$.cart.billingAddress.") {
        return BILLING_FIELDS.contains(&field);
    }
    let Some(rest) = target.strip_prefix("$.cart.deliveryGroups[") else { return false };
    let Some((index, field)) = rest.split_once("].deliveryAddress.") else { return false };
    let Ok(index) = index.parse::<usize>() else { return false };
    index.to_string() == index_text(rest) && ADDRESS_FIELDS.contains(&field) && groups.is_none_or(|g| index < g)
}

fn index_text(rest: &str) -> &str {
    rest.split(']').next().unwrap_or("")
}

/// The output is `{"operations":[]}` or one `validationAdd` with errors of
/// exactly `message` and `target`; returns the errors.
fn check_output_shape(output: &str, groups: Option<usize>) -> Result<Vec<(String, String)>, TestCaseError> {
    if output.len() > MAX_OUTPUT_BYTES {
        return Err(fail(format!("output has {} bytes, over {MAX_OUTPUT_BYTES}", output.len())));
    }
    let value: Value = serde_json::from_str(output).map_err(|e| fail(format!("output is not JSON ({e}): {output}")))?;
    let top = value.as_object().ok_or_else(|| fail("output is not an object"))?;
    if top.len() != 1 {
        return Err(fail(format!("output has keys other than operations: {output}")));
    }
    let operations = top.get("operations").and_then(Value::as_array).ok_or_else(|| fail("no operations list"))?;
    let mut errors = Vec::new();
    match operations.as_slice() {
        [] => {}
        [operation] => {
            let op = operation.as_object().filter(|o| o.len() == 1).ok_or_else(|| fail("operation shape"))?;
            let add = op.get("validationAdd").and_then(Value::as_object).ok_or_else(|| fail("no validationAdd"))?;
            if add.len() != 1 {
                return Err(fail("validationAdd has keys other than errors"));
            }
            let list = add.get("errors").and_then(Value::as_array).ok_or_else(|| fail("no errors list"))?;
            for error in list {
                let e = error.as_object().filter(|e| e.len() == 2).ok_or_else(|| fail("error shape"))?;
                let message = e.get("message").and_then(Value::as_str).ok_or_else(|| fail("message not a string"))?;
                let target = e.get("target").and_then(Value::as_str).ok_or_else(|| fail("target not a string"))?;
                if !valid_target(target, groups) {
                    return Err(fail(format!("invalid target {target:?} ({groups:?} groups)")));
                }
                errors.push((message.to_string(), target.to_string()));
            }
        }
        _ => return Err(fail("more than one operation")),
    }
    Ok(errors)
}

fn find_mark(text: &str, marks: &[char]) -> Option<char> {
    text.chars().find(|c| marks.contains(c))
}

/// Neither buyer data nor titles in the log; no buyer data in the output.
fn check_no_leak(outcome: &Outcome) -> Result<(), TestCaseError> {
    if let Some(c) = find_mark(&outcome.log, BUYER_MARKS) {
        return Err(fail(format!("buyer data ({c:?}) in the log:\n{}", outcome.log)));
    }
    if let Some(c) = find_mark(&outcome.log, TITLE_MARKS) {
        return Err(fail(format!("a product title ({c:?}) in the log:\n{}", outcome.log)));
    }
    if let Some(c) = find_mark(&outcome.output, BUYER_MARKS) {
        return Err(fail(format!("buyer data ({c:?}) in the output:\n{}", outcome.output)));
    }
    for core in REALISTIC_CORES {
        if outcome.log.contains(core) || outcome.output.contains(core) {
            return Err(fail(format!("buyer value {core:?} in the log or output")));
        }
    }
    Ok(())
}

/// Every property of one run of `family` on `input`; returns the outcome.
fn check_run(family: Family, input: &[u8], groups: Option<usize>) -> Result<Outcome, TestCaseError> {
    let outcome = run(family, input);
    let again = match family {
        Family::Limits => run_limits(input),
        Family::Address => run_address(input),
    };
    if again != outcome {
        return Err(fail(format!("{family}: a second run differs:\n{outcome:?}\n{again:?}")));
    }
    if outcome.log.len() > MAX_LOG_BYTES {
        return Err(fail(format!("{family}: log has {} bytes, over {MAX_LOG_BYTES}", outcome.log.len())));
    }
    check_output_shape(&outcome.output, groups).map_err(|e| fail(format!("{family}: {e}")))?;
    Ok(outcome)
}

fn check_both(input: &Value) -> Result<[Outcome; 2], TestCaseError> {
    let bytes = to_bytes(input);
    let groups = Some(group_count(input));
    let limits = check_run(Family::Limits, &bytes, groups)?;
    let address = check_run(Family::Address, &bytes, groups)?;
    check_no_leak(&limits)?;
    check_no_leak(&address)?;
    Ok([limits, address])
}

/// Trims an input to what one family's query asks for (Shopify sends nothing else).
fn shaped_for(family: Family, input: &Value) -> Value {
    let mut input = input.clone();
    if let Some(cart) = input.get_mut("cart").and_then(Value::as_object_mut) {
        match family {
            Family::Limits => {
                cart.remove("billingAddress");
                if let Some(b) = cart.get_mut("buyerIdentity").and_then(Value::as_object_mut) {
                    b.remove("email");
                    b.remove("phone");
                }
                if let Some(groups) = cart.get_mut("deliveryGroups").and_then(Value::as_array_mut) {
                    for g in groups {
                        if let Some(a) = g.get_mut("deliveryAddress").and_then(Value::as_object_mut) {
                            a.retain(|k, _| k == "countryCode");
                        }
                    }
                }
            }
            Family::Address => {
                cart.remove("lines");
                if let Some(m) =
                    cart.get_mut("cost").and_then(|c| c.get_mut("subtotalAmount")).and_then(Value::as_object_mut)
                {
                    m.remove("amount");
                }
            }
        }
    }
    if family == Family::Address {
        if let Some(i) = input.as_object_mut() {
            i.remove("presentmentCurrencyRate");
        }
    }
    input
}

fn compile_json(config: &Value, family: Option<Family>) -> config::Compiled {
    let text = String::from_utf8(to_bytes(config)).unwrap();
    let json = Json::parse(&text).expect("generated configs are JSON");
    config::compile(Some(&json), family)
}

fn rule_ids(compiled: &config::Compiled) -> Vec<String> {
    compiled.rules.iter().map(|r| r.id.clone()).collect()
}

fn errors_of(outcome: &Outcome) -> Vec<(String, String)> {
    check_output_shape(&outcome.output, None).unwrap()
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(cases(128))]

    /// The generator's valid configs are valid: no problem at all, every
    /// enabled rule compiled. (Otherwise "valid rule" properties prove nothing.)
    #[test]
    fn valid_configs_compile_without_problems(rules in valid_rules(0..12)) {
        let config = config_of(rules.clone());
        let compiled = compile_json(&config, None);
        // Only notes about rules skipped by design (e.g. disabled), no errors.
        let errors: Vec<String> =
            compiled.problems.iter().filter(|p| p.issue.severity() == Severity::Error).map(|p| p.to_string()).collect();
        prop_assert!(errors.is_empty(), "errors in a valid config: {errors:?}\n{config}");
        let enabled = rules.iter().filter(|r| r["enabled"] != json!(false)).count();
        prop_assert_eq!(compiled.rules.len(), enabled);
        prop_assert_eq!(compiled.disabled.len(), rules.len() - enabled);
        for family in [Family::Limits, Family::Address] {
            let scoped = compile_json(&config, Some(family));
            for problem in &scoped.problems {
                prop_assert_eq!(problem.issue.severity(), Severity::Skipped, "{}", problem);
            }
        }
    }

    /// Arbitrary carts (0-40 lines) with valid configs, through both functions.
    #[test]
    fn arbitrary_carts_with_valid_configs(cart in cart(0..=40), rules in valid_rules(0..8), trim in any::<bool>()) {
        let input = with_config(&cart, Some(&config_of(rules)));
        check_both(&input)?;
        if trim {
            for family in [Family::Limits, Family::Address] {
                let shaped = shaped_for(family, &input);
                let outcome = check_run(family, &to_bytes(&shaped), Some(group_count(&shaped)))?;
                check_no_leak(&outcome)?;
            }
        }
    }

    /// Arbitrary carts with hostile configs (garbage to nearly valid), and with no config.
    #[test]
    fn arbitrary_carts_with_hostile_configs(
        cart in cart(0..=12),
        config in hostile_config(),
        missing in any::<bool>(),
    ) {
        let input = with_config(&cart, (!missing).then_some(&config));
        check_both(&input)?;
    }

    /// A valid rule broken in one of the ways the contract names is invalid: never
    /// applied, never silently turned into a weaker rule.
    #[test]
    fn broken_rules_are_invalid(rule in valid_rule(0), how in 0usize..14, pick in 0usize..16) {
        let mut broken = rule.clone();
        let what = break_rule(&mut broken, how, pick);
        let compiled = compile_json(&config_of(vec![broken.clone()]), None);
        prop_assert!(compiled.rules.is_empty() && compiled.disabled.is_empty(), "{what}: still valid: {broken}");
        prop_assert!(
            compiled.problems.iter().any(|p| p.issue.severity() == Severity::Error),
            "{what}: no error reported: {broken}"
        );
    }

    /// Every valid rule still applies beside invalid ones: the same errors, in
    /// the same order, as the valid rules alone.
    #[test]
    fn valid_rules_apply_beside_invalid_ones(
        cart in cart(0..=20),
        valid in valid_rules(1..5),
        broken in prop::collection::vec((valid_rule(90), 0usize..14, 0usize..16, 0usize..6), 1..4),
    ) {
        let mut mixed = valid.clone();
        for (n, (mut rule, how, pick, at)) in broken.into_iter().enumerate() {
            // Distinct ids: a repeated id would (by contract) invalidate the later rule.
            if let Some(id) = rule.get_mut("id") {
                *id = json!(format!("broken-{n}"));
            }
            break_rule(&mut rule, how, pick);
            let at = at.min(mixed.len());
            mixed.insert(at, rule);
        }
        let alone = config_of(valid);
        let together = config_of(mixed);
        prop_assert_eq!(rule_ids(&compile_json(&alone, None)), rule_ids(&compile_json(&together, None)));
        for family in [Family::Limits, Family::Address] {
            let a = run(family, &to_bytes(&with_config(&cart, Some(&alone))));
            let b = check_run(family, &to_bytes(&with_config(&cart, Some(&together))), None)?;
            prop_assert_eq!(errors_of(&a), errors_of(&b), "{}", family);
        }
    }

    /// Configs and inputs of arbitrary bytes, and the engine's pieces on them.
    #[test]
    fn arbitrary_bytes(bytes in prop_oneof![
        prop::collection::vec(any::<u8>(), 0..2048),
        prop::collection::vec(select(b"{}[]\":,0123456789.eE-+ntrufals\\u \n".to_vec()), 0..512),
    ]) {
        check_run(Family::Limits, &bytes, None)?;
        check_run(Family::Address, &bytes, None)?;
        let _ = input::read::<AllFamilies>(&bytes);
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(json) = Json::parse(&text) {
            let a = config::compile(Some(&json), None);
            let b = config::compile(Some(&json), None);
            prop_assert_eq!(format!("{:?}", a.problems), format!("{:?}", b.problems));
        }
    }

    /// Valid inputs with a few bytes flipped, inserted or removed.
    #[test]
    fn mutated_inputs(
        cart in cart(0..=6),
        rules in valid_rules(0..4),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..6),
    ) {
        let mut bytes = to_bytes(&with_config(&cart, Some(&config_of(rules))));
        for (at, op, byte) in edits {
            let at = at.index(bytes.len() + 1);
            match op {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => {}
            }
        }
        let limits = check_run(Family::Limits, &bytes, None)?;
        let address = check_run(Family::Address, &bytes, None)?;
        // A flipped byte may turn a buyer string into config text; titles and
        // buyer data stay out of the log only while the input is intact, so
        // check sizes only here (done in check_run).
        drop((limits, address));
    }

    /// Garbage configs through the config checker alone, for every scope.
    #[test]
    fn compile_never_panics(config in hostile_config()) {
        for family in [None, Some(Family::Limits), Some(Family::Address)] {
            let a = compile_json(&config, family);
            let b = compile_json(&config, family);
            prop_assert_eq!(format!("{:?}", a.problems), format!("{:?}", b.problems));
            prop_assert_eq!(rule_ids(&a), rule_ids(&b));
            prop_assert!(a.rules.len() <= MAX_RULES);
        }
    }
}

proptest! {
    #![proptest_config(cases(10))]

    /// Carts of 1,500-2,000 lines (Shopify scales its limits past 200 lines).
    #[test]
    fn big_carts(cart in cart(1500..=2000), rules in valid_rules(1..10)) {
        let input = with_config(&cart, Some(&config_of(rules)));
        check_both(&input)?;
    }

    /// More than 100 rules: the first 100 apply, the rest are skipped and logged.
    #[test]
    fn more_rules_than_the_limit(cart in cart(0..=5), rules in valid_rules(95..130)) {
        let input = with_config(&cart, Some(&config_of(rules.clone())));
        let [limits, address] = check_both(&input)?;
        if rules.len() > MAX_RULES {
            let compiled = compile_json(&config_of(rules), None);
            prop_assert!(compiled.problems.iter().any(|p| p.to_string().contains("rules past the first 100")));
            // The log is full of lines or says how many more there were.
            for outcome in [limits, address] {
                prop_assert!(outcome.log.len() <= MAX_LOG_BYTES);
            }
        }
    }
}

proptest! {
    #![proptest_config(cases(32))]

    /// Many problems: the log keeps whole lines of at most 300 bytes, stays
    /// within 1,000 bytes and says how many lines it left out.
    #[test]
    fn many_problems_keep_the_log_within_limit(
        cart in cart(0..=4),
        broken in prop::collection::vec((valid_rule(0), 0usize..14, 0usize..16), 20..120),
    ) {
        let rules: Vec<Value> = broken
            .into_iter()
            .enumerate()
            .map(|(n, (mut rule, how, pick))| {
                rule["id"] = json!(format!("b{n}"));
                break_rule(&mut rule, how, pick);
                rule
            })
            .collect();
        let input = with_config(&cart, Some(&config_of(rules)));
        for outcome in check_both(&input)? {
            prop_assert!(outcome.log.contains("more log lines\n"), "{}", outcome.log);
            // The summary survives a full log, as the last line.
            let last = outcome.log.lines().last().unwrap_or_default();
            prop_assert!(last.starts_with("checkout-guard "), "{}", outcome.log);
            for line in outcome.log.lines() {
                prop_assert!(line.len() <= 300, "a log line of {} bytes: {line}", line.len());
            }
        }
    }
}

/// A hundred rules broken on every field of three groups, with messages that grow
/// sixfold when escaped: the output is cut to whole errors within 20,000
/// bytes, and the log says so.
#[test]
fn output_stays_within_limit_when_every_rule_breaks() {
    let message = format!("{}{{field}}", "\u{1}".repeat(200));
    // A preset: regular expressions share a per-run budget that would stop early.
    let rules: Vec<Value> = (0..MAX_RULES)
        .map(|i| {
            json!({"id": format!("r{i}"), "kind": "field_pattern", "preset": "po_box", "fields": all_pattern_fields(),
                   "message": message})
        })
        .collect();
    let value = "Ж PO Box 123 ж";
    let input = pattern_input(".", value, 3, "block", &all_pattern_fields());
    let mut input: Value = serde_json::from_slice(&input).unwrap();
    input["validation"]["metafield"]["jsonValue"] = config_of(rules);
    let outcome = check_run(Family::Address, &to_bytes(&input), Some(3)).unwrap();
    check_no_leak(&outcome).unwrap();
    let errors = errors_of(&outcome);
    assert!(!errors.is_empty() && errors.len() < 100 * 39, "{} errors", errors.len());
    assert!(outcome.output.len() > MAX_OUTPUT_BYTES - 1_300, "{} bytes: cut too early", outcome.output.len());
    assert!(outcome.log.contains("errors dropped to stay within 20000 bytes"), "{}", outcome.log);

    // Limits: a rule per line of a 200-line cart, each naming a long product title.
    let lines: Vec<Value> = (0..200)
        .map(|i| {
            json!({"q": 5, "m": {"__typename": "ProductVariant", "id": format!("gid://shopify/ProductVariant/{i}"),
                   "p": {"id": format!("gid://shopify/Product/{i}"), "t": format!("Þ{}", "\"".repeat(250))}}})
        })
        .collect();
    let rules: Vec<Value> = (0..MAX_RULES)
        .map(|i| json!({"id": format!("q{i}"), "kind": "line_quantity", "max": 1, "message": "{product}: {max}"}))
        .collect();
    let input = json!({"cart": {"lines": lines}, "validation": {"metafield": {"jsonValue": config_of(rules)}}});
    let outcome = check_run(Family::Limits, &to_bytes(&input), Some(0)).unwrap();
    assert!(find_mark(&outcome.log, TITLE_MARKS).is_none(), "a title in the log: {}", outcome.log);
    assert!(!errors_of(&outcome).is_empty());
    assert!(outcome.log.contains("errors dropped"), "{}", outcome.log);
}

// ---------------------------------------------------------------------------
// Forward compatibility: enum values Shopify adds later
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum EnumKind {
    Country,
    Method,
    WeightUnit,
    Step,
    Language,
    Currency,
}

/// An enum value this version does not know, never a variant of one it does.
fn unknown_value(kind: EnumKind) -> BoxedStrategy<String> {
    let base = prop_oneof![
        4 => "[A-Z][A-Z0-9_]{1,24}",
        1 => select(&["XK", "ZZ", "EU", "AN", "SPACE_STATION", "TELEPORT", "STONES", "MILLIGRAMS", "TLH", "X_Y_Z"][..])
            .prop_map(String::from),
        1 => "[a-z]{1,6}",
        1 => Just("A".repeat(3000)),
    ];
    base.prop_filter("a known value", move |v| {
        let v = v.trim();
        if v.is_empty() {
            return false;
        }
        match kind {
            EnumKind::Country => !COUNTRIES.iter().any(|c| c.eq_ignore_ascii_case(v)),
            EnumKind::Method => !METHODS.contains(&v),
            EnumKind::WeightUnit => !WEIGHT_UNITS.contains(&v),
            EnumKind::Step => !STEPS.contains(&v),
            EnumKind::Language => {
                let primary = v.split(['_', '-']).next().unwrap_or(v).to_ascii_lowercase();
                !["en", "fr", "de", "pt", "zh", "es", "default"].contains(&primary.as_str())
            }
            EnumKind::Currency => !CURRENCIES.contains(&v) && v.len() >= 4,
        }
    })
    .prop_map(move |v| match kind {
        // Currencies show in messages: prefix them so they can be told apart.
        EnumKind::Currency => format!("QZ{v}"),
        _ => v,
    })
    .boxed()
}

/// Puts `value` at the chosen places of one enum in the input.
fn place(input: &mut Value, kind: EnumKind, value: &str, places: &[bool]) {
    let at = |i: usize| places.get(i % places.len().max(1)).copied().unwrap_or(true);
    match kind {
        EnumKind::Country => {
            if let Some(groups) = input.pointer_mut("/cart/deliveryGroups").and_then(Value::as_array_mut) {
                for (i, g) in groups.iter_mut().enumerate() {
                    if at(i) {
                        g["deliveryAddress"] = json!({
                            "countryCode": value, "address1": "Ж PO Box 123 ж", "zip": "10001", "provinceCode": "CA"
                        });
                    }
                }
            }
            if let Some(b) = input.pointer_mut("/cart/billingAddress").filter(|b| b.is_object()) {
                b["countryCode"] = json!(value);
            }
        }
        EnumKind::Method => {
            if let Some(groups) = input.pointer_mut("/cart/deliveryGroups").and_then(Value::as_array_mut) {
                for (i, g) in groups.iter_mut().enumerate() {
                    if at(i) {
                        g["selectedDeliveryOption"] = json!({ "deliveryMethodType": value });
                    }
                }
            }
        }
        EnumKind::WeightUnit => {
            if let Some(lines) = input.pointer_mut("/cart/lines").and_then(Value::as_array_mut) {
                for (i, l) in lines.iter_mut().enumerate() {
                    if at(i) && l.pointer("/m/__typename") == Some(&json!("ProductVariant")) {
                        l["m"]["u"] = json!(value);
                    }
                }
            }
        }
        EnumKind::Step => input["buyerJourney"] = json!({ "step": value }),
        EnumKind::Language => input["localization"] = json!({ "language": { "isoCode": value } }),
        EnumKind::Currency => {
            input["cart"]["cost"] = json!({ "subtotalAmount": { "amount": "100.0", "currencyCode": value } })
        }
    }
}

fn enum_kind() -> BoxedStrategy<EnumKind> {
    select(vec![
        EnumKind::Country,
        EnumKind::Method,
        EnumKind::WeightUnit,
        EnumKind::Step,
        EnumKind::Language,
        EnumKind::Currency,
    ])
    .boxed()
}

/// Nothing alarming in a log: no "input: ..." failure, except the note about an
/// unknown step (which is judged as CHECKOUT_COMPLETION).
fn check_calm_log(log: &str) -> Result<(), TestCaseError> {
    for line in log.lines() {
        let unknown_step = line == "input: unknown buyerJourney.step, judged as CHECKOUT_COMPLETION";
        if (line.starts_with("input:") && !unknown_step) || line.contains("no rule applies") {
            return Err(fail(format!("alarming log line {line:?}:\n{log}")));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(cases(160))]

    /// Unknown values of CountryCode, DeliveryMethod, WeightUnit,
    /// BuyerJourneyStep, LanguageCode and CurrencyCode never fail the run, and
    /// any two unknown values are judged alike.
    #[test]
    fn unknown_enum_values(
        cart in cart(0..=8),
        rules in valid_rules(1..8),
        (kind, u1, u2) in enum_kind().prop_flat_map(|k| (Just(k), unknown_value(k), unknown_value(k))),
        places in prop::collection::vec(any::<bool>(), 1..4),
    ) {
        let base = with_config(&cart, Some(&config_of(rules)));
        let mut one = base.clone();
        let mut two = base.clone();
        place(&mut one, kind, &u1, &places);
        place(&mut two, kind, &u2, &places);
        // A valid config stays valid, whatever the input says.
        let [l1, a1] = check_both(&one)?;
        let [l2, a2] = check_both(&two)?;
        for outcome in [&l1, &a1, &l2, &a2] {
            check_calm_log(&outcome.log)?;
        }
        for (x, y) in [(&l1, &l2), (&a1, &a2)] {
            match kind {
                EnumKind::Currency => {
                    // The code shows in amounts ("50.00 QZABCD"): compare without it.
                    prop_assert_eq!(x.output.replace(&u1, "<C>"), y.output.replace(&u2, "<C>"));
                }
                EnumKind::Step => {
                    prop_assert_eq!(&x.output, &y.output);
                    prop_assert_eq!(&x.log, &y.log);
                }
                _ => {
                    prop_assert_eq!(&x.output, &y.output, "{:?}: {:?} vs {:?}", kind, u1, u2);
                    prop_assert_eq!(&x.log, &y.log);
                }
            }
        }
        if let EnumKind::Step = kind {
            // An unknown step is judged as CHECKOUT_COMPLETION, and so is null.
            let mut completion = base.clone();
            place(&mut completion, kind, "CHECKOUT_COMPLETION", &places);
            let mut null = base;
            null["buyerJourney"] = json!({ "step": null });
            let [lc, ac] = check_both(&completion)?;
            let [ln, an] = check_both(&null)?;
            prop_assert_eq!(&l1.output, &lc.output);
            prop_assert_eq!(&a1.output, &ac.output);
            prop_assert_eq!(&ln.output, &lc.output);
            prop_assert_eq!(&an.output, &ac.output);
            prop_assert_eq!(&ln.log, &lc.log);
            for outcome in [&l1, &a1] {
                prop_assert!(
                    outcome.log.contains("input: unknown buyerJourney.step") || outcome.log.contains("more log lines"),
                    "{}", outcome.log
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Merchant patterns are untrusted
// ---------------------------------------------------------------------------

/// Every field a `field_pattern` rule can name.
fn all_pattern_fields() -> Vec<String> {
    let mut fields: Vec<String> = ADDRESS_FIELDS.iter().map(|f| format!("deliveryAddress.{f}")).collect();
    fields.extend(BILLING_FIELDS.iter().map(|f| format!("billingAddress.{f}")));
    fields.extend(["buyerIdentity.email".to_string(), "buyerIdentity.phone".to_string()]);
    fields
}

/// One field_pattern rule on `fields`, as an input with `groups` delivery
/// groups whose every field (and every billing and buyer field) is `value`.
fn pattern_input(pattern: &str, value: &str, groups: usize, mode: &str, fields: &[String]) -> Vec<u8> {
    let address: Map<String, Value> = ADDRESS_FIELDS.iter().map(|f| (f.to_string(), json!(value))).collect();
    let billing: Map<String, Value> = BILLING_FIELDS.iter().map(|f| (f.to_string(), json!(value))).collect();
    let group = json!({ "deliveryAddress": address, "selectedDeliveryOption": { "deliveryMethodType": "SHIPPING" } });
    let rule = json!({
        "id": "hostile", "kind": "field_pattern", "pattern": pattern, "mode": mode,
        "fields": fields, "message": "Not accepted ({field})."
    });
    let input = json!({
        "buyerJourney": { "step": "CHECKOUT_COMPLETION" },
        "cart": {
            "buyerIdentity": { "email": value, "phone": value },
            "deliveryGroups": vec![group; groups],
            "billingAddress": billing,
        },
        "validation": { "metafield": { "jsonValue": { "version": 1, "rules": [rule] } } }
    });
    to_bytes(&input)
}

/// The largest `n` for which `template(n)` is a pattern the checker accepts.
fn largest_accepted(template: &dyn Fn(usize) -> String) -> usize {
    let (mut low, mut high) = (0usize, 5_000usize);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if compiles(&template(mid)) {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    low
}

/// Pathological patterns within the limits (each compiles): classic
/// backtracking traps, a 256-character alternation, the deepest nesting
/// accepted, and counted repetitions grown to just under the size limit
/// (the costliest patterns for regex-lite's PikeVM, whose cost per byte grows
/// with the compiled program).
fn pathological_patterns() -> Vec<(String, String)> {
    let mut alternatives: Vec<String> = Vec::new();
    for n in 0.. {
        let next = format!("{}{}", char::from(b'a' + (n % 26) as u8), char::from(b'a' + (n / 26 % 26) as u8));
        // "(?:" + alternatives joined by '|' + ")+z"
        if 6 + alternatives.iter().map(|a| a.len() + 1).sum::<usize>() + next.len() > MAX_PATTERN_CHARS {
            break;
        }
        alternatives.push(next);
    }
    let alternation = format!("(?:{})+z", alternatives.join("|"));
    let deep = deepest_accepted_nesting();
    let mut patterns: Vec<(String, String)> = vec![
        ("(a*)*b".into(), "(a*)*b".into()),
        ("(a|aa)*c".into(), "(a|aa)*c".into()),
        ("(a+)+$".into(), "(a+)+$".into()),
        ("(x+x+)+y".into(), "(x+x+)+y".into()),
        ("(.*a){12}".into(), "(.*a){12}".into()),
        ("alternation of 256 chars".into(), alternation),
        (format!("nesting {deep} deep"), format!("{}a{}", "(?:".repeat(deep), ")".repeat(deep))),
        ("nested stars".into(), format!("{}a{}", "(".repeat(deep / 2), ")*".repeat(deep / 2))),
        ("classes".into(), "[\\w\\s\\d]{1,50}[^a]*[^b]*[^c]*d".into()),
        (".* x 40".into(), format!("{}z", ".*".repeat(40))),
    ];
    // Within 256 characters but too large a program: refused.
    for oversized in [".{0,100}.{0,100}z".to_string(), "(.{0,50}){1,10}z".into(), format!("{}z", ".*".repeat(127))] {
        let problems = pattern_problem(&oversized);
        assert!(problems.iter().any(|p| p.contains("compiles too large")), "{oversized}: {problems:?}");
    }
    type Template = fn(usize) -> String;
    let templates: [(&str, Template); 8] = [
        (".{0,N}z", |n| format!(".{{0,{n}}}z")),
        ("(?s:.){0,N}z", |n| format!("(?s:.){{0,{n}}}z")),
        ("(?:.*){N}z", |n| format!("(?:.*){{{n}}}z")),
        ("(?:.{0,N}){N}z", |n| format!("(?:.{{0,{n}}}){{{n}}}z")),
        ("(?:[^z]*[^y]*){N}q", |n| format!("(?:[^z]*[^y]*){{{n}}}q")),
        ("(?:x?){N}x{N}", |n| format!("(?:x?){{{n}}}x{{{n}}}")),
        ("(?:a|aa){0,N}c", |n| format!("(?:a|aa){{0,{n}}}c")),
        ("[a-zß-ÿ]{0,N}$", |n| format!("[a-zß-ÿ]{{0,{n}}}$")),
    ];
    for (name, template) in templates {
        let n = largest_accepted(&template);
        assert!(n > 0, "{name}: no size accepted");
        patterns.push((format!("{name}, N={n}"), template(n)));
    }
    patterns
}

fn compiles(pattern: &str) -> bool {
    let config = config_of(vec![json!({
        "id": "p", "kind": "field_pattern", "pattern": pattern, "fields": ["deliveryAddress.address1"], "message": "x"
    })]);
    compile_json(&config, None).rules.len() == 1
}

/// The deepest `(?:(?:…a…))` the checker accepts.
fn deepest_accepted_nesting() -> usize {
    (1..=200).take_while(|d| compiles(&format!("{}a{}", "(?:".repeat(*d), ")".repeat(*d)))).last().unwrap_or(0)
}

/// Values of 1 to 10,000 bytes, some with a multi-byte character across the
/// MAX_MATCHED_BYTES cut.
fn hostile_values() -> Vec<(String, String)> {
    let mut values = Vec::new();
    let cut = MAX_MATCHED_BYTES;
    for len in [1usize, 100, cut - 1, cut, cut + 1, 1_024, 10_000] {
        values.push((format!("'a' x {len}"), "a".repeat(len)));
        values.push((format!("'é' to {len} bytes"), cap_bytes("é".repeat(len), len)));
    }
    values.push(("'ax' to 5,000 bytes".into(), "ax".repeat(2_500)));
    values.push((format!("{} 'a' then 'é'", cut - 1), format!("{}é{}", "a".repeat(cut - 1), "a".repeat(100))));
    values.push(("mixed 10,000 bytes".into(), cap_bytes("aAxX ß-ÿ 0_9\t".repeat(800), 10_000)));
    values
}

#[test]
fn pathological_patterns_finish_on_long_values() {
    // Two fields keep this quick natively; runner/tests/hostile_modules.rs runs
    // every field through the real module and bounds the instruction count.
    let fields = ["deliveryAddress.address1".to_string(), "buyerIdentity.email".to_string()];
    let started = Instant::now();
    let mut slowest = (Duration::ZERO, String::new());
    for (name, pattern) in pathological_patterns() {
        assert!(pattern.chars().count() <= MAX_PATTERN_CHARS, "{name}: {} chars", pattern.chars().count());
        assert!(compiles(&pattern), "{name}: {pattern:?} should be a valid pattern");
        for (value_name, value) in hostile_values() {
            let mode = if value.len() % 2 == 0 { "block" } else { "require" };
            let input = pattern_input(&pattern, &value, 1, mode, &fields);
            let t = Instant::now();
            let outcome = run_address(&input);
            let took = t.elapsed();
            if took > slowest.0 {
                slowest = (took, format!("{name} on {value_name}"));
            }
            let errors = check_output_shape(&outcome.output, Some(1)).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(outcome.log.len() <= MAX_LOG_BYTES);
            // Judged, or cut short by the pattern budget ("rules[0] (rule ..."),
            // but never refused by the config check ("rules[0].pattern ...").
            assert!(!outcome.log.contains("rules[0]."), "{name} on {value_name}: {}", outcome.log);
            assert!(errors.len() <= 2, "{name}: {} errors", errors.len());
        }
    }
    eprintln!("slowest native run: {:?} ({})", slowest.0, slowest.1);
    // A debug build on shared CI cores: generous. The real bound is the
    // instruction count asserted in runner/tests/hostile_modules.rs.
    assert!(started.elapsed() < Duration::from_secs(300), "took {:?}", started.elapsed());
}

/// Patterns only see the first MAX_MATCHED_BYTES bytes of a value, and a run
/// matches only as many bytes as its pattern budget pays for.
#[test]
fn patterns_see_a_bounded_number_of_bytes() {
    let fields = all_pattern_fields();
    let tail_only = format!("{}zz", "a".repeat(MAX_MATCHED_BYTES));
    let outcome = run_address(&pattern_input("zz", &tail_only, 1, "block", &fields[..1]));
    assert_eq!(outcome.output, r#"{"operations":[]}"#, "a match past the cut counts");
    let cut_in_char = format!("{}é{}", "a".repeat(MAX_MATCHED_BYTES - 1), "zz");
    let outcome = run_address(&pattern_input("é", &cut_in_char, 1, "block", &fields[..1]));
    assert_eq!(outcome.output, r#"{"operations":[]}"#, "a character across the cut counts");
    // 10 delivery fields, 7 billing fields, email and phone, each matching at
    // its start: the budget pays for some of them, the rest are skipped and logged.
    let zz = Pattern::compile("zz", false, PATTERN_NEST_LIMIT, u64::MAX).unwrap();
    let compile_cost = zz.compile_cost();
    let per_value = Matcher::Pattern(zz).charge(MAX_MATCHED_BYTES);
    for len in [255usize, 1_000] {
        let input = pattern_input("zz", &format!("zz{}", "a".repeat(len)), 1, "block", &fields);
        let budget = PatternBudget::for_run(input.len(), compile_cost).remaining();
        let judged = (budget / per_value) as usize;
        let outcome = run_address(&input);
        let errors = errors_of(&outcome);
        assert_eq!(errors.len(), judged.min(19), "{len}: {errors:?}");
        assert!(judged < 19, "the budget should run out in this test");
        assert!(
            outcome.log.contains("rules[0] (rule \"hostile\"): this run's pattern budget is spent"),
            "{}",
            outcome.log
        );
    }
    // Ordinary values are all judged.
    let outcome = run_address(&pattern_input("zz", "zz Main Street 1", 1, "block", &fields));
    assert_eq!(errors_of(&outcome).len(), 19, "{}", outcome.log);
}

fn pattern_problem(pattern: &str) -> Vec<String> {
    let config = config_of(vec![json!({
        "id": "p", "kind": "field_pattern", "pattern": pattern, "fields": ["deliveryAddress.address1"], "message": "x"
    })]);
    let compiled = compile_json(&config, None);
    assert!(compiled.rules.is_empty(), "{pattern:?} was accepted");
    compiled.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn oversized_and_overnested_patterns_are_rejected_precisely() {
    let too_long = "a".repeat(MAX_PATTERN_CHARS + 1);
    assert_eq!(
        pattern_problem(&too_long),
        [format!(
            "rules[0].pattern (rule \"p\"): pattern has {} characters, at most 256 allowed",
            MAX_PATTERN_CHARS + 1
        )]
    );
    // Characters, not bytes: 256 two-byte characters are fine, 257 are not.
    assert!(compiles(&"é".repeat(MAX_PATTERN_CHARS)));
    assert_eq!(pattern_problem(&"é".repeat(MAX_PATTERN_CHARS + 1)).len(), 1);
    assert_eq!(pattern_problem(""), ["rules[0].pattern (rule \"p\"): pattern does not compile: the pattern is empty"]);

    let deep = deepest_accepted_nesting();
    assert!(deep >= 10 && deep <= PATTERN_NEST_LIMIT as usize, "nesting accepted up to {deep}");
    let over = format!("{}a{}", "(?:".repeat(deep + 1), ")".repeat(deep + 1));
    assert_eq!(
        pattern_problem(&over),
        ["rules[0].pattern (rule \"p\"): pattern does not compile: pattern has too much nesting"]
    );
    let way_over = format!("{}a{}", "(".repeat(120), ")".repeat(120));
    assert_eq!(pattern_problem(&way_over).len(), 1);

    // Short patterns that compile into too big a program.
    for pattern in ["a{70000}", "(?:.{0,1000}){1000}", "(?:\\w{100}){100}", "[a-z]{0,500}[a-z]{0,500}{0,500}"] {
        let problems = pattern_problem(pattern);
        assert_eq!(problems.len(), 1, "{pattern}: {problems:?}");
        assert!(problems[0].starts_with("rules[0].pattern (rule \"p\"): pattern compiles too large"), "{problems:?}");
    }
    assert_eq!(
        pattern_problem("(?:.{0,1000}){1000}"),
        ["rules[0].pattern (rule \"p\"): pattern compiles too large to match within Shopify's instruction limit \
          (counted repetitions like {100} multiply it)"]
    );
    for (pattern, reason) in [
        ("(", "found open group without closing ')'"),
        ("\\p{L}", "Unicode character classes are not supported"),
        ("(?=a)", "look-around is not supported"),
        ("\\1", "backreferences are not supported"),
    ] {
        assert_eq!(
            pattern_problem(pattern),
            [format!("rules[0].pattern (rule \"p\"): pattern does not compile: {reason}")],
            "{pattern}"
        );
    }
    // The function logs the problem and still applies the other rules.
    let config = config_of(vec![
        json!({"id": "bad", "kind": "field_pattern", "pattern": too_long, "fields": ["deliveryAddress.zip"],
               "message": "x"}),
        json!({"id": "good", "kind": "field_pattern", "pattern": "^9", "fields": ["deliveryAddress.zip"],
               "message": "No 9s."}),
    ]);
    let input = json!({
        "buyerJourney": {"step": "CHECKOUT_COMPLETION"},
        "cart": {"deliveryGroups": [{"deliveryAddress": {"zip": "94103"}}]},
        "validation": {"metafield": {"jsonValue": config}},
    });
    let outcome = run_address(&to_bytes(&input));
    assert_eq!(
        errors_of(&outcome),
        [("No 9s.".to_string(), "$.cart.deliveryGroups[0].deliveryAddress.zip".to_string())]
    );
    assert!(outcome.log.contains("rules[0].pattern (rule \"bad\"): pattern has 257 characters, at most 256 allowed"));
}

// ---------------------------------------------------------------------------
// Regressions found by fuzzing
// ---------------------------------------------------------------------------

/// Every file under `tests/hostile/input/` (raw function inputs) runs through both
/// functions, and every file under `tests/hostile/config/` (raw configs) through
/// the config checker, with the properties above. `cargo fuzz` crashes go there.
#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut count = 0;
    for (dir, is_input) in [("input", true), ("config", false)] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
        let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            count += 1;
            if is_input {
                for family in [Family::Limits, Family::Address] {
                    if let Err(e) = check_run(family, &bytes, None) {
                        panic!("{}: {e}", path.display());
                    }
                }
            } else if let Ok(text) = std::str::from_utf8(&bytes) {
                if let Ok(json) = Json::parse(text) {
                    for family in [None, Some(Family::Limits), Some(Family::Address)] {
                        let compiled = config::compile(Some(&json), family);
                        assert!(compiled.rules.len() <= MAX_RULES, "{}", path.display());
                    }
                }
            }
        }
    }
    assert!(count >= 2, "only {count} regression files under {}", root.display());
}

/// The properties above are not vacuous: generated carts with valid configs
/// do break rules in both functions, and hostile configs do get rules skipped.
#[test]
fn generators_reach_the_interesting_paths() {
    let mut runner = TestRunner::new(cases(1));
    let strategy = (cart(0..=20), valid_rules(1..8), hostile_config());
    let samples = 120;
    let (mut limits_errors, mut address_errors, mut skipped, mut dropped_lines) = (0, 0, 0, 0);
    for _ in 0..samples {
        let (cart, rules, hostile) = strategy.new_tree(&mut runner).unwrap().current();
        let input = to_bytes(&with_config(&cart, Some(&config_of(rules))));
        limits_errors += usize::from(!errors_of(&run_limits(&input)).is_empty());
        address_errors += usize::from(!errors_of(&run_address(&input)).is_empty());
        let hostile_input = to_bytes(&with_config(&cart, Some(&hostile)));
        let log = run_limits(&hostile_input).log;
        skipped += usize::from(log.lines().any(|l| l.starts_with("rules[") || l.starts_with("version")));
        dropped_lines += usize::from(log.contains("more log lines"));
    }
    eprintln!(
        "of {samples}: limits errors {limits_errors}, address errors {address_errors}, \
         hostile configs with problems {skipped}, full logs {dropped_lines}"
    );
    assert!(limits_errors >= samples / 10, "limits errors in only {limits_errors} of {samples}");
    assert!(address_errors >= samples / 10, "address errors in only {address_errors} of {samples}");
    assert!(skipped >= samples / 4, "config problems in only {skipped} of {samples}");
}

/// Compiling patterns is bounded too: identical patterns compile once, and a
/// pattern past the config's compile budget makes its rule invalid (the rules
/// before it stay valid).
#[test]
fn pattern_compiling_is_bounded_per_config() {
    let rule = |n: usize, pattern: String| {
        json!({ "id": format!("r{n}"), "kind": "field_pattern", "pattern": pattern,
                "fields": ["deliveryAddress.address1"], "message": "x" })
    };
    let same: Vec<Value> = (0..MAX_RULES).map(|n| rule(n, "(?:.*){60}z".into())).collect();
    let compiled = compile_json(&config_of(same), None);
    assert_eq!(compiled.rules.len(), MAX_RULES, "{:?}", compiled.problems);

    // Distinct large patterns: (?:.*){60}z, (?:.*){61}z, ...
    let distinct: Vec<Value> = (0..20).map(|n| rule(n, format!("(?:.*){{{}}}z", 60 + n))).collect();
    let compiled = compile_json(&config_of(distinct), None);
    let refused: Vec<String> = compiled.problems.iter().map(|p| p.to_string()).collect();
    assert!(!compiled.rules.is_empty() && !refused.is_empty(), "{refused:?}");
    assert_eq!(compiled.rules.len() + refused.len(), 20, "{refused:?}");
    let first_refused = compiled.rules.len();
    assert!(compiled.rules.iter().enumerate().all(|(i, r)| r.index == i), "the first rules stay valid");
    assert!(
        refused[0]
            .starts_with(&format!("rules[{first_refused}].pattern (rule \"r{first_refused}\"): the config's patterns")),
        "{refused:?}"
    );
    assert!(compiled.pattern_compile_spent <= config::PATTERN_COMPILE_BUDGET);
}

/// A weight too large to read says so (not "unknown weight unit"), and the
/// rule is skipped rather than the run failed.
#[test]
fn an_unreadable_weight_is_named_as_such() {
    let input = br#"{"cart":{"lines":[{"q":1,"m":{"__typename":"ProductVariant","id":"gid://shopify/ProductVariant/1",
        "r":true,"w":1e30,"u":"KILOGRAMS","p":{"id":"gid://shopify/Product/1","t":"Anvil"}}}]},
        "validation":{"metafield":{"jsonValue":{"version":1,"rules":[
        {"id":"w","kind":"cart_weight","max":10,"unit":"kg","message":"Too heavy"}]}}}}"#;
    let outcome = checkout_guard::run_limits(input);
    assert_eq!(outcome.output, r#"{"operations":[]}"#);
    assert!(
        outcome.log.contains("cart.lines[0] has a weight that cannot be read or added up; rule skipped"),
        "{}",
        outcome.log
    );
    let unknown = String::from_utf8_lossy(input).replace("KILOGRAMS", "STONES");
    let outcome = checkout_guard::run_limits(unknown.as_bytes());
    assert!(outcome.log.contains("cart.lines[0] has an unknown weight unit"), "{}", outcome.log);
}

/// A subtotal bound that overflows once converted at the rate is named as
/// such (not as an unreadable rate), and the rule is skipped.
#[test]
fn a_bound_too_large_to_convert_is_named_as_such() {
    let input = br#"{"presentmentCurrencyRate":"1000000.0","cart":{"cost":{"subtotalAmount":{"amount":"10.0","currencyCode":"USD"}},"lines":[]},
        "validation":{"metafield":{"jsonValue":{"version":1,"rules":[
        {"id":"s","kind":"cart_subtotal","max":"9999999999999999999","message":"Too much"}]}}}}"#;
    let outcome = checkout_guard::run_limits(input);
    assert_eq!(outcome.output, r#"{"operations":[]}"#);
    assert!(
        outcome
            .log
            .contains("rules[0] (rule \"s\"): a bound converted at presentmentCurrencyRate is too large to compare"),
        "{}",
        outcome.log
    );
}
