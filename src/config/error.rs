//! The one error type of the configuration module.
//!
//! Every message names the field it is about (as a dotted path such as
//! `workspaces.defaultMode`), says what is wrong and how to fix it, and, when
//! the input was YAML text, where in the text the problem is.

#[cfg(any(test, feature = "yaml"))]
use crate::de::PathError;
use std::fmt;

/// What kind of problem a [`ConfigError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A required field is absent (only `deployment.accessUrl` is required).
    Missing,
    /// A field is present but has the wrong type or a value we refuse.
    Invalid,
    /// The YAML text could not be parsed at all.
    Syntax,
    /// The YAML document (or the JS value) is not a mapping / object.
    NotAMapping,
    /// The YAML text is larger than `MAX_YAML_BYTES` (1 MiB).
    TooLarge,
    /// The YAML expands too many aliases or nests too deeply (alias bombs).
    TooComplex,
    /// YAML text was given to a build without the `yaml` feature.
    Unsupported,
}

/// A position in YAML text, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number, starting at 1.
    pub column: usize,
}

/// A configuration problem: what is wrong, where, and how to fix it.
///
/// `Display` renders `[in <input>: ]<path>: <message> (line L, column C)`;
/// the input is shown when set with [`in_input`](Self::in_input), the path is
/// left out when the problem is about the document as a whole, the location
/// when the input was not YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    kind: ErrorKind,
    input: Option<String>,
    path: String,
    message: String,
    location: Option<Location>,
}

impl ConfigError {
    /// Builds an error. `path` is the dotted field path, empty for the root.
    pub fn new(kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            kind,
            input: None,
            path: path.into(),
            message: message.into(),
            location: None,
        }
    }

    /// A required field is absent; `path` is its dotted path.
    pub fn missing_field(path: impl Into<String>) -> Self {
        ConfigError::new(ErrorKind::Missing, path, "is required")
    }

    /// YAML text was handed to a build compiled without the `yaml` feature:
    /// names the attribute that carried it and the property to use instead.
    pub fn yaml_unsupported(attribute: &str, property: &str) -> Self {
        let mut msg = String::from("the ");
        msg.push_str(attribute);
        msg.push_str(" attribute takes YAML text, which this build does not read; set the ");
        msg.push_str(property);
        msg.push_str(" property (a JavaScript object) instead");
        ConfigError::new(ErrorKind::Unsupported, "", msg)
    }

    /// The same error, naming the input it came from (`appConfig`,
    /// `catalog-info`, ...), for pages with several inputs.
    pub fn in_input(mut self, input: impl Into<String>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// The same error, about a block read from under `prefix` in a larger
    /// document (`coder` in a Backstage app-config): its path starts there.
    pub fn under(mut self, prefix: &str) -> Self {
        self.path = if self.path.is_empty() {
            prefix.to_owned()
        } else {
            join_path(prefix, &self.path)
        };
        self
    }

    /// The input named by [`in_input`](Self::in_input), if any.
    pub fn input(&self) -> Option<&str> {
        self.input.as_deref()
    }

    /// The same error, pinned to a place in the YAML text.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Dotted path of the offending field (`workspaces.params.region`), or
    /// `""` when the problem concerns the whole input.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The message without path and location.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where in the YAML text the problem is, when the input was YAML.
    pub fn location(&self) -> Option<Location> {
        self.location
    }

    /// Converts the error of a serde reader (YAML, any deserializer in
    /// tests): the one way its error becomes ours.
    ///
    /// The inner error's own text becomes the message; formats that already
    /// append positions to their messages keep them, which is harmless.
    #[cfg(any(test, feature = "yaml"))]
    pub(crate) fn from_path_error(err: PathError) -> Self {
        ConfigError::new(ErrorKind::Invalid, err.path(), err.message())
    }
}

/// Joins a parent path and a field name with a dot (no dot for the root).
pub(crate) fn join_path(parent: &str, field: &str) -> String {
    let mut out = String::with_capacity(parent.len() + field.len() + 1);
    if !parent.is_empty() {
        out.push_str(parent);
        out.push('.');
    }
    out.push_str(field);
    out
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(input) = &self.input {
            f.write_str("in ")?;
            f.write_str(input)?;
            f.write_str(": ")?;
        }
        if !self.path.is_empty() {
            f.write_str(&self.path)?;
            f.write_str(": ")?;
        }
        f.write_str(&self.message)?;
        if let Some(loc) = self.location {
            write!(f, " (line {}, column {})", loc.line, loc.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}
