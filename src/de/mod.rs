//! The reading layer: every way data gets into the crate's types, and the
//! field readers those types use.
//!
//! - JSON text (Coder's HTTP answers): [`json`], into a [`json::Value`]
//!   that keeps only the members its reader is told to keep.
//! - Tree-shaped values (JS objects from the host page, JSON values in
//!   tests): [`Tree`] gives them one shape of [`Node`], which the config
//!   readers walk by hand.
//! - Any serde deserializer (YAML, and serde_json in tests) through
//!   `from_deserializer` / `track` (with the `yaml` feature), which report
//!   a [`PathError`].
//! - Field readers for `deserialize_with`: [`lenient`] for data we do not
//!   control, [`strict`] for configuration we check.
//!
//! This is the bottom floor: it uses nothing else of the crate, so every
//! other module may use it.

#[cfg(target_arch = "wasm32")]
mod js;
pub mod json;
mod kind;
pub mod lenient;
mod limits;
mod path;
pub mod strict;
mod tree;

pub use kind::{ByKind, Kind, ReadByKind};
pub use limits::MAX_DEPTH;
pub use path::PathError;
#[cfg(any(test, feature = "yaml"))]
pub use path::{from_deserializer, track};
pub use tree::{Node, Tree};
