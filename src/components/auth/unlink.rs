//! The "Unlink Coder account" button.

use yew::prelude::*;

/// Props of [`unlink_account_button`].
#[derive(Properties, PartialEq)]
pub struct UnlinkAccountButtonProps {
    /// Called on click: the provider forgets the token and signs out.
    #[prop_or_default]
    pub on_unlink: Callback<()>,
    /// Outlined (secondary) look instead of the contained primary one, for
    /// when another button in the same row is the main action.
    #[prop_or_default]
    pub outlined: bool,
}

/// A button labelled "Unlink Coder account".
pub fn unlink_account_button(props: &UnlinkAccountButtonProps) -> Html {
    let onclick = props.on_unlink.reform(|_: MouseEvent| ());
    let class = if props.outlined {
        "auth-btn auth-btn-outlined"
    } else {
        "auth-btn auth-btn-contained"
    };
    html! {
        <button type="button" {class} {onclick}>{ "Unlink Coder account" }</button>
    }
}
