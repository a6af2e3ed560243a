//! The function's output and log, both within Shopify's limits.

use crate::rules::address::Target;
use std::fmt::{self, Write};

/// Shopify's output limit (it grows past 200 lines; this is the floor).
pub const MAX_OUTPUT_BYTES: usize = 20_000;
/// Shopify shows this much of a log and truncates the rest.
pub const MAX_LOG_BYTES: usize = 1_000;

const EMPTY: &str = r#"{"operations":[]}"#;
const HEAD: &str = r#"{"operations":[{"validationAdd":{"errors":["#;
const TAIL: &str = "]}}]}";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    pub message: String,
    pub target: Target,
}

/// The run's log: whole lines only, within [`MAX_LOG_BYTES`], with a count of
/// the lines that did not fit, then the closing lines (kept whatever came before).
#[derive(Debug, Default)]
pub struct Log {
    text: String,
    dropped: usize,
    closing: String,
}

/// Room kept for the "N more log lines" line and the closing lines: the
/// dropped-errors line and the run's summary (~80 bytes each).
const LOG_TAIL_ROOM: usize = 40 + 2 * 100;
/// Longest line kept.
const MAX_LINE_BYTES: usize = 300;

impl Log {
    /// Adds a line when it fits whole (lines over [`MAX_LINE_BYTES`] are
    /// capped first). The line is formatted in place and formatting stops as
    /// soon as it cannot fit: a run whose log is full (a config with many
    /// problems) pays almost nothing for the lines it drops.
    pub fn line(&mut self, line: impl fmt::Display) {
        // Once a line did not fit, later ones are only counted: the log stays
        // in order, and a config with hundreds of problems costs no more
        // formatting than fits in the log.
        if self.dropped > 0 {
            self.dropped += 1;
            return;
        }
        let start = self.text.len();
        let room = (MAX_LOG_BYTES - LOG_TAIL_ROOM).saturating_sub(start + 1);
        // One byte past what could be kept tells "too long" from "exactly fits".
        let mut writer = Bounded { text: &mut self.text, stop: start + room.min(MAX_LINE_BYTES) + 1 };
        // An error only says the writer stopped; what was written says the rest.
        let _ = write!(writer, "{line}");
        let written = self.text.len() - start;
        let fits = if written <= room.min(MAX_LINE_BYTES) {
            true
        } else if written > MAX_LINE_BYTES && room >= MAX_LINE_BYTES {
            // A long line, capped as `capped` does, in the room there is.
            let capped_text = capped(self.text.split_off(start), MAX_LINE_BYTES);
            self.text.push_str(&capped_text);
            true
        } else {
            false
        };
        if fits {
            self.text.push('\n');
        } else {
            self.text.truncate(start);
            self.dropped += 1;
        }
    }

    /// A line shown after all others even when the log is full (the summary,
    /// dropped errors): what a merchant reads first must not be the one cut.
    pub fn closing(&mut self, line: impl fmt::Display) {
        let room = (LOG_TAIL_ROOM - 40).saturating_sub(self.closing.len() + 1);
        self.closing.push_str(&capped(line.to_string(), room.min(MAX_LINE_BYTES)));
        self.closing.push('\n');
    }

    pub fn finish(mut self) -> String {
        if self.dropped > 0 {
            let _ = writeln!(self.text, "... {} more log lines", self.dropped);
        }
        self.text.push_str(&self.closing);
        self.text
    }
}

/// Writes into a string until it reaches `stop` bytes, then refuses (which
/// ends the formatting that drives it).
struct Bounded<'t> {
    text: &'t mut String,
    stop: usize,
}

impl Write for Bounded<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let room = self.stop.saturating_sub(self.text.len());
        if s.len() <= room {
            self.text.push_str(s);
            return Ok(());
        }
        let mut end = room;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&s[..end]);
        // Mark the overflow with whole characters up to `stop` at least.
        if let Some(c) = s[end..].chars().next() {
            self.text.push(c);
        }
        Err(fmt::Error)
    }
}

/// Renders errors as the run result, dropping (and logging) those that would
/// take the output past [`MAX_OUTPUT_BYTES`].
pub fn render(errors: &[ValidationError], log: &mut Log) -> String {
    if errors.is_empty() {
        return EMPTY.to_string();
    }
    let mut out = String::with_capacity(HEAD.len() + TAIL.len() + errors.len() * 120);
    out.push_str(HEAD);
    let mut dropped = 0;
    let mut item = String::new();
    for error in errors {
        item.clear();
        item.push_str(r#"{"message":"#);
        push_json_string(&mut item, &error.message);
        let _ = write!(item, r#","target":"{}"}}"#, error.target);
        let separator = usize::from(out.len() > HEAD.len());
        if out.len() + separator + item.len() + TAIL.len() > MAX_OUTPUT_BYTES {
            dropped += 1;
            continue;
        }
        if separator == 1 {
            out.push(',');
        }
        out.push_str(&item);
    }
    out.push_str(TAIL);
    if dropped > 0 {
        log.closing(format_args!("output: {dropped} errors dropped to stay within {MAX_OUTPUT_BYTES} bytes"));
    }
    out
}

/// Appends `text` as a JSON string literal (also used by the CLI).
pub fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `text` cut to at most `max` bytes on a character boundary, marked "...".
fn capped(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max.saturating_sub(3);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_valid_json_and_caps_size() {
        let error = ValidationError { message: "Say \"hi\"\n".into(), target: Target::Cart };
        let mut log = Log::default();
        let out = render(std::slice::from_ref(&error), &mut log);
        let value: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(value["operations"][0]["validationAdd"]["errors"][0]["message"], "Say \"hi\"\n");
        let many = vec![ValidationError { message: "x".repeat(255), target: Target::Cart }; 200];
        let out = render(&many, &mut log);
        assert!(out.len() <= MAX_OUTPUT_BYTES);
        serde_json::from_str::<serde_json::Value>(&out).unwrap();
        assert!(log.finish().contains("errors dropped"));
    }

    #[test]
    fn log_stays_within_shopify_limit() {
        let mut log = Log::default();
        for i in 0..100 {
            log.line(format_args!("line {i} {}", "x".repeat(50)));
        }
        log.closing("output: 3 errors dropped to stay within 20000 bytes");
        log.closing("checkout-guard limits: rules applied 1, skipped 99; errors 3");
        let text = log.finish();
        assert!(text.len() <= MAX_LOG_BYTES, "{}", text.len());
        let last: Vec<&str> = text.lines().rev().take(3).collect();
        assert_eq!(
            last,
            [
                "checkout-guard limits: rules applied 1, skipped 99; errors 3",
                "output: 3 errors dropped to stay within 20000 bytes",
                "... 87 more log lines"
            ]
        );
    }

    /// The bounded formatting keeps what formatting whole lines kept: a
    /// line that fits exactly, long lines capped to [`MAX_LINE_BYTES`], and
    /// nothing of a line that does not fit.
    #[test]
    fn lines_are_kept_whole_or_capped_or_dropped() {
        let room = MAX_LOG_BYTES - LOG_TAIL_ROOM;
        let mut log = Log::default();
        let long = "é".repeat(400);
        log.line(&long);
        let first = capped(long.clone(), MAX_LINE_BYTES);
        assert_eq!(log.text, format!("{first}\n"));
        // Fill to exactly the room with lines of up to 300 bytes.
        let mut left = room - log.text.len();
        while left > 0 {
            let n = (left - 1).min(MAX_LINE_BYTES);
            log.line("x".repeat(n));
            left -= n + 1;
        }
        assert_eq!(log.text.len(), room);
        assert_eq!(log.dropped, 0);
        log.line("y");
        log.line("");
        assert_eq!((log.text.len(), log.dropped), (room, 2));
        assert!(log.finish().contains("... 2 more log lines"));
    }
}
