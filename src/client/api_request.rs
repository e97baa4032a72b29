//! A Coder API request asked for by the host page's own code (the
//! provider's `coderApi.request(path, init)`): vetted here before the same
//! fetch glue as the card's requests sends it. The path is the only part of
//! the URL the caller chooses, so it may name a Coder API path and nothing
//! else: no other origin, no way out of `/api/v2/` through `..` or an
//! encoded slash, no query or fragment smuggled in (the query is given
//! apart, and encoded by the request builder).

use std::fmt;

/// The HTTP methods Coder's API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET` (the default; retried on outages like the card's requests).
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }

    /// Reads a method name, in any case.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Get, Self::Post, Self::Put, Self::Patch, Self::Delete]
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// A vetted request: safe to append to the proxy base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// A path under `/api/v2/`.
    pub path: String,
    /// Query parameters, in order.
    pub query: Vec<(String, String)>,
    /// A JSON body (only for methods other than GET).
    pub body: Option<String>,
}

/// Why a request was refused before it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const PREFIX: &str = "/api/v2/";
const MAX_PATH: usize = 2048;

/// Vets `path` and `method` (`None`: GET) into a request without query or
/// body. The message says what is wrong and what a good path looks like.
pub fn vet(method: Option<&str>, path: &str) -> Result<ApiRequest, Refused> {
    let method = match method {
        None => Method::Get,
        Some(name) => Method::parse(name).ok_or_else(|| {
            let mut message = "coderApi.request: unknown method \"".to_owned();
            message.extend(name.chars().take(20));
            message.push_str("\"; use GET, POST, PUT, PATCH or DELETE");
            Refused(message)
        })?,
    };
    let refuse = |why: &str| {
        let mut message = "coderApi.request: ".to_owned();
        message.push_str(why);
        message.push_str(
            "; give a Coder API path such as \"/api/v2/users/me\" (the query goes in init.query)",
        );
        Refused(message)
    };
    if path.len() > MAX_PATH {
        return Err(refuse("the path is longer than 2048 characters"));
    }
    let Some(rest) = path.strip_prefix(PREFIX) else {
        return Err(refuse("the path must start with /api/v2/"));
    };
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err(refuse("the path has an empty segment (//) or ends with /"));
        }
        if segment == "." || segment == ".." {
            return Err(refuse("the path may not contain . or .. segments"));
        }
        if let Some(c) = segment.chars().find(|c| !allowed(*c)) {
            return Err(refuse(&named("the path contains ", c)));
        }
        // Encoded slashes, backslashes and dots could climb out of
        // /api/v2/ once a server decodes them.
        if escapes(segment).any(|b| matches!(b, b'/' | b'\\' | b'.')) {
            return Err(refuse("the path contains an encoded slash or dot"));
        }
    }
    Ok(ApiRequest {
        method,
        path: path.to_owned(),
        query: Vec::new(),
        body: None,
    })
}

/// The bytes the `%XX` escapes of `segment` stand for (a `%` without two
/// hex digits stands for nothing).
fn escapes(segment: &str) -> impl Iterator<Item = u8> + '_ {
    let bytes = segment.as_bytes();
    bytes.iter().enumerate().filter_map(move |(i, b)| {
        let hex = |at: usize| bytes.get(at).and_then(|c| (*c as char).to_digit(16));
        (*b == b'%')
            .then(|| Some((hex(i + 1)? * 16 + hex(i + 2)?) as u8))
            .flatten()
    })
}

/// `prefix` and the character: quoted when it prints as itself, else as
/// its code point (no `{:?}`: its escaping tables would cost the wasm
/// kilobytes).
fn named(prefix: &str, c: char) -> String {
    let mut text = prefix.to_owned();
    if c.is_ascii_graphic() {
        text.push('\'');
        text.push(c);
        text.push('\'');
    } else {
        use std::fmt::Write;
        let _ = write!(text, "U+{:04X}", c as u32);
    }
    text
}

impl ApiRequest {
    /// The workspaces query this request asks for when it is exactly what
    /// a card asks (`GET /api/v2/workspaces` with at most `q`, `limit=0`
    /// and `offset=0`; Coder reads a missing `limit` as 0, no limit): then
    /// a card's request can answer it. Anything else (a page, another
    /// parameter) is a request of its own.
    pub fn workspaces_query(&self) -> Option<&str> {
        if self.method != Method::Get || self.path != "/api/v2/workspaces" || self.body.is_some() {
            return None;
        }
        let mut q = None;
        for (name, value) in &self.query {
            match (name.as_str(), value.as_str()) {
                ("q", value) if q.is_none() => q = Some(value),
                ("limit" | "offset", "0") => {}
                _ => return None,
            }
        }
        Some(q.unwrap_or(""))
    }
}

/// Characters a path segment may hold as they are: RFC 3986's unreserved
/// ones, a few sub-delimiters Coder's paths use (`@` in `/users/@me`…, `:`)
/// and `%` for escapes.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '@' | ':' | '%' | '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(path: &str) -> String {
        vet(None, path).unwrap_err().to_string()
    }

    #[test]
    fn coder_api_paths_pass_unchanged() {
        for path in [
            "/api/v2/users/me",
            "/api/v2/workspaces",
            "/api/v2/users/demo/workspace/my-ws",
            "/api/v2/templates/0b6f9a2c-1c9f-4d6b-9b7b-2b8a1c2d3e4f",
            "/api/v2/users/@me/keys",
            "/api/v2/workspaceagents/me/app-status",
            "/api/v2/users/a%20b",
        ] {
            let request = vet(None, path).unwrap();
            assert_eq!(request.path, path);
            assert_eq!(request.method, Method::Get);
        }
    }

    #[test]
    fn methods_are_read_in_any_case_and_unknown_ones_refused() {
        assert_eq!(vet(Some("post"), "/api/v2/x").unwrap().method, Method::Post);
        assert_eq!(
            vet(Some("Delete"), "/api/v2/x").unwrap().method,
            Method::Delete
        );
        let message = vet(Some("TRACE"), "/api/v2/x").unwrap_err().to_string();
        assert!(message.contains("unknown method \"TRACE\""), "{message}");
        assert!(
            message.contains("GET, POST, PUT, PATCH or DELETE"),
            "{message}"
        );
    }

    #[test]
    fn other_origins_and_paths_outside_the_api_are_refused() {
        for path in [
            "https://evil.example/api/v2/users/me",
            "//evil.example/api/v2/users/me",
            "api/v2/users/me",
            "/api/v1/users/me",
            "/healthz",
            "",
            "/api/v2",
        ] {
            assert!(refused(path).contains("must start with /api/v2/"), "{path}");
        }
    }

    #[test]
    fn climbing_out_and_smuggling_are_refused() {
        let cases = [
            ("/api/v2/../../admin", ". or .."),
            ("/api/v2/users/./me", ". or .."),
            ("/api/v2//users", "empty segment"),
            ("/api/v2/users/", "empty segment"),
            ("/api/v2/users%2F..%2Fadmin", "encoded slash or dot"),
            ("/api/v2/%2e%2e/admin", "encoded slash or dot"),
            ("/api/v2/users%5cadmin", "encoded slash or dot"),
            ("/api/v2/users%5Cadmin", "encoded slash or dot"),
            ("/api/v2/%2E%2e/admin", "encoded slash or dot"),
            ("/api/v2/users?q=owner:me", "contains '?'"),
            ("/api/v2/users#frag", "contains '#'"),
            ("/api/v2/users\\admin", "contains '\\'"),
            ("/api/v2/us ers", "contains U+0020"),
            ("/api/v2/users\nX-Header: 1", "contains U+000A"),
            ("/api/v2/caf\u{e9}", "contains U+00E9"),
        ];
        for (path, why) in cases {
            let message = refused(path);
            assert!(message.contains(why), "{path}: {message}");
            assert!(
                message.contains("\"/api/v2/users/me\""),
                "says what a good path is: {message}"
            );
        }
    }

    #[test]
    fn only_a_request_a_card_makes_names_a_workspaces_query() {
        let get = |path: &str, query: &[(&str, &str)]| ApiRequest {
            query: query
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            ..vet(None, path).unwrap()
        };
        let cases: [(ApiRequest, Option<&str>); 9] = [
            (
                get("/api/v2/workspaces", &[("q", "owner:me")]),
                Some("owner:me"),
            ),
            (
                get("/api/v2/workspaces", &[("limit", "0"), ("q", "owner:me")]),
                Some("owner:me"),
            ),
            (get("/api/v2/workspaces", &[]), Some("")),
            (get("/api/v2/workspaces", &[("offset", "0")]), Some("")),
            (get("/api/v2/workspaces", &[("limit", "25")]), None),
            (get("/api/v2/workspaces", &[("offset", "25")]), None),
            (get("/api/v2/workspaces", &[("q", "a"), ("q", "b")]), None),
            (get("/api/v2/workspaces", &[("owner", "me")]), None),
            (get("/api/v2/workspaces/x", &[]), None),
        ];
        for (request, query) in &cases {
            assert_eq!(request.workspaces_query(), *query, "{request:?}");
        }
        let post = ApiRequest {
            method: Method::Post,
            ..get("/api/v2/workspaces", &[])
        };
        assert_eq!(post.workspaces_query(), None);
    }

    #[test]
    fn an_overlong_path_is_refused_by_its_length() {
        let path = format!("/api/v2/{}", "a".repeat(3000));
        assert!(refused(&path).contains("longer than 2048"));
    }
}
