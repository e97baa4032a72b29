//! A small JSON reader for Coder's responses: a serde `Deserializer`
//! straight over the body text.
//!
//! The browser's `JSON.parse` builds JS objects that the wasm then has to
//! walk one property at a time across the JS boundary: for 5,000 workspaces
//! that is over a hundred thousand calls. Reading the text here needs no
//! calls, and reading it straight into the target types (rather than into a
//! tree first) allocates only what is kept: the dozens of fields of a
//! workspace object the card never uses are skipped without a copy.
//! serde_json would do the same but weighs several times this module.

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Why a text is not JSON: what was wrong and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What was wrong there.
    pub what: &'static str,
}

/// Why [`from_str`] gave no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The text is not JSON.
    Syntax(JsonError),
    /// The text is JSON, but not of the expected shape. Which field was
    /// wrong is not kept: no caller shows it for a server's answer.
    Shape,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Syntax(e) => f.write_str(e.what),
            ReadError::Shape => f.write_str("JSON of an unexpected shape"),
        }
    }
}

impl std::error::Error for ReadError {}

impl de::Error for ReadError {
    fn custom<M: fmt::Display>(_: M) -> Self {
        ReadError::Shape
    }
}

impl From<JsonError> for ReadError {
    fn from(e: JsonError) -> Self {
        ReadError::Syntax(e)
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 128;

/// Numbers that are exact integers go to `visit_i64`, as they do from a JS
/// value (`crate::tree`), so integer fields accept `7.0`.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Reads one `T` from `text` (surrounding whitespace allowed). When the
/// text is JSON of the wrong shape the whole text is still checked, so a
/// body that is cut off is reported as such whichever part is missing.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    let mut de = Deserializer {
        r: Reader::new(text),
        depth: 0,
    };
    match T::deserialize(&mut de) {
        Ok(value) => {
            de.r.end()?;
            Ok(value)
        }
        Err(ReadError::Shape) => {
            Err(validate(text).map_or_else(ReadError::Syntax, |()| ReadError::Shape))
        }
        Err(e) => Err(e),
    }
}

/// Checks that `text` is one JSON value, without keeping anything.
pub fn validate(text: &str) -> Result<(), JsonError> {
    let mut r = Reader::new(text);
    r.skip_value(0)?;
    r.end()
}

/// Whether `text` opens like a JSON object or array: a body that does but
/// fails to parse was cut off or broken, rather than some other format.
pub fn starts_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// What to tell the user about a body that [`starts_like_json`] but did
/// not parse.
pub fn broken_message(error: &JsonError) -> String {
    let mut msg = String::from("the JSON answer is cut off or broken at byte ");
    msg.push_str(&error.offset.to_string());
    msg.push_str(" (");
    msg.push_str(error.what);
    msg.push(')');
    msg
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    fn error(&self, what: &'static str) -> JsonError {
        JsonError {
            offset: self.at,
            what,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Nothing but whitespace is left.
    fn end(&mut self) -> Result<(), JsonError> {
        self.skip_space();
        if self.at < self.bytes.len() {
            return Err(self.error("text after the JSON value"));
        }
        Ok(())
    }

    /// Consumes `word` (`null`, `true`, `false`).
    fn word(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("an unknown word"))
        }
    }

    fn check_depth(&self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting deeper than 128 levels"));
        }
        Ok(())
    }

    /// The next value's first byte, after whitespace.
    fn value_start(&mut self) -> Result<u8, JsonError> {
        self.skip_space();
        self.peek()
            .ok_or_else(|| self.error("the text ends where a value should be"))
    }

    /// Steps past the separator before a list item or object member, or
    /// past the closing bracket (then `false`). `first` is whether nothing
    /// was read since the opening bracket.
    fn next_item(&mut self, first: bool, close: u8) -> Result<bool, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b) if b == close && first => {}
            Some(b',') if !first => {
                self.at += 1;
                return Ok(true);
            }
            Some(b) if b == close => {}
            _ if first => return Ok(true),
            _ if close == b']' => return Err(self.error("expected ',' or ']' in an array")),
            _ => return Err(self.error("expected ',' or '}' in an object")),
        }
        self.at += 1;
        Ok(false)
    }

    /// An object member's key and the `:` after it.
    fn key(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.skip_space();
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string key in an object"));
        }
        let key = self.string()?;
        self.skip_space();
        if self.peek() != Some(b':') {
            return Err(self.error("expected ':' after an object key"));
        }
        self.at += 1;
        Ok(key)
    }

    /// Reads past one value, checking it, keeping nothing.
    fn skip_value(&mut self, depth: usize) -> Result<(), JsonError> {
        self.check_depth(depth)?;
        match self.value_start()? {
            b'n' => self.word(b"null"),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'"' => self.skip_string(),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            open @ (b'[' | b'{') => {
                self.at += 1;
                let close = if open == b'[' { b']' } else { b'}' };
                self.skip_items(true, close, depth + 1)
            }
            _ => Err(self.error("a character that cannot start a value")),
        }
    }

    /// Reads past the rest of a container's items (members, when `close`
    /// is `}`), each at `depth`, and its closing bracket. `first` is
    /// whether nothing was read since the opening bracket.
    fn skip_items(&mut self, mut first: bool, close: u8, depth: usize) -> Result<(), JsonError> {
        while self.next_item(first, close)? {
            first = false;
            if close == b'}' {
                self.key()?;
            }
            self.skip_value(depth)?;
        }
        Ok(())
    }

    /// Consumes the run of plain string bytes (up to a quote, an escape or
    /// a control byte).
    fn plain_run(&mut self) {
        // Over the rest as a slice: no bounds check per byte.
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        self.at += rest
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(rest.len());
    }

    /// A string, from its opening quote. Borrowed from the text unless it
    /// has escapes.
    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.at += 1;
        let start = self.at;
        self.plain_run();
        let mut out = match self.peek() {
            Some(b'"') => {
                self.at += 1;
                // The run stops only at ASCII bytes, so it is whole UTF-8.
                return Ok(Cow::Borrowed(
                    self.text.get(start..self.at - 1).unwrap_or_default(),
                ));
            }
            _ => String::from(self.text.get(start..self.at).unwrap_or_default()),
        };
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error("a control character inside a string")),
                None => return Err(self.error("the text ends inside a string")),
            }
            let start = self.at;
            self.plain_run();
            out.push_str(self.text.get(start..self.at).unwrap_or_default());
        }
    }

    /// Reads past a string, from its opening quote.
    fn skip_string(&mut self) -> Result<(), JsonError> {
        self.at += 1;
        let mut sink = String::new();
        loop {
            self.plain_run();
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut sink)?;
                    sink.clear();
                }
                Some(_) => return Err(self.error("a control character inside a string")),
                None => return Err(self.error("the text ends inside a string")),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(b) = self.peek() else {
            return Err(self.error("the text ends inside a string"));
        };
        self.at += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xd800..0xdc00).contains(&first)
                    && self.bytes[self.at..].starts_with(b"\\u")
                {
                    let save = self.at;
                    self.at += 2;
                    let second = self.hex4()?;
                    if (0xdc00..0xe000).contains(&second) {
                        0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
                    } else {
                        self.at = save;
                        first
                    }
                } else {
                    first
                };
                // A lone surrogate (valid JSON, not a char) becomes U+FFFD,
                // as it does when a JS string is read into Rust.
                char::from_u32(code).unwrap_or('\u{fffd}')
            }
            _ => {
                self.at -= 1;
                return Err(self.error("an unknown escape in a string"));
            }
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.error("a \\u escape needs four hex digits")),
            };
            code = code * 16 + u32::from(digit);
            self.at += 1;
        }
        Ok(code)
    }

    fn number(&mut self) -> Result<f64, JsonError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        self.digits();
        let int_len = self.at - int_start;
        if int_len == 0 || (int_len > 1 && self.bytes[int_start] == b'0') {
            return Err(self.error("a malformed number"));
        }
        let mut integer = true;
        if self.peek() == Some(b'.') {
            self.at += 1;
            integer = false;
            if self.digits() == 0 {
                return Err(self.error("a malformed number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            integer = false;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("a malformed number"));
            }
        }
        // Integers of up to 15 digits are exact in an f64 and common
        // (counts, sizes); anything else goes to the platform's parser.
        if integer && int_len <= 15 {
            let magnitude = self.bytes[int_start..self.at]
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            let n = magnitude as f64;
            return Ok(if start == int_start { n } else { -n });
        }
        Ok(parse_float(
            self.text.get(start..self.at).unwrap_or_default(),
        ))
    }

    /// Consumes ASCII digits; returns how many.
    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }
}

/// The serde side of [`Reader`]: values go to the visitor as they are read.
struct Deserializer<'a> {
    r: Reader<'a>,
    /// Nesting depth of the value about to be read.
    depth: usize,
}

/// The next value, as far as [`Deserializer::start`] reads it: a scalar
/// whole, a container up to its opening bracket.
enum Start<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Text(Cow<'a, str>),
    List,
    Map,
}

/// The reading done outside the generic `deserialize_any`: serde makes a
/// copy of that for every type read, so it only matches on a [`Start`].
impl<'a> Deserializer<'a> {
    fn start(&mut self) -> Result<Start<'a>, JsonError> {
        self.r.check_depth(self.depth)?;
        let start = match self.r.value_start()? {
            b'n' => {
                self.r.word(b"null")?;
                Start::Null
            }
            b't' => {
                self.r.word(b"true")?;
                Start::Bool(true)
            }
            b'f' => {
                self.r.word(b"false")?;
                Start::Bool(false)
            }
            b'"' => Start::Text(self.r.string()?),
            b'-' | b'0'..=b'9' => Start::Number(self.r.number()?),
            open @ (b'[' | b'{') => {
                self.r.at += 1;
                self.depth += 1;
                if open == b'[' {
                    Start::List
                } else {
                    Start::Map
                }
            }
            _ => return Err(self.r.error("a character that cannot start a value")),
        };
        Ok(start)
    }

    /// Reads (and checks) what a visitor left of a container, up to and
    /// past its closing bracket. `state` is where the visitor stopped.
    fn finish(&mut self, close: u8, state: Progress) -> Result<(), JsonError> {
        if state.value_pending {
            self.r.skip_value(self.depth)?;
        }
        if !state.done {
            self.r.skip_items(state.first, close, self.depth)?;
        }
        self.depth -= 1;
        Ok(())
    }
}

/// How far a visitor read into a list or object.
#[derive(Clone, Copy)]
struct Progress {
    /// Nothing read since the opening bracket.
    first: bool,
    /// The closing bracket was read.
    done: bool,
    /// A member's key was read but not its value.
    value_pending: bool,
}

impl Progress {
    /// Steps to the next item of the container closed by `close`: `false`
    /// once its end is (or was) reached.
    fn next(&mut self, r: &mut Reader<'_>, close: u8) -> Result<bool, JsonError> {
        if self.done {
            return Ok(false);
        }
        if !r.next_item(self.first, close)? {
            self.done = true;
            return Ok(false);
        }
        self.first = false;
        Ok(true)
    }
}

const FRESH: Progress = Progress {
    first: true,
    done: false,
    value_pending: false,
};

impl<'de> de::Deserializer<'de> for &mut Deserializer<'_> {
    type Error = ReadError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        match self.start()? {
            Start::Null => visitor.visit_unit(),
            Start::Bool(b) => visitor.visit_bool(b),
            Start::Number(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER => {
                visitor.visit_i64(n as i64)
            }
            Start::Number(n) => visitor.visit_f64(n),
            // Always `visit_str`, also for an escaped (owned) string: one
            // visitor method per type instead of two.
            Start::Text(text) => visitor.visit_str(&text),
            Start::List => {
                let mut items = Items {
                    de: &mut *self,
                    state: FRESH,
                };
                let value = visitor.visit_seq(&mut items)?;
                let state = items.state;
                self.finish(b']', state)?;
                Ok(value)
            }
            Start::Map => {
                let mut members = Members {
                    de: &mut *self,
                    state: FRESH,
                };
                let value = visitor.visit_map(&mut members)?;
                let state = members.state;
                self.finish(b'}', state)?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        if self.r.value_start()? == b'n' {
            self.r.word(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        visitor.visit_newtype_struct(self)
    }

    /// From an object only, as in `crate::tree` (a bare array must not
    /// pass for a workspaces answer).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ReadError> {
        if self.r.value_start()? == b'[' {
            return Err(ReadError::Shape);
        }
        self.deserialize_any(visitor)
    }

    /// Unknown fields are read past without keeping anything (a workspace
    /// object has dozens the card never uses).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ReadError> {
        self.r.skip_value(self.depth)?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map
        enum identifier
    }
}

struct Items<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    state: Progress,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = ReadError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, ReadError> {
        if !self.state.next(&mut self.de.r, b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

struct Members<'d, 'a> {
    de: &'d mut Deserializer<'a>,
    state: Progress,
}

impl<'de> MapAccess<'de> for Members<'_, '_> {
    type Error = ReadError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, ReadError> {
        if !self.state.next(&mut self.de.r, b'}')? {
            return Ok(None);
        }
        let key = self.de.r.key()?;
        self.state.value_pending = true;
        seed.deserialize(de::value::StrDeserializer::<ReadError>::new(&key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, ReadError> {
        self.state.value_pending = false;
        seed.deserialize(&mut *self.de)
    }
}

/// A JSON number that is not a short integer. In the browser, JS's own
/// parser: Rust's float parsing would add ~10 KB of wasm for numbers the
/// card never shows.
#[cfg(target_arch = "wasm32")]
fn parse_float(text: &str) -> f64 {
    js_sys::Number::parse_float(text)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse_float(text: &str) -> f64 {
    text.parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coder::WorkspacesResponse;
    use serde::de::IgnoredAny;
    use serde_json::Value;

    /// Numbers as f64: we hand exact integers to `visit_i64`, serde_json
    /// keeps `7.0` a float.
    fn numbers_as_f64(v: Value) -> Value {
        match v {
            Value::Number(n) => n
                .as_f64()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number),
            Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, numbers_as_f64(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    fn agrees_with_serde_json(text: &str) {
        let ours: Value = from_str(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(numbers_as_f64(ours), numbers_as_f64(theirs), "{text}");
        assert_eq!(validate(text), Ok(()), "{text}");
        assert_eq!(from_str::<IgnoredAny>(text).map(drop), Ok(()), "{text}");
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            "null",
            " true ",
            "false",
            "0",
            "-0",
            "42",
            "-17",
            "7.0",
            "123456789012345",
            "12345678901234567890",
            "3.25",
            "-1.5e3",
            "2E-2",
            r#""""#,
            r#""plain text""#,
            r#""esc \" \\ \/ \b \f \n \r \t""#,
            r#""\u00e9\u4e2d\ud83d\ude00""#,
            r#""naïve ☃ 😀""#,
            r#""mixed \n then plain, then \t again""#,
            "[]",
            " [ ] ",
            "{}",
            "[1, [2, [3]], {}]",
            r#"{"a": 1, "b": [true, null], "c": {"d": "e"}}"#,
            r#"{"k\u0065y": "escaped key"}"#,
            r#"{"workspaces":[{"id":"1","name":"x","latest_build":{"status":"running"}}],"count":1}"#,
        ] {
            agrees_with_serde_json(text);
        }
    }

    #[test]
    fn out_of_range_numbers_are_infinite_as_in_js() {
        assert_eq!(from_str::<f64>("1e400"), Ok(f64::INFINITY));
        assert_eq!(from_str::<f64>("-1e400"), Ok(f64::NEG_INFINITY));
    }

    #[test]
    fn a_lone_surrogate_becomes_the_replacement_character() {
        assert_eq!(from_str::<String>(r#""\ud800x""#).unwrap(), "\u{fffd}x");
        assert_eq!(
            from_str::<String>(r#""\ud800\u0041""#).unwrap(),
            "\u{fffd}A",
            "a high surrogate followed by a non-low escape"
        );
        assert_eq!(from_str::<String>(r#""\udc00""#).unwrap(), "\u{fffd}");
    }

    #[test]
    fn refuses_what_is_not_json_and_says_where() {
        for (text, offset) in [
            ("", 0),
            ("   ", 3),
            ("<!doctype html>", 0),
            ("nul", 0),
            ("tru", 0),
            (r#"{"a":1"#, 6),
            (r#"{"a" 1}"#, 5),
            (r#"{a:1}"#, 1),
            (r#"{"a":1,}"#, 7),
            ("{", 1),
            ("[", 1),
            ("[1,]", 3),
            ("[1 2]", 3),
            (r#""unterminated"#, 13),
            (r#""escaped \n then unterminated"#, 29),
            ("\"tab\there\"", 4),
            (r#""\x""#, 2),
            (r#""\u12"#, 5),
            ("01", 2),
            ("-", 1),
            ("1.", 2),
            ("1e", 2),
            ("+1", 0),
            ("NaN", 0),
            ("1 2", 2),
            (r#"{"workspaces":[{"id":"1"}],"count":1"#, 36),
        ] {
            let error = validate(text).expect_err(text);
            assert_eq!(error.offset, offset, "{text:?}: {}", error.what);
            // Reading into values and skipping agree on where it broke.
            assert_eq!(
                from_str::<Value>(text),
                Err(ReadError::Syntax(error.clone())),
                "{text:?}"
            );
            assert_eq!(
                from_str::<IgnoredAny>(text).map(drop),
                Err(ReadError::Syntax(error)),
                "{text:?}"
            );
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        let nested = |d| {
            ReadError::Syntax(JsonError {
                offset: MAX_DEPTH + 1,
                what: d,
            })
        };
        assert_eq!(
            validate(&deep).unwrap_err().what,
            "nesting deeper than 128 levels"
        );
        assert_eq!(
            from_str::<Value>(&deep),
            Err(nested("nesting deeper than 128 levels"))
        );
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(validate(&ok).is_ok());
        assert!(from_str::<Value>(&ok).is_ok());
        // Deep junk inside a field nobody reads is still refused.
        let hidden = format!(r#"{{"workspaces":[],"junk":{deep}"#);
        assert!(matches!(
            from_str::<WorkspacesResponse>(&hidden),
            Err(ReadError::Syntax(JsonError {
                what: "nesting deeper than 128 levels",
                ..
            }))
        ));
    }

    #[test]
    fn broken_json_is_told_apart_from_other_formats() {
        let cut = r#"{"workspaces":[{"id":"w1","na"#;
        assert!(starts_like_json(cut));
        assert!(starts_like_json("  \n[1,"));
        assert!(!starts_like_json("<!doctype html><p>Sign in</p>"));
        assert!(!starts_like_json(""));
        let Err(ReadError::Syntax(error)) = from_str::<WorkspacesResponse>(cut) else {
            panic!("a cut-off answer must be a syntax error");
        };
        assert_eq!(
            broken_message(&error),
            "the JSON answer is cut off or broken at byte 29 (the text ends inside a string)"
        );
    }

    #[test]
    fn a_wrong_shape_is_told_apart_from_broken_text() {
        // The shape is wrong before the text breaks: the break still wins,
        // since a cut connection is what the user needs to hear about.
        assert!(matches!(
            from_str::<WorkspacesResponse>(r#"{"workspaces": 5, "count": [1,"#),
            Err(ReadError::Syntax(JsonError { offset: 30, .. }))
        ));
        assert_eq!(
            from_str::<WorkspacesResponse>(r#"{"workspaces": 5, "count": 1}"#),
            Err(ReadError::Shape)
        );
    }

    #[test]
    fn a_bare_array_is_not_a_workspaces_answer() {
        // serde's derive would read a list as the struct's fields in order.
        for text in [
            "[]",
            r#"[{"id":"w1","name":"one"}]"#,
            r#"[[{"id":"w1"}], 1]"#,
            r#"{"data":[{"id":"w1"}],"count":1}"#,
            r#"{"workspaces":{"w1":{"id":"w1"}},"count":1}"#,
        ] {
            assert_eq!(
                from_str::<WorkspacesResponse>(text),
                Err(ReadError::Shape),
                "{text}"
            );
        }
    }

    #[test]
    fn reads_workspaces_as_serde_json_does() {
        let text = r#"{"workspaces":[{"id":"w1","name":"one","owner_name":"o",
            "unknown":{"deep":[1,{"x":"\u00e9"}],"n":-1.5e3},
            "latest_build":{"status":"running","resources":[{"agents":[{"status":"connected"}]}]}},
            7, null, {"id":"w\"2","name":"two","latest_build":null}],"count":3.0}"#;
        let ours: WorkspacesResponse = from_str(text).unwrap();
        let theirs: WorkspacesResponse = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.workspaces.len(), 2, "non-objects dropped");
        assert_eq!(ours.workspaces[0].name, "one");
        assert_eq!(ours.workspaces[1].id, "w\"2");
        assert_eq!(ours.count, 3);
    }

    /// Reads only a list's first item and leaves the rest.
    #[derive(Debug)]
    struct First(Option<i64>);

    impl<'de> serde::Deserialize<'de> for First {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = First;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<First, A::Error> {
                    seq.next_element().map(First)
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<First, A::Error> {
                    map.next_key::<String>()?;
                    Ok(First(None))
                }
            }
            d.deserialize_any(V)
        }
    }

    #[test]
    fn what_a_visitor_leaves_unread_is_still_read_and_checked() {
        assert_eq!(from_str::<First>("[1, 2, [3]]").unwrap().0, Some(1));
        assert!(matches!(
            from_str::<First>("[1, 2, x]"),
            Err(ReadError::Syntax(_))
        ));
        // A key read without its value.
        assert_eq!(from_str::<First>(r#"{"a": [1], "b": 2}"#).unwrap().0, None);
        assert!(matches!(
            from_str::<First>(r#"{"a": [1,], "b": 2}"#),
            Err(ReadError::Syntax(_))
        ));
        assert!(matches!(
            from_str::<First>("[1] 2"),
            Err(ReadError::Syntax(_))
        ));
    }
}
