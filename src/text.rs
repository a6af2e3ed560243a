//! Small text helpers shared by the checker and the rules.
//!
//! Case folding is done without Unicode tables (they would add ~20 kB to the
//! module): ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters fold;
//! letters of other scripts compare exactly. That covers the tags, vendors and
//! product types merchants write in practice; Shopify's own `hasTags` is
//! case-insensitive whatever the script.

/// The lower-case form of a letter in the scripts above; other characters unchanged.
pub fn fold_char(c: char) -> char {
    let code = c as u32;
    let lower = match code {
        0x41..=0x5A => code + 32,                                                    // A-Z
        0xC0..=0xDE if code != 0xD7 => code + 32,                                    // À-Þ (not ×)
        0x100..=0x137 | 0x14A..=0x177 if code % 2 == 0 && code != 0x130 => code + 1, // Ā-ķ, Ŋ-ŷ (not İ)
        0x139..=0x148 | 0x179..=0x17E if code % 2 == 1 => code + 1,                  // Ĺ-ň, Ź-ž
        0x178 => 0xFF,                                                               // Ÿ
        0x391..=0x3A9 if code != 0x3A2 => code + 32,                                 // Α-Ω
        0x386 => 0x3AC,
        0x388..=0x38A => code + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => code + 63,
        0x400..=0x40F => code + 80, // Ѐ-Џ
        0x410..=0x42F => code + 32, // А-Я
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF if code % 2 == 0 => code + 1,
        0x4C1..=0x4CE if code % 2 == 1 => code + 1,
        _ => code,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// Case-insensitive equality (see the module note for which scripts fold).
pub fn eq_fold(a: &str, b: &str) -> bool {
    // Folding keeps every character's UTF-8 length, so different lengths never
    // fold equal: a long config value costs nothing against each cart line.
    if a.len() != b.len() {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars().map(fold_char).eq(b.chars().map(fold_char))
}

/// Lower-cases for comparisons made with [`eq_fold`].
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.chars().map(fold_char).collect()
    }
}

/// White space of the kinds addresses contain (ASCII and no-break spaces).
pub fn is_space(c: char) -> bool {
    c.is_ascii_whitespace() || matches!(c, '\u{a0}' | '\u{2000}'..='\u{200b}' | '\u{202f}' | '\u{3000}')
}

/// Whether a value is missing or only white space.
pub fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(|v| v.chars().all(is_space))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_without_tables() {
        assert!(eq_fold("Wholesale", "wholesale"));
        assert!(eq_fold("ÉDITION", "édition"));
        assert!(eq_fold("ŁÓDŹ", "łódź"));
        assert!(eq_fold("ΑΘΉΝΑ", "αθήνα"));
        assert!(eq_fold("МОСКВА", "москва"));
        assert!(!eq_fold("a", "b"));
        assert_eq!(fold("ÉdItion"), "édition");
        assert_eq!(fold_char('×'), '×');
        assert!(is_blank(Some(" \u{a0} ")) && is_blank(None) && !is_blank(Some(" x")));
    }

    #[test]
    fn folding_agrees_with_unicode_where_it_folds() {
        for code in 0..0x500u32 {
            let Some(c) = char::from_u32(code) else { continue };
            let folded = fold_char(c);
            if folded != c {
                assert_eq!(c.to_lowercase().collect::<String>(), folded.to_string(), "U+{code:04X}");
                assert_eq!(c.len_utf8(), folded.len_utf8(), "U+{code:04X}: eq_fold compares lengths first");
            }
        }
    }
}
