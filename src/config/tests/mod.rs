//! Native unit tests for the configuration module. JSON values stand in for
//! the JS objects the wasm side hands over (both go through
//! `from_deserializer`); YAML tests need the `yaml` feature.

mod app;
mod compile;
mod entity;
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

/// Reads an app config from JSON and returns the error.
pub(super) fn app_err(value: serde_json::Value) -> ConfigError {
    CoderAppConfig::from_deserializer(value).expect_err("should be refused")
}

/// Reads an entity from JSON.
pub(super) fn entity(value: serde_json::Value) -> Entity {
    Entity::from_deserializer(value).expect("valid entity")
}
