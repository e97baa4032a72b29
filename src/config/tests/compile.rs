use super::*;
use serde_json::json;

const CLEANED: &str = "https://www.github.com/zombocom/zombocom";

/// Upstream's mock entity: yaml config { cool-coder-template, auto, region: brazil }.
fn upstream_entity() -> Entity {
    entity(json!({
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {
            "name": "metadata",
            "annotations": {
                "backstage.io/source-location": "url:https://www.github.com/zombocom/zombocom/tree/main/"
            }
        },
        "spec": { "coder": {
            "templateName": "cool-coder-template",
            "mode": "auto",
            "params": { "region": "brazil" }
        } }
    }))
}

fn app_with(workspaces: serde_json::Value) -> CoderAppConfig {
    app_value(json!({
        "deployment": { "accessUrl": "https://dev.coder.com/" },
        "workspaces": workspaces
    }))
    .unwrap()
}

#[test]
fn matches_upstream_compiled_config() {
    let c = compile(&readme_app(), Some(&upstream_entity()));
    assert_eq!(c.access_url, "https://dev.coder.com");
    assert_eq!(c.mode, CreationMode::Auto);
    assert_eq!(c.template_name.as_deref(), Some("cool-coder-template"));
    assert_eq!(c.repo_url.as_deref(), Some(CLEANED));
    assert_eq!(c.repo_url_param_keys, ["custom_repo", "repo_url"]);
    assert!(c.reading_entity_data);
    let params: Vec<_> = c.params.iter().collect();
    assert_eq!(
        params,
        [
            ("repo", "custom"),
            ("region", "brazil"),
            ("custom_repo", CLEANED),
            ("repo_url", CLEANED),
        ]
    );
    // The same URL upstream builds with URLSearchParams (no character here
    // differs between its form encoding and encodeURIComponent except `:`
    // and `/`, which both encode).
    assert_eq!(
        c.creation_url.as_deref(),
        Some(
            "https://dev.coder.com/templates/cool-coder-template/workspace?mode=auto\
             &param.repo=custom&param.region=brazil\
             &param.custom_repo=https%3A%2F%2Fwww.github.com%2Fzombocom%2Fzombocom\
             &param.repo_url=https%3A%2F%2Fwww.github.com%2Fzombocom%2Fzombocom"
        )
    );
}

#[test]
fn without_entity_uses_app_defaults_only() {
    let c = compile(&readme_app(), None);
    assert_eq!(c.mode, CreationMode::Manual);
    assert_eq!(c.template_name.as_deref(), Some("devcontainers"));
    assert_eq!(c.repo_url, None);
    assert!(!c.reading_entity_data);
    let params: Vec<_> = c.params.iter().collect();
    assert_eq!(params, [("repo", "custom"), ("region", "eu-helsinki")]);
    assert_eq!(
        c.creation_url.as_deref(),
        Some("https://dev.coder.com/templates/devcontainers/workspace?mode=manual&param.repo=custom&param.region=eu-helsinki")
    );
}

#[test]
fn mode_precedence() {
    let ent = |mode: Option<&str>| match mode {
        Some(m) => entity(json!({ "spec": { "coder": { "mode": m } } })),
        None => entity(json!({ "spec": { "coder": {} } })),
    };
    let app_auto = app_with(json!({ "defaultMode": "auto" }));
    let app_none = app_with(json!({}));
    let app_manual = app_with(json!({ "defaultMode": "manual" }));
    // entity wins
    assert_eq!(
        compile(&app_auto, Some(&ent(Some("manual")))).mode,
        CreationMode::Manual
    );
    assert_eq!(
        compile(&app_manual, Some(&ent(Some("auto")))).mode,
        CreationMode::Auto
    );
    // then the app default
    assert_eq!(
        compile(&app_auto, Some(&ent(None))).mode,
        CreationMode::Auto
    );
    assert_eq!(compile(&app_auto, None).mode, CreationMode::Auto);
    // then manual
    assert_eq!(
        compile(&app_none, Some(&ent(None))).mode,
        CreationMode::Manual
    );
    assert_eq!(compile(&app_none, None).mode, CreationMode::Manual);
}

#[test]
fn template_precedence_and_creation_url_presence() {
    let app_default = app_with(json!({ "defaultTemplateName": "app-tpl" }));
    let app_none = app_with(json!({}));
    let with_tpl = entity(json!({ "spec": { "coder": { "templateName": "entity-tpl" } } }));
    let without_tpl = entity(json!({ "spec": { "coder": { "mode": "auto" } } }));

    let c = compile(&app_default, Some(&with_tpl));
    assert_eq!(c.template_name.as_deref(), Some("entity-tpl"));
    assert!(c.creation_url.unwrap().contains("/templates/entity-tpl/"));

    let c = compile(&app_default, Some(&without_tpl));
    assert_eq!(c.template_name.as_deref(), Some("app-tpl"));

    let c = compile(&app_none, Some(&with_tpl));
    assert_eq!(c.template_name.as_deref(), Some("entity-tpl"));

    let c = compile(&app_none, Some(&without_tpl));
    assert_eq!(c.template_name, None);
    assert_eq!(c.creation_url, None, "no template, no creation URL");
}

#[test]
fn entity_params_override_key_by_key_keeping_order() {
    let app = app_from_json(
        r#"{ "deployment": { "accessUrl": "https://c.example.com" },
             "workspaces": { "params": { "c": "app-c", "b": "app-b", "a": "app-a" } } }"#,
    )
    .unwrap();
    let e = entity_from_json(
        r#"{ "spec": { "coder": { "params": { "new": "e-new", "b": "e-b" } } } }"#,
    );
    let c = compile(&app, Some(&e));
    let params: Vec<_> = c.params.iter().collect();
    assert_eq!(
        params,
        [
            ("c", "app-c"),
            ("b", "e-b"),
            ("a", "app-a"),
            ("new", "e-new")
        ]
    );
}

#[test]
fn repo_url_shadows_every_repo_key_in_both_configs() {
    // Upstream's test: keys set to "" in the app and "blah" in the entity all
    // end up holding the repo URL.
    let keys = ["one", "nothing", "wrong", "with", "me"];
    let url = "https://www.github.com/google2/the-sequel-to-google";
    let app = app_with(json!({
        "repoUrlParamKeys": keys,
        "params": { "one": "", "nothing": "", "wrong": "", "with": "", "me": "" }
    }));
    let e = entity(json!({
        "metadata": { "annotations": { "backstage.io/source-location": format!("url:{url}") } },
        "spec": { "coder": { "params": { "one": "blah", "nothing": "blah", "wrong": "blah", "with": "blah", "me": "blah" } } }
    }));
    let c = compile(&app, Some(&e));
    assert_eq!(c.repo_url_param_keys, keys);
    for key in keys {
        assert_eq!(c.params.get(key), Some(url), "{key}");
    }
}

#[test]
fn repo_url_comes_from_the_entity_even_without_coder_block() {
    let e = entity(json!({
        "metadata": { "annotations": { "backstage.io/source-location": "url:https://github.com/a/b/tree/main/" } }
    }));
    let c = compile(&readme_app(), Some(&e));
    assert!(!c.reading_entity_data);
    assert_eq!(c.repo_url.as_deref(), Some("https://github.com/a/b"));
    assert_eq!(c.params.get("repo_url"), Some("https://github.com/a/b"));
}

#[test]
fn unusable_source_location_sets_no_repo_keys() {
    let e = entity(json!({
        "metadata": { "annotations": { "backstage.io/source-location": "url:javascript:alert(1)" } },
        "spec": { "coder": {} }
    }));
    let c = compile(&readme_app(), Some(&e));
    assert_eq!(c.repo_url, None);
    assert_eq!(c.params.get("repo_url"), None);
    assert_eq!(c.params.get("custom_repo"), None);
}

#[test]
fn creation_url_cannot_be_injected() {
    let app = app_with(json!({
        "defaultTemplateName": "tpl/../../admin?x=1#",
        "params": { "k&param.evil=1": "x&param.evil=1", "sp ace": "a b#c", "uni": "日本🦀" }
    }));
    let c = compile(&app, None);
    let url = c.creation_url.unwrap();
    assert_eq!(
        url,
        "https://dev.coder.com/templates/tpl%2F..%2F..%2Fadmin%3Fx%3D1%23/workspace?mode=manual\
         &param.k%26param.evil%3D1=x%26param.evil%3D1\
         &param.sp%20ace=a%20b%23c\
         &param.uni=%E6%97%A5%E6%9C%AC%F0%9F%A6%80"
    );
    // exactly one `?`, no `#`, and only our own `&`s
    assert_eq!(url.matches('?').count(), 1);
    assert!(!url.contains('#'));
    assert_eq!(url.matches('&').count(), 3);
}

#[test]
fn access_url_path_prefix_is_kept() {
    let app = app_value(json!({
        "deployment": { "accessUrl": "https://example.com/coder/" },
        "workspaces": { "defaultTemplateName": "t" }
    }))
    .unwrap();
    let c = compile(&app, None);
    assert_eq!(
        c.creation_url.as_deref(),
        Some("https://example.com/coder/templates/t/workspace?mode=manual")
    );
    assert_eq!(
        c.workspace_url("dobah", "ws"),
        "https://example.com/coder/@dobah/ws"
    );
}

#[test]
fn workspace_url_encodes_segments() {
    let c = compile(&readme_app(), None);
    assert_eq!(
        c.workspace_url("dobah", "zombocom"),
        "https://dev.coder.com/@dobah/zombocom"
    );
    assert_eq!(
        c.workspace_url("a/b", "x?y#z"),
        "https://dev.coder.com/@a%2Fb/x%3Fy%23z"
    );
    assert_eq!(workspace_url("http://c", "o", "n"), "http://c/@o/n");
}

#[test]
fn compile_is_deterministic() {
    let a = compile(&readme_app(), Some(&upstream_entity()));
    let b = compile(&readme_app(), Some(&upstream_entity()));
    assert_eq!(a, b);
}
