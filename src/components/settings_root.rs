//! What `<coder-provider-settings>` renders: the "Coder" row of
//! Backstage's user settings page, driving the provider's sign-in.

use yew::prelude::*;

use super::auth::SettingsRow;
use super::{ErrorBox, ProviderView};
use crate::auth::{AuthEvent, AuthStatus};
use crate::provider::Command;

/// Props of [`SettingsRoot`].
#[derive(Properties, PartialEq, Clone)]
pub struct SettingsRootProps {
    /// The provider this row belongs to.
    pub provider: ProviderView,
}

/// Root component of `<coder-provider-settings>`.
#[function_component]
pub fn SettingsRoot(props: &SettingsRootProps) -> Html {
    if let Err(problem) = props.provider.app_config() {
        return html! { <ErrorBox title="Coder settings unavailable" message={problem.message()} /> };
    }
    let Some(shared) = props.provider.shared().cloned() else {
        return Html::default();
    };
    let auth = shared.auth();
    let status = auth.status();
    let error = match status {
        AuthStatus::DeploymentUnavailable
        | AuthStatus::NoInternetConnection
        | AuthStatus::Distrusted => auth.last_error().map(|e| AttrValue::from(e.to_string())),
        _ => None,
    };
    let sign_in = {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(Command::SignInWithOAuth))
    };
    let sign_out = {
        let shared = shared.clone();
        Callback::from(move |_| shared.send(Command::Auth(AuthEvent::Unlink)))
    };
    html! {
        <SettingsRow
            signed_in={status.is_authenticated()}
            username={auth.username().map(|u| AttrValue::from(u.to_owned()))}
            oauth_available={auth.oauth_available()}
            busy={matches!(status, AuthStatus::Initializing | AuthStatus::Authenticating)}
            {error}
            on_sign_in={sign_in}
            on_sign_out={sign_out}
        />
    }
}
