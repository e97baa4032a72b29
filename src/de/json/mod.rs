//! A small JSON reader for Coder's responses, straight over the body text
//! into a [`Value`].
//!
//! The browser's `JSON.parse` builds JS objects that the wasm then has to
//! walk one property at a time across the JS boundary: for 5,000 workspaces
//! that is over a hundred thousand calls. Reading the text here needs no
//! calls. A reader given a `keep` rule skips the members it does not want
//! without a copy (a workspace object has dozens the card never uses), so
//! only what is kept is allocated. One non-generic reader for every
//! answer, rather than serde's derive per answer shape: that cost over
//! 20 KB of wasm once workspaces carried their agents and apps.

mod read;
#[cfg(test)]
mod tests;
mod value;

pub use value::Value;

use read::Reader;

/// Why a text is not JSON: what was wrong and at which byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What was wrong there.
    pub what: &'static str,
}

/// Reads one JSON value from `text` (surrounding whitespace allowed),
/// keeping every member of every object.
pub fn from_str(text: &str) -> Result<Value, JsonError> {
    from_str_keeping(text, |_| true)
}

/// As [`from_str`], but object members (at any depth) whose key `keep`
/// refuses are read past, checked but not kept.
pub fn from_str_keeping(text: &str, keep: fn(&str) -> bool) -> Result<Value, JsonError> {
    let mut r = Reader::new(text);
    let value = value::read(&mut r, 0, keep)?;
    r.end()?;
    Ok(value)
}

/// As [`from_str_keeping`], for an object with a long array under `list`:
/// its items go to `each` as they are read (each can be turned into what
/// is kept of it before the next is read), and the member reads as an
/// empty array. See [`value::read_streaming`].
pub fn from_str_streaming(
    text: &str,
    keep: fn(&str) -> bool,
    list: &str,
    each: &mut dyn FnMut(Value),
) -> Result<Value, JsonError> {
    let mut r = Reader::new(text);
    let value = value::read_streaming(&mut r, keep, list, each)?;
    r.end()?;
    Ok(value)
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
