//! String rules of the configuration that go beyond "a strict string" (see
//! [`crate::de::strict`]): blank means absent, and parameter names are
//! never empty.

use crate::de::strict::{validated, StrictString};
use serde::de::{Deserialize, Deserializer};

/// What is wrong with an empty parameter name, in `params` keys and in
/// `repoUrlParamKeys` alike.
pub(crate) const EMPTY_PARAM_NAME: &str =
    "a parameter name is empty; use the name of a template parameter, e.g. repo_url";

/// A non-empty strict string (parameter names).
pub(crate) struct NonEmptyString(pub String);

impl<'de> Deserialize<'de> for NonEmptyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        validated(d, |v| {
            if v.is_empty() {
                Err(String::from(EMPTY_PARAM_NAME))
            } else {
                Ok(NonEmptyString(v.to_owned()))
            }
        })
    }
}

/// Deserializes an optional strict string; empty or blank strings count as
/// absent, so that `templateName: ""` falls back to the app default instead
/// of producing a template-less creation URL.
pub(crate) fn opt_nonblank<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<StrictString>::deserialize(d)?;
    Ok(value.map(|s| s.0).filter(|s| !s.trim().is_empty()))
}
