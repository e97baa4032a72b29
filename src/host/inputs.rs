//! Typed element inputs derived from the raw attributes and properties.
//!
//! Parsing happens here, once per change, so components only ever see typed
//! values or a typed error to show.

use std::rc::Rc;

use wasm_bindgen::JsValue;

use super::apis::HostApis;
use super::spec::ElementKind;
use crate::auth::FallbackMode;
use crate::card::{header_level, CardInputs, EntityInput, PartInputs, PartKind};
use crate::coder::Workspace;
use crate::config::{CoderAppConfig, ConfigError, ConfigState, Entity};

/// The typed inputs of one element.
#[derive(Clone, Debug)]
pub enum ElementInputs {
    /// `<coder-provider>`.
    Provider(ProviderInputs),
    /// `<coder-workspaces-card>`.
    Card(Rc<CardInputs>),
    /// `<coder-provider-settings>`.
    Settings,
    /// A card part (`<coder-workspaces-card-…>`).
    Part(Rc<PartInputs>),
}

/// Inputs of a provider.
#[derive(Clone)]
pub struct ProviderInputs {
    /// From `appConfig` or `app-config`.
    pub config: ConfigState,
    /// `coderAuthApi`, `discoveryApi`, `identityApi`, `configApi`.
    pub apis: HostApis,
    /// `fallback-auth-ui-mode`, or why its value is not accepted.
    pub fallback: Result<FallbackMode, String>,
}

impl std::fmt::Debug for ProviderInputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderInputs")
            .field("config", &self.config)
            .field("fallback", &self.fallback)
            .finish_non_exhaustive()
    }
}

fn attr<'a>(attrs: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn prop<'a>(props: &'a [(&'static str, JsValue)], name: &str) -> Option<&'a JsValue> {
    props
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_null() && !v.is_undefined())
}

/// HTML boolean attribute: present means true; the literal `"false"` is
/// accepted as false because some frameworks stringify booleans.
fn flag(attrs: &[(&'static str, String)], name: &str) -> bool {
    attr(attrs, name).is_some_and(|v| v != "false")
}

impl ElementInputs {
    /// Derives the typed inputs of a `kind` element.
    pub fn derive(
        kind: ElementKind,
        attrs: &[(&'static str, String)],
        props: &[(&'static str, JsValue)],
    ) -> Self {
        match kind {
            ElementKind::Provider => {
                let apis = HostApis::new(
                    prop(props, "coderAuthApi"),
                    prop(props, "discoveryApi"),
                    prop(props, "identityApi"),
                    prop(props, "configApi"),
                );
                Self::Provider(ProviderInputs {
                    config: provider_config(attrs, props, &apis),
                    apis,
                    fallback: FallbackMode::parse(attr(attrs, "fallback-auth-ui-mode")),
                })
            }
            ElementKind::Part(part) => Self::Part(Rc::new(part_inputs(part, attrs, props))),
            ElementKind::Card | ElementKind::CardRoot => {
                let defaults = CardInputs::default();
                Self::Card(Rc::new(CardInputs {
                    header_text: attr(attrs, "header-text")
                        .filter(|t| !t.trim().is_empty())
                        .map_or(defaults.header_text, str::to_owned),
                    read_entity_data: flag(attrs, "read-entity-data"),
                    default_query: attr(attrs, "default-query")
                        .map_or(defaults.default_query, str::to_owned),
                    query_filter: attr(attrs, "query-filter").map(str::to_owned),
                    entity: entity(attrs, props),
                }))
            }
            ElementKind::Settings => Self::Settings,
        }
    }

    /// The provider inputs (`None` for other kinds).
    pub fn provider(&self) -> Option<&ProviderInputs> {
        match self {
            Self::Provider(inputs) => Some(inputs),
            _ => None,
        }
    }

    /// The part inputs (defaults for other kinds).
    pub fn part(&self) -> Rc<PartInputs> {
        match self {
            Self::Part(inputs) => inputs.clone(),
            _ => Rc::default(),
        }
    }

    /// The card inputs (defaults for other kinds).
    pub fn card(&self) -> Rc<CardInputs> {
        match self {
            Self::Card(inputs) => inputs.clone(),
            _ => Rc::default(),
        }
    }
}

/// A part's inputs; each part reads only its own.
fn part_inputs(
    kind: PartKind,
    attrs: &[(&'static str, String)],
    props: &[(&'static str, JsValue)],
) -> PartInputs {
    let text = |name: &str| attr(attrs, name).map(str::to_owned);
    let defaults = PartInputs::default();
    PartInputs {
        header_text: text("header-text").filter(|t| !t.trim().is_empty()),
        header_level: header_level(attr(attrs, "header-level")),
        repo_filter_text: text("active-repo-filtering-text"),
        custom_items: flag(attrs, "custom-items"),
        // On unless turned off: upstream's props default to true.
        entity_reminder: attr(attrs, "can-show-entity-reminder") != Some("false"),
        template_reminder: attr(attrs, "can-show-template-name-reminder") != Some("false"),
        tooltip_text: text("tooltip-text").filter(|t| !t.trim().is_empty()),
        src: text("src").filter(|t| !t.trim().is_empty()),
        workspace_name: text("workspace-name"),
        workspace: match kind {
            PartKind::WorkspacesListItem => prop(props, "workspace").map(workspace),
            _ => defaults.workspace,
        },
    }
}

/// The `workspace` property, read as Coder's JSON (through its JSON text:
/// one reader for the API's answers and the page's objects).
fn workspace(value: &JsValue) -> Result<Rc<Workspace>, String> {
    let not_one = || {
        "The workspace property is not a Coder workspace object (with id, name, owner_name          and latest_build)."
            .to_owned()
    };
    if !value.is_object() {
        return Err(not_one());
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(not_one)?;
    match Workspace::from_json(&text) {
        Some(ws) if !ws.id.is_empty() && !ws.name.is_empty() => Ok(Rc::new(ws)),
        _ => Err(not_one()),
    }
}

/// The `appConfig` property wins over the `app-config` YAML attribute;
/// without either, the Backstage app config's `coder:` block (through the
/// `configApi` property) is the app config, as in upstream's examples.
fn provider_config(
    attrs: &[(&'static str, String)],
    props: &[(&'static str, JsValue)],
    apis: &HostApis,
) -> ConfigState {
    if let Some(value) = prop(props, "appConfig") {
        let parsed = CoderAppConfig::from_tree(value.clone());
        return match parsed {
            Ok(config) => ConfigState::Ready(Rc::new(config)),
            Err(err) => ConfigState::Invalid(err.in_input("appConfig")),
        };
    }
    match attr(attrs, "app-config") {
        Some(text) => match yaml_app_config(text) {
            Ok(config) => ConfigState::Ready(Rc::new(config)),
            Err(err) => ConfigState::Invalid(err),
        },
        None => match apis.config.as_ref().and_then(|c| c.value("coder")) {
            Some(coder) => match CoderAppConfig::from_tree(coder) {
                Ok(config) => ConfigState::Ready(Rc::new(config)),
                Err(err) => ConfigState::Invalid(err.under("coder").in_input("app-config")),
            },
            None => ConfigState::Missing,
        },
    }
}

/// The `entity` property wins over the `catalog-info` YAML attribute.
fn entity(attrs: &[(&'static str, String)], props: &[(&'static str, JsValue)]) -> EntityInput {
    if let Some(value) = prop(props, "entity") {
        return match Entity::from_tree(value.clone()) {
            Ok(entity) => EntityInput::Ready(Rc::new(entity)),
            Err(err) => EntityInput::Invalid(err.in_input("entity")),
        };
    }
    match attr(attrs, "catalog-info") {
        Some(text) => match yaml_entity(text) {
            Ok(entity) => EntityInput::Ready(Rc::new(entity)),
            Err(err) => EntityInput::Invalid(err),
        },
        None => EntityInput::None,
    }
}

#[cfg(feature = "yaml")]
fn yaml_app_config(text: &str) -> Result<CoderAppConfig, ConfigError> {
    CoderAppConfig::from_yaml_str(text).map_err(|e| e.in_input("app-config"))
}

#[cfg(feature = "yaml")]
fn yaml_entity(text: &str) -> Result<Entity, ConfigError> {
    crate::config::entity_from_catalog_info(text).map_err(|e| e.in_input("catalog-info"))
}

#[cfg(not(feature = "yaml"))]
fn yaml_app_config(_: &str) -> Result<CoderAppConfig, ConfigError> {
    Err(ConfigError::yaml_unsupported("app-config", "appConfig"))
}

#[cfg(not(feature = "yaml"))]
fn yaml_entity(_: &str) -> Result<Entity, ConfigError> {
    Err(ConfigError::yaml_unsupported("catalog-info", "entity"))
}
