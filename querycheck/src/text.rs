//! Plain-text helpers: comment stripping (for the size limit), the schema's
//! `# api_version:` header, and a minimal reader for top-level TOML strings.

/// The query text with every `#` comment removed (strings are left intact),
/// which is what Shopify measures against its 3,000-byte limit.
///
/// Line breaks are kept, so the result still parses with the same line numbers.
pub fn strip_comments(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Byte offsets where copying resumes; pushes whole UTF-8 slices only.
    let mut copy_from = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if bytes[i..].starts_with(b"\"\"\"") => {
                // Block string: runs to the next unescaped `"""`.
                i += 3;
                loop {
                    if i >= bytes.len() {
                        break;
                    }
                    if bytes[i..].starts_with(b"\\\"\"\"") {
                        i += 4;
                    } else if bytes[i..].starts_with(b"\"\"\"") {
                        i += 3;
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                // Ordinary string: ends at an unescaped quote or at the line end.
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
            }
            b'#' => {
                out.push_str(&text[copy_from..i]);
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                copy_from = i;
            }
            _ => i += 1,
        }
    }
    let end = i.min(bytes.len());
    out.push_str(&text[copy_from..end]);
    out
}

/// Size of the query in bytes once comments are removed.
pub fn bytes_without_comments(text: &str) -> usize {
    strip_comments(text).len()
}

/// The version in a schema's first line, `# api_version: 2026-04`.
pub fn api_version_header(sdl: &str) -> Option<&str> {
    let first = sdl.trim_start_matches('\u{feff}').lines().next()?;
    let rest = first.trim().strip_prefix('#')?.trim_start();
    let version = rest.strip_prefix("api_version:")?.trim();
    (!version.is_empty()).then_some(version)
}

/// The value of `key = "value"` among the top-level keys of a TOML file (before
/// the first table header). Enough for `api_version` in an extension TOML without
/// pulling a TOML parser into build scripts; basic strings without escapes only.
pub fn toml_top_level_string(toml: &str, key: &str) -> Option<String> {
    for line in toml.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let body = &rest[1..];
        let end = body.find(quote)?;
        return Some(body[..end].to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_comments_but_not_hashes_in_strings() {
        let q = "# head\nquery { a(x: \"#not\") # tail\n b }\n";
        assert_eq!(strip_comments(q), "\nquery { a(x: \"#not\") \n b }\n");
        let block = "{ a(x: \"\"\"#\n\\\"\"\"# still\"\"\") } # gone";
        assert_eq!(strip_comments(block), "{ a(x: \"\"\"#\n\\\"\"\"# still\"\"\") } ");
        assert_eq!(bytes_without_comments("#é\né"), 3);
    }

    #[test]
    fn reads_api_version_header() {
        assert_eq!(api_version_header("# api_version: 2026-04\nschema {}"), Some("2026-04"));
        assert_eq!(api_version_header("#api_version:2026-04"), Some("2026-04"));
        assert_eq!(api_version_header("\n# api_version: 2026-04"), None);
        assert_eq!(api_version_header("# version: 2026-04"), None);
    }

    #[test]
    fn reads_top_level_toml_strings() {
        let t = "# c\napi_version = \"2026-04\" # x\n\n[[extensions]]\nhandle = \"h\"\n";
        assert_eq!(toml_top_level_string(t, "api_version").as_deref(), Some("2026-04"));
        assert_eq!(toml_top_level_string(t, "handle"), None);
    }
}
