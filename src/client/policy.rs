//! The client's decisions, as pure functions: what a response means, whether
//! to retry and when, and how often to poll. The fetch/timer glue only
//! follows them.

use super::ProxyProblem;
use super::RequestError;

/// Per-request timeout.
pub const REQUEST_TIMEOUT_MS: u32 = 20_000;
/// Retries after the first failure, at most.
pub const MAX_RETRIES: u32 = 3;
/// Poll interval while something is changing (a build starting, an agent
/// connecting).
pub const FAST_POLL_MS: u32 = 5_000;
/// Poll interval otherwise.
pub const SLOW_POLL_MS: u32 = 60_000;
/// Poll interval while a query's last answer was an error (retries spent),
/// so a card recovers by itself soon after the fault clears; the same
/// cadence as the token re-check.
pub const RECOVERY_POLL_MS: u32 = 10_000;
/// The longest `Retry-After` we honour; a larger one waits this long.
pub const MAX_RETRY_AFTER_MS: u32 = 60_000;

/// What an HTTP answer means before its body is decoded.
///
/// `body_is_json` says whether the body parsed as JSON, `message` is
/// Coder's `message` field when the body was a Coder error, and
/// `retry_after` the raw `Retry-After` header.
pub fn classify(
    status: u16,
    body_is_json: bool,
    message: Option<String>,
    retry_after: Option<&str>,
) -> Result<(), RequestError> {
    match status {
        200..=299 if body_is_json => Ok(()),
        200..=299 => Err(RequestError::ProxyMisconfigured(ProxyProblem::NotJson)),
        401 => Err(RequestError::Unauthorized),
        403 => Err(RequestError::Forbidden(message)),
        429 => Err(RequestError::RateLimited {
            retry_after_ms: retry_after.and_then(parse_retry_after),
        }),
        502 | 503 => Err(RequestError::DeploymentUnavailable(status)),
        504 => Err(RequestError::ProxyMisconfigured(
            ProxyProblem::GatewayTimeout,
        )),
        _ => Err(RequestError::Http { status, message }),
    }
}

/// Backstage's own refusal, told apart from Coder's: a 401 whose body is
/// Backstage's error shape (`{"error": {"name": "AuthenticationError",
/// "message": …}, …}`), which its credentials check sends before the proxy
/// forwards anything; Coder's 401 bodies carry `message` at the top. `name`
/// and `message` are that body's `error.name` and `error.message`.
pub fn backstage_refusal(
    status: u16,
    name: Option<&str>,
    message: Option<String>,
) -> Option<RequestError> {
    (status == 401 && name == Some("AuthenticationError"))
        .then_some(RequestError::BackstageUnauthorized(message))
}

/// `Retry-After` in seconds (the HTTP-date form is not worth the code:
/// Coder sends seconds), capped.
fn parse_retry_after(value: &str) -> Option<u32> {
    let secs: u32 = value.trim().parse().ok()?;
    Some(secs.saturating_mul(1000).min(MAX_RETRY_AFTER_MS))
}

/// How long to wait before retrying after the `failures`-th consecutive
/// failure (1 for the first), or `None` to give up and show the error.
///
/// Never retried: Coder's 401 (the token is re-checked instead), Backstage's
/// 401 (shown at once; the recovery poll asks the identity API again, which
/// hands out a fresh token once its own has expired), 403 and other 4xx
/// (the same request fails the same way), a misconfigured proxy (retrying
/// forever would hide it), a wrong-shaped answer, and being offline (the
/// browser's `online` event triggers the refetch instead).
pub fn retry_delay_ms(error: &RequestError, failures: u32) -> Option<u32> {
    if failures == 0 || failures > MAX_RETRIES {
        return None;
    }
    let backoff = 1000u32 << (failures - 1).min(4);
    match error {
        RequestError::RateLimited { retry_after_ms } => Some(retry_after_ms.unwrap_or(backoff)),
        RequestError::DeploymentUnavailable(_) | RequestError::Timeout => Some(backoff),
        RequestError::Http { status, .. } if *status >= 500 || *status == 408 => Some(backoff),
        _ => None,
    }
}

/// What a request's outcome means once the browser's online state is
/// known. Without a network, a request that reached nothing (status 0) is
/// "offline", not an unavailable deployment; and none is sent at all, so
/// `offline` before sending gives the same answer.
pub fn with_online_state<T>(
    result: Result<T, RequestError>,
    offline: bool,
) -> Result<T, RequestError> {
    match result {
        Err(RequestError::DeploymentUnavailable(0)) if offline => Err(RequestError::Offline),
        other => other,
    }
}

/// Whether an error is a failure of the deployment or of the way to it
/// (Backstage, its proxy, the network), not of one query: every query
/// would fail the same way now, so every card shows it at once.
pub fn is_outage(error: &RequestError) -> bool {
    match error {
        RequestError::DeploymentUnavailable(_)
        | RequestError::ProxyMisconfigured(_)
        | RequestError::BackstageUnauthorized(_)
        | RequestError::RateLimited { .. }
        | RequestError::Offline
        | RequestError::Timeout => true,
        RequestError::Http { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Whether an error means the token must be validated again.
pub fn needs_token_recheck(error: &RequestError) -> bool {
    matches!(error, RequestError::Unauthorized)
}

/// How long until the next poll of a workspace query, or `None` for no
/// polling (never while signed out).
pub fn poll_interval_ms(authenticated: bool, something_changing: bool) -> Option<u32> {
    if !authenticated {
        None
    } else if something_changing {
        Some(FAST_POLL_MS)
    } else {
        Some(SLOW_POLL_MS)
    }
}

/// How long until the next try of a query whose retries are spent, or
/// `None` while signed out.
pub fn recovery_poll_ms(authenticated: bool) -> Option<u32> {
    authenticated.then_some(RECOVERY_POLL_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outage_is_a_failure_every_query_would_meet_now() {
        for outage in [
            RequestError::DeploymentUnavailable(503),
            RequestError::DeploymentUnavailable(0),
            RequestError::ProxyMisconfigured(ProxyProblem::GatewayTimeout),
            RequestError::BackstageUnauthorized(None),
            RequestError::RateLimited {
                retry_after_ms: None,
            },
            RequestError::Offline,
            RequestError::Timeout,
            RequestError::Http {
                status: 500,
                message: None,
            },
        ] {
            assert!(is_outage(&outage), "{outage:?}");
        }
        for one_query in [
            RequestError::Http {
                status: 400,
                message: None,
            },
            RequestError::Forbidden(None),
            RequestError::Unauthorized,
            RequestError::InvalidResponse("workspaces".into()),
        ] {
            assert!(!is_outage(&one_query), "{one_query:?}");
        }
    }

    #[test]
    fn a_request_that_reached_nothing_is_offline_only_when_the_browser_says_so() {
        let unreachable = || Err::<(), _>(RequestError::DeploymentUnavailable(0));
        assert_eq!(
            with_online_state(unreachable(), true),
            Err(RequestError::Offline)
        );
        assert_eq!(
            with_online_state(unreachable(), false),
            Err(RequestError::DeploymentUnavailable(0))
        );
        assert_eq!(
            with_online_state(Err::<(), _>(RequestError::DeploymentUnavailable(503)), true),
            Err(RequestError::DeploymentUnavailable(503))
        );
        assert_eq!(with_online_state(Ok(7), true), Ok(7));
    }

    #[test]
    fn failed_queries_are_retried_sooner_than_the_slow_poll() {
        assert_eq!(recovery_poll_ms(true), Some(RECOVERY_POLL_MS));
        const { assert!(RECOVERY_POLL_MS < SLOW_POLL_MS) };
        assert_eq!(recovery_poll_ms(false), None);
    }

    #[test]
    fn success_needs_a_json_body() {
        assert_eq!(classify(200, true, None, None), Ok(()));
        assert_eq!(
            classify(200, false, None, None),
            Err(RequestError::ProxyMisconfigured(ProxyProblem::NotJson))
        );
    }

    #[test]
    fn statuses_map_to_typed_errors() {
        assert_eq!(
            classify(401, true, None, None),
            Err(RequestError::Unauthorized)
        );
        assert_eq!(
            classify(403, true, Some("no".into()), None),
            Err(RequestError::Forbidden(Some("no".into())))
        );
        assert_eq!(
            classify(504, false, None, None),
            Err(RequestError::ProxyMisconfigured(
                ProxyProblem::GatewayTimeout
            ))
        );
        assert_eq!(
            classify(502, false, None, None),
            Err(RequestError::DeploymentUnavailable(502))
        );
        assert_eq!(
            classify(503, false, None, None),
            Err(RequestError::DeploymentUnavailable(503))
        );
        assert_eq!(
            classify(500, true, Some("boom".into()), None),
            Err(RequestError::Http {
                status: 500,
                message: Some("boom".into())
            })
        );
        assert_eq!(
            classify(400, true, None, None),
            Err(RequestError::Http {
                status: 400,
                message: None
            })
        );
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_capped() {
        assert_eq!(
            classify(429, true, None, Some(" 2 ")),
            Err(RequestError::RateLimited {
                retry_after_ms: Some(2000)
            })
        );
        assert_eq!(
            classify(429, true, None, Some("99999")),
            Err(RequestError::RateLimited {
                retry_after_ms: Some(MAX_RETRY_AFTER_MS)
            })
        );
        assert_eq!(
            classify(429, true, None, Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            Err(RequestError::RateLimited {
                retry_after_ms: None
            })
        );
    }

    #[test]
    fn transient_errors_retry_three_times_with_backoff() {
        for error in [
            RequestError::Timeout,
            RequestError::DeploymentUnavailable(502),
            RequestError::Http {
                status: 500,
                message: None,
            },
        ] {
            assert_eq!(retry_delay_ms(&error, 1), Some(1000), "{error:?}");
            assert_eq!(retry_delay_ms(&error, 2), Some(2000));
            assert_eq!(retry_delay_ms(&error, 3), Some(4000));
            assert_eq!(retry_delay_ms(&error, 4), None);
        }
    }

    #[test]
    fn rate_limits_wait_as_told() {
        let error = RequestError::RateLimited {
            retry_after_ms: Some(3000),
        };
        assert_eq!(retry_delay_ms(&error, 1), Some(3000));
        let error = RequestError::RateLimited {
            retry_after_ms: None,
        };
        assert_eq!(retry_delay_ms(&error, 2), Some(2000));
    }

    #[test]
    fn never_retried() {
        for error in [
            RequestError::Unauthorized,
            RequestError::Forbidden(None),
            RequestError::ProxyMisconfigured(ProxyProblem::NotJson),
            RequestError::ProxyMisconfigured(ProxyProblem::GatewayTimeout),
            RequestError::Offline,
            RequestError::InvalidResponse("x".into()),
            RequestError::Http {
                status: 404,
                message: None,
            },
        ] {
            assert_eq!(retry_delay_ms(&error, 1), None, "{error:?}");
        }
    }

    #[test]
    fn only_401_rechecks_the_token() {
        assert!(needs_token_recheck(&RequestError::Unauthorized));
        assert!(!needs_token_recheck(&RequestError::BackstageUnauthorized(
            None
        )));
        assert!(!needs_token_recheck(&RequestError::Forbidden(None)));
        assert!(!needs_token_recheck(&RequestError::Timeout));
    }

    #[test]
    fn only_backstage_shaped_401s_are_backstage_refusals() {
        let msg = || Some("exp claim timestamp check failed".to_owned());
        assert_eq!(
            backstage_refusal(401, Some("AuthenticationError"), msg()),
            Some(RequestError::BackstageUnauthorized(msg()))
        );
        // Coder's 401 (no `error.name`), another status, another name.
        assert_eq!(backstage_refusal(401, None, None), None);
        assert_eq!(
            backstage_refusal(403, Some("AuthenticationError"), None),
            None
        );
        assert_eq!(backstage_refusal(401, Some("NotAllowedError"), None), None);
    }

    #[test]
    fn a_refused_backstage_token_is_shown_at_once() {
        let e = RequestError::BackstageUnauthorized(None);
        assert_eq!(retry_delay_ms(&e, 1), None);
    }

    #[test]
    fn polling_is_fast_while_changing_and_off_when_signed_out() {
        assert_eq!(poll_interval_ms(true, true), Some(5000));
        assert_eq!(poll_interval_ms(true, false), Some(60_000));
        assert_eq!(poll_interval_ms(false, true), None);
        assert_eq!(poll_interval_ms(false, false), None);
    }

    #[test]
    fn messages_say_what_and_how_to_fix() {
        let text = RequestError::ProxyMisconfigured(ProxyProblem::NotJson).to_string();
        assert!(text.contains("/coder") && text.contains("app-config.yaml"));
        let text = RequestError::Http {
            status: 500,
            message: Some("db down".into()),
        }
        .to_string();
        assert_eq!(text, "Coder answered with status 500: db down");
    }
}
