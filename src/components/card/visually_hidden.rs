//! Visually hidden text, shared by the card's parts.

use yew::prelude::*;

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
