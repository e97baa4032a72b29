//! Any JSON value, for the small answers read by a field or two (a new
//! build's id, a template's active version, the regions, a permission
//! check): one type, so one deserializer instantiation serves them all
//! instead of one per answer shape (each costs about 2 KB of wasm).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value. Objects keep their entries in order (duplicates too).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null` (and what an absent key reads as).
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Value>),
    /// An object.
    Map(Vec<(String, Value)>),
}

static NULL: Value = Value::Null;

impl Value {
    /// The first entry `key` of an object; `null` for anything else.
    pub fn get(&self, key: &str) -> &Value {
        self.entries()
            .iter()
            .find(|(k, _)| k == key)
            .map_or(&NULL, |(_, v)| v)
    }

    /// Element `index` of an array; `null` for anything else.
    pub fn at(&self, index: usize) -> &Value {
        self.items().get(index).unwrap_or(&NULL)
    }

    /// The string, if this is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The string, if this is a non-empty one.
    pub fn nonempty(&self) -> Option<&str> {
        self.text().filter(|t| !t.is_empty())
    }

    /// True only for `true`.
    pub fn flag(&self) -> bool {
        matches!(self, Value::Bool(true))
    }

    /// An array's elements; none for anything else.
    pub fn items(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            _ => &[],
        }
    }

    /// An object's entries; none for anything else.
    pub fn entries(&self) -> &[(String, Value)] {
        match self {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Text(v.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::json::from_str;

    #[test]
    fn reads_any_value_and_answers_absent_paths_with_null() {
        let v: Value = from_str(r#"{"a":[1,"x",true,null,{"b":-2.5}],"a":"dup","e":""}"#).unwrap();
        assert_eq!(v.get("a").at(1).text(), Some("x"));
        assert!(v.get("a").at(2).flag());
        assert_eq!(v.get("a").at(4).get("b"), &Value::Number(-2.5));
        assert_eq!(v.get("a").at(9), &Value::Null);
        assert_eq!(v.get("nope").get("deeper").at(0).text(), None);
        assert_eq!(v.get("e").nonempty(), None);
        assert_eq!(v.entries().len(), 3, "duplicates are kept, the first wins");
        assert!(v.get("a").at(0).items().is_empty());
        assert!(!Value::Text("true".into()).flag());
    }

    #[test]
    fn nesting_is_limited_by_the_reader() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(from_str::<Value>(&deep).is_err());
    }
}
