//! Our own small inline icons. All decorative (`aria-hidden`), sized by CSS.

use yew::prelude::*;

/// A "+" in a circle outline.
pub fn plus_circle() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M12 7.5v9M7.5 12h9" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
    }
}

/// Three vertical dots.
pub fn more_vertical() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="12" cy="5" r="2" fill="currentColor" />
            <circle cx="12" cy="12" r="2" fill="currentColor" />
            <circle cx="12" cy="19" r="2" fill="currentColor" />
        </svg>
    }
}

/// A magnifying glass.
pub fn search() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="10.5" cy="10.5" r="6" fill="none" stroke="currentColor" stroke-width="2" />
            <path d="M15 15l5.5 5.5" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
    }
}

/// An "×".
pub fn close() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M6.5 6.5l11 11M17.5 6.5l-11 11" stroke="currentColor" stroke-width="2" stroke-linecap="round" />
        </svg>
    }
}
