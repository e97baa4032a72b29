//! What `<coder-provider-settings>` renders: the "Coder" row of
//! Backstage's user settings page, driving the provider's sign-in.

use yew::prelude::*;

use super::auth::{settings_row, SettingsRowProps};
use super::sign_in::SETTINGS_FORM;
use super::{attempts, error_box, sends};
use crate::auth::{oauth_failed_text, AuthEvent, Notice};
use crate::config::avatar_source;
use crate::provider::Command;
use crate::provider::ProviderView;

/// Props of [`settings_root`].
#[derive(Properties, PartialEq, Clone)]
pub struct SettingsRootProps {
    /// The provider this row belongs to.
    pub provider: ProviderView,
}

/// What `<coder-provider-settings>` renders. A function the element's root
/// component calls, not a component of its own: it has no state, and each
/// component type costs about 2 KB of wasm.
pub fn settings_root(props: &SettingsRootProps) -> Html {
    let config = match props.provider.app_config() {
        Ok(config) => config,
        Err(problem) => {
            return error_box(
                "Coder settings unavailable".into(),
                problem.message().into(),
            )
        }
    };
    let Some(auth) = props.provider.auth() else {
        return Html::default();
    };
    let status = auth.status();
    // A failed or cancelled sign-in started here is reported here (and
    // not in the cards, which did not ask).
    let own = props.provider.attempted_by() == Some(SETTINGS_FORM);
    let own_notice = match auth.notice().filter(|_| own) {
        Some(Notice::OAuthFailed(message)) => Some(oauth_failed_text(message)),
        Some(Notice::OAuthCancelled) => {
            Some("Coder sign-in was cancelled: the sign-in window was closed.".to_owned())
        }
        _ => None,
    };
    let error = status
        .explained_by_last_error()
        .then(|| auth.last_error().map(|e| e.to_string()))
        .flatten()
        .or(own_notice)
        .map(AttrValue::from);
    let user = auth.user();
    let text = |field: Option<&String>| field.map(|t| AttrValue::from(t.clone()));
    settings_row(&SettingsRowProps {
        signed_in: status.is_authenticated(),
        name: text(user.and_then(|u| u.name.as_ref().or(u.username.as_ref()))),
        email: text(user.and_then(|u| u.email.as_ref())),
        avatar: user
            .and_then(|u| u.avatar_url.as_deref())
            .and_then(|a| avatar_source(a, config.access_url()))
            .map(AttrValue::from),
        oauth_available: auth.oauth_available(),
        busy: status.is_busy() || auth.oauth_waiting(),
        error,
        on_sign_in: attempts(&props.provider, SETTINGS_FORM, || Command::SignInWithOAuth),
        on_sign_out: sends(&props.provider, || Command::Auth(AuthEvent::Unlink)),
    })
}
