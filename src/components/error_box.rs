//! An inline error shown in place of content.

use yew::prelude::*;

/// Props of [`ErrorBox`].
#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    /// Short title, e.g. "Configuration error".
    pub title: AttrValue,
    /// The specific message: what, where, how to fix.
    pub message: AttrValue,
}

/// An alert box with a title and a message. Text only: nothing from the
/// message is ever interpreted as markup.
#[function_component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    html! {
        <div class="error" role="alert">
            <strong class="error-title">{ props.title.clone() }</strong>
            <p class="error-message">{ props.message.clone() }</p>
        </div>
    }
}
