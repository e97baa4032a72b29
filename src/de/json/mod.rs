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
use serde::de::{self, DeserializeOwned};
use std::fmt;

mod deserializer;
mod read;
#[cfg(test)]
mod tests;
mod value;

pub use value::Value;

use deserializer::Deserializer;
use read::Reader;

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

/// Reads one `T` from `text` (surrounding whitespace allowed). When the
/// text is JSON of the wrong shape the whole text is still checked, so a
/// body that is cut off is reported as such whichever part is missing.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ReadError> {
    let mut de = Deserializer::new(text);
    match T::deserialize(&mut de) {
        Ok(value) => {
            de.end()?;
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
