//! Tolerant field readers for data we do not control (Coder API answers,
//! Backstage entities): a value of the wrong type becomes "absent" instead
//! of failing the whole document, so one odd workspace or annotation never
//! blanks the card.

use super::kind::{ByKind, Kind, ReadByKind};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess};
use std::fmt;
use std::marker::PhantomData;

/// A string if the value is one, `None` for anything else (null, numbers,
/// lists, mappings). Use with `#[serde(default, deserialize_with = ...)]`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(ByKind(OptString))
}

/// A string if the value is one, `""` otherwise.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    opt_string(d).map(Option::unwrap_or_default)
}

/// A string that is present and not empty; `""` and non-strings are `None`
/// (Coder sends `""` for "no icon" / "no display name").
pub fn opt_nonempty<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    opt_string(d).map(|s| s.filter(|s| !s.is_empty()))
}

/// A string in any case: the value behind [`opt_string`] and [`string`].
pub struct LenientString(pub Option<String>);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        opt_string(d).map(LenientString)
    }
}

struct OptString;

impl ReadByKind<'_> for OptString {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Option<String>, E> {
        Ok(match kind {
            Kind::Str(s) => Some(s.to_owned()),
            _ => None,
        })
    }
}

/// Deserializes `T` from a mapping; `null`, a missing value or any
/// non-mapping gives `T::default()`. Errors *inside* the mapping still
/// propagate (so strict sub-fields stay strict).
pub fn map_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    IfMap::deserialize(d).map(|IfMap(value)| value.unwrap_or_default())
}

/// `Some` for a mapping, `None` for anything else.
struct IfMap<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for IfMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ByKind(IfMapReader(PhantomData)))
    }
}

struct IfMapReader<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> ReadByKind<'de> for IfMapReader<T> {
    type Value = IfMap<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn other<E: de::Error>(self, _: Kind<'_>) -> Result<IfMap<T>, E> {
        Ok(IfMap(None))
    }

    fn map<A: MapAccess<'de>>(self, map: A) -> Result<IfMap<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(|t| IfMap(Some(t)))
    }
}

/// A list in which elements that are not mappings (`null`, strings, ...) are
/// dropped instead of failing the list; `null` or a non-list gives an empty
/// list. `T` must tolerate odd fields itself (it does for the Coder types).
pub fn list_of_maps<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ByKind(ListOfMaps(PhantomData, false)))
}

/// As [`list_of_maps`], but only a list or `null` will do: anything else
/// is an error (for a list that is the whole point of its document).
pub fn required_list_of_maps<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ByKind(ListOfMaps(PhantomData, true)))
}

/// Reads a list of mappings; with `.1` set, refuses what is not a list.
struct ListOfMaps<T>(PhantomData<T>, bool);

impl<'de, T: Deserialize<'de>> ReadByKind<'de> for ListOfMaps<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Vec<T>, E> {
        match kind {
            Kind::Null => Ok(Vec::new()),
            _ if self.1 => Err(self.invalid(kind.unexpected())),
            _ => Ok(Vec::new()),
        }
    }

    fn list<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        while let Some(IfMap(item)) = seq.next_element::<IfMap<T>>()? {
            out.extend(item);
        }
        Ok(out)
    }
}

/// A non-negative integer if the value is one, `0` otherwise (also for
/// fractional, negative or out-of-range numbers).
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(ByKind(Count))
}

struct Count;

impl ReadByKind<'_> for Count {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<u64, E> {
        Ok(match kind {
            Kind::Unsigned(v) => v,
            Kind::Signed(v) => u64::try_from(v).unwrap_or(0),
            // JS numbers arrive as f64 when they are not safe integers.
            Kind::Float(v) if v >= 0.0 && v.fract() == 0.0 && v <= u64::MAX as f64 => v as u64,
            _ => 0,
        })
    }
}

/// A mapping's entries whose key and value are both strings, in order;
/// other entries are skipped, and a non-mapping has none.
pub fn string_pairs<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
    d.deserialize_any(ByKind(StringPairs))
}

struct StringPairs;

impl<'de> ReadByKind<'de> for StringPairs {
    type Value = Vec<(String, String)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn other<E: de::Error>(self, _: Kind<'_>) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(LenientString(key)) = map.next_key()? {
            let LenientString(value) = map.next_value()?;
            if let (Some(k), Some(v)) = (key, value) {
                out.push((k, v));
            }
        }
        Ok(out)
    }
}
