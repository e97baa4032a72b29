//! JS values as [`Tree`]s, so config and entities are read straight from
//! the objects the page hands us.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::tree::{Node, Tree};

impl Tree for JsValue {
    fn node(&self) -> Node<Self> {
        if self.is_null() || self.is_undefined() {
            Node::Null
        } else if let Some(b) = self.as_bool() {
            Node::Bool(b)
        } else if let Some(n) = self.as_f64() {
            Node::Number(n)
        } else if let Some(s) = self.as_string() {
            Node::Text(s)
        } else if Array::is_array(self) {
            Node::List(self.unchecked_ref::<Array>().iter().collect())
        } else if self.is_function() {
            Node::Unsupported("a function")
        } else if self.is_object() {
            entries(self).map_or(
                Node::Unsupported("an object whose properties cannot be read"),
                Node::Map,
            )
        } else {
            Node::Unsupported("a symbol or bigint")
        }
    }
}

/// An object's own string-keyed properties, in order. Through `Reflect`
/// (whose bindings catch) because a getter or a Proxy trap may throw, and a
/// JS exception must not unwind through the wasm.
fn entries(object: &JsValue) -> Option<Vec<(String, JsValue)>> {
    let keys = Reflect::own_keys(object).ok()?;
    keys.iter()
        .filter_map(|key| key.as_string().map(|name| (name, key)))
        .map(|(name, key)| Reflect::get(object, &key).ok().map(|value| (name, value)))
        .collect()
}
