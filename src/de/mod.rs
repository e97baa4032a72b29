//! The reading layer: every way data gets into the crate's types, and the
//! field readers those types use.
//!
//! - JSON text (Coder's HTTP answers): [`json`], straight into the target
//!   types without a tree in between.
//! - Tree-shaped values (JS objects from the host page, JSON values in
//!   tests): [`from_tree`], with the path of a bad field in its
//!   [`PathError`].
//! - Any other deserializer (YAML, and serde_json in tests) through
//!   `from_deserializer` / `track` (with the `yaml` feature), which report
//!   the same [`PathError`].
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
pub use tree::{from_tree, Node, Tree};
