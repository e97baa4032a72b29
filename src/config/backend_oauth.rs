//! Upstream's stable line (`@coder/backstage-plugin-coder` 0.4 with
//! `@coder/backstage-plugin-coder-backend` 0.4.0) links a Coder account
//! without Backstage's OAuth API: a popup goes to Coder's consent page with
//! the backend plugin's callback as `redirect_uri`; that callback exchanges
//! the code and posts `{type: 'coder-oauth-success', token}` back to the
//! page. What an adopter on that line configures is read here: the app
//! config's `coder.oauth.clientId` and `backend.baseUrl`.

use super::{encode_uri_component_into, parse_web_url, UrlProblem};

/// Where the 0.4 backend plugin's callback lives, under `backend.baseUrl`
/// (its router is mounted at `/api/auth/coder`).
pub const CALLBACK_PATH: &str = "/api/auth/coder/oauth/callback";

/// The popup sign-in through upstream's 0.4 backend plugin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendOAuth {
    /// Coder's consent page for this client, returning to the callback.
    pub authorize_url: String,
    /// The origin the callback page posts from: the only one whose
    /// message is taken.
    pub backend_origin: String,
}

/// Why the popup sign-in is configured but can't start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendOAuthProblem {
    /// `backend.baseUrl` is missing.
    NoBackendUrl,
    /// `backend.baseUrl` is not an http(s) URL.
    BadBackendUrl(UrlProblem),
    /// `coder.oauth.clientId` has characters no client id has.
    BadClientId,
}

impl std::fmt::Display for BackendOAuthProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoBackendUrl => f.write_str(
                "Coder OAuth sign-in needs backend.baseUrl in app-config.yaml (the \
                 callback of @coder/backstage-plugin-coder-backend is under it).",
            ),
            Self::BadBackendUrl(problem) => {
                write!(
                    f,
                    "backend.baseUrl in app-config.yaml {}.",
                    problem.describe()
                )
            }
            Self::BadClientId => f.write_str(
                "coder.oauth.clientId in app-config.yaml is not a Coder OAuth2 client id: \
                 copy the id Coder shows for the application (letters, digits, '-', '_', '.').",
            ),
        }
    }
}

/// The 0.4 popup sign-in for `access_url` (the normalized deployment URL),
/// from `client_id` (`coder.oauth.clientId`) and `backend_base`
/// (`backend.baseUrl`). Every piece is checked or percent-encoded: config
/// is untrusted, and the URL opens a window.
pub fn backend_oauth(
    access_url: &str,
    client_id: &str,
    backend_base: Option<&str>,
) -> Result<BackendOAuth, BackendOAuthProblem> {
    let client_id = client_id.trim();
    let id_ok = !client_id.is_empty()
        && client_id.len() <= 200
        && client_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if !id_ok {
        return Err(BackendOAuthProblem::BadClientId);
    }
    let backend = backend_base
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .ok_or(BackendOAuthProblem::NoBackendUrl)?;
    let parsed = parse_web_url(backend).map_err(BackendOAuthProblem::BadBackendUrl)?;
    if parsed.had_query_or_fragment {
        return Err(BackendOAuthProblem::BadBackendUrl(
            UrlProblem::QueryOrFragment,
        ));
    }
    let mut callback = parsed.to_string_trimmed();
    callback.push_str(CALLBACK_PATH);

    let mut url = String::with_capacity(access_url.len() + callback.len() + 96);
    url.push_str(access_url);
    url.push_str("/oauth2/authorize?response_type=code&client_id=");
    encode_uri_component_into(client_id, &mut url);
    url.push_str("&redirect_uri=");
    encode_uri_component_into(&callback, &mut url);
    Ok(BackendOAuth {
        authorize_url: url,
        backend_origin: parsed.origin(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_consent_url_with_the_backend_callback() {
        let oauth = backend_oauth(
            "https://coder.example.com",
            "backstage-app",
            Some("https://backstage.example.com:7007/"),
        )
        .unwrap();
        assert_eq!(
            oauth.authorize_url,
            "https://coder.example.com/oauth2/authorize?response_type=code&client_id=backstage-app\
             &redirect_uri=https%3A%2F%2Fbackstage.example.com%3A7007%2Fapi%2Fauth%2Fcoder%2Foauth%2Fcallback"
        );
        assert_eq!(oauth.backend_origin, "https://backstage.example.com:7007");
    }

    #[test]
    fn a_backend_under_a_path_keeps_it() {
        let oauth = backend_oauth(
            "https://c.example",
            "id",
            Some("https://b.example/backstage"),
        )
        .unwrap();
        assert!(oauth
            .authorize_url
            .ends_with("redirect_uri=https%3A%2F%2Fb.example%2Fbackstage%2Fapi%2Fauth%2Fcoder%2Foauth%2Fcallback"));
        assert_eq!(oauth.backend_origin, "https://b.example");
    }

    #[test]
    fn hostile_or_missing_config_is_refused_with_a_reason() {
        let access = "https://c.example";
        assert_eq!(
            backend_oauth(access, "id", None),
            Err(BackendOAuthProblem::NoBackendUrl)
        );
        assert_eq!(
            backend_oauth(access, "id", Some("javascript:alert(1)")),
            Err(BackendOAuthProblem::BadBackendUrl(UrlProblem::Scheme))
        );
        assert_eq!(
            backend_oauth(access, "id", Some("https://b.example/?x=1")),
            Err(BackendOAuthProblem::BadBackendUrl(
                UrlProblem::QueryOrFragment
            ))
        );
        for id in ["", "a&redirect_uri=https://evil", "a b", "ä"] {
            assert_eq!(
                backend_oauth(access, id, Some("https://b.example")),
                Err(BackendOAuthProblem::BadClientId),
                "{id:?}"
            );
        }
        let text = BackendOAuthProblem::NoBackendUrl.to_string();
        assert!(text.contains("backend.baseUrl"), "{text}");
    }
}
