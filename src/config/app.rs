//! The app-wide configuration (`CoderAppConfig`), the same shape as the
//! upstream plugin's `appConfig` prop:
//!
//! ```yaml
//! deployment:
//!   accessUrl: https://dev.coder.com
//! workspaces:
//!   defaultTemplateName: devcontainers
//!   defaultMode: manual
//!   repoUrlParamKeys: [custom_repo, repo_url]
//!   params: { repo: custom, region: eu-helsinki }
//! ```
//!
//! Unknown keys are ignored so a config written for a newer plugin version
//! still loads; every known key is checked strictly.

use super::error::{join_path, ConfigError, ErrorKind};
use super::mode::{push_quoted, CreationMode};
use super::params::Params;
use super::strings::{opt_nonblank, EMPTY_PARAM_NAME};
use super::url::normalize_access_url;
#[cfg(any(test, feature = "yaml"))]
use crate::de::strict::{opt_mapping, Root};
use crate::de::strict::{validated, Block};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;
use std::fmt;

/// Validated app configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoderAppConfig {
    /// `deployment.accessUrl`, normalized (see [`AccessUrl`]).
    pub access_url: AccessUrl,
    /// The `workspaces` block (all optional).
    pub workspaces: WorkspacesConfig,
}

/// The `workspaces` block of the app configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(
    default,
    rename_all = "camelCase",
    expecting = "a mapping with defaultTemplateName, defaultMode, repoUrlParamKeys and params"
)]
pub struct WorkspacesConfig {
    /// Template used when the entity names none. Blank counts as absent.
    #[serde(deserialize_with = "opt_nonblank")]
    pub default_template_name: Option<String>,
    /// Creation mode used when the entity names none.
    pub default_mode: Option<CreationMode>,
    /// Template parameters that receive the entity's repository URL.
    pub repo_url_param_keys: ParamKeys,
    /// Default template parameters.
    pub params: Params,
}

/// A Coder deployment URL: absolute `http(s)`, a host, no credentials, no
/// query or fragment, trailing slashes trimmed, path prefix kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessUrl(String);

impl AccessUrl {
    /// Validates and normalizes `raw`; the error message follows the quoted
    /// value (`"ftp://x" does not use http or https; ...`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        normalize_access_url(raw).map(AccessUrl).map_err(|problem| {
            let mut msg = String::new();
            push_quoted(&mut msg, raw);
            msg.push(' ');
            msg.push_str(problem.describe());
            msg
        })
    }

    /// The normalized URL, without trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AccessUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AccessUrl {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        validated(d, AccessUrl::parse)
    }
}

/// The `repoUrlParamKeys` list: non-empty parameter names that can be put in
/// a Coder search query (`param:"<key>=<url>"`) without breaking out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParamKeys(pub Vec<String>);

impl ParamKeys {
    /// The keys in order.
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for ParamKeys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ParamKeysVisitor)
    }
}

struct ParamKeysVisitor;

const KEYS_EXPECTED: &str = "expected a list of parameter names, e.g. [repo_url]";

/// What `repoUrlParamKeys` says of a single name given as a string.
pub(super) fn keys_as_list(name: &str) -> String {
    let mut msg = String::from(KEYS_EXPECTED);
    msg.push_str("; write the single name as a list: [");
    msg.push_str(name);
    msg.push(']');
    msg
}

/// What `repoUrlParamKeys` says of a value that is neither a list nor a
/// string (`what`: "a boolean", ...).
pub(super) fn keys_found(what: &str) -> String {
    let mut msg = String::from(KEYS_EXPECTED);
    msg.push_str(", found ");
    msg.push_str(what);
    msg
}

impl<'de> Visitor<'de> for ParamKeysVisitor {
    type Value = ParamKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(KEYS_EXPECTED)
    }

    fn visit_unit<E: de::Error>(self) -> Result<ParamKeys, E> {
        Ok(ParamKeys::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<ParamKeys, E> {
        Ok(ParamKeys::default())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<ParamKeys, E> {
        Err(E::custom(keys_found("a boolean")))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<ParamKeys, E> {
        Err(E::custom(keys_found("a number")))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<ParamKeys, E> {
        Err(E::custom(keys_found("a number")))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<ParamKeys, E> {
        Err(E::custom(keys_found("a number")))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<ParamKeys, A::Error> {
        Err(de::Error::custom(keys_found("a mapping")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ParamKeys, E> {
        Err(E::custom(keys_as_list(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ParamKeys, A::Error> {
        let mut keys: Vec<String> = Vec::new();
        while let Some(ParamKey(key)) = seq.next_element()? {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        Ok(ParamKeys(keys))
    }
}

/// One entry of `repoUrlParamKeys`.
pub(super) struct ParamKey(pub(super) String);

impl<'de> Deserialize<'de> for ParamKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        validated(d, check_param_key)
    }
}

pub(super) fn check_param_key(key: &str) -> Result<ParamKey, String> {
    if key.is_empty() {
        return Err(String::from(EMPTY_PARAM_NAME));
    }
    // `"`, `\` and `=` would end the value of `param:"<key>=<url>"` in the
    // Coder search query early; whitespace and control characters are never
    // part of a Coder parameter name.
    if key
        .chars()
        .any(|c| matches!(c, '"' | '\\' | '=') || c.is_whitespace() || c.is_control())
    {
        let mut msg = String::from("parameter name ");
        push_quoted(&mut msg, key);
        msg.push_str(
            " contains a quote, backslash, '=' or whitespace; use the template parameter's name",
        );
        return Err(msg);
    }
    Ok(ParamKey(key.to_owned()))
}

/// The raw shape before the required-field check (the serde readers';
/// the tree reader builds the config itself).
#[cfg(any(test, feature = "yaml"))]
#[derive(Default, DeriveDeserialize)]
#[serde(
    default,
    expecting = "a mapping with deployment and workspaces (the Coder app configuration)"
)]
pub(crate) struct RawAppConfig {
    #[serde(deserialize_with = "opt_mapping")]
    deployment: Option<RawDeployment>,
    #[serde(deserialize_with = "opt_mapping")]
    workspaces: Option<WorkspacesConfig>,
}

pub(super) const APP_EXPECTED: &str =
    "a mapping with deployment and workspaces (the Coder app configuration)";
pub(super) const DEPLOYMENT_EXPECTED: &str =
    "a mapping with accessUrl, e.g. { accessUrl: https://coder.example.com }";
pub(super) const WORKSPACES_EXPECTED: &str =
    "a mapping with defaultTemplateName, defaultMode, repoUrlParamKeys and params";

#[cfg(any(test, feature = "yaml"))]
impl Block for RawAppConfig {
    const EXPECTED: &'static str = APP_EXPECTED;
}

#[cfg(any(test, feature = "yaml"))]
impl Block for RawDeployment {
    const EXPECTED: &'static str = DEPLOYMENT_EXPECTED;
}

impl Block for WorkspacesConfig {
    const EXPECTED: &'static str = WORKSPACES_EXPECTED;
}

#[cfg(any(test, feature = "yaml"))]
#[derive(Default, DeriveDeserialize)]
#[serde(
    default,
    rename_all = "camelCase",
    expecting = "a mapping with accessUrl, e.g. { accessUrl: https://coder.example.com }"
)]
struct RawDeployment {
    access_url: Option<AccessUrl>,
}

#[cfg(any(test, feature = "yaml"))]
impl RawAppConfig {
    /// Checks required fields. `prefix` is the path of this block in the
    /// input (`coder` for a full Backstage app-config, `""` otherwise).
    pub(crate) fn finish(self, prefix: &str) -> Result<CoderAppConfig, ConfigError> {
        CoderAppConfig::assemble(
            self.deployment.and_then(|d| d.access_url),
            self.workspaces,
            prefix,
        )
    }
}

impl CoderAppConfig {
    /// The configuration from its two blocks, once `deployment.accessUrl`
    /// is known to be there.
    pub(super) fn assemble(
        access_url: Option<AccessUrl>,
        workspaces: Option<WorkspacesConfig>,
        prefix: &str,
    ) -> Result<CoderAppConfig, ConfigError> {
        let access_url = access_url.ok_or_else(|| {
                ConfigError::new(
                    ErrorKind::Missing,
                    join_path(prefix, "deployment.accessUrl"),
                    "is required; set it to the URL of your Coder deployment, e.g. https://coder.example.com",
                )
            })?;
        Ok(CoderAppConfig {
            access_url,
            workspaces: workspaces.unwrap_or_default(),
        })
    }
}

impl CoderAppConfig {
    /// The normalized deployment URL as a string (no trailing slash).
    pub fn access_url(&self) -> &str {
        self.access_url.as_str()
    }

    /// Reads the configuration from any serde deserializer (a
    /// `serde_json::Value`, JSON text). Errors name the field path. Only
    /// where the path tracker is built in: the Backstage bundle reads JS
    /// objects with [`from_tree`](Self::from_tree) alone.
    #[cfg(any(test, feature = "yaml"))]
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Self, ConfigError> {
        let Root(raw): Root<RawAppConfig> =
            crate::de::from_deserializer(d).map_err(ConfigError::from_path_error)?;
        raw.finish("")
    }

    /// A configuration with only the access URL set.
    pub fn with_access_url(raw: &str) -> Result<Self, ConfigError> {
        let access_url = AccessUrl::parse(raw)
            .map_err(|m| ConfigError::new(ErrorKind::Invalid, "deployment.accessUrl", m))?;
        Ok(CoderAppConfig {
            access_url,
            workspaces: WorkspacesConfig::default(),
        })
    }
}
