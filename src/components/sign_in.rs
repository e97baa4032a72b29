//! The sign-in form wired to a provider: what the card (when signed out)
//! and the fallback dialog show.

use yew::prelude::*;

use super::auth::{auth_form, AuthFormProps};
use super::ProviderView;
use crate::auth::AuthEvent;
use crate::provider::Command;

/// The auth form for `provider`'s current auth state; `heading_level` is
/// that of the form's title (2 in a dialog, 3 in a card). A function, not
/// a component: it has no state, and each component type costs about 2 KB
/// of wasm.
pub fn sign_in(provider: &ProviderView, heading_level: u8) -> Html {
    let Some(shared) = provider.shared().cloned() else {
        return Html::default();
    };
    let access_url = provider
        .app_config()
        .map(|c| c.access_url().to_owned())
        .unwrap_or_default();
    let mut cli_auth_url = access_url;
    cli_auth_url.push_str("/cli-auth");
    let command = |make: fn() -> Command| {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(make()))
    };
    let on_token = {
        let shared = shared.clone();
        Callback::from(move |token: String| {
            shared.send(Command::Auth(AuthEvent::ManualToken(token)))
        })
    };
    let auth = shared.auth();
    auth_form(&AuthFormProps {
        status: auth.status(),
        notice: auth.notice().cloned(),
        error: auth.last_error().cloned(),
        banner_dismissed: auth.banner_dismissed(),
        oauth_available: auth.oauth_available(),
        cli_auth_url: AttrValue::from(cli_auth_url),
        heading_level,
        show_heading: false,
        on_oauth: command(|| Command::SignInWithOAuth),
        on_token,
        on_dismiss: command(|| Command::Auth(AuthEvent::DismissBanner)),
        on_unlink: command(|| Command::Auth(AuthEvent::Unlink)),
        on_retry: command(|| Command::Auth(AuthEvent::Retry)),
    })
}
