//! The floating "Authenticate with Coder" button, shown by the provider
//! per `fallback-auth-ui-mode` (see `auth::show_fallback`). It disappears
//! the moment the provider is signed in, whichever path signed in.

use yew::prelude::*;

use super::auth::FallbackAuthUi;
use super::sign_in::sign_in;
use crate::auth::show_fallback;
use crate::provider::Command;
use crate::provider::ProviderView;

/// The fallback sign-in UI for `provider`, or nothing. A function, not a
/// component: its state lives in the provider.
pub fn fallback(provider: &ProviderView) -> Html {
    let Some(shared) = provider.shared().cloned() else {
        return Html::default();
    };
    if provider.app_config().is_err() {
        return Html::default();
    }
    let status = shared.auth().status();
    if !show_fallback(shared.fallback_mode(), status, shared.form_consumers()) {
        return Html::default();
    }
    let open = {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(Command::SetFallbackOpen(true)))
    };
    let close = {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(Command::SetFallbackOpen(false)))
    };
    html! {
        <FallbackAuthUi open={shared.fallback_open()} on_open={open} on_close={close}>
            { sign_in(provider, 3) }
        </FallbackAuthUi>
    }
}
