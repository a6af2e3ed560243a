//! The config as text: reading a file, reporting where JSON is broken, and
//! writing the engine's JSON tree back out compactly and exactly (numbers as
//! written, keys in order, repeated keys kept), so what `deploy` writes is
//! what `lint` judged.

use checkout_guard::json::Json;
use checkout_guard::read::{ReadError, ReadErrorKind};
use std::path::Path;

/// A config file's bytes and the name to show for it.
pub struct ConfigFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl ConfigFile {
    pub fn read(path: &Path) -> anyhow::Result<ConfigFile> {
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        Ok(ConfigFile { name: path.display().to_string(), bytes })
    }

    /// The config parsed as the function parses it, or a merchant-readable
    /// reason (with line and column) why it is not JSON.
    pub fn parse(&self) -> Result<Json<'_>, String> {
        let text = match std::str::from_utf8(&self.bytes) {
            Ok(text) => text,
            Err(e) => {
                let (line, column) = line_column(&self.bytes, e.valid_up_to());
                return Err(format!("not UTF-8 text (line {line}, column {column})"));
            }
        };
        Json::parse(text).map_err(|error| describe_read_error(text, &error))
    }
}

/// "not valid JSON at line 3, column 12: expected `,` or `}`": the engine's
/// verdict and position, with serde_json's more specific wording when it agrees.
fn describe_read_error(text: &str, error: &ReadError) -> String {
    let (line, column) = line_column(text.as_bytes(), error.offset);
    let what = match error.kind {
        ReadErrorKind::NotUtf8 => "not UTF-8 text",
        ReadErrorKind::Syntax => "not valid JSON",
        ReadErrorKind::TooDeep => "nested too deeply",
        ReadErrorKind::Truncated => "not valid JSON (it ends too early)",
    };
    let detail = match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Err(e) if error.kind != ReadErrorKind::TooDeep => {
            let message = e.to_string();
            // serde_json ends with " at line L column C"; the position is already shown.
            let cut = message.rfind(" at line ").map_or(message.as_str(), |at| &message[..at]);
            format!(": {cut}")
        }
        _ => String::new(),
    };
    format!("{what} at line {line}, column {column}{detail}")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    (line, column)
}

/// The JSON text of a tree, without insignificant white space.
pub fn compact(json: &Json) -> String {
    let mut out = String::new();
    write(json, &mut out);
    out
}

pub fn write(json: &Json, out: &mut String) {
    match json {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(raw) => out.push_str(raw),
        Json::Str(s) => write_string(s, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (key, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write(value, out);
            }
            out.push('}');
        }
    }
}

/// Appends `s` as a JSON string literal: the engine's own escaping.
pub fn write_string(s: &str, out: &mut String) {
    checkout_guard::output::push_json_string(out, s);
}

/// Every key that appears more than once in one object, as (path of the
/// object's key, key): JSON parsers, the function's included, keep the last.
pub fn repeated_keys(json: &Json) -> Vec<String> {
    let mut found = Vec::new();
    walk_repeated(json, "", &mut found);
    found
}

fn walk_repeated(json: &Json, path: &str, found: &mut Vec<String>) {
    match json {
        Json::Object(entries) => {
            for (i, (key, value)) in entries.iter().enumerate() {
                let child = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                if entries[..i].iter().any(|(k, _)| k == key) && !found.contains(&child) {
                    found.push(child.clone());
                }
                walk_repeated(value, &child, found);
            }
        }
        Json::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk_repeated(item, &format!("{path}[{i}]"), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_keeps_numbers_order_and_escapes() {
        let text = "{ \"b\" : [1e3, 2.50, -0], \"a\": \"x\\\"y\\n\\u0001é\", \"b\": null }";
        let json = Json::parse(text).unwrap();
        let out = compact(&json);
        assert_eq!(out, "{\"b\":[1e3,2.50,-0],\"a\":\"x\\\"y\\n\\u0001é\",\"b\":null}");
        assert_eq!(Json::parse(&out).unwrap(), json);
        assert_eq!(repeated_keys(&json), vec!["b".to_string()]);
    }

    #[test]
    fn broken_json_is_located() {
        let file = ConfigFile { name: "x".into(), bytes: b"{\n  \"version\": 1\n  \"rules\": []\n}".to_vec() };
        let message = file.parse().unwrap_err();
        assert!(message.starts_with("not valid JSON at line 3, column 3"), "{message}");
        assert!(message.contains("expected `,` or `}`"), "{message}");
        let file = ConfigFile { name: "x".into(), bytes: vec![b'{', 0xff] };
        assert_eq!(file.parse().unwrap_err(), "not UTF-8 text (line 1, column 2)");
    }
}
