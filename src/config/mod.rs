//! Configuration: the app-wide Coder config, the entity's `spec.coder`
//! block, and the pure function that compiles them into what a workspaces
//! card uses (mode, template, parameters, repository URL, creation URL).
//!
//! Inputs come from JS objects (read by hand from a [`crate::de::Tree`], see
//! `tree.rs`) or, with the `yaml` feature, from YAML text (through serde;
//! the tests hold the two readers to the same answers).
//! Bad input is a [`ConfigError`] naming the field path (and, for YAML, the
//! line and column), never a panic.

mod app;
mod app_links;
mod backend_oauth;
mod compile;
mod encode;
mod entity;
mod error;
mod links;
mod mode;
mod params;
mod repo;
mod state;
mod strings;
mod template_icon;
mod tree;
mod url;
#[cfg(feature = "yaml")]
mod yaml;

#[cfg(test)]
mod tests;

pub use app::{AccessUrl, CoderAppConfig, ParamKeys, WorkspacesConfig};
pub use app_links::{is_slug, AgentPlace, MAX_LINK_LEN};
pub use backend_oauth::{backend_oauth, BackendOAuth, BackendOAuthProblem, CALLBACK_PATH};
pub use compile::{compile, CompiledConfig};
pub use encode::{encode_uri_component, encode_uri_component_into};
pub use entity::{Entity, EntityCoderConfig, EntityMetadata, EntitySpec};
pub use error::{ConfigError, ErrorKind, Location};
pub use links::{
    api_url, cli_auth_url, coder_api_base, creation_url, image_data_url, origin_of, workspace_url,
};
pub use mode::CreationMode;
pub use params::Params;
pub use repo::{clean_repo_url, SOURCE_LOCATION_ANNOTATION};
pub use state::ConfigState;
pub use template_icon::{avatar_source, icon_source, IconSource, IconSources};
pub(crate) use url::find_str;
pub use url::{normalize_access_url, parse_web_url, UrlProblem, WebUrl};
#[cfg(feature = "yaml")]
pub use yaml::{entity_from_catalog_info, MAX_YAML_BYTES};
