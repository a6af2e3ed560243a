//! The `postal_format` preset (contract v1.2): a postal code must have the
//! format of its address's country.
//!
//! The formats are Google's published per-country postal-code patterns (the
//! address metadata behind libaddressinput), pinned to one version and
//! compiled ahead of time into a small byte code (`postal_table.rs`, generated
//! by `tests/postal_table.rs` from `scripts/postal-formats/zip-patterns.tsv`).
//! Nothing is compiled at run time: a value costs one binary search over the
//! country codes and one backtracking run of that country's program, whose
//! steps depend on the program only (it never reads past the longest code the
//! pattern allows), not on the value's length.

// Generated: rustfmt leaves it as the generator writes it.
#[rustfmt::skip]
#[path = "postal_table.rs"]
mod table;

/// The byte code. Bytes below 0x80 are literals (the value's byte, upper-cased,
/// must equal it); the end of a program succeeds at the end of the value.
pub mod op {
    /// An ASCII digit `0`-`9`.
    pub const DIGIT: u8 = 0x80;
    /// `CLASS n (low high)×n`: a byte within one of n inclusive ranges.
    pub const CLASS: u8 = 0x81;
    /// `SPLIT hi lo`: try the next instruction; failing that, continue at the
    /// (big-endian, program-relative) target.
    pub const SPLIT: u8 = 0x82;
    /// `JUMP hi lo`: continue at the target.
    pub const JUMP: u8 = 0x83;
    /// `^`, `$`, `\b` (ASCII word boundary).
    pub const START: u8 = 0x84;
    pub const END: u8 = 0x85;
    pub const BOUNDARY: u8 = 0x86;
}

/// How many countries have a format.
pub const COUNTRIES: usize = table::COUNTRIES.len() / 2;

/// The most steps any value takes in any country's program (proved over
/// Google's examples, their mutations and long values in
/// `tests/postal_table.rs`); the engine's per-value charge rests on it.
pub const MAX_STEPS: u32 = 1_000;

/// Bytes of the table in the module: country codes, program starts, programs.
pub const TABLE_BYTES: usize = table::COUNTRIES.len() + 2 * table::STARTS.len() + table::PROGRAMS.len();
// The table stays small (a regenerated table that grows past this fails the build).
const _: () = assert!(TABLE_BYTES < 8_000);

fn program(country: &str) -> Option<&'static [u8]> {
    let code = country.as_bytes();
    if code.len() != 2 {
        return None;
    }
    let (mut low, mut high) = (0, COUNTRIES);
    while low < high {
        let mid = (low + high) / 2;
        let at = table::COUNTRIES.get(2 * mid..2 * mid + 2)?;
        match at.cmp(code) {
            std::cmp::Ordering::Less => low = mid + 1,
            std::cmp::Ordering::Greater => high = mid,
            std::cmp::Ordering::Equal => {
                let start = *table::STARTS.get(mid)? as usize;
                let end = *table::STARTS.get(mid + 1)? as usize;
                return table::PROGRAMS.get(start..end);
            }
        }
    }
    None
}

/// The countries with a format, in table order (for tests and tools).
pub fn countries() -> impl Iterator<Item = &'static str> {
    table::COUNTRIES.chunks_exact(2).map(|code| std::str::from_utf8(code).unwrap_or(""))
}

/// Whether the country (an ISO code as Shopify sends it, upper case) has a
/// postal-code format.
pub fn has_format(country: &str) -> bool {
    program(country).is_some()
}

/// Only spaces and tabs at either end are trimmed (the contract's words).
fn trim(value: &str) -> &[u8] {
    value.trim_matches([' ', '\t']).as_bytes()
}

/// Whether `value`, trimmed and upper-cased, has the country's format as a
/// whole; `None` when the country has no format (or is not known).
pub fn matches(country: &str, value: &str) -> Option<bool> {
    let program = program(country)?;
    let mut steps = 0;
    Some(run(program, 0, trim(value), 0, &mut steps))
}

/// The steps a match takes (for the cost tests).
#[doc(hidden)]
pub fn steps(country: &str, value: &str) -> u32 {
    let mut steps = 0;
    if let Some(program) = program(country) {
        run(program, 0, trim(value), 0, &mut steps);
    }
    steps
}

fn target(program: &[u8], pc: usize) -> Option<usize> {
    let bytes = program.get(pc + 1..pc + 3)?;
    Some(u16::from_be_bytes([bytes[0], bytes[1]]) as usize)
}

fn is_word(byte: Option<&u8>) -> bool {
    byte.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Backtracking: a SPLIT tries its first branch recursively and its second in
/// the loop, so the depth is the number of SPLITs taken on one path (a few).
/// Programs are ours (generated, tested), so a malformed one only fails to
/// match: every read is checked.
fn run(program: &[u8], mut pc: usize, value: &[u8], mut at: usize, steps: &mut u32) -> bool {
    loop {
        *steps += 1;
        let Some(&code) = program.get(pc) else {
            return at == value.len();
        };
        match code {
            op::DIGIT => {
                if !value.get(at).is_some_and(u8::is_ascii_digit) {
                    return false;
                }
                at += 1;
                pc += 1;
            }
            op::CLASS => {
                let n = program.get(pc + 1).map_or(0, |&n| n as usize);
                let ranges = program.get(pc + 2..pc + 2 + 2 * n).unwrap_or(&[]);
                let Some(byte) = value.get(at).map(u8::to_ascii_uppercase) else {
                    return false;
                };
                if !ranges.chunks_exact(2).any(|r| r[0] <= byte && byte <= r[1]) {
                    return false;
                }
                at += 1;
                pc += 2 + 2 * n;
            }
            op::SPLIT => {
                let Some(next) = target(program, pc) else {
                    return false;
                };
                // A branch that opens with a literal or digit the value does not
                // have there fails at once: no call (GB's 120 area codes).
                let byte = value.get(at).map(u8::to_ascii_uppercase);
                let fails_at_once = match program.get(pc + 3) {
                    Some(&literal) if literal < 0x80 => byte != Some(literal),
                    Some(&op::DIGIT) => !byte.is_some_and(|b| b.is_ascii_digit()),
                    _ => false,
                };
                if !fails_at_once && run(program, pc + 3, value, at, steps) {
                    return true;
                }
                pc = next;
            }
            op::JUMP => match target(program, pc) {
                Some(next) => pc = next,
                None => return false,
            },
            op::START | op::END | op::BOUNDARY => {
                let holds = match code {
                    op::START => at == 0,
                    op::END => at == value.len(),
                    _ => is_word(at.checked_sub(1).and_then(|i| value.get(i))) != is_word(value.get(at)),
                };
                if !holds {
                    return false;
                }
                pc += 1;
            }
            literal => {
                if value.get(at).map(u8::to_ascii_uppercase) != Some(literal) {
                    return false;
                }
                at += 1;
                pc += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_parts() {
        let yes = |c: &str, v: &str| assert_eq!(matches(c, v), Some(true), "{c} {v:?}");
        let no = |c: &str, v: &str| assert_eq!(matches(c, v), Some(false), "{c} {v:?}");
        yes("US", "95014");
        yes("US", "22162-1010");
        yes("US", "22162 1010");
        no("US", "22162-101");
        no("US", "2216");
        no("US", "95014-");
        yes("CA", "K1A 0B1");
        yes("CA", "k1a0b1");
        no("CA", "K1A  0B1");
        no("CA", "D1A 0B1");
        yes("GB", "EC1Y 8SY");
        yes("GB", "M2 5BQ");
        yes("GB", "gir 0aa");
        yes("GB", "BFPO 61");
        no("GB", "EC1Y");
        no("GB", "QQ1 1AA");
        yes("NL", "1234 AB");
        yes("NL", "1234AB");
        no("NL", "1234");
        no("NL", "1234 SA");
        no("NL", "0234 AB");
        yes("DE", " \t10115\t ");
        no("DE", "\u{a0}10115");
        no("DE", "１０１１５");
        no("DE", "10115\n");
        assert_eq!(matches("AE", "anything"), None);
        assert_eq!(matches("", "12345"), None);
        assert_eq!(matches("USA", "12345"), None);
    }
}
