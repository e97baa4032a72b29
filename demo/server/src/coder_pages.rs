//! The fake Coder deployment's browser-facing pages: template and app
//! icons, `/cli-auth` (where users copy a session token), the workspace
//! page a card's link opens (its apps and terminal are in
//! [`crate::app_pages`]), and the create-workspace page. All user input is
//! HTML-escaped.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use crate::respond::{escape_html, html_page, query_pairs};
use crate::AppState;

/// `/icon/*`, `/cli-auth` and `/templates/{template}/workspace`. The
/// workspace page (`/@owner/name`) is dispatched by [`workspace_page`] from
/// the fallback, since a route segment can't start with a literal `@` and a
/// parameter.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/icon/{file}", get(icon))
        .route("/cli-auth", get(cli_auth))
        .route("/templates/{template}/workspace", get(create_workspace))
}

/// Small original template icons, 32×32.
fn icon_svg(file: &str) -> Option<&'static str> {
    Some(match file {
        "docker.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Docker">"##,
            r##"<rect width="32" height="32" rx="6" fill="#1d63ed"/>"##,
            r##"<g fill="#fff"><rect x="6" y="13" width="5" height="4"/><rect x="12" y="13" width="5" height="4"/>"##,
            r##"<rect x="18" y="13" width="5" height="4"/><rect x="12" y="8" width="5" height="4"/>"##,
            r##"<path d="M5 19h22c0 4-4 7-11 7S5 23 5 19z"/></g></svg>"##
        ),
        "node.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Node.js">"##,
            r##"<path d="M16 2l12 7v14l-12 7-12-7V9z" fill="#3c873a"/>"##,
            r##"<text x="16" y="21" font-family="sans-serif" font-size="12" font-weight="700" "##,
            r##"text-anchor="middle" fill="#fff">N</text></svg>"##
        ),
        "python.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Python">"##,
            r##"<rect x="3" y="3" width="15" height="15" rx="4" fill="#3776ab"/>"##,
            r##"<rect x="14" y="14" width="15" height="15" rx="4" fill="#ffd43b"/>"##,
            r##"<text x="16" y="21" font-family="sans-serif" font-size="12" font-weight="700" "##,
            r##"text-anchor="middle" fill="#1d2433">Py</text></svg>"##
        ),
        "rust.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Rust">"##,
            r##"<circle cx="16" cy="16" r="14" fill="#b7410e"/>"##,
            r##"<circle cx="16" cy="16" r="10" fill="none" stroke="#fff" stroke-width="2" stroke-dasharray="3 2"/>"##,
            r##"<text x="16" y="21" font-family="sans-serif" font-size="13" font-weight="700" "##,
            r##"text-anchor="middle" fill="#fff">R</text></svg>"##
        ),
        "code.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Code">"##,
            r##"<rect width="32" height="32" rx="6" fill="#2f6fb3"/>"##,
            r##"<path d="M12 10l-6 6 6 6M20 10l6 6-6 6" fill="none" stroke="#fff" stroke-width="2.5" "##,
            r##"stroke-linecap="round" stroke-linejoin="round"/></svg>"##
        ),
        "jupyter.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Notebook">"##,
            r##"<circle cx="16" cy="16" r="14" fill="#fff" stroke="#e46e2e" stroke-width="2"/>"##,
            r##"<path d="M6 12c5-5 15-5 20 0M6 20c5 5 15 5 20 0" fill="none" stroke="#e46e2e" stroke-width="3"/></svg>"##
        ),
        "book.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Docs">"##,
            r##"<path d="M5 7h9a3 3 0 0 1 3 3v16a3 3 0 0 0-3-3H5zM27 7h-9a3 3 0 0 0-3 3v16a3 3 0 0 1 3-3h9z" "##,
            r##"fill="#5b6470"/></svg>"##
        ),
        "storybook.svg" => concat!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Stories">"##,
            r##"<rect x="5" y="3" width="22" height="26" rx="3" fill="#d6336c"/>"##,
            r##"<text x="16" y="22" font-family="sans-serif" font-size="14" font-weight="700" "##,
            r##"text-anchor="middle" fill="#fff">S</text></svg>"##
        ),
        _ => return None,
    })
}

async fn icon(Path(file): Path<String>) -> Response {
    match icon_svg(&file) {
        Some(svg) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            svg,
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "icon not found\n",
        )
            .into_response(),
    }
}

async fn cli_auth(State(state): State<AppState>) -> Response {
    let token = escape_html(state.session_token());
    html_page(
        StatusCode::OK,
        "Session token · Coder (demo)",
        &format!(
            "<h1>Your session token</h1>\
             <p>Copy the token below and paste it where you were asked for a Coder \
             session token (the \u{201c}Auth token\u{201d} field).</p>\
             <pre><code id=\"session-token\">{token}</code></pre>\
             <p><small>This is the demo deployment: the token never expires and \
             only works against this server.</small></p>"
        ),
    )
}

/// Renders `/@<owner>/<workspace>` (or one of its apps or its terminal,
/// see [`crate::app_pages`]), or `None` when `path` has another shape.
pub fn workspace_page(state: &AppState, path: &str) -> Option<Response> {
    let rest = path.strip_prefix("/@")?;
    let (owner, name) = rest.split_once('/')?;
    let name = name.strip_suffix('/').unwrap_or(name);
    if name.contains('/') {
        return crate::app_pages::path_page(state, path);
    }
    if owner.is_empty() || name.is_empty() {
        return None;
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (owner, name) = (decode(owner), decode(name));
    let now = state.moment();
    let workspaces = state.workspaces();
    let found = workspaces.iter().find_map(|w| {
        let v = w.render(&now);
        let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        (field("owner_name").eq_ignore_ascii_case(&owner) && field("name") == name).then_some(v)
    });
    let title = format!("Workspace {owner}/{name}");
    Some(match found {
        Some(ws) => {
            let text = |p: &str| escape_html(ws.pointer(p).and_then(Value::as_str).unwrap_or("unknown"));
            html_page(
                StatusCode::OK,
                &title,
                &format!(
                    "<h1>{}</h1><dl><dt>Status</dt><dd id=\"status\">{}</dd>\
                     <dt>Template</dt><dd>{}</dd><dt>Owner</dt><dd>{}</dd></dl>\
                     <p><small>This page stands in for the Coder dashboard's workspace page.</small></p>",
                    escape_html(&title),
                    text("/latest_build/status"),
                    text("/template_display_name"),
                    text("/owner_name"),
                ),
            )
        }
        None => html_page(
            StatusCode::NOT_FOUND,
            "Workspace not found",
            &format!(
                "<h1>Workspace not found</h1><p>There is no workspace {} on this demo deployment.</p>",
                escape_html(&format!("{owner}/{name}"))
            ),
        ),
    })
}

async fn create_workspace(Path(template): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let pairs = query_pairs(raw.as_deref().unwrap_or(""));
    let mode = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "mode")
        .map_or("(not given)", |(_, v)| v.as_str());
    let params: String = pairs
        .iter()
        .filter_map(|(k, v)| Some((k.strip_prefix("param.")?, v)))
        .map(|(k, v)| {
            format!(
                "<li><code>{}</code> = <code>{}</code></li>",
                escape_html(k),
                escape_html(v)
            )
        })
        .collect();
    let params = if params.is_empty() {
        "<p>No parameters were passed.</p>".to_string()
    } else {
        format!("<ul id=\"params\">{params}</ul>")
    };
    let title = format!("Create workspace from template {template}");
    html_page(
        StatusCode::OK,
        &title,
        &format!(
            "<h1>{}</h1><dl><dt>Mode</dt><dd id=\"mode\">{}</dd></dl>\
             <h2>Parameters</h2>{params}\
             <p><small>This page stands in for Coder's create-workspace form; \
             nothing is created.</small></p>",
            escape_html(&title),
            escape_html(mode),
        ),
    )
}
