//! Element ids for ARIA references (`aria-describedby`, `aria-controls`,
//! `aria-labelledby`).

use std::cell::Cell;

use yew::AttrValue;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A fresh number, unique within the page (never 0): names a sign-in form
/// to its provider, and makes element ids.
pub fn next_number() -> u32 {
    NEXT_ID.with(|c| {
        let n = c.get().wrapping_add(1).max(1);
        c.set(n);
        n
    })
}

/// A fresh element id, `<prefix>-<n>`, unique within the page (and so within
/// any shadow root). Made from a counter, never from data.
pub fn next_id(prefix: &str) -> AttrValue {
    let n = next_number();
    let mut id = String::with_capacity(prefix.len() + 8);
    id.push_str(prefix);
    id.push('-');
    id.push_str(&n.to_string());
    AttrValue::from(id)
}
