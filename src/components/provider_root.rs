//! What `<coder-provider>` renders: its children, a page-level alert when
//! its config is invalid, and the fallback sign-in button when no card on
//! the page can show the sign-in form.

use yew::prelude::*;

use super::{ErrorBox, ProviderView};
use crate::provider::ConfigState;

/// Props of [`ProviderRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProviderRootProps {
    /// The provider's own state.
    pub provider: ProviderView,
    /// Why `fallback-auth-ui-mode` was not accepted, if it wasn't.
    pub mode_error: Option<AttrValue>,
}

/// Root component of `<coder-provider>`.
#[function_component]
pub fn ProviderRoot(props: &ProviderRootProps) -> Html {
    let config_alert = match props.provider.shared().map(|s| s.config()) {
        Some(ConfigState::Invalid(err)) => html! {
            <ErrorBox title="Coder configuration error" message={err.to_string()} />
        },
        _ => Html::default(),
    };
    let mode_alert = match &props.mode_error {
        Some(message) => {
            html! { <ErrorBox title="Coder configuration error" message={message.clone()} /> }
        }
        None => Html::default(),
    };
    html! {
        <>
            { config_alert }
            { mode_alert }
            <slot></slot>
            <super::fallback::Fallback provider={props.provider.clone()} />
        </>
    }
}
