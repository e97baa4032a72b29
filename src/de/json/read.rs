//! The byte-level side of the JSON reader: whitespace, punctuation,
//! strings, numbers, and reading past whole values without keeping them.
//! Knows nothing of values.

use super::JsonError;
use crate::de::limits::MAX_DEPTH;
use std::borrow::Cow;

/// What [`Reader::check_depth`] reports; the number is [`MAX_DEPTH`].
const TOO_DEEP: &str = "nesting deeper than 128 levels";
const _: () = assert!(MAX_DEPTH == 128, "TOO_DEEP names the limit");

/// A position in the JSON text being read.
pub(super) struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
        }
    }

    pub(super) fn error(&self, what: &'static str) -> JsonError {
        JsonError {
            offset: self.at,
            what,
        }
    }

    /// Steps past the byte [`value_start`](Self::value_start) returned.
    fn advance(&mut self) {
        self.at += 1;
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
    pub(super) fn end(&mut self) -> Result<(), JsonError> {
        self.skip_space();
        if self.at < self.bytes.len() {
            return Err(self.error("text after the JSON value"));
        }
        Ok(())
    }

    /// Consumes `word` (`null`, `true`, `false`).
    pub(super) fn word(&mut self, word: &[u8]) -> Result<(), JsonError> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(self.error("an unknown word"))
        }
    }

    pub(super) fn check_depth(&self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(TOO_DEEP));
        }
        Ok(())
    }

    /// The next value's first byte, after whitespace.
    pub(super) fn value_start(&mut self) -> Result<u8, JsonError> {
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
    pub(super) fn key(&mut self) -> Result<Cow<'a, str>, JsonError> {
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
    pub(super) fn skip_value(&mut self, depth: usize) -> Result<(), JsonError> {
        self.check_depth(depth)?;
        match self.value_start()? {
            b'n' => self.word(b"null"),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'"' => self.skip_string(),
            b'-' | b'0'..=b'9' => self.number().map(drop),
            b'[' => self.each_item(b']', |r| r.skip_value(depth + 1)),
            b'{' => self.each_item(b'}', |r| {
                r.key()?;
                r.skip_value(depth + 1)
            }),
            _ => Err(self.error("a character that cannot start a value")),
        }
    }

    /// Steps past the opening bracket [`value_start`](Self::value_start)
    /// returned and reads the container closed by `close` to its end:
    /// `item` reads each item (for an object, its key first), positioned
    /// after the separator.
    pub(super) fn each_item(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.advance();
        let mut first = true;
        while self.next_item(first, close)? {
            first = false;
            item(self)?;
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
    pub(super) fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
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

    pub(super) fn number(&mut self) -> Result<f64, JsonError> {
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
