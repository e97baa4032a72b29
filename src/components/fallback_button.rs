//! The floating "Authenticate with Coder" button, shown by the provider
//! per `fallback-auth-ui-mode` (see `auth::show_fallback`). It disappears
//! the moment the provider is signed in, whichever path signed in.

use yew::prelude::*;

use super::auth::FallbackAuthUi;
use super::sends;
use super::sign_in::{sign_in, FALLBACK_FORM};
use crate::provider::Command;
use crate::provider::ProviderView;

/// The fallback sign-in UI for `provider`, or nothing. A function, not a
/// component: its state lives in the provider.
pub fn fallback(provider: &ProviderView) -> Html {
    if provider.app_config().is_err() || !provider.shows_fallback() {
        return Html::default();
    }
    html! {
        <FallbackAuthUi
            open={provider.fallback_open()}
            on_open={sends(provider, || Command::SetFallbackOpen(true))}
            on_close={sends(provider, || Command::SetFallbackOpen(false))}
        >
            { sign_in(provider, 3, FALLBACK_FORM) }
        </FallbackAuthUi>
    }
}
