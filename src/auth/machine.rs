//! The authentication state machine: one enum of states, one transition
//! function, and the effects the provider must run. Time enters only as
//! timer events, so every path (including the grace period) is testable
//! without a clock.

use super::events::{
    oauth_failed_text, AuthEffect, AuthEvent, Notice, TokenSource, ValidationFailure,
};
use super::token::check_manual_token;
use super::AuthStatus;
use crate::client::RequestError;
use crate::coder::User;

/// How long a once-valid token stays usable when it can't be re-checked.
pub const GRACE_PERIOD_MS: u32 = 6_000;
/// How often a token that can't be checked (offline, deployment down,
/// distrusted) is tried again, so recovery needs no reload.
pub const RECHECK_MS: u32 = 10_000;

/// The authentication state of one provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthMachine {
    status: AuthStatus,
    token: Option<String>,
    source: Option<TokenSource>,
    /// Who `users/me` said the token belongs to, once it did.
    user: Option<User>,
    /// The current token passed a check once.
    ever_valid: bool,
    /// Bumped whenever the token or the check in flight changes, so stale
    /// answers and timers are ignored.
    generation: u32,
    /// A check of the current token is in flight.
    checking: bool,
    oauth_available: bool,
    oauth_session: bool,
    /// A silent OAuth token request is under way: the session events its
    /// own refresh causes must not ask again.
    silent_request: bool,
    last_error: Option<RequestError>,
    notice: Option<Notice>,
    banner_dismissed: bool,
    /// The OAuth sign-in window is open and no answer came yet.
    oauth_waiting: bool,
}

impl Default for AuthMachine {
    fn default() -> Self {
        Self::new()
    }
}

impl AuthMachine {
    /// A machine before `Started`.
    pub fn new() -> Self {
        Self {
            status: AuthStatus::Initializing,
            token: None,
            source: None,
            user: None,
            ever_valid: false,
            generation: 0,
            checking: false,
            oauth_available: false,
            oauth_session: false,
            silent_request: false,
            last_error: None,
            notice: None,
            banner_dismissed: false,
            oauth_waiting: false,
        }
    }

    /// The current status.
    pub fn status(&self) -> AuthStatus {
        self.status
    }

    /// The token to send, only while authenticated (grace included).
    pub fn usable_token(&self) -> Option<&str> {
        self.status
            .is_authenticated()
            .then_some(self.token.as_deref())
            .flatten()
    }

    /// The token being checked for a first sign-in (not a re-check of a
    /// token already in use): requests made with it early are kept only if
    /// the check passes.
    pub fn token_on_trial(&self) -> Option<&str> {
        (self.checking && !self.status.is_authenticated())
            .then_some(self.token.as_deref())
            .flatten()
    }

    /// The signed-in username, once known.
    pub fn username(&self) -> Option<&str> {
        self.user.as_ref()?.username.as_deref()
    }

    /// The signed-in Coder user (name, email, avatar), once known.
    pub fn user(&self) -> Option<&User> {
        self.user.as_ref()
    }

    /// Where the token came from.
    pub fn source(&self) -> Option<TokenSource> {
        self.source
    }

    /// The last request error behind the status, if any.
    pub fn last_error(&self) -> Option<&RequestError> {
        self.last_error.as_ref()
    }

    /// A form message that is not a status.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// Whether the status banner was dismissed (reset by each new status).
    pub fn banner_dismissed(&self) -> bool {
        self.banner_dismissed
    }

    /// Whether the OAuth sign-in window is open, waiting for the user.
    pub fn oauth_waiting(&self) -> bool {
        self.oauth_waiting
    }

    /// Whether a Coder OAuth API is available.
    pub fn oauth_available(&self) -> bool {
        self.oauth_available
    }

    fn set_status(&mut self, status: AuthStatus) {
        if status != self.status {
            self.banner_dismissed = false;
        }
        self.status = status;
    }

    /// Starts a check of the current token (`first`: see
    /// [`AuthEffect::Validate`]).
    fn validate(&mut self, first: bool, effects: &mut Vec<AuthEffect>) {
        if let Some(token) = self.token.clone() {
            self.generation = self.generation.wrapping_add(1);
            self.checking = true;
            effects.push(AuthEffect::Validate {
                token,
                generation: self.generation,
                first,
            });
        }
    }

    /// Takes a new token (from any source) and checks it.
    fn adopt(&mut self, token: String, source: TokenSource, effects: &mut Vec<AuthEffect>) {
        self.token = Some(token);
        self.source = Some(source);
        self.ever_valid = false;
        self.user = None;
        self.last_error = None;
        self.notice = None;
        if self.status != AuthStatus::Initializing {
            self.set_status(AuthStatus::Authenticating);
        }
        self.validate(true, effects);
    }

    /// Forgets the token; `signed_out` says whether the OAuth API must be
    /// told.
    fn forget(&mut self, sign_out: bool, effects: &mut Vec<AuthEffect>) {
        self.token = None;
        self.source = None;
        self.user = None;
        self.ever_valid = false;
        self.checking = false;
        self.last_error = None;
        self.generation = self.generation.wrapping_add(1);
        self.set_status(AuthStatus::TokenMissing);
        effects.push(AuthEffect::ForgetStoredToken);
        if sign_out && self.oauth_session {
            effects.push(AuthEffect::SignOutOAuth);
        }
        effects.push(AuthEffect::ClearCache);
    }

    /// Re-checks a token that could not be checked, unless a check is
    /// already running.
    fn recheck(&mut self, effects: &mut Vec<AuthEffect>) {
        let waiting = matches!(
            self.status,
            AuthStatus::Distrusted
                | AuthStatus::DistrustedWithGracePeriod
                | AuthStatus::NoInternetConnection
                | AuthStatus::DeploymentUnavailable
        );
        if waiting && !self.checking && self.token.is_some() {
            self.validate(false, effects);
        }
    }

    fn request_silently(&mut self, effects: &mut Vec<AuthEffect>) {
        self.silent_request = true;
        effects.push(AuthEffect::RequestOAuthSilently);
    }

    /// Applies `event` and returns the effects to run, in order.
    pub fn handle(&mut self, event: AuthEvent) -> Vec<AuthEffect> {
        let mut effects = Vec::new();
        if matches!(
            event,
            AuthEvent::OAuthToken(_) | AuthEvent::OAuthFailed(_) | AuthEvent::OAuthCancelled
        ) {
            self.silent_request = false;
            self.oauth_waiting = false;
        }
        match event {
            AuthEvent::Started {
                stored_token,
                oauth_available,
                oauth_session,
            } => {
                *self = Self::new();
                self.oauth_available = oauth_available;
                self.oauth_session = oauth_available && oauth_session;
                match stored_token.filter(|t| check_manual_token(t).is_ok()) {
                    Some(token) => self.adopt(token, TokenSource::Manual, &mut effects),
                    None if self.oauth_session => self.request_silently(&mut effects),
                    None => self.set_status(AuthStatus::TokenMissing),
                }
            }
            AuthEvent::OAuthToken(Some(token)) => {
                let token = token.trim().to_owned();
                if token.is_empty() {
                    if self.status == AuthStatus::Initializing {
                        self.set_status(AuthStatus::TokenMissing);
                    }
                } else if self.token.as_deref() != Some(token.as_str())
                    || !(self.status.is_authenticated() || self.checking)
                {
                    // The same token again while it is being checked is
                    // no news: one popup sign-in hands it over twice (its
                    // window message and getAccessToken's answer).
                    self.adopt(token, TokenSource::OAuth, &mut effects);
                }
            }
            AuthEvent::OAuthToken(None) => {
                if self.status == AuthStatus::Initializing {
                    self.set_status(AuthStatus::TokenMissing);
                }
            }
            AuthEvent::OAuthWindowOpened => {
                self.oauth_waiting = true;
                self.notice = None;
            }
            AuthEvent::OAuthFailed(message) => {
                if self.status == AuthStatus::Initializing {
                    self.set_status(AuthStatus::TokenMissing);
                }
                effects.push(AuthEffect::ReportError(oauth_failed_text(&message)));
                self.notice = Some(Notice::OAuthFailed(message));
            }
            AuthEvent::OAuthCancelled => {
                if self.status == AuthStatus::Initializing {
                    self.set_status(AuthStatus::TokenMissing);
                }
                if !self.status.is_authenticated() {
                    self.notice = Some(Notice::OAuthCancelled);
                }
            }
            AuthEvent::ManualToken(raw) => match check_manual_token(&raw) {
                Ok(token) => self.adopt(token.to_owned(), TokenSource::Manual, &mut effects),
                Err(err) => self.notice = Some(Notice::BadToken(err)),
            },
            AuthEvent::Validated { generation, user }
                if generation == self.generation && self.checking =>
            {
                self.checking = false;
                self.ever_valid = true;
                self.user = Some(user);
                self.last_error = None;
                self.set_status(AuthStatus::Authenticated);
                if let (Some(TokenSource::Manual), Some(token)) = (self.source, &self.token) {
                    effects.push(AuthEffect::StoreManualToken(token.clone()));
                }
            }
            AuthEvent::ValidationFailed {
                generation,
                failure,
            } if generation == self.generation && self.checking => {
                self.checking = false;
                match failure {
                    ValidationFailure::Unauthorized => {
                        let initializing = self.status == AuthStatus::Initializing;
                        let was_valid = self.ever_valid;
                        self.token = None;
                        self.user = None;
                        self.ever_valid = false;
                        self.last_error = Some(RequestError::Unauthorized);
                        effects.push(AuthEffect::ForgetStoredToken);
                        if was_valid {
                            effects.push(AuthEffect::ClearCache);
                        }
                        // A token restored at start that has expired is not
                        // news to the user: show the plain form.
                        self.set_status(if initializing {
                            AuthStatus::TokenMissing
                        } else {
                            AuthStatus::Invalid
                        });
                    }
                    failure => {
                        let offline = failure == ValidationFailure::Offline;
                        self.last_error = Some(match failure {
                            ValidationFailure::Unreachable(e) => e,
                            _ => RequestError::Offline,
                        });
                        if self.ever_valid {
                            if self.status == AuthStatus::Authenticated {
                                self.set_status(AuthStatus::DistrustedWithGracePeriod);
                                effects.push(AuthEffect::StartGraceTimer {
                                    generation: self.generation,
                                });
                            } else if self.status != AuthStatus::DistrustedWithGracePeriod {
                                self.set_status(AuthStatus::Distrusted);
                            }
                        } else {
                            self.set_status(if offline {
                                AuthStatus::NoInternetConnection
                            } else {
                                AuthStatus::DeploymentUnavailable
                            });
                        }
                        effects.push(AuthEffect::StartRecheckTimer {
                            generation: self.generation,
                        });
                    }
                }
            }
            AuthEvent::Validated { .. } | AuthEvent::ValidationFailed { .. } => {}
            AuthEvent::Unauthorized => {
                if self.status.is_authenticated() && !self.checking {
                    self.validate(false, &mut effects);
                }
            }
            AuthEvent::GraceExpired { generation } => {
                if self.status == AuthStatus::DistrustedWithGracePeriod
                    && generation == self.generation
                {
                    self.set_status(AuthStatus::Distrusted);
                }
            }
            AuthEvent::RecheckDue { generation } => {
                if generation == self.generation {
                    self.recheck(&mut effects);
                }
            }
            AuthEvent::Online | AuthEvent::Retry => self.recheck(&mut effects),
            AuthEvent::Unlink => self.forget(true, &mut effects),
            AuthEvent::SessionSignedOut => {
                if self.source == Some(TokenSource::OAuth) {
                    self.forget(false, &mut effects);
                }
            }
            // Backstage's OAuth client reports "signed in" as soon as our
            // own silent request refreshed the session, or our own sign-in
            // window created it, before that token arrives: asking again
            // then would be a second refresh racing the first, or the
            // same token fetched twice.
            AuthEvent::SessionSignedIn => {
                if self.oauth_session
                    && !self.status.is_authenticated()
                    && !self.checking
                    && !self.silent_request
                    && !self.oauth_waiting
                {
                    self.request_silently(&mut effects);
                }
            }
            AuthEvent::DismissBanner => {
                self.banner_dismissed = true;
                self.notice = None;
            }
        }
        effects
    }
}

#[cfg(test)]
#[path = "machine_tests.rs"]
mod tests;
