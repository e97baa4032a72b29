//! The "Coder" row of Backstage's user settings page.

use yew::prelude::*;

use super::coder_logo;
use crate::card::name_initials;

/// Props of [`settings_row`].
#[derive(Properties, PartialEq)]
pub struct SettingsRowProps {
    /// Whether the Coder OAuth session is signed in.
    #[prop_or_default]
    pub signed_in: bool,
    /// Who is signed in, when known: the Coder user's name, or their
    /// username when they set none.
    #[prop_or_default]
    pub name: Option<AttrValue>,
    /// Their e-mail address, when Coder gave one.
    #[prop_or_default]
    pub email: Option<AttrValue>,
    /// Their avatar image, already vetted (`config::avatar_source`); `None`
    /// shows their initials.
    #[prop_or_default]
    pub avatar: Option<AttrValue>,
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

/// Title "Coder"; signed in, the user's avatar beside their name, e-mail
/// and the description, as Backstage lays out its own provider rows;
/// signed out, the description alone; and an outlined "Sign in" /
/// "Sign out" button on the right. A function, not a component: it has no
/// state (each component type costs about 2 KB of wasm).
pub fn settings_row(props: &SettingsRowProps) -> Html {
    let description = html! {
        <p class="auth-secondary">{ "Sign in to Coder to access your development workspaces" }</p>
    };
    let profile = props.signed_in && props.name.is_some();
    let about = match (props.signed_in, &props.name) {
        (true, Some(name)) => html! {
            <div class="auth-settings-profile">
                { avatar(name, props.avatar.as_ref()) }
                <div class="auth-settings-who">
                    <p class="auth-settings-name">
                        <span class="sr-only">{ "Signed in as " }</span>{ name.clone() }
                    </p>
                    if let Some(email) = props.email.clone() {
                        <p class="auth-secondary auth-settings-email">{ email }</p>
                    }
                    { description }
                </div>
            </div>
        },
        (true, None) => html! { <>{ description }<p class="auth-secondary">{ "Signed in" }</p></> },
        (false, _) => description,
    };
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
        <div class={classes!("auth-settings-row", profile.then_some("auth-settings-row-profile"))}
             role="group" aria-labelledby={TITLE_ID}>
            <span class="auth-settings-icon">{ coder_logo() }</span>
            <div class="auth-settings-text">
                <h3 id={TITLE_ID} class="auth-settings-title">{ "Coder" }</h3>
                { about }
                { note }
                if let Some(error) = props.error.clone() {
                    <p class="auth-settings-error" role="alert">{ error }</p>
                }
            </div>
            <div class="auth-settings-action">{ button }</div>
        </div>
    }
}

/// The user's picture over their initials: decorative (their name is
/// beside it). An image that fails to load hides itself, uncovering the
/// initials; it is keyed by its URL, so another URL gets a fresh element
/// and a fresh try.
fn avatar(name: &str, src: Option<&AttrValue>) -> Html {
    let onerror = Callback::from(|event: Event| {
        if let Some(img) = event.target_dyn_into::<web_sys::Element>() {
            let _ = img.set_attribute("hidden", "");
        }
    });
    html! {
        <span class="auth-avatar" aria-hidden="true">
            <span class="auth-avatar-initials">{ name_initials(name) }</span>
            if let Some(src) = src.cloned() {
                <img key={src.to_string()} class="auth-avatar-img" src={src} alt=""
                     referrerpolicy="no-referrer" {onerror} />
            }
        </span>
    }
}
