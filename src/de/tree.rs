//! Tree-shaped values (JS objects in the browser, JSON values in native
//! tests) as one shape of node, so the config readers walk either the same
//! way (see `config::tree`).

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

/// A tree-shaped value the config readers can walk.
pub trait Tree: Sized {
    /// The node's content (children as trees of their own).
    fn node(&self) -> Node<Self>;
}

#[cfg(test)]
mod json_value {
    //! `serde_json::Value` as a tree, so native tests can compare the tree
    //! readers with the serde readers over serde_json.
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
