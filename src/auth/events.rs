//! The auth machine's vocabulary: what happens to it ([`AuthEvent`]), what
//! it asks the provider to do ([`AuthEffect`]), where a token came from and
//! why a check failed, and the notices the sign-in form shows.

use super::token::TokenError;
use crate::client::RequestError;
use crate::coder::User;

/// Where the current token came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// Backstage's Coder OAuth API.
    OAuth,
    /// Typed or pasted by the user (or restored from sessionStorage).
    Manual,
}

/// Why a token check did not succeed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValidationFailure {
    /// Coder answered 401.
    Unauthorized,
    /// The browser is offline.
    Offline,
    /// Anything else: timeout, 5xx, misconfigured proxy, a non-user answer.
    Unreachable(RequestError),
}

impl From<RequestError> for ValidationFailure {
    fn from(error: RequestError) -> Self {
        match error {
            RequestError::Unauthorized => Self::Unauthorized,
            RequestError::Offline => Self::Offline,
            other => Self::Unreachable(other),
        }
    }
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthEvent {
    /// The provider mounted. `stored_token` is a manual token kept in
    /// sessionStorage for this deployment.
    Started {
        /// A manual token from sessionStorage.
        stored_token: Option<String>,
        /// Whether the sign-in form offers OAuth: Backstage's Coder OAuth
        /// API, or upstream 0.4's popup through its backend plugin.
        oauth_available: bool,
        /// Whether that OAuth is Backstage's API, with a session to ask
        /// silently, watch and sign out of (the 0.4 popup only hands a
        /// token over, kept like a pasted one).
        oauth_session: bool,
    },
    /// The OAuth sign-in window opened (the user clicked "Sign in with
    /// Coder OAuth"); the form waits for it.
    OAuthWindowOpened,
    /// The OAuth API answered a token request (`None`: no session).
    OAuthToken(Option<String>),
    /// The user closed the OAuth sign-in window, or refused access in it,
    /// before a token came back.
    OAuthCancelled,
    /// The OAuth API failed (message for the user, never a token).
    OAuthFailed(String),
    /// The user submitted the token form.
    ManualToken(String),
    /// `/users/me` accepted the token of check `generation`.
    Validated {
        /// Which check this answers.
        generation: u32,
        /// The signed-in user (a valid one: it has an id and a username).
        user: User,
    },
    /// The check `generation` failed.
    ValidationFailed {
        /// Which check this answers.
        generation: u32,
        /// Why.
        failure: ValidationFailure,
    },
    /// Some other Coder call answered 401.
    Unauthorized,
    /// The grace timer armed for `generation` fired.
    GraceExpired {
        /// The check it belongs to.
        generation: u32,
    },
    /// The recheck timer armed for `generation` fired.
    RecheckDue {
        /// The check it belongs to.
        generation: u32,
    },
    /// The browser came back online.
    Online,
    /// The user asked to check again now.
    Retry,
    /// The user unlinked their account.
    Unlink,
    /// The OAuth session ended elsewhere (settings page, another tab).
    SessionSignedOut,
    /// The OAuth session started elsewhere.
    SessionSignedIn,
    /// The user dismissed the banner.
    DismissBanner,
}

/// Work the provider must do after a transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthEffect {
    /// Ask the OAuth API for a token without a popup.
    RequestOAuthSilently,
    /// Check `token` with `/users/me`; answer with `Validated` or
    /// `ValidationFailed` carrying `generation`.
    Validate {
        /// The token to check.
        token: String,
        /// Tag for the answer.
        generation: u32,
        /// The first check of a token just taken: another provider's
        /// answer for it from a moment ago will do. A re-check (a 401
        /// elsewhere, a retry after a failure) must reach Coder.
        first: bool,
    },
    /// Send `GraceExpired { generation }` after [`GRACE_PERIOD_MS`](super::GRACE_PERIOD_MS).
    StartGraceTimer {
        /// Tag for the event.
        generation: u32,
    },
    /// Send `RecheckDue { generation }` after [`RECHECK_MS`](super::RECHECK_MS).
    StartRecheckTimer {
        /// Tag for the event.
        generation: u32,
    },
    /// Keep the manual token in sessionStorage.
    StoreManualToken(String),
    /// Remove the stored manual token.
    ForgetStoredToken,
    /// Sign out of the OAuth API.
    SignOutOAuth,
    /// Drop every cached query.
    ClearCache,
    /// Tell the host page (Backstage's error API, a toast) what failed,
    /// besides the card's own message: an OAuth sign-in that failed (not
    /// one the user cancelled).
    ReportError(String),
}

/// What the sign-in form (and the host page) says of a failed OAuth
/// sign-in.
pub fn oauth_failed_text(message: &str) -> String {
    let mut text = String::from("Coder OAuth sign-in failed: ");
    text.push_str(message);
    text
}

/// A message for the sign-in form that is not a status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The typed token was refused before sending it anywhere.
    BadToken(TokenError),
    /// OAuth sign-in failed.
    OAuthFailed(String),
    /// The OAuth sign-in window was closed (or access refused) before a
    /// token came back.
    OAuthCancelled,
}
