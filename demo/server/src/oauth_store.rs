//! The fake Coder OAuth2 provider's server-side records: pending consents,
//! authorization codes, access and refresh tokens. Times are
//! [`Clock::monotonic`](crate::Clock::monotonic) readings, so tests expire
//! codes and tokens by advancing a manual clock.

use std::collections::HashMap;
use std::time::Duration;

use crate::random;

/// How long a consent page stays answerable.
pub const CONSENT_TTL: Duration = Duration::from_secs(600);
/// How long an authorization code can be exchanged (RFC 6749 §4.1.2 asks
/// for a short lifetime; ten minutes at most).
pub const CODE_TTL: Duration = Duration::from_secs(60);
/// Records of each kind kept at most, so a client looping over the
/// endpoints can't grow memory without limit; the oldest goes first.
const MAX_RECORDS: usize = 1000;

/// A validated authorization request, waiting for the user's decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthRequest {
    /// The registered callback the answer goes to.
    pub redirect_uri: String,
    /// The client's `state`, echoed verbatim.
    pub state: Option<String>,
    /// The PKCE S256 challenge, if the client sent one.
    pub code_challenge: Option<String>,
}

/// Why a consent decision can't be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentError {
    /// Never issued, already answered, or expired.
    Unknown,
    /// Posted from a browser other than the one shown the page.
    WrongBrowser,
}

/// What an authorization code was issued for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The `redirect_uri` of the authorization request, which the token
    /// request must repeat.
    pub redirect_uri: String,
    /// The PKCE challenge the token request's verifier must match.
    pub code_challenge: Option<String>,
}

/// An access/refresh token pair as handed to the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// Goes in `Authorization: Bearer`.
    pub access_token: String,
    /// Buys the next pair, once.
    pub refresh_token: String,
}

/// What an access token is worth right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenStatus {
    /// Issued and not expired.
    Valid,
    /// Issued, but its lifetime is over.
    Expired,
    /// Never issued, revoked by a refresh, or evicted.
    Unknown,
}

/// Bounded records keyed by an opaque id, each with its creation time.
#[derive(Debug)]
struct Records<V>(HashMap<String, (Duration, V)>);

impl<V> Default for Records<V> {
    fn default() -> Self {
        Records(HashMap::new())
    }
}

impl<V> Records<V> {
    /// Stores `value` under a fresh random id and returns the id.
    fn insert(&mut self, now: Duration, value: V) -> String {
        if self.0.len() >= MAX_RECORDS {
            if let Some(oldest) = self
                .0
                .iter()
                .min_by_key(|(_, (created, _))| *created)
                .map(|(k, _)| k.clone())
            {
                self.0.remove(&oldest);
            }
        }
        let id = random::token();
        self.0.insert(id.clone(), (now, value));
        id
    }

    /// The record under `id` if it is younger than `ttl`.
    fn live(&self, id: &str, now: Duration, ttl: Duration) -> Option<&V> {
        self.0
            .get(id)
            .filter(|(created, _)| now.saturating_sub(*created) < ttl)
            .map(|(_, v)| v)
    }

    /// Removes the record under `id`; `Some` only if it was younger than `ttl`.
    fn take_live(&mut self, id: &str, now: Duration, ttl: Duration) -> Option<V> {
        self.0
            .remove(id)
            .filter(|(created, _)| now.saturating_sub(*created) < ttl)
            .map(|(_, v)| v)
    }
}

#[derive(Debug)]
struct Consent {
    /// The browser-binding cookie of the browser shown the page.
    browser: String,
    request: AuthRequest,
}

/// All of the provider's records.
#[derive(Debug, Default)]
pub struct ProviderStore {
    consents: Records<Consent>,
    codes: Records<Grant>,
    /// Access token → nothing: its age is all that matters.
    access: Records<()>,
    /// Refresh token → the access token issued with it, revoked on rotation.
    refresh: Records<String>,
}

impl ProviderStore {
    /// Records a request shown to the browser identified by `browser`;
    /// returns the one-time consent id its form posts back.
    pub fn new_consent(&mut self, now: Duration, browser: String, request: AuthRequest) -> String {
        self.consents.insert(now, Consent { browser, request })
    }

    /// Consumes the consent `id` posted by the browser identified by
    /// `browser`. A wrong browser leaves the consent in place, so a forged
    /// post can't cancel the user's pending page.
    pub fn take_consent(
        &mut self,
        id: &str,
        browser: Option<&str>,
        now: Duration,
    ) -> Result<AuthRequest, ConsentError> {
        let consent = self
            .consents
            .live(id, now, CONSENT_TTL)
            .ok_or(ConsentError::Unknown)?;
        if browser != Some(consent.browser.as_str()) {
            return Err(ConsentError::WrongBrowser);
        }
        self.consents
            .take_live(id, now, CONSENT_TTL)
            .map(|c| c.request)
            .ok_or(ConsentError::Unknown)
    }

    /// Issues a one-time authorization code for `grant`.
    pub fn new_code(&mut self, now: Duration, grant: Grant) -> String {
        self.codes.insert(now, grant)
    }

    /// Consumes `code`: whatever the token request does with it next, it
    /// can't be tried again.
    pub fn take_code(&mut self, code: &str, now: Duration) -> Option<Grant> {
        self.codes.take_live(code, now, CODE_TTL)
    }

    /// Issues a fresh token pair.
    pub fn issue(&mut self, now: Duration) -> Issued {
        let access_token = self.access.insert(now, ());
        let refresh_token = self.refresh.insert(now, access_token.clone());
        Issued {
            access_token,
            refresh_token,
        }
    }

    /// Exchanges `refresh_token` for a fresh pair. The old refresh token and
    /// the access token issued with it stop working.
    pub fn rotate(&mut self, refresh_token: &str, now: Duration) -> Option<Issued> {
        let (_, old_access) = self.refresh.0.remove(refresh_token)?;
        self.access.0.remove(&old_access);
        Some(self.issue(now))
    }

    /// Whether `token` is a live access token with the given `lifetime`.
    pub fn access_status(&self, token: &str, now: Duration, lifetime: Duration) -> TokenStatus {
        match self.access.0.get(token) {
            None => TokenStatus::Unknown,
            Some((created, ())) if now.saturating_sub(*created) < lifetime => TokenStatus::Valid,
            Some(_) => TokenStatus::Expired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AuthRequest {
        AuthRequest {
            redirect_uri: "http://127.0.0.1:7007/cb".into(),
            state: None,
            code_challenge: None,
        }
    }

    #[test]
    fn records_are_bounded_and_the_oldest_goes_first() {
        let mut store = ProviderStore::default();
        let first = store.issue(Duration::ZERO);
        for i in 1..=MAX_RECORDS as u64 {
            store.issue(Duration::from_secs(i));
        }
        assert_eq!(store.access.0.len(), MAX_RECORDS);
        let later = Duration::from_secs(MAX_RECORDS as u64);
        let lifetime = Duration::from_secs(10 * MAX_RECORDS as u64);
        assert_eq!(
            store.access_status(&first.access_token, later, lifetime),
            TokenStatus::Unknown
        );
        assert!(store.rotate(&first.refresh_token, later).is_none());
    }

    #[test]
    fn consents_expire() {
        let mut store = ProviderStore::default();
        let id = store.new_consent(Duration::ZERO, "b".into(), request());
        assert_eq!(
            store.take_consent(&id, Some("b"), CONSENT_TTL),
            Err(ConsentError::Unknown)
        );
    }
}
