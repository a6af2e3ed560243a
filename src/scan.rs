//! Word-at-a-time scanning of JSON string contents.
//!
//! Shopify counts every executed wasm instruction, and a byte-at-a-time loop
//! costs about 20 of them per byte (loads, compares, the loop's own
//! `local.get`s). Most of the function's input is string contents (titles,
//! ids, messages) that only have to be walked over to find where the string
//! ends, so [`plain_run_end`] looks at eight bytes per step with plain 64-bit
//! integer arithmetic (wasm MVP has it; no SIMD), the way `memchr`'s portable
//! fallback does. The rest of the reader never sees the trick.

/// `0x01` in every byte of a word.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every byte of a word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `byte` in every byte of a word.
const fn splat(byte: u8) -> u64 {
    LOW_BITS * byte as u64
}

/// The high bit of each byte of `word` that is below `limit` (for `limit` ≤ 0x80).
///
/// `byte - limit` borrows into the byte's high bit exactly when `byte < limit`,
/// and `!word` keeps bytes of 0x80 and above out. A borrow can leak into the
/// bytes above a match, but never below it, so the *lowest* flagged byte is
/// always a real match: callers only ever look at that one.
#[inline(always)]
fn below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(splat(limit)) & !word & HIGH_BITS
}

/// The high bit of each byte of `word` equal to `byte` (lowest one exact, as in [`below`]).
#[inline(always)]
fn equal(word: u64, byte: u8) -> u64 {
    below(word ^ splat(byte), 1)
}

/// The first index at or after `at` holding a byte that ends a plain run
/// inside a JSON string: `"`, `\` or a control byte (below 0x20).
/// `bytes.len()` when there is none.
#[inline]
pub fn plain_run_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let word = u64::from_le_bytes(chunk);
        let stops = equal(word, b'"') | equal(word, b'\\') | below(word, 0x20);
        if stops != 0 {
            // Little-endian: the lowest set bit is the first byte in memory.
            return at + (stops.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious byte loop, as the oracle.
    fn slow(bytes: &[u8], at: usize) -> usize {
        (at..bytes.len()).find(|&i| matches!(bytes[i], b'"' | b'\\' | 0..0x20)).unwrap_or(bytes.len())
    }

    #[test]
    fn agrees_with_a_byte_loop_at_every_position() {
        let texts: [&[u8]; 6] = [
            b"plain ascii text that runs past several words\"",
            "caf\u{e9} \u{1F600} \u{4E2D}\u{6587} and more bytes above 0x80\\n".as_bytes(),
            b"\x1f\x20\x21\x7f\x80\xff\"\\",
            b"short",
            b"",
            // Borrow traps: a match right after bytes that borrow.
            b"\x00\x22\x00\x5c\x01\x1f\x20\x21\x22\x5b\x5c\x5d",
        ];
        for text in texts {
            for at in 0..=text.len() {
                assert_eq!(plain_run_end(text, at), slow(text, at), "{text:?} from {at}");
            }
        }
    }

    #[test]
    fn every_byte_value_in_every_lane() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let mut text = vec![b'a'; 12];
                text[lane] = byte;
                assert_eq!(plain_run_end(&text, 0), slow(&text, 0), "byte {byte:#x} in lane {lane}");
            }
        }
    }
}
