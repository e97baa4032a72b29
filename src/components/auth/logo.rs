//! The Coder mark, drawn for this project: a "C" and, after it, a smaller
//! filled square.

use yew::prelude::*;

/// A small decorative Coder logo (40×20). It is `aria-hidden` and takes the
/// text colour (`currentColor`), so it follows light and dark themes.
/// A function, not a component: it has no state, and each component type
/// costs about 2 KB of wasm.
pub fn coder_logo() -> Html {
    // The C is an open ring (a stroked arc, its gap facing the square); the
    // square sits on the C's middle line, about half its height.
    html! {
        <svg class="auth-logo" aria-hidden="true" focusable="false" width="40" height="20"
            viewBox="0 0 40 20" fill="currentColor">
            <path d="M19.4 5.6A6.2 6.2 0 1 0 19.4 14.4" fill="none" stroke="currentColor"
                stroke-width="3.6" />
            <rect x="24" y="6.5" width="7" height="7" rx="1" />
        </svg>
    }
}
