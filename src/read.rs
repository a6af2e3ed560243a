//! A small zero-copy JSON reader, made for the function's input.
//!
//! Shopify's input is read once, front to back: strings without escapes are
//! borrowed, values the function does not use are skipped without being
//! built, and a value of an unexpected type reads as absent rather than
//! failing the run. Only malformed JSON (or nesting deeper than
//! [`MAX_DEPTH`]) stops the read. It replaces serde_json in the module: a
//! fraction of the code size and of the instructions per input byte.

use crate::json::Json;
use crate::scan;
use std::borrow::Cow;
use std::fmt;

/// Deeper nesting is rejected instead of recursing further: a crafted input
/// must not exhaust the 512 kB stack.
pub const MAX_DEPTH: u32 = 96;

/// Where and why reading stopped. Carries no input text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub kind: ReadErrorKind,
    /// Byte offset into the input.
    pub offset: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    NotUtf8,
    Syntax,
    TooDeep,
    Truncated,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            ReadErrorKind::NotUtf8 => "not UTF-8",
            ReadErrorKind::Syntax => "not valid JSON",
            ReadErrorKind::TooDeep => "nested too deeply",
            ReadErrorKind::Truncated => "truncated",
        };
        write!(f, "{what} at byte {}", self.offset)
    }
}

pub type Result<T> = std::result::Result<T, ReadError>;

/// Where pull-style reading stands in an object or array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Members {
    /// Just entered: a member or the end follows.
    First,
    /// After a member: a comma or the end follows.
    Later,
    /// The end was read.
    Done,
}

pub struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader { text, bytes: text.as_bytes(), pos: 0, depth: 0 }
    }

    pub fn from_bytes(raw: &'a [u8]) -> Result<Self> {
        match std::str::from_utf8(raw) {
            Ok(text) => Ok(Self::new(text)),
            Err(e) => Err(ReadError { kind: ReadErrorKind::NotUtf8, offset: e.valid_up_to() }),
        }
    }

    fn error(&self, kind: ReadErrorKind) -> ReadError {
        ReadError { kind, offset: self.pos }
    }

    fn syntax(&self) -> ReadError {
        if self.pos >= self.bytes.len() {
            self.error(ReadErrorKind::Truncated)
        } else {
            self.error(ReadErrorKind::Syntax)
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next significant byte, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.syntax())
        }
    }

    /// Byte offset of the next significant byte.
    pub fn offset(&mut self) -> usize {
        self.skip_ws();
        self.pos
    }

    /// Byte offset where reading stands (white space not skipped).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The input's bytes between two offsets (empty when out of range).
    pub fn raw(&self, from: usize, to: usize) -> &'a [u8] {
        self.bytes.get(from..to).unwrap_or_default()
    }

    /// When the input continues with exactly `{"k":true}` or `{"k":false}`
    /// (`k` the one-byte `key`), as Shopify writes a membership answer,
    /// consumes it and returns the flag; otherwise consumes nothing. Compared
    /// a word at a time (a slice compare is a `memcmp` call, a byte loop in wasm).
    #[inline]
    pub fn flag_object(&mut self, key: u8) -> Option<bool> {
        let rest = self.bytes.get(self.pos..)?;
        let head = u64::from_le_bytes(*rest.first_chunk::<8>()?);
        let (flag, len) = if head == u64::from_le_bytes([b'{', b'"', key, b'"', b':', b't', b'r', b'u'])
            && rest.get(8..10) == Some(b"e}")
        {
            (true, 10)
        } else if head == u64::from_le_bytes([b'{', b'"', key, b'"', b':', b'f', b'a', b'l'])
            && rest.get(8..11) == Some(b"se}")
        {
            (false, 11)
        } else {
            return None;
        };
        self.pos += len;
        Some(flag)
    }

    /// A whole list of membership answers exactly as Shopify writes it
    /// (`[{"h":true},{"h":false}]`, no white space), in one tight loop;
    /// `None` (position unspecified: rewind) for anything else, which the
    /// caller then reads in general.
    pub fn flag_list(&mut self, key: u8) -> Option<crate::input::Bits> {
        let mut bits = crate::input::Bits::default();
        if self.bytes.get(self.pos) != Some(&b'[') {
            return None;
        }
        self.pos += 1;
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Some(bits);
        }
        loop {
            bits.push(self.flag_object(key)?);
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Some(bits);
                }
                _ => return None,
            }
        }
    }

    /// After the whole value: only white space may follow.
    pub fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.syntax()),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(ReadErrorKind::TooDeep));
        }
        Ok(())
    }

    /// Reads an object, calling `field` with each key; `field` must read or
    /// skip the value. A `null` reads as an object with no keys and returns
    /// `false`; any other non-object is skipped and returns `false` too.
    pub fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Result<()>) -> Result<bool> {
        if !self.enter_object()? {
            return Ok(false);
        }
        let mut state = Members::First;
        while let Some(key) = self.next_key(&mut state)? {
            field(self, key)?;
        }
        Ok(true)
    }

    /// Reads an array, calling `item` for each element (which must read or
    /// skip it). Anything else is skipped and returns `false`.
    pub fn array(&mut self, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<bool> {
        if !self.enter_array()? {
            return Ok(false);
        }
        let mut state = Members::First;
        while self.next_item(&mut state)? {
            item(self)?;
        }
        Ok(true)
    }

    /// Pull-style reading, for the hot paths (cart lines): no closure per
    /// value. At `{`: consumes it and returns `true`; anything else (`null`
    /// included) is skipped and returns `false`. Then call
    /// [`Reader::next_key`] until it returns `None`.
    #[inline]
    pub fn enter_object(&mut self) -> Result<bool> {
        self.enter_at(b'{')
    }

    /// The next key of the object entered with [`Reader::enter_object`]
    /// (its value must then be read or skipped), or `None` at its end
    /// (consumed). `state` starts as [`Members::First`].
    #[inline]
    pub fn next_key(&mut self, state: &mut Members) -> Result<Option<&'a str>> {
        if !self.next_member(state, b'}')? {
            return Ok(None);
        }
        if self.peek() != Some(b'"') {
            return Err(self.syntax());
        }
        let key = self.raw_key()?;
        if !self.eat(b':') {
            return Err(self.syntax());
        }
        Ok(Some(key))
    }

    /// [`Reader::next_key`] as bytes, with a fast path for what Shopify
    /// writes for our aliases: compact JSON and keys of one or two bytes
    /// (`,"q":`, `"id":`), checked with a few byte compares. Anything else
    /// (white space, longer keys, escapes) takes the general path.
    #[inline]
    pub fn next_key_bytes(&mut self, state: &mut Members) -> Result<Option<&'a [u8]>> {
        let at = match state {
            Members::First => Some(self.pos),
            Members::Later if self.bytes.get(self.pos) == Some(&b',') => Some(self.pos + 1),
            _ => None,
        };
        if let Some(at) = at {
            let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\';
            if let Some(&[b'"', k, b'"', b':']) = self.bytes.get(at..at + 4) {
                if plain(k) {
                    *state = Members::Later;
                    self.pos = at + 4;
                    return Ok(self.bytes.get(at + 1..at + 2));
                }
            }
            if let Some(&[b'"', k0, k1, b'"', b':']) = self.bytes.get(at..at + 5) {
                if plain(k0) && plain(k1) {
                    *state = Members::Later;
                    self.pos = at + 5;
                    return Ok(self.bytes.get(at + 1..at + 3));
                }
            }
        }
        Ok(self.next_key(state)?.map(str::as_bytes))
    }

    /// At `[`: consumes it and returns `true`; anything else is skipped and
    /// returns `false`. Then call [`Reader::next_item`] until it returns `false`.
    #[inline]
    pub fn enter_array(&mut self) -> Result<bool> {
        self.enter_at(b'[')
    }

    /// At `open`: consumes it, one level deeper; anything else is skipped.
    #[inline]
    fn enter_at(&mut self, open: u8) -> Result<bool> {
        if self.peek() != Some(open) {
            self.skip()?;
            return Ok(false);
        }
        self.pos += 1;
        self.enter()?;
        Ok(true)
    }

    /// Whether another element follows in the array entered with
    /// [`Reader::enter_array`] (it must then be read or skipped); `false` at
    /// its end (consumed).
    #[inline]
    pub fn next_item(&mut self, state: &mut Members) -> Result<bool> {
        self.next_member(state, b']')
    }

    /// Before a member: the separator (or nothing, first), or the closing byte.
    #[inline]
    fn next_member(&mut self, state: &mut Members, close: u8) -> Result<bool> {
        let next = self.peek();
        if next == Some(close) && *state != Members::Done {
            self.pos += 1;
            self.depth -= 1;
            *state = Members::Done;
            return Ok(false);
        }
        match state {
            Members::First => {}
            // A comma, then a member (not the end: no trailing commas).
            Members::Later if next == Some(b',') => {
                self.pos += 1;
                if self.peek() == Some(close) {
                    return Err(self.syntax());
                }
            }
            _ => return Err(self.syntax()),
        }
        *state = Members::Later;
        Ok(true)
    }

    /// From just after an opening quote, moves to the closing quote (not
    /// consumed), stepping over escapes; plain runs are crossed a word at a
    /// time.
    #[inline]
    fn skip_to_closing_quote(&mut self) -> Result<()> {
        loop {
            self.pos = scan::plain_run_end(self.bytes, self.pos);
            match self.bytes.get(self.pos) {
                Some(b'"') => return Ok(()),
                Some(b'\\') => self.pos += 2,
                _ => return Err(self.syntax()),
            }
        }
    }

    /// A key as written (escapes left in: no field name of ours has any).
    fn raw_key(&mut self) -> Result<&'a str> {
        self.pos += 1; // the opening quote
        let start = self.pos;
        self.skip_to_closing_quote()?;
        let key = self.text.get(start..self.pos).ok_or_else(|| self.syntax())?;
        self.pos += 1;
        Ok(key)
    }

    /// A string, borrowed unless it has escapes; a value of another type
    /// (`null` included) is skipped and reads as `None`.
    pub fn string(&mut self) -> Result<Option<Cow<'a, str>>> {
        if self.peek() != Some(b'"') {
            self.skip()?;
            return Ok(None);
        }
        self.string_here().map(Some)
    }

    fn string_here(&mut self) -> Result<Cow<'a, str>> {
        self.pos += 1;
        let start = self.pos;
        self.pos = scan::plain_run_end(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let text = self.text.get(start..self.pos).ok_or_else(|| self.syntax())?;
                self.pos += 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => self.escaped(start).map(Cow::Owned),
            _ => Err(self.syntax()),
        }
    }

    fn escaped(&mut self, start: usize) -> Result<String> {
        let mut out = String::from(self.text.get(start..self.pos).ok_or_else(|| self.syntax())?);
        loop {
            let run_start = self.pos;
            self.pos = scan::plain_run_end(self.bytes, self.pos);
            out.push_str(self.text.get(run_start..self.pos).ok_or_else(|| self.syntax())?);
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let escape = self.bytes.get(self.pos + 1).copied();
                    self.pos += 2;
                    match escape {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let first = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&first)
                                && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                self.pos += 2;
                                let second = self.hex4()?;
                                if (0xDC00..0xE000).contains(&second) {
                                    char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                                } else {
                                    None
                                }
                            } else {
                                char::from_u32(first)
                            };
                            // Lone surrogates become U+FFFD rather than failing the run.
                            out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                        }
                        _ => return Err(self.syntax()),
                    }
                }
                _ => return Err(self.syntax()),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.syntax())?;
        let mut value = 0u32;
        for d in digits {
            value = value * 16 + (*d as char).to_digit(16).ok_or_else(|| self.syntax())?;
        }
        self.pos += 4;
        Ok(value)
    }

    /// A number as written (`"12"`, `"-1.5e3"`); other types read as `None`.
    pub fn number(&mut self) -> Result<Option<&'a str>> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number_here().map(Some),
            _ => {
                self.skip()?;
                Ok(None)
            }
        }
    }

    fn number_here(&mut self) -> Result<&'a str> {
        let start = self.pos;
        let digits = |r: &mut Self| {
            let from = r.pos;
            while r.bytes.get(r.pos).is_some_and(u8::is_ascii_digit) {
                r.pos += 1;
            }
            r.pos > from
        };
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        if self.bytes.get(self.pos) == Some(&b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.syntax());
        }
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.syntax());
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.syntax());
            }
        }
        self.text.get(start..self.pos).ok_or_else(|| self.syntax())
    }

    /// An integer; a fraction, exponent or other type reads as `None`, and
    /// magnitudes past i64 saturate.
    pub fn int(&mut self) -> Result<Option<i64>> {
        Ok(self.number()?.and_then(parse_int))
    }

    pub fn bool(&mut self) -> Result<Option<bool>> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|_| Some(true)),
            Some(b'f') => self.literal(b"false").map(|_| Some(false)),
            _ => {
                self.skip()?;
                Ok(None)
            }
        }
    }

    /// `null` → `true` (consumed); anything else → `false` (not consumed).
    pub fn null(&mut self) -> Result<bool> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Skips one flat object (`{"t":"vip","h":true}`) and tells whether a
    /// `true` literal stands in it: the answer of a `hasTags`/`inCollections`
    /// entry, whose only boolean is the answer. One pass, no keys compared;
    /// anything else (nesting, non-objects) falls back to a full skip.
    pub fn object_has_true(&mut self) -> Result<bool> {
        if self.peek() != Some(b'{') {
            self.skip()?;
            return Ok(false);
        }
        let start = self.pos;
        self.pos += 1;
        let mut found = false;
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    self.skip_to_closing_quote()?;
                    self.pos += 1;
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(found);
                }
                Some(b'{' | b'[') => {
                    // Not a flat answer: read it properly.
                    self.pos = start;
                    let mut member = false;
                    self.object(|r, key| match key {
                        "h" | "m" | "hasTag" | "isMember" => {
                            member = r.bool()? == Some(true);
                            Ok(())
                        }
                        _ => r.skip(),
                    })?;
                    return Ok(member);
                }
                Some(b't') => {
                    self.literal(b"true")?;
                    found = true;
                }
                Some(_) => self.pos += 1,
                None => return Err(self.syntax()),
            }
        }
    }

    /// Skips one value of any type, checking its syntax.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => self.object(|r, _| r.skip()).map(drop),
            Some(b'[') => self.array(Reader::skip).map(drop),
            Some(b'"') => {
                // Fast path: no string is built.
                self.pos += 1;
                self.skip_to_closing_quote()?;
                self.pos += 1;
                Ok(())
            }
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            Some(b'-' | b'0'..=b'9') => self.number_here().map(drop),
            _ => Err(self.syntax()),
        }
    }

    /// Builds any value as a [`Json`] tree (for the config).
    pub fn value(&mut self) -> Result<Json<'a>> {
        Ok(match self.peek() {
            Some(b'{') => self.object_value(&mut |r, _| r.value())?,
            Some(b'[') => {
                // Config lists are short: room for a few without growing.
                let mut items = Vec::with_capacity(4);
                self.array(|r| {
                    items.push(r.value()?);
                    Ok(())
                })?;
                Json::Array(items)
            }
            Some(b'"') => Json::Str(self.string_here()?),
            Some(b't' | b'f') => Json::Bool(self.bool()?.unwrap_or(false)),
            Some(b'n') => {
                self.literal(b"null")?;
                Json::Null
            }
            Some(b'-' | b'0'..=b'9') => Json::Number(self.number_here()?),
            _ => return Err(self.syntax()),
        })
    }
}

impl<'a> Reader<'a> {
    /// Builds an object as [`Reader::value`] does, each entry's value read
    /// by `entry` (given the key, decoded); the caller must be at `{`.
    pub fn object_value(&mut self, entry: &mut dyn FnMut(&mut Self, &str) -> Result<Json<'a>>) -> Result<Json<'a>> {
        if self.peek() != Some(b'{') {
            return Err(self.syntax());
        }
        self.pos += 1;
        self.enter()?;
        // Config objects hold up to ~10 keys: one allocation, no regrowth.
        let mut entries = Vec::with_capacity(10);
        // Its own separator loop rather than `next_member`: measured ~5,000
        // instructions cheaper per run on the budget config (keys here are
        // decoded, unlike `raw_key`'s).
        if !self.eat(b'}') {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.syntax());
                }
                let key = self.string_here()?;
                if !self.eat(b':') {
                    return Err(self.syntax());
                }
                let value = entry(self, &key)?;
                entries.push((key, value));
                if self.eat(b',') {
                    continue;
                }
                if self.eat(b'}') {
                    break;
                }
                return Err(self.syntax());
            }
        }
        self.depth -= 1;
        Ok(Json::Object(entries))
    }

    /// Goes back to a byte offset taken earlier with [`Reader::position`]
    /// (at the same nesting depth).
    pub fn rewind(&mut self, position: usize) {
        self.pos = position;
    }
}

/// An integer literal ("12", "-3"); `None` for fractions and exponents.
pub fn parse_int(raw: &str) -> Option<i64> {
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, raw),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: i64 = 0;
    for b in digits.bytes() {
        value = value.saturating_mul(10).saturating_add(i64::from(b - b'0'));
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_objects_arrays_and_scalars() {
        let mut r = Reader::new(r#" {"a": [1, -2.5e3, "x\"y", true, null], "b": {"c": "d"}} "#);
        let mut seen = Vec::new();
        r.object(|r, key| {
            seen.push(key.to_string());
            match key {
                "a" => {
                    let mut items = Vec::new();
                    r.array(|r| {
                        items.push(r.value()?);
                        Ok(())
                    })?;
                    assert_eq!(items[1], Json::Number("-2.5e3"));
                    assert_eq!(items[2], Json::Str("x\"y".into()));
                    assert_eq!(items[4], Json::Null);
                    Ok(())
                }
                _ => r.skip(),
            }
        })
        .unwrap();
        r.end().unwrap();
        assert_eq!(seen, ["a", "b"]);
    }

    #[test]
    fn pull_style_keys_fast_and_general() {
        let text = r#"{"q":1,"id":2, "t" :3,"long":4,"\u0071":5,"":6,"é":7}"#;
        let mut r = Reader::new(text);
        assert!(r.enter_object().unwrap());
        let mut state = Members::First;
        let mut keys = Vec::new();
        while let Some(key) = r.next_key_bytes(&mut state).unwrap() {
            keys.push(String::from_utf8(key.to_vec()).unwrap());
            r.skip().unwrap();
        }
        r.end().unwrap();
        assert_eq!(keys, ["q", "id", "t", "long", "\\u0071", "", "é"]);
        for bad in [r#"{"q":1,}"#, r#"{,"q":1}"#, r#"{"q":1 "t":2}"#, r#"{"q"1}"#, r#"{"q":1"#] {
            let mut r = Reader::new(bad);
            let mut state = Members::First;
            let result = r.enter_object().and_then(|_| {
                while r.next_key_bytes(&mut state)?.is_some() {
                    r.skip()?;
                }
                Ok(())
            });
            assert!(result.is_err(), "{bad}");
        }
    }

    #[test]
    fn wrong_types_read_as_absent() {
        let mut r = Reader::new(r#"["5", 5, 5.5, {"x": 1}]"#);
        let mut ints = Vec::new();
        r.array(|r| {
            ints.push(r.int()?);
            Ok(())
        })
        .unwrap();
        assert_eq!(ints, [None, Some(5), None, None]);
    }

    #[test]
    fn escapes_and_surrogates() {
        let mut r = Reader::new(r#""caf\u00e9 \ud83d\ude00 \ud800 \n""#);
        assert_eq!(r.string().unwrap().unwrap(), "café 😀 \u{fffd} \n");
    }

    #[test]
    fn malformed_and_deep_inputs_fail_cleanly() {
        for bad in ["{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "01", "-", "1.", "[1 2]", "{\"a\":1,}"] {
            let mut r = Reader::new(bad);
            assert!(r.value().and_then(|_| r.end()).is_err(), "{bad}");
        }
        let deep = "[".repeat(10_000);
        let error = Reader::new(&deep).value().unwrap_err();
        assert_eq!(error.kind, ReadErrorKind::TooDeep);
        assert!(Reader::from_bytes(b"\xff").is_err());
    }
}
