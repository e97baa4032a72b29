//! Checks on a manually entered session token, and where one is stored.

use crate::client::header_safe;
use std::fmt;

/// Longest token accepted. Coder session tokens are ~33 characters; this
/// leaves room for other formats while refusing pasted documents.
pub const MAX_TOKEN_LEN: usize = 4096;

/// Why a manually entered token was refused. The messages never repeat the
/// token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Nothing but whitespace.
    Empty,
    /// A line break inside the token (a paste of more than the token).
    MultiLine,
    /// Longer than [`MAX_TOKEN_LEN`].
    TooLong,
    /// Spaces or control characters inside the token.
    BadCharacters,
    /// Characters outside printable ASCII: no Coder token has them, and an
    /// HTTP header cannot carry them.
    NotAscii,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "Enter a session token: the field is empty.",
            Self::MultiLine => {
                "The token contains a line break. Paste only the token, on one line."
            }
            Self::TooLong => {
                "That is too long to be a session token. Copy just the token from the token page."
            }
            Self::BadCharacters => {
                "The token contains spaces or control characters. Copy just the token from the token page."
            }
            Self::NotAscii => {
                "The token contains characters a Coder token never has (only letters, digits and dashes). Copy just the token from the token page."
            }
        })
    }
}

/// Trims a pasted token and refuses what cannot be one.
pub fn check_manual_token(raw: &str) -> Result<&str, TokenError> {
    let token = raw.trim();
    if token.is_empty() {
        return Err(TokenError::Empty);
    }
    if token.contains(['\n', '\r']) {
        return Err(TokenError::MultiLine);
    }
    if token.len() > MAX_TOKEN_LEN {
        return Err(TokenError::TooLong);
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(TokenError::BadCharacters);
    }
    if !header_safe(token) {
        return Err(TokenError::NotAscii);
    }
    Ok(token)
}

/// The sessionStorage key of the manual token for a deployment, so tokens
/// for two deployments never mix.
pub fn storage_key(access_url: &str) -> String {
    let mut key = "coder-backstage-wasm/token/".to_owned();
    key.push_str(access_url);
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(check_manual_token("  abc-123\n"), Ok("abc-123"));
        assert_eq!(check_manual_token("\tabc\r\n"), Ok("abc"));
    }

    #[test]
    fn bad_tokens_are_refused_with_a_reason() {
        assert_eq!(check_manual_token(""), Err(TokenError::Empty));
        assert_eq!(check_manual_token(" \n\t "), Err(TokenError::Empty));
        assert_eq!(check_manual_token("abc\ndef"), Err(TokenError::MultiLine));
        assert_eq!(
            check_manual_token("abc def"),
            Err(TokenError::BadCharacters)
        );
        assert_eq!(
            check_manual_token("abc\u{7}def"),
            Err(TokenError::BadCharacters)
        );
        let long = "a".repeat(1024 * 1024);
        assert_eq!(check_manual_token(&long), Err(TokenError::TooLong));
    }

    /// Found by the hostile-input suite: the browser cannot send such a
    /// token in a header, so it is refused with a reason up front.
    #[test]
    fn non_ascii_tokens_are_refused() {
        assert_eq!(check_manual_token("tøken-✓"), Err(TokenError::NotAscii));
        assert!(!check_manual_token("tøken-✓")
            .unwrap_err()
            .to_string()
            .contains("tøken"));
        assert_eq!(
            check_manual_token("ABCdef-0123456789"),
            Ok("ABCdef-0123456789")
        );
    }

    #[test]
    fn messages_never_contain_the_token() {
        for err in [
            check_manual_token("secret\nvalue").unwrap_err(),
            check_manual_token("secret value").unwrap_err(),
        ] {
            assert!(!err.to_string().contains("secret"));
        }
    }

    #[test]
    fn storage_keys_differ_per_deployment() {
        assert_ne!(
            storage_key("https://a.example"),
            storage_key("https://b.example")
        );
        assert!(storage_key("https://a.example").ends_with("https://a.example"));
    }
}
