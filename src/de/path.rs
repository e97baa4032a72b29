//! The one error of the path-tracking readers: what went wrong, and at
//! which field, as a dotted path (`workspaces.params.region`,
//! `repoUrlParamKeys[1]`). The tree reader builds it directly; the YAML
//! reader through [`track`].

use serde::de;
use std::fmt;

/// A deserialization error and the path of the field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// `None` until the error passes a node that can name itself: a
    /// visitor's error knows nothing of where it is.
    path: Option<String>,
    message: String,
}

impl PathError {
    /// An error about the field at `path` (`""` for the root).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PathError {
            path: Some(path.into()),
            message: message.into(),
        }
    }

    /// The dotted path of the offending field, `""` for the root.
    pub fn path(&self) -> &str {
        self.path.as_deref().unwrap_or("")
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl de::Error for PathError {
    fn custom<M: fmt::Display>(message: M) -> Self {
        PathError {
            path: None,
            message: message.to_string(),
        }
    }

    fn invalid_type(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid type: {}, expected {}",
            Described(unexpected),
            expected
        ))
    }

    fn invalid_value(unexpected: de::Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Self::custom(format_args!(
            "invalid value: {}, expected {}",
            Described(unexpected),
            expected
        ))
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.path.as_deref().filter(|p| !p.is_empty()) {
            f.write_str(path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for PathError {}

/// serde's wording for an unexpected value, except that a float is not
/// printed: Rust's float formatting would add ~14 KB to the wasm for error
/// messages alone.
struct Described<'a>(de::Unexpected<'a>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use de::Unexpected as U;
        match self.0 {
            U::Bool(b) => write!(f, "boolean `{b}`"),
            U::Unsigned(n) => write!(f, "integer `{n}`"),
            U::Signed(n) => write!(f, "integer `{n}`"),
            U::Float(_) => f.write_str("floating point number"),
            U::Char(c) => write!(f, "character `{c}`"),
            U::Str(s) => write!(f, "string {s:?}"),
            U::Bytes(_) => f.write_str("byte array"),
            U::Unit => f.write_str("unit value"),
            U::Option => f.write_str("Option value"),
            U::NewtypeStruct => f.write_str("newtype struct"),
            U::Seq => f.write_str("sequence"),
            U::Map => f.write_str("map"),
            U::Enum => f.write_str("enum"),
            U::UnitVariant => f.write_str("unit variant"),
            U::NewtypeVariant => f.write_str("newtype variant"),
            U::TupleVariant => f.write_str("tuple variant"),
            U::StructVariant => f.write_str("struct variant"),
            U::Other(other) => f.write_str(other),
        }
    }
}

/// Reads a `T` from any deserializer (YAML, and JSON in tests), noting the
/// path of the field an error is about. The format's own error comes back
/// whole beside the path, since YAML takes its line and column from it.
/// Through serde_path_to_error: it doubles every visitor's code, which the
/// Backstage bundle (JS values only, read by hand: see `config::tree`)
/// does without.
#[cfg(any(test, feature = "yaml"))]
pub fn track<'de, T, D>(d: D) -> Result<T, (String, D::Error)>
where
    T: de::Deserialize<'de>,
    D: de::Deserializer<'de>,
{
    serde_path_to_error::deserialize(d).map_err(|err| {
        // serde_path_to_error prints the root as `.`; we print nothing.
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, err.into_inner())
    })
}

/// [`track`], with the format's error reduced to its message.
#[cfg(any(test, feature = "yaml"))]
pub fn from_deserializer<'de, T, D>(d: D) -> Result<T, PathError>
where
    T: de::Deserialize<'de>,
    D: de::Deserializer<'de>,
{
    track(d).map_err(|(path, inner)| PathError::new(path, inner.to_string()))
}
