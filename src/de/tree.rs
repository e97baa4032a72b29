//! A serde `Deserializer` over tree-shaped values (JS objects in the
//! browser, JSON values in native tests) that remembers where an error
//! happened, as the dotted path of the field (see [`PathError`]).
//!
//! The wasm used serde-wasm-bindgen wrapped in serde_path_to_error for this;
//! together they cost ~75 KB of wasm, because the path tracker doubles every
//! visitor's monomorphisations. This one walks the value once, keeps the
//! path as a chain of borrowed segments on the stack, and formats it only
//! when an error surfaces. The config tests run every case through both and
//! compare.

use super::limits::{exact_integer, MAX_DEPTH};
use super::path::PathError;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// What one node of the tree holds.
pub enum Node<T> {
    /// `null` or `undefined`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    Text(String),
    /// An array, in order.
    List(Vec<T>),
    /// An object's own entries, in order.
    Map(Vec<(String, T)>),
    /// A value with no data-model equivalent; says what it was.
    Unsupported(&'static str),
}

/// A tree-shaped value the deserializer can walk.
pub trait Tree: Sized {
    /// The node's content (children as trees of their own).
    fn node(&self) -> Node<Self>;

    /// Whether the node is a list, without reading its content.
    fn is_list(&self) -> bool {
        matches!(self.node(), Node::List(_))
    }
}

/// Where a node sits: a chain of segments borrowed from the callers' frames.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn depth(&self) -> usize {
        match self {
            Path::Root => 0,
            Path::Key(parent, _) | Path::Index(parent, _) => parent.depth() + 1,
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(parent, key) => {
                parent.fmt(f)?;
                if !matches!(parent, Path::Root) {
                    f.write_str(".")?;
                }
                f.write_str(key)
            }
            Path::Index(parent, index) => {
                parent.fmt(f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

/// Deserializes a `T` from `tree`.
pub fn from_tree<'de, T: de::Deserialize<'de>, S: Tree>(tree: S) -> Result<T, PathError> {
    T::deserialize(TreeDeserializer {
        tree,
        path: Path::Root,
    })
    .map_err(|e| e.or_at(&Path::Root))
}

struct TreeDeserializer<'a, S> {
    tree: S,
    path: Path<'a>,
}

impl<'de, S: Tree> Deserializer<'de> for TreeDeserializer<'_, S> {
    type Error = PathError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        if self.path.depth() > MAX_DEPTH {
            return Err(de::Error::custom("nested too deeply"));
        }
        match self.tree.node() {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Number(n) => match exact_integer(n) {
                Some(i) => visitor.visit_i64(i),
                None => visitor.visit_f64(n),
            },
            // Always `visit_str`: one visitor method per type instead of two.
            Node::Text(s) => visitor.visit_str(&s),
            Node::List(items) => visitor.visit_seq(Items {
                items: items.into_iter().enumerate(),
                path: &self.path,
            }),
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                pending: None,
                path: &self.path,
            }),
            Node::Unsupported(what) => Err(de::Error::invalid_type(
                de::Unexpected::Other(what),
                &visitor,
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        match self.tree.node() {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, PathError> {
        visitor.visit_newtype_struct(self)
    }

    /// A struct is read from an object only: serde's derive would also
    /// take a list as the fields in order, so `[...]` where a mapping is
    /// expected would pass for one.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, PathError> {
        if self.tree.is_list() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor));
        }
        self.deserialize_any(visitor)
    }

    /// Unknown fields are skipped without reading them (a workspace object
    /// has dozens the card never uses).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, PathError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map
        enum identifier
    }
}

struct Items<'p, 'a, I> {
    items: I,
    path: &'p Path<'a>,
}

impl<'de, S: Tree, I: Iterator<Item = (usize, S)>> SeqAccess<'de> for Items<'_, '_, I> {
    type Error = PathError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, PathError> {
        let Some((index, tree)) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, index);
        seed.deserialize(TreeDeserializer { tree, path })
            .map(Some)
            .map_err(|e| e.or_at(&path))
    }
}

struct Entries<'p, 'a, I, S> {
    entries: I,
    pending: Option<(String, S)>,
    path: &'p Path<'a>,
}

impl<'de, S: Tree, I: Iterator<Item = (String, S)>> MapAccess<'de> for Entries<'_, '_, I, S> {
    type Error = PathError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, PathError> {
        let Some((key, tree)) = self.entries.next() else {
            return Ok(None);
        };
        let value = seed.deserialize(de::value::StrDeserializer::<PathError>::new(&key));
        self.pending = Some((key, tree));
        value.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, PathError> {
        let (key, tree) = self
            .pending
            .take()
            .ok_or_else(|| <PathError as de::Error>::custom("a value without a key"))?;
        let path = Path::Key(self.path, &key);
        seed.deserialize(TreeDeserializer { tree, path })
            .map_err(|e| e.or_at(&path))
    }
}

#[cfg(test)]
mod json_value {
    //! `serde_json::Value` as a tree, so native tests can compare this
    //! deserializer with serde_path_to_error over serde_json.
    use super::{Node, Tree};

    impl Tree for serde_json::Value {
        fn node(&self) -> Node<Self> {
            use serde_json::Value as V;
            match self {
                V::Null => Node::Null,
                V::Bool(b) => Node::Bool(*b),
                V::Number(n) => Node::Number(n.as_f64().unwrap_or(f64::NAN)),
                V::String(s) => Node::Text(s.clone()),
                V::Array(items) => Node::List(items.clone()),
                V::Object(map) => {
                    Node::Map(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        inner: Inner,
        list: Vec<u8>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        flag: bool,
    }

    fn err(value: serde_json::Value) -> PathError {
        from_tree::<Outer, _>(value).expect_err("should fail")
    }

    #[test]
    fn errors_carry_the_path_of_the_field() {
        let e = err(json!({ "name": "x", "inner": { "flag": "yes" }, "list": [] }));
        assert_eq!(e.path(), "inner.flag");
        assert!(
            e.message().starts_with("invalid type: string \"yes\""),
            "{e}"
        );

        let e = err(json!({ "name": "x", "inner": { "flag": true }, "list": [1, "b"] }));
        assert_eq!(e.path(), "list[1]");

        let e = err(json!({ "name": "x", "inner": {}, "list": [] }));
        assert_eq!(e.path(), "inner");
        assert_eq!(e.message(), "missing field `flag`");

        let e = err(json!([]));
        assert_eq!(e.path(), "");
        assert_eq!(e.to_string(), e.message());
    }

    /// serde's own wording, except floats (not printed: see `path::Described`).
    #[test]
    fn type_errors_use_serde_wording_without_printing_floats() {
        let e = err(json!({ "name": 1.5, "inner": { "flag": true }, "list": [] }));
        assert_eq!(
            e.message(),
            "invalid type: floating point number, expected a string"
        );
        let e = err(json!({ "name": 7, "inner": { "flag": true }, "list": [] }));
        assert_eq!(e.message(), "invalid type: integer `7`, expected a string");
        let e = err(json!({ "name": "x", "inner": { "flag": [true] }, "list": [] }));
        assert_eq!(e.message(), "invalid type: sequence, expected a boolean");
    }

    #[test]
    fn unknown_fields_and_nulls_as_options() {
        #[derive(Deserialize)]
        struct Opt {
            a: Option<String>,
        }
        let v: Opt = from_tree(json!({ "a": null, "zzz": { "deep": [1, 2, 3] } })).unwrap();
        assert_eq!(v.a, None);
    }

    /// A self-similar tree deeper than [`MAX_DEPTH`] is refused, not a
    /// stack overflow.
    #[test]
    fn deep_nesting_is_refused() {
        let mut value = json!("leaf");
        for _ in 0..(MAX_DEPTH + 10) {
            value = json!([value]);
        }
        let e = from_tree::<serde_json::Value, _>(value).expect_err("too deep");
        assert_eq!(e.message(), "nested too deeply");
        assert!(e.path().starts_with("[0][0]"), "{}", e.path());
    }
}
