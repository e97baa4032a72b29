//! The app config and entities read from tree-shaped values (JS objects
//! in the browser, JSON values in tests), by hand: the rules and messages
//! are the serde readers' that YAML goes through (every config test reads
//! its case both ways and requires the same answer), but serde's derive
//! over a path-tracking tree reader cost 16 KB gzip of the Backstage wasm,
//! where JS objects are the only input.
//!
//! A value the JS side cannot express as data (a function, a symbol, an
//! object whose properties throw) is refused in the strict blocks and
//! absent in the tolerant ones, like any other odd value.

use super::app::{
    check_param_key, keys_as_list, keys_found, AccessUrl, CoderAppConfig, ParamKeys,
    WorkspacesConfig, APP_EXPECTED, DEPLOYMENT_EXPECTED, WORKSPACES_EXPECTED,
};
use super::entity::{Entity, EntityCoderConfig, EntityMetadata, EntitySpec};
use super::error::{join_path, ConfigError, ErrorKind};
use super::mode::CreationMode;
use super::params::{Params, A_LIST, NOT_A_MAPPING};
use super::strings::EMPTY_PARAM_NAME;
use crate::de::strict::{expected_found, not_a_string, number_text, Block, NULL_NOT_A_STRING};
use crate::de::{Node, Tree};

type Read<T> = Result<T, ConfigError>;

fn invalid(path: &str, message: impl Into<String>) -> ConfigError {
    ConfigError::new(ErrorKind::Invalid, path, message)
}

/// `parent[index]`.
fn index_path(parent: &str, index: usize) -> String {
    let mut path = String::from(parent);
    path.push('[');
    path.push_str(&index.to_string());
    path.push(']');
    path
}

/// What a node is, in "found …" messages.
fn noun<S>(node: &Node<S>) -> &'static str {
    match node {
        Node::Null => "nothing (null)",
        Node::Bool(_) => "a boolean",
        Node::Number(_) => "a number",
        Node::Text(_) => "a string",
        Node::List(_) => "a list",
        Node::Map(_) => "a mapping",
        Node::Unsupported(what) => what,
    }
}

/// The string at `path`, or what the strict readers say of anything else.
fn strict_string<S>(node: Node<S>, path: &str) -> Read<String> {
    let message = match node {
        Node::Text(text) => return Ok(text),
        Node::Null => NULL_NOT_A_STRING.to_owned(),
        Node::Bool(b) => not_a_string("a boolean", Some(if b { "true" } else { "false" })),
        Node::Number(n) => not_a_string("a number", Some(&number_text(n))),
        other => not_a_string(noun(&other), None),
    };
    Err(invalid(path, message))
}

/// A string checked by `check`, which says what is wrong with it.
fn validated<S, T>(node: Node<S>, path: &str, check: fn(&str) -> Result<T, String>) -> Read<T> {
    check(&strict_string(node, path)?).map_err(|m| invalid(path, m))
}

/// `None` for null, else `read` of the node.
fn optional<S, T>(
    node: Node<S>,
    path: &str,
    read: fn(Node<S>, &str) -> Read<T>,
) -> Read<Option<T>> {
    match node {
        Node::Null => Ok(None),
        node => read(node, path).map(Some),
    }
}

/// A block that must be a mapping: its entries, `None` for null.
fn block<S>(node: Node<S>, path: &str, expected: &str) -> Read<Option<Vec<(String, S)>>> {
    match node {
        Node::Map(entries) => Ok(Some(entries)),
        Node::Null => Ok(None),
        other => Err(invalid(path, expected_found(expected, noun(&other)))),
    }
}

/// A block required at the top: null is refused too.
fn root<S>(node: Node<S>, expected: &str) -> Read<Vec<(String, S)>> {
    block(node, "", expected)?
        .ok_or_else(|| invalid("", expected_found(expected, "nothing (null)")))
}

/// A template name or the like: blank is absent.
fn nonblank<S>(node: Node<S>, path: &str) -> Read<Option<String>> {
    let text = optional(node, path, strict_string)?;
    Ok(text.filter(|t| !t.trim().is_empty()))
}

fn mode<S>(node: Node<S>, path: &str) -> Read<Option<CreationMode>> {
    optional(node, path, |node, path| {
        validated(node, path, |v| {
            CreationMode::parse(v).ok_or_else(|| CreationMode::unknown(v))
        })
    })
}

fn params<S: Tree>(node: Node<S>, path: &str) -> Read<Params> {
    let entries = match node {
        Node::Null => return Ok(Params::new()),
        Node::Map(entries) => entries,
        Node::List(_) => return Err(invalid(path, A_LIST)),
        _ => return Err(invalid(path, NOT_A_MAPPING)),
    };
    let mut params = Params::new();
    for (key, value) in entries {
        if key.is_empty() {
            return Err(invalid(path, EMPTY_PARAM_NAME));
        }
        let value = strict_string(value.node(), &join_path(path, &key))?;
        params.insert(key, value);
    }
    Ok(params)
}

fn param_keys<S: Tree>(node: Node<S>, path: &str) -> Read<ParamKeys> {
    let items = match node {
        Node::Null => return Ok(ParamKeys::default()),
        Node::List(items) => items,
        Node::Text(name) => return Err(invalid(path, keys_as_list(&name))),
        other => return Err(invalid(path, keys_found(noun(&other)))),
    };
    let mut keys: Vec<String> = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let key = validated(item.node(), &index_path(path, index), |k| {
            check_param_key(k).map(|k| k.0)
        })?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(ParamKeys(keys))
}

fn workspaces<S: Tree>(entries: Vec<(String, S)>, path: &str) -> Read<WorkspacesConfig> {
    let mut config = WorkspacesConfig::default();
    for (key, value) in entries {
        let at = join_path(path, &key);
        match key.as_str() {
            "defaultTemplateName" => config.default_template_name = nonblank(value.node(), &at)?,
            "defaultMode" => config.default_mode = mode(value.node(), &at)?,
            "repoUrlParamKeys" => config.repo_url_param_keys = param_keys(value.node(), &at)?,
            "params" => config.params = params(value.node(), &at)?,
            _ => {}
        }
    }
    Ok(config)
}

impl CoderAppConfig {
    /// Reads the configuration from a tree-shaped value (a JS object in the
    /// browser). Errors name the field path, as with `from_deserializer`.
    pub fn from_tree<S: Tree>(tree: S) -> Result<Self, ConfigError> {
        let (mut access_url, mut workspaces_block) = (None, None);
        for (key, value) in root(tree.node(), APP_EXPECTED)? {
            match key.as_str() {
                "deployment" => {
                    let deployment = block(value.node(), "deployment", DEPLOYMENT_EXPECTED)?;
                    for (key, value) in deployment.into_iter().flatten() {
                        if key == "accessUrl" {
                            let path = "deployment.accessUrl";
                            access_url = optional(value.node(), path, |node, path| {
                                validated(node, path, AccessUrl::parse)
                            })?;
                        }
                    }
                }
                "workspaces" => {
                    workspaces_block = match block(value.node(), "workspaces", WORKSPACES_EXPECTED)?
                    {
                        Some(entries) => Some(workspaces(entries, "workspaces")?),
                        None => None,
                    };
                }
                _ => {}
            }
        }
        CoderAppConfig::assemble(access_url, workspaces_block, "")
    }
}

/// A string, or nothing for anything else (what Backstage and other
/// plugins own is read tolerantly).
fn lenient_string<S>(node: Node<S>) -> Option<String> {
    match node {
        Node::Text(text) => Some(text),
        _ => None,
    }
}

/// A mapping's entries, or none for anything else.
fn lenient_entries<S>(node: Node<S>) -> Vec<(String, S)> {
    match node {
        Node::Map(entries) => entries,
        _ => Vec::new(),
    }
}

fn coder_block<S: Tree>(entries: Vec<(String, S)>) -> Read<EntityCoderConfig> {
    let mut coder = EntityCoderConfig::default();
    for (key, value) in entries {
        let at = join_path("spec.coder", &key);
        match key.as_str() {
            "templateName" => coder.template_name = nonblank(value.node(), &at)?,
            "mode" => coder.mode = mode(value.node(), &at)?,
            "params" => coder.params = params(value.node(), &at)?,
            _ => {}
        }
    }
    Ok(coder)
}

impl Entity {
    /// Reads an entity from a tree-shaped value (a JS entity object in the
    /// browser). Errors name the field path.
    pub fn from_tree<S: Tree>(tree: S) -> Result<Self, ConfigError> {
        let mut entity = Entity::default();
        for (key, value) in root(tree.node(), Entity::EXPECTED)? {
            match key.as_str() {
                "kind" => entity.kind = lenient_string(value.node()),
                "metadata" => {
                    let mut metadata = EntityMetadata::default();
                    for (key, value) in lenient_entries(value.node()) {
                        match key.as_str() {
                            "name" => metadata.name = lenient_string(value.node()),
                            "annotations" => {
                                metadata.annotations = Params::new();
                                for (key, value) in lenient_entries(value.node()) {
                                    if let Some(value) = lenient_string(value.node()) {
                                        metadata.annotations.insert(key, value);
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    entity.metadata = metadata;
                }
                "spec" => {
                    let mut spec = EntitySpec::default();
                    for (key, value) in lenient_entries(value.node()) {
                        if key == "coder" {
                            spec.coder = match block(
                                value.node(),
                                "spec.coder",
                                EntityCoderConfig::EXPECTED,
                            )? {
                                Some(entries) => Some(coder_block(entries)?),
                                None => None,
                            };
                        }
                    }
                    entity.spec = spec;
                }
                _ => {}
            }
        }
        Ok(entity)
    }
}
