//! The authentication state machine: one enum of states, one transition
//! function, and the effects the provider must run. Time enters only as
//! timer events, so every path (including the grace period) is testable
//! without a clock.

use super::token::{check_manual_token, TokenError};
use super::AuthStatus;
use crate::client::RequestError;

/// How long a once-valid token stays usable when it can't be re-checked.
pub const GRACE_PERIOD_MS: u32 = 6_000;
/// How often a token that can't be checked (offline, deployment down,
/// distrusted) is tried again, so recovery needs no reload.
pub const RECHECK_MS: u32 = 10_000;

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
        /// Whether a Coder OAuth API was given.
        oauth_available: bool,
    },
    /// The OAuth API answered a token request (`None`: no session, or the
    /// user closed the popup).
    OAuthToken(Option<String>),
    /// The OAuth API failed (message for the user, never a token).
    OAuthFailed(String),
    /// The user submitted the token form.
    ManualToken(String),
    /// `/users/me` accepted the token of check `generation`.
    Validated {
        /// Which check this answers.
        generation: u32,
        /// The signed-in user.
        username: String,
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
    },
    /// Send `GraceExpired { generation }` after [`GRACE_PERIOD_MS`].
    StartGraceTimer {
        /// Tag for the event.
        generation: u32,
    },
    /// Send `RecheckDue { generation }` after [`RECHECK_MS`].
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
}

/// A message for the sign-in form that is not a status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The typed token was refused before sending it anywhere.
    BadToken(TokenError),
    /// OAuth sign-in failed.
    OAuthFailed(String),
}

/// The authentication state of one provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthMachine {
    status: AuthStatus,
    token: Option<String>,
    source: Option<TokenSource>,
    username: Option<String>,
    /// The current token passed a check once.
    ever_valid: bool,
    /// Bumped whenever the token or the check in flight changes, so stale
    /// answers and timers are ignored.
    generation: u32,
    /// A check of the current token is in flight.
    checking: bool,
    oauth_available: bool,
    last_error: Option<RequestError>,
    notice: Option<Notice>,
    banner_dismissed: bool,
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
            username: None,
            ever_valid: false,
            generation: 0,
            checking: false,
            oauth_available: false,
            last_error: None,
            notice: None,
            banner_dismissed: false,
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
        self.username.as_deref()
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

    /// Starts a check of the current token.
    fn validate(&mut self, effects: &mut Vec<AuthEffect>) {
        if let Some(token) = self.token.clone() {
            self.generation = self.generation.wrapping_add(1);
            self.checking = true;
            effects.push(AuthEffect::Validate {
                token,
                generation: self.generation,
            });
        }
    }

    /// Takes a new token (from any source) and checks it.
    fn adopt(&mut self, token: String, source: TokenSource, effects: &mut Vec<AuthEffect>) {
        self.token = Some(token);
        self.source = Some(source);
        self.ever_valid = false;
        self.username = None;
        self.last_error = None;
        self.notice = None;
        if self.status != AuthStatus::Initializing {
            self.set_status(AuthStatus::Authenticating);
        }
        self.validate(effects);
    }

    /// Forgets the token; `signed_out` says whether the OAuth API must be
    /// told.
    fn forget(&mut self, sign_out: bool, effects: &mut Vec<AuthEffect>) {
        self.token = None;
        self.source = None;
        self.username = None;
        self.ever_valid = false;
        self.checking = false;
        self.last_error = None;
        self.generation = self.generation.wrapping_add(1);
        self.set_status(AuthStatus::TokenMissing);
        effects.push(AuthEffect::ForgetStoredToken);
        if sign_out && self.oauth_available {
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
            self.validate(effects);
        }
    }

    /// Applies `event` and returns the effects to run, in order.
    pub fn handle(&mut self, event: AuthEvent) -> Vec<AuthEffect> {
        let mut effects = Vec::new();
        match event {
            AuthEvent::Started {
                stored_token,
                oauth_available,
            } => {
                *self = Self::new();
                self.oauth_available = oauth_available;
                match stored_token.filter(|t| check_manual_token(t).is_ok()) {
                    Some(token) => self.adopt(token, TokenSource::Manual, &mut effects),
                    None if oauth_available => effects.push(AuthEffect::RequestOAuthSilently),
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
                    || !self.status.is_authenticated()
                {
                    self.adopt(token, TokenSource::OAuth, &mut effects);
                }
            }
            AuthEvent::OAuthToken(None) => {
                if self.status == AuthStatus::Initializing {
                    self.set_status(AuthStatus::TokenMissing);
                }
            }
            AuthEvent::OAuthFailed(message) => {
                if self.status == AuthStatus::Initializing {
                    self.set_status(AuthStatus::TokenMissing);
                }
                self.notice = Some(Notice::OAuthFailed(message));
            }
            AuthEvent::ManualToken(raw) => match check_manual_token(&raw) {
                Ok(token) => self.adopt(token.to_owned(), TokenSource::Manual, &mut effects),
                Err(err) => self.notice = Some(Notice::BadToken(err)),
            },
            AuthEvent::Validated {
                generation,
                username,
            } if generation == self.generation && self.checking => {
                self.checking = false;
                self.ever_valid = true;
                self.username = Some(username);
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
                        self.username = None;
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
                    self.validate(&mut effects);
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
            AuthEvent::SessionSignedIn => {
                if self.oauth_available && !self.status.is_authenticated() && !self.checking {
                    effects.push(AuthEffect::RequestOAuthSilently);
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
mod tests {
    use super::*;

    fn validate_gen(effects: &[AuthEffect]) -> u32 {
        effects
            .iter()
            .find_map(|e| match e {
                AuthEffect::Validate { generation, .. } => Some(*generation),
                _ => None,
            })
            .expect("a Validate effect")
    }

    fn signed_in(source: TokenSource) -> AuthMachine {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: true,
        });
        let fx = match source {
            TokenSource::OAuth => m.handle(AuthEvent::OAuthToken(Some("tok".into()))),
            TokenSource::Manual => m.handle(AuthEvent::ManualToken("tok".into())),
        };
        let generation = validate_gen(&fx);
        m.handle(AuthEvent::Validated {
            generation,
            username: "demo".into(),
        });
        assert_eq!(m.status(), AuthStatus::Authenticated);
        m
    }

    #[test]
    fn start_asks_oauth_silently_then_checks_the_token() {
        let mut m = AuthMachine::new();
        let fx = m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: true,
        });
        assert_eq!(fx, vec![AuthEffect::RequestOAuthSilently]);
        assert_eq!(m.status(), AuthStatus::Initializing);
        let fx = m.handle(AuthEvent::OAuthToken(Some("abc".into())));
        assert_eq!(
            m.status(),
            AuthStatus::Initializing,
            "first check is still initializing"
        );
        let generation = validate_gen(&fx);
        assert!(
            m.usable_token().is_none(),
            "not usable before it is checked"
        );
        let fx = m.handle(AuthEvent::Validated {
            generation,
            username: "demo".into(),
        });
        assert!(fx.is_empty(), "OAuth tokens are not stored by us");
        assert_eq!(m.status(), AuthStatus::Authenticated);
        assert_eq!(m.usable_token(), Some("abc"));
        assert_eq!(m.username(), Some("demo"));
    }

    #[test]
    fn a_token_is_on_trial_only_during_its_first_check() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: Some("stored".into()),
            oauth_available: false,
        });
        assert_eq!(m.token_on_trial(), Some("stored"), "first check");
        assert_eq!(m.usable_token(), None);
        let generation = m.generation;
        m.handle(AuthEvent::ValidationFailed {
            generation,
            failure: ValidationFailure::Unauthorized,
        });
        assert_eq!(m.token_on_trial(), None, "failed: nothing on trial");
        let mut m = signed_in(TokenSource::Manual);
        assert_eq!(m.token_on_trial(), None, "in use");
        m.handle(AuthEvent::Unauthorized);
        assert_eq!(m.token_on_trial(), None, "a re-check is not a trial");
        assert_eq!(m.usable_token(), Some("tok"));
    }

    #[test]
    fn no_session_means_token_missing() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: true,
        });
        m.handle(AuthEvent::OAuthToken(None));
        assert_eq!(m.status(), AuthStatus::TokenMissing);

        let mut m = AuthMachine::new();
        let fx = m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        assert!(fx.is_empty());
        assert_eq!(m.status(), AuthStatus::TokenMissing);
    }

    #[test]
    fn a_stored_manual_token_is_checked_first() {
        let mut m = AuthMachine::new();
        let fx = m.handle(AuthEvent::Started {
            stored_token: Some("kept".into()),
            oauth_available: true,
        });
        assert_eq!(
            fx,
            vec![AuthEffect::Validate {
                token: "kept".into(),
                generation: 1
            }]
        );
        let fx = m.handle(AuthEvent::Validated {
            generation: 1,
            username: "u".into(),
        });
        assert_eq!(fx, vec![AuthEffect::StoreManualToken("kept".into())]);
        assert_eq!(m.source(), Some(TokenSource::Manual));
    }

    #[test]
    fn an_expired_stored_token_is_forgotten_quietly() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: Some("old".into()),
            oauth_available: false,
        });
        let fx = m.handle(AuthEvent::ValidationFailed {
            generation: 1,
            failure: ValidationFailure::Unauthorized,
        });
        assert_eq!(fx, vec![AuthEffect::ForgetStoredToken]);
        assert_eq!(m.status(), AuthStatus::TokenMissing);
    }

    #[test]
    fn manual_tokens_are_trimmed_and_bad_ones_refused() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        let fx = m.handle(AuthEvent::ManualToken("a\nb".into()));
        assert!(fx.is_empty());
        assert_eq!(m.notice(), Some(&Notice::BadToken(TokenError::MultiLine)));
        assert_eq!(m.status(), AuthStatus::TokenMissing);
        let fx = m.handle(AuthEvent::ManualToken("  good  ".into()));
        assert_eq!(
            fx,
            vec![AuthEffect::Validate {
                token: "good".into(),
                generation: 1
            }]
        );
        assert_eq!(m.status(), AuthStatus::Authenticating);
        assert_eq!(m.notice(), None);
    }

    #[test]
    fn a_rejected_token_is_invalid() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        m.handle(AuthEvent::ManualToken("bad".into()));
        let fx = m.handle(AuthEvent::ValidationFailed {
            generation: 1,
            failure: ValidationFailure::Unauthorized,
        });
        assert_eq!(fx, vec![AuthEffect::ForgetStoredToken]);
        assert_eq!(m.status(), AuthStatus::Invalid);
        assert!(m.usable_token().is_none());
    }

    #[test]
    fn first_check_failures_name_the_cause() {
        for (failure, status) in [
            (ValidationFailure::Offline, AuthStatus::NoInternetConnection),
            (
                ValidationFailure::Unreachable(RequestError::Timeout),
                AuthStatus::DeploymentUnavailable,
            ),
            (
                ValidationFailure::Unreachable(RequestError::ProxyMisconfigured(
                    crate::client::ProxyProblem::NotJson,
                )),
                AuthStatus::DeploymentUnavailable,
            ),
        ] {
            let mut m = AuthMachine::new();
            m.handle(AuthEvent::Started {
                stored_token: None,
                oauth_available: false,
            });
            m.handle(AuthEvent::ManualToken("t".into()));
            let fx = m.handle(AuthEvent::ValidationFailed {
                generation: 1,
                failure: failure.clone(),
            });
            assert_eq!(m.status(), status, "{failure:?}");
            assert_eq!(fx, vec![AuthEffect::StartRecheckTimer { generation: 1 }]);
            assert!(m.last_error().is_some());
        }
    }

    #[test]
    fn recovery_without_reload_when_the_deployment_returns() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        m.handle(AuthEvent::ManualToken("t".into()));
        m.handle(AuthEvent::ValidationFailed {
            generation: 1,
            failure: ValidationFailure::Offline,
        });
        let fx = m.handle(AuthEvent::Online);
        let generation = validate_gen(&fx);
        assert_eq!(generation, 2);
        assert_eq!(
            m.status(),
            AuthStatus::NoInternetConnection,
            "until the answer"
        );
        m.handle(AuthEvent::Validated {
            generation,
            username: "u".into(),
        });
        assert_eq!(m.status(), AuthStatus::Authenticated);
    }

    #[test]
    fn a_401_mid_session_rechecks_once() {
        let mut m = signed_in(TokenSource::OAuth);
        let fx = m.handle(AuthEvent::Unauthorized);
        let generation = validate_gen(&fx);
        assert!(
            m.handle(AuthEvent::Unauthorized).is_empty(),
            "one check at a time"
        );
        assert_eq!(m.status(), AuthStatus::Authenticated, "kept while checking");
        let fx = m.handle(AuthEvent::ValidationFailed {
            generation,
            failure: ValidationFailure::Unauthorized,
        });
        assert_eq!(
            fx,
            vec![AuthEffect::ForgetStoredToken, AuthEffect::ClearCache]
        );
        assert_eq!(m.status(), AuthStatus::Invalid);
    }

    #[test]
    fn grace_period_then_distrusted_then_recovery() {
        let mut m = signed_in(TokenSource::Manual);
        let fx = m.handle(AuthEvent::Unauthorized);
        let generation = validate_gen(&fx);
        let fx = m.handle(AuthEvent::ValidationFailed {
            generation,
            failure: ValidationFailure::Unreachable(RequestError::Timeout),
        });
        assert_eq!(
            fx,
            vec![
                AuthEffect::StartGraceTimer { generation },
                AuthEffect::StartRecheckTimer { generation }
            ]
        );
        assert_eq!(m.status(), AuthStatus::DistrustedWithGracePeriod);
        assert_eq!(
            m.usable_token(),
            Some("tok"),
            "still usable in the grace period"
        );
        // A stale timer from an older check is ignored.
        m.handle(AuthEvent::GraceExpired {
            generation: generation - 1,
        });
        assert_eq!(m.status(), AuthStatus::DistrustedWithGracePeriod);
        m.handle(AuthEvent::GraceExpired { generation });
        assert_eq!(m.status(), AuthStatus::Distrusted);
        assert!(m.usable_token().is_none());
        // The recheck succeeds: back to authenticated.
        let fx = m.handle(AuthEvent::RecheckDue { generation });
        let next = validate_gen(&fx);
        m.handle(AuthEvent::Validated {
            generation: next,
            username: "demo".into(),
        });
        assert_eq!(m.status(), AuthStatus::Authenticated);
    }

    #[test]
    fn a_failed_recheck_while_distrusted_stays_distrusted() {
        let mut m = signed_in(TokenSource::OAuth);
        let g = validate_gen(&m.handle(AuthEvent::Unauthorized));
        m.handle(AuthEvent::ValidationFailed {
            generation: g,
            failure: ValidationFailure::Offline,
        });
        m.handle(AuthEvent::GraceExpired { generation: g });
        let g = validate_gen(&m.handle(AuthEvent::Retry));
        m.handle(AuthEvent::ValidationFailed {
            generation: g,
            failure: ValidationFailure::Offline,
        });
        assert_eq!(m.status(), AuthStatus::Distrusted);
    }

    #[test]
    fn stale_answers_are_ignored() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        m.handle(AuthEvent::ManualToken("first".into()));
        m.handle(AuthEvent::ManualToken("second".into()));
        m.handle(AuthEvent::Validated {
            generation: 1,
            username: "old".into(),
        });
        assert_eq!(m.status(), AuthStatus::Authenticating);
        m.handle(AuthEvent::Validated {
            generation: 2,
            username: "new".into(),
        });
        assert_eq!(m.status(), AuthStatus::Authenticated);
        assert_eq!(m.usable_token(), Some("second"));
    }

    #[test]
    fn unlink_signs_out_forgets_and_clears() {
        let mut m = signed_in(TokenSource::OAuth);
        let fx = m.handle(AuthEvent::Unlink);
        assert_eq!(
            fx,
            vec![
                AuthEffect::ForgetStoredToken,
                AuthEffect::SignOutOAuth,
                AuthEffect::ClearCache
            ]
        );
        assert_eq!(m.status(), AuthStatus::TokenMissing);
        assert!(m.usable_token().is_none());
        // An answer to a check from before the unlink changes nothing.
        m.handle(AuthEvent::Validated {
            generation: 1,
            username: "x".into(),
        });
        assert_eq!(m.status(), AuthStatus::TokenMissing);
    }

    #[test]
    fn signing_out_elsewhere_only_drops_oauth_tokens() {
        let mut m = signed_in(TokenSource::Manual);
        assert!(m.handle(AuthEvent::SessionSignedOut).is_empty());
        assert_eq!(m.status(), AuthStatus::Authenticated);
        let mut m = signed_in(TokenSource::OAuth);
        let fx = m.handle(AuthEvent::SessionSignedOut);
        assert!(!fx.contains(&AuthEffect::SignOutOAuth));
        assert!(fx.contains(&AuthEffect::ClearCache));
        assert_eq!(m.status(), AuthStatus::TokenMissing);
    }

    #[test]
    fn signing_in_elsewhere_picks_up_the_session() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: true,
        });
        m.handle(AuthEvent::OAuthToken(None));
        let fx = m.handle(AuthEvent::SessionSignedIn);
        assert_eq!(fx, vec![AuthEffect::RequestOAuthSilently]);
        let mut m = signed_in(TokenSource::OAuth);
        assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());
    }

    #[test]
    fn banner_dismissal_lasts_only_for_that_status() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: false,
        });
        m.handle(AuthEvent::ManualToken("t".into()));
        m.handle(AuthEvent::DismissBanner);
        assert!(m.banner_dismissed());
        m.handle(AuthEvent::ValidationFailed {
            generation: 1,
            failure: ValidationFailure::Unauthorized,
        });
        assert_eq!(m.status(), AuthStatus::Invalid);
        assert!(
            !m.banner_dismissed(),
            "the new 'Invalid token' banner shows"
        );
    }

    #[test]
    fn oauth_failure_is_a_notice_not_a_status() {
        let mut m = AuthMachine::new();
        m.handle(AuthEvent::Started {
            stored_token: None,
            oauth_available: true,
        });
        m.handle(AuthEvent::OAuthFailed("popup closed".into()));
        assert_eq!(m.status(), AuthStatus::TokenMissing);
        assert_eq!(
            m.notice(),
            Some(&Notice::OAuthFailed("popup closed".into()))
        );
    }
}
