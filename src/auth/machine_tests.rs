//! The auth machine's transitions, one path per test.

use super::*;
use crate::auth::TokenError;

/// A user as `users/me` names them.
fn user(username: &str) -> User {
    User {
        id: Some("u-1".into()),
        username: Some(username.into()),
        ..User::default()
    }
}

fn validate_gen(effects: &[AuthEffect]) -> u32 {
    effects
        .iter()
        .find_map(|e| match e {
            AuthEffect::Validate { generation, .. } => Some(*generation),
            _ => None,
        })
        .expect("a Validate effect")
}

/// The `Started` event: a stored manual token, whether OAuth is offered,
/// and whether it has a Backstage session behind it.
fn started(stored: Option<&str>, oauth_available: bool, oauth_session: bool) -> AuthEvent {
    AuthEvent::Started {
        stored_token: stored.map(str::to_owned),
        oauth_available,
        oauth_session,
    }
}

fn signed_in(source: TokenSource) -> AuthMachine {
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    let fx = match source {
        TokenSource::OAuth => m.handle(AuthEvent::OAuthToken(Some("tok".into()))),
        TokenSource::Manual => m.handle(AuthEvent::ManualToken("tok".into())),
    };
    let generation = validate_gen(&fx);
    m.handle(AuthEvent::Validated {
        generation,
        user: user("demo"),
    });
    assert_eq!(m.status(), AuthStatus::Authenticated);
    m
}

#[test]
fn start_asks_oauth_silently_then_checks_the_token() {
    let mut m = AuthMachine::new();
    let fx = m.handle(started(None, true, true));
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
        user: user("demo"),
    });
    assert!(fx.is_empty(), "OAuth tokens are not stored by us");
    assert_eq!(m.status(), AuthStatus::Authenticated);
    assert_eq!(m.usable_token(), Some("abc"));
    assert_eq!(m.username(), Some("demo"));
}

#[test]
fn a_token_is_on_trial_only_during_its_first_check() {
    let mut m = AuthMachine::new();
    m.handle(started(Some("stored"), false, false));
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
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthToken(None));
    assert_eq!(m.status(), AuthStatus::TokenMissing);

    let mut m = AuthMachine::new();
    let fx = m.handle(started(None, false, false));
    assert!(fx.is_empty());
    assert_eq!(m.status(), AuthStatus::TokenMissing);
}

#[test]
fn a_stored_manual_token_is_checked_first() {
    let mut m = AuthMachine::new();
    let fx = m.handle(started(Some("kept"), true, true));
    assert_eq!(
        fx,
        vec![AuthEffect::Validate {
            token: "kept".into(),
            generation: 1,
            first: true,
        }]
    );
    let fx = m.handle(AuthEvent::Validated {
        generation: 1,
        user: user("u"),
    });
    assert_eq!(fx, vec![AuthEffect::StoreManualToken("kept".into())]);
    assert_eq!(m.source(), Some(TokenSource::Manual));
}

#[test]
fn an_expired_stored_token_is_forgotten_quietly() {
    let mut m = AuthMachine::new();
    m.handle(started(Some("old"), false, false));
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
    m.handle(started(None, false, false));
    let fx = m.handle(AuthEvent::ManualToken("a\nb".into()));
    assert!(fx.is_empty());
    assert_eq!(m.notice(), Some(&Notice::BadToken(TokenError::MultiLine)));
    assert_eq!(m.status(), AuthStatus::TokenMissing);
    let fx = m.handle(AuthEvent::ManualToken("  good  ".into()));
    assert_eq!(
        fx,
        vec![AuthEffect::Validate {
            token: "good".into(),
            generation: 1,
            first: true,
        }]
    );
    assert_eq!(m.status(), AuthStatus::Authenticating);
    assert_eq!(m.notice(), None);
}

#[test]
fn a_rejected_token_is_invalid() {
    let mut m = AuthMachine::new();
    m.handle(started(None, false, false));
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
        m.handle(started(None, false, false));
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
    m.handle(started(None, false, false));
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
        user: user("u"),
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
        user: user("demo"),
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
    m.handle(started(None, false, false));
    m.handle(AuthEvent::ManualToken("first".into()));
    m.handle(AuthEvent::ManualToken("second".into()));
    m.handle(AuthEvent::Validated {
        generation: 1,
        user: user("old"),
    });
    assert_eq!(m.status(), AuthStatus::Authenticating);
    m.handle(AuthEvent::Validated {
        generation: 2,
        user: user("new"),
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
        user: user("x"),
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
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthToken(None));
    let fx = m.handle(AuthEvent::SessionSignedIn);
    assert_eq!(fx, vec![AuthEffect::RequestOAuthSilently]);
    let mut m = signed_in(TokenSource::OAuth);
    assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());
}

/// Backstage's OAuth client reports "signed in" when our own silent
/// request refreshed the session, before the token reaches us: that must
/// not send a second request (a second refresh, rotating the first's
/// token away).
#[test]
fn the_session_our_own_silent_request_opened_asks_nothing_more() {
    let mut m = AuthMachine::new();
    let fx = m.handle(started(None, true, true));
    assert_eq!(fx, vec![AuthEffect::RequestOAuthSilently]);
    assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());
    let fx = m.handle(AuthEvent::OAuthToken(Some("oauth-token".into())));
    assert!(
        fx.iter().any(|e| matches!(e, AuthEffect::Validate { .. })),
        "{fx:?}"
    );
    // A failed silent request ends it too: a later sign-in elsewhere is
    // picked up again.
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthFailed("popup blocked".into()));
    assert_eq!(
        m.handle(AuthEvent::SessionSignedIn),
        vec![AuthEffect::RequestOAuthSilently]
    );
}

#[test]
fn banner_dismissal_lasts_only_for_that_status() {
    let mut m = AuthMachine::new();
    m.handle(started(None, false, false));
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
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthFailed("popup closed".into()));
    assert_eq!(m.status(), AuthStatus::TokenMissing);
    assert_eq!(
        m.notice(),
        Some(&Notice::OAuthFailed("popup closed".into()))
    );
}

#[test]
fn popup_oauth_without_a_session_asks_nothing_silently_and_signs_nothing_out() {
    // Upstream 0.4's popup (no Backstage OAuth API): the button is offered,
    // but there is no session to ask or end.
    let mut m = AuthMachine::new();
    let fx = m.handle(started(None, true, false));
    assert!(m.oauth_available());
    assert_eq!(m.status(), AuthStatus::TokenMissing);
    assert!(!fx.contains(&AuthEffect::RequestOAuthSilently), "{fx:?}");
    assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());

    // The popup's token is kept like a pasted one.
    let fx = m.handle(AuthEvent::ManualToken("popup-token".into()));
    let generation = validate_gen(&fx);
    let fx = m.handle(AuthEvent::Validated {
        generation,
        user: user("demo"),
    });
    assert!(
        fx.contains(&AuthEffect::StoreManualToken("popup-token".into())),
        "{fx:?}"
    );
    let fx = m.handle(AuthEvent::Unlink);
    assert!(!fx.contains(&AuthEffect::SignOutOAuth), "{fx:?}");
    assert!(fx.contains(&AuthEffect::ForgetStoredToken), "{fx:?}");
}

#[test]
fn the_form_waits_for_the_oauth_window_until_it_answers_or_closes() {
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthToken(None));
    m.handle(AuthEvent::OAuthFailed("earlier".into()));
    assert!(m.handle(AuthEvent::OAuthWindowOpened).is_empty());
    assert!(m.oauth_waiting());
    assert_eq!(m.notice(), None, "a new attempt clears the old notice");

    m.handle(AuthEvent::OAuthCancelled);
    assert!(!m.oauth_waiting());
    assert_eq!(m.status(), AuthStatus::TokenMissing);
    assert_eq!(m.notice(), Some(&Notice::OAuthCancelled));

    m.handle(AuthEvent::OAuthWindowOpened);
    let fx = m.handle(AuthEvent::OAuthToken(Some("oauth-token".into())));
    assert!(!m.oauth_waiting());
    validate_gen(&fx);
}

#[test]
fn a_cancelled_window_says_nothing_once_signed_in() {
    let mut m = signed_in(TokenSource::Manual);
    m.handle(AuthEvent::OAuthWindowOpened);
    m.handle(AuthEvent::OAuthCancelled);
    assert!(!m.oauth_waiting());
    assert_eq!(m.notice(), None);
    assert!(m.status().is_authenticated());
}

#[test]
fn a_failed_oauth_sign_in_is_reported_to_the_host_and_a_cancelled_one_is_not() {
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthWindowOpened);
    let fx = m.handle(AuthEvent::OAuthFailed("the popup was blocked".into()));
    assert_eq!(
        fx,
        [AuthEffect::ReportError(
            "Coder OAuth sign-in failed: the popup was blocked".into()
        )]
    );
    m.handle(AuthEvent::OAuthWindowOpened);
    let fx = m.handle(AuthEvent::OAuthCancelled);
    assert!(
        !fx.iter().any(|e| matches!(e, AuthEffect::ReportError(_))),
        "{fx:?}"
    );
}

/// Seen in a Backstage app: one OAuth popup sign-in hands the provider
/// the same token twice (the popup's window message, then the answer of
/// `getAccessToken`), and Backstage's "signed in" comes between them. The
/// second arrival is not a new token: one check, not two.
#[test]
fn the_same_oauth_token_twice_is_checked_once() {
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthToken(None));
    m.handle(AuthEvent::OAuthWindowOpened);
    let fx = m.handle(AuthEvent::OAuthToken(Some("oauth-token".into())));
    let generation = validate_gen(&fx);
    assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());
    let fx = m.handle(AuthEvent::OAuthToken(Some("oauth-token".into())));
    assert!(fx.is_empty(), "checked already: {fx:?}");
    m.handle(AuthEvent::Validated {
        generation,
        user: user("demo"),
    });
    assert_eq!(m.status(), AuthStatus::Authenticated);
    assert!(m
        .handle(AuthEvent::OAuthToken(Some("oauth-token".into())))
        .is_empty());
    // Another token is news, even during a check.
    let fx = m.handle(AuthEvent::OAuthToken(Some("rotated".into())));
    validate_gen(&fx);
    // So is the same token once its check failed.
    let generation = m.generation;
    m.handle(AuthEvent::ValidationFailed {
        generation,
        failure: ValidationFailure::Offline,
    });
    let fx = m.handle(AuthEvent::OAuthToken(Some("rotated".into())));
    validate_gen(&fx);
}

/// While the provider's own sign-in window is open, Backstage's "signed
/// in" announces the token that window is about to hand over: asking
/// silently as well would fetch it a second time.
#[test]
fn a_session_opened_by_our_own_window_asks_nothing_silently() {
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    m.handle(AuthEvent::OAuthToken(None));
    m.handle(AuthEvent::OAuthWindowOpened);
    assert!(m.handle(AuthEvent::SessionSignedIn).is_empty());
    let fx = m.handle(AuthEvent::OAuthToken(Some("oauth-token".into())));
    validate_gen(&fx);
}

/// Whether a check may take another provider's recent answer: only the
/// first check of a token just taken; a re-check must reach Coder.
#[test]
fn only_a_new_tokens_first_check_may_share_a_recent_answer() {
    let first = |fx: &[AuthEffect]| {
        fx.iter()
            .find_map(|e| match e {
                AuthEffect::Validate { first, .. } => Some(*first),
                _ => None,
            })
            .expect("a Validate effect")
    };
    let mut m = AuthMachine::new();
    m.handle(started(None, true, true));
    assert!(first(&m.handle(AuthEvent::OAuthToken(Some("t".into())))));
    let mut m = signed_in(TokenSource::Manual);
    assert!(
        !first(&m.handle(AuthEvent::Unauthorized)),
        "a 401 elsewhere"
    );
    let mut m = AuthMachine::new();
    m.handle(started(Some("kept"), false, false));
    m.handle(AuthEvent::ValidationFailed {
        generation: 1,
        failure: ValidationFailure::Offline,
    });
    assert!(!first(&m.handle(AuthEvent::Retry)), "a retry");
}
