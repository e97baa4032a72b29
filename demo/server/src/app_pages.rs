//! Stand-ins for what Coder serves behind an app link, so following one
//! lands on a page naming what was opened (all of it HTML-escaped):
//!
//! * `/@<owner>/<workspace>[.<agent>]/apps/<slug>/…`: a path app;
//! * `/@<owner>/<workspace>[.<agent>]/terminal`: the web terminal;
//! * any path on `<slug>--<agent>--<workspace>--<owner>.<rest>` when
//!   `--wildcard-host` is `*.<rest>`: a subdomain app.
//!
//! The visitor is taken to be the demo user: her own apps open, and other
//! owners' apps only when shared (`authenticated` or `public`); anything
//! else, a workspace not running the agent, or an unknown app, is Coder's
//! 404 page "Application Not Found".

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::respond::{escape_html, html_page};
use crate::users::DEMO_USERNAME;
use crate::AppState;

/// What a path under `/@owner/…` asks for.
enum Target<'a> {
    App(&'a str),
    Terminal,
}

/// The page for `/@<owner>/<workspace>[.<agent>]/apps/<slug>/…` or
/// `…/terminal`, or `None` when `path` has another shape.
pub fn path_page(state: &AppState, path: &str) -> Option<Response> {
    let rest = path.strip_prefix("/@")?;
    let mut parts = rest.splitn(4, '/');
    let (owner, workspace_agent) = (parts.next()?, parts.next()?);
    let target = match (parts.next()?, parts.next()) {
        ("apps", Some(tail)) => Target::App(tail.split('/').next().filter(|s| !s.is_empty())?),
        ("terminal", None | Some("")) => Target::Terminal,
        _ => return None,
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (owner, workspace_agent) = (decode(owner), decode(workspace_agent));
    let (workspace, agent) = match workspace_agent.split_once('.') {
        Some((w, a)) => (w.to_string(), Some(a.to_string())),
        None => (workspace_agent.clone(), None),
    };
    let found = find_agent(state, &owner, &workspace, agent.as_deref());
    Some(match (found, target) {
        (Some(found), Target::Terminal) if found.may_open(None) => html_page(
            StatusCode::OK,
            &format!("Terminal · {owner}/{workspace}.{}", found.agent),
            &format!(
                "<h1>Terminal</h1><dl><dt>Workspace</dt><dd id=\"workspace\">{}</dd>\
                 <dt>Agent</dt><dd id=\"agent\">{}</dd></dl>\
                 <p><small>This page stands in for Coder's web terminal.</small></p>",
                escape_html(&format!("{owner}/{workspace}")),
                escape_html(&found.agent),
            ),
        ),
        (Some(found), Target::App(slug)) => {
            let slug = decode(slug);
            match found.app(&slug) {
                Some(app) if found.may_open(Some(app)) => {
                    app_page(&owner, &workspace, &found.agent, app, "path")
                }
                _ => not_found(&format!("{owner}/{workspace_agent}/apps/{slug}")),
            }
        }
        _ => not_found(&format!("{owner}/{workspace_agent}")),
    })
}

/// Middleware: answers requests for a host under `--wildcard-host` with the
/// subdomain app it names, whatever the path; passes everything else on.
pub async fn subdomain_apps(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match state.wildcard_host().and_then(|w| subdomain_label(w, host)) {
        Some(label) => subdomain_page(&state, &label),
        None => next.run(req).await,
    }
}

/// The label of `host` standing for the wildcard's `*`, if `host` is under
/// `wildcard` (ports aside: the server has only one), lower-cased.
fn subdomain_label(wildcard: &str, host: &str) -> Option<String> {
    let strip_port = |h: &str| match h.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            name.to_string()
        }
        _ => h.to_string(),
    };
    let suffix = strip_port(wildcard.strip_prefix('*')?).to_ascii_lowercase();
    let host = strip_port(host).to_ascii_lowercase();
    let label = host.strip_suffix(&suffix)?;
    (!label.is_empty() && !label.contains('.')).then(|| label.to_string())
}

fn subdomain_page(state: &AppState, label: &str) -> Response {
    let now = state.moment();
    let workspaces = state.workspaces();
    for w in workspaces.iter() {
        let v = w.render(&now);
        for (agent, app) in apps(&v) {
            if app["subdomain"] == true
                && app["subdomain_name"]
                    .as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case(label))
            {
                let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
                let found = Found {
                    owner: text("owner_name"),
                    agent: agent.to_string(),
                    apps: Vec::new(),
                };
                if found.may_open(Some(app)) {
                    return app_page(&found.owner, &text("name"), agent, app, "subdomain");
                }
            }
        }
    }
    not_found(label)
}

/// An agent of a workspace as rendered now.
struct Found {
    owner: String,
    agent: String,
    apps: Vec<Value>,
}

impl Found {
    fn app(&self, slug: &str) -> Option<&Value> {
        self.apps.iter().find(|a| a["slug"] == slug)
    }

    /// Whether the demo user may open `app` (the terminal when `None`).
    fn may_open(&self, app: Option<&Value>) -> bool {
        self.owner.eq_ignore_ascii_case(DEMO_USERNAME)
            || app.is_some_and(|a| {
                matches!(
                    a["sharing_level"].as_str(),
                    Some("authenticated" | "public")
                )
            })
    }
}

/// Every agent of every resource of a workspace object's latest build.
fn agents(workspace: &Value) -> impl Iterator<Item = &Value> {
    workspace
        .pointer("/latest_build/resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| r["agents"].as_array())
        .flatten()
}

/// `(agent name, app)` of every app of every agent of a workspace object.
fn apps(workspace: &Value) -> Vec<(&str, &Value)> {
    agents(workspace)
        .flat_map(|agent| {
            let name = agent["name"].as_str().unwrap_or("");
            agent["apps"]
                .as_array()
                .into_iter()
                .flatten()
                .map(move |app| (name, app))
        })
        .collect()
}

/// The agent (the named one, or the only one) of `owner`'s `workspace`, if
/// its latest build has it.
fn find_agent(
    state: &AppState,
    owner: &str,
    workspace: &str,
    agent: Option<&str>,
) -> Option<Found> {
    let now = state.moment();
    let workspaces = state.workspaces();
    let v = workspaces.iter().map(|w| w.render(&now)).find(|v| {
        v["owner_name"]
            .as_str()
            .is_some_and(|o| o.eq_ignore_ascii_case(owner))
            && v["name"] == workspace
    })?;
    let agents: Vec<&Value> = agents(&v).collect();
    let found = match agent {
        Some(name) => agents.into_iter().find(|a| a["name"] == name)?,
        // Coder lets the agent go unnamed when there is only one.
        None if agents.len() == 1 => agents[0],
        None => return None,
    };
    Some(Found {
        owner: v["owner_name"].as_str().unwrap_or("").to_string(),
        agent: found["name"].as_str().unwrap_or("").to_string(),
        apps: found["apps"].as_array().cloned().unwrap_or_default(),
    })
}

fn app_page(owner: &str, workspace: &str, agent: &str, app: &Value, how: &str) -> Response {
    let text = |k: &str| app[k].as_str().unwrap_or("").to_string();
    let name = if text("display_name").is_empty() {
        text("slug")
    } else {
        text("display_name")
    };
    html_page(
        StatusCode::OK,
        &format!("{name} · {owner}/{workspace}.{agent}"),
        &format!(
            "<h1>{}</h1><dl><dt>App</dt><dd id=\"app\">{}</dd>\
             <dt>Workspace</dt><dd id=\"workspace\">{}</dd>\
             <dt>Agent</dt><dd id=\"agent\">{}</dd>\
             <dt>Served as</dt><dd id=\"served-as\">{}</dd>\
             <dt>Proxies to</dt><dd id=\"url\">{}</dd></dl>\
             <p><small>This page stands in for the app Coder proxies to.</small></p>",
            escape_html(&name),
            escape_html(&text("slug")),
            escape_html(&format!("{owner}/{workspace}")),
            escape_html(agent),
            escape_html(how),
            escape_html(&text("url")),
        ),
    )
}

fn not_found(what: &str) -> Response {
    html_page(
        StatusCode::NOT_FOUND,
        "Application Not Found",
        &format!(
            "<h1>Application Not Found</h1><p>The application or workspace {} does not exist \
             on this demo deployment, is not running, or you do not have access to it.</p>",
            escape_html(what)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_under_the_wildcard_give_their_label() {
        let w = "*.localhost:7007";
        assert_eq!(
            subdomain_label(w, "code-server--main--ws--demo.localhost:7007").as_deref(),
            Some("code-server--main--ws--demo")
        );
        assert_eq!(subdomain_label(w, "X.LOCALHOST").as_deref(), Some("x"));
        assert_eq!(
            subdomain_label("*.localhost", "x.localhost:9").as_deref(),
            Some("x")
        );
        for host in [
            "localhost:7007",
            "127.0.0.1:7007",
            "a.b.localhost:7007",
            ".localhost",
            "xlocalhost",
            "",
        ] {
            assert_eq!(subdomain_label(w, host), None, "{host}");
        }
    }
}
