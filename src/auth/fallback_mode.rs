//! When the floating "Authenticate with Coder" button shows.

use super::AuthStatus;

/// The provider's `fallback-auth-ui-mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FallbackMode {
    /// Only when no card that can show the sign-in form is mounted.
    #[default]
    Restrained,
    /// Whenever not signed in.
    Assertive,
    /// Never.
    Hidden,
}

impl FallbackMode {
    /// Parses the attribute value; unknown values are an error naming the
    /// allowed ones.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value.map(str::trim) {
            None | Some("") | Some("restrained") => Ok(Self::Restrained),
            Some("assertive") => Ok(Self::Assertive),
            Some("hidden") => Ok(Self::Hidden),
            Some(other) => {
                let mut msg = "fallback-auth-ui-mode: unknown value \"".to_owned();
                msg.extend(other.chars().take(40));
                msg.push_str("\"; use \"restrained\", \"assertive\" or \"hidden\"");
                Err(msg)
            }
        }
    }
}

/// Whether the fallback button shows. It never shows while the first token
/// check runs (the page would flash it), nor once signed in by any path.
pub fn show_fallback(
    mode: FallbackMode,
    status: AuthStatus,
    form_capable_consumers: usize,
) -> bool {
    if status.is_authenticated() || status == AuthStatus::Initializing {
        return false;
    }
    match mode {
        FallbackMode::Hidden => false,
        FallbackMode::Assertive => true,
        FallbackMode::Restrained => form_capable_consumers == 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_and_unknown_values_are_explained() {
        assert_eq!(FallbackMode::parse(None), Ok(FallbackMode::Restrained));
        assert_eq!(
            FallbackMode::parse(Some("assertive")),
            Ok(FallbackMode::Assertive)
        );
        assert_eq!(
            FallbackMode::parse(Some(" hidden ")),
            Ok(FallbackMode::Hidden)
        );
        let err = FallbackMode::parse(Some("loud")).unwrap_err();
        assert!(err.contains("loud") && err.contains("restrained"), "{err}");
    }

    #[test]
    fn restrained_shows_only_without_cards() {
        let m = FallbackMode::Restrained;
        assert!(show_fallback(m, AuthStatus::TokenMissing, 0));
        assert!(!show_fallback(m, AuthStatus::TokenMissing, 1));
    }

    #[test]
    fn assertive_shows_whenever_signed_out() {
        let m = FallbackMode::Assertive;
        assert!(show_fallback(m, AuthStatus::Invalid, 3));
        assert!(show_fallback(m, AuthStatus::Distrusted, 3));
    }

    #[test]
    fn never_when_hidden_signed_in_or_initializing() {
        for mode in [
            FallbackMode::Restrained,
            FallbackMode::Assertive,
            FallbackMode::Hidden,
        ] {
            assert!(!show_fallback(mode, AuthStatus::Authenticated, 0));
            assert!(!show_fallback(
                mode,
                AuthStatus::DistrustedWithGracePeriod,
                0
            ));
            assert!(!show_fallback(mode, AuthStatus::Initializing, 0));
        }
        assert!(!show_fallback(
            FallbackMode::Hidden,
            AuthStatus::TokenMissing,
            0
        ));
    }
}
