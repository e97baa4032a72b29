//! Strict field readers: a value of the wrong kind is an error that says
//! what was found and how to write it instead.
//!
//! Serde's stock message ("invalid type: integer `5`, expected a string") is
//! correct but does not tell a YAML author to quote the value; ours does.
//! The messages carry no path: the reader that tracks paths adds it (see
//! [`PathError`](super::PathError)), and for YAML serde_yaml the line and
//! column.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A string that refuses every non-string input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictString(pub String);

impl<'de> Deserialize<'de> for StrictString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictStringVisitor).map(StrictString)
    }
}

/// A strict string, checked by `check` (which says what is wrong).
pub fn validated<'de, D, T, F>(d: D, check: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, String>,
{
    d.deserialize_any(Validate(check))
}

/// The visitor behind [`StrictString`], and behind [`Validate`] for what
/// is not a string.
struct StrictStringVisitor;

/// "expected a string, found `what`" plus a quoting hint for scalars
/// (`literal`, the value as written).
pub fn not_a_string(what: &str, literal: Option<&str>) -> String {
    let mut msg = String::from("expected a string, found ");
    msg.push_str(what);
    if let Some(lit) = literal {
        msg.push_str("; put the value in quotes: \"");
        msg.push_str(lit);
        msg.push('"');
    }
    msg
}

/// What a strict string says of null.
pub const NULL_NOT_A_STRING: &str =
    "expected a string, found nothing (null); write a value or remove the key";

fn found<E: de::Error>(what: &str, literal: Option<&str>) -> E {
    E::custom(not_a_string(what, literal))
}

/// A number as written, for hints: an exact integer as one, else as JS
/// prints it.
pub fn number_text(n: f64) -> String {
    match super::limits::exact_integer(n) {
        Some(i) => i.to_string(),
        None => float_text(n),
    }
}

/// A float as text, for hints. In the browser the JS engine formats it:
/// Rust's float printing would add ~14 KB to the wasm for this one message.
fn float_text(v: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(v)
            .to_string_with_radix(10)
            .map(String::from)
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        v.to_string()
    }
}

impl<'de> Visitor<'de> for StrictStringVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        let lit = if v { "true" } else { "false" };
        Err(found("a boolean", Some(lit)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Err(found("a number", Some(&v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Err(found("a number", Some(&v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Err(found("a number", Some(&float_text(v))))
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Err(E::custom(NULL_NOT_A_STRING))
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        self.visit_unit()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _seq: A) -> Result<String, A::Error> {
        Err(found("a list", None))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _map: A) -> Result<String, A::Error> {
        Err(found("a mapping", None))
    }
}

/// A string visitor that validates inside `visit_str`, so that format
/// deserializers which attach positions to visitor errors (serde_yaml) point
/// at the offending value rather than at the enclosing mapping.
struct Validate<F>(F);

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> Visitor<'de> for Validate<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<T, E> {
        StrictStringVisitor
            .visit_bool(v)
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        StrictStringVisitor
            .visit_i64(v)
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        StrictStringVisitor
            .visit_u64(v)
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<T, E> {
        StrictStringVisitor
            .visit_f64(v)
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        StrictStringVisitor
            .visit_unit()
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_none<E: de::Error>(self) -> Result<T, E> {
        self.visit_unit()
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        StrictStringVisitor
            .visit_seq(seq)
            .and_then(|s| self.visit_str(&s))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        StrictStringVisitor
            .visit_map(map)
            .and_then(|s| self.visit_str(&s))
    }
}

/// A configuration block that must be a mapping: `expected` describes it
/// for error messages ("a mapping with accessUrl, ...").
pub trait Block: Sized {
    /// What the block should look like, phrased after "expected ".
    const EXPECTED: &'static str;
}

/// Deserializes a required mapping block: anything else (including null) is
/// an error. Derived structs alone would also accept a list of values.
pub fn mapping<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Block,
{
    d.deserialize_any(MappingVisitor::<T>(PhantomData))?
        .ok_or_else(|| de::Error::custom(found_instead::<T>("nothing (null)")))
}

/// Like [`mapping`], but null or a missing value is `None`.
pub fn opt_mapping<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Block,
{
    d.deserialize_any(MappingVisitor::<T>(PhantomData))
}

fn found_instead<T: Block>(what: &str) -> String {
    expected_found(T::EXPECTED, what)
}

/// "expected `expected`, found `what`".
pub fn expected_found(expected: &str, what: &str) -> String {
    let mut msg = String::from("expected ");
    msg.push_str(expected);
    msg.push_str(", found ");
    msg.push_str(what);
    msg
}

struct MappingVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Block> Visitor<'de> for MappingVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(E::custom(found_instead::<T>("a string")))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Err(E::custom(found_instead::<T>("a boolean")))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Err(E::custom(found_instead::<T>("a number")))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Err(E::custom(found_instead::<T>("a number")))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom(found_instead::<T>("a number")))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::custom(found_instead::<T>("a list")))
    }
}

/// A root block: lets a path-tracking reader require a mapping at the top
/// level, where there is no field to put `deserialize_with` on.
pub struct Root<T>(pub T);

impl<'de, T: Deserialize<'de> + Block> Deserialize<'de> for Root<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        mapping(d).map(Root)
    }
}
