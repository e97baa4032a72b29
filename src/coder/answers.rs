//! The answers of the Coder routes the workspace actions use: a new build,
//! a template, a version's parameters, a build's parameters, the regions
//! (for the wildcard app host) and the permission check. Read as
//! tolerantly as the workspace list, but a build or a template without its
//! id is not Coder's answer.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;
use std::fmt;

use crate::de::lenient;

/// `POST /api/v2/workspaces/{id}/builds` → 201 `WorkspaceBuild`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct NewBuild {
    /// The build's UUID: the run follows the workspace until this build settles.
    #[serde(deserialize_with = "lenient::string")]
    pub id: String,
}

/// `GET /api/v2/templates/{id}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct Template {
    /// The version new builds should use.
    #[serde(deserialize_with = "lenient::string")]
    pub active_version_id: String,
}

/// One of `GET /api/v2/templateversions/{id}/rich-parameters`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct VersionParameter {
    /// Parameter name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
    /// Shown name, if any.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub display_name: Option<String>,
    /// A build must give it a value (it has no default).
    #[serde(deserialize_with = "lenient::flag")]
    pub required: bool,
}

/// One of `GET /api/v2/workspacebuilds/{id}/parameters`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct BuildParameter {
    /// Parameter name.
    #[serde(deserialize_with = "lenient::string")]
    pub name: String,
}

/// A JSON list at the top of a document (`null` reads as none; elements
/// that are not objects are dropped; anything else is not the answer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct List<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::required_list_of_maps(d).map(List)
    }
}

/// `GET /api/v2/regions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct Regions {
    /// The deployment's regions; the first is the primary one.
    #[serde(deserialize_with = "lenient::list_of_maps")]
    pub regions: Vec<Region>,
}

/// A region: where its apps are served.
#[derive(Debug, Clone, Default, PartialEq, Eq, DeriveDeserialize)]
#[serde(default)]
pub struct Region {
    /// `*.apps.example.com[:port]`, or `None` without subdomain apps.
    #[serde(deserialize_with = "lenient::opt_nonempty")]
    pub wildcard_hostname: Option<String>,
}

impl Regions {
    /// The primary region's wildcard host, if it has one.
    pub fn wildcard(&self) -> Option<&str> {
        self.regions.first()?.wildcard_hostname.as_deref()
    }
}

/// `POST /api/v2/authcheck` → `{ "<check>": true|false, … }`: the checks
/// answered `true` (anything but a JSON `true` is a refusal).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Allowed(pub Vec<(String, bool)>);

impl<'de> Deserialize<'de> for Allowed {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AllowedVisitor)
    }
}

struct AllowedVisitor;

impl<'de> Visitor<'de> for AllowedVisitor {
    type Value = Allowed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of booleans")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Allowed, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            out.push((key, map.next_value::<Flag>()?.0));
        }
        Ok(Allowed(out))
    }
}

struct Flag(bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::flag(d).map(Flag)
    }
}
