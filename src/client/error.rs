//! Why a request to Coder failed, as one typed value the UI can explain.

use std::fmt;

/// A failed Coder request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// 401: the session token is missing, expired or revoked.
    Unauthorized,
    /// 401 from Backstage itself, not from Coder: the proxy's credentials
    /// check refused the user's Backstage token (missing, expired, signed
    /// by a key the backend no longer has), with Backstage's message. The
    /// request never reached Coder, so the Coder token is not in question.
    BackstageUnauthorized(Option<String>),
    /// 403: the token is valid but may not do this.
    Forbidden(Option<String>),
    /// The Backstage proxy is not forwarding to Coder: a 504 from the proxy,
    /// or a 2xx whose body is not JSON (an HTML page, usually the app's own
    /// index.html served for an unknown path).
    ProxyMisconfigured(ProxyProblem),
    /// 502/503: the proxy answered but Coder did not.
    DeploymentUnavailable(u16),
    /// 429: Coder asks us to slow down, optionally saying for how long.
    RateLimited {
        /// From `Retry-After`, in milliseconds.
        retry_after_ms: Option<u32>,
    },
    /// The browser is offline (or the request never reached any server).
    Offline,
    /// No complete answer within the request timeout.
    Timeout,
    /// Any other HTTP status, with Coder's own error message when it sent one.
    Http {
        /// The status code.
        status: u16,
        /// Coder's `message` field.
        message: Option<String>,
    },
    /// A Backstage API the provider needs is missing or failed (the message
    /// names the property and method).
    HostApi(String),
    /// JSON of the wrong shape (a field of the wrong type, a missing list).
    InvalidResponse(String),
}

/// What is wrong with the proxy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProxyProblem {
    /// 504 from the proxy.
    GatewayTimeout,
    /// A 2xx body that is not JSON.
    NotJson,
}

impl RequestError {
    /// Whether asking again unchanged can help: not for a request Coder
    /// refused as such (a bad query, no permission), which fails the same
    /// way until the user changes something.
    pub fn retry_helps(&self) -> bool {
        !matches!(
            self,
            Self::Forbidden(_) | Self::Http { status: 400..=407 | 409..=428 | 430..=499, .. }
        )
    }

    /// Short title for an error box.
    pub fn title(&self) -> &'static str {
        match self {
            Self::Unauthorized => "Not signed in to Coder",
            Self::BackstageUnauthorized(_) => "Backstage sign-in expired",
            Self::Forbidden(_) => "Not allowed",
            Self::ProxyMisconfigured(_) => "Backstage proxy misconfigured",
            Self::DeploymentUnavailable(0) => "Backstage backend unreachable",
            Self::DeploymentUnavailable(_) => "Coder deployment unavailable",
            Self::RateLimited { .. } => "Too many requests",
            Self::Offline => "No internet connection",
            Self::Timeout => "Coder did not answer in time",
            Self::Http { status: 400, .. } => "Coder could not use this search",
            Self::Http { .. } => "Coder request failed",
            Self::HostApi(_) => "Backstage API unavailable",
            Self::InvalidResponse(_) => "Unexpected answer from Coder",
        }
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthorized => f.write_str(
                "Coder rejected the session token (401). Sign in again or enter a new token.",
            ),
            Self::BackstageUnauthorized(message) => {
                f.write_str("The Backstage backend refused the request (401")?;
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                f.write_str(
                    "): your Backstage sign-in is missing or has expired, so the request \
                     never reached Coder. This retries by itself; if it keeps failing, \
                     reload the page to sign in to Backstage again.",
                )
            }
            Self::Forbidden(message) => {
                f.write_str("Coder refused the request (403)")?;
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                f.write_str(". Ask your Coder administrator for access.")
            }
            Self::ProxyMisconfigured(ProxyProblem::GatewayTimeout) => f.write_str(
                "The Backstage proxy timed out reaching Coder (504). Check the proxy \
                 endpoint '/coder' in app-config.yaml: its target must be your Coder \
                 access URL, reachable from the Backstage backend.",
            ),
            Self::ProxyMisconfigured(ProxyProblem::NotJson) => f.write_str(
                "The Backstage proxy answered with a page instead of Coder data. Check \
                 that app-config.yaml has a proxy endpoint '/coder' whose target is your \
                 Coder access URL.",
            ),
            Self::DeploymentUnavailable(0) => f.write_str(
                "The Backstage backend could not be reached. Check that it is running; \
                 this retries by itself.",
            ),
            Self::DeploymentUnavailable(status) => write!(
                f,
                "The Backstage proxy could not reach Coder ({status}). The deployment may \
                 be down or restarting; this retries by itself."
            ),
            Self::RateLimited { .. } => {
                f.write_str("Coder is rate-limiting requests (429); retrying shortly.")
            }
            Self::Offline => f.write_str(
                "This browser is offline. The card refreshes by itself when the connection \
                 returns.",
            ),
            Self::Timeout => f.write_str(
                "Coder did not answer within 20 seconds. Retry, or check the deployment.",
            ),
            Self::Http {
                status: 400,
                message,
            } => {
                f.write_str("Coder refused the search query (400)")?;
                if let Some(m) = message {
                    write!(f, ": {m}")?;
                }
                f.write_str(
                    ". Check the search box: Coder filters are key:value pairs separated by \
                     spaces, such as owner:me name:api status:running template:docker.",
                )
            }
            Self::Http { status, message } => {
                write!(f, "Coder answered with status {status}")?;
                match message {
                    Some(m) => write!(f, ": {m}"),
                    None => f.write_str("."),
                }
            }
            Self::HostApi(what) => f.write_str(what),
            Self::InvalidResponse(what) => {
                write!(f, "Coder's answer did not have the expected shape: {what}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_and_the_text_name_the_same_failure() {
        let unreachable = RequestError::DeploymentUnavailable(0);
        assert_eq!(unreachable.title(), "Backstage backend unreachable");
        assert!(unreachable
            .to_string()
            .contains("Backstage backend could not be reached"));
        let down = RequestError::DeploymentUnavailable(503);
        assert_eq!(down.title(), "Coder deployment unavailable");
        assert!(down.to_string().contains("could not reach Coder (503)"));
    }

    #[test]
    fn a_refused_search_says_how_to_write_one_and_offers_no_retry() {
        let bad = RequestError::Http {
            status: 400,
            message: Some("Invalid workspace search query.".into()),
        };
        assert_eq!(bad.title(), "Coder could not use this search");
        let text = bad.to_string();
        assert!(
            text.contains("(400): Invalid workspace search query."),
            "{text}"
        );
        assert!(text.contains("owner:me"), "{text}");
        assert!(!bad.retry_helps());
        assert!(!RequestError::Forbidden(None).retry_helps());
        for helps in [
            RequestError::Http {
                status: 408,
                message: None,
            },
            RequestError::Http {
                status: 500,
                message: None,
            },
            RequestError::Timeout,
            RequestError::DeploymentUnavailable(503),
            RequestError::RateLimited {
                retry_after_ms: None,
            },
        ] {
            assert!(helps.retry_helps(), "{helps:?}");
        }
    }
}
