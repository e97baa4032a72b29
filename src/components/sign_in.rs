//! The sign-in form wired to a provider: what the card (when signed out)
//! and the fallback dialog show.

use yew::prelude::*;

use super::auth::{auth_form, AuthFormProps};
use super::{attempts, sends};
use crate::auth::{AuthEvent, AuthStatus};
use crate::config::cli_auth_url;
use crate::provider::Command;
use crate::provider::ProviderView;

/// The form number of the fallback dialog (one per provider); cards and
/// settings rows take theirs from `next_number`, which never gives 0.
pub const FALLBACK_FORM: u32 = 0;
/// The form number of the settings row's sign-in button.
pub const SETTINGS_FORM: u32 = u32::MAX;

/// The auth form for `provider`'s current auth state; `heading_level` is
/// that of the form's title (2 in a dialog, 3 in a card), and `form` names
/// this form to the provider, so a refused token or a cancelled OAuth
/// window is reported in the form that asked, not in every card. A
/// function, not a component: it has no state, and each component type
/// costs about 2 KB of wasm.
pub fn sign_in(provider: &ProviderView, heading_level: u8, form: u32) -> Html {
    let Some(auth) = provider.auth() else {
        return Html::default();
    };
    // No attempt yet (a restored token found invalid): every form says so.
    let own = provider.attempted_by().is_none_or(|f| f == form);
    let status = match auth.status() {
        AuthStatus::Invalid if !own => AuthStatus::TokenMissing,
        status => status,
    };
    let cli_auth_url = provider
        .app_config()
        .map(|c| cli_auth_url(c.access_url()))
        .unwrap_or_default();
    let on_token = {
        let provider = provider.clone();
        Callback::from(move |token: String| {
            provider.send(Command::Attempt(form));
            provider.send(Command::Auth(AuthEvent::ManualToken(token)))
        })
    };
    auth_form(&AuthFormProps {
        status,
        notice: own.then(|| auth.notice().cloned()).flatten(),
        oauth_waiting: auth.oauth_waiting(),
        error: auth.last_error().cloned(),
        banner_dismissed: auth.banner_dismissed(),
        oauth_available: auth.oauth_available(),
        cli_auth_url: AttrValue::from(cli_auth_url),
        heading_level,
        show_heading: false,
        on_oauth: attempts(provider, form, || Command::SignInWithOAuth),
        on_token,
        on_dismiss: sends(provider, || Command::Auth(AuthEvent::DismissBanner)),
        on_unlink: sends(provider, || Command::Auth(AuthEvent::Unlink)),
        on_retry: sends(provider, || Command::Auth(AuthEvent::Retry)),
    })
}
