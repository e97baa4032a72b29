//! The part of a Backstage catalog entity the plugin reads:
//! `kind`, `metadata.name`, `metadata.annotations` and `spec.coder`.
//!
//! Everything outside `spec.coder` belongs to Backstage and other plugins, so
//! it is read tolerantly (unknown fields ignored, odd types treated as
//! absent). `spec.coder` is ours and is checked strictly, like the app
//! config: a typo there should be reported, not silently ignored.

#[cfg(any(test, feature = "yaml"))]
use super::error::ConfigError;
use super::mode::CreationMode;
use super::params::Params;
use super::repo::{clean_repo_url, SOURCE_LOCATION_ANNOTATION};
use super::strings::opt_nonblank;
use crate::de::lenient::{self, LenientString};
#[cfg(any(test, feature = "yaml"))]
use crate::de::strict::Root;
use crate::de::strict::{opt_mapping, Block};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;
use std::fmt;

/// A Backstage entity, reduced to what the Coder card needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(
    default,
    expecting = "a Backstage entity (a mapping with kind, metadata and spec)"
)]
pub struct Entity {
    /// `kind`, e.g. `Component`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub kind: Option<String>,
    /// `metadata`.
    #[serde(deserialize_with = "lenient::map_or_default")]
    pub metadata: EntityMetadata,
    /// `spec`.
    #[serde(deserialize_with = "lenient::map_or_default")]
    pub spec: EntitySpec,
}

/// `metadata` of an entity.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct EntityMetadata {
    /// `metadata.name`.
    #[serde(deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    /// `metadata.annotations`; entries whose value is not a string are dropped.
    #[serde(deserialize_with = "lenient_string_map")]
    pub annotations: Params,
}

/// `spec` of an entity; only `coder` is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct EntitySpec {
    /// `spec.coder`, `None` when absent or null.
    #[serde(deserialize_with = "opt_mapping")]
    pub coder: Option<EntityCoderConfig>,
}

/// The `spec.coder` block of a `catalog-info.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(
    default,
    rename_all = "camelCase",
    expecting = "a mapping with templateName, mode and params"
)]
pub struct EntityCoderConfig {
    /// Overrides `workspaces.defaultTemplateName`. Blank counts as absent.
    #[serde(deserialize_with = "opt_nonblank")]
    pub template_name: Option<String>,
    /// Overrides `workspaces.defaultMode`.
    pub mode: Option<CreationMode>,
    /// Merged over `workspaces.params`, key by key.
    pub params: Params,
}

impl Entity {
    /// Reads an entity from any serde deserializer (a `serde_json::Value`,
    /// JSON text). Errors name the field path. Only where the path tracker
    /// is built in, as [`CoderAppConfig::from_deserializer`](super::CoderAppConfig::from_deserializer).
    #[cfg(any(test, feature = "yaml"))]
    pub fn from_deserializer<'de, D: Deserializer<'de>>(d: D) -> Result<Self, ConfigError> {
        crate::de::from_deserializer(d)
            .map(|Root(entity)| entity)
            .map_err(ConfigError::from_path_error)
    }

    /// The raw `backstage.io/source-location` annotation.
    pub fn source_location(&self) -> Option<&str> {
        self.metadata.annotations.get(SOURCE_LOCATION_ANNOTATION)
    }

    /// The cleaned repository URL from the source-location annotation
    /// (see [`clean_repo_url`]).
    pub fn repo_url(&self) -> Option<String> {
        self.source_location().and_then(clean_repo_url)
    }

    /// The `spec.coder` block, if any.
    pub fn coder(&self) -> Option<&EntityCoderConfig> {
        self.spec.coder.as_ref()
    }
}

impl Block for Entity {
    const EXPECTED: &'static str = "a Backstage entity (a mapping with kind, metadata and spec)";
}

impl Block for EntityCoderConfig {
    const EXPECTED: &'static str =
        "a mapping with templateName, mode and params, e.g. { templateName: devcontainers }";
}

/// A string map read tolerantly: non-string keys or values are skipped,
/// a non-mapping is empty.
fn lenient_string_map<'de, D: Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
    d.deserialize_any(LenientMapVisitor)
}

struct LenientMapVisitor;

impl<'de> Visitor<'de> for LenientMapVisitor {
    type Value = Params;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
        let mut out = Params::new();
        while let Some(LenientString(key)) = map.next_key()? {
            let LenientString(value) = map.next_value()?;
            if let (Some(k), Some(v)) = (key, value) {
                out.insert(k, v);
            }
        }
        Ok(out)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_none<E: de::Error>(self) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Params, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Params, E> {
        Ok(Params::new())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Params, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Params::new())
    }
}
