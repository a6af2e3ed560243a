//! Small text helpers shared by the checker and the rules.

/// Case-insensitive equality: ASCII fast path, Unicode lower-casing otherwise.
pub fn eq_fold(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// Lower-cases for comparisons made with [`eq_fold`].
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    }
}

/// Whether a value is missing or only white space.
pub fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_ascii_and_unicode() {
        assert!(eq_fold("Wholesale", "wholesale"));
        assert!(eq_fold("ÉDITION", "édition"));
        assert!(!eq_fold("a", "b"));
        assert_eq!(fold("ÉdItion"), "édition");
        assert!(is_blank(Some("  ")) && is_blank(None) && !is_blank(Some(" x")));
    }
}
