//! Static files: the demo page from `--web-root` at `/` and the built npm
//! package from `--pkg-dir` at `/pkg/`. No directory listings, no `..`,
//! `Cache-Control: no-cache` so a rebuilt package shows up on reload, with
//! an `ETag` so an unchanged one is answered `304 Not Modified`. That is
//! also what lets Chromium reuse its compiled code for the wasm on the next
//! load, as it does for a Backstage app's cached assets.

use std::path::{Path, PathBuf};

use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// Content type by file extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("ts") => "text/plain; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Turns a URL path below a mount point into a relative file path, or
/// `None` if it tries to leave the directory (`..`, backslashes, NUL,
/// absolute segments), also when percent-encoded.
pub fn safe_relative_path(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => continue,
            ".." => return None,
            s if s.contains('\\') || s.contains('\0') || s.contains(':') => return None,
            s => out.push(s),
        }
    }
    Some(out)
}

fn text(status: StatusCode, message: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        message,
    )
        .into_response()
}

/// The entity tag of a file's content.
pub fn etag(body: &[u8]) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}\"", hasher.finish())
}

/// Serves `url_path` from the web root or, under `/pkg/`, the package dir;
/// `if_none_match` is the request's `If-None-Match` header.
pub async fn serve(
    method: &Method,
    url_path: &str,
    if_none_match: Option<&str>,
    web_root: &Path,
    pkg_dir: &Path,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "method not allowed\n".into(),
        );
    }
    let (root, rel, is_pkg) = match url_path.strip_prefix("/pkg") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => (pkg_dir, rest, true),
        _ => (web_root, url_path, false),
    };
    let Some(mut rel_path) = safe_relative_path(rel) else {
        return text(
            StatusCode::BAD_REQUEST,
            "bad path: '..' and similar are refused\n".into(),
        );
    };
    if rel.is_empty() || rel.ends_with('/') {
        rel_path.push("index.html");
    }
    let file = root.join(&rel_path);
    let is_file = tokio::fs::metadata(&file)
        .await
        .map(|m| m.is_file())
        .unwrap_or(false);
    let body = if is_file {
        tokio::fs::read(&file).await.ok()
    } else {
        None
    };
    let Some(body) = body else {
        let hint = if is_pkg {
            format!(
                "{} not found in the package directory {}.\n\
                 Run ./demo/run.sh to build pkg/ (or pass --pkg-dir DIR).\n",
                rel_path.display(),
                pkg_dir.display()
            )
        } else if !web_root.is_dir() {
            format!(
                "The web root {} does not exist.\n\
                 Start the server from the repository root, or pass --web-root DIR \
                 (./demo/run.sh does both and builds pkg/).\n",
                web_root.display()
            )
        } else {
            format!(
                "{} not found in the web root {}.\n",
                rel_path.display(),
                web_root.display()
            )
        };
        return text(StatusCode::NOT_FOUND, hint);
    };
    let tag = etag(&body);
    if if_none_match.is_some_and(|v| v.split(',').any(|t| t.trim() == tag)) {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, tag),
                (header::CACHE_CONTROL, "no-cache".to_owned()),
            ],
        )
            .into_response();
    }
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type(&file).to_owned()),
            (header::CACHE_CONTROL, "no-cache".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::ETAG, tag),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_traversal() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/a/..",
            "/%2E%2E/x",
            "/a\\..\\b",
            "/c:/x",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
        assert_eq!(
            safe_relative_path("/a/./b.js"),
            Some(PathBuf::from("a/b.js"))
        );
    }
}
