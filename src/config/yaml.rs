//! YAML text input (cargo feature `yaml`): an `app-config.yaml` and a
//! `catalog-info.yaml`.
//!
//! serde_yaml is only named in this file, so swapping it for a maintained
//! fork is a one-line change here and in Cargo.toml.
//!
//! Parsing runs in two passes over at most [`MAX_YAML_BYTES`] of text:
//! 1. a probe that only looks at the shape of each document (is it a mapping,
//!    its `kind`, whether it has `coder:` / `spec.coder:`). Any error here is
//!    a syntax error, an alias bomb, or a non-mapping document, which keeps
//!    the error kinds exact;
//! 2. the typed deserialization of the chosen document, whose errors carry
//!    the field path and the line/column of the offending value.

use super::app::{CoderAppConfig, RawAppConfig};
use super::entity::Entity;
use super::error::{ConfigError, ErrorKind, Location};
use crate::de::lenient::LenientString;
use crate::de::strict::{mapping, Root};
use crate::de::{track, ByKind, Kind, PathError, ReadByKind, MAX_DEPTH};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess};
use serde::Deserialize as DeriveDeserialize;
use std::cell::Cell;
use std::fmt;

/// Parses `catalog-info.yaml` text into the entity the card uses; the same
/// as [`Entity::from_yaml_str`].
pub fn entity_from_catalog_info(text: &str) -> Result<Entity, ConfigError> {
    Entity::from_yaml_str(text)
}

/// Largest YAML text accepted (1 MiB); larger input is refused before parsing
/// so a huge paste cannot stall the page.
pub const MAX_YAML_BYTES: usize = 1024 * 1024;

impl CoderAppConfig {
    /// Parses app configuration YAML: either a Backstage `app-config.yaml`
    /// with a top-level `coder:` key (other keys are ignored), or the bare
    /// shape with `deployment:` / `workspaces:` at the top.
    pub fn from_yaml_str(text: &str) -> Result<Self, ConfigError> {
        check_size(text)?;
        let probes = probe_documents(text)?;
        let mut documents = probes
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)));
        let (index, probe) = documents.next().ok_or_else(empty_error)?;
        // Unlike catalog-info files, an app config is one document: a
        // second one is a paste mistake, and picking either would hide it.
        if documents.next().is_some() {
            let mut msg = String::from("the app config holds ");
            msg.push_str(&probes.iter().flatten().count().to_string());
            msg.push_str(
                " YAML documents (separated by `---`); keep only the one with the Coder settings",
            );
            return Err(ConfigError::new(ErrorKind::Syntax, "", msg));
        }
        let doc = nth_document(text, index)?;
        if probe.has_coder_key {
            let wrapped: Wrapped = track(doc).map_err(typed_error)?;
            wrapped.coder.finish("coder")
        } else {
            let Root(raw): Root<RawAppConfig> = track(doc).map_err(typed_error)?;
            raw.finish("")
        }
    }
}

impl Entity {
    /// Parses `catalog-info.yaml` text, which may hold several entities
    /// separated by `---`. The entity used is the first with a `spec.coder`
    /// block, else the first `kind: Component`, else the first document.
    /// Empty documents are skipped; any other non-mapping document is an
    /// error.
    pub fn from_yaml_str(text: &str) -> Result<Self, ConfigError> {
        check_size(text)?;
        let probes = probe_documents(text)?;
        let mappings = || {
            probes
                .iter()
                .enumerate()
                .filter_map(|(i, p)| p.as_ref().map(|p| (i, p)))
        };
        let index = mappings()
            .find(|(_, p)| p.has_spec_coder)
            .or_else(|| mappings().find(|(_, p)| p.kind.as_deref() == Some("Component")))
            .or_else(|| mappings().next())
            .map(|(i, _)| i)
            .ok_or_else(empty_error)?;
        track(nth_document(text, index)?)
            .map(|Root(entity)| entity)
            .map_err(typed_error)
    }
}

/// A Backstage app-config: only the `coder:` key is read.
#[derive(DeriveDeserialize)]
struct Wrapped {
    #[serde(deserialize_with = "mapping")]
    coder: RawAppConfig,
}

fn check_size(text: &str) -> Result<(), ConfigError> {
    // No byte count in the message: an element hands over only the first
    // MiB and a bit of a longer attribute (see `element::handle`).
    if text.len() > MAX_YAML_BYTES {
        return Err(ConfigError::new(
            ErrorKind::TooLarge,
            "",
            "the YAML text is over the limit of 1 MiB (1048576 bytes); keep only the Coder configuration",
        ));
    }
    if flow_depth(text) > MAX_DEPTH {
        return Err(ConfigError::new(
            ErrorKind::TooComplex,
            "",
            "the YAML nests [ ] or { } more than 128 levels deep; no Coder setting needs that, so it looks pasted by mistake",
        ));
    }
    Ok(())
}

/// The deepest nesting of `[` and `{` in the text. serde_yaml's scanner
/// takes time quadratic in flow nesting depth before its recursion limit
/// applies (100,000 levels, 200 KB of text, froze a page for ~50 s), so deep
/// nesting is refused before it gets the text. Brackets in quotes, comments
/// and plain scalars count too: skipping them would need a YAML scanner of
/// our own (and a stray quote would let a bomb through), and only text with
/// over 128 unclosed brackets could be refused wrongly.
fn flow_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for &b in text.as_bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn empty_error() -> ConfigError {
    ConfigError::new(
        ErrorKind::NotAMapping,
        "",
        "the YAML text is empty; expected a mapping such as `deployment: { accessUrl: https://coder.example.com }`",
    )
}

/// The document pass 1 chose. It always exists (the same text parses the
/// same way twice); the error only keeps this path panic-free.
fn nth_document(text: &str, index: usize) -> Result<serde_yaml::Deserializer<'_>, ConfigError> {
    serde_yaml::Deserializer::from_str(text)
        .nth(index)
        .ok_or_else(empty_error)
}

/// What pass 1 learned about one document; `None` for an empty document.
struct Probe {
    kind: Option<String>,
    has_spec_coder: bool,
    has_coder_key: bool,
}

fn probe_documents(text: &str) -> Result<Vec<Option<Probe>>, ConfigError> {
    let mut out = Vec::new();
    for doc in serde_yaml::Deserializer::from_str(text) {
        let not_mapping = Cell::new(false);
        let probe = DocProbe {
            not_mapping: &not_mapping,
        }
        .deserialize(doc)
        .map_err(|e| probe_error(&e, not_mapping.get()))?;
        out.push(probe);
    }
    Ok(out)
}

/// Classifies a pass-1 error: we raised non-mapping errors ourselves (and
/// flagged them); serde_yaml's limits show up by message; the rest is syntax.
fn probe_error(err: &serde_yaml::Error, not_mapping: bool) -> ConfigError {
    let location = location(err);
    let text = strip_location(err.to_string(), location);
    let (kind, message) = if not_mapping {
        (ErrorKind::NotAMapping, text)
    } else if is_limit(&text) {
        (ErrorKind::TooComplex, String::from(TOO_COMPLEX))
    } else {
        let mut m = String::from("invalid YAML: ");
        m.push_str(&text);
        m.push_str("; check indentation, colons and quotes there");
        (ErrorKind::Syntax, m)
    };
    ConfigError::new(kind, "", message).at(location)
}

const TOO_COMPLEX: &str = "the YAML expands too many aliases (*name) or nests too deeply; write the values out instead of reusing anchors";

/// serde_yaml's guards against alias bombs and stack exhaustion.
fn is_limit(message: &str) -> bool {
    message.contains("repetition limit exceeded") || message.contains("recursion limit exceeded")
}

/// Converts a pass-2 error: path from [`track`], position from serde_yaml,
/// and the message without serde_yaml's own path and position.
fn typed_error((path, inner): (String, serde_yaml::Error)) -> ConfigError {
    let location = location(&inner);
    let mut message = strip_location(inner.to_string(), location);
    if !path.is_empty() {
        let mut prefix = path.clone();
        prefix.push_str(": ");
        if let Some(rest) = message.strip_prefix(&prefix) {
            message = rest.to_owned();
        }
    }
    if is_limit(&message) {
        // Pass 1 expands everything, so this is not expected; kept exact anyway.
        return ConfigError::new(ErrorKind::TooComplex, "", TOO_COMPLEX).at(location);
    }
    ConfigError::from_path_error(PathError::new(path, message)).at(location)
}

fn location(err: &serde_yaml::Error) -> Option<Location> {
    err.location().map(|l| Location {
        line: l.line(),
        column: l.column(),
    })
}

/// serde_yaml appends " at line L column C"; we report the location apart.
fn strip_location(mut text: String, location: Option<Location>) -> String {
    if let Some(loc) = location {
        let suffix = [
            " at line ",
            &loc.line.to_string(),
            " column ",
            &loc.column.to_string(),
        ]
        .concat();
        if text.ends_with(&suffix) {
            text.truncate(text.len() - suffix.len());
        }
    }
    text
}

/// Pass-1 reader for one document.
struct DocProbe<'a> {
    not_mapping: &'a Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for DocProbe<'_> {
    type Value = Option<Probe>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ByKind(self))
    }
}

impl DocProbe<'_> {
    fn refuse<E: de::Error>(&self, found: &str) -> E {
        self.not_mapping.set(true);
        let mut msg =
            String::from("expected the document to be a mapping (key: value lines), found ");
        msg.push_str(found);
        E::custom(msg)
    }
}

impl<'de> ReadByKind<'de> for DocProbe<'_> {
    type Value = Option<Probe>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Self::Value, E> {
        match kind {
            Kind::Null => Ok(None),
            _ => Err(self.refuse(kind.noun())),
        }
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut probe = Probe {
            kind: None,
            has_spec_coder: false,
            has_coder_key: false,
        };
        while let Some(LenientString(key)) = map.next_key()? {
            match key.as_deref() {
                Some("kind") => probe.kind = map.next_value::<LenientString>()?.0,
                Some("spec") => probe.has_spec_coder = map.next_value::<SpecProbe>()?.0,
                Some("coder") => probe.has_coder_key = !map.next_value::<Walk>()?.0,
                _ => {
                    map.next_value::<Walk>()?;
                }
            }
        }
        Ok(Some(probe))
    }

    fn tagged<A: de::EnumAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(self.refuse("a tagged value"))
    }
}

/// Whether a `spec` mapping has a non-null `coder` key.
struct SpecProbe(bool);

impl<'de> de::Deserialize<'de> for SpecProbe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ByKind(SpecProbeReader))
    }
}

struct SpecProbeReader;

impl<'de> ReadByKind<'de> for SpecProbeReader {
    type Value = SpecProbe;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("anything")
    }

    fn other<E: de::Error>(self, _: Kind<'_>) -> Result<SpecProbe, E> {
        Ok(SpecProbe(false))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<SpecProbe, A::Error> {
        let mut found = false;
        while let Some(LenientString(key)) = map.next_key()? {
            if key.as_deref() == Some("coder") {
                found |= !map.next_value::<Walk>()?.0;
            } else {
                map.next_value::<Walk>()?;
            }
        }
        Ok(SpecProbe(found))
    }

    fn list<A: de::SeqAccess<'de>>(self, seq: A) -> Result<SpecProbe, A::Error> {
        WalkReader.list(seq).map(|_| SpecProbe(false))
    }

    fn tagged<A: de::EnumAccess<'de>>(self, data: A) -> Result<SpecProbe, A::Error> {
        WalkReader.tagged(data).map(|_| SpecProbe(false))
    }
}

/// Visits every node of a value, expanding aliases on the way, so that pass 1
/// trips serde_yaml's repetition and recursion limits wherever an alias bomb
/// hides (`IgnoredAny` would skip aliases unexpanded, and a bomb in a field
/// we read would then only go off in pass 2). `.0` is true for null.
struct Walk(bool);

impl<'de> de::Deserialize<'de> for Walk {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ByKind(WalkReader))
    }
}

struct WalkReader;

impl<'de> ReadByKind<'de> for WalkReader {
    type Value = Walk;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn other<E: de::Error>(self, kind: Kind<'_>) -> Result<Walk, E> {
        Ok(Walk(matches!(kind, Kind::Null)))
    }

    fn list<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Walk, A::Error> {
        while seq.next_element::<Walk>()?.is_some() {}
        Ok(Walk(false))
    }

    fn map<A: MapAccess<'de>>(self, mut map: A) -> Result<Walk, A::Error> {
        while map.next_entry::<Walk, Walk>()?.is_some() {}
        Ok(Walk(false))
    }

    fn tagged<A: de::EnumAccess<'de>>(self, data: A) -> Result<Walk, A::Error> {
        use de::VariantAccess;
        let (Walk(_), variant) = data.variant::<Walk>()?;
        variant.newtype_variant::<Walk>().map(|_| Walk(false))
    }
}
