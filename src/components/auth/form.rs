//! The sign-in form and the other views of the auth status: loading,
//! "can't check the token" panels, and the signed-in message.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{coder_logo, next_id, unlink_account_button, UnlinkAccountButtonProps, AUTH_HEADING};
use crate::auth::{oauth_failed_text, AuthStatus, Notice};
use crate::client::RequestError;

/// Props of [`auth_form`].
#[derive(Properties, PartialEq)]
pub struct AuthFormProps {
    /// Which view to show.
    pub status: AuthStatus,
    /// A form message that is not a status (a refused token, a failed OAuth
    /// sign-in). Shown in an alert with a "Dismiss" button.
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// The request error behind the status, shown as detail in the
    /// distrusted and deployment-unavailable panels.
    #[prop_or_default]
    pub error: Option<RequestError>,
    /// Hides the "Authenticating…" / "Invalid token" banner.
    #[prop_or_default]
    pub banner_dismissed: bool,
    /// Shows the "Sign in with Coder OAuth" button and the "or" divider.
    #[prop_or_default]
    pub oauth_available: bool,
    /// The OAuth sign-in window is open: the button waits for it.
    #[prop_or_default]
    pub oauth_waiting: bool,
    /// `<accessUrl>/cli-auth`, the deployment's token page. Anything but an
    /// http(s) URL is not linked.
    #[prop_or_default]
    pub cli_auth_url: AttrValue,
    /// Level of the form heading: 2, or 3 (the default; anything else is
    /// taken as 3).
    #[prop_or(3)]
    pub heading_level: u8,
    /// Shows the "Authenticate with Coder" heading. By default it is
    /// visually hidden (still the form's accessible name), since a card
    /// header or the dialog title already says it.
    #[prop_or_default]
    pub show_heading: bool,
    /// "Sign in with Coder OAuth" was clicked.
    #[prop_or_default]
    pub on_oauth: Callback<()>,
    /// The token form was submitted, with the raw input value (the machine
    /// trims and checks it).
    #[prop_or_default]
    pub on_token: Callback<String>,
    /// A banner or notice "Dismiss" button was clicked.
    #[prop_or_default]
    pub on_dismiss: Callback<()>,
    /// "Unlink Coder account" was clicked.
    #[prop_or_default]
    pub on_unlink: Callback<()>,
    /// "Retry" was clicked (panels for a token that can't be checked).
    #[prop_or_default]
    pub on_retry: Callback<()>,
}

/// The auth UI for one status: a loading state, the sign-in form, a panel
/// explaining why the token can't be checked, or the signed-in message.
pub fn auth_form(props: &AuthFormProps) -> Html {
    match props.status {
        AuthStatus::Initializing => loading_state(),
        AuthStatus::TokenMissing | AuthStatus::Authenticating | AuthStatus::Invalid => {
            html! { <InputForm ..input_props(props) /> }
        }
        AuthStatus::Distrusted
        | AuthStatus::NoInternetConnection
        | AuthStatus::DeploymentUnavailable => unchecked_panel(props),
        AuthStatus::Authenticated | AuthStatus::DistrustedWithGracePeriod => html! {
            <div class="auth-view auth-success">
                { coder_logo() }
                <p class="auth-text">{ "You are fully authenticated with Coder!" }</p>
                <div class="auth-actions">
                    { unlink_account_button(&UnlinkAccountButtonProps { on_unlink: props.on_unlink.clone(), outlined: false }) }
                </div>
            </div>
        },
    }
}

fn input_props(props: &AuthFormProps) -> InputFormProps {
    InputFormProps {
        status: props.status,
        notice: props.notice.clone(),
        banner_dismissed: props.banner_dismissed,
        oauth_available: props.oauth_available,
        oauth_waiting: props.oauth_waiting,
        cli_auth_url: props.cli_auth_url.clone(),
        heading_level: props.heading_level,
        show_heading: props.show_heading,
        on_oauth: props.on_oauth.clone(),
        on_token: props.on_token.clone(),
        on_dismiss: props.on_dismiss.clone(),
    }
}

/// "Loading…" with three animated dots. (This and the other stateless
/// parts are functions, not components: each component type costs about
/// 2 KB of wasm.)
fn loading_state() -> Html {
    html! {
        <div class="auth-view auth-loading">
            { coder_logo() }
            <p class="auth-text" role="status">
                { "Loading" }<span class="sr-only">{ "…" }</span>
                <span class="auth-dots" aria-hidden="true">
                    <span>{ "." }</span><span>{ "." }</span><span>{ "." }</span>
                </span>
            </p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct InputFormProps {
    status: AuthStatus,
    notice: Option<Notice>,
    banner_dismissed: bool,
    oauth_available: bool,
    oauth_waiting: bool,
    cli_auth_url: AttrValue,
    heading_level: u8,
    show_heading: bool,
    on_oauth: Callback<()>,
    on_token: Callback<String>,
    on_dismiss: Callback<()>,
}

struct FormIds {
    heading: AttrValue,
    input: AttrValue,
    banner: AttrValue,
    notice: AttrValue,
}

/// The sign-in form: OAuth button, token link, token input, banners.
#[function_component]
fn InputForm(props: &InputFormProps) -> Html {
    let ids = use_memo((), |_| FormIds {
        heading: next_id("coder-auth-form-heading"),
        input: next_id("coder-auth-token"),
        banner: next_id("coder-auth-banner"),
        notice: next_id("coder-auth-notice"),
    });
    let input = use_node_ref();

    let onsubmit = {
        let input = input.clone();
        let on_token = props.on_token.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(field) = input.cast::<HtmlInputElement>() {
                on_token.emit(field.value());
            }
        })
    };

    let banner = match props.status {
        _ if props.banner_dismissed => None,
        AuthStatus::Authenticating => Some(("status", "auth-banner-info", "Authenticating…")),
        AuthStatus::Invalid => Some(("alert", "auth-banner-error", "Invalid token")),
        _ => None,
    };
    let notice_text = props.notice.as_ref().map(|notice| match notice {
        Notice::BadToken(err) => err.to_string(),
        Notice::OAuthFailed(message) => oauth_failed_text(message),
        Notice::OAuthCancelled => "Coder sign-in was cancelled: the sign-in window was closed \
             before Coder answered. Sign in again, or enter a token below."
            .to_owned(),
    });
    let bad_token = matches!(props.notice, Some(Notice::BadToken(_)));
    // A cancelled window is the user's own choice: said, not alarmed.
    let (notice_role, notice_kind) = match props.notice {
        Some(Notice::OAuthCancelled) => ("status", "auth-banner-note"),
        _ => ("alert", "auth-banner-error"),
    };

    // Built by hand: `[&str]::join` brings in a generic copy routine
    // (about 1 KB of wasm) for this one list of at most two ids.
    let mut described_by = String::new();
    for (shown, id) in [
        (bad_token, &ids.notice),
        (
            banner.is_some() && props.status == AuthStatus::Invalid,
            &ids.banner,
        ),
    ] {
        if shown {
            if !described_by.is_empty() {
                described_by.push(' ');
            }
            described_by.push_str(id);
        }
    }
    let aria_describedby = (!described_by.is_empty()).then_some(described_by);
    let aria_invalid = (props.status == AuthStatus::Invalid || bad_token).then_some("true");

    let heading_tag = if props.heading_level == 2 { "h2" } else { "h3" };
    let heading_class = if props.show_heading {
        "auth-heading"
    } else {
        "sr-only"
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());

    let oauth = props.oauth_available.then(|| {
        // While the window is open a click would only open another: the
        // button says what the form waits for instead (aria-disabled, so
        // it keeps focus and is still announced).
        let waiting = props.oauth_waiting;
        let on_oauth = props.on_oauth.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if !waiting {
                on_oauth.emit(());
            }
        });
        html! {
            <>
                <button type="button" class="auth-btn auth-btn-contained auth-btn-block" {onclick}
                        aria-disabled={waiting.then_some("true")}>
                    { if waiting { "Waiting for the Coder sign-in window\u{2026}" } else { "Sign in with Coder OAuth" } }
                </button>
                if waiting {
                    <p class="auth-text auth-waiting" role="status">
                        { "Finish signing in in the Coder window that opened, or close it to cancel." }
                    </p>
                }
                <div class="auth-divider"><span>{ "or" }</span></div>
            </>
        }
    });

    let url = props.cli_auth_url.as_str();
    let token_page = if url.starts_with("https://") || url.starts_with("http://") {
        html! {
            <a href={props.cli_auth_url.clone()} target="_blank" rel="noreferrer noopener">
                { "Coder deployment's token page" }
                <span class="sr-only">{ " (link opens in new tab)" }</span>
            </a>
        }
    } else {
        html! { "Coder deployment's token page" }
    };

    html! {
        <form class="auth-view auth-form" aria-labelledby={ids.heading.clone()} {onsubmit}>
            <@{heading_tag} id={ids.heading.clone()} class={heading_class}>{ AUTH_HEADING }</@>
            <div class="auth-intro">
                { coder_logo() }
                <p class="auth-text">{ "Link your Coder account to create remote workspaces." }</p>
            </div>
            { oauth }
            <p class="auth-text">{ "Enter a token from your " }{ token_page }{ "." }</p>
            <div class="auth-field">
                <label for={ids.input.clone()}>{ "Auth token" }</label>
                <input ref={input} id={ids.input.clone()} type="password" name="authToken"
                    autocomplete="off" spellcheck="false" aria-required="true"
                    aria-invalid={aria_invalid} aria-describedby={aria_describedby} />
            </div>
            <button type="submit" class="auth-btn auth-btn-contained">{ "Use token" }</button>
            if let Some((role, kind, text)) = banner {
                <div class={classes!("auth-banner", kind)}>
                    <span class="auth-banner-icon" aria-hidden="true"></span>
                    <p id={ids.banner.clone()} class="auth-banner-text" {role}>{ text }</p>
                    <button type="button" class="auth-btn auth-btn-text" onclick={dismiss.clone()}>
                        { "Dismiss" }
                    </button>
                </div>
            }
            if let Some(text) = notice_text {
                <div class={classes!("auth-banner", notice_kind)}>
                    <span class="auth-banner-icon" aria-hidden="true"></span>
                    <p id={ids.notice.clone()} class="auth-banner-text" role={notice_role}>{ text }</p>
                    <button type="button" class="auth-btn auth-btn-text" onclick={dismiss}>
                        { "Dismiss" }
                    </button>
                </div>
            }
        </form>
    }
}

/// Distrusted, offline or deployment unavailable: why the token can't be
/// checked, with Retry and Unlink.
fn unchecked_panel(props: &AuthFormProps) -> Html {
    let (role, message) = match props.status {
        AuthStatus::NoInternetConnection => (
            "status",
            "This browser is offline, so your Coder token can't be checked. \
             It will be checked again when the connection returns.",
        ),
        AuthStatus::DeploymentUnavailable
            if matches!(props.error, Some(RequestError::BackstageUnauthorized(_))) =>
        {
            (
                "alert",
                "Backstage refused the request, so your Coder token can't be \
                 checked. It will be checked again shortly.",
            )
        }
        AuthStatus::DeploymentUnavailable => (
            "alert",
            "The Coder deployment or the Backstage proxy did not answer, so your \
             Coder token can't be checked. It will be checked again shortly.",
        ),
        _ => (
            "alert",
            "Unable to verify token authenticity. Please check your internet \
             connection, or try unlinking the token.",
        ),
    };
    let detail = props
        .error
        .as_ref()
        .filter(|e| {
            props.status != AuthStatus::NoInternetConnection && **e != RequestError::Offline
        })
        .map(|e| e.to_string());
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class="auth-view auth-unchecked">
            { coder_logo() }
            <div class="auth-banner auth-banner-warning" {role}>
                <span class="auth-banner-icon" aria-hidden="true"></span>
                <div class="auth-banner-text">
                    <p>{ message }</p>
                    if let Some(detail) = detail {
                        <p class="auth-detail">{ detail }</p>
                    }
                </div>
            </div>
            <div class="auth-actions">
                <button type="button" class="auth-btn auth-btn-contained" {onclick}>{ "Retry" }</button>
                { unlink_account_button(&UnlinkAccountButtonProps { on_unlink: props.on_unlink.clone(), outlined: true }) }
            </div>
        </div>
    }
}
