//! A small JSON reader for Coder's responses, read as [`Tree`]s.
//!
//! The browser's `JSON.parse` builds JS objects that the wasm then has to
//! walk one property at a time across the JS boundary: for 5,000 workspaces
//! that is over a hundred thousand calls and most of the time to first
//! paint. Reading the body here costs one copy of the text and no calls.
//! serde_json would do the same but weighs several times this module.

use crate::tree::{Node, Tree};

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Json>),
    /// An object's members, in order (a repeated key keeps both; the
    /// deserializer then sees a duplicate field, as with any JSON reader
    /// that keeps order).
    Map(Vec<(String, Json)>),
}

/// Why a text is not JSON: what was wrong and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What was wrong there.
    pub what: &'static str,
}

/// Nesting deeper than this is refused rather than risking the stack.
pub const MAX_DEPTH: usize = 128;

/// Parses `text` as one JSON value (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.skip_space();
    if reader.at < reader.bytes.len() {
        return Err(reader.error("text after the JSON value"));
    }
    Ok(value)
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

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Map(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> Tree<'a> for &'a Json {
    fn node(&self) -> Node<'a, Self> {
        let json: &'a Json = self;
        match json {
            Json::Null => Node::Null,
            Json::Bool(b) => Node::Bool(*b),
            Json::Number(n) => Node::Number(*n),
            Json::Text(s) => Node::Text(s.as_str().into()),
            Json::List(items) => Node::List(items.iter().collect()),
            Json::Map(members) => Node::Map(
                members
                    .iter()
                    .map(|(k, v)| (k.as_str().into(), v))
                    .collect(),
            ),
        }
    }

    fn is_list(&self) -> bool {
        matches!(self, Json::List(_))
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
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

    /// Consumes `word` (after its first byte was seen).
    fn literal(&mut self, word: &[u8], value: Json) -> Result<Json, JsonError> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("an unknown word"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting deeper than 128 levels"));
        }
        self.skip_space();
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'n') => self.literal(b"null", Json::Null),
            Some(b't') => self.literal(b"true", Json::Bool(true)),
            Some(b'f') => self.literal(b"false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Text),
            Some(b'[') => self.list(depth),
            Some(b'{') => self.map(depth),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("a character that cannot start a value")),
        }
    }

    fn list(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Json::List(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Json::List(items));
                }
                _ => return Err(self.error("expected ',' or ']' in an array")),
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Json, JsonError> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Json::Map(members));
        }
        loop {
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
            members.push((key, self.value(depth + 1)?));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Json::Map(members));
                }
                _ => return Err(self.error("expected ',' or '}' in an object")),
            }
        }
    }

    /// A string, from its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, escape or control byte.
            let start = self.at;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.at += 1;
            }
            // The input is a str and the run stops only at ASCII bytes, so
            // it is whole UTF-8.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    self.escape(&mut out)?;
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

    fn number(&mut self) -> Result<Json, JsonError> {
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
        let text = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        // Integers of up to 15 digits are exact in an f64 and common
        // (counts, sizes); anything else goes to the platform's parser.
        if integer && int_len <= 15 {
            let magnitude = self.bytes[int_start..self.at]
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            let n = magnitude as f64;
            return Ok(Json::Number(if start == int_start { n } else { -n }));
        }
        Ok(Json::Number(parse_float(text)))
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

    fn agrees_with_serde_json(text: &str) {
        let ours = parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(sorted(ours), from_serde(&theirs), "{text}");
    }

    /// Members sorted by key, as serde_json's map keeps them.
    fn sorted(v: Json) -> Json {
        match v {
            Json::List(items) => Json::List(items.into_iter().map(sorted).collect()),
            Json::Map(members) => {
                let mut members: Vec<_> =
                    members.into_iter().map(|(k, v)| (k, sorted(v))).collect();
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Map(members)
            }
            other => other,
        }
    }

    fn from_serde(v: &serde_json::Value) -> Json {
        use serde_json::Value as V;
        match v {
            V::Null => Json::Null,
            V::Bool(b) => Json::Bool(*b),
            V::Number(n) => Json::Number(n.as_f64().unwrap()),
            V::String(s) => Json::Text(s.clone()),
            V::Array(items) => Json::List(items.iter().map(from_serde).collect()),
            V::Object(map) => Json::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), from_serde(v)))
                    .collect(),
            ),
        }
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
            "[]",
            "[1, [2, [3]], {}]",
            r#"{"a": 1, "b": [true, null], "c": {"d": "e"}}"#,
            r#"{"workspaces":[{"id":"1","name":"x","latest_build":{"status":"running"}}],"count":1}"#,
        ] {
            agrees_with_serde_json(text);
        }
    }

    #[test]
    fn out_of_range_numbers_are_infinite_as_in_js() {
        assert_eq!(parse("1e400"), Ok(Json::Number(f64::INFINITY)));
        assert_eq!(parse("-1e400"), Ok(Json::Number(f64::NEG_INFINITY)));
    }

    #[test]
    fn keeps_member_order_and_finds_members() {
        let v = parse(r#"{"z":1,"a":"two"}"#).unwrap();
        let Json::Map(members) = &v else { panic!() };
        assert_eq!(members[0].0, "z");
        assert_eq!(v.get("a").and_then(Json::as_str), Some("two"));
        assert_eq!(v.get("missing"), None);
        assert_eq!(Json::Null.get("a"), None);
    }

    #[test]
    fn a_lone_surrogate_becomes_the_replacement_character() {
        assert_eq!(parse(r#""\ud800x""#), Ok(Json::Text("\u{fffd}x".into())));
        assert_eq!(
            parse(r#""\ud800\u0041""#),
            Ok(Json::Text("\u{fffd}A".into())),
            "a high surrogate followed by a non-low escape"
        );
        assert_eq!(parse(r#""\udc00""#), Ok(Json::Text("\u{fffd}".into())));
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
            ("[1,]", 3),
            ("[1 2]", 3),
            (r#""unterminated"#, 13),
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
            let error = parse(text).expect_err(text);
            assert_eq!(error.offset, offset, "{text:?}: {}", error.what);
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(
            parse(&deep).unwrap_err().what,
            "nesting deeper than 128 levels"
        );
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn broken_json_is_told_apart_from_other_formats() {
        let cut = r#"{"workspaces":[{"id":"w1","na"#;
        assert!(starts_like_json(cut));
        assert!(starts_like_json("  \n[1,"));
        assert!(!starts_like_json("<!doctype html><p>Sign in</p>"));
        assert!(!starts_like_json(""));
        let error = parse(cut).unwrap_err();
        assert_eq!(
            broken_message(&error),
            "the JSON answer is cut off or broken at byte 29 (the text ends inside a string)"
        );
    }

    #[test]
    fn a_bare_array_is_not_a_workspaces_answer() {
        use crate::coder::WorkspacesResponse;
        // serde's derive would read a list as the struct's fields in order.
        for text in [
            "[]",
            r#"[{"id":"w1","name":"one"}]"#,
            r#"[[{"id":"w1"}], 1]"#,
            r#"{"data":[{"id":"w1"}],"count":1}"#,
            r#"{"workspaces":{"w1":{"id":"w1"}},"count":1}"#,
        ] {
            let v = parse(text).unwrap();
            let result = crate::tree::from_tree::<WorkspacesResponse, _>(&v);
            assert!(result.is_err(), "{text}: {result:?}");
        }
    }

    #[test]
    fn deserializes_through_the_tree_deserializer() {
        use crate::coder::WorkspacesResponse;
        let v = parse(
            r#"{"workspaces":[{"id":"w1","name":"one","owner_name":"o",
                "latest_build":{"status":"running","resources":[{"agents":[{"status":"connected"}]}]}},
                7, null],"count":3}"#,
        )
        .unwrap();
        let response: WorkspacesResponse = crate::tree::from_tree(&v).unwrap();
        assert_eq!(response.workspaces.len(), 1, "non-objects dropped");
        assert_eq!(response.workspaces[0].name, "one");
        assert_eq!(response.count, 3);
    }
}
