//! A deliberately small parser for absolute `http(s)` URLs.
//!
//! The `url` crate would cost tens of KB of wasm; we only need to accept the
//! URLs an administrator types for a Coder deployment or a repository, and to
//! refuse everything that could turn into a script URL, a relative link, a
//! credential leak or a header/markup injection. Anything unusual is refused
//! rather than "fixed", with a message that says what to change.

/// Why a string is not an acceptable web URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    /// The string is empty.
    Empty,
    /// Whitespace or control characters anywhere in the string.
    Whitespace,
    /// Starts with `/`, `./`, `../`, `?` or `#`.
    Relative,
    /// No `scheme://` at all (`coder.example.com`).
    MissingScheme,
    /// A scheme other than http/https (`javascript:`, `ftp:`, `data:` ...).
    Scheme,
    /// `https://` with nothing or only a port after it.
    MissingHost,
    /// `user:password@` in the authority.
    Credentials,
    /// A host with characters a DNS name or IP literal cannot have.
    BadHost,
    /// A port that is not a number from 1 to 65535.
    BadPort,
    /// A query or fragment where none is allowed.
    QueryOrFragment,
    /// Characters that must be percent-encoded (quotes, `<`, `\`, non-ASCII ...).
    BadCharacter,
}

impl UrlProblem {
    /// What is wrong and how to fix it, phrased to follow the quoted value.
    pub fn describe(self) -> &'static str {
        match self {
            UrlProblem::Empty => {
                "is empty; set it to the URL of your Coder deployment, e.g. https://coder.example.com"
            }
            UrlProblem::Whitespace => "contains whitespace or control characters; remove them",
            UrlProblem::Relative => {
                "is a relative URL; use the full URL of your Coder deployment, e.g. https://coder.example.com"
            }
            UrlProblem::MissingScheme => {
                "has no scheme; write it with https://, e.g. https://coder.example.com"
            }
            UrlProblem::Scheme => "does not use http or https; only http:// and https:// URLs are allowed",
            UrlProblem::MissingHost => "has no host name; write it like https://coder.example.com",
            UrlProblem::Credentials => {
                "contains credentials (user@ or user:password@); remove them"
            }
            UrlProblem::BadHost => {
                "has an invalid host name; use a DNS name or an IP address, e.g. https://coder.example.com"
            }
            UrlProblem::BadPort => "has an invalid port; use a number from 1 to 65535",
            UrlProblem::QueryOrFragment => {
                "contains a query (?) or fragment (#); remove it, paths are appended to this URL"
            }
            UrlProblem::BadCharacter => {
                "contains characters that are not allowed in a URL (quotes, <, >, \\, non-ASCII ...); percent-encode or remove them"
            }
        }
    }
}

/// Where `needle` first stands in `hay`. A byte-window scan: our needles
/// are two or three bytes, and `str::find` with a `&str` pattern brings in
/// the general substring searcher (about 1.5 KB of wasm).
pub(crate) fn find_str(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
}

/// The parts of an accepted URL. Scheme and host are lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    /// `http` or `https`.
    pub scheme: &'static str,
    /// Host and optional `:port`, lower-cased.
    pub authority: String,
    /// The path as written, `""` or starting with `/`.
    pub path: String,
    /// Whether the input had a `?query` or `#fragment` (they are dropped).
    pub had_query_or_fragment: bool,
}

impl WebUrl {
    /// `scheme://authority`, as `MessageEvent.origin` spells it.
    pub fn origin(&self) -> String {
        let mut origin = String::with_capacity(self.scheme.len() + 3 + self.authority.len());
        origin.push_str(self.scheme);
        origin.push_str("://");
        origin.push_str(&self.authority);
        origin
    }

    /// `scheme://authority` followed by `path` with trailing slashes removed.
    pub fn to_string_trimmed(&self) -> String {
        let path = self.path.trim_end_matches('/');
        let mut out =
            String::with_capacity(self.scheme.len() + 3 + self.authority.len() + path.len());
        out.push_str(self.scheme);
        out.push_str("://");
        out.push_str(&self.authority);
        out.push_str(path);
        out
    }
}

/// Characters allowed in a path, query or fragment besides ASCII letters and
/// digits: RFC 3986 unreserved, sub-delims, `:`, `@`, `/`, `?`, and `%` (checked
/// to start a valid escape separately).
const PATH_MARKS: &[u8] = b"-._~!$&'()*+,;=:@/?#%";

/// Parses an absolute `http://` or `https://` URL.
pub fn parse_web_url(raw: &str) -> Result<WebUrl, UrlProblem> {
    if raw.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlProblem::Whitespace);
    }
    if raw.starts_with(['/', '.', '?', '#']) {
        return Err(UrlProblem::Relative);
    }
    let (scheme, rest) = match find_str(raw, "://") {
        Some(i) => (&raw[..i], &raw[i + 3..]),
        None => {
            // `javascript:alert(1)`, `mailto:x`, `data:...` have a scheme but
            // no `//`; `coder.example.com` and `localhost:3000` have none.
            return Err(match raw.find(':') {
                Some(i) if looks_like_scheme(&raw[..i]) && !is_port_like(&raw[i + 1..]) => {
                    UrlProblem::Scheme
                }
                _ => UrlProblem::MissingScheme,
            });
        }
    };
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        "https"
    } else if scheme.eq_ignore_ascii_case("http") {
        "http"
    } else if looks_like_scheme(scheme) {
        return Err(UrlProblem::Scheme);
    } else {
        return Err(UrlProblem::MissingScheme);
    };

    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(UrlProblem::Credentials);
    }
    let authority = check_authority(authority)?;

    // Path, then an optional query/fragment we drop.
    let query_start = tail.find(['?', '#']);
    let path = &tail[..query_start.unwrap_or(tail.len())];
    check_chars(tail)?;

    Ok(WebUrl {
        scheme,
        authority,
        path: path.to_owned(),
        had_query_or_fragment: query_start.is_some(),
    })
}

/// RFC 3986 scheme syntax: a letter, then letters, digits, `+`, `-`, `.`.
fn looks_like_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'-' || b == b'.')
}

/// `localhost:3000` is a host with a port, not a `localhost:` scheme.
fn is_port_like(after_colon: &str) -> bool {
    let digits = after_colon.split(['/', '?', '#']).next().unwrap_or("");
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Validates `host[:port]` and returns it lower-cased.
fn check_authority(authority: &str) -> Result<String, UrlProblem> {
    let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
        // IPv6 literal: `[::1]:8080`.
        let close = inner.find(']').ok_or(UrlProblem::BadHost)?;
        let literal = &inner[..close];
        if literal.is_empty()
            || !literal
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(UrlProblem::BadHost);
        }
        let after = &inner[close + 1..];
        let port = match after.strip_prefix(':') {
            Some(p) => Some(p),
            None if after.is_empty() => None,
            None => return Err(UrlProblem::BadHost),
        };
        (&authority[..close + 2], port)
    } else {
        match authority.rfind(':') {
            Some(i) => (&authority[..i], Some(&authority[i + 1..])),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(UrlProblem::MissingHost);
    }
    if !host.starts_with('[') {
        let ok = host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
        if !ok || host.starts_with(['.', '-']) || find_str(host, "..").is_some() {
            return Err(UrlProblem::BadHost);
        }
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && matches!(port.parse::<u32>(), Ok(1..=65535));
        if !valid {
            return Err(UrlProblem::BadPort);
        }
    }
    Ok(authority.to_ascii_lowercase())
}

/// Refuses characters that must be percent-encoded, and broken `%` escapes.
fn check_chars(tail: &str) -> Result<(), UrlProblem> {
    let bytes = tail.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let valid = bytes.len() > i + 2
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit();
            if !valid {
                return Err(UrlProblem::BadCharacter);
            }
        } else if !(b.is_ascii_alphanumeric() || PATH_MARKS.contains(&b)) {
            return Err(UrlProblem::BadCharacter);
        }
        i += 1;
    }
    Ok(())
}

/// Normalizes a Coder deployment URL: absolute http(s), no credentials,
/// query or fragment, trailing slashes trimmed, path prefix kept
/// (`https://x.com/coder/` becomes `https://x.com/coder`).
pub fn normalize_access_url(raw: &str) -> Result<String, UrlProblem> {
    let url = parse_web_url(raw)?;
    if url.had_query_or_fragment {
        return Err(UrlProblem::QueryOrFragment);
    }
    Ok(url.to_string_trimmed())
}
