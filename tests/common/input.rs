//! Keyboard and typing, as real DOM events (bubbling, composed, so they
//! cross shadow roots the way a user's do).
//!
//! The events are built in JS: the web-sys `KeyboardEventInit` and
//! `InputEventInit` dictionaries are not enabled features of this crate.

use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen(module = "/tests/common/harness.js")]
extern "C" {
    fn keydown(el: &Element, key: &str, shift_key: bool) -> bool;
    #[wasm_bindgen(js_name = typeText)]
    fn type_text_js(el: &Element, value: &str);
}

/// Presses `key` (a `KeyboardEvent.key` value) on `el`: dispatches a
/// cancellable `keydown`. Returns whether a handler cancelled it, i.e.
/// took the key over from the browser.
pub fn press(el: &Element, key: &str) -> bool {
    keydown(el, key, false)
}

/// [`press`] with Shift held.
pub fn press_shift(el: &Element, key: &str) -> bool {
    keydown(el, key, true)
}

/// Sets a field's value and dispatches the `input` event typing would.
pub fn type_text(el: &Element, value: &str) {
    type_text_js(el, value);
}
