//! A serde `Deserializer` over tree-shaped values (JS objects in the
//! browser, JSON values in native tests) that remembers where an error
//! happened, as the dotted path of the field (`workspaces.params.region`,
//! `repoUrlParamKeys[1]`).
//!
//! The wasm used serde-wasm-bindgen wrapped in serde_path_to_error for this;
//! together they cost ~75 KB of wasm, because the path tracker doubles every
//! visitor's monomorphisations. This one walks the value once, keeps the
//! path as a chain of borrowed segments on the stack, and formats it only
//! when an error surfaces. The config tests run every case through both and
//! compare.

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

/// Deeper than this is refused rather than risking the stack (a cyclic JS
/// object, a hostile document).
pub const MAX_DEPTH: usize = 64;

/// A deserialization error and the path of the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    path: Option<String>,
    message: String,
}

impl TreeError {
    /// The dotted path of the offending field, `""` for the root.
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or("")
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl de::Error for TreeError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        TreeError {
            path: None,
            message: message.to_string(),
        }
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {}",
            Described(unexpected),
            expected
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {}",
            Described(unexpected),
            expected
        ))
    }
}

/// serde's wording for an unexpected value, except that a float is not
/// printed: Rust's float formatting would add ~14 KB to the wasm for error
/// messages alone.
struct Described<'a>(de::Unexpected<'a>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected as U;
        match self.0 {
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(n) => write!(f, "integer `{n}`"),
            U::Signed(n) => write!(f, "integer `{n}`"),
            U::Float(_) => f.write_str("floating point number"),
            U::Char(c) => write!(f, "character `{c}`"),
            U::Str(s) => write!(f, "string {s:?}"),
            U::Bytes(_) => f.write_str("byte array"),
            U::Unit => f.write_str("unit value"),
            U::Option => f.write_str("Option value"),
            U::NewtypeStruct => f.write_str("newtype struct"),
            U::Seq => f.write_str("sequence"),
            U::Map => f.write_str("map"),
            U::Enum => f.write_str("enum"),
            U::UnitVariant => f.write_str("unit variant"),
            U::NewtypeVariant => f.write_str("newtype variant"),
            U::TupleVariant => f.write_str("tuple variant"),
            U::StructVariant => f.write_str("struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.path.as_deref().filter(|p| !p.is_empty()) {
            f.write_str(path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for TreeError {}

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

/// Pins an error that has no path yet to `path`: the deepest node it passed.
fn at<T>(result: Result<T, TreeError>, path: &Path<'_>) -> Result<T, TreeError> {
    result.map_err(|mut err| {
        if err.path.is_none() {
            err.path = Some(path.to_string());
        }
        err
    })
}

/// Deserializes a `T` from `tree`.
pub fn from_tree<'de, T: de::Deserialize<'de>, S: Tree>(tree: S) -> Result<T, TreeError> {
    at(
        T::deserialize(TreeDeserializer {
            tree,
            path: Path::Root,
        }),
        &Path::Root,
    )
}

struct TreeDeserializer<'a, S> {
    tree: S,
    path: Path<'a>,
}

/// Numbers that are exact integers go to `visit_i64`, like
/// serde-wasm-bindgen, so integer fields accept them.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de, S: Tree> Deserializer<'de> for TreeDeserializer<'_, S> {
    type Error = TreeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        if self.path.depth() > MAX_DEPTH {
            return Err(de::Error::custom("nested too deeply"));
        }
        match self.tree.node() {
            Node::Null => visitor.visit_unit(),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Number(n) if n.fract() == 0.0 && n.abs() <= MAX_SAFE_INTEGER => {
                visitor.visit_i64(n as i64)
            }
            Node::Number(n) => visitor.visit_f64(n),
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

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self.tree.node() {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
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
    ) -> Result<V::Value, TreeError> {
        if self.tree.is_list() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &visitor));
        }
        self.deserialize_any(visitor)
    }

    /// Unknown fields are skipped without reading them (a workspace object
    /// has dozens the card never uses).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
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
    type Error = TreeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TreeError> {
        let Some((index, tree)) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, index);
        at(seed.deserialize(TreeDeserializer { tree, path }), &path).map(Some)
    }
}

struct Entries<'p, 'a, I, S> {
    entries: I,
    pending: Option<(String, S)>,
    path: &'p Path<'a>,
}

impl<'de, S: Tree, I: Iterator<Item = (String, S)>> MapAccess<'de> for Entries<'_, '_, I, S> {
    type Error = TreeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TreeError> {
        let Some((key, tree)) = self.entries.next() else {
            return Ok(None);
        };
        let value = seed.deserialize(de::value::StrDeserializer::<TreeError>::new(&key));
        self.pending = Some((key, tree));
        value.map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TreeError> {
        let (key, tree) = self
            .pending
            .take()
            .ok_or_else(|| <TreeError as de::Error>::custom("a value without a key"))?;
        let path = Path::Key(self.path, &key);
        at(seed.deserialize(TreeDeserializer { tree, path }), &path)
    }
}

#[cfg(test)]
pub(crate) mod json {
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

    fn err(value: serde_json::Value) -> TreeError {
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

    /// serde's own wording, except floats (not printed: see [`Described`]).
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
