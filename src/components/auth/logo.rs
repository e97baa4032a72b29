//! The Coder mark, drawn for this project: a square and a "C".

use yew::prelude::*;

/// A small decorative Coder logo (40×20). It is `aria-hidden` and takes the
/// text colour (`fill="currentColor"`), so it follows light and dark themes.
/// A function, not a component: it has no state, and each component type
/// costs about 2 KB of wasm.
pub fn coder_logo() -> Html {
    html! {
        <svg class="auth-logo" aria-hidden="true" focusable="false" width="40" height="20"
            viewBox="0 0 40 20" fill="currentColor">
            <rect x="2" y="3" width="14" height="14" rx="2" />
            <path d="M34.4 5.5A7 7 0 1 0 34.4 14.5L32.1 12.6A4 4 0 1 1 32.1 7.4Z" />
        </svg>
    }
}
