//! Shopify's per-run limits and their scaling with the cart's size.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Instructions per run for carts of up to 200 lines.
pub const INSTRUCTIONS: u64 = 11_000_000;
/// Input bytes for carts of up to 200 lines.
pub const INPUT_BYTES: u64 = 128_000;
/// Output bytes for carts of up to 200 lines.
pub const OUTPUT_BYTES: u64 = 20_000;
/// Linear memory: 10,000 kB (1 kB = 1000 bytes). Does not scale.
pub const MEMORY_BYTES: u64 = 10_000_000;
/// Stack: 512 kB. Does not scale.
pub const STACK_BYTES: u64 = 512_000;
/// Module size: 256 kB.
pub const MODULE_BYTES: u64 = 256_000;
/// Log bytes Shopify shows; the rest is truncated (not a failure).
pub const LOG_SHOWN_BYTES: usize = 1_000;
/// Cart size up to which limits do not scale.
pub const SCALING_FROM_LINES: usize = 200;

/// `base × (1 + 0.005 × (lines − 200))` when `lines > 200`, else `base`.
///
/// Computed exactly as `base × (200 + extra) / 200`, rounded down.
pub fn scaled(base: u64, lines: usize) -> u64 {
    if lines <= SCALING_FROM_LINES {
        return base;
    }
    let extra = (lines - SCALING_FROM_LINES) as u128;
    let value = u128::from(base) * (SCALING_FROM_LINES as u128 + extra) / SCALING_FROM_LINES as u128;
    u64::try_from(value).unwrap_or(u64::MAX)
}

/// One of the limits a run is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    Instructions,
    InputBytes,
    OutputBytes,
    Memory,
}

impl LimitKind {
    pub const ALL: [LimitKind; 4] =
        [LimitKind::Instructions, LimitKind::InputBytes, LimitKind::OutputBytes, LimitKind::Memory];

    pub fn label(self) -> &'static str {
        match self {
            LimitKind::Instructions => "instructions",
            LimitKind::InputBytes => "input bytes",
            LimitKind::OutputBytes => "output bytes",
            LimitKind::Memory => "linear memory bytes",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Shopify's limits for a cart of `lines` lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The cart size the limits were scaled for.
    pub lines: usize,
    pub instructions: u64,
    pub input_bytes: u64,
    pub output_bytes: u64,
    pub memory_bytes: u64,
}

impl Limits {
    /// The limits for a cart of `lines` lines.
    pub fn for_lines(lines: usize) -> Limits {
        Limits {
            lines,
            instructions: scaled(INSTRUCTIONS, lines),
            input_bytes: scaled(INPUT_BYTES, lines),
            output_bytes: scaled(OUTPUT_BYTES, lines),
            memory_bytes: MEMORY_BYTES,
        }
    }

    /// The limit of one kind.
    pub fn get(&self, kind: LimitKind) -> u64 {
        match kind {
            LimitKind::Instructions => self.instructions,
            LimitKind::InputBytes => self.input_bytes,
            LimitKind::OutputBytes => self.output_bytes,
            LimitKind::Memory => self.memory_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaling_follows_shopify() {
        assert_eq!(scaled(INSTRUCTIONS, 0), 11_000_000);
        assert_eq!(scaled(INSTRUCTIONS, 200), 11_000_000);
        assert_eq!(scaled(INSTRUCTIONS, 201), 11_055_000);
        assert_eq!(scaled(INSTRUCTIONS, 500), 27_500_000);
        assert_eq!(scaled(INPUT_BYTES, 500), 320_000);
        assert_eq!(scaled(OUTPUT_BYTES, 500), 50_000);
        let l = Limits::for_lines(300);
        assert_eq!(l.instructions, 16_500_000);
        assert_eq!(l.memory_bytes, 10_000_000);
    }
}
