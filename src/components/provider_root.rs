//! What `<coder-provider>` renders: its children, a page-level alert when
//! its config is invalid, and the fallback sign-in button when no card on
//! the page can show the sign-in form.

use yew::prelude::*;

use super::error_box;
use crate::config::ConfigState;
use crate::provider::{ProviderShared, ProviderView};

/// Props of [`provider_root`].
#[derive(Properties, PartialEq, Clone)]
pub struct ProviderRootProps {
    /// The provider's own state.
    pub provider: ProviderView,
    /// Why `fallback-auth-ui-mode` was not accepted, if it wasn't.
    pub mode_error: Option<AttrValue>,
}

impl ProviderRootProps {
    /// The props for `shared` with the element's fallback mode input.
    pub fn of(
        shared: &std::rc::Rc<ProviderShared>,
        fallback: &Result<crate::auth::FallbackMode, String>,
    ) -> Self {
        Self {
            provider: ProviderView::of(Some(shared)),
            mode_error: fallback.as_ref().err().map(|e| e.clone().into()),
        }
    }
}

/// What `<coder-provider>` renders. A function the element's root
/// component calls, not a component of its own: it has no state, and each
/// component type costs about 2 KB of wasm.
pub fn provider_root(props: &ProviderRootProps) -> Html {
    let config_alert = match props.provider.config() {
        ConfigState::Invalid(err) => {
            error_box("Coder configuration error".into(), err.to_string().into())
        }
        _ => Html::default(),
    };
    let mode_alert = match &props.mode_error {
        Some(message) => error_box("Coder configuration error".into(), message.clone()),
        None => Html::default(),
    };
    html! {
        <>
            { config_alert }
            { mode_alert }
            <slot></slot>
            { super::fallback_button::fallback(&props.provider) }
        </>
    }
}
