//! Combining the app config and the entity into what the card uses: one pure
//! function, no I/O, deterministic output.

use super::app::CoderAppConfig;
use super::entity::Entity;
use super::links::{creation_url, workspace_url};
use super::mode::CreationMode;
use super::params::Params;

/// Everything a workspaces card needs to know about its configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompiledConfig {
    /// The Coder deployment URL, without trailing slash.
    pub access_url: String,
    /// Entity mode, else app default, else `manual`.
    pub mode: CreationMode,
    /// Entity template, else app default; `None` means no creation URL.
    pub template_name: Option<String>,
    /// App params, entity params over them, then every repo URL key set to
    /// the repo URL; in insertion order.
    pub params: Params,
    /// The cleaned repository URL of the entity, when there is one.
    pub repo_url: Option<String>,
    /// `workspaces.repoUrlParamKeys` of the app config.
    pub repo_url_param_keys: Vec<String>,
    /// `<accessUrl>/templates/<template>/workspace?mode=..&param.k=v..`, only
    /// when a template name exists.
    pub creation_url: Option<String>,
    /// Whether the entity has a `spec.coder` block.
    pub reading_entity_data: bool,
}

/// Compiles the app configuration with the entity's (when the card reads
/// entity data; `None` otherwise).
///
/// Precedence: entity over app default for mode (default `manual`) and
/// template; params merge key by key, entity winning; the repo URL (from the
/// `backstage.io/source-location` annotation) overrides every
/// `repoUrlParamKeys` entry, whatever either config says.
pub fn compile(app: &CoderAppConfig, entity: Option<&Entity>) -> CompiledConfig {
    let ws = &app.workspaces;
    let coder = entity.and_then(Entity::coder);

    let mode = coder
        .and_then(|c| c.mode)
        .or(ws.default_mode)
        .unwrap_or_default();
    let template_name = coder
        .and_then(|c| c.template_name.clone())
        .or_else(|| ws.default_template_name.clone());

    let mut params = ws.params.clone();
    if let Some(c) = coder {
        for (k, v) in c.params.iter() {
            params.insert(k, v);
        }
    }

    let repo_url = entity.and_then(Entity::repo_url);
    if let Some(url) = &repo_url {
        for key in ws.repo_url_param_keys.as_slice() {
            params.insert(key.as_str(), url.as_str());
        }
    }

    let access_url = app.access_url.as_str().to_owned();
    let creation_url = template_name
        .as_deref()
        .map(|t| creation_url(&access_url, t, mode, &params));

    CompiledConfig {
        access_url,
        mode,
        template_name,
        params,
        repo_url,
        repo_url_param_keys: ws.repo_url_param_keys.as_slice().to_vec(),
        creation_url,
        reading_entity_data: coder.is_some(),
    }
}

impl CompiledConfig {
    /// The workspace page, `<accessUrl>/@<owner>/<name>`, with both path
    /// segments percent-encoded.
    pub fn workspace_url(&self, owner: &str, name: &str) -> String {
        workspace_url(&self.access_url, owner, name)
    }
}
