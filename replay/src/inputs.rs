//! Shopify function inputs: the JSON Shopify shows for a function run (and
//! `shopify app function replay` uses), or a fixture
//! (`{"payload": {"export", "input"}}`). A file holds one input, or one per
//! line (JSON lines); a folder holds such files (`*.json`, `*.jsonl`, read in
//! name order). Files are read one at a time, lines one at a time.

use crate::{Problem, LISTED_ROWS};
use checkout_guard::Family;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One input, named by its file (and line): never by its content.
#[derive(Clone, Debug, PartialEq)]
pub struct FunctionInput {
    pub name: String,
    pub family: Family,
    pub input: Value,
}

/// Inputs that could not be read: `file:line` names, the first
/// [`LISTED_ROWS`], and the count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unread {
    pub names: Vec<String>,
    pub count: usize,
}

impl Unread {
    fn add(&mut self, name: String) {
        self.count += 1;
        if self.names.len() < LISTED_ROWS {
            self.names.push(name);
        }
    }
}

/// The function an input is for: a fixture's `export`, else its shape (the
/// limits query reads `cart.lines`, the address query never does).
pub fn family_of(value: &Value) -> Option<(Family, &Value)> {
    if let Some(payload) = value.get("payload") {
        let input = payload.get("input")?;
        let family = match payload.get("export").and_then(Value::as_str) {
            Some(export) if export.contains("address") => Family::Address,
            Some(export) if export.contains("limits") => Family::Limits,
            _ => return family_of(input),
        };
        return Some((family, input));
    }
    let cart = value.get("cart")?.as_object()?;
    Some((if cart.contains_key("lines") { Family::Limits } else { Family::Address }, value))
}

/// Streams the inputs under `path` (a file or a folder).
pub struct Inputs {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<(String, Lines)>,
    pub unread: Unread,
}

enum Lines {
    Whole(Option<Value>),
    ByLine { lines: std::io::Lines<BufReader<std::fs::File>>, number: usize },
}

impl Inputs {
    pub fn open(path: &Path) -> Result<Inputs, Problem> {
        let files = if path.is_dir() {
            let entries =
                std::fs::read_dir(path).map_err(|e| Problem(format!("cannot read {}: {e}", path.display())))?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json" || e == "jsonl"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Problem(format!("{} holds no .json or .jsonl file", path.display())));
            }
            files
        } else if path.is_file() {
            vec![path.to_path_buf()]
        } else {
            return Err(Problem(format!("cannot read {}: no such file or folder", path.display())));
        };
        Ok(Inputs { files: files.into_iter(), current: None, unread: Unread::default() })
    }

    fn open_file(&mut self, path: &Path) -> Result<(), Problem> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let unreadable = |e: std::io::Error| Problem(format!("cannot read {}: {e}", path.display()));
        // JSON lines when the first non-blank line is a whole JSON value
        // and more follow; otherwise one (pretty-printed) value.
        // A file of one line holds one input, named by the file alone.
        let (first, more) = {
            let file = std::fs::File::open(path).map_err(unreadable)?;
            let mut lines = BufReader::new(file).lines().map_while(Result::ok).filter(|l| !l.trim().is_empty());
            (lines.next(), lines.next().is_some())
        };
        if !more || first.is_some_and(|l| serde_json::from_str::<Value>(&l).is_err()) {
            let text = std::fs::read_to_string(path).map_err(unreadable)?;
            match serde_json::from_str::<Value>(&text) {
                Ok(value) => self.current = Some((name, Lines::Whole(Some(value)))),
                Err(_) => self.unread.add(name),
            }
            return Ok(());
        }
        let file = std::fs::File::open(path).map_err(unreadable)?;
        self.current = Some((name, Lines::ByLine { lines: BufReader::new(file).lines(), number: 0 }));
        Ok(())
    }

    /// The next input; unreadable ones are counted in [`Inputs::unread`].
    pub fn next_input(&mut self) -> Result<Option<FunctionInput>, Problem> {
        loop {
            let Some((name, lines)) = self.current.as_mut() else {
                match self.files.next() {
                    Some(path) => {
                        self.open_file(&path)?;
                        continue;
                    }
                    None => return Ok(None),
                }
            };
            let (label, value) = match lines {
                Lines::Whole(value) => match value.take() {
                    Some(value) => (name.clone(), Ok(value)),
                    None => {
                        self.current = None;
                        continue;
                    }
                },
                Lines::ByLine { lines, number } => match lines.next() {
                    None => {
                        self.current = None;
                        continue;
                    }
                    Some(line) => {
                        *number += 1;
                        let label = format!("{name}:{number}");
                        match line {
                            Ok(text) if text.trim().is_empty() => continue,
                            Ok(text) => (label, serde_json::from_str::<Value>(&text).map_err(|_| ())),
                            Err(_) => (label, Err(())),
                        }
                    }
                },
            };
            match value.ok().as_ref().and_then(family_of) {
                Some((family, input)) => {
                    return Ok(Some(FunctionInput { name: label, family, input: input.clone() }));
                }
                None => self.unread.add(label),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_by_export_and_shape() {
        let limits = serde_json::json!({"cart": {"lines": []}});
        assert_eq!(family_of(&limits).unwrap().0, Family::Limits);
        let address = serde_json::json!({"cart": {"deliveryGroups": []}});
        assert_eq!(family_of(&address).unwrap().0, Family::Address);
        let fixture = serde_json::json!({"payload": {"export": "run_address", "input": {"cart": {}}}});
        assert_eq!(family_of(&fixture).unwrap().0, Family::Address);
        assert!(family_of(&serde_json::json!({"lines": []})).is_none());
    }

    #[test]
    fn files_lines_and_folders() {
        let dir = std::env::temp_dir().join(format!("cg-replay-inputs-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.json"), "{\n  \"cart\": {\"lines\": []}\n}\n").unwrap();
        std::fs::write(dir.join("b.jsonl"), "{\"cart\": {\"lines\": []}}\n\nnot json\n{\"cart\": {}}\n").unwrap();
        std::fs::write(dir.join("notes.txt"), "ignored").unwrap();
        let mut inputs = Inputs::open(&dir).unwrap();
        let mut names = Vec::new();
        while let Some(input) = inputs.next_input().unwrap() {
            names.push((input.name, input.family));
        }
        assert_eq!(
            names,
            [
                ("a.json".into(), Family::Limits),
                ("b.jsonl:1".into(), Family::Limits),
                ("b.jsonl:4".into(), Family::Address)
            ]
        );
        assert_eq!(inputs.unread, Unread { names: vec!["b.jsonl:3".into()], count: 1 });
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
