//! An inline error shown in place of content.

use yew::prelude::*;

/// An alert box with a title ("Configuration error") and the specific
/// message (what, where, how to fix). Text only: nothing from the message
/// is ever interpreted as markup. A function, not a component: it has no
/// state, and each component type costs about 2 KB of wasm.
pub fn error_box(title: AttrValue, message: AttrValue) -> Html {
    html! {
        <div class="error" role="alert">
            <strong class="error-title">{ title }</strong>
            <p class="error-message">{ message }</p>
        </div>
    }
}
