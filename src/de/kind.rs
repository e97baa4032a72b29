//! One serde `Visitor` for readers that decide by the kind of value they
//! meet: a reader says what it does with a scalar, a list and a mapping,
//! and [`ByKind`] routes serde's dozen `visit_*` calls to those.
//!
//! The YAML probes use it. The field readers that reach the Backstage
//! bundle ([`lenient`](super::lenient), [`strict`](super::strict), the
//! config's parameter readers) keep visitors of their own: routed through
//! here they cost 2.2 KB of gzipped wasm, as the extra `Kind` step changes
//! what LLVM inlines into every deserializer that calls them.

use serde::de::{self, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The kind of a value, with the content of scalars. Lists and mappings
/// come without their items: readers that open them get them apart.
#[derive(Clone, Copy, Debug)]
pub enum Kind<'a> {
    /// `null`, a missing YAML value, `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A negative (or any, from JSON text and JS values) integer.
    Signed(i64),
    /// A non-negative integer from a format that has them (YAML).
    Unsigned(u64),
    /// A number that is not an exact integer.
    Float(f64),
    /// A string.
    Str(&'a str),
    /// A list (its items are not read).
    List,
    /// A mapping (its entries are not read).
    Map,
}

impl<'a> Kind<'a> {
    /// The value's kind as our messages name it, after "found " ("found a
    /// list"): plainer than serde's wording for YAML and JS authors.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Null => "nothing (null)",
            Kind::Bool(_) => "a boolean",
            Kind::Signed(_) | Kind::Unsigned(_) | Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::List => "a list",
            Kind::Map => "a mapping",
        }
    }

    /// serde's description of the value, for `invalid_type` errors.
    pub fn unexpected(self) -> de::Unexpected<'a> {
        match self {
            Kind::Null => de::Unexpected::Unit,
            Kind::Bool(b) => de::Unexpected::Bool(b),
            Kind::Signed(n) => de::Unexpected::Signed(n),
            Kind::Unsigned(n) => de::Unexpected::Unsigned(n),
            Kind::Float(n) => de::Unexpected::Float(n),
            Kind::Str(s) => de::Unexpected::Str(s),
            Kind::List => de::Unexpected::Seq,
            Kind::Map => de::Unexpected::Map,
        }
    }
}

/// A field reader that decides by the kind of value; read it with
/// `d.deserialize_any(ByKind(reader))`.
pub trait ReadByKind<'de>: Sized {
    /// What the reader produces.
    type Value;

    /// What the reader wants, phrased after "expected " (serde's own
    /// errors use it).
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// A value the reader does not open: every scalar, and lists and
    /// mappings unless [`list`](Self::list) or [`map`](Self::map) say
    /// otherwise.
    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Self::Value, E>;

    /// A list. By default [`other`](Self::other) decides, and the items
    /// are read past when it accepts (formats such as serde_json insist).
    fn list<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let value = self.other(Kind::List)?;
        skip_items(seq)?;
        Ok(value)
    }

    /// A mapping; by default as [`list`](Self::list).
    fn map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let value = self.other(Kind::Map)?;
        skip_entries(map)?;
        Ok(value)
    }

    /// A YAML tagged value (`!tag value`). Refused by default, with
    /// serde's message.
    fn tagged<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        let _ = data;
        Err(self.invalid(de::Unexpected::Enum))
    }

    /// serde's "invalid type: …, expected …" error, naming what this
    /// reader expects.
    fn invalid<E: de::Error>(&self, unexpected: de::Unexpected<'_>) -> E {
        E::invalid_type(unexpected, &Expecting(self))
    }
}

/// Reads past the rest of a list. Apart from the readers, and never
/// inlined, so that one copy per deserializer serves them all: the wasm
/// would otherwise hold this loop once for every reader.
#[inline(never)]
fn skip_items<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Reads past the rest of a mapping; see [`skip_items`].
#[inline(never)]
fn skip_entries<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// A reader as serde's `Expected`, for [`ReadByKind::invalid`].
struct Expecting<'r, R>(&'r R);

impl<'de, R: ReadByKind<'de>> de::Expected for Expecting<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// The visitor of a [`ReadByKind`] reader.
pub struct ByKind<R>(pub R);

impl<'de, R: ReadByKind<'de>> Visitor<'de> for ByKind<R> {
    type Value = R::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<R::Value, E> {
        self.0.other(Kind::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<R::Value, E> {
        self.0.other(Kind::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<R::Value, E> {
        self.0.other(Kind::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<R::Value, E> {
        self.0.other(Kind::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<R::Value, E> {
        self.0.other(Kind::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<R::Value, E> {
        self.0.other(Kind::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<R::Value, E> {
        self.0.other(Kind::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<R::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<R::Value, A::Error> {
        self.0.list(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<R::Value, A::Error> {
        self.0.map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<R::Value, A::Error> {
        self.0.tagged(data)
    }
}
