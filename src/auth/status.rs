//! The authentication states.

/// Where the provider stands with Coder. The names match the upstream
/// plugin's status strings (see [`AuthStatus::as_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthStatus {
    /// Looking for a token (OAuth session, stored manual token) and
    /// checking the first one found.
    Initializing,
    /// No token: the sign-in form shows.
    TokenMissing,
    /// A new token is being checked.
    Authenticating,
    /// The token is valid.
    Authenticated,
    /// A token that was valid can't be re-checked right now; it is still
    /// used for a short grace period.
    DistrustedWithGracePeriod,
    /// A token that was valid can't be re-checked and the grace period is
    /// over.
    Distrusted,
    /// Coder rejected the token.
    Invalid,
    /// The browser is offline.
    NoInternetConnection,
    /// The proxy or the deployment did not answer properly.
    DeploymentUnavailable,
}

impl AuthStatus {
    /// The status name, as upstream spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Initializing => "initializing",
            Self::TokenMissing => "tokenMissing",
            Self::Authenticating => "authenticating",
            Self::Authenticated => "authenticated",
            Self::DistrustedWithGracePeriod => "distrustedWithGracePeriod",
            Self::Distrusted => "distrusted",
            Self::Invalid => "invalid",
            Self::NoInternetConnection => "noInternetConnection",
            Self::DeploymentUnavailable => "deploymentUnavailable",
        }
    }

    /// Whether requests may be made with the token (the grace period
    /// counts).
    pub fn is_authenticated(self) -> bool {
        matches!(self, Self::Authenticated | Self::DistrustedWithGracePeriod)
    }

    /// Whether the sign-in form (token input, OAuth button) is what a card
    /// shows in this state.
    pub fn shows_sign_in_form(self) -> bool {
        matches!(
            self,
            Self::TokenMissing | Self::Authenticating | Self::Invalid
        )
    }

    /// Whether a sign-in is under way (a settings row's buttons wait).
    pub fn is_busy(self) -> bool {
        matches!(self, Self::Initializing | Self::Authenticating)
    }

    /// Whether the state is explained by the last request error (a
    /// settings row shows it): a token that could not be checked.
    pub fn explained_by_last_error(self) -> bool {
        matches!(
            self,
            Self::DeploymentUnavailable | Self::NoInternetConnection | Self::Distrusted
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_valid_and_grace_are_authenticated() {
        let all = [
            AuthStatus::Initializing,
            AuthStatus::TokenMissing,
            AuthStatus::Authenticating,
            AuthStatus::Authenticated,
            AuthStatus::DistrustedWithGracePeriod,
            AuthStatus::Distrusted,
            AuthStatus::Invalid,
            AuthStatus::NoInternetConnection,
            AuthStatus::DeploymentUnavailable,
        ];
        let authed: Vec<_> = all.iter().filter(|s| s.is_authenticated()).collect();
        assert_eq!(
            authed,
            [
                &AuthStatus::Authenticated,
                &AuthStatus::DistrustedWithGracePeriod
            ]
        );
        let busy: Vec<_> = all.iter().filter(|s| s.is_busy()).collect();
        assert_eq!(
            busy,
            [&AuthStatus::Initializing, &AuthStatus::Authenticating]
        );
        let explained: Vec<_> = all.iter().filter(|s| s.explained_by_last_error()).collect();
        assert_eq!(
            explained,
            [
                &AuthStatus::Distrusted,
                &AuthStatus::NoInternetConnection,
                &AuthStatus::DeploymentUnavailable
            ]
        );
        let names: Vec<_> = all.iter().map(|s| s.as_str()).collect();
        assert_eq!(names[4], "distrustedWithGracePeriod");
        assert_eq!(names[7], "noInternetConnection");
    }
}
