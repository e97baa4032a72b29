//! The sign-in form wired to a provider: what the card (when signed out)
//! and the fallback dialog show.

use yew::prelude::*;

use super::auth::{auth_form, AuthFormProps};
use super::sends;
use crate::auth::AuthEvent;
use crate::config::cli_auth_url;
use crate::provider::Command;
use crate::provider::ProviderView;

/// The auth form for `provider`'s current auth state; `heading_level` is
/// that of the form's title (2 in a dialog, 3 in a card). A function, not
/// a component: it has no state, and each component type costs about 2 KB
/// of wasm.
pub fn sign_in(provider: &ProviderView, heading_level: u8) -> Html {
    let Some(auth) = provider.auth() else {
        return Html::default();
    };
    let cli_auth_url = provider
        .app_config()
        .map(|c| cli_auth_url(c.access_url()))
        .unwrap_or_default();
    let on_token = {
        let provider = provider.clone();
        Callback::from(move |token: String| {
            provider.send(Command::Auth(AuthEvent::ManualToken(token)))
        })
    };
    auth_form(&AuthFormProps {
        status: auth.status(),
        notice: auth.notice().cloned(),
        error: auth.last_error().cloned(),
        banner_dismissed: auth.banner_dismissed(),
        oauth_available: auth.oauth_available(),
        cli_auth_url: AttrValue::from(cli_auth_url),
        heading_level,
        show_heading: false,
        on_oauth: sends(provider, || Command::SignInWithOAuth),
        on_token,
        on_dismiss: sends(provider, || Command::Auth(AuthEvent::DismissBanner)),
        on_unlink: sends(provider, || Command::Auth(AuthEvent::Unlink)),
        on_retry: sends(provider, || Command::Auth(AuthEvent::Retry)),
    })
}
