//! The header's "more actions" menu button: Refresh and Unlink.

use yew::prelude::*;

use super::{svg_icons, MenuButton, MenuItem};
use crate::card::throttle_allows;
use crate::host::browser::now_ms;

/// The button's accessible name and tooltip.
pub const MENU_BUTTON_NAME: &str = "See additional workspace actions";

/// Props of [`ExtraActionsButton`].
#[derive(Properties, PartialEq)]
pub struct ExtraActionsButtonProps {
    /// "Refresh": at most once a second; extra activations are ignored.
    pub on_refresh: Callback<()>,
    /// "Unlink Coder account".
    pub on_unlink: Callback<()>,
}

/// The ⋮ [`MenuButton`] with "Refresh" and "Unlink Coder account".
#[function_component]
pub fn ExtraActionsButton(props: &ExtraActionsButtonProps) -> Html {
    let last_refresh = use_mut_ref(|| None::<f64>);
    let on_refresh = {
        let on_refresh = props.on_refresh.clone();
        Callback::from(move |_| {
            let now = now_ms();
            let last = *last_refresh.borrow();
            if throttle_allows(last, now) {
                *last_refresh.borrow_mut() = Some(now);
                on_refresh.emit(());
            }
        })
    };
    let command = |label: &'static str, on_select: Callback<()>| MenuItem {
        label: AttrValue::Static(label),
        href: None,
        new_tab: false,
        on_select,
        kind: "command",
    };
    let items = vec![
        command("Refresh", on_refresh),
        command("Unlink Coder account", props.on_unlink.clone()),
    ];
    html! {
        <MenuButton name={MENU_BUTTON_NAME} {items}>
            { svg_icons::more_vertical() }
        </MenuButton>
    }
}
