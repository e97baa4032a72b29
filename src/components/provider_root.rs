//! What `<coder-provider>` renders: its children, and a page-level alert
//! when its config is invalid.

use yew::prelude::*;

use super::ErrorBox;
use crate::provider::ConfigState;

/// Props of [`ProviderRoot`].
#[derive(Properties, PartialEq)]
pub struct ProviderRootProps {
    /// The provider's config state.
    pub config: ConfigState,
}

/// Root component of `<coder-provider>`.
#[function_component]
pub fn ProviderRoot(props: &ProviderRootProps) -> Html {
    let alert = match &props.config {
        ConfigState::Invalid(err) => html! {
            <ErrorBox title="Coder configuration error" message={err.to_string()} />
        },
        _ => Html::default(),
    };
    html! {
        <>
            { alert }
            <slot></slot>
        </>
    }
}
