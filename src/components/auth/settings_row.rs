//! The "Coder" row of Backstage's user settings page.

use yew::prelude::*;

use super::coder_logo;

/// Props of [`settings_row`].
#[derive(Properties, PartialEq)]
pub struct SettingsRowProps {
    /// Whether the Coder OAuth session is signed in.
    #[prop_or_default]
    pub signed_in: bool,
    /// The Coder username, when known (shown as "Signed in as `<username>`").
    #[prop_or_default]
    pub username: Option<AttrValue>,
    /// Whether Backstage provides the Coder OAuth API. Without it the row
    /// explains what is missing and shows no button.
    #[prop_or_default]
    pub oauth_available: bool,
    /// A sign-in or sign-out is in progress: the button is disabled.
    #[prop_or_default]
    pub busy: bool,
    /// The last sign-in/sign-out failure, shown in an alert.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// "Sign in" was clicked.
    #[prop_or_default]
    pub on_sign_in: Callback<()>,
    /// "Sign out" was clicked.
    #[prop_or_default]
    pub on_sign_out: Callback<()>,
}

/// The title's element id: one row per `<coder-provider-settings>`, whose
/// shadow root is the scope `aria-labelledby` resolves in, so a fixed id
/// is unique where it matters.
const TITLE_ID: &str = "coder-auth-settings-title";

/// Title "Coder", a description, the signed-in user and an outlined
/// "Sign in" / "Sign out" button. A function, not a component: it has no
/// state (each component type costs about 2 KB of wasm).
pub fn settings_row(props: &SettingsRowProps) -> Html {
    let status = props.signed_in.then(|| match &props.username {
        Some(name) => html! {
            <p class="auth-secondary">{ "Signed in as " }<strong>{ name.clone() }</strong></p>
        },
        None => html! { <p class="auth-secondary">{ "Signed in" }</p> },
    });
    let action = if !props.oauth_available {
        html! {
            <p class="auth-secondary">
                { "Signing in here needs Backstage's Coder OAuth API (coderAuthApi), which \
                   this app does not provide. Add it to the app's APIs to enable this button." }
            </p>
        }
    } else {
        let (label, tooltip, callback) = if props.signed_in {
            ("Sign out", "Sign out from Coder", &props.on_sign_out)
        } else {
            ("Sign in", "Sign in to Coder", &props.on_sign_in)
        };
        let onclick = callback.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="auth-btn auth-btn-outlined" title={tooltip}
                disabled={props.busy} aria-busy={props.busy.then_some("true")} {onclick}>
                { label }
            </button>
        }
    };
    let (note, button) = if props.oauth_available {
        (Html::default(), action)
    } else {
        (action, Html::default())
    };
    html! {
        <div class="auth-settings-row" role="group" aria-labelledby={TITLE_ID}>
            <span class="auth-settings-icon">{ coder_logo() }</span>
            <div class="auth-settings-text">
                <h3 id={TITLE_ID} class="auth-settings-title">{ "Coder" }</h3>
                <p class="auth-secondary">{ "Sign in to Coder to access your development workspaces" }</p>
                { status }
                { note }
                if let Some(error) = props.error.clone() {
                    <p class="auth-settings-error" role="alert">{ error }</p>
                }
            </div>
            <div class="auth-settings-action">{ button }</div>
        </div>
    }
}
