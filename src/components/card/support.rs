//! Helpers shared by the card's parts: unique element ids, a cancel-on-drop
//! timer and visually hidden text.

use std::cell::Cell;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// A fresh element id, `<prefix>-<n>`, unique within the page (and so within
/// any shadow root). Made from a counter, never from data.
pub fn next_id(prefix: &str) -> AttrValue {
    let n = NEXT_ID.with(|c| {
        let n = c.get().wrapping_add(1);
        c.set(n);
        n
    });
    let mut id = String::with_capacity(prefix.len() + 8);
    id.push_str(prefix);
    id.push('-');
    id.push_str(&n.to_string());
    AttrValue::from(id)
}

/// A one-shot `setTimeout` that is cleared when dropped, so a component
/// holding one leaves no timer behind when it unmounts.
pub struct Timeout {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    /// Calls `f` after `ms` milliseconds unless dropped first. `None` when
    /// there is no window (not in a browser).
    pub fn new(ms: u32, f: impl FnOnce() + 'static) -> Option<Self> {
        let callback = Closure::once(f);
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                i32::try_from(ms).unwrap_or(i32::MAX),
            )
            .ok()?;
        Some(Self {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Props of [`VisuallyHidden`].
#[derive(Properties, PartialEq)]
pub struct VisuallyHiddenProps {
    /// The text for assistive technology.
    pub children: Html,
}

/// Text that screen readers read but that takes no visible space (the
/// `.sr-only` class, which other parts also use directly).
#[function_component]
pub fn VisuallyHidden(props: &VisuallyHiddenProps) -> Html {
    html! { <span class="sr-only">{ props.children.clone() }</span> }
}
