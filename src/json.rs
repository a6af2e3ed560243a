//! A borrowed JSON tree for the merchant config.
//!
//! The config arrives inside the input (`validation.metafield.jsonValue`);
//! [`crate::read::Reader::value`] builds this tree, borrowing every unescaped
//! string and keeping object keys in order, so the checker can name exact
//! JSON paths cheaply. Numbers stay as written: the checker decides what a
//! number means (a count, an amount, a weight) and quotes it back verbatim.

use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    /// A number exactly as written: `5`, `-2.5`, `1e3`.
    Number(&'a str),
    Str(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
    /// Parses a whole document (tools and tests; the function reads the
    /// config as part of its input).
    pub fn parse(text: &'a str) -> Result<Json<'a>, crate::read::ReadError> {
        let mut reader = crate::read::Reader::new(text);
        let value = reader.value()?;
        reader.end()?;
        Ok(value)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A whole number written without fraction or exponent.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Json::Number(raw) => crate::read::parse_int(raw),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(Cow<'a, str>, Json<'a>)]> {
        match self {
            Json::Object(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key`; with a repeated key, the last one (as JSON parsers do).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.as_object()?.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A short, merchant-readable description of a value for error messages:
    /// `"five"`, `5.5`, `an array`. Config values are the merchant's own, never buyer data.
    pub fn describe(&self) -> String {
        match self {
            Json::Null => "null".into(),
            Json::Bool(b) => b.to_string(),
            Json::Number(raw) => raw.chars().take(24).collect(),
            Json::Str(s) => {
                // Quoted as written, without escaping: keeps Debug's Unicode tables out of the module.
                let mut shown: String = s.chars().take(40).collect();
                if shown.len() < s.len() {
                    shown.push('…');
                }
                format!("\"{shown}\"")
            }
            Json::Array(_) => "a list".into(),
            Json::Object(_) => "an object".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_and_keeps_key_order() {
        let json = Json::parse(r#"{"b": "x", "a": [1, 2.5, -3, null, true]}"#).unwrap();
        let entries = json.as_object().unwrap();
        assert_eq!(entries[0].0, "b");
        assert!(matches!(&entries[0].1, Json::Str(Cow::Borrowed("x"))));
        assert_eq!(
            entries[1].1,
            Json::Array(vec![Json::Number("1"), Json::Number("2.5"), Json::Number("-3"), Json::Null, Json::Bool(true)])
        );
        assert_eq!(Json::Number("5").as_int(), Some(5));
        assert_eq!(Json::Number("5.0").as_int(), None);
    }

    #[test]
    fn describes_values_briefly() {
        assert_eq!(Json::Str("five".into()).describe(), "\"five\"");
        assert_eq!(Json::Array(vec![]).describe(), "a list");
        assert_eq!(Json::Number("5.50").describe(), "5.50");
        let long = "x".repeat(100);
        assert!(Json::Str(long.into()).describe().ends_with("…\""));
    }
}
