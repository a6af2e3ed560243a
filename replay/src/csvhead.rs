//! Columns found by header name: trimmed, compared case-insensitively, a
//! UTF-8 byte-order mark on the first header ignored, old names accepted.

/// One column the reader knows: its current name and older spellings.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

/// Where each known column is in a file (`None`: the file has no such column).
#[derive(Clone, Debug)]
pub struct Header {
    positions: Vec<Option<usize>>,
    known: &'static [Column],
}

fn normalized(name: &str) -> String {
    name.trim_start_matches('\u{feff}').trim().to_ascii_lowercase()
}

impl Header {
    /// Finds `known` columns in `names` (a current name wins over an alias).
    /// `Err` lists the `required` columns that are missing.
    pub fn find<'a>(
        names: impl Iterator<Item = &'a str>,
        known: &'static [Column],
        required: &[&'static str],
    ) -> Result<Header, Vec<&'static str>> {
        let names: Vec<String> = names.map(normalized).collect();
        let position = |name: &str| names.iter().position(|n| *n == normalized(name));
        let positions: Vec<Option<usize>> =
            known.iter().map(|c| position(c.name).or_else(|| c.aliases.iter().find_map(|a| position(a)))).collect();
        let header = Header { positions, known };
        let missing: Vec<&'static str> = required.iter().copied().filter(|r| header.index(r).is_none()).collect();
        if missing.is_empty() {
            Ok(header)
        } else {
            Err(missing)
        }
    }

    /// The position of the known column `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        let at = self.known.iter().position(|c| c.name == name)?;
        self.positions.get(at).copied().flatten()
    }

    /// Whether the file has the known column `name` (under any spelling).
    pub fn has(&self, name: &str) -> bool {
        self.index(name).is_some()
    }
}

/// A record's fields, read by known column name.
pub struct Row<'r> {
    pub header: &'r Header,
    pub record: &'r csv::StringRecord,
}

impl Row<'_> {
    /// The trimmed value of `name`; `None` when the column is absent or the
    /// value is empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        let value = self.record.get(self.header.index(name)?)?.trim();
        (!value.is_empty()).then_some(value)
    }

    pub fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_string)
    }
}

/// `true`/`false` as exports write them (`TRUE`, `true`, `yes`, `1`).
pub fn boolean(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Column] = &[
        Column { name: "Name", aliases: &[] },
        Column { name: "Shipping Address1", aliases: &["Shipping Street"] },
        Column { name: "Vendor", aliases: &[] },
    ];

    #[test]
    fn names_aliases_bom_and_missing() {
        let h = Header::find(["\u{feff}name", " Shipping Street "].into_iter(), KNOWN, &["Name"]).unwrap();
        assert_eq!(h.index("Name"), Some(0));
        assert_eq!(h.index("Shipping Address1"), Some(1));
        assert!(!h.has("Vendor"));
        let h = Header::find(["Shipping Street", "Shipping Address1", "Name"].into_iter(), KNOWN, &[]).unwrap();
        assert_eq!(h.index("Shipping Address1"), Some(1), "the current name wins");
        let missing = Header::find(["Email"].into_iter(), KNOWN, &["Name", "Vendor"]).unwrap_err();
        assert_eq!(missing, ["Name", "Vendor"]);
        assert_eq!(boolean("TRUE"), Some(true));
        assert_eq!(boolean("maybe"), None);
    }
}
