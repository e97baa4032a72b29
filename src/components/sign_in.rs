//! The sign-in form wired to a provider: what the card (when signed out)
//! and the fallback dialog show.

use yew::prelude::*;

use super::auth::AuthForm;
use super::ProviderView;
use crate::auth::AuthEvent;
use crate::provider::Command;

/// Props of [`SignIn`].
#[derive(Properties, PartialEq)]
pub struct SignInProps {
    /// The provider to sign in to.
    pub provider: ProviderView,
    /// Heading level of the form's title (2 in a dialog, 3 in a card).
    #[prop_or(3)]
    pub heading_level: u8,
}

/// The auth form for `provider`'s current auth state.
#[function_component]
pub fn SignIn(props: &SignInProps) -> Html {
    let Some(shared) = props.provider.shared().cloned() else {
        return Html::default();
    };
    let access_url = props
        .provider
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
    html! {
        <AuthForm
            status={auth.status()}
            notice={auth.notice().cloned()}
            error={auth.last_error().cloned()}
            banner_dismissed={auth.banner_dismissed()}
            oauth_available={auth.oauth_available()}
            cli_auth_url={AttrValue::from(cli_auth_url)}
            heading_level={props.heading_level}
            on_oauth={command(|| Command::SignInWithOAuth)}
            {on_token}
            on_dismiss={command(|| Command::Auth(AuthEvent::DismissBanner))}
            on_unlink={command(|| Command::Auth(AuthEvent::Unlink))}
            on_retry={command(|| Command::Auth(AuthEvent::Retry))}
        />
    }
}
