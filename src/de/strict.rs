//! Strict field readers: a value of the wrong kind is an error that says
//! what was found and how to write it instead.
//!
//! Serde's stock message ("invalid type: integer `5`, expected a string") is
//! correct but does not tell a YAML author to quote the value; ours does.
//! The messages carry no path: the reader that tracks paths adds it (see
//! [`PathError`](super::PathError)), and for YAML serde_yaml the line and
//! column.

use super::kind::{ByKind, Kind, ReadByKind};
use serde::de::{self, Deserialize, Deserializer, MapAccess};
use std::fmt;
use std::marker::PhantomData;

/// A string that refuses every non-string input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictString(pub String);

impl<'de> Deserialize<'de> for StrictString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        validated(d, |v| Ok(StrictString(v.to_owned())))
    }
}

/// A strict string, checked by `check` (which says what is wrong). The
/// check runs inside the visitor, so that format deserializers which attach
/// positions to visitor errors (serde_yaml) point at the offending value
/// rather than at the enclosing mapping.
pub fn validated<'de, D, T, F>(d: D, check: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    F: FnOnce(&str) -> Result<T, String>,
{
    d.deserialize_any(ByKind(Validate(check)))
}

struct Validate<F>(F);

impl<T, F: FnOnce(&str) -> Result<T, String>> ReadByKind<'_> for Validate<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<T, E> {
        match kind {
            Kind::Str(v) => (self.0)(v).map_err(E::custom),
            _ => Err(E::custom(not_a_string(kind))),
        }
    }
}

/// Why a value that is not a string will not do, and how to write it as
/// one. Not generic: every checked string shares one copy.
fn not_a_string(kind: Kind<'_>) -> String {
    let literal = match kind {
        Kind::Null => {
            return String::from(
                "expected a string, found nothing (null); write a value or remove the key",
            )
        }
        Kind::Bool(v) => Some(String::from(if v { "true" } else { "false" })),
        Kind::Signed(v) => Some(v.to_string()),
        Kind::Unsigned(v) => Some(v.to_string()),
        Kind::Float(v) => Some(float_text(v)),
        Kind::Str(_) | Kind::List | Kind::Map => None,
    };
    let mut msg = String::from("expected a string, found ");
    msg.push_str(kind.noun());
    if let Some(lit) = literal {
        msg.push_str("; put the value in quotes: \"");
        msg.push_str(&lit);
        msg.push('"');
    }
    msg
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

/// A block that must be a mapping, read with [`mapping`] or
/// [`opt_mapping`].
pub trait Block: Sized {
    /// What the block should look like, phrased after "expected " ("a
    /// mapping with accessUrl, ...").
    const EXPECTED: &'static str;
}

/// Deserializes a required mapping block: anything else (including null) is
/// an error. Derived structs alone would also accept a list of values.
pub fn mapping<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Block,
{
    opt_mapping(d)?.ok_or_else(|| de::Error::custom(found_instead(T::EXPECTED, Kind::Null)))
}

/// Like [`mapping`], but null or a missing value is `None`.
pub fn opt_mapping<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Block,
{
    d.deserialize_any(ByKind(Mapping::<T>(PhantomData)))
}

/// "expected <expected>, found <kind>"; not generic, so one copy serves
/// every block.
fn found_instead(expected: &str, kind: Kind<'_>) -> String {
    let mut msg = String::from("expected ");
    msg.push_str(expected);
    msg.push_str(", found ");
    msg.push_str(kind.noun());
    msg
}

struct Mapping<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Block> ReadByKind<'de> for Mapping<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTED)
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Option<T>, E> {
        match kind {
            Kind::Null => Ok(None),
            _ => Err(E::custom(found_instead(T::EXPECTED, kind))),
        }
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
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
