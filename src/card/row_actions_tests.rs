//! Native tests of the row menu and the action errors.

use super::row_actions::*;
use crate::client::RequestError;
use crate::coder::{BuildAction, RunFailure, Workspace};
use serde_json::{json, Value};

const ACCESS: &str = "https://coder.example.com";

fn ws(owner: &str, status: &str, agents: Value) -> Workspace {
    Workspace::from_json(
        &json!({
            "id": "w1", "name": "dev", "owner_name": owner, "outdated": true,
            "latest_build": { "status": status, "resources": [{ "agents": agents }] }
        })
        .to_string(),
    )
    .ok_or(())
    .unwrap()
}

fn agent(name: &str, status: &str) -> Value {
    json!({
        "name": name, "status": status,
        "display_apps": ["vscode", "web_terminal", "ssh_helper", 7],
        "expanded_directory": "/home/ana/src",
        "apps": [
            { "slug": "code", "display_name": "code-server", "subdomain": true,
              "subdomain_name": format!("code--{name}--dev--ana"), "health": "healthy", "sharing_level": "owner" },
            { "slug": "jupyter", "display_name": "Jupyter", "health": "disabled", "sharing_level": "authenticated" },
            { "slug": "docs", "display_name": "Docs", "external": true, "url": "https://coder.com/docs", "sharing_level": "owner" },
            { "slug": "secret", "display_name": "Hidden", "hidden": true },
            { "slug": "sick", "display_name": "Sick", "health": "unhealthy" },
            { "slug": "boot", "display_name": "Booting", "health": "initializing" },
            { "slug": "evil", "display_name": "Evil", "external": true, "url": "javascript:alert(1)" },
            { "slug": "../x", "display_name": "Escape" }
        ]
    })
}

fn ctx<'a>(me: &'a str, may_update: Option<bool>) -> MenuContext<'a> {
    MenuContext {
        access_url: ACCESS,
        me: Some(me),
        may_update,
        wildcard: Some("*.apps.example.com"),
        busy: false,
    }
}

fn labels(menu: &[MenuEntry]) -> Vec<String> {
    menu.iter()
        .map(|e| match e {
            MenuEntry::Build(a) => a.label().to_owned(),
            MenuEntry::Link { label, .. } => label.clone(),
        })
        .collect()
}

fn href<'a>(menu: &'a [MenuEntry], label: &str) -> &'a str {
    menu.iter()
        .find_map(|e| match e {
            MenuEntry::Link { label: l, href, .. } if l == label => Some(href.as_str()),
            _ => None,
        })
        .unwrap()
}

#[test]
fn the_owner_gets_actions_apps_terminal_and_vscode() {
    let w = ws("ana", "running", json!([agent("main", "connected")]));
    let menu = row_menu(&w, &ctx("ana", Some(true)));
    assert_eq!(
        labels(&menu),
        [
            "Stop",
            "Restart",
            "Update",
            "code-server",
            "Jupyter",
            "Docs",
            "Terminal",
            "VS Code Desktop",
            "Open in Coder"
        ]
    );
    assert_eq!(
        href(&menu, "code-server"),
        "https://code--main--dev--ana.apps.example.com/"
    );
    assert_eq!(
        href(&menu, "Jupyter"),
        "https://coder.example.com/@ana/dev.main/apps/jupyter/"
    );
    assert_eq!(href(&menu, "Docs"), "https://coder.com/docs");
    assert_eq!(
        href(&menu, "Terminal"),
        "https://coder.example.com/@ana/dev.main/terminal"
    );
    assert!(
        href(&menu, "VS Code Desktop").starts_with("vscode://coder.coder-remote/open?owner=ana&")
    );
    assert_eq!(
        href(&menu, "Open in Coder"),
        "https://coder.example.com/@ana/dev"
    );
}

#[test]
fn someone_elses_workspace_offers_only_shared_apps_and_coder() {
    let w = ws("bob", "running", json!([agent("main", "connected")]));
    let menu = row_menu(&w, &ctx("ana", Some(false)));
    assert_eq!(labels(&menu), ["Jupyter", "Open in Coder"]);
}

#[test]
fn build_actions_wait_for_the_permission_and_for_a_running_action() {
    let w = ws("ana", "stopped", json!([]));
    assert_eq!(labels(&row_menu(&w, &ctx("ana", None))), ["Open in Coder"]);
    assert_eq!(
        labels(&row_menu(&w, &ctx("ana", Some(true)))),
        ["Start", "Update", "Open in Coder"]
    );
    let busy = MenuContext {
        busy: true,
        ..ctx("ana", Some(true))
    };
    assert_eq!(labels(&row_menu(&w, &busy)), ["Open in Coder"]);
}

#[test]
fn apps_need_a_running_build_and_a_connected_agent() {
    let connecting = ws("ana", "running", json!([agent("main", "connecting")]));
    assert_eq!(
        labels(&row_menu(&connecting, &ctx("ana", Some(false)))),
        ["Open in Coder"]
    );
    let stopping = ws("ana", "stopping", json!([agent("main", "connected")]));
    assert_eq!(
        labels(&row_menu(&stopping, &ctx("ana", Some(true)))),
        ["Open in Coder"]
    );
}

#[test]
fn without_a_wildcard_host_subdomain_apps_are_left_out() {
    let w = ws("ana", "running", json!([agent("main", "connected")]));
    let no_wildcard = MenuContext {
        wildcard: None,
        ..ctx("ana", Some(false))
    };
    let menu = labels(&row_menu(&w, &no_wildcard));
    assert!(!menu.contains(&"code-server".to_owned()));
    assert!(menu.contains(&"Jupyter".to_owned()));
}

#[test]
fn several_agents_name_theirs() {
    let w = ws(
        "ana",
        "running",
        json!([agent("a", "connected"), agent("b", "connected")]),
    );
    let menu = labels(&row_menu(&w, &ctx("ana", Some(false))));
    assert!(menu.contains(&"Terminal (a)".to_owned()));
    assert!(menu.contains(&"Jupyter (b)".to_owned()));
}

#[test]
fn hostile_names_are_cut_short() {
    let mut a = agent("main", "connected");
    a["apps"][1]["display_name"] = json!("J".repeat(10_000));
    let w = ws("ana", "running", json!([a]));
    let menu = row_menu(&w, &ctx("ana", Some(false)));
    assert!(labels(&menu).iter().all(|l| l.chars().count() <= 80));
}

#[test]
fn errors_say_what_failed_and_what_to_do() {
    let err = |problem| ActionError {
        action: BuildAction::Stop,
        problem,
    };
    let forbidden = err(ActionProblem::Request(RequestError::Forbidden(None)));
    assert!(forbidden
        .message()
        .starts_with("Could not stop the workspace: you do not have permission (403)"));
    let busy = err(ActionProblem::Request(RequestError::Http {
        status: 409,
        message: None,
    }));
    assert!(busy.message().contains("already running"));
    assert!(!busy.links_to_coder());
    let importing = err(ActionProblem::Request(RequestError::Http {
        status: 406,
        message: None,
    }));
    assert!(importing.message().contains("still being imported"));
    let shape = err(ActionProblem::Request(RequestError::InvalidResponse(
        "a workspace build".into(),
    )));
    assert!(shape.message().contains("expected a workspace build"));
    let missing = ActionError {
        action: BuildAction::Update,
        problem: ActionProblem::MissingParameters(vec!["Region".into(), "Size".into()]),
    };
    assert_eq!(
        missing.message(),
        "Could not update the workspace: the template's active version needs values for Region, Size. Update it in Coder, where you can set them."
    );
    assert!(missing.links_to_coder());
    let failed = err(ActionProblem::Run(RunFailure::StopFailed));
    assert!(failed.message().contains("stop build did not finish"));
    let proxy = err(ActionProblem::Request(RequestError::Http {
        status: 404,
        message: None,
    }));
    assert!(proxy.message().contains("allowedMethods: ['GET', 'POST']"));
    let gone = err(ActionProblem::Request(RequestError::Http {
        status: 404,
        message: Some("Resource not found".into()),
    }));
    assert!(gone
        .message()
        .contains("Coder refused the build (404): Resource not found."));
    let offline = err(ActionProblem::Request(RequestError::Offline));
    assert!(offline.message().len() > 40);
}
