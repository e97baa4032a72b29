//! Native unit tests for the configuration module. JSON values stand in for
//! the JS objects the wasm side hands over: each is read by the tree
//! reader the wasm uses and by the serde reader YAML uses, which must
//! agree. YAML tests need the `yaml` feature.

mod app;
mod compile;
mod entity;
mod js_only;
mod urls;
#[cfg(feature = "yaml")]
mod yaml;

use super::*;

/// The upstream README's app config, as a JS-like object.
pub(super) fn readme_app() -> CoderAppConfig {
    app_from_json(
        r#"{
            "deployment": { "accessUrl": "https://dev.coder.com" },
            "workspaces": {
                "defaultTemplateName": "devcontainers",
                "defaultMode": "manual",
                "repoUrlParamKeys": ["custom_repo", "repo_url"],
                "params": { "repo": "custom", "region": "eu-helsinki" }
            }
        }"#,
    )
    .expect("valid app config")
}

/// Reads an app config from JSON text, keeping key order (a
/// `serde_json::Value` would sort object keys; JS objects keep them).
pub(super) fn app_from_json(text: &str) -> Result<CoderAppConfig, ConfigError> {
    CoderAppConfig::from_deserializer(&mut serde_json::Deserializer::from_str(text))
}

/// Reads an entity from JSON text, keeping key order.
pub(super) fn entity_from_json(text: &str) -> Entity {
    Entity::from_deserializer(&mut serde_json::Deserializer::from_str(text)).expect("valid entity")
}

/// Reads an app config from a JSON value both ways the crate can: through
/// serde_path_to_error (YAML, generic deserializers) and through the tree
/// reader the wasm uses for JS objects; they must agree exactly.
pub(super) fn app_value(value: serde_json::Value) -> Result<CoderAppConfig, ConfigError> {
    let tracked = CoderAppConfig::from_deserializer(value.clone());
    assert_eq!(
        CoderAppConfig::from_tree(value),
        tracked.clone().map_err(key_path),
        "tree and path_to_error disagree"
    );
    tracked
}

/// The one known difference: an error about an empty key ends
/// serde_path_to_error's path with a dot (`workspaces.params.`); the tree
/// deserializer names the mapping (`workspaces.params`).
fn key_path(err: ConfigError) -> ConfigError {
    match err.path().strip_suffix('.') {
        Some(path) => ConfigError::new(err.kind(), path, err.message()).at(err.location()),
        None => err,
    }
}

/// [`app_value`] for entities.
pub(super) fn entity_value(value: serde_json::Value) -> Result<Entity, ConfigError> {
    let tracked = Entity::from_deserializer(value.clone());
    assert_eq!(
        Entity::from_tree(value),
        tracked.clone().map_err(key_path),
        "tree and path_to_error disagree"
    );
    tracked
}

/// Reads an app config from JSON and returns the error.
pub(super) fn app_err(value: serde_json::Value) -> ConfigError {
    app_value(value).expect_err("should be refused")
}

/// Reads an entity from JSON.
pub(super) fn entity(value: serde_json::Value) -> Entity {
    entity_value(value).expect("valid entity")
}
