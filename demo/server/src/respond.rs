//! Response helpers shared by the routes: the two JSON error dialects (Coder's
//! and Backstage's), HTML escaping and safe embedding of JSON in inline
//! scripts, plus small request helpers (cookies, query pairs).

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A JSON response with the given status.
pub fn json_response<T: serde::Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_vec(body).expect("JSON values and plain structs always serialize"),
    )
        .into_response()
}

/// Coder's error shape: `{"message": ..., "detail": ...}`.
pub fn coder_error(status: StatusCode, message: &str, detail: &str) -> Response {
    json_response(status, &json!({ "message": message, "detail": detail }))
}

/// Backstage's error shape as produced by its backend error handler:
/// `{"error": {name, message}, "request": {method, url}, "response": {statusCode}}`.
///
/// `url` is the request path only: the query string may carry codes or
/// states we would rather not echo back.
pub fn backstage_error(
    status: StatusCode,
    name: &str,
    message: &str,
    method: &str,
    url: &str,
) -> Response {
    json_response(
        status,
        &json!({
            "error": { "name": name, "message": message },
            "request": { "method": method, "url": url },
            "response": { "statusCode": status.as_u16() },
        }),
    )
}

/// A complete HTML page with a title and an already-escaped body.
pub fn html_page(status: StatusCode, title: &str, body_html: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{css}</style></head>\
         <body><main>{body_html}</main></body></html>\n",
        title = escape_html(title),
        css = PAGE_CSS,
    );
    html_response(status, page)
}

/// An HTML response that is never cached (pages show live demo state).
pub fn html_response(status: StatusCode, page: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

const PAGE_CSS: &str =
    "body{font-family:system-ui,sans-serif;background:#f6f7f9;color:#1d2433;margin:0}\
main{max-width:42rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:8px;\
box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin-top:0}\
code,pre{font-family:ui-monospace,monospace}pre{background:#1d2433;color:#fff;padding:1rem;\
border-radius:6px;overflow-x:auto;user-select:all}button{font:inherit;padding:.5rem 1.2rem;\
margin-right:.5rem;border-radius:4px;border:1px solid #1d2433;cursor:pointer}\
button.primary{background:#1d2433;color:#fff}dt{font-weight:600}dd{margin:0 0 .5rem 0}";

/// Headers for a page that must not be framed by others or leak its URL
/// (which carries OAuth states) to the next site: `X-Frame-Options`,
/// `Content-Security-Policy` and `Referrer-Policy: no-referrer`.
pub fn guard_page(response: &mut Response, frame_options: &'static str, csp: HeaderValue) {
    let h = response.headers_mut();
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static(frame_options),
    );
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
}

/// Escapes text for use in HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Serializes a value as JSON that is safe inside an inline `<script>`:
/// `<`, `>` and `&` can't end the script element or start a comment, and the
/// line separators U+2028/U+2029 (legal in JSON, not in older JS) are escaped.
pub fn json_for_script(value: &Value) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// The value of cookie `name` from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// What a request's `Authorization` header holds for one scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials<'a> {
    /// No `Authorization` header.
    Absent,
    /// A header with another scheme, or one that isn't text.
    Other,
    /// The credentials after `<scheme> `, trimmed.
    Given(&'a str),
}

/// Reads `Authorization: <scheme> <credentials>`; the scheme is matched
/// case-insensitively (RFC 9110 §11.1).
pub fn credentials<'a>(headers: &'a HeaderMap, scheme: &str) -> Credentials<'a> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Credentials::Absent;
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(s, _)| s.eq_ignore_ascii_case(scheme))
        .map_or(Credentials::Other, |(_, c)| Credentials::Given(c.trim()))
}

/// Decodes an `application/x-www-form-urlencoded` string (a query string or a
/// form body) into pairs. Decoding is lossy, so this never fails on garbage.
pub fn query_pairs(raw: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw).unwrap_or_default()
}

/// The last value of `key` among decoded pairs.
pub fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Percent-encodes a component for use in a URL query or path.
pub fn url_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A header value from a string we built ourselves; falls back to empty
/// rather than panicking if it somehow contains forbidden bytes.
pub fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_specials() {
        assert_eq!(
            escape_html("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({ "a": "</script><!-- & \u{2028}\u{2029}" });
        let s = json_for_script(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn reads_credentials_of_one_scheme() {
        let mut h = HeaderMap::new();
        assert_eq!(credentials(&h, "Bearer"), Credentials::Absent);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer  t1 "),
        );
        assert_eq!(credentials(&h, "Bearer"), Credentials::Given("t1"));
        assert_eq!(credentials(&h, "Basic"), Credentials::Other);
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer"));
        assert_eq!(credentials(&h, "Bearer"), Credentials::Other);
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_bytes(b"Bearer \xff").unwrap(),
        );
        assert_eq!(credentials(&h, "Bearer"), Credentials::Other);
    }

    #[test]
    fn reads_cookies() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("a=1; b=two"));
        h.append(header::COOKIE, HeaderValue::from_static("c=3"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("two"));
        assert_eq!(cookie(&h, "c").as_deref(), Some("3"));
        assert_eq!(cookie(&h, "d"), None);
    }
}
