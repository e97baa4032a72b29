//! Workspace parameters: an insertion-ordered string-to-string map.
//!
//! Order matters because the creation URL lists parameters in the order the
//! administrator wrote them (app params first, entity-only params after), the
//! way `URLSearchParams.set` does upstream; a `HashMap` would make the URL
//! change from run to run. The lists are a handful of entries, so a `Vec`
//! with linear lookup is both the smallest and the fastest choice.

use super::strings::NonEmptyString;
use crate::de::strict::StrictString;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;

/// Ordered `name → value` parameters for a Coder workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(Vec<(String, String)>);

impl Params {
    /// An empty parameter list.
    pub fn new() -> Self {
        Params(Vec::new())
    }

    /// The value for `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key`: an existing entry keeps its position and takes the new
    /// value; a new key goes to the end.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    /// Entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Params {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut params = Params::new();
        for (k, v) in iter {
            params.insert(k, v);
        }
        params
    }
}

/// Accepts a mapping of strings to strings; `null`/missing is an empty list.
/// Any other value (number, boolean, null, list) is an error that the caller's
/// path tracking pins to the offending key, e.g. `workspaces.params.region`.
impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParamsVisitor)
    }
}

struct ParamsVisitor;

/// What a list where `params` belong says.
pub(super) const A_LIST: &str = concat!(
    "expected a mapping of parameter names to string values, found a list; ",
    "write `name: value` pairs instead of `- item` entries"
);

pub(super) const NOT_A_MAPPING: &str =
    "expected a mapping of parameter names to string values, e.g. { region: eu-helsinki }";

impl<'de> Visitor<'de> for ParamsVisitor {
    type Value = Params;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(NOT_A_MAPPING)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
        let mut params = Params::new();
        while let Some(NonEmptyString(key)) = map.next_key()? {
            let StrictString(value) = map.next_value()?;
            // Only YAML can repeat a key (a JS object cannot); the last one
            // silently winning would hide a typo.
            if params.iter().any(|(k, _)| k == key) {
                let mut msg = String::from("the parameter `");
                msg.push_str(&key);
                msg.push_str("` is given twice; keep one");
                return Err(de::Error::custom(msg));
            }
            params.insert(key, value);
        }
        Ok(params)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, _seq: A) -> Result<Params, A::Error> {
        Err(de::Error::custom(A_LIST))
    }

    fn visit_str<E: de::Error>(self, _v: &str) -> Result<Params, E> {
        Err(E::custom(NOT_A_MAPPING))
    }

    fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Params, E> {
        Err(E::custom(NOT_A_MAPPING))
    }

    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Params, E> {
        Err(E::custom(NOT_A_MAPPING))
    }

    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Params, E> {
        Err(E::custom(NOT_A_MAPPING))
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Params, E> {
        Err(E::custom(NOT_A_MAPPING))
    }
}
