//! Any JSON value, and its reader: every answer from Coder is read into
//! one, then into the types that use it.

use super::read::Reader;
use super::JsonError;
use std::borrow::Cow;

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

    /// The first entry `key` of an object, if there is one (`null` or not).
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.entries()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Moves out the first entry `key` of an object (leaving `null`);
    /// `null` for anything else. Reading a type out of a value by taking
    /// its fields copies no string.
    pub fn take(&mut self, key: &str) -> Value {
        match self {
            Value::Map(entries) => entries
                .iter_mut()
                .find(|(k, _)| k == key)
                .map_or(Value::Null, |(_, v)| std::mem::take(v)),
            _ => Value::Null,
        }
    }

    /// The string, if this is one.
    pub fn into_text(self) -> Option<String> {
        match self {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// A string that is not empty (Coder sends `""` for "none").
    pub fn into_nonempty(self) -> Option<String> {
        self.into_text().filter(|t| !t.is_empty())
    }

    /// The string, or `""` for anything else.
    pub fn into_string(self) -> String {
        self.into_text().unwrap_or_default()
    }

    /// An array's elements; none for anything else.
    pub fn into_items(self) -> Vec<Value> {
        match self {
            Value::List(items) => items,
            _ => Vec::new(),
        }
    }

    /// The objects of an array read as `T` (other elements dropped); none
    /// for anything but an array.
    pub fn into_maps<T>(self, read: fn(Value) -> T) -> Vec<T> {
        let maps = self.into_items().into_iter();
        maps.filter(|v| matches!(v, Value::Map(_)))
            .map(read)
            .collect()
    }

    /// The strings of an array (other elements dropped).
    pub fn into_strings(self) -> Vec<String> {
        self.into_items()
            .into_iter()
            .filter_map(Value::into_text)
            .collect()
    }

    /// A whole non-negative number; `0` for anything else.
    pub fn count(&self) -> u64 {
        match *self {
            Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => n as u64,
            _ => 0,
        }
    }
}

/// Reads the value at `r` (at nesting `depth`), keeping the object members
/// whose key `keep` accepts.
pub(super) fn read(
    r: &mut Reader<'_>,
    depth: usize,
    keep: fn(&str) -> bool,
) -> Result<Value, JsonError> {
    r.check_depth(depth)?;
    Ok(match r.value_start()? {
        b'n' => {
            r.word(b"null")?;
            Value::Null
        }
        b't' => {
            r.word(b"true")?;
            Value::Bool(true)
        }
        b'f' => {
            r.word(b"false")?;
            Value::Bool(false)
        }
        b'"' => Value::Text(r.string()?.into_owned()),
        b'-' | b'0'..=b'9' => Value::Number(r.number()?),
        b'[' => {
            let mut items = Vec::new();
            r.each_item(b']', |r| {
                items.push(read(r, depth + 1, keep)?);
                Ok(())
            })?;
            Value::List(items)
        }
        b'{' => {
            let mut entries = Vec::new();
            r.each_item(b'}', |r| {
                let key = r.key()?;
                member(r, key, depth + 1, keep, &mut entries)
            })?;
            Value::Map(entries)
        }
        _ => return Err(r.error("a character that cannot start a value")),
    })
}

/// An object member at `depth` whose key was just read: kept in `entries`
/// when `keep` takes its key, else read past.
fn member(
    r: &mut Reader<'_>,
    key: Cow<'_, str>,
    depth: usize,
    keep: fn(&str) -> bool,
    entries: &mut Vec<(String, Value)>,
) -> Result<(), JsonError> {
    if keep(&key) {
        entries.push((key.into_owned(), read(r, depth, keep)?));
        Ok(())
    } else {
        r.skip_value(depth)
    }
}

/// Reads an object whose member `list`, when an array, hands its items to
/// `each` one at a time as they are read, and reads as an empty array
/// itself (only its first occurrence: later ones read as any member).
/// Anything but an object reads as `read` would.
pub(super) fn read_streaming(
    r: &mut Reader<'_>,
    keep: fn(&str) -> bool,
    list: &str,
    each: &mut dyn FnMut(Value),
) -> Result<Value, JsonError> {
    if r.value_start()? != b'{' {
        return read(r, 0, keep);
    }
    let mut entries = Vec::new();
    let mut streamed = false;
    r.each_item(b'}', |r| {
        let key = r.key()?;
        if streamed || key != list || r.value_start()? != b'[' {
            return member(r, key, 1, keep, &mut entries);
        }
        streamed = true;
        r.each_item(b']', |r| {
            each(read(r, 2, keep)?);
            Ok(())
        })?;
        entries.push((key.into_owned(), Value::List(Vec::new())));
        Ok(())
    })?;
    Ok(Value::Map(entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::de::json::{from_str, from_str_keeping, from_str_streaming};

    #[test]
    fn reads_any_value_and_answers_absent_paths_with_null() {
        let v = from_str(r#"{"a":[1,"x",true,null,{"b":-2.5}],"a":"dup","e":""}"#).unwrap();
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
        assert!(from_str(&deep).is_err());
    }

    #[test]
    fn a_streamed_list_hands_out_its_items_and_reads_as_empty() {
        let text = r#"{"n":1,"skip":2,"l":[{"a":1,"skip":3},"x",[]],"l":[9]}"#;
        let mut items = Vec::new();
        let v = from_str_streaming(text, |k| k != "skip", "l", &mut |i| items.push(i)).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].entries().len(), 1, "items keep only kept keys");
        assert_eq!(items[1].text(), Some("x"));
        assert_eq!(v.field("l"), Some(&Value::List(Vec::new())));
        assert_eq!(v.entries().len(), 3, "n, the streamed l, the second l");
        assert_eq!(v.entries()[2].1.at(0), &Value::Number(9.0));
        // Not an array, or not an object: read as a whole.
        let v = from_str_streaming(r#"{"l":null}"#, |_| true, "l", &mut |_| panic!()).unwrap();
        assert_eq!(v.field("l"), Some(&Value::Null));
        let v = from_str_streaming("[1]", |_| true, "l", &mut |_| panic!()).unwrap();
        assert_eq!(v.at(0), &Value::Number(1.0));
        // Broken text is refused wherever it breaks, and as deep as ever.
        assert!(from_str_streaming(r#"{"l":[1,]}"#, |_| true, "l", &mut drop).is_err());
        assert!(from_str_streaming(r#"{"l":[1]"#, |_| true, "l", &mut drop).is_err());
        assert!(from_str_streaming(r#"{"l":[]} x"#, |_| true, "l", &mut drop).is_err());
        for n in [126, 127] {
            let deep = format!(r#"{{"l":[{}{}]}}"#, "[".repeat(n), "]".repeat(n));
            let streamed = from_str_streaming(&deep, |_| true, "l", &mut drop).map(drop);
            assert_eq!(streamed, from_str(&deep).map(drop), "the same limit at {n}");
        }
        let deep = format!(r#"{{"l":[{}]}}"#, "[".repeat(128));
        let err = from_str_streaming(&deep, |_| true, "l", &mut drop).unwrap_err();
        assert_eq!(err.what, "nesting deeper than 128 levels");
    }

    #[test]
    fn a_keep_rule_drops_members_at_every_depth_but_still_checks_them() {
        let keep = |k: &str| k != "skip";
        let text = r#"{"a":{"skip":[1,{"x":2}],"b":3},"skip":"x","c":[{"skip":1,"d":4}]}"#;
        let v = from_str_keeping(text, keep).unwrap();
        assert_eq!(v.entries().len(), 2);
        assert_eq!(v.get("a").entries().len(), 1);
        assert_eq!(v.get("a").get("b"), &Value::Number(3.0));
        assert_eq!(v.get("c").at(0).entries().len(), 1);
        assert!(from_str_keeping(r#"{"skip":[1,,2]}"#, keep).is_err());
        let deep = format!(r#"{{"skip":{}}}"#, "[".repeat(200));
        assert!(from_str_keeping(&deep, keep).is_err());
    }

    #[test]
    fn taking_moves_fields_out_and_lenient_readers_default_the_rest() {
        let mut v = from_str(
            r#"{"s":"x","s":"y","e":"","n":5,"l":[{"a":1},2,"t",{}],"f":-1,"g":2.5,"h":3.0}"#,
        )
        .unwrap();
        assert_eq!(v.take("s").into_string(), "x");
        assert_eq!(v.take("s").into_string(), "", "the first entry, once");
        assert_eq!(v.take("e").into_nonempty(), None);
        assert_eq!(v.take("n").into_text(), None);
        assert_eq!(v.get("l").clone().into_maps(|m| m.entries().len()), [1, 0]);
        assert_eq!(v.take("l").into_strings(), ["t"]);
        assert_eq!(v.get("f").count(), 0);
        assert_eq!(v.get("g").count(), 0);
        assert_eq!(v.get("h").count(), 3);
        assert_eq!(v.field("missing"), None);
        assert_eq!(v.field("n"), Some(&Value::Null), "taken");
        assert_eq!(v.field("f"), Some(&Value::Number(-1.0)));
        assert_eq!(Value::Text("x".into()).take("k"), Value::Null);
        assert!(Value::Bool(true).into_items().is_empty());
    }
}
