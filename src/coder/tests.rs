//! Native unit tests for the Coder API types and the availability rules.

use super::*;
use serde_json::json;

const WORKSPACES: &str = include_str!("../../tests/fixtures/coder/workspaces.json");

fn workspace(status: &str, agents: &[&str]) -> Workspace {
    let agents: Vec<_> = agents.iter().map(|s| json!({ "status": s })).collect();
    Workspace::from_json(
        &json!({
            "id": "w", "name": "w", "owner_name": "o",
            "latest_build": { "status": status, "resources": [{ "agents": agents }] }
        })
        .to_string(),
    )
    .ok_or(())
    .unwrap()
}

#[test]
fn realistic_response_deserializes() {
    let res = WorkspacesResponse::from_json(WORKSPACES).unwrap().unwrap();
    assert_eq!(res.count, 2);
    assert_eq!(res.workspaces.len(), 2);

    let w = &res.workspaces[0];
    assert_eq!(w.id, "0b4fd8b6-5ef9-4e2b-8a4e-2b2b3f0c2d11");
    assert_eq!(w.name, "zombocom");
    assert_eq!(w.owner_name, "dobah");
    assert_eq!(w.template_name, "devcontainers");
    assert_eq!(w.template_display_name.as_deref(), Some("Dev Containers"));
    assert_eq!(w.template_label(), "Dev Containers");
    assert_eq!(w.template_icon.as_deref(), Some("/icon/docker.png"));
    assert_eq!(w.latest_build.status, BuildStatus::Running);
    assert_eq!(w.latest_build.resources.len(), 2);
    assert_eq!(w.latest_build.resources[1].agents, vec![]);
    let agents: Vec<_> = w.agent_statuses().cloned().collect();
    assert_eq!(agents, [AgentStatus::Connected]);
    assert_eq!(w.latest_build.resources[0].agents[0].name, "main");
    assert_eq!(availability(w), Availability::Online);

    let w = &res.workspaces[1];
    assert_eq!(w.template_display_name, None, "empty display name is None");
    assert_eq!(w.template_label(), "kubernetes");
    assert_eq!(w.template_icon, None);
    assert_eq!(w.latest_build.status, BuildStatus::Starting);
    assert_eq!(availability(w), Availability::Pending);

    assert!(needs_fast_poll(&res.workspaces));
}

#[test]
fn nulls_and_missing_fields_are_tolerated() {
    let res: WorkspacesResponse = WorkspacesResponse::from_json(&json!({
        "workspaces": [
            {
                "id": "a", "name": null, "owner_name": 5, "template_icon": null,
                "template_display_name": ["x"],
                "latest_build": { "status": null, "resources": [{ "agents": null }, null, "x"] }
            },
            null,
            "garbage",
            { "id": "b", "latest_build": null },
            { "id": "c", "latest_build": { "resources": "nope" } },
            { "id": "d", "latest_build": { "status": "running", "resources": [{ "agents": [null, { "status": 3 }] }] } },
            {}
        ],
        "count": null
    }).to_string()).unwrap().ok_or(())
    .unwrap();
    let ids: Vec<_> = res.workspaces.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", ""]);
    assert_eq!(res.count, 0);
    let a = &res.workspaces[0];
    assert_eq!(a.name, "");
    assert_eq!(a.owner_name, "");
    assert_eq!(a.template_icon, None);
    assert_eq!(a.template_display_name, None);
    assert_eq!(a.latest_build.status, BuildStatus::Unknown(String::new()));
    assert_eq!(a.latest_build.resources.len(), 1);
    let d = &res.workspaces[3];
    let agents: Vec<_> = d.agent_statuses().cloned().collect();
    assert_eq!(agents, [AgentStatus::Unknown(String::new())]);
    assert_eq!(availability(d), Availability::Offline);
}

#[test]
fn an_answer_without_a_workspaces_list_is_refused() {
    for value in [
        json!({}),
        json!({ "count": 3 }),
        json!({ "workspaces": {} }),
        json!({ "workspaces": "x" }),
        json!({ "workspaces": 5 }),
        json!({ "workspaces": true }),
        json!([]),
        json!("workspaces"),
    ] {
        let res = WorkspacesResponse::from_json(&value.clone().to_string());
        assert!(!matches!(res, Ok(Some(_))), "{value}: {res:?}");
    }
}

#[test]
fn a_null_list_and_odd_counts_are_tolerated() {
    let res: WorkspacesResponse =
        WorkspacesResponse::from_json(&json!({ "workspaces": null }).to_string())
            .unwrap()
            .ok_or(())
            .unwrap();
    assert!(res.workspaces.is_empty());
    let res: WorkspacesResponse =
        WorkspacesResponse::from_json(&json!({ "workspaces": [], "count": 7.0 }).to_string())
            .unwrap()
            .ok_or(())
            .unwrap();
    assert_eq!(res.count, 7);
    let res: WorkspacesResponse =
        WorkspacesResponse::from_json(&json!({ "workspaces": [], "count": -1 }).to_string())
            .unwrap()
            .ok_or(())
            .unwrap();
    assert_eq!(res.count, 0);
    let res: WorkspacesResponse =
        WorkspacesResponse::from_json(&json!({ "workspaces": [] }).to_string())
            .unwrap()
            .ok_or(())
            .unwrap();
    assert_eq!(res.count, 0, "count is optional");
}

#[test]
fn unknown_statuses_are_kept() {
    let w = workspace("hibernating", &["rebooting"]);
    assert_eq!(
        w.latest_build.status,
        BuildStatus::Unknown("hibernating".into())
    );
    assert_eq!(w.latest_build.status.as_str(), "hibernating");
    let agents: Vec<_> = w.agent_statuses().cloned().collect();
    assert_eq!(agents, [AgentStatus::Unknown("rebooting".into())]);
    assert_eq!(availability(&w), Availability::Offline);
}

#[test]
fn status_strings_round_trip() {
    for s in [
        "pending",
        "starting",
        "running",
        "stopping",
        "stopped",
        "failed",
        "canceling",
        "canceled",
        "deleting",
        "deleted",
    ] {
        let status = BuildStatus::parse(s);
        assert!(!matches!(status, BuildStatus::Unknown(_)), "{s}");
        assert_eq!(status.as_str(), s);
    }
    for s in ["connecting", "connected", "disconnected", "timeout"] {
        let status = AgentStatus::parse(s);
        assert!(!matches!(status, AgentStatus::Unknown(_)), "{s}");
        assert_eq!(status.as_str(), s);
    }
}

#[test]
fn user_validity() {
    let user: User = User::from_json(
        &json!({
            "id": "9e0a3c55-0d1b-4c55-8bfa-7c6c9a8f2a01", "username": "dobah",
            "email": "i-love-my-dog-dobah@dog.ceo", "name": "", "avatar_url": "",
            "created_at": "2024-01-01T00:00:00Z", "status": "active",
            "organization_ids": [], "roles": [{ "name": "owner", "display_name": "Owner" }]
        })
        .to_string(),
    )
    .unwrap()
    .ok_or(())
    .unwrap();
    assert!(user.is_valid());
    assert_eq!(user.username.as_deref(), Some("dobah"));
    assert_eq!(user.email.as_deref(), Some("i-love-my-dog-dobah@dog.ceo"));
    assert_eq!(user.name, None);

    for bad in [
        json!({}),
        json!({ "id": "x" }),
        json!({ "username": "x" }),
        json!({ "id": 1, "username": "x" }),
        json!({ "id": "x", "username": null }),
        json!({ "message": "Unauthorized" }),
    ] {
        let user: User = User::from_json(&bad.clone().to_string())
            .unwrap()
            .ok_or(())
            .unwrap();
        assert!(!user.is_valid(), "{bad}");
    }
}

// SPEC section 4, one test per row of the availability table.

#[test]
fn failed_build_is_failed_whatever_the_agents() {
    assert_eq!(
        availability(&workspace("failed", &[])),
        Availability::Failed
    );
    assert_eq!(
        availability(&workspace("failed", &["connected"])),
        Availability::Failed
    );
    assert_eq!(
        availability(&workspace("failed", &["connecting"])),
        Availability::Failed
    );
}

#[test]
fn deleting_and_deleted_are_deleting() {
    for s in ["deleting", "deleted"] {
        assert_eq!(
            availability(&workspace(s, &[])),
            Availability::Deleting,
            "{s}"
        );
        assert_eq!(
            availability(&workspace(s, &["connecting"])),
            Availability::Deleting,
            "{s}"
        );
    }
}

#[test]
fn stopped_like_builds_are_offline() {
    for s in ["stopped", "stopping", "pending", "canceling", "canceled"] {
        assert_eq!(
            availability(&workspace(s, &[])),
            Availability::Offline,
            "{s}"
        );
        assert_eq!(
            availability(&workspace(s, &["connected"])),
            Availability::Offline,
            "{s}"
        );
        assert_eq!(
            availability(&workspace(s, &["connecting"])),
            Availability::Offline,
            "{s}"
        );
    }
}

#[test]
fn starting_or_connecting_agent_is_pending() {
    assert_eq!(
        availability(&workspace("starting", &[])),
        Availability::Pending
    );
    assert_eq!(
        availability(&workspace("starting", &["connected"])),
        Availability::Pending
    );
    assert_eq!(
        availability(&workspace("running", &["connected", "connecting"])),
        Availability::Pending
    );
    assert_eq!(
        availability(&workspace("running", &["disconnected", "connecting"])),
        Availability::Pending
    );
}

#[test]
fn running_with_all_agents_connected_or_none_is_online() {
    assert_eq!(
        availability(&workspace("running", &[])),
        Availability::Online
    );
    assert_eq!(
        availability(&workspace("running", &["connected"])),
        Availability::Online
    );
    assert_eq!(
        availability(&workspace("running", &["connected", "connected"])),
        Availability::Online
    );
    // resources without agents at all
    let w: Workspace = Workspace::from_json(
        &json!({ "latest_build": { "status": "running", "resources": [] } }).to_string(),
    )
    .ok_or(())
    .unwrap();
    assert_eq!(availability(&w), Availability::Online);
}

#[test]
fn running_with_an_unconnected_agent_is_offline() {
    assert_eq!(
        availability(&workspace("running", &["disconnected"])),
        Availability::Offline
    );
    assert_eq!(
        availability(&workspace("running", &["connected", "timeout"])),
        Availability::Offline
    );
}

#[test]
fn labels_are_exact() {
    assert_eq!(Availability::Online.label(), "Online");
    assert_eq!(Availability::Offline.label(), "Offline");
    assert_eq!(Availability::Pending.label(), "Pending\u{2026}");
    assert_eq!(Availability::Failed.label(), "Failed");
    assert_eq!(Availability::Deleting.label(), "Deleting\u{2026}");
    assert_eq!(Availability::Pending.label().chars().last(), Some('…'));
    assert_eq!(Availability::Deleting.as_str(), "deleting");
}

#[test]
fn fast_poll_rule() {
    assert!(!needs_fast_poll(&[]));
    assert!(!needs_fast_poll(&[
        workspace("running", &["connected"]),
        workspace("stopped", &[])
    ]));
    assert!(needs_fast_poll(&[
        workspace("running", &["connected"]),
        workspace("pending", &[])
    ]));
    assert!(needs_fast_poll(&[workspace("starting", &[])]));
    assert!(needs_fast_poll(&[workspace(
        "running",
        &["connected", "connecting"]
    )]));
    assert!(!needs_fast_poll(&[workspace("failed", &["disconnected"])]));
    assert!(!needs_fast_poll(&[workspace("stopping", &[])]));
}

#[test]
fn one_workspace_reads_as_a_list_of_one() {
    let w = Workspace::from_json(r#"{"id":"w1","name":"dev","latest_build":{"status":"running"}}"#)
        .unwrap();
    assert_eq!(
        (w.id.as_str(), w.latest_build.status.as_str()),
        ("w1", "running")
    );
    // Anything that is not exactly one workspace object is none.
    for odd in [
        "",
        "null",
        "[]",
        "garbage",
        r#"{"id":"a"}],"x":[{"id":"b"}"#,
        r#"{"id":"a"},{"id":"b"}"#,
    ] {
        assert!(Workspace::from_json(odd).is_none(), "{odd}");
    }
}

#[test]
fn every_field_read_survives_the_key_filter() {
    // An answer is read keeping only the keys some type reads: a field
    // missing from that list would silently read as its default.
    let app = json!({
        "slug": "code", "display_name": "Code", "url": "https://x.example", "external": true,
        "subdomain": true, "subdomain_name": "code--main--w--o", "health": "healthy",
        "hidden": true, "sharing_level": "owner", "icon": "/icon/code.svg"
    });
    let text = json!({ "workspaces": [{
        "id": "w", "name": "n", "owner_name": "o", "owner_id": "oi", "template_id": "t",
        "outdated": true, "template_name": "tn", "template_display_name": "Td",
        "template_icon": "/i.svg", "favorite": true, "created_at": "2024-01-01",
        "latest_build": {
            "id": "b", "transition": "start", "template_version_id": "v", "status": "running",
            "resources": [{ "name": "r", "agents": [{
                "id": "a", "name": "main", "status": "connected", "display_apps": ["vscode"],
                "expanded_directory": "/home/o", "apps": [app], "lifecycle_state": "ready"
            }] }]
        }
    }], "count": 1 })
    .to_string();
    let list = WorkspacesResponse::from_json(&text).unwrap().unwrap();
    let w = &list.workspaces[0];
    let agent = &w.latest_build.resources[0].agents[0];
    let expected = Workspace {
        id: "w".into(),
        name: "n".into(),
        owner_name: "o".into(),
        owner_id: "oi".into(),
        template_id: "t".into(),
        outdated: true,
        template_name: "tn".into(),
        template_display_name: Some("Td".into()),
        template_icon: Some("/i.svg".into()),
        favorite: true,
        latest_build: WorkspaceBuild {
            id: "b".into(),
            transition: "start".into(),
            template_version_id: "v".into(),
            status: BuildStatus::Running,
            resources: vec![WorkspaceResource {
                agents: vec![WorkspaceAgent {
                    id: "a".into(),
                    name: "main".into(),
                    status: AgentStatus::Connected,
                    display_apps: vec!["vscode".into()],
                    expanded_directory: Some("/home/o".into()),
                    apps: vec![WorkspaceApp {
                        slug: "code".into(),
                        display_name: Some("Code".into()),
                        url: Some("https://x.example".into()),
                        external: true,
                        subdomain: true,
                        subdomain_name: Some("code--main--w--o".into()),
                        health: "healthy".into(),
                        hidden: true,
                        sharing_level: "owner".into(),
                    }],
                }],
            }],
        },
    };
    assert_eq!(w, &expected);
    assert_eq!(agent.apps.len(), 1);
    let user = r#"{"id":"u","username":"n","name":"N","email":"e@x","avatar_url":"/a.png"}"#;
    let user = User::from_json(user).unwrap().unwrap();
    assert_eq!(user.avatar_url.as_deref(), Some("/a.png"));
    assert_eq!(user.email.as_deref(), Some("e@x"));
    assert_eq!(user.name.as_deref(), Some("N"));
}

#[test]
fn only_an_object_reads_as_one_workspace_or_user() {
    assert_eq!(
        Workspace::from_json(r#"{"id":"w"}"#).map(|w| w.id),
        Some("w".into())
    );
    for text in [r#"[{"id":"w"}]"#, r#""w""#, "null", "", r#"{"id":"w""#] {
        assert_eq!(Workspace::from_json(text), None, "{text}");
    }
    assert_eq!(User::from_json(r#"[{"id":"u","username":"n"}]"#), Ok(None));
    assert!(User::from_json("<html>").is_err());
}
